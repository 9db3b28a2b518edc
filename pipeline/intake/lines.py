"""What one line of a pasted page is, by rules that hold on any city's site: a headline, a
label above one, or chrome.

A city's own words for its chrome live in its `SiteProfile`; what is chrome on every site is
here, each kind under the rule name `ingest --dry-run` reports: what a reader clicks („Mehr“,
„[Zurück]“), who took the photo, a notice that an archived article may be out of date, the
site's header with its contact addresses, a byline, the prompts of a comment box.
"""

from __future__ import annotations

import re

#: what a reader clicks under a teaser
LINK_LABEL = re.compile(
    r"\[?(?:mehr|weiter(?:lesen)?|zum artikel|artikel lesen|zur meldung|details|mehr erfahren|"
    r"mehr lesen|zurück|lesen sie mehr|(?:zurück|weiter) zu[rm]? (?:\S+ ){0,5}\S+)\]?\s*[»›>…]*",
    re.IGNORECASE,
)
#: a link to the article before or after („< Umfrage zur …“, „Nächste Meldung: … >“)
PAGER = re.compile(r"(?:[<←]\s*\S.{0,150}|\S.{0,150}\s[>→])")  # guillemets are quotes
#: an image's text that names it a logo („Titel Logo“, „Logo der Stadt Herne“)
LOGO = re.compile(r"(?:[A-ZÄÖÜ]\S* ){0,2}Logo|Logo (?:der|des|von|vom) .{1,40}")
#: a photo credit („Foto: …“, „…; Fotos: …“, „©…“, „Landeshauptstadt Düsseldorf/Ingo Lammert“)
CREDIT = re.compile(
    r"(?:(?:Fotos?|Bild(?:er)?|Quelle|Copyright)\s*:.{0,120}|.{0,120};\s*Fotos?\s*:.{0,80}|©.{0,120}"
    r"|[A-ZÄÖÜ][\w.\-]*(?: [\w.\-]+){0,3}/[A-ZÄÖÜ][\w.\-]*(?: [\w.\-]+){0,2})"
)
#: a caption that ends by naming its photographer („… (Foto: Landeshauptstadt Düsseldorf)“,
#: „… - Foto: Stadt Münster“, „… 05.02.2019 Foto: Walter Schernstein“, „… © Costa Belibasakis“)
CAPTION = re.compile(
    r".{0,400}(?:\((?:Fotos?|Grafik|Bild|Archivbild|Quelle)\s*:[^()]{1,160}\)"
    r"|[\s.\d](?:Fotos?|Grafik|Bild)\s*:\s*[^.!?:]{1,80}|\s©\s?[^©.!?]{1,80})"
)
#: a link to the listing the article belongs to („Alle Pressemitteilungen der Stadt Münster“)
LISTING_LINK = re.compile(
    r"(?:Alle|Weitere|Mehr|Zurück zu(?:r|m)?(?: den| allen)?|Zur|Zu den)\s+(?:[\w-]+\s+)?"
    r"(?:Pressemitteilungen|Pressemeldungen|Meldungen|Nachrichten|News|Artikel|Beiträge|"
    r"Neuigkeiten|Übersicht)\b.{0,60}",
    re.IGNORECASE,
)
#: the contact for journalists under a press release („Pressekontakt: Öffentlichkeitsarbeit, …“)
PRESS_CONTACT = re.compile(r"Pressekontakt\s*:.{1,200}", re.IGNORECASE)
#: what opens the contact block under an article („Kontakt für Presseanfragen“)
CONTACT_HEADING = re.compile(
    r"(?:(?:Ihr(?:e)? )?(?:Kontakt|Ansprechpartner(?:in|innen)?|Ansprechperson(?:en)?)"
    r"|Pressekontakt|Pressestelle|Presse- und Öffentlichkeitsarbeit)"
    r"(?:\s+(?:für|zu|der|des)\s+.{1,50})?:?",
    re.IGNORECASE,
)
#: an archive's warning that the article may be out of date („Bitte beachten Sie, dass die
#: Inhalte möglicherweise nicht mehr aktuell sind.“); a story's „… sind nicht mehr gültig“ is text
ARCHIVE_NOTICE = re.compile(
    r".{0,300}\b(?:möglicherweise|gegebenenfalls|ggf\.|eventuell|unter Umständen|Archiv\w*)\b"
    r".{0,200}\bnicht mehr aktuell\b.{0,300}",
    re.IGNORECASE,
)
#: a site header: the site's name with its e-mail or web address, parts joined by „|“
SITE_HEADER = re.compile(r"[^|]{1,80}(?:\s+\|\s+[^|]{1,120}){1,4}")
_ADDRESS = re.compile(r"@[\w-]+\.\w|https?://|www\.", re.I)
#: the site's name over its print version („Gemeinde Waldburg (Druckversion)“)
PRINT_HEADER = re.compile(r".{1,80}[(\[](?:Druckversion|Druckansicht)[)\]]", re.IGNORECASE)
#: who wrote it, standing on its own line („Autor: …“, „Autor:Anna Muster aus Herne |“)
BYLINE = re.compile(r"(?:Autor(?:in)?|Text|Redaktion|Verfasser(?:in)?)\s*:\s*.{1,80}")
#: who wrote it without the colon („Von Anna Muster“): a byline only above a date line
_AUTHOR = re.compile(r"(?:Autor(?:in)?|Von|Text|Redaktion|Quelle|Verfasser(?:in)?)\b:?\s.{1,80}")
#: the prompts of a comment box under an article
COMMENTS = re.compile(
    r"(?:Kommentare?|Kommentieren|Kommentar schreiben|Sie möchten kommentieren\??|"
    r"Sie möchten zur Diskussion beitragen\??|Die Kommentarfunktion ist (?:geschlossen|deaktiviert)"
    r"\.?|Kommentare sind geschlossen\.?)(?:\s*\(\d+\))?",
    re.IGNORECASE,
)


