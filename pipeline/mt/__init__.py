"""Machine translation: the engine interface (`engine`: batching, pivot, cache), the local
CTranslate2 backend (`local`), the LibreTranslate backend (`libretranslate`), Argos Translate
packages, installs and the index (`packages`), the sentence cache (`cache`),
glossary-protected translation (`protected`), the generated DEMO and test models
(`demo_models`) and evaluation on reference sets (`evaluate`)."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any


def __getattr__(name: str) -> Any:
    """`from pipeline.mt import open_registry` as before `pipeline/mt.py` became this package:
    its names now live in `pipeline.mt.protected`."""
    if importlib.util.find_spec(f"pipeline.mt.{name}") is not None:
        raise AttributeError(name)  # a submodule not imported yet: the import system loads it
    module = importlib.import_module("pipeline.mt.protected")
    try:
        return getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module 'pipeline.mt' has no attribute {name!r}") from None
