"""What cxtui does for people who read a map with a screen reader or need contrast.

The linear print (and its Markdown twin), the HTML page's structure and colours, and the
SVG's name and description. The audit of the HTML in a real browser (axe-core) is in
tests/test_accessibility_browser.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from a11y_maps import SAMPLES, all_maps, unseen_map
from conftest import RunCli, WriteFile

from cxtui import linear
from cxtui.interchange import html_page, markdown, svg
from cxtui.model import JourneyMap

MAPS = all_maps()
IDS = [name for name, _ in MAPS]
#: Box drawing, block elements and the glyphs the table print draws a curve with.
DRAWING = re.compile("[\u2500-\u259f\u00b7\u25cf\u2508]")
SVG_NS = "{http://www.w3.org/2000/svg}"


def words(value: int) -> str:
    """A score in words, written out here independently of cxtui."""
    return f"plus {value}" if value > 0 else f"minus {-value}" if value < 0 else "0"


# -- print --linear ----------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_print_linear_of_every_sample_reads_phase_by_phase(run_cli: RunCli, path: Path) -> None:
    from cxtui.fileformat import read_map

    m = read_map(path)
    result = run_cli("print", path, "--linear")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert not DRAWING.search(out), DRAWING.findall(out)
    scale = f"on a scale from {words(m.scale.min)} to {words(m.scale.max)}"
    starts = []
    for n, phase in enumerate(m.phases, start=1):
        heading = f"Phase {n} of {len(m.phases)}: {phase.title}."
        assert heading in out
        starts.append(out.index(heading))
        if phase.emotion is not None:
            assert f"Emotion: {words(phase.emotion)}, {scale}" in out.split(heading)[1]
        if phase.stage is not None:
            assert f"Stage: {phase.stage} (phase" in out.split(heading)[1].splitlines()[0]
    assert starts == sorted(starts)  # in reading order
    # every note is there, on a line of its own, tags read as words, marks first in words
    lines = {line.strip() for line in out.splitlines()}
    mark_words = {
        "fail": "fail point",
        "wait": "wait",
        "works": "works",
        "needs_work": "needs work",
    }
    for phase in m.phases:
        for lane in m.text_lanes:
            for note in phase.notes(lane.key):
                text = re.sub(r"#(\w+)", r"(tag \1)", note)
                marks = phase.marks_of(lane.key, note)
                if not marks:
                    assert text in lines
                    continue
                named = ", ".join(mark_words[mark] for mark in marks)
                assert f"[{named}] {text}" in lines
    assert run_cli("print", path, "--format", "linear").stdout == out


def test_print_linear_names_the_extremes_and_the_biggest_drop(
    run_cli: RunCli, write_file: WriteFile
) -> None:
    out = run_cli("print", write_file(unseen_map()), "--linear").stdout
    assert "Lowest point: minus 5, at phase 2 (Antragsformularausfüllhilfe)." in out
    assert "Highest point: plus 5, at phase 5 (Leaves with the permit)." in out
    assert "Biggest drop: 8 points, from plus 3 at phase 1" in out
    assert "Phase 2 of 5: Antragsformularausfüllhilfe. Emotion: minus 5, on a scale from " \
        "minus 5 to plus 5 (the lowest point)." in out  # fmt: skip
    assert "Phase 3 of 5: Waits. Emotion: not rated." in out
    assert "Stage:" not in out  # no phase has one
    assert "(tag wait) 40 minutes in the queue" in out
    assert "Feeling:" not in out  # the emotion lane is said in each phase's first line


def test_print_linear_says_so_when_nothing_is_rated() -> None:
    m = unseen_map()
    m = replace(m, phases=tuple(replace(p, emotion=None) for p in m.phases))
    assert "No phase has an emotion score yet." in linear.dumps(m)


def test_print_keeps_emoji_skin_tones(run_cli: RunCli, write_file: WriteFile) -> None:
    path = write_file(unseen_map())
    assert "👍🏽" in run_cli("print", path, "--width", "120").stdout
    assert "👍🏽" in run_cli("print", path, "--linear").stdout


def test_export_md_linear(run_cli: RunCli, write_file: WriteFile) -> None:
    path = write_file(unseen_map())
    result = run_cli("export", path, "--to", "md", "--linear")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\n## Phase 2 of 5: Antragsformularausfüllhilfe\n" in out
    assert "\n### What the visitor does\n\n- Reads Aufenthaltstitel" in out
    assert "\n### Snags & ideas\n\n- (tag wait) 40 minutes in the queue\n" in out
    assert not DRAWING.search(out)
    assert "|" not in out and "```" not in out
    refused = run_cli("export", path, "--to", "html", "--linear")
    assert refused.returncode == 1
    assert refused.stderr.startswith("cxtui: --linear: works with --to md")


# -- Markdown for people -----------------------------------------------------------------


def test_markdown_keeps_ampersands_and_tildes_readable() -> None:
    text = markdown.dumps(unseen_map())
    assert text.startswith("# Renewing a residence permit: A & B &lt;i>test&lt;/i>\n")
    assert "\\~Celebrates\\~" in text  # two tildes could strike through: escaped
    assert "&amp;" not in text


def test_markdown_has_no_stage_row_without_stages() -> None:
    assert "**Stage**" not in markdown.dumps(unseen_map())
    assert "| **Stage** |" in markdown.dumps(dict(MAPS)["support-call"])


@pytest.mark.parametrize(("name", "m"), MAPS, ids=IDS)
def test_markdown_journey_block_is_short_and_carries_no_notes(name: str, m: JourneyMap) -> None:
    text = markdown.dumps(m)
    block = text[text.index("```mermaid") :]
    assert not re.search(r"%% cxtui [a-z]\w*:", block)
    assert len(block.splitlines()) <= len(m.phases) + 2 * len(m.stages()) + 12
    assert "▁" not in text and "█" not in text  # scores as numbers, the curve in words


# -- HTML: structure ---------------------------------------------------------------------


class Outline(HTMLParser):
    """The page's headings, table parts and the order things come in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.order: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.colgroup_spans: list[int] = []
        self.stage_spans: list[int] = []
        self.scopes: list[str | None] = []
        self.captions: list[str] = []
        self._heading: str | None = None
        self._caption = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.order.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = tag, []
        if tag == "caption":
            self._caption, self._text = True, []
        if tag == "colgroup":
            self.colgroup_spans.append(int(a.get("span") or 1))
        if tag == "th":
            self.scopes.append(a.get("scope"))
            if a.get("scope") == "colgroup":
                self.stage_spans.append(int(a.get("colspan") or 1))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, "".join(self._text)))
            self._heading = None
        if tag == "caption":
            self.captions.append("".join(self._text))
            self._caption = False

    def handle_data(self, data: str) -> None:
        if self._heading or self._caption:
            self._text.append(data)


