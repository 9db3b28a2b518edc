"""The city's pages as the website shows them (text copied from a browser), read by their
structure. Every page here is written for the tests in the shapes the city's site and other
Ruhr cities' press pages have."""

import datetime as dt

import pytest

from pipeline.errors import SourceError
from pipeline.intake.pages import SiteProfile, parse_date, read_page
from pipeline.intake.sources import import_listing

CONSENT = """Cookie-Einstellungen
Wir verwenden Cookies, um Ihnen die bestmögliche Nutzung unserer Webseite zu ermöglichen.
Essenzielle Cookies ermöglichen grundlegende Funktionen und sind für die Funktion der Website erforderlich.
Statistik-Cookies zur Webanalyse helfen uns zu verstehen, wie Besucher die Seite nutzen.
eTracker:
Readspeaker:
Youtube:
Google Translate:
Alle akzeptieren
Auswahl speichern
Homepage / Stadt und Leben / Integration
Integration
Pressemeldungen
"""

SECTION_PAGE = CONSENT + """Meldung vom 4. Februar 2019
Sprachcafé im Kulturzentrum startet wieder
Das Sprachcafé öffnet am Dienstag, 12. Februar 2019, um 16 Uhr wieder seine Türen. Alle Herner*innen sind willkommen.
mehr zur Meldung: Sprachcafé im Kulturzentrum startet wieder
Foto: Stadt Herne, Frank Dieper
Meldung vom 28. Januar 2019
Neue Beratungszeiten im Integrationszentrum
Ab dem 1. März 2019 berät das Team montags bis donnerstags von 9 bis 12 Uhr.
Meldung vom 15. Januar 2019
Ehrenamtliche für Lesepatenschaften gesucht
Für das Projekt werden ab sofort Lesepatinnen und Lesepaten gesucht. Die Schulung beginnt am 20. Februar 2019.
mehr zur Meldung: Ehrenamtliche für Lesepatenschaften gesucht
Meldung vom 7. Januar 2019
Interkultureller Kalender 2019 erschienen
Der Kalender ist ab sofort im Rathaus erhältlich.
Diese Seite in englischer Sprache - This page in English.
Diese Seite in arabischer Sprache - هذه الصفحة باللغة العربية
"""


def test_a_section_page_yields_each_entry_with_its_header_date_and_title() -> None:
    announcements, _ = import_listing(SECTION_PAGE, "integration.txt")
    assert [(a.date, a.title) for a in announcements] == [
        (dt.date(2019, 2, 4), "Sprachcafé im Kulturzentrum startet wieder"),
        (dt.date(2019, 1, 28), "Neue Beratungszeiten im Integrationszentrum"),
        (dt.date(2019, 1, 15), "Ehrenamtliche für Lesepatenschaften gesucht"),
        (dt.date(2019, 1, 7), "Interkultureller Kalender 2019 erschienen"),
    ]


def test_the_header_date_wins_over_dates_in_the_text() -> None:
    announcements, _ = import_listing(SECTION_PAGE, "integration.txt")
    assert announcements[0].date == dt.date(2019, 2, 4)  # the text names the 12th first
    assert announcements[1].date == dt.date(2019, 1, 28)  # and here the 1st of March


def test_an_entry_without_a_link_line_is_never_merged_into_the_next() -> None:
    announcements, _ = import_listing(SECTION_PAGE, "integration.txt")
    beratung = announcements[1]
    assert beratung.body == "Ab dem 1. März 2019 berät das Team montags bis donnerstags von 9 bis 12 Uhr."
    assert "Lesepat" not in beratung.body


def test_no_page_chrome_reaches_any_announcement() -> None:
    announcements, notes = import_listing(SECTION_PAGE, "integration.txt")
    text = "\n".join(a.title + "\n" + a.body for a in announcements)
    for chrome in ("Cookie", "eTracker", "Readspeaker", "Homepage /", "Pressemeldungen", "Meldung vom", "mehr zur Meldung", "Foto:", "Diese Seite in", "Alle akzeptieren"):
        assert chrome not in text, chrome
    assert any("dropped (cookie consent)" in n for n in notes)
    assert any("dropped (language link)" in n for n in notes)


def test_the_title_is_not_repeated_as_the_first_paragraph() -> None:
    page = "Meldung vom 3. Mai 2021\nStadtteilfest in Wanne\nStadtteilfest in Wanne\nDas Fest beginnt um 14 Uhr.\n"
    (announcement,), _ = import_listing(page, "home.txt")
    assert announcement.body == "Das Fest beginnt um 14 Uhr."


