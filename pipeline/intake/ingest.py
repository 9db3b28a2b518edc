"""Importing sources into the workspace's announcements/ folder: idempotent and atomic."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Workspace
from pipeline.errors import (
    EncodingError,
    LanguageError,
    NetworkUnavailable,
    SourceError,
    SourceUnreachable,
)
from pipeline.fileio import atomic_write_text, decode_text, read_text
from pipeline.intake.pages import profile_for
from pipeline.model import Announcement
from pipeline.units.detect import LanguageDetector, check_announcement
from pipeline.units.segment import units_of

if TYPE_CHECKING:
    from pipeline.intake.pages import SiteProfile
from pipeline.intake.sources import (
    ReadingDetail,
    check_unique,
    detect_format,
    dump_announcement,
    import_feed,
    import_html_page,
    import_jsonl,
    import_listing,
    load_announcements,
    parse_announcement,
)
from pipeline.textrules import is_web_url

Fetcher = Callable[[str], bytes]


@dataclass(frozen=True)
class Change:
    id: str
    action: str  # "new" | "updated" | "unchanged"
    path: Path
    origin: str
    date: str
    title: str
    #: the page stated no publication date: the date is the story's, to be checked
    date_uncertain: bool = False


@dataclass
class IngestReport:
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    #: sources that could not be imported, each with its file and line (the others were)
    errors: list[str] = field(default_factory=list)
    #: those of `errors` whose address could not be reached (the network, not the source)
    unreachable: list[str] = field(default_factory=list)

    @property
    def offline(self) -> bool:
        """Every failed source failed because its server could not be reached."""
        return bool(self.errors) and len(self.unreachable) == len(self.errors)

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)


class Fetched(bytes):
    """A page's bytes with the charset its server declared (Content-Type), if any."""

    charset: str | None = None


def fetch_url(url: str, timeout: float = 20.0, max_bytes: int = 100_000_000) -> bytes:
    """The page at `url`, read no further than one byte past `max_bytes` (checked by callers),
    with the charset the server declared (`Fetched.charset`)."""
    from pipeline import httpclient

    data = bytearray()
    charset = None
    try:
        with httpclient.stream(
            url, timeout=timeout, deadline=timeout * 3, max_bytes=max_bytes + (1 << 20)
        ) as (_, headers, chunks):
            charset = _declared_charset(headers.get("Content-Type", ""))
            for chunk in chunks:
                data += chunk
                if len(data) > max_bytes:
                    break
    except NetworkUnavailable as exc:
        raise SourceUnreachable(httpclient.shown(url), None, f"cannot fetch: {exc}") from None
    except httpclient.HTTPError as exc:
        raise SourceError(httpclient.shown(url), None, f"cannot fetch: {exc}") from None
    page = Fetched(bytes(data[: max_bytes + 1]))
    page.charset = charset
    return page


def _decoded_page(data: bytes, source: str, encoding: str | None) -> str:
    """A fetched page as text: the encoding asked for; else UTF-8, and where the bytes are not
    UTF-8, the charset the server declared (a Latin-1 page says so in its Content-Type)."""
    declared = getattr(data, "charset", None)
    if encoding or not declared or declared == "utf-8":
        return decode_text(data, source, encoding)
    try:
        return decode_text(data, source, None)
    except EncodingError:
        return decode_text(data, source, declared)


def _declared_charset(content_type: str) -> str | None:
    """The charset of a Content-Type header, when Python knows it."""
    import codecs
    from email.message import Message

    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_content_charset()
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def read_sources(
    sources: list[str],
    *,
    encoding: str | None = None,
    max_bytes: int | None = None,
    url: str | None = None,
    fetch: Fetcher = fetch_url,
    errors: list[str] | None = None,
    profile: SiteProfile | None = None,
    unreachable: list[str] | None = None,
    date: dt.date | None = None,
) -> tuple[list[Announcement], list[str]]:
    """Parse every source into announcements. With `errors`, every source is tried and each
    bad one is listed there with its file and line; without, the first bad one raises.
    `date` is the publication date of page entries that state none (`ingest --date`)."""
    found: list[Announcement] = []
    notes: list[str] = []
    pages: list[tuple[str, Announcement]] = []  # (source, announcement) read from a web page
    for source in sources:
        try:
            items, item_notes, kind = _read_source(
                source, encoding, max_bytes, url, fetch, profile, date
            )
        except SourceError as exc:
            if errors is None:
                raise
            errors.append(str(exc) + (f" (hint: {exc.hint})" if exc.hint else ""))
            if unreachable is not None and isinstance(exc, SourceUnreachable):
                unreachable.append(errors[-1])
            continue
        found += items
        notes += item_notes
        if kind in ("listing", "html"):
            pages += [(source, item) for item in items]
    if len({source for source, _ in pages}) > 1:
        found, shared_notes = drop_shared_trailers(found, pages)
        notes += shared_notes
    check_unique(found)
    return found, notes