def outline(m: JourneyMap) -> Outline:
    reader = Outline()
    reader.feed(html_page.dumps(m))
    reader.close()
    return reader


@pytest.mark.parametrize(("name", "m"), MAPS, ids=IDS)
def test_html_headings_caption_and_header_associations(name: str, m: JourneyMap) -> None:
    page = outline(m)
    levels = [level for level, _ in page.headings]
    assert levels[0] == "h1" and levels.count("h1") == 1
    titles = [text for _, text in page.headings]
    assert "Journey map" in titles
    assert ("Persona" in titles) == (m.persona is not None)
    assert ("Emotion curve" in titles) == linear.has_emotion(m)
    assert len(page.captions) == 1 and f"{len(m.phases)} phase" in page.captions[0]
    # a <colgroup> for the lane titles, then one per stage run covering every phase
    assert sum(page.colgroup_spans[1:]) == len(m.phases)
    stages = [last - first + 1 for stage, first, last in m.stages()]
    if any(stage is not None for stage, _, _ in m.stages()):
        assert page.colgroup_spans[1:] == stages
        named = [s for (stage, _, _), s in zip(m.stages(), stages, strict=True) if stage]
        assert page.stage_spans == named
    else:
        assert page.stage_spans == []
    assert None not in page.scopes  # every header says what it heads
    assert page.scopes.count("col") == len(m.phases)


def test_html_explains_the_scale_and_the_curve_before_the_table() -> None:
    page = html_page.dumps(unseen_map())
    summary = page.index('<h2 id="emotion-heading">Emotion curve</h2>')
    assert summary < page.index("<table")
    assert "scored on a scale from minus 5 to plus 5" in page[summary:]
    assert "Lowest point: minus 5, at phase 2 (Antragsformularausfüllhilfe)." in page
    assert "Biggest drop: 8 points" in page
    assert 'class="stages"' not in page  # no phase has a stage: no empty Stage row


def test_html_marks_the_extremes_in_words_not_only_by_colour() -> None:
    page = html_page.dumps(unseen_map())
    scores = re.findall(r'<span class="score"[^>]*>([^<]*)</span><span class="extreme">([^<]*)<',
                        page)  # fmt: skip
    assert scores == [("+3", ""), ("−5", "lowest"), ("unrated", ""), ("0", ""), ("+5", "highest")]


