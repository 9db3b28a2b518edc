"""The git merge driver for the review queue: catalogs and records merged entry by entry.

Git merges PO files line by line, so a translator's approval and the city's change of the
same paragraph meet as conflict markers, and whoever resolves them with "ours" or "theirs"
drops the other's work. `vielfalt merge-driver install` makes git hand `locales/` files to
this module instead (`.gitattributes` and the repository's own config). Its rules:

- a translator's text always survives: approved stays approved unless its German changed;
  then it is outdated, with the old German as previous source, on the new paragraph;
- machine output never beats a human's text;
- where both sides changed one translation differently, one is kept (fuzzy, for review) and
  the other in a translator comment, with a line on stderr: never conflict markers.

Records (`locales/.records/*.tsv`) are merged line by line by their key. Both directions
are the same merge: the city merging a translator's branch, and a translator's branch
rebased onto the city's (as Weblate pulls).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import VielfaltError
from pipeline.queue.catalog import Catalog, CatalogEntry, ReviewState, dumps, loads
from pipeline.queue.merge import OUTDATED_SIMILARITY, has_human_work, similarity, take_over
from pipeline.queue.records import FOLDER as RECORDS_FOLDER
from pipeline.queue.records import HEADER as RECORDS_HEADER

DRIVER = "vielfalt"
#: what `.gitattributes` gets, below the locales folder
PATTERNS = ("**/*.po", "**/*.pot", f"{RECORDS_FOLDER}/*.tsv")
ATTRIBUTES_NOTE = "# vielfalt: catalogs and records merged entry by entry (vielfalt merge-driver)"
OTHER_VERSION = "other version (kept by vielfalt's merge): "


class MergeDriverError(VielfaltError):
    """A side of the merge that cannot be read; git is left to report the conflict."""


@dataclass
class MergeOutcome:
    text: str
    #: one line each where both sides changed a translation differently
    notes: list[str] = field(default_factory=list)


def merge_file(base: str, ours: str, theirs: str, path: str, width: int) -> MergeOutcome:
    """The merged text of one file of `locales/` (`path` as git names it: the file's name
    says which announcement its keys belong to)."""
    if Path(path).parent.name == RECORDS_FOLDER and path.endswith(".tsv"):
        return MergeOutcome(merge_records(base, ours, theirs))
    catalogs = []
    for side, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        try:
            catalogs.append(loads(text, path) if text.strip() else None)
        except VielfaltError as exc:
            raise MergeDriverError(f"{path} ({side}): {exc}") from None
    notes: list[str] = []
    merged = merge_catalogs(*catalogs, note=notes.append, path=path)
    return MergeOutcome(dumps(merged, ours, path, width), notes)


def _content(entry: CatalogEntry | None) -> tuple | None:
    if entry is None:
        return None
    return (entry.translation, entry.fuzzy, entry.previous_source, entry.translator_comment)


def _human(entry: CatalogEntry | None) -> bool:
    return entry is not None and bool(entry.translation) and has_human_work(entry)


def _resolve(
    base: CatalogEntry | None,
    ours: CatalogEntry,
    theirs: CatalogEntry,
    note: Callable[[str], None],
    path: str,
) -> CatalogEntry:
    """One unit both sides have."""
    o, t, b = _content(ours), _content(theirs), _content(base)
    if o == t:
        return ours
    if o == b and not (_human(ours) and not _human(theirs)):
        return theirs
    if t == b and not (_human(theirs) and not _human(ours)):
        return ours
    if _human(ours) != _human(theirs):
        return ours if _human(ours) else theirs
    if not _human(ours):
        return ours
    if ours.translation == theirs.translation:  # one side approved, the other not (yet)
        return ours if ours.state == ReviewState.APPROVED else theirs
    comment = "\n".join(
        c for c in (ours.translator_comment, OTHER_VERSION + theirs.translation) if c
    )
    note(
        f"{path}: {ours.key}: both sides changed the translation; kept one for review "
        "(fuzzy), the other in a translator comment"
    )
    return replace(ours, fuzzy=True, translator_comment=comment)


def merge_catalogs(
    base: Catalog | None,
    ours: Catalog | None,
    theirs: Catalog | None,
    *,
    note: Callable[[str], None] = lambda _: None,
    path: str = "<catalog>",
) -> Catalog:
    """Three-way merge of one catalog by unit key (see the module's rules)."""
    if ours is None or theirs is None:
        kept = ours or theirs
        if kept is None:
            raise MergeDriverError(f"{path}: neither side has a catalog")
        return kept
    base_active = base.by_key() if base else {}
    mine, other = ours.by_key(), theirs.by_key()
    removed_by = {
        "ours": {e.key for e in ours.entries if e.obsolete} | (set(base_active) - set(mine)),
        "theirs": {e.key for e in theirs.entries if e.obsolete} | (set(base_active) - set(other)),
    }
    entries: list[CatalogEntry] = []
    orphans: list[CatalogEntry] = []  # a translator's text whose unit the other side removed
    for key in [*mine, *(k for k in other if k not in mine)]:
        o, t, b = mine.get(key), other.get(key), base_active.get(key)
        if o is not None and t is not None:
            entries.append(_resolve(b, o, t, note, path))
            continue
        present, remover = (o, "theirs") if o is not None else (t, "ours")
        assert present is not None
        if key not in removed_by[remover] and b is None:
            entries.append(present)  # added on one side
        elif _human(present) and _content(present) != _content(b):
            orphans.append(present)
        elif _human(present) and b is not None and _human(b):
            orphans.append(present)  # an approval the other side's German change left behind
    for orphan in orphans:
        _place(orphan, entries, set(base_active))
    active_keys = {e.key for e in entries if not e.obsolete} | {o.key for o in orphans}
    obsolete: list[CatalogEntry] = []
    seen: set[tuple] = set()
    for entry in [*ours.entries, *theirs.entries]:
        if not entry.obsolete or entry.key in active_keys:
            continue
        identity = (entry.key, entry.source, entry.translation)
        if identity not in seen:
            seen.add(identity)
            obsolete.append(entry)
    headers = dict(ours.headers)
    for name, value in theirs.headers.items():
        if name not in ours.headers or ours.headers[name] == (base.headers if base else {}).get(
            name
        ):
            headers[name] = value
    return Catalog(ours.language, headers, entries + obsolete, list(ours.header_comments))


def _place(orphan: CatalogEntry, entries: list[CatalogEntry], base_keys: set[str]) -> None:
    """A translator's text whose German the other side changed: it takes the place of the
    new paragraph's machine output (outdated), or is kept as an obsolete entry."""
    if any(e.previous_key == orphan.key and e.translation == orphan.translation for e in entries):
        return  # the other side's vielfalt run carried it over already
    best, score = -1, 0.0
    for index, entry in enumerate(entries):
        fresh = entry.key not in base_keys
        machine = entry.state == ReviewState.UNTRANSLATED or (
            entry.state == ReviewState.MACHINE and entry.is_untouched_machine
        )
        if fresh and machine:
            value = similarity(orphan.source, entry.source)
            if value > score:
                best, score = index, value
    if best >= 0 and score >= OUTDATED_SIMILARITY:
        entries[best] = take_over(orphan, entries[best])
    else:
        entries.append(replace(orphan, obsolete=True, references=[]))


def merge_records(base: str, ours: str, theirs: str) -> str:
    """Records merged by their key (kind, announcement, unit): a line both sides changed
    differently keeps ours (records describe catalogs; the next run rewrites them)."""

    def rows(text: str) -> dict[tuple[str, str, str], str]:
        table = {}
        for line in text.split("\n"):
            fields = line.split("\t")
            if line and not line.startswith("#") and len(fields) == 5:
                table[(fields[1], fields[2], fields[0])] = line
        return table

    b, o, t = rows(base), rows(ours), rows(theirs)
    merged = {}
    for key in {*o, *t}:
        mine, other, old = o.get(key), t.get(key), b.get(key)
        if mine == other or other == old:
            chosen = mine
        elif mine == old:
            chosen = other
        else:
            chosen = mine if mine is not None else other
        if chosen is not None:
            merged[key] = chosen
    lines = [merged[k] for k in sorted(merged, key=lambda k: (f"{k[0]}/{k[1]}", k[2]))]
    return "\n".join([RECORDS_HEADER, *lines]) + "\n"


def attribute_lines(locales: str) -> list[str]:
    """The `.gitattributes` lines for a locales folder (relative to the repository, posix)."""
    prefix = f"{locales.strip('/')}/" if locales.strip("/") not in ("", ".") else ""
    return [f"{prefix}{pattern} merge={DRIVER}" for pattern in PATTERNS]


def driver_command(executable: str) -> str:
    """What git runs: %O base, %A ours (the result is written there), %B theirs, %P path."""
    return f"{shlex.quote(executable)} merge-driver run %O %A %B %P"
