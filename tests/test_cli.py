"""The command line: thin, helpful, exact output, clear errors with exit codes."""

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import LISTING

from pipeline.cli import cli


def run(*args: str, cwd: Path | None = None, input: str | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, list(args), input=input)
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args), input=input)
    finally:
        os.chdir(old)


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_every_command_has_help_with_an_example() -> None:
    for path, command in all_commands(cli):
        assert command.help, path
        assert "Example" in command.help, path
        result = run(*path, "--help")
        assert result.exit_code == 0, path


def test_init_then_ingest_then_units(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    result = run("ingest", str(LISTING), cwd=tmp_path / "ws")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "6 announcements: 6 new, 0 updated, 0 unchanged"
    again = run("-q", "ingest", str(LISTING), cwd=tmp_path / "ws")
    assert again.output == ""
    units = run("units", cwd=tmp_path / "ws")
    assert units.exit_code == 0
    assert units.output.splitlines()[-1] == "6 announcements, 12 units, 24 sentences"


def test_a_single_announcement_is_reported_in_the_singular(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    page = tmp_path / "meldung.jsonl"
    page.write_text(
        '{"title": "Sprechstunde des Integrationsrats", "date": "2026-02-09", '
        '"body": "Am Montag, 9. Februar 2026, lädt der Integrationsrat zur Sprechstunde ein."}\n',
        encoding="utf-8",
    )
    result = run("--workspace", str(tmp_path), "ingest", str(page))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 announcement: 1 new, 0 updated, 0 unchanged"


def test_ingest_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    result = run("--workspace", str(tmp_path), "ingest", "--dry-run", str(LISTING))
    assert "would create" in result.output
    assert result.output.splitlines()[-1].endswith("(dry run)")
    assert list((tmp_path / "announcements").iterdir()) == []


def test_bad_source_is_one_line_on_stderr_with_exit_code_1(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "A"}\n', encoding="utf-8")
    result = run("--workspace", str(tmp_path), "ingest", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Error: {bad}:1: missing or unreadable 'date' (YYYY-MM-DD)"]


def test_missing_workspace_gives_a_hint(tmp_path: Path) -> None:
    result = run("units", cwd=tmp_path)
    assert result.exit_code == 1
    assert "Hint: run 'vielfalt init'" in result.output


def test_detect_text_and_json(tmp_path: Path) -> None:
    result = run("detect", "Am Montag, 9. Februar 2026, starten die Anmeldungen.", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.output.startswith("de (probability ")
    assert result.output.rstrip().endswith("de: yes")
    as_json = run("detect", "--json", "This page in English.", cwd=tmp_path)
    assert '"is_expected": false' in as_json.output


def test_detect_reads_standard_input(tmp_path: Path) -> None:
    result = run(
        "detect",
        cwd=tmp_path,
        input="Dreizehn Frauen und ein Mann haben die Ausbildung absolviert.",
    )
    assert result.exit_code == 0 and "de: yes" in result.output


@pytest.fixture(scope="module")
def cli_demo(tmp_path_factory):
    """`./vielfalt demo DIR` run once through the command line: (its result, DIR)."""
    import os

    folder = tmp_path_factory.mktemp("cli-demo") / "herne"
    before = os.environ.get("VIELFALT_COMMAND")
    os.environ["VIELFALT_COMMAND"] = "./vielfalt"
    try:
        result = CliRunner().invoke(cli, ["demo", str(folder)])
    finally:
        if before is None:
            del os.environ["VIELFALT_COMMAND"]
        else:
            os.environ["VIELFALT_COMMAND"] = before
    return result, folder


def test_demo_builds_a_workspace_and_reports(cli_demo) -> None:
    result, folder = cli_demo
    assert result.exit_code == 0, result.output
    assert "1. Imported the city's listing page: 6 announcements" in result.output
    assert "2. Segmented: 12 translation units, 24 sentences for MT" in result.output
    assert "4. Built and installed 8 DEMO models" in result.output
    assert "NOT real translations" in result.output
    assert (
        "   ru: Отдел интеграции пригласил к рабочий завтрак „Vielfalt как шанс“" in result.output
    )
    assert len(list((folder / "announcements").glob("*.md"))) == 6


def test_demo_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("Übersetzung eines Menschen", encoding="utf-8")
    result = run("demo", "--dir", str(tmp_path))
    assert result.exit_code == 1 and "is not empty" in result.output
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "Übersetzung eines Menschen"


def test_models_commands_on_demo_models(tmp_path: Path, demo_archives) -> None:
    run("init", str(tmp_path))
    ws = ("--workspace", str(tmp_path))
    folder = demo_archives[0].parent
    result = run(*ws, "models", "install", str(folder))
    assert result.exit_code == 0, result.output
    assert result.output.count("installed ") == 8
    listing = run(*ws, "models", "list")
    assert listing.output.splitlines()[-1] == "8 packages"
    assert "DEMO (word-for-word lexicon model)" in listing.output
    verify = run(*ws, "models", "verify")
    assert verify.exit_code == 0, verify.output
    assert "de→fr: pivot   de-en@1.0-demo → en-fr@1.0-demo" in verify.output
    text = run(*ws, "translate-text", "--to", "en,ru", "Die Stadt Herne")
    assert text.output.splitlines() == [
        "en (de-en@1.0-demo) [DEMO model: word-for-word, not a real translation]:",
        "  The city Herne",
        "ru (de-en@1.0-demo → en-ru@1.0-demo) [DEMO model: word-for-word, not a real translation]:",
        "  город Herne",
    ]


def test_verify_without_models_names_the_missing_routes(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    result = run("--workspace", str(tmp_path), "models", "verify")
    assert result.exit_code == 1
    assert "de→en: missing NO MODEL" in result.output


def test_corrupt_archive_install_is_one_clear_error(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    bad = tmp_path / "kaputt.argosmodel"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = run("--workspace", str(tmp_path), "models", "install", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: not a valid .argosmodel")
    assert not (tmp_path / "models").exists() or list((tmp_path / "models").iterdir()) == []


def test_translate_status_check_on_the_sample(tmp_path: Path, demo_archives) -> None:
    import shutil

    from conftest import ROOT

    run("init", str(tmp_path))
    ws = ("--workspace", str(tmp_path))
    for source in (ROOT / "announcements").glob("*.md"):
        shutil.copy(source, tmp_path / "announcements")
    shutil.copy(ROOT / "glossaries" / "herne.csv", tmp_path / "glossaries")
    run(*ws, "models", "install", str(demo_archives[0].parent))
    result = run(*ws, "translate", "--to", "en,ar")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "en: 12 new, 12 machine, 0 memory, 0 outdated, 0 obsoleted, 0 revived",
        "ar: 12 new, 12 machine, 0 memory, 0 outdated, 0 obsoleted, 0 revived",
    ]
    assert "DEMO models" in result.output
    again = run(*ws, "translate", "--to", "en,ar")
    assert "wrote 0 catalogs" in again.output
    status = run(*ws, "status", "--to", "en,ar")
    assert status.output.splitlines()[-1] == (
        "24 entries wait for a translator's review (machine or outdated); 0 wait for MT"
    )
    check = run(*ws, "check", "--to", "en", "--json")
    assert check.exit_code == 0, check.output
    document = json.loads(check.stdout)
    findings = document["findings"]
    assert document["errors"] == [] and not [f for f in findings if f["severity"] == "error"]
    assert {f["language"] for f in findings} <= {"en"}


def test_translate_to_an_unknown_language_is_refused(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    result = run("--workspace", str(tmp_path), "translate", "--to", "xx")
    assert result.exit_code == 2  # a usage error
    assert "xx not among the workspace's targets" in result.output


def test_status_exits_non_zero_on_a_broken_catalog(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    catalog = tmp_path / "locales" / "en" / "2026-02-09-sprechstunde.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n\nmsgid "Sprechstunde\n', encoding="utf-8")
    result = run("--workspace", str(tmp_path), "status", "--to", "en")
    assert result.exit_code == 1
    assert f"Error: {catalog}:4: not a valid PO file" in result.output


def test_demo_takes_its_directory_as_an_argument_and_shows_each_step(cli_demo) -> None:
    result, folder = cli_demo
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "   … creating the workspace and importing the city's listing page"
    assert lines.index("Done. What happened in " + str(folder) + ":") == 5
    assert f"   ./vielfalt --workspace {folder} status" in lines


def test_translate_dry_run_reports_exactly_what_a_run_writes(tmp_path: Path, demo_archives) -> None:
    from pipeline.config import init_workspace
    from pipeline.mt.packages import install_archive

    workspace, _ = init_workspace(tmp_path / "ws")
    config = workspace.config_path.read_text(encoding="utf-8")  # a direct and a pivot target
    config = config.replace('targets = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]', 'targets = ["en", "ar"]')
    workspace.config_path.write_text(config, encoding="utf-8")
    for archive in demo_archives:
        install_archive(archive, workspace.paths.models)
    listing = LISTING
    base = ["--workspace", str(workspace.root)]
    assert CliRunner().invoke(cli, [*base, "ingest", str(listing)]).exit_code == 0
    assert CliRunner().invoke(cli, [*base, "translate"]).exit_code == 0
    for args in (["--force"], []):
        dry = CliRunner().invoke(cli, [*base, "translate", "--dry-run", *args])
        real = CliRunner().invoke(cli, [*base, "translate", *args])
        written = re.search(r"wrote (\d+) catalogs", real.output)[1]
        assert f"would write {written} catalogs" in dry.output, (dry.output, real.output)
    path = next(workspace.paths.announcements.glob("2025-11-07-*.md"))
    path.write_text(path.read_text(encoding="utf-8") + "\nEin neuer Absatz am Ende.\n", encoding="utf-8")
    dry = CliRunner().invoke(cli, [*base, "translate", "--dry-run", "--json"])
    real = CliRunner().invoke(cli, [*base, "translate", "--json"])
    assert sorted(json.loads(dry.output)["written"]) == sorted(json.loads(real.output)["written"])


def test_glossary_list_and_check_on_the_herne_glossary(tmp_path: Path) -> None:
    import shutil

    from conftest import ROOT

    from pipeline.config import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws")
    shutil.copy(ROOT / "glossaries" / "herne.csv", workspace.paths.glossaries)
    base = ["--workspace", str(workspace.root)]
    listed = CliRunner().invoke(cli, [*base, "glossary", "list"])
    assert listed.exit_code == 0
    assert "Schloss Strünkede  [keep]" in listed.output
    checked = CliRunner().invoke(cli, [*base, "glossary", "check"])
    assert checked.exit_code == 0 and checked.output.endswith("24 terms: 0 errors, 2 warnings\n")
    broken = workspace.paths.glossaries / "herne.csv"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n,keep,,,,,,,,,,\n", encoding="utf-8")
    failed = CliRunner().invoke(cli, [*base, "glossary", "check"])
    assert failed.exit_code == 1 and f"{broken}:" in failed.output


def test_models_build_demo_writes_eight_demo_packages_and_installs_them(tmp_path: Path) -> None:
    from pipeline.config import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws")
    result = CliRunner().invoke(
        cli, ["--workspace", str(workspace.root), "models", "build-demo", str(tmp_path / "out"), "--install"]
    )
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("demo-lexicon-*.argosmodel"))) == 8
    assert result.output.count("DEMO model)") == 8
    listed = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "models", "list"])
    assert listed.output.splitlines()[-1] == "8 packages"


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["status"], ["glossary", "list"], ["publish", "--dry-run"], ["export", "--help"]])
def test_commands_that_translate_nothing_load_no_mt_detector_or_html_parser(args, sample) -> None:
    import subprocess
    import sys

    heavy = ("ctranslate2", "sentencepiece", "wordfreq", "numpy", "langdetect", "bs4", "feedparser", "sacrebleu")
    probe = (
        "import sys\nfrom click.testing import CliRunner\nfrom pipeline.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['--workspace', {str(sample.root)!r}, *{args!r}])\n"
        "assert result.exception is None or isinstance(result.exception, SystemExit), result.output\n"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.split() == []


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    run("init", str(tmp_path))
    for number in range(300):  # more status than a pipe holds
        (tmp_path / "announcements" / f"a{number}.md").write_text(
            f"---\nid: a{number}\ntitle: Meldung {number} für Herne\ndate: 2026-02-09\n---\n\nDie Stadt Herne lädt ein.\n",
            encoding="utf-8",
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--workspace", str(tmp_path), "status", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    process.stdout.read(10)
    process.stdout.close()  # as `vielfalt status --json | head -c 10`
    error = process.stderr.read().decode()
    assert process.wait() == 0 and "Broken pipe" not in error and "Traceback" not in error


def test_check_labels_a_translators_draft_as_draft(sample) -> None:
    from pipeline.queue.locales import catalog_path

    path = catalog_path(sample, "fr", "2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack")
    text = path.read_text(encoding="utf-8")
    marker = 'msgstr "'
    start = text.index(marker, text.index("msgctxt")) + len(marker)
    path.write_text(text[:start] + "Brouillon " + text[start:], encoding="utf-8")  # a translator's edit, still fuzzy
    result = run("--workspace", str(sample.root), "check", "--to", "fr", "--json")
    states = {f["state"] for f in json.loads(result.output)["findings"]}
    assert "draft" in states and "approved" not in states
