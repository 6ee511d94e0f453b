"""The map header (title, kind, persona, emotion curve), the status line and the key bar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from cxtui.model import JourneyMap
from cxtui.render import format_score, sparkline


def fit_parts(parts: list[Text], cuts: list[tuple[Text, int]], width: int) -> Text:
    """`parts` on one line `width` cells wide, after a leading space.

    While the line is too long, the parts in `cuts` are shortened in turn (with "…"),
    each down to the cells it keeps at least; what is still too long is cut at the end.
    """
    excess = 1 + sum(part.cell_len for part in parts) - width
    for part, floor in cuts:
        keep = max(floor, part.cell_len - excess)
        if excess > 0 and keep < part.cell_len:
            excess -= part.cell_len - keep
            part.truncate(keep, overflow="ellipsis")
    text = Text(" ", no_wrap=True, overflow="ellipsis")
    for part in parts:
        text.append_text(part)
    return text


class MapHeader(Widget):
    """One line: the map's title and kind, the persona's name, and the emotion curve.

    When the line is too long, the persona is cut first, then the title (to 16 cells):
    the emotion curve, the point of the map, stays in view.
    """

    journey: reactive[JourneyMap | None] = reactive(None)

    def render(self) -> Text:
        m = self.journey
        if m is None:
            return Text("")
        title = Text(m.title or "Untitled map", style="bold")
        parts = [title, Text(f"  {m.kind}", style="dim")]
        cuts = [(title, 16)]
        if m.persona is not None and m.persona.name:
            persona = Text(m.persona.name)
            if m.persona.role:
                persona.append(f", {m.persona.role}", style="dim")
            parts += [Text("  · ", style="dim"), persona]
            cuts.insert(0, (persona, 8))
        parts += [Text("  · emotion ", style="dim"), sparkline(m)]
        return fit_parts(parts, cuts, self.size.width)


class StatusLine(Widget):
    """File name, modified marker, and the focused phase and lane.

    When the line is too long for the terminal, the phase's title is cut first, then the
    lane's and the file name (to 12 cells, then further): the phase number, the emotion
    and "[modified]" stay.
    """

    journey: reactive[JourneyMap | None] = reactive(None)
    file_name: reactive[str] = reactive("untitled")
    modified: reactive[bool] = reactive(False)
    phase: reactive[int] = reactive(0)
    lane: reactive[int] = reactive(0)

    def render(self) -> Text:
        name = Text(self.file_name, style="bold")
        parts = [name]
        if self.modified:
            parts.append(Text(" [modified]", style="bold yellow"))
        cuts = [(name, 1)]  # (part, the cells it keeps at least), in order
        m = self.journey
        if m is not None and m.phases and m.lanes:
            phase = m.phases[min(self.phase, len(m.phases) - 1)]
            lane = Text(m.lanes[min(self.lane, len(m.lanes) - 1)].title, style="bold")
            title = Text()
            title.append(phase.title, style="bold")
            if phase.stage:
                title.append(f" ({phase.stage})", style="dim")
            bar = Text("  │  ", style="dim")
            parts += [bar, Text(f"phase {self.phase + 1}/{len(m.phases)} "), title]
            parts += [bar, lane, bar, Text(f"emotion {format_score(phase.emotion)}")]
            cuts = [(title, 1), (lane, 12), (name, 12), (lane, 1), (name, 1)]
        return fit_parts(parts, cuts, self.size.width)


@dataclass(frozen=True)
class _Entry:
    """One entry of the key bar: the keys shown together (a key, or a group's keys), and
    the label after them."""

    keys: tuple[tuple[str, str, bool], ...]  # (key to simulate, key as shown, runs now)
    label: str
    action: str  # the first key's action

    def text(self, key_style: Style, label_style: Style) -> Text:
        """` KEYS label `, dimmed when none of its keys runs now."""
        dim = Style(dim=not any(enabled for _, _, enabled in self.keys))
        text = Text()
        text.append(" ", key_style + dim)
        for _, shown, enabled in self.keys:
            text.append(shown, key_style + Style(dim=not enabled))
        text.append(" ", key_style + dim)
        text.append(f"{self.label} ", label_style + dim)
        return text


class KeyBar(Widget, can_focus=False):
    """The screen's footer keys on one line, drawn as Textual's Footer draws them.

    Textual's Footer builds a widget per key and rebuilds them on every focus or screen
    change (about 45 ms of the editor's start, after its first frame). This is one widget
    that draws the same line: the keys with `show=True` (neighbouring keys of one
    compact `Binding.Group` share the group's label), then the command palette's key on
    the right. A click runs the key, as on Textual's Footer.

    When the line is too narrow, whole entries are left out, from the right: first
    those whose action is not in :attr:`KEEP`, then the palette's key, then the rest.
    `?` lists every key.
    """

    ALLOW_SELECT = False  # a click runs a key; it selects no text
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}
    #: The actions whose keys are left out last: how to get out, and where the rest are.
    KEEP: ClassVar[frozenset[str]] = frozenset({"quit", "help", "save"})

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []  # (first x, end x, key) of the last render

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def entries(self) -> tuple[list[_Entry], _Entry | None]:
        """The entries of the screen's keys, in order, and the command palette's."""
        entries: list[_Entry] = []
        group: Binding.Group | None = None
        seen: set[str] = set()
        palette: _Entry | None = None
        for active in self.screen.active_bindings.values():
            binding = active.binding
            key = (binding.key, self.app.get_key_display(binding), active.enabled)
            if binding.key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = _Entry((key,), binding.description, binding.action)
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            if binding.group is not None and binding.group is group:
                last = entries[-1]
                entries[-1] = _Entry((*last.keys, key), last.label, last.action)
            else:
                label = binding.group.description if binding.group else binding.description
                entries.append(_Entry((key,), label, binding.action))
            group = binding.group
        return entries, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        label_style = self.get_component_rich_style("keybar--description")
        entries, palette = self.entries()
        texts = [entry.text(key_style, label_style) for entry in entries]
        right = None
        if palette is not None:
            right = Text("▏", "dim") + palette.text(key_style, label_style)
        shown = list(range(len(entries)))
        width = self.size.width

        def used() -> int:
            return sum(texts[i].cell_len for i in shown) + (right.cell_len if right else 0)

        for i in reversed(range(len(entries))):
            if used() > width and entries[i].action not in self.KEEP:
                shown.remove(i)
        if right is not None and used() > width:
            right = None
        while shown and used() > width:
            shown.pop()
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for i in shown:
            x = line.cell_len
            self._spans.append((x, x + texts[i].cell_len, entries[i].keys[0][0]))
            line.append_text(texts[i])
        if right is not None and palette is not None:
            line.append(" " * (width - line.cell_len - right.cell_len))
            self._spans.append((line.cell_len, width, palette.keys[0][0]))
            line.append_text(right)
        return line

    def on_click(self, event: events.Click) -> None:
        for first, end, key in self._spans:
            if first <= event.x < end:
                self.app.simulate_key(key)
                return
