"""What changed between two maps (say, the current state and the future state).

:func:`diff_maps` matches phases by their ids (so a renamed or moved phase is
followed, see docs/format.md) and lanes by key, and returns change records, empty
exactly when the maps are equal (apart from ids). Phases the ids do not pair (all
of them when the maps were made separately) are matched by title, then by place
and shared notes: :func:`match_phases` says which pairs it guessed.
:func:`format_diff` writes the records as plain text for a terminal or a pipe, or
as Markdown for a pull-request comment. Phases that did not change are left out.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from cxtui.model import (
    JourneyMap,
    Lane,
    MermaidDetails,
    Persona,
    Phase,
    implied_role,
    legacy_phase_id,
)
from cxtui.record import record

# -- change records ----------------------------------------------------------


@record
class FieldChanged:
    """A map-level value changed: title, kind, description, persona, scale, a tag or a
    detail kept from a Mermaid diagram."""

    field: str
    before: str
    after: str


@record
class ItemsChanged:
    """Items of a map-level list (a persona's goals, needs, frustrations) changed."""

    field: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    reordered: bool = False


@record
class LaneAdded:
    """A lane only the second map has."""

    lane: Lane
    index: int


@record
class LaneRemoved:
    """A lane only the first map has."""

    lane: Lane
    index: int


@record
class LaneChanged:
    """A lane (same key) whose title, kind or role changed."""

    key: str
    before: Lane
    after: Lane


@record
class LaneMoved:
    """A lane whose place among the other lanes changed."""

    lane: Lane
    before_index: int
    after_index: int


@record
class PhaseAdded:
    """A phase only the second map has."""

    phase: Phase
    index: int


@record
class PhaseRemoved:
    """A phase only the first map has."""

    phase: Phase
    index: int


@record
class PhaseMoved:
    """A phase whose place among the other phases changed."""

    title: str
    before_index: int
    after_index: int


@record
class PhaseRenamed:
    """A matched phase whose title changed; `guessed` when the maps' ids did not say so."""

    index: int
    before: str
    after: str
    guessed: bool = False


@record
class EmotionChanged:
    """A phase's emotion score changed (None: unrated)."""

    title: str
    index: int
    before: int | None
    after: int | None


@record
class StageChanged:
    """A phase's stage changed (None: no stage)."""

    title: str
    index: int
    before: str | None
    after: str | None


@record
class NotesChanged:
    """Notes added to or removed from one phase's lane (or only their order changed)."""

    title: str
    index: int
    lane_key: str
    lane_title: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    reordered: bool = False


@record
class VotesChanged:
    """Votes given to (or taken back from) one note of a phase."""

    title: str
    index: int
    lane_key: str
    note: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@record
class MarksChanged:
    """The marks of one note of a phase changed (fail point, wait, works, needs work)."""

    title: str
    index: int
    lane_key: str
    note: str
    before: tuple[str, ...]
    after: tuple[str, ...]


Change: TypeAlias = (
    FieldChanged
    | ItemsChanged
    | LaneAdded
    | LaneRemoved
    | LaneChanged
    | LaneMoved
    | PhaseAdded
    | PhaseRemoved
    | PhaseMoved
    | PhaseRenamed
    | EmotionChanged
    | StageChanged
    | NotesChanged
    | VotesChanged
    | MarksChanged
)

# -- comparing ---------------------------------------------------------------


def phase_key(title: str) -> str:
    """The form of a phase title that matching compares: trimmed, case-folded, spaces as one."""
    return " ".join(title.split()).casefold()


def _match(before: Sequence[str], after: Sequence[str]) -> dict[int, int]:
    """Pairs of indexes (before → after) of equal keys, the n-th occurrence with the n-th."""
    waiting: dict[str, list[int]] = {}
    for j, key in enumerate(after):
        waiting.setdefault(key, []).append(j)
    pairs: dict[int, int] = {}
    for i, key in enumerate(before):
        if waiting.get(key):
            pairs[i] = waiting[key].pop(0)
    return pairs


def _moved(pairs: dict[int, int]) -> set[int]:
    """The `before` indexes of pairs outside a longest run kept in order (the fewest moves)."""
    order = sorted(pairs)
    targets = [pairs[i] for i in order]
    tails: list[int] = []  # tails[k]: the index into `targets` ending a run of length k + 1
    tail_values: list[int] = []
    parent: list[int] = [-1] * len(targets)
    for n, value in enumerate(targets):
        k = bisect.bisect_left(tail_values, value)
        parent[n] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(n)
            tail_values.append(value)
        else:
            tails[k] = n
            tail_values[k] = value
    kept: set[int] = set()
    n = tails[-1] if tails else -1
    while n >= 0:
        kept.add(order[n])
        n = parent[n]
    return set(order) - kept


def _text(value: str | None, empty: str = "(none)") -> str:
    return empty if value is None or value == "" else value


def _map_fields(before: JourneyMap, after: JourneyMap) -> list[Change]:
    out: list[Change] = []
    for field, a, b in (
        ("title", before.title, after.title),
        ("kind", before.kind, after.kind),
        ("description", _text(before.description), _text(after.description)),
        (
            "emotion scale",
            f"{before.scale.min}..{before.scale.max}",
            f"{after.scale.min}..{after.scale.max}",
        ),
        (
            "blueprint lines",
            "drawn" if before.blueprint_lines else "not drawn",
            "drawn" if after.blueprint_lines else "not drawn",
        ),
    ):
        if a != b:
            out.append(FieldChanged(field, a, b))
    out += _persona(before.persona, after.persona)
    for tag in sorted(set(before.tags) | set(after.tags)):
        a_colour, b_colour = before.tags.get(tag), after.tags.get(tag)
        if a_colour != b_colour:
            out.append(FieldChanged(f"tag #{tag}", _text(a_colour), _text(b_colour)))
    out += _mermaid(before, after)
    if before.version != after.version:
        out.append(FieldChanged("format version", str(before.version), str(after.version)))
    return out


def _mermaid(before: JourneyMap, after: JourneyMap) -> list[Change]:
    """The changed Mermaid details: accessible title, directives, front matter, breaks."""
    a, b = before.mermaid or MermaidDetails(), after.mermaid or MermaidDetails()
    out: list[Change] = []
    for field, one, two in (
        ("mermaid accTitle", a.acc_title, b.acc_title),
        ("mermaid directives", "\n".join(a.directives), "\n".join(b.directives)),
        ("mermaid front matter", a.front_matter, b.front_matter),
        ("mermaid section breaks", _numbers(a.section_breaks), _numbers(b.section_breaks)),
    ):
        if one != two:
            out.append(FieldChanged(field, _text(one), _text(two)))
    return out


def _numbers(values: tuple[int, ...]) -> str:
    return ", ".join(map(str, values))


def _persona(before: Persona | None, after: Persona | None) -> list[Change]:
    if before == after:
        return []
    if before is None or after is None:
        out: list[Change] = [FieldChanged("persona", _who(before), _who(after))]
        before, after = before or Persona(), after or Persona()
        for field in ("role", "quote"):
            if getattr(before, field) != getattr(after, field):
                out.append(
                    FieldChanged(
                        f"persona {field}",
                        _text(getattr(before, field)),
                        _text(getattr(after, field)),
                    )
                )
        return out + _persona_lists(before, after)
    out = []
    for field in ("name", "role", "quote"):
        a, b = getattr(before, field), getattr(after, field)
        if a != b:
            out.append(FieldChanged(f"persona {field}", _text(a), _text(b)))
    return out + _persona_lists(before, after)


def _who(persona: Persona | None) -> str:
    if persona is None:
        return "(none)"
    return persona.name or "(unnamed)"


def _persona_lists(before: Persona, after: Persona) -> list[Change]:
    out: list[Change] = []
    for field in ("goals", "needs", "frustrations"):
        a, b = getattr(before, field), getattr(after, field)
        if a != b:
            added, removed, reordered = _items(a, b)
            out.append(ItemsChanged(f"persona {field}", added, removed, reordered))
    return out


def _items(
    before: Sequence[str], after: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """Items added and removed (duplicates counted), and whether only the order changed."""
    a, b = Counter(before), Counter(after)
    added = tuple(item for item in _each(after, b - a))
    removed = tuple(item for item in _each(before, a - b))
    reordered = not added and not removed and list(before) != list(after)
    return added, removed, reordered


def _each(items: Sequence[str], wanted: Counter[str]) -> list[str]:
    """The items of `wanted`, in the order they stand in `items`."""
    left = Counter(wanted)
    out: list[str] = []
    for item in items:
        if left[item] > 0:
            out.append(item)
            left[item] -= 1
    return out


def _lanes(before: JourneyMap, after: JourneyMap) -> list[Change]:
    out: list[Change] = []
    a_keys = [lane.key for lane in before.lanes]
    b_keys = [lane.key for lane in after.lanes]
    pairs = _match(a_keys, b_keys)
    matched_after = set(pairs.values())
    for i, lane in enumerate(before.lanes):
        if i not in pairs:
            out.append(LaneRemoved(lane, i))
    for j, lane in enumerate(after.lanes):
        if j not in matched_after:
            out.append(LaneAdded(lane, j))
    for i, j in sorted(pairs.items()):
        a, b = before.lanes[i], after.lanes[j]
        if a != b:
            out.append(LaneChanged(a.key, a, b))
    for i in sorted(_moved(pairs)):
        out.append(LaneMoved(after.lanes[pairs[i]], i, pairs[i]))
    return out


def _lane_titles(before: JourneyMap, after: JourneyMap) -> dict[str, str]:
    titles = {lane.key: lane.title for lane in before.lanes}
    titles.update({lane.key: lane.title for lane in after.lanes})
    return titles


@record
class PhaseMatch:
    """Which phase of one map is which of another: `pairs` (index before → index after),
    and the `guessed` pairs (indexes before) that no shared id vouches for."""

    pairs: dict[int, int]
    guessed: frozenset[int]
    shared_ids: bool


def _title_made(phase: Phase) -> bool:
    """Whether `phase`'s id is the one made from its title (it came from a map without
    ids), so that it says nothing about which phase it was before a rename."""
    return phase.id == legacy_phase_id(phase.title)


def match_phases(before: JourneyMap, after: JourneyMap) -> PhaseMatch:
    """Match the phases of `before` and `after`: by id first; the rest (all of them when
    the maps share no id) by title, then by place between matched phases and shared notes.
    Phases with ids of their own (not made from a title) in two maps that share ids are
    never guessed: that they differ means one was removed and another added."""
    after_by_id = {p.id: j for j, p in enumerate(after.phases)}
    pairs = {i: after_by_id[p.id] for i, p in enumerate(before.phases) if p.id in after_by_id}
    shared = bool(pairs)

    def may_guess(i: int, j: int) -> bool:
        return not shared or _title_made(before.phases[i]) or _title_made(after.phases[j])

    guessed: set[int] = set()
    left_a = [i for i in range(len(before.phases)) if i not in pairs]
    left_b = [j for j in range(len(after.phases)) if j not in set(pairs.values())]
    by_title = _match(
        [phase_key(before.phases[i].title) for i in left_a],
        [phase_key(after.phases[j].title) for j in left_b],
    )
    for a, b in by_title.items():
        i, j = left_a[a], left_b[b]
        if may_guess(i, j):
            pairs[i] = j
            guessed.add(i)
    for i, j in _by_place(before, after, pairs):
        if may_guess(i, j):
            pairs[i] = j
            guessed.add(i)
    return PhaseMatch(pairs, frozenset(guessed), shared)


def _by_place(
    before: JourneyMap, after: JourneyMap, pairs: dict[int, int]
) -> list[tuple[int, int]]:
    """Unmatched phases that stand in the same gap between matched ones, paired in order
    when the gap holds one on each side or when they share a note."""
    matched_b = set(pairs.values())

    def gaps(count: int, matched: set[int], place: dict[int, int]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        last = -1
        for k in range(count):
            if k in matched:
                last = place[k]
            else:
                out.setdefault(last, []).append(k)
        return out

    gaps_a = gaps(len(before.phases), set(pairs), pairs)
    gaps_b = gaps(len(after.phases), matched_b, {j: j for j in matched_b})
    found: list[tuple[int, int]] = []
    for gap, items_a in gaps_a.items():
        items_b = list(gaps_b.get(gap, []))
        if len(items_a) == 1 and len(items_b) == 1:
            found.append((items_a[0], items_b[0]))
            continue
        for i in items_a:
            notes_a = {n for ns in before.phases[i].cells.values() for n in ns}
            for j in items_b:
                if notes_a & {n for ns in after.phases[j].cells.values() for n in ns}:
                    found.append((i, j))
                    items_b.remove(j)
                    break
    return found


def _phases(before: JourneyMap, after: JourneyMap) -> list[Change]:
    out: list[Change] = []
    match = match_phases(before, after)
    pairs = match.pairs
    matched_after = set(pairs.values())
    for i, phase in enumerate(before.phases):
        if i not in pairs:
            out.append(PhaseRemoved(phase, i))
    for j, phase in enumerate(after.phases):
        if j not in matched_after:
            out.append(PhaseAdded(phase, j))
    for i in sorted(_moved(pairs), key=lambda i: pairs[i]):
        out.append(PhaseMoved(after.phases[pairs[i]].title, i, pairs[i]))
    a_text = {lane.key for lane in before.text_lanes}
    b_text = {lane.key for lane in after.text_lanes}
    keys = [lane.key for lane in after.lanes if lane.key in b_text]
    keys += [lane.key for lane in before.lanes if lane.key in a_text and lane.key not in keys]
    titles = _lane_titles(before, after)
    for i, j in sorted(pairs.items(), key=lambda pair: pair[1]):
        a, b = before.phases[i], after.phases[j]
        if a == b:
            continue
        if a.title != b.title:
            out.append(PhaseRenamed(j, a.title, b.title, i in match.guessed))
        if a.emotion != b.emotion:
            out.append(EmotionChanged(b.title, j, a.emotion, b.emotion))
        if a.stage != b.stage:
            out.append(StageChanged(b.title, j, a.stage, b.stage))
        for key in keys:
            old, new = a.notes(key), b.notes(key)
            if old != new:
                added, removed, reordered = _items(old, new)
                out.append(NotesChanged(b.title, j, key, titles[key], added, removed, reordered))
        for lane, note in sorted(set(a.votes) | set(b.votes)):
            old_v, new_v = set(a.voters(lane, note)), set(b.voters(lane, note))
            if old_v != new_v:
                out.append(
                    VotesChanged(
                        b.title,
                        j,
                        lane,
                        note,
                        tuple(sorted(new_v - old_v)),
                        tuple(sorted(old_v - new_v)),
                    )
                )
        for lane, note in sorted(set(a.marks) | set(b.marks)):
            old_m, new_m = a.marks_of(lane, note), b.marks_of(lane, note)
            if old_m != new_m:
                out.append(MarksChanged(b.title, j, lane, note, old_m, new_m))
    return out


def diff_maps(before: JourneyMap, after: JourneyMap) -> list[Change]:
    """Every difference from `before` to `after`; empty exactly when the maps are equal
    (apart from the ids of phases matched without them)."""
    if before == after:
        return []
    return [*_map_fields(before, after), *_lanes(before, after), *_phases(before, after)]


# -- writing -----------------------------------------------------------------


def format_score(value: int | None) -> str:
    """A score with its sign (``+1``, ``0``, ``-2``), or ``–`` when unrated."""
    if value is None:
        return "–"
    return f"{value:+d}" if value else "0"


def emotion_line(change: EmotionChanged) -> str:
    """``Purchase: -1 → +1 (+2)`` (no difference in brackets when one side is unrated)."""
    line = f"{change.title}: {format_score(change.before)} → {format_score(change.after)}"
    if change.before is not None and change.after is not None:
        line += f" ({format_score(change.after - change.before)})"
    return line


def _stage(value: str | None) -> str:
    return "(no stage)" if value is None else value


def _lane_label(lane: Lane) -> str:
    kind = " (emotion)" if lane.kind == "emotion" else ""
    role = f" (role {lane.role})" if lane.role != implied_role(lane.key, lane.kind) else ""
    return f"{lane.title} [{lane.key}]{kind}{role}"


@dataclass
class _Sections:
    """The changes sorted into what the formats show together."""

    fields: list[FieldChanged | ItemsChanged]
    lanes: list[LaneAdded | LaneRemoved | LaneChanged | LaneMoved]
    phases: list[PhaseAdded | PhaseRemoved | PhaseMoved | PhaseRenamed]
    emotions: list[EmotionChanged]
    details: dict[int, list[StageChanged | NotesChanged | VotesChanged | MarksChanged]]
    titles: dict[int, str]
    guessed: bool = False


def shares_phase_ids(before: JourneyMap, after: JourneyMap) -> bool:
    """Whether the maps have a phase id in common (else diff matched their phases by guess)."""
    return not {p.id for p in before.phases}.isdisjoint(p.id for p in after.phases)


def _sections(changes: Sequence[Change], before: JourneyMap, after: JourneyMap) -> _Sections:
    s = _Sections([], [], [], [], {}, {})
    s.guessed = not shares_phase_ids(before, after)
    for change in changes:
        if isinstance(change, FieldChanged | ItemsChanged):
            s.fields.append(change)
        elif isinstance(change, LaneAdded | LaneRemoved | LaneChanged | LaneMoved):
            s.lanes.append(change)
        elif isinstance(change, PhaseAdded | PhaseRemoved | PhaseMoved | PhaseRenamed):
            s.phases.append(change)
            s.guessed = s.guessed or (isinstance(change, PhaseRenamed) and change.guessed)
        elif isinstance(change, EmotionChanged):
            s.emotions.append(change)
        else:
            s.details.setdefault(change.index, []).append(change)
            s.titles[change.index] = after.phases[change.index].title
    return s


def _field_text(change: FieldChanged | ItemsChanged) -> list[str]:
    if isinstance(change, ItemsChanged):
        lines = [f"{change.field}:"]
        lines += [f"  + {item}" for item in change.added]
        lines += [f"  - {item}" for item in change.removed]
        if change.reordered:
            lines.append("  (same items, new order)")
        return lines
    if "\n" in change.before or "\n" in change.after:
        lines = [f"{change.field}:"]
        lines += [f"  - {line}" for line in change.before.splitlines()]
        lines += [f"  + {line}" for line in change.after.splitlines()]
        return lines
    return [f"{change.field}: {change.before} → {change.after}"]


def _lane_words(change: LaneAdded | LaneRemoved | LaneChanged | LaneMoved) -> tuple[str, str]:
    """What happened to a lane (added, removed, changed, moved) and the rest of the line."""
    if isinstance(change, LaneAdded):
        return "added", f"{_lane_label(change.lane)} (at {change.index + 1})"
    if isinstance(change, LaneRemoved):
        return "removed", f"{_lane_label(change.lane)} (was {change.index + 1})"
    if isinstance(change, LaneChanged):
        return "changed", f"{_lane_label(change.before)} → {_lane_label(change.after)}"
    where = f"{change.before_index + 1} → {change.after_index + 1}"
    return "moved", f"{_lane_label(change.lane)} {where}"


def _phase_words(
    change: PhaseAdded | PhaseRemoved | PhaseMoved | PhaseRenamed,
) -> tuple[str, str, str]:
    """What happened to a phase, its title, and the rest of the line."""
    if isinstance(change, PhaseRenamed):
        guess = ", guessed" if change.guessed else ""
        return "renamed", change.before, f"→ {change.after} (at {change.index + 1}{guess})"
    if isinstance(change, PhaseAdded):
        p = change.phase
        info = f"at {change.index + 1}, stage {_stage(p.stage)}, emotion {format_score(p.emotion)}"
        return "added", p.title, f"({info})"
    if isinstance(change, PhaseRemoved):
        return "removed", change.phase.title, f"(was {change.index + 1})"
    return "moved", change.title, f"{change.before_index + 1} → {change.after_index + 1}"


_MARKS = {"added": "+", "removed": "-", "changed": "~", "moved": "~", "renamed": "~"}


def _added_notes(
    change: PhaseAdded | PhaseRemoved | PhaseMoved | PhaseRenamed,
) -> list[tuple[str, str]]:
    if not isinstance(change, PhaseAdded):
        return []
    return [(key, note) for key, notes in change.phase.cells.items() for note in notes]


def _detail_text(
    change: StageChanged | NotesChanged | VotesChanged | MarksChanged,
) -> list[str]:
    if isinstance(change, MarksChanged):
        before = ", ".join(change.before) or "none"
        after = ", ".join(change.after) or "none"
        return [f"  marks on {change.note!r}: {before} → {after}"]
    if isinstance(change, VotesChanged):
        who = [f"+{v}" for v in change.added] + [f"-{v}" for v in change.removed]
        return [f"  votes for {change.note!r}: {' '.join(who)}"]
    if isinstance(change, StageChanged):
        return [f"  stage: {_stage(change.before)} → {_stage(change.after)}"]
    lines = [f"  {change.lane_title or change.lane_key}:"]
    lines += [f"    + {note}" for note in change.added]
    lines += [f"    - {note}" for note in change.removed]
    if change.reordered:
        lines.append("    (same notes, new order)")
    return lines


_GUESSED = (
    "(guessed: some phases were matched by title, place and notes, as the maps share "
    "no id for them)"
)


def _as_text(s: _Sections, name_a: str, name_b: str) -> str:
    blocks: list[list[str]] = [[f"--- {name_a}", f"+++ {name_b}"]]
    if s.guessed:
        blocks[0].append(_GUESSED)
    if s.fields:
        blocks.append(["Map", *(f"  {line}" for c in s.fields for line in _field_text(c))])
    if s.lanes:
        lines = ["Lanes"]
        for lane_change in s.lanes:
            verb, rest = _lane_words(lane_change)
            lines.append(f"  {_MARKS[verb]} {rest}" if verb != "moved" else f"  ~ moved {rest}")
        blocks.append(lines)
    if s.phases:
        lines = ["Phases"]
        for phase_change in s.phases:
            verb, title, rest = _phase_words(phase_change)
            middle = f" {verb} " if verb in ("moved", "renamed") else " "
            lines.append(f"  {_MARKS[verb]} {title}{middle}{rest}")
            lines += [f"      [{key}] {note}" for key, note in _added_notes(phase_change)]
        blocks.append(lines)
    if s.emotions:
        blocks.append(["Emotion", *(f"  {emotion_line(c)}" for c in s.emotions)])
    for index in sorted(s.details):
        lines = [f"Phase {index + 1}: {s.titles[index]}"]
        for detail in s.details[index]:
            lines += _detail_text(detail)
        blocks.append(lines)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _as_markdown(s: _Sections, name_a: str, name_b: str) -> str:
    from cxtui.interchange.markdown import fence, md_inline

    def code(text: str) -> str:
        return f"`{text.replace('`', '')}`"

    out = [f"## Journey map changes: {code(name_a)} → {code(name_b)}", ""]
    if s.guessed:
        out += [f"_{_GUESSED}_", ""]
    if s.fields:
        out += ["### Map", ""]
        for change in s.fields:
            lines = _field_text(change)
            out.append(f"- {md_inline(lines[0])}")
            for line in lines[1:]:
                mark, _, text = line.strip().partition(" ")
                word = {"+": "added", "-": "removed"}.get(mark)
                out.append(f"  - {word}: {md_inline(text)}" if word else f"  - {md_inline(line)}")
        out.append("")
    if s.lanes:
        out += ["### Lanes", ""]
        for lane_change in s.lanes:
            verb, rest = _lane_words(lane_change)
            out.append(f"- {verb}: {md_inline(rest)}")
        out.append("")
    if s.phases:
        out += ["### Phases", ""]
        for phase_change in s.phases:
            verb, title, rest = _phase_words(phase_change)
            out.append(f"- {verb}: **{md_inline(title)}** {md_inline(rest)}")
            out += [
                f"  - {md_inline(f'[{key}] {note}')}" for key, note in _added_notes(phase_change)
            ]
        out.append("")
    if s.emotions:
        out += ["### Emotion", ""]
        out += [f"- {md_inline(emotion_line(c))}" for c in s.emotions]
        out.append("")
    for index in sorted(s.details):
        out += [f"### Phase {index + 1}: {md_inline(s.titles[index])}", ""]
        notes: list[str] = []
        for detail in s.details[index]:
            if isinstance(detail, NotesChanged):
                notes.append(f"  {detail.lane_title or detail.lane_key}")
                notes += [f"+ {note}" for note in detail.added]
                notes += [f"- {note}" for note in detail.removed]
                if detail.reordered:
                    notes.append("  (same notes, new order)")
            else:
                out.append(f"- {md_inline(_detail_text(detail)[0].strip())}")
        if notes:
            if out[-1] != "":
                out.append("")
            out.append(fence("\n".join(notes), "diff").rstrip("\n"))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def format_diff(
    changes: Sequence[Change],
    before: JourneyMap,
    after: JourneyMap,
    fmt: str = "text",
    name_a: str = "a",
    name_b: str = "b",
) -> str:
    """`changes` as plain text (``fmt="text"``) or Markdown (``"md"``); empty when none."""
    if not changes:
        return ""
    sections = _sections(changes, before, after)
    if fmt == "md":
        return _as_markdown(sections, name_a, name_b)
    if fmt != "text":
        raise ValueError(f"unknown diff format {fmt!r}")
    return _as_text(sections, name_a, name_b)


def change_counts(before: JourneyMap | None, after: JourneyMap | None) -> str:
    """``2 phases, 5 notes changed`` from `before` to `after` (None: no map)."""
    if after is None:
        return "map deleted or not valid"
    if before is None:
        notes = sum(len(v) for p in after.phases for v in p.cells.values())
        return f"new: {_plural(len(after.phases), 'phase')}, {_plural(notes, 'note')}"
    phases: set[tuple[str, int]] = set()
    notes = 0
    for change in diff_maps(before, after):
        if isinstance(change, PhaseAdded | PhaseRemoved):
            phases.add((type(change).__name__, change.index))
            notes += sum(len(v) for v in change.phase.cells.values())
        elif isinstance(change, PhaseMoved):
            phases.add(("", change.after_index))
        elif isinstance(change, PhaseRenamed | EmotionChanged | StageChanged):
            phases.add(("", change.index))
        elif isinstance(change, NotesChanged):
            phases.add(("", change.index))
            notes += len(change.added) + len(change.removed)
    return f"{_plural(len(phases), 'phase')}, {_plural(notes, 'note')} changed"


def _plural(count: int, word: str) -> str:
    """``1 phase``, ``2 phases``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
