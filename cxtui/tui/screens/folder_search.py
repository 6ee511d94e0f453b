"""Searching every map in the folder of the map being edited (the editor's `/`).

The maps are read in a thread; the map being edited is searched as it is now, unsaved
changes included. Choosing a result in this map moves the cursor there; in another map,
it opens that map over this one, and leaving it (`q`) comes back here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from cxtui.fileformat import dumps
from cxtui.library import Entry, Match, read_library, search

if TYPE_CHECKING:
    from cxtui.tui.screens.map_screen import MapScreen


def folder_entries(folder: Path, current: Path, screen: MapScreen) -> list[Entry]:
    """Every map under `folder`, the one at `current` as the editor holds it now."""
    entries: list[Entry] = []
    for entry in read_library(folder):
        if os.path.abspath(entry.path) == os.path.abspath(current):
            text = dumps(screen.map)
            entry = Entry(entry.path, entry.name, entry.modified, screen.map, text=text)
        entries.append(entry)
    return entries


def search_folder(screen: MapScreen) -> None:
    """Ask what to look for, then show the matches in every map of the map's folder."""
    from cxtui.tui.dialogs.prompts import TextPrompt

    path = screen.document.path
    if path is None:
        screen.notify("save the map first: the search looks in its folder", severity="warning")
        return
    folder = path.parent

    def asked(query: str | None) -> None:
        if query and query.strip():
            screen.run_worker(
                lambda: _search(screen, folder, path, query.strip()),
                thread=True,
                group="folder-search",
                exclusive=True,
            )

    screen.app.push_screen(
        TextPrompt(
            f"Search every map in {folder} (titles, notes, personas) for",
            hint="Enter: search · Esc: cancel",
        ),
        asked,
    )


def _search(screen: MapScreen, folder: Path, current: Path, query: str) -> None:
    from cxtui.tui.dialogs.search_results import SHOWN_MATCHES

    matches = search(folder_entries(folder, current, screen), query, SHOWN_MATCHES + 1)
    screen.app.call_from_thread(_show, screen, folder, query, matches)


def _show(screen: MapScreen, folder: Path, query: str, matches: list[Match]) -> None:
    from cxtui.tui.dialogs.search_results import SHOWN_MATCHES, SearchResults
    from cxtui.tui.screens.opening import open_map

    def chosen(match: Match | None) -> None:
        if match is not None:
            cell = (match.phase or 0, match.lane)
            open_map(screen.app, match.entry.path, cell, guarded=screen.guarded)

    screen.app.push_screen(SearchResults(query, matches, folder, SHOWN_MATCHES), chosen)
