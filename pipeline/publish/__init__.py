"""Publishing: what may be published (`publishability`), the pages, feeds and sitemap
(`site`, with `templates/`), the run that writes them (`build`), the manifest of what vielfalt
wrote (`manifest`) and the record of approvals (`approvals`)."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any


def __getattr__(name: str) -> Any:
    """`from pipeline.publish import publish` as before `pipeline/publish.py` became this
    package: its names now live in `pipeline.publish.build`."""
    if importlib.util.find_spec(f"pipeline.publish.{name}") is not None:
        raise AttributeError(name)  # a submodule not imported yet: the import system loads it
    module = importlib.import_module("pipeline.publish.build")
    try:
        return getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module 'pipeline.publish' has no attribute {name!r}") from None
