"""`cxtui export`, `cxtui import` and `cxtui diff` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cxtui.fileformat import read_map

CXTUI = str(Path(sys.executable).parent / "cxtui")
GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURE = GOLDEN / "fixture.toml"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CXTUI, *map(str, args)], capture_output=True, text=True, timeout=60, cwd=cwd
    )


@pytest.mark.parametrize("fmt", ["md", "csv", "html", "svg", "mermaid", "json"])
def test_export_to_stdout_and_to_a_file(fmt: str, tmp_path: Path) -> None:
    shown = run("export", FIXTURE, "--to", fmt)
    assert shown.returncode == 0, shown.stderr
    assert shown.stderr == ""
    out = tmp_path / f"map.{fmt}"
    written = run("export", FIXTURE, "--to", fmt, "-o", out)
    assert written.returncode == 0, written.stderr
    with open(out, encoding="utf-8", newline="") as stream:
        assert stream.read() == shown.stdout


@pytest.mark.parametrize(("fmt", "suffix"), [("csv", ".csv"), ("mermaid", ".mmd"),
                                             ("md", ".md"), ("json", ".json")])  # fmt: skip
def test_import_what_export_wrote(fmt: str, suffix: str, tmp_path: Path) -> None:
    source = tmp_path / f"map{suffix}"
    assert run("export", FIXTURE, "--to", fmt, "-o", source).returncode == 0
    target = tmp_path / "back.toml"
    result = run("import", source, "-o", target)
    assert result.returncode == 0, result.stderr
    assert f"wrote {target}" in result.stdout
    back, original = read_map(target), read_map(FIXTURE)
    assert [p.title for p in back.phases] == [p.title for p in original.phases]
    if fmt in ("csv", "json"):
        assert back == original


def test_import_the_mermaid_documentation_example(tmp_path: Path) -> None:
    source = tmp_path / "day.mmd"
    source.write_text(
        "journey\n    title My working day\n    section Go to work\n      Make tea: 5: Me\n"
        "      Go upstairs: 3: Me\n      Do work: 1: Me, Cat\n    section Go home\n"
        "      Go downstairs: 5: Me\n      Sit down: 5: Me\n"
    )
    target = tmp_path / "day.toml"
    assert run("import", source, "-o", target).returncode == 0
    m = read_map(target)
    assert [p.emotion for p in m.phases] == [2, 0, -2, 2, 2]
    assert run("validate", target).returncode == 0


BAD_SOURCES = [
    ("bad.mmd", "journey\n    title T\n    section S\n      Make tea\n", "4:15", "no score"),
    ("bad.mmd", "journey\n  Tea: nine: Me\n", "2:8", "must be a number"),
    ("bad.mmd", "Hello\njourney\n", "1:1", "before `journey`"),
    ("bad.mmd", "%% nothing\n", "1:1", "no `journey` header"),
    ("bad.mmd", "journey\n", "1:1", "no tasks"),
    ("bad.md", "# Page\n\n```mermaid\njourney\n  Tea: -: Me\n```\n", "5:8", "must be a number"),
    ("bad.md", "# Page\n", "1:1", "no phase: an outline gives each phase a `## ` heading"),
    ("bad.csv", "#title,T\nLane,Key,Kind,A\nMood,mood,emotion,x\n", "3:19", "integer"),
    ("bad.csv", '#title,T\nLane,Key,Kind,A\nDo,do,text,"open\n', "3:12", "never closed"),
    ("bad.csv", "Nope\n", "1:1", "header row"),
    ("bad.json", '{"title": "T", "lanes": 3}', "1:25", "lanes"),
]


@pytest.mark.parametrize(("name", "text", "where", "words"), BAD_SOURCES)
def test_bad_sources_fail_with_a_position_and_write_nothing(
    name: str, text: str, where: str, words: str, tmp_path: Path
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "out.toml"
    result = run("import", name, "-o", "out.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert all(line.startswith(f"cxtui: {name}:") for line in lines), result.stderr
    assert any(line.startswith(f"cxtui: {name}:{where}: ") for line in lines), result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_import_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    source = tmp_path / "m.csv"
    assert run("export", FIXTURE, "--to", "csv", "-o", source).returncode == 0
    target = tmp_path / "m.toml"
    target.write_text("keep me")
    result = run("import", source, "-o", target)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert target.read_text() == "keep me"
    assert run("import", source, "-o", target, "--force").returncode == 0


def test_import_of_an_unknown_suffix_asks_for_the_format(tmp_path: Path) -> None:
    source = tmp_path / "m.txt"
    source.write_text("journey\n  A: 3\n")
    result = run("import", source, "-o", tmp_path / "m.toml")
    assert result.returncode == 1
    assert "--from" in result.stderr
    assert run("import", source, "--from", "mermaid", "-o", tmp_path / "m.toml").returncode == 0


def test_diff_of_identical_maps_is_silent(tmp_path: Path) -> None:
    result = run("diff", FIXTURE, FIXTURE)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_diff_of_changed_maps(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    changed = text.replace("emotion = -1\n", "emotion = 1\n").replace(
        '"Searches for her shoe model",', '"Searches for her shoe model",\n    "Asks a friend",'
    )
    other = tmp_path / "future.toml"
    other.write_text(changed.replace('kind = "current-state"', 'kind = "future-state"'))
    result = run("diff", FIXTURE, other)
    assert result.returncode == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert "  kind: current-state → future-state" in lines
    assert "  Compare: sizes: -1 → +1 (+2)" in lines
    assert "    + Asks a friend" in lines
    markdown = run("diff", FIXTURE, other, "--to", "md")
    assert markdown.returncode == 1
    assert "### Phase 1: Discover" in markdown.stdout
    assert "```diff\n  Actions\n+ Asks a friend\n```" in markdown.stdout


def test_diff_of_a_bad_map_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("cxtui = 1\ntitle = 3\n")
    result = run("diff", FIXTURE, bad)
    assert result.returncode == 2  # as GNU diff: 1 means "they differ"
    assert result.stdout == ""
    assert f"cxtui: {bad}:2:9: title must be a string" in result.stderr


def test_a_message_quoting_the_file_cannot_drive_the_terminal(tmp_path: Path) -> None:
    """A CSV's unknown row names are quoted in the messages: ESC, BEL and line separators
    in them are shown as escapes, one message a line."""
    source = tmp_path / "evil.csv"
    source.write_text(
        "#ti\x1b]0;PWNED\x07tle,x\n#a\x1b[2Jb,1\n#t\u2028ags,2\nLane,Key,Kind,P1\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.toml"
    result = run("import", source, "-o", out)
    assert result.returncode == 1
    assert not out.exists()
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\u2028" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(line.startswith(f"cxtui: {source}:") for line in lines), lines
    assert f"cxtui: {source}:1:1: unknown metadata row #ti\\x1b]0;PWNED\\x07tle" in lines
    assert f"cxtui: {source}:3:1: unknown metadata row #t\\u2028ags" in " ".join(lines)


def test_import_says_on_one_line_how_it_read_scores_beyond_one_to_five(tmp_path: Path) -> None:
    source = tmp_path / "course.mmd"
    source.write_text("journey\n  section Week 1\n    Lecture: 9: Me\n    Lab: 1: Me\n")
    result = run("import", source, "-o", tmp_path / "course.toml")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"cxtui: {source}: scores run from 1 to 9")
    assert [p.emotion for p in read_map(tmp_path / "course.toml").phases] == [2, -2]


def test_import_of_scores_within_one_to_five_says_nothing(tmp_path: Path) -> None:
    source = tmp_path / "day.mmd"
    source.write_text("journey\n  section Day\n    Work: 2: Me\n")
    result = run("import", source, "-o", tmp_path / "day.toml")
    assert (result.returncode, result.stderr) == (0, "")
