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


# ------------------------------------------------------------ shapes studied on more pages
# Each page below is written for the test in a shape seen on real municipal pages: a date line
# above the headline, an archive notice, a page label over an undated notice, a site header with
# contact addresses, an official notice signed with place and date, a date opening the lead, a
# weekday before the date, listings whose date closes each entry, bulleted teasers on a home page.


def test_a_date_line_above_the_headline_starts_the_article() -> None:
    page = (
        "Sprungziele\nInhalt\n16.03.2020\n\nSitzungen des Ortsbeirats abgesagt\n\n"
        "Der Ortsvorsteher hat gemeinsam mit der Verwaltung entschieden, die Sitzungen bis zum "
        "19.04.2020 auszusetzen.\n"
    )
    (announcement,), notes = import_listing(page, "absage.txt")
    assert (announcement.date, announcement.title) == (dt.date(2020, 3, 16), "Sitzungen des Ortsbeirats abgesagt")
    assert not announcement.date_uncertain and "Sprungziele" not in announcement.body
    assert any("Sprungziele" in n and "dropped" in n for n in notes)


def test_an_archive_notice_is_chrome_and_its_dated_label_the_publication_date() -> None:
    page = (
        "Archivmeldung des Pressedienstes vom 03.03.2019:\n"
        "Bitte beachten Sie, dass die Inhalte (Termine, Kontakte) möglicherweise nicht mehr aktuell sind.\n"
        "Integrationsrat stellt Jahresbericht vor\n"
        "Der Integrationsrat hat am 1. März 2019 seinen Bericht über das vergangene Jahr beschlossen.\n"
    )
    (announcement,), notes = import_listing(page, "archiv.txt")
    assert (announcement.date, announcement.title) == (dt.date(2019, 3, 3), "Integrationsrat stellt Jahresbericht vor")
    assert "nicht mehr aktuell" not in announcement.body
    assert any("archive notice" in n for n in notes)


def test_a_notice_that_the_article_may_be_outdated_is_not_text() -> None:
    page = (
        "Mehr Stellen für die Beratung von Zugewanderten\n"
        "09. Februar 2022, 15:13 Uhr | Stadt Beispielstadt\n"
        "Diese Meldung ist vom 09. Februar 2022, 15:13 Uhr. Gegebenenfalls sind einzelne Inhalte "
        "nicht mehr aktuell. Aktuelle Meldungen finden Sie unter https://www.beispielstadt.example/aktuelles\n"
        "Die Stadt richtet zwölf neue Stellen in der Beratung ein.\n"
    )
    (announcement,), _ = import_listing(page, "stellen.txt")
    assert announcement.date == dt.date(2022, 2, 9)
    assert announcement.body == "Die Stadt richtet zwölf neue Stellen in der Beratung ein."


def test_a_page_label_over_an_undated_notice_is_not_its_title_and_its_date_is_a_marked_guess() -> None:
    page = (
        "Aktuelle Meldung\n\nDas Bürgerbüro bleibt geschlossen\n\n"
        "Liebe Bürgerinnen und Bürger,\n\n"
        "das Bürgerbüro ist ab Dienstag, den 15.12.2020 für den Publikumsverkehr geschlossen.\n\n"
        "Ab dem 11. Januar 2021 sind Termine wieder möglich.\n"
    )
    (announcement,), notes = import_listing(page, "buergerbuero.txt")
    assert announcement.title == "Das Bürgerbüro bleibt geschlossen"
    assert announcement.date == dt.date(2020, 12, 15) and announcement.date_uncertain
    assert any("date uncertain" in n for n in notes)


def test_a_site_header_with_contact_addresses_is_never_the_title() -> None:
    page = (
        "Zum Inhalt (ALT-C)\nSeite ausdrucken\n"
        "Gemeinde Beispielfeld  |  E-Mail: rathaus@beispielfeld.example  |  Online: https://www.beispielfeld.example\n"
        "Aus dem Gemeinderat - Sitzung vom 16. Mai 2019\n"
        "Der Gemeinderat hat in seiner Sitzung am 16.05.2019 den Haushalt beschlossen.\n"
    )
    (announcement,), notes = import_listing(page, "gemeinderat.txt")
    assert announcement.title == "Aus dem Gemeinderat - Sitzung vom 16. Mai 2019"
    assert announcement.date_uncertain and any("site header" in n for n in notes)


