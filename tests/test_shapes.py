"""Other cities' listings, read by their shape: what an editor who pastes such a page expects is
written first (the titles and dates), then checked. The pages are written for these tests in
the shapes real municipal pages have: a section label before every entry, a date line with a
category, a headline with its date after a dash, kickers above headlines, link labels and photo
credits under teasers."""

from __future__ import annotations

import datetime as dt

from pipeline.intake.sources import import_listing

LABEL_BEFORE_EACH = """\
Aktuelle News
Rathaus & Politik
14.03.2024
Neue Öffnungszeiten im Bürgerbüro Mitte
Ab Montag öffnet das Bürgerbüro Mitte schon um 7.30 Uhr. Termine sind online buchbar.
Mehr
Rathaus & Politik
12.03.2024
Integrationsrat tagt im Ratssaal
Der Integrationsrat berät am Donnerstag über die Förderung von Sprachkursen.
Mehr
Rathaus & Politik
08.03.2024
Bürgerhaushalt: Vorschläge bis Ende April
Bürgerinnen und Bürger können bis zum 30. April Vorschläge einreichen.
Mehr
"""

TITLE_WITH_DATE = """\
Aktivitäten 2021
Förderkonzept Kulturelle Teilhabe – 13. April 2021
Vereine können ab sofort Mittel für Projekte der kulturellen Teilhabe beantragen.
Foto: Stadt Beispielstadt/Anna Muster
Sprachpatenschaften gestartet – 2. März 2021
Zwanzig Ehrenamtliche begleiten neu zugewanderte Familien beim Deutschlernen.
"""

KICKER_AND_CATEGORY = """\
Seiteninhalt
Aktuelle Meldung
Einbürgerung
14 neue Staatsbürgerinnen und Staatsbürger
1. Oktober 2015 | Gesellschaft
Im Rathaus überreichte die Bürgermeisterin die Urkunden an vierzehn Menschen aus neun Ländern.
[Zurück]
Ehrenamt
Dank an die Lesepatinnen der Stadtbibliothek
28. September 2015 | Bildung
Seit zehn Jahren lesen Ehrenamtliche jede Woche mit Grundschulkindern.
[Zurück]
"""


def read(page: str):
    announcements, notes = import_listing(page, "seite.txt")
    return [(a.date, a.title) for a in announcements], [a.body for a in announcements], notes


def test_a_label_repeated_before_every_entry_is_a_label_and_each_entry_comes_in() -> None:
    found, bodies, notes = read(LABEL_BEFORE_EACH)
    assert found == [
        (dt.date(2024, 3, 14), "Neue Öffnungszeiten im Bürgerbüro Mitte"),
        (dt.date(2024, 3, 12), "Integrationsrat tagt im Ratssaal"),
        (dt.date(2024, 3, 8), "Bürgerhaushalt: Vorschläge bis Ende April"),
    ]
    assert all("Mehr" not in body and "Rathaus & Politik" not in body for body in bodies)
    assert any("label repeated on the page" in n for n in notes)


def test_a_headline_with_its_date_after_a_dash_opens_an_entry() -> None:
    found, bodies, _ = read(TITLE_WITH_DATE)
    assert found == [
        (dt.date(2021, 4, 13), "Förderkonzept Kulturelle Teilhabe"),
        (dt.date(2021, 3, 2), "Sprachpatenschaften gestartet"),
    ]
    assert "Foto:" not in bodies[0]


def test_a_kicker_above_the_headline_is_not_the_title_and_a_category_not_a_list_item() -> None:
    found, bodies, notes = read(KICKER_AND_CATEGORY)
    assert found == [
        (dt.date(2015, 10, 1), "14 neue Staatsbürgerinnen und Staatsbürger"),
        (dt.date(2015, 9, 28), "Dank an die Lesepatinnen der Stadtbibliothek"),
    ]
    assert bodies[0] == (
        "Im Rathaus überreichte die Bürgermeisterin die Urkunden an vierzehn Menschen aus neun "
        "Ländern."
    )
    assert any("Einbürgerung" in n and "label above the headline" in n for n in notes)


def test_two_announcements_are_never_merged() -> None:
    for page in (LABEL_BEFORE_EACH, TITLE_WITH_DATE, KICKER_AND_CATEGORY):
        found, bodies, _ = read(page)
        assert all(body.count("\n\n") <= 1 for body in bodies), bodies
        assert len({title for _, title in found}) == len(found)


def test_an_articles_date_comes_from_its_markup_never_from_the_story() -> None:
    from pipeline.intake.sources import import_html

    page = (
        '<html><head><title>Wappen erneuert</title>'
        '<meta itemprop="datePublished" content="2025-05-02T12:43:00+02:00"></head><body>'
        "<article><h1>Wappen erneuert</h1><p>Am 29. November 1875 verlieh der Kaiser der Stadt "
        "ihr Wappen. Der Rat hat es am Freitag, 2. Mai 2025, neu gestalten lassen, damit es auf "
        "den Schildern an den Ortseingängen wieder gut zu erkennen ist.</p></article></body></html>"
    )
    announcement = import_html(page, "wappen.html")
    assert announcement.date == dt.date(2025, 5, 2) and not announcement.date_uncertain


