"""End to end: the real `cxtui` in tmux at 80x24 and 120x36: a tag renamed and given a
colour from the tags dialog (`#`), the grid filtered by a tag and shown whole again, and
a stage renamed in every phase (`G`), then saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_e2e_tmux import CXTUI, Terminal, pytestmark, terminal
from test_tui_tags import tagged_map
from tui_helpers import write_map

from cxtui.fileformat import read_map

__all__ = ["pytestmark", "terminal"]  # the tmux marks and fixture, imported for pytest


@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 36)])
def test_rename_a_tag_filter_by_it_and_rename_a_stage_then_save(
    terminal: Terminal, tmp_path: Path, width: int, height: int
) -> None:
    path = write_map(tmp_path / "ebook.toml", tagged_map())
    terminal.start(str(CXTUI), str(path), width=width, height=height)
    terminal.wait_for("phase 1/4")

    terminal.type("#")
    terminal.wait_for("Tags of this map: 6 (3 in [tags])")
    terminal.keys("Down", "Down", "Down", "Down")  # confusing, delight, later, pain, slow
    terminal.type("r")
    terminal.wait_for("Rename #slow in every note (2 notes)")
    terminal.type("delay")
    terminal.keys("Enter")
    terminal.wait_for("renamed #slow to #delay in 2 notes")
    terminal.type("c")
    terminal.wait_for("Colour of #delay")
    terminal.keys("Home", "Enter")  # red
    terminal.wait_for("#delay is red")
    terminal.keys("Enter")  # show only the notes tagged #delay
    screen = terminal.wait_for("only #delay · Esc: all")
    assert "Asks the desk" in screen and "Sees a poster" not in screen
    assert "(1 hidden)" in screen
    terminal.keys("Escape")
    screen = terminal.wait_gone("only #delay")
    assert "Sees a poster" in screen

    terminal.keys("G")
    terminal.wait_for("Rename the stage “Before purchase”")
    terminal.keys("C-u")  # the field's text, gone
    terminal.type("Before")
    terminal.keys("Enter")
    terminal.wait_for("BEFORE ──")
    terminal.keys("C-s")
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()

    saved = read_map(path)
    assert saved.tags == {"delay": "red", "works": "green", "later": "cyan"}
    assert saved.phases[0].notes("actions") == ("Sees a poster", "Asks the desk #delay")
    assert saved.phases[1].voters("actions", "Searches the store #delay") == ("ann",)
    assert [p.stage for p in saved.phases] == [
        "Before",
        "Before",
        "During purchase",
        "After purchase",
    ]
