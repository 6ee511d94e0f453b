"""Draft mode: the whole map as a Markdown outline in a text editor.

The outline is the one `cxtui import notes.md` reads (docs/interchange.md): a ``##``
heading a phase, its score in brackets, a ``stage:`` line and bullets whose prefix names
their lane. Nothing reaches the map until ctrl+s reads the text without a problem; then
the screen closes with the new map and the phase the cursor was in. Problems are listed
with their line, the cursor goes to the first, and the text stays as written.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static, TextArea

from cxtui.fileformat import MapFileError
from cxtui.interchange import outline
from cxtui.model import JourneyMap
from cxtui.record import record
from cxtui.tui.widgets.fields import CleanTextArea

DRAFT_HINT = (
    "ctrl+s: apply to the map (one step; u undoes it) · ctrl+n: empty the outline "
    "(ctrl+z brings it back) · Esc: leave (asks if changed)"
)


@record
class Drafted:
    """What draft mode gives back: the map written, and the phase the cursor was in."""

    journey: JourneyMap
    phase: int


class DraftScreen(Screen[Drafted | None]):
    """Write the map as an outline; ctrl+s applies it, Escape leaves (asking first if
    the text changed)."""

    DEFAULT_CSS = """
    DraftScreen #draft-title {
        text-style: bold;
        width: 100%;
        padding: 0 1;
        background: $panel;
    }
    DraftScreen #draft {
        height: 1fr;
    }
    DraftScreen #draft-problems {
        color: $text-error;
        height: auto;
        max-height: 8;
        padding: 0 1;
    }
    DraftScreen #draft-hint {
        color: $text-muted;
        width: 100%;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "apply", priority=True),
        Binding("escape", "leave", "leave", priority=True),
        Binding("ctrl+n", "empty", "empty outline", priority=True),
    ]

    def __init__(self, journey: JourneyMap, phase: int = 0) -> None:
        super().__init__()
        self.journey = journey
        self.text = outline.dumps(journey)
        try:
            lines = outline.read(self.text, "draft", journey, journey.title).phase_lines
        except MapFileError:  # (applying would show why; the cursor starts at the top)
            lines = []
        self.start_line = lines[min(phase, len(lines) - 1)] - 1 if lines else 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(f"Draft of “{self.journey.title}”"), id="draft-title")
            area = CleanTextArea(self.text, id="draft", soft_wrap=True, tab_behavior="indent")
            area.show_line_numbers = True
            yield area
            problems = Static("", id="draft-problems")
            problems.display = False
            yield problems
            yield Label(DRAFT_HINT, id="draft-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor((self.start_line, 0))
        area.scroll_cursor_visible(center=True, animate=False)

    @property
    def area(self) -> TextArea:
        """The text area of the outline."""
        return self.query_one(TextArea)

    def read(self) -> Drafted | None:
        """The map the text stands for; None, with the problems shown, if it has any."""
        try:
            found = outline.read(self.area.text, "draft", self.journey, self.journey.title)
        except MapFileError as error:
            self.show_problems(error)
            return None
        drafted = outline.kept_from(self.journey, found.map)  # its marks, votes, links
        return Drafted(drafted, found.phase_at(self.area.cursor_location[0] + 1))

    def show_problems(self, error: MapFileError) -> None:
        shown = self.query_one("#draft-problems", Static)
        lines = [f"line {p.line}, column {p.col}: {p.message}" for p in error.problems]
        count = len(lines)
        heading = "Not applied: 1 problem" if count == 1 else f"Not applied: {count} problems"
        shown.update(Content("\n".join([heading + " (the text is kept)", *lines])))
        shown.display = True
        first = error.problems[0]
        self.area.move_cursor((first.line - 1, max(0, first.col - 1)))
        self.area.scroll_cursor_visible(center=True, animate=False)
        self.app.bell()

    def keep(self) -> bool:
        """Close with the map written, unless the text has problems (then show them and
        stay); whether it closed."""
        drafted = self.read()
        if drafted is None:
            return False
        self.dismiss(drafted)
        return True

    def action_apply(self) -> None:
        self.keep()

    def action_empty(self) -> None:
        """Empty the text, to write or paste notes from scratch (without a ``#`` line the
        map keeps its title); an edit of the text, so ctrl+z undoes it."""
        area = self.area
        area.replace("", area.document.start, area.document.end)

    def action_leave(self) -> None:
        from cxtui.tui.dialogs.prompts import ConfirmDialog

        if self.area.text == self.text:
            self.dismiss(None)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Drop the changes to the draft?", "Drop them", "Keep writing"),
            answered,
        )
