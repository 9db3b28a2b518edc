"""The workspace and its configuration, read once from vielfalt.toml and passed down."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline import settings
from pipeline.errors import ConfigError, WorkspaceNotFound
from pipeline.fileio import atomic_write_text, refuse_conflict_markers
from pipeline.languages import LANGUAGES
from pipeline.textrules import (
    NOT_IN_XML,
    NOT_ONE_LINE,
    PatternError,
    compile_pattern,
    is_web_url,
    optional_group,
)

CONFIG_NAME = "vielfalt.toml"

#: the [site] block of `init`'s file (the demo replaces it with its own)
DEFAULT_SITE = settings.table_block("site")
#: the commented vielfalt.toml `init` writes, generated from the settings table
DEFAULT_CONFIG = settings.template()


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
    """[policies]; defaults and meanings: pipeline/settings.py."""

    refuse_wrong_language: bool = settings.default("policies", "refuse_wrong_language")
    max_source_mb: float = float(settings.default("policies", "max_source_mb"))
    publish: str = settings.default("policies", "publish")
    memory: str = settings.default("policies", "memory")
    outdated_mt: bool = settings.default("policies", "outdated_mt")
    publish_qa: str = settings.default("policies", "publish_qa")


@dataclass(frozen=True)
class Site:
    """What published pages say about the site they belong to."""

    name: str = settings.default("site", "name")
    base_url: str = ""
    imprint_url: str = ""
    privacy_url: str = ""
    contact: str = ""
    #: language -> notice line under each translated page
    notice: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EngineConfig:
    """[engine]; defaults and meanings: pipeline/settings.py."""

    backend: str = settings.default("engine", "backend")
    servers: tuple[str, ...] = tuple(settings.default("engine", "servers"))
    api_key: str = settings.default("engine", "api_key")
    timeout: float = settings.default("engine", "timeout")
    server_concurrency: int = settings.default("engine", "server_concurrency")
    beam_size: int = settings.default("engine", "beam_size")
    length_ratio: float = settings.default("engine", "length_ratio")
    device: str = settings.default("engine", "device")
    compute_type: str = settings.default("engine", "compute_type")
    inter_threads: int = settings.default("engine", "inter_threads")
    intra_threads: int = settings.default("engine", "intra_threads")
    max_loaded_mb: int = settings.default("engine", "max_loaded_mb")


@dataclass(frozen=True)
class ReviewConfig:
    """[review]: Weblate's reviews decide what is published."""

    weblate_url: str
    project: str
    token_env: str = "VIELFALT_WEBLATE_TOKEN"
    timeout: float = 30.0


@dataclass(frozen=True)
class ProfileSettings:
    """[sources.profile]: a city's own page patterns, laid over Herne's by the intake
    (`intake.pages.profile_for`); None keeps Herne's."""

    entry_header: str | None = None
    more_link: str | None = None
    date_line: str | None = None
    #: (rule name, pattern) added to, or replacing, Herne's chrome rules
    chrome: tuple[tuple[str, str], ...] = ()


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
    catalog_wrap: int = settings.default("catalogs", "wrap")
    #: Weblate's review workflow: publish what a reviewer approved there (None: fuzzy cleared)
    review: ReviewConfig | None = None
    #: the Weblate handshake around `translate` and `sync` (None: vielfalt writes alone)
    weblate: HandshakeConfig | None = None
    #: what `vielfalt sync` reads: the city's listing or feed URLs and files
    source_urls: tuple[str, ...] = ()
    source_files: tuple[str, ...] = ()
    #: how the city's pages are read (entry headers, link lines, page chrome)
    source_profile: ProfileSettings = field(default_factory=ProfileSettings)

    @property
    def state_dir(self) -> Path:
        """Machine state (MT cache, lock): not for version control."""
        return self.root / ".vielfalt"


@dataclass(frozen=True)
class HandshakeConfig:
    """[weblate]: where Weblate is, and the git remote and branch it follows."""

    url: str
    project: str
    token_env: str
    remote: str
    branch: str


