"""Language identification on langdetect's profiles, deterministic and length-aware.

langdetect's own `detect()` samples n-grams at random (hence its seed) and is weak on
short texts. vielfalt scores *every* n-gram of the text against the same profiles
(the naive-Bayes model langdetect samples from), which is deterministic. Character
n-grams cannot tell "können alles" from Danish, so whole words add their evidence:
how frequent each word is in each language (wordfreq's lists). The decision "is this
the expected language?" is a margin threshold on both that depends on length.
Very short units inside a German announcement default to the announcement's language
unless their script says otherwise: single words are where any detector fails.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.languages import LANGUAGES
from pipeline.model import LanguageVerdict
from pipeline.textrules import MARKDOWN_LINK

if TYPE_CHECKING:  # numpy, wordfreq and langdetect load with the first LanguageDetector
    import numpy as np

_SMOOTHING = 1e-5
#: Frequency given to a word missing from a language's list (the lists end near 1e-6).
_WORD_FLOOR = 1e-9
#: By word count: the weight of the word evidence (mean log-frequency margin per word)
#: against the n-gram margin (mean log-likelihood margin per n-gram), and the combined margin
#: (expected language minus best other) a text must reach to count as the expected language.
#: Words weigh more where a text has few n-grams. Chosen on the *tuning* half of
#: shared/data/langid-dev.tsv.gz only (bench/langid.py splits it; docs/sources.md quotes the
#: held-out half), as the lowest threshold keeping false-German at 0.3 % there for one to
#: three words; neighbouring values give similar figures.
_RULES: tuple[tuple[int, float, float], ...] = (
    (1, 0.3, 0.11),
    (3, 0.3, -0.035),
    (9, 0.1, -0.03),
    (10**9, 0.1, -0.08),
)
#: Units up to this many words inside an announcement of the expected language are
#: taken to be in that language unless written in another script, or (two words or more)
#: their margin is below `_FOREIGN_IN_CONTEXT`: strong evidence of another language, which
#: 92 % of the other languages' word pairs reach and 0.4 % of German ones (tuning half).
SHORT_UNIT_WORDS = 3
_FOREIGN_IN_CONTEXT = -1.0
_MARKDOWN = re.compile(MARKDOWN_LINK.pattern + r"|[*_`#>]+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# langdetect's codes -> vielfalt's (ISO 639-1) where they differ
_CODES = {"zh-cn": "zh", "zh-tw": "zh"}
#: Scripts (first word of the Unicode character name) of the languages langdetect knows and
#: vielfalt does not support (supported ones: `pipeline.languages`) not written in Latin
#: letters: the script check, and which word lists compete.
OTHER_SCRIPTS = {
    "fa": "ARABIC", "ur": "ARABIC", "mk": "CYRILLIC",
    "bn": "BENGALI", "el": "GREEK", "gu": "GUJARATI", "he": "HEBREW", "hi": "DEVANAGARI",
    "ja": "CJK", "kn": "KANNADA", "ko": "HANGUL", "ml": "MALAYALAM", "mr": "DEVANAGARI",
    "ne": "DEVANAGARI", "pa": "GURMUKHI", "ta": "TAMIL", "te": "TELUGU", "th": "THAI",
    "zh": "CJK",
}  # fmt: skip
#: langdetect's codes -> wordfreq's where they differ
_WORDFREQ_CODES = {"no": "nb", "hr": "sh"}


def plain_text(markdown: str) -> str:
    """Markdown to the words a reader sees: link text kept, URLs and markup dropped."""
    return _MARKDOWN.sub(lambda m: m.group(1) or " ", markdown)


def _rule(words: int) -> tuple[float, float]:
    """(word weight, threshold) for a text of `words` words."""
    for limit, weight, threshold in _RULES:
        if words <= limit:
            return weight, threshold
    return _RULES[-1][1:]


#: words that carry no language: labels of contact lines
_LABELS = frozenset(
    ["e-mail", "email", "mail", "tel", "telefon", "fax", "mobil", "handy", "internet", "web",
     "www", "kontakt", "adresse", "anschrift", "raum", "zimmer", "zi", "homepage", "website"]
)  # fmt: skip
#: words that make a short line with a number German after all („Am 9. Februar“, „ab 18 Uhr“)
_GERMAN_SHORT = frozenset(
    ["am", "ab", "bis", "vom", "um", "von", "im", "zum", "zur", "beim", "uhr", "ca",
     "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
     "oktober", "november", "dezember", "montag", "dienstag", "mittwoch", "donnerstag",
     "freitag", "samstag", "sonntag", "euro", "prozent"]
)  # fmt: skip
_NOT_LANGUAGE = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d\s/().-]*\d|\d"
)


def has_language_evidence(text: str) -> bool:
    """Whether `text` says anything in some language: not a contact line („E-Mail:
    info@herne.de“, „Tel. 02323 16-0“), an address („I. Hagen 26“), a link or number, or a
    label alone („Google Translate:“). Such lines are neither German nor foreign."""
    plain = _NOT_LANGUAGE.sub(" ", plain_text(text))
    words = [w for w in _WORD.findall(plain) if len(w) > 1 and w.lower() not in _LABELS]
    if not words:
        return False
    if plain.strip().endswith(":") and len(words) <= 3:
        return False  # a label
    has_number = bool(re.search(r"\d", text))
    address = all(w[:1].isupper() and w.lower() not in _GERMAN_SHORT for w in words)
    return not (has_number and len(words) <= 2 and address)  # „Westring 12a, 44623 Herne“


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def dominant_script(text: str) -> str | None:
    """LATIN, CYRILLIC, ARABIC, … for the majority of letters; None without letters."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            script = name.split(" ")[0] if name else "UNKNOWN"
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def script_of(language: str) -> str:
    if language in LANGUAGES:
        return LANGUAGES[language].unicode_script
    return OTHER_SCRIPTS.get(language, "LATIN")


