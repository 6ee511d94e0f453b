"""The document's file: saving, save as, quitting, export, compare, and changes made on disk
by someone else.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList
from tui_helpers import (
    SIZE,
    flat_text,
    make_app,
    notifications,
    sample_map,
    screen_text,
    status_text,
    text_only_map,
    type_text,
    wait_for_screen,
    wait_until,
    write_map,
)

from cxtui.fileformat import dumps, read_map
from cxtui.interchange import export_formats
from cxtui.tui.dialogs.cell_editor import CellEditor
from cxtui.tui.dialogs.prompts import (
    ChoiceDialog,
    OverwriteDialog,
    QuitDialog,
    TextPrompt,
)
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.screens.text_page import TextPage
from cxtui.tui.widgets.grid import MapGrid

# -- saving ---------------------------------------------------------------------------------


async def test_ctrl_s_saves_and_clears_the_modified_marker(map_path: Path) -> None:
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        assert "[modified]" not in status_text(app)
        await pilot.press("plus", "j", "x")
        await pilot.pause()
        assert "[modified]" in status_text(app)
        assert read_map(map_path) == sample_map()  # nothing written yet
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert read_map(map_path) == app.document.map != sample_map()
        assert not app.document.modified
        assert "[modified]" not in status_text(app)
        assert f"saved {map_path}" in notifications(app)
        # undoing past the save makes the map modified again
        await pilot.press("u")
        await pilot.pause()
        assert "[modified]" in status_text(app)


# -- quitting --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit_when_unmodified_exits_at_once(key: str, map_path: Path) -> None:
    on_disk = map_path.read_bytes()
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    assert map_path.read_bytes() == on_disk


async def test_quit_after_undoing_every_edit_exits_at_once(map_path: Path) -> None:
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus", "u", "q")
        await pilot.pause()
        assert not app.is_running


async def edit_then_quit(pilot, key: str) -> QuitDialog:
    await pilot.press("plus", "x")
    await pilot.press(key)
    dialog = await wait_for_screen(pilot, QuitDialog)
    assert isinstance(dialog, QuitDialog)
    return dialog


@pytest.mark.parametrize(("key", "back"), [("q", "escape"), ("ctrl+q", "c")])
async def test_quit_dialog_escape_and_cancel_go_back(key: str, back: str, map_path: Path) -> None:
    on_disk = map_path.read_bytes()
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await edit_then_quit(pilot, key)
        edited = app.document.map
        assert (
            "coffee.toml has unsaved changes."
            in app.screen.query_one(".dialog-title").render().plain
        )
        await pilot.press(back)
        await wait_for_screen(pilot, MapScreen)
        assert app.is_running
        assert app.document.map == edited
        assert app.document.modified
        assert isinstance(app.focused, MapGrid)
        await pilot.press("minus")  # the map still takes keys
        assert app.document.map.phases[0].emotion == 0
    assert map_path.read_bytes() == on_disk


@pytest.mark.parametrize("key", ["q"])
async def test_quit_dialog_s_saves_and_exits(key: str, map_path: Path) -> None:
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await edit_then_quit(pilot, key)
        edited = app.document.map
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running)
    assert read_map(map_path) == edited
    assert edited.phases[0].emotion == 1
    assert edited.phases[0].notes("actions") == ()


@pytest.mark.parametrize("key", ["ctrl+q"])
async def test_quit_dialog_d_discards_and_exits(key: str, map_path: Path) -> None:
    on_disk = map_path.read_bytes()
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await edit_then_quit(pilot, key)
        await pilot.press("d")
        await wait_until(pilot, lambda: not app.is_running)
    assert map_path.read_bytes() == on_disk


async def test_quit_dialog_enter_presses_save(map_path: Path) -> None:
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await edit_then_quit(pilot, "q")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.is_running)
    assert read_map(map_path).phases[0].emotion == 1


async def test_quit_dialog_s_on_a_scratch_map_asks_for_a_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()  # no file
    async with app.run_test(size=SIZE) as pilot:
        await edit_then_quit(pilot, "q")
        await pilot.press("s")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == str(Path.cwd() / "coffee-order.toml")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.is_running)
    assert read_map(tmp_path / "coffee-order.toml").phases[0].emotion == 1


# -- save as ----------------------------------------------------------------------------------


async def test_ctrl_s_on_a_scratch_map_asks_for_a_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()
    assert app.document.path is None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus", "ctrl+s")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == str(Path.cwd() / "coffee-order.toml")
        await type_text(pilot, "mine.toml")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert read_map(tmp_path / "mine.toml") == app.document.map
        assert app.document.path == Path("mine.toml")
        assert not app.document.modified
        assert "mine.toml" in status_text(app)
        assert "[modified]" not in status_text(app)
        # the next ctrl+s writes the same file without asking
        await pilot.press("minus", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert read_map(tmp_path / "mine.toml") == app.document.map
        assert app.document.map.phases[0].emotion == 0


async def test_escape_in_save_as_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus", "ctrl+s")
        await wait_for_screen(pilot, TextPrompt)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert list(tmp_path.iterdir()) == []
        assert app.document.path is None
        assert app.document.modified


async def test_ctrl_w_saves_elsewhere(
    map_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    on_disk = map_path.read_bytes()
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "ctrl+w")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == str(map_path)
        await type_text(pilot, "copy.toml")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert read_map(tmp_path / "copy.toml") == app.document.map
        assert app.document.map.phases[0].notes("actions") == ()
        assert app.document.path == Path("copy.toml")
        assert "copy.toml" in status_text(app)
    assert map_path.read_bytes() == on_disk


async def test_save_as_over_an_existing_file_asks_first(
    map_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    other = write_map(tmp_path / "other.toml", text_only_map())
    theirs = other.read_bytes()
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus", "ctrl+w")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "other.toml")
        await pilot.press("enter")
        await wait_for_screen(pilot, OverwriteDialog)
        text = screen_text(app)
        assert "other.toml exists." in text and "with this map?" in text
        assert "c: cancel · o: overwrite · Esc: cancel" in text
        await pilot.press("enter")  # Enter presses the focused button: Cancel
        await wait_for_screen(pilot, MapScreen)
        assert other.read_bytes() == theirs
        await wait_until(pilot, lambda: any("not saved" in m for m in notifications(app)))
        assert app.document.path == map_path
        await pilot.press("ctrl+w")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "other.toml")
        await pilot.press("enter")
        await wait_for_screen(pilot, OverwriteDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert other.read_bytes() == theirs
        await pilot.press("ctrl+w")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "other.toml")
        await pilot.press("enter")
        await wait_for_screen(pilot, OverwriteDialog)
        await pilot.press("o")
        await wait_for_screen(pilot, MapScreen)
        assert read_map(other) == app.document.map
        assert read_map(other).phases[0].emotion == 1
        assert app.document.path == Path("other.toml")


async def test_ctrl_w_to_its_own_name_saves_without_asking(map_path: Path) -> None:
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus", "ctrl+w")
        await wait_for_screen(pilot, TextPrompt)
        await pilot.press("enter")  # the default: its own file
        await wait_for_screen(pilot, MapScreen)
        assert read_map(map_path).phases[0].emotion == 1
        assert not app.document.modified


async def test_ctrl_w_to_its_own_file_changed_on_disk_asks_first(map_path: Path) -> None:
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        theirs = dumps(sample_map("Their title"))
        map_path.write_text(theirs, encoding="utf-8")
        later = map_path.stat().st_mtime + 5
        os.utime(map_path, (later, later))
        await pilot.press("ctrl+w")
        prompt = await wait_for_screen(pilot, TextPrompt)
        prompt.query_one(Input).value = str(
            map_path.parent / ".." / map_path.parent.name / "coffee.toml"
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.screen.query("#conflict-dialog")))
        await pilot.press("c")
        await wait_for_screen(pilot, MapScreen)
        assert map_path.read_text(encoding="utf-8") == theirs


async def test_export_over_an_existing_file_or_the_map_itself_asks_or_refuses(
    map_path: Path,
) -> None:
    target = map_path.with_suffix(".json")
    target.write_text("keep me", encoding="utf-8")
    before = map_path.read_bytes()
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        for name, answer in ((str(target), "escape"), (str(target), "o")):
            await pilot.press("E")
            await wait_for_screen(pilot, ChoiceDialog)
            await pilot.press(*["down"] * export_formats().index("json"), "enter")
            prompt = await wait_for_screen(pilot, TextPrompt)
            prompt.query_one(Input).value = name
            await pilot.press("enter")
            await wait_for_screen(pilot, OverwriteDialog)
            await pilot.press(answer)
            await wait_for_screen(pilot, MapScreen)
            if answer == "escape":
                assert target.read_text(encoding="utf-8") == "keep me"
        assert "Coffee order" in target.read_text(encoding="utf-8")
        await pilot.press("E")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("enter")
        prompt = await wait_for_screen(pilot, TextPrompt)
        prompt.query_one(Input).value = str(map_path.parent / "." / map_path.name)
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        await pilot.pause()
        assert any("the map's own file" in m for m in notifications(app))
    assert map_path.read_bytes() == before


async def test_the_export_overwrite_dialog_says_its_keys_and_what_happened(
    map_path: Path,
) -> None:
    """Enter (the focused Overwrite) and o export again, c and Esc keep the old file;
    every way out says which it was."""
    target = map_path.with_suffix(".json")
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        for answer, exported in (("enter", True), ("c", False), ("o", True), ("escape", False)):
            target.write_text("stale", encoding="utf-8")
            await pilot.press("E")
            await wait_for_screen(pilot, ChoiceDialog)
            await pilot.press(*["down"] * export_formats().index("json"), "enter")
            prompt = await wait_for_screen(pilot, TextPrompt)
            prompt.query_one(Input).value = str(target)
            await pilot.press("enter")
            await wait_until(pilot, lambda: bool(app.screen.query("#overwrite-dialog")))
            await pilot.pause()
            text = screen_text(app)
            assert f"{target.name} exists." in text and "with the export (json)?" in text
            assert "o: overwrite · c: cancel · Esc: cancel" in text
            await pilot.press(answer)
            await wait_for_screen(pilot, MapScreen)
            said = f"exported to {target}" if exported else f"not exported: {target} is as it was"
            await wait_until(pilot, lambda said=said: said in notifications(app))  # type: ignore[misc]
            kept = target.read_text(encoding="utf-8") == "stale"
            assert kept is not exported, answer


# -- export and compare --------------------------------------------------------------------------


async def test_export_writes_the_chosen_format(
    map_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert dialog.query_one(OptionList).option_count == len(export_formats())
        await pilot.press(*["down"] * export_formats().index("json"), "enter")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == str(map_path.with_suffix(".json"))
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert "Coffee order" in (tmp_path / "coffee.json").read_text()
        assert not app.document.modified  # exporting is not saving


async def test_compare_shows_the_differences(
    map_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_map(tmp_path / "future.toml", sample_map("Coffee tomorrow"))
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "future.toml")
        await pilot.press("enter")
        page = await wait_for_screen(pilot, TextPage)
        assert "Coffee tomorrow" in page.text
        # both curves one over the other, then the headline, before what changed
        lines = page.text.splitlines()
        assert lines[0].startswith("Current: Coffee order (-2..+2)")
        assert any(line.startswith("Future: Coffee tomorrow (-2..+2)") for line in lines)
        assert "At the worst moment, phase 4 “Drink” (-2), the future state scores -2" in page.text
        assert page.text.index("Phase by phase:") < page.text.index("What changed")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()


async def test_declining_a_reload_keeps_ctrl_s_from_overwriting_the_file(map_path: Path) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=SIZE) as pilot:
        theirs = dumps(sample_map("Their title"))
        map_path.write_text(theirs, encoding="utf-8")
        later = map_path.stat().st_mtime + 5
        os.utime(map_path, (later, later))
        app.map_screen.guard.tick()
        await wait_until(pilot, lambda: bool(app.screen.query("#reload-dialog")))
        await pilot.pause()
        assert "Esc: keep mine" in flat_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        app.map_screen.guard.tick()  # not offered again for the same change
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(app.screen.query("#conflict-dialog")))
        await pilot.press("c")
        await wait_for_screen(pilot, MapScreen)
        assert map_path.read_text(encoding="utf-8") == theirs
        assert app.document.map == sample_map()


async def test_no_reload_is_offered_over_an_open_cell_editor(map_path: Path) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for_screen(pilot, CellEditor)
        await type_text(pilot, "r typed")
        map_path.write_text(dumps(sample_map("Their title")), encoding="utf-8")
        later = map_path.stat().st_mtime + 5
        os.utime(map_path, (later, later))
        app.map_screen.guard.tick()
        await pilot.pause()
        assert isinstance(app.screen, CellEditor)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[0].notes("actions")[-1].endswith("r typed")
        app.map_screen.guard.tick()  # edits now: the change waits for ctrl+s, which asks
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)


async def test_a_new_outside_change_after_declining_is_offered_again(map_path: Path) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=SIZE) as pilot:
        for n, title in enumerate(("First", "Second")):
            map_path.write_text(dumps(sample_map(title)), encoding="utf-8")
            later = map_path.stat().st_mtime + 5 * (n + 1)
            os.utime(map_path, (later, later))
            app.map_screen.guard.tick()
            await wait_until(pilot, lambda: bool(app.screen.query("#reload-dialog")))
            await pilot.press("k")
            await wait_for_screen(pilot, MapScreen)
