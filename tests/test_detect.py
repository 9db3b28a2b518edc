"""Language detection: deterministic verdicts, short German units never mis-marked."""

import datetime as dt

import pytest

from pipeline.model import Announcement
from pipeline.units.detect import check_announcement
from pipeline.units.segment import units_of


def test_german_paragraph_is_german(detector) -> None:
    verdict = detector.detect(
        "Am Montag, 9. Februar 2026, starten die Anmeldungen für das Frühjahrssemester der vhs Herne.",
        "de",
    )
    assert verdict.is_expected and verdict.language == "de" and verdict.probability > 0.9


def test_english_sentence_is_not_german(detector) -> None:
    verdict = detector.detect("Registration for the spring term starts on Monday.", "de")
    assert not verdict.is_expected and verdict.language == "en"


def test_verdicts_are_the_same_every_time_and_in_every_instance(detector) -> None:
    from pipeline.units.detect import LanguageDetector

    texts = [
        "Vertreter*innen der Geschäftsleitungen",
        "Echte Väter",
        "vhs Herne",
        "Merhaba",
        "Schloss Strünkede",
        "Integration",
        "Dag allemaal",
        "§ 53c",
    ]
    first = [detector.detect(t, "de") for t in texts]
    assert [detector.detect(t, "de") for t in texts] == first
    assert [LanguageDetector().detect(t, "de") for t in texts] == first


def test_cyrillic_text_is_caught_by_script(detector) -> None:
    verdict = detector.detect("Эта страница на русском языке.", "de")
    assert not verdict.is_expected and verdict.language in ("ru", "bg", "uk", "mk")


def test_short_units_in_a_german_announcement_stay_german(detector) -> None:
    for text in ("Echte Väter", "Anmeldung", "Hanneke Schmitz", "WAZ"):
        verdict = detector.detect(text, "de", context_language="de")
        assert verdict.is_expected, text
        assert verdict.basis == "short-text-default"


def test_german_word_pairs_are_german_on_their_own(detector) -> None:
    # character n-grams alone rank these Danish or Swedish: the words decide
    for text in ("jedoch viele", "können alles", "dieses Mal", "Straße gesperrt"):
        verdict = detector.detect(text, "de")
        assert verdict.is_expected, text
        assert verdict.basis != "short-text-default"


def test_dutch_and_danish_word_pairs_are_not_german(detector) -> None:
    for text in ("goed nieuws", "gratis parkeren", "meget godt", "tack så mycket"):
        assert not detector.detect(text, "de").is_expected, text


def test_an_english_quote_inside_a_german_announcement_is_marked(detector) -> None:
    announcement = Announcement(
        id="2026-02-09-zitat",
        title="Besuch aus Wales",
        date=dt.date(2026, 2, 9),
        body=(
            "Am Montag, 9. Februar 2026, besuchte eine Delegation aus Wales das Rathaus Herne. "
            "Die Gäste wurden von der Stadtverwaltung begrüßt.\n\n"
            "We are grateful for the warm welcome and look forward to working together.\n\n"
            "Der Besuch endete mit einem Rundgang durch Schloss Strünkede."
        ),
    )
    check = check_announcement(detector, announcement.id, "x.md", units_of(announcement), "de")
    assert check.verdict.is_expected
    assert [u.text[:10] for u in check.foreign_units] == ["We are gra"]
    assert check.foreign_units[0].verdict.language == "en"


def test_every_sample_unit_is_german(detector) -> None:
    from conftest import ROOT

    from pipeline.intake.sources import load_announcements

    for announcement in load_announcements(ROOT / "announcements"):
        check = check_announcement(detector, announcement.id, "", units_of(announcement), "de")
        assert check.verdict.is_expected
        assert check.foreign_units == ()


def test_swiss_standard_german_is_german(detector) -> None:
    # Swiss spelling (ss for ß), Swiss words: still Standard German, translated as German
    verdict = detector.detect(
        "Die Strasse bleibt bis Ende Monat gesperrt, weil die Gemeinde die Wasserleitungen "
        "erneuert; das Trottoir ist für Velofahrende offen.",
        "de",
    )
    assert verdict.is_expected and verdict.language == "de"


@pytest.mark.parametrize(
    ("text", "dialect"),
    [
        (
            "D'Gemeng invitéiert all d'Awunner op eng Informatiounsversammlung iwwer den neie "
            "Bebauungsplang, déi e Méindeg um sechs Auer am Stadhaus stattfënnt.",
            "lb",
        ),
        (
            "Mir lade alli Iiwohner zunere Informationsveranstaltig über dä nöi Überbauigsplan "
            "ii, wo am Mäntig am sächsi im Gmeindhuus stattfindet.",
            "gsw",
        ),
    ],
)
def test_luxembourgish_and_swiss_german_dialect_are_not_german(detector, text, dialect) -> None:
    verdict = detector.detect(text, "de")
    assert not verdict.is_expected
    assert (verdict.language, verdict.basis) == (dialect, "dialect")


def test_a_short_foreign_unit_in_a_german_announcement_is_kept_as_is(detector) -> None:
    # a Turkish greeting and an English programme slogan: caught even in German context
    for text, language in (("Hoş geldiniz arkadaşlar", "tr"), ("Welcome to everyone", "en")):
        verdict = detector.detect(text, "de", context_language="de")
        assert not verdict.is_expected, text
        assert (verdict.language, verdict.basis) == (language, "short-text-foreign")


def test_a_german_title_of_two_or_three_words_stays_german_in_context(detector) -> None:
    for text in ("Vertreter*innen gesucht", "Sprechstunde im Rathaus", "Großes Väterfest"):
        assert detector.detect(text, "de", context_language="de").is_expected, text
