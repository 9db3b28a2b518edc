"""The city's own pages as the website shows them (text copied from the browser), read by
their structure: listing pages of many announcements, and single-article pages.

A listing entry on the Herne site is a header line „Meldung vom 4. Februar 2019“ (the
publication date), the title on the next line, the teaser, and usually „mehr zur Meldung:
<title>“. Around the entries stands page chrome: the cookie-consent block, a breadcrumb, the
page and section titles, label-only lines („eTracker:“), image captions, the language links.
Which lines are what is a `SiteProfile` (regular expressions, the Herne profile by default,
another city's in `[sources.profile]`), so no code changes for another site. Every dropped line
is reported with the rule that dropped it (`vielfalt ingest --dry-run`).

Pages without headers keep the older reading: teasers each closed by a „mehr zur Meldung“
line, the date taken from the teaser (reported as inferred where it is not the first stated).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.config import ProfileSettings
from pipeline.errors import SourceError
from pipeline.textrules import PatternTimeout, fullmatch_pattern
from pipeline.units.german import DATE_LINE, DATE_TEXT, DATED_TITLE, LEAD_DATE, SIGNED_DATE

_DATE_TEXT = DATE_TEXT


@dataclass(frozen=True)
class SiteProfile:
    """What the lines of a city's pages are. Every pattern is a Python regular expression
    matched against a whole stripped line (case-insensitive)."""

    #: the line that opens an entry; its group "date" is the publication date
    entry_header: str = (
        rf"(?:Meldung|Pressemitteilung|Nachricht)\s+vom\s+(?P<date>{_DATE_TEXT})"
        r"(?:\s*[|·–-]\s*\D{0,40})?"  # „… | Pressemitteilung“ after the date
    )
    #: the line that closes an entry's teaser; its group "title" repeats the title
    more_link: str = r"mehr zur Meldung:\s*(?P<title>.+)"
    #: a line that is only a date (under an article's title: „08.11.2017“), perhaps with the
    #: time („02. Mai 2025, 12:43 Uhr“) or a category after it („1. Oktober 2015 | Gesellschaft“)
    date_line: str = DATE_LINE
    #: page chrome: (rule name, pattern); a matching line is dropped wherever it stands
    chrome: tuple[tuple[str, str], ...] = (
        ("language link", r"Diese Seite in \w+ Sprache\b.*"),
        ("breadcrumb", r"(?:Homepage|Startseite|Sie sind hier:?)\s*(?:/|>|›).*"),
        ("cookie consent", r".*\b(?:Cookies?|Cookie-Einstellungen|Cookie-Banner|Webanalyse|"
                           r"Datenschutzeinstellungen)\b.*"),
        ("label only", r"(?:eTracker|Readspeaker|ReadSpeaker|Youtube|YouTube|Vimeo|Matomo|"
                       r"Google Translate|Google Maps|Google Analytics|OpenStreetMap|Facebook|"
                       r"Instagram|Essenzielle Cookies|Statistik|Marketing|Externe Medien|"
                       r"Komfort|Funktional|Notwendig)\s*:"),
        ("image caption", r"(?:(?:Bild|Foto|Grafik|Symbolbild|Quelle|Bildquelle)\s*:|©|"
                          r"Copyright\b).{0,160}"),
        ("page heading", r"(?:Pressemeldungen|Pressemitteilungen|Aktuelles|Nachrichten|"
                         r"Meldungen|Neuigkeiten|Übersicht|Integration)"),
        ("navigation", r"(?:zurück|weiter|nach oben|Seitenanfang|Seite drucken|Drucken|Teilen|"
                       r"Seite vorlesen|Vorlesen|Inhalt|Suche|Menü|Schließen|Alle akzeptieren|"
                       r"Alle ablehnen|Auswahl speichern|Einstellungen|Mehr erfahren|Impressum|"
                       r"Datenschutz|Datenschutzerklärung|Barrierefreiheit|Erklärung zur "
                       r"Barrierefreiheit|Sitemap|Newsletter|Leichte Sprache|Gebärdensprache|"
                       r"Bild vergrößern|Vergrößern|Facebook|Instagram|YouTube|Twitter|X|"
                       r"Mastodon|Seiteninhalt|Seitenbereiche|Volltextsuche|Was suchen Sie\?|"
                       r"Kontrast|Schriftgröße:?|RSS|\[?Druckansicht\]?|Druckversion|"
                       r"Seite ausdrucken|\[?Alle Meldungen\]?|\[?Suche\]?)"),
        ("skip link", r"Zu(?:m|r) (?:Inhalt|Navigation|Startseite|Hauptmenü)\b.{0,30}"),
    )  # fmt: skip

    def matches(self, pattern: str, line: str) -> Any:
        return fullmatch_pattern(pattern, line)

    #: a page's own memo of the rules its lines fall under (`read_page` gives each page a fresh
    #: one: the readers it tries in turn ask the same lines again)
    memo: dict[tuple[str, bool], str | None] | None = field(default=None, compare=False, repr=False)

    def chrome_rule(self, line: str) -> str | None:
        return self.line_rule(line, general=False)

    def line_rule(self, line: str, general: bool = True) -> str | None:
        """The chrome rule `line` falls under: the site's own, then (with `general`) the rules
        any site keeps (`intake.lines`); None for text."""
        if self.memo is not None and (line, general) in self.memo:
            return self.memo[line, general]
        rule = next((name for name, rule in self.chrome if fullmatch_pattern(rule, line)), None)
        if rule is None and general:
            from pipeline.intake.lines import general_rule

            rule = general_rule(line)
        if self.memo is not None:
            self.memo[line, general] = rule
        return rule


HERNE = SiteProfile()


def profile_for(overrides: ProfileSettings) -> SiteProfile:
    """Herne's profile with a workspace's `[sources.profile]` settings laid over it."""
    chrome = dict(HERNE.chrome) | dict(overrides.chrome)
    fields: dict[str, Any] = {k: v for k, v in (("entry_header", overrides.entry_header),
                                ("more_link", overrides.more_link),
                                ("date_line", overrides.date_line)) if v is not None}  # fmt: skip
    return replace(HERNE, **fields, chrome=tuple(chrome.items()))


@dataclass
class Entry:
    """One announcement found on a page, before it becomes an `Announcement`."""

    line: int
    title: str
    body: list[str]
    date: dt.date | None
    #: where the date came from: "header", "date line", "text" or "inferred"
    date_source: str
    more_title: str | None = None


@dataclass
class PageReading:
    kind: str  # "listing with headers" | "listing" | "article"
    entries: list[Entry] = field(default_factory=list)
    #: (line number, text, rule) of every line dropped as page chrome
    dropped: list[tuple[int, str, str]] = field(default_factory=list)
    #: (line number, what the reader was unsure of): boundaries the user should check
    unsure: list[tuple[int, str]] = field(default_factory=list)


def parse_date(text: str) -> dt.date | None:
    """„4. Februar 2019“, „04.02.2019“, „15. 8. 2019“, „08.11.17“, „2024-03-28T16:21:14Z“ as a
    date (None if none)."""
    from pipeline.units.german import ENGLISH_MONTHS, MONTHS

    text = text.strip()
    named = re.fullmatch(r"(\d{1,2})(?:\.\s*|\s+)([A-Za-zäÄ]+)\s+(\d{4})", text)
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})(?![\d])", text)
    month_first = re.fullmatch(r"([A-Za-zäÄ]+)\s+(\d{1,2}),\s*(\d{4})", text)
    try:
        if month_first:  # „April 9, 2025“ (English) or „Mai 5, 2022“ (German, month first)
            name = month_first.group(1).lower()
            month = MONTHS.get(name) or ENGLISH_MONTHS.get(name)
            day, year = int(month_first.group(2)), int(month_first.group(3))
            return dt.date(year, month, day) if month else None
        if iso:  # ISO 8601, as <time> and feeds write it; the time of day is not needed
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if named:
            month = MONTHS.get(named.group(2).lower().replace("maerz", "märz"))
            return dt.date(int(named.group(3)), month, int(named.group(1))) if month else None
        numeric = re.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})", text)
        if numeric:
            year = int(numeric.group(3)) + (2000 if len(numeric.group(3)) == 2 else 0)
            return dt.date(year, int(numeric.group(2)), int(numeric.group(1)))
    except ValueError:
        return None
    return None


def read_page(text: str, origin: str, profile: SiteProfile = HERNE) -> PageReading:
    """The entries of a page and the chrome around them; SourceError where the page holds no
    announcement vielfalt can tell, or where a pattern of the profile is too slow for it."""
    from pipeline.intake.lines import consent_block

    profile = replace(profile, memo={})  # each line's rule found once, whichever reader asks
    lines = [(number, raw.strip()) for number, raw in enumerate(text.split("\n"), 1)]
    lines = [(number, line) for number, line in lines if line]
    consent = consent_block([line for _, line in lines])
    try:
        dropped = [  # under the site's own rule for the line where it has one
            (*lines[i], profile.chrome_rule(lines[i][1]) or "consent manager")
            for i in sorted(consent)
        ]
        lines = [item for i, item in enumerate(lines) if i not in consent]
        reading = _read_lines(lines, origin, profile)
    except PatternTimeout as exc:
        raise SourceError(origin, None, str(exc), hint=exc.hint) from None
    reading.dropped[:0] = dropped  # a consent manager's text around the page: chrome
    return reading


def _read_lines(lines: list[tuple[int, str]], origin: str, profile: SiteProfile) -> PageReading:
    """The page's reading by the first shape that fits it."""
    if not lines:
        raise SourceError(origin, None, "no announcement found: every line is page chrome")
    header = profile.entry_header
    headers = [i for i, (_, line) in enumerate(lines) if profile.matches(header, line)]
    if headers:
        return _with_headers(lines, headers, origin, profile)
    if any(profile.matches(profile.more_link, line) for _, line in lines):
        return _teasers(lines, origin, profile)
    from pipeline.intake.shapes import read_bulleted_teasers, read_dated_blocks

    return (
        read_bulleted_teasers(lines, profile, PageReading("listing of teasers"))
        or read_dated_blocks(lines, profile, PageReading("listing by its dates"))
        or _article(lines, origin, profile)
    )


