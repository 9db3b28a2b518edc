"""Test isolation: Argos Translate and friends must never touch the real home directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before any test module imports argostranslate (it creates directories at import).
_SANDBOX = Path(tempfile.mkdtemp(prefix="vielfalt-tests-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_SANDBOX / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_SANDBOX / "argos-packages")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LISTING = SHARED / "samples" / "herne-integration-listing.txt"


@pytest.fixture
def workspace(tmp_path: Path):
    """A fresh, empty workspace in a temporary directory."""
    from pipeline.config import init_workspace

    ws, _ = init_workspace(tmp_path / "ws")
    return ws


@pytest.fixture(scope="session")
def detector():
    from pipeline.detect import LanguageDetector

    return LanguageDetector()


def write_announcement(folder: Path, ident: str, body: str, title: str = "Neue Meldung") -> Path:
    path = folder / f"{ident}.md"
    path.write_text(
        f"---\nid: {ident}\ntitle: {title}\ndate: 2026-02-09\n---\n\n{body}\n", encoding="utf-8"
    )
    return path
