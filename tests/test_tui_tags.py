"""Tags from the editor (`#`: list, add, rename, recolour, take out of [tags]), the tag
filter (the palette's "Show only notes tagged #x", Esc shows all) and `G`, which renames
a stage in every phase. Every change is one step for undo; the filter never loses a note.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from tui_helpers import (
    ACTIONS,
    THOUGHTS,
    focus,
    make_app,
    notifications,
    screen_text,
    status_text,
    type_text,
    wait_for_screen,
    wait_until,
    write_map,
)

from cxtui.document import Document
from cxtui.fileformat import read_map
from cxtui.model import JourneyMap, Lane, Phase
from cxtui.tui.app import CxtuiApp
from cxtui.tui.dialogs.cell_editor import CellEditor
from cxtui.tui.dialogs.prompts import TextPrompt
from cxtui.tui.dialogs.tags import PICKER_COLOURS, ColourPicker, TagsDialog
from cxtui.tui.screens.map_screen import MapScreen

NO_FILE = Path("/nonexistent-cxtui-snapshots/tags.toml")


def tagged_map() -> JourneyMap:
    """Four phases in three stages; tags in [tags], by default and in notes only."""
    lanes = (
        Lane("actions", "Actions"),
        Lane("thoughts", "Thoughts"),
        Lane("emotions", "Emotions", "emotion"),
    )
    phases = (
        Phase(
            "Find",
            "Before purchase",
            1,
            {
                "actions": ("Sees a poster", "Asks the desk #slow"),
                "thoughts": ("Which app? #pain",),
            },
        ),
        Phase(
            "Install",
            "Before purchase",
            -1,
            {
                "actions": ("Searches the store #slow", "Reads reviews", "Installs it"),
                "thoughts": ("Two apps #pain #confusing",),
            },
            votes={("actions", "Searches the store #slow"): ("ann",)},
        ),
        Phase("Borrow", "During purchase", 0, {"actions": ("Taps borrow #works",)}),
        Phase("Read", "After purchase", 2, {"thoughts": ("Lovely #delight",)}),
    )
    return JourneyMap(
        "E-book",
        lanes=lanes,
        phases=phases,
        tags={"slow": "blue", "works": "green", "later": "cyan"},
    )


def tags_app(journey: JourneyMap | None = None) -> CxtuiApp:
    return CxtuiApp(Document(journey or tagged_map(), NO_FILE), guard=False)


def shown(app: CxtuiApp) -> TagsDialog:
    """The tags dialog in front (after a change, a new one lists the map as it is then)."""
    assert isinstance(app.screen, TagsDialog), app.screen
    return app.screen


def rows(dialog: TagsDialog) -> list[str]:
    options = dialog.query_one("#tags", OptionList)
    return [
        " ".join(str(options.get_option_at_index(i).prompt).split())
        for i in range(options.option_count)
    ]


async def open_tags(pilot: Pilot[object], tag: str | None = None) -> TagsDialog:
    """Press # and put the list's cursor on `tag`."""
    await pilot.press("number_sign")
    dialog = await wait_for_screen(pilot, TagsDialog)
    assert isinstance(dialog, TagsDialog)
    if tag is not None:
        dialog.query_one("#tags", OptionList).highlighted = dialog.tags.index(tag)
        await pilot.pause()
    return dialog


async def answer(pilot: Pilot[object], text: str) -> None:
    """Type `text` over the prompt's value and press Enter."""
    prompt = await wait_for_screen(pilot, TextPrompt)
    prompt.query_one(Input).value = ""
    await type_text(pilot, text + "\n")


async def pick(pilot: Pilot[object], colour: str) -> None:
    picker = await wait_for_screen(pilot, ColourPicker)
    picker.query_one(OptionList).highlighted = PICKER_COLOURS.index(colour)
    await pilot.press("enter")
    await wait_for_screen(pilot, TagsDialog)


async def undo_all(pilot: Pilot[object], app: CxtuiApp, steps: int = 1) -> None:
    await pilot.press("escape")
    await wait_for_screen(pilot, MapScreen)
    for _ in range(steps):
        await pilot.press("u")
    await pilot.pause()


# -- the dialog ----------------------------------------------------------------------------


async def test_the_dialog_lists_tags_in_tags_and_in_notes_with_their_colours_and_counts() -> None:
    app = tags_app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_tags(pilot)
        assert dialog.tags == ["confusing", "delight", "later", "pain", "slow", "works"]
        assert rows(dialog) == [
            "#confusing – no colour 1 note",
            "██ #delight magenta default 1 note",
            "██ #later cyan [tags] not in a note",
            "██ #pain red default 2 notes",
            "██ #slow blue [tags] 2 notes",
            "██ #works green [tags] 1 note",
        ]
        assert "Tags of this map: 6 (3 in [tags])" in screen_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == tagged_map()


