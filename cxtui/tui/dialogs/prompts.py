"""Small modal dialogs: a one-line prompt, a choice, yes/no, buttons, overwrite, quit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from cxtui.tui.dialogs.base import Dialog
from cxtui.tui.widgets.fields import CleanInput


class TextPrompt(Dialog[str | None]):
    """Ask for one line of text: Enter accepts, Escape cancels (None).

    The current value starts selected, so typing replaces it and an arrow key keeps it.
    `check` says why an answer would be refused (None when it is fine): the prompt
    then stays open with the reason, keeping what was typed.
    """

    DEFAULT_CSS = """
    TextPrompt .form-error {
        color: $error;
        width: 100%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint or "Enter: OK · Esc: cancel"
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.prompt_title), classes="dialog-title")
            yield CleanInput(self.value, placeholder=self.placeholder)
            error = Label("", id="prompt-error", classes="form-error")
            error.display = False
            yield error
            yield Label(Content(self.hint), classes="dialog-hint")

    @on(Input.Submitted)
    def accept(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check is not None else None
        if problem is not None:
            label = self.query_one("#prompt-error", Label)
            label.update(Content(problem))
            label.display = True
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(Dialog[str | None]):
    """Pick one of several choices with the arrows and Enter; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], current: str | None = None
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.choices = list(choices)  # (value, label)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.prompt_title), classes="dialog-title")
            yield OptionList(*(Option(Content(label), id=value) for value, label in self.choices))
            yield Label("↑↓: choose · Enter: OK · Esc: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        options.highlighted = values.index(self.current) if self.current in values else 0

    @on(OptionList.OptionSelected)
    def accept(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog[bool]):
    """A yes/no question: y or Enter on Yes confirms; n or Escape declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "no"),
        Binding("y", "answer(True)", "yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="warning")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ButtonDialog(Dialog[str]):
    """A message with buttons, each with a key; the result is the chosen button's id.

    Enter presses the focused button (the first one at the start); Escape
    gives `escape`; ← → move between the buttons.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "cancel"),
        Binding("left,h", "app.focus_previous", show=False),
        Binding("right,l", "app.focus_next", show=False),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        buttons: Sequence[tuple[str, str, str]],
        escape: str = "cancel",
        dialog_id: str | None = None,
        escape_label: str = "back",
    ) -> None:
        """`buttons` are (id, label, key); `escape` is what Escape answers, and
        `escape_label` what the hint says it does."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.buttons = list(buttons)
        self.escape_value = escape
        self.escape_label = escape_label
        self.dialog_id = dialog_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id=self.dialog_id):
            yield Label(Content(self.title_text), classes="dialog-title")
            if self.message:
                yield Label(Content(self.message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for n, (button_id, label, _) in enumerate(self.buttons):
                    yield Button(label, id=button_id, variant="primary" if n == 0 else "default")
            keys = " · ".join(f"{key}: {label.lower()}" for _, label, key in self.buttons)
            yield Label(Content(f"{keys} · Esc: {self.escape_label}"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        for button_id, _, key in self.buttons:
            if event.character is not None and event.character == key:
                event.stop()
                self.dismiss(button_id)
                return

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or self.escape_value)

    def action_escape(self) -> None:
        self.dismiss(self.escape_value)


class QuitDialog(ButtonDialog):
    """Unsaved changes on quit: "save", "discard" or "cancel" (Escape)."""

    def __init__(self, file_name: str) -> None:
        super().__init__(
            f"{file_name} has unsaved changes.",
            "Save them before quitting?",
            [("save", "Save", "s"), ("discard", "Discard", "d"), ("cancel", "Cancel", "c")],
            dialog_id="quit-dialog",
        )


class OverwriteDialog(ButtonDialog):
    """`target` exists: "overwrite" it or "cancel" (Escape).

    Enter presses the focused button: Overwrite for an export (writing it again is why
    one exports to the same name), Cancel for a map file (someone's work).
    """

    def __init__(self, target: Path, what: str, overwrite_first: bool) -> None:
        overwrite = ("overwrite", "Overwrite", "o")
        cancel = ("cancel", "Cancel", "c")
        super().__init__(
            f"{target.name} exists.",
            f"Overwrite {target} with {what}?",
            [overwrite, cancel] if overwrite_first else [cancel, overwrite],
            dialog_id="overwrite-dialog",
            escape_label="cancel",
        )


def default_save_name(title: str, folder: Path | None = None) -> str:
    """A file name for a map that has none yet, made from its title."""
    stem = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    while "--" in stem:
        stem = stem.replace("--", "-")
    name = f"{stem or 'journey-map'}.toml"
    return str((folder or Path.cwd()) / name)
