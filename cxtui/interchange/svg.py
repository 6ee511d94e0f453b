"""SVG export: a picture of the map, drawn by hand (no fonts fetched, no scripts).

The header (title, kind, persona), then a grid: stages over phase titles, one
row per lane with every note wrapped into ``<tspan>`` lines, and the emotion
lane as a curve through the phase columns with a coloured point and score per
phase. Text is escaped (``&``, ``<``, ``>``) and stripped of what XML refuses;
the picture is sized to its content and uses only the generic ``sans-serif``
font family. For screen readers it is one image (``role="img"``) named by its
``<title>`` and summarised by its ``<desc>``: the map's size, the emotion scale
and the curve in words.

A big map has thousands of notes, so the notes are written the fast way: each
distinct note is wrapped and escaped once, ASCII text is wrapped by counting
characters, and each ``<text>`` is one formatted string (tests/test_svg_shortcuts.py
holds each shortcut to the full steps).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from cxtui import linear
from cxtui.interchange.html_page import (
    BASELINE_COLOUR,
    MARK_COLOURS,
    caption,
    css_colour,
    point_colour,
    readable_colour,
    score_colour,
)
from cxtui.model import (
    TAG_PATTERN,
    EmotionScale,
    JourneyMap,
    blueprint_line_labels,
    kind_name,
)
from cxtui.notation import format_score, has_stages, marked_note, marks_legend_words

MARGIN = 20
LABEL_WIDTH = 130
PHASE_WIDTH = 200
PAD = 8
FONT_SIZE = 12
LINE_HEIGHT = 16
CURVE_HEIGHT = 120
#: How wide a character is assumed to be, in em (generous, so text stays in its box).
CHAR_EM = 0.6
BULLET_INDENT = 12
#: A note's bullet when no mark or tag colours it.
NOTE_BULLET_COLOUR = "#57606a"
NOTE_GAP = 4


def _escape(text: str) -> str:
    """`text` with ``&``, ``<`` and ``>`` written as entities (as XML needs in text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@cache
def _not_xml() -> re.Pattern[str]:
    """The characters XML 1.0 refuses: C0 controls but tab and line breaks, surrogates,
    U+FFFE and U+FFFF (compiled when first needed: most texts are printable)."""
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: str) -> str:
    """`text` for the inside of an XML element: escaped, without what XML refuses."""
    if text.isprintable():  # so no control, surrogate or non-character: most texts
        return _escape(text)
    return _escape(_not_xml().sub("", text))


def char_width(ch: str, size: float) -> float:
    """The assumed width of `ch` at font size `size`."""
    if unicodedata.combining(ch):
        return 0.0
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    return size * (1.0 if wide else CHAR_EM)


def text_width(text: str, size: float) -> float:
    """The assumed width of `text` at font size `size`."""
    if text.isascii():
        return len(text) * size * CHAR_EM
    return sum(char_width(ch, size) for ch in text)


@lru_cache(maxsize=256)
def _char_limit(width: float, size: float) -> int | None:
    """How many ASCII characters fit in `width` (each is ``size * CHAR_EM`` wide), or None
    when not even one does or `width` is within rounding of a whole number of them: then
    only adding up the widths one by one, as :func:`wrap` does, says whether the last fits."""
    chars = width / (size * CHAR_EM)
    if chars < 1 or abs(chars - round(chars)) < 1e-6:
        return None
    return int(chars)


def _wrap_ascii(text: str, limit: int, printable: bool | None = None) -> list[str]:
    """:func:`wrap` of ASCII `text` in lines of at most `limit` (≥ 1) characters
    (`printable`: whether `text` is, when the caller knows)."""
    if printable is None:
        printable = text.isprintable()
    if not printable or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())  # words one space apart, as wrap() joins them
    lines: list[str] = []
    while len(text) > limit:
        space = text.rfind(" ", 0, limit + 1)
        if space > 0:  # the words before it fit
            lines.append(text[:space])
            text = text[space + 1 :]
            continue
        word = text.find(" ")  # the first word is too long: cut it, its end goes on
        end = (len(text) if word < 0 else word) - 1
        cut = end // limit * limit
        lines.extend(text[i : i + limit] for i in range(0, cut, limit))
        text = text[cut:]
    lines.append(text)
    return lines


