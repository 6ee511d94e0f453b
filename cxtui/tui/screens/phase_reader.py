"""The focused phase read linearly: plain sentences a screen reader can follow.

The same words as `cxtui print --linear` (:mod:`cxtui.linear`): "Phase 4 of 6: …",
its stage, its emotion in words with the scale, then each lane and its notes, one
a line; no box drawing, no glyph standing for a value, no colour carrying meaning.
It fills the screen with plain lines, no border and no scroll bar, so that what
a screen reader finds on the screen is the phase and nothing else. Left and right
read the previous and next phase; closing returns the phase last read, so the
grid's cursor can follow.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from cxtui import linear
from cxtui.model import JourneyMap

HINT = "Left, Right: previous or next phase. Up, Down, PgUp, PgDn: scroll. Escape: close."


def phase_text(m: JourneyMap, index: int) -> str:
    """Phase `index` of `m` as the reader shows it: its lines, and the curve summary."""
    lines = linear.phase_lines(m, index, symbols=True)
    if linear.has_emotion(m):
        lines += ["", linear.curve_summary(m)]
    return "\n".join(lines)


class PhaseReader(Screen[int]):
    """Shows one phase linearly; dismissed with the index of the phase last shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,t", "close", "close"),
        Binding("left,h", "step(-1)", "previous phase"),
        Binding("right,l", "step(1)", "next phase"),
    ]
    DEFAULT_CSS = """
    PhaseReader { padding: 0 1; }
    #phase-reader-title { text-style: bold; margin-bottom: 1; }
    #phase-reader { height: 1fr; scrollbar-size-vertical: 0; }
    #phase-reader-hint { dock: bottom; color: $text-muted; }
    """

    def __init__(self, m: JourneyMap, index: int) -> None:
        super().__init__()
        self.map = m
        self.index = max(0, min(index, len(m.phases) - 1))

    def compose(self) -> ComposeResult:
        yield Label(Content(self.map.title or "Untitled map"), id="phase-reader-title")
        with VerticalScroll(id="phase-reader"):
            yield Static(Content(phase_text(self.map, self.index)), id="phase-reader-body")
        yield Label(HINT, id="phase-reader-hint")

    def on_mount(self) -> None:
        self.query_one("#phase-reader", VerticalScroll).focus()

    def action_step(self, step: int) -> None:
        index = self.index + step
        if not 0 <= index < len(self.map.phases):
            self.app.bell()
            return
        self.index = index
        self.query_one("#phase-reader-body", Static).update(Content(phase_text(self.map, index)))
        self.query_one("#phase-reader", VerticalScroll).scroll_home(animate=False)

    def action_close(self) -> None:
        self.dismiss(self.index)
