"""Write the generated references: docs/cli.md from the click commands themselves, and
docs/configuration.md from the settings table (pipeline/settings.py).

    .venv/bin/python scripts/reference_docs.py          # rewrite both
    .venv/bin/python scripts/reference_docs.py --check  # exit 1 if either is not current

tests/test_docs.py runs the check, so the references never drift from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
HEADER = """# Command-line reference

Generated from the commands by `scripts/reference_docs.py` (a test keeps it current); the same
text as `vielfalt COMMAND --help`. Exit codes: [operations.md](operations.md#exit-codes).
"""


def commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        if command.hidden:
            continue
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix} {name}")
    return found


def section(path: str, command: click.Command) -> str:
    context = click.Context(command, info_name=path, terminal_width=100, max_content_width=100)
    return f"## `{path}`\n\n```\n{command.get_help(context)}\n```\n"


def cli_reference() -> str:
    from pipeline.cli import cli

    parts = [HEADER, section("vielfalt", cli)]
    parts += [section(path, command) for path, command in commands(cli, "vielfalt")]
    return "\n".join(parts).rstrip() + "\n"


def references() -> dict[Path, str]:
    sys.path.insert(0, str(ROOT))
    from pipeline import settings

    return {
        ROOT / "docs" / "cli.md": cli_reference(),
        ROOT / "docs" / "configuration.md": settings.reference(),
    }


def main() -> int:
    stale = []
    for path, text in references().items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        stale.append(path)
        if "--check" not in sys.argv[1:]:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale and "--check" in sys.argv[1:]:
        names = ", ".join(str(p.relative_to(ROOT)) for p in stale)
        print(f"not current: {names}: run scripts/reference_docs.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
