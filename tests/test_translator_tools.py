"""Translators' real tools on vielfalt's catalogs: GNU gettext (msgcat, msgmerge, msgattrib)
and translate-toolkit's PO writer, the one Weblate commits with. Nothing they write is lost,
and vielfalt's files are already in the form they write.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import clone_workspace
from translate.storage import pypo

from pipeline.cli import cli
from pipeline.config import load_workspace
from pipeline.queue.catalog import ReviewState, loads
from pipeline.queue.locales import catalog_path

FEST = "2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack"


def catalogs(workspace) -> list[Path]:
    return sorted(workspace.paths.locales.glob("*/*.po")) + sorted(
        workspace.paths.locales.glob("templates/*.pot")
    )


def invoke(workspace, *args):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])


def entries(workspace, language, ident=FEST):
    path = catalog_path(workspace, language, ident)
    return [e for e in loads(path.read_text(encoding="utf-8"), str(path)).entries if not e.obsolete]


@pytest.fixture
def queue(sample):
    """The Herne sample translated into en and fr (copy models installed), nothing approved."""
    return sample


@pytest.fixture
def demo(tmp_path, demo_template):
    return clone_workspace(demo_template[0], tmp_path / "ws")


def test_msgcat_changes_nothing_in_any_catalog_of_eight_languages(demo) -> None:
    files = catalogs(demo)
    assert len(files) > 40
    for path in files:
        out = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
        assert out.stdout == path.read_text(encoding="utf-8"), path


def test_translate_toolkit_load_and_save_changes_nothing(demo) -> None:
    for path in catalogs(demo):
        data = path.read_bytes()
        assert bytes(pypo.pofile.parsestring(data)) == data, path


def test_with_wrap_0_msgcat_no_wrap_changes_nothing(queue) -> None:
    config = queue.config_path.read_text(encoding="utf-8").replace("wrap = 79", "wrap = 0")
    queue.config_path.write_text(config, encoding="utf-8")
    workspace = load_workspace(queue.config_path)
    assert workspace.catalog_wrap == 0
    result = invoke(workspace, "translate", "--to", "en,fr")
    assert result.exit_code == 0, result.output
    for path in catalogs(workspace):
        text = path.read_text(encoding="utf-8")
        out = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True, check=True)
        assert out.stdout == text, path
    assert any(len(line) > 79 for path in catalogs(workspace) for line in path.read_text(encoding="utf-8").splitlines())


def weblate_approves(path: Path, msgctxt: str, translation: str) -> None:
    """Save an approval the way Weblate commits it: translate-toolkit's PO store, the unit's
    target set and fuzzy cleared, Weblate's header fields updated."""
    store = pypo.pofile.parsestring(path.read_bytes())
    unit = next(u for u in store.units if not u.isheader() and u.getcontext() == msgctxt)
    unit.target = translation
    unit.markfuzzy(False)
    store.updateheader(
        add=True,
        last_translator="Ayşe Yılmaz <ayse.yilmaz@example.org>",
        language_team="Turkish <https://weblate.example.org/projects/herne/tr/>",
        x_generator="Weblate 2026.10",
        PO_Revision_Date="2026-02-10 09:15+0000",
    )
    path.write_bytes(bytes(store))


def git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=folder, capture_output=True, text=True,
    )  # fmt: skip


