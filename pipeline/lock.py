"""One pipeline run at a time per workspace."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from typing import IO

from pipeline.config import Workspace
from pipeline.errors import LockedError, VielfaltError


class WorkspaceLock:
    """One pipeline run at a time: an flock on .vielfalt/lock (released if the process dies)."""

    def __init__(self, workspace: Workspace) -> None:
        self.path = workspace.state_dir / "lock"
        self._handle: IO[str] | None = None

    def __enter__(self) -> WorkspaceLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise VielfaltError(
                f"{self.path}: cannot take the workspace lock: {exc.strerror or exc}",
                hint="the lock is a file vielfalt makes in .vielfalt/; move away what is there",
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise LockedError(
                f"another vielfalt run holds the workspace lock ({holder})",
                hint="wait for it to finish; a crashed run releases the lock by itself",
            ) from None
        try:  # who holds it, for the message of a second run; the lock itself is the flock
            handle.seek(0)
            handle.truncate()
            since = dt.datetime.now().isoformat(timespec="seconds")
            handle.write(f"pid {os.getpid()} since {since}")
            handle.flush()
        except OSError:  # a full disk must not leave the lock taken by a run that never started
            pass
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.seek(0)
                self._handle.truncate()
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
