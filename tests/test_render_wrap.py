"""A note without styles is wrapped into lines made at once: the very lines (text, style,
justification, overflow, spans, end) that Rich's divide, pad_left and rstrip make."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from cxtui import render
from cxtui.model import JourneyMap, Lane, Phase
from cxtui.render import note_text
from cxtui.text import clean_line

_WORDS = st.lists(
    st.sampled_from(
        [*"abc xyz  -#éß漢字🙂가👍", "supercalifragilistic", "#x", "#y", *"\u00a0\u3000\u200d"]
    ),
    max_size=40,
).map("".join)
_MAP = JourneyMap("T", lanes=(Lane("a", "A"),), phases=(Phase("P"),), tags={"x": "red"})


def _described(lines: list[Text]) -> list[tuple[object, ...]]:
    """Everything a line is made of."""
    return [
        (line.plain, str(line.style), line.justify, line.overflow, line.no_wrap, line.end, *rest)
        for line in lines
        for rest in [(line.tab_size, tuple(line.spans), type(line).__name__)]
    ]


def _wrapped(
    note: str, width: int, marks: tuple[str, ...], style: str = "", justify: str | None = None
) -> list[Text]:
    text = note_text(clean_line(note), _MAP, marks=marks)  # type: ignore[arg-type]
    text.style, text.justify = style, justify  # type: ignore[assignment]
    return list(text.wrap(Console(width=200), width))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    note=_WORDS,
    width=st.integers(3, 40),
    marks=st.sampled_from([(), ("fail",), ("wait", "works")]),
    style=st.sampled_from(["", "bold", "italic red"]),
    justify=st.sampled_from([None, "left", "default"]),
)
@example(note="a b c d e f g h", width=4, marks=(), style="", justify=None)  # many breaks
@example(note="   ", width=3, marks=(), style="", justify=None)  # lines of spaces only
def test_a_note_without_styles_wraps_into_the_lines_rich_divides_it_into(
    note: str, width: int, marks: tuple[str, ...], style: str, justify: str | None
) -> None:
    fast = _wrapped(note, width, marks, style, justify)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "_unstyled_lines", lambda *_: None)
        divided = _wrapped(note, width, marks, style, justify)
    assert _described(fast) == _described(divided)


def test_a_long_note_without_styles_is_made_the_fast_way(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    unstyled = render._unstyled_lines

    def counted(*args: object) -> object:
        made.append(result := unstyled(*args))  # type: ignore[arg-type]
        return result

    monkeypatch.setattr(render, "_unstyled_lines", counted)
    lines = _wrapped("one two three four five six seven", 12, ())
    assert [line.plain for line in lines] == ["• one two", "  three four", "  five six", "  seven"]
    assert made and made[0] is not None
