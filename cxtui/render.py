"""Rich renderables for a map: header, emotion curve and the phase-by-lane table.

User text is always wrapped in :class:`rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from cxtui.model import TAG_PATTERN, EmotionScale, JourneyMap

SPARK_GLYPHS = "▁▂▃▄▅▆▇█"
UNRATED = "·"
#: The lane-title column: wide enough for the longest word of a lane title, within these.
LANE_COLUMN_WIDTH = 14
MAX_LANE_COLUMN_WIDTH = 20
MIN_PHASE_WIDTH = 18
MAX_PHASE_WIDTH = 36
#: Rows the emotion curve takes in the table (fewer when the scale is shorter).
CURVE_ROWS = 5

_NEGATIVE = (0xE0, 0x40, 0x40)
_NEUTRAL = (0xD0, 0xB0, 0x30)
_POSITIVE = (0x40, 0xC0, 0x60)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> str:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return f"#{r:02x}{g:02x}{bl:02x}"


def _fraction(value: int, scale: EmotionScale) -> float:
    return (value - scale.min) / (scale.max - scale.min)


def emotion_colour(value: int | None, scale: EmotionScale) -> str:
    """A colour from red (the scale's low) through yellow to green (its high)."""
    if value is None:
        return "grey50"
    t = _fraction(value, scale)
    return _mix(_NEGATIVE, _NEUTRAL, t * 2) if t < 0.5 else _mix(_NEUTRAL, _POSITIVE, t * 2 - 1)


def emotion_glyph(value: int | None, scale: EmotionScale) -> str:
    """One block character whose height stands for `value` on `scale`."""
    if value is None:
        return UNRATED
    return SPARK_GLYPHS[round(_fraction(value, scale) * (len(SPARK_GLYPHS) - 1))]


def format_score(value: int | None) -> str:
    """A score with its sign (``+1``, ``0``, ``-2``), or ``–`` when unrated."""
    if value is None:
        return "–"
    return f"{value:+d}" if value else "0"


def sparkline(m: JourneyMap) -> Text:
    """The emotion curve of the whole map, one coloured block per phase."""
    text = Text()
    for phase in m.phases:
        text.append(emotion_glyph(phase.emotion, m.scale), emotion_colour(phase.emotion, m.scale))
    return text


def curve_rows(scale: EmotionScale) -> int:
    """How many rows the emotion curve needs for `scale`."""
    return min(CURVE_ROWS, scale.max - scale.min + 1)


def curve_row_of(value: int, scale: EmotionScale) -> int:
    """The row (0 = top) where `value` sits in an emotion curve of :func:`curve_rows` rows."""
    rows = curve_rows(scale)
    return rows - 1 - round(_fraction(value, scale) * (rows - 1))


def emotion_cell(value: int | None, scale: EmotionScale, width: int) -> Text:
    """One phase's point of the emotion curve, with its score beneath."""
    rows = curve_rows(scale)
    colour = emotion_colour(value, scale)
    mark = None if value is None else curve_row_of(value, scale)
    lines = Text(justify="center", no_wrap=True)
    for row in range(rows):
        if row == mark:
            lines.append("●", style=f"bold {colour}")
        elif row == rows // 2:
            lines.append("┈" * max(1, width), style="grey35")
        lines.append("\n")
    lines.append(format_score(value), style=f"bold {colour}")
    return lines


def note_text(note: str, m: JourneyMap, bullet: str = "• ") -> Text:
    """A note as a bullet, its ``#tags`` in their colours."""
    text = Text(bullet, overflow="fold")
    text.append(note)
    first_colour: str | None = None
    for match in TAG_PATTERN.finditer(note):
        colour = m.tag_colour(match.group(1))
        if colour:
            first_colour = first_colour or colour
            start = len(bullet) + match.start()
            text.stylize(f"bold {colour}", start, start + len(match.group(0)))
    if first_colour:
        text.stylize(first_colour, 0, len(bullet))
    return text


def notes_text(notes: Sequence[str], m: JourneyMap) -> Text:
    """A cell's notes, one bullet each."""
    if not notes:
        return Text("")
    text = Text("\n", overflow="fold").join(note_text(n, m) for n in notes)
    text.overflow = "fold"
    return text


def header(m: JourneyMap) -> RenderableType:
    """Title, kind, persona and the whole emotion curve."""
    lines: list[RenderableType] = []
    title = Text(m.title or "Untitled map", style="bold")
    title.append(f"  ({m.kind})", style="dim")
    lines.append(title)
    if m.description:
        lines.append(Text(m.description, style="italic"))
    if m.persona is not None:
        p = m.persona
        who = Text("Persona: ", style="dim")
        who.append(p.name or "unnamed", style="bold")
        if p.role:
            who.append(f", {p.role}")
        lines.append(who)
        if p.quote:
            lines.append(Text(f"“{p.quote}”", style="italic"))
        for label, items in (("Goals", p.goals), ("Needs", p.needs),
                             ("Frustrations", p.frustrations)):  # fmt: skip
            if items:
                line = Text(f"{label}: ", style="dim")
                line.append("; ".join(items))
                lines.append(line)
    curve = Text("Emotion: ", style="dim")
    curve.append_text(sparkline(m))
    curve.append(f"  (scale {m.scale.min}..{m.scale.max})", style="dim")
    lines.append(curve)
    return Group(*lines)


def _stage_header(m: JourneyMap, index: int, first_in_band: bool) -> RenderableType:
    """A phase column's header: its stage (named where a stage starts) over its title."""
    phase = m.phases[index]
    previous = m.phases[index - 1].stage if index else None
    stage = Text(no_wrap=True, overflow="crop")
    if phase.stage is not None and (phase.stage != previous or first_in_band):
        stage.append(phase.stage.upper() + " ", style="bold cyan")
        stage.append("─" * MAX_PHASE_WIDTH, style="cyan")
    elif phase.stage is not None:
        stage.append("─" * (MAX_PHASE_WIDTH * 2), style="cyan")
    return Group(stage, Text(phase.title, style="bold", overflow="fold"))


def lane_column_width(m: JourneyMap) -> int:
    """Cells for the lane titles, with padding: no word of a title is broken if it can help."""
    longest = max((cell_len(word) for lane in m.lanes for word in lane.title.split()), default=0)
    return max(LANE_COLUMN_WIDTH, min(MAX_LANE_COLUMN_WIDTH, longest + 2))


def phases_per_band(width: int, count: int, lane_width: int = LANE_COLUMN_WIDTH) -> int:
    """How many phase columns fit side by side in `width` cells."""
    usable = width - lane_width - 4
    return max(1, min(count, usable // (MIN_PHASE_WIDTH + 3)))


def band_table(m: JourneyMap, start: int, stop: int, width: int) -> Table:
    """The table of phases ``start..stop-1``: one column each, one row per lane."""
    count = stop - start
    lane_width = lane_column_width(m)
    phase_width = max(
        MIN_PHASE_WIDTH - 2,
        min(MAX_PHASE_WIDTH, (width - lane_width - 4) // count - 3),
    )
    table = Table(box=box.ROUNDED, show_lines=True, expand=False, padding=(0, 1))
    table.add_column(Text("Stage\nPhase", style="dim"), width=lane_width - 2)
    for i in range(start, stop):
        table.add_column(_stage_header(m, i, i == start), width=phase_width)
    for lane in m.lanes:
        row: list[RenderableType] = [Text(lane.title, style="bold", overflow="fold")]
        for phase in m.phases[start:stop]:
            if lane.kind == "emotion":
                row.append(emotion_cell(phase.emotion, m.scale, phase_width))
            else:
                row.append(notes_text(phase.notes(lane.key), m))
        table.add_row(*row)
    return table


class MapView:
    """The whole map for printing: header, then the table in bands that fit the width."""

    def __init__(self, m: JourneyMap) -> None:
        self.map = m

    def bands(self, width: int) -> Iterator[tuple[int, int]]:
        """(start, stop) phase ranges, each as wide as `width` allows."""
        per = phases_per_band(width, len(self.map.phases), lane_column_width(self.map))
        for start in range(0, len(self.map.phases), per):
            yield start, min(start + per, len(self.map.phases))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        yield header(self.map)
        bands = list(self.bands(width))
        for n, (start, stop) in enumerate(bands, start=1):
            yield Text("")
            if len(bands) > 1:
                which = f"{start + 1}–{stop}" if stop - start > 1 else f"{stop}"
                total = len(self.map.phases)
                yield Text(f"Phases {which} of {total} (part {n} of {len(bands)})", style="dim")
            yield band_table(self.map, start, stop, width)


def self_contained_svg_format() -> str:
    """Rich's SVG template without the web font it would fetch (falls back to monospace)."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    return strip_web_fonts(CONSOLE_SVG_FORMAT)


def strip_web_fonts(svg: str) -> str:
    """`svg` without ``@font-face`` rules that fetch fonts from the network."""
    import re

    return re.sub(r"@font-face\s*\{\{?[^}]*\}\}?", "", svg)
