"""Round trips with translation agencies: XLIFF export of the review queue, and its import.

Export writes, per language, an XLIFF file (1.2 by default, 2.0 on request), the glossary as
TBX, and a manifest of what was exported against which German text into `exchange/<lang>/`.
Import merges agencies' work back by the queue's rules: a unit marked final becomes approved,
others become drafts; a unit whose German changed since the export comes back as outdated
with the agency's text kept; an approved translation is never overwritten (the conflict is
reported with both texts); a unit whose inline codes did not come back intact is refused and
named. A file from elsewhere (unknown export, unknown units, another target language) is an
error and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.config import Workspace
from pipeline.errors import CatalogError, SourceError, VielfaltError
from pipeline.exchange.tbx import export_martif, export_tbx
from pipeline.exchange.xliff import (
    Code,
    Document,
    Segment,
    Unit,
    Xliff,
    XliffError,
    dumps_12,
    dumps_20,
    loads,
    plain,
)
from pipeline.fileio import atomic_write_text, read_bounded
from pipeline.model import Announcement
from pipeline.publish.publishability import source_revision
from pipeline.publish.site import local_date
from pipeline.queue.catalog import Catalog, CatalogEntry, ReviewState, dumps
from pipeline.queue.locales import catalog_path, read_catalog
from pipeline.units.german import MONTHS, NAMED_DATE, WEEKDAY_NAMES
from pipeline.units.glossary import WEBLATE_GLOSSARY, Glossary
from pipeline.units.protect import protect
from pipeline.units.segment import units_of

STATES = ("untranslated", "machine", "outdated", "approved")
_DATE = re.compile(rf"\b(?:(?:{WEEKDAY_NAMES}),?\s+(?:dem\s+)?)?{NAMED_DATE}\b")
_MAX_XLIFF_BYTES = 200_000_000


# ---------------------------------------------------------------- codes


def codes_for(text: str, language: str, glossary: Glossary | None) -> tuple[Segment, ...]:
    """The German text as segments: protected spans become codes, numbered 1, 2, … in order."""
    shield = protect(text, glossary)
    spans: list[tuple[int, int, str, str]] = []
    position = 0
    for placeholder in shield.placeholders:  # protect() numbers its spans in text order
        start = text.index(placeholder.source, position)
        end = start + len(placeholder.source)
        spans.append((start, end, placeholder.kind, placeholder.replacement(language)))
        position = end
    for match in _DATE.finditer(text):
        if any(s < match.end() and match.start() < e for s, e, *_ in spans):
            continue
        try:
            day = dt.date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
        except ValueError:  # „30. Februar“: not a date; left as text
            continue
        spans.append((match.start(), match.end(), "date", _full_date(day, match[0], language)))
    spans.sort()
    segments: list[Segment] = []
    position = 0
    for number, (start, end, kind, target) in enumerate(spans, 1):
        if start > position:
            segments.append(text[position:start])
        segments.append(Code(str(number), kind, text[start:end], target))
        position = end
    if position < len(text):
        segments.append(text[position:])
    return tuple(segments)


def _full_date(day: dt.date, german: str, language: str) -> str:
    from babel.dates import format_date

    from pipeline.languages import cldr_locale

    if german[:1].isalpha():  # with its weekday: „Mittwoch, 21. Januar 2026“
        try:
            return format_date(day, "full", locale=cldr_locale(language))
        except (ValueError, LookupError):
            pass
    return local_date(day, language)


def target_segments(translation: str, source: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """The translation as segments: each code's target text found in order becomes the code."""
    segments: list[Segment] = []
    position = 0
    for code in (s for s in source if isinstance(s, Code)):
        found = translation.find(code.target, position) if code.target else -1
        if found < 0:
            continue
        if found > position:
            segments.append(translation[position:found])
        segments.append(code)
        position = found + len(code.target)
    if position < len(translation):
        segments.append(translation[position:])
    return tuple(segments)


# ---------------------------------------------------------------- export


@dataclass
class ExportReport:
    xliff: Path
    glossary: Path
    manifest: Path
    units: int
    announcements: int
    states: dict[str, int] = field(default_factory=dict)


