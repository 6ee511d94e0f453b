"""The bundled templates: starting skeletons for a new map, one TOML file each.

Each template is a map file (``NAME.toml`` in this package) in the canonical
form :func:`cxtui.fileformat.dumps` writes: titled phases and lanes, no persona
yet (the editor's persona form adds one), and no emotion scores yet.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from cxtui.fileformat import loads
from cxtui.model import JourneyMap

#: Template name -> one-line description, in display order (the default first).
TEMPLATES: dict[str, str] = {
    "basic": "Current-state journey: actions, thoughts, emotions, pain points (the default)",
    "experience-map": "One interaction end to end: touchpoints, actions, feelings, improvements",
    "touchpoint-map": "Channels and touchpoints before, during and after the service",
    "future-state": "The journey as it should be: the basic lanes plus opportunities",
    "day-in-the-life": "A day from morning to evening: activities, tools, pain points",
    "service-blueprint": "Customer actions over frontstage, backstage and support processes",
}


def template_text(name: str) -> str:
    """The TOML text of the template `name`; raises KeyError for an unknown name."""
    if name not in TEMPLATES:
        raise KeyError(name)
    from importlib import resources  # (not at import: the editor's start needs TEMPLATES only)

    return resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")


def load_template(name: str, title: str | None = None) -> JourneyMap:
    """The map of the template `name`, retitled `title` if given; KeyError if unknown."""
    m = loads(template_text(name), f"<template {name}>")
    return m if title is None else replace(m, title=title)


def title_from_file_name(file: str) -> str:
    """A map title from its file name: ``my-trip.toml`` → ``My trip``, case otherwise kept."""
    words = " ".join(PurePath(file).stem.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:] or "Customer journey"
