"""JSON interchange: the documented shape, exact round trips, positioned problems."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import maps, team_maps

from cxtui import fileformat
from cxtui.fileformat import MapFileError, Problem
from cxtui.interchange import json_io
from cxtui.model import Conflict, JourneyMap


def the_problem(text: str) -> Problem:
    with pytest.raises(MapFileError) as caught:
        json_io.loads(text, "map.json")
    assert len(caught.value.problems) == 1, caught.value.problems
    problem = caught.value.problems[0]
    assert str(problem).startswith(f"map.json:{problem.line}:{problem.col}: ")
    return problem


def at(text: str, line: int, col: int) -> str:
    return text.split("\n")[line - 1][col - 1 :]


def test_the_exact_shape(small_map: JourneyMap) -> None:
    data = json.loads(json_io.dumps(small_map))
    assert data == {
        "title": "Buying running shoes online",
        "kind": "current-state",
        "description": "Ann replaces her worn-out running shoes.\nInterviews, March 2026.",
        "persona": {
            "name": "Ann Okafor",
            "role": "Weekend runner",
            "goals": ["Same model, right size"],
            "needs": ["Clear stock and delivery dates"],
            "frustrations": ["Size charts that disagree"],
            "quote": "I just want the same shoes again, quickly.",
        },
        "emotion_scale": {"min": -2, "max": 2},
        "lanes": [
            {"key": "actions", "title": "Actions", "kind": "text"},
            {"key": "thoughts", "title": "Thoughts", "kind": "text"},
            {"key": "emotions", "title": "Emotions", "kind": "emotion"},
            {"key": "pain_points", "title": "Pain points", "kind": "text"},
        ],
        "phases": [
            {
                "id": small_map.phases[0].id,
                "title": "Discover",
                "stage": "Before purchase",
                "emotion": 1,
                "cells": {
                    "actions": ["Searches for her shoe model", "Compares three shops"],
                    "thoughts": [],
                    "pain_points": [],
                },
            },
            {
                "id": small_map.phases[1].id,
                "title": "Compare sizes",
                "stage": "Before purchase",
                "emotion": -1,
                "cells": {
                    "actions": ["Reads the size charts"],
                    "thoughts": ["Which chart is right?"],
                    "pain_points": ["#pain Charts disagree by half a size"],
                },
            },
            {
                "id": small_map.phases[2].id,
                "title": "Checkout",
                "stage": "Purchase",
                "emotion": -2,
                "cells": {
                    "actions": ["Creates an account to pay"],
                    "thoughts": [],
                    "pain_points": ["#pain Forced account creation", "#idea Guest checkout"],
                },
            },
            {
                "id": small_map.phases[3].id,
                "title": "Delivery",
                "stage": "After purchase",
                "emotion": None,
                "cells": {"actions": [], "thoughts": ["Will they fit?"], "pain_points": []},
            },
        ],
        "tags": {"pain": "red", "idea": "#1e88e5"},
    }
    assert list(data) == [
        "title", "kind", "description", "persona", "emotion_scale", "lanes", "phases", "tags",
    ]  # fmt: skip


def test_optional_parts_are_null_and_tags_absent(small_map: JourneyMap) -> None:
    data = json.loads(json_io.dumps(replace(small_map, description=None, persona=None, tags={})))
    assert data["description"] is None and data["persona"] is None
    assert "tags" not in data


def test_text_is_utf8_not_escaped_and_ends_with_a_newline() -> None:
    from cxtui.model import Lane, Phase

    m = JourneyMap("旅 😀 [b]", lanes=(Lane("a", "A"),), phases=(Phase("p"),))
    text = json_io.dumps(m)
    assert '"title": "旅 😀 [b]"' in text
    assert text.endswith("}\n")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(marks=True))
def test_round_trip(m: JourneyMap) -> None:
    text = json_io.dumps(m)
    back = json_io.loads(text)
    assert back == m
    assert json_io.dumps(back) == text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(team_maps())
def test_a_map_file_through_json_is_the_same_map(generated: JourneyMap) -> None:
    """TOML -> JSON -> model: ids, votes, links, the persona file and conflicts kept."""
    m = fileformat.loads(fileformat.dumps(generated))
    text = json_io.dumps(m)
    back = json_io.loads(text)
    assert back == m
    assert [p.id for p in back.phases] == [p.id for p in generated.phases]
    assert back.conflicts == generated.conflicts
    assert json_io.dumps(back) == text


def test_ids_votes_links_and_conflicts_are_in_the_json(small_map: JourneyMap) -> None:
    first = small_map.phases[1]
    voted = replace(
        first,
        id="calls",
        link="detail/sizes.toml",
        votes={("pain_points", first.notes("pain_points")[0]): ("bo", "ann")},
    )
    conflict = Conflict("emotion", "calls", None, -1, 0, 1)
    m = replace(
        small_map,
        phases=(small_map.phases[0], voted, *small_map.phases[2:]),
        conflicts=(conflict,),
        persona_file="personas/ann.toml",
    )
    data = json.loads(json_io.dumps(m))
    phase = data["phases"][1]
    assert phase["id"] == "calls" and phase["link"] == "detail/sizes.toml"
    assert phase["votes"] == {
        "pain_points": {"#pain Charts disagree by half a size": ["ann", "bo"]}
    }
    assert "votes" not in data["phases"][0] and "link" not in data["phases"][0]
    assert data["conflicts"] == [
        {"field": "emotion", "phase": "calls", "base": -1, "ours": 0, "theirs": 1}
    ]
    assert data["persona_file"] == "personas/ann.toml"
    assert data["persona"]["name"] == "Ann Okafor"  # scripts still see the persona itself
    assert json_io.loads(json_io.dumps(m)) == m


def test_a_bad_persona_file_or_vote_is_positioned(small_map: JourneyMap) -> None:
    text = json_io.dumps(replace(small_map, persona_file="p.toml")).replace('"p.toml"', '"/etc/p"')
    problem = the_problem(text)
    assert "relative" in problem.message and at(text, problem.line, problem.col).startswith(
        '"/etc/p"'
    )
    data = json.loads(json_io.dumps(small_map))
    data["phases"][0]["votes"] = {"nope": {"x": ["ann"]}}
    text = json.dumps(data, indent=2)
    problem = the_problem(text)
    assert "no text lane" in problem.message
    assert '"nope": {' in text.split("\n")[problem.line - 1]


def test_a_compact_hand_written_map_reads() -> None:
    m = json_io.loads(
        '{"title": "t", "lanes": [{"key": "a"}, {"key": "e", "kind": "emotion"}],'
        ' "phases": [{"title": "p", "emotion": 2, "cells": {"a": ["x"]}}]}'
    )
    assert m.lanes[0].title == "A"
    assert m.phases[0].notes("a") == ("x",) and m.phases[0].emotion == 2


# -- problems --------------------------------------------------------------------------


def test_malformed_json_is_positioned() -> None:
    text = '{\n  "title": "x",\n  "lanes": [,]\n}\n'
    problem = the_problem(text)
    assert (problem.line, problem.col) == (3, 13)
    assert at(text, 3, 13).startswith(",]")
    assert problem.message.startswith("JSON syntax: ")


def test_a_truncated_file_is_positioned_at_its_end() -> None:
    text = '{\n  "title": "x",\n  "lanes": [\n'
    problem = the_problem(text)
    assert problem.line == 4 and problem.col == 1
    assert "JSON syntax" in problem.message


def test_an_emotion_outside_the_scale_points_at_its_value(small_map: JourneyMap) -> None:
    text = json_io.dumps(small_map).replace('"emotion": -1,', '"emotion": 9,')
    problem = the_problem(text)
    line = next(n for n, s in enumerate(text.split("\n"), 1) if '"emotion": 9' in s)
    assert (problem.line, problem.col) == (line, text.split("\n")[line - 1].index("9") + 1)
    assert problem.message == "emotion 9 is outside the scale -2..2"


@pytest.mark.parametrize(
    ("old", "new", "value", "fragment"),
    [
        ('"kind": "current-state"', '"kind": "current_state"', '"current_state"', "did you mean"),
        ('"key": "emotions"', '"key": "Emotions"', '"Emotions"', "lower-case letters"),
        ('"kind": "emotion"', '"kind": "emotions"', '"emotions"', "unknown lane kind"),
        ('"max": 2', '"max": 2.5', "2.5", "emotion_scale.max must be an integer"),
        ('"idea": "#1e88e5"', '"idea": "blueish"', '"blueish"', "is not a colour"),
        ('"title": "Checkout"', '"title": 7', "7", "title must be a string"),
        ('"emotion": -2', '"emotion": true', "true", "not a boolean True"),
    ],
)
def test_semantic_problems_point_at_the_json_value(
    small_map: JourneyMap, old: str, new: str, value: str, fragment: str
) -> None:
    original = json_io.dumps(small_map)
    assert original.count(old) == 1
    text = original.replace(old, new)
    problem = the_problem(text)
    assert at(text, problem.line, problem.col).startswith(value), problem
    assert new in text.split("\n")[problem.line - 1]
    assert fragment in problem.message


def test_notes_for_no_lane_point_at_that_cell(small_map: JourneyMap) -> None:
    text = json_io.dumps(small_map).replace('"thoughts": [\n', '"thougts": [\n', 1)
    problem = the_problem(text)
    assert "'thougts', which is no lane; did you mean 'thoughts'?" in problem.message
    assert '"thougts"' in text.split("\n")[problem.line - 1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "a map in JSON is one object {...}"),
        ('"map"', "a map in JSON is one object {...}"),
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ],
)
def test_not_a_map_object(text: str, message: str) -> None:
    problem = the_problem(text)
    assert (problem.line, problem.col, problem.message) == (1, 1, message)


def test_control_characters_in_json_are_neutralised() -> None:
    m = json_io.loads(
        '{"title": "a\\u001b]0;x\\u0007b", "lanes": [{"key": "a", "title": "\\u202eL"}],'
        ' "phases": [{"title": "p\\nq", "cells": {"a": ["\\u009bn"]}}]}'
    )
    assert (m.title, m.lanes[0].title, m.phases[0].title) == ("a]0;xb", "L", "p q")
    assert m.phases[0].notes("a") == ("n",)


@pytest.mark.parametrize("number", ["1" * 4301, str(-(2**63) - 1)])
def test_a_huge_integer_is_one_positioned_problem(number: str) -> None:
    text = '{"title": "T", "lanes": [{"key": "a", "title": "A"}],\n'
    text += '"phases": [{"title": "P", "emotion": ' + number + "}]}"
    with pytest.raises(MapFileError) as caught:
        json_io.loads(text, "m.json")
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (2, text.split("\n")[1].index(number) + 1)
    assert "too large" in problem.message or "4,300 digits" in problem.message
    assert len(problem.message) < 200


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
        | st.dictionaries(st.integers(-3, 3), inner, max_size=2)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_json_values)
def test_indented_json_is_what_json_dumps_writes(value: object) -> None:
    assert json_io.indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
