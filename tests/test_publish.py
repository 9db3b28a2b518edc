"""Publishing: approved only, escaped, deterministic, right-to-left done right."""

import json

import pytest
from conftest import ROOT

from pipeline.intake.sources import load_announcements
from pipeline.publish.build import publish
from pipeline.publish.manifest import MANIFEST_NAME
from pipeline.publish.site import render_inline
from pipeline.queue.catalog import dumps, loads
from pipeline.queue.locales import catalog_path

ID = "2026-01-21-fachbereich-integration-lud-zum-arbeitsfruehstueck-vielfalt-als-chance"


def approve(workspace, language, ident=ID, change=None) -> None:
    path = catalog_path(workspace, language, ident)
    catalog = loads(path.read_text(encoding="utf-8"), str(path))
    for index, entry in enumerate(catalog.entries):
        if not entry.obsolete:
            entry.fuzzy = False
            if change:
                change(index, entry)
    path.write_text(dumps(catalog), encoding="utf-8")


BASE = "https://integration.herne.example/"


def run(workspace, languages=("en", "fr"), **kwargs):
    kwargs.setdefault("formats", ("json", "html", "feed", "mo"))
    return publish(
        workspace, load_announcements(workspace.paths.announcements), list(languages), **kwargs
    )


def test_an_unknown_format_is_refused_before_anything_is_written(sample) -> None:
    from pipeline.errors import VielfaltError

    approve(sample, "fr")
    with pytest.raises(VielfaltError, match="unknown format.*pdf.*choose from json"):
        publish(sample, load_announcements(sample.paths.announcements), ["fr"], formats=("pdf",))
    assert not sample.paths.published.exists() or not any(sample.paths.published.iterdir())


def test_only_approved_announcements_are_published(sample) -> None:
    approve(sample, "fr")
    report = run(sample)
    assert report.published["fr"] == [ID] and report.published["en"] == []
    assert len(report.published["de"]) == 6
    assert (sample.paths.published / "fr" / f"{ID}.html").exists()
    assert not (sample.paths.published / "en" / f"{ID}.html").exists()
    assert len(report.waiting["en"]) == 6


