"""MT on LibreTranslate servers: the same pipeline, the decoding elsewhere.

What stays local: segmentation, glossary protection (units leave with placeholders, come back
restored and checked), the English pivot (German→English is sent once, then English→X with
`source=en`; LibreTranslate would repeat de→en for every target), the MT cache and the review
queue. What goes out: batches of sentences as `q` lists, spread over the servers with a bounded
number in flight per server. A 5xx answer, a timeout or a refused connection is retried on
another server with backoff; a server that cannot be reached is reported and skipped for the
rest of the run; when no server can answer, the run stops with `ServersUnavailable` before any
catalog is written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from pipeline.config import EngineConfig
from pipeline.errors import ModelNotFound, NetworkUnavailable, VielfaltError
from pipeline.mt.engine import PIVOT, DecodingOptions, ProgressHook, SentenceResult

log = logging.getLogger(__name__)
#: sentences per request (LibreTranslate's batch API)
BATCH = 32
ATTEMPTS = 4
#: the largest answer read from a server (a batch of 32 sentences is a few kB)
MAX_ANSWER_BYTES = 8_000_000


class ServersUnavailable(NetworkUnavailable):
    """No LibreTranslate server could answer: nothing is written."""


@dataclass(frozen=True)
class RemoteHop:
    """One language pair served by the servers; stands where a local package would."""

    from_code: str
    to_code: str
    version: str  # a digest of what the servers report: a change means other output
    demo: bool = False
    generated: str | None = None

    @property
    def ident(self) -> str:
        return f"{self.from_code}-{self.to_code}@libretranslate:{self.version}"

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    @property
    def label(self) -> str:
        return "LibreTranslate"


@dataclass
class _Server:
    url: str
    slots: threading.Semaphore
    languages: dict[str, set[str]] = field(default_factory=dict)
    down: str | None = None  # why it was given up on


class ServerPool:
    """The configured servers, their languages, and the requests between them."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.servers = [
            _Server(url, threading.Semaphore(config.server_concurrency)) for url in config.servers
        ]
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self._turn = 0

    # -- discovery
    def discover(self) -> None:
        """Ask every server for its languages (`/languages`); unreachable ones are marked."""
        for server in self.servers:
            try:
                server.languages = _languages(self._request(server, "/languages", None))
            except _Retryable as exc:
                self._give_up(server, str(exc))

    def live(self) -> list[_Server]:
        return [s for s in self.servers if s.down is None]

    def version(self) -> str:
        """What identifies the servers' models for the MT cache. LibreTranslate reports no
        model versions, so: the servers and their language lists (re-translate with
        `translate --refresh-mt` after updating models on a server)."""
        seen = sorted((s.url, sorted((k, sorted(v)) for k, v in s.languages.items()))
                      for s in self.servers)  # fmt: skip
        return hashlib.sha1(json.dumps(seen).encode()).hexdigest()[:10]

    # -- translation
    def translate(
        self, sentences: list[str], source: str, target: str, progress: ProgressHook | None
    ) -> list[str]:
        """All sentences, in batches over the live servers, in order."""
        batches = [sentences[i : i + BATCH] for i in range(0, len(sentences), BATCH)]
        workers = max(1, len(self.servers) * self.config.server_concurrency)
        done = 0
        results: list[list[str]] = []
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(self._batch, b, source, target) for b in batches]
            for future in futures:
                results.append(future.result())
                done += 1
                if progress is not None:
                    progress(f"MT {source}-{target} (LibreTranslate)", done, len(batches))
        return [text for batch in results for text in batch]

    def _batch(self, batch: list[str], source: str, target: str) -> list[str]:
        body = {"q": batch, "source": source, "target": target, "format": "text"}
        if self.config.api_key:
            body["api_key"] = self.config.api_key
        tried: list[str] = []
        for attempt in range(ATTEMPTS):
            server = self._next_server(source, target, avoid=tried)
            if server is None:
                break
            tried.append(server.url)
            try:
                with server.slots:
                    answer = self._request(server, "/translate", body)
            except _Retryable as exc:
                log.warning("%s: %s (attempt %d)", server.url, exc, attempt + 1)
                if exc.unreachable:
                    self._give_up(server, str(exc))
                else:
                    self._note(f"{server.url}: {exc}; the batch was tried elsewhere")
                time.sleep(min(0.2 * 2**attempt, 2.0))
                continue
            texts = answer.get("translatedText") if isinstance(answer, dict) else None
            if (
                not isinstance(texts, list)
                or len(texts) != len(batch)
                or not all(isinstance(text, str) for text in texts)
            ):
                self._note(f"{server.url}: answer without one text per sentence; tried elsewhere")
                continue
            return texts
        raise ServersUnavailable(
            f"no LibreTranslate server could translate {source}→{target} "
            f"(tried {', '.join(tried) or 'none'}); nothing was written",
            hint="check [engine] servers and that the servers are running (vielfalt models verify)",
        )

    def _next_server(self, source: str, target: str, avoid: list[str]) -> _Server | None:
        with self._lock:
            able = [s for s in self.live() if target in s.languages.get(source, set())]
            fresh = [s for s in able if s.url not in avoid] or able
            if not fresh:
                return None
            self._turn += 1
            return fresh[self._turn % len(fresh)]

    def _note(self, problem: str) -> None:
        with self._lock:
            if problem not in self.problems:
                self.problems.append(problem)

    def _give_up(self, server: _Server, reason: str) -> None:
        with self._lock:
            if server.down is None:
                server.down = reason
                self.problems.append(f"{server.url} is not answering ({reason}); skipped")

    def _request(self, server: _Server, path: str, body: dict | None) -> object:
        """One exchange, within the configured timeout as a whole; the API key is never
        shown, even where a server echoes it."""
        from pipeline import httpclient

        secrets = [self.config.api_key] if self.config.api_key else []
        try:
            answer = httpclient.request(
                server.url + path,
                data=json.dumps(body).encode() if body is not None else None,
                headers={"Content-Type": "application/json", "Accept": "application/json"},
                timeout=self.config.timeout,
                deadline=self.config.timeout,
                max_bytes=MAX_ANSWER_BYTES,
                secrets=secrets,
            )
        except httpclient.HTTPStatusError as exc:
            if exc.status >= 500 or exc.status == 429:
                raise _Retryable(f"HTTP {exc.status}") from None
            raise VielfaltError(f"{server.url}{path}: HTTP {exc.status}: {exc.detail}") from None
        except httpclient.Unreachable as exc:
            raise _Retryable(str(exc), unreachable=True) from None
        except httpclient.TimedOut:
            raise _Retryable(f"no complete answer within {self.config.timeout:g} s") from None
        except httpclient.HTTPError as exc:  # malformed, truncated or oversized answers
            raise _Retryable(str(exc)) from None
        try:
            return json.loads(answer.body.decode("utf-8"))
        except (ValueError, RecursionError):
            raise _Retryable("answer is not JSON") from None


