"""Voting in the editor: `v` votes for a note of the focused cell as the current user."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import OptionList
from tui_helpers import THOUGHTS, make_app, sample_map, screen_text, wait_for_screen, write_map

from cxtui.fileformat import read_map
from cxtui.tui.dialogs.prompts import ChoiceDialog
from cxtui.tui.screens.map_screen import MapScreen


def _option(dialog: ChoiceDialog, index: int) -> str:
    return str(dialog.query_one(OptionList).get_option_at_index(index).prompt)


async def test_v_votes_and_again_takes_it_back_and_the_grid_shows_the_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXTUI_USER", "ann")
    m = sample_map()
    order = m.phases[1]
    order = replace(order, cells={**order.cells, "thoughts": ("Quick #idea", "Pricey")})
    path = write_map(tmp_path / "map.toml", replace(m, phases=(m.phases[0], order, *m.phases[2:])))
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_for_screen(pilot, MapScreen)
        screen.move_to(1, THOUGHTS)
        await pilot.pause()
        await pilot.press("v")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert _option(dialog, 1) == "Pricey  (0)"
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[1].voters("thoughts", "Pricey") == ("ann",)
        await pilot.pause()
        assert "Pricey  (1 vote)" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert 'votes.thoughts."Pricey" = ["ann"]\n' in path.read_text()
        # again: the vote is taken back
        await pilot.press("v")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert _option(dialog, 1) == "Pricey  (1, yours)"
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[1].voters("thoughts", "Pricey") == ()
