"""Three-way merge of maps: examples and properties (hypothesis)."""

from __future__ import annotations

import contextlib
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import maps, note_text

from cxtui.fileformat import dumps, loads
from cxtui.merge import merge_lists, merge_maps
from cxtui.model import (
    Edit,
    InsertPhase,
    JourneyMap,
    Lane,
    ModelError,
    MovePhase,
    Phase,
    RemovePhase,
    RenameLane,
    SetEmotion,
    SetNotes,
    SetPhase,
    SetTag,
    ToggleVote,
)

LANES = (Lane("actions", "Actions"), Lane("mood", "Mood", "emotion"), Lane("pains", "Pains"))
BASE = JourneyMap(
    "Shop",
    lanes=LANES,
    phases=(
        Phase("Discover", None, 1, {"actions": ("Searches",)}, id="d1"),
        Phase("Buy", None, -1, {"actions": ("Pays",), "pains": ("Forced account",)}, id="b2"),
        Phase("Wait", None, None, {"actions": ("Waits",)}, id="w3"),
    ),
)


def apply(m: JourneyMap, *edits: Edit) -> JourneyMap:
    for edit in edits:
        m, _ = m.apply(edit)
    return m


def phase(m: JourneyMap, pid: str) -> Phase:
    return next(p for p in m.phases if p.id == pid)


# -- examples ----------------------------------------------------------------------


def test_changes_to_different_phases_lanes_and_cells_merge() -> None:
    ours = apply(BASE, SetEmotion(0, 2), SetNotes(1, "actions", ("Pays", "Gets a receipt")))
    theirs = apply(BASE, SetEmotion(2, -1), SetNotes(1, "pains", ()), RenameLane(0, "Doing"))
    merged = merge_maps(BASE, ours, theirs)
    assert not merged.conflicts
    assert [p.emotion for p in merged.phases] == [2, -1, -1]
    assert phase(merged, "b2").cells == {"actions": ("Pays", "Gets a receipt")}
    assert merged.lanes[0].title == "Doing"


def test_notes_added_to_one_cell_on_both_sides_are_both_kept_ours_first() -> None:
    ours = apply(BASE, SetNotes(1, "actions", ("Pays", "Ours")))
    theirs = apply(BASE, SetNotes(1, "actions", ("Pays", "Theirs")))
    merged = merge_maps(BASE, ours, theirs)
    assert not merged.conflicts
    assert phase(merged, "b2").notes("actions") == ("Pays", "Ours", "Theirs")


def test_a_phase_renamed_and_moved_on_one_side_and_edited_on_the_other_merges() -> None:
    ours = apply(BASE, SetPhase(1, "Checkout", None), MovePhase(1, 2))
    theirs = apply(BASE, SetEmotion(1, 2), SetNotes(1, "pains", ()))
    merged = merge_maps(BASE, ours, theirs)
    assert not merged.conflicts
    assert [p.title for p in merged.phases] == ["Discover", "Wait", "Checkout"]
    assert merged.phases[2].emotion == 2 and merged.phases[2].notes("pains") == ()


def test_phases_added_on_both_sides_are_both_kept() -> None:
    ours = apply(BASE, InsertPhase(1, Phase("Compare")))
    theirs = apply(BASE, InsertPhase(3, Phase("Return")))
    merged = merge_maps(BASE, ours, theirs)
    assert [p.title for p in merged.phases] == ["Discover", "Compare", "Buy", "Wait", "Return"]


def test_deleted_on_one_side_and_edited_on_the_other_is_a_conflict_keeping_the_phase() -> None:
    ours = apply(BASE, RemovePhase(1))
    theirs = apply(BASE, SetEmotion(1, 2))
    merged = merge_maps(BASE, ours, theirs)
    (conflict,) = merged.conflicts
    assert (conflict.field, conflict.phase, conflict.ours, conflict.theirs) == (
        "phase",
        "b2",
        None,
        "Buy",
    )
    assert phase(merged, "b2").emotion == 2
    # deleted on one side and untouched on the other: deleted
    assert [p.id for p in merge_maps(BASE, ours, BASE).phases] == ["d1", "w3"]


def test_one_score_set_two_ways_and_a_note_rewritten_two_ways_are_conflicts() -> None:
    ours = apply(BASE, SetEmotion(1, 2), SetNotes(1, "pains", ("Forced sign-up",)))
    theirs = apply(BASE, SetEmotion(1, 0), SetNotes(1, "pains", ("Forced login",)))
    merged = merge_maps(BASE, ours, theirs)
    by_field = {c.field: c for c in merged.conflicts}
    assert (by_field["emotion"].ours, by_field["emotion"].theirs, by_field["emotion"].base) == (
        2,
        0,
        -1,
    )
    notes = by_field["notes"]
    assert (notes.key, notes.ours, notes.theirs) == (
        "pains",
        ("Forced sign-up",),
        ("Forced login",),
    )
    assert phase(merged, "b2").emotion == 2  # the map holds ours
    # and the conflicts survive a save
    assert loads(dumps(merged)) == merged


