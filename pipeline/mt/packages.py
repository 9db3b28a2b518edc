"""Argos Translate packages on disk: discovery, metadata, validated installation.

Packages are read from the workspace's models/ directory and from Argos Translate's own
package directory, so models installed with `argospm` are used as they are. Nothing here
imports argostranslate (its import creates directories in the user's home).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from packaging.version import InvalidVersion, Version

from pipeline.errors import ModelError, NetworkUnavailable
from pipeline.fileio import special_kind

#: Where Argos Translate's index lives; read from argostranslate at install time only.
NETWORK_TIMEOUT = 5.0


@dataclass(frozen=True)
class ModelPackage:
    """An installed translation package."""

    path: Path
    from_code: str
    to_code: str
    package_version: str
    argos_version: str
    tokenizer_kind: str  # "sentencepiece" | "bpe"
    target_prefix: str = ""
    demo: bool = False
    generated: str | None = None  # "copy" | "lexicon" for vielfalt-built models
    location: str = "workspace"  # "workspace" | "argos"

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    @property
    def ident(self) -> str:
        return f"{self.from_code}-{self.to_code}@{self.package_version}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def tokenizer_path(self) -> Path:
        name = "sentencepiece.model" if self.tokenizer_kind == "sentencepiece" else "bpe.model"
        return self.path / name

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    @property
    def label(self) -> str:
        if self.generated == "lexicon" or self.demo:
            return "DEMO (word-for-word lexicon model)"
        if self.generated == "copy":
            return "TEST (copy model)"
        return "Argos Translate"


def parse_metadata(
    metadata: Mapping[str, object], path: Path, location: str = "workspace"
) -> ModelPackage:
    """Validate an Argos metadata.json dict (no disk access besides the tokenizer check)."""
    meta_path = path / "metadata.json"
    if not isinstance(metadata, Mapping):
        raise ModelError(meta_path, None, "metadata.json must be a JSON object")
    if metadata.get("type", "translate") != "translate":
        raise ModelError(
            meta_path, None, f"package type {metadata.get('type')!r} is not 'translate'"
        )
    codes = {}
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not isinstance(value, str) or not value:
            raise ModelError(meta_path, None, f"metadata.json lacks '{key}'")
        codes[key] = value
    if (path / "sentencepiece.model").is_file():
        kind = "sentencepiece"
    elif (path / "bpe.model").is_file():
        kind = "bpe"
    else:
        raise ModelError(path, None, "package has no tokenizer (sentencepiece.model or bpe.model)")
    if not (path / "model" / "model.bin").is_file():
        raise ModelError(path, None, "package has no CTranslate2 model (model/model.bin)")
    prefix = metadata.get("target_prefix", "")
    return ModelPackage(
        path=path,
        from_code=codes["from_code"],
        to_code=codes["to_code"],
        package_version=str(metadata.get("package_version", "")),
        argos_version=str(metadata.get("argos_version", "")),
        tokenizer_kind=kind,
        target_prefix=prefix if isinstance(prefix, str) else "",
        demo=bool(metadata.get("demo", False)),
        generated=generated if isinstance(generated := metadata.get("vielfalt_generated"), str)
        else None,
        location=location,
    )


def load_package(path: Path, location: str = "workspace") -> ModelPackage:
    meta_path = path / "metadata.json"
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(path, None, "not a package (no metadata.json)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(
            meta_path, getattr(exc, "lineno", None), f"not valid JSON: {exc}"
        ) from None
    return parse_metadata(metadata, path, location)


def argos_packages_dir(environ: Mapping[str, str]) -> Path:
    """Argos Translate's package directory, resolved the way argostranslate does."""
    if environ.get("ARGOS_PACKAGES_DIR"):
        return Path(environ["ARGOS_PACKAGES_DIR"])
    data_home = environ.get("XDG_DATA_HOME") or str(
        Path(environ.get("HOME", "~")).expanduser() / ".local" / "share"
    )
    return Path(data_home) / "argos-translate" / "packages"


