"""A MiniSBD sentence splitter with hand-set weights, for the tests and benchmarks that run
LibreTranslate (test-only: it needs the `onnx` package, a dev dependency; vielfalt's own demo
packages never carry it, so they are the same on every machine).
"""

from __future__ import annotations

import json
from pathlib import Path

#: What the hand-set splitter knows: these characters end a sentence when a space and a
#: capital letter follow; every other character is one unknown unit.
SENTENCE_ENDS = (".", "!", "?")


def build_minisbd(output: Path, language: str) -> Path:
    """Write `minisbd/<language>.onnx`: a sentence splitter in MiniSBD's format with hand-set
    weights (split after . ! ? before a space and a capital, not after a digit: „9. Februar“),
    deterministic, no training.

    LibreTranslate's Argos fork splits sentences with MiniSBD, which downloads its model at
    run time unless the package carries one. The graph reads MiniSBD's inputs (`units`:
    character ids, `features`: [space before, capitalized, numeric] per character) and returns its
    five classes per character (0 inside, 2 sentence end). Needs the `onnx` package (a dev
    dependency)."""
    import onnx
    from onnx import TensorProto, helper

    ids = ["<PAD>", "<UNK>", *SENTENCE_ENDS]
    nodes = [
        *(
            helper.make_node("Equal", ["units", f"id{i}"], [f"is{i}"])
            for i in range(2, 2 + len(SENTENCE_ENDS))
        ),
        helper.make_node("Or", ["is2", "is3"], ["is23"]),
        helper.make_node("Or", ["is23", "is4"], ["is_end_bool"]),
        helper.make_node("Cast", ["is_end_bool"], ["is_end"], to=TensorProto.FLOAT),
        helper.make_node("Gather", ["features", "zero_index"], ["space"], axis=2),
        helper.make_node("Gather", ["features", "one_index"], ["capital"], axis=2),
        # the next character is a space, the one after it a capital: shift left, pad with 0
        helper.make_node("Slice", ["space", "one", "max", "axis1"], ["space_next_raw"]),
        helper.make_node("Pad", ["space_next_raw", "pad_one"], ["space_next"]),
        helper.make_node("Slice", ["capital", "two", "max", "axis1"], ["capital_next_raw"]),
        helper.make_node("Pad", ["capital_next_raw", "pad_two"], ["capital_next"]),
        helper.make_node("Mul", ["is_end", "space_next"], ["end_space"]),
        helper.make_node("Mul", ["end_space", "capital_next"], ["end_space_capital"]),
        # not after a digit: „9. Februar“ is a date, not a sentence end
        helper.make_node("Gather", ["features", "two_index"], ["numeric"], axis=2),
        helper.make_node("Slice", ["numeric", "zero", "minus_one", "axis1"], ["numeric_prev_raw"]),
        helper.make_node("Pad", ["numeric_prev_raw", "pad_left"], ["numeric_prev"]),
        helper.make_node("Sub", ["onef", "numeric_prev"], ["not_after_digit"]),
        helper.make_node("Mul", ["end_space_capital", "not_after_digit"], ["split"]),
        helper.make_node("Sub", ["onef", "split"], ["inside"]),
        helper.make_node("Mul", ["split", "twof"], ["split2"]),
        helper.make_node("Mul", ["split", "zerof"], ["nothing"]),
        *(
            helper.make_node("Unsqueeze", [name, "last_axis"], [f"{name}_3d"])
            for name in ("inside", "split2", "nothing")
        ),
        helper.make_node(
            "Concat",
            ["inside_3d", "nothing_3d", "split2_3d", "nothing_3d", "nothing_3d"],
            ["logits"],
            axis=2,
        ),
    ]
    constants = [
        *(
            helper.make_tensor(f"id{i}", TensorProto.INT64, [], [i])
            for i in range(2, 2 + len(SENTENCE_ENDS))
        ),
        helper.make_tensor("zero_index", TensorProto.INT64, [], [0]),
        helper.make_tensor("one_index", TensorProto.INT64, [], [1]),
        helper.make_tensor("two_index", TensorProto.INT64, [], [2]),
        helper.make_tensor("zero", TensorProto.INT64, [1], [0]),
        helper.make_tensor("minus_one", TensorProto.INT64, [1], [-1]),
        helper.make_tensor("pad_left", TensorProto.INT64, [4], [0, 1, 0, 0]),
        helper.make_tensor("one", TensorProto.INT64, [1], [1]),
        helper.make_tensor("two", TensorProto.INT64, [1], [2]),
        helper.make_tensor("max", TensorProto.INT64, [1], [2**62]),
        helper.make_tensor("axis1", TensorProto.INT64, [1], [1]),
        helper.make_tensor("pad_one", TensorProto.INT64, [4], [0, 0, 0, 1]),
        helper.make_tensor("pad_two", TensorProto.INT64, [4], [0, 0, 0, 2]),
        helper.make_tensor("onef", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("twof", TensorProto.FLOAT, [], [2.0]),
        helper.make_tensor("zerof", TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor("last_axis", TensorProto.INT64, [1], [2]),
    ]
    graph = helper.make_graph(
        nodes,
        "vielfalt-minisbd",
        [
            helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "chars"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "chars", 3]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "chars", 5])],
        initializer=constants,
    )
    model = helper.make_model(
        graph, producer_name="vielfalt", opset_imports=[helper.make_opsetid("", 17)]
    )
    model.ir_version = 8  # readable by older onnxruntime releases too
    config = {
        "feat_funcs": ["space_before", "capitalized", "numeric"],
        "max_seqlen": 1000,
        "batch_size": 32,
        "use_dictionary": False,
        "num_dict_feat": 0,
        "skip_newline": False,
        "no_ssplit": False,
    }
    vocab = {"lang": language, "idx": 0, "cutoff": 0, "lower": False,
             "_unit2id": {unit: i for i, unit in enumerate(ids)}, "_id2unit": ids}  # fmt: skip
    for key, value in (
        ("lang_code", language),
        ("config", json.dumps(config)),
        ("vocab", json.dumps(vocab)),
        ("lexicon", "null"),
        ("vielfalt", "hand-set sentence splitter for the packages tests serve from LibreTranslate"),
    ):
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    path = output / "minisbd" / f"{language}.onnx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(model.SerializeToString())
    return path
