"""MT throughput against the real peers, in one run, on equal settings.

Workload: NTREX-128 German sentences (shared/data/ntrex128/deu.txt.gz), grouped into
paragraphs of up to three sentences per document, into eight targets. Models: generated
packages of real Argos size (transformer base: 6+6 layers, d_model 512, FFN 2048, 8 heads,
~32k SentencePiece vocabulary, int8, random weights) for de→en and en→X, the topology of the
real Argos index. Random weights translate nothing; the work per token is that of a real
model, and every contender decodes with the same beam (4), length penalty (0.2, Argos's) and
the same fixed cap, so all do equal work per sentence.

Contenders, each measured on its own (peak RSS of every process involved):
  engine        vielfalt's local engine (translate_units), as `vielfalt translate` runs it
  vielfalt-lt1  vielfalt over one LibreTranslate server (--threads 1)
  vielfalt-lt2  vielfalt over two LibreTranslate servers (--threads 1 each)
  argos         real Argos Translate translate() (argos-translate-lt, LibreTranslate's
                environment) called as a user would: paragraph by paragraph, target after
                target; its MiniSBD splitter replaced by vielfalt's sentences (the packages'
                splitter is vielfalt's hand-set one anyway), the cap injected into
                translate_batch
  libretranslate  a LibreTranslate server (--threads 1) driven as its users drive it: POST
                /translate with q batches of 32 paragraphs, target after target (the cap
                injected by a launcher; LibreTranslate has no such option)
  raw           the fair CTranslate2 ceiling: each distinct sentence once per model, sorted by
                length, one translate_batch per model with batch_type "tokens" and the engine's
                token budget; de→en computed once and its distinct outputs fed to en→X

    uv run python bench/mt_throughput.py [--limit N] [--cap TOKENS] [--variants a,b,…]
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
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ntrex128"
TARGETS = ("en", "fr", "ro", "bg", "pl", "tr", "ru", "ar")
VOCAB = 32000
VARIANTS = ("engine", "vielfalt-lt1", "vielfalt-lt2", "argos", "libretranslate", "raw")
sys.path.insert(0, str(ROOT / "tests"))  # ltserver: LibreTranslate's environment and servers


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
    from pipeline.mt.demo_models import build_sentencepiece

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

    from pipeline.mt.demo_models import save_int8

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
    save_int8(spec, pieces, output)


def prepare(directory: Path) -> Path:
    """Package folders de_en and en_X (the en→X ones share one model through a symlink), each
    with vielfalt's hand-set MiniSBD splitter so that LibreTranslate downloads nothing."""
    from minisbd import build_minisbd  # tests/minisbd.py

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
        metadata = {
            "from_code": source, "to_code": target, "package_version": "bench",
            "from_name": source, "to_name": target, "type": "translate",
        }  # fmt: skip
        (package / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
        build_minisbd(package, source)
    (models / "ready").write_text("")
    return models


def _result(variant: str, sentences: int, seconds: float, rss_mb: float, **extra) -> dict:
    return {
        "variant": variant,
        "sentences": sentences,
        "seconds": seconds,
        "sentences_per_second": sentences * len(TARGETS) / seconds,
        "peak_rss_mb": rss_mb,
        **extra,
    }


def _own_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_local(variant: str, models: Path, limit: int, cap: int, threads: int) -> dict:
    """engine or raw, in this process."""
    from pipeline.config import EngineConfig
    from pipeline.mt.engine import DecodingOptions, SourceUnit, translate_units
    from pipeline.mt.local import ModelRegistry
    from pipeline.mt.packages import find_packages

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

        def translate(package, batch: list[str]) -> list[str]:
            translator, tokenizer = registry.load(package)
            results = translator.translate_batch(
                [tokenizer.encode(s) for s in batch],
                max_batch_size=options.max_batch_tokens,
                batch_type="tokens",
                beam_size=options.beam_size,
                length_penalty=options.length_penalty,
                replace_unknowns=True,
                max_decoding_length=cap,
            )
            return [tokenizer.decode(r.hypotheses[0]) for r in results]

        unique = sorted(dict.fromkeys(sentences), key=len)
        english = translate(route["en"][0], unique)
        distinct = sorted(dict.fromkeys(english), key=len)
        for target in TARGETS[1:]:
            translate(route[target][1], distinct)
    return _result(variant, len(sentences), time.perf_counter() - started, _own_rss_mb())


def run_over_libretranslate(
    variant: str, models: Path, limit: int, cap: int, workdir: Path
) -> dict:
    """vielfalt over 1 or 2 servers, or a server driven directly as its users do."""
    from ltserver import Server, cached_environment

    environment = cached_environment()
    count = 2 if variant == "vielfalt-lt2" else 1
    servers = [
        Server(environment, models, workdir / f"lt-home-{i}", threads=1, cap=cap)
        for i in range(count)
    ]
    try:
        paragraphs = load_paragraphs(limit)
        sentences = [s for p in paragraphs for s in p]
        started = time.perf_counter()
        if variant == "libretranslate":
            texts = [" ".join(p) for p in paragraphs]
            for target in TARGETS:
                for i in range(0, len(texts), 32):
                    body = {"q": texts[i : i + 32], "source": "de", "target": target}
                    request = urllib.request.Request(
                        servers[0].url + "/translate",
                        data=json.dumps(body).encode(),
                        headers={"Content-Type": "application/json"},
                    )
                    with urllib.request.urlopen(request, timeout=3600) as response:
                        json.loads(response.read())
        else:
            from pipeline.config import EngineConfig
            from pipeline.mt.engine import DecodingOptions, SourceUnit, translate_units
            from pipeline.mt.libretranslate import RemoteRegistry

            config = EngineConfig(
                backend="libretranslate",
                servers=tuple(s.url for s in servers),
                timeout=3600,
                server_concurrency=1,
            )
            registry = RemoteRegistry(config)
            units = [SourceUnit(f"p{i}", " ".join(p)) for i, p in enumerate(paragraphs)]
            translate_units(units, TARGETS, registry, options=DecodingOptions())
        seconds = time.perf_counter() - started
        server_rss = [s.peak_rss_mb() or 0.0 for s in servers]
    finally:
        for server in servers:
            server.stop()
    return _result(
        variant,
        len(sentences),
        seconds,
        _own_rss_mb() + sum(server_rss),
        servers_rss_mb=server_rss,
    )


ARGOS_USER = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
import ctranslate2
original = ctranslate2.Translator.translate_batch
def capped(self, *args, **kwargs):
    kwargs["max_decoding_length"] = {cap}
    return original(self, *args, **kwargs)
ctranslate2.Translator.translate_batch = capped
from pipeline.units.segment import split_sentences  # vielfalt's sentences, pure Python
from argostranslate import sbd, translate
sbd.MiniSBDSentencizer.split_sentences = lambda self, text: list(
    p for p in split_sentences(text).parts if p.strip()
)
paragraphs = json.loads(sys.stdin.read())
for target in {targets!r}:  # load every model before the clock starts
    translate.translate("Start.", "de", target)
started = time.perf_counter()
for paragraph in paragraphs:
    for target in {targets!r}:
        translate.translate(paragraph, "de", target)
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": seconds,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_argos(models: Path, limit: int, cap: int, workdir: Path) -> dict:
    """Real Argos Translate translate() in LibreTranslate's environment, as a user calls it."""
    from ltserver import cached_environment, sandbox

    environment = cached_environment()
    paragraphs = load_paragraphs(limit)
    env = sandbox(workdir / "argos-home", models)
    script = ARGOS_USER.format(root=str(ROOT), cap=cap, targets=list(TARGETS))
    output = subprocess.run(
        [str(environment / "bin" / "python"), "-c", script],
        input=json.dumps([" ".join(p) for p in paragraphs]),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    figures = json.loads(output.stdout.strip().splitlines()[-1])
    return _result("argos", sum(len(p) for p in paragraphs), figures["seconds"], figures["rss"])


def run_variant(variant: str, models: Path, limit: int, cap: int, threads: int, workdir: Path):
    if variant in ("engine", "raw"):
        return run_local(variant, models, limit, cap, threads)
    if variant == "argos":
        return run_argos(models, limit, cap, workdir)
    return run_over_libretranslate(variant, models, limit, cap, workdir)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100, help="German sentences to use")
    parser.add_argument("--cap", type=int, default=32, help="max decoding length (all variants)")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 intra threads (0: all)")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "vielfalt-bench"
    )
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()
    models = prepare(args.workdir)
    if args.variant:
        result = run_variant(args.variant, models, args.limit, args.cap, args.threads, args.workdir)
        print(json.dumps(result))
        return 0
    print(
        f"workload: {args.limit} German sentences × {len(TARGETS)} targets, beam 4, length "
        f"penalty 0.2, decoding cap {args.cap} tokens; models: generated transformer base int8 "
        f"(random weights); {os.cpu_count()} cores"
    )
    results = {}
    for variant in args.variants.split(","):
        output = subprocess.run(
            [
                sys.executable, __file__, "--variant", variant, "--limit", str(args.limit),
                "--cap", str(args.cap), "--threads", str(args.threads),
                "--workdir", str(args.workdir),
            ],
            check=True, capture_output=True, text=True, env=os.environ,
        )  # fmt: skip
        result = json.loads(output.stdout.strip().splitlines()[-1])
        results[variant] = result
        print(
            f"{variant:15} {result['seconds']:8.1f} s  {result['sentences_per_second']:8.2f} "
            f"sentence-translations/s  peak RSS {result['peak_rss_mb']:7.0f} MB"
        )
    report_ratios(results)
    return 0


def report_ratios(results: dict) -> None:
    def ratio(a: str, b: str, key: str = "sentences_per_second") -> float | None:
        if a in results and b in results:
            return results[a][key] / results[b][key]
        return None

    checks = [
        ("engine / raw ceiling (speed)", ratio("engine", "raw"), 1.0, True),
        ("engine / raw ceiling (peak RSS)", ratio("engine", "raw", "peak_rss_mb"), 1.1, False),
        ("engine / Argos translate()", ratio("engine", "argos"), 8.0, True),
        ("engine / LibreTranslate server", ratio("engine", "libretranslate"), 15.0, True),
        ("vielfalt over 2 servers / over 1", ratio("vielfalt-lt2", "vielfalt-lt1"), 1.7, True),
    ]
    for label, value, target, at_least in checks:
        if value is None:
            continue
        met = value >= target if at_least else value <= target
        sign = "≥" if at_least else "≤"
        print(f"{label}: {value:.2f}×  (target {sign} {target:g}×: {'met' if met else 'NOT met'})")


if __name__ == "__main__":
    raise SystemExit(main())
