"""Neutralising user text: controls dropped, line breaks in one-line fields become spaces."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text
from strategies import raw_text

from cxtui.fileformat import read_map, save_map
from cxtui.model import JourneyMap, Lane, Persona, Phase, SetNotes
from cxtui.text import clean_block, clean_line

CONSOLE = Console(width=200)

#: Characters no cleaned text may hold.
FORBIDDEN = (
    {chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n\r"}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    | {chr(c) for c in range(0xD800, 0xE000)}
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain text", "plain text"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("\x1b]0;pwned\x07title", "]0;pwnedtitle"),
        ("bell\x07", "bell"),
        ("c1\x9b31m and \x9d osc", "c131m and  osc"),
        ("del\x7f", "del"),
        ("nul\x00", "nul"),
        ("evil \u202egnp.exe", "evil gnp.exe"),
        ("isolate \u2066x\u2069", "isolate x"),
        ("two\nlines", "two lines"),
        ("windows\r\nline", "windows line"),
        ("many\n\n\nbreaks", "many breaks"),
        ("tab\there", "tab here"),
        ("sep\u2028and\u2029para", "sep and para"),
        ("nel\x85here", "nel here"),
        ("lone\ud800 surrogate\udfff", "lone surrogate"),
        ("漢字 😀 [bold]x[/]", "漢字 😀 [bold]x[/]"),
        ("family 👨\u200d👩\u200d👧 kept", "family 👨\u200d👩\u200d👧 kept"),
        ("❤\ufe0f\u200d🔥 👍🏽\u200d👍 kept", "❤\ufe0f\u200d🔥 👍🏽\u200d👍 kept"),
        ("\u200d\u200d🙂 stray joiners", "🙂 stray joiners"),
        ("👨\u200d\u200d👧 two joiners", "👨👧 two joiners"),
        ("word \u200dafter a space", "word after a space"),
        ("a\u200d\u200d\u200db", "ab"),
        ("中\u200d中 not emoji", "中中 not emoji"),  # 2 cells to Rich, 4 to a terminal
        ("chillu \u0d28\u0d4d\u200d", "chillu \u0d28\u0d4d"),
        ("", ""),
    ],
)
def test_clean_line(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("line one\nline two", "line one\nline two"),
        ("crlf\r\nline", "crlf\nline"),
        ("old mac\rline", "old mac\nline"),
        ("tab\tstop", "tab stop"),
        ("\x1b[2Jclear\x07", "[2Jclear"),
        ("rtl \u202eabc", "rtl abc"),
        ("c1 \x9b", "c1 "),
        ("surrogate\udc80\nline", "surrogate\nline"),
    ],
)
def test_clean_block_keeps_newlines_drops_controls(raw: str, clean: str) -> None:
    assert clean_block(raw) == clean


@settings(max_examples=300)
@given(raw_text)
def test_clean_line_is_safe_one_line_and_idempotent(text: str) -> None:
    once = clean_line(text)
    assert not FORBIDDEN & set(once)
    assert "\n" not in once and "\r" not in once and "\t" not in once
    assert "\u2028" not in once and "\u2029" not in once
    assert clean_line(once) == once


@settings(max_examples=300)
@given(raw_text)
def test_clean_block_is_safe_and_idempotent(text: str) -> None:
    once = clean_block(text)
    assert not FORBIDDEN & set(once)
    assert "\r" not in once and "\t" not in once
    assert clean_block(once) == once
    # the lines of the text stay lines
    assert once.count("\n") >= text.count("\n")


@settings(max_examples=200)
@given(raw_text)
def test_printable_text_is_never_changed(text: str) -> None:
    printable = "".join(ch for ch in text if ch.isprintable())
    assert clean_line(printable) == printable
    assert clean_block(printable) == printable


def test_letters_marks_and_emoji_survive() -> None:
    text = "e\u0301 Zoë 👩\u200d👩\u200d👧 한국어 ＡＢＣ"
    assert clean_line(text) == text
    assert unicodedata.normalize("NFC", clean_line(text)) == unicodedata.normalize("NFC", text)


def test_every_text_field_of_the_model_is_neutralised() -> None:
    nasty = "a\x1b[31m\x07\u202e\nb"
    m = JourneyMap(
        title=nasty,
        description=nasty,
        persona=Persona(nasty, nasty, (nasty,), (nasty,), (nasty,), nasty),
        lanes=(Lane("actions", nasty),),
        phases=(Phase(nasty, nasty, None, {"actions": (nasty,)}),),
    )
    one_line = "a[31m b"
    assert m.title == one_line
    assert m.description == "a[31m\nb"
    assert m.persona is not None
    assert (m.persona.name, m.persona.role, m.persona.quote) == (one_line,) * 3
    assert m.persona.goals == m.persona.needs == m.persona.frustrations == (one_line,)
    assert m.lanes[0].title == one_line
    assert m.phases[0].title == m.phases[0].stage == one_line
    assert m.phases[0].notes("actions") == (one_line,)


def test_a_note_with_newlines_becomes_one_line_through_an_edit() -> None:
    m = JourneyMap("t", lanes=(Lane("a", "A"),), phases=(Phase("p"),))
    new, _ = SetNotes(0, "a", ("first\nsecond\x1b\x07",)).apply(m)
    assert new.phases[0].notes("a") == ("first second",)


def test_neutralising_a_map_twice_changes_nothing() -> None:
    nasty = "x\x1b\n\u202e\x9by"
    m = JourneyMap(nasty, description=nasty, lanes=(Lane("a", nasty),), phases=(Phase(nasty),))
    again = JourneyMap(
        m.title, description=m.description, lanes=m.lanes, phases=(Phase(m.phases[0].title),)
    )
    assert again == m


def test_a_lone_surrogate_never_reaches_the_map_so_it_can_always_be_saved(tmp_path: Path) -> None:
    # a lone surrogate (from a badly decoded paste) has no UTF-8 form: writing it would fail
    m = JourneyMap(
        "t\ud83d", lanes=(Lane("a", "A\udc00"),), phases=(Phase("p", cells={"a": ("x\udfff",)}),)
    )
    save_map(m, tmp_path / "map.toml")
    assert read_map(tmp_path / "map.toml") == m


def test_tag_names_are_neutralised_like_all_text() -> None:
    m = JourneyMap(
        "t", lanes=(Lane("a", "A"),), phases=(Phase("p"),), tags={"Pa\x1bin\u202e": "red"}
    )
    assert m.tags == {"pain": "red"}


JOINER_TEXT = st.lists(
    st.sampled_from([*"ab 漢字🙂", "\u200d", "👨\u200d👩\u200d👧", "\u0301", "xxxxxxxx", "\n"]),
    max_size=30,
).map("".join)


@settings(max_examples=300)
@given(text=JOINER_TEXT)
def test_rich_can_cut_cleaned_text_at_any_width(text: str) -> None:
    """Rich 15 raised IndexError cutting `\u200d\u200d🙂…` to 1 cell (`set_cell_size`), so
    a note like it crashed `cxtui print` and the grid at some widths; cleaned text never
    does."""
    for line in (clean_line(text), *clean_block(text).split("\n")):
        for width in range(0, cell_len(line) + 2):
            set_cell_size(line, width)
            Text(line).wrap(CONSOLE, max(1, width), overflow="fold")
