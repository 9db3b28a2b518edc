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

from pipeline.languages import cldr_locale
from pipeline.units.german import (
    MONTH_NAMES,
    MONTHS,
    WEEKDAY_ALIASES,
    WEEKDAY_NAMES,
    WEEKDAYS,
)

_WEEKDAY = f"(?P<weekday>{WEEKDAY_NAMES})"
_MONTH = f"(?P<month>{MONTH_NAMES})"  # sources' names
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?"
_WEEKDAY_NAMES = WEEKDAY_NAMES


def _range_date(prefix: str, *, month_required: bool) -> str:
    """One end of a date range, its groups named with `prefix` (month and year may be left
    to the other end: „21. bis 29. September 2026“)."""
    month = "(?P<" + prefix + "month>" + MONTH_NAMES + ")"
    tail = rf"\s?{month}(?:\s+(?P<{prefix}year>\d{{4}}))?"
    return (
        rf"(?:(?P<{prefix}wd>{_WEEKDAY_NAMES}),?\s+(?:(?:den|dem)\s+)?)?"
        rf"(?P<{prefix}day>\d{{1,2}})\." + (tail if month_required else f"(?:{tail})?")
    )


# A range is one value or none of it: its alternatives come first, so that a matched range is
# never read again as two single dates.
_VALUE = re.compile(
    r"zwischen\s+(?:dem\s+)?"
    + _range_date("z1", month_required=False)
    + r"\s+und\s+(?:dem\s+)?"
    + _range_date("z2", month_required=True)
    + r"\b"
    + r"|(?:vom\s+)?"
    + _range_date("r1", month_required=False)
    + r"\s*(?:bis(?:\s+zum)?|–|-)\s*"
    + _range_date("r2", month_required=True)
    + r"\b"
    + rf"|(?P<wd1>{_WEEKDAY_NAMES})\s*(?:bis|–|-)\s*(?P<wd2>{_WEEKDAY_NAMES})\b"
    + rf"|(?:{_WEEKDAY},?\s+(?:(?:den|dem)\s+)?)?"
    + rf"(?P<day>\d{{1,2}})\.\s?{_MONTH}(?:\s+(?P<year>\d{{4}}))?\b"
    r"|(?<![\d.])(?P<nday>\d{1,2})\.\s?(?P<nmonth>\d{1,2})\.\s?(?P<nyear>\d{4}|\d{2})(?![\d.])"
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
    #: the last day of a date range (kind "daterange"), and its German weekday
    end_date: dt.date | None = None
    end_weekday: int | None = None
    #: the first day's year was written (or differs from the last day's)
    start_has_year: bool = False

    def render(self, language: str) -> str:
        """The value as `language` writes it (CLDR); the German text for German."""
        if language == "de":
            return self.source
        locale = cldr_locale(language)
        try:
            return _render(self, locale)
        except (ValueError, LookupError):  # a language CLDR does not know: keep the German
            return self.source


def _render(value: Value, locale: str) -> str:
    if value.kind == "daterange" and value.date is not None and value.end_date is not None:
        # vielfalt's rule: both days as single dates are written, the first without a year
        # the last one shares, joined by CLDR's range separator for the language
        first = Value(0, 0, "", "date", date=value.date, weekday=value.weekday,
                      has_year=value.start_has_year)  # fmt: skip
        last = Value(0, 0, "", "date", date=value.end_date, weekday=value.end_weekday,
                     has_year=value.has_year)  # fmt: skip
        return _render(first, locale) + range_separator(locale) + _render(last, locale)
    if value.kind == "weekdays" and value.weekday is not None and value.end_weekday is not None:
        names = get_day_names("wide", locale=locale)
        return names[value.weekday] + range_separator(locale) + names[value.end_weekday]
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


def range_separator(locale: str) -> str:
    """CLDR's separator of a range of dates or days ("{0} – {1}" in most languages)."""
    fallback = Locale.parse(locale).interval_formats.get(None) or "{0} – {1}"
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
    for prefix in ("z", "r"):
        if match.group(f"{prefix}1day"):
            return _read_range(match, prefix, found, start, end)
    if match.group("wd1"):
        first, last = (_weekday(match.group(g)) for g in ("wd1", "wd2"))
        return Value(start, end, found, "weekdays", weekday=first, end_weekday=last), None
    if match.group("day"):
        return _read_date(match, found, start, end)
    if match.group("nday"):
        day, month, year = (int(match.group(g)) for g in ("nday", "nmonth", "nyear"))
        year += 2000 if len(match.group("nyear")) == 2 else 0  # „15.08.19“
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


def _weekday(name: str | None) -> int | None:
    lowered = (name or "").lower()
    return WEEKDAYS.index(lowered) if lowered in WEEKDAYS else WEEKDAY_ALIASES.get(lowered)


def _read_range(
    match: re.Match[str], prefix: str, found: str, start: int, end: int
) -> tuple[Value | None, str | None]:
    """„vom 21. bis 29. September 2026“, „21.–29. September“, „vom 30. Juni bis 2. Juli“,
    „zwischen dem 1. und 3. März“: one value, or (when it is no real range) none of it."""

    def group(name: str) -> str:
        return match.group(prefix + name) or ""

    month2 = MONTHS[group("2month").lower()]
    month1 = MONTHS[group("1month").lower()] if group("1month") else month2
    year2 = int(group("2year")) if group("2year") else None
    year1 = int(group("1year")) if group("1year") else year2
    weekdays = (_weekday(group("1wd")), _weekday(group("2wd")))
    try:
        first = dt.date(year1 or 2024, month1, int(group("1day") or 0))
        last = dt.date(year2 or 2024, month2, int(group("2day") or 0))
    except ValueError:
        return None, f"„{found}“ is not a range of dates in the calendar (left as written)"
    if last < first and year2 is None:  # „vom 30. Dezember bis 2. Januar“: into the next year
        last = last.replace(year=last.year + 1)
    if last <= first:
        return None, f"„{found}“: the range ends before it starts (left as written)"
    if year2 is not None:
        for day, weekday in zip((first, last), weekdays, strict=True):
            if weekday is not None and day.weekday() != weekday:
                actual = WEEKDAYS[day.weekday()].capitalize()
                return None, f"„{found}“: {day.day}.{day.month}. is a {actual} (left as written)"
    return Value(
        start, end, found, "daterange", date=first, weekday=weekdays[0], has_year=year2 is not None,
        end_date=last, end_weekday=weekdays[1],
        start_has_year=bool(group("1year")) and first.year != last.year,
    ), None  # fmt: skip


def _read_date(
    match: re.Match[str], found: str, start: int, end: int
) -> tuple[Value | None, str | None]:
    day, month = int(match.group("day")), MONTHS[match.group("month").lower()]
    year = int(match.group("year")) if match.group("year") else None
    weekday_name = (match.group("weekday") or "").lower()
    weekday = (
        WEEKDAYS.index(weekday_name) if weekday_name in WEEKDAYS
        else WEEKDAY_ALIASES.get(weekday_name)
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
