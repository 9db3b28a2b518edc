"""Gender-inclusive German forms, written out before MT.

„Vertreter*innen“, „Vertreter:innen“, „Vertreter_innen“, „Vertreter/-innen“, „VertreterInnen“
are not in any model's training data as one word: models cut them at the star and the German
suffix leaks into the output („senior*innen“, „ممثلو*innen“). No target language of vielfalt
has such a typographic convention in official texts, so the MT input gets the German pair form
(„Vertreterinnen und Vertreter“), which every model knows, feminine first as the star form
reads; the catalog's msgid keeps the original. What each target makes of the pair (a doublet in
French, Polish, Russian…, a neutral plural in English and Turkish) is in the README.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: noun stem + gender marker + plural or singular feminine ending
_FORM = re.compile(
    r"\b(?P<stem>[A-ZÄÖÜ][a-zäöüß]+)"
    r"(?:(?P<mark>\*|:|_|·|/-?)(?P<ending>innen|in)|(?P<binnen>Innen))\b"
)
#: masculine plurals that are the stem itself (Vertreter, Bürger, Künstler)
_SAME_PLURAL = ("er", "el", "en")
_UMLAUT = re.compile("[äöüÄÖÜ]")


def masculine(stem: str, plural: bool) -> str:
    """The masculine form that pairs with the feminine one: Vertreter, Senioren, Köche."""
    if not plural or stem.endswith(_SAME_PLURAL):
        return stem
    if _UMLAUT.search(stem):  # Ärzt*innen → Ärzte, Köch*innen → Köche
        return stem + "e"
    return stem + "en"  # Senior → Senioren, Kolleg → Kollegen, Expert → Experten


def expand(text: str, keep: Sequence[tuple[int, int]] = ()) -> str:
    """Write gender-star (and colon, underscore, slash, Binnen-I) forms out as pairs; spans in
    `keep` (links, e-mail addresses, code) stay as they are."""

    def pair(match: re.Match[str]) -> str:
        if any(start < match.end() and match.start() < end for start, end in keep):
            return match.group(0)
        stem = match.group("stem")
        ending = match.group("ending") or match.group("binnen").lower()
        plural = ending == "innen"
        feminine = stem + ending
        joiner = "und" if plural else "oder"
        return f"{feminine} {joiner} {masculine(stem, plural)}"

    return _FORM.sub(pair, text)


def leaked_forms(translation: str) -> list[str]:
    """German gender suffixes left in a translation (a QA warning)."""
    return [m.group(0) for m in re.finditer(r"\w*(?:\*|:|_|·|/-?)innen\b|\w+Innen\b", translation)]
