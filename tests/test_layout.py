"""The map in the folders: machine translation and publishing are subpackages, every module
says why it exists, and the former flat module names still import."""

from __future__ import annotations

import ast
import importlib

from conftest import ROOT

from pipeline import MOVED


def test_every_module_opens_with_a_docstring() -> None:
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        if path.name == "__main__.py":
            continue
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


def test_machine_translation_and_publishing_have_their_own_folders() -> None:
    mt = {p.stem for p in (ROOT / "pipeline" / "mt").glob("*.py")}
    publish = {p.stem for p in (ROOT / "pipeline" / "publish").glob("*.py")}
    assert {"engine", "local", "libretranslate", "packages", "cache", "protected", "demo_models",
            "evaluate"} <= mt  # fmt: skip
    assert {"publishability", "site", "build", "manifest", "approvals"} <= publish
    assert (ROOT / "pipeline" / "publish" / "templates" / "base.html").is_file()


def test_former_module_names_are_the_same_modules() -> None:
    for old, new in MOVED.items():
        assert importlib.import_module(old) is importlib.import_module(new)


def test_former_package_level_names_still_import() -> None:
    from pipeline.engine import ModelRegistry

    from pipeline.mt import open_registry
    from pipeline.publish import publish

    assert ModelRegistry.__module__ == "pipeline.mt.local"
    assert open_registry.__module__ == "pipeline.mt.protected"
    assert publish.__module__ == "pipeline.publish.build"


def test_importing_a_submodule_does_not_load_the_former_module_behind_the_package() -> None:
    """`from pipeline.mt import cache` is a submodule import: it must not pull in the whole
    protected-MT path (detector, glossary, engine) only to answer the compatibility lookup."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom pipeline.mt import cache\nfrom pipeline.publish import manifest\n"
        "print(sorted(m for m in ('pipeline.mt.protected', 'pipeline.publish.build') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
