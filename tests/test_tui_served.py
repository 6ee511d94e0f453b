"""The editor served to browsers (`cxtui serve`): it writes and reads maps only under
the served folder, says where the browser's keys went, and merges two people's saves.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import (
    SIZE,
    make_app,
    notifications,
    sample_map,
    svg_text,
    wait_for_screen,
    wait_until,
    write_map,
)

from cxtui.fileformat import dumps, read_map
from cxtui.tui.compat import shown_notifications
from cxtui.tui.dialogs.prompts import ChoiceDialog, TextPrompt
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.served import ROOT_VARIABLE


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A served folder holding coffee.toml; the folder beside it is outside."""
    root = tmp_path / "served"
    root.mkdir()
    monkeypatch.setenv(ROOT_VARIABLE, str(root))
    monkeypatch.setenv("CXTUI_USER", "Ann")  # (named already: no name to ask; see below)
    return write_map(root / "coffee.toml", sample_map())


async def save_as(pilot: object, app: object, target: Path) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+w")
    prompt = await wait_for_screen(pilot, TextPrompt)
    prompt.query_one(Input).value = str(target)
    await pilot.press("enter")
    await wait_for_screen(pilot, MapScreen)


async def test_save_as_outside_the_served_folder_is_refused(served: Path) -> None:
    outside = served.parent.parent / "elsewhere.toml"
    linked = served.parent / "link"
    linked.symlink_to(served.parent.parent, target_is_directory=True)
    app = make_app(read_map(served), served)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        for target in (outside, linked / "through-a-link.toml", served.parent / ".." / "up.toml"):
            await save_as(pilot, app, target)
            assert any("outside" in message for message in notifications(app))
            assert not target.exists()
        assert app.document.modified  # nothing lost, nothing written
        inside = served.parent / "copy.toml"
        await save_as(pilot, app, inside)
        await wait_until(pilot, lambda: inside.exists())
        assert read_map(inside) == app.document.map


async def test_export_and_compare_outside_the_served_folder_are_refused(served: Path) -> None:
    outside = served.parent.parent / "coffee.md"
    other = write_map(served.parent.parent / "other.toml", sample_map("Other"))
    app = make_app(read_map(served), served)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        await wait_for_screen(pilot, ChoiceDialog)
        app.screen.dismiss("md")
        prompt = await wait_for_screen(pilot, TextPrompt)
        prompt.query_one(Input).value = str(outside)
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert not outside.exists()
        assert any("Not exported" in n.title for n in shown_notifications(app))
        await pilot.press("C")
        prompt = await wait_for_screen(pilot, TextPrompt)
        prompt.query_one(Input).value = str(other)
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert any(str(other) in message for message in notifications(app))


async def test_served_help_and_key_bar_point_to_the_palette(served: Path) -> None:
    app = make_app(read_map(served), served)
    async with app.run_test(size=(120, 36)) as pilot:
        assert "every action" in svg_text(app.export_screenshot())
        await pilot.press("question_mark")
        await pilot.pause()
        text = svg_text(app.export_screenshot())
        assert "In a browser" in text and "ctrl+w" in text


