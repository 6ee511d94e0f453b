"""Every key of the editor's key contract (cxtui/tui/keys.py), driven with Textual's Pilot.

Each test starts the real `CxtuiApp` on a map built in code, presses keys as a person
would, and checks the model (and the file on disk) afterwards; every edit is undone
again to check that undo restores the map exactly.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from textual import events
from textual.command import CommandList, CommandPalette
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from tui_helpers import (
    ACTIONS,
    EMOTIONS,
    SIZE,
    THOUGHTS,
    grid,
    here,
    make_app,
    map_path,
    notifications,
    one_by_one_map,
    sample_map,
    screen_text,
    tap,
    text_only_map,
    type_text,
    wait_for_screen,
    wait_until,
    wide_map,
    write_map,
)

from cxtui.document import DiskState, Document
from cxtui.fileformat import MapFileError, Problem, dumps, read_map
from cxtui.interchange import export_formats
from cxtui.limits import MAX_LANES, MAX_TEXT_CHARS
from cxtui.model import EmotionScale, JourneyMap, Lane, Persona, Phase, SetPhase
from cxtui.recovery import aside_path, find_recovery, recovery_path
from cxtui.tui.app import CxtuiApp
from cxtui.tui.cell_editor import CellEditor
from cxtui.tui.dialogs import ChoiceDialog, ConfirmDialog, QuitDialog, TextPrompt
from cxtui.tui.forms import DetailsForm, LaneForm, PersonaForm, ScaleForm
from cxtui.tui.grid import MapGrid
from cxtui.tui.help import HelpScreen
from cxtui.tui.keys import KEYS, KeySpec
from cxtui.tui.map_screen import MapScreen
from cxtui.tui.paste import PASTE_END, PASTE_START, PasteFilter, PasteSafeParser
from cxtui.tui.text_view import TextPage
from cxtui.tui.widgets import StatusLine

__all__ = ["map_path"]  # a fixture, imported for pytest

#: Every (spec, key) pair of the contract.
KEY_PAIRS = [(spec, key) for spec in KEYS for key in spec.keys.split(",")]


def status_text(app: CxtuiApp) -> str:
    return app.map_screen.query_one(StatusLine).render().plain


def titles(app: CxtuiApp) -> list[str]:
    return [p.title for p in app.document.map.phases]


def lane_keys(app: CxtuiApp) -> list[str]:
    return [lane.key for lane in app.document.map.lanes]


async def focus(pilot, phase: int, lane: int) -> None:
    """Put the cursor on (phase, lane) without pressing the keys under test."""
    grid(pilot.app).move_to(phase, lane)
    await pilot.pause()
    assert here(pilot.app) == (phase, lane)


# -- the contract itself ---------------------------------------------------------------


def test_every_key_is_bound_on_the_map_screen() -> None:
    bound = {
        key.strip(): binding.action
        for binding in MapScreen.BINDINGS
        for key in binding.key.split(",")  # type: ignore[union-attr]
    }
    for spec, key in KEY_PAIRS:
        if spec.action == "command_palette":
            assert key == CxtuiApp.COMMAND_PALETTE_BINDING
        else:
            assert bound.get(key) == spec.action, key


def test_no_key_is_used_twice() -> None:
    keys = [key for _, key in KEY_PAIRS]
    assert len(keys) == len(set(keys))


# -- every key from one starting point ---------------------------------------------------
#
# The start: sample_map saved to a file, the cursor on phase 2 ("Order", emotion 0) in
# the Thoughts lane, one edit in the undo history (phase 4 renamed "Drink up") and one
# in the redo history (phase 3 renamed "Wait long").

Check = Callable[[CxtuiApp, JourneyMap, Path], None]


def opens(kind: type, value: str | None = None) -> Check:
    """The key opens a `kind` screen (whose Input holds `value`) and changes nothing."""

    def check(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
        assert isinstance(app.screen, kind), app.screen
        assert app.document.map == before
        if value is not None:
            assert app.screen.query_one(Input).value == value

    return check


def moves_to(phase: int, lane: int) -> Check:
    def check(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
        assert isinstance(app.screen, MapScreen)
        assert here(app) == (phase, lane)
        assert app.document.map == before

    return check


def edits(
    condition: Callable[[JourneyMap], bool], at: tuple[int, int] | None = None, screen=MapScreen
) -> Check:
    def check(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
        assert isinstance(app.screen, screen), app.screen
        assert app.document.map != before
        assert condition(app.document.map)
        if at is not None:
            assert here(app) == at

    return check


def saved(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
    assert app.document.map == before
    assert read_map(path) == before
    assert not app.document.modified


def no_conflicts(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
    assert app.document.map == before
    assert "no merge conflicts in this map" in notifications(app)


EXPECTED: dict[str, Check] = {
    "move(-1,0)": moves_to(0, THOUGHTS),
    "move(1,0)": moves_to(2, THOUGHTS),
    "move(0,-1)": moves_to(1, ACTIONS),
    "move(0,1)": moves_to(1, EMOTIONS),
    "first_phase": moves_to(0, THOUGHTS),
    "last_phase": moves_to(3, THOUGHTS),
    "page(-1)": moves_to(0, THOUGHTS),
    "page(1)": moves_to(3, THOUGHTS),
    "next_cell": moves_to(2, THOUGHTS),
    "previous_cell": moves_to(0, THOUGHTS),
    "edit_cell": opens(CellEditor),
    "clear_cell": edits(lambda m: m.phases[1].notes("thoughts") == ()),
    "emotion(1)": edits(lambda m: m.phases[1].emotion == 1),
    "emotion(-1)": edits(lambda m: m.phases[1].emotion == -1),
    "vote": edits(lambda m: len(m.phases[1].voters("thoughts", "Quick #idea")) == 1),
    "undo": edits(lambda m: m.phases[3].title == "Drink"),
    "redo": edits(lambda m: m.phases[2].title == "Wait long"),
    "add_phase(1)": edits(
        lambda m: len(m.phases) == 5 and m.phases[2].title == "New phase", (2, 1), TextPrompt
    ),
    "add_phase(0)": edits(
        lambda m: len(m.phases) == 5 and m.phases[1].title == "New phase", (1, 1), TextPrompt
    ),
    "rename_phase": opens(TextPrompt, "Order"),
    "set_stage": opens(TextPrompt, "Before"),
    "move_phase(-1)": edits(lambda m: m.phases[0].title == "Order", (0, THOUGHTS)),
    "move_phase(1)": edits(lambda m: m.phases[2].title == "Order", (2, THOUGHTS)),
    "delete_phase": edits(
        lambda m: [p.title for p in m.phases] == ["Discover", "Wait", "Drink up"]
    ),
    "add_lane(1)": opens(LaneForm),
    "add_lane(0)": opens(LaneForm),
    "rename_lane": opens(TextPrompt, "Thoughts"),
    "lane_kind": opens(ChoiceDialog),
    "move_lane(-1)": edits(lambda m: m.lanes[0].key == "thoughts", (1, 0)),
    "move_lane(1)": edits(lambda m: m.lanes[2].key == "thoughts", (1, 2)),
    "delete_lane": edits(lambda m: [lane.key for lane in m.lanes] == ["actions", "emotions"]),
    "edit_details": opens(DetailsForm),
    "edit_persona": opens(PersonaForm),
    "edit_scale": opens(ScaleForm),
    "save": saved,
    "save_as": lambda app, before, path: opens(TextPrompt, str(path))(app, before, path),
    "export": opens(ChoiceDialog),
    "conflicts": no_conflicts,  # (a map with some: test_tui_conflicts.py)
    "compare": opens(TextPrompt),
    "quit": opens(QuitDialog),  # there are unsaved changes
    "help": opens(HelpScreen),
    "command_palette": opens(CommandPalette),
}


def test_every_action_has_an_expectation() -> None:
    assert set(EXPECTED) == {spec.action for spec in KEYS}


def start_document(path: Path) -> Document:
    write_map(path, sample_map())
    document = Document(read_map(path), path)
    document.apply(SetPhase(3, "Drink up", None))
    document.apply(SetPhase(2, "Wait long", "During"))
    document.undo()
    return document


async def restart(pilot, path: Path) -> tuple[JourneyMap, bytes]:
    """Back to the start: only the map screen, a fresh document, the cursor on (1, 1)."""
    app = pilot.app
    while len(app.screen_stack) > 1:
        await app.pop_screen()
    document = start_document(path)
    app.document = app.map_screen.document = document
    app.map_screen.refresh_document()
    await focus(pilot, 1, THOUGHTS)
    return document.map, path.read_bytes()


@pytest.mark.parametrize("spec", KEYS, ids=lambda spec: spec.action)
async def test_each_key_does_its_action(spec: KeySpec, tmp_path: Path) -> None:
    path = tmp_path / "coffee.toml"
    app = CxtuiApp(start_document(path), guard=False)
    async with app.run_test(size=SIZE) as pilot:
        for key in spec.keys.split(","):
            before, on_disk = await restart(pilot, path)
            await pilot.press(key)
            await pilot.pause()
            try:
                EXPECTED[spec.action](app, before, path)
            except AssertionError as error:
                raise AssertionError(f"key {key!r}: {error}") from error
            assert app.is_running
            if spec.action != "save":
                assert path.read_bytes() == on_disk


# -- moving ---------------------------------------------------------------------------


async def test_opens_on_the_first_phase_and_lane() -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        assert here(app) == (0, 0)
        assert isinstance(app.focused, MapGrid)
        assert "phase 1/4 Discover" in status_text(app)
        assert "Actions" in status_text(app)


MOVES = [
    # key, start, end
    ("right", (0, 0), (1, 0)),
    ("l", (0, 0), (1, 0)),
    ("right", (3, 1), (3, 1)),  # the last phase: stays
    ("l", (3, 1), (3, 1)),
    ("left", (2, 1), (1, 1)),
    ("h", (2, 1), (1, 1)),
    ("left", (0, 2), (0, 2)),  # the first phase: stays
    ("h", (0, 2), (0, 2)),
    ("down", (1, 0), (1, 1)),
    ("j", (1, 0), (1, 1)),
    ("down", (1, 2), (1, 2)),  # the last lane: stays
    ("j", (1, 2), (1, 2)),
    ("up", (2, 2), (2, 1)),
    ("k", (2, 2), (2, 1)),
    ("up", (2, 0), (2, 0)),  # the first lane: stays
    ("k", (2, 0), (2, 0)),
    ("home", (3, 2), (0, 2)),
    ("home", (0, 1), (0, 1)),
    ("end", (0, 1), (3, 1)),
    ("end", (3, 0), (3, 0)),
]


async def test_moving_keys_and_their_edges() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for key, start, end in MOVES:
            await focus(pilot, *start)
            await pilot.press(key)
            assert here(app) == end, (key, start)
            assert f"phase {end[0] + 1}/4" in status_text(app)
        assert not app.document.can_undo


async def test_arrows_and_vi_keys_walk_the_whole_grid() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "l", "right", "j", "down")
        assert here(app) == (3, 2)
        await pilot.press("h", "left", "k", "h", "up")
        assert here(app) == (0, 0)


def column_visible(app: CxtuiApp) -> bool:
    g = grid(app)
    left = g.phase * g.phase_width
    view = g.size.width - 16
    return g.scroll_x <= left and left + g.phase_width <= g.scroll_x + view


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_page_keys_jump_a_screen_of_phases(size: tuple[int, int]) -> None:
    app = make_app(wide_map(9))
    async with app.run_test(size=size) as pilot:
        await focus(pilot, 0, 1)
        page = grid(app).visible_phases
        assert 1 < page < 9
        expected = 0
        for _ in range(4):
            await pilot.press("pagedown")
            expected = min(8, expected + page)
            assert here(app) == (expected, 1)
            assert column_visible(app)
        assert expected == 8
        for _ in range(4):
            await pilot.press("pageup")
            expected = max(0, expected - page)
            assert here(app) == (expected, 1)
            assert column_visible(app)
        assert expected == 0


async def test_end_scrolls_the_last_phase_into_view() -> None:
    app = make_app(wide_map(9))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        await pilot.pause()
        assert here(app) == (8, 0)
        assert column_visible(app)
        assert grid(app).scroll_x > 0
        await pilot.press("home")
        await pilot.pause()
        assert grid(app).scroll_x == 0


async def test_tab_walks_every_cell_and_wraps_across_lanes() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = [here(app)]
        for _ in range(4 * 3):
            await pilot.press("tab")
            seen.append(here(app))
        assert seen[:6] == [(0, 0), (1, 0), (2, 0), (3, 0), (0, 1), (1, 1)]
        assert seen[-1] == (0, 0)  # from the last cell back to the first
        assert sorted(set(seen)) == [(p, lane) for p in range(4) for lane in range(3)]
        assert isinstance(app.focused, MapGrid)  # Tab never leaves the grid


async def test_shift_tab_walks_back_and_wraps() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab")
        assert here(app) == (3, 2)  # from the first cell to the last
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab")
        assert here(app) == (3, 1)
        await focus(pilot, 2, 1)
        await pilot.press("tab", "shift+tab")
        assert here(app) == (2, 1)


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


# -- help -------------------------------------------------------------------------------------


def help_text(screen: HelpScreen) -> str:
    tables = [w.content for w in screen.query(Static) if isinstance(w.content, Table)]
    assert len(tables) == 1
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(tables[0])
    return out.getvalue()


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_key(key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        screen = await wait_for_screen(pilot, HelpScreen)
        text = help_text(screen)
        lines = text.splitlines()
        for spec in KEYS:
            assert any(spec.display_keys in line and spec.help in line for line in lines), spec


async def test_help_closes_with_escape_q_question_mark_and_f1() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for close in ("escape", "q", "question_mark", "f1"):
            await pilot.press("question_mark")
            await wait_for_screen(pilot, HelpScreen)
            await pilot.press(close)
            await wait_for_screen(pilot, MapScreen)
            assert app.is_running  # q closes the help, it does not quit
            assert isinstance(app.focused, MapGrid)


# -- the command palette ------------------------------------------------------------------------


async def run_from_palette(pilot, name: str) -> None:
    await pilot.press("ctrl+p")
    palette = await wait_for_screen(pilot, CommandPalette)
    await type_text(pilot, name)
    commands = palette.query_one(CommandList)

    def found() -> bool:
        if commands.highlighted is None or commands.option_count == 0:
            return False
        prompt = commands.get_option_at_index(commands.highlighted).prompt
        return str(prompt).startswith(name)

    await wait_until(pilot, found)
    await pilot.press("enter")
    await wait_for_screen(pilot, MapScreen)
    await pilot.pause()


async def test_palette_runs_an_action_by_name() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 1, THOUGHTS)
        await run_from_palette(pilot, "Delete the focused phase")
        assert titles(app) == ["Discover", "Wait", "Drink"]
        await run_from_palette(pilot, "Lower the phase's emotion")
        assert app.document.map.phases[1].emotion == 1  # "Wait" was at 2
        await pilot.press("u", "u")
        assert app.document.map == sample_map()


async def test_palette_lists_every_action() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        commands = list(app.get_system_commands(app.map_screen))
        names = [c.title for c in commands]
        for spec in KEYS:
            if spec.action != "command_palette":
                assert spec.help in names
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)


# -- phases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "index"), [("a", 2), ("i", 1)])
async def test_add_phase_then_name_it(key: str, index: int) -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 1, THOUGHTS)
        await pilot.press(key)
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == "New phase"
        assert here(app) == (index, THOUGHTS)
        await type_text(pilot, "Pay up")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        m = app.document.map
        assert len(m.phases) == 5
        assert m.phases[index] == replace(m.phases[index], title="Pay up", stage="Before")
        assert m.phases[index].cells == {} and m.phases[index].emotion is None
        assert [p for i, p in enumerate(m.phases) if i != index] == list(before.phases)
        # Adding the phase and naming it are one step: u takes back both.
        await pilot.press("u")
        assert app.document.map == before
        await pilot.press("ctrl+y")
        assert app.document.map == m


@pytest.mark.parametrize(("key", "index"), [("a", 4), ("i", 3)])
async def test_add_phase_escape_keeps_new_phase(key: str, index: int) -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", key)
        await wait_for_screen(pilot, TextPrompt)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        m = app.document.map
        assert m.phases[index].title == "New phase"
        assert m.phases[index].stage is None  # "Drink" has no stage
        assert here(app) == (index, 0)
        await pilot.press("u")
        assert app.document.map == before


async def test_rename_phase() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, EMOTIONS)
        await pilot.press("r")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "Queue")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert titles(app) == ["Discover", "Order", "Queue", "Drink"]
        assert app.document.map.phases[2].stage == "During"
        await pilot.press("u")
        assert app.document.map == before


async def test_rename_phase_to_nothing_keeps_the_title() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_for_screen(pilot, TextPrompt)
        await pilot.press("backspace", "enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()
        assert not app.document.can_undo


@pytest.mark.parametrize("key", ["r", "s", "R"])
async def test_a_refused_name_keeps_the_prompt_open_with_the_reason(key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        prompt = await wait_for_screen(pilot, TextPrompt)
        typed = "x" * (MAX_TEXT_CHARS + 1)
        prompt.query_one(Input).value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt
        assert prompt.query_one(Input).value == typed
        reason = str(prompt.query_one("#prompt-error", Label).render())
        assert f"at most {MAX_TEXT_CHARS:,} characters" in reason
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()


async def test_set_stage_and_clear_it() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 3, 0)
        await pilot.press("s")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == ""
        await type_text(pilot, "After")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[3].stage == "After"
        await pilot.press("u")
        assert app.document.map == before
        await focus(pilot, 0, 0)
        await pilot.press("s")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == "Before"
        await pilot.press("backspace", "enter")  # empty: no stage
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[0].stage is None
        assert app.document.map.phases[0].title == "Discover"
        await pilot.press("u")
        assert app.document.map == before


MOVED_PHASES = {
    "less_than_sign": ["Order", "Discover", "Wait", "Drink"],
    "H": ["Order", "Discover", "Wait", "Drink"],
    "greater_than_sign": ["Discover", "Wait", "Order", "Drink"],
    "L": ["Discover", "Wait", "Order", "Drink"],
}


async def test_move_phase_and_focus_follows() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        for key, order in MOVED_PHASES.items():
            await focus(pilot, 1, THOUGHTS)
            await pilot.press(key)
            assert titles(app) == order, key
            assert here(app) == (order.index("Order"), THOUGHTS)
            assert app.document.map.phases[order.index("Order")] == before.phases[1]
            await pilot.press("u")
            assert app.document.map == before


async def test_move_phase_at_the_edge_does_nothing() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for key, start in (("less_than_sign", 0), ("H", 0), ("greater_than_sign", 3), ("L", 3)):
            await focus(pilot, start, 0)
            await pilot.press(key)
            assert app.document.map == sample_map()
            assert here(app) == (start, 0)
        assert not app.document.can_undo


async def test_delete_phase() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 3, THOUGHTS)
        await pilot.press("D")
        assert titles(app) == ["Discover", "Order", "Wait"]
        assert here(app) == (2, THOUGHTS)  # the cursor stays on the map
        assert "deleted phase “Drink” (u undoes it)" in notifications(app)
        await pilot.press("u")
        assert app.document.map == before


async def test_deleting_the_last_phase_is_refused() -> None:
    app = make_app(one_by_one_map())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("D")
        await pilot.pause()
        assert app.document.map == one_by_one_map()
        assert not app.document.can_undo
        assert "a map keeps at least one phase" in notifications(app)


# -- lanes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "index"), [("n", 2), ("N", 1)])
async def test_add_lane(key: str, index: int) -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, THOUGHTS)
        await pilot.press(key)
        form = await wait_for_screen(pilot, LaneForm)
        assert app.focused is form.query_one("#title", Input)
        await type_text(pilot, "Touch points!")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        lane = app.document.map.lanes[index]
        assert (lane.key, lane.title, lane.kind) == ("touch_points", "Touch points!", "text")
        assert len(app.document.map.lanes) == 4
        assert here(app) == (2, index)
        await pilot.press("u")
        assert app.document.map == before


async def test_a_new_lane_key_never_clashes() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_for_screen(pilot, LaneForm)
        await type_text(pilot, "Actions")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert lane_keys(app) == ["actions", "actions_2", "thoughts", "emotions"]


async def test_a_lane_needs_a_title() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = await wait_for_screen(pilot, LaneForm)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        assert "give the lane a title" in str(form.query_one("#form-error", Label).render())
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()


def select_values(select: Select) -> list[object]:
    return [value for _, value in select._options]


async def test_lane_form_offers_emotion_only_without_an_emotion_lane() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = await wait_for_screen(pilot, LaneForm)
        assert select_values(form.query_one("#kind", Select)) == ["text"]

    app = make_app(text_only_map())
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "n")
        form = await wait_for_screen(pilot, LaneForm)
        kind = form.query_one("#kind", Select)
        assert select_values(kind) == ["text", "emotion"]
        await type_text(pilot, "Mood")
        await pilot.press("tab")
        assert app.focused is kind
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert kind.value == "emotion"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MapScreen)
        assert [(la.key, la.kind) for la in app.document.map.lanes] == [
            ("steps", "text"),
            ("feelings", "text"),
            ("mood", "emotion"),
        ]
        await pilot.press("u")
        assert app.document.map == before


async def test_rename_lane() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 3, THOUGHTS)
        await pilot.press("R")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "Thinking")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        lane = app.document.map.lanes[THOUGHTS]
        assert (lane.key, lane.title) == ("thoughts", "Thinking")  # the key stays
        assert "Thinking" in status_text(app)
        await pilot.press("u")
        assert app.document.map == before


async def test_lane_kind_to_emotion_and_back_with_undo() -> None:
    app = make_app(text_only_map())
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 0, 1)
        await pilot.press("c")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert dialog.query_one(OptionList).highlighted == 0  # the current kind: text
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, MapScreen)
        m = app.document.map
        assert m.lanes[1].kind == "emotion"
        assert all(p.notes("feelings") == () for p in m.phases)
        assert any("“Feelings” is now a" in n for n in notifications(app))
        await pilot.press("u")
        assert app.document.map == before


async def test_lane_kind_refuses_a_second_emotion_lane() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 0, THOUGHTS)
        await pilot.press("c")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()
        assert "a map has one emotion lane at most" in notifications(app)


async def test_lane_kind_unchanged_or_cancelled_records_nothing() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 0, EMOTIONS)
        await pilot.press("c")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert dialog.query_one(OptionList).highlighted == 1  # emotion
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        await pilot.press("c")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("up", "escape")
        await wait_for_screen(pilot, MapScreen)
        assert not app.document.can_undo


async def test_move_lane_and_focus_follows() -> None:
    app = make_app()
    before = app.document.map
    cases = [
        ("K", THOUGHTS, ["thoughts", "actions", "emotions"]),
        ("J", THOUGHTS, ["actions", "emotions", "thoughts"]),
        ("K", ACTIONS, ["actions", "thoughts", "emotions"]),  # the top: stays
        ("J", EMOTIONS, ["actions", "thoughts", "emotions"]),  # the bottom: stays
    ]
    async with app.run_test(size=SIZE) as pilot:
        for key, start, order in cases:
            moved = before.lanes[start].key
            await focus(pilot, 2, start)
            await pilot.press(key)
            assert lane_keys(app) == order, (key, start)
            assert here(app) == (2, order.index(moved))
            if order == [lane.key for lane in before.lanes]:
                assert not app.document.can_undo
            else:
                await pilot.press("u")
                assert app.document.map == before


async def test_delete_lane_and_undo_restores_its_notes() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        assert lane_keys(app) == ["thoughts", "emotions"]
        assert all("actions" not in p.cells for p in app.document.map.phases)
        assert "deleted lane “Actions” (u undoes it)" in notifications(app)
        await pilot.press("u")
        assert app.document.map == before
        await focus(pilot, 0, EMOTIONS)
        await pilot.press("X")
        assert lane_keys(app) == ["actions", "thoughts"]
        assert here(app) == (0, 1)
        assert app.document.map.phases[2].emotion == 2  # scores are kept on the phases
        await pilot.press("u")
        assert app.document.map == before


async def test_deleting_the_last_lane_is_refused() -> None:
    app = make_app(one_by_one_map())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        await pilot.pause()
        assert app.document.map == one_by_one_map()
        assert "a map keeps at least one lane" in notifications(app)


# -- the map: details, persona, scale ------------------------------------------------------------


async def test_details_form() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        form = await wait_for_screen(pilot, DetailsForm)
        assert form.query_one("#title", Input).value == "Coffee order"
        assert app.focused is form.query_one("#title", Input)
        await type_text(pilot, "Coffee, future")
        await pilot.press("tab")
        assert app.focused is form.query_one("#kind", Select)
        await pilot.press("enter", "down", "enter")  # current-state -> future-state
        await pilot.press("tab")
        assert app.focused is form.query_one("#description", TextArea)
        await pilot.press("end")
        await type_text(pilot, "\nWith pre-ordering.")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MapScreen)
        m = app.document.map
        assert (m.title, m.kind) == ("Coffee, future", "future-state")
        assert m.description == "How a regular orders a coffee.\nWith pre-ordering."
        assert m.phases == before.phases and m.lanes == before.lanes
        await pilot.press("u")
        assert app.document.map == before


async def test_details_form_escape_changes_nothing() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await wait_for_screen(pilot, DetailsForm)
        await type_text(pilot, "Something else")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()
        assert not app.document.can_undo


async def test_details_form_enter_in_the_title_applies() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await wait_for_screen(pilot, DetailsForm)
        await type_text(pilot, "Tea")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.title == "Tea"


async def test_persona_form_fills_a_new_persona() -> None:
    app = make_app(text_only_map())
    before = app.document.map
    assert before.persona is None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        form = await wait_for_screen(pilot, PersonaForm)
        assert app.focused is form.query_one("#name", Input)
        await type_text(pilot, "Bo")
        await pilot.press("tab")
        await type_text(pilot, "Student")
        await pilot.press("tab")
        await type_text(pilot, "Cheap and warm")
        await pilot.press("tab")
        assert app.focused is form.query_one("#goals", TextArea)
        await type_text(pilot, "Save money\n\nStay warm")
        await pilot.press("tab")
        await type_text(pilot, "Wifi")
        await pilot.press("tab")
        await type_text(pilot, "Noise\nQueues")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.persona == Persona(
            "Bo", "Student", ("Save money", "Stay warm"), ("Wifi",), ("Noise", "Queues"),
            "Cheap and warm",
        )  # fmt: skip
        await pilot.press("u")
        assert app.document.map == before


async def test_persona_form_edits_the_persona() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        form = await wait_for_screen(pilot, PersonaForm)
        assert form.query_one("#role", Input).value == "Regular"
        assert form.query_one("#goals", TextArea).text == "Good coffee"
        await type_text(pilot, "Ada L.")
        await pilot.press("ctrl+o")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.persona == replace(before.persona, name="Ada L.")
        await pilot.press("u")
        assert app.document.map == before


async def test_scale_form_clamps_and_undo_restores() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        form = await wait_for_screen(pilot, ScaleForm)
        assert (form.query_one("#min", Input).value, form.query_one("#max", Input).value) == (
            "-2",
            "2",
        )
        await type_text(pilot, "-1")
        await pilot.press("tab")
        await type_text(pilot, "1")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MapScreen)
        m = app.document.map
        assert m.scale == EmotionScale(-1, 1)
        assert [p.emotion for p in m.phases] == [None, 0, 1, -1]
        await pilot.press("u")
        assert app.document.map == before
        assert [p.emotion for p in app.document.map.phases] == [None, 0, 2, -2]


async def test_scale_form_refuses_a_bad_scale() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        form = await wait_for_screen(pilot, ScaleForm)
        await type_text(pilot, "3")
        await pilot.press("tab")
        await type_text(pilot, "1")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#form-error", Label).render())
        assert "the highest score must be above the lowest" in error
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()


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
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        assert "other.toml exists. Overwrite it?" in dialog.question
        await pilot.press("enter")  # Enter presses the focused button: No
        await wait_for_screen(pilot, MapScreen)
        assert other.read_bytes() == theirs
        assert app.document.path == map_path
        await pilot.press("ctrl+w")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "other.toml")
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert other.read_bytes() == theirs
        await pilot.press("ctrl+w")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "other.toml")
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
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
        for name, answer in ((str(target), "escape"), (str(target), "y")):
            await pilot.press("E")
            await wait_for_screen(pilot, ChoiceDialog)
            await pilot.press(*["down"] * export_formats().index("json"), "enter")
            prompt = await wait_for_screen(pilot, TextPrompt)
            prompt.query_one(Input).value = name
            await pilot.press("enter")
            dialog = await wait_for_screen(pilot, ConfirmDialog)
            assert "exists. Overwrite it?" in dialog.question
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
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()


# -- wording, forms and the footer at 80 columns ---------------------------------------------


async def test_lane_kind_notification_reads_well() -> None:
    app = make_app(text_only_map())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.lanes[0].kind == "emotion"
        assert "“Steps” is now an emotion lane (u undoes it)" in notifications(app)


@pytest.mark.parametrize(
    ("key", "title", "label"), [("m", "Map details", "Title"), ("p", "Persona", "Name")]
)
async def test_a_form_opens_showing_its_title(key: str, title: str, label: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        form = await wait_for_screen(pilot, DetailsForm if key == "m" else PersonaForm)
        await pilot.pause()
        assert form.query_one(VerticalScroll).max_scroll_y > 0  # it does not fit
        shown = screen_text(app)
        assert f"│ {title}" in shown
        assert f"│ {label} " in shown


async def test_a_form_that_fits_shows_its_title() -> None:
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("p")
        await wait_for_screen(pilot, PersonaForm)
        await pilot.pause()
        shown = screen_text(app)
        assert "│ Persona (goals, needs and frustrations: one per line)" in shown
        assert "│ Name " in shown


async def test_the_footer_shows_quit_and_help_at_80_columns() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "q quit" in footer
        assert "? help" in footer


async def test_the_footer_shows_quit_and_help_at_120_columns() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "q quit" in footer
        assert "? help" in footer
        assert "^s save" in footer


# -- forms: the model's limits, and a small terminal -----------------------------------------


async def test_a_lane_title_over_the_limit_keeps_the_form_open_with_the_reason() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = await wait_for_screen(pilot, LaneForm)
        form.query_one("#title", Input).value = "x" * (MAX_TEXT_CHARS + 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "at most" in str(form.query_one("#form-error", Label).render())
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == sample_map()


async def test_a_map_title_over_the_limit_keeps_the_form_open_with_the_reason() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        form = await wait_for_screen(pilot, DetailsForm)
        form.query_one("#title", Input).value = "t" * (MAX_TEXT_CHARS + 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "at most" in str(form.query_one("#form-error", Label).render())


@pytest.mark.parametrize(
    ("key", "form", "title"),
    [
        ("m", DetailsForm, "Map details"),
        ("p", PersonaForm, "Persona"),
        ("S", ScaleForm, "Emotion scale"),
        ("n", LaneForm, "New lane"),
    ],
)
@pytest.mark.parametrize("size", [(80, 24), (80, 20), (120, 50)])
async def test_every_form_shows_its_title_buttons_and_hint(
    key: str, form: type, title: str, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press(key)
        await wait_for_screen(pilot, form)
        await pilot.pause()
        await pilot.pause()
        shown = screen_text(app)
        assert f"│ {title}" in shown
        assert " OK " in shown and " Cancel " in shown
        assert "Tab: next field · ctrl+s or ctrl+o: OK · Esc: cancel" in shown
        # The last field can be reached: it scrolls into view.
        fields = list(app.screen.query("Input, Select, TextArea"))
        fields[-1].focus()
        await pilot.pause()
        await pilot.pause()
        body = app.screen.query_one(VerticalScroll)
        assert fields[-1].region.bottom <= body.region.bottom
        assert " OK " in screen_text(app)


async def test_a_refused_form_shows_its_reason_and_still_its_buttons() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        form = await wait_for_screen(pilot, PersonaForm)
        form.query_one("#name", Input).value = "n" * (MAX_TEXT_CHARS + 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is form
        shown = screen_text(app)
        assert "at most" in shown
        assert " OK " in shown
        assert "Tab: next field" in shown


# -- notifications ------------------------------------------------------------------------------


async def test_pressing_plus_at_the_top_again_and_again_shows_one_toast() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, ACTIONS)  # "Wait" is at the top of the scale
        for _ in range(5):
            await pilot.press("+")
        await pilot.pause()
        message = "already at the top of the scale (+2)"
        assert notifications(app).count(message) == 1
        await pilot.press("-")
        await pilot.press("+", "+")
        await pilot.pause()
        assert notifications(app).count(message) == 1


async def test_a_toast_shows_map_text_as_it_is() -> None:
    """Toasts are never markup: a lane called "[b]Feel[/b]" is shown as it is called."""
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await focus(pilot, 0, THOUGHTS)
        await pilot.press("R")
        await wait_for_screen(pilot, TextPrompt)
        pilot.app.screen.query_one(Input).value = "[b]Feel[/b]"
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        await pilot.press("X")
        await pilot.pause()
        assert "deleted lane “[b]Feel[/b]” (u undoes it)" in notifications(app)
        assert "deleted lane “[b]Feel[/b]” (u undoes it)" in screen_text(app)


# -- pasting ------------------------------------------------------------------------------------


async def test_a_paste_into_the_cell_editor_drops_control_characters() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, THOUGHTS)  # an empty cell
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, CellEditor)
        area = editor.query_one(TextArea)
        # As the terminal driver sends it: to the app, which gives it to the focused widget.
        app.post_message(events.Paste("\x1b[31mred\x1b[0m\tnote\x07\r\nsecond\x1b]0;title\x07\n"))
        await pilot.pause()
        assert area.text == "[31mred[0m note\nsecond]0;title\n"
        assert not any(c in area.text for c in "\x1b\x07\t\r")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[2].notes("thoughts") == ("[31mred[0m note", "second]0;title")


async def test_a_paste_replaces_the_selection() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, CellEditor)
        area = editor.query_one(TextArea)
        area.select_all()
        app.post_message(events.Paste("one\x00\ntwo"))
        await pilot.pause()
        assert area.text == "one\ntwo"
        assert area.cursor_location == (1, 3)


async def test_a_paste_into_a_prompt_drops_control_characters() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        prompt = await wait_for_screen(pilot, TextPrompt)
        field = prompt.query_one(Input)
        field.value = ""
        app.post_message(events.Paste("Z\x07Q\x9b2JW\x01V\nnext"))
        await pilot.pause()
        assert field.value == "ZQ2JWV next"


async def test_a_paste_into_a_form_field_drops_control_characters() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        form = await wait_for_screen(pilot, PersonaForm)
        name = form.query_one("#name", Input)
        name.focus()
        name.value = ""
        await pilot.pause()
        app.post_message(events.Paste("Ada\x1b]0;pwned\x07"))
        await pilot.pause()
        assert name.value == "Ada]0;pwned"
        goals = form.query_one("#goals", TextArea)
        goals.focus()
        goals.text = ""
        await pilot.pause()
        app.post_message(events.Paste("fast\x1b[2J\nwarm\x07"))
        await pilot.pause()
        assert goals.text == "fast[2J\nwarm"


async def test_deleting_the_middle_of_a_family_emoji_in_a_prompt_does_not_crash() -> None:
    """Backspace over 👩 in 👨‍👩‍👧 leaves two joiners side by side, which Rich 15 crashed
    on when it cut the field's line; the field drops them as it takes the value."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    journey = sample_map()
    phase = replace(journey.phases[0], title=family + "x" * 80)
    app = make_app(replace(journey, phases=(phase, *journey.phases[1:])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        prompt = await wait_for_screen(pilot, TextPrompt)
        await pilot.press("home", "right", "right", "right", "backspace", "left", "left")
        await pilot.pause()
        value = prompt.query_one(Input).value
        assert value == "\U0001f468\U0001f467" + "x" * 80
        assert app.is_running


# -- pasting in a real terminal: ESC inside a bracketed paste -------------------------------

PASTED = "red\x1b[31mtext\x1b[0m\tafter\nsecond\x07 and\x11 ctrl+q\x1b"
TYPED = "ab\x1b" + PASTE_START + PASTED + PASTE_END + "\x1b[Az"


def test_the_paste_filter_drops_esc_only_inside_pastes_however_the_input_is_cut() -> None:
    expected = "ab\x1b" + PASTE_START + PASTED.replace("\x1b", "") + PASTE_END + "\x1b[Az"
    for first in range(len(TYPED) + 1):
        for second in range(first, len(TYPED) + 1, 3):
            pieces = [TYPED[:first], TYPED[first:second], TYPED[second:]]
            paste_filter = PasteFilter()
            assert "".join(paste_filter(piece) for piece in pieces) == expected, pieces
            assert not paste_filter.pasting


def test_a_lone_escape_key_is_never_held_back() -> None:
    paste_filter = PasteFilter()
    assert paste_filter("\x1b") == "\x1b"
    assert paste_filter("[") == "["


def test_the_terminal_parser_gives_a_paste_with_esc_as_one_paste() -> None:
    parser = PasteSafeParser()
    found = [
        event for piece in (TYPED[:7], TYPED[7:30], TYPED[30:]) for event in parser.feed(piece)
    ]
    pastes = [event for event in found if isinstance(event, events.Paste)]
    keys = [event.key for event in found if isinstance(event, events.Key)]
    assert [paste.text for paste in pastes] == [PASTED.replace("\x1b", "")]
    assert keys == ["a", "b", "escape", "up", "z"]  # nothing of the paste became a key


@pytest.mark.parametrize("held", ["\x1b[20", "\x1b\x1b"], ids=["end-marker-start", "only-esc"])
def test_a_read_that_the_filter_holds_back_whole_does_not_end_the_input(held: str) -> None:
    parser = PasteSafeParser()
    found = [*parser.feed(PASTE_START + "hi"), *parser.feed(held)]
    found += [*parser.feed("1~" if held == "\x1b[20" else PASTE_END), *parser.feed("j")]
    assert [event.text for event in found if isinstance(event, events.Paste)] == ["hi"]
    assert [event.key for event in found if isinstance(event, events.Key)] == ["j"]


def test_the_editor_reads_the_terminal_with_the_paste_safe_parser() -> None:
    from textual.drivers import linux_driver

    CxtuiApp(Document(sample_map()), guard=False)
    assert vars(linux_driver)["XTermParser"] is PasteSafeParser


# -- outside changes ------------------------------------------------------------------------


def flat_text(app: CxtuiApp) -> str:
    """The words of the top screen's labels and buttons, in one line (a dialog's
    sentences wrap on the screen)."""
    parts = [str(widget.render()) for widget in app.screen.query("Label, Button")]
    return " ".join(" ".join(parts).split())


async def test_declining_a_reload_keeps_ctrl_s_from_overwriting_the_file(map_path: Path) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=SIZE) as pilot:
        theirs = dumps(sample_map("Their title"))
        map_path.write_text(theirs, encoding="utf-8")
        later = map_path.stat().st_mtime + 5
        os.utime(map_path, (later, later))
        app.guard_tick()
        await wait_until(pilot, lambda: bool(app.screen.query("#reload-dialog")))
        await pilot.pause()
        assert "Esc: keep mine" in flat_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        app.guard_tick()  # not offered again for the same change
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
        app.guard_tick()
        await pilot.pause()
        assert isinstance(app.screen, CellEditor)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[0].notes("actions")[-1].endswith("r typed")
        app.guard_tick()  # edits now: the change waits for ctrl+s, which asks
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)


