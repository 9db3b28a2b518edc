"""Glossaries: terms that must come out exactly as prescribed, and where they occur.

`glossaries/*.csv`, one row per concept:

    term,variants,type,case_sensitive,compounds,note,en,fr,ro,bg,pl,tr,ru,ar

`variants` are extra German forms separated by "|" (inflected forms, abbreviations);
`type` is `keep` (never translated: names, programmes) or `fixed` (the language columns
prescribe the translation). Files are read in the order `[glossary] files` gives, then the
rest alphabetically; for a form defined twice the first file wins.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import GlossaryError
from pipeline.fileio import refuse_conflict_markers
from pipeline.textrules import CONTROL

if TYPE_CHECKING:
    from pipeline.config import Workspace

BASE_COLUMNS = ("term", "variants", "type", "case_sensitive", "compounds", "note")
TYPES = ("keep", "fixed")
_TRUE = {"true", "yes", "1", "ja", "x"}
_FALSE = {"false", "no", "0", "nein", ""}
#: German case endings a single word may take: "der Volkshochschule", "des Rathauses"
_NOUN_ENDINGS = r"(?:s|es|n|en|e|er|ern)?"
_ADJECTIVE_ENDINGS = ("em", "en", "er", "es", "e")


@dataclass(frozen=True)
class Term:
    term: str
    kind: str  # "keep" | "fixed"
    translations: dict[str, str] = field(default_factory=dict)
    variants: tuple[str, ...] = ()
    case_sensitive: bool = False
    compounds: bool = False
    note: str = ""
    path: str = ""
    lineno: int = 0

    def target(self, language: str, surface: str | None = None) -> str:
        """What this term must be in `language`: the prescription, or the original for keep."""
        if self.kind == "keep":
            return surface or self.term
        return self.translations[language]

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


@dataclass(frozen=True)
class GlossaryMatch:
    term: Term
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Finding:
    """A glossary check result: an error blocks, a warning informs."""

    severity: str  # "error" | "warning"
    path: str
    lineno: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.lineno}" if self.lineno else self.path
        return f"{where}: {self.severity}: {self.message}"


def _flag(value: str, path: str, lineno: int, column: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise GlossaryError(path, lineno, f"{column} must be true or false, not {value!r}")


def _visible(cell: str) -> str:
    """A cell as matching sees it: NFC, without zero-width and other format characters
    (U+200B, soft hyphen, BOM …), without surrounding spaces."""
    text = unicodedata.normalize("NFC", cell)
    return "".join(c for c in text if unicodedata.category(c) != "Cf").strip()


def parse_csv(text: str, path: str, languages: Sequence[str]) -> list[Term]:
    """Parse one glossary CSV; structural problems raise GlossaryError with the line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise GlossaryError(path, 1, "the glossary is empty (no header row)") from None
    except csv.Error as exc:
        raise GlossaryError(path, 1, f"broken CSV: {exc}") from None
    header = [h.strip() for h in header]
    missing = [c for c in ("term", "type") if c not in header]
    if missing:
        raise GlossaryError(path, 1, f"header lacks column(s) {', '.join(missing)}")
    for column in header:
        if column not in BASE_COLUMNS and column not in languages:
            raise GlossaryError(
                path,
                1,
                f"unknown column {column!r}: not one of {', '.join(BASE_COLUMNS)} "
                f"or a target language ({', '.join(languages)})",
            )
    terms: list[Term] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise GlossaryError(path, reader.line_num, f"broken CSV row: {exc}") from None
        lineno = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise GlossaryError(
                path, lineno, f"row has {len(row)} columns, the header has {len(header)}"
            )
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        term = _visible(cells["term"])  # renderings keep theirs (ZWNJ, bidi marks matter)
        if not term:
            raise GlossaryError(
                path, lineno, "empty term (after removing spaces and invisible characters)"
            )
        if not any(char.isalnum() for char in term):
            raise GlossaryError(path, lineno, f"term {term!r} has no letter or digit")
        if len(term) < 2:
            raise GlossaryError(
                path, lineno, f"term {term!r} is one character: it would match everywhere"
            )
        kind = cells["type"].lower()
        if kind not in TYPES:
            raise GlossaryError(path, lineno, f"type must be keep or fixed, not {cells['type']!r}")
        variants = tuple(_visible(v) for v in cells.get("variants", "").split("|") if _visible(v))
        translations = {lang: cells[lang] for lang in languages if cells.get(lang)}
        terms.append(
            Term(
                term=term,
                kind=kind,
                translations=translations,
                variants=variants,
                case_sensitive=_flag(
                    cells.get("case_sensitive", ""), path, lineno, "case_sensitive"
                ),
                compounds=_flag(cells.get("compounds", ""), path, lineno, "compounds"),
                note=cells.get("note", ""),
                path=path,
                lineno=lineno,
            )
        )
    return terms


