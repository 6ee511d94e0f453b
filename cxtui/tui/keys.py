"""The editor's key contract: one table that makes the bindings, the key bar, the help
screen, the palette and the README's table.

Every action has a stable id (``save``, ``move_left``...) by which the config file's
``[keys]`` table remaps it (:mod:`cxtui.config`; Textual's ``Binding(id=...)`` and
``App.set_keymap``). Every default key is safe over SSH and in tmux: printable keys,
Enter, Tab, arrows, Home/End, PgUp/PgDn, Escape and ctrl+letters (never ctrl+a/ctrl+b).
F1 is only ever an alias. This module imports Textual only to make the bindings, so that
the command line (``cxtui new``) can read the table without loading the editor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from cxtui.config import key_character
from cxtui.record import record

if TYPE_CHECKING:
    from textual.binding import Binding


@record
class KeySpec:
    """An action of the map screen and the keys that run it."""

    id: str  # stable: the config file's [keys] table names the action by it
    action: str
    keys: str  # comma-separated Textual key names
    description: str  # short, for the footer
    help: str  # one line, for the help screen and the command palette
    group: str
    footer: bool = False
    footer_group: str = ""  # neighbouring footer keys with the same group share one label

    @property
    def display_keys(self) -> str:
        """The default keys as a person reads them."""
        return display_keys(self.keys.split(","))


_NAMES = {
    "enter": "Enter", "escape": "Esc", "tab": "Tab", "shift+tab": "shift+Tab",
    "left": "←", "right": "→", "up": "↑", "down": "↓", "home": "Home", "end": "End",
    "pageup": "PgUp", "pagedown": "PgDn", "delete": "Delete", "question_mark": "?",
    "plus": "+", "minus": "-", "equals_sign": "=", "underscore": "_",
    "less_than_sign": "<", "greater_than_sign": ">", "space": "Space",
    "backspace": "Backspace", "insert": "Insert",
    "ctrl+n": "ctrl+n", "ctrl+o": "ctrl+o", "slash": "/",
}  # fmt: skip


def pretty_key(key: str) -> str:
    """One key as a person reads it: ``question_mark`` → ``?``, ``f2`` → ``F2``."""
    if key in _NAMES:
        return _NAMES[key]
    *modifiers, name = key.split("+")
    if len(name) >= 2 and name[0] == "f" and name[1:].isdigit():
        name = name.upper()
    elif name in _NAMES:
        name = _NAMES[name]
    else:
        name = key_character(name) or name
    return "+".join([*modifiers, name])


def display_keys(keys: Sequence[str]) -> str:
    """Keys as a person reads them, ``u / ctrl+z``; ``(none)`` when there are none."""
    return " / ".join(pretty_key(key) for key in keys) or "(none)"


KEYS: tuple[KeySpec, ...] = (
    # moving
    KeySpec("move_left", "move(-1,0)", "left,h", "left", "Focus the phase to the left", "Move"),
    KeySpec("move_right", "move(1,0)", "right,l", "right", "Focus the phase to the right", "Move"),
    KeySpec("move_up", "move(0,-1)", "up,k", "up", "Focus the lane above", "Move"),
    KeySpec("move_down", "move(0,1)", "down,j", "down", "Focus the lane below", "Move"),
    KeySpec("first_phase", "first_phase", "home", "first", "Go to the first phase", "Move"),
    KeySpec("last_phase", "last_phase", "end", "last", "Go to the last phase", "Move"),
    KeySpec("page_left", "page(-1)", "pageup", "page left", "Jump a screen of phases left", "Move"),
    KeySpec("page_right", "page(1)", "pagedown", "page right", "Jump a screen of phases right", "Move"),
    KeySpec("next_cell", "next_cell", "tab", "next", "Next cell (along the lane, then the next lane)", "Move"),
    KeySpec("previous_cell", "previous_cell", "shift+tab", "previous", "Previous cell", "Move"),
    KeySpec("toggle_density", "toggle_density", "z", "compact", "Compact columns, so more phases fit (again: normal)", "View"),
    KeySpec("widen_phase", "widen_phase", "w", "widen", "Widen the focused phase to show all its notes (again: normal)", "View"),
    KeySpec("show_all_notes", "show_all_notes", "escape", "show all", "Show all notes (after showing only the notes with one tag)", "View"),
    # cells and emotions
    KeySpec("edit_cell", "edit_cell", "enter,e", "edit", "Edit the focused cell's notes", "Edit", True),
    KeySpec("clear_cell", "clear_cell", "x,delete", "clear", "Clear the focused cell (or the rating)", "Edit"),
    KeySpec("emotion_up", "emotion(1)", "plus,equals_sign", "+emotion", "Raise the phase's emotion", "Edit", True, "emotion"),
    KeySpec("emotion_down", "emotion(-1)", "minus,underscore", "-emotion", "Lower the phase's emotion", "Edit", True, "emotion"),
    KeySpec("vote", "vote", "v", "vote", "Vote for a note of the focused cell (again: take it back)", "Edit"),
    KeySpec("mark_fail", "toggle_mark('fail')", "exclamation_mark", "fail point", "Mark a note as a fail point ✗ (again: unmark)", "Edit"),
    KeySpec("mark_wait", "toggle_mark('wait')", "tilde", "wait", "Mark a note as a wait ◷ (again: unmark)", "Edit"),
    KeySpec("judge_touchpoint", "judge_touchpoint", "T", "judge", "Judge a touchpoint: works ✓, needs work △, neither", "Edit"),
    KeySpec("undo", "undo", "u,ctrl+z", "undo", "Undo the last change", "Edit", True),
    KeySpec("redo", "redo", "ctrl+y,U", "redo", "Redo what was undone", "Edit"),
    # phases
    KeySpec("add_phase", "add_phase(1)", "a", "add phase", "Add a phase after the focused one", "Phases", True),
    KeySpec("insert_phase", "add_phase(0)", "i", "insert phase", "Insert a phase before the focused one", "Phases"),
    KeySpec("rename_phase", "rename_phase", "r", "rename", "Rename the focused phase", "Phases"),
    KeySpec("set_stage", "set_stage", "s", "stage", "Set the focused phase's stage", "Phases"),
    KeySpec("rename_stage", "rename_stage", "G", "rename stage", "Rename stage everywhere: the focused phase's stage, in every phase that has it", "Phases"),
    KeySpec("move_phase_left", "move_phase(-1)", "less_than_sign,H", "phase ←", "Move the phase left", "Phases"),
    KeySpec("move_phase_right", "move_phase(1)", "greater_than_sign,L", "phase →", "Move the phase right", "Phases"),
    KeySpec("delete_phase", "delete_phase", "D", "delete phase", "Delete the focused phase", "Phases"),
    # lanes
    KeySpec("add_lane", "add_lane(1)", "n", "new lane", "Add a lane below the focused one", "Lanes"),
    KeySpec("add_lane_above", "add_lane(0)", "N", "new lane above", "Add a lane above the focused one", "Lanes"),
    KeySpec("rename_lane", "rename_lane", "R", "rename lane", "Rename the focused lane", "Lanes"),
    KeySpec("lane_kind", "lane_kind", "c", "lane kind", "Change the lane's kind (text or emotion)", "Lanes"),
    KeySpec("lane_role", "lane_role", "o", "lane role", "Say what the lane holds (its role: pain points, ideas, ...)", "Lanes"),
    KeySpec("move_lane_up", "move_lane(-1)", "K", "lane ↑", "Move the lane up", "Lanes"),
    KeySpec("move_lane_down", "move_lane(1)", "J", "lane ↓", "Move the lane down", "Lanes"),
    KeySpec("delete_lane", "delete_lane", "X", "delete lane", "Delete the focused lane", "Lanes"),
    # the map
    KeySpec("edit_details", "edit_details", "m", "details", "Edit the map's title, kind and description", "Map"),
    KeySpec("edit_persona", "edit_persona", "p", "persona", "Edit the persona", "Map"),
    KeySpec("edit_scale", "edit_scale", "S", "scale", "Change the emotion scale", "Map"),
    KeySpec("tags", "tags", "number_sign", "tags", "Tags: list, add, rename, recolour or remove the map's tags", "Map"),
    KeySpec("search_maps", "search_maps", "slash,ctrl+g", "search", "Search every map in this map's folder (titles, notes, personas)", "Map"),
    KeySpec("follow_link", "follow_link", "g", "open link", "Go to the map the focused phase links to (its phase title ends in ↗)", "Map"),
    KeySpec("go_back", "go_back", "b", "back", "Back to the map whose link opened this one", "Map"),
    KeySpec("draft", "draft", "d", "draft", "Draft mode: write the whole map as an outline (ctrl+s applies it)", "Map"),
    KeySpec("read_phase", "read_phase", "t", "read", "Read the focused phase as plain text (screen readers)", "Map"),
    KeySpec("toggle_insights", "toggle_insights", "I", "insights", "Show or hide what the map says (the insights panel)", "Map", True),
    KeySpec("next_finding", "next_finding(1)", "f", "next finding", "Go to the next finding of the insights panel", "Map"),
    KeySpec("previous_finding", "next_finding(-1)", "F", "previous finding", "Go to the previous finding", "Map"),
    # the app
    KeySpec("save", "save", "ctrl+s", "save", "Save the map", "File", True),
    KeySpec("save_as", "save_as", "ctrl+w", "save as", "Save the map under another name", "File"),
    KeySpec("export", "export", "E", "export", "Export the map (Markdown, CSV, HTML, SVG, Mermaid, JSON)", "File"),
    KeySpec("conflicts", "conflicts", "M", "conflicts", "Settle merge conflicts (keep ours, take theirs, keep both)", "File"),
    KeySpec("history", "history", "y", "history", "The map's history in git: each commit, its curve, and what changed since", "File"),
    KeySpec("compare", "compare", "C", "compare", "Compare with another map (e.g. current vs future state)", "File"),
    KeySpec("quit", "quit", "q,ctrl+q", "quit", "Quit (asks first if there are unsaved changes)", "File", True),
    KeySpec("help", "help", "question_mark,f1", "help", "Show every key", "File", True),
    KeySpec("command_palette", "command_palette", "ctrl+p", "palette", "Open the command palette", "File"),
)  # fmt: skip


SPECS: dict[str, KeySpec] = {spec.id: spec for spec in KEYS}

#: The app-wide key that opens the command palette is the App's binding, not the map
#: screen's (Textual checks it before any screen's: priority).
PALETTE = "command_palette"


#: Keys the App binds everywhere, whatever the keymap says (Textual's ctrl+q quits).
ALWAYS = {"quit": "ctrl+q"}


def default_keymap() -> dict[str, tuple[str, ...]]:
    """Every action id and its default keys."""
    return {spec.id: tuple(spec.keys.split(",")) for spec in KEYS}


def keys_in_force(keymap: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Every action id and the keys that run it once `keymap` (id → keys, as the config
    file's [keys] gives them) is applied, as Textual applies it: a remapped action has
    exactly its new keys, and a key given to it is taken from any action that had it
    (which keeps its other keys)."""
    taken = {key for keys in keymap.values() for key in keys}
    in_force = {
        id: tuple(keymap[id]) if id in keymap else tuple(k for k in keys if k not in taken)
        for id, keys in default_keymap().items()
    }
    for id, key in ALWAYS.items():
        if key not in in_force[id]:
            in_force[id] += (key,)
    return in_force


