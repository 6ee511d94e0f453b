"""Text fields that clean what is pasted into them.

Pasted text may hold ESC and other control characters (copied from a terminal, say).
Textual's fields take a paste as it is and draw it as it is, so such characters
would reach the terminal before the model drops them. These fields clean a paste
with :mod:`cxtui.text` first.

Editing can make text that a paste would not hold: deleting the middle person of a
family emoji leaves two joiners side by side, which Rich 15 crashes on when it cuts
the line to the field's width. So a one-line field also drops stray joiners from
every value it takes (:func:`cxtui.text.drop_stray_joiners`).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from cxtui.text import clean_block, clean_line, drop_stray_joiners


class CleanInput(Input):
    """A one-line field: a paste is cleaned, its line breaks becoming spaces, and
    joiners left stray by an edit are dropped."""

    def validate_value(self, value: str) -> str:
        return drop_stray_joiners(value)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # instead of Input's own paste, which takes it as it is
        super()._on_paste(events.Paste(clean_line(event.text)))
        event.stop()


class CleanTextArea(TextArea):
    """A text area: a paste is cleaned, tabs becoming spaces and line breaks kept.

    With `one_item_a_line` (a cell's notes, a list field), a paste of several lines
    into a line that holds text (and no selection) goes in after that line, each
    pasted line its own item: its first line is never glued onto the item there.
    """

    def __init__(self, text: str = "", *, one_item_a_line: bool = False, **options: Any) -> None:
        super().__init__(text, **options)
        self.one_item_a_line = one_item_a_line

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # instead of TextArea's own paste, which takes it as it is
        event.stop()
        if self.read_only:
            return
        text = clean_block(event.text)
        row, _ = self.cursor_location
        if (
            self.one_item_a_line
            and self.selection.is_empty  # (a paste over a selection replaces it)
            and "\n" in text.strip("\n")
            and self.document[row].strip()
        ):
            end = (row, len(self.document[row]))
            result = self.replace("\n" + text.strip("\n"), end, end)
        else:
            result = self.replace(text, *self.selection)
        self.move_cursor(result.end_location)
