"""Publishing: approved translations only, as JSON, static HTML, feeds and MO files.

Every string from a catalog is untrusted: HTML and XML are escaped, and inline markup passes
only through an allow-list (links with http/https/mailto, emphasis). Output is
deterministic (same queue → same bytes), written atomically, unchanged files untouched, and
files of announcements that are no longer publishable are removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path

from pipeline.catalog import Catalog, ReviewState, compile_mo
from pipeline.config import LANGUAGES, Workspace
from pipeline.errors import CatalogError, VielfaltError
from pipeline.fileio import atomic_write_bytes, atomic_write_text
from pipeline.model import Announcement, Unit
from pipeline.queue import catalog_path, read_catalog
from pipeline.segment import units_of

SCHEMA_VERSION = 1
FORMATS = ("json", "html", "feed", "mo")
RTL = {"ar", "fa", "he", "ur"}
NATIVE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "fr": "Français",
    "ro": "Română",
    "bg": "Български",
    "pl": "Polski",
    "tr": "Türkçe",
    "ru": "Русский",
    "ar": "العربية",
    "uk": "Українська",
}
_INLINE = re.compile(
    r"\[(?P<text>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^)\s\"'<>]+)\)"
    r"|\*\*(?P<strong>[^*\n]+?)\*\*"
    r"|(?<![\w*])\*(?P<em>[^*\s][^*\n]*?)\*(?![\w*])"
)
_LATIN_RUN = re.compile(
    r"[A-Za-zÀ-ÖØ-öø-ž][A-Za-zÀ-ÖØ-öø-ž0-9 .,'’&§()/*+-]*[A-Za-zÀ-ÖØ-öø-ž0-9)]|[A-Za-z]"
)


# ---------------------------------------------------------------- safe inline rendering


def _text(value: str, rtl: bool) -> str:
    escaped = html.escape(value, quote=True)
    if not rtl:
        return escaped
    # Latin names and codes inside right-to-left text: isolate them so they stay readable.
    return _LATIN_RUN.sub(lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>', escaped)


def render_inline(markdown: str, rtl: bool = False) -> str:
    """Markdown inline markup to HTML through an allow-list; everything else is escaped text."""
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(markdown):
        out.append(_text(markdown[position : match.start()], rtl))
        if match.group("url"):
            url = html.escape(match.group("url"), quote=True)
            out.append(f'<a href="{url}">{_text(match.group("text"), rtl)}</a>')
        elif match.group("strong"):
            out.append(f"<strong>{_text(match.group('strong'), rtl)}</strong>")
        else:
            out.append(f"<em>{_text(match.group('em'), rtl)}</em>")
        position = match.end()
    out.append(_text(markdown[position:], rtl))
    return "".join(out)


def plain_inline(markdown: str) -> str:
    def keep_text(match: re.Match[str]) -> str:
        return match.group("text") or match.group("strong") or match.group("em") or ""

    return _INLINE.sub(keep_text, markdown)


# ---------------------------------------------------------------- what is publishable


@dataclass(frozen=True)
class Block:
    role: str
    prefix: str
    text: str
    language: str  # the language this text is in (the target, or "de" for a fallback)


@dataclass(frozen=True)
class PublishedAnnouncement:
    announcement: Announcement
    language: str
    title: Block
    summary: Block | None
    blocks: tuple[Block, ...]
    status: str  # "complete" | "partial" | "source"
    approved_at: str | None
    source_revision: str


@dataclass
class PublishReport:
    published: dict[str, list[str]] = field(default_factory=dict)
    waiting: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # lang → id → keys
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False


def source_revision(units: Sequence[Unit]) -> str:
    return hashlib.sha1("\n".join(f"{u.key}\t{u.text}" for u in units).encode()).hexdigest()[:12]


def _approved_at(catalog: Catalog) -> str | None:
    value = catalog.headers.get("PO-Revision-Date", "")
    match = re.match(r"\d{4}-\d{2}-\d{2}", value)
    return match.group(0) if match else None


def resolve(
    announcement: Announcement, language: str, catalog: Catalog | None, policy: str
) -> tuple[PublishedAnnouncement | None, list[str]]:
    """The announcement in `language` from approved entries only, or None; plus waiting keys."""
    units = units_of(announcement)
    revision = source_revision(units)
    if language == "de":
        blocks = [Block(u.role, u.prefix, u.text, "de") for u in units]
        return _assemble(
            announcement, "de", blocks, "source", announcement.date.isoformat(), revision
        ), []
    approved = {}
    if catalog is not None:
        for entry in catalog.entries:
            if entry.state == ReviewState.APPROVED and not entry.obsolete:
                approved[entry.key] = entry
    blocks = []
    waiting = []
    for unit in units:
        entry = approved.get(unit.key)
        if entry is not None and entry.source == unit.text:
            blocks.append(Block(unit.role, unit.prefix, entry.translation, language))
        else:
            waiting.append(unit.key)
            blocks.append(Block(unit.role, unit.prefix, unit.text, "de"))
    if waiting and (policy == "complete" or len(waiting) == len(units)):
        return None, waiting
    status = "partial" if waiting else "complete"
    return _assemble(
        announcement, language, blocks, status, _approved_at(catalog) if catalog else None, revision
    ), waiting


def _assemble(
    announcement, language, blocks, status, approved_at, revision
) -> PublishedAnnouncement:
    title = blocks[0]
    summary = next((b for b in blocks if b.role == "summary"), None)
    body = tuple(b for b in blocks[1:] if b.role != "summary")
    return PublishedAnnouncement(
        announcement, language, title, summary, body, status, approved_at, revision
    )


# ---------------------------------------------------------------- renderers


def _block_html(block: Block, page_language: str) -> str:
    rtl = block.language in RTL
    attributes = ""
    if block.language != page_language:
        attributes = f' lang="{block.language}" dir="{"rtl" if rtl else "ltr"}"'
    inner = render_inline(block.text, rtl)
    if block.role == "heading":
        level = min(6, max(2, block.prefix.count("#")))
        return f"<h{level}{attributes}>{inner}</h{level}>"
    if block.role == "list-item":
        return f"<li{attributes}>{inner}</li>"
    return f"<p{attributes}>{inner}</p>"


def body_html(item: PublishedAnnouncement) -> str:
    lines: list[str] = []
    open_list: str | None = None
    for block in item.blocks:
        kind = None
        if block.role == "list-item":
            kind = "ol" if block.prefix.strip()[:1].isdigit() else "ul"
        if open_list and kind != open_list:
            lines.append(f"</{open_list}>")
            open_list = None
        if kind and not open_list:
            lines.append(f"<{kind}>")
            open_list = kind
        lines.append(_block_html(block, item.language))
    if open_list:
        lines.append(f"</{open_list}>")
    return "\n".join(lines)


def body_text(item: PublishedAnnouncement) -> str:
    return "\n\n".join(block.prefix + plain_inline(block.text) for block in item.blocks)


def to_json(item: PublishedAnnouncement) -> dict:
    announcement = item.announcement
    return {
        "schema_version": SCHEMA_VERSION,
        "id": announcement.id,
        "language": item.language,
        "direction": "rtl" if item.language in RTL else "ltr",
        "title": plain_inline(item.title.text),
        "summary": plain_inline(item.summary.text) if item.summary else None,
        "body_html": body_html(item),
        "body_text": body_text(item),
        "date": announcement.date.isoformat(),
        "source_url": announcement.url,
        "translation_status": item.status,
        "approved_at": item.approved_at,
        "source_revision": item.source_revision,
        "fallback_units": sum(1 for b in (item.title, *item.blocks) if b.language != item.language),
    }


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5}nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}"
    "[lang=de].fallback{background:#fff6d5}"
)


_HEAD = (
    '<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<meta http-equiv="Content-Security-Policy" '
    "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
)
PARTIAL_NOTICE = "Parts of this page are shown in German until their translation is approved."


def _page(language: str, title: str, body: str) -> str:
    direction = "rtl" if language in RTL else "ltr"
    return (
        f'<!DOCTYPE html>\n<html lang="{language}" dir="{direction}">\n<head>\n{_HEAD}'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _dir(language: str) -> str:
    return "rtl" if language in RTL else "ltr"


def _language_links(announcement_id: str, current: str, available: Sequence[str]) -> str:
    items = []
    for language in available:
        name = NATIVE_NAMES.get(language, LANGUAGES.get(language, language))
        if language == current:
            continue
        items.append(
            f'<li><a href="../{language}/{announcement_id}.html" hreflang="{language}" '
            f'lang="{language}" dir="{_dir(language)}">{html.escape(name)}</a></li>'
        )
    if not items:
        return ""
    return '<nav aria-label="languages"><ul>\n' + "\n".join(items) + "\n</ul></nav>"


def article_page(item: PublishedAnnouncement, available: Sequence[str]) -> str:
    rtl = item.language in RTL
    title = plain_inline(item.title.text)
    fallback = ""
    if item.status == "partial":
        fallback = f'<p class="notice">{PARTIAL_NOTICE}</p>\n'
    body = (
        f"{_language_links(item.announcement.id, item.language, available)}\n<article>\n"
        f"<h1>{render_inline(item.title.text, rtl)}</h1>\n"
        f'<p><time datetime="{item.announcement.date.isoformat()}">'
        f"{item.announcement.date.isoformat()}</time></p>\n{fallback}{body_html(item)}\n</article>\n"
        f'<p><a href="index.html">↩</a></p>'
    )
    return _page(item.language, title, body)


def index_page(language: str, items: Sequence[PublishedAnnouncement]) -> str:
    rtl = language in RTL
    entries = "\n".join(
        f'<li><a href="{item.announcement.id}.html">{render_inline(item.title.text, rtl)}</a> '
        f"<time>{item.announcement.date.isoformat()}</time></li>"
        for item in items
    )
    name = NATIVE_NAMES.get(language, language)
    return _page(language, name, f"<h1>{html.escape(name)}</h1>\n<ul>\n{entries}\n</ul>")


def feed_xml(language: str, items: Sequence[PublishedAnnouncement], base_url: str) -> str:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = NATIVE_NAMES.get(language, language)
    ET.SubElement(channel, "link").text = f"{base_url}{language}/index.html"
    ET.SubElement(channel, "description").text = f"Announcements ({language})"
    ET.SubElement(channel, "language").text = language
    for item in items:
        entry = ET.SubElement(channel, "item")
        ET.SubElement(entry, "title").text = plain_inline(item.title.text)
        link = f"{base_url}{language}/{item.announcement.id}.html"
        ET.SubElement(entry, "link").text = link
        ET.SubElement(
            entry, "guid", {"isPermaLink": "false"}
        ).text = f"{item.announcement.id}/{language}"
        moment = item.announcement.date
        stamp = dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
        ET.SubElement(entry, "pubDate").text = format_datetime(stamp)
        ET.SubElement(entry, "description").text = body_html(item)  # escaped by the serializer
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


# ---------------------------------------------------------------- the run


def publish(
    workspace: Workspace,
    announcements: Sequence[Announcement],
    languages: Sequence[str],
    *,
    out: Path | None = None,
    formats: Sequence[str] = ("json", "html", "feed"),
    policy: str | None = None,
    base_url: str = "../",
    dry_run: bool = False,
) -> PublishReport:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise VielfaltError(
            f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    out = out or workspace.paths.published
    policy = policy or workspace.policies.publish
    report = PublishReport(dry_run=dry_run)
    resolved: dict[str, list[PublishedAnnouncement]] = {}
    catalogs: dict[str, dict[str, Catalog | None]] = {}
    for language in ["de", *languages]:
        resolved[language] = []
        catalogs[language] = {}
        for announcement in announcements:
            catalog = None
            if language != "de":
                try:
                    catalog, _ = read_catalog(catalog_path(workspace, language, announcement.id))
                except CatalogError as exc:
                    report.errors.append(str(exc))
                    continue
            catalogs[language][announcement.id] = catalog
            item, waiting = resolve(announcement, language, catalog, policy)
            if waiting:
                report.waiting.setdefault(language, {})[announcement.id] = waiting
            if item is not None:
                resolved[language].append(item)
        report.published[language] = [i.announcement.id for i in resolved[language]]
    available = {
        a.id: [lang for lang in ["de", *languages] if a.id in report.published[lang]]
        for a in announcements
    }
    files: dict[Path, str | bytes] = {}
    for language, items in resolved.items():
        folder = out / language
        items = sorted(items, key=lambda i: (i.announcement.date, i.announcement.id), reverse=True)
        if "json" in formats:
            documents = [to_json(i) for i in items]
            files[folder / "announcements.json"] = _json(
                {"schema_version": SCHEMA_VERSION, "language": language, "announcements": documents}
            )
            for document in documents:
                files[folder / f"{document['id']}.json"] = _json(document)
        if "html" in formats:
            files[folder / "index.html"] = index_page(language, items)
            for item in items:
                files[folder / f"{item.announcement.id}.html"] = article_page(
                    item, available[item.announcement.id]
                )
        if "feed" in formats:
            files[folder / "feed.xml"] = feed_xml(language, items, base_url)
        if "mo" in formats and language != "de":
            for item in items:
                catalog = catalogs[language].get(item.announcement.id)
                if catalog is not None:
                    files[folder / f"{item.announcement.id}.mo"] = compile_mo(catalog)
    # Remove what is no longer published (only files of the kinds vielfalt writes).
    for language in ["de", *languages]:
        folder = out / language
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                kind = {".html": "html", ".json": "json", ".xml": "feed", ".mo": "mo"}.get(
                    path.suffix
                )
                if kind in formats and path not in files:
                    report.removed.append(path)
                    if not dry_run:
                        path.unlink()
    for path, content in sorted(files.items()):
        if dry_run:
            current = path.read_bytes() if path.exists() else None
            data = content.encode("utf-8") if isinstance(content, str) else content
            if current != data:
                report.written.append(path)
            continue
        changed = (
            atomic_write_text(path, content)
            if isinstance(content, str)
            else atomic_write_bytes(path, content)
        )
        if changed:
            report.written.append(path)
        else:
            report.unchanged += 1
    return report


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