async def test_a_adds_a_tag_with_a_colour_in_one_step() -> None:
    app = tags_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot)
        await pilot.press("a")
        await answer(pilot, "#Queue")
        await pick(pilot, "bright_magenta")
        assert app.document.map.tags["queue"] == "bright_magenta"
        assert "██ #queue bright_magenta [tags] not in a note" in rows(shown(app))
        assert shown(app).highlighted == "queue"
        assert "#queue is bright_magenta (u undoes it)" in notifications(app)
        await undo_all(pilot, app)
        assert app.document.map == tagged_map()


async def test_a_name_no_note_can_hold_keeps_the_prompt_open_with_the_reason() -> None:
    app = tags_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot, "slow")
        await pilot.press("r")
        await answer(pilot, "two words")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert "cannot be a tag" in str(prompt.query_one("#prompt-error").render())
        await pilot.press("escape")
        await wait_for_screen(pilot, TagsDialog)
        assert app.document.map == tagged_map()


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_reason_a_name_is_refused_shows_whole(size: tuple[int, int]) -> None:
    app = tags_app()
    async with app.run_test(size=size) as pilot:
        await open_tags(pilot, "slow")
        await pilot.press("r")
        await answer(pilot, "-bad")
        await wait_for_screen(pilot, TextPrompt)
        text = " ".join(screen_text(app).replace("│", " ").split())
        assert "a tag is a letter, then letters, digits, _ or -" in text


async def test_r_renames_a_tag_in_every_note_and_its_votes_and_undo_restores_all() -> None:
    app = tags_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot, "slow")
        await pilot.press("r")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == "slow"  # prefilled with the old name
        await answer(pilot, "delay")
        m = app.document.map
        assert m.phases[0].notes("actions") == ("Sees a poster", "Asks the desk #delay")
        assert m.phases[1].notes("actions")[0] == "Searches the store #delay"
        assert m.phases[1].voters("actions", "Searches the store #delay") == ("ann",)
        assert m.tags == {"delay": "blue", "works": "green", "later": "cyan"}
        assert "██ #delay blue [tags] 2 notes" in rows(shown(app))
        assert shown(app).highlighted == "delay"
        assert "renamed #slow to #delay in 2 notes (u undoes it)" in notifications(app)
        await undo_all(pilot, app)
        assert app.document.map == tagged_map()
        assert "undid: rename tag" in notifications(app)
        await pilot.press("U")  # redo
        assert app.document.map == m


async def test_renaming_a_tag_coloured_by_default_keeps_its_colour_in_one_step() -> None:
    app = tags_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot, "pain")
        await pilot.press("r")
        await answer(pilot, "ouch")
        m = app.document.map
        assert m.phases[1].notes("thoughts") == ("Two apps #ouch #confusing",)
        assert m.tag_colour("ouch") == "red"
        await undo_all(pilot, app)
        assert app.document.map == tagged_map()


async def test_renaming_onto_another_tag_merges_them_and_says_so() -> None:
    app = tags_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot, "works")
        await pilot.press("r")
        await answer(pilot, "slow")
        assert app.document.map.phases[2].notes("actions") == ("Taps borrow #slow",)
        assert "works" not in shown(app).tags and "works" not in app.document.map.tags
        assert "merged #works into #slow (1 note) (u undoes it)" in notifications(app)
        await undo_all(pilot, app)
        assert app.document.map == tagged_map()


async def test_c_recolours_from_the_named_colours_starting_at_the_current_one() -> None:
    app = tags_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot, "slow")
        await pilot.press("c")
        picker = await wait_for_screen(pilot, ColourPicker)
        options = picker.query_one(OptionList)
        assert options.highlighted == PICKER_COLOURS.index("blue")
        names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert names == [f"██ {colour}" for colour in PICKER_COLOURS]
        await pick(pilot, "yellow")
        assert app.document.map.tags == {"slow": "yellow", "works": "green", "later": "cyan"}
        assert list(app.document.map.tags) == ["slow", "works", "later"]  # in its place
        # a tag with no colour of its own gets one
        dialog = shown(app)
        dialog.query_one("#tags", OptionList).highlighted = dialog.tags.index("confusing")
        await pilot.press("c")
        await pick(pilot, "bright_cyan")
        assert app.document.map.tags["confusing"] == "bright_cyan"
        await undo_all(pilot, app, steps=2)
        assert app.document.map == tagged_map()


