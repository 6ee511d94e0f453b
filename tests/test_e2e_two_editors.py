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
    ann.wait_for("merged bob's changes")  # quietly, in the status line
    ann.keys("C-s")
    ann.wait_gone("[modified]")
    saved = read_map(path)
    assert [p.emotion for p in saved.phases] == [None, 1, 2, -1]
    assert not saved.conflicts
    # and bob's editor takes ann's save in turn (he has no edits: it simply shows)
    bob.wait_for(" merged")
    bob.keys("q")
    bob.wait_exit()
    assert len(list(tmp_path.glob(".map.toml.cxtui-open-*"))) == 1  # bob's went with him
    ann.keys("q")
    ann.wait_exit()
    assert not list(tmp_path.glob(".map.toml.cxtui-open-*"))


def test_with_autosave_two_editors_typing_see_each_others_notes(
    two: tuple[Terminal, Terminal], tmp_path: Path
) -> None:
    ann, bob = two
    config = tmp_path / "config.toml"
    config.write_text("autosave = 1\n", encoding="utf-8")
    path = write_map(tmp_path / "map.toml", sample_map())
    settings = f"CXTUI_CONFIG={config}"
    ann.start(str(CXTUI), str(path), width=120, height=36, env=f"{settings} CXTUI_USER=ann")
    ann.wait_for("Coffee order")
    bob.start(str(CXTUI), str(path), width=80, height=24, env=f"{settings} CXTUI_USER=bob")
    bob.wait_for("Coffee order")
    ann.wait_for("+1 editing: bob@")  # the status line, within a heartbeat
    bob.wait_for("+1 editing")
    # both type a note at once, into different cells; neither saves by hand
    ann.keys("Enter")
    bob.keys("l", "l", "j", "Enter")
    ann.wait_for("Enter: new note")
    bob.wait_for("Enter: new note")
    ann.keys("Enter")  # the cursor is at the end: a new note
    bob.keys("Enter")
    ann.type("Note by ann")
    bob.type("Note by bob")
    ann.keys("Escape")
    bob.keys("Escape")
    # each sees the other's note, and the file has both: nothing lost
    try:
        ann.wait_for("Note by bob")
        bob.wait_for("Note by ann")
    except AssertionError as error:
        raise AssertionError(f"{error}\nbob's screen:\n{bob.screen()}") from None
    ann.wait_gone("[modified]")
    bob.wait_gone("[modified]")
    saved = read_map(path)
    assert "Note by ann" in saved.phases[0].notes("actions")
    assert "Note by bob" in saved.phases[2].notes("thoughts")
    assert not saved.conflicts
    # the status line says it quietly: this editor's autosave, or the other's merged in
    marks = ann.screen() + bob.screen()
    assert "autosaved" in marks or " merged" in marks
    ann.keys("q")
    bob.keys("q")
    ann.wait_exit()
    bob.wait_exit()