def _drop_chrome(
    lines: list[tuple[int, str]],
    profile: SiteProfile,
    reading: PageReading,
    general: bool = False,
) -> list[tuple[int, str]]:
    """The lines that are not chrome; the others go to `reading.dropped` with their rule. With
    `general`, the rules that hold on any site (`intake.lines`) apply besides the profile's."""
    kept = []
    for number, line in lines:
        rule = profile.line_rule(line, general)
        if rule is None:
            kept.append((number, line))
        else:
            reading.dropped.append((number, line, rule))
    return kept


def _with_headers(
    lines: list[tuple[int, str]], headers: list[int], origin: str, profile: SiteProfile
) -> PageReading:
    """Text between two headers is exactly one announcement; before the first and after an
    entry's „mehr zur Meldung“ line stands chrome."""
    from pipeline.intake.lines import contact_block

    reading = PageReading("listing with headers")
    reading.dropped += [
        (n, line, profile.chrome_rule(line) or "before the first entry")
        for n, line in lines[: headers[0]]
    ]
    for position, start in enumerate(headers):
        stop = headers[position + 1] if position + 1 < len(headers) else len(lines)
        number, header = lines[start]
        match = profile.matches(profile.entry_header, header)
        date = parse_date(match.group("date") or "") if match else None
        if date is None:
            raise SourceError(origin, number, f"„{header}“ names no date vielfalt can read")
        block = _drop_chrome(lines[start + 1 : stop], profile, reading, general=True)
        more_at = next(
            (i for i, (_, line) in enumerate(block) if profile.matches(profile.more_link, line)),
            None,
        )
        more_title = None
        if more_at is not None:
            link = profile.matches(profile.more_link, block[more_at][1])
            more_title = (link.group("title") or "").strip() or None if link else None
            reading.dropped += [
                (n, line, profile.chrome_rule(line) or "after the entry's link line")
                for n, line in block[more_at + 1 :]
            ]
            block = block[:more_at]
        if not block and more_title is None:
            raise SourceError(origin, number, "an entry header without a title after it")
        titled = next((i for i, (_, line) in enumerate(block) if line == more_title), None)
        if titled:  # lines between the header and the title the link line names: image texts
            reading.dropped += [
                (n, line, "image text before the title") for n, line in block[:titled]
            ]
            block = block[titled:]
        above = None if more_title else _title_above(lines, start, block, reading)
        title = above or (block[0][1] if block else str(more_title))
        body = [line for _, line in (block if above else block[1:])]
        if body and body[0] == title:  # the title repeated as the first paragraph
            body = body[1:]
        contact = contact_block(body)
        if contact:  # the press office's box under a press release
            reading.dropped += [(number, line, "contact block") for line in body[contact:]]
            body = body[:contact]
        reading.entries.append(Entry(number, title, body, date, "header", more_title))
    _drop_standing_lines(reading)
    return reading


