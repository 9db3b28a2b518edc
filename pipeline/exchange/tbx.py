"""TBX (ISO 30042) import and export, so the glossary moves to and from Weblate and CAT tools.

Export writes TBX-Basic in the 2019 (v3) DCA style. Import reads that and the older TBX
2008 `martif` files that Weblate and translate-toolkit write. A concept whose every target
term equals the German term is a `keep` term; otherwise the target terms prescribe it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from pipeline import xmlsafe
from pipeline.errors import GlossaryError
from pipeline.units.glossary import Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_NS = "urn:iso:std:iso:30042:ed-2"
#: vielfalt's matching flags travel in a <note> of the German term
FLAGS_PREFIX = "vielfalt:"


def export_tbx(terms: Sequence[Term], source: str, languages: Sequence[str]) -> str:
    root = ET.Element(
        "tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: source, "xmlns": TBX_NS}
    )
    header = ET.SubElement(root, "tbxHeader")
    description = ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc")
    ET.SubElement(description, "p").text = "vielfalt glossary export"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(terms, 1):
        entry = ET.SubElement(body, "conceptEntry", {"id": f"c{number}"})
        if term.note:
            ET.SubElement(entry, "descrip", {"type": "definition"}).text = term.note
        german = ET.SubElement(entry, "langSec", {XML_LANG: source})
        for index, form in enumerate(term.forms):
            section = ET.SubElement(german, "termSec")
            ET.SubElement(section, "term").text = form
            status = "preferredTerm-admn-sts" if index == 0 else "admittedTerm-admn-sts"
            ET.SubElement(section, "termNote", {"type": "administrativeStatus"}).text = status
            if index == 0 and (term.case_sensitive or term.compounds):
                flags = f"case_sensitive={str(term.case_sensitive).lower()} "
                flags += f"compounds={str(term.compounds).lower()}"
                ET.SubElement(section, "note").text = f"{FLAGS_PREFIX} {flags}"
        for language in languages:
            value = term.term if term.kind == "keep" else term.translations.get(language)
            if value:
                section = ET.SubElement(
                    ET.SubElement(entry, "langSec", {XML_LANG: language}), "termSec"
                )
                ET.SubElement(section, "term").text = value
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def export_martif(terms: Sequence[Term], source: str, language: str) -> str:
    """One target language as TBX 2008 (`martif`, termEntry/langSet/tig): the dialect
    translate-toolkit and so Weblate's glossary components read."""
    root = ET.Element("martif", {"type": "TBX", XML_LANG: source})
    header = ET.SubElement(root, "martifHeader")
    description = ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc")
    ET.SubElement(description, "p").text = "vielfalt glossary (kept current by vielfalt)"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(terms, 1):
        value = term.term if term.kind == "keep" else term.translations.get(language)
        if not value:
            continue
        entry = ET.SubElement(body, "termEntry", {"id": f"c{number}"})
        if term.note:
            ET.SubElement(entry, "descrip", {"type": "definition"}).text = term.note
        for code, text in ((source, term.term), (language, value)):
            tig = ET.SubElement(ET.SubElement(entry, "langSet", {XML_LANG: code}), "tig")
            ET.SubElement(tig, "term").text = text
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


#: the largest TBX file read (a city's termbase is kilobytes; IATE extracts are far larger)
MAX_TBX_BYTES = 50_000_000


def import_tbx(text: str, path: str, source: str, languages: Sequence[str]) -> list[Term]:
    if len(text) > MAX_TBX_BYTES:
        raise GlossaryError(path, None, f"is over {MAX_TBX_BYTES // 1_000_000} MB; not a glossary")
    root = xmlsafe.parse(text, path, GlossaryError, "TBX")
    dialect = _local(root.tag)
    term_tags: tuple[str, ...]
    if dialect == "tbx":
        entry_tag, lang_tag, term_tags = "conceptEntry", "langSec", ("termSec",)
    elif dialect == "martif":
        entry_tag, lang_tag, term_tags = "termEntry", "langSet", ("tig", "ntig")
    else:
        raise GlossaryError(
            path, 1, f"unknown TBX dialect <{dialect}>: expected <tbx> (TBX 2019) or <martif>"
        )
    terms: list[Term] = []
    for number, entry in enumerate(e for e in root.iter() if _local(e.tag) == entry_tag):
        forms: dict[str, list[str]] = {}
        note = ""
        flags: set[str] = set()
        for child in entry.iter():
            if _local(child.tag) not in ("descrip", "note") or not child.text:
                continue
            value = child.text.strip()
            if value.startswith(FLAGS_PREFIX):
                flags.update(value.removeprefix(FLAGS_PREFIX).split())
            elif not note:
                note = value
        for section in (s for s in entry if _local(s.tag) == lang_tag):
            language = section.get(XML_LANG) or section.get("lang") or ""
            language = language.split("-")[0].lower()
            for holder in (h for h in section.iter() if _local(h.tag) in term_tags):
                for node in holder.iter():
                    if _local(node.tag) == "term" and node.text and node.text.strip():
                        forms.setdefault(language, []).append(node.text.strip())
        german = forms.get(source)
        if not german:
            raise GlossaryError(path, None, f"concept {number + 1} has no {source} term")
        unknown = [lang for lang in forms if lang != source and lang not in languages]
        if unknown:
            raise GlossaryError(
                path, None, f"concept {german[0]!r} has unknown language(s) {', '.join(unknown)}"
            )
        targets = {lang: values[0] for lang, values in forms.items() if lang != source}
        keep = not targets or all(value == german[0] for value in targets.values())
        terms.append(
            Term(
                term=german[0],
                kind="keep" if keep else "fixed",
                translations={} if keep else targets,
                variants=tuple(german[1:]),
                note=note,
                case_sensitive="case_sensitive=true" in flags,
                compounds="compounds=true" in flags,
                path=path,
                lineno=0,
            )
        )
    if not terms:
        raise GlossaryError(path, None, f"no <{entry_tag}> concepts found")
    return terms
