"""How catalogs read in a PO editor and survive msgmerge: msgctxt is the unit's hash, notes
appear once, language-neutral notes live in the POT, provenance comes back after msgmerge,
and catalogs written in the older form (whole key in msgctxt) migrate without a loss."""

import re
import shutil
import subprocess

import pytest
from conftest import write_announcement

from pipeline.intake.sources import load_announcements
from pipeline.queue.catalog import ReviewState, dumps, loads
from pipeline.queue.locales import catalog_path
from pipeline.queue.translate import translate_workspace
from pipeline.units.glossary import load_glossary

ID = "2026-02-09-anmeldungen-vhs"
BODY = (
    "Am Montag, 9. Februar 2026, starten die Anmeldungen für die vhs Herne.\n\n"
    "Die Stadt Herne lädt ein; die Stadt Herne informiert auch online.\n\n"
    "Vertreter*innen der Stadt Herne sind eingeladen."
)


def run(workspace, registry, detector, **kwargs):
    from conftest import ROOT

    return translate_workspace(
        workspace,
        load_announcements(workspace.paths.announcements),
        ["en", "fr"],
        detector=detector,
        registry=registry,
        glossary=load_glossary(ROOT / "glossaries", workspace.target_languages),
        **kwargs,
    )


@pytest.fixture
def queue(workspace, copy_registry, detector):
    write_announcement(workspace.paths.announcements, ID, BODY, title="Anmeldungen für die vhs")
    run(workspace, copy_registry, detector)
    return workspace


def entries(workspace, language="fr"):
    path = catalog_path(workspace, language, ID)
    return [e for e in loads(path.read_text(encoding="utf-8"), str(path)).entries if not e.obsolete]


def test_msgctxt_is_the_units_hash_alone(queue) -> None:
    text = catalog_path(queue, "fr", ID).read_text(encoding="utf-8")
    contexts = re.findall(r'^msgctxt "(.*)"$', text, re.MULTILINE)
    assert contexts and all(re.fullmatch(r"[0-9a-f]{10}(-\d+)?", c) for c in contexts)
    assert [e.key for e in entries(queue)] == [f"{ID}/{c}" for c in contexts]  # in memory: whole


def test_a_term_used_twice_in_a_unit_is_noted_once(queue) -> None:
    second = entries(queue)[2]
    assert second.source.count("Stadt Herne") == 2
    assert sum(n.startswith("glossary: Stadt Herne →") for n in second.notes) == 1


def test_the_template_carries_the_language_neutral_notes(queue) -> None:
    text = catalog_path(queue, "", ID).read_text(encoding="utf-8")
    assert "#. glossary: Stadt Herne (prescribed per language) — " in text
    assert "#. glossary: vhs Herne (keep as is)" in text


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="gettext's msgmerge not installed")
def test_msgmerge_keeps_the_notes_and_translate_brings_back_the_provenance(
    queue, copy_registry, detector
) -> None:
    po, pot = catalog_path(queue, "fr", ID), catalog_path(queue, "", ID)
    edited = entries(queue)[1]
    text = po.read_text(encoding="utf-8").replace(
        f'msgstr "{edited.translation}"', 'msgstr "Version corrigée par une traductrice."'
    )
    po.write_text(text, encoding="utf-8")
    subprocess.run(["msgmerge", "-q", "--previous", "-o", str(po), str(po), str(pot)], check=True)
    merged = po.read_text(encoding="utf-8")
    assert "vielfalt-mt:" not in merged  # what Weblate's msgmerge add-on does to a PO
    assert "#. glossary: Stadt Herne (prescribed per language)" in merged  # from the POT
    run(queue, copy_registry, detector, force=True)
    after = entries(queue)
    untouched = [e for e in after if e.translation != "Version corrigée par une traductrice."]
    assert all(e.is_untouched_machine for e in untouched)  # provenance restored
    corrected = after[1]
    assert corrected.translation == "Version corrigée par une traductrice."
    assert corrected.fuzzy and not corrected.is_untouched_machine  # a human's draft stays one


def test_catalogs_written_with_whole_keys_migrate_without_a_loss(
    queue, copy_registry, detector
) -> None:
    po = catalog_path(queue, "fr", ID)
    catalog = loads(po.read_text(encoding="utf-8"), str(po))
    catalog.entries[0].fuzzy = False  # approved
    catalog.entries[1].translation = "Inscriptions : brouillon d’une traductrice"  # a draft
    catalog.entries[2].notes = catalog.entries[2].notes + catalog.entries[2].notes[1:2]
    old_form = dumps(catalog)
    for key in (e.key for e in catalog.entries):  # as the older main wrote them
        old_form = old_form.replace(f'msgctxt "{key.split("/", 1)[1]}"', f'msgctxt "{key}"')
    assert f'msgctxt "{ID}/' in old_form
    po.write_text(old_form, encoding="utf-8")
    run(queue, copy_registry, detector, force=True)
    text = po.read_text(encoding="utf-8")
    assert f'msgctxt "{ID}/' not in text
    after = entries(queue)
    assert after[0].translation == catalog.entries[0].translation
    assert after[0].state == ReviewState.APPROVED
    assert after[1].translation == "Inscriptions : brouillon d’une traductrice" and after[1].fuzzy
    assert len(after[2].notes) == len(set(after[2].notes))
    assert [e.key for e in after] == [e.key for e in catalog.entries]
