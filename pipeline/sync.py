"""`vielfalt sync`: the whole pipeline unattended — ingest what `[sources]` names, translate
what changed, publish what is approved — safe to run every 15 minutes from cron or a systemd
timer.

It holds the workspace lock for the whole run (a second run at the same time says the
workspace is busy and changes nothing), touches nothing when nothing is new
(ingest writes only changed announcements, translate skips unchanged ones by their
fingerprints, publish rewrites no unchanged file), and reports every problem: an error anywhere
makes the run fail, and what could be done was still done.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.config import Workspace
from pipeline.errors import VielfaltError

if TYPE_CHECKING:
    from pipeline.model import Announcement
    from pipeline.units.detect import LanguageDetector
    from pipeline.units.glossary import Glossary


@dataclass
class SyncReport:
    sources: int = 0
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    #: language -> entries waiting for a translator (machine or outdated)
    waiting: dict[str, int] = field(default_factory=dict)
    #: language -> announcements published
    published: dict[str, int] = field(default_factory=dict)
    #: "language/id" of pages kept back by QA errors (findings: exit 3)
    blocked: list[str] = field(default_factory=list)
    #: "language/id: why" of translated pages taken off the site
    withdrawn: list[str] = field(default_factory=list)
    written: int = 0
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: those of `errors` whose server could not be reached (the network, not the data)
    unreachable: list[str] = field(default_factory=list)

    @property
    def offline(self) -> bool:
        """Every error was a server that could not be reached."""
        return bool(self.errors) and len(self.unreachable) == len(self.errors)


def sync(
    workspace: Workspace,
    environ: Mapping[str, str],
    *,
    dry_run: bool = False,
    encoding: str | None = None,
) -> SyncReport:
    """Ingest, translate, publish. Raises only when nothing can be done at all (no sources
    configured, the workspace busy, Weblate's handshake failed); every other problem is in
    the report's errors. With [weblate], ingest and translate run inside the handshake."""
    from pipeline.exchange.handshake import weblate_handshake
    from pipeline.lock import WorkspaceLock
    from pipeline.units.detect import LanguageDetector

    sources = [*workspace.source_urls, *(str(workspace.root / f) for f in workspace.source_files)]
    if not sources:
        raise VielfaltError(
            "nothing to sync: [sources] in vielfalt.toml names no urls or files",
            hint='add e.g. [sources] urls = ["https://www.herne.de/…/Pressemeldungen/"]',
        )
    report = SyncReport(sources=len(sources))
    detector = LanguageDetector()
    with WorkspaceLock(workspace):
        with weblate_handshake(
            workspace, environ, report.notes.append, enabled=not dry_run
        ) as handshake:
            announcements, glossary = _ingest_and_translate(
                workspace, environ, sources, report, detector, dry_run, encoding
            )
            if handshake is not None:
                changed = f"{len(report.new)} new, {len(report.updated)} updated"
                handshake.finish(f"vielfalt sync: {changed}")
                report.notes += handshake.stranded
        _publish(workspace, announcements, glossary, report, dry_run)
    return report


def _ingest_and_translate(
    workspace: Workspace,
    environ: Mapping[str, str],
    sources: list[str],
    report: SyncReport,
    detector: LanguageDetector,
    dry_run: bool,
    encoding: str | None = None,
) -> tuple[list[Announcement], Glossary]:
    from pipeline.intake.ingest import ingest
    from pipeline.intake.sources import ReadingDetail, load_announcements
    from pipeline.queue.translate import translate_all
    from pipeline.units.glossary import open_glossary

    ingested = ingest(
        workspace, sources, detector=detector, dry_run=dry_run, encoding=encoding,
        hold_uncertain=True,
    )  # fmt: skip
    report.errors += ingested.errors
    report.unreachable += ingested.unreachable
    report.new = [c.id for c in ingested.changes if c.action == "new"]
    report.updated = [c.id for c in ingested.changes if c.action not in ("new", "unchanged")]
    report.notes += [
        f"{c.id}: {c.action} (was the same announcement: its translations follow it)"
        for c in ingested.changes
        if c.action not in ("new", "unchanged", "updated")
    ]
    report.notes += [n for n in ingested.notes if not isinstance(n, ReadingDetail)]
    translated = translate_all(workspace, environ, detector=detector, dry_run=dry_run)
    report.errors += [f"broken package: {p}" for p in translated.broken_packages]
    report.errors += translated.errors
    report.notes += translated.warnings
    report.written += len(translated.written)
    return load_announcements(workspace.paths.announcements), open_glossary(workspace)


def _publish(
    workspace: Workspace,
    announcements: list[Announcement],
    glossary: Glossary,
    report: SyncReport,
    dry_run: bool,
) -> None:
    from pipeline.publish.build import publish
    from pipeline.queue.status import status, waiting

    published = publish(
        workspace, announcements, workspace.target_languages, glossary=glossary, dry_run=dry_run
    )
    report.errors += published.errors
    report.written += len(published.written)
    report.published = {lang: len(ids) for lang, ids in published.published.items()}
    report.blocked = [f"{lang}/{ident}" for lang, ident in published.blocked]
    report.withdrawn = [f"{w.language}/{w.id}: {w.reason}" for w in published.withdrawn]
    queue = status(workspace, workspace.target_languages)
    report.waiting = {lang: waiting(counts) for lang, counts in queue.languages.items()}
    report.errors += queue.errors
