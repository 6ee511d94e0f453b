"""Rendering a map with Rich: text stays data, lines fit the width, bands are labelled."""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Span, Text
from strategies import maps

from cxtui.fileformat import read_map
from cxtui.model import EmotionScale, JourneyMap, Lane, Persona, Phase
from cxtui.notation import SPARK_GLYPHS, UNRATED, emotion_glyph, format_score
from cxtui.render import (
    MapView,
    WrappedText,
    curve_row_of,
    curve_rows,
    fit_notes,
    header,
    keeping_skin_tones,
    line_breaks,
    more_mark,
    note_text,
    phases_per_band,
    sparkline,
)
from cxtui.text import clean_line

SGR = re.compile(r"\x1b\[[0-9;]*m")
MARKUP = "[bold red]x[/]"


def render(m: JourneyMap, width: int = 100, *, colour: bool = False) -> str:
    """What `cxtui print` shows for `m`: plain text, or the raw output with styles."""
    console = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        color_system="truecolor" if colour else None,
        force_terminal=colour,
    )
    console.print(MapView(m))
    if colour:
        out = console.file.getvalue()  # type: ignore[attr-defined]
        assert isinstance(out, str)
        return out
    return console.export_text()


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


def rated_map(emotions: list[int | None], scale: EmotionScale | None = None) -> JourneyMap:
    lanes = (Lane("actions", "Actions"), Lane("emotions", "Emotions", "emotion"))
    phases = tuple(
        Phase(f"Step {i + 1}", None, e, {"actions": (f"do {i + 1}",)})
        for i, e in enumerate(emotions)
    )
    return JourneyMap("Rated", scale=scale or EmotionScale(), lanes=lanes, phases=phases)


# -- text is data ----------------------------------------------------------------------


def test_markup_is_shown_literally_everywhere() -> None:
    m = JourneyMap(
        title=f"Title {MARKUP}",
        description=f"Description {MARKUP}",
        persona=Persona(f"Name {MARKUP}", f"Role {MARKUP}", (f"goal {MARKUP}",), quote=MARKUP),
        lanes=(Lane("actions", "[i]L[/i]"), Lane("emotions", "Emotions", "emotion")),
        phases=(
            Phase(f"Phase {MARKUP}", "stage [b]", 1, {"actions": (f"note {MARKUP} :smile:",)}),
        ),
    )
    out = render(m, 200)
    for shown in (
        f"Title {MARKUP}",
        f"Description {MARKUP}",
        f"Name {MARKUP}",
        f"Role {MARKUP}",
        f"goal {MARKUP}",
        f"“{MARKUP}”",
        "[i]L[/i]",
        f"Phase {MARKUP}",
        "STAGE [B]",
        f"• note {MARKUP} :smile:",
    ):
        assert shown in out, shown
    # with styles on too: the markup is text, not styling
    styled = render(m, 200, colour=True)
    assert MARKUP in SGR.sub("", styled)


def test_control_characters_never_reach_the_output() -> None:
    nasty = "a\x1b]0;pwned\x07b\x1b[2Jc\x9b31m\u202ed"
    m = JourneyMap(
        title=nasty,
        description=nasty,
        persona=Persona(nasty, nasty, (nasty,), quote=nasty),
        lanes=(Lane("actions", nasty), Lane("emotions", "Emotions", "emotion")),
        phases=(Phase(nasty, nasty, 0, {"actions": (nasty, nasty)}),),
    )
    plain = render(m, 120)
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in plain
    assert "a]0;pwnedb[2Jc31md" in plain  # the rest of the text is shown
    # with styles on, the only escapes are the SGR codes Rich writes itself
    styled = render(m, 120, colour=True)
    assert "\x1b" in styled
    assert "\x1b" not in SGR.sub("", styled) and "\x07" not in styled


# -- widths ------------------------------------------------------------------------