def test_an_official_notice_is_dated_by_its_place_and_date_line_not_by_the_election_it_announces() -> None:
    page = (
        "Wahl zum Kreistag\n\n"
        "Die Wahl findet am 26. September 2021 statt. Die Wahllokale sind von 8 bis 18 Uhr geöffnet.\n\n"
        "Beispielfeld, den 09. September 2021\n\n"
        "Der Bürgermeister als Gemeindewahlbehörde\n"
    )
    (announcement,), _ = import_listing(page, "wahl.txt")
    assert announcement.date == dt.date(2021, 9, 9) and not announcement.date_uncertain


def test_a_date_opening_the_lead_is_the_articles_date() -> None:
    page = (
        "Kreisverwaltung auf Betriebsausflug\n\n"
        "17. Juni 2019: Am Mittwoch, den 26.06.2019 ist die Kreisverwaltung ganztägig geschlossen.\n\n"
        "Die Wertstoffhöfe haben normal geöffnet.\n"
    )
    (announcement,), _ = import_listing(page, "ausflug.txt")
    assert announcement.date == dt.date(2019, 6, 17) and not announcement.date_uncertain
    assert announcement.body.startswith("17. Juni 2019: Am Mittwoch")


def test_date_lines_that_name_the_weekday_anchor_a_listing() -> None:
    page = (
        "Beispielstadt\n\nDonnerstag, 19. September 2013\n\nStudientag an den Berufsschulen\n\n"
        "Die Berufsschulen laden am Dienstag, dem 24. September 2013, zu einem Studientag ein.\n\n"
        "Mittwoch, 21. August 2013\n\nSchädling im Stadtpark entdeckt\n\n"
        "Im Stadtpark hat das Grünflächenamt den Buchsbaumzünsler gefunden.\n"
    )
    found, _, _ = read(page)
    assert found == [
        (dt.date(2013, 9, 19), "Studientag an den Berufsschulen"),
        (dt.date(2013, 8, 21), "Schädling im Stadtpark entdeckt"),
    ]


def test_a_listing_whose_date_closes_each_entry_dates_each_entry_by_its_own_line() -> None:
    page = (
        "Pressemitteilungen der Gemeinden\n\n"
        "Gartenschau zählt mehr Besucher\n\n"
        "Die Gartenschau verzeichnet deutlich mehr Besucher als im Vorjahr ...\n\n29.08.2017\n\n"
        "Kreis fordert Geld für Schulbauten\n\n"
        "Die Landrätin verlangt mehr Mittel für die Sanierung der Schulen ...\n\n29.08.2017\n\n"
        "Neues Logo für die Stadtverwaltung\n\n"
        "Der Bürgermeister erklärt in einem Video, warum die Stadt ein neues Zeichen bekommt ...\n\n28.08.2017\n"
    )
    found, bodies, _ = read(page)
    assert found == [
        (dt.date(2017, 8, 29), "Gartenschau zählt mehr Besucher"),
        (dt.date(2017, 8, 29), "Kreis fordert Geld für Schulbauten"),
        (dt.date(2017, 8, 28), "Neues Logo für die Stadtverwaltung"),
    ]
    assert bodies[2].startswith("Der Bürgermeister erklärt")


def test_a_place_label_a_kicker_and_a_date_with_its_source_around_each_entry() -> None:
    page = (
        "Beispielstadt\n\nHauptstraße\n\nKellerbrand in Mehrfamilienhaus\n\n"
        "Die Feuerwehr löschte am Mittag einen Brand im Keller; niemand wurde verletzt.\n\n"
        "14.12.2017, BZ\n\n"
        "Beispielstadt\n\nStadtgeschichte\n\nFührung durch die Ausstellung\n\n"
        "Die nächste Führung beginnt am Donnerstag um 16 Uhr im Stadtarchiv.\n\n"
        "13.12.2017, BZ\n"
    )
    found, bodies, notes = read(page)
    assert found == [
        (dt.date(2017, 12, 14), "Kellerbrand in Mehrfamilienhaus"),
        (dt.date(2017, 12, 13), "Führung durch die Ausstellung"),
    ]
    assert all("Beispielstadt" not in b and "BZ" not in b and "Hauptstraße" not in b for b in bodies)
    assert any("Hauptstraße" in n and "label above the headline" in n for n in notes)


