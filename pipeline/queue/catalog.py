"""Gettext catalogs: the only module that knows polib and the PO format.

Converts PO text to vielfalt's own `CatalogEntry` objects and back, in memory
(`loads`/`dumps`); callers open and write files. Review state is derived from the entry:
fuzzy + recorded MT output = machine, fuzzy + previous msgid = outdated, no fuzzy =
approved, `#~` = obsolete.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import PurePath

import polib

from pipeline.errors import CatalogError
from pipeline.languages import plural_forms
from pipeline.queue.poformat import PAGE_WIDTH, Message, document, message_lines
from pipeline.textrules import CONFLICT_HINT, conflict_marker_line

#: Extracted-comment prefix that records the machine translation an entry received.
MT_MARK = "vielfalt-mt:"
#: Extracted comments vielfalt owns (rewritten each run); everything else is kept.
OWN_PREFIXES = (
    "role:",
    "glossary:",
    "value:",
    "language:",
    "qa:",
    "tm:",
    "mt-suggestion:",
    "gender:",
    MT_MARK,
)
#: Extracted comment naming an outdated entry's old unit. Not `#| msgctxt`: Poedit and
#: Weblate show a previous msgctxt glued to the previous German.
PREVIOUS_UNIT = "previous-unit:"


class ReviewState(StrEnum):
    UNTRANSLATED = "untranslated"
    MACHINE = "machine"
    APPROVED = "approved"
    OUTDATED = "outdated"
    OBSOLETE = "obsolete"


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def review_state(*, obsolete: bool, translated: bool, fuzzy: bool, previous: bool) -> ReviewState:
    """The one review rule: a translated entry without the fuzzy flag is approved; a fuzzy one
    with a previous German (`#| msgid`) is outdated, without one machine output."""
    if obsolete:
        return ReviewState.OBSOLETE
    if not translated:
        return ReviewState.UNTRANSLATED
    if not fuzzy:
        return ReviewState.APPROVED
    return ReviewState.OUTDATED if previous else ReviewState.MACHINE


@dataclass
class CatalogEntry:
    key: str  # msgctxt: the unit key
    source: str  # msgid
    translation: str = ""  # msgstr
    fuzzy: bool = False
    obsolete: bool = False
    previous_source: str | None = None
    previous_key: str | None = None
    references: list[tuple[str, str]] = field(default_factory=list)
    #: comments vielfalt writes for translators (role, glossary, QA, MT provenance)
    notes: list[str] = field(default_factory=list)
    #: extracted comments not written by vielfalt (kept as they are)
    other_notes: list[str] = field(default_factory=list)
    #: the translators' own comments ("# …"): sacred
    translator_comment: str = ""
    #: flags other than fuzzy (c-format, no-wrap, …): kept
    other_flags: list[str] = field(default_factory=list)

    @property
    def mt_record(self) -> str | None:
        """The recorded machine output hash, if this entry's text came from MT."""
        for note in self.notes:
            if note.startswith(MT_MARK):
                match = re.search(r"sha=([0-9a-f]+)", note)
                return match.group(1) if match else None
        return None

    @property
    def is_untouched_machine(self) -> bool:
        """Machine output no human has edited (the msgstr is what MT produced)."""
        return (
            self.fuzzy
            and self.mt_record is not None
            and self.mt_record == text_hash(self.translation)
        )

    @property
    def label(self) -> str:
        """The state as a reviewer reads it: a machine entry a translator edited is a draft."""
        if self.state == ReviewState.MACHINE and not self.is_untouched_machine:
            return "draft"
        return self.state.value

    @property
    def state(self) -> ReviewState:
        return review_state(
            obsolete=self.obsolete,
            translated=bool(self.translation),
            fuzzy=self.fuzzy,
            previous=self.previous_source is not None,
        )


@dataclass
class Catalog:
    language: str  # "" for the template
    headers: dict[str, str]
    entries: list[CatalogEntry]
    #: the translator comment lines above the header entry ("# …"; "" is a bare "#")
    header_comments: list[str] = field(default_factory=lambda: [""])
    #: what reading had to repair (a duplicated entry dropped): reported by the caller
    repairs: list[str] = field(default_factory=list, compare=False)

    def by_key(self) -> dict[str, CatalogEntry]:
        return {e.key: e for e in self.entries if not e.obsolete}


