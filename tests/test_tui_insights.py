"""The editor's insights panel: a key shows it, it follows the edits, Enter and f/F jump."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import OptionList
from tui_helpers import (
    EMOTIONS,
    THOUGHTS,
    grid,
    here,
    make_app,
    screen_text,
    wide_map,
)

from cxtui.insights import insights, summary_lines
from cxtui.model import SetEmotion, SetNotes
from cxtui.tui.widgets.grid import HEADER_HEIGHT, LANE_WIDTH, MapGrid
from cxtui.tui.widgets.insights_panel import InsightsPanel


def panel_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one(InsightsPanel).query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_i_shows_and_hides_the_panel_and_it_lists_the_findings() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query(InsightsPanel)  # mounted when first asked for
        await pilot.press("I")
        await pilot.pause()
        panel = app.screen.query_one(InsightsPanel)
        assert panel.shown and panel.region.height > 0
        lines = panel_lines(app)
        assert lines[0].startswith("Lowest") and "phase 4 “Drink”" in lines[0]
        assert any(line.startswith("Pain, no plan") for line in lines)
        assert "What the map says" in screen_text(app)
        await pilot.press("I")
        await pilot.pause()
        assert not panel.shown and grid(app).has_focus


async def test_the_panel_updates_as_you_edit() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("I")
        await pilot.pause()
        assert any(line.startswith("Pain, no plan") for line in panel_lines(app))
        # plan an improvement where the pain is (phase 4), through the document as an edit
        notes = app.document.map.phases[3].notes("actions")
        app.screen.apply(SetNotes(3, "actions", (*notes, "#idea Serve it hot")))
        await pilot.pause()
        assert not any(line.startswith("Pain, no plan") for line in panel_lines(app))
        await pilot.press("u")
        await pilot.pause()
        assert any(line.startswith("Pain, no plan") for line in panel_lines(app))


async def test_enter_on_a_finding_moves_the_cursor_to_its_phase_and_lane() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("I")
        await pilot.pause()
        options = app.screen.query_one(InsightsPanel).query_one(OptionList)
        assert options.has_focus
        lines = panel_lines(app)
        options.highlighted = next(i for i, x in enumerate(lines) if x.startswith("Pain"))
        await pilot.press("enter")
        await pilot.pause()
        assert here(app) == (3, THOUGHTS)  # "Too cold #pain" is a thought of phase 4
        assert grid(app).has_focus
        await pilot.press("I", "escape")  # (I again: hides it; then Esc does nothing)
        await pilot.press("I")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert grid(app).has_focus and here(app) == (3, THOUGHTS)


async def test_f_and_shift_f_go_through_the_findings_in_turn() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        visited = []
        for _ in range(7):
            await pilot.press("f")
            await pilot.pause()
            visited.append(here(app))
        # lowest (4), highest (3), drop 3->4, rise 2->3, pain with no plan (4), unrated (1)
        assert visited == [
            (3, EMOTIONS), (2, EMOTIONS), (2, EMOTIONS), (1, EMOTIONS), (3, THOUGHTS),
            (0, EMOTIONS), (3, EMOTIONS),
        ]  # fmt: skip
        await pilot.press("F")
        await pilot.pause()
        assert here(app) == (0, EMOTIONS)


async def test_the_emotion_lane_marks_the_lowest_and_highest_points() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "-2 ▼ lowest" in shown and "+2 ▲ highest" in shown
        app.screen.apply(SetEmotion(3, 2))  # Drink rises to the top: Order (0) is lowest
        await pilot.pause()
        shown = screen_text(app)
        assert "0 ▼ lowest" in shown and shown.count("▲ highest") == 2


async def test_at_80x24_the_panel_never_hides_the_cell_being_edited() -> None:
    app = make_app(wide_map(12))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("I")
        await pilot.pause()
        panel = app.screen.query_one(InsightsPanel)
        the_grid = grid(app)
        for keys in (["end"], ["down"] * 3, ["home"], ["f"], ["f"], ["F"]):
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.pause()
            region = cursor_cell_region(the_grid)
            assert the_grid.region.contains_region(region), (keys, here(app), region)
            assert not panel.region.overlaps(region)
            assert panel.region.height >= 5  # and the panel is there, with findings


def cursor_cell_region(the_grid: MapGrid) -> Region:
    """Where the focused cell is on the screen (the grid's own layout and scroll)."""
    layout = the_grid._layout
    x = LANE_WIDTH + the_grid.phase * the_grid.phase_width - int(the_grid.scroll_x)
    y = HEADER_HEIGHT + layout.tops[the_grid.lane] - int(the_grid.scroll_y)
    height = layout.heights[the_grid.lane]
    return Region(x, y, the_grid.phase_width, height).translate(the_grid.region.offset)


async def test_at_80_columns_a_long_summary_shows_it_is_cut() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("I")
        await pilot.pause()
        summary = " ".join(summary_lines(insights(app.document.map)))
        assert len(summary) > 80  # too long for the line: it must say so
        (line,) = [x for x in screen_text(app).splitlines() if x.startswith(summary[:20])]
        assert line.rstrip().endswith("…"), line
        assert summary.startswith(line.rstrip()[:-1])
