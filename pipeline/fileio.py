"""Reading sources strictly and writing files atomically: nothing half-written, nothing lost."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from pipeline.errors import EncodingError, LocatedError, SourceError, write_error
from pipeline.textrules import CONFLICT_HINT, CONTROL, conflict_marker_line

# C0/C1 control characters other than tab and newline (CR is normalised away first).
# Bytes that cp1252 maps to typographic characters; their presence in undecodable
# input is the mark of a Windows export.
_CP1252_MARKERS = re.compile(rb"[\x80-\x9f]")


#: what a file's first bytes say it is, when it is no text (checked before any decoding)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Word or Excel document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"OggS", "an audio or video file (Ogg)"),
    (b"ID3", "an MP3 audio file"),
)


def binary_kind(data: bytes) -> str | None:
    """What a file is when it is no text (a PDF, an image, an office document, an archive),
    from its content, whatever its name; None for text."""
    head = data[:16]
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if head.startswith(b"PK\x03\x04"):
        window = data[:4096]
        if b"word/" in window:
            return "a Word document (.docx)"
        if b"xl/" in window:
            return "an Excel workbook (.xlsx)"
        if b"ppt/" in window:
            return "a PowerPoint presentation (.pptx)"
        if b"opendocument" in window:
            return "an OpenDocument file (.odt, .ods)"
        return "a ZIP archive"
    # many NUL bytes make a binary file (one stray NUL is a control character, named by line)
    if data[:1024].count(b"\x00") >= 8 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return None


_WHAT_INSTEAD = {
    "a PDF document": "copy its text into a .txt or .md file, or ingest the city's web page "
    "that shows it",
    "an RTF document": "save it as text (.txt) or HTML and ingest that",
}


def decode_text(data: bytes, path: Path | str, encoding: str | None = None) -> str:
    """Decode `data` as UTF-8 (BOM allowed) or the explicit `encoding`; normalise newlines.

    A PDF, an image, an office document or an archive is named as what it is (whatever the
    file is called), with what to do instead. Non-UTF-8 text is an error that names the line
    of the first bad byte and the likely encoding, so the user can re-run with
    ``--encoding``.
    """
    kind = binary_kind(data)
    if kind is not None:
        hint = _WHAT_INSTEAD.get(kind) or (
            "save it as text (.txt), HTML or Markdown and ingest that"
            if "document" in kind or "workbook" in kind or "presentation" in kind
            else "vielfalt reads the city's pages (text or HTML), RSS/Atom feeds, JSON Lines "
            "and Markdown"
        )
        raise SourceError(path, None, f"is {kind}, not text", hint=hint)
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise EncodingError(path, None, f"cannot decode as {encoding}: {exc}") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            lineno = data.count(b"\n", 0, exc.start) + 1
            guess = "Windows-1252" if _CP1252_MARKERS.search(data) else "Latin-1 (ISO-8859-1)"
            raise EncodingError(
                path,
                lineno,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); it looks like {guess}",
                hint="convert the file to UTF-8, or pass --encoding cp1252",
            ) from None
        if text.startswith("\ufeff"):  # a second BOM after decoding; keep text clean
            text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def check_control_characters(text: str, path: Path | str, line_offset: int = 0) -> None:
    """Refuse invisible control characters: they break PO files and web pages downstream."""
    match = CONTROL.search(text)
    if match:
        lineno = text.count("\n", 0, match.start()) + 1 + line_offset
        raise SourceError(
            path,
            lineno,
            f"contains the control character U+{ord(match.group()):04X}",
            hint="remove it from the source (often a paste from a word processor)",
        )


def refuse_conflict_markers(
    text: str, path: Path | str, error: type[LocatedError] = SourceError
) -> None:
    """Refuse a file git left with both sides of a conflict: nothing in it is translated,
    published or merged until a person has chosen."""
    line = conflict_marker_line(text)
    if line is not None:
        message = "holds git conflict markers (<<<<<<< … >>>>>>>)"
        raise error(path, line, message, hint=CONFLICT_HINT)


def special_kind(path: Path) -> str | None:
    """What a path that exists but is no regular file is ("a named pipe (FIFO)", …); None for
    a regular file or a path that is not there."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_bounded(path: Path, max_bytes: int | None) -> bytes:
    """Bytes of a regular file, at most `max_bytes`: a FIFO, a device such as /dev/zero or a
    file growing while it is read can neither hang a run nor exhaust its memory."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = special_kind(path) or "something else"
            raise SourceError(path, None, f"is {kind}, not a regular file")
        if max_bytes is not None and info.st_size > max_bytes:
            raise _too_large(path, info.st_size, max_bytes)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1 if max_bytes is not None else -1)
    except OSError as exc:
        raise SourceError(path, None, exc.strerror or str(exc)) from None
    if max_bytes is not None and len(data) > max_bytes:  # grew while read, or a special file
        raise _too_large(path, len(data), max_bytes, more=True)
    return data


def _too_large(path: Path | str, size: int, max_bytes: int, more: bool = False) -> SourceError:
    amount = f"more than {max_bytes / 1e6:g} MB" if more else f"{size / 1e6:.1f} MB"
    return SourceError(
        path,
        None,
        f"is {amount}; the limit for one source is {max_bytes / 1e6:g} MB",
        hint="split the file, or raise [policies] max_source_mb in vielfalt.toml",
    )


def read_text(path: Path, encoding: str | None = None, max_bytes: int | None = None) -> str:
    """Read a source file strictly: decode, normalise newlines, refuse control characters."""
    text = decode_text(read_bounded(path, max_bytes), path, encoding)
    check_control_characters(text, path)
    refuse_conflict_markers(text, path)
    return text


def atomic_write_text(path: Path, text: str) -> bool:
    """Write `text` to `path` via a temporary file and rename; return False if unchanged.

    Unchanged files are not rewritten, so re-runs cause no churn in version control.
    """
    return atomic_write_bytes(path, text.encode("utf-8"))


def current_umask() -> int:
    """The process umask (there is no way to read it without setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """Keep the mode of the file being replaced; a new file gets 0666 less the umask.

    mkstemp creates 0600 files, which would leave web servers and translators' accounts
    unable to read what vielfalt writes.
    """
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~current_umask()


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Bytes version of atomic_write_text. A failure (disk full, read-only, permissions) raises
    WriteError naming the file; the old file stays as it was and no temporary file is left."""
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:
        raise write_error(path, exc) from None
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(path)
        prefix = f".{path.name}.{TEMP_MARK}{os.getpid()}."
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise write_error(path, exc) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return True


#: marks vielfalt's temporary files: `.<name>.vf<pid>.<random>.tmp`
TEMP_MARK = "vf"
_TEMP_NAME = re.compile(rf"^\..+\.{TEMP_MARK}(\d+)\.[^.]+\.tmp$")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Temporary files a killed run left in `folder` (its process is gone): removed.
    Only names vielfalt itself makes are considered; another live run's files stay."""
    removed: list[Path] = []
    try:
        names = list(folder.iterdir())
    except OSError:
        return removed
    for candidate in names:
        match = _TEMP_NAME.match(candidate.name)
        if not match or not candidate.is_file() or _alive(int(match.group(1))):
            continue
        try:
            candidate.unlink()
            removed.append(candidate)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
