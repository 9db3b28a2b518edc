"""Agencies' round trips through XLIFF, and the Weblate set-up, as translators' tools see them."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.config import load_workspace
from pipeline.queue.catalog import ReviewState, loads
from pipeline.queue.locales import catalog_path

FRUEHSTUECK = "2026-01-21-fachbereich-integration-lud-zum-arbeitsfruehstueck-vielfalt-als-chance"
VHS = "2026-01-21-das-bietet-das-neue-programm-der-volkshochschule-im-fruehjahr-und-sommer-2026"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def demo_workspace(demo_template):
    return load_workspace(demo_template[0] / "vielfalt.toml")


@pytest.fixture
def ws(demo_workspace, tmp_path):
    """A fresh copy of the demo workspace (one announcement approved in every language)."""
    root = tmp_path / "ws"
    shutil.copytree(demo_workspace.root, root, ignore=shutil.ignore_patterns("published"))
    return load_workspace(root / "vielfalt.toml")


def invoke(workspace, *args):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])


def export(workspace, *args) -> Path:
    result = invoke(workspace, "export", "--to", "ar", "--json", *args)
    assert result.exit_code == 0, result.output
    return Path(json.loads(result.output)["xliff"])


def status_counts(workspace, language="ar"):
    result = invoke(workspace, "status", "--to", language, "--json")
    return json.loads(result.output)["languages"][language]


# ---------------------------------------------------------------- export


def test_translate_toolkit_reads_the_export_with_the_same_strings(ws, tmp_path) -> None:
    xliff = export(ws, "--state", "untranslated,machine,outdated,approved")
    converted = tmp_path / "back.po"
    subprocess.run([str(BIN / "xliff2po"), str(xliff), str(converted)], check=True, capture_output=True)
    theirs = {(e.msgid, e.msgstr) for e in polib.pofile(str(converted)) if e.msgid}
    ours = set()
    for path in sorted((ws.paths.locales / "ar").glob("*.po")):
        for entry in loads(path.read_text(encoding="utf-8"), str(path)).entries:
            if not entry.obsolete:
                ours.add((entry.source, entry.translation))
    assert theirs == ours and len(ours) == 12


def test_protected_spans_travel_as_locked_codes(ws) -> None:
    text = export(ws, "--state", "approved").read_text(encoding="utf-8")
    assert '<ph id="1" ctype="x-term" equiv-text="Fachbereich Integration">قسم الاندماج</ph>' in text
    assert '<ph id="6" ctype="x-date" equiv-text="Mittwoch, 21. Januar 2026">Mittwoch, 21. Januar 2026</ph>' in text
    assert '<note from="vielfalt">glossary: Schloss Strünkede → Schloss Strünkede (keep as is)' in text


def test_the_export_selects_by_state_and_date_and_brings_glossary_and_manifest(ws) -> None:
    result = invoke(ws, "export", "--to", "ar", "--since", "2026-01-01", "--state", "machine", "--json")
    report = json.loads(result.output)
    assert report["states"] == {"machine": 2} and report["announcements"] == 1
    assert Path(report["glossary"]).read_text(encoding="utf-8").count("<conceptEntry") >= 20
    manifest = json.loads(Path(report["manifest"]).read_text(encoding="utf-8"))
    assert manifest["language"] == "ar" and set(manifest["german_revisions"]) == {VHS}


def test_xliff_2_0_on_request(ws) -> None:
    text = export(ws, "--xliff-version", "2.0", "--state", "approved").read_text(encoding="utf-8")
    assert 'xmlns="urn:oasis:names:tc:xliff:document:2.0"' in text and 'state="final"' in text


# ---------------------------------------------------------------- import


def test_an_agency_round_trip_through_translate_toolkit(ws, tmp_path) -> None:
    """Two units approved by the agency and one edited as a draft: status shows exactly that."""
    from translate.storage import factory

    before = status_counts(ws)
    xliff = export(ws, "--state", "machine")
    store = factory.getobject(str(xliff))
    units = [u for u in store.units if u.istranslatable()]
    for unit in units[:2]:  # approved, as memoQ or Trados mark a confirmed segment
        unit.target = unit.target + " ✓"
        unit.markapproved(True)
        unit.xmlelement.find(f"{{{unit.namespace}}}target").set("state", "final")
    units[2].target = "مسودة: " + units[2].target  # an edited draft, not confirmed
    units[2].markapproved(False)
    edited = tmp_path / "from-agency.xlf"
    edited.write_bytes(bytes(store))
    result = invoke(ws, "import", str(edited))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 approved, 1 drafts, 0 outdated")
    after = status_counts(ws)
    assert after["approved"] == before["approved"] + 2
    assert after["machine"] == before["machine"] - 3 + 1  # the draft: fuzzy, but edited by hand


def test_a_file_written_by_po2xliff_is_read(ws, tmp_path) -> None:
    po = catalog_path(ws, "ar", VHS)
    xliff = tmp_path / "po2xliff.xlf"
    subprocess.run([str(BIN / "po2xliff"), str(po), str(xliff)], check=True, capture_output=True)
    text = xliff.read_text(encoding="utf-8")
    first = text.index("<target", text.index("Volkshochschule"))
    close = text.index("</target>", first)
    xliff.write_text(text[: text.index(">", first) + 1] + "برنامج الجامعة الشعبية (Volkshochschule) 2026" + text[close:], encoding="utf-8")
    result = invoke(ws, "import", str(xliff))
    assert result.exit_code == 0, result.output
    catalog = loads(po.read_text(encoding="utf-8"), str(po))
    assert catalog.entries[0].translation == "برنامج الجامعة الشعبية (Volkshochschule) 2026"
    assert catalog.entries[0].state == ReviewState.MACHINE or catalog.entries[0].fuzzy


def test_a_unit_whose_german_changed_comes_back_outdated_with_the_agency_text(ws, tmp_path) -> None:
    xliff = export(ws, "--state", "machine", "--since", "2026-01-01")
    text = xliff.read_text(encoding="utf-8")
    text = text.replace('approved="no"', 'approved="yes"').replace("needs-review-translation", "final")
    text = re.sub(r"(<target [^>]*>)", r"\1وكالة: ", text)
    xliff.write_text(text, encoding="utf-8")
    source = ws.paths.announcements / f"{VHS}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Rund 600 Kurse", "Rund 650 Kurse"), encoding="utf-8")
    assert invoke(ws, "translate").exit_code == 0
    result = invoke(ws, "import", str(xliff))
    assert result.exit_code == 0, result.output
    assert "1 approved, 0 drafts, 1 outdated" in result.output
    catalog = loads(catalog_path(ws, "ar", VHS).read_text(encoding="utf-8"), str(catalog_path(ws, "ar", VHS)))
    changed = next(e for e in catalog.entries if "650" in e.source)
    assert changed.state == ReviewState.OUTDATED and changed.translation.startswith("وكالة: ")


def test_an_approval_made_meanwhile_is_never_overwritten(ws, tmp_path) -> None:
    xliff = export(ws, "--state", "machine")
    text = re.sub(r"(<target [^>]*>)", r"\1وكالة: ", xliff.read_text(encoding="utf-8"))
    xliff.write_text(text, encoding="utf-8")
    po = catalog_path(ws, "ar", VHS)
    po.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    before = po.read_text(encoding="utf-8")
    result = invoke(ws, "import", str(xliff))
    assert result.exit_code == 1
    assert "conflict: " in result.output and "is approved in the PO file and was left as it is" in result.output
    assert "agency: وكالة: " in result.output
    assert po.read_text(encoding="utf-8") == before


def test_a_unit_whose_codes_did_not_come_back_is_refused_and_named(ws) -> None:
    xliff = export(ws, "--state", "machine")
    text = xliff.read_text(encoding="utf-8")
    target = text.index("<target", text.index("Anmeldungen"))
    text = text[:target] + re.sub(
        r'<ph id="4" ctype="x-term" equiv-text="WAZ">WAZ</ph>', "WAZ-Zeitung", text[target:], count=1
    )
    xliff.write_text(text.replace("needs-review-translation", "translated"), encoding="utf-8")
    result = invoke(ws, "import", str(xliff))
    assert result.exit_code == 1
    assert re.search(r"refused: .*unit .*/b105bca03d: inline codes did not come back intact \(missing WAZ\)", result.output)
    catalog = loads(catalog_path(ws, "ar", VHS).read_text(encoding="utf-8"), str(catalog_path(ws, "ar", VHS)))
    assert "WAZ-Zeitung" not in "".join(e.translation for e in catalog.entries)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('target-language="ar"', 'target-language="ru"'), "it was exported for ar"),
        (lambda t: re.sub(r'vf:export-id="\w+"', 'vf:export-id="0123abcd"', t), "not known in this workspace"),
        (lambda t: t.replace('resname="', 'resname="fremd-').replace(' id="20', ' id="fremd-20').replace("Anmeldungen", "Abmeldungen"), "is unknown here"),
        (lambda t: t.replace('target-language="ar"', 'target-language="xx"').replace(re.search(r'vf:export-id="\w+"', t)[0], ""), "not among the workspace's targets"),
    ],
)
def test_files_that_do_not_belong_change_nothing(ws, change, message) -> None:
    xliff = export(ws, "--state", "machine")
    xliff.write_text(change(xliff.read_text(encoding="utf-8")), encoding="utf-8")
    before = {p: p.read_bytes() for p in ws.paths.locales.rglob("*.po")}
    result = invoke(ws, "import", str(xliff))
    assert result.exit_code == 1 and "nothing was imported" in result.output and message in result.output
    assert {p: p.read_bytes() for p in ws.paths.locales.rglob("*.po")} == before


def test_a_hand_edited_xliff_2_file_is_imported(ws) -> None:
    xliff = export(ws, "--state", "machine", "--xliff-version", "2.0")
    text = xliff.read_text(encoding="utf-8").replace('state="translated"', 'state="final"', 1)
    xliff.write_text(text, encoding="utf-8")
    result = invoke(ws, "import", str(xliff))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 approved, 0 drafts")


# ---------------------------------------------------------------- Weblate


def test_weblate_discovery_matches_every_catalog_and_no_template(ws) -> None:
    from pipeline.exchange.agencies import weblate_settings

    settings = weblate_settings(ws)
    pattern = re.compile(settings["match"])
    files = [p.relative_to(ws.root).as_posix() for p in ws.paths.locales.rglob("*.po*")]
    matched = [f for f in files if pattern.fullmatch(f)]
    assert sorted(matched) == sorted(f for f in files if f.endswith(".po"))
    components = {}
    for name in matched:
        found = pattern.fullmatch(name)
        components.setdefault(found["component"], set()).add(found["language"])
    assert all(languages == set(ws.target_languages) for languages in components.values())
    assert len(components) == 6
    for component in components:  # the template every component's base points to exists
        assert (ws.root / settings["new_base_template"].replace("{{ component }}", component)).exists()
    result = invoke(ws, "weblate")
    assert result.exit_code == 0 and settings["match"] in result.output and "md-text" in result.output


def test_weblate_settings_say_german_is_the_source_and_give_the_whole_loop(ws) -> None:
    result = invoke(ws, "weblate")
    assert result.exit_code == 0, result.output
    assert "Source language: German (de)" in result.output
    assert "msgmerge" in result.output and "po_line_wrap): 77" in result.output
    assert "Customize gettext output" not in result.output  # no such add-on in Weblate 5.14
    assert "[weblate] url, project" in result.output and "merge-driver install" in result.output
    assert "[review]" in result.output
    assert "Translation flags: read-only" in result.output


def test_a_term_edited_in_weblates_glossary_is_reported_and_never_overwritten(ws) -> None:
    assert invoke(ws, "weblate", "--glossary").exit_code == 0
    french = ws.paths.glossaries / "weblate" / "fr.tbx"
    text = french.read_text(encoding="utf-8")
    assert "Service Intégration" in text
    french.write_text(text.replace("Service Intégration", "Service de l’intégration"), encoding="utf-8")
    result = invoke(ws, "translate", "--to", "fr")
    assert result.exit_code == 0, result.output
    assert "Service de l’intégration" in french.read_text(encoding="utf-8")  # kept
    assert "'Fachbereich Integration' is „Service de l’intégration“ in Weblate's glossary" in result.output


def test_weblate_glossary_component_is_written_and_kept_current_by_translate(ws) -> None:
    from translate.storage import tbx

    result = invoke(ws, "weblate", "--glossary")
    assert result.exit_code == 0, result.output
    french = ws.paths.glossaries / "weblate" / "fr.tbx"
    store = tbx.tbxfile.parsefile(str(french))
    assert any(u.source == "Fachbereich Integration" and u.target for u in store.units)
    with (ws.paths.glossaries / "herne.csv").open("a", encoding="utf-8") as handle:
        handle.write("Stadtteilbüro,,keep" + "," * 11 + "\n")
    result = invoke(ws, "translate")
    assert result.exit_code in (0, 1), result.output  # (1: the demo's approved QA findings)
    assert "Traceback" not in result.output
    assert "Stadtteilbüro" in french.read_text(encoding="utf-8")


def test_weblate_json_gives_the_settings_scripts_pass_to_weblates_api(ws) -> None:
    from pipeline.exchange.agencies import weblate_settings

    result = invoke(ws, "weblate", "--json")
    assert result.exit_code == 0, result.output
    settings = json.loads(result.output)
    assert settings == weblate_settings(ws)
    assert settings["source_language"] == "de" and settings["base_file_template"] == ""