HOME_PAGE = """Homepage
Aktuelles
Meldung vom 10. März 2021
Impfzentrum informiert in sechs Sprachen
Informationen zur Impfung gibt es jetzt auch auf Türkisch, Arabisch und Russisch.
Meldung vom 8. März 2021
Internationaler Frauentag im Rathaus
Am Internationalen Frauentag lädt die Gleichstellungsstelle zu einer Lesung ein.
"""


def test_a_home_page_lists_every_entry_without_link_lines() -> None:
    announcements, _ = import_listing(HOME_PAGE, "home.txt")
    assert [a.title for a in announcements] == ["Impfzentrum informiert in sechs Sprachen", "Internationaler Frauentag im Rathaus"]
    assert announcements[1].body.startswith("Am Internationalen Frauentag")


def test_a_herne_article_page_is_one_announcement() -> None:
    page = CONSENT + (
        "Meldung vom 21. Januar 2026\nFachbereich lädt zum Arbeitsfrühstück\n"
        "Unter dem Motto „Vielfalt als Chance“ trafen sich Vertreter*innen der Stadt Herne.\n"
        "Der nächste Termin ist am Mittwoch, 18. März 2026.\n"
    )
    (announcement,), _ = import_listing(page, "artikel.txt")
    assert announcement.date == dt.date(2026, 1, 21)
    assert announcement.title == "Fachbereich lädt zum Arbeitsfrühstück"
    assert announcement.body.count("\n\n") == 1


def test_another_citys_press_release_with_a_date_line_is_one_announcement() -> None:
    page = (
        "Startseite > Rathaus > Presse\n"
        "Neue Öffnungszeiten der Bürgerbüros\n"
        "08.11.2017\n"
        "Ab Montag, 13. November 2017, sind die Bürgerbüros auch samstags geöffnet.\n"
        "Termine können online vereinbart werden.\n"
    )
    (announcement,), notes = import_listing(page, "presse.txt")
    assert (announcement.date, announcement.title) == (dt.date(2017, 11, 8), "Neue Öffnungszeiten der Bürgerbüros")
    assert announcement.body.startswith("Ab Montag, 13. November 2017")
    assert any("breadcrumb" in n for n in notes)


def test_an_article_without_a_date_line_takes_its_first_date_and_says_so() -> None:
    page = "Sprachkurse für Eltern\nDie Kurse beginnen am 5. September 2022 in der Kita Sonnenschein.\n"
    (announcement,), notes = import_listing(page, "kurs.txt")
    assert announcement.date == dt.date(2022, 9, 5)
    assert any("date uncertain (taken from the text" in n for n in notes)


def test_a_date_from_the_story_before_the_web_existed_is_never_the_publication_date() -> None:
    page = (
        "Ehrenbürgerschaft erneuert\n"
        "Am 29. November 1875 verlieh der Kaiser der Stadt ein Wappen. "
        "Der Rat hat am 2. Mai 2025 an dieses Datum erinnert.\n"
    )
    (announcement,), notes = import_listing(page, "ehrung.txt")
    assert announcement.date == dt.date(2025, 5, 2)
    assert any("date uncertain" in n for n in notes)


def test_a_date_line_with_a_time_or_a_category_is_the_publication_date() -> None:
    for line in ("02. Mai 2025, 12:43 Uhr", "1. Oktober 2015 | Gesellschaft", "2024-03-28T16:21:14Z"):
        page = f"Neue Sprechzeiten im Bürgerbüro\n{line}\nAm 9. Februar 2026 öffnet das Bürgerbüro früher.\n"
        (announcement,), _ = import_listing(page, "sprechzeiten.txt")
        assert announcement.date == parse_date(line.split(",")[0].split(" |")[0]), line
        assert announcement.body.startswith("Am 9. Februar 2026"), line


def test_an_entry_without_a_text_is_skipped_and_the_page_still_comes_in() -> None:
    page = (
        "Meldung vom 3. November 2020\nRathaus wieder geöffnet\n"
        "Ab Montag öffnet das Rathaus wieder für Besucherinnen und Besucher.\n"
        "Meldung vom 2. November 2020\nNeue Hygieneregeln\n"
    )
    announcements, notes = import_listing(page, "rathaus.txt")
    assert [a.title for a in announcements] == ["Rathaus wieder geöffnet"]
    assert any("'Neue Hygieneregeln': skipped: a title without a text" in n for n in notes)


