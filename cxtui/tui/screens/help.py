"""The help screen: every key of the contract, grouped."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from cxtui.model import DEFAULT_TAG_COLOURS
from cxtui.tui.dialogs.base import Dialog
from cxtui.tui.keys import KEYS


def key_table() -> Table:
    """All keys as a Rich table, one section per group."""
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
        table.add_row(Text(spec.display_keys), Text(spec.help))
    table.add_row("", "")
    table.add_row(Text("In the cell editor", style="bold underline"), "")
    table.add_row(Text("Enter"), Text("Start a new note (one note per line)"))
    table.add_row(Text("Esc"), Text("Close, keeping the text"))
    table.add_row(Text("In dialogs", style="bold underline"), "")
    table.add_row(Text("Tab / Enter / Esc"), Text("Next field / OK / cancel"))
    table.add_row("", "")
    table.add_row(Text("Tags", style="bold underline"), "")
    table.add_row(Text("#word"), Text("in a note is a tag; these have colours:"))
    table.add_row("", tag_legend())
    table.add_row(Text("[tags]"), Text("in the map file gives tags colours (docs/format.md)"))
    table.add_row(Text("ctrl+p"), Text("then #tag: go to the next note with that tag"))
    return table


def tag_legend() -> Text:
    """The tags that have a colour by default, each in its colour."""
    legend = Text()
    for n, (tag, colour) in enumerate(DEFAULT_TAG_COLOURS.items()):
        legend.append(("" if n == 0 else " ") + f"#{tag}", style=f"bold {colour}")
    return legend


HELP_HINT = "↑↓ PgUp PgDn: scroll · Esc, q or ?: close"


class HelpScreen(Dialog[None]):
    """Every key, grouped; any of Escape, q, ? or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen #help {
        width: 90;
        height: 90%;
    }
    HelpScreen #help-keys {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "close"),
    ]

    def compose(self) -> ComposeResult:
        # The title and how to close stay in view; only the keys scroll.
        with Vertical(classes="dialog", id="help"):
            yield Label("cxtui keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(key_table())
            yield Label(HELP_HINT, classes="dialog-hint")