def dump_csv(terms: Iterable[Term], languages: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*BASE_COLUMNS, *languages])
    for term in terms:
        writer.writerow(
            [
                term.term,
                "|".join(term.variants),
                term.kind,
                "true" if term.case_sensitive else "false",
                "true" if term.compounds else "false",
                term.note,
                *(term.translations.get(lang, "") for lang in languages),
            ]
        )
    return out.getvalue()


#: the folder in glossaries/ where `vielfalt weblate --glossary` keeps one TBX per language for
#: Weblate's glossary component (not read as a glossary: glossaries are the CSV files)
WEBLATE_GLOSSARY = "weblate"


def glossary_files(directory: Path, order: Sequence[str] = ()) -> list[Path]:
    """CSV files in precedence order: those named in `order` first, then alphabetically."""
    files = sorted(directory.glob("*.csv")) if directory.is_dir() else []
    ranked = {name: i for i, name in enumerate(order)}
    return sorted(files, key=lambda p: (ranked.get(p.name, len(ranked)), p.name))


def load_glossary(directory: Path, languages: Sequence[str], order: Sequence[str] = ()) -> Glossary:
    terms: list[Term] = []
    for path in glossary_files(directory, order):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            lineno = path.read_bytes().count(b"\n", 0, exc.start) + 1
            raise GlossaryError(path, lineno, "not valid UTF-8") from None
        refuse_conflict_markers(text, path, GlossaryError)
        terms += parse_csv(text, str(path), languages)
    return Glossary(terms, tuple(languages))


# ---------------------------------------------------------------- matching


def _form_pattern(form: str, compounds: bool) -> str:
    """A regex for one German form, tolerant of case endings on its words."""
    words = form.split(" ")
    if compounds:  # inside compounds only the exact form: endings belong to the compound
        return r"\s+".join(re.escape(word) for word in words)
    parts = []
    for index, word in enumerate(words):
        escaped = re.escape(word)
        if not re.fullmatch(r"[^\W\d_]{3,}", word):
            parts.append(escaped)  # "§", "53c", "(KI)", "C++": exactly as written
        elif index == len(words) - 1:
            parts.append(escaped + _NOUN_ENDINGS)
        else:
            stem = word
            for ending in _ADJECTIVE_ENDINGS:
                if word.endswith(ending) and len(word) - len(ending) >= 3:
                    stem = word[: -len(ending)]
                    break
            if stem != word:
                parts.append(re.escape(stem) + "(?:" + "|".join(_ADJECTIVE_ENDINGS) + ")")
            else:
                parts.append(escaped + r"(?:s|es)?")
    body = r"\s+".join(parts)
    return rf"(?<![\w-]){body}(?![\w])"


