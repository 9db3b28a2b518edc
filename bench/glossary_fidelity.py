"""Glossary and markup fidelity under the ways real NMT models mangle placeholders.

A fault-injecting translator wraps each real engine model (generated copy models, or the
word-for-word demo models) and, with a seeded probability per placeholder, applies one
mangling mode to the model's output, on every hop of the English pivot. Inputs: the sample
announcements with the Herne glossary, and public-sector UI strings with printf
placeholders and inline HTML (shared/data/cwa/strings_multiway.tsv.gz).

For every placeholder of every unit and target, the result is one of:
  restored  the prescribed term / the markup is in the output as often as without faults
  flagged   it is missing, and the unit is flagged needs-review with the reason
  silent    it is missing or wrong and nothing says so   (must be 0)

    uv run python bench/glossary_fidelity.py [--models copy|demo] [--probability P]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CWA = ROOT.parent / "shared" / "data" / "cwa" / "strings_multiway.tsv.gz"
TOKEN = re.compile(r"⟦(\d+)⟧")
MODES = (
    "dropped",
    "recased",
    "space-inserted",
    "digit-altered",
    "duplicated",
    "squeezed",
    "translated-as-word",
    "moved",
)


def mangle(text: str, mode: str, rng: random.Random, probability: float) -> str:
    """Apply `mode` to each placeholder of `text` with the given probability."""
    tokens = list(TOKEN.finditer(text))
    for token in reversed(tokens):
        if rng.random() >= probability:
            continue
        start, end, digits = token.start(), token.end(), token.group(1)
        if mode == "dropped":
            text = text[:start] + text[end:]
        elif mode == "recased":
            text = (
                text[:start]
                + token.group(0).swapcase().replace("⟦", "[").replace("⟧", "]")
                + text[end:]
            )
        elif mode == "space-inserted":
            cut = rng.randrange(1, len(digits)) if len(digits) > 1 else 1
            text = text[:start] + f"⟦{digits[:cut]} {digits[cut:]}⟧" + text[end:]
        elif mode == "digit-altered":
            if rng.random() < 0.5:
                changed = digits[:-1]  # a digit lost ("Code5e" → "Code5")
            else:
                i = rng.randrange(len(digits))
                changed = (
                    digits[:i] + str((int(digits[i]) + rng.randrange(1, 10)) % 10) + digits[i + 1 :]
                )
            text = text[:start] + f"⟦{changed or '0'}⟧" + text[end:]
        elif mode == "duplicated":
            text = text[:end] + " " + token.group(0) + text[end:]
        elif mode == "squeezed":
            following = TOKEN.search(text, end)
            if following:
                text = (
                    text[:start]
                    + f"⟦{digits}{following.group(1)}⟧"
                    + text[end : following.start()]
                    + text[following.end() :]
                )
        elif mode == "translated-as-word":
            text = text[:start] + "Platzhalter" + text[end:]
        elif mode == "moved":
            text = (text[:start] + text[end:]).rstrip() + " " + token.group(0)
    return text


class FaultInjector:
    """Wraps a SentenceTranslator; mangles placeholders in what the model returns."""

    def __init__(self, inner, mode: str, rng: random.Random, probability: float) -> None:
        self.inner, self.ident = inner, inner.ident
        self.mode, self.rng, self.probability = mode, rng, probability

    def translate_sentences(self, sentences):
        from pipeline.engine import SentenceResult

        results = self.inner.translate_sentences(sentences)
        return [
            SentenceResult(mangle(r.text, self.mode, self.rng, self.probability), r.score, r.flags)
            for r in results
        ]


def load_units(limit: int):
    from pipeline.engine import SourceUnit
    from pipeline.segment import units_of
    from pipeline.sources import load_announcements

    units = [
        SourceUnit(u.key, u.text)
        for a in load_announcements(ROOT / "announcements")
        for u in units_of(a)
    ]
    with gzip.open(CWA, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    marked = [r for r in rows if re.search(r"%|<[a-z]", r["deu"])]
    plain = [r for r in rows if r not in marked][: max(0, limit - len(marked))]
    units += [
        SourceUnit(f"cwa/{r['key']}", r["deu"].replace("\\n", " "))
        for r in marked + plain
        if r["deu"].strip()
    ]
    return units


def build_registry(kind: str, workdir: Path, units) -> object:
    from pipeline.engine import ModelRegistry
    from pipeline.modelbuild import build_demo_archives, build_package, copy_model, pack_argosmodel
    from pipeline.models import find_packages, install_archive

    if kind == "demo":
        archives = build_demo_archives(workdir / "archives")
    else:
        words = {w for u in units for w in u.text.split()}
        archives = []
        for source, target in [("de", "en")] + [
            ("en", t) for t in ("fr", "ro", "bg", "pl", "tr", "ru", "ar")
        ]:
            package = build_package(
                copy_model(source, target, sorted(words), demo=False), workdir / "build"
            )
            archives.append(
                pack_argosmodel(package, workdir / "archives" / f"{package.name}.argosmodel")
            )
    for archive in archives:
        install_archive(archive, workdir / "models")
    packages, _ = find_packages([(workdir / "models", "workspace")])
    return ModelRegistry(packages)


def evaluate(run, clean, targets) -> Counter:
    """Per placeholder: restored / flagged / silent, against the fault-free run."""
    counts: Counter = Counter()
    clean_text = {(r.unit_key, r.target): r.text for r in clean.translations}
    for result in run.translations:
        protected = run.protected.get(result.unit_key)
        if protected is None or not protected.placeholders:
            continue
        reference = clean_text[(result.unit_key, result.target)]
        flagged = "needs-review" in result.flags
        stray = "⟦" in result.text or "⟧" in result.text
        for placeholder in protected.placeholders:
            expected = placeholder.replacement(result.target)
            if expected in ("*", "**", "__", "["):
                expected_count = reference.count(expected)
            else:
                expected_count = max(1, reference.count(expected))
            present = result.text.count(expected)
            if present >= expected_count and not stray:
                counts["restored"] += 1
            elif flagged:
                counts["flagged"] += 1
            else:
                counts["silent"] += 1
        # Content that is wrong without being missing: extra term text, unflagged.
        if not flagged:
            for placeholder in protected.placeholders:
                expected = placeholder.replacement(result.target)
                if len(expected) > 2 and result.text.count(expected) > reference.count(expected):
                    counts["silent"] += 1
                    counts["restored"] -= 1
                    break
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", choices=("copy", "demo"), default="copy")
    parser.add_argument("--probability", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cwa-limit", type=int, default=250, help="UI strings (all marked ones first)"
    )
    parser.add_argument("--targets", default="en,fr,ro,bg,pl,tr,ru,ar")
    args = parser.parse_args()
    from pipeline.glossary import load_glossary
    from pipeline.mt import translate_protected

    targets = args.targets.split(",")
    units = load_units(args.cwa_limit)
    glossary = load_glossary(ROOT / "glossaries", ("en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        registry = build_registry(args.models, Path(tmp), units)
        clean = translate_protected(units, targets, registry, glossary)
        placeholders = sum(len(p.placeholders) for p in clean.protected.values()) * len(targets)
        print(
            f"{len(units)} units ({sum(1 for u in units if u.key.startswith('cwa/'))} UI strings), "
            f"{len(targets)} targets, {placeholders} placeholder instances, {args.models} models, "
            f"fault probability {args.probability} per placeholder and hop, seed {args.seed}\n"
        )
        print(f"{'mode':20} {'restored':>10} {'flagged':>10} {'silent':>8}")
        total: Counter = Counter()
        failed = False
        for mode in ("none", *MODES, "all"):
            if mode == "none":
                counts = evaluate(clean, clean, targets)
            else:
                rng = random.Random(f"{args.seed}/{mode}")

                def wrap(inner, mode=mode, rng=rng):
                    chosen = mode if mode != "all" else None
                    if chosen is None:
                        return MixedInjector(inner, rng, args.probability)
                    return FaultInjector(inner, chosen, rng, args.probability)

                run = translate_protected(units, targets, registry, glossary, wrap=wrap)
                counts = evaluate(run, clean, targets)
                total += counts if mode != "all" else Counter()
            n = sum(counts.values()) or 1
            print(
                f"{mode:20} {counts['restored'] / n:9.2%} {counts['flagged'] / n:10.2%} "
                f"{counts['silent']:8d}"
            )
            failed |= counts["silent"] > 0
            if mode == "none" and args.models == "copy" and counts["restored"] != n:
                failed = True
        n = sum(total.values()) or 1
        print(
            f"{'overall (modes)':20} {total['restored'] / n:9.2%} {total['flagged'] / n:10.2%} "
            f"{total['silent']:8d}"
        )
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


class MixedInjector(FaultInjector):
    """Any mode, chosen at random per sentence."""

    def __init__(self, inner, rng: random.Random, probability: float) -> None:
        super().__init__(inner, MODES[0], rng, probability)

    def translate_sentences(self, sentences):
        from pipeline.engine import SentenceResult

        results = self.inner.translate_sentences(sentences)
        return [
            SentenceResult(
                mangle(r.text, self.rng.choice(MODES), self.rng, self.probability), r.score, r.flags
            )
            for r in results
        ]


if __name__ == "__main__":
    sys.exit(main())
