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
from pipeline.mt.packages import find_packages, install_from_index


@pytest.fixture
def index_server(copy_archives, tmp_path):
    from pipeline.mt.demo_models import ModelSpecification, build_package, pack_argosmodel

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
    from pipeline.mt.packages import install_archive

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
    assert "the 1 installed package is up to date" in again.output


@pytest.mark.hostile
def test_an_index_package_of_another_pair_is_refused_and_the_installed_one_kept(index_server, tmp_path, copy_archives) -> None:
    from pipeline.mt.packages import install_archive

    server, url = index_server
    install_archive(copy_archives[("en", "fr")], tmp_path / "models")
    before = installed(tmp_path / "models")
    # the index says de→en, the file behind the link is the en→fr package
    server.index = [dict(server.index[1], code="translate-de_en", from_code="de", to_code="en", sha256=None)]
    with pytest.raises(NetworkUnavailable, match="holds a en→fr package, not the de→en one"):
        install_from_index("translate-de_en", tmp_path / "models", index_url=url)
    assert installed(tmp_path / "models") == before


@pytest.mark.hostile
def test_a_file_never_replaces_an_installed_package_of_another_pair(tmp_path, copy_archives) -> None:
    import zipfile

    from pipeline.mt.packages import install_archive

    install_archive(copy_archives[("de", "en")], tmp_path / "models")
    (top,) = [p.name for p in (tmp_path / "models").iterdir()]
    # an en→fr package whose folder carries the installed de→en package's name
    renamed = tmp_path / "renamed.argosmodel"
    with zipfile.ZipFile(copy_archives[("en", "fr")]) as source, zipfile.ZipFile(renamed, "w") as target:
        for info in source.infolist():
            target.writestr(top + "/" + info.filename.split("/", 1)[1], source.read(info))
    with pytest.raises(ModelError, match="would replace the installed de→en package"):
        install_archive(renamed, tmp_path / "models")
    assert installed(tmp_path / "models")[0] == ["de-en@1.0"]


@pytest.mark.hostile
def test_an_index_code_cannot_write_outside(index_server, tmp_path) -> None:
    server, url = index_server
    server.index = [dict(server.index[0], code="../../../outside/x")]
    install_from_index("translate-de_en", tmp_path / "ws" / "models", index_url=url)
    assert not (tmp_path / "outside").exists()
    assert installed(tmp_path / "ws" / "models")[0] == ["de-en@1.0"]


@pytest.mark.hostile
def test_a_kill_between_the_two_renames_of_an_update_loses_no_model(tmp_path, copy_archives) -> None:
    from pipeline.mt.packages import install_archive, recover_interrupted

    models = tmp_path / "models"
    package = install_archive(copy_archives[("en", "fr")], models)
    package.path.rename(models / f".replaced-{package.path.name}")  # moved aside, then killed
    (models / ".installing-x1y2").mkdir()
    (models / ".installing-x1y2" / "half.bin").write_bytes(b"\0" * 10)
    notes = recover_interrupted(models)
    assert any("put back" in n for n in notes)
    assert installed(models) == (["en-fr@1.0"], [], [])