def wide_map(phases: int = 40) -> JourneyMap:
    lanes = (
        Lane("actions", "Actions 行動 😀 with a long lane title"),
        Lane("emotions", "Emotions", "emotion"),
        Lane("pain_points", "Pain 痛み"),
    )
    long_note = ("漢字かな😀 " * 40)[:150] + "x" * 150  # 300 characters
    return JourneyMap(
        title="旅 😀 " * 30,
        description="説明 " * 80,
        persona=Persona("名前😀" * 30, "役割", ("目標 " * 50,), quote="q" * 300),
        lanes=lanes,
        phases=tuple(
            Phase(
                f"P{i:02d} フェーズ 🎉👍🏽",
                f"段階 {i // 6} 😀",
                (i % 5) - 2 if i % 7 else None,
                {"actions": (long_note, "短い"), "pain_points": ("#pain " + "痛" * 300,)},
            )
            for i in range(1, phases + 1)
        ),
    )


@pytest.mark.parametrize("width", [100, 20, 41, 60, 80, 133])
def test_no_line_is_wider_than_the_console(width: int) -> None:
    m = wide_map()
    out = render(m, width)
    assert widest(out) <= width
    assert all(len(note) == 300 for note in m.phases[0].notes("actions")[:1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(m=maps(max_phases=8), width=st.integers(20, 160))
def test_any_map_fits_any_width(m: JourneyMap, width: int) -> None:
    out = render(m, width)
    assert widest(out) <= width
    assert "\x1b" not in out and "\x07" not in out


# -- bands -------------------------------------------------------------------------

BAND_LABEL = re.compile(r"^Phases? (\d+)(?:–(\d+))? of (\d+) \(part (\d+) of (\d+)\)$")


def test_forty_phases_at_width_100_come_in_labelled_parts() -> None:
    m = wide_map(40)
    out = render(m, 100)
    labels = [BAND_LABEL.match(line.strip()) for line in out.splitlines()]
    found = [match for match in labels if match]
    assert len(found) > 1
    parts = len(found)
    covered = []
    for n, match in enumerate(found, start=1):
        first = int(match.group(1))
        last = int(match.group(2) or first)
        assert int(match.group(3)) == 40
        assert (int(match.group(4)), int(match.group(5))) == (n, parts)
        covered += range(first, last + 1)
    assert covered == list(range(1, 41))  # every phase once, in order
    table = "\n".join(line for line in out.splitlines() if line.startswith("│"))
    for i in range(1, 41):
        assert table.count(f"P{i:02d} ") == 1


def test_phases_of_a_band_are_those_its_label_names() -> None:
    m = wide_map(10)
    out = render(m, 100)
    sections = re.split(r"^(?=Phases? \d)", out, flags=re.M)[1:]
    assert len(sections) == len(list(MapView(m).bands(100))) > 1
    for section in sections:
        match = BAND_LABEL.match(section.splitlines()[0])
        assert match
        first = int(match.group(1))
        last = int(match.group(2) or first)
        shown = sorted(int(n) for n in re.findall(r"P(\d\d) ", section))
        assert shown == list(range(first, last + 1))


def test_a_map_that_fits_has_one_unlabelled_band(small_map: JourneyMap) -> None:
    out = render(small_map, 160)
    assert "part 1 of" not in out and not re.search(r"^Phases ", out, flags=re.M)
    for phase in small_map.phases:
        assert phase.title in out


@pytest.mark.parametrize("width", [20, 60, 100, 200, 1000])
def test_bands_cover_all_phases(width: int) -> None:
    m = wide_map(40)
    bands = list(MapView(m).bands(width))
    assert bands[0][0] == 0 and bands[-1][1] == 40
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bands))
    per = phases_per_band(width, 40)
    assert all(stop - start <= per for start, stop in bands)
    assert 1 <= per <= 40


# -- the emotion row and curve -------------------------------------------------------


def test_the_emotion_row_shows_each_score_and_a_dash_when_unrated() -> None:
    m = rated_map([-2, -1, 0, 1, 2, None])
    out = render(m, 200)
    rows = [
        [cell.strip() for cell in line.strip("│ ").split("│")]
        for line in out.splitlines()
        if "+1" in line and line.startswith("│")  # (not the chart above the table)
    ]
    assert rows == [["-2", "-1", "0", "+1", "+2", "–"]]


