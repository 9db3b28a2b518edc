"""Repetition loops in decoder output: one place, used by the engine (to flag) and QA (to check)."""

from __future__ import annotations

from collections.abc import Sequence


def repeated_ngram(tokens: Sequence[str], max_n: int = 4, min_repeats: int = 4) -> float:
    """Share of the output covered by the longest run of one repeated n-gram (0 if no loop)."""
    if len(tokens) < min_repeats:
        return 0.0
    best = 0
    for n in range(1, max_n + 1):
        for start in range(0, len(tokens) - n * min_repeats + 1):
            gram = tokens[start : start + n]
            repeats = 1
            position = start + n
            while tokens[position : position + n] == gram:
                repeats += 1
                position += n
            if repeats >= min_repeats:
                best = max(best, repeats * n)
    return best / len(tokens)


def is_loop(tokens: Sequence[str]) -> bool:
    return repeated_ngram(tokens) >= 0.5
