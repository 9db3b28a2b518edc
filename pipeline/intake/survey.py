"""What the announcements look like before MT: their units, sentences and language verdicts.

Read-only reports for `vielfalt units` and `vielfalt detect`, as plain rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.errors import SourceError
from pipeline.intake.sources import parse_announcement
from pipeline.model import Announcement
from pipeline.units.detect import LanguageDetector, check_announcement
from pipeline.units.glossary import Glossary
from pipeline.units.segment import split_sentences, units_of


def survey_units(
    announcements: list[Announcement],
    detector: LanguageDetector,
    source_language: str,
    glossary: Glossary | None = None,
) -> list[dict[str, Any]]:
    """Per announcement: its verdict and each unit with role, line, verdict, sentences and
    what the model is given for them (`mt_input`)."""
    from pipeline.mt.protected import mt_input

    report = []
    for announcement in announcements:
        units = units_of(announcement)
        check = check_announcement(
            detector, announcement.id, str(announcement.path), units, source_language
        )
        rows = [
            {
                "key": unit.key,
                "role": unit.role,
                "line": unit.lineno,
                "language": unit_check.verdict.language,
                "probability": unit_check.verdict.probability,
                "basis": unit_check.verdict.basis,
                "translate": unit_check.verdict.is_expected,
                "sentences": list(split_sentences(unit.text).parts),
                "mt_input": mt_input(unit.text, glossary) if unit_check.verdict.is_expected else [],
                "text": unit.text,
            }
            for unit, unit_check in zip(units, check.units, strict=True)
        ]
        report.append(
            {
                "id": announcement.id,
                "path": str(announcement.path),
                "date": announcement.date.isoformat(),
                "language": check.verdict.language,
                "probability": check.verdict.probability,
                "is_source_language": check.verdict.is_expected,
                "units": rows,
            }
        )
    return report


def detect_input(
    text: str, path: Path | None, detector: LanguageDetector, expected: str
) -> dict[str, Any]:
    """The verdict on a text; an announcement file gets one verdict per unit as well."""
    if not text.strip():
        raise SourceError(path or "<input>", None, "no text to detect")
    if path is None or not text.startswith("---\n"):
        verdict = detector.detect(text, expected)
        return {
            "language": verdict.language,
            "probability": verdict.probability,
            "is_expected": verdict.is_expected,
            "basis": verdict.basis,
            "candidates": verdict.candidates,
        }
    announcement = parse_announcement(text, path)
    check = check_announcement(
        detector, announcement.id, str(path), units_of(announcement), expected
    )
    return {
        "path": str(path),
        "language": check.verdict.language,
        "probability": check.verdict.probability,
        "is_expected": check.verdict.is_expected,
        "units": [
            {
                "key": u.unit_key,
                "line": u.lineno,
                "language": u.verdict.language,
                "probability": u.verdict.probability,
                "is_expected": u.verdict.is_expected,
                "basis": u.verdict.basis,
            }
            for u in check.units
        ],
    }
