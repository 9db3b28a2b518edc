"""Placeholders that carry glossary terms and inline markup through MT, and their restoration.

Placeholder form: ⟦NC⟧ — mathematical white square brackets around a number N with a check
digit C. Why this form:
- Digits are what NMT models copy most reliably (numbers, dates, amounts are copied in every
  domain), and they have no case, so re-casing cannot hurt them.
- ⟦ ⟧ are rare in real text and unknown to most SentencePiece vocabularies, so they come back
  through CTranslate2's `replace_unknowns`, and they cannot be mistaken for brackets in
  municipal text; restoration also accepts [ ] and [[ ]] when a model normalises them.
- The check digit turns an altered digit into a detected error instead of a wrong term.
- Codes are self-delimiting when two placeholders are squeezed together ("⟦12⟧⟦25⟧" →
  "⟦1225⟧"): the digit run is split into known codes, and refused if that is ambiguous.
A placeholder that is missing, stray, or cannot be split unambiguously is never guessed:
the unit is re-translated without protection and checked, and flagged for review if the
prescribed term or the markup is not in the result.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.units.glossary import Glossary, GlossaryMatch, Term
from pipeline.units.terms import occurrences
from pipeline.units.values import Value
from pipeline.units.values import find as find_values

OPEN, CLOSE = "⟦", "⟧"

_MARKUP = re.compile(
    r"(?P<link_open>\[)(?=[^\]\n]+\]\((?:https?://|mailto:)[^)\s]+\))"
    r"|(?P<link_close>\]\((?:https?://|mailto:)[^)\s]+\))"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]]*(?:\s|$|<)))"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})"
    r"|(?P<printf>%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdifxXeEgGcu%])"
    r"|(?P<phone>(?<![\w.,])(?:\+\d{1,3}[ /-]?|0)\d{2,5}(?:[ /-]?\d{2,}){1,4}(?![\w]))"
    r"|(?P<emphasis_open>(?<![\w*_])(?:\*\*|\*|__)(?=[^\s*_]))"
    r"|(?P<emphasis_close>(?<=[^\s*_])(?:\*\*|\*|__)(?![\w*]))"
)
_TOKEN = re.compile(
    r"(?:⟦|\[\[?)\s*(?P<full>\d(?:[\d ]*\d)?)\s*(?:⟧|\]\]?)"
    r"|⟦\s*(?P<open_only>\d+)"
    r"|(?P<close_only>\d+)\s*⟧"
)


def code_for(number: int) -> str:
    """Placeholder number with a check digit: 1 → "10", 2 → "23", 12 → "123"."""
    return f"{number}{(3 * number + 7) % 10}"


@dataclass(frozen=True)
class Placeholder:
    code: str
    kind: str  # "term" | "markup" | "value"
    source: str  # the text it stands for
    term: Term | None = None
    value: Value | None = None

    def replacement(self, language: str) -> str:
        if self.term is not None:
            return self.term.target(language, self.source)
        if self.value is not None:
            return self.value.render(language)
        return self.source


@dataclass(frozen=True)
class ProtectedText:
    original: str
    masked: str
    placeholders: tuple[Placeholder, ...]
    matches: tuple[GlossaryMatch, ...]


@dataclass(frozen=True)
class Restoration:
    text: str
    ok: bool
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def markup_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _MARKUP.finditer(text) if m.end() > m.start()]


def protect(text: str, glossary: Glossary | None, *, values: bool = False) -> ProtectedText:
    """Replace glossary terms and inline markup (and with `values`, dates, times, amounts and
    percentages, rendered per target language on the way back) by placeholders."""
    spans: list[tuple[int, int, str, Term | None, Value | None]] = [
        (start, end, "markup", None, None) for start, end in markup_spans(text)
    ]
    if values:
        spans += [
            (v.start, v.end, "value", None, v)
            for v in find_values(text)[0]
            if not any(s < v.end and v.start < e for s, e, *_ in spans)
        ]
    matches = (
        tuple(glossary.match(text, exclude=[(s, e) for s, e, *_ in spans])) if glossary else ()
    )
    spans += [(m.start, m.end, "term", m.term, None) for m in matches]
    spans.sort(key=lambda span: (span[0], span[1]))
    pieces: list[str] = []
    placeholders: list[Placeholder] = []
    position = 0
    for number, (start, end, kind, term, value) in enumerate(spans, 1):
        code = code_for(number)
        pieces.append(text[position:start])
        pieces.append(f"{OPEN}{code}{CLOSE}")
        placeholders.append(Placeholder(code, kind, text[start:end], term, value))
        position = end
    pieces.append(text[position:])
    return ProtectedText(text, "".join(pieces), tuple(placeholders), matches)


@lru_cache(maxsize=4096)  # bounded: digit runs come from model output
def _split(digits: str, codes: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """All ways to read a digit run as a sequence of known codes (at most two kept)."""
    if not digits:
        return ((),)
    found: list[tuple[str, ...]] = []
    for code in codes:
        if digits.startswith(code):
            for rest in _split(digits[len(code) :], codes):
                found.append((code, *rest))
                if len(found) > 1:
                    return tuple(found)
    return tuple(found)


_COMPLETE = re.compile(
    r"\[(?P<text>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^)\s]+)\)"
    r"|\*\*(?P<strong>[^*\n]+?)\*\*"
    r"|(?<![\w*])\*(?P<em>[^*\s][^*\n]*?)\*(?![\w*])"
)


def complete_markup(text: str) -> Counter:
    """Inline constructs that render, as the publisher reads them: whole links (by address),
    strong and emphasis spans, and what is nested inside them."""
    found: Counter = Counter()
    for match in _COMPLETE.finditer(text):
        if match.group("url"):
            found[f"link to {match.group('url')}"] += 1
            inner = match.group("text")
        else:
            found["strong text" if match.group("strong") else "emphasis"] += 1
            inner = match.group("strong") or match.group("em")
        found += complete_markup(inner)
    return found


def markup_problems(source: str, translated: str) -> list[str]:
    """Markup of the source that does not come out whole: a link whose brackets moved apart,
    crossed or lost is broken text on the page, not a link, even with every piece present."""
    missing = complete_markup(source) - complete_markup(translated)
    return [f"{what} is not whole in the translation (moved, crossed or lost)" for what in missing]


_SENTENCE_END = re.compile(r"[.!?]\s+$")
_WRAPPED = re.compile(r"⟦(\d+)⟧⟦(\d+)⟧⟦(\d+)⟧")


def _rewrap_links(translated: str, protected: ProtectedText, notes: list[str]) -> str:
    """A link whose text is one protected term or value („[vhs Herne](…)“) has one right
    place for its brackets: around that term. If the model moved or crossed them, put them
    back there (each placeholder must occur exactly once); any other displaced link is
    left for restore to refuse."""
    by_code = {p.code: p for p in protected.placeholders}
    for match in _WRAPPED.finditer(protected.masked):
        opening, inner, closing = (by_code.get(code) for code in match.groups())
        if not (opening and inner and closing) or opening.source != "[":
            continue
        if not closing.source.startswith("](") or inner.kind == "markup":
            continue
        tokens = [f"{OPEN}{p.code}{CLOSE}" for p in (opening, inner, closing)]
        if "".join(tokens) in translated or any(translated.count(t) != 1 for t in tokens):
            continue
        translated = translated.replace(tokens[0], "").replace(tokens[2], "")
        translated = translated.replace(tokens[1], "".join(tokens))
        notes.append(f"link around {inner.source!r} put back around it")
    return translated


def _cased(placeholder: Placeholder, language: str, opens_sentence: bool) -> str:
    """A prescribed rendering that opens a sentence starts with a capital (bg „отдел
    „Интеграция“ покани…“ → „Отдел …“); names kept as is (vhs, KI) never change."""
    text = placeholder.replacement(language)
    term = placeholder.term
    if opens_sentence and term is not None and term.kind == "fixed" and text[:1].islower():
        return text[0].upper() + text[1:]
    return text


def restore(translated: str, protected: ProtectedText, language: str) -> Restoration:
    """Put terms and markup back; tolerate mangled placeholders where the intent is clear."""
    if not protected.placeholders:
        stray = _TOKEN.search(translated) if OPEN in translated or CLOSE in translated else None
        if stray:
            return Restoration(translated, False, (f"stray placeholder {stray.group(0)!r}",))
        return Restoration(translated, True)
    by_code = {p.code: p for p in protected.placeholders}
    codes = frozenset(by_code)
    problems: list[str] = []
    notes: list[str] = []
    translated = _rewrap_links(translated, protected, notes)
    used: dict[str, int] = {}
    pieces: list[str] = []
    position = 0
    for token in _TOKEN.finditer(translated):
        digits = token.group("full") or token.group("open_only") or token.group("close_only") or ""
        digits = digits.replace(" ", "")
        readings = _split(digits, codes)
        partial = token.group("full") is None
        if len(readings) != 1:
            if partial or token.group(0).startswith("["):
                continue  # a plain number next to a lone bracket, or "[3]": not ours
            problems.append(f"placeholder {token.group(0)!r} cannot be read unambiguously")
            continue
        pieces.append(translated[position : token.start()])
        canonical = "".join(f"{OPEN}{code}{CLOSE}" for code in readings[0])
        if token.group(0) != canonical:  # squeezed, split or re-bracketed by the model
            notes.append(f"placeholder {token.group(0)!r} read as {canonical!r}")
        for code in readings[0]:
            used[code] = used.get(code, 0) + 1
            if used[code] == 1:
                opens = not "".join(pieces).strip() or _SENTENCE_END.search("".join(pieces))
                pieces.append(_cased(by_code[code], language, bool(opens)))
            else:
                notes.append(f"duplicated placeholder for {by_code[code].source!r} removed")
        position = token.end()
    pieces.append(translated[position:])
    for placeholder in protected.placeholders:
        if placeholder.code not in used:
            what = {"term": "term", "value": "date, time or amount"}.get(placeholder.kind, "markup")
            problems.append(f"{what} {placeholder.source!r} lost in MT")
    text = "".join(pieces)
    if OPEN in text or CLOSE in text:
        problems.append("stray placeholder bracket in the output")
    if not problems:  # every piece is back, but a moved piece breaks the construct
        problems += markup_problems(protected.original, text)
    return Restoration(text, not problems, tuple(problems), tuple(notes))


def required_strings(protected: ProtectedText, language: str) -> list[tuple[Placeholder, str]]:
    """What an unprotected translation must still contain: prescribed terms, URLs, tags."""
    needed = []
    for placeholder in protected.placeholders:
        if placeholder.kind in ("term", "value"):
            needed.append((placeholder, placeholder.replacement(language)))
        elif not re.fullmatch(r"\*\*|\*|__|\[", placeholder.source):
            needed.append((placeholder, placeholder.source))
    return needed


def check_unprotected(translated: str, protected: ProtectedText, language: str) -> list[str]:
    """Problems of a fallback translation: each required term or markup that is missing."""
    problems = []
    wanted: Counter = Counter()
    for placeholder, needed in required_strings(protected, language):
        term = placeholder.term
        rule = (term.case_sensitive or term.kind == "keep", term.kind == "fixed") if term else None
        wanted[(placeholder.kind, placeholder.source, needed, rule)] += 1
    for (kind, source, needed, rule), count in wanted.items():
        if rule is not None:
            found = occurrences(translated, needed, case_sensitive=rule[0], inflects=rule[1])
        else:
            found = translated.count(needed)
        if found < count:
            if kind == "term":
                problems.append(f"glossary: {source!r} must be {needed!r} in {language}")
            elif kind == "value":
                problems.append(f"value: {source!r} must be written {needed!r} in {language}")
            else:
                problems.append(f"markup: {needed!r} missing")
    problems += [
        f"markup: {problem}" for problem in markup_problems(protected.original, translated)
    ]
    return problems
