"""Reading map files: every problem reported as FILE:LINE:COL: message, nothing else raised."""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import maps

from cxtui import fileformat
from cxtui.fileformat import (
    MAX_FILE_BYTES,
    MAX_LANES,
    MAX_NOTES_PER_CELL,
    MAX_PHASES,
    MAX_TEXT_CHARS,
    MapFileError,
    Problem,
    dumps,
    loads,
    read_map,
)
from cxtui.locate import Locator
from cxtui.model import JourneyMap

WriteFile = Callable[..., Path]

HEAD = 'cxtui = 1\ntitle = "Trip"\n'
LANES = (
    '\n[[lanes]]\nkey = "actions"\ntitle = "Actions"\n'
    '\n[[lanes]]\nkey = "emotions"\ntitle = "Emotions"\nkind = "emotion"\n'
)
# HEAD + LANES take lines 1-11; the first phase starts at line 12
PHASE = '\n[[phases]]\ntitle = "Book"\n'
GOOD = HEAD + LANES + PHASE  # lines 12-14; a phase key added after it lands on line 15


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(MapFileError) as caught:
        read_map(path)
    problems = caught.value.problems
    # the message of the error is the problems, one FILE:LINE:COL line each (FILE: for
    # the file as a whole, line 0)
    assert str(caught.value).splitlines() == [str(p) for p in problems]
    for p in problems:
        assert p.source == str(path)
        where = f"{path}:{p.line}:{p.col}: " if p.line else f"{path}: "
        assert str(p).startswith(where)
    return problems


def the_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


def at(text: str, line: int, col: int) -> str:
    """The text from (line, col) to the end of that line."""
    return text.split("\n")[line - 1][col - 1 :]


