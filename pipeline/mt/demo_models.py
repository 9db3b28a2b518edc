"""Build valid Argos Translate packages with hand-set CTranslate2 weights.

No real MT weights can be had offline, so vielfalt builds its own small models for
tests and the demo: a 1-layer pre-norm Transformer whose every weight is set by hand.

Layout of the model dimension d = V + P: V one-hot token dimensions, then P one-hot
position dimensions. Self-attention and feed-forward outputs are zero, so a token
passes through each layer unchanged. In cross-attention, queries and keys read only the
position dimensions, so decoder step t attends to source position t; values carry the
token dimensions through a V×V matrix M: the identity gives a *copy* model, a lexicon
gives a *word-for-word* model. With `add_source_eos`, the source's </s> is copied too,
which ends the output. Unknown characters come back through `replace_unknowns`.

The tokenizer is a SentencePiece unigram model built directly (identity normalisation,
so names and punctuation are kept exactly): every character is a piece, every known word
a whole piece with a better score, so known words are single tokens.
"""

from __future__ import annotations

import json
import os
import shutil
import string
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.fileio import current_umask

SPECIALS = ("<unk>", "<s>", "</s>")
#: lexicon value for "no word in this language" (articles in Russian, Turkish, …)
DROP = "∅"
WORD_SCORE = -1.0
CHAR_SCORE = -10.0
#: Characters every generated model knows, so text in any of vielfalt's languages
#: tokenizes into known pieces (anything else comes back via replace_unknowns).
BASE_ALPHABET = (
    string.ascii_letters
    + string.digits
    + string.punctuation
    + "ÄÖÜäöüßẞ„“”‚‘’«»–—…§€°·•×"
    + "ĂăÂâÎîȘșȚțŞşŢţ"  # Romanian
    + "ĄąĆćĘęŁłŃńÓóŚśŹźŻż"  # Polish
    + "ÇçĞğİıÖöŞşÜü"  # Turkish
    + "ÀÂÆÇÈÉÊËÎÏÔŒÙÛÜŸàâæçèéêëîïôœùûüÿ"  # French
    + "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"  # Cyrillic
    + "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيًٌٍَُِّْ،؛؟٠١٢٣٤٥٦٧٨٩"  # Arabic
)


@dataclass(frozen=True)
class ModelSpecification:
    """What to build: a language pair and a word mapping (empty mapping: a copy model)."""

    from_code: str
    to_code: str
    lexicon: Mapping[str, str]
    extra_words: tuple[str, ...] = ()
    package_version: str = "1.0"
    demo: bool = True
    position_dims: int = 128
    position_rows: int = 512

    @property
    def kind(self) -> str:
        return "lexicon" if self.lexicon else "copy"


def _pieces(spec: ModelSpecification) -> list[str]:
    """Vocabulary: specials, the space marker, characters, then whole words."""
    words: list[str] = []
    seen: set[str] = set()
    phrases = (*spec.lexicon.keys(), *spec.lexicon.values())
    singles = (part for word in spec.extra_words for part in word.split())
    for word in (*phrases, *singles):
        if word not in seen and word != DROP:
            seen.add(word)
            words.append(word)
    chars = sorted(set(BASE_ALPHABET) | {c for w in words for c in w} - {" "})
    return [*SPECIALS, "▁", *chars, *(_piece(w) for w in words)]


def _piece(phrase: str) -> str:
    """A word or phrase as one piece: "zum" -> "▁zum", "to the" -> "▁to▁the", "∅" -> "▁"."""
    if phrase == DROP:
        return "▁"
    return "▁" + "▁".join(phrase.split())


def build_sentencepiece(pieces: list[str]) -> bytes:
    """A SentencePiece unigram model proto with the given pieces (identity normalisation)."""
    from sentencepiece import sentencepiece_model_pb2

    model_pb2: Any = sentencepiece_model_pb2  # generated protobuf code: no type information

    proto = model_pb2.ModelProto()
    proto.trainer_spec.model_type = model_pb2.TrainerSpec.UNIGRAM
    proto.trainer_spec.vocab_size = len(pieces)
    proto.trainer_spec.unk_id = 0
    proto.trainer_spec.bos_id = 1
    proto.trainer_spec.eos_id = 2
    proto.trainer_spec.pad_id = -1
    proto.normalizer_spec.name = "identity"
    proto.normalizer_spec.add_dummy_prefix = True
    proto.normalizer_spec.remove_extra_whitespaces = True
    proto.normalizer_spec.escape_whitespaces = True
    types = {"<unk>": model_pb2.ModelProto.SentencePiece.UNKNOWN}
    for piece in pieces:
        entry = proto.pieces.add()
        entry.piece = piece
        if piece in SPECIALS:
            entry.type = types.get(piece, model_pb2.ModelProto.SentencePiece.CONTROL)
            entry.score = 0.0
        else:
            entry.score = WORD_SCORE if piece.startswith("▁") and len(piece) > 1 else CHAR_SCORE
    return proto.SerializeToString()


