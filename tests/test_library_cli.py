"""`cxtui ls`, `cxtui search` and `cxtui validate DIR`: the installed command on a folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import RunCli
from library_helpers import library_folder, team_folder

from cxtui.fileformat import read_map


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return library_folder(tmp_path, recovery=True)


def test_ls_lists_one_plain_line_per_map(run_cli: RunCli, folder: Path) -> None:
    result = run_cli("ls", folder)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [
        "broken.toml",
        "coffee.toml",
        "team/onboarding.toml",
    ]
    assert "\x1b" not in result.stdout  # plain text to a pipe
    assert "does not load:" in lines[0] and ":3:" in lines[0]
    assert "Coffee order · Current state · Ada · 4 phases, 1 pain point" in lines[1]
    assert "Onboarding" in lines[2] and "3 phases, 0 pain points" in lines[2]


def test_ls_json_has_every_field(run_cli: RunCli, folder: Path) -> None:
    result = run_cli("ls", folder, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    maps = {row["file"]: row for row in data["maps"]}
    assert list(maps) == ["broken.toml", "coffee.toml", "team/onboarding.toml"]
    assert len(maps["broken.toml"]["problems"]) == 2
    coffee = maps["coffee.toml"]
    assert coffee["title"] == "Coffee order" and coffee["persona"] == "Ada"
    assert coffee["emotions"] == [None, 0, 2, -2] and len(coffee["curve"]) == 4
    assert (coffee["phases"], coffee["pain_points"]) == (4, 1)


def test_ls_of_no_folder_is_an_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("ls", tmp_path / "nowhere")
    assert result.returncode == 1 and result.stderr.startswith("cxtui: ")


def test_search_prints_file_line_col_that_point_at_the_match(run_cli: RunCli, folder: Path) -> None:
    result = run_cli("search", folder, "QUEUE")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # "Queues" as a note (Wait) and in the persona's frustrations
    for line in lines:
        found = re.match(r"^(.+?):(\d+):(\d+): (.+?): (.+)$", line)
        assert found, line
        file, number, col = Path(found[1]), int(found[2]), int(found[3])
        text_line = file.read_text(encoding="utf-8").split("\n")[number - 1]
        assert text_line[col - 1 : col - 1 + 5].casefold() == "queue"
    assert any(": Wait / Actions: Queues" in line for line in lines)


def test_search_exits_1_when_nothing_matches_and_2_on_trouble(
    run_cli: RunCli, folder: Path
) -> None:
    nothing = run_cli("search", folder, "zebra crossing")
    assert (nothing.returncode, nothing.stdout) == (1, "")
    trouble = run_cli("search", folder / "nowhere", "x")
    assert trouble.returncode == 2 and trouble.stderr.startswith("cxtui: ")
    usage = run_cli("search", folder)
    assert usage.returncode == 2


def test_validate_a_folder_checks_every_map(run_cli: RunCli, folder: Path) -> None:
    result = run_cli("validate", folder)
    assert result.returncode == 1
    assert result.stdout.count(": ok (") == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert all(line.startswith(f"cxtui: {folder / 'broken.toml'}:") for line in errors)
    (folder / "broken.toml").unlink()
    assert run_cli("validate", folder).returncode == 0


def test_validate_an_empty_folder_says_so(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("validate", tmp_path)
    assert result.returncode == 1 and "no map files" in result.stderr


def test_a_team_folder_through_every_command(run_cli: RunCli, tmp_path: Path) -> None:
    folder = team_folder(tmp_path)
    listed = run_cli("ls", folder)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 7
    basic = next(i for i, line in enumerate(lines) if line.startswith("basic.toml"))
    assert lines[basic + 1].startswith("  ↳ detail/experience-map.toml")
    validated = run_cli("validate", folder)
    assert validated.returncode == 1 and validated.stdout.count(": ok (") == 6
    assert all("broken.toml" in line for line in validated.stderr.splitlines())
    persona = read_map(folder / "basic.toml").persona
    assert persona is not None
    printed = run_cli("print", folder / "basic.toml", "--width", "160")
    assert persona.name in printed.stdout
    assert " ↗ " in printed.stdout and "detail/experience-map.to" in printed.stdout
    found = run_cli("search", folder, persona.name)
    assert found.returncode == 0 and "basic.toml:" in found.stdout
    (folder / "broken.toml").unlink()
    site = tmp_path / "site"
    exported = run_cli("export", folder, "--to", "html", "-o", site)
    assert exported.returncode == 0, exported.stderr
    assert 'href="detail/experience-map.html"' in (site / "basic.html").read_text("utf-8")
    assert len(list(site.rglob("*.html"))) == 7  # six maps and the index
