"""`vielfalt check` catches what translate-toolkit's pofilter catches, on the demo queue.

pofilter runs with the tests that apply to announcements; every entry it flags must carry a
vielfalt finding too, except the false positives listed here with their reason:
- startcaps on caseless scripts (Arabic): there is no capital to start with;
- brackets and doublequoting added by a prescribed glossary rendering ("université populaire
  (Volkshochschule)", bg „Интеграция“): the glossary demands them;
- puncspacing after a date written as CLDR writes it in ru and bg ("13 декабря 2025 г.,"): the
  abbreviation's full stop is followed by the sentence's comma, which is correct there.
"""

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import polib
from click.testing import CliRunner

from pipeline.cli import cli

TESTS = ("doublewords", "startcaps", "xmltags", "numbers", "urls", "emails", "endpunc",
         "brackets", "doublequoting", "puncspacing", "escapes", "newlines", "tabs")  # fmt: skip
CASELESS = {"ar"}
#: "glossary: Volkshochschule → université populaire (Volkshochschule) (prescribed) — note"
VALUE = re.compile(r"value: .+? → (.+) \(as \w+ writes it\)$")
RENDERING = re.compile(r"glossary: .+? → (.+) \((?:prescribed|keep as is)\)(?: — .*)?$")


def pofilter_findings(locales: Path, out: Path) -> dict[tuple[str, str, str], list[str]]:
    command = [sys.executable, "-m", "translate.filters.pofilter", "--fuzzy", "-x", "templates"]
    command += [arg for test in TESTS for arg in ("-t", test)]
    subprocess.run([*command, "-i", str(locales), "-o", str(out)], check=True, capture_output=True)
    found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for path in out.rglob("*.po"):
        for entry in polib.pofile(str(path)):
            for line in (entry.tcomment or "").splitlines():
                if line.startswith("(pofilter) "):
                    test = line.removeprefix("(pofilter) ").split(":")[0]
                    key = f"{path.stem}/{entry.msgctxt}"  # msgctxt is the hash; the file the id
                    found[(path.parent.name, path.stem, key)].append(test)
    return found


def entry_of(locales: Path, language: str, ident: str, key: str) -> polib.POEntry:
    catalog = polib.pofile(str(locales / language / f"{ident}.po"))
    return next(e for e in catalog if f"{ident}/{e.msgctxt}" == key)


def glossary_renderings(entry: polib.POEntry) -> str:
    """The prescribed renderings named in the entry's glossary notes, nothing else."""
    renderings = (RENDERING.match(line) for line in entry.comment.splitlines())
    return " ".join(match.group(1) for match in renderings if match)


def abbreviated_value_before_punctuation(entry: polib.POEntry) -> bool:
    """A value rendered with a closing abbreviation ("2025 г.") right before , ; or :."""
    written = (VALUE.match(line) for line in entry.comment.splitlines())
    forms = [m.group(1) for m in written if m and m.group(1).endswith(".")]
    return any(re.search(re.escape(form) + r"[,;:]", entry.msgstr) for form in forms)


def test_every_real_pofilter_finding_is_a_vielfalt_finding(demo_site, tmp_path) -> None:
    root = demo_site[0].parent
    locales = root / "locales"
    result = CliRunner().invoke(cli, ["--workspace", str(root), "check", "--json"])
    ours = {
        (f["language"], Path(f["file"]).stem, f["key"])
        for f in json.loads(result.output)["findings"]
    }
    theirs = pofilter_findings(locales, tmp_path / "pofilter")
    assert theirs, "pofilter found nothing: the cross-check would prove nothing"
    missed = []
    for (language, ident, key), tests in sorted(theirs.items()):
        real = [t for t in tests if not (t == "startcaps" and language in CASELESS)]
        entry = entry_of(locales, language, ident, key)
        prescribed = glossary_renderings(entry)
        real = [
            t for t in real
            if not (t == "brackets" and "(" in prescribed)
            and not (t == "doublequoting" and "„" in prescribed)
            and not (t == "puncspacing" and abbreviated_value_before_punctuation(entry))
        ]  # fmt: skip
        if real and (language, ident, key) not in ours:
            missed.append((language, ident, key, real))
    assert missed == []
