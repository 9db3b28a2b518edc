"""Typed errors of the library: the CLI turns them into one clear message and an exit code."""

from __future__ import annotations

from pathlib import Path


class VielfaltError(Exception):
    """Base class: a user-facing problem, never a bug. `hint` tells what to do next."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class LocatedError(VielfaltError):
    """An error in a file, at a line where known (1-based)."""

    def __init__(
        self, path: Path | str, lineno: int | None, message: str, *, hint: str | None = None
    ) -> None:
        self.path = str(path)
        self.lineno = lineno
        self.reason = message
        where = f"{self.path}:{lineno}" if lineno else self.path
        super().__init__(f"{where}: {message}", hint=hint)


class ConfigError(LocatedError):
    """vielfalt.toml is missing, malformed or has an unknown key or bad value."""


class WorkspaceNotFound(VielfaltError):
    hint = "run 'vielfalt init' to create a workspace, or pass --workspace DIR"


class SourceError(LocatedError):
    """An announcement source cannot be read or parsed."""


class EncodingError(SourceError):
    """A source is not valid UTF-8."""


class DuplicateIdError(VielfaltError):
    """Two announcements resolve to the same id."""


class LanguageError(VielfaltError):
    """A source is not in the expected language."""


class ModelError(LocatedError):
    """A model package is broken, incomplete or cannot be installed."""


class ModelNotFound(VielfaltError):
    """No installed model (direct or through the pivot language) serves a language pair."""

    def __init__(self, source: str, target: str, *, hint: str | None = None) -> None:
        self.source = source
        self.target = target
        super().__init__(
            f"no model for {source}→{target} (neither direct nor through English)",
            hint=hint
            or "install one with 'vielfalt models install FILE.argosmodel', "
            "or build demo models with 'vielfalt models build-demo models/'",
        )


class NetworkUnavailable(VielfaltError):
    """A server vielfalt needs cannot be reached: the package index, a LibreTranslate server,
    Weblate; refused, unknown host, no route, or no answer in time."""


class SourceUnreachable(SourceError, NetworkUnavailable):
    """A source's address cannot be reached: refused, unknown host, no answer in time."""


class GlossaryError(LocatedError):
    """A glossary file (CSV or TBX) is malformed."""


class CatalogError(LocatedError):
    """A PO file cannot be parsed; it is left untouched."""


class LockedError(VielfaltError):
    """Another pipeline run holds the workspace lock."""


class RunErrors(VielfaltError):
    """Errors a run collected while it went on doing what it could (a broken catalog, a bad
    source): each is reported on its own line."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class RunFailed(VielfaltError):
    """A run failed and has already said why (a report with its problems)."""

    def __init__(self) -> None:
        super().__init__("")


class NetworkRunErrors(RunErrors, NetworkUnavailable):
    """Every error a run collected was a server it could not reach (the network is down)."""


class NetworkRunFailed(RunFailed, NetworkUnavailable):
    """A run failed, and said why: every failure was a server it could not reach."""


class FindingsFound(VielfaltError):
    """The run worked and found what blocks readers: QA errors, approved pages held back."""

    def __init__(self, errors: list[str] | None = None) -> None:
        self.errors = list(errors or [])
        super().__init__("\n".join(self.errors))


class PublishError(VielfaltError):
    """Publishing cannot go ahead (a foreign file in the way, an unreadable manifest)."""


class WriteError(LocatedError):
    """A file could not be written (disk full, read-only, permissions); nothing half-written."""


def write_error(path: Path | str, exc: OSError) -> WriteError:
    """One clear message per cause of a failed write, with what to do about it."""
    import errno

    hints = {
        errno.ENOSPC: "free some disk space and run the command again; nothing was half-written",
        errno.EDQUOT: "free some disk space and run the command again; nothing was half-written",
        errno.EROFS: "the file system is read-only; write somewhere else or remount it",
        errno.EACCES: "check the folder's permissions for this user",
        errno.EPERM: "check the folder's permissions for this user",
        errno.EISDIR: "a folder stands where vielfalt writes a file; move it away",
        errno.ENOTDIR: "a file stands where vielfalt needs a folder; move it away",
    }
    return WriteError(
        path, None, f"cannot write: {exc.strerror or exc}", hint=hints.get(exc.errno or 0)
    )
