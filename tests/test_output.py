"""The shared renderer and progress display of the command line."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from pipeline.cli import cli
from pipeline.output import Column, Progress, render

ROWS = [
    {"lang": "fr", "approved": 3, "note": "Ville de Herne"},
    {"lang": "ar", "approved": 12, "note": "مدينة هيرنه"},
]
COLUMNS = (Column("lang", "lang", 4), Column("approved", "approved", 8, right=True))


def test_text_tables_align_under_their_headings() -> None:
    assert render(ROWS, "text", COLUMNS) == "lang approved\nfr          3\nar         12\n"


def test_json_keeps_every_field_and_non_latin_text_as_is() -> None:
    assert json.loads(render(ROWS, "json", COLUMNS)) == ROWS
    assert "مدينة هيرنه" in render(ROWS, "json")


def test_csv_writes_the_columns_with_raw_values() -> None:
    rows = list(csv.reader(io.StringIO(render(ROWS, "csv", COLUMNS))))
    assert rows == [["lang", "approved"], ["fr", "3"], ["ar", "12"]]


def test_json_of_a_report_turns_paths_and_tuples_into_plain_values() -> None:
    document = {"written": [Path("locales/fr/x.po")], "route": ("de-en@1", "en-fr@1")}
    assert json.loads(render([], "json", document=document)) == {
        "written": ["locales/fr/x.po"],
        "route": ["de-en@1", "en-fr@1"],
    }


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("stderr", "drawn"), [(io.StringIO(), False), (_Terminal(), True)],
                         ids=["pipe", "terminal"])  # fmt: skip
def test_progress_bars_are_drawn_on_a_terminal_only(monkeypatch, stderr, drawn) -> None:
    from pipeline.output import Context

    monkeypatch.setattr("sys.stderr", stderr)
    with Context(None, 0).progress() as progress:
        progress("MT de-en@1", 5, 10)
        progress("MT de-en@1", 10, 10)
    assert ("MT de-en@1" in stderr.getvalue()) is drawn


def test_progress_bars_are_never_drawn_under_quiet_or_json(monkeypatch) -> None:
    from pipeline.output import Context

    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    for context, fmt in ((Context(None, -1), "text"), (Context(None, 0), "json")):
        with context.progress(fmt) as progress:
            progress("MT de-en@1", 10, 10)
    assert terminal.getvalue() == ""


def test_a_progress_display_draws_one_bar_per_stage() -> None:
    stream = io.StringIO()
    with Progress(stream) as progress:
        progress("MT de-en@1", 1, 2)
        progress("MT de-en@1", 2, 2)
        progress("Writing catalogs", 1, 1)
    drawn = stream.getvalue()
    assert drawn.count("MT de-en@1") == 1 and drawn.count("Writing catalogs") == 1


def test_check_and_glossary_list_speak_csv(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["init", str(tmp_path)])
    shutil.copy(ROOT / "glossaries" / "herne.csv", tmp_path / "glossaries")
    listed = runner.invoke(cli, ["--workspace", str(tmp_path), "glossary", "list", "--csv"])
    assert listed.exit_code == 0, listed.output
    rows = list(csv.DictReader(io.StringIO(listed.output)))
    assert {"term": "Kommunales Integrationszentrum", "type": "fixed"}.items() <= next(
        r for r in rows if r["term"] == "Kommunales Integrationszentrum"
    ).items()
    checked = runner.invoke(cli, ["--workspace", str(tmp_path), "check", "--csv"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.splitlines()[0] == "file,line,key,language,state,check,severity,message"
