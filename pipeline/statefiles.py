"""vielfalt's own JSON state read back: bounded, depth-safe, checked against a declared shape.

Every state file (the publish manifest, the export manifests, the approval-time ledger, the
caches) goes through `load`: a file that is too large, not UTF-8, not JSON, nested too
deeply or of the wrong shape is one `StateError` naming the file and what is wrong, never a
TypeError or RecursionError. Callers decide whether that stops the command (the publish
manifest: vielfalt could not tell its files from others') or is rebuilt with a warning (a cache).

Shapes are JSON Schemas (jsonschema), declared next to the code that writes each file.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import LocatedError

#: no state file of vielfalt's comes near this (the publish manifest of a large site: a few MB)
MAX_BYTES = 100_000_000
#: deeper JSON is not vielfalt's (its files nest four levels at most)
MAX_DEPTH = 32


class StateError(LocatedError):
    """A state file that is not as vielfalt writes it."""


def load(path: Path, schema: dict[str, Any], *, max_bytes: int = MAX_BYTES) -> Any:
    """The file's JSON, checked against `schema`; FileNotFoundError passes through."""
    try:
        if path.stat().st_size > max_bytes:
            raise StateError(path, None, f"is larger than {max_bytes // 1_000_000} MB")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except UnicodeDecodeError:
        raise StateError(path, None, "is not UTF-8 text") from None
    except OSError as exc:
        raise StateError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    return loads(text, path, schema)


def loads(text: str, path: Path | str, schema: dict[str, Any]) -> Any:
    if _depth(text) > MAX_DEPTH:
        raise StateError(path, None, f"nests deeper than {MAX_DEPTH} levels")
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise StateError(path, line, f"is not valid JSON ({exc})") from None
    except RecursionError:
        raise StateError(path, None, f"nests deeper than {MAX_DEPTH} levels") from None
    import jsonschema

    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "the top level"
        raise StateError(path, None, f"unexpected content at {where}: {exc.message}") from None
    return data


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, counted without parsing."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def is_plain_relative(relative: str) -> bool:
    """A relative POSIX path that stays where it is joined: no "..", no absolute path, no
    empty or "." part, no backslash or NUL."""
    if not relative or "\\" in relative or "\x00" in relative:
        return False
    pure = PurePosixPath(relative)
    if pure.is_absolute() or relative.startswith("/"):
        return False
    return all(part not in ("", ".", "..") for part in relative.split("/"))


def confined(base: Path, relative: str) -> Path | None:
    """`base / relative` when `relative` is plain and no folder below `base` on the way is a
    symbolic link (a write there would land elsewhere); else None."""
    if not is_plain_relative(relative):
        return None
    current = base
    for part in relative.split("/")[:-1]:
        current = current / part
        if current.is_symlink():
            return None
    return base / relative