def test_the_curve_dot_sits_higher_for_higher_scores() -> None:
    m = rated_map([-2, 0, 2])
    lines = render(m, 200).splitlines()
    dots = {}
    for number, line in enumerate(lines):
        cells = line.split("│")[2:-1]
        for column, cell in enumerate(cells):
            if "●" in cell:
                dots[column] = number
    assert dots[0] > dots[1] > dots[2]  # lower on screen = larger line number


def test_format_score() -> None:
    assert [format_score(v) for v in (-3, -1, 0, 1, 4, None)] == ["-3", "-1", "0", "+1", "+4", "–"]


def test_sparkline_has_one_glyph_per_phase() -> None:
    m = rated_map([-2, -1, 0, 1, 2, None, 2])
    line = sparkline(m).plain
    assert len(line) == len(m.phases)
    assert line[0] == SPARK_GLYPHS[0] and line[4] == SPARK_GLYPHS[-1] and line[5] == UNRATED
    assert line[6] == line[4]
    order = [SPARK_GLYPHS.index(ch) for ch in line[:5]]
    assert order == sorted(order) and len(set(order)) == 5


@settings(max_examples=30, deadline=None)
@given(m=maps(max_phases=10))
def test_sparkline_length_is_the_number_of_phases(m: JourneyMap) -> None:
    assert len(sparkline(m).plain) == len(m.phases)
    assert len(sparkline(m).plain) == cell_len(sparkline(m).plain)


@pytest.mark.parametrize("scale", [EmotionScale(-2, 2), EmotionScale(1, 5), EmotionScale(0, 20)])
def test_glyphs_and_rows_follow_the_scale(scale: EmotionScale) -> None:
    values = range(scale.min, scale.max + 1)
    glyphs = [SPARK_GLYPHS.index(emotion_glyph(v, scale)) for v in values]
    assert glyphs == sorted(glyphs)
    assert glyphs[0] == 0 and glyphs[-1] == len(SPARK_GLYPHS) - 1
    rows = [curve_row_of(v, scale) for v in values]
    assert rows == sorted(rows, reverse=True)
    assert rows[0] == curve_rows(scale) - 1 and rows[-1] == 0
    assert emotion_glyph(None, scale) == UNRATED


def test_the_header_shows_title_kind_persona_and_curve(small_map: JourneyMap) -> None:
    console = Console(record=True, width=120, file=io.StringIO(), color_system=None)
    console.print(header(small_map))
    out = console.export_text()
    assert "Buying running shoes online  (Current state)" in out
    assert "Persona: Ann Okafor, Weekend runner" in out
    assert "Emotion: " + sparkline(small_map).plain + "  (scale -2..2)" in out
    unnamed = replace(small_map, persona=Persona(role="Runner"))
    console = Console(record=True, width=120, file=io.StringIO(), color_system=None)
    console.print(header(unnamed))
    assert "Persona: unnamed, Runner" in console.export_text()


# -- the lane-title column -----------------------------------------------------------


@pytest.mark.parametrize("title", ["Opportunities", "Backstage (invisible)", "Touchpoints"])
def test_a_lane_title_word_is_never_broken(title: str) -> None:
    m = JourneyMap("t", lanes=(Lane("a", title),), phases=(Phase("p", cells={"a": ("x",)}),))
    out = render(m, 80)
    lane_rows = [line.split("│")[1].strip() for line in out.splitlines() if line.count("│") > 2]
    words = [word for row in lane_rows for word in row.split()]
    for word in title.split():
        assert word in words


def test_a_very_long_lane_title_word_does_not_take_the_width() -> None:
    m = JourneyMap("t", lanes=(Lane("a", "x" * 60),), phases=(Phase("p"),) * 3)
    out = render(m, 80)
    assert widest(out) <= 80
    heading_row = next(line for line in out.splitlines() if line.startswith("│ Phase"))
    assert heading_row.index("│", 1) <= 21  # the column stops at MAX_LANE_COLUMN_WIDTH


# -- the heading row -----------------------------------------------------------------


