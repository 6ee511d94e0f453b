"""Hypothesis strategies for journey maps and their text.

Text mixes ordinary characters with the pieces that break naive code: CJK, emoji
(including a ZWJ sequence), markup-like ``[bold]``, control characters (ESC, BEL,
C1, DEL, NUL), bidi overrides, line breaks, quotes, backslashes and ``\"\"\"``.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from cxtui.limits import MAX_LANES, MAX_NOTES_PER_CELL, MAX_SCALE_STEPS, MAX_TEXT_CHARS
from cxtui.model import (
    LANE_ROLES,
    MAP_KINDS,
    RESERVED_PHASE_KEYS,
    TAG_COLOUR_NAMES,
    Conflict,
    EmotionScale,
    JourneyMap,
    Lane,
    MarkName,
    MermaidDetails,
    Persona,
    Phase,
    ordered_marks,
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

#: Text at (or just under) the length limit, awkward pieces included: cheap to make,
#: since it is built rather than drawn character by character.
limit_text = st.tuples(
    st.sampled_from(PIECES), st.sampled_from(["é", "漢", "x", "\\", '"']), st.integers(0, 2)
).map(lambda t: (t[0] + t[1] * MAX_TEXT_CHARS)[: MAX_TEXT_CHARS - t[2]])

#: Text of any length the model takes, now and then right at the limit.
any_text = st.one_of(raw_text, raw_text, raw_text, limit_text)

#: A full cell (or persona list): the most notes it may hold, each different.
full_list = st.integers(0, 3).map(
    lambda n: tuple(f"{n} #{i}" for i in range(MAX_NOTES_PER_CELL - n))
)

#: Lane keys a file may use.
lane_keys = st.from_regex(r"[a-z][a-z0-9_]{0,9}", fullmatch=True).filter(
    lambda k: k not in RESERVED_PHASE_KEYS
)

colours = st.one_of(
    st.sampled_from(sorted(TAG_COLOUR_NAMES)),
    st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True),
)
tag_names = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True),
    st.sampled_from(["café", "naïve-idea", "x問題", "a_1", "z-"]),
)


@st.composite
def scales(draw: st.DrawFn) -> EmotionScale:
    """Scales a file may hold: min below max, at most 20 steps apart."""
    low = draw(st.integers(-10, 5))
    high = draw(st.integers(low + 1, low + MAX_SCALE_STEPS))
    return EmotionScale(low, high)


personas: st.SearchStrategy[Persona] = st.builds(
    Persona,
    name=raw_text,
    role=raw_text,
    goals=st.lists(raw_text, max_size=3).map(tuple),
    needs=st.lists(raw_text, max_size=3).map(tuple),
    frustrations=st.lists(raw_text, max_size=3).map(tuple),
    quote=raw_text,
)

_any_list = st.one_of(st.lists(any_text, max_size=3).map(tuple), full_list)

#: Personas up to the limits: texts of the longest length, lists of the most entries.
limit_personas: st.SearchStrategy[Persona] = st.builds(
    Persona,
    name=any_text,
    role=any_text,
    goals=_any_list,
    needs=_any_list,
    frustrations=_any_list,
    quote=any_text,
)


@st.composite
def lane_sets(
    draw: st.DrawFn, max_lanes: int = 5, text: st.SearchStrategy[str] = raw_text
) -> tuple[Lane, ...]:
    """One to `max_lanes` lanes with distinct keys, at most one of them the emotion lane."""
    keys = draw(st.lists(lane_keys, min_size=1, max_size=max_lanes, unique=True))
    emotion_at = draw(st.one_of(st.none(), st.integers(0, len(keys) - 1)))
    lanes = []
    for i, key in enumerate(keys):
        lane = Lane(key, draw(text), "emotion" if i == emotion_at else "text")
        role = draw(st.one_of(st.none(), st.sampled_from(LANE_ROLES)))  # None: the implied one
        lanes.append(lane if role is None else replace(lane, role=role))
    return tuple(lanes)


@st.composite
def many_lanes(draw: st.DrawFn) -> tuple[Lane, ...]:
    """Up to the most lanes a map may have (cheap: the keys are numbered, not drawn)."""
    count = draw(st.sampled_from([1, MAX_LANES - 1, MAX_LANES]))
    emotion_at = draw(st.one_of(st.none(), st.integers(0, count - 1)))
    return tuple(
        Lane(f"lane_{i}", f"Lane {i}", "emotion" if i == emotion_at else "text")
        for i in range(count)
    )


#: The marks one note may have: none, fail point and wait in any mix, one judgment at most.
mark_sets: st.SearchStrategy[tuple[MarkName, ...]] = st.tuples(
    st.sets(st.sampled_from(["fail", "wait"])),
    st.sampled_from([(), ("works",), ("needs_work",)]),
).map(lambda parts: ordered_marks([*parts[0], *parts[1]]))


@st.composite
def phases_for(
    draw: st.DrawFn,
    lanes: tuple[Lane, ...],
    scale: EmotionScale,
    max_notes: int = 3,
    blank_notes: bool = True,
    at_limits: bool = False,
    marks: bool = False,
) -> Phase:
    """A phase with notes only in the text lanes and an emotion within `scale` (or none).

    With `blank_notes` false, no note is blank (a file may hold blank notes; the
    editor never makes them). With `marks`, some notes carry marks."""
    text = any_text if at_limits else raw_text
    notes = text if blank_notes else note_text
    lists = st.lists(notes, max_size=max_notes).map(tuple)
    if at_limits:
        lists = st.one_of(lists, lists, lists, full_list)
    cells = {lane.key: draw(lists) for lane in lanes if lane.kind == "text"}
    stage = draw(st.one_of(st.none(), st.sampled_from(["Before", "During", "After"]), text))
    emotion = draw(st.one_of(st.none(), st.integers(scale.min, scale.max)))
    marked: dict[tuple[str, str], tuple[MarkName, ...]] = {}
    if marks:
        for key, notes_of_lane in cells.items():
            for note in notes_of_lane:
                if (key, clean_line(note)) not in marked:  # (two raw notes may clean alike)
                    marked[(key, clean_line(note))] = draw(mark_sets)
    return Phase(draw(text), stage, emotion, cells, marks=marked)


@st.composite
def mermaid_details(draw: st.DrawFn) -> MermaidDetails:
    """Details kept from a Mermaid diagram: accessible title, directives, front matter
    (never a line `---`) and section breaks (some past the map's last phase)."""
    themes = st.sampled_from(["forest", "dark", "neutral", "base", "x}%y"])
    directive = themes.map(lambda theme: "%%{init: {'theme': '" + theme + "'}}%%")
    front_lines = st.lists(raw_text.filter(lambda t: t.strip() != "---"), max_size=3)
    front_matter = front_lines.map(lambda lines: "\n".join(lines).replace("\n---", "\n-- -"))
    return MermaidDetails(
        acc_title=draw(raw_text),
        directives=tuple(draw(st.lists(directive, max_size=2))),
        front_matter=draw(front_matter.filter(lambda t: "---" not in t)),
        section_breaks=tuple(sorted(draw(st.sets(st.integers(2, 12), max_size=3)))),
    )


@st.composite
def maps(
    draw: st.DrawFn,
    max_phases: int = 6,
    max_lanes: int = 5,
    blank_notes: bool = True,
    at_limits: bool = False,
    marks: bool = False,
) -> JourneyMap:
    """A valid map: 1+ lanes, 1+ phases, emotions within a random scale or unrated.

    With `at_limits`, texts are now and then as long as a map allows, cells and
    persona lists as full, and the map may have the most lanes (`max_lanes` aside).
    """
    text = any_text if at_limits else raw_text
    scale = draw(scales())
    if at_limits:
        lanes = draw(st.one_of(lane_sets(max_lanes, text), many_lanes()))
    else:
        lanes = draw(lane_sets(max_lanes))
    phase = phases_for(lanes, scale, blank_notes=blank_notes, at_limits=at_limits, marks=marks)
    phases = draw(st.lists(phase, min_size=1, max_size=max_phases))
    return JourneyMap(
        title=draw(text),
        kind=draw(st.sampled_from(MAP_KINDS)),
        description=draw(st.one_of(st.none(), text)),
        persona=draw(st.one_of(st.none(), limit_personas if at_limits else personas)),
        scale=scale,
        lanes=lanes,
        phases=tuple(phases),
        tags=draw(st.dictionaries(tag_names, colours, max_size=3)),
        mermaid=draw(st.one_of(st.none(), mermaid_details())),
    )


phase_ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,31}", fullmatch=True)
voter_names = st.sampled_from(["ann", "bo", "Chloé Martin", "dev@ops", "李"])
file_references = st.sampled_from(["detail.toml", "sub/a map.toml", "../up/é.toml"])