# (name, text, line, col, message fragment, what the text holds at line:col)
CASES = [
    (
        "lane-role-unknown",
        HEAD
        + '\n[[lanes]]\nkey = "douleurs"\ntitle = "Points de douleur"\nrole = "pain"\n'
        + PHASE,
        7,
        8,
        "unknown lane role 'pain'",
        '"pain"',
    ),
    ("toml-syntax", HEAD + 'kind = = "x"\n', 3, 8, "TOML syntax: invalid value", '= "x"'),
    (
        "toml-raw-escape",
        'cxtui = 1\ntitle = "a\x1b]0;x"\n',
        2,
        11,
        "TOML syntax: illegal character",
        "\x1b]0;x",
    ),
    (
        "emotion-string",
        GOOD + 'emotion = "high"\n',
        15,
        11,
        "emotion must be an integer from -2 to 2, not a string 'high'",
        '"high"',
    ),
    ("emotion-float", GOOD + "emotion = 1.5\n", 15, 11, "not a number 1.5", "1.5"),
    (
        "emotion-outside",
        GOOD + "emotion = 3\n",
        15,
        11,
        "emotion 3 is outside the scale -2..2",
        "3",
    ),
    (
        "emotion-outside-own-scale",
        HEAD + "\n[emotion_scale]\nmin = 1\nmax = 5\n" + LANES + PHASE + "  emotion = 0\n",
        19,
        13,
        "emotion 0 is outside the scale 1..5",
        "0",
    ),
    ("emotion-boolean", GOOD + "emotion = true\n", 15, 11, "not a boolean True", "true"),
    (
        "phase-key-no-lane",
        GOOD + 'action = ["Pays"]\n',
        15,
        1,
        "phase 'Book' has notes for 'action', which is no lane; did you mean 'actions'?",
        "action =",
    ),
    (
        "emotion-lane-key-in-phase",
        GOOD + 'emotions = ["Happy"]\n',
        15,
        1,
        "'emotions' is the emotion lane: rate the phase with `emotion = N` instead",
        "emotions =",
    ),
    (
        "duplicate-lane-key",
        HEAD + LANES + '\n[[lanes]]\nkey = "actions"\n' + PHASE,
        14,
        7,
        "duplicate lane key 'actions' (lane 1 has it too)",
        '"actions"',
    ),
    (
        "reserved-lane-key",
        HEAD + '\n[[lanes]]\nkey = "stage"\n' + PHASE,
        5,
        7,
        "lane key 'stage' is reserved for phases",
        '"stage"',
    ),
    (
        "bad-lane-key",
        HEAD + '\n[[lanes]]\nkey = "Pain-Points"\n' + PHASE,
        5,
        7,
        "lane key 'Pain-Points' must be lower-case letters, digits and _",
        '"Pain-Points"',
    ),
    (
        "second-emotion-lane",
        HEAD + LANES + '\n[[lanes]]\nkey = "mood"\nkind = "emotion"\n' + PHASE,
        15,
        8,
        "one emotion lane at most",
        '"emotion"',
    ),
    (
        "unknown-map-kind",
        HEAD + 'kind = "current_state"\n' + LANES + PHASE,
        3,
        8,
        "unknown map kind 'current_state'; did you mean 'current-state'? (one of current-state,",
        '"current_state"',
    ),
    (
        "unknown-lane-kind",
        HEAD + '\n[[lanes]]\nkey = "mood"\nkind = "emotions"\n' + PHASE,
        6,
        8,
        "unknown lane kind 'emotions'; did you mean 'emotion'? (one of text, emotion)",
        '"emotions"',
    ),
    (
        "unknown-top-level-key",
        HEAD + 'colour = "blue"\n' + LANES + PHASE,
        3,
        1,
        "unknown key 'colour' at the top of the file",
        "colour =",
    ),
    (
        "unknown-persona-key",
        HEAD + '\n[persona]\nnmae = "Ann"\n' + LANES + PHASE,
        5,
        1,
        "unknown key 'nmae' in [persona]; did you mean 'name'?",
        "nmae",
    ),
    (
        "newer-version",
        'cxtui = 2\ntitle = "Trip"\n' + LANES + PHASE,
        1,
        9,
        "written by a newer cxtui (format 2)",
        "2",
    ),
    (
        "version-not-1",
        'cxtui = "1"\ntitle = "Trip"\n' + LANES + PHASE,
        1,
        9,
        "the format version must be 1, not '1'",
        '"1"',
    ),
    (
        "missing-version",
        'title = "Trip"\n' + LANES + PHASE,
        1,
        1,
        "not a cxtui map: the format version `cxtui = 1` is missing",
        'title = "Trip"',
    ),
    ("missing-title", "cxtui = 1\n" + LANES + PHASE, 1, 1, "the map has no title", "cxtui"),
    ("no-lanes", HEAD + PHASE, 1, 1, "the map has no lanes", "cxtui"),
    ("no-phases", HEAD + LANES, 1, 1, "the map has no phases", "cxtui"),
    (
        "scale-min-above-max",
        HEAD + "\n[emotion_scale]\nmin = 3\nmax = 1\n" + LANES + PHASE,
        4,
        1,
        "emotion_scale must run from a min to a larger max, at most 20 steps apart (found 3..1)",
        "[emotion_scale]",
    ),
    (
        "scale-too-wide",
        HEAD + "\n[emotion_scale]\nmin = -20\nmax = 20\n" + LANES + PHASE,
        4,
        1,
        "(found -20..20)",
        "[emotion_scale]",
    ),
    (
        "scale-not-integer",
        HEAD + '\n[emotion_scale]\nmin = -2\nmax = "2"\n' + LANES + PHASE,
        6,
        7,
        "emotion_scale.max must be an integer, not a string",
        '"2"',
    ),
    (
        "tag-colour",
        HEAD + '\n[tags]\npain = "reddish"\n' + LANES + PHASE,
        5,
        8,
        "tag 'pain': 'reddish' is not a colour",
        '"reddish"',
    ),
    (
        "tag-colour-bad-hex",
        HEAD + '\n[tags]\nidea = "#12345g"\n' + LANES + PHASE,
        5,
        8,
        "'#12345g' is not a colour",
        '"#12345g"',
    ),
    (
        "note-too-long",
        GOOD + 'actions = ["short", "' + "n" * (MAX_TEXT_CHARS + 1) + '"]\n',
        15,
        11,
        f"actions has an entry of {MAX_TEXT_CHARS + 1:,} characters; at most {MAX_TEXT_CHARS:,}",
        '["short"',
    ),
    (
        "title-too-long",
        'cxtui = 1\ntitle = "' + "t" * (MAX_TEXT_CHARS + 1) + '"\n' + LANES + PHASE,
        2,
        9,
        "title is too long",
        '"ttt',
    ),
    (
        "notes-not-strings",
        GOOD + "actions = [1, 2]\n",
        15,
        11,
        "actions must be a list of strings",
        "[1, 2]",
    ),
    ("deep-nesting", "a = " + "[" * 5000 + "]" * 5000, 1, 1, "nested too deeply", "a = [[["),
]


