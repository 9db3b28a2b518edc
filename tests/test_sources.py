"""Sources in: the listing page, HTML, feeds, JSON Lines, Markdown; bad input named by line."""

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import LISTING, ROOT, write_announcement
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import DuplicateIdError, EncodingError, SourceError
from pipeline.intake.ingest import ingest, read_sources
from pipeline.intake.slug import is_safe_id, slugify
from pipeline.intake.sources import import_feed, import_html, import_jsonl, load_announcements

# ------------------------------------------------------------------ the listing page


def test_listing_import_reproduces_the_committed_sample(workspace) -> None:
    ingest(workspace, [str(LISTING)])
    produced = sorted(workspace.paths.announcements.glob("*.md"))
    committed = sorted((ROOT / "announcements").glob("*.md"))
    assert [p.name for p in produced] == [p.name for p in committed]
    for mine, theirs in zip(produced, committed, strict=True):
        assert mine.read_text(encoding="utf-8") == theirs.read_text(encoding="utf-8")


def test_listing_ids_use_the_stated_date_and_a_german_slug() -> None:
    items, _ = read_sources([str(LISTING)])
    assert items[0].id == (
        "2026-01-21-fachbereich-integration-lud-zum-arbeitsfruehstueck-vielfalt-als-chance"
    )
    assert [a.date.isoformat() for a in items] == [
        "2026-01-21",
        "2026-01-21",
        "2025-12-13",
        "2025-12-13",
        "2025-11-17",
        "2025-11-07",
    ]


def test_listing_dates_that_break_the_newest_first_order_are_reported(tmp_path: Path) -> None:
    _, notes = read_sources([str(LISTING)])
    dated = [n for n in notes if "dropped (" not in n and ": found '" not in n]
    assert len(dated) == 2
    assert "Volkshochschule" in dated[0] and "2026-01-21" in dated[0]
    assert sum("dropped (language link)" in n for n in notes) == 8


def test_language_navigation_lines_are_dropped() -> None:
    items, _ = read_sources([str(LISTING)])
    assert all("Diese Seite in" not in a.body for a in items)
    assert len(items) == 6


