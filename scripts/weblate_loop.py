"""The translators' loop against a real Weblate, by hand (the same loop tests/test_weblate.py runs).

    .venv/bin/python scripts/weblate_loop.py                     # starts its own Weblate
    .venv/bin/python scripts/weblate_loop.py --weblate URL --token wlu_…   # or uses yours

Without --weblate it builds (once, under .cache/) and starts the pinned Weblate of the tests on a
private PostgreSQL, as tests/weblateserver.py does; it needs Debian's postgresql and the build
headers listed there (`.ci/run` installs them). A Weblate of your own must allow file://
repositories (VCS_FILE_PROTOCOL = True) and the token must be an administrator's.

Prints each step and its checks; exits 1 at the first failed check. The workspace is kept.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from weblateloop import ADDED_SENTENCE, APPROVED_TEXT, LoopResult, WeblateAPI, run_loop  # noqa: E402


def checks(result: LoopResult) -> list[tuple[bool, str]]:
    from pipeline.queue.catalog import loads

    status = result.clone_status
    entries = [e for e in loads(result.clone_po, "fr.po").entries if not e.obsolete]
    return [
        (result.discovered == result.announcements,
         f"discovery found {len(result.discovered)} of {len(result.announcements)} announcements"),
        (result.source_languages == {"de"}, f"source language {sorted(result.source_languages)}"),
        (all(result.glossary_terms.values()), f"glossary terms {result.glossary_terms}"),
        (result.pull.get("result") is True and not result.merge_failure,
         f"Weblate pulled vielfalt's commit without conflict ({result.pull})"),
        (any(e.translation == APPROVED_TEXT and not e.fuzzy for e in entries),
         "the translator's approved text is in a fresh clone"),
        (any(ADDED_SENTENCE in e.source for e in entries),
         "the changed paragraph is in the catalog"),
        (status.get("approved", 0) >= 1, f"status in the clone: {status}"),
        (result.reviewed in result.published, f"{result.reviewed}: reviewed, published"),
        (result.unreviewed not in result.published,
         f"{result.unreviewed}: not reviewed, not published"),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weblate", help="URL of a running Weblate (default: start one)")
    parser.add_argument("--token", default=os.environ.get("VIELFALT_WEBLATE_TOKEN", ""))
    options = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="vielfalt-weblate-"))
    vielfalt = [str(ROOT / "vielfalt")]
    say = lambda text: print(f"== {text}", flush=True)  # noqa: E731
    try:
        if options.weblate:
            if not options.token:
                parser.error("--token (or VIELFALT_WEBLATE_TOKEN) is needed with --weblate")
            result = run_loop(WeblateAPI(options.weblate, options.token), base, vielfalt, say)
        else:
            from weblateserver import Server, cached_environment

            say("Weblate: its environment (built once), PostgreSQL, the server")
            with Server(cached_environment(), base / "weblate-home") as server:
                result = run_loop(WeblateAPI(server.url, server.token), base, vielfalt, say)
    except RuntimeError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    failed = 0
    for ok, text in checks(result):
        print(("   ok: " if ok else "   FAILED: ") + text)
        failed += not ok
    verdict = f"{failed} checks failed" if failed else "all checks passed"
    print(f"{verdict} (workspace in {base})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
