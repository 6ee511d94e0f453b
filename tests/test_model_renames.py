"""Renaming a tag in every note (RenameTag) and a stage in every phase (RenameStage):
one step each, undone exactly."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import maps, tag_names

from cxtui.limits import MAX_TEXT_CHARS
from cxtui.model import (
    TAG_PATTERN,
    Edit,
    JourneyMap,
    Lane,
    ModelError,
    Phase,
    RenameStage,
    RenameTag,
    tags_in,
    with_tag_renamed,
)


def undoable(m: JourneyMap, edit: Edit) -> JourneyMap:
    """Apply `edit`; check undo gives `m` back and redo gives the new map again."""
    new, inverse = edit.apply(m)
    assert new.problems() == []
    back, redo = inverse.apply(new)
    assert back == m
    assert list(back.tags.items()) == list(m.tags.items())  # [tags] in its order too
    again, _ = redo.apply(back)
    assert again == new
    return new


def tagged_map() -> JourneyMap:
    lanes = (Lane("actions", "Actions"), Lane("pains", "Pain points"))
    phases = (
        Phase(
            "Find",
            "Before purchase",
            cells={
                "actions": ("Opens the app #slow", "Asks a friend"),
                "pains": ("No stock #Slow",),
            },
            votes={("actions", "Opens the app #slow"): ("ann", "bob")},
        ),
        Phase("Pay", "During purchase", cells={"pains": ("Card refused #pain #slow-ish",)}),
        Phase("Wait", "During purchase", cells={"actions": ("Waits #slow #risk",)}),
        Phase("Use", "After purchase", cells={"actions": ("Uses it",)}),
    )
    return JourneyMap(
        "Tags", lanes=lanes, phases=phases, tags={"risk": "yellow", "slow": "blue", "idea": "cyan"}
    )


# -- renaming a tag ---------------------------------------------------------------------


def test_a_renamed_tag_changes_in_every_note_its_votes_and_tags_in_place() -> None:
    m = tagged_map()
    new = undoable(m, RenameTag("slow", "delay"))
    assert new.phases[0].notes("actions") == ("Opens the app #delay", "Asks a friend")
    assert new.phases[0].notes("pains") == ("No stock #delay",)  # any case: the stored one
    assert new.phases[1].notes("pains") == ("Card refused #pain #slow-ish",)  # another tag
    assert new.phases[2].notes("actions") == ("Waits #delay #risk",)
    assert new.phases[0].voters("actions", "Opens the app #delay") == ("ann", "bob")
    assert list(new.tags.items()) == [("risk", "yellow"), ("delay", "blue"), ("idea", "cyan")]
    assert new.phases[3] is m.phases[3]  # a phase without the tag is left alone


def test_renaming_onto_another_tag_merges_them_and_that_tag_keeps_its_colour() -> None:
    m = tagged_map()
    new = undoable(m, RenameTag("#SLOW", "risk"))
    assert new.phases[2].notes("actions") == ("Waits #risk #risk",)
    assert new.tags == {"risk": "yellow", "idea": "cyan"}


def test_renaming_a_tag_only_declared_moves_its_colour() -> None:
    new = undoable(tagged_map(), RenameTag("idea", "thought"))
    assert new.tags["thought"] == "cyan" and "idea" not in new.tags


def test_merging_two_notes_merges_their_votes() -> None:
    lanes = (Lane("a", "A"),)
    phase = Phase(
        "p", cells={"a": ("x #a", "x #b")}, votes={("a", "x #a"): ("ann",), ("a", "x #b"): ("bob",)}
    )
    m = JourneyMap("t", lanes=lanes, phases=(phase,))
    new = undoable(m, RenameTag("a", "b"))
    assert new.phases[0].notes("a") == ("x #b", "x #b")
    assert new.phases[0].voters("a", "x #b") == ("ann", "bob")


def test_a_renamed_tag_keeps_the_marks_of_its_notes() -> None:
    lanes = (Lane("a", "A"),)
    phase = Phase(
        "p",
        cells={"a": ("Queue in the hall #pain", "Kiosk")},
        marks={("a", "Queue in the hall #pain"): ("wait", "needs_work"), ("a", "Kiosk"): ("fail",)},
    )
    m = JourneyMap("t", lanes=lanes, phases=(phase,))
    new = undoable(m, RenameTag("pain", "crowd"))
    assert new.phases[0].marks_of("a", "Queue in the hall #crowd") == ("wait", "needs_work")
    assert new.phases[0].marks_of("a", "Kiosk") == ("fail",)
    assert ("a", "Queue in the hall #pain") not in new.phases[0].marks


def test_merging_two_notes_merges_their_marks_and_needs_work_wins() -> None:
    lanes = (Lane("a", "A"),)
    phase = Phase(
        "p",
        cells={"a": ("x #a", "x #b")},
        marks={("a", "x #a"): ("fail", "works"), ("a", "x #b"): ("wait", "needs_work")},
    )
    m = JourneyMap("t", lanes=lanes, phases=(phase,))
    new = undoable(m, RenameTag("a", "b"))
    assert new.phases[0].marks_of("a", "x #b") == ("fail", "wait", "needs_work")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("nope", "other", "no note is tagged #nope"),
        ("slow", "two words", "cannot be a tag"),
        ("slow", "1st", "cannot be a tag"),
        ("slow", "", "cannot be a tag"),
        ("slow", "a\x1b]0;x", "cannot be a tag"),
    ],
)
def test_a_rename_the_map_cannot_take_is_refused(old: str, new: str, fragment: str) -> None:
    with pytest.raises(ModelError, match=fragment):
        RenameTag(old, new).apply(tagged_map())


@pytest.mark.parametrize(("note", "old", "new"), [("#idea#x", "idea", "z-"), ("#a-#x", "a-", "b")])
def test_a_rename_that_would_change_a_notes_other_tags_is_refused(
    note: str, old: str, new: str
) -> None:
    m = JourneyMap("t", lanes=(Lane("a", "A"),), phases=(Phase("p", cells={"a": (note,)}),))
    with pytest.raises(ModelError, match=f"#{new} would run into the text after #{old}"):
        RenameTag(old, new).apply(m)


def test_a_rename_that_makes_a_note_too_long_is_refused() -> None:
    note = "#a " + "x" * (MAX_TEXT_CHARS - 3)
    m = JourneyMap("t", lanes=(Lane("a", "A"),), phases=(Phase("p", cells={"a": (note,)}),))
    with pytest.raises(ModelError, match="at most"):
        RenameTag("a", "longer").apply(m)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("#a", "#b"),
        ("#A and #a.", "#b and #b."),
        ("#ab #a-b #a_b x#a ##a", "#ab #a-b #a_b x#a ##a"),  # other tags, and no tags
        ("(#a)", "(#b)"),
    ],
)
def test_with_tag_renamed_touches_whole_tags_only(note: str, expected: str) -> None:
    assert with_tag_renamed(note, "a", "b") == expected


def _occurrences(m: JourneyMap) -> Counter[str]:
    return Counter(
        tag
        for phase in m.phases
        for notes in phase.cells.values()
        for note in notes
        for tag in tags_in(note)
    )


def _voters(m: JourneyMap) -> int:
    return sum(len(v) for phase in m.phases for v in phase.votes.values())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(m=maps(), data=st.data())
def test_a_tag_rename_never_drops_a_note_and_undoes_exactly(
    m: JourneyMap, data: st.DataObject
) -> None:
    known = sorted(set(_occurrences(m)) | set(m.tags))
    assume(known)
    old = data.draw(st.sampled_from(known))
    new_name = data.draw(st.one_of(tag_names, st.sampled_from(known)))
    try:
        new = undoable(m, RenameTag(old, new_name))
    except ModelError as error:  # only where a note would hold other tags (see above)
        assert f"#{new_name} would run into the text after #{old}" in str(error)
        return
    for before, after in zip(m.phases, new.phases, strict=True):
        assert before.cells.keys() == after.cells.keys()
        for key, notes in before.cells.items():
            assert len(after.cells[key]) == len(notes)  # no note dropped or added
            for was, now in zip(notes, after.cells[key], strict=True):
                if old not in tags_in(was):
                    assert now == was
                else:
                    expected = [new_name if t == old else t for t in tags_in(was)]
                    assert tags_in(now) == expected
        for (lane, note), voters in before.votes.items():  # every vote goes with its note
            assert set(voters) <= set(after.voters(lane, with_tag_renamed(note, old, new_name)))
    counts, renamed = _occurrences(m), _occurrences(new)
    assert renamed[new_name] == counts[new_name] + (counts[old] if old != new_name else 0)
    assert sum(renamed.values()) == sum(counts.values())
    if old != new_name:
        assert renamed[old] == 0 and old not in new.tags


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(m=maps(), data=st.data())
def test_renaming_a_tag_and_back_is_the_identity(m: JourneyMap, data: st.DataObject) -> None:
    used = _occurrences(m)
    known = sorted(set(used) | set(m.tags))
    assume(known)
    old = data.draw(st.sampled_from(known))
    # The editor writes tags as the map stores them (lower case); a name not in the map.
    notes = [n for p in m.phases for ns in p.cells.values() for n in ns]
    assume(all(f"#{old}" in n for n in notes if old in tags_in(n)))
    assume(all(t == old or t.lower() != old for n in notes for t in _written_tags(n)))
    new_name = data.draw(tag_names.filter(lambda t: t not in used and t not in m.tags))
    try:
        there, _ = RenameTag(old, new_name).apply(m)
    except ModelError as error:
        assert "would run into the text after" in str(error)
        return
    back, _ = RenameTag(new_name, old).apply(there)
    assert back == m
    assert list(back.tags.items()) == list(m.tags.items())
    assert _voters(back) == _voters(m)


def _written_tags(note: str) -> list[str]:
    return TAG_PATTERN.findall(note)


# -- renaming a stage ---------------------------------------------------------------------


def test_a_stage_is_renamed_in_every_phase_that_has_it() -> None:
    m = tagged_map()
    new = undoable(m, RenameStage("During purchase", "During"))
    stages = [p.stage for p in new.phases]
    assert stages == ["Before purchase", "During", "During", "After purchase"]
    assert [p.title for p in new.phases] == [p.title for p in m.phases]


def test_renaming_a_stage_to_another_merges_them_and_undo_splits_them_again() -> None:
    m = tagged_map()
    new = undoable(m, RenameStage("Before purchase", "During purchase"))
    assert [p.stage for p in new.phases][:3] == ["During purchase"] * 3
    assert new.stages()[0] == ("During purchase", 0, 2)


def test_renaming_a_stage_to_nothing_takes_it_away() -> None:
    new = undoable(tagged_map(), RenameStage("After purchase", "  "))
    assert new.phases[3].stage is None


def test_renaming_a_stage_no_phase_has_is_refused() -> None:
    with pytest.raises(ModelError, match="no phase has the stage 'Nope'"):
        RenameStage("Nope", "x").apply(tagged_map())
    with pytest.raises(ModelError, match="at most"):
        RenameStage("After purchase", "x" * (MAX_TEXT_CHARS + 1)).apply(tagged_map())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(m=maps(), data=st.data())
def test_a_stage_rename_undoes_exactly_and_touches_only_that_stage(
    m: JourneyMap, data: st.DataObject
) -> None:
    stages = sorted({p.stage for p in m.phases if p.stage is not None})
    assume(stages)
    old = data.draw(st.sampled_from(stages))
    name = data.draw(st.one_of(st.sampled_from(["Before", "During", "After", ""]), tag_names))
    new = undoable(m, RenameStage(old, name))
    for before, after in zip(m.phases, new.phases, strict=True):
        if before.stage == old:
            assert after.stage == (name.strip() or None)
        else:
            assert after == before
