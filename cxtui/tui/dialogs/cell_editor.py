"""The cell editor: a cell's notes, one per line, in a text area."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, TextArea

from cxtui.tui.dialogs.base import Dialog
from cxtui.tui.widgets.fields import CleanTextArea

EDITOR_HINT = (
    "Enter: new note · a line “pain: …” goes to that lane · Esc: done (keeps the text; u undoes it)"
)

#: Says why the model would refuse these notes, or None when it would take them.
NotesCheck = Callable[[list[str]], "str | None"]


def notes_of(text: str) -> list[str]:
    """The notes a cell editor's text stands for: one a line, blank lines left out.

    A note is one line, so a blank line is no note (the model keeps notes exactly
    as it is given them: the editor drops the blank ones itself).
    """
    return [line.strip() for line in text.splitlines() if line.strip()]


class CellEditor(Dialog[list[str]]):
    """Edit one cell. Escape closes it and keeps the text: the result is the list of notes.

    If `check` says the model would refuse the notes (a note too long, too many
    notes), the editor stays open with the reason, so that nothing typed is lost.
    """

    DEFAULT_CSS = """
    CellEditor #cell-editor {
        width: 80;
    }
    CellEditor #cell-editor TextArea {
        height: 12;
        max-height: 50vh;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "done", priority=True),
        Binding("ctrl+s", "done", "done", show=False, priority=True),
    ]

    def __init__(
        self, heading: str, notes: tuple[str, ...], check: NotesCheck | None = None
    ) -> None:
        super().__init__()
        self.heading = heading
        self.notes = notes
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="cell-editor"):
            yield Label(Content(self.heading), classes="dialog-title")
            area = CleanTextArea(
                "\n".join(self.notes),
                one_item_a_line=True,
                id="notes",
                soft_wrap=True,
                tab_behavior="focus",
            )
            area.show_line_numbers = False
            yield area
            error = Label("", id="cell-error", classes="form-error")
            error.display = False
            yield error
            yield Label(EDITOR_HINT, classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def keep(self) -> bool:
        """Close and give the notes, unless the model would refuse them (then say why
        and stay open); whether it closed."""
        notes = notes_of(self.query_one(TextArea).text)
        problem = self.check(notes) if self.check is not None else None
        if problem is not None:
            error = self.query_one("#cell-error", Label)
            error.update(
                Content(f"Not kept: {problem}. Shorten the text, then Esc again (ctrl+z undoes).")
            )
            error.display = True
            self.app.bell()
            return False
        self.dismiss(notes)
        return True

    def action_done(self) -> None:
        self.keep()
