"""Every setting of vielfalt.toml, declared once: type, default, allowed values, what it does.

`config` validates against this table and takes its defaults from it; `vielfalt init` writes
the commented vielfalt.toml from it (`template`), and docs/configuration.md is generated from
it (`reference`), so the file, the checks and the documentation cannot disagree.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any, Literal

from pipeline.languages import DEFAULT_TARGETS, SOURCE

Number = (int, float)


@dataclass(frozen=True)
class Setting:
    table: str
    key: str
    kind: type | tuple[type, ...]
    default: Any
    #: what it does: the comment above it in vielfalt.toml and its line in the reference
    doc: str
    #: the allowed values, as the error message names them ("[engine] beam_size must be …")
    allowed: str
    choices: tuple[str, ...] = ()
    #: inclusive range of a number; beyond it a value is a typo (inf and nan never make sense)
    bounds: tuple[float, float] | None = None
    #: in `vielfalt init`'s file: "set" (written), "commented" (shown with `example`), or
    #: "documented" (only in the reference: a table of its own, see its docs page)
    shown: Literal["set", "commented", "documented"] = "set"
    example: Any = None

    @property
    def name(self) -> str:
        return f"[{self.table}] {self.key}"


# fmt: off
SETTINGS: tuple[Setting, ...] = (
    Setting("languages", "source", str, SOURCE, "the language announcements are written in",
            'a language code such as "de"'),
    Setting("languages", "targets", list, list(DEFAULT_TARGETS), "the languages to translate into",
            "a list of language codes"),

    Setting("paths", "announcements", str, "announcements", "the German announcements (Markdown)",
            "a relative or absolute path"),
    Setting("paths", "glossaries", str, "glossaries", "glossary CSV files",
            "a relative or absolute path"),
    Setting("paths", "locales", str, "locales", "the review queue: one PO file per announcement "
            "and language", "a relative or absolute path"),
    Setting("paths", "published", str, "published", "what `vielfalt publish` writes",
            "a relative or absolute path"),
    Setting("paths", "models", str, "models", "installed Argos Translate packages",
            "a relative or absolute path"),
    Setting("paths", "templates", str, "templates", "page templates that override the built-in "
            "ones (optional)", "a relative or absolute path", shown="commented"),
    Setting("paths", "exchange", str, "exchange", "XLIFF exports for translation agencies "
            "(vielfalt export)", "a relative or absolute path", shown="commented"),

    Setting("policies", "refuse_wrong_language", bool, True, "refuse sources whose detected "
            "language is not the source language", "true or false"),
    Setting("policies", "max_source_mb", Number, 20, "largest accepted source file, in MB",
            "a number of megabytes", bounds=(0.001, 1000)),
    Setting("policies", "publish", str, "complete", 'publishing: "complete" (all units '
            'approved) or "partial" (German fallback, marked lang="de")',
            '"complete" or "partial"', choices=("complete", "partial")),
    Setting("policies", "memory", str, "approved", 'translation memory hits arrive "approved" '
            'or "fuzzy" (for a translator to confirm)', '"approved" or "fuzzy"',
            choices=("approved", "fuzzy")),
    Setting("policies", "outdated_mt", bool, True, "offer fresh MT as a comment on entries whose "
            "German changed after approval", "true or false"),
    Setting("policies", "publish_qa", str, "block", 'approved entries with QA errors: "block" '
            '(not published, exit 3) or "warn" (published, listed)', '"block" or "warn"',
            choices=("block", "warn")),

    Setting("site", "name", str, "Stadt Herne – Kommunales Integrationszentrum",
            "shown in the header of published pages and in feed titles", "the site's name"),
    Setting("site", "base_url", str, "", "where published/ is served; feeds, JSON, hreflang "
            "alternates and sitemap.xml use it", "an absolute http(s) URL ending in /",
            shown="commented", example="https://www.example.org/integration/"),
    Setting("site", "imprint_url", str, "", "the imprint linked from every page", "an http(s) URL",
            shown="commented", example="https://www.example.org/impressum"),
    Setting("site", "privacy_url", str, "", "the privacy statement linked from every page",
            "an http(s) URL", shown="commented", example="https://www.example.org/datenschutz"),
    Setting("site", "contact", str, "", "a contact shown on every page",
            "an e-mail address or a short text", shown="commented",
            example="integration@example.org"),
    Setting("site", "notice", dict, {}, "per language, a notice line under each translated page",
            "a table of language code = notice text", shown="commented",
            example={"en": "Translated with machine assistance and reviewed by the city's "
                           "translators."}),

    Setting("catalogs", "wrap", int, 79, "page width of the PO files in locales/: 79 as "
            "gettext's tools, Poedit and Weblate write them (a run then changes only the lines "
            "of the entries it changes); 0: no wrapping (msgcat --no-wrap)",
            "the page width of PO files: 79 as gettext and Weblate, 0 for no wrapping",
            bounds=(0, 10_000)),

    Setting("models", "index_url", str, "", "package index for 'vielfalt models install NAME' and "
            "'models update' (Argos format); empty: Argos Translate's public index",
            "the http(s) URL of an Argos-format package index", shown="commented",
            example="https://packages.example.org/index.json"),

    Setting("engine", "backend", str, "local", '"local" (CTranslate2 in this process) or '
            '"libretranslate" (the servers below)', '"local" or "libretranslate"',
            choices=("local", "libretranslate"), shown="commented"),
    Setting("engine", "servers", list, [], "LibreTranslate base URLs; batches are spread over "
            "them, a failing one is skipped",
            'a list of LibreTranslate URLs such as "http://10.0.0.5:5000"', shown="commented",
            example=["http://10.0.0.5:5000", "http://10.0.0.6:5000"]),
    Setting("engine", "api_key", str, "", "the LibreTranslate API key (empty: none)",
            "the LibreTranslate API key (empty: none)", shown="documented"),
    Setting("engine", "timeout", Number, 60.0, "seconds a LibreTranslate request may take before "
            "another server is tried", "seconds", bounds=(1, 3600), shown="documented"),
    Setting("engine", "server_concurrency", int, 2, "requests in flight per LibreTranslate server "
            "at most", "a whole number ≥ 1", bounds=(1, 64), shown="documented"),
    Setting("engine", "beam_size", int, 4, "beam search width, as Argos Translate decodes",
            "a whole number ≥ 1", bounds=(1, 32)),
    Setting("engine", "length_ratio", Number, 2.0, "decoding stops at this many times the source "
            "tokens (a cap against repetition loops)",
            "a number > 0 (decoding cap: ratio × source tokens)", bounds=(0.1, 20)),
    Setting("engine", "device", str, "cpu", '"cpu" or "cuda"', '"cpu" or "cuda"',
            choices=("cpu", "cuda")),
    Setting("engine", "compute_type", str, "default", 'CTranslate2 compute type ("default", '
            '"int8", …)', 'a CTranslate2 compute type such as "default" or "int8"'),
    Setting("engine", "inter_threads", int, 1, "translations run in parallel per model",
            "a whole number ≥ 1", bounds=(1, 256)),
    Setting("engine", "intra_threads", int, 0, "threads per translation; 0: all cores",
            "a whole number ≥ 0 (0: all cores)", bounds=(0, 256)),
    Setting("engine", "max_loaded_mb", int, 4096, "unload least recently used models beyond "
            "this", "a whole number of megabytes", bounds=(1, 1_048_576)),

    Setting("glossary", "files", list, [], "precedence of glossary files in glossaries/, first "
            "wins (the others follow alphabetically)",
            "a list of CSV file names in glossaries/, highest precedence first",
            shown="commented", example=["herne.csv"]),

    Setting("sources", "urls", list, [], "what `vielfalt sync` reads: the city's listing pages "
            "or feeds", "a list of http(s) addresses of the city's listing pages or feeds",
            shown="commented", example=["https://www.example.org/integration/aktuelles"]),
    Setting("sources", "files", list, [], "files `vielfalt sync` imports (relative to "
            "vielfalt.toml)", "a list of files (relative to vielfalt.toml) to import",
            shown="commented", example=["feeds/integration.xml"]),
    Setting("sources", "profile", dict, {}, "how the city's pages are read: entry_header, "
            "more_link, date_line and [sources.profile.chrome] (docs/sources.md)",
            "a table: entry_header, more_link, date_line and [sources.profile.chrome]",
            shown="documented"),

    Setting("review", "weblate_url", str, "", "with Weblate's reviews on: the Weblate server "
            "publish asks which units a reviewer approved", "the http(s) address of the Weblate "
            "server", shown="commented", example="https://weblate.example.org/"),
    Setting("review", "project", str, "", "the Weblate project's slug", "the Weblate project's "
            "slug", shown="commented", example="herne"),
    Setting("review", "token_env", str, "VIELFALT_WEBLATE_TOKEN", "the environment variable "
            "holding the Weblate API token (never the token itself)",
            "the environment variable holding the Weblate API token", shown="commented"),

    Setting("weblate", "url", str, "", "the Weblate server translators use: `translate` and "
            "`sync` then lock its components, have it commit and push, pull, translate, commit "
            "and push, have it pull, and unlock (docs/translators.md)", "the http(s) address of "
            "the Weblate server", shown="commented", example="https://weblate.example.org/"),
    Setting("weblate", "project", str, "", "the Weblate project's slug", "the Weblate "
            "project's slug", shown="commented", example="herne"),
    Setting("weblate", "token_env", str, "VIELFALT_WEBLATE_TOKEN", "the environment variable "
            "holding the Weblate API token (never the token itself)",
            "the environment variable holding the Weblate API token", shown="commented"),
    Setting("weblate", "remote", str, "origin", "the git remote Weblate pulls from and pushes "
            "to", "the name of a git remote of the workspace", shown="commented"),
    Setting("weblate", "branch", str, "", "the branch Weblate's components follow (default: "
            "the workspace's current branch)", "a branch name", shown="commented",
            example="main"),
)
# fmt: on
TABLES: tuple[str, ...] = tuple(dict.fromkeys(s.table for s in SETTINGS))
#: tables a workspace adds when it uses them: `init` shows them commented out, header and all
ADDED_WHEN_USED = ("sources", "review", "weblate")
_BY_NAME = {(s.table, s.key): s for s in SETTINGS}


def setting(table: str, key: str) -> Setting:
    return _BY_NAME[(table, key)]


def default(table: str, key: str) -> Any:
    """The default of a setting (a fresh copy of a list or table)."""
    value = _BY_NAME[(table, key)].default
    return type(value)(value) if isinstance(value, list | dict) else value


def keys(table: str) -> list[str]:
    return [s.key for s in SETTINGS if s.table == table]


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def table_block(table: str) -> str:
    """One table of `vielfalt init`'s vielfalt.toml; a table with nothing set is all comments."""
    shown = [s for s in SETTINGS if s.table == table and s.shown != "documented"]
    lines = [f"# [{table}]" if table in ADDED_WHEN_USED else f"[{table}]"]
    for entry in shown:
        value = entry.default if entry.example is None else entry.example
        lines += textwrap.wrap(
            entry.doc, 96, initial_indent="# ", subsequent_indent="# ", break_on_hyphens=False
        )
        if isinstance(value, dict):
            lines.append(f"# [{table}.{entry.key}]")
            lines += [f"# {k} = {toml_value(v)}" for k, v in value.items()]
            continue
        line = f"{entry.key} = {toml_value(value)}"
        lines.append(line if entry.shown == "set" else f"# {line}")
    return "\n".join(lines) + "\n\n"


