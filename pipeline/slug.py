"""ASCII ids from German titles, safe as file names on every OS."""

from __future__ import annotations

import re
import unicodedata

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
_MAX_SLUG = 80
_SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    slug = slugify(title)
    return f"{date_iso}-{slug}" if slug else date_iso


def is_safe_id(value: str) -> bool:
    """Lowercase ASCII words joined by '-': no separators, no dots, no reserved device names."""
    if not _SAFE_ID.match(value) or len(value) > 120:
        return False
    return value.split("-")[0] not in {"con", "prn", "aux", "nul", "com1", "lpt1"}
