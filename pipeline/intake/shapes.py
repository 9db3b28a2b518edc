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

from pipeline.intake.lines import headline, kicker, unfinished
from pipeline.intake.pages import Entry, PageReading, SiteProfile, parse_date
from pipeline.units.german import DATE_LINE, DATE_PREFIX, DATE_TEXT, LEAD_DATE, TIME_AFTER

#: a line that is a date, perhaps with a prefix, a time or a category after it
_DATE_LINE = re.compile(DATE_LINE, re.IGNORECASE)
#: a headline with its date after a dash or in brackets: „Förderkonzept Kulturelle Teilhabe –
#: 13. April 2021“, „Integrationsrat tagt (12.03.2024)“
_TITLE_AND_DATE = re.compile(
    rf"(?P<title>.{{3,200}}?)\s+(?:[–—-]\s+(?P<date>{DATE_TEXT})|\((?P<bracketed>{DATE_TEXT})\))"
)
#: the date, then the headline after a dash or colon: „14.03.2024 – Neue Öffnungszeiten …“
_DATE_AND_TITLE = re.compile(
    rf"{DATE_PREFIX}(?P<date>{DATE_TEXT}){TIME_AFTER}\s*[–—:|-]\s+(?P<title>\S.{{2,200}})",
    re.IGNORECASE,
)
#: a teaser that opens with its date („Beispielstadt, 14.03.2024 – Ab Montag …“)
_LEAD = re.compile(LEAD_DATE)
#: a bulleted teaser on a home page („• Aktion „Kostenfreies Saatgut““)
_BULLET = re.compile(r"[•▪◦]\s*(?P<text>.+)")

Dropped = list[tuple[int, str, str]]


def _kept(
    lines: list[tuple[int, str]], profile: SiteProfile, dropped: Dropped
) -> list[tuple[int, str]]:
    """The lines that are not chrome: the profile's rules, the general ones, and a line
    repeated on the page (a section label before every entry) unless it is a date."""
    kept = []
    repeated = Counter(line for _, line in lines)
    for number, line in lines:
        rule = profile.line_rule(line)
        if rule is None and repeated[line] > 1 and not _DATE_LINE.fullmatch(line):
            rule = "label repeated on the page"
        if rule is None:
            kept.append((number, line))
        else:
            dropped.append((number, line, rule))
    return kept


def read_dated_blocks(
    lines: list[tuple[int, str]], profile: SiteProfile, reading: PageReading
) -> PageReading | None:
    """The entries of a listing anchored by dates, or None when the page is not one (fewer
    than two dated entries with a text: then it is read as an article)."""
    dropped: Dropped = []
    kept = _kept(lines, profile, dropped)
    kinds = _anchors(kept)
    anchors = sorted(kinds)
    if len(anchors) < 2:
        return None
    voted = "after" if _title_after(kept, kinds) else "before"
    entries, cut_dropped = _cut(kept, kinds, voted == "after")
    if all(kind == "line" for kind in kinds.values()):  # or the date closes each entry
        closing, closing_dropped = _cut_date_last(kept, anchors)
        if _score(closing, closing_dropped) > _score(entries, cut_dropped):
            entries, cut_dropped = closing, closing_dropped
    if sum(1 for e in entries if e.body) < 2:
        return None
    reading.kind = "listing by its dates"
    reading.entries = entries
    reading.dropped += dropped + cut_dropped
    return reading


def read_bulleted_teasers(
    lines: list[tuple[int, str]], profile: SiteProfile, reading: PageReading
) -> PageReading | None:
    """A home page's teasers, each a bulleted line („• …“) with its text under it: the bullet
    is the headline, or an image's text when a headline and a text follow it. None when the
    page is not such a listing (a list inside an article has no text under each item)."""
    dropped: Dropped = []
    kept = _kept(lines, profile, dropped)
    bullets = [i for i, (_, line) in enumerate(kept) if _BULLET.fullmatch(line)]
    if len(bullets) < 2 or any(  # before the first teaser at most a page's short label
        len(line.split()) > 2 or not headline(line) or _DATE_LINE.fullmatch(line)
        for _, line in kept[: bullets[0]]
    ):
        return None
    dropped += [(n, line, "before the first entry") for n, line in kept[: bullets[0]]]
    entries = []
    for at, end in zip(bullets, [*bullets[1:], len(kept)], strict=True):
        number, line = kept[at]
        label = _BULLET.fullmatch(line)["text"].strip()  # type: ignore[index]
        date = None
        rest = []
        for item in kept[at + 1 : end]:
            match = _DATE_LINE.fullmatch(item[1])
            if match and date is None:
                date = parse_date(match.group("date"))
            else:
                rest.append(item)
        if all(headline(text) for _, text in rest):
            return None  # no text under the item: a list, not teasers
        title = label
        if len(rest) >= 2 and headline(rest[0][1]) and not headline(rest[1][1]):
            dropped.append((number, label, "image text before the title"))
            (number, title), rest = rest[0], rest[1:]
        source = "date line" if date else ""
        entries.append(Entry(number, title, [text for _, text in rest], date, source))
    reading.kind = "listing of teasers"
    reading.entries = entries
    reading.dropped += dropped
    return reading


def _score(entries: list[Entry], dropped: Dropped) -> int:
    """How well a way of cutting the page fits it: entries with a headline and a text, less
    the lines of text it leaves outside every entry."""
    good = sum(1 for e in entries if e.body and headline(e.title))
    stray = sum(
        1 for _, line, rule in dropped
        if rule in ("before the first entry", "after the last entry") and not headline(line)
    )  # fmt: skip
    return good - stray


