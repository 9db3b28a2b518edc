"""Announcements into translation units, units into sentences (German-aware, lossless)."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

from pipeline.model import Announcement, Unit
from pipeline.units.german import MONTHS

_HEADING = re.compile(r"^(#{1,6}\s+)(.*)$")
_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d{1,3}[.)])\s+)(.*)$")


def _content_hash(role: str, text: str) -> str:
    return hashlib.sha1(f"{role}\0{text}".encode()).hexdigest()[:10]


def _blocks(body: str, first_line: int) -> list[tuple[int, str, str, str]]:
    """(line, role, prefix, text) for each heading, list item and paragraph."""
    found: list[tuple[int, str, str, str]] = []
    paragraph: list[str] = []
    start = 0

    def flush() -> None:
        if paragraph:
            found.append((start, "paragraph", "", " ".join(part.strip() for part in paragraph)))
            paragraph.clear()

    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        item = _LIST_ITEM.match(line)
        if heading:
            flush()
            found.append((number, "heading", heading.group(1), heading.group(2).strip()))
        elif item:
            flush()
            found.append((number, "list-item", item.group(1).lstrip(), item.group(2).strip()))
        elif not paragraph and found and found[-1][1] == "list-item" and line[:1].isspace():
            line_no, role, prefix, text = found[-1]  # indented continuation of a list item
            found[-1] = (line_no, role, prefix, f"{text} {line.strip()}")
        else:
            if not paragraph:
                start = number
            paragraph.append(line)
    flush()
    return found


def units_of(announcement: Announcement) -> list[Unit]:
    """The title, the summary, then one unit per paragraph, heading or list item.

    Keys are `<id>/<content hash>`, with `-2`, `-3` … for repeated identical units:
    editing, inserting or removing one paragraph never changes another unit's key.
    """
    units: list[Unit] = []
    seen: dict[str, int] = {}

    def add(role: str, text: str, prefix: str, lineno: int) -> None:
        digest = _content_hash("title" if role == "title" else "body", text)
        seen[digest] = seen.get(digest, 0) + 1
        key = f"{announcement.id}/{digest}"
        if seen[digest] > 1:
            key += f"-{seen[digest]}"
        units.append(
            Unit(
                key=key,
                announcement_id=announcement.id,
                role=role,
                text=text,
                prefix=prefix,
                lineno=lineno,
                path=announcement.path,
            )
        )

    add("title", announcement.title, "", 2)
    if announcement.summary:
        add("summary", announcement.summary, "", 2)
    for lineno, role, prefix, text in _blocks(announcement.body, announcement.body_line):
        add(role, text, prefix, lineno)
    return units


# ---------------------------------------------------------------- sentences

#: Abbreviations after which a period does not end a sentence (compared case-sensitively
#: without the period; single letters are covered separately).
ABBREVIATIONS = frozenset(
    [
        # rooms, stations, offices and forms of address in municipal notices
        "Zi",
        "Zr",
        "Rm",
        "Hbf",
        "Bhf",
        "Abt",
        "Ref",
        "Dez",
        "Verw",
        "Bez",
        "Ziff",
        "Hrsg",
        "Mob",
        "Fa",
        "Nr",
        "Dr",
        "Prof",
        "bzw",
        "ca",
        "Str",
        "St",
        "usw",
        "vgl",
        "ggf",
        "evtl",
        "inkl",
        "exkl",
        "zzgl",
        "Tel",
        "Fax",
        "Mio",
        "Mrd",
        "Hr",
        "Fr",
        "Frl",
        "Jh",
        "Jhd",
        "Abs",
        "Art",
        "bspw",
        "sog",
        "geb",
        "gest",
        "Std",
        "Min",
        "Sek",
        "max",
        "min",
        "Mo",
        "Di",
        "Mi",
        "Do",
        "Sa",
        "So",
        "Jan",
        "Feb",
        "Mär",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Okt",
        "Nov",
        "Dez",
        "Bd",
        "Hrsg",
        "Kap",
        "Abb",
        "Tab",
        "Anm",
        "Aufl",
        "Bhf",
        "Pl",
        "Kl",
        "Kr",
        "Ltd",
        "Mrs",
        "Mr",
        "engl",
        "franz",
        "lat",
        "dt",
        "allg",
        "ehem",
        "einschl",
        "entspr",
        "gem",
        "Gebr",
        "jew",
        "lfd",
        "möbl",
        "näml",
        "o.ä",
        "u.a",
        "z.B",
        "z.T",
        "d.h",
        "s.o",
        "s.u",
        "u.ä",
        "i.d.R",
        "u.U",
        "v.a",
        "e.V",
    ]
)
_MONTHS = "|".join(m.capitalize() for m in MONTHS if m != "maerz")
# A candidate boundary: terminal punctuation (closing quotes/brackets may follow), then space.
_BOUNDARY = re.compile(r"[.!?](?:[\"'”“‘’»«)\]]*)(?=\s+)")
_URL_OR_MAIL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NEXT_START = re.compile(r"\s+([\"'„“‚‘»«(\[]*)(\S)")


@dataclass(frozen=True)
class Sentences:
    """A unit split into sentences; `parts[i] + gaps[i]` concatenated give the unit back."""

    parts: tuple[str, ...]
    gaps: tuple[str, ...]
    leading: str = ""

    def join(self, parts: list[str] | tuple[str, ...] | None = None) -> str:
        chosen = self.parts if parts is None else parts
        return self.leading + "".join(p + g for p, g in zip(chosen, self.gaps, strict=True))


#: a date in figures, its parts perhaps spaced: „15. 8. 2019“, „15.08.19“
_NUMERIC_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})(?![\d])")


_MONTH_AHEAD = re.compile(rf"(?:{_MONTHS})\b")


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether `position` falls inside one of the sorted, disjoint `spans` (not on its last
    character): a binary search, so a long text with many dates or links stays linear."""
    at = bisect.bisect_right(spans, (position, len(spans) + 1 << 62)) - 1
    return at >= 0 and spans[at][0] <= position < spans[at][1] - 1