def drop_shared_trailers(
    found: list[Announcement], pages: list[tuple[str, Announcement]]
) -> tuple[list[Announcement], list[str]]:
    """Without the paragraph that stands under every page of a site (a district's
    self-description): one of eight words or more closing more than half of the announcements
    read from pages in this import, from two pages or more, is dropped from each, with a note."""
    closing: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    for source, announcement in pages:
        paragraphs = announcement.body.split("\n\n")
        if len(paragraphs) > 1 and len(paragraphs[-1].split()) >= 8:
            closing.setdefault(paragraphs[-1], set()).add(source)
            count[paragraphs[-1]] = count.get(paragraphs[-1], 0) + 1
    shared = {
        paragraph for paragraph, sources in closing.items()
        if len(sources) > 1 and count[paragraph] * 2 > len(pages)
    }  # fmt: skip
    if not shared:
        return found, []
    notes: list[str] = []
    page_ids = {id(announcement) for _, announcement in pages}
    kept = []
    for announcement in found:
        paragraphs = announcement.body.split("\n\n")
        if id(announcement) in page_ids and len(paragraphs) > 1 and paragraphs[-1] in shared:
            notes.append(ReadingDetail(
                f"{announcement.origin}: dropped (stands under every page of this import): "
                f"{paragraphs[-1][:80]}"
            ))  # fmt: skip
            announcement = replace(announcement, body="\n\n".join(paragraphs[:-1]))
        kept.append(announcement)
    return kept, notes


def _read_source(
    source: str,
    encoding: str | None,
    max_bytes: int | None,
    url: str | None,
    fetch: Fetcher,
    profile: SiteProfile | None,
    date: dt.date | None = None,
) -> tuple[list[Announcement], list[str], str]:
    """One source's announcements, notes and kind (listing, html, feed, jsonl, markdown)."""
    found: list[Announcement] = []
    notes: list[str] = []
    if source.startswith(("http://", "https://")):
        data = (
            fetch_url(source, max_bytes=max_bytes)
            if fetch is fetch_url and max_bytes is not None
            else fetch(source)
        )
        if max_bytes is not None and len(data) > max_bytes:
            raise SourceError(source, None, f"is larger than {max_bytes / 1e6:.0f} MB")
        text = _decoded_page(data, source, encoding)
        name, page_url = source.split("?")[0], source
    else:
        if "\0" in source:
            raise SourceError(source.replace("\0", "\\0"), None, "a file name cannot hold NUL")
        path = Path(source)
        if not path.exists():
            raise SourceError(source, None, "no such file")
        if path.is_dir():
            raise SourceError(source, None, "is a directory; name the files to import")
        text = read_text(path, encoding=encoding, max_bytes=max_bytes)
        name, page_url = path.name, None
    if not text.strip():
        raise SourceError(source, None, "is empty")
    kind = detect_format(name, text)
    if kind == "listing":
        items, item_notes = import_listing(
            text, source, url=url or page_url, profile=profile, date=date
        )
        found += items
        notes += item_notes
    elif kind == "html":
        items, item_notes = import_html_page(text, source, url=url or page_url, date=date)
        found += items
        notes += item_notes
    elif kind == "feed":
        items, item_notes = import_feed(text, source)
        found += items
        notes += item_notes
    elif kind == "jsonl":
        found += import_jsonl(text, source)
    else:
        announcement = parse_announcement(text, source, generate_id=True)
        if announcement.generated_id:
            notes.append(f"{source}: no id in its front matter; given '{announcement.id}'")
        found.append(replace(announcement, origin=source, path=None))
    return found, notes, kind


def _merge_existing(new: Announcement, old: Announcement | None) -> Announcement:
    """Keep what staff added to an existing file (url, summary, tags) when the import lacks it."""
    if old is None:
        return new
    return replace(
        new,
        url=new.url or old.url,
        summary=new.summary or old.summary,
        tags=new.tags or old.tags,
    )


