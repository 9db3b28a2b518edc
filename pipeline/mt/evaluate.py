"""`vielfalt eval`: how well the installed models translate, per target language and route.

Scores with sacrebleu (chrF and BLEU, the standard implementations, with their signatures)
on reference files in the NTREX-128 layout (`deu.txt[.gz]`, `eng.txt[.gz]`, … line-aligned)
or the FLORES-200 layout (`deu_Latn.devtest`, `dev/deu_Latn.dev`, …). Beside the scores: how
often prescribed glossary terms come out as prescribed, how often placeholders did not
survive (the unit needed the unprotected fallback), how often decoding looped, and speed.
"""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import languages
from pipeline.errors import ModelNotFound, VielfaltError
from pipeline.mt.engine import (
    DecodingOptions,
    ProgressHook,
    Registry,
    RunStats,
    SourceUnit,
)
from pipeline.mt.local import ModelRegistry
from pipeline.mt.protected import translate_protected
from pipeline.units.glossary import Glossary
from pipeline.units.protect import protect

PIVOT = "en"
#: rule of thumb for the report: from this chrF on, post-editing machine output usually pays
POST_EDIT_CHRF = 45.0


def reference_file(folder: Path, language: str) -> Path:
    """The reference file of `language` in an NTREX-128 or FLORES-200 folder."""
    if language not in languages.LANGUAGES:
        raise VielfaltError(f"{language}: not a language vielfalt supports")
    facts = languages.get(language)
    iso3 = facts.iso639_3
    flores = f"{iso3}_{facts.script}"
    candidates = [
        folder / f"{iso3}.txt.gz",
        folder / f"{iso3}.txt",
        folder / f"{flores}.devtest",
        folder / "devtest" / f"{flores}.devtest",
        folder / f"{flores}.dev",
        folder / "dev" / f"{flores}.dev",
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise VielfaltError(
        f"{folder}: no reference file for {language} "
        f"(looked for {iso3}.txt[.gz] as in NTREX-128 and {flores}.devtest/.dev as in FLORES-200)"
    )


#: a reference set is a few thousand sentences (NTREX-128: 1,997; FLORES-200: 1,012)
MAX_REFERENCE_BYTES = 50_000_000
MAX_REFERENCE_LINES = 100_000
#: the longest sentence line read (a line without end in a decompressed bomb stops here)
MAX_LINE_CHARS = 100_000


def read_lines(path: Path, limit: int | None) -> list[str]:
    """The reference's sentences, one per line; bounded (a gzip bomb stops at the limit),
    and a file that is empty, binary, not UTF-8 or not gzip is an error naming it."""
    from pipeline.errors import SourceError

    lines: list[str] = []
    size = 0
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="\n") as handle:
            number = 0
            while line := handle.readline(MAX_LINE_CHARS + 1):  # never a whole bomb at once
                number += 1
                if len(line) > MAX_LINE_CHARS:
                    raise SourceError(path, number, "has a line longer than any sentence; not read")
                size += len(line)
                if size > MAX_REFERENCE_BYTES or number > MAX_REFERENCE_LINES:
                    raise SourceError(path, number, "is larger than any reference set; not read")
                if "\x00" in line:
                    raise SourceError(path, number, "is binary, not a text of sentences")
                lines.append(line.rstrip("\n"))
                if limit and len(lines) >= limit:
                    break
    except UnicodeDecodeError:
        raise SourceError(path, len(lines) + 1, "is not UTF-8 text") from None
    except (gzip.BadGzipFile, EOFError, zlib.error):
        raise SourceError(path, None, "is not a complete gzip file") from None
    except OSError as exc:
        raise SourceError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    if not lines:
        raise SourceError(path, None, "is empty: a reference needs one sentence per line")
    return lines


@dataclass(frozen=True)
class RouteScore:
    target: str
    kind: str  # "direct" | "pivot"
    route: str
    sentences: int
    chrf: float
    bleu: float
    #: share of sentences with glossary terms whose prescribed renderings all came out
    term_success: float | None
    term_sentences: int
    #: share of sentences whose placeholders did not survive (unprotected fallback)
    fallback_rate: float
    loop_rate: float
    per_second: float
    demo: bool

    @property
    def verdict(self) -> str:
        if self.demo:
            return "demo model"
        return "post-edit" if self.chrf >= POST_EDIT_CHRF else "translate from scratch"


