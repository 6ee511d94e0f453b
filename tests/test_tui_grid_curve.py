"""The emotion lane's cells are drawn once for each score, width and mark: a cell drawn
again (for another phase with that score) is the cell drawn afresh."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment

from cxtui import render
from cxtui.model import EmotionScale
from cxtui.render import emotion_cell
from cxtui.tui.widgets.grid import CurvePoints

_DRAWS = st.lists(
    st.tuples(
        st.sampled_from([EmotionScale(-2, 2), EmotionScale(1, 5), EmotionScale(0, 10)]),
        st.one_of(st.none(), st.integers(-2, 10)),
        st.integers(1, 30),
        st.sampled_from(["", "▼ lowest", "▲ highest"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


def _afresh(
    console: Console, score: int | None, scale: EmotionScale, width: int, mark: str
) -> list[list[Segment]]:
    options = console.options.update(width=width, height=None, highlight=False)
    return console.render_lines(emotion_cell(score, scale, width, mark), options, pad=True)


@settings(max_examples=150, deadline=None)
@given(draws=_DRAWS)
def test_an_emotion_cell_drawn_again_is_the_cell_drawn_afresh(
    draws: list[tuple[EmotionScale, int | None, int, str, bool]],
) -> None:
    console, points = Console(width=80), CurvePoints()
    for scale, score, width, mark, palette in draws:
        if score is not None:
            score = max(scale.min, min(scale.max, score))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(render, "_terminal_palette", palette)
            drawn = points.lines(console, score, scale, width, mark)
            assert drawn == _afresh(console, score, scale, width, mark)