def wrap(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """`text` in lines no wider than `width`: broken at spaces, long words cut."""
    if text.isascii():
        limit = _char_limit(width, size)
        if limit is not None:
            return _wrap_ascii(text, limit)
    return _wrap_measured(text, width, size)


def _wrap_measured(text: str, width: float, size: float) -> list[str]:
    """:func:`wrap` by adding up the width of each character: any text, any width."""
    lines: list[str] = []
    current, used = "", 0.0
    space = char_width(" ", size)
    for word in text.split():
        word_width = text_width(word, size)
        if current and used + space + word_width <= width:
            current, used = f"{current} {word}", used + space + word_width
            continue
        if current:
            lines.append(current)
        if word_width <= width:
            current, used = word, word_width
            continue
        current, used = "", 0.0
        for ch in word:
            w = char_width(ch, size)
            if current and used + w > width:
                lines.append(current)
                current, used = "", 0.0
            current, used = current + ch, used + w
    if current or not lines:
        lines.append(current)
    return lines


def _text(
    x: float,
    y: float,
    lines: list[str],
    *,
    size: int = FONT_SIZE,
    weight: str = "",
    css_class: str = "",
    fill: str = "#1f2328",
    style: str = "",
) -> str:
    """A ``<text>`` whose first baseline is at `y`, one ``<tspan>`` per line."""
    attrs = f'x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if style:
        attrs += f' font-style="{style}"'
    if css_class:
        attrs += f' class="{css_class}"'
    between = f'</tspan><tspan x="{x:g}" dy="{_line_height(size)}">'
    body = between.join([_x(line) for line in lines])
    return f'<text {attrs}><tspan x="{x:g}" dy="0">{body}</tspan></text>'


def _line_height(size: int) -> int:
    return round(size * LINE_HEIGHT / FONT_SIZE)


class _Canvas:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, part: str) -> None:
        self.parts.append(part)


def _header(m: JourneyMap, width: float, canvas: _Canvas) -> float:
    """Draw the title, kind and persona; returns the y below them."""
    y = MARGIN + 20
    usable = width - 2 * MARGIN
    title = wrap(m.title or "Untitled map", usable, 20)
    canvas.add(_text(MARGIN, y, title, size=20, weight="bold"))
    y += _line_height(20) * (len(title) - 1) + 20
    canvas.add(_text(MARGIN, y, [kind_name(m.kind)], size=12, fill="#59636e"))
    y += 18
    if m.description:
        lines = [w for line in m.description.splitlines() for w in wrap(line, usable)]
        canvas.add(_text(MARGIN, y, lines, style="italic"))
        y += LINE_HEIGHT * len(lines) + 2
    if m.persona is not None:
        p = m.persona
        who = f"Persona: {p.name or 'unnamed'}" + (f", {p.role}" if p.role else "")
        lines = wrap(who, usable)
        if p.quote:
            lines += wrap(f"“{p.quote}”", usable)
        for label, items in (("Goals", p.goals), ("Needs", p.needs),
                             ("Frustrations", p.frustrations)):  # fmt: skip
            if items:
                lines += wrap(f"{label}: " + "; ".join(items), usable)
        canvas.add(_text(MARGIN, y, lines, css_class="persona"))
        y += LINE_HEIGHT * len(lines) + 2
    return y + 8


#: A note as the picture draws it: its bullet's colour, its lines as they go into the
#: picture (escaped, tags coloured), and how far down the next note begins.
_Note = tuple[str, list[str], int]


