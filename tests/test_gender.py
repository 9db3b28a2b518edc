"""Gender-inclusive German forms are written out as pairs before MT, never leaked."""

import pytest

from pipeline.engine import SourceUnit
from pipeline.gender import expand, leaked_forms
from pipeline.mt import translate_protected
from pipeline.protect import markup_spans
from pipeline.qa import check


@pytest.mark.parametrize(
    ("german", "written_out"),
    [
        ("Vertreter*innen der Stadt Herne", "Vertreterinnen und Vertreter der Stadt Herne"),
        ("Angebote für Senior:innen", "Angebote für Seniorinnen und Senioren"),
        ("Kolleg_innen", "Kolleginnen und Kollegen"),
        ("Ärzt*innen und Köch*innen", "Ärztinnen und Ärzte und Köchinnen und Köche"),
        ("Lehrer/-innen", "Lehrerinnen und Lehrer"),
        ("MitarbeiterInnen", "Mitarbeiterinnen und Mitarbeiter"),
        (
            "Ihre Ansprechpartner*in im Rathaus",
            "Ihre Ansprechpartnerin oder Ansprechpartner im Rathaus",
        ),
    ],
)
def test_star_colon_underscore_slash_and_binnen_i_forms_become_pairs(german, written_out) -> None:
    assert expand(german) == written_out


def test_words_that_only_look_like_gender_forms_stay() -> None:
    for text in ("LinkedIn-Gruppe", "Innen und Außen", "Am Montag, 9. Februar 2026, um 10.30 Uhr"):
        assert expand(text) == text


def test_links_and_addresses_are_never_rewritten() -> None:
    text = "Liste: https://www.herne.de/Mitarbeiter_innen und Mitarbeiter_innen"
    assert expand(text, markup_spans(text)) == (
        "Liste: https://www.herne.de/Mitarbeiter_innen und Mitarbeiterinnen und Mitarbeiter"
    )


def test_the_model_sees_the_pair_not_the_star(copy_registry) -> None:
    unit = SourceUnit("k", "Vertreter*innen der Stadt Herne sind eingeladen.")
    (result,) = translate_protected([unit], ["en"], copy_registry, None).translations
    assert result.text == "Vertreterinnen und Vertreter der Stadt Herne sind eingeladen."
    assert leaked_forms(result.text) == []


def test_a_german_gender_suffix_left_in_a_translation_is_a_qa_warning() -> None:
    issues = check(
        "Betreuungskräfte für Senior*innen erhalten Zertifikate",
        "Опекуни за възрастни*innen получават сертификати",
        "bg",
    )
    assert [(i.check, i.severity) for i in issues if i.check == "gender"] == [("gender", "warning")]
