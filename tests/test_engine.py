"""The engine: real CTranslate2 runs of generated models, batched, pivoted, cached, flagged."""

import pytest

from pipeline.errors import ModelNotFound
from pipeline.mt.cache import MTCache
from pipeline.mt.engine import (
    DecodingOptions,
    RunStats,
    SourceUnit,
    translate_units,
)
from pipeline.mt.local import ModelRegistry
from pipeline.mt.packages import find_packages, install_archive
from pipeline.units.loops import is_loop, repeated_ngram

TEXT = "Am Montag, 9. Februar 2026, starten die Anmeldungen für die vhs Herne. Rund 600 Kurse."


def test_copy_model_returns_the_text_exactly(copy_registry) -> None:
    (result,) = translate_units([SourceUnit("k", TEXT)], ["en"], copy_registry)
    assert result.text == TEXT
    assert result.route == ("de-en@1.0",) and result.flags == ()


def test_pivot_through_english_when_no_direct_model(copy_registry) -> None:
    stats = RunStats()
    results = translate_units([SourceUnit("k", TEXT)], ["en", "fr"], copy_registry, stats=stats)
    by_target = {r.target: r for r in results}
    assert by_target["fr"].route == ("de-en@1.0", "en-fr@1.0")
    assert by_target["fr"].text == TEXT
    assert stats.model_calls == {"de-en@1.0": 1, "en-fr@1.0": 1}  # de→en once, reused


def test_unknown_characters_come_back_through_replace_unknowns(copy_registry) -> None:
    text = "Grüße an 日本 und Ω."
    (result,) = translate_units([SourceUnit("k", text)], ["en"], copy_registry)
    assert result.text == text


def test_missing_route_is_a_clear_error_before_any_work(copy_registry) -> None:
    with pytest.raises(ModelNotFound, match="no model for de→ru"):
        translate_units([SourceUnit("k", TEXT)], ["en", "ru"], copy_registry)


def test_passthrough_and_empty_units_are_kept_and_flagged(copy_registry) -> None:
    units = [
        SourceUnit("quote", "We are grateful.", translate=False),
        SourceUnit("empty", "   "),
        SourceUnit("ok", "Väter"),
    ]
    results = {r.unit_key: r for r in translate_units(units, ["en"], copy_registry)}
    assert results["quote"].text == "We are grateful." and results["quote"].flags == (
        "passed-through",
    )
    assert results["empty"].flags == ("empty",)
    assert results["ok"].text == "Väter"


def test_unexpected_script_is_flagged_but_not_lost(copy_registry) -> None:
    (result,) = translate_units(
        [SourceUnit("k", "Эта страница на русском языке.")], ["en"], copy_registry
    )
    assert "unexpected-script" in result.flags
    assert result.text == "Эта страница на русском языке."


def test_output_in_the_wrong_script_for_the_target_is_flagged(tmp_path) -> None:
    from conftest import SAMPLE_WORDS

    from pipeline.mt.demo_models import build_package, copy_model

    package = build_package(copy_model("de", "ru", SAMPLE_WORDS, demo=False), tmp_path)
    packages, _ = find_packages([(package.parent, "workspace")])
    (result,) = translate_units([SourceUnit("k", TEXT)], ["ru"], ModelRegistry(packages))
    assert result.text == TEXT  # a Russian "translation" in Latin letters: kept, but flagged
    assert "unexpected-script" in result.flags


def test_a_10000_character_paragraph_is_translated_whole(copy_registry) -> None:
    text = " ".join(["Vertreter*innen der Stadt Herne"] * 320)
    assert len(text) > 10_000
    (result,) = translate_units([SourceUnit("k", text)], ["en"], copy_registry)
    assert result.text == text
    assert "long-sentence-split" in result.flags


def test_cache_translates_only_new_sentences(copy_registry) -> None:
    cache = MTCache(None)
    translate_units([SourceUnit("k", TEXT)], ["en"], copy_registry, cache=cache)
    assert cache.misses == 2 and cache.hits == 0
    changed = TEXT.replace("Rund 600", "Rund 650")
    translate_units([SourceUnit("k", changed)], ["en"], copy_registry, cache=cache)
    assert cache.hits == 1 and cache.misses == 3


def test_cache_key_includes_decoding_options(copy_registry) -> None:
    cache = MTCache(None)
    translate_units([SourceUnit("k", "Väter")], ["en"], copy_registry, cache=cache)
    translate_units(
        [SourceUnit("k", "Väter")],
        ["en"],
        copy_registry,
        cache=cache,
        options=DecodingOptions(beam_size=1),
    )
    assert cache.hits == 0


def test_models_load_once_and_lru_unloads_past_the_memory_bound(copy_registry) -> None:
    from pipeline.config import EngineConfig

    registry = ModelRegistry(copy_registry.packages, EngineConfig(max_loaded_mb=1))
    translate_units([SourceUnit("k", "Väter")], ["fr"], registry)
    assert registry.loads == 2 and len(registry.loaded()) == 1


def test_demo_models_translate_word_for_word_into_every_script(tmp_path, demo_archives) -> None:
    for archive in demo_archives:
        install_archive(archive, tmp_path / "models")
    packages, _ = find_packages([(tmp_path / "models", "workspace")])
    registry = ModelRegistry(packages)
    results = translate_units(
        [SourceUnit("k", "Die Stadt Herne")], ["en", "ru", "ar", "fr"], registry
    )
    texts = {r.target: r.text for r in results}
    assert texts == {
        "en": "The city Herne",
        "ru": "город Herne",
        "ar": "مدينة Herne",
        "fr": "Le ville Herne",
    }
    assert all(r.demo for r in results)


@pytest.mark.parametrize(
    ("tokens", "loop"),
    [
        (["the", "city", "the", "city", "the", "city", "the", "city", "the", "city"], True),
        (["a", "a", "a", "a", "a", "a", "a", "a"], True),
        (["on", "Monday", "the", "registrations", "start", "for", "the", "vhs"], False),
        (["the", "the", "city"], False),
    ],
)
def test_repetition_loops_are_detected(tokens, loop) -> None:
    assert is_loop(tokens) is loop
    assert (repeated_ngram(tokens) >= 0.5) is loop


def test_a_model_for_the_wrong_pair_does_not_serve(tmp_path) -> None:
    from pipeline.mt.demo_models import build_package, copy_model

    build_package(copy_model("en", "de", ["Herne"], demo=False), tmp_path / "models")
    packages, _ = find_packages([(tmp_path / "models", "workspace")])
    with pytest.raises(ModelNotFound, match="no model for de→en"):
        translate_units([SourceUnit("k", "Väter")], ["en"], ModelRegistry(packages))


def test_the_mt_path_loads_no_source_parsers() -> None:
    """Translating needs no HTML, feed or YAML parser: the MT path never imports `sources`."""
    import subprocess
    import sys

    code = (
        "import sys, pipeline.mt.protected, pipeline.mt.engine, pipeline.units.values\n"
        "print(sorted(m for m in ('bs4', 'feedparser', 'yaml', 'trafilatura', 'pipeline.intake.sources')"
        " if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
