"""vielfalt: offline translation pipeline for German municipal announcements."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

__version__ = "0.1.0"

#: modules that moved into the `mt` and `publish` subpackages: their old names still import
#: (the same module object, so scripts written against them keep working)
MOVED = {
    "pipeline.engine": "pipeline.mt.engine",
    "pipeline.models": "pipeline.mt.packages",
    "pipeline.modelbuild": "pipeline.mt.demo_models",
    "pipeline.remote": "pipeline.mt.libretranslate",
    "pipeline.mtcache": "pipeline.mt.cache",
    "pipeline.evaluate": "pipeline.mt.evaluate",
    "pipeline.publishability": "pipeline.publish.publishability",
    "pipeline.site": "pipeline.publish.site",
    "pipeline.manifest": "pipeline.publish.manifest",
    "pipeline.approvals": "pipeline.publish.approvals",
}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname in MOVED:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(MOVED[spec.name])

    def exec_module(self, module: ModuleType) -> None:
        pass


if not any(isinstance(finder, _MovedModules) for finder in sys.meta_path):
    sys.meta_path.append(_MovedModules())
