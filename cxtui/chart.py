"""The whole journey's emotion curve as a small labelled chart, for `cxtui print`.

The scale runs down the left, phase numbers along the bottom, each rated phase is a
point (``●``) joined to the next by a dotted trace, and the lowest and highest points
are marked ``▼`` and ``▲`` and named beneath. It fits any width: a map with more phases
than columns shares a column between neighbouring phases (their mean). Styles only
colour it, so it reads the same as plain text in a pipe or with NO_COLOR.
"""

from __future__ import annotations

import itertools

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from cxtui.insights import highest_phases, lowest_phases, score_text
from cxtui.model import JourneyMap
from cxtui.render import displayed, emotion_colour

#: The most rows the chart takes for its scale (a longer scale shares rows).
MAX_ROWS = 9
#: The widest column a phase gets.
MAX_COLUMN = 10
LOW, HIGH, POINT, TRACE, AXIS = "▼", "▲", "●", "·", "┈"


def _has_curve(m: JourneyMap) -> bool:
    return any(lane.kind == "emotion" for lane in m.lanes) and any(
        p.emotion is not None for p in m.phases
    )


class EmotionChart:
    """The curve of `map` as a labelled chart (nothing if it has no rated phase)."""

    def __init__(self, m: JourneyMap, label: str = "Emotion over the journey") -> None:
        self.map = m
        self.label = label

    def rows(self) -> list[int]:
        """The score each row stands for, top first."""
        scale = self.map.scale
        steps = scale.max - scale.min
        count = min(steps + 1, MAX_ROWS)
        return [round(scale.max - n * steps / (count - 1)) for n in range(count)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        m = self.map
        if not _has_curve(m):
            return
        width = options.max_width
        rows = self.rows()
        gutter = max(cell_len(score_text(v)) for v in rows) + 2  # "+2 ┤"
        n = len(m.phases)
        room = max(1, width - gutter - 1)
        column = max(1, min(MAX_COLUMN, room // n))
        columns = min(n, room)
        groups = [list(range(c * n // columns, (c + 1) * n // columns)) for c in range(columns)]
        scores = [p.emotion for p in m.phases if p.emotion is not None]
        varied = min(scores) != max(scores)
        low = set(lowest_phases(m)) if varied else set()
        high = set(highest_phases(m)) if varied else set()

        values: list[float | None] = []
        for group in groups:
            known = [s for i in group if (s := m.phases[i].emotion) is not None]
            values.append(sum(known) / len(known) if known else None)

        def row_of(value: float) -> int:
            return min(range(len(rows)), key=lambda r: abs(rows[r] - value))

        grid = [[" "] * (columns * column) for _ in rows]
        styles: list[list[str]] = [[""] * (columns * column) for _ in rows]
        middle = row_of((m.scale.min + m.scale.max) / 2)
        for x in range(columns * column):
            grid[middle][x], styles[middle][x] = AXIS, "grey35"
        points = [(c, v) for c, v in enumerate(values) if v is not None]
        centre = column // 2
        for (c1, v1), (c2, v2) in itertools.pairwise(points):
            x1, x2 = c1 * column + centre, c2 * column + centre
            for x in range(x1 + 1, x2):
                value = v1 + (v2 - v1) * (x - x1) / (x2 - x1)
                grid[row_of(value)][x], styles[row_of(value)][x] = TRACE, "grey62"
        for c, value in points:
            x, r = c * column + centre, row_of(value)
            members = set(groups[c])
            glyph = LOW if members & low else HIGH if members & high else POINT
            grid[r][x] = glyph
            styles[r][x] = f"bold {emotion_colour(round(value), m.scale)}"

        yield Text(f"{self.label} ({m.scale.min:+d}..{m.scale.max:+d})", style="dim")
        for r, score in enumerate(rows):
            line = Text(f"{score_text(score):>{gutter - 2}} ┤", style="dim", no_wrap=True)
            for x, char in enumerate(grid[r]):
                line.append(char, styles[r][x] or None)
            line.rstrip()
            yield line
        yield Text(" " * (gutter - 1) + "└" + "─" * (columns * column), style="dim")
        yield self._numbers(groups, column, gutter)
        marks = self._marks(sorted(low), sorted(high))
        if marks is not None:
            yield marks

    def _numbers(self, groups: list[list[int]], column: int, gutter: int) -> Text:
        """Phase numbers under their columns, as many as fit without touching."""
        line = [" "] * (len(groups) * column)
        free = 0
        for c, group in enumerate(groups):
            label = str(group[0] + 1)
            start = c * column + column // 2 - (len(label) - 1) // 2
            if start < free or start + len(label) > len(line):
                continue
            line[start : start + len(label)] = label
            free = start + len(label) + 1
        return Text(" " * gutter + "".join(line).rstrip(), style="dim", no_wrap=True)

    def _marks(self, low: list[int], high: list[int]) -> Text | None:
        """``▼ lowest 4 Checkout (-2)   ▲ highest 6 Unbox (+2)``, cut to the width by Rich."""
        m = self.map
        if not low:
            return None
        text = Text(overflow="ellipsis", no_wrap=True)
        for glyph, word, indexes in ((LOW, "lowest", low), (HIGH, "highest", high)):
            score = m.phases[indexes[0]].emotion
            names = ", ".join(f"{i + 1} {displayed(m.phases[i].title)}" for i in indexes[:3])
            more = f" +{len(indexes) - 3}" if len(indexes) > 3 else ""
            if text:
                text.append("   ")
            colour = emotion_colour(score, m.scale)
            text.append(f"{glyph} {word}: ", style=f"bold {colour}")
            text.append(f"{names}{more} ({score_text(score or 0)})")
        return text


def charts(
    m: JourneyMap, against: JourneyMap | None = None, labels: tuple[str, str] | None = None
) -> list[EmotionChart | Text]:
    """The renderables above the bands: the map's chart, and with `against` the other
    map's chart under it, each labelled (by `labels`, else "Current" and "Future"), with
    a blank line before each."""
    if against is None:
        return [Text(""), EmotionChart(m)] if _has_curve(m) else []
    out: list[EmotionChart | Text] = []
    for word, which in zip(labels or ("Current", "Future"), (m, against), strict=True):
        title = displayed(which.title) or "Untitled map"
        out += [Text(""), EmotionChart(which, f"{word}: {title}")]
    return out
