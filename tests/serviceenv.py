"""Environments and ports for the real peer services the tests start (LibreTranslate, Weblate).

Each service gets its own virtual environment, never the project's: built by uv from an exact
pins file under `tests/` (no download addresses), once per checkout, pins and Python, in the
ignored `.cache/` folder. A half-built environment (a killed run) is built again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

#: built once per checkout and pins, outside temporary folders (ignored by git)
CACHE = Path(__file__).resolve().parents[1] / ".cache"


def uv_command() -> list[str]:
    """uv as `uv run` names it (UV), on the PATH, or as the system Python's module — not the
    project venv's python3, which `uv run` puts first on the PATH and which has no uv."""
    if os.environ.get("UV"):
        return [os.environ["UV"]]
    if shutil.which("uv"):
        return ["uv"]
    venv = os.environ.get("VIRTUAL_ENV")
    path = os.pathsep.join(
        p for p in os.environ.get("PATH", "").split(os.pathsep)
        if not venv or not p.startswith(venv)
    )  # fmt: skip
    return [shutil.which("python3", path=path) or "python3", "-m", "uv"]


def make_environment(directory: Path, pins: Path, python: str = sys.executable) -> Path:
    """A virtual environment with exactly `pins` installed, in `directory`; its python."""
    interpreter = directory / "bin" / "python"
    done = directory / ".vielfalt-complete"
    if done.exists():
        return interpreter
    shutil.rmtree(directory, ignore_errors=True)
    uv = uv_command()
    # --no-config: the project's own pins (pyproject.toml) are not the service's
    subprocess.run(
        [*uv, "venv", "-q", "--no-config", str(directory), "--python", python],
        check=True,
        cwd=directory.parent,
    )
    installed = subprocess.run(
        [*uv, "pip", "install", "-q", "--no-config", "--python", str(interpreter), "-r", str(pins)],
        capture_output=True,
        text=True,
        cwd=directory.parent,
    )
    if installed.returncode != 0:
        raise RuntimeError(f"{pins.name}: uv pip install failed:\n{installed.stderr}")
    done.write_text(pins.read_text(encoding="utf-8"), encoding="utf-8")
    return interpreter


def cached_environment(name: str, pins: Path, python: str = sys.executable) -> Path:
    """The pinned environment `name` under .cache/, keyed by the pins and the Python."""
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=True
    ).stdout
    key = hashlib.sha256(pins.read_bytes() + version.encode()).hexdigest()[:12]
    directory = CACHE / f"{name}-{key}"
    directory.parent.mkdir(parents=True, exist_ok=True)
    make_environment(directory, pins, python)
    return directory


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
