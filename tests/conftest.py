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


SAMPLE_WORDS = [
    "Am",
    "Montag,",
    "9.",
    "Februar",
    "2026,",
    "starten",
    "die",
    "Anmeldungen",
    "für",
    "das",
    "Frühjahrssemester",
    "der",
    "vhs",
    "Herne.",
    "Vertreter*innen",
    "der",
    "Stadt",
    "Herne,",
    "§",
    "53c,",
    "Schloss",
    "Strünkede,",
    "Väter,",
    "Senior*innen",
]


@pytest.fixture(scope="session")
def copy_archives(tmp_path_factory):
    """Copy models de→en and en→fr as .argosmodel files (real CTranslate2 models)."""
    from pipeline.modelbuild import build_package, copy_model, pack_argosmodel

    out = tmp_path_factory.mktemp("copy-models")
    archives = {}
    for source, target in (("de", "en"), ("en", "fr")):
        package = build_package(copy_model(source, target, SAMPLE_WORDS, demo=False), out / "build")
        archives[(source, target)] = pack_argosmodel(package, out / f"{package.name}.argosmodel")
    return archives


@pytest.fixture(scope="session")
def demo_archives(tmp_path_factory):
    from pipeline.modelbuild import build_demo_archives

    return build_demo_archives(tmp_path_factory.mktemp("demo-models"))


@pytest.fixture
def copy_registry(tmp_path, copy_archives):
    from pipeline.engine import ModelRegistry
    from pipeline.models import find_packages, install_archive

    for archive in copy_archives.values():
        install_archive(archive, tmp_path / "models")
    packages, problems = find_packages([(tmp_path / "models", "workspace")])
    assert not problems
    return ModelRegistry(packages)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo workspace published, then Russian published once more on its own (`--to ru`)."""
    from pipeline.demo import run_demo
    from pipeline.detect import LanguageDetector
    from pipeline.mt import open_glossary
    from pipeline.publish import publish
    from pipeline.sources import load_announcements

    result = run_demo(tmp_path_factory.mktemp("demo") / "ws", LanguageDetector(), os.environ)
    workspace = result.workspace
    report = publish(
        workspace,
        load_announcements(workspace.paths.announcements),
        ["ru"],
        glossary=open_glossary(workspace),
        formats=("json", "html", "feed", "mo"),
    )
    assert not report.failed, report
    return workspace.paths.published, result.approved_id


@pytest.fixture
def sample(workspace, copy_registry, detector):
    """The Herne sample in the queue (copy models), nothing approved yet."""
    import shutil

    from pipeline.queue import translate_workspace
    from pipeline.sources import load_announcements

    for source in (ROOT / "announcements").glob("*.md"):
        shutil.copy(source, workspace.paths.announcements)
    shutil.copy(ROOT / "glossaries" / "herne.csv", workspace.paths.glossaries)
    from pipeline.glossary import load_glossary

    glossary = load_glossary(workspace.paths.glossaries, workspace.target_languages)
    translate_workspace(
        workspace,
        load_announcements(workspace.paths.announcements),
        ["en", "fr"],
        detector=detector,
        registry=copy_registry,
        glossary=glossary,
    )
    return workspace


def pytest_terminal_summary(terminalreporter) -> None:
    """Counts of the hostile suite, as the hardening issue asks: cases run, passed."""
    reports = [
        r
        for key in ("passed", "failed", "error")
        for r in terminalreporter.stats.get(key, [])
        if getattr(r, "when", "call") == "call" and "hostile" in getattr(r, "keywords", {})
    ]
    import sys

    sequences = getattr(sys.modules.get("test_hostile"), "SEQUENCES", [])
    if sequences:
        terminalreporter.write_line(
            f"property test: {len(sequences)} random sequences of edits and runs, "
            f"{sum(sequences)} steps checked"
        )
    if reports:
        passed = sum(1 for r in reports if r.passed)
        terminalreporter.write_line(
            f"hostile suite: {len(reports)} cases run, {passed} passed, {len(reports) - passed} failed"
        )
