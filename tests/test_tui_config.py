"""The config file in the editor: remapped keys run their actions and show in help, key
bar and palette; the theme is applied and saved; problems are one toast; undo and redo
are dimmed when there is nothing to undo or redo."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from textual.binding import Binding
from textual.theme import BUILTIN_THEMES
from textual.widgets import Label, Static
from tui_helpers import (
    notifications,
    sample_map,
    wait_for_screen,
    wait_until,
    write_map,
)

from cxtui.config import Settings, read_settings
from cxtui.document import Document
from cxtui.fileformat import read_map
from cxtui.templates import TEMPLATES
from cxtui.tui.app import CxtuiApp
from cxtui.tui.compat import screen_lines
from cxtui.tui.keys import KEYS, PALETTE, default_keymap, keys_in_force
from cxtui.tui.screens.help import HelpScreen
from cxtui.tui.widgets.key_bar import KeyBar

SIZE = (120, 36)


def settings_from(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return read_settings(
        path,
        actions=default_keymap(),
        templates=TEMPLATES,
        themes=tuple(BUILTIN_THEMES),
        palette=PALETTE,
    )


def app_with(settings: Settings, path: Path | None = None) -> CxtuiApp:
    return CxtuiApp(Document(sample_map(), path), guard=False, settings=settings)


def bar_line(app: CxtuiApp) -> str:
    return screen_lines(app.screen)[-1].text


def bound_keys(app: CxtuiApp) -> dict[str, tuple[str, ...]]:
    """Every action id and the keys that run it on the map screen, as Textual has them."""
    found: dict[str, list[str]] = {spec.id: [] for spec in KEYS}
    by_action = {spec.action: spec.id for spec in KEYS}  # the App's own ctrl+q has no id
    for key, active in app.map_screen.active_bindings.items():
        binding: Binding = active.binding
        id = binding.id or by_action.get(binding.action)
        if id is not None and key not in found[id]:
            found[id].append(key)
    return {id: tuple(keys) for id, keys in found.items()}


@pytest.mark.parametrize(
    "keys",
    [
        "",
        '[keys]\nundo = "z"\n',
        '[keys]\nsave = "s,f2"\nquit = "x"\nhelp = "f1,h"\n',
        '[keys]\ncommand_palette = "ctrl+g"\nsave = "ctrl+p"\nmove_left = "left"\n',
    ],
)
async def test_the_keys_in_force_are_the_keys_textual_binds(tmp_path: Path, keys: str) -> None:
    settings = settings_from(tmp_path, keys)
    assert settings.problems == ()
    app = app_with(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bound = bound_keys(app)
        in_force = keys_in_force(settings.keys)
        for spec in KEYS:
            if spec.id != PALETTE:
                assert sorted(bound[spec.id]) == sorted(in_force[spec.id]), spec.id
        palette = [
            key
            for key, active in app.screen.active_bindings.items()
            if active.binding.action == "command_palette"
        ]
        assert palette == list(in_force[PALETTE])


async def test_a_remapped_key_runs_its_action_and_the_key_it_took_moves(tmp_path: Path) -> None:
    map_path = write_map(tmp_path / "coffee.toml", sample_map())
    settings = settings_from(tmp_path, '[keys]\nundo = "z"\nsave = "s"\n')
    app = app_with(settings, map_path)
    async with app.run_test(size=SIZE) as pilot:
        before = app.document.map
        await pilot.press("plus")
        assert app.document.map != before
        await pilot.press("u")  # no longer undo
        assert app.document.map != before
        await pilot.press("z")
        assert app.document.map == before
        await pilot.press("plus", "s")  # s saves now (it set the stage before)
        await wait_until(pilot, lambda: not app.document.modified)
        assert app.screen is app.map_screen  # no stage prompt
        assert read_map(map_path) == app.document.map != before


async def test_help_key_bar_and_palette_show_the_keys_in_force(tmp_path: Path) -> None:
    settings = settings_from(
        tmp_path, 'user = "Ann Okafor"\n[keys]\nundo = "z"\ncommand_palette = "ctrl+g"\n'
    )
    app = app_with(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")  # something to undo: the key is not dimmed
        await pilot.pause()
        line = bar_line(app)
        assert " z undo " in line and " u undo " not in line
        assert line.endswith("▏^g palette ")
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Undo the last change"] == "keys: z"
        assert commands["Set the focused phase's stage"] == "keys: s"
        await pilot.press("question_mark")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        who = help_screen.query_one("#help-who", Label)
        assert str(who.content) == f"you are Ann Okafor · config: {settings.path}"
        (table,) = [w.content for w in help_screen.query(Static) if isinstance(w.content, Table)]
        out = io.StringIO()
        Console(file=out, width=200, color_system=None).print(table)
        rows = [re.split(r"\s{2,}", line.strip()) for line in out.getvalue().splitlines()]
        assert ["z", "Undo the last change"] in rows
        assert ["ctrl+g", "Open the command palette"] in rows


async def test_the_theme_of_the_config_file_is_applied_and_a_new_one_saved(
    tmp_path: Path,
) -> None:
    settings = settings_from(tmp_path, '# mine\ntheme = "nord"  # blue\nuser = "Ann"\n')
    app = app_with(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert settings.path.read_text() == '# mine\ntheme = "nord"  # blue\nuser = "Ann"\n'
        app.theme = "dracula"  # as the palette's theme picker does
        await wait_until(pilot, lambda: "dracula" in settings.path.read_text())
        assert settings.path.read_text() == '# mine\ntheme = "dracula"  # blue\nuser = "Ann"\n'
        assert app.settings.theme == "dracula"


async def test_without_settings_nothing_is_saved(tmp_path: Path, own_config_folder: Path) -> None:
    app = CxtuiApp(Document(sample_map()), guard=False)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "dracula"
        await pilot.pause()
        await pilot.pause()
    assert list(own_config_folder.iterdir()) == []


async def test_a_theme_that_cannot_be_saved_says_why(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, 'theme = "nord"\n')
    settings.path.write_text("theme = \n")  # broken after it was read
    app = app_with(settings)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "dracula"
        await wait_until(pilot, lambda: any("not saved" in m for m in notifications(app)))
        assert settings.path.read_text() == "theme = \n"


async def test_problems_in_the_config_file_are_one_toast_and_the_defaults_work(
    tmp_path: Path,
) -> None:
    settings = settings_from(tmp_path, 'theme = "nrod"\n[keys]\nundo = "ctrl+a"\n')
    app = app_with(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        path = settings.path
        assert notifications(app) == [
            f"{path}:1:9: unknown theme 'nrod', so the default theme is used; did you mean "
            "'nord'?\n"
            f"{path}:3:8: undo: ctrl+a is the prefix key of screen (and of many tmux setups); "
            "undo keeps its default keys (u, ctrl+z)"
        ]
        before = app.document.map
        await pilot.press("plus", "u")
        assert app.document.map == before
        assert app.theme == "textual-dark"


async def test_undo_and_redo_are_dimmed_when_there_is_nothing_to_undo_or_redo() -> None:
    app = app_with(Settings(Path("unused.toml")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def enabled(action: str) -> bool:
            bar = app.screen.query_one(KeyBar)
            entries, _ = bar.entries()
            (entry,) = [e for e in entries if e.action == action]
            return all(key.enabled for key in entry.keys)

        def undo_is_dim() -> bool:
            line = app.screen.query_one(KeyBar).render()
            start = line.plain.index(" u ")
            return any(
                span.start <= start + 1 < span.end and "dim" in str(span.style)
                for span in line.spans
            )

        assert not enabled("undo") and undo_is_dim()
        await pilot.press("u")
        assert "nothing to undo" in notifications(app)  # the key still says why
        await pilot.press("plus")
        await wait_until(pilot, lambda: enabled("undo"))
        assert not undo_is_dim()
        assert not app.map_screen.check_action("redo", ())
        await pilot.press("u")
        await wait_until(pilot, lambda: not enabled("undo"))
        assert app.map_screen.check_action("redo", ())
        await pilot.press("U")
        assert app.map_screen.check_action("redo", ()) is None
        assert app.map_screen.check_action("undo", ()) is True