def _value_matrix(pieces: list[str], lexicon: Mapping[str, str]) -> np.ndarray:
    """M[target, source] = 1: each source piece to its lexicon word, else to itself."""
    index = {piece: i for i, piece in enumerate(pieces)}
    size = len(pieces)
    matrix = np.zeros((size, size), dtype=np.float32)
    for source, i in index.items():
        target = source
        phrase = source[1:].replace("▁", " ")
        if source.startswith("▁") and phrase in lexicon:
            target = _piece(lexicon[phrase])
        matrix[index[target], i] = 1.0
    return matrix


def build_ctranslate2(spec: ModelSpecification, pieces: list[str], output_dir: Path) -> None:
    """Save a CTranslate2 Transformer whose weights implement the position-aligned mapping."""
    from ctranslate2.specs import common_spec, transformer_spec

    vocab = len(pieces)
    positions = spec.position_dims
    d = vocab + positions
    rows = spec.position_rows
    model = transformer_spec.TransformerSpec.from_config(
        (1, 1), num_heads=1, pre_norm=True, activation=common_spec.Activation.RELU
    )
    model.config.add_source_eos = True
    zeros = np.zeros
    identity_tokens = np.eye(vocab, d, dtype=np.float32)  # token i -> dimension i

    position_table = zeros((rows, d), dtype=np.float32)
    for row in range(rows):
        position_table[row, vocab + row % positions] = 1.0

    def set_norm(norm: common_spec.LayerNormSpec) -> None:
        norm.gamma = np.ones(d, dtype=np.float32)
        norm.beta = zeros(d, dtype=np.float32)

    def zero_ffn(ffn: transformer_spec.FeedForwardSpec) -> None:
        set_norm(ffn.layer_norm)
        ffn.linear_0.weight = zeros((1, d), dtype=np.float32)
        ffn.linear_0.bias = zeros(1, dtype=np.float32)
        ffn.linear_1.weight = zeros((d, 1), dtype=np.float32)
        ffn.linear_1.bias = zeros(d, dtype=np.float32)

    def zero_self_attention(attention) -> None:
        set_norm(attention.layer_norm)
        attention.linear[0].weight = zeros((3 * d, d), dtype=np.float32)
        attention.linear[0].bias = zeros(3 * d, dtype=np.float32)
        attention.linear[1].weight = zeros((d, d), dtype=np.float32)
        attention.linear[1].bias = zeros(d, dtype=np.float32)

    encoder = model.encoder
    encoder.scale_embeddings = False
    encoder.embeddings[0].weight = identity_tokens
    encoder.position_encodings.encodings = position_table
    set_norm(encoder.layer_norm)
    zero_self_attention(encoder.layer[0].self_attention)
    zero_ffn(encoder.layer[0].ffn)

    decoder = model.decoder
    decoder.scale_embeddings = False
    decoder.embeddings.weight = identity_tokens.copy()
    decoder.position_encodings.encodings = position_table.copy()
    set_norm(decoder.layer_norm)
    layer = decoder.layer[0]
    zero_self_attention(layer.self_attention)
    zero_ffn(layer.ffn)

    cross = layer.attention
    set_norm(cross.layer_norm)
    sharpness, strength = 4.0, 10.0
    queries = zeros((d, d), dtype=np.float32)
    queries[vocab:, vocab:] = sharpness * np.eye(positions, dtype=np.float32)
    keys_values = zeros((2 * d, d), dtype=np.float32)
    keys_values[vocab:d, vocab:] = np.eye(positions, dtype=np.float32)  # keys: positions
    keys_values[d : d + vocab, :vocab] = strength * _value_matrix(pieces, spec.lexicon)  # values
    cross.linear[0].weight = queries
    cross.linear[0].bias = zeros(d, dtype=np.float32)
    cross.linear[1].weight = keys_values
    cross.linear[1].bias = zeros(2 * d, dtype=np.float32)
    cross.linear[2].weight = np.eye(d, dtype=np.float32)
    cross.linear[2].bias = zeros(d, dtype=np.float32)

    projection = np.eye(vocab, d, dtype=np.float32)
    bias = zeros(vocab, dtype=np.float32)
    bias[pieces.index("<s>")] = -1e4  # never generate the start token
    decoder.projection.weight = projection
    decoder.projection.bias = bias

    save_int8(model, pieces, output_dir)


def save_int8(model: Any, pieces: list[str], output_dir: Path) -> None:
    """Register the shared SentencePiece vocabulary, validate, quantize to int8 (as Argos
    Translate's packages are) and save the CTranslate2 model into `output_dir`."""
    model.register_source_vocabulary(pieces)
    model.register_target_vocabulary(pieces)
    model.validate()
    model.optimize(quantization="int8")
    output_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(output_dir))


