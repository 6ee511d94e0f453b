"""The editor's search across the maps of its folder (`/`): results as in the library,
Enter opens that map on that cell, and leaving it comes back to the map searched from."""

from __future__ import annotations

from pathlib import Path

from library_helpers import library_folder
from tui_helpers import notifications, screen_text, type_text, wait_for_screen, wait_until

from cxtui.document import Document
from cxtui.fileformat import read_map
from cxtui.model import SetPhase
from cxtui.tui.app import CxtuiApp
from cxtui.tui.dialogs.prompts import TextPrompt
from cxtui.tui.dialogs.search_results import SearchResults
from cxtui.tui.screens.map_screen import MapScreen

SIZE = (120, 36)


def editor_of(path: Path) -> CxtuiApp:
    return CxtuiApp(Document(read_map(path), path), guard=False)


async def search_for(pilot, query: str) -> SearchResults:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    await wait_for_screen(pilot, TextPrompt)
    await type_text(pilot, query + "\n")
    results = await wait_for_screen(pilot, SearchResults)
    assert isinstance(results, SearchResults)
    return results


async def test_a_result_in_another_map_opens_it_there_and_q_comes_back(tmp_path: Path) -> None:
    folder = library_folder(tmp_path)
    app = editor_of(folder / "coffee.toml")
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen
        results = await search_for(pilot, "STEP 2")
        assert [(m.entry.name, m.phase, m.lane) for m in results.matches] == [
            ("team/onboarding.toml", 1, "steps")
        ]
        assert "team/onboarding.toml · P2 / Steps" in screen_text(app)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: app.screen is not first and isinstance(app.screen, MapScreen)
        )
        other = app.screen
        assert isinstance(other, MapScreen)
        assert other.document.path == folder / "team" / "onboarding.toml"
        assert (other.phase, other.lane) == (1, 0)
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is first)
        assert app.is_running


async def test_the_map_being_edited_is_searched_with_its_unsaved_changes(tmp_path: Path) -> None:
    folder = library_folder(tmp_path)
    app = editor_of(folder / "coffee.toml")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MapScreen)
        screen.apply(SetPhase(2, "Sip slowly", "During"))
        await pilot.pause()
        results = await search_for(pilot, "sip")
        assert [(m.entry.name, m.phase) for m in results.matches] == [("coffee.toml", 2)]
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.phase == 2 and screen.document.modified


async def test_an_unsaved_map_has_no_folder_to_search() -> None:
    from tui_helpers import sample_map

    app = CxtuiApp(Document(sample_map(), None), guard=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert any("save the map first" in message for message in notifications(app))
