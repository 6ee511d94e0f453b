"""The grid's body lines are made from segments, one Strip per line: the same segments,
split the same way, as joining, cropping and padding Textual Strips gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from cxtui.tui.widgets.grid import crop_segments, row_strip

_STYLES = st.sampled_from([None, Style(bold=True), Style(color="red"), Style(bgcolor="blue")])
#: Narrow, wide (漢, 👍) and zero-width text, which a crop may cut through.
_TEXTS = st.text(alphabet="ab 漢👍\u200b─│", max_size=6)
_SEGMENTS = st.lists(st.tuples(_TEXTS, _STYLES).map(lambda t: Segment(*t)), max_size=6)


def _cell(segments: list[Segment], width: int) -> list[Segment]:
    """A cell line as the grid draws one: `width` cells, beginning with its cursor column."""
    return Segment.adjust_line_length([Segment(" "), *segments], width)


def _joined_and_cropped(
    left: Strip, cells: list[list[Segment]], cell_width: int, offset: int, view: int, width: int
) -> Strip:
    """The body line made the Strip way (as the grid made it before :func:`row_strip`)."""
    strips = [Strip(cell, cell_width) for cell in cells]
    body = Strip.join(strips).crop(offset, offset + view) if strips else Strip.blank(0)
    line = Strip.join([left, body])
    if line.cell_length < width:
        line = line.extend_cell_length(width, Style(bgcolor="black"))
    return line.crop(0, width)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_SEGMENTS, max_size=5),
    _SEGMENTS,
    st.integers(1, 12),
    st.integers(0, 8),
    st.integers(0, 40),
    st.integers(0, 40),
    st.integers(0, 30),
)
@example([[Segment("ab")]], [Segment("漢字")], 3, 1, 2, 6, 4)  # a crop through a wide character
@example([], [], 4, 0, 0, 0, 0)
def test_a_body_line_from_segments_is_the_line_from_strips(
    cells: list[list[Segment]],
    left: list[Segment],
    cell_width: int,
    left_width: int,
    offset: int,
    view: int,
    width: int,
) -> None:
    drawn = [_cell(cell, cell_width) for cell in cells]
    lane = Strip(Segment.adjust_line_length(left, left_width), left_width)
    offset = min(offset, max(0, cell_width * len(cells) - 1))  # the grid scrolls within its cells
    made = row_strip(lane, drawn, cell_width, offset, view, width, Style(bgcolor="black"))
    expected = _joined_and_cropped(lane, drawn, cell_width, offset, view, width)
    assert list(made) == list(expected)
    assert made.cell_length == expected.cell_length


@settings(max_examples=400, deadline=None)
@given(_SEGMENTS, st.integers(0, 30), st.integers(0, 30))
def test_cropped_segments_are_the_segments_of_a_cropped_strip(
    segments: list[Segment], start: int, end: int
) -> None:
    length = Strip(segments).cell_length
    start, end = min(start, length), min(end, length)
    assert crop_segments(list(segments), length, start, end) == list(
        Strip(segments, length).crop(start, end)
    )
