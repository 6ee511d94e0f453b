"""The matches of a search across maps: map, phase, lane and the text, the match marked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cxtui.library import Match
from cxtui.tui.dialogs.base import Dialog


def match_content(match: Match, folder: Path) -> Content:
    """One match as two lines: where it is, then the text with the match in reverse."""
    where = Content(f"{os.path.relpath(match.entry.path, folder)} · {match.where}").stylize("dim")
    text = Content(match.text).stylize("reverse bold", match.start, match.end)
    return Content.assemble(where, "\n  ", text)


#: The most matches a search shows (the rest would not help anyone choose).
SHOWN_MATCHES = 200


class SearchResults(Dialog[Match | None]):
    """Choose a match with the arrows and Enter (the map opens there); Escape closes."""

    DEFAULT_CSS = """
    SearchResults .dialog {
        width: 100;
    }
    SearchResults OptionList {
        max-height: 24;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "close")]

    def __init__(self, query: str, matches: list[Match], folder: Path, limit: int) -> None:
        """`matches`: at most `limit` + 1 of them (one more says there are more)."""
        super().__init__()
        self.query_text = query
        self.more = len(matches) > limit
        self.matches = matches[:limit]
        self.folder = folder

    def compose(self) -> ComposeResult:
        count = len(self.matches)
        title = f"“{self.query_text}”: {count} {'match' if count == 1 else 'matches'}"
        if self.more:
            title = f"“{self.query_text}”: the first {count} matches (type more to narrow it)"
        with Vertical(classes="dialog"):
            yield Label(Content(title), classes="dialog-title")
            if self.matches:
                yield OptionList(
                    *(
                        Option(match_content(match, self.folder), id=str(index))
                        for index, match in enumerate(self.matches)
                    )
                )
            else:
                yield Label(Content("Nothing matches in the maps read so far."))
            yield Label(
                "↑↓: choose · Enter: open the map there · Esc: close", classes="dialog-hint"
            )

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.matches[int(event.option.id or 0)])

    def action_close(self) -> None:
        self.dismiss(None)
