"""The `vielfalt` command: each command parses options, calls one library function and
hands the result to the shared renderer (`pipeline.output`)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from pipeline import __version__
from pipeline.config import Workspace, init_workspace
from pipeline.errors import FindingsFound, WorkspaceNotFound
from pipeline.languages import SOURCE
from pipeline.output import (
    Column,
    Context,
    count,
    emit,
    exit_on,
    handles_errors,
    output_options,
    render,
    split_list,
    targets_option,
)

STATES = ("approved", "machine", "outdated", "untranslated", "obsolete")

MODEL_COLUMNS = (
    Column("pair", "pair", 8),
    Column("version", "version", 10),
    Column("size_mb", "MB", 7, right=True, show=lambda mb: f"{mb:.1f} MB"),
    Column("location", "location", 9),
    Column("kind", "kind"),
    Column("path", "path"),
)
GLOSSARY_CSV = (
    Column("term", "term"),
    Column("type", "type"),
    Column("rendering", "rendering"),
    Column("case_sensitive", "case_sensitive"),
    Column("file", "file"),
    Column("line", "line"),
)
#: the status table: whole headings, within 80 columns
STATUS_COLUMNS = (
    Column("lang", "lang", 4),
    *(Column(s, s, max(len(s), 7), right=True) for s in STATES),
    Column("review_words", "words to review", 15, right=True),
    Column("publishable", "publishable", 11, right=True),
)
CHECK_COLUMNS = tuple(
    Column(key, key)
    for key in ("file", "line", "key", "language", "state", "check", "severity", "message")
)
EVAL_COLUMNS = (
    Column("target", "target", 6),
    Column("route_kind", "route", 7),
    Column("chrf", "chrF", 5, right=True, show=lambda v: f"{v:.1f}"),
    Column("bleu", "BLEU", 6, right=True, show=lambda v: f"{v:.1f}"),
    Column("term_success", "terms", 8, right=True, show=lambda v: "—" if v is None else f"{v:.0%}"),
    Column("fallback_rate", "fallback", 9, right=True, show=lambda v: f"{v:.1%}"),
    Column("loop_rate", "loops", 6, right=True, show=lambda v: f"{v:.1%}"),
    Column("sentences_per_second", "sent/s", 7, right=True, show=lambda v: f"{v:.1f}"),
    Column("verdict", "verdict"),
)


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
      vielfalt ingest aktuelles.txt    # the city's listing page, saved as text
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
@click.option(
    "--sample-glossary",
    is_flag=True,
    help="Start glossaries/ from the Herne sample glossary (names, offices, places).",
)
@pass_context
@handles_errors
def init(ctx: Context, directory: Path, sample_glossary: bool) -> None:
    """Create a workspace (vielfalt.toml and folders) in DIRECTORY.

    An existing vielfalt.toml is kept as it is, and so is any glossary.

    \b
    Example:
      vielfalt init herne --sample-glossary
    """
    workspace, created = init_workspace(directory, sample_glossary=sample_glossary)
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
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Publication date of page entries that state none (YYYY-MM-DD).",
)
@click.option(
    "--allow-other-language",
    is_flag=True,
    help="Import sources even when they are not detected as the source language.",
)
@output_options()
@pass_context
@handles_errors
def ingest(
    ctx: Context,
    sources: tuple[str, ...],
    dry_run: bool,
    encoding: str | None,
    url: str | None,
    date: Any,
    allow_other_language: bool,
    fmt: str,
) -> None:
    """Import announcements from files or URLs into announcements/.

    SOURCES may be the city's listing text, HTML pages, RSS/Atom feeds, JSON Lines
    or Markdown announcements. Re-importing the same source changes nothing.

    \b
    Example:
      vielfalt ingest aktuelles.txt    # the city's listing page, saved as text
      vielfalt ingest --dry-run news.rss
      vielfalt ingest --date 2026-02-09 pressemitteilung.html
    """
    from pipeline.intake.ingest import ingest as run_ingest
    from pipeline.intake.sources import ReadingDetail
    from pipeline.units.detect import LanguageDetector

    workspace = ctx.workspace
    report = run_ingest(
        workspace,
        list(sources),
        detector=LanguageDetector(),
        encoding=encoding,
        url=url,
        dry_run=dry_run,
        allow_other_language=allow_other_language,
        date=date.date() if date is not None else None,
    )
    if fmt == "json":
        rows = [
            {
                "id": c.id, "action": c.action, "path": c.path, "origin": c.origin,
                "date": c.date, "date_uncertain": c.date_uncertain, "title": c.title,
            }
            for c in report.changes
        ]
        document = {"dry_run": dry_run, "changes": rows, "notes": report.notes}
        emit(render(rows, fmt, document=document | {"errors": report.errors}))
        exit_on(report.errors, offline=report.offline)
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
        done = verb.get(change.action, ("would be " if dry_run else "") + change.action)
        ctx.say(f"  {done:<12} {change.path.relative_to(workspace.root)}")
    for note in report.notes:
        detail = isinstance(note, ReadingDetail)  # how the page was read
        if not detail or dry_run or ctx.verbosity > 0:
            ctx.say(f"  note: {note}", err=True)
    for error in report.errors:  # every bad source, each with its file and line
        click.echo(f"Error: {error}", err=True)
    actions = ["new", "updated", "renamed", "re-dated", "renamed, re-dated", "unchanged"]
    summary = ", ".join(
        f"{report.count(action)} {action}"
        for action in actions
        if action in ("new", "updated", "unchanged") or report.count(action)
    )
    if report.changes or not report.errors:
        ctx.say(
            f"{count(len(report.changes), 'announcement')}: {summary}"
            + (" (dry run)" if dry_run else "")
            + (f"; {count(len(report.errors), 'source')} failed" if report.errors else "")
        )
    # each error was shown above, with its source
    exit_on([], failed=bool(report.errors), offline=report.offline)


def _load(ctx: Context, ids: tuple[str, ...]) -> list:
    """The workspace's announcements, or those IDS names (an unknown one: a usage error)."""
    from pipeline.intake.sources import UnknownAnnouncement, workspace_announcements

    try:
        return workspace_announcements(ctx.workspace, ids)
    except UnknownAnnouncement as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--sentences", is_flag=True, help="Show how each unit is split for MT.")
@output_options()
@pass_context
@handles_errors
def units(ctx: Context, ids: tuple[str, ...], sentences: bool, fmt: str) -> None:
    """Report the translation units of the announcements, with language verdicts.

    \b
    Example:
      vielfalt units
      vielfalt units --sentences 2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack
    """
    from pipeline.intake.survey import survey_units
    from pipeline.units.detect import LanguageDetector
    from pipeline.units.glossary import open_glossary

    workspace = ctx.workspace
    report = survey_units(
        _load(ctx, ids), LanguageDetector(), workspace.source_language, open_glossary(workspace)
    )
    if fmt == "json":
        emit(render(report, fmt))
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
                for sentence in row["mt_input"]:
                    click.echo(f"      > {sentence}")
    ctx.say(
        f"{count(len(report), 'announcement')}, {count(total_units, 'unit')}, "
        f"{count(total_sentences, 'sentence')}"
    )