def test_pages_without_headers_keep_the_old_format() -> None:
    page = (
        "Am Montag, 9. Februar 2026, starten die Anmeldungen.\nmehr zur Meldung: Anmeldungen starten\n"
        "Am Samstag, 24. Januar 2026, erscheint das Heft.\nmehr zur Meldung: Programmheft erschienen\n"
    )
    announcements, _ = import_listing(page, "liste.txt")
    assert [(a.date, a.title) for a in announcements] == [
        (dt.date(2026, 2, 9), "Anmeldungen starten"),
        (dt.date(2026, 1, 24), "Programmheft erschienen"),
    ]


def test_another_citys_profile_is_a_setting_not_code() -> None:
    profile = SiteProfile(entry_header=r"Pressemitteilung\s+(?P<date>\d{2}\.\d{2}\.\d{4})", more_link=r"Weiterlesen:\s*(?P<title>.+)")
    page = "Pressemitteilung 02.03.2022\nNeue Kita eröffnet\nDie Kita an der Bahnhofstraße ist eröffnet.\nWeiterlesen: Neue Kita eröffnet\n"
    reading = read_page(page, "bochum.txt", profile)
    assert [(e.date, e.title, e.body) for e in reading.entries] == [
        (dt.date(2022, 3, 2), "Neue Kita eröffnet", ["Die Kita an der Bahnhofstraße ist eröffnet."])
    ]


def test_a_header_with_an_impossible_date_is_an_error_naming_the_line() -> None:
    with pytest.raises(SourceError, match=r"seite.txt:2: „Meldung vom 31. Februar 2019“"):
        import_listing("Aktuelles\nMeldung vom 31. Februar 2019\nTitel\nText.\n", "seite.txt")