def test_html_wraps_at_spaces_and_prints_landscape() -> None:
    page = html_page.dumps(unseen_map())
    style = page[page.index("<style>") : page.index("</style>")]
    assert "anywhere" not in style  # would break words anywhere to narrow a column
    assert "word-break" not in style
    assert "overflow-wrap: break-word" in style  # only a word longer than a column
    assert re.search(r"\.map-wrap \{[^}]*overflow-x: auto", style)
    assert re.search(r"@page \{[^}]*size: landscape", style)
    print_rules = style[style.index("@media print") :]
    assert "table-layout: auto" in print_rules
    assert 'tabindex="0"' in page  # the sideways scroller can be reached by keyboard


# -- HTML and SVG: contrast ------------------------------------------------------------


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance, written out here independently of cxtui."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear_rgb = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear_rgb[0] + 0.7152 * linear_rgb[1] + 0.0722 * linear_rgb[2]


def ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


HEX = r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b"


def css_declarations(style: str, prop: str) -> list[str]:
    """Every colour given to `prop` in the style sheet (screen and print rules alike)."""
    return re.findall(rf"(?<![-\w]){prop}\s*:\s*({HEX})", style)


def page_colours(page: str) -> tuple[set[str], set[str], set[str]]:
    """(text colours, backgrounds, colours of marks that carry meaning) of one page."""
    style = page[page.index("<style>") : page.index("</style>")]
    text = set(css_declarations(style, "color"))
    text |= set(re.findall(rf'style="color:({HEX})"', page))
    backgrounds = set(css_declarations(style, "background")) | set(
        css_declarations(style, "background-color")
    )
    marks = set()
    for svg_part in re.findall(r"<svg.*?</svg>", page, re.S):
        marks |= set(re.findall(rf'(?:stroke|fill)="({HEX})"', svg_part))
    return text, backgrounds, marks


@pytest.mark.parametrize(("name", "m"), MAPS, ids=IDS)
def test_every_html_colour_has_the_contrast_wcag_asks(name: str, m: JourneyMap) -> None:
    """Text at 4.5:1 and the curve's marks at 3:1, against every background of the page
    (the print style sheet keeps the same colours on white paper)."""
    text, backgrounds, marks = page_colours(html_page.dumps(m))
    assert "#ffffff" in backgrounds and len(backgrounds) >= 3
    assert text and marks
    failures = [
        (kind, fg, bg, round(ratio(fg, bg), 2))
        for kind, colours, minimum in (("text", text, 4.5), ("mark", marks, 3.0))
        for fg in colours
        for bg in backgrounds
        if ratio(fg, bg) < minimum
    ]
    assert failures == []


@pytest.mark.parametrize(("name", "m"), MAPS, ids=IDS)
def test_every_svg_colour_has_the_contrast_wcag_asks(name: str, m: JourneyMap) -> None:
    picture = svg.dumps(m)
    root = ET.fromstring(picture)
    failures = []
    for element in root.iter():
        fill = element.get("fill")
        is_text = element.tag in (f"{SVG_NS}text", f"{SVG_NS}tspan")
        if is_text and fill and ratio(fill, "#ffffff") < 4.5:
            failures.append(("text", fill))
        if element.tag == f"{SVG_NS}circle" and ratio(fill or "#000000", "#ffffff") < 3:
            failures.append(("point", fill))
    assert failures == []


# -- SVG: a named image ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "m"), MAPS, ids=IDS)
def test_svg_is_an_image_with_a_title_and_a_description(name: str, m: JourneyMap) -> None:
    root = ET.fromstring(svg.dumps(m))
    assert root.get("role") == "img"
    ids = (root.get("aria-labelledby") or "").split()
    title = root.find(f"{SVG_NS}title")
    desc = root.find(f"{SVG_NS}desc")
    assert title is not None and desc is not None
    assert [title.get("id"), desc.get("id")] == ids
    assert (title.text or "").startswith(m.title or "Untitled map")
    assert f"{len(m.phases)} phase" in (desc.text or "")
    if any(p.emotion is not None for p in m.phases):
        assert "Lowest point" in (desc.text or "") or "Every rated phase" in (desc.text or "")


def test_svg_stage_label_is_clear_of_the_phase_header() -> None:
    for m in (dict(MAPS)["support-call"], unseen_map()):
        root = ET.fromstring(svg.dumps(m))
        texts = list(root.iter(f"{SVG_NS}text"))
        labels = [t for t in texts if "".join(t.itertext()) == "Stage"]
        header = next(r for r in root.iter(f"{SVG_NS}rect") if r.get("fill") == "#f6f8fa")
        if any(p.stage for p in m.phases):
            assert len(labels) == 1
            baseline, size = float(labels[0].get("y", 0)), float(labels[0].get("font-size", 0))
            assert baseline + size * 0.25 <= float(header.get("y", 0))  # descenders too
        else:
            assert labels == []  # no stages, no Stage label
