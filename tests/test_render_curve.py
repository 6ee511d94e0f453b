"""The emotion curve is made in one piece (each score's glyph and colour worked out
once): the text and colours of one block appended per phase."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from strategies import maps

from cxtui import render
from cxtui.model import JourneyMap
from cxtui.notation import emotion_glyph
from cxtui.render import emotion_colour, sparkline


def _appended(m: JourneyMap) -> Text:
    """The curve as one block appended per phase."""
    text = Text()
    for phase in m.phases:
        text.append(emotion_glyph(phase.emotion, m.scale), emotion_colour(phase.emotion, m.scale))
    return text


@settings(max_examples=100, deadline=None)
@given(m=maps(max_phases=30), terminal_palette=st.booleans())
def test_the_curve_is_the_blocks_of_its_phases_appended(
    m: JourneyMap, terminal_palette: bool
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "_terminal_palette", terminal_palette)
        made, appended = sparkline(m), _appended(m)
    assert (made.plain, made.spans, made.style, made.end) == (
        appended.plain,
        appended.spans,
        appended.style,
        appended.end,
    )
