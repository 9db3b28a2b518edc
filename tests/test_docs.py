"""The documents stay true: the CLI reference is generated and current, the README is short."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from conftest import ROOT

from pipeline.cli import cli
from pipeline.qa import CHECKS


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
