"""CSV export and import: exact round trips, formula injection, positioned errors."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from cxtui.fileformat import MapFileError, read_map
from cxtui.interchange import csv_io, json_io
from cxtui.model import JourneyMap, Lane, Phase

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT = GOLDEN.parents[1]
MAPS = [GOLDEN / "fixture.toml", *sorted((GOLDEN / "maps").glob("*.toml")),
        *sorted((ROOT / "sample_maps").glob("*.toml"))]  # fmt: skip
IDS = [p.stem for p in MAPS]


def records(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix(csv_io.BOM))))


@pytest.mark.parametrize("path", MAPS, ids=IDS)
def test_csv_round_trip_is_exact(path: Path) -> None:
    m = read_map(path)
    assert csv_io.loads(csv_io.dumps(m), "x.csv") == m


@pytest.mark.parametrize("path", MAPS, ids=IDS)
def test_json_round_trip_is_exact(path: Path) -> None:
    m = read_map(path)
    assert json_io.loads(json_io.dumps(m), "x.json") == m


@pytest.mark.parametrize("path", MAPS, ids=IDS)
def test_csv_is_a_grid_the_csv_module_reads(path: Path) -> None:
    m = read_map(path)
    rows = records(csv_io.dumps(m))
    header = next(i for i, row in enumerate(rows) if not row[0].startswith("#"))
    assert rows[header][:3] == ["Lane", "Key", "Kind"]
    table = rows[header:]
    assert {len(row) for row in table} == {3 + len(m.phases)}
    assert table[1][:2] == ["Stage", "stage"]
    assert table[2] == ["Id", "id", "", *(p.id for p in m.phases)]
    first = 4 if any(p.link for p in m.phases) else 3
    assert [row[1] for row in table[first : first + len(m.lanes)]] == [lane.key for lane in m.lanes]


def test_layout_of_the_fixture() -> None:
    rows = records(csv_io.dumps(read_map(GOLDEN / "fixture.toml")))
    assert rows[0] == ["#cxtui", "1"]
    assert rows[1] == ["#title", "Buying shoes: online | in store"]
    assert ["#persona.goals", "Same model, right size"] in rows
    assert ["#emotion_scale.min", "-2"] in rows
    table = rows[rows.index(["Lane", "Key", "Kind", "Discover", "Compare: sizes", "Checkout",
                             "Title search", "Unboxing"]):]  # fmt: skip
    assert table[1] == ["Stage", "stage", "", "Before purchase", "Before purchase", "Purchase",
                        "Purchase", ""]  # fmt: skip
    m = read_map(GOLDEN / "fixture.toml")
    assert table[2] == ["Id", "id", "", *(p.id for p in m.phases)]
    assert table[3][:4] == [
        "Actions", "actions", "text",
        "Searches for her shoe model\nCompares three shops | price vs. delivery",
    ]  # fmt: skip
    assert table[4] == ["Emotions", "emotions", "emotion", "1", "-1", "-2", "", "2"]


def test_formula_injection_is_guarded() -> None:
    notes = ('=HYPERLINK("http://x")', "+1", "-2 items", "@SUM(A1)", "'quoted", "plain")
    lanes = (Lane("notes", "=Lane"),)
    phases = tuple(Phase(note, stage=note, cells={"notes": (note,)}) for note in notes)
    m = JourneyMap("=title", lanes=lanes, phases=phases)
    text = csv_io.dumps(m)
    for row in records(text):
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), row
            if cell.startswith("-"):
                assert cell.lstrip("-").isdigit(), cell  # numbers only (scores, the scale)
    assert csv_io.loads(text, "x.csv") == m


def test_a_map_rated_without_an_emotion_lane_keeps_its_scores() -> None:
    m = read_map(GOLDEN / "maps" / "no-emotion-lane.toml")
    rows = records(csv_io.dumps(m))
    assert rows[-1][:3] == ["Emotion", "emotion", ""]
    assert csv_io.loads(csv_io.dumps(m), "x.csv") == m


def test_spreadsheet_output_reads_crlf_padding_and_blank_rows() -> None:
    text = (
        "#title,Padded,,,\r\n"
        ",,,,\r\n"
        "Lane,Key,Kind,One,Two\r\n"
        "Stage,stage,,S,S\r\n"
        'Actions,actions,,"a\r\nb",\r\n'
        "Mood,mood,emotion,+1,-2\r\n"
        "Extra,,text,x,\r\n"
    )
    m = csv_io.loads(text, "sheet.csv")
    assert m.title == "Padded"
    assert [p.title for p in m.phases] == ["One", "Two"]
    assert m.phases[0].notes("actions") == ("a", "b")
    assert [p.emotion for p in m.phases] == [1, -2]
    assert [(lane.key, lane.kind) for lane in m.lanes] == [
        ("actions", "text"), ("mood", "emotion"), ("extra", "text"),
    ]  # fmt: skip


def problem_of(text: str) -> tuple[int, int, str]:
    with pytest.raises(MapFileError) as caught:
        csv_io.loads(text, "bad.csv")
    first = caught.value.problems[0]
    assert first.source == "bad.csv"
    return first.line, first.col, first.message


GOOD_HEAD = "#title,T\nLane,Key,Kind,A,B\n"


def test_a_score_that_is_not_a_number() -> None:
    line, col, message = problem_of(GOOD_HEAD + "Mood,mood,emotion,1,lots\n")
    assert (line, col) == (3, 21)
    assert "emotion must be an integer" in message


def test_a_score_outside_the_scale() -> None:
    line, col, message = problem_of(GOOD_HEAD + 'Stage,stage,,"x\ny",\nMood,mood,emotion,9,\n')
    assert (line, col) == (5, 19)
    assert "outside the scale" in message


def test_a_bad_lane_key_and_kind() -> None:
    with pytest.raises(MapFileError) as caught:
        csv_io.loads(GOOD_HEAD + "Do,Bad Key,text,x,y\nMood,mood,emotoin,1,2\n", "bad.csv")
    found = [(p.line, p.col, p.message) for p in caught.value.problems]
    assert found[0][:2] == (3, 4)
    assert "lane key 'Bad Key'" in found[0][2]
    assert found[1][:2] == (4, 11)
    assert "did you mean 'emotion'" in found[1][2]


def test_an_unclosed_quote() -> None:
    line, col, message = problem_of(GOOD_HEAD + 'Do,do,text,"never closed,y\n')
    assert (line, col) == (3, 12)
    assert "never closed" in message


def test_a_missing_header() -> None:
    line, col, message = problem_of("#title,T\nActions,actions,text,a\n")
    assert (line, col) == (2, 1)
    assert "header row" in message
    assert "no header row" in problem_of("#title,T\n#kind,future-state\n")[2]


def test_metadata_problems() -> None:
    assert problem_of("#title,T\n#title,U\nLane,Key,Kind,A\n")[:2] == (2, 1)
    line, col, message = problem_of("#title,T,U\nLane,Key,Kind,A\n")
    assert (line, col) == (1, 10)
    assert "one value" in message
    with pytest.raises(MapFileError) as caught:
        csv_io.loads("#titel,T\nLane,Key,Kind,A\nDo,do,text,x\n", "bad.csv")
    messages = [(p.line, p.col, p.message) for p in caught.value.problems]
    assert (1, 1, "the map has no title (add a row `#title,<the title>`)") in messages
    assert (1, 1, "unknown metadata row #titel; did you mean '#title'?") in messages
    line, col, message = problem_of("#title,T\n#kind,curent-state\nLane,Key,Kind,A\nDo,do,,x\n")
    assert (line, col) == (2, 7)


def test_no_lanes_and_no_phases() -> None:
    assert "no lanes" in problem_of("#title,T\nLane,Key,Kind,A\n")[2]
    assert "no phases" in problem_of("#title,T\nLane,Key,Kind\nDo,do,text\n")[2]


def test_a_second_stage_row() -> None:
    line, col, message = problem_of(GOOD_HEAD + "Stage,stage,,a,b\nStage,stage,,c,d\nDo,do,,x,y\n")
    assert (line, col) == (4, 7)
    assert "second stage row" in message


def test_semicolon_separated_files_are_named() -> None:
    line, col, message = problem_of("#title;T\nLane;Key;Kind;A\n")
    assert (line, col) == (1, 1)
    assert "`;`" in message


def test_phase_ids_and_links_come_back_votes_and_conflicts_do_not(small_map: JourneyMap) -> None:
    from cxtui.model import Conflict

    second = replace(
        small_map.phases[1],
        id="sizes",
        link="detail/sizes.toml",
        votes={("pain_points", small_map.phases[1].notes("pain_points")[0]): ("ann",)},
    )
    m = replace(
        small_map,
        phases=(small_map.phases[0], second, *small_map.phases[2:]),
        conflicts=(Conflict("emotion", "sizes", None, -1, 0, 1),),
    )
    rows = records(csv_io.dumps(m))
    assert ["Link", "link", "", "", "detail/sizes.toml", "", ""] in rows
    back = csv_io.loads(csv_io.dumps(m))
    assert [p.id for p in back.phases] == [p.id for p in m.phases]
    assert back.phases[1].link == "detail/sizes.toml"
    assert back.phases[1].votes == {} and back.conflicts == ()
