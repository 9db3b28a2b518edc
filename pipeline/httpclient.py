"""The one way vielfalt talks HTTP: proxies honoured, whole-request deadlines, bounded answers.

Every request (the package index, package downloads, LibreTranslate, ingest URLs) goes through
`request` or `stream`. Built on urllib, so `http_proxy`, `https_proxy` and `no_proxy` apply as
in any Python program; no raw socket probes. What a city network or a broken server can do is
turned into one typed error each, with a message that never shows a password or an API key:

- `Unreachable`: refused, no route, no name, a proxy that refuses;
- `TimedOut`: nothing within `timeout`, or the whole exchange past its `deadline` (a server
  that drips one byte at a time is cut off at the deadline, not kept alive by each byte);
- `HTTPStatusError`: a 4xx or 5xx answer (with the start of its body, secrets redacted);
- `ProtocolError`: not HTTP, a truncated body, a body over `max_bytes`.
"""

from __future__ import annotations

import functools
import http.client
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from pipeline.errors import NetworkUnavailable, VielfaltError

USER_AGENT = "vielfalt/0.1"
SCHEMES = ("http", "https")
_CHUNK = 1 << 16


class HTTPError(VielfaltError):
    """A request failed; the message names the URL (without credentials)."""


class Unreachable(HTTPError, NetworkUnavailable):
    """No connection: refused, unknown host, no route, or the proxy refused."""


class TimedOut(HTTPError, NetworkUnavailable):
    """No answer within the timeout, or the whole exchange over its deadline."""


class ProtocolError(HTTPError):
    """The answer is not well-formed HTTP, is truncated, or is larger than allowed."""


class HTTPStatusError(HTTPError):
    def __init__(self, message: str, status: int, detail: str) -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail


class UnsafeURL(HTTPError):
    """Not http(s), or carrying credentials, which vielfalt never sends or prints."""


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes


def check_url(url: str) -> str:
    """`url` if it is http(s) with a host and no user or password in it."""
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # a malformed port raises here
    except ValueError as exc:
        raise UnsafeURL(f"not a valid URL: {exc}") from None
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise UnsafeURL(f"{shown(url)}: only http:// and https:// addresses are used")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL(
            f"{shown(url)}: the address carries a user name or password; vielfalt never sends "
            "credentials in URLs (use an API key setting, or a proxy that authenticates)"
        )
    return url