def template() -> str:
    """The commented vielfalt.toml `vielfalt init` writes."""
    head = (
        "# vielfalt workspace configuration. Unknown keys are errors.\n"
        "# Every setting, its default and allowed values: docs/configuration.md in vielfalt\n\n"
    )
    return (head + "".join(table_block(table) for table in TABLES)).rstrip("\n") + "\n"


def reference() -> str:
    """docs/configuration.md: every setting with its default and allowed values."""
    parts = [
        "# Configuration reference: vielfalt.toml\n\n"
        "Generated from `pipeline/settings.py` by `scripts/reference_docs.py` (a test keeps it "
        "current). `vielfalt init` writes a commented vielfalt.toml from the same table. An "
        "unknown table or key, a wrong type, a value out of range or not among the choices is "
        "an error naming the file and line.\n"
    ]
    for table in TABLES:
        parts.append(f"\n## [{table}]\n\n| key | default | allowed | what it does |\n"
                     "| --- | --- | --- | --- |\n")  # fmt: skip
        for entry in (s for s in SETTINGS if s.table == table):
            allowed = entry.allowed + (
                f" (from {entry.bounds[0]:g} to {entry.bounds[1]:g})" if entry.bounds else ""
            )
            shown = "—" if entry.default in ("", [], {}) else f"`{toml_value(entry.default)}`"
            cells = [f"`{entry.key}`", shown, allowed, entry.doc]
            parts.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n")
    return "".join(parts)
