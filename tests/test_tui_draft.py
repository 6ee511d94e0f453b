"""Draft mode (d): the whole map as an outline, applied with ctrl+s as one step."""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.widgets import Static, TextArea
from tui_helpers import (
    SIZE,
    THOUGHTS,
    focus,
    here,
    make_app,
    sample_map,
    tap,
    type_text,
    wait_for_screen,
)

from cxtui.interchange import outline
from cxtui.model import Phase
from cxtui.tui.dialogs.prompts import ConfirmDialog, QuitDialog
from cxtui.tui.screens.draft import DraftScreen
from cxtui.tui.screens.map_screen import MapScreen


async def open_draft(pilot) -> DraftScreen:  # type: ignore[no-untyped-def]
    await pilot.press("d")
    screen = await wait_for_screen(pilot, DraftScreen)
    assert isinstance(screen, DraftScreen)
    return screen


async def test_d_shows_the_map_as_an_outline_at_the_focused_phase() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, THOUGHTS)
        draft = await open_draft(pilot)
        area = draft.query_one(TextArea)
        assert area.text == outline.dumps(sample_map())
        assert app.focused is area
        row = area.cursor_location[0]
        assert area.document.get_line(row) == "## Wait (+2)"


async def test_ctrl_s_applies_the_draft_as_one_step_at_the_phase_written() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        draft = await open_draft(pilot)
        area = draft.query_one(TextArea)
        area.move_cursor(area.document.end)
        await type_text(pilot, "\n## Pays (-1)\n- Taps the card\n- thoughts: Pricey\n")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MapScreen)
        m = app.document.map
        assert m.phases[: len(before.phases)] == before.phases  # (their ids kept too)
        assert replace(m.phases[-1], id="") == Phase(
            "Pays", None, -1, {"actions": ("Taps the card",), "thoughts": ("Pricey",)}
        )
        assert m.phases[-1].id not in {p.id for p in before.phases}
        assert len(m.phases) == len(before.phases) + 1
        assert (m.title, m.lanes, m.persona, m.description) == (
            before.title, before.lanes, before.persona, before.description,
        )  # fmt: skip
        assert here(app)[0] == 4
        await pilot.press("u")
        assert app.document.map == before
        assert not app.document.can_undo


async def test_problems_keep_the_draft_open_with_the_text_and_the_cursor_on_the_line() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        draft = await open_draft(pilot)
        area = draft.query_one(TextArea)
        area.move_cursor(area.document.end)
        await type_text(pilot, "\n## Leaves (+9)\n- emotions: sad")
        written = area.text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is draft
        assert area.text == written
        lines = written.splitlines()
        heading = lines.index("## Leaves (+9)") + 1
        shown = str(draft.query_one("#draft-problems", Static).render())
        assert f"line {heading}, column 12: score 9 is outside the scale" in shown
        assert f"line {heading + 1}, column 3: 'emotions' is the emotion lane" in shown
        assert area.cursor_location[0] == heading - 1
        assert app.document.map == before


async def test_escape_leaves_at_once_when_nothing_changed() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert not app.document.can_undo


async def test_escape_asks_before_dropping_changes() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        draft = await open_draft(pilot)
        await tap(pilot, "x", "y", "z")
        changed = draft.query_one(TextArea).text
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("n")  # keep writing
        await wait_for_screen(pilot, DraftScreen)
        assert draft.query_one(TextArea).text == changed
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == before


async def test_pasting_an_outline_changes_nothing_until_applied() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        draft = await open_draft(pilot)
        area = draft.query_one(TextArea)
        area.select_all()
        notes = "# Coffee order\n\n## Queue (😞)\n- pain: slow\n\n## Drink 🙂\n- Sips\n"
        area.post_message(events.Paste(notes))
        await pilot.pause()
        assert area.text == notes
        assert app.document.map == before
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MapScreen)
        m = app.document.map
        assert [(p.title, p.emotion) for p in m.phases] == [("Queue", -2), ("Drink", 1)]
        # `pain:` names a role the map has no lane for: the lane comes with the draft.
        assert [lane.key for lane in m.lanes] == ["actions", "thoughts", "pain_points", "emotions"]
        assert m.phases[0].cells == {"pain_points": ("slow",)}
        await pilot.press("u")
        assert app.document.map == before


async def test_ctrl_q_in_the_draft_applies_it_then_asks_to_quit() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        draft = await open_draft(pilot)
        area = draft.query_one(TextArea)
        area.move_cursor(area.document.end)
        await type_text(pilot, "\n## Leaves\n")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, QuitDialog)
        assert app.document.map.phases[-1].title == "Leaves"
        assert app.document.modified
