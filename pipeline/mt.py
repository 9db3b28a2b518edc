"""Machine translation for a workspace: its models, settings, cache, and route checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Workspace
from pipeline.engine import (
    CTranslate2Model,
    DecodingOptions,
    EngineSettings,
    ModelRegistry,
)
from pipeline.errors import ModelError, VielfaltError
from pipeline.models import ModelPackage, argos_packages_dir, find_packages
from pipeline.mtcache import MTCache

SMOKE_TEST = "Am Montag, 9. Februar 2026, starten die Anmeldungen."


def model_directories(workspace: Workspace, environ: Mapping[str, str]) -> list[tuple[Path, str]]:
    """The workspace's models/ first (it wins for a pair), then Argos Translate's directory."""
    return [(workspace.paths.models, "workspace"), (argos_packages_dir(environ), "argos")]


def engine_settings(workspace: Workspace) -> EngineSettings:
    config = workspace.engine
    return EngineSettings(
        device=config.device,
        compute_type=config.compute_type,
        inter_threads=config.inter_threads,
        intra_threads=config.intra_threads,
        max_loaded_mb=config.max_loaded_mb,
    )


def decoding_options(workspace: Workspace) -> DecodingOptions:
    return DecodingOptions(
        beam_size=workspace.engine.beam_size, length_ratio=workspace.engine.length_ratio
    )


def open_registry(
    workspace: Workspace, environ: Mapping[str, str]
) -> tuple[ModelRegistry, list[ModelError]]:
    packages, problems = find_packages(model_directories(workspace, environ))
    return ModelRegistry(packages, engine_settings(workspace)), problems


def open_cache(workspace: Workspace) -> MTCache:
    return MTCache(workspace.state_dir / "mt-cache.sqlite")


@dataclass(frozen=True)
class ModelCheck:
    package: ModelPackage
    ok: bool
    output: str
    error: str | None = None


@dataclass(frozen=True)
class RouteCheck:
    target: str
    route: tuple[str, ...]
    kind: str  # "direct" | "pivot" | "missing"
    error: str | None = None


def verify(
    workspace: Workspace, registry: ModelRegistry
) -> tuple[list[RouteCheck], list[ModelCheck]]:
    """Which route serves each target, and a load-and-translate smoke test of every model used."""
    routes: list[RouteCheck] = []
    used: dict[str, ModelPackage] = {}
    for target in workspace.target_languages:
        try:
            route = registry.route(workspace.source_language, target)
        except VielfaltError as exc:
            routes.append(RouteCheck(target, (), "missing", str(exc)))
            continue
        routes.append(
            RouteCheck(
                target, tuple(p.ident for p in route), "direct" if len(route) == 1 else "pivot"
            )
        )
        for package in route:
            used.setdefault(package.ident, package)
    checks: list[ModelCheck] = []
    for package in used.values():
        sample = (
            SMOKE_TEST
            if package.from_code == workspace.source_language
            else "The registrations start on Monday."
        )
        try:
            (result,) = CTranslate2Model(package, registry).translate_sentences([sample])
        except (VielfaltError, RuntimeError, ValueError, OSError) as exc:
            checks.append(ModelCheck(package, False, "", str(exc)))
            continue
        ok = bool(result.text.strip()) and "repetition-loop" not in result.flags
        checks.append(
            ModelCheck(package, ok, result.text, None if ok else "empty or looping output")
        )
    return routes, checks
