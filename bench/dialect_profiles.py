"""Build pipeline/data/dialects.json: character n-gram counts of Standard German,
Luxembourgish and Swiss German dialect, from the *tuning* half of the NTREX rows in
shared/data/langid-dev.tsv.gz (the same split as bench/langid.py; the held-out half is
never read). The detector uses them to tell a dialect sentence from Standard German.

NTREX-128 is CC BY-SA 4.0; the counts derived from it carry the same licence (recorded in
the file).

    uv run python bench/dialect_profiles.py [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from langid import DEFAULT_DATA, part_of, read_rows

from pipeline.units.dialects import LABELS, ORDER, PROFILE_PATH, grams

#: n-grams seen fewer times are dropped: they carry little evidence and most of the size
MIN_COUNT = 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data}: not found", file=sys.stderr)
        return 2
    counts: dict[str, Counter] = {code: Counter() for code in LABELS.values()}
    sentences: Counter = Counter()
    for row in read_rows(args.data):
        code = LABELS.get(row["label"])
        if code and row["source"] == "ntrex128" and part_of(row) == "tuning":
            counts[code].update(grams(row["text"]))
            sentences[code] += 1
    profile = {
        "about": "character 1-to-4-grams per language, from the tuning half of the NTREX-128 "
        "rows of langid-dev.tsv.gz (bench/dialect_profiles.py)",
        "licence": "CC BY-SA 4.0 (derived from NTREX-128, Microsoft)",
        "order": ORDER,
        "min_count": MIN_COUNT,
        "sentences": dict(sentences),
        "totals": {code: sum(c.values()) for code, c in counts.items()},
        "vocabulary": len(set().union(*counts.values())),
        "counts": {
            code: {g: n for g, n in sorted(c.items()) if n >= MIN_COUNT}
            for code, c in counts.items()
        },
    }
    PROFILE_PATH.write_text(
        json.dumps(profile, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    kept = {code: len(c) for code, c in profile["counts"].items()}
    print(f"wrote {PROFILE_PATH} ({PROFILE_PATH.stat().st_size / 1e6:.1f} MB): {kept} n-grams, "
          f"{dict(sentences)} sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