def test_sync_holds_an_entry_whose_date_comes_only_from_the_story(tmp_path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.config import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws")
    page = workspace.root / "seite.txt"
    page.write_text(
        "Sprachkurse für Eltern\n"
        "Die Kurse beginnen am 5. September 2022 in der Kita Sonnenschein.\n",
        encoding="utf-8",
    )
    config = workspace.config_path
    config.write_text(config.read_text(encoding="utf-8") + '\n[sources]\nfiles = ["seite.txt"]\n', "utf-8")
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "sync"])
    assert "held for an editor" in result.output, result.output
    assert not list(workspace.paths.announcements.glob("*.md"))
    imported = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "ingest", str(page)])
    assert imported.exit_code == 0 and "date uncertain" in imported.output


HTML_LISTING = """<!doctype html><html lang="de"><head><title>Pressemitteilungen – Stadt Beispielstadt</title></head>
<body><header><nav><a href="/">Startseite</a></nav></header><main><h1>Pressemitteilungen</h1>
<div class="news-list">
<article class="news-item"><time datetime="2024-03-14">14.03.2024</time>
<h2><a href="/presse/buergerbuero">Bürgerbüro Mitte öffnet früher</a></h2>
<p>Ab Montag öffnet das Bürgerbüro Mitte schon um 7.30 Uhr für alle Anliegen.</p><a href="/presse/buergerbuero">Mehr</a></article>
<article class="news-item"><time datetime="2024-03-12">12.03.2024</time>
<h2><a href="/presse/integrationsrat">Integrationsrat berät über Sprachkurse</a></h2>
<p>Der Integrationsrat berät am Donnerstag über die Förderung von Sprachkursen für Eltern.</p><a href="/presse/integrationsrat">Mehr</a></article>
<article class="news-item"><time datetime="2024-03-08">08.03.2024</time>
<h2><a href="/presse/buergerhaushalt">Vorschläge zum Bürgerhaushalt</a></h2>
<p>Bürgerinnen und Bürger können bis Ende April Vorschläge für den Haushalt einreichen.</p><a href="/presse/buergerhaushalt">Mehr</a></article>
</div></main><footer>Impressum</footer></body></html>"""

HTML_ARTICLE_WITH_SIDEBAR = """<!doctype html><html lang="de"><head><title>Sprachcafé öffnet</title>
<meta property="article:published_time" content="2024-03-20T09:00:00+01:00"></head><body><main>
<article><h1>Sprachcafé öffnet im Stadtteilzentrum</h1>
<p>Am Montag öffnet im Stadtteilzentrum Pluto ein Sprachcafé für alle, die Deutsch üben möchten.
Ehrenamtliche begleiten die Gespräche; die Teilnahme ist kostenlos und ohne Anmeldung möglich.</p>
<p>Das Sprachcafé ist jeden Montag von 15 bis 17 Uhr geöffnet. Kinder können mitgebracht werden,
für sie gibt es eine Spielecke mit Betreuung durch zwei Erzieherinnen des Familienzentrums.</p></article>
<aside><h2>Weitere Meldungen</h2><ul>
<li><time datetime="2024-03-14">14.03.2024</time> <a href="/a">Bürgerbüro Mitte öffnet früher</a></li>
<li><time datetime="2024-03-12">12.03.2024</time> <a href="/b">Integrationsrat berät über Sprachkurse</a></li>
</ul></aside></main></body></html>"""


def test_an_html_listing_gives_one_announcement_per_block_with_its_date_and_link() -> None:
    from pipeline.intake.sources import import_html_page

    announcements, _ = import_html_page(HTML_LISTING, "presse.html", "https://www.beispielstadt.example/presse/")
    assert [(a.date, a.title) for a in announcements] == [
        (dt.date(2024, 3, 14), "Bürgerbüro Mitte öffnet früher"),
        (dt.date(2024, 3, 12), "Integrationsrat berät über Sprachkurse"),
        (dt.date(2024, 3, 8), "Vorschläge zum Bürgerhaushalt"),
    ]
    assert announcements[0].url == "https://www.beispielstadt.example/presse/buergerbuero"
    assert announcements[0].body.startswith("Ab Montag öffnet") and "Mehr" not in announcements[0].body


def test_an_article_with_a_sidebar_of_other_news_stays_one_article() -> None:
    from pipeline.intake.sources import import_html_page

    announcements, _ = import_html_page(HTML_ARTICLE_WITH_SIDEBAR, "sprachcafe.html")
    assert [(a.date, a.title) for a in announcements] == [
        (dt.date(2024, 3, 20), "Sprachcafé öffnet im Stadtteilzentrum")
    ]