def test_bulleted_teasers_of_a_home_page_take_the_date_the_editor_gives() -> None:
    page = (
        "• Bild vom Eingang des Kreishauses\n\n"
        "    Kreishaus nur noch über den Haupteingang erreichbar\n\n"
        "    Der Zugang zum Kreishaus ist nur noch über die Drehtür am Haupteingang möglich.\n\n"
        "  • Saatgut für Blühwiesen\n\n"
        "    Die Naturschutzbehörde verschenkt wieder Saatgut für artenreiche Wiesen.\n\n"
        "  • Symbolbild Hände\n\n"
        "    Ehrenamtliche Betreuerinnen gesucht\n\n"
        "    Der Betreuungsverein sucht Menschen, die andere in ihren Angelegenheiten unterstützen.\n"
    )
    announcements, notes = import_listing(page, "startseite.txt", date=dt.date(2023, 5, 1))
    assert [(a.date, a.title) for a in announcements] == [
        (dt.date(2023, 5, 1), "Kreishaus nur noch über den Haupteingang erreichbar"),
        (dt.date(2023, 5, 1), "Saatgut für Blühwiesen"),
        (dt.date(2023, 5, 1), "Ehrenamtliche Betreuerinnen gesucht"),
    ]
    assert any("Bild vom Eingang" in n and "image text" in n for n in notes)


def test_a_list_inside_an_article_does_not_make_it_a_listing() -> None:
    page = (
        "Regeln im Wahllokal\n\n12. September 2021\n\n"
        "Im Wahllokal gelten folgende Regeln:\n\n"
        "  • Maske tragen\n  • Hände desinfizieren\n  • Abstand halten\n\n"
        "Die Wahlhelferinnen achten darauf, dass alle Regeln eingehalten werden.\n"
    )
    (announcement,), _ = import_listing(page, "regeln.txt")
    assert (announcement.date, announcement.title) == (dt.date(2021, 9, 12), "Regeln im Wahllokal")


def test_a_teaser_that_ends_in_a_colon_is_the_teaser_not_a_label() -> None:
    page = (
        "Meldung vom 22. Oktober 2021\n\nAusschüsse tagen\n\n"
        "In der kommenden Woche tagen folgende Gremien:\n\n"
        "mehr zur Meldung: Ausschüsse tagen\n"
    )
    (announcement,), _ = import_listing(page, "gremien.txt")
    assert announcement.body == "In der kommenden Woche tagen folgende Gremien:"


def test_a_byline_and_comment_prompts_under_an_article_are_chrome() -> None:
    page = (
        "Integrationsrat zieht Bilanz\n"
        "Artikel vom 20.05.2014\n"
        "Der Integrationsrat hat in vier Jahren 106 Beschlüsse gefasst.\n"
        "Autor:Anna Muster aus Beispielstadt |\n"
        "Kommentare\n"
        "Sie möchten kommentieren?\n"
    )
    (announcement,), _ = import_listing(page, "bilanz.txt")
    assert announcement.body == "Der Integrationsrat hat in vier Jahren 106 Beschlüsse gefasst."


def test_a_dated_label_with_the_headline_on_the_same_line() -> None:
    page = (
        "Pressemitteilung Nr. 17 vom 11.01.2005 Sprachkurse für Zugewanderte im Stadthaus\n\n"
        "    Integrationsbeauftragte lud zum Gespräch\n\n"
        "    Mit dem Gesetz, das am 1. Januar 2005 in Kraft trat, gibt es erstmals Integrationskurse.\n"
    )
    (announcement,), _ = import_listing(page, "sprachkurse.txt")
    assert (announcement.date, announcement.title) == (
        dt.date(2005, 1, 11), "Sprachkurse für Zugewanderte im Stadthaus"
    )
    assert not announcement.date_uncertain


def test_a_headline_the_page_repeats_is_the_title_and_a_list_of_other_headlines_above_it_is_not() -> None:
    page = (
        "Topaktuell\n\nStadtradeln beginnt im Juni\n\nKleiderkammer bis auf Weiteres geschlossen\n\n"
        "Kanalarbeiten in der Lindenstraße\n\n"
        " Satzung für den Integrationsbeirat\n\n Satzung für den Integrationsbeirat\n\n"
        "Der Stadtrat hat in seiner Sitzung vom 19. Dezember 2024 folgende Satzung beschlossen:\n\n"
        "§ 1\n\n(1) Die Stadt bildet einen Integrationsbeirat.\n"
    )
    (announcement,), notes = import_listing(page, "satzung.txt")
    assert announcement.title == "Satzung für den Integrationsbeirat"
    assert "Satzung für den Integrationsbeirat" not in announcement.body
    assert "Kleiderkammer" not in announcement.body and any("Kleiderkammer" in n for n in notes)


def test_a_title_repeated_after_a_section_label_is_said_once() -> None:
    page = (
        "Gemeinderatssitzung vom 22.02.2018\n\nAus dem Gemeinderat\n\n"
        "Gemeinderatssitzung vom 22.02.2018\n\n"
        "Der Vorsitzende begrüßte zahlreiche Zuhörer im Kindergarten.\n"
    )
    (announcement,), _ = import_listing(page, "sitzung.txt")
    assert announcement.title == "Gemeinderatssitzung vom 22.02.2018"
    assert announcement.body == "Der Vorsitzende begrüßte zahlreiche Zuhörer im Kindergarten."


