"""Weblate's REST API, the one client: JSON calls and paged listings through vielfalt's one
HTTP path (bounded in time and size; the token never follows a redirect elsewhere).

A paged listing has one deadline over all its pages and a page cap, and of each `next` link
only its path and query are used, on the server vielfalt was told to ask (the link names the
host Weblate thinks it has, which may differ). The reviews (`exchange.review`) and the
handshake (`exchange.handshake`) both ask through it.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator

from pipeline.errors import NetworkUnavailable, VielfaltError

MAX_ANSWER_BYTES = 20_000_000


class WeblateError(VielfaltError):
    """Weblate answered with an error, or with something that is not its API's answer."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class WeblateUnreachable(WeblateError, NetworkUnavailable):
    """Weblate cannot be reached (refused, unknown host, no answer in time)."""


class WeblateClient:
    def __init__(self, url: str, token: str, *, timeout: float) -> None:
        self.base = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def call(self, path: str, body: dict | None = None, *, deadline: float | None = None) -> dict:
        """One request (POST with `body`, else GET) and its JSON object."""
        from pipeline import httpclient

        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        url = path if path.startswith(self.base) else self.base + path
        limit = deadline or self.timeout
        try:
            answer = httpclient.request(
                url, timeout=min(self.timeout, limit), deadline=limit, data=data,
                headers=headers, max_bytes=MAX_ANSWER_BYTES, secrets=[self.token],
            )  # fmt: skip
        except NetworkUnavailable as exc:
            raise WeblateUnreachable(str(exc)) from None
        except httpclient.HTTPStatusError as exc:
            raise WeblateError(str(exc), exc.status) from None
        except httpclient.HTTPError as exc:
            raise WeblateError(str(exc)) from None
        try:
            value = json.loads(answer.body) if answer.body else {}
        except (ValueError, RecursionError):
            raise WeblateError(f"{httpclient.shown(url)}: not a JSON answer") from None
        if not isinstance(value, dict):
            raise WeblateError(f"{httpclient.shown(url)}: not a JSON object")
        return value

    def pages(self, path: str, *, deadline: float, max_pages: int) -> Iterator[list[dict]]:
        """The results of each page of a paged listing, all within `deadline` seconds."""
        started = time.monotonic()
        url: str | None = self.base + path
        for _ in range(max_pages):
            if url is None:
                return
            left = deadline - (time.monotonic() - started)
            if left <= 0:
                raise WeblateError(
                    f"{path}: Weblate's answer did not end within {deadline:g} s (its pages go on)"
                )
            page = self.call(url, deadline=left)
            found = page.get("results")
            if not isinstance(found, list):
                raise WeblateError(f"{path}: not a Weblate listing")
            yield [r for r in found if isinstance(r, dict)]
            url = self._following(page.get("next"), path)
        if url is not None:
            raise WeblateError(f"{path}: Weblate's answer has too many pages")

    def _following(self, link: object, path: str) -> str | None:
        if link is None:
            return None
        if not isinstance(link, str):
            raise WeblateError(f"{path}: 'next' is not a link")
        here, there = urllib.parse.urlsplit(self.base), urllib.parse.urlsplit(link)
        return urllib.parse.urlunsplit((here.scheme, here.netloc, there.path, there.query, ""))
