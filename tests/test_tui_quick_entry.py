"""Faster entry in the grid: several phases from one prompt, and lane prefixes in the
cell editor that send a line to another lane of the same phase."""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.widgets import Input
from tui_helpers import (
    ACTIONS,
    SIZE,
    focus,
    here,
    make_app,
    notifications,
    sample_map,
    titles,
    type_text,
    wait_for_screen,
    wait_until,
)

from cxtui.tui.dialogs.cell_editor import CellEditor
from cxtui.tui.dialogs.phase_titles import PhaseTitlesPrompt
from cxtui.tui.screens.map_screen import MapScreen


async def test_a_paste_of_several_lines_adds_a_phase_for_each_in_one_step() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 1, ACTIONS)
        await pilot.press("a")
        prompt = await wait_for_screen(pilot, PhaseTitlesPrompt)
        prompt.query_one(Input).post_message(events.Paste("Pays\n\n  Waits for a table \nSits"))
        await wait_for_screen(pilot, MapScreen)
        assert titles(app) == [
            "Discover",
            "Order",
            "Pays",
            "Waits for a table",
            "Sits",
            "Wait",
            "Drink",
        ]
        assert {p.stage for p in app.document.map.phases[2:5]} == {"Before"}
        assert here(app) == (4, ACTIONS)
        await wait_until(pilot, lambda: "added 3 phases (u undoes them)" in notifications(app))
        await pilot.press("u")
        assert app.document.map == before


async def test_typing_one_title_still_adds_one_phase() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await wait_for_screen(pilot, PhaseTitlesPrompt)
        await type_text(pilot, "Pays\n")
        await wait_for_screen(pilot, MapScreen)
        assert titles(app) == ["Discover", "Pays", "Order", "Wait", "Drink"]


async def test_a_lane_prefix_in_the_cell_editor_sends_the_line_to_that_lane() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for_screen(pilot, CellEditor)
        await type_text(pilot, "\nthoughts: Will it be busy?\nNote: asks twice\nActions: Leaves")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        phase = app.document.map.phases[0]
        assert phase.notes("actions") == (
            "Sees an ad",
            "Asks a friend",
            "Note: asks twice",
            "Leaves",
        )
        assert phase.notes("thoughts") == ("Is it good?", "Will it be busy?")
        await wait_until(pilot, lambda: "also added to Thoughts" in notifications(app))
        await pilot.press("u")
        assert app.document.map == before


async def test_a_note_the_cell_held_keeps_its_prefix() -> None:
    m = sample_map()
    first = replace(m.phases[0], cells={"actions": ("Thoughts: kept here",)})
    app = make_app(replace(m, phases=(first, *m.phases[1:])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for_screen(pilot, CellEditor)
        await type_text(pilot, "\nthoughts: moved")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        phase = app.document.map.phases[0]
        assert phase.cells == {"actions": ("Thoughts: kept here",), "thoughts": ("moved",)}
