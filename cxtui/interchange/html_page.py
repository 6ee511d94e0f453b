"""HTML export: one self-contained page (inline CSS, no scripts, nothing fetched).

Built to pass an accessibility audit (docs/accessibility.md): a ``<header>`` with
the title, then ``<main>`` with headings a reader can jump through: the persona,
the emotion curve said in words (the scale, its lowest and highest points, its
biggest drop) before the table, and the map as a table with a caption, a
``<colgroup>`` per stage, stage headers scoped to them, phase headers scoped to
their columns and lane headers to their rows. A cell's notes are a list
(``#tags`` in their colours); the emotion lane is a curve drawn with inline SVG,
hidden from screen readers, its score written beneath. Every colour is chosen or
darkened to read at 4.5:1 as text and 3:1 as a mark against every background of
the page, on screen and in print. Wide maps scroll sideways with the lane titles
kept in view; on paper they print landscape.

Every piece of map text goes through :func:`escape_html`; colours come from fixed
tables or are validated ``#rrggbb`` values, so nothing from the map reaches CSS
unchecked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import cache

from cxtui import linear
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
from cxtui.notation import emotion_rgb, format_score, has_stages, marks_used

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
#: The colour of each mark's symbol (the symbol and its label say it too).
MARK_COLOURS: dict[MarkName, str] = {
    "fail": "#d32f2f",
    "wait": "#0097a7",
    "works": "#388e3c",
    "needs_work": "#f57c00",
}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Every background the page puts text or marks on (screen and print).
PAGE_BACKGROUNDS = ("#ffffff", "#f6f8fa", "#f3f8f9", "#e0f2f1")
#: WCAG 2 contrast minimums: text, and graphics that carry meaning.
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0
#: The curve's line and its dashed zero line (at least 3:1 on every page background).
CURVE_COLOUR = "#57606a"
BASELINE_COLOUR = "#818992"

_CSS = """\
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5rem;
  color: #1f2328; background: #ffffff; line-height: 1.4; }
