"""One HTTP path for index, downloads, LibreTranslate and ingest: proxies from the environment,
a deadline for the whole exchange, bounded answers, and nothing secret in a message.

Every server here runs on 127.0.0.1 in this process. No test measures time: a server that
hangs or drips does so until the client has gone (or the test ends), so only the client's
own deadline can end the exchange.
"""

from __future__ import annotations

import http.client
import http.server
import json
import socket
import threading
import urllib.parse

import pytest

from pipeline import httpclient
from pipeline.errors import NetworkUnavailable
from pipeline.mt.packages import read_index

PROXY_VARIABLES = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "all_proxy", "ALL_PROXY")


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch):
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


class Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(handler: type[http.server.BaseHTTPRequestHandler], started: list) -> str:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    started.append(server)
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def servers():
    started: list = []
    gone = threading.Event()
    yield lambda handler: serve(handler, started), gone
    gone.set()
    for server in started:
        server.shutdown()
        server.server_close()


INDEX = [{"code": "translate-de_en", "from_code": "de", "to_code": "en", "package_version": "1.0", "links": []}]


class Origin(Quiet):
    """The index server behind the proxy."""

    def do_GET(self) -> None:
        body = json.dumps(INDEX).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def forwarding_proxy(seen: list[str]) -> type:
    class Proxy(Quiet):
        """A plain HTTP forward proxy: takes the absolute URL, asks the origin, answers."""

        def do_GET(self) -> None:
            seen.append(self.path)
            target = urllib.parse.urlsplit(self.path)
            origin = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
            origin.request("GET", target.path)
            answer = origin.getresponse()
            body = answer.read()
            self.send_response(answer.status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Proxy


class RefusingProxy(Quiet):
    def do_GET(self) -> None:
        self.send_error(403, "Forbidden by the city's proxy policy")


def test_requests_go_through_the_proxy_the_environment_names(servers, monkeypatch) -> None:
    start, _ = servers
    origin = start(Origin)
    seen: list[str] = []
    monkeypatch.setenv("http_proxy", start(forwarding_proxy(seen)))
    entries = read_index(f"{origin}/index.json", timeout=5)
    assert [e.code for e in entries] == ["translate-de_en"]
    assert seen == [f"{origin}/index.json"]


def test_no_proxy_sends_the_request_directly(servers, monkeypatch) -> None:
    start, _ = servers
    origin = start(Origin)
    seen: list[str] = []
    monkeypatch.setenv("http_proxy", start(forwarding_proxy(seen)))
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    assert [e.code for e in read_index(f"{origin}/index.json", timeout=5)] == ["translate-de_en"]
    assert seen == []


def test_a_proxy_that_refuses_is_a_clear_network_error(servers, monkeypatch) -> None:
    start, _ = servers
    origin = start(Origin)
    monkeypatch.setenv("http_proxy", start(RefusingProxy))
    with pytest.raises(NetworkUnavailable, match="HTTP 403"):
        read_index(f"{origin}/index.json", timeout=5)


def test_a_proxy_nobody_listens_on_is_unreachable(servers, monkeypatch) -> None:
    start, _ = servers
    origin = start(Origin)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{closed}")
    with pytest.raises(NetworkUnavailable, match="not reachable.*cannot connect"):
        read_index(f"{origin}/index.json", timeout=5)


def dripping(gone: threading.Event) -> type:
    class Drip(Quiet):
        """Sends its body one byte at a time, for as long as anyone listens."""

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            try:
                while not gone.wait(0.05):
                    self.wfile.write(b"x")
                    self.wfile.flush()
            except OSError:
                pass

    return Drip


def test_a_dripping_server_is_cut_off_at_the_deadline(servers) -> None:
    start, gone = servers
    url = start(dripping(gone))
    # each byte arrives well within the 5 s timeout: only the whole-exchange deadline ends it
    with pytest.raises(httpclient.TimedOut, match="timed out"):
        httpclient.request(url, timeout=5, deadline=0.5, max_bytes=10_000_000)


def endless(gone: threading.Event) -> type:
    class Endless(Quiet):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            chunk = b"x" * 65536
            try:
                while not gone.is_set():
                    self.wfile.write(chunk)
            except OSError:
                pass

    return Endless


def test_an_endless_answer_stops_at_the_size_bound(servers) -> None:
    start, gone = servers
    with pytest.raises(httpclient.ProtocolError, match="over the limit"):
        httpclient.request(start(endless(gone)), timeout=5, max_bytes=1_000_000)


class Declared(Quiet):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(10**12))
        self.end_headers()


