"""Shared personas: `persona = "FILE"` read through the file format (problems at the
reference), shown inline everywhere, never inlined on save, edited in its own file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import RunCli
from textual.widgets import Input
from tui_helpers import sample_map, screen_text, wait_for_screen, wait_until, write_map

from cxtui.document import Document
from cxtui.fileformat import MapFileError, dumps, read_map, read_persona, save_map
from cxtui.library import maps_using_persona
from cxtui.model import JourneyMap
from cxtui.tui.app import CxtuiApp
from cxtui.tui.dialogs.forms import PersonaForm
from cxtui.tui.screens.library_screen import LibraryScreen
from cxtui.tui.screens.map_screen import MapScreen

ANN = 'cxtui-persona = 1\nname = "Ann Okafor"\nrole = "Weekend runner"\ngoals = ["Fast"]\n'


def shared(title: str, reference: str = "personas/ann.toml") -> JourneyMap:
    return replace(sample_map(title), persona=None, persona_file=reference)


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """current.toml and future/shop.toml share personas/ann.toml; own.toml has its own."""
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "ann.toml").write_text(ANN, encoding="utf-8")
    (tmp_path / "future").mkdir()
    write_map(tmp_path / "current.toml", shared("Current"))
    write_map(tmp_path / "future" / "shop.toml", shared("Shop", "../personas/ann.toml"))
    write_map(tmp_path / "own.toml", sample_map("Own"))
    return tmp_path


def test_a_shared_persona_reads_as_if_inline_and_saves_as_a_reference(team: Path) -> None:
    m = read_map(team / "current.toml")
    assert m.persona is not None and m.persona.name == "Ann Okafor"
    assert m.persona_file == "personas/ann.toml"
    assert read_map(team / "future" / "shop.toml").persona == m.persona
    save_map(replace(m, title="Current, again"), team / "current.toml")
    text = (team / "current.toml").read_text(encoding="utf-8")
    assert 'persona = "personas/ann.toml"' in text
    assert "[persona]" not in text and "Ann Okafor" not in text
    assert read_map(team / "current.toml").persona == m.persona


def reference_position(path: Path) -> tuple[int, int]:
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("persona = "))
    return line, lines[line - 1].index('"') + 1


def test_a_missing_persona_file_is_reported_at_the_reference(team: Path) -> None:
    (team / "personas" / "ann.toml").unlink()
    with pytest.raises(MapFileError) as caught:
        read_map(team / "current.toml")
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == reference_position(team / "current.toml")
    assert "personas/ann.toml: no such file" in problem.message


def test_a_broken_persona_file_is_reported_at_the_reference_with_its_own_place(
    team: Path,
) -> None:
    (team / "personas" / "ann.toml").write_text('name = "Ann"\ngoals = "Fast"\n', "utf-8")
    with pytest.raises(MapFileError) as caught:
        read_map(team / "current.toml")
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == reference_position(team / "current.toml")
    assert "personas/ann.toml:2:9: goals must be a list of strings" in problem.message


@pytest.mark.parametrize("reference", ["a\\u0000b.toml", "ann\\u001b[2J.toml", "/etc/passwd"])
def test_a_reference_that_names_no_relative_file_is_a_problem_at_it(
    run_cli: RunCli, team: Path, reference: str
) -> None:
    path = team / "odd.toml"
    text = (team / "current.toml").read_text("utf-8")
    path.write_text(text.replace('"personas/ann.toml"', f'"{reference}"'), "utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line, col = reference_position(path)
    assert result.stderr == (
        f"cxtui: {path}:{line}:{col}: persona must name a file relative to the map's file\n"
    )


def test_a_file_name_with_a_nul_is_no_file() -> None:
    with pytest.raises(MapFileError, match="no such file"):
        read_persona("a\x00b.toml")


def test_validate_print_and_exports_show_the_shared_persona(run_cli: RunCli, team: Path) -> None:
    assert run_cli("validate", team).returncode == 0
    printed = run_cli("print", team / "current.toml")
    assert printed.returncode == 0 and "Ann Okafor" in printed.stdout
    markdown = run_cli("export", team / "current.toml", "--to", "md")
    assert "Ann Okafor" in markdown.stdout and "Weekend runner" in markdown.stdout
    (team / "personas" / "ann.toml").unlink()
    result = run_cli("validate", team)
    line, col = reference_position(team / "current.toml")
    assert result.returncode == 1
    assert f"cxtui: {team / 'current.toml'}:{line}:{col}: the persona file" in result.stderr


def test_saving_as_in_another_folder_keeps_pointing_at_the_same_persona(team: Path) -> None:
    document = Document(read_map(team / "current.toml"), team / "current.toml")
    (team / "archive" / "2026").mkdir(parents=True)
    document.save(team / "archive" / "2026" / "current.toml")
    copy = read_map(team / "archive" / "2026" / "current.toml")
    assert copy.persona_file == "../../personas/ann.toml"
    assert copy.persona == read_map(team / "current.toml").persona


def test_the_maps_using_a_persona_are_found(team: Path) -> None:
    users = maps_using_persona(team, team / "personas" / "ann.toml")
    assert sorted(p.relative_to(team).as_posix() for p in users) == [
        "current.toml",
        "future/shop.toml",
    ]


async def test_editing_a_shared_persona_says_who_uses_it_and_saves_its_file(team: Path) -> None:
    path = team / "current.toml"
    map_text = path.read_bytes()
    app = CxtuiApp(Document(read_map(path), path), guard=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("p")
        form = await wait_for_screen(pilot, PersonaForm)
        assert "Shared persona personas/ann.toml, also used by 1 other map" in screen_text(app)
        form.query_one("#role", Input).value = "Marathon runner"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, MapScreen))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MapScreen)
        assert screen.map.persona is not None and screen.map.persona.role == "Marathon runner"
        assert not screen.document.modified  # the map's file is unchanged
        assert "Marathon runner" in screen_text(app)
    assert path.read_bytes() == map_text
    persona = read_persona(team / "personas" / "ann.toml")
    assert persona is not None and persona.role == "Marathon runner"
    assert read_map(team / "future" / "shop.toml").persona == persona


async def test_the_library_filters_and_groups_by_persona(team: Path) -> None:
    app = CxtuiApp(folder=team, guard=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_for_screen(pilot, LibraryScreen)
        assert isinstance(screen, LibraryScreen)
        await wait_until(pilot, lambda: not screen.reading)
        await pilot.press(*"ann.toml")
        await pilot.pause()
        assert sorted(screen.entries[p].name for p in screen._shown) == [
            "current.toml",
            "future/shop.toml",
        ]
        await pilot.press("escape", "ctrl+o")  # by persona: Ada's, then Ann's two
        await pilot.pause()
        names = [screen.entries[p].name for p in screen._shown]
        assert names == ["own.toml", "current.toml", "future/shop.toml"]


def test_a_map_with_a_shared_persona_from_text_alone_keeps_the_reference() -> None:
    text = dumps(shared("Alone"))
    from cxtui.fileformat import loads

    m = loads(text)  # no file: nothing to resolve against
    assert m.persona is None and m.persona_file == "personas/ann.toml"
    assert dumps(m) == text
