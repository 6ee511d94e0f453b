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
    """A text area: a paste is cleaned, tabs becoming spaces and line breaks kept."""

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # instead of TextArea's own paste, which takes it as it is
        event.stop()
        if self.read_only:
            return
        result = self.replace(clean_block(event.text), *self.selection)
        self.move_cursor(result.end_location)
