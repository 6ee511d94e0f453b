"""End to end: marks set with `~`, `!` and `T` in the installed `cxtui`, in a real
terminal without colour (a private tmux server), saved and read back."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from test_e2e_tmux import CXTUI, Terminal
from tui_helpers import write_map

from cxtui.fileformat import read_map
from cxtui.templates import load_template

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    try:
        yield term
    finally:
        term.close()


def test_marks_set_by_keys_show_without_colour_and_are_saved(
    terminal: Terminal, tmp_path: Path
) -> None:
    m = load_template("touchpoint-map", title="Borrowing an e-book")
    research = m.phases[1].with_notes("touchpoints", ("Hold queue",))
    m = replace(m, phases=(m.phases[0], research, *m.phases[2:]))
    path = write_map(tmp_path / "ebook.toml", m)
    terminal.start(str(CXTUI), str(path), width=80, height=24, env="NO_COLOR=1")
    terminal.wait_for("phase 1/6")
    terminal.keys("l", "j")  # Research, Touchpoints
    terminal.wait_for("phase 2/6")
    terminal.keys("~")
    terminal.wait_for("• ◷ Hold queue")
    terminal.keys("!")
    terminal.wait_for("• ✗◷ Hold queue")
    terminal.keys("T")
    screen = terminal.wait_for("• ✗◷✓ Hold queue")
    assert "• ✓ Web page" in screen and "• △ Poster" in screen  # the template's examples
    terminal.keys("C-s")
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()
    assert read_map(path).phases[1].marks_of("touchpoints", "Hold queue") == (
        "fail",
        "wait",
        "works",
    )
    assert 'marks.touchpoints."Hold queue" = ["fail", "wait", "works"]\n' in path.read_text()
