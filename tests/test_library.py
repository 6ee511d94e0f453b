"""The library layer: which files are maps, entries for broken maps, and search positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_helpers import library_folder
from tui_helpers import sample_map, write_map

from cxtui.library import (
    map_files,
    pain_points,
    read_entry,
    read_library,
    read_library_apart,
    search,
    search_entry,
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return library_folder(tmp_path, recovery=True)


def test_only_map_files_are_listed_hidden_recovery_and_other_files_skipped(folder: Path) -> None:
    names = [path.relative_to(folder).as_posix() for path in map_files(folder)]
    assert names == ["broken.toml", "coffee.toml", "team/onboarding.toml"]


def test_a_broken_map_is_an_entry_with_all_its_problems(folder: Path) -> None:
    entries = {entry.name: entry for entry in read_library(folder)}
    broken = entries["broken.toml"]
    assert broken.journey is None
    assert len(broken.problems) == 2
    assert broken.first_problem.startswith(f"{folder / 'broken.toml'}:3:")
    assert "sideways" in broken.first_problem
    assert entries["coffee.toml"].journey is not None
    assert entries["coffee.toml"].first_problem == ""


def test_an_unreadable_file_is_an_entry_with_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b'cxtui = 1\ntitle = "\xff"\n')
    entry = read_entry(path, tmp_path)
    assert entry.journey is None and entry.problems


def test_pain_points_count_pain_lanes_and_pain_tags() -> None:
    # sample_map: one "#pain" note in the thoughts lane, no pain lane.
    assert pain_points(sample_map()) == 1


def _line_col(path: Path, line: int, col: int, length: int) -> str:
    return path.read_text(encoding="utf-8").split("\n")[line - 1][col - 1 : col - 1 + length]


def test_search_positions_point_at_the_match_itself(folder: Path) -> None:
    entries = list(read_library(folder))
    for query in ("queue", "COLD", "ada", "Discover", "good", "step 2", "Fast"):
        matches = search(entries, query)
        assert matches, query
        for match in matches:
            found = _line_col(match.entry.path, match.line, match.col, len(query))
            assert found.casefold() == query.casefold(), (query, str(match))
            assert match.text[match.start : match.end].casefold() == query.casefold()


def test_search_is_case_insensitive_and_says_where(folder: Path) -> None:
    entry = read_entry(folder / "coffee.toml", folder)
    [match] = search_entry(entry, "TOO COLD")
    assert (match.phase, match.lane, match.where) == (3, "thoughts", "Drink / Thoughts")
    assert str(match).startswith(f"{entry.path}:{match.line}:{match.col}: Drink / Thoughts: ")
    assert search_entry(entry, "") == [] and search_entry(entry, "nowhere") == []


def test_every_list_item_is_found_on_its_own_line(tmp_path: Path) -> None:
    path = write_map(tmp_path / "m.toml", sample_map())
    entry = read_entry(path, tmp_path)
    first, second = (m for m in search_entry(entry, "a") if (m.phase, m.lane) == (0, "actions"))
    assert (first.text, second.text) == ("Sees an ad", "Asks a friend")
    assert first.line != second.line
    assert _line_col(path, second.line, second.col, 1).casefold() == "a"


def test_a_broken_map_is_not_searched(folder: Path) -> None:
    entry = read_entry(folder / "broken.toml", folder)
    assert search_entry(entry, "Broken") == []


def test_read_library_apart_gives_what_read_library_gives(tmp_path: Path) -> None:
    """The maps read by a process of their own are the maps read here (a broken one with
    its problems), their search fields made."""
    folder = library_folder(tmp_path)
    here = list(read_library(folder))
    apart = list(read_library_apart(folder))
    assert [e.path for e in apart] == [e.path for e in here]
    assert [e.journey for e in apart] == [e.journey for e in here]
    assert [e.problems for e in apart] == [e.problems for e in here]
    assert any(e.journey is None for e in apart)
    assert all("search_fields" in vars(e) for e in apart)