def test_the_contact_block_and_the_link_to_all_press_releases_under_an_article_are_chrome() -> None:
    page = (
        "Sprachkurse sind beliebt\n\n17.09.2010\n\n"
        "Beispielstadt (SPD) Zwanzig Frauen und Männer haben den Kurs der Stadt abgeschlossen.\n\n"
        "Foto:\n\n"
        "Freude beim Deutschlernen: die Teilnehmenden des Kurses. - Foto: Stadt Beispielstadt\n\n"
        "Alle Pressemitteilungen der Stadt Beispielstadt\n\n"
        "Kontakt für Bürgerinnen und Bürger\n\nStadt Beispielstadt\n12345 Beispielstadt\n"
        "0123/45 67-0\nBehördennummer:  115\n\nrathaus@beispielstadt.example\n\n"
        "Kontakt für Presseanfragen\n\nAmt für Kommunikation\n"
    )
    (announcement,), notes = import_listing(page, "kurse.txt")
    assert announcement.body == (
        "Beispielstadt (SPD) Zwanzig Frauen und Männer haben den Kurs der Stadt abgeschlossen."
    )
    assert any("contact" in n for n in notes)


def test_a_closed_comment_box_is_chrome() -> None:
    page = (
        "Ausländerbeirat berät\n\nDer Beirat tagt am Mittwoch um 20 Uhr in der Gemeindeverwaltung.\n\n"
        "Die Kommentarfunktion ist geschlossen.\n"
    )
    (announcement,), _ = import_listing(page, "beirat.txt", date=dt.date(2016, 9, 8))
    assert announcement.body == "Der Beirat tagt am Mittwoch um 20 Uhr in der Gemeindeverwaltung."


def test_a_date_before_the_headline_on_the_same_line_opens_an_entry() -> None:
    page = (
        "Aktuelles\n"
        "14.03.2024 – Neue Öffnungszeiten im Bürgerbüro Mitte\n"
        "Ab Montag öffnet das Bürgerbüro schon um 7.30 Uhr. Termine sind online buchbar.\n"
        "12.03.2024 – Integrationsrat tagt im Ratssaal\n"
        "Der Integrationsrat berät am Donnerstag über die Förderung von Sprachkursen.\n"
        "Mo., 11.03.2024 | Soziales\n"
        "Beratung für Familien im Stadtteilzentrum\n"
        "Die Familienberatung bietet ab April eine offene Sprechstunde an.\n"
    )
    found, bodies, _ = read(page)
    assert found == [
        (dt.date(2024, 3, 14), "Neue Öffnungszeiten im Bürgerbüro Mitte"),
        (dt.date(2024, 3, 12), "Integrationsrat tagt im Ratssaal"),
        (dt.date(2024, 3, 11), "Beratung für Familien im Stadtteilzentrum"),
    ]
    assert bodies[0].startswith("Ab Montag öffnet")


def test_a_headline_with_its_date_in_brackets_opens_an_entry() -> None:
    page = (
        "Neue Öffnungszeiten im Bürgerbüro (14.03.2024)\n"
        "Ab Montag öffnet das Bürgerbüro schon um 7.30 Uhr.\n"
        "Integrationsrat tagt im Ratssaal (12.03.2024)\n"
        "Der Integrationsrat berät am Donnerstag über Sprachkurse.\n"
    )
    found, _, _ = read(page)
    assert found == [
        (dt.date(2024, 3, 14), "Neue Öffnungszeiten im Bürgerbüro"),
        (dt.date(2024, 3, 12), "Integrationsrat tagt im Ratssaal"),
    ]


def test_teasers_that_open_with_their_date_under_their_headline() -> None:
    page = (
        "Pressemitteilungen\n"
        "Neue Öffnungszeiten im Bürgerbüro\n"
        "Beispielstadt, 14.03.2024 – Ab Montag öffnet das Bürgerbüro schon um 7.30 Uhr.\n"
        "Integrationsrat tagt im Ratssaal\n"
        "Beispielstadt, 12.03.2024 – Der Integrationsrat berät am Donnerstag über Sprachkurse.\n"
    )
    found, bodies, _ = read(page)
    assert found == [
        (dt.date(2024, 3, 14), "Neue Öffnungszeiten im Bürgerbüro"),
        (dt.date(2024, 3, 12), "Integrationsrat tagt im Ratssaal"),
    ]
    assert bodies[1] == "Beispielstadt, 12.03.2024 – Der Integrationsrat berät am Donnerstag über Sprachkurse."


