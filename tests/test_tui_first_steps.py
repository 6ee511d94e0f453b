"""What a new user trips on in the first minutes (issue 14, section 3): messages that
show markup, a misspelt file name opened as a new map with no word, help that does not
say how to close it, and a header or emotion cell that hides what it is for."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from tui_helpers import (
    make_app,
    notifications,
    sample_map,
    screen_text,
    wait_for_screen,
    wait_until,
    write_map,
)

from cxtui.model import Phase
from cxtui.render import emotion_cell, sparkline
from cxtui.tui.screens.help import HelpScreen


async def test_ctrl_c_says_how_to_quit_without_markup() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: bool(notifications(app)))
        (message,) = notifications(app)
        assert message == "Press q to quit cxtui"
        assert "[" not in screen_text(app).split("Do you want to quit?")[-1].split("\n")[1]


async def test_a_new_file_says_it_is_new_and_names_a_close_one(tmp_path: Path) -> None:
    write_map(tmp_path / "marta.toml", sample_map())
    app = make_app(sample_map(), tmp_path / "mrata.toml")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: bool(notifications(app)))
        assert notifications(app) == [
            "new file: mrata.toml (not saved yet); did you mean marta.toml?"
        ]


async def test_a_new_file_with_no_close_name_says_it_is_new(tmp_path: Path) -> None:
    app = make_app(sample_map(), tmp_path / "patients.toml")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: bool(notifications(app)))
        assert notifications(app) == ["new file: patients.toml (not saved yet)"]


async def test_an_existing_file_says_nothing(tmp_path: Path) -> None:
    path = write_map(tmp_path / "marta.toml", sample_map())
    app = make_app(sample_map(), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        assert not any("new file" in m for m in notifications(app))


@pytest.mark.parametrize("size", [(80, 24), (60, 16)])
async def test_help_says_how_to_close_it_in_view(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        await pilot.pause()
        assert "Esc, q or ?: close" in screen_text(app)


def seven_phase_map() -> object:
    m = sample_map("Patient journey through a hospital emergency department")
    phases = (*m.phases, *(Phase(f"Extra {i}", None, i - 1) for i in range(3)))
    return replace(m, phases=phases)


@pytest.mark.parametrize("size", [(60, 16), (40, 12), (100, 30)])
async def test_the_header_always_shows_the_whole_emotion_curve(size: tuple[int, int]) -> None:
    journey = seven_phase_map()
    curve = sparkline(journey).plain  # type: ignore[arg-type]
    app = make_app(journey)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        first_line = screen_text(app).splitlines()[0]
        assert first_line.endswith(curve), first_line
        assert len(first_line) <= size[0]


@pytest.mark.parametrize("width", [1, 2, 9, 10, 20])
def test_a_score_of_zero_keeps_the_baseline_in_its_cell(width: int) -> None:
    scale = sample_map().scale
    rows = emotion_cell(0, scale, width).plain.split("\n")
    marked = [row for row in rows if "●" in row]
    assert len(marked) == 1
    if width > 1:
        assert "┈" in marked[0]
        assert len(marked[0]) == width
    assert rows[-1] == "0"


def crowded_map() -> object:
    """Seven phases, the first with nine notes (more than a cell shows)."""
    m = sample_map("Patient journey")
    notes = tuple(f"Searches symptom {i} online" for i in range(9))
    extra = (Phase("Triage", None, 1), Phase("Treatment", None, 2), Phase("Follow-up", None, 1))
    return replace(m, phases=(m.phases[0].with_notes("actions", notes), *m.phases[1:], *extra))


async def test_z_narrows_the_columns_until_a_typical_map_fits_and_back() -> None:
    journey = crowded_map()
    app = make_app(journey)  # type: ignore[arg-type]
    titles = [p.title for p in journey.phases]  # type: ignore[attr-defined]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not all(t in screen_text(app) for t in titles)  # 4 of 7 phases fit
        await pilot.press("z")
        await pilot.pause()
        phase_row = screen_text(app).splitlines()[2]
        assert all(t in phase_row for t in titles), phase_row
        await wait_until(
            pilot, lambda: "compact columns: 7 of 7 phases in view" in notifications(app)
        )
        await pilot.press("z")
        await pilot.pause()
        assert not all(t in screen_text(app).splitlines()[2] for t in titles)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_w_widens_the_focused_phase_to_show_all_its_notes_and_back(
    size: tuple[int, int],
) -> None:
    journey = crowded_map()
    notes = journey.phases[0].notes("actions")  # type: ignore[attr-defined]
    app = make_app(journey)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "more" in screen_text(app)  # "+N more": not every note shows
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(app)
        assert all(note in text for note in notes), text
        assert "more" not in text
        await pilot.press("w")
        await pilot.pause()
        assert "more" in screen_text(app)


async def test_compare_from_the_future_map_reads_current_to_future_and_s_swaps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxtui.fileformat import read_map
    from cxtui.tui.dialogs.prompts import TextPrompt
    from cxtui.tui.screens.map_screen import MapScreen
    from cxtui.tui.screens.text_page import ComparePage

    monkeypatch.chdir(tmp_path)
    now = sample_map()
    better = Phase("Order", "Before", 2, {"actions": ("Orders ahead",)})
    future = replace(now, kind="future-state", phases=(now.phases[0], better, *now.phases[2:]))
    write_map(tmp_path / "now.toml", now)
    path = write_map(tmp_path / "future.toml", future)
    app = make_app(read_map(path), path)  # the future-state map is open
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("C")
        prompt = await wait_for_screen(pilot, TextPrompt)
        prompt.query_one("Input").value = "now.toml"  # type: ignore[attr-defined]
        await pilot.press("enter")
        page = await wait_for_screen(pilot, ComparePage)
        await pilot.pause()
        assert "Order: 0 → +2 (+2)" in page.text  # an improvement, not a regression
        shown = screen_text(app)
        assert "now.toml (current-state) → future.toml (future-state)" in shown
        assert "s: swap sides" in shown
        await pilot.press("s")
        await pilot.pause()
        assert "Order: +2 → 0 (-2)" in page.text
        assert "future.toml (future-state) → now.toml (current-state)" in screen_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)


@pytest.mark.parametrize(
    ("move", "expected"),
    [
        ([], ("Sees an ad", "Asks a friend", "First", "Second")),  # at the end of a note
        (["up"], ("Sees an ad", "First", "Second", "Asks a friend")),  # inside a note
        (["enter"], ("Sees an ad", "Asks a friend", "First", "Second")),  # on a new line
    ],
)
async def test_a_multi_line_paste_makes_a_note_of_each_line(
    move: list[str], expected: tuple[str, ...]
) -> None:
    from textual import events

    from cxtui.tui.dialogs.cell_editor import CellEditor
    from cxtui.tui.screens.map_screen import MapScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # Discover · Actions: "Sees an ad", "Asks a friend"
        await wait_for_screen(pilot, CellEditor)
        await pilot.press(*move)
        app.post_message(events.Paste("First\nSecond\n"))
        await pilot.pause()
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[0].notes("actions") == expected


async def test_the_palette_offers_the_maps_tags_and_goes_to_them() -> None:
    from textual.command import CommandList, CommandPalette
    from tui_helpers import grid, here, tap

    from cxtui.tui.screens.map_screen import MapScreen

    app = make_app()  # "Quick #idea" in Order · Thoughts, "Too cold #pain" in Drink · Thoughts
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.map_screen)]
        assert "#idea: go to the next note tagged #idea" in titles
        assert "#pain: go to the next note tagged #pain" in titles
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)
        await tap(pilot, *"#pain")
        commands = palette.query_one(CommandList)

        def found() -> bool:
            if commands.highlighted is None or commands.option_count == 0:
                return False
            return str(commands.get_option_at_index(commands.highlighted).prompt).startswith(
                "#pain"
            )

        await wait_until(pilot, found)
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        await wait_until(pilot, lambda: here(app) == (3, 1))
        assert grid(app).phase == 3
        await wait_until(pilot, lambda: "#pain: cell 1 of 1" in notifications(app))


async def test_help_shows_the_tags_in_their_colours() -> None:
    import io

    from rich.console import Console
    from rich.table import Table
    from textual.widgets import Static

    from cxtui.model import DEFAULT_TAG_COLOURS

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        screen = await wait_for_screen(pilot, HelpScreen)
        (table,) = [w.content for w in screen.query(Static) if isinstance(w.content, Table)]
        out = io.StringIO()
        Console(file=out, width=200, force_terminal=True, color_system="standard").print(table)
        shown = out.getvalue()
    for tag, colour in DEFAULT_TAG_COLOURS.items():
        code = {"red": 31, "green": 32, "yellow": 33, "magenta": 35}[colour]
        assert re.search(rf"\x1b\[[\d;]*\b{code}m ?#{tag}\b", shown), tag


def test_the_readme_names_the_tags_with_colours() -> None:
    from cxtui.model import DEFAULT_TAG_COLOURS

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Tags:**") :].split("\n\n")[0]
    for tag, colour in DEFAULT_TAG_COLOURS.items():
        assert f"`#{tag}`" in section and colour in section
