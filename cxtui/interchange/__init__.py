"""Other formats a map goes to and comes from.

Each exporter turns a map into text; each importer turns text into a map or
raises :class:`cxtui.fileformat.MapFileError`. Modules are imported only when
their format is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from cxtui.model import JourneyMap

Exporter = Callable[[JourneyMap], str]
Importer = Callable[[str, str], JourneyMap]
#: An importer that also returns lines saying how it read the text, where that is not plain.
NoticingImporter = Callable[[str, str], tuple[JourneyMap, list[str]]]

#: Export format name -> (module, function) within this package.
_EXPORTERS: dict[str, tuple[str, str]] = {
    "md": ("markdown", "dumps"),
    "csv": ("csv_io", "dumps"),
    "html": ("html_page", "dumps"),
    "svg": ("svg", "dumps"),
    "mermaid": ("mermaid", "dumps"),
    "json": ("json_io", "dumps"),
}
#: Import format name -> (module, function).
_IMPORTERS: dict[str, tuple[str, str]] = {
    "mermaid": ("mermaid", "loads"),
    "outline": ("outline", "loads"),
    "csv": ("csv_io", "loads"),
    "json": ("json_io", "loads"),
}
#: File name endings -> import format name.
IMPORT_SUFFIXES: dict[str, str] = {
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".md": "markdown",  # an outline, or else the first ```mermaid journey block
    ".markdown": "markdown",
    ".csv": "csv",
    ".json": "json",
}


def markdown_format(text: str) -> str:
    """How to read a Markdown file: ``outline`` when it has a ``## `` heading outside code
    blocks (or no ```mermaid block either), else ``mermaid`` (its first journey block)."""
    from cxtui.interchange.outline import is_outline

    if is_outline(text) or ("```mermaid" not in text and "~~~mermaid" not in text):
        return "outline"
    return "mermaid"


def export_formats() -> list[str]:
    """The formats `cxtui export --to` takes."""
    return list(_EXPORTERS)


def import_formats() -> list[str]:
    """The formats `cxtui import` reads."""
    return list(_IMPORTERS)


def exporter(name: str) -> Exporter:
    """The function that writes format `name`."""
    module, function = _EXPORTERS[name]
    found: Exporter = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return found


def importer(name: str) -> Importer:
    """The function that reads format `name` (text, source name) into a map."""
    module, function = _IMPORTERS[name]
    found: Importer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return found


def importer_with_notices(name: str) -> NoticingImporter:
    """The function that reads format `name` into a map and the lines (none, mostly)
    that say how it read it: a module's ``loads_with_notices`` where it has one."""
    module, function = _IMPORTERS[name]
    loaded = importlib.import_module(f"{__name__}.{module}")
    noticing: NoticingImporter | None = getattr(loaded, f"{function}_with_notices", None)
    if noticing is not None:
        return noticing
    plain: Importer = getattr(loaded, function)
    return lambda text, source: (plain(text, source), [])
