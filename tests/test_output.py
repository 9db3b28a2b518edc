"""The shared renderer and progress display of the command line."""

import csv
import io
import json
import shutil
from pathlib import Path

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


def test_progress_bars_are_drawn_on_a_terminal(monkeypatch) -> None:
    from pipeline.output import Context

    stderr = _Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    with Context(None, 0).progress() as progress:
        progress("MT de-en@1", 5, 10)
        progress("MT de-en@1", 10, 10)
    assert "MT de-en@1" in stderr.getvalue() and "to do" not in stderr.getvalue()


def test_off_a_terminal_a_stage_says_what_it_will_do_and_when_it_is_done(monkeypatch) -> None:
    from pipeline.output import Context

    stderr = io.StringIO()  # cron, a log file
    monkeypatch.setattr("sys.stderr", stderr)
    with Context(None, 0).progress() as progress:
        progress("MT de-en@1", 0, 1200)
        progress("MT de-en@1", 5, 1200)  # within 10 s of the start: no line
        progress("MT de-en@1", 1200, 1200)
    assert stderr.getvalue().splitlines()[0] == "MT de-en@1: 1,200 to do"
    assert stderr.getvalue().splitlines()[1].startswith("MT de-en@1: done, 1,200 in ")
    assert len(stderr.getvalue().splitlines()) == 2


def test_off_a_terminal_a_long_stage_reports_where_it_stands(monkeypatch) -> None:
    from pipeline.output import Context

    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    monkeypatch.setattr(Progress, "LINE_EVERY", 0.0)  # every call is "10 s later"
    with Context(None, 0).progress() as progress:
        progress("Writing catalogs", 0, 4)
        progress("Writing catalogs", 1, 4)
    assert "Writing catalogs: 1 of 4 (25%) after" in stderr.getvalue()


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
