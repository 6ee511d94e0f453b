"""The help screen: every key of the contract, grouped."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from cxtui.tui.dialogs.base import Dialog
from cxtui.tui.keys import KEYS
from cxtui.tui.served import BROWSER_KEYS_NOTE, served_root


def key_table() -> Table:
    """All keys as a Rich table, one section per group."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    group = None
    if served_root() is not None:
        table.add_row(Text("In a browser", style="bold underline"), "")
        table.add_row(Text("ctrl+p"), Text(BROWSER_KEYS_NOTE))
        table.add_row("", "")
    for spec in KEYS:
        if spec.group != group:
            if group is not None:
                table.add_row("", "")
            group = spec.group
            table.add_row(Text(group, style="bold underline"), "")
        table.add_row(Text(spec.display_keys), Text(spec.help))
    table.add_row("", "")
    table.add_row(Text("In the cell editor", style="bold underline"), "")
    table.add_row(Text("Enter"), Text("Start a new note (one note per line)"))
    table.add_row(Text("Esc"), Text("Close, keeping the text"))
    table.add_row(Text("In dialogs", style="bold underline"), "")
    table.add_row(Text("Tab / Enter / Esc"), Text("Next field / OK / cancel"))
    return table


class HelpScreen(Dialog[None]):
    """Every key, grouped; any of Escape, q, ? or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen #help {
        width: 90;
        height: 90%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("cxtui keys", classes="dialog-title")
            yield Static(key_table())
            yield Label("↑↓ PgUp PgDn: scroll · Esc: close", classes="dialog-hint")
