"""The review queue: German units in, PO catalogs out; translators' work is never lost.

`merge()` is the whole rule book (pure: catalogs in, catalog out). `translate_workspace()`
runs the chain for new or changed announcements: units → language check → glossary
protection → translation memory → MT (one batched run over all announcements and
languages) → QA → merge → atomic writes, one run at a time per workspace.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import fcntl
import hashlib
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.catalog import (
    MT_MARK,
    Catalog,
    CatalogEntry,
    ReviewState,
    adopt_keyless,
    count_states,
    dumps,
    headers_for,
    same_content,
    text_hash,
)
from pipeline.config import Workspace
from pipeline.detect import LanguageDetector, check_announcement
from pipeline.engine import ModelRegistry, RunStats, SourceUnit
from pipeline.errors import CatalogError, LockedError, ModelNotFound, VielfaltError
from pipeline.fileio import atomic_write_text, remove_stale_temporaries
from pipeline.glossary import Glossary
from pipeline.locales import catalog_path, read_catalog
from pipeline.model import Announcement
from pipeline.mtcache import MTCache
from pipeline.protect import ProtectedText, protect
from pipeline.qa import Issue, term_requirements
from pipeline.qa import check as qa_check
from pipeline.segment import units_of

#: how similar a changed paragraph must be to its old version to inherit its translation
OUTDATED_SIMILARITY = 0.5


@dataclass(frozen=True)
class UnitSpec:
    """A unit as the catalog needs it."""

    key: str
    text: str
    role: str
    reference: tuple[str, str]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MachineOutput:
    text: str
    route: str
    notes: tuple[str, ...] = ()
    needs_review: bool = False


@dataclass(frozen=True)
class Policy:
    tm_as: str = "approved"  # "approved" | "fuzzy"
    mt_for_outdated: bool = True


@dataclass
class MergeResult:
    catalog: Catalog
    counts: Counter = field(default_factory=Counter)


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _has_human_work(entry: CatalogEntry) -> bool:
    """Approved, outdated, or a fuzzy draft a translator edited: never to be discarded."""
    if not entry.translation:
        return bool(entry.translator_comment)
    return not entry.fuzzy or entry.previous_source is not None or not entry.is_untouched_machine


def _machine_notes(output: MachineOutput) -> list[str]:
    return [f"{MT_MARK} {output.route} sha={text_hash(output.text)}", *output.notes]


def merge(
    existing: Catalog | None,
    units: Sequence[UnitSpec],
    language: str,
    machine: Mapping[str, MachineOutput],
    memory: Mapping[str, str],
    headers: dict[str, str],
    policy: Policy = Policy(),
    *,
    refresh: frozenset[str] = frozenset(),
    recorded: Mapping[str, str] | None = None,
) -> MergeResult:
    """Merge current units into a catalog. Approved work and translator comments survive all.

    `refresh` names units whose machine output came from models that have changed since:
    untouched machine output (its text still hashes to the recorded one, from the entry's
    note or, when msgmerge or an editor dropped that, from `recorded`) is replaced by the new
    output in `machine`; an edited draft keeps its text and gets the new output as a
    suggestion; approved entries are never touched."""
    counts: Counter = Counter()
    old_entries = adopt_keyless(
        existing.entries if existing else [], [(u.key, u.text) for u in units]
    )
    originals = existing.entries if existing else []
    counts["rekeyed"] = sum(
        1 for old, new in zip(originals, old_entries, strict=True) if old is not new
    )
    active = {e.key: e for e in old_entries if not e.obsolete and e.key}
    # A list, not a dict: entries without a key (or old duplicates) must never overwrite
    # each other; every one is kept.
    obsolete = [e for e in old_entries if e.obsolete]
    current_keys = {u.key for u in units}
    vanished = [e for e in old_entries if not e.obsolete and e.key not in current_keys]
    consumed: set[int] = set()  # identities of vanished entries handed on to a new unit
    entries: list[CatalogEntry] = []
    for unit in units:
        entry = active.get(unit.key)
        if entry is None:
            found = next((i for i, e in enumerate(obsolete) if e.key == unit.key), None)
            if found is not None:
                entry = replace(obsolete.pop(found), obsolete=False)  # the unit came back
                counts["revived"] += 1
        if entry is not None:
            entry = replace(entry, source=unit.text, references=[unit.reference])
            owned = [
                n
                for n in entry.notes
                if n.startswith((MT_MARK, "tm:", "qa: review:", "mt-suggestion:"))
            ]
            entry.notes = [*unit.notes, *owned]
            if not entry.translation and not entry.fuzzy:
                entry = _fill(entry, unit, machine, memory, policy, counts)
            elif unit.key in refresh:
                entry = _refresh(
                    entry, machine.get(unit.key), (recorded or {}).get(unit.key), counts
                )
            entries.append(entry)
            continue
        # A new key: a changed paragraph inherits the translation of its old version.
        best, score = None, 0.0
        for old in vanished:
            if id(old) in consumed or not _has_human_work(old):
                continue
            similarity = _similar(old.source, unit.text)
            if similarity > score:
                best, score = old, similarity
        inherits = best is not None and score >= OUTDATED_SIMILARITY
        if inherits:
            consumed.add(id(best))
        if inherits and best.translation:
            notes = list(unit.notes)
            if policy.mt_for_outdated and unit.key in machine:
                notes.append(f"mt-suggestion: {machine[unit.key].text}")
            entries.append(
                CatalogEntry(
                    key=unit.key,
                    source=unit.text,
                    translation=best.translation,
                    fuzzy=True,
                    previous_source=best.previous_source
                    if best.previous_source is not None
                    else best.source,
                    previous_key=best.previous_key if best.previous_key is not None else best.key,
                    references=[unit.reference],
                    notes=notes,
                    other_notes=list(best.other_notes),
                    translator_comment=best.translator_comment,
                    other_flags=list(best.other_flags),
                )
            )
            counts["outdated"] += 1
            continue
        # New text; a translator's comment on its untranslated old version comes along.
        fresh = CatalogEntry(
            key=unit.key,
            source=unit.text,
            references=[unit.reference],
            notes=list(unit.notes),
            translator_comment=best.translator_comment if inherits else "",
        )
        entries.append(_fill(fresh, unit, machine, memory, policy, counts))
        counts["new"] += 1
    for old in vanished:
        if id(old) not in consumed:
            obsolete.append(replace(old, obsolete=True, references=[]))
            counts["obsoleted"] += 1
    entries += obsolete
    return MergeResult(Catalog(language, headers, entries), counts)


def _refresh(
    entry: CatalogEntry, output: MachineOutput | None, recorded: str | None, counts: Counter
) -> CatalogEntry:
    """New models' output for an entry made by older ones (see `merge`)."""
    if entry.state == ReviewState.APPROVED:
        counts["approved-untouched"] += 1
        return entry
    if output is None or entry.state != ReviewState.MACHINE:
        return entry
    untouched = text_hash(entry.translation) in {entry.mt_record, recorded} - {None}
    kept = [n for n in entry.notes if not n.startswith((MT_MARK, "qa: review:", "mt-suggestion:"))]
    if untouched:
        counts["refreshed"] += 1
        return replace(entry, translation=output.text, notes=[*kept, *_machine_notes(output)])
    counts["kept-edited"] += 1
    mt_notes = [n for n in entry.notes if n.startswith(MT_MARK)]
    return replace(entry, notes=[*kept, *mt_notes, f"mt-suggestion: {output.text}"])