@cli.command()
@click.argument("text_or_file", required=False)
@click.option("--expect", default=None, help="Expected language (default: the workspace's source).")
@output_options()
@pass_context
@handles_errors
def detect(ctx: Context, text_or_file: str | None, expect: str | None, fmt: str) -> None:
    """Detect the language of TEXT, of a FILE, or of standard input.

    For an announcement file, every unit gets its own verdict.

    \b
    Example:
      vielfalt detect "Am Montag, 9. Februar 2026, starten die Anmeldungen."
      vielfalt detect announcements/2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack.md
    """
    from pipeline.fileio import read_text
    from pipeline.intake.survey import detect_input
    from pipeline.units.detect import LanguageDetector

    if expect is None:
        try:
            expect = ctx.workspace.source_language
        except WorkspaceNotFound:  # outside a workspace; a broken vielfalt.toml is an error
            expect = SOURCE
    if text_or_file is None:
        text, path = sys.stdin.read(), None
    elif Path(text_or_file).is_file():
        path = Path(text_or_file)
        text = read_text(path)
    else:
        text, path = text_or_file, None
    result = detect_input(text, path, LanguageDetector(), expect)
    if fmt == "json":
        emit(render([], fmt, document=result))
        return
    ok = "yes" if result["is_expected"] else "NO"
    click.echo(f"{result['language']} (probability {result['probability']:.2f}); {expect}: {ok}")
    for unit in result.get("units", []):
        if not unit["is_expected"]:
            click.echo(
                f"  {path}:{unit['line']}: {unit['language']} ({unit['probability']:.2f}), "
                "kept out of MT"
            )


@cli.group()
def models() -> None:
    """Installed Argos Translate models: list, install, verify, build demo models.

    \b
    Example:
      vielfalt models list
      vielfalt models install translate-de_en-1_0.argosmodel
    """


@models.command("list")
@output_options()
@pass_context
@handles_errors
def models_list(ctx: Context, fmt: str) -> None:
    """List installed packages: pair, version, where they are, size.

    Packages come from the workspace's models/ folder and from Argos Translate's own
    package directory (ARGOS_PACKAGES_DIR), so models installed with argospm are used.

    \b
    Example:
      vielfalt models list --json
    """
    from pipeline.mt.packages import find_packages
    from pipeline.mt.protected import model_directories

    packages, problems = find_packages(model_directories(ctx.workspace, os.environ))
    rows = [
        {
            "pair": f"{p.from_code}→{p.to_code}",
            "version": p.package_version,
            "kind": p.label,
            "location": p.location,
            "path": str(p.path),
            "size_mb": round(p.size_bytes() / 1e6, 1),
        }
        for p in packages
    ]
    document = {"packages": rows, "problems": [str(e) for e in problems]}
    emit(render(rows, fmt, MODEL_COLUMNS, document=document, header=False))
    if fmt != "text":
        return
    for problem in problems:
        click.echo(f"broken package: {problem}", err=True)
    ctx.say(f"{len(rows)} packages" + (f", {len(problems)} broken" if problems else ""))


@models.command("install")
@click.argument("sources", nargs=-1, required=True)
@click.option("--sha256", help="Expected SHA-256 of the .argosmodel file (one source only).")
@pass_context
@handles_errors
def models_install(ctx: Context, sources: tuple[str, ...], sha256: str | None) -> None:
    """Install .argosmodel files, a directory of them, or an index name (translate-de_en).

    Archives are validated (zip integrity, metadata.json, tokenizer, CTranslate2 model,
    no entry escaping the target); a failed install leaves nothing behind. A name is
    downloaded only when the package index answers within seconds.

    \b
    Example:
      vielfalt models install ~/Downloads/translate-de_en-1_9.argosmodel
      vielfalt models install translate-de_en
    """
    from pipeline.lock import WorkspaceLock
    from pipeline.mt.packages import install_sources, recover_interrupted

    if sha256 and len(sources) != 1:
        raise click.UsageError("--sha256 checks one file; name exactly one source")
    with WorkspaceLock(ctx.workspace):  # one install at a time: leftovers are then stale
        for note in recover_interrupted(ctx.workspace.paths.models):
            ctx.say(note)
        installed = install_sources(
            sources,
            ctx.workspace.paths.models,
            sha256=sha256,
            index_url=ctx.workspace.index_url or None,
            progress=_download_bar(ctx),
        )
    for package in installed:
        ctx.say(
            f"installed {package.from_code}→{package.to_code} {package.package_version} "
            f"({package.label}) in {package.path}"
        )


def _download_bar(ctx: Context):
    """A progress line on stderr while a package downloads (only on a terminal)."""
    if not sys.stderr.isatty() or ctx.verbosity < 0:
        return None

    def show(received: int, total: int | None) -> None:
        size = f" of {total / 1e6:.0f}" if total else ""
        click.echo(f"\r  downloading: {received / 1e6:.0f}{size} MB", err=True, nl=False)

    return show


@models.command("update")
@pass_context
@handles_errors
def models_update(ctx: Context) -> None:
    """Install newer versions of installed pairs from the package index.

    The next 'vielfalt translate' replaces machine output nobody has touched with the new
    models' output (edited drafts get it as a suggestion; approvals stay).

    \b
    Example:
      vielfalt models update && vielfalt translate
    """
    from pipeline.lock import WorkspaceLock
    from pipeline.mt.packages import default_index_url, recover_interrupted, update_installed

    workspace = ctx.workspace
    with WorkspaceLock(workspace):
        for note in recover_interrupted(workspace.paths.models):
            ctx.say(note)
        updates, checked = update_installed(
            workspace.paths.models,
            workspace.index_url or default_index_url(),
            progress=_download_bar(ctx),
        )
    for old, new in updates:
        ctx.say(f"updated {old.ident} → {new.ident}")
    if updates:
        ctx.say("next: 'vielfalt translate' refreshes machine output nobody has touched")
    else:
        ctx.say(
            "the 1 installed package is up to date"
            if checked == 1
            else f"all {count(checked, 'installed package')} are up to date"
        )


@models.command("verify")
@output_options()
@pass_context
@handles_errors
def models_verify(ctx: Context, fmt: str) -> None:
    """For every target: which route serves it, and a load-and-translate smoke test.

    The public Argos index has only de→en among German pairs, so de→fr, ro, bg, pl,
    tr, ru and ar usually pivot through English.

    \b
    Example:
      vielfalt models verify
    """
    from pipeline.mt.protected import open_registry, verify
    from pipeline.units.detect import LanguageDetector

    workspace = ctx.workspace
    registry, problems = open_registry(workspace, os.environ)
    routes, checks = verify(workspace, registry, LanguageDetector())
    if fmt == "json":
        emit(
            render(
                [],
                fmt,
                document={
                    "routes": [
                        {"target": r.target, "kind": r.kind, "route": r.route, "error": r.error}
                        for r in routes
                    ],
                    "models": [
                        {
                            "model": c.package.ident,
                            "kind": c.package.label,
                            "ok": c.ok,
                            "output": c.output,
                            "error": c.error,
                            "load_seconds": c.load_seconds,
                            "memory_mb": c.memory_mb,
                        }
                        for c in checks
                    ],
                    "problems": [str(p) for p in problems],
                },
            )
        )
    else:
        for route in routes:
            via = " → ".join(route.route) if route.route else "NO MODEL"
            click.echo(f"{workspace.source_language}→{route.target}: {route.kind:<7} {via}")
        for check in checks:
            state = "ok" if check.ok else "FAILED"
            load = (
                f"{check.load_seconds:.2f} s, {check.memory_mb:+.0f} MB"
                if check.load_seconds is not None and check.memory_mb is not None
                else "not loaded"
            )
            click.echo(
                f"  {check.package.ident:<20} {state:<6} [{load}] {check.package.label}: "
                f"{check.output or check.error}"
            )
        for problem in problems:
            click.echo(f"broken package: {problem}", err=True)
        from pipeline.mt.libretranslate import RemoteRegistry, server_report

        if isinstance(registry, RemoteRegistry):
            source, targets = workspace.source_language, workspace.target_languages
            for line in server_report(registry, source, targets):
                click.echo(f"server {line}")
    exit_on([], failed=any(r.kind == "missing" for r in routes) or not all(c.ok for c in checks)
            or bool(problems))  # fmt: skip


