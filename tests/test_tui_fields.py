"""Text fields: notifications, pasting (cleaned), and ESC inside a bracketed paste from a real
terminal.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual import events
from textual.widgets import Input, TextArea
from tui_helpers import (
    ACTIONS,
    SIZE,
    THOUGHTS,
    focus,
    make_app,
    notifications,
    sample_map,
    screen_text,
    wait_for_screen,
)

from cxtui.document import Document
from cxtui.tui.app import CxtuiApp
from cxtui.tui.compat import PasteSafeParser, terminal_parser_class
from cxtui.tui.dialogs.cell_editor import CellEditor
from cxtui.tui.dialogs.forms import PersonaForm
from cxtui.tui.dialogs.prompts import TextPrompt
from cxtui.tui.paste import PASTE_END, PASTE_START, PasteFilter
from cxtui.tui.screens.map_screen import MapScreen

# -- notifications ------------------------------------------------------------------------------


async def test_pressing_plus_at_the_top_again_and_again_shows_one_toast() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, ACTIONS)  # "Wait" is at the top of the scale
        for _ in range(5):
            await pilot.press("+")
        await pilot.pause()
        message = "already at the top of the scale (+2)"
        assert notifications(app).count(message) == 1
        await pilot.press("-")
        await pilot.press("+", "+")
        await pilot.pause()
        assert notifications(app).count(message) == 1


async def test_a_toast_shows_map_text_as_it_is() -> None:
    """Toasts are never markup: a lane called "[b]Feel[/b]" is shown as it is called."""
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await focus(pilot, 0, THOUGHTS)
        await pilot.press("R")
        await wait_for_screen(pilot, TextPrompt)
        pilot.app.screen.query_one(Input).value = "[b]Feel[/b]"
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        await pilot.press("X")
        await pilot.pause()
        assert "deleted lane “[b]Feel[/b]” (u undoes it)" in notifications(app)
        assert "deleted lane “[b]Feel[/b]” (u undoes it)" in screen_text(app)


# -- pasting ------------------------------------------------------------------------------------


async def test_a_paste_into_the_cell_editor_drops_control_characters() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, 2, THOUGHTS)  # an empty cell
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, CellEditor)
        area = editor.query_one(TextArea)
        # As the terminal driver sends it: to the app, which gives it to the focused widget.
        app.post_message(events.Paste("\x1b[31mred\x1b[0m\tnote\x07\r\nsecond\x1b]0;title\x07\n"))
        await pilot.pause()
        assert area.text == "[31mred[0m note\nsecond]0;title\n"
        assert not any(c in area.text for c in "\x1b\x07\t\r")
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[2].notes("thoughts") == ("[31mred[0m note", "second]0;title")


async def test_a_paste_replaces_the_selection() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        editor = await wait_for_screen(pilot, CellEditor)
        area = editor.query_one(TextArea)
        area.select_all()
        app.post_message(events.Paste("one\x00\ntwo"))
        await pilot.pause()
        assert area.text == "one\ntwo"
        assert area.cursor_location == (1, 3)


async def test_a_paste_into_a_prompt_drops_control_characters() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        prompt = await wait_for_screen(pilot, TextPrompt)
        field = prompt.query_one(Input)
        field.value = ""
        app.post_message(events.Paste("Z\x07Q\x9b2JW\x01V\nnext"))
        await pilot.pause()
        assert field.value == "ZQ2JWV next"


async def test_a_paste_into_a_form_field_drops_control_characters() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        form = await wait_for_screen(pilot, PersonaForm)
        name = form.query_one("#name", Input)
        name.focus()
        name.value = ""
        await pilot.pause()
        app.post_message(events.Paste("Ada\x1b]0;pwned\x07"))
        await pilot.pause()
        assert name.value == "Ada]0;pwned"
        goals = form.query_one("#goals", TextArea)
        goals.focus()
        goals.text = ""
        await pilot.pause()
        app.post_message(events.Paste("fast\x1b[2J\nwarm\x07"))
        await pilot.pause()
        assert goals.text == "fast[2J\nwarm"


async def test_deleting_the_middle_of_a_family_emoji_in_a_prompt_does_not_crash() -> None:
    """Backspace over 👩 in 👨‍👩‍👧 leaves two joiners side by side, which Rich 15 crashed
    on when it cut the field's line; the field drops them as it takes the value."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    journey = sample_map()
    phase = replace(journey.phases[0], title=family + "x" * 80)
    app = make_app(replace(journey, phases=(phase, *journey.phases[1:])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        prompt = await wait_for_screen(pilot, TextPrompt)
        await pilot.press("home", "right", "right", "right", "backspace", "left", "left")
        await pilot.pause()
        value = prompt.query_one(Input).value
        assert value == "\U0001f468\U0001f467" + "x" * 80
        assert app.is_running


# -- pasting in a real terminal: ESC inside a bracketed paste -------------------------------

PASTED = "red\x1b[31mtext\x1b[0m\tafter\nsecond\x07 and\x11 ctrl+q\x1b"


TYPED = "ab\x1b" + PASTE_START + PASTED + PASTE_END + "\x1b[Az"


def test_the_paste_filter_drops_esc_only_inside_pastes_however_the_input_is_cut() -> None:
    expected = "ab\x1b" + PASTE_START + PASTED.replace("\x1b", "") + PASTE_END + "\x1b[Az"
    for first in range(len(TYPED) + 1):
        for second in range(first, len(TYPED) + 1, 3):
            pieces = [TYPED[:first], TYPED[first:second], TYPED[second:]]
            paste_filter = PasteFilter()
            assert "".join(paste_filter(piece) for piece in pieces) == expected, pieces
            assert not paste_filter.pasting


def test_a_lone_escape_key_is_never_held_back() -> None:
    paste_filter = PasteFilter()
    assert paste_filter("\x1b") == "\x1b"
    assert paste_filter("[") == "["


def test_the_terminal_parser_gives_a_paste_with_esc_as_one_paste() -> None:
    parser = PasteSafeParser()
    found = [
        event for piece in (TYPED[:7], TYPED[7:30], TYPED[30:]) for event in parser.feed(piece)
    ]
    pastes = [event for event in found if isinstance(event, events.Paste)]
    keys = [event.key for event in found if isinstance(event, events.Key)]
    assert [paste.text for paste in pastes] == [PASTED.replace("\x1b", "")]
    assert keys == ["a", "b", "escape", "up", "z"]  # nothing of the paste became a key


@pytest.mark.parametrize("held", ["\x1b[20", "\x1b\x1b"], ids=["end-marker-start", "only-esc"])
def test_a_read_that_the_filter_holds_back_whole_does_not_end_the_input(held: str) -> None:
    parser = PasteSafeParser()
    found = [*parser.feed(PASTE_START + "hi"), *parser.feed(held)]
    found += [*parser.feed("1~" if held == "\x1b[20" else PASTE_END), *parser.feed("j")]
    assert [event.text for event in found if isinstance(event, events.Paste)] == ["hi"]
    assert [event.key for event in found if isinstance(event, events.Key)] == ["j"]


def test_the_editor_reads_the_terminal_with_the_paste_safe_parser() -> None:
    CxtuiApp(Document(sample_map()), guard=False)
    assert terminal_parser_class() is PasteSafeParser
