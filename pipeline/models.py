"""Argos Translate packages on disk: discovery, metadata, validated installation.

Packages are read from the workspace's models/ directory and from Argos Translate's own
package directory, so models installed with `argospm` are used as they are. Nothing here
imports argostranslate (its import creates directories in the user's home).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import tempfile
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.errors import ModelError, NetworkUnavailable

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
        generated=metadata.get("vielfalt_generated")
        if isinstance(metadata.get("vielfalt_generated"), str)
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
        for child in sorted(directory.iterdir()):
            if not child.is_dir() or child.name.startswith("."):
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


def install_archive(source: Path, destination: Path, sha256: str | None = None) -> ModelPackage:
    """Install an .argosmodel file into `destination`; a failed install leaves nothing behind."""
    if not source.is_file():
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
        load_package(staging / top)  # metadata, tokenizer and model must all be there
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


def network_available(url: str, timeout: float = NETWORK_TIMEOUT) -> bool:
    """Can we open a TCP connection to the host of `url` within `timeout` seconds?"""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return True
    except OSError:
        return False


def install_from_index(
    name: str, destination: Path, timeout: float = NETWORK_TIMEOUT
) -> ModelPackage:
    """Download a package by index name (e.g. translate-de_en), only when the network answers.

    Never calls argostranslate's own index functions: offline they retry forever.
    """
    from argostranslate import settings  # only here: its import creates directories

    index_url = settings.remote_package_index
    offline_hint = (
        "offline? download the .argosmodel file elsewhere and run "
        "'vielfalt models install FILE.argosmodel'"
    )
    if not network_available(index_url, timeout):
        raise NetworkUnavailable(
            f"the Argos package index is not reachable ({timeout:.0f} s)", hint=offline_hint
        )
    try:
        with urllib.request.urlopen(index_url, timeout=timeout * 4) as response:
            index = json.loads(response.read())
    except (OSError, ValueError) as exc:
        raise NetworkUnavailable(
            f"cannot read the Argos package index: {exc}", hint=offline_hint
        ) from None
    wanted = name.removeprefix("translate-")
    for entry in index:
        pair = f"{entry.get('from_code')}_{entry.get('to_code')}"
        if pair == wanted or entry.get("code") == name:
            for link in entry.get("links", []):
                with tempfile.TemporaryDirectory() as tmp:
                    target = Path(tmp) / f"{name}.argosmodel"
                    try:
                        with urllib.request.urlopen(link, timeout=timeout * 12) as response:
                            target.write_bytes(response.read())
                    except OSError:
                        continue
                    return install_archive(target, destination)
            raise NetworkUnavailable(
                f"could not download {name} from any of its links", hint=offline_hint
            )
    raise ModelError(name, None, "no such package in the Argos package index")


def default_threads() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