async def test_not_served_the_key_bar_says_palette(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ROOT_VARIABLE, raising=False)
    path = write_map(tmp_path / "coffee.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        text = svg_text(app.export_screenshot())
        assert "palette" in text and "every action" not in text


async def test_merge_keeps_their_notes_and_mine(tmp_path: Path) -> None:
    path = write_map(tmp_path / "coffee.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=SIZE) as pilot:
        # mine: a note in phase 1's thoughts; theirs (saved meanwhile): one in phase 2's
        mine = (*app.document.map.phases[0].notes("thoughts"), "mine")
        from cxtui.model import SetNotes

        app.map_screen.apply(SetNotes(0, "thoughts", mine))
        base = sample_map()
        theirs_map = base.apply(
            SetNotes(1, "thoughts", (*base.phases[1].notes("thoughts"), "theirs"))
        )[0]
        path.write_text(dumps(theirs_map), encoding="utf-8")
        later = path.stat().st_mtime + 5
        os.utime(path, (later, later))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(app.screen.query("#conflict-dialog")))
        await pilot.press("m")
        await wait_for_screen(pilot, MapScreen)
        await wait_until(pilot, lambda: not app.document.modified)
        saved = read_map(path)
        assert saved.phases[0].notes("thoughts")[-1] == "mine"
        assert saved.phases[1].notes("thoughts")[-1] == "theirs"
        assert saved == app.document.map


async def test_merge_of_one_title_changed_twice_keeps_a_conflict_to_settle(
    tmp_path: Path,
) -> None:
    """Both changed the title: Merge keeps ours with their title in a conflict (M settles
    it), and writes nothing until then."""
    from cxtui.model import SetMeta

    path = write_map(tmp_path / "coffee.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=SIZE) as pilot:
        m = app.document.map
        app.map_screen.apply(SetMeta("Mine", m.kind, m.description))
        theirs = dumps(sample_map("Theirs"))
        path.write_text(theirs, encoding="utf-8")
        later = path.stat().st_mtime + 5
        os.utime(path, (later, later))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(app.screen.query("#conflict-dialog")))
        await pilot.press("m")
        await wait_until(
            pilot,
            lambda: any("conflict to settle with M" in n.message for n in shown_notifications(app)),
        )
        assert path.read_text(encoding="utf-8") == theirs
        assert app.document.map.title == "Mine"
        (conflict,) = app.document.map.conflicts
        assert (conflict.field, conflict.ours, conflict.theirs) == ("title", "Mine", "Theirs")


async def test_a_new_map_in_the_served_library_stays_in_the_folder(served: Path) -> None:
    from cxtui.tui.app import CxtuiApp
    from cxtui.tui.screens.library_screen import LibraryScreen

    app = CxtuiApp(folder=served.parent, guard=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, LibraryScreen)
        for name, allowed in (("../outside", False), ("inside", True)):
            await pilot.press("ctrl+n")
            await wait_for_screen(pilot, ChoiceDialog)
            app.screen.dismiss("basic")
            prompt = await wait_for_screen(pilot, TextPrompt)
            prompt.query_one(Input).value = name
            await pilot.press("enter")
            await pilot.pause()
            target = (served.parent / f"{name}.toml").resolve()
            if allowed:
                await wait_until(pilot, target.exists)
            else:
                await wait_for_screen(pilot, LibraryScreen)
                assert any("outside" in message for message in notifications(app))
                assert not target.exists()


async def test_a_closed_browser_tab_keeps_the_unsaved_edits(served: Path) -> None:
    from cxtui.recovery import find_recovery

    app = make_app(read_map(served), served)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        await pilot.pause()
        edited = app.document.map
        assert find_recovery(served) is None  # the guard's timer is off in tests
        app.exit()  # what textual-serve's "quit" does when the tab closes
    recovery = find_recovery(served)
    assert recovery is not None and recovery.journey == edited
    assert read_map(served) == sample_map()


async def test_discarding_in_a_served_editor_leaves_no_copy(served: Path) -> None:
    from cxtui.recovery import find_recovery

    app = make_app(read_map(served), served)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus", "q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert find_recovery(served) is None


async def test_a_link_out_of_the_served_folder_is_not_followed(served: Path) -> None:
    from dataclasses import replace

    outside = write_map(served.parent.parent / "private.toml", sample_map("Private map"))
    journey = read_map(served)
    phases = list(journey.phases)
    phases[0] = replace(phases[0], link="../private.toml")
    write_map(served, replace(journey, phases=tuple(phases)))
    app = make_app(read_map(served), served)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert app.screen is app.map_screen  # nothing opened over the map
        assert app.map_screen.map.title == "Coffee order"
        said = " ".join(notifications(app))
        assert f"private.toml is outside {served.parent}: a map served" in said
        assert outside.exists()
