"""The `vielfalt` command: a thin layer that parses options, calls the library, renders results."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline import __version__
from pipeline.config import Workspace, init_workspace, open_workspace
from pipeline.errors import LocatedError, SourceError, VielfaltError

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """What every command gets: options from the group, the workspace opened on demand."""

    def __init__(self, workspace_dir: Path | None, verbosity: int) -> None:
        self.workspace_dir = workspace_dir
        self.verbosity = verbosity
        self._workspace: Workspace | None = None

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = open_workspace(self.workspace_dir, Path.cwd())
        return self._workspace

    def say(self, message: str = "", *, err: bool = False) -> None:
        if self.verbosity >= 0:
            click.echo(message, err=err)


def handles_errors(func: F) -> F:
    """Turn library errors into one clear message on stderr and exit code 1; no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except VielfaltError as exc:
            message = f"Error: {exc}"
            if exc.hint:
                message += f"\nHint: {exc.hint}"
            click.echo(message, err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; no file was left half-written.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")(
        func
    )


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def progress(items: list[Any], label: str) -> Iterable[Any]:
    """A progress bar on long runs when stderr is a terminal; plain iteration otherwise."""
    if len(items) < 20 or not sys.stderr.isatty():
        return items
    return click.progressbar(items, label=label, file=sys.stderr)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--workspace",
    "-w",
    type=click.Path(path_type=Path, file_okay=True),
    help="Workspace directory (default: found by walking up from the current directory).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and results.")
@click.option("-v", "--verbose", count=True, help="More detail (repeat for debug logging).")
@click.version_option(__version__, prog_name="vielfalt")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None, quiet: bool, verbose: int) -> None:
    """vielfalt: German announcements in, reviewed translations out, offline.

    \b
    Example:
      vielfalt ingest ../shared/samples/herne-integration-listing.txt
      vielfalt units
    """
    verbosity = -1 if quiet else verbose
    logging.basicConfig(
        level=logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = Context(workspace, verbosity)


pass_context = click.make_pass_decorator(Context)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=".")
@pass_context
@handles_errors
def init(ctx: Context, directory: Path) -> None:
    """Create a workspace (vielfalt.toml and folders) in DIRECTORY.

    An existing vielfalt.toml is kept as it is.

    \b
    Example:
      vielfalt init herne
    """
    workspace, created = init_workspace(directory)
    if not created:
        ctx.say(f"{workspace.config_path} exists already; nothing changed.")
    for path in created:
        ctx.say(f"created {path}")


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--encoding", help="Source encoding when not UTF-8 (e.g. cp1252).")
@click.option("--url", help="Page address to record for listing imports.")
@click.option(
    "--allow-other-language",
    is_flag=True,
    help="Import sources even when they are not detected as the source language.",
)
@json_option
@pass_context
@handles_errors
def ingest(
    ctx: Context,
    sources: tuple[str, ...],
    dry_run: bool,
    encoding: str | None,
    url: str | None,
    allow_other_language: bool,
    as_json: bool,
) -> None:
    """Import announcements from files or URLs into announcements/.

    SOURCES may be the city's listing text, HTML pages, RSS/Atom feeds, JSON Lines
    or Markdown announcements. Re-importing the same source changes nothing.

    \b
    Example:
      vielfalt ingest ../shared/samples/herne-integration-listing.txt
      vielfalt ingest --dry-run news.rss
    """
    from pipeline.detect import LanguageDetector
    from pipeline.ingest import ingest as run_ingest

    workspace = ctx.workspace
    report = run_ingest(
        workspace,
        list(sources),
        detector=LanguageDetector(),
        encoding=encoding,
        url=url,
        dry_run=dry_run,
        allow_other_language=allow_other_language,
    )
    if as_json:
        emit_json(
            {
                "dry_run": dry_run,
                "changes": [
                    {"id": c.id, "action": c.action, "path": str(c.path), "origin": c.origin}
                    for c in report.changes
                ],
                "notes": report.notes,
            }
        )
        return
    verb = (
        {"new": "would create", "updated": "would update"}
        if dry_run
        else {"new": "created", "updated": "updated"}
    )
    for change in report.changes:
        if change.action == "unchanged":
            if ctx.verbosity > 0:
                ctx.say(f"  unchanged  {change.id}")
            continue
        ctx.say(f"  {verb[change.action]:<12} {change.path.relative_to(workspace.root)}")
    for note in report.notes:
        ctx.say(f"  note: {note}", err=True)
    summary = ", ".join(
        f"{report.count(action)} {action}" for action in ("new", "updated", "unchanged")
    )
    ctx.say(f"{len(report.changes)} announcements: {summary}" + (" (dry run)" if dry_run else ""))


