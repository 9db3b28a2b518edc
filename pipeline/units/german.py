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

#: the month names as a regular-expression alternation (longest first, so „Maerz“ wins)
MONTH_NAMES = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
#: the weekday names (Sonnabend too) as an alternation
WEEKDAY_NAMES = "|".join(
    name.capitalize() for name in sorted((*WEEKDAYS, *WEEKDAY_ALIASES), key=len, reverse=True)
)
#: a written-out date: day, month name, year („9. Februar 2026“); groups day, month, year
NAMED_DATE = rf"(?P<day>\d{{1,2}})(?:\.\s*|\s+)(?P<month>{MONTH_NAMES})\s+(?P<year>\d{{4}})"
#: a date in figures („09.02.2026“, „9. 2. 26“)
NUMERIC_DATE = r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}"
#: an ISO 8601 date or timestamp, as HTML's <time> and feeds write it („2024-03-28T16:21:14Z“)
ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
#: a time of day after a date („, 12:43 Uhr“)
TIME_AFTER = r"(?:,?\s*(?:um\s+)?\d{1,2}[:.]\d{2}(?:\s*Uhr)?)?"
#: English month names, which blog software writes even on German pages („April 9, 2025“)
ENGLISH_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ],
        1,
    )
}  # fmt: skip
#: month first, as WordPress writes dates by default („April 9, 2025“, „Mai 5, 2022“)
MONTH_FIRST_DATE = (
    rf"(?:{MONTH_NAMES}|{'|'.join(m.capitalize() for m in ENGLISH_MONTHS)})\s+\d{{1,2}},\s*\d{{4}}"
)
#: a date as a page states it: written out, in figures, month first or ISO (no groups)
DATE_TEXT = (
    rf"\d{{1,2}}(?:\.\s*|\s+)(?:{MONTH_NAMES})\s+\d{{4}}|{NUMERIC_DATE}|{ISO_DATE}"
    rf"|{MONTH_FIRST_DATE}"
)
#: a label naming what was published, usually ending in „vom“ („Archivmeldung der
#: Rathauskorrespondenz vom“, „Pressemitteilung Nr. 12 vom“, „Pressemitteilung“ alone): the date
#: after it is the publication date
PUBLICATION_LABEL = (
    r"[\wäöüÄÖÜß-]*(?:meldung|mitteilung|nachricht|information|artikel|beitrag|korrespondenz)"
    r"(?:(?:\s+[\wäöüÄÖÜß.-]+){0,3}\s+vom|\s+Nr\.\s*\d{1,5}|:)?\s+"
)
#: what stands before a publication date on a line of its own („Artikel vom“, „[Online seit“,
#: a weekday: „Donnerstag, 19. September 2013“)
DATE_PREFIX = (
    r"\[?(?:(?:Stand|Datum|vom|Artikel vom|Meldung vom|Beitrag vom|Online seit|Veröffentlicht"
    r"(?: am)?|Erstellt(?: am)?|Aktualisiert(?: am)?|Publiziert(?: am)?)[:\s]+"
    rf"|{PUBLICATION_LABEL}|(?:{WEEKDAY_NAMES}|Mo|Di|Mi|Do|Fr|Sa|So)\.?,?\s+(?:den\s+)?)?"
)
#: what may follow the date on its line: a time, a category („| Gesellschaft“), the source's
#: short name („, RZ“), the article's age as news software shows it („Alter: 23 days“), a
#: closing bracket or colon; a category is no sentence („– Der Rat berät.“)
DATE_AFTER = (
    rf"{TIME_AFTER}\]?(?:\s*[|·–]\s*\D{{0,40}}(?<![.!?])|,\s*[^\W\d_]{{1,12}}(?:\s[^\W\d_]{{1,12}}){{0,2}}"
    r"|\s+Alter:\s*\d{1,5}\s+\w{1,8})?:?"
)
#: a line that is a publication date: a prefix, the date (group "date"), perhaps a time and a
#: category after it („02. Mai 2025, 12:43 Uhr“, „1. Oktober 2015 | Gesellschaft“)
DATE_LINE = rf"{DATE_PREFIX}(?P<date>{DATE_TEXT}){DATE_AFTER}"
#: a publication label, its date and the headline on one line („Pressemitteilung Nr. 17 vom
#: 11.01.2005 Integrationskurse in der Landeshauptstadt“); groups date and title
DATED_TITLE = (
    rf"(?:{PUBLICATION_LABEL}|(?:Meldung|Artikel|Beitrag)\s+vom\s+)(?P<date>{DATE_TEXT}){TIME_AFTER}"
    r"\s*[:|–—-]?\s+(?P<title>[^\d\s].{2,200})"
)
#: a place before a date („Beispielstadt, “, „Riegelsberg, den “, „Baden-Baden “ before a bracket)
PLACE_BEFORE_DATE = r"[A-ZÄÖÜ][\w .()/-]{1,40}?(?:,\s+(?:den\s+)?|\s+(?=\())"
#: a date opening a paragraph, perhaps after the place („17. Juni 2019: …“, „Beispielstadt,
#: 14.03.2024 – …“, „Baden-Baden (14.10.2019). …“): the author's date for what follows
LEAD_DATE = rf"(?:{PLACE_BEFORE_DATE})?\(?(?P<date>{DATE_TEXT})\)?\s*[.:–—-]\s+\S"
#: the place and date an official notice is signed with („Riegelsberg, den 09. September 2021“)
SIGNED_DATE = rf"{PLACE_BEFORE_DATE}(?P<date>{DATE_TEXT})"
