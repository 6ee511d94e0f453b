"""HTML export: one self-contained page (inline CSS, no scripts, nothing fetched).

A header (title, kind, description, persona), then the map as a table: a row
of stages spanning their phases, a row of phase titles, one row per lane with
each cell's notes as a list (``#tags`` in their colours) and the emotion lane
as a curve drawn with inline SVG, the score beneath. Every piece of map text
goes through :func:`html.escape`; colours come from fixed tables or are
validated ``#rrggbb`` values, so nothing from the map reaches CSS unchecked.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from cxtui.model import TAG_PATTERN, EmotionScale, JourneyMap
from cxtui.render import emotion_colour, format_score

#: CSS colours of the tag colour names a map may use.
NAMED_COLOURS: dict[str, str] = {
    "red": "#d32f2f",
    "green": "#388e3c",
    "yellow": "#fbc02d",
    "blue": "#1976d2",
    "magenta": "#c2185b",
    "cyan": "#0097a7",
    "white": "#ffffff",
    "black": "#000000",
    "bright_red": "#ff5252",
    "bright_green": "#69f0ae",
    "bright_yellow": "#ffff00",
    "bright_blue": "#448aff",
    "bright_magenta": "#ff4081",
    "bright_cyan": "#18ffff",
    "bright_white": "#ffffff",
    "orange": "#f57c00",
    "grey": "#9e9e9e",
}
UNRATED_COLOUR = "#8a8a8a"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

_CSS = """\
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5rem;
  color: #1f2328; background: #fff; line-height: 1.4; }
