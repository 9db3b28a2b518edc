"""QA checks: each one fires on its problem and stays quiet on a good translation."""

import pytest

from pipeline.qa import TermRequirement, check

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
    assert [(i.check, i.severity) for i in issues] == [("language", "warning")]
