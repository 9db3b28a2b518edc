"""What vielfalt records beside the catalogs, in the repository, so every clone has it.

One sorted, line-oriented file per language, `locales/.records/<lang>.tsv`, holds

- `approved`: each approved entry's unit, a hash of its German and the translator's text,
  so that an approval deleted or mangled by a tool (`msgattrib` run in place, a bad merge)
  is restored instead of being refilled with machine output;
- `mt`: each machine entry's route and the hash of the output it received, so untouched
  machine output is still recognised after `msgmerge` or an editor stripped vielfalt's notes;
- `comment`: the translator comment of each approved or outdated entry (restored with it);
- `outdated`: each outdated entry's previous unit and previous German, which `msgmerge`
  (without `--previous`) and Weblate's "Update PO files" drop;
- `suggestion`: the fresh machine output offered on an outdated entry (`mt-suggestion:`).

Lines are sorted by announcement and unit, so commits from two clones (Weblate's and the
city's) touching different announcements merge in git without conflict. The catalog's own
text stays the evidence: a record only says what vielfalt once wrote, never that a text a
translator changed is machine output (see `pipeline.queue.merge`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import LocatedError
from pipeline.fileio import atomic_write_text, refuse_conflict_markers

FOLDER = ".records"
HEADER = (
    "# vielfalt's records for this language: approvals (restored if an entry vanishes) and the "
    "provenance of machine output. Sorted, one per line; written by vielfalt."
)
#: the largest records file read (a city's whole queue is a few MB)
MAX_BYTES = 200_000_000


class RecordsError(LocatedError):
    """A records file that cannot be read as vielfalt writes it."""


def german_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class LanguageRecords:
    """Approvals and provenance of one language, by full unit key (`<id>/<hash>`)."""

    #: key -> (hash of the German, the approved translation)
    approved: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: key -> [route, hash of the machine output]
    provenance: dict[str, list[str]] = field(default_factory=dict)
    #: key -> the translator comment of an approved or outdated entry
    comments: dict[str, str] = field(default_factory=dict)
    #: key -> (previous unit key or "", previous German) of an outdated entry
    outdated: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: key -> the machine output offered on an outdated entry
    suggestions: dict[str, str] = field(default_factory=dict)

    def tables(self) -> tuple[dict, ...]:
        return (self.approved, self.provenance, self.comments, self.outdated, self.suggestions)

    def set_announcement(
        self, announcement_id: str, provenance: dict[str, list[str]], kept: LanguageRecords
    ) -> None:
        """Replace what is recorded for one announcement by `kept` (and `provenance`)."""
        prefix = f"{announcement_id}/"
        mine = (*kept.tables()[:1], provenance, *kept.tables()[2:])
        for table, new in zip(self.tables(), mine, strict=True):
            for key in [k for k in table if k.startswith(prefix)]:
                del table[key]
            table.update(new)

    def dumps(self) -> str:
        lines = [HEADER]
        rows = [("approved", key, german, _quoted(text))
                for key, (german, text) in self.approved.items()]  # fmt: skip
        rows += [("mt", key, route, sha) for key, (route, sha) in self.provenance.items()]
        rows += [("comment", key, "-", _quoted(text)) for key, text in self.comments.items()]
        rows += [("outdated", key, previous.rpartition("/")[2] or "-", _quoted(german))
                 for key, (previous, german) in self.outdated.items()]  # fmt: skip
        rows += [("suggestion", key, "-", _quoted(text)) for key, text in self.suggestions.items()]
        for kind, key, first, second in sorted(rows, key=lambda r: (r[1], r[0])):
            announcement, _, unit = key.rpartition("/")
            lines.append("\t".join((kind, announcement, unit, first, second)))
        return "\n".join(lines) + "\n"


def path_of(locales: Path, language: str) -> Path:
    return locales / FOLDER / f"{language}.tsv"


def load(locales: Path, language: str) -> LanguageRecords:
    """The records of a language; none when there is no file. A damaged line is an error
    naming the file and line (the file is left as it is)."""
    path = path_of(locales, language)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise RecordsError(path, None, f"is over {MAX_BYTES // 1_000_000} MB")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LanguageRecords()
    except UnicodeDecodeError:
        raise RecordsError(path, None, "not valid UTF-8") from None
    except OSError as exc:
        raise RecordsError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    return loads(text, path)


def loads(text: str, path: Path | str) -> LanguageRecords:
    refuse_conflict_markers(text, path, RecordsError)
    records = LanguageRecords()
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5 or not fields[1] or not fields[2]:
            raise RecordsError(path, number, "not a record line (kind, announcement, unit, …)")
        kind, announcement, unit, first, second = fields
        key = f"{announcement}/{unit}"
        if kind == "mt":
            records.provenance[key] = [first, second]
            continue
        if kind not in _QUOTED_KINDS:
            raise RecordsError(path, number, f"unknown record kind {kind!r}")
        try:
            text_value = json.loads(second)
        except (ValueError, RecursionError):
            text_value = None
        if not isinstance(text_value, str):
            raise RecordsError(path, number, f"the {kind} text is not a quoted string")
        if kind == "approved":
            records.approved[key] = (first, text_value)
        elif kind == "comment":
            records.comments[key] = text_value
        elif kind == "outdated":
            previous = f"{announcement}/{first}" if first != "-" else ""
            records.outdated[key] = (previous, text_value)
        else:
            records.suggestions[key] = text_value
    return records


_QUOTED_KINDS = ("approved", "comment", "outdated", "suggestion")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def save(locales: Path, language: str, records: LanguageRecords) -> None:
    path = path_of(locales, language)
    text = records.dumps()
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
