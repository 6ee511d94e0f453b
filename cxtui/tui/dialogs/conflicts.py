"""The list of a map's merge conflicts, to settle one at a time (ours, theirs, both)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cxtui.merge import describe_conflict, sides_of
from cxtui.model import JourneyMap

#: What the dialog answers: the conflict's index and how to settle it.
Choice = tuple[int, str]


class ConflictsDialog(ModalScreen[Choice | None]):
    """Pick a conflict with the arrows; o keeps ours, t takes theirs, b keeps both notes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "settle('ours')", "keep ours"),
        Binding("t", "settle('theirs')", "take theirs"),
        Binding("b", "settle('both')", "keep both"),
        Binding("escape", "cancel", "close"),
    ]

    def __init__(self, journey: JourneyMap) -> None:
        super().__init__()
        self.journey = journey

    def compose(self) -> ComposeResult:
        conflicts = self.journey.conflicts
        with Vertical(classes="dialog"):
            yield Label(
                Content(f"Merge conflicts ({len(conflicts)}): the map holds ours"),
                classes="dialog-title",
            )
            yield OptionList(
                *(
                    Option(Content(describe_conflict(self.journey, c).partition("; keep")[0]))
                    for c in conflicts
                )
            )
            yield Label(
                "↑↓: choose · o: keep ours · t: take theirs · b: keep both (notes) · Esc: close",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_settle(self, side: str) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        if side not in sides_of(self.journey.conflicts[index]):
            self.notify("keep both is for notes: o keeps ours, t takes theirs", timeout=3)
            return
        self.dismiss((index, side))

    @on(OptionList.OptionSelected)
    def selected(self) -> None:
        self.notify("o keeps ours, t takes theirs, b keeps both notes", timeout=3)

    def action_cancel(self) -> None:
        self.dismiss(None)
