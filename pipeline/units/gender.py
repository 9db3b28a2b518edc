"""Gender-inclusive German forms, written out before MT.

„Vertreter*innen“, „Vertreter:innen“, „Vertreter_innen“, „Vertreter/-innen“, „VertreterInnen“
are not in any model's training data as one word: models cut them at the star and the German
suffix leaks into the output („senior*innen“, „ممثلو*innen“). No target language of vielfalt
has such a typographic convention in official texts, so the MT input gets the German pair form
(„Vertreterinnen und Vertreter“), which every model knows, feminine first as the star form
reads; the catalog's msgid keeps the original. What each target makes of the pair (a doublet in
French, Polish, Russian…, a neutral plural in English and Turkish) is in docs/glossary.md.

The masculine form comes from a German noun lexicon (german-nouns, built from Wiktionary) in
the case the context demands: „den Träger*innen“ → „den Trägerinnen und Trägern“ (dative),
„Akteur*innen“ → „Akteurinnen und Akteure“, „Schöff*innen“ → „Schöffinnen und Schöffen“. A
noun the lexicon does not know (nor the last part of a compound), or a case the context leaves
open, is left as written for the translator, and `notes` says why: never an invented word.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

#: noun stem + gender marker (a Markdown-escaped star too) + plural or singular ending
_FORM = re.compile(
    r"\b(?P<stem>[A-ZÄÖÜ][a-zäöüß]+)"
    r"(?:(?P<mark>\\?\*|:|_|·|/-?)(?P<ending>innen|in)|(?P<binnen>Innen))\b"
)
_DE_UMLAUT = str.maketrans("äöüÄÖÜ", "aouAOU")
_CASE_NAMES = {"nominativ": "nominative", "genitiv": "genitive", "dativ": "dative",
               "akkusativ": "accusative"}  # fmt: skip
_WORD = re.compile(r"[\wäöüÄÖÜß]+")
#: what decides the case of the noun after it, among the three words before it. Plural
#: articles are unambiguous; a singular star form's article is the feminine one („der
#: Ansprechpartner*in“: dative or genitive), so there only a preposition decides.
_PREPOSITIONS = {
    **dict.fromkeys(["mit", "von", "vom", "zu", "zum", "zur", "bei", "beim", "aus", "nach",
                     "seit", "gegenüber", "außer", "samt", "nebst", "gemäß"], "dativ"),
    **dict.fromkeys(["für", "durch", "gegen", "ohne", "um"], "akkusativ"),
    **dict.fromkeys(["wegen", "während", "trotz", "statt", "anstelle"], "genitiv"),
}  # fmt: skip
#: two-way prepositions: dative or accusative, the noun alone cannot say which
_EITHER = frozenset(["in", "an", "auf", "über", "unter", "vor", "hinter", "neben", "zwischen"])
_PLURAL_ARTICLES = {
    **dict.fromkeys(["den", "allen", "vielen", "einigen", "mehreren", "beiden", "diesen",
                     "jenen", "solchen", "unseren", "ihren", "euren", "seinen", "meinen",
                     "deinen", "keinen", "welchen"], "dativ"),
    **dict.fromkeys(["der", "aller", "vieler", "einiger", "mehrerer", "beider", "dieser",
                     "unserer", "ihrer", "keiner"], "genitiv"),
    **dict.fromkeys(["die", "alle", "viele", "einige", "mehrere", "beide", "diese", "unsere",
                     "ihre", "keine", "welche"], "nominativ"),
}  # fmt: skip
_SINGULAR_ARTICLES = {
    **dict.fromkeys(["die", "eine", "keine", "ihre", "unsere", "diese", "jede"],
                    ("nominativ", "akkusativ")),
    **dict.fromkeys(["der", "einer", "keiner", "ihrer", "unserer", "dieser", "jeder"],
                    ("dativ", "genitiv")),
}  # fmt: skip


@dataclass(frozen=True)
class Forms:
    """A masculine noun's case forms from the lexicon."""

    singular: dict[str, str]
    plural: dict[str, str]


