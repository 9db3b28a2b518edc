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


def _commands_in(text: str, *, markdown: bool = True) -> list[str]:
    """The vielfalt commands a text shows: in Markdown, code blocks and `code spans`; in a
    help text, its example lines."""
    import re

    pieces: list[str] = []
    if markdown:
        pieces += re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
        pieces += re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    else:
        pieces.append(text)
    found = []
    for piece in pieces:
        if "\\|" in piece:  # a table cell's synopsis (`list\|install\|…`), not an example
            continue
        for line in piece.splitlines():
            stripped = line.strip().removeprefix("$ ").split("  #")[0].split(" #")[0].strip()
            for command in re.split(r"\s*(?:&&|\|\||;|\|)\s*", stripped):
                if re.match(r"vielfalt(?: |$)", command):
                    found.append(command.split(" > ")[0].split(" >> ")[0].strip())
    return found


def _parses(command: str) -> str | None:
    """None when click accepts `command`'s words (options and arguments); else the problem."""
    import shlex

    import click

    try:
        words = shlex.split(command)[1:]
    except ValueError as exc:  # quoting the shell cannot read
        return f"not a shell command: {exc}"
    try:
        context = cli.make_context("vielfalt", list(words), resilient_parsing=True)
        group, rest = cli, [*context._protected_args, *context.args]
        while isinstance(group, click.Group) and rest:
            command_object = group.get_command(context, rest[0])
            if command_object is None:
                return f"no command {rest[0]!r}"
            context = command_object.make_context(rest[0], rest[1:], parent=context)
            group, rest = command_object, [*context._protected_args, *context.args]
    except click.UsageError as exc:
        if "does not exist" in str(exc) or "Missing" in str(exc):
            return None  # a placeholder path, or a command named without its arguments
        return str(exc)
    return None


def test_every_help_example_parses_and_names_no_file_outside_the_workspace() -> None:
    from pipeline.cli import cli as group

    def helps(command, prefix):
        yield prefix, command.help or ""
        for name, sub in getattr(command, "commands", {}).items():
            yield from helps(sub, f"{prefix} {name}")

    for name, text in helps(group, "vielfalt"):
        for command in _commands_in(text, markdown=False):
            assert _parses(command) is None, (name, command, _parses(command))
            assert "../" not in command, (name, command)


def test_every_command_in_the_readme_and_docs_parses() -> None:
    import re

    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    checked = 0
    for path in documents:
        if path.name == "cli.md":  # generated from the help texts, checked above
            continue
        for command in _commands_in(path.read_text(encoding="utf-8")):
            if re.search(r"…|<|\[|\\\||\b[A-Z]{2,}\b", command):  # a synopsis, not an example
                continue
            problem = _parses(command)
            assert problem is None, (path.name, command, problem)
            checked += 1
    assert checked >= 20
