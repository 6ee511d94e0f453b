"""End to end: the insights panel of the installed `cxtui` in a real terminal (tmux)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_e2e_tmux import CXTUI, Terminal, terminal

from cxtui.fileformat import read_map
from cxtui.insights import insights

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
__all__ = ["terminal"]  # the fixture, imported for pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_maps" / "blog-to-signup.toml"


@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 36)])
def test_plan_an_improvement_from_the_panel_and_save(
    terminal: Terminal, tmp_path: Path, width: int, height: int
) -> None:
    path = tmp_path / "blog.toml"
    path.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    terminal.start(str(CXTUI), str(path), width=width, height=height)
    terminal.wait_for("phase 1/7")
    terminal.keys("I")
    terminal.wait_for("What the map says")
    # I highlights the first finding, and f goes through the next ones in turn: to the one
    # of pain with no plan at 6 “Sign up”
    findings = insights(read_map(path)).findings
    target = next(
        n for n, f in enumerate(findings) if f.kind == "unplanned_pain" and f.phases == (5,)
    )
    terminal.keys(*["f"] * target)
    terminal.wait(
        lambda s: "phase 6/7" in s and "What disappoints" in s.splitlines()[-2],
        "the cursor on Sign up · What disappoints",
    )
    terminal.keys("Enter")
    terminal.wait_for("Enter: new note")
    terminal.keys("C-End", "Enter")
    terminal.type("#idea Drop the phone field")
    terminal.keys("Escape")
    terminal.wait_gone("Enter: new note")
    terminal.wait(
        lambda s: "Pain, no plan 6" not in s and "Pain, no plan 2" in s,
        "the panel to follow the edit",
    )
    terminal.keys("C-s")
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()
    saved = read_map(path)
    assert saved.phases[5].notes("what_disappoints")[-1] == "#idea Drop the phone field"
