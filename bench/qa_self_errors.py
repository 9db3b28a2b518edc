"""QA errors that vielfalt's own value rendering causes on untouched machine output (target: 0).

A workspace of five announcements written for this check, full of the value shapes city
announcements use („Meldung vom 04. Februar 2019“, „von 8 bis 12 Uhr“, „18 Uhr“, ranges,
amounts, percentages), translated into all eight targets with the DEMO models; then
`vielfalt check --json`. Every QA error here is vielfalt's own doing: the demo models copy
protected values through untouched. Prints the count of errors, and of `numbers` errors.

    uv run python bench/qa_self_errors.py
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli

BODIES = [
    ("Sprechstunde im Rathaus", "Die Sprechstunde findet von 8 bis 12 Uhr statt. Am Freitag, "
     "6. Februar 2026, beginnt sie um 18 Uhr."),
    ("Neue Kurse", "Die Kurse laufen vom 21. bis 29. September 2026, jeweils 18.30 bis 20 Uhr, "
     "Eintritt 5 Euro."),
    ("Fest im Park", "Das Fest am 15. 8. 2019 beginnt ab 14 Uhr. Ermäßigt zahlen Familien "
     "50 Prozent."),
    ("Beratung", "Die Beratung ist montags von 9 bis 12 Uhr und mittwochs bis 16 Uhr geöffnet, "
     "Gebühr 1.250 Euro."),
    ("Termine", "Treffen am 04. Februar 2026 und am 13.12.2025 um 10.30 Uhr im Rathaus."),
]  # fmt: skip


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="vielfalt-qa-bench-"))
    os.environ.update(XDG_DATA_HOME=str(base / "xdg"), ARGOS_PACKAGES_DIR=str(base / "argos"))
    root = base / "ws"

    def run(*args: str):
        return CliRunner().invoke(cli, ["--workspace", str(root), *args])

    CliRunner().invoke(cli, ["init", str(root)])
    run("models", "build-demo", str(base / "models"), "--install")
    for number, (title, body) in enumerate(BODIES):
        ident = f"2026-01-{10 + number:02d}-termin-{number}"
        (root / "announcements" / f"{ident}.md").write_text(
            f"---\nid: {ident}\ntitle: {title}\ndate: 2026-01-{10 + number:02d}\n---\n\n"
            f"Meldung vom 04. Februar 2019: {body}\n",
            encoding="utf-8",
        )
    run("translate")
    findings = json.loads(run("check", "--json").output)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    numbers = [f for f in errors if f["check"] == "numbers"]
    print(f"{len(BODIES)} announcements × 8 targets (DEMO models): {len(errors)} QA errors, "
          f"{len(numbers)} of them 'numbers' (target: 0)")  # fmt: skip
    for finding in errors[:10]:
        print(f"  {finding['language']}: {finding['check']}: {finding['message']}")


if __name__ == "__main__":
    main()
