"""Hypothesis strategies for journey maps and their text.

Text mixes ordinary characters with the pieces that break naive code: CJK, emoji
(including a ZWJ sequence), markup-like ``[bold]``, control characters (ESC, BEL,
C1, DEL, NUL), bidi overrides, line breaks, quotes, backslashes and ``\"\"\"``.
"""

from __future__ import annotations

from hypothesis import strategies as st

from cxtui.model import (
    MAP_KINDS,
    RESERVED_PHASE_KEYS,
    TAG_COLOUR_NAMES,
    EmotionScale,
    JourneyMap,
    Lane,
    Persona,
    Phase,
)
from cxtui.text import clean_line

#: Awkward pieces of text, mixed into the generated strings.
PIECES = (
    "漢字",
    "かな",
    "한국어",
    "😀",
    "👩\u200d👩\u200d👧",
    "👍🏽",
    "[bold]",
    "[/]",
    "[red]x[/red]",
    "[link=http://e.example]l[/link]",
    "\x1b",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x07",
    "\x9b",
    "\x85",
    "\x7f",
    "\x00",
    "\u202e",
    "\u2066",
    "\n",
    "\r\n",
    "\t",
    "\u2028",
    '"',
    "'",
    "\\",
    '"""',
    "'''",
    "\\n",
    "#pain",
    "#idea",
    "#Question",
    " ",
    "=",
    "[[phases]]",
    "é",
)

_plain = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=8,
)

#: Any text at all, awkward pieces included (before the model neutralises it).
raw_text = st.lists(st.one_of(_plain, st.sampled_from(PIECES)), max_size=6).map("".join)

#: Text that is not blank once neutralised (a note the editor keeps).
note_text = raw_text.map(lambda t: t if clean_line(t).strip() else t + "x")

#: Lane keys a file may use.
lane_keys = st.from_regex(r"[a-z][a-z0-9_]{0,9}", fullmatch=True).filter(
    lambda k: k not in RESERVED_PHASE_KEYS
)

colours = st.one_of(
    st.sampled_from(sorted(TAG_COLOUR_NAMES)),
    st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True),
)
tag_names = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)


@st.composite
def scales(draw: st.DrawFn) -> EmotionScale:
    """Scales a file may hold: min below max, at most 20 steps apart."""
    low = draw(st.integers(-10, 5))
    high = draw(st.integers(low + 1, low + 20))
    return EmotionScale(low, high)


personas = st.builds(
    Persona,
    name=raw_text,
    role=raw_text,
    goals=st.lists(raw_text, max_size=3).map(tuple),
    needs=st.lists(raw_text, max_size=3).map(tuple),
    frustrations=st.lists(raw_text, max_size=3).map(tuple),
    quote=raw_text,
)


@st.composite
def lane_sets(draw: st.DrawFn, max_lanes: int = 5) -> tuple[Lane, ...]:
    """One to `max_lanes` lanes with distinct keys, at most one of them the emotion lane."""
    keys = draw(st.lists(lane_keys, min_size=1, max_size=max_lanes, unique=True))
    emotion_at = draw(st.one_of(st.none(), st.integers(0, len(keys) - 1)))
    return tuple(
        Lane(key, draw(raw_text), "emotion" if i == emotion_at else "text")
        for i, key in enumerate(keys)
    )


@st.composite
def phases_for(
    draw: st.DrawFn,
    lanes: tuple[Lane, ...],
    scale: EmotionScale,
    max_notes: int = 3,
    blank_notes: bool = True,
) -> Phase:
    """A phase with notes only in the text lanes and an emotion within `scale` (or none).

    With `blank_notes` false, no note is blank (a file may hold blank notes; the
    editor never makes them)."""
    notes = raw_text if blank_notes else note_text
    cells = {
        lane.key: tuple(draw(st.lists(notes, max_size=max_notes)))
        for lane in lanes
        if lane.kind == "text"
    }
    stage = draw(st.one_of(st.none(), st.sampled_from(["Before", "During", "After"]), raw_text))
    emotion = draw(st.one_of(st.none(), st.integers(scale.min, scale.max)))
    return Phase(draw(raw_text), stage, emotion, cells)


@st.composite
def maps(
    draw: st.DrawFn, max_phases: int = 6, max_lanes: int = 5, blank_notes: bool = True
) -> JourneyMap:
    """A valid map: 1+ lanes, 1+ phases, emotions within a random scale or unrated."""
    scale = draw(scales())
    lanes = draw(lane_sets(max_lanes))
    phases = draw(
        st.lists(phases_for(lanes, scale, blank_notes=blank_notes), min_size=1, max_size=max_phases)
    )
    return JourneyMap(
        title=draw(raw_text),
        kind=draw(st.sampled_from(MAP_KINDS)),
        description=draw(st.one_of(st.none(), raw_text)),
        persona=draw(st.one_of(st.none(), personas)),
        scale=scale,
        lanes=lanes,
        phases=tuple(phases),
        tags=draw(st.dictionaries(tag_names, colours, max_size=3)),
    )
