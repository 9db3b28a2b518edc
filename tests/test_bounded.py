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


def test_an_entry_header_whose_date_group_may_be_empty_is_refused_with_its_line(ws, tmp_path) -> None:
    add_config(ws, '[sources.profile]\nentry_header = "Meldung(?: vom (?P<date>.+))?"\n')
    page = tmp_path / "aktuelles.txt"
    page.write_text("Meldung\nSprachkurs beginnt\n" + TEXT + "\n", encoding="utf-8")
    result = invoke(ws, "ingest", "--dry-run", str(page))
    assert result.exit_code == 1, result.output
    assert "vielfalt.toml:" in result.output and "must match whenever" in result.output


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


def test_escaped_code_in_an_article_appears_escaped_on_the_german_page(ws, tmp_path) -> None:
    page = tmp_path / "warnung.html"
    page.write_text(
        "<html><head><title>Warnung vor Betrugsmails</title></head><body><article>"
        "<h1>Warnung vor Betrugsmails</h1><p>Die Stadt Herne warnt am Montag, 9. Februar 2026, "
        "vor gefälschten E-Mails, in denen Code wie &lt;script&gt;alert('escaped')&lt;/script&gt; "
        "steht. Öffnen Sie solche Anhänge nicht.</p></article></body></html>",
        encoding="utf-8",
    )
    assert invoke(ws, "ingest", str(page)).exit_code == 0
    assert invoke(ws, "publish").exit_code == 0
    html = next((ws.root / "published" / "de").glob("*betrugsmails*.html")).read_text("utf-8")
    assert "Code wie &lt;script&gt;alert(&#39;escaped&#39;)&lt;/script&gt; steht" in html
    assert "<script>alert" not in html and "\\&lt;" not in html


def test_markdown_escapes_show_as_the_characters_themselves() -> None:
    from pipeline.publish.site import plain_inline, render_inline

    assert str(render_inline(r"Vertreter\*innen und \*kein Stern\* und *echt*")) == (
        "Vertreter*innen und *kein Stern* und <em>echt</em>"
    )
    assert plain_inline(r"\[Entwurf\] Sprachcafé") == "[Entwurf] Sprachcafé"


def test_a_tbx_larger_than_the_limit_is_refused_before_it_is_read(ws, tmp_path) -> None:
    huge = tmp_path / "termbase.tbx"
    with huge.open("wb") as handle:  # sparse: 3 GB on paper, nothing on disk
        handle.truncate(3_000_000_000)
    result = invoke(ws, "glossary", "import", str(huge))
    assert result.exit_code == 1, result.output
    assert "MB" in result.output and "MemoryError" not in result.output


@pytest.mark.parametrize("hidden", ["\u200b", "\n", "\x07", "\ufeff"])
def test_a_term_with_an_invisible_character_is_an_error_and_is_not_imported(
    ws, tmp_path, hidden
) -> None:
    from xml.sax.saxutils import escape

    term = f"Integrations{hidden}rat"
    tbx = tmp_path / "weblate.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><martif type="TBX" xml:lang="de"><text><body>'
        f'<termEntry><langSet xml:lang="de"><tig><term>{escape(term)}</term></tig></langSet>'
        '<langSet xml:lang="fr"><tig><term>conseil d’intégration</term></tig></langSet></termEntry>'
        '<termEntry><langSet xml:lang="de"><tig><term>Bürgerbüro</term></tig></langSet>'
        '<langSet xml:lang="fr"><tig><term>bureau des citoyens</term></tig></langSet></termEntry>'
        "</body></text></martif>",
        encoding="utf-8",
    )
    result = invoke(ws, "glossary", "import", str(tbx), "--into", "weblate.csv")
    if "\x07" in hidden:  # XML 1.0 cannot hold it: the file is refused whole
        assert result.exit_code == 1 and "Traceback" not in result.output
        return
    assert "skipped" in result.output and "invisible character" in result.output, result.output
    written = (ws.paths.glossaries / "weblate.csv").read_text(encoding="utf-8")
    assert "Bürgerbüro" in written and "Integrations" not in written


def test_glossary_check_reports_a_line_break_inside_a_term(ws) -> None:
    glossary = ws.paths.glossaries / "herne.csv"
    glossary.write_text(
        'term,variants,type,case_sensitive,compounds,note\n"Integrations\nrat",,keep,,,\n',
        encoding="utf-8",
    )
    result = invoke(ws, "glossary", "check")
    assert result.exit_code == 3, result.output
    assert "U+000A" in result.output


@pytest.mark.parametrize(
    "row", [{"blocks": []}, {"status": "complete", "blocks": [[1, 2]], "modified": "x"}, [1, 2]]
)
def test_a_manifest_page_record_of_the_wrong_shape_is_rebuilt_without_a_traceback(
    ws, tmp_path, row
) -> None:
    source = tmp_path / "meldungen.jsonl"
    source.write_text(json.dumps({"title": "Sprachcafé", "date": "2026-02-09", "body": TEXT}) + "\n", "utf-8")
    assert invoke(ws, "ingest", str(source)).exit_code == 0
    assert invoke(ws, "publish").exit_code == 0
    manifest = ws.root / "published" / ".vielfalt-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    ident = next(iter(data["pages"]["de"]))
    data["pages"]["de"][ident] = row
    manifest.write_text(json.dumps(data), encoding="utf-8")
    result = invoke(ws, "publish")
    assert result.exit_code == 0, result.output
    assert (ws.root / "published" / "de" / f"{ident}.html").exists()


def test_a_page_served_as_latin_1_is_read_with_the_charset_its_server_declares(ws) -> None:
    import http.server
    import threading

    page = (
        "<html><head><title>Sprachcafé</title></head><body><article><h1>Sprachcafé öffnet</h1>"
        f"<p>{TEXT} Größere Gruppen melden sich bitte an.</p></article></body></html>"
    ).encode("latin-1")

    class Latin1(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=ISO-8859-1")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Latin1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = invoke(ws, "ingest", f"http://127.0.0.1:{server.server_port}/sprachcafe.html")
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    written = next(ws.paths.announcements.glob("*.md")).read_text(encoding="utf-8")
    assert "Größere Gruppen" in written and "Sprachcafé öffnet" in written


def test_status_reads_catalogs_with_the_same_line_rule_as_check(ws, tmp_path) -> None:
    source = tmp_path / "meldungen.jsonl"
    source.write_text(json.dumps({"title": "Sprachcafé", "date": "2026-02-09", "body": TEXT}) + "\n", "utf-8")
    assert invoke(ws, "ingest", str(source)).exit_code == 0
    path = ws.paths.locales / "fr" / f"{next(ws.paths.announcements.glob('*.md')).stem}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
        'msgctxt "abc"\nmsgid "Sprachcafé"\nmsgstr Café des langues"\n',
        encoding="utf-8",
    )
    result = invoke(ws, "status")
    assert result.exit_code == 1, result.output
    assert f"{path}:8: not a valid PO file" in result.output
