"""The help screen: who you are, where the settings live, and every key in force, grouped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from cxtui.config import Settings
from cxtui.model import DEFAULT_TAG_COLOURS, MARK_LABELS, MARK_SYMBOLS, MARKS
from cxtui.presence import Presence
from cxtui.render import MARK_STYLES
from cxtui.tui.dialogs.base import Dialog
from cxtui.tui.keys import KEYS, display_keys, keys_in_force
from cxtui.tui.served import BROWSER_KEYS_NOTE, served_root
from cxtui.user import named_user


def key_table(remapped: Mapping[str, Sequence[str]] | None = None) -> Table:
    """All keys in force (the defaults with `remapped` applied) as a Rich table, one
    section per group."""
    in_force = keys_in_force(remapped or {})
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
        table.add_row(Text(display_keys(in_force[spec.id])), Text(spec.help))
    table.add_row("", "")
    table.add_row(Text("In the cell editor", style="bold underline"), "")
    table.add_row(Text("Enter"), Text("Start a new note (one note per line)"))
    table.add_row(Text("Esc"), Text("Close, keeping the text"))
    table.add_row(Text("In dialogs", style="bold underline"), "")
    table.add_row(Text("Tab / Enter / Esc"), Text("Next field / OK / cancel"))
    table.add_row("", "")
    table.add_row(Text("Marks", style="bold underline"), "")
    for name in MARKS:
        what, action = MARK_HELP[name]
        keys = display_keys(in_force[action])
        line = Text(f"{MARK_LABELS[name]}{what} ({keys} on the focused note)")
        table.add_row(Text(MARK_SYMBOLS[name], style=MARK_STYLES[name]), line)
    table.add_row("", "")
    table.add_row(Text("Tags", style="bold underline"), "")
    table.add_row(Text("#word"), Text("in a note is a tag; these have colours:"))
    table.add_row("", tag_legend())
    table.add_row(Text("[tags]"), Text("in the map file gives tags colours (docs/format.md)"))
    table.add_row(
        Text(display_keys(in_force["tags"])),
        Text("the map's tags: a adds, r renames in every note, c colours, x takes out of [tags]"),
    )
    table.add_row(Text("ctrl+p"), Text("then #tag: go to its next note, or show only its notes"))
    table.add_row(
        Text(display_keys(in_force["show_all_notes"])),
        Text("shows all notes again (editing a cell always edits all its notes)"),
    )
    return table


#: What each mark's line in help says after its name, and the action that sets it.
MARK_HELP = {
    "fail": (": where the service breaks down", "mark_fail"),
    "wait": (": the customer waits", "mark_wait"),
    "works": (": a touchpoint that works", "judge_touchpoint"),
    "needs_work": (": a touchpoint that needs work", "judge_touchpoint"),
}


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
    HelpScreen #help-present {
        color: $text-accent;
        margin-bottom: 1;
    }
    HelpScreen #help-who {
        color: $text-muted;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "close"),
    ]

    def __init__(self, settings: Settings | None = None, present: Sequence[Presence] = ()) -> None:
        """`present`: the other editors that have the map open (named in full)."""
        super().__init__()
        self.settings = settings
        self.present = tuple(present)

    def compose(self) -> ComposeResult:
        # The title and how to close stay in view; only the keys scroll.
        with Vertical(classes="dialog", id="help"):
            yield Label("cxtui keys", classes="dialog-title")
            if self.settings is not None:
                yield Label(
                    f"you are {named_user() or self.settings.user} · config: {self.settings.path}",
                    id="help-who",
                    markup=False,
                )
            if self.present:
                yield Label(
                    "also editing this map: " + "; ".join(p.describe() for p in self.present),
                    id="help-present",
                    markup=False,
                )
            with VerticalScroll(id="help-keys"):
                yield Static(key_table(self.settings.keys if self.settings else None))
            yield Label(HELP_HINT, classes="dialog-hint")
