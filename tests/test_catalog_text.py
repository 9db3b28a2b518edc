"""Any text a translator, an agency or a glossary can put into a catalog comes back exactly:
line and paragraph separators, controls, escapes, every script."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.queue.catalog import Catalog, CatalogEntry, dumps, loads

HEADERS = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=120)
NOTE = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00\n\r"), max_size=60).map(str.strip)  # comment lines are stripped


@settings(max_examples=300, deadline=None)
@given(source=TEXT.filter(lambda s: s != ""), translation=TEXT, note=NOTE, comment=NOTE, width=st.sampled_from([0, 79, 40]))
def test_any_text_survives_a_catalog_write_and_read(source, translation, note, comment, width) -> None:
    entry = CatalogEntry(
        "2026-02-09-anmeldungen/0123456789",
        source,
        translation,
        fuzzy=bool(translation),
        notes=[f"glossary: {note}".strip()],
        translator_comment=comment,
    )
    catalog = Catalog("fr", dict(HEADERS), [entry])
    text = dumps(catalog, path="locales/fr/2026-02-09-anmeldungen.po", width=width)
    back = loads(text, "locales/fr/2026-02-09-anmeldungen.po")
    assert back.entries == catalog.entries


def test_a_line_separator_in_an_agency_text_is_not_a_line_break() -> None:
    entry = CatalogEntry("a/0123456789", "Kommt vorbei und feiert mit!", "Venez\u2028faire la fête", fuzzy=False)
    back = loads(dumps(Catalog("fr", dict(HEADERS), [entry]), path="x/a.po"), "x/a.po")
    assert back.entries[0].translation == "Venez\u2028faire la fête"
