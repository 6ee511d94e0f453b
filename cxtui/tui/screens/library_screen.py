"""The library: every map under a folder as a list that typing filters (`cxtui DIR`).

Maps are read by a process of their own, handed over by a thread and shown as they come
(the first rows before the last map is read). ctrl+l shows them as the tree of their
links, as `cxtui ls` prints it. Enter opens a map in the editor; leaving it comes back
here, where you were. A map that does not load is listed with its first problem, and
opening it shows them all.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label

from cxtui import gc_pause
from cxtui.fileformat import SaveError, save_map
from cxtui.library import Entry, Match, hierarchy, pruned, read_entry, read_library_apart
from cxtui.model import kind_name
from cxtui.notation import emotion_glyph
from cxtui.render import emotion_colour
from cxtui.tui.keys import library_bindings
from cxtui.tui.served import outside_root, refusal
from cxtui.tui.widgets.fields import CleanInput
from cxtui.tui.widgets.key_bar import KeyBar

#: The orders ctrl+o steps through: (name, key of an entry; maps that do not load last).
SORTS: tuple[tuple[str, Callable[[Entry], tuple[object, ...]]], ...] = (
    ("file", lambda e: (e.name.casefold(),)),
    ("persona", lambda e: (e.journey is None, _persona_name(e) == "", _persona_name(e), e.name)),
    ("title", lambda e: (e.journey is None, (e.journey.title if e.journey else "").casefold())),
    ("last modified", lambda e: (-e.modified,)),
    ("phases", lambda e: (e.journey is None, -(len(e.journey.phases) if e.journey else 0))),
    ("pain points", lambda e: (e.journey is None, -e.pain_points)),
    ("lowest score", lambda e: (e.journey is None, _lowest(e))),
)
#: When the first rows are shown while the maps are read, and how often more come after
#: (seconds; each batch repaints the list, so not too often).
FIRST_ROWS_AFTER, MORE_ROWS_EVERY = 0.05, 0.5
#: The table's columns, in order: (name, width; 0 shares the room left, see `columns_for`).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("File", 0),
    ("Title", 0),
    ("Emotion", 10),
    ("Phases", 6),
    ("Pain", 4),
    ("Kind", 13),
    ("Persona", 0),
    ("Modified", 10),
)
#: How the room left is shared between the flexible columns.
_SHARES = {"File": 4, "Title": 4, "Persona": 2}
#: The columns a narrow terminal (under WIDE columns) keeps.
NARROW = ("File", "Title", "Emotion", "Pain", "Persona")
WIDE = 110


def columns_for(width: int) -> list[tuple[str, int]]:
    """The columns that fit a terminal `width` wide, with their widths (each cell has a
    space either side, and the list keeps two columns for its scroll bar)."""
    shown = [(name, w) for name, w in COLUMNS if width >= WIDE or name in NARROW]
    if width < WIDE:
        shown = [(name, 8 if name == "Emotion" else w) for name, w in shown]
    room = width - 2 - 2 * len(shown) - sum(w for _, w in shown)
    flexible = [name for name, w in shown if w == 0]
    total = sum(_SHARES[name] for name in flexible)
    widths = {name: max(6, room * _SHARES[name] // total) for name in flexible}
    return [(name, w or widths[name]) for name, w in shown]


def _persona_name(entry: Entry) -> str:
    m = entry.journey
    return m.persona.name.casefold() if m is not None and m.persona is not None else ""


def _lowest(entry: Entry) -> float:
    """The entry's lowest score as a share of its scale (0 the bottom), unrated last."""
    m = entry.journey
    scores = [p.emotion for p in m.phases if p.emotion is not None] if m else []
    if m is None or not scores:
        return 2.0
    return (min(scores) - m.scale.min) / max(1, m.scale.max - m.scale.min)


def matches_filter(entry: Entry, words: list[str]) -> bool:
    """Whether every word of the filter is in the entry's title, persona (its name or its
    shared file), kind or file name."""
    m = entry.journey
    haystack = entry.name
    if m is not None:
        persona = m.persona.name if m.persona else ""
        haystack = " ".join(
            (entry.name, m.title, m.kind, kind_name(m.kind), persona, m.persona_file or "")
        )
    haystack = haystack.casefold()
    return all(word in haystack for word in words)


