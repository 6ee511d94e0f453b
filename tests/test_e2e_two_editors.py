"""Two real editors on one map (two tmux servers, two users): each sees the other, and a
save by one is merged into the other's unsaved work within seconds; nothing is lost."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_e2e_tmux import CXTUI, Terminal
from tui_helpers import sample_map, write_map

from cxtui.fileformat import read_map

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def two() -> Iterator[tuple[Terminal, Terminal]]:
    ann, bob = Terminal(), Terminal()
    try:
        yield ann, bob
    finally:
        ann.close()
        bob.close()


def test_two_editors_see_each_other_and_merge_each_others_saves(
    two: tuple[Terminal, Terminal], tmp_path: Path
) -> None:
    ann, bob = two
    path = write_map(tmp_path / "map.toml", sample_map())
    ann.start(str(CXTUI), str(path), width=120, height=36, env="CXTUI_USER=ann")
    ann.wait_for("Coffee order")
    bob.start(str(CXTUI), str(path), width=120, height=36, env="CXTUI_USER=bob")
    bob.wait_for("Coffee order")
    ann.wait_for("bob on ")  # within a heartbeat: who, where, since when
    bob.wait_for("ann on ")
    # ann rates "Order" up (unsaved); bob rates "Drink" up and saves
    ann.keys("l", "+")
    ann.wait_for("[modified]")
    bob.keys("End", "+", "C-s")
    bob.wait_gone("[modified]")
    ann.wait_for("merged the saved changes to map.toml")
    ann.keys("C-s")
    ann.wait_gone("[modified]")
    saved = read_map(path)
    assert [p.emotion for p in saved.phases] == [None, 1, 2, -1]
    assert not saved.conflicts
    # and bob's editor takes ann's save in turn (he has no edits: it simply shows)
    bob.wait_for("merged the saved changes to map.toml")
    bob.keys("q")
    bob.wait_exit()
    assert len(list(tmp_path.glob(".map.toml.cxtui-open-*"))) == 1  # bob's went with him
    ann.keys("q")
    ann.wait_exit()
    assert not list(tmp_path.glob(".map.toml.cxtui-open-*"))
