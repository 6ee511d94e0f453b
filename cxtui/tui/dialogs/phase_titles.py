"""The prompt for a new phase's title, which takes several phases at once.

Typing gives one title, as in any prompt. A paste of several lines (a list of steps
copied from notes) gives one phase per non-blank line: the prompt accepts it at once,
so that the phases are added in one step.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label

from cxtui.text import clean_block
from cxtui.tui.dialogs.prompts import TextPrompt
from cxtui.tui.widgets.fields import CleanInput

PHASE_TITLES_HINT = "Enter: OK · Esc: cancel · paste several lines: a phase each"


def titles_of(text: str) -> list[str]:
    """The phase titles `text` stands for: one a non-blank line, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class TitlesInput(CleanInput):
    """A one-line field that submits a paste of several lines as it is, lines kept."""

    def _on_paste(self, event: events.Paste) -> None:
        lines = titles_of(clean_block(event.text))
        if len(lines) < 2:
            super()._on_paste(event)
            return
        event.prevent_default()
        event.stop()
        typed = self.value[: self.selection.start] + self.value[self.selection.end :]
        first = lines[0] if not typed.strip() else typed.strip() + " " + lines[0]
        self.post_message(Input.Submitted(self, "\n".join([first, *lines[1:]])))


class PhaseTitlesPrompt(TextPrompt):
    """:class:`TextPrompt` for phase titles: the answer may hold several lines."""

    def __init__(self, value: str, check: Callable[[str], str | None] | None = None) -> None:
        super().__init__("Phase title", value, hint=PHASE_TITLES_HINT, check=check)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.prompt_title), classes="dialog-title")
            yield TitlesInput(self.value, placeholder=self.placeholder)
            error = Label("", id="prompt-error", classes="form-error")
            error.display = False
            yield error
            yield Label(Content(self.hint), classes="dialog-hint")
