"""PO text laid out exactly as GNU gettext writes it (msgcat, msgmerge, msgattrib).

Translators' tools rewrite what they load: gettext wraps strings at 79 columns where Unicode
allows a line break (UAX #14, computed by libunistring), translate-toolkit (Weblate) keeps the
lines it read and rewraps only what it changes. vielfalt writes every new or changed entry in
gettext's layout, using libunistring's own line breaking (the library gettext links), and
keeps the lines of entries it does not change as they are, whoever wrote them. So `msgcat` on
a vielfalt file changes nothing, a translate-toolkit load-and-save changes nothing, and a
vielfalt run that changes one entry changes only that entry's lines.

Where libunistring cannot be loaded (not a GNU system), lines break after spaces only; the
file is as valid, and `[catalogs] wrap = 0` (no wrapping) is exact everywhere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

#: gettext's default page width (msgcat, msgmerge, xgettext)
PAGE_WIDTH = 79
_PROHIBITED, _POSSIBLE = 1, 2  # libunistring's UC_BREAK_PROHIBITED, UC_BREAK_POSSIBLE
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


@cache
def _unistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    for candidate in (name, "libunistring.so.5", "libunistring.so.2"):
        if not candidate:
            continue
        try:
            library = ctypes.CDLL(candidate)
            function = library.ulc_width_linebreaks
        except (OSError, AttributeError):
            continue
        function.restype = ctypes.c_int
        function.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
            ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
        ]  # fmt: skip
        return library
    return None


def _linebreaks(portion: bytes, overrides: bytes, width: int, start: int) -> bytes:
    library = _unistring()
    result = ctypes.create_string_buffer(len(portion))
    if library is not None and portion:
        library.ulc_width_linebreaks(
            portion, len(portion), width, start, 0, overrides, b"UTF-8", result
        )
        return result.raw
    return _fallback_breaks(portion, overrides, width, start)


def _fallback_breaks(portion: bytes, overrides: bytes, width: int, start: int) -> bytes:
    """Greedy breaks after spaces, by display width (East Asian wide characters count 2)."""
    text = portion.decode("utf-8")
    marks = bytearray(len(portion))
    offsets, position = [], 0
    for char in text:
        offsets.append(position)
        position += len(char.encode("utf-8"))
    column, last_space = start, None
    for index, char in enumerate(text):
        offset = offsets[index]
        if index > 0 and text[index - 1] == " " and overrides[offset] != _PROHIBITED:
            last_space = offset
        column += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if column > width and last_space is not None and char != " ":
            marks[last_space] = _POSSIBLE
            column = sum(
                2 if unicodedata.east_asian_width(c) in "WF" else 1
                for c in portion[last_space : offset + len(char.encode("utf-8"))].decode("utf-8")
            )
            last_space = None
    return bytes(marks)


def wrap(name: str, value: str, prefix: str = "", width: int = PAGE_WIDTH) -> list[str]:
    """`name "value"` as gettext's write-po.c writes it: split after each newline, wrapped
    at `width` columns (0: never), an empty first line when the value spans lines."""
    lines: list[str] = []
    portions = _portions(value)
    first = True
    for number, portion_text in enumerate(portions):
        more_follow = number < len(portions) - 1
        portion, overrides = _escaped(portion_text)
        after_break = len(prefix) + 1
        line_width = (width if width > 0 else 1 << 30) - 1 - after_break
        while True:
            start = len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break
            breaks = _linebreaks(portion, overrides, line_width, start)
            wraps = _POSSIBLE in breaks
            if first and portion and (more_follow or start > line_width or wraps):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        head = f"{prefix}{name} " if first else prefix
        first = False
        pieces, begin = [], 0
        for index, mark in enumerate(breaks):
            if mark == _POSSIBLE and index > begin:
                pieces.append(portion[begin:index])
                begin = index
        pieces.append(portion[begin:])
        lines.append(head + '"' + pieces[0].decode("utf-8") + '"')
        lines += [f'{prefix}"{piece.decode("utf-8")}"' for piece in pieces[1:]]
    return lines


def _portions(value: str) -> list[str]:
    """The value cut after each newline (gettext's '\\n'-delimited portions)."""
    if not value:
        return [""]
    pieces = value.split("\n")
    portions = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        portions.append(pieces[-1])
    return portions


#: UTF-8 continuation bytes (0x80–0xBF) map to "no break here", every other byte to 0
_CONTINUATION = bytes(_PROHIBITED if 0x80 <= b <= 0xBF else 0 for b in range(256))
_NEEDS_ESCAPE = re.compile('[\\\\"' + "".join(_ESCAPES) + "]")


def _escaped(text: str) -> tuple[bytes, bytes]:
    """The portion as written between quotes, and where a break is never allowed (inside an
    escape sequence or a multi-byte character, and just before a final "\\n")."""
    if not _NEEDS_ESCAPE.search(text):  # the common case, in one pass at C speed
        out = text.encode("utf-8")
        overrides = bytearray(out.translate(_CONTINUATION))
        if text.endswith("\n") and len(overrides) >= 2:
            overrides[-2] = _PROHIBITED
        return out, bytes(overrides)
    return _escaped_slowly(text)


def _escaped_slowly(text: str) -> tuple[bytes, bytes]:
    out = bytearray()
    overrides = bytearray()
    for char in text:
        if char in _ESCAPES or char in '\\"':
            out += b"\\" + (_ESCAPES.get(char, char)).encode()
            overrides += bytes((0, _PROHIBITED))
        else:
            encoded = char.encode("utf-8")
            out += encoded
            overrides += bytes((0,)) + bytes((_PROHIBITED,)) * (len(encoded) - 1)
    if text.endswith("\n") and len(overrides) >= 2:
        overrides[-2] = _PROHIBITED
    return bytes(out), bytes(overrides)


@dataclass(frozen=True)
class Message:
    """One PO entry in the terms of the format (what gettext's message_ty holds)."""

    msgid: str
    msgstr: str
    msgctxt: str | None = None
    translator_comments: Sequence[str] = ()
    extracted_comments: Sequence[str] = ()
    references: Sequence[str] = ()
    flags: Sequence[str] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    obsolete: bool = False


def message_lines(message: Message, width: int = PAGE_WIDTH) -> list[str]:
    """The lines of one entry, comments first, as msgcat prints them."""
    lines = [f"# {c}" if c else "#" for c in message.translator_comments]
    lines += [f"#. {c}" if c else "#." for c in message.extracted_comments]
    lines += _reference_lines(message.references, width)
    flags = [f for f in message.flags if f != "fuzzy" or message.msgstr]
    if message.obsolete:
        flags = ["fuzzy"] if "fuzzy" in flags else []
    if flags:
        lines.append("#, " + ", ".join(flags))
    previous = "#~| " if message.obsolete else "#| "
    if message.previous_msgctxt is not None:
        lines += wrap("msgctxt", message.previous_msgctxt, previous, width)
    if message.previous_msgid is not None:
        lines += wrap("msgid", message.previous_msgid, previous, width)
    prefix = "#~ " if message.obsolete else ""
    if message.msgctxt is not None:
        lines += wrap("msgctxt", message.msgctxt, prefix, width)
    lines += wrap("msgid", message.msgid, prefix, width)
    lines += wrap("msgstr", message.msgstr, prefix, width)
    return lines


def _reference_lines(references: Iterable[str], width: int) -> list[str]:
    refs = list(references)
    if not refs:
        return []
    lines, current, column = [], "#:", 2
    for ref in refs:
        length = len(ref) + 1
        if column > 2 and column + length > (width if width > 0 else PAGE_WIDTH):
            lines.append(current)
            current, column = "#:", 2
        current += " " + ref
        column += length
    lines.append(current)
    return lines


def document(blocks: Iterable[Sequence[str]]) -> str:
    """Entries separated by one blank line, the file ending in a single newline."""
    return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"
