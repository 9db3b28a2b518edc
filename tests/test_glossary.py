"""Glossaries: files, checks, German matching, TBX round trip; bad input named by line."""

from pathlib import Path

import pytest
from conftest import ROOT

from pipeline.errors import GlossaryError
from pipeline.exchange.tbx import export_tbx, import_tbx
from pipeline.units.glossary import Glossary, check_terms, dump_csv, load_glossary, parse_csv

LANGS = ("en", "fr", "ro", "bg", "pl", "tr", "ru", "ar")
HEADER = "term,variants,type,case_sensitive,compounds,note,en,fr\n"


def glossary(rows: str, languages=("en", "fr")) -> Glossary:
    return Glossary(parse_csv(HEADER + rows, "g.csv", languages), tuple(languages))


def herne() -> Glossary:
    return load_glossary(ROOT / "glossaries", LANGS)


def surfaces(g: Glossary, text: str) -> list[str]:
    return [m.surface for m in g.match(text)]


def test_the_herne_glossary_is_clean_and_complete() -> None:
    g = herne()
    assert [f for f in g.check() if f.severity == "error"] == []
    for needed in (
        "Stadt Herne",
        "Fachbereich Integration",
        "Kommunales Integrationszentrum",
        "KI",
        "Schloss Strünkede",
        "Volkshochschule",
        "vhs Herne",
        "WAZ",
        "Echte Väter",
        "Circus Schnick Schnack",
        "Herner Integrationsnetzwerk",
        "HIN",
        "Leitlinien für die Integrationsarbeit in Herne",
        "Betreuungskraft nach § 53c",
        "Rathaus Herne",
        "Nahtstellen, fühlbar, hier…",
        "Shoah",
        "Dezernent",
        "Josefine Paul",
        "Andreas Merkendorf",
        "Hanneke Schmitz",
    ):
        assert any(t.term == needed for t in g.terms), needed


def test_the_packaged_demo_glossary_equals_the_workspace_one() -> None:
    packaged = ROOT / "pipeline" / "samples" / "herne-glossary.csv"
    assert packaged.read_bytes() == (ROOT / "glossaries" / "herne.csv").read_bytes()


def test_longest_match_wins() -> None:
    text = "Die Stadt Herne lud ins Rathaus Herne."
    assert surfaces(herne(), text) == ["Stadt Herne", "Rathaus Herne"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kurse der Volkshochschule", ["Volkshochschule"]),
        (
            "die Arbeit des Kommunalen Integrationszentrums (KI)",
            ["Kommunalen Integrationszentrums", "KI"],
        ),
        ("Abschluss des Projektes „Echte Väter“", ["Echte Väter"]),
        ("als Betreuungskraft nach § 53c tätig", ["Betreuungskraft nach § 53c"]),
        ("das Projekt „Nahtstellen, fühlbar, hier…“", ["Nahtstellen, fühlbar, hier…"]),
    ],
)
def test_german_inflection_and_special_characters(text: str, expected: list[str]) -> None:
    assert surfaces(herne(), text) == expected


def test_no_match_inside_another_word_or_in_urls_or_lowercase_abbreviations() -> None:
    g = herne()
    assert surfaces(g, "Vätergruppen und Kinder") == []
    assert surfaces(g, "Die KIta und die ki-Frage") == []
    assert surfaces(
        g,
        "siehe https://www.herne.de/Shoah",
    ) == ["Shoah"]  # raw match…
    from pipeline.units.protect import protect

    protected = protect("siehe https://www.herne.de/Shoah heute", g)
    assert protected.matches == ()  # …but never inside a URL once markup is protected


def test_compounds_only_where_allowed() -> None:
    g = glossary("Integration,,fixed,false,true,,integration,intégration\n")
    assert surfaces(g, "Integrationsarbeit") == ["Integration"]


