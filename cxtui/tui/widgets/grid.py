"""The map grid: phases as columns, lanes as rows, drawn with Textual's line API.

Lane titles stay on the left and the stage and phase headers stay on top
while the body scrolls. Only visible cells are rendered, and rendered cells
are cached per phase object (phases are immutable, so a phase that did not
change is never rendered again). Moving the cursor without scrolling repaints
only the lines it left and the lines it entered.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Sequence
from typing import ClassVar, Literal

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cxtui.insights import highest_phases, lowest_phases
from cxtui.model import (
    EmotionScale,
    JourneyMap,
    Lane,
    Phase,
    blueprint_line_labels,
    tags_in,
)
from cxtui.record import record
from cxtui.render import (
    blueprint_rule,
    curve_rows,
    emotion_cell,
    fit_notes,
    more_mark,
    note_marks,
    shortened_title,
    terminal_palette_in_use,
    with_vote_counts,
)

LANE_WIDTH = 16
MIN_PHASE_WIDTH = 20
MAX_PHASE_WIDTH = 32
#: The narrowest column of the compact view (7 phases fit in 100 columns).
COMPACT_PHASE_WIDTH = 12
#: How the grid lays out its phases: "normal"; "compact", narrow columns so that more
#: phases fit; "wide", the focused phase across the whole width with all its notes.
GridView = Literal["normal", "compact", "wide"]
HEADER_HEIGHT = 2
_CONSOLE = Console(width=1000, color_system=None, legacy_windows=False)
MIN_TEXT_ROWS = 2
MAX_TEXT_ROWS = 6
_BOLD = Style(bold=True)
_DIM = Style(dim=True)


@record
class Layout:
    """Where every lane sits in the grid body."""

    heights: tuple[int, ...]  # text rows of each lane (without its rule line)
    tops: tuple[int, ...]  # first body line of each lane

    @property
    def body_height(self) -> int:
        return (self.tops[-1] + self.heights[-1] + 1) if self.tops else 0

    def lane_at(self, y: int) -> tuple[int, int]:
        """(lane index, line within the lane) of body line `y`."""
        lane = max(0, bisect_right(self.tops, y) - 1)
        return lane, y - self.tops[lane]


@record
class GridStyles:
    """The grid's styles, looked up when its CSS changes rather than for every line."""

    base: Style
    cursor: Style
    cursor_column: Style
    header: Style
    stage: Style
    lane: Style
    lane_cursor: Style
    rule: Style
    more: Style
    conflict: Style
    blueprint_line: Style
    #: Emotions in the terminal's own colours (see cxtui/tui/terminal_palette.py).
    terminal_palette: bool = False

    @classmethod
    def of(cls, grid: MapGrid) -> GridStyles:
        def part(name: str) -> Style:
            # Not partial: a partial style drops the alpha of `$accent 40%`.
            return grid.get_component_rich_style(f"mapgrid--{name}")

        return cls(
            base=grid.rich_style,
            cursor=part("cursor"),
            cursor_column=part("cursor-column"),
            header=part("header"),
            stage=part("stage"),
            lane=part("lane"),
            lane_cursor=part("lane-cursor"),
            rule=part("rule"),
            more=part("more"),
            conflict=part("conflict"),
            blueprint_line=part("blueprint-line"),
            terminal_palette=terminal_palette_in_use(),
        )


def lane_height(m: JourneyMap, lane: Lane) -> int:
    """How many text rows a lane gets: enough for its fullest cell, within limits."""
    if lane.kind == "emotion":
        return curve_rows(m.scale) + 1
    most = max((len(p.notes(lane.key)) for p in m.phases), default=0)
    return max(MIN_TEXT_ROWS, min(MAX_TEXT_ROWS, most + 1))


