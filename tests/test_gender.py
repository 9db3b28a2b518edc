"""Gender-inclusive German forms are written out as pairs before MT, never leaked."""

import pytest

from pipeline.mt.engine import SourceUnit
from pipeline.mt.protected import translate_protected
from pipeline.queue.qa import check
from pipeline.units.gender import expand, leaked_forms
from pipeline.units.protect import markup_spans


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


@pytest.mark.parametrize(
    ("german", "mt_input"),
    [
        ("Akteur*innen aus Herne stellen sich vor.", "Akteurinnen und Akteure aus Herne stellen sich vor."),
        ("Die Schöff*innen werden gewählt.", "Die Schöffinnen und Schöffen werden gewählt."),
        ("Wir danken den Träger*innen.", "Wir danken den Trägerinnen und Trägern."),
        ("Ein Treffen mit allen Staatsbürger*innen.", "Ein Treffen mit allen Staatsbürgerinnen und Staatsbürgern."),
        ("Die Rolle der Kolleg*in ist neu.", "Die Rolle der Kollegin oder Kollegen ist neu."),
        ("Sprechen Sie mit der Ansprechpartner*in.", "Sprechen Sie mit der Ansprechpartnerin oder Ansprechpartner."),
        ("Der Dank gilt den Projektkoordinator*innen.", "Der Dank gilt den Projektkoordinatorinnen und Projektkoordinatoren."),
        ("Die Träger\\*innen laden ein.", "Die Trägerinnen und Träger laden ein."),
    ],
)
def test_the_masculine_form_comes_from_the_lexicon_in_the_case_the_context_demands(german, mt_input) -> None:
    from pipeline.mt.protected import mt_input as model_input

    assert model_input(german, None) == [mt_input]


@pytest.mark.parametrize(
    ("german", "reason"),
    [
        ("Willkommen, Brrrmpf*innen!", "not in the noun lexicon"),
        ("Das Angebot richtet sich an Bürger*innen.", "dative or accusative"),
        ("Fragen Sie die Kolleg*in.", "nominative or accusative"),
    ],
)
def test_an_uncertain_form_stays_for_the_translator_and_the_entry_says_why(german, reason) -> None:
    from pipeline.units.gender import notes

    assert expand(german) == german
    (note,) = notes(german)
    assert note.startswith("gender: „") and reason in note