@models.command("build-demo")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--install",
    "install_now",
    is_flag=True,
    help="Also install them into the workspace's models/ folder.",
)
@pass_context
@handles_errors
def models_build_demo(ctx: Context, directory: Path, install_now: bool) -> None:
    """Build the eight DEMO .argosmodel files (de→en, en→fr/ro/bg/pl/tr/ru/ar) into DIRECTORY.

    They are real CTranslate2 models with hand-set weights that translate word for word
    from a small lexicon of the sample's vocabulary: for trying the pipeline, not for
    real translation.

    \b
    Example:
      vielfalt models build-demo demo-models --install
    """
    from pipeline.mt.demo_models import build_demo_archives
    from pipeline.mt.packages import install_archive

    archives = build_demo_archives(directory)
    for archive in archives:
        ctx.say(f"built {archive} ({archive.stat().st_size / 1e3:.0f} kB, DEMO model)")
        if install_now:
            package = install_archive(archive, ctx.workspace.paths.models)
            ctx.say(f"  installed in {package.path}")


@cli.command("translate-text")
@click.argument("text", required=False)
@click.option("--to", "targets", required=True, help="Target language(s), comma-separated.")
@click.option("--from", "source", default=None, help="Source language (default: the workspace's).")
@output_options()
@pass_context
@handles_errors
def translate_text(
    ctx: Context, text: str | None, targets: str, source: str | None, fmt: str
) -> None:
    """Translate TEXT (or standard input) with the installed models.

    \b
    Example:
      vielfalt translate-text --to en,fr "Die Anmeldungen starten am Montag."
    """
    from pipeline.mt.protected import open_registry, translate_text

    workspace = ctx.workspace
    if text is None:
        text = sys.stdin.read()
    from pipeline.languages import LANGUAGES

    supported = [code for code in LANGUAGES if code != (source or workspace.source_language)]
    wanted = language_codes(targets, supported, "the languages vielfalt supports")
    registry, _ = open_registry(workspace, os.environ)
    results = translate_text(workspace, text, wanted, registry, source_language=source)
    if fmt == "json":
        rows = [
            {
                "target": r.target,
                "text": r.text,
                "route": r.route,
                "demo": r.demo,
                "score": r.score,
                "flags": r.flags,
            }
            for r in results
        ]
        emit(render(rows, fmt))
        return
    for target in wanted:
        lines = [r for r in results if r.target == target]
        demo = " [DEMO model: word-for-word, not a real translation]" if lines[0].demo else ""
        click.echo(f"{target} ({lines[0].route_label}){demo}:")
        for result in lines:
            flags = f"  [{', '.join(result.flags)}]" if result.flags else ""
            click.echo(f"  {result.text}{flags}")
            for note in result.notes:
                click.echo(f"    review: {note}")


@cli.group()
def glossary() -> None:
    """The glossaries: terms kept or rendered exactly as prescribed, in every language.

    \b
    Example:
      vielfalt glossary check
      vielfalt glossary export --format tbx > herne.tbx
    """


@glossary.command("list")
@output_options(csv_too=True)
@pass_context
@handles_errors
def glossary_list(ctx: Context, fmt: str) -> None:
    """List the terms of all glossaries in precedence order.

    \b
    Example:
      vielfalt glossary list --json
    """
    from pipeline.units.glossary import open_glossary

    terms = open_glossary(ctx.workspace).terms
    rows = [
        {
            "term": t.term,
            "type": t.kind,
            "variants": t.variants,
            "translations": t.translations,
            "rendering": "kept as is"
            if t.kind == "keep"
            else ", ".join(f"{k}: {v}" for k, v in t.translations.items()),
            "case_sensitive": t.case_sensitive,
            "compounds": t.compounds,
            "note": t.note,
            "file": t.path,
            "line": t.lineno,
        }
        for t in terms
    ]
    if fmt == "json":
        emit(render([{k: v for k, v in r.items() if k != "rendering"} for r in rows], fmt))
        return
    if fmt == "csv":
        emit(render(rows, fmt, GLOSSARY_CSV))
        return
    for row in rows:
        click.echo(f"{row['term']}  [{row['type']}]  {row['rendering']}")
    ctx.say(f"{len(terms)} terms")


@glossary.command("check")
@output_options()
@pass_context
@handles_errors
def glossary_check(ctx: Context, fmt: str) -> None:
    """Check the glossaries: duplicates, conflicts, missing languages, nested terms.

    Exits with 3 when there is an error; warnings only inform.

    \b
    Example:
      vielfalt glossary check
    """
    from pipeline.units.glossary import open_glossary

    loaded = open_glossary(ctx.workspace)
    findings = loaded.check()
    if fmt == "json":
        rows = [
            {"severity": f.severity, "file": f.path, "line": f.lineno, "message": f.message}
            for f in findings
        ]
        emit(render(rows, fmt))
    else:
        for finding in findings:
            click.echo(str(finding), err=finding.severity == "error")
        errors = sum(f.severity == "error" for f in findings)
        ctx.say(
            f"{count(len(loaded.terms), 'term')}: {count(errors, 'error')}, "
            f"{count(len(findings) - errors, 'warning')}"
        )
    exit_on([], findings=any(f.severity == "error" for f in findings))


@glossary.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--into", help="CSV name in glossaries/ (default: the TBX file's name).")
@click.option("--replace", "replace_existing", is_flag=True, help="Overwrite an existing CSV.")
@pass_context
@handles_errors
def glossary_import(ctx: Context, source: Path, into: str | None, replace_existing: bool) -> None:
    """Import a TBX file (TBX-Basic 2019 or TBX 2008 martif, as Weblate writes) as a CSV glossary.

    \b
    Example:
      vielfalt glossary import weblate-export.tbx --into weblate.csv
    """
    from pipeline.exchange.agencies import import_glossary

    result = import_glossary(ctx.workspace, source, into, replace=replace_existing)
    for finding in result.findings:
        click.echo(finding, err=True)
    ctx.say(f"imported {result.terms} terms into {result.path}")


@glossary.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["tbx", "csv"]), default="tbx", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: standard output).",
)
@pass_context
@handles_errors
def glossary_export(ctx: Context, fmt: str, output: Path | None) -> None:
    """Export all glossaries as one TBX-Basic or CSV file.

    \b
    Example:
      vielfalt glossary export --format tbx -o herne.tbx
    """
    from pipeline.exchange.tbx import export_tbx
    from pipeline.fileio import atomic_write_text
    from pipeline.units.glossary import dump_csv, open_glossary

    workspace = ctx.workspace
    terms = open_glossary(workspace).terms
    if fmt == "tbx":
        text = export_tbx(terms, workspace.source_language, workspace.target_languages)
    else:
        text = dump_csv(terms, workspace.target_languages)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(output, text)
        ctx.say(f"wrote {len(terms)} terms to {output}")