def test_a_chronology_inside_an_article_does_not_make_it_a_listing() -> None:
    page = (
        "Der Weg zum neuen Integrationskonzept\n"
        "Artikel vom 20.05.2024\n"
        "Das Konzept ist in mehreren Schritten entstanden.\n"
        "12.03.2024 – Der Rat berät den Entwurf.\n"
        "14.03.2024 – Die Verwaltung ergänzt ihn.\n"
        "Der Rat entscheidet im Juni.\n"
    )
    (announcement,), _ = import_listing(page, "konzept.txt")
    assert (announcement.date, announcement.title) == (
        dt.date(2024, 5, 20), "Der Weg zum neuen Integrationskonzept"
    )
    assert "14.03.2024 – Die Verwaltung ergänzt ihn." in announcement.body


def test_captions_the_page_repeats_or_that_end_in_their_credit_are_not_text() -> None:
    page = (
        "Pressearchiv\n\n"
        "Der Bürgermeister gratulierte rund 50 Menschen zur deutschen Staatsangehörigkeit.\n"
        "Der Bürgermeister gratulierte rund 50 Menschen zur deutschen Staatsangehörigkeit.\n\n"
        "Einbürgerungsfeier im Alten Ratssaal\n\n"
        "Beispielstadt (14.10.2019). Zur Einbürgerungsfeier begrüßte der Bürgermeister rund 50 Gäste.\n\n"
        "Feier im Ratssaal am 11.10.2019 © Anna Muster\n\n"
        "Gäste im Ratssaal. Restaurant am Markt. 11.10.2019 Foto: Max Beispiel - Max Beispiel\n\n"
        "Die meisten kamen aus dem Kosovo, der Ukraine und Rumänien.\n"
    )
    (announcement,), notes = import_listing(page, "feier.txt")
    assert (announcement.date, announcement.title) == (
        dt.date(2019, 10, 14), "Einbürgerungsfeier im Alten Ratssaal"
    )
    assert not announcement.date_uncertain
    assert announcement.body == (
        "Beispielstadt (14.10.2019). Zur Einbürgerungsfeier begrüßte der Bürgermeister rund 50 "
        "Gäste.\n\nDie meisten kamen aus dem Kosovo, der Ukraine und Rumänien."
    )
    assert any("image text repeated on the page" in n for n in notes)


