"""XLIFF 1.2 and 2.0 for translation agencies' CAT tools: text in, text out, no files.

A document is one target language; each announcement is a `<file>`, each unit a `<trans-unit>`
(1.2) or `<unit>` (2.0) whose id is vielfalt's unit key. Protected spans (glossary terms,
links and emphasis, dates) travel as inline codes that CAT tools lock (`<ph>`), carrying the
German text they stand for; what each code becomes in the target is recorded by vielfalt (the
export manifest), so a CAT tool that copies the German into a code cannot change a term.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline import xmlsafe
from pipeline.errors import LocatedError

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
NS11 = "urn:oasis:names:tc:xliff:document:1.1"
NS_VF = "urn:vielfalt:xliff"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class XliffError(LocatedError):
    """An XLIFF file that cannot be read or does not belong here; nothing is imported from it."""


@dataclass(frozen=True)
class Code:
    """An inline code: a protected span the CAT tool locks."""

    id: str
    kind: str  # "term" | "markup" | "date"
    native: str  # the German text it stands for
    target: str  # what it becomes in the target language


Segment = str | Code


@dataclass(frozen=True)
class Unit:
    key: str
    source: tuple[Segment, ...]
    target: tuple[Segment, ...] | None
    #: XLIFF 1.2 target state ("new", "needs-review-translation", "final", …) or 2.0 state
    state: str = ""
    approved: bool = False
    notes: tuple[str, ...] = ()
    #: the unit's id/resname as written by another tool, when it is not a vielfalt key
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    original: str  # the announcement id
    units: tuple[Unit, ...]


@dataclass
class Xliff:
    version: str
    source_language: str
    target_language: str
    documents: list[Document] = field(default_factory=list)
    export_id: str | None = None
    workspace: str | None = None


def plain(segments: tuple[Segment, ...] | None, *, target: bool) -> str:
    """The text of segments, codes replaced by what they stand for in source or target."""
    return "".join(
        s if isinstance(s, str) else (s.target if target else s.native) for s in segments or ()
    )


# ---------------------------------------------------------------- writing

#: elements whose text is content: never indented (ET.indent would add white space to it)
_CONTENT = {"source", "target", "note"}


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure for people reading the file, never the text of a unit."""
    if _local(element.tag) in _CONTENT or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    child.tail = "\n" + "  " * level


def _ph12(parent: ET.Element, code: Code, *, target: bool) -> ET.Element:
    element = ET.SubElement(
        parent,
        f"{{{NS12}}}ph",
        {"id": code.id, "ctype": f"x-{code.kind}", "equiv-text": code.native},
    )
    element.text = code.target if target else code.native
    return element


def _fill(
    element: ET.Element,
    segments: tuple[Segment, ...],
    code: Callable[[ET.Element, Code], ET.Element],
) -> None:
    """Mixed content: text, then each code element with the text after it as its tail."""
    last: ET.Element | None = None
    for segment in segments:
        if isinstance(segment, str):
            if last is None:
                element.text = (element.text or "") + segment
            else:
                last.tail = (last.tail or "") + segment
        else:
            last = code(element, segment)


def _fill12(element: ET.Element, segments: tuple[Segment, ...], *, target: bool) -> None:
    _fill(element, segments, lambda parent, c: _ph12(parent, c, target=target))


def _mark_export(root: ET.Element, document: Xliff) -> None:
    """vielfalt's own attributes: which export (and workspace) a file comes from."""
    if document.export_id:
        root.set(f"{{{NS_VF}}}export-id", document.export_id)
    if document.workspace:
        root.set(f"{{{NS_VF}}}workspace", document.workspace)


def dumps_12(document: Xliff) -> str:
    ET.register_namespace("", NS12)
    ET.register_namespace("vf", NS_VF)
    root = ET.Element(f"{{{NS12}}}xliff", {"version": "1.2"})
    _mark_export(root, document)
    for doc in document.documents:
        file = ET.SubElement(
            root,
            f"{{{NS12}}}file",
            {
                "original": doc.original,
                "source-language": document.source_language,
                "target-language": document.target_language,
                "datatype": "plaintext",
            },
        )
        body = ET.SubElement(file, f"{{{NS12}}}body")
        for unit in doc.units:
            attributes = {"id": unit.key, "resname": unit.key, "xml:space": "preserve"}
            attributes["approved"] = "yes" if unit.approved else "no"
            element = ET.SubElement(body, f"{{{NS12}}}trans-unit", attributes)
            source = ET.SubElement(element, f"{{{NS12}}}source")
            _fill12(source, unit.source, target=False)
            if unit.target is not None:
                target = ET.SubElement(element, f"{{{NS12}}}target", {"state": unit.state})
                if unit.state == "needs-review-translation" and not unit.approved:
                    target.set("state-qualifier", "mt-suggestion")
                _fill12(target, unit.target, target=True)
            for note in unit.notes:
                ET.SubElement(element, f"{{{NS12}}}note", {"from": "vielfalt"}).text = note
    _indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


#: XLIFF 1.2 states and their closest 2.0 state
_STATE_20 = {
    "new": "initial",
    "needs-translation": "initial",
    "needs-review-translation": "translated",
    "translated": "translated",
    "final": "final",
    "signed-off": "final",
}


