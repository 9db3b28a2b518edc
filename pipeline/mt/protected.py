"""Machine translation for a workspace: its models, settings, cache, and route checks."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.config import Workspace
from pipeline.errors import ModelError, SourceError, VielfaltError
from pipeline.languages import SOURCE
from pipeline.mt.cache import MTCache
from pipeline.mt.engine import (
    DecodingOptions,
    Hop,
    ProgressHook,
    Registry,
    RunStats,
    SentenceTranslator,
    SourceUnit,
    UnitTranslation,
    translate_units,
)
from pipeline.mt.local import ModelRegistry
from pipeline.mt.packages import ModelPackage, argos_packages_dir, find_packages
from pipeline.units.detect import LanguageDetector, dominant_script, script_of
from pipeline.units.gender import expand
from pipeline.units.glossary import Glossary, open_glossary
from pipeline.units.protect import (
    CLOSE,
    OPEN,
    ProtectedText,
    check_unprotected,
    markup_spans,
    protect,
    restore,
)
from pipeline.units.segment import split_sentences

SMOKE_TEST = "Am Montag, 9. Februar 2026, starten die Anmeldungen."


def model_directories(workspace: Workspace, environ: Mapping[str, str]) -> list[tuple[Path, str]]:
    """The workspace's models/ first (it wins for a pair), then Argos Translate's directory."""
    return [(workspace.paths.models, "workspace"), (argos_packages_dir(environ), "argos")]


def decoding_options(workspace: Workspace) -> DecodingOptions:
    return DecodingOptions(
        beam_size=workspace.engine.beam_size, length_ratio=workspace.engine.length_ratio
    )


def open_registry(
    workspace: Workspace, environ: Mapping[str, str]
) -> tuple[Registry, list[ModelError]]:
    """The workspace's models: installed packages run here, or LibreTranslate servers
    (`[engine] backend = "libretranslate"`; raises ServersUnavailable if none answers)."""
    if workspace.engine.backend == "libretranslate":
        from pipeline.mt.libretranslate import RemoteRegistry

        return RemoteRegistry(workspace.engine), []
    packages, problems = find_packages(model_directories(workspace, environ))
    return ModelRegistry(packages, workspace.engine), problems


def open_cache(workspace: Workspace) -> MTCache:
    return MTCache(workspace.state_dir / "mt-cache.sqlite")


@dataclass(frozen=True)
class ModelCheck:
    package: Hop
    ok: bool
    output: str
    error: str | None = None
    #: seconds to load the model and tokenizer, and resident memory they added (MB)
    load_seconds: float | None = None
    memory_mb: float | None = None


def resident_mb() -> float | None:
    """This process's resident memory (Linux), for load figures."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass(frozen=True)
class RouteCheck:
    target: str
    route: tuple[str, ...]
    kind: str  # "direct" | "pivot" | "missing"
    error: str | None = None


def verify(
    workspace: Workspace, registry: Registry, detector: LanguageDetector | None = None
) -> tuple[list[RouteCheck], list[ModelCheck]]:
    """Which route serves each target, and a load-and-translate smoke test of every model used:
    its output must not be empty or looping, must be in the target's script and, where the
    detector is sure, in the target language (a package whose metadata names the wrong target
    is caught here)."""
    routes: list[RouteCheck] = []
    used: dict[str, Hop] = {}
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
        before, started = resident_mb(), time.perf_counter()
        load_seconds = memory = None
        try:
            if isinstance(registry, ModelRegistry) and isinstance(package, ModelPackage):
                registry.load(package)
                load_seconds = time.perf_counter() - started
                after = resident_mb()
                memory = after - before if after is not None and before is not None else None
            (result,) = registry.translator(package).translate_sentences([sample])
        except (VielfaltError, RuntimeError, ValueError, OSError) as exc:
            checks.append(ModelCheck(package, False, "", str(exc)))
            continue
        problem = None
        if not result.text.strip() or "repetition-loop" in result.flags:
            problem = "empty or looping output"
        else:
            problem = _wrong_language(result.text, package.to_code, detector)
        checks.append(
            ModelCheck(package, problem is None, result.text, problem, load_seconds, memory)
        )
    return routes, checks


def _wrong_language(text: str, language: str, detector: LanguageDetector | None) -> str | None:
    script = dominant_script(text)
    if script is not None and script != script_of(language):
        return f"output is in {script.title()} script, not the script of {language}"
    if detector is None:
        return None
    verdict = detector.detect(text, language)
    if not verdict.is_expected and verdict.probability >= 0.9 and verdict.language != language:
        return f"output looks like {verdict.language} (p={verdict.probability:.2f}), not {language}"
    return None


# ---------------------------------------------------------------- glossary-protected MT


