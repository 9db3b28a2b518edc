"""The translate run: German units in, PO catalogs out; translators' work is never lost.

`translate_workspace()` runs the chain for new or changed announcements: units → language
check → glossary protection → translation memory → MT (one batched run over all announcements
and languages) → QA → merge (`pipeline.queue.merge`) → atomic writes, one run at a time per
workspace (`pipeline.lock`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import statefiles
from pipeline.config import Workspace
from pipeline.errors import CatalogError, ModelNotFound, VielfaltError
from pipeline.fileio import atomic_write_text, remove_stale_temporaries
from pipeline.model import Announcement
from pipeline.mt.cache import MTCache
from pipeline.mt.engine import ProgressHook, Registry, RunStats, SourceUnit
from pipeline.mt.protected import ProtectedRun, decoding_options, translate_protected
from pipeline.queue import history, records
from pipeline.queue.catalog import (
    Catalog,
    CatalogEntry,
    PluralEntryError,
    ReviewState,
    complete_headers,
    dumps,
    headers_for,
    loads,
    same_content,
)
from pipeline.queue.locales import catalog_path, read_catalog
from pipeline.queue.merge import (
    MachineOutput,
    Policy,
    UnitSpec,
    has_human_work,
    kept_keys,
    merge,
    route_of,
)
from pipeline.queue.qa import check as qa_check
from pipeline.queue.qa import term_requirements
from pipeline.queue.records import LanguageRecords, german_hash
from pipeline.units.detect import LanguageDetector, check_announcement
from pipeline.units.gender import notes as gender_notes
from pipeline.units.glossary import Glossary
from pipeline.units.protect import ProtectedText, markup_spans, protect
from pipeline.units.segment import units_of


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
    #: packages that could not be loaded (reported, the others used)
    broken_packages: list[str] = field(default_factory=list)
    #: why the MT cache was rebuilt, if it was
    cache_rebuilt: str | None = None


def _fingerprint(announcement: Announcement, targets: Sequence[str], extra: str) -> str:
    payload = json.dumps(
        [announcement.id, [(u.key, u.text) for u in units_of(announcement)], list(targets), extra]
    )
    return hashlib.sha1(payload.encode()).hexdigest()


def _unit_notes(
    role: str, language: str, shield: ProtectedText | None, foreign: str | None, text: str
) -> tuple[str, ...]:
    notes = [f"role: {role}"]
    if foreign == NO_LANGUAGE:
        notes.append("language: none (a contact line, address, link or number); copied through")
    elif foreign:
        notes.append(f"language: detected as {foreign}; passed through untranslated")
    for match in shield.matches if shield else ():
        term = match.term
        required = term.target(language, match.surface)
        rule = "keep as is" if term.kind == "keep" else "prescribed"
        note = f" — {term.note}" if term.note else ""
        notes.append(f"glossary: {match.surface} → {required} ({rule}){note}")
    for placeholder in shield.placeholders if shield else ():
        if placeholder.kind == "value":
            written = placeholder.replacement(language)
            notes.append(f"value: {placeholder.source} → {written} (as {language} writes it)")
    notes += gender_notes(text, markup_spans(text))
    return tuple(dict.fromkeys(notes))  # a term used twice is noted once


def _template_notes(role: str, shield: ProtectedText | None, text: str) -> tuple[str, ...]:
    """Notes for every language, kept in the POT, where a msgmerge of a PO against its POT
    (as Weblate's add-on does) takes them from; each PO adds its own renderings."""
    notes = [f"role: {role}"]
    for match in shield.matches if shield else ():
        term = match.term
        rule = "keep as is" if term.kind == "keep" else "prescribed per language"
        note = f" — {term.note}" if term.note else ""
        notes.append(f"glossary: {match.surface} ({rule}){note}")
    notes += gender_notes(text, markup_spans(text))  # how each gender form reached the MT
    return tuple(dict.fromkeys(notes))


@dataclass
class _Run:
    """What the stages of one translate run share (made once per call, never global)."""

    workspace: Workspace
    targets: Sequence[str]
    detector: LanguageDetector
    registry: Registry | None
    glossary: Glossary | None
    policy: Policy
    stamp: str
    dry_run: bool
    report: TranslateReport
    provenance: dict = field(default_factory=dict)
    progress: ProgressHook | None = None
    #: language -> approvals and provenance recorded in the repository (pipeline.queue.records)
    records: dict[str, LanguageRecords] = field(default_factory=dict)
    #: catalog path -> [size, mtime_ns] as vielfalt last left it
    stamps: dict[str, list[int]] = field(default_factory=dict)
    #: units with no language (contact lines, addresses): copied through, never MT
    languageless: set[str] = field(default_factory=set)
    #: (announcement id, language) -> the catalog and its text ("ERROR" when unreadable)
    existing: dict[tuple[str, str], tuple[Catalog | None, str | None]] = field(default_factory=dict)
    memories: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (announcement id, language) -> units whose machine output the new models replace
    refresh: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: the git work tree the workspace is in (None: not in one), and the catalogs there that
    #: differ from the last commit or between its parents (pipeline.queue.history)
    repository: Path | None = None
    differs: set[Path] = field(default_factory=set)
    #: (announcement id, language) -> entries with a translator's work that the last commit
    #: has and the file lost (pipeline.queue.history)
    lost: dict[tuple[str, str], list[CatalogEntry]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Planned:
    announcement: Announcement
    units: list
    foreign: dict[str, str]  # unit key -> detected language of a non-German unit


def translate_workspace(
    workspace: Workspace,
    announcements: list[Announcement],
    targets: Sequence[str],
    *,
    detector: LanguageDetector,
    registry: Registry | None,
    glossary: Glossary | None,
    cache: MTCache | None = None,
    dry_run: bool = False,
    force: bool = False,
    now: dt.datetime | None = None,
    policy: Policy | None = None,
    refresh_mt: Sequence[str] = (),
    mt_step: Callable[..., ProtectedRun] = translate_protected,
    progress: ProgressHook | None = None,
) -> TranslateReport:
    """Bring the catalogs of `announcements` up to date for `targets`.

    Stages: what changed → what to translate → MT → merge and write. When the models of a
    language's route changed since an entry's machine output was made (or the language is in
    `refresh_mt`), untouched machine output is translated again and replaced; edited drafts
    get the new output as a suggestion; approvals stay."""
    now = now or dt.datetime.now(dt.UTC)
    run = _Run(
        workspace,
        targets,
        detector,
        registry,
        glossary,
        policy or Policy(workspace.policies.memory, workspace.policies.outdated_mt),
        now.strftime("%Y-%m-%d %H:%M%z"),
        dry_run,
        TranslateReport(dry_run=dry_run),
        {},
        progress,
    )
    _load_records(run)
    run.stamps = {
        k: v
        for k, v in _load_json(workspace.state_dir / _STAMPS).items()
        if isinstance(v, list) and len(v) == 2 and all(type(x) is int for x in v)
    }
    if not dry_run:
        for folder in (
            workspace.paths.locales / "templates",
            workspace.state_dir,
            *(workspace.paths.locales / lang for lang in targets),
        ):
            remove_stale_temporaries(folder)
    run.repository = history.repository_root(workspace.root)
    if run.repository is not None:
        run.differs = history.differing(run.repository, workspace.paths.locales)
    fingerprints = _load_json(workspace.state_dir / "sources.json")
    extra = _models_and_glossary(registry, glossary)
    plan = _what_changed(run, announcements, fingerprints, extra, force)
    need, languages = _what_to_translate(run, plan, refresh_mt)
    machine, shields = _machine_translate(run, need, languages, cache, mt_step)
    for number, planned in enumerate(plan, 1):
        if _merge_and_write(run, planned, machine, shields) and not dry_run:
            fingerprints[planned.announcement.id] = _fingerprint(
                planned.announcement, targets, extra
            )
            for path in _catalog_files(run, planned.announcement.id):
                if (stamp := _stamp(path)) is not None:
                    run.stamps[str(path)] = stamp
        if progress is not None:
            progress("Writing catalogs", number, len(plan))
    if not dry_run and plan:
        for name, value in (("sources.json", fingerprints), (_STAMPS, run.stamps)):
            atomic_write_text(
                workspace.state_dir / name, json.dumps(value, indent=1, sort_keys=True)
            )
        for language in targets:
            records.save(workspace.paths.locales, language, run.records[language])
    return run.report


#: size and modification time of each catalog as vielfalt last left it: a cache (a clone
#: without it reads every catalog once)
_STAMPS = "catalogs.json"


def _stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _catalog_files(run: _Run, announcement_id: str) -> list[Path]:
    return [catalog_path(run.workspace, lang, announcement_id) for lang in ["", *run.targets]]


def _load_records(run: _Run) -> None:
    """Each target's records from the repository; a workspace from before they existed
    starts from its old provenance file (.vielfalt/provenance.json)."""
    old = _load_json(run.workspace.state_dir / "provenance.json")
    for language in run.targets:
        loaded = records.load(run.workspace.paths.locales, language)
        if not loaded.provenance and isinstance(old.get(language), dict):
            loaded.provenance = {
                k: list(v)
                for k, v in old[language].items()
                if isinstance(k, str) and isinstance(v, list) and len(v) == 2
                and all(isinstance(x, str) for x in v)
            }  # fmt: skip
        run.records[language] = loaded
        run.provenance[language] = loaded.provenance


def _models_and_glossary(registry: Registry | None, glossary: Glossary | None) -> str:
    """What besides the German text decides an announcement's catalogs."""
    models = sorted(p.ident for p in registry.packages) if registry else []
    terms = (
        [(t.term, t.kind, t.translations, t.variants) for t in glossary.terms] if glossary else []
    )
    return json.dumps([models, hashlib.sha1(json.dumps(terms).encode()).hexdigest()])


def _what_changed(
    run: _Run, announcements: list[Announcement], fingerprints: dict, extra: str, force: bool
) -> list[_Planned]:
    """Announcements whose German, targets, models or glossary changed (or --force): their
    units and which of them are not German."""
    plan = []
    for announcement in announcements:
        fingerprint = _fingerprint(announcement, run.targets, extra)
        as_written = all(  # no other tool (msgmerge, an editor, Weblate) changed them since
            (stamp := _stamp(path)) is not None and run.stamps.get(str(path)) == stamp
            and path.resolve() not in run.differs  # nor a merge that took one side's file
            for path in _catalog_files(run, announcement.id)
        )
        if not force and as_written and fingerprints.get(announcement.id) == fingerprint:
            run.report.skipped.append(announcement.id)
            continue
        units = units_of(announcement)
        check = check_announcement(
            run.detector,
            announcement.id,
            str(announcement.path),
            units,
            run.workspace.source_language,
        )
        foreign = {u.unit_key: u.verdict.language for u in check.foreign_units}
        run.languageless |= {
            u.unit_key
            for u in check.units
            if u.verdict.basis in ("no-language-evidence", "no-letters")
        }
        foreign |= {  # contact lines, addresses, labels: no language, copied through
            u.unit_key: NO_LANGUAGE
            for u in check.units
            if u.verdict.basis in ("no-language-evidence", "no-letters")
        }
        plan.append(_Planned(announcement, units, foreign))
    return plan


def _what_to_translate(
    run: _Run, plan: list[_Planned], refresh_mt: Sequence[str]
) -> tuple[dict[str, SourceUnit], set[str]]:
    """Units that need MT, and in which languages: no text and no memory hit, or machine
    output whose models have changed since (those are also noted for refreshing)."""
    if plan:
        run.memories = {
            lang: translation_memory(run.workspace, lang, run.report.warnings)
            for lang in run.targets
        }
    routes = _current_routes(run.registry, run.workspace.source_language, run.targets)
    _read_existing(run, plan)
    need: dict[str, SourceUnit] = {}
    languages: set[str] = set()
    for planned in plan:
        for language in run.targets:
            if run.existing[(planned.announcement.id, language)][1] == "ERROR":
                continue
            catalog = run.existing[(planned.announcement.id, language)][0]
            have = catalog.by_key() if catalog else {}
            lost = {e.key for e in run.lost.get((planned.announcement.id, language), [])}
            recorded = run.provenance.get(language, {})
            for unit in planned.units:
                entry = have.get(unit.key)
                foreign = unit.key in planned.foreign
                if entry is not None and (entry.translation or entry.fuzzy):
                    route = route_of(entry) or recorded.get(unit.key, [None])[0]
                    changed = language in refresh_mt or (
                        route is not None and routes.get(language) not in (None, route)
                    )
                    if changed and entry.state in (ReviewState.MACHINE, ReviewState.APPROVED):
                        key = (planned.announcement.id, language)
                        run.refresh.setdefault(key, set()).add(unit.key)
                        if entry.state == ReviewState.MACHINE and not foreign:
                            need[unit.key] = SourceUnit(unit.key, unit.text, True)
                            languages.add(language)
                    continue
                if unit.text in run.memories[language] and not foreign:
                    continue
                if unit.key in run.records[language].approved or unit.key in lost:
                    continue  # an approval a tool deleted: restored by the merge, not MT
                need[unit.key] = SourceUnit(unit.key, unit.text, not foreign)
                languages.add(language)
    return need, languages


def _read_existing(run: _Run, plan: list[_Planned]) -> None:
    """Every catalog of the planned announcements, and what the last commit has of them
    that the files lost (`pipeline.queue.history`)."""
    paths: dict[Path, tuple[str, str]] = {}
    for planned in plan:
        for language in run.targets:
            key = (planned.announcement.id, language)
            path = catalog_path(run.workspace, language, planned.announcement.id)
            paths[path] = key
            try:
                run.existing[key] = read_catalog(path)
                catalog = run.existing[key][0]
                run.report.warnings += catalog.repairs if catalog else []
            except PluralEntryError as exc:  # a tool gave a unit plural forms: read it back
                run.existing[key] = _reshaped(run, path, language)
                run.report.warnings.append(
                    f"{exc.path}:{exc.lineno}: entries with plural forms (made by a tool or an "
                    "editor) were read back as single entries, their other forms kept in a "
                    "comment; approved ones restored from the approval record"
                )
            except CatalogError as exc:
                run.report.errors.append(str(exc))
                run.existing[key] = (None, "ERROR")
    _strays(run, plan)
    if run.repository is None or not paths:
        return
    for path, versions in history.committed_versions(run.repository, paths).items():
        key = paths[path]
        catalog = run.existing[key][0]
        present = kept_keys(catalog.entries) if catalog else set()
        lost: dict[str, CatalogEntry] = {}
        for text in versions:
            try:
                committed = loads(text, str(path))
            except CatalogError:
                continue  # a committed version git left broken: nothing to learn from it
            for entry in committed.entries:
                gone = entry.key and entry.key not in present and entry.key not in lost
                if gone and not entry.obsolete and has_human_work(entry) and entry.translation:
                    lost[entry.key] = entry
        if lost:
            run.lost[key] = list(lost.values())
            run.report.warnings.append(
                f"{path}: {len(lost)} entries with a translator's work were gone from the file "
                "and are restored from the last git commit"
            )


def _strays(run: _Run, plan: list[_Planned]) -> None:
    """A translator's entry moved into another announcement's catalog (its msgctxt is a unit
    of exactly one other announcement): restored in its own catalog, as git's lost entries are."""
    owners: dict[str, set[str]] = {}
    for planned in plan:
        for unit in planned.units:
            owners.setdefault(unit.key.rpartition("/")[2], set()).add(planned.announcement.id)
    for (ident, language), (catalog, _) in list(run.existing.items()):
        for entry in catalog.entries if catalog else []:
            unit = entry.key.rpartition("/")[2]
            home = owners.get(unit, set()) - {ident}
            if entry.obsolete or not has_human_work(entry) or not entry.translation:
                continue
            if ident in owners.get(unit, set()) or len(home) != 1:
                continue
            (owner,) = home
            run.lost.setdefault((owner, language), []).append(
                replace(entry, key=f"{owner}/{unit}")
            )
            run.report.warnings.append(
                f"{catalog_path(run.workspace, language, ident)}: the entry for unit {unit} "
                f"belongs to {owner}; restored in its catalog (the copy here is kept as obsolete)"
            )


def _reshaped(run: _Run, path: Path, language: str) -> tuple[Catalog, str]:
    """A catalog with plural-shaped entries read as single ones (see `catalog.loads`); an
    entry whose first form is the text the approval record holds is approved again."""
    text = path.read_text(encoding="utf-8")
    catalog = loads(text, str(path), reshape_plurals=True)
    approved = run.records[language].approved
    for entry in catalog.entries:
        record = approved.get(entry.key)
        if record and entry.fuzzy and record == (german_hash(entry.source), entry.translation):
            entry.fuzzy = False
    return catalog, text


def _machine_translate(
    run: _Run,
    need: dict[str, SourceUnit],
    languages: set[str],
    cache: MTCache | None,
    mt_step: Callable[..., ProtectedRun],
) -> tuple[dict[str, dict[str, MachineOutput]], dict[str, ProtectedText]]:
    """One batched, glossary-protected MT run over everything that needs it."""
    machine: dict[str, dict[str, MachineOutput]] = {lang: {} for lang in run.targets}
    if not need or run.registry is None or run.dry_run:
        return machine, {}
    wanted = []
    for language in (lang for lang in run.targets if lang in languages):
        try:
            run.registry.route(run.workspace.source_language, language)
            wanted.append(language)
        except ModelNotFound as exc:  # the other languages are still translated
            run.report.errors.append(f"{exc} — units stay untranslated")
    if not wanted:
        return machine, {}
    try:
        stats = RunStats()
        result = mt_step(
            list(need.values()),
            wanted,
            run.registry,
            run.glossary,
            source_language=run.workspace.source_language,
            cache=cache,
            stats=stats,
            options=decoding_options(run.workspace),
            progress=run.progress,
        )
    except ModelNotFound as exc:
        run.report.errors.append(f"{exc} — units stay untranslated")
        return machine, {}
    run.report.mt_sentences = stats.unique_sentences
    run.report.warnings += getattr(run.registry, "problems", [])  # servers given up on
    for translation in result.translations:
        run.report.demo_models |= translation.demo
        copied = translation.unit_key in run.languageless
        if "passed-through" in translation.flags and not copied:
            continue  # text in another language: left for a translator
        machine[translation.target][translation.unit_key] = MachineOutput(
            translation.text,
            "copied (no language)" if copied else translation.route_label,
            tuple(f"qa: review: {n}" for n in translation.notes),
        )
    return machine, dict(result.protected)


def _merge_and_write(
    run: _Run,
    planned: _Planned,
    machine: dict[str, dict[str, MachineOutput]],
    shields: dict[str, ProtectedText],
) -> bool:
    """The template and every language's catalog of one announcement; False if one failed."""
    workspace, announcement, units = run.workspace, planned.announcement, planned.units
    shields.update(
        {u.key: protect(u.text, run.glossary, values=True) for u in units if u.key not in shields}
    )
    reference = os.path.relpath(announcement.path, workspace.root) if announcement.path else ""
    template_path = catalog_path(workspace, "", announcement.id)
    try:
        template, template_text = read_catalog(template_path)
    except CatalogError:
        template, template_text = None, None  # vielfalt's own file, rebuilt from the sources
    template_units = [
        UnitSpec(
            u.key,
            u.text,
            u.role,
            (reference, str(u.lineno)),
            _template_notes(u.role, shields.get(u.key), u.text),
        )
        for u in units
    ]
    fresh = headers_for("", PROJECT, run.stamp, None)
    headers = complete_headers(template.headers, fresh) if template else fresh
    job = _CatalogJob(template_path, template, template_units, "", {}, {}, headers)
    job.text = template_text
    _write(run, job, {})
    pot_date = job.headers.get("POT-Creation-Date")
    complete = True
    for language in run.targets:
        catalog, text = run.existing[(announcement.id, language)]
        if text == "ERROR":
            complete = False
            continue
        specs = [
            UnitSpec(
                u.key,
                u.text,
                u.role,
                (reference, str(u.lineno)),
                _unit_notes(
                    u.role, language, shields.get(u.key), planned.foreign.get(u.key), u.text
                ),
            )
            for u in units
        ]
        job = _CatalogJob(
            catalog_path(workspace, language, announcement.id),
            catalog,
            specs,
            language,
            machine[language],
            run.memories[language],
            complete_headers(
                dict(catalog.headers) if catalog else {},
                headers_for(language, PROJECT, pot_date or run.stamp, None),
            ),
            frozenset(run.refresh.get((announcement.id, language), ())),
            {},
        )
        job.text = text
        counts = _write(run, job, shields)
        run.report.languages.setdefault(language, Counter()).update(counts)
    return complete


def _current_routes(
    registry: Registry | None, source: str, targets: Sequence[str]
) -> dict[str, str]:
    """The models each target's machine output would come from now (route labels)."""
    routes: dict[str, str] = {}
    if registry is None:
        return routes
    for language in targets:
        try:
            routes[language] = " → ".join(p.ident for p in registry.route(source, language))
        except ModelNotFound:
            continue
    return routes


def _load_json(path: Path) -> dict:
    """A cache of vielfalt's (fingerprints, catalog stamps, an old provenance file): a damaged
    one is rebuilt, costing only time."""
    try:
        data = statefiles.load(path, {"type": "object"})
    except (FileNotFoundError, statefiles.StateError):
        return {}
    return data if isinstance(data, dict) else {}


#: the "language" of a unit with no language evidence (pipeline.units.detect.has_language_evidence)
NO_LANGUAGE = "none"
#: Project-Id-Version of new catalogs: the same in every clone (never a folder's name)
PROJECT = "vielfalt"


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


@dataclass
class _CatalogJob:
    """One catalog to bring up to date: where it is, what it holds, what goes in."""

    path: Path
    catalog: Catalog | None
    specs: list[UnitSpec]
    language: str  # "" for the template
    machine: Mapping[str, MachineOutput]
    memory: Mapping[str, str]
    headers: dict[str, str]
    refresh: frozenset[str] = frozenset()
    #: receives each machine entry's route and output hash, kept in vielfalt's state where
    #: no PO editor or msgmerge can erase it
    provenance: dict[str, list[str]] | None = None
    #: the file's text as read (its unchanged entries keep their lines)
    text: str | None = None


def _write(run: _Run, job: _CatalogJob, shields: Mapping[str, ProtectedText]) -> Counter:
    """Merge and write one catalog; re-merge if a translator saved it meanwhile; no churn.

    A catalog's header is left to the translators' tools (PO-Revision-Date, Last-Translator,
    X-Generator: a header line changed on both sides would conflict in git); the template's
    POT-Creation-Date moves when its entries change. Unchanged entries keep their lines."""
    catalog, text, path, report = job.catalog, job.text, job.path, run.report
    width = run.workspace.catalog_wrap
    for _attempt in range(5):
        merged, counts = _merged(run, job, catalog, shields)
        if catalog is not None and same_content(catalog, merged):
            relaid = dumps(catalog, text, str(path), width) if text is not None else text
            if relaid == text:
                report.unchanged_files += 1
            else:  # the same entries, some laid out wider than the workspace writes them
                if not run.dry_run:
                    atomic_write_text(path, relaid or "")
                report.written.append(path)
            return counts
        merged.headers = dict(merged.headers)
        if not job.language:  # a catalog's own header lines belong to the translators' tools
            merged.headers["POT-Creation-Date"] = run.stamp
            job.headers["POT-Creation-Date"] = run.stamp
        if run.dry_run:
            report.written.append(path)
            return counts
        # A translator may have saved the file while MT ran: re-read and merge again.
        try:
            fresh_text = path.read_text(encoding="utf-8") if path.exists() else None
            if fresh_text != text:
                catalog, text = read_catalog(path)
                continue
        except (OSError, UnicodeDecodeError, CatalogError) as exc:
            report.errors.append(
                f"{path}: {exc}" if not isinstance(exc, CatalogError) else str(exc)
            )
            return Counter()
        atomic_write_text(path, dumps(merged, text, str(path), width))
        report.written.append(path)
        return counts
    raise VielfaltError(f"{path} keeps changing while vielfalt writes it; try again")


def _merged(
    run: _Run, job: _CatalogJob, catalog: Catalog | None, shields: Mapping[str, ProtectedText]
) -> tuple[Catalog, Counter]:
    """The merged catalog with its QA notes, and the counts of what the merge did."""
    result = merge(
        catalog,
        job.specs,
        job.language,
        job.machine,
        job.memory,
        job.headers,
        run.policy,
        refresh=job.refresh,
        records=run.records[job.language] if job.language else None,
        lost=run.lost.get((job.path.stem, job.language), []) if job.language else (),
    )
    merged = result.catalog
    if result.counts.get("rekeyed"):
        run.report.warnings.append(
            f"{job.path}: {result.counts['rekeyed']} entries without msgctxt were matched to "
            "their units by their German text (and get their msgctxt back)"
        )
    if job.language:
        merged, errors = _with_qa(merged, shields, run.detector, job.language)
        run.report.qa_errors += errors
    for kind in ("approval-restored", "approval-restored-as-draft"):
        if result.counts.get(kind):
            record = records.path_of(run.workspace.paths.locales, job.language)
            run.report.warnings.append(
                f"{job.path}: {result.counts[kind]} approved entries had gone (deleted by a tool?)"
                f" and were restored from {record}"
                + (" as drafts: their German changed since" if kind.endswith("draft") else "")
            )
    if job.provenance is not None and job.language and not run.dry_run:
        kept = LanguageRecords()
        for entry in merged.entries:
            route = route_of(entry)
            if entry.obsolete or not entry.key:
                continue
            if route is not None and entry.mt_record:
                job.provenance[entry.key] = [route, entry.mt_record]
            _record(kept, entry)
        run.records[job.language].set_announcement(job.path.stem, job.provenance, kept)
    return merged, result.counts


def _record(kept: LanguageRecords, entry: CatalogEntry) -> None:
    """What the records keep of an entry a tool might strip (see `pipeline.queue.records`)."""
    state = entry.state
    if state == ReviewState.APPROVED:
        kept.approved[entry.key] = (german_hash(entry.source), entry.translation)
    if state in (ReviewState.APPROVED, ReviewState.OUTDATED) and entry.translator_comment:
        kept.comments[entry.key] = entry.translator_comment
    if state == ReviewState.OUTDATED and entry.previous_source is not None:
        kept.outdated[entry.key] = (entry.previous_key or "", entry.previous_source)
        for note in entry.notes:
            if note.startswith("mt-suggestion:"):
                kept.suggestions[entry.key] = note[len("mt-suggestion:") :].strip()


def translate_all(
    workspace: Workspace,
    environ: Mapping[str, str],
    *,
    ids: Sequence[str] = (),
    targets: Sequence[str] | None = None,
    detector: LanguageDetector | None = None,
    dry_run: bool = False,
    force: bool = False,
    refresh_mt: bool = False,
    progress: ProgressHook | None = None,
) -> TranslateReport:
    """The one way the workspace is translated (`translate`, `sync` and `demo` call it): the
    announcements within the size cap, the models or servers, the glossary, the MT cache,
    the translate run, and Weblate's glossary files kept current. The caller holds the
    workspace lock and, with [weblate], the handshake around it. Unknown `ids` raise."""
    from pipeline.intake.sources import workspace_announcements
    from pipeline.mt.protected import open_cache, open_registry
    from pipeline.units.glossary import WEBLATE_GLOSSARY, open_glossary

    targets = list(targets or workspace.target_languages)
    announcements = workspace_announcements(workspace, ids)
    registry, problems = open_registry(workspace, environ)
    glossary = open_glossary(workspace)
    with open_cache(workspace) as cache:
        report = translate_workspace(
            workspace,
            announcements,
            targets,
            detector=detector or LanguageDetector(),
            registry=registry if registry.packages else None,
            glossary=glossary,
            cache=cache,
            dry_run=dry_run,
            force=force or refresh_mt,
            refresh_mt=targets if refresh_mt else (),
            progress=progress,
        )
    report.broken_packages = [str(p) for p in problems]
    report.cache_rebuilt = cache.rebuilt or None
    if not dry_run and (workspace.paths.glossaries / WEBLATE_GLOSSARY).is_dir():
        from pipeline.exchange.agencies import weblate_glossary_files

        report.warnings += weblate_glossary_files(workspace, glossary).edited
    return report