def _title_above(
    lines: list[tuple[int, str]], start: int, block: list[tuple[int, str]], reading: PageReading
) -> str | None:
    """The headline standing above an entry's header when the line under the header is text
    („Integrationsbeirat tagt am 18. Juli / Pressemitteilung vom 11.07.2017 / Auf der …“),
    taken back from where the reading put it; None where the headline follows the header."""
    from pipeline.intake.lines import headline, kicker

    if start == 0 or not block or headline(block[0][1]):
        return None
    number, above = lines[start - 1]
    if not headline(above) or kicker(above):  # a section's name („Rathaus“) is no title
        return None
    taken = ("before the first entry", "after the entry's link line")
    for at, (line_number, _, rule) in enumerate(reading.dropped):
        if line_number == number and rule in taken:
            del reading.dropped[at]
            return above
    if reading.entries and reading.entries[-1].body[-1:] == [above]:
        reading.entries[-1].body.pop()
        return above
    return None


def _drop_standing_lines(reading: PageReading) -> None:
    """Take out the lines that stand under every entry (a district's self-description under
    each press release): six words or more, in at least two entries and half of them."""
    from collections import Counter

    counts = Counter(line for entry in reading.entries for line in set(entry.body))
    standing = {
        line for line, count in counts.items()
        if count >= 2 and count * 2 >= len(reading.entries) and len(line.split()) >= 6
    }  # fmt: skip
    for entry in reading.entries:
        if standing.intersection(entry.body) and not set(entry.body) <= standing:
            reading.dropped += [
                (entry.line, line, "stands under every entry") for line in entry.body
                if line in standing
            ]  # fmt: skip
            entry.body = [line for line in entry.body if line not in standing]