def test_regex_special_terms_match_literally() -> None:
    g = glossary("(KI),,keep,true,false,,,\nC++,,keep,true,false,,,\n")
    assert surfaces(g, "Zentrum (KI) nutzt C++ und CXX") == ["(KI)", "C++"]


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        ('Stadt Herne,,fixed,false,false,"offen\n', 2, "broken CSV"),
        ("Stadt Herne,,fixed,false\n", 2, "row has 4 columns, the header has 8"),
        (",,keep,false,false,,,\n", 2, "empty term"),
        ("X,,keep,false,false,,,\n", 2, "one character"),
        ("Rathaus,,translate,false,false,,,\n", 2, "type must be keep or fixed"),
        ("Rathaus,,keep,vielleicht,false,,,\n", 2, "case_sensitive must be true or false"),
    ],
)
def test_bad_rows_are_named_by_line(rows: str, line: int, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        parse_csv(HEADER + rows, "g.csv", ("en", "fr"))
    assert caught.value.lineno == line and message in str(caught.value)


def test_unknown_language_column_is_refused() -> None:
    with pytest.raises(GlossaryError, match=r"g.csv:1: unknown column 'xx'"):
        parse_csv("term,type,xx\nRathaus,keep,a\n", "g.csv", ("en",))


def test_check_reports_missing_language_duplicates_and_nesting() -> None:
    terms = parse_csv(
        HEADER
        + "Rathaus,,fixed,false,false,,town hall,\n"
        + "Rathaus Herne,,fixed,false,false,,Herne Town Hall,Hôtel de ville de Herne\n"
        + "rathaus,,keep,false,false,,,\n",
        "g.csv",
        ("en", "fr"),
    )
    messages = [str(f) for f in check_terms(terms, ("en", "fr"))]
    assert "g.csv:2: error: fixed term 'Rathaus' has no fr translation" in messages
    assert "g.csv:4: error: 'rathaus' is already defined at g.csv:2" in messages
    assert any("'Rathaus' is contained in 'Rathaus Herne'" in m for m in messages)


def test_earlier_file_takes_precedence(tmp_path: Path) -> None:
    (tmp_path / "a-thema.csv").write_text(HEADER + "Rathaus,,fixed,false,false,,city hall,mairie\n")
    (tmp_path / "b-stadt.csv").write_text(HEADER + "Rathaus,,fixed,false,false,,town hall,mairie\n")
    g = load_glossary(tmp_path, ("en", "fr"), order=["b-stadt.csv"])
    assert g.match("im Rathaus")[0].term.translations["en"] == "town hall"
    assert any("conflicts with" in str(f) for f in g.check())


def test_tbx_round_trip_is_lossless() -> None:
    terms = herne().terms
    again = import_tbx(export_tbx(terms, "de", LANGS), "x.tbx", "de", LANGS)
    assert dump_csv(again, LANGS) == dump_csv(terms, LANGS)


def test_weblate_martif_tbx_is_read() -> None:
    text = """<?xml version="1.0"?><martif type="TBX" xml:lang="de"><text><body>
    <termEntry><langSet xml:lang="de"><tig><term>Rathaus</term></tig></langSet>
    <langSet xml:lang="en"><tig><term>town hall</term></tig></langSet></termEntry>
    </body></text></martif>"""
    (term,) = import_tbx(text, "w.tbx", "de", LANGS)
    assert term.kind == "fixed" and term.translations == {"en": "town hall"}


def test_malformed_or_unknown_tbx_is_refused() -> None:
    with pytest.raises(GlossaryError, match=r"x.tbx:2: not well-formed XML"):
        import_tbx("<tbx>\n<text></tbx>", "x.tbx", "de", LANGS)
    with pytest.raises(GlossaryError, match="unknown TBX dialect <glossary>"):
        import_tbx("<glossary/>", "x.tbx", "de", LANGS)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("\u200b\u00ad ", "empty term"),
        ("„“", "has no letter or digit"),
    ],
)
def test_a_term_that_is_empty_after_normalisation_is_refused_with_its_line(
    tmp_path, cell, message
) -> None:
    from pipeline.errors import GlossaryError

    path = tmp_path / "bad.csv"
    path.write_text(
        "term,variants,type,case_sensitive,compounds,note,en\n"
        "Stadt Herne,,fixed,false,false,,City of Herne\n"
        f"{cell},,keep,false,false,,\n",
        encoding="utf-8",
    )
    with pytest.raises(GlossaryError, match=rf"bad.csv:3: .*{message}"):
        load_glossary(tmp_path, ("en",))
