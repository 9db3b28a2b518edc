"""Review progress (`status`, with its per-file cache) and QA over the queue (`check`)."""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Workspace
from pipeline.errors import CatalogError
from pipeline.fileio import atomic_write_text
from pipeline.queue.catalog import (
    count_states,
    entry_lines,
)
from pipeline.queue.locales import read_catalog
from pipeline.queue.qa import Issue, term_requirements
from pipeline.queue.qa import check as qa_check
from pipeline.units.detect import LanguageDetector
from pipeline.units.glossary import Glossary
from pipeline.units.protect import protect

#: the entry states that wait for a translator (machine output and outdated translations)
WAITING_STATES = ("machine", "outdated")


def waiting(counts: Counter) -> int:
    """Entries that wait for a translator's review: the one count status, sync, demo and the
    report give."""
    return sum(counts.get(state, 0) for state in WAITING_STATES)


@dataclass
class StatusReport:
    languages: dict[str, Counter]
    announcements: dict[str, dict[str, Counter]]
    errors: list[str]


def status(workspace: Workspace, targets: Sequence[str], *, use_cache: bool = True) -> StatusReport:
    """Counts per language and announcement, read with the fast scanner.

    Counts of unchanged files (same size and mtime) come from `.vielfalt/status-cache.json`,
    so a large queue is scanned once and then only what translators touched.
    """
    cache_path = workspace.state_dir / "status-cache.json"
    cached: dict[str, list] = {}
    if use_cache:
        try:
            cached = json.loads(cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            cached = {}
        if not isinstance(cached, dict):
            cached = {}
    fresh: dict[str, list] = {}
    languages: dict[str, Counter] = {lang: Counter() for lang in targets}
    per: dict[str, dict[str, Counter]] = {}
    errors: list[str] = []
    for language in targets:
        folder = workspace.paths.locales / language
        if not folder.is_dir():
            continue
        with os.scandir(folder) as found:
            for item in found:
                if not item.name.endswith(".po"):
                    continue
                info = item.stat()
                stamp = [info.st_mtime_ns, info.st_size]
                hit = cached.get(item.path)
                counts: Counter
                if isinstance(hit, list) and _valid_hit(hit, stamp):
                    counts = Counter(hit[1])
                else:
                    try:
                        with open(item.path, encoding="utf-8") as handle:
                            counts = count_states(handle.read(), item.path)
                    except UnicodeDecodeError:
                        errors.append(f"{item.path}: not valid UTF-8")
                        continue
                    except CatalogError as exc:  # reported, not counted, left untouched
                        errors.append(str(exc))
                        continue
                fresh[item.path] = [stamp, dict(counts)]
                languages[language].update(counts)
                per.setdefault(item.name[:-3], {})[language] = counts
    if use_cache and fresh != cached:
        with contextlib.suppress(OSError):  # a read-only workspace still gets its status
            atomic_write_text(cache_path, json.dumps(fresh, separators=(",", ":")))
    return StatusReport(languages, per, errors)


@dataclass(frozen=True)
class CheckFinding:
    path: str
    line: int | None
    key: str
    language: str
    state: str
    issue: Issue


def check_workspace(
    workspace: Workspace,
    targets: Sequence[str],
    glossary: Glossary | None,
    detector: LanguageDetector | None,
    *,
    use_cache: bool = True,
) -> tuple[list[CheckFinding], list[str]]:
    """QA over every current entry with a translation, approved ones included (reported only).

    A catalog unchanged since the last check (same size and modification time), under the
    same glossary and the same QA code, gets its findings from `.vielfalt/check-cache.json`:
    a `check` with nothing changed reads no catalog and loads no language model."""
    cache_path = workspace.state_dir / "check-cache.json"
    fingerprint = _qa_fingerprint(glossary)
    cached: dict = {}
    if use_cache:
        with contextlib.suppress(OSError, ValueError, RecursionError):
            cached = json.loads(cache_path.read_text(encoding="utf-8"))
        if not isinstance(cached, dict) or cached.get("fingerprint") != fingerprint:
            cached = {}
    files = cached.get("files", {}) if isinstance(cached.get("files"), dict) else {}
    fresh: dict[str, list] = {}
    findings: list[CheckFinding] = []
    errors: list[str] = []
    for language in targets:
        folder = workspace.paths.locales / language
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            try:
                info = path.stat()
            except OSError as exc:
                errors.append(f"{path}: cannot be read: {exc.strerror or exc}")
                continue
            stamp = [info.st_mtime_ns, info.st_size]
            hit = files.get(str(path))
            rows = _cached_rows(hit, stamp)
            if rows is None:
                try:
                    rows = _check_catalog(path, language, glossary, detector)
                except CatalogError as exc:
                    errors.append(str(exc))
                    continue
            fresh[str(path)] = [stamp, rows]
            findings += [
                CheckFinding(str(path), line, key, language, state, Issue(check, severity, text))
                for line, key, state, check, severity, text in rows
            ]
    if use_cache and fresh != files:
        with contextlib.suppress(OSError):  # a read-only workspace still gets its check
            document = {"fingerprint": fingerprint, "files": fresh}
            atomic_write_text(cache_path, json.dumps(document, separators=(",", ":")))
    return findings, errors


def _check_catalog(
    path: Path, language: str, glossary: Glossary | None, detector: LanguageDetector | None
) -> list[list]:
    """One catalog's findings as rows: line, unit key, state, check, severity, message."""
    catalog, text = read_catalog(path)
    lines = entry_lines(text or "", str(path))
    rows: list[list] = []
    for entry in catalog.entries if catalog else []:
        if entry.obsolete or not entry.translation:
            continue
        shield = protect(entry.source, glossary)
        for issue in qa_check(
            entry.source, entry.translation, language, term_requirements(shield, language), detector
        ):
            rows.append(
                [lines.get(entry.key), entry.key, entry.label, issue.check, issue.severity,
                 issue.message]
            )  # fmt: skip
    return rows


def _cached_rows(hit: object, stamp: list[int]) -> list[list] | None:
    """The cached findings of a catalog, if the cache holds this very version of it."""
    if not (isinstance(hit, list) and len(hit) == 2 and hit[0] == stamp):
        return None
    rows = hit[1]
    valid = isinstance(rows, list) and all(
        isinstance(r, list) and len(r) == 6 and (r[0] is None or type(r[0]) is int)
        and all(isinstance(v, str) for v in r[1:])
        for r in rows
    )  # fmt: skip
    return rows if valid else None


def _qa_fingerprint(glossary: Glossary | None) -> str:
    """What besides a catalog decides its findings: the glossary and the QA code itself."""
    import hashlib

    import pipeline

    digest = hashlib.sha1()
    terms = [
        (t.term, t.kind, t.translations, t.variants, t.case_sensitive, t.compounds)
        for t in (glossary.terms if glossary else [])
    ]
    digest.update(json.dumps(terms, sort_keys=True, default=list).encode())
    package = Path(pipeline.__file__).parent
    for name in ("queue/qa.py", "units/detect.py", "units/protect.py", "units/glossary.py",
                 "units/values.py", "units/gender.py", "textrules.py", "units/loops.py",
                 "queue/catalog.py", "units/dialects.py", "queue/status.py"):  # fmt: skip
        with contextlib.suppress(OSError):
            digest.update((package / name).read_bytes())
    return digest.hexdigest()


def _valid_hit(hit: object, stamp: list[int]) -> bool:
    """A cache entry as vielfalt writes it, for this very file version (else: scan again)."""
    return (
        isinstance(hit, list)
        and len(hit) == 2
        and hit[0] == stamp
        and isinstance(hit[1], dict)
        and all(isinstance(k, str) and type(v) is int for k, v in hit[1].items())
    )
