"""The help screen: who you are, where the settings live, and every key in force, grouped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from cxtui.config import Settings
from cxtui.tui.dialogs.base import Dialog
from cxtui.tui.keys import KEYS, display_keys, keys_in_force


def key_table(remapped: Mapping[str, Sequence[str]] | None = None) -> Table:
    """All keys in force (the defaults with `remapped` applied) as a Rich table, one
    section per group."""
    in_force = keys_in_force(remapped or {})
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    group = None
    for spec in KEYS:
        if spec.group != group:
            if group is not None:
                table.add_row("", "")
            group = spec.group
            table.add_row(Text(group, style="bold underline"), "")
        table.add_row(Text(display_keys(in_force[spec.id])), Text(spec.help))
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
    HelpScreen #help-who {
        color: $text-muted;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "close"),
    ]

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("cxtui keys", classes="dialog-title")
            if self.settings is not None:
                yield Label(
                    f"you are {self.settings.user} · config: {self.settings.path}",
                    id="help-who",
                    markup=False,
                )
            yield Static(key_table(self.settings.keys if self.settings else None))
            yield Label("↑↓ PgUp PgDn: scroll · Esc: close", classes="dialog-hint")
