"""Git as the last record: what the workspace's last commit holds of a catalog.

vielfalt is never the only writer of `locales/`: msgattrib run in place, a merge resolved
with "ours", an editor's slip can delete an approved entry that no vielfalt run has seen
(so it is in no record). When the workspace is a git repository, the last commit still has
it: the translate run reads the committed versions of the catalogs it merges (HEAD, and
every parent of HEAD when HEAD is a merge) and restores entries with a translator's work
that the file no longer has. Without git, or when git does not answer, nothing is read.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

#: seconds any one git call may take (a repository on a hung network share must not hang a run)
GIT_TIMEOUT = 60


def git(root: Path, *args: str, timeout: float = GIT_TIMEOUT, data: bytes | None = None) -> bytes:
    """Run git in `root`; its standard output. Raises OSError or CalledProcessError."""
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        input=data,
        capture_output=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout


def repository_root(path: Path) -> Path | None:
    """The top folder of the git work tree `path` is in, or None."""
    try:
        out = git(path, "rev-parse", "--show-toplevel", timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.decode("utf-8", "replace").strip())


def differing(root: Path, folder: Path) -> set[Path]:
    """Files under `folder` whose text differs from the last commit's, or (when the last
    commit is a merge) between the merge and one of its parents: where a tool or a merge may
    have dropped what a translator wrote. Empty when git does not answer."""
    try:
        revisions = ["HEAD", *_other_parents(root)]
        names = set(_changed(root, ["HEAD"], folder))
        for parent in revisions[1:]:
            names |= set(_changed(root, ["HEAD", parent], folder))
    except (OSError, subprocess.SubprocessError):
        return set()
    return {(root / name).resolve() for name in names}


def committed_versions(root: Path, paths: Iterable[Path]) -> dict[Path, list[str]]:
    """The texts of `paths` as the last commit (and, for a merge, each of its parents) holds
    them, for those whose committed text differs from the file or between the parents.
    Empty when `root` is no repository or has no commit."""
    base = root.resolve()
    wanted = {}
    for path in paths:
        try:
            wanted[path.resolve().relative_to(base).as_posix()] = path
        except ValueError:
            continue  # outside the repository
    if not wanted:
        return {}
    try:
        revisions = ["HEAD", *_other_parents(root)]
    except (OSError, subprocess.SubprocessError):
        return {}
    changed = {p.relative_to(base).as_posix() for p in differing(root, base)}
    specs = [(rev, name) for name in sorted(changed & set(wanted)) for rev in revisions]
    if not specs:
        return {}
    request = "".join(f"{rev}:{name}\n" for rev, name in specs).encode("utf-8")
    try:
        out = git(root, "cat-file", "--batch", data=request)
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[Path, list[str]] = {}
    position = 0
    for _rev, name in specs:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3:  # "<spec> missing"
            continue
        size = int(header[2])
        blob = out[position : position + size]
        position += size + 1
        text = blob.decode("utf-8", "replace")
        found.setdefault(wanted[name], []).append(text)
    return found


def _other_parents(root: Path) -> list[str]:
    out = git(root, "rev-list", "--parents", "-n", "1", "HEAD").decode().split()
    return [f"HEAD^{n}" for n in range(2, len(out))] if len(out) > 2 else []


def _changed(root: Path, revisions: list[str], folder: Path | None = None) -> list[str]:
    """Files that differ from the work tree (one revision) or between two revisions."""
    where = [str(folder)] if folder is not None else []
    out = git(root, "diff", "--name-only", "-z", "--no-renames", *revisions, "--", *where)
    return [name for name in out.decode("utf-8", "replace").split("\0") if name]
