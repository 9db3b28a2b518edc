"""vielfalt.toml: found like git, validated on load, every problem with file and line."""

import re
from pathlib import Path

import pytest

from pipeline.config import CONFIG_NAME, find_workspace, init_workspace, load_workspace
from pipeline.errors import ConfigError, WorkspaceNotFound


def test_init_creates_config_and_folders(tmp_path: Path) -> None:
    ws, created = init_workspace(tmp_path / "herne")
    assert ws.config_path == (tmp_path / "herne" / CONFIG_NAME).resolve()
    assert ws.source_language == "de"
    assert ws.target_languages == ("en", "fr", "ro", "bg", "pl", "tr", "ru", "ar")
    assert ws.paths.announcements.is_dir() and ws.paths.locales.is_dir()
    assert len(created) == 4


def test_init_never_overwrites_an_existing_config(tmp_path: Path) -> None:
    config = tmp_path / CONFIG_NAME
    config.write_text('[languages]\ntargets = ["en"]\n', encoding="utf-8")
    ws, _ = init_workspace(tmp_path)
    assert ws.target_languages == ("en",)
    assert config.read_text(encoding="utf-8") == '[languages]\ntargets = ["en"]\n'


def test_workspace_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    init_workspace(tmp_path)
    deep = tmp_path / "announcements" / "2026"
    deep.mkdir(parents=True)
    assert find_workspace(deep).root == tmp_path.resolve()


def test_no_workspace_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFound, match="no vielfalt.toml"):
        find_workspace(tmp_path)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[languages]\nsource = "de"\ncolour = "blau"\n', 3, "unknown key 'colour'"),
        ('[languages]\nsource = "de"\n\n[publishing]\nx = 1\n', 4, "unknown table [publishing]"),
        ('[languages]\ntargets = ["en", "xx"]\n', 2, "unknown language code 'xx'"),
        ('[policies]\npublish = "sometimes"\n', 2, 'publish must be "complete" or "partial"'),
        ('[policies]\nmemory = "always"\n', 2, 'memory must be "approved" or "fuzzy"'),
        ('[engine]\ndevice = "gpu"\n', 2, 'device must be "cpu" or "cuda"'),
        ('[policies]\nrefuse_wrong_language = "yes"\n', 2, "must be true or false"),
        ('[languages]\nsource = "de"\ntargets = ["en", "de"]\n', 3, "also a target"),
        ('[languages]\nsource = "de\n', 2, "not valid TOML"),
    ],
)
def test_bad_configuration_names_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    config = tmp_path / CONFIG_NAME
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_workspace(config)
    assert caught.value.lineno == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{config.resolve()}:{line}: ")


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('name = "Stadt Herne\\uFFFE"', "[site] name must be one line"),
        ('contact = "integration@herne.de\\u2028Zimmer 3"', "[site] contact must be one line"),
        ('[site.notice]\nfr = "Traduit par\\u0007 la ville"', "U+0007"),
        ('[site.notice]\nfr = "Traduit\\nsur deux lignes"', "U+000A"),
        ('[site.notice]\nfr = "Non-caractère \\U0010FFFF"', "U+10FFFF"),
    ],
)
def test_site_texts_that_would_break_pages_or_feeds_are_refused(tmp_path, setting, message) -> None:
    from pipeline.config import init_workspace, load_workspace

    workspace, _ = init_workspace(tmp_path / "ws")
    text = workspace.config_path.read_text(encoding="utf-8")
    if setting.startswith("[site.notice]"):
        text += "\n" + setting + "\n"
    else:
        key = setting.split(" ", 1)[0]
        text = re.sub(rf'(?m)^#? ?{key} = ".*"$', lambda _: setting, text, count=1)
        assert setting in text
    workspace.config_path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_workspace(workspace.config_path)


# ---------------------------------------------------------------- the settings table


def test_inits_file_loads_to_exactly_the_declared_defaults(tmp_path) -> None:
    from pipeline.config import EngineConfig, Policies, init_workspace
    from pipeline.settings import default

    workspace, _ = init_workspace(tmp_path / "ws")
    assert workspace.policies == Policies() and workspace.engine == EngineConfig()
    assert workspace.source_language == default("languages", "source")
    assert list(workspace.target_languages) == default("languages", "targets")
    assert workspace.catalog_wrap == default("catalogs", "wrap")
    assert workspace.site.name == default("site", "name") and workspace.review is None
    assert workspace.paths.templates == (workspace.root / default("paths", "templates")).resolve()


def test_every_setting_init_shows_is_in_its_file_set_or_commented() -> None:
    from pipeline.settings import SETTINGS, template

    text = template()
    for setting in SETTINGS:
        if setting.shown == "documented":
            continue
        if isinstance(setting.default, dict):
            assert f"[{setting.table}.{setting.key}]" in text
        else:
            assert re.search(rf"(?m)^(# )?{setting.key} = ", text), setting.name


@pytest.mark.parametrize("setting", __import__("pipeline.settings").settings.SETTINGS, ids=lambda s: s.name)
def test_every_default_is_a_value_its_own_checks_accept(setting) -> None:
    kinds = setting.kind if isinstance(setting.kind, tuple) else (setting.kind,)
    assert isinstance(setting.default, kinds)
    assert not setting.choices or setting.default in setting.choices
    assert not setting.bounds or setting.bounds[0] <= setting.default <= setting.bounds[1]


def test_a_value_out_of_its_declared_bounds_names_them(tmp_path) -> None:
    from pipeline.config import init_workspace, load_workspace

    workspace, _ = init_workspace(tmp_path / "ws")
    text = workspace.config_path.read_text(encoding="utf-8").replace("beam_size = 4", "beam_size = 99")
    workspace.config_path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[engine\] beam_size must be between 1 and 32"):
        load_workspace(workspace.config_path)
