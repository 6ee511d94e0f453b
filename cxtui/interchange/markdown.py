"""Markdown export: a GitHub-flavoured page with the map as one table.

Phases are the columns and lanes the rows (a Stage row first); a cell's notes
are ``• note<br>• note`` and the emotion row shows a spark glyph and the score.
Every piece of map text is escaped (:func:`md_inline`), so a note can neither
break the table nor inject HTML or Markdown. A ```mermaid journey block at the
end draws the emotion curve on GitHub, and is what ``cxtui import page.md`` reads.
"""

from __future__ import annotations

import html
import re

from cxtui.interchange import mermaid
from cxtui.model import JourneyMap
from cxtui.render import emotion_glyph, format_score, sparkline

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]~|$])")
_BLOCK_START = re.compile(r"^(\s*)(\d*)([#>+=.)-])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def md_inline(text: str) -> str:
    """`text` escaped for inline Markdown: shown literally, safe inside a table cell."""
    text = _LINE_BREAKS.sub(" ", text)
    text = html.escape(text, quote=False)
    return _INLINE_SPECIAL.sub(r"\\\1", text)


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


def _notes_cell(notes: tuple[str, ...]) -> str:
    return "<br>".join(f"• {md_inline(note)}" for note in notes)


def _emotion_cell(value: int | None, m: JourneyMap) -> str:
    glyph = emotion_glyph(value, m.scale)
    return glyph if value is None else f"{glyph} {format_score(value)}"


def _header(m: JourneyMap) -> list[str]:
    out = [f"# {md_inline(m.title) or 'Untitled map'}", "", f"**Kind:** {md_inline(m.kind)}", ""]
    if m.description:
        lines = [md_line(line) for line in m.description.splitlines()]
        paragraph: list[str] = []
        for line in [*lines, ""]:
            if line.strip():
                paragraph.append(line)
            elif paragraph:
                out.append("\\\n".join(paragraph))
                out.append("")
                paragraph = []
    if m.persona is not None:
        p = m.persona
        who = f"**Persona:** {md_inline(p.name) or 'unnamed'}"
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
    curve = sparkline(m).plain
    out += [f"**Emotion:** {curve} (scale {m.scale.min}..{m.scale.max})", ""]
    return out


def _insights_section(m: JourneyMap) -> list[str]:
    """ "What the map says" (cxtui/interchange/insights_page.py), after the table."""
    from cxtui.insights import insights
    from cxtui.interchange.insights_page import markdown_section

    return ["", *markdown_section(insights(m))]


def table(m: JourneyMap) -> list[str]:
    """The map's table: one column per phase, one row per lane, after a Stage row."""
    rows = [
        _row(["Lane", *(md_inline(p.title) for p in m.phases)]),
        _row(["---"] * (len(m.phases) + 1)),
        _row(["**Stage**", *(md_inline(p.stage or "") for p in m.phases)]),
    ]
    for lane in m.lanes:
        label = f"**{md_inline(lane.title)}**" if lane.title else ""
        if lane.kind == "emotion":
            cells = [_emotion_cell(p.emotion, m) for p in m.phases]
        else:
            cells = [_notes_cell(p.notes(lane.key)) for p in m.phases]
        rows.append(_row([label, *cells]))
    if not any(lane.kind == "emotion" for lane in m.lanes) and any(
        p.emotion is not None for p in m.phases
    ):
        rows.append(_row(["**Emotion**", *(_emotion_cell(p.emotion, m) for p in m.phases)]))
    return rows


def dumps(m: JourneyMap, *, insights: bool = True) -> str:
    """`m` as a GitHub-flavoured Markdown page (with `insights`, what the map says)."""
    out = _header(m)
    out += table(m)
    if insights:
        out += _insights_section(m)
    out += ["", "## Journey", "", fence(mermaid.dumps(m), "mermaid").rstrip("\n")]
    return "\n".join(out) + "\n"