class Glossary:
    """The loaded terms of a workspace, compiled for matching."""

    def __init__(self, terms: list[Term], languages: tuple[str, ...]) -> None:
        self.terms = terms
        self.languages = languages
        self._patterns: list[tuple[re.Pattern[str], Term, int]] = []
        for rank, term in enumerate(terms):
            flags = 0 if term.case_sensitive else re.IGNORECASE
            for form in term.forms:
                self._patterns.append(
                    (re.compile(_form_pattern(form, term.compounds), flags), term, rank)
                )

    def match(self, text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[GlossaryMatch]:
        """Non-overlapping matches, longest first, earlier files winning ties; none in `exclude`."""
        candidates = []
        for pattern, term, rank in self._patterns:
            for found in pattern.finditer(text):
                if found.end() == found.start():
                    continue
                candidates.append(
                    (-(found.end() - found.start()), rank, found.start(), found.end(), term)
                )
        candidates.sort(key=lambda c: (c[0], c[1], c[2]))
        taken: list[tuple[int, int]] = list(exclude)
        chosen: list[GlossaryMatch] = []
        for _, _, start, end, term in candidates:
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            chosen.append(GlossaryMatch(term, start, end, text[start:end]))
        return sorted(chosen, key=lambda m: m.start)

    def check(self) -> list[Finding]:
        return check_terms(self.terms, self.languages)


_WORD_CHAR = re.compile(r"\w")


def invisible_characters(term: Term) -> str | None:
    """What is wrong with a term holding characters no reader sees (control characters, line
    breaks, zero-width and other format characters): it would never match the text as written,
    or break the catalogs it is written into."""
    for value in (term.term, *term.variants, *term.translations.values()):
        for char in value:
            if CONTROL.match(char) or char in "\n\r\t\u2028\u2029" or (
                unicodedata.category(char) == "Cf" and char not in _ALLOWED_FORMAT
            ):
                return (
                    f"term {term.term[:60]!r} holds the invisible character U+{ord(char):04X} "
                    f"in {value[:60]!r}; remove it"
                )
    return None


#: format characters a term may hold: the soft hyphen and the joiners Arabic and Persian
#: spelling needs (ZWNJ, ZWJ)
_ALLOWED_FORMAT = "\u00ad\u200c\u200d"


def check_terms(terms: Sequence[Term], languages: Sequence[str]) -> list[Finding]:
    """Duplicates, conflicts, missing languages, terms inside terms."""
    findings: list[Finding] = []
    seen: dict[str, Term] = {}
    for term in terms:
        hidden = invisible_characters(term)
        if hidden:
            findings.append(Finding("error", term.path, term.lineno, hidden))
        if term.kind == "fixed":
            missing = [lang for lang in languages if not term.translations.get(lang)]
            if missing:
                findings.append(
                    Finding(
                        "error",
                        term.path,
                        term.lineno,
                        f"fixed term {term.term!r} has no {', '.join(missing)} translation",
                    )
                )
        if term.kind == "keep" and term.translations:
            different = [lang for lang, v in term.translations.items() if v != term.term]
            if different:
                findings.append(
                    Finding(
                        "warning",
                        term.path,
                        term.lineno,
                        f"keep term {term.term!r} has translations in {', '.join(different)}; "
                        "they are ignored (use type fixed)",
                    )
                )
        for form in term.forms:
            key = form if term.case_sensitive else form.casefold()
            other = seen.get(key)
            if other is None:
                seen[key] = term
                continue
            same = other.kind == term.kind and other.translations == term.translations
            where = f"{other.path}:{other.lineno}"
            if other.path == term.path:
                findings.append(
                    Finding(
                        "error", term.path, term.lineno, f"{form!r} is already defined at {where}"
                    )
                )
            elif not same:
                findings.append(
                    Finding(
                        "warning",
                        term.path,
                        term.lineno,
                        f"{form!r} conflicts with {where}, which takes precedence",
                    )
                )
    findings += _nested_terms(terms)
    return findings


def _nested_terms(terms: Sequence[Term]) -> list[Finding]:
    """Terms inside terms, in time linear in the number of terms: every stretch of a longer
    form that starts and ends at a word boundary is looked up among the forms."""
    findings: list[Finding] = []
    forms = [(f, t) for t in terms for f in t.forms]
    index: dict[str, list[int]] = {}
    for number, (form, _) in enumerate(forms):
        index.setdefault(form.lower(), []).append(number)
    container: dict[int, int] = {}
    for number, (other_form, other) in enumerate(forms):
        lowered = other_form.lower()
        starts = [i for i in range(len(lowered)) if i == 0 or not _WORD_CHAR.match(lowered[i - 1])]
        ends = [j for j in range(1, len(lowered) + 1)
                if j == len(lowered) or not _WORD_CHAR.match(lowered[j])]  # fmt: skip
        for i in starts:
            for j in ends:
                if j - i >= len(lowered) or j <= i:
                    continue
                for inner in index.get(lowered[i:j], ()):
                    if forms[inner][1] is not other and inner not in container:
                        container[inner] = number
    for inner, (form, term) in enumerate(forms):
        if inner in container:
            other_form, other = forms[container[inner]]
            findings.append(
                Finding(
                    "warning",
                    term.path,
                    term.lineno,
                    f"{form!r} is contained in {other_form!r} "
                    f"({other.path}:{other.lineno}); the longer match wins",
                )
            )
    return findings


def open_glossary(workspace: Workspace) -> Glossary:
    """The workspace's glossary: the files `vielfalt.toml` names in its glossaries folder."""
    return load_glossary(
        workspace.paths.glossaries, workspace.target_languages, workspace.glossary_files
    )