def rows_of(out: str) -> list[list[str]]:
    """The table lines of `out`, each split into its cells (text without padding)."""
    return [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in out.splitlines()
        if line.startswith("│")
    ]


def staged_map() -> JourneyMap:
    lanes = (Lane("actions", "Actions"), Lane("emotions", "Emotions", "emotion"))
    phases = (
        Phase("A very long phase title that wraps over several lines", "Research", 1),
        Phase("Short", "Research"),
        Phase("Next", "An extraordinarily long stage name for one column"),
    )
    return JourneyMap("Staged", lanes=lanes, phases=phases)


def test_the_labels_line_up_with_the_stage_and_the_first_title_line() -> None:
    rows = rows_of(render(staged_map(), 100))
    assert rows[0][0] == "Stage" and rows[0][1].startswith("RESEARCH ─")
    assert rows[0][2].startswith("─")
    assert rows[1][0] == "Phase" and rows[1][1].startswith("A very long")
    assert rows[1][2:] == ["Short", "Next"]  # top-aligned beside the label
    assert rows[2][0] == "" and rows[2][1] and rows[2][2:] == ["", ""]


def test_a_long_stage_name_is_cut_with_an_ellipsis() -> None:
    rows = rows_of(render(staged_map(), 100))
    assert rows[0][3].endswith("…")
    assert rows[0][3][:-1] in "AN EXTRAORDINARILY LONG STAGE NAME FOR ONE COLUMN"


def test_a_map_without_stages_has_no_stage_row(small_map: JourneyMap) -> None:
    unstaged = replace(small_map, phases=tuple(replace(p, stage=None) for p in small_map.phases))
    rows = rows_of(render(unstaged, 160))
    assert rows[0] == ["Phase", *(p.title for p in small_map.phases)]
    assert "Stage" not in render(unstaged, 160)


def test_a_band_of_one_phase_is_labelled_in_the_singular() -> None:
    out = render(rated_map([1, 2, 0, 1, 2, -1, 0]), 80)
    labels = [line for line in out.splitlines() if BAND_LABEL.match(line)]
    assert labels[-1] == "Phase 7 of 7 (part 4 of 4)"
    assert labels[0] == "Phases 1–2 of 7 (part 1 of 4)"


# -- plain output, notes ---------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 80, 100, 120, 200])
def test_no_printed_line_ends_in_spaces(width: int) -> None:
    m = wide_map(6)
    m = replace(m, description="A description long enough to wrap " * 8)
    out = render(m, width)
    assert [line for line in out.splitlines() if line != line.rstrip()] == []


def test_a_wrapped_note_hangs_under_its_text() -> None:
    note = "Reads the size chart twice and still cannot tell which size to order"
    m = rated_map([1])
    m = replace(m, phases=(replace(m.phases[0], cells={"actions": (note, "Second")}),))
    out = render(m, 60)
    cells = [line.split("│")[2] for line in out.splitlines() if line.count("│") == 3]
    first = next(i for i, cell in enumerate(cells) if "• Reads" in cell)
    second = next(i for i, cell in enumerate(cells) if "• Second" in cell)
    lines = cells[first:second]
    assert len(lines) > 1
    assert all(cell.startswith(" " * 3) and cell[3] != " " for cell in lines[1:]), out
    assert " ".join(cell.strip().removeprefix("• ") for cell in lines) == note


def test_skin_tone_modifiers_are_not_drawn_in_the_editor() -> None:
    """The editor's renderables drop them (terminals disagree on their width); `cxtui print`
    keeps them (tests/test_accessibility.py), within `keeping_skin_tones`."""
    m = rated_map([1])
    m = replace(
        m,
        title="Thumbs 👍🏽",
        phases=(replace(m.phases[0], title="Vote 👍🏿", cells={"actions": ("👍🏽" * 40,)}),),
    )
    out = render(m, 60)
    assert not re.search("[\U0001f3fb-\U0001f3ff]", out)
    assert "Thumbs 👍" in out and "Vote 👍" in out and out.count("👍") == 42
    # every terminal agrees on the width of what is left: each line is within the width
    assert widest(out) <= 60


