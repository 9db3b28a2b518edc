"""Dates, times, amounts and percentages: recognised in German, written as each target
language writes them, never translated by the model, never "corrected"."""

import pytest

from pipeline.languages import cldr_locale
from pipeline.mt.engine import SourceUnit
from pipeline.mt.protected import translate_protected
from pipeline.queue.qa import check
from pipeline.units.values import find, time_range_separator


def rendered(text: str, language: str) -> list[str]:
    return [
        value.render(language).replace("\u202f", " ").replace("\xa0", " ")
        for value in find(text)[0]
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Saturday, 13 December 2025"),
        ("fr", "samedi 13 décembre 2025"),
        ("ro", "sâmbătă, 13 decembrie 2025"),
        ("bg", "събота, 13 декември 2025 г."),
        ("pl", "sobota, 13 grudnia 2025"),
        ("tr", "13 Aralık 2025 Cumartesi"),
        ("ru", "суббота, 13 декабря 2025 г."),
        ("ar", "السبت، 13 ديسمبر 2025"),
    ],
)
def test_a_german_date_with_weekday_is_written_as_each_language_writes_it(
    language, expected
) -> None:
    assert rendered("Am Samstag, 13. Dezember 2025, feiern wir.", language) == [expected]


def test_a_date_without_year_gets_no_invented_year() -> None:
    assert rendered("Anmeldung ab Montag, 9. Februar", "en") == ["Monday, 9 February"]
    assert rendered("am 9. Februar", "ru") == ["9 февраля"]


def test_numeric_dates_times_and_ranges() -> None:
    # vielfalt's rule: 24-hour times, a range joined by CLDR's range separator (from Babel:
    # an en dash for British English, an em dash in Russian since CLDR 47)
    text = "Termin: 13.12.2025, 10.30 Uhr; Sprechstunde von 14 bis 16 Uhr."
    assert rendered(text, "en") == ["13/12/2025", "10:30", f"14:00{time_range_separator('en_GB')}16:00"]
    assert rendered(text, "ru") == ["13.12.2025", "10:30", f"14:00{time_range_separator('ru')}16:00"]
    assert time_range_separator("en_GB").strip() in ("–", "—")


@pytest.mark.parametrize("language", ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"])
def test_single_times_and_ranges_use_one_clock(language) -> None:
    single, span = rendered("Beginn 18 Uhr, Sprechstunde von 17 bis 20 Uhr.", language)
    assert single.startswith("18") and span.startswith("17") and "20" in span
    assert span == time_range_separator(cldr_locale(language)).join(
        [rendered("um 17 Uhr", language)[0], rendered("um 20 Uhr", language)[0]]
    )


def test_amounts_keep_the_euro_and_write_decimals_the_targets_way() -> None:
    text = "Eintritt 5 Euro, ermäßigt 5,50 €, Spenden über 1.250 Euro."
    assert rendered(text, "en") == ["€5", "€5.50", "€1,250"]
    assert rendered(text, "fr") == ["5 €", "5,50 €", "1 250 €"]


def test_percentages() -> None:
    assert rendered("Rund 50 % der Plätze, 12,5 Prozent mehr", "en") == ["50%", "12.5%"]
    assert rendered("Rund 50 % der Plätze", "tr") == ["%50"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "Am 30. Februar 2026 ist Sprechstunde.",
            "„30. Februar 2026“ is not a date in the calendar",
        ),
        ("Am Montag, 13. Dezember 2025, feiern wir.", "that day is a Samstag"),
        ("Beginn 25.30 Uhr", "is not a time of day"),
    ],
)
def test_what_is_not_a_date_or_time_stays_text_and_is_flagged(text, problem) -> None:
    values, problems = find(text)
    assert values == [] and len(problems) == 1 and problem in problems[0]
    issues = check(text, text, "en")
    assert any(i.check == "values" and problem in i.message for i in issues)


def test_paragraph_numbers_and_paragraph_signs_are_not_values() -> None:
    assert find("Betreuungskraft nach § 53c, rund 600 Kurse, seit 2005")[0] == []


def test_the_model_never_sees_the_date(copy_registry) -> None:
    unit = SourceUnit("k", "Am Montag, 9. Februar 2026, starten die Anmeldungen um 10.30 Uhr.")
    results = translate_protected([unit], ["en", "fr"], copy_registry, None).translations
    by_target = {r.target: r.text for r in results}
    assert by_target["en"] == "Am Monday, 9 February 2026, starten die Anmeldungen um 10:30."
    assert by_target["fr"] == "Am lundi 9 février 2026, starten die Anmeldungen um 10:30."


def test_a_translator_writing_a_date_the_german_way_gets_a_warning() -> None:
    issues = check("Am Samstag, 13. Dezember 2025", "Le samedi, 13. décembre 2025", "fr")
    assert [(i.check, i.severity) for i in issues if i.check == "values"] == [("values", "warning")]


@pytest.mark.parametrize(
    ("german", "kind", "en", "fr"),
    [
        ("vom 21. bis 29. September 2026", "daterange", "21 September – 29 September 2026", "21 septembre – 29 septembre 2026"),
        ("21.–29. September", "daterange", "21 September – 29 September", "21 septembre – 29 septembre"),
        ("vom 30. Juni bis 2. Juli", "daterange", "30 June – 2 July", "30 juin – 2 juillet"),
        ("zwischen dem 1. und 3. März", "daterange", "1 March – 3 March", "1 mars – 3 mars"),
        ("vom 30. Dezember 2026 bis 2. Januar 2027", "daterange", "30 December 2026 – 2 January 2027", "30 décembre 2026 – 2 janvier 2027"),
        ("Montag bis Freitag", "weekdays", "Monday – Friday", "lundi – vendredi"),
        ("15. 8. 2019", "date", "15/08/2019", "15/08/2019"),
        ("15.08.19", "date", "15/08/2019", "15/08/2019"),
        ("18.30 bis 20 Uhr", "time", "18:30–20:00", "18:30 – 20:00"),
    ],
)
def test_whole_ranges_and_real_german_shapes_are_one_value(german, kind, en, fr) -> None:
    values, problems = find(f"Termin {german} im Rathaus")
    assert problems == [] and [(v.kind, v.source) for v in values] == [(kind, german)]
    assert [rendered(f"Termin {german}", lang)[0].replace("\u2009", " ") for lang in ("en", "fr")] == [en, fr]


@pytest.mark.parametrize(
    "german",
    ["vom 29. bis 21. September 2026", "vom 30. bis 31. Februar 2026", "vom Dienstag, 21. bis Freitag, 25. September 2026"],
)
def test_a_range_that_is_no_range_is_no_value_at_all_never_half(german) -> None:
    values, problems = find(f"Termin {german}.")
    assert values == [] and len(problems) == 1


def test_two_dates_joined_by_und_without_zwischen_stay_two_dates() -> None:
    values, _ = find("am 1. und 3. März")
    assert [v.source for v in values] == ["3. März"]
