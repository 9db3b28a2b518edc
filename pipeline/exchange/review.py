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

import os
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
        from pipeline.exchange.weblateapi import WeblateClient, WeblateError, WeblateUnreachable

        client = WeblateClient(self.config.weblate_url, self.token, timeout=self.config.timeout)
        parts = (self.config.project, component, language)
        quoted = "/".join(urllib.parse.quote(p, safe="") for p in parts)
        path = f"/api/translations/{quoted}/units/?q=state%3Aapproved"
        deadline = self.config.timeout * QUERY_DEADLINE_FACTOR  # all pages of this query
        approved: dict[str, str] = {}
        try:
            for results in client.pages(path, deadline=deadline, max_pages=MAX_PAGES):
                _read_units(results, approved)
        except WeblateUnreachable as exc:
            raise ReviewUnreachable(f"Weblate cannot be asked for reviews: {exc}") from None
        except WeblateError as exc:
            if exc.status == 404:  # Weblate has no such component or translation yet
                return approved
            raise ReviewUnavailable(
                f"Weblate cannot be asked for reviews of {component}/{language}: {exc}; "
                "nothing of it is published"
            ) from None
        return approved


def _read_units(results: list[dict], approved: dict[str, str]) -> None:
    """The approved units of one page: msgctxt -> the approved text."""
    for unit in results:
        context, target = unit.get("context"), unit.get("target")
        state_ok = unit.get("approved") is True or unit.get("state") == APPROVED_STATE
        usable = isinstance(target, list) and target and isinstance(target[0], str)
        if isinstance(context, str) and usable and state_ok:
            approved[context] = target[0]  # type: ignore[index]
