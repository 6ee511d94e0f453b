"""Shared helpers for the editor's Pilot, snapshot and tmux tests.

Maps are built in code (never read from sample_maps/ or the templates), so a test
always knows exactly what it starts from.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import re
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen

from cxtui.document import Document
from cxtui.fileformat import dumps, read_map
from cxtui.model import EmotionScale, JourneyMap, Lane, Persona, Phase
from cxtui.tui.app import CxtuiApp
from cxtui.tui.compat import PasteSafeParser, driver_of, key_event, shown_notifications
from cxtui.tui.keys import KEYS
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.widgets.grid import MapGrid
from cxtui.tui.widgets.status_line import StatusLine

SIZE = (80, 24)

#: The lanes of `sample_map`, top to bottom.
ACTIONS, THOUGHTS, EMOTIONS = 0, 1, 2


def sample_map(title: str = "Coffee order") -> JourneyMap:
    """Four phases by three lanes (two text lanes, then the emotion lane).

    Phase 1 is unrated, phase 2 sits at 0, phase 3 at the top of the scale and
    phase 4 at the bottom, so every emotion edge case has a phase.
    """
    lanes = (
        Lane("actions", "Actions"),
        Lane("thoughts", "Thoughts"),
        Lane("emotions", "Emotions", "emotion"),
    )
    phases = (
        Phase(
            "Discover",
            "Before",
            None,
            {"actions": ("Sees an ad", "Asks a friend"), "thoughts": ("Is it good?",)},
        ),
        Phase("Order", "Before", 0, {"actions": ("Opens the app",), "thoughts": ("Quick #idea",)}),
        Phase("Wait", "During", 2, {"actions": ("Queues",)}),
        Phase("Drink", None, -2, {"thoughts": ("Too cold #pain",)}),
    )
    return JourneyMap(
        title,
        kind="current-state",
        description="How a regular orders a coffee.",
        persona=Persona(
            "Ada", "Regular", ("Good coffee",), ("Speed",), ("Queues",), "Fast, please"
        ),
        scale=EmotionScale(-2, 2),
        lanes=lanes,
        phases=phases,
    )


def text_only_map(title: str = "Text only") -> JourneyMap:
    """Three phases by two text lanes and no emotion lane."""
    lanes = (Lane("steps", "Steps"), Lane("feelings", "Feelings"))
    phases = tuple(
        Phase(f"P{i}", None, None, {"steps": (f"step {i}",), "feelings": (f"feel {i}",)})
        for i in range(1, 4)
    )
    return JourneyMap(title, lanes=lanes, phases=phases)


def wide_map(phases: int = 9) -> JourneyMap:
    """Many phases (for paging) and one text lane plus the emotion lane."""
    lanes = (Lane("actions", "Actions"), Lane("emotions", "Emotions", "emotion"))
    return JourneyMap(
        "Wide",
        lanes=lanes,
        phases=tuple(Phase(f"Phase {i}", None, 0, {"actions": (f"a{i}",)}) for i in range(phases)),
    )


def one_by_one_map() -> JourneyMap:
    """The smallest map: one phase, one lane."""
    return JourneyMap("Tiny", lanes=(Lane("actions", "Actions"),), phases=(Phase("Only"),))


def write_map(path: Path, journey: JourneyMap) -> Path:
    """Write `journey` to `path` in the map file format."""
    path.write_text(dumps(journey), encoding="utf-8")
    return path


def make_app(journey: JourneyMap | None = None, path: Path | None = None) -> CxtuiApp:
    """The editor for `journey` (default: `sample_map`), without the recovery timer and
    signal handlers (their own tests are the tmux safety tests)."""
    return CxtuiApp(Document(journey or sample_map(), path), guard=False)


def grid(app: CxtuiApp) -> MapGrid:
    """The map grid of `app`."""
    return app.map_screen.grid


def here(app: CxtuiApp) -> tuple[int, int]:
    """The focused (phase, lane) of `app`."""
    g = grid(app)
    return g.phase, g.lane


def notifications(app: CxtuiApp) -> list[str]:
    """The messages of the notifications currently shown by `app`."""
    return [n.message for n in shown_notifications(app)]


async def wait_until(
    pilot: Pilot[object], condition: Callable[[], bool], timeout: float = 5.0
) -> None:
    """Let the app run until `condition()` holds (fail after `timeout` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.01)


