"""Pages, feeds and sitemaps of the published site: Jinja2 templates, CLDR dates, safe inline text.

Every string from a catalog is untrusted. Inline Markdown passes an allow-list (links with
http/https/mailto, strong, emphasis); everything else is escaped. On right-to-left pages, runs
of Latin text and digits are isolated (`<bdi dir="ltr">`) on the raw text, before escaping, so an
isolate never lands inside an entity, and brackets or quotes that enclose such a run go into
the isolate with it, so "(KI)" and „Echte Väter“ read in order.

A workspace `templates/` folder overrides any built-in template by name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from importlib import resources
from pathlib import Path

import jinja2
from babel.dates import format_date
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from pipeline import languages
from pipeline.config import Site
from pipeline.errors import LocatedError
from pipeline.textrules import UNSHOWABLE

_INLINE = re.compile(
    r"(?<!\\)\[(?P<text>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^)\s\"'<>]+)\)"
    r"|(?<!\\)\*\*(?P<strong>[^*\n]+?)\*\*"
    r"|(?<![\w*\\])\*(?P<em>[^*\s][^*\n]*?)\*(?![\w*])"
)
#: a Markdown backslash escape (`\*`, `\[`, `\<`): the character itself, shown as text
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_STRONG = _LATIN + "0-9"
_INNER = " .,'’&§/*+:%€()\\[\\]„“”‚‘\"«»\u2013\\-"
_LTR_RUN = re.compile(rf"(?:\+(?=[0-9])|[{_STRONG}])(?:[{_STRONG}{_INNER}]*[{_STRONG}])?")
_PAIRS = {"(": ")", "[": "]", "„": "“", "“": "”", "‚": "‘", '"': '"', "«": "»", "»": "«"}
_CLOSERS = {")", "]", "“", "”", "‘", "»", "«", '"'}


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for char in text:
        if stack and char == _PAIRS.get(stack[-1]):
            stack.pop()
        elif char in _PAIRS:
            stack.append(char)
        elif char in _CLOSERS:
            return False
    return not stack


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """Spans of left-to-right text (Latin words, digits) to isolate inside right-to-left text.

    A run with an unbalanced bracket or quote is split there, the bracket left outside; a pair
    that directly encloses a run goes inside it.
    """
    spans: list[tuple[int, int]] = []
    for match in _LTR_RUN.finditer(text):
        start, end = match.span()
        pieces = [(start, end)]
        if not _balanced(text[start:end]):
            pieces = [
                (start + m.start(), start + m.end())
                for m in _LTR_RUN.finditer(re.sub(r"[()\[\]„“”‚‘\"«»]", "\0", text[start:end]))
            ]
        for left, right in pieces:
            while (
                left > 0
                and right < len(text)
                and text[left - 1] in _PAIRS
                and text[right] == _PAIRS[text[left - 1]]
            ):
                left, right = left - 1, right + 1
            if not text[left:right].isdigit():  # a bare number reads right in any direction
                spans.append((left, right))
    return spans




def clean(value: str) -> str:
    """Control characters cannot be shown and make XML ill-formed: U+FFFD marks where they were
    (QA reports them as errors; this keeps a page published under "warn" well-formed)."""
    return UNSHOWABLE.sub("\ufffd", value)


def _text(value: str, rtl: bool) -> Markup:
    value = _ESCAPED.sub(r"\1", clean(value))
    if not rtl:
        return escape(value)
    out: list[Markup] = []
    position = 0
    for start, end in ltr_runs(value):
        out.append(escape(value[position:start]))
        out.append(Markup('<bdi dir="ltr">{}</bdi>').format(value[start:end]))
        position = end
    out.append(escape(value[position:]))
    return Markup("").join(out)


def render_inline(markdown: str, rtl: bool = False) -> Markup:
    """Markdown inline markup to HTML through an allow-list; everything else is escaped text."""
    markdown = clean(markdown)
    out: list[Markup] = []
    position = 0
    for match in _INLINE.finditer(markdown):
        out.append(_text(markdown[position : match.start()], rtl))
        if match.group("url"):
            out.append(
                Markup('<a href="{}">{}</a>').format(
                    match.group("url"), _text(match.group("text"), rtl)
                )
            )
        elif match.group("strong"):
            out.append(Markup("<strong>{}</strong>").format(_text(match.group("strong"), rtl)))
        else:
            out.append(Markup("<em>{}</em>").format(_text(match.group("em"), rtl)))
        position = match.end()
    out.append(_text(markdown[position:], rtl))
    return Markup("").join(out)


def plain_inline(markdown: str) -> str:
    def keep_text(match: re.Match[str]) -> str:
        return match.group("text") or match.group("strong") or match.group("em") or ""

    return _ESCAPED.sub(r"\1", clean(_INLINE.sub(keep_text, markdown)))


def direction(language: str) -> str:
    return languages.get(language).direction if language in languages.LANGUAGES else "ltr"


def language_name(language: str) -> str:
    return languages.get(language).native_name if language in languages.LANGUAGES else language


def local_date(day: dt.date, language: str) -> str:
    """The date as readers of `language` write it, from CLDR: "21 January 2026", "21 يناير 2026"."""
    try:
        return format_date(day, "long", locale=languages.cldr_locale(language))
    except (ValueError, LookupError):
        return day.isoformat()


def _strings() -> dict[str, dict[str, str]]:
    path = resources.files("pipeline") / "data" / "site-strings.json"
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Link:
    language: str
    href: str
    name: str
    direction: str


class SiteRenderer:
    """Renders pages with the built-in templates, or the workspace's where it has them."""

    def __init__(self, site: Site, templates_dir: Path | None = None) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if templates_dir is not None and templates_dir.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
        loaders.append(jinja2.PackageLoader("pipeline.publish", "templates"))
        # Workspace templates are data, not code: the sandbox refuses attribute tricks that
        # reach Python's internals (`lipsum.__globals__`), and the loaders read only from the
        # template folders (an absolute or `..` name is not found).
        self.env = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["inline"] = render_inline
        self.env.filters["plain_text"] = lambda value, rtl=False: _text(plain_inline(value), rtl)
        self.env.filters["local_date"] = local_date
        self.site = site
        self._strings = _strings()

    def strings(self, language: str) -> dict[str, str]:
        """Interface texts of the page's language (English where vielfalt has none)."""
        base = dict(self._strings["en"])
        base.update(self._strings.get(language, {}))
        return base

    def render(self, template: str, language: str, **context: object) -> str:
        """The page; any fault of a template is a TemplateError naming its file and line."""
        try:
            return self.env.get_template(template).render(
                site=self.site,
                lang=language,
                dir=direction(language),
                rtl=direction(language) == "rtl",
                t=self.strings(language),
                notice=self.site.notice.get(language, ""),
                **context,
            )
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                exc.filename or template, exc.lineno, exc.message or "syntax error"
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(
                template, None, f"includes {exc.name!r}, which is not in the template folders"
            ) from None
        except SecurityError as exc:
            raise TemplateError(
                _failing_template(exc) or template, _failing_line(exc), f"not allowed: {exc}"
            ) from None
        except jinja2.TemplateError as exc:
            raise TemplateError(
                _failing_template(exc) or template, _failing_line(exc), str(exc)
            ) from None
        except RecursionError:
            raise TemplateError(template, None, "includes or extends itself, endlessly") from None
        except UnicodeDecodeError:
            raise TemplateError(template, None, "a template is not UTF-8 text") from None


