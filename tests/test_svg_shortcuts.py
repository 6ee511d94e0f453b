"""The SVG writer's shortcuts give what its full steps give (they exist for speed only)."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from hypothesis import example, given
from hypothesis import strategies as st

from cxtui.interchange import svg
from cxtui.model import TAG_PATTERN, JourneyMap, Lane, Phase

SVG_NS = "{http://www.w3.org/2000/svg}"

#: What the writer dropped before it had its own escaping: every character XML 1.0 refuses.
OLD_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

WORDS = st.sampled_from(
    ["a", "word", "x" * 23, "y" * 24, "z" * 47, "w" * 70, "#pain", "&", "<b>", " ", "  ", "\t",
     "\x1c", "\x07", "Supercalifragilisticexpialidocious"]
)  # fmt: skip
ASCII_TEXT = st.one_of(
    st.text(st.characters(max_codepoint=127), max_size=160),
    st.lists(WORDS, max_size=20).map("".join),
)


@given(text=ASCII_TEXT, width=st.floats(1, 1600), size=st.sampled_from([11, 12, 13, 20]))
@example(text="x" * 100, width=52.8, size=11)  # 8 chars by count, 7 by adding up 6.6s
@example(text="abcdefg h", width=52.8, size=11)
@example(text="x" * 500, width=1584, size=11)  # a stage over 8 phases: 240 chars, exactly
@example(text="abc def", width=7.2, size=12)  # one character per line
@example(text="abc def", width=7.1, size=12)  # not even one fits
def test_ascii_wrap_by_character_count_is_the_measured_wrap(
    text: str, width: float, size: int
) -> None:
    assert svg.wrap(text, width, size) == svg._wrap_measured(text, width, size)


@given(text=ASCII_TEXT)
def test_the_note_column_wraps_ascii_like_the_measured_wrap(text: str) -> None:
    width = svg.PHASE_WIDTH - 2 * svg.PAD - svg.BULLET_INDENT
    assert svg.wrap(text, width) == svg._wrap_measured(text, width, svg.FONT_SIZE)


@given(st.text(st.characters(exclude_categories=()), max_size=40))
@example("\ufffe\uffff\ud800 \x00\x1f\t\n\r a&b<c>d \u00a0\u200d")
def test_escaping_is_what_saxutils_gave(text: str) -> None:
    assert svg._x(text) == escape(OLD_NOT_XML.sub("", text))


def tagged_map() -> JourneyMap:
    return JourneyMap(
        "T",
        lanes=(Lane("a", "A"),),
        phases=(Phase("P", cells={"a": ("n",)}),),
        tags={"pain": "red", "x-y": "#00ff00", "ab_c": "blue"},
    )


TAGGED_LINE = st.lists(
    st.sampled_from(["#pain", "#idea", "#x-y", "#nope", "#PAIN", "#ab_c", "#éa", "#1", "##", "#",
                     "&", "<", ">", "&#pain", "a", "é", "_", "-", " ", "\u00a0", "\x01"]),
    max_size=12,
).map("".join)  # fmt: skip


@given(TAGGED_LINE)
@example("x#pain <#pain> &#idea #x-y- ##pain")
def test_colouring_the_tags_of_an_escaped_line_is_the_stepwise_colouring(line: str) -> None:
    notes = svg._Notes(tagged_map())
    assert notes._colour_tags(line) == notes._colour_tags_stepwise(line)


@given(TAGGED_LINE.filter(lambda note: "#" in note))
def test_a_bullet_takes_the_colour_of_the_first_coloured_tag(note: str) -> None:
    notes = svg._Notes(tagged_map())
    colours = [notes._tag_colour(tag) for tag in TAG_PATTERN.findall(note)]
    expected = next((c for c in colours if c), svg.NOTE_BULLET_COLOUR)
    assert notes._tagged_colour(note) == expected


def test_notes_are_laid_out_once_and_drawn_in_every_cell_they_are_in() -> None:
    repeated = "Same note in every phase #pain"
    m = JourneyMap(
        "T",
        lanes=(Lane("a", "A"), Lane("b", "B")),
        phases=tuple(
            Phase(f"P{i}", cells={"a": (repeated, f"own {i}"), "b": (repeated,)}) for i in range(5)
        ),
    )
    root = ET.fromstring(svg.dumps(m))
    notes = [t for t in root.iter(f"{SVG_NS}text") if t.get("class") == "note"]
    # one <tspan> a line, where a space was
    texts = [" ".join("".join(line.itertext()) for line in t) for t in notes]
    assert texts.count(repeated) == 10
    xs = {t.get("x") for t in notes}
    assert len(xs) == 5  # each phase's notes in its own column
    painted = [t for t, text in zip(notes, texts, strict=True) if "#pain" in text]
    assert len(painted) == 10
    assert all(t.find(f"{SVG_NS}tspan/{SVG_NS}tspan") is not None for t in painted)


def test_the_svg_writer_imports_no_xml_or_web_library() -> None:
    code = (
        "import sys, cxtui.interchange.svg\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('xml', 'urllib', 'http', 'email', 'ssl')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