def _targets(workspace: Workspace, languages: str | None) -> list[str]:
    """The --to languages, each one a target of the workspace (default: all of them)."""
    if not languages:
        return list(workspace.target_languages)
    return language_codes(languages, workspace.target_languages, "the workspace's targets")


def language_codes(value: str, allowed: Sequence[str], what: str) -> list[str]:
    """`--to`/`--from` codes: any case, a region allowed (`EN`, `en-GB`); an unknown one is a
    usage error (exit 2) with the code meant, where one is close (`eng` → en, `ua` → uk)."""
    from pipeline.languages import resolve, suggestion

    codes: list[str] = []
    unknown: list[str] = []
    for given in split_list(value):
        code = resolve(given)
        if code is not None and code in allowed:
            codes.append(code)
        else:
            meant = suggestion(given)
            hint = f" (did you mean {meant}?)" if meant in allowed and meant != given else ""
            unknown.append(f"{given}{hint}")
    if unknown:
        raise click.BadParameter(
            f"{', '.join(unknown)} not among {what} ({', '.join(allowed)})", param_hint="--to"
        )
    return list(dict.fromkeys(codes))


@cli.command()
@click.argument("ids", nargs=-1)
@targets_option()
@click.option("--dry-run", is_flag=True, help="Show which catalogs would change; write nothing.")
@click.option("--force", is_flag=True, help="Re-check announcements that did not change.")
@click.option(
    "--refresh-mt",
    is_flag=True,
    help="Translate untouched machine output again (--to languages), as after a model update.",
)
@output_options()
@pass_context
@handles_errors
def translate(
    ctx: Context,
    ids: tuple[str, ...],
    languages: str | None,
    dry_run: bool,
    force: bool,
    refresh_mt: bool,
    fmt: str,
) -> None:
    """Translate new or changed announcements into the review queue (locales/*.po).

    Machine output arrives fuzzy; translators approve by clearing the fuzzy flag. An
    approved translation or a translator's comment is never changed by this command.

    \b
    Example:
      vielfalt translate
      vielfalt translate --to ar,ru 2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack
    """
    from pipeline.exchange.handshake import weblate_handshake
    from pipeline.intake.sources import UnknownAnnouncement
    from pipeline.lock import WorkspaceLock
    from pipeline.queue.translate import translate_all

    workspace = ctx.workspace
    targets = _targets(workspace, languages)
    say = ctx.say if fmt != "json" else (lambda _: None)
    with WorkspaceLock(workspace), ctx.progress(fmt) as progress, weblate_handshake(
        workspace, os.environ, say, enabled=not dry_run
    ) as handshake:
        try:
            report = translate_all(
                workspace, os.environ, ids=ids, targets=targets, dry_run=dry_run, force=force,
                refresh_mt=refresh_mt, progress=progress,
            )  # fmt: skip
        except UnknownAnnouncement as exc:
            raise click.BadParameter(str(exc), param_hint="ID") from None
        if handshake is not None:
            handshake.finish(f"vielfalt translate: {len(report.written)} catalogs")
            report.warnings += handshake.stranded
    for problem in report.broken_packages:
        click.echo(f"broken package: {problem}", err=True)
    if report.cache_rebuilt:
        click.echo(f"Warning: {report.cache_rebuilt}", err=True)
    _show_translate_report(ctx, report, fmt)
    exit_on(report.errors)


def _show_translate_report(ctx: Context, report: Any, fmt: str) -> None:
    keys: tuple[str, ...] = ("new", "machine", "memory", "outdated", "obsoleted", "revived")
    if any(c.get("refreshed") or c.get("kept-edited") for c in report.languages.values()):
        keys += ("refreshed", "kept-edited", "approved-untouched")
    if fmt == "json":
        document = {
            "dry_run": report.dry_run,
            "languages": {
                lang: {k: counts.get(k, 0) for k in keys}
                for lang, counts in report.languages.items()
            },
            "written": report.written,
            "unchanged_files": report.unchanged_files,
            "skipped": report.skipped,
            "errors": report.errors,
            "warnings": list(dict.fromkeys(report.warnings)),
            "qa_errors": report.qa_errors,
            "mt_sentences": report.mt_sentences,
            "demo_models": report.demo_models,
        }
        emit(render([], fmt, document=document))
    else:
        for language, counts in report.languages.items():
            ctx.say(f"{language}: " + ", ".join(f"{counts.get(k, 0)} {k}" for k in keys))
        verb = "would write" if report.dry_run else "wrote"
        ctx.say(
            f"{verb} {len(report.written)} catalogs, {report.unchanged_files} unchanged, "
            f"{count(len(report.skipped), 'announcement')} without changes; "
            f"{report.mt_sentences} sentences machine-translated"
        )
        if report.demo_models:
            ctx.say(
                "note: machine output comes from DEMO models (word for word, not real translations)"
            )
        if report.qa_errors:
            ctx.say(f"{count(report.qa_errors, 'QA error')}: see 'vielfalt check'")
    for warning in dict.fromkeys(report.warnings):
        click.echo(f"Warning: {warning}", err=True)


@cli.command()
@targets_option("Languages, comma-separated (default: all).")
@click.option(
    "--announcements",
    "by_announcement",
    is_flag=True,
    help="One row per announcement: approved/all entries per language.",
)
@output_options(csv_too=True)
@pass_context
@handles_errors
def status(ctx: Context, languages: str | None, by_announcement: bool, fmt: str) -> None:
    """Review progress per language and announcement: what is publishable, what waits.

    The table shows one row per language; --announcements one row per announcement, each
    cell approved/all entries of that language ("+" once it is publishable).

    \b
    Example:
      vielfalt status --announcements
      vielfalt status --json
    """
    from pipeline.publish.publishability import decide_all
    from pipeline.queue.status import status as queue_status
    from pipeline.units.glossary import open_glossary

    workspace = ctx.workspace
    targets = _targets(workspace, languages)
    report = queue_status(workspace, targets)
    verdicts = decide_all(workspace, _load(ctx, ()), targets, open_glossary(workspace))
    publishable = {
        lang: sum(1 for (_, vlang), v in verdicts.items() if vlang == lang and v.publishable)
        for lang in targets
    }
    rows = [
        {"lang": lang}
        | {s: c.get(s, 0) for s in STATES}
        | {f"{s}_words": c.get(f"{s}_words", 0) for s in STATES}
        | {"review_words": sum(c.get(f"{s}_words", 0) for s in ("machine", "outdated"))}
        | {"publishable": publishable[lang]}
        for lang, c in report.languages.items()
    ]
    if fmt == "json":
        document = {
            "languages": {
                row["lang"]: {k: v for k, v in row.items() if k != "lang"} for row in rows
            },
            "announcements": {
                ident: {lang: {s: c.get(s, 0) for s in STATES} for lang, c in by_lang.items()}
                for ident, by_lang in sorted(report.announcements.items())
            },
            "publishability": _publishability_json(verdicts, targets),
            "errors": report.errors,
        }
        emit(render(rows, fmt, document=document))
        exit_on([], failed=bool(report.errors))  # the errors are in the document
        return
    if fmt == "csv":
        emit(render(rows, fmt))
        exit_on(report.errors)
        return
    if by_announcement:
        emit(_announcement_table(report.announcements, verdicts, targets))
    else:
        emit(render(rows, fmt, STATUS_COLUMNS))
    blocked = sum(1 for v in verdicts.values() if v.state == "blocked")
    from pipeline.queue.status import waiting as waiting_of

    waiting = sum(waiting_of(c) for c in report.languages.values())
    ctx.say(
        f"{waiting} entries wait for a translator's review (machine or outdated); "
        f"{sum(c.get('untranslated', 0) for c in report.languages.values())} wait for MT"
    )
    if blocked:
        ctx.say(f"{count(blocked, 'page')} approved but blocked by QA: see 'vielfalt check'")
    exit_on(report.errors)


