"""Main-text extraction of article pages: vielfalt's own extractor against trafilatura.

Three city page shapes written for vielfalt's tests (tests/pages/: a Herne article with cookie
banner, breadcrumb, caption and contact box; a press release with a related-links box; a
div-only CMS page without <article> or <main>). Per page and extractor: how many of the
expected sentences were found, which page chrome leaked, and the date. The extractor that does
better is the one `import_html` uses (trafilatura, the own one as its fallback).

    uv run python bench/html_extraction.py
"""

from __future__ import annotations

from pathlib import Path

PAGES = Path(__file__).resolve().parents[1] / "tests" / "pages"
CASES = {
    "herne.html": (
        ["Das Sprachcafé im Kulturzentrum öffnet", "Ehrenamtliche begleiten die Gespräche",
         "Weitere Informationen gibt es beim"],
        ["Cookie", "Alle akzeptieren", "Homepage", "Telefon", "Impressum", "Foto: Stadt Herne"],
    ),
    "bochum.html": (
        ["Ab Montag, 13. November 2017", "Termine können online vereinbart werden"],
        ["Zum Inhalt", "Weitere Meldungen", "Stadtbücherei", "Teilen", "Willy-Brandt-Platz"],
    ),
    "cms.html": (
        ["Der Integrationsrat der Stadt Gelsenkirchen tagt", "Auf der Tagesordnung stehen"],
        ["Newsletter", "Leichte Sprache", "Folgen Sie uns"],
    ),
}  # fmt: skip


def main() -> None:
    from pipeline.intake.markup import html_title, html_to_markdown, main_text

    totals = {"vielfalt's own": [0, 0, 0], "trafilatura": [0, 0, 0]}
    for name, (wanted, chrome) in CASES.items():
        html = (PAGES / name).read_text(encoding="utf-8")
        title = html_title(html) or ""
        results = {
            "vielfalt's own": html_to_markdown(html, drop_title=title),
            "trafilatura": main_text(html, title)[0],
        }
        for label, text in results.items():
            found = sum(sentence in text for sentence in wanted)
            leaked = [c for c in chrome if c in text]
            totals[label][0] += found
            totals[label][1] += len(wanted)
            totals[label][2] += len(leaked)
            print(f"{name:12} {label:15} sentences {found}/{len(wanted)}  chrome leaked: "
                  f"{', '.join(leaked) or 'none'}")  # fmt: skip
    for label, (found, wanted, leaked) in totals.items():
        print(f"{label:15} {found}/{wanted} sentences, {leaked} chrome lines leaked")


if __name__ == "__main__":
    main()
