"""The offline MT engine: many units × many languages in one batched run.

Each model translates *all* sentences of the run at once (deduplicated, cached, sorted by
length, in length buckets so decoding can be capped relative to the source). German→English
is computed once and reused for English and for every en→X model of the pivot route.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from pipeline import settings
from pipeline.config import EngineConfig
from pipeline.detect import dominant_script, script_of
from pipeline.errors import ModelError, ModelNotFound
from pipeline.loops import is_loop
from pipeline.mt.cache import MTCache
from pipeline.mt.packages import ModelPackage
from pipeline.segment import Sentences, split_sentences

log = logging.getLogger(__name__)
PIVOT = "en"

#: `(stage, done, total)`: how long runs report progress; the CLI draws bars from it.
ProgressHook = Callable[[str, int, int], None]



def default_threads() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count)."""
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )

@dataclass(frozen=True)
class DecodingOptions:
    """Defaults as Argos Translate's `translate()` (beam 4, replace unknowns, length
    penalty 0.2), plus a length cap."""

    beam_size: int = settings.default("engine", "beam_size")
    replace_unknowns: bool = True
    length_penalty: float = 0.2
    #: decoding stops after ratio × source tokens + extra (guards against repetition loops)
    length_ratio: float = settings.default("engine", "length_ratio")
    length_extra: int = 10
    max_batch_tokens: int = 1024
    #: sentences longer than this many tokens are cut at word boundaries before MT
    max_sentence_tokens: int = 100

    def key(self) -> str:
        return hashlib.sha1(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class SentenceResult:
    text: str
    score: float
    flags: tuple[str, ...] = ()


class SentenceTranslator(Protocol):
    """What the engine needs of a model: translate many sentences at once."""

    ident: str

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]: ...


class Hop(Protocol):
    """One step of a route: an installed package or a pair served by LibreTranslate."""

    @property
    def ident(self) -> str: ...
    @property
    def pair(self) -> tuple[str, str]: ...
    @property
    def from_code(self) -> str: ...
    @property
    def to_code(self) -> str: ...
    @property
    def demo(self) -> bool: ...
    @property
    def generated(self) -> str | None: ...
    @property
    def label(self) -> str: ...


class Registry(Protocol):
    """Where models come from: installed packages (`ModelRegistry`) or LibreTranslate servers
    (`remote.RemoteRegistry`). Both implement exactly this; the engine needs nothing else."""

    @property
    def packages(self) -> Sequence[Hop]: ...

    def package_for(self, source: str, target: str) -> Hop | None: ...

    def route(self, source: str, target: str) -> Sequence[Hop]: ...

    def translator(
        self,
        package: Any,  # the registry's own hop type
        options: DecodingOptions | None = None,
        progress: ProgressHook | None = None,
    ) -> SentenceTranslator: ...


# ---------------------------------------------------------------- CTranslate2 models


