"""vielfalt over real LibreTranslate servers: same queue, pivot kept here, faults survived.

The servers are LibreTranslate 1.9 from the package registry, in their own environment,
serving the generated DEMO packages (with their hand-set MiniSBD splitter). Faults a real
server cannot be made to show on demand (HTTP 500, a hang) come from a small local HTTP server.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest
from conftest import ROOT
from ltserver import Server, cached_environment
from minisbd import build_minisbd

from pipeline.config import EngineConfig, load_workspace
from pipeline.intake.sources import load_announcements
from pipeline.mt.libretranslate import RemoteRegistry, ServersUnavailable
from pipeline.mt.protected import open_registry
from pipeline.queue.catalog import ReviewState, loads
from pipeline.queue.locales import catalog_path
from pipeline.queue.translate import translate_workspace
from pipeline.units.detect import LanguageDetector
from pipeline.units.glossary import open_glossary

FEST = "2025-12-13-grosses-vaeterfest-im-circus-schnick-schnack"
TARGETS = ["en", "fr", "ar"]


@pytest.fixture(scope="session")
def lt_environment() -> Path:
    return cached_environment()


@pytest.fixture(scope="session")
def lt_packages(tmp_path_factory, demo_archives) -> Path:
    from pipeline.mt.packages import install_archive

    folder = tmp_path_factory.mktemp("lt-packages")
    for archive in demo_archives:
        package = install_archive(archive, folder)
        build_minisbd(package.path, package.from_code)  # LibreTranslate's splitter, offline
    return folder


@pytest.fixture(scope="session")
def lt_server(lt_environment, lt_packages, tmp_path_factory):
    with Server(lt_environment, lt_packages, tmp_path_factory.mktemp("lt-home")) as server:
        yield server


def workspace_for(tmp_path: Path, servers: list[str], timeout: float = 30):
    from pipeline.config import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws")
    shutil.copy(ROOT / "announcements" / f"{FEST}.md", workspace.paths.announcements)
    shutil.copy(ROOT / "glossaries" / "herne.csv", workspace.paths.glossaries)
    text = workspace.config_path.read_text(encoding="utf-8").replace(
        "[engine]\n",
        '[engine]\nbackend = "libretranslate"\n'
        f"servers = {json.dumps(servers)}\ntimeout = {timeout}\n",
        1,
    )
    workspace.config_path.write_text(text, encoding="utf-8")
    return load_workspace(workspace.config_path)


def run(workspace, **kwargs):
    registry, _ = open_registry(workspace, {})
    return translate_workspace(
        workspace,
        load_announcements(workspace.paths.announcements),
        TARGETS,
        detector=LanguageDetector(),
        registry=registry,
        glossary=open_glossary(workspace),
        **kwargs,
    ), registry


def entries(workspace, language):
    path = catalog_path(workspace, language, FEST)
    return [e for e in loads(path.read_text(encoding="utf-8"), str(path)).entries if not e.obsolete]


def test_the_queue_fills_over_libretranslate_with_the_pivot_kept_here(lt_server, tmp_path) -> None:
    workspace = workspace_for(tmp_path, [lt_server.url])
    report, registry = run(workspace)
    assert report.errors == [] and report.languages["fr"]["machine"] > 0
    french = entries(workspace, "fr")
    assert all(e.state == ReviewState.MACHINE for e in french)
    route = next(n for n in french[0].notes if n.startswith("vielfalt-mt:"))
    assert "de-en@libretranslate" in route and "en-fr@libretranslate" in route
    assert any("Circus Schnick Schnack" in e.translation for e in french)  # kept as prescribed
    assert [hop.pair for hop in registry.route("de", "ar")] == [("de", "en"), ("en", "ar")]


def test_a_server_killed_mid_run_leaves_the_work_to_the_other(
    lt_environment, lt_packages, lt_server, tmp_path
) -> None:
    doomed = Server(lt_environment, lt_packages, tmp_path / "doomed-home")
    workspace = workspace_for(tmp_path, [doomed.url, lt_server.url])
    killed = []

    def kill_on_first_batch(stage: str, done: int, total: int) -> None:
        if not killed:
            doomed.stop()
            killed.append(stage)

    report, _ = run(workspace, progress=kill_on_first_batch)
    assert killed and report.errors == []
    assert all(e.translation for e in entries(workspace, "ar"))
    assert any(doomed.url in w and "skipped" in w for w in report.warnings)


class FaultyHandler(http.server.BaseHTTPRequestHandler):
    """/languages like LibreTranslate; /translate fails as the server says."""

    mode = "500"
    release = threading.Event()

    def do_GET(self) -> None:
        languages = [{"code": "de", "targets": ["en"]}, {"code": "en", "targets": ["fr", "ar"]}]
        if self.mode == "languages-not-a-list":
            languages = {"de": ["en"]}
        if self.mode == "languages-numbers":
            languages = [1, 2, 3]
        self._send(200, json.dumps(languages).encode())

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        if self.mode == "slow":
            self.release.wait()  # until the test ends: only the client's deadline frees it
        if self.mode == "drop":
            self.close_connection = True
            return  # closes the connection without an answer
        if self.mode == "nulls":  # one null per text: a server problem, never the word "None"
            self._send(200, json.dumps({"translatedText": [None] * len(request["q"])}).encode())
            return
        if self.mode == "echo":  # a healthy server: the text back, tagged with the target
            texts = [f"{text} [{request['target']}]" for text in request["q"]]
            self._send(200, json.dumps({"translatedText": texts}).encode())
            return
        self._send(500, b'{"error": "internal"}')

    def _send(self, code: int, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def faulty():
    def start(mode: str) -> str:
        handler = type("Handler", (FaultyHandler,), {"mode": mode, "release": threading.Event()})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append((server, handler))
        return f"http://127.0.0.1:{server.server_address[1]}"

    started: list = []
    yield start
    for server, handler in started:
        handler.release.set()
        server.shutdown()


@pytest.mark.parametrize("mode", ["500", "drop"])
def test_a_failing_server_is_retried_elsewhere(lt_server, faulty, tmp_path, mode) -> None:
    # the timeout is never reached here: the real server may be as slow as a busy machine makes it
    workspace = workspace_for(tmp_path, [faulty(mode), lt_server.url], timeout=600)
    report, _ = run(workspace)
    assert report.errors == []
    assert all(e.translation for e in entries(workspace, "fr"))


def test_a_hanging_server_is_given_up_at_its_deadline_and_the_work_goes_elsewhere(
    faulty, tmp_path
) -> None:
    # The hanging server holds every request until the test ends, so only the client's deadline
    # can free it; the healthy server answers in this process, from the demo lexicon's words.
    workspace = workspace_for(tmp_path, [faulty("slow"), faulty("echo")], timeout=1)
    report, registry = run(workspace)
    assert report.errors == []
    assert all(e.translation for e in entries(workspace, "fr"))
    assert any("no complete answer within 1 s" in w for w in report.warnings + registry.problems)


def test_when_no_server_can_answer_nothing_is_written(faulty, tmp_path) -> None:
    workspace = workspace_for(tmp_path, [faulty("500")], timeout=1)
    with pytest.raises(ServersUnavailable, match="nothing was written"):
        run(workspace)
    assert list(workspace.paths.locales.rglob("*.po")) == []


def test_no_server_at_all_is_a_clear_error(tmp_path) -> None:
    from ltserver import free_port

    with pytest.raises(ServersUnavailable, match="no LibreTranslate server answers"):
        RemoteRegistry(
            EngineConfig(backend="libretranslate", servers=(f"http://127.0.0.1:{free_port()}",))
        )


def test_a_language_no_server_has_is_reported_and_the_others_are_translated(
    lt_environment, lt_packages, tmp_path
) -> None:
    partial = tmp_path / "packages"
    shutil.copytree(lt_packages, partial)
    shutil.rmtree(partial / "demo-lexicon-en_ar")
    with Server(lt_environment, partial, tmp_path / "home") as server:
        workspace = workspace_for(tmp_path, [server.url])
        registry = RemoteRegistry(workspace.engine)
        assert registry.package_for("en", "ar") is None
        with pytest.raises(Exception, match="de→ar"):
            registry.route("de", "ar")
        report, _ = run(workspace)
    assert any("de→ar" in error for error in report.errors)


@pytest.mark.hostile
def test_null_translations_are_a_server_problem_never_text(faulty, tmp_path) -> None:
    workspace = workspace_for(tmp_path, [faulty("nulls")], timeout=5)
    with pytest.raises(ServersUnavailable, match="nothing was written"):
        run(workspace)
    assert list(workspace.paths.locales.rglob("*.po")) == []


@pytest.mark.hostile
def test_a_languages_answer_that_is_not_a_list_is_a_clear_error(faulty, tmp_path) -> None:
    with pytest.raises(ServersUnavailable, match="not answer with a list of languages"):
        RemoteRegistry(EngineConfig(backend="libretranslate", servers=(faulty("languages-not-a-list"),)))


@pytest.mark.hostile
def test_a_languages_answer_of_plain_numbers_is_refused(faulty, tmp_path) -> None:
    with pytest.raises(ServersUnavailable, match="lists no language"):
        RemoteRegistry(EngineConfig(backend="libretranslate", servers=(faulty("languages-numbers"),)))


@pytest.mark.hostile
def test_a_server_address_with_a_password_is_refused_without_showing_it(tmp_path) -> None:
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="without credentials") as caught:
        workspace_for(tmp_path, ["http://stadt:Geheim123@127.0.0.1:5000"])
    assert "Geheim123" not in str(caught.value)
