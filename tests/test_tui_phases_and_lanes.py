"""The map's structure: adding, renaming, moving and deleting phases and lanes; the
map's details, persona and scale.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import Input, Label, OptionList, Select, TextArea
from tui_helpers import (
    ACTIONS,
    EMOTIONS,
    SIZE,
    THOUGHTS,
    focus,
    here,
    lane_keys,
    make_app,
    notifications,
    one_by_one_map,
    sample_map,
    status_text,
    text_only_map,
    titles,
    type_text,
    wait_for_screen,
)

from cxtui.limits import MAX_TEXT_CHARS
from cxtui.model import LANE_ROLES, EmotionScale, Persona
from cxtui.tui.dialogs.forms import DetailsForm, LaneForm, PersonaForm, ScaleForm
from cxtui.tui.dialogs.prompts import ChoiceDialog, TextPrompt
from cxtui.tui.screens.map_screen import MapScreen

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


async def test_lane_role_is_chosen_from_the_list_and_undone() -> None:
    app = make_app()
    before = app.document.map
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 0, THOUGHTS)
        await pilot.press("o")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        options = dialog.query_one(OptionList)
        assert options.highlighted == LANE_ROLES.index(before.lanes[THOUGHTS].role)
        options.highlighted = LANE_ROLES.index("pain_points")
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.lanes[THOUGHTS].role == "pain_points"
        assert app.document.map.lanes[THOUGHTS].title == before.lanes[THOUGHTS].title
        assert any("now holds pain_points" in n for n in notifications(app))
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