def _announcement_table(
    announcements: dict[str, dict[str, Any]], verdicts: dict, targets: list[str]
) -> str:
    """Announcements × languages within 80 columns: approved/all entries, "+" publishable."""
    cell = 6
    name_width = max(16, 79 - (cell + 1) * len(targets))
    lines = ["announcement".ljust(name_width) + "".join(f" {t:>{cell}}" for t in targets)]
    for ident in sorted(set(announcements) | {i for i, _ in verdicts}, reverse=True):
        name = ident if len(ident) <= name_width else ident[: name_width - 1] + "…"
        cells = []
        for language in targets:
            counts = announcements.get(ident, {}).get(language)
            if counts is None:
                cells.append("—")
                continue
            total = sum(counts.get(s, 0) for s in STATES if s != "obsolete")
            mark = "+" if getattr(verdicts.get((ident, language)), "publishable", False) else ""
            cells.append(f"{counts.get('approved', 0)}/{total}{mark}")
        lines.append(name.ljust(name_width) + "".join(f" {c:>{cell}}" for c in cells))
    return "".join(line.rstrip() + "\n" for line in lines)


def _publishability_json(verdicts, targets: list[str]) -> dict:
    """Per announcement and language: the verdict publish would act on."""
    result: dict[str, dict[str, dict]] = {}
    for (ident, language), verdict in sorted(verdicts.items()):
        if language not in targets:
            continue
        result.setdefault(ident, {})[language] = {
            "publishable": verdict.publishable,
            "state": verdict.state,
            "status": verdict.status,
            "waiting_units": len(verdict.waiting),
            "qa_errors": [str(f) for f in verdict.findings],
        }
    return result


@cli.command()
@targets_option("Languages, comma-separated (default: all).")
@output_options(csv_too=True)
@pass_context
@handles_errors
def check(ctx: Context, languages: str | None, fmt: str) -> None:
    """Run QA on every translation in the review queue; QA errors give exit code 3.

    Checks: control, tags, glossary, markup, numbers, doubled, startcaps, values, gender,
    script, loop, copy, language, length, punctuation, whitespace. Approved entries are
    reported, never changed.

    \b
    Example:
      vielfalt check --to fr
    """
    from pipeline.queue.status import check_workspace
    from pipeline.units.detect import LanguageDetector
    from pipeline.units.glossary import open_glossary

    workspace = ctx.workspace
    findings, errors = check_workspace(
        workspace, _targets(workspace, languages), open_glossary(workspace), LanguageDetector()
    )
    rows = [
        {
            "file": f.path,
            "line": f.line,
            "key": f.key,
            "language": f.language,
            "state": f.state,
            "check": f.issue.check,
            "severity": f.issue.severity,
            "message": f.issue.message,
        }
        for f in findings
    ]
    if fmt != "text":
        emit(render(rows, fmt, CHECK_COLUMNS, document={"findings": rows, "errors": errors}))
    else:
        for finding in findings:
            click.echo(
                f"{finding.path}:{finding.line}: {finding.issue.severity}: "
                f"[{finding.state}] {finding.issue}"
            )
        errors_found = sum(f.issue.severity == "error" for f in findings)
        unreadable = f", {count(len(errors), 'unreadable catalog')}" if errors else ""
        ctx.say(
            f"{count(errors_found, 'error')}, {count(len(findings) - errors_found, 'warning')}"
            f"{unreadable}"
        )
    exit_on(errors, findings=any(f.issue.severity == "error" for f in findings))


@cli.command()
@click.option("--to", "languages", help="Languages to publish, comma-separated (default: all).")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Output directory (default: the workspace's published/).",
)
@click.option(
    "--format",
    "formats",
    default="json,html,feed",
    show_default=True,
    help="Comma-separated: json, html, feed, mo.",
)
@click.option(
    "--policy",
    type=click.Choice(["complete", "partial"]),
    help="Override [policies] publish: all units approved, or German fallback.",
)
@click.option(
    "--qa",
    "publish_qa",
    type=click.Choice(["block", "warn"]),
    help="Override [policies] publish_qa: keep pages with QA errors back, or publish and list.",
)
@click.option("--base-url", default=None, help="Override [site] base_url (absolute links).")
@click.option("--dry-run", is_flag=True, help="List every file that would change; write nothing.")
@output_options()
@pass_context
@handles_errors
def publish(
    ctx: Context,
    languages: str | None,
    out: Path | None,
    formats: str,
    policy: str | None,
    publish_qa: str | None,
    base_url: str | None,
    dry_run: bool,
    fmt: str,
) -> None:
    """Publish approved translations only: JSON, static HTML, RSS feeds, sitemap, MO files.

    Fuzzy, outdated, untranslated and obsolete entries are never published, nor (under
    publish_qa = "block") approved entries with QA errors. Only files vielfalt wrote are
    changed or removed; a foreign file in the way stops the run before anything is written.

    \b
    Example:
      vielfalt publish
      vielfalt publish --to ar,ru --format json,html,feed,mo --out /srv/www/integration
    """
    from pipeline.lock import WorkspaceLock
    from pipeline.publish.build import publish as run_publish
    from pipeline.units.glossary import open_glossary

    workspace = ctx.workspace
    # one publish (or translate) at a time: the manifest and the approval times are shared
    lock = contextlib.nullcontext() if dry_run else WorkspaceLock(workspace)
    with lock, ctx.progress(fmt) as progress:
        report = run_publish(
            workspace,
            _load(ctx, ()),
            _targets(workspace, languages),
            glossary=open_glossary(workspace),
            out=out,
            formats=split_list(formats),
            policy=policy,
            publish_qa=publish_qa,
            base_url=base_url,
            dry_run=dry_run,
            progress=progress,
        )
    if fmt == "json":
        document = {
            "dry_run": dry_run,
            "published": report.published,
            "waiting": report.waiting,
            "blocked": [{"language": lang, "id": ident} for lang, ident in report.blocked],
            "withdrawn": [
                {"language": w.language, "id": w.id, "reason": w.reason} for w in report.withdrawn
            ],
            "qa_findings": [str(f) for f in report.qa_findings],
            "created": report.created,
            "changed": report.changed,
            "removed": report.removed,
            "left": report.left,
            "unchanged": report.unchanged,
            "notes": report.notes,
            "errors": report.errors,
        }
        emit(render([], fmt, document=document))
        exit_on([], failed=bool(report.errors), findings=bool(report.blocked))
        return
    _show_publish_report(ctx, report, out or workspace.paths.published)


