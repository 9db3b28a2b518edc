"""Publishing: approved translations only, as JSON, static HTML, RSS feeds, a sitemap and MO files.

What is publishable is decided once, in `publishability` (shared with `status`). This module
turns verdicts into pages, renders every file of the site (all languages, so navigation always
shows the whole published state, whichever languages a run was asked for), and writes through
the output directory's manifest: only files vielfalt wrote are overwritten or removed.

Languages a run was not asked for keep their last published version (from the manifest's
snapshots); an announcement-language blocked by QA keeps its last published version if that
was of the same German text, and is otherwise not published; an unreadable catalog keeps its
last published version and is reported.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.config import Site, Workspace, check_output_directory
from pipeline.errors import CatalogError, PublishError, VielfaltError
from pipeline.exchange.review import WeblateReviews
from pipeline.fileio import atomic_write_bytes, remove_stale_temporaries
from pipeline.model import Announcement
from pipeline.publish.approvals import ApprovalLedger
from pipeline.publish.manifest import Manifest, Plan, plan, sha256
from pipeline.publish.publishability import (
    BLOCKED,
    PUBLISHABLE,
    UNREADABLE,
    WAITING,
    Block,
    QAFinding,
    Verdict,
    decide_all,
    source_revision,
)
from pipeline.publish.site import (
    FeedItem,
    Link,
    SiteRenderer,
    direction,
    feed_xml,
    language_name,
    plain_inline,
    sitemap_xml,
)
from pipeline.queue.catalog import Catalog, ReviewState, compile_mo
from pipeline.queue.locales import catalog_path, read_catalog
from pipeline.units.glossary import Glossary
from pipeline.units.segment import units_of

SCHEMA_VERSION = 2
FORMATS = ("json", "html", "feed", "mo")
DEFAULT_FORMATS = ("json", "html", "feed")
#: which format each kind of file belongs to (a run removes only files of its formats)
_KIND = {".html": "html", ".json": "json", ".xml": "feed", ".mo": "mo"}


@dataclass(frozen=True)
class Page:
    """One announcement in one language as published (or as last published)."""

    id: str
    language: str
    date: dt.date
    source_url: str | None
    status: str  # "source" | "complete" | "partial"
    blocks: tuple[Block, ...]  # the title first
    approved_at: str | None
    modified: str
    source_revision: str

    @property
    def title(self) -> Block:
        return self.blocks[0]

    @property
    def summary(self) -> Block | None:
        return next((b for b in self.blocks if b.role == "summary"), None)

    @property
    def body(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks[1:] if b.role != "summary")

    @property
    def fallback_units(self) -> int:
        return sum(1 for b in self.blocks if b.language != self.language)

    def snapshot(self) -> dict:
        return {
            "status": self.status,
            "blocks": [[b.key, b.role, b.prefix, b.text, b.language] for b in self.blocks],
            "approved_at": self.approved_at,
            "modified": self.modified,
            "source_revision": self.source_revision,
        }

    @classmethod
    def from_snapshot(cls, announcement: Announcement, language: str, data: dict) -> Page:
        return cls(
            announcement.id,
            language,
            announcement.date,
            announcement.url,
            data["status"],
            tuple(Block(*map(str, row)) for row in data["blocks"]),
            data.get("approved_at"),
            data["modified"],
            data["source_revision"],
        )


#: a page as the manifest remembers it (vielfalt's own state, read back with its shape checked)
PAGE_SNAPSHOT = {
    "type": "object",
    "required": ["status", "blocks", "modified", "source_revision"],
    "properties": {
        "status": {"enum": ["source", "complete", "partial"]},
        "blocks": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "array", "minItems": 5, "maxItems": 5, "items": {"type": "string"}},
        },
        "approved_at": {"type": ["string", "null"]},
        "modified": {"type": "string"},
        "source_revision": {"type": "string"},
    },
}


def _previous_page(
    announcement: Announcement, language: str, data: object, report: PublishReport
) -> Page | None:
    """The page as last published, from the manifest; a snapshot of another shape (edited by
    hand, written by a newer version) is treated as none: the page is built afresh."""
    if data is None:
        return None
    import jsonschema

    try:
        jsonschema.validate(data, PAGE_SNAPSHOT)
    except jsonschema.ValidationError as exc:
        report.notes.append(
            f"the manifest's record of {language}/{announcement.id} has an unexpected shape "
            f"({exc.message[:80]}); the page is built afresh"
        )
        return None
    assert isinstance(data, dict)
    return Page.from_snapshot(announcement, language, data)


@dataclass(frozen=True)
class Withdrawal:
    """A page that was on the site and is taken off it by this run, and why."""

    language: str
    id: str
    reason: str


@dataclass
class PublishReport:
    published: dict[str, list[str]] = field(default_factory=dict)
    waiting: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # lang → id → keys
    #: (language, id) kept out by QA under publish_qa = "block"
    blocked: list[tuple[str, str]] = field(default_factory=list)
    #: pages that were published and are taken off the site by this run
    withdrawn: list[Withdrawal] = field(default_factory=list)
    #: QA errors on approved entries: blocking under "block", listed under "warn"
    qa_findings: list[QAFinding] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    #: files vielfalt wrote that someone edited since: left in place, no longer vielfalt's
    left: list[Path] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def written(self) -> list[Path]:
        return sorted(self.created + self.changed)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.blocked)


# ---------------------------------------------------------------- pages from verdicts


def _fresh_page(
    announcement: Announcement,
    verdict: Verdict,
    ledger: ApprovalLedger,
    revision: str,
    source_seen: str,
    now: dt.datetime,
) -> Page:
    approved_at = None
    if verdict.status != "source":
        approved_at = ledger.approved_at(
            verdict.language,
            announcement.id,
            [(b.key, b.text) for b in verdict.blocks if b.language == verdict.language],
            now,
        )
    return Page(
        announcement.id,
        verdict.language,
        announcement.date,
        announcement.url,
        verdict.status or "complete",
        verdict.blocks,
        approved_at,
        max(approved_at or "", source_seen),
        revision,
    )


def _pages(
    workspace: Workspace,
    announcements: Sequence[Announcement],
    run_languages: Sequence[str],
    verdicts: dict[tuple[str, str], Verdict],
    manifest: Manifest,
    ledger: ApprovalLedger,
    report: PublishReport,
    now: dt.datetime,
) -> dict[str, dict[str, Page]]:
    """Every page of the site after this run, per language and announcement id."""
    source = workspace.source_language
    pages: dict[str, dict[str, Page]] = {}
    for language in [source, *workspace.target_languages]:
        pages[language] = {}
        previous_pages = manifest.pages.get(language, {})
        for announcement in announcements:
            previous = _previous_page(
                announcement, language, previous_pages.get(announcement.id), report
            )
            if language != source and language not in run_languages:
                if previous is not None:
                    pages[language][announcement.id] = previous
                continue
            revision = source_revision(units_of(announcement))
            source_seen = ledger.source_seen(announcement.id, revision, now)
            verdict = verdicts[(announcement.id, language)]
            if verdict.state == PUBLISHABLE:
                pages[language][announcement.id] = _fresh_page(
                    announcement, verdict, ledger, revision, source_seen, now
                )
                report.qa_findings.extend(verdict.findings)
            elif verdict.state == WAITING:
                report.waiting.setdefault(language, {})[announcement.id] = list(verdict.waiting)
            elif verdict.state == BLOCKED:
                report.blocked.append((language, announcement.id))
                report.qa_findings.extend(verdict.findings)
                if previous is not None and previous.source_revision == revision:
                    pages[language][announcement.id] = previous
            elif verdict.state == UNREADABLE:
                report.errors.append(f"{verdict.error} (its published version is kept)")
                if previous is not None:
                    pages[language][announcement.id] = previous
            if previous is not None and announcement.id not in pages[language]:
                report.withdrawn.append(Withdrawal(language, announcement.id, _why(verdict)))
        if language == source or language in run_languages:
            present = {a.id for a in announcements}
            report.withdrawn += [
                Withdrawal(language, ident, "the announcement was removed from the workspace")
                for ident in sorted(previous_pages)
                if ident not in present
            ]
        report.published[language] = sorted(pages[language])
    return pages


def _why(verdict: Verdict) -> str:
    """Why a published translation leaves the site, as the editor reads it."""
    if verdict.state == WAITING:
        waiting = len(verdict.waiting)
        return (
            f"{waiting} {'unit waits' if waiting == 1 else 'units wait'} for review "
            "(the German changed since it was approved, or an approval was withdrawn)"
        )
    if verdict.state == BLOCKED:
        return "QA errors on its approved text (vielfalt check names them)"
    return "no longer publishable"


# ---------------------------------------------------------------- rendering the site


@dataclass(frozen=True)
class _Urls:
    """Links: relative between pages (the site works wherever it is served or opened), absolute
    with the base URL where others need them (alternates, canonical, feeds, JSON, sitemap)."""

    base: str

    def page(self, language: str, ident: str, *, from_language: str | None = None) -> str:
        if from_language is None and self.base:
            return f"{self.base}{language}/{ident}.html"
        return f"{ident}.html" if from_language == language else f"../{language}/{ident}.html"

    def index(self, language: str, *, from_language: str | None = None) -> str:
        if from_language is None and self.base:
            return f"{self.base}{language}/index.html"
        return "index.html" if from_language == language else f"../{language}/index.html"

    def shared(self, language: str, ident: str, *, from_language: str) -> str:
        """For JSON: absolute with a base URL, else relative to the JSON file."""
        if self.base:
            return self.page(language, ident)
        return self.page(language, ident, from_language=from_language)


class _SiteBuilder:
    def __init__(
        self,
        workspace: Workspace,
        site: Site,
        pages: dict[str, dict[str, Page]],
        run_languages: Sequence[str],
    ) -> None:
        self.workspace = workspace
        self.site = site
        self.pages = pages
        self.urls = _Urls(site.base_url)
        self.renderer = SiteRenderer(site, workspace.paths.templates)
        source = workspace.source_language
        order = [source, *workspace.target_languages]
        #: languages with an index page: the source, and those with something to read (the
        #: same after a full and a partial publish; no link leads to an empty page)
        self.site_languages = [lang for lang in order if pages[lang] or lang == source]
        self.versions: dict[str, list[str]] = {}
        for language in order:
            for ident in pages[language]:
                self.versions.setdefault(ident, []).append(language)

    def _alternates(self, ident: str | None) -> list[Link]:
        """hreflang alternates (absolute URLs only, so only with a base URL)."""
        if not self.site.base_url:
            return []
        languages = self.versions.get(ident, []) if ident else self.site_languages
        links = [
            Link(
                lang,
                self.urls.page(lang, ident) if ident else self.urls.index(lang),
                language_name(lang),
                direction(lang),
            )
            for lang in languages
        ]
        source = self.workspace.source_language
        if source in languages:
            default = self.urls.page(source, ident) if ident else self.urls.index(source)
            links.append(Link("x-default", default, "", "ltr"))
        return links

    def _switcher(self, current: str, ident: str | None) -> list[Link]:
        languages = self.versions.get(ident, []) if ident else self.site_languages
        return [
            Link(
                lang,
                self.urls.page(lang, ident, from_language=current)
                if ident
                else self.urls.index(lang, from_language=current),
                language_name(lang),
                direction(lang),
            )
            for lang in languages
            if lang != current
        ]

    def feed_url_of(self, language: str) -> str | None:
        return f"{self.site.base_url}{language}/feed.xml" if self.site.base_url else None

    def article(self, page: Page) -> str:
        return self.renderer.render(
            "article.html",
            page.language,
            page=page,
            page_title=plain_inline(page.title.text),
            canonical=self.urls.page(page.language, page.id) if self.site.base_url else None,
            alternates=self._alternates(page.id),
            languages=self._switcher(page.language, page.id),
            home_url=self.urls.index(page.language, from_language=page.language),
            feed_url=None,
        )

    def body_html(self, page: Page) -> str:
        return self.renderer.render("body.html", page.language, page=page).strip()

    def index(self, language: str, pages: Sequence[Page]) -> str:
        strings = self.renderer.strings(language)
        return self.renderer.render(
            "index.html",
            language,
            pages=pages,
            page_title=strings["announcements"],
            canonical=self.urls.index(language) if self.site.base_url else None,
            alternates=self._alternates(None),
            languages=self._switcher(language, None),
            home_url=None,
            feed_url=self.feed_url_of(language),
        )

    def document(self, page: Page) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": page.id,
            "language": page.language,
            "direction": direction(page.language),
            "title": plain_inline(page.title.text),
            "summary": plain_inline(page.summary.text) if page.summary else None,
            "body_html": self.body_html(page),
            "body_text": "\n\n".join(b.prefix + plain_inline(b.text) for b in page.body),
            "date": page.date.isoformat(),
            "source_url": page.source_url,
            "translation_status": page.status,
            "approved_at": page.approved_at,
            "modified": page.modified,
            "source_revision": page.source_revision,
            "fallback_units": page.fallback_units,
            "url": self.urls.shared(page.language, page.id, from_language=page.language),
            "alternates": [
                {
                    "language": lang,
                    "url": self.urls.shared(lang, page.id, from_language=page.language),
                }
                for lang in self.versions.get(page.id, [])
                if lang != page.language
            ],
        }

    def feed(self, language: str, pages: Sequence[Page]) -> str:
        strings = self.renderer.strings(language)
        name = self.site.name or "vielfalt"
        items = [
            FeedItem(
                plain_inline(page.title.text),
                self.urls.page(language, page.id),
                f"{page.id}/{language}",
                page.date,
                self.body_html(page),
            )
            for page in pages
        ]
        return feed_xml(
            language,
            f"{name} – {strings['announcements']}",
            strings["feed_description"].format(site=name),
            self.urls.index(language),
            self.feed_url_of(language) or "",
            items,
        )

    def sitemap(self) -> str:
        entries = []
        for ident, languages in sorted(self.versions.items()):
            alternates = {lang: self.urls.page(lang, ident) for lang in languages}
            source = self.workspace.source_language
            if source in alternates:
                alternates["x-default"] = alternates[source]
            for lang in languages:
                entries.append((self.urls.page(lang, ident), alternates))
        return sitemap_xml(entries)


def _render_site(
    builder: _SiteBuilder,
    workspace: Workspace,
    out: Path,
    run_languages: Sequence[str],
    formats: Sequence[str],
    report: PublishReport,
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    base_url = builder.site.base_url
    for language in builder.site_languages:
        pages = sorted(builder.pages[language].values(), key=lambda p: (p.date, p.id), reverse=True)
        if "json" in formats:
            documents = [builder.document(page) for page in pages]
            wrapper = {
                "schema_version": SCHEMA_VERSION,
                "language": language,
                "direction": direction(language),
                "site": builder.site.name or None,
                "feed_url": builder.feed_url_of(language),
                "announcements": documents,
            }
            files[f"{language}/announcements.json"] = _json(wrapper)
            for document in documents:
                files[f"{language}/{document['id']}.json"] = _json(document)
        if "html" in formats:
            files[f"{language}/index.html"] = builder.index(language, pages).encode("utf-8")
            for page in pages:
                files[f"{language}/{page.id}.html"] = builder.article(page).encode("utf-8")
        if "feed" in formats and base_url:
            files[f"{language}/feed.xml"] = builder.feed(language, pages).encode("utf-8")
        if "mo" in formats and language != workspace.source_language:
            for page in pages:
                files.update(_mo_file(workspace, out, language, page, run_languages))
    if "feed" in formats and not base_url:
        report.notes.append(
            "feeds need absolute links: set [site] base_url (or --base-url) to publish feed.xml"
        )
    if base_url and "html" in formats:
        files["sitemap.xml"] = builder.sitemap().encode("utf-8")
    return files


def _mo_file(
    workspace: Workspace, out: Path, language: str, page: Page, run_languages: Sequence[str]
) -> dict[str, bytes]:
    """The MO catalog of a page; a page kept from an earlier run keeps its MO as it is."""
    relative = f"{language}/{page.id}.mo"
    if language in run_languages:
        try:
            catalog, _ = read_catalog(catalog_path(workspace, language, page.id))
        except CatalogError:
            catalog = None
        if catalog is not None and _page_matches(page, catalog):
            return {relative: compile_mo(catalog)}
    kept = out / relative
    if kept.is_file() and not kept.is_symlink():
        return {relative: kept.read_bytes()}
    return {}


def _page_matches(page: Page, catalog: Catalog) -> bool:
    """Does the catalog still hold exactly the approved texts this page shows?"""
    approved = {e.key: e.translation for e in catalog.entries if e.state == ReviewState.APPROVED}
    return all(approved.get(b.key) == b.text for b in page.blocks if b.language == page.language)


def _json(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


# ---------------------------------------------------------------- the run


def publish(
    workspace: Workspace,
    announcements: Sequence[Announcement],
    languages: Sequence[str],
    *,
    glossary: Glossary | None = None,
    out: Path | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    policy: str | None = None,
    publish_qa: str | None = None,
    base_url: str | None = None,
    dry_run: bool = False,
    now: dt.datetime | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> PublishReport:
    """Publish approved work of `languages`; the rest of the site keeps its published state."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise VielfaltError(
            f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    if out is not None:
        check_output_directory(workspace, out)
    out = out or workspace.paths.published
    site = workspace.site
    if base_url is not None:
        site = replace(site, base_url=base_url if base_url.endswith("/") else base_url + "/")
    report = PublishReport(dry_run=dry_run)
    manifest = Manifest.load(out)
    ledger = ApprovalLedger.load(workspace.state_dir)
    if ledger.problem:
        report.notes.append(ledger.problem)
    run_languages = [lang for lang in languages if lang != workspace.source_language]
    reviews = WeblateReviews(workspace.review) if workspace.review else None
    verdicts = decide_all(
        workspace, announcements, run_languages, glossary, policy=policy, publish_qa=publish_qa,
        reviews=reviews,
    )  # fmt: skip
    pages = _pages(
        workspace, announcements, run_languages, verdicts, manifest, ledger, report,
        now or dt.datetime.now(dt.UTC),
    )  # fmt: skip
    builder = _SiteBuilder(workspace, site, pages, run_languages)
    files = _render_site(builder, workspace, out, run_languages, formats, report)
    steps = _plan_writes(out, files, formats, manifest, report)
    if not dry_run:
        _write_site(out, files, steps, manifest, pages, progress)
        ledger.save(workspace.state_dir)
    return report


