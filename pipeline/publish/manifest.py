"""What publish owns in an output directory: it overwrites and removes only files it wrote.

`<out>/.vielfalt-manifest.json` lists every file vielfalt wrote there with the SHA-256 of what
it wrote, and a snapshot of each published page (so a run for some languages can re-render the
others' navigation, and a page that QA blocks keeps its last good version). A file that is not
in the manifest, or that someone changed since, is foreign: never overwritten, never removed.

The manifest is written twice per run: before any file, listing old and new hashes as owned
(so a run killed half-way leaves files vielfalt still recognises), and after, with the new
state only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import statefiles
from pipeline.errors import PublishError
from pipeline.fileio import atomic_write_text

MANIFEST_NAME = ".vielfalt-manifest.json"
FORMAT = 1
#: the shape `save` writes
SCHEMA = {
    "type": "object",
    "required": ["format", "files"],
    "properties": {
        "format": {"const": FORMAT},
        "files": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            },
        },
        "pages": {  # each page's record is checked where it is read (build.PAGE_SNAPSHOT)
            "type": "object",
            "additionalProperties": {"type": "object"},
        },
    },
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    #: relative POSIX path -> hashes of content vielfalt wrote there (one, or two mid-run)
    files: dict[str, list[str]] = field(default_factory=dict)
    #: language -> announcement id -> snapshot of the published version
    pages: dict[str, dict[str, dict]] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The manifest as vielfalt wrote it; anything else stops publishing (vielfalt could
        not tell its files from others'), and no entry may name a file outside `out`."""
        path = out / MANIFEST_NAME
        hint = "restore the file from a backup, or publish into a new, empty directory"
        try:
            data = statefiles.load(path, SCHEMA)
        except FileNotFoundError:
            return cls()
        except statefiles.StateError as exc:
            raise PublishError(
                f"{exc}; vielfalt cannot tell its files from others'", hint=hint
            ) from None
        outside = [name for name in data["files"] if not statefiles.is_plain_relative(name)]
        if outside:
            raise PublishError(
                f"{path}: names files outside the output folder ({', '.join(sorted(outside)[:3])});"
                " nothing was written or removed",
                hint=hint,
            )
        return cls(dict(data["files"]), dict(data.get("pages", {})))

    def save(self, out: Path) -> None:
        payload = {"format": FORMAT, "files": self.files, "pages": self.pages}
        atomic_write_text(
            out / MANIFEST_NAME, json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n"
        )

    def owns(self, relative: str, current: bytes) -> bool:
        return sha256(current) in self.files.get(relative, ())


@dataclass
class Plan:
    """What a publish would do in its output directory, file by file."""

    create: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    #: files vielfalt wrote that someone changed since: left in place, no longer owned
    left: list[str] = field(default_factory=list)
    #: outputs that would overwrite a foreign file (the run writes nothing)
    conflicts: list[str] = field(default_factory=list)


def plan(out: Path, files: dict[str, bytes], manifest: Manifest) -> Plan:
    """Compare wanted files with the directory and the manifest; decide nothing destructive."""
    result = Plan()
    for relative, data in sorted(files.items()):
        path = out / relative
        if statefiles.confined(out, relative) is None:
            result.conflicts.append(f"{path}: a folder on the way is a symbolic link")
            continue
        if path.is_symlink() or (path.exists() and not path.is_file()):
            result.conflicts.append(f"{path}: exists and is not a regular file")
            continue
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            result.create.append(relative)
            continue
        if current == data:
            result.unchanged.append(relative)  # identical: claiming it overwrites nothing
        elif manifest.owns(relative, current):
            result.change.append(relative)
        else:
            reason = (
                "changed since vielfalt wrote it"
                if relative in manifest.files
                else ("not written by vielfalt")
            )
            result.conflicts.append(f"{path}: exists and was {reason}")
    for relative in sorted(set(manifest.files) - set(files)):
        path = out / relative
        if statefiles.confined(out, relative) is None or path.is_symlink() or not path.is_file():
            continue  # gone already (or replaced by something else): nothing of ours to remove
        if manifest.owns(relative, path.read_bytes()):
            result.remove.append(relative)
        else:
            result.left.append(relative)
    return result
