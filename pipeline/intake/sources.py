"""Announcement sources: the canonical Markdown files and the importers that produce them."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from pipeline.errors import DuplicateIdError, SourceError
from pipeline.fileio import check_control_characters, read_text, refuse_conflict_markers
from pipeline.intake.slug import is_safe_id, make_id
from pipeline.model import Announcement
from pipeline.textrules import CONTROL, NOT_ONE_LINE, is_web_url
from pipeline.units.german import DATE_LINE, MONTHS, NAMED_DATE

if TYPE_CHECKING:
    from pipeline.config import Workspace
    from pipeline.intake.pages import Entry, SiteProfile

_DATE = re.compile(
    rf"\b{NAMED_DATE}\b|\b(?P<nday>\d{{1,2}})\.(?P<nmonth>\d{{1,2}})\.(?P<nyear>\d{{4}})\b",
    re.IGNORECASE,
)
FRONT_MATTER_KEYS = ("id", "title", "date", "url", "summary", "tags")
#: Listing navigation such as "Diese Seite in englischer Sprache - This page in English."
_LANGUAGE_NAV = re.compile(r"^Diese Seite in \w+ Sprache\b", re.IGNORECASE)
_MORE = re.compile(r"^mehr zur Meldung:\s*(.+?)\s*$", re.IGNORECASE)


def find_dates(text: str) -> list[dt.date]:
    """Full German dates in order of appearance, written out or in figures („Montag, 9. Februar
    2026“, „15.12.2020“)."""
    found = []
    for match in _DATE.finditer(text):
        if match["nday"]:
            day, month, year = int(match["nday"]), int(match["nmonth"]), int(match["nyear"])
        else:
            day, year = int(match["day"]), int(match["year"])
            month = MONTHS[match["month"].lower()]
        try:
            found.append(dt.date(year, month, day))
        except ValueError:
            continue
    return found


# ---------------------------------------------------------------- Markdown files


def _key_line(lines: list[str], key: str) -> int | None:
    for number, line in enumerate(lines, 1):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return number
    return None


def _parse_date(value: object, path: Path | str, lineno: int | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise SourceError(path, lineno, f"date must be YYYY-MM-DD, not {value!r}")


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases: front matter never needs them, and they allow alias bombs."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)






def _check_field(
    value: str, path: Path | str, lineno: int | None, key: str, one_line: bool
) -> None:
    """Front matter values: YAML escapes ("\\x1b") can smuggle in what the file text lacks."""
    match = (NOT_ONE_LINE if one_line else CONTROL).search(value)
    if match:
        raise SourceError(
            path, lineno, f"{key} contains the control character U+{ord(match.group()):04X}"
        )


def _front_matter(lines: list[str], path: Path | str) -> tuple[int, list[str], Any]:
    """The front matter's closing line, its lines, and its YAML (aliases refused)."""
    if not lines or lines[0].strip() != "---":
        raise SourceError(path, 1, "missing front matter: the file must start with a '---' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise SourceError(path, 1, "front matter is not closed by a '---' line") from None
    header_lines = lines[1:end]
    try:
        meta = yaml.load("\n".join(header_lines), Loader=_FrontMatterLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        lineno = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(path, lineno, f"broken front matter: {problem[:200]}") from None
    except (ValueError, OverflowError) as exc:  # a date that does not exist: 2025-02-30
        lineno = next(
            (i + 2 for i, line in enumerate(header_lines) if line.startswith("date")), None
        )
        raise SourceError(path, lineno, f"broken front matter: {str(exc)[:200]}") from None
    return end, header_lines, meta


def parse_announcement(text: str, path: Path | str, *, generate_id: bool = False) -> Announcement:
    """Parse one announcement file: '---' YAML front matter '---', then the Markdown body."""
    check_control_characters(text, path)
    refuse_conflict_markers(text, path)
    lines = text.split("\n")
    end, header_lines, meta = _front_matter(lines, path)
    if not isinstance(meta, dict):
        raise SourceError(path, 2, "front matter must be key: value pairs")

    def line_of(key: str) -> int | None:
        found = _key_line(header_lines, key)
        return found + 1 if found else None

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            raise SourceError(
                path,
                line_of(str(key)),
                f"unknown front matter key '{key}'; known: {', '.join(FRONT_MATTER_KEYS)}",
            )
    for key in ("id", "title", "date"):
        if meta.get(key) in (None, "") and not (key == "id" and generate_id):
            raise SourceError(path, 2, f"front matter lacks '{key}'")
    generated = meta.get("id") in (None, "")
    if generated:  # hand-written Markdown being imported: the id ingest would give it
        date = _parse_date(meta["date"], path, line_of("date"))
        meta["id"] = make_id(date.isoformat(), str(meta["title"]))
    announcement_id = meta["id"]
    if not isinstance(announcement_id, str) or not is_safe_id(announcement_id):
        raise SourceError(
            path,
            line_of("id"),
            f"id {announcement_id!r} is not a safe id (lowercase a-z, 0-9 and '-')",
        )
    title = meta["title"]
    if not isinstance(title, str) or not title.strip():
        raise SourceError(path, line_of("title"), "title must be non-empty text")
    _check_field(title.strip(), path, line_of("title"), "title", one_line=True)
    url, summary, tags = _optional_fields(meta, path, line_of)

    body_start = end + 1
    while body_start < len(lines) and not lines[body_start].strip():
        body_start += 1
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise SourceError(path, end + 2, "the announcement has no body text")
    if isinstance(path, Path) and path.suffix == ".md" and path.stem != announcement_id:
        raise SourceError(
            path,
            line_of("id"),
            f"file name does not match id '{announcement_id}'",
            hint=f"rename the file to {announcement_id}.md",
        )
    return Announcement(
        id=announcement_id,
        title=title.strip(),
        date=_parse_date(meta["date"], path, line_of("date")),
        body=body,
        url=url,
        summary=summary.strip() if summary else None,
        tags=tuple(tags),
        path=Path(path) if isinstance(path, Path) else None,
        body_line=body_start + 1,
        generated_id=generated,
    )


def _optional_fields(
    meta: dict, path: Path | str, line_of: Callable[[str], int | None]
) -> tuple[str | None, str | None, list[str]]:
    """url (plain http(s)), summary and tags, each checked like the title."""
    url = meta.get("url")
    if url is not None and (not isinstance(url, str) or not is_web_url(url)):
        shown = repr(url)[:120]
        raise SourceError(path, line_of("url"), f"url must be an http(s) address, not {shown}")
    summary = meta.get("summary")
    if summary is not None and not isinstance(summary, str):
        raise SourceError(path, line_of("summary"), "summary must be text")
    if summary:
        _check_field(summary, path, line_of("summary"), "summary", one_line=False)
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise SourceError(path, line_of("tags"), "tags must be a list of words")
    for tag in tags:
        _check_field(tag, path, line_of("tags"), "a tag", one_line=True)
    return url, summary, tags


def dump_announcement(announcement: Announcement) -> str:
    """The canonical file text: stable key order, so re-ingesting causes no churn."""
    meta: dict[str, object] = {
        "id": announcement.id,
        "title": announcement.title,
        "date": announcement.date,
    }
    if announcement.url:
        meta["url"] = announcement.url
    if announcement.summary:
        meta["summary"] = announcement.summary
    if announcement.tags:
        meta["tags"] = list(announcement.tags)
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{header}---\n\n{announcement.body.strip()}\n"


class UnknownAnnouncement(SourceError):
    """An announcement id that is not in the workspace."""


def workspace_announcements(workspace: Workspace, ids: Sequence[str] = ()) -> list[Announcement]:
    """The workspace's announcements (each within `[policies] max_source_mb`), or those `ids`
    name; an id that names none raises UnknownAnnouncement."""
    folder = workspace.paths.announcements
    announcements = load_announcements(
        folder, max_bytes=int(workspace.policies.max_source_mb * 1e6)
    )
    if not ids:
        return announcements
    known = {a.id: a for a in announcements}
    missing = [i for i in ids if i not in known]
    if missing:
        raise UnknownAnnouncement(folder, None, f"no announcement with id {', '.join(missing)}")
    return [known[i] for i in ids]


def load_announcements(directory: Path, max_bytes: int | None = None) -> list[Announcement]:
    """All announcements of a workspace, sorted newest first; duplicate ids are an error."""
    found: dict[str, Announcement] = {}
    if not directory.is_dir():
        return []
    for path in sorted(directory.glob("*.md")):
        announcement = parse_announcement(read_text(path, max_bytes=max_bytes), path)
        if announcement.id in found:
            raise DuplicateIdError(
                f"{path}: id '{announcement.id}' is already used by {found[announcement.id].path}"
            )
        found[announcement.id] = announcement
    return sorted(found.values(), key=lambda a: (a.date, a.id), reverse=True)


# ---------------------------------------------------------------- importers


def _listing_dates(candidates: list[list[dt.date]]) -> list[tuple[dt.date | None, bool]]:
    """Pick each teaser's date from the dates it states, given that a listing is newest first.

    A teaser's first stated date is trusted when it fits the newest-first order with
    the others (the longest ordered run wins); otherwise the first stated date that
    fits between its trusted neighbours. If none fits, the date is inferred from the
    newer neighbour (an upper bound) and marked as inferred.
    """
    firsts = [dates[0] if dates else None for dates in candidates]
    trusted = _longest_newest_first(firsts)
    # the nearest trusted date above (newer) and below (older) each teaser, in two passes
    newer_of: list[dt.date | None] = []
    last: dt.date | None = None
    for i in range(len(candidates)):
        newer_of.append(last)
        if i in trusted:
            last = firsts[i]
    older_of: list[dt.date | None] = [None] * len(candidates)
    last = None
    for i in range(len(candidates) - 1, -1, -1):
        older_of[i] = last
        if i in trusted:
            last = firsts[i]
    result: list[tuple[dt.date | None, bool]] = []
    for i, dates in enumerate(candidates):
        if i in trusted:
            result.append((firsts[i], False))
            continue
        newer, older = newer_of[i], older_of[i]
        fitting = [
            d for d in dates if (newer is None or d <= newer) and (older is None or d >= older)
        ]
        if fitting:
            result.append((fitting[0], False))
        else:
            result.append((newer or older, True))
    return result


def _longest_newest_first(firsts: list[dt.date | None]) -> set[int]:
    """The teasers in the longest run of dates that is newest first (non-increasing), in
    n log n (patience sorting); on ties each teaser follows the earliest teaser it can, and
    the run that ends earliest wins."""
    import bisect

    # level l holds the teasers whose longest run has length l + 1, in page order; their
    # dates strictly rise down the page (else the later one would extend the earlier)
    levels: list[list[int]] = []
    ordinals: list[list[int]] = []  # the levels' dates as ordinals (rising)
    lowest: list[int] = []  # each level's last (newest) -ordinal, non-decreasing
    previous: dict[int, int | None] = {}
    length: dict[int, int] = {}
    for i, date in enumerate(firsts):
        if date is None:
            continue
        key = -date.toordinal()
        at = bisect.bisect_right(lowest, key)
        if at:  # the earliest teaser one level down whose date is not older than this one
            below = ordinals[at - 1]
            previous[i] = levels[at - 1][bisect.bisect_left(below, date.toordinal())]
        else:
            previous[i] = None
        if at == len(levels):
            levels.append([])
            ordinals.append([])
            lowest.append(key)
        levels[at].append(i)
        ordinals[at].append(date.toordinal())
        lowest[at] = key
        length[i] = at + 1
    if not length:
        return set()
    best = max(length.values())
    current: int | None = next(i for i, n in length.items() if n == best)
    chain: set[int] = set()
    while current is not None:
        chain.add(current)
        current = previous[current]
    return chain


class ReadingDetail(str):
    """A note that shows how a page was read (an entry found, a line dropped as chrome):
    shown by `ingest --dry-run` and `-v`, not in everyday output."""


#: the first municipal websites are from the mid-1990s: an earlier "publication date" is an
#: event the story tells of („Am 29. November 1875 verlieh …“)
FIRST_WEBSITES = dt.date(1995, 1, 1)


def plausible_publication(day: dt.date, today: dt.date | None = None) -> bool:
    """Whether `day` can be a page's publication date: not before the web, not in the future."""
    today = today or dt.date.today()
    return FIRST_WEBSITES <= day <= today + dt.timedelta(days=1)


def publication_dates(lines: list[str]) -> list[dt.date]:
    """The dates a teaser states that could be its publication date, in order."""
    return [day for day in find_dates("\n".join(lines)) if plausible_publication(day)]


def _unusable(entry: Entry) -> str | None:
    """Why an entry the reader found cannot become an announcement (it is skipped and named;
    the page's other entries still come in)."""
    if entry.date is None:
        return "no publication date stated (a teaser without a date line)"
    if not entry.body:
        return "a title without a text under it (nothing to translate but the title)"
    return None


def _date_notes(origin: str, entry: Entry) -> list[str]:
    """Where an entry's date came from, and a warning when it is a guess."""
    assert entry.date is not None
    notes: list[str] = [ReadingDetail(
        f"{origin}:{entry.line}: found '{entry.title}', {entry.date.isoformat()} "
        f"(date from the {entry.date_source or 'page'})"
    )]  # fmt: skip
    if entry.date_source == "inferred":
        notes.append(
            f"{origin}:{entry.line}: '{entry.title}': {entry.date.isoformat()} no stated date "
            "fits the listing's order; taken from the newer entry above it"
        )
    elif entry.date_source == "text":
        notes.append(
            f"{origin}:{entry.line}: '{entry.title}': {entry.date.isoformat()} date uncertain "
            "(taken from the text: the page states no publication date); check it, or set it "
            "in the announcement's front matter"
        )
    return notes


def import_listing(
    text: str,
    origin: str,
    url: str | None = None,
    profile: SiteProfile | None = None,
    date: dt.date | None = None,
) -> tuple[list[Announcement], list[str]]:
    """A page of the city's website as text: a listing of announcements (with „Meldung vom“
    headers, or teasers each closed by „mehr zur Meldung: <title>“) or one article (see
    `pipeline.intake.pages`). Returns the announcements and notes for the user: where each date came
    from where it was not stated, and every line dropped as page chrome, with its rule."""
    from pipeline.intake.pages import HERNE, read_page

    check_control_characters(text, origin)
    reading = read_page(text, origin, profile or HERNE)
    notes: list[str] = [
        ReadingDetail(f"{origin}:{n}: dropped ({rule}): {line[:80]}")
        for n, line, rule in reading.dropped
    ]
    notes += [f"{origin}:{line}: unsure: {what}" for line, what in reading.unsure]
    if not reading.entries:
        raise SourceError(origin, None, "no announcements found")
    entries = reading.entries
    if reading.kind == "listing":
        dates = _listing_dates([publication_dates(e.body) for e in entries])
        for entry, (date, inferred) in zip(entries, dates, strict=True):
            entry.date, entry.date_source = date, "inferred" if inferred else "teaser"
    kept = []
    for entry in entries:
        while len(entry.body) > 1 and entry.body[-1].rstrip().endswith(":") and (
            entry.more_title is None  # a teaser closed by its link line is the teaser
        ):  # „… folgendes Medium anbieten:“ with nothing after it: a label, not text
            label = entry.body.pop()
            notes.append(ReadingDetail(f"{origin}:{entry.line}: dropped (a label with nothing "
                                       f"after it): {label[:80]}"))  # fmt: skip
        if entry.date is not None and not plausible_publication(entry.date):
            notes.append(
                f"{origin}:{entry.line}: '{entry.title[:80]}': skipped: {entry.date.isoformat()} "
                "cannot be a publication date (before the city's website or in the future)"
            )
            continue
        if entry.date is None and date is not None:  # the editor said it (ingest --date)
            entry.date, entry.date_source = date, "--date option"
        if entry.date is None:
            stated = publication_dates([entry.title, *entry.body])
            entry.date, entry.date_source = (stated[0], "text") if stated else (None, "")
        problem = _unusable(entry)
        if problem:
            notes.append(f"{origin}:{entry.line}: '{entry.title[:80]}': skipped: {problem}")
            continue
        kept.append(entry)
        notes += _date_notes(origin, entry)
    if not kept:
        reasons = sorted({n.split(": skipped: ", 1)[1] for n in notes if ": skipped: " in n})
        found = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
        raise SourceError(
            origin,
            None,
            "no announcement with a title, a text and a publication date on this page "
            f"({found}: {'; '.join(r[:80] for r in reasons[:2]) or 'nothing usable'})",
            hint="give the date with 'vielfalt ingest --date YYYY-MM-DD', or set "
            "[sources.profile] entry_header or date_line in vielfalt.toml for this site's date "
            "lines (docs/sources.md)",
        )
    announcements = [
        Announcement(
            id=make_id(entry.date.isoformat(), entry.title),
            generated_id=True,
            title=entry.title,
            date=entry.date,
            body="\n\n".join(entry.body),
            url=url,
            origin=f"{origin}:{entry.line}",
            date_uncertain=entry.date_source == "text",
        )
        for entry in kept
        if entry.date is not None
    ]
    return announcements, notes


def _date_from_text(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        dates = find_dates(value)
        return dates[0] if dates else None


def _markdown_of(html: str) -> str:
    """A feed's or record's HTML body as Markdown (BeautifulSoup loads only for HTML)."""
    from pipeline.intake.markup import html_to_markdown

    return html_to_markdown(html, main_only=False)


def import_html_page(
    html: str, origin: str, url: str | None = None, date: dt.date | None = None
) -> tuple[list[Announcement], list[str]]:
    """An HTML page: a listing (repeated blocks of headline, date and teaser: each one
    announcement, see `pipeline.intake.htmllist`) or one article."""
    from pipeline.intake.htmllist import listing_items
    from pipeline.intake.markup import html_meta, html_title, main_text

    title = html_title(html) or ""
    meta = html_meta(html)
    page_url = meta.get("url") or url
    base = page_url if page_url and is_web_url(page_url) else None
    body, header = main_text(html, title, base) if title else ("", None)
    items = listing_items(html, body, base)
    if not items:
        parts = (title, meta, page_url, body, header)
        return [import_html(html, origin, url, parts=parts, date=date)], []
    announcements, notes = [], []
    for item in items:
        problem = None
        if item.date is None or not plausible_publication(item.date):
            problem = "no publication date in its block"
        elif not item.teaser:
            problem = "a headline without a teaser (nothing to translate but the title)"
        if problem or item.date is None:
            notes.append(f"{origin}: '{item.title[:80]}': skipped: {problem}")
            continue
        announcements.append(
            Announcement(
                id=make_id(item.date.isoformat(), item.title),
                generated_id=True,
                title=item.title,
                date=item.date,
                body="\n\n".join(_escape_markdown(t) for t in item.teaser),
                url=item.link,
                origin=origin,
            )
        )
        notes.append(ReadingDetail(f"{origin}: found '{item.title}', {item.date.isoformat()}"))
    if not announcements:
        raise SourceError(origin, None, "a listing page whose entries have no date or text")
    return announcements, notes


def _escape_markdown(text: str) -> str:
    from pipeline.intake.markup import _escape_md

    return _escape_md(text)


def import_html(
    html: str,
    origin: str,
    url: str | None = None,
    *,
    parts: tuple | None = None,
    date: dt.date | None = None,
) -> Announcement:
    """An article page: its main text as Markdown, scripts, styles and navigation dropped."""
    from pipeline.intake.markup import html_meta, html_title, main_text  # bs4: HTML only

    if parts is not None:  # already read by import_html_page
        title, meta, page_url, body, header = parts
    else:
        title = html_title(html) or ""
        meta = html_meta(html)
        page_url = meta.get("url") or url
        base = page_url if page_url and is_web_url(page_url) else None
        body, header = main_text(html, title, base) if title else ("", None)
    if not title:
        raise SourceError(origin, None, "the page has no title (<h1> or <title>)")
    if not body.strip():
        raise SourceError(origin, None, "the page has no main text")
    given, date = date, _page_date(html, meta, header)
    uncertain = False
    if date is None:
        date = given  # the editor said it (ingest --date)
    if date is None:  # only the story states a date: used, and said to be a guess
        stated = publication_dates(body.split("\n"))
        date, uncertain = (stated[0], True) if stated else (None, False)
    if date is None:
        raise SourceError(
            origin,
            None,
            "no publication date in the page (meta, <time>, a date line or the text)",
            hint="give it with 'vielfalt ingest --date YYYY-MM-DD', or ingest the page from "
            "the listing that dates it",
        )
    return Announcement(
        id=make_id(date.isoformat(), title),
        generated_id=True,
        title=title,
        date=date,
        body=body,
        url=page_url if page_url and page_url.startswith(("http://", "https://")) else None,
        origin=origin,
        date_uncertain=uncertain,
    )


def _page_date(html: str, meta: dict[str, str], header: str | None) -> dt.date | None:
    """The page's own publication date: its meta or <time>, a „Meldung vom“ line above the
    title, else what htmldate reads from the page's markup (never from the story's text)."""
    from pipeline.intake.pages import parse_date

    date = _date_from_text(meta.get("date"))
    if date is None and header is not None:  # „Meldung vom 4. Februar 2019“ above the text
        line = re.fullmatch(DATE_LINE, header, re.IGNORECASE)
        date = parse_date(line.group("date") if line else header.split(" vom ", 1)[-1])
    if date is None:
        try:
            from htmldate import find_date

            found = find_date(html, extensive_search=False, original_date=True)
        except (ValueError, TypeError, RecursionError):
            found = None
        date = _date_from_text(found) if found else None
    return date if date is not None and plausible_publication(date) else None


def _entry_lines(text: str) -> list[int]:
    """Line numbers of <item>/<entry> elements, so feed errors can name a line."""
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<(item|entry)[\s>]", text)]


def import_feed(text: str, origin: str) -> tuple[list[Announcement], list[str]]:
    """RSS 2.0 / Atom entries; an entry lacking a title or date is reported by line."""
    import feedparser  # imported here: it is slow to import and only this importer needs it

    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        problem = parsed.get("bozo_exception")
        lineno = getattr(problem, "getLineNumber", lambda: None)()
        raise SourceError(origin, lineno, f"not a readable RSS/Atom feed: {problem}")
    if not parsed.entries:
        raise SourceError(origin, None, "the feed has no entries")
    lines = _entry_lines(text)
    announcements = []
    notes: list[str] = []
    for index, entry in enumerate(parsed.entries):
        lineno = lines[index] if index < len(lines) else None
        title = (entry.get("title") or "").strip()
        if not title:
            raise SourceError(origin, lineno, f"feed entry {index + 1} has no title")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = dt.date(*stamp[:3]) if stamp else None
        html = ""
        if entry.get("content"):
            html = entry["content"][0].get("value", "")
        html = html or entry.get("summary", "")
        body = _markdown_of(html) if html else ""
        if date is None:
            stated = find_dates(body)
            if not stated:
                raise SourceError(origin, lineno, f"feed entry '{title}' has no date")
            date = stated[0]
            notes.append(
                f"{origin}:{lineno}: '{title}' has no date field; {date} taken from its text"
            )
        if not body.strip():
            raise SourceError(origin, lineno, f"feed entry '{title}' has no text")
        link = entry.get("link")
        announcements.append(
            Announcement(
                id=make_id(date.isoformat(), title),
                generated_id=True,
                title=title,
                date=date,
                body=body,
                url=link if link and link.startswith(("http://", "https://")) else None,
                origin=f"{origin}:{lineno}" if lineno else origin,
            )
        )
    return announcements, notes


def import_jsonl(text: str, origin: str) -> list[Announcement]:
    """One JSON object per line: title, date, body (Markdown) or body_html; url, summary, tags."""
    announcements = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(origin, number, f"not valid JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise SourceError(origin, number, "each line must be a JSON object")
        unknown = set(record) - {
            "id",
            "title",
            "date",
            "url",
            "summary",
            "tags",
            "body",
            "body_html",
        }
        if unknown:
            raise SourceError(origin, number, f"unknown field(s): {', '.join(sorted(unknown))}")
        title = record.get("title")
        if not isinstance(title, str) or not title.strip():
            raise SourceError(origin, number, "missing 'title'")
        date = _date_from_text(record.get("date")) if isinstance(record.get("date"), str) else None
        if date is None:
            raise SourceError(origin, number, "missing or unreadable 'date' (YYYY-MM-DD)")
        if isinstance(record.get("body"), str):
            body = record["body"].replace("\r\n", "\n").strip()
        elif isinstance(record.get("body_html"), str):
            body = _markdown_of(record["body_html"])
        else:
            raise SourceError(origin, number, "missing 'body' (Markdown) or 'body_html'")
        if not body:
            raise SourceError(origin, number, "the announcement has no body text")
        check_control_characters(body, origin, number - 1)
        given_id = record.get("id")
        if given_id is not None and (not isinstance(given_id, str) or not is_safe_id(given_id)):
            raise SourceError(origin, number, f"id {given_id!r} is not a safe id")
        tags = record.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise SourceError(origin, number, "'tags' must be a list of strings")
        url = record.get("url")
        announcements.append(
            Announcement(
                id=given_id or make_id(date.isoformat(), title.strip()),
                generated_id=not given_id,
                title=title.strip(),
                date=date,
                body=body,
                url=url if isinstance(url, str) and url else None,  # checked like any file's
                summary=record.get("summary") if isinstance(record.get("summary"), str) else None,
                tags=tuple(tags),
                origin=f"{origin}:{number}",
            )
        )
    if not announcements:
        raise SourceError(origin, None, "no announcements (the file is empty)")
    return announcements


def detect_format(name: str, text: str) -> str:
    """'markdown' | 'listing' | 'html' | 'feed' | 'jsonl', by extension and content."""
    lowered = name.lower()
    head = text.lstrip()[:500].lower()
    if lowered.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if (
        lowered.endswith((".rss", ".atom"))
        or (head.startswith("<?xml") and ("<rss" in head or "<feed" in head))
        or head.startswith(("<rss", "<feed"))
    ):
        return "feed"
    if lowered.endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html")):
        return "html"
    if lowered.endswith(".md") or text.startswith("---\n"):
        return "markdown"
    if head.startswith("{"):
        return "jsonl"
    return "listing"


def check_unique(announcements: Iterable[Announcement]) -> None:
    seen: dict[str, Announcement] = {}
    for announcement in announcements:
        other = seen.get(announcement.id)
        if other is not None and other.body != announcement.body:
            raise DuplicateIdError(
                f"{announcement.origin or announcement.path}: id '{announcement.id}' "
                f"is also produced by {other.origin or other.path} with different text",
                hint="two announcements share a date and title; give one of them its own 'id'",
            )
        seen[announcement.id] = announcement