def _plan_writes(
    out: Path,
    files: dict[str, bytes],
    formats: Sequence[str],
    manifest: Manifest,
    report: PublishReport,
) -> Plan:
    """Which files to create, change, remove; stops before any write on a foreign file."""
    kept_kinds = {relative for relative in manifest.files if _kind(relative) not in formats}
    for relative in kept_kinds:  # files of formats this run does not write stay as they are
        path = out / relative
        if path.is_file() and not path.is_symlink():
            files.setdefault(relative, path.read_bytes())
    steps = plan(out, files, manifest)
    if steps.conflicts:
        raise PublishError(
            "publishing would overwrite files vielfalt did not write; nothing was written:\n  "
            + "\n  ".join(steps.conflicts),
            hint="move those files away, or publish into another directory with --out",
        )
    report.created = [out / r for r in steps.create]
    report.changed = [out / r for r in steps.change]
    report.removed = [out / r for r in steps.remove]
    report.left = [out / r for r in steps.left]
    report.unchanged = len(steps.unchanged)
    return steps


def _write_site(
    out: Path,
    files: dict[str, bytes],
    steps: Plan,
    manifest: Manifest,
    pages: dict[str, dict[str, Page]],
    progress: Callable[[str, int, int], None] | None,
) -> None:
    """Write the planned changes, the manifest owning every file before and after."""
    for folder in {out, *((out / r).parent for r in files)}:
        remove_stale_temporaries(folder)
    # Before touching a file, own both its old and its new content: a run killed half-way
    # leaves nothing that the next run would take for a foreign file.
    intent = Manifest(
        {
            relative: sorted({*manifest.files.get(relative, []), sha256(data)})
            for relative, data in files.items()
        }
        | {r: manifest.files[r] for r in steps.remove},
        manifest.pages,
    )
    intent.save(out)
    writes = steps.create + steps.change
    for number, relative in enumerate(writes, 1):
        atomic_write_bytes(out / relative, files[relative])
        if progress is not None:
            progress("Publishing", number, len(writes))
    for relative in steps.remove:
        (out / relative).unlink(missing_ok=True)
    final = Manifest(
        {relative: [sha256(data)] for relative, data in files.items()},
        {
            language: {ident: page.snapshot() for ident, page in sorted(by_id.items())}
            for language, by_id in pages.items()
            if by_id
        },
    )
    final.save(out)


def _kind(relative: str) -> str | None:
    return _KIND.get(Path(relative).suffix)