def _is_boundary(text: str, dot: int, end: int, dates: list[tuple[int, int]]) -> bool:
    """Decide whether the punctuation at `dot` (followed by whitespace at `end`) ends a sentence.
    `dates` are the spans of dates in figures in `text`. Each test looks only near `dot`."""
    char = text[dot]
    next_match = _NEXT_START.match(text, end)
    if next_match is None:
        return False
    following = next_match.group(2)
    if char in "!?":
        return following.isupper() or following.isdigit() or bool(next_match.group(1))
    begin = dot
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    word = text[begin:dot]
    bare = word.lstrip("(\"'„“‚‘»«[")
    # Lowercase continuation: "10.30 Uhr", "am 9. februar" typos, "z. b." – never a boundary.
    if not (following.isupper() or following.isdigit() or next_match.group(1)):
        return False
    if not bare:
        return True
    if bare in ABBREVIATIONS:
        return False
    if len(bare) == 1 and bare.isalpha():  # initials, "z. B.", "u. a."
        return False
    if re.fullmatch(r"[a-zäöü]\.[a-zäöü]", bare, re.IGNORECASE):  # "z.B", "d.h"
        return False
    if _inside(dates, dot):
        return False  # inside „15. 8. 2019“ or „15.08.19“
    if bare.isdigit():
        if len(bare) <= 2 and _MONTH_AHEAD.match(text, next_match.start(2)):
            return False  # "9. Februar"
        if len(bare) <= 2 and following.isupper():
            return False  # ordinal before a noun: "am 3. Tag", "zum 20. Mal"
    if bare.endswith(".."):  # "..." as an ellipsis inside a sentence
        return False
    # "Bahnhofstr. 12", "Europapl. 1": street abbreviations inside compounds
    return not (re.search(r"(?:str|Str|pl|Pl)$", bare) and len(bare) > 3)


def split_sentences(text: str) -> Sentences:
    """Split a unit into sentences; never inside dates, § numbers, abbreviations, URLs, times."""
    stripped = text.lstrip()
    leading = text[: len(text) - len(stripped)]
    protected = [(m.start(), m.end()) for m in _URL_OR_MAIL.finditer(text)]
    dates = [(m.start(), m.end()) for m in _NUMERIC_DATE.finditer(text)]
    parts: list[str] = []
    gaps: list[str] = []
    start = len(leading)
    for match in _BOUNDARY.finditer(text):
        dot, end = match.start(), match.end()
        if dot < start or _inside(protected, dot):
            continue
        if not _is_boundary(text, dot, end, dates):
            continue
        space_end = end
        while space_end < len(text) and text[space_end].isspace():
            space_end += 1
        parts.append(text[start:end])
        gaps.append(text[end:space_end])
        start = space_end
    rest = text[start:]
    body = rest.rstrip()
    if body or not parts:
        parts.append(body)
        gaps.append(rest[len(body) :])
    else:
        gaps[-1] += rest
    return Sentences(tuple(parts), tuple(gaps), leading)