@dataclass
class EvalReport:
    scores: list[RouteScore] = field(default_factory=list)
    chrf_signature: str = ""
    bleu_signature: str = ""
    missing: list[str] = field(default_factory=list)  # targets without any model

    @property
    def demo(self) -> bool:
        return any(score.demo for score in self.scores)


def _pivot_only(registry: Registry, source: str, target: str) -> ModelRegistry | None:
    """A registry of installed packages that reaches `target` through English although a
    direct package exists (servers choose their own routes: none there)."""
    if not isinstance(registry, ModelRegistry):
        return None
    first, second = registry.package_for(source, PIVOT), registry.package_for(PIVOT, target)
    if registry.package_for(source, target) is None or first is None or second is None:
        return None
    if PIVOT in (source, target):
        return None
    return ModelRegistry([first, second], registry.settings)


def evaluate(
    registry: Registry,
    glossary: Glossary | None,
    references: Path,
    targets: Sequence[str],
    *,
    source: str = languages.SOURCE,
    limit: int | None = None,
    options: DecodingOptions | None = None,
    progress: ProgressHook | None = None,
) -> EvalReport:
    """Score every reachable target on the references, on the routes `translate` uses (and
    on the pivot where a direct package exists as well)."""
    sources = read_lines(reference_file(references, source), limit)
    units = [SourceUnit(f"s{i}", text) for i, text in enumerate(sources)]
    shields = {u.key: protect(u.text, glossary) for u in units}
    report = EvalReport()
    references_of = {}
    for target in targets:
        expected = read_lines(reference_file(references, target), limit)
        if len(expected) != len(sources):
            raise VielfaltError(
                f"{references}: {target} has {len(expected)} lines, {source} {len(sources)}"
            )
        references_of[target] = expected
    reachable = []
    for target in targets:
        try:
            registry.route(source, target)
            reachable.append(target)
        except ModelNotFound:  # reported as missing; any other error is the user's to see
            report.missing.append(target)
    # The routes the pipeline uses, in one batched run as `translate` does (de→en once).
    runs = [("default", reachable, registry)]
    for target in reachable:  # and the pivot, where a direct package exists
        pivot = _pivot_only(registry, source, target)
        if pivot is not None:
            runs.append(("pivot", [target], pivot))
    for _label, wanted, route_registry in runs:
        if not wanted:
            continue
        started = time.perf_counter()
        run = translate_protected(
            units, wanted, route_registry, glossary, source_language=source,
            options=options, stats=RunStats(), progress=progress,
        )  # fmt: skip
        speed = len(run.translations) / max(time.perf_counter() - started, 1e-9)
        for target in wanted:
            results = [r for r in run.translations if r.target == target]
            score = _score(target, results, references_of[target], shields, speed, report)
            report.scores.append(score)
    return report


def _score(target, results, expected, shields, speed, report) -> RouteScore:
    import sacrebleu

    outputs = [r.text for r in results]
    chrf, bleu = sacrebleu.metrics.CHRF(), sacrebleu.metrics.BLEU()
    chrf_score = chrf.corpus_score(outputs, [expected])
    bleu_score = bleu.corpus_score(outputs, [expected])
    report.chrf_signature = str(chrf.get_signature())
    report.bleu_signature = str(bleu.get_signature())
    with_terms = [(r, shields[r.unit_key]) for r in results if shields[r.unit_key].matches]
    hits = sum(
        all(m.term.target(target, m.surface) in r.text for m in shield.matches)
        for r, shield in with_terms
    )
    route = results[0].route if results else ()
    return RouteScore(
        target,
        "direct" if len(route) == 1 else "pivot",
        " → ".join(route),
        len(results),
        round(chrf_score.score, 1),
        round(bleu_score.score, 1),
        hits / len(with_terms) if with_terms else None,
        len(with_terms),
        sum("placeholder-fallback" in r.flags for r in results) / max(len(results), 1),
        sum("repetition-loop" in r.flags for r in results) / max(len(results), 1),
        speed,
        any(r.demo for r in results),
    )
