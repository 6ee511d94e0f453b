"""End to end: drafting the 7-phase, 5-lane map of issue 18 in the real `cxtui` in tmux,
once in draft mode and once in the grid (multi-phase paste, lane prefixes in the cell
editor), at 80x24 and 120x36, counting the keys a person presses.

The notes are tests/outlines/physio.md; both ways must save the map that
`cxtui import physio.md` makes of them.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from test_e2e_tmux import CXTUI, Terminal

from cxtui.fileformat import read_map
from cxtui.interchange import outline
from cxtui.model import JourneyMap

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

NOTES = Path(__file__).resolve().parent / "outlines" / "physio.md"
SIZES = [(80, 24), (120, 36)]


class CountingTerminal(Terminal):
    """A :class:`Terminal` that counts what a person does: every key pressed (a typed
    character is one key), the commands among them (keys that are not text), the
    pieces of text typed, and pastes."""

    def __init__(self) -> None:
        super().__init__()
        self.keys_pressed = 0
        self.commands = 0
        self.texts = 0

    def keys(self, *keys: str) -> None:
        super().keys(*keys)
        self.keys_pressed += len(keys)
        self.commands += len(keys)

    def settle(self) -> None:
        """Wait until the screen, colours too (a focused field is drawn brighter), stays
        the same for a moment: a form has focused its first field."""
        deadline = time.monotonic() + 10
        last = ""
        while time.monotonic() < deadline:
            now = self.tmux("capture-pane", "-e", "-p").stdout
            if now == last:
                return
            last = now
            time.sleep(0.25)
        raise AssertionError("the screen never settled")

    def send_text(self, text: str) -> None:
        # `--`: a line may start with `-`, which tmux would take for an option
        self.tmux("send-keys", "-l", "--", text, check=True)

    def type(self, text: str) -> None:
        self.send_text(text)
        self.keys_pressed += len(text)
        self.texts += 1

    def lines(self, lines: list[str]) -> None:
        """Type `lines`, Enter after each but the last (Enter is part of typing here)."""
        for number, line in enumerate(lines):
            if line:
                self.send_text(line)
                self.keys_pressed += len(line)
            if number < len(lines) - 1:
                super().keys("Enter")
                self.keys_pressed += 1
        self.texts += 1

    def paste(self, text: str) -> None:
        self.tmux("set-buffer", "-b", "notes", text, check=True)
        self.tmux("paste-buffer", "-p", "-d", "-b", "notes", check=True)
        self.keys_pressed += 1
        self.commands += 1

    def report(self) -> str:
        return f"{self.keys_pressed} keys: {self.commands} commands, {self.texts} typed texts"


@pytest.fixture
def terminal() -> CountingTerminal:  # type: ignore[misc]
    term = CountingTerminal()
    try:
        yield term  # type: ignore[misc]
    finally:
        term.close()


def expected_map() -> object:
    return outline.loads(NOTES.read_text(encoding="utf-8"), str(NOTES))


def without_ids(m: JourneyMap) -> JourneyMap:
    """`m` with no phase ids: phases added in the grid draw random ones, an import makes
    them from the titles (docs/format.md), and both are the same map to a person."""
    return replace(m, phases=tuple(replace(p, id="") for p in m.phases))


@pytest.mark.parametrize("how", ["typed", "pasted"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_draft_mode_drafts_the_map_from_the_notes(
    terminal: CountingTerminal, tmp_path: Path, width: int, height: int, how: str
) -> None:
    path = tmp_path / "physio.toml"
    terminal.start(str(CXTUI), str(path), width=width, height=height)
    terminal.wait_for("phase 1/5")
    terminal.keys("d")
    terminal.wait_for("Draft of")
    terminal.keys("C-n")
    terminal.wait_gone("## Discover")
    if how == "typed":
        terminal.lines(NOTES.read_text(encoding="utf-8").splitlines())
    else:  # the notes were written already, in a notes app
        terminal.paste(NOTES.read_text(encoding="utf-8"))
    terminal.wait_for("Video exercises in an app")
    terminal.keys("C-s")
    screen = terminal.wait_for("phase 7/7")  # the cursor on the phase last written
    assert "Draft of" not in screen
    terminal.keys("C-s")
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()
    assert read_map(path) == expected_map()
    print(f"\ndraft mode ({how}) at {width}x{height}: {terminal.report()}")
    assert terminal.commands == (5 if how == "typed" else 6)  # d ctrl+n [paste] ctrl+s ctrl+s q
    assert terminal.texts == (1 if how == "typed" else 0)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_draft_mode_shows_problems_at_their_line_and_keeps_the_text(
    terminal: CountingTerminal, tmp_path: Path, width: int, height: int
) -> None:
    path = tmp_path / "physio.toml"
    terminal.start(str(CXTUI), str(path), width=width, height=height)
    terminal.wait_for("phase 1/5")
    terminal.keys("d")
    terminal.wait_for("Draft of")
    terminal.keys("C-n")
    terminal.wait_gone("## Discover")
    terminal.lines(["## Waits (-5)", "- emotion: bad"])
    terminal.wait_for("- emotion: bad")
    terminal.keys("C-s")
    screen = terminal.wait_for("Not applied: 2 problems")
    assert "line 1, column 11: score -5 is outside the scale" in screen
    assert "## Waits (-5)" in screen
    terminal.keys("Escape")
    terminal.wait_for("Drop the changes to the draft?")
    terminal.keys("y")
    terminal.wait_gone("Draft of")
    terminal.keys("q")
    terminal.wait_exit()
    assert not path.exists()


def move_lane(terminal: CountingTerminal, here: int, there: int) -> int:
    if there != here:
        terminal.keys(*(["j"] if there > here else ["k"]) * abs(there - here))
    return there


def set_title_and_persona(terminal: CountingTerminal) -> None:
    terminal.keys("m")
    terminal.wait_for("▊  Physio")  # the title field
    terminal.keys("C-u")
    terminal.wait_gone("▊  Physio")
    terminal.type("Getting physio within a week")
    terminal.wait_for("Getting physio within a week")
    terminal.keys("C-s")
    terminal.wait_gone("Map details")
    terminal.keys("p")
    terminal.wait_for("Persona (goals")
    terminal.settle()
    terminal.type("Marta")
    terminal.wait_for("Marta")
    terminal.keys("Tab")
    terminal.settle()
    terminal.type("54, office worker with recurring back pain")
    terminal.wait_for("54, office worker")
    terminal.keys("C-s")
    terminal.wait_gone("Persona (goals")


def add_opportunities_lane(terminal: CountingTerminal) -> None:
    """From the first lane: a lane below Pain points; the cursor ends on the first lane."""
    terminal.keys("j", "j", "j", "n")
    terminal.wait_for("e.g. Touchpoints")
    terminal.type("Opportunities")
    terminal.wait_for("▊  Opportunities")
    terminal.keys("C-s")
    terminal.wait_gone("New lane")
    terminal.keys("k", "k", "k", "k")


def score_and_stage(terminal: CountingTerminal, score: int | None, stage: str | None) -> None:
    if score:
        terminal.keys(*(["+"] if score > 0 else ["-"]) * abs(score))
    elif score == 0:
        terminal.keys("+", "-")
    if stage:
        terminal.keys("s")
        terminal.wait_for("neighbouring phases")
        terminal.type(stage)
        terminal.wait_for(stage)
        terminal.keys("Enter")
        terminal.wait_gone("neighbouring phases")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_grid_one_cell_at_a_time(
    terminal: CountingTerminal, tmp_path: Path, width: int, height: int
) -> None:
    """The way before this issue: a phase at a time, a cell at a time."""
    path = tmp_path / "physio.toml"
    m = expected_map()
    terminal.start(str(CXTUI), str(path), width=width, height=height)
    terminal.wait_for("phase 1/5")
    set_title_and_persona(terminal)
    terminal.keys("D", "D", "D", "D")
    terminal.wait_for("phase 1/1")
    terminal.keys("r")
    terminal.wait_for("Phase title")
    terminal.settle()
    terminal.type(m.phases[0].title)
    terminal.wait_for(m.phases[0].title)
    terminal.keys("Enter")
    terminal.wait_gone("Phase title")
    for number, phase in enumerate(m.phases[1:], start=2):
        terminal.keys("a")
        terminal.wait_for("Phase title")
        terminal.settle()
        terminal.type(phase.title)
        terminal.wait_for(phase.title)
        terminal.keys("Enter")
        terminal.wait_for(f"phase {number}/{number}")
    terminal.keys("Home")
    terminal.wait_for("phase 1/7")
    add_opportunities_lane(terminal)
    lane = 0
    for number, phase in enumerate(m.phases, start=1):
        for index, key in ((0, "actions"), (1, "thoughts"), (3, "pain_points"),
                           (4, "opportunities")):  # fmt: skip
            notes = phase.notes(key)
            if not notes:
                continue
            lane = move_lane(terminal, lane, index)
            terminal.keys("Enter")
            terminal.wait_for("Enter: new note")
            terminal.lines(list(notes))
            terminal.wait_for(notes[-1][-20:])
            terminal.keys("Escape")
            terminal.wait_gone("Enter: new note")
        score_and_stage(terminal, phase.emotion, phase.stage)
        if number < len(m.phases):
            terminal.keys("l")
            terminal.wait_for(f"phase {number + 1}/7")
    terminal.keys("C-s")
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()
    print(f"\ngrid, one cell at a time, at {width}x{height}: {terminal.report()}")
    assert without_ids(read_map(path)) == without_ids(m)


def grid_entries() -> list[tuple[str, int, str | None, list[str]]]:
    """(title, score, stage, cell editor lines) of each phase, from the notes."""
    m = expected_map()
    out = []
    for phase in m.phases:  # type: ignore[attr-defined]
        lines = list(phase.notes("actions"))
        for key, prefix in (("thoughts", "thoughts"), ("pain_points", "pain"),
                            ("opportunities", "idea")):  # fmt: skip
            lines += [f"{prefix}: {note}" for note in phase.notes(key)]
        # the grid sets a stage phase by phase (a new phase takes its neighbour's only
        # when added next to it)
        out.append((phase.title, phase.emotion, phase.stage, lines))
    return out


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_grid_drafts_the_same_map_with_a_paste_and_prefixed_lines(
    terminal: CountingTerminal, tmp_path: Path, width: int, height: int
) -> None:
    path = tmp_path / "physio.toml"
    entries = grid_entries()
    terminal.start(str(CXTUI), str(path), width=width, height=height)
    terminal.wait_for("phase 1/5")
    set_title_and_persona(terminal)
    # seven phases in one paste, then the template's five go
    terminal.keys("a")
    terminal.wait_for("Phase title")
    terminal.paste("\n".join(title for title, _, _, _ in entries))
    terminal.wait_for("phase 8/12")
    terminal.keys("Home", "D")
    terminal.wait_for("phase 1/11")
    terminal.keys("End", "D", "D", "D", "D")
    terminal.wait_for("phase 7/7")
    add_opportunities_lane(terminal)
    terminal.keys("Home")
    terminal.wait_for("phase 1/7")
    for number, (_title, score, stage, lines) in enumerate(entries, start=1):
        terminal.keys("Enter")
        terminal.wait_for("Enter: new note")
        terminal.lines(lines)
        terminal.wait_for(lines[-1][-20:])
        terminal.keys("Escape")
        terminal.wait_gone("Enter: new note")
        score_and_stage(terminal, score, stage)
        if number < len(entries):
            terminal.keys("l")
            terminal.wait_for(f"phase {number + 1}/7")
    terminal.keys("C-s")
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()
    got = read_map(path)
    print(f"\ngrid at {width}x{height}: {terminal.report()}")
    assert without_ids(got) == without_ids(expected_map())  # type: ignore[arg-type]
