"""The review queue's rule book: current units merged into a catalog, pure (no I/O).

`merge()` keeps every approval and translator comment, lets a changed paragraph inherit the
translation of its old version (outdated), fills new entries from translation memory or MT,
and refreshes untouched machine output when the models changed.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from pipeline.queue.catalog import (
    MT_MARK,
    Catalog,
    CatalogEntry,
    ReviewState,
    adopt_keyless,
    text_hash,
)
from pipeline.queue.records import LanguageRecords, german_hash

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


@dataclass(frozen=True)
class Policy:
    tm_as: str = "approved"  # "approved" | "fuzzy"
    mt_for_outdated: bool = True


@dataclass
class MergeResult:
    catalog: Catalog
    counts: Counter = field(default_factory=Counter)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def kept_keys(entries: Sequence[CatalogEntry]) -> set[str]:
    """Units whose entry a file still holds: active, or obsolete with a translator's work."""
    return {e.key for e in entries if not e.obsolete or (e.translation and has_human_work(e))}


def has_human_work(entry: CatalogEntry) -> bool:
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
    records: LanguageRecords | None = None,
    lost: Sequence[CatalogEntry] = (),
) -> MergeResult:
    """Merge current units into a catalog. Approved work and translator comments survive all.

    `refresh` names units whose machine output came from models that have changed since:
    untouched machine output (its text still hashes to the recorded one, from the entry's
    note or, when msgmerge or an editor dropped that, from `records.provenance`) is replaced
    by the new output in `machine`; an edited draft keeps its text and gets the new output
    as a suggestion; approved entries are never touched.

    `records` (`pipeline.queue.records`) brings back what a tool deleted: an approved entry (with
    its translator comment), approved again while the German is the same, a draft when it
    changed; an outdated entry's previous German and its machine suggestion. `lost` are
    entries with a translator's work that the last commit has and the file no longer has
    (`pipeline.queue.history`): restored like the catalog's own entries, never replaced by MT."""
    records = records or LanguageRecords()
    counts: Counter = Counter()
    old_entries = adopt_keyless(
        existing.entries if existing else [], [(u.key, u.text) for u in units]
    )
    originals = existing.entries if existing else []
    counts["rekeyed"] = sum(
        1 for old, new in zip(originals, old_entries, strict=True) if old is not new
    )
    present = kept_keys(old_entries)
    found = [e for e in lost if e.key and e.key not in present]
    counts["restored-from-git"] = len(found)
    if found:  # an obsolete machine copy of a restored entry gives way to it
        back = {e.key for e in found}
        old_entries = [e for e in old_entries if not (e.obsolete and e.key in back)]
        old_entries += [replace(e, obsolete=False) for e in found]
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
            found_at = next((i for i, e in enumerate(obsolete) if e.key == unit.key), None)
            if found_at is not None:
                entry = replace(obsolete.pop(found_at), obsolete=False)  # the unit came back
                counts["revived"] += 1
        if entry is None:
            entry = _restored(unit, records, counts)
            if entry is not None:
                entries.append(entry)
                continue
        if entry is not None:
            entries.append(_update(entry, unit, machine, memory, policy, counts, refresh, records))
        else:
            entries.append(_new_key(unit, vanished, consumed, machine, memory, policy, counts))
    for old in vanished:
        if id(old) in consumed:
            continue
        if _rescue(old, entries, policy, counts):
            continue
        obsolete.append(replace(old, obsolete=True, references=[]))
        counts["obsoleted"] += 1
    entries += obsolete
    comments = existing.header_comments if existing else [""]
    return MergeResult(Catalog(language, headers, entries, list(comments)), counts)


def _rescue(
    old: CatalogEntry, entries: list[CatalogEntry], policy: Policy, counts: Counter
) -> bool:
    """A translator's text whose German changed while another writer had already given the
    new German machine output (two writers, one paragraph): the human text takes the place
    of the untouched machine output, as outdated, the machine text kept as a suggestion."""
    if not old.translation or not has_human_work(old):
        return False
    best, score = -1, 0.0
    for index, entry in enumerate(entries):
        if entry.state == ReviewState.MACHINE and entry.is_untouched_machine:
            value = similarity(old.source, entry.source)
            if value > score:
                best, score = index, value
    if best < 0 or score < OUTDATED_SIMILARITY:
        return False
    entries[best] = take_over(old, entries[best], suggest=policy.mt_for_outdated)
    counts["outdated"] += 1
    return True


def take_over(old: CatalogEntry, machine: CatalogEntry, *, suggest: bool = True) -> CatalogEntry:
    """`old`'s human text in place of `machine`'s output for the changed paragraph: outdated,
    the old German as previous, the machine text offered as a suggestion."""
    notes = [n for n in machine.notes if not n.startswith((MT_MARK, "mt-suggestion:"))]
    if suggest and machine.translation:
        notes.append(f"mt-suggestion: {machine.translation}")
    unit = UnitSpec(machine.key, machine.source, "", ("", ""))
    return replace(_inherited(old, unit, notes), references=list(machine.references))


