"""How fast commands that translate nothing answer: `vielfalt status` beside `--version`,
and on a demo workspace the quick commands an editor runs all day.

Targets, with bytecode caching on (these machines set PYTHONDONTWRITEBYTECODE=1; a user's
machine does not): `vielfalt status` in this repository's workspace in at most 0.5 s; on the
demo workspace (`vielfalt demo`, 8 languages) `check`, `status`, `translate` with nothing
new, `ingest` of an unchanged or an empty file and `publish --dry-run` in at most 1 s each.
Each command runs once to warm the caches, then RUNS times; the median and the best are
printed, for the installed entry point (.venv/bin/vielfalt) and for the ./vielfalt wrapper
(which first asks uv whether the environment is in sync).

    uv run python bench/startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("ctranslate2", "sentencepiece", "wordfreq", "numpy", "langdetect", "bs4", "feedparser",
         "sacrebleu", "jinja2")  # fmt: skip


def timed(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)  # warm-up
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), min(seconds)


def heavy_imports(args: list[str], env: dict[str, str]) -> list[str]:
    probe = (
        "import sys\nfrom click.testing import CliRunner\nfrom pipeline.cli import cli\n"
        f"CliRunner().invoke(cli, {args!r})\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return out.stdout.split()


def demo_commands(entry: str, runs: int, env: dict[str, str]) -> None:
    """The quick commands on a fresh demo workspace (target: 1 s each)."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="vielfalt-startup-"))
    env = {**env, "XDG_DATA_HOME": str(base / "xdg"), "ARGOS_PACKAGES_DIR": str(base / "argos")}
    workspace = base / "demo"
    subprocess.run([entry, "demo", str(workspace)], env=env, capture_output=True, check=True)
    empty = base / "leer.txt"
    empty.write_text("", encoding="utf-8")
    unchanged = sorted((workspace / "announcements").glob("*.md"))[0]
    print(f"on the demo workspace {workspace} (target: at most 1 s each)")
    for label, args in (
        ("check", ["check"]),
        ("status", ["status"]),
        ("translate, nothing new", ["translate"]),
        ("ingest, unchanged file", ["ingest", str(unchanged)]),
        ("ingest, empty file", ["ingest", str(empty)]),
        ("publish --dry-run", ["publish", "--dry-run"]),
    ):
        command = [entry, "--workspace", str(workspace), "-q", *args]
        median, best = timed(command, runs, env)
        verdict = "ok" if median <= 1.0 else "OVER 1 s"
        print(f"  {label:24} median {median:.3f} s   best {best:.3f} s   {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    entry = str(Path(sys.executable).parent / "vielfalt")
    print(f"median and best of {runs} runs, bytecode caching on, workspace {ROOT}")
    for label, command in (
        ("vielfalt --version", [entry, "--version"]),
        ("vielfalt status", [entry, "status"]),
        ("vielfalt glossary list", [entry, "glossary", "list"]),
        ("./vielfalt --version", [str(ROOT / "vielfalt"), "--version"]),
        ("./vielfalt status", [str(ROOT / "vielfalt"), "status"]),
    ):
        median, best = timed(command, runs, env)
        print(f"{label:26} median {median:.3f} s   best {best:.3f} s")
    demo_commands(entry, runs, env)
    for args in (["status"], ["glossary", "list"], ["--help"]):
        loaded = heavy_imports(args, env)
        print(f"heavy modules imported by {' '.join(args)}: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