@dataclass(frozen=True)
class Scores:
    languages: tuple[str, ...]
    log_likelihood: np.ndarray  # summed over n-grams
    ngrams: int

    def margin(self, language: str) -> float:
        """Mean log-likelihood per n-gram of `language` minus the best other language."""
        if self.ngrams == 0 or language not in self.languages:
            return -math.inf
        import numpy as np

        index = self.languages.index(language)
        others = np.delete(self.log_likelihood, index)
        return float(self.log_likelihood[index] - others.max()) / self.ngrams

    def probabilities(self, top: int = 3) -> dict[str, float]:
        if self.ngrams == 0:
            return {}
        import numpy as np

        shifted = self.log_likelihood - self.log_likelihood.max()
        weights = np.exp(shifted)
        weights /= weights.sum()
        order = np.argsort(-weights)[:top]
        return {self.languages[i]: round(float(weights[i]), 4) for i in order}


class WordEvidence:
    """Word frequencies of the languages written in one script, loaded on first use.

    A word list covers about 30,000-60,000 words per language; only the lists of the
    expected language's script are read (about 0.4 s and 75 MB for Latin script).
    """

    def __init__(self, languages: tuple[str, ...]) -> None:
        import wordfreq

        available = set(wordfreq.available_languages("small"))
        self._codes = {
            lang: _WORDFREQ_CODES.get(lang, lang)
            for lang in languages
            if _WORDFREQ_CODES.get(lang, lang) in available
        }
        self._tables: dict[str, dict[str, dict[str, float]]] = {}

    def _table(self, script: str) -> dict[str, dict[str, float]]:
        if script not in self._tables:
            import wordfreq

            self._tables[script] = {
                lang: wordfreq.get_frequency_dict(code, "small")
                for lang, code in self._codes.items()
                if script_of(lang) == script
            }
        return self._tables[script]

    def margin(self, words: list[str], language: str) -> float:
        """Mean log-frequency per word of `language` minus the best other language.

        0.0 when `language` has no word list or the text has no words.
        """
        if not words or language not in self._codes:
            return 0.0
        table = self._table(script_of(language))
        keys = [word.casefold() for word in words]  # wordfreq's lists are casefolded
        totals = {
            lang: sum(math.log(freqs.get(key, 0.0) + _WORD_FLOOR) for key in keys)
            for lang, freqs in table.items()
        }
        own = totals.pop(language)
        if not totals:
            return 0.0
        return (own - max(totals.values())) / len(words)


@dataclass(frozen=True)
class _Model:
    """What a detector loads once: langdetect's profiles as a matrix, word lists, dialects."""

    factory: Any
    languages: tuple[str, ...]
    index: dict[str, int]
    log_probs: Any
    words: WordEvidence
    dialects: Any