# Schema: table -> key -> (type check, description of allowed value), from the settings table
_SCHEMA: dict[str, dict[str, tuple[Any, str]]] = {
    table: {s.key: (s.kind, s.allowed) for s in settings.SETTINGS if s.table == table}
    for table in settings.TABLES
}
#: Keys whose string value must be one of a few words (the schema's message names them).
_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    (s.table, s.key): s.choices for s in settings.SETTINGS if s.choices
}
#: Numbers with their sane range: beyond it a value is a typo, and inf or nan never make sense.
_NUMBER_BOUNDS: dict[tuple[str, str], tuple[float, float]] = {
    (s.table, s.key): s.bounds for s in settings.SETTINGS if s.bounds
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
    if key is not None and table is not None:  # the key written as a table of its own
        return _line_of(text, f"{table}.{key}")
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
    refuse_conflict_markers(text, path, ConfigError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        lineno = int(match.group(1)) if match else None
        raise ConfigError(path, lineno, f"not valid TOML: {exc}") from None

    _check_shapes(data, text, path)
    source, targets = _parse_languages(data.get("languages", {}), text, path)

    root = path.parent
    raw_paths = data.get("paths", {})
    paths = _parse_paths(raw_paths, root, text, path)
    for (table, key), (low, high) in _NUMBER_BOUNDS.items():
        value = data.get(table, {}).get(key)
        if value is not None and not (math.isfinite(value) and low <= value <= high):
            line = _line_of(text, table, key)
            raise ConfigError(path, line, f"[{table}] {key} must be between {low} and {high}")

    raw_policies = data.get("policies", {})
    policies = Policies(**raw_policies)
    policies = replace(policies, max_source_mb=float(policies.max_source_mb))
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
        catalog_wrap=int(
            data.get("catalogs", {}).get("wrap", settings.default("catalogs", "wrap"))
        ),
        review=_parse_review(data.get("review"), text, path),
        weblate=_parse_weblate(data.get("weblate"), text, path),
        **_parse_sources(data.get("sources", {}), text, path),
    )


def _check_shapes(data: dict, text: str, path: Path) -> None:
    """Every table and key known, every value of its declared type (`pipeline.settings`)."""
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
            if kind is list and not wrong_type and not all(isinstance(i, str) for i in item):
                raise ConfigError(
                    path,
                    _line_of(text, table, key),
                    f"[{table}] {key} must be a list of text values (quoted), "
                    "not of lists or tables",
                )
            if wrong_type or item not in _CHOICES.get((table, key), (item,)):
                raise ConfigError(
                    path, _line_of(text, table, key), f"[{table}] {key} must be {allowed}"
                )


def _parse_languages(languages: dict, text: str, path: Path) -> tuple[str, tuple[str, ...]]:
    """[languages]: codes in any case (`EN`, `en-GB`), each supported, no target twice."""
    from pipeline.languages import resolve, suggestion

    given_source = languages.get("source", settings.default("languages", "source"))
    given_targets = languages.get("targets", settings.default("languages", "targets"))
    codes = []
    for given in (given_source, *given_targets):
        code = resolve(given)
        if code is None:
            key = "source" if given is given_source else "targets"
            meant = suggestion(given)
            hint = f" (did you mean {meant}?)" if meant else ""
            raise ConfigError(
                path,
                _line_of(text, "languages", key),
                f"unknown language code {given!r}{hint}; known: {', '.join(LANGUAGES)}",
            )
        codes.append(code)
    source, targets = codes[0], tuple(codes[1:])
    if source in targets:
        raise ConfigError(
            path,
            _line_of(text, "languages", "targets"),
            f"the source language {source!r} is also a target",
        )
    if len(set(targets)) != len(targets):
        raise ConfigError(path, _line_of(text, "languages", "targets"), "a target is listed twice")
    return source, targets


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
    given = raw.get("profile", {})
    for key, value in given.items():
        line = _line_of(text, "sources.profile", key) or _line_of(text, "sources.profile")
        if key == "chrome" and not isinstance(value, dict):
            raise ConfigError(
                path, line, "[sources.profile] chrome must be a table of rule name = pattern",
                hint='write it as [sources.profile.chrome] with lines such as credit = "Foto: .*"',
            )  # fmt: skip
        patterns = value.items() if key == "chrome" and isinstance(value, dict) else [(key, value)]
        if key not in ("entry_header", "more_link", "date_line", "chrome"):
            raise ConfigError(path, line, f"[sources.profile] has no setting {key!r}")
        for name, pattern in patterns:
            try:
                compile_pattern(pattern) if isinstance(pattern, str) else None
            except PatternError as exc:
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
        if key in given and optional_group(given[key], group):
            line = _line_of(text, "sources.profile", key)
            raise ConfigError(
                path,
                line,
                f"[sources.profile] {key}: the group (?P<{group}>…) must match whenever the "
                "pattern does (it is optional or in one branch of an alternation)",
            )
    profile = ProfileSettings(
        **{k: given[k] for k in ("entry_header", "more_link", "date_line") if k in given},
        chrome=tuple(given.get("chrome", {}).items()),
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
    token_env = raw.get("token_env", settings.default("review", "token_env"))
    return ReviewConfig(raw["weblate_url"], raw["project"], token_env)


def _parse_weblate(raw: dict | None, text: str, path: Path) -> HandshakeConfig | None:
    """[weblate]: the server and project of the handshake; the token only from the
    environment variable `token_env` names."""
    if not raw:
        return None
    from pipeline.httpclient import HTTPError, check_url

    for key in ("url", "project"):
        if not raw.get(key):
            raise ConfigError(path, _line_of(text, "weblate"), f"[weblate] needs {key}")
    try:
        check_url(raw["url"])
    except HTTPError as exc:
        raise ConfigError(path, _line_of(text, "weblate", "url"), f"[weblate] {exc}") from None
    values = {k: raw.get(k, settings.default("weblate", k)) for k in settings.keys("weblate")}
    return HandshakeConfig(**values)


def _index_url(raw: dict, text: str, path: Path) -> str:
    value = raw.get("index_url", "")
    if value and not is_web_url(value):
        raise ConfigError(
            path, _line_of(text, "models", "index_url"), "[models] index_url must be an http(s) URL"
        )
    return value


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
        value = raw.get(name, settings.default("paths", name))
        line = _line_of(text, "paths", name)
        if NOT_ONE_LINE.search(value) or not value.strip():
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




def _parse_site(raw: dict, text: str, path: Path, targets: tuple[str, ...], source: str) -> Site:
    """[site]: URLs must be absolute http(s); notices only for the workspace's languages."""
    for key in ("base_url", "imprint_url", "privacy_url"):
        value = raw.get(key, "")
        if value and not is_web_url(value):
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
        if NOT_ONE_LINE.search(raw.get(key, "")) or NOT_IN_XML.search(raw.get(key, "")):
            raise ConfigError(
                path, _line_of(text, "site", key), f"[site] {key} must be one line of text"
            )
    for language, line in notice.items():  # the same rule: written into pages and feeds
        bad = NOT_ONE_LINE.search(line) or NOT_IN_XML.search(line)
        if bad:
            raise ConfigError(
                path,
                _line_of(text, "site.notice", language) or _line_of(text, "site", "notice"),
                f"[site.notice] {language} contains U+{ord(bad.group()):04X}; "
                "a notice is one line of text",
            )
    return Site(
        name=raw.get("name", settings.default("site", "name")),
        base_url=base_url,
        imprint_url=raw.get("imprint_url", ""),
        privacy_url=raw.get("privacy_url", ""),
        contact=raw.get("contact", ""),
        notice=dict(notice),
    )




def load_workspace(path: Path) -> Workspace:
    """Load the workspace whose configuration file is `path`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, None, "no such file") from None
    except IsADirectoryError:
        raise ConfigError(path, None, "is a folder, not a configuration file") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Windows editors) is read over
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            path,
            line,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}; saved as Windows-1252 or Latin-1?)",
            hint="save vielfalt.toml as UTF-8 (in Notepad: Save as → Encoding: UTF-8)",
        ) from None
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
