"""Model packages: discovery, metadata, validated installation, generated models."""

import json
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import ModelError, NetworkUnavailable
from pipeline.mt.demo_models import load_demo_lexicon
from pipeline.mt.packages import (
    argos_packages_dir,
    find_packages,
    install_archive,
    install_from_index,
    parse_metadata,
)


def test_metadata_is_parsed_without_a_model_load(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "model.bin").write_bytes(b"x")
    (tmp_path / "sentencepiece.model").write_bytes(b"x")
    package = parse_metadata(
        {"from_code": "de", "to_code": "en", "package_version": "1.9", "target_prefix": "__en__"},
        tmp_path,
    )
    assert package.pair == ("de", "en") and package.ident == "de-en@1.9"
    assert package.target_prefix == "__en__" and package.tokenizer_kind == "sentencepiece"


def test_older_packages_with_bpe_tokenizer_are_recognised(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "model.bin").write_bytes(b"x")
    (tmp_path / "bpe.model").write_text("#version: 0.2\n")
    assert parse_metadata({"from_code": "de", "to_code": "en"}, tmp_path).tokenizer_kind == "bpe"


def test_argos_directory_follows_the_environment() -> None:
    assert argos_packages_dir({"ARGOS_PACKAGES_DIR": "/x/p"}) == Path("/x/p")
    assert argos_packages_dir({"XDG_DATA_HOME": "/d"}) == Path("/d/argos-translate/packages")


def test_install_validates_and_finds_the_package(tmp_path: Path, copy_archives) -> None:
    package = install_archive(copy_archives[("de", "en")], tmp_path / "models")
    assert package.generated == "copy" and package.label == "TEST (copy model)"
    found, problems = find_packages([(tmp_path / "models", "workspace")])
    assert [p.pair for p in found] == [("de", "en")] and problems == []


def test_install_checks_the_sha256(tmp_path: Path, copy_archives) -> None:
    with pytest.raises(ModelError, match="SHA-256 is"):
        install_archive(copy_archives[("de", "en")], tmp_path / "m", sha256="0" * 64)
    assert not (tmp_path / "m").exists() or list((tmp_path / "m").iterdir()) == []


def test_truncated_archive_fails_and_leaves_nothing(tmp_path: Path, copy_archives) -> None:
    data = copy_archives[("de", "en")].read_bytes()
    broken = tmp_path / "broken.argosmodel"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match=r"broken.argosmodel: not a valid .argosmodel"):
        install_archive(broken, tmp_path / "models")
    assert not (tmp_path / "models").exists() or list((tmp_path / "models").iterdir()) == []


def test_archive_with_parent_entries_is_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("pkg/metadata.json", "{}")
        archive.writestr("pkg/../../escaped.txt", "gotcha")
    with pytest.raises(ModelError, match="would escape the target directory"):
        install_archive(evil, tmp_path / "models")
    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "models").exists() or list((tmp_path / "models").iterdir()) == []


def test_package_without_tokenizer_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "no-tokenizer.argosmodel"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("pkg/metadata.json", json.dumps({"from_code": "de", "to_code": "en"}))
        archive.writestr("pkg/model/model.bin", b"x")
    with pytest.raises(ModelError, match="no tokenizer"):
        install_archive(bad, tmp_path / "models")
    assert not (tmp_path / "models").exists() or list((tmp_path / "models").iterdir()) == []


def test_broken_package_on_disk_does_not_hide_the_others(tmp_path: Path, copy_archives) -> None:
    install_archive(copy_archives[("de", "en")], tmp_path / "models")
    (tmp_path / "models" / "half").mkdir()
    (tmp_path / "models" / "half" / "metadata.json").write_text("{ not json")
    found, problems = find_packages([(tmp_path / "models", "workspace")])
    assert len(found) == 1 and "not valid JSON" in str(problems[0])


def test_install_by_name_offline_is_a_network_error_with_a_hint(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on: refused at once
        probe.bind(("127.0.0.1", 0))
        index = f"http://127.0.0.1:{probe.getsockname()[1]}/index.json"
    with pytest.raises(NetworkUnavailable, match="not reachable") as caught:
        install_from_index("translate-de_en", tmp_path, index_url=index)
    assert "install FILE.argosmodel" in caught.value.hint
    assert not any(tmp_path.iterdir())


def test_demo_lexicon_has_every_target_and_drops_articles() -> None:
    lexicon = load_demo_lexicon()
    assert set(lexicon) == {"en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"}
    assert lexicon["en"]["Stadt"] == "city" and lexicon["en"]["Die"] == "The"
    assert lexicon["ru"]["city"] == "город" and lexicon["ar"]["city"] == "مدينة"
    assert lexicon["ru"]["the"] == "∅"


def test_demo_archives_are_deterministic(tmp_path: Path, demo_archives) -> None:
    from pipeline.mt.demo_models import build_demo_archives

    again = build_demo_archives(tmp_path)
    assert [a.read_bytes() for a in again] == [a.read_bytes() for a in demo_archives]


def test_an_unpacked_package_folder_installs_and_a_missing_path_is_no_such_file(tmp_path: Path, copy_archives) -> None:
    import zipfile

    from click.testing import CliRunner

    from pipeline.cli import cli

    CliRunner().invoke(cli, ["init", str(tmp_path / "ws")])
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(copy_archives[("de", "en")]) as archive:
        archive.extractall(unpacked)
    (folder,) = list(unpacked.iterdir())
    ws = ["--workspace", str(tmp_path / "ws")]
    result = CliRunner().invoke(cli, [*ws, "models", "install", str(folder)])
    assert result.exit_code == 0 and "installed de→en" in result.output, result.output
    missing = CliRunner().invoke(cli, [*ws, "models", "install", str(tmp_path / "no" / "such.file")])
    assert missing.exit_code == 1 and "no such file" in missing.output and "index" not in missing.output


def test_init_can_start_from_the_sample_glossary(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["init", str(tmp_path / "ws"), "--sample-glossary"])
    assert result.exit_code == 0, result.output
    glossary = tmp_path / "ws" / "glossaries" / "herne.csv"
    assert "Schloss Strünkede" in glossary.read_text(encoding="utf-8")
    checked = CliRunner().invoke(cli, ["--workspace", str(tmp_path / "ws"), "glossary", "check"])
    assert checked.exit_code == 0, checked.output


def test_an_install_killed_between_its_renames_leaves_the_model_usable(tmp_path: Path, copy_archives) -> None:
    models = tmp_path / "models"
    package = install_archive(copy_archives[("de", "en")], models)
    package.path.rename(models / f".replaced-{package.path.name}")  # the kill: moved aside only
    found, problems = find_packages([(models, "workspace")])
    assert [p.pair for p in found] == [("de", "en")] and problems == []


def test_a_named_pipe_called_argosmodel_is_named_as_a_pipe(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "translate-de_en.argosmodel"
    os.mkfifo(fifo)
    with pytest.raises(ModelError, match="named pipe"):
        install_archive(fifo, tmp_path / "models")