class LanguageDetector:
    """Owns its langdetect profiles (no module-level state); create once, reuse. The profiles
    load on first use: a run with nothing to check (a `translate` with nothing new) pays
    nothing for them."""

    @functools.cached_property
    def _model(self) -> _Model:
        import numpy as np
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

        from pipeline.units.dialects import DialectCheck

        factory = DetectorFactory()
        factory.load_profile(PROFILES_DIRECTORY)
        languages = tuple(_CODES.get(code, code) for code in factory.get_lang_list())
        table = factory.word_lang_prob_map
        return _Model(
            factory,
            languages,
            # One matrix of log-probabilities, looked up by row: scoring is a gather and a sum.
            {gram: row for row, gram in enumerate(table)},
            np.log(np.asarray(list(table.values()), dtype=np.float64) + _SMOOTHING),
            # Word lists of languages without a langdetect profile (Icelandic, …) compete too.
            WordEvidence((*languages, "is", "ms", "fil")),
            # Standard German or Luxembourgish / Swiss German dialect (see pipeline.units.dialects).
            DialectCheck(),
        )

    @property
    def _factory(self) -> Any:
        return self._model.factory

    @property
    def _languages(self) -> tuple[str, ...]:
        return self._model.languages

    @property
    def _index(self) -> dict[str, int]:
        return self._model.index

    @property
    def _log_probs(self) -> Any:
        return self._model.log_probs

    @property
    def _words(self) -> WordEvidence:
        return self._model.words

    @property
    def _dialects(self) -> Any:
        return self._model.dialects

    @property
    def languages(self) -> tuple[str, ...]:
        return self._languages

    def scores(self, text: str) -> Scores:
        import numpy as np
        from langdetect.detector import Detector

        detector = Detector(self._factory)
        detector.append(plain_text(text))
        index = self._index
        rows = [index[gram] for gram in detector._extract_ngrams() if gram in index]
        if not rows:
            return Scores(self._languages, np.zeros(len(self._languages)), 0)
        return Scores(self._languages, self._log_probs[rows].sum(axis=0), len(rows))

    def margin(self, text: str, language: str) -> float:
        """Evidence that `text` is in `language` rather than any other: n-grams plus words."""
        plain = plain_text(text)
        return self._margin(plain, self.scores(plain), language)

    def _margin(self, plain: str, scores: Scores, language: str) -> float:
        words = _WORD.findall(plain)
        weight = _rule(len(words))[0]
        return scores.margin(language) + weight * self._words.margin(words, language)

    def threshold(self, words: int) -> float:
        return _rule(words)[1]

    def detect(
        self, text: str, expected: str, *, context_language: str | None = None
    ) -> LanguageVerdict:
        """Verdict for `text`, which should be in `expected`.

        `context_language` is the verdict of the surrounding document: a short unit
        in a document of the expected language is trusted to be in it unless its
        script differs.
        """
        plain = plain_text(text)
        words = word_count(plain)
        script = dominant_script(plain)
        scores = self.scores(plain)
        candidates = scores.probabilities()
        if script is None or scores.ngrams == 0:
            return LanguageVerdict(expected, 0.0, True, {}, basis="no-letters")
        if not has_language_evidence(text):  # a contact line, an address, a label
            return LanguageVerdict(expected, 0.0, True, {}, basis="no-language-evidence")
        if script != script_of(expected):
            best = next(iter(candidates), "und")
            return LanguageVerdict(
                best, candidates.get(best, 0.0), False, candidates, basis="script"
            )
        margin = self._margin(plain, scores, expected)
        if words <= SHORT_UNIT_WORDS and context_language == expected:
            if words >= 2 and margin < _FOREIGN_IN_CONTEXT:
                best = next((lang for lang in candidates if lang != expected), "und")
                return LanguageVerdict(
                    best, candidates.get(best, 0.0), False, candidates, basis="short-text-foreign"
                )
            return LanguageVerdict(
                expected,
                candidates.get(expected, 0.0),
                True,
                candidates,
                basis="short-text-default",
            )
        is_expected = margin >= self.threshold(words)
        dialect = self._dialects.dialect_of(plain) if is_expected and expected == "de" else None
        if dialect is not None:
            return LanguageVerdict(dialect, candidates.get(expected, 0.0), False, candidates,
                                   basis="dialect")  # fmt: skip
        if is_expected:
            return LanguageVerdict(expected, candidates.get(expected, 0.0), True, candidates)
        best = next((lang for lang in candidates if lang != expected), next(iter(candidates)))
        return LanguageVerdict(best, candidates.get(best, 0.0), False, candidates)


@dataclass(frozen=True)
class UnitCheck:
    unit_key: str
    role: str
    lineno: int
    text: str
    verdict: LanguageVerdict


@dataclass(frozen=True)
class AnnouncementCheck:
    """Language verdict of a whole announcement and of each of its units."""

    announcement_id: str
    path: str
    verdict: LanguageVerdict
    units: tuple[UnitCheck, ...]

    @property
    def foreign_units(self) -> tuple[UnitCheck, ...]:
        return tuple(u for u in self.units if not u.verdict.is_expected)


def check_announcement(
    detector: LanguageDetector, announcement_id: str, path: str, units: list, expected: str
) -> AnnouncementCheck:
    """Detect the announcement's language from all its text, then each unit in that context."""
    whole = "\n".join(unit.text for unit in units)
    overall = detector.detect(whole, expected)
    context = expected if overall.is_expected else overall.language
    checks = tuple(
        UnitCheck(
            unit.key,
            unit.role,
            unit.lineno,
            unit.text,
            detector.detect(unit.text, expected, context_language=context),
        )
        for unit in units
    )
    return AnnouncementCheck(announcement_id, path, overall, checks)
