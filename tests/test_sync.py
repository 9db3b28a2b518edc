"""`vielfalt sync`: ingest, translate and publish unattended, every 15 minutes if need be."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_pages import HOME_PAGE

from pipeline.cli import cli
from pipeline.config import init_workspace, load_workspace


def invoke(workspace, *args):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])


@pytest.fixture
def city(tmp_path, copy_archives):
    from pipeline.mt.packages import install_archive

    workspace, _ = init_workspace(tmp_path / "ws")
    text = workspace.config_path.read_text(encoding="utf-8")
    text = text.replace('targets = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]', 'targets = ["en", "fr"]')
    text += '\n[sources]\nfiles = ["stadt/aktuelles.txt"]\n'
    workspace.config_path.write_text(text, encoding="utf-8")
    (workspace.root / "stadt").mkdir()
    (workspace.root / "stadt" / "aktuelles.txt").write_text(HOME_PAGE, encoding="utf-8")
    for archive in copy_archives.values():
        install_archive(archive, workspace.paths.models)
    return load_workspace(workspace.config_path)


def snapshot(root: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file() and ".vielfalt" not in p.parts}


def test_one_command_ingests_translates_and_publishes(city) -> None:
    result = invoke(city, "sync")
    assert result.exit_code == 0, result.output
    assert "1 source: 2 new, 0 changed announcements" in result.output
    assert "waiting for review: en " in result.output and "published: de 2" in result.output
    assert len(list(city.paths.announcements.glob("*.md"))) == 2
    assert len(list((city.paths.locales / "fr").glob("*.po"))) == 2
    assert (city.paths.published / "de").is_dir()


def test_a_second_run_with_nothing_new_writes_nothing(city) -> None:
    assert invoke(city, "sync").exit_code == 0
    before = snapshot(city.root)
    result = invoke(city, "sync")
    assert result.exit_code == 0, result.output
    assert "0 new, 0 changed" in result.output and "0 files written" in result.output
    assert snapshot(city.root) == before


def test_a_bad_source_fails_the_run_and_the_good_ones_are_still_done(city) -> None:
    text = city.config_path.read_text(encoding="utf-8").replace(
        'files = ["stadt/aktuelles.txt"]', 'files = ["stadt/fehlt.txt", "stadt/aktuelles.txt"]'
    )
    city.config_path.write_text(text, encoding="utf-8")
    result = invoke(load_workspace(city.config_path), "sync")
    assert result.exit_code == 1
    assert "fehlt.txt: no such file" in result.output
    assert len(list(city.paths.announcements.glob("*.md"))) == 2


def test_a_second_sync_at_the_same_time_finds_the_workspace_busy(city) -> None:
    from pipeline.lock import WorkspaceLock

    with WorkspaceLock(city):
        result = invoke(city, "sync")
    assert result.exit_code != 0 and "lock" in result.output
    assert list(city.paths.announcements.glob("*.md")) == []


def test_without_sources_sync_says_what_to_configure(tmp_path) -> None:
    workspace, _ = init_workspace(tmp_path / "leer")
    result = invoke(workspace, "sync")
    assert result.exit_code != 0 and "[sources]" in result.output
    assert os.path.exists(workspace.config_path)


def approve_everything(workspace, language: str, tamper: bool = False) -> None:
    from pipeline.queue.catalog import dumps, loads

    for path in (workspace.paths.locales / language).glob("*.po"):
        text = path.read_text(encoding="utf-8")
        catalog = loads(text, str(path))
        for entry in catalog.entries:
            if entry.translation and not entry.obsolete:
                entry.fuzzy = False
                if tamper:  # markup the German does not have: a QA error
                    entry.translation += " <script>alert(1)</script>"
        path.write_text(dumps(catalog, text, str(path)), encoding="utf-8")


def test_pages_held_back_by_qa_exit_3_and_are_named_even_when_quiet(city) -> None:
    assert invoke(city, "sync").exit_code == 0
    approve_everything(city, "fr", tamper=True)
    result = invoke(city, "-q", "sync")
    assert result.exit_code == 3, result.output
    assert "2 pages kept back by QA errors: fr/" in result.output


def test_a_page_taken_off_the_site_is_named_with_its_reason(city) -> None:
    assert invoke(city, "sync").exit_code == 0
    approve_everything(city, "fr")
    assert invoke(city, "sync").exit_code == 0
    assert len(list((city.paths.published / "fr").glob("*.html"))) >= 3
    page = city.root / "stadt" / "aktuelles.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("zur Impfung", "zur Corona-Impfung"), "utf-8")
    result = invoke(city, "-q", "sync")
    assert "taken off the site: fr/" in result.output and "wait" in result.output, result.output
    published = invoke(city, "publish", "--json")
    assert '"withdrawn": []' in published.output  # already off: said once, when it happened
