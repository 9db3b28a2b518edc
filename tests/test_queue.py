"""The review queue: PO catalogs that never lose a translator's work."""

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, write_announcement
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.intake.sources import load_announcements
from pipeline.lock import WorkspaceLock
from pipeline.queue.catalog import ReviewState, count_states, dumps, loads
from pipeline.queue.locales import catalog_path
from pipeline.queue.merge import Policy, UnitSpec, merge
from pipeline.queue.status import status
from pipeline.queue.translate import translate_workspace
from pipeline.units.glossary import load_glossary

NOW = dt.datetime(2026, 2, 9, 10, 30, tzinfo=dt.UTC)
ID = "2026-02-09-anmeldungen-vhs"


def run(workspace, registry, detector, **kwargs):
    announcements = load_announcements(workspace.paths.announcements)
    glossary = load_glossary(ROOT / "glossaries", workspace.target_languages)
    return translate_workspace(
        workspace,
        announcements,
        ["en", "fr"],
        detector=detector,
        registry=registry,
        glossary=glossary,
        now=NOW,
        **kwargs,
    )


def po(workspace, language="fr", ident=ID) -> Path:
    return catalog_path(workspace, language, ident)


def edit(path: Path, change) -> None:
    catalog = loads(path.read_text(encoding="utf-8"), str(path))
    change(catalog)
    path.write_text(dumps(catalog), encoding="utf-8")


BODY = (
    "Am Montag, 9. Februar 2026, starten die Anmeldungen für die vhs Herne.\n\n"
    "Rund 600 Kurse werden angeboten.\n\n"
    "Vertreter*innen der Stadt Herne sind eingeladen."
)


@pytest.fixture
def queue(workspace, copy_registry, detector):
    write_announcement(workspace.paths.announcements, ID, BODY, title="Anmeldungen für die vhs")
    run(workspace, copy_registry, detector)
    return workspace