class _Notes:
    """Lays out the notes of text lanes: each wrapped to its column, its bullet coloured
    by its first mark, else by its first coloured tag. Remembers what it worked out, as
    a big map repeats notes and tags."""

    def __init__(self, m: JourneyMap) -> None:
        self.m = m
        self.width = PHASE_WIDTH - 2 * PAD - BULLET_INDENT
        self.limit = _char_limit(self.width, FONT_SIZE)  # in ASCII characters
        self.unmarked: dict[str, _Note] = {}
        self.tag_colours: dict[str, str | None] = {}
        self.tagged_lines: dict[str, str] = {}  # a line with a tag: as drawn
        self.columns = _note_columns(len(m.phases))

    def draw_lane(self, key: str, top: float, canvas: _Canvas) -> int:
        """Draw the text lane `key`'s notes from `top` down, each a coloured bullet and its
        lines (the ``<text>`` of :func:`_text`, written out here: a big map has thousands);
        returns the height of the tallest cell."""
        add = canvas.parts.append
        unmarked = self.unmarked
        first = top + PAD + 12
        whole = type(first) is int  # then str() writes it as "{:g}" does, below a million
        tallest = 0
        for phase, column in zip(self.m.phases, self.columns, strict=True):
            bullet_start, bullet, bullet_end, text_start, between = column
            ny = first
            height = -NOTE_GAP
            marked = phase.marks
            for note in phase.cells.get(key, ()):  # phase.notes(key), in the loop's terms
                marks = marked.get((key, note), ()) if marked else ()
                if marks:
                    colour = readable_colour(MARK_COLOURS[marks[0]])
                    colour, bodies, step = self._lay_out(marked_note(note, marks), colour)
                else:
                    known = unmarked.get(note)
                    if known is None:
                        colour = self._tagged_colour(note) if "#" in note else NOTE_BULLET_COLOUR
                        known = unmarked[note] = self._lay_out(note, colour)
                    colour, bodies, step = known
                y = str(ny) if whole and ny < 1_000_000 else f"{ny:g}"
                add(
                    f"{bullet_start}{y}{bullet}{colour}{bullet_end}{y}{text_start}"
                    f"{between.join(bodies)}</tspan></text>"
                )
                ny += step
                height += step
            if height > tallest:
                tallest = height
        return tallest

    def _lay_out(self, shown: str, colour: str) -> _Note:
        printable = shown.isprintable()
        if self.limit is not None and shown.isascii():
            lines = _wrap_ascii(shown, self.limit, printable)
        else:
            lines = wrap(shown, self.width)
        plain = printable and not ("&" in shown or "<" in shown or ">" in shown)
        if plain and "#" not in shown:  # as it is: most notes
            bodies = lines
        elif plain:  # only the lines with a # can change
            bodies = [self._tagged(line) if "#" in line else line for line in lines]
        else:
            bodies = [self._tagged(line) for line in lines]
        return colour, bodies, len(lines) * LINE_HEIGHT + NOTE_GAP

    def _tag_colour(self, tag: str) -> str | None:
        """The colour `tag` (a name without ``#``) is drawn in, None when it has none."""
        if tag not in self.tag_colours:
            css = css_colour(self.m.tag_colour(tag) or "")
            self.tag_colours[tag] = readable_colour(css) if css else None
        return self.tag_colours[tag]

    def _tagged_colour(self, note: str) -> str:
        # a tag begins with its # (its look-behind still sees the text before the start)
        for tag in TAG_PATTERN.findall(note, note.index("#")):
            colour = self._tag_colour(tag)
            if colour:
                return colour
        return NOTE_BULLET_COLOUR

    def _tagged(self, line: str) -> str:
        """`line` escaped, each coloured tag in it bold in its colour."""
        if "#" not in line:  # no tag: most lines
            return _x(line)
        body = self.tagged_lines.get(line)
        if body is None:
            body = self.tagged_lines[line] = self._colour_tags(line)
        return body

    def _colour_tags(self, line: str) -> str:
        if line.isprintable():  # nothing to drop: escaping first moves no tag
            return TAG_PATTERN.sub(self._tag_span, _escape(line))
        return self._colour_tags_stepwise(line)

    def _colour_tags_stepwise(self, line: str) -> str:
        """:meth:`_colour_tags` of any line: each piece between tags cleaned and escaped."""
        out: list[str] = []
        last = 0
        for match in TAG_PATTERN.finditer(line):
            colour = self._tag_colour(match.group(1))
            if colour is None:
                continue
            out.append(_x(line[last : match.start()]))
            out.append(f'<tspan fill="{colour}" font-weight="bold">{_x(match.group(0))}</tspan>')
            last = match.end()
        out.append(_x(line[last:]))
        return "".join(out)

    def _tag_span(self, match: re.Match[str]) -> str:
        colour = self._tag_colour(match.group(1))
        if colour is None:
            return match.group(0)
        return f'<tspan fill="{colour}" font-weight="bold">{match.group(0)}</tspan>'