def test_a_declared_size_over_the_bound_is_refused_before_reading(servers) -> None:
    start, _ = servers
    with pytest.raises(httpclient.ProtocolError, match="over the limit"):
        httpclient.request(start(Declared), timeout=5, max_bytes=1_000_000)


class Truncated(Quiet):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.write(b'{"translatedText": ')
        self.close_connection = True


def test_a_truncated_body_is_a_protocol_error(servers) -> None:
    start, _ = servers
    with pytest.raises(httpclient.ProtocolError, match="cut off"):
        httpclient.request(start(Truncated), timeout=5, max_bytes=1000)


def raw_server(reply: bytes, started: list) -> str:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    started.append(listener)

    def answer() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(reply)

    threading.Thread(target=answer, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/"


@pytest.mark.parametrize("reply", [b"SSH-2.0-OpenSSH_9.2\r\n\r\n", b"HTTP/1.1 banana\r\n\r\n", b"\x00\x01\x02garbage\r\n\r\n"])
def test_an_answer_that_is_not_http_is_a_protocol_error(reply) -> None:
    started: list = []
    try:
        with pytest.raises((httpclient.ProtocolError, httpclient.Unreachable), match="not a valid HTTP answer|closed the connection"):
            httpclient.request(raw_server(reply, started), timeout=5, max_bytes=1000)
    finally:
        for listener in started:
            listener.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http:// and https://"),
        ("ftp://example.org/x", "only http:// and https://"),
        ("http://staff:geheim@lt.herne.example/translate", "user name or password"),
        ("http://:99999999/", "not a valid URL|only http"),
    ],
)
def test_unsafe_addresses_are_refused_before_anything_is_sent(url, message) -> None:
    with pytest.raises(httpclient.UnsafeURL, match=message) as caught:
        httpclient.request(url, timeout=1, max_bytes=10)
    assert "geheim" not in str(caught.value)


def test_a_redirect_to_a_file_address_is_refused(servers) -> None:
    class Redirect(Quiet):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

    start, _ = servers
    with pytest.raises(httpclient.HTTPError, match="non-http|not allowed"):
        httpclient.request(start(Redirect), timeout=5, max_bytes=1000)


def test_a_server_echoing_the_api_key_never_gets_it_printed(servers) -> None:
    class Echo(Quiet):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(403)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error": "invalid api key: ' + json.loads(body)["api_key"].encode() + b'"}')

    start, _ = servers
    with pytest.raises(httpclient.HTTPStatusError) as caught:
        httpclient.request(
            start(Echo), data=json.dumps({"api_key": "sk-herne-4711"}).encode(), timeout=5,
            max_bytes=1000, secrets=["sk-herne-4711"],
        )
    assert caught.value.status == 403
    assert "sk-herne-4711" not in str(caught.value) and "***" in str(caught.value)


def test_the_weblate_token_never_follows_a_redirect_to_another_server(servers) -> None:
    from pipeline.exchange.review import ReviewConfig, ReviewUnavailable, WeblateReviews

    carried: list[str] = []

    class Elsewhere(Quiet):
        def do_GET(self) -> None:
            carried.append(self.headers.get("Authorization", ""))
            body = b'{"results": [], "next": null}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    start, _ = servers
    # the other server is on another port of this machine: another origin all the same
    other = start(Elsewhere)

    class Redirecting(Quiet):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", other + self.path)
            self.end_headers()

    reviews = WeblateReviews(
        ReviewConfig(start(Redirecting), "herne", "TOKEN_ENV"), {"TOKEN_ENV": "wlu_geheim4711"}
    )
    with pytest.raises(ReviewUnavailable, match="redirects to another server") as caught:
        reviews.approved("sprachcafe", "fr")
    assert carried == []
    assert "wlu_geheim4711" not in str(caught.value)


def test_a_redirect_within_the_same_server_keeps_working(servers) -> None:
    class SameServer(Quiet):
        def do_GET(self) -> None:
            if self.path == "/old":
                self.send_response(301)
                self.send_header("Location", "/new")
                self.end_headers()
                return
            body = b"ok"
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(body)

    start, _ = servers
    answer = httpclient.request(
        start(SameServer) + "/old", timeout=5, max_bytes=100,
        headers={"Authorization": "Token wlu_geheim"},
    )  # fmt: skip
    assert answer.body == b"ok"