async def test_escape_in_the_picker_changes_nothing() -> None:
    app = tags_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot, "slow")
        await pilot.press("c")
        await wait_for_screen(pilot, ColourPicker)
        await pilot.press("down", "escape")
        await wait_for_screen(pilot, TagsDialog)
        assert app.document.map == tagged_map()
        assert not app.document.can_undo


async def test_x_takes_a_tag_out_of_tags_and_only_a_tag_that_is_there() -> None:
    app = tags_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot, "later")
        await pilot.press("x")  # declared, in no note: it leaves the list
        dialog = shown(app)
        assert "later" not in app.document.map.tags and "later" not in dialog.tags
        dialog.query_one("#tags", OptionList).highlighted = dialog.tags.index("pain")
        await pilot.press("x")  # coloured by default only: nothing to take out
        await pilot.pause()
        assert "#pain is not in [tags]: it has no colour of its own" in notifications(app)
        await undo_all(pilot, app)
        assert app.document.map == tagged_map()


async def test_a_map_without_tags_says_how_to_make_one() -> None:
    m = replace(tagged_map(), tags={})
    m = replace(m, phases=tuple(replace(p, cells={}, votes={}) for p in m.phases))
    app = tags_app(m)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot)
        assert "No tags yet: a adds one, or write #word in a note." in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert "no tag to choose: a adds one" in notifications(app)


async def test_tags_renamed_in_the_dialog_are_saved(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", tagged_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tags(pilot, "slow")
        await pilot.press("r")
        await answer(pilot, "delay")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not app.document.modified)
    text = path.read_text()
    assert '[tags]\ndelay = "blue"' in text and "#slow" not in text
    assert 'votes.actions."Searches the store #delay" = ["ann"]' in text


# -- the tag filter ------------------------------------------------------------------------


async def test_enter_in_the_dialog_shows_only_that_tags_notes_and_escape_all() -> None:
    app = tags_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_tags(pilot, "slow")
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, MapScreen)
        assert isinstance(screen, MapScreen) and screen.tag_filter == "slow"
        await pilot.pause()
        text = screen_text(app)
        assert "Asks the desk #slow" in text and "Searches the store" in text
        assert "Sees a poster" not in text and "Reads reviews" not in text
        assert "(1 hidden)" in text and "(2 hidden)" in text
        assert "only #slow · Esc: all" in status_text(app)
        assert any(
            "only the notes tagged #slow: 2 notes in 2 cells" in n for n in notifications(app)
        )
        await pilot.press("escape")
        await pilot.pause()
        assert screen.tag_filter is None
        assert "Sees a poster" in screen_text(app) and "only #" not in status_text(app)
        assert app.document.map == tagged_map()


async def run_from_palette(pilot: Pilot[object], name: str) -> None:
    await pilot.press("ctrl+p")
    palette = await wait_for_screen(pilot, CommandPalette)
    await type_text(pilot, name)
    commands = palette.query_one(CommandList)

    def found() -> bool:
        if commands.highlighted is None or commands.option_count == 0:
            return False
        return str(commands.get_option_at_index(commands.highlighted).prompt).startswith(name)

    await wait_until(pilot, found)
    await pilot.press("enter")
    await wait_for_screen(pilot, MapScreen)
    await pilot.pause()


async def test_the_palette_filters_by_each_tag_and_shows_all_again() -> None:
    app = tags_app()
    async with app.run_test(size=(120, 36)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.map_screen)]
        for tag in ("confusing", "delight", "pain", "slow", "works"):
            assert f"Show only notes tagged #{tag}" in titles
        await run_from_palette(pilot, "Show only notes tagged #pain")
        assert app.map_screen.tag_filter == "pain"
        assert "Two apps #pain" in screen_text(app)
        assert "Lovely" not in screen_text(app)
        await run_from_palette(pilot, "Show all notes")
        assert app.map_screen.tag_filter is None
        assert "Lovely #delight" in screen_text(app)


async def test_editing_a_cell_while_filtered_never_loses_a_hidden_note() -> None:
    app = tags_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.map_screen.show_only_tag("slow")
        await focus(pilot, 1, ACTIONS)  # "Searches the store #slow" shown, two hidden
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, CellEditor)
        assert "every note (the map shows #slow only)" in screen_text(app)
        assert editor.query_one("TextArea").text.splitlines() == [  # type: ignore[attr-defined]
            "Searches the store #slow",
            "Reads reviews",
            "Installs it",
        ]
        await pilot.press("end", "ctrl+end")
        await type_text(pilot, "\nWaits #slow")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[1].notes("actions") == (
            "Searches the store #slow",
            "Reads reviews",
            "Installs it",
            "Waits #slow",
        )
        assert app.map_screen.tag_filter == "slow"  # still on
        await pilot.pause()
        assert "Waits #slow" in screen_text(app) and "Installs it" not in screen_text(app)