@pytest.mark.parametrize(
    ("text", "line", "col", "fragment", "there"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_problem_is_positioned(
    write_file: WriteFile, text: str, line: int, col: int, fragment: str, there: str
) -> None:
    # first make sure the expected position is where the text says it is
    assert at(text, line, col).startswith(there)
    path = write_file(text)
    problem = the_problem(path)
    assert (problem.line, problem.col) == (line, col), problem
    assert fragment in problem.message


def test_the_good_base_text_is_valid(write_file: WriteFile) -> None:
    m = read_map(write_file(GOOD + 'actions = ["Pays"]\nemotion = -2\n'))
    assert m.phases[0].notes("actions") == ("Pays",)
    assert m.phases[0].emotion == -2


def test_every_problem_of_a_file_is_listed_sorted_by_line(write_file: WriteFile) -> None:
    text = (
        HEAD  # 1-2
        + 'kind = "journey"\n'  # 3
        + LANES.replace('kind = "emotion"', 'kind = "emotional"')  # 4-12
        + PHASE  # 13-15
        + '\n[tags]\npain = "reddish"\n'  # 16-18: found before the lanes, listed after
    )
    path = write_file(text)
    problems = problems_of(path)
    assert [(p.line, p.col) for p in problems] == [(3, 8), (12, 8), (18, 8)]
    assert "unknown map kind 'journey'" in problems[0].message
    assert "unknown lane kind 'emotional'" in problems[1].message
    assert "'reddish' is not a colour" in problems[2].message
    assert at(text, 12, 8) == '"emotional"'
    assert at(text, 18, 8) == '"reddish"'


def test_problems_in_several_phases_are_all_reported(write_file: WriteFile) -> None:
    text = GOOD + "emotion = 7\n" + PHASE + 'emotion = "low"\n' + PHASE + "emotion = false\n"
    problems = problems_of(write_file(text))
    assert [(p.line, p.col) for p in problems] == [(15, 11), (19, 11), (23, 11)]
    assert [at(text, p.line, p.col) for p in problems] == ["7", '"low"', "false"]


def test_missing_title_version_lanes_and_phases_at_once(write_file: WriteFile) -> None:
    problems = problems_of(write_file('kind = "current-state"\n'))
    messages = " | ".join(p.message for p in problems)
    for fragment in ("cxtui = 1", "no title", "no lanes", "no phases"):
        assert fragment in messages
    assert all((p.line, p.col) == (1, 1) for p in problems)


# -- files that are not text, or not there ----------------------------------------------


def test_not_utf8_points_at_the_bad_byte(write_file: WriteFile) -> None:
    path = write_file(b'cxtui = 1\ntitle = "Zo\xc3\xab \xff"\n')
    problem = the_problem(path)
    # line 2 is `title = "Zoë ` (13 characters) then the bad byte
    assert (problem.line, problem.col) == (2, 14)
    assert "not UTF-8" in problem.message and "0xff" in problem.message


def test_latin1_file_points_at_the_first_bad_byte(write_file: WriteFile) -> None:
    path = write_file('cxtui = 1\n\ntitle = "Café"\n'.encode("latin-1"))
    problem = the_problem(path)
    assert (problem.line, problem.col) == (3, 13)
    assert "0xe9" in problem.message


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", b"\xef\xbb\xbf\n"])
def test_empty_and_blank_files(write_file: WriteFile, content: bytes) -> None:
    problem = the_problem(write_file(content))
    assert (problem.line, problem.col) == (1, 1)
    assert problem.message == "empty file"


def test_binary_file_points_at_the_nul(write_file: WriteFile) -> None:
    problem = the_problem(write_file(b"cxtui = 1\ntitle = 'x'\nab\x00cd\n"))
    assert (problem.line, problem.col) == (3, 3)
    assert "binary" in problem.message


def test_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "maps.toml"
    folder.mkdir()
    problem = the_problem(folder)
    assert (problem.line, problem.col) == (0, 0)  # the file as a whole: no position
    assert "folder" in problem.message


def test_a_missing_file(tmp_path: Path) -> None:
    problem = the_problem(tmp_path / "nope.toml")
    assert (problem.line, problem.col) == (0, 0)  # the file as a whole: no position
    assert problem.message == "no such file"
    assert str(problem) == f"{tmp_path / 'nope.toml'}: no such file"


def test_a_huge_file_is_refused_by_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.toml"
    with open(path, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: instant, takes no space

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(fileformat, "open", no_reading, raising=False)
    started = time.monotonic()
    problem = the_problem(path)
    assert time.monotonic() - started < 1
    assert (problem.line, problem.col) == (0, 0)
    assert "too large" in problem.message and f"{MAX_FILE_BYTES + 1:,}" in problem.message


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    text = GOOD + 'actions = ["x"]\n'
    path.write_bytes(text.encode() + b"#" * (MAX_FILE_BYTES - len(text.encode())))
    assert os.path.getsize(path) == MAX_FILE_BYTES
    assert read_map(path).title == "Trip"


def test_too_many_phases(write_file: WriteFile) -> None:
    problem = the_problem(write_file(HEAD + LANES + PHASE * (MAX_PHASES + 1)))
    assert problem.message == f"too many phases ({MAX_PHASES + 1:,}; at most {MAX_PHASES:,})"


def test_exactly_the_maximum_of_phases_is_fine(write_file: WriteFile) -> None:
    assert len(read_map(write_file(HEAD + LANES + PHASE * MAX_PHASES)).phases) == MAX_PHASES


def test_too_many_phases_points_at_the_phases(write_file: WriteFile) -> None:
    text = HEAD + LANES + PHASE * (MAX_PHASES + 1)
    problem = the_problem(write_file(text))
    assert at(text, problem.line, problem.col).startswith("[[phases]]")
    assert problem.line == 13  # the first [[phases]] (line 12 is blank)


def _lanes(count: int) -> str:
    return "".join(f'\n[[lanes]]\nkey = "l{i}"\n' for i in range(count))


def test_too_many_lanes_is_the_one_problem_and_points_at_the_lanes(
    write_file: WriteFile,
) -> None:
    # every phase has notes for every lane: none of them is "no lane"
    notes = "".join(f'l{i} = ["x"]\n' for i in range(MAX_LANES + 1))
    text = HEAD + _lanes(MAX_LANES + 1) + (PHASE + notes) * 3
    problem = the_problem(write_file(text))
    assert problem.message == f"too many lanes ({MAX_LANES + 1}; at most {MAX_LANES})"
    assert (problem.line, problem.col) == (4, 1)
    assert at(text, problem.line, problem.col) == "[[lanes]]"


def test_exactly_the_maximum_of_lanes_is_fine(write_file: WriteFile) -> None:
    notes = "".join(f'l{i} = ["x"]\n' for i in range(MAX_LANES))
    m = read_map(write_file(HEAD + _lanes(MAX_LANES) + PHASE + notes))
    assert len(m.lanes) == MAX_LANES


def test_too_many_lanes_still_reports_the_real_problems_of_lanes_and_phases(
    write_file: WriteFile,
) -> None:
    text = HEAD + _lanes(MAX_LANES + 1) + '\n[[lanes]]\nkey = "l0"\n' + PHASE + 'zz = ["x"]\n'
    messages = [p.message for p in problems_of(write_file(text))]
    assert messages == [
        f"too many lanes ({MAX_LANES + 2}; at most {MAX_LANES})",
        "duplicate lane key 'l0' (lane 1 has it too)",
        "phase 'Book' has notes for 'zz', which is no lane",
    ]


# -- text is data -------------------------------------------------------------------------


def test_markup_and_escapes_in_a_title_are_kept_as_data_and_neutralised(
    write_file: WriteFile,
) -> None:
    title = "[bold red]Alarm[/] \\u001b]0;pwned\\u0007 \\u001b[2J \\u202eevil \\u0085"
    path = write_file(f'cxtui = 1\ntitle = "{title}"\n' + LANES + PHASE + 'actions = ["[b]x"]\n')
    m = read_map(path)
    assert m.title == "[bold red]Alarm[/] ]0;pwned [2J evil  "
    assert m.phases[0].notes("actions") == ("[b]x",)


def _all_strings(m: JourneyMap) -> list[str]:
    out = [m.title, m.description or "", *m.tags, *m.tags.values()]
    if m.persona is not None:
        p = m.persona
        out += [p.name, p.role, p.quote, *p.goals, *p.needs, *p.frustrations]
    out += [s for lane in m.lanes for s in (lane.key, lane.title)]
    for phase in m.phases:
        out += [phase.title, phase.stage or ""]
        out += [note for notes in phase.cells.values() for note in notes]
    return out


ESC_EVERYWHERE = (
    'cxtui = 1\ntitle = "t\\u001b"\ndescription = "d\\u001b[2J"\n'
    '\n[persona]\nname = "n\\u0007"\nrole = "r\\u009b"\nquote = "q\\u202e"\n'
    'goals = ["g\\u001b"]\nneeds = ["n\\u001b"]\nfrustrations = ["f\\u001b"]\n'
    '\n[tags]\n"p\\u001bai\\u0007n" = "red"\n'
    '\n[[lanes]]\nkey = "a"\ntitle = "A\\u001b"\n'
    '\n[[phases]]\ntitle = "p\\u001b"\nstage = "s\\u001b"\na = ["x\\u001b[31m"]\n'
)


def test_no_text_field_keeps_a_control_character(write_file: WriteFile) -> None:
    m = read_map(write_file(ESC_EVERYWHERE))
    strings = _all_strings(m)
    assert len(strings) == 15
    bad = [s for s in strings if any(c in s for c in "\x1b\x07\x9b\u202e")]
    assert bad == []


def test_tag_names_are_neutralised_too(write_file: WriteFile) -> None:
    m = read_map(write_file(ESC_EVERYWHERE))
    assert not any(c in tag for tag in m.tags for c in "\x1b\x07")
    assert m.tags == {"pain": "red"}


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ('"p\\u001b]0;pwned\\u0007"', "'p\\x1b]0;pwned\\x07'"),
        ('"two words"', "'two words'"),
        ('"1st"', "'1st'"),
        ('"#pain"', "'#pain'"),
        ('""', "''"),
    ],
)
def test_a_tag_name_no_note_can_hold_is_a_positioned_problem(
    write_file: WriteFile, key: str, shown: str
) -> None:
    text = HEAD + f'\n[tags]\nidea = "green"\n{key} = "red"\n' + LANES + PHASE
    problem = the_problem(write_file(text))
    assert (problem.line, problem.col) == (6, 1)
    assert problem.message.startswith(f"{shown} cannot be a tag: a tag is a letter, then")


def test_a_tag_named_twice_but_for_case_is_a_problem(write_file: WriteFile) -> None:
    text = HEAD + '\n[tags]\npain = "red"\nPain = "blue"\n' + LANES + PHASE
    problem = the_problem(write_file(text))
    assert (problem.line, problem.col) == (6, 1)
    assert problem.message == "tag 'Pain' is tag 'pain' again (tags ignore case)"


@pytest.mark.parametrize("stage", ['""', '"  "', '"\\t"', '"\\u001b"'])
def test_a_blank_stage_is_read_as_no_stage(write_file: WriteFile, stage: str) -> None:
    m = read_map(write_file(GOOD + f"stage = {stage}\n"))
    assert m.phases[0].stage is None


# Characters str.splitlines() breaks at that TOML allows raw in strings and comments.
NOT_TOML_LINE_BREAKS = ["\u2028", "\u2029", "\x85"]


@pytest.mark.parametrize("sep", NOT_TOML_LINE_BREAKS, ids=["u2028", "u2029", "x85"])
def test_a_line_separator_inside_a_string_does_not_shift_positions(
    write_file: WriteFile, sep: str
) -> None:
    text = f'cxtui = 1\ntitle = "Trip"\ndescription = "one{sep}two"\n' + LANES + PHASE
    text += "emotion = 9\n"
    problem = the_problem(write_file(text))
    assert at(text, problem.line, problem.col) == "9"
    assert problem.line == 16


@pytest.mark.parametrize("sep", NOT_TOML_LINE_BREAKS, ids=["u2028", "u2029", "x85"])
def test_a_line_separator_in_comments_and_multi_line_strings_does_not_shift_positions(
    write_file: WriteFile, sep: str
) -> None:
    text = (
        f'cxtui = 1  # one{sep}two\ntitle = "Trip"\ndescription = """\na{sep}b\nc{sep}"""\n'
        + LANES
        + PHASE
        + f"# x{sep}y\nemotion = 9\n"
    )
    problem = the_problem(write_file(text))
    assert at(text, problem.line, problem.col) == "9"
    assert problem.line == 19


def test_positions_in_a_file_with_windows_line_ends(write_file: WriteFile) -> None:
    text = (GOOD + "emotion = 9\n").replace("\n", "\r\n")
    problem = the_problem(write_file(text))
    assert (problem.line, problem.col) == (15, 11)


# -- whatever the input, only MapFileError ----------------------------------------------

_scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=10),
    st.sampled_from(["actions", "emotions", "text", "emotion", "current-state", "red"]),
)
_table_keys = st.sampled_from(["key", "title", "kind", "emotion", "actions", "x"])
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["key", "title", "kind", "emotion", "x"]), inner, max_size=3
        ),
    ),
    max_leaves=8,
)
_keys = st.sampled_from(
    ["cxtui", "title", "kind", "description", "persona", "emotion_scale", "tags", "lanes",
     "phases", "other"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, max_size=9))
