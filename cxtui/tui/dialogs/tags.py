"""The map's tags: each with its colour and the notes that use it, to add, rename (in
every note), recolour or remove from [tags]; Enter shows only the notes with one.

Every change is applied to the map at once, as one undoable step, and the list shows
the map as it is then. The colours offered are the terminal's sixteen, which every
terminal shows.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cxtui.model import (
    DEFAULT_TAG_COLOURS,
    Batch,
    Edit,
    JourneyMap,
    RenameTag,
    SetTag,
    checked_tag_name,
    tags_in,
)
from cxtui.tui.dialogs.base import Dialog

if TYPE_CHECKING:
    from cxtui.tui.screens.map_screen import MapScreen

#: The colours the picker offers: the terminal's sixteen but black (which a dark
#: background hides), so a tag looks the same in every terminal, 16 colours included.
PICKER_COLOURS = (
    "red", "bright_red", "yellow", "bright_yellow", "green", "bright_green",
    "cyan", "bright_cyan", "blue", "bright_blue", "magenta", "bright_magenta",
    "white", "bright_white",
)  # fmt: skip
#: Colour names a map may hold that the terminal has no name for.
_TERMINAL_COLOURS = {"orange": "#f57c00", "grey": "#9e9e9e"}
SWATCH = "██"


def swatch(colour: str | None) -> Text:
    """Two cells in `colour` (blank for none)."""
    if colour is None:
        return Text("  ")
    return Text().append(SWATCH, style=_TERMINAL_COLOURS.get(colour, colour))


def tag_counts(m: JourneyMap) -> Counter[str]:
    """How many notes of the map hold each tag."""
    return Counter(
        tag
        for phase in m.phases
        for notes in phase.cells.values()
        for note in notes
        if "#" in note
        for tag in dict.fromkeys(tags_in(note))
    )


def tag_line(m: JourneyMap, tag: str, count: int, width: int) -> Text:
    """One tag of the list: swatch, name, colour, where the colour comes from, notes."""
    own = m.tags.get(tag)
    colour = m.tag_colour(tag)
    line = swatch(colour)
    line.append(f" #{tag}".ljust(width + 2), style="bold")
    line.append(f" {colour or '–':<15}")
    source = "[tags]" if own else "default" if colour else "no colour"
    line.append(f"{source:<10}", style="dim")
    line.append("not in a note" if not count else "1 note" if count == 1 else f"{count} notes")
    return line


class ColourPicker(Dialog[str | None]):
    """Pick a colour from a list, each shown in its colour; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, title: str, current: str | None = None) -> None:
        super().__init__()
        self.prompt_title = title
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.prompt_title), classes="dialog-title")
            yield OptionList(
                *(
                    Option(swatch(colour).append(f" {colour}"), id=colour)
                    for colour in PICKER_COLOURS
                ),
                id="colours",
            )
            yield Label(Content("↑↓: choose · Enter: OK · Esc: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        current = self.current
        options.highlighted = PICKER_COLOURS.index(current) if current in PICKER_COLOURS else 0

    @on(OptionList.OptionSelected)
    def accept(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagsDialog(Dialog[str | None]):
    """The map's tags (those in [tags] and those in notes). a adds, r renames, c
    recolours, x removes a tag from [tags]; Enter answers the tag whose notes alone the
    map should show; Escape closes (None)."""

    DEFAULT_CSS = """
    TagsDialog .dialog {
        width: 76;
    }
    TagsDialog #tags {
        max-height: 14;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "close"),
        Binding("a", "add", "add"),
        Binding("r", "rename", "rename"),
        Binding("c", "recolour", "colour"),
        Binding("x,delete", "remove", "remove from [tags]"),
    ]

    def __init__(self, screen: MapScreen) -> None:
        super().__init__()
        self.map_screen = screen
        #: The tags listed, in the list's order.
        self.tags: list[str] = []

    @property
    def map(self) -> JourneyMap:
        return self.map_screen.map

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Tags", id="tags-title", classes="dialog-title")
            yield OptionList(id="tags")
            yield Label(Content("No tags yet: a adds one, or write #word in a note."), id="no-tags")
            yield Label(
                Content(
                    "Enter: show only its notes · a: add · r: rename everywhere · c: colour · "
                    "x: remove from [tags] · Esc: close"
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.show_tags()

    def show_tags(self, focus: str | None = None) -> None:
        """List the map's tags as they are now, the cursor on `focus` (or where it was)."""
        options = self.query_one("#tags", OptionList)
        before = self.highlighted
        m = self.map
        counts = tag_counts(m)
        self.tags = sorted(set(counts) | set(m.tags))
        width = min(20, max((len(tag) for tag in self.tags), default=0))
        options.clear_options()
        options.add_options(
            Option(tag_line(m, tag, counts[tag], width), id=tag) for tag in self.tags
        )
        self.query_one("#no-tags").display = not self.tags
        options.display = bool(self.tags)
        declared = len(m.tags)
        self.query_one("#tags-title", Label).update(
            Content(f"Tags of this map: {len(self.tags)} ({declared} in [tags])")
        )
        target = focus if focus in self.tags else before
        if target in self.tags:
            options.highlighted = self.tags.index(target)
        elif self.tags:
            options.highlighted = 0

    @property
    def highlighted(self) -> str | None:
        """The tag under the cursor."""
        index = self.query_one("#tags", OptionList).highlighted
        return self.tags[index] if index is not None and index < len(self.tags) else None

    def _chosen(self) -> str | None:
        tag = self.highlighted
        if tag is None:
            self.notify("no tag to choose: a adds one", timeout=2)
        return tag

    def _apply(self, edit: Edit, focus: str, message: str) -> bool:
        if not self.map_screen.apply(edit):
            return False
        self.show_tags(focus)
        self.notify(f"{message} (u undoes it)", timeout=3)
        return True

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        def named(answer: str) -> None:
            tag = checked_tag_name(answer)
            current = self.map.tags.get(tag)
            self.app.push_screen(
                ColourPicker(f"Colour of #{tag}", current),
                lambda colour: None if colour is None else self._set_colour(tag, colour),
            )

        self.app.push_screen(
            TextPrompt(
                "New tag: a letter, then letters, digits, _ or -",
                placeholder="e.g. slow",
                hint="Enter: choose its colour · Esc: cancel",
                check=lambda answer: self.map_screen.problem_with(SetTag(answer, "red")),
            ),
            lambda answer: None if answer is None else named(answer),
        )

    def _set_colour(self, tag: str, colour: str) -> None:
        if self.map.tags.get(tag) == colour:
            return
        self._apply(SetTag(tag, colour), tag, f"#{tag} is {colour}")

    def action_recolour(self) -> None:
        tag = self._chosen()
        if tag is None:
            return
        self.app.push_screen(
            ColourPicker(f"Colour of #{tag}", self.map.tag_colour(tag)),
            lambda colour: None if colour is None else self._set_colour(tag, colour),
        )

    def action_remove(self) -> None:
        tag = self._chosen()
        if tag is None:
            return
        if tag not in self.map.tags:
            self.notify(f"#{tag} is not in [tags]: it has no colour of its own", timeout=3)
            return
        default = DEFAULT_TAG_COLOURS.get(tag)
        after = f"; it is {default} again, by default" if default else ""
        self._apply(SetTag(tag, None), tag, f"took #{tag} out of [tags]{after}")

    def action_rename(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        old = self._chosen()
        if old is None:
            return
        count = tag_counts(self.map)[old]
        notes = "1 note" if count == 1 else f"{count} notes"
        self.app.push_screen(
            TextPrompt(
                f"Rename #{old} in every note ({notes})",
                old,
                hint="Enter: rename everywhere · Esc: cancel · another tag's name merges them",
                check=lambda answer: self.map_screen.problem_with(RenameTag(old, answer)),
            ),
            lambda answer: None if answer is None else self._rename(old, answer, count),
        )

    def _rename(self, old: str, answer: str, count: int) -> None:
        new = checked_tag_name(answer)
        if new == old:
            return
        m = self.map
        edit: Edit = RenameTag(old, new)
        default = DEFAULT_TAG_COLOURS.get(old)
        if old not in m.tags and default and m.tag_colour(new) is None:
            # A tag coloured by default keeps its colour under its new name.
            edit = Batch((edit, SetTag(new, default)), RenameTag.label)
        merged = new in tag_counts(m) or new in m.tags
        notes = "1 note" if count == 1 else f"{count} notes"
        message = (
            f"merged #{old} into #{new} ({notes})"
            if merged
            else f"renamed #{old} to #{new} in {notes}"
        )
        if self._apply(edit, new, message) and self.map_screen.tag_filter == old:
            self.map_screen.tag_filter = new  # the filter follows the tag