def test_machine_output_arrives_fuzzy_with_route_and_glossary_notes(queue) -> None:
    catalog = loads(po(queue).read_text(encoding="utf-8"), str(po(queue)))
    entries = [e for e in catalog.entries if not e.obsolete]
    assert [e.state for e in entries] == [ReviewState.MACHINE] * 4
    paragraph = entries[3]
    assert (
        paragraph.fuzzy
        and paragraph.translation
        == "Vertreterinnen und Vertreter der Ville de Herne sind eingeladen."
    )
    assert any(n.startswith("vielfalt-mt: de-en@1.0 → en-fr@1.0 sha=") for n in paragraph.notes)
    assert (
        "glossary: Stadt Herne → Ville de Herne (prescribed) — Official name of the city administration"
        in paragraph.notes
    )
    assert paragraph.references == [(f"announcements/{ID}.md", "11")]
    assert catalog.headers["Language"] == "fr"
    assert catalog.headers["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_every_catalog_passes_msgfmt(queue) -> None:
    files = sorted(queue.paths.locales.rglob("*.po")) + sorted(queue.paths.locales.rglob("*.pot"))
    assert len(files) == 3
    for path in files:
        result = subprocess.run(
            ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr


def test_rerun_without_changes_rewrites_nothing(queue, copy_registry, detector) -> None:
    before = {p: p.read_bytes() for p in queue.paths.locales.rglob("*.po*")}
    report = run(queue, copy_registry, detector)
    assert report.written == [] and report.skipped == [ID]
    forced = run(queue, copy_registry, detector, force=True)
    assert forced.written == []
    assert before == {p: p.read_bytes() for p in queue.paths.locales.rglob("*.po*")}


def approve_all(catalog) -> None:
    for entry in catalog.entries:
        entry.fuzzy = False


def test_approved_translation_and_comment_survive_a_rerun(queue, copy_registry, detector) -> None:
    def human(catalog):
        entry = catalog.entries[1]
        entry.translation = "Le lundi 9 février 2026, les inscriptions à la vhs Herne commencent."
        entry.fuzzy = False
        entry.translator_comment = "Relu par Claire"

    edit(po(queue), human)
    run(queue, copy_registry, detector, force=True)
    entry = loads(po(queue).read_text(encoding="utf-8"), str(po(queue))).entries[1]
    assert entry.state == ReviewState.APPROVED
    assert (
        entry.translation == "Le lundi 9 février 2026, les inscriptions à la vhs Herne commencent."
    )
    assert entry.translator_comment == "Relu par Claire"


def test_a_translators_fuzzy_draft_is_not_overwritten(queue, copy_registry, detector) -> None:
    def draft(catalog):
        catalog.entries[2].translation = "Environ 600 cours sont proposés."

    edit(po(queue), draft)
    run(queue, copy_registry, detector, force=True)
    entry = loads(po(queue).read_text(encoding="utf-8"), str(po(queue))).entries[2]
    assert entry.translation == "Environ 600 cours sont proposés." and entry.fuzzy


def test_changed_source_makes_an_approved_entry_outdated(queue, copy_registry, detector) -> None:
    edit(po(queue), approve_all)
    write_announcement(
        queue.paths.announcements,
        ID,
        BODY.replace("Rund 600", "Rund 650"),
        title="Anmeldungen für die vhs",
    )
    report = run(queue, copy_registry, detector)
    assert report.languages["fr"]["outdated"] == 1
    catalog = loads(po(queue).read_text(encoding="utf-8"), str(po(queue)))
    outdated = next(e for e in catalog.entries if e.state == ReviewState.OUTDATED)
    assert outdated.source == "Rund 650 Kurse werden angeboten."
    assert outdated.previous_source == "Rund 600 Kurse werden angeboten."
    assert outdated.translation == "Rund 600 Kurse werden angeboten."  # the approved text, kept
    assert "mt-suggestion: Rund 650 Kurse werden angeboten." in outdated.notes
    assert [e.state for e in catalog.entries].count(ReviewState.OBSOLETE) == 0


def test_deleted_unit_becomes_obsolete_never_deleted(queue, copy_registry, detector) -> None:
    edit(po(queue), approve_all)
    write_announcement(
        queue.paths.announcements, ID, BODY.split("\n\n")[0], title="Anmeldungen für die vhs"
    )
    run(queue, copy_registry, detector)
    text = po(queue).read_text(encoding="utf-8")
    assert '#~ msgid "Rund 600 Kurse werden angeboten."' in text
    assert count_states(text)["obsolete"] == 2


def test_translation_memory_reuses_approved_boilerplate(queue, copy_registry, detector) -> None:
    edit(
        po(queue),
        lambda c: (approve_all(c), setattr(c.entries[2], "translation", "Environ 600 cours.")),
    )
    write_announcement(
        queue.paths.announcements,
        "2026-02-10-zweite",
        "Rund 600 Kurse werden angeboten.",
        title="Zweite Meldung",
    )
    report = run(queue, copy_registry, detector)
    assert report.languages["fr"]["memory"] == 1
    entry = loads(
        po(queue, ident="2026-02-10-zweite").read_text(encoding="utf-8"),
        str(po(queue, ident="2026-02-10-zweite")),
    ).entries[1]
    assert entry.translation == "Environ 600 cours." and entry.state == ReviewState.APPROVED


def test_broken_po_file_is_reported_and_left_untouched(queue, copy_registry, detector) -> None:
    broken = 'msgid "kaputt\nmsgstr ""\n'
    po(queue).write_text(broken, encoding="utf-8")
    report = run(queue, copy_registry, detector, force=True)
    assert po(queue).read_text(encoding="utf-8") == broken
    assert any(str(po(queue)) in e and "not a valid PO file" in e for e in report.errors)
    assert po(queue, "en").exists()  # the rest of the run went on


def test_one_run_at_a_time(queue) -> None:
    from pipeline.errors import LockedError

    with WorkspaceLock(queue), pytest.raises(LockedError, match="another vielfalt run"):
        WorkspaceLock(queue).__enter__()
    with WorkspaceLock(queue):
        pass  # released again


def test_status_counts_states_and_words(queue) -> None:
    edit(po(queue), lambda c: setattr(c.entries[0], "fuzzy", False))
    report = status(queue, ["en", "fr"])
    assert report.languages["fr"]["approved"] == 1 and report.languages["fr"]["machine"] == 3
    assert report.languages["en"]["machine"] == 4
    assert report.languages["fr"]["approved_words"] == 4


def test_fast_scanner_agrees_with_polib(queue) -> None:
    text = po(queue).read_text(encoding="utf-8")
    catalog = loads(text)
    expected = {}
    for entry in catalog.entries:
        expected[entry.state.value] = expected.get(entry.state.value, 0) + 1
    scanned = {k: v for k, v in count_states(text).items() if not k.endswith("_words")}
    assert scanned == expected


def test_reading_and_writing_a_catalog_keeps_each_obsolete_entry_once(queue) -> None:
    catalog = loads(po(queue).read_text(encoding="utf-8"), str(po(queue)))
    catalog.entries[-1].obsolete = True
    text = dumps(catalog)
    again = loads(text)
    assert [e.obsolete for e in again.entries] == [e.obsolete for e in catalog.entries]
    assert dumps(again) == text


def test_fast_scanner_reads_an_obsolete_entry_that_kept_its_previous_msgid() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\n#| msgid "Rund 600 Kurse"\nmsgctxt "a/1"\nmsgid "Rund 650 Kurse"\n'
        'msgstr "Environ 600 cours"\n\n'
        '#~| msgctxt "a/0"\n#~| msgid "Anmeldung ab Montag, 9. Februar 2026"\n'
        '#~ msgctxt "a/0"\n#~ msgid "Anmeldung ab 9. Februar 2026"\n'
        '#~ msgstr "Inscription à partir du 9 février 2026"\n'
    )
    assert [e.state.value for e in loads(text).entries] == ["outdated", "obsolete"]
    scanned = {k: v for k, v in count_states(text).items() if not k.endswith("_words")}
    assert scanned == {"outdated": 1, "obsolete": 1}


# ---------------------------------------------------------------- property: nothing is lost

UNITS = [
    "Am Montag starten die Anmeldungen.",
    "Rund 600 Kurse werden angeboten.",
    "Die Stadt Herne lädt ein.",
    "Der Eintritt ist frei.",
    "Bitte melden Sie sich an.",
]
source_edit = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(UNITS)),
    st.tuples(st.just("change"), st.integers(0, 4)),
    st.tuples(st.just("delete"), st.integers(0, 4)),
    st.tuples(st.just("reorder"), st.integers(0, 4)),
)
translator_edit = st.one_of(
    st.tuples(st.just("approve"), st.integers(0, 6)),
    st.tuples(st.just("edit"), st.integers(0, 6)),
    st.tuples(st.just("comment"), st.integers(0, 6)),
    st.tuples(st.just("refuzzy"), st.integers(0, 6)),
)


