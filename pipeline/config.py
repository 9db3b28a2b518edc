"""The workspace and its configuration, read once from vielfalt.toml and passed down."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, WorkspaceNotFound
from pipeline.fileio import atomic_write_text
from pipeline.languages import DEFAULT_TARGETS, LANGUAGES, SOURCE
from pipeline.pages import SiteProfile
from pipeline.review import ReviewConfig

CONFIG_NAME = "vielfalt.toml"

DEFAULT_SITE = """[site]
# shown in the header of published pages and in feed titles
name = "Stadt Herne – Kommunales Integrationszentrum"
# where published/ is served; feeds, JSON, hreflang alternates and sitemap.xml use it
# base_url = "https://www.example.org/integration/"
# imprint_url = "https://www.example.org/impressum"
# privacy_url = "https://www.example.org/datenschutz"
# contact = "integration@example.org"
# [site.notice]
# en = "Translated with machine assistance and reviewed by the city's translators."

"""

DEFAULT_CONFIG = """\
# vielfalt workspace configuration. Unknown keys are errors.

[languages]
source = "de"
targets = ["en", "fr", "ro", "bg", "pl", "tr", "ru", "ar"]

[paths]
# relative to this file
announcements = "announcements"
glossaries = "glossaries"
locales = "locales"
published = "published"
models = "models"
# templates = "templates"   # optional: page templates that override the built-in ones
# exchange = "exchange"     # XLIFF exports for translation agencies (vielfalt export)

[policies]
# refuse sources whose detected language is not the source language
refuse_wrong_language = true
# largest accepted source file, in MB
max_source_mb = 20
# publishing: "complete" (all units approved) or "partial" (German fallback, marked lang="de")
publish = "complete"
# translation memory hits arrive "approved" or "fuzzy" (for a translator to confirm)
memory = "approved"
# offer fresh MT as a comment on entries whose German changed after approval
outdated_mt = true
# approved entries with QA errors: "block" (not published, exit 1) or "warn" (published, listed)
publish_qa = "block"

{site}[catalogs]
# page width of the PO files in locales/: 79 as gettext's tools, Poedit and Weblate write them
# (a run then changes only the lines of the entries it changes); 0: no wrapping (msgcat --no-wrap)
wrap = 79

[models]
# package index for 'vielfalt models install NAME' and 'models update' (Argos format);
# empty or absent: Argos Translate's public index
# index_url = "https://packages.example.org/index.json"