def _teasers(lines: list[tuple[int, str]], origin: str, profile: SiteProfile) -> PageReading:
    """The older listing: teasers each closed by a „mehr zur Meldung: <title>“ line."""
    reading = PageReading("listing")
    kept = _drop_chrome(lines, profile, reading)
    pending: list[tuple[int, str]] = []
    for number, line in kept:
        link = profile.matches(profile.more_link, line)
        if link:
            if not pending:
                raise SourceError(
                    origin, number, "'mehr zur Meldung' line without a teaser before it"
                )
            title = (link.group("title") or "").strip()
            if len(pending) > 1:  # a second paragraph, or a teaser without its own link line
                reading.unsure.append((pending[0][0], (
                    f"lines {pending[0][0]}–{pending[-1][0]} came in as one teaser of "
                    f"'{title[:60]}'; if line {pending[0][0]} is a teaser of its own without "
                    "its link line, give it one (or import it separately)"
                )))  # fmt: skip
            reading.entries.append(Entry(pending[0][0], title, [t for _, t in pending], None, ""))
            pending = []
        else:
            pending.append((number, line))
    if pending:
        raise SourceError(
            origin,
            pending[0][0],
            "teaser text without a 'mehr zur Meldung: <title>' line after it "
            f"(the page has no '{_example(profile)}' headers to tell its entries apart)",
        )
    return reading


def _article(lines: list[tuple[int, str]], origin: str, profile: SiteProfile) -> PageReading:
    """A single announcement's page: its headline, a date line above or under it, the text."""
    reading = PageReading("article")
    kept = _drop_chrome(lines, profile, reading, general=True)
    kept = _without_repeated_captions(kept, reading)
    if not kept:
        raise SourceError(origin, None, "no announcement found: every line is page chrome")
    at = next(  # the page's date line near the top
        (i for i, (_, line) in enumerate(kept[:5]) if profile.matches(profile.date_line, line)),
        None,
    )
    dated = None if at is not None else _dated_title(kept)
    start = dated if dated is not None else _headline_at(kept, at)
    reading.dropped += [
        (n, line, "label above the headline") for i, (n, line) in enumerate(kept[:start]) if i != at
    ]
    number, title = kept[start]
    date: dt.date | None = None
    source = ""
    if dated is not None:
        match = _DATED_TITLE.fullmatch(title)
        assert match is not None
        title, date = match.group("title").strip(), parse_date(match.group("date"))
        source = "date line"
    if at is not None:
        match = profile.matches(profile.date_line, kept[at][1])
        date, source = parse_date(match.group("date") or "") if match else None, "date line"
        if date is None:
            raise SourceError(origin, kept[at][0], f"„{kept[at][1]}“ is not a date in the calendar")
    rest = [item for i, item in enumerate(kept[start + 1 :], start + 1) if i != at]
    body = _text_of(rest, kept[start][1], reading)
    if not body:
        raise SourceError(origin, number, "an article page needs a title and a text under it")
    if date is None:
        date, source = _dateline(body)
    reading.entries.append(Entry(number, title, body, date, source))
    return reading