def units_from(texts: list[str]) -> list[UnitSpec]:
    import hashlib

    seen: dict[str, int] = {}
    specs = []
    for text in texts:
        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        seen[digest] = seen.get(digest, 0) + 1
        key = f"a/{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")
        specs.append(UnitSpec(key, text, "paragraph", ("a.md", "1")))
    return specs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.lists(source_edit, max_size=2), st.lists(translator_edit, max_size=3)),
        min_size=1,
        max_size=6,
    )
)
def test_no_approved_translation_or_comment_is_ever_lost(steps) -> None:
    texts = UNITS[:3]
    catalog = None
    counter = 0
    for source_edits, translator_edits in steps:
        for action, value in source_edits:
            if action == "add":
                texts.append(value)
            elif texts and action == "change":
                i = value % len(texts)
                texts[i] = texts[i].rstrip(".") + " heute."
            elif texts and action == "delete":
                texts.pop(value % len(texts))
            elif texts and action == "reorder":
                texts.insert(0, texts.pop(value % len(texts)))
        units = units_from(texts)
        machine = {u.key: _mt(u.text) for u in units}
        before = loads(dumps(catalog), "a.po") if catalog else None
        catalog = merge(catalog, units, "fr", machine, {}, {"Language": "fr"}, Policy()).catalog
        catalog = loads(dumps(catalog), "a.po")  # through the file format, as in real life
        if before is not None:
            _assert_nothing_lost(before, catalog)
            again = loads(
                dumps(merge(catalog, units, "fr", machine, {}, {"Language": "fr"}).catalog), "a.po"
            )
            assert dumps(again) == dumps(catalog)  # re-running with no change is a no-op
        for action, index in translator_edits:
            active = [e for e in catalog.entries if not e.obsolete]
            if not active:
                break
            entry = active[index % len(active)]
            counter += 1
            if action == "approve" and entry.translation:
                entry.fuzzy = False
            elif action == "edit":
                entry.translation = f"Übersetzung {counter} von Menschenhand"
            elif action == "comment":
                entry.translator_comment = f"Kommentar {counter}"
            elif action == "refuzzy":
                entry.fuzzy = True
        catalog = loads(dumps(catalog), "a.po")


def _mt(text: str):
    from pipeline.queue.merge import MachineOutput

    return MachineOutput(f"MT: {text}", "de-en@1 → en-fr@1")


def _assert_nothing_lost(before, after) -> None:
    after_texts = {(e.translation, e.translator_comment) for e in after.entries}
    translations = {e.translation for e in after.entries}
    comments = {e.translator_comment for e in after.entries}
    for entry in before.entries:
        human = entry.state == ReviewState.APPROVED or (
            entry.fuzzy and not entry.is_untouched_machine and entry.translation
        )
        if human:
            assert entry.translation in translations, entry
        if entry.translator_comment:
            assert entry.translator_comment in comments, entry
        if human and not entry.obsolete:  # on its own unit while the unit's German is the same
            same = next((e for e in after.entries if e.key == entry.key), None)
            if same is not None and not same.obsolete and same.source == entry.source:
                assert same.translation == entry.translation, (entry, same)
                assert same.fuzzy == entry.fuzzy, (entry, same)
    assert after_texts  # not empty by accident