async def wait_for_screen(
    pilot: Pilot[object], kind: type[Screen[object]], timeout: float = 5.0
) -> Screen[object]:
    """Wait until the top screen is a `kind`; return it."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), timeout)
    return pilot.app.screen


async def tap(pilot: Pilot[object], *keys: str) -> None:
    """Press `keys` (Textual key names or characters) in one go, then let the app settle.

    The keys go through the same path as `Pilot.press`, but without waiting for the
    app to go idle after each one (which costs ~60 ms a key): a person typing fast.
    Use it within one text field, never for keys that change the screen.
    """
    app = pilot.app
    driver = driver_of(app)
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()


#: What a terminal sends for each key the burst tests use (besides characters).
KEY_BYTES = {
    "backspace": "\x7f",
    "delete": "\x1b[3~",
    "left": "\x1b[D",
    "right": "\x1b[C",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "enter": "\r",
    "tab": "\t",
    "ctrl+u": "\x15",
    "ctrl+k": "\x0b",
    "ctrl+w": "\x17",
}


def terminal_bytes(keys: Iterable[str]) -> str:
    """What a terminal sends for `keys` (names in :data:`KEY_BYTES`, or characters)."""
    return "".join(KEY_BYTES.get(key, key) for key in keys)


async def feed_terminal(pilot: Pilot[object], data: str) -> None:
    """Hand `data` to the app as one read from the terminal: through cxtui's input
    parser, every event it makes sent to the driver at once, then let the app settle."""
    app = pilot.app
    driver = driver_of(app)
    parser = PasteSafeParser()
    for message in parser.feed(data):
        message.set_sender(app)
        driver.send_message(message)
    await pilot.pause()


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type `text` into the focused field ("\\n" presses Enter)."""
    await tap(pilot, *("enter" if c == "\n" else c for c in text))


_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]*line-(\d+)\)">([^<]*)</text>'
)
#: The width of one cell in Textual's SVG screenshots.
SVG_CELL_WIDTH = 12.2


def svg_text(svg: str) -> str:
    """The characters of a Textual SVG screenshot, one line per terminal row."""
    rows: dict[int, dict[int, str]] = {}
    for match in _SVG_TEXT.finditer(svg):
        x, row, text = float(match[1]), int(match[2]), html.unescape(match[3])
        line = rows.setdefault(row, {})
        column = round(x / SVG_CELL_WIDTH)
        for i, char in enumerate(text.replace("\xa0", " ")):
            line[column + i] = char
    if not rows:
        return ""
    return "\n".join(
        "".join(rows.get(r, {}).get(c, " ") for c in range(max(rows.get(r, {0: ""})) + 1)).rstrip()
        for r in range(max(rows) + 1)
    )


def screen_text(app: CxtuiApp) -> str:
    """What the terminal shows now, as plain text."""
    return svg_text(app.export_screenshot())


def _running(pid: int) -> bool:
    """Whether `pid` runs a cxtui (a zombie has finished; another program is not ours)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return "\nState:\tZ" not in status and b"cxtui" in command


def reap(pids: Iterable[int], grace: float = 5.0) -> list[int]:
    """Make sure the cxtui processes `pids` (started by a test) are gone, even when the
    test failed: give them `grace` seconds to leave by themselves (a killed terminal
    sends them SIGHUP), then SIGKILL them. Returns those that had to be killed."""
    left = [pid for pid in pids if _running(pid)]
    deadline = time.monotonic() + grace
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = [pid for pid in left if _running(pid)]
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return left


# -- shared by the Pilot tests of the editor ------------------------------------------

#: Every (spec, key) pair of the contract.
KEY_PAIRS = [(spec, key) for spec in KEYS for key in spec.keys.split(",")]


def status_text(app: CxtuiApp) -> str:
    return app.map_screen.query_one(StatusLine).render().plain


def titles(app: CxtuiApp) -> list[str]:
    return [p.title for p in app.document.map.phases]


def lane_keys(app: CxtuiApp) -> list[str]:
    return [lane.key for lane in app.document.map.lanes]


async def focus(pilot, phase: int, lane: int) -> None:
    """Put the cursor on (phase, lane) without pressing the keys under test."""
    pilot.app.map_screen.move_to(phase, lane)
    await pilot.pause()
    assert here(pilot.app) == (phase, lane)


Check = Callable[[CxtuiApp, JourneyMap, Path], None]


def edits(
    condition: Callable[[JourneyMap], bool], at: tuple[int, int] | None = None, screen=MapScreen
) -> Check:
    def check(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
        assert isinstance(app.screen, screen), app.screen
        assert app.document.map != before
        assert condition(app.document.map)
        if at is not None:
            assert here(app) == at

    return check


def shows(view: str) -> Check:
    def check(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
        assert isinstance(app.screen, MapScreen)
        assert grid(app).view == view
        assert here(app) == (1, THOUGHTS)
        assert app.document.map == before

    return check


def saved(app: CxtuiApp, before: JourneyMap, path: Path) -> None:
    assert app.document.map == before
    assert read_map(path) == before
    assert not app.document.modified


def flat_text(app: CxtuiApp) -> str:
    """The words of the top screen's labels and buttons, in one line (a dialog's
    sentences wrap on the screen)."""
    parts = [str(widget.render()) for widget in app.screen.query("Label, Button")]
    return " ".join(" ".join(parts).split())
