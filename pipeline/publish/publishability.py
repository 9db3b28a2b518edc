"""Which announcement may be published in which language: the one rule `publish` and `status` share.

An announcement-language is publishable when its units have approved translations of the
current German text (all of them under policy "complete"; at least one under "partial", the rest
shown in German) and, under `publish_qa = "block"`, none of those approved translations has a
QA error. The verdict also carries what would be published, so `publish` renders exactly what
`status` counted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.config import Workspace
from pipeline.errors import CatalogError
from pipeline.exchange.review import WeblateReviews
from pipeline.languages import SOURCE
from pipeline.model import Announcement, Unit
from pipeline.queue.catalog import Catalog, ReviewState, adopt_keyless, entry_lines
from pipeline.queue.locales import catalog_path, read_catalog
from pipeline.queue.qa import check as qa_check
from pipeline.queue.qa import term_requirements
from pipeline.units.detect import has_language_evidence
from pipeline.units.glossary import Glossary
from pipeline.units.protect import protect
from pipeline.units.segment import units_of

#: verdict states
PUBLISHABLE = "publishable"
WAITING = "waiting"  # some (complete) or all (partial) units lack an approved translation
BLOCKED = "blocked"  # approved, but QA found errors and publish_qa = "block"
UNREADABLE = "unreadable"  # the catalog cannot be read: nothing is decided, nothing removed


@dataclass(frozen=True)
class Block:
    """One unit as published: the approved translation, or the German text as a fallback."""

    key: str
    role: str
    prefix: str
    text: str
    language: str  # the language this text is in (the target, or "de" for a fallback)


@dataclass(frozen=True)
class QAFinding:
    path: str
    line: int | None
    check: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.check}: {self.message}"


@dataclass(frozen=True)
class Verdict:
    announcement_id: str
    language: str
    state: str
    #: "source" (German), "complete" or "partial": what a publication would be
    status: str | None = None
    blocks: tuple[Block, ...] = ()
    waiting: tuple[str, ...] = ()
    #: QA errors on approved entries (they block under "block", are listed under "warn")
    findings: tuple[QAFinding, ...] = ()
    #: why the catalog could not be read (state UNREADABLE)
    error: str | None = None

    @property
    def publishable(self) -> bool:
        return self.state == PUBLISHABLE


def source_revision(units: Sequence[Unit]) -> str:
    """Hash of the German units: it changes whenever the German text changes."""
    return hashlib.sha1("\n".join(f"{u.key}\t{u.text}" for u in units).encode()).hexdigest()[:12]


def decide(
    announcement: Announcement,
    language: str,
    catalog: Catalog | None,
    *,
    policy: str,
    publish_qa: str,
    glossary: Glossary | None,
    path: str = "",
    lines: dict[str, int] | None = None,
    source_language: str = SOURCE,
    reviewed: Mapping[str, str] | None = None,
) -> Verdict:
    """The verdict for one announcement in one language, from its catalog (None: no catalog).

    With `reviewed` (Weblate's review workflow: msgctxt → the text a reviewer approved), an
    entry counts as approved only when Weblate approved that very text as well."""
    units = units_of(announcement)
    if language == source_language:
        german = tuple(Block(u.key, u.role, u.prefix, u.text, language) for u in units)
        return Verdict(announcement.id, language, PUBLISHABLE, "source", german)
    approved = {}
    entries = adopt_keyless(catalog.entries, [(u.key, u.text) for u in units]) if catalog else []
    for candidate in entries:
        if candidate.state == ReviewState.APPROVED and candidate.key not in approved:
            hash_key = candidate.key.rsplit("/", 1)[-1]
            if reviewed is None or reviewed.get(hash_key) == candidate.translation:
                approved[candidate.key] = candidate
    blocks: list[Block] = []
    waiting: list[str] = []
    findings: list[QAFinding] = []
    for unit in units:
        entry = approved.get(unit.key)
        if (entry is None or entry.source != unit.text) and not has_language_evidence(unit.text):
            # a contact line, an address, a link: the same in every language, never waits
            blocks.append(Block(unit.key, unit.role, unit.prefix, unit.text, language))
            continue
        if entry is None or entry.source != unit.text:
            waiting.append(unit.key)
            blocks.append(Block(unit.key, unit.role, unit.prefix, unit.text, source_language))
            continue
        blocks.append(Block(unit.key, unit.role, unit.prefix, entry.translation, language))
        requirements = term_requirements(protect(unit.text, glossary), language)
        for issue in qa_check(unit.text, entry.translation, language, requirements):
            if issue.severity == "error":
                line = (lines or {}).get(unit.key)
                findings.append(QAFinding(path, line, issue.check, issue.message))
    status = "partial" if waiting else "complete"
    if waiting and (policy == "complete" or len(waiting) == len(units)):
        return Verdict(announcement.id, language, WAITING, None, tuple(blocks), tuple(waiting))
    state = BLOCKED if findings and publish_qa == "block" else PUBLISHABLE
    return Verdict(
        announcement.id, language, state, status, tuple(blocks), tuple(waiting), tuple(findings)
    )


def decide_all(
    workspace: Workspace,
    announcements: Sequence[Announcement],
    languages: Sequence[str],
    glossary: Glossary | None,
    *,
    policy: str | None = None,
    publish_qa: str | None = None,
    reviews: WeblateReviews | None = None,
) -> dict[tuple[str, str], Verdict]:
    """Verdicts for every announcement in the source language and in each of `languages`;
    with `reviews`, Weblate is asked which units a reviewer approved (ReviewUnavailable when
    it cannot answer: nothing is decided publishable on a guess)."""
    policy = policy or workspace.policies.publish
    publish_qa = publish_qa or workspace.policies.publish_qa
    source = workspace.source_language
    verdicts: dict[tuple[str, str], Verdict] = {}
    for language in [source, *[lang for lang in languages if lang != source]]:
        for announcement in announcements:
            catalog, text = None, None
            path = catalog_path(workspace, language, announcement.id)
            if language != source:
                try:
                    catalog, text = read_catalog(path)
                except CatalogError as exc:
                    verdicts[(announcement.id, language)] = Verdict(
                        announcement.id, language, UNREADABLE, error=str(exc)
                    )
                    continue
            verdicts[(announcement.id, language)] = decide(
                announcement,
                language,
                catalog,
                policy=policy,
                publish_qa=publish_qa,
                glossary=glossary,
                path=_display(path, workspace),
                lines=entry_lines(text, str(path)) if text else None,
                source_language=source,
                reviewed=reviews.approved(announcement.id, language)
                if reviews is not None and catalog is not None
                else None,
            )
    return verdicts


def _display(path, workspace: Workspace) -> str:
    """Paths in findings as the user sees them: relative to the workspace when inside it."""
    try:
        return str(path.relative_to(workspace.root))
    except ValueError:
        return str(path)