def _inherited(old: CatalogEntry, unit: UnitSpec, notes: list[str]) -> CatalogEntry:
    """`old`'s translation for a changed paragraph: outdated, the old German as previous."""
    return CatalogEntry(
        key=unit.key,
        source=unit.text,
        translation=old.translation,
        fuzzy=True,
        previous_source=old.previous_source if old.previous_source is not None else old.source,
        previous_key=old.previous_key if old.previous_key is not None else old.key,
        references=[unit.reference],
        notes=notes,
        other_notes=list(old.other_notes),
        translator_comment=old.translator_comment,
        other_flags=list(old.other_flags),
    )


def _restored(unit: UnitSpec, records: LanguageRecords, counts: Counter) -> CatalogEntry | None:
    """The approved entry a tool deleted, from the approval record (with its comment)."""
    record = records.approved.get(unit.key)
    if record is None or not record[1]:
        return None
    same_german = record[0] == german_hash(unit.text)
    counts["approval-restored" if same_german else "approval-restored-as-draft"] += 1
    return CatalogEntry(
        key=unit.key,
        source=unit.text,
        translation=record[1],
        fuzzy=not same_german,
        references=[unit.reference],
        notes=list(unit.notes),
        translator_comment=records.comments.get(unit.key, ""),
    )


def _update(
    entry: CatalogEntry,
    unit: UnitSpec,
    machine: Mapping[str, MachineOutput],
    memory: Mapping[str, str],
    policy: Policy,
    counts: Counter,
    refresh: frozenset[str],
    records: LanguageRecords,
) -> CatalogEntry:
    """A unit that has its entry: German, reference and vielfalt's notes brought up to date;
    filled if empty, refreshed if its models changed; a human's text is never touched; what
    msgmerge dropped (provenance, previous German, suggestion) comes back from the records."""
    entry = replace(entry, source=unit.text, references=[unit.reference])
    owned = [
        n for n in entry.notes if n.startswith((MT_MARK, "tm:", "qa: review:", "mt-suggestion:"))
    ]
    record = records.provenance.get(unit.key)
    if record and not any(n.startswith(MT_MARK) for n in owned):
        route, output_hash = record[0], record[1]
        if entry.fuzzy and entry.translation and text_hash(entry.translation) == output_hash:
            # msgmerge or an editor dropped the provenance line of untouched machine output
            owned.insert(0, f"{MT_MARK} {route} sha={output_hash}")
            counts["provenance-restored"] += 1
    previous = records.outdated.get(unit.key)
    machine_text = record is not None and text_hash(entry.translation) == record[1]
    lost_previous = entry.fuzzy and entry.translation and entry.previous_source is None
    if previous and lost_previous and not machine_text:
        # msgmerge without --previous (or Weblate's "Update PO files") dropped `#| msgid`
        entry.previous_key, entry.previous_source = previous[0] or None, previous[1]
        counts["outdated-restored"] += 1
    suggestion = records.suggestions.get(unit.key)
    has_suggestion = any(n.startswith("mt-suggestion:") for n in owned)
    if suggestion and entry.state == ReviewState.OUTDATED and not has_suggestion:
        owned.append(f"mt-suggestion: {suggestion}")
    entry.notes = [*unit.notes, *owned]
    if not entry.translation and not entry.fuzzy:
        return _fill(entry, unit, machine, memory, policy, counts)
    if unit.key in refresh:
        return _refresh(entry, machine.get(unit.key), record[1] if record else None, counts)
    return entry


def _new_key(
    unit: UnitSpec,
    vanished: list[CatalogEntry],
    consumed: set[int],
    machine: Mapping[str, MachineOutput],
    memory: Mapping[str, str],
    policy: Policy,
    counts: Counter,
) -> CatalogEntry:
    """A unit without an entry: a changed paragraph inherits the translation of its old
    version (as outdated); otherwise a new entry, filled from MT or memory."""
    best, score = None, 0.0
    for old in vanished:
        if id(old) in consumed or not has_human_work(old):
            continue
        value = similarity(old.source, unit.text)
        if value > score:
            best, score = old, value
    inherits = best is not None and score >= OUTDATED_SIMILARITY
    if inherits:
        consumed.add(id(best))
    if best is not None and inherits and best.translation:
        notes = list(unit.notes)
        if policy.mt_for_outdated and unit.key in machine:
            notes.append(f"mt-suggestion: {machine[unit.key].text}")
        counts["outdated"] += 1
        return _inherited(best, unit, notes)
    # New text; a translator's comment on its untranslated old version comes along.
    fresh = CatalogEntry(
        key=unit.key,
        source=unit.text,
        references=[unit.reference],
        notes=list(unit.notes),
        translator_comment=best.translator_comment if best is not None and inherits else "",
    )
    counts["new"] += 1
    return _fill(fresh, unit, machine, memory, policy, counts)


def _refresh(
    entry: CatalogEntry, output: MachineOutput | None, recorded: str | None, counts: Counter
) -> CatalogEntry:
    """New models' output for an entry made by older ones (see `merge`)."""
    if entry.state == ReviewState.APPROVED:
        counts["approved-untouched"] += 1
        return entry
    if output is None or entry.state != ReviewState.MACHINE:
        return entry
    # The entry's own note is the evidence; the record stands in only where a tool stripped
    # the note, and never outranks it (a record naming a draft's hash changes nothing then).
    evidence = entry.mt_record if entry.mt_record is not None else recorded
    untouched = evidence is not None and text_hash(entry.translation) == evidence
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
