"""Each QA check on its own: it fires with its severity on the slip it is for, and every other
check stays silent on that translation (so deleting or breaking any one check fails a test)."""

from __future__ import annotations

import pytest

from pipeline.queue.qa import CHECKS, TermRequirement, check

CITY = TermRequirement("Stadt Herne", "City of Herne", "fixed")
INVITES = "Die Stadt lädt alle Familien ein."

# check, severity, language, German, translation, glossary terms
CASES = [
    ("control", "error", "en", "Die vhs Herne lädt ein.", "The vhs Herne\x07 invites you.", ()),
    ("tags", "error", "en", "Die vhs Herne lädt ein.", "The <b>vhs Herne</b> invites you.", ()),
    ("glossary", "error", "en", "Die Stadt Herne lädt ein.", "The town of Herne invites you.", (CITY,)),
    ("markup", "error", "en", "Anmeldung bei der [vhs Herne](https://www.vhs-herne.de).",
     "Registration with the vhs Herne.", ()),
    ("numbers", "error", "en", "Der Kurs hat 12 Plätze.", "The course has places.", ()),
    ("doubled", "warning", "en", INVITES, "The city invites all all families.", ()),
    ("startcaps", "warning", "en", INVITES, "the city invites all families.", ()),
    ("values", "warning", "en", "Am Montag, 9. Februar 2026 beginnt der Kurs.",
     "The course starts on Monday, February 9, 2026.", ()),
    ("gender", "warning", "en", "Alle Vertreter*innen sind eingeladen.",
     "All Vertreter*innen are invited.", ()),
    ("script", "warning", "ru", INVITES, "The city invites all families.", ()),
    ("loop", "error", "en", "Die Stadt lädt alle Familien zum großen Fest ein.",
     "The big party the big party the big party the big party the big party.", ()),
    ("copy", "warning", "en", INVITES, INVITES, ()),
    ("length", "warning", "en", "Die Stadt Herne lädt alle Familien herzlich zum Fest ein.",
     "Party.", ()),
    ("punctuation", "warning", "en", INVITES, "The city invites all families", ()),
    ("whitespace", "warning", "en", INVITES, " The city invites all families.", ()),
]  # fmt: skip


def test_every_registered_check_has_its_case() -> None:
    assert {case[0] for case in CASES} | {"language"} == set(CHECKS)


@pytest.mark.parametrize(("name", "severity", "language", "source", "translation", "terms"), CASES,
                         ids=[case[0] for case in CASES])  # fmt: skip
def test_the_check_fires_alone_with_its_severity(name, severity, language, source, translation, terms) -> None:
    issues = check(source, translation, language, list(terms))
    assert {(i.check, i.severity) for i in issues} == {(name, severity)}, issues


@pytest.mark.parametrize("name", [case[0] for case in CASES])
def test_the_check_is_silent_on_a_good_translation(name) -> None:
    good = check("Die Stadt Herne lädt alle Familien ein.", "The City of Herne invites all families.",
                 "en", [CITY])  # fmt: skip
    assert [i for i in good if i.check == name] == []


def test_the_language_check_fires_alone_on_a_translation_in_another_language(detector) -> None:
    issues = check("Die Stadt lädt alle Familien herzlich ein.",
                   "La ville invite chaleureusement toutes les familles.", "en", detector=detector)  # fmt: skip
    assert [(i.check, i.severity) for i in issues] == [("language", "warning")], issues


def test_the_language_check_is_silent_on_the_target_language(detector) -> None:
    issues = check("Die Stadt lädt alle Familien herzlich ein.",
                   "The city warmly invites all families.", "en", detector=detector)  # fmt: skip
    assert issues == []


def test_an_empty_translation_is_not_checked() -> None:
    assert check("Die Stadt lädt alle Familien ein.", "", "en") == []
