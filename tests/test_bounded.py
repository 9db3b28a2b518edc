"""Bounded wherever data arrives: hostile shapes of input end in a result or one clear line,
never a traceback, a hang or a held lock. How time grows with size is measured by
`bench/hostile_growth.py`, not here (no test is timed).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.config import init_workspace

pytestmark = pytest.mark.hostile

TEXT = "Am Montag, 9. Februar 2026, beginnt der Sprachkurs für Vertreter*innen aus Herne."


@pytest.fixture
def ws(tmp_path):
    workspace, _ = init_workspace(tmp_path / "ws")
    return workspace


def invoke(workspace, *args):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])


def add_config(workspace, text: str) -> None:
    config = workspace.config_path
    config.write_text(config.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def test_a_profile_pattern_with_nested_quantifiers_refuses_the_page_in_one_line(ws, tmp_path) -> None:
    add_config(ws, '[sources.profile]\nentry_header = "(?P<date>(a|aa)+b)"\n')
    page = tmp_path / "aktuelles.txt"
    page.write_text("Aktuelles\n" + "a" * 40 + "\n" + TEXT + "\n", encoding="utf-8")
    result = invoke(ws, "ingest", str(page))
    assert result.exit_code == 1, result.output
    assert "took over 0.5 s on one line" in result.output and "Traceback" not in result.output
    assert "nested quantifiers" in result.output
    again = invoke(ws, "ingest", str(page))  # the workspace lock was released
    assert again.exit_code == 1 and "busy" not in again.output


def test_an_entry_header_whose_date_group_may_be_empty_gives_no_traceback(ws, tmp_path) -> None:
    add_config(ws, '[sources.profile]\nentry_header = "Meldung(?: vom (?P<date>.+))?"\n')
    page = tmp_path / "aktuelles.txt"
    page.write_text("Meldung\nSprachkurs beginnt\n" + TEXT + "\n", encoding="utf-8")
    result = invoke(ws, "ingest", "--dry-run", str(page))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('[sources.profile]\nchrome = "x"\n', "chrome must be a table"),
        ('[languages]\ntargets = [["en"]]\n', "must be a list of text values"),
        ("[languages]\ntargets = [{a = 1}]\n", "must be a list of text values"),
        ('[engine.servers]\nurl = "http://localhost:5000"\n', "servers must be"),
    ],
)
def test_a_value_of_the_wrong_shape_is_one_line_with_its_line_number(ws, setting, message) -> None:
    text = ws.config_path.read_text(encoding="utf-8")
    if setting.startswith("[languages]"):
        text = text.replace('targets = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]', "")
        text = text.replace("[languages]\n", setting, 1)
    else:
        text += "\n" + setting
    ws.config_path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if row.startswith(setting.split("\n")[1][:6]) or row == setting.split("\n")[0])
    result = invoke(ws, "status")
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert f"vielfalt.toml:{line}" in result.output or f"vielfalt.toml:{line + 1}" in result.output, result.output


def deep_html(depth: int) -> str:
    return "<div>" * depth + TEXT + "</div>" * depth


def test_body_html_nested_thousands_deep_in_jsonl_comes_in(ws, tmp_path) -> None:
    source = tmp_path / "meldungen.jsonl"
    record = {"title": "Sprachkurs beginnt", "date": "2026-02-09", "body_html": deep_html(5000)}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = invoke(ws, "ingest", str(source))
    assert result.exit_code == 0, result.output
    written = next(ws.paths.announcements.glob("*.md")).read_text(encoding="utf-8")
    assert "Vertreter\\*innen aus Herne" in written or "Vertreter*innen aus Herne" in written


def test_an_rss_description_nested_thousands_deep_comes_in(ws, tmp_path) -> None:
    import html

    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Stadt Herne'
        "</title><link>https://www.herne.example/</link><description>Meldungen</description>"
        "<item><title>Sprachkurs beginnt</title><link>https://www.herne.example/a</link>"
        "<pubDate>Mon, 09 Feb 2026 10:00:00 +0100</pubDate><description>"
        + html.escape(deep_html(5000))
        + "</description></item></channel></rss>",
        encoding="utf-8",
    )
    result = invoke(ws, "ingest", str(feed))
    assert result.exit_code == 0, result.output


def test_a_paragraph_of_200000_brackets_is_read_to_its_end(ws, tmp_path) -> None:
    page = tmp_path / "meldung.html"
    page.write_text(
        "<html><head><title>Sprachkurs</title></head><body><article><h1>Sprachkurs beginnt</h1>"
        f"<p>{TEXT}</p><p>{'[' * 200_000}</p><p>{'[a](' * 20_000}</p></article></body></html>",
        encoding="utf-8",
    )
    result = invoke(ws, "ingest", "--dry-run", "--allow-other-language", str(page))
    assert result.exit_code == 0, result.output
    assert "would create" in result.output