def test_any_toml_document_gives_a_map_or_map_file_error(document: dict[str, object]) -> None:
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        return
    try:
        m = loads(text, "fuzz.toml")
    except MapFileError as error:
        assert error.problems
        lines = text.count("\n") + 1
        assert all(1 <= p.line <= lines and p.col >= 1 for p in error.problems)
    else:
        assert m.problems() == []


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_map_or_map_file_error(data: bytes) -> None:
    try:
        text = fileformat.decode_text(data, "fuzz.toml")
        loads(text, "fuzz.toml")
    except MapFileError as error:
        assert error.problems


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(m=maps(), data=st.data())
def test_positions_are_right_in_any_file_cxtui_writes(m: JourneyMap, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(m.phases) - 1))
    phases = list(m.phases)
    phases[index] = replace(phases[index], title="MARKER-PHASE", emotion=m.scale.min)
    text = dumps(replace(m, phases=tuple(phases)))
    lines = text.split("\n")
    start = lines.index('title = "MARKER-PHASE"')
    line = next(n for n in range(start, len(lines)) if lines[n].startswith("emotion = ")) + 1
    lines[line - 1] = f"emotion = {m.scale.max + 7}"
    with pytest.raises(MapFileError) as caught:
        loads("\n".join(lines), "gen.toml")
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (line, 11)
    assert f"emotion {m.scale.max + 7} is outside the scale" in problem.message


