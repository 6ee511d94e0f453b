"""Lane roles: what a lane holds, declared or implied by its key, kept quietly in the file."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import maps
from test_model import undoable

from cxtui.fileformat import dumps, loads
from cxtui.model import (
    LANE_ROLES,
    JourneyMap,
    Lane,
    ModelError,
    SetLaneKind,
    SetLaneRole,
    implied_role,
)
from cxtui.templates import TEMPLATES, load_template, template_text

LANE_ROLE_LINE = re.compile(r'^kind = "(text|emotion)"\nrole = ', re.MULTILINE)


def test_a_lane_keyed_by_a_role_has_that_role_and_others_are_other() -> None:
    assert Lane("pain_points", "Pain points").role == "pain_points"
    assert Lane("opportunities", "Ideas").role == "opportunities"
    assert Lane("douleurs", "Points de douleur").role == "other"
    assert Lane("mood", "Mood", "emotion").role == "emotions"
    assert Lane("douleurs", "Points de douleur", role="pain_points").role == "pain_points"


def test_an_unknown_role_is_refused_by_the_model() -> None:
    with pytest.raises(ModelError, match="unknown lane role"):
        Lane("x", "X", role="pain")  # type: ignore[arg-type]


def test_a_map_written_before_roles_is_saved_byte_for_byte(small_map: JourneyMap) -> None:
    text = dumps(small_map)
    assert not LANE_ROLE_LINE.search(text)
    assert dumps(loads(text)) == text


def test_a_declared_role_is_written_after_the_kind_and_read_back(small_map: JourneyMap) -> None:
    lanes = (*small_map.lanes, Lane("douleurs", "Points de douleur", role="pain_points"))
    m = replace(small_map, lanes=lanes)
    text = dumps(m)
    lane = 'key = "douleurs"\ntitle = "Points de douleur"\nkind = "text"\nrole = "pain_points"\n'
    assert lane in text
    assert len(LANE_ROLE_LINE.findall(text)) == 1
    assert loads(text) == m


def test_a_role_equal_to_the_implied_one_is_not_written() -> None:
    for key in ("pain_points", "notes"):
        lane = Lane(key, "T", role=implied_role(key))
        assert lane == Lane(key, "T")


@given(maps())
def test_roles_survive_a_round_trip(m: JourneyMap) -> None:
    assert [lane.role for lane in loads(dumps(m)).lanes] == [lane.role for lane in m.lanes]


@given(st.sampled_from(LANE_ROLES))
def test_set_lane_role_is_undoable(role: str) -> None:
    m = load_template("basic")
    new = undoable(m, SetLaneRole(0, role))  # type: ignore[arg-type]
    assert new.lanes[0].role == role
    assert new.lanes[0].title == m.lanes[0].title


def test_set_lane_role_refuses_an_unknown_role(small_map: JourneyMap) -> None:
    with pytest.raises(ModelError):
        SetLaneRole(0, "nonsense").apply(small_map)  # type: ignore[arg-type]


def test_changing_the_kind_moves_an_implied_role_with_it_and_undo_restores_it() -> None:
    m = load_template("basic")
    no_emotion = replace(m, lanes=tuple(lane for lane in m.lanes if lane.kind == "text"))
    feelings = replace(no_emotion, lanes=(*no_emotion.lanes, Lane("feelings", "Feelings")))
    index = len(feelings.lanes) - 1
    new = undoable(feelings, SetLaneKind(index, "emotion"))
    assert new.lanes[index].role == "emotions"
    assert not LANE_ROLE_LINE.search(dumps(new))
    declared = SetLaneRole(index, "thoughts").apply(feelings)[0]
    assert undoable(declared, SetLaneKind(index, "emotion")).lanes[index].role == "thoughts"


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_templates_give_every_lane_a_role_of_its_own(name: str) -> None:
    m = load_template(name)
    # (a template has no phase ids: each map made from it draws its own)
    written = "".join(
        line for line in dumps(m).splitlines(keepends=True) if not line.startswith("id = ")
    )
    assert written == template_text(name)
    roles = {lane.role for lane in m.lanes}
    assert "other" not in roles or name == "day-in-the-life"  # (its tools lane)
    assert "emotions" in roles


def test_the_touchpoint_template_says_what_works_and_what_disappoints() -> None:
    roles = {lane.key: lane.role for lane in load_template("touchpoint-map").lanes}
    assert roles["what_works"] == "positives"
    assert roles["what_disappoints"] == "negatives"


def test_diff_shows_a_changed_role(small_map: JourneyMap) -> None:
    from cxtui.diff import diff_maps, format_diff

    after = SetLaneRole(0, "touchpoints").apply(small_map)[0]
    shown = format_diff(diff_maps(small_map, after), small_map, after, "text", "a", "b")
    assert "(role touchpoints)" in shown