def _title_key(title: str) -> str:
    """What makes two titles the same announcement: their letters and digits, any case."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", title).casefold())


def _body_key(body: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", body).casefold().split())


#: how alike two bodies must be for an entry whose title or date changed to be the same story
SAME_STORY = 0.8


class Stories:
    """The workspace's announcements indexed once per import by link, text, day and title,
    so matching every incoming entry costs time linear in what the workspace holds."""

    def __init__(self, existing: dict[str, Announcement]) -> None:
        self.existing = existing
        self.keys = {a.id: _body_key(a.body) for a in existing.values()}
        self.by_url: dict[str, list[Announcement]] = {}
        self.by_body: dict[str, list[Announcement]] = {}
        self.nearby: dict[object, list[Announcement]] = {}  # by day and by title
        for old in existing.values():
            if old.url:
                self.by_url.setdefault(old.url, []).append(old)
            self.by_body.setdefault(self.keys[old.id], []).append(old)
            self.nearby.setdefault(old.date, []).append(old)
            self.nearby.setdefault(_title_key(old.title), []).append(old)

    def same_story(self, announcement: Announcement, claimed: set[str]) -> Announcement | None:
        """The announcement already in the workspace that `announcement` is, when its title
        or date was corrected on the city's page: the same link (a feed's guid is its link),
        or the same story (equal text; or nearly equal under the same title or on the same
        day)."""
        import difflib

        if announcement.id in self.existing:
            return None

        def free(found: list[Announcement]) -> list[Announcement]:
            # both with links that differ: two stories, whatever their text
            return [
                a for a in found
                if a.id not in claimed and not (a.url and announcement.url)
            ]  # fmt: skip

        if announcement.url:
            linked = [a for a in self.by_url.get(announcement.url, []) if a.id not in claimed]
            if linked:
                return linked[0]
        body = _body_key(announcement.body)
        if len(body) < 40:
            return None  # too little text to tell two stories apart
        equal = free(self.by_body.get(body, []))
        if equal:
            return equal[0]
        near = self.nearby.get(announcement.date, []) + self.nearby.get(
            _title_key(announcement.title), []
        )
        for old in free(list(dict.fromkeys(near))):
            matcher = difflib.SequenceMatcher(None, self.keys[old.id], body, autojunk=False)
            if matcher.quick_ratio() >= SAME_STORY and matcher.ratio() >= SAME_STORY:
                return old
        return None


def _identity(
    announcements: list[Announcement], existing: dict[str, Announcement]
) -> tuple[list[Announcement], dict[str, str]]:
    """Entries that are an existing announcement under a corrected title or date keep its id;
    id -> "renamed", "re-dated" or "renamed, re-dated" for each."""
    claimed: set[str] = set()
    kept, actions = [], {}
    stories = Stories(existing)
    for announcement in announcements:
        old = stories.same_story(announcement, claimed) if announcement.generated_id else None
        if old is None:
            kept.append(announcement)
            continue
        claimed.add(old.id)
        what = [
            word
            for word, differs in (
                ("renamed", old.title != announcement.title),
                ("re-dated", old.date != announcement.date),
            )
            if differs
        ]
        if what:
            actions[old.id] = ", ".join(what)
        kept.append(replace(announcement, id=old.id, generated_id=False))
    return kept, actions


def assign_ids(
    announcements: list[Announcement], existing: dict[str, Announcement]
) -> list[Announcement]:
    """Generated ids that collide with a different announcement (same date, titles that slug
    alike) get a suffix -2, -3 …: an import never replaces another announcement. A title that
    differs only in punctuation or case is the same announcement, updated."""
    taken: dict[str, str] = {ident: _title_key(a.title) for ident, a in existing.items()}
    result = []
    for announcement in announcements:
        ident = announcement.id
        if announcement.generated_id:
            key = _title_key(announcement.title)
            number = 1
            while ident in taken and taken[ident] != key:
                number += 1
                ident = f"{announcement.id}-{number}"
        taken.setdefault(ident, _title_key(announcement.title))
        result.append(replace(announcement, id=ident))
    check_unique(result)
    return result


def _check_accepted(text: str, path: Path, announcement: Announcement) -> None:
    """Whatever ingest writes, the workspace accepts: the file is parsed back by the same
    parser `translate` and `publish` use, and a refusal names the source it came from."""
    try:
        parse_announcement(text, path)
    except SourceError as exc:
        origin = announcement.origin or str(path)
        where, _, line = origin.rpartition(":")
        if not line.isdigit():
            where, line = origin, ""
        reason = exc.reason.replace("front matter", "the imported announcement")
        raise SourceError(where, int(line) if line else None, reason, hint=exc.hint) from None


def check_language(
    announcements: list[Announcement], detector: LanguageDetector, expected: str
) -> None:
    """Refuse an announcement that is not in the source language, naming it and the verdict."""
    for announcement in announcements:
        check = check_announcement(
            detector,
            announcement.id,
            str(announcement.origin or announcement.path),
            units_of(announcement),
            expected,
        )
        if not check.verdict.is_expected:
            verdict = check.verdict
            raise LanguageError(
                f"{check.path}: '{announcement.title}' looks like {verdict.language} "
                f"(probability {verdict.probability:.2f}), not {expected}",
                hint="import only German sources, or pass --allow-other-language to import anyway",
            )


def _in_language(
    announcements: list[Announcement], detector: LanguageDetector, expected: str, errors: list[str]
) -> list[Announcement]:
    """The announcements in the source language; each other one is an error in `errors`."""
    kept = []
    for announcement in announcements:
        try:
            check_language([announcement], detector, expected)
        except LanguageError as exc:
            errors.append(str(exc))
            continue
        kept.append(announcement)
    return kept


def ingest(
    workspace: Workspace,
    sources: list[str],
    *,
    detector: LanguageDetector | None = None,
    encoding: str | None = None,
    url: str | None = None,
    dry_run: bool = False,
    allow_other_language: bool = False,
    fetch: Fetcher = fetch_url,
    hold_uncertain: bool = False,
    date: dt.date | None = None,
) -> IngestReport:
    """Import sources into announcements/: new files made, changed ones updated, rest untouched.

    With `hold_uncertain` (`sync`), a new announcement whose page states no publication date
    (its date was taken from the story) is held for an editor, named in the notes, not
    written: `vielfalt ingest` of the same source imports it, with the note to check the
    date."""
    max_bytes = int(workspace.policies.max_source_mb * 1_000_000)
    if url is not None and not is_web_url(url):
        raise SourceError("--url", None, f"url must be an http(s) address, not {url[:120]!r}")
    errors: list[str] = []
    unreachable: list[str] = []
    announcements, notes = read_sources(
        sources, encoding=encoding, max_bytes=max_bytes, url=url, fetch=fetch, errors=errors,
        profile=profile_for(workspace.source_profile), unreachable=unreachable, date=date,
    )  # fmt: skip
    checked = (
        detector is not None
        and not allow_other_language
        and workspace.policies.refuse_wrong_language
    )
    folder = workspace.paths.announcements
    existing = {a.id: a for a in load_announcements(folder, max_bytes=max_bytes)}
    report = IngestReport(notes=notes, dry_run=dry_run, errors=errors, unreachable=unreachable)
    planned: list[tuple[Path, str]] = []
    announcements, identities = _identity(announcements, existing)
    for announcement in assign_ids(announcements, existing):
        old = existing.get(announcement.id)
        merged = _merge_existing(announcement, old)
        path = folder / f"{announcement.id}.md"
        text = dump_announcement(merged)
        _check_accepted(text, path, announcement)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current is None and hold_uncertain and announcement.date_uncertain:
            report.notes.append(
                f"{announcement.origin}: '{announcement.title[:80]}' held for an editor: the "
                f"page states no publication date ({announcement.date.isoformat()} is from the "
                "text); import it with 'vielfalt ingest' and check the date"
            )
            continue
        if current == text:
            action = "unchanged"  # accepted before: its language is not asked again
        elif checked and detector is not None and not _in_language(
            [announcement], detector, workspace.source_language, errors
        ):
            continue  # not German: named in the errors, not written
        else:
            action = "new" if current is None else identities.get(announcement.id, "updated")
            planned.append((path, text))
        report.changes.append(
            Change(
                announcement.id,
                action,
                path,
                announcement.origin or "",
                announcement.date.isoformat(),
                announcement.title,
                announcement.date_uncertain,
            )
        )
    if not dry_run:
        for path, text in planned:
            atomic_write_text(path, text)
    return report