def test_the_locator_reads_quoted_keys_as_toml_does() -> None:
    text = 'x = 1\n"a.b" = 2\n[t]\n"k\\u0041" = 3\n[[arr]]\n[[arr]]\n\'lit\' = 4\n'
    locator = Locator(text)
    assert locator.find(("a.b",)).line == 2
    assert locator.find(("t", "kA")).line == 4
    assert locator.find(("arr",)).line == 5  # an array of tables stands at its first table
    assert locator.find(("arr", 1)).line == 6
    assert locator.find(("arr", 1, "lit")).line == 7
    assert locator.find(("nowhere",)).line == 1


# -- integers Python cannot read or show (more than 4,300 digits) -----------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1" * 4301, "a whole number of more than 4,300 digits"),  # tomllib raises ValueError
        ("0x" + "f" * 4000, "this whole number is too large"),  # read, but never shown
        (str(2**63), "this whole number is too large"),  # past TOML's 64 bits
    ],
)
@pytest.mark.parametrize("where", ["emotion", "scale"])
def test_a_huge_integer_is_one_positioned_problem(
    write_file: WriteFile, value: str, message: str, where: str
) -> None:
    if where == "emotion":
        text = GOOD + f"emotion = {value}\n"  # line 15
        line = 15
    else:
        text = GOOD + f"\n[emotion_scale]\nmin = {value}\nmax = 2\n"  # lines 15-18
        line = 17
    problem = the_problem(write_file(text))
    assert message in problem.message
    assert problem.line == line
    assert at(text, problem.line, problem.col).startswith(value[:12])
    assert len(str(problem)) < 300  # the number is not in the message


