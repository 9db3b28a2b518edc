"""The character and address rules every reader and writer shares."""

from __future__ import annotations

import pytest

from pipeline.textrules import CONTROL, NOT_IN_XML, NOT_ONE_LINE, UNSHOWABLE, is_web_url


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f"])
def test_control_characters_are_found_but_tab_and_newline_are_text(char) -> None:
    assert CONTROL.search(f"Anmeldung{char}schluss") and not CONTROL.search("Zeile 1\n\tZeile 2")


@pytest.mark.parametrize("char", ["\t", "\n", "\r", "\u2028", "\u2029", "\x00"])
def test_a_one_line_value_holds_no_break_and_no_tab(char) -> None:
    assert NOT_ONE_LINE.search(f"Stadt Herne{char}Integration")


@pytest.mark.parametrize("char", ["\ufdd0", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\ud800"])
def test_noncharacters_and_lone_surrogates_cannot_go_into_xml(char) -> None:
    assert NOT_IN_XML.search(f"Väter{char}fest") and UNSHOWABLE.search(f"Väter{char}fest")


def test_umlauts_ß_and_arabic_are_fine_everywhere() -> None:
    text = "Großes Väterfest – مهرجان الآباء"
    assert not CONTROL.search(text) and not NOT_ONE_LINE.search(text) and not UNSHOWABLE.search(text)


@pytest.mark.parametrize(("value", "ok"), [
    ("https://www.herne.de/Stadt-und-Leben/Integration/", True),
    ("http://10.0.0.5:5000", True),
    ("https://www.herne.de/Straße?q=Väter", True),
    ("javascript:alert(1)", False),
    ("https://www.herne.de/\"onmouseover=x", False),
    ("https://www.herne.de/a b", False),
    ("ftp://herne.de/datei", False),
])  # fmt: skip
def test_a_web_url_is_absolute_http_s_with_nothing_that_breaks_an_attribute(value, ok) -> None:
    assert is_web_url(value) is ok