def test_merge_lists_keeps_clean_changes_around_a_clash() -> None:
    base = ["a", "b", "c", "d", "e"]
    merged, other = merge_lists(base, ["A", "b", "c", "d", "x"], ["a", "b", "C", "d", "y"])
    assert merged == ("A", "b", "C", "d", "x")
    assert other == ("A", "b", "C", "d", "y")


def test_no_common_ancestor_merges_two_way() -> None:
    ours = apply(BASE, SetEmotion(0, 2))
    merged = merge_maps(None, ours, BASE)
    assert [c.field for c in merged.conflicts] == ["emotion"]
    assert merge_maps(None, BASE, BASE) == BASE


# -- properties ----------------------------------------------------------------------


@st.composite
def edits_of(draw: st.DrawFn, m: JourneyMap, max_edits: int = 4) -> JourneyMap:
    """`m` after a few random edits (the kinds people make in the editor)."""
    for _ in range(draw(st.integers(0, max_edits))):
        n = len(m.phases)
        i = draw(st.integers(0, n - 1))
        text_keys = [lane.key for lane in m.text_lanes]
        choices: list[Any] = [
            st.builds(SetEmotion, st.just(i), st.integers(m.scale.min, m.scale.max)),
            st.builds(SetPhase, st.just(i), note_text, st.none()),
            st.builds(InsertPhase, st.integers(0, n), st.builds(Phase, note_text)),
            st.builds(RemovePhase, st.just(i)),
            st.builds(MovePhase, st.just(i), st.integers(0, n - 1)),
            st.builds(
                SetTag, st.sampled_from(["pain", "idea", "risk"]), st.sampled_from(["blue", None])
            ),
        ]
        voted = [(k, n) for k in text_keys for n in m.phases[i].notes(k) if n.strip()]
        if voted:
            lane, note = draw(st.sampled_from(voted))
            voter = st.sampled_from(["ann", "bob", "cy"])
            choices.append(st.builds(ToggleVote, st.just(i), st.just(lane), st.just(note), voter))
        if text_keys:
            old = m.phases[i].notes(text_keys[0])
            choices.append(
                st.builds(
                    SetNotes,
                    st.just(i),
                    st.sampled_from(text_keys),
                    st.lists(st.one_of(st.sampled_from(old or ("x",)), note_text), max_size=4).map(
                        tuple
                    ),
                )
            )
        edit = draw(st.one_of(choices))
        with contextlib.suppress(ModelError):
            m, _ = m.apply(edit)
    return loads(dumps(m))  # as a file holds it


@st.composite
def three_maps(draw: st.DrawFn) -> tuple[JourneyMap, JourneyMap, JourneyMap]:
    base = loads(dumps(draw(maps(max_phases=4, max_lanes=3, blank_notes=False))))
    return base, draw(edits_of(base)), draw(edits_of(base))


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(three_maps())
def test_merging_a_change_with_no_change_gives_the_change(
    maps3: tuple[JourneyMap, JourneyMap, JourneyMap],
) -> None:
    base, changed, _ = maps3
    assert merge_maps(base, base, changed) == changed
    assert merge_maps(base, changed, base) == changed


@_SETTINGS
@given(st.data())
def test_changes_to_two_different_phases_are_both_kept(data: st.DataObject) -> None:
    base = loads(dumps(data.draw(maps(max_phases=4, max_lanes=3, blank_notes=False))))
    assume(len(base.phases) >= 2 and base.text_lanes)
    a, b = data.draw(
        st.lists(st.integers(0, len(base.phases) - 1), min_size=2, max_size=2, unique=True)
    )
    key = base.text_lanes[0].key
    note = data.draw(note_text)
    score = data.draw(st.integers(base.scale.min, base.scale.max))
    ours = apply(base, SetNotes(a, key, (*base.phases[a].notes(key), note)))
    theirs = apply(base, SetEmotion(b, score), SetPhase(b, data.draw(note_text), None))
    merged = merge_maps(base, ours, theirs)
    assert not merged.conflicts
    assert merged.phases[a] == ours.phases[a]
    assert merged.phases[b] == theirs.phases[b]


def _summary(m: JourneyMap) -> tuple[object, ...]:
    phases = {
        p.id: (p.title, p.stage, p.emotion, {k: Counter(v) for k, v in p.cells.items()}, p.votes)
        for p in m.phases
    }
    return (m.title, m.kind, m.description, m.persona, m.scale, m.tags, m.lanes, phases)


