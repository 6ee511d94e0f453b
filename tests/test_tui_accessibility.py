"""The editor for people who use a screen reader or their terminal's own colours.

`v` shows the focused phase linearly (plain lines, scores in words), and the editor works
under Textual's ANSI themes (the terminal's palette) with nothing told by colour alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from rich.color import ColorType
from rich.segment import Segment
from tui_helpers import SIZE, grid, here, make_app, screen_text, wait_for_screen, wait_until

from cxtui import render
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.screens.phase_reader import PhaseReader

DRAWING = re.compile("[\u2500-\u259f\u00b7\u25cf\u2508]")


@pytest.fixture(autouse=True)
def rgb_emotions_afterwards() -> Iterator[None]:
    """A theme test leaves `cxtui.render` drawing RGB again, pass or fail."""
    yield
    render.use_terminal_palette(False)


def reader_text(screen: PhaseReader) -> str:
    return str(screen.query_one("#phase-reader-body").render())


async def test_v_reads_the_focused_phase_linearly() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "v")
        screen = await wait_for_screen(pilot, PhaseReader)
        assert isinstance(screen, PhaseReader)
        text = reader_text(screen)
        assert text.startswith(
            "Phase 2 of 4: Order. Stage: Before (phases 1 to 2). "
            "Emotion: 0, on a scale from minus 2 to plus 2."
        )
        assert "\nActions:\n  Opens the app\n" in text
        assert "\nThoughts:\n  Quick (tag idea)\n" in text
        assert "Lowest point: minus 2, at phase 4 (Drink)." in text
        # what the screen shows is the phase alone: no grid, no box drawing, no glyphs
        shown = screen_text(app)
        assert "Phase 2 of 4: Order." in shown
        assert not DRAWING.search(shown), DRAWING.findall(shown)

        await pilot.press("right")
        assert reader_text(screen).startswith("Phase 3 of 4: Wait. Stage: During (phase 3).")
        await pilot.press("right", "right")  # past the last phase: stays on it
        assert reader_text(screen).startswith("Phase 4 of 4: Drink. Emotion: minus 2")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert here(app)[0] == 3  # the cursor follows the phase last read
        assert app.document.map == make_app().document.map  # nothing changed


@pytest.mark.parametrize("close", ["escape", "q", "v"])
async def test_the_reader_closes_with_escape_q_and_v(close: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await wait_for_screen(pilot, PhaseReader)
        await pilot.press(close)
        await wait_for_screen(pilot, MapScreen)
        assert app.is_running


def point_colours(app: object) -> set[ColorType]:
    """The colour types of the emotion points (●) the grid draws."""
    g = grid(app)  # type: ignore[arg-type]
    found: set[ColorType] = set()
    for y in range(g.size.height):
        for segment in g.render_line(y):
            assert isinstance(segment, Segment)
            if "●" in segment.text and segment.style and segment.style.color:
                found.add(segment.style.color.type)
    return found


async def test_ansi_theme_draws_emotions_in_the_terminals_own_colours() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "ansi-dark"
        await wait_until(pilot, lambda: point_colours(app) == {ColorType.STANDARD})
        assert render.emotion_colour(-2, app.document.map.scale) == "red"
        app.theme = "textual-dark"
        await wait_until(pilot, lambda: point_colours(app) == {ColorType.TRUECOLOR})


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light", "textual-dark"])
async def test_the_cursor_is_not_told_by_colour_alone(theme: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await pilot.press("right", "down")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        # a bar marks every line of the focused cell, and only those
        marked = [line for line in lines if "▌" in line]
        assert marked and all("▌" not in line for line in lines if line not in marked)
        column = {line.index("▌") for line in marked}
        assert len(column) == 1
        assert any("▌• Quick" in line for line in marked)  # phase 2, the Thoughts lane
        # and the status line says where the cursor is, in words
        assert "phase 2/4 Order" in lines[-2] and "Thoughts" in lines[-2]
        # every emotion has its number beside its colour
        assert all(score in screen_text(app) for score in ("+2", "-2", " 0"))