[engine]
# decoding as Argos Translate does it, with a cap against repetition loops
beam_size = 4
length_ratio = 2.0
device = "cpu"
compute_type = "default"
inter_threads = 1
intra_threads = 0       # 0: all cores
max_loaded_mb = 4096    # unload least recently used models beyond this
""".replace("{site}", DEFAULT_SITE)


@dataclass(frozen=True)
class Paths:
    announcements: Path
    glossaries: Path
    locales: Path
    published: Path
    models: Path
    #: page templates that override the built-in ones (optional folder)
    templates: Path
    #: XLIFF exports for agencies, their glossaries and manifests
    exchange: Path


@dataclass(frozen=True)
class Policies:
    refuse_wrong_language: bool = True
    max_source_mb: float = 20.0
    publish: str = "complete"
    #: translation-memory hits arrive "approved" or "fuzzy" (for confirmation)
    memory: str = "approved"
    #: offer fresh MT as a comment on outdated entries
    outdated_mt: bool = True
    #: approved entries with QA errors: "block" publishing them, or "warn" and publish
    publish_qa: str = "block"


@dataclass(frozen=True)
class Site:
    """What published pages say about the site they belong to."""

    name: str = ""
    base_url: str = ""
    imprint_url: str = ""
    privacy_url: str = ""
    contact: str = ""
    #: language -> notice line under each translated page
    notice: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EngineConfig:
    #: "local" (CTranslate2 in this process) or "libretranslate" (servers, see `servers`)
    backend: str = "local"
    #: LibreTranslate base URLs; batches are spread over them, a failing one is skipped
    servers: tuple[str, ...] = ()
    api_key: str = ""
    #: seconds a LibreTranslate request may take before another server is tried
    timeout: float = 60.0
    #: requests in flight per server at most
    server_concurrency: int = 2
    beam_size: int = 4
    length_ratio: float = 2.0
    device: str = "cpu"
    compute_type: str = "default"
    inter_threads: int = 1
    intra_threads: int = 0
    max_loaded_mb: int = 4096


@dataclass(frozen=True)
class Workspace:
    """A workspace directory and its validated configuration."""

    root: Path
    config_path: Path
    source_language: str
    target_languages: tuple[str, ...]
    paths: Paths
    policies: Policies = field(default_factory=Policies)
    engine: EngineConfig = field(default_factory=EngineConfig)
    site: Site = field(default_factory=Site)
    #: package index for `models install NAME` and `models update` ("": Argos Translate's)
    index_url: str = ""
    #: glossary CSV names in precedence order (others follow alphabetically)
    glossary_files: tuple[str, ...] = ()
    #: the page width PO files are written with: 79 as gettext's tools and Weblate, 0 no wrap
    catalog_wrap: int = 79
    #: Weblate's review workflow: publish what a reviewer approved there (None: fuzzy cleared)
    review: ReviewConfig | None = None
    #: what `vielfalt sync` reads: the city's listing or feed URLs and files
    source_urls: tuple[str, ...] = ()
    source_files: tuple[str, ...] = ()
    #: how the city's pages are read (entry headers, link lines, page chrome)
    source_profile: SiteProfile = field(default_factory=SiteProfile)

    @property
    def state_dir(self) -> Path:
        """Machine state (MT cache, lock): not for version control."""
        return self.root / ".vielfalt"


# Schema: table -> key -> (type check, description of allowed value)
_SCHEMA: dict[str, dict[str, tuple[Any, str]]] = {
    "languages": {
        "source": (str, 'a language code such as "de"'),
        "targets": (list, "a list of language codes"),
    },
    "paths": {name: (str, "a relative or absolute path") for name in Paths.__dataclass_fields__},
    "engine": {
        "beam_size": (int, "a whole number ≥ 1"),
        "length_ratio": ((int, float), "a number > 0 (decoding cap: ratio × source tokens)"),
        "device": (str, '"cpu" or "cuda"'),
        "compute_type": (str, 'a CTranslate2 compute type such as "default" or "int8"'),
        "inter_threads": (int, "a whole number ≥ 1"),
        "intra_threads": (int, "a whole number ≥ 0 (0: all cores)"),
        "max_loaded_mb": (int, "a whole number of megabytes"),
        "backend": (str, '"local" or "libretranslate"'),
        "servers": (list, 'a list of LibreTranslate URLs such as "http://10.0.0.5:5000"'),
        "api_key": (str, "the LibreTranslate API key (empty: none)"),
        "timeout": ((int, float), "seconds"),
        "server_concurrency": (int, "a whole number ≥ 1"),
    },
    "models": {
        "index_url": (str, "the http(s) URL of an Argos-format package index"),
    },
    "glossary": {
        "files": (list, "a list of CSV file names in glossaries/, highest precedence first"),
    },
    "sources": {
        "urls": (list, "a list of http(s) addresses of the city's listing pages or feeds"),
        "files": (list, "a list of files (relative to vielfalt.toml) to import"),
        "profile": (
            dict,
            "a table: entry_header, more_link, date_line and [sources.profile.chrome]",
        ),
    },
    "review": {
        "weblate_url": (str, "the http(s) address of the Weblate server"),
        "project": (str, "the Weblate project's slug"),
        "token_env": (str, "the environment variable holding the Weblate API token"),
    },
    "catalogs": {
        "wrap": (int, "the page width of PO files: 79 as gettext and Weblate, 0 for no wrapping"),
    },
    "policies": {
        "refuse_wrong_language": (bool, "true or false"),
        "max_source_mb": ((int, float), "a number of megabytes"),
        "publish": (str, '"complete" or "partial"'),
        "memory": (str, '"approved" or "fuzzy"'),
        "outdated_mt": (bool, "true or false"),
        "publish_qa": (str, '"block" or "warn"'),
    },
    "site": {
        "name": (str, "the site's name"),
        "base_url": (str, "an absolute http(s) URL ending in /"),
        "imprint_url": (str, "an http(s) URL"),
        "privacy_url": (str, "an http(s) URL"),
        "contact": (str, "an e-mail address or a short text"),
        "notice": (dict, "a table of language code = notice text"),
    },
}


#: Keys whose string value must be one of a few words (the schema's message names them).
_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("engine", "device"): ("cpu", "cuda"),
    ("engine", "backend"): ("local", "libretranslate"),
    ("policies", "publish"): ("complete", "partial"),
    ("policies", "memory"): ("approved", "fuzzy"),
    ("policies", "publish_qa"): ("block", "warn"),
}


def _line_of(text: str, table: str | None, key: str | None = None) -> int | None:
    """Line of `[table]` or of `key` inside it: tomllib reports no positions for values."""
    current: str | None = None
    header = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\"]+)\s*\]")
    for number, line in enumerate(text.splitlines(), 1):
        match = header.match(line)
        if match:
            current = match.group(1).strip('"')
            if key is None and current == table:
                return number
            continue
        if (
            key is not None
            and current == table
            and re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", line)
        ):
            return number
    return None


def _parse_engine(raw: dict, text: str, path: Path) -> EngineConfig:
    """[engine]; LibreTranslate servers must be http(s) URLs, and are needed by that backend."""
    from pipeline.httpclient import HTTPError, check_url, shown

    servers = raw.get("servers", [])
    for server in servers:
        try:
            if not isinstance(server, str):
                raise HTTPError(repr(server))
            check_url(server)
        except HTTPError as exc:
            shown_server = shown(server) if isinstance(server, str) else repr(server)
            raise ConfigError(
                path,
                _line_of(text, "engine", "servers"),
                f"[engine] servers must be http(s) URLs without credentials, not {shown_server}"
                f" ({exc})",
            ) from None
    if raw.get("backend") == "libretranslate" and not servers:
        raise ConfigError(
            path,
            _line_of(text, "engine", "backend"),
            '[engine] backend = "libretranslate" needs servers = ["http://host:5000", …]',
        )
    values = {k: raw[k] for k in raw if k != "servers"}
    return EngineConfig(**values, servers=tuple(s.rstrip("/") for s in servers))


def parse_config(text: str, path: Path) -> Workspace:
    """Validate configuration text; every problem names the file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        lineno = int(match.group(1)) if match else None
        raise ConfigError(path, lineno, f"not valid TOML: {exc}") from None

    for table, value in data.items():
        if table not in _SCHEMA:
            raise ConfigError(
                path,
                _line_of(text, table) or _line_of(text, None, table),
                f"unknown table [{table}]; known: {', '.join(sorted(_SCHEMA))}",
            )
        if not isinstance(value, dict):
            raise ConfigError(path, _line_of(text, None, table), f"'{table}' must be a table")
        for key, item in value.items():
            spec = _SCHEMA[table].get(key)
            if spec is None:
                raise ConfigError(
                    path,
                    _line_of(text, table, key),
                    f"unknown key '{key}' in [{table}]; known: {', '.join(sorted(_SCHEMA[table]))}",
                )
            kind, allowed = spec
            wrong_type = not isinstance(item, kind) or (kind is not bool and isinstance(item, bool))
            if wrong_type or item not in _CHOICES.get((table, key), (item,)):
                raise ConfigError(
                    path, _line_of(text, table, key), f"[{table}] {key} must be {allowed}"
                )

    languages = data.get("languages", {})
    source = languages.get("source", SOURCE)
    targets = tuple(languages.get("targets", DEFAULT_TARGETS))
    for code in (source, *targets):
        if code not in LANGUAGES:
            key = "source" if code == source else "targets"
            raise ConfigError(
                path,
                _line_of(text, "languages", key),
                f"unknown language code {code!r}; known: {', '.join(LANGUAGES)}",
            )
    if source in targets:
        raise ConfigError(
            path,
            _line_of(text, "languages", "targets"),
            f"the source language {source!r} is also a target",
        )
    if len(set(targets)) != len(targets):
        raise ConfigError(path, _line_of(text, "languages", "targets"), "a target is listed twice")

    root = path.parent
    raw_paths = data.get("paths", {})
    paths = _parse_paths(raw_paths, root, text, path)
    for (table, key), (low, high) in _NUMBER_BOUNDS.items():
        value = data.get(table, {}).get(key)
        if value is not None and not (math.isfinite(value) and low <= value <= high):
            line = _line_of(text, table, key)
            raise ConfigError(path, line, f"[{table}] {key} must be between {low} and {high}")

    raw_policies = data.get("policies", {})
    policies = Policies(
        memory=raw_policies.get("memory", "approved"),
        outdated_mt=raw_policies.get("outdated_mt", True),
        refuse_wrong_language=raw_policies.get("refuse_wrong_language", True),
        max_source_mb=float(raw_policies.get("max_source_mb", 20)),
        publish=raw_policies.get("publish", "complete"),
        publish_qa=raw_policies.get("publish_qa", "block"),
    )
    site = _parse_site(data.get("site", {}), text, path, targets, source)
    engine = _parse_engine(data.get("engine", {}), text, path)
    files = data.get("glossary", {}).get("files", [])
    if not all(isinstance(f, str) and f.endswith(".csv") and Path(f).name == f for f in files):
        raise ConfigError(
            path, _line_of(text, "glossary", "files"), "[glossary] files must name .csv files"
        )
    return Workspace(
        root=root,
        engine=engine,
        glossary_files=tuple(files),
        config_path=path,
        source_language=source,
        target_languages=targets,
        paths=paths,
        policies=policies,
        site=site,
        index_url=_index_url(data.get("models", {}), text, path),
        catalog_wrap=int(data.get("catalogs", {}).get("wrap", 79)),
        review=_parse_review(data.get("review"), text, path),
        **_parse_sources(data.get("sources", {}), text, path),
    )


