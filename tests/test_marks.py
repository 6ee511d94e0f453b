"""Marks on notes (fail point, wait, works, needs work): the model and its edits, the
file format and its checks, JSON and CSV, every view and the insights."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import RunCli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from strategies import phases_for

from cxtui.fileformat import MapFileError, dumps, loads
from cxtui.insights import insights, report_json
from cxtui.interchange import csv_io, html_page, json_io, markdown, svg
from cxtui.linear import dumps as linear_dumps
from cxtui.merge import merge_maps
from cxtui.model import (
    MARK_SYMBOLS,
    MARKS,
    EmotionScale,
    JourneyMap,
    Lane,
    ModelError,
    Phase,
    SetMarks,
    SetNotes,
    ToggleVote,
    cycle_judgment,
    toggle_mark,
)
from cxtui.templates import load_template

LANES = (Lane("touchpoints", "Touchpoints"), Lane("thoughts", "Thoughts"))
DESK = "Desk staff"
APP = "App store page"


def touch_map() -> JourneyMap:
    """A small touchpoint map of borrowing an e-book: two phases, one touchpoint lane."""
    lanes = (Lane("touchpoints", "Touchpoints", role="touchpoints"), Lane("thoughts", "Thoughts"))
    find = Phase("Find the app", cells={"touchpoints": (APP, DESK), "thoughts": ("Which app?",)})
    borrow = Phase("Borrow", cells={"touchpoints": ("Hold queue",)})
    return JourneyMap("E-book loan", kind="touchpoint-map", lanes=lanes, phases=(find, borrow))


def marked_map() -> JourneyMap:
    m = touch_map()
    for edit in (
        SetMarks(0, "touchpoints", APP, ("fail", "needs_work")),
        SetMarks(0, "touchpoints", DESK, ("works",)),
        SetMarks(1, "touchpoints", "Hold queue", ("wait",)),
    ):
        m = edit.apply(m)[0]
    return m


# -- the model ---------------------------------------------------------------------------


def test_every_symbol_is_one_cell_wide_and_distinct() -> None:
    assert all(cell_len(MARK_SYMBOLS[name]) == 1 for name in MARKS)
    assert len(set(MARK_SYMBOLS.values())) == len(MARKS)


def test_toggling_a_mark_and_undoing_it() -> None:
    m = touch_map()
    edit = toggle_mark(m, 0, "touchpoints", DESK, "fail")
    marked, undo = edit.apply(m)
    assert marked.phases[0].marks_of("touchpoints", DESK) == ("fail",)
    assert undo.apply(marked)[0] == m
    again = toggle_mark(marked, 0, "touchpoints", DESK, "fail").apply(marked)[0]
    assert again.phases[0].marks_of("touchpoints", DESK) == ()
    assert again == m


def test_a_judgment_cycles_works_needs_work_none_and_keeps_other_marks() -> None:
    m = SetMarks(0, "touchpoints", DESK, ("wait",)).apply(touch_map())[0]
    seen = []
    for _ in range(3):
        m = cycle_judgment(m, 0, "touchpoints", DESK).apply(m)[0]
        seen.append(m.phases[0].marks_of("touchpoints", DESK))
    assert seen == [("wait", "works"), ("wait", "needs_work"), ("wait",)]


def test_one_judgment_replaces_the_other() -> None:
    m = SetMarks(0, "touchpoints", DESK, ("works",)).apply(touch_map())[0]
    m = toggle_mark(m, 0, "touchpoints", DESK, "needs_work").apply(m)[0]
    assert m.phases[0].marks_of("touchpoints", DESK) == ("needs_work",)


@pytest.mark.parametrize(
    ("note", "names", "message"),
    [
        (DESK, ("works", "needs_work"), "not both"),
        (DESK, ("broken",), "unknown mark 'broken'"),
        ("No such note", ("fail",), "no such note"),
    ],
)
def test_the_model_refuses_bad_marks(note: str, names: tuple[str, ...], message: str) -> None:
    with pytest.raises(ModelError, match=message):
        SetMarks(0, "touchpoints", note, names).apply(touch_map())  # type: ignore[arg-type]


def test_a_note_edited_in_place_keeps_its_marks_and_undo_gives_them_back() -> None:
    m = marked_map()
    edited, undo = SetNotes(0, "touchpoints", ("App store listing", DESK)).apply(m)
    assert edited.phases[0].marks_of("touchpoints", "App store listing") == ("fail", "needs_work")
    assert edited.phases[0].marks_of("touchpoints", APP) == ()
    assert edited.phases[0].marks_of("touchpoints", DESK) == ("works",)
    assert 'marks.touchpoints."App store listing" = ["fail", "needs_work"]' in dumps(edited)
    restored = undo.apply(edited)[0]
    assert restored.phases[0].marks == m.phases[0].marks


def test_a_note_added_beside_an_edited_one_does_not_move_marks_to_it() -> None:
    m = marked_map()
    # DESK edited to other words and a note added before it: the marks follow the edit
    edited = SetNotes(0, "touchpoints", (APP, "New note", "Desk staff at 9")).apply(m)[0]
    phase = edited.phases[0]
    assert phase.marks_of("touchpoints", "New note") == ()
    assert phase.marks_of("touchpoints", APP) == ("fail", "needs_work")
    # a note removed takes nothing anywhere: its mark is not written, undo brings it back
    removed, undo = SetNotes(0, "touchpoints", (DESK,)).apply(m)
    assert APP not in dumps(removed).split("[[phases]]")[1].split("marks.")[-1]
    assert undo.apply(removed)[0].phases[0].marks_of("touchpoints", APP) == ("fail", "needs_work")


def test_votes_stay_with_the_words_they_were_given_to() -> None:
    m = ToggleVote(0, "touchpoints", APP, "ann").apply(marked_map())[0]
    edited = SetNotes(0, "touchpoints", ("App store listing", DESK)).apply(m)[0]
    assert edited.phases[0].voters("touchpoints", "App store listing") == ()


def test_a_merge_keeps_the_marks_each_side_changed() -> None:
    base = touch_map()
    ours = SetMarks(0, "touchpoints", APP, ("fail",)).apply(base)[0]
    theirs = SetMarks(0, "touchpoints", DESK, ("works",)).apply(base)[0]
    merged = merge_maps(base, ours, theirs)
    assert merged.phases[0].marks_of("touchpoints", APP) == ("fail",)
    assert merged.phases[0].marks_of("touchpoints", DESK) == ("works",)


def test_a_merge_keeps_the_marks_both_sides_gave_one_note() -> None:
    base = SetMarks(0, "touchpoints", APP, ("needs_work",)).apply(touch_map())[0]
    ours = SetMarks(0, "touchpoints", APP, ("fail", "needs_work")).apply(base)[0]
    theirs = SetMarks(0, "touchpoints", APP, ("wait", "needs_work")).apply(base)[0]
    for one, other in ((ours, theirs), (theirs, ours)):
        merged = merge_maps(base, one, other)
        assert merged.phases[0].marks_of("touchpoints", APP) == ("fail", "wait", "needs_work")
        assert not merged.conflicts


def test_a_merge_of_two_judgments_of_one_touchpoint_says_it_needs_work() -> None:
    base = touch_map()
    ours = SetMarks(0, "touchpoints", APP, ("works",)).apply(base)[0]
    theirs = SetMarks(0, "touchpoints", APP, ("fail", "needs_work")).apply(base)[0]
    for one, other in ((ours, theirs), (theirs, ours)):
        merged = merge_maps(base, one, other)
        assert merged.phases[0].marks_of("touchpoints", APP) == ("fail", "needs_work")
    unmarked = SetMarks(0, "touchpoints", APP, ()).apply(ours)[0]  # a side took a mark back
    assert merge_maps(ours, unmarked, ours).phases[0].marks_of("touchpoints", APP) == ()


# -- the file ----------------------------------------------------------------------------


def test_the_file_has_one_readable_line_per_marked_note() -> None:
    text = dumps(marked_map())
    assert 'marks.touchpoints."App store page" = ["fail", "needs_work"]\n' in text
    assert 'marks.touchpoints."Desk staff" = ["works"]\n' in text
    assert 'marks.touchpoints."Hold queue" = ["wait"]\n' in text
    assert loads(text) == marked_map()


def test_a_map_without_marks_is_written_as_before() -> None:
    assert "marks" not in dumps(touch_map())


def _problems(text: str) -> list[str]:
    with pytest.raises(MapFileError) as caught:
        loads(text, "map.toml")
    return [str(p) for p in caught.value.problems]


def test_bad_marks_in_a_file_are_positioned() -> None:
    text = dumps(marked_map())
    text = text.replace('["fail", "needs_work"]', '["fail", "broke"]')
    text = text.replace('"Desk staff" = ["works"]', '"Desk staff" = ["works", "needs_work"]')
    text = text.replace('"Hold queue" = ["wait"]', '"Hold queues" = ["wait"]')
    lines = text.splitlines()
    broke = next(n for n, line in enumerate(lines, 1) if "broke" in line)
    both = next(n for n, line in enumerate(lines, 1) if "needs_work" in line)
    queue = next(n for n, line in enumerate(lines, 1) if "Hold queues" in line)
    assert _problems(text) == [
        f"map.toml:{broke}:{lines[broke - 1].index('[') + 1}: unknown mark 'broke' "
        "(marks: fail, wait, works, needs_work)",
        f"map.toml:{both}:{lines[both - 1].index('[') + 1}: "
        "a touchpoint works or needs work, not both",
        f"map.toml:{queue}:1: marks on 'Hold queues', which is no note of 'touchpoints'",
    ]


def test_marks_is_no_lane_key() -> None:
    with pytest.raises(ModelError):
        Lane("marks", "Marks")


@pytest.mark.parametrize("fmt", [json_io, csv_io])
def test_marks_round_trip_through_json_and_csv(fmt: object) -> None:
    m = marked_map()
    assert fmt.loads(fmt.dumps(m)) == m  # type: ignore[attr-defined]


def test_json_writes_marks_only_where_there_are_some() -> None:
    phases = json.loads(json_io.dumps(marked_map()))["phases"]
    assert phases[0]["marks"] == {
        "touchpoints": {APP: ["fail", "needs_work"], DESK: ["works"]},
    }
    assert "marks" not in json.loads(json_io.dumps(touch_map()))["phases"][0]


def test_csv_puts_marks_before_the_note_and_escapes_a_note_that_looks_marked() -> None:
    m = marked_map()
    look_alike = "[wait] a note that only looks marked"
    m = SetNotes(1, "thoughts", (look_alike, "[] empty brackets")).apply(m)[0]
    text = csv_io.dumps(m)
    assert '"[fail, needs_work] App store page\n[works] Desk staff"' in text
    assert f'"[] {look_alike}\n[] [] empty brackets"' in text
    assert csv_io.loads(text) == m


def test_a_bad_mark_in_csv_is_positioned() -> None:
    text = csv_io.dumps(marked_map()).replace("[works] Desk", "[works, needs_work] Desk")
    with pytest.raises(MapFileError) as caught:
        csv_io.loads(text, "map.csv")
    (problem,) = caught.value.problems
    assert str(problem).startswith("map.csv:")
    assert "not both" in str(problem)
    line = text.removeprefix(csv_io.BOM).splitlines()[problem.line - 1]
    assert line.startswith("Touchpoints,touchpoints")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(phases_for(LANES, EmotionScale(), blank_notes=False, marks=True), min_size=1))
def test_csv_round_trip_keeps_every_note_and_mark(phases: list[Phase]) -> None:
    titled = tuple(replace(p, title=f"Step {i}") for i, p in enumerate(phases, 1))
    m = JourneyMap("Marks", lanes=LANES, phases=titled)
    back = csv_io.loads(csv_io.dumps(m))
    assert [(p.cells, p.marks) for p in back.phases] == [(p.cells, p.marks) for p in m.phases]


# -- the views ---------------------------------------------------------------------------


def test_print_without_colour_shows_the_symbols_and_a_legend(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "map.toml").write_text(dumps(marked_map()), encoding="utf-8")
    result = run_cli("print", "map.toml", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    sgr = re.findall(r"\x1b\[([0-9;]*)m", result.stdout)
    assert not [p for p in sgr if re.search(r"(^|;)(3|4|9|10)[0-9]", p)]  # no colour at all
    shown = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "• ✗△ App store page" in shown
    assert "• ✓ Desk staff" in shown
    assert "• ◷ Hold queue" in shown
    assert "Marks: ✗ fail point  ◷ wait  ✓ works  △ needs work" in shown


def test_the_linear_view_says_the_marks_in_words(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "map.toml").write_text(dumps(marked_map()), encoding="utf-8")
    result = run_cli("print", "--linear", "map.toml")
    assert "  [fail point, needs work] App store page\n" in result.stdout
    assert "  [wait] Hold queue\n" in result.stdout
    assert linear_dumps(marked_map()) == result.stdout


def test_html_names_each_symbol_and_lists_what_needs_work() -> None:
    page = html_page.dumps(marked_map())
    assert re.search(
        r'aria-label="fail point" title="fail point">✗</span>.*'
        r'aria-label="needs work" title="needs work">△</span> App store page',
        page,
    )
    assert '<p class="marks-legend">Marks: ' in page
    assert "<strong>Fail point:</strong>" in page
    assert "<strong>Needs work:</strong>" in page
    assert "<strong>Wait:</strong>" in page


def test_svg_and_markdown_show_the_symbols() -> None:
    assert "✗△ App store page" in svg.dumps(marked_map())
    assert "Marks: ✗ fail point, ◷ wait, ✓ works, △ needs work." in svg.dumps(marked_map())
    page = markdown.dumps(marked_map())
    assert "• ✗△ App store page<br>• ✓ Desk staff" in page
    assert "Marks: ✗ fail point, ◷ wait, ✓ works, △ needs work." in page


# -- insights ----------------------------------------------------------------------------


def test_insights_list_fail_points_waits_and_touchpoints_that_need_work() -> None:
    report = insights(marked_map())
    found = [(f.kind, f.phases, f.lane, f.notes) for f in report.findings]
    assert ("fail_point", (0,), "touchpoints", (APP,)) in found
    assert ("wait", (1,), "touchpoints", ("Hold queue",)) in found
    assert ("touchpoint_needs_work", (0,), "touchpoints", (APP,)) in found
    kinds = [f["kind"] for f in report_json(report, "map.toml")["findings"]]
    assert kinds.index("fail_point") < kinds.index("wait") < kinds.index("touchpoint_needs_work")


def test_a_map_without_marks_has_no_mark_findings() -> None:
    kinds = {f.kind for f in insights(touch_map()).findings}
    assert not kinds & {"fail_point", "wait", "touchpoint_needs_work"}


def test_the_touchpoint_template_judges_its_example_touchpoints() -> None:
    m = load_template("touchpoint-map")
    judged = {names for p in m.phases for names in p.marks.values()}
    assert judged == {("works",), ("needs_work",)}
    assert [f.kind for f in insights(m).of_kind("touchpoint_needs_work")]
    assert m.description and "needs work" in m.description


def test_marks_survive_a_phase_copy() -> None:
    m = marked_map()
    copy = replace(m.phases[0], id="")
    assert copy.marks == m.phases[0].marks


def test_diff_says_what_marks_changed() -> None:
    from cxtui.diff import MarksChanged, diff_maps, format_diff

    before = touch_map()
    after = marked_map()
    changes = [c for c in diff_maps(before, after) if isinstance(c, MarksChanged)]
    assert MarksChanged("Borrow", 1, "touchpoints", "Hold queue", (), ("wait",)) in changes
    shown = format_diff(diff_maps(before, after), before, after, "text", "a", "b")
    assert "  marks on 'Hold queue': none → wait" in shown


@pytest.mark.parametrize(
    "notes",
    [("App store listing", DESK), (DESK, DESK), (APP, APP, DESK), (), ("x",), (DESK, APP)],
)
def test_undo_of_a_cell_edit_gives_every_mark_back_exactly(notes: tuple[str, ...]) -> None:
    m = marked_map()
    edited, undo = SetNotes(0, "touchpoints", notes).apply(m)
    assert undo.apply(edited)[0] == m
