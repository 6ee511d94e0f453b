"""The map's tags: each with its colour and the notes that use it, to add, rename (in
every note), recolour or remove from [tags]; Enter shows only the notes with one.

The dialog answers one change at a time (an edit, one step for undo); the map screen
applies it and lists the tags again, as the map is then. The colours offered are the
terminal's sixteen (black aside), which every terminal shows.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

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
    ModelError,
    RenameTag,
    SetTag,
    checked_tag_name,
    tags_in,
)
from cxtui.record import record
from cxtui.render import terminal_colour
from cxtui.tui.dialogs.base import Dialog

#: The colours the picker offers: the terminal's sixteen but black (which a dark
#: background hides), so a tag looks the same in every terminal, 16 colours included.
PICKER_COLOURS = (
    "red", "bright_red", "yellow", "bright_yellow", "green", "bright_green",
    "cyan", "bright_cyan", "blue", "bright_blue", "magenta", "bright_magenta",
    "white", "bright_white",
)  # fmt: skip
SWATCH = "██"


def swatch(colour: str | None) -> Text:
    """Two cells in `colour` (blank for none)."""
    if colour is None:
        return Text("  ")
    return Text().append(SWATCH, style=terminal_colour(colour) or "")


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

    DEFAULT_CSS = """
    ColourPicker .dialog {
        width: 44;
    }
    ColourPicker OptionList {
        max-height: 14;  /* the hint still shows at 80x24 */
    }
    """

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


@record
class TagChange:
    """What the tags dialog answers: apply `edit` (then say `message` and list the tags
    again, the cursor on `tag`), or, without an edit, show only the notes tagged `tag`."""

    tag: str
    edit: Edit | None = None
    message: str = ""
    #: The tag `edit` renames `tag` (a tag filter on it follows the new name).
    renamed: str | None = None


class TagsDialog(Dialog[TagChange | None]):
    """The map's tags (those in [tags] and those in notes). a adds, r renames, c
    recolours, x takes a tag out of [tags]: each answers the change (the map screen
    applies it and opens the list again); Enter answers the tag whose notes alone the map
    should show; Escape closes (None)."""

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

    def __init__(self, journey: JourneyMap, focus: str | None = None) -> None:
        super().__init__()
        self.map = journey
        counts = tag_counts(journey)
        self.counts = counts
        #: The tags listed, in the list's order.
        self.tags = sorted(set(counts) | set(journey.tags))
        self.focus_tag = focus

    def compose(self) -> ComposeResult:
        m, tags = self.map, self.tags
        width = min(20, max((len(tag) for tag in tags), default=0))
        with Vertical(classes="dialog"):
            yield Label(
                Content(f"Tags of this map: {len(tags)} ({len(m.tags)} in [tags])"),
                classes="dialog-title",
            )
            if tags:
                yield OptionList(
                    *(Option(tag_line(m, tag, self.counts[tag], width), id=tag) for tag in tags),
                    id="tags",
                )
            else:
                yield Label(Content("No tags yet: a adds one, or write #word in a note."))
            yield Label(
                Content(
                    "Enter: show only its notes · a: add · r: rename everywhere · c: colour · "
                    "x: remove from [tags] · Esc: close"
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        if self.tags:
            focus = self.focus_tag
            self.query_one("#tags", OptionList).highlighted = (
                self.tags.index(focus) if focus in self.tags else 0
            )

    @property
    def highlighted(self) -> str | None:
        """The tag under the cursor."""
        if not self.tags:
            return None
        index = self.query_one("#tags", OptionList).highlighted
        return self.tags[index] if index is not None else None

    def _chosen(self) -> str | None:
        tag = self.highlighted
        if tag is None:
            self.notify("no tag to choose: a adds one", timeout=2)
        return tag

    def _problem(self, edit: Edit) -> str | None:
        """Why the model would refuse `edit` (None if it would not)."""
        try:
            edit.apply(self.map)
        except ModelError as error:
            return str(error)
        return None

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(TagChange(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        def named(answer: str) -> None:
            tag = checked_tag_name(answer)
            self.app.push_screen(
                ColourPicker(f"Colour of #{tag}", self.map.tags.get(tag)),
                lambda colour: None if colour is None else self._set_colour(tag, colour),
            )

        self.app.push_screen(
            TextPrompt(
                "New tag: a letter, then letters, digits, _ or -",
                placeholder="e.g. slow",
                hint="Enter: choose its colour · Esc: cancel",
                check=lambda answer: self._problem(SetTag(answer, "red")),
            ),
            lambda answer: None if answer is None else named(answer),
        )

    def _set_colour(self, tag: str, colour: str) -> None:
        if self.map.tags.get(tag) != colour:
            self.dismiss(TagChange(tag, SetTag(tag, colour), f"#{tag} is {colour}"))

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
        self.dismiss(TagChange(tag, SetTag(tag, None), f"took #{tag} out of [tags]{after}"))

    def action_rename(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        old = self._chosen()
        if old is None:
            return
        count = self.counts[old]
        notes = "1 note" if count == 1 else f"{count} notes"
        self.app.push_screen(
            TextPrompt(
                f"Rename #{old} in every note ({notes})",
                old,
                hint="Enter: rename everywhere · Esc: cancel · another tag's name merges them",
                check=lambda answer: self._problem(RenameTag(old, answer)),
            ),
            lambda answer: None if answer is None else self._rename(old, answer),
        )

    def _rename(self, old: str, answer: str) -> None:
        new = checked_tag_name(answer)
        if new == old:
            return
        m = self.map
        edit: Edit = RenameTag(old, new)
        default = DEFAULT_TAG_COLOURS.get(old)
        if old not in m.tags and default and m.tag_colour(new) is None:
            # A tag coloured by default keeps its colour under its new name.
            edit = Batch((edit, SetTag(new, default)), RenameTag.label)
        count = self.counts[old]
        notes = "1 note" if count == 1 else f"{count} notes"
        if new in self.tags:
            message = f"merged #{old} into #{new} ({notes})"
        else:
            message = f"renamed #{old} to #{new} in {notes}"
        self.dismiss(TagChange(new, edit, message, renamed=old))