header h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
h2 { font-size: 1.15rem; margin: 1.25rem 0 .4rem; }
.kind { margin: 0 0 .75rem; color: #59636e; }
.description { margin: 0 0 .75rem; max-width: 60rem; }
.persona { margin: 0 0 1rem; padding: .1rem .75rem .5rem; border-left: 4px solid #0097a7;
  background: #f3f8f9; max-width: 60rem; }
.persona h2 { margin-top: .4rem; }
.persona p { margin: .15rem 0; }
.persona blockquote { margin: .25rem 0; font-style: italic; }
.persona dl { margin: .25rem 0 0; display: grid; grid-template-columns: max-content 1fr;
  gap: .1rem .75rem; }
.persona dt { font-weight: 600; }
.persona dd { margin: 0; }
.persona ul { margin: 0; padding-left: 1.1rem; }
.emotion-summary p { margin: .2rem 0; max-width: 60rem; }
.map-wrap { overflow-x: auto; max-width: 100%; }
.map-wrap:focus-visible { outline: 3px solid #0550ae; outline-offset: 2px; }
table.map { border-collapse: collapse; table-layout: fixed;
  width: max(100%, calc(10rem + var(--phases, 1) * 12rem)); }
table.map caption { caption-side: top; text-align: left; color: #59636e; padding: 0 0 .4rem; }
table.map col.lanes { width: 10rem; }
table.map th, table.map td { border: 1px solid #d0d7de; padding: .4rem .5rem;
  vertical-align: top; text-align: left; overflow-wrap: break-word; }
table.map .lane { position: sticky; left: 0; z-index: 1; background: #f6f8fa;
  box-shadow: inset -1px 0 0 #d0d7de; }
table.map thead th { background: #f6f8fa; }
table.map tr.stages th.stage { background: #e0f2f1; color: #00695c; text-transform: uppercase;
  font-size: .8em; letter-spacing: .05em; }
table.map td { background: #ffffff; }
table.map td ul { margin: 0; padding-left: 1.1rem; }
table.map td li { margin: 0 0 .2rem; }
.tag { font-weight: 700; }
.mark { font-weight: 700; margin-right: .1em; }
.marks-legend { margin: .4rem 0 0; color: #59636e; }
table.map tr.emotion td { padding: 0; vertical-align: top; }
table.map tr.blueprint-line td { padding: .15rem .5rem; background: #fbefff;
  border-top: 3px dashed #6639ba; border-bottom: 3px dashed #6639ba; color: #6639ba;
  font-weight: 700; font-size: .85em; letter-spacing: .03em; }
table.map tr.blueprint-line span { position: sticky; left: .5rem; }
.curve svg { display: block; width: 100%; height: 4rem; }
.curve .score { display: block; text-align: center; font-weight: 700; padding: .1rem 0 .3rem; }
.curve .extreme { display: block; text-align: center; font-size: .8em; color: #59636e;
  min-height: 1.4em; margin-top: -.3rem; }
footer { margin-top: 1rem; color: #59636e; font-size: .8rem; }
@page { size: landscape; margin: 1cm; }
@media print {
  body { margin: 0; font-size: 8.5pt; }
  .map-wrap { overflow: visible; }
  table.map { table-layout: auto; width: 100%; }
  table.map col.lanes { width: auto; }
  table.map .lane { position: static; }
  thead { display: table-header-group; }
  tr, .persona, .emotion-summary { break-inside: avoid; page-break-inside: avoid; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  footer { display: none; }
}
"""


def css_colour(name: str) -> str | None:
    """The ``#rrggbb`` of a tag colour (a name or a hex value), or None if it is neither."""
    if _HEX.match(name):
        return name.lower()
    return NAMED_COLOURS.get(name)


def _luminance(colour: str) -> float:
    """The WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@cache
def readable_colour(colour: str, minimum: float = TEXT_CONTRAST) -> str:
    """`colour` (``#rrggbb``), darkened just enough to keep `minimum` contrast against
    every background of the page (:data:`PAGE_BACKGROUNDS`); its hue is kept. Cached:
    a page asks again for the few colours it uses, once per tag and score (up to ~100
    contrasts each)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(101):
        factor = 1 - step / 100
        found = "#" + "".join(f"{round(c * factor):02x}" for c in (r, g, b))
        if all(contrast(found, bg) >= minimum for bg in PAGE_BACKGROUNDS):
            return found
    return "#000000"


@cache
def point_colour(value: int | None, scale: EmotionScale) -> str:
    """The colour of an emotion score's point, as ``#rrggbb``: dark enough to see (3:1)."""
    base = UNRATED_COLOUR if value is None else emotion_rgb(value, scale)
    return readable_colour(base, GRAPHIC_CONTRAST)


@cache
def score_colour(value: int | None, scale: EmotionScale) -> str:
    """The colour of an emotion score written as text (4.5:1)."""
    base = UNRATED_COLOUR if value is None else emotion_rgb(value, scale)
    return readable_colour(base)


def score_label(value: int | None) -> str:
    """A score as the page writes it: ``+1``, ``0``, ``−2`` (a true minus), ``unrated``."""
    return "unrated" if value is None else format_score(value).replace("-", "\u2212")


#: The characters :func:`escape_html` changes: text without one (most) is left as it is.
_ESCAPED = re.compile("[&<>\"']")
#: :data:`~cxtui.model.TAG_PATTERN` starting with its ``#`` (the look-behind after it): the
#: same matches, found by a fast scan for ``#`` where the look-behind first would be tried
#: at every character of a long text (a whole row of the table).
TAGS_IN_TEXT = re.compile(r"#(?<![\w#]#)([A-Za-z][\w-]*)")


def escape_html(text: str) -> str:
    """`text` for HTML text or a quoted attribute, as :func:`html.escape` (with `quote`)
    writes it; without importing :mod:`html`, whose table of entities every export paid."""
    if _ESCAPED.search(text) is None:
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;")


_e = escape_html


def note_html(note: str, m: JourneyMap, tag_spans: dict[str, str] | None = None) -> str:
    """A note as escaped HTML, its ``#tags`` in their colours (`tag_spans`: the opening
    ``<span>`` of each tag met so far, kept by a caller that writes many notes)."""
    if "#" not in note:  # no tag (most notes)
        return _e(note)
    spans = {} if tag_spans is None else tag_spans
    out: list[str] = []
    last = 0
    for match in TAG_PATTERN.finditer(note):
        out.append(_e(note[last : match.start()]))
        out.append(_tag_html(match, m, spans))
        last = match.end()
    out.append(_e(note[last:]))
    return "".join(out)


def marks_html(marks: Sequence[MarkName]) -> str:
    """The symbols of a note's marks, each named for screen readers and on hover."""
    return "".join(
        f'<span class="mark" style="color:{readable_colour(MARK_COLOURS[name])}" role="img" '
        f'aria-label="{MARK_LABELS[name]}" title="{MARK_LABELS[name]}">{MARK_SYMBOLS[name]}</span>'
        for name in marks
    )


def _tag_html(match: re.Match[str], m: JourneyMap, tag_spans: dict[str, str]) -> str:
    """A ``#tag`` :data:`TAG_PATTERN` found, escaped, in its colour (its opening span
    made once per tag name and kept in `tag_spans`)."""
    name = match.group(1)
    opening = tag_spans.get(name)
    if opening is None:
        colour = m.tag_colour(name)
        css = css_colour(colour) if colour else None
        style = f' style="color:{readable_colour(css)}"' if css else ""
        opening = tag_spans[name] = f'<span class="tag"{style}>'
    return f"{opening}{_e(match.group(0))}</span>"


def _note_item(
    phase: Phase, lane_key: str, note: str, m: JourneyMap, tag_spans: dict[str, str]
) -> str:
    marks = phase.marks_of(lane_key, note)
    text = note_html(note, m, tag_spans)
    return f"{marks_html(marks)} {text}" if marks else text


def _notes_cell(phase: Phase, lane_key: str, m: JourneyMap, tag_spans: dict[str, str]) -> str:
    """A text lane's cell: its notes as a list (with their marks), or empty."""
    notes = phase.notes(lane_key)
    if not notes:
        return "<td></td>"
    items: Sequence[str]
    if phase.marks:
        items = [_note_item(phase, lane_key, note, m, tag_spans) for note in notes]
    elif _ESCAPED.search(plain := "".join(notes)) is None:  # nothing to escape
        joined = "</li><li>".join(notes)
        if "#" in plain:  # the same tags as note by note: a tag never spans the joins
            joined = TAG_PATTERN.sub(lambda found: _tag_html(found, m, tag_spans), joined)
        return "<td><ul><li>" + joined + "</li></ul></td>"
    else:
        items = [note_html(note, m, tag_spans) for note in notes]
    return "<td><ul><li>" + "</li><li>".join(items) + "</li></ul></td>"


def _notes_row(m: JourneyMap, lane_key: str, tag_spans: dict[str, str], marked: bool) -> list[str]:
    """A text lane's cells, one a line. When no note of the lane has a mark or anything
    to escape (most lanes), they are made as one text and its tags coloured in one pass:
    the same lines as cell by cell, as a tag never spans the tags between notes."""
    cells = [phase.notes(lane_key) for phase in m.phases]
    if marked or _ESCAPED.search("".join(itertools.chain.from_iterable(cells))):
        return [_notes_cell(phase, lane_key, m, tag_spans) for phase in m.phases]
    row = "\n".join(
        "<td><ul><li>" + "</li><li>".join(notes) + "</li></ul></td>" if notes else "<td></td>"
        for notes in cells
    )
    if "#" in row:
        row = TAGS_IN_TEXT.sub(lambda found: _tag_html(found, m, tag_spans), row)
    return [row] if cells else []


def _legend(m: JourneyMap) -> list[str]:
    used = marks_used(m)
    if not used:
        return []
    items = ", ".join(f"{marks_html([name])} {MARK_LABELS[name]}" for name in used)
    return [f'<p class="marks-legend">Marks: {items}.</p>']


def _header(m: JourneyMap) -> list[str]:
    out = ["<header>", f"<h1>{_e(m.title) or 'Untitled map'}</h1>"]
    out.append(f'<p class="kind">Journey map, {_e(kind_name(m.kind))}</p>')
    if m.description:
        lines = "<br>\n".join(_e(line) for line in m.description.splitlines())
        out.append(f'<p class="description">{lines}</p>')
    out.append("</header>")
    return out


def _persona(m: JourneyMap) -> list[str]:
    if m.persona is None:
        return []
    p = m.persona
    who = f"<strong>{_e(p.name) or 'Unnamed persona'}</strong>"
    if p.role:
        who += f", {_e(p.role)}"
    out = [
        '<section class="persona" aria-labelledby="persona-heading">',
        '<h2 id="persona-heading">Persona</h2>',
        f"<p>{who}</p>",
    ]
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
    return out


def _emotion_summary(m: JourneyMap) -> list[str]:
    """The scale and the curve in words, before the table that draws it."""
    if not linear.has_emotion(m):
        return []
    return [
        '<section class="emotion-summary" aria-labelledby="emotion-heading">',
        '<h2 id="emotion-heading">Emotion curve</h2>',
        f"<p>{_e(linear.scale_explained(m))}</p>",
        f"<p>{_e(linear.curve_summary(m))}</p>",
        "</section>",
    ]


def _y(value: int, scale: EmotionScale) -> float:
    fraction = (value - scale.min) / (scale.max - scale.min)
    return round(36 - fraction * 30, 2)


def _curve_cells(
    m: JourneyMap, values: Sequence[int | None], facts: linear.CurveFacts
) -> list[str]:
    """Each phase's piece of the curve (a table cell): half a segment to each rated
    neighbour, its point, its score, and "lowest" or "highest" where it is one of those.
    What depends only on a score is made once per score."""
    scale = m.scale
    mid = _y(scale.clamp(0), scale)
    start = (
        '<td class="curve"><svg viewBox="0 0 100 42" preserveAspectRatio="none" '
        f'aria-hidden="true"><line x1="0" y1="{mid}" x2="100" y2="{mid}" '
        f'stroke="{BASELINE_COLOUR}" stroke-width="1" stroke-dasharray="3 3" '
        'vector-effect="non-scaling-stroke"/>'
    )
    extremes = {}
    if facts.lowest != facts.highest:
        extremes = {facts.lowest: "lowest", facts.highest: "highest"}
    ys = {value: _y(value, scale) for value in set(values) if value is not None}
    ends: dict[int | None, str] = {}  # the point (when rated), the score and the extreme mark
    for value in set(values):
        point = ""
        if value is not None:
            point = (
                f'<path d="M50 {ys[value]}h0.01" stroke="{point_colour(value, scale)}" '
                'stroke-width="11" stroke-linecap="round" vector-effect="non-scaling-stroke"/>'
            )
        extreme = extremes.get(value, "") if value is not None else ""
        ends[value] = (
            f'{point}</svg><span class="score" style="color:{score_colour(value, scale)}">'
            f"{_e(score_label(value))}</span>"
            f'<span class="extreme">{extreme}</span></td>'  # empty: keeps the curves level
        )
    cells = []
    last = len(values) - 1
    for index, value in enumerate(values):
        if value is None:
            cells.append(start + ends[value])
            continue
        y = ys[value]
        segments = ""
        for neighbour, x_edge in ((index - 1, 0), (index + 1, 100)):
            if 0 <= neighbour <= last and (other := values[neighbour]) is not None:
                edge = round((y + ys[other]) / 2, 2)
                segments += (
                    f'<line x1="{x_edge}" y1="{edge}" x2="50" y2="{y}" stroke="{CURVE_COLOUR}" '
                    'stroke-width="2" vector-effect="non-scaling-stroke"/>'
                )
        cells.append(start + segments + ends[value])
    return cells


def caption(m: JourneyMap) -> str:
    """What the table holds, for the reader who meets it first."""
    n = len(m.phases)
    phases = f"{n} phase" if n == 1 else f"{n} phases"
    stages = sum(stage is not None for stage, _, _ in m.stages())
    grouped = f", grouped in {stages} stage{'s' if stages != 1 else ''}" if stages else ""
    rows = len(m.lanes) + (
        1 if linear.has_emotion(m) and not any(lane.kind == "emotion" for lane in m.lanes) else 0
    )
    lanes = f"{rows} lane" if rows == 1 else f"{rows} lanes"
    return f"{m.title or 'Untitled map'}: {phases} as columns{grouped}; {lanes} as rows."


def _colgroups(m: JourneyMap) -> list[str]:
    """One ``<colgroup>`` for the lane titles, then one per run of phases sharing a stage."""
    out = ['<colgroup><col class="lanes"></colgroup>']
    if not has_stages(m):
        return [*out, f'<colgroup span="{len(m.phases)}"></colgroup>'] if m.phases else out
    for _stage, first, last in m.stages():
        out.append(f'<colgroup span="{last - first + 1}"></colgroup>')
    return out


#: The page (an address relative to this page) of a linked map, None when it has none.
LinkHref = Callable[[str], str | None]


def _link(phase: Phase, link_href: LinkHref | None) -> str:
    """A linked phase's link: to its detailed map's page when there is one, else the map
    file's path (relative to this map's file), said as such."""
    if phase.link is None:
        return ""
    href = link_href(phase.link) if link_href is not None else None
    if href is None:
        return (
            f'<br><span class="phase-link">↗ detailed in the map file '
            f"<code>{_e(phase.link)}</code></span>"
        )
    return f'<br><a class="phase-link" href="{_e(href)}">↗ {_e(phase.link)}</a>'


def table(m: JourneyMap, link_href: LinkHref | None = None) -> list[str]:
    """The map's table: stage (if any) and phase header rows, then one row per lane.
    A linked phase links to the page `link_href` gives for its link."""
    out = [
        '<section aria-labelledby="map-heading">',
        '<h2 id="map-heading">Journey map</h2>',
        '<div class="map-wrap" role="region" aria-labelledby="map-caption" tabindex="0">',
        f'<table class="map" style="--phases: {len(m.phases)}">',
        f'<caption id="map-caption">{_e(caption(m))}</caption>',
        *_colgroups(m),
        "<thead>",
    ]
    if has_stages(m):
        out += ['<tr class="stages">', '<th class="lane" scope="row">Stage</th>']
        for stage, first, last in m.stages():
            span = last - first + 1
            colspan = f' colspan="{span}"' if span > 1 else ""
            if stage is None:
                out.append(f'<td class="no-stage"{colspan}></td>')
            else:
                out.append(f'<th class="stage" scope="colgroup"{colspan}>{_e(stage)}</th>')
        out.append("</tr>")
    out += ['<tr class="phases">', '<th class="lane" scope="row">Phase</th>']
    out += [f'<th scope="col">{_e(p.title) or f"Phase {i + 1}"}{_link(p, link_href)}</th>'
            for i, p in enumerate(m.phases)]  # fmt: skip
    out += ["</tr>", "</thead>", "<tbody>"]
    values = [p.emotion for p in m.phases]
    rows = [(lane.title, lane.kind, lane.key) for lane in m.lanes]
    if not any(kind == "emotion" for _, kind, _ in rows) and any(v is not None for v in values):
        rows.append(("Emotion", "emotion", ""))
    lines = {m.lanes[i].key: label for i, label in blueprint_line_labels(m).items()}
    tag_spans: dict[str, str] = {}
    marked = any(phase.marks for phase in m.phases)
    for title, kind, key in rows:
        if key in lines:  # the line of interaction, of visibility...: a labelled rule
            out.append(
                f'<tr class="blueprint-line"><td colspan="{len(m.phases) + 1}">'
                f"<span>{_e(lines[key])}</span></td></tr>"
            )
        name = _e(title) or _e(key) or "Lane"
        if kind == "emotion":
            out.append('<tr class="emotion">')
            out.append(f'<th class="lane" scope="row">{name}</th>')
            out += _curve_cells(m, values, linear.curve_facts(m))
        else:
            out.append("<tr>")
            out.append(f'<th class="lane" scope="row">{name}</th>')
            out += _notes_row(m, key, tag_spans, marked)
        out.append("</tr>")
    out += ["</tbody>", "</table>", "</div>", *_legend(m), "</section>"]
    return out


def _insights_section(m: JourneyMap) -> list[str]:
    """ "What the map says" (cxtui/interchange/insights_page.py), after the table."""
    from cxtui.insights import insights
    from cxtui.interchange.insights_page import html_section

    return html_section(insights(m))


def dumps(
    m: JourneyMap,
    link_href: LinkHref | None = None,
    index_href: str | None = None,
    *,
    insights: bool = True,
    against: JourneyMap | None = None,
) -> str:
    """`m` as one self-contained HTML page (`link_href`: see :func:`table`; `index_href`:
    the address of the page listing every map, when it is one of a site's pages; with
    `insights`, what the map says; with `against`, a future state's curve drawn over
    this map's, and how each phase moves: :mod:`cxtui.interchange.against_page`)."""
    nav = [f'<nav><a href="{_e(index_href)}">All maps</a></nav>'] if index_href else []
    css, compared = _CSS, []
    if against is not None:
        from cxtui.interchange import against_page

        css, compared = _CSS + against_page.CSS, against_page.html_section(m, against)
    title = m.title or "Untitled map"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="cxtui">',
        f"<title>{_e(title)}: customer journey map</title>",
        "<style>",
        css.rstrip("\n"),
        "</style>",
        "</head>",
        "<body>",
        *nav,
        *_header(m),
        "<main>",
        *_persona(m),
        *_emotion_summary(m),
        *compared,
        *table(m, link_href),
        *(_insights_section(m) if insights else []),
        "</main>",
        "<footer>Made with cxtui.</footer>",
        "</body>",
        "</html>",
        "",  # (the last line's end, without copying the page to add it)
    ]
    return "\n".join(out)
