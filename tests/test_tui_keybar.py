"""The key bar: the footer keys in one widget, drawn, cut and clicked as Textual's Footer."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static
from tui_helpers import make_app, wait_until

import cxtui.tui.screens.map_screen
from cxtui.tui.compat import screen_lines
from cxtui.tui.keys import KEYS
from cxtui.tui.screens.help import HelpScreen
from cxtui.tui.widgets.key_bar import KeyBar

FULL = ("⏎ edit", "+- emotion", "u undo", "a add phase", "^s save", "q quit", "? help")


def bar_line(app: App[Any]) -> str:
    """The bottom line of the screen, to its last cell (screen_text drops trailing spaces)."""
    return screen_lines(app.screen)[-1].text


async def test_the_bar_shows_every_footer_key_and_the_palette_on_the_right() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        assert all(label in line for label in FULL)
        assert line.endswith("▏^p palette ")
        assert len(line) == 120
        shown = [spec.description for spec in KEYS if spec.footer and not spec.footer_group]
        assert all(f" {description} " in line for description in shown)


@pytest.mark.parametrize("width", [100, 120, 200])
async def test_the_bar_reads_as_textuals_footer_where_every_key_fits(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = []
    for bar in (KeyBar, Footer):
        monkeypatch.setattr(cxtui.tui.screens.map_screen, "KeyBar", bar)
        app = make_app()
        async with app.run_test(size=(width, 24)) as pilot:
            # The Footer builds its keys after the first frame (later on a busy machine).
            await wait_until(pilot, lambda app=app: bool(bar_line(app).strip()))
            await pilot.pause()
            lines.append(bar_line(app))
    assert lines[0] == lines[1]


class GroupsScreen(Screen[None]):
    """Every kind of entry: a key, a one-key group, compact and spaced groups, a disabled key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "one", "one"),
        Binding("z", "zoom", "zoom in", group=Binding.Group("zoom", compact=True)),
        Binding("n", "next", "next", group=(spaced := Binding.Group("nav", compact=False))),
        Binding("p", "previous", "previous", group=spaced),
        Binding("d", "disabled", "disabled"),
    ]

    def __init__(self, bar: type[KeyBar] | type[Footer]) -> None:
        super().__init__()
        self.bar = bar

    def compose(self) -> ComposeResult:
        yield Static("x")
        yield self.bar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "disabled" else True

    def action_disabled(self) -> None:
        raise AssertionError("a disabled key ran")


class GroupsApp(App[None]):
    """An app with no stylesheet of its own: the KeyBar brings its styles (DEFAULT_CSS)."""

    def __init__(self, bar: type[KeyBar] | type[Footer]) -> None:
        super().__init__()
        self.bar = bar
        self.bells = 0

    def get_default_screen(self) -> Screen[None]:
        return GroupsScreen(self.bar)

    def bell(self) -> None:
        self.bells += 1


async def test_groups_and_disabled_keys_read_as_on_textuals_footer() -> None:
    lines = []
    for bar in (KeyBar, Footer):
        app = GroupsApp(bar)
        async with app.run_test(size=(80, 5)) as pilot:
            await wait_until(pilot, lambda app=app: bool(bar_line(app).strip()))
            await pilot.pause()
            lines.append(bar_line(app))
    assert lines[0] == lines[1]
    assert lines[0].startswith(" a one  z zoom in  n p nav  d disabled ")


async def test_a_click_on_a_disabled_key_rings_the_bell() -> None:
    app = GroupsApp(KeyBar)
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        await pilot.click(KeyBar, offset=(bar_line(app).index("d disabled"), 0))
        await pilot.pause()
        assert app.bells == 1


@pytest.mark.parametrize("width", [9, 16, 30, 40, 52, 64, 80])
async def test_keys_that_do_not_fit_are_left_out_whole_quit_and_help_last(width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        assert len(line) == width
        assert "…" not in line
        entries = [entry.strip() for entry in line.split("  ") if entry.strip()]
        assert all(entry in FULL or entry == "▏^p palette" for entry in entries), entries
        shown = [entry for entry in FULL if entry in entries]
        assert shown == entries[: len(shown)]  # in their order
        assert "q quit" in entries
        if width >= 16:
            assert "? help" in entries
        if width >= 30:
            assert "^s save" in entries


async def test_the_first_keys_left_out_are_the_rightmost_others() -> None:
    app = make_app()
    async with app.run_test(size=(52, 24)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        assert line.startswith(" ⏎ edit  ^s save  q quit  ? help ")
        assert line.endswith("▏^p palette ")


async def test_a_click_on_a_key_runs_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.click(KeyBar, offset=(bar_line(app).index("? help") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_each_key_of_a_group_runs_its_own_action_and_the_label_none() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("right")  # phase 2, rated 0
        x = bar_line(app).index("+- emotion")
        await pilot.click(KeyBar, offset=(x + 1, 0))  # "-"
        await pilot.pause()
        assert app.document.map.phases[1].emotion == -1
        await pilot.click(KeyBar, offset=(x, 0))  # "+"
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert app.document.map.phases[1].emotion == 1
        await pilot.click(KeyBar, offset=(x + 4, 0))  # the label
        await pilot.pause()
        assert app.document.map.phases[1].emotion == 1


async def test_a_click_between_keys_does_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.click(KeyBar, offset=(bar_line(app).index("? help") + 10, 0))
        await pilot.pause()
        assert app.screen is screen
        assert not app.document.modified


async def test_the_key_under_the_mouse_is_highlighted() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        x = bar_line(app).index("q quit")
        bar = app.screen.query_one(KeyBar)
        hover = bar.get_component_rich_style("keybar--hover").bgcolor

        def background_at(column: int) -> object:
            strip = screen_lines(app.screen)[-1]
            cells = [seg.style for seg in strip for _ in seg.text]
            style = cells[column]
            return None if style is None else style.bgcolor

        assert background_at(x + 1) != hover
        await pilot.hover(KeyBar, offset=(x + 1, 0))
        await pilot.pause()
        assert background_at(x + 1) == hover
        assert background_at(x - 3) != hover  # "? help" is not