def test_batch_ingest_imports_the_good_files_and_lists_every_bad_one(tmp_path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    CliRunner().invoke(cli, ["init", str(tmp_path / "ws")])
    good = tmp_path / "gut.txt"
    good.write_text(HOME_PAGE, encoding="utf-8")
    handwritten = tmp_path / "handgeschrieben.md"
    handwritten.write_text("---\ntitle: Sprechstunde im Rathaus\ndate: 2026-02-09\n---\n\nDie Sprechstunde beginnt um 10 Uhr.\n", encoding="utf-8")
    broken = tmp_path / "kaputt.md"
    broken.write_text("---\ntitle: Ohne Datum\n---\n\nText ohne Datum.\n", encoding="utf-8")
    missing = tmp_path / "fehlt.txt"
    result = CliRunner().invoke(cli, ["--workspace", str(tmp_path / "ws"), "ingest", str(broken), str(good), str(missing), str(handwritten)])
    assert result.exit_code == 1
    assert f"{broken}:2: front matter lacks 'date'" in result.output and f"{missing}: no such file" in result.output
    created = sorted(p.name for p in (tmp_path / "ws" / "announcements").glob("*.md"))
    assert created == [
        "2021-03-08-internationaler-frauentag-im-rathaus.md",
        "2021-03-10-impfzentrum-informiert-in-sechs-sprachen.md",
        "2026-02-09-sprechstunde-im-rathaus.md",
    ]
    assert "no id in its front matter; given '2026-02-09-sprechstunde-im-rathaus'" in result.output


def test_dry_run_shows_each_entry_and_every_dropped_line_with_its_rule(tmp_path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    CliRunner().invoke(cli, ["init", str(tmp_path / "ws")])
    page = tmp_path / "integration.txt"
    page.write_text(SECTION_PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--workspace", str(tmp_path / "ws"), "ingest", "--dry-run", str(page)])
    assert result.exit_code == 0, result.output
    assert "found 'Neue Beratungszeiten im Integrationszentrum', 2019-01-28 (date from the header)" in result.output
    assert "dropped (label only): eTracker:" in result.output
    assert "dropped (breadcrumb): Homepage / Stadt und Leben / Integration" in result.output


@pytest.mark.parametrize("line", ["E-Mail: integration@herne.example", "I. Hagen 26", "Tel. 02323 16-2957", "Google Translate:", "https://www.herne.de/integration", "Westring 12a, 44623 Herne"])
def test_lines_without_language_are_neither_german_nor_foreign(line, detector) -> None:
    verdict = detector.detect(line, "de")
    assert verdict.is_expected and verdict.basis in ("no-language-evidence", "no-letters")


@pytest.mark.parametrize("line", ["Am 9. Februar 2026", "Ab 18 Uhr", "Die Beratung findet im Rathaus statt."])
def test_short_german_lines_keep_their_language(line, detector) -> None:
    assert detector.detect(line, "de").basis != "no-language-evidence"


def test_contact_lines_are_copied_through_and_never_block_a_page(sample, copy_registry, detector) -> None:
    from pipeline.intake.sources import load_announcements
    from pipeline.publish.publishability import decide_all
    from pipeline.queue.catalog import ReviewState, loads
    from pipeline.queue.locales import catalog_path
    from pipeline.queue.translate import translate_workspace
    from pipeline.units.glossary import open_glossary

    ident = "2026-02-09-sprechstunde-im-integrationszentrum"
    (sample.paths.announcements / f"{ident}.md").write_text(
        f"---\nid: {ident}\ntitle: Sprechstunde im Integrationszentrum\ndate: 2026-02-09\n---\n\n"
        "Die Sprechstunde findet ab sofort wöchentlich im Rathaus statt.\n\nE-Mail: integration@herne.example\n\nI. Hagen 26\n",
        encoding="utf-8",
    )
    announcements = load_announcements(sample.paths.announcements)
    report = translate_workspace(sample, announcements, ["en", "fr"], detector=detector, registry=copy_registry, glossary=None)
    assert report.errors == []
    path = catalog_path(sample, "fr", ident)
    catalog = loads(path.read_text(encoding="utf-8"), str(path))
    contact = next(e for e in catalog.entries if e.source.startswith("E-Mail"))
    assert contact.translation == contact.source and any("copied through" in n for n in contact.notes), contact
    assert contact.state == ReviewState.MACHINE  # fuzzy like all machine output, but:
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", "", 1), encoding="utf-8")  # the title
    import polib

    po = polib.pofile(str(path))  # a translator approves the German paragraph, not the contacts
    for entry in po:
        if entry.msgid.startswith("Die Sprechstunde"):
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()
    verdicts = decide_all(sample, [a for a in announcements if a.id == ident], ["fr"], open_glossary(sample))
    assert verdicts[(ident, "fr")].publishable, verdicts[(ident, "fr")]


@pytest.mark.parametrize(
    ("page", "title", "date", "first", "chrome"),
    [
        ("herne.html", "Sprachcafé startet wieder", dt.date(2019, 2, 4), "Das Sprachcafé im Kulturzentrum öffnet", ["Cookie", "Homepage", "Telefon", "Foto:", "Meldung vom"]),
        ("bochum.html", "Neue Öffnungszeiten der Bürgerbüros", dt.date(2017, 11, 8), "Ab Montag, 13. November 2017", ["Weitere Meldungen", "Stadtbücherei", "Teilen"]),
        ("cms.html", "Integrationsrat tagt im Rathaus", dt.date(2023, 5, 10), "Der Integrationsrat der Stadt Gelsenkirchen tagt", ["Newsletter", "Leichte Sprache"]),
    ],
)
def test_html_article_pages_of_city_shapes_give_title_date_and_main_text_only(page, title, date, first, chrome) -> None:
    from conftest import ROOT

    from pipeline.intake.sources import import_html

    html = (ROOT / "tests" / "pages" / page).read_text(encoding="utf-8")
    announcement = import_html(html, page, url="https://www.herne.example/meldung")
    assert (announcement.title, announcement.date) == (title, date)
    assert announcement.body.startswith(first)
    assert not any(c in announcement.title + announcement.body for c in chrome)


def test_an_image_text_between_header_and_title_is_not_the_title() -> None:
    page = (
        "Meldung vom 6. Mai 2024\nEine Gruppe Frauen vor dem Rathaus\nFrauenfrühstück im Rathaus\n"
        "Beim Frauenfrühstück kamen über 60 Frauen zusammen.\nmehr zur Meldung: Frauenfrühstück im Rathaus\n"
    )
    (announcement,), notes = import_listing(page, "seite.txt")
    assert announcement.title == "Frauenfrühstück im Rathaus"
    assert "Eine Gruppe" not in announcement.body
    assert any("image text before the title" in n for n in notes)


def test_the_footer_after_a_last_entry_without_link_line_stays_out() -> None:
    page = HOME_PAGE + "Seitenanfang\nImpressum\nDatenschutz\nBarrierefreiheit\n© Stadt Herne 2021\n"
    announcements, _ = import_listing(page, "home.txt")
    assert announcements[-1].body == "Am Internationalen Frauentag lädt die Gleichstellungsstelle zu einer Lesung ein."
