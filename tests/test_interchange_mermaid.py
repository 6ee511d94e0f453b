"""Mermaid user-journey export and import."""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from mermaid_cases import ALL, MARKDOWN_PAGE, OTHERS, ROUND_TRIPS
from strategies import maps

from cxtui import fileformat
from cxtui.diff import FieldChanged, diff_maps
from cxtui.fileformat import MapFileError, read_map
from cxtui.interchange import markdown, mermaid
from cxtui.model import EmotionScale, JourneyMap, Lane, MermaidDetails, Persona, Phase
from cxtui.templates import load_template

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT = GOLDEN.parents[1]

#: The example of Mermaid's user-journey documentation.
DOC_EXAMPLE = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""


def all_maps() -> list[Path]:
    """Every hand-made test map and every sample map there is."""
    return [GOLDEN / "fixture.toml", *sorted((GOLDEN / "maps").glob("*.toml")),
            *sorted((ROOT / "sample_maps").glob("*.toml"))]  # fmt: skip


MAPS = all_maps()
IDS = [p.stem for p in MAPS]


# -- Mermaid's grammar, as its lexer (journey.jison) reads it ----------------

# The rules in order; jison's lexer takes the first rule that matches.
_RULES = [
    (r"%(?!\{)[^\n]*", None),
    (r"[^}]%%[^\n]*", None),
    (r"\n+", "NEWLINE"),
    (r"\s+", None),
    (r"#[^\n]*", None),
    (r"journey", "journey"),
    (r"title\s[^#\n;]+", "title"),
    (r"accTitle\s*:\s*[^\n]*", "acc"),
    (r"accDescr\s*:\s*[^\n]*", "acc"),
    (r"accDescr\s*\{\s*[^}]*\}", "acc"),
    (r"section\s[^#:\n;]+", "section"),
    (r"[^#:\n;]+", "taskName"),
    (r":[^#\n;]+", "taskData"),
    (r":", ":"),
    (r".", "INVALID"),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), t) for p, t in _RULES]