def _toml_integer(n: int, form: str, underscores: bool) -> str:
    """`n` written as TOML writes an integer in `form` (dec, hex, oct, bin; a negative
    number only in dec)."""
    if form == "dec" or n < 0:
        digits = str(abs(n))
        if underscores:
            digits = "_".join(digits)
        return ("-" if n < 0 else "") + digits
    prefix = {"hex": "0x", "oct": "0o", "bin": "0b"}[form]
    digits = {"hex": f"{n:x}", "oct": f"{n:o}", "bin": f"{n:b}"}[form]
    return prefix + ("_".join(digits) if underscores else digits)


@settings(max_examples=200, deadline=None)
@given(
    n=st.one_of(
        st.integers(min_value=2**63, max_value=2**400),
        st.integers(min_value=-(2**400), max_value=-(2**63) - 1),
    ),
    form=st.sampled_from(["dec", "hex", "oct", "bin"]),
    underscores=st.booleans(),
    where=st.sampled_from(
        [
            "emotion = {}",
            "emotion = [{}]",
            "actions = [{}]",
            'actions = ["a note", {}]',
            "extra = {{ x = [1, {}] }}",
            "emotions = {}",  # the emotion lane's key, where only `emotion` may rate
            "id = {}",
            "stage = {}",
            "link = [{}]",
            'votes.actions."a note" = [{}]',
            "votes = {{ actions = {} }}",
            'marks.actions."a note" = ["fail", {}]',
            "\n[emotion_scale]\nmin = {}",
            "\n[persona]\ngoals = [{}]",
            "\n[[phases]]\ntitle = {}",
        ]
    ),
)
def test_every_integer_outside_64_bits_is_found_whatever_its_form(
    n: int, form: str, underscores: bool, where: str
) -> None:
    # The reader looks for such an integer only where the text could hold one: never
    # may that skip one tomllib reads.
    text = GOOD + where.format(_toml_integer(n, form, underscores)) + "\n"
    assert tomllib.loads(text)  # valid TOML, read as that integer
    with pytest.raises(fileformat.MapFileError) as caught:
        fileformat.loads(text, "map.toml")
    assert "this whole number is too large" in str(caught.value)


