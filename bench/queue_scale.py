"""Review-queue scale: `status` and a no-change `translate` over 5,000 announcements × 8 languages.

Builds a workspace with N generated German announcements (NTREX sentences, three paragraphs
each), fills the queue with `translate` (no models: MT is excluded from what is measured, the
entries are then given machine-style translations), and times:

  status                    the fast scanner over all catalogs             target < 3 s
  translate (after edits)   every catalog was rewritten outside vielfalt (as the machine-style
                            translations are here, or a tool touching every file): each is read,
                            repaired and QA'd once                          (reported)
  translate (no change)     the next run: stamps and fingerprints say nothing changed
                                                                           target < 10 s
  translate --force         every catalog re-read, merged and compared      (reported)

    uv run python bench/queue_scale.py [--announcements N]
"""

from __future__ import annotations

import argparse
import gzip
import resource
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ntrex128" / "deu.txt.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--announcements", type=int, default=5000)
    args = parser.parse_args()

    from pipeline.config import init_workspace
    from pipeline.intake.sources import load_announcements
    from pipeline.queue.catalog import MT_MARK, dumps, loads, text_hash
    from pipeline.queue.status import status
    from pipeline.queue.translate import translate_workspace
    from pipeline.units.detect import LanguageDetector

    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        sentences = [line.strip() for line in handle]
    with tempfile.TemporaryDirectory() as tmp:
        workspace, _ = init_workspace(Path(tmp) / "ws")
        targets = list(workspace.target_languages)
        started = time.perf_counter()
        for number in range(args.announcements):
            pick = [sentences[(number * 7 + k) % len(sentences)] for k in range(4)]
            ident = f"2026-01-{1 + number % 28:02d}-meldung-{number:05d}"
            (workspace.paths.announcements / f"{ident}.md").write_text(
                f"---\nid: {ident}\ntitle: Meldung {number}\ndate: 2026-01-{1 + number % 28:02d}\n"
                f"---\n\n{pick[0]}\n\n{pick[1]} {pick[2]}\n\n{pick[3]}\n",
                encoding="utf-8",
            )
        announcements = load_announcements(workspace.paths.announcements)
        detector = LanguageDetector()
        translate_workspace(
            workspace, announcements, targets, detector=detector, registry=None, glossary=None
        )
        for path in workspace.paths.locales.rglob("*.po"):  # stand-in for MT output
            catalog = loads(path.read_text(encoding="utf-8"))
            for entry in catalog.entries:
                entry.translation = f"[{catalog.headers['Language']}] {entry.source}"
                entry.fuzzy = True
                entry.notes.append(f"{MT_MARK} bench sha={text_hash(entry.translation)}")
            path.write_text(dumps(catalog), encoding="utf-8")
        files = sum(1 for _ in workspace.paths.locales.rglob("*.po"))
        print(
            f"queue: {args.announcements} announcements × {len(targets)} languages = {files} "
            f"catalogs (built in {time.perf_counter() - started:.0f} s)"
        )

        runs = (
            ("status, no cache", False),
            ("status, filling cache", True),
            ("status, warm cache", True),
        )
        for label, cache in runs:
            started = time.perf_counter()
            report = status(workspace, targets, use_cache=cache)
            elapsed = time.perf_counter() - started
            entries = sum(c["machine"] for c in report.languages.values())
            print(f"{label:24}{elapsed:6.2f} s   ({entries} machine entries)   target < 3 s")

        announcements = load_announcements(workspace.paths.announcements)
        plain = dict(detector=detector, registry=None, glossary=None)
        for label, target in (("translate (after edits)", "reported"), ("translate (no change)",
                                                                          "target < 10 s")):
            started = time.perf_counter()
            result = translate_workspace(workspace, announcements, targets, **plain)
            elapsed = time.perf_counter() - started
            print(
                f"{label:24}{elapsed:6.2f} s   ({len(result.skipped)} announcements unchanged, "
                f"{len(result.written)} files written)   {target}"
            )

        force = dict(detector=detector, registry=None, glossary=None, force=True)
        translate_workspace(workspace, announcements, targets, **force)  # QA notes, once
        started = time.perf_counter()
        result = translate_workspace(workspace, announcements, targets, **force)
        elapsed = time.perf_counter() - started
        print(
            f"translate --force       {elapsed:6.2f} s   ({result.unchanged_files} catalogs merged "
            f"and found unchanged, {len(result.written)} written; reported, no target)"
        )
        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