def _line_of(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


_PO_LINE = re.compile(
    r'\s*$|#.*$|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"\s*$'
    r'|"(?:[^"\\]|\\.)*"\s*$'
)


def check_syntax(text: str, path: str) -> None:
    """polib accepts some broken files silently; every line must be PO syntax."""
    for number, line in enumerate(text.split("\n"), 1):
        if not _PO_LINE.match(line):
            raise CatalogError(path, number, f"not a valid PO file: syntax error in {line[:60]!r}")


def scope_of(path: str) -> str:
    """The announcement a catalog file belongs to: its file name (`<id>.po`, `<id>.pot`)."""
    name = PurePath(path).name
    for suffix in (".po", ".pot"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return ""


def _full_key(msgctxt: str | None, scope: str) -> str | None:
    """msgctxt is the unit's hash alone (the file names the announcement); in memory a key is
    `<announcement id>/<hash>`. Catalogs written before carry the whole key: read as is."""
    if msgctxt and scope and "/" not in msgctxt:
        return f"{scope}/{msgctxt}"
    return msgctxt


def _msgctxt(key: str | None) -> str | None:
    return key.split("/", 1)[1] if key and "/" in key else key


class PluralEntryError(CatalogError):
    """A unit's entry was given plural forms (msgid_plural, msgstr[n]) by a tool or editor."""


def loads(text: str, path: str = "<catalog>", *, reshape_plurals: bool = False) -> Catalog:
    """Parse PO text. Anything vielfalt cannot merge without risk raises CatalogError with file
    and line, and the file is left as it is: broken syntax, a header that is not UTF-8 or not
    "Key: value" lines, two entries for one unit, plural entries (units have no plural).
    Keys are completed with the announcement id from the file name (see `_full_key`)."""
    scope = scope_of(path)
    marker = conflict_marker_line(text)
    if marker is not None:
        raise CatalogError(
            path, marker, "holds git conflict markers (<<<<<<< … >>>>>>>)", hint=CONFLICT_HINT
        )
    check_syntax(text, path)
    count_states(text, path)  # the same header and line checks `status` applies
    shielded, back = _shield(text)
    try:
        po = polib.pofile(shielded, wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise CatalogError(path, _line_of(str(exc)), f"not a valid PO file: {exc}") from None
    if back:
        _unshield_all(po, back)
    entries = []
    for raw in po:  # polib keeps obsolete entries in the same list, flagged
        if raw.msgid == "" and not raw.msgctxt:
            continue
        line = getattr(raw, "linenum", None)
        if (raw.msgid_plural or raw.msgstr_plural) and not reshape_plurals:
            raise PluralEntryError(
                path,
                line,
                "entry has plural forms (msgid_plural, msgstr[n]); vielfalt's units have none",
                hint="put the translation back into a single msgstr and remove msgid_plural",
            )
        reshaped_comment = ""
        if raw.msgid_plural or raw.msgstr_plural:  # read back as one entry; nothing dropped
            forms = dict(sorted(raw.msgstr_plural.items()))
            raw.msgstr = raw.msgstr or forms.pop(0, "")
            kept = [f"msgid_plural „{raw.msgid_plural}“"] if raw.msgid_plural else []
            kept += [f"msgstr[{n}] „{text}“" for n, text in forms.items() if text]
            reshaped_comment = "had plural forms, kept here by vielfalt: " + "; ".join(kept)
        notes: list[str] = []
        other: list[str] = []
        previous_unit = raw.previous_msgctxt
        for line in (raw.comment or "").split("\n"):
            if not line:
                continue
            if line.startswith(PREVIOUS_UNIT):
                previous_unit = line[len(PREVIOUS_UNIT) :].strip() or None
                continue
            (notes if line.startswith(OWN_PREFIXES) else other).append(line)
        entries.append(
            CatalogEntry(
                key=_full_key(raw.msgctxt, scope) or "",
                source=raw.msgid,
                translation=raw.msgstr,
                fuzzy="fuzzy" in raw.flags,
                obsolete=bool(raw.obsolete),
                previous_source=raw.previous_msgid,
                previous_key=_full_key(previous_unit, scope),
                references=[(a, b) for a, b in raw.occurrences],
                notes=notes,
                other_notes=other,
                translator_comment="\n".join(c for c in (raw.tcomment, reshaped_comment) if c),
                other_flags=[f for f in raw.flags if f != "fuzzy"],
            )
        )
    entries, repairs = _one_entry_per_unit(entries, path)
    return Catalog(
        po.metadata.get("Language", ""),
        dict(po.metadata),
        entries,
        _header_comments(text),
        repairs,
    )


def _human_rank(entry: CatalogEntry) -> int:
    """How much of a person's work an entry holds: approved, then a draft or outdated text,
    then machine output, then nothing."""
    if not entry.translation:
        return 0
    if not entry.fuzzy:
        return 3
    return 1 if entry.is_untouched_machine else 2


def _one_entry_per_unit(
    entries: list[CatalogEntry], path: str
) -> tuple[list[CatalogEntry], list[str]]:
    """Two active entries for one unit (a copy an editor or a bad merge made): the one with
    the translator's work is kept and the other dropped when it is machine output, empty or the
    same text; two different human texts cannot be chosen between and are an error."""
    groups: dict[str, list[CatalogEntry]] = {}
    for entry in entries:
        if not entry.obsolete and entry.key:
            groups.setdefault(entry.key, []).append(entry)
    repairs: list[str] = []
    dropped: set[int] = set()
    for key, group in groups.items():
        if len(group) < 2:
            continue
        best = max(group, key=_human_rank)  # the first of the best, in file order
        humans = {e.translation for e in group if _human_rank(e) >= 2}
        if len(humans) > 1:
            raise CatalogError(
                path,
                None,
                f"a second entry for unit {_msgctxt(key)} with another translation by a person "
                f"({len(group)} entries); vielfalt cannot tell which is meant",
                hint="keep one of the entries (merge their translations by hand)",
            )
        dropped |= {id(e) for e in group if e is not best}
        repairs.append(
            f"{path}: {len(group) - 1} extra entries for unit {_msgctxt(key)} (a copy) were "
            f"dropped; the {best.state.value} one is kept"
        )
    return [e for e in entries if id(e) not in dropped], repairs


#: Characters `str.splitlines()` breaks lines at (polib reads PO text with it), which a PO
#: string or comment holds as they are: U+2028, U+2029, NEL, and a few controls.
_LINE_BREAKERS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


#: gettext's escapes that polib does not read (it knows \n, \t, \r, \\ and \")
_OTHER_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_STRING_LINE = re.compile(r'^(?:#~\|? |#\| )?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?\s|")')
_ESCAPE = re.compile(r"\\(.)")


def _shield(text: str) -> tuple[str, dict[str, str]]:
    """`text` as polib reads it right: each line-breaking character polib would split at, and
    each escape it does not know, replaced by a private-use character the text does not
    contain; with the way back."""
    present = [char for char in _LINE_BREAKERS if char in text]
    escapes = "\\" in text and any(f"\\{e}" in text for e in _OTHER_ESCAPES)
    if not present and not escapes:
        return text, {}
    free = (chr(c) for c in range(0x10FF00, 0x10FFFE) if chr(c) not in text)
    back = {}
    for char in present:
        stand_in = next(free)
        text = text.replace(char, stand_in)
        back[stand_in] = char
    if escapes:
        stand_ins = {letter: next(free) for letter in _OTHER_ESCAPES}
        back.update({stand_ins[letter]: char for letter, char in _OTHER_ESCAPES.items()})

        def unescape(match: re.Match[str]) -> str:
            letter = match.group(1)
            return stand_ins[letter] if letter in stand_ins else match.group(0)

        text = "\n".join(
            _ESCAPE.sub(unescape, line) if _STRING_LINE.match(line) else line
            for line in text.split("\n")
        )
    return text, back


def _unshield_all(po: polib.POFile, back: dict[str, str]) -> None:
    def restore(value: str | None) -> str | None:
        if value is None:
            return None
        for stand_in, char in back.items():
            value = value.replace(stand_in, char)
        return value

    po.metadata = {restore(k) or "": restore(v) or "" for k, v in po.metadata.items()}
    po.header = restore(po.header) or ""
    for raw in po:
        for name in ("msgctxt", "msgid", "msgstr", "comment", "tcomment", "previous_msgid",
                     "previous_msgctxt"):  # fmt: skip
            setattr(raw, name, restore(getattr(raw, name)))
        raw.flags = [restore(f) or "" for f in raw.flags]
        raw.occurrences = [(restore(a) or "", restore(b) or "") for a, b in raw.occurrences]


def _header_comments(text: str) -> list[str]:
    """The "# …" lines before the header entry, as gettext keeps them."""
    comments = []
    for line in text.split("\n"):
        if line == "#" or line.startswith("# "):
            comments.append(line[2:])
        elif line.startswith("#"):
            continue
        else:
            break
    return comments


def adopt_keyless(entries: list[CatalogEntry], units: list[tuple[str, str]]) -> list[CatalogEntry]:
    """Give an entry whose msgctxt an editor removed its unit's key back: when its German text
    is that of exactly one unit, and that unit has no entry of its own. Others stay as they are
    (kept, never dropped)."""
    keyed = {e.key for e in entries if e.key and not e.obsolete}
    by_text: dict[str, list[str]] = {}
    for key, text in units:
        by_text.setdefault(text, []).append(key)
    result = []
    for entry in entries:
        candidates = by_text.get(entry.source, [])
        orphan = not entry.key and not entry.obsolete and len(candidates) == 1
        if orphan and candidates[0] not in keyed:
            keyed.add(candidates[0])
            entry = replace(entry, key=candidates[0])
        result.append(entry)
    return result


def dumps(
    catalog: Catalog, previous: str | None = None, path: str = "<catalog>", width: int = PAGE_WIDTH
) -> str:
    """PO text for a catalog in gettext's layout (see `pipeline.queue.poformat`): active entries in
    order, then obsolete ones. With `previous` (the file's text before), every entry and the
    header that did not change keep their lines exactly as they were, whoever wrote them."""
    header, reusable = _blocks_of(previous, path) if previous else (None, [])
    blocks: list[list[str]] = []
    if header is not None and header[0] == catalog.headers and header[1] == catalog.header_comments:
        blocks.append(header[2])
    else:
        fields = "".join(f"{key}: {value}\n" for key, value in catalog.headers.items())
        message = Message("", fields, translator_comments=catalog.header_comments)
        blocks.append(message_lines(message, width))
    active = [e for e in catalog.entries if not e.obsolete]
    obsolete = [e for e in catalog.entries if e.obsolete and e.translation]
    # the old blocks by what identifies an entry, so each lookup is one bucket, not the file
    buckets: dict[tuple, list[int]] = {}
    for i, (old, _) in enumerate(reusable):
        buckets.setdefault((old.key, old.source, old.obsolete), []).append(i)
    used: set[int] = set()
    for entry in active + obsolete:
        lines = message_lines(_message(entry), width)
        index = next(
            (
                i
                for i in buckets.get((entry.key, entry.source, entry.obsolete), ())
                if i not in used
                and reusable[i][0] == entry
                and _same_lines(reusable[i][1], lines)
                and _fits(reusable[i][1], lines, width)
            ),
            None,
        )
        if index is not None:
            used.add(index)
        blocks.append(reusable[index][1] if index is not None else lines)
    return document(blocks)


_PREFIXES = ("#~| ", "#~ ", "#| ", "")


def _fits(old: list[str], new: list[str], width: int) -> bool:
    """Kept as another tool wrapped it only within the configured width (with no wrapping
    configured, only as it would be written anew)."""
    if old == new:
        return True
    return width > 0 and all(len(line) <= width for line in old if line.endswith('"'))


def _same_lines(old: list[str], new: list[str]) -> bool:
    """The same entry, written alike but for where its strings are wrapped."""
    return _unwrapped(old) == _unwrapped(new)


def _unwrapped(lines: list[str]) -> list[str]:
    """PO lines with every string continuation joined to its keyword line."""
    out: list[str] = []
    for line in lines:
        prefix = next(p for p in _PREFIXES if line.startswith(p))
        rest = line[len(prefix) :]
        previous = out[-1] if out else ""
        if (
            rest.startswith('"')
            and previous.startswith(prefix)
            and previous.endswith('"')
            and not previous[len(prefix) :].startswith(("#", '"'))
        ):
            out[-1] = previous[:-1] + rest[1:]
        else:
            out.append(line)
    return out


def _message(entry: CatalogEntry) -> Message:
    flags = (["fuzzy"] if entry.fuzzy else []) + list(entry.other_flags)
    return Message(
        msgid=entry.source,
        msgstr=entry.translation,
        msgctxt=_msgctxt(entry.key),
        translator_comments=entry.translator_comment.split("\n")
        if entry.translator_comment
        else (),
        extracted_comments=[
            *entry.other_notes,
            *entry.notes,
            *([f"{PREVIOUS_UNIT} {_msgctxt(entry.previous_key)}"] if entry.previous_key else []),
        ],
        references=[] if entry.obsolete else [f"{f}:{n}" if n else f for f, n in entry.references],
        flags=flags,
        previous_msgctxt=None,
        previous_msgid=entry.previous_source,
        obsolete=entry.obsolete,
    )


_BLANK = re.compile(r"\n[ \t]*\n")


_HeaderBlock = tuple[dict[str, str], list[str], list[str]]


def _blocks_of(
    text: str, path: str
) -> tuple[_HeaderBlock | None, list[tuple[CatalogEntry, list[str]]]]:
    """The header and each entry of a PO text with the lines they were written in; nothing
    when the text cannot be cut into one block per entry (then everything is written anew)."""
    try:
        parsed = loads(text, path)
    except CatalogError:
        return None, []
    blocks = [b.split("\n") for b in _BLANK.split(text.strip("\n")) if b.strip()]
    with_message = [b for b in blocks if any(_is_msgid(line) for line in b)]
    if not with_message or len(with_message) != len(parsed.entries) + 1:
        return None, []
    header_block, entry_blocks = with_message[0], with_message[1:]
    if not any(line.startswith('msgid ""') for line in header_block):
        return None, []
    header = (parsed.headers, parsed.header_comments, header_block)
    return header, list(zip(parsed.entries, entry_blocks, strict=True))


def _is_msgid(line: str) -> bool:
    return line.startswith(("msgid ", "#~ msgid "))


def headers_for(language: str, project: str, created: str, revised: str | None) -> dict[str, str]:
    """Standard headers; Last-Translator and Language-Team are left for humans."""
    headers = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": revised or "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language:
        headers["Language"] = language
        headers["Plural-Forms"] = plural_forms(language)
        headers["X-Generator"] = "vielfalt"
    return headers


#: header fields without which gettext's tools refuse or misread a catalog
REQUIRED_HEADERS = ("MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Language",
                    "Plural-Forms")  # fmt: skip


def complete_headers(headers: dict[str, str], defaults: dict[str, str]) -> dict[str, str]:
    """A catalog's own header with the fields gettext needs added where a person or a tool
    deleted them (a file whose header entry was removed is rewritten valid)."""
    missing = {k: defaults[k] for k in REQUIRED_HEADERS if k in defaults and not headers.get(k)}
    if not headers:
        return dict(defaults)
    return {**headers, **missing}


def same_content(a: Catalog, b: Catalog) -> bool:
    """Equal entries and headers, ignoring the dates vielfalt itself stamps."""
    ignore = {"PO-Revision-Date", "POT-Creation-Date"}
    headers_a = {k: v for k, v in a.headers.items() if k not in ignore}
    headers_b = {k: v for k, v in b.headers.items() if k not in ignore}
    return headers_a == headers_b and a.entries == b.entries


_MSGCTXT_LINE = re.compile(r'^msgctxt "((?:[^"\\]|\\.)*)"\s*$', re.MULTILINE)


def entry_lines(text: str, path: str = "<catalog>") -> dict[str, int]:
    """Line of each active entry's msgctxt (by unit key), for findings that name file:line."""
    scope = scope_of(path)
    lines: dict[str, int] = {}
    for match in _MSGCTXT_LINE.finditer(text):
        key = match.group(1).replace('\\"', '"').replace("\\\\", "\\")
        lines.setdefault(_full_key(key, scope) or key, text.count("\n", 0, match.start()) + 1)
    return lines


def count_states(text: str, path: str = "<catalog>") -> Counter:
    """Entry states and source words of PO text, without building objects: for fast status.

    A small line scanner that understands exactly what vielfalt and PO editors write:
    flags lines, msgid/msgstr with continuation lines, previous msgid, obsolete entries.
    A line that is none of these, or a string without its closing quote, raises
    CatalogError (the same line rule as `check_syntax`, which the writers run).
    """
    scanner = _StateScanner(path)
    for number, raw in enumerate(text.split("\n"), 1):
        scanner.feed(number, raw)
    scanner.finish()
    return scanner.counts


class _StateScanner:
    """`count_states`' state between lines: the entry being read and what it holds."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.counts: Counter = Counter()
        self.fuzzy = self.previous = self.in_entry = self.obsolete = False
        self.is_header = True
        self.header_line = 1
        self.section: str | None = None
        self.msgid: list[str] = []
        self.msgstr: list[str] = []

    def finish(self) -> None:
        """Count the entry read so far (the header entry is checked, not counted)."""
        if self.in_entry:
            source = "".join(self.msgid)
            translation = "".join(self.msgstr)
            if not source and self.is_header and not self.obsolete:
                _check_header(translation, self.path, self.header_line)
            if source or not self.is_header:
                state = review_state(
                    obsolete=self.obsolete, translated=bool(translation), fuzzy=self.fuzzy,
                    previous=self.previous,
                ).value  # fmt: skip
                self.counts[state] += 1
                self.counts[f"{state}_words"] += len(source.split())
        self.fuzzy = self.previous = self.obsolete = self.in_entry = False
        self.is_header = True
        self.msgid, self.msgstr = [], []

    def feed(self, number: int, raw: str) -> None:
        line = raw
        if line[:1] == "#":  # dispatch on the second character: this is status's hot path
            kind = line[1:2]
            if kind == "~":
                if line[2:3] == "|":
                    return  # previous msgid of an obsolete entry: nothing to count
                self.obsolete = True
                line = line[2:].lstrip()
                if not line:
                    return
            elif kind == ",":
                if self.in_entry and self.section == "msgstr":
                    self.finish()
                self.fuzzy = "fuzzy" in line
                return
            elif kind == "|":
                self.previous = True
                return
            else:
                if self.in_entry and self.section == "msgstr":
                    self.finish()
                return
        if not line or line.isspace():
            self.finish()
            self.section = None
            return
        if not _PO_LINE.match(line):  # the same line rule as `check_syntax`: every reader agrees
            raise CatalogError(
                self.path, number, f"not a valid PO file: syntax error in {raw[:60]!r}"
            )
        self._keyword(number, line, raw)

    def _keyword(self, number: int, line: str, raw: str) -> None:
        if line[0] == '"':
            if self.section == "msgid":
                self.msgid.append(_unquote(line))
            elif self.section == "msgstr":
                self.msgstr.append(_unquote(line))
        elif line.startswith("msgid "):
            if self.in_entry and self.section == "msgstr":
                self.finish()
            if not self.in_entry:
                self.header_line = number
            self.in_entry = True
            self.section = "msgid"
            self.msgid.append(_unquote(line[6:]))
        elif line.startswith("msgstr"):
            self.section = "msgstr"
            self.msgstr.append(_unquote(line.split(" ", 1)[1] if " " in line else '""'))
        elif line.startswith("msgctxt"):
            if self.in_entry and self.section == "msgstr":
                self.finish()
            self.in_entry = True
            self.is_header = False
            self.section = "msgctxt"
        elif not line.startswith("msgid_plural"):
            raise CatalogError(
                self.path, number, f"not a valid PO file: syntax error in {raw[:60]!r}"
            )

_HEADER_FIELD = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:")
_CHARSET = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)


def _check_header(raw: str, path: str, line: int) -> None:
    """The header entry: "Key: value" lines, and UTF-8 as the charset (vielfalt reads and
    writes UTF-8; a file declaring Latin-1 would compile into a Latin-1 MO)."""
    text = raw.replace("\\n", "\n")
    for field_line in text.split("\n"):
        if field_line.strip() and not _HEADER_FIELD.match(field_line):
            raise CatalogError(
                path, line, f"broken header: {field_line[:60]!r} is not a 'Key: value' line"
            )
    charset = _CHARSET.search(text)
    if charset and charset.group(1).upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        raise CatalogError(
            path,
            line,
            f"the header declares charset={charset.group(1)}; vielfalt catalogs are UTF-8",
            hint="set 'Content-Type: text/plain; charset=UTF-8' in the header",
        )


def _unquote(value: str) -> str:
    value = value.strip()
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def compile_mo(catalog: Catalog) -> bytes:
    """A binary MO catalog of the approved entries only (for gettext consumers)."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = dict(catalog.headers)
    for entry in catalog.entries:
        if entry.state == ReviewState.APPROVED:
            po.append(
                polib.POEntry(
                    msgctxt=_msgctxt(entry.key), msgid=entry.source, msgstr=entry.translation
                )
            )
    return po.to_binary()