def _parse_sources(raw: dict, text: str, path: Path) -> dict[str, Any]:
    """[sources]: what `sync` reads; [sources.profile]: the site's page patterns, each a
    regular expression checked here (a pattern that does not compile names its line)."""
    from pipeline.httpclient import HTTPError, check_url

    urls = raw.get("urls", [])
    for url in urls:
        try:
            check_url(url if isinstance(url, str) else "")
        except HTTPError:
            line = _line_of(text, "sources", "urls")
            raise ConfigError(
                path, line, f"[sources] urls: {url!r} is not an http(s) address"
            ) from None
    files = raw.get("files", [])
    if not all(isinstance(f, str) and f for f in files):
        raise ConfigError(path, _line_of(text, "sources", "files"), "[sources] files: file names")
    profile = SiteProfile()
    given = raw.get("profile", {})
    for key, value in given.items():
        line = _line_of(text, "sources.profile", key) or _line_of(text, "sources.profile")
        patterns = value.items() if key == "chrome" and isinstance(value, dict) else [(key, value)]
        if key not in ("entry_header", "more_link", "date_line", "chrome"):
            raise ConfigError(path, line, f"[sources.profile] has no setting {key!r}")
        for name, pattern in patterns:
            try:
                re.compile(pattern) if isinstance(pattern, str) else None
            except re.error as exc:
                raise ConfigError(
                    path, line, f"[sources.profile] {name}: not a regular expression: {exc}"
                ) from None
            if not isinstance(pattern, str):
                raise ConfigError(path, line, f"[sources.profile] {name} must be a pattern (text)")
    groups = {"entry_header": "date", "more_link": "title", "date_line": "date"}
    for key, group in groups.items():
        if key in given and f"(?P<{group}>" not in given[key]:
            line = _line_of(text, "sources.profile", key)
            raise ConfigError(path, line, f"[sources.profile] {key} needs a group (?P<{group}>…)")
    chrome = dict(profile.chrome) | dict(given.get("chrome", {}))
    profile = replace(
        profile,
        **{k: given[k] for k in ("entry_header", "more_link", "date_line") if k in given},
        chrome=tuple(chrome.items()),
    )
    return {"source_urls": tuple(urls), "source_files": tuple(files), "source_profile": profile}