def mermaid_tokens(text: str) -> list[tuple[str, str]]:
    """The tokens Mermaid's journey lexer makes of `text`."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        for pattern, kind in _COMPILED:
            found = pattern.match(text, pos)
            if found and found.end() > pos:
                if kind is not None:
                    tokens.append((kind, found.group()))
                pos = found.end()
                break
    return tokens


def mermaid_preprocess(text: str) -> str:
    """`text` as Mermaid's lexer gets it: without front matter (which must come first),
    directives and comment lines, and with entity codes hidden."""
    text = re.sub(r"^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+", "", text, flags=re.DOTALL)
    text = re.sub(r"%%\{(.*?)\}%%", "", text, flags=re.DOTALL)
    text = re.sub(r"^\s*%%(?!\{)[^\n]+\n?", "", text, flags=re.MULTILINE).lstrip()
    return re.sub(
        r"#\w+;", lambda found: "\ufb02\u00b0" + found.group()[1:-1] + "\u00b6\u00df", text
    )


def mermaid_parse(text: str) -> dict[str, object]:
    """Parse `text` as Mermaid would (raising AssertionError where Mermaid fails)."""
    tokens = mermaid_tokens(mermaid_preprocess(text))
    assert tokens and tokens[0][0] == "journey", f"does not start with journey: {tokens[:2]}"
    title, section = "", ""
    tasks: list[tuple[str, str, int, list[str]]] = []
    i = 1
    while i < len(tokens):
        kind, value = tokens[i]
        if kind in ("NEWLINE", "acc"):
            i += 1
        elif kind == "title":
            title = value[6:]
            i += 1
        elif kind == "section":
            section = value[8:]
            i += 1
        elif kind == "taskName" and i + 1 < len(tokens) and tokens[i + 1][0] == "taskData":
            pieces = tokens[i + 1][1][1:].split(":")
            people = [p.strip() for p in pieces[1].split(",")] if len(pieces) > 1 else []
            score = float(pieces[0])
            assert score == int(score), f"score {pieces[0]!r}"
            tasks.append((section, value, int(score), people))
            i += 2
        else:
            raise AssertionError(f"Mermaid cannot parse {kind} {value!r} (token {i})")
    return {"title": title, "tasks": tasks}


def test_the_grammar_checker_reads_the_documentation_example() -> None:
    parsed = mermaid_parse(DOC_EXAMPLE)
    assert parsed["title"] == "My working day"
    assert parsed["tasks"] == [
        ("Go to work", "Make tea", 5, ["Me"]),
        ("Go to work", "Go upstairs", 3, ["Me"]),
        ("Go to work", "Do work", 1, ["Me", "Cat"]),
        ("Go home", "Go downstairs", 5, ["Me"]),
        ("Go home", "Sit down", 5, ["Me"]),
    ]
    with pytest.raises(AssertionError):
        mermaid_parse("journey\n  Title search: 3: Me\n  Journey planning: 3: Me\n")


# -- import ------------------------------------------------------------------


def test_import_the_documentation_example() -> None:
    m = mermaid.loads(DOC_EXAMPLE, "day.mmd")
    assert m.title == "My working day"
    assert m.kind == "current-state"
    assert [p.title for p in m.phases] == [
        "Make tea", "Go upstairs", "Do work", "Go downstairs", "Sit down",
    ]  # fmt: skip
    assert [p.stage for p in m.phases] == ["Go to work"] * 3 + ["Go home"] * 2
    assert [p.emotion for p in m.phases] == [2, 0, -2, 2, 2]
    assert m.scale == EmotionScale(-2, 2)
    assert [p.notes("actors") for p in m.phases] == [
        ("Me",), ("Me",), ("Me", "Cat"), ("Me",), ("Me",),
    ]  # fmt: skip
    assert [(lane.key, lane.title, lane.kind) for lane in m.lanes] == [
        ("actions", "Actions", "text"),
        ("thoughts", "Thoughts", "text"),
        ("emotions", "Emotions", "emotion"),
        ("pain_points", "Pain points", "text"),
        ("actors", "Actors", "text"),
    ]


def test_an_imported_map_is_made_like_one_from_the_basic_template() -> None:
    m = mermaid.loads(DOC_EXAMPLE, "day.mmd")
    basic = load_template("basic")
    assert m.lanes == (*basic.lanes, Lane("actors", "Actors", "text"))
    assert (m.kind, m.scale, m.tags) == (basic.kind, basic.scale, basic.tags)
    assert m.tags  # #pain and #idea, coloured as in a new map


def test_import_then_export_gives_the_documentation_example_back() -> None:
    assert mermaid.dumps(mermaid.loads(DOC_EXAMPLE, "day.mmd")) == DOC_EXAMPLE


def test_export_of_the_working_day_map_is_the_documentation_example() -> None:
    path = GOLDEN / "maps" / "working-day.toml"
    assert mermaid.dumps(read_map(path)) == DOC_EXAMPLE


def test_import_mermaid_test_suite_example() -> None:
    # from Mermaid's own parser tests: actors optional, spaces optional, empty actors
    text = (
        "journey\ntitle Adding journey diagram functionality to mermaid\n"
        "section Documentation\nA task: 5: Alice, Bob, Charlie\nB task: 3:Bob, Charlie\n"
        "C task: 5\nD task: 5: Charlie, Alice\nE task: 5:\nsection Another section\n"
        "P task: 5:\nQ task: 5:\nR task: 5:"
    )
    m = mermaid.loads(text, "x.mmd")
    assert len(m.phases) == 8
    assert m.phases[1].notes("actors") == ("Bob", "Charlie")
    assert m.phases[2].notes("actors") == ()
    assert m.phases[4].notes("actors") == ()
    assert m.phases[5].stage == "Another section"


def test_import_skips_comments_directives_front_matter_and_accessibility() -> None:
    text = (
        "---\ntitle: From front matter\n---\n%%{init: {'theme': 'forest'}}%%\n"
        "journey\n  %% a comment\n  accTitle: Accessible\n  accDescr {\n    Two\n    lines\n  }\n"
        "  # another comment\n  Task one: 4: Ann # trailing\n"
    )
    m = mermaid.loads(text, "x.mmd")
    assert m.title == "From front matter"
    assert m.description == "Two\nlines"
    assert [(p.title, p.emotion, p.stage) for p in m.phases] == [("Task one", 1, None)]
    assert m.phases[0].notes("actors") == ("Ann",)


def test_import_first_journey_block_of_markdown() -> None:
    text = (
        "# Notes\n\nSome text.\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n"
        "```mermaid\njourney\n  title From markdown\n  section S\n    Step: 2: Me\n```\n"
    )
    m = mermaid.loads(text, "notes.md")
    assert m.title == "From markdown"
    assert [(p.title, p.emotion) for p in m.phases] == [("Step", -1)]


def test_markdown_export_carries_a_journey_block_that_imports() -> None:
    m = read_map(GOLDEN / "fixture.toml")
    back = mermaid.loads(markdown.dumps(m), "fixture.md")
    full = mermaid.loads(mermaid.dumps(m), "fixture.mmd")
    # phases, stages and scores come back; the notes are left to the formats made for them
    assert [(p.title, p.stage, p.emotion) for p in back.phases] == [
        (p.title, p.stage, p.emotion) for p in full.phases
    ]
    assert any(p.notes("actions") for p in full.phases)
    assert not any(p.notes("actions") for p in back.phases)


# -- malformed input: positioned, in the source file ---------------------------


def problem_of(text: str, source: str = "bad.mmd") -> tuple[int, int, str]:
    with pytest.raises(MapFileError) as caught:
        mermaid.loads(text, source)
    first = caught.value.problems[0]
    assert first.source == source
    return first.line, first.col, first.message


def test_a_task_with_no_score() -> None:
    line, col, message = problem_of("journey\n    title T\n    section S\n      Make tea\n")
    assert (line, col) == (4, 15)
    assert "no score" in message


def test_a_task_with_an_empty_score() -> None:
    line, col, message = problem_of("journey\n  Make tea:  : Me\n")
    assert (line, col) == (2, 12)
    assert "no score" in message


@pytest.mark.parametrize("score", ["x", "1a", "--1", "1e3", "½", "١", "1" * 5000])
def test_a_score_that_is_not_a_number(score: str) -> None:
    text = f"journey\n  title T\n  section S\n    Make tea: {score}: Me\n"
    line, col, message = problem_of(text)
    assert (line, col) == (4, text.splitlines()[3].index(score) + 1)
    assert "must be a" in message and "number" in message
    assert len(message) < 200  # a long score is shortened in the message


def test_a_score_with_leading_zeros_is_read() -> None:
    m = mermaid.loads("journey\n  title T\n  section S\n    Make tea: 005: Me\n")
    assert m.phases[0].emotion == 2


def test_text_before_journey() -> None:
    assert problem_of("Hello\njourney\n  Task: 3: Me\n")[:2] == (1, 1)
    line, col, message = problem_of("\n\n   flowchart LR\n")
    assert (line, col) == (3, 4)
    assert "before `journey`" in message


def test_no_journey_header() -> None:
    line, col, message = problem_of("%% only a comment\n")
    assert (line, col) == (1, 1)
    assert "no `journey` header" in message


def test_an_empty_diagram() -> None:
    line, col, message = problem_of("journey\n  title Nothing here\n")
    assert (line, col) == (1, 1)
    assert "no tasks" in message


def test_grammar_errors_are_all_reported() -> None:
    text = "journey\n  section A: b\n  Task; x: 3\n  Other: nine\n"
    with pytest.raises(MapFileError) as caught:
        mermaid.loads(text, "bad.mmd")
    found = [(p.line, p.col) for p in caught.value.problems]
    assert found == [(2, 12), (3, 7), (4, 10)]


def test_positions_in_markdown_count_lines_of_the_whole_file() -> None:
    text = "# Page\n\ntext\n\n```mermaid\njourney\n  title T\n  section S\n    Task: x: Me\n```\n"
    line, col, message = problem_of(text, "page.md")
    assert (line, col) == (9, 11)
    assert "must be a number" in message


def test_markdown_without_a_mermaid_block() -> None:
    assert "no ```mermaid block" in problem_of("# Just text\n", "page.md")[2]


def test_markdown_block_without_journey() -> None:
    text = "Intro\n\n```mermaid\n\n%% nothing\n```\n"
    line, col, message = problem_of(text, "page.md")
    assert (line, col) == (3, 1)
    assert "no `journey` header" in message


# -- export ------------------------------------------------------------------


def test_score_mapping_is_linear_rounded_and_keeps_order() -> None:
    assert [mermaid.score(v, EmotionScale(-2, 2)) for v in range(-2, 3)] == [1, 2, 3, 4, 5]
    assert [mermaid.score(v, EmotionScale(0, 10)) for v in range(11)] == [
        1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5,
    ]  # fmt: skip
    assert [mermaid.score(v, EmotionScale(-3, 3)) for v in range(-3, 4)] == [1, 2, 2, 3, 4, 4, 5]
    assert mermaid.score(None, EmotionScale(-3, 3)) == 3


def test_actors_are_the_persona_or_a_customer() -> None:
    lanes = (Lane("actions", "Actions"),)
    phases = (Phase("Buy", emotion=1),)
    anonymous = JourneyMap("T", lanes=lanes, phases=phases)
    assert "    Buy: 4: Customer\n" in mermaid.dumps(anonymous)
    named = JourneyMap("T", lanes=lanes, phases=phases, persona=Persona(name="Ann"))
    assert "    Buy: 4: Ann\n" in mermaid.dumps(named)


def test_actors_lane_gives_each_phase_its_actors() -> None:
    lanes = (Lane("actors", "Actors"),)
    phases = (Phase("Buy", cells={"actors": ("Ann", "Bob")}), Phase("Wait"))
    text = mermaid.dumps(JourneyMap("T", lanes=lanes, phases=phases, persona=Persona("P")))
    assert "    Buy: 3: Ann, Bob\n    Wait: 3\n" in text
    assert "cxtui actors" not in text


def test_phases_without_a_stage_come_first_without_a_section_later_under_journey() -> None:
    lanes = (Lane("actions", "Actions"),)
    phases = (Phase("A"), Phase("B", "Buy"), Phase("C"))
    text = mermaid.dumps(JourneyMap("T", lanes=lanes, phases=phases))
    assert text.splitlines()[2] == "    A: 3: Customer"  # before any section
    assert [line.strip() for line in text.splitlines() if "section" in line] == [
        "section Buy", "section Journey",
    ]  # fmt: skip
    assert [p.stage for p in mermaid.loads(text, "x.mmd").phases] == [None, "Buy", None]


@pytest.mark.parametrize("path", MAPS, ids=IDS)
def test_export_is_valid_mermaid(path: Path) -> None:
    m = read_map(path)
    parsed = mermaid_parse(mermaid.dumps(m))
    tasks = parsed["tasks"]
    assert isinstance(tasks, list)
    assert len(tasks) == len(m.phases)
    assert all(1 <= score <= 5 for _, _, score, _ in tasks)
    # the text Mermaid shows is the phase's (give or take look-alike characters)
    for (_, name, _, _), phase in zip(tasks, m.phases, strict=True):
        shown = name.replace("\u200b", "").strip()
        assert len(shown) == len(phase.title.strip()) or not phase.title.strip()


def test_reserved_characters_are_sanitised() -> None:
    m = read_map(GOLDEN / "maps" / "hostile.toml")
    parsed = mermaid_parse(mermaid.dumps(m))
    tasks = parsed["tasks"]
    assert isinstance(tasks, list)
    assert tasks[0][3] == ["Ann\ua789 admin", "Bob\u201a Jr.", "Cé\uff031\uff1b 50%\uff05"]
    assert [t[1].lstrip("\u200b") for t in tasks] == [
        "Journey planning", "title Something", "Section 2\ua789 the end", "accDescr {x}",
    ]  # fmt: skip
    assert parsed["title"] == "Title\uff1b with \uff03 and %\uff05 and: colons"


@pytest.mark.parametrize("path", MAPS, ids=IDS)
def test_round_trip_keeps_titles_stages_notes_and_emotion_order(path: Path) -> None:
    m = read_map(path)
    back = mermaid.loads(mermaid.dumps(m), "x.mmd")
    titles = [p.title or f"Phase {i + 1}" for i, p in enumerate(m.phases)]  # empty: numbered
    assert [p.title for p in back.phases] == titles
    assert [p.stage for p in back.phases] == [p.stage for p in m.phases]
    for lane in m.text_lanes:
        assert [p.notes(lane.key) for p in back.phases] == [p.notes(lane.key) for p in m.phases]
    rated = [(a.emotion, b.emotion) for a, b in zip(m.phases, back.phases, strict=True)]
    rated_only = [(a, b) for a, b in rated if a is not None]
    for a1, b1 in rated_only:
        for a2, b2 in rated_only:
            assert b1 is not None and b2 is not None
            if a1 < a2:
                assert b1 <= b2
            if a1 == a2:
                assert b1 == b2
    if m.scale == EmotionScale(-2, 2):
        assert [b for _, b in rated_only] == [a for a, _ in rated_only]


@pytest.mark.parametrize(
    "description", ["One line; with # and }", "Two\n\nparagraphs {with} braces", None]
)
def test_the_description_travels_as_accdescr(description: str | None) -> None:
    lanes = (Lane("actions", "Actions"),)
    m = JourneyMap("T", description=description, lanes=lanes, phases=(Phase("A"),))
    text = mermaid.dumps(m)
    mermaid_parse(text)
    assert ("accDescr" in text) == (description is not None)
    assert mermaid.loads(text, "x.mmd").description == description


@pytest.mark.parametrize("text_lanes", [46, 49])
def test_a_map_of_many_lanes_comes_back_from_mermaid_with_every_lane(text_lanes: int) -> None:
    """The imported map takes the template's lanes and Actors only as far as the lane limit
    allows: the exported lanes, which hold the notes, all come back."""
    lanes = tuple(Lane(f"l{i}", f"Lane {i}") for i in range(text_lanes))
    lanes += (Lane("feel", "Feel", "emotion"),)
    phase = Phase("P", None, 1, {lane.key: (f"note {lane.key}",) for lane in lanes[:-1]})
    original = JourneyMap("Many", lanes=lanes, phases=(phase,))
    back = mermaid.loads(mermaid.dumps(original))
    assert len(back.lanes) <= 50
    for lane in lanes[:-1]:
        assert back.phases[0].notes(lane.key) == (f"note {lane.key}",)
    assert back.phases[0].emotion == 1


# -- diagrams as people write them (issue 15) ----------------------------------


@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
def test_a_diagram_comes_back_from_a_round_trip_as_written(name: str) -> None:
    text = ROUND_TRIPS[name]
    assert mermaid.dumps(mermaid.loads(text, f"{name}.mmd")) == text


@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
def test_a_round_trip_through_the_map_file_keeps_the_diagram(name: str) -> None:
    text = ROUND_TRIPS[name]
    saved = fileformat.dumps(mermaid.loads(text, f"{name}.mmd"))
    assert mermaid.dumps(fileformat.loads(saved, "map.toml")) == text


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_case_exports_what_the_grammar_reads_and_imports_back_the_same(name: str) -> None:
    m = mermaid.loads(ALL[name], f"{name}.mmd")
    exported = mermaid.dumps(m)
    parsed = mermaid_parse(exported)
    tasks = parsed["tasks"]
    assert isinstance(tasks, list) and len(tasks) == len(m.phases)
    back = mermaid.loads(exported, "back.mmd")
    assert back == m  # the same tasks, scores, sections, title and details


def test_a_map_without_mermaid_details_writes_no_mermaid_table() -> None:
    m = mermaid.loads(DOC_EXAMPLE, "day.mmd")
    assert m.mermaid is None
    assert "mermaid" not in fileformat.dumps(m)


def test_no_title_means_an_untitled_map_not_an_invented_title() -> None:
    m = mermaid.loads(ROUND_TRIPS["no-title-no-section"], "x.mmd")
    assert m.title == ""
    assert "title" not in mermaid.dumps(m)


def test_tasks_before_any_section_have_no_stage_and_no_invented_section() -> None:
    m = mermaid.loads(ROUND_TRIPS["tasks-before-the-first-section"], "x.mmd")
    assert [(p.title, p.stage) for p in m.phases] == [("Wake up", None), ("Make tea", "Kitchen")]
    assert "Journey" not in mermaid.dumps(m)


def test_repeated_sections_stay_separate() -> None:
    m = mermaid.loads(ROUND_TRIPS["repeated-section"], "x.mmd")
    assert [p.stage for p in m.phases] == ["Shop", "Shop", "Home", "Home"]
    assert m.mermaid is not None and m.mermaid.section_breaks == (2, 4)
    assert [s for s, _, _ in mermaid.sections(m)] == ["Shop", "Shop", "Home", "Home"]
    assert "section_breaks = [\n    2,\n    4,\n]" in fileformat.dumps(m)


def test_a_section_break_that_an_edit_made_stale_is_left_out() -> None:
    m = mermaid.loads(ROUND_TRIPS["repeated-section"], "x.mmd")
    edited = replace(m, phases=(replace(m.phases[0], stage="Window"), *m.phases[1:]))
    sections = [line.strip() for line in mermaid.dumps(edited).splitlines() if "section" in line]
    # phase 2 no longer follows a section of its name: no break is needed there
    assert sections == ["section Window", "section Shop", "section Home", "section Home"]


def test_acc_title_is_kept() -> None:
    m = mermaid.loads(ROUND_TRIPS["themed"], "x.mmd")
    assert m.mermaid is not None and m.mermaid.acc_title == "Shoe purchase journey"


def test_theme_settings_are_kept() -> None:
    m = mermaid.loads(ROUND_TRIPS["themed"], "x.mmd")
    assert m.mermaid is not None
    assert m.mermaid.front_matter == "config:\n  theme: forest\n  journey:\n    taskFontSize: 16"
    assert m.mermaid.directives == ('%%{init: {"themeVariables": {"fontFamily": "serif"}}}%%',)
    multi = mermaid.loads(ROUND_TRIPS["multi-line-directive"], "x.mmd")
    assert multi.mermaid is not None
    assert multi.mermaid.directives == ('%%{\n  init: {\n    "theme": "dark"\n  }\n}%%',)


def test_text_after_the_closing_brace_of_accdescr_is_read() -> None:
    m = mermaid.loads(OTHERS["text-after-accdescr-brace"], "x.mmd")
    assert [(p.title, p.stage) for p in m.phases] == [("Task", "Only")]
    assert m.title == "After the brace"
    assert m.description == "One line"  # (the last accDescr, as in Mermaid)


def test_entity_codes_are_decoded() -> None:
    m = mermaid.loads(OTHERS["entity-codes"], "x.mmd")
    assert m.title == "Ticket #42"
    assert [p.stage for p in m.phases] == ['Sign "in"'] * 2
    assert [p.title for p in m.phases] == ["Type <name>", "Unknown #nosuchentity; kept"]
    assert m.phases[0].notes("actors") == ("Ann & Bob",)


@pytest.mark.parametrize("code", ["#0;", "#99999999;", "#55296;", "#x23;"])
def test_an_entity_code_that_stands_for_nothing_is_kept_as_written(code: str) -> None:
    m = mermaid.loads(f"journey\n    Task {code} end: 3: Me\n", "x.mmd")
    assert m.phases[0].title == f"Task {code} end"


def test_a_private_use_character_of_the_diagram_is_not_taken_for_an_entity() -> None:
    text = "journey\n    A \U000f0000\U0010fffd\U0010fffd #35; B: 3: Me\n"
    assert mermaid.loads(text, "x.mmd").phases[0].title == "A \U000f0000\U0010fffd\U0010fffd # B"


def test_a_comment_before_front_matter_is_accepted() -> None:
    m = mermaid.loads(OTHERS["comment-before-front-matter"], "x.mmd")
    assert m.title == "Onboarding"
    assert m.mermaid is not None and m.mermaid.front_matter == "config:\n  theme: neutral"
    assert mermaid.dumps(m).startswith("---\nconfig:\n  theme: neutral\n---\njourney\n")


def test_scores_beyond_one_to_five_are_read_in_order_onto_the_scale() -> None:
    m, notices = mermaid.loads_with_notices(OTHERS["scores-one-to-nine"], "x.mmd")
    scores = [9, 1, 5, 6]  # as written
    emotions = [p.emotion for p in m.phases]
    assert emotions == [2, -2, 0, 1]  # (1 → -2, 9 → +2, linear, rounded half up)
    ranked = sorted(zip(scores, emotions, strict=True))
    assert [e for _, e in ranked] == sorted(e for e in emotions if e is not None)
    assert m.scale == EmotionScale(-2, 2)
    assert len(notices) == 1 and "1 to 9" in notices[0] and "-2..+2" in notices[0]


def test_zero_negative_and_fractional_scores_are_numbers_too() -> None:
    m, notices = mermaid.loads_with_notices(OTHERS["scores-zero-negative-fraction"], "x.mmd")
    emotions = [p.emotion for p in m.phases]
    assert emotions == sorted(emotions, key=lambda e: e or 0) and emotions[0] == -2
    assert emotions[-1] == 2 and len(notices) == 1 and "-1 to 5" in notices[0]


def test_scores_of_one_to_five_need_no_notice() -> None:
    assert mermaid.loads_with_notices(DOC_EXAMPLE, "day.mmd")[1] == []


def test_markdown_journey_after_blocks_with_directives_and_front_matter() -> None:
    m = mermaid.loads(MARKDOWN_PAGE, "page.md")
    assert m.title == "From the wiki"
    assert m.mermaid is not None and m.mermaid.directives == ('%%{init: {"theme": "neutral"}}%%',)


@pytest.mark.parametrize(
    "first", ["%% a comment", '%%{init: {"theme": "dark"}}%%', "---\nconfig:\n  theme: dark\n---"]
)
def test_markdown_journey_block_that_starts_with(first: str) -> None:
    flowchart = "```mermaid\nflowchart LR\n  A --> B\n```\n\n"
    page = f"{flowchart}```mermaid\n{first}\njourney\n    X: 3: Me\n```\n"
    assert [p.title for p in mermaid.loads(page, "page.md").phases] == ["X"]


def test_a_task_beginning_with_percent_is_not_exported_as_a_comment() -> None:
    m = JourneyMap("T", lanes=(Lane("actions", "Actions"),), phases=(Phase("%discount"),))
    text = mermaid.dumps(m)
    assert mermaid_parse(text)["tasks"] == [("", "\u200b%discount", 3, ["Customer"])]
    assert mermaid.loads(text, "x.mmd").phases[0].title == "%discount"


def test_accessible_texts_keep_percent_signs_and_hashes() -> None:
    details = MermaidDetails(acc_title="100%% sure #35; #pain")
    m = JourneyMap("T", description="50%% off #quot; now", lanes=(Lane("actions", "A"),),
                   phases=(Phase("P"),), mermaid=details)  # fmt: skip
    text = mermaid.dumps(m)
    assert "%%" not in text.replace("%% cxtui", "")
    back = mermaid.loads(text, "x.mmd")
    assert back.mermaid == details and back.description == m.description


@pytest.mark.parametrize(
    ("table", "where", "words"),
    [
        ('directives = ["%%{init: {}}%% journey"]', "directives", "not one Mermaid directive"),
        ('front_matter = """\nconfig:\n---\n"""', "front_matter", "`---`"),
        ("section_breaks = [3, 1]", "section_breaks", "phase numbers"),
        ('accTitle = "x"', "accTitle", "unknown key"),
    ],
)
def test_a_bad_mermaid_table_is_reported_where_it_is(table: str, where: str, words: str) -> None:
    text = fileformat.dumps(mermaid.loads(DOC_EXAMPLE, "day.mmd"))
    text = text.replace("[[lanes]]", f"[mermaid]\n{table}\n\n[[lanes]]", 1)
    with pytest.raises(MapFileError) as caught:
        fileformat.loads(text, "map.toml")
    problem = caught.value.problems[0]
    line = text.splitlines()[problem.line - 1]
    assert where in line and words in problem.message


@given(maps())
@settings(max_examples=60, deadline=None)
def test_mermaid_details_of_any_map_come_back_from_its_export(m: JourneyMap) -> None:
    text = mermaid.dumps(m)
    mermaid_parse(text)
    back = mermaid.loads(text, "x.mmd")
    got, want = back.mermaid or MermaidDetails(), m.mermaid or MermaidDetails()
    assert got.acc_title == want.acc_title.strip()
    assert (got.directives, got.front_matter) == (want.directives, want.front_matter)
    # sections begin where they did (their names are cleaned for Mermaid)
    assert [f for _, f, _ in mermaid.sections(back)] == [f for _, f, _ in mermaid.sections(m)]


@pytest.mark.parametrize("fmt", ["json_io", "csv_io"])
def test_the_mermaid_details_travel_through_json_and_csv(fmt: str) -> None:
    module = importlib.import_module(f"cxtui.interchange.{fmt}")
    m = mermaid.loads(ROUND_TRIPS["themed"] + ROUND_TRIPS["repeated-section"][8:], "x.mmd")
    assert m.mermaid is not None and m.mermaid.section_breaks
    assert module.loads(module.dumps(m), "x") == m


def test_diff_reports_a_changed_mermaid_detail() -> None:
    m = mermaid.loads(ROUND_TRIPS["themed"], "x.mmd")
    assert m.mermaid is not None
    other = replace(m, mermaid=replace(m.mermaid, acc_title="Another"))
    changes = diff_maps(m, other)
    assert [(c.field, c.before, c.after) for c in changes if isinstance(c, FieldChanged)] == [
        ("mermaid accTitle", "Shoe purchase journey", "Another")
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_separator_in_front_matter_is_a_line_break(separator: str) -> None:
    details = MermaidDetails(front_matter=f"{separator}theme: dark{separator}")
    assert details.front_matter == "theme: dark"
    m = replace(load_template("basic", "Trip"), mermaid=details)
    back = mermaid.loads(mermaid.dumps(m), "trip.mmd")
    assert back.mermaid is not None and back.mermaid.front_matter == "theme: dark"