async def test_a_new_outside_change_after_declining_is_offered_again(map_path: Path) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=SIZE) as pilot:
        for n, title in enumerate(("First", "Second")):
            map_path.write_text(dumps(sample_map(title)), encoding="utf-8")
            later = map_path.stat().st_mtime + 5 * (n + 1)
            os.utime(map_path, (later, later))
            app.guard_tick()
            await wait_until(pilot, lambda: bool(app.screen.query("#reload-dialog")))
            await pilot.press("k")
            await wait_for_screen(pilot, MapScreen)


# -- limits: a refused edit is a message, never a crash ----------------------------------------


async def test_a_lane_past_the_most_lanes_is_refused_with_a_message() -> None:
    lanes = tuple(Lane(f"lane_{n}", f"Lane {n}") for n in range(MAX_LANES))
    journey = JourneyMap("Full", lanes=lanes, phases=(Phase("Only"),))
    app = make_app(journey)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_for_screen(pilot, LaneForm)
        await type_text(pilot, "One more")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MapScreen)
        await pilot.pause()
        assert app.document.map == journey
        assert not app.document.can_undo
        assert any(f"at most {MAX_LANES} lanes" in message for message in notifications(app))


async def test_the_cell_editor_stays_open_when_a_note_is_too_long() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, THOUGHTS)
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, CellEditor)
        area = editor.query_one(TextArea)
        area.load_text("short\n" + "y" * (MAX_TEXT_CHARS + 1))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor  # nothing typed is lost
        error = editor.query_one("#cell-error", Label)
        assert error.display
        assert "at most" in str(error.render())
        assert app.document.map == sample_map()
        await pilot.press("ctrl+q")  # quitting would lose the text too: it stays open
        await pilot.pause()
        assert app.screen is editor
        area.load_text("short\nshorter")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[2].notes("thoughts") == ("short", "shorter")


