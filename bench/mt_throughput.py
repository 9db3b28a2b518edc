"""MT throughput: vielfalt's engine against Argos Translate's call pattern and the raw ceiling.

Workload: NTREX-128 German sentences (shared/data/ntrex128/deu.txt.gz) into eight targets.
Models: generated packages of real Argos size (transformer base: 6+6 layers, d_model 512,
FFN 2048, 8 heads, ~32k SentencePiece vocabulary, int8, random weights) for de→en and en→X,
the topology of the real Argos index. Random weights translate nothing; the work per token is
that of a real model. Every variant decodes with the same fixed cap, so all do equal work.

Variants, each in its own process (for a clean peak RSS), on the same models and settings:
  engine  vielfalt's translate_units: all sentences per model at once, de→en shared
  argos   Argos Translate's pattern: one translate_batch per paragraph per target
          (max_batch_size 32), de→en recomputed for every pivot target
  raw     one translate_batch over all sentences per model, de→en shared: the ceiling

    uv run python bench/mt_throughput.py [--limit N] [--cap TOKENS]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ntrex128"
TARGETS = ("en", "fr", "ro", "bg", "pl", "tr", "ru", "ar")
VOCAB = 32000


def load_paragraphs(limit: int) -> list[list[str]]:
    """Sentences grouped into paragraphs of up to three within each NTREX document."""
    with gzip.open(DATA / "deu.txt.gz", "rt", encoding="utf-8") as handle:
        sentences = [line.strip() for line in handle][:limit]
    documents = (DATA / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").split()
    paragraphs: list[list[str]] = []
    for index, sentence in enumerate(sentences):
        if paragraphs and documents[index] == documents[index - 1] and len(paragraphs[-1]) < 3:
            paragraphs[-1].append(sentence)
        else:
            paragraphs.append([sentence])
    return paragraphs


def build_tokenizer() -> bytes:
    """A 32k-piece SentencePiece model: characters and whole words of NTREX in all languages."""
    from pipeline.modelbuild import build_sentencepiece

    words: dict[str, None] = {}
    for name in ("deu", "eng", "fra", "ron", "bul", "pol", "tur", "rus", "arb"):
        with gzip.open(DATA / f"{name}.txt.gz", "rt", encoding="utf-8") as handle:
            for line in handle:
                words.update(dict.fromkeys(line.split()))
    chars = sorted({c for w in words for c in w})
    pieces = ["<unk>", "<s>", "</s>", "▁", *chars]
    pieces += [f"▁{w}" for w in words if f"▁{w}" not in pieces][: VOCAB - len(pieces)]
    pieces += [f"<extra{i}>" for i in range(VOCAB - len(pieces))]
    return build_sentencepiece(pieces), pieces


def build_base_model(pieces: list[str], output: Path, seed: int) -> None:
    """Transformer base with random weights, saved int8 as Argos models are."""
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config(6, 8)
    d, ffn = 512, 2048

    def fill(layer_spec) -> None:
        for name, value in list(vars(layer_spec).items()):
            if name.startswith("_"):
                continue
            if isinstance(value, list):
                for item in value:
                    if hasattr(item, "__dict__"):
                        fill(item)
            elif hasattr(value, "__dict__") and not isinstance(value, (np.ndarray, np.generic)):
                fill(value)
        cls = type(layer_spec).__name__
        if cls == "LayerNormSpec":
            layer_spec.gamma = np.ones(d, dtype=np.float32)
            layer_spec.beta = np.zeros(d, dtype=np.float32)

    fill(spec)

    def linear(layer, rows: int, cols: int) -> None:
        layer.weight = rng.normal(0, 0.05, (rows, cols)).astype(np.float32)
        layer.bias = np.zeros(rows, dtype=np.float32)

    for layer in spec.encoder.layer:
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        linear(layer.ffn.linear_0, ffn, d)
        linear(layer.ffn.linear_1, d, ffn)
    for layer in spec.decoder.layer:
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
        linear(layer.ffn.linear_0, ffn, d)
        linear(layer.ffn.linear_1, d, ffn)
    embeddings = rng.normal(0, 1.0, (VOCAB, d)).astype(np.float32)
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings.copy()
    linear(spec.decoder.projection, VOCAB, d)
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize(quantization="int8")
    output.mkdir(parents=True, exist_ok=True)
    spec.save(str(output))


def prepare(directory: Path) -> Path:
    """Package folders de_en and en_X (the en→X ones share one model through a symlink)."""
    models = directory / "models"
    if (models / "ready").exists():
        return models
    sp_model, pieces = build_tokenizer()
    build_base_model(pieces, directory / "weights" / "de_en", seed=1)
    build_base_model(pieces, directory / "weights" / "en_xx", seed=2)
    for source, target in [("de", "en")] + [("en", t) for t in TARGETS[1:]]:
        package = models / f"bench-{source}_{target}"
        package.mkdir(parents=True, exist_ok=True)
        weights = directory / "weights" / ("de_en" if source == "de" else "en_xx")
        (package / "model").symlink_to(weights)
        (package / "sentencepiece.model").write_bytes(sp_model)
        metadata = {"from_code": source, "to_code": target, "package_version": "bench"}
        (package / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    (models / "ready").write_text("")
    return models


def run_variant(variant: str, models: Path, limit: int, cap: int, threads: int) -> dict:
    from pipeline.config import EngineConfig
    from pipeline.engine import (
        DecodingOptions,
        ModelRegistry,
        SourceUnit,
        translate_units,
    )
    from pipeline.models import find_packages

    paragraphs = load_paragraphs(limit)
    packages, problems = find_packages([(models, "workspace")])
    assert not problems, problems
    registry = ModelRegistry(packages, EngineConfig(intra_threads=threads))
    options = DecodingOptions(length_ratio=0.0, length_extra=cap)
    sentences = [s for p in paragraphs for s in p]
    for package in packages:  # load time is not part of the measurement
        registry.load(package)
    started = time.perf_counter()
    if variant == "engine":
        units = [SourceUnit(f"p{i}", " ".join(p)) for i, p in enumerate(paragraphs)]
        translate_units(units, TARGETS, registry, options=options)
    else:
        route = {t: registry.route("de", t) for t in TARGETS}

        def translate(package, batch: list[str], max_batch_size: int, batch_type: str) -> list[str]:
            translator, tokenizer = registry.load(package)
            tokens = [tokenizer.encode(s) for s in batch]
            results = translator.translate_batch(
                tokens,
                max_batch_size=max_batch_size,
                batch_type=batch_type,
                beam_size=options.beam_size,
                replace_unknowns=True,
                max_decoding_length=cap,
                return_scores=True,
            )
            return [tokenizer.decode(r.hypotheses[0]) for r in results]

        if variant == "argos":
            for paragraph in paragraphs:
                for target in TARGETS:
                    english = translate(route[target][0], paragraph, 32, "examples")
                    if len(route[target]) == 2:
                        translate(route[target][1], english, 32, "examples")
        else:  # raw ceiling
            ordered = sorted(sentences, key=len)
            english = translate(route["en"][0], ordered, options.max_batch_tokens, "tokens")
            for target in TARGETS[1:]:
                translate(route[target][1], english, options.max_batch_tokens, "tokens")
    elapsed = time.perf_counter() - started
    return {
        "variant": variant,
        "sentences": len(sentences),
        "seconds": elapsed,
        "sentences_per_second": len(sentences) * len(TARGETS) / elapsed,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1997, help="German sentences to use")
    parser.add_argument("--cap", type=int, default=32, help="max decoding length (all variants)")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 intra threads (0: all)")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "vielfalt-bench"
    )
    parser.add_argument("--variant", choices=("engine", "argos", "raw"), help=argparse.SUPPRESS)
    parser.add_argument("--variants", default="engine,argos,raw")
    args = parser.parse_args()
    models = prepare(args.workdir)
    if args.variant:
        print(json.dumps(run_variant(args.variant, models, args.limit, args.cap, args.threads)))
        return 0
    print(
        f"workload: {args.limit} German sentences × {len(TARGETS)} targets, decoding cap "
        f"{args.cap} tokens, beam 4, models: generated transformer base int8 (random weights)"
    )
    results = {}
    for variant in args.variants.split(","):
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--variant",
                variant,
                "--limit",
                str(args.limit),
                "--cap",
                str(args.cap),
                "--threads",
                str(args.threads),
                "--workdir",
                str(args.workdir),
            ],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ,
        )
        result = json.loads(output.stdout.strip().splitlines()[-1])
        results[variant] = result
        print(
            f"{variant:7} {result['seconds']:8.1f} s  {result['sentences_per_second']:8.1f} "
            f"sentence-translations/s  peak RSS {result['peak_rss_mb']:7.0f} MB"
        )
    if "engine" in results and "argos" in results:
        ratio = results["engine"]["sentences_per_second"] / results["argos"]["sentences_per_second"]
        print(f"engine / Argos call pattern: {ratio:.2f}×  (target ≥ 5×)")
    if "engine" in results and "raw" in results:
        ratio = results["engine"]["sentences_per_second"] / results["raw"]["sentences_per_second"]
        print(f"engine / raw translate_batch ceiling: {ratio:.2f}×  (target ≥ 0.9×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