def test_a_weblate_commit_and_a_vielfalt_commit_on_one_file_merge_without_conflict(queue) -> None:
    root = queue.root
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    git(root, "add", "-A")
    assert git(root, "commit", "-q", "-m", "queue").returncode == 0
    title = entries(queue, "fr")[0]
    # Weblate's branch: a translator approves the title (another entry than the one that changes)
    git(root, "checkout", "-q", "-b", "weblate")
    weblate_approves(catalog_path(queue, "fr", FEST), title.key.rsplit("/", 1)[1], "La grande fête des pères au Circus Schnick Schnack")
    git(root, "commit", "-q", "-am", "Translated using Weblate (French)")
    # the city's branch: the German of the last paragraph changes, vielfalt translates
    git(root, "checkout", "-q", "main")
    source = queue.paths.announcements / f"{FEST}.md"
    text = source.read_text(encoding="utf-8")
    last = text.rstrip("\n").rsplit("\n\n", 1)[1]
    source.write_text(text.replace(last, last + " Die Anmeldung ist ab Montag, 9. Februar 2026, möglich."), encoding="utf-8")
    result = invoke(queue, "translate", "--to", "en,fr")
    assert result.exit_code == 0, result.output
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "vielfalt translate")
    merged = git(root, "merge", "--no-edit", "weblate")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    fr = {e.key: e for e in entries(queue, "fr")}
    assert fr[title.key].state == ReviewState.APPROVED
    assert fr[title.key].translation == "La grande fête des pères au Circus Schnick Schnack"
    changed = [e for e in fr.values() if "Die Anmeldung ist ab Montag" in e.source]
    assert len(changed) == 1 and changed[0].state in (ReviewState.MACHINE, ReviewState.OUTDATED)
    status = invoke(queue, "status", "--json")
    assert '"approved": 1' in status.output


def test_a_run_that_changes_one_entry_changes_only_that_entrys_lines(queue) -> None:
    path = catalog_path(queue, "fr", FEST)
    title = entries(queue, "fr")[0]
    approved = "Grande fête des pères au Circus Schnick Schnack, approuvée dans Weblate et réécrite par translate-toolkit"
    weblate_approves(path, title.key.rsplit("/", 1)[1], approved)
    before = path.read_text(encoding="utf-8")
    source = queue.paths.announcements / f"{FEST}.md"
    text = source.read_text(encoding="utf-8")
    last = text.rstrip("\n").rsplit("\n\n", 1)[1]
    source.write_text(text.replace(last, last + " Neu: Treffpunkt am Haupteingang."), encoding="utf-8")
    assert invoke(queue, "translate", "--to", "en,fr").exit_code == 0
    after = path.read_text(encoding="utf-8")
    before_blocks, after_blocks = before.split("\n\n"), after.split("\n\n")
    assert after_blocks[0] == before_blocks[0]  # the header as Weblate wrote it, byte for byte
    title_block = next(b for b in before_blocks if title.key.rsplit("/", 1)[1] in b)
    kept = "\n".join(line for line in title_block.split("\n") if not line.startswith("#."))
    assert kept in after  # msgid and msgstr lines exactly as translate-toolkit wrapped them
    def without_notes(blocks):  # vielfalt's own notes (#.) follow the texts they describe
        return ["\n".join(line for line in b.split("\n") if not line.startswith("#.")) for b in blocks]

    new_blocks = [b for b in without_notes(after_blocks) if b not in without_notes(before_blocks)]
    assert len(new_blocks) == 2  # the changed paragraph, and its old version kept as obsolete
    assert sorted("#~ msgid" in b for b in new_blocks) == [False, True], new_blocks


def test_msgattrib_deleting_approved_entries_in_place_is_restored_by_a_plain_run(queue) -> None:
    path = catalog_path(queue, "fr", FEST)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("#, fuzzy\n", "", 1), encoding="utf-8")  # the title approved
    assert invoke(queue, "translate", "--to", "en,fr").exit_code == 0  # vielfalt records the approval
    approved = [e for e in entries(queue, "fr") if e.state == ReviewState.APPROVED]
    assert len(approved) == 1
    # the common slip: clear fuzzy on the fuzzy ones only, written over the file
    subprocess.run(["msgattrib", "--clear-fuzzy", "--only-fuzzy", "-o", str(path), str(path)], check=True)
    result = invoke(queue, "translate", "--to", "en,fr")
    assert result.exit_code == 0, result.output
    restored = {e.key: e for e in entries(queue, "fr")}[approved[0].key]
    assert restored.state == ReviewState.APPROVED and restored.translation == approved[0].translation
    assert "restored from" in result.output