def test_a_catalog_saved_by_a_translator_during_mt_is_merged_not_clobbered(
    queue, copy_registry, detector
) -> None:
    from pipeline.mt.protected import translate_protected as original

    def translator_saves_while_mt_runs(*args, **kwargs):
        def human(catalog):
            catalog.entries[1].translation = "Version relue pendant la traduction automatique."
            catalog.entries[1].fuzzy = False

        edit(po(queue), human)
        return original(*args, **kwargs)

    write_announcement(
        queue.paths.announcements,
        ID,
        BODY + "\n\nNeuer Absatz am Ende.",
        title="Anmeldungen für die vhs",
    )
    run(queue, copy_registry, detector, mt_step=translator_saves_while_mt_runs)
    entries = loads(po(queue).read_text(encoding="utf-8"), str(po(queue))).entries
    assert entries[1].translation == "Version relue pendant la traduction automatique."
    assert entries[1].state == ReviewState.APPROVED
    assert entries[4].source == "Neuer Absatz am Ende." and entries[4].state == ReviewState.MACHINE


def test_memory_policy_fuzzy_asks_for_confirmation(queue, copy_registry, detector) -> None:
    from dataclasses import replace

    edit(po(queue), approve_all)
    write_announcement(
        queue.paths.announcements,
        "2026-02-10-zweite",
        "Rund 600 Kurse werden angeboten.",
        title="Zweite Meldung",
    )
    strict = replace(queue, policies=replace(queue.policies, memory="fuzzy"))
    run(strict, copy_registry, detector)
    entry = loads(
        po(queue, ident="2026-02-10-zweite").read_text(encoding="utf-8"),
        str(po(queue, ident="2026-02-10-zweite")),
    ).entries[1]
    assert entry.translation == "Rund 600 Kurse werden angeboten." and entry.fuzzy
    assert "tm: exact match from an approved translation" in entry.notes


def test_a_comment_on_an_untranslated_entry_follows_its_changed_unit() -> None:
    old = [UnitSpec("a/1", "Rund 600 Kurse werden angeboten.", "paragraph", ("a.md", "7"))]
    first = merge(None, old, "fr", {}, {}, {"Language": "fr"}).catalog
    first.entries[0].translator_comment = "Zahl mit der vhs klären"
    new = [UnitSpec("a/2", "Rund 650 Kurse werden angeboten.", "paragraph", ("a.md", "7"))]
    second = merge(first, new, "fr", {}, {}, {"Language": "fr"}).catalog
    assert [(e.key, e.translator_comment, e.obsolete) for e in second.entries] == [
        ("a/2", "Zahl mit der vhs klären", False)
    ]


def test_status_cache_notices_a_translators_edit(queue) -> None:
    assert status(queue, ["fr"]).languages["fr"]["approved"] == 0
    edit(po(queue), approve_all)
    assert status(queue, ["fr"]).languages["fr"]["approved"] == 4
    assert status(queue, ["fr"], use_cache=False).languages["fr"]["approved"] == 4


def test_status_reports_a_broken_catalog_with_file_and_line_and_leaves_it(queue) -> None:
    path = po(queue)
    broken = path.read_text(encoding="utf-8") + 'msgid "Vertreter*innen\n'
    path.write_text(broken, encoding="utf-8")
    lines = broken.count("\n")
    report = status(queue, ["fr"])
    assert report.errors == [
        f"{path}:{lines}: not a valid PO file: syntax error in 'msgid \"Vertreter*innen'"
    ]
    assert report.languages["fr"]["machine"] == 0
    assert path.read_text(encoding="utf-8") == broken


def test_a_translate_run_reports_progress_per_model_and_per_catalog(
    workspace, copy_registry, detector
) -> None:
    write_announcement(workspace.paths.announcements, ID, BODY, title="Anmeldungen für die vhs")
    calls = []
    run(workspace, copy_registry, detector, progress=lambda *call: calls.append(call))
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == ["MT de-en@1.0", "MT en-fr@1.0", "Writing catalogs"]
    assert calls[-1] == ("Writing catalogs", 1, 1)
    for stage in stages:  # each stage ends complete
        done, total = [(d, t) for s, d, t in calls if s == stage][-1]
        assert done == total