HTML_ARTICLE_WITH_DATE_LINE_AND_CONTACT = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Mehr Beratung für Zugewanderte | Stadt Beispielstadt</title></head><body>
<header><nav><a href="/">Startseite</a> <a href="/aktuelles">Aktuelles</a></nav></header><main>
<article><h1>Mehr Beratung für Zugewanderte</h1>
<p class="date">09. Februar 2022, 15:13 Uhr | Stadt Beispielstadt</p>
<p>Der Verwaltungsvorstand hat den Weg für zwölf neue Stellen in der Beratung freigemacht. Am 1. März
1999 hatte die Stadt ihr erstes Beratungsbüro eröffnet, heute arbeiten dort sieben Menschen.</p>
<p>Die Oberbürgermeisterin sagte: „Wir werden Menschen mit Einwanderungsgeschichte noch besser begleiten.“</p>
<div class="contact"><h3>Kontakt</h3><p>Referat Zuwanderung<br>12345 Beispielstadt<br>Telefon 0123 / 45 67-89<br>
zuwanderung@beispielstadt.example</p></div>
</article></main><footer>Impressum</footer></body></html>"""


def test_an_html_articles_date_line_and_contact_block_are_not_its_text() -> None:
    from pipeline.intake.sources import import_html_page

    (announcement,), _ = import_html_page(HTML_ARTICLE_WITH_DATE_LINE_AND_CONTACT, "beratung.html")
    assert (announcement.date, announcement.title) == (dt.date(2022, 2, 9), "Mehr Beratung für Zugewanderte")
    assert announcement.body.startswith("Der Verwaltungsvorstand hat")
    assert announcement.body.endswith("noch besser begleiten.“")


def test_a_teaser_without_its_link_line_is_never_merged_silently() -> None:
    page = (
        "Am Montag, 9. Februar 2026, beginnen die Sprachkurse der Volkshochschule.\n"
        "mehr zur Meldung: Sprachkurse beginnen\n"
        "Der Integrationsrat tagt am Mittwoch, 4. Februar 2026, im Ratssaal.\n"
        "Die Stadt lädt am Dienstag, 3. Februar 2026, zum Neujahrsempfang der Vereine ein.\n"
        "mehr zur Meldung: Neujahrsempfang der Vereine\n"
    )
    announcements, notes = import_listing(page, "aktuelles.txt")
    assert [a.title for a in announcements] == ["Sprachkurse beginnen", "Neujahrsempfang der Vereine"]
    warning = next(n for n in notes if "aktuelles.txt:3" in n and "one teaser" in n)
    assert "Neujahrsempfang der Vereine" in warning and "lines 3–4" in warning


SELF_DESCRIPTION = (
    "Der Kreis Beispielland ist mit rund 600.000 Menschen in zehn Städten einer der größten "
    "Kreise im Land."
)


def test_the_self_description_under_every_press_release_of_a_listing_is_chrome() -> None:
    page = (
        "Meldung vom 13.02.2017\nNeue Datenbank für Integrationsangebote\n"
        "Die Datenbank bündelt die Angebote aller Städte des Kreises.\n"
        f"{SELF_DESCRIPTION}\n"
        "Meldung vom 10.02.2017\nWorkshop zur Integration im Kreishaus\n"
        "Gut 100 Menschen kamen zum Abschlussworkshop in den Sitzungssaal.\n"
        f"{SELF_DESCRIPTION}\n"
    )
    announcements, notes = import_listing(page, "presse.txt")
    assert [a.body for a in announcements] == [
        "Die Datenbank bündelt die Angebote aller Städte des Kreises.",
        "Gut 100 Menschen kamen zum Abschlussworkshop in den Sitzungssaal.",
    ]
    assert any("under every entry" in n for n in notes)


def test_the_self_description_under_every_page_of_one_import_is_chrome(tmp_path) -> None:
    from pipeline.intake.ingest import read_sources

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(
        "Neue Datenbank für Integrationsangebote\nArtikel vom 13.02.2017\n"
        f"Die Datenbank bündelt die Angebote aller Städte des Kreises.\n{SELF_DESCRIPTION}\n",
        encoding="utf-8",
    )
    second.write_text(
        "Workshop zur Integration im Kreishaus\nArtikel vom 10.02.2017\n"
        f"Gut 100 Menschen kamen zum Abschlussworkshop in den Sitzungssaal.\n{SELF_DESCRIPTION}\n",
        encoding="utf-8",
    )
    found, notes = read_sources([str(first), str(second)])
    assert all(SELF_DESCRIPTION not in a.body for a in found)
    assert sum("under every page" in n for n in notes) == 2


def test_text_that_only_resembles_chrome_stays() -> None:
    body = [
        "«Wir freuen uns auf viele Gäste», sagt die Bürgermeisterin.",
        "Die alten Parkausweise sind ab dem 1. Januar nicht mehr gültig und nicht mehr aktuell.",
        "Weitere Informationen gibt es unter:",
        "https://www.beispielstadt.example/parken",
        "Kontakt",
        "Das Bürgerbüro berät montags bis freitags zu allen Fragen rund um das Parken.",
        "Telefon 0123 / 45 67-0",
    ]
    page = "Neue Parkausweise für Anwohnende\nArtikel vom 02.12.2025\n" + "\n".join(body) + "\n"
    (announcement,), _ = import_listing(page, "parken.txt")
    assert announcement.body.split("\n\n") == body


CONSENT_DUMP = """\
Aktuelles: Gemeinde Beispielfeld
Diese Website verwendet Cookies und externe Dienste zur Nutzungsanalyse
Um unsere Website für Sie optimal zu gestalten, verwenden wir einwilligungspflichtige Dienste. Über den Button „Mehr“ können Sie einzeln auswählen, welche Dienste Sie zulassen möchten.
Cookie-Banner
Tracking
Diese Technologien ermöglichen es uns, die Nutzung der Website zu analysieren.
Webanalyse
Dies ist ein Webanalysedienst.
Verarbeitungsunternehmen
Beispiel Analytics GmbH
Datenverarbeitungszwecke
Diese Liste stellt die Zwecke der Datenerhebung und -verarbeitung dar.
  • Analyse
Erhobene Daten
  • IP-Adresse
  • Browser-Informationen
