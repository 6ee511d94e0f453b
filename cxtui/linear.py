"""The linear view: a map read phase by phase, for screen readers and speech.

No box drawing, no glyphs that stand for a value: every score is given in words
with its scale ("minus 2, on a scale from minus 2 to plus 2"), every stage says
which phases it covers, every ``#tag`` is read as "(tag pain)", a note's marks
come first in words ("[fail point, wait] Long queue"), and each lane of
a phase is a line of its own followed by its notes, one a line. The same pieces
build the plain-text view (`cxtui print --linear`), the Markdown one
(`cxtui export --to md --linear`), the editor's phase view and the summaries of
the emotion curve that the HTML and SVG exports give as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from cxtui.model import (
    MARK_LABELS,
    MARK_SYMBOLS,
    TAG_PATTERN,
    JourneyMap,
    MarkName,
    Phase,
    blueprint_line_labels,
    kind_name,
)
from cxtui.record import record

#: What a cell with no notes says.
NO_NOTES = "no notes"


def score_words(value: int | None) -> str:
    """A score in words: ``plus 1``, ``0``, ``minus 2``, ``not rated``."""
    if value is None:
        return "not rated"
    if value > 0:
        return f"plus {value}"
    return f"minus {-value}" if value < 0 else "0"


def scale_words(m: JourneyMap) -> str:
    """``on a scale from minus 2 to plus 2``."""
    return f"on a scale from {score_words(m.scale.min)} to {score_words(m.scale.max)}"


def scale_explained(m: JourneyMap) -> str:
    """What the emotion scores mean, in one sentence."""
    return (
        f"Emotion is scored {scale_words(m)}: {score_words(m.scale.min)} is the worst "
        f"the customer feels, {score_words(m.scale.max)} the best, 0 neutral."
        if m.scale.min < 0 < m.scale.max
        else f"Emotion is scored {scale_words(m)}: {score_words(m.scale.min)} is the worst "
        f"the customer feels, {score_words(m.scale.max)} the best."
    )


def tags_as_words(note: str) -> str:
    """`note` with each ``#tag`` read as ``(tag name)``."""
    return TAG_PATTERN.sub(lambda found: f"(tag {found.group(1)})", note)


def has_emotion(m: JourneyMap) -> bool:
    """Whether `m` shows an emotion curve: an emotion lane, or any phase rated."""
    return any(lane.kind == "emotion" for lane in m.lanes) or any(
        p.emotion is not None for p in m.phases
    )


def _phase_name(m: JourneyMap, index: int) -> str:
    title = m.phases[index].title.strip()
    return f"phase {index + 1} ({title})" if title else f"phase {index + 1}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@record
class CurveFacts:
    """The points of an emotion curve worth saying: its extremes and its biggest drop."""

    lowest: int | None
    lowest_at: tuple[int, ...]
    highest: int | None
    highest_at: tuple[int, ...]
    #: (from phase, to phase, points fallen) between two rated phases with none rated between.
    drop: tuple[int, int, int] | None


def curve_facts(m: JourneyMap) -> CurveFacts:
    """The extremes and the biggest fall of `m`'s emotion curve."""
    rated = [(i, p.emotion) for i, p in enumerate(m.phases) if p.emotion is not None]
    if not rated:
        return CurveFacts(None, (), None, (), None)
    low = min(v for _, v in rated)
    high = max(v for _, v in rated)
    drop: tuple[int, int, int] | None = None
    for (i, a), (j, b) in pairwise(rated):
        if a > b and (drop is None or a - b > drop[2]):
            drop = (i, j, a - b)
    return CurveFacts(
        low,
        tuple(i for i, v in rated if v == low),
        high,
        tuple(i for i, v in rated if v == high),
        drop,
    )


def curve_summary(m: JourneyMap) -> str:
    """The emotion curve in words: its lowest and highest points and its biggest drop."""
    facts = curve_facts(m)
    rated = sum(p.emotion is not None for p in m.phases)
    if facts.lowest is None or facts.highest is None:
        return "No phase has an emotion score yet."
    lowest = _join([_phase_name(m, i) for i in facts.lowest_at])
    highest = _join([_phase_name(m, i) for i in facts.highest_at])
    parts = [f"{rated} of {len(m.phases)} phases rated."]
    if facts.lowest == facts.highest:
        parts.append(f"Every rated phase scores {score_words(facts.lowest)}.")
    else:
        parts.append(f"Lowest point: {score_words(facts.lowest)}, at {lowest}.")
        parts.append(f"Highest point: {score_words(facts.highest)}, at {highest}.")
    if facts.drop is None:
        parts.append("The curve never falls.")
    else:
        i, j, fall = facts.drop
        before, after = m.phases[i].emotion, m.phases[j].emotion
        points = "point" if fall == 1 else "points"
        parts.append(
            f"Biggest drop: {fall} {points}, from {score_words(before)} at "
            f"{_phase_name(m, i)} to {score_words(after)} at {_phase_name(m, j)}."
        )
    return " ".join(parts)


