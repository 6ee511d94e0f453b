"""SVG snapshots of the library screen at 120x36 and 80x24.

The folder is written afresh with fixed modification times, so the pictures change only
when the library's look does (`--snapshot-update`, then look at the new SVGs).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from library_helpers import library_folder, linked_team_folder
from textual.pilot import Pilot

from cxtui.tui.app import CxtuiApp
from cxtui.tui.screens.library_screen import LibraryScreen

#: 2026-03-01 09:30 local time: every file's modification time.
MODIFIED = time.mktime((2026, 3, 1, 9, 30, 0, 0, 0, -1))
#: The folder's path is fixed too (it is in the title line).
FOLDER = Path("/tmp/cxtui-library-snapshots")


def snapshot_app() -> CxtuiApp:
    if FOLDER.exists():
        import shutil

        shutil.rmtree(FOLDER)
    folder = library_folder(FOLDER)
    for root, _, files in os.walk(folder):
        for name in files:
            os.utime(Path(root, name), (MODIFIED, MODIFIED))
    return CxtuiApp(folder=folder, guard=False)


async def all_read(pilot: Pilot[object]) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    while screen.reading:
        await pilot.pause(0.01)
    await pilot.pause()
    screen.query_one("#filter").cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


def test_library_120x36(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(120, 36), run_before=all_read)


def test_library_80x24(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=all_read)


#: The linked team folder of the tree snapshots (a folder of its own: tests run in parallel).
TREE_FOLDER = Path("/tmp/cxtui-library-tree-snapshots")


def tree_app() -> CxtuiApp:
    if TREE_FOLDER.exists():
        import shutil

        shutil.rmtree(TREE_FOLDER)
    folder = linked_team_folder(TREE_FOLDER)
    for root, _, files in os.walk(folder):
        for name in files:
            os.utime(Path(root, name), (MODIFIED, MODIFIED))
    return CxtuiApp(folder=folder, guard=False)


async def tree_shown(pilot: Pilot[object]) -> None:
    await all_read(pilot)
    await pilot.press("ctrl+l")
    await pilot.pause(2.5)  # the notice "the tree of links" goes
    await pilot.pause()


async def tree_filtered(pilot: Pilot[object]) -> None:
    await tree_shown(pilot)
    await pilot.press(*"blueprint")
    await pilot.pause()


def test_library_tree_120x36(snap_compare) -> None:
    assert snap_compare(tree_app(), terminal_size=(120, 36), run_before=tree_shown)


def test_library_tree_filtered_80x24(snap_compare) -> None:
    assert snap_compare(tree_app(), terminal_size=(80, 24), run_before=tree_filtered)