def _languages(answer: object) -> dict[str, set[str]]:
    """LibreTranslate's `/languages`: a list of {code, targets}; anything else is refused."""
    if not isinstance(answer, list):
        raise _Retryable("/languages did not answer with a list of languages", unreachable=True)
    languages: dict[str, set[str]] = {}
    for item in answer:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            continue
        targets = item.get("targets", [])
        if isinstance(targets, list):
            languages[item["code"]] = {t for t in targets if isinstance(t, str)}
    if not languages:  # numbers, strings, empty records: not LibreTranslate's answer
        raise _Retryable(
            "/languages lists no language as LibreTranslate does ({code, targets} records)",
            unreachable=True,
        )
    return languages


class _Retryable(Exception):
    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


class RemoteTranslator:
    """A language pair on the servers, as the engine's SentenceTranslator."""

    def __init__(self, hop: RemoteHop, pool: ServerPool, progress: ProgressHook | None) -> None:
        self.package = hop
        self.ident = hop.ident
        self.cache_key = hop.ident
        self.pool = pool
        self.progress = progress

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        texts = self.pool.translate(
            sentences, self.package.from_code, self.package.to_code, self.progress
        )
        return [SentenceResult(" ".join(t.split()), 0.0) for t in texts]


class RemoteRegistry:
    """Routes over LibreTranslate servers, with the pivot done here: source→English once,
    English→target for every other target."""

    def __init__(self, config: EngineConfig) -> None:
        self.settings = config
        self.pool = ServerPool(config)
        self.pool.discover()
        if not self.pool.live():
            raise ServersUnavailable(
                "no LibreTranslate server answers: "
                + "; ".join(self.pool.problems or ["no servers configured"]),
                hint="check [engine] servers in vielfalt.toml",
            )
        version = self.pool.version()
        pairs = {(s, t) for srv in self.pool.live() for s, ts in srv.languages.items() for t in ts}
        self.packages = [RemoteHop(s, t, version) for s, t in sorted(pairs) if s != t]

    def package_for(self, source: str, target: str) -> RemoteHop | None:
        return next((p for p in self.packages if p.pair == (source, target)), None)

    def route(self, source: str, target: str) -> list[RemoteHop]:
        if target == PIVOT or source == PIVOT:
            direct = self.package_for(source, target)
            if direct is not None:
                return [direct]
            raise ModelNotFound(source, target, hint="no LibreTranslate server serves it")
        first, second = self.package_for(source, PIVOT), self.package_for(PIVOT, target)
        if first is not None and second is not None:
            return [first, second]
        raise ModelNotFound(source, target, hint="no LibreTranslate server serves it")

    def translator(
        self,
        hop: RemoteHop,
        options: DecodingOptions | None = None,
        progress: ProgressHook | None = None,
    ) -> RemoteTranslator:
        return RemoteTranslator(hop, self.pool, progress)

    @property
    def problems(self) -> list[str]:
        return self.pool.problems


def server_report(registry: RemoteRegistry, source: str, targets: Sequence[str]) -> list[str]:
    """For `models verify`: per server, whether it answers and which hops of the routes
    (source→English, English→target) its `/languages` lacks."""
    hops = [(source, PIVOT)] + [(PIVOT, t) for t in targets if t != PIVOT]
    lines = []
    for server in registry.pool.servers:
        if server.down is not None:
            lines.append(f"{server.url}: not answering ({server.down})")
            continue
        missing = [f"{a}→{b}" for a, b in hops if b not in server.languages.get(a, set())]
        lines.append(
            f"{server.url}: ok" + (f", lacks {', '.join(missing)}" if missing else ", all routes")
        )
    return lines
