"""Moving the cursor: arrows and hjkl, Home/End, PgUp/PgDn, Tab, the mouse.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py).
"""

from __future__ import annotations

import pytest
from tui_helpers import (
    SIZE,
    focus,
    grid,
    here,
    make_app,
    status_text,
    wide_map,
)

from cxtui.tui.app import CxtuiApp
from cxtui.tui.widgets.grid import MapGrid

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
