"""Measure vielfalt's German detector on shared/data/langid-dev.tsv.gz.

Prints, per granularity, German recall and the false-German rate among the other
languages (confusable ones listed on their own). Luxembourgish and Swiss German have
no langdetect profile: they are reported separately, as the share vielfalt accepts as
German (it cannot tell them apart from Standard German; see README).

    uv run python bench/langid.py [--data PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import time
from collections import defaultdict
from pathlib import Path

from pipeline.detect import LanguageDetector

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "langid-dev.tsv.gz"
CONFUSABLE = ("nld", "afr", "dan", "swe", "nob", "nno", "isl", "eng")
NO_PROFILE = ("ltz", "gsw")
TARGETS = {"sentence": (0.995, 0.005), "sentence_long": (0.995, 0.005), "word_pair": (0.93, 0.01)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="rows per granularity (0: all)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data}: not found", file=sys.stderr)
        return 2
    csv.field_size_limit(10**7)
    with gzip.open(args.data, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    detector = LanguageDetector()
    hits: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    seen: dict[str, int] = defaultdict(int)
    started = time.perf_counter()
    for row in rows:
        granularity, label = row["granularity"], row["label"]
        if args.limit and seen[granularity] >= args.limit:
            continue
        seen[granularity] += 1
        verdict = detector.detect(row["text"], "de")
        cell = hits[(granularity, label)]
        cell[0] += int(verdict.is_expected)
        cell[1] += 1
    elapsed = time.perf_counter() - started
    total = sum(seen.values())
    print(f"{total} rows in {elapsed:.1f} s ({1000 * elapsed / total:.2f} ms per text)\n")
    print(f"{'granularity':14} {'German recall':>14} {'false-German (standard)':>24}   target")
    failed = False
    for granularity in ("word", "word_pair", "sentence", "sentence_long"):
        german = hits.get((granularity, "deu"), [0, 0])
        others = [(lab, c) for (g, lab), c in hits.items() if g == granularity and lab != "deu"]
        standard = [c for lab, c in others if lab not in NO_PROFILE]
        false_n = sum(c[0] for c in standard)
        false_d = sum(c[1] for c in standard)
        recall = german[0] / german[1] if german[1] else float("nan")
        false_rate = false_n / false_d if false_d else float("nan")
        target = TARGETS.get(granularity)
        verdict = ""
        if target:
            ok = recall >= target[0] and (not false_d or false_rate <= target[1])
            failed |= not ok
            verdict = (
                f"recall ≥ {target[0]:.1%}, false ≤ {target[1]:.1%}: {'met' if ok else 'NOT met'}"
            )
        print(f"{granularity:14} {recall:14.2%} {false_rate:24.2%}   {verdict}")
        print(
            f"{'':14} ({german[1]} German rows, {false_d} rows in {len(standard)} other languages)"
        )
        for label, cell in sorted(others):
            if label in CONFUSABLE or label in NO_PROFILE:
                kind = "accepted as German (no profile)" if label in NO_PROFILE else "false-German"
                print(f"{'':16}{label}: {cell[0] / cell[1]:6.2%} {kind} ({cell[1]} rows)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
