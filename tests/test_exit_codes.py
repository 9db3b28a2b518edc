"""One exit code per kind of outcome, decided in one table and documented in docs/operations.md."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT, write_announcement

from pipeline.cli import cli
from pipeline.output import ExitCode


def invoke(workspace: Path, *args: str):
    return CliRunner().invoke(cli, ["--workspace", str(workspace), *args])


def test_the_documented_table_is_the_code_table() -> None:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    documented = {int(code) for code in re.findall(r"^\| (\d+) \| ", text, re.M)}
    assert documented == {int(code) for code in ExitCode}


def test_a_run_that_works_exits_0(workspace) -> None:
    assert invoke(workspace.root, "status").exit_code == ExitCode.OK


def test_a_broken_source_exits_1_naming_file_and_line(workspace) -> None:
    source = workspace.paths.announcements / "kaputt.md"
    source.write_text("---\nid: [kaputt\n---\n\nText\n", encoding="utf-8")
    result = invoke(workspace.root, "status")
    assert result.exit_code == ExitCode.FAILED and f"{source}:" in result.output


def test_an_unknown_option_is_a_usage_error(workspace) -> None:
    result = invoke(workspace.root, "translate", "--colour", "blau")
    assert result.exit_code == ExitCode.USAGE and "No such option" in result.output


def test_a_target_outside_the_workspace_is_a_usage_error(workspace) -> None:
    result = invoke(workspace.root, "status", "--to", "es")
    assert (
        result.exit_code == ExitCode.USAGE
        and "es not among the workspace's targets" in result.output
    )


def test_glossary_errors_are_findings(workspace) -> None:
    glossary = workspace.paths.glossaries / "herne.csv"
    glossary.write_text(
        "term,variants,type,case_sensitive,compounds,note,en,fr,ro,bg,pl,tr,ru,ar\n"
        "Fachbereich Integration,,fixed,false,false,,Integration Department,,,,,,,\n",
        encoding="utf-8",
    )
    result = invoke(workspace.root, "glossary", "check")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    assert "has no fr, ro, bg, pl, tr, ru, ar translation" in result.output


def test_a_held_workspace_lock_exits_4(workspace) -> None:
    from pipeline.lock import WorkspaceLock

    write_announcement(
        workspace.paths.announcements, "2026-02-09-anmeldung", "Die vhs Herne lädt ein."
    )
    with WorkspaceLock(workspace):
        result = invoke(workspace.root, "translate")
    assert result.exit_code == ExitCode.BUSY and "lock" in result.output


def test_no_translation_server_answering_exits_5(workspace) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write_announcement(
        workspace.paths.announcements, "2026-02-09-anmeldung", "Die vhs Herne lädt ein."
    )
    text = workspace.config_path.read_text(encoding="utf-8").replace(
        "[engine]\n",
        f'[engine]\nbackend = "libretranslate"\nservers = ["http://127.0.0.1:{port}"]\n',
        1,
    )
    workspace.config_path.write_text(text, encoding="utf-8")
    result = invoke(workspace.root, "translate")
    assert result.exit_code == ExitCode.NETWORK, result.output
    assert "no LibreTranslate server answers" in result.output


def test_detect_in_a_workspace_with_a_broken_configuration_says_so(workspace) -> None:
    workspace.config_path.write_text("[languages\nsource = 'de'\n", encoding="utf-8")
    result = invoke(workspace.root, "detect", "Die Stadt Herne lädt alle Familien ein.")
    assert result.exit_code == ExitCode.FAILED and "vielfalt.toml:1" in result.output


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_ingesting_from_an_unreachable_city_server_exits_5(workspace) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/integration/aktuelles"
    result = invoke(workspace.root, "ingest", url)
    assert result.exit_code == ExitCode.NETWORK, result.output
    assert "cannot fetch" in result.output


def test_an_unreachable_server_beside_a_broken_file_is_a_plain_failure(workspace, tmp_path) -> None:
    broken = tmp_path / "kaputt.jsonl"
    broken.write_text('{"title": "Sprachcafé"}\n', encoding="utf-8")
    url = f"http://127.0.0.1:{_closed_port()}/integration/aktuelles"
    result = invoke(workspace.root, "ingest", url, str(broken))
    assert result.exit_code == ExitCode.FAILED, result.output
    assert f"{broken}:1:" in result.output and "cannot fetch" in result.output


def test_sync_with_the_city_server_unreachable_exits_5(workspace) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/integration/aktuelles"
    with workspace.config_path.open("a", encoding="utf-8") as config:
        config.write(f'\n[sources]\nurls = ["{url}"]\n')
    result = invoke(workspace.root, "sync")
    assert result.exit_code == ExitCode.NETWORK, result.output