def test_teaser_without_title_line_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "listing.txt"
    source.write_text(
        "Erster Teaser.\nmehr zur Meldung: Eins\nVerwaister Teaser.\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match=r"listing.txt:3: teaser text without"):
        read_sources([str(source)])


# ------------------------------------------------------------------ ids


def test_slug_transliterates_german_the_german_way() -> None:
    assert slugify("Großes Väterfest: Öffnung für Senior*innen") == (
        "grosses-vaeterfest-oeffnung-fuer-senior-innen"
    )


@pytest.mark.parametrize("bad", ["../etc", "a/b", "con", "A-b", "x..y", "", "a_b"])
def test_unsafe_ids_are_refused(bad: str) -> None:
    assert not is_safe_id(bad)


def test_ids_cannot_escape_the_folder(workspace) -> None:
    path = workspace.paths.announcements / "x.md"
    path.write_text("---\nid: ../../etc/passwd\ntitle: T\ndate: 2026-01-01\n---\n\nText.\n")
    with pytest.raises(SourceError, match="not a safe id"):
        load_announcements(workspace.paths.announcements)


# ------------------------------------------------------------------ ingest behaviour


def test_reingesting_the_same_source_changes_nothing(workspace) -> None:
    ingest(workspace, [str(LISTING)])
    before = {p: p.stat().st_mtime_ns for p in workspace.paths.announcements.iterdir()}
    report = ingest(workspace, [str(LISTING)])
    assert report.count("unchanged") == 6 and report.count("new") == 0
    assert before == {p: p.stat().st_mtime_ns for p in workspace.paths.announcements.iterdir()}


def test_a_changed_source_updates_its_file_and_says_so(workspace, tmp_path: Path) -> None:
    ingest(workspace, [str(LISTING)])
    changed = tmp_path / "listing.txt"
    changed.write_text(
        LISTING.read_text(encoding="utf-8").replace("Rund 600 Kurse", "Rund 650 Kurse"),
        encoding="utf-8",
    )
    report = ingest(workspace, [str(changed)])
    assert report.count("updated") == 1 and report.count("unchanged") == 5
    updated = next(c for c in report.changes if c.action == "updated")
    assert "Rund 650 Kurse" in updated.path.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(workspace) -> None:
    report = ingest(workspace, [str(LISTING)], dry_run=True)
    assert report.count("new") == 6
    assert list(workspace.paths.announcements.iterdir()) == []


def test_reingest_keeps_tags_staff_added(workspace) -> None:
    ingest(workspace, [str(LISTING)])
    path = next(workspace.paths.announcements.glob("*vaeterfest*"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("date:", "tags:\n- Familie\ndate:"),
        encoding="utf-8",
    )
    report = ingest(workspace, [str(LISTING)])
    assert report.count("updated") == 1  # only key order is normalised
    assert "- Familie" in path.read_text(encoding="utf-8")


def test_non_german_source_is_refused_with_language_and_confidence(workspace, detector, tmp_path):
    source = tmp_path / "english.jsonl"
    source.write_text(
        '{"title": "Father festival at the circus", "date": "2025-12-13", "body": '
        '"The integration department invited more than 140 fathers and their families to the '
        'final event of the project at the circus."}\n',
        encoding="utf-8",
    )
    refused = ingest(workspace, [str(source)], detector=detector)  # listed, the rest imported
    assert refused.count("new") == 0 and len(refused.errors) == 1
    assert re.search(r"english.jsonl:1: .* looks like en \(probability", refused.errors[0])
    report = ingest(workspace, [str(source)], detector=detector, allow_other_language=True)
    assert report.count("new") == 1


# ------------------------------------------------------------------ bad input


def test_windows_1252_export_is_detected_and_named(tmp_path: Path) -> None:
    source = tmp_path / "export.txt"
    source.write_bytes(
        "Erste Zeile\nGro\u00dfes V\u00e4terfest \u201eEchte V\u00e4ter\u201c\n".encode("cp1252")
    )
    with pytest.raises(EncodingError) as caught:
        read_sources([str(source)])
    assert str(caught.value).startswith(f"{source}:2: not valid UTF-8")
    assert "Windows-1252" in str(caught.value) and "--encoding cp1252" in caught.value.hint


def test_explicit_encoding_is_accepted(tmp_path: Path) -> None:
    source = tmp_path / "export.txt"
    text = "Großes Väterfest am 13. Dezember 2025.\nmehr zur Meldung: Väterfest\n"
    source.write_bytes(text.encode("cp1252"))
    items, _ = read_sources([str(source)], encoding="cp1252")
    assert items[0].body == "Großes Väterfest am 13. Dezember 2025."


def test_byte_order_mark_and_mixed_line_endings_are_normalised(tmp_path: Path) -> None:
    source = tmp_path / "listing.txt"
    source.write_bytes(
        "\ufeffAm Freitag, 7. November 2025, wurde eine Tafel vorgestellt.\r\n"
        "mehr zur Meldung: Neue Gedenktafel\rDiese Seite in englischer Sprache - This page in "
        "English.\n".encode()
    )
    (item,) = read_sources([str(source)])[0]
    assert item.title == "Neue Gedenktafel"
    assert item.body == "Am Freitag, 7. November 2025, wurde eine Tafel vorgestellt."


@pytest.mark.parametrize("content", ["", "   \n\t\n"])
def test_empty_sources_are_refused(tmp_path: Path, content: str) -> None:
    source = tmp_path / "leer.txt"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match="leer.txt: is empty"):
        read_sources([str(source)])


def test_announcement_with_whitespace_only_body_is_refused(workspace) -> None:
    path = write_announcement(workspace.paths.announcements, "2026-02-09-leer", "   \n  ")
    with pytest.raises(SourceError, match=r"2026-02-09-leer.md:\d+: the announcement has no body"):
        load_announcements(workspace.paths.announcements)
    assert path.exists()


def test_broken_front_matter_names_the_line(workspace) -> None:
    path = workspace.paths.announcements / "2026-02-09-kaputt.md"
    path.write_text(
        "---\nid: 2026-02-09-kaputt\ntitle: [nicht geschlossen\ndate: 2026-02-09\n---\n\nText.\n"
    )
    with pytest.raises(SourceError) as caught:
        load_announcements(workspace.paths.announcements)
    assert caught.value.lineno in (3, 4) and "broken front matter" in str(caught.value)


def test_unknown_front_matter_key_names_the_line(workspace) -> None:
    path = workspace.paths.announcements / "2026-02-09-x.md"
    path.write_text(
        "---\nid: 2026-02-09-x\ntitle: T\nautor: Stadt\ndate: 2026-02-09\n---\n\nText.\n"
    )
    with pytest.raises(SourceError, match=r"2026-02-09-x.md:4: unknown front matter key 'autor'"):
        load_announcements(workspace.paths.announcements)


def test_a_copy_under_another_name_cannot_share_an_id(workspace) -> None:
    """An id is its file name, so two announcements in the workspace can never share one: a
    copy saved under another name is refused for its name, before ids are compared."""
    folder = workspace.paths.announcements
    write_announcement(folder, "2026-02-09-a", "Text eins.")
    (folder / "copy.md").write_text(
        "---\nid: 2026-02-09-a\ntitle: T\ndate: 2026-02-09\n---\n\nText zwei.\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match=r"copy.md:2: file name does not match id"):
        load_announcements(folder)


def test_duplicate_ids_within_one_import_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    source.write_text(
        '{"title": "Sprechstunde", "date": "2026-02-09", "body": "Am Montag."}\n'
        '{"title": "Sprechstunde", "date": "2026-02-09", "body": "Am Dienstag."}\n',
        encoding="utf-8",
    )
    with pytest.raises(DuplicateIdError, match=r"news.jsonl:2: id '2026-02-09-sprechstunde'"):
        read_sources([str(source)])


def test_control_characters_are_refused_with_their_line(tmp_path: Path) -> None:
    source = tmp_path / "listing.txt"
    source.write_text("Erste Zeile am 9. Februar 2026.\nZweite\x07Zeile\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"listing.txt:2: contains the control character U\+0007"):
        read_sources([str(source)])


def test_a_5_mb_file_is_read_and_a_larger_one_than_the_limit_refused(workspace, tmp_path) -> None:
    teaser = "Am Montag, 9. Februar 2026, starten die Anmeldungen für die vhs Herne. " * 40
    lines = [f"{teaser}\nmehr zur Meldung: Meldung Nummer {i}\n" for i in range(1750)]
    source = tmp_path / "gross.txt"
    source.write_text("".join(lines), encoding="utf-8")
    assert source.stat().st_size > 5_000_000
    items, _ = read_sources([str(source)], max_bytes=20_000_000)
    assert len(items) == 1750
    with pytest.raises(SourceError, match=r"gross.txt: is 5\.\d MB; the limit .* is 1 MB"):
        read_sources([str(source)], max_bytes=1_000_000)


# ------------------------------------------------------------------ HTML, feeds, JSON Lines

ARTICLE = """<!DOCTYPE html><html lang="de"><head><title>Stadt Herne</title>
<meta property="article:published_time" content="2025-11-07T10:00:00+01:00">
<link rel="canonical" href="https://www.herne.de/meldung/gedenktafel">
<style>p { color: red }</style><script>alert("x")</script></head>
<body><nav><a href="/">Startseite</a></nav>
<article><h1>Neue Gedenktafel für das Nahtstellen-Projekt vorgestellt</h1>
<p>Seit 2005 besteht in Herne das Projekt <em>„Nahtstellen, fühlbar, hier…“</em>.</p>
<script>document.write("Werbung")</script>
<p>Mehr unter <a href="https://www.herne.de/nahtstellen">www.herne.de</a> und
<a href="javascript:alert(1)">hier</a>.</p><ul><li>Erste Tafel</li><li><strong>Zweite</strong> Tafel</li></ul>
</article><footer>Impressum</footer></body></html>"""


def test_html_page_keeps_main_text_links_and_emphasis_only() -> None:
    item = import_html(ARTICLE, "gedenktafel.html")
    assert item.title == "Neue Gedenktafel für das Nahtstellen-Projekt vorgestellt"
    assert item.date.isoformat() == "2025-11-07"
    assert item.url == "https://www.herne.de/meldung/gedenktafel"
    assert item.body == (
        "Seit 2005 besteht in Herne das Projekt *„Nahtstellen, fühlbar, hier…“*.\n\n"
        "Mehr unter [www.herne.de](https://www.herne.de/nahtstellen) und hier.\n\n"
        "- Erste Tafel\n- **Zweite** Tafel"
    )


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Stadt Herne</title>
<item><title>Anmeldungen für die vhs Herne</title><link>https://www.herne.de/vhs</link>
<pubDate>Mon, 09 Feb 2026 08:00:00 +0100</pubDate>
<description>&lt;p&gt;Am Montag, 9. Februar 2026, starten die Anmeldungen.&lt;/p&gt;</description></item>
<item><title>Ohne Datum</title>
<description>Hier fehlt das Datum.</description></item>
</channel></rss>"""


def test_rss_entry_without_date_is_named_by_line() -> None:
    with pytest.raises(SourceError, match=r"news.rss:6: feed entry 'Ohne Datum' has no date"):
        import_feed(RSS, "news.rss")


def test_rss_entries_become_announcements() -> None:
    items, _ = import_feed(RSS.split("<item><title>Ohne")[0] + "</channel></rss>", "news.rss")
    assert items[0].id == "2026-02-09-anmeldungen-fuer-die-vhs-herne"
    assert items[0].body == "Am Montag, 9. Februar 2026, starten die Anmeldungen."
    assert items[0].url == "https://www.herne.de/vhs"


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Herne</title>
<entry><title>Väterfest</title><updated>2025-12-13T12:00:00Z</updated>
<content type="html">&lt;p&gt;Großes Fest im Circus Schnick Schnack.&lt;/p&gt;</content></entry>
<entry><updated>2025-12-14T12:00:00Z</updated><content>Ohne Titel.</content></entry></feed>"""


def test_atom_entry_without_title_is_named_by_line() -> None:
    with pytest.raises(SourceError, match=r"news.atom:5: feed entry 2 has no title"):
        import_feed(ATOM, "news.atom")


def test_jsonl_bad_line_is_named() -> None:
    text = '{"title": "A", "date": "2026-02-09", "body": "Text."}\n{"title": "B", "date": \n'
    with pytest.raises(SourceError, match=r"x.jsonl:2: not valid JSON"):
        import_jsonl(text, "x.jsonl")


def test_jsonl_missing_field_is_named() -> None:
    with pytest.raises(SourceError, match=r"x.jsonl:1: missing 'body'"):
        import_jsonl('{"title": "A", "date": "2026-02-09"}', "x.jsonl")


def _quadratic_run(firsts):
    """The former O(n²) longest newest-first run, kept as the specification."""
    indices = [i for i, d in enumerate(firsts) if d is not None]
    best = []
    for i in indices:
        chain = [i]
        for j_chain in best:
            if firsts[j_chain[-1]] >= firsts[i] and len(j_chain) + 1 > len(chain):
                chain = [*j_chain, i]
        best.append(chain)
    return set(max(best, key=len)) if best else set()


@given(st.lists(st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2019, 1, 20))), max_size=40))
def test_the_listing_run_is_the_same_as_the_quadratic_specification(firsts) -> None:
    from pipeline.intake.sources import _longest_newest_first

    assert _longest_newest_first(firsts) == _quadratic_run(firsts)