@cache
def _lexicon() -> dict[str, Forms]:
    """Masculine nouns by lemma, read once per process from german-nouns' data (0.3 s)."""
    from german_nouns.config import CSV_FILE_PATH

    cases = ("nominativ", "genitiv", "dativ", "akkusativ")
    nouns: dict[str, Forms] = {}
    with open(CSV_FILE_PATH, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        column = {name: index for index, name in enumerate(next(rows))}
        for row in rows:
            if row[column["genus"]] != "m" or "Substantiv" not in row[column["pos"]]:
                continue
            singular = {c: row[column[f"{c} singular"]] for c in cases}
            plural = {c: row[column[f"{c} plural"]] for c in cases}
            if all(singular.values()) and all(plural.values()):
                nouns.setdefault(row[0], Forms(singular, plural))
    return nouns


def _masculine(stem: str) -> Forms | None:
    """The masculine noun the feminine stem pairs with: Akteur, Schöffe, Arzt (Ärzt-),
    Kollege; for a compound the lexicon lacks, its last part (Projekt|koordinator)."""
    lexicon = _lexicon()
    plain = stem.translate(_DE_UMLAUT)
    for candidate in (stem, stem + "e", plain, plain + "e"):
        forms = lexicon.get(candidate)
        if forms is not None and forms.plural["nominativ"].startswith(stem[:-1] or stem):
            return forms
    for cut in range(1, len(stem) - 2):
        head, tail = stem[:cut], stem[cut:].capitalize()
        forms = _masculine(tail) if len(tail) >= 3 else None
        if forms is not None:
            join = head + tail[0].lower()
            return Forms(
                {c: join + f[1:] for c, f in forms.singular.items()},
                {c: join + f[1:] for c, f in forms.plural.items()},
            )
    return None


def _cases(text: str, start: int, plural: bool) -> tuple[str, ...]:
    """The cases the words before `start` allow; more than one where they leave it open."""
    before = _WORD.findall(text[max(0, start - 80) : start])[-3:]
    article: tuple[str, ...] | None = None
    for word in reversed(before):
        lowered = word.lower()
        if lowered in _PREPOSITIONS:
            return (_PREPOSITIONS[lowered],)
        if lowered in _EITHER:
            return ("dativ", "akkusativ")
        if article is None and plural and lowered in _PLURAL_ARTICLES:
            return (_PLURAL_ARTICLES[lowered],)
        if article is None and not plural and lowered in _SINGULAR_ARTICLES:
            article = _SINGULAR_ARTICLES[lowered]
            continue  # a preposition before it may still decide
        if article is None and not (word.islower() and lowered.endswith(("e", "en", "er"))):
            break  # neither an article nor an adjective: nothing before decides
    return article or ("nominativ",)


@dataclass(frozen=True)
class Written:
    """One gender form: what the MT input gets, or why it stays as written."""

    start: int
    end: int
    original: str
    pair: str | None
    reason: str = ""


def _write_out(text: str, keep: Sequence[tuple[int, int]]) -> list[Written]:
    found = []
    # emphasis marks are no reason to keep a form: „Träger\*innen“ is the star escaped
    kept = [(s, e) for s, e in keep if text[s:e].strip("*_\\")]
    for match in _FORM.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in kept):
            continue
        stem = match.group("stem")
        ending = match.group("ending") or match.group("binnen").lower()
        plural = ending == "innen"
        original = match.group(0)
        forms = _masculine(stem)
        if forms is None:
            reason = f"„{original}“ kept as written: „{stem}“ is not in the noun lexicon"
            found.append(Written(match.start(), match.end(), original, None, reason))
            continue
        cases = _cases(text, match.start(), plural)
        table = forms.plural if plural else forms.singular
        candidates = {table[case] for case in cases}
        if len(candidates) > 1:
            open_cases = " or ".join(_CASE_NAMES[case] for case in cases)
            reason = f"„{original}“ kept as written: its case ({open_cases}) is open"
            found.append(Written(match.start(), match.end(), original, None, reason))
            continue
        masculine = candidates.pop()
        joiner = "und" if plural else "oder"
        found.append(
            Written(match.start(), match.end(), original, f"{stem}{ending} {joiner} {masculine}")
        )
    return found


def expand(text: str, keep: Sequence[tuple[int, int]] = ()) -> str:
    """Write gender-star (and colon, underscore, slash, Binnen-I) forms out as pairs; spans in
    `keep` (links, e-mail addresses, code) and forms vielfalt cannot write out stay."""
    for written in reversed(_write_out(text, keep)):
        if written.pair is not None:
            text = text[: written.start] + written.pair + text[written.end :]
    return text


def notes(text: str, keep: Sequence[tuple[int, int]] = ()) -> list[str]:
    """For the translator: each gender form and what the MT input got, or why it stayed."""
    return [
        f"gender: „{w.original}“ → „{w.pair}“ in the MT input"
        if w.pair is not None
        else f"gender: {w.reason}"
        for w in _write_out(text, keep)
    ]


def leaked_forms(translation: str) -> list[str]:
    """German gender suffixes left in a translation (a QA warning)."""
    return [
        m.group(0) for m in re.finditer(r"\w*(?:\\?\*|:|_|·|/-?)innen\b|\w+Innen\b", translation)
    ]