def test_the_largest_64_bit_integer_is_an_ordinary_bad_emotion(write_file: WriteFile) -> None:
    problem = the_problem(write_file(GOOD + f"emotion = {2**63 - 1}\n"))
    assert "outside the scale" in problem.message


def test_a_cell_of_long_notes_each_within_the_limit_loads() -> None:
    # A cell is first checked as a whole (its notes' total length): one over the limit in
    # all, each note within it, is read note by note and loads.
    long = "x" * (MAX_TEXT_CHARS - 10)
    m = loads(GOOD + f'actions = ["{long}", "{long}"]\n')
    assert m.phases[0].notes("actions") == (long, long)
    with pytest.raises(MapFileError, match="an entry of 5,001 characters"):
        loads(GOOD + f'actions = ["{long}", "{"y" * (MAX_TEXT_CHARS + 1)}"]\n')


# -- the plain phase: a whole phase proved at once, made without a recheck ----------------

_LIMIT_TEXTS = st.sampled_from(["x" * MAX_TEXT_CHARS, "x" * (MAX_TEXT_CHARS + 1)])
_good_texts = st.text(st.characters(codec="ascii", categories=["L", "N", "P", "Zs"]), max_size=8)
_odd_texts = st.one_of(
    st.text(max_size=12),  # controls, bidi overrides, line separators, blanks...
    st.sampled_from(["", "  ", "\u3000", "a\tb", "[b]markup[/b]"]),
    _LIMIT_TEXTS,
)
_phase_texts = st.one_of(*[_good_texts] * 7, _odd_texts)
_odd_values = st.one_of(
    _odd_texts,
    st.lists(st.one_of(_phase_texts, st.integers(-3, 3)), max_size=3),
    st.integers(-4, 4),
    st.booleans(),
    st.just([]),
    st.just(["n"] * (MAX_NOTES_PER_CELL + 1)),
    st.just(["n"] * MAX_NOTES_PER_CELL),
)
_notes = st.lists(_phase_texts, max_size=4)
#: Phase tables, most of them a plain phase's keys with good values, some with odd
#: values or more keys.
_phase_tables = st.fixed_dictionaries(
    {"title": st.one_of(*[_good_texts] * 5, _odd_values)},
    optional={
        "stage": st.one_of(*[_good_texts] * 5, _odd_values),
        "emotion": st.one_of(*[st.integers(-4, 4)] * 5, _odd_values),
        "id": st.sampled_from(["a1", "b2", "Not an id", "a1"]),
        "actions": st.one_of(*[_notes] * 5, _odd_values),
        "thoughts": st.one_of(*[_notes] * 5, _odd_values),
    },
) | st.fixed_dictionaries(
    {"title": _good_texts},
    optional={
        key: st.one_of(st.just("ok"), st.just(["ok"]), _odd_values)
        for key in ("actions", "feeling", "link", "votes", "nolane")
    },
)


