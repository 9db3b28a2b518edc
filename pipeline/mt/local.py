"""The local backend: Argos Translate packages run on CTranslate2 in this process.

`ModelRegistry` owns the loaded models (each loaded once, least recently used unloaded past
`[engine] max_loaded_mb`) and answers the engine's `Registry` interface (`pipeline.mt.engine`);
`CTranslate2Model` translates sentences with one package, as Argos Translate would.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict

from pipeline.config import EngineConfig
from pipeline.errors import ModelError, ModelNotFound
from pipeline.mt.engine import PIVOT, DecodingOptions, ProgressHook, SentenceResult
from pipeline.mt.packages import ModelPackage
from pipeline.units.loops import is_loop

log = logging.getLogger(__name__)


def default_threads() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count)."""
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


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
