"""The map header: title, kind, persona and the emotion curve on one line."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cxtui.model import JourneyMap, kind_name
from cxtui.render import sparkline_within


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
            if keep == 0:
                part.plain = ""  # (Rich's truncate(0) keeps it whole)
            else:
                part.truncate(keep, overflow="ellipsis")
    text = Text(" ", no_wrap=True, overflow="ellipsis")
    for part in parts:
        text.append_text(part)
    return text


class MapHeader(Widget):
    """One line: the map's title and kind, the persona's name, and the emotion curve.

    The emotion curve, the point of the map, always stays in view, at every length of
    the map: when the line is too long, the persona is cut first (to 8 cells), then the
    curve is summarised (one block for a run of phases, see
    :func:`~cxtui.render.sparkline_within`) down to :data:`CURVE_FLOOR` cells, then the
    title is cut (to 16 cells), then the kind, and further if need be; the curve takes
    the cells that are left.
    """

    #: The cells the curve keeps before the title is cut (fewer if the map has fewer phases).
    CURVE_FLOOR: ClassVar[int] = 24

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
        kind = Text(f"  {kind_name(m.kind)}", style="dim")
        label = Text("  · emotion ", style="dim")
        parts = [title, kind]
        # Shortened in this order, each to the cells it keeps at least, until the line
        # fits beside the curve, which is never cut, only summarised.
        first: list[tuple[Text, int]] = []
        cuts = [(title, 16), (kind, 0)]
        crumbs: Text | None = None
        if self.trail:  # the maps whose links led here (breadcrumbs)
            crumbs = Text(" › ".join(self.trail) + " › ", style="dim")
            parts.insert(0, crumbs)
        if m.persona is not None and m.persona.name:
            persona = Text(m.persona.name)
            if m.persona.role:
                persona.append(f", {m.persona.role}", style="dim")
            parts += [Text("  · ", style="dim"), persona]
            first = [(persona, 8)]
            cuts = [(persona, 8), (title, 16), (kind, 0), (persona, 0)]
        if crumbs is not None:
            cuts.insert(0, (crumbs, 4))
        cuts += [(label, 0), (title, 4)]
        width = self.size.width
        phases = len(m.phases)
        # The persona gives way to the whole curve; the rest only to its summary.
        line = fit_parts([*parts, label], first, max(1, width - phases))
        floor = min(phases, self.CURVE_FLOOR)
        if line.cell_len > width - floor:
            line = fit_parts([*parts, label], cuts, max(1, width - floor))
        line.append_text(sparkline_within(m, max(1, width - line.cell_len)))
        return line
