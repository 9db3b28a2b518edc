"""QA checks: each one fires on its problem and stays quiet on a good translation."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.queue.qa import TermRequirement, check

SOURCE = "Am Montag, 9. Februar 2026, starten die Anmeldungen der vhs Herne: [Programm](https://www.herne.de/vhs)."
GOOD = "On Monday, 9 February 2026, registrations for vhs Herne open: [programme](https://www.herne.de/vhs)."


def names(issues) -> list[str]:
    return [i.check for i in issues]


def test_a_good_translation_has_no_issues(detector) -> None:
    terms = [TermRequirement("vhs Herne", "vhs Herne", "keep")]
    assert check(SOURCE, GOOD, "en", terms, detector) == []


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        (GOOD.replace("vhs Herne", "adult school Herne"), "glossary"),
        (GOOD.replace("(https://www.herne.de/vhs)", "(https://example.org)"), "markup"),
        (GOOD.replace("2026", "2025"), "numbers"),
        ("the the the the the the the the the the", "loop"),
        (SOURCE, "copy"),
        (GOOD.rstrip("."), "punctuation"),
        ("Ok.", "length"),
    ],
)
def test_each_check_fires_on_its_problem(translation, expected, detector) -> None:
    terms = [TermRequirement("vhs Herne", "vhs Herne", "keep")]
    assert expected in names(check(SOURCE, translation, "en", terms, detector))


def test_wrong_target_language_is_a_warning(detector) -> None:
    issues = check(
        "Die Anmeldungen starten am Montag für alle Kurse.",
        "Les inscriptions commencent lundi pour tous les cours.",
        "ru",
        [],
        detector,
    )
    assert [(i.check, i.severity) for i in issues] == [
        ("script", "warning"),  # a Russian text in Latin letters
        ("language", "warning"),
    ]


@pytest.mark.parametrize(
    ("term", "translation"),
    [
        (TermRequirement("HIN", "HIN", "keep", True), "The network within the city turns 20."),
        (TermRequirement("vhs", "vhs", "keep", True), "A VHS-like programme starts on Monday."),
        (TermRequirement("KI", "KI", "keep", True), "The centre (Ki) invited representatives."),
        (TermRequirement("WAZ", "WAZ", "keep", True), "The booklet lies in the Waz again."),
    ],
)
def test_a_short_term_inside_another_word_or_in_another_case_does_not_count(term, translation) -> None:
    issues = check("Der Text.", translation, "en", [term])
    assert [i.check for i in issues] == ["glossary"]


def test_each_occurrence_of_a_term_is_needed_and_reported_once() -> None:
    source = "Die Stadt Herne lädt ein. Die Stadt Herne feiert."
    term = TermRequirement("Stadt Herne", "Ville de Herne", "fixed")
    one = check(source, "La Ville de Herne invite. La ville fête.", "fr", [term, term])
    assert [str(i) for i in one] == [
        "glossary: 'Stadt Herne' must be translated as 'Ville de Herne' (2 times in the German, 1 in the translation)"
    ]
    none = check(source, "La commune invite. La commune fête.", "fr", [term, term])
    assert len([i for i in none if i.check == "glossary"]) == 1
    assert check(source, "La Ville de Herne invite. La Ville de Herne fête.", "fr", [term, term]) == []


def test_a_prescribed_translation_may_take_an_inflection_ending() -> None:
    term = TermRequirement("Fachbereich Integration", "отдел интеграции", "fixed")
    assert check("Der Fachbereich Integration lädt ein.", "Сотрудники отдела интеграции пригласили.", "ru", [term]) == []


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("Die Anmeldungen starten.", "Registrations start to to the vhs.", "doubled"),
        ("Der Fachbereich lädt ein.", "отдел отдел пригласил.", "doubled"),
        ("Der Fachbereich Integration lud ein.", "отдел интеграции пригласил.", "startcaps"),
    ],
)
def test_doubled_words_and_a_lower_case_start_are_flagged(source, translation, expected) -> None:
    issues = check(source, translation, "en")
    assert expected in [i.check for i in issues]
    assert all(i.severity == "warning" for i in issues if i.check == expected)


def test_doubled_words_already_in_the_german_and_numbers_are_not_flagged() -> None:
    assert "doubled" not in [i.check for i in check("Das das ist so.", "That that is so.", "en")]
    assert "doubled" not in [i.check for i in check("Zimmer 12 12", "Room 12 12", "en")]


TARGETS = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def rendered_everywhere(german: str, language: str) -> str:
    """The German with every value vielfalt recognises written as vielfalt writes it."""
    from pipeline.units.values import find

    values, _ = find(german)
    text = german
    for value in sorted(values, key=lambda v: v.start, reverse=True):
        text = text[: value.start] + value.render(language) + text[value.end :]
    return text


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
    shape=st.sampled_from(["weekday", "plain", "noyear", "numeric", "leadingzero"]),
    hours=st.tuples(st.integers(0, 23), st.integers(0, 23), st.sampled_from([0, 15, 30, 45])),
    amount=st.decimals(min_value=0, max_value=99999, places=2),
    percent=st.integers(1, 100),
    language=st.sampled_from(TARGETS),
)
def test_vielfalts_own_renderings_never_raise_a_qa_finding(day, shape, hours, amount, percent, language) -> None:
    month = MONTHS_DE[day.month - 1]
    date = {
        "weekday": f"{WEEKDAYS_DE[day.weekday()]}, {day.day}. {month} {day.year}",
        "plain": f"{day.day}. {month} {day.year}",
        "noyear": f"{day.day}. {month}",
        "numeric": f"{day.day:02d}.{day.month:02d}.{day.year}",
        "leadingzero": f"{day.day:02d}. {month} {day.year}",
    }[shape]
    start, end, minute = hours
    money = f"{amount:.2f}".replace(".", ",")
    german = (
        f"Meldung vom {date}: Beratung um {start}.{minute:02d} Uhr und von {start} bis {end} Uhr "
        f"in Zimmer 312, Eintritt {money} Euro, ermäßigt {percent} Prozent."
    )
    translation = rendered_everywhere(german, language)
    issues = [i for i in check(german, translation, language) if i.check in ("numbers", "values")]
    assert issues == [], (german, translation)