class TemplateError(LocatedError):
    """A workspace template that cannot be rendered; nothing is published."""


def _failing_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line of a render error, from the traceback."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or "template" in filename:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _failing_template(exc: BaseException) -> str | None:
    return _failing_frame(exc)[0]


def _failing_line(exc: BaseException) -> int | None:
    return _failing_frame(exc)[1]


# ---------------------------------------------------------------- feeds and sitemap (XML)

_ATOM = "http://www.w3.org/2005/Atom"
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    guid: str
    date: dt.date
    description_html: str


def feed_xml(
    language: str,
    title: str,
    description: str,
    link: str,
    self_url: str,
    items: Sequence[FeedItem],
) -> str:
    """RSS 2.0 with absolute links, titled and described in the feed's language."""
    ET.register_namespace("atom", _ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = title
    ET.SubElement(channel, "link").text = link
    ET.SubElement(channel, "description").text = description
    ET.SubElement(channel, "language").text = language
    ET.SubElement(
        channel,
        f"{{{_ATOM}}}link",
        {"href": self_url, "rel": "self", "type": "application/rss+xml"},
    )
    for item in items:
        entry = ET.SubElement(channel, "item")
        ET.SubElement(entry, "title").text = item.title
        ET.SubElement(entry, "link").text = item.link
        ET.SubElement(entry, "guid", {"isPermaLink": "false"}).text = item.guid
        stamp = dt.datetime(item.date.year, item.date.month, item.date.day, tzinfo=dt.UTC)
        ET.SubElement(entry, "pubDate").text = format_datetime(stamp)
        ET.SubElement(entry, "description").text = item.description_html
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def sitemap_xml(pages: Sequence[tuple[str, Mapping[str, str]]]) -> str:
    """A sitemap: each page's URL with hreflang alternates of all its language versions."""
    ET.register_namespace("", _SITEMAP)
    ET.register_namespace("xhtml", _XHTML)
    urlset = ET.Element(f"{{{_SITEMAP}}}urlset")
    for location, alternates in pages:
        url = ET.SubElement(urlset, f"{{{_SITEMAP}}}url")
        ET.SubElement(url, f"{{{_SITEMAP}}}loc").text = location
        for hreflang, href in alternates.items():
            ET.SubElement(
                url,
                f"{{{_XHTML}}}link",
                {"rel": "alternate", "hreflang": hreflang, "href": href},
            )
    ET.indent(urlset)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n"
    )
