"""HTML to Markdown for imported pages and feeds: main text only, links and emphasis kept."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

from pipeline.textrules import MARKDOWN_LINK
from pipeline.units.german import DATE_LINE

_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "form",
    "button",
    "nav",
    "header",
    "footer",
    "aside",
    "figure",
    "img",
    "video",
    "audio",
    "canvas",
    "select",
)
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _escape_md(text: str) -> str:
    # Only the characters that would turn plain text into Markdown markup.
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def _leaf(node: PageElement) -> str | None:
    """The text of a node with nothing to descend into; None for an element to descend."""
    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return _escape_md(str(node))
    if not isinstance(node, Tag) or node.name in _DROP:
        return ""
    return None


def _wrap(node: Tag, inner: str) -> str:
    """An element's Markdown around its children's text."""
    if node.name == "br":
        return " "
    if node.name in ("em", "i"):
        stripped = inner.strip()
        return f"*{stripped}*" if stripped else inner
    if node.name in ("strong", "b"):
        stripped = inner.strip()
        return f"**{stripped}**" if stripped else inner
    if node.name == "a":
        href = _attribute(node, "href")
        text = inner.strip()
        if text and href.lower().startswith(_SAFE_SCHEMES):
            return f"[{text}]({href})"
        return inner
    return inner


def _inline(root: PageElement) -> str:
    """A node's text as inline Markdown, walked with a stack of its own: an element nested
    thousands deep (a hostile feed) costs time linear in its size, never a RecursionError."""
    leaf = _leaf(root)
    if leaf is not None:
        return leaf
    assert isinstance(root, Tag)
    frames: list[tuple[Tag, Any, list[str]]] = [(root, iter(root.children), [])]
    while True:
        node, children, parts = frames[-1]
        child = next(children, None)
        if child is None:
            frames.pop()
            text = _wrap(node, "".join(parts))
            if not frames:
                return text
            frames[-1][2].append(text)
            continue
        value = _leaf(child)
        if value is not None:
            parts.append(value)
        else:
            frames.append((child, iter(child.children), []))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _main_element(soup: BeautifulSoup) -> Tag:
    for selector in ("article", "main", "[role=main]", "#content", ".content"):
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found
    # Fall back to the element holding the most paragraph text.
    best: Tag | None = None
    best_len = 0
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        if parent is None:
            continue
        length = sum(len(p.get_text()) for p in parent.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = parent, length
    return best or soup.body or soup


def html_to_markdown(html: str, *, main_only: bool = True, drop_title: str | None = None) -> str:
    """Convert an HTML page or fragment to Markdown blocks, dropping scripts, styles, navigation."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(_DROP):
        element.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    root = _main_element(soup) if main_only else soup
    blocks: list[str] = []
    found_block = False
    for element in root.find_all(_BLOCKS):
        # Only outermost blocks: a <p> inside <li> belongs to the list item.
        if element.find_parent(_BLOCKS) is not None:
            continue
        found_block = True
        text = _clean(_inline(element))
        if not text:
            continue
        name = element.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            if name == "h1" and drop_title and _clean(element.get_text()) == _clean(drop_title):
                continue
            level = max(2, int(name[1]))
            blocks.append("#" * level + " " + text)
        elif name == "li":
            parent = element.find_parent(("ol", "ul"))
            if parent is not None and parent.name == "ol":
                number = len(element.find_previous_siblings("li")) + 1
                blocks.append(f"{number}. {text}")
            else:
                blocks.append(f"- {text}")
        else:
            blocks.append(text)
    if not found_block:
        text = _clean(_inline(root))
        if text:
            blocks.append(text)
    # List items of one list are written without blank lines between them.
    out: list[str] = []
    for block in blocks:
        is_item = bool(re.match(r"^(- |\d+\. )", block))
        if out and is_item and re.match(r"^(- |\d+\. )", out[-1].splitlines()[-1]):
            out[-1] += "\n" + block
        else:
            out.append(block)
    return "\n\n".join(out)