_XLIFF_STATE = {
    ReviewState.MACHINE: "needs-review-translation",
    ReviewState.OUTDATED: "needs-review-translation",
    ReviewState.APPROVED: "final",
}


def _export_unit(
    unit: Any, entry: CatalogEntry | None, state: ReviewState, language: str,
    glossary: Glossary | None,
) -> tuple[Unit, dict]:
    """One unit as XLIFF, and what the export's manifest keeps of it (the codes the import
    must find again)."""
    source = codes_for(unit.text, language, glossary)
    target = target_segments(entry.translation, source) if entry and entry.translation else None
    notes = [f"role: {unit.role}", f"state in the review queue: {state.value}"]
    notes += [n for n in (entry.notes if entry else []) if n.startswith("glossary:")]
    if entry and entry.previous_source is not None:
        notes.append(f"German before the change: {entry.previous_source}")
    exported = Unit(
        unit.key,
        source,
        target,
        _XLIFF_STATE.get(state, "new") if target is not None else "new",
        state == ReviewState.APPROVED,
        tuple(notes),
    )
    recorded = {
        "source": unit.text,
        "codes": {s.id: [s.kind, s.native, s.target] for s in source if isinstance(s, Code)},
        # codes the exported translation held: these must come back
        "required": sorted(
            {s.id for s in target or () if isinstance(s, Code)}
            if target is not None
            else {s.id for s in source if isinstance(s, Code)}
        ),
    }
    return exported, recorded


def export_language(
    workspace: Workspace,
    announcements: Sequence[Announcement],
    language: str,
    glossary: Glossary | None,
    *,
    since: dt.date | None = None,
    states: Sequence[str] = STATES,
    version: str = "1.2",
    now: dt.datetime | None = None,
) -> ExportReport:
    """Write exchange/<lang>/: the XLIFF, the glossary as TBX and the export's manifest."""
    if language not in workspace.target_languages:
        raise VielfaltError(f"{language} is not among the workspace's targets")
    unknown = [s for s in states if s not in STATES]
    if unknown:
        raise VielfaltError(
            f"unknown state(s) {', '.join(unknown)}; choose from {', '.join(STATES)}"
        )
    now = now or dt.datetime.now(dt.UTC)
    export_id = uuid.uuid4().hex
    documents: list[Document] = []
    manifest_units: dict[str, dict] = {}
    revisions: dict[str, str] = {}
    counts: dict[str, int] = {}
    for announcement in announcements:
        if since is not None and announcement.date < since:
            continue
        try:
            catalog, _ = read_catalog(catalog_path(workspace, language, announcement.id))
        except CatalogError as exc:
            raise VielfaltError(f"{exc} — fix it before exporting") from None
        entries = catalog.by_key() if catalog else {}
        units = []
        for unit in units_of(announcement):
            entry = entries.get(unit.key)
            state = entry.state if entry else ReviewState.UNTRANSLATED
            if state.value not in states:
                continue
            exported, recorded = _export_unit(unit, entry, state, language, glossary)
            units.append(exported)
            counts[state.value] = counts.get(state.value, 0) + 1
            manifest_units[unit.key] = {"announcement": announcement.id, **recorded}
        if units:
            documents.append(Document(announcement.id, tuple(units)))
            revisions[announcement.id] = source_revision(units_of(announcement))
    document = Xliff(
        version, workspace.source_language, language, documents, export_id, workspace.root.name
    )
    folder = workspace.paths.exchange / language
    stem = f"{workspace.root.name}-{language}-{now:%Y%m%d-%H%M%S}"
    xliff_path = folder / f"{stem}.xlf"
    atomic_write_text(
        xliff_path, dumps_20(document) if version.startswith("2") else dumps_12(document)
    )
    glossary_path = folder / f"glossary-{language}.tbx"
    atomic_write_text(
        glossary_path,
        export_tbx(glossary.terms if glossary else [], workspace.source_language, [language]),
    )
    manifest_path = folder / f"{stem}.manifest.json"
    manifest = {
        "export_id": export_id,
        "language": language,
        "xliff": xliff_path.name,
        "version": version,
        "exported_at": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "german_revisions": revisions,
        "units": manifest_units,
    }
    atomic_write_text(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return ExportReport(
        xliff_path,
        glossary_path,
        manifest_path,
        sum(len(d.units) for d in documents),
        len(documents),
        counts,
    )


# ---------------------------------------------------------------- import


@dataclass
class ImportReport:
    approved: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: approved in the PO meanwhile and different: (unit, PO text, agency text)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    kept_obsolete: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.conflicts or self.refused)


