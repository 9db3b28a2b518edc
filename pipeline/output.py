"""How the command line shows results: one renderer for text tables, JSON and CSV, the
options every command shares, errors as one line, and progress bars on a terminal.

Commands parse options, call one library function and hand its rows to `render`; nothing
here knows about announcements or catalogs.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from pipeline.errors import (
    FindingsFound,
    LockedError,
    NetworkRunErrors,
    NetworkRunFailed,
    NetworkUnavailable,
    RunErrors,
    RunFailed,
    VielfaltError,
)

F = TypeVar("F", bound=Callable[..., Any])


def count(number: int, noun: str) -> str:
    """Counts that read as English: 1 announcement, 6 announcements."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


# ---------------------------------------------------------------- shared options


def output_options(*, csv_too: bool = False) -> Callable[[F], F]:
    """`--json` (and `--csv` for tables): the command gets `fmt` = "text", "json" or "csv"."""

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def with_text_default(*args: Any, fmt: str | None = None, **kwargs: Any) -> Any:
            return command(*args, fmt=fmt or "text", **kwargs)

        func: Any = with_text_default
        if csv_too:
            func = click.option(
                "--csv", "fmt", flag_value="csv", help="CSV output (one row per line)."
            )(func)
        return click.option(
            "--json", "fmt", flag_value="json", help="Machine-readable JSON output."
        )(func)

    return decorate


def targets_option(
    help_text: str = "Target languages, comma-separated (default: all).",
) -> Callable[[F], F]:
    return click.option("--to", "languages", help=help_text)