def html_title(html: str) -> str | None:
    soup = BeautifulSoup(html, "html.parser")
    for selector in ("article h1", "main h1", "h1"):
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return _clean(found.get_text())
    og = soup.find("meta", attrs={"property": "og:title"})
    if _attribute(og, "content"):
        return _clean(_attribute(og, "content"))
    if soup.title and soup.title.string:
        return _clean(soup.title.string)
    return None


def html_meta(html: str) -> dict[str, str]:
    """Publication date and canonical URL where the page states them."""
    soup = BeautifulSoup(html, "html.parser")
    found: dict[str, str] = {}
    stated: tuple[dict[str, Any], ...] = (
        {"property": "article:published_time"},
        {"name": "date"},
        {"name": "dcterms.date"},
    )
    for attrs in stated:
        meta = soup.find("meta", attrs=attrs)
        if _attribute(meta, "content"):
            found["date"] = _attribute(meta, "content")
            break
    if "date" not in found:
        time = soup.find("time", attrs={"datetime": True})
        if _attribute(time, "datetime"):
            found["date"] = _attribute(time, "datetime")
    link = soup.find("link", attrs={"rel": "canonical"})
    if _attribute(link, "href"):
        found["url"] = _attribute(link, "href")
    return found


def _attribute(element: object, name: str) -> str:
    """An element's attribute as one stripped string ("" when absent; lists joined)."""
    if not isinstance(element, Tag):
        return ""
    value = element.get(name)
    if isinstance(value, list):
        value = " ".join(value)
    return (value or "").strip()


_HEADER = re.compile(r"(?:Meldung|Pressemitteilung)\s+vom\s+.+")
_DATE_LINE = re.compile(DATE_LINE, re.IGNORECASE)
_LIST_OR_TABLE = re.compile(r"\s*(?:[-*+]\s|\d+[.)]\s|\|)")


def main_text(html: str, title: str, url: str | None = None) -> tuple[str, str | None]:
    """An article page's main text as Markdown paragraphs, and a „Meldung vom …“ line found
    above it (the publication date as the page states it).

    trafilatura finds the main text (it keeps related-links boxes, sidebars and div-only CMS
    layouts out where vielfalt's own extractor did not: `bench/html_extraction.py`); vielfalt's
    extractor is the fallback when it finds nothing. Links stay as Markdown when they are
    http(s) or mailto (relative ones made absolute against the page address), the title is
    not repeated in the body."""
    import trafilatura

    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_links=True,
        include_formatting=True,
        include_images=False,
        include_tables=False,
        favor_precision=True,
        url=url,
    )
    if not text or not text.strip():
        return html_to_markdown(html, drop_title=title), None
    from pipeline.intake.lines import contact_block, general_rule

    header = None
    paragraphs: list[tuple[str, str]] = []  # (Markdown, plain text)
    for block in (b.strip() for b in text.split("\n\n")):
        plain = _plain(block)
        if not block or plain == title or general_rule(plain):  # chrome any site has
            continue
        if header is None and not paragraphs and (
            _HEADER.fullmatch(plain) or _DATE_LINE.fullmatch(plain)
        ):
            header = plain  # the page's date line above the text
            continue
        if not _LIST_OR_TABLE.match(block):  # a paragraph: its line breaks were the HTML's
            block = " ".join(block.split())
        paragraphs.append((MARKDOWN_LINK.sub(lambda m: _safe_link(m, url), block), plain))
    lines = [plain for _, plain in paragraphs]
    block_at = contact_block(lines)
    if block_at:  # the contact block under the text
        paragraphs = paragraphs[:block_at]
    return "\n\n".join(markdown for markdown, _ in paragraphs), header


def _plain(block: str) -> str:
    """A Markdown block's text as the page shows it: no heading marks, escapes or link targets."""
    text = MARKDOWN_LINK.sub(lambda m: m.group(1), block.lstrip("#").strip())
    return " ".join(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1", text).split())


def _safe_link(match: re.Match[str], base: str | None) -> str:
    import urllib.parse

    text, href = match.group(1), match.group(2).strip("<>")
    has_scheme = re.match(r"[a-z][a-z0-9+.-]*:", href, re.IGNORECASE)
    if base and not has_scheme:
        href = urllib.parse.urljoin(base, href)
    return f"[{text}]({href})" if href.lower().startswith(_SAFE_SCHEMES) and text else text