async def test_x_while_filtered_clears_only_the_notes_shown() -> None:
    app = tags_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.map_screen.show_only_tag("slow")
        await focus(pilot, 1, ACTIONS)
        await pilot.press("x")
        await pilot.pause()
        assert app.document.map.phases[1].notes("actions") == ("Reads reviews", "Installs it")
        assert "cleared the notes tagged #slow; 2 hidden notes kept" in notifications(app)
        await focus(pilot, 0, THOUGHTS)  # "Which app? #pain": no #slow note here
        await pilot.press("x")
        await pilot.pause()
        assert app.document.map.phases[0].notes("thoughts") == ("Which app? #pain",)
        assert "no note here is tagged #slow" in notifications(app)
        await pilot.press("u")
        assert app.document.map == tagged_map()


async def test_v_while_filtered_votes_for_a_note_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXTUI_USER", "bob")
    app = tags_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.map_screen.show_only_tag("slow")
        await focus(pilot, 1, ACTIONS)  # one note shown of three: no choice to make
        await pilot.press("v")
        await pilot.pause()
        assert app.document.map.phases[1].voters("actions", "Searches the store #slow") == (
            "ann",
            "bob",
        )


async def test_the_filter_follows_a_renamed_tag() -> None:
    app = tags_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.map_screen.show_only_tag("slow")
        await open_tags(pilot, "slow")
        await pilot.press("r")
        await answer(pilot, "delay")
        assert app.map_screen.tag_filter == "delay"


# -- renaming a stage everywhere -----------------------------------------------------------


async def test_g_renames_the_focused_phases_stage_in_every_phase_in_one_step() -> None:
    app = tags_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await focus(pilot, 1, ACTIONS)
        await pilot.press("G")
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == "Before purchase"
        assert "Rename the stage “Before purchase” in the 2 phases that have it" in screen_text(app)
        await answer(pilot, "Before")
        await wait_for_screen(pilot, MapScreen)
        stages = [p.stage for p in app.document.map.phases]
        assert stages == ["Before", "Before", "During purchase", "After purchase"]
        assert (
            "renamed the stage “Before purchase” to “Before” in 2 phases (u undoes it)"
            in notifications(app)
        )
        await pilot.press("u")
        assert app.document.map == tagged_map()


async def test_g_with_the_same_name_changes_nothing_and_spaces_around_a_name_go() -> None:
    app = tags_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("G")
        await wait_for_screen(pilot, TextPrompt)
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map == tagged_map() and not app.document.can_undo
        await pilot.press("G")
        await answer(pilot, "  Before  ")
        await wait_for_screen(pilot, MapScreen)
        assert [p.stage for p in app.document.map.phases][:2] == ["Before", "Before"]


async def test_g_onto_another_stage_merges_them_and_says_so() -> None:
    app = tags_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await focus(pilot, 2, ACTIONS)
        await pilot.press("G")
        await answer(pilot, "Before purchase")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.stages()[0] == ("Before purchase", 0, 2)
        assert any(
            "merges it with the stage “Before purchase” (2 more)" in n for n in notifications(app)
        )
        await pilot.press("u")
        assert app.document.map == tagged_map()


async def test_g_to_nothing_takes_the_stage_away_and_without_a_stage_says_how() -> None:
    m = tagged_map()
    m = replace(m, phases=(*m.phases[:3], replace(m.phases[3], stage=None)))
    app = tags_app(m)
    async with app.run_test(size=(120, 36)) as pilot:
        await focus(pilot, 2, ACTIONS)
        await pilot.press("G")
        await answer(pilot, "")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[2].stage is None
        assert "took the stage “During purchase” away from 1 phase (u undoes it)" in notifications(
            app
        )
        await focus(pilot, 3, ACTIONS)
        await pilot.press("G")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert "“Read” has no stage to rename: s gives it one" in notifications(app)
        await pilot.press("u")
        assert app.document.map == m


# -- snapshots -----------------------------------------------------------------------------


def _open_tags_dialog_on(tag: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await open_tags(pilot, tag)

    return run_before


def test_the_tags_dialog_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(tags_app(), terminal_size=(80, 24), run_before=_open_tags_dialog_on("slow"))


def test_the_grid_filtered_by_a_tag_120x36(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        # (as show_only_tag sets it, without its toast over the status line)
        pilot.app.map_screen.tag_filter = "slow"  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(tags_app(), terminal_size=(120, 36), run_before=run_before)