def route_of(entry: CatalogEntry) -> str | None:
    """The models that produced an entry's machine output, from its note."""
    for note in entry.notes:
        if note.startswith(MT_MARK):
            return note[len(MT_MARK) :].split(" sha=")[0].strip()
    return None


def _fill(
    entry: CatalogEntry,
    unit: UnitSpec,
    machine: Mapping[str, MachineOutput],
    memory: Mapping[str, str],
    policy: Policy,
    counts: Counter,
) -> CatalogEntry:
    """Give an empty entry its translation: translation memory first, then MT."""
    if unit.text in memory:
        counts["memory"] += 1
        fuzzy = policy.tm_as == "fuzzy"
        return replace(
            entry,
            translation=memory[unit.text],
            fuzzy=fuzzy,
            notes=[*entry.notes, "tm: exact match from an approved translation"],
        )
    output = machine.get(unit.key)
    if output is None:
        return entry
    counts["machine"] += 1
    return replace(
        entry, translation=output.text, fuzzy=True, notes=[*entry.notes, *_machine_notes(output)]
    )


# ---------------------------------------------------------------- the workspace run


class WorkspaceLock:
    """One pipeline run at a time: an flock on .vielfalt/lock (released if the process dies)."""

    def __init__(self, workspace: Workspace) -> None:
        self.path = workspace.state_dir / "lock"
        self._handle = None

    def __enter__(self) -> WorkspaceLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise VielfaltError(
                f"{self.path}: cannot take the workspace lock: {exc.strerror or exc}",
                hint="the lock is a file vielfalt makes in .vielfalt/; move away what is there",
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise LockedError(
                f"another vielfalt run holds the workspace lock ({holder})",
                hint="wait for it to finish; a crashed run releases the lock by itself",
            ) from None
        try:  # who holds it, for the message of a second run; the lock itself is the flock
            handle.seek(0)
            handle.truncate()
            since = dt.datetime.now().isoformat(timespec="seconds")
            handle.write(f"pid {os.getpid()} since {since}")
            handle.flush()
        except OSError:  # a full disk must not leave the lock taken by a run that never started
            pass
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.seek(0)
                self._handle.truncate()
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def translation_memory(
    workspace: Workspace, language: str, problems: list[str] | None = None
) -> dict[str, str]:
    """Approved translations of this language, by German text (first file wins). Catalogs that
    cannot be read are left out and named in `problems`."""
    memory: dict[str, str] = {}
    folder = workspace.paths.locales / language
    if not folder.is_dir():
        return memory
    for path in sorted(folder.glob("*.po")):
        try:
            catalog, _ = read_catalog(path)
        except CatalogError as exc:
            if problems is not None:
                problems.append(f"left out of the translation memory: {exc}")
            continue
        for entry in catalog.entries if catalog else []:
            if entry.state == ReviewState.APPROVED:
                memory.setdefault(entry.source, entry.translation)
    return memory


@dataclass
class TranslateReport:
    languages: dict[str, Counter] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    unchanged_files: int = 0
    skipped: list[str] = field(default_factory=list)  # announcements with nothing new
    errors: list[str] = field(default_factory=list)
    #: problems that did not stop the run (a catalog left out of the translation memory)
    warnings: list[str] = field(default_factory=list)
    qa_errors: int = 0
    mt_sentences: int = 0
    dry_run: bool = False
    demo_models: bool = False


def _fingerprint(announcement: Announcement, targets: Sequence[str], extra: str) -> str:
    payload = json.dumps(
        [announcement.id, [(u.key, u.text) for u in units_of(announcement)], list(targets), extra]
    )
    return hashlib.sha1(payload.encode()).hexdigest()


def _unit_notes(
    role: str, language: str, shield: ProtectedText | None, foreign: str | None
) -> tuple[str, ...]:
    notes = [f"role: {role}"]
    if foreign:
        notes.append(f"language: detected as {foreign}; passed through untranslated")
    for match in shield.matches if shield else ():
        term = match.term
        required = term.target(language, match.surface)
        rule = "keep as is" if term.kind == "keep" else "prescribed"
        note = f" — {term.note}" if term.note else ""
        notes.append(f"glossary: {match.surface} → {required} ({rule}){note}")
    return tuple(notes)


def translate_workspace(
    workspace: Workspace,
    announcements: list[Announcement],
    targets: Sequence[str],
    *,
    detector: LanguageDetector,
    registry: ModelRegistry | None,
    glossary: Glossary | None,
    cache: MTCache | None = None,
    dry_run: bool = False,
    force: bool = False,
    now: dt.datetime | None = None,
    policy: Policy | None = None,
    refresh_mt: Sequence[str] = (),
) -> TranslateReport:
    """Bring the catalogs of `announcements` up to date for `targets`.

    When the models of a language's route changed since an entry's machine output was made
    (or the language is in `refresh_mt`), untouched machine output is translated again and
    replaced; edited drafts get the new output as a suggestion; approvals stay."""
    from pipeline.mt import translate_protected

    policy = policy or Policy(workspace.policies.memory, workspace.policies.outdated_mt)
    now = now or dt.datetime.now(dt.UTC)
    if not dry_run:
        for folder in (
            workspace.paths.locales / "templates",
            workspace.state_dir,
            *(workspace.paths.locales / lang for lang in targets),
        ):
            remove_stale_temporaries(folder)
    stamp = now.strftime("%Y-%m-%d %H:%M%z")
    report = TranslateReport(dry_run=dry_run)
    state_path = workspace.state_dir / "sources.json"
    try:
        fingerprints = json.loads(state_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        fingerprints = {}
    models = sorted(p.ident for p in registry.packages) if registry else []
    glossary_key = hashlib.sha1(
        json.dumps(
            [(t.term, t.kind, t.translations, t.variants) for t in glossary.terms]
            if glossary
            else []
        ).encode()
    ).hexdigest()
    extra = json.dumps([models, glossary_key])

    todo: list[Announcement] = []
    for announcement in announcements:
        fingerprint = _fingerprint(announcement, targets, extra)
        files_exist = all(
            catalog_path(workspace, lang, announcement.id).exists() for lang in ["", *targets]
        )
        if not force and files_exist and fingerprints.get(announcement.id) == fingerprint:
            report.skipped.append(announcement.id)
            continue
        todo.append(announcement)

    # Units, language verdicts and glossary protection of everything that needs work.
    plan = []
    for announcement in todo:
        units = units_of(announcement)
        check = check_announcement(
            detector, announcement.id, str(announcement.path), units, workspace.source_language
        )
        foreign = {u.unit_key: u.verdict.language for u in check.foreign_units}
        plan.append((announcement, units, foreign))

    # Which units need MT in which language: no entry with text and no memory hit.
    memories = (
        {lang: translation_memory(workspace, lang, report.warnings) for lang in targets}
        if todo
        else {}
    )
    existing: dict[tuple[str, str], tuple[Catalog | None, str | None]] = {}
    need: dict[str, SourceUnit] = {}
    need_languages: set[str] = set()
    routes = _current_routes(registry, workspace.source_language, targets)
    provenance_path = workspace.state_dir / "provenance.json"
    provenance = _load_json(provenance_path)
    refresh: dict[tuple[str, str], set[str]] = {}
    for announcement, units, foreign in plan:
        for language in targets:
            path = catalog_path(workspace, language, announcement.id)
            try:
                existing[(announcement.id, language)] = read_catalog(path)
            except CatalogError as exc:
                report.errors.append(str(exc))
                existing[(announcement.id, language)] = (None, "ERROR")
                continue
            catalog = existing[(announcement.id, language)][0]
            have = catalog.by_key() if catalog else {}
            recorded = provenance.get(language, {})
            for unit in units:
                entry = have.get(unit.key)
                if entry is not None and (entry.translation or entry.fuzzy):
                    route = route_of(entry) or recorded.get(unit.key, [None])[0]
                    changed = language in refresh_mt or (
                        route is not None and routes.get(language) not in (None, route)
                    )
                    if changed and entry.state in (ReviewState.MACHINE, ReviewState.APPROVED):
                        refresh.setdefault((announcement.id, language), set()).add(unit.key)
                        if entry.state == ReviewState.MACHINE and unit.key not in foreign:
                            need[unit.key] = SourceUnit(unit.key, unit.text, True)
                            need_languages.add(language)
                    continue
                if unit.text in memories[language] and unit.key not in foreign:
                    continue
                need[unit.key] = SourceUnit(unit.key, unit.text, unit.key not in foreign)
                need_languages.add(language)
    machine: dict[str, dict[str, MachineOutput]] = {lang: {} for lang in targets}
    shields: dict[str, ProtectedText] = {}
    if need and registry is not None and not dry_run:
        wanted = [lang for lang in targets if lang in need_languages]
        try:
            stats = RunStats()
            run = translate_protected(
                list(need.values()),
                wanted,
                registry,
                glossary,
                source_language=workspace.source_language,
                cache=cache,
                stats=stats,
                options=_options(workspace),
            )
            report.mt_sentences = stats.unique_sentences
            shields = run.protected
            for result in run.translations:
                report.demo_models |= result.demo
                notes = tuple(f"qa: review: {n}" for n in result.notes)
                if "passed-through" in result.flags:
                    continue
                machine[result.target][result.unit_key] = MachineOutput(
                    result.text, result.route_label, notes, "needs-review" in result.flags
                )
        except ModelNotFound as exc:
            report.errors.append(f"{exc} — units stay untranslated")
    for announcement, units, foreign in plan:
        shields.update({u.key: protect(u.text, glossary) for u in units if u.key not in shields})
        reference_path = (
            os.path.relpath(announcement.path, workspace.root) if announcement.path else ""
        )
        template_units = [
            UnitSpec(u.key, u.text, u.role, (reference_path, str(u.lineno)), (f"role: {u.role}",))
            for u in units
        ]
        template_path = catalog_path(workspace, "", announcement.id)
        try:
            template, _ = read_catalog(template_path)
        except CatalogError:
            template = None  # vielfalt's own file, rebuilt from the sources
        _write(
            workspace,
            report,
            template_path,
            template,
            template_units,
            "",
            {},
            {},
            headers_for("", _project(workspace), stamp, None),
            policy,
            stamp,
            dry_run,
        )
        failed = False
        for language in targets:
            catalog, text = existing[(announcement.id, language)]
            if text == "ERROR":
                failed = True
                continue
            specs = [
                UnitSpec(
                    u.key,
                    u.text,
                    u.role,
                    (reference_path, str(u.lineno)),
                    _unit_notes(u.role, language, shields.get(u.key), foreign.get(u.key)),
                )
                for u in units
            ]
            headers = (
                dict(catalog.headers)
                if catalog
                else headers_for(language, _project(workspace), stamp, None)
            )
            counts = _write(
                workspace,
                report,
                catalog_path(workspace, language, announcement.id),
                catalog,
                specs,
                language,
                machine[language],
                memories[language],
                headers,
                policy,
                stamp,
                dry_run,
                shields=shields,
                detector=detector,
                refresh=frozenset(refresh.get((announcement.id, language), ())),
                recorded={k: v[1] for k, v in provenance.get(language, {}).items()},
                provenance=provenance.setdefault(language, {}),
            )
            report.languages.setdefault(language, Counter()).update(counts)
        if not failed and not dry_run:
            fingerprints[announcement.id] = _fingerprint(announcement, targets, extra)
    if not dry_run and todo:
        atomic_write_text(state_path, json.dumps(fingerprints, indent=1, sort_keys=True))
        atomic_write_text(provenance_path, json.dumps(provenance, indent=1, sort_keys=True))
    return report


def _current_routes(
    registry: ModelRegistry | None, source: str, targets: Sequence[str]
) -> dict[str, str]:
    """The models each target's machine output would come from now (route labels)."""
    routes: dict[str, str] = {}
    for language in targets if registry is not None else ():
        try:
            routes[language] = " → ".join(p.ident for p in registry.route(source, language))
        except ModelNotFound:
            continue
    return routes


def _load_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _options(workspace: Workspace):
    from pipeline.mt import decoding_options

    return decoding_options(workspace)


def _project(workspace: Workspace) -> str:
    return f"vielfalt {workspace.root.name}"


def _with_qa(
    catalog: Catalog,
    shields: Mapping[str, ProtectedText],
    detector: LanguageDetector | None,
    language: str,
) -> tuple[Catalog, int]:
    """Attach QA results to entries as `qa:` notes (tool-owned; the translation is untouched)."""
    errors = 0
    for entry in catalog.entries:
        if entry.obsolete:
            continue
        entry.notes = [
            n for n in entry.notes if not n.startswith("qa: ") or n.startswith("qa: review:")
        ]
        if not entry.translation:
            continue
        issues = qa_check(
            entry.source,
            entry.translation,
            language,
            term_requirements(shields.get(entry.key), language),
            detector,
        )
        errors += sum(i.severity == "error" for i in issues)
        entry.notes += [f"qa: {i.severity}: {i}" for i in issues]
    return catalog, errors


def _write(
    workspace: Workspace,
    report: TranslateReport,
    path: Path,
    catalog: Catalog | None,
    specs: list[UnitSpec],
    language: str,
    machine: Mapping[str, MachineOutput],
    memory: Mapping[str, str],
    headers: dict[str, str],
    policy: Policy,
    stamp: str,
    dry_run: bool,
    *,
    shields: Mapping[str, ProtectedText] | None = None,
    detector: LanguageDetector | None = None,
    refresh: frozenset[str] = frozenset(),
    recorded: Mapping[str, str] | None = None,
    provenance: dict[str, list[str]] | None = None,
) -> Counter:
    """Merge and write one catalog; re-merge if a translator saved it meanwhile; no churn.
    `provenance` receives each machine entry's route and output hash, kept in vielfalt's
    state where no PO editor or msgmerge can erase it."""
    original_text = dumps(catalog) if catalog else None
    for _attempt in range(5):
        result = merge(
            catalog,
            specs,
            language,
            machine,
            memory,
            headers,
            policy,
            refresh=refresh,
            recorded=recorded,
        )
        merged = result.catalog
        if result.counts.get("rekeyed"):
            report.warnings.append(
                f"{path}: {result.counts['rekeyed']} entries without msgctxt were matched to "
                "their units by their German text (and get their msgctxt back)"
            )
        if language:
            merged, errors = _with_qa(merged, shields or {}, detector, language)
            report.qa_errors += errors
        if provenance is not None and not dry_run:
            for entry in merged.entries:
                route = route_of(entry)
                if route is not None and entry.mt_record and not entry.obsolete:
                    provenance[entry.key] = [route, entry.mt_record]
        if catalog is not None and same_content(catalog, merged):
            report.unchanged_files += 1
            return result.counts
        merged.headers = dict(merged.headers)
        merged.headers["PO-Revision-Date" if language else "POT-Creation-Date"] = stamp
        if dry_run:
            report.written.append(path)
            return result.counts
        # A translator may have saved the file while MT ran: re-read and merge again.
        try:
            fresh, _ = read_catalog(path)
        except CatalogError as exc:
            report.errors.append(str(exc))
            return Counter()
        if (dumps(fresh) if fresh else None) != original_text:
            catalog = fresh
            original_text = dumps(fresh) if fresh else None
            continue
        atomic_write_text(path, dumps(merged))
        report.written.append(path)
        return result.counts
    raise VielfaltError(f"{path} keeps changing while vielfalt writes it; try again")


# ---------------------------------------------------------------- status and check


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
        except (FileNotFoundError, ValueError):
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
                if hit is not None and hit[0] == stamp:
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
) -> tuple[list[CheckFinding], list[str]]:
    """QA over every current entry with a translation, approved ones included (reported only)."""
    findings: list[CheckFinding] = []
    errors: list[str] = []
    for language in targets:
        folder = workspace.paths.locales / language
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            try:
                catalog, text = read_catalog(path)
            except CatalogError as exc:
                errors.append(str(exc))
                continue
            lines = (text or "").split("\n")
            for entry in catalog.entries if catalog else []:
                if entry.obsolete or not entry.translation:
                    continue
                shield = protect(entry.source, glossary)
                for issue in qa_check(
                    entry.source,
                    entry.translation,
                    language,
                    term_requirements(shield, language),
                    detector,
                ):
                    line = next(
                        (i + 1 for i, raw in enumerate(lines) if raw == f'msgctxt "{entry.key}"'),
                        None,
                    )
                    findings.append(
                        CheckFinding(str(path), line, entry.key, language, entry.state.value, issue)
                    )
    return findings, errors
