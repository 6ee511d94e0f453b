"""The TOML file format: exact round trips, a diff-friendly layout, atomic saves.

Also the bundled sample maps and templates: each must validate, print, and round-trip.
"""

from __future__ import annotations

import difflib
import errno
import io
import os
import re
import stat
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from strategies import maps, note_text

from cxtui import fileformat
from cxtui.fileformat import (
    MAX_FILE_BYTES,
    MAX_LANES,
    MAX_NOTES_PER_CELL,
    MAX_PHASES,
    MAX_SCALE_STEPS,
    MAX_TEXT_CHARS,
    MapFileError,
    SaveError,
    check_savable,
    dumps,
    loads,
    read_map,
    save_map,
)
from cxtui.interchange import json_io
from cxtui.model import EmotionScale, JourneyMap, Lane, Persona, Phase, SetNotes
from cxtui.render import MapView
from cxtui.saving import write_file
from cxtui.text import clean_line

# -- round trips -------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(marks=True))
def test_loads_dumps_round_trip(m: JourneyMap) -> None:
    text = dumps(m)
    assert loads(text) == m
    assert dumps(loads(text)) == text  # stable: writing what was read changes nothing


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(maps(max_phases=3, max_lanes=3, at_limits=True, marks=True))
def test_every_map_the_model_holds_up_to_the_limits_saves_and_opens_again(
    m: JourneyMap,
) -> None:
    assert check_savable(m) == []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.toml"
        save_map(m, path)
        assert read_map(path) == m


