"""The grid and status line: what they show when text does not fit, and that a cursor
move repaints only the lines it changes (and those exactly as a full repaint would)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from textual.strip import Strip
from tui_helpers import grid, make_app, sample_map, screen_text, wide_map

from cxtui.model import EmotionScale, JourneyMap, Lane, Phase
from cxtui.render import sparkline
from cxtui.tui.app import CxtuiApp

LONG_NOTE = "a second note that is long enough to wrap over many lines of a narrow cell indeed"


def picture(app: CxtuiApp) -> str:
    """The app's screenshot (text and colours), without the id that differs every time."""
    return re.sub(r"terminal-\d+-", "terminal-", app.export_screenshot())


async def test_a_cursor_move_repaints_only_its_lines_as_a_full_repaint_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lanes = (Lane("a", "Actions"), Lane("b", "Thoughts"), Lane("e", "Emotions", "emotion"))
    phases = tuple(
        Phase(f"P{i}", "S", i % 3 - 1, {"a": (f"a{i}",), "b": (f"b{i}",)}) for i in range(9)
    )
    app = make_app(JourneyMap("Moves", lanes=lanes, phases=phases, scale=EmotionScale(-1, 1)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        g = grid(app)
        drawn: list[int] = []
        render_line = g.render_line

        def counted(y: int) -> Strip:
            drawn.append(y)
            return render_line(y)

        monkeypatch.setattr(g, "render_line", counted)
        for key in ("right", "down", "right", "left", "up", "end", "home", "down", "down"):
            drawn.clear()
            await pilot.press(key)
            await pilot.pause()
            if key in ("right", "left", "up", "down"):  # no scroll: the titles and two lanes
                assert 0 < len(drawn) <= 1 + 2 * 4, (key, sorted(drawn))  # lanes of 2, 2, 4 rows
            moved = picture(app)
            g.refresh()
            await pilot.pause()
            assert picture(app) == moved, f"after {key}, the grid differs from a full repaint"


async def test_a_full_cell_ends_its_cut_note_with_an_ellipsis_and_counts_the_rest() -> None:
    notes = ("one", LONG_NOTE, "three", "four", "five")
    phases = (Phase("P", None, None, {"actions": notes}), Phase("Q"), Phase("R"))  # 19 cells wide
    journey = JourneyMap("Full", lanes=(Lane("actions", "Actions"),), phases=phases)
    app = make_app(journey)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
    marks = [i for i, line in enumerate(lines) if "more" in line]
    assert len(marks) == 1 and "+3 more" in lines[marks[0]]  # three, four and five
    assert lines[marks[0] - 1].rstrip(" │").endswith("…")  # the long note, cut
    assert "• one" in lines[marks[0] - 5]


async def test_a_stage_name_too_long_for_its_column_ends_with_an_ellipsis() -> None:
    stage = "A stage name far too long for its column"
    journey = replace(
        wide_map(4), phases=tuple(replace(p, stage=stage) for p in wide_map(4).phases)
    )
    app = make_app(journey)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        stage_row = screen_text(app).splitlines()[1]
    assert "A STAGE NAME" in stage_row and "…" in stage_row
    assert stage.upper() not in stage_row


async def test_at_80_columns_the_status_line_cuts_the_phase_title_not_the_emotion() -> None:
    journey = sample_map()
    first = replace(journey.phases[1], title="Waits at the counter for a very long time indeed")
    journey = replace(journey, phases=(first, *journey.phases[1:]))  # at 0: + makes it +1
    path = Path("/nonexistent-cxtui-tests/coffee.toml")
    app = make_app(journey, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("plus")  # modified
        await pilot.pause()
        status = screen_text(app).splitlines()[-2]
    assert len(status) <= 80
    assert status.startswith(" coffee.toml [modified]  │  ")
    assert "phase 1/4 Waits at the" in status and "…" in status
    assert status.rstrip().endswith("Actions  │  emotion +1")


async def test_at_80_columns_the_header_cuts_persona_and_title_not_the_emotion_curve() -> None:
    journey = sample_map()
    assert journey.persona is not None
    persona = replace(journey.persona, role="Regular customer who orders every single morning")
    journey = replace(journey, title="Ordering coffee on the way to work " * 3, persona=persona)
    app = make_app(journey)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
    assert len(header) <= 80
    assert header.startswith(" Ordering coffee") and header.count("…") == 2
    assert "Current state  · Ada" in header
    assert header.rstrip().endswith("· emotion " + sparkline(journey).plain)


def staged_map(phases: int, per_stage: int) -> JourneyMap:
    """`phases` phases in stages of `per_stage`, scores running up and down the scale."""
    lanes = (Lane("actions", "Actions"), Lane("emotions", "Emotions", "emotion"))
    return JourneyMap(
        "Long journey",
        lanes=lanes,
        phases=tuple(
            Phase(
                f"Phase {i}",
                f"Stage {i // per_stage}",
                None if i % 11 == 10 else (i // 5) % 5 - 2,
                {"actions": (f"a{i}",)},
            )
            for i in range(phases)
        ),
    )


@pytest.mark.parametrize("phases", [4, 70, 100, 300, 1000])
@pytest.mark.parametrize("width", [80, 120])
async def test_the_header_shows_an_emotion_curve_at_every_length(phases: int, width: int) -> None:
    journey = staged_map(phases, 5) if phases > 4 else sample_map()
    app = make_app(journey)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        header = screen_text(app).splitlines()[0].rstrip()
    curve = header.split("· emotion ")[1]
    assert len(header) <= width
    assert curve and set(curve) <= set("▁▂▃▄▅▆▇█·")
    if len(header) - len(curve) + phases <= width:  # it fits: one block per phase
        assert curve == sparkline(journey).plain
    else:  # one block per run of phases, filling the rest of the line
        assert min(phases, 24) <= len(curve) < phases
        assert len(header) == width  # every cell of the line used


def test_a_summarised_curve_shows_each_runs_mean() -> None:
    from cxtui.notation import SPARK_GLYPHS, UNRATED
    from cxtui.render import sparkline_within

    scores = [-2, -2, 2, 2, None, None, 0, 1]  # runs of two: -2, 2, unrated, 0.5
    journey = JourneyMap(
        "Means",
        lanes=(Lane("e", "Emotions", "emotion"),),
        phases=tuple(Phase(f"P{i}", None, s) for i, s in enumerate(scores)),
    )
    assert sparkline_within(journey, 8).plain == sparkline(journey).plain
    curve = sparkline_within(journey, 4).plain
    low, high = SPARK_GLYPHS[0], SPARK_GLYPHS[-1]
    assert curve[:3] == low + high + UNRATED
    assert curve[3] == SPARK_GLYPHS[round(2.5 / 4 * 7)]


async def test_a_stage_starting_in_the_partly_scrolled_off_column_keeps_its_name() -> None:
    app = make_app(staged_map(12, 3))
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        g = grid(app)
        seen = set()
        for _ in range(11):
            await pilot.press("right")
            await pilot.pause()
            first, offset = divmod(int(g.scroll_x), g.phase_width)
            if not offset:
                continue
            seen.add(first % 3)  # 0: the stage's first column is cut on the left
            stage_row = screen_text(app).splitlines()[1][16:]
            shown = stage_row.split("─")[0].split(" STAGE")[0].strip() or stage_row.split()[0]
            name = f"STAGE {first // 3}"
            room = (3 - first % 3) * g.phase_width - offset  # the stage's visible cells
            if room > len(name) + 2:
                assert stage_row.startswith(f" {name} ─"), stage_row
            else:  # cut to the cells it has
                assert shown.endswith("…") and name.startswith(shown[:-1]), stage_row
        assert seen == {0, 1, 2}
