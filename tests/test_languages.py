"""One table of language facts: every supported language has every fact, and they agree with
the libraries and tools that use them (Babel's CLDR, gettext's msgfmt, the site strings)."""

from __future__ import annotations

import json
import subprocess
from importlib import resources
from pathlib import Path

import pytest
from babel import Locale

from pipeline.languages import DEFAULT_TARGETS, LANGUAGES, SOURCE, UNICODE_SCRIPTS

SUPPORTED = sorted(LANGUAGES)


def test_the_source_and_every_default_target_are_supported() -> None:
    assert SOURCE == "de" and set(DEFAULT_TARGETS) <= set(LANGUAGES)
    assert DEFAULT_TARGETS == ("en", "fr", "ro", "bg", "pl", "tr", "ru", "ar")


@pytest.mark.parametrize("code", SUPPORTED)
def test_every_language_has_every_fact(code: str) -> None:
    language = LANGUAGES[code]
    assert language.code == code and len(code) == 2
    assert language.english_name and language.native_name
    assert language.direction in ("ltr", "rtl")
    assert language.script in UNICODE_SCRIPTS
    assert len(language.iso639_3) == 3
    assert language.plural_forms.startswith("nplurals=")


@pytest.mark.parametrize("code", SUPPORTED)
def test_the_cldr_locale_is_one_babel_knows_for_that_language(code: str) -> None:
    locale = Locale.parse(LANGUAGES[code].cldr_locale)
    assert locale.language == code
    assert locale.character_order == ("right-to-left" if LANGUAGES[code].direction == "rtl"
                                      else "left-to-right")  # fmt: skip


@pytest.mark.parametrize("code", SUPPORTED)
def test_the_site_has_its_strings_in_every_language(code: str) -> None:
    strings = json.loads(resources.files("pipeline").joinpath("data/site-strings.json").read_text())
    assert set(strings[code]) == set(strings["de"])


@pytest.mark.parametrize("code", SUPPORTED)
def test_the_script_is_the_one_of_the_native_name(code: str) -> None:
    from pipeline.units.detect import dominant_script

    language = LANGUAGES[code]
    assert dominant_script(language.native_name) == language.unicode_script


def test_plural_forms_are_ones_msgfmt_accepts(tmp_path: Path) -> None:
    for code in SUPPORTED:
        po = tmp_path / f"{code}.po"
        po.write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {code}\\n"\n"Plural-Forms: {LANGUAGES[code].plural_forms}\\n"\n\n'
            'msgid "ein Termin"\nmsgid_plural "%d Termine"\n'
            + "".join(f'msgstr[{i}] "x {i}"\n' for i in range(_nplurals(code))),
            encoding="utf-8",
        )
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)],
                                 capture_output=True, text=True)  # fmt: skip
        assert checked.returncode == 0, (code, checked.stderr)


def _nplurals(code: str) -> int:
    return int(LANGUAGES[code].plural_forms.split(";")[0].split("=")[1])


def test_the_configuration_accepts_exactly_the_supported_languages(tmp_path: Path) -> None:
    from pipeline.config import init_workspace, load_workspace
    from pipeline.errors import ConfigError

    workspace, _ = init_workspace(tmp_path / "ws")
    config = workspace.config_path
    text = config.read_text(encoding="utf-8")
    default = 'targets = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]'
    config.write_text(text.replace(default, 'targets = ["uk", "ar"]'), encoding="utf-8")
    assert load_workspace(config).target_languages == ("uk", "ar")
    config.write_text(text.replace(default, 'targets = ["es"]'), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown language code 'es'"):
        load_workspace(config)
