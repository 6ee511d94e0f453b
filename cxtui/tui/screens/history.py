"""The map's history in git: each commit that changed the file (date, author, subject,
the emotion curve then, how much changed), as `cxtui log` lists them. Enter on one shows
what changed since then (the same as `cxtui diff FILE@REV FILE`, with both curves),
compared with the map as the editor holds it, unsaved edits included.

git runs in a thread, so the screen opens at once: the commits are listed when git
answers, and each one's curve and counts fill in as its map is read (a long history
never holds up the editor); outside a repository, or without git, it says so plainly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from cxtui.diff import change_counts
from cxtui.model import JourneyMap
from cxtui.record import record
from cxtui.render import sparkline_within
from cxtui.revisions import Commit, RevisionError, commits, map_in
from cxtui.text import clean_line

HINT = "↑↓ PgUp PgDn: choose · Enter: what changed since then · Esc: close"
#: The widest emotion curve a row shows (more phases share a block).
CURVE_WIDTH = 24


#: How often (seconds) rows read from git are shown while the rest are read.
SHOW_EVERY = 0.2


@record
class Revision:
    """One commit of the map and the map as it left it (None: deleted or not valid);
    `read` is False until git has given the map."""

    commit: Commit
    map: JourneyMap | None = None
    changes: str = ""  # "2 phases, 3 notes changed" since the commit before
    read: bool = False


def read_revisions(top: Path, found: list[Commit]) -> Iterator[tuple[int, Revision]]:
    """Each of `found` (newest first) with its map and counts, in order (runs git once
    or twice a commit: slow)."""
    newer: JourneyMap | None = None
    for n, commit in enumerate(found):
        m = map_in(top, commit)
        if n:
            yield n - 1, Revision(found[n - 1], newer, change_counts(m, newer), True)
        newer = m
    if found:
        yield len(found) - 1, Revision(found[-1], newer, change_counts(None, newer), True)


def revision_row(revision: Revision) -> Text:
    """One line of the list: date, commit, curve, counts, author: subject."""
    commit = revision.commit
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f"{commit.date}  ")
    row.append(commit.sha[:8], style="dim")
    row.append("  ")
    if not revision.read:
        row.append("…", style="dim")
    elif revision.map is None:
        row.append("(no map)", style="dim")
    else:
        row.append_text(sparkline_within(revision.map, CURVE_WIDTH))
    row.append(f"  {revision.changes}  ", style="dim")
    row.append(clean_line(commit.author), style="bold")
    row.append(f": {clean_line(commit.subject)}")
    return row


class HistoryScreen(Screen[None]):
    """The revisions of the map at `path`; `current` gives the map as the editor holds
    it now and its name (for Enter's comparison)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "close")]
    DEFAULT_CSS = """
    HistoryScreen { padding: 0 1; }
    #history-title { text-style: bold; margin-bottom: 1; }
    #history-list { height: 1fr; border: none; }
    #history-message { height: auto; }
    #history-hint { dock: bottom; color: $text-muted; }
    """

    def __init__(self, path: Path, current: Callable[[], tuple[JourneyMap, str]]) -> None:
        super().__init__()
        self.path = path
        self.current = current
        self.revisions: list[Revision] = []

    def compose(self) -> ComposeResult:
        yield Label(Content(f"History of {self.path.name}"), id="history-title")
        yield Static(Content("Reading the history from git…"), id="history-message")
        yield OptionList(id="history-list")
        yield Label(HINT, id="history-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load(self) -> None:
        """List the commits from git (in a thread), then fill in each one's map."""
        try:
            top, found = commits(str(self.path))
        except RevisionError as error:
            self.app.call_from_thread(self.show_message, str(error))
            return
        self.app.call_from_thread(self.show_revisions, [Revision(c) for c in found])
        worker = get_current_worker()
        ready: list[tuple[int, Revision]] = []
        shown = time.monotonic()
        for item in read_revisions(top, found):
            if worker.is_cancelled:
                return
            ready.append(item)
            if time.monotonic() - shown > SHOW_EVERY:
                self.app.call_from_thread(self.fill, ready)
                ready, shown = [], time.monotonic()
        self.app.call_from_thread(self.fill, ready)

    def fill(self, ready: list[tuple[int, Revision]]) -> None:
        """Show the revisions git has given the maps of."""
        if not self.is_attached:
            return
        options = self.query_one(OptionList)
        for index, revision in ready:
            self.revisions[index] = revision
            options.replace_option_prompt_at_index(index, revision_row(revision))

    def show_message(self, message: str) -> None:
        """Say why there is no history to show."""
        if self.is_attached:
            self.query_one("#history-message", Static).update(Content(message))

    def show_revisions(self, found: list[Revision]) -> None:
        """List `found`, newest first."""
        if not self.is_attached:
            return
        self.revisions = found
        count = len(found)
        self.query_one("#history-message", Static).update(
            Content(f"{count} commit{'s' if count != 1 else ''} changed this map, newest first")
        )
        options = self.query_one(OptionList)
        options.add_options([Option(revision_row(r)) for r in found])
        options.highlighted = 0

    @on(OptionList.OptionSelected)
    def compare(self, event: OptionList.OptionSelected) -> None:
        from cxtui.tui.screens.text_page import ComparePage

        revision = self.revisions[event.option_index]
        if not revision.read:
            self.notify("still reading that commit from git", timeout=2)
            return
        if revision.map is None:
            self.notify("that commit has no valid map to compare with", severity="warning")
            return
        then = (revision.map, f"{self.path.name}@{revision.commit.sha[:8]}")
        self.app.push_screen(ComparePage(then, self.current(), by_name=True))

    def action_close(self) -> None:
        self.dismiss(None)
