"""How often a prescribed term stands in a text: the one test QA, protection and benches share.

A term counts only as a word of its own, in any script ("HIN" is not in "within", "vhs" is not
"VHS-like" when the glossary says case matters), once per occurrence (a source with two
„Stadt Herne“ needs two renderings), and a prescribed translation may take a short inflection
ending on each of its words in the target language („отдела интеграции“ for „отдел
интеграции“); a name kept as is may not.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: letters an inflected prescribed translation may add to its last word
_INFLECTION = r"[^\W\d_]{0,3}"


@lru_cache(maxsize=2048)
def _pattern(needle: str, case_sensitive: bool, inflects: bool) -> re.Pattern[str]:
    if inflects:  # each word may take an ending: „отдела интеграции“, „города Херне“
        body = "".join(
            re.escape(piece) + (_INFLECTION if piece[-1:].isalpha() else "")
            if not piece.isspace()
            else r"\s+"
            for piece in re.split(r"(\s+)", needle)
            if piece
        )
    else:
        body = re.escape(needle)
    flags = 0 if case_sensitive else re.IGNORECASE
    before = r"(?<!\w)" if needle[:1].isalnum() else ""
    after = r"(?!\w)" if needle[-1:].isalnum() else ""
    return re.compile(before + body + after, flags)


def occurrences(text: str, needle: str, *, case_sensitive: bool, inflects: bool = False) -> int:
    """How often `needle` stands in `text` as a word (or words) of its own."""
    if not needle:
        return 0
    return len(_pattern(needle, case_sensitive, inflects).findall(text))
