"""The blueprint lines in the editor: drawn as labelled rules in the grid (snapshots at
120x36 and 80x24), the cursor passing over them, and the details form turning them off."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from test_blueprint_lines import ebook_blueprint
from textual.widgets import Select
from tui_helpers import grid, here, make_app, screen_text, status_text, tap, wait_for_screen

from cxtui.config import Settings
from cxtui.document import Document
from cxtui.tui.app import CxtuiApp
from cxtui.tui.dialogs.forms import DetailsForm
from cxtui.tui.screens.map_screen import MapScreen

NO_FILE = Path("/nonexistent-cxtui-snapshots/ebook.toml")
SETTINGS = Settings(Path("/home/ann/.config/cxtui/config.toml"), user="Ann")


def blueprint_app() -> CxtuiApp:
    return CxtuiApp(Document(ebook_blueprint(), NO_FILE), guard=False, settings=SETTINGS)


def test_blueprint_lines_120x36(snap_compare) -> None:
    assert snap_compare(blueprint_app(), terminal_size=(120, 36))


def test_blueprint_lines_80x24(snap_compare) -> None:
    # the cursor on the frontstage lane: the line of interaction above it stays in view
    async def to_frontstage(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("j", "j", "j")
        await pilot.pause()

    assert snap_compare(blueprint_app(), terminal_size=(80, 24), run_before=to_frontstage)


async def test_the_grid_draws_each_line_once_and_the_cursor_steps_over_it() -> None:
    app = make_app(ebook_blueprint())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for label in ("Line of interaction", "Line of visibility", "Line of internal"):
            assert text.count(label) == 1, label
        lines = text.splitlines()
        interaction = next(i for i, line in enumerate(lines) if "Line of interaction" in line)
        assert lines[interaction].startswith("━━━")
        assert "Front…(visible)" in lines[interaction + 1]
        assert "Custome…actions" in "".join(lines[:interaction])
        # emotions, actions, then one j: frontstage (the line is no lane)
        await tap(pilot, "j", "j", "j")
        keys = [lane.key for lane in app.document.map.lanes]
        assert keys[here(app)[1]] == "frontstage"
        assert "Frontstage (visible)" in status_text(app)
        await tap(pilot, "k")
        assert keys[here(app)[1]] == "customer_actions"
        # a click on the line focuses the lane above it, as on any rule
        await pilot.click(grid(app), offset=(30, interaction - grid(app).region.y))
        await pilot.pause()
        assert keys[here(app)[1]] == "customer_actions"


async def test_the_details_form_turns_the_lines_off_and_undo_brings_them_back() -> None:
    app = make_app(ebook_blueprint())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        form = await wait_for_screen(pilot, DetailsForm)
        choice = form.query_one("#blueprint-lines", Select)
        assert choice.value == "on"
        kind = form.query_one("#kind", Select)
        assert kind.value == "service-blueprint"
        choice.value = "off"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == replace(ebook_blueprint(), blueprint_lines=False)
        await pilot.pause()
        assert "Line of" not in screen_text(app)
        await tap(pilot, "u")
        assert app.document.map == ebook_blueprint()
        await pilot.pause()
        assert "Line of visibility" in screen_text(app)
