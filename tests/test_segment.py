"""Units and sentences: stable keys, German-aware splitting that round-trips exactly."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import Announcement
from pipeline.units.segment import split_sentences, units_of


def make(body: str, title: str = "Großes Väterfest im Circus Schnick Schnack") -> Announcement:
    return Announcement(
        id="2025-12-13-vaeterfest", title=title, date=dt.date(2025, 12, 13), body=body
    )


def test_title_and_each_paragraph_heading_and_list_item_are_units() -> None:
    body = (
        "Erster Absatz.\n\n## Termine\n\n- Montag, 9. Februar 2026\n- Dienstag\n\nZweiter Absatz."
    )
    units = units_of(make(body))
    assert [(u.role, u.text) for u in units] == [
        ("title", "Großes Väterfest im Circus Schnick Schnack"),
        ("paragraph", "Erster Absatz."),
        ("heading", "Termine"),
        ("list-item", "Montag, 9. Februar 2026"),
        ("list-item", "Dienstag"),
        ("paragraph", "Zweiter Absatz."),
    ]
    assert units[2].prefix == "## " and units[3].prefix == "- "


def test_editing_one_paragraph_keeps_the_keys_of_the_others() -> None:
    before = units_of(make("Erster Absatz.\n\nZweiter Absatz.\n\nDritter Absatz."))
    after = units_of(make("Erster Absatz.\n\nZweiter Absatz, geändert.\n\nDritter Absatz."))
    assert before[1].key == after[1].key and before[3].key == after[3].key
    assert before[2].key != after[2].key


def test_inserting_a_paragraph_keeps_the_keys_of_the_others() -> None:
    before = units_of(make("Erster Absatz.\n\nDritter Absatz."))
    after = units_of(make("Erster Absatz.\n\nNeu eingefügt.\n\nDritter Absatz."))
    assert {u.key for u in before} <= {u.key for u in after}


def test_identical_paragraphs_get_distinct_keys() -> None:
    units = units_of(make("Anmeldung erforderlich.\n\nAnmeldung erforderlich."))
    assert units[1].key != units[2].key
    assert units[2].key.endswith("-2")


def test_paragraph_lines_are_joined_and_keep_their_source_line() -> None:
    announcement = Announcement(
        id="x-y", title="T", date=dt.date(2026, 1, 1), body="Zeile eins\nZeile zwei", body_line=7
    )
    unit = units_of(announcement)[1]
    assert unit.text == "Zeile eins Zeile zwei" and unit.lineno == 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Am Montag, 9. Februar 2026, starten die Anmeldungen. Das Programm ist online.",
            ["Am Montag, 9. Februar 2026, starten die Anmeldungen.", "Das Programm ist online."],
        ),
        (
            "Am Montag, dem 17. November 2025, wurden die Zeugnisse überreicht.",
            ["Am Montag, dem 17. November 2025, wurden die Zeugnisse überreicht."],
        ),
        (
            "Die Ausbildung zur „Betreuungskraft nach § 53c“ dauert neun Monate. Danach arbeiten sie.",
            [
                "Die Ausbildung zur „Betreuungskraft nach § 53c“ dauert neun Monate.",
                "Danach arbeiten sie.",
            ],
        ),
        (
            "Es gibt z. B. Kurse, Nr. 5 bzw. Nr. 6, ca. 600 Angebote, u. a. bei Dr. Schmitz in der "
            "Bahnhofstr. 12 und St. Marien. Ende.",
            [
                "Es gibt z. B. Kurse, Nr. 5 bzw. Nr. 6, ca. 600 Angebote, u. a. bei Dr. Schmitz in der "
                "Bahnhofstr. 12 und St. Marien.",
                "Ende.",
            ],
        ),
        (
            "Beginn ist um 10.30 Uhr. Eintritt 3.50 Euro.",
            ["Beginn ist um 10.30 Uhr.", "Eintritt 3.50 Euro."],
        ),
        (
            "Infos unter https://www.herne.de/Integration/index.html. Fragen an ki@herne.de. Danke.",
            [
                "Infos unter https://www.herne.de/Integration/index.html.",
                "Fragen an ki@herne.de.",
                "Danke.",
            ],
        ),
        (
            "Seit 2005 besteht das Projekt „Nahtstellen, fühlbar, hier…“. Mit zwölf Gedenktafeln.",
            [
                "Seit 2005 besteht das Projekt „Nahtstellen, fühlbar, hier…“.",
                "Mit zwölf Gedenktafeln.",
            ],
        ),
        ("Kommen Sie? Ja! Gerne.", ["Kommen Sie?", "Ja!", "Gerne."]),
        ("Zum 20. Mal feiern wir.", ["Zum 20. Mal feiern wir."]),
    ],
)
def test_german_sentence_splitting(text: str, expected: list[str]) -> None:
    assert list(split_sentences(text).parts) == expected


def test_splitting_keeps_the_exact_spacing() -> None:
    text = "  Erster Satz.   Zweiter Satz.\tDritter Satz.  "
    split = split_sentences(text)
    assert split.parts == ("Erster Satz.", "Zweiter Satz.", "Dritter Satz.")
    assert split.join() == text


@given(st.text(alphabet=st.sampled_from(list("aäbßZ .!?…„“19§\n\t")), max_size=80))
def test_split_and_join_round_trip_any_text(text: str) -> None:
    assert split_sentences(text).join() == text


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Das Treffen ist am 15. 8. 2019 im Rathaus. Danach gibt es Kaffee.", 2),
        ("Bitte kommen Sie in Zi. 312. Dort wartet Fr. Yılmaz auf Sie.", 2),
        ("Treffpunkt ist Herne Hbf. am Ausgang Nord.", 1),
        ("Ab dem 15.08.19 gilt die neue Regel. Danach nicht mehr.", 2),
        ("Sie ist unter Tel. 02323 16-0 erreichbar. Bis bald!", 2),
    ],
)
def test_numeric_dates_and_office_abbreviations_do_not_end_a_sentence(text, sentences) -> None:
    split = split_sentences(text)
    assert len(split.parts) == sentences and split.join() == text
