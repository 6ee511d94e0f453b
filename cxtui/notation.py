"""How a map's scores, marks and emotion colours are written, with no terminal.

The pieces the print view, the editor and the exports (Markdown, HTML, SVG) share:
a score with its sign, a note's mark symbols and their legend, the emotion colour
as ``#rrggbb``, a one-character curve point. No Rich: an export that needs only these
does not pay for importing a terminal renderer.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxtui.model import MARK_LABELS, MARK_SYMBOLS, MARKS, EmotionScale, JourneyMap, MarkName

SPARK_GLYPHS = "▁▂▃▄▅▆▇█"
UNRATED = "·"

_NEGATIVE = (0xE0, 0x40, 0x40)
_NEUTRAL = (0xD0, 0xB0, 0x30)
_POSITIVE = (0x40, 0xC0, 0x60)


def scale_fraction(value: float, scale: EmotionScale) -> float:
    """How far `value` is from the scale's low (0) to its high (1)."""
    return (value - scale.min) / (scale.max - scale.min)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> str:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return f"#{r:02x}{g:02x}{bl:02x}"


def colour_at(t: float) -> str:
    """The ``#rrggbb`` at `t` (0..1) of the way from the scale's low (red) through
    yellow to its high (green)."""
    return _mix(_NEGATIVE, _NEUTRAL, t * 2) if t < 0.5 else _mix(_NEUTRAL, _POSITIVE, t * 2 - 1)


def emotion_rgb(value: int, scale: EmotionScale) -> str:
    """``#rrggbb`` from red (the scale's low) through yellow to green (its high)."""
    return colour_at(scale_fraction(value, scale))


def emotion_glyph(value: int | None, scale: EmotionScale) -> str:
    """One block character whose height stands for `value` on `scale`."""
    if value is None:
        return UNRATED
    return SPARK_GLYPHS[round(scale_fraction(value, scale) * (len(SPARK_GLYPHS) - 1))]


def format_score(value: int | None) -> str:
    """A score with its sign (``+1``, ``0``, ``-2``), or ``–`` when unrated."""
    if value is None:
        return "–"
    return f"{value:+d}" if value else "0"


def marks_symbols(marks: Sequence[MarkName]) -> str:
    """The symbols of `marks` (``✗◷``), without spaces."""
    return "".join(MARK_SYMBOLS[name] for name in marks)


def marks_words(marks: Sequence[MarkName]) -> str:
    """`marks` as symbols and words, ``✗ fail point, △ needs work``."""
    return ", ".join(f"{MARK_SYMBOLS[name]} {MARK_LABELS[name]}" for name in marks)


def marked_note(note: str, marks: Sequence[MarkName]) -> str:
    """`note` after its marks' symbols, ``✗◷ Long queue`` (the note alone without marks)."""
    return f"{marks_symbols(marks)} {note}" if marks else note


def marks_used(m: JourneyMap) -> list[MarkName]:
    """The marks some note of `m` has, in :data:`MARKS` order."""
    used = {name for phase in m.phases for names in phase.marks.values() for name in names}
    return [name for name in MARKS if name in used]


def marks_legend_words(m: JourneyMap) -> str | None:
    """``Marks: ✗ fail point, ◷ wait`` for the marks `m` uses, or None when it has none."""
    used = marks_used(m)
    return f"Marks: {marks_words(used)}." if used else None


def has_stages(m: JourneyMap) -> bool:
    """Whether any phase of `m` belongs to a stage."""
    return any(phase.stage is not None for phase in m.phases)
