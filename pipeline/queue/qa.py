"""Quality checks on a translation, each with a stable name; they return issues, never fix."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.textrules import CONTROL
from pipeline.units.detect import LanguageDetector, dominant_script, script_of, word_count
from pipeline.units.gender import leaked_forms
from pipeline.units.loops import is_loop
from pipeline.units.protect import ProtectedText, markup_problems, markup_spans
from pipeline.units.terms import occurrences
from pipeline.units.values import Value
from pipeline.units.values import find as find_values

_NUMBER = re.compile(r"\d+")
_TAG = re.compile(r"</?[A-Za-z!][^<>]*>")
_DOUBLED = re.compile(r"(?<!\w)(\w+)\s+\1(?!\w)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_END = re.compile(r"[.!?:;…]+[\"'”“»«)\]]*\s*$")


@dataclass(frozen=True)
class Issue:
    check: str  # stable name: glossary, markup, numbers, language, length, loop, copy, punctuation
    severity: str  # "error" | "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


@dataclass(frozen=True)
class TermRequirement:
    """A glossary match as QA needs it: the German surface and what the target must contain."""

    surface: str
    required: str
    kind: str  # "keep" | "fixed"
    case_sensitive: bool = False


def term_requirements(shield: ProtectedText | None, language: str) -> list[TermRequirement]:
    """What the glossary prescribes in `language` for the terms found in a German text."""
    return [
        TermRequirement(
            m.surface, m.term.target(language, m.surface), m.term.kind, m.term.case_sensitive
        )
        for m in (shield.matches if shield else ())
    ]


def _doubled(text: str) -> set[str]:
    """Words written twice in a row ("to to", "до до"), a classic MT and typing slip."""
    return {
        f"{m.group(1)} {m.group(1)}".casefold()
        for m in _DOUBLED.finditer(text)
        if not m.group(1).isdigit()
    }


def _starts_upper(text: str) -> bool:
    letter = next((c for c in text if c.isalpha()), "")
    return letter.isupper() and text[:1] == letter


def _term_issues(translation: str, terms: Sequence[TermRequirement]) -> list[Issue]:
    """One finding per prescribed rendering that occurs fewer times than the German needs."""
    needed: Counter = Counter(terms)
    issues = []
    for term, count in needed.items():
        found = occurrences(
            translation,
            term.required,
            case_sensitive=term.case_sensitive or term.kind == "keep",
            inflects=term.kind == "fixed",
        )
        if found < count:
            what = "kept as" if term.kind == "keep" else "translated as"
            times = (
                f" ({count} times in the German, {found} in the translation)" if count > 1 else ""
            )
            issues.append(
                Issue(
                    "glossary", "error", f"{term.surface!r} must be {what} {term.required!r}{times}"
                )
            )
    return issues


def _number_issues(source: str, translation: str, language: str) -> list[Issue]:
    """Numbers of the German in the translation. A number that belongs to a recognised value
    (date, time, range, amount, percentage) is checked as that value: present when its
    rendering for `language` is there, or its numbers are (a translator's other correct
    form: the `values` warning says so); the other numbers as loose digits."""
    values, _ = find_values(source)
    rest = source
    for value in sorted(values, key=lambda v: v.start, reverse=True):
        rest = rest[: value.start] + " " + rest[value.end :]
    remaining = translation
    issues = []
    for value in values:
        rendering = value.render(language)
        if rendering and rendering in remaining:
            remaining = remaining.replace(rendering, " ", 1)
        elif not value_numbers_present(value, translation):
            issues.append(
                Issue(
                    "numbers",
                    "error",
                    f"„{value.source}“ is missing (in {language}: „{rendering}“)",
                )
            )
    source_numbers = sorted(_NUMBER.findall(re.sub(r"⟦\d+⟧", "", rest)))
    target_numbers = sorted(_NUMBER.findall(remaining))
    missing = [n for n in source_numbers if source_numbers.count(n) > target_numbers.count(n)]
    if missing:
        issues.append(
            Issue("numbers", "error", f"number(s) {', '.join(sorted(set(missing)))} missing")
        )
    return issues


def value_numbers_present(value: Value, translation: str) -> bool:
    """Whether the numbers of `value` are in `translation` as numbers (4 for „04.“, 18 or 6
    for „18 Uhr“ on either clock, 1250 for „1.250 Euro“ however it groups its digits)."""
    numbers = {str(int(n)) for n in _NUMBER.findall(translation)}
    if value.kind == "daterange" and value.date is not None and value.end_date is not None:
        wanted = [value.date.day, value.end_date.day]
        wanted += [value.end_date.year] if value.has_year else []
        return all(str(n) in numbers for n in wanted)
    if value.kind == "date" and value.date is not None:
        wanted = [value.date.day] + ([value.date.year] if value.has_year else [])
        wanted += [value.date.month] if value.numeric else []
        return all(str(n) in numbers for n in wanted)
    if value.kind == "time":
        return all(
            (str(t.hour) in numbers or str(t.hour % 12 or 12) in numbers)
            and (t.minute == 0 or str(t.minute) in numbers)
            for t in value.times
        )
    if value.number is not None:
        digits = re.sub(r"\D", "", translation)
        return re.sub(r"\D", "", format(value.number.normalize(), "f")) in digits
    return True


def _value_issues(source: str, translation: str, language: str) -> list[Issue]:
    """Dates, times, amounts as the target writes them (a warning: a translator may choose
    another correct form); a German date that does not exist is flagged, never corrected."""
    found, problems = find_values(source)
    issues = [Issue("values", "warning", problem) for problem in problems]
    plain = _SPACES.sub(" ", translation)
    for value in found:
        expected = value.render(language)
        if _SPACES.sub(" ", expected) not in plain:
            issues.append(
                Issue(
                    "values", "warning", f"„{value.source}“ is written „{expected}“ in {language}"
                )
            )
    return issues


@dataclass(frozen=True)
class Pair:
    """What every check looks at: the German, its translation, and what QA knows about them."""

    source: str
    translation: str
    language: str
    terms: Sequence[TermRequirement] = ()
    detector: LanguageDetector | None = None


Checker = Callable[[Pair], list[Issue]]
#: the checks by name, in the order their issues are reported
CHECKS: dict[str, Checker] = {}


def checker(name: str) -> Callable[[Checker], Checker]:
    """Register a check under its stable name (the `check` of its issues)."""

    def register(function: Checker) -> Checker:
        CHECKS[name] = function
        return function

    return register


@checker("control")
def _control(pair: Pair) -> list[Issue]:
    control = CONTROL.search(pair.translation)
    if not control:
        return []
    return [Issue("control", "error", f"contains the control character U+{ord(control[0]):04X}")]


@checker("tags")
def _tags(pair: Pair) -> list[Issue]:
    added = sorted(set(_TAG.findall(pair.translation)) - set(_TAG.findall(pair.source)))
    return (
        [Issue("tags", "error", f"markup not in the source: {', '.join(added)}")] if added else []
    )


@checker("glossary")
def _glossary(pair: Pair) -> list[Issue]:
    return _term_issues(pair.translation, pair.terms)


@checker("markup")
def _markup(pair: Pair) -> list[Issue]:
    source, translation = pair.source, pair.translation
    issues = []
    for start, end in markup_spans(source):
        piece = source[start:end]
        if piece in ("*", "**", "__", "[") or piece.startswith("]("):
            piece = piece[2:-1] if piece.startswith("](") else piece
            if piece in ("*", "**", "__", "["):
                if source.count(piece) != translation.count(piece):
                    issues.append(
                        Issue("markup", "error", f"{piece!r} appears a different number of times")
                    )
                continue
        if piece not in translation:
            issues.append(Issue("markup", "error", f"{piece!r} is missing"))
    return issues + [
        Issue("markup", "error", problem) for problem in markup_problems(source, translation)
    ]


@checker("numbers")
def _numbers(pair: Pair) -> list[Issue]:
    return _number_issues(pair.source, pair.translation, pair.language)


@checker("doubled")
def _doubled_words(pair: Pair) -> list[Issue]:
    doubled = _doubled(pair.translation)
    if len(doubled) <= len(_doubled(pair.source)):  # the German may double a word on purpose
        return []
    return [Issue("doubled", "warning", f"doubled word(s): {', '.join(sorted(doubled))}")]


@checker("startcaps")
def _startcaps(pair: Pair) -> list[Issue]:
    translation = pair.translation
    if _starts_upper(pair.source) and translation[:1].isalpha() and translation[:1].islower():
        return [Issue("startcaps", "warning", "starts lower-case where the German does not")]
    return []


@checker("values")
def _values(pair: Pair) -> list[Issue]:
    return _value_issues(pair.source, pair.translation, pair.language)


@checker("gender")
def _gender(pair: Pair) -> list[Issue]:
    leaked = leaked_forms(pair.translation) if pair.language != "de" else []
    if not leaked:
        return []
    return [Issue("gender", "warning", f"German gender form(s) left in: {', '.join(leaked)}")]


@checker("script")
def _script(pair: Pair) -> list[Issue]:
    script, expected = dominant_script(pair.translation), script_of(pair.language)
    if script is None or word_count(pair.translation) < 3 or script == expected:
        return []
    message = f"written in {script} letters, {pair.language} uses {expected}"
    return [Issue("script", "warning", message)]


@checker("loop")
def _loop(pair: Pair) -> list[Issue]:
    if not is_loop(pair.translation.split()):
        return []
    return [Issue("loop", "error", "mostly one repeated phrase (a decoding loop)")]


@checker("copy")
def _copy(pair: Pair) -> list[Issue]:
    if word_count(pair.source) >= 4 and pair.translation.strip() == pair.source.strip():
        return [Issue("copy", "warning", "identical to the German source")]
    return []


@checker("language")
def _language(pair: Pair) -> list[Issue]:
    if pair.detector is None or word_count(pair.translation) < 4:
        return []
    verdict = pair.detector.detect(pair.translation, pair.language)
    top = next(iter(verdict.candidates), None)
    if verdict.is_expected or top == pair.language:
        return []
    return [Issue("language", "warning", f"looks like {verdict.language}, not {pair.language}")]


@checker("length")
def _length(pair: Pair) -> list[Issue]:
    if len(pair.source) < 20:
        return []
    ratio = len(pair.translation) / len(pair.source)
    if 0.3 <= ratio <= 3.0:
        return []
    return [Issue("length", "warning", f"length is {ratio:.1f}× the source")]


@checker("punctuation")
def _punctuation(pair: Pair) -> list[Issue]:
    if bool(_END.search(pair.source)) == bool(_END.search(pair.translation)):
        return []
    return [Issue("punctuation", "warning", "end punctuation differs from the source")]


@checker("whitespace")
def _whitespace(pair: Pair) -> list[Issue]:
    source, translation = pair.source, pair.translation
    if (
        source[:1].isspace() == translation[:1].isspace()
        and source[-1:].isspace() == translation[-1:].isspace()
    ):
        return []
    return [Issue("whitespace", "warning", "leading or trailing whitespace differs")]


def check(
    source: str,
    translation: str,
    language: str,
    terms: Sequence[TermRequirement] = (),
    detector: LanguageDetector | None = None,
) -> list[Issue]:
    """Every registered check on one translation (an empty translation has nothing to check)."""
    if not translation:
        return []
    pair = Pair(source, translation, language, terms, detector)
    return [issue for run in CHECKS.values() for issue in run(pair)]