def validators():
    """jsonschema validators for the committed schemas (the wrapper refers to the item schema)."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {
        name: json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        for name in ("announcement.schema.json", "announcements.schema.json")
    }
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return {
        name: Draft202012Validator(
            schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for name, schema in schemas.items()
    }


def test_json_follows_the_committed_schemas(sample) -> None:
    approve(sample, "fr")
    run(sample)
    check = validators()
    for language in ("de", "fr"):
        folder = sample.paths.published / language
        listing = json.loads((folder / "announcements.json").read_text(encoding="utf-8"))
        check["announcements.schema.json"].validate(listing)
        for document in listing["announcements"]:
            single = json.loads((folder / f"{document['id']}.json").read_text(encoding="utf-8"))
            check["announcement.schema.json"].validate(single)
            assert single == document
    document = json.loads((sample.paths.published / "fr" / f"{ID}.json").read_text(encoding="utf-8"))
    assert document["translation_status"] == "complete" and document["direction"] == "ltr"
    assert document["title"].startswith("Service Intégration")
    assert {"language": "de", "url": f"../de/{ID}.html"} in document["alternates"]


def test_a_document_that_breaks_the_schema_is_caught_by_the_validator(sample) -> None:
    from jsonschema import ValidationError

    approve(sample, "fr")
    run(sample)
    document = json.loads((sample.paths.published / "fr" / f"{ID}.json").read_text(encoding="utf-8"))
    document["approved_at"] = "2026-01-21"  # a date where the schema wants a UTC date-time
    with pytest.raises(ValidationError):
        validators()["announcement.schema.json"].validate(document)


def test_partial_policy_falls_back_to_german_marked_lang_de(sample) -> None:
    def approve_title_only(index, entry):
        if index > 0:
            entry.fuzzy = True

    approve(sample, "en", change=approve_title_only)
    assert run(sample).published["en"] == []
    report = run(sample, policy="partial")
    assert report.published["en"] == [ID]
    page = (sample.paths.published / "en" / f"{ID}.html").read_text(encoding="utf-8")
    assert '<p lang="de" dir="ltr" class="fallback">Unter dem Motto' in page


def test_a_german_fallback_title_is_marked_as_german_everywhere(sample) -> None:
    def approve_body_only(index, entry):
        if index == 0:
            entry.fuzzy = True

    approve(sample, "en", change=approve_body_only)
    run(sample, policy="partial")
    page = (sample.paths.published / "en" / f"{ID}.html").read_text(encoding="utf-8")
    index = (sample.paths.published / "en" / "index.html").read_text(encoding="utf-8")
    assert '<h1 lang="de" dir="ltr" class="fallback">Fachbereich Integration lud' in page
    assert f'<a href="{ID}.html" lang="de" dir="ltr" class="fallback">Fachbereich' in index


def test_a_no_longer_approved_announcement_is_removed(sample) -> None:
    approve(sample, "fr")
    run(sample)
    path = catalog_path(sample, "fr", ID)
    path.write_text(
        path.read_text(encoding="utf-8").replace('msgctxt "', '#, fuzzy\nmsgctxt "', 1),
        encoding="utf-8",
    )
    report = run(sample)
    assert sample.paths.published / "fr" / f"{ID}.html" in report.removed
    assert not (sample.paths.published / "fr" / f"{ID}.html").exists()


def test_output_is_deterministic_and_unchanged_files_are_not_rewritten(sample, tmp_path) -> None:
    approve(sample, "fr")
    run(sample)
    first = {
        p: p.read_bytes()
        for p in sample.paths.published.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME
    }
    again = run(sample)
    assert again.written == [] and again.unchanged == len(first)
    other = run(sample, out=tmp_path / "other")
    assert len(other.written) == len(first)
    for path, data in first.items():
        assert (tmp_path / "other" / path.relative_to(sample.paths.published)).read_bytes() == data


@pytest.mark.parametrize(
    ("translation", "forbidden", "expected"),
    [
        (
            "<script>alert(1)</script> Willkommen",
            "<script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
        ("[klick](javascript:alert(1))", 'href="javascript', "[klick](javascript:alert(1))"),
        ('[ok](https://www.herne.de/" onmouseover="x)', 'onmouseover="', "onmouseover"),
        ("**kaputt <b>fett", "<b>", "**kaputt &lt;b&gt;fett"),
        ('<img src=x onerror="alert(1)">', "<img", "&lt;img src=x onerror="),
    ],
)
def test_untrusted_translations_cannot_inject_markup(
    sample, translation, forbidden, expected
) -> None:
    def evil(index, entry):
        if index == 1:
            entry.translation = translation

    approve(sample, "fr", change=evil)
    run(sample, base_url=BASE, publish_qa="warn")  # QA errors too, but the point is escaping
    page = (sample.paths.published / "fr" / f"{ID}.html").read_text(encoding="utf-8")
    feed = (sample.paths.published / "fr" / "feed.xml").read_text(encoding="utf-8")
    assert forbidden not in page.split("<body>")[1]
    assert expected in page
    assert "<script" not in feed and "<img" not in feed


def test_allowed_inline_markup_is_rendered() -> None:
    assert render_inline("Siehe [Programm](https://www.herne.de/vhs) und **jetzt** *gleich*") == (
        'Siehe <a href="https://www.herne.de/vhs">Programm</a> und <strong>jetzt</strong> <em>gleich</em>'
    )
    assert render_inline("Vertreter*innen und Senior*innen") == "Vertreter*innen und Senior*innen"


def test_latin_names_are_isolated_in_arabic_text() -> None:
    assert render_inline("في Schloss Strünkede يوم 21", rtl=True) == (
        'في <bdi dir="ltr">Schloss Strünkede</bdi> يوم 21'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مركز الاندماج (KI) في هيرنه", 'مركز الاندماج <bdi dir="ltr">(KI)</bdi> في هيرنه'),
        ("مشروع „Echte Väter“ للآباء", 'مشروع <bdi dir="ltr">„Echte Väter“</bdi> للآباء'),
        ("يوم 13.12.2025 الساعة 10:30", 'يوم <bdi dir="ltr">13.12.2025</bdi> الساعة <bdi dir="ltr">10:30</bdi>'),
        ("هاتف +49 2323 16-0", 'هاتف <bdi dir="ltr">+49 2323 16-0</bdi>'),
        ("مدينة (هيرنه KI", 'مدينة (هيرنه <bdi dir="ltr">KI</bdi>'),
    ],
)
def test_brackets_quotes_and_numbers_read_in_order_inside_arabic(text, expected) -> None:
    assert render_inline(text, rtl=True) == expected


def test_escaped_characters_are_isolated_whole_in_arabic() -> None:
    # isolation works on the raw text: an isolate never lands inside an entity such as &amp;
    html = render_inline("برنامج A & B < C", rtl=True)
    assert html == 'برنامج <bdi dir="ltr">A &amp; B</bdi> &lt; <bdi dir="ltr">C</bdi>'
    assert render_inline("مرحبا & أهلا", rtl=True) == "مرحبا &amp; أهلا"


def test_mo_catalog_holds_approved_entries_only(sample) -> None:
    import polib

    approve(sample, "fr")
    run(sample)
    mo = polib.mofile(str(sample.paths.published / "fr" / f"{ID}.mo"))
    assert len(mo) == 2 and all(e.msgstr for e in mo)


def test_publish_cli_reports_waiting_units(sample) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    approve(sample, "fr")
    result = CliRunner().invoke(
        cli, ["--workspace", str(sample.root), "publish", "--to", "en,fr"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()  # progress goes to stderr
    assert lines[:3] == [
        "de: 6 published",
        "en: 0 published, 6 waiting for review (12 units)",
        "fr: 1 published, 5 waiting for review (10 units)",
    ]