def _show_publish_report(ctx: Context, report: Any, out: Path) -> None:
    """Per language what was published, waits or is blocked; then the file changes."""
    dry_run = report.dry_run
    blocked: dict[str, list[str]] = {}
    for language, ident in report.blocked:
        blocked.setdefault(language, []).append(ident)
    for language, ids in report.published.items():
        waiting = report.waiting.get(language, {})
        units = sum(len(keys) for keys in waiting.values())
        line = f"{language}: {len(ids)} published"
        if waiting:
            line += f", {len(waiting)} waiting for review ({units} units)"
        if blocked.get(language):
            line += f", {len(blocked[language])} blocked by QA"
        ctx.say(line)
    changes = (
        ("create", report.created),
        ("change", report.changed),
        ("remove", report.removed),
    )
    if dry_run:
        for label, paths in changes:
            for path in paths:
                ctx.say(f"would {label} {path}")
    for withdrawn in report.withdrawn:  # on stderr: a page leaving the site is news
        verb = "would be taken off the site" if dry_run else "taken off the site"
        click.echo(f"{withdrawn.language}/{withdrawn.id}: {verb}: {withdrawn.reason}", err=True)
    for path in report.left:
        ctx.say(f"left in place (changed since vielfalt wrote it, no longer managed): {path}")
    for note in report.notes:
        ctx.say(f"note: {note}")
    summary = ", ".join(
        f"{label} {len(paths)}" if dry_run else f"{label}d {len(paths)}" for label, paths in changes
    )
    ctx.say(f"{'would ' if dry_run else ''}{summary}, {report.unchanged} unchanged in {out}")
    for finding in report.qa_findings:
        click.echo(f"QA error: {finding}", err=True)
    if report.blocked:
        click.echo(
            f"{count(len(report.blocked), 'page')} not published because of QA errors "
            "(fix the translation, or publish with --qa warn)",
            err=True,
        )
    exit_on(report.errors, findings=bool(report.blocked))


@cli.command("eval")
@click.option(
    "--refs",
    "references",
    required=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Reference folder: NTREX-128 (deu.txt.gz, eng.txt.gz …) or FLORES-200 layout.",
)
@targets_option()
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N sentences.")
@output_options(csv_too=True)
@pass_context
@handles_errors
def eval_command(
    ctx: Context, references: Path, languages: str | None, limit: int | None, fmt: str
) -> None:
    """Score the installed models on reference translations (chrF and BLEU by sacrebleu).

    Per target and route (direct where a package exists, through English otherwise, both when
    both exist): chrF, BLEU, how often prescribed glossary terms come out right, how often
    placeholders needed the unprotected fallback, decoding loops, sentences per second.

    \b
    Example:
      vielfalt eval --refs ntrex128/ --limit 200    # a folder of NTREX-128 files
    """
    from pipeline.mt.evaluate import POST_EDIT_CHRF, evaluate
    from pipeline.mt.protected import decoding_options, open_registry
    from pipeline.units.glossary import open_glossary

    workspace = ctx.workspace
    registry, _ = open_registry(workspace, os.environ)
    with ctx.progress(fmt) as progress:
        report = evaluate(
            registry,
            open_glossary(workspace),
            references,
            _targets(workspace, languages),
            source=workspace.source_language,
            limit=limit,
            options=decoding_options(workspace),
            progress=progress,
        )
    rows = [
        {
            "target": s.target,
            "route_kind": s.kind,
            "route": s.route,
            "sentences": s.sentences,
            "chrf": s.chrf,
            "bleu": s.bleu,
            "term_success": s.term_success,
            "term_sentences": s.term_sentences,
            "fallback_rate": s.fallback_rate,
            "loop_rate": s.loop_rate,
            "sentences_per_second": round(s.per_second, 1),
            "demo": s.demo,
            "verdict": s.verdict,
        }
        for s in report.scores
    ]
    from pipeline.queue.report import save_eval

    save_eval(workspace, rows)  # for `vielfalt report`'s chart
    if fmt != "text":
        document = {
            "scores": rows,
            "missing": report.missing,
            "signatures": {"chrf": report.chrf_signature, "bleu": report.bleu_signature},
            "demo_models": report.demo,
        }
        emit(render(rows, fmt, document=document))
        return
    emit(render(rows, fmt, EVAL_COLUMNS))
    for target in report.missing:
        click.echo(f"{target:<7}no model (neither direct nor through English)")
    ctx.say(f"chrF: {report.chrf_signature}")
    ctx.say(f"BLEU: {report.bleu_signature}")
    ctx.say(
        f"verdict: chrF ≥ {POST_EDIT_CHRF:g} usually pays to post-edit (a rule of thumb, not a "
        "guarantee: a translator's look at a sample decides)"
    )
    if report.demo:
        ctx.say(
            "note: these are DEMO models (word for word from a small lexicon): their scores "
            "say nothing about real translation quality"
        )


