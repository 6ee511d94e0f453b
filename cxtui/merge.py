"""Three-way merge of journey maps, through the model (pure Python).

:func:`merge_maps` takes the map both sides started from (`base`, None when they
share none) and the two changed maps (`ours`, `theirs`), matches phases by id and
lanes by key, and merges field by field: changes to different phases, lanes or
cells are all kept; notes added to one cell on both sides are both kept (ours
first); a phase renamed or moved on one side and edited on the other is both. A
change made two ways (the same score set to two values, one note rewritten two
ways, a phase deleted on one side and edited on the other) is a :class:`Conflict`:
the merged map holds our side and records both, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any, TypeVar

from cxtui.model import (
    JUDGMENTS,
    Conflict,
    ConflictValue,
    EmotionScale,
    JourneyMap,
    Lane,
    MarkName,
    Persona,
    Phase,
    implied_role,
    ordered_marks,
)

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

_MISSING: object = object()


@dataclass
class _Merge:
    """The conflicts found while merging."""

    conflicts: list[Conflict] = field(default_factory=list)

    def pick(
        self,
        base: T | object,
        ours: T,
        theirs: T,
        name: str,
        *,
        phase: str | None = None,
        key: str | None = None,
        show: Callable[[T], ConflictValue] | None = None,
    ) -> T:
        """The merged value of one field: the side that changed it, or ours (and a
        conflict) when both changed it differently."""
        if ours == theirs or base == theirs:
            return ours
        if base == ours:
            return theirs
        as_value = show or _plain
        self.conflicts.append(
            Conflict(
                name,
                phase,
                key,
                None if base is _MISSING else as_value(base),  # type: ignore[arg-type]
                as_value(ours),
                as_value(theirs),
            )
        )
        return ours


def _plain(value: object) -> ConflictValue:
    if value is None or isinstance(value, str | int | tuple):
        return value
    return str(value)


# -- lists: notes, persona lists ------------------------------------------------

_Hunk = tuple[int, int, tuple[str, ...], int]  # base start, base end, replacement, side


def _hunks(base: Sequence[str], side: Sequence[str], who: int) -> list[_Hunk]:
    matcher = SequenceMatcher(None, base, side, autojunk=False)
    return [
        (i1, i2, tuple(side[j1:j2]), who)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _overlap(a: _Hunk, b: _Hunk) -> bool:
    if a[3] == b[3]:
        return False
    a1, a2, b1, b2 = a[0], a[1], b[0], b[1]
    if a1 == a2 and b1 == b2:
        return a1 == b1
    if a1 == a2:
        return b1 < a1 < b2
    if b1 == b2:
        return a1 < b1 < a2
    return a1 < b2 and b1 < a2


def _apply(base: Sequence[str], start: int, end: int, hunks: list[_Hunk]) -> tuple[str, ...]:
    out: list[str] = []
    pos = start
    for h in sorted(hunks, key=lambda h: (h[0], h[1])):
        out += base[pos : h[0]]
        out += h[2]
        pos = h[1]
    out += base[pos:end]
    return tuple(out)


def merge_lists(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """Merge two changed lists of one base (diff3): the merged list with our side of
    any clash, and (when something clashed) the list with their side instead.

    Items added at one place on both sides are both kept, ours first."""
    if ours == theirs or tuple(base) == tuple(theirs):
        return tuple(ours), None
    if tuple(base) == tuple(ours):
        return tuple(theirs), None
    hunks = _hunks(base, ours, 0) + _hunks(base, theirs, 1)
    hunks.sort(key=lambda h: (h[0], h[1], h[3]))
    groups: list[list[_Hunk]] = []
    for h in hunks:
        for group in groups:
            if any(_overlap(h, g) for g in group):
                group.append(h)
                break
        else:
            groups.append([h])
    # (one pass suffices: hunks of a side never overlap, and a group's members are
    # sorted; a hunk joining two groups would have to overlap both, which sorted
    # non-overlapping hunks of the other side cannot)
    merged_ours: list[str] = []
    merged_theirs: list[str] = []
    clashed = False
    pos = 0
    for group in sorted(groups, key=lambda g: (min(h[0] for h in g), max(h[1] for h in g))):
        start, end = min(h[0] for h in group), max(h[1] for h in group)
        side_o = [h for h in group if h[3] == 0]
        side_t = [h for h in group if h[3] == 1]
        merged_ours += base[pos:start]
        merged_theirs += base[pos:start]
        mine = _apply(base, start, end, side_o)
        other = _apply(base, start, end, side_t)
        if not side_o or not side_t or mine == other:
            version_o = version_t = mine if side_o else other
        elif start == end:  # both added at one place: keep both, ours first
            version_o = version_t = mine + other
        else:
            version_o, version_t = mine, other
            clashed = True
        merged_ours += version_o
        merged_theirs += version_t
        pos = end
    merged_ours += base[pos:]
    merged_theirs += base[pos:]
    return tuple(merged_ours), tuple(merged_theirs) if clashed else None


# -- order ----------------------------------------------------------------------


def _merge_order(
    merge: _Merge,
    base: Sequence[K],
    ours: Sequence[K],
    theirs: Sequence[K],
    keep: set[K],
    name: str,
) -> list[K]:
    """The order of the kept items: the common ones as the side that reordered them has
    them (ours, and a conflict, if both did), each added one after its neighbour."""
    in_all = set(base) & set(ours) & set(theirs) & keep
    b = [x for x in base if x in in_all]
    o = [x for x in ours if x in in_all]
    t = [x for x in theirs if x in in_all]
    if o == b:
        order = t
    else:
        order = o
        if t not in (b, o):
            merge.conflicts.append(
                Conflict(name, None, None, None, tuple(map(str, o)), tuple(map(str, t)))
            )
    order = list(order)
    placed = set(order)
    settled = set(order)  # the common items (added ones in a gap are skipped past)
    for side in (base, ours, theirs):  # (base first: kept items one side deleted)
        for n, item in enumerate(side):
            if item in placed or item not in keep:
                continue
            before = next((p for p in reversed(side[:n]) if p in placed), None)
            at = 0 if before is None else order.index(before) + 1
            while at < len(order) and order[at] not in settled and order[at] not in side:
                at += 1
            order.insert(at, item)
            placed.add(item)
    return order


# -- the map ---------------------------------------------------------------------


def _persona(merge: _Merge, base: Persona, ours: Persona, theirs: Persona) -> Persona:
    values: dict[str, object] = {}
    for name in ("name", "role", "quote"):
        values[name] = merge.pick(
            getattr(base, name), getattr(ours, name), getattr(theirs, name), f"persona {name}"
        )
    for name in ("goals", "needs", "frustrations"):
        merged, other = merge_lists(getattr(base, name), getattr(ours, name), getattr(theirs, name))
        if other is not None:
            merge.conflicts.append(
                Conflict(f"persona {name}", None, None, getattr(base, name), merged, other)
            )
        values[name] = merged
    return Persona(**values)  # type: ignore[arg-type]


def _scale_text(scale: EmotionScale) -> str:
    return f"{scale.min}..{scale.max}"


def _one_sided(
    name: str,
    phase: str | None,
    key: str | None,
    base_title: str,
    ours: Phase | Lane | None,
    theirs: Phase | Lane | None,
) -> Conflict:
    """The conflict of a phase or lane deleted on one side and kept on the other."""
    return Conflict(
        name,
        phase,
        key,
        base_title,
        ours.title if ours is not None else None,
        theirs.title if theirs is not None else None,
    )


def _lanes(
    merge: _Merge, base: JourneyMap | None, ours: JourneyMap, theirs: JourneyMap
) -> tuple[list[Lane], dict[str, JourneyMap]]:
    """The merged lanes, and the lanes kept from one side only (deleted on the other,
    changed on this one) with the side whose notes they keep."""
    b = {lane.key: lane for lane in base.lanes} if base else {}
    o = {lane.key: lane for lane in ours.lanes}
    t = {lane.key: lane for lane in theirs.lanes}

    def notes(m: JourneyMap | None, key: str) -> object:
        return None if m is None else {p.id: p.notes(key) for p in m.phases}

    kept: dict[str, Lane] = {}
    one_sided: dict[str, JourneyMap] = {}
    for key in [*o, *(k for k in t if k not in o), *(k for k in b if k not in o and k not in t)]:
        lane_b, lane_o, lane_t = b.get(key), o.get(key), t.get(key)
        if lane_o is None and lane_t is None:
            continue
        if lane_o is None or lane_t is None:
            present = lane_o or lane_t
            assert present is not None
            if lane_b is None:
                kept[key] = present  # added on one side
                continue
            other = ours if lane_o is not None else theirs
            if present == lane_b and notes(other, key) == notes(base, key):
                continue  # deleted on one side, untouched on the other
            merge.conflicts.append(
                Conflict(
                    "lane",
                    None,
                    key,
                    lane_b.title,
                    lane_o.title if lane_o else None,
                    lane_t.title if lane_t else None,
                )
            )
            kept[key] = present
            one_sided[key] = ours if lane_o is not None else theirs
            continue
        base_title: object = lane_b.title if lane_b else _MISSING
        base_kind: object = lane_b.kind if lane_b else _MISSING
        title = merge.pick(base_title, lane_o.title, lane_t.title, "lane title", key=key)
        kind = merge.pick(base_kind, lane_o.kind, lane_t.kind, "lane kind", key=key)
        base_role: object = lane_b.role if lane_b else _MISSING
        role = changed_side(base_role, lane_o.role, lane_t.role)
        # (a lane whose kind the merge changed takes the role that kind implies)
        kept[key] = Lane(key, title, kind, role if kind == lane_o.kind else implied_role(key, kind))
    if not kept:  # each side deleted the lanes the other kept: a map keeps one at least
        for key, lane_b in b.items():
            if key in o or key in t:
                merge.conflicts.append(
                    _one_sided("lane", None, key, lane_b.title, o.get(key), t.get(key))
                )
                kept[key] = o.get(key) or t[key]
                one_sided[key] = ours if key in o else theirs
    emotion = [k for k, lane in kept.items() if lane.kind == "emotion"]
    for key in emotion[1:]:  # two sides made two emotion lanes: the second stays text
        merge.conflicts.append(Conflict("lane kind", None, key, None, "text", "emotion"))
        kept[key] = replace(kept[key], kind="text")
    order = _merge_order(
        merge,
        [lane.key for lane in base.lanes] if base else [],
        [lane.key for lane in ours.lanes],
        [lane.key for lane in theirs.lanes],
        set(kept),
        "lane order",
    )
    return [kept[key] for key in order], one_sided


def _phase(
    merge: _Merge,
    base: Phase | None,
    ours: Phase,
    theirs: Phase,
    text_keys: list[str],
    scale: EmotionScale,
    one_sided: Mapping[str, Phase] | None = None,
) -> Phase:
    pid = ours.id
    title = merge.pick(
        base.title if base else _MISSING, ours.title, theirs.title, "phase title", phase=pid
    )
    stage = merge.pick(
        base.stage if base else _MISSING, ours.stage, theirs.stage, "stage", phase=pid
    )
    emotion = merge.pick(
        base.emotion if base else _MISSING, ours.emotion, theirs.emotion, "emotion", phase=pid
    )
    cells: dict[str, tuple[str, ...]] = {}
    for key in text_keys:
        if one_sided and key in one_sided:  # a lane only one side kept: its notes
            cells[key] = one_sided[key].notes(key)
            continue
        start = base.notes(key) if base else ()
        merged, other = merge_lists(start, ours.notes(key), theirs.notes(key))
        if other is not None:
            merge.conflicts.append(Conflict("notes", pid, key, start, merged, other))
        cells[key] = merged
    if emotion is not None:
        emotion = scale.clamp(emotion)
    # (a vote belongs to a note: none is kept for a note the merge left out of its cell)
    votes = {
        (lane, note): voters
        for (lane, note), voters in _votes(base, ours, theirs).items()
        if note in cells.get(lane, ())
    }
    marks = {
        (lane, note): names
        for (lane, note), names in _marks(base, ours, theirs).items()
        if note in cells.get(lane, ())
    }
    return Phase(title, stage, emotion, cells, pid, votes, marks=marks)


def _marks(
    base: Phase | None, ours: Phase, theirs: Phase
) -> dict[tuple[str, str], tuple[MarkName, ...]]:
    """Marks merged note by note as sets, like votes: each mark set or taken back on
    either side counts, so no side's mark is lost. When the two sides judged one
    touchpoint differently (works, needs work), it needs work: the cautious reading, the
    same whichever side is ours."""
    merged: dict[tuple[str, str], tuple[MarkName, ...]] = {}
    for key in {*ours.marks, *theirs.marks, *(base.marks if base else ())}:
        start = set(base.marks.get(key, ()) if base else ())
        mine, other = set(ours.marks.get(key, ())), set(theirs.marks.get(key, ()))
        names = (mine & other) | (mine - start) | (other - start)
        if set(JUDGMENTS) <= names:
            names.discard("works")
        if names:
            merged[key] = ordered_marks(names)
    return merged


def _votes(
    base: Phase | None, ours: Phase, theirs: Phase
) -> dict[tuple[str, str], tuple[str, ...]]:
    """Votes merged as sets: each vote given or taken back on either side counts, so
    votes by two people never conflict."""

    def flat(p: Phase | None) -> set[tuple[str, str, str]]:
        if p is None:
            return set()
        return {(lane, note, v) for (lane, note), vs in p.votes.items() for v in vs}

    b, o, t = flat(base), flat(ours), flat(theirs)
    merged: dict[tuple[str, str], list[str]] = {}
    for lane, note, voter in sorted((o & t) | (o - b) | (t - b)):
        merged.setdefault((lane, note), []).append(voter)
    return {key: tuple(voters) for key, voters in merged.items()}


def _same_phase(a: Phase, b: Phase, text_keys: list[str]) -> bool:
    same = (a.title, a.stage, a.emotion, a.votes, a.marks) == (
        b.title, b.stage, b.emotion, b.votes, b.marks,
    )  # fmt: skip
    return same and all(a.notes(k) == b.notes(k) for k in text_keys)


def _phases(
    merge: _Merge,
    base: JourneyMap | None,
    ours: JourneyMap,
    theirs: JourneyMap,
    lanes: list[Lane],
    scale: EmotionScale,
    lane_sides: dict[str, JourneyMap],
) -> list[Phase]:
    text_keys = [lane.key for lane in lanes if lane.kind == "text"]
    b = {p.id: p for p in base.phases} if base else {}
    o = {p.id: p for p in ours.phases}
    t = {p.id: p for p in theirs.phases}
    kept: dict[str, Phase] = {}
    for pid in [*o, *(i for i in t if i not in o)]:
        p_b, p_o, p_t = b.get(pid), o.get(pid), t.get(pid)
        if p_o is not None and p_t is not None:
            sides = {k: (p_o if m is ours else p_t) for k, m in lane_sides.items()}
            kept[pid] = _phase(merge, p_b, p_o, p_t, text_keys, scale, sides)
            continue
        present = p_o or p_t
        assert present is not None
        if p_b is None:  # added on one side
            kept[pid] = _phase(merge, None, present, present, text_keys, scale)
        elif not _same_phase(present, p_b, text_keys):  # deleted there, edited here
            merge.conflicts.append(_one_sided("phase", pid, None, p_b.title, p_o, p_t))
            kept[pid] = _phase(merge, present, present, present, text_keys, scale)
    if not kept:  # each side deleted the phases the other kept: a map keeps one at least
        for pid, p_b in b.items():
            present = o.get(pid) or t.get(pid)
            if present is not None:
                merge.conflicts.append(
                    _one_sided("phase", pid, None, p_b.title, o.get(pid), t.get(pid))
                )
                kept[pid] = _phase(merge, present, present, present, text_keys, scale)
    order = _merge_order(
        merge,
        [p.id for p in base.phases] if base else [],
        [p.id for p in ours.phases],
        [p.id for p in theirs.phases],
        set(kept),
        "phase order",
    )
    return [kept[pid] for pid in order]


def merge_maps(base: JourneyMap | None, ours: JourneyMap, theirs: JourneyMap) -> JourneyMap:
    """Merge `ours` and `theirs`, both changed from `base` (None: no common ancestor).

    The result's `conflicts` lists every change made two ways (empty when the merge is
    clean); the conflicts the sides already had are kept, each once."""
    merge = _Merge()

    def base_of(name: str) -> object:
        return getattr(base, name) if base is not None else _MISSING

    title = merge.pick(base_of("title"), ours.title, theirs.title, "title")
    kind = merge.pick(base_of("kind"), ours.kind, theirs.kind, "kind")
    description = merge.pick(
        base_of("description"), ours.description, theirs.description, "description"
    )
    persona = _persona(
        merge,
        (base.persona if base else None) or Persona(),
        ours.persona or Persona(),
        theirs.persona or Persona(),
    )
    scale = merge.pick(
        base_of("scale"), ours.scale, theirs.scale, "emotion scale", show=_scale_text
    )
    tags: dict[str, str] = {}
    base_tags = base.tags if base else {}
    for tag in [*ours.tags, *(t for t in theirs.tags if t not in ours.tags)] + [
        t for t in base_tags if t not in ours.tags and t not in theirs.tags
    ]:
        colour = merge.pick(
            base_tags.get(tag), ours.tags.get(tag), theirs.tags.get(tag), "tag", key=tag
        )
        if colour is not None:
            tags[tag] = colour
    mermaid = changed_side(base_of("mermaid"), ours.mermaid, theirs.mermaid)
    blueprint_lines = changed_side(
        base_of("blueprint_lines"), ours.blueprint_lines, theirs.blueprint_lines
    )
    lanes, lane_sides = _lanes(merge, base, ours, theirs)
    phases = _phases(merge, base, ours, theirs, lanes, scale, lane_sides)
    known = set(base.conflicts) if base else set()
    carried = list(ours.conflicts) + [
        c for c in theirs.conflicts if c not in known and c not in ours.conflicts
    ]
    return JourneyMap(
        title=title,
        kind=kind,
        description=description,
        persona=persona,
        blueprint_lines=bool(blueprint_lines),
        scale=scale,
        lanes=tuple(lanes),
        phases=tuple(phases),
        tags=tags,
        mermaid=mermaid,
        conflicts=tuple(carried + merge.conflicts),
    )


def changed_side(base: T | object, ours: T, theirs: T) -> T:
    """The side that changed a detail no conflict is recorded for (a lane's role, the
    Mermaid details): theirs if only they changed it, else ours."""
    return theirs if base == ours and ours != theirs else ours


# -- words -----------------------------------------------------------------------


def _show(value: ConflictValue, *, deleted: str = "(none)") -> str:
    if value is None:
        return deleted
    if isinstance(value, tuple):
        return "[" + ", ".join(repr(v) for v in value) + "]"
    if isinstance(value, str):
        return repr(value)
    return f"{value:+d}" if value else "0"


def describe_conflict(m: JourneyMap, conflict: Conflict) -> str:
    """What a conflict is about and its two sides, in one line."""
    where = conflict.field
    if conflict.phase is not None:
        title = next((p.title for p in m.phases if p.id == conflict.phase), None)
        name = f"phase {title!r} ({conflict.phase})" if title is not None else conflict.phase
        where = f"{name} {conflict.field}".replace(" phase title", " title")
        if conflict.field == "phase":
            where = name
    if conflict.key is not None:
        where += f" [{conflict.key}]"
    none = "unrated" if conflict.field == "emotion" else "(none)"
    gone = "deleted it" if conflict.field in ("phase", "lane") else none
    ours = _show(conflict.ours, deleted=gone)
    theirs = _show(conflict.theirs, deleted=gone)
    was = _show(conflict.base, deleted=none)
    return (
        f"{where}: ours {ours}, theirs {theirs} (was {was}); keep one side, then delete "
        "this [[conflicts]] table"
    )


# -- resolving -------------------------------------------------------------------

#: How a conflict can be settled: keep our side (what the map holds), take theirs, or
#: (notes only) keep both.
Side = str


def sides_of(conflict: Conflict) -> tuple[Side, ...]:
    """The ways `conflict` can be settled."""
    return ("ours", "theirs", "both") if conflict.field == "notes" else ("ours", "theirs")


def resolve_conflict(m: JourneyMap, index: int, side: Side) -> JourneyMap:
    """`m` with conflict `index` settled as `side` ("ours", "theirs" or, for notes,
    "both") and its record gone. Raises ModelError if that side no longer fits the map
    (a phase or lane it names is gone)."""
    from cxtui.model import ModelError

    conflict = m.conflicts[index]
    if side not in sides_of(conflict):
        raise ModelError(f"a {conflict.field} conflict cannot be settled as {side!r}")
    rest = m.conflicts[:index] + m.conflicts[index + 1 :]
    if side == "ours":
        return replace(m, conflicts=rest)
    value = conflict.theirs
    if side == "both":
        ours = list(conflict.ours) if isinstance(conflict.ours, tuple) else []
        extra = list(conflict.theirs) if isinstance(conflict.theirs, tuple) else []
        for note in ours:
            if note in extra:
                extra.remove(note)
        value = (*ours, *extra)
    return replace(_take(m, conflict, value), conflicts=rest)


def _take(m: JourneyMap, c: Conflict, value: ConflictValue) -> JourneyMap:
    """`m` with the field of `c` set to `value`."""
    from cxtui.model import ModelError

    text = value if isinstance(value, str) else None
    items = value if isinstance(value, tuple) else ()
    field = c.field
    if field in ("title", "kind", "description"):
        changes: dict[str, Any] = {field: value if field == "description" else text or ""}
        return replace(m, **changes)
    if field == "emotion scale":
        low, _, high = (text or "").partition("..")
        scale = EmotionScale(int(low), int(high))
        phases = tuple(
            p if p.emotion is None else replace(p, emotion=scale.clamp(p.emotion)) for p in m.phases
        )
        return replace(m, scale=scale, phases=phases)
    if field == "tag":
        tags = {k: v for k, v in m.tags.items() if k != c.key}
        if text:
            tags[c.key or ""] = text
        return replace(m, tags=tags)
    if field.startswith("persona "):
        name = field.removeprefix("persona ")
        persona = m.persona or Persona()
        persona_changes: dict[str, Any] = {name: items if name in _LISTS else text or ""}
        return replace(m, persona=replace(persona, **persona_changes))
    if field in ("lane", "lane title", "lane kind"):
        lanes = list(m.lanes)
        at = next((i for i, lane in enumerate(lanes) if lane.key == c.key), None)
        if at is None:
            raise ModelError(f"the lane {c.key!r} is no longer on the map")
        if field == "lane":
            if value is not None:
                return m
            key = lanes.pop(at).key
            phases = tuple(
                replace(p, cells={k: v for k, v in p.cells.items() if k != key}) for p in m.phases
            )
            return replace(m, lanes=tuple(lanes), phases=phases)
        lane_changes: dict[str, Any] = {field.removeprefix("lane "): text or ""}
        lanes[at] = replace(lanes[at], **lane_changes)
        return replace(m, lanes=tuple(lanes))
    if field in ("lane order", "phase order"):
        wanted = list(items)
        if field == "lane order":
            lanes = sorted(m.lanes, key=lambda lane: _rank(wanted, lane.key))
            return replace(m, lanes=tuple(lanes))
        return replace(m, phases=tuple(sorted(m.phases, key=lambda p: _rank(wanted, p.id))))
    at = next((i for i, p in enumerate(m.phases) if p.id == c.phase), None)
    if at is None:
        raise ModelError(f"the phase {c.phase!r} is no longer on the map")
    new_phases = list(m.phases)
    p = new_phases[at]
    if field == "phase":
        if value is None:
            del new_phases[at]
    elif field == "phase title":
        new_phases[at] = replace(p, title=text or "")
    elif field == "stage":
        new_phases[at] = replace(p, stage=text)
    elif field == "emotion":
        new_phases[at] = replace(p, emotion=value if isinstance(value, int) else None)
    elif field == "notes":
        new_phases[at] = p.with_notes(c.key or "", items)
    return replace(m, phases=tuple(new_phases))


_LISTS = frozenset({"goals", "needs", "frustrations"})


def _rank(wanted: list[str], item: str) -> int:
    return wanted.index(item) if item in wanted else len(wanted)