def find_packages(
    directories: list[tuple[Path, str]],
) -> tuple[list[ModelPackage], list[ModelError]]:
    """All packages in the given (directory, location) pairs, earlier directories first.

    Broken packages are returned as errors, not raised: one bad package must not hide
    the others.
    """
    found: list[ModelPackage] = []
    problems: list[ModelError] = []
    for directory, location in directories:
        if not directory.is_dir():
            continue
        names = {child.name for child in directory.iterdir()}
        for child in sorted(directory.iterdir()):
            if not child.is_dir():
                continue
            if child.name.startswith("."):
                if child.is_symlink():
                    continue
                # an install killed between its two renames left the old package aside and
                # no new one: it is still the installed model (put back by the next install)
                original = child.name.removeprefix(".replaced-")
                if child.name == original or original in names:
                    continue
            try:
                found.append(load_package(child, location))
            except ModelError as exc:
                problems.append(exc)
    return found, problems


# ---------------------------------------------------------------- installing


def _safe_members(archive: zipfile.ZipFile, source: Path) -> str:
    """Check every entry stays inside one top-level folder; return that folder's name."""
    tops: set[str] = set()
    for info in archive.infolist():
        name = info.filename
        pure = PurePosixPath(name)
        if (
            name.startswith(("/", "\\"))
            or pure.is_absolute()
            or ".." in pure.parts
            or ":" in pure.parts[0]
        ):
            raise ModelError(
                source, None, f"archive entry {name!r} would escape the target directory"
            )
        if "\\" in name:
            raise ModelError(source, None, f"archive entry {name!r} uses backslashes")
        if info.external_attr >> 16 & 0o170000 == 0o120000:
            raise ModelError(source, None, f"archive entry {name!r} is a symbolic link")
        tops.add(pure.parts[0])
    if len(tops) != 1:
        raise ModelError(source, None, "an .argosmodel must hold exactly one top-level folder")
    top = tops.pop()
    if top in (".", "") or top.startswith("."):
        raise ModelError(source, None, f"the package folder {top!r} is not a usable name")
    return top


#: Largest package vielfalt unpacks (the biggest Argos models are well below 2 GB).
MAX_UNPACKED_BYTES = 8 * 1024**3
#: An entry that expands more than this many times over is a zip bomb, not a model (deflate
#: tops out near 1,030; vielfalt's own one-hot test models reach about 360).
MAX_RATIO = 1000


