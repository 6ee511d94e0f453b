"""End to end: the installed `cxtui` command in a real terminal (a detached tmux session).

Keys go in with `tmux send-keys`, the screen comes back with `capture-pane`, and the
file on disk is checked afterwards. Every wait polls with a deadline; no fixed sleeps.
Runs without a terminal of its own (CI=true, no stdin): tmux is detached.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from notes_model import BURST_KEYS, NotesModel
from tui_helpers import reap, sample_map, terminal_bytes, write_map

from cxtui.fileformat import PREVIEW_CHARS, read_map
from cxtui.model import JourneyMap
from cxtui.notation import format_score
from cxtui.tui.dialogs.cell_editor import notes_of

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

CXTUI = Path(sys.executable).parent / "cxtui"
TIMEOUT = 15.0


class Terminal:
    """A tmux server of its own (-L with a unique name) running one command."""

    def __init__(self) -> None:
        self.socket = f"cxtui-e2e-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        #: Every process started in a pane, to be sure none outlives the test.
        self.pids: list[int] = []

    def tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        # LINES and COLUMNS in our environment would fix the app's size: leave them out.
        env = {k: v for k, v in os.environ.items() if k not in ("LINES", "COLUMNS", "TMUX")}
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=10,
            env=env,
            stdin=subprocess.DEVNULL,
            check=check,
        )

    def start(self, *command: str, width: int = 100, height: int = 30, env: str = "") -> None:
        line = " ".join(f"'{c}'" for c in command)
        self.tmux(
            "new-session", "-d", "-x", str(width), "-y", str(height),
            f"exec env TERM=xterm-256color {env} {line}",
            check=True,
        )  # fmt: skip
        pane = self.tmux("display-message", "-p", "#{pane_pid}").stdout.strip()
        if pane.isdigit():
            self.pids.append(int(pane))

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p").stdout

    def alive(self) -> bool:
        return self.tmux("has-session").returncode == 0

    def wait(self, condition: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; the screen:\n{self.screen()}")

    def wait_for(self, text: str) -> str:
        return self.wait(lambda screen: text in screen, repr(text))

    def wait_gone(self, text: str) -> str:
        return self.wait(lambda screen: text not in screen, f"{text!r} to go")

    def wait_exit(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while self.alive():
            if time.monotonic() > deadline:
                raise AssertionError(f"cxtui did not exit; the screen:\n{self.screen()}")
            time.sleep(0.05)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys, check=True)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-l", text, check=True)

    def kill(self) -> None:
        self.tmux("kill-server")

    def close(self) -> None:
        """Kill the server and every cxtui started in it, whatever the test did."""
        self.kill()
        reap(self.pids)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    try:
        yield term
    finally:
        term.close()


def new_map_file(folder: Path, title: str) -> Path:
    """A map made by `cxtui new` from the basic template, or our own if that fails."""
    path = folder / "journey.toml"
    made = subprocess.run(
        [str(CXTUI), "new", str(path), "--title", title],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    try:
        journey = read_map(path) if made.returncode == 0 else None
    except Exception:
        journey = None
    ok = (
        journey is not None
        and len(journey.phases) >= 2
        and len(journey.text_lanes) >= 1
        and journey.title == title
    )
    if not ok:
        path.unlink(missing_ok=True)
        write_map(path, sample_map(title))
    return path


def add_note_and_raise(journey: JourneyMap, phase: int, lane_key: str, note: str) -> JourneyMap:
    """`journey` with `note` added to a cell and the phase's emotion one higher."""
    old = journey.phases[phase]
    current = old.emotion if old.emotion is not None else journey.scale.clamp(0)
    emotion = journey.scale.clamp(current + 1)
    new = replace(old.with_notes(lane_key, (*old.notes(lane_key), note)), emotion=emotion)
    phases = list(journey.phases)
    phases[phase] = new
    return replace(journey, phases=tuple(phases))


