"""Dates, times, amounts and percentages: recognised in German, written as each target
language writes them (CLDR through Babel), never left to the MT model.

A model turns „13. Dezember“ into "13. décembre", „10.30 Uhr“ into "10.30 o'clock", € into $;
it may even turn one date into another. So a recognised value travels through MT behind a
placeholder, like a glossary term, and comes back rendered for the target: „Samstag, 13. Dezember
2025“ → en "Saturday, 13 December 2025", fr "samedi 13 décembre 2025", ru "суббота, 13 декабря
2025 г.". A date that does not exist („30. Februar“) or whose weekday is wrong is not a value:
it stays text, and QA flags it (`problems`), never "corrected".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    get_date_format,
    get_day_names,
)
from babel.numbers import format_currency, format_percent

from pipeline.sources import MONTHS

#: CLDR locale per language where the bare code would pick an unsuitable region
#: (English for a German city: day month year, as in the UK, not the US month-first form).
#: One table for values in MT output and for the published pages' dates.
CLDR_LOCALES = {"en": "en_GB"}
WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
_WEEKDAY_ALIASES = {"sonnabend": 5}
_WEEKDAY = r"(?P<weekday>Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"
_MONTH = "(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + ")"  # sources' names
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?"
_VALUE = re.compile(
    rf"(?:{_WEEKDAY},?\s+(?:(?:den|dem)\s+)?)?(?P<day>\d{{1,2}})\.\s?{_MONTH}(?:\s+(?P<year>\d{{4}}))?\b"
    r"|(?<![\d.])(?P<nday>\d{1,2})\.(?P<nmonth>\d{1,2})\.(?P<nyear>\d{4})(?![\d.])"
    r"|(?:von\s+)?(?<![\d.,])(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?"
    r"(?:\s*(?:bis|–|-)\s*(?P<hour2>\d{1,2})(?:[.:](?P<minute2>\d{2}))?)?\s+Uhr\b"
    rf"|(?<![\d.,])(?P<amount>{_NUMBER})\s?(?:€|Euro\b|EUR\b)"
    rf"|(?<![\d.,])(?P<percent>{_NUMBER})\s?(?:%|Prozent\b)"
)


@dataclass(frozen=True)
class Value:
    """One recognised value: where it is, what kind, and what it means."""

    start: int
    end: int
    source: str
    kind: str  # "date" | "time" | "money" | "percent"
    date: dt.date | None = None
    weekday: int | None = None  # from the German text (the year may be missing)
    has_year: bool = True
    numeric: bool = False  # written 13.12.2025
    times: tuple[dt.time, ...] = ()
    number: Decimal | None = None

    def render(self, language: str) -> str:
        """The value as `language` writes it (CLDR); the German text for German."""
        if language == "de":
            return self.source
        locale = CLDR_LOCALES.get(language, language)
        try:
            return _render(self, locale)
        except (ValueError, LookupError):  # a language CLDR does not know: keep the German
            return self.source


def _render(value: Value, locale: str) -> str:
    if value.kind == "date" and value.date is not None:
        if value.numeric:
            return format_skeleton("yMd", value.date, locale=locale)
        pattern = get_date_format("full" if value.weekday is not None else "long", locale).pattern
        if not value.has_year:
            pattern = re.sub(r"[\s,،]*\by+\b(?:\s*'[^']*'\.?)?", "", pattern).strip(" ,،")
        if value.weekday is not None:  # the German weekday, not one computed from a guessed year
            name = get_day_names("wide", locale=locale)[value.weekday].replace("'", "''")
            pattern = re.sub(r"E+", f"'{name}'", pattern)
        return format_date(value.date, pattern, locale=locale)
    if value.kind == "time":
        # One clock per language: every time on the 24-hour clock (as German offices write
        # them), a range as its two times joined by the language's CLDR range separator.
        times = [format_skeleton("Hm", time, locale=locale) for time in value.times]
        return time_range_separator(locale).join(times)
    if value.kind == "money" and value.number is not None:
        if value.number == value.number.to_integral_value():
            return _whole_euros(value.number, locale)
        return format_currency(value.number, "EUR", locale=locale)
    if value.kind == "percent" and value.number is not None:
        return _percent(value.number, locale)
    return value.source


def time_range_separator(locale: str) -> str:
    """What CLDR puts between two 24-hour times of a range ("–", "\u2009–\u2009", "—", " – ")."""
    parsed = Locale.parse(locale)
    halves = parsed.interval_formats.get("Hm", {}).get("H")
    if isinstance(halves, list) and len(halves) == 2 and halves[0].startswith(halves[1]):
        return halves[0][len(halves[1]) :].replace("'", "")
    fallback = parsed.interval_formats.get(None) or "{0}–{1}"
    return fallback.replace("{0}", "", 1).replace("{1}", "", 1)


def _whole_euros(number: Decimal, locale: str) -> str:
    """€5, 5 €: whole amounts without a ",00" the German did not write."""
    with_cents = format_currency(number, "EUR", locale=locale)
    cents = format_currency(Decimal("0.01"), "EUR", locale=locale)
    separator = re.search(r"0(\D)01", cents)
    if separator:
        with_cents = re.sub(re.escape(separator.group(1)) + r"00(?!\d)", "", with_cents)
    return with_cents


def _percent(number: Decimal, locale: str) -> str:
    return format_percent(number / 100, locale=locale, decimal_quantization=False)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def find(text: str) -> tuple[list[Value], list[str]]:
    """The values in German `text`, and what looks like a date or time but is not one."""
    values: list[Value] = []
    problems: list[str] = []
    for match in _VALUE.finditer(text):
        value, problem = _read(match)
        if value is not None:
            values.append(value)
        if problem:
            problems.append(problem)
    return values, problems


def _read(match: re.Match[str]) -> tuple[Value | None, str | None]:
    found = match.group(0)
    start, end = match.start(), match.end()
    if match.group("day"):
        return _read_date(match, found, start, end)
    if match.group("nday"):
        day, month, year = (int(match.group(g)) for g in ("nday", "nmonth", "nyear"))
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None, f"„{found}“ is not a date in the calendar (left as written)"
        return Value(start, end, found, "date", date=date, numeric=True), None
    if match.group("hour"):
        times = []
        for hour, minute in (("hour", "minute"), ("hour2", "minute2")):
            if match.group(hour) is None:
                continue
            h, m = int(match.group(hour)), int(match.group(minute) or 0)
            if h > 24 or m > 59 or (h == 24 and m):
                return None, f"„{found}“ is not a time of day (left as written)"
            times.append(dt.time(h % 24, m))
        return Value(start, end, found, "time", times=tuple(times)), None
    if match.group("amount"):
        return Value(start, end, found, "money", number=_decimal(match.group("amount"))), None
    return Value(start, end, found, "percent", number=_decimal(match.group("percent"))), None


def _read_date(
    match: re.Match[str], found: str, start: int, end: int
) -> tuple[Value | None, str | None]:
    day, month = int(match.group("day")), MONTHS[match.group("month").lower()]
    year = int(match.group("year")) if match.group("year") else None
    weekday_name = (match.group("weekday") or "").lower()
    weekday = (
        WEEKDAYS.index(weekday_name) if weekday_name in WEEKDAYS
        else _WEEKDAY_ALIASES.get(weekday_name)
    )  # fmt: skip
    try:
        date = dt.date(year or 2024, month, day)  # 2024: a leap year, so 29. Februar exists
    except ValueError:
        return None, f"„{found}“ is not a date in the calendar (left as written)"
    if year is not None and weekday is not None and date.weekday() != weekday:
        actual = WEEKDAYS[date.weekday()].capitalize()
        return None, f"„{found}“: that day is a {actual} (left as written)"
    return Value(
        start, end, found, "date", date=date, weekday=weekday, has_year=year is not None
    ), None
