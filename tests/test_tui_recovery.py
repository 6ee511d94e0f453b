"""Recovery copies of unsaved changes (cxtui/tui/guard.py): written, offered, restored,
discarded, kept.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from tui_helpers import (
    SIZE,
    flat_text,
    make_app,
    notifications,
    sample_map,
    wait_for_screen,
    wait_until,
)

from cxtui.fileformat import dumps, read_map
from cxtui.model import JourneyMap
from cxtui.recovery import aside_path, find_recovery, recovery_path
from cxtui.tui.screens.map_screen import MapScreen

# -- recovery copies -------------------------------------------------------------------------


def write_copy(map_path: Path, journey: JourneyMap, age: float) -> Path:
    """A recovery copy of `map_path` holding `journey`, written `age` seconds before the map
    (negative: after it)."""
    copy = recovery_path(map_path)
    copy.write_text(dumps(journey), encoding="utf-8")
    when = map_path.stat().st_mtime - age
    os.utime(copy, (when, when))
    return copy


def recovered_map() -> JourneyMap:
    return replace(sample_map(), title="Recovered title")


def test_a_recovery_copy_older_than_the_map_is_still_found(map_path: Path) -> None:
    write_copy(map_path, recovered_map(), age=3600)
    found = find_recovery(map_path)
    assert found is not None
    assert found.journey == recovered_map()
    assert found.map_changed is not None
    assert found.map_changed > found.written
    write_copy(map_path, recovered_map(), age=-60)
    newer = find_recovery(map_path)
    assert newer is not None and newer.map_changed is None


async def test_a_copy_older_than_the_map_is_offered_and_escape_keeps_it(map_path: Path) -> None:
    copy = write_copy(map_path, recovered_map(), age=3600)
    written = datetime.fromtimestamp(copy.stat().st_mtime)
    changed = datetime.fromtimestamp(map_path.stat().st_mtime)
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#recovery-dialog")))
        await pilot.pause()
        shown = flat_text(app)
        assert "changed since" in shown
        assert f"{written:%Y-%m-%d %H:%M:%S}" in shown
        assert f"{changed:%Y-%m-%d %H:%M:%S}" in shown
        assert "Esc: keep it for later" in shown
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()
        assert not app.document.modified
        kept = aside_path(map_path, written)
        assert read_map(kept) == recovered_map()
        assert not copy.exists()
        # New copies go to the usual place; the kept one is never touched.
        await pilot.press("x")
        await pilot.pause()
        app.map_screen.guard.write_recovery_copy()
        assert read_map(copy) == app.document.map
        assert read_map(kept) == recovered_map()


@pytest.mark.parametrize("ending", ["quit", "guard"])
async def test_undoing_back_to_the_saved_map_removes_this_sessions_copy(
    map_path: Path, ending: str
) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        await pilot.pause()
        app.map_screen.guard.write_recovery_copy()
        assert recovery_path(map_path).exists()
        await pilot.press("u")
        await pilot.pause()
        if ending == "guard":
            app.map_screen.guard.tick()
            assert not recovery_path(map_path).exists()
        await pilot.press("q")
        await pilot.pause()
    assert not recovery_path(map_path).exists()
    assert read_map(map_path) == sample_map()


async def test_a_copy_that_holds_the_map_as_it_is_is_removed_silently(map_path: Path) -> None:
    write_copy(map_path, sample_map(), age=-60)
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
    assert not recovery_path(map_path).exists()


async def test_copies_kept_for_later_are_mentioned_when_the_map_opens(map_path: Path) -> None:
    copy = write_copy(map_path, recovered_map(), age=3600)
    kept = aside_path(map_path, datetime.fromtimestamp(copy.stat().st_mtime))
    copy.rename(kept)
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = notifications(app)
    assert any(f"1 recovery copy of {map_path.name}" in m and kept.name in m for m in messages)
    assert read_map(kept) == recovered_map()


@pytest.mark.parametrize("key", ["r", "d"], ids=["restore", "discard"])
@pytest.mark.parametrize("age", [3600, -60], ids=["older", "newer"])
async def test_restore_and_discard_a_recovery_copy(map_path: Path, age: float, key: str) -> None:
    copy = write_copy(map_path, recovered_map(), age=age)
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#recovery-dialog")))
        await pilot.press(key)
        await wait_for_screen(pilot, MapScreen)
        if key == "r":
            assert app.document.map == recovered_map()
            assert app.document.modified
            assert copy.exists()
        else:
            assert app.document.map == sample_map()
            assert not copy.exists()


async def test_escape_on_a_recovery_copy_neither_restores_nor_discards(map_path: Path) -> None:
    copy = write_copy(map_path, recovered_map(), age=-60)  # newer than the map
    written = datetime.fromtimestamp(copy.stat().st_mtime)
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#recovery-dialog")))
        await pilot.pause()
        assert "Esc: keep it for later" in flat_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()
        assert not app.document.modified
    assert read_map(aside_path(map_path, written)) == recovered_map()


async def test_a_recovery_copy_that_does_not_open_is_set_aside(map_path: Path) -> None:
    copy = recovery_path(map_path)
    copy.write_text('cxtui = 1\ntitle = "cut sho', encoding="utf-8")
    written = datetime.fromtimestamp(copy.stat().st_mtime)
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        kept = aside_path(map_path, written)
        assert kept.read_text(encoding="utf-8") == 'cxtui = 1\ntitle = "cut sho'
        assert any(kept.name in message for message in notifications(app))
        await pilot.press("x")
        app.map_screen.guard.write_recovery_copy()
        assert read_map(copy) == app.document.map
