"""Weblate's review workflow: with [review] set, only what a reviewer approved in Weblate is
published. Weblate's REST API is played by a local server that answers as Weblate's
`/api/translations/<project>/<component>/<language>/units/` does (paged, `state:approved`)."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from typing import ClassVar

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.config import load_workspace
from pipeline.queue.catalog import loads
from pipeline.queue.locales import catalog_path

FEST = "2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack"
TOKEN = "wlu_herne_reviewer_0815"


class FakeWeblate(http.server.BaseHTTPRequestHandler):
    approved: ClassVar[dict[tuple[str, str], list[dict]]] = {}
    seen_tokens: ClassVar[list[str]] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.seen_tokens.append(self.headers.get("Authorization", ""))
        parts = urllib.parse.urlsplit(self.path)
        segments = parts.path.strip("/").split("/")
        query = urllib.parse.parse_qs(parts.query)
        if segments[:2] != ["api", "translations"] or query.get("q") != ["state:approved"]:
            self.send_error(400)
            return
        project, component, language = segments[2:5]
        units = self.approved.get((component, language))
        if project != "herne" or units is None:
            self.send_error(404)
            return
        page = int(query.get("page", ["1"])[0])
        chunk = units[(page - 1) * 2 : page * 2]  # two per page, as a small page size
        following = None
        if page * 2 < len(units):
            following = f"http://127.0.0.1:{self.server.server_port}{parts.path}?q=state%3Aapproved&page={page + 1}"
        body = json.dumps({"count": len(units), "next": following, "results": chunk}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def weblate():
    handler = type("Handler", (FakeWeblate,), {"approved": {}, "seen_tokens": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield handler, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def reviewed_workspace(sample, url: str):
    text = sample.config_path.read_text(encoding="utf-8")
    text += f'\n[review]\nweblate_url = "{url}"\nproject = "herne"\ntoken_env = "HERNE_WEBLATE_TOKEN"\n'
    sample.config_path.write_text(text, encoding="utf-8")
    path = catalog_path(sample, "fr", FEST)
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    return load_workspace(sample.config_path)


def weblate_units(workspace, language, *, change_first: bool = False) -> list[dict]:
    path = catalog_path(workspace, language, FEST)
    units = []
    for number, entry in enumerate(loads(path.read_text(encoding="utf-8"), str(path)).entries):
        target = entry.translation + (" (im Review geändert)" if change_first and number == 0 else "")
        units.append({"context": entry.key.rsplit("/", 1)[1], "target": [target], "state": 30, "approved": True})
    return units


def publish(workspace, monkeypatch, *args):
    monkeypatch.setenv("HERNE_WEBLATE_TOKEN", TOKEN)
    return CliRunner().invoke(cli, ["--workspace", str(workspace.root), "publish", "--to", "fr", *args])


def published_fr(workspace) -> bool:
    return (workspace.paths.published / "fr" / f"{FEST}.html").exists()


def test_translated_but_unreviewed_work_is_not_published(sample, weblate, monkeypatch) -> None:
    handler, url = weblate
    workspace = reviewed_workspace(sample, url)
    handler.approved[(FEST, "fr")] = weblate_units(workspace, "fr")[:1]  # only the title reviewed
    result = publish(workspace, monkeypatch)
    assert not published_fr(workspace), result.output


def test_work_a_reviewer_approved_is_published(sample, weblate, monkeypatch) -> None:
    handler, url = weblate
    workspace = reviewed_workspace(sample, url)
    handler.approved[(FEST, "fr")] = weblate_units(workspace, "fr")  # three pages of two
    result = publish(workspace, monkeypatch)
    assert published_fr(workspace), result.output
    assert handler.seen_tokens and all(t == f"Token {TOKEN}" for t in handler.seen_tokens)
    assert TOKEN not in result.output


def test_a_text_that_differs_from_what_the_reviewer_approved_is_not_published(sample, weblate, monkeypatch) -> None:
    handler, url = weblate
    workspace = reviewed_workspace(sample, url)
    handler.approved[(FEST, "fr")] = weblate_units(workspace, "fr", change_first=True)
    publish(workspace, monkeypatch)
    assert not published_fr(workspace)


def test_when_weblate_cannot_be_asked_nothing_is_published(sample, monkeypatch) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    workspace = reviewed_workspace(sample, url)
    result = publish(workspace, monkeypatch)
    assert result.exit_code != 0
    assert "Weblate cannot be asked for reviews" in result.output
    assert not published_fr(workspace)
    assert "Traceback" not in result.output


def test_without_review_settings_a_cleared_fuzzy_flag_is_approval(sample, monkeypatch) -> None:
    path = catalog_path(sample, "fr", FEST)
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    result = publish(sample, monkeypatch)
    assert published_fr(sample), result.output


def test_a_weblate_whose_pages_never_end_stops_the_query_within_its_deadline() -> None:
    """Each page answered at once with a `next` link: the query ends with a clear error (its
    deadline or its page cap), never a hang; nothing of it is published."""
    from pipeline.exchange.review import ReviewConfig, ReviewUnavailable, WeblateReviews

    class Endless(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            page = int(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("page", ["1"])[0])
            body = json.dumps({"results": [], "next": f"/api/x/?page={page + 1}"}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = ReviewConfig(f"http://127.0.0.1:{server.server_port}/", "herne", "T", timeout=0.5)
        with pytest.raises(ReviewUnavailable, match="did not end within 2 s|too many pages"):
            WeblateReviews(config, {"T": TOKEN}).approved("sprachcafe", "fr")
    finally:
        server.shutdown()
        server.server_close()