@_SETTINGS
@given(three_maps())
def test_merge_is_symmetric_apart_from_the_order_of_added_things(
    maps3: tuple[JourneyMap, JourneyMap, JourneyMap],
) -> None:
    base, ours, theirs = maps3
    one, other = merge_maps(base, ours, theirs), merge_maps(base, theirs, ours)
    where = Counter((c.field, c.phase, c.key) for c in one.conflicts)
    assert where == Counter((c.field, c.phase, c.key) for c in other.conflicts)
    if not one.conflicts:
        assert _summary(one) == _summary(other)
        common = [p.id for p in base.phases if p.id in {q.id for q in one.phases}]
        assert [p.id for p in one.phases if p.id in common] == [
            p.id for p in other.phases if p.id in common
        ]
    for c in one.conflicts:
        twin = next(
            d
            for d in other.conflicts
            if (d.field, d.phase, d.key) == (c.field, c.phase, c.key)
            and (d.field in ("notes", "phase order", "lane order") or d.ours == c.theirs)
        )
        assert twin.base == c.base


@_SETTINGS
@given(three_maps())
def test_a_conflict_never_loses_either_side(
    maps3: tuple[JourneyMap, JourneyMap, JourneyMap],
) -> None:
    base, ours, theirs = maps3
    merged = merge_maps(base, ours, theirs)
    by_id = {p.id: p for p in merged.phases}
    for side in (ours, theirs):
        for p in side.phases:
            before = next((q for q in base.phases if q.id == p.id), None)
            if before != p:  # changed or added on this side: still there
                assert p.id in by_id
    for c in merged.conflicts:
        if c.field in ("emotion", "stage", "phase title"):
            attr = {"phase title": "title"}.get(c.field, c.field)
            assert c.ours == getattr(next(p for p in ours.phases if p.id == c.phase), attr)
            assert c.theirs == getattr(next(p for p in theirs.phases if p.id == c.phase), attr)
    for pid, p in by_id.items():
        for lane in merged.text_lanes:
            start = Counter(next((q.notes(lane.key) for q in base.phases if q.id == pid), ()))
            kept = Counter(p.notes(lane.key))
            clash = next(
                (
                    c
                    for c in merged.conflicts
                    if (c.field, c.phase, c.key) == ("notes", pid, lane.key)
                ),
                None,
            )
            theirs_kept = (
                Counter(clash.theirs) if clash and isinstance(clash.theirs, tuple) else kept
            )
            for side, place in ((ours, kept), (theirs, theirs_kept)):
                q = next((x for x in side.phases if x.id == pid), None)
                if q is not None:
                    added = Counter(q.notes(lane.key)) - start
                    assert not added - place, (added, place)
    # the merged map is a map cxtui writes and reads back as it is
    assert loads(dumps(merged)) == merged


def test_resolving_a_conflict_as_ours_theirs_or_both() -> None:
    from cxtui.merge import resolve_conflict, sides_of

    ours = apply(BASE, SetEmotion(1, 2), SetNotes(1, "pains", ("Forced sign-up",)))
    theirs = apply(BASE, SetEmotion(1, 0), SetNotes(1, "pains", ("Forced login",)))
    merged = merge_maps(BASE, ours, theirs)
    fields = [c.field for c in merged.conflicts]
    emotion, notes = fields.index("emotion"), fields.index("notes")
    assert sides_of(merged.conflicts[notes]) == ("ours", "theirs", "both")
    kept = resolve_conflict(merged, emotion, "ours")
    assert phase(kept, "b2").emotion == 2 and [c.field for c in kept.conflicts] == ["notes"]
    taken = resolve_conflict(merged, emotion, "theirs")
    assert phase(taken, "b2").emotion == 0
    both = resolve_conflict(merged, notes, "both")
    assert phase(both, "b2").notes("pains") == ("Forced sign-up", "Forced login")
    with pytest.raises(ModelError):
        resolve_conflict(merged, emotion, "both")
    gone = merge_maps(BASE, apply(BASE, SetEmotion(1, 2)), apply(BASE, RemovePhase(1)))
    assert [c.field for c in gone.conflicts] == ["phase"]
    assert [p.id for p in resolve_conflict(gone, 0, "theirs").phases] == ["d1", "w3"]
    assert [p.id for p in resolve_conflict(gone, 0, "ours").phases] == ["d1", "b2", "w3"]


def test_each_side_deleting_what_the_other_kept_leaves_a_map_with_conflicts() -> None:
    two = JourneyMap("m", lanes=LANES, phases=BASE.phases[:2])
    ours, theirs = apply(two, RemovePhase(0)), apply(two, RemovePhase(1))
    merged = merge_maps(two, ours, theirs)
    assert [p.id for p in merged.phases] == ["d1", "b2"]
    assert sorted((c.field, c.phase) for c in merged.conflicts) == [
        ("phase", "b2"),
        ("phase", "d1"),
    ]
