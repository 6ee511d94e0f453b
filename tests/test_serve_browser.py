"""`cxtui serve` in headless Chromium: the page opens with the token and not without it,
each tab's person joins with their name and sees the other's in the status line, a note
typed into a cell is saved to the file, and two tabs editing one map both keep their
notes (the first save is merged into the other tab's unsaved note, which then saves both).

Needs Debian's chromium and the node modules of tests/browser, as
tests/test_accessibility_browser.py does (it says why it skips; under CI it never skips).
Screenshots at 1280x800 and 1024x768 go to $CXTUI_SERVE_SHOTS (or the test's folder).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_helpers import serving
from test_accessibility_browser import BROWSER_DIR, CHROMIUM, missing
from tui_helpers import sample_map, write_map

from cxtui.fileformat import read_map
from cxtui.recovery import find_recovery


class Chromium:
    """tests/browser/serve.mjs: one JSON command a line, one answer each (bounded)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["node", str(BROWSER_DIR / "serve.mjs"), "--chromium", CHROMIUM],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=BROWSER_DIR,
            start_new_session=True,
        )
        self.answers: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.answers.put(line)

    def __call__(self, op: str, timeout: float = 60, **args: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.process.stdin.flush()
        try:
            answer: dict[str, Any] = json.loads(self.answers.get(timeout=timeout))
        except queue.Empty:
            raise AssertionError(f"the browser did not answer {op} {args}") from None
        assert answer.pop("ok"), answer.get("error")
        return answer

    def close(self) -> None:
        try:
            assert self.process.stdin is not None
            self.process.stdin.write('{"op": "close"}\n')
            self.process.stdin.close()
            self.process.wait(timeout=30)
        except (subprocess.TimeoutExpired, OSError, AssertionError):
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=10)


@pytest.fixture
def chromium() -> Iterator[Chromium]:
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run in CI: {reason}")
        pytest.skip(reason)
    browser = Chromium()
    try:
        yield browser
    finally:
        browser.close()


def join(browser: Chromium, tab: str, name: str, shot: Path | None = None) -> None:
    """In `tab`, answer the served editor's question: the person's name."""
    screen = browser("wait_text", tab=tab, text="Your name, as the others")["screen"]
    assert "Guest " in screen  # prefilled with a free guest name
    if shot is not None:
        browser("screenshot", tab=tab, path=str(shot))
    browser("type", tab=tab, text=name)  # (the guest name is selected: typing replaces it)
    browser("keys", tab=tab, keys=["Enter"])
    browser("wait_text", tab=tab, text=f"you are {name}")


def add_note(browser: Chromium, tab: str, note: str) -> None:
    """In `tab`, open the focused cell, add `note` as a new note, close the cell editor."""
    browser("keys", tab=tab, keys=["Enter"])
    browser("wait_text", tab=tab, text="Enter: new note")
    browser("keys", tab=tab, keys=["Enter"])  # the cursor is at the end: a new note
    browser("type", tab=tab, text=note)
    browser("wait_text", tab=tab, text=note)
    browser("keys", tab=tab, keys=["Escape"])
    browser("wait_text", tab=tab, text="[modified]")


def test_two_tabs_edit_one_served_map(chromium: Chromium, tmp_path: Path) -> None:
    shots = Path(os.environ.get("CXTUI_SERVE_SHOTS", tmp_path))
    folder = tmp_path / "workshop"
    folder.mkdir()
    path = write_map(folder / "clinic.toml", sample_map("Clinic visit"))
    with serving(path) as server:
        refused = chromium("status", url=server.base + "/")
        assert refused["status"] == 403 and "token" in refused["text"]
        assert chromium("status", url=server.base + "/?token=wrong")["status"] == 403

        assert chromium("open", tab="a", url=server.url, width=1280, height=800)["status"] == 200
        chromium("wait_text", tab="a", text="Clinic visit", timeout=30)
        join(chromium, "a", "Ana Nurse")
        chromium("wait_text", tab="a", text="phase 1/4")
        assert "every action" in chromium("screen", tab="a")["screen"]
        chromium("screenshot", tab="a", path=str(shots / "serve-1280x800.png"))
        chromium("open", tab="b", url=server.url, width=1024, height=768)
        chromium("wait_text", tab="b", text="Clinic visit", timeout=30)
        join(chromium, "b", "Bo Manager", shots / "serve-join-1024x768.png")
        # two tabs of one browser are two people: each status line names the other
        chromium("wait_text", tab="a", text="+1 editing: Bo Manager@")
        chromium("wait_text", tab="a", text=" is Bo Manager")  # (the guest said their name)
        chromium("wait_text", tab="b", text="+1 editing: Ana Nurse@")
        chromium("screenshot", tab="a", path=str(shots / "serve-presence-1280x800.png"))
        chromium("screenshot", tab="b", path=str(shots / "serve-1024x768.png"))

        # tab B: a note in phase 2's first lane, not saved yet
        chromium("keys", tab="b", keys=["l"])
        chromium("wait_text", tab="b", text="phase 2/4")
        add_note(chromium, "b", "Note from tab B")

        # tab A: a note in phase 1's first lane, saved
        add_note(chromium, "a", "Note from tab A")
        chromium("keys", tab="a", keys=["ctrl+s"])
        chromium("wait_gone", tab="a", text="[modified]")
        assert "Note from tab A" in read_map(path).phases[0].notes("actions")

        # tab B has A's save merged into its unsaved note within seconds (A is present),
        # then saves both without being asked
        chromium("wait_text", tab="b", text=" merged")
        chromium("screenshot", tab="b", path=str(shots / "serve-merged-1024x768.png"))
        chromium("keys", tab="b", keys=["ctrl+s"])
        chromium("wait_gone", tab="b", text="[modified]")
        saved = read_map(path)
        assert "Note from tab A" in saved.phases[0].notes("actions")
        assert "Note from tab B" in saved.phases[1].notes("actions")

        # keys the browser keeps (ctrl+w: save as) are in the palette
        chromium("keys", tab="a", keys=["ctrl+p"])
        chromium("type", tab="a", text="another name")
        chromium("wait_text", tab="a", text="Save the map under another name")
        chromium("screenshot", tab="a", path=str(shots / "serve-palette-1280x800.png"))
        chromium("keys", tab="a", keys=["Escape"])

        # closing a tab with unsaved edits keeps them in the recovery copy
        chromium("type", tab="b", text="+")
        chromium("wait_text", tab="b", text="[modified]")
        edited_emotion = saved.phases[1].emotion + 1
        chromium("close_tab", tab="b")
        deadline = time.monotonic() + 20
        while find_recovery(path) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        recovery = find_recovery(path)
        assert recovery is not None
        assert recovery.journey.phases[1].emotion == edited_emotion
        assert read_map(path) == saved
