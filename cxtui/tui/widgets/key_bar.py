"""The key bar: the screen's keys on one line, drawn as Textual's Footer draws them."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from cxtui.record import record
from cxtui.tui.served import served_root


@record
class _Key:
    """A key as the bar shows it: the key to press, how it reads, whether it runs now."""

    key: str
    shown: str
    enabled: bool


_PALETTE_ACTIONS = ("command_palette", "app.command_palette")

#: Where keys were drawn: (first x, end x, key).
_Spans = list[tuple[int, int, _Key]]


@record
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

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .keybar--key {
        background: $footer-key-background;
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        background: $footer-description-background;
        color: $footer-description-foreground;
    }
    KeyBar > .keybar--separator {
        color: $foreground 20%;
    }
    KeyBar > .keybar--hover {
        background: $block-hover-background;
    }
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
        self._action_order: dict[str, int] | None = None

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
            # (by its action, not its key: the config file may give the palette another key)
            if binding.action in _PALETTE_ACTIONS and palette is None:
                # In a browser, ctrl+n/t/w/q are the browser's: the palette reaches all.
                label = "every action" if served_root() else binding.description
                palette = _Entry((key,), label, binding.action)
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

        # In the order of the screen's BINDINGS, also for keys a keymap gave other keys
        # (Textual lists those last).
        order = self._order()
        ordered = sorted(by_action.values(), key=lambda pair: order.get(pair[0].action, len(order)))
        for binding, key in ordered:
            if run and (binding.group is None or binding.group is not run[0][0].group):
                close_run()
            run.append((binding, key))
        if run:
            close_run()
        return entries, palette

    def _order(self) -> dict[str, int]:
        """Each action's place among the screen's BINDINGS (computed once)."""
        if self._action_order is None:
            bindings = Binding.make_bindings(self.screen.BINDINGS)
            self._action_order = {}
            for binding in bindings:
                self._action_order.setdefault(binding.action, len(self._action_order))
        return self._action_order

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
        # The cells the shown entries use, kept as they are left out (each measured once).
        widths = [text.cell_len for text, _ in drawn]
        used = sum(widths) + (right[0].cell_len if right else 0)
        for i in reversed(range(len(entries))):
            if used > width and entries[i].action not in self.KEEP:
                shown.remove(i)
                used -= widths[i]
        if right is not None and used > width:
            used -= right[0].cell_len
            right = None
        for action in reversed(self.KEEP):
            for i in [i for i in shown if entries[i].action == action]:
                if used > width:
                    shown.remove(i)
                    used -= widths[i]
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        pieces = [drawn[i] for i in shown]
        if right is not None:
            gap = width - used
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
