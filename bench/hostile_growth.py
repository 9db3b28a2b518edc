"""How time grows with the size of hostile input (target: at most n log n for each).

Each input is doubled from small up to the size limits docs/operations.md states (a source of
20 MB, a catalog of 50 MB), and the library function that meets it in a real run is timed:

- brackets: an article whose paragraph is a run of `[` and `[a](` (import_html, language
  check, sentence split);
- teasers: a listing without headers whose teasers each state a date, newest first, some out
  of order (import_listing: the listing's dating step);
- nesting: JSONL whose body_html is nested n deep (import_jsonl);
- stars: one text of n „Vertreter*innen“ sentences (sentence split, protection, gender notes);
- profile lines: n lines read with Herne's page profile (read_page);
- catalog: loads and dumps of a catalog of n entries (what `translate --force` does to it);
- renamed: n incoming entries whose titles were corrected, matched against n announcements
  already in the workspace (ingest's identity step).

Prints, per input, the time per size and the exponent of growth between the last two sizes
(log2 of the time ratio: 1.0 is linear, 2.0 quadratic); n log n shows as about 1.1.

    uv run python bench/hostile_growth.py
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import time
from collections.abc import Callable

TEXT = "Am Montag, 9. Februar 2026, beginnt der Sprachkurs für Vertreter*innen aus Herne."


def brackets(n: int) -> None:
    from pipeline.intake.sources import import_html
    from pipeline.units.detect import LanguageDetector, check_announcement
    from pipeline.units.segment import units_of

    html = (
        "<html><head><title>Sprachkurs</title></head><body><article><h1>Sprachkurs beginnt</h1>"
        f"<p>{TEXT}</p><p>{'[' * n}{'[a](' * (n // 4)}</p></article></body></html>"
    )
    announcement = import_html(html, "bench.html")
    check_announcement(LanguageDetector(), announcement.id, "bench", units_of(announcement), "de")


def teasers(n: int) -> None:
    from pipeline.intake.sources import import_listing

    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember"]  # fmt: skip
    day = dt.date(2026, 2, 9)
    lines = ["Aktuelles", ""]
    for i in range(n):
        stated = day - dt.timedelta(days=i // 3 + (5 if i % 7 == 3 else 0))
        lines += [
            f"Sprachcafé Nummer {i} im Stadtteilzentrum",
            f"Am {stated.day}. {months[stated.month - 1]} {stated.year} treffen sich "
            f"Vertreter*innen zum {i}. Mal.",
            f"mehr zur Meldung: Sprachcafé Nummer {i} im Stadtteilzentrum",
            "",
        ]
    import_listing("\n".join(lines), "bench.txt")


def nesting(n: int) -> None:
    from pipeline.intake.sources import import_jsonl

    html = "<div>" * n + TEXT + "</div>" * n
    import_jsonl(json.dumps({"title": "Sprachkurs", "date": "2026-02-09", "body_html": html}), "b")


def stars(n: int) -> None:
    from pipeline.units.gender import notes
    from pipeline.units.protect import markup_spans, protect
    from pipeline.units.segment import split_sentences

    text = " ".join(["Die Vertreter*innen der Vereine treffen sich."] * n)
    for sentence in split_sentences(text).parts:
        protect(sentence, None, values=True)
    notes(text, markup_spans(text))


def profile_lines(n: int) -> None:
    from pipeline.intake.pages import read_page

    lines = ["Pressemitteilungen"]
    for i in range(n // 4):
        lines += [
            f"Meldung vom {1 + i % 28}. Februar 2026",
            f"Sprachcafé Nummer {i}",
            TEXT,
            f"mehr zur Meldung: Sprachcafé Nummer {i}",
        ]
    read_page("\n".join(lines), "bench.txt")


def shaped_listing(n: int) -> None:
    """Another city's listing read by its shape: a place label, a kicker, the headline, the
    teaser, and the date closing each entry (both ways of cutting the page are tried)."""
    from pipeline.intake.pages import read_page

    lines = ["Pressemitteilungen der Gemeinden"]
    for i in range(n):
        day = dt.date(2026, 2, 9) - dt.timedelta(days=i % 400)
        lines += ["Beispielstadt", f"Stadtteil {i % 7}", f"Sprachcafé Nummer {i} öffnet",
                  f"Treffen Nummer {i}: {TEXT}",
                  f"{day.day:02d}.{day.month:02d}.{day.year}, BZ"]  # fmt: skip
    read_page("\n".join(lines), "bench.txt")


def article_lines(n: int) -> None:
    """An article whose every line could open a contact block or a consent manager's text, a
    bullet, or repeat its title."""
    from pipeline.intake.pages import read_page

    lines = ["Sprachkurs beginnt", "Aktuelle Meldung"]
    for _ in range(n):
        lines += ["Kontakt für Presseanfragen", "• Sprachkurs beginnt", "Cookies", "kurz", TEXT]
    read_page("\n".join(lines), "bench.txt")


def catalog(n: int) -> None:
    from pipeline.queue.catalog import dumps, loads

    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n'
    )
    blocks = [header]
    for i in range(n):
        blocks.append(
            f'#, fuzzy\nmsgctxt "{i:010x}"\nmsgid "{TEXT} Nummer {i}"\n'
            f'msgstr "Le lundi 9 février 2026, le cours commence, numéro {i}."\n'
        )
    text = "\n".join(blocks)
    loaded = loads(text, "bench.po")
    dumps(loaded, text, "bench.po")


def renamed(n: int) -> None:
    from pipeline.intake.ingest import _identity
    from pipeline.model import Announcement

    day = dt.date(2026, 2, 9)
    existing = {
        f"a{i}": Announcement(
            f"a{i}", f"Meldung {i}", day - dt.timedelta(days=i % 400),
            f"{TEXT} Treffen Nummer {i} im Stadtteilzentrum, Raum {i % 17}.",
            generated_id=True,
        )
        for i in range(n)
    }  # fmt: skip
    incoming = [
        Announcement(
            f"b{i}", f"Meldung {i} (korrigiert)", a.date, a.body, generated_id=True
        )
        for i, a in enumerate(existing.values())
    ]  # fmt: skip
    _, actions = _identity(incoming, existing)
    assert len(actions) == n


CASES: list[tuple[str, Callable[[int], None], list[int], str]] = [
    ("brackets", brackets, [25_000 * 2**k for k in range(6)], "brackets"),
    ("teasers", teasers, [250 * 2**k for k in range(6)], "dated teasers"),
    ("nesting", nesting, [2_500 * 2**k for k in range(6)], "levels"),
    ("stars", stars, [250 * 2**k for k in range(6)], "star forms"),
    ("profile lines", profile_lines, [5_000 * 2**k for k in range(6)], "lines"),
    ("shaped list", shaped_listing, [500 * 2**k for k in range(6)], "entries"),
    ("article lines", article_lines, [1_250 * 2**k for k in range(6)], "line triples"),
    ("catalog", catalog, [2_500 * 2**k for k in range(6)], "entries"),
    ("renamed", renamed, [250 * 2**k for k in range(6)], "announcements"),
]


def _seconds(run: Callable[[int], None], size: int) -> float:
    """One run's time after a garbage collection; a run under a second is timed three times and
    the best kept (the collector of the case before otherwise decides the small figures)."""
    gc.collect()
    started = time.perf_counter()
    run(size)
    seconds = time.perf_counter() - started
    for _ in range(2 if seconds < 1.0 else 0):
        gc.collect()
        started = time.perf_counter()
        run(size)
        seconds = min(seconds, time.perf_counter() - started)
    return seconds


def main() -> None:
    print(f"{'input':<14} {'size':>9} {'unit':<13} {'seconds':>8}")
    summary = []
    for name, run, sizes, unit in CASES:
        timings = []
        run(sizes[0] // 4)  # imports and caches warmed, not timed
        for size in sizes:
            timings.append(_seconds(run, size))
            print(f"{name:<14} {size:>9,} {unit:<13} {timings[-1]:>8.3f}")
        exponent = math.log2(timings[-1] / timings[-2]) if timings[-2] > 0 else float("nan")
        summary.append((name, exponent, sizes[-1], unit, timings[-1]))
    print("\ngrowth between the two largest sizes (1.0 linear, ~1.1 n log n, 2.0 quadratic):")
    for name, exponent, size, unit, seconds in summary:
        verdict = "ok" if exponent < 1.35 else "TOO FAST-GROWING"
        print(f"  {name:<14} exponent {exponent:4.2f}  ({size:,} {unit} in {seconds:.2f} s)  "
              f"{verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
