"""Markdown export: a GitHub-flavoured page for people to read.

The table view (:func:`dumps`): phases are the columns and lanes the rows (a Stage
row first when any phase has a stage); a cell's notes are ``• note<br>• note`` and
the emotion row gives the score. Before the table, the scale and the curve are said
in words; after it, a short ```mermaid journey block (phases, stages and scores,
no notes) draws the curve on GitHub and is what ``cxtui import page.md`` reads.
The linear view (:func:`dumps_linear`): a heading per phase and a sub-heading per
lane, scores in words, for screen readers.

Every piece of map text is escaped (:func:`md_inline`), so a note can neither
break the table nor inject HTML or Markdown; characters are escaped only where
they would mean something, so the page stays readable as text.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote

from cxtui import linear
from cxtui.interchange import mermaid
from cxtui.model import JourneyMap, Phase, blueprint_line_labels, kind_name
from cxtui.notation import format_score, has_stages, marked_note, marks_legend_words

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_PAIRED_SPECIAL = "~$"  # strike-through and maths, only when two of them could pair
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_START = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\s*)(\d*)([#>+=.)-])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")
#: Any character one of the steps of :func:`md_inline` changes: text without one (most
#: notes) is returned as it is, without running them.
_INLINE_ANY = re.compile(r"[\r\n\u2028\u2029\x85\\`*_\[\]|~$&<]")


def md_inline(text: str) -> str:
    """`text` escaped for inline Markdown: shown literally, safe inside a table cell.

    A ``<`` that could open a tag is written ``&lt;`` and a ``&`` that could start an
    entity ``&amp;`` (so no HTML gets through, in any Markdown, while ``a & b`` and
    ``1 < 2`` read as typed); ``\\ ` * _ [ ] |`` get a backslash, and so do ``~`` and
    ``$`` where the text holds two that could pair.
    """
    if _INLINE_ANY.search(text) is None:
        return text
    return _escape_inline(text)


def _escape_inline(text: str) -> str:
    """:func:`md_inline`'s steps, each run whether or not it changes anything."""
    text = _LINE_BREAKS.sub(" ", text)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    for char in _PAIRED_SPECIAL:
        if text.count(char) > 1:
            text = text.replace(char, "\\" + char)
    text = _ENTITY_START.sub("&amp;", text)
    return _HTML_START.sub("&lt;", text)


def md_line(text: str) -> str:
    """`text` escaped to stand at the start of a line (no heading, quote or list)."""
    escaped = md_inline(text)
    found = _BLOCK_START.match(escaped)
    if found is None or (found.group(2) and found.group(3) not in ".)"):
        return escaped
    return escaped[: found.start(3)] + "\\" + escaped[found.start(3) :]


def fence(content: str, info: str = "") -> str:
    """`content` in a code fence longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = content if content.endswith("\n") else content + "\n"
    return f"{ticks}{info}\n{body}{ticks}\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _notes_cell(phase: Phase, lane_key: str) -> str:
    notes = phase.notes(lane_key)
    if not phase.marks and _INLINE_ANY.search("".join(notes)) is None:  # nothing to escape
        return "• " + "<br>• ".join(notes) if notes else ""
    return "<br>".join(
        f"• {md_inline(marked_note(note, phase.marks_of(lane_key, note)))}"
        for note in phase.notes(lane_key)
    )


def _emotion_cell(value: int | None) -> str:
    return "unrated" if value is None else format_score(value)


def _paragraphs(text: str) -> list[str]:
    """`text` as Markdown paragraphs: its lines kept, blank lines between paragraphs."""
    out: list[str] = []
    paragraph: list[str] = []
    for line in [*(md_line(line) for line in text.splitlines()), ""]:
        if line.strip():
            paragraph.append(line)
        elif paragraph:
            out += ["\\\n".join(paragraph), ""]
            paragraph = []
    return out


def _header(m: JourneyMap) -> list[str]:
    out = [
        f"# {md_inline(m.title) or 'Untitled map'}",
        "",
        f"**Kind:** {md_inline(kind_name(m.kind))}",
        "",
    ]
    if m.description:
        out += _paragraphs(m.description)
    if m.persona is not None:
        p = m.persona
        # A comma in the name is escaped: the first plain comma ends it (for the importer).
        who = f"**Persona:** {md_inline(p.name).replace(',', chr(92) + ',') or 'unnamed'}"
        if p.role:
            who += f", {md_inline(p.role)}"
        out += [who, ""]
        if p.quote:
            out += [f"> “{md_inline(p.quote)}”", ""]
        items = [
            f"- **{label}:** " + "; ".join(md_inline(item) for item in values)
            for label, values in (
                ("Goals", p.goals),
                ("Needs", p.needs),
                ("Frustrations", p.frustrations),
            )
            if values
        ]
        if items:
            out += [*items, ""]
    if linear.has_emotion(m):
        out += [md_line(f"{linear.scale_explained(m)} {linear.curve_summary(m)}"), ""]
    return out


def _insights_section(m: JourneyMap) -> list[str]:
    """ "What the map says" (cxtui/interchange/insights_page.py), after the table."""
    from cxtui.insights import insights
    from cxtui.interchange.insights_page import markdown_section

    return ["", *markdown_section(insights(m))]


def _phase_cell(phase: Phase) -> str:
    """A phase's title; a linked phase also links to its detailed map's page (its file
    name with .md, as `cxtui export` names it)."""
    title = md_inline(phase.title)
    if phase.link is None:
        return title
    page = quote(str(PurePosixPath(phase.link).with_suffix(".md")))
    return f"{title}<br>↗ [{md_inline(phase.link)}]({page})"


#: What a row for a blueprint line is drawn with (and starts with).
BLUEPRINT_RULE_CELL = "━━━"


def table(m: JourneyMap) -> list[str]:
    """The map's table: one column per phase, one row per lane (after a Stage row, if any)."""
    rows = [
        _row(["Lane", *(_phase_cell(p) for p in m.phases)]),
        _row(["---"] * (len(m.phases) + 1)),
    ]
    if has_stages(m):
        rows.append(_row(["**Stage**", *(md_inline(p.stage or "") for p in m.phases)]))
    lines = blueprint_line_labels(m)
    for index, lane in enumerate(m.lanes):
        if index in lines:  # a labelled rule (the importer passes over it)
            rule = [BLUEPRINT_RULE_CELL] * len(m.phases)
            rows.append(_row([f"{BLUEPRINT_RULE_CELL} *{lines[index]}*", *rule]))
        label = f"**{md_inline(lane.title)}**" if lane.title else ""
        if lane.kind == "emotion":
            cells = [_emotion_cell(p.emotion) for p in m.phases]
        else:
            cells = [_notes_cell(p, lane.key) for p in m.phases]
        rows.append(_row([label, *cells]))
    if not any(lane.kind == "emotion" for lane in m.lanes) and any(
        p.emotion is not None for p in m.phases
    ):
        rows.append(_row(["**Emotion**", *(_emotion_cell(p.emotion) for p in m.phases)]))
    legend = marks_legend_words(m)
    if legend:
        rows += ["", md_inline(legend)]
    return rows


def journey_block(m: JourneyMap) -> str:
    """The Mermaid journey of `m` without the notes it carries in comments: phases, stages
    and scores, short enough to sit in a page for people."""
    lines = mermaid.dumps(m, notes=False).splitlines()
    kept = [
        line
        for line in lines
        if not line.strip().startswith(mermaid.NOTE_PREFIX) or line.strip() == mermaid.NO_STAGE
    ]
    return fence("\n".join(kept), "mermaid")


def dumps(m: JourneyMap, *, insights: bool = True, against: JourneyMap | None = None) -> str:
    """`m` as a GitHub-flavoured Markdown page: the map as a table (with `against`, how
    each phase's score moves in that future state; with `insights`, what the map says)."""
    out = _header(m)
    out += table(m)
    if against is not None:
        from cxtui.interchange.against_page import markdown_section

        out += ["", *markdown_section(m, against)]
    if insights:
        out += _insights_section(m)
    if m.phases:
        out += ["", "## Emotion curve", "", journey_block(m).rstrip("\n")]
    out.append("")  # (the last line's end, without copying the page to add it)
    return "\n".join(out)


def lanes_line(m: JourneyMap) -> str:
    """``**Lanes:** Actions; Thoughts; Emotions (emotion curve); Pain points``: the lanes in
    order, which the phases of the linear view do not show (the emotion lane has no
    section), so that the page imports back to the same map."""
    names = [
        md_inline(lane.title.strip() or lane.key)
        + (" (emotion curve)" if lane.kind == "emotion" else "")
        for lane in m.lanes
    ]
    return "**Lanes:** " + "; ".join(names)


def dumps_linear(m: JourneyMap) -> str:
    """`m` as Markdown read phase by phase: a heading per phase, a sub-heading per lane."""
    from cxtui.interchange import outline

    out = [*_header(m), lanes_line(m), ""]
    for index in range(len(m.phases)):
        heading = outline.protect_heading_end(md_inline(linear.phase_heading(m, index)))
        out += [f"## {heading}", ""]
        facts = linear.phase_facts(m, index)
        if facts:
            out += [md_line(" ".join(facts)), ""]
        for title, notes in linear.phase_lanes(m, index):
            out += [f"### {md_inline(title)}", ""]
            out += [f"- {md_line(note)}" for note in notes] or [f"{linear.NO_NOTES.capitalize()}."]
            out.append("")
    if not m.phases:
        out += ["This map has no phases yet.", ""]
    return "\n".join(out).rstrip("\n") + "\n"
