"""vielfalt's own state read back: files named from data stay inside their folder, and a state
file of the wrong shape is a message naming it (or a rebuilt cache), never a traceback."""

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.queue.locales import catalog_path

pytestmark = pytest.mark.hostile

FEST = "2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack"


def invoke(workspace, *args):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])


@pytest.fixture
def published(sample):
    path = catalog_path(sample, "fr", FEST)
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    result = invoke(sample, "publish", "--to", "fr")
    assert result.exit_code == 0, result.output
    return sample


def manifest_path(workspace):
    return workspace.paths.published / ".vielfalt-manifest.json"


@pytest.mark.parametrize("name", ["../../outside/page.html", "/ABSOLUTE", "fr/../../../outside/page.html", "fr//x.html", "fr\\..\\x.html"])
def test_a_manifest_entry_outside_the_output_folder_deletes_nothing(published, tmp_path, name) -> None:
    victim = tmp_path / "outside" / "page.html"
    victim.parent.mkdir(exist_ok=True)
    victim.write_text("Seite der Stadt, nicht von vielfalt", encoding="utf-8")
    data = json.loads(manifest_path(published).read_text(encoding="utf-8"))
    import hashlib

    digest = hashlib.sha256(victim.read_bytes()).hexdigest()
    data["files"][name.replace("ABSOLUTE", str(victim).lstrip("/"))] = [digest]
    if name == "/ABSOLUTE":
        data["files"][str(victim)] = [digest]
    manifest_path(published).write_text(json.dumps(data), encoding="utf-8")
    result = invoke(published, "publish", "--to", "fr")
    assert result.exit_code != 0 and "outside the output folder" in result.output, result.output
    assert victim.read_text(encoding="utf-8") == "Seite der Stadt, nicht von vielfalt"
    assert "Traceback" not in result.output


def test_a_symlinked_language_folder_is_not_written_through(published, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    french = published.paths.published / "fr"
    for item in french.iterdir():
        item.rename(elsewhere / item.name)
    french.rmdir()
    french.symlink_to(elsewhere, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    (elsewhere / f"{FEST}.html").write_text("geändert", encoding="utf-8")
    before[f"{FEST}.html"] = b"ge\xc3\xa4ndert"
    result = invoke(published, "publish", "--to", "fr")
    assert result.exit_code != 0 and "symbolic link" in result.output, result.output
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


BAD_JSON = {
    "a list": "[1, 2, 3]",
    "wrong types": '{"format": 1, "files": {"fr/x.html": 5}, "approvals": [], "sources": 3, "export_id": 7, "language": [], "units": 1}',
    "deep": "[" * 100_000 + "]" * 100_000,
    "not json": "{kaputt",
    "not utf-8": b"\xff\xfe\x00{".decode("latin-1"),
}


@pytest.mark.parametrize("kind", sorted(BAD_JSON))
def test_a_broken_publish_manifest_is_a_message_naming_it(published, kind) -> None:
    manifest_path(published).write_text(BAD_JSON[kind], encoding="utf-8" if kind != "not utf-8" else "latin-1")
    result = invoke(published, "publish", "--to", "fr")
    assert result.exit_code != 0 and ".vielfalt-manifest.json" in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", sorted(BAD_JSON))
@pytest.mark.parametrize("name", ["approvals.json", "sources.json", "catalogs.json", "status-cache.json", "provenance.json"])
def test_broken_state_files_cost_no_traceback_and_no_approval(published, kind, name) -> None:
    state = published.state_dir / name
    state.write_text(BAD_JSON[kind], encoding="utf-8" if kind != "not utf-8" else "latin-1")
    for command in (["status"], ["translate", "--to", "en,fr"], ["publish", "--to", "fr"]):
        result = invoke(published, *command)
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.output)
        assert "Traceback" not in result.output
    assert (published.paths.published / "fr" / f"{FEST}.html").exists()


@pytest.mark.parametrize("kind", sorted(BAD_JSON))
def test_a_broken_export_manifest_is_named_when_its_export_comes_back(published, kind) -> None:
    result = invoke(published, "export", "--to", "fr")
    assert result.exit_code == 0, result.output
    manifest = next(published.paths.exchange.glob("fr/*.manifest.json"))
    xliff = next(published.paths.exchange.glob("fr/*.xlf"))
    manifest.write_text(BAD_JSON[kind], encoding="utf-8" if kind != "not utf-8" else "latin-1")
    result = invoke(published, "import", str(xliff))
    assert result.exit_code != 0 and manifest.name in result.output, result.output
    assert "Traceback" not in result.output