@dataclass(frozen=True)
class ProtectedRun:
    translations: list[UnitTranslation]
    protected: dict[str, ProtectedText]  # unit key -> its placeholders and glossary matches
    fallbacks: int


def translate_protected(
    units: list[SourceUnit],
    targets: Sequence[str],
    registry: Registry,
    glossary: Glossary | None,
    *,
    source_language: str = SOURCE,
    options: DecodingOptions | None = None,
    cache: MTCache | None = None,
    wrap: Callable[[SentenceTranslator], SentenceTranslator] | None = None,
    stats: RunStats | None = None,
    progress: ProgressHook | None = None,
) -> ProtectedRun:
    """Translate with terms and markup behind placeholders; never silently wrong.

    Where a placeholder cannot be restored, the unit is translated again without
    protection (all such units in one more batched run) and checked: a prescribed term or
    markup missing from that result flags the unit for review, with the reason.
    """
    # Gender-star forms are written out as pairs before MT (see pipeline.units.gender).
    units = [replace(u, text=expand(u.text, markup_spans(u.text))) for u in units]
    protected = {u.key: protect(u.text, glossary, values=True) for u in units if u.translate}
    masked = [SourceUnit(u.key, protected[u.key].masked, True) if u.translate else u for u in units]
    first = translate_units(
        masked,
        targets,
        registry,
        source_language=source_language,
        options=options,
        cache=cache,
        wrap=wrap,
        stats=stats,
        progress=progress,
    )
    results: dict[tuple[str, str], UnitTranslation] = {}
    retry: dict[str, set[str]] = {}
    reasons: dict[tuple[str, str], tuple[str, ...]] = {}
    for result in first:
        shield = protected.get(result.unit_key)
        if shield is None:
            results[(result.unit_key, result.target)] = result
            continue
        restoration = restore(result.text, shield, result.target)
        if restoration.ok:
            flags = result.flags + (("placeholder-repaired",) if restoration.notes else ())
            results[(result.unit_key, result.target)] = replace(
                result, text=restoration.text, flags=flags
            )
        else:
            retry.setdefault(result.unit_key, set()).add(result.target)
            reasons[(result.unit_key, result.target)] = restoration.problems
            results[(result.unit_key, result.target)] = result
    fallbacks = 0
    if retry:
        by_key = {u.key: u for u in units}
        wanted = sorted({t for ts in retry.values() for t in ts}, key=list(targets).index)
        second = translate_units(
            [by_key[k] for k in retry],
            wanted,
            registry,
            source_language=source_language,
            options=options,
            cache=cache,
            wrap=wrap,
        )
        for result in second:
            if result.target not in retry[result.unit_key]:
                continue
            fallbacks += 1
            shield = protected[result.unit_key]
            problems = check_unprotected(result.text, shield, result.target)
            flags = (*result.flags, "placeholder-fallback")
            if problems:
                flags = (*flags, "needs-review")
            note = tuple(f"{p}" for p in (*reasons[(result.unit_key, result.target)], *problems))
            results[(result.unit_key, result.target)] = replace(
                result, flags=tuple(dict.fromkeys(flags)), notes=result.notes + note
            )
    ordered = [results[(r.unit_key, r.target)] for r in first]
    return ProtectedRun(ordered, protected, fallbacks)


def mt_input(text: str, glossary: Glossary | None) -> list[str]:
    """The sentences a model is given for a unit, as `translate_protected` makes them: gender
    forms written out, terms, markup and values behind placeholders, each placeholder shown
    as ⟦code: what it stands for⟧ (the model sees only ⟦code⟧)."""
    expanded = expand(text, markup_spans(text))
    shield = protect(expanded, glossary, values=True)
    sentences = []
    for part in split_sentences(shield.masked).parts:  # split as the engine splits
        for placeholder in shield.placeholders:
            code = f"{OPEN}{placeholder.code}{CLOSE}"
            part = part.replace(code, f"{OPEN}{placeholder.code}: {placeholder.source}{CLOSE}")
        if part.strip():
            sentences.append(part)
    return sentences


def translate_text(
    workspace: Workspace,
    text: str,
    targets: Sequence[str],
    registry: Registry,
    *,
    source_language: str | None = None,
) -> list[UnitTranslation]:
    """Translate free text line by line (each non-empty line one unit), protected and
    cached as a translate run is; for trying models and glossary from the command line."""
    units = [
        SourceUnit(f"text/{i}", line) for i, line in enumerate(text.split("\n")) if line.strip()
    ]
    if not units:
        raise SourceError("<input>", None, "no text to translate")
    with open_cache(workspace) as cache:
        return translate_protected(
            units,
            list(targets),
            registry,
            open_glossary(workspace),
            source_language=source_language or workspace.source_language,
            options=decoding_options(workspace),
            cache=cache,
        ).translations
