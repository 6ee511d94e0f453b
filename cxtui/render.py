"""Rich renderables for a map: header, emotion curve and the phase-by-lane table.

User text is always wrapped in :class:`rich.text.Text`, never parsed as markup,
and passes through :func:`displayed` first.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import (
    Console,
    ConsoleOptions,
    Group,
    JustifyMethod,
    OverflowMethod,
    RenderableType,
    RenderResult,
)
from rich.containers import Lines
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Span, Text

from cxtui.model import (
    MARK_LABELS,
    MARK_SYMBOLS,
    TAG_PATTERN,
    EmotionScale,
    JourneyMap,
    MarkName,
    Phase,
    blueprint_line_labels,
    kind_name,
)
from cxtui.notation import (
    SPARK_GLYPHS,
    UNRATED,
    colour_at,
    emotion_glyph,
    format_score,
    has_stages,
    marks_used,
    scale_fraction,
)

#: The lane-title column: wide enough for the longest word of a lane title, within these.
LANE_COLUMN_WIDTH = 14
MAX_LANE_COLUMN_WIDTH = 20
MIN_PHASE_WIDTH = 18
MAX_PHASE_WIDTH = 36
#: Rows the emotion curve takes in the table (fewer when the scale is shorter).
CURVE_ROWS = 5
#: What ends a note cut short.
ELLIPSIS = "…"
BULLET = "• "

#: Emoji skin-tone modifiers (U+1F3FB..U+1F3FF): terminals disagree on their width.
_SKIN_TONES = re.compile("[\U0001f3fb-\U0001f3ff]")

_KEEP_SKIN_TONES: ContextVar[bool] = ContextVar("keep_skin_tones", default=False)


def displayed(text: str) -> str:
    """`text` as shown in the editor: without emoji skin-tone modifiers.

    ``👍🏽`` is two cells to some terminals and four to others (and to older Rich),
    so a line holding it could end up wider than the screen; ``👍`` is two everywhere.
    Within :func:`keeping_skin_tones` (`cxtui print`) the text is kept as written.
    """
    return text if _KEEP_SKIN_TONES.get() else _SKIN_TONES.sub("", text)


@contextmanager
def keeping_skin_tones() -> Iterator[None]:
    """Render text with its skin-tone modifiers: a printed map says what its author wrote
    (``👍🏽``), at the risk of a line two cells too wide in a terminal that draws it wider."""
    token = _KEEP_SKIN_TONES.set(True)
    try:
        yield
    finally:
        _KEEP_SKIN_TONES.reset(token)


_WORD = re.compile(r"\s*\S+\s*")
#: What the one-pass wrap leaves to Rich: line breaks and tabs (a cleaned note has none).
_WRAPS_BY_PARTS = re.compile("[\n\t]")


def line_breaks(text: str, width: int, *, fold: bool = True) -> list[int]:
    """The offsets at which Rich's word wrap breaks the one-line `text` into lines of
    `width` cells: words move to the next line whole, and a word longer than a line is
    folded (with `fold`) or left to overflow."""
    breaks: list[int] = []
    used = 0  # cells on the current line
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip())
        if width - used >= length:
            used += cell_len(word)
        elif length > width and fold:
            pieces = chop_cells(word, width)
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            used = cell_len(pieces[-1])
        elif length > width:  # not folded: it overflows a line of its own
            if start:
                breaks.append(start)
            used = cell_len(word)
        elif used and start:  # on to the next line
            breaks.append(start)
            used = cell_len(word)
    return breaks


class WrappedText(Text):
    """Text that wraps without trailing spaces, its lines after the first indented.

    `hang` is the number of leading characters (a bullet) that continuation lines
    are indented by the width of: a note ``• long text`` wraps with its continuation
    lines under the text rather than under the bullet.
    """

    hang: int = 0

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        indent = self._indent()
        flush_left = {justify, self.justify} <= {None, "default", "left"}
        if not 0 < indent < width - 1 or no_wrap or self.no_wrap:
            lines = super().wrap(
                console, width, justify=justify, overflow=overflow, tab_size=tab_size,
                no_wrap=no_wrap,
            )  # fmt: skip
        elif (
            flush_left
            and (overflow or self.overflow or "fold") == "fold"
            and not _WRAPS_BY_PARTS.search(self.plain)
        ):
            lines = self._hang(width, indent)
        else:
            lines = self._hang_by_parts(
                console, width, indent, justify=justify, overflow=overflow, tab_size=tab_size
            )
        for line in lines:
            line.rstrip()
        return lines

    def _hang(self, width: int, indent: int) -> Lines:
        """The lines of a one-line, left-justified, folding text (a note): broken where
        Rich's word wrap breaks its body in `width - indent` cells, in one pass over the
        text. For text as the model keeps it (:mod:`cxtui.text`) it gives the lines
        :meth:`_hang_by_parts` gives, in about half the time, which `cxtui print` and the
        grid's first frame feel."""
        offsets = [
            self.hang + offset for offset in line_breaks(self.plain[self.hang :], width - indent)
        ]
        lines = _unstyled_lines(self, offsets, indent)
        if lines is None:
            lines = self.divide(offsets)
            for line in lines[1:]:
                line.pad_left(indent)
        return lines

    def _hang_by_parts(
        self,
        console: Console,
        width: int,
        indent: int,
        *,
        justify: JustifyMethod | None,
        overflow: OverflowMethod | None,
        tab_size: int,
    ) -> Lines:
        """The lines of any text: its body wrapped by Rich, then the lead put back."""
        body = self[self.hang :]
        body.overflow = self.overflow
        wrapped = body.wrap(
            console, width - indent, justify=justify, overflow=overflow, tab_size=tab_size
        )
        lines = Lines()
        for i, line in enumerate(wrapped):
            lead = self[: self.hang] if i == 0 else Text(" " * indent)
            lead.append_text(line)
            lines.append(lead)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        measured = super().__rich_measure__(console, options)
        indent = self._indent()
        return Measurement(measured.minimum + indent, max(measured.maximum, indent + 1))

    def _indent(self) -> int:
        return cell_len(self.plain[: self.hang])