def general_rule(line: str) -> str | None:
    """The name of the general chrome rule `line` falls under, or None for text."""
    if LINK_LABEL.fullmatch(line) or LISTING_LINK.fullmatch(line):
        return "link label"
    if PAGER.fullmatch(line) and len(line.split()) <= 15:
        return "link to another article"
    if CAPTION.fullmatch(line):
        return "image caption"
    if LOGO.fullmatch(line):
        return "image text"
    if CREDIT.fullmatch(line) and len(line.split()) <= 14:
        return "photo credit"
    if ARCHIVE_NOTICE.fullmatch(line) and len(line) <= 400:
        return "archive notice"
    if SITE_HEADER.fullmatch(line) and _ADDRESS.search(line):
        return "site header"
    if PRINT_HEADER.fullmatch(line):
        return "page header"
    if BYLINE.fullmatch(line):
        return "byline"
    if COMMENTS.fullmatch(line):
        return "comment box"
    if PRESS_CONTACT.fullmatch(line):
        return "press contact"
    return None


def byline(line: str) -> bool:
    """„Autor: Gemeinde Waldburg“, „Von Anna Muster“: who wrote it, not the headline."""
    return bool(BYLINE.fullmatch(line) or _AUTHOR.fullmatch(line))


def headline(line: str) -> bool:
    """A line that reads as a headline: short, no sentence ending, not only digits, no address."""
    words = line.split()
    return (
        1 <= len(words) <= 18
        and not line.rstrip().endswith((".", ":", ";", ","))
        and any(c.isalpha() for c in line)
        and not _ADDRESS.search(line)
    )


def kicker(line: str) -> bool:
    """A label above a headline („Einbürgerung“, „Aktuelle Meldung“): one to three words."""
    return headline(line) and len(line.split()) <= 3


#: words a German headline does not end with: it goes on in the next line
CONTINUES = frozenset(
    [
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "mit", "und",
        "für", "von", "vom", "zum", "zur", "im", "in", "am", "an", "auf", "bei", "nach", "über",
        "aus", "zu", "oder", "als", "wie",
    ]
)


def unfinished(title: str) -> bool:
    """A headline line that goes on in the next („Horster Reparaturcafé:“, „… mit den“)."""
    words = title.split()
    return title.endswith((":", "–", "-")) or bool(words and words[-1] in CONTINUES)


def contact_block(body: list[str]) -> int | None:
    """Where the contact block under an article begins („Kontakt für Presseanfragen“, then
    names, addresses, numbers: short lines, no sentence), or None. Linear: the block is the
    run of short lines at the end, opened by its heading."""
    tail = len(body)
    while tail > 0 and len(body[tail - 1].split()) <= 8 and not body[tail - 1].rstrip().endswith(
        (".", "!", "?")
    ):
        tail -= 1
    start = max(tail - 1, 0)  # the heading may itself be the last line of text before the run
    at = next((i for i in range(start, len(body)) if CONTACT_HEADING.fullmatch(body[i])), None)
    while at and kicker(body[at - 1]):  # the box's labels above it („Weitere Informationen“)
        at -= 1
    return at


#: what opens a consent manager's text (its banner)
_CONSENT_START = re.compile(
    r"\b(?:Cookies?|Cookie-Banner|Cookie-Einstellungen|Datenschutzeinstellungen)\b", re.I
)
#: the words a consent manager's text is made of
_CONSENT_WORDS = re.compile(
    r"\b(?:Cookies?|Cookie-\w+|Einwilligung\w*|einwilligungs\w*|Zustimmung|zustimm\w*|"
    r"Datenschutz\w*|Daten\w*|personenbezogen\w*|verarbeit\w*|Verarbeitung\w*|Tracking|"
    r"Dienste?|Diensten?|DSGVO|Drittl[aä]nd\w*|Webanalyse\w*|Technologien|Speicherdauer|"
    r"Aufbewahrungs\w*|Akzeptieren|Ablehnen|Speichern|Einstellungen|widerruf\w*|Widerspruch|"
    r"Opt-out|Anbieter|Zwecke?|Rechtsgrundlage|Pixel-Tags?|Browser-\w+|Geräte-\w+|"
    r"IP-Add?ress\w*|Referrer-\w+|Nutzungsdaten|Nutzungsanalyse)\b",
    re.IGNORECASE,
)


def consent_block(lines: list[str]) -> set[int]:
    """The indexes of a consent manager's text (the banner, its services, purposes, data and
    legal grounds): from a line that names cookies to the last line of its words, across
    short labels between them. A title after it is never taken in."""
    found: set[int] = set()
    at = 0
    while at < len(lines):
        if not _CONSENT_START.search(lines[at]):
            at += 1
            continue
        last, probe = at, at + 1
        while probe < len(lines):
            line = lines[probe].lstrip("•▪◦-* ").strip()
            if _CONSENT_WORDS.search(line):
                last = probe
            elif len(line.split()) > 4 or line.endswith((".", "!", "?")):
                break
            probe += 1
        found.update(range(at, last + 1))
        at = last + 1
    return found
