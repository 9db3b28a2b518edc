"""German calendar words as announcements write them: month names (with the Austrian
„Jänner“ and the ASCII „Maerz“) and weekday names. Sources, values and exchange read them."""

from __future__ import annotations

#: month name (lower case) -> month number
MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
#: Monday first, as `datetime.date.weekday()` counts
WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
#: other names of a weekday -> its number
WEEKDAY_ALIASES = {"sonnabend": 5}
