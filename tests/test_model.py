"""The map model and its invertible edits."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from strategies import (
    colours,
    lane_keys,
    maps,
    note_text,
    personas,
    raw_text,
    scales,
    tag_names,
)

from cxtui.limits import (
    MAX_LANES,
    MAX_NOTES_PER_CELL,
    MAX_PHASES,
    MAX_SCALE_STEPS,
    MAX_TEXT_CHARS,
)
from cxtui.model import (
    MAP_KINDS,
    Batch,
    Edit,
    EmotionScale,
    InsertLane,
    InsertPhase,
    JourneyMap,
    Lane,
    LaneKind,
    ModelError,
    MoveLane,
    MovePhase,
    Persona,
    Phase,
    RemoveLane,
    RemovePhase,
    RenameLane,
    RenameStage,
    RenameTag,
    SetEmotion,
    SetLaneKind,
    SetMeta,
    SetNotes,
    SetPersona,
    SetPhase,
    SetScale,
    SetTag,
    is_tag_name,
    nudge_emotion,
    slug,
    tag_key,
    tags_in,
)


def undoable(m: JourneyMap, edit: Edit) -> JourneyMap:
    """Apply `edit`; check undo gives `m` back and redo gives the new map again."""
    new, inverse = edit.apply(m)
    assert new.problems() == []
    back, redo = inverse.apply(new)
    assert back == m
    again, _ = redo.apply(back)
    assert again == new
    return new


# -- the map itself ------------------------------------------------------------------


def test_the_fixture_map_is_valid(small_map: JourneyMap) -> None:
    assert small_map.problems() == []
    assert [lane.key for lane in small_map.text_lanes] == ["actions", "thoughts", "pain_points"]
    assert small_map.lane_index("pain_points") == 3
    with pytest.raises(ModelError):
        small_map.lane_index("nope")


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"lanes": ()}, "at least one lane"),
        ({"phases": ()}, "at least one phase"),
        ({"kind": "journey"}, "unknown map kind"),
        ({"lanes": (Lane("a", "A"), Lane("a", "B"))}, "duplicate lane keys"),
        (
            {"lanes": (Lane("a", "A", "emotion"), Lane("b", "B", "emotion"))},
            "more than one emotion lane",
        ),
        ({"phases": (Phase("p", emotion=3),)}, "outside the scale"),
        ({"phases": (Phase("p", cells={"zz": ("x",)}),)}, "unknown lanes"),
        ({"tags": {"pain": "reddish"}}, "unknown colour"),
        ({"tags": {"p]0;x": "red"}}, "'p]0;x' cannot be a tag"),
        ({"tags": {"1st": "red"}}, "cannot be a tag"),
        ({"tags": {"": "red"}}, "cannot be a tag"),
        ({"title": "t" * (MAX_TEXT_CHARS + 1)}, "the map title is at most 5,000 characters"),
        ({"description": "d" * (MAX_TEXT_CHARS + 1)}, "the description is at most 5,000"),
        (
            {"lanes": tuple(Lane(f"l{i}", "L") for i in range(MAX_LANES + 1))},
            "a map has at most 50 lanes",
        ),
        ({"phases": (Phase("p"),) * (MAX_PHASES + 1)}, "a map has at most 1,000 phases"),
        ({"version": 2}, "format 1, not 2"),
    ],
)
def test_an_invalid_map_cannot_be_built(kwargs: dict[str, object], fragment: str) -> None:
    fields: dict[str, object] = {"title": "t", "lanes": (Lane("a", "A"),), "phases": (Phase("p"),)}
    fields.update(kwargs)
    with pytest.raises(ModelError, match=fragment):
        JourneyMap(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["title", "stage", "emotion", "Actions", "1st", "a-b", "", "a b"])
def test_bad_lane_keys_are_refused(key: str) -> None:
    with pytest.raises(ModelError):
        Lane(key, "x")


def test_a_lane_kind_must_be_known() -> None:
    with pytest.raises(ModelError):
        Lane("a", "A", "curve")  # type: ignore[arg-type]


def test_emotion_scale() -> None:
    scale = EmotionScale(-2, 2)
    assert scale.clamp(5) == 2 and scale.clamp(-9) == -2 and scale.clamp(1) == 1
    assert 2 in scale and -2 in scale and 3 not in scale and "1" not in scale
    assert True not in scale  # a bool is no score, though Python counts it an int
    with pytest.raises(ModelError):
        EmotionScale(2, 2)
    with pytest.raises(ModelError):
        EmotionScale(3, 1)


def test_an_emotion_scale_is_whole_numbers_at_most_20_steps_apart() -> None:
    assert EmotionScale(-10, -10 + MAX_SCALE_STEPS).max == 10
    with pytest.raises(ModelError, match="at most 20 steps"):
        EmotionScale(-10, 11)
    with pytest.raises(ModelError, match="whole numbers"):
        EmotionScale(False, True)
    with pytest.raises(ModelError, match="whole numbers"):
        EmotionScale(0, 2.5)  # type: ignore[arg-type]


def test_empty_cells_are_not_stored_so_equal_maps_compare_equal() -> None:
    assert Phase("p", cells={"a": ()}) == Phase("p")
    assert Phase("p").with_notes("a", ["x"]).notes("a") == ("x",)
    assert Phase("p", stage="") == Phase("p", stage=None)


@pytest.mark.parametrize("stage", ["", "  ", "\t", "\x1b", " \u2028 "])
def test_a_blank_stage_is_no_stage(stage: str) -> None:
    assert Phase("p", stage=stage).stage is None
    assert Phase("p", stage=" Before ").stage == " Before "  # otherwise kept as it is


def test_a_phase_emotion_is_a_whole_number_not_a_bool() -> None:
    with pytest.raises(ModelError, match="whole number"):
        Phase("p", emotion=True)
    with pytest.raises(ModelError, match="whole number"):
        Phase("p", emotion=1.0)  # type: ignore[arg-type]


def test_an_empty_persona_is_no_persona(small_map: JourneyMap) -> None:
    assert Persona().is_empty and Persona("\x1b").is_empty
    assert not Persona(goals=("g",)).is_empty
    assert replace(small_map, persona=Persona()).persona is None
    assert replace(small_map, persona=Persona(role="Runner")).persona == Persona(role="Runner")
    # so clearing every field of the persona takes the persona away, and undo brings it back
    assert undoable(small_map, SetPersona(Persona())).persona is None


@pytest.mark.parametrize(
    ("raw", "key", "valid"),
    [
        ("pain", "pain", True),
        ("Pain", "pain", True),
        ("a-b_c2", "a-b_c2", True),
        ("café", "café", True),
        ("p\x1bai\x07n", "pain", True),  # neutralised like all other text
        ("p\x1b]0;x\x07", "p]0;x", False),
        ("1st", "1st", False),
        ("two words", "two words", False),
        ("#pain", "#pain", False),
        ("", "", False),
    ],
)
def test_tag_names(raw: str, key: str, valid: bool) -> None:
    assert tag_key(raw) == key
    assert is_tag_name(key) is valid
    if valid:  # exactly the tags a note can hold
        assert tags_in(f"note #{key}") == [key]


def test_tag_names_are_neutralised_and_lower_cased_in_the_map() -> None:
    m = JourneyMap("t", lanes=(Lane("a", "A"),), phases=(Phase("p"),), tags={"Ri\x1bsk": "red"})
    assert m.tags == {"risk": "red"}


@pytest.mark.parametrize(
    ("note", "tags"),
    [
        ("#pain Forced account creation", ["pain"]),
        ("#Idea guest checkout #pain", ["idea", "pain"]),
        ("issue#3 and ##x and #1st", []),
        ("mixed #a-b_c, end #Z.", ["a-b_c", "z"]),
        ("(#risk) [#question]", ["risk", "question"]),
        ("no tags here", []),
    ],
)
def test_tags_in(note: str, tags: list[str]) -> None:
    assert tags_in(note) == tags


def test_tag_colour_map_own_then_default_then_none(small_map: JourneyMap) -> None:
    assert small_map.tag_colour("pain") == "red"
    assert small_map.tag_colour("IDEA") == "#1e88e5"  # the map's own colour beats the default
    assert small_map.tag_colour("delight") == "magenta"  # a default
    assert small_map.tag_colour("question") == "yellow"
    assert small_map.tag_colour("whatever") is None


def test_stages_are_runs_of_neighbouring_phases() -> None:
    phases = tuple(
        Phase(f"p{i}", stage)
        for i, stage in enumerate(["A", "A", None, "B", "B", "B", "A", None, None])
    )
    m = JourneyMap("t", lanes=(Lane("a", "A"),), phases=phases)
    assert m.stages() == [("A", 0, 1), (None, 2, 2), ("B", 3, 5), ("A", 6, 6), (None, 7, 8)]


def test_slug_makes_distinct_valid_keys() -> None:
    assert slug("Pain points") == "pain_points"
    assert slug("Pain points", ["pain_points"]) == "pain_points_2"
    assert slug("Pain points", ["pain_points", "pain_points_2"]) == "pain_points_3"
    assert slug("1st touch") == "lane_1st_touch"
    assert slug("Emotion") == "lane_emotion"
    assert slug("!!!") == "lane"
    Lane(slug("Ünïcode ✓ stuff"), "x")  # a valid key


# -- each edit -----------------------------------------------------------------------


def test_set_notes(small_map: JourneyMap) -> None:
    new = undoable(small_map, SetNotes(3, "actions", ("Tracks the parcel",)))
    assert new.phases[3].notes("actions") == ("Tracks the parcel",)
    # kept exactly as given, blank ones too (the cell editor leaves out blank lines)
    new = undoable(small_map, SetNotes(3, "actions", ("Tracks\x1b the parcel", "  ", "")))
    assert new.phases[3].notes("actions") == ("Tracks the parcel", "  ", "")
    cleared = undoable(small_map, SetNotes(0, "actions", ()))
    assert cleared.phases[0].notes("actions") == ()
    assert "actions" not in cleared.phases[0].cells


def test_set_notes_refuses_the_emotion_lane_and_strangers(small_map: JourneyMap) -> None:
    with pytest.raises(ModelError):
        SetNotes(0, "emotions", ("x",)).apply(small_map)
    with pytest.raises(ModelError):
        SetNotes(0, "nope", ("x",)).apply(small_map)
    with pytest.raises(ModelError):
        SetNotes(4, "actions", ("x",)).apply(small_map)


@pytest.mark.parametrize(("value", "stored"), [(2, 2), (-2, -2), (0, 0), (7, 2), (-99, -2)])
def test_set_emotion_clamps_to_the_scale(small_map: JourneyMap, value: int, stored: int) -> None:
    new = undoable(small_map, SetEmotion(3, value))
    assert new.phases[3].emotion == stored


def test_set_emotion_none_unrates(small_map: JourneyMap) -> None:
    assert undoable(small_map, SetEmotion(0, None)).phases[0].emotion is None
    with pytest.raises(ModelError):
        SetEmotion(-1, 1).apply(small_map)


@pytest.mark.parametrize("value", [True, False, 1.0, "1"])
def test_set_emotion_refuses_what_is_not_a_whole_number(
    small_map: JourneyMap, value: object
) -> None:
    with pytest.raises(ModelError, match="whole number"):
        SetEmotion(0, value).apply(small_map)  # type: ignore[arg-type]


def test_nudge_emotion(small_map: JourneyMap) -> None:
    assert nudge_emotion(small_map, 0, 1) == SetEmotion(0, 2)  # 1 -> 2
    assert nudge_emotion(small_map, 0, 5) == SetEmotion(0, 2)  # clamped at the top
    assert nudge_emotion(small_map, 2, -1) == SetEmotion(2, -2)  # already at the bottom
    assert nudge_emotion(small_map, 3, 1) == SetEmotion(3, 1)  # unrated starts at 0
    assert nudge_emotion(small_map, 3, -1) == SetEmotion(3, -1)
    high = replace(small_map, scale=EmotionScale(1, 5), phases=(Phase("p"),))
    assert nudge_emotion(high, 0, 1) == SetEmotion(0, 2)  # 0 clamped to 1, then up
    with pytest.raises(ModelError):
        nudge_emotion(small_map, 9, 1)


def test_set_phase(small_map: JourneyMap) -> None:
    new = undoable(small_map, SetPhase(1, "Pick a size\n[bold]", None))
    assert new.phases[1].title == "Pick a size [bold]"
    assert new.phases[1].stage is None
    assert new.phases[1].notes("thoughts") == small_map.phases[1].notes("thoughts")
    assert undoable(small_map, SetPhase(1, "x", "")).phases[1].stage is None


def test_insert_phase(small_map: JourneyMap) -> None:
    for index in (0, 2, 4):
        new = undoable(small_map, InsertPhase(index, Phase("New", "Stage", 0)))
        assert len(new.phases) == 5 and new.phases[index].title == "New"
    with pytest.raises(ModelError):
        InsertPhase(5, Phase("x")).apply(small_map)
    with pytest.raises(ModelError):  # a phase with notes for no lane breaks the map
        InsertPhase(0, Phase("x", cells={"nope": ("x",)})).apply(small_map)


def test_remove_phase_and_undo_restores_it_in_place(small_map: JourneyMap) -> None:
    new = undoable(small_map, RemovePhase(1))
    assert [p.title for p in new.phases] == ["Discover", "Checkout", "Delivery"]
    with pytest.raises(ModelError):
        RemovePhase(4).apply(small_map)


def test_remove_phase_refuses_the_last_one(small_map: JourneyMap) -> None:
    one = replace(small_map, phases=small_map.phases[:1])
    with pytest.raises(ModelError, match="at least one phase"):
        RemovePhase(0).apply(one)


def test_move_phase(small_map: JourneyMap) -> None:
    new = undoable(small_map, MovePhase(0, 3))
    assert [p.title for p in new.phases] == ["Compare sizes", "Checkout", "Delivery", "Discover"]
    new = undoable(small_map, MovePhase(3, 0))
    assert [p.title for p in new.phases] == ["Delivery", "Discover", "Compare sizes", "Checkout"]
    with pytest.raises(ModelError):
        MovePhase(0, 4).apply(small_map)


def test_insert_lane_with_and_without_notes(small_map: JourneyMap) -> None:
    lane = Lane("channels", "Channels")
    new = undoable(small_map, InsertLane(1, lane))
    assert new.lanes[1] == lane and all(not p.notes("channels") for p in new.phases)
    notes = (("web",), (), ("app", "web"), ())
    new = undoable(small_map, InsertLane(4, lane, notes))
    assert tuple(p.notes("channels") for p in new.phases) == notes


def test_insert_lane_refusals(small_map: JourneyMap) -> None:
    with pytest.raises(ModelError):
        InsertLane(0, Lane("actions", "Again")).apply(small_map)
    with pytest.raises(ModelError):
        InsertLane(0, Lane("mood", "Mood", "emotion")).apply(small_map)
    with pytest.raises(ModelError):
        InsertLane(9, Lane("x", "X")).apply(small_map)


@pytest.mark.parametrize("count", [1, 3, 5])
def test_insert_lane_with_notes_for_the_wrong_number_of_phases(
    small_map: JourneyMap, count: int
) -> None:
    notes = (("x",),) * count
    with pytest.raises(ModelError, match=f"notes for {count} phases, but the map has 4"):
        InsertLane(0, Lane("x", "X"), notes).apply(small_map)


def test_remove_lane_restores_its_notes_on_undo(small_map: JourneyMap) -> None:
    new, inverse = RemoveLane(0).apply(small_map)
    assert [lane.key for lane in new.lanes] == ["thoughts", "emotions", "pain_points"]
    assert all("actions" not in p.cells for p in new.phases)
    back, _ = inverse.apply(new)
    assert back == small_map
    assert back.phases[0].notes("actions") == small_map.phases[0].notes("actions")
    undoable(small_map, RemoveLane(2))  # the emotion lane: ratings stay on the phases


def test_remove_lane_refuses_the_last_one() -> None:
    m = JourneyMap("t", lanes=(Lane("a", "A"),), phases=(Phase("p", cells={"a": ("x",)}),))
    with pytest.raises(ModelError, match="at least one lane"):
        RemoveLane(0).apply(m)


def test_move_lane(small_map: JourneyMap) -> None:
    new = undoable(small_map, MoveLane(3, 0))
    assert [lane.key for lane in new.lanes] == ["pain_points", "actions", "thoughts", "emotions"]
    with pytest.raises(ModelError):
        MoveLane(0, 4).apply(small_map)


def test_rename_lane_keeps_key_and_notes(small_map: JourneyMap) -> None:
    new = undoable(small_map, RenameLane(0, "Doing\x1b[2J"))
    assert new.lanes[0] == Lane("actions", "Doing[2J")
    assert new.phases == small_map.phases


def test_set_lane_kind_drops_notes_and_undo_restores_them(small_map: JourneyMap) -> None:
    no_emotion = RemoveLane(2).apply(small_map)[0]
    new, inverse = SetLaneKind(0, "emotion").apply(no_emotion)
    assert new.lanes[0].kind == "emotion"
    assert all("actions" not in p.cells for p in new.phases)
    back, _ = inverse.apply(new)
    assert back == no_emotion
    assert back.phases[0].notes("actions") == (
        "Searches for her shoe model",
        "Compares three shops",
    )
    undoable(no_emotion, SetLaneKind(0, "emotion"))
    undoable(small_map, SetLaneKind(2, "text"))


def test_set_lane_kind_refuses_a_second_emotion_lane(small_map: JourneyMap) -> None:
    with pytest.raises(ModelError):
        SetLaneKind(0, "emotion").apply(small_map)


@pytest.mark.parametrize(("index", "kind"), [(0, "text"), (2, "emotion")])
def test_set_lane_kind_to_its_own_kind_changes_nothing(
    small_map: JourneyMap, index: int, kind: LaneKind
) -> None:
    new, inverse = SetLaneKind(index, kind).apply(small_map)
    assert new == small_map  # the notes stay
    assert inverse.apply(new)[0] == small_map


def test_set_meta(small_map: JourneyMap) -> None:
    new = undoable(small_map, SetMeta("New title\n", "future-state", "Two\nlines\x07"))
    assert (new.title, new.kind, new.description) == ("New title ", "future-state", "Two\nlines")
    assert undoable(small_map, SetMeta("t", "current-state", None)).description is None
    with pytest.raises(ModelError):
        SetMeta("t", "nope", None).apply(small_map)  # type: ignore[arg-type]


def test_set_persona(small_map: JourneyMap) -> None:
    assert undoable(small_map, SetPersona(None)).persona is None
    bob = Persona("Bob", goals=("a", "b"))
    assert undoable(small_map, SetPersona(bob)).persona == bob


def test_set_scale_clamps_and_undo_is_exact(small_map: JourneyMap) -> None:
    # emotions 1, -1, -2, unrated
    new = undoable(small_map, SetScale(EmotionScale(0, 10)))
    assert [p.emotion for p in new.phases] == [1, 0, 0, None]
    new = undoable(small_map, SetScale(EmotionScale(5, 7)))  # no overlap at all
    assert [p.emotion for p in new.phases] == [5, 5, 5, None]
    new = undoable(small_map, SetScale(EmotionScale(-5, 5)))
    assert [p.emotion for p in new.phases] == [1, -1, -2, None]
    assert new.scale == EmotionScale(-5, 5)


def test_set_tag(small_map: JourneyMap) -> None:
    new = undoable(small_map, SetTag("#Risk", "orange"))
    assert new.tags["risk"] == "orange"
    new = undoable(small_map, SetTag("pain", None))
    assert "pain" not in new.tags and new.tag_colour("pain") == "red"  # the default again
    new = undoable(small_map, SetTag("idea", "#00ff00"))
    assert new.tag_colour("idea") == "#00ff00"
    with pytest.raises(ModelError, match="not a colour"):
        SetTag("x", "not-a-colour").apply(small_map)
    assert undoable(small_map, SetTag("Ri\x1bsk", "blue")).tags["risk"] == "blue"


@pytest.mark.parametrize("tag", ["two words", "1st", "#", "p]0;x", "##pain"])
def test_set_tag_refuses_what_no_note_can_hold(small_map: JourneyMap, tag: str) -> None:
    with pytest.raises(ModelError, match="cannot be a tag"):
        SetTag(tag, "red").apply(small_map)


def test_batch_applies_in_order_and_undoes_in_reverse(small_map: JourneyMap) -> None:
    batch = Batch(
        (
            InsertPhase(0, Phase("First")),
            SetNotes(0, "actions", ("note",)),
            SetEmotion(0, 2),
            MovePhase(0, 4),
        )
    )
    new = undoable(small_map, batch)
    first = new.phases[4]
    assert first == Phase("First", emotion=2, cells={"actions": ("note",)}, id=first.id)
    assert first.id not in {p.id for p in small_map.phases}
    assert undoable(small_map, Batch(())) == small_map


def test_edits_on_missing_places_raise_model_error(small_map: JourneyMap) -> None:
    for edit in (
        SetPhase(9, "x", None),
        RenameLane(9, "x"),
        SetLaneKind(9, "text"),
        RemoveLane(-1),
        MoveLane(-1, 0),
    ):
        with pytest.raises(ModelError):
            edit.apply(small_map)


# -- random sequences of edits -----------------------------------------------------


class EditSequence(RuleBasedStateMachine):
    """Random valid edits keep the map valid; undoing them all in reverse restores it."""

    @initialize(m=maps(max_phases=4, max_lanes=4, blank_notes=False))
    def start(self, m: JourneyMap) -> None:
        self.original = m
        self.map = m
        self.history: list[tuple[JourneyMap, Edit]] = []

    def do(self, edit: Edit) -> None:
        before = self.map
        self.map, inverse = edit.apply(before)
        self.history.append((before, inverse))

    @property
    def text_keys(self) -> list[str]:
        return [lane.key for lane in self.map.text_lanes]

    @rule(data=st.data())
    def set_notes(self, data: st.DataObject) -> None:
        if self.text_keys:
            phase = data.draw(st.integers(0, len(self.map.phases) - 1))
            key = data.draw(st.sampled_from(self.text_keys))
            self.do(SetNotes(phase, key, tuple(data.draw(st.lists(raw_text, max_size=3)))))

    @rule(data=st.data(), value=st.one_of(st.none(), st.integers(-30, 30)))
    def set_emotion(self, data: st.DataObject, value: int | None) -> None:
        self.do(SetEmotion(data.draw(st.integers(0, len(self.map.phases) - 1)), value))

    @rule(data=st.data(), step=st.integers(-3, 3))
    def nudge(self, data: st.DataObject, step: int) -> None:
        phase = data.draw(st.integers(0, len(self.map.phases) - 1))
        self.do(nudge_emotion(self.map, phase, step))

    @rule(data=st.data(), title=raw_text, stage=st.one_of(st.none(), raw_text))
    def set_phase(self, data: st.DataObject, title: str, stage: str | None) -> None:
        self.do(SetPhase(data.draw(st.integers(0, len(self.map.phases) - 1)), title, stage))

    @rule(data=st.data(), title=raw_text)
    def insert_phase(self, data: st.DataObject, title: str) -> None:
        index = data.draw(st.integers(0, len(self.map.phases)))
        cells = {k: (data.draw(note_text),) for k in self.text_keys[:1]}
        self.do(InsertPhase(index, Phase(title, None, None, cells)))

    @precondition(lambda self: len(self.map.phases) > 1)
    @rule(data=st.data())
    def remove_phase(self, data: st.DataObject) -> None:
        self.do(RemovePhase(data.draw(st.integers(0, len(self.map.phases) - 1))))

    @rule(data=st.data())
    def move_phase(self, data: st.DataObject) -> None:
        n = len(self.map.phases)
        self.do(MovePhase(data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))))

    @rule(data=st.data(), key=lane_keys, title=raw_text, with_notes=st.booleans())
    def insert_lane(self, data: st.DataObject, key: str, title: str, with_notes: bool) -> None:
        if any(lane.key == key for lane in self.map.lanes):
            return
        notes: tuple[tuple[str, ...], ...] = ()
        if with_notes:
            notes = tuple((data.draw(note_text),) for _ in self.map.phases)
        index = data.draw(st.integers(0, len(self.map.lanes)))
        self.do(InsertLane(index, Lane(key, title), notes))

    @precondition(lambda self: len(self.map.lanes) > 1)
    @rule(data=st.data())
    def remove_lane(self, data: st.DataObject) -> None:
        self.do(RemoveLane(data.draw(st.integers(0, len(self.map.lanes) - 1))))

    @rule(data=st.data())
    def move_lane(self, data: st.DataObject) -> None:
        n = len(self.map.lanes)
        self.do(MoveLane(data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))))

    @rule(data=st.data(), title=raw_text)
    def rename_lane(self, data: st.DataObject, title: str) -> None:
        self.do(RenameLane(data.draw(st.integers(0, len(self.map.lanes) - 1)), title))

    @rule(data=st.data())
    def set_lane_kind(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(self.map.lanes) - 1))
        lane = self.map.lanes[index]
        if lane.kind == "emotion":
            self.do(SetLaneKind(index, "text"))
        elif not any(other.kind == "emotion" for other in self.map.lanes):
            self.do(SetLaneKind(index, "emotion"))

    @rule(
        title=raw_text,
        kind=st.sampled_from(MAP_KINDS),
        description=st.one_of(st.none(), raw_text),
    )
    def set_meta(self, title: str, kind: str, description: str | None) -> None:
        self.do(SetMeta(title, kind, description))  # type: ignore[arg-type]

    @rule(persona=st.one_of(st.none(), personas))
    def set_persona(self, persona: Persona | None) -> None:
        self.do(SetPersona(persona))

    @rule(scale=scales())
    def set_scale(self, scale: EmotionScale) -> None:
        self.do(SetScale(scale))

    @rule(tag=tag_names, colour=st.one_of(st.none(), colours))
    def set_tag(self, tag: str, colour: str | None) -> None:
        self.do(SetTag(tag, colour))

    @rule(data=st.data(), new=tag_names)
    def rename_tag(self, data: st.DataObject, new: str) -> None:
        notes = [n for p in self.map.phases for ns in p.cells.values() for n in ns]
        known = sorted({t for n in notes for t in tags_in(n)} | set(self.map.tags))
        if known:
            try:
                self.do(RenameTag(data.draw(st.sampled_from(known)), new))
            except ModelError as error:  # `#a#b` renamed `#z-#b` would gain a tag
                assert "would run into the text after" in str(error)

    @rule(data=st.data(), new=raw_text)
    def rename_stage(self, data: st.DataObject, new: str) -> None:
        stages = sorted({p.stage for p in self.map.phases if p.stage is not None})
        if stages:
            self.do(RenameStage(data.draw(st.sampled_from(stages)), new))

    @precondition(lambda self: len(self.history) >= 2)
    @rule()
    def batch_of_the_last_two_undos(self) -> None:
        # undo the last two as one Batch: their inverses, newest first
        (older_before, older_inverse), (_, newer_inverse) = self.history[-2:]
        restored, redo = Batch((newer_inverse, older_inverse)).apply(self.map)
        assert restored == older_before
        again, _ = redo.apply(restored)
        assert again == self.map

    @precondition(lambda self: bool(self.history))
    @rule()
    def undo(self) -> None:
        before, inverse = self.history.pop()
        after = self.map
        self.map, redo = inverse.apply(after)
        assert self.map == before
        assert redo.apply(self.map)[0] == after

    @invariant()
    def valid(self) -> None:
        assert self.map.problems() == []
        assert self.map.phases and self.map.lanes

    def teardown(self) -> None:
        m = self.map
        for before, inverse in reversed(self.history):
            m, _ = inverse.apply(m)
            assert m == before
        assert m == self.original


EditSequence.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_random_edit_sequences = EditSequence.TestCase


@settings(max_examples=60, deadline=None)
@given(m=maps(), data=st.data())
def test_remove_lane_then_undo_is_exact_for_any_map(m: JourneyMap, data: st.DataObject) -> None:
    if len(m.lanes) > 1:
        undoable(m, RemoveLane(data.draw(st.integers(0, len(m.lanes) - 1))))
    if len(m.phases) > 1:
        undoable(m, RemovePhase(data.draw(st.integers(0, len(m.phases) - 1))))
    undoable(m, SetScale(data.draw(scales())))


@pytest.mark.parametrize("edit", [SetNotes(0, "a", ("changed",)), SetLaneKind(0, "emotion")])
def test_undo_restores_a_cell_that_holds_a_blank_note(edit: Edit) -> None:
    # `a = ["", "Search"]` in a file gives exactly this map (see test_fileformat)
    m = JourneyMap("t", lanes=(Lane("a", "A"),), phases=(Phase("p", cells={"a": ("", "Search")}),))
    new, inverse = edit.apply(m)
    assert inverse.apply(new)[0] == m


# -- limits: an edit that would make a map the reader refuses is refused ------------------

LONG = "é" * (MAX_TEXT_CHARS + 1)
FULL = "é" * MAX_TEXT_CHARS


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SetNotes(0, "actions", ("ok", LONG)), "a note is at most 5,000 characters"),
        (lambda: SetNotes(0, "actions", ("n",) * (MAX_NOTES_PER_CELL + 1)), "at most 500 notes"),
        (lambda: SetPhase(0, LONG, None), "a phase title is at most 5,000 characters"),
        (lambda: SetPhase(0, "t", LONG), "a stage is at most 5,000 characters"),
        (lambda: RenameLane(0, LONG), "a lane title is at most 5,000 characters"),
        (lambda: SetMeta(LONG, "current-state", None), "the map title is at most 5,000"),
        (lambda: SetMeta("t", "current-state", LONG), "the description is at most 5,000"),
        (lambda: InsertPhase(0, Phase(LONG)), "a phase title is at most"),
        (lambda: InsertLane(0, Lane("x", LONG)), "a lane title is at most"),
        (lambda: SetPersona(Persona(quote=LONG)), "the persona's quote is at most"),
        (lambda: SetPersona(Persona(goals=("g", LONG))), "a goal is at most 5,000 characters"),
        (lambda: SetPersona(Persona(needs=("n",) * 501)), "a persona has at most 500 needs"),
        (lambda: SetScale(EmotionScale(0, MAX_SCALE_STEPS + 1)), "at most 20 steps"),
    ],
)
def test_an_edit_past_a_limit_raises_a_readable_model_error(
    small_map: JourneyMap, make: object, message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        edit = make()  # type: ignore[operator]
        edit.apply(small_map)


def test_edits_up_to_the_limits_are_fine(small_map: JourneyMap) -> None:
    undoable(small_map, SetNotes(0, "actions", (FULL,) * MAX_NOTES_PER_CELL))
    undoable(small_map, SetPhase(0, FULL, FULL))
    undoable(small_map, SetMeta(FULL, "current-state", FULL))
    undoable(small_map, SetPersona(Persona(FULL, FULL, (FULL,) * MAX_NOTES_PER_CELL)))
    undoable(small_map, SetScale(EmotionScale(0, MAX_SCALE_STEPS)))


def test_no_lane_past_the_most_lanes(small_map: JourneyMap) -> None:
    extra = tuple(Lane(f"extra_{i}", "X") for i in range(MAX_LANES - len(small_map.lanes)))
    full = replace(small_map, lanes=small_map.lanes + extra)
    assert len(full.lanes) == MAX_LANES
    with pytest.raises(ModelError, match="a map has at most 50 lanes"):
        InsertLane(0, Lane("one_more", "One more")).apply(full)
    undoable(full, RemoveLane(0))  # and back in again on undo


def test_no_phase_past_the_most_phases(small_map: JourneyMap) -> None:
    full = replace(small_map, phases=small_map.phases + (Phase("x"),) * (MAX_PHASES - 4))
    with pytest.raises(ModelError, match="a map has at most 1,000 phases"):
        InsertPhase(0, Phase("One more")).apply(full)
    undoable(full, RemovePhase(0))


def test_a_text_is_measured_after_neutralising() -> None:
    # control characters do not count: they never reach the map (or its file)
    assert Phase(FULL + "\x1b\x07").title == FULL


# -- edits are frozen records (Edit.__init_subclass__, not @dataclass) -------------------


def test_an_edit_is_a_frozen_record_of_its_fields() -> None:
    from dataclasses import FrozenInstanceError

    edit = SetPhase(2, "Pay", stage=None)
    assert edit == SetPhase(phase=2, title="Pay", stage=None)
    assert hash(edit) == hash(SetPhase(2, "Pay", None))
    assert edit != SetPhase(2, "Pay", "Buy")
    assert edit != RenameLane(2, "Pay")  # another kind of edit, equal values
    assert repr(edit) == "SetPhase(phase=2, title='Pay', stage=None)"
    assert (edit.phase, edit.title, edit.stage) == (2, "Pay", None)
    with pytest.raises(FrozenInstanceError):
        edit.title = "Other"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del edit.title


def test_an_edit_takes_its_defaults_and_refuses_wrong_arguments() -> None:
    assert Batch((SetEmotion(0, 1),)).label == "changes"
    assert InsertLane(0, Lane("a", "A")).notes == ()
    with pytest.raises(TypeError):
        SetEmotion(0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        SetEmotion(0, 1, 2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        SetEmotion(0, colour=1)  # type: ignore[call-arg]
