"""The library's tree of links (ctrl+l) through Pilot: the hierarchy `cxtui ls` prints,
a filter that keeps the maps above a match, back to the list, open and come back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import RunCli
from library_helpers import linked_team_folder
from rich.text import Text
from test_tui_library import SIZE, library_app, read_all, shown_names
from tui_helpers import screen_text, type_text, wait_for_screen, wait_until

from cxtui.library import hierarchy, pruned, read_library
from cxtui.tui.screens.library_screen import LibraryScreen
from cxtui.tui.screens.map_screen import MapScreen

#: The tree of the linked team folder, as `cxtui ls` prints it (depth, file).
TREE = [
    (0, "basic.toml"),
    (1, "detail/experience-map.toml"),
    (2, "service-blueprint.toml"),
    (0, "day-in-the-life.toml"),
    (0, "future-state.toml"),
    (0, "touchpoint-map.toml"),
    (1, "broken.toml"),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return linked_team_folder(tmp_path)


def file_cells(screen: LibraryScreen) -> list[Text]:
    table = screen.table
    return [table.get_row_at(row)[0] for row in range(table.row_count)]


def test_ls_prints_the_tree_the_library_shows(run_cli: RunCli, folder: Path) -> None:
    """The tree below is `cxtui ls`'s: a map linked from two maps under the first, a
    broken map under the map linking to it, a missing map nowhere."""
    lines = run_cli("ls", folder).stdout.splitlines()
    printed = [re.sub(r"(?<=\S)\s{2,}\S.*", "", line) for line in lines]  # the file column
    expected = [("  " * depth + ("↳ " if depth else "") + name) for depth, name in TREE]
    assert printed == expected


async def test_ctrl_l_shows_the_tree_of_links_and_back(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        assert shown_names(screen)[:2] == ["basic.toml", "broken.toml"]  # the list, by file
        await pilot.press("ctrl+l")
        assert shown_names(screen) == [name for _, name in TREE]
        assert [cell.plain for cell in file_cells(screen)] == [
            "  " * depth + ("↳ " if depth else "") + name for depth, name in TREE
        ]
        assert "tree of links" in screen_text(app)
        await pilot.press("ctrl+l")
        assert shown_names(screen)[:2] == ["basic.toml", "broken.toml"]
        assert "sorted by file" in screen_text(app)


async def test_a_filter_in_the_tree_keeps_the_maps_above_a_match(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("ctrl+l")
        await type_text(pilot, "blueprint")
        assert shown_names(screen) == [
            "basic.toml",
            "detail/experience-map.toml",
            "service-blueprint.toml",
        ]
        # The maps shown only for where the match stands are dimmed, not counted, and
        # the selection is on the match.
        assert [str(cell.style) for cell in file_cells(screen)] == ["dim", "dim", ""]
        assert "1 of 7 maps" in screen_text(app)
        assert screen.selected_path() == folder / "service-blueprint.toml"
        await pilot.press("escape")
        assert len(shown_names(screen)) == len(TREE)


async def test_sorting_leaves_the_tree_for_the_list(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("ctrl+l")
        await pilot.press("ctrl+o")
        assert not screen.as_tree
        assert shown_names(screen)[:2] == ["basic.toml", "broken.toml"]
        assert "sorted by file" in screen_text(app)


async def test_a_map_opened_from_the_tree_comes_back_to_the_tree(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_all(pilot)
        await pilot.press("ctrl+l", "down", "down", "enter")
        await wait_for_screen(pilot, MapScreen)
        assert "Team service-blueprint" in screen_text(app)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert screen.as_tree
        assert screen.selected_path() == folder / "service-blueprint.toml"


def test_pruned_keeps_a_match_with_its_ancestors_once(folder: Path) -> None:
    tree = hierarchy(list(read_library(folder)))
    rows = pruned(tree, lambda entry: entry.name in {"service-blueprint.toml", "basic.toml"})
    assert [(depth, entry.name, kept) for depth, entry, _, kept in rows] == [
        (0, "basic.toml", True),
        (1, "detail/experience-map.toml", False),
        (2, "service-blueprint.toml", True),
    ]
    assert pruned(tree, lambda entry: False) == []
    assert [row[:3] for row in pruned(tree, lambda entry: True)] == tree
