"""The editor's key contract: one table that makes the bindings, the help screen and the palette.

Every key here is safe over SSH and in tmux: printable keys, Enter, Tab,
arrows, Home/End, PgUp/PgDn, Escape and ctrl+letters (never ctrl+a/ctrl+b).
F1 is only ever an alias.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class KeySpec:
    """An action of the map screen and the keys that run it."""

    action: str
    keys: str  # comma-separated Textual key names
    description: str  # short, for the footer
    help: str  # one line, for the help screen and the command palette
    group: str
    footer: bool = False
    footer_group: str = ""  # neighbouring footer keys with the same group share one label

    @property
    def display_keys(self) -> str:
        """The keys as a person reads them."""
        return " / ".join(_pretty(k) for k in self.keys.split(","))


_NAMES = {
    "enter": "Enter", "escape": "Esc", "tab": "Tab", "shift+tab": "shift+Tab",
    "left": "←", "right": "→", "up": "↑", "down": "↓", "home": "Home", "end": "End",
    "pageup": "PgUp", "pagedown": "PgDn", "delete": "Delete", "question_mark": "?",
    "plus": "+", "minus": "-", "equals_sign": "=", "underscore": "_",
    "less_than_sign": "<", "greater_than_sign": ">", "f1": "F1",
    "ctrl+n": "ctrl+n", "ctrl+o": "ctrl+o", "slash": "/",
}  # fmt: skip


def _pretty(key: str) -> str:
    return _NAMES.get(key, key)


KEYS: tuple[KeySpec, ...] = (
    # moving
    KeySpec("move(-1,0)", "left,h", "left", "Focus the phase to the left", "Move"),
    KeySpec("move(1,0)", "right,l", "right", "Focus the phase to the right", "Move"),
    KeySpec("move(0,-1)", "up,k", "up", "Focus the lane above", "Move"),
    KeySpec("move(0,1)", "down,j", "down", "Focus the lane below", "Move"),
    KeySpec("first_phase", "home", "first", "Go to the first phase", "Move"),
    KeySpec("last_phase", "end", "last", "Go to the last phase", "Move"),
    KeySpec("page(-1)", "pageup", "page left", "Jump a screen of phases left", "Move"),
    KeySpec("page(1)", "pagedown", "page right", "Jump a screen of phases right", "Move"),
    KeySpec("next_cell", "tab", "next", "Next cell (along the lane, then the next lane)", "Move"),
    KeySpec("previous_cell", "shift+tab", "previous", "Previous cell", "Move"),
    # cells and emotions
    KeySpec("edit_cell", "enter,e", "edit", "Edit the focused cell's notes", "Edit", True),
    KeySpec("clear_cell", "x,delete", "clear", "Clear the focused cell (or the rating)", "Edit"),
    KeySpec("emotion(1)", "plus,equals_sign", "+emotion", "Raise the phase's emotion", "Edit", True, "emotion"),
    KeySpec("emotion(-1)", "minus,underscore", "-emotion", "Lower the phase's emotion", "Edit", True, "emotion"),
    KeySpec("undo", "u,ctrl+z", "undo", "Undo the last change", "Edit", True),
    KeySpec("redo", "ctrl+y,U", "redo", "Redo what was undone", "Edit"),
    # phases
    KeySpec("add_phase(1)", "a", "add phase", "Add a phase after the focused one", "Phases", True),
    KeySpec("add_phase(0)", "i", "insert phase", "Insert a phase before the focused one", "Phases"),
    KeySpec("rename_phase", "r", "rename", "Rename the focused phase", "Phases"),
    KeySpec("set_stage", "s", "stage", "Set the focused phase's stage", "Phases"),
    KeySpec("move_phase(-1)", "less_than_sign,H", "phase ←", "Move the phase left", "Phases"),
    KeySpec("move_phase(1)", "greater_than_sign,L", "phase →", "Move the phase right", "Phases"),
    KeySpec("delete_phase", "D", "delete phase", "Delete the focused phase", "Phases"),
    # lanes
    KeySpec("add_lane(1)", "n", "new lane", "Add a lane below the focused one", "Lanes"),
    KeySpec("add_lane(0)", "N", "new lane above", "Add a lane above the focused one", "Lanes"),
    KeySpec("rename_lane", "R", "rename lane", "Rename the focused lane", "Lanes"),
    KeySpec("lane_kind", "c", "lane kind", "Change the lane's kind (text or emotion)", "Lanes"),
    KeySpec("move_lane(-1)", "K", "lane ↑", "Move the lane up", "Lanes"),
    KeySpec("move_lane(1)", "J", "lane ↓", "Move the lane down", "Lanes"),
    KeySpec("delete_lane", "X", "delete lane", "Delete the focused lane", "Lanes"),
    # the map
    KeySpec("edit_details", "m", "details", "Edit the map's title, kind and description", "Map"),
    KeySpec("edit_persona", "p", "persona", "Edit the persona", "Map"),
    KeySpec("edit_scale", "S", "scale", "Change the emotion scale", "Map"),
    KeySpec("search_maps", "slash,ctrl+g", "search", "Search every map in this map's folder (titles, notes, personas)", "Map"),
    KeySpec("follow_link", "o", "open link", "Open the map the focused phase links to (its phase title ends in ↗)", "Map"),
    KeySpec("go_back", "b", "back", "Back to the map whose link opened this one", "Map"),
    KeySpec("read_phase", "v", "read", "Read the focused phase as plain text (screen readers)", "Map"),
    # the app
    KeySpec("save", "ctrl+s", "save", "Save the map", "File", True),
    KeySpec("save_as", "ctrl+w", "save as", "Save the map under another name", "File"),
    KeySpec("export", "E", "export", "Export the map (Markdown, CSV, HTML, SVG, Mermaid, JSON)", "File"),
    KeySpec("compare", "C", "compare", "Compare with another map (e.g. current vs future state)", "File"),
    KeySpec("quit", "q,ctrl+q", "quit", "Quit (asks first if there are unsaved changes)", "File", True),
    KeySpec("help", "question_mark,f1", "help", "Show every key", "File", True),
    KeySpec("command_palette", "ctrl+p", "palette", "Open the command palette", "File"),
)  # fmt: skip


def bindings() -> list[Binding]:
    """Textual bindings for every key in the contract."""
    groups = {name: Binding.Group(name, compact=True) for name in {s.footer_group for s in KEYS}}
    return [
        Binding(
            spec.keys,
            spec.action,
            spec.description,
            show=spec.footer,
            group=groups[spec.footer_group] if spec.footer_group else None,
        )
        for spec in KEYS
        if spec.action != "command_palette"
    ]


#: The library screen (`cxtui DIR`): typing filters the list, so its actions are on
#: Enter, the arrows and ctrl+letters (they win over the filter field's own keys).
LIBRARY_KEYS: tuple[KeySpec, ...] = (
    KeySpec("open", "enter", "open", "Open the selected map (a map that does not load: its problems)", "Library", True),
    KeySpec("cursor(-1)", "up", "up", "Select the map above", "Library"),
    KeySpec("cursor(1)", "down", "down", "Select the map below", "Library"),
    KeySpec("cursor_page(-1)", "pageup", "page up", "Select a screen of maps up", "Library"),
    KeySpec("cursor_page(1)", "pagedown", "page down", "Select a screen of maps down", "Library"),
    KeySpec("clear_filter", "escape", "clear", "Clear the filter", "Library"),
    KeySpec("sort", "ctrl+o", "sort", "Sort by the next column (file, persona, title, modified, phases, pain points, lowest score)", "Library", True),
    KeySpec("search_maps", "ctrl+g", "search", "Search every map's titles, notes and personas", "Library", True),
    KeySpec("new_map", "ctrl+n", "new", "A new map from a template", "Library", True),
    KeySpec("future_copy", "ctrl+f", "future copy", "A future-state copy of the selected map", "Library", True),
    KeySpec("rename_map", "ctrl+r", "rename", "Rename the selected map's file", "Library"),
    KeySpec("delete_map", "ctrl+d", "delete", "Delete the selected map's file (asks first)", "Library"),
    KeySpec("quit", "ctrl+q", "quit", "Quit cxtui", "Library", True),
    KeySpec("command_palette", "ctrl+p", "palette", "Open the command palette", "Library"),
)  # fmt: skip


def library_bindings() -> list[Binding]:
    """Textual bindings for the library screen: priority, over the filter field's keys."""
    return [
        Binding(spec.keys, spec.action, spec.description, show=spec.footer, priority=True)
        for spec in LIBRARY_KEYS
        if spec.action != "command_palette"
    ]
