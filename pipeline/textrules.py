"""Which characters vielfalt lets into what it writes, and what an http(s) address is: each
rule once, for sources, configuration, QA and the published pages alike."""

from __future__ import annotations

import re
from typing import Any

from pipeline.errors import VielfaltError

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


# ---------------------------------------------------------------- a city's page patterns

#: seconds one pattern may take on one line: a city's own pattern with nested quantifiers
#: ((a+)+) would otherwise take exponential time and hold the workspace lock for ever
PATTERN_TIMEOUT = 0.5


class PatternError(ValueError):
    """A profile pattern that does not compile."""


class PatternTimeout(VielfaltError):
    """A profile pattern that took too long on one line."""


_CACHE: dict[str, Any] = {}


def compile_pattern(pattern: str) -> Any:
    """A city's page pattern, compiled by the `regex` module (matching has a time limit
    there), case-insensitive; PatternError when it does not compile."""
    import regex

    if pattern not in _CACHE:
        try:
            _CACHE[pattern] = regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
        except (regex.error, RecursionError, OverflowError) as exc:
            raise PatternError(str(exc)) from None
    return _CACHE[pattern]


def optional_group(pattern: str, name: str) -> bool:
    """Whether the named group may stay empty when `pattern` matches: it, or a group around
    it, is followed by `?`, `*` or `{0,…}`, or stands in one branch of an alternation. A
    header pattern whose `date` may be missing would find headers without a date."""
    opening = pattern.find(f"(?P<{name}>")
    if opening < 0:
        return False
    closes: dict[int, int] = {}  # opening paren -> its closing paren
    branches: dict[int, bool] = {}  # opening paren (-1: the whole) -> holds a top-level `|`
    stack = [-1]
    escaped = in_class = False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            stack.append(index)
        elif char == ")" and len(stack) > 1:
            closes[stack.pop()] = index
        elif char == "|":
            branches[stack[-1]] = True
    enclosing = [start for start, end in closes.items() if start <= opening < end]
    for start in enclosing:
        after = pattern[closes[start] + 1 : closes[start] + 3]
        if after[:1] in ("?", "*") or after.startswith("{0"):
            return True
        if start != opening and branches.get(start):
            return True
    return bool(branches.get(-1))


def fullmatch_pattern(pattern: str, line: str) -> Any:
    try:
        return compile_pattern(pattern).fullmatch(line, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        raise PatternTimeout(
            f"the page pattern {pattern[:60]!r} took over {PATTERN_TIMEOUT:g} s on one line "
            f"of {len(line)} characters",
            hint="a pattern with nested quantifiers such as (a+)+ is slow on long lines: "
            "simplify it in [sources.profile]",
        ) from None
