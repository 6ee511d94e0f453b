"""The key bar: the footer keys in one widget, drawn, cut and clicked as Textual's Footer."""

from __future__ import annotations

import pytest
from tui_helpers import make_app

from cxtui.tui.app import CxtuiApp
from cxtui.tui.help import HelpScreen
from cxtui.tui.keys import KEYS
from cxtui.tui.widgets import KeyBar


def bar_line(app: CxtuiApp) -> str:
    """The bottom line of the screen, to its last cell (screen_text drops trailing spaces)."""
    strips = app.screen._compositor.render_strips()
    return strips[-1].text


async def test_the_bar_shows_every_footer_key_and_the_palette_on_the_right() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        for label in ("⏎ edit", "+- emotion", "u undo", "a add phase", "^s save", "q quit"):
            assert label in line
        assert line.endswith("▏ ^p palette ")
        assert len(line) == 120
        shown = [spec.description for spec in KEYS if spec.footer and not spec.footer_group]
        assert all(f" {description} " in line for description in shown)


FULL = ("⏎ edit", "+- emotion", "u undo", "a add phase", "^s save", "q quit", "? help")


@pytest.mark.parametrize("width", [30, 40, 52, 64, 80])
async def test_keys_that_do_not_fit_are_left_out_whole_quit_and_help_last(width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        assert len(line) == width
        assert "…" not in line
        entries = [entry.strip() for entry in line.split("  ") if entry.strip()]
        assert all(entry in FULL or entry == "▏ ^p palette" for entry in entries), entries
        shown = [entry for entry in FULL if entry in entries]
        assert shown == entries[: len(shown)]  # in their order
        assert "q quit" in entries and "? help" in entries and "^s save" in entries


async def test_the_first_keys_left_out_are_the_rightmost_others() -> None:
    app = make_app()
    async with app.run_test(size=(52, 24)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        assert line.startswith(" ⏎ edit  ^s save  q quit  ? help ")
        assert line.endswith("▏ ^p palette ")


async def test_a_click_on_a_key_runs_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        await pilot.click(KeyBar, offset=(line.index("? help") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_click_between_keys_does_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        screen = app.screen
        await pilot.click(KeyBar, offset=(line.index("? help") + 10, 0))
        await pilot.pause()
        assert app.screen is screen