def moved_keys(keymap: Mapping[str, Sequence[str]]) -> list[tuple[str, str, str]]:
    """The keys `keymap` takes from other actions: (key, from id, to id)."""
    moved = []
    for id, keys in keymap.items():
        for key in keys:
            moved += [
                (key, other, id)
                for other, defaults in default_keymap().items()
                if other != id and other not in keymap and key in defaults
            ]
    return moved


def bindings() -> list[Binding]:
    """Textual bindings for every key of the map screen, each with its action's id."""
    from textual.binding import Binding

    groups = {name: Binding.Group(name, compact=True) for name in {s.footer_group for s in KEYS}}
    return [
        Binding(
            spec.keys,
            spec.action,
            spec.description,
            show=spec.footer,
            group=groups[spec.footer_group] if spec.footer_group else None,
            id=spec.id,
        )
        for spec in KEYS
        if spec.id != PALETTE
    ]


#: The library screen (`cxtui DIR`): typing filters the list, so its actions are on
#: Enter, the arrows and ctrl+letters (they win over the filter field's own keys).
LIBRARY_KEYS: tuple[KeySpec, ...] = (
    KeySpec("open_map", "open", "enter", "open", "Open the selected map (a map that does not load: its problems)", "Library", True),
    KeySpec("select_up", "cursor(-1)", "up", "up", "Select the map above", "Library"),
    KeySpec("select_down", "cursor(1)", "down", "down", "Select the map below", "Library"),
    KeySpec("select_page_up", "cursor_page(-1)", "pageup", "page up", "Select a screen of maps up", "Library"),
    KeySpec("select_page_down", "cursor_page(1)", "pagedown", "page down", "Select a screen of maps down", "Library"),
    KeySpec("clear_filter", "clear_filter", "escape", "clear", "Clear the filter", "Library"),
    KeySpec("sort", "sort", "ctrl+o", "sort", "Sort by the next column (file, persona, title, modified, phases, pain points, lowest score)", "Library", True),
    KeySpec("toggle_tree", "toggle_tree", "ctrl+l", "tree", "Show the maps as the tree of their links (a linked map under the map linking to it), or as the list", "Library", True),
    KeySpec("search_maps", "search_maps", "ctrl+g", "search", "Search every map's titles, notes and personas", "Library", True),
    KeySpec("new_map", "new_map", "ctrl+n", "new", "A new map from a template", "Library", True),
    KeySpec("future_copy", "future_copy", "ctrl+f", "future copy", "A future-state copy of the selected map", "Library", True),
    KeySpec("rename_map", "rename_map", "ctrl+r", "rename", "Rename the selected map's file", "Library"),
    KeySpec("delete_map", "delete_map", "ctrl+d", "delete", "Delete the selected map's file (asks first)", "Library"),
    KeySpec("quit", "quit", "ctrl+q", "quit", "Quit cxtui", "Library", True),
    KeySpec("command_palette", "command_palette", "ctrl+p", "palette", "Open the command palette", "Library"),
)  # fmt: skip


def library_bindings() -> list[Binding]:
    """Textual bindings for the library screen: priority, over the filter field's keys
    (with their ids, so that the config file's [keys] remaps them too)."""
    from textual.binding import Binding

    return [
        Binding(
            spec.keys, spec.action, spec.description, show=spec.footer, priority=True, id=spec.id
        )
        for spec in LIBRARY_KEYS
        if spec.id != PALETTE
    ]


def palette_binding() -> Binding:
    """The App's binding that opens the command palette from anywhere."""
    from textual.binding import Binding

    spec = SPECS[PALETTE]
    return Binding(spec.keys, spec.action, spec.description, show=False, priority=True, id=spec.id)
