"""The key table itself: every key of cxtui/tui/keys.py does its action from one starting
point, and help and the command palette list them.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static
from tui_helpers import (
    ACTIONS,
    EMOTIONS,
    KEY_PAIRS,
    SIZE,
    THOUGHTS,
    Check,
    edits,
    focus,
    here,
    make_app,
    notifications,
    sample_map,
    saved,
    shows,
    titles,
    type_text,
    wait_for_screen,
    wait_until,
    write_map,
)

from cxtui.document import Document
from cxtui.fileformat import read_map
from cxtui.model import JourneyMap, SetPhase
from cxtui.tui.app import CxtuiApp
from cxtui.tui.dialogs.cell_editor import CellEditor
from cxtui.tui.dialogs.forms import DetailsForm, LaneForm, PersonaForm, ScaleForm
from cxtui.tui.dialogs.prompts import ChoiceDialog, QuitDialog, TextPrompt
from cxtui.tui.dialogs.tags import TagsDialog
from cxtui.tui.keys import KEYS, KeySpec
from cxtui.tui.screens.draft import DraftScreen
from cxtui.tui.screens.help import HelpScreen
from cxtui.tui.screens.history import HistoryScreen
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.screens.phase_reader import PhaseReader
from cxtui.tui.widgets.grid import MapGrid
from cxtui.tui.widgets.insights_panel import InsightsPanel

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


def no_conflicts(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
    assert app.document.map == before
    assert "no merge conflicts in this map" in notifications(app)


def shows_every_note(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
    """Escape with no tag filter on: the map as it was, every note shown."""
    assert isinstance(app.screen, MapScreen)
    assert app.screen.tag_filter is None
    assert app.document.map == before


def unchanged_with_notice(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
    """The key says why it does nothing here (the sample map has no links)."""
    assert isinstance(app.screen, MapScreen)
    assert app.document.map == before
    assert notifications(app)


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
    "toggle_density": shows("compact"),
    "widen_phase": shows("wide"),
    "show_all_notes": shows_every_note,  # (with a tag filter on: test_tui_tags.py)
    "edit_cell": opens(CellEditor),
    "clear_cell": edits(lambda m: m.phases[1].notes("thoughts") == ()),
    "emotion(1)": edits(lambda m: m.phases[1].emotion == 1),
    "emotion(-1)": edits(lambda m: m.phases[1].emotion == -1),
    "vote": edits(lambda m: len(m.phases[1].voters("thoughts", "Quick #idea")) == 1),
    "toggle_mark('fail')": edits(
        lambda m: m.phases[1].marks_of("thoughts", "Quick #idea") == ("fail",)
    ),
    "toggle_mark('wait')": edits(
        lambda m: m.phases[1].marks_of("thoughts", "Quick #idea") == ("wait",)
    ),
    "judge_touchpoint": edits(
        lambda m: m.phases[1].marks_of("thoughts", "Quick #idea") == ("works",)
    ),
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
    "rename_stage": opens(TextPrompt, "Before"),
    "move_phase(-1)": edits(lambda m: m.phases[0].title == "Order", (0, THOUGHTS)),
    "move_phase(1)": edits(lambda m: m.phases[2].title == "Order", (2, THOUGHTS)),
    "delete_phase": edits(
        lambda m: [p.title for p in m.phases] == ["Discover", "Wait", "Drink up"]
    ),
    "add_lane(1)": opens(LaneForm),
    "add_lane(0)": opens(LaneForm),
    "rename_lane": opens(TextPrompt, "Thoughts"),
    "lane_kind": opens(ChoiceDialog),
    "lane_role": opens(ChoiceDialog),
    "move_lane(-1)": edits(lambda m: m.lanes[0].key == "thoughts", (1, 0)),
    "move_lane(1)": edits(lambda m: m.lanes[2].key == "thoughts", (1, 2)),
    "delete_lane": edits(lambda m: [lane.key for lane in m.lanes] == ["actions", "emotions"]),
    "edit_details": opens(DetailsForm),
    "edit_persona": opens(PersonaForm),
    "edit_scale": opens(ScaleForm),
    "tags": opens(TagsDialog),
    "toggle_insights": lambda app, before, path: _insights_shown(app, before),
    "next_finding(1)": moves_to(3, EMOTIONS),  # the first finding: the lowest, phase 4
    "next_finding(-1)": moves_to(0, EMOTIONS),  # the last: phase 1 is unrated
    "draft": opens(DraftScreen),
    "search_maps": opens(TextPrompt, ""),
    "follow_link": unchanged_with_notice,
    "go_back": unchanged_with_notice,
    "read_phase": opens(PhaseReader),
    "save": saved,
    "save_as": lambda app, before, path: opens(TextPrompt, str(path))(app, before, path),
    "export": opens(ChoiceDialog),
    "conflicts": no_conflicts,  # (a map with some: test_tui_conflicts.py)
    "compare": opens(TextPrompt),
    "history": opens(HistoryScreen),  # (its list from git: test_tui_history.py)
    "quit": opens(QuitDialog),  # there are unsaved changes
    "help": opens(HelpScreen),
    "command_palette": opens(CommandPalette),
}


def _insights_shown(app: CxtuiApp, before: JourneyMap) -> None:
    assert app.screen.query_one(InsightsPanel).shown
    assert app.document.map == before


def test_every_action_has_an_expectation() -> None:
    assert set(EXPECTED) == {spec.action for spec in KEYS}


def start_document(path: Path) -> Document:
    write_map(path, sample_map())
    document = Document(read_map(path), path)
    give_history(document)
    return document


def give_history(document: Document) -> None:
    """A step to undo and one to redo."""
    document.apply(SetPhase(3, "Drink up", None))
    document.apply(SetPhase(2, "Wait long", "During"))
    document.undo()


async def restart(pilot, path: Path) -> tuple[JourneyMap, bytes]:
    """Back to the start: only the map screen, a fresh document, the cursor on (1, 1)."""
    app = pilot.app
    while len(app.screen_stack) > 1:
        await app.pop_screen()
    document = app.document
    write_map(path, sample_map())
    document.mark_loaded(read_map(path))
    give_history(document)
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
