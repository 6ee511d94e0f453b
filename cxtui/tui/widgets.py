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