header h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
.kind { margin: 0 0 .75rem; color: #59636e; font-variant: small-caps; letter-spacing: .03em; }
.description { margin: 0 0 .75rem; max-width: 60rem; }
.persona { margin: 0 0 1rem; padding: .5rem .75rem; border-left: 4px solid #0097a7;
  background: #f3f8f9; max-width: 60rem; }
.persona p { margin: .15rem 0; }
.persona blockquote { margin: .25rem 0; font-style: italic; }
.persona dl { margin: .25rem 0 0; display: grid; grid-template-columns: max-content 1fr;
  gap: .1rem .75rem; }
.persona dt { font-weight: 600; }
.persona dd { margin: 0; }
.persona ul { margin: 0; padding-left: 1.1rem; }
.map-wrap { overflow-x: auto; }
table.map { border-collapse: collapse; table-layout: fixed; min-width: 100%; }
table.map th, table.map td { border: 1px solid #d0d7de; padding: .4rem .5rem;
  vertical-align: top; text-align: left; width: 14rem; }
table.map th.lane { width: 9rem; background: #f6f8fa; }
table.map thead th { background: #f6f8fa; }
table.map tr.stages th.stage { background: #e0f2f1; color: #00695c; text-transform: uppercase;
  font-size: .8rem; letter-spacing: .05em; }
table.map tr.stages th.no-stage { background: #fff; }
table.map td ul { margin: 0; padding-left: 1.1rem; }
table.map td li { margin: 0 0 .2rem; overflow-wrap: anywhere; }
.tag { font-weight: 700; }
table.map tr.emotion td { padding: 0; vertical-align: bottom; }
.curve svg { display: block; width: 100%; height: 4rem; }
.curve .score { display: block; text-align: center; font-weight: 700; padding: .1rem 0 .3rem; }
footer { margin-top: 1rem; color: #59636e; font-size: .8rem; }
@page { size: landscape; margin: 1cm; }
@media print {
  body { margin: 0; font-size: 9pt; }
  .map-wrap { overflow: visible; }
  table.map { min-width: 0; width: 100%; }
  table.map th, table.map td { width: auto; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  footer { display: none; }
}
"""


def css_colour(name: str) -> str | None:
    """The ``#rrggbb`` of a tag colour (a name or a hex value), or None if it is neither."""
    if _HEX.match(name):
        return name.lower()
    return NAMED_COLOURS.get(name)


def readable_colour(colour: str) -> str:
    """`colour` (``#rrggbb``), darkened if it would be too faint as text on white."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255
    if luminance <= 0.65:
        return colour
    factor = 0.65 / luminance * 0.8
    return "#" + "".join(f"{round(c * factor):02x}" for c in (r, g, b))


def point_colour(value: int | None, scale: EmotionScale) -> str:
    """The colour of an emotion score's point, as ``#rrggbb``."""
    return UNRATED_COLOUR if value is None else emotion_colour(value, scale)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def note_html(note: str, m: JourneyMap) -> str:
    """A note as escaped HTML, its ``#tags`` in their colours."""
    out: list[str] = []
    last = 0
    for match in TAG_PATTERN.finditer(note):
        out.append(_e(note[last : match.start()]))
        colour = m.tag_colour(match.group(1))
        css = css_colour(colour) if colour else None
        style = f' style="color:{readable_colour(css)}"' if css else ""
        out.append(f'<span class="tag"{style}>{_e(match.group(0))}</span>')
        last = match.end()
    out.append(_e(note[last:]))
    return "".join(out)


def _header(m: JourneyMap) -> list[str]:
    out = ["<header>", f"<h1>{_e(m.title) or 'Untitled map'}</h1>"]
    out.append(f'<p class="kind">{_e(m.kind)}</p>')
    if m.description:
        lines = "<br>\n".join(_e(line) for line in m.description.splitlines())
        out.append(f'<p class="description">{lines}</p>')
    if m.persona is not None:
        p = m.persona
        who = f"<strong>{_e(p.name) or 'Unnamed persona'}</strong>"
        if p.role:
            who += f", {_e(p.role)}"
        out += ['<section class="persona" aria-label="Persona">', f"<p>{who}</p>"]
        if p.quote:
            out.append(f"<blockquote>“{_e(p.quote)}”</blockquote>")
        lists = [(label, items) for label, items in (("Goals", p.goals), ("Needs", p.needs),
                 ("Frustrations", p.frustrations)) if items]  # fmt: skip
        if lists:
            out.append("<dl>")
            for label, items in lists:
                entries = "".join(f"<li>{_e(item)}</li>" for item in items)
                out.append(f"<dt>{label}</dt><dd><ul>{entries}</ul></dd>")
            out.append("</dl>")
        out.append("</section>")
    out.append("</header>")
    return out


def _y(value: int, scale: EmotionScale) -> float:
    fraction = (value - scale.min) / (scale.max - scale.min)
    return round(36 - fraction * 30, 2)


def _curve_cell(values: Sequence[int | None], index: int, scale: EmotionScale) -> str:
    """One phase's piece of the curve: half a segment to each rated neighbour, and its point."""
    value = values[index]
    parts = ['<svg viewBox="0 0 100 42" preserveAspectRatio="none" aria-hidden="true">']
    zero = scale.clamp(0)
    mid = _y(zero, scale)
    parts.append(
        f'<line x1="0" y1="{mid}" x2="100" y2="{mid}" stroke="#c8ccd0" stroke-width="1" '
        'stroke-dasharray="3 3" vector-effect="non-scaling-stroke"/>'
    )
    if value is not None:
        y = _y(value, scale)
        for neighbour, x_edge in ((index - 1, 0), (index + 1, 100)):
            if 0 <= neighbour < len(values) and (other := values[neighbour]) is not None:
                edge = round((y + _y(other, scale)) / 2, 2)
                parts.append(
                    f'<line x1="{x_edge}" y1="{edge}" x2="50" y2="{y}" stroke="#57606a" '
                    'stroke-width="2" vector-effect="non-scaling-stroke"/>'
                )
        parts.append(
            f'<path d="M50 {y}h0.01" stroke="{point_colour(value, scale)}" stroke-width="11" '
            'stroke-linecap="round" vector-effect="non-scaling-stroke"/>'
        )
    parts.append("</svg>")
    colour = readable_colour(point_colour(value, scale))
    label = format_score(value) if value is not None else "unrated"
    parts.append(f'<span class="score" style="color:{colour}">{_e(label)}</span>')
    return "".join(parts)


def table(m: JourneyMap) -> list[str]:
    """The map's table: stage and phase header rows, then one row per lane."""
    out = ['<div class="map-wrap">', '<table class="map">', "<thead>", '<tr class="stages">']
    out.append('<th class="lane" scope="row">Stage</th>')
    for stage, first, last in m.stages():
        span = last - first + 1
        colspan = f' colspan="{span}"' if span > 1 else ""
        if stage is None:
            out.append(f'<th class="no-stage"{colspan}></th>')
        else:
            out.append(f'<th class="stage" scope="colgroup"{colspan}>{_e(stage)}</th>')
    out += ["</tr>", '<tr class="phases">', '<th class="lane" scope="col">Phase</th>']
    out += [f'<th scope="col">{_e(p.title)}</th>' for p in m.phases]
    out += ["</tr>", "</thead>", "<tbody>"]
    values = [p.emotion for p in m.phases]
    rows = [(lane.title, lane.kind, lane.key) for lane in m.lanes]
    if not any(kind == "emotion" for _, kind, _ in rows) and any(v is not None for v in values):
        rows.append(("Emotion", "emotion", ""))
    for title, kind, key in rows:
        if kind == "emotion":
            out.append('<tr class="emotion">')
            out.append(f'<th class="lane" scope="row">{_e(title)}</th>')
            out += [
                f'<td class="curve">{_curve_cell(values, i, m.scale)}</td>'
                for i in range(len(values))
            ]
        else:
            out.append("<tr>")
            out.append(f'<th class="lane" scope="row">{_e(title)}</th>')
            for phase in m.phases:
                notes = phase.notes(key)
                items = "".join(f"<li>{note_html(n, m)}</li>" for n in notes)
                out.append(f"<td><ul>{items}</ul></td>" if notes else "<td></td>")
        out.append("</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _insights_section(m: JourneyMap) -> list[str]:
    """ "What the map says" (cxtui/interchange/insights_page.py), after the table."""
    from cxtui.insights import insights
    from cxtui.interchange.insights_page import html_section

    return html_section(insights(m))


def dumps(m: JourneyMap, *, insights: bool = True) -> str:
    """`m` as one self-contained HTML page (with `insights`, what the map says)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="cxtui">',
        f"<title>{_e(m.title) or 'Untitled map'}</title>",
        "<style>",
        _CSS.rstrip("\n"),
        "</style>",
        "</head>",
        "<body>",
        *_header(m),
        "<main>",
        *table(m),
        *(_insights_section(m) if insights else []),
        "</main>",
        f"<footer>Emotion scale {m.scale.min} to {format_score(m.scale.max)}. "
        "Made with cxtui.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