def _parse_review(raw: dict | None, text: str, path: Path) -> ReviewConfig | None:
    """[review]: Weblate's address and project; the token only ever comes from the
    environment variable `token_env` names."""
    if not raw:
        return None
    from pipeline.httpclient import HTTPError, check_url

    for key in ("weblate_url", "project"):
        if not raw.get(key):
            raise ConfigError(path, _line_of(text, "review"), f"[review] needs {key}")
    try:
        check_url(raw["weblate_url"])
    except HTTPError as exc:
        line = _line_of(text, "review", "weblate_url")
        raise ConfigError(path, line, f"[review] {exc}") from None
    return ReviewConfig(
        raw["weblate_url"], raw["project"], raw.get("token_env", "VIELFALT_WEBLATE_TOKEN")
    )


def _index_url(raw: dict, text: str, path: Path) -> str:
    value = raw.get("index_url", "")
    if value and not _URL.match(value):
        raise ConfigError(
            path, _line_of(text, "models", "index_url"), "[models] index_url must be an http(s) URL"
        )
    return value


#: Numbers with their sane range: beyond it a value is a typo, and inf or nan never make sense.
_NUMBER_BOUNDS: dict[tuple[str, str], tuple[float, float]] = {
    ("policies", "max_source_mb"): (0.001, 1000),
    ("engine", "beam_size"): (1, 32),
    ("engine", "length_ratio"): (0.1, 20),
    ("engine", "inter_threads"): (1, 256),
    ("engine", "intra_threads"): (0, 256),
    ("engine", "max_loaded_mb"): (1, 1_048_576),
    ("engine", "timeout"): (1, 3600),
    ("engine", "server_concurrency"): (1, 64),
    ("catalogs", "wrap"): (0, 10_000),
}
#: Never written into, nor anything below them.
_SYSTEM_TREES = tuple(
    Path(p)
    for p in (
        "/bin",
        "/boot",
        "/dev",
        "/etc",
        "/lib",
        "/lib32",
        "/lib64",
        "/libx32",
        "/proc",
        "/run",
        "/sbin",
        "/sys",
        "/usr",
    )
)
#: Never written into themselves (a folder below them is fine: /srv/www/integration).
_SYSTEM_DIRS = tuple(
    Path(p) for p in ("/", "/home", "/mnt", "/media", "/opt", "/root", "/srv", "/tmp", "/var")
)