def _curve(entry: Entry) -> Text:
    m = entry.journey
    text = Text()
    if m is not None:
        for phase in m.phases:
            text.append(
                emotion_glyph(phase.emotion, m.scale), emotion_colour(phase.emotion, m.scale)
            )
    return text


def _row(entry: Entry) -> dict[str, Text]:
    """The table cells of `entry` by column: plain Text, never markup (titles are the
    user's)."""
    cells = {
        "File": Text(entry.name),
        "Modified": Text(time.strftime("%Y-%m-%d", time.localtime(entry.modified))),
    }
    m = entry.journey
    if m is None:
        problem = entry.problems[0].message if entry.problems else "does not load"
        cells["Title"] = Text(f"does not load: {problem}", style="bold red")
        return cells
    pains = entry.pain_points
    return cells | {
        "Title": Text(m.title or "Untitled map", style="bold"),
        "Emotion": _curve(entry),
        "Phases": Text(str(len(m.phases)), justify="right"),
        "Pain": Text(str(pains), justify="right", style="red" if pains else ""),
        "Kind": Text(kind_name(m.kind)),
        "Persona": Text(m.persona.name if m.persona else ""),
    }


class LibraryScreen(Screen[None]):
    """The maps under `folder`: filter, sort, open, create, copy, rename, delete, search."""

    DEFAULT_CSS = """
    LibraryScreen {
        layout: vertical;
    }
    LibraryScreen #library-title {
        height: 1;
        width: 100%;
        background: $panel;
        text-style: bold;
        padding: 0 1;
    }
    LibraryScreen #filter {
        margin: 0 0;
    }
    LibraryScreen DataTable {
        height: 1fr;
    }
    LibraryScreen #library-status {
        height: 1;
        width: 100%;
        background: $panel;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = library_bindings()  # type: ignore[assignment]

    sort_index: reactive[int] = reactive(0)

    def __init__(self, folder: Path, *, guarded: bool = True) -> None:
        super().__init__()
        self.folder = folder
        self.guarded = guarded
        self.entries: dict[Path, Entry] = {}
        self.reading = True
        self._shown: list[Path] = []  # the rows, in order
        self._shown_set: set[Path] = set()
        self._cells: dict[Path, dict[str, Text]] = {}  # each entry's cells, made once
        self._columns: list[tuple[str, int]] = []  # as shown now (see `columns_for`)
        self.as_tree = False  # the maps as the tree of their links (ctrl+l), else a list
        self._above_matches: set[Path] = set()  # maps in the tree only for the matches under them

    def compose(self) -> ComposeResult:
        yield Label(Content(f"Library · {self.folder}"), id="library-title")
        yield CleanInput(placeholder="type to filter by title, persona, kind or file", id="filter")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Label("", id="library-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self._read_loop = asyncio.get_running_loop()
        self.query_one("#filter", Input).focus()
        self._fit_columns(self.app.size.width)
        self.read_maps()

    def on_resize(self, event: events.Resize) -> None:
        if self._fit_columns(event.size.width):
            self.show_entries()

    def _fit_columns(self, width: int) -> bool:
        """Lay the columns out for `width`; whether they changed."""
        columns = columns_for(width)
        if columns == self._columns:
            return False
        self._columns = columns
        self.table.clear(columns=True)
        for name, column_width in columns:
            self.table.add_column(name, key=name, width=column_width)
        return True

    @property
    def table(self) -> DataTable[Text]:
        """The list of maps."""
        return self.query_one(DataTable)

    # -- reading the folder --------------------------------------------------------

    @work(thread=True, exclusive=True, group="read", exit_on_error=False)
    def read_maps(self) -> None:
        """Read every map under the folder, showing them in batches as they come (without
        waiting for each batch to be shown: reading goes on meanwhile)."""
        loop = self._read_loop
        batch: list[tuple[Entry, dict[str, Text]]] = []
        shown_at, wait = time.monotonic(), FIRST_ROWS_AFTER
        for entry in read_library_apart(self.folder):  # with the search fields made
            batch.append((entry, _row(entry)))  # and the cells made here
            if time.monotonic() - shown_at > wait:
                # The list repaints with the new rows: give it the whole interpreter
                # meanwhile (this thread would take half of it), so keys stay quick.
                painted = threading.Event()
                loop.call_soon_threadsafe(self._add, batch, False, painted)
                painted.wait(timeout=2)
                gc_pause.keep_alive_now()  # the maps read so far: see `gc_pause`
                batch, shown_at, wait = [], time.monotonic(), MORE_ROWS_EVERY
        gc_pause.keep_alive_now()
        loop.call_soon_threadsafe(self._add, batch, True)

    def _add(
        self,
        read: list[tuple[Entry, dict[str, Text]]],
        done: bool,
        painted: threading.Event | None = None,
    ) -> None:
        """Show the entries just read: as rows added at the end when they come after the
        rows shown (the list in file order, as they are read), else by showing all again."""
        entries = [entry for entry, _ in read]
        for entry, cells in read:
            self.entries[entry.path] = entry
            self._cells[entry.path] = cells
        self.reading = not done
        if self.as_tree:  # a map read later may be the parent of one shown: show all again
            self.show_entries()
            if painted is not None:
                self.call_after_refresh(painted.set)
            return
        words = self.query_one("#filter", Input).value.casefold().split()
        key = SORTS[self.sort_index][1]
        kept = [entry for entry in entries if matches_filter(entry, words)]
        last = self.entries.get(self._shown[-1]) if self._shown else None
        in_order = all(key(a) <= key(b) for a, b in itertools.pairwise(kept))
        new = not any(entry.path in self._shown_set for entry in kept)
        if new and in_order and (last is None or not kept or key(last) <= key(kept[0])):
            for entry in kept:
                self._add_row(entry)
            self._show_status()
        else:
            self.show_entries()
        if painted is not None:
            self.call_after_refresh(painted.set)

    def _add_row(self, entry: Entry, file_cell: Text | None = None) -> None:
        cells = self._cells.get(entry.path) or self._cells.setdefault(entry.path, _row(entry))
        if file_cell is not None:
            cells = cells | {"File": file_cell}
        self.table.add_row(
            *(cells.get(name, Text()) for name, _ in self._columns), key=str(entry.path)
        )
        self._shown.append(entry.path)
        self._shown_set.add(entry.path)

    def show_entries(self) -> None:
        """Fill the table with the entries the filter keeps, in the chosen order; the
        selection stays on the same map where it can."""
        table = self.table
        selected = self.selected_path()
        words = self.query_one("#filter", Input).value.casefold().split()
        self._shown, self._shown_set = [], set()
        self._above_matches = set()
        table.clear()
        if self.as_tree:
            self._show_tree(words)
        else:
            key = SORTS[self.sort_index][1]
            kept = sorted((e for e in self.entries.values() if matches_filter(e, words)), key=key)
            for entry in kept:
                self._add_row(entry)
        if selected in self._shown and selected not in self._above_matches:
            table.move_cursor(row=self._shown.index(selected), animate=False)
        elif self._above_matches:  # on the first map the filter keeps, not one above it
            first = next(i for i, path in enumerate(self._shown) if path not in self._above_matches)
            table.move_cursor(row=first, animate=False)
        self._show_status()

    def _show_tree(self, words: list[str]) -> None:
        """The rows as the tree of links that `cxtui ls` prints: a linked map indented
        under the map linking to it; a map the filter keeps comes with the maps above it
        (dimmed when the filter alone would not show them)."""
        in_files = sorted(self.entries.values(), key=SORTS[0][1])
        rows = pruned(hierarchy(in_files), lambda entry: matches_filter(entry, words))
        for depth, entry, _, kept in rows:
            if not kept:
                self._above_matches.add(entry.path)
            name = "  " * depth + ("↳ " if depth else "") + entry.name
            self._add_row(entry, Text(name, style="" if kept else "dim"))

    @on(DataTable.RowHighlighted)
    def _show_status(self) -> None:
        """The counts, the order, and the selected map's first problem if it has one."""
        shown, sort = len(self._shown) - len(self._above_matches), SORTS[self.sort_index][0]
        total = len(self.entries)
        broken = sum(entry.journey is None for entry in self.entries.values())
        parts = [f"{shown} of {total} maps" if shown != total else f"{total} maps"]
        if broken:
            parts.append(f"{broken} not loading")
        if self.reading:
            parts.append("reading…")
        parts.append("tree of links" if self.as_tree else f"sorted by {sort}")
        entry = self.selected()
        if entry is not None and entry.problems:
            parts.append(f"{entry.name}:{entry.problems[0].line}: {entry.problems[0].message}")
        self.query_one("#library-status", Label).update(Content(" · ".join(parts)))

    def selected_path(self) -> Path | None:
        """The selected map's file (None when the list is empty)."""
        row = self.table.cursor_row
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def selected(self) -> Entry | None:
        """The selected map's entry."""
        path = self.selected_path()
        return self.entries.get(path) if path is not None else None

    def refresh_entry(self, path: Path) -> None:
        """Read `path` again (it was edited, created or renamed) and show it."""
        self._cells.pop(path, None)
        if path.exists():
            self.entries[path] = read_entry(path, self.folder)
        else:
            self.entries.pop(path, None)
        self.show_entries()

    def select(self, path: Path) -> None:
        """Put the selection on `path` (if it is shown)."""
        if path in self._shown:
            self.table.move_cursor(row=self._shown.index(path), animate=False)

    # -- keys -------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self.show_entries()

    def action_cursor(self, step: int) -> None:
        self.table.move_cursor(row=self.table.cursor_row + step, animate=False)

    def action_cursor_page(self, step: int) -> None:
        rows = max(1, self.table.size.height - 2)
        self.table.move_cursor(row=self.table.cursor_row + step * rows, animate=False)

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

    def action_toggle_tree(self) -> None:
        self.as_tree = not self.as_tree
        self.show_entries()
        shown = (
            "the tree of links"
            if self.as_tree
            else f"the list, sorted by {SORTS[self.sort_index][0]}"
        )
        self.notify(shown, timeout=2)

    def action_sort(self) -> None:
        if self.as_tree:  # a tree keeps the links' order: sorting shows the list
            self.as_tree = False
            self.show_entries()
            self.notify(f"the list, sorted by {SORTS[self.sort_index][0]}", timeout=2)
            return
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.show_entries()
        self.notify(f"sorted by {SORTS[self.sort_index][0]}", timeout=2)

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.journey is None:
            from cxtui.tui.screens.text_page import TextPage

            problems = "\n".join(
                f"{entry.name}:{problem.line}:{problem.col}: {problem.message}"
                for problem in entry.problems
            )
            self.app.push_screen(TextPage(f"{entry.name} does not load", problems))
            return
        self.open_map(entry.path)

    def open_map(self, path: Path, cell: tuple[int, str | None] | None = None) -> None:
        """Open the map at `path` in the editor (on `cell`: a phase and a lane key);
        leaving it comes back here."""
        from cxtui.tui.screens.opening import open_map

        def closed() -> None:
            self.refresh_entry(path)
            self.select(path)

        if not open_map(self.app, path, cell, guarded=self.guarded, closed=closed):
            self.refresh_entry(path)

    # -- files --------------------------------------------------------------------------

    def _target(self, name: str) -> Path | None:
        """The map file `name` names (in the library's folder unless it says where), or
        None after saying why it cannot be used."""
        name = name.strip()
        if not name:
            return None
        if not name.endswith(".toml"):
            name += ".toml"
        target = Path(name).expanduser()
        if not target.is_absolute():
            target = self.folder / target
        root = outside_root(target)
        if root is not None:
            self.notify(refusal(target, root), title="Not written", severity="error")
            return None
        if target.exists():
            self.notify(f"{target} exists: choose another name", severity="warning")
            return None
        if not target.parent.is_dir():
            self.notify(f"{target.parent} is not a folder", severity="warning")
            return None
        return target

    def _write_new(self, journey_path: Path, write: Callable[[], None]) -> None:
        try:
            write()
        except (SaveError, OSError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.notify(f"{journey_path.name}: {reason}", title="Not written", severity="error")
            return
        self.refresh_entry(journey_path)
        self.select(journey_path)
        self.notify(f"wrote {os.path.relpath(journey_path, self.folder)}")

    def action_new_map(self) -> None:
        from cxtui.templates import TEMPLATES, load_template, title_from_file_name
        from cxtui.tui.dialogs.prompts import ChoiceDialog, TextPrompt

        def named(template: str, name: str) -> None:
            target = self._target(name)
            if target is None:
                return
            journey = load_template(template, title_from_file_name(target.name))
            self._write_new(target, lambda: save_map(journey, target))
            if target.exists():
                self.open_map(target)

        def chosen(template: str | None) -> None:
            if template is None:
                return
            self.app.push_screen(
                TextPrompt(
                    f"File name of the new {template} map (in {self.folder})",
                    f"new-{template}.toml",
                    hint="Enter: create and open · Esc: cancel",
                ),
                lambda name: named(template, name) if name is not None else None,
            )

        choices = [(name, f"{name}: {about}") for name, about in TEMPLATES.items()]
        self.app.push_screen(ChoiceDialog("A new map from the template", choices), chosen)

    def action_future_copy(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        entry = self.selected()
        if entry is None or entry.journey is None:
            self.notify("select a map that loads to copy it", severity="warning")
            return
        source = entry.journey

        def named(name: str | None) -> None:
            target = self._target(name or "")
            if target is None:
                return
            title = source.title.removesuffix(" (current state)")
            future = replace(source, kind="future-state", title=f"{title} (future state)")
            self._write_new(target, lambda: save_map(future, target))

        stem = entry.path.stem.removesuffix("-current")
        default = os.path.relpath(entry.path.with_name(f"{stem}-future.toml"), self.folder)
        self.app.push_screen(
            TextPrompt(
                f"Future-state copy of “{source.title}” as",
                default,
                hint="Enter: copy · Esc: cancel",
            ),
            named,
        )

    def action_rename_map(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        entry = self.selected()
        if entry is None:
            return

        def named(name: str | None) -> None:
            target = self._target(name or "")
            if target is None:
                return
            try:
                entry.path.rename(target)
            except OSError as error:
                self.notify(
                    f"{entry.name}: {error.strerror}", title="Not renamed", severity="error"
                )
                return
            self.entries.pop(entry.path, None)
            self.refresh_entry(target)
            self.select(target)
            self.notify(f"renamed {entry.name} to {os.path.relpath(target, self.folder)}")

        self.app.push_screen(
            TextPrompt(f"Rename {entry.name} to", entry.name, hint="Enter: rename · Esc: cancel"),
            named,
        )

    def action_delete_map(self) -> None:
        from cxtui.tui.dialogs.prompts import ConfirmDialog

        entry = self.selected()
        if entry is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                entry.path.unlink()
            except OSError as error:
                self.notify(
                    f"{entry.name}: {error.strerror}", title="Not deleted", severity="error"
                )
                return
            self.refresh_entry(entry.path)
            self.notify(f"deleted {entry.name}")

        self.app.push_screen(
            ConfirmDialog(f"Delete {entry.name}? Its file is removed.", yes="Delete", no="Cancel"),
            confirmed,
        )

    # -- search -------------------------------------------------------------------------

    def action_search_maps(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        def search(query: str | None) -> None:
            if not query or not query.strip():
                return
            self.show_search(query.strip())

        self.app.push_screen(
            TextPrompt(
                "Search every map's titles, notes and personas for",
                hint="Enter: search · Esc: cancel",
            ),
            search,
        )

    def show_search(self, query: str) -> None:
        """The matches of `query` in every map read so far; choosing one opens it there."""
        from cxtui.library import search
        from cxtui.tui.dialogs.search_results import SHOWN_MATCHES, SearchResults

        entries = sorted(self.entries.values(), key=lambda e: e.name.casefold())
        matches = search(entries, query, SHOWN_MATCHES + 1)

        def chosen(match: Match | None) -> None:
            if match is not None:
                self.open_map(match.entry.path, (match.phase or 0, match.lane))

        self.app.push_screen(SearchResults(query, matches, self.folder, SHOWN_MATCHES), chosen)

    def action_quit(self) -> None:
        self.app.exit()