#: What a column's notes are written with: the text before a bullet's y, between that
#: y and the bullet's colour, after the colour up to the note's y, after that y up to the
#: first line, and between two lines. See :func:`_draw_notes`.
_Column = tuple[str, str, str, str, str]


def _note_columns(n: int) -> list[_Column]:
    """The strings the notes of each of `n` phase columns are written with."""
    columns = []
    for i in range(n):
        x = MARGIN + LABEL_WIDTH + PHASE_WIDTH * i
        bullet_x = f"{x + PAD:g}"
        note_x = f"{x + PAD + BULLET_INDENT:g}"
        columns.append(
            (
                f'<text x="{bullet_x}" y="',
                f'" font-size="{FONT_SIZE}" fill="',
                f'"><tspan x="{bullet_x}" dy="0">•</tspan></text>\n<text x="{note_x}" y="',
                f'" font-size="{FONT_SIZE}" fill="#1f2328" class="note">'
                f'<tspan x="{note_x}" dy="0">',
                f'</tspan><tspan x="{note_x}" dy="{LINE_HEIGHT}">',
            )
        )
    return columns


def _curve_y(value: int, scale: EmotionScale, top: float) -> float:
    fraction = (value - scale.min) / (scale.max - scale.min)
    return round(top + 14 + (1 - fraction) * (CURVE_HEIGHT - 44), 1)


def _draw_curve(m: JourneyMap, top: float, canvas: _Canvas) -> None:
    left = MARGIN + LABEL_WIDTH
    scale = m.scale
    zero = _curve_y(scale.clamp(0), scale, top)
    right = left + PHASE_WIDTH * len(m.phases)
    canvas.add(
        f'<line x1="{left}" y1="{zero}" x2="{right}" y2="{zero}" stroke="{BASELINE_COLOUR}" '
        'stroke-dasharray="4 4"/>'
    )
    ys: dict[int, float] = {}  # each score's y
    runs: list[list[tuple[float, float]]] = [[]]
    for i, phase in enumerate(m.phases):
        if phase.emotion is None:
            runs.append([])
            continue
        x = left + PHASE_WIDTH * i + PHASE_WIDTH / 2
        y = ys.get(phase.emotion)
        if y is None:
            y = ys[phase.emotion] = _curve_y(phase.emotion, scale, top)
        runs[-1].append((x, y))
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{x:g},{y:g}" for x, y in run)
            canvas.add(
                f'<polyline class="curve" points="{points}" fill="none" stroke="#57606a" '
                'stroke-width="2" stroke-linejoin="round"/>'
            )
    # what each score draws: its point's y and colour, and its label's colour and text
    looks: dict[int | None, tuple[str, str]] = {}
    label_y = f"{top + CURVE_HEIGHT - 10:g}"
    for i, phase in enumerate(m.phases):
        value = phase.emotion
        if value not in looks:
            label = format_score(value) if value is not None else "unrated"
            point = ""
            if value is not None:
                point = f'" cy="{ys[value]:g}" r="6" fill="{point_colour(value, scale)}"/>'
            looks[value] = (
                point,
                f'" y="{label_y}" font-size="13" font-weight="bold" text-anchor="middle" '
                f'fill="{score_colour(value, scale)}">{_x(label)}</text>',
            )
        point, text = looks[value]
        cx = f"{left + PHASE_WIDTH * i + PHASE_WIDTH / 2:g}"
        if point:
            canvas.add(f'<circle cx="{cx}{point}')
        canvas.add(f'<text x="{cx}{text}')


