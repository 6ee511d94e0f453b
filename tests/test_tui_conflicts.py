"""A map left with merge conflicts opens in the editor, which shows them and settles them."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import make_app, notifications, wait_for_screen, write_map

from cxtui.fileformat import read_map
from cxtui.merge import merge_maps
from cxtui.model import JourneyMap, Lane, Phase, SetEmotion, SetNotes
from cxtui.tui.dialogs.conflicts import ConflictsDialog
from cxtui.tui.screens.map_screen import MapScreen

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
