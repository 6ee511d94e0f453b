"""A current map against its future state, in the HTML and Markdown exports
(``cxtui export CURRENT --to html|md --against FUTURE``): the headline, both emotion curves
drawn one over the other, and the phase-by-phase movement (:mod:`cxtui.against`).

The chart is inline SVG (no script, nothing fetched). The two curves differ in colour,
line style (solid, dashed) and point shape (round, square), so they stay apart in print,
in grey and in forced colours (high contrast), where both are drawn in the text colour.
Screen readers get the figure's caption and, as its text equivalent, the table that
follows it with every score. Every piece of map text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxtui.against import Comparison, PhaseMove, compare
from cxtui.insights import score_text
from cxtui.interchange.html_page import BASELINE_COLOUR, score_label
from cxtui.interchange.html_page import escape_html as _e
from cxtui.model import JourneyMap

#: The curves' colours: at least 4.5:1 on white, and apart for colour-blind readers.
CURRENT_COLOUR = "#0550ae"
FUTURE_COLOUR = "#953800"
#: The chart's size (SVG units; it scales to the page's width).
WIDTH, LEFT, RIGHT, TOP, PLOT_HEIGHT, BOTTOM = 720, 44, 12, 30, 180, 58
#: Characters of a phase title under the chart, per SVG unit of column width.
CHARS_PER_UNIT = 1 / 7.2

CSS = f"""\
.against {{ max-width: 64rem; }}
.against .headline {{ font-weight: 700; }}
.against figure {{ margin: .5rem 0; max-width: 54rem; }}
.against figure svg {{ display: block; width: 100%; height: auto; }}
.against figcaption {{ color: #59636e; }}
.against .legend {{ list-style: none; padding: 0; margin: .25rem 0; display: flex;
  flex-wrap: wrap; gap: .25rem 1.5rem; }}
.against .legend svg {{ vertical-align: middle; margin-right: .35rem; }}
.against .vs-curve {{ fill: none; stroke-width: 3; stroke-linejoin: round; }}
.against .current {{ stroke: {CURRENT_COLOUR}; }}
.against .future {{ stroke: {FUTURE_COLOUR}; stroke-dasharray: 9 6; }}
.against .point-current {{ fill: {CURRENT_COLOUR}; }}
.against .point-future {{ fill: #ffffff; stroke: {FUTURE_COLOUR}; stroke-width: 2.5; }}
.against .worst {{ fill: none; stroke: #1f2328; stroke-width: 2; }}
.against .chart-text {{ fill: #1f2328; }}
.against .halo {{ stroke: #ffffff; stroke-width: 4px; paint-order: stroke; }}
.against .chart-note {{ fill: #59636e; }}
.against table.moves {{ border-collapse: collapse; margin: .5rem 0; }}
.against table.moves caption {{ caption-side: top; text-align: left; color: #59636e;
  padding: 0 0 .4rem; }}
.against table.moves th, .against table.moves td {{ border: 1px solid #d0d7de;
  padding: .3rem .5rem; text-align: left; vertical-align: top; }}
.against table.moves thead th {{ background: #f6f8fa; }}
.against table.moves td.num {{ text-align: right; white-space: nowrap; }}
.against table.moves ul {{ margin: 0; padding-left: 1.1rem; }}
@media (forced-colors: active) {{
  .against .current, .against .future, .against .worst, .against .point-future {{
    stroke: CanvasText; }}
  .against .point-current, .against .chart-text, .against .chart-note {{ fill: CanvasText; }}
  .against .point-future {{ fill: Canvas; }}
  .against .halo {{ stroke: Canvas; }}
}}
@media print {{
  .against figure, .against table.moves tr {{ break-inside: avoid; page-break-inside: avoid; }}
}}
"""


def _title(m: JourneyMap) -> str:
    return m.title or "Untitled map"


def _range(c: Comparison) -> tuple[int, int]:
    """The scores the chart spans: both maps' scales (usually one and the same)."""
    a, b = c.current.map.scale, c.future.map.scale
    return min(a.min, b.min), max(a.max, b.max)


def _y(value: int, low: int, high: int) -> float:
    return round(TOP + (high - value) / (high - low) * PLOT_HEIGHT, 1)


def _x(index: int, count: int) -> float:
    column = (WIDTH - LEFT - RIGHT) / count
    return round(LEFT + column * (index + 0.5), 1)


def curve_points(c: Comparison, side: str) -> list[list[tuple[float, float]]]:
    """The runs of points (x, y) of one side's curve ("current" or "future"), one run per
    stretch of rated phases (an unrated or missing phase breaks the line)."""
    low, high = _range(c)
    runs: list[list[tuple[float, float]]] = [[]]
    for i, move in enumerate(c.moves):
        value = move.before if side == "current" else move.after
        if value is None:
            runs.append([])
        else:
            runs[-1].append((_x(i, len(c.moves)), _y(value, low, high)))
    return [run for run in runs if run]


def _label(c: Comparison, move: PhaseMove) -> tuple[str, str]:
    """The two lines under a pair: its phase number(s), and its title, cut to fit."""
    if move.current is not None:
        number = str(move.current + 1)
        title = c.current.map.phases[move.current].title
    else:
        assert move.future is not None
        number, title = "new", c.future.map.phases[move.future].title
    if move.current is not None and move.future is not None and move.future != move.current:
        number += f" → {move.future + 1}"
    room = max(4, int((WIDTH - LEFT - RIGHT) / len(c.moves) * CHARS_PER_UNIT))
    return number, title if len(title) <= room else title[: room - 1].rstrip() + "…"


def _grid(low: int, high: int) -> list[str]:
    steps = (
        range(low, high + 1)
        if high - low <= 10
        else sorted({low, 0, high} & set(range(low, high + 1)))
    )
    out = []
    for value in steps:
        y = _y(value, low, high)
        dash = ' stroke-dasharray="4 4"' if value == 0 else ""
        colour = BASELINE_COLOUR if value == 0 else "#d0d7de"
        out.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{colour}"{dash}/>'
        )
        out.append(
            f'<text class="chart-text" x="{LEFT - 8}" y="{y + 4}" text-anchor="end" '
            f'font-size="13">{_e(score_label(value))}</text>'
        )
    return out


def _marks(c: Comparison) -> list[str]:
    """Each rated point (round: current; square: future) and a ring at the current map's
    lowest points, the worst moment."""
    low, high = _range(c)
    n = len(c.moves)
    out: list[str] = []
    scores = [mv.before for mv in c.moves if mv.before is not None]
    worst = min(scores) if scores else None
    for i, move in enumerate(c.moves):
        x = _x(i, n)
        if move.before is not None:
            y = _y(move.before, low, high)
            out.append(f'<circle class="point-current" cx="{x}" cy="{y}" r="6"/>')
            if move.before == worst:
                out.append(f'<circle class="worst" cx="{x}" cy="{y}" r="12"/>')
                out.append(
                    f'<text class="chart-text halo" x="{x}" y="{round(y - 18, 1)}" '
                    'text-anchor="middle" font-size="12" font-weight="700">lowest</text>'
                )
        if move.after is not None:
            y = _y(move.after, low, high)
            out.append(
                f'<rect class="point-future" x="{x - 5}" y="{round(y - 5, 1)}" '
                'width="10" height="10"/>'
            )
    return out


def chart_svg(c: Comparison) -> str:
    """Both curves one over the other, with the scale, the phases and the lowest point."""
    low, high = _range(c)
    height = TOP + PLOT_HEIGHT + BOTTOM
    n = len(c.moves)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="sans-serif" role="img" '
        'aria-labelledby="against-caption">',
        *_grid(low, high),
    ]
    for side in ("current", "future"):
        for run in curve_points(c, side):
            points = " ".join(f"{x:g},{y:g}" for x, y in run)
            if len(run) > 1:
                parts.append(f'<polyline class="vs-curve {side}" points="{points}"/>')
    parts += _marks(c)
    for i, move in enumerate(c.moves):
        x = _x(i, n)
        number, title = _label(c, move)
        base = TOP + PLOT_HEIGHT
        parts.append(
            f'<text class="chart-text" x="{x}" y="{base + 30}" text-anchor="middle" '
            f'font-size="13" font-weight="700">{_e(number)}</text>'
        )
        parts.append(
            f'<text class="chart-note" x="{x}" y="{base + 47}" text-anchor="middle" '
            f'font-size="12">{_e(title)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _sample(side: str) -> str:
    shape = (
        '<circle class="point-current" cx="20" cy="8" r="5"/>'
        if side == "current"
        else '<rect class="point-future" x="15" y="3" width="10" height="10"/>'
    )
    return (
        '<svg width="40" height="16" viewBox="0 0 40 16" aria-hidden="true">'
        f'<line class="vs-curve {side}" x1="0" y1="8" x2="40" y2="8"/>{shape}</svg>'
    )


def _score(value: int | None) -> str:
    return "–" if value is None else score_label(value)


def _change(move: PhaseMove) -> str:
    change = move.change
    if change is None:
        return "–"
    if change == 0:
        return "no change"
    return f"{'up' if change > 0 else 'down'} {abs(change)}"


def _phase_cell(m: JourneyMap, index: int | None) -> str:
    return "(none)" if index is None else f"{index + 1}. {_e(m.phases[index].title)}"


def _notes(notes: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>" if notes else ""


def moves_table(c: Comparison) -> list[str]:
    """The phase-by-phase table: the chart's text equivalent, and the pain it moves."""
    current, future = c.current.map, c.future.map
    out = [
        '<div class="map-wrap" role="region" aria-labelledby="moves-caption" tabindex="0">',
        '<table class="moves">',
        '<caption id="moves-caption">Phase by phase: the current score, the future '
        "state's, and the pain points the future state removes and keeps</caption>",
        "<thead><tr>"
        '<th scope="col">Current phase</th><th scope="col">Now</th>'
        '<th scope="col">Future phase</th><th scope="col">Future</th>'
        '<th scope="col">Change</th><th scope="col">Pain removed</th>'
        '<th scope="col">Pain kept</th></tr></thead>',
        "<tbody>",
    ]
    for move in c.moves:
        out.append(
            f'<tr><th scope="row">{_phase_cell(current, move.current)}</th>'
            f'<td class="num">{_score(move.before)}</td>'
            f"<td>{_phase_cell(future, move.future)}</td>"
            f'<td class="num">{_score(move.after)}</td>'
            f'<td class="num">{_change(move)}</td>'
            f"<td>{_notes(move.removed)}</td><td>{_notes(move.remaining)}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</div>"]
    return out


def html_section(current: JourneyMap, future: JourneyMap) -> list[str]:
    """The page's "Against the future state" section."""
    c = compare(current, future)
    return [
        '<section class="against" aria-labelledby="against-heading">',
        '<h2 id="against-heading">Against the future state</h2>',
        f'<p class="headline">{_e(c.headline)}</p>',
        '<ul class="legend">',
        f"<li>{_sample('current')}Current state: {_e(_title(current))} (solid line, round "
        "points)</li>",
        f"<li>{_sample('future')}Future state: {_e(_title(future))} (dashed line, square "
        "points)</li>",
        '<li><svg width="40" height="16" viewBox="0 0 40 16" aria-hidden="true">'
        '<circle class="worst" cx="20" cy="8" r="6"/></svg>Ring: the current state\'s lowest '
        "point, its worst moment</li>",
        "</ul>",
        "<figure>",
        chart_svg(c),
        '<figcaption id="against-caption">The emotion curves of both maps, one over the '
        "other, phase by phase (numbers are the current map's phases); the table below "
        "gives every score.</figcaption>",
        "</figure>",
        *moves_table(c),
        "</section>",
    ]


def markdown_section(current: JourneyMap, future: JourneyMap) -> list[str]:
    """The Markdown export's "Against the future state": the headline and a table of
    scores, current → future, the text equivalent of the chart."""
    from cxtui.interchange.markdown import md_inline

    c = compare(current, future)
    out = ["## Against the future state", "", f"**{md_inline(c.headline)}**", ""]
    out += [
        "| Current phase | Now | Future phase | Future | Change |",
        "|---|---|---|---|---|",
    ]
    for move in c.moves:
        names = [
            "(none)" if i is None else f"{i + 1}. {md_inline(m.phases[i].title)}"
            for m, i in ((current, move.current), (future, move.future))
        ]
        before, after = ("–" if v is None else score_text(v) for v in (move.before, move.after))
        out.append(f"| {names[0]} | {before} | {names[1]} | {after} | {_change(move)} |")
    return out
