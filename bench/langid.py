"""Measure vielfalt's German detector on shared/data/langid-dev.tsv.gz, tuning and held-out.

The rows are split by a fixed hash of their *family* into a tuning part (the only one any
setting of `pipeline/units/detect.py` may be chosen on) and a held-out part (the one docs/sources.md
quotes). A family keeps related rows on one side: an NTREX line and all its translations
(the same line number in every language), or the same text (case and spacing folded).

Prints, per part and granularity, German recall and the false-German rate among the other
languages (the confusable ones on their own), the share of Luxembourgish and Swiss German
dialect accepted as German (policy: both are not Standard German; see docs/sources.md), time per
text and resident memory after loading.

    uv run python bench/langid.py [--data PATH] [--limit N] [--part tuning|held-out|both]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from pipeline.units.detect import LanguageDetector

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "langid-dev.tsv.gz"
CONFUSABLE = ("nld", "afr", "dan", "swe", "nob", "nno", "isl", "eng")
#: not Standard German by policy: accepting them as German is an error, reported apart
DIALECTS = ("ltz", "gsw")
#: (German recall at least, false-German at most) on the held-out part
TARGETS = {
    "word": (0.80, 0.005),
    "word_pair": (0.95, 0.005),
    "sentence": (0.995, 0.001),
    "sentence_long": (0.995, 0.001),
}
GRANULARITIES = ("word", "word_pair", "sentence", "sentence_long")


def family(row: dict[str, str]) -> str:
    """Rows that must sit on the same side of the split share a family."""
    if row["source"] == "ntrex128":
        return "ntrex:" + row["ref"].rsplit(":", 1)[1]
    return "text:" + " ".join(row["text"].casefold().split())


def part_of(row: dict[str, str]) -> str:
    digest = hashlib.sha256(family(row).encode("utf-8")).digest()
    return "tuning" if digest[0] % 2 == 0 else "held-out"


def read_rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(10**7)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def measure(detector: LanguageDetector, rows: list[dict[str, str]], limit: int):
    hits: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    seen: dict[str, int] = defaultdict(int)
    started = time.perf_counter()
    for row in rows:
        granularity = row["granularity"]
        if limit and seen[granularity] >= limit:
            continue
        seen[granularity] += 1
        verdict = detector.detect(row["text"], "de")
        cell = hits[(granularity, row["label"])]
        cell[0] += int(verdict.is_expected)
        cell[1] += 1
    return hits, sum(seen.values()), time.perf_counter() - started


def report(name: str, hits, total: int, elapsed: float, judge: bool) -> bool:
    print(f"\n== {name}: {total} rows, {1000 * elapsed / max(total, 1):.2f} ms per text")
    print(f"{'granularity':14} {'German recall':>14} {'false-German':>13}   target (held-out)")
    met = True
    for granularity in GRANULARITIES:
        german = hits.get((granularity, "deu"), [0, 0])
        others = [(lab, c) for (g, lab), c in hits.items() if g == granularity and lab != "deu"]
        standard = [c for lab, c in others if lab not in DIALECTS]
        false_n, false_d = sum(c[0] for c in standard), sum(c[1] for c in standard)
        recall = german[0] / german[1] if german[1] else float("nan")
        false_rate = false_n / false_d if false_d else float("nan")
        want = TARGETS[granularity]
        ok = recall >= want[0] and (not false_d or false_rate <= want[1])
        met &= ok or not judge
        mark = f"≥ {want[0]:.1%} / ≤ {want[1]:.1%}: {'met' if ok else 'NOT met'}"
        print(f"{granularity:14} {recall:14.2%} {false_rate:13.2%}   {mark}")
        print(f"{'':14} ({german[1]} German rows, {false_d} rows in {len(standard)} languages)")
        for label, cell in sorted(others):
            if label in CONFUSABLE or label in DIALECTS:
                what = "accepted as German (policy: not German)" if label in DIALECTS else ""
                print(
                    f"{'':16}{label}: {cell[0] / cell[1]:6.2%} false-German {what}({cell[1]} rows)"
                )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="rows per granularity (0: all)")
    parser.add_argument("--part", choices=("tuning", "held-out", "both"), default="both")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data}: not found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    detector = LanguageDetector()
    detector.detect("Die Anmeldungen starten am Montag.", "de")  # load everything lazy
    loaded = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"detector loaded in {loaded:.1f} s; resident {rss:.0f} MB (peak, whole process)")
    rows = read_rows(args.data)
    parts = ("tuning", "held-out") if args.part == "both" else (args.part,)
    met = True
    for name in parts:
        chosen = [row for row in rows if part_of(row) == name]
        hits, total, elapsed = measure(detector, chosen, args.limit)
        met &= report(name, hits, total, elapsed, judge=name == "held-out")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