async def test_the_cell_editor_gives_its_notes_without_blank_lines() -> None:
    """The model keeps notes exactly as given: the editor drops the blank lines itself."""
    app = make_app()
    results: list[list[str] | None] = []
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CellEditor("Heading", ()), results.append)
        editor = await wait_for_screen(pilot, CellEditor)
        await pilot.pause()
        editor.query_one(TextArea).load_text("\n\n  first  \n\n \t\nsecond\n\n")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
    assert results == [["first", "second"]]


async def test_a_map_too_large_to_open_again_is_not_saved(map_path: Path) -> None:
    on_disk = map_path.read_bytes()
    # 500 notes of 4,500 characters: each within the limits, the file over 2 MB.
    big = (
        sample_map()
        .phases[0]
        .with_notes("actions", tuple(f"{n} " + "z" * 4500 for n in range(500)))
    )
    journey = replace(sample_map(), phases=(big, *sample_map().phases[1:]))
    app = make_app(journey, map_path)
    app.document.disk = DiskState.of(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "x")  # an edit, so there is something to save
        assert app.document.modified
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(app.screen.query("#save-refused-dialog")))
        assert "bytes" in screen_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.modified  # the edits are all still there
        assert app.document.map.phases[0].notes("actions") == big.notes("actions")
    assert map_path.read_bytes() == on_disk


async def test_a_map_whose_file_would_not_load_back_is_neither_saved_nor_copied(
    map_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_disk = map_path.read_bytes()
    copy = recovery_path(map_path)
    app = make_app(sample_map(), map_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        app.write_recovery_copy()  # a sound map: copied
        sound_copy = copy.read_bytes()

        def refuse(text: str, source: str = "<map>") -> JourneyMap:
            raise MapFileError([Problem(3, 1, "the reader disagrees", source)])

        monkeypatch.setattr("cxtui.fileformat.loads", refuse)
        await pilot.press("l", "x")
        await pilot.pause()
        app.write_recovery_copy()
        await pilot.pause()
        assert copy.read_bytes() == sound_copy  # the last sound copy stays
        assert any("the reader disagrees" in message for message in notifications(app))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(app.screen.query("#save-refused-dialog")))
        assert "the reader disagrees" in screen_text(app)
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.modified
    assert map_path.read_bytes() == on_disk


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
        app.write_recovery_copy()
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
        app.write_recovery_copy()
        assert recovery_path(map_path).exists()
        await pilot.press("u")
        await pilot.pause()
        if ending == "guard":
            app.guard_tick()
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
        app.write_recovery_copy()
        assert read_map(copy) == app.document.map