def _unstyled_lines(text: Text, offsets: list[int], indent: int) -> Lines | None:
    """The lines of ``text.divide(offsets)`` with all but the first padded by `indent`
    spaces, already stripped on the right, made at once for a `text` without spans and
    broken at least once (None otherwise): the lines Rich's divide, pad_left and rstrip
    make, without building each line three times (the grid's first frame and `cxtui
    print` wrap every note)."""
    if text.spans or not offsets:
        return None
    plain, pad = text.plain, " " * indent
    style, justify, overflow = text.style, text.justify, text.overflow
    cuts = [0, *offsets, len(plain)]
    return Lines(
        Text(
            ((pad if n else "") + plain[start:end]).rstrip(),
            style=style,
            justify=justify,
            overflow=overflow,
        )
        for n, (start, end) in enumerate(itertools.pairwise(cuts))
    )


def _line(text: str, style: str = "") -> WrappedText:
    return WrappedText(displayed(text), style=style)


#: Whether terminal colours follow the terminal's own palette (an ANSI theme in the
#: editor): then an emotion is one of the terminal's red, yellow and green, whatever
#: shades the person gave those for contrast. Set by the editor; `print` keeps RGB.
_terminal_palette = False


def use_terminal_palette(on: bool) -> None:
    """Draw emotions in the terminal's own red, yellow and green (`on`) or in RGB."""
    global _terminal_palette
    _terminal_palette = on


def terminal_palette_in_use() -> bool:
    """Whether emotions are drawn in the terminal's own colours (:func:`use_terminal_palette`)."""
    return _terminal_palette


def emotion_colour(value: int | None, scale: EmotionScale) -> str:
    """A terminal colour for `value`: from red (the scale's low) through yellow to green
    (its high); in the terminal's palette, its red, yellow or green."""
    if value is None:
        return "default" if _terminal_palette else "grey50"
    return _shade(scale_fraction(value, scale))


def _shade(t: float) -> str:
    """The colour at `t` (0..1) of the way from the scale's low to its high, in the
    terminal's palette when it is in use (:func:`use_terminal_palette`)."""
    if _terminal_palette:
        return "red" if t < 0.4 else "green" if t > 0.6 else "yellow"
    return colour_at(t)


def with_vote_counts(phase: Phase, lane_key: str) -> tuple[str, ...]:
    """The notes of a cell, each with votes followed by its count: ``Free returns (3 votes)``."""
    if not phase.votes:
        return phase.notes(lane_key)
    out = []
    for note in phase.notes(lane_key):
        count = len(phase.voters(lane_key, note))
        out.append(f"{note}  ({count} vote{'s' if count != 1 else ''})" if count else note)
    return tuple(out)