def test_edit_a_note_and_the_emotion_then_save_and_quit(terminal: Terminal, tmp_path: Path) -> None:
    path = new_map_file(tmp_path, "E2E journey")
    before = read_map(path)
    lane_index = next(i for i, lane in enumerate(before.lanes) if lane.kind == "text")
    lane = before.lanes[lane_index]
    note = "Waits for the bus #pain"
    expected = add_note_and_raise(before, 1, lane.key, note)

    terminal.start(str(CXTUI), str(path))
    terminal.wait_for("E2E journey")
    terminal.wait_for(f"phase 1/{len(before.phases)}")
    terminal.keys("l", *["j"] * lane_index)
    screen = terminal.wait_for(f"phase 2/{len(before.phases)}")
    terminal.wait(lambda s: f"│  {lane.title}  │" in s, f"the {lane.title} lane focused")

    terminal.keys("Enter")
    terminal.wait_for("Enter: new note")
    if before.phases[1].notes(lane.key):
        terminal.keys("Enter")  # the cursor is at the end: a new line is a new note
    terminal.type(note)
    terminal.wait_for(note)
    terminal.keys("Escape")
    screen = terminal.wait_gone("Enter: new note")
    assert "[modified]" in screen

    terminal.keys("+")
    terminal.wait_for(f"emotion {format_score(expected.phases[1].emotion)}")
    terminal.keys("C-s")
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()

    saved = read_map(path)
    assert saved == expected
    assert saved.phases[1].notes(lane.key)[-1] == note
    assert path.read_text(encoding="utf-8").count(note) == 1


def test_quit_with_changes_escape_goes_back_and_d_discards(
    terminal: Terminal, tmp_path: Path
) -> None:
    path = write_map(tmp_path / "coffee.toml", sample_map("Unsaved journey"))
    on_disk = path.read_bytes()

    terminal.start(str(CXTUI), str(path))
    terminal.wait_for("Unsaved journey")
    terminal.keys("x")  # clear "Sees an ad / Asks a friend"
    terminal.wait_for("[modified]")
    terminal.wait_gone("Sees an ad")

    terminal.keys("q")
    terminal.wait_for("coffee.toml has unsaved changes.")
    terminal.keys("Escape")
    screen = terminal.wait_gone("has unsaved changes")
    assert "Unsaved journey" in screen
    assert "[modified]" in screen
    assert "Sees an ad" not in screen  # the edit is still there
    assert terminal.alive()
    assert path.read_bytes() == on_disk

    terminal.keys("q")
    terminal.wait_for("coffee.toml has unsaved changes.")
    terminal.keys("d")
    terminal.wait_exit()
    assert path.read_bytes() == on_disk


def test_a_plain_linux_console_without_colour(terminal: Terminal, tmp_path: Path) -> None:
    path = write_map(tmp_path / "plain.toml", sample_map("Plain console map"))
    on_disk = path.read_bytes()
    terminal.start(str(CXTUI), str(path), width=80, height=24, env="TERM=linux NO_COLOR=1")
    screen = terminal.wait_for("Plain console map")
    screen = terminal.wait_for("phase 1/4")
    for text in ("Discover", "Order", "Sees an ad", "Actions", "Emotions"):
        assert text in screen
    assert len(screen.splitlines()) <= 24
    assert max(len(line) for line in screen.splitlines()) <= 80
    terminal.keys("q")
    terminal.wait_exit()
    assert path.read_bytes() == on_disk