@cli.command("export")
@click.option("--to", "language", required=True, help="The target language to export.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only announcements dated on or after this day (YYYY-MM-DD).",
)
@click.option(
    "--state",
    "states",
    default="untranslated,machine,outdated",
    show_default=True,
    help="Which entries: untranslated, machine, outdated, approved (comma-separated).",
)
@click.option(
    "--xliff-version",
    type=click.Choice(["1.2", "2.0"]),
    default="1.2",
    show_default=True,
    help="XLIFF 1.2 is what most CAT tools read best.",
)
@output_options()
@pass_context
@handles_errors
def export_command(
    ctx: Context,
    language: str,
    since: Any,
    states: str,
    xliff_version: str,
    fmt: str,
) -> None:
    """Export the review queue of one language as XLIFF for a translation agency.

    Writes exchange/<lang>/: the XLIFF file, the glossary as TBX and a manifest of what was
    exported against which German text. Protected spans (glossary terms, links, emphasis,
    dates) travel as inline codes the CAT tool locks.

    \b
    Example:
      vielfalt export --to ar --since 2026-01-01 --state machine,outdated
    """
    from pipeline.exchange.agencies import export_language
    from pipeline.units.glossary import open_glossary

    workspace = ctx.workspace
    targets = _targets(workspace, language)
    if len(targets) != 1:
        raise click.UsageError("export one language at a time (an agency file is per language)")
    target = targets[0]
    report = export_language(
        workspace,
        _load(ctx, ()),
        target,
        open_glossary(workspace),
        since=since.date() if since else None,
        states=split_list(states),
        version=xliff_version,
    )
    if fmt == "json":
        emit(render([], fmt, document=report))
        return
    counts = ", ".join(f"{n} {state}" for state, n in sorted(report.states.items()))
    ctx.say(
        f"exported {count(report.units, 'unit')} of "
        f"{count(report.announcements, 'announcement')} ({counts or 'nothing'})"
    )
    ctx.say(f"   {report.xliff}")
    ctx.say(f"   {report.glossary}  (glossary for the CAT tool's termbase)")
    ctx.say(f"   {report.manifest}  (keep it: import needs it)")


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@output_options()
@pass_context
@handles_errors
def import_command(ctx: Context, files: tuple[Path, ...], fmt: str) -> None:
    """Merge XLIFF files from an agency back into the review queue.

    Units marked final become approved, others drafts (fuzzy); a unit whose German changed
    since the export comes back as outdated; an approved translation is never overwritten
    (the conflict is listed with both texts); a unit whose inline codes did not come back
    intact is refused. A file not exported from this workspace changes nothing.

    \b
    Example:
      vielfalt import exchange/ar/herne-ar-20260121-093000.xlf
    """
    from pipeline.exchange.agencies import import_files
    from pipeline.lock import WorkspaceLock

    workspace = ctx.workspace
    with WorkspaceLock(workspace):
        report = import_files(workspace, _load(ctx, ()), list(files))
    if fmt == "json":
        document = {
            "approved": report.approved,
            "drafts": report.drafts,
            "outdated": report.outdated,
            "unchanged": report.unchanged,
            "conflicts": [
                {"unit": u, "po": po, "agency": agency} for u, po, agency in report.conflicts
            ],
            "refused": report.refused,
            "kept_obsolete": report.kept_obsolete,
            "written": report.written,
        }
        emit(render([], fmt, document=document))
        exit_on([], failed=report.failed)
        return
    ctx.say(
        f"{len(report.approved)} approved, {len(report.drafts)} drafts, "
        f"{len(report.outdated)} outdated (German changed since the export), "
        f"{len(report.unchanged)} unchanged; wrote {count(len(report.written), 'catalog')}"
    )
    for unit, po_text, agency_text in report.conflicts:
        click.echo(
            f"conflict: {unit} is approved in the PO file and was left as it is\n"
            f"   PO:     {po_text}\n   agency: {agency_text}",
            err=True,
        )
    for problem in report.refused:
        click.echo(f"refused: {problem}", err=True)
    for unit in report.kept_obsolete:
        ctx.say(f"kept as obsolete (the unit is gone from the German): {unit}")
    exit_on([], failed=report.failed)


@cli.command()
@click.option("--glossary", is_flag=True, help="Write glossaries/weblate/<lang>.tbx for Weblate.")
@output_options()
@pass_context
@handles_errors
def weblate(ctx: Context, glossary: bool, fmt: str) -> None:
    """Print the Weblate settings for this workspace: components, glossary, review, the loop.

    With --glossary, write glossaries/weblate/<lang>.tbx (Weblate's glossary component);
    every later `vielfalt translate` keeps them current.

    \b
    Example:
      vielfalt weblate --glossary
      vielfalt weblate --json      # the settings for scripts (Weblate's API takes them as is)
    """
    from pipeline.exchange.agencies import weblate_glossary_files, weblate_settings
    from pipeline.units.glossary import open_glossary

    workspace = ctx.workspace
    settings = weblate_settings(workspace)
    if glossary:
        files = weblate_glossary_files(workspace, open_glossary(workspace))
        for path in files.written:
            ctx.say(f"wrote {path}")
        for line in files.edited:
            click.echo(f"Warning: {line}", err=True)
    if fmt == "json":
        emit(render([], fmt, document=settings))
        return
    wrap = settings["wrap"]
    lines = [
        "Weblate: Add-ons → Component discovery, with these settings:",
        f"  Regular expression to match translation files: {settings['match']}",
        f"  File format: gettext PO file ({settings['file_format']})",
        f"  Customize the component name: {settings['name_template']}",
        "  Define the monolingual base filename: (leave empty; PO is bilingual)",
        f"  Define the base file for new translations: {settings['new_base_template']}",
        f"  Language filter: {settings['language_regex']}",
        f"  Source language: German ({settings['source_language']}) — Weblate assumes English",
        "Component settings → Translation flags (checks for vielfalt's protected spans):",
        f"  {settings['check_flags']}",
        "Component settings → Files → File format parameters:",
        f"  Long lines wrapping (po_line_wrap): {settings['po_line_wrap']}"
        + (" (no wrapping, as [catalogs] wrap = 0)" if wrap == "0" else " (Weblate's default)")
        + "; vielfalt keeps every unchanged entry's lines as any tool wrote them",
        "Add-ons:",
        "  Update PO files to match POT (msgmerge): not needed, `vielfalt translate` merges the",
        "    catalogs with the templates itself; harmless if on (the next run restores the notes,",
        "    previous German and suggestions msgmerge strips, from locales/.records/).",
        "Glossary: a component with file format TBX, file mask",
        f"  {settings['glossary_mask']} (vielfalt weblate --glossary writes it; translate keeps it",
        f"  current), Translation flags: {settings['glossary_check_flags']} — terms are owned by",
        "  glossaries/*.csv; a term edited in Weblate is reported and its file kept, never",
        "  overwritten (adopt it with 'vielfalt glossary import').",
        "Approval: Weblate's 'Needs editing' is PO's fuzzy flag; clearing it approves.",
        "  With reviews on, set [review] in vielfalt.toml: publish then asks Weblate which units",
        "  a reviewer approved (Translated alone is not enough).",
        "The loop: set [weblate] url, project (and the token in $VIELFALT_WEBLATE_TOKEN) in",
        "  vielfalt.toml; translate and sync then lock Weblate, have it commit and push, pull,",
        "  translate, commit and push, have Weblate pull, and unlock, by themselves.",
        "  Git merges catalogs entry by entry after 'vielfalt merge-driver install' (for",
        "  Weblate's own repository: docs/translators.md).",
    ]
    click.echo("\n".join(lines))


@cli.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: .vielfalt/report.html in the workspace).",
)
@pass_context
@handles_errors
def report(ctx: Context, output: Path | None) -> None:
    """Write one self-contained HTML page for the department: progress per language, every
    announcement by state, what has waited longest, pages held back and why, MT scores.

    \b
    Example:
      vielfalt report -o ~/bericht.html
    """
    from pipeline.queue.report import write_report

    workspace = ctx.workspace
    target = output or workspace.state_dir / "report.html"
    made = write_report(workspace, target)
    ctx.say(
        f"wrote {target}: {count(len(made.matrix), 'announcement')} × "
        f"{count(len(made.languages), 'language')}; {count(len(made.blocked), 'page')} held "
        f"back by QA; the {count(len(made.waiting), 'page')} waiting longest listed"
    )
    exit_on(made.errors)


@cli.group("merge-driver")
def merge_driver() -> None:
    """Git's merge driver for locales/: catalogs merged entry by entry, nothing lost.

    \b
    Example:
      vielfalt merge-driver install
    """


@merge_driver.command("install")
@pass_context
@handles_errors
def merge_driver_install(ctx: Context) -> None:
    """Set up the merge driver in the workspace's git repository (.gitattributes, git config).

    \b
    Example:
      vielfalt merge-driver install
    """
    from pipeline.exchange.repository import install_merge_driver

    for line in install_merge_driver(ctx.workspace, _own_command()):
        click.echo(line)


