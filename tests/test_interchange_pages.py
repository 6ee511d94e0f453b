"""The page and picture exports: Markdown, HTML and SVG hold every note, safely."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxtui.fileformat import read_map
from cxtui.interchange import html_page, markdown, svg
from cxtui.model import MARK_SYMBOLS, JourneyMap, Lane, Phase

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT = GOLDEN.parents[1]
MAPS = [GOLDEN / "fixture.toml", *sorted((GOLDEN / "maps").glob("*.toml")),
        *sorted((ROOT / "sample_maps").glob("*.toml"))]  # fmt: skip
IDS = [p.stem for p in MAPS]
SVG_NS = "{http://www.w3.org/2000/svg}"


def shown(phase: Phase, lane: str, note: str) -> str:
    """`note` as a page shows it: after its marks' symbols (``◷ Long queue``)."""
    marks = phase.marks_of(lane, note)
    return f"{''.join(MARK_SYMBOLS[mark] for mark in marks)} {note}" if marks else note


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- Markdown ----------------------------------------------------------------


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ")]


def unescaped_pipes(row: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", row))


@pytest.mark.parametrize("path", MAPS, ids=IDS)
def test_markdown_table_rows_have_equal_cells(path: Path) -> None:
    m = read_map(path)
    rows = table_rows(markdown.dumps(m))
    assert len(rows) >= 3 + len(m.lanes)
    assert {unescaped_pipes(row) for row in rows} == {len(m.phases) + 2}


@pytest.mark.parametrize("path", MAPS, ids=IDS)
def test_markdown_holds_every_note_escaped(path: Path) -> None:
    m = read_map(path)
    text = markdown.dumps(m)
    table = "\n".join(table_rows(text))
    text = text[: text.index("```mermaid")]  # the code block shows its text literally
    for phase in m.phases:
        for lane, notes in phase.cells.items():
            for note in notes:
                assert f"• {markdown.md_inline(shown(phase, lane, note))}" in table
    assert "<script" not in text.lower()
    assert "<img" not in text.lower()


def test_markdown_escapes() -> None:
    assert markdown.md_inline("a | b <i>&</i>") == r"a \| b &lt;i>&&lt;/i>"
    assert markdown.md_inline("**x** [l](u) `c` $m$ a\\b") == (
        r"\*\*x\*\* \[l\](u) \`c\` \$m\$ a\\b"
    )
    # only what could mean something is escaped: people read the Markdown too
    assert markdown.md_inline("Tom & Jerry ~5 min, 1 < 2, $3") == "Tom & Jerry ~5 min, 1 < 2, $3"
    assert markdown.md_inline("&amp; &#60; <!-- x --> </b>") == (
        "&amp;amp; &amp;#60; &lt;!-- x --> &lt;/b>"
    )
    assert markdown.md_inline("~~gone~~") == r"\~\~gone\~\~"
    assert markdown.md_inline("line\nbreak\r\nhere") == "line break here"
    assert markdown.md_line("# not a heading") == r"\# not a heading"
    assert markdown.md_line("1. not a list") == r"1\. not a list"
    assert markdown.md_line("12) not a list") == r"12\) not a list"
    assert markdown.md_line("1999 was a year") == "1999 was a year"
    assert markdown.md_line("- no bullet") == r"\- no bullet"
    assert markdown.fence("has ``` inside") == "````\nhas ``` inside\n````\n"


@given(st.text(alphabet=st.sampled_from("ab #\\`*_[]|~$&<>;!/?1é\r\n\u2028\u2029\x85")))
def test_md_inline_returns_text_without_special_characters_as_the_steps_would(
    text: str,
) -> None:
    # md_inline skips its steps when no character of theirs is in the text
    assert markdown.md_inline(text) == markdown._escape_inline(text)


def test_markdown_of_the_fixture() -> None:
    text = markdown.dumps(read_map(GOLDEN / "fixture.toml"))
    assert text.startswith("# Buying shoes: online \\| in store\n")
    assert "| **Emotions** | +1 | -1 | -2 | unrated | +2 |" in text
    assert "| **Stage** | Before purchase | Before purchase | Purchase | Purchase |  |" in text
    assert "**Persona:** Ann Okafor, Weekend runner" in text
    assert "\n```mermaid\njourney\n" in text


# -- HTML ----------------------------------------------------------------------


class PageReader(HTMLParser):
    """Collects the text of each <li> and <th>, the tags met and any link or script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.headers: list[str] = []
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.links: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src") or name.startswith("on"):
                self.links.append(f"{name}={value}")
            if value and "url(" in value:
                self.links.append(value)
        if tag in ("li", "th"):
            self.stack.append(tag)
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("li", "th") and self.stack and self._text is not None:
            self.stack.pop()
            (self.items if tag == "li" else self.headers).append("".join(self._text))
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


@pytest.mark.parametrize("path", MAPS, ids=IDS)
def test_html_parses_and_holds_every_note(path: Path) -> None:
    m = read_map(path)
    page = html_page.dumps(m)
    reader = PageReader()
    reader.feed(page)
    reader.close()
    for phase in m.phases:
        for lane, notes in phase.cells.items():
            for note in notes:
                assert shown(phase, lane, note) in reader.items
        assert phase.title in reader.headers or not phase.title
    for stage, _, _ in m.stages():
        if stage is not None:
            assert stage in reader.headers
    assert reader.links == []
    assert "script" not in reader.tags
    assert "img" not in reader.tags
    assert "link" not in reader.tags
    assert "@import" not in page
    style = page[page.index("<style>") : page.index("</style>")]
    assert "http" not in style
    assert "url(" not in style


def test_html_escapes_and_colours_tags() -> None:
    page = html_page.dumps(read_map(GOLDEN / "fixture.toml"))
    assert "Reads *size* charts &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<span class="tag" style="color:#cd2e2e">#pain</span> Forced' in page
    assert '<span class="tag" style="color:#186eb9">#idea</span>' in page
    assert '<th class="stage" scope="colgroup" colspan="2">Before purchase</th>' in page
    assert "@media print" in page


def test_html_readable_colours() -> None:
    assert html_page.readable_colour("#1f2328") == "#1f2328"
    for colour in ("#ffffff", "#ffff00", "#d32f2f", "#40c060"):
        darker = html_page.readable_colour(colour)
        assert darker != colour
        assert min(html_page.contrast(darker, bg) for bg in html_page.PAGE_BACKGROUNDS) >= 4.5
    assert html_page.css_colour("#ABCDEF") == "#abcdef"
    assert html_page.css_colour("url(x)") is None


# -- SVG -----------------------------------------------------------------------


@pytest.mark.parametrize("path", MAPS, ids=IDS)
def test_svg_parses_and_holds_every_note(path: Path) -> None:
    m = read_map(path)
    picture = svg.dumps(m)
    root = ET.fromstring(picture)
    assert root.tag == f"{SVG_NS}svg"
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    assert root.attrib["viewBox"] == f"0 0 {root.attrib['width']} {root.attrib['height']}"
    notes = [squeeze("".join(t.itertext())) for t in root.iter(f"{SVG_NS}text")
             if t.get("class") == "note"]  # fmt: skip
    expected = [squeeze(shown(p, lane.key, n))
                for lane in m.text_lanes for p in m.phases for n in p.notes(lane.key)]  # fmt: skip
    assert sorted(notes) == sorted(expected)
    phases = [squeeze("".join(t.itertext())) for t in root.iter(f"{SVG_NS}text")
              if t.get("class") == "phase"]  # fmt: skip
    assert phases == [squeeze(p.title) for p in m.phases]
    for element in root.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy"):
            if name in element.attrib:
                value = float(element.attrib[name])
                limit = width if name.startswith(("x", "cx")) else height
                assert 0 <= value <= limit, (element.tag, name, value)
    assert "href" not in picture
    assert "@font-face" not in picture
    assert "<script" not in picture


def test_svg_wraps_long_notes_within_their_column() -> None:
    long_note = "word " * 40 + "x" * 80
    m = JourneyMap("T", lanes=(Lane("a", "A"),), phases=(Phase("P", cells={"a": (long_note,)}),))
    root = ET.fromstring(svg.dumps(m))
    note = next(t for t in root.iter(f"{SVG_NS}text") if t.get("class") == "note")
    lines = ["".join(span.itertext()) for span in note if span.tag == f"{SVG_NS}tspan"]
    assert len(lines) > 5
    limit = svg.PHASE_WIDTH - 2 * svg.PAD - svg.BULLET_INDENT
    assert all(svg.text_width(line, svg.FONT_SIZE) <= limit for line in lines)


def test_svg_draws_the_curve_through_rated_phases() -> None:
    root = ET.fromstring(svg.dumps(read_map(GOLDEN / "fixture.toml")))
    curves = [p for p in root.iter(f"{SVG_NS}polyline") if p.get("class") == "curve"]
    # Discover, Compare, Checkout are rated; Title search is not; Unboxing stands alone
    assert len(curves) == 1
    assert len(curves[0].attrib["points"].split()) == 3
    assert len(list(root.iter(f"{SVG_NS}circle"))) == 4


_TAG_TEXT = st.lists(
    st.sampled_from(
        ["#", "##", "a", "_", "-", "é", "#pain", "x#idea", "#Z9-_", "<", ">", " ", "日"]
    ),
    max_size=8,
).map("".join)


@given(_TAG_TEXT)
def test_the_fast_tag_pattern_finds_what_the_model_finds(text: str) -> None:
    from cxtui.model import TAG_PATTERN

    found = [(m.span(), m.group(1)) for m in html_page.TAGS_IN_TEXT.finditer(text)]
    assert found == [(m.span(), m.group(1)) for m in TAG_PATTERN.finditer(text)]


def test_a_lane_made_as_one_text_is_what_cell_by_cell_makes() -> None:
    notes = (("#pain at start", "end #idea"), (), ("a#b c", "##x #y-z", "#pain"), ("plain",))
    m = JourneyMap(
        "t",
        lanes=(Lane("a", "A"),),
        phases=tuple(Phase(f"p{i}", cells={"a": cell}) for i, cell in enumerate(notes)),
    )
    spans: dict[str, str] = {}
    (row,) = html_page._notes_row(m, "a", spans, marked=False)
    cells = [html_page._notes_cell(phase, "a", m, {}) for phase in m.phases]
    assert row.split("\n") == cells
    assert '<span class="tag" style="color:' in row


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escape_html_writes_what_html_escape_writes(text: str) -> None:
    import html

    assert html_page.escape_html(text) == html.escape(text, quote=True)
