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
    from pipeline.units.detect import LanguageDetector

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
    from pipeline.mt.demo_models import build_package, copy_model, pack_argosmodel

    out = tmp_path_factory.mktemp("copy-models")
    archives = {}
    for source, target in (("de", "en"), ("en", "fr")):
        package = build_package(copy_model(source, target, SAMPLE_WORDS, demo=False), out / "build")
        archives[(source, target)] = pack_argosmodel(package, out / f"{package.name}.argosmodel")
    return archives


@pytest.fixture(scope="session")
def demo_archives(tmp_path_factory):
    from pipeline.mt.demo_models import build_demo_archives

    return build_demo_archives(tmp_path_factory.mktemp("demo-models"))


@pytest.fixture
def copy_registry(tmp_path, copy_archives):
    from pipeline.mt.local import ModelRegistry
    from pipeline.mt.packages import find_packages, install_archive

    for archive in copy_archives.values():
        install_archive(archive, tmp_path / "models")
    packages, problems = find_packages([(tmp_path / "models", "workspace")])
    assert not problems
    return ModelRegistry(packages)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> tuple[Path, str]:
    """The demo run once per session: (workspace folder, the announcement it approved).
    Fixtures that change it work on copies (`clone_workspace`)."""
    from pipeline.demo import run_demo
    from pipeline.units.detect import LanguageDetector

    result = run_demo(tmp_path_factory.mktemp("demo") / "ws", LanguageDetector(), os.environ)
    return result.workspace.root, result.approved_id


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, demo_template):
    """The demo workspace published, then Russian published once more on its own (`--to ru`)."""
    from pipeline.intake.sources import load_announcements
    from pipeline.publish.build import publish
    from pipeline.units.glossary import open_glossary

    template, approved_id = demo_template
    workspace = clone_workspace(template, tmp_path_factory.mktemp("demo-site") / "ws")
    report = publish(
        workspace,
        load_announcements(workspace.paths.announcements),
        ["ru"],
        glossary=open_glossary(workspace),
        formats=("json", "html", "feed", "mo"),
    )
    assert not report.failed, report
    return workspace.paths.published, approved_id


def clone_workspace(template: Path, target: Path):
    """A copy of a workspace built once per session (files, times and state as they were)."""
    import shutil

    from pipeline.config import load_workspace

    shutil.copytree(template, target, symlinks=True)
    return load_workspace(target / "vielfalt.toml")


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory, copy_archives, detector) -> Path:
    """The Herne sample translated into en and fr by the copy models, built once."""
    import shutil

    from pipeline.config import init_workspace
    from pipeline.intake.sources import load_announcements
    from pipeline.mt.local import ModelRegistry
    from pipeline.mt.packages import find_packages, install_archive
    from pipeline.queue.translate import translate_workspace
    from pipeline.units.glossary import load_glossary

    base = tmp_path_factory.mktemp("sample-template")
    workspace, _ = init_workspace(base / "ws")
    for archive in copy_archives.values():  # in the workspace: `vielfalt translate` finds them
        install_archive(archive, workspace.paths.models)
    packages, problems = find_packages([(workspace.paths.models, "workspace")])
    assert not problems
    for source in (ROOT / "announcements").glob("*.md"):
        shutil.copy(source, workspace.paths.announcements)
    shutil.copy(ROOT / "glossaries" / "herne.csv", workspace.paths.glossaries)
    glossary = load_glossary(workspace.paths.glossaries, workspace.target_languages)
    translate_workspace(
        workspace,
        load_announcements(workspace.paths.announcements),
        ["en", "fr"],
        detector=detector,
        registry=ModelRegistry(packages),
        glossary=glossary,
    )
    return base / "ws"


@pytest.fixture
def sample(tmp_path, sample_template):
    """The Herne sample in the queue (copy models), nothing approved yet: a fresh copy of
    the session's translated template in this test's own folder."""
    return clone_workspace(sample_template, tmp_path / "ws")


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
