"""`vielfalt eval`: scores computed by sacrebleu on reference files (figures computed, not
asserted to be good, except where the right answer is known: a copy model on copied text)."""

import gzip
import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import SHARED

from pipeline.cli import cli
from pipeline.config import init_workspace, load_workspace
from pipeline.errors import VielfaltError

# No dates and no gender-star forms: vielfalt rewrites those on purpose (rendered per language,
# written out as pairs), so a copy model would not reproduce them.
SENTENCES = [
    "Am Montag starten die Anmeldungen für das Frühjahrssemester der vhs Herne.",
    "Vertreterinnen und Vertreter der Stadt Herne, Schloss Strünkede, Väter, Senioren.",
    "Die Anmeldungen starten am Montag.",
]


def workspace_with(tmp_path, archives, targets):
    from pipeline.mt.packages import install_archive

    workspace, _ = init_workspace(tmp_path / "ws")
    config = workspace.config_path.read_text(encoding="utf-8")
    workspace.config_path.write_text(
        config.replace('targets = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]', f"targets = {json.dumps(targets)}"),
        encoding="utf-8",
    )
    for archive in archives:
        install_archive(archive, workspace.paths.models)
    return load_workspace(workspace.config_path)


def test_a_copy_model_scores_full_marks_on_copied_text_and_low_on_other_text(tmp_path, copy_archives) -> None:
    workspace = workspace_with(tmp_path, [copy_archives[("de", "en")]], ["en"])
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "deu.txt").write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    (refs / "eng.txt").write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "eval", "--refs", str(refs), "--json"])
    assert result.exit_code == 0, result.output
    (score,) = json.loads(result.output)["scores"]
    assert score["chrf"] >= 95 and score["bleu"] >= 90 and score["route_kind"] == "direct"
    (refs / "eng.txt").write_text("The registrations start.\nA festival.\nOn Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "eval", "--refs", str(refs), "--json"])
    (score,) = json.loads(result.output)["scores"]
    assert score["chrf"] < 30


def test_eval_on_ntrex_with_the_demo_models_says_they_are_demo_models(tmp_path, demo_archives) -> None:
    workspace = workspace_with(tmp_path, demo_archives, ["en", "fr", "ar"])
    refs = SHARED / "data" / "ntrex128"
    result = CliRunner().invoke(
        cli, ["--workspace", str(workspace.root), "eval", "--refs", str(refs), "--limit", "12"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()  # progress goes to stderr
    assert lines[0].split() == ["target", "route", "chrF", "BLEU", "terms", "fallback", "loops", "sent/s", "verdict"]
    assert [line.split()[:2] for line in lines[1:4]] == [["en", "direct"], ["fr", "pivot"], ["ar", "pivot"]]
    assert all(line.endswith("demo model") for line in lines[1:4])
    assert any(line.startswith("chrF: nrefs:1|") for line in lines)
    assert "these are DEMO models" in result.output


def test_the_flores_layout_is_read_too(tmp_path) -> None:
    from pipeline.mt.evaluate import reference_file

    (tmp_path / "devtest").mkdir()
    (tmp_path / "devtest" / "deu_Latn.devtest").write_text("Hallo\n", encoding="utf-8")
    (tmp_path / "devtest" / "arb_Arab.devtest").write_text("مرحبا\n", encoding="utf-8")
    assert reference_file(tmp_path, "de").name == "deu_Latn.devtest"
    assert reference_file(tmp_path, "ar").name == "arb_Arab.devtest"
    with pytest.raises(VielfaltError, match=r"no reference file for ru \(looked for rus.txt"):
        reference_file(tmp_path, "ru")


def test_references_of_different_lengths_are_refused(tmp_path, copy_archives) -> None:
    from pipeline.mt.evaluate import evaluate
    from pipeline.mt.local import ModelRegistry

    refs = tmp_path / "refs"
    refs.mkdir()
    with gzip.open(refs / "deu.txt.gz", "wt", encoding="utf-8") as handle:
        handle.write("Eins.\nZwei.\n")
    shutil.copy(refs / "deu.txt.gz", refs / "eng.txt.gz")
    (refs / "eng.txt.gz").unlink()
    (refs / "eng.txt").write_text("One.\n", encoding="utf-8")
    with pytest.raises(VielfaltError, match="en has 1 lines, de 2"):
        evaluate(ModelRegistry([]), None, refs, ["en"])


@pytest.mark.hostile
def test_a_gzip_bomb_of_one_endless_line_is_refused_without_reading_it_whole(tmp_path) -> None:
    import gzip

    from pipeline.errors import SourceError
    from pipeline.mt.evaluate import read_lines

    bomb = tmp_path / "deu.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        chunk = b"a" * 1_000_000
        for _ in range(200):  # 200 MB of one line, a few hundred kB on disk
            handle.write(chunk)
    with pytest.raises(SourceError, match="longer than any sentence"):
        read_lines(bomb, None)