# -- notes in a cell of fixed height (the editor) ---------------------------------------


def fitted(notes: tuple[str, ...], width: int, height: int) -> tuple[list[str], int]:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    lines, hidden = fit_notes(notes, rated_map([0]), console, width, height)
    assert all(cell_len(line.plain) <= width for line in lines)
    assert all("\n" not in line.plain for line in lines)
    return [line.plain for line in lines], hidden


def test_notes_that_fit_are_shown_whole() -> None:
    assert fitted(("One", "Two"), 20, 5) == (["• One", "• Two"], 0)
    assert fitted(("One", "Two"), 20, 2) == (["• One", "• Two"], 0)
    assert fitted((), 20, 2) == ([], 0)


def test_the_more_mark_counts_only_notes_not_shown() -> None:
    lines, hidden = fitted(("One", "Two", "Three", "Four"), 20, 3)
    assert lines == ["• One", "• Two"] and hidden == 2
    assert more_mark(hidden) == "+2 more"
    # the note cut short counts as shown and ends with an ellipsis
    long = "alpha beta gamma delta epsilon zeta eta theta"
    lines, hidden = fitted((long, "Two", "Three"), 16, 3)
    assert hidden == 2 and len(lines) == 2
    assert lines[0] == "• alpha beta"
    assert lines[1].startswith("  gamma") and lines[1].endswith("…")
    lines, hidden = fitted(("One", "Two"), 20, 1)
    assert (lines, hidden) == ([], 2)


def test_the_last_note_cut_short_ends_with_an_ellipsis_and_no_mark() -> None:
    long = "alpha beta gamma delta epsilon zeta eta theta"
    lines, hidden = fitted(("One", long), 12, 3)
    assert hidden == 0 and len(lines) == 3
    assert lines[0] == "• One" and lines[-1].endswith("…")
    lines, hidden = fitted(("x" * 50,), 10, 2)
    assert hidden == 0 and lines == ["• xxxxxxxx", "  xxxxxxx…"]


# -- the hanging wrap of a note ------------------------------------------------------

WORDS = st.lists(
    st.sampled_from(
        [
            *"abc xyz  -#éß漢字🙂가👍",
            *("supercalifragilistic", "#x", "\u00a0", "\u3000"),
            *("\u0301", "\u200d", "\ufe0f", "👨\u200d👩\u200d👧"),  # combining, joiners
        ]
    ),
    max_size=40,
).map("".join)


def _lines_by_parts(text: WrappedText, width: int, overflow: str) -> list[tuple[str, list[Span]]]:
    indent = cell_len(text.plain[: text.hang])
    console = Console(width=200)
    lines = text._hang_by_parts(
        console,
        width,
        indent,
        justify=None,
        overflow=overflow,
        tab_size=8,  # type: ignore[arg-type]
    )
    out = []
    for line in lines:
        line.rstrip()
        out.append(line)
    return [(line.plain, line.spans) for line in out]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(note=WORDS, width=st.integers(4, 40))
def test_a_note_wraps_in_one_pass_exactly_as_rich_wraps_its_parts(note: str, width: int) -> None:
    """The one-pass hanging wrap of a note breaks, indents and styles its lines as
    Rich's wrap of the note's body, with the bullet put back, does (the slower way)."""
    journey = JourneyMap("T", lanes=(Lane("a", "A"),), phases=(Phase("P"),), tags={"x": "red"})
    note = clean_line(note)  # as the model keeps every note
    fast = note_text(note, journey).wrap(Console(width=200), width)
    expected = _lines_by_parts(note_text(note, journey), width, "fold")
    got = [(line.plain, line.spans) for line in fast]
    assert [plain for plain, _ in got] == [plain for plain, _ in expected]
    for (plain, spans), (_, want) in zip(got, expected, strict=True):
        styles = [
            (i, str(Text(plain, spans=spans).get_style_at_offset(Console(), i)))
            for i in range(len(plain))
        ]
        wanted = [
            (i, str(Text(plain, spans=want).get_style_at_offset(Console(), i)))
            for i in range(len(plain))
        ]
        assert styles == wanted


