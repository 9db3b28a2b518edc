"""Which characters vielfalt lets into what it writes, and what an http(s) address is: each
rule once, for sources, configuration, QA and the published pages alike."""

from __future__ import annotations

import re

#: C0 and C1 control characters but tab and newline: invisible, and they break PO files,
#: web pages and XML
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: what a one-line value (a title, the site's name) may not hold: control characters, tabs and
#: line breaks of every kind
NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
#: noncharacters and lone surrogates: characters XML (feeds, sitemaps) and HTML text may not hold
NOT_IN_XML = re.compile(f"[{_NONCHARACTERS}\ud800-\udfff]")
#: what a published page cannot show: replaced by U+FFFD there (QA reports it as an error)
UNSHOWABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_NONCHARACTERS}\ud800-\udfff]")
#: an absolute http(s) address with nothing in it that could break out of an attribute
WEB_URL = re.compile(r"https?://[^\s<>\"'`{}|\\^\x00-\x1f\x7f]+")


#: a Markdown link `[text](target)`: group 1 the text, group 2 the target. Neither part may hold
#: the brackets that open the next attempt, so scanning is linear (a paragraph of 200,000 `[`
#: or `](` takes one pass, not one pass per bracket).
MARKDOWN_LINK = re.compile(r"\[([^\[\]]*)\]\((<[^<>\n]*>|[^()\s]*)\)")


def is_web_url(value: str) -> bool:
    """An absolute http(s) address with nothing in it that could break out of an attribute."""
    return bool(WEB_URL.fullmatch(value))

#: the lines git writes around the two sides of an unresolved conflict
_CONFLICT_OPEN = re.compile(r"^<{7}(?: .*)?$", re.M)
_CONFLICT_CLOSE = re.compile(r"^>{7}(?: .*)?$", re.M)


def conflict_marker_line(text: str) -> int | None:
    """The line of the first git conflict marker (`<<<<<<<` with a `>>>>>>>` after it), or None.

    Both ends must be there: a lone `=======` is a Markdown heading's underline, not a
    conflict. A file with markers holds two versions of the truth; none may be translated or
    published until a person chooses."""
    opening = _CONFLICT_OPEN.search(text)
    if opening is None or not _CONFLICT_CLOSE.search(text, opening.end()):
        return None
    return text.count("\n", 0, opening.start()) + 1


CONFLICT_HINT = (
    "resolve the git conflict (keep one version, delete the marker lines), then run again"
)
