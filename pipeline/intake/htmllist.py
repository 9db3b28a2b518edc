"""HTML listing pages read from their structure: repeated blocks that each hold a headline, a
date (a `<time>` or a date in the text) and usually a link and a teaser.

A city's news overview is a list of such blocks (`<article>`, `<li>`, `<div class="teaser">`),
siblings of one parent and alike in tag and class. The largest group of at least two alike
blocks whose headlines or teasers are part of the page's main text is the listing; an article
page whose sidebar lists other news is still an article (trafilatura leaves the sidebar out,
so neither its headlines nor its teasers are in the main text).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from pipeline.units.german import DATE_TEXT

_DATE = re.compile(DATE_TEXT, re.IGNORECASE)
_BLOCKS = ("article", "li", "div", "section", "tr")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5")
#: a block longer than this is a page region, not a teaser
_MAX_BLOCK_CHARS = 3000


@dataclass(frozen=True)
class ListedItem:
    title: str
    date: dt.date | None
    teaser: list[str]
    link: str | None


def listing_items(html: str, main_text: str, url: str | None = None) -> list[ListedItem] | None:
    """The entries of an HTML listing page, or None when the page is not one."""
    from bs4 import BeautifulSoup

    from pipeline.intake.markup import _DROP

    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all([d for d in _DROP if d not in ("header",)]):
        element.decompose()
    groups: dict[tuple, list[Any]] = {}
    for block in soup.find_all(_BLOCKS):
        if _is_item(block):
            key = (id(block.parent), block.name, tuple(block.get("class") or ()))
            groups.setdefault(key, []).append(block)
    best: list[ListedItem] = []
    for blocks in groups.values():
        if len(blocks) < 2:
            continue
        items = [_item(block, url) for block in blocks]
        shown = sum(
            1 for item in items
            if (item.title and item.title in main_text)
            or (item.teaser and item.teaser[0][:60] in main_text)
        )  # fmt: skip
        if shown >= 2 and len(items) > len(best):
            best = items
    return best or None


def _is_item(block: Any) -> bool:
    text = block.get_text(" ", strip=True)
    if not text or len(text) > _MAX_BLOCK_CHARS:
        return False
    has_title = block.find(_HEADINGS) is not None or block.find("a", string=True) is not None
    has_date = block.find("time") is not None or _DATE.search(text) is not None
    return has_title and has_date and len(block.find_all(_BLOCKS)) <= 6


def _item(block: Any, url: str | None) -> ListedItem:
    from pipeline.intake.pages import parse_date

    heading = block.find(_HEADINGS) or block.find("a", string=True)
    title = " ".join(heading.get_text(" ", strip=True).split()) if heading else ""
    date = None
    time = block.find("time")
    if time is not None:
        date = parse_date(str(time.get("datetime") or time.get_text(" ", strip=True)))
    text_lines = [
        " ".join(piece.get_text(" ", strip=True).split())
        for piece in block.find_all(["p", "span", "div", "time"], recursive=True)
        if not piece.find(["p", "div"])
    ]
    if date is None:
        for line in [*text_lines, block.get_text(" ", strip=True)]:
            found = _DATE.search(line)
            if found and (date := parse_date(found.group(0))) is not None:
                break
    link_tag = heading if heading is not None and heading.name == "a" else None
    link_tag = link_tag or (heading.find("a") if heading is not None else None) or block.find("a")
    href = str(link_tag.get("href") or "") if link_tag is not None else ""
    link = urllib.parse.urljoin(url, href) if url and href else (href or None)
    teaser = []
    for line in text_lines:
        if not line or line == title or _DATE.fullmatch(line.strip(" |·–")) or len(line) < 3:
            continue
        if line not in teaser:
            teaser.append(line)
    return ListedItem(title, date, teaser, link if link and link.startswith("http") else None)
