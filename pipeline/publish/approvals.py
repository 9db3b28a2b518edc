"""When vielfalt first saw each translation approved: the true `approved_at` of published pages.

A PO file's `PO-Revision-Date` moves whenever any tool saves it (vielfalt included), so it says
nothing about approval. The ledger in `.vielfalt/approvals.json` records, per language,
announcement and unit, the hash of the approved msgstr and the time it was first seen; an edit
of an approved entry is a new approval with a new time. German revisions are recorded the same
way, for the `modified` time of the German pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import statefiles
from pipeline.fileio import atomic_write_text

log = logging.getLogger(__name__)
LEDGER_NAME = "approvals.json"
_RECORD = {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}
#: the shape `save` writes
SCHEMA = {
    "type": "object",
    "required": ["approvals", "sources"],
    "properties": {
        "approvals": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "object", "additionalProperties": _RECORD},
            },
        },
        "sources": {"type": "object", "additionalProperties": _RECORD},
    },
}


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class ApprovalLedger:
    approvals: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)
    changed: bool = False
    #: set when the file on disk could not be read and the ledger starts afresh
    problem: str | None = None

    @classmethod
    def load(cls, state_dir: Path) -> ApprovalLedger:
        """The ledger; one not as vielfalt writes it is set aside with a warning (it only
        holds times: starting afresh loses no translation)."""
        path = state_dir / LEDGER_NAME
        try:
            data = statefiles.load(path, SCHEMA)
            return cls(dict(data["approvals"]), dict(data["sources"]))
        except FileNotFoundError:
            return cls()
        except statefiles.StateError as exc:
            log.warning("%s; approval times start afresh", exc)
            return cls(problem=f"{exc}; approval times start afresh")

    def save(self, state_dir: Path) -> None:
        if self.changed:
            payload = {"version": 1, "approvals": self.approvals, "sources": self.sources}
            atomic_write_text(
                state_dir / LEDGER_NAME, json.dumps(payload, indent=1, sort_keys=True) + "\n"
            )
            self.changed = False

    def approved_at(
        self,
        language: str,
        announcement_id: str,
        approved: Iterable[tuple[str, str]],
        now: dt.datetime,
    ) -> str | None:
        """Latest first-seen time of the given (unit key, msgstr) approvals; records new ones."""
        seen = self.approvals.setdefault(language, {}).setdefault(announcement_id, {})
        latest = None
        for key, text in approved:
            digest = _digest(text)
            record = seen.get(key)
            if record is None or record[0] != digest:
                record = [digest, timestamp(now)]
                seen[key] = record
                self.changed = True
            latest = max(latest or record[1], record[1])
        return latest

    def source_seen(self, announcement_id: str, revision: str, now: dt.datetime) -> str:
        """When this German revision of the announcement was first seen."""
        record = self.sources.get(announcement_id)
        if record is None or record[0] != revision:
            record = [revision, timestamp(now)]
            self.sources[announcement_id] = record
            self.changed = True
        return record[1]
