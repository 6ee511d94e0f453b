"""The floor of the editor: a bare Textual app showing one line of text.

    python benchmarks/bare_app.py

It shows :data:`MARKER` in a Static and quits on q; the benchmarks time how long
it takes to paint (in a pty, and headless) and how much memory it takes. The
arrow keys, Home and End change the text (a counter after the marker), so that
the time from a key to the repainted screen has a floor too.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

#: The text the first paint shows, which the benchmarks wait for.
MARKER = "bare-textual-app-is-ready"


class BareApp(App[None]):
    """An App with a Static; q quits, the arrows, Home and End count."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("q", "quit", "Quit"),
        ("right,left,home,end", "count", "Count"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static(MARKER)

    def action_count(self) -> None:
        self.count += 1
        self.query_one(Static).update(f"{MARKER} {self.count}")


if __name__ == "__main__":
    BareApp().run()