def shown(url: str) -> str:
    """`url` as it may be printed: user and password replaced, query dropped."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<malformed URL>"
    user = "***@" if parts.username is not None or parts.password is not None else ""
    return urllib.parse.urlunsplit((parts.scheme, user + host + port, parts.path, "", ""))


def redact(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


class _Watch:
    """Closes the sockets of one exchange when its deadline passes (so no read outlives it)."""

    def __init__(self, seconds: float | None) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire) if seconds is not None else None
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def register(self, sock: socket.socket | None) -> None:
        with self._lock:
            if sock is not None:
                self._sockets.append(sock)
            if self.expired:
                self._shutdown()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shutdown()

    def _shutdown(self) -> None:
        for sock in self._sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


class _Watched:
    """A connection whose socket the exchange's `_Watch` can shut at the deadline."""

    sock: socket.socket | None

    def __init__(self, *args, watch: _Watch, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._watch = watch

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self._watch.register(self.sock)


class _WatchedHTTP(_Watched, http.client.HTTPConnection):
    pass


class _WatchedHTTPS(_Watched, http.client.HTTPSConnection):
    pass


class _WatchedHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """Opens http and https through connections the exchange's `_Watch` can shut.

    Being both handlers, it stands in for urllib's defaults in `build_opener`."""

    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self._watch = watch

    def http_open(self, req):
        return self.do_open(functools.partial(_WatchedHTTP, watch=self._watch), req)

    def https_open(self, req):
        return self.do_open(functools.partial(_WatchedHTTPS, watch=self._watch), req)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port or default
    except ValueError:
        port = None
    return parts.scheme, (parts.hostname or "").lower(), port


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects to http(s) only (urllib would also follow one to ftp://); a request that
    carries credentials follows none to another scheme, host or port: the secret stays home."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in SCHEMES:
            raise UnsafeURL(f"{shown(req.full_url)} redirects to a non-http(s) address")
        credentials = req.has_header("Authorization") or req.has_header("Cookie")
        if credentials and _origin(newurl) != _origin(req.full_url):
            raise UnsafeURL(
                f"{shown(req.full_url)} redirects to another server ({shown(newurl)}); "
                "the credentials are not sent there"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@contextmanager
def stream(
    url: str,
    *,
    timeout: float,
    deadline: float | None = None,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    max_bytes: int,
    secrets: Sequence[str] = (),
) -> Iterator[tuple[int, Mapping[str, str], Iterator[bytes]]]:
    """(status, headers, chunks) of a 2xx answer; errors as this module's types.

    `timeout` bounds each wait for the network, `deadline` (seconds) the whole exchange,
    `max_bytes` the body. Proxies come from the environment, as urllib reads them."""
    check_url(url)
    where = shown(url)
    watch = _Watch(deadline)
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler(), _WatchedHandler(watch), _Redirects()
    )
    request = urllib.request.Request(
        url,
        data=data,
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        method="POST" if data is not None else "GET",
    )
    started = time.monotonic()
    response = None
    try:
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            detail = _read_detail(exc, secrets)
            raise HTTPStatusError(
                f"{where}: HTTP {exc.code} {redact(str(exc.reason), secrets)}"
                + (f": {detail}" if detail else ""),
                exc.code,
                detail,
            ) from None
        declared = response.headers.get("Content-Length")
        total = int(declared) if declared and declared.isdigit() else None
        if total is not None and total > max_bytes:
            raise ProtocolError(f"{where}: the answer is {total:,} bytes, over the limit")
        yield response.status, response.headers, _chunks(response, where, total, max_bytes, watch)
    except HTTPError:
        raise
    except TimeoutError:
        raise TimedOut(f"{where}: timed out (no answer within {timeout:g} s)") from None
    except (http.client.HTTPException, urllib.error.URLError, OSError, ValueError) as exc:
        if watch.expired:
            raise TimedOut(
                f"{where}: timed out (not complete within {deadline:g} s, "
                f"stopped after {time.monotonic() - started:.1f} s)"
            ) from None
        raise _classify(exc, where, timeout, secrets) from None
    finally:
        watch.cancel()
        if response is not None:
            response.close()


def _chunks(
    response: http.client.HTTPResponse,
    where: str,
    total: int | None,
    max_bytes: int,
    watch: _Watch,
) -> Iterator[bytes]:
    received = 0
    while True:
        chunk = response.read1(_CHUNK)
        if watch.expired:  # the socket was shut at the deadline: what came is not the answer
            raise OSError("deadline")
        if not chunk:
            break
        received += len(chunk)
        if received > max_bytes:
            raise ProtocolError(f"{where}: the answer grew over the limit of {max_bytes:,} bytes")
        yield chunk
    if total is not None and received < total:
        raise ProtocolError(f"{where}: the answer was cut off ({received:,} of {total:,} bytes)")


def request(
    url: str,
    *,
    timeout: float,
    deadline: float | None = None,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    max_bytes: int,
    secrets: Sequence[str] = (),
) -> Response:
    """The whole answer of one request (see `stream` for the bounds)."""
    with stream(
        url, timeout=timeout, deadline=deadline, data=data, headers=headers,
        max_bytes=max_bytes, secrets=secrets,
    ) as (status, answer_headers, chunks):  # fmt: skip
        body = b"".join(chunks)
    return Response(url, status, dict(answer_headers), body)


def _read_detail(exc: urllib.error.HTTPError, secrets: Sequence[str]) -> str:
    try:
        raw = exc.read(400)
    except (OSError, http.client.HTTPException, ValueError):
        raw = b""
    text = raw.decode("utf-8", "replace")
    text = " ".join(text.split())[:200]
    return redact(text, secrets)


def _classify(exc: BaseException, where: str, timeout: float, secrets: Sequence[str]) -> HTTPError:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError | socket.timeout):
        return TimedOut(f"{where}: timed out (no answer within {timeout:g} s)")
    if isinstance(reason, http.client.IncompleteRead):
        return ProtocolError(f"{where}: the answer was cut off")
    if isinstance(reason, http.client.RemoteDisconnected):
        return Unreachable(f"{where}: the server closed the connection without answering")
    if isinstance(reason, http.client.HTTPException):
        return ProtocolError(f"{where}: not a valid HTTP answer ({type(reason).__name__})")
    if isinstance(reason, OSError) and "Tunnel connection failed" in str(reason):
        return Unreachable(f"{where}: the proxy refused the connection ({reason})")
    text = redact(str(getattr(reason, "strerror", None) or reason), secrets)
    return Unreachable(f"{where}: cannot connect ({text})")
