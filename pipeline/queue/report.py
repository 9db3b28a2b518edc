"""`vielfalt report`: one self-contained HTML page for the department — how far each language
is, every announcement in every language by state, what has waited longest and for whom, the
pages QA holds back and why, and the last `vielfalt eval` scores as a chart.

The page needs nothing beside itself (styles and charts inline, no script, no web font), so
it can be mailed or opened from a share. It reads what `status`, `publish` and `eval` know;
it changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pipeline.config import Workspace
from pipeline.languages import english_name

#: where `vielfalt eval` keeps its last scores for the report (vielfalt's state, not a result)
EVAL_RESULTS = "eval-latest.json"
#: how many of the longest-waiting pages the report lists
LONGEST_WAITING = 15

#: a cell's state: its legend, its short label in the table, and the CSS class that colours
#: it (the label carries the meaning; colour only repeats it)
STATES = {
    "publishable": ("approved, ready to publish", "ready"),
    "waiting": ("units waiting for review", "waits"),
    "blocked": ("held back by QA errors", "held"),
    "unreadable": ("catalog cannot be read", "broken"),
    "untranslated": ("not translated yet", "—"),
}


@dataclass(frozen=True)
class LanguageProgress:
    code: str
    name: str
    approved: int
    waiting: int
    untranslated: int
    publishable: int
    announcements: int

    @property
    def share(self) -> int:
        total = self.approved + self.waiting + self.untranslated
        return round(100 * self.approved / total) if total else 0


@dataclass(frozen=True)
class Waiting:
    """An announcement whose translations wait for review, and for which language teams."""

    announcement: str
    title: str
    since: dt.date
    #: language -> units waiting
    languages: dict[str, int]

    def days(self, today: dt.date) -> int:
        return max(0, (today - self.since).days)

    @property
    def units(self) -> int:
        return sum(self.languages.values())


@dataclass
class Report:
    site: str
    generated: dt.datetime
    languages: list[LanguageProgress]
    #: (announcement id, title, date, {language: (state, detail)})
    matrix: list[tuple[str, str, dt.date, dict[str, tuple[str, str]]]]
    waiting: list[Waiting]
    #: (language, announcement id, title, the QA errors)
    blocked: list[tuple[str, str, str, list[str]]]
    #: the last eval's rows, and when it ran (None: never run here)
    scores: list[dict] = field(default_factory=list)
    scored_at: str | None = None
    errors: list[str] = field(default_factory=list)


def build_report(workspace: Workspace, now: dt.datetime | None = None) -> Report:
    """What the page shows, from the catalogs, the publishability rule and the last eval."""
    from pipeline.intake.sources import load_announcements
    from pipeline.publish.publishability import decide_all
    from pipeline.queue.status import status
    from pipeline.queue.status import waiting as waiting_count
    from pipeline.units.glossary import open_glossary

    now = now or dt.datetime.now(dt.UTC)
    targets = list(workspace.target_languages)
    announcements = load_announcements(workspace.paths.announcements)
    queue = status(workspace, targets)
    verdicts = decide_all(workspace, announcements, targets, open_glossary(workspace))
    publishable: Counter = Counter()
    matrix = []
    waiting: list[Waiting] = []
    blocked = []
    for announcement in sorted(announcements, key=lambda a: (a.date, a.id), reverse=True):
        cells: dict[str, tuple[str, str]] = {}
        waits: dict[str, int] = {}
        for language in targets:
            verdict = verdicts.get((announcement.id, language))
            counts = queue.announcements.get(announcement.id, {}).get(language)
            state = verdict.state if verdict is not None else "untranslated"
            if counts is None or not sum(counts.get(s, 0) for s in ("approved", "machine",
                                                                       "outdated")):  # fmt: skip
                state = "untranslated" if state != "unreadable" else state
            detail = ""
            if state == "publishable":
                publishable[language] += 1
                detail = verdict.status if verdict and verdict.status == "partial" else ""
            elif state == "waiting" and verdict is not None:
                detail = str(len(verdict.waiting))
                waits[language] = len(verdict.waiting)
            elif state == "blocked" and verdict is not None:
                blocked.append((language, announcement.id, announcement.title,
                                [str(f) for f in verdict.findings]))  # fmt: skip
            cells[language] = (state, detail)
        matrix.append((announcement.id, announcement.title, announcement.date, cells))
        if waits:
            waiting.append(Waiting(announcement.id, announcement.title, announcement.date, waits))
    languages = [
        LanguageProgress(
            language,
            english_name(language),
            counts.get("approved", 0),
            waiting_count(counts),
            counts.get("untranslated", 0),
            publishable[language],
            len(announcements),
        )
        for language, counts in queue.languages.items()
    ]
    waiting.sort(key=lambda w: (w.since, w.announcement))
    scores, scored_at = _last_eval(workspace)
    return Report(
        workspace.site.name or "vielfalt",
        now,
        languages,
        matrix,
        waiting[:LONGEST_WAITING],
        blocked,
        scores,
        scored_at,
        list(queue.errors),
    )


def _last_eval(workspace: Workspace) -> tuple[list[dict], str | None]:
    path = workspace.state_dir / EVAL_RESULTS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return [], None
    rows = data.get("scores") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        return [], None
    valid = [
        r for r in rows
        if isinstance(r, dict) and isinstance(r.get("target"), str)
        and isinstance(r.get("chrf"), int | float) and isinstance(r.get("route_kind"), str)
    ]  # fmt: skip
    when = data.get("when")
    return valid, when if isinstance(when, str) else None


def save_eval(workspace: Workspace, rows: list[dict], now: dt.datetime | None = None) -> None:
    """Keep the scores of a `vielfalt eval` run for the report."""
    from pipeline.fileio import atomic_write_text

    when = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    workspace.state_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(
        workspace.state_dir / EVAL_RESULTS,
        json.dumps({"when": when, "scores": rows}, ensure_ascii=False, indent=1),
    )


def render_report(report: Report) -> str:
    """The page: Jinja2 with autoescape (every text from the workspace is escaped)."""
    import jinja2

    template = resources.files("pipeline").joinpath("data/report.html").read_text("utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    today = report.generated.date()
    best = max((float(s["chrf"]) for s in report.scores), default=0.0)
    return environment.from_string(template).render(
        report=report,
        states=STATES,
        today=today,
        chart_max=max(100.0, best),
        generated=report.generated.strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(workspace: Workspace, output: Path, now: dt.datetime | None = None) -> Report:
    from pipeline.fileio import atomic_write_text

    report = build_report(workspace, now)
    output.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(output, render_report(report))
    return report
