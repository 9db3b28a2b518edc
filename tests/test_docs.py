"""The documents stay true: the CLI reference is generated and current, the README is short."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from conftest import ROOT

from pipeline.cli import cli
from pipeline.queue.qa import CHECKS


def test_the_cli_and_configuration_references_are_current() -> None:
    checked = subprocess.run([sys.executable, str(ROOT / "scripts" / "reference_docs.py"), "--check"],
                             capture_output=True, text=True)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_cli_reference_has_every_command() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"## `vielfalt {name}`" in text


def test_the_readme_is_at_most_10_kb_and_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_bytes()
    assert len(readme) <= 10_240
    for page in ("docs/cli.md", "docs/operations.md", "docs/translators.md"):
        assert page.encode() in readme


def test_check_help_names_every_qa_check() -> None:
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert all(name in result.output for name in CHECKS)


def _exit_statements() -> list[tuple[str, int, str]]:
    """Every "exit N" / "exits N" / "exit code N" / "exits with N" in the docs, README,
    vielfalt.toml and the commands' help: (file, code, the sentence around it)."""
    import re

    texts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}
    texts["README.md"] = (ROOT / "README.md").read_text(encoding="utf-8")
    texts["vielfalt.toml"] = (ROOT / "vielfalt.toml").read_text(encoding="utf-8")
    found = []
    pattern = re.compile(r"\bexit(?:s| code)?(?: with)? (\d+)\b")
    for name, text in texts.items():
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 160) : match.start()].replace("\n", " ")
            clause = re.split(r"[.;,]\s", before)[-1]  # the words that lead to this code
            found.append((name, int(match.group(1)), clause))
    return found


def test_every_exit_code_the_docs_name_is_one_of_the_table() -> None:
    from pipeline.output import ExitCode

    codes = {int(code) for code in ExitCode}
    wrong = [(name, code) for name, code, _ in _exit_statements() if code not in codes]
    assert not wrong, wrong


def test_what_the_docs_say_findings_exit_with_is_the_findings_code() -> None:
    """QA errors and pages held back are findings (exit 3) wherever a document says so."""
    from pipeline.output import ExitCode

    checked = 0
    for name, code, clause in _exit_statements():
        if any(words in clause for words in ("QA", "held back", "not published", "errors exit")):
            assert code == ExitCode.FINDINGS, (name, clause)
            checked += 1
    assert checked >= 3  # sources.md (sync), translators.md (check), vielfalt.toml (publish_qa)
