"""Listings found by their shape, not by one city's words.

Another city's listing has no „Meldung vom“ header and no „mehr zur Meldung“ line, but the
same parts in an order that repeats down the page: a date (a line of its own — with a time or
a category after it — or at the end of the title line), a headline, a teaser, often a link
label („Mehr“, „weiterlesen »“, „[Zurück]“). This module finds the dates that anchor the
entries, decides from the whole page whether the headline stands after or before its date,
and cuts the page there. What repeats before every entry (a section label such as „Rathaus &
Politik“), link labels, photo credits and short kickers above a headline are chrome, each
dropped with its rule so `ingest --dry-run` shows it.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.intake.pages import Entry, PageReading, SiteProfile, parse_date
from pipeline.units.german import DATE_LINE, DATE_TEXT

#: general chrome rules of listings (any city): what a reader clicks, and who took the photo
LINK_LABEL = re.compile(
    r"\[?(?:mehr|weiter(?:lesen)?|zum artikel|artikel lesen|zur meldung|details|mehr erfahren|"
    r"mehr lesen|zurück|lesen sie mehr)\]?\s*[»›>…]*",
    re.IGNORECASE,
)
CREDIT = re.compile(
    r"(?:(?:Fotos?|Bild(?:er)?|Quelle|Copyright)\s*:.{0,120}|.{0,120};\s*Fotos?\s*:.{0,80}|©.{0,120}"
    r"|[A-ZÄÖÜ][\w.\-]*(?: [\w.\-]+){0,3}/[A-ZÄÖÜ][\w.\-]*(?: [\w.\-]+){0,2})"
)
#: a line that is a date, perhaps with a prefix, a time or a category after it
_DATE_LINE = re.compile(DATE_LINE, re.IGNORECASE)
#: a headline with its date after a dash: „Förderkonzept Kulturelle Teilhabe – 13. April 2021“
_TITLE_AND_DATE = re.compile(rf"(?P<title>.{{3,200}}?)\s+[–—-]\s+(?P<date>{DATE_TEXT})")


def _headline(line: str) -> bool:
    """A line that reads as a headline: short, no sentence ending, not only digits."""
    words = line.split()
    return 1 <= len(words) <= 18 and not line.rstrip().endswith((".", ":", ";", ",")) and any(
        c.isalpha() for c in line
    )


#: words a German headline does not end with: it goes on in the next line
_CONTINUES = frozenset(
    [
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "mit", "und",
        "für", "von", "vom", "zum", "zur", "im", "in", "am", "an", "auf", "bei", "nach", "über",
        "aus", "zu", "oder", "als", "wie",
    ]
)


def _unfinished(title: str) -> bool:
    """A headline line that goes on in the next („Horster Reparaturcafé:“, „… mit den“)."""
    words = title.split()
    return title.endswith((":", "–", "-")) or bool(words and words[-1] in _CONTINUES)


def _kicker(line: str) -> bool:
    """A label above a headline („Einbürgerung“, „Aktuelle Meldung“): one to three words."""
    return _headline(line) and len(line.split()) <= 3


def read_dated_blocks(
    lines: list[tuple[int, str]], profile: SiteProfile, reading: PageReading
) -> PageReading | None:
    """The entries of a listing anchored by dates, or None when the page is not one (fewer
    than two dated entries with a text: then it is read as an article)."""
    kept = []
    repeated = Counter(line for _, line in lines)
    for number, line in lines:
        rule = profile.chrome_rule(line) or _general_chrome(line)
        if rule is None and repeated[line] > 1 and not _DATE_LINE.fullmatch(line):
            rule = "label repeated on the page"
        if rule is None:
            kept.append((number, line))
        else:
            reading.dropped.append((number, line, rule))
    anchors = [i for i, (_, line) in enumerate(kept) if _anchor(line)]
    if len(anchors) < 2:
        return None
    title_after = _title_after(kept, anchors)
    entries = _cut(kept, anchors, title_after, reading)
    if sum(1 for e in entries if e.body) < 2:
        return None
    reading.kind = "listing by its dates"
    reading.entries = entries
    return reading


#: a caption that ends by naming its photographer („… (Foto: Landeshauptstadt Düsseldorf)“)
CAPTION = re.compile(r".{0,400}\((?:Fotos?|Grafik|Bild|Archivbild|Quelle)\s*:[^()]{1,160}\)")


def _general_chrome(line: str) -> str | None:
    if LINK_LABEL.fullmatch(line):
        return "link label"
    if CAPTION.fullmatch(line):
        return "image caption"
    if CREDIT.fullmatch(line) and len(line.split()) <= 14:
        return "photo credit"
    return None


def _anchor(line: str) -> bool:
    return bool(_DATE_LINE.fullmatch(line) or _TITLE_AND_DATE.fullmatch(line))


def _title_after(kept: list[tuple[int, str]], anchors: list[int]) -> bool:
    """Whether this page puts the headline after its date line (most pages) or before it:
    decided by the whole page, each standalone date line casting a vote."""
    after = before = 0
    for index in anchors:
        if _TITLE_AND_DATE.fullmatch(kept[index][1]):
            continue
        following = kept[index + 1][1] if index + 1 < len(kept) else ""
        previous = kept[index - 1][1] if index > 0 else ""
        after += _headline(following) and not _anchor(following)
        before += _headline(previous) and not _anchor(previous)
    return after >= before


def _cut(
    kept: list[tuple[int, str]], anchors: list[int], title_after: bool, reading: PageReading
) -> list[Entry]:
    """One entry per anchor: its date, its headline (a kicker above it dropped), its text."""
    starts = []
    for index in anchors:
        combined = _TITLE_AND_DATE.fullmatch(kept[index][1])
        starts.append(index if combined or title_after else max(index - 1, 0))
    kickers = set()
    if not title_after:  # a kicker stands above the headline, i.e. before the entry's start
        kickers = {
            start - 1 for start in starts
            if start > 0 and _kicker(kept[start - 1][1]) and not _anchor(kept[start - 1][1])
            and _headline(kept[start][1]) and len(kept[start][1]) > len(kept[start - 1][1])
        }  # fmt: skip
        reading.dropped += [(*kept[i], "label above the headline") for i in sorted(kickers)]
    reading.dropped += [
        (n, line, "before the first entry")
        for i, (n, line) in enumerate(kept[: starts[0]])
        if i not in kickers
    ]
    entries = []
    for position, start in enumerate(starts):
        stop = starts[position + 1] if position + 1 < len(starts) else len(kept)
        block = [item for i, item in enumerate(kept[start:stop], start) if i not in kickers]
        anchor = anchors[position] - start
        number, anchor_line = block[anchor]
        combined = _TITLE_AND_DATE.fullmatch(anchor_line)
        if combined:
            date = parse_date(combined.group("date"))
            title, rest = combined.group("title").strip(), block[anchor + 1 :]
        else:
            match = _DATE_LINE.fullmatch(anchor_line)
            date = parse_date(match.group("date")) if match else None
            rest = [item for i, item in enumerate(block) if i != anchor]
            if rest and len(rest) > 1 and _kicker(rest[0][1]) and _headline(rest[1][1]) and (
                len(rest[1][1]) > len(rest[0][1])
            ):
                reading.dropped.append((*rest[0], "label above the headline"))
                rest = rest[1:]
            title, rest = (rest[0][1], rest[1:]) if rest else ("", [])
            wrapped = len(rest) >= 2 and _headline(rest[0][1]) and not _headline(rest[1][1])
            if wrapped and _unfinished(title):  # a headline wrapped over two lines
                title, rest = f"{title} {rest[0][1]}", rest[1:]
        entries.append(Entry(number, title, [line for _, line in rest], date, "date line"))
    return entries