def _without_repeated_captions(
    kept: list[tuple[int, str]], reading: PageReading
) -> list[tuple[int, str]]:
    """An article's lines without the sentences the page says more than once (an image's
    text, shown as its description and again as its caption) and without a one-word label it
    repeats („BILD“), each dropped and reported."""
    from collections import Counter

    from pipeline.intake.lines import headline

    seen = Counter(line for _, line in kept)
    repeated = {
        line for line, count in seen.items()
        if count > 1 and not headline(line) and len(line.split()) >= 6
    }  # fmt: skip
    labels = {line for line, count in seen.items() if count > 1 and len(line.split()) == 1}
    reading.dropped += [
        (n, line, "image text repeated on the page" if line in repeated else "label repeated")
        for n, line in kept if line in repeated or line in labels
    ]  # fmt: skip
    return [(n, line) for n, line in kept if line not in repeated and line not in labels]


def _text_of(rest: list[tuple[int, str]], title: str, reading: PageReading) -> list[str]:
    """An article's text under its headline: the headline the page repeats and the contact
    block under the text (dropped and reported) taken out."""
    from pipeline.intake.lines import contact_block, headline

    again = next((i for i, (_, line) in enumerate(rest[:4]) if line == title), None)
    if again and all(headline(line) for _, line in rest[:again]):  # a label between the two
        reading.dropped += [(n, line, "label above the headline") for n, line in rest[:again]]
        rest = rest[again:]
    text = []
    for number, line in rest:
        if line == title:
            reading.dropped.append((number, line, "the headline repeated"))
        else:
            text.append((number, line))
    block = contact_block([line for _, line in text])
    if block is not None and block > 0:
        reading.dropped += [(n, line, "contact block") for n, line in text[block:]]
        text = text[:block]
    return [line for _, line in text]


_DATED_TITLE = re.compile(DATED_TITLE, re.IGNORECASE)


def _dated_title(kept: list[tuple[int, str]]) -> int | None:
    """Where a publication label, its date and the headline stand on one line near the top."""
    return next((i for i, (_, line) in enumerate(kept[:5]) if _DATED_TITLE.fullmatch(line)), None)


def _headline_at(kept: list[tuple[int, str]], at: int | None) -> int:
    """Where the headline stands: under the date line when what is above it is only a label
    („Sprungziele“, a site name, a byline), else above it; with no date line, the first
    headline, a short label above it („Aktuelle Meldung“) passed over."""
    from pipeline.intake.lines import byline, headline, kicker

    def text(i: int) -> str:
        return kept[i][1] if 0 <= i < len(kept) else ""

    if at is not None:
        before, after = text(at - 1), text(at + 1)
        if at + 1 < len(kept) and headline(after) and (
            at == 0 or not headline(before) or byline(before)
            or (kicker(before) and len(after) > len(before))
        ):
            return at + 1
        return max(at - 1, 0)
    repeated = _repeated_headline(kept)
    if repeated is not None:  # the page says its headline twice (a breadcrumb's end, the h1)
        return repeated
    first = next((i for i in range(len(kept)) if headline(text(i))), 0)
    top = first
    while kicker(text(top)) and top + 1 < len(kept):  # labels stacked above the headline
        top += 1
    text_follows = not headline(text(top + 1)) and top + 1 < len(kept)
    if top > first and headline(text(top)) and len(text(top)) > len(text(top - 1)) and (
        text_follows or top - first > 1  # one label, or a stack of them (name, issue, section)
    ):
        return top
    return first


def _repeated_headline(kept: list[tuple[int, str]]) -> int | None:
    """The first of a headline the top of the page says twice within three lines, or None (a
    site's name that comes back in the contact box at the end is no headline said twice)."""
    from pipeline.intake.lines import headline

    top = [line for _, line in kept[:12]]
    return next(  # two words at least (a label such as „BILD“ repeats too), said again soon
        (
            i for i, line in enumerate(top)
            if headline(line) and len(line.split()) > 1 and line in top[i + 1 : i + 4]
        ),
        None,
    )  # fmt: skip


#: a place and a date closing an official notice („Riegelsberg, den 09. September 2021“)
_SIGNED = re.compile(SIGNED_DATE)
_LEAD = re.compile(LEAD_DATE)


def _dateline(body: list[str]) -> tuple[dt.date | None, str]:
    """The date the author wrote on the article itself when no date line states it: a date
    opening the lead, or the place-and-date line an official notice is signed with."""
    lead = _LEAD.match(body[0])
    if lead and parse_date(lead.group("date")):
        return parse_date(lead.group("date")), "dateline"
    for line in body:
        signed = _SIGNED.fullmatch(line)
        if signed and parse_date(signed.group("date")):
            return parse_date(signed.group("date")), "signature"
    return None, ""




def _example(profile: SiteProfile) -> str:
    return "Meldung vom 4. Februar 2019" if profile == HERNE else "entry header"
