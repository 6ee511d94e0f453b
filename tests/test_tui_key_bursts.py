"""Keys that arrive together (one read from a slow link) count as if typed one by one.

Textual hands each key to the focused field and goes on to the next; keys the field
binds (Backspace, Delete, arrows, Home/End, ctrl+u/k/w) used to run only after the
key had bubbled up to the App, so a character sent after them in the same read was
typed first: ``zz<BS>w`` gave ``zz``. Each test types a random burst twice through
the real terminal parser: all in one read, then one key at a time with the app
settling in between, and the field must hold the same text.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from notes_model import BURST_KEYS, NotesModel
from textual.screen import Screen
from textual.widgets import Input, TextArea
from tui_helpers import (
    feed_terminal,
    make_app,
    sample_map,
    terminal_bytes,
    wait_for_screen,
    wait_until,
)

from cxtui.tui.app import CxtuiApp
from cxtui.tui.dialogs.cell_editor import CellEditor
from cxtui.tui.dialogs.forms import DetailsForm
from cxtui.tui.dialogs.prompts import TextPrompt

EDIT_KEYS = ["backspace", "delete", "left", "right", "home", "end", "ctrl+u", "ctrl+k", "ctrl+w"]
CHARACTERS = st.one_of(
    st.characters(categories=("L", "N", "P", "S"), max_codepoint=0x2FFFF),
    st.sampled_from([" ", "é", "ß", "中", "👍", "🏽", "−"]),
)


def bursts(*extra: str) -> st.SearchStrategy[list[str]]:
    """Random bursts of characters and editing keys (and `extra` keys)."""
    return st.lists(st.one_of(CHARACTERS, st.sampled_from(EDIT_KEYS + list(extra))), max_size=20)


async def typed(
    open_field: str,
    kind: type[Screen[object]],
    keys: Sequence[str],
    read: Callable[[CxtuiApp], object],
    *,
    at_once: bool,
) -> object:
    """What `read` finds after `keys` were typed into the field that `open_field` opens."""
    app = make_app(sample_map())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(open_field)
        await wait_for_screen(pilot, kind)
        await pilot.pause()
        if at_once:
            await feed_terminal(pilot, terminal_bytes(keys))
        else:
            for key in keys:
                await feed_terminal(pilot, terminal_bytes([key]))
        await pilot.pause()
        return read(app)


def same_either_way(
    open_field: str,
    kind: type[Screen[object]],
    keys: list[str],
    read: Callable[[CxtuiApp], object],
) -> None:
    one_by_one = asyncio.run(typed(open_field, kind, keys, read, at_once=False))
    at_once = asyncio.run(typed(open_field, kind, keys, read, at_once=True))
    assert at_once == one_by_one, keys


def notes_text(app: CxtuiApp) -> str:
    return app.screen.query_one(TextArea).text


def field_value(app: CxtuiApp) -> str:
    return app.screen.query_one(Input).value


BURSTS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@BURSTS
@given(bursts("enter"))
@example(["z", "z", "backspace", "w"])
@example(["left", "x", "home", "y", "end", "ctrl+w", "a", "ctrl+u", "b", "enter", "c"])
def test_cell_editor_takes_a_burst_as_typed(keys: list[str]) -> None:
    same_either_way("e", CellEditor, keys, notes_text)


@BURSTS
@given(bursts())
@example(["backspace", "w"])
@example(["x", "ctrl+u", "y", "home", "z", "ctrl+k", "q"])
def test_prompt_takes_a_burst_as_typed(keys: list[str]) -> None:
    def title_or_field(app: CxtuiApp) -> object:
        prompt = app.screen
        return (
            field_value(app) if isinstance(prompt, TextPrompt) else app.document.map.phases[0].title
        )

    same_either_way("r", TextPrompt, keys, field_value)
    same_either_way("r", TextPrompt, [*keys, "enter"], title_or_field)


@BURSTS
@given(bursts())
@example(["end", "backspace", "delete", "left", "!"])
def test_form_field_takes_a_burst_as_typed(keys: list[str]) -> None:
    same_either_way("m", DetailsForm, keys, field_value)


@BURSTS
@given(st.lists(st.sampled_from(BURST_KEYS), max_size=30))
def test_the_end_to_end_notes_model_types_as_the_cell_editor(keys: list[str]) -> None:
    """tests/notes_model.py, the end-to-end test's expectation, is the cell editor's
    own behaviour (keys typed one by one)."""
    model = NotesModel("\n".join(sample_map().phases[0].notes("actions")))
    for key in keys:
        model.press(key)
    assert asyncio.run(typed("e", CellEditor, keys, notes_text, at_once=False)) == model.text


async def titles_after(keys: str, *, at_once: bool) -> list[str]:
    """The phase titles after `keys` (terminal bytes) on the map screen."""
    app = make_app(sample_map())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        if at_once:
            await feed_terminal(pilot, keys)
        else:
            for key in keys:
                await feed_terminal(pilot, key)
                await pilot.pause()

        def titles() -> list[str]:
            return [phase.title for phase in app.document.map.phases]

        # Done when the map screen is back with its second phase renamed (or time is up).
        with contextlib.suppress(AssertionError):
            await wait_until(pilot, lambda: app.screen is app.map_screen and titles()[1] == "q")
        assert app.screen is app.map_screen
        return titles()


def test_a_burst_that_opens_and_closes_dialogs_acts_as_typed() -> None:
    """Rename a phase, Enter, move right, rename the next: all in one read. (The keys
    after the first Enter used to reach the closing prompt: the second Enter closed
    it again, and Textual crashed popping the map screen.)"""
    keys = "rxyz\rlrq\r"
    one_by_one = asyncio.run(titles_after(keys, at_once=False))
    assert one_by_one[:2] == ["xyz", "q"]
    assert asyncio.run(titles_after(keys, at_once=True)) == one_by_one


async def notes_after_burst(data: str) -> tuple[str, ...]:
    app = make_app(sample_map())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("x")  # Discover · Actions emptied
        await pilot.pause()
        await feed_terminal(pilot, data)

        def notes() -> tuple[str, ...]:
            return app.document.map.phases[0].notes("actions")

        # Done when the editor has closed on some notes (or time is up).
        with contextlib.suppress(AssertionError):
            await wait_until(pilot, lambda: app.screen is app.map_screen and bool(notes()))
        return notes()


def test_a_paste_between_keys_lands_in_its_place() -> None:
    """e, then keys, a bracketed paste and more keys, then ctrl+s (the cell editor's
    "done"): all in one read."""
    data = "e" + "ab" + "\x1b[200~PASTE\x1b[201~" + "cd" + "\x13"
    assert asyncio.run(notes_after_burst(data)) == ("abPASTEcd",)
