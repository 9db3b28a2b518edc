"""ASCII ids from German titles, safe as file names on every OS."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
_MAX_SLUG = 80
_SAFE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Names Windows reserves for devices, with or without an extension (com2.md is com2).
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "conin", "conout"]
    + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)


def slugify(text: str, max_length: int = _MAX_SLUG) -> str:
    """German-aware slug: ü→ue, ß→ss, other accents stripped, words joined by '-'."""
    text = text.translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:  # one word longer than the limit
        slug = words[0][:max_length]
    return slug


def make_id(date_iso: str, title: str) -> str:
    """Date plus slug; a title with no Latin letters or digits (emoji, Arabic) gets a short hash
    of the title instead, so two such titles on one date never share an id."""
    slug = slugify(title) or "t" + hashlib.sha1(title.strip().encode("utf-8")).hexdigest()[:8]
    return f"{date_iso}-{slug}"


def is_safe_id(value: str) -> bool:
    """Lowercase ASCII words joined by '-': no separators, no dots, no reserved device names."""
    if not isinstance(value, str) or not _SAFE_ID.fullmatch(value) or len(value) > 120:
        return False
    return value not in _RESERVED and value.split("-")[0] not in _RESERVED
