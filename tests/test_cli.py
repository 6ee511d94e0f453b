"""The installed `cxtui` command, run as a user runs it (a subprocess, output to a pipe)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from import_helpers import imports_of
from rich.cells import cell_len

from cxtui.fileformat import dumps, read_map
from cxtui.interchange import json_io
from cxtui.limits import MAX_TEXT_CHARS
from cxtui.model import JourneyMap, Lane, Phase

CXTUI = str(Path(sys.executable).parent / "cxtui")
RunCli = Callable[..., "subprocess.CompletedProcess[str]"]
WriteFile = Callable[..., Path]

#: Any ANSI / VT escape: CSI, OSC and the rest.
ESCAPE = "\x1b"
SGR = re.compile(r"\x1b\[([0-9;]*)m")
TEMPLATES = {
    "basic",
    "experience-map",
    "touchpoint-map",
    "future-state",
    "day-in-the-life",
    "service-blueprint",
}

BAD = (
    'cxtui = 1\ntitle = "Trip"\n\n[[lanes]]\nkey = "actions"\n\n[[lanes]]\nkey = "emotions"\n'
    'kind = "emotion"\n\n[[phases]]\ntitle = "Book"\nemotion = 3\n'
)  # the emotion is on line 13, its value at column 11
THREE_BAD = (
    'cxtui = 1\ntitle = "Trip"\nkind = "journey"\n\n[[lanes]]\nkey = "actions"\nkind = "txt"\n'
    '\n[[phases]]\ntitle = "Book"\nemotion = "high"\n'
)  # kind 3:8, lane kind 7:8, emotion 11:11


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def long_map() -> JourneyMap:
    lanes = (Lane("actions", "Actions"), Lane("emotions", "Emotions", "emotion"))
    phases = tuple(
        Phase(f"Step {i}", "Stage", (i % 5) - 2, {"actions": ("A rather long note " * 6,)})
        for i in range(12)
    )
    return JourneyMap("Long " * 40, description="word " * 200, lanes=lanes, phases=phases)


# -- usage -----------------------------------------------------------------------------


def test_help(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: cxtui")
    for command in ("validate", "print", "export", "import", "new", "templates"):
        assert command in result.stdout
    assert result.stderr == ""


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"cxtui \d+\.\d+\.\d+\n", result.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["--nope"],
        ["validate", "--bogus", "x.toml"],
        ["validate"],
        ["valdate", "a.toml", "b.toml"],  # a typo of a command (a lone word would be a file)
        ["export", "x.toml", "--to", "docx"],
        ["print", "x.toml", "--width", "10"],
        ["print", "x.toml", "--width", "wide"],
        ["import", "x.json"],  # no -o
    ],
)
def test_usage_errors_exit_2(run_cli: RunCli, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result
    assert "usage: cxtui" in result.stderr
    assert result.stdout == ""
    no_traceback(result)


# -- validate --------------------------------------------------------------------------


def test_validate_counts_in_the_singular(run_cli: RunCli, write_file: WriteFile) -> None:
    one = JourneyMap("One", lanes=(Lane("actions", "Actions"),), phases=(Phase("Only"),))
    write_file(one, "one.toml")
    result = run_cli("validate", "one.toml")
    assert result.stdout == "one.toml: ok (1 phase, 1 lane)\n"
    write_file(json_io.dumps(one), "one.json")
    imported = run_cli("import", "one.json", "-o", "back.toml")
    assert imported.stdout == "wrote back.toml (1 phase, 1 lane)\n"


def test_validate_ok(run_cli: RunCli, map_file: Path, small_map: JourneyMap) -> None:
    result = run_cli("validate", map_file.name)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "map.toml: ok (4 phases, 4 lanes)\n"
    assert result.stderr == ""
    quiet = run_cli("validate", "-q", map_file.name)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_validate_bad_file_is_positioned(run_cli: RunCli, write_file: WriteFile) -> None:
    assert BAD.split("\n")[12] == "emotion = 3"
    write_file(BAD, "bad.toml")
    result = run_cli("validate", "bad.toml")
    assert result.returncode == 1
    assert result.stderr == "cxtui: bad.toml:13:11: emotion 3 is outside the scale -2..2\n"
    assert result.stdout == ""
    no_traceback(result)


def test_validate_lists_every_problem_sorted(run_cli: RunCli, write_file: WriteFile) -> None:
    write_file(THREE_BAD, "three.toml")
    result = run_cli("validate", "three.toml")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "three.toml:3:8",
        "three.toml:7:8",
        "three.toml:11:11",
    ]
    assert all(line.startswith("cxtui: three.toml:") for line in lines)


def test_validate_several_files_reports_all(
    run_cli: RunCli, write_file: WriteFile, map_file: Path
) -> None:
    write_file(BAD, "bad.toml")
    write_file(THREE_BAD, "three.toml")
    result = run_cli("validate", "map.toml", "bad.toml", "missing.toml", "three.toml")
    assert result.returncode == 1
    assert result.stdout == "map.toml: ok (4 phases, 4 lanes)\n"
    files = [re.match(r"cxtui: ([^:]+):(\d+:\d+:)? ", line) for line in result.stderr.splitlines()]
    assert all(files), result.stderr
    assert [m.group(1) for m in files if m] == [
        "bad.toml",
        "missing.toml",
        "three.toml",
        "three.toml",
        "three.toml",
    ]
    assert "cxtui: missing.toml: no such file" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize(
    ("content", "where", "fragment"),
    [
        (b"", "1:1", "empty file"),
        (b"cxtui = 1\ntitle = 'a\xffb'\n", "2:11", "not UTF-8"),
        (b"cxtui = 1\n\x00", "2:1", "binary"),
        (b"cxtui = 1\ntitle = \n", "2:9", "TOML syntax"),
        (b"a = " + b"[" * 5000 + b"]" * 5000, "1:1", "nested too deeply"),
    ],
)
def test_validate_hostile_files_fail_cleanly(
    run_cli: RunCli, write_file: WriteFile, content: bytes, where: str, fragment: str
) -> None:
    write_file(content, "x.toml")
    result = run_cli("validate", "x.toml")
    assert result.returncode == 1
    assert result.stderr.startswith(f"cxtui: x.toml:{where}: ")
    assert fragment in result.stderr
    no_traceback(result)


def test_validate_a_folder_with_no_maps(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "d.toml").mkdir()
    (tmp_path / "d.toml" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    result = run_cli("validate", "d.toml")
    assert result.returncode == 1
    assert result.stderr == "cxtui: d.toml: no map files in this folder\n"


def test_validate_a_folder_checks_every_map_under_it(
    run_cli: RunCli, tmp_path: Path, small_map: JourneyMap
) -> None:
    (tmp_path / "maps" / "team").mkdir(parents=True)
    (tmp_path / "maps" / ".hidden").mkdir()
    good = dumps(small_map)
    (tmp_path / "maps" / "a.toml").write_text(good)
    (tmp_path / "maps" / "team" / "b.toml").write_text(good.replace("title =", "title = 3 #", 1))
    (tmp_path / "maps" / ".hidden" / "c.toml").write_text("cxtui = 1\n")  # skipped
    result = run_cli("validate", "maps")
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["maps/a.toml: ok (4 phases, 4 lanes)"]
    assert result.stderr.startswith("cxtui: maps/team/b.toml:2:")


# -- print -----------------------------------------------------------------------------


def test_print_to_a_pipe_has_no_escapes(run_cli: RunCli, map_file: Path) -> None:
    result = run_cli("print", "map.toml")
    assert result.returncode == 0, result.stderr
    assert ESCAPE not in result.stdout
    assert "Buying running shoes online" in result.stdout
    assert "• Which chart is right?" in result.stdout
    assert widest(result.stdout) <= 100  # COLUMNS=100 from the fixture


def test_print_respects_width(run_cli: RunCli, write_file: WriteFile) -> None:
    write_file(long_map(), "long.toml")
    result = run_cli("print", "long.toml", "--width", "60")
    assert result.returncode == 0, result.stderr
    assert 50 < widest(result.stdout) <= 60
    result = run_cli("print", "long.toml", "-w", "133")
    assert 120 < widest(result.stdout) <= 133


def test_print_respects_columns(run_cli: RunCli, write_file: WriteFile) -> None:
    write_file(long_map(), "long.toml")
    result = run_cli("print", "long.toml", env={"COLUMNS": "70"})
    assert result.returncode == 0, result.stderr
    assert 60 < widest(result.stdout) <= 70


@pytest.mark.parametrize("columns", ["0", "1", "19"])
def test_print_is_never_narrower_than_20_columns(
    run_cli: RunCli, write_file: WriteFile, columns: str
) -> None:
    write_file(long_map(), "long.toml")
    result = run_cli("print", "long.toml", env={"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    assert 15 < widest(result.stdout) <= 20


COLOUR_PARAM = re.compile(r"3[0-7]|4[0-7]|9[0-7]|10[0-7]")


def colour_codes(output: str) -> set[str]:
    """The SGR parameters that set a colour (foreground or background)."""
    out = set()
    for params in SGR.findall(output):
        parts = params.split(";")
        if any(
            p in ("38", "48") or re.fullmatch(r"3[0-7]|4[0-7]|9[0-7]|10[0-7]", p) for p in parts
        ):
            out.add(params)
    return out


def test_no_color(run_cli: RunCli, map_file: Path) -> None:
    forced = run_cli("print", "map.toml", env={"FORCE_COLOR": "1"})
    assert colour_codes(forced.stdout)  # the control: forced colours do show
    result = run_cli("print", "map.toml", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert result.returncode == 0
    assert not colour_codes(result.stdout)
    flag = run_cli("print", "map.toml", "--no-color", env={"FORCE_COLOR": "1"})
    assert flag.returncode == 0
    assert not colour_codes(flag.stdout)
    assert SGR.sub("", flag.stdout) == SGR.sub("", result.stdout)


def test_print_never_passes_escapes_from_the_map(run_cli: RunCli, write_file: WriteFile) -> None:
    write_file(
        'cxtui = 1\ntitle = "T\\u001b]0;pwned\\u0007 [bold red]x[/]"\n'
        '[[lanes]]\nkey = "a"\ntitle = "\\u001b[2JA"\n'
        '[[phases]]\ntitle = "p\\u009b"\na = ["n\\u001b[31m\\u202e"]\n',
        "evil.toml",
    )
    result = run_cli("print", "evil.toml", env={"FORCE_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    rest = SGR.sub("", result.stdout)
    assert ESCAPE not in rest and "\x07" not in rest and "\x9b" not in rest
    assert "T]0;pwned [bold red]x[/]" in rest


def test_print_a_missing_file(run_cli: RunCli) -> None:
    result = run_cli("print", "nope.toml")
    assert result.returncode == 1
    assert result.stderr == "cxtui: nope.toml: no such file\n"  # no line and column to give
    assert result.stdout == ""


def test_a_missing_file_with_a_close_name_beside_it(
    run_cli: RunCli, write_file: WriteFile, small_map: JourneyMap
) -> None:
    write_file(small_map, "marta.toml")
    result = run_cli("print", "mrata.toml")
    assert result.returncode == 1
    assert result.stderr == "cxtui: mrata.toml: no such file (did you mean marta.toml?)\n"


@pytest.mark.parametrize(
    ("word", "said"),
    [
        ("prnt", "unknown command 'prnt' (did you mean print?)"),
        ("exprot", "unknown command 'exprot' (did you mean export?)"),
        ("frobnicate", "unknown command 'frobnicate' (the commands: edit, new, templates"),
    ],
)
def test_a_misspelt_command_is_named(
    run_cli: RunCli, write_file: WriteFile, small_map: JourneyMap, word: str, said: str
) -> None:
    write_file(small_map, "marta.toml")
    result = run_cli(word, "marta.toml")
    assert result.returncode == 2
    assert result.stderr.startswith(f"cxtui: {said}")
    assert "unrecognized arguments" not in result.stderr
    assert result.stdout == ""


def test_print_into_a_closed_pipe_is_quiet(write_file: WriteFile, tmp_path: Path) -> None:
    write_file(replace_phases(long_map(), 40), "long.toml")
    process = subprocess.Popen(
        [CXTUI, "print", "long.toml"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    code = process.wait(timeout=60)
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert code == 0
    assert "Traceback" not in errors and "BrokenPipe" not in errors


def replace_phases(m: JourneyMap, count: int) -> JourneyMap:
    phases = tuple(Phase(f"Step {i}", None, 0, {"actions": ("x " * 50,)}) for i in range(count))
    return replace(m, phases=phases)


# -- new and templates -----------------------------------------------------------------


def test_new_writes_a_valid_map(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("new", "my-trip.toml")
    assert result.returncode == 0, result.stderr
    assert "wrote my-trip.toml" in result.stdout
    m = read_map(tmp_path / "my-trip.toml")
    assert m.title == "My trip"
    assert [(lane.key, lane.kind) for lane in m.lanes] == [
        ("actions", "text"),
        ("thoughts", "text"),
        ("emotions", "emotion"),
        ("pain_points", "text"),
    ]
    assert run_cli("validate", "my-trip.toml").returncode == 0


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_new_from_each_template_with_a_title(
    run_cli: RunCli, tmp_path: Path, template: str
) -> None:
    result = run_cli("new", "x.toml", "--template", template, "--title", "Given [b]title[/b]")
    assert result.returncode == 0, result.stderr
    m = read_map(tmp_path / "x.toml")
    assert m.title == "Given [b]title[/b]"
    assert m.problems() == []


def test_new_refuses_to_overwrite(run_cli: RunCli, map_file: Path) -> None:
    before = map_file.read_bytes()
    result = run_cli("new", "map.toml")
    assert result.returncode == 1
    assert result.stderr.startswith("cxtui: map.toml: already exists")
    assert map_file.read_bytes() == before
    no_traceback(result)


def test_new_to_standard_output_writes_only_the_map(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("new", "-", "--title", "Piped")
    assert result.returncode == 0, result.stderr
    (tmp_path / "piped.toml").write_text(result.stdout, encoding="utf-8")
    assert read_map(tmp_path / "piped.toml").title == "Piped"


def test_new_with_a_title_over_the_limit_writes_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("new", "x.toml", "--title", "t" * (MAX_TEXT_CHARS + 1))
    assert result.returncode == 1
    assert result.stderr == (
        f"cxtui: --title: the map title is at most {MAX_TEXT_CHARS:,} characters "
        f"(this one has {MAX_TEXT_CHARS + 1:,})\n"
    )
    assert not (tmp_path / "x.toml").exists()


def test_new_with_an_unknown_template_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("new", "x.toml", "--template", "nope")
    assert result.returncode == 2
    assert "usage: cxtui new" in result.stderr
    assert "invalid choice: 'nope'" in result.stderr
    assert all(repr(name) in result.stderr for name in TEMPLATES)
    assert not (tmp_path / "x.toml").exists()
    no_traceback(result)


def test_new_overwrites_with_force(run_cli: RunCli, map_file: Path) -> None:
    result = run_cli("new", "map.toml", "--force", "--title", "Fresh")
    assert result.returncode == 0, result.stderr
    assert read_map(map_file).title == "Fresh"
    assert "--force" in run_cli("new", "--help").stdout


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("My Journey.toml", "My Journey"),
        ("my-trip.toml", "My trip"),
        ("buy_a_TV.toml", "Buy a TV"),
        ("sub/iPhone setup.toml", "IPhone setup"),
    ],
)
def test_new_titles_the_map_from_the_file_name_keeping_its_case(
    run_cli: RunCli, tmp_path: Path, name: str, title: str
) -> None:
    (tmp_path / "sub").mkdir()
    result = run_cli("new", name)
    assert result.returncode == 0, result.stderr
    assert read_map(tmp_path / name).title == title


def test_new_says_what_it_wrote_in_the_singular_and_plural(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("new", "day.toml", "--template", "basic")
    assert result.stdout == "wrote day.toml from template 'basic' (5 phases, 4 lanes)\n"


def test_templates_lists_names_with_descriptions(run_cli: RunCli) -> None:
    result = run_cli("templates")
    assert result.returncode == 0, result.stderr
    listed = {}
    for line in result.stdout.splitlines():
        name, _, description = line.partition("  ")
        listed[name.strip()] = description.strip()
    assert set(listed) >= TEMPLATES
    assert all(listed[name] for name in TEMPLATES)


# -- export and import -------------------------------------------------------------------


def test_export_json_shape(run_cli: RunCli, map_file: Path, small_map: JourneyMap) -> None:
    result = run_cli("export", "map.toml", "--to", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"title", "kind", "description", "persona", "emotion_scale", "lanes", "phases"} <= set(
        data
    )
    assert data["title"] == small_map.title and data["kind"] == "current-state"
    assert data["emotion_scale"] == {"min": -2, "max": 2}
    assert data["lanes"] == [
        {"key": lane.key, "title": lane.title, "kind": lane.kind} for lane in small_map.lanes
    ]
    for phase, shown in zip(small_map.phases, data["phases"], strict=True):
        assert set(shown) == {"id", "title", "stage", "emotion", "cells"}
        assert (shown["id"], shown["title"], shown["stage"], shown["emotion"]) == (
            phase.id,
            phase.title,
            phase.stage,
            phase.emotion,
        )
        assert shown["cells"] == {
            key: list(phase.notes(key)) for key in ("actions", "thoughts", "pain_points")
        }
    assert data["phases"][3]["emotion"] is None


def test_export_to_a_file_then_import_round_trips(
    run_cli: RunCli, map_file: Path, small_map: JourneyMap, tmp_path: Path
) -> None:
    assert run_cli("export", "map.toml", "--to", "json", "-o", "x.json").returncode == 0
    result = run_cli("import", "x.json", "-o", "out.toml")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote out.toml (4 phases, 4 lanes)\n"
    assert read_map(tmp_path / "out.toml") == small_map
    assert (tmp_path / "out.toml").read_text(encoding="utf-8") == dumps(small_map)


def test_import_malformed_json(run_cli: RunCli, write_file: WriteFile) -> None:
    write_file('{\n  "title": "x",\n  "lanes": [,]\n}\n', "x.json")
    result = run_cli("import", "x.json", "-o", "out.toml")
    assert result.returncode == 1
    assert result.stderr.startswith("cxtui: x.json:3:13: JSON syntax: ")
    no_traceback(result)


def test_import_json_with_an_emotion_outside_the_scale(
    run_cli: RunCli, write_file: WriteFile, small_map: JourneyMap, tmp_path: Path
) -> None:
    text = json_io.dumps(small_map).replace('"emotion": -1,', '"emotion": 9,')
    write_file(text, "x.json")
    line = next(n for n, s in enumerate(text.split("\n"), 1) if '"emotion": 9' in s)
    col = text.split("\n")[line - 1].index("9") + 1
    result = run_cli("import", "x.json", "-o", "out.toml")
    assert result.returncode == 1
    assert result.stderr == f"cxtui: x.json:{line}:{col}: emotion 9 is outside the scale -2..2\n"
    assert not (tmp_path / "out.toml").exists()


def test_import_refuses_to_overwrite_without_force(
    run_cli: RunCli, write_file: WriteFile, small_map: JourneyMap, tmp_path: Path
) -> None:
    write_file(json_io.dumps(small_map), "x.json")
    out = write_file("precious = true\n", "out.toml")
    result = run_cli("import", "x.json", "-o", "out.toml")
    assert result.returncode == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_text() == "precious = true\n"
    forced = run_cli("import", "x.json", "-o", "out.toml", "--force")
    assert forced.returncode == 0, forced.stderr
    assert read_map(out) == small_map


def test_export_never_writes_over_its_input(run_cli: RunCli, map_file: Path) -> None:
    before = map_file.read_bytes()
    (map_file.parent / "link.toml").symlink_to(map_file)
    for out in ("map.toml", "./map.toml", str(map_file), "link.toml"):
        for force in ([], ["--force"]):
            result = run_cli("export", "map.toml", "--to", "md", "-o", out, *force)
            assert result.returncode == 1, (out, force)
            assert result.stderr == f"cxtui: {out}: is the input file; refusing to overwrite it\n"
            assert result.stdout == ""
            assert map_file.read_bytes() == before


def test_export_refuses_to_overwrite_without_force(run_cli: RunCli, map_file: Path) -> None:
    out = map_file.parent / "map.md"
    out.write_text("precious\n")
    result = run_cli("export", "map.toml", "--to", "md", "-o", "map.md")
    assert result.returncode == 1
    assert result.stderr == "cxtui: map.md: already exists (use --force to overwrite it)\n"
    assert out.read_text() == "precious\n"
    forced = run_cli("export", "map.toml", "--to", "md", "-o", "map.md", "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_text(encoding="utf-8") == run_cli("export", "map.toml", "--to", "md").stdout
    assert [p.name for p in map_file.parent.iterdir() if p.name.startswith(".")] == []
    assert "--force" in run_cli("export", "--help").stdout


def test_export_to_a_folder_is_refused(run_cli: RunCli, map_file: Path) -> None:
    (map_file.parent / "out").mkdir()
    result = run_cli("export", "map.toml", "--to", "md", "-o", "out", "--force")
    assert result.returncode == 1
    assert result.stderr.startswith("cxtui: out: is a folder")


def test_import_never_writes_over_its_source(
    run_cli: RunCli, write_file: WriteFile, small_map: JourneyMap
) -> None:
    source = write_file(json_io.dumps(small_map), "x.json")
    before = source.read_bytes()
    result = run_cli("import", "x.json", "-o", "x.json", "--force")
    assert result.returncode == 1
    assert result.stderr == "cxtui: x.json: is the input file; refusing to overwrite it\n"
    assert source.read_bytes() == before


def test_import_of_an_unknown_suffix_asks_for_from(run_cli: RunCli, write_file: WriteFile) -> None:
    write_file("{}", "x.data")
    result = run_cli("import", "x.data", "-o", "out.toml")
    assert result.returncode == 1
    assert "--from" in result.stderr


# -- no Textual for the plain commands ----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "map.toml"],
        ["print", "map.toml"],
        ["export", "map.toml", "--to", "json"],
        ["export", "map.toml", "--to", "md"],
        ["insights", "map.toml"],
        ["insights", "map.toml", "--format", "md"],
        ["insights", "map.toml", "--against", "map.toml", "--format", "json"],
        ["validate", "missing.toml"],
    ],
)
def test_plain_commands_do_not_import_textual(
    map_file: Path, tmp_path: Path, args: list[str]
) -> None:
    code, modules = imports_of(args, tmp_path)
    assert code == (1 if "missing.toml" in args else 0)
    assert [m for m in modules if m.split(".")[0] == "textual"] == []


@pytest.mark.parametrize("to", ["svg", "html", "md", "csv", "json", "mermaid"])
def test_an_export_to_a_file_imports_no_tempfile_shutil_or_html(
    map_file: Path, tmp_path: Path, to: str
) -> None:
    # Each costs every run a few milliseconds (random, bz2, lzma, an entity table).
    code, modules = imports_of(["export", str(map_file), "--to", to, "-o", f"out.{to}"], tmp_path)
    assert code == 0
    assert (tmp_path / f"out.{to}").stat().st_size > 0
    assert {"tempfile", "random", "shutil", "html"} & set(modules) == set()


@pytest.mark.parametrize("args", [["map.toml"], ["edit", "map.toml"]])
def test_the_editor_is_started_without_argparse(
    map_file: Path, tmp_path: Path, args: list[str]
) -> None:
    # `cxtui FILE` is read without building the parser (argparse is ~3 ms of the start).
    # Here, with no terminal, the editor stops after reading the map.
    code, modules = imports_of(args, tmp_path)
    assert code == 1 and "cxtui.tui.launch" in modules
    assert "argparse" not in modules
    code, modules = imports_of(["validate", "map.toml"], tmp_path)  # (the control)
    assert code == 0 and "argparse" in modules


def test_the_import_check_would_see_textual(tmp_path: Path) -> None:
    # the control for the test above: the editor's modules do bring Textual in
    script = "import sys, cxtui.tui.app; print(any(m == 'textual' for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.stdout.strip() == "True", result.stderr


def test_problem_messages_never_echo_control_characters(
    run_cli: RunCli, write_file: WriteFile
) -> None:
    write_file(
        'cxtui = 1\ntitle = "t"\n"k\\u001b]0;x\\u0007" = 1\nkind = "\\u001b[2J"\n'
        '[tags]\n"t\\u001b" = "\\u202ered"\n[[lanes]]\nkey = "\\u001bA"\n'
        '[[phases]]\ntitle = "p\\u001b[31m"\n"n\\u009b" = ["x"]\n',
        "evil.toml",
    )
    result = run_cli("validate", "evil.toml")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 5
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in result.stderr
    assert "\\x1b" in result.stderr  # shown escaped instead