def _read_key_by_key(text: str) -> JourneyMap | str:
    """The map of `text` (or its problems) with every phase read key by key."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fileformat, "_plain_phase", lambda *_: None)
        try:
            return loads(text, "plain.toml")
        except MapFileError as error:
            return str(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_phase_tables, min_size=1, max_size=3))
@example([{"title": "a", "emotion": 3}])  # the edges a plain phase may not pass
@example([{"title": "a", "emotion": True}])
@example([{"title": "a", "stage": "  "}])
@example([{"title": "a", "stage": 0}])
@example([{"title": "a", "actions": ["x" * (MAX_TEXT_CHARS + 1)]}])
@example([{"title": "a", "actions": ["n"] * (MAX_NOTES_PER_CELL + 1)}])
@example([{"title": "a", "actions": [], "thoughts": ["t"]}])
@example([{"title": "a", "actions": "not a list"}])
@example([{"title": "a\u202e", "actions": ["b"]}])
@example([{"title": "a", "link": "b.toml"}])
def test_a_phase_proved_at_once_is_the_phase_read_key_by_key(
    tables: list[dict[str, object]],
) -> None:
    document = {
        "cxtui": 1,
        "title": "Plain",
        "lanes": [
            {"key": "actions", "title": "Actions"},
            {"key": "thoughts", "title": "Thoughts"},
            {"key": "feeling", "title": "Feeling", "kind": "emotion"},
        ],
        "phases": tables,
    }
    text = tomli_w.dumps(document)
    try:
        read: JourneyMap | str = loads(text, "plain.toml")
    except MapFileError as error:
        read = str(error)
    assert read == _read_key_by_key(text)
    if isinstance(read, JourneyMap):  # each phase as the model itself would make it
        assert all(p == replace(p) for p in read.phases)


def test_most_phases_of_a_written_map_are_proved_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The fast way is taken: every phase of the good base map, but the one with a link.
    text = GOOD + 'link = "detail.toml"\n\n[[phases]]\ntitle = "Two"\nactions = ["a"]\n'
    proved: list[object] = []
    prove = fileformat._plain_phase

    def counted(*args: Any) -> object:
        proved.append(result := prove(*args))
        return result

    monkeypatch.setattr(fileformat, "_plain_phase", counted)
    m = loads(text)
    assert [p is not None for p in proved] == [False, True]
    assert m.phases[1].notes("actions") == ("a",)
