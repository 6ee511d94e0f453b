"""Editing a shared persona (``persona = "FILE"``): the form says how many other maps use
it, and OK writes the persona file (never the map: it keeps its reference)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cxtui.fileformat import SaveError, save_persona
from cxtui.library import maps_using_persona, persona_root
from cxtui.model import Persona

if TYPE_CHECKING:
    from cxtui.tui.screens.map_screen import MapScreen


def edit_shared_persona(screen: MapScreen) -> None:
    """Open the persona form on the map's shared persona; OK saves its file."""
    from cxtui.tui.dialogs.forms import PersonaForm

    document = screen.document
    reference = screen.map.persona_file
    assert reference is not None and document.path is not None
    persona_path = document.path.parent / reference
    here = os.path.abspath(document.path)
    others = [
        path
        for path in maps_using_persona(persona_root(document.path, persona_path), persona_path)
        if os.path.abspath(path) != here
    ]
    form = PersonaForm(screen.map.persona)
    count = len(others)
    used = (
        f"also used by {count} other map{'s' if count != 1 else ''}"
        if count
        else "used by no other map"
    )
    form.form_title = f"Shared persona {reference}, {used}: OK saves that file"

    def done(persona: Persona | None) -> None:
        if persona is None or persona == screen.map.persona:
            return
        try:
            save_persona(persona, persona_path)
        except (SaveError, OSError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            screen.notify(f"{reference}: {reason}", title="Persona not saved", severity="error")
            return
        document.set_shared_persona(persona)
        also = f" (used by {count} other map{'s' if count != 1 else ''} too)" if count else ""
        screen.notify(f"saved the shared persona {reference}{also}")

    screen.app.push_screen(form, done)
