"""Many writers, nothing lost: a translator's approval and the city's change of the same
paragraph meet in git (the merge driver, both directions), git is the last record of an
approval a tool deleted, msgmerge's losses come back from the records, and files git left
with conflict markers are refused wherever vielfalt reads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.queue.catalog import ReviewState, dumps, loads
from pipeline.queue.locales import catalog_path

FEST = "2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack"
APPROVED = [
    "Grande fête des pères au Circus Schnick Schnack (validé)",
    "Les pères et leurs enfants sont les bienvenus (validé)",
]
VIELFALT = str(Path(sys.executable).with_name("vielfalt"))


def invoke(workspace, *args):
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=folder, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0 or not check, done.stdout + done.stderr
    return done


def catalog(workspace, language="fr"):
    path = catalog_path(workspace, language, FEST)
    return loads(path.read_text(encoding="utf-8"), str(path))


def active(workspace, language="fr"):
    return [e for e in catalog(workspace, language).entries if not e.obsolete]


def approve(workspace, count: int, comment: str = "", language: str = "fr") -> list[str]:
    """A translator approves the first `count` body entries (as Poedit saves them): their
    German texts."""
    path = catalog_path(workspace, language, FEST)
    text = path.read_text(encoding="utf-8")
    loaded = loads(text, str(path))
    bodies = [e for e in loaded.entries if not e.obsolete and e.source and e.key][:count]
    for entry, translation in zip(bodies, APPROVED, strict=False):
        entry.translation, entry.fuzzy = translation, False
        entry.translator_comment = comment
    path.write_text(dumps(loaded, text, str(path)), encoding="utf-8")
    return [e.source for e in bodies]


def change_german(workspace, olds: list[str]) -> None:
    """The city rewrites those paragraphs slightly (a date corrected, a word added)."""
    source = workspace.paths.announcements / f"{FEST}.md"
    text = source.read_text(encoding="utf-8")
    for old in olds:
        first_line = old.split("\n")[0]
        assert first_line in text, first_line
        text = text.replace(first_line, first_line + " (aktualisiert am 9. Februar 2026)", 1)
    source.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(sample):
    """The translated sample as a git repository with the merge driver installed."""
    git(sample.root, "init", "-q", "-b", "main")
    result = CliRunner().invoke(
        cli, ["--workspace", str(sample.root), "merge-driver", "install"],
        env={"VIELFALT_COMMAND": VIELFALT},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    git(sample.root, "add", "-A")
    git(sample.root, "commit", "-q", "-m", "queue")
    return sample


def translator_and_city(repo) -> list[str]:
    """The translator approves two paragraphs on branch `weblate`; on `main` the city changes
    the German of both and runs vielfalt translate. Returns the old German texts."""
    git(repo.root, "checkout", "-q", "-b", "weblate")
    olds = approve(repo, 2, comment="Übersetzerin: geprüft")
    git(repo.root, "commit", "-q", "-am", "Translated using Weblate (French)")
    git(repo.root, "checkout", "-q", "main")
    change_german(repo, olds)
    result = invoke(repo, "translate", "--to", "en,fr")
    assert result.exit_code == 0, result.output
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", "vielfalt translate")
    return olds


def assert_kept_as_outdated(repo, olds: list[str]) -> None:
    entries = active(repo)
    for old, text in zip(olds, APPROVED, strict=False):
        kept = [e for e in entries if e.translation == text]
        assert len(kept) == 1, [e.translation for e in entries]
        assert kept[0].state == ReviewState.OUTDATED
        assert kept[0].previous_source == old
        assert kept[0].translator_comment == "Übersetzerin: geprüft"
    for path in repo.paths.locales.rglob("*.po"):
        assert "<<<<<<<" not in path.read_text(encoding="utf-8"), path


def test_install_writes_gitattributes_and_the_repository_config(repo) -> None:
    attributes = (repo.root / ".gitattributes").read_text(encoding="utf-8")
    assert "locales/**/*.po merge=vielfalt" in attributes
    assert "locales/.records/*.tsv merge=vielfalt" in attributes
    driver = git(repo.root, "config", "merge.vielfalt.driver").stdout
    assert driver.strip().endswith("merge-driver run %O %A %B %P")


def test_the_city_merging_the_translators_branch_keeps_every_approval_as_outdated(repo) -> None:
    olds = translator_and_city(repo)
    merged = git(repo.root, "merge", "--no-edit", "weblate", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert_kept_as_outdated(repo, olds)
    assert invoke(repo, "check").exit_code in (0, 3)


def test_the_translators_branch_rebased_onto_the_citys_keeps_every_approval(repo) -> None:
    olds = translator_and_city(repo)
    git(repo.root, "checkout", "-q", "weblate")
    rebased = git(repo.root, "rebase", "main", check=False)
    assert rebased.returncode == 0, rebased.stdout + rebased.stderr
    assert_kept_as_outdated(repo, olds)


def test_both_sides_changing_one_translation_keep_one_for_review_and_the_other_in_a_comment(
    repo,
) -> None:
    path = catalog_path(repo, "fr", FEST)
    git(repo.root, "checkout", "-q", "-b", "weblate")
    approve(repo, 1)
    git(repo.root, "commit", "-q", "-am", "Weblate")
    git(repo.root, "checkout", "-q", "main")
    text = path.read_text(encoding="utf-8")
    loaded = loads(text, str(path))
    first = next(e for e in loaded.entries if e.source and e.key)
    first.translation, first.fuzzy = "Fête des pères, version de la ville", False
    path.write_text(dumps(loaded, text, str(path)), encoding="utf-8")
    git(repo.root, "commit", "-q", "-am", "city edit")
    merged = git(repo.root, "merge", "--no-edit", "weblate", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "both sides changed the translation" in merged.stderr
    entry = next(e for e in active(repo) if e.key == first.key)
    assert entry.fuzzy and entry.translation == "Fête des pères, version de la ville"
    assert APPROVED[0] in entry.translator_comment


def test_an_approval_vielfalt_never_saw_deleted_by_msgattrib_is_restored_from_git(repo) -> None:
    approve(repo, 1, comment="Übersetzerin: Titel geprüft")
    git(repo.root, "commit", "-q", "-am", "approved in Poedit")  # no vielfalt run since
    path = catalog_path(repo, "fr", FEST)
    subprocess.run(
        ["msgattrib", "--clear-fuzzy", "--only-fuzzy", "-o", str(path), str(path)], check=True
    )
    assert APPROVED[0] not in path.read_text(encoding="utf-8")
    result = invoke(repo, "translate", "--to", "en,fr")
    assert result.exit_code == 0, result.output
    restored = [e for e in active(repo) if e.translation == APPROVED[0]]
    assert restored and restored[0].state == ReviewState.APPROVED
    assert restored[0].translator_comment == "Übersetzerin: Titel geprüft"
    assert "restored from the last git commit" in result.output


def test_a_conflict_resolved_with_ours_does_not_lose_the_translators_text(repo) -> None:
    (repo.root / ".gitattributes").unlink()  # no driver: git conflicts, the city takes "ours"
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", "no driver")
    olds = translator_and_city(repo)
    git(repo.root, "merge", "--no-edit", "-s", "ours", "weblate")
    assert all(e.translation not in APPROVED for e in active(repo))
    result = invoke(repo, "translate", "--to", "en,fr")
    assert result.exit_code == 0, result.output
    assert_kept_as_outdated(repo, olds)


def test_a_restored_approval_keeps_its_translator_comment(sample) -> None:
    approve(sample, 1, comment="Übersetzerin: Titel geprüft")
    assert invoke(sample, "translate", "--to", "en,fr").exit_code == 0  # recorded
    path = catalog_path(sample, "fr", FEST)
    subprocess.run(
        ["msgattrib", "--clear-fuzzy", "--only-fuzzy", "-o", str(path), str(path)], check=True
    )
    assert invoke(sample, "translate", "--to", "en,fr").exit_code == 0
    restored = [e for e in active(sample) if e.translation == APPROVED[0]]
    assert restored[0].translator_comment == "Übersetzerin: Titel geprüft"


def test_msgmerge_without_previous_leaves_an_outdated_entry_outdated_with_its_suggestion(
    sample,
) -> None:
    olds = approve(sample, 1)
    assert invoke(sample, "translate", "--to", "en,fr").exit_code == 0
    change_german(sample, olds)
    assert invoke(sample, "translate", "--to", "en,fr").exit_code == 0
    outdated = [e for e in active(sample) if e.state == ReviewState.OUTDATED]
    assert len(outdated) == 1
    assert any(n.startswith("mt-suggestion:") for n in outdated[0].notes)
    path, template = catalog_path(sample, "fr", FEST), catalog_path(sample, "", FEST)
    subprocess.run(["msgmerge", "--quiet", "-U", "--backup=off", str(path), str(template)], check=True)
    assert "#| msgid" not in path.read_text(encoding="utf-8")
    assert invoke(sample, "translate", "--to", "en,fr").exit_code == 0
    entry = next(e for e in active(sample) if e.key == outdated[0].key)
    assert entry.state == ReviewState.OUTDATED and entry.previous_source == olds[0]
    assert entry.previous_key == outdated[0].previous_key
    assert any(n.startswith("mt-suggestion:") for n in entry.notes)


CONFLICT = "<<<<<<< HEAD\n{ours}\n=======\n{theirs}\n>>>>>>> weblate\n"


@pytest.mark.parametrize("where", ["announcement", "glossary", "config", "catalog", "records"])
def test_conflict_markers_are_refused_with_file_and_line_and_nothing_is_published(
    sample, where
) -> None:
    files = {
        "announcement": sample.paths.announcements / f"{FEST}.md",
        "glossary": sample.paths.glossaries / "herne.csv",
        "config": sample.config_path,
        "catalog": catalog_path(sample, "fr", FEST),
        "records": sample.paths.locales / ".records" / "fr.tsv",
    }
    path = files[where]
    lines = path.read_text(encoding="utf-8").split("\n")
    at = len(lines) - 2
    lines[at] = CONFLICT.format(ours=lines[at], theirs=lines[at] + " geändert").rstrip("\n")
    path.write_text("\n".join(lines), encoding="utf-8")
    commands = [["translate", "--to", "en,fr"]] + ([["publish"]] if where != "records" else [])
    for command in commands:  # publish does not read the records
        result = invoke(sample, *command)
        assert result.exit_code == 1, (command, result.output)
        assert f"{path}:{at + 1}: holds git conflict markers" in result.output, result.output
    assert not (sample.root / "published" / "fr" / f"{FEST}.html").exists()


def test_a_setext_heading_underline_is_not_a_conflict_marker(sample) -> None:
    from pipeline.textrules import conflict_marker_line

    assert conflict_marker_line("Sprachcafé\n=======\n\nJeden Montag um 18 Uhr.\n") is None
    assert conflict_marker_line("a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> x\n") == 2


STORY = {
    "title": "Sprachcafé im Stadtteilzentrum Pluto",
    "date": "2026-02-09",
    "body": "Am Montag, 9. Februar 2026, öffnet das Sprachcafé für Vertreter*innen aller "
    "Herkunftsländer. Die Teilnahme ist kostenlos; eine Anmeldung ist nicht nötig.",
}


def ingest_story(workspace, tmp_path, name, **changes):
    import json

    source = tmp_path / name
    source.write_text(json.dumps({**STORY, **changes}, ensure_ascii=False) + "\n", "utf-8")
    return invoke(workspace, "ingest", str(source))


@pytest.mark.parametrize(
    ("changes", "action"),
    [
        ({"title": "Sprachcafé im Stadtteilzentrum Pluto – neuer Termin"}, "renamed"),
        ({"date": "2026-02-10"}, "re-dated"),
    ],
)
def test_a_corrected_title_or_date_updates_the_same_announcement_and_keeps_its_catalogs(
    sample, tmp_path, changes, action
) -> None:
    first = ingest_story(sample, tmp_path, "v1.jsonl", url="https://www.herne.de/sprachcafe")
    assert first.exit_code == 0, first.output
    before = sorted(p.name for p in sample.paths.announcements.glob("*.md"))
    assert invoke(sample, "translate", "--to", "fr").exit_code == 0
    catalogs = sorted(p.name for p in (sample.paths.locales / "fr").glob("*.po"))
    second = ingest_story(sample, tmp_path, "v2.jsonl", url="https://www.herne.de/sprachcafe", **changes)
    assert second.exit_code == 0, second.output
    assert f"1 {action}" in second.output, second.output
    assert sorted(p.name for p in sample.paths.announcements.glob("*.md")) == before
    assert invoke(sample, "translate", "--to", "fr").exit_code == 0
    assert sorted(p.name for p in (sample.paths.locales / "fr").glob("*.po")) == catalogs


def test_the_same_story_without_a_link_is_recognised_by_its_text(sample, tmp_path) -> None:
    assert ingest_story(sample, tmp_path, "v1.jsonl").exit_code == 0
    count = len(list(sample.paths.announcements.glob("*.md")))
    result = ingest_story(sample, tmp_path, "v2.jsonl", title="Sprachcafé in Pluto")
    assert result.exit_code == 0 and "1 renamed" in result.output, result.output
    assert len(list(sample.paths.announcements.glob("*.md"))) == count


def test_two_different_stories_on_one_day_stay_two(sample, tmp_path) -> None:
    assert ingest_story(sample, tmp_path, "v1.jsonl").exit_code == 0
    count = len(list(sample.paths.announcements.glob("*.md")))
    other = "Die Ausländerbehörde ist am Freitag, 13. Februar 2026, wegen einer Schulung geschlossen."
    result = ingest_story(sample, tmp_path, "v2.jsonl", title="Ausländerbehörde geschlossen", body=other)
    assert result.exit_code == 0 and "1 new" in result.output, result.output
    assert len(list(sample.paths.announcements.glob("*.md"))) == count + 1