@dataclass(frozen=True)
class _Incoming:
    path: str
    announcement: str
    key: str
    text: str
    final: bool
    german: str  # the German text the agency translated


#: the shape `export_language` writes
MANIFEST_SCHEMA = {
    "type": "object",
    "required": ["export_id", "language", "units"],
    "properties": {
        "export_id": {"type": "string"},
        "language": {"type": "string"},
        "german_revisions": {"type": "object", "additionalProperties": {"type": "string"}},
        "units": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["announcement", "source", "codes", "required"],
                "properties": {
                    "announcement": {"type": "string"},
                    "source": {"type": "string"},
                    "codes": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "array",
                            "items": {"type": ["string", "null"]},
                            "minItems": 3,
                            "maxItems": 3,
                        },
                    },
                    "required": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def _manifests(workspace: Workspace, problems: list[str] | None = None) -> dict[str, dict]:
    """Export manifests by export id; one that cannot be read is named in `problems`."""
    from pipeline import statefiles

    found = {}
    for path in sorted(workspace.paths.exchange.glob("*/*.manifest.json")):
        try:
            data = statefiles.load(path, MANIFEST_SCHEMA)
        except FileNotFoundError:
            continue
        except statefiles.StateError as exc:
            if problems is not None:
                problems.append(f"{exc} (an export manifest; imports of that export are refused)")
            continue
        found[data["export_id"]] = data
    return found


def _language(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def _check_codes(
    unit: Unit, codes: dict[str, list[str]], required: Sequence[str], where: str
) -> str | None:
    """The codes the exported text held come back, each once, none invented, and a link's
    opening before its close. (A code the export lacked, such as a date MT wrote out, may be
    added by the agency, but need not be.)"""
    seen = [s.id for s in unit.target or () if isinstance(s, Code)]
    missing = sorted(set(required) - set(seen))
    extra = sorted(set(seen) - set(codes)) + sorted({i for i in seen if seen.count(i) > 1})
    if missing or extra:
        return (
            f"{where}: unit {unit.key}: inline codes did not come back intact"
            + (f" (missing {', '.join(codes[m][1] for m in missing)})" if missing else "")
            + (f" (unknown or repeated {', '.join(extra)})" if extra else "")
        )
    order = {identifier: position for position, identifier in enumerate(seen)}
    for identifier, (kind, native, _target) in codes.items():
        if kind == "markup" and native == "[":
            closing = (
                next(
                    (
                        i
                        for i, (k, n, _) in codes.items()
                        if k == "markup" and n.startswith("](") and int(i) > int(identifier)
                    ),
                    None,
                )
                if identifier.isdigit()
                else None
            )
            if closing and (identifier in order) != (closing in order):
                kept = "closing" if closing in order else "opening"
                return (
                    f"{where}: unit {unit.key}: only the {kept} part of a link's codes came "
                    f"back ({codes[identifier][1]}…{codes[closing][1]})"
                )
            if closing and identifier in order and order[identifier] > order[closing]:
                return f"{where}: unit {unit.key}: a link's codes came back in the wrong order"
    return None


def _resolve(
    workspace: Workspace,
    document: Xliff,
    path: str,
    manifests: dict[str, dict],
    known: dict[str, dict[str, CatalogEntry]],
    errors: list[str],
    refused: list[str],
    broken: Sequence[str] = (),
) -> tuple[str, list[_Incoming]]:
    language = _language(document.target_language)
    manifest = None
    if document.export_id is not None:
        manifest = manifests.get(document.export_id)
        if manifest is None:
            errors.append(
                f"{path}: export {document.export_id} is not known in this workspace "
                f"(no readable manifest in {workspace.paths.exchange}); "
                + ("; ".join(broken) if broken else "was it exported from another one?")
            )
            return language, []
        if language != manifest["language"]:
            errors.append(
                f"{path}: target language {document.target_language!r}, "
                f"but it was exported for {manifest['language']}"
            )
            return language, []
    if language not in workspace.target_languages:
        errors.append(
            f"{path}: target language {document.target_language!r} is not among the "
            f"workspace's targets ({', '.join(workspace.target_languages)})"
        )
        return language, []
    incoming = []
    for doc in document.documents:
        announcement = Path(doc.original).name.removesuffix(".po")
        entries = known.get(announcement)
        if entries is None:
            errors.append(f"{path}: announcement {doc.original!r} is not in this workspace")
            continue
        by_source = {e.source: k for k, e in entries.items() if e.source}
        for unit in doc.units:
            key = next((n for n in (unit.key, *unit.names) if n in entries), None)
            if key is None and manifest and unit.key in manifest["units"]:
                key = unit.key
            if key is None:
                key = by_source.get(plain(unit.source, target=False))
            if key is None:
                errors.append(f"{path}: unit {unit.key!r} of {announcement} is unknown here")
                continue
            if unit.target is None or not plain(unit.target, target=True).strip():
                continue
            if manifest and key in manifest["units"]:
                codes = manifest["units"][key]["codes"]
                required = manifest["units"][key].get("required", list(codes))
            else:
                codes = {
                    s.id: [s.kind, s.native, s.native] for s in unit.source if isinstance(s, Code)
                }
                required = list(codes)
            problem = _check_codes(unit, codes, required, path)
            if problem:
                refused.append(problem)
                continue
            text = "".join(s if isinstance(s, str) else codes[s.id][2] for s in unit.target or ())
            final = unit.approved or unit.state in ("final", "signed-off")
            german = (
                manifest["units"][key]["source"]
                if manifest and key in manifest["units"]
                else plain(unit.source, target=False)
            )
            incoming.append(_Incoming(path, announcement, key, text, final, german))
    return language, incoming


def apply(catalog: Catalog, incoming: Sequence[_Incoming], report: ImportReport) -> Catalog:
    """Agencies' texts merged into one catalog by the queue's rules (pure)."""
    entries = list(catalog.entries)
    for item in incoming:
        index = next(
            (i for i, e in enumerate(entries) if e.key == item.key and not e.obsolete), None
        )
        german_changed = False
        if index is None:  # the German changed since the export: the entry that follows it
            index = next(
                (i for i, e in enumerate(entries) if e.previous_key == item.key and not e.obsolete),
                None,
            )
            german_changed = index is not None
        if index is None:  # or the unit that replaced it, if its text is close enough
            index = _successor(entries, item, {i.key for i in incoming})
            if index is not None:
                entries[index] = replace(
                    entries[index], previous_source=item.german, previous_key=item.key
                )
                german_changed = True
        if index is None:
            index = next((i for i, e in enumerate(entries) if e.key == item.key), None)
        label = f"{item.announcement}/{item.key.rsplit('/', 1)[-1]}"
        if index is None:  # the unit went away: the agency's text is kept, as obsolete
            entries.append(CatalogEntry(item.key, "", item.text, fuzzy=True, obsolete=True))
            report.kept_obsolete.append(label)
            continue
        entry = entries[index]
        if entry.state == ReviewState.APPROVED or (entry.obsolete and not entry.fuzzy):
            if entry.translation == item.text:
                report.unchanged.append(label)
            else:
                report.conflicts.append((label, entry.translation, item.text))
            continue
        if entry.translation == item.text and entry.fuzzy == (not item.final or german_changed):
            report.unchanged.append(label)
            continue
        approve = item.final and not german_changed and not entry.obsolete
        entries[index] = replace(
            entry,
            translation=item.text,
            fuzzy=not approve,
            previous_source=entry.previous_source if german_changed else None,
            previous_key=entry.previous_key if german_changed else None,
        )
        if german_changed:
            report.outdated.append(label)
        elif approve:
            report.approved.append(label)
        else:
            report.drafts.append(label)
    return Catalog(catalog.language, catalog.headers, entries, list(catalog.header_comments))


def _successor(entries: list[CatalogEntry], item: _Incoming, exported: set[str]) -> int | None:
    """The current entry whose German replaced the exported one: the most similar unapproved
    entry that was not itself exported (the queue's own rule for outdated paragraphs)."""
    from pipeline.queue.merge import OUTDATED_SIMILARITY

    best, score = None, OUTDATED_SIMILARITY
    for index, entry in enumerate(entries):
        if entry.obsolete or entry.key in exported or entry.state == ReviewState.APPROVED:
            continue
        similarity = difflib.SequenceMatcher(
            None, item.german, entry.source, autojunk=False
        ).ratio()
        if similarity >= score:
            best, score = index, similarity
    return best


def import_files(
    workspace: Workspace, announcements: Sequence[Announcement], paths: Sequence[Path]
) -> ImportReport:
    """Merge XLIFF files back into the review queue; a file that does not belong changes nothing."""
    errors: list[str] = []
    report = ImportReport()
    broken: list[str] = []
    manifests = _manifests(workspace, broken)
    documents = []
    for path in paths:
        try:
            text = read_bounded(path, _MAX_XLIFF_BYTES).decode("utf-8")
        except UnicodeDecodeError:
            raise XliffError(path, None, "not valid UTF-8") from None
        documents.append((str(path), loads(text, str(path))))
    plans: dict[tuple[str, str], list[_Incoming]] = {}
    catalogs: dict[tuple[str, str], Catalog] = {}
    for origin, document in documents:
        language = _language(document.target_language)
        known: dict[str, dict[str, CatalogEntry]] = {}
        if language in workspace.target_languages:
            for announcement in announcements:
                catalog_file = catalog_path(workspace, language, announcement.id)
                try:
                    catalog, _ = read_catalog(catalog_file)
                except CatalogError as exc:
                    errors.append(str(exc))
                    continue
                if catalog is None:
                    continue
                catalogs[(language, announcement.id)] = catalog
                known[announcement.id] = {e.key: e for e in catalog.entries if e.key}
                for entry in catalog.entries:
                    if entry.previous_key:
                        known[announcement.id].setdefault(entry.previous_key, entry)
        language, incoming = _resolve(
            workspace, document, origin, manifests, known, errors, report.refused, broken
        )
        for item in incoming:
            plans.setdefault((language, item.announcement), []).append(item)
    if errors:
        raise VielfaltError(
            "nothing was imported:\n  " + "\n  ".join(dict.fromkeys(errors)),
            hint="import only files exported from this workspace (vielfalt export)",
        )
    for (language, ident), items in sorted(plans.items()):
        updated = apply(catalogs[(language, ident)], items, report)
        target = catalog_path(workspace, language, ident)
        previous = target.read_text(encoding="utf-8") if target.exists() else None
        if atomic_write_text(target, dumps(updated, previous, str(target), workspace.catalog_wrap)):
            report.written.append(target)
    return report


# ---------------------------------------------------------------- Weblate


WEBLATE_MASK = r"locales/(?P<language>[^/]+)/(?P<component>[^/]+)\.po"




#: the hash of each TBX file as vielfalt last wrote it (in the repository: every clone, and
#: Weblate's, must tell a Weblate edit from vielfalt's own text)
WEBLATE_WRITTEN = ".vielfalt-written.json"


@dataclass
class GlossaryFiles:
    written: list[Path] = field(default_factory=list)
    #: one line per term changed in Weblate's glossary component (its file is left as it is)
    edited: list[str] = field(default_factory=list)


def weblate_glossary_files(workspace: Workspace, glossary: Glossary | None) -> GlossaryFiles:
    """Write glossaries/weblate/<lang>.tbx from the workspace glossary (only files whose text
    changes). The glossary has one owner per term: a file someone else changed since vielfalt
    wrote it (a term edited in Weblate's glossary component) is not overwritten; each term
    that differs from glossaries/*.csv is reported for the glossary's owner to decide."""
    from pipeline.exchange.tbx import import_tbx

    folder = workspace.paths.glossaries / WEBLATE_GLOSSARY
    state_path = folder / WEBLATE_WRITTEN
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        state = {}
    state = state if isinstance(state, dict) else {}
    result = GlossaryFiles()
    terms = glossary.terms if glossary else []
    for language in workspace.target_languages:
        path = folder / f"{language}.tbx"
        text = export_martif(terms, workspace.source_language, language)
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current == text:
            state[language] = _digest(text)
            continue
        if current is not None and state.get(language) not in (None, _digest(current)):
            try:
                theirs = import_tbx(current, str(path), workspace.source_language, [language])
            except VielfaltError:
                theirs = []
            ours = {t.term: t.translations.get(language, "") for t in terms}
            changed = [t for t in theirs if ours.get(t.term) != t.translations.get(language, "")]
            for term in changed or theirs[:1]:
                result.edited.append(
                    f"{path}: '{term.term}' is „{term.translations.get(language, '')}“ in "
                    f"Weblate's glossary but „{ours.get(term.term, '')}“ in glossaries/*.csv: "
                    "the file is kept; the glossary's owner adopts it (vielfalt glossary import) "
                    "or deletes the file to have it rewritten"
                )
            continue
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
        state[language] = _digest(text)
        result.written.append(path)
    if result.written or not state_path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(state_path, json.dumps(state, indent=1, sort_keys=True) + "\n")
    return result


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def weblate_settings(workspace: Workspace) -> dict[str, str]:
    """Component discovery settings for this layout (Weblate's "Component discovery" add-on)."""
    locales = workspace.paths.locales.relative_to(workspace.root).as_posix()
    glossaries = workspace.paths.glossaries.relative_to(workspace.root).as_posix()
    return {
        "source_language": workspace.source_language,
        "glossary_mask": f"{glossaries}/{WEBLATE_GLOSSARY}/*.tbx",
        "wrap": str(workspace.catalog_wrap),
        "match": WEBLATE_MASK.replace("locales/", f"{re.escape(locales)}/", 1),
        "file_format": "po",
        "name_template": "{{ component|title }}",
        "base_file_template": "",  # PO is bilingual: no monolingual base file
        "new_base_template": f"{locales}/templates/{{{{ component }}}}.pot",
        "language_regex": "^(?!templates$)[^/]+$",
        "check_flags": (
            'md-text, placeholders:r"\\]\\((?:https?|mailto):[^)\\s]+\\)", ignore-same'
        ),
        # Weblate 5.14's "Long lines wrapping" file format parameter (the former "Customize
        # gettext output" add-on): 77 wraps as Weblate does, -1 not at all (wrap = 0)
        "po_line_wrap": "-1" if workspace.catalog_wrap == 0 else "77",
        # the glossary component: terms are owned by glossaries/*.csv, not edited in Weblate
        "glossary_check_flags": "read-only",
    }


@dataclass
class GlossaryImport:
    path: Path
    terms: int
    findings: list[str]


def import_glossary(
    workspace: Workspace, source: Path, into: str | None = None, *, replace: bool = False
) -> GlossaryImport:
    """A TBX file (from Weblate or a termbase) as a CSV glossary in glossaries/; an existing
    CSV is only replaced when asked, and the terms are checked like any glossary."""
    from pipeline.exchange.tbx import MAX_TBX_BYTES, import_tbx
    from pipeline.fileio import read_text
    from pipeline.units.glossary import GlossaryError, check_terms, dump_csv, invisible_characters

    try:
        text = read_text(source, max_bytes=MAX_TBX_BYTES)  # checked before it is read
    except SourceError as exc:
        raise GlossaryError(exc.path, exc.lineno, exc.reason) from None
    terms = import_tbx(text, str(source), workspace.source_language, workspace.target_languages)
    name = into or f"{source.stem}.csv"
    if not name.endswith(".csv") or "/" in name or "\\" in name or name.startswith("."):
        raise VielfaltError(f"--into must be a plain .csv file name, not {name!r}")
    target = workspace.paths.glossaries / name
    if target.exists() and not replace:
        raise VielfaltError(f"{target} exists", hint="pass --replace to overwrite it")
    hidden = [(t, invisible_characters(t)) for t in terms]
    skipped = [f"{source}: skipped: {why}" for _, why in hidden if why]
    terms = [t for t, why in hidden if not why]  # never written where MT would meet them
    atomic_write_text(target, dump_csv(terms, workspace.target_languages))
    findings = skipped + [
        str(f).replace(str(source) + ":0", str(source))
        for f in check_terms(terms, workspace.target_languages)
    ]
    return GlossaryImport(target, len(terms), findings)
