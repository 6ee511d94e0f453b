"""A map left with merge conflicts opens in the editor, which shows them and settles them."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import (
    make_app,
    notifications,
    screen_text,
    status_text,
    wait_for_screen,
    write_map,
)

from cxtui.document import Document
from cxtui.fileformat import read_map
from cxtui.merge import merge_maps
from cxtui.model import InsertPhase, JourneyMap, Lane, Phase, SetEmotion, SetNotes, SetPhase
from cxtui.tui.app import CxtuiApp
from cxtui.tui.dialogs.conflicts import ConflictsDialog
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.widgets.grid import LANE_WIDTH

#: A file that never exists (its name is on the status line).
SNAPSHOT_FILE = Path("/nonexistent-cxtui-snapshots/shop.toml")

BASE = JourneyMap(
    "Shop",
    lanes=(Lane("actions", "Actions"), Lane("mood", "Mood", "emotion")),
    phases=(
        Phase("Discover", None, 1, {"actions": ("Searches",)}, id="d1"),
        Phase("Buy", None, -1, {"actions": ("Pays",)}, id="b2"),
    ),
)


def conflicted() -> JourneyMap:
    ours, _ = BASE.apply(SetEmotion(1, 2))
    ours, _ = ours.apply(SetNotes(0, "actions", ("Searches online",)))
    theirs, _ = BASE.apply(SetEmotion(1, -2))
    theirs, _ = theirs.apply(SetNotes(0, "actions", ("Asks a friend",)))
    return merge_maps(BASE, ours, theirs)


async def test_the_editor_shows_the_conflicts_and_settles_them_one_by_one(
    tmp_path: Path,
) -> None:
    path = write_map(tmp_path / "map.toml", conflicted())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, MapScreen)
        await pilot.pause()
        assert "2 merge conflicts: press M to settle them" in notifications(app)
        await pilot.press("M")
        dialog = await wait_for_screen(pilot, ConflictsDialog)
        options = dialog.query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert lines == [
            "phase 'Discover' (d1) notes [actions]: ours ['Searches online'], "
            "theirs ['Asks a friend'] (was ['Searches'])",
            "phase 'Buy' (b2) emotion: ours +2, theirs -2 (was -1)",
        ]
        await pilot.press("b")  # keep both notes
        await wait_for_screen(pilot, ConflictsDialog)  # opens again: one left
        assert app.document.map.phases[0].notes("actions") == ("Searches online", "Asks a friend")
        await pilot.press("b")  # (not for a score: nothing happens)
        assert len(app.document.map.conflicts) == 1
        await pilot.press("t")  # take theirs for the score
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[1].emotion == -2
        assert not app.document.map.conflicts
        await pilot.press("u")  # undo brings the last conflict back
        assert len(app.document.map.conflicts) == 1
        await pilot.press("U", "ctrl+s")
        await pilot.pause()
    saved = read_map(path)
    assert not saved.conflicts and saved.phases[1].emotion == -2
    assert "[[conflicts]]" not in path.read_text()


def conflicted_everywhere() -> JourneyMap:
    """Three conflicts: a cell's notes, a score, and a phase renamed two ways."""
    base, _ = BASE.apply(InsertPhase(2, Phase("Use", None, 0, id="u3")))
    ours, _ = base.apply(SetEmotion(1, 2))
    ours, _ = ours.apply(SetNotes(0, "actions", ("Searches online",)))
    ours, _ = ours.apply(SetPhase(2, "Uses it", None))
    theirs, _ = base.apply(SetEmotion(1, -2))
    theirs, _ = theirs.apply(SetNotes(0, "actions", ("Asks a friend",)))
    theirs, _ = theirs.apply(SetPhase(2, "Tries it", None))
    return merge_maps(base, ours, theirs)


def marked_columns(app: CxtuiApp, starts: str) -> list[int]:
    """The columns (1, 2, ...) of the phases marked ⚠ on the screen's line that starts
    with `starts` (the phase titles, or a lane's first line)."""
    (line,) = [row for row in screen_text(app).splitlines() if row.startswith(starts)]
    cells = line[LANE_WIDTH:].split("│")
    return [n + 1 for n, cell in enumerate(cells) if "⚠" in cell]


async def test_the_grid_marks_each_conflict_until_it_is_settled(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", conflicted_everywhere())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, MapScreen)
        await pilot.pause()
        assert "⚠ 3 conflicts — 3 to resolve" in status_text(app)
        assert marked_columns(app, " Phase") == [3]  # the title renamed two ways
        assert marked_columns(app, " Actions") == [1]  # the notes
        assert marked_columns(app, " Mood") == [2]  # the score
        await pilot.press("M")
        await wait_for_screen(pilot, ConflictsDialog)
        await pilot.press("o")  # keep our notes: the same phase, only the record goes
        await wait_for_screen(pilot, ConflictsDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        await pilot.pause()
        assert "⚠ 3 conflicts — 2 to resolve" in status_text(app)
        assert marked_columns(app, " Actions") == []
        assert marked_columns(app, " Mood") == [2]
        await pilot.press("u")  # undo brings the conflict and its mark back
        await pilot.pause()
        assert "⚠ 3 conflicts — 3 to resolve" in status_text(app)
        assert marked_columns(app, " Actions") == [1]
        await pilot.press("U", "M", "t", "t")  # redo; take theirs for the rest
        await wait_for_screen(pilot, MapScreen)
        await pilot.pause()
        assert not app.document.map.conflicts
        assert "conflict" not in status_text(app)
        assert "⚠" not in screen_text(app)
        assert [p.title for p in app.document.map.phases][2] == "Tries it"


def test_conflicted_map_snapshot_120x36(snap_compare) -> None:
    app = CxtuiApp(Document(conflicted_everywhere(), SNAPSHOT_FILE), guard=False)
    assert snap_compare(app, terminal_size=(120, 36))


def test_conflicted_map_snapshot_80x24(snap_compare) -> None:
    app = CxtuiApp(Document(conflicted_everywhere(), SNAPSHOT_FILE), guard=False)
    assert snap_compare(app, terminal_size=(80, 24))