def stage_words(m: JourneyMap, index: int) -> str | None:
    """``Stage: Purchase (phases 3 to 4)``, or None for a phase in no stage."""
    for stage, first, last in m.stages():
        if first <= index <= last and stage is not None:
            span = f"phase {first + 1}" if first == last else f"phases {first + 1} to {last + 1}"
            return f"Stage: {stage} ({span})"
    return None


def phase_heading(m: JourneyMap, index: int) -> str:
    """``Phase 4 of 6: Joins a waiting list``."""
    title = m.phases[index].title.strip() or "untitled"
    return f"Phase {index + 1} of {len(m.phases)}: {title}"


def emotion_words(m: JourneyMap, phase: Phase) -> str:
    """``Emotion: minus 2, on a scale from minus 2 to plus 2 (the lowest point)``."""
    if phase.emotion is None:
        return "Emotion: not rated"
    words = f"Emotion: {score_words(phase.emotion)}, {scale_words(m)}"
    facts = curve_facts(m)
    if facts.lowest != facts.highest:
        if phase.emotion == facts.lowest:
            words += " (the lowest point)"
        elif phase.emotion == facts.highest:
            words += " (the highest point)"
    return words


def phase_facts(m: JourneyMap, index: int) -> list[str]:
    """The sentences after a phase's heading: its stage and its emotion."""
    facts = []
    stage = stage_words(m, index)
    if stage:
        facts.append(stage + ".")
    if has_emotion(m):
        facts.append(emotion_words(m, m.phases[index]) + ".")
    return facts


def marked_words(note: str, marks: Sequence[MarkName], symbols: bool = False) -> str:
    """`note` after its marks in words, ``[fail point, wait] Long queue`` (with
    `symbols`, each word after its symbol: ``[✗ fail point, ◷ wait] Long queue``)."""
    if not marks:
        return note
    words = ", ".join(
        f"{MARK_SYMBOLS[name]} {MARK_LABELS[name]}" if symbols else MARK_LABELS[name]
        for name in marks
    )
    return f"[{words}] {note}"


def phase_lanes(m: JourneyMap, index: int, symbols: bool = False) -> list[tuple[str, list[str]]]:
    """Each text lane of a phase: (lane title, notes with their marks and tags as words;
    with `symbols`, the marks' symbols too)."""
    phase = m.phases[index]
    return [
        (
            lane.title.strip() or lane.key,
            [
                marked_words(tags_as_words(n), phase.marks_of(lane.key, n), symbols)
                for n in phase.notes(lane.key)
            ],
        )
        for lane in m.text_lanes
    ]


def blueprint_lines_by_key(m: JourneyMap) -> dict[str, str]:
    """The blueprint lines of `m` (:func:`blueprint_line_labels`) by the key of the lane
    each is drawn above."""
    return {m.lanes[i].key: label for i, label in blueprint_line_labels(m).items()}


def phase_lines(m: JourneyMap, index: int, symbols: bool = False) -> list[str]:
    """One phase as plain lines: the heading with its facts, then each lane and its notes
    (with `symbols`, marks show their symbols as well as their words)."""
    lines = [" ".join([phase_heading(m, index) + ".", *phase_facts(m, index)])]
    above = blueprint_lines_by_key(m)
    lanes = phase_lanes(m, index, symbols)
    for lane, (title, notes) in zip(m.text_lanes, lanes, strict=True):
        lines.append("")
        if lane.key in above:
            lines += [f"——— {above[lane.key]} ———", ""]
        if notes:
            lines.append(f"{title}:")
            lines += [f"  {note}" for note in notes]
        else:
            lines.append(f"{title}: {NO_NOTES}.")
    return lines


def header_lines(m: JourneyMap) -> list[str]:
    """The map's title, kind, description, persona and emotion summary as plain lines."""
    lanes = "lane" if len(m.text_lanes) == 1 else "lanes"
    phases = "phase" if len(m.phases) == 1 else "phases"
    lines = [
        m.title.strip() or "Untitled map",
        f"Kind: {kind_name(m.kind)}. {len(m.phases)} {phases}, "
        f"{len(m.text_lanes)} {lanes} of notes.",
    ]
    if m.description:
        lines += ["", *(line.strip() for line in m.description.strip().splitlines())]
    if m.persona is not None:
        p = m.persona
        who = p.name.strip() or "unnamed"
        lines += ["", f"Persona: {who}" + (f", {p.role}." if p.role else ".")]
        if p.quote:
            lines.append(f"Quote: “{p.quote}”")
        for label, items in (("Goals", p.goals), ("Needs", p.needs),
                             ("Frustrations", p.frustrations)):  # fmt: skip
            if items:
                lines.append(f"{label}: " + "; ".join(items) + ".")
    if has_emotion(m):
        lines += ["", scale_explained(m), curve_summary(m)]
    return lines


def dumps(m: JourneyMap) -> str:
    """The whole map as plain text, phase by phase."""
    lines = header_lines(m)
    for index in range(len(m.phases)):
        lines += ["", "", *phase_lines(m, index)]
    if not m.phases:
        lines += ["", "This map has no phases yet."]
    return "\n".join(lines) + "\n"
