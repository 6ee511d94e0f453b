"""The look shared by every modal screen: a framed box in the middle of a dimmed map."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose content is a `.dialog` box (title, message, hint, buttons)."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        background: $background 60%;
    }
    Dialog .dialog {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $panel;
        padding: 0 1;
    }
    Dialog .dialog-title {
        text-style: bold;
        width: 100%;
        margin-bottom: 1;
    }
    Dialog .dialog-message {
        width: 100%;
    }
    Dialog .dialog-hint {
        color: $text-muted;
        width: 100%;
        margin-top: 1;
    }
    Dialog .dialog-buttons {
        height: auto;
        width: 100%;
        align: center middle;
        margin-top: 1;
    }
    Dialog .dialog-buttons Button {
        margin: 0 1;
    }
    /* Five choices (cancel, merge, overwrite, reload, save as): narrower buttons, so
       all of them fit in the dialog, down to an 80-column terminal. */
    Dialog #conflict-dialog Button {
        min-width: 9;
        margin: 0 0 0 1;
    }
    Dialog OptionList {
        height: auto;
        max-height: 12;
    }
    """