@settings(max_examples=400)
@given(text=WORDS, width=st.integers(1, 40), fold=st.booleans())
def test_line_breaks_are_richs(text: str, width: int, fold: bool) -> None:
    """The same breaks as Rich's word wrap (its private divide_line, as an oracle only)."""
    from rich._wrap import divide_line

    assert line_breaks(text, width, fold=fold) == divide_line(text, width, fold=fold)


def test_a_note_with_stray_joiners_prints_at_every_width() -> None:
    """Rich 15 crashed cutting a line that starts with two zero-width joiners and a wide
    character; the model drops stray joiners, so such a note prints at any width."""
    note = "\u200d\u200d🙂a\u200dxxxxxxxxxxxx漢字 \u200d\u200d漢字漢字漢字漢字漢字漢字漢字 tail"
    lanes = (Lane("a", "A"),)
    journey = JourneyMap("J", lanes=lanes, phases=(Phase("P", cells={"a": (note,)}),))
    assert "\u200d\u200d" not in journey.phases[0].notes("a")[0]
    for width in range(40, 130):
        out = io.StringIO()
        Console(file=out, width=width, color_system=None).print(MapView(journey))
        assert "tail" in out.getvalue()


SAMPLE_MAPS = sorted((Path(__file__).resolve().parents[1] / "sample_maps").glob("*.toml"))


def printed(
    m: JourneyMap,
    width: int,
    colour: bool,
    *,
    streamed: bool,
    against: JourneyMap | None = None,
    insights: bool = False,
) -> str:
    """What `cxtui print` writes: part by part (`streamed`) or in one print, as before."""
    out = io.StringIO()
    console = Console(
        file=out, width=width, force_terminal=colour, no_color=not colour or None,
        color_system="truecolor" if colour else None, highlight=False, emoji=False, markup=False,
    )  # fmt: skip
    view = MapView(m, against=against, insights=insights)
    with keeping_skin_tones():
        if streamed:
            view.print_to(console)
        else:
            console.print(view)
    return out.getvalue()


@pytest.mark.parametrize("width", [20, 41, 80, 133, 200])
@pytest.mark.parametrize("colour", [False, True])
def test_printing_band_by_band_writes_the_same_bytes(width: int, colour: bool) -> None:
    journeys = [read_map(path) for path in SAMPLE_MAPS] + [wide_map(40), staged_map()]
    assert len(journeys) >= 8
    for m in journeys:
        whole = printed(m, width, colour, streamed=False)
        assert printed(m, width, colour, streamed=True) == whole
        assert ("\x1b[" in whole) == colour
    # with the emotion chart of another map under it, and what the map says after it
    current, future = journeys[0], journeys[1]
    whole = printed(current, width, colour, streamed=False, against=future, insights=True)
    streamed = printed(current, width, colour, streamed=True, against=future, insights=True)
    assert streamed == whole and len(whole) > len(printed(current, width, colour, streamed=False))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(maps(), st.integers(20, 160), st.booleans())
def test_any_map_prints_the_same_bytes_band_by_band(
    m: JourneyMap, width: int, colour: bool
) -> None:
    assert printed(m, width, colour, streamed=True) == printed(m, width, colour, streamed=False)


@pytest.mark.parametrize("palette", [False, True])
def test_every_tag_colour_a_map_may_hold_is_drawn_in_a_colour(palette: bool) -> None:
    from rich.color import Color

    from cxtui import render
    from cxtui.model import TAG_COLOUR_NAMES

    render.use_terminal_palette(palette)
    try:
        for name in sorted(TAG_COLOUR_NAMES):
            colour = render.terminal_colour(name)
            assert colour is not None and not Color.parse(colour).is_default, name
            m = JourneyMap(
                "Tags",
                lanes=(Lane("notes", "Notes"),),
                phases=(Phase("One", cells={"notes": ("#x slow",)}),),
                tags={"x": name},
            )
            styles = [str(span.style) for span in render.note_text("#x slow", m).spans]
            assert f"bold {colour}" in styles, name
    finally:
        render.use_terminal_palette(False)