#: The band a blueprint line takes between two lanes, and its colour (7:1 on its fill).
BLUEPRINT_LINE_HEIGHT = 24
BLUEPRINT_LINE_COLOUR = "#6639ba"


def _draw_blueprint_line(top: float, width: float, label: str, canvas: _Canvas) -> None:
    """A labelled band between two lanes: dashed rules above and below, its name in words."""
    right = width - MARGIN
    canvas.add(
        f'<rect x="{MARGIN}" y="{top:g}" width="{right - MARGIN}" '
        f'height="{BLUEPRINT_LINE_HEIGHT}" fill="#fbefff"/>'
    )
    for y in (top + 1, top + BLUEPRINT_LINE_HEIGHT - 1):
        canvas.add(
            f'<line x1="{MARGIN}" y1="{y:g}" x2="{right:g}" y2="{y:g}" '
            f'stroke="{BLUEPRINT_LINE_COLOUR}" stroke-width="2" stroke-dasharray="8 4"/>'
        )
    canvas.add(
        _text(MARGIN + PAD, top + 17, [label], size=12, weight="bold",
              fill=BLUEPRINT_LINE_COLOUR, css_class="blueprint-line")
    )  # fmt: skip


def description(m: JourneyMap) -> str:
    """What the picture shows, in words: its size, the emotion scale and the curve."""
    parts = [caption(m)]
    if linear.has_emotion(m):
        parts += [linear.scale_explained(m), linear.curve_summary(m)]
    return " ".join(parts)


def _draw_phase_titles(titles: list[list[str]], y: float, canvas: _Canvas) -> None:
    """Each phase's title in bold at the top of its column, its first baseline at `y`:
    the ``<text>`` of :func:`_text`, written out here because a big map has a thousand."""
    title_y = f"{y:g}"
    for i, lines in enumerate(titles):
        x = f"{MARGIN + LABEL_WIDTH + PHASE_WIDTH * i + PAD:g}"
        body = f'</tspan><tspan x="{x}" dy="{_line_height(13)}">'.join([_x(t) for t in lines])
        canvas.add(
            f'<text x="{x}" y="{title_y}" font-size="13" fill="#1f2328" font-weight="bold" '
            f'class="phase"><tspan x="{x}" dy="0">{body}</tspan></text>'
        )


