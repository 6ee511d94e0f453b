"""SVG export: a picture of the map, drawn by hand (no fonts fetched, no scripts).

The header (title, kind, persona), then a grid: stages over phase titles, one
row per lane with every note wrapped into ``<tspan>`` lines, and the emotion
lane as a curve through the phase columns with a coloured point and score per
phase. Text is escaped with :mod:`xml.sax.saxutils`; the picture is sized to
its content and uses only the generic ``sans-serif`` font family. For screen
readers it is one image (``role="img"``) named by its ``<title>`` and summarised
by its ``<desc>``: the map's size, the emotion scale and the curve in words.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

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
from cxtui.model import TAG_PATTERN, EmotionScale, JourneyMap, blueprint_line_labels, kind_name
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
NOTE_GAP = 4

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    if text.isascii() and text.isprintable():  # no character XML refuses: most notes
        return escape(text)
    return escape(_NOT_XML.sub("", text))


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


def wrap(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """`text` in lines no wider than `width`: broken at spaces, long words cut."""
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
    m: JourneyMap | None = None,
) -> str:
    """A ``<text>`` whose first baseline is at `y`, one ``<tspan>`` per line."""
    attrs = f'x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if style:
        attrs += f' font-style="{style}"'
    if css_class:
        attrs += f' class="{css_class}"'
    spans = []
    for i, line in enumerate(lines):
        dy = 0 if i == 0 else round(size * LINE_HEIGHT / FONT_SIZE)
        body = _tagged(line, m) if m is not None else _x(line)
        spans.append(f'<tspan x="{x:g}" dy="{dy}">{body}</tspan>')
    return f"<text {attrs}>{''.join(spans)}</text>"


def _tagged(line: str, m: JourneyMap) -> str:
    if "#" not in line:  # no tag: most lines
        return _x(line)
    out: list[str] = []
    last = 0
    for match in TAG_PATTERN.finditer(line):
        colour = m.tag_colour(match.group(1))
        css = css_colour(colour) if colour else None
        if css is None:
            continue
        out.append(_x(line[last : match.start()]))
        out.append(
            f'<tspan fill="{readable_colour(css)}" font-weight="bold">{_x(match.group(0))}</tspan>'
        )
        last = match.end()
    out.append(_x(line[last:]))
    return "".join(out)


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


def _cell_notes(notes: tuple[str, ...], width: float) -> list[list[str]]:
    return [wrap(note, width - 2 * PAD - BULLET_INDENT) for note in notes]


def _notes_height(wrapped: list[list[str]]) -> int:
    if not wrapped:
        return 0
    lines = sum(len(w) for w in wrapped)
    return lines * LINE_HEIGHT + NOTE_GAP * (len(wrapped) - 1)


def _curve_y(value: int, scale: EmotionScale, top: float) -> float:
    fraction = (value - scale.min) / (scale.max - scale.min)
    return round(top + 14 + (1 - fraction) * (CURVE_HEIGHT - 44), 1)


def _draw_curve(m: JourneyMap, top: float, canvas: _Canvas) -> None:
    left = MARGIN + LABEL_WIDTH
    zero = _curve_y(m.scale.clamp(0), m.scale, top)
    right = left + PHASE_WIDTH * len(m.phases)
    canvas.add(
        f'<line x1="{left}" y1="{zero}" x2="{right}" y2="{zero}" stroke="{BASELINE_COLOUR}" '
        'stroke-dasharray="4 4"/>'
    )
    runs: list[list[tuple[float, float]]] = [[]]
    for i, phase in enumerate(m.phases):
        if phase.emotion is None:
            runs.append([])
            continue
        x = left + PHASE_WIDTH * i + PHASE_WIDTH / 2
        runs[-1].append((x, _curve_y(phase.emotion, m.scale, top)))
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{x:g},{y:g}" for x, y in run)
            canvas.add(
                f'<polyline class="curve" points="{points}" fill="none" stroke="#57606a" '
                'stroke-width="2" stroke-linejoin="round"/>'
            )
    for i, phase in enumerate(m.phases):
        x = left + PHASE_WIDTH * i + PHASE_WIDTH / 2
        colour = point_colour(phase.emotion, m.scale)
        label = format_score(phase.emotion) if phase.emotion is not None else "unrated"
        if phase.emotion is not None:
            y = _curve_y(phase.emotion, m.scale, top)
            canvas.add(f'<circle cx="{x:g}" cy="{y:g}" r="6" fill="{colour}"/>')
        canvas.add(
            f'<text x="{x:g}" y="{top + CURVE_HEIGHT - 10:g}" font-size="13" font-weight="bold" '
            f'text-anchor="middle" fill="{score_colour(phase.emotion, m.scale)}">{_x(label)}</text>'
        )


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
    for i, lines in enumerate(titles):
        x = left + PHASE_WIDTH * i
        canvas.add(_text(x + PAD, y + PAD + 13, lines, size=13, weight="bold", css_class="phase"))
    y += title_h

    # lanes
    rows: list[tuple[str, str, str]] = [(lane.title, lane.kind, lane.key) for lane in m.lanes]
    if not any(kind == "emotion" for _, kind, _ in rows) and any(
        p.emotion is not None for p in m.phases
    ):
        rows.append(("Emotion", "emotion", ""))
    above = {m.lanes[i].key: label for i, label in blueprint_line_labels(m).items()}
    bands: list[tuple[float, str]] = []  # blueprint lines: (top, label), drawn last
    for index, (title, kind, key) in enumerate(rows):
        if key in above:
            bands.append((y, above[key]))
            y += BLUEPRINT_LINE_HEIGHT
        label = wrap(title, LABEL_WIDTH - 2 * PAD)
        label_h = len(label) * LINE_HEIGHT + 2 * PAD
        if kind == "emotion":
            height = max(CURVE_HEIGHT, label_h)
            cells: list[list[list[str]]] = []
        else:
            cells = [
                _cell_notes(
                    tuple(marked_note(n, p.marks_of(key, n)) for n in p.notes(key)), PHASE_WIDTH
                )
                for p in m.phases
            ]
            height = max(label_h, max(_notes_height(c) for c in cells) + 2 * PAD, 2 * PAD + 16)
        fill = "#ffffff" if index % 2 == 0 else "#fbfcfd"
        canvas.add(
            f'<rect x="{MARGIN}" y="{y:g}" width="{width - 2 * MARGIN}" height="{height}" '
            f'fill="{fill}" stroke="#d0d7de"/>'
        )
        canvas.add(_text(MARGIN + PAD, y + PAD + 12, label, weight="bold", css_class="lane"))
        if kind == "emotion":
            _draw_curve(m, y, canvas)
        for i, notes in enumerate(cells):
            x = left + PHASE_WIDTH * i
            ny = y + PAD + 12
            for phase_note, lines in zip(m.phases[i].notes(key), notes, strict=True):
                colour = "#57606a"
                marks = m.phases[i].marks_of(key, phase_note)
                for tag in [] if marks else TAG_PATTERN.findall(phase_note):
                    css = css_colour(m.tag_colour(tag) or "")
                    if css:
                        colour = readable_colour(css)
                        break
                if marks:
                    colour = readable_colour(MARK_COLOURS[marks[0]])
                canvas.add(_text(x + PAD, ny, ["•"], fill=colour))
                canvas.add(_text(x + PAD + BULLET_INDENT, ny, lines, css_class="note", m=m))
                ny += len(lines) * LINE_HEIGHT + NOTE_GAP
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
    ]
    return "\n".join(body) + "\n"