def _load(ctx: Context, ids: tuple[str, ...]) -> list:
    from pipeline.sources import load_announcements

    workspace = ctx.workspace
    announcements = load_announcements(
        workspace.paths.announcements, max_bytes=int(workspace.policies.max_source_mb * 1e6)
    )
    if ids:
        known = {a.id: a for a in announcements}
        missing = [i for i in ids if i not in known]
        if missing:
            raise VielfaltError(
                f"no announcement with id {', '.join(missing)} in {workspace.paths.announcements}"
            )
        announcements = [known[i] for i in ids]
    return announcements


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--sentences", is_flag=True, help="Show how each unit is split for MT.")
@json_option
@pass_context
@handles_errors
def units(ctx: Context, ids: tuple[str, ...], sentences: bool, as_json: bool) -> None:
    """Report the translation units of the announcements, with language verdicts.

    \b
    Example:
      vielfalt units
      vielfalt units --sentences 2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack
    """
    from pipeline.detect import LanguageDetector, check_announcement
    from pipeline.segment import split_sentences, units_of

    workspace = ctx.workspace
    detector = LanguageDetector()
    report = []
    for announcement in progress(_load(ctx, ids), "Segmenting"):
        unit_list = units_of(announcement)
        check = check_announcement(
            detector, announcement.id, str(announcement.path), unit_list, workspace.source_language
        )
        rows = []
        for unit, unit_check in zip(unit_list, check.units, strict=True):
            split = split_sentences(unit.text)
            rows.append(
                {
                    "key": unit.key,
                    "role": unit.role,
                    "line": unit.lineno,
                    "language": unit_check.verdict.language,
                    "probability": unit_check.verdict.probability,
                    "basis": unit_check.verdict.basis,
                    "translate": unit_check.verdict.is_expected,
                    "sentences": list(split.parts),
                    "text": unit.text,
                }
            )
        report.append(
            {
                "id": announcement.id,
                "path": str(announcement.path),
                "date": announcement.date.isoformat(),
                "language": check.verdict.language,
                "probability": check.verdict.probability,
                "is_source_language": check.verdict.is_expected,
                "units": rows,
            }
        )
    if as_json:
        emit_json(report)
        return
    total_units = sum(len(a["units"]) for a in report)
    total_sentences = sum(len(u["sentences"]) for a in report for u in a["units"])
    for item in report:
        mark = "" if item["is_source_language"] else "  NOT " + workspace.source_language
        click.echo(f"{item['id']}  [{item['language']} {item['probability']:.2f}]{mark}")
        for row in item["units"]:
            flag = "" if row["translate"] else f"  (kept as is: {row['language']})"
            preview = row["text"] if len(row["text"]) <= 70 else row["text"][:67] + "..."
            click.echo(f"  {row['role']:<9} {len(row['sentences'])} sent.  {preview}{flag}")
            if sentences:
                for sentence in row["sentences"]:
                    click.echo(f"      | {sentence}")
    ctx.say(f"{len(report)} announcements, {total_units} units, {total_sentences} sentences")