def split_list(value: str | None) -> list[str]:
    """`"ar, ru,"` → `["ar", "ru"]`: how every comma-separated option is read."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Column:
    """One column of a text table: the row key, its heading, how a value is written."""

    key: str
    heading: str
    width: int = 0
    right: bool = False
    show: Callable[[Any], str] = str


def jsonable(value: Any) -> Any:
    """Reports as JSON: dataclasses become objects, paths and dates strings, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[Column] = (),
    *,
    document: Any = None,
    header: bool = True,
) -> str:
    """The one renderer. JSON writes `document` (default: the rows); CSV and text the rows
    in `columns` order (text aligned under headings, CSV with raw values)."""
    if fmt == "json":
        data = rows if document is None else document
        return json.dumps(jsonable(data), ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        keys = [c.key for c in columns] or (list(rows[0]) if rows else [])
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow(_csv_value(row.get(key)) for key in keys)
        return buffer.getvalue()
    lines = []
    if header and columns:
        lines.append(_line([(c, c.heading) for c in columns]))
    for row in rows:
        lines.append(_line([(c, c.show(row.get(c.key))) for c in columns]))
    return "".join(line.rstrip() + "\n" for line in lines)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(jsonable(value))


def _line(cells: list[tuple[Column, str]]) -> str:
    return " ".join(
        text.rjust(column.width) if column.right else text.ljust(column.width)
        for column, text in cells
    )


def emit(text: str, *, err: bool = False) -> None:
    click.echo(text, nl=False, err=err)


# ---------------------------------------------------------------- context and errors


class Context:
    """What every command gets: options from the group, the workspace opened on demand."""

    def __init__(self, workspace_dir: Path | None, verbosity: int) -> None:
        self.workspace_dir = workspace_dir
        self.verbosity = verbosity
        self._workspace: Any = None

    @property
    def workspace(self) -> Any:
        from pipeline.config import open_workspace

        if self._workspace is None:
            self._workspace = open_workspace(self.workspace_dir, Path.cwd())
        return self._workspace

    def say(self, message: str = "", *, err: bool = False) -> None:
        """Informational output: silent under --quiet."""
        if self.verbosity >= 0:
            click.echo(message, err=err)

    def progress(self, fmt: str = "text") -> Progress:
        """A progress display for a long run: bars on a terminal; off a terminal (cron, a log
        file) a line when a stage starts, at least every 10 s, and when it ends; nothing
        under -q or --json."""
        if self.verbosity < 0 or fmt != "text":
            return Progress(None)
        if sys.stderr.isatty():
            return Progress(sys.stderr)
        return Progress(sys.stderr, lines=True)


class ExitCode(IntEnum):
    """vielfalt's exit codes: the one table (docs/operations.md shows it; a test keeps both
    equal). Commands raise typed errors; `handles_errors` alone turns them into these."""

    OK = 0
    #: an error: bad input, a broken file, a failed write (each named with file and line)
    FAILED = 1
    #: a wrong option or argument (click's own code for usage errors)
    USAGE = 2
    #: the run worked and found what blocks readers: QA errors, approved pages held back
    FINDINGS = 3
    #: another vielfalt run holds the workspace lock; try again later
    BUSY = 4
    #: a server vielfalt needs cannot be reached (package index, LibreTranslate, Weblate)
    NETWORK = 5
    #: interrupted (Ctrl-C); no file was left half-written
    INTERRUPTED = 130


#: which typed error ends a command with which code (the first match wins; else FAILED)
ERROR_CODES: tuple[tuple[type[VielfaltError], ExitCode], ...] = (
    (FindingsFound, ExitCode.FINDINGS),
    (LockedError, ExitCode.BUSY),
    (NetworkUnavailable, ExitCode.NETWORK),
)


def exit_code(error: VielfaltError) -> ExitCode:
    for kind, code in ERROR_CODES:
        if isinstance(error, kind):
            return code
    return ExitCode.FAILED


def exit_on(
    errors: list[str], *, failed: bool = False, findings: bool = False, offline: bool = False
) -> None:
    """End a run that went on despite errors: RunErrors (each error on its line) when it
    collected any, else RunFailed or FindingsFound as asked; nothing when all went well.
    `offline`: every error was a server that could not be reached (exit code NETWORK)."""
    if errors:
        raise NetworkRunErrors(errors) if offline else RunErrors(errors)
    if failed:  # a failure outranks findings: its code says more
        raise NetworkRunFailed() if offline else RunFailed()
    if findings:
        raise FindingsFound()


def handles_errors(func: F) -> F:
    """Turn library errors into one clear message on stderr and the exit code of the table;
    no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except VielfaltError as exc:
            lines = exc.errors if isinstance(exc, RunErrors | FindingsFound) else [str(exc)]
            for line in filter(None, lines):
                click.echo(f"Error: {line}", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            sys.exit(exit_code(exc))
        except KeyboardInterrupt:
            click.echo("Interrupted; no file was left half-written.", err=True)
            sys.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            raise  # the reader went away (`vielfalt status | head -1`): see cli.main
        except OSError as exc:  # the library maps the expected cases; this is the safety net
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
            sys.exit(ExitCode.FAILED)

    return wrapper  # type: ignore[return-value]


# ---------------------------------------------------------------- progress


class Progress:
    """Receives the library's `(stage, done, total)` calls; draws one bar per stage.

    With no stream (not a terminal, --quiet, --json) it draws nothing, so library code
    calls it unconditionally."""

    #: seconds between two progress lines off a terminal
    LINE_EVERY = 10.0

    def __init__(self, stream: IO[str] | None, *, lines: bool = False) -> None:
        self.stream = stream
        self.lines = lines
        self._stage: str | None = None
        self._bar: Any = None
        self._started = self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.stream is None or total <= 0:
            return
        if self.lines:
            self._line(stage, done, total)
            return
        if stage != self._stage:
            self.close()
            self._stage = stage
            self._bar = click.progressbar(length=total, label=stage, file=self.stream)  # type: ignore[call-overload]
            self._bar.__enter__()
        self._bar.update(max(0, min(done, total) - self._bar.pos))

    def _line(self, stage: str, done: int, total: int) -> None:
        """Off a terminal: what a stage will do, then where it stands, then that it is done."""
        import time

        assert self.stream is not None
        now = time.monotonic()
        if stage != self._stage:
            self._stage, self._started, self._last = stage, now, now
            print(f"{stage}: {total:,} to do", file=self.stream, flush=True)
            if done < total:
                return
        if done < total and now - self._last < self.LINE_EVERY:
            return
        self._last = now
        elapsed = now - self._started
        share = done / total
        if done >= total:
            print(f"{stage}: done, {total:,} in {elapsed:.0f} s", file=self.stream, flush=True)
            return
        left = f", about {elapsed * (1 - share) / share:.0f} s left" if share > 0 else ""
        print(f"{stage}: {done:,} of {total:,} ({share:.0%}) after {elapsed:.0f} s{left}",
              file=self.stream, flush=True)  # fmt: skip

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
            self._stage = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
