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
from cxtui.render import format_score, sparkline_within


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

    The emotion curve, the point of the map, stays in view at every length: when the
    line is too long, the persona is cut first (to 8 cells), then the curve is summarised
    (one block for a run of phases, see :func:`~cxtui.render.sparkline_within`) down to
    :data:`CURVE_FLOOR` cells, then the title is cut (to 16 cells), and the curve takes
    the cells that are left.
    """

    #: The cells the curve keeps before the title is cut (fewer if the map has fewer phases).
    CURVE_FLOOR: ClassVar[int] = 24

    journey: reactive[JourneyMap | None] = reactive(None)

    def render(self) -> Text:
        m = self.journey
        if m is None:
            return Text("")
        title = Text(m.title or "Untitled map", style="bold")
        parts = [title, Text(f"  {m.kind}", style="dim")]
        persona: Text | None = None
        if m.persona is not None and m.persona.name:
            persona = Text(m.persona.name)
            if m.persona.role:
                persona.append(f", {m.persona.role}", style="dim")
            parts += [Text("  · ", style="dim"), persona]
        parts.append(Text("  · emotion ", style="dim"))
        width = self.size.width
        phases = len(m.phases)
        room = width - 1 - sum(part.cell_len for part in parts)  # for the curve
        for part, floor, wanted in (
            (persona, 8, phases),
            (title, 16, min(phases, self.CURVE_FLOOR)),
        ):
            if part is not None and room < wanted:
                keep = max(floor, part.cell_len - (wanted - room))
                if keep < part.cell_len:
                    room += part.cell_len - keep
                    part.truncate(keep, overflow="ellipsis")
        parts.append(sparkline_within(m, max(1, room)))
        return fit_parts(parts, [], width)


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
class _Key:
    """A key as the bar shows it: the key to press, how it reads, whether it runs now."""

    key: str
    shown: str
    enabled: bool


#: Where keys were drawn: (first x, end x, key).
_Spans = list[tuple[int, int, _Key]]


@dataclass(frozen=True)
class _Entry:
    """One entry of the key bar: a key and its description, or the keys of a group
    of bindings and the group's label."""

    keys: tuple[_Key, ...]
    label: str
    action: str  # the first key's action
    grouped: bool = False
    compact: bool = True  # (a group) its keys side by side, without spaces

    def draw(
        self, key_style: Style, label_style: Style
    ) -> tuple[Text, list[tuple[int, int, _Key]]]:
        """The entry's text, as Textual's Footer draws it, and where each key can be
        clicked: the whole entry for a key, each key alone in a group (not its label)."""
        dim = Style(dim=True)
        text = Text()
        if not self.grouped:
            (key,) = self.keys
            style = dim if not key.enabled else Style()
            text.append(f" {key.shown} ", key_style + style)
            text.append(f"{self.label} ", label_style + style)
            return text, [(0, text.cell_len, key)]
        spans: _Spans = []
        text.append(" ")  # a group's keys have margins, not padding: in the bar's style
        for i, key in enumerate(self.keys):
            if i and not self.compact:
                text.append(" ")
            start = text.cell_len
            text.append(key.shown, key_style + (Style() if key.enabled else dim))
            spans.append((start, text.cell_len, key))
        text.append(" ")
        text.append(self.label, label_style)
        text.append(" ")
        return text, spans


class KeyBar(Widget, can_focus=False):
    """The screen's footer keys on one line, drawn as Textual's Footer draws them.

    Textual's Footer builds a widget per key and rebuilds them on every focus or screen
    change (about 45 ms of the editor's start, after its first frame). This is one widget
    that draws the same line from the screen's active bindings: the keys with
    `show=True`, neighbouring keys of one `Binding.Group` sharing the group's label, then
    the command palette's key on the right. As on the Footer, a click runs a key (a
    disabled one rings the bell) and the key under the mouse is highlighted.

    When the line is too narrow, whole entries are left out, from the right: first
    those whose action is not in :attr:`KEEP`, then the palette's key, then those in
    :attr:`KEEP`, the last of it first. `?` lists every key.
    """

    ALLOW_SELECT = False  # a click runs a key; it selects no text
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key",
        "keybar--description",
        "keybar--separator",
        "keybar--hover",
    }
    #: The actions whose keys are left out last, most needed first: how to get out,
    #: where the other keys are, how to keep the work.
    KEEP: ClassVar[tuple[str, ...]] = ("quit", "help", "save")

    def __init__(self) -> None:
        super().__init__()
        self._spans: _Spans = []  # where the last render put each key
        self._hover: tuple[int, int] | None = None  # the span under the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def entries(self) -> tuple[list[_Entry], _Entry | None]:
        """The entries of the screen's keys, in order, and the command palette's."""
        by_action: dict[str, tuple[Binding, _Key]] = {}
        palette: _Entry | None = None
        for active in self.screen.active_bindings.values():
            binding = active.binding
            key = _Key(binding.key, self.app.get_key_display(binding), active.enabled)
            if binding.key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = _Entry((key,), binding.description, binding.action)
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = (binding, key)
        entries: list[_Entry] = []
        run: list[tuple[Binding, _Key]] = []  # neighbouring keys of one group

        def close_run() -> None:
            group = run[0][0].group
            if group is not None and len(run) > 1:
                keys = tuple(key for _, key in run)
                entries.append(
                    _Entry(keys, group.description, run[0][0].action, True, group.compact)
                )
            else:
                entries.extend(_Entry((key,), b.description, b.action) for b, key in run)
            run.clear()

        for binding, key in by_action.values():
            if run and (binding.group is None or binding.group is not run[0][0].group):
                close_run()
            run.append((binding, key))
        if run:
            close_run()
        return entries, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        label_style = self.get_component_rich_style("keybar--description")
        entries, palette = self.entries()
        drawn = [entry.draw(key_style, label_style) for entry in entries]
        right: tuple[Text, _Spans] | None = None
        if palette is not None:
            text, spans = palette.draw(key_style, label_style)
            text = Text("▏", self.get_component_rich_style("keybar--separator")) + text[1:]
            right = text, [(0, text.cell_len, spans[0][2])]
        shown = list(range(len(entries)))
        width = self.size.width

        def used() -> int:
            return sum(drawn[i][0].cell_len for i in shown) + (right[0].cell_len if right else 0)

        for i in reversed(range(len(entries))):
            if used() > width and entries[i].action not in self.KEEP:
                shown.remove(i)
        if right is not None and used() > width:
            right = None
        for action in reversed(self.KEEP):
            for i in [i for i in shown if entries[i].action == action]:
                if used() > width:
                    shown.remove(i)
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        pieces = [drawn[i] for i in shown]
        if right is not None:
            gap = width - sum(text.cell_len for text, _ in pieces) - right[0].cell_len
            pieces.append((Text(" " * gap), []))
            pieces.append(right)
        for text, spans in pieces:
            x = line.cell_len
            line.append_text(text)
            self._spans += [(x + start, x + end, key) for start, end, key in spans]
        if self._hover is not None:
            start, end = self._hover
            hover = self.get_component_rich_style("keybar--hover")  # (partial drops alpha)
            line.stylize(Style(bgcolor=hover.bgcolor), start, end)
        return line

    def _key_at(self, x: int) -> tuple[int, int, _Key] | None:
        return next((span for span in self._spans if span[0] <= x < span[1]), None)

    def on_click(self, event: events.Click) -> None:
        span = self._key_at(event.x)
        if span is None:
            return
        if span[2].enabled:
            self.app.simulate_key(span[2].key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        span = self._key_at(event.x)
        hover = None if span is None else span[:2]
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