def test_a_paste_with_escape_sequences_stays_one_piece_of_text(
    terminal: Terminal, tmp_path: Path
) -> None:
    """A bracketed paste holding ESC (and ctrl+q) is text, in order, never key presses."""
    path = write_map(tmp_path / "paste.toml", sample_map("Paste journey"))
    terminal.start(str(CXTUI), str(path), width=80, height=24)
    terminal.wait_for("Paste journey")
    terminal.keys("l", "j")  # Order · Thoughts: "Quick #idea"
    terminal.wait_for("phase 2/4")
    terminal.keys("Enter")
    terminal.wait_for("Enter: new note")
    terminal.keys("Enter")
    terminal.tmux(
        "set-buffer", "red\x1b[31mtext\x1b[0m\tafter\nsecond\x07 and\x11 more", check=True
    )
    terminal.tmux("paste-buffer", "-p", check=True)  # -p: as a bracketed paste
    terminal.wait_for("second and more")
    terminal.keys("Escape")
    terminal.wait_gone("Enter: new note")
    terminal.keys("C-s")
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()
    notes = read_map(path).phases[1].notes("thoughts")
    assert notes == ("Quick #idea", "red[31mtext[0m after", "second and more")


@pytest.mark.parametrize("round_", range(2))
def test_keys_sent_in_one_burst_all_count(terminal: Terminal, tmp_path: Path, round_: int) -> None:
    """Keys that arrive together (a slow link) land as if typed one by one, in the file."""
    seed = int.from_bytes(os.urandom(4), "big")
    rnd = random.Random(seed)
    bursts = [[rnd.choice(BURST_KEYS) for _ in range(16)] for _ in range(3)]
    bursts[0][:4] = ["z", "z", "backspace", "w"]  # the one the issue reported
    path = write_map(tmp_path / "bursts.toml", sample_map("Burst journey"))
    start = read_map(path).phases[2].notes("actions")  # Wait · Actions: "Queues"
    model = NotesModel("\n".join(start))

    terminal.start(str(CXTUI), str(path), width=120, height=36)
    terminal.wait_for("Burst journey")
    terminal.keys("l", "l")
    terminal.wait_for("phase 3/4")
    terminal.keys("e")
    terminal.wait_for("Enter: new note")
    for burst in bursts:
        data = terminal_bytes(burst).encode("utf-8")
        terminal.tmux("send-keys", "-H", *(f"{byte:02x}" for byte in data), check=True)
        for key in burst:
            model.press(key)
    terminal.keys("Escape")
    terminal.wait_gone("Enter: new note")
    terminal.keys("C-s")
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()

    expected = tuple(notes_of(model.text))
    assert read_map(path).phases[2].notes("actions") == expected, (seed, bursts)


#: Phases of a map long enough to open from a preview (PREVIEW_CHARS).
N_LONG = 150


def test_keys_sent_with_the_command_act_on_the_whole_map(
    terminal: Terminal, tmp_path: Path
) -> None:
    """A long map paints from a preview of its first 16 phases; keys that are waiting
    before the rest is read (sent with the command) go to the whole map, and are saved."""
    journey = sample_map("Long journey")
    phases = tuple(replace(journey.phases[i % 4], title=f"Step {i + 1}", id=f"s{i}")
                   for i in range(N_LONG))  # fmt: skip
    path = write_map(tmp_path / "long.toml", replace(journey, phases=phases))
    assert len(path.read_text("utf-8")) >= PREVIEW_CHARS
    feeling = next(i for i, lane in enumerate(journey.lanes) if lane.kind == "emotion")
    before = read_map(path).phases[-1].emotion
    assert before is not None and before > journey.scale.min  # ("-" lowers it)

    terminal.start(str(CXTUI), str(path), width=120, height=36)
    terminal.keys("End", *["Down"] * feeling, "-")  # (before the first frame)
    shown = f"phase {N_LONG}/{N_LONG} Step {N_LONG}"
    terminal.wait(lambda s: shown in s and f"emotion {format_score(before - 1)}" in s, shown)
    terminal.keys("C-s")  # (not with the others: before the editor takes the terminal,
    terminal.wait_gone("[modified]")  # the terminal itself reads ctrl+s as XOFF)
    terminal.keys("q")
    terminal.wait_exit()

    assert read_map(path).phases[-1].emotion == before - 1
