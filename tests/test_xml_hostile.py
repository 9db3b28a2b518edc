"""Agency and termbase files at their worst: DTDs wherever they stand, absurd nesting,
versions that lie, half a link, giant termbases. A message naming the file, never a traceback."""

import pytest

from pipeline.errors import GlossaryError
from pipeline.exchange.agencies import _check_codes
from pipeline.exchange.tbx import import_tbx
from pipeline.exchange.xliff import Code, Unit, XliffError, loads

pytestmark = pytest.mark.hostile

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="{version}">
<file original="2026-02-09-anmeldungen.po" source-language="de" target-language="fr" datatype="po">
<body>
<trans-unit id="2026-02-09-anmeldungen/0123456789" resname="2026-02-09-anmeldungen/0123456789">
<source>Anmeldungen für die vhs</source>
<target state="translated">{target}</target>
</trans-unit>
</body>
</file>
</xliff>
"""


def test_a_12_document_labelled_20_is_read_by_its_namespace() -> None:
    honest = loads(XLIFF_12.format(version="1.2", target="Inscriptions à la vhs"), "a.xlf")
    lying = loads(XLIFF_12.format(version="2.0", target="Inscriptions à la vhs"), "b.xlf")
    assert lying.documents == honest.documents and len(lying.documents[0].units) == 1
    assert lying.documents[0].units[0].target == ("Inscriptions à la vhs",)


@pytest.mark.parametrize("padding", [0, 5000, 50_000])
def test_a_dtd_is_refused_wherever_it_stands(padding) -> None:
    text = XLIFF_12.format(version="1.2", target="&lol;").replace(
        '<xliff', "<!--" + "x" * padding + '-->\n<!DOCTYPE xliff [<!ENTITY lol "lol">]>\n<xliff', 1
    )
    with pytest.raises(XliffError, match="DOCTYPE"):
        loads(text, "bomb.xlf")


def test_absurdly_nested_inline_markup_is_refused_by_name() -> None:
    target = '<g id="1">' * 5000 + "tief" + "</g>" * 5000
    with pytest.raises(XliffError, match="nest deeper than") as caught:
        loads(XLIFF_12.format(version="1.2", target=target), "deep.xlf")
    assert "deep.xlf" in str(caught.value)


def test_half_a_link_coming_back_is_refused_by_name() -> None:
    codes = {"1": ["markup", "[", "["], "2": ["markup", "](https://www.herne.de/vhs)", "](https://www.herne.de/vhs)"]}
    unit = Unit(key="a/0123456789", source=(), target=("Inscriptions", Code("2", "markup", "](https://www.herne.de/vhs)", "](https://www.herne.de/vhs)")))
    problem = _check_codes(unit, codes, [], "agency.xlf")
    assert problem is not None and "only the closing part" in problem and "agency.xlf" in problem


TBX_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="de"><text><body>'
TBX_TAIL = "</body></text></martif>"


def concept(number: int) -> str:
    return (
        f'<termEntry id="c{number}"><langSet xml:lang="de"><tig><term>Begriff {number} der Stadt Herne</term></tig></langSet>'
        f'<langSet xml:lang="fr"><tig><term>Terme {number} de la ville de Herne</term></tig></langSet></termEntry>'
    )


def test_a_termbase_of_20000_concepts_is_read_and_checked() -> None:
    from pipeline.units.glossary import check_terms

    text = TBX_HEAD + "".join(concept(n) for n in range(20_000)) + TBX_TAIL
    terms = import_tbx(text, "iate.tbx", "de", ["fr"])  # (the quadratic check took minutes)
    findings = check_terms(terms, ["fr"])
    assert len(terms) == 20_000
    assert [f.message for f in findings if "contained" in f.message] == []


def test_an_oversized_or_dtd_termbase_is_refused_by_name() -> None:
    with pytest.raises(GlossaryError, match="over 50 MB"):
        import_tbx(TBX_HEAD + " " * 51_000_000 + TBX_TAIL, "huge.tbx", "de", ["fr"])
    with pytest.raises(GlossaryError, match="DOCTYPE"):
        import_tbx('<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "b">]>' + TBX_HEAD[38:] + TBX_TAIL, "dtd.tbx", "de", ["fr"])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deu.txt", b"", "is empty"),
        ("deu.txt", b"\x00\x01\x02binary\n", "is binary"),
        ("deu.txt", "Grüße aus Herne\n".encode("latin-1"), "is not UTF-8"),
        ("deu.txt.gz", b"not gzip at all", "not a complete gzip file"),
        ("deu.txt.gz", "bomb", "larger than any reference set"),
    ],
)
def test_eval_references_that_are_not_sentences_are_named(tmp_path, name, content, message) -> None:
    import gzip

    from pipeline.errors import SourceError
    from pipeline.mt.evaluate import read_lines

    path = tmp_path / name
    if content == "bomb":
        with gzip.open(path, "wb") as handle:
            for _ in range(60):  # 60 MB of one repeated line, a few kB on disk
                handle.write(b"Die Stadt Herne l\xc3\xa4dt ein.\n" * 40_000)
    else:
        path.write_bytes(content)
    with pytest.raises(SourceError, match=message) as caught:
        read_lines(path, None)
    assert name in str(caught.value)