def sparkline(m: JourneyMap) -> Text:
    """The emotion curve of the whole map, one coloured block per phase."""
    looks: dict[int | None, tuple[str, str]] = {}  # (glyph, colour) of each score
    glyphs: list[str] = []
    spans: list[Span] = []
    offset = 0
    for phase in m.phases:
        look = looks.get(phase.emotion)
        if look is None:
            score = phase.emotion
            look = looks[score] = (emotion_glyph(score, m.scale), emotion_colour(score, m.scale))
        glyph, colour = look
        glyphs.append(glyph)
        spans.append(Span(offset, offset + len(glyph), colour))
        offset += len(glyph)
    return Text("".join(glyphs), spans=spans)


def sparkline_within(m: JourneyMap, width: int) -> Text:
    """The emotion curve in at most `width` cells: :func:`sparkline` when every phase
    fits, else one block per run of neighbouring phases, as high (and coloured) as the
    mean of their scores; a run with no score shows the unrated mark."""
    count = len(m.phases)
    if count <= width:
        return sparkline(m)
    text = Text()
    for bucket in range(max(1, width)):
        run = m.phases[bucket * count // width : (bucket + 1) * count // width]
        scores = [phase.emotion for phase in run if phase.emotion is not None]
        if not scores:
            text.append(UNRATED, emotion_colour(None, m.scale))
            continue
        mean = sum(scores) / len(scores)
        t = scale_fraction(mean, m.scale)
        glyph = SPARK_GLYPHS[round(t * (len(SPARK_GLYPHS) - 1))]
        text.append(glyph, _shade(t))
    return text


def curve_rows(scale: EmotionScale) -> int:
    """How many rows the emotion curve needs for `scale`."""
    return min(CURVE_ROWS, scale.max - scale.min + 1)


def curve_row_of(value: int, scale: EmotionScale) -> int:
    """The row (0 = top) where `value` sits in an emotion curve of :func:`curve_rows` rows."""
    rows = curve_rows(scale)
    return rows - 1 - round(scale_fraction(value, scale) * (rows - 1))


def emotion_cell(value: int | None, scale: EmotionScale, width: int, mark: str = "") -> Text:
    """One phase's point of the emotion curve, with its score beneath (and `mark` after
    the score: the editor marks the lowest and highest points)."""
    rows = curve_rows(scale)
    colour = emotion_colour(value, scale)
    point = None if value is None else curve_row_of(value, scale)
    lines = Text(justify="center", no_wrap=True)
    baseline = rows // 2
    rule = "dim" if _terminal_palette else "grey35"
    for row in range(rows):
        if row == point == baseline:  # on the baseline (a score of 0): both show
            left = max(0, width - 1) // 2
            lines.append("┈" * left, style=rule)
            lines.append("●", style=f"bold {colour}")
            lines.append("┈" * max(0, width - 1 - left), style=rule)
        elif row == point:
            lines.append("●", style=f"bold {colour}")
        elif row == baseline:
            lines.append("┈" * max(1, width), style=rule)
        lines.append("\n")
    lines.append(format_score(value), style=f"bold {colour}")
    if mark:
        lines.append(f" {mark}", style=colour)
    return lines


#: How each mark's symbol is coloured (the symbol, not the colour, tells them apart).
MARK_STYLES: dict[MarkName, str] = {
    "fail": "bold red",
    "wait": "bold cyan",
    "works": "bold green",
    "needs_work": "bold yellow",
}


def marks_legend(m: JourneyMap) -> Text | None:
    """One line that explains the marks used in `m`, or None when it has none."""
    used = marks_used(m)
    if not used:
        return None
    legend = Text("Marks: ", style="dim")
    for i, name in enumerate(used):
        if i:
            legend.append("  ")
        legend.append(MARK_SYMBOLS[name], MARK_STYLES[name])
        legend.append(f" {MARK_LABELS[name]}")
    return legend


#: Tag colour names a map may hold that Rich has no name for: the nearest terminal colour
#: (a 256-colour one, and the 16-colour one when emotions use the terminal's palette).
_UNNAMED_COLOURS = {"orange": ("dark_orange", "yellow"), "grey": ("grey50", "bright_black")}


def terminal_colour(colour: str | None) -> str | None:
    """A tag colour (:data:`~cxtui.model.TAG_COLOUR_NAMES` or ``#rrggbb``) as Rich draws it."""
    if colour is None or colour not in _UNNAMED_COLOURS:
        return colour
    rich_name, ansi_name = _UNNAMED_COLOURS[colour]
    return ansi_name if _terminal_palette else rich_name


def note_marks(phase: Phase, lane_key: str) -> tuple[tuple[MarkName, ...], ...]:
    """The marks of each note of a cell, in the order of its notes."""
    if not phase.marks:
        return ()
    return tuple(phase.marks_of(lane_key, note) for note in phase.notes(lane_key))


def note_text(
    note: str, m: JourneyMap, bullet: str = BULLET, marks: Sequence[MarkName] = ()
) -> Text:
    """A note as a bullet, its marks' symbols and its ``#tags`` in their colours; wrapped
    lines hang under the text."""
    note = displayed(note)
    text = WrappedText(bullet, overflow="fold")
    for name in marks:
        text.append(MARK_SYMBOLS[name], MARK_STYLES[name])
    if marks:
        text.append(" ")
    lead = len(text.plain)
    text.hang = len(bullet)
    text.append(note)
    first_colour: str | None = None
    for match in TAG_PATTERN.finditer(note):
        colour = terminal_colour(m.tag_colour(match.group(1)))
        if colour:
            first_colour = first_colour or colour
            start = lead + match.start()
            text.stylize(f"bold {colour}", start, start + len(match.group(0)))
    if first_colour:
        text.stylize(first_colour, 0, len(bullet))
    return text


def notes_text(
    notes: Sequence[str], m: JourneyMap, marks: Sequence[Sequence[MarkName]] = ()
) -> RenderableType:
    """A cell's notes, one bullet each (with the marks of each note, when given)."""
    if not notes:
        return Text("")
    return Group(*(note_text(n, m, marks=_at(marks, i)) for i, n in enumerate(notes)))


def _at(marks: Sequence[Sequence[MarkName]], index: int) -> Sequence[MarkName]:
    return marks[index] if index < len(marks) else ()


def more_mark(hidden: int) -> str:
    """The mark under a cell whose last `hidden` notes are not shown."""
    return f"+{hidden} more"


def _cut(line: Text, width: int) -> Text:
    """`line` ending in an ellipsis, within `width` cells."""
    line = line.copy()
    line.rstrip()
    if line.cell_len + cell_len(ELLIPSIS) > width:
        line.truncate(max(0, width - cell_len(ELLIPSIS)))
        line.rstrip()
    line.append(ELLIPSIS)
    return line


def fit_notes(
    notes: Sequence[str],
    m: JourneyMap,
    console: Console,
    width: int,
    height: int,
    marks: Sequence[Sequence[MarkName]] = (),
) -> tuple[list[Text], int]:
    """A cell's notes in at most `height` lines of `width` cells: (lines, notes not shown).

    A note cut short ends with "…" and counts as shown. When notes are left out, the
    lines leave the last line of the cell free for :func:`more_mark` of that count.
    """
    lines: list[Text] = []
    for n, note in enumerate(notes):
        rest = len(notes) - n - 1
        room = height - len(lines) - (1 if rest else 0)
        wrapped = list(note_text(note, m, marks=_at(marks, n)).wrap(console, width))
        if len(wrapped) <= room:
            lines.extend(wrapped)
            continue
        if room <= 0:
            return lines, rest + 1
        lines.extend(wrapped[: room - 1])
        lines.append(_cut(wrapped[room - 1], width))
        return lines, rest
    return lines, 0


def header(m: JourneyMap) -> RenderableType:
    """Title, kind, persona and the whole emotion curve."""
    lines: list[RenderableType] = []
    title = _line(m.title or "Untitled map", style="bold")
    title.append(f"  ({kind_name(m.kind)})", style="dim")
    lines.append(title)
    if m.description:
        lines.append(_line(m.description, style="italic"))
    if m.persona is not None:
        p = m.persona
        who = _line("Persona: ", style="dim")
        who.append(displayed(p.name or "unnamed"), style="bold")
        if p.role:
            who.append(f", {displayed(p.role)}")
        lines.append(who)
        if p.quote:
            lines.append(_line(f"“{p.quote}”", style="italic"))
        for label, items in (("Goals", p.goals), ("Needs", p.needs),
                             ("Frustrations", p.frustrations)):  # fmt: skip
            if items:
                line = _line(f"{label}: ", style="dim")
                line.append(displayed("; ".join(items)))
                lines.append(line)
    curve = _line("Emotion: ", style="dim")
    curve.append_text(sparkline(m))
    curve.append(f"  (scale {m.scale.min}..{m.scale.max})", style="dim")
    lines.append(curve)
    return Group(*lines)


def stage_line(m: JourneyMap, index: int, first_in_band: bool, width: int) -> Text:
    """The stage over a phase, `width` cells: its name where a stage starts, else a rule.

    A name too long for the column is cut with "…"; no stage, no line.
    """
    phase = m.phases[index]
    line = Text(no_wrap=True, overflow="crop")
    if phase.stage is None:
        return line
    previous = m.phases[index - 1].stage if index else None
    if phase.stage != previous or first_in_band:
        name = Text(displayed(phase.stage.upper()), style="bold cyan")
        name.truncate(width, overflow="ellipsis")
        line.append_text(name)
        if width - name.cell_len >= 2:
            line.append(" " + "─" * (width - name.cell_len - 1), style="cyan")
    else:
        line.append("─" * width, style="cyan")
    return line


def _phase_heading(m: JourneyMap, index: int, first_in_band: bool, width: int) -> RenderableType:
    """A phase column's heading: its stage line (if the map has stages) over its title."""
    phase = m.phases[index]
    title: RenderableType = WrappedText(displayed(phase.title), style="bold", overflow="fold")
    if phase.link is not None:  # the detailed map of this step: ↗ and its file
        assert isinstance(title, WrappedText)
        title.append(" ↗")
        title = Group(title, WrappedText(displayed(phase.link), style="dim", overflow="fold"))
    if not has_stages(m):
        return title
    return Group(stage_line(m, index, first_in_band, width), title)


def shortened_title(title: str, width: int) -> str:
    """`title` in at most `width` cells. A title too long keeps its last word, which is
    often what tells two lanes apart ("Front…(visible)", "Bac…(invisible)"), and is cut
    in the middle with "…"; when that word is too long for it, the title is cut at the end."""
    if cell_len(title) <= width:
        return title
    if width < 2:
        return ELLIPSIS[:width]
    head, _, last = title.rstrip().rpartition(" ")
    room = width - 1 - cell_len(last)
    if head and room >= 3:
        return chop_cells(head, room)[0].rstrip() + ELLIPSIS + last
    return chop_cells(title, max(0, width - 1))[0].rstrip() + ELLIPSIS


def lane_column_width(m: JourneyMap) -> int:
    """Cells for the lane titles, with padding: no word of a title is broken if it can help."""
    longest = max(
        (cell_len(word) for lane in m.lanes for word in displayed(lane.title).split()), default=0
    )
    return max(LANE_COLUMN_WIDTH, min(MAX_LANE_COLUMN_WIDTH, longest + 2))


def phases_per_band(width: int, count: int, lane_width: int = LANE_COLUMN_WIDTH) -> int:
    """How many phase columns fit side by side in `width` cells."""
    usable = width - lane_width - 4
    return max(1, min(count, usable // (MIN_PHASE_WIDTH + 3)))


def band_table(m: JourneyMap, start: int, stop: int, width: int) -> Table:
    """The table of phases ``start..stop-1``: one column each, one row per lane.

    The first row holds the headings (stage and phase title), top-aligned with their
    labels: a Rich header row would align them to the bottom.
    """
    count = stop - start
    lane_width = lane_column_width(m)
    phase_width = max(
        MIN_PHASE_WIDTH - 2,
        min(MAX_PHASE_WIDTH, (width - lane_width - 4) // count - 3),
    )
    table = Table(box=box.ROUNDED, show_header=False, show_lines=True, expand=False, padding=(0, 1))
    table.add_column(width=lane_width - 2)
    for _ in range(start, stop):
        table.add_column(width=phase_width)
    labels = Text("Stage\nPhase" if has_stages(m) else "Phase", style="dim")
    table.add_row(
        labels, *(_phase_heading(m, i, i == start, phase_width) for i in range(start, stop))
    )
    lines = blueprint_line_labels(m)
    for index, lane in enumerate(m.lanes):
        if index in lines:
            table.add_row(*blueprint_rule_cells(lines[index], lane_width - 2, phase_width, count))
        row: list[RenderableType] = [
            WrappedText(displayed(lane.title), style="bold", overflow="fold")
        ]
        for phase in m.phases[start:stop]:
            if lane.kind == "emotion":
                row.append(emotion_cell(phase.emotion, m.scale, phase_width))
            else:
                row.append(notes_text(phase.notes(lane.key), m, note_marks(phase, lane.key)))
        table.add_row(*row)
    return table


#: How a blueprint line is drawn: a heavy dashed rule, its label in words.
BLUEPRINT_RULE = "━"
BLUEPRINT_STYLE = "bold magenta"


def blueprint_rule(
    label: str, width: int, lead: int = 2, style: str | Style = BLUEPRINT_STYLE
) -> Text:
    """A blueprint line `width` cells wide: `lead` cells of rule, the label, rule to the end
    (the label cut with "…" when the rule is too short for it)."""
    text = Text(no_wrap=True, overflow="crop", style=style)
    room = width - lead - 2
    if room < 4:
        return text.append(BLUEPRINT_RULE * width)
    name = Text(label)
    name.truncate(room, overflow="ellipsis")
    text.append(BLUEPRINT_RULE * lead + " ")
    text.append_text(name)
    text.append(" " + BLUEPRINT_RULE * max(0, width - lead - 2 - name.cell_len))
    return text


def blueprint_rule_cells(label: str, lane_width: int, phase_width: int, count: int) -> list[Text]:
    """A printed table's row for a blueprint line: a rule under the lane titles, the
    labelled rule in the first phase (the label wraps when the column is too narrow for
    it), a rule through the other phases."""
    rule = Text(BLUEPRINT_RULE * lane_width, style=BLUEPRINT_STYLE, no_wrap=True)
    if cell_len(label) + 3 <= phase_width:
        first = blueprint_rule(label, phase_width, lead=1)
    else:
        first = WrappedText(f"{BLUEPRINT_RULE} {label}", style=BLUEPRINT_STYLE, overflow="fold")
        first.hang = 2
    rest = Text(BLUEPRINT_RULE * phase_width, style=BLUEPRINT_STYLE, no_wrap=True)
    return [rule, first] + [rest.copy() for _ in range(count - 1)]


class MapView:
    """The whole map for printing: header, the emotion chart (and `against`'s under it),
    the table in bands that fit the width, and with `insights` what the map says."""

    def __init__(
        self, m: JourneyMap, *, against: JourneyMap | None = None, insights: bool = False
    ) -> None:
        self.map = m
        self.against = against
        self.insights = insights

    def bands(self, width: int) -> Iterator[tuple[int, int]]:
        """(start, stop) phase ranges, each as wide as `width` allows."""
        per = phases_per_band(width, len(self.map.phases), lane_column_width(self.map))
        for start in range(0, len(self.map.phases), per):
            yield start, min(start + per, len(self.map.phases))

    def parts(self, width: int) -> Iterator[RenderableType]:
        """The header, the charts, then each band's caption and table (and the insights),
        made one at a time: printing them one by one (see :meth:`print_to`) holds one band
        in memory, not the map."""
        from cxtui.chart import charts
        from cxtui.insights_view import insights_section

        yield header(self.map)
        yield from charts(self.map, self.against)
        bands = list(self.bands(width))
        for n, (start, stop) in enumerate(bands, start=1):
            yield Text("")
            if len(bands) > 1:
                which = f"Phases {start + 1}–{stop}" if stop - start > 1 else f"Phase {stop}"
                total = len(self.map.phases)
                yield Text(f"{which} of {total} (part {n} of {len(bands)})", style="dim")
            yield band_table(self.map, start, stop, width)
        legend = marks_legend(self.map)
        if legend is not None:
            yield legend
        if self.insights:
            yield Text("")
            yield insights_section(self.map)

    def print_to(self, console: Console) -> None:
        """Print the map on `console` part by part, each written out before the next is
        made: the same bytes as ``console.print(self)``."""
        for part in self.parts(console.width):
            console.print(part)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.parts(options.max_width)


def self_contained_svg_format() -> str:
    """Rich's SVG template without the web font it would fetch (falls back to monospace)."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    return strip_web_fonts(CONSOLE_SVG_FORMAT)


def strip_web_fonts(svg: str) -> str:
    """`svg` without ``@font-face`` rules that fetch fonts from the network."""
    import re

    return re.sub(r"@font-face\s*\{\{?[^}]*\}\}?", "", svg)