@cli.command()
@click.argument("text_or_file", required=False)
@click.option("--expect", default=None, help="Expected language (default: the workspace's source).")
@json_option
@pass_context
@handles_errors
def detect(ctx: Context, text_or_file: str | None, expect: str | None, as_json: bool) -> None:
    """Detect the language of TEXT, of a FILE, or of standard input.

    For an announcement file, every unit gets its own verdict.

    \b
    Example:
      vielfalt detect "Am Montag, 9. Februar 2026, starten die Anmeldungen."
      vielfalt detect announcements/2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack.md
    """
    from pipeline.detect import LanguageDetector, check_announcement
    from pipeline.fileio import read_text
    from pipeline.segment import units_of
    from pipeline.sources import parse_announcement

    if expect is None:
        try:
            expect = ctx.workspace.source_language
        except VielfaltError:
            expect = "de"
    detector = LanguageDetector()
    if text_or_file is None:
        text, path = sys.stdin.read(), None
    elif Path(text_or_file).is_file():
        path = Path(text_or_file)
        text = read_text(path)
    else:
        text, path = text_or_file, None
    if not text.strip():
        raise SourceError(path or "<input>", None, "no text to detect")
    if path is not None and text.startswith("---\n"):
        announcement = parse_announcement(text, path)
        check = check_announcement(
            detector, announcement.id, str(path), units_of(announcement), expect
        )
        result = {
            "path": str(path),
            "language": check.verdict.language,
            "probability": check.verdict.probability,
            "is_expected": check.verdict.is_expected,
            "units": [
                {
                    "key": u.unit_key,
                    "line": u.lineno,
                    "language": u.verdict.language,
                    "probability": u.verdict.probability,
                    "is_expected": u.verdict.is_expected,
                    "basis": u.verdict.basis,
                }
                for u in check.units
            ],
        }
    else:
        verdict = detector.detect(text, expect)
        result = {
            "language": verdict.language,
            "probability": verdict.probability,
            "is_expected": verdict.is_expected,
            "basis": verdict.basis,
            "candidates": verdict.candidates,
        }
    if as_json:
        emit_json(result)
        return
    ok = "yes" if result["is_expected"] else "NO"
    click.echo(f"{result['language']} (probability {result['probability']:.2f}); {expect}: {ok}")
    for unit in result.get("units", []):
        if not unit["is_expected"]:
            click.echo(
                f"  {path}:{unit['line']}: {unit['language']} ({unit['probability']:.2f}), "
                "kept out of MT"
            )


def main() -> None:
    cli(prog_name="vielfalt")


__all__ = ["LocatedError", "cli", "main"]


@cli.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default="vielfalt-demo",
    show_default=True,
    help="New directory for the demo workspace.",
)
@pass_context
@handles_errors
def demo(ctx: Context, directory: Path) -> None:
    """Run the pipeline on the bundled Herne sample in a new demo workspace (offline).

    \b
    Example:
      vielfalt demo --dir /tmp/herne-demo
    """
    from pipeline.demo import run_demo
    from pipeline.detect import LanguageDetector

    result = run_demo(directory, LanguageDetector())
    workspace = result.workspace
    ctx.say(f"Demo workspace: {workspace.root}")
    ctx.say(f"1. Imported the city's listing page: {result.ingest.count('new')} announcements")
    for note in result.ingest.notes:
        ctx.say(f"   note: {note.split(': ', 1)[1]}")
    units_total = sum(len(c.units) for c in result.checks)
    foreign = sum(len(c.foreign_units) for c in result.checks)
    ctx.say(f"2. Segmented: {units_total} translation units, {result.sentences} sentences for MT")
    ctx.say(
        f"3. Language check: {sum(c.verdict.is_expected for c in result.checks)} of "
        f"{len(result.checks)} announcements German; {foreign} non-German units kept out of MT"
    )
    for check in result.checks:
        ctx.say(
            f"   {check.verdict.language} {check.verdict.probability:.2f}  {check.announcement_id}"
        )
    ctx.say("Next: look at the units with")
    ctx.say(f"   vielfalt --workspace {workspace.root} units --sentences")
