"""A city editor's and IT's day without surprises: messages that read right, forgiving input
where it costs nothing, tables that fit a terminal."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.config import init_workspace


@pytest.fixture
def ws(tmp_path):
    workspace, _ = init_workspace(tmp_path / "ws")
    return workspace


def invoke(workspace, *args):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])


@pytest.mark.parametrize("given", ["EN", "en-GB", "Fr", "en_GB,fr"])
def test_language_codes_are_read_in_any_case_and_with_a_region(ws, given) -> None:
    result = invoke(ws, "status", "--to", given)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("given", "meant"), [("eng", "en"), ("ua", "uk"), ("fra", "fr"), ("Englisch", "en")])
def test_a_mistyped_language_code_is_a_usage_error_with_the_code_meant(ws, given, meant) -> None:
    result = invoke(ws, "translate-text", "--to", given, "Das Bürgerbüro ist am Montag geschlossen.")
    assert result.exit_code == 2, result.output
    assert f"did you mean {meant}?" in result.output


def test_an_unknown_language_code_is_a_usage_error(ws) -> None:
    result = invoke(ws, "translate-text", "--to", "xx", "Hallo")
    assert result.exit_code == 2 and "xx not among the languages vielfalt supports" in result.output


def test_a_configuration_saved_with_a_byte_order_mark_is_read(ws) -> None:
    text = ws.config_path.read_text(encoding="utf-8")
    ws.config_path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert invoke(ws, "status").exit_code == 0


def test_a_configuration_saved_as_windows_1252_is_named_with_its_line(ws) -> None:
    text = ws.config_path.read_text(encoding="utf-8")
    text = text.replace('[site]\n', '[site]\nname = "Stadt Herne – Integrationsbüro"\n', 1)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("# name"))
    ws.config_path.write_bytes(text.encode("cp1252"))
    line = text.split("\n").index('name = "Stadt Herne – Integrationsbüro"') + 1
    result = invoke(ws, "status")
    assert result.exit_code == 1, result.output
    assert f"vielfalt.toml:{line}: not valid UTF-8" in result.output and "Windows-1252" in result.output


def test_the_status_table_fits_80_columns_with_whole_headings(ws) -> None:
    result = invoke(ws, "status")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    assert lines[0].split() == [
        "lang", "approved", "machine", "outdated", "untranslated", "obsolete", "words", "to",
        "review", "publishable",
    ]


def test_status_shows_announcements_by_language_within_80_columns(ws, tmp_path) -> None:
    import json

    source = tmp_path / "meldungen.jsonl"
    body = "Am Montag, 9. Februar 2026, öffnet das Sprachcafé für Vertreter*innen aller Vereine."
    rows = [{"title": f"Sprachcafé im Stadtteilzentrum Nummer {n}", "date": "2026-02-09", "body": body + f" Treffen {n}."} for n in range(3)]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    assert invoke(ws, "ingest", str(source)).exit_code == 0
    result = invoke(ws, "status", "--announcements")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["announcement", "en", "fr"]
    assert len([line for line in lines if line.startswith("2026-02-09-")]) == 3
    assert all(len(line) <= 80 for line in lines), lines


def test_counts_read_as_english(ws) -> None:
    glossary = ws.paths.glossaries / "herne.csv"
    glossary.write_text("term,variants,type,case_sensitive,compounds,note\nHerne,,keep,,,\n", "utf-8")
    result = invoke(ws, "glossary", "check")
    assert "1 term: 0 errors, 0 warnings" in result.output


def test_the_wrapper_runs_through_a_symlink_from_another_folder(tmp_path) -> None:
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    link = tmp_path / "bin" / "vielfalt"
    link.parent.mkdir()
    link.symlink_to(root / "vielfalt")
    done = subprocess.run([str(link), "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "vielfalt, version" in done.stdout


def test_language_pages_appear_only_where_there_is_something_to_read(ws, tmp_path) -> None:
    import json

    source = tmp_path / "meldungen.jsonl"
    body = "Am Montag, 9. Februar 2026, öffnet das Sprachcafé für Vertreter*innen aller Vereine."
    source.write_text(json.dumps({"title": "Sprachcafé", "date": "2026-02-09", "body": body}) + "\n", "utf-8")
    assert invoke(ws, "ingest", str(source)).exit_code == 0
    for command in (["publish"], ["publish", "--to", "en"], ["publish"]):
        assert invoke(ws, *command).exit_code == 0
        published = ws.root / "published"
        assert (published / "de" / "index.html").exists()
        assert not (published / "en" / "index.html").exists(), command
        assert "../en/index.html" not in (published / "de" / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n%\x80\x81\x82\x83\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml", "a Word document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00content", "a ZIP archive"),
    ],
)
@pytest.mark.parametrize("name", ["pressemitteilung.txt", "pressemitteilung.pdf"])
def test_a_binary_file_is_named_as_what_it_is_whatever_it_is_called(
    ws, tmp_path, content, kind, name
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    result = invoke(ws, "ingest", str(source))
    assert result.exit_code == 1, result.output
    assert f"is {kind}" in result.output and "Windows-1252" not in result.output
    again = invoke(ws, "ingest", "--encoding", "cp1252", str(source))
    assert f"is {kind}" in again.output and "charmap" not in again.output
