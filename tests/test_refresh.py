"""Better models in: untouched machine output is refreshed, edits and approvals are kept."""

import re
import shutil

import polib
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLE_WORDS

from pipeline.cli import cli
from pipeline.config import init_workspace, load_workspace
from pipeline.queue.catalog import ReviewState, loads
from pipeline.queue.locales import catalog_path

FEST = "2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack"
NEW_WORDS = {"Großes": "Big", "Väterfest": "fathers-festival", "im": "in-the"}


def invoke(workspace, *args):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])


def install(workspace, spec):
    from pipeline.mt.demo_models import build_package

    build_package(spec, workspace.paths.models)


@pytest.fixture
def ws(tmp_path):
    from pipeline.mt.demo_models import copy_model

    workspace, _ = init_workspace(tmp_path / "ws")
    config = workspace.config_path.read_text(encoding="utf-8")
    workspace.config_path.write_text(
        config.replace('targets = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]', 'targets = ["en", "fr"]'),
        encoding="utf-8",
    )
    workspace = load_workspace(workspace.config_path)
    shutil.copy(ROOT / "announcements" / f"{FEST}.md", workspace.paths.announcements)
    install(workspace, copy_model("de", "en", SAMPLE_WORDS, demo=False))
    install(workspace, copy_model("en", "fr", SAMPLE_WORDS, demo=False))
    assert invoke(workspace, "translate").exit_code == 0
    return workspace


def entries(workspace, language):
    text = catalog_path(workspace, language, FEST).read_text(encoding="utf-8")
    return [e for e in loads(text).entries if not e.obsolete]


def edit_catalog(workspace, language, change):
    path = catalog_path(workspace, language, FEST)
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def swap_de_en(workspace):
    """An update of the de→en package: version 2.0, which translates some words."""
    from pipeline.mt.demo_models import ModelSpecification

    for folder in workspace.paths.models.iterdir():
        if folder.name.startswith(("test-copy-de_en", "test-lexicon-de_en")):
            shutil.rmtree(folder)
    install(
        workspace,
        ModelSpecification("de", "en", NEW_WORDS, extra_words=tuple(SAMPLE_WORDS), package_version="2.0", demo=False),
    )


def test_a_model_update_refreshes_untouched_output_and_keeps_human_work(ws) -> None:
    title_fr, paragraph_fr = entries(ws, "fr")
    title_en, paragraph_en = entries(ws, "en")
    edit_catalog(ws, "fr", lambda t: t.replace("#, fuzzy\n", "", 1))  # French title approved
    # the English paragraph edited by a translator in a PO editor (polib), still a draft
    path = catalog_path(ws, "en", FEST)
    po = polib.pofile(str(path))
    edited = next(e for e in po if e.msgctxt == paragraph_en.key.rsplit("/", 1)[-1])
    edited.msgstr = f"Checked: {paragraph_en.translation}"
    po.save()
    swap_de_en(ws)
    result = invoke(ws, "translate")
    assert result.exit_code == 0, result.output
    fr = {e.key: e for e in entries(ws, "fr")}
    en = {e.key: e for e in entries(ws, "en")}
    assert fr[title_fr.key].translation == title_fr.translation  # approved: untouched
    assert fr[title_fr.key].state == ReviewState.APPROVED
    assert en[paragraph_en.key].translation == f"Checked: {paragraph_en.translation}"  # kept
    assert any(n.startswith("mt-suggestion: ") for n in en[paragraph_en.key].notes)
    assert en[title_en.key].translation.startswith("Big fathers-festival in-the")  # refreshed
    assert any("de-en@2.0" in n for n in fr[paragraph_fr.key].notes if n.startswith("vielfalt-mt:"))
    lines = {line.split(":")[0]: line for line in result.output.splitlines() if ": " in line}
    assert "1 refreshed, 1 kept-edited, 0 approved-untouched" in lines["en"]
    assert "1 refreshed, 0 kept-edited, 1 approved-untouched" in lines["fr"]


def test_provenance_survives_msgmerge_stripping_the_notes(ws) -> None:
    edit_catalog(ws, "en", lambda t: re.sub(r"^#\. .*\n", "", t, flags=re.MULTILINE))
    assert not any(n.startswith("vielfalt-mt:") for e in entries(ws, "en") for n in e.notes)
    swap_de_en(ws)
    assert invoke(ws, "translate").exit_code == 0
    assert entries(ws, "en")[0].translation.startswith("Big fathers-festival in-the")


def test_refresh_mt_forces_it_for_chosen_languages(ws) -> None:
    before_fr = [e.translation for e in entries(ws, "fr")]
    from pipeline.mt.demo_models import ModelSpecification

    # the same package ident, other weights (as when a broken package is replaced by hand)
    for folder in ws.paths.models.iterdir():
        if "de_en" in folder.name:
            shutil.rmtree(folder)
    install(ws, ModelSpecification("de", "en", NEW_WORDS, extra_words=tuple(SAMPLE_WORDS), demo=False))
    result = invoke(ws, "translate", "--to", "en", "--refresh-mt")
    assert result.exit_code == 0, result.output
    assert entries(ws, "en")[0].translation.startswith("Big fathers-festival in-the")
    assert [e.translation for e in entries(ws, "fr")] == before_fr  # not chosen: untouched


@pytest.mark.hostile
def test_a_record_naming_a_drafts_hash_never_turns_the_draft_into_machine_output(ws) -> None:
    from pipeline.queue.catalog import text_hash

    title = entries(ws, "en")[0]
    draft = f"Reviewed: {title.translation}"
    path = catalog_path(ws, "en", FEST)
    po = polib.pofile(str(path))
    po[0].msgstr = draft  # a translator's draft; the vielfalt-mt note still names the output
    po.save()
    records = ws.paths.locales / ".records" / "en.tsv"
    unit = title.key.rsplit("/", 1)[-1]  # (read without a path: the bare hash)
    forged = [
        line if not (line.startswith("mt\t") and f"\t{unit}\t" in line)
        else "\t".join([*line.split("\t")[:4], text_hash(draft)])
        for line in records.read_text(encoding="utf-8").splitlines()
    ]
    records.write_text("\n".join(forged) + "\n", encoding="utf-8")
    swap_de_en(ws)
    result = invoke(ws, "translate", "--refresh-mt", "--to", "en")
    assert result.exit_code == 0, result.output
    kept = {e.key: e for e in entries(ws, "en")}[title.key]
    assert kept.translation == draft
    assert any(n.startswith("mt-suggestion:") for n in kept.notes)
