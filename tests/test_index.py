"""Installing from a package index for real: a local HTTP server serves an index and packages,
good ones and broken ones (wrong checksum, truncated, missing, stalling)."""

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.errors import ModelError, NetworkUnavailable
from pipeline.models import find_packages, install_from_index


@pytest.fixture
def index_server(copy_archives, tmp_path):
    from pipeline.modelbuild import ModelSpecification, build_package, pack_argosmodel

    good = copy_archives[("de", "en")].read_bytes()
    other = copy_archives[("en", "fr")].read_bytes()
    newer = pack_argosmodel(
        build_package(ModelSpecification("de", "en", {}, package_version="1.1", demo=False), tmp_path / "b"),
        tmp_path / "newer.argosmodel",
    ).read_bytes()
    release = threading.Event()
    files = {"/de_en.argosmodel": good, "/en_fr.argosmodel": other, "/newer.argosmodel": newer}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            if self.path == "/index.json":
                body = json.dumps(self.server.index).encode()
            elif self.path in files:
                body = files[self.path]
            elif self.path == "/truncated.argosmodel":
                self.send_response(200)
                self.send_header("Content-Length", str(len(good)))
                self.end_headers()
                self.wfile.write(good[: len(good) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            elif self.path == "/stall.argosmodel":
                self.send_response(200)
                self.send_header("Content-Length", str(len(good)))
                self.end_headers()
                release.wait(30)  # never sends the body while the test runs
                return
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    sha = hashlib.sha256(good).hexdigest()
    server.index = [
        {"code": "translate-de_en", "from_code": "de", "to_code": "en", "package_version": "1.0",
         "links": [f"{base}/de_en.argosmodel"], "sha256": sha},
        {"code": "translate-en_fr", "from_code": "en", "to_code": "fr", "package_version": "1.0",
         "links": [f"{base}/en_fr.argosmodel"], "sha256": "0" * 64},
        {"code": "translate-de_fr", "from_code": "de", "to_code": "fr", "package_version": "1.0",
         "links": [f"{base}/truncated.argosmodel"]},
        {"code": "translate-de_ru", "from_code": "de", "to_code": "ru", "package_version": "1.0",
         "links": [f"{base}/missing.argosmodel"]},
        {"code": "translate-de_ar", "from_code": "de", "to_code": "ar", "package_version": "1.0",
         "links": [f"{base}/stall.argosmodel"]},
    ]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"{base}/index.json"
    release.set()
    server.shutdown()
    server.server_close()


def installed(folder):
    packages, problems = find_packages([(folder, "workspace")])
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")] if folder.exists() else []
    return [p.ident for p in packages], problems, leftovers


def test_a_package_is_downloaded_checked_and_installed(index_server, tmp_path) -> None:
    _, url = index_server
    package = install_from_index("translate-de_en", tmp_path / "models", index_url=url)
    assert package.ident == "de-en@1.0"
    assert installed(tmp_path / "models") == (["de-en@1.0"], [], [])


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("translate-en_fr", NetworkUnavailable, "SHA-256 is [0-9a-f]{64}, the index says 0{64}"),
        ("translate-de_fr", NetworkUnavailable, "download truncated"),
        ("translate-de_ru", NetworkUnavailable, "HTTP 404 Not Found"),
        ("translate-de_ar", NetworkUnavailable, "timed out"),
        ("translate-de_uk", ModelError, "no such package in the index"),
    ],
)
def test_a_broken_download_installs_nothing_and_says_why(index_server, tmp_path, name, error, message) -> None:
    _, url = index_server
    with pytest.raises(error, match=message):
        install_from_index(name, tmp_path / "models", timeout=0.2, index_url=url)
    assert installed(tmp_path / "models") == ([], [], [])


def test_an_unreachable_index_is_a_clear_message_at_once(tmp_path) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetworkUnavailable, match="is not reachable"):
        install_from_index("translate-de_en", tmp_path, timeout=0.5, index_url=f"http://127.0.0.1:{port}/index.json")


def test_models_update_installs_newer_versions_from_the_configured_index(index_server, tmp_path, copy_archives) -> None:
    from pipeline.config import init_workspace
    from pipeline.models import install_archive

    server, url = index_server
    workspace, _ = init_workspace(tmp_path / "ws")
    config = workspace.config_path.read_text(encoding="utf-8")
    workspace.config_path.write_text(config.replace('# index_url = "https://packages.example.org/index.json"', f'index_url = "{url}"'), encoding="utf-8")
    install_archive(copy_archives[("de", "en")], workspace.paths.models)
    server.index = [
        *[e for e in server.index if e["code"] != "translate-de_en"],
        {"code": "translate-de_en", "from_code": "de", "to_code": "en", "package_version": "1.1",
         "links": [url.replace("index.json", "newer.argosmodel")]},
    ]
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "models", "update"])
    assert result.exit_code == 0, result.output
    assert "updated de-en@1.0 → de-en@1.1" in result.output
    assert installed(workspace.paths.models)[0] == ["de-en@1.1"]
    again = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "models", "update"])
    assert "all 1 installed package are up to date" in again.output