@st.composite
def conflicts_for(draw: st.DrawFn, m: JourneyMap) -> Conflict:
    """A merge conflict `m` could hold: about a phase's score or notes, or the title."""
    phase = draw(st.sampled_from(m.phases))
    text_keys = [lane.key for lane in m.text_lanes]
    field = draw(st.sampled_from(["emotion", "title", "phase title"] + ["notes"] * bool(text_keys)))
    if field == "emotion":
        score = st.one_of(st.none(), st.integers(m.scale.min, m.scale.max))
        return Conflict(field, phase.id, None, draw(score), draw(score), draw(score))
    if field == "notes":
        notes = st.lists(raw_text, max_size=2).map(tuple)
        key = draw(st.sampled_from(text_keys))
        return Conflict(field, phase.id, key, draw(notes), draw(notes), draw(notes))
    where = phase.id if field == "phase title" else None
    return Conflict(field, where, None, draw(raw_text), draw(raw_text), draw(raw_text))


@st.composite
def team_maps(draw: st.DrawFn, max_phases: int = 6, max_lanes: int = 5) -> JourneyMap:
    """:func:`maps` with what a team's work adds: phase ids of its own, votes on notes,
    phases linked to other maps, a shared persona's file, and merge conflicts."""
    m = draw(maps(max_phases=max_phases, max_lanes=max_lanes))
    ids = draw(st.lists(phase_ids, min_size=len(m.phases), max_size=len(m.phases), unique=True))
    phases = []
    for phase, phase_id in zip(m.phases, ids, strict=True):
        votes = {
            (key, note): tuple(draw(st.lists(voter_names, min_size=1, max_size=3)))
            for key, notes in phase.cells.items()
            for note in notes
            if draw(st.booleans())
        }
        link = draw(st.one_of(st.none(), file_references))
        phases.append(replace(phase, id=phase_id, votes=votes, link=link))
    m = replace(m, phases=tuple(phases))
    persona_file = draw(st.one_of(st.none(), file_references)) if m.persona else None
    conflicts = tuple(draw(st.lists(conflicts_for(m), max_size=3)))
    return replace(m, persona_file=persona_file, conflicts=conflicts)