@merge_driver.command("run")
@click.argument("base", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("ours", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("theirs", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("name")
@handles_errors
def merge_driver_run(base: Path, ours: Path, theirs: Path, name: str) -> None:
    """What git runs for a file of locales/ (%O %A %B %P): the merge is written to OURS.

    \b
    Example (git does this):
      vielfalt merge-driver run .merge_file_a .merge_file_b .merge_file_c locales/fr/x.po
    """
    from pipeline.exchange.repository import run_merge_driver

    for note in run_merge_driver(base, ours, theirs, name, Path.cwd()):
        click.echo(f"vielfalt merge: {note}", err=True)


def _own_command() -> str:
    """The command that runs this vielfalt, as an absolute path (git calls it from anywhere)."""
    import shutil

    given = os.environ.get("VIELFALT_COMMAND") or sys.argv[0]
    found = given if "/" in given else shutil.which(given) or given
    return str(Path(found).absolute())


@cli.command()
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--encoding",
    default=None,
    help="Encoding of the sources (default: UTF-8, or the charset a server declares).",
)
@output_options()
@pass_context
@handles_errors
def sync(ctx: Context, dry_run: bool, encoding: str | None, fmt: str) -> None:
    """Ingest the [sources] of vielfalt.toml, translate what changed, publish what is approved.

    For cron or a systemd timer: holds the workspace lock, writes nothing when nothing is new,
    and exits non-zero on any error (what could be done is still done).

    \b
    Example:
      vielfalt -q sync
    """
    import dataclasses

    from pipeline.sync import sync as run_sync

    report = run_sync(ctx.workspace, os.environ, dry_run=dry_run, encoding=encoding)
    if fmt == "json":
        emit(render([], fmt, document=dataclasses.asdict(report)))
        exit_on(
            [], failed=bool(report.errors), findings=bool(report.blocked), offline=report.offline
        )
        return
    ctx.say(
        f"{count(report.sources, 'source')}: {len(report.new)} new, "
        f"{len(report.updated)} changed announcements" + (" (dry run)" if dry_run else "")
    )
    for ident in report.new:
        ctx.say(f"  new      {ident}")
    for ident in report.updated:
        ctx.say(f"  changed  {ident}")
    for note in report.notes:
        ctx.say(f"  note: {note}", err=True)
    waiting = ", ".join(f"{lang} {n}" for lang, n in report.waiting.items())
    ctx.say(f"waiting for review: {waiting}")
    published = ", ".join(f"{lang} {n}" for lang, n in report.published.items())
    ctx.say(f"published: {published or 'nothing'}; {count(report.written, 'file')} written")
    for line in report.withdrawn:  # on stderr, even under -q: a page leaving the site is news
        click.echo(f"taken off the site: {line}", err=True)
    if report.blocked and not report.errors:  # named even under -q: cron mails it
        raise FindingsFound(
            [f"{count(len(report.blocked), 'page')} kept back by QA errors: "
             + ", ".join(report.blocked)]
        )  # fmt: skip
    for line in report.blocked:
        ctx.say(f"  blocked  {line}")
    exit_on(report.errors, findings=bool(report.blocked), offline=report.offline)


@cli.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--dir",
    "dir_option",
    type=click.Path(path_type=Path, file_okay=False),
    help="Same as DIRECTORY (older spelling).",
)
@pass_context
@handles_errors
def demo(ctx: Context, directory: Path | None, dir_option: Path | None) -> None:
    """Run the pipeline on the bundled Herne sample in a new demo workspace (offline).

    DIRECTORY is a new folder for the demo workspace (default: vielfalt-demo).

    \b
    Example:
      vielfalt demo /tmp/herne-demo
    """
    from pipeline.demo import run_demo
    from pipeline.units.detect import LanguageDetector

    directory = directory or dir_option or Path("vielfalt-demo")
    ctx.say(f"Demo workspace: {directory.resolve()} (each step is shown as it starts)")
    result = run_demo(
        directory, LanguageDetector(), os.environ, on_step=lambda step: ctx.say(f"   … {step}")
    )
    _show_demo(ctx, result)


def _show_demo(ctx: Context, result: Any) -> None:
    """The demo's story: what each step did, and what to do next."""
    workspace = result.workspace
    ctx.say(f"Done. What happened in {workspace.root}:")
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
    ctx.say(f"4. Built and installed {len(result.models)} DEMO models in {workspace.paths.models}")
    ctx.say("   (real CTranslate2 models with hand-set weights that translate word for word")
    ctx.say("   from a small lexicon: crude on purpose, NOT real translations)")
    ctx.say(
        f"   Glossary: {result.glossary_terms} terms from glossaries/herne.csv; "
        f"{result.glossary_matches} matches protected by placeholders through MT and the pivot"
    )
    queue = result.queue
    per_language = next(iter(queue.languages.values()))
    ctx.say(
        f"5. Translated {queue.mt_sentences} sentences into {len(workspace.target_languages)} "
        f"languages in one batched run (de→en once, reused for every pivot) and filled the "
        f"review queue: {len(queue.written)} PO/POT files in {workspace.paths.locales}, "
        f"{per_language['machine']} fuzzy machine entries per language"
    )
    ctx.say(f"   The title {result.title!r} becomes:")
    for language, text in result.titles.items():
        ctx.say(f"   {language}: {text}")
    from pipeline.queue.status import waiting as waiting_of

    waiting = sum(waiting_of(c) for c in result.status.languages.values())
    approved = sum(c.get("approved", 0) for c in result.status.languages.values())
    ctx.say(f"6. Review queue: {waiting} entries wait for translators, {approved} approved")
    ctx.say(
        f"7. Playing translator, the demo approved {result.approved_id} in all languages "
        "(as machine output: a real translator corrects it first) and published approved work:"
    )
    for language, ids in result.published.published.items():
        ctx.say(f"   {language}: {count(len(ids), 'announcement')}")
    pages = workspace.paths.published
    ctx.say(f"   open {pages / 'ar' / (result.approved_id + '.html')}")
    ctx.say(f"   or   {pages / 'de' / 'index.html'}  (JSON, RSS feeds and MO files beside them)")
    ctx.say("Next, as a translator: open a catalog in Poedit (or Weblate, Lokalize), e.g.")
    ctx.say(f"   {_catalog_hint(workspace)}")
    ctx.say("   correct the machine output and clear the 'fuzzy' flag (Poedit: 'Needs work')")
    ctx.say("   to approve it. Then:")
    command = os.environ.get("VIELFALT_COMMAND") or "vielfalt"
    ctx.say(f"   {command} --workspace {workspace.root} status")
    ctx.say(f"   {command} --workspace {workspace.root} translate   # never touches approved work")
    ctx.say(f"Real models: '{command} models install translate-de_en translate-en_fr …' (or a")
    ctx.say(f"   .argosmodel file), then '{command} translate' replaces the demo output nobody")
    ctx.say(f"   touched, and '{command} eval --refs DIR' scores each language on NTREX-128.")


def _catalog_hint(workspace: Workspace) -> str:
    """A catalog a translator could open first (an Arabic one: right-to-left shows most)."""
    found = sorted((workspace.paths.locales / "ar").glob("*.po"))
    return str(found[0]) if found else str(workspace.paths.locales)


def main() -> None:
    try:
        cli(prog_name="vielfalt")
    except BrokenPipeError:
        # The reader of our output went away (`vielfalt status | head -1`): that is no error.
        # Python would complain while flushing stdout at exit, so point it at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
