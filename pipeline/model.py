"""Domain objects that flow through the pipeline: announcements, units, sentences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Announcement:
    """One German announcement: front matter plus a Markdown body (inline markup kept)."""

    id: str
    title: str
    date: dt.date
    body: str
    url: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    path: Path | None = None
    #: 1-based line of the first body line in `path` (for PO references and errors)
    body_line: int = 1
    #: where it was imported from ("listing.txt:3", a URL ...), for reports
    origin: str | None = None
    #: the id was made from date and title (not given by the source), so ingest may
    #: disambiguate it when it collides with a different announcement
    generated_id: bool = False
    #: the page stated no publication date: the date was taken from the story (a guess)
    date_uncertain: bool = False


@dataclass(frozen=True)
class Unit:
    """One translation unit: the title, a paragraph, a heading or a list item."""

    key: str
    announcement_id: str
    role: str  # "title" | "summary" | "heading" | "paragraph" | "list-item"
    text: str
    #: Markdown prefix kept out of translation ("## ", "- ", "1. ")
    prefix: str = ""
    lineno: int = 1
    path: Path | None = None


@dataclass(frozen=True)
class LanguageVerdict:
    """What the detector says about a text: best language, its probability, German-ness."""

    language: str
    probability: float
    is_expected: bool
    #: language -> probability for the most likely candidates
    candidates: dict[str, float] = field(default_factory=dict)
    #: "detected" | "short-text-default" | "no-letters" | "script"
    basis: str = "detected"
