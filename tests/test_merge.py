"""Merging two people's saves of one map (cxtui/merge.py): every note either added stays,
every note either removed goes, and a thing both changed differently is no merge."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from strategies import maps, note_text
from tui_helpers import sample_map

from cxtui.merge import merge_maps, merge_notes
from cxtui.model import JourneyMap, SetEmotion, SetNotes


def with_note(m: JourneyMap, phase: int, lane: str, note: str) -> JourneyMap:
    return m.apply(SetNotes(phase, lane, (*m.phases[phase].notes(lane), note)))[0]


def test_notes_added_in_different_cells_both_stay() -> None:
    base = sample_map()
    mine = with_note(base, 0, "thoughts", "mine")
    theirs = with_note(base, 3, "actions", "theirs")
    merged = merge_maps(base, mine, theirs)
    assert merged is not None
    assert merged.phases[0].notes("thoughts") == mine.phases[0].notes("thoughts")
    assert merged.phases[3].notes("actions") == theirs.phases[3].notes("actions")
    assert merged == with_note(mine, 3, "actions", "theirs")


def test_notes_added_to_one_cell_both_stay_and_a_removed_one_goes() -> None:
    base = sample_map()
    first, second = base.phases[0].notes("actions")
    mine = base.apply(SetNotes(0, "actions", (second, "mine")))[0]  # removed `first`
    theirs = with_note(base, 0, "actions", "theirs")
    merged = merge_maps(base, mine, theirs)
    assert merged is not None
    assert merged.phases[0].notes("actions") == (second, "theirs", "mine")
    assert first not in merged.phases[0].notes("actions")


def test_one_emotion_changed_two_ways_is_no_merge() -> None:
    base = sample_map()
    mine = base.apply(SetEmotion(1, 1))[0]
    theirs = base.apply(SetEmotion(1, -1))[0]
    assert merge_maps(base, mine, theirs) is None
    assert merge_maps(base, mine, base.apply(SetEmotion(2, 1))[0]) is not None


def test_different_phases_or_lanes_are_no_merge() -> None:
    base = sample_map()
    fewer = JourneyMap(base.title, lanes=base.lanes, phases=base.phases[:3])
    assert merge_maps(base, with_note(base, 0, "thoughts", "mine"), fewer) is None


@given(maps(), st.data())
def test_one_side_unchanged_gives_the_other(base: JourneyMap, data: st.DataObject) -> None:
    assert merge_maps(base, base, base) == base
    text_lanes = [lane.key for lane in base.lanes if lane.kind == "text"]
    if not text_lanes:
        return
    lane = data.draw(st.sampled_from(text_lanes))
    phase = data.draw(st.integers(0, len(base.phases) - 1))
    note = data.draw(note_text)
    try:
        changed = with_note(base, phase, lane, note)
    except ValueError:  # a full cell
        return
    assert merge_maps(base, changed, base) == changed
    assert merge_maps(base, base, changed) == changed
    assert merge_maps(base, changed, changed) == changed


@given(st.lists(st.sampled_from("abcdef"), max_size=5, unique=True), st.data())
def test_merged_notes_hold_every_addition_and_no_removal(
    base_list: list[str], data: st.DataObject
) -> None:
    base = tuple(base_list)
    mine = tuple(data.draw(st.lists(st.sampled_from("abcdefgh"), max_size=6, unique=True)))
    theirs = tuple(data.draw(st.lists(st.sampled_from("abcdefxy"), max_size=6, unique=True)))
    merged = merge_notes(base, mine, theirs)
    for side in (mine, theirs):
        for note in side:
            if note not in base:
                assert note in merged  # added by one: kept
    for note in base:
        if note not in mine or note not in theirs:
            assert note not in merged  # removed by one: gone
