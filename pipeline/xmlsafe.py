"""XML from outside (agencies' XLIFF, termbases' TBX) parsed safely, in one place.

defusedxml refuses a DTD outright (no entity expansion, no external entities, wherever in the
file the declaration stands), and the element tree is refused past a depth no real XLIFF or
TBX reaches, before any recursive walk could overflow.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import defusedxml
import defusedxml.ElementTree

#: deeper than any real XLIFF or TBX (inline markup nests a handful of levels)
MAX_DEPTH = 100

ErrorFactory = Callable[[str, int | None, str], Exception]


def parse(text: str, path: str, error: ErrorFactory, what: str) -> ET.Element:
    """The root element; anything unsafe or malformed raises `error(path, line, message)`."""
    try:
        root = defusedxml.ElementTree.fromstring(text, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        raise error(path, None, f"declares a DOCTYPE; {what} needs none") from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise error(path, None, f"declares entities; {what} needs none") from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise error(path, line, f"not well-formed XML: {exc}") from None
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise error(path, None, f"elements nest deeper than {MAX_DEPTH} levels")
        stack.extend((child, depth + 1) for child in element)
    return root