def _check_expansion(archive: zipfile.ZipFile, source: Path, destination: Path) -> None:
    """Sizes are checked before anything is extracted: a zip bomb never reaches the disk."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ModelError(
                source,
                None,
                f"archive entry {info.filename!r} expands "
                f"{info.file_size // max(info.compress_size, 1)} times over: not a model package",
            )
    if total > MAX_UNPACKED_BYTES:
        raise ModelError(
            source,
            None,
            f"unpacks to {total / 1e9:.1f} GB; the limit is {MAX_UNPACKED_BYTES / 1e9:.1f} GB",
        )
    free = shutil.disk_usage(destination).free
    if total > free * 0.9:
        raise ModelError(
            source,
            None,
            f"unpacks to {total / 1e6:.0f} MB but only {free / 1e6:.0f} MB are free",
            hint="free some disk space first",
        )


def recover_interrupted(destination: Path) -> list[str]:
    """Finish or undo what a killed install left: a package moved aside for its replacement
    (`.replaced-X` without `X`) is put back; half-unpacked and half-downloaded folders go.
    Installs run one at a time per workspace (the CLI holds the workspace lock)."""
    notes: list[str] = []
    if not destination.is_dir():
        return notes
    for leftover in sorted(destination.iterdir()):
        name = leftover.name
        if name.startswith(".replaced-") and leftover.is_dir() and not leftover.is_symlink():
            original = destination / name.removeprefix(".replaced-")
            if not original.exists():
                leftover.rename(original)
                notes.append(f"{original}: put back after an install was interrupted")
            else:
                shutil.rmtree(leftover, ignore_errors=True)
        elif name.startswith((".installing-", ".download-")) and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
            notes.append(f"{leftover}: removed (left by an interrupted install)")
    return notes


def install_archive(
    source: Path,
    destination: Path,
    sha256: str | None = None,
    *,
    expect_pair: tuple[str, str] | None = None,
) -> ModelPackage:
    """Install an .argosmodel file into `destination`; a failed install leaves nothing behind,
    and the model it replaces stays usable until the new one is complete. With `expect_pair`
    (an index install), the package must be that pair; it never replaces another pair's."""
    if not source.is_file():
        kind = special_kind(source)
        if kind is not None:
            raise ModelError(source, None, f"is {kind}, not an .argosmodel file")
        raise ModelError(source, None, "no such file")
    if sha256 is not None:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        if digest != sha256.lower():
            raise ModelError(source, None, f"SHA-256 is {digest}, expected {sha256}")
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(source, None, f"not a valid .argosmodel (zip) file: {exc}") from None
    destination.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=destination))
    try:
        with archive:
            top = _safe_members(archive, source)
            _check_expansion(archive, source, destination)
            final = destination / top
            if final.exists() and not (final / "metadata.json").is_file():
                raise ModelError(
                    source,
                    None,
                    f"would replace {final}, which is not an installed model package",
                    hint="install into a models folder of its own ([paths] models)",
                )
            broken = archive.testzip()
            if broken is not None:
                raise ModelError(source, None, f"archive is corrupt (bad CRC in {broken})")
            archive.extractall(staging)
        package = load_package(staging / top)  # metadata, tokenizer, model must all be there
        if expect_pair is not None and package.pair != expect_pair:
            raise ModelError(
                source,
                None,
                f"holds a {package.from_code}→{package.to_code} package, not the "
                f"{expect_pair[0]}→{expect_pair[1]} one asked for",
            )
        try:
            installed = load_package(final) if final.exists() else None
        except ModelError:
            installed = None  # a broken package folder: the new one may take its place
        if installed is not None and installed.pair != package.pair:
            raise ModelError(
                source,
                None,
                f"would replace the installed {installed.from_code}→{installed.to_code} "
                f"package in {final} with a {package.from_code}→{package.to_code} one",
            )
        backup = None
        if final.exists():
            backup = destination / f".replaced-{top}"
            shutil.rmtree(backup, ignore_errors=True)
            final.rename(backup)
        (staging / top).rename(final)
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
        return load_package(final)
    except zipfile.BadZipFile as exc:
        raise ModelError(source, None, f"archive is corrupt: {exc}") from None
    except ModelError as exc:
        raise ModelError(source, None, f"invalid package: {exc.reason}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@dataclass(frozen=True)
class IndexEntry:
    """One package of an Argos-format index (a JSON list of package metadata with links)."""

    code: str
    from_code: str
    to_code: str
    package_version: str
    links: tuple[str, ...]
    sha256: str | None = None
    size: int | None = None


def default_index_url() -> str:
    """Argos Translate's public index, as argostranslate itself names it."""
    from argostranslate import settings  # only here: its import creates directories

    return settings.remote_package_index


def parse_index(data: object, url: str) -> list[IndexEntry]:
    if not isinstance(data, list):
        raise NetworkUnavailable(f"{url}: not a package index (a JSON list was expected)")
    entries = []
    for item in data:
        if not isinstance(item, dict) or not item.get("from_code") or not item.get("to_code"):
            continue
        links = tuple(str(link) for link in item.get("links", []) if isinstance(link, str))
        sha = item.get("sha256") or item.get("checksum")
        size = item.get("size")
        entries.append(
            IndexEntry(
                str(item.get("code") or f"translate-{item['from_code']}_{item['to_code']}"),
                str(item["from_code"]),
                str(item["to_code"]),
                str(item.get("package_version", "0")),
                links,
                str(sha).lower() if sha else None,
                int(size) if isinstance(size, int) else None,
            )
        )
    return entries


def read_index(index_url: str, timeout: float = NETWORK_TIMEOUT) -> list[IndexEntry]:
    """The index, read with a timeout and a deadline (never argostranslate's retry loop)."""
    from pipeline import httpclient

    try:
        answer = httpclient.request(
            index_url, timeout=timeout, deadline=timeout * 4, max_bytes=MAX_INDEX_BYTES
        )
        data = json.loads(answer.body)
    except httpclient.UnsafeURL as exc:
        raise NetworkUnavailable(f"package index: {exc}") from None
    except httpclient.HTTPError as exc:
        raise NetworkUnavailable(
            f"the package index is not reachable: {exc}", hint=_OFFLINE_HINT
        ) from None
    except (ValueError, RecursionError) as exc:
        raise NetworkUnavailable(
            f"the package index {httpclient.shown(index_url)} is not JSON: {exc}",
            hint=_OFFLINE_HINT,
        ) from None
    return parse_index(data, index_url)


_OFFLINE_HINT = (
    "offline? download the .argosmodel file elsewhere and run "
    "'vielfalt models install FILE.argosmodel'"
)
MAX_INDEX_BYTES = 20_000_000
#: the largest download vielfalt accepts (real Argos packages are 50 to 400 MB)
MAX_DOWNLOAD_BYTES = 4_000_000_000


def download(
    url: str,
    target: Path,
    *,
    timeout: float,
    expected_sha256: str | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    progress: Callable[[int, int | None], None] | None = None,
) -> None:
    """Stream `url` into `target`: size limit, complete length, SHA-256 when known."""
    from pipeline import httpclient

    digest = hashlib.sha256()
    received = 0
    try:
        with (
            httpclient.stream(url, timeout=timeout, max_bytes=max_bytes) as (_, headers, chunks),
            open(target, "wb") as out,
        ):
            declared = headers.get("Content-Length")
            total = int(declared) if declared and declared.isdigit() else None
            for chunk in chunks:
                received += len(chunk)
                digest.update(chunk)
                out.write(chunk)
                if progress is not None:
                    progress(received, total)
    except httpclient.UnsafeURL as exc:
        raise ModelError(httpclient.shown(url), None, str(exc)) from None
    except httpclient.ProtocolError as exc:
        raise ModelError(
            httpclient.shown(url), None, f"download truncated or malformed: {exc}"
        ) from None
    except httpclient.HTTPError as exc:
        raise NetworkUnavailable(f"download failed: {exc}") from None
    if expected_sha256 is not None and digest.hexdigest() != expected_sha256:
        raise ModelError(
            url, None, f"SHA-256 is {digest.hexdigest()}, the index says {expected_sha256}"
        )


def install_from_index(
    name: str,
    destination: Path,
    timeout: float = NETWORK_TIMEOUT,
    *,
    index_url: str | None = None,
    entries: Sequence[IndexEntry] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ModelPackage:
    """Download a package by index name (translate-de_en, or de_en) and install it.

    Never calls argostranslate's own index functions: offline they retry forever.
    """
    index_url = index_url or default_index_url()
    entries = read_index(index_url, timeout) if entries is None else entries
    wanted = name.removeprefix("translate-")
    entry = next(
        (e for e in entries if f"{e.from_code}_{e.to_code}" == wanted or e.code == name), None
    )
    if entry is None:
        raise ModelError(name, None, f"no such package in the index {index_url}")
    problems = []
    destination.mkdir(parents=True, exist_ok=True)
    for link in entry.links:
        with tempfile.TemporaryDirectory(dir=destination, prefix=".download-") as tmp:
            target = Path(tmp) / "package.argosmodel"  # never a name taken from the index
            try:
                download(
                    link,
                    target,
                    timeout=timeout * 12,
                    expected_sha256=entry.sha256,
                    max_bytes=min(MAX_DOWNLOAD_BYTES, entry.size or MAX_DOWNLOAD_BYTES),
                    progress=progress,
                )
                return install_archive(
                    target, destination, expect_pair=(entry.from_code, entry.to_code)
                )
            except (NetworkUnavailable, ModelError) as exc:
                problems.append(str(exc))
    raise NetworkUnavailable(
        f"could not install {name}: " + ("; ".join(problems) or "the index lists no link"),
        hint=_OFFLINE_HINT,
    )


def newer_packages(
    installed: Sequence[ModelPackage], entries: Sequence[IndexEntry]
) -> list[tuple[ModelPackage, IndexEntry]]:
    """Installed pairs for which the index has a newer version."""
    updates = []
    for package in installed:
        for entry in entries:
            same = (entry.from_code, entry.to_code) == (package.from_code, package.to_code)
            if same and _version(entry.package_version) > _version(package.package_version):
                updates.append((package, entry))
                break
    return updates


def _version(value: str) -> Version:
    """A package version as `packaging` orders it; a non-PEP 440 one ("1.0-demo") by its
    leading numbers, so any two versions compare (never a TypeError)."""
    try:
        return Version(value)
    except InvalidVersion:
        leading = re.match(r"\d+(?:\.\d+)*", value.strip())
        return Version(leading.group(0) if leading else "0")


def classify_sources(sources: Sequence[str]) -> tuple[list[Path], list[str]]:
    """What the user named: .argosmodel files, folders of them, unpacked package folders;
    anything that looks like a path but is not there is "no such file", never an index
    name; the rest are index names (translate-de_en, de_en)."""
    files: list[Path] = []
    names: list[str] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(path.glob("*.argosmodel"))
            if (path / "metadata.json").is_file():
                found = [path]  # an unpacked package
            if not found:
                raise ModelError(path, None, "holds no .argosmodel file and is no package folder")
            files += found
        elif path.exists() or source.endswith(".argosmodel") or _looks_like_path(source):
            if not path.exists():
                raise ModelError(source, None, "no such file")
            files.append(path)
        else:
            names.append(source)
    return files, names


def _looks_like_path(source: str) -> bool:
    return "/" in source or "\\" in source or source.startswith((".", "~"))


def install_folder(folder: Path, destination: Path) -> ModelPackage:
    """An unpacked package (metadata.json, model/, tokenizer) installed as its archive would be,
    with the same checks: it is packed into a temporary .argosmodel first."""
    load_package(folder)  # a clear error before anything is copied
    with tempfile.TemporaryDirectory(prefix="vielfalt-pack-") as tmp:
        archive = Path(tmp) / f"{folder.name}.argosmodel"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
            for item in sorted(folder.rglob("*")):
                if item.is_symlink():
                    raise ModelError(folder, None, f"{item} is a symbolic link; not packed")
                if item.is_file():
                    out.write(item, f"{folder.name}/{item.relative_to(folder).as_posix()}")
        return install_archive(archive, destination)


def install_sources(
    sources: Sequence[str],
    destination: Path,
    *,
    sha256: str | None = None,
    index_url: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> list[ModelPackage]:
    """Install files, folders of files and index names, files first."""
    files, names = classify_sources(sources)
    installed = [
        install_folder(path, destination)
        if path.is_dir()
        else install_archive(path, destination, sha256=sha256)
        for path in files
    ]
    for name in names:
        installed.append(
            install_from_index(name, destination, index_url=index_url, progress=progress)
        )
    return installed


def update_installed(
    destination: Path,
    index_url: str,
    *,
    progress: Callable[[int, int | None], None] | None = None,
) -> tuple[list[tuple[ModelPackage, ModelPackage]], int]:
    """Install newer versions of the packages in `destination` from the index; the old
    version's folder (inside `destination`, which vielfalt owns) is removed after the new one
    is in place. Returns (old, new) pairs and how many packages were checked."""
    installed, _ = find_packages([(destination, "workspace")])
    entries = read_index(index_url)
    updated = []
    for package, entry in newer_packages(installed, entries):
        new = install_from_index(
            entry.code, destination, index_url=index_url, entries=entries, progress=progress
        )
        if new.path != package.path and package.path.parent == destination:
            shutil.rmtree(package.path, ignore_errors=True)
        updated.append((package, new))
    return updated, len(installed)
