"""`vielfalt demo`: a fresh workspace, the bundled Herne sample, the whole pipeline."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pipeline.config import DEFAULT_SITE, Workspace, init_workspace, load_workspace
from pipeline.errors import VielfaltError
from pipeline.fileio import atomic_write_text
from pipeline.intake.ingest import IngestReport, ingest
from pipeline.intake.sources import load_announcements
from pipeline.lock import WorkspaceLock
from pipeline.mt.demo_models import build_demo_archives
from pipeline.mt.packages import ModelPackage, install_archive
from pipeline.publish.build import PublishReport, publish
from pipeline.queue.catalog import dumps, loads
from pipeline.queue.locales import catalog_path, read_catalog
from pipeline.queue.status import StatusReport, status
from pipeline.queue.translate import TranslateReport, translate_all
from pipeline.units.detect import AnnouncementCheck, LanguageDetector, check_announcement
from pipeline.units.glossary import open_glossary
from pipeline.units.protect import protect
from pipeline.units.segment import split_sentences, units_of

SAMPLE_NAME = "herne-integration-listing.txt"
#: The demo's [site]: example addresses (a real workspace names its own), and a notice on every
#: translated page that says plainly what the demo's "translations" are.
DEMO_SITE = """[site]
name = "Stadt Herne – Kommunales Integrationszentrum (DEMO)"
base_url = "https://integration.herne.example/"
imprint_url = "https://integration.herne.example/impressum"
privacy_url = "https://integration.herne.example/datenschutz"
contact = "integration@herne.example"

[site.notice]
de = "Demo-Seite: Beispieladressen, keine Seite der Stadt Herne."
en = "Demo page: translated word for word by DEMO models and approved unchecked."
fr = "Page de démonstration : traduite mot à mot par des modèles de DÉMO et approuvée sans relecture."
ro = "Pagină demonstrativă: tradusă cuvânt cu cuvânt de modele DEMO și aprobată fără verificare."
bg = "Демонстрационна страница: преведена дума по дума от ДЕМО модели и одобрена без проверка."
pl = "Strona demonstracyjna: przetłumaczona słowo w słowo przez modele DEMO i zatwierdzona bez sprawdzenia."
tr = "Tanıtım sayfası: DEMO modelleri tarafından kelimesi kelimesine çevrildi ve kontrol edilmeden onaylandı."
ru = "Демонстрационная страница: переведена дословно ДЕМО-моделями и утверждена без проверки."
ar = "صفحة تجريبية: تُرجمت كلمة بكلمة بواسطة نماذج تجريبية ووُوفق عليها دون مراجعة."
"""


def sample_glossary() -> Path:
    """The Herne glossary as shipped with the package (kept equal to glossaries/herne.csv)."""
    return Path(str(resources.files("pipeline") / "samples" / "herne-glossary.csv"))


def sample_listing() -> Path:
    """The city's listing page text as the project received it (bundled with the package)."""
    return Path(str(resources.files("pipeline") / "samples" / SAMPLE_NAME))


@dataclass(frozen=True)
class DemoResult:
    workspace: Workspace
    ingest: IngestReport
    checks: list[AnnouncementCheck]
    sentences: int
    models: list[ModelPackage]
    queue: TranslateReport
    status: StatusReport
    title: str  # German title of the newest announcement
    titles: dict[str, str]  # its machine translation per language, as in the PO files
    glossary_terms: int
    glossary_matches: int
    approved_id: str
    published: PublishReport


def _demo_workspace(directory: Path) -> Workspace:
    """A new workspace with the demo's site name and the Herne sample glossary."""
    workspace, _ = init_workspace(directory)
    config = workspace.config_path.read_text(encoding="utf-8")
    atomic_write_text(workspace.config_path, config.replace(DEFAULT_SITE, DEMO_SITE))
    workspace = load_workspace(workspace.config_path)
    atomic_write_text(
        workspace.paths.glossaries / "herne.csv", sample_glossary().read_text(encoding="utf-8")
    )
    return workspace


def _approve(workspace: Workspace, announcement_id: str) -> None:
    """The demo plays translator for one announcement: it approves the machine output as it
    is (a real translator corrects it first), clearing the fuzzy flags as a PO editor does."""
    for language in workspace.target_languages:
        path = catalog_path(workspace, language, announcement_id)
        text = path.read_text(encoding="utf-8")
        catalog = loads(text, str(path))
        for entry in catalog.entries:
            if not entry.obsolete and entry.translation:
                entry.fuzzy = False
        atomic_write_text(path, dumps(catalog, text, str(path), workspace.catalog_wrap))


def run_demo(
    directory: Path,
    detector: LanguageDetector,
    environ: Mapping[str, str],
    on_step: Callable[[str], None] = lambda step: None,
) -> DemoResult:
    """Create a demo workspace in a new (or empty) directory and run the pipeline on the sample.
    `on_step` hears of each step as it starts (the CLI prints it: the whole run takes a while)."""
    if directory.exists() and any(directory.iterdir()):
        raise VielfaltError(
            f"{directory} exists and is not empty; the demo needs a new directory",
            hint="name a new directory: vielfalt demo NEW-DIR",
        )
    on_step("creating the workspace and importing the city's listing page")
    workspace = _demo_workspace(directory)
    glossary = open_glossary(workspace)
    report = ingest(workspace, [str(sample_listing())], detector=detector)
    checks = []
    sentences = 0
    for announcement in load_announcements(workspace.paths.announcements):
        unit_list = units_of(announcement)
        sentences += sum(len(split_sentences(u.text).parts) for u in unit_list)
        checks.append(
            check_announcement(
                detector,
                announcement.id,
                str(announcement.path),
                unit_list,
                workspace.source_language,
            )
        )
    on_step("building the eight DEMO models and installing them")
    # Demo models: built as .argosmodel files, then installed through the real installer.
    archives = build_demo_archives(workspace.state_dir / "demo-models")
    packages = [install_archive(archive, workspace.paths.models) for archive in archives]
    announcements = load_announcements(workspace.paths.announcements)
    on_step("translating every announcement into 8 languages (loading the models first)")
    with WorkspaceLock(workspace):
        queue = translate_all(workspace, environ, detector=detector)
    first = announcements[0]
    titles = {}
    for language in workspace.target_languages:
        catalog, _ = read_catalog(catalog_path(workspace, language, first.id))
        titles[language] = catalog.entries[0].translation if catalog else ""
    matches = sum(len(protect(u.text, glossary).matches) for c in checks for u in c.units)
    queue_status = status(workspace, workspace.target_languages)
    on_step("playing translator: approving one announcement, then publishing")
    _approve(workspace, first.id)
    published = publish(
        workspace,
        announcements,
        workspace.target_languages,
        glossary=glossary,
        formats=("json", "html", "feed", "mo"),
    )
    return DemoResult(
        workspace,
        report,
        checks,
        sentences,
        packages,
        queue,
        queue_status,
        first.title,
        titles,
        len(glossary.terms),
        matches,
        first.id,
        published,
    )