def unsafe_directory(target: Path, workspace_root: Path) -> str | None:
    """Why vielfalt must not write into `target`, or None: system folders, the workspace root
    and anything above it."""
    target = target.resolve()
    if target in _SYSTEM_DIRS or any(target.is_relative_to(t) for t in _SYSTEM_TREES):
        return f"{target} is a system directory"
    if workspace_root.is_relative_to(target):
        return f"{target} is the workspace itself or a folder above it"
    return None


def check_output_directory(workspace: Workspace, target: Path) -> None:
    """An output folder given on the command line obeys the rules of [paths]."""
    problem = unsafe_directory(target, workspace.root.resolve())
    folder = target.resolve()
    for name in ("announcements", "glossaries", "locales", "models", "templates", "exchange"):
        source = getattr(workspace.paths, name)
        if folder.is_relative_to(source) or source.is_relative_to(folder):
            problem = problem or f"{folder} is, holds or lies in the workspace's {name} folder"
    if problem:
        raise ConfigError(
            target, None, f"cannot write there: {problem}", hint="choose another output folder"
        )


def _parse_paths(raw: dict, root: Path, text: str, path: Path) -> Paths:
    """Each folder confined: inside the workspace unless named absolutely, never a system
    folder, never the workspace itself, and no two folders in or over one another."""
    resolved: dict[str, Path] = {}
    for name in Paths.__dataclass_fields__:
        value = raw.get(name, name)
        line = _line_of(text, "paths", name)
        if _CONTROL_OR_NEWLINE.search(value) or not value.strip():
            raise ConfigError(path, line, f"[paths] {name} must be a folder name")
        folder = (root / value).resolve()
        if not Path(value).is_absolute() and not folder.is_relative_to(root.resolve()):
            raise ConfigError(
                path,
                line,
                f"[paths] {name} = {value!r} leads out of the workspace",
                hint="name a folder inside the workspace, or an absolute path to write elsewhere",
            )
        problem = unsafe_directory(folder, root.resolve())
        if problem:
            raise ConfigError(path, line, f"[paths] {name}: {problem}")
        for other, other_folder in resolved.items():
            if folder.is_relative_to(other_folder) or other_folder.is_relative_to(folder):
                raise ConfigError(
                    path, line, f"[paths] {name} and {other} must be separate folders"
                )
        resolved[name] = folder
    return Paths(**resolved)


_URL = re.compile(r"^https?://[^\s<>\"'`]+$")


