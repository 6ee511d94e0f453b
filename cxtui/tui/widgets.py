"""The map header (title, kind, persona, emotion curve), the status line and the footer."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Footer

from cxtui.model import JourneyMap
from cxtui.render import format_score, sparkline


class MapHeader(Widget):
    """One line: the map's title and kind, the persona's name, and the emotion curve."""

    journey: reactive[JourneyMap | None] = reactive(None)

    def render(self) -> Text:
        m = self.journey
        if m is None:
            return Text("")
        text = Text(" ")
        text.append(m.title or "Untitled map", style="bold")
        text.append(f"  {m.kind}", style="dim")
        if m.persona is not None and m.persona.name:
            text.append("  · ", style="dim")
            text.append(m.persona.name)
            if m.persona.role:
                text.append(f", {m.persona.role}", style="dim")
        text.append("  · emotion ", style="dim")
        text.append_text(sparkline(m))
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text


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
        excess = 1 + sum(part.cell_len for part in parts) - self.size.width
        for part, floor in cuts:
            keep = max(floor, part.cell_len - excess)
            if excess > 0 and keep < part.cell_len:
                excess -= part.cell_len - keep
                part.truncate(keep, overflow="ellipsis")
        text = Text(" ", no_wrap=True, overflow="ellipsis")
        for part in parts:
            text.append_text(part)
        return text


class MapFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it would show change.

    The screen tells the Footer of every focus or screen change, and the Footer then
    rebuilds all its keys, each time with a new layout: three times while the editor
    starts (~25 ms each), for the same keys.
    """

    _shown: tuple[tuple[Binding, bool, str], ...] | None = None  # the keys it was built with

    def _keys(self) -> tuple[tuple[Binding, bool, str], ...]:
        bindings = self.screen.active_bindings.values()
        return tuple((active.binding, active.enabled, active.tooltip) for active in bindings)

    def compose(self) -> ComposeResult:
        keys = self._keys()
        built = False
        for widget in super().compose():  # one by one: it composes with `with` blocks
            built = True
            yield widget
        self._shown = keys if built else None

    async def recompose(self) -> None:
        if self._shown is None or self._keys() != self._shown:
            await super().recompose()