def dumps_20(document: Xliff) -> str:
    ET.register_namespace("", NS20)
    ET.register_namespace("vf", NS_VF)
    root = ET.Element(
        f"{{{NS20}}}xliff",
        {
            "version": "2.0",
            "srcLang": document.source_language,
            "trgLang": document.target_language,
        },
    )
    _mark_export(root, document)
    for doc in document.documents:
        file = ET.SubElement(
            root, f"{{{NS20}}}file", {"id": doc.original, "original": doc.original}
        )
        for unit in doc.units:
            element = ET.SubElement(file, f"{{{NS20}}}unit", {"id": unit.key, "name": unit.key})
            if unit.notes:
                notes = ET.SubElement(element, f"{{{NS20}}}notes")
                for note in unit.notes:
                    ET.SubElement(notes, f"{{{NS20}}}note").text = note
            state = "final" if unit.approved else _STATE_20.get(unit.state, "initial")
            segment = ET.SubElement(element, f"{{{NS20}}}segment", {"state": state})
            source = ET.SubElement(segment, f"{{{NS20}}}source")
            _fill20(source, unit.source, target=False)
            if unit.target is not None:
                target = ET.SubElement(segment, f"{{{NS20}}}target")
                _fill20(target, unit.target, target=True)
    _indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _fill20(element: ET.Element, segments: tuple[Segment, ...], *, target: bool) -> None:
    def ph(parent: ET.Element, code: Code) -> ET.Element:
        shown = code.target if target else code.native
        attributes = {"id": code.id, "equiv": shown, "disp": shown, "type": "other"}
        return ET.SubElement(parent, f"{{{NS20}}}ph", attributes | {"subType": f"x:{code.kind}"})

    _fill(element, segments, ph)


# ---------------------------------------------------------------- reading


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _segments(element: ET.Element | None, *, target: bool) -> tuple[Segment, ...]:
    """Text and inline codes of a source or target element (any XLIFF inline element)."""
    if element is None:
        return ()
    out: list[Segment] = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name in ("ph", "x", "bx", "ex", "bpt", "ept", "it", "sc", "ec", "pc"):
            identifier = child.get("id", "")
            native = child.get("equiv-text") or child.get("equiv") or "".join(child.itertext())
            content = "".join(child.itertext()) or child.get("equiv") or native
            kind = (child.get("ctype") or child.get("subType") or "x-markup").split("-")[-1]
            kind = kind.split(":")[-1]
            out.append(Code(identifier, kind, native, content if target else native))
            if name == "pc":  # a paired code wraps text: keep the text
                out.append("".join(child.itertext()))
        elif name == "mrk" or name == "g":
            out.extend(_segments(child, target=target))
        out.append(child.tail or "")
    return tuple(s for s in out if s != "")


def loads(text: str, path: str) -> Xliff:
    """Parse XLIFF 1.1/1.2 (vielfalt's own, translate-toolkit's, CAT tools') or 2.0."""
    root = xmlsafe.parse(text, path, XliffError, "XLIFF")
    if _local(root.tag) != "xliff":
        raise XliffError(path, 1, f"not an XLIFF file (root element <{_local(root.tag)}>)")
    version = root.get("version", "")
    export_id = root.get(f"{{{NS_VF}}}export-id")
    workspace = root.get(f"{{{NS_VF}}}workspace")
    # The namespace says how the document is built; a version attribute that disagrees (a
    # 1.2 document labelled "2.0") must not make the reader look for the wrong elements.
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if namespace == NS20 or (namespace not in (NS12, NS11) and version.startswith("2")):
        return _read_20(root, path, "2.0", export_id, workspace)
    if namespace in (NS12, NS11):
        version = "1.2" if namespace == NS12 else "1.1"
    documents = []
    source_language = target_language = ""
    for file in root.iter():
        if _local(file.tag) != "file":
            continue
        source_language = file.get("source-language", source_language)
        target_language = file.get("target-language", target_language)
        units = []
        for element in file.iter():
            if _local(element.tag) != "trans-unit" or element.get("restype", "").endswith(
                "domain-header"
            ):
                continue
            source = next((c for c in element if _local(c.tag) == "source"), None)
            target = next((c for c in element if _local(c.tag) == "target"), None)
            notes = tuple("".join(c.itertext()) for c in element if _local(c.tag) == "note")
            names = tuple(n for n in (element.get("resname"), element.get("id")) if n)
            units.append(
                Unit(
                    key=element.get("resname") or element.get("id") or "",
                    source=_segments(source, target=False),
                    target=_segments(target, target=True) if target is not None else None,
                    state=(target.get("state", "") if target is not None else ""),
                    approved=element.get("approved") == "yes",
                    notes=notes,
                    names=names,
                )
            )
        documents.append(Document(file.get("original", ""), tuple(units)))
    return Xliff(
        version or "1.2", source_language, target_language, documents, export_id, workspace
    )


def _read_20(root, path, version, export_id, workspace) -> Xliff:
    documents = []
    for file in (c for c in root if _local(c.tag) == "file"):
        units = []
        for element in file.iter():
            if _local(element.tag) != "unit":
                continue
            segment = next((c for c in element if _local(c.tag) == "segment"), None)
            if segment is None:
                continue
            source = next((c for c in segment if _local(c.tag) == "source"), None)
            target = next((c for c in segment if _local(c.tag) == "target"), None)
            notes = tuple(
                "".join(n.itertext())
                for block in element
                if _local(block.tag) == "notes"
                for n in block
            )
            state = segment.get("state", "initial")
            units.append(
                Unit(
                    key=element.get("name") or element.get("id", ""),
                    source=_segments(source, target=False),
                    target=_segments(target, target=True) if target is not None else None,
                    state=state,
                    approved=state == "final",
                    notes=notes,
                    names=tuple(n for n in (element.get("name"), element.get("id")) if n),
                )
            )
        documents.append(Document(file.get("original") or file.get("id", ""), tuple(units)))
    return Xliff(
        version, root.get("srcLang", ""), root.get("trgLang", ""), documents, export_id, workspace
    )
