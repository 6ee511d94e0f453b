"""A read-only, scrollable page of text (the comparison of two maps)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from cxtui.tui.dialogs.base import Dialog


class TextPage(Dialog[None]):
    """Shows `text` literally; Escape or q closes it."""

    DEFAULT_CSS = """
    TextPage #text-page {
        width: 100;
        height: 90%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.page_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="text-page"):
            yield Label(Content(self.page_title), classes="dialog-title")
            yield Static(Content(self.text))
            yield Label("↑↓ PgUp PgDn: scroll · Esc: close", classes="dialog-hint")
