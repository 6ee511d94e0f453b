"""The library screen (`cxtui DIR`) through Pilot: filter, sort, open and come back, a
broken map's problems, new map, future-state copy, rename, delete, search."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_helpers import library_folder
from textual.widgets import Input, OptionList
from tui_helpers import notifications, screen_text, type_text, wait_for_screen, wait_until

from cxtui.fileformat import read_map
from cxtui.tui.app import CxtuiApp
from cxtui.tui.dialogs.prompts import ChoiceDialog, ConfirmDialog, TextPrompt
from cxtui.tui.dialogs.search_results import SearchResults
from cxtui.tui.screens.library_screen import LibraryScreen
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.screens.text_page import TextPage

SIZE = (120, 36)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return library_folder(tmp_path)


def library_app(folder: Path) -> CxtuiApp:
    return CxtuiApp(folder=folder, guard=False)


async def read_all(pilot) -> LibraryScreen:  # type: ignore[no-untyped-def]
    screen = await wait_for_screen(pilot, LibraryScreen)
    assert isinstance(screen, LibraryScreen)
    await wait_until(pilot, lambda: not screen.reading)
    await pilot.pause()
    return screen


def shown_names(screen: LibraryScreen) -> list[str]:
    return [screen.entries[path].name for path in screen._shown]


async def test_every_map_is_listed_and_typing_filters(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        assert shown_names(screen) == ["broken.toml", "coffee.toml", "team/onboarding.toml"]
        text = screen_text(app)
        assert "does not load:" in text and "Coffee order" in text and "3 maps" in text
        await type_text(pilot, "ada")  # the persona
        assert shown_names(screen) == ["coffee.toml"]
        assert "1 of 3 maps" in screen_text(app)
        await pilot.press("escape")
        await type_text(pilot, "team onb")  # every word, in the file name or the title
        assert shown_names(screen) == ["team/onboarding.toml"]
        await pilot.press("escape")
        assert screen.query_one("#filter", Input).value == ""
        assert len(shown_names(screen)) == 3


async def test_ctrl_o_sorts_and_keeps_the_selection(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("down")
        assert screen.selected_path() == folder / "coffee.toml"
        await pilot.press("ctrl+o", "ctrl+o")  # by title: broken maps last
        assert shown_names(screen) == ["coffee.toml", "team/onboarding.toml", "broken.toml"]
        assert screen.selected_path() == folder / "coffee.toml"
        assert "sorted by title" in screen_text(app)
        await pilot.press("ctrl+o", "ctrl+o")  # by phases, most first
        assert shown_names(screen)[:2] == ["coffee.toml", "team/onboarding.toml"]


async def test_enter_opens_a_map_and_leaving_comes_back_where_you_were(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("down", "down")
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, MapScreen)
        assert isinstance(editor, MapScreen)
        assert editor.document.path == folder / "team" / "onboarding.toml"
        await pilot.press("q")
        await wait_for_screen(pilot, LibraryScreen)
        assert screen.selected_path() == folder / "team" / "onboarding.toml"


async def test_leaving_an_edited_map_asks_and_the_list_shows_the_change(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, MapScreen)
        await pilot.press("a")  # a new phase
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "Pay\n")
        await wait_until(pilot, lambda: isinstance(app.screen, MapScreen))
        await pilot.press("q")  # unsaved: asks
        await wait_until(pilot, lambda: not isinstance(app.screen, MapScreen))
        assert not isinstance(app.screen, LibraryScreen)
        await pilot.press("s")  # save
        await wait_for_screen(pilot, LibraryScreen)
        await pilot.pause()
        assert len(read_map(folder / "coffee.toml").phases) == 5
        assert screen.entries[folder / "coffee.toml"].journey.phases[1].title == "Pay"  # type: ignore[union-attr]
        assert screen.selected_path() == folder / "coffee.toml"


async def test_a_broken_map_opens_to_all_its_problems(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await read_all(pilot)
        await pilot.press("enter")  # broken.toml is first
        page = await wait_for_screen(pilot, TextPage)
        text = screen_text(app)
        assert "broken.toml does not load" in text
        assert text.count("│ broken.toml:") == 2, text
        assert "sideways" in text and "not an integer" in text
        await pilot.press("escape")
        await wait_for_screen(pilot, LibraryScreen)
        assert page is not app.screen


async def test_ctrl_n_writes_a_new_map_from_a_template_and_opens_it(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("ctrl+n")
        choice = await wait_for_screen(pilot, ChoiceDialog)
        assert isinstance(choice, ChoiceDialog)
        choice.query_one(OptionList).highlighted = 0
        await pilot.press("enter")
        prompt = await wait_for_screen(pilot, TextPrompt)
        prompt.query_one(Input).value = "team/Shop visit"
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, MapScreen)
        target = folder / "team" / "Shop visit.toml"
        assert isinstance(editor, MapScreen) and editor.document.path == target
        assert read_map(target).title == "Shop visit"
        await pilot.press("q")
        await wait_for_screen(pilot, LibraryScreen)
        assert target in screen.entries and screen.selected_path() == target


async def test_a_new_map_never_writes_over_a_file(folder: Path) -> None:
    app = library_app(folder)
    before = (folder / "coffee.toml").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await read_all(pilot)
        await pilot.press("ctrl+n")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("enter")
        prompt = await wait_for_screen(pilot, TextPrompt)
        prompt.query_one(Input).value = "coffee"
        await pilot.press("enter")
        await wait_for_screen(pilot, LibraryScreen)
        assert any("exists" in message for message in notifications(app))
    assert (folder / "coffee.toml").read_bytes() == before


async def test_ctrl_f_writes_a_future_state_copy(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("down")
        await pilot.press("ctrl+f")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == "coffee-future.toml"
        await pilot.press("enter")
        await wait_for_screen(pilot, LibraryScreen)
        await pilot.pause()
        source, copy = read_map(folder / "coffee.toml"), read_map(folder / "coffee-future.toml")
        assert copy.kind == "future-state" and copy.title == "Coffee order (future state)"
        assert copy.phases == source.phases and copy.persona == source.persona
        assert screen.selected_path() == folder / "coffee-future.toml"


async def test_ctrl_r_renames_the_file(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("down", "ctrl+r")
        prompt = await wait_for_screen(pilot, TextPrompt)
        prompt.query_one(Input).value = "team/coffee-2026"
        await pilot.press("enter")
        await wait_for_screen(pilot, LibraryScreen)
        await pilot.pause()
        assert not (folder / "coffee.toml").exists()
        assert read_map(folder / "team" / "coffee-2026.toml").title == "Coffee order"
        assert "team/coffee-2026.toml" in shown_names(screen)
        assert "coffee.toml" not in shown_names(screen)
        assert screen.selected_path() == folder / "team" / "coffee-2026.toml"


async def test_ctrl_d_deletes_only_after_yes(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("down", "ctrl+d")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, LibraryScreen)
        assert (folder / "coffee.toml").exists()
        await pilot.press("ctrl+d")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, LibraryScreen)
        await pilot.pause()
        assert not (folder / "coffee.toml").exists()
        assert shown_names(screen) == ["broken.toml", "team/onboarding.toml"]


async def test_ctrl_g_searches_every_map_and_enter_opens_on_the_cell(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await read_all(pilot)
        await pilot.press("ctrl+g")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "too cold\n")
        results = await wait_for_screen(pilot, SearchResults)
        assert isinstance(results, SearchResults)
        assert [str(m.entry.name) for m in results.matches] == ["coffee.toml"]
        text = screen_text(app)
        assert "coffee.toml · Drink / Thoughts" in text and "Too cold #pain" in text
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, MapScreen)
        assert isinstance(editor, MapScreen)
        assert (editor.phase, editor.document.map.lanes[editor.lane].key) == (3, "thoughts")


async def test_a_search_with_no_match_says_so(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await read_all(pilot)
        await pilot.press("ctrl+g")
        await wait_for_screen(pilot, TextPrompt)
        await type_text(pilot, "zebra\n")
        await wait_for_screen(pilot, SearchResults)
        assert "0 matches" in screen_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, LibraryScreen)
