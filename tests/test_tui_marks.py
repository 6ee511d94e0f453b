"""Marks in the editor: `!` a fail point, `~` a wait, `T` a touchpoint's judgment, each on
a note of the focused cell (chosen from a list when the cell has several), undone by `u`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import (
    ACTIONS,
    THOUGHTS,
    make_app,
    notifications,
    sample_map,
    screen_text,
    wait_for_screen,
    wait_until,
    write_map,
)

from cxtui.fileformat import read_map
from cxtui.model import JourneyMap
from cxtui.tui.dialogs.prompts import ChoiceDialog
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.screens.phase_reader import PhaseReader


def marks_of(map_: JourneyMap, phase: int, lane: str, note: str) -> tuple[str, ...]:
    return map_.phases[phase].marks_of(lane, note)


async def test_bang_marks_the_only_note_as_a_fail_point_and_undo_takes_it_off(
    tmp_path: Path,
) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_for_screen(pilot, MapScreen)
        screen.move_to(1, THOUGHTS)
        await pilot.pause()
        await pilot.press("!")
        await pilot.pause()
        assert marks_of(app.document.map, 1, "thoughts", "Quick #idea") == ("fail",)
        assert "• ✗ Quick #idea" in screen_text(app)
        assert any("✗ fail point: Quick #idea" in n for n in notifications(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert 'marks.thoughts."Quick #idea" = ["fail"]\n' in path.read_text()
        await pilot.press("u")
        await pilot.pause()
        assert marks_of(app.document.map, 1, "thoughts", "Quick #idea") == ()
        assert "✗" not in screen_text(app)
        await pilot.press("U")  # redo
        await pilot.pause()
        assert marks_of(app.document.map, 1, "thoughts", "Quick #idea") == ("fail",)
        await pilot.press("!")  # again: unmarked
        await pilot.pause()
        assert marks_of(app.document.map, 1, "thoughts", "Quick #idea") == ()


async def test_tilde_asks_which_note_when_the_cell_has_several(tmp_path: Path) -> None:
    m = sample_map()
    path = write_map(tmp_path / "map.toml", m)
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_for_screen(pilot, MapScreen)
        screen.move_to(0, ACTIONS)  # "Sees an ad", "Asks a friend"
        await pilot.pause()
        await pilot.press("~")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        options = dialog.query_one(OptionList)
        assert str(options.get_option_at_index(1).prompt) == "Asks a friend"
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, MapScreen)
        assert marks_of(app.document.map, 0, "actions", "Asks a friend") == ("wait",)
        assert marks_of(app.document.map, 0, "actions", "Sees an ad") == ()
        await pilot.pause()
        assert "• ◷ Asks a friend" in screen_text(app)
        # the list shows a note's marks
        await pilot.press("!")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert str(dialog.query_one(OptionList).get_option_at_index(1).prompt) == (
            "◷ Asks a friend"
        )
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert marks_of(app.document.map, 0, "actions", "Asks a friend") == ("wait",)
        await pilot.press("u")
        await pilot.pause()
        assert app.document.map.phases[0].marks == {}


async def test_t_cycles_works_needs_work_none_and_undo_steps_back(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, MapScreen)
        screen.move_to(2, ACTIONS)  # "Queues"
        await pilot.pause()
        seen = []
        for _ in range(3):
            await pilot.press("T")
            await pilot.pause()
            seen.append(marks_of(app.document.map, 2, "actions", "Queues"))
            if seen[-1]:
                assert "Queues" in screen_text(app)
        assert seen == [("works",), ("needs_work",), ()]
        await pilot.press("u")
        await pilot.pause()
        assert marks_of(app.document.map, 2, "actions", "Queues") == ("needs_work",)
        assert "• △ Queues" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert marks_of(app.document.map, 2, "actions", "Queues") == ("works",)


async def test_a_mark_key_on_a_cell_without_notes_says_so(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, MapScreen)
        screen.move_to(2, THOUGHTS)  # empty
        await pilot.pause()
        before = app.document.map
        await pilot.press("T")
        await wait_until(pilot, lambda: bool(notifications(app)))
        assert any("no note here" in n for n in notifications(app))
        assert app.document.map == before


async def test_the_phase_reader_names_the_marks(tmp_path: Path) -> None:
    m = sample_map()
    order = replace(m.phases[1], marks={("thoughts", "Quick #idea"): ("fail", "wait")})
    path = write_map(tmp_path / "map.toml", replace(m, phases=(m.phases[0], order, *m.phases[2:])))
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_for_screen(pilot, MapScreen)
        screen.move_to(1, THOUGHTS)
        await pilot.pause()
        await pilot.press("t")
        await wait_for_screen(pilot, PhaseReader)
        await pilot.pause()
        assert "[✗ fail point, ◷ wait] Quick (tag idea)" in screen_text(app)


def marked_sample() -> JourneyMap:
    m = sample_map()
    marks = (
        {("actions", "Sees an ad"): ("works",), ("actions", "Asks a friend"): ("needs_work",)},
        {("thoughts", "Quick #idea"): ("fail", "wait")},
        {("actions", "Queues"): ("wait",)},
        {},
    )
    return replace(
        m, phases=tuple(replace(p, marks=k) for p, k in zip(m.phases, marks, strict=True))
    )


def test_the_grid_shows_each_mark_by_its_symbol(snap_compare) -> None:
    from cxtui.document import Document
    from cxtui.tui.app import CxtuiApp

    app = CxtuiApp(Document(marked_sample(), Path("/nonexistent/marks.toml")), guard=False)
    assert snap_compare(app, terminal_size=(80, 24))


async def test_with_a_tag_filter_on_a_mark_goes_only_on_a_note_the_grid_shows(
    tmp_path: Path,
) -> None:
    m = sample_map()
    first = replace(m.phases[0], cells={"actions": ("Sees an ad", "Asks a friend #slow")})
    path = write_map(tmp_path / "map.toml", replace(m, phases=(first, *m.phases[1:])))
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_for_screen(pilot, MapScreen)
        screen.show_only_tag("slow")
        screen.move_to(0, ACTIONS)
        await pilot.pause()
        await pilot.press("!")  # one note shown: marked at once, no list with the hidden one
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)
        assert marks_of(app.document.map, 0, "actions", "Asks a friend #slow") == ("fail",)
        assert marks_of(app.document.map, 0, "actions", "Sees an ad") == ()
        screen.move_to(2, ACTIONS)  # "Queues": no note tagged #slow
        await pilot.pause()
        await pilot.press("~")
        await pilot.pause()
        assert marks_of(app.document.map, 2, "actions", "Queues") == ()
        assert any("no note tagged #slow here to mark as wait" in n for n in notifications(app))
