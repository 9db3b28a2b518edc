"""The workspace as a git repository: the merge driver's set-up and run, and the git steps of
the Weblate handshake (pull, commit what vielfalt wrote, push).

vielfalt touches only what it owns: `.gitattributes` gets its own lines (others are kept),
the repository's own config gets `merge.vielfalt.*`, and a commit takes only the paths a
run wrote (announcements and the review queue).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from pipeline.config import Workspace, load_workspace
from pipeline.errors import VielfaltError
from pipeline.fileio import atomic_write_text
from pipeline.queue import history
from pipeline.queue.mergedriver import (
    ATTRIBUTES_NOTE,
    DRIVER,
    attribute_lines,
    driver_command,
    merge_file,
)
from pipeline.queue.poformat import PAGE_WIDTH


class RepositoryError(VielfaltError):
    """A git step that failed; the message says which and what git said."""


def root_of(workspace: Workspace) -> Path:
    root = history.repository_root(workspace.root)
    if root is None:
        raise RepositoryError(
            f"{workspace.root} is not in a git repository",
            hint="run 'git init' (and commit) first, or use a clone of the city's repository",
        )
    return root


def git(root: Path, *args: str, timeout: float = history.GIT_TIMEOUT) -> str:
    """Run git; its output. A failure is a RepositoryError naming the command."""
    try:
        return history.git(root, *args, timeout=timeout).decode("utf-8", "replace")
    except subprocess.CalledProcessError as exc:
        said = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        detail = said[-1] if said else f"exit {exc.returncode}"
        raise RepositoryError(f"git {' '.join(args[:2])} failed: {detail}") from None
    except subprocess.TimeoutExpired:
        raise RepositoryError(f"git {' '.join(args[:2])} did not finish in {timeout:g} s") from None
    except OSError as exc:
        raise RepositoryError(f"git cannot be run: {exc.strerror or exc}") from None


def install_merge_driver(workspace: Workspace, executable: str) -> list[str]:
    """`.gitattributes` lines for the catalogs and records, and `merge.vielfalt.*` in the
    repository's own config; what was written, one line each."""
    root = root_of(workspace)
    locales = os.path.relpath(workspace.paths.locales, root).replace(os.sep, "/")
    if locales.startswith(".."):
        raise RepositoryError(f"{workspace.paths.locales} is outside the repository {root}")
    attributes = root / ".gitattributes"
    try:
        text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise RepositoryError(f"{attributes} cannot be read: {exc}") from None
    present = set(text.splitlines())
    missing = [line for line in attribute_lines(locales) if line not in present]
    done = []
    if missing:
        block = ([ATTRIBUTES_NOTE] if ATTRIBUTES_NOTE not in present else []) + missing
        separator = "" if not text or text.endswith("\n") else "\n"
        atomic_write_text(attributes, text + separator + "\n".join(block) + "\n")
        done += [f"{attributes}: {line}" for line in missing]
    for key, value in (
        (f"merge.{DRIVER}.name", "vielfalt: PO catalogs and records, entry by entry"),
        (f"merge.{DRIVER}.driver", driver_command(executable)),
    ):
        git(root, "config", "--local", key, value)
        done.append(f"git config {key} {value!r}")
    return done


def run_merge_driver(base: Path, ours: Path, theirs: Path, name: str, cwd: Path) -> list[str]:
    """Merge one file as git asks (the result replaces `ours`); the notes for stderr."""
    texts = []
    for path in (base, ours, theirs):
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise RepositoryError(f"{name}: {path} cannot be read: {exc}") from None
    outcome = merge_file(texts[0], texts[1], texts[2], name, _width(cwd))
    atomic_write_text(ours, outcome.text)
    return outcome.notes


def _width(cwd: Path) -> int:
    """The workspace's catalog width when git runs the driver in it, else gettext's."""
    for folder in (cwd, *cwd.parents):
        config = folder / "vielfalt.toml"
        if config.is_file():
            try:
                return load_workspace(config).catalog_wrap
            except VielfaltError:
                break
    return PAGE_WIDTH


def pull(root: Path, remote: str, branch: str) -> None:
    """Merge the remote branch into the work tree; a failed merge is undone (nothing half)."""
    git(root, "fetch", "--quiet", remote, branch)
    try:
        git(root, "merge", "--no-edit", "--quiet", "FETCH_HEAD")
    except RepositoryError as exc:
        with contextlib.suppress(RepositoryError):
            git(root, "merge", "--abort")
        raise RepositoryError(
            f"{exc}; the merge was undone",
            hint="run 'vielfalt merge-driver install' so catalogs merge entry by entry, "
            "or commit or put aside local changes to the same files",
        ) from None


def commit(root: Path, paths: Sequence[Path], message: str) -> bool:
    """Commit what changed under `paths` (and nothing else); False when nothing did."""
    names = [os.path.relpath(p, root) for p in paths if p.exists()]
    if not names:
        return False
    git(root, "add", "--all", "--", *names)
    staged = git(root, "diff", "--cached", "--name-only", "--", *names)
    if not staged.strip():
        return False
    identity = []
    if not git_config(root, "user.email"):
        identity = ["-c", "user.name=vielfalt", "-c", "user.email=vielfalt@localhost"]
    git(root, *identity, "commit", "--quiet", "--no-verify", "-m", message, "--", *names)
    return True


def git_config(root: Path, key: str) -> str:
    try:
        return git(root, "config", "--get", key).strip()
    except RepositoryError:
        return ""


def push(root: Path, remote: str, branch: str) -> None:
    """Push; when someone pushed meanwhile, merge theirs first and push again (three tries)."""
    for attempt in range(3):
        try:
            git(root, "push", "--quiet", remote, f"HEAD:{branch}")
            return
        except RepositoryError:
            if attempt == 2:
                raise
            pull(root, remote, branch)


def current_branch(root: Path) -> str:
    name = git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()
    if name == "HEAD":
        raise RepositoryError("the workspace's repository has no branch checked out")
    return name
