"""Opening another map over the screen in front: from the library, a search result or a
phase's link. Leaving the map (`q`, through the unsaved-changes guard) comes back."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from textual.app import App

from cxtui.document import Document
from cxtui.fileformat import MapFileError, read_map
from cxtui.tui.screens.document_screen import DocumentScreen
from cxtui.tui.served import outside_root, refusal


def open_screen_of(app: App[object], path: Path) -> DocumentScreen | None:
    """The screen already editing the map at `path`, if one is open."""
    for screen in app.screen_stack:
        if not isinstance(screen, DocumentScreen) or screen.document.path is None:
            continue
        if _same(screen.document.path, path):
            return screen
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def open_map(
    app: App[object],
    path: Path,
    cell: tuple[int, str | None] | None = None,
    *,
    guarded: bool,
    closed: Callable[[], None] | None = None,
    trail: tuple[str, ...] = (),
) -> bool:
    """Open the map at `path` on top (on `cell`: a phase and a lane key), or go to `cell`
    when it is the map in front; `closed` runs when it is left. Says why not and returns
    False when it cannot be opened (it does not load, or it is open further down).
    `trail`: the breadcrumbs of the links that led there, for its header."""
    from cxtui.tui.screens.map_screen import MapScreen

    already = open_screen_of(app, path)
    if already is not None:
        if already is app.screen and isinstance(already, MapScreen):
            if cell is not None:
                _move(already, cell)
            return True
        app.notify(
            f"{path.name} is open already, behind this map: leave this one (q) to go back to it",
            severity="warning",
        )
        return False
    root = outside_root(path)  # (a link may lead out of a served folder)
    if root is not None:
        app.notify(refusal(path, root), title="Not opened", severity="error", timeout=10)
        return False
    try:
        journey = read_map(path)
    except MapFileError as error:
        app.notify(str(error), title="Cannot open the map", severity="error", timeout=10)
        return False
    screen = MapScreen(Document(journey, path), guarded=guarded)
    screen.set_reactive(MapScreen.trail, trail)
    if cell is not None:
        _move(screen, cell)
    app.push_screen(screen, lambda _: closed() if closed is not None else None)
    return True


def _move(screen: DocumentScreen, cell: tuple[int, str | None]) -> None:
    from cxtui.tui.screens.map_screen import MapScreen

    assert isinstance(screen, MapScreen)
    phase, lane_key = cell
    lanes = [lane.key for lane in screen.map.lanes]
    screen.move_to(phase, lanes.index(lane_key) if lane_key in lanes else 0)