def dumps(m: JourneyMap) -> str:
    """`m` as a self-contained SVG picture."""
    n = len(m.phases)
    width = MARGIN * 2 + LABEL_WIDTH + PHASE_WIDTH * n
    canvas = _Canvas()
    y = _header(m, width, canvas)
    left = MARGIN + LABEL_WIDTH

    # stages (no row when no phase has one)
    stage_blocks = []
    for stage, first, last in m.stages():
        span = PHASE_WIDTH * (last - first + 1)
        lines = wrap(stage.upper(), span - 2 * PAD, 11) if stage else []
        stage_blocks.append((stage, first, last, lines))
    stage_h = 0
    if has_stages(m):
        stage_h = max(len(b[3]) for b in stage_blocks) * 14 + 2 * 6
        canvas.add(_text(MARGIN + PAD, y + 6 + 11, ["Stage"], size=11, fill="#59636e"))
    for stage, first, last, lines in stage_blocks:
        if stage is None:
            continue
        x = left + PHASE_WIDTH * first
        span = PHASE_WIDTH * (last - first + 1)
        canvas.add(
            f'<rect x="{x + 2}" y="{y + 2:g}" width="{span - 4}" height="{stage_h - 4}" rx="4" '
            'fill="#e0f2f1"/>'
        )
        canvas.add(
            _text(x + PAD, y + 6 + 11, lines, size=11, weight="bold", fill="#00695c",
                  css_class="stage")
        )  # fmt: skip
    y += stage_h
    grid_top = y

    # phase titles
    titles = [wrap(p.title, PHASE_WIDTH - 2 * PAD, 13) for p in m.phases]
    title_h = max(len(t) for t in titles) * _line_height(13) + 2 * PAD
    canvas.add(
        f'<rect x="{MARGIN}" y="{y:g}" width="{width - 2 * MARGIN}" height="{title_h}" '
        'fill="#f6f8fa" stroke="#d0d7de"/>'
    )
    canvas.add(_text(MARGIN + PAD, y + PAD + 12, ["Phase"], size=11, fill="#59636e"))
    _draw_phase_titles(titles, y + PAD + 13, canvas)
    y += title_h

    # lanes
    rows: list[tuple[str, str, str]] = [(lane.title, lane.kind, lane.key) for lane in m.lanes]
    if not any(kind == "emotion" for _, kind, _ in rows) and any(
        p.emotion is not None for p in m.phases
    ):
        rows.append(("Emotion", "emotion", ""))
    above = {m.lanes[i].key: label for i, label in blueprint_line_labels(m).items()}
    bands: list[tuple[float, str]] = []  # blueprint lines: (top, label), drawn last
    notes = _Notes(m)
    for index, (title, kind, key) in enumerate(rows):
        if key in above:
            bands.append((y, above[key]))
            y += BLUEPRINT_LINE_HEIGHT
        label = wrap(title, LABEL_WIDTH - 2 * PAD)
        label_h = len(label) * LINE_HEIGHT + 2 * PAD
        background = len(canvas.parts)
        canvas.add("")  # the lane's background, once its height is known
        canvas.add(_text(MARGIN + PAD, y + PAD + 12, label, weight="bold", css_class="lane"))
        if kind == "emotion":
            height = max(CURVE_HEIGHT, label_h)
            _draw_curve(m, y, canvas)
        else:
            notes_h = notes.draw_lane(key, y, canvas)
            height = max(label_h, notes_h + 2 * PAD, 2 * PAD + 16)
        fill = "#ffffff" if index % 2 == 0 else "#fbfcfd"
        canvas.parts[background] = (
            f'<rect x="{MARGIN}" y="{y:g}" width="{width - 2 * MARGIN}" height="{height}" '
            f'fill="{fill}" stroke="#d0d7de"/>'
        )
        y += height

    # column rules
    for i in range(n + 1):
        x = left + PHASE_WIDTH * i
        canvas.add(f'<line x1="{x}" y1="{grid_top:g}" x2="{x}" y2="{y:g}" stroke="#d0d7de"/>')
    for top, name in bands:
        _draw_blueprint_line(top, width, name, canvas)
    legend = marks_legend_words(m)
    if legend:
        y += PAD
        lines = wrap(legend, width - 2 * MARGIN)
        canvas.add(_text(MARGIN, y + 12, lines, fill="#59636e", css_class="marks"))
        y += len(lines) * LINE_HEIGHT
    total_h = round(y + MARGIN)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total_h}" '
        f'viewBox="0 0 {width} {total_h}" font-family="sans-serif" font-size="{FONT_SIZE}" '
        'role="img" aria-labelledby="map-title map-desc">'
    )
    body = [
        head,
        f'<title id="map-title">{_x(m.title or "Untitled map")}: customer journey map</title>',
        f'<desc id="map-desc">{_x(description(m))}</desc>',
        f'<rect width="{width}" height="{total_h}" fill="#ffffff"/>',
        *canvas.parts,
        "</svg>",
        "",  # (the last line's end, without copying the whole picture to add it)
    ]
    return "\n".join(body)