Rechtsgrundlage
Die Daten werden auf Grundlage von Art. 6 Abs. 1 lit. a DSGVO verarbeitet.
Akzeptieren
"""


def test_a_consent_managers_text_before_the_article_is_chrome() -> None:
    page = CONSENT_DUMP + (
        "Aus der Arbeit des Gemeinderats\n"
        "Artikel vom 25.01.2024\n"
        "Der Gemeinderat hat in seiner Sitzung den Haushalt für das Jahr 2024 beschlossen.\n"
    )
    (announcement,), notes = import_listing(page, "gemeinderat.txt")
    assert (announcement.date, announcement.title) == (dt.date(2024, 1, 25), "Aus der Arbeit des Gemeinderats")
    assert announcement.body == "Der Gemeinderat hat in seiner Sitzung den Haushalt für das Jahr 2024 beschlossen."
    assert any("Verarbeitungsunternehmen" in n and "consent" in n for n in notes)


def test_a_page_that_holds_only_a_consent_managers_text_is_refused_in_one_line() -> None:
    import pytest

    from pipeline.errors import SourceError

    with pytest.raises(SourceError) as refused:
        import_listing(CONSENT_DUMP, "nur-cookies.txt")
    assert "nur-cookies.txt" in str(refused.value) and "\n" not in str(refused.value)


def test_ingest_json_names_each_entrys_title_and_date_and_whether_the_date_is_a_guess(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.config import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws")
    page = tmp_path / "notiz.txt"
    page.write_text(
        "Das Bürgerbüro bleibt geschlossen\nAb Dienstag, den 15.12.2020 ist das Bürgerbüro zu.\n",
        encoding="utf-8",
    )
    run = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "ingest", "--dry-run", "--json", str(page)])
    (change,) = json.loads(run.output)["changes"]
    assert (change["title"], change["date"], change["date_uncertain"]) == (
        "Das Bürgerbüro bleibt geschlossen", "2020-12-15", True
    )


def test_the_press_contact_under_a_headed_press_release_is_chrome() -> None:
    page = (
        "Meldung vom 21.11.2017\nFachtag zum Integrationskonzept\n"
        "Am 28. November 2017 lädt das Integrationszentrum zur Fachtagung ein.\n"
        "Pressekontakt: Öffentlichkeitsarbeit, Anna Muster, Telefon: 01234/5678\n"
        "Zu dieser Meldung können wir Ihnen folgendes Medium anbieten:\n"
    )
    (announcement,), notes = import_listing(page, "fachtag.txt")
    assert announcement.body == "Am 28. November 2017 lädt das Integrationszentrum zur Fachtagung ein."
    assert any("press contact" in n for n in notes)


def test_a_one_word_label_the_page_repeats_is_not_the_title() -> None:
    page = "BILD\nBILD\nSprachcafé öffnet im Stadtteilzentrum\nAm Montag, 25. März 2024, öffnet ein Sprachcafé.\n"
    (announcement,), _ = import_listing(page, "cafe.txt")
    assert announcement.title == "Sprachcafé öffnet im Stadtteilzentrum"


def test_an_article_whose_list_items_are_each_explained_stays_one_article() -> None:
    page = (
        "Was ab Montag im Rathaus gilt\n"
        "• Maskenpflicht\nIn allen Fluren und Wartebereichen ist eine Maske zu tragen.\n"
        "• Termine\nBesuche sind nur mit einem vorher vereinbarten Termin möglich.\n"
    )
    (announcement,), _ = import_listing(page, "regeln.txt", date=dt.date(2020, 11, 2))
    assert announcement.title == "Was ab Montag im Rathaus gilt"
    assert "• Maskenpflicht" in announcement.body


def test_a_sentence_closing_a_few_of_many_announcements_stays(tmp_path) -> None:
    from pipeline.intake.ingest import read_sources

    closing = "Alle Tagesordnungspunkte und die Sitzungsunterlagen gibt es im Ratsinformationssystem."
    listing = tmp_path / "liste.txt"
    listing.write_text(
        "Meldung vom 25. September 2020\nIntegrationsrat\n"
        f"Der Integrationsrat trifft sich am Mittwoch, 30. September 2020, im Ratssaal.\n{closing}\n"
        "Meldung vom 24. September 2020\nBrandmeister ausgebildet\n"
        "Elf Anwärter haben ihre Ausbildung zum Brandmeister abgeschlossen.\n"
        "Meldung vom 23. September 2020\nMuseum am Feiertag geöffnet\n"
        "Die Häuser des Museums sind am Tag der Deutschen Einheit geöffnet.\n",
        encoding="utf-8",
    )
    article = tmp_path / "kultur.txt"
    article.write_text(
        "Kulturausschuss tagt\nArtikel vom 25.09.2020\n"
        f"Der Kulturausschuss trifft sich am Donnerstag, 1. Oktober 2020.\n{closing}\n",
        encoding="utf-8",
    )
    found, _ = read_sources([str(listing), str(article)])
    assert sum(closing in a.body for a in found) == 2


def test_an_official_gazettes_logo_navigation_and_labels_are_not_the_title() -> None:
    page = (
        "Titel Logo\nBeispielfelder Blättchen\nAusgabe 49/2022\nAmtliche Bekanntmachungen\n"
        "Zurück zur vorigen Seite\nZurück zur ersten Seite der aktuellen Ausgabe\n"
        "Niederschrift über die Sitzung der Gemeindevertretung am 15.11.22\n"
        "Von den 23 Mitgliedern sind 19 anwesend\n"
        "Die Gemeindevertretung beschließt die Gebührenkalkulation für das Jahr 2021 (Stand 09.11.2022).\n"
    )
    (announcement,), notes = import_listing(page, "niederschrift.txt")
    assert announcement.title == "Niederschrift über die Sitzung der Gemeindevertretung am 15.11.22"
    assert announcement.date_uncertain
    assert announcement.body.startswith("Von den 23 Mitgliedern sind 19 anwesend")
    assert any("Zurück zur vorigen Seite" in n and "link label" in n for n in notes)


def test_the_press_office_box_under_an_undated_press_release_is_chrome_and_its_name_no_title() -> None:
    page = (
        "Stadt Beispielhausen\nSeiteninhalt\nPressemitteilungen\n"
        "Großes Interesse an der neuen Heimat\n"
        "Eine Gruppe geflüchteter Frauen hat das Rathaus besucht. Der Bürgermeister begrüßte sie im Sitzungssaal.\n"
        "Foto: Muster/Stadt Beispielhausen\n"
        "Navigation\nWeitere Informationen\nPressestelle\nStadt Beispielhausen\nMarktstraße 11\n"
        "12345 Beispielhausen\nTel.: 01234 703 1112\n"
    )
    (announcement,), notes = import_listing(page, "heimat.txt", date=dt.date(2019, 5, 1))
    assert announcement.title == "Großes Interesse an der neuen Heimat"
    assert announcement.body == (
        "Eine Gruppe geflüchteter Frauen hat das Rathaus besucht. Der Bürgermeister begrüßte sie im Sitzungssaal."
    )
    assert any("Pressestelle" in n and "contact block" in n for n in notes)


def test_a_pager_link_and_a_date_line_with_the_articles_age_around_the_headline() -> None:
    page = (
        "< Umfrage zur Umgestaltung der Fußgängerzone\n"
        "27.09.2017 10:58 Alter: 23 days\n\n"
        "Ein Blick hinter die Kulissen\n\n"
        "Einladung zum Tag der offenen Tür am 15. Oktober 2017\n\n"
        "Die Stadtverwaltung lädt alle Bürgerinnen und Bürger am Sonntag, 15. Oktober 2017, ins Rathaus ein.\n"
        "Nächste Meldung: Neue Parkgebühren ab November >\n"
    )
    (announcement,), notes = import_listing(page, "tag.txt")
    assert any("link to another article" in n for n in notes)
    assert (announcement.date, announcement.title) == (dt.date(2017, 9, 27), "Ein Blick hinter die Kulissen")
    assert not announcement.date_uncertain
    assert "Umfrage" not in announcement.body and "Parkgebühren" not in announcement.body


def test_a_publication_label_with_its_date_but_without_vom_is_a_date_line() -> None:
    page = (
        "Pressemitteilung 17. März 2020\n\nSpielplätze im Stadtgebiet gesperrt\n\n"
        "Das Garten- und Tiefbauamt bringt an allen städtischen Spielplätzen Hinweisschilder an.\n\nDrucken\n"
    )
    (announcement,), _ = import_listing(page, "spielplaetze.txt")
    assert (announcement.date, announcement.title) == (dt.date(2020, 3, 17), "Spielplätze im Stadtgebiet gesperrt")
    assert not announcement.date_uncertain


def test_a_headline_above_its_press_release_header_is_its_title() -> None:
    page = (
        "Integrationsbeirat tagt am 18. Juli\n"
        "Pressemitteilung vom 11.07.2017\n"
        "Auf der Tagesordnung der nächsten Sitzung stehen unter anderem ein Projekt zur Bundestagswahl und "
        "Berichte aus den Arbeitsgruppen des Gremiums, zur Sitzung sind alle eingeladen\n"
        "am Dienstag, 18. Juli 2017, 18.30 Uhr, im Rathaus am Markt.\n"
        "Pressestelle der Universitätsstadt Beispielstadt\n"
    )
    (announcement,), _ = import_listing(page, "beirat.txt")
    assert (announcement.date, announcement.title) == (dt.date(2017, 7, 11), "Integrationsbeirat tagt am 18. Juli")
    assert announcement.body.startswith("Auf der Tagesordnung")
    assert not announcement.body.endswith("Pressestelle der Universitätsstadt Beispielstadt")