class ModelRegistry:
    """Owns loaded models: each loaded once, least recently used unloaded past the bound."""

    def __init__(self, packages: list[ModelPackage], settings: EngineConfig | None = None) -> None:
        self.settings = settings or EngineConfig()
        self.packages = packages
        self._by_pair: dict[tuple[str, str], ModelPackage] = {}
        for package in packages:  # earlier (workspace) packages win
            self._by_pair.setdefault(package.pair, package)
        self._loaded: OrderedDict[str, tuple[object, object, int]] = OrderedDict()
        self.loads = 0

    def package_for(self, source: str, target: str) -> ModelPackage | None:
        return self._by_pair.get((source, target))

    def route(self, source: str, target: str) -> list[ModelPackage]:
        """Direct model if installed, else source→English→target."""
        direct = self.package_for(source, target)
        if direct is not None:
            return [direct]
        first, second = self.package_for(source, PIVOT), self.package_for(PIVOT, target)
        if source != PIVOT and target != PIVOT and first is not None and second is not None:
            return [first, second]
        raise ModelNotFound(source, target)

    def translator(
        self,
        package: ModelPackage,
        options: DecodingOptions | None = None,
        progress: ProgressHook | None = None,
    ) -> CTranslate2Model:
        return CTranslate2Model(package, self, options, progress)

    def load(self, package: ModelPackage) -> tuple[object, object]:
        """The ctranslate2.Translator and tokenizer of a package, loading it on first use."""
        key = str(package.path)
        if key in self._loaded:
            self._loaded.move_to_end(key)
            translator, tokenizer, _ = self._loaded[key]
            return translator, tokenizer
        import ctranslate2
        from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

        size = (package.model_dir / "model.bin").stat().st_size
        bound = self.settings.max_loaded_mb * 1_000_000
        while self._loaded and sum(s for *_, s in self._loaded.values()) + size > bound:
            evicted, _ = self._loaded.popitem(last=False)
            log.info("unloaded %s (memory bound %d MB)", evicted, self.settings.max_loaded_mb)
        compute_type = self.settings.compute_type
        if compute_type == "default" and package.generated:
            # Generated models hold exact one-hot weights; at their shape, quantising
            # activations to int8 costs more time than it saves.
            compute_type = "float32"
        try:
            translator = ctranslate2.Translator(
                str(package.model_dir),
                device=self.settings.device,
                compute_type=compute_type,
                inter_threads=self.settings.inter_threads,
                intra_threads=self.settings.intra_threads or default_threads(),
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(
                package.model_dir, None, f"CTranslate2 cannot load the model: {exc}"
            ) from None
        try:
            if package.tokenizer_kind == "sentencepiece":
                tokenizer = SentencePieceTokenizer(package.tokenizer_path)
                tokenizer.lazy_processor()  # load now: a corrupt model fails here, clearly
            else:
                tokenizer = BPETokenizer(package.tokenizer_path, package.from_code, package.to_code)
        except Exception as exc:  # sentencepiece and subword-nmt raise anything on bad files
            raise ModelError(
                package.tokenizer_path, None, f"the tokenizer cannot be loaded: {exc}"
            ) from None
        self._loaded[key] = (translator, tokenizer, size)
        self.loads += 1
        return translator, tokenizer

    def loaded(self) -> list[str]:
        return list(self._loaded)


def _decode(tokenizer: object, tokens: list[str]) -> str:
    from argostranslate.tokenizer import SentencePieceTokenizer

    if isinstance(tokenizer, SentencePieceTokenizer):
        # Argos also turns "_" into spaces, which corrupts e-mail addresses; vielfalt does not.
        text = tokenizer.lazy_processor().decode_pieces(tokens).replace("▁", " ")
    else:
        text = tokenizer.decode(tokens)  # type: ignore[attr-defined]
    return " ".join(text.split())  # one sentence: no runs of spaces, no edges


class CTranslate2Model:
    """One package run on CTranslate2; the model is loaded through the registry on first use."""

    def __init__(
        self,
        package: ModelPackage,
        registry: ModelRegistry,
        options: DecodingOptions | None = None,
        progress: ProgressHook | None = None,
    ) -> None:
        self.package = package
        self.registry = registry
        self.options = options or DecodingOptions()
        self.ident = package.ident
        self.progress = progress

    def _split_long(self, tokens: list[str]) -> list[list[str]]:
        limit = self.options.max_sentence_tokens
        if len(tokens) <= limit:
            return [tokens]
        pieces: list[list[str]] = []
        current: list[str] = []
        for token in tokens:
            if len(current) >= limit and token.startswith("▁"):
                pieces.append(current)
                current = []
            current.append(token)
            if len(current) >= limit + limit // 4:  # no word boundary for a long stretch
                pieces.append(current)
                current = []
        if current:
            pieces.append(current)
        return pieces

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        """Translate all sentences in as few translate_batch calls as their caps allow."""
        translator, tokenizer = self.registry.load(self.package)
        options = self.options
        # Each sentence becomes one or more token sequences (long ones are cut).
        jobs: list[list[str]] = []
        owners: list[int] = []
        for index, sentence in enumerate(sentences):
            tokens = tokenizer.encode(sentence)  # type: ignore[attr-defined]
            for chunk in self._split_long(tokens) if tokens else [[]]:
                jobs.append(chunk)
                owners.append(index)
        outputs: list[tuple[list[str], float, tuple[str, ...]]] = [([], 0.0, ())] * len(jobs)
        order = sorted((i for i in range(len(jobs)) if jobs[i]), key=lambda i: len(jobs[i]))
        prefix = [self.package.target_prefix] if self.package.target_prefix else None

        # Cap buckets: sentences share one call while their own caps stay within twice the
        # bucket's first, so a looping short sentence decodes at most twice its own cap; inside
        # a call CTranslate2 batches by tokens itself. Few calls keep both cores busy.
        def cap_for(length: int) -> int:
            return int(options.length_ratio * length + options.length_extra)

        start = 0
        while start < len(order):
            first = cap_for(len(jobs[order[start]]))
            end = start
            while end < len(order) and cap_for(len(jobs[order[end]])) <= 2 * first:
                end += 1
            bucket = order[start:end]
            cap = cap_for(len(jobs[bucket[-1]]))
            results = translator.translate_batch(  # type: ignore[attr-defined]
                [jobs[i] for i in bucket],
                target_prefix=[prefix for _ in bucket] if prefix else None,
                max_batch_size=options.max_batch_tokens,
                batch_type="tokens",
                beam_size=options.beam_size,
                replace_unknowns=options.replace_unknowns,
                length_penalty=options.length_penalty,
                max_decoding_length=cap,
                return_scores=True,
            )
            for i, result in zip(bucket, results, strict=True):
                tokens = list(result.hypotheses[0])
                if prefix and tokens[:1] == prefix:
                    tokens = tokens[1:]
                hop_flags: list[str] = []
                own_cap = cap_for(len(jobs[i]))
                if len(tokens) >= own_cap:
                    hop_flags.append("length-cap")
                    tokens = tokens[:own_cap]
                if is_loop(tokens):
                    hop_flags.append("repetition-loop")
                score = float(result.scores[0]) if result.scores else 0.0
                outputs[i] = (tokens, score, tuple(hop_flags))
            start = end
            if self.progress is not None:
                self.progress(f"MT {self.ident}", start, len(order))
        # Reassemble sentences from their chunks (chunks of a sentence are consecutive).
        chunks: list[list[tuple[list[str], float, tuple[str, ...]]]] = [[] for _ in sentences]
        for owner, output in zip(owners, outputs, strict=True):
            chunks[owner].append(output)
        merged: list[SentenceResult] = []
        for parts in chunks:
            text = " ".join(filter(None, (_decode(tokenizer, p[0]) for p in parts)))
            flags: tuple[str, ...] = tuple(dict.fromkeys(f for p in parts for f in p[2]))
            if len(parts) > 1:
                flags += ("long-sentence-split",)
            score = sum(p[1] for p in parts) / len(parts)
            merged.append(SentenceResult(text, score, flags))
        return merged


class CachedTranslator:
    """Wraps a translator with the persistent MT cache; only unseen sentences reach the model."""

    def __init__(self, inner: SentenceTranslator, cache: MTCache, options_key: str) -> None:
        self.inner = inner
        self.cache = cache
        self.options_key = options_key
        self.ident = inner.ident
        own_key = getattr(inner, "cache_key", None)  # remote models name their own identity
        package = getattr(inner, "package", None)
        try:  # other weights under the same name and version are another model for the cache
            info = (package.model_dir / "model.bin").stat() if own_key is None and package else None
        except (OSError, AttributeError):
            info = None
        self.cache_key = own_key or (
            f"{inner.ident}#{info.st_size}:{info.st_mtime_ns}" if info else inner.ident
        )

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        known = self.cache.get_many(self.cache_key, self.options_key, sentences)
        missing = list(dict.fromkeys(s for s in sentences if s not in known))
        if missing:
            fresh = self.inner.translate_sentences(missing)
            rows = [(s, r.text, r.score, r.flags) for s, r in zip(missing, fresh, strict=True)]
            self.cache.put_many(self.cache_key, self.options_key, rows)
            for source, text, score, flags in rows:
                known[source] = (text, score, flags)
        return [SentenceResult(*known[s]) for s in sentences]


# ---------------------------------------------------------------- units × languages


@dataclass(frozen=True)
class SourceUnit:
    """What the engine translates: a unit's text; `translate=False` passes it through."""

    key: str
    text: str
    translate: bool = True


@dataclass(frozen=True)
class UnitTranslation:
    unit_key: str
    target: str
    text: str
    route: tuple[str, ...]  # model idents, e.g. ("de-en@1.0", "en-fr@1.0")
    demo: bool
    score: float
    flags: tuple[str, ...] = field(default_factory=tuple)
    #: reasons for review, in words (placeholder problems, missing terms)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def route_label(self) -> str:
        return " → ".join(self.route) if self.route else "passed through"


@dataclass
class RunStats:
    sentences: int = 0
    unique_sentences: int = 0
    model_calls: dict[str, int] = field(default_factory=dict)


def translate_units(
    units: list[SourceUnit],
    targets: Sequence[str],
    registry: Registry,
    *,
    source_language: str = "de",
    options: DecodingOptions | None = None,
    cache: MTCache | None = None,
    wrap: Callable[[SentenceTranslator], SentenceTranslator] | None = None,
    stats: RunStats | None = None,
    progress: ProgressHook | None = None,
) -> list[UnitTranslation]:
    """Translate every unit into every target; one batched call set per model for the whole run.

    A target without any route raises ModelNotFound before anything is translated.
    `wrap` lets callers (glossary protection, fault injection) wrap each model.
    """
    options = options or DecodingOptions()
    stats = stats if stats is not None else RunStats()
    routes = {target: registry.route(source_language, target) for target in targets}

    def model_for(package: Hop) -> SentenceTranslator:
        model: SentenceTranslator = registry.translator(package, options, progress)
        if cache is not None:
            model = CachedTranslator(model, cache, options.key())
        return wrap(model) if wrap else model

    split = {unit.key: split_sentences(unit.text) for unit in units}
    source_sentences = list(
        dict.fromkeys(s for u in units if u.translate for s in split[u.key].parts if s.strip())
    )
    stats.sentences = sum(len(split[u.key].parts) for u in units if u.translate)
    stats.unique_sentences = len(source_sentences)
    runner = _RouteRunner(source_sentences, model_for, stats)
    out: list[UnitTranslation] = []
    for target, route in routes.items():
        results = runner.run(tuple(route))
        out += [_assemble(unit, target, route, split[unit.key], results) for unit in units]
    return out


class _RouteRunner:
    """Runs every distinct model once over all it has to translate, first hops first, so
    German→English is computed once for English and for every pivot target."""

    def __init__(
        self,
        sentences: list[str],
        model_for: Callable[[Hop], SentenceTranslator],
        stats: RunStats,
    ) -> None:
        self.sentences = sentences
        self.model_for = model_for
        self.stats = stats
        self.memo: dict[tuple[str, ...], dict[str, SentenceResult]] = {}

    def run(self, route: tuple[Hop, ...]) -> dict[str, SentenceResult]:
        key = tuple(p.ident for p in route)
        if key in self.memo:
            return self.memo[key]
        earlier = self.run(route[:-1]) if len(route) > 1 else None
        inputs = {s: earlier[s].text if earlier else s for s in self.sentences}
        package = route[-1]
        unique = list(dict.fromkeys(t for t in inputs.values() if t.strip()))
        translated = self.model_for(package).translate_sentences(unique)
        results = dict(zip(unique, translated, strict=True))
        self.stats.model_calls[package.ident] = self.stats.model_calls.get(package.ident, 0) + 1
        combined: dict[str, SentenceResult] = {}
        for source, middle in inputs.items():
            last = results.get(middle, SentenceResult("", 0.0, ("empty-intermediate",)))
            if earlier is None:
                combined[source] = last
            else:
                first = earlier[source]
                combined[source] = SentenceResult(
                    last.text,
                    first.score + last.score,
                    tuple(dict.fromkeys(first.flags + last.flags)),
                )
        self.memo[key] = combined
        return combined


def _assemble(
    unit: SourceUnit,
    target: str,
    route: Sequence[Hop],
    sentences: Sentences,
    results: dict[str, SentenceResult],
) -> UnitTranslation:
    """A unit's translation from its sentences' results; the output's script is checked
    against the target's (a Russian output in Latin letters is flagged)."""
    idents = tuple(p.ident for p in route)
    demo = any(p.demo or p.generated for p in route)
    if not unit.translate:
        return UnitTranslation(unit.key, target, unit.text, (), False, 0.0, ("passed-through",))
    if not unit.text.strip():
        return UnitTranslation(unit.key, target, unit.text, idents, demo, 0.0, ("empty",))
    spoken = [s for s in sentences.parts if s.strip()]
    text = sentences.join([results[s].text if s.strip() else s for s in sentences.parts])
    flags = [f for s in spoken for f in results[s].flags]
    script = dominant_script(text)
    if script is not None and script != script_of(target):
        flags.append("unexpected-script")
    score = sum(results[s].score for s in spoken) / len(spoken) if spoken else 0.0
    return UnitTranslation(unit.key, target, text, idents, demo, score, tuple(dict.fromkeys(flags)))
