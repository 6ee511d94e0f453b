"""The editor's history view (y): the map's commits in a real git repository, and what
changed since one of them; a plain message outside git or without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from clinic_history import START, repository
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from tui_helpers import make_app, notifications, wait_for_screen, wait_until, write_map

from cxtui.diff import diff_maps, format_diff
from cxtui.fileformat import read_map
from cxtui.tui.app import CxtuiApp
from cxtui.tui.screens.history import HistoryScreen
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.screens.text_page import ComparePage


async def open_history(pilot: Pilot[object]) -> HistoryScreen:
    """Press y and wait until git has answered (a message, or the list with every
    commit's map read)."""
    await wait_for_screen(pilot, MapScreen)
    await pilot.press("y")
    screen = await wait_for_screen(pilot, HistoryScreen)
    assert isinstance(screen, HistoryScreen)
    message = screen.query_one("#history-message", Static)
    await wait_until(
        pilot,
        lambda: (
            "Reading" not in str(message.render())
            and all(revision.read for revision in screen.revisions)
        ),
    )
    await pilot.pause()
    return screen


def rows(screen: HistoryScreen) -> list[str]:
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_y_lists_the_commits_and_enter_shows_what_changed_since(tmp_path: Path) -> None:
    path = repository(tmp_path / "repo")
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, MapScreen)
        await pilot.press("right", "plus")  # an unsaved edit: 0 → +1 at phase 2
        edited = app.document.map
        screen = await open_history(pilot)
        listed = rows(screen)
        assert len(listed) == 3
        assert listed[0].startswith("2026-09-01  ")
        assert listed[0].endswith("1 phase, 3 notes changed  Ann Okafor: step 3")
        assert "1 phase, 0 notes changed  Ann Okafor: step 2" in listed[1]
        assert "new: 3 phases, 1 note  Ann Okafor: step 1" in listed[2]
        assert str(screen.query_one("#history-message", Static).render()) == (
            "3 commits changed this map, newest first"
        )
        await pilot.press("end", "enter")  # the first commit
        page = await wait_for_screen(pilot, ComparePage)
        assert isinstance(page, ComparePage)
        sha = screen.revisions[2].commit.sha[:8]
        assert page.page_title == (
            f"clinic.toml@{sha} (current-state) → clinic.toml (unsaved) (current-state)"
        )
        # the same changes as `cxtui diff clinic.toml@REV clinic.toml`, unsaved edits too
        changes = diff_maps(START, edited)
        expected = format_diff(
            changes, START, edited, "text", f"clinic.toml@{sha}", "clinic.toml (unsaved)"
        )
        assert expected in page.text
        # both curves, each labelled with the map it is from
        assert f"clinic.toml@{sha}: Clinic" in page.text
        assert "clinic.toml (unsaved): Clinic" in page.text
        assert "renamed" in expected and "-2 → +1" in expected
        await pilot.press("escape")
        await wait_for_screen(pilot, HistoryScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map is edited  # looking at the history changed nothing


async def test_outside_a_repository_the_history_says_so(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", START)
    app = make_app(read_map(path), path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        message = str(screen.query_one("#history-message", Static).render())
        assert message == f"{path}: not in a git repository"
        assert rows(screen) == []


async def test_without_git_the_history_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repository(tmp_path / "repo")
    app = make_app(read_map(path), path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        message = str(screen.query_one("#history-message", Static).render())
        assert message.startswith("git is not installed")


async def test_a_map_never_saved_has_no_history() -> None:
    app = make_app(START)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, MapScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert "save the map first: its history is the file's, in git" in notifications(app)


#: A fixed folder (commit ids depend only on the dated commits; the folder shows nowhere).
SNAPSHOT_REPO = Path("/tmp/cxtui-history-snapshots")


def snapshot_app() -> CxtuiApp:
    import shutil

    if SNAPSHOT_REPO.exists():
        shutil.rmtree(SNAPSHOT_REPO)
    path = repository(SNAPSHOT_REPO)
    return make_app(read_map(path), path)


async def history_shown(pilot: Pilot[object]) -> None:
    await open_history(pilot)


def test_history_120x36(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(120, 36), run_before=history_shown)


def test_history_80x24(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=history_shown)
