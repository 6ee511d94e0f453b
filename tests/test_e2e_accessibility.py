"""End to end, in tmux: the editor in the terminal's own palette, and `t` read from the screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_e2e_tmux import CXTUI, Terminal, terminal  # noqa: F401  (the fixture)
from tui_helpers import sample_map, write_map

pytestmark = pytest.mark.e2e

#: Colours that are not the terminal's own: 256-colour and RGB.
NOT_THE_TERMINALS = re.compile(r"\x1b\[(?:[0-9;]*;)?[34]8;[25];")
DRAWING = re.compile("[\u2500-\u259f\u00b7\u25cf\u2508]")


@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 36)])
def test_ansi_theme_and_the_phase_reader(
    terminal: Terminal,  # noqa: F811
    tmp_path: Path,
    width: int,
    height: int,
) -> None:
    path = write_map(tmp_path / "coffee.toml", sample_map("Palette map"))
    on_disk = path.read_bytes()
    terminal.start(str(CXTUI), str(path), width=width, height=height, env="TEXTUAL_THEME=ansi-dark")
    terminal.wait_for("phase 1/4")
    coloured = terminal.tmux("capture-pane", "-p", "-e").stdout
    assert "\x1b[" in coloured  # it has colours: the terminal's sixteen, none of its own
    assert not NOT_THE_TERMINALS.search(coloured), NOT_THE_TERMINALS.findall(coloured)[:5]

    terminal.keys("Right", "t")
    screen = terminal.wait_for("Phase 2 of 4: Order.")
    assert "Emotion: 0, on a scale from minus 2 to plus 2." in " ".join(screen.split())
    assert not DRAWING.search(screen), DRAWING.findall(screen)
    terminal.keys("Right")
    terminal.wait_for("Phase 3 of 4: Wait.")
    terminal.keys("Escape")
    terminal.wait_for("phase 3/4 Wait")
    terminal.keys("q")
    terminal.wait_exit()
    assert path.read_bytes() == on_disk
