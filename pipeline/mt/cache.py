"""A persistent MT cache: a re-run translates only new or changed sentences.

SQLite in WAL mode, so several readers (a status command, a second run waiting for the
lock) can read while one run writes. Keyed by model, model version, decoding options and
the exact source sentence.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import VielfaltError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL,
    options TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    score REAL NOT NULL,
    flags TEXT NOT NULL,
    PRIMARY KEY (model, options, source)
) WITHOUT ROWID;
"""


class MTCache:
    def __init__(self, path: Path | None) -> None:
        """`path=None` keeps the cache in memory (tests, one-off runs). A cache file that is not
        a readable database is vielfalt's own and only a cache: it is set aside and rebuilt,
        and `rebuilt` says why."""
        self.hits = 0
        self.misses = 0
        self.rebuilt: str | None = None
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open(path)
            except sqlite3.DatabaseError as exc:
                if path is None:
                    raise
                aside = path.with_name(path.name + ".corrupt")
                for suffix in ("", "-wal", "-shm"):
                    part = Path(str(path) + suffix)
                    if part.exists():
                        part.replace(Path(str(aside) + suffix))
                self.rebuilt = f"{path} was unreadable ({exc}); set aside as {aside.name}, rebuilt"
                self._db = self._open(path)
        except (OSError, sqlite3.Error) as exc:
            raise VielfaltError(
                f"{path}: the MT cache cannot be opened: {exc}",
                hint="check the disk and the permissions of .vielfalt/",
            ) from None

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        db = sqlite3.connect(str(path) if path else ":memory:", timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        db.execute("SELECT count(*) FROM translations LIMIT 1").fetchone()
        return db

    def get_many(
        self, model: str, options: str, sources: Iterable[str]
    ) -> dict[str, tuple[str, float, tuple[str, ...]]]:
        wanted = list(dict.fromkeys(sources))
        found: dict[str, tuple[str, float, tuple[str, ...]]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT source, target, score, flags FROM translations "
                f"WHERE model = ? AND options = ? AND source IN ({marks})",
                (model, options, *chunk),
            )
            for source, target, score, flags in rows:
                found[source] = (target, score, tuple(f for f in flags.split(",") if f))
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def put_many(
        self, model: str, options: str, rows: Iterable[tuple[str, str, float, tuple[str, ...]]]
    ) -> None:
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?)",
                    ((model, options, s, t, score, ",".join(flags)) for s, t, score, flags in rows),
                )
        except sqlite3.Error as exc:
            raise VielfaltError(
                f"the MT cache cannot be written: {exc}",
                hint="free some disk space and run the command again; no catalog was changed",
            ) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
