"""Where catalogs live in a workspace and how they are read: one place for the layout."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Workspace
from pipeline.errors import CatalogError
from pipeline.queue.catalog import Catalog, loads


def catalog_path(workspace: Workspace, language: str, announcement_id: str) -> Path:
    """`locales/<lang>/<id>.po`, or the template `locales/templates/<id>.pot` for language ""."""
    if not language:
        return workspace.paths.locales / "templates" / f"{announcement_id}.pot"
    return workspace.paths.locales / language / f"{announcement_id}.po"


def read_catalog(path: Path) -> tuple[Catalog | None, str | None]:
    """The catalog and its text, (None, None) when there is none; broken files raise."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except UnicodeDecodeError:
        raise CatalogError(path, None, "not valid UTF-8; left untouched") from None
    except IsADirectoryError:
        raise CatalogError(path, None, "is a directory, not a PO file") from None
    except OSError as exc:
        raise CatalogError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    return loads(text, str(path)), text
