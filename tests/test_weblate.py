"""The translators' loop through a real Weblate: discovery from `vielfalt weblate`'s settings,
an approval held in Weblate while vielfalt translates a German change, a pull without conflict,
and, with reviews on, only reviewer-approved work published.

Weblate (pinned, its own environment) runs on a private PostgreSQL the fixture starts; the
loop itself is `weblateloop.run_loop`, which `scripts/weblate_loop.py` also runs by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from weblateloop import (
    ADDED_SENTENCE,
    APPROVED_TEXT,
    HandshakeResult,
    LoopResult,
    WeblateAPI,
    run_handshake,
    run_loop,
)
from weblateserver import Server, cached_environment

from pipeline.queue.catalog import ReviewState, loads


@pytest.fixture(scope="session")
def weblate_server(tmp_path_factory):
    with Server(cached_environment(), tmp_path_factory.mktemp("weblate-home")) as server:
        yield server


@pytest.fixture(scope="module")
def loop(weblate_server, tmp_path_factory) -> LoopResult:
    vielfalt = [str(Path(sys.executable).with_name("vielfalt"))]
    api = WeblateAPI(weblate_server.url, weblate_server.token)
    return run_loop(api, tmp_path_factory.mktemp("weblate-loop"), vielfalt, say=lambda _: None)


def test_component_discovery_with_vielfalts_settings_finds_every_announcement(loop) -> None:
    assert loop.discovered == loop.announcements and len(loop.announcements) >= 4


def test_every_component_has_german_as_its_source_language(loop) -> None:
    assert loop.source_languages == {"de"}


def test_the_glossary_component_holds_the_workspace_terms_in_every_language(loop) -> None:
    assert loop.glossary_terms["fr"] > 0 and loop.glossary_terms["ar"] > 0


def test_weblate_pulls_vielfalts_translate_without_conflict(loop) -> None:
    assert loop.pull.get("result") is True, loop.pull
    assert not loop.merge_failure


def test_a_fresh_clone_has_the_translators_approval_and_the_new_machine_entry(loop) -> None:
    entries = loads(loop.clone_po, "fr.po").entries
    approved = [e for e in entries if e.translation == APPROVED_TEXT]
    assert approved and approved[0].state is ReviewState.APPROVED
    added = [e for e in entries if ADDED_SENTENCE in e.source and not e.obsolete]
    assert added and added[0].state is not ReviewState.APPROVED
    assert loop.clone_status["approved"] >= 1


def test_with_reviews_on_only_reviewer_approved_announcements_are_published(loop) -> None:
    assert loop.reviewed in loop.published, loop.publish_output
    assert loop.unreviewed not in loop.published, loop.publish_output


@pytest.fixture(scope="module")
def handshake(weblate_server, tmp_path_factory) -> HandshakeResult:
    vielfalt = [str(Path(sys.executable).with_name("vielfalt"))]
    api = WeblateAPI(weblate_server.url, weblate_server.token)
    return run_handshake(api, tmp_path_factory.mktemp("weblate-hs"), vielfalt, say=lambda _: None)


def test_the_handshake_runs_without_a_word_of_failure(handshake) -> None:
    assert handshake.translate_code == 0, handshake.translate_output
    assert handshake.addons == {"weblate.gettext.msgmerge": 1}


def test_four_pending_approvals_on_changed_paragraphs_are_kept_as_outdated(handshake) -> None:
    assert len(handshake.pending) == 4
    for catalogs in (handshake.workspace_po, handshake.clone_po):
        for old, (announcement, text) in handshake.pending.items():
            entries = loads(catalogs[announcement], f"{announcement}.po").entries
            kept = [e for e in entries if e.translation == text and not e.obsolete]
            assert len(kept) == 1, (text, handshake.translate_output)
            assert kept[0].state is ReviewState.OUTDATED and kept[0].previous_source == old


def test_weblate_is_left_unlocked_with_nothing_pending_and_no_conflict(handshake) -> None:
    assert handshake.locked_after == []
    state = handshake.repository_after
    assert not state.get("merge_failure") and not state.get("needs_commit"), state
    assert not state.get("needs_merge"), state
