"""Standard German or a dialect? Luxembourgish and Swiss German dialect read as German to
any n-gram profile of German, and langdetect has none of them.

Policy: Swiss *Standard* German (Standard German, written with ss for ß) is German;
Luxembourgish and Swiss German dialect (Bärndütsch, Züritüütsch, …) are not: the MT models
are trained on Standard German and would mistranslate them. The evidence is a naive-Bayes
comparison of character 1-to-4-grams of Standard German, Luxembourgish and Swiss German
from the same kind of text (NTREX-128 news; `pipeline/data/dialects.json`, built by
`bench/dialect_profiles.py`), asked only of texts of four words or more: shorter ones have
too few n-grams to tell a dialect from German reliably.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

PROFILE_PATH = Path(__file__).parents[1] / "data" / "dialects.json"
#: dev-data labels (ISO 639-3) → vielfalt's codes (bench/dialect_profiles.py builds from them)
LABELS = {"deu": "de", "ltz": "lb", "gsw": "gsw"}
ORDER = 4
#: add-k smoothing of the counts
_SMOOTHING = 0.5
#: mean log-probability per n-gram by which a dialect must beat Standard German; chosen on
#: the tuning half (no German sentence there reaches it; see bench/langid.py)
MARGIN = 0.2
MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_]+")


def grams(text: str) -> list[str]:
    """Character n-grams of each word, with the word's edges marked by spaces."""
    found: list[str] = []
    for word in _WORD.findall(text.casefold()):
        padded = f" {word} "
        for n in range(1, ORDER + 1):
            found += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return [g for g in found if g.strip()]


class DialectCheck:
    """Loads its profiles on first use (about 0.1 s); create once, reuse."""

    def __init__(self, path: Path = PROFILE_PATH) -> None:
        self.path = path
        self._profile: dict | None = None

    def _load(self) -> dict:
        if self._profile is None:
            self._profile = json.loads(self.path.read_text(encoding="utf-8"))
        return self._profile

    def _score(self, found: list[str], code: str) -> float:
        profile = self._load()
        counts, total = profile["counts"][code], profile["totals"][code]
        denominator = total + _SMOOTHING * profile["vocabulary"]
        return sum(math.log((counts.get(g, 0) + _SMOOTHING) / denominator) for g in found) / len(
            found
        )

    def margins(self, text: str) -> dict[str, float]:
        """Per dialect: how much better it explains `text` than Standard German."""
        found = grams(text)
        if not found:
            return {}
        german = self._score(found, "de")
        return {code: self._score(found, code) - german for code in ("lb", "gsw")}

    def dialect_of(self, text: str) -> str | None:
        """"lb" or "gsw" when `text` is clearly that rather than Standard German, else None."""
        if len(_WORD.findall(text)) < MIN_WORDS:
            return None
        margins = self.margins(text)
        best = max(margins, key=margins.__getitem__, default=None)
        return best if best is not None and margins[best] >= MARGIN else None
