"""SVG snapshots of the editor's screens (pytest-textual-snapshot).

The map is built in code and its file name is fixed, so the pictures never change
unless the editor's look does. After a deliberate change of the look, regenerate them
with `pytest tests/test_tui_snapshots.py --snapshot-update` and look at the new SVGs.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from tui_helpers import sample_map

from cxtui.config import Settings
from cxtui.document import Document
from cxtui.model import JourneyMap, Lane, Persona, Phase
from cxtui.tui.app import CxtuiApp
from cxtui.tui.compat import forget_drawn_lines

#: A file that never exists: the status line shows its name, nothing is read or written.
NO_FILE = Path("/nonexistent-cxtui-snapshots/coffee.toml")


#: Settings of a made-up person (the help screen shows the name and the config's path).
SETTINGS = Settings(Path("/home/ann/.config/cxtui/config.toml"), user="Ann")


def snapshot_app() -> CxtuiApp:
    return CxtuiApp(Document(sample_map(), NO_FILE), guard=False, settings=SETTINGS)


def keys(*pressed: str) -> Callable[[Pilot[object]], Awaitable[None]]:
    """Press `pressed`, then stop the text cursors blinking (a blinking cursor is
    sometimes on and sometimes off when the picture is taken)."""

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.press(*pressed)
        await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
            if isinstance(widget, TextArea):
                # Its line cache may still hold the cursor's line as drawn while it
                # blinked off (the cache key does not tell "off" from "not blinking").
                forget_drawn_lines(widget)
            widget.refresh()
        await pilot.pause()

    return run_before


def test_main_screen_80x24(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(80, 24))


def test_main_screen_120x36(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(120, 36))


def test_cursor_on_the_emotion_lane(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=keys("l", "j", "j"))


def test_cell_editor(snap_compare) -> None:
    # "Discover · Actions" with its two notes, the cursor at the end
    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=keys("enter"))


def test_quit_dialog(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=keys("plus", "q"))


def test_help_screen(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(100, 40), run_before=keys("question_mark"))


def test_persona_form(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(100, 36), run_before=keys("p"))


def test_terminal_too_small(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(36, 9))


def test_insights_panel_80x24(snap_compare) -> None:
    # the panel under the grid, the cursor taken to the first finding (the lowest point)
    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=keys("f"))


def test_insights_panel_120x36(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(120, 36), run_before=keys("I"))


def long_map(phases: int, per_stage: int) -> CxtuiApp:
    """`phases` phases in stages of `per_stage`, their scores rising and falling."""
    lanes = (Lane("actions", "Actions"), Lane("emotions", "Emotions", "emotion"))
    journey = JourneyMap(
        "Long journey",
        persona=Persona("Ada", "Regular"),
        lanes=lanes,
        phases=tuple(
            Phase(
                f"Phase {i + 1}",
                f"Stage {i // per_stage + 1}",
                None if i % 13 == 12 else round(2 * math.sin(i / 12)),
                {"actions": (f"Step {i + 1}",)},
            )
            for i in range(phases)
        ),
    )
    return CxtuiApp(Document(journey, NO_FILE), guard=False, settings=SETTINGS)


def test_the_header_summarises_the_curve_of_300_phases(snap_compare) -> None:
    assert snap_compare(long_map(300, 5), terminal_size=(120, 36))


def test_a_stage_cut_on_the_left_keeps_its_name(snap_compare) -> None:
    # phase 5 starts stage 2 (of 4 phases): after nine moves right its column is cut on the
    # left (five and a bit columns fit), and STAGE 2 shows at the left edge
    assert snap_compare(long_map(20, 4), terminal_size=(120, 24), run_before=keys(*"l" * 9))