def _at_every_limit() -> JourneyMap:
    full = "é" * MAX_TEXT_CHARS
    lanes = (
        *(Lane(f"lane_{i}", full if i == 0 else f"L{i}") for i in range(MAX_LANES - 1)),
        Lane("emotions", "Emotions", "emotion"),
    )
    first = Phase(
        full,
        full,
        MAX_SCALE_STEPS // 2,
        {"lane_0": (full, *(f"n{i}" for i in range(MAX_NOTES_PER_CELL - 1)))},
    )
    phases = (first, *(Phase(f"p{i}", None, -MAX_SCALE_STEPS // 2) for i in range(1, MAX_PHASES)))
    entries = tuple(f"e{i}" for i in range(MAX_NOTES_PER_CELL))
    return JourneyMap(
        title=full,
        description=full,
        persona=Persona(full, full, entries, entries, (full,), full),
        scale=EmotionScale(-MAX_SCALE_STEPS // 2, MAX_SCALE_STEPS // 2),
        lanes=lanes,
        phases=phases,
        tags={"pain": "red"},
    )


def test_a_map_at_every_limit_at_once_saves_and_opens_again(tmp_path: Path) -> None:
    m = _at_every_limit()
    assert (len(m.lanes), len(m.phases)) == (MAX_LANES, MAX_PHASES)
    assert check_savable(m) == []
    save_map(m, tmp_path / "full.toml")
    assert read_map(tmp_path / "full.toml") == m


def test_a_map_too_large_for_its_file_is_not_saved(small_map: JourneyMap, map_file: Path) -> None:
    # every text within its limit, but the file would be over the size limit
    note = "n" * MAX_TEXT_CHARS
    count = MAX_FILE_BYTES // MAX_TEXT_CHARS + 1
    big = replace(
        small_map, phases=tuple(Phase(f"p{i}", cells={"actions": (note,)}) for i in range(count))
    )
    [problem] = check_savable(big)
    assert problem.startswith("the map is too large to save: its file would be 2,")
    assert problem.endswith(f"a map file holds at most {MAX_FILE_BYTES:,}")
    old = map_file.read_bytes()
    with pytest.raises(SaveError) as caught:
        save_map(big, map_file)
    assert caught.value.errno == errno.EFBIG
    assert str(map_file) in str(caught.value) and "too large" in str(caught.value)
    assert map_file.read_bytes() == old
    assert os.listdir(map_file.parent) == ["map.toml"]


def test_the_limits_have_one_source() -> None:
    from cxtui import limits

    for name in ("MAX_FILE_BYTES", "MAX_PHASES", "MAX_LANES", "MAX_NOTES_PER_CELL",
                 "MAX_TEXT_CHARS", "MAX_SCALE_STEPS"):  # fmt: skip
        assert getattr(fileformat, name) is getattr(limits, name)


def test_round_trip_of_the_realistic_map(small_map: JourneyMap, map_file: Path) -> None:
    assert read_map(map_file) == small_map
    assert map_file.read_text(encoding="utf-8") == dumps(small_map)


@pytest.mark.parametrize(
    "text",
    [
        'say "hi" \\ back\\slash',
        'triple """ quotes """',
        "single ''' quotes",
        "ends with a backslash \\",
        "[bold red]markup[/] #pain",
        "漢字 😀 👩\u200d👩\u200d👧",
        "  leading and trailing  ",
        "a = 1 # not a comment",
        "[[phases]]",
    ],
)
def test_awkward_text_survives_every_field(text: str) -> None:
    block = f"{text}\nsecond line {text}\n"
    m = JourneyMap(
        title=text,
        description=block,
        lanes=(Lane("a", text),),
        phases=(Phase(text, text, None, {"a": (text, text)}),),
        tags={"x-y": "red"},
    )
    back = loads(dumps(m))
    assert back == m
    assert back.description == block


# -- the layout --------------------------------------------------------------------


def _keys_and_headers(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        if line.startswith("["):
            out.append(line)
        elif match := re.match(r"^([A-Za-z0-9_\-]+) = ", line):
            out.append(match.group(1))
    return out


def test_keys_are_written_in_the_documented_order(small_map: JourneyMap) -> None:
    text = dumps(small_map)
    assert text.startswith("cxtui = 1\n")
    lane = ["[[lanes]]", "key", "title", "kind"]
    phase = ["[[phases]]", "id", "title", "stage", "emotion", "actions", "thoughts", "pain_points"]
    expected = [
        "cxtui", "title", "kind", "description",
        "[persona]", "name", "role", "quote", "goals", "needs", "frustrations",
        "[emotion_scale]", "min", "max",
        "[tags]", "pain", "idea",
        *lane * 4,
        *phase * 3,
        *[k for k in phase if k != "emotion"],  # the last phase is unrated
    ]  # fmt: skip
    assert _keys_and_headers(text) == expected


def test_empty_optional_parts_are_left_out_and_every_text_lane_written(
    small_map: JourneyMap,
) -> None:
    bare = replace(small_map, description=None, persona=None, tags={})
    text = dumps(bare)
    assert "description" not in text and "[persona]" not in text and "[tags]" not in text
    assert text.count("thoughts = []") == 2  # phases 1 and 3 have no thoughts
    assert "emotions =" not in text  # the emotion lane holds no notes


def test_one_note_per_line(small_map: JourneyMap) -> None:
    text = dumps(small_map)
    for phase in small_map.phases:
        for notes in phase.cells.values():
            for note in notes:
                assert f'    "{note}",' in text.splitlines()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(m=maps(blank_notes=False), data=st.data())
def test_changing_one_note_changes_exactly_one_line(m: JourneyMap, data: st.DataObject) -> None:
    places = [
        (i, key, j)
        for i, p in enumerate(m.phases)
        for key, notes in p.cells.items()
        for j in range(len(notes))
    ]
    assume(places)
    i, key, j = data.draw(st.sampled_from(places))
    old_notes = m.phases[i].notes(key)
    new_note = data.draw(note_text.filter(lambda t: clean_line(t) != old_notes[j]))
    notes = (*old_notes[:j], new_note, *old_notes[j + 1 :])
    changed, _ = SetNotes(i, key, notes).apply(m)
    before, after = dumps(m).splitlines(), dumps(changed).splitlines()
    diff = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(before) == len(after)
    assert len(diff) == 2, diff
    assert diff[0].startswith("-") and diff[1].startswith("+")


def test_the_description_keeps_its_lines(small_map: JourneyMap) -> None:
    text = dumps(small_map)
    assert 'description = """\nAnn replaces her worn-out running shoes.\nInterviews' in text


def test_an_empty_persona_is_not_written_and_an_empty_table_reads_as_none() -> None:
    text = 'cxtui = 1\ntitle = "t"\n[persona]\n[[lanes]]\nkey = "a"\n[[phases]]\ntitle = "p"\n'
    m = loads(text)
    assert m.persona is None
    assert "[persona]" not in dumps(m)
    only_a_role = loads(text.replace("[persona]\n", '[persona]\nrole = "Runner"\n'))
    assert only_a_role.persona == Persona(role="Runner")
    assert loads(dumps(only_a_role)) == only_a_role


def test_blank_notes_read_from_a_file_are_kept() -> None:
    m = loads('cxtui = 1\ntitle = "t"\n[[lanes]]\nkey = "a"\n[[phases]]\ntitle = "p"\n'
              'a = ["", "Search"]\n')  # fmt: skip
    assert m.phases[0].notes("a") == ("", "Search")
    assert loads(dumps(m)) == m


# -- saving ------------------------------------------------------------------------


def test_save_creates_a_file_that_reads_back(small_map: JourneyMap, tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    save_map(small_map, path)
    assert read_map(path) == small_map
    assert os.listdir(tmp_path) == ["new.toml"]


def test_save_keeps_the_file_mode(small_map: JourneyMap, map_file: Path) -> None:
    map_file.chmod(0o640)
    save_map(replace(small_map, title="Changed"), map_file)
    assert stat.S_IMODE(map_file.stat().st_mode) == 0o640
    assert read_map(map_file).title == "Changed"
    map_file.chmod(0o604)
    save_map(small_map, map_file)
    assert stat.S_IMODE(map_file.stat().st_mode) == 0o604


def test_save_leaves_no_temporary_file(small_map: JourneyMap, map_file: Path) -> None:
    for n in range(3):
        save_map(replace(small_map, title=f"Take {n}"), map_file)
    assert sorted(os.listdir(map_file.parent)) == ["map.toml"]


def test_save_replaces_the_file_rather_than_rewriting_it(
    small_map: JourneyMap, map_file: Path
) -> None:
    before = map_file.stat().st_ino
    save_map(replace(small_map, title="Changed"), map_file)
    assert map_file.stat().st_ino != before  # a new file renamed over the old one


@pytest.mark.parametrize("failing", ["replace", "fsync", "fchmod"])
def test_a_failing_save_leaves_the_old_file_whole(
    small_map: JourneyMap, map_file: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    old = map_file.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, failing, broken)
    with pytest.raises(SaveError) as caught:
        save_map(replace(small_map, title="Never written"), map_file)
    monkeypatch.undo()
    assert isinstance(caught.value, OSError)
    assert str(map_file) in str(caught.value)
    assert map_file.read_bytes() == old
    assert sorted(os.listdir(map_file.parent)) == ["map.toml"]


def test_a_save_into_a_read_only_folder_fails_cleanly(
    small_map: JourneyMap, map_file: Path
) -> None:
    folder = map_file.parent
    old = map_file.read_bytes()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        with pytest.raises(SaveError):
            save_map(replace(small_map, title="Never written"), map_file)
    finally:
        folder.chmod(0o755)
    assert map_file.read_bytes() == old
    assert sorted(os.listdir(folder)) == ["map.toml"]


def test_save_into_a_missing_folder_raises_save_error(
    small_map: JourneyMap, tmp_path: Path
) -> None:
    with pytest.raises(SaveError):
        save_map(small_map, tmp_path / "no" / "such" / "map.toml")


def test_save_through_a_symbolic_link_keeps_the_link(small_map: JourneyMap, tmp_path: Path) -> None:
    real = tmp_path / "real" / "map.toml"
    real.parent.mkdir()
    save_map(small_map, real)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    save_map(replace(small_map, title="Through the link"), link)
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert read_map(real).title == "Through the link"
    assert sorted(os.listdir(tmp_path)) == ["link.toml", "real"]
    assert os.listdir(real.parent) == ["map.toml"]


def test_write_file_writes_utf8_with_unix_newlines(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    write_file(path, "é\n漢\n")
    assert path.read_bytes() == "é\n漢\n".encode()


# -- sample maps and templates -------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_maps").glob("*.toml"))


def _template_names() -> list[str]:
    try:
        from cxtui.templates import TEMPLATES
    except ImportError:
        return []
    return list(TEMPLATES)


TEMPLATE_NAMES = _template_names()
EXPECTED_TEMPLATES = {
    "basic",
    "experience-map",
    "touchpoint-map",
    "future-state",
    "day-in-the-life",
    "service-blueprint",
}


def _template(name: str, title: str | None = None) -> JourneyMap:
    from cxtui.templates import load_template

    m: JourneyMap = load_template(name, title)
    return m


def _prints_within(m: JourneyMap, width: int) -> None:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(MapView(m))
    text = console.export_text()
    assert text.strip()
    widest = max(cell_len(line) for line in text.splitlines())
    assert widest <= width


def _round_trips(m: JourneyMap) -> None:
    assert loads(dumps(m)) == m
    assert dumps(loads(dumps(m))) == dumps(m)
    assert json_io.loads(json_io.dumps(m)) == m


def test_there_are_at_least_five_sample_maps() -> None:
    assert len(SAMPLES) >= 5, [p.name for p in SAMPLES]


def test_all_six_templates_exist() -> None:
    assert set(TEMPLATE_NAMES) >= EXPECTED_TEMPLATES


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_map(path: Path) -> None:
    m = read_map(path)  # validates
    assert m.persona is not None and m.persona.name
    assert len(m.phases) >= 5
    assert all(p.emotion is not None for p in m.phases), "every sample phase is rated"
    _round_trips(m)
    _prints_within(m, 100)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template(name: str) -> None:
    m = _template(name)
    assert m.problems() == []
    _round_trips(m)
    _prints_within(m, 100)
    assert _template(name, title="My own title").title == "My own title"


@pytest.mark.skipif("basic" not in TEMPLATE_NAMES, reason="cxtui.templates is not written yet")
def test_the_basic_template_lanes() -> None:
    m = _template("basic")
    assert [(lane.key, lane.kind) for lane in m.lanes] == [
        ("actions", "text"),
        ("thoughts", "text"),
        ("emotions", "emotion"),
        ("pain_points", "text"),
    ]


@pytest.mark.skipif(not TEMPLATE_NAMES, reason="cxtui.templates is not written yet")
def test_templates_have_descriptions_and_unknown_names_fail() -> None:
    from cxtui.templates import TEMPLATES

    assert all(isinstance(d, str) and d.strip() for d in TEMPLATES.values())
    with pytest.raises((KeyError, ValueError, MapFileError)):
        _template("no-such-template")


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_a_new_map_from_a_template_has_no_empty_persona_table(name: str) -> None:
    m = _template(name)
    assert m.persona is None
    assert "[persona]" not in dumps(m)


@pytest.mark.parametrize("told", [0, 10])
def test_a_file_longer_than_its_size_said_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: int
) -> None:
    # (a file that grew after it was looked at, or one the system tells 0 bytes, as /proc)
    path = tmp_path / "map.toml"
    path.write_bytes(SAMPLES[0].read_bytes())
    real_stat = os.stat

    def stat_telling_less(name: str, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(name, *args, **kwargs)  # type: ignore[arg-type]
        fields = list(info)
        fields[stat.ST_SIZE] = told
        return os.stat_result(fields)

    monkeypatch.setattr(fileformat.os, "stat", stat_telling_less)
    assert fileformat.read_text(path) == path.read_text(encoding="utf-8")
