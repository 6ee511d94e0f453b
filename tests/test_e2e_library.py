"""End to end: the installed `cxtui DIR` (the library) in a real terminal (tmux)."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_helpers import library_folder, team_folder
from test_e2e_tmux import CXTUI, Terminal, terminal

from cxtui.fileformat import read_map

pytestmark = pytest.mark.e2e
__all__ = ["terminal"]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_filter_open_come_back_search_and_quit(
    terminal: Terminal, tmp_path: Path, size: tuple[int, int]
) -> None:
    folder = library_folder(tmp_path)
    before = {path: path.read_bytes() for path in folder.rglob("*.toml")}
    width, height = size
    terminal.start(str(CXTUI), str(folder), width=width, height=height)
    screen = terminal.wait_for("3 maps · 1 not loading")
    assert "Coffee order" in screen and "does not load" in screen
    assert max(len(line) for line in screen.splitlines()) <= width

    terminal.type("onboard")
    terminal.wait_for("1 of 3 maps")
    terminal.keys("Enter")
    terminal.wait_for("phase 1/3")  # the editor on Onboarding
    terminal.keys("q")
    screen = terminal.wait_for("1 of 3 maps")  # back, the filter kept
    assert "Onboarding" in screen

    terminal.keys("Escape")
    terminal.wait_for("3 maps · 1 not loading")
    terminal.keys("C-g")
    terminal.wait_for("Search every map")
    terminal.type("too cold")
    terminal.keys("Enter")
    terminal.wait_for("1 match")
    terminal.keys("Enter")
    screen = terminal.wait_for("phase 4/4 Drink")
    assert "Thoughts" in screen.splitlines()[-2]  # the status line: on the Thoughts lane
    terminal.keys("q")
    terminal.wait_for("3 maps · 1 not loading")
    terminal.keys("C-q")
    terminal.wait_exit()
    assert {path: path.read_bytes() for path in folder.rglob("*.toml")} == before
    assert read_map(folder / "coffee.toml").title == "Coffee order"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_a_team_folder_end_to_end(
    terminal: Terminal, tmp_path: Path, size: tuple[int, int]
) -> None:
    folder = team_folder(tmp_path)
    persona_name = read_map(folder / "basic.toml").persona
    assert persona_name is not None
    width, height = size
    terminal.start(str(CXTUI), str(folder), width=width, height=height)
    screen = terminal.wait_for("7 maps · 1 not loading")
    assert max(len(line) for line in screen.splitlines()) <= width
    terminal.type("basic")
    terminal.wait_for("1 of 7 maps")
    terminal.keys("Enter")
    terminal.wait_for("basic.toml")
    terminal.keys("l", "g")  # phase 2 links to the experience map
    screen = terminal.wait_for("experience-map.toml")
    assert "Team basic: " in screen.splitlines()[0]  # the breadcrumbs
    terminal.keys("b")
    terminal.wait_gone("experience-map.toml")
    terminal.keys("p")
    terminal.wait_for("Shared persona personas/ann.toml")
    terminal.keys("Escape")
    terminal.wait_gone("Shared persona")
    terminal.keys("q")
    terminal.wait_for("1 of 7 maps")
    terminal.keys("C-q")
    terminal.wait_exit()
