"""Weblate's review workflow: which units a reviewer approved, asked of Weblate's REST API.

With reviews on, Weblate writes "Translated (awaiting review)" and "Approved" alike as
non-fuzzy PO entries; the difference lives only in Weblate's database. Under `[review]` in
vielfalt.toml, `publish` asks Weblate for each catalog's approved units and publishes an
entry only when the PO file and Weblate agree: not fuzzy, approved by a reviewer, the same
text. When Weblate cannot be asked, nothing is published (`ReviewUnavailable`).

The API token is read from the environment variable `[review] token_env` names, never from
the repository.
"""

from __future__ import annotations

import json
import os
import time
import urllib.parse
from collections.abc import Mapping

from pipeline.config import ReviewConfig
from pipeline.errors import NetworkUnavailable, VielfaltError

#: Weblate's unit state for "Approved" (0 empty, 10 needs editing, 20 translated, 30 approved,
#: 100 read-only)
APPROVED_STATE = 30
MAX_PAGES = 1000
#: one review query (all its pages) may take this many times the per-request timeout
QUERY_DEADLINE_FACTOR = 4
MAX_ANSWER_BYTES = 20_000_000


class ReviewUnavailable(VielfaltError):
    """Weblate could not say which units are approved: nothing is published."""


class ReviewUnreachable(ReviewUnavailable, NetworkUnavailable):
    """Weblate cannot be reached (refused, unknown host, no answer in time)."""


class WeblateReviews:
    """Approved units per component and language, asked once each and remembered."""

    def __init__(self, config: ReviewConfig, environ: Mapping[str, str] = os.environ) -> None:
        self.config = config
        self.token = environ.get(config.token_env, "")
        self._approved: dict[tuple[str, str], dict[str, str]] = {}

    def approved(self, component: str, language: str) -> dict[str, str]:
        """msgctxt -> the approved text, for one component (announcement) in one language."""
        key = (component, language)
        if key not in self._approved:
            self._approved[key] = self._fetch(component, language)
        return self._approved[key]

    def _fetch(self, component: str, language: str) -> dict[str, str]:
        from pipeline import httpclient

        started = time.monotonic()
        deadline = self.config.timeout * QUERY_DEADLINE_FACTOR  # all pages of this query
        base = self.config.weblate_url.rstrip("/")
        parts = (self.config.project, component, language)
        quoted = "/".join(urllib.parse.quote(p, safe="") for p in parts)
        url: str | None = f"{base}/api/translations/{quoted}/units/?q=state%3Aapproved"
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        approved: dict[str, str] = {}
        for _ in range(MAX_PAGES):
            if url is None:
                return approved
            left = deadline - (time.monotonic() - started)
            if left <= 0:
                raise ReviewUnavailable(
                    f"Weblate's answer for {component}/{language} did not end within "
                    f"{deadline:g} s (its pages go on): nothing of it is published"
                )
            try:
                answer = httpclient.request(
                    url, timeout=min(self.config.timeout, left), deadline=left,
                    headers=headers, max_bytes=MAX_ANSWER_BYTES, secrets=[self.token],
                )  # fmt: skip
                page = json.loads(answer.body)
            except httpclient.HTTPStatusError as exc:
                if exc.status == 404:  # Weblate has no such component or translation yet
                    return approved
                raise ReviewUnavailable(f"Weblate cannot be asked for reviews: {exc}") from None
            except NetworkUnavailable as exc:
                raise ReviewUnreachable(f"Weblate cannot be asked for reviews: {exc}") from None
            except httpclient.HTTPError as exc:
                raise ReviewUnavailable(f"Weblate cannot be asked for reviews: {exc}") from None
            except (ValueError, RecursionError):
                raise ReviewUnavailable(f"{httpclient.shown(url)}: not a JSON answer") from None
            url = _read_page(page, approved, url)
        raise ReviewUnavailable(f"Weblate's answer for {component}/{language} has too many pages")


def _read_page(page: object, approved: dict[str, str], url: str) -> str | None:
    if not isinstance(page, dict) or not isinstance(page.get("results"), list):
        raise ReviewUnavailable(f"{url}: not a Weblate units page")
    for unit in page["results"]:
        if not isinstance(unit, dict):
            continue
        context, target = unit.get("context"), unit.get("target")
        state_ok = unit.get("approved") is True or unit.get("state") == APPROVED_STATE
        usable = isinstance(target, list) and target and isinstance(target[0], str)
        if isinstance(context, str) and usable and state_ok:
            approved[context] = target[0]  # type: ignore[index]
    following = page.get("next")
    if following is None:
        return None
    if not isinstance(following, str):
        raise ReviewUnavailable(f"{url}: 'next' is not a link")
    # Only the path and query of Weblate's link are used, on the server vielfalt was told to
    # ask: the link names the host Weblate thinks it has (SITE_DOMAIN), which may differ.
    here, there = urllib.parse.urlsplit(url), urllib.parse.urlsplit(following)
    return urllib.parse.urlunsplit((here.scheme, here.netloc, there.path, there.query, ""))
