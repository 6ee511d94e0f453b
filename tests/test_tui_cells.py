"""Editing a cell: the cell editor, the emotion lane and + / -, clearing, undo and redo.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input, Label, TextArea
from tui_helpers import (
    ACTIONS,
    EMOTIONS,
    SIZE,
    THOUGHTS,
    focus,
    here,
    make_app,
    notifications,
    sample_map,
    status_text,
    tap,
    type_text,
    wait_for_screen,
)

from cxtui.fileformat import read_map
from cxtui.tui.dialogs.cell_editor import CellEditor
from cxtui.tui.dialogs.prompts import QuitDialog, TextPrompt
from cxtui.tui.screens.map_screen import MapScreen

# -- the cell editor -----------------------------------------------------------------------


async def test_edit_keys_open_the_cell_editor_with_the_notes() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for key in ("enter", "e"):
            await pilot.press(key)
            editor = await wait_for_screen(pilot, CellEditor)
            area = editor.query_one(TextArea)
            assert area.text == "Sees an ad\nAsks a friend"
            assert area.cursor_location == area.document.end == (1, 13)
            assert app.focused is area
            assert "Discover · Actions" in str(editor.query(Label).first().render())
            await pilot.press("escape")
            await wait_for_screen(pilot, MapScreen)
        assert not app.document.can_undo


@pytest.mark.parametrize("key", ["enter", "e"])
async def test_typing_then_enter_starts_a_new_note_and_escape_keeps_it(key: str) -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 1, ACTIONS)
        await pilot.press(key)
        await wait_for_screen(pilot, CellEditor)
        await type_text(pilot, "\nPays by card\nGets a #receipt")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        notes = app.document.map.phases[1].notes("actions")
        assert notes == ("Opens the app", "Pays by card", "Gets a #receipt")
        assert app.document.modified
        assert "[modified]" in status_text(app)
        await pilot.press("u")  # one undo takes back the whole change
        assert app.document.map == before


async def test_escape_without_changes_records_nothing() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for_screen(pilot, CellEditor)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert not app.document.can_undo
        assert not app.document.modified


async def test_editing_an_empty_cell_and_dropping_blank_lines() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, THOUGHTS)  # "Wait" has no thoughts
        await pilot.press("e")
        editor = await wait_for_screen(pilot, CellEditor)
        area = editor.query_one(TextArea)
        assert area.text == ""
        assert area.cursor_location == area.document.end == (0, 0)
        await type_text(pilot, "  Long queue  \n\n\nSmells good")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[2].notes("thoughts") == ("Long queue", "Smells good")


async def test_deleting_every_line_empties_the_cell() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 1, THOUGHTS)
        await pilot.press("enter")
        await wait_for_screen(pilot, CellEditor)
        await tap(pilot, *["backspace"] * len("Quick #idea"))
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[1].notes("thoughts") == ()
        assert app.document.map.phases[1].notes("actions") == ("Opens the app",)


async def test_ctrl_s_in_the_cell_editor_closes_it_keeping_the_text() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 3, ACTIONS)
        await pilot.press("enter")
        await wait_for_screen(pilot, CellEditor)
        await type_text(pilot, "Sips")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[3].notes("actions") == ("Sips",)


async def test_ctrl_q_in_the_cell_editor_keeps_the_text_then_asks(map_path: Path) -> None:
    on_disk = map_path.read_bytes()
    app = make_app(read_map(map_path), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for_screen(pilot, CellEditor)
        await type_text(pilot, "\nPays")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, QuitDialog)
        assert app.document.map.phases[0].notes("actions")[-1] == "Pays"
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.is_running
    assert map_path.read_bytes() == on_disk


# -- the emotion lane and + / - -------------------------------------------------------------


async def test_edit_keys_on_the_emotion_lane_ask_for_a_score() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 1, EMOTIONS)
        for key, typed in (("enter", "-1"), ("e", "1")):
            await pilot.press(key)
            prompt = await wait_for_screen(pilot, TextPrompt)
            assert prompt.query_one(Input).value == "0"
            assert "-2 to +2" in prompt.prompt_title
            await type_text(pilot, typed)  # the value starts selected: typing replaces it
            await pilot.press("enter")
            await wait_for_screen(pilot, MapScreen)
            assert app.document.map.phases[1].emotion == int(typed)
            await pilot.press("u")
            assert app.document.map == before


@pytest.mark.parametrize(
    ("phase", "typed", "expected", "note"),
    [
        (0, "2", 2, None),  # unrated phase: the prompt starts empty
        (1, "9", 2, "clamped to the scale -2..2"),
        (1, "−5", -2, "clamped to the scale -2..2"),  # a typographic minus
        (2, "", None, None),  # empty: unrated
        (2, "abc", 2, "'abc' is not a whole number"),
    ],
)
async def test_score_prompt_values(
    phase: int, typed: str, expected: int | None, note: str | None
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, phase, EMOTIONS)
        await pilot.press("enter")
        prompt = await wait_for_screen(pilot, TextPrompt)
        old = app.document.map.phases[phase].emotion
        assert prompt.query_one(Input).value == ("" if old is None else str(old))
        if typed:
            await type_text(pilot, typed)
        else:
            await pilot.press("backspace")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[phase].emotion == expected
        if note is not None:
            assert note in notifications(app)


async def test_escape_in_the_score_prompt_changes_nothing() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, EMOTIONS)
        await pilot.press("enter")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "-2")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()
        assert not app.document.can_undo


RAISE, LOWER = ("plus", "equals_sign"), ("minus", "underscore")


@pytest.mark.parametrize("key", RAISE + LOWER)
async def test_emotion_keys_work_from_any_lane(key: str) -> None:
    step = 1 if key in RAISE else -1
    app = make_app()
    before = app.document.map
    changed = replace(before.phases[1], emotion=step)
    async with app.run_test(size=SIZE) as pilot:
        for lane in (ACTIONS, THOUGHTS, EMOTIONS):
            await focus(pilot, 1, lane)  # "Order" is at 0
            await pilot.press(key)
            assert here(app) == (1, lane)
            # only that phase changed
            assert app.document.map == replace(
                before, phases=(before.phases[0], changed, *before.phases[2:])
            )
            await pilot.press("u")
            assert app.document.map == before
        # an unrated phase starts at 0
        await focus(pilot, 0, THOUGHTS)
        assert app.document.map.phases[0].emotion is None
        await pilot.press(key)
        assert app.document.map.phases[0].emotion == step


async def test_emotion_is_clamped_to_the_scale() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for keys, phase, bound in ((RAISE, 2, "top"), (LOWER, 3, "bottom")):
            await focus(pilot, phase, ACTIONS)
            for key in keys:
                await pilot.press(key)
                assert app.document.map == sample_map()
                assert not app.document.can_undo
                assert any(f"already at the {bound} of the scale" in n for n in notifications(app))


async def test_emotion_keys_walk_the_whole_scale() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 0, THOUGHTS)
        seen = []
        for _ in range(4):
            await pilot.press("plus")
            seen.append(app.document.map.phases[0].emotion)
        for _ in range(6):
            await pilot.press("minus")
            seen.append(app.document.map.phases[0].emotion)
        assert seen == [1, 2, 2, 2, 1, 0, -1, -2, -2, -2]


# -- clearing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["x", "delete"])
async def test_clear_keys(key: str) -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)  # a text cell
        assert app.document.map.phases[0].notes("actions") == ()
        assert app.document.map.phases[0].notes("thoughts") == ("Is it good?",)
        await pilot.press("u")
        assert app.document.map == before
        await focus(pilot, 2, EMOTIONS)  # the emotion lane: unrated
        await pilot.press(key)
        assert app.document.map.phases[2].emotion is None
        await pilot.press(key)  # already unrated: nothing more to undo
        await pilot.press("u")
        assert app.document.map == before
        await focus(pilot, 2, THOUGHTS)  # an empty cell: nothing to undo
        await pilot.press(key)
        assert not app.document.can_undo


# -- undo and redo ---------------------------------------------------------------------------

#: Ten keys that each make one edit, starting on (0, 0) of sample_map.
TEN_EDITS = ["plus", "l", "minus", "x", "j", "x", "l", "underscore", "L", "K", "D", "X",
             "equals_sign"]  # fmt: skip


@pytest.mark.parametrize(("undo", "redo"), [("u", "ctrl+y"), ("ctrl+z", "U")])
async def test_undo_and_redo_are_unlimited(undo: str, redo: str) -> None:
    app = make_app()
    original = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        maps = [original]
        for key in TEN_EDITS:
            await pilot.press(key)
            if app.document.map != maps[-1]:
                maps.append(app.document.map)
        assert len(maps) == 11  # ten edits
        edited = maps[-1]
        for n in range(10):
            await pilot.press(undo)
            assert app.document.map == maps[-2 - n]
        assert app.document.map == original
        assert not app.document.modified
        await pilot.press(undo)
        assert "nothing to undo" in notifications(app)
        assert app.document.map == original
        for n in range(10):
            await pilot.press(redo)
            assert app.document.map == maps[n + 1]
        assert app.document.map == edited
        await pilot.press(redo)
        assert "nothing to redo" in notifications(app)
        assert app.document.map == edited


async def test_a_new_edit_forgets_the_redo_history() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus", "u", "minus")
        await pilot.press("U")
        assert app.document.map.phases[0].emotion == -1
        assert "nothing to redo" in notifications(app)