def _package_readme(spec: ModelSpecification) -> str:
    what = (
        "copies its input (a test model)"
        if spec.kind == "copy"
        else "translates word for word from a small lexicon (a DEMO model)"
    )
    return (
        f"# vielfalt {spec.kind} model {spec.from_code} → {spec.to_code}\n\n"
        f"Generated by `vielfalt models build-demo`: a real CTranslate2 model with hand-set "
        f"weights that {what}. Its output is not a real translation; install real Argos "
        f"Translate models for production.\n"
    )


def build_package(spec: ModelSpecification, directory: Path) -> Path:
    """Write an installed-style package directory (metadata.json, model/, sentencepiece.model,
    README.md); the same bytes on every machine."""
    name = f"{'demo' if spec.demo else 'test'}-{spec.kind}-{spec.from_code}_{spec.to_code}"
    package_dir = directory / name
    if package_dir.exists():
        shutil.rmtree(package_dir)
    package_dir.mkdir(parents=True)
    pieces = _pieces(spec)
    (package_dir / "sentencepiece.model").write_bytes(build_sentencepiece(pieces))
    build_ctranslate2(spec, pieces, package_dir / "model")
    metadata = {
        "package_version": spec.package_version,
        "argos_version": "1.9",
        "from_code": spec.from_code,
        "from_name": spec.from_code,
        "to_code": spec.to_code,
        "to_name": spec.to_code,
        "type": "translate",
        "vielfalt_generated": spec.kind,
        "demo": spec.demo,
    }
    (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (package_dir / "README.md").write_text(_package_readme(spec), encoding="utf-8")
    return package_dir


def pack_argosmodel(package_dir: Path, output: Path) -> Path:
    """Zip a package directory as an .argosmodel (one top-level folder, as argospm expects)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(suffix=".argosmodel.tmp", dir=output.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp's 0600 would hide it from others
        with (
            open(fd, "wb") as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            for path in sorted(package_dir.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo(
                        str(Path(package_dir.name) / path.relative_to(package_dir)),
                        date_time=(2026, 1, 1, 0, 0, 0),  # deterministic archives
                    )
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
        tmp.replace(output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return output


def copy_model(
    from_code: str, to_code: str, words: Iterable[str] = (), **kwargs
) -> ModelSpecification:
    """A model that copies its input (the tests' and bench/glossary_fidelity.py's)."""
    return ModelSpecification(from_code, to_code, {}, extra_words=tuple(words), **kwargs)


# ---------------------------------------------------------------- demo models

DEMO_SOURCE = "de"
DEMO_PIVOT = "en"
DEMO_TARGETS = ("fr", "ro", "bg", "pl", "tr", "ru", "ar")


def load_demo_lexicon(text: str | None = None) -> dict[str, dict[str, str]]:
    """The bundled lexicon as {language: {German or English word: translation}}.

    Returns the de→en mapping under "en" and, for each other language X, the en→X
    mapping under X (built from the English column: the first row of a word wins).
    Lowercase entries also get a capitalised variant for sentence starts.
    """
    if text is None:
        from importlib import resources

        text = (resources.files("pipeline") / "data" / "demo-lexicon.tsv").read_text(
            encoding="utf-8"
        )
    rows = [line.split("\t") for line in text.split("\n") if line and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    columns = {code: i for i, code in enumerate(header)}
    result: dict[str, dict[str, str]] = {code: {} for code in header[1:]}

    def add(mapping: dict[str, str], key: str, value: str) -> None:
        mapping.setdefault(key, value)
        if key[:1].islower():
            upper = value[:1].upper() + value[1:] if value != DROP else DROP
            mapping.setdefault(key[:1].upper() + key[1:], upper)

    for row in body:
        add(result["en"], row[columns["de"]], row[columns["en"]])
        for code in header[2:]:
            add(result[code], row[columns["en"]], row[columns[code]])
    return result


def demo_specifications(version: str = "1.0-demo") -> list[ModelSpecification]:
    """de→en plus en→X for the seven other targets: the topology of the real Argos index."""
    lexicon = load_demo_lexicon()
    specs = [ModelSpecification(DEMO_SOURCE, DEMO_PIVOT, lexicon["en"], package_version=version)]
    specs += [
        ModelSpecification(DEMO_PIVOT, code, lexicon[code], package_version=version)
        for code in DEMO_TARGETS
    ]
    return specs


def build_demo_archives(directory: Path) -> list[Path]:
    """Write the eight demo .argosmodel files into `directory`; deterministic."""
    archives = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec in demo_specifications():
            package = build_package(spec, Path(tmp))
            archives.append(pack_argosmodel(package, directory / f"{package.name}.argosmodel"))
    return archives