def phase_width_for(width: int, phases: int, view: GridView = "normal") -> int:
    """The width of a phase column: whole columns fill a grid `width` cells wide (in
    the wide view, one column does)."""
    least = COMPACT_PHASE_WIDTH if view == "compact" else MIN_PHASE_WIDTH
    room = max(least, width - LANE_WIDTH)
    if view == "wide":
        return room
    columns = max(1, min(phases, room // least))
    return max(least, min(MAX_PHASE_WIDTH, room // columns))


def rows_for_all_notes(m: JourneyMap, lane: Lane, console: Console, inner: int) -> int:
    """The text rows a lane needs to show every note of every phase, `inner` cells wide."""
    if lane.kind == "emotion":
        return lane_height(m, lane)
    most = max(
        (
            len(fit_notes(p.notes(lane.key), m, console, inner, 10_000, note_marks(p, lane.key))[0])
            for p in m.phases
        ),
        default=0,
    )
    return max(MIN_TEXT_ROWS, most + 1)


def layout_of(m: JourneyMap, heights: tuple[int, ...] | None = None) -> Layout:
    """The lane heights (`heights`, or those of :func:`lane_height`) and positions of `m`."""
    if heights is None:
        heights = tuple(lane_height(m, lane) for lane in m.lanes)
    tops: list[int] = []
    y = 0
    for h in heights:
        tops.append(y)
        y += h + 1
    return Layout(heights, tuple(tops))


#: What ends the title of a phase that links to a more detailed map.
LINK_MARK = " ↗"


class MapGrid(ScrollView, can_focus=True, inherit_bindings=False):
    """A scrollable grid of a journey map with a cell cursor."""

    DEFAULT_CSS = """
    MapGrid {
        height: 1fr;
        scrollbar-size: 1 1;
        background: $surface;
    }
    MapGrid > .mapgrid--cursor {
        background: $accent 40%;
        text-style: bold;
    }
    MapGrid:blur > .mapgrid--cursor {
        background: $accent 20%;
    }
    MapGrid > .mapgrid--cursor-column {
        background: $accent 40%;
        color: $text;
        text-style: bold underline;
    }
    MapGrid > .mapgrid--header {
        color: $text;
    }
    MapGrid > .mapgrid--stage {
        color: $secondary;
    }
    MapGrid > .mapgrid--lane {
        color: $text;
    }
    MapGrid > .mapgrid--lane-cursor {
        background: $accent 40%;
        color: $text;
        text-style: bold underline;
    }
    MapGrid > .mapgrid--rule {
        color: $foreground 25%;
    }
    MapGrid > .mapgrid--conflict {
        color: $text-warning;
        background: $warning-muted;
        text-style: bold;
    }
    MapGrid > .mapgrid--blueprint-line {
        color: $text-secondary;
        text-style: bold;
    }
    MapGrid > .mapgrid--more {
        color: $text-muted;
        text-style: italic;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "mapgrid--cursor",
        "mapgrid--cursor-column",
        "mapgrid--header",
        "mapgrid--stage",
        "mapgrid--lane",
        "mapgrid--lane-cursor",
        "mapgrid--rule",
        "mapgrid--more",
        "mapgrid--conflict",
        "mapgrid--blueprint-line",
    }

    # All four are data-bound to the screen's (the cursor is the screen's to move).
    journey: reactive[JourneyMap | None] = reactive(None, always_update=False)
    phase: reactive[int] = reactive(0, repaint=False)  # _cursor_changed repaints
    lane: reactive[int] = reactive(0, repaint=False)
    #: Only the notes with this tag are drawn; a cell says how many it hides.
    tag_filter: reactive[str | None] = reactive(None, repaint=False)

    class Clicked(Message):
        """A cell was clicked: the screen moves the cursor there."""

        def __init__(self, phase: int, lane: int) -> None:
            self.phase = phase
            self.lane = lane
            super().__init__()

    class CellActivated(Message):
        """A cell was clicked twice: open its editor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._layout = Layout((), ())
        self.phase_width = MIN_PHASE_WIDTH
        self.view: GridView = "normal"
        # Drawn strips, in the base style: each cell's text rows (kept while its phase
        # object is the same) and the small pieces (headers, lane titles, rules; dropped
        # whenever the map changes). Both are dropped when the styles change.
        # A cell's key: (phase, lane key, focused, conflicted).
        self._cells: dict[tuple[int, str, bool, bool], tuple[Phase, list[list[Segment]]]] = {}
        self._pieces: dict[Hashable, Strip] = {}
        self._look: GridStyles | None = None
        self._look_stale = True
        self._drawn_cursor = (0, 0)
        self._marks: dict[int, str] = {}  # phase -> its mark in the emotion lane
        self._conflicts = ConflictMarks()
        #: The blueprint lines, by the lane they are drawn above (on the rule before it).
        self._lines: dict[int, str] = {}
        self._curve_points = CurvePoints()

    # -- reacting to the map, the cursor and the CSS ----------------------

    def watch_journey(self, old: JourneyMap | None, new: JourneyMap | None) -> None:
        if new is None:
            return
        marks = curve_marks(new)
        if old is None or old.lanes != new.lanes or old.scale != new.scale:
            self._cells.clear()
        elif marks != self._marks:  # another phase's score moved the lowest or highest
            emotion = {lane.key for lane in new.lanes if lane.kind == "emotion"}
            self._cells = {k: v for k, v in self._cells.items() if k[1] not in emotion}
        self._marks = marks
        self._conflicts = conflict_marks(new)  # (cell keys and pieces say whether marked)
        self._lines = blueprint_line_labels(new)
        self._pieces.clear()
        self._layout = layout_of(new)
        self.phase = min(self.phase, len(new.phases) - 1)
        self.lane = min(self.lane, len(new.lanes) - 1)
        self._update_geometry()
        self._cells = {k: v for k, v in self._cells.items() if k[0] < len(new.phases)}
        self.refresh()
        self.call_after_refresh(self.scroll_to_cursor)

    def _cursor_changed(self) -> None:
        old, self._drawn_cursor = self._drawn_cursor, (self.phase, self.lane)
        if not self.scroll_to_cursor():  # a scroll repaints everything by itself
            self.refresh(*self._cursor_regions(*old), *self._cursor_regions(*self._drawn_cursor))

    def _cursor_regions(self, phase: int, lane: int) -> list[Region]:
        """The lines showing the cursor on (`phase`, `lane`): the phase titles and the lane."""
        if lane >= len(self._layout.tops):
            return []
        width, height = self.size
        top = HEADER_HEIGHT + self._layout.tops[lane] - int(self.scroll_y)
        lane_lines = Region(0, top, width, self._layout.heights[lane])
        body = Region(0, HEADER_HEIGHT, width, max(0, height - HEADER_HEIGHT))
        return [Region(0, 1, width, 1), lane_lines.intersection(body)]

    def watch_phase(self) -> None:
        self._cursor_changed()

    def watch_tag_filter(self) -> None:
        self._cells.clear()
        self.refresh()

    def watch_lane(self) -> None:
        self._cursor_changed()

    def validate_phase(self, value: int) -> int:
        count = len(self.journey.phases) if self.journey else 1
        return max(0, min(value, count - 1))

    def validate_lane(self, value: int) -> int:
        count = len(self.journey.lanes) if self.journey else 1
        return max(0, min(value, count - 1))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look_stale = True

    def _grid_styles(self) -> GridStyles:
        """The grid's styles, looked up again after a CSS change (new ones drop drawn strips)."""
        if self._look is None or self._look_stale:
            self._look_stale = False
            look = GridStyles.of(self)
            if look != self._look:
                self._look = look
                self._cells.clear()
                self._pieces.clear()
        return self._look

    def _update_geometry(self) -> None:
        m = self.journey
        if m is None:
            return
        width = phase_width_for(self.size.width, len(m.phases), self.view)
        if width != self.phase_width:
            self.phase_width = width
            self._cells.clear()
            self._pieces.clear()
        if self.view == "wide":  # as tall as every note needs, at this width
            console, inner = self.app.console, width - 2
            self._layout = layout_of(
                m, tuple(rows_for_all_notes(m, lane, console, inner) for lane in m.lanes)
            )
        self.virtual_size = Size(
            LANE_WIDTH + width * len(m.phases), HEADER_HEIGHT + self._layout.body_height
        )

    def set_view(self, view: GridView) -> None:
        """Lay the phases out the `view` way (see :data:`GridView`)."""
        if view == self.view:
            return
        self.view = view
        if self.journey is not None:
            self._layout = layout_of(self.journey)
        self._cells.clear()
        self._pieces.clear()
        self._update_geometry()
        self.refresh()
        self.call_after_refresh(self.scroll_to_cursor)

    def on_resize(self) -> None:
        # No refresh: a new size repaints the grid anyway (and a new phase width has
        # dropped the drawn cells); a Resize that changed nothing should draw nothing.
        self._update_geometry()
        self.scroll_to_cursor()

    @property
    def visible_phases(self) -> int:
        """How many whole phase columns fit beside the lane titles."""
        return max(1, (self.size.width - LANE_WIDTH) // self.phase_width)

    def scroll_to_cursor(self) -> bool:
        """Scroll so that the focused cell is in view (the whole phase column, if it fits).

        Returns whether the grid scrolled.
        """
        if self.journey is None or not self._layout.tops:
            return False
        view_w = max(1, self.size.width - LANE_WIDTH)
        view_h = max(1, self.size.height - HEADER_HEIGHT)
        x = self.phase * self.phase_width
        x_scroll = self.scroll_x
        if x < x_scroll:
            x_scroll = x
        elif x + self.phase_width > x_scroll + view_w:
            x_scroll = x + self.phase_width - view_w if view_w >= self.phase_width else x
        top = self._layout.tops[self.lane]
        bottom = top + self._layout.heights[self.lane] + 1
        y_scroll = self.scroll_y
        if top < y_scroll:
            y_scroll = top
        elif bottom > y_scroll + view_h:
            y_scroll = bottom - view_h if bottom - top <= view_h else top
        before = self.scroll_offset
        self.scroll_to(x_scroll, y_scroll, animate=False, immediate=True)
        return self.scroll_offset != before

    # -- mouse -----------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if self.journey is None:
            return
        x = event.x - LANE_WIDTH + int(self.scroll_x)
        y = event.y - HEADER_HEIGHT + int(self.scroll_y)
        phase = x // self.phase_width if x >= 0 else self.phase
        lane = self._layout.lane_at(y)[0] if y >= 0 else self.lane
        self.post_message(self.Clicked(phase, lane))
        if event.chain >= 2:
            self.post_message(self.CellActivated())

    # -- drawing -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        m = self.journey
        width = self.size.width
        if m is None or width <= 0:
            return Strip.blank(width)
        look = self._grid_styles()
        scroll_x, scroll_y = int(self.scroll_x), int(self.scroll_y)
        view_w = max(0, width - LANE_WIDTH)
        first = scroll_x // self.phase_width
        last = min(len(m.phases), (scroll_x + view_w) // self.phase_width + 1)
        if y < HEADER_HEIGHT:
            left = self._header_lane_cell(y)
            cells = [self._header_cell(m, i, y, i == first) for i in range(first, last)]
        else:
            body_y = y - HEADER_HEIGHT + scroll_y
            if body_y >= self._layout.body_height:
                return Strip.blank(width, look.base)
            lane_index, row = self._layout.lane_at(body_y)
            below = lane_index + 1
            if row >= self._layout.heights[lane_index] and below in self._lines:
                return self._blueprint_line(self._lines[below], width)
            return row_strip(
                self._lane_title(m, lane_index, row),
                [self._cell_line(m, i, lane_index, row) for i in range(first, last)],
                self.phase_width,
                scroll_x - first * self.phase_width,
                view_w,
                width,
                look.base,
            )
        offset = scroll_x - first * self.phase_width
        body = Strip.join(cells).crop(offset, offset + view_w) if cells else Strip.blank(0)
        if y == 0 and offset and cells:
            body = self._stage_at_left_edge(m, first, offset, body)
        line = Strip.join([left, body])
        if line.cell_length < width:
            line = line.extend_cell_length(width, look.base)
        return line.crop(0, width)

    def _piece(self, key: Hashable, make: Callable[[GridStyles], list[Segment]]) -> Strip:
        """A header, lane title or rule, drawn by `make` once (until the map changes), in
        the base style (one Strip: its segments are styled before it is made)."""
        strip = self._pieces.get(key)
        if strip is None:
            look = self._grid_styles()
            strip = self._pieces[key] = Strip(Segment.apply_style(make(look), look.base))
        return strip

    def _blueprint_line(self, label: str, width: int) -> Strip:
        """The rule between two lanes drawn as a blueprint line: labelled, across the
        whole width (it does not scroll with the phases, so its label stays in view)."""
        return self._piece(
            ("blueprint line", label, width),
            lambda s: _fit(
                blueprint_rule(label, width, lead=LANE_WIDTH - 3, style=s.blueprint_line),
                width,
            ),
        )

    def _header_lane_cell(self, y: int) -> Strip:
        label = ("Stage", "Phase")[y]
        return self._piece(
            ("corner", y), lambda s: _fit(Text(" " + label, style=s.header + _DIM), LANE_WIDTH)
        )

    def _header_cell(self, m: JourneyMap, index: int, y: int, first_visible: bool) -> Strip:
        phase = m.phases[index]
        if y == 0:
            previous = m.phases[index - 1].stage if index else None
            shows_name = phase.stage is not None and (phase.stage != previous or first_visible)
            key = ("stage", phase.stage if shows_name else phase.stage is not None)
            return self._piece(
                key, lambda s: _fit(self._stage_text(phase.stage, shows_name, s), self.phase_width)
            )
        focused = index == self.phase
        conflicted = index in self._conflicts.titles
        return self._piece(
            ("title", index, focused, conflicted),
            lambda s: _fit(
                self._title_text(
                    phase.title, focused, s, linked=phase.link is not None, conflicted=conflicted
                ),
                self.phase_width,
            ),
        )

    def _stage_at_left_edge(self, m: JourneyMap, first: int, offset: int, body: Strip) -> Strip:
        """The visible stage row `body` with the name of the stage over the partly
        scrolled-off column `first` drawn at the left edge, where the column's own name
        (at its start) is cut off: within the stage's visible columns."""
        stage = m.phases[first].stage
        if stage is None:
            return body
        end = first + 1
        while end < len(m.phases) and m.phases[end].stage == stage:
            end += 1
        width = min(self.phase_width, (end - first) * self.phase_width - offset)
        name = self._piece(
            ("stage at edge", stage, width),
            lambda s: _fit(self._stage_text(stage, True, s, width), width),
        )
        return Strip.join([name, body.crop(width, body.cell_length)])

    def _stage_text(
        self, stage: str | None, shows_name: bool, s: GridStyles, width: int | None = None
    ) -> Text:
        """The stage row over a phase (`width` cells, a column's by default): the stage's
        name where it starts ("…" if cut), a rule."""
        width = self.phase_width if width is None else width
        text = Text(no_wrap=True, overflow="crop")
        if stage is None:
            return text
        if shows_name:
            name = Text(f" {stage.upper()} ", style=s.stage + _BOLD)
            if name.cell_len - 1 > width:  # its trailing space may go
                name.truncate(width, overflow="ellipsis")
            text.append_text(name)
        text.append("─" * width, style=s.stage)
        return text

    def _title_text(
        self, title: str, focused: bool, s: GridStyles, *, linked: bool, conflicted: bool = False
    ) -> Text:
        """A phase's title; a phase linked to a more detailed map ends in ↗ (`o` opens it),
        one with a merge conflict (its title, stage, or the phase itself) in ⚠."""
        style = s.cursor_column if focused else s.header
        text = Text(" " + title, style=style + _BOLD, no_wrap=True)
        mark = LINK_MARK if linked else ""
        warning = CONFLICT_MARK if conflicted else ""
        text.truncate(
            self.phase_width - 1 - len(mark) - len(warning), overflow="ellipsis", pad=True
        )
        text.append(mark, style=style + _BOLD)
        text.append(warning, style=s.conflict)
        text.append("│", style=s.rule)
        return text

    def _lane_title(self, m: JourneyMap, index: int, row: int) -> Strip:
        if row >= self._layout.heights[index]:
            return self._piece(
                ("lane rule",), lambda s: _fit(Text("─" * LANE_WIDTH, style=s.rule), LANE_WIDTH)
            )
        if row > 0:
            return self._piece(("lane blank",), lambda s: [Segment(" " * LANE_WIDTH, s.lane)])
        focused = index == self.lane
        title = m.lanes[index].title
        conflicted = m.lanes[index].key in self._conflicts.lanes

        def make(s: GridStyles) -> list[Segment]:
            style = s.lane_cursor if focused else s.lane
            warning = CONFLICT_MARK if conflicted else ""
            shown = shortened_title(title, LANE_WIDTH - 1 - len(warning))
            text = Text(" " + shown, style=style + _BOLD, no_wrap=True)
            text.truncate(LANE_WIDTH - len(warning), overflow="ellipsis", pad=True)
            text.append(warning, style=s.conflict)
            return _fit(text, LANE_WIDTH)

        return self._piece(("lane", index, focused, conflicted), make)

    def _cell_line(
        self, m: JourneyMap, phase_index: int, lane_index: int, row: int
    ) -> list[Segment]:
        """Line `row` of a cell: its segments, a column wide, in the base style."""
        height = self._layout.heights[lane_index]
        if row >= height:
            rule = "─" * (self.phase_width - 1) + "┼"
            return list(
                self._piece(("rule",), lambda s: _fit(Text(rule, style=s.rule), self.phase_width))
            )
        focused = phase_index == self.phase and lane_index == self.lane
        lane = m.lanes[lane_index]
        phase = m.phases[phase_index]
        conflicted = (phase_index, lane.key) in self._conflicts.cells
        key = (phase_index, lane.key, focused, conflicted)
        cached = self._cells.get(key)
        if cached is None or cached[0] is not phase or len(cached[1]) != height:
            lines = self._render_cell(
                m, phase, lane, height, focused, self._marks.get(phase_index), conflicted
            )
            self._cells[key] = (phase, lines)
        else:
            lines = cached[1]
        return lines[row]

    def _render_cell(
        self,
        m: JourneyMap,
        phase: Phase,
        lane: Lane,
        height: int,
        focused: bool,
        mark: str | None = None,
        conflicted: bool = False,
    ) -> list[list[Segment]]:
        """The `height` lines of one cell, a column wide (with a rule on the right), in
        the base style; a cell with a merge conflict has ⚠ at the right of its first line."""
        look = self._grid_styles()
        inner = self.phase_width - 2 - (1 if conflicted else 0)
        console = self.app.console
        rendered: list[list[Segment]]
        blank = [Segment(" " * inner)]
        if lane.kind == "emotion":
            rendered = self._curve_points.lines(console, phase.emotion, m.scale, inner, mark or "")
        else:
            notes = with_vote_counts(phase, lane.key)
            marks = note_marks(phase, lane.key)
            filtered = 0
            if self.tag_filter is not None:
                tag, plain = self.tag_filter, phase.notes(lane.key)
                keep = [tag in tags_in(note) for note in plain]
                shown = [n for n, kept in zip(notes, keep, strict=True) if kept]
                if marks:
                    marks = tuple(mk for mk, kept in zip(marks, keep, strict=True) if kept)
                filtered, notes = len(notes) - len(shown), tuple(shown)
            lines, hidden = fit_notes(
                notes, m, console, inner, height - (1 if filtered else 0), marks
            )
            if hidden:
                lines.append(Text().append(more_mark(hidden), style=look.more))
            if filtered:
                lines.append(Text().append(filtered_mark(filtered), style=look.more))
            rendered = [
                Segment.adjust_line_length(list(line.render(console, end="")), inner)
                for line in lines
            ]
        # Segments, not Strips (making a Strip is not cheap; render_line makes one per
        # line), with the base (and cursor) style applied once: base + (cursor + style)
        # is (base + cursor) + style, as Style addition is associative.
        style = look.base + look.cursor if focused else look.base
        rule = Segment("│", look.base + look.rule)
        out: list[list[Segment]] = []
        for i in range(height):
            line = [
                Segment("▌" if focused else " "),
                *(rendered[i] if i < len(rendered) else blank),
            ]
            if conflicted:
                line.append(Segment("⚠", look.conflict) if i == 0 else Segment(" "))
            line = list(Segment.apply_style(line, style))
            line.append(rule)
            out.append(line)
        return out


class CurvePoints:
    """The emotion lane's cells, each drawn once for its score, scale, width, mark and
    palette: the phases with one score (a map has a few scores for many phases) share
    the lines, which are never changed."""

    def __init__(self) -> None:
        self._drawn: dict[Hashable, list[list[Segment]]] = {}

    def lines(
        self,
        console: Console,
        score: int | None,
        scale: EmotionScale,
        width: int,
        mark: str,
    ) -> list[list[Segment]]:
        """The lines of :func:`emotion_cell`, `width` cells wide (in the palette in use,
        see :func:`~cxtui.render.use_terminal_palette`)."""
        key = (score, scale, width, mark, terminal_palette_in_use())
        lines = self._drawn.get(key)
        if lines is None:
            options = console.options.update(width=width, height=None, highlight=False)
            text = emotion_cell(score, scale, width, mark)
            lines = self._drawn[key] = console.render_lines(text, options, pad=True)
        return lines


def filtered_mark(hidden: int) -> str:
    """The mark under a cell whose `hidden` notes the tag filter leaves out."""
    return f"({hidden} hidden)"


@record
class ConflictMarks:
    """Where the grid marks a map's merge conflicts: cells (phase index, lane key),
    phase titles (index) and lane titles (key)."""

    cells: frozenset[tuple[int, str]] = frozenset()
    titles: frozenset[int] = frozenset()
    lanes: frozenset[str] = frozenset()


#: The cells, titles and lanes with a conflict to settle (M) end in it.
CONFLICT_MARK = "⚠"
#: Conflicts of one phase, marked on its title.
_PHASE_FIELDS = frozenset({"phase", "phase title", "stage", "phase order"})


def conflict_marks(m: JourneyMap) -> ConflictMarks:
    """Where `m`'s conflicts are on the grid (a conflict of the whole map, its title or
    persona, is on the status line only)."""
    if not m.conflicts:
        return ConflictMarks()
    index = {phase.id: n for n, phase in enumerate(m.phases)}
    emotion = [lane.key for lane in m.lanes if lane.kind == "emotion"]
    cells: set[tuple[int, str]] = set()
    titles: set[int] = set()
    lanes: set[str] = set()
    for conflict in m.conflicts:
        n = index.get(conflict.phase) if conflict.phase is not None else None
        if conflict.field.startswith("lane") and conflict.key is not None:
            lanes.add(conflict.key)
        elif n is None:
            continue
        elif conflict.field == "notes" and conflict.key is not None:
            cells.add((n, conflict.key))
        elif conflict.field == "emotion":
            cells.update((n, key) for key in emotion)
        elif conflict.field in _PHASE_FIELDS:
            titles.add(n)
    return ConflictMarks(frozenset(cells), frozenset(titles), frozenset(lanes))


def curve_marks(m: JourneyMap) -> dict[int, str]:
    """The emotion lane's marks: ``▼ lowest`` and ``▲ highest`` by phase index (none when
    every score is the same)."""
    low, high = lowest_phases(m), highest_phases(m)
    if not low or m.phases[low[0]].emotion == m.phases[high[0]].emotion:
        return {}
    return {**dict.fromkeys(low, "▼ lowest"), **dict.fromkeys(high, "▲ highest")}


def row_strip(
    left: Strip,
    cells: Sequence[Sequence[Segment]],
    cell_width: int,
    offset: int,
    view_width: int,
    width: int,
    base: Style,
) -> Strip:
    """A body line: the lane title `left`, then the `cells` (each `cell_width` cells and
    never without text) cropped to `view_width` cells from `offset`, padded in `base` and
    cut to `width`. The segments of joining the cells' strips, cropping, joining and
    cropping again, made into one Strip rather than five (making a Strip is not cheap)."""
    total = cell_width * len(cells)
    start, end = max(0, offset), min(total, offset + view_width)
    body = crop_segments([s for cell in cells for s in cell], total, start, end)
    line = [*left, *body] if left.cell_count else body
    length = left.cell_length + max(0, end - start)
    if length < width:
        line.append(Segment(" " * (width - length), base))
        length = width
    return Strip(crop_segments(line, length, 0, width), min(length, width))


def crop_segments(segments: list[Segment], length: int, start: int, end: int) -> list[Segment]:
    """The segments of ``Strip(segments, length).crop(start, end)`` (`start` at least 0,
    `end` at most `length`): the same segments, split the same way."""
    if start == 0 and end == length:
        return segments
    if end <= start or start >= length:
        return []
    pos = 0
    out: list[Segment] = []
    remaining = iter(segments)
    segment: Segment | None = None
    for segment in remaining:
        end_pos = pos + cell_len(segment.text)
        if end_pos > start:
            segment = segment.split_cells(start - pos)[1]
            break
        pos = end_pos
    if end >= length:
        if segment:
            out.append(segment)
        out.extend(remaining)
        return out
    pos = start
    while segment is not None:
        end_pos = pos + cell_len(segment.text)
        if end_pos < end:
            out.append(segment)
        else:
            out.append(segment.split_cells(end - pos)[0])
            break
        pos = end_pos
        segment = next(remaining, None)
    return out


def _fit(text: Text, width: int) -> list[Segment]:
    """`text` as the segments of one line exactly `width` cells wide."""
    segments = list(text.render(_CONSOLE, end=""))
    if not text.spans:  # Rich applies a text's own style only through its spans
        segments = list(Segment.apply_style(segments, _CONSOLE.get_style(text.style)))
    return Segment.adjust_line_length(segments, width)
