"""Forms and the model's limits: wording, small terminals, refused edits shown as messages.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, TextArea
from tui_helpers import (
    SIZE,
    THOUGHTS,
    focus,
    make_app,
    notifications,
    sample_map,
    screen_text,
    text_only_map,
    type_text,
    wait_for_screen,
    wait_until,
)

from cxtui.document import DiskState
from cxtui.fileformat import MapFileError, Problem
from cxtui.limits import MAX_LANES, MAX_TEXT_CHARS
from cxtui.model import JourneyMap, Lane, Phase
from cxtui.recovery import recovery_path
from cxtui.tui.dialogs.cell_editor import CellEditor
from cxtui.tui.dialogs.forms import DetailsForm, LaneForm, PersonaForm, ScaleForm
from cxtui.tui.dialogs.prompts import ChoiceDialog
from cxtui.tui.screens.map_screen import MapScreen

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
        body = app.screen.query_one(VerticalScroll)
        # (It scrolls after a refresh or two: later on a busy machine.)
        await wait_until(pilot, lambda: fields[-1].region.bottom <= body.region.bottom)
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
        app.map_screen.guard.write_recovery_copy()  # a sound map: copied
        sound_copy = copy.read_bytes()

        def refuse(text: str, source: str = "<map>") -> JourneyMap:
            raise MapFileError([Problem(3, 1, "the reader disagrees", source)])

        monkeypatch.setattr("cxtui.fileformat.loads", refuse)
        await pilot.press("l", "x")
        await pilot.pause()
        app.map_screen.guard.write_recovery_copy()
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
