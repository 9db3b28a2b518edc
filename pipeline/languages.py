"""Every per-language fact vielfalt uses, in one table: the one home of a language's properties.

Configuration (which codes are accepted), catalogs (gettext's Plural-Forms), publishing
(direction, native names, CLDR dates), language checks (script) and evaluation (NTREX file
names) all read `LANGUAGES`; a language is supported when it has every fact, including the
published site's strings (`pipeline/data/site-strings.json`, tested to cover every language).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: ISO 15924 script code -> the first word of the Unicode character names of its letters
UNICODE_SCRIPTS = {"Latn": "LATIN", "Cyrl": "CYRILLIC", "Arab": "ARABIC"}


@dataclass(frozen=True)
class Language:
    code: str  #: ISO 639-1, as in file names, vielfalt.toml and Argos Translate packages
    english_name: str  #: in reports and messages
    native_name: str  #: in the published site's language links
    direction: Literal["ltr", "rtl"]
    script: str  #: ISO 15924
    cldr_locale: str  #: Babel locale for dates, times and numbers
    iso639_3: str  #: NTREX-128 file names (Standard Arabic is `arb`)
    #: gettext's Plural-Forms (what msgfmt, Poedit and Weblate expect; not CLDR's categories)
    plural_forms: str

    @property
    def unicode_script(self) -> str:
        return UNICODE_SCRIPTS[self.script]


_ONE_OTHER = "nplurals=2; plural=(n != 1);"
_EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)

# fmt: off
LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("de", "German", "Deutsch", "ltr", "Latn", "de", "deu", _ONE_OTHER),
        # English for a German city: day month year, as in the UK, not the US month-first form
        Language("en", "English", "English", "ltr", "Latn", "en_GB", "eng", _ONE_OTHER),
        Language("fr", "French", "Français", "ltr", "Latn", "fr", "fra",
                 "nplurals=2; plural=(n > 1);"),
        Language("ro", "Romanian", "Română", "ltr", "Latn", "ro", "ron",
                 "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);"),
        Language("bg", "Bulgarian", "Български", "ltr", "Cyrl", "bg", "bul", _ONE_OTHER),
        Language("pl", "Polish", "Polski", "ltr", "Latn", "pl", "pol",
                 "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
                 "(n%100<10 || n%100>=20) ? 1 : 2);"),
        Language("tr", "Turkish", "Türkçe", "ltr", "Latn", "tr", "tur", _ONE_OTHER),
        Language("ru", "Russian", "Русский", "ltr", "Cyrl", "ru", "rus", _EAST_SLAVIC),
        Language("ar", "Arabic", "العربية", "rtl", "Arab", "ar", "arb",
                 "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
                 "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"),
        Language("uk", "Ukrainian", "Українська", "ltr", "Cyrl", "uk", "ukr", _EAST_SLAVIC),
    )
}
# fmt: on
#: the language announcements are written in
SOURCE = "de"
#: what Stadt Herne's integration department publishes in (the default of `[languages] targets`)
DEFAULT_TARGETS = ("en", "fr", "ro", "bg", "pl", "tr", "ru", "ar")


def get(code: str) -> Language:
    """The language `code`; KeyError for a code vielfalt does not support."""
    return LANGUAGES[code]


def english_name(code: str) -> str:
    """The English name, or the code itself for a language vielfalt does not support."""
    return LANGUAGES[code].english_name if code in LANGUAGES else code


def cldr_locale(code: str) -> str:
    """The Babel locale for `code` (the code itself where vielfalt has no preference)."""
    return LANGUAGES[code].cldr_locale if code in LANGUAGES else code


def plural_forms(code: str) -> str:
    """gettext's Plural-Forms for `code` (gettext's own default where vielfalt has none)."""
    return LANGUAGES[code].plural_forms if code in LANGUAGES else _ONE_OTHER


#: what people type for a supported language besides its code: ISO 639-3 and 639-2/B codes,
#: the country code used for the language (ua), and names in English
_ALIASES: dict[str, str] = {
    **{language.iso639_3: code for code, language in LANGUAGES.items()},
    **{language.english_name.lower(): code for code, language in LANGUAGES.items()},
    "ara": "ar", "ger": "de", "fre": "fr", "rum": "ro", "ua": "uk", "gb": "en",
}  # fmt: skip


def resolve(text: str) -> str | None:
    """The supported language code `text` names exactly, any case, with a region (`en-GB`,
    `pt_BR` style); None otherwise."""
    code = text.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def suggestion(text: str) -> str | None:
    """The supported code someone who typed `text` most likely meant (`eng` → en, `ua` → uk,
    `Englisch` → en), for "did you mean" hints; None when nothing is close."""
    import difflib

    lowered = text.strip().lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    if resolve(lowered):
        return resolve(lowered)
    names = {**_ALIASES, **{code: code for code in LANGUAGES}}
    close = difflib.get_close_matches(lowered, list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None
