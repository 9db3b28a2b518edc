"""Glossary and markup fidelity under the ways real NMT models mangle placeholders.

A fault-injecting translator wraps each real engine model (generated copy models, or the
word-for-word demo models) and, with a seeded probability per placeholder, applies one
mangling mode to the model's output, on every hop of the English pivot. Inputs: the sample
announcements with the Herne glossary, and public-sector UI strings with printf
placeholders and inline HTML (shared/data/cwa/strings_multiway.tsv.gz).

For every placeholder of every unit and target, the result is one of:
  exact      the prescribed term / the markup is back, as often as without faults, and
             every link and emphasis is whole; no repair was needed
  repaired   the same, after an unambiguous repair (a duplicate removed, a squeezed or
             split code read); the entry says so
  retrans    the placeholder was lost and the unit translated again *without* protection
             came out right: luck of the model (copy models always copy), counted apart
  flagged    it is missing, moved or broken, and the unit is flagged needs-review
  silent     it is missing or wrong and nothing says so   (must be 0)

Modes whose fault keeps the information (the code can still be read: space-inserted,
duplicated, squeezed) aim at exact + repaired ≥ 95 %; where it is gone (dropped, a digit
altered (the check digit catches it), moved, crossed, half a pair dropped, translated as a
word) the right outcome is flagged, or a correct unprotected re-translation. The pair
modes (crossed, pair-half-dropped) act on the first hop,
where the injector can tell a link's opening placeholder from its closing one.

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
    "space-inserted",
    "digit-altered",
    "duplicated",
    "squeezed",
    "translated-as-word",
    "moved",
    "crossed",
    "pair-half-dropped",
)
#: modes after which the placeholder can still be read unambiguously (a changed digit is
#: caught by the check digit, never guessed: its information is gone)
KEEPS_INFORMATION = ("space-inserted", "duplicated", "squeezed")
#: case-sensitive short terms a substring test would miss (within, VHS-like, …)
SHORT_TERM_UNITS = (
    "Das Herner Integrationsnetzwerk (HIN) trifft sich im Rathaus Herne.",
    "Das KI berät in der vhs; die WAZ berichtet über die Sprechstunde.",
    "Anmeldung beim KI: [Programm der vhs](https://www.herne.de/vhs) und **HIN**-Treffen.",
    "Die **vhs Herne** lädt ein: [Kurse ansehen](https://www.herne.de/vhs/kurse), *kostenlos*.",
)


def mangle(
    text: str,
    mode: str,
    rng: random.Random,
    probability: float,
    pairs: dict[str, str] | None = None,
) -> str:
    """Apply `mode` to each placeholder of `text` with the given probability. `pairs` maps the
    code of a link's or emphasis' opening placeholder to its closing one (pair modes)."""
    if mode in ("crossed", "pair-half-dropped"):
        return _mangle_pairs(text, mode, rng, probability, pairs or {})
    tokens = list(TOKEN.finditer(text))
    for token in reversed(tokens):
        if rng.random() >= probability:
            continue
        start, end, digits = token.start(), token.end(), token.group(1)
        if mode == "dropped":
            text = text[:start] + text[end:]
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


def _mangle_pairs(
    text: str, mode: str, rng: random.Random, probability: float, pairs: dict[str, str]
) -> str:
    for opening, closing in pairs.items():
        a, b = f"⟦{opening}⟧", f"⟦{closing}⟧"
        if a not in text or b not in text or rng.random() >= probability:
            continue
        if mode == "crossed":  # the closing placeholder comes first
            text = text.replace(a, "\0").replace(b, a).replace("\0", b)
        else:  # one half of the pair is lost
            text = text.replace(rng.choice((a, b)), "", 1)
    return text


def pairs_of(protected) -> dict[str, str]:
    """Opening code → closing code for the links and emphasis of one protected unit."""
    pairs: dict[str, str] = {}
    stack: list[tuple[str, str]] = []
    for placeholder in protected.placeholders:
        if placeholder.kind != "markup":
            continue
        source = placeholder.source
        if source == "[":
            stack.append(("link", placeholder.code))
        elif source.startswith("]("):
            opened = next((s for s in reversed(stack) if s[0] == "link"), None)
            if opened:
                stack.remove(opened)
                pairs[opened[1]] = placeholder.code
        elif source in ("**", "*", "__"):
            opened = next((s for s in reversed(stack) if s[0] == source), None)
            if opened:
                stack.remove(opened)
                pairs[opened[1]] = placeholder.code
            else:
                stack.append((source, placeholder.code))
    return pairs


class FaultInjector:
    """Wraps a SentenceTranslator; mangles placeholders in what the model returns."""

    def __init__(
        self, inner, mode: str, rng: random.Random, probability: float, masked=None
    ) -> None:
        self.inner, self.ident = inner, inner.ident
        self.mode, self.rng, self.probability = mode, rng, probability
        self.masked = masked or {}  # masked unit text → its pairs (first hop only)

    def pairs_for(self, sentence: str) -> dict[str, str]:
        for text, pairs in self.masked.items():
            if sentence in text:
                return pairs
        return {}

    def translate_sentences(self, sentences):
        from pipeline.mt.engine import SentenceResult

        results = self.inner.translate_sentences(sentences)
        return [
            SentenceResult(
                mangle(r.text, self.mode, self.rng, self.probability, self.pairs_for(s)),
                r.score,
                r.flags,
            )
            for s, r in zip(sentences, results, strict=True)
        ]


def load_units(limit: int):
    from pipeline.intake.sources import load_announcements
    from pipeline.mt.engine import SourceUnit
    from pipeline.units.segment import units_of

    units = [
        SourceUnit(u.key, u.text)
        for a in load_announcements(ROOT / "announcements")
        for u in units_of(a)
    ]
    units += [SourceUnit(f"short/{i}", text) for i, text in enumerate(SHORT_TERM_UNITS)]
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
    from pipeline.mt.demo_models import (
        build_demo_archives,
        build_package,
        copy_model,
        pack_argosmodel,
    )
    from pipeline.mt.local import ModelRegistry
    from pipeline.mt.packages import find_packages, install_archive

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


def found(text: str, expected: str) -> int:
    """Occurrences of a rendering, also capitalised where it opens a sentence."""
    capital = expected[:1].upper() + expected[1:]
    return text.count(expected) + (text.count(capital) if capital != expected else 0)


def evaluate(run, clean, targets) -> Counter:
    """Per placeholder: exact / repaired / retrans / flagged / silent, against the fault-free
    run (how often each term and markup piece occurs there)."""
    from pipeline.units.protect import markup_problems

    counts: Counter = Counter()
    clean_text = {(r.unit_key, r.target): r.text for r in clean.translations}
    for result in run.translations:
        protected = run.protected.get(result.unit_key)
        if protected is None or not protected.placeholders:
            continue
        reference = clean_text[(result.unit_key, result.target)]
        flagged = "needs-review" in result.flags
        stray = "⟦" in result.text or "⟧" in result.text
        broken = bool(markup_problems(protected.original, result.text))
        how = (
            "retrans"
            if "placeholder-fallback" in result.flags
            else "repaired"
            if "placeholder-repaired" in result.flags
            else "exact"
        )
        outcomes = []
        for placeholder in protected.placeholders:
            expected = placeholder.replacement(result.target)
            present = found(result.text, expected) >= max(1, found(reference, expected))
            if expected in ("*", "**", "__", "["):  # a lone piece of a pair: judged as a whole
                present = result.text.count(expected) >= reference.count(expected)
            if flagged:
                outcomes.append("flagged")
            elif present and not stray and not broken:
                outcomes.append(how)
            else:
                outcomes.append("silent")
        # Content that is wrong without being missing: extra term text, unflagged.
        extra = any(
            len(p.replacement(result.target)) > 2
            and found(result.text, p.replacement(result.target))
            > found(reference, p.replacement(result.target))
            for p in protected.placeholders
        )
        if extra and not flagged:
            outcomes = ["silent" for _ in outcomes]
        counts.update(outcomes)
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
    from pipeline.mt.protected import translate_protected
    from pipeline.units.glossary import load_glossary

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
        masked = {p.masked: pairs_of(p) for p in clean.protected.values()}
        print(
            f"{'mode':20} {'exact':>8} {'repaired':>9} {'retrans':>8} {'flagged':>8} "
            f"{'silent':>7}   target"
        )
        total: Counter = Counter()
        failed = False
        for mode in ("none", *MODES, "all"):
            if mode == "none":
                counts = evaluate(clean, clean, targets)
            else:
                rng = random.Random(f"{args.seed}/{mode}")

                def wrap(inner, mode=mode, rng=rng):
                    if mode == "all":
                        return MixedInjector(inner, "all", rng, args.probability, masked)
                    return FaultInjector(inner, mode, rng, args.probability, masked)

                run = translate_protected(units, targets, registry, glossary, wrap=wrap)
                counts = evaluate(run, clean, targets)
                total += counts if mode != "all" else Counter()
            failed |= not print_row(mode, counts, args.models)
        print_row("overall (modes)", total, args.models, judge=False)
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


def print_row(mode: str, counts: Counter, models: str, judge: bool = True) -> bool:
    """One line of the table; False when a target is missed."""
    n = sum(counts.values()) or 1
    share = {k: counts[k] / n for k in ("exact", "repaired", "retrans", "flagged")}
    ok = counts["silent"] == 0
    target = "silent = 0"
    if mode == "none" and models == "copy":
        ok &= counts["exact"] == n
        target = "all exact"
    elif mode in KEEPS_INFORMATION:
        ok &= share["exact"] + share["repaired"] >= 0.95
        target = "silent = 0, exact + repaired ≥ 95 %"
    verdict = f"{target}: {'met' if ok else 'NOT met'}" if judge else ""
    print(
        f"{mode:20} {share['exact']:8.2%} {share['repaired']:9.2%} {share['retrans']:8.2%} "
        f"{share['flagged']:8.2%} {counts['silent']:7d}   {verdict}"
    )
    return ok or not judge


class MixedInjector(FaultInjector):
    """Any mode, chosen at random per sentence."""

    def translate_sentences(self, sentences):
        from pipeline.mt.engine import SentenceResult

        results = self.inner.translate_sentences(sentences)
        return [
            SentenceResult(
                mangle(
                    r.text, self.rng.choice(MODES), self.rng, self.probability, self.pairs_for(s)
                ),
                r.score,
                r.flags,
            )
            for s, r in zip(sentences, results, strict=True)
        ]


if __name__ == "__main__":
    sys.exit(main())