WRAPPED_AND_REPEATED = """\
BILD
BILD
09 August 2018 18:33
Reparaturcafé im Stadtteil:
Treffen im Garten
Das Reparaturcafé trifft sich am Sonntag, 12. August 2018, im Garten des Bürgerhauses.
08 August 2018 17:34
Neue Sprachkurse für Eltern mit
Kindern im Kita-Alter
Die Volkshochschule bietet ab September drei neue Kurse am Vormittag an.
"""


def test_a_headline_wrapped_over_two_lines_is_one_title_and_a_day_without_a_period_a_date() -> None:
    found, bodies, _ = read(WRAPPED_AND_REPEATED)
    assert found == [
        (dt.date(2018, 8, 9), "Reparaturcafé im Stadtteil: Treffen im Garten"),
        (dt.date(2018, 8, 8), "Neue Sprachkurse für Eltern mit Kindern im Kita-Alter"),
    ]
    assert bodies[0].startswith("Das Reparaturcafé trifft sich")


def test_a_label_with_nothing_after_it_at_the_end_of_an_entry_is_dropped() -> None:
    page = (
        "Meldung vom 21.11.2017\nFachtag zum Integrationskonzept\n"
        "Am 28. November 2017 lädt das Integrationszentrum zur Fachtagung ein.\n"
        "Zu dieser Meldung können wir Ihnen folgendes Medium anbieten:\n"
    )
    (announcement,), notes = import_listing(page, "fachtag.txt")
    assert announcement.body == "Am 28. November 2017 lädt das Integrationszentrum zur Fachtagung ein."
    assert any("a label with nothing after it" in n for n in notes)


def test_an_article_under_a_section_label_takes_its_headline_and_its_bracketed_date() -> None:
    page = """\
Gemeinde Beispielfeld
Seitenbereiche
Volltextsuche
Was suchen Sie?
Seiteninhalt
Gemeinderatsberichte lesen
Öffentliche Sitzung des Gemeinderates am 13. Dezember 2021
[Online seit 16.12.2021]
Ein letztes Mal im Jahr tagte der Gemeinderat in der Aula der Grundschule.
Der Rat beschloss den Bebauungsplan für das neue Wohngebiet am Ortsrand.
"""
    (announcement,), notes = import_listing(page, "bericht.txt")
    assert (announcement.date, announcement.title) == (
        dt.date(2021, 12, 16), "Öffentliche Sitzung des Gemeinderates am 13. Dezember 2021"
    )
    assert announcement.body.startswith("Ein letztes Mal im Jahr")
    assert any("Gemeinderatsberichte lesen" in n and "label above the headline" in n for n in notes)


def test_a_byline_above_the_date_is_not_the_headline() -> None:
    page = (
        "Gemeinde Beispielfeld (Druckversion)\nAutor: Gemeinde Beispielfeld\nArtikel vom 19.12.2014\n"
        "Aus der Sitzung des Gemeinderats\n"
        "Der Gemeinderat hat dem Neubau der Turnhalle zugestimmt. Die Arbeiten beginnen im Frühjahr.\n"
    )
    (announcement,), _ = import_listing(page, "sitzung.txt")
    assert (announcement.date, announcement.title) == (dt.date(2014, 12, 19), "Aus der Sitzung des Gemeinderats")


def test_month_first_dates_and_captions_naming_their_photographer() -> None:
    page = (
        "Neue Buslinie zum Rathaus\nApril 9, 2025\n"
        "Ab Montag fährt die Linie 12 alle zehn Minuten zum Rathaus.\n"
        "Der neue Bus hält vor dem Bürgerbüro. (Foto: Stadt Beispielstadt)\n"
        "Sommerfest im Stadtpark\nMai 5, 2025\n"
        "Am Samstag feiern Vereine aus 20 Ländern im Stadtpark.\n"
    )
    found, bodies, notes = read(page)
    assert found == [
        (dt.date(2025, 4, 9), "Neue Buslinie zum Rathaus"),
        (dt.date(2025, 5, 5), "Sommerfest im Stadtpark"),
    ]
    assert "(Foto:" not in bodies[0] and any("image caption" in n for n in notes)


def test_a_page_without_any_date_is_refused_in_one_line_naming_the_way_out(tmp_path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.config import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws")
    page = tmp_path / "sprechzeiten.txt"
    page.write_text(
        "Neue Sprechzeiten im Bürgerbüro\n"
        "Das Bürgerbüro Mitte öffnet künftig schon um 7.30 Uhr. Termine sind online buchbar.\n",
        encoding="utf-8",
    )
    run = ["--workspace", str(workspace.root), "ingest", str(page)]
    refused = CliRunner().invoke(cli, run)
    assert refused.exit_code == 1 and "no publication date stated" in refused.output
    assert "--date YYYY-MM-DD" in refused.output and "Traceback" not in refused.output
    dated = CliRunner().invoke(cli, [*run[:3], "--date", "2026-02-09", str(page)])
    assert dated.exit_code == 0, dated.output
    assert (workspace.paths.announcements / "2026-02-09-neue-sprechzeiten-im-buergerbuero.md").exists()