def test_msgmerge_previous_strips_the_notes_and_a_plain_run_restores_them(queue) -> None:
    path = catalog_path(queue, "en", FEST)
    template = catalog_path(queue, "", FEST)
    before = loads(path.read_text(encoding="utf-8"), str(path))
    subprocess.run(["msgmerge", "--quiet", "--previous", "-U", "--backup=off", str(path), str(template)], check=True)
    stripped = loads(path.read_text(encoding="utf-8"), str(path))
    assert any(not any(n.startswith("vielfalt-mt:") for n in e.notes) for e in stripped.entries)
    result = invoke(queue, "translate", "--to", "en,fr")
    assert result.exit_code == 0, result.output
    after = loads(path.read_text(encoding="utf-8"), str(path))
    assert [e.notes for e in after.entries] == [e.notes for e in before.entries]
    assert [e.state for e in after.entries] == [e.state for e in before.entries]


def test_records_are_committed_with_the_workspace_and_serve_a_fresh_clone(queue, tmp_path) -> None:
    records = queue.paths.locales / ".records" / "fr.tsv"
    lines = records.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and len(lines) > 2
    assert lines[1:] == sorted(lines[1:], key=lambda line: (line.split("\t")[1:3], line.split("\t")[0]))
    clone = tmp_path / "clone"  # as Weblate's or CI's clone: no .vielfalt/ (it is not committed)
    shutil.copytree(queue.root, clone, ignore=shutil.ignore_patterns(".vielfalt"))
    workspace = load_workspace(clone / "vielfalt.toml")
    path = catalog_path(workspace, "fr", FEST)
    before = loads(path.read_text(encoding="utf-8"), str(path))
    template = catalog_path(workspace, "", FEST)
    subprocess.run(["msgmerge", "--quiet", "--previous", "-U", "--backup=off", str(path), str(template)], check=True)
    result = invoke(workspace, "translate", "--to", "en,fr")
    assert result.exit_code == 0, result.output
    after = loads(path.read_text(encoding="utf-8"), str(path))
    # the provenance lines msgmerge stripped come back from the records alone
    assert [e.mt_record for e in after.entries] == [e.mt_record for e in before.entries]
    assert all(e.is_untouched_machine for e in after.entries if e.state == ReviewState.MACHINE)


def test_an_outdated_entry_shows_a_clean_previous_source_in_poedit_and_weblate(queue) -> None:
    path = catalog_path(queue, "fr", FEST)
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")  # all approved
    source = queue.paths.announcements / f"{FEST}.md"
    text = source.read_text(encoding="utf-8")
    last = text.rstrip("\n").rsplit("\n\n", 1)[1]
    source.write_text(text.replace(last, last.replace("Stadt Herne", "Stadt Herne (Westfalen)", 1)), encoding="utf-8")
    assert invoke(queue, "translate", "--to", "en,fr").exit_code == 0
    written = path.read_text(encoding="utf-8")
    assert "#| msgid " in written and "#| msgctxt" not in written
    outdated = [e for e in entries(queue, "fr") if e.state == ReviewState.OUTDATED]
    assert len(outdated) == 1 and outdated[0].previous_source == last and outdated[0].previous_key
    assert subprocess.run(["msgcat", str(path)], capture_output=True, text=True).stdout == written


def test_an_approved_entry_turned_into_a_plural_entry_is_restored_and_its_forms_kept(queue) -> None:
    import polib

    path = catalog_path(queue, "fr", FEST)
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", "", 1), encoding="utf-8")  # the title approved
    assert invoke(queue, "translate", "--to", "en,fr").exit_code == 0  # the approval recorded
    title = entries(queue, "fr")[0]
    assert title.state == ReviewState.APPROVED
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == title.key.rsplit("/", 1)[1])
    entry.msgid_plural = entry.msgid + " (Mehrzahl)"
    entry.msgstr_plural = {0: entry.msgstr, 1: "Les grandes fêtes des pères"}
    entry.msgstr = ""
    po.save()  # as an editor that offered plural forms for it
    result = invoke(queue, "translate", "--to", "en,fr")
    assert result.exit_code == 0, result.output
    assert "read back as single entries" in result.output
    restored = {e.key: e for e in entries(queue, "fr")}[title.key]
    assert restored.state == ReviewState.APPROVED and restored.translation == title.translation
    assert "msgstr[1] „Les grandes fêtes des pères“" in restored.translator_comment
    assert "msgid_plural" not in path.read_text(encoding="utf-8").split("#")[0]