def _parse_site(raw: dict, text: str, path: Path, targets: tuple[str, ...], source: str) -> Site:
    """[site]: URLs must be absolute http(s); notices only for the workspace's languages."""
    for key in ("base_url", "imprint_url", "privacy_url"):
        value = raw.get(key, "")
        if value and not _URL.match(value):
            raise ConfigError(
                path, _line_of(text, "site", key), f"[site] {key} must be an absolute http(s) URL"
            )
    base_url = raw.get("base_url", "")
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    notice = raw.get("notice", {})
    for language, line in notice.items():
        if language not in (source, *targets) or not isinstance(line, str):
            raise ConfigError(
                path,
                _line_of(text, "site.notice", language) or _line_of(text, "site", "notice"),
                f"[site.notice] {language} must be one of the workspace's languages with a text",
            )
    for key in ("name", "contact"):
        if _CONTROL_OR_NEWLINE.search(raw.get(key, "")) or _not_in_xml(raw.get(key, "")):
            raise ConfigError(
                path, _line_of(text, "site", key), f"[site] {key} must be one line of text"
            )
    for language, line in notice.items():  # the same rule: written into pages and feeds
        bad = _CONTROL_OR_NEWLINE.search(line) or _not_in_xml(line)
        if bad:
            raise ConfigError(
                path,
                _line_of(text, "site.notice", language) or _line_of(text, "site", "notice"),
                f"[site.notice] {language} contains U+{ord(bad.group()):04X}; "
                "a notice is one line of text",
            )
    return Site(
        name=raw.get("name", ""),
        base_url=base_url,
        imprint_url=raw.get("imprint_url", ""),
        privacy_url=raw.get("privacy_url", ""),
        contact=raw.get("contact", ""),
        notice=dict(notice),
    )


_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _not_in_xml(text: str) -> re.Match[str] | None:
    """The first noncharacter (U+FDD0–FDEF, U+xxFFFE/FFFF) or lone surrogate: characters XML
    (feeds, sitemaps) and HTML text may not hold."""
    for index, char in enumerate(text):
        code = ord(char)
        if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE or 0xD800 <= code <= 0xDFFF:
            return re.compile(re.escape(char)).match(text, index)
    return None


def load_workspace(path: Path) -> Workspace:
    """Load the workspace whose configuration file is `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, None, "no such file") from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, "not valid UTF-8") from None
    return parse_config(text, path.resolve())


def find_workspace(start: Path) -> Workspace:
    """Walk up from `start` to the nearest directory holding vielfalt.toml, like git."""
    start = start.resolve()
    for directory in (start, *start.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return load_workspace(candidate)
    raise WorkspaceNotFound(f"no {CONFIG_NAME} in {start} or any parent directory")


def open_workspace(explicit: Path | None, cwd: Path) -> Workspace:
    """The workspace given with --workspace (directory or vielfalt.toml), else found from cwd."""
    if explicit is None:
        return find_workspace(cwd)
    config = explicit / CONFIG_NAME if explicit.is_dir() else explicit
    if not config.is_file():
        raise WorkspaceNotFound(f"{explicit} is not a vielfalt workspace (no {CONFIG_NAME})")
    return load_workspace(config)


def init_workspace(
    directory: Path, *, sample_glossary: bool = False
) -> tuple[Workspace, list[Path]]:
    """Create a workspace in `directory`; an existing configuration is never overwritten.
    With `sample_glossary`, glossaries/ starts from the Herne sample when it holds no CSV."""
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / CONFIG_NAME
    created: list[Path] = []
    if not config.exists():
        atomic_write_text(config, DEFAULT_CONFIG)
        created.append(config)
    workspace = load_workspace(config)
    for folder in (
        workspace.paths.announcements,
        workspace.paths.glossaries,
        workspace.paths.locales,
    ):
        if not folder.exists():
            folder.mkdir(parents=True)
            created.append(folder)
    if sample_glossary and not any(workspace.paths.glossaries.glob("*.csv")):
        from importlib import resources

        sample = resources.files("pipeline") / "samples" / "herne-glossary.csv"
        target = workspace.paths.glossaries / "herne.csv"
        atomic_write_text(target, sample.read_text(encoding="utf-8"))
        created.append(target)
    return workspace, created
