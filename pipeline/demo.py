"""`vielfalt demo`: a fresh workspace, the bundled Herne sample, the whole pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pipeline.config import Workspace, init_workspace
from pipeline.detect import AnnouncementCheck, LanguageDetector, check_announcement
from pipeline.errors import VielfaltError
from pipeline.ingest import IngestReport, ingest
from pipeline.segment import split_sentences, units_of
from pipeline.sources import load_announcements

SAMPLE_NAME = "herne-integration-listing.txt"


def sample_listing() -> Path:
    """The city's listing page text as the project received it (bundled with the package)."""
    return Path(str(resources.files("pipeline") / "samples" / SAMPLE_NAME))


@dataclass(frozen=True)
class DemoResult:
    workspace: Workspace
    ingest: IngestReport
    checks: list[AnnouncementCheck]
    sentences: int


def run_demo(directory: Path, detector: LanguageDetector) -> DemoResult:
    """Create a demo workspace in a new (or empty) directory and run the pipeline on the sample."""
    if directory.exists() and any(directory.iterdir()):
        raise VielfaltError(
            f"{directory} exists and is not empty; the demo needs a new directory",
            hint="pass --dir with a new directory name",
        )
    workspace, _ = init_workspace(directory)
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
    return DemoResult(workspace, report, checks, sentences)