def _combined(line: str) -> tuple[str, str] | None:
    """The headline and the date of a line that holds both, or None."""
    match = _TITLE_AND_DATE.fullmatch(line)
    if match:
        return match.group("title").strip(), match.group("date") or match.group("bracketed")
    match = _DATE_AND_TITLE.fullmatch(line)  # four words or more: a headline, not a category
    if match and len(match.group("title").split()) >= 4 and headline(match.group("title")):
        return match.group("title").strip(), match.group("date")
    return None


def _anchor(line: str) -> bool:
    return bool(_DATE_LINE.fullmatch(line) or _combined(line))


def _anchors(kept: list[tuple[int, str]]) -> dict[int, str]:
    """The lines that date an entry, by index, with their kind: "combined" (headline and date
    on one line), "line" (a date line), "lead" (a teaser opening with its date, under its
    headline)."""
    found = {}
    for i, (_, line) in enumerate(kept):
        if _combined(line):
            found[i] = "combined"
        elif _DATE_LINE.fullmatch(line):
            found[i] = "line"
        elif i > 0 and _LEAD.match(line):
            above = kept[i - 1][1]
            if headline(above) and not _anchor(above):
                found[i] = "lead"
    return found


def _title_after(kept: list[tuple[int, str]], kinds: dict[int, str]) -> bool:
    """Whether this page puts the headline after its date line (most pages) or before it:
    decided by the whole page, each standalone date line casting a vote."""
    after = before = 0
    for index, kind in kinds.items():
        if kind != "line":
            continue
        following = kept[index + 1][1] if index + 1 < len(kept) else ""
        previous = kept[index - 1][1] if index > 0 else ""
        after += headline(following) and not _anchor(following)
        before += headline(previous) and not _anchor(previous)
    return after >= before


def _cut(
    kept: list[tuple[int, str]], kinds: dict[int, str], title_after: bool
) -> tuple[list[Entry], Dropped]:
    """One entry per anchor: its date, its headline (a kicker above it dropped), its text."""
    dropped: Dropped = []
    anchors = sorted(kinds)
    starts = []
    for index in anchors:
        first = kinds[index] == "combined" or (kinds[index] == "line" and title_after)
        starts.append(index if first else max(index - 1, 0))
    kickers = set()
    if not title_after:  # a kicker stands above the headline, i.e. before the entry's start
        kickers = {
            start - 1 for start in starts
            if start > 0 and kicker(kept[start - 1][1]) and not _anchor(kept[start - 1][1])
            and headline(kept[start][1]) and len(kept[start][1]) > len(kept[start - 1][1])
        }  # fmt: skip
        dropped += [(*kept[i], "label above the headline") for i in sorted(kickers)]
    dropped += [
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
        combined = _combined(anchor_line)
        if combined:
            title, rest = combined[0], block[anchor + 1 :]
            date = parse_date(combined[1])
        elif kinds[anchors[position]] == "lead":  # the teaser keeps its opening date
            lead = _LEAD.match(anchor_line)
            date = parse_date(lead.group("date")) if lead else None
            title, rest = _title(block, dropped)
        else:
            match = _DATE_LINE.fullmatch(anchor_line)
            date = parse_date(match.group("date")) if match else None
            rest = [item for i, item in enumerate(block) if i != anchor]
            title, rest = _title(rest, dropped)
        source = {"combined": "headline's line", "lead": "teaser's opening"}.get(
            kinds[anchors[position]], "date line"
        )
        entries.append(Entry(number, title, [line for _, line in rest], date, source))
    return entries, dropped


def _cut_date_last(kept: list[tuple[int, str]], anchors: list[int]) -> tuple[list[Entry], Dropped]:
    """The listing whose date line closes each entry (headline, teaser, date): each entry is
    what stands between the date line before it and its own."""
    dropped: Dropped = [(n, line, "after the last entry") for n, line in kept[anchors[-1] + 1 :]]
    entries = []
    for position, anchor in enumerate(anchors):
        begin = anchors[position - 1] + 1 if position else 0
        block = kept[begin:anchor]
        match = _DATE_LINE.fullmatch(kept[anchor][1])
        date = parse_date(match.group("date")) if match else None
        texts = (i for i, (_, line) in enumerate(block) if not headline(line))
        at = max(next(texts, len(block)) - 1, 0)
        if at > 0 and unfinished(block[at - 1][1]):  # a headline wrapped over two lines
            at -= 1
        dropped += [
            (n, line, "label above the headline" if position or (i == at - 1 and kicker(line))
             else "before the first entry")
            for i, (n, line) in enumerate(block[:at])
        ]  # fmt: skip
        title, rest = _title(block[at:], dropped)
        number = block[at][0] if block else kept[anchor][0]
        entries.append(Entry(number, title, [line for _, line in rest], date, "date line"))
    return entries, dropped


def _title(
    rest: list[tuple[int, str]], dropped: Dropped
) -> tuple[str, list[tuple[int, str]]]:
    """The headline of an entry's lines (a kicker above it dropped, a headline wrapped over
    two lines joined) and the lines of its text."""
    if len(rest) > 1 and kicker(rest[0][1]) and headline(rest[1][1]) and (
        len(rest[1][1]) > len(rest[0][1])
    ):
        dropped.append((*rest[0], "label above the headline"))
        rest = rest[1:]
    title, rest = (rest[0][1], rest[1:]) if rest else ("", [])
    wrapped = len(rest) >= 2 and headline(rest[0][1]) and not headline(rest[1][1])
    if wrapped and unfinished(title):  # a headline wrapped over two lines
        title, rest = f"{title} {rest[0][1]}", rest[1:]
    return title, rest
