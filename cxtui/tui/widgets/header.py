"""The map header: title, kind, persona and the emotion curve on one line."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cxtui.model import JourneyMap
from cxtui.render import sparkline


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

    DEFAULT_CSS = """
    MapHeader {
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    journey: reactive[JourneyMap | None] = reactive(None)
    #: The links followed to this map, shown before its title (cut first when too long).
    trail: reactive[tuple[str, ...]] = reactive(())

    def render(self) -> Text:
        m = self.journey
        if m is None:
            return Text("")
        title = Text(m.title or "Untitled map", style="bold")
        parts = [title, Text(f"  {m.kind}", style="dim")]
        cuts = [(title, 16)]
        if self.trail:
            crumbs = Text(" › ".join(self.trail) + " › ", style="dim")
            parts.insert(0, crumbs)
            cuts.insert(0, (crumbs, 4))
        if m.persona is not None and m.persona.name:
            persona = Text(m.persona.name)
            if m.persona.role:
                persona.append(f", {m.persona.role}", style="dim")
            parts += [Text("  · ", style="dim"), persona]
            cuts.insert(0, (persona, 8))
        parts += [Text("  · emotion ", style="dim"), sparkline(m)]
        return fit_parts(parts, cuts, self.size.width)
