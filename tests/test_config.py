"""The config file (cxtui/config.py): where it is, what it holds, every problem positioned,
the theme written back line by line, and `cxtui config` / `cxtui new` reading it."""

from __future__ import annotations

import os
import re
import string
import tomllib
from pathlib import Path

import pytest
from conftest import RunCli
from textual.keys import _character_to_key
from textual.theme import BUILTIN_THEMES

from cxtui.config import (
    FIELD_KEYS,
    BadKey,
    ConfigEditError,
    Settings,
    config_path,
    key_character,
    login_name,
    parse_key,
    read_settings,
    save_theme,
)
from cxtui.fileformat import read_map
from cxtui.templates import TEMPLATES
from cxtui.tui.keys import PALETTE, default_keymap, keys_in_force, moved_keys


def read(tmp_path: Path, text: str | bytes) -> Settings:
    path = tmp_path / "config.toml"
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return read_settings(
        path,
        actions=default_keymap(),
        templates=TEMPLATES,
        themes=tuple(BUILTIN_THEMES),
        palette=PALETTE,
    )


def positions(settings: Settings) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.message) for p in settings.problems]


# -- where the file is -----------------------------------------------------------------


def test_the_path_follows_cxtui_config_then_xdg_then_home() -> None:
    home = os.path.expanduser("~")
    assert config_path({"CXTUI_CONFIG": "/x/my.toml"}) == Path("/x/my.toml")
    assert config_path({"XDG_CONFIG_HOME": "/xdg"}) == Path("/xdg/cxtui/config.toml")
    # The XDG rule: a relative XDG_CONFIG_HOME is ignored.
    assert config_path({"XDG_CONFIG_HOME": "rel"}) == Path(home, ".config/cxtui/config.toml")
    assert config_path({}) == Path(home, ".config/cxtui/config.toml")


def test_no_file_and_an_empty_file_give_the_defaults(tmp_path: Path) -> None:
    missing = read_settings(tmp_path / "none.toml", actions=default_keymap(), templates=TEMPLATES)
    assert not missing.exists
    empty = read(tmp_path, "\n# only a comment\n")
    assert empty.exists
    for settings in (missing, empty):
        assert (settings.theme, settings.default_template, dict(settings.keys)) == (
            None,
            "basic",
            {},
        )
        assert settings.user == login_name() != ""
        assert settings.problems == () and settings.messages == []


def test_a_good_file_sets_everything(tmp_path: Path) -> None:
    settings = read(
        tmp_path,
        '# mine\ntheme = "nord"\nuser = "Ann Okafor"\ndefault_template = "service-blueprint"\n'
        '[keys]\nsave = "ctrl+s,f2"\nundo = ["z", "u"]\nhelp = "?"\n',
    )
    assert settings.messages == []
    assert settings.theme == "nord"
    assert settings.user == "Ann Okafor"
    assert settings.default_template == "service-blueprint"
    assert dict(settings.keys) == {
        "save": ("ctrl+s", "f2"),
        "undo": ("z", "u"),
        "help": ("question_mark",),
    }
    assert settings.keymap() == {"save": "ctrl+s,f2", "undo": "z,u", "help": "question_mark"}


# -- every problem, positioned, and the default kept -------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ('thme = "nord"', 1, 1, "unknown setting 'thme'; did you mean 'theme'?"),
        ("theme = 3", 1, 9, "theme must be a theme's name, not a number"),
        (
            'theme = "nrod"',
            1,
            9,
            "unknown theme 'nrod', so the default theme is used; did you mean 'nord'?",
        ),
        ('theme = ""', 1, 9, "theme must be a theme's name, not an empty string"),
        ("\n\nuser = true", 3, 8, "user must be a name, not true/false"),
        ('user = "\\u0007 "', 1, 8, "user must be a name of 1 to 40 characters"),
        (f'user = "{"x" * 41}"', 1, 8, "user must be a name of 1 to 40 characters"),
        ('default_template = "servce-blueprint"', 1, 20, "so basic is used; did you mean 'serv"),
        ('autosave = "5"', 1, 12, "autosave must be a number of seconds, not a string"),
        ("autosave = true", 1, 12, "autosave must be a number of seconds, not true/false"),
        ("autosave = -1", 1, 12, "autosave must be 0 (off) to 3600 seconds, not -1"),
        ("autosave = nan", 1, 12, "autosave must be 0 (off) to 3600 seconds, not nan"),
        ("keys = 5", 1, 8, "keys must be a table ([keys]), not a number"),
        ('[keys]\nsav = "x"', 2, 1, "unknown action id 'sav' in [keys]; did you mean 'save'?"),
        ("[keys]\nsave = 5", 2, 8, 'save must be a string like "ctrl+s,f2", not a number'),
        ('[keys]\nsave = "ctrl+foo"', 2, 8, "'ctrl+foo' is not a key cxtui knows"),
        ('[keys]\nsave = "ctrl+a"', 2, 8, "ctrl+a is the prefix key of screen"),
        ('[keys]\nsave = "ctrl+b"', 2, 8, "ctrl+b is tmux's prefix key"),
        ('[keys]\nsave = "ctrl+q"', 2, 8, "ctrl+q quits cxtui from anywhere"),
        ('[keys]\nsave = "ctrl+m"', 2, 8, "ctrl+m arrives as Enter"),
        ('[keys]\nsave = "shift+s"', 2, 8, "arrives as the character itself (write 'S')"),
        ('[keys]\nsave = "hyper+s"', 2, 8, "a modifier must be one of alt, ctrl, shift"),
        ('[keys]\nsave = "s,"', 2, 8, "an empty key"),
        ('[keys]\nsave = "ctrl+p"', 2, 8, "ctrl+p opens the command palette from anywhere"),
        ('[keys]\ncommand_palette = "P"', 2, 19, "P would be taken from text fields and forms"),
    ],
)
def test_each_problem_is_one_positioned_message_and_the_default_is_kept(
    tmp_path: Path, text: str, line: int, col: int, words: str
) -> None:
    settings = read(tmp_path, text)
    ((at_line, at_col, message),) = positions(settings)
    assert (at_line, at_col) == (line, col)
    assert words in message
    assert (settings.theme, settings.default_template, dict(settings.keys)) == (None, "basic", {})
    assert settings.user == login_name()
    path = str(tmp_path / "config.toml")
    assert settings.messages == [f"{path}:{line}:{col}: {message}"]


def test_a_key_is_given_to_one_action_only(tmp_path: Path) -> None:
    settings = read(tmp_path, '[keys]\nsave = "z"\nundo = "z"')
    assert positions(settings) == [
        (3, 8, "undo: z is already given to save; undo keeps its default keys (u, ctrl+z)")
    ]
    assert dict(settings.keys) == {"save": ("z",)}


def test_a_bad_key_names_the_default_keys_it_keeps(tmp_path: Path) -> None:
    ((_, _, message),) = positions(read(tmp_path, '[keys]\nundo = "ctrl+a"'))
    assert message.endswith("undo keeps its default keys (u, ctrl+z)")


def test_problems_in_one_setting_leave_the_others_in_force(tmp_path: Path) -> None:
    settings = read(
        tmp_path, 'theme = "nord"\nuser = 7\n[keys]\nsave = "ctrl+a"\nundo = "z"\nbogus = "q"\n'
    )
    assert [(line, col) for line, col, _ in positions(settings)] == [(2, 8), (4, 8), (6, 1)]
    assert settings.theme == "nord"
    assert dict(settings.keys) == {"undo": ("z",)}


@pytest.mark.parametrize(
    ("data", "line", "col", "words"),
    [
        (b'theme = "nord"\nuser = \n', 2, 8, "TOML syntax: invalid value"),
        (b'user = "\xff"\n', 1, 9, "not UTF-8 text"),
        (b"a\x00b", 1, 2, "binary data"),
    ],
)
def test_a_file_that_does_not_read_gives_one_message_and_every_default(
    tmp_path: Path, data: bytes, line: int, col: int, words: str
) -> None:
    settings = read(tmp_path, data)
    ((at_line, at_col, message),) = positions(settings)
    assert (at_line, at_col) == (line, col) and words in message
    assert message.endswith("; the defaults are used")
    assert settings.exists and settings.theme is None and not settings.keys


def test_a_folder_in_place_of_the_file_gives_a_message(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    settings = read_settings(tmp_path / "config.toml", actions={}, templates=TEMPLATES)
    assert [m for _, _, m in positions(settings)] == ["is not a file; the defaults are used"]


def test_keys_that_may_not_reach_over_ssh_are_kept_with_a_warning(tmp_path: Path) -> None:
    settings = read(tmp_path, '[keys]\nsave = "alt+s,f2"\nundo = "f3,u"\n')
    assert dict(settings.keys) == {"save": ("alt+s", "f2"), "undo": ("f3", "u")}
    assert settings.problems == ()
    ((warning),) = settings.warnings  # undo has a plain key too: no warning
    assert (warning.line, warning.col) == (2, 8)
    assert "may not reach cxtui over SSH or in tmux" in warning.message
    assert settings.messages[0].endswith(f":2:8: warning: {warning.message}")


@pytest.mark.parametrize("key", ["ctrl+k", "ctrl+o", "ctrl+s", "f6", "x"])
def test_the_palette_never_takes_a_key_of_text_fields_or_forms(tmp_path: Path, key: str) -> None:
    settings = read(tmp_path, f'[keys]\ncommand_palette = "{key}"\n')
    ((_, _, message),) = positions(settings)
    assert f"{key} would be taken from text fields and forms" in message
    assert not settings.keys


def test_the_keys_of_text_fields_are_textuals() -> None:
    from textual.binding import Binding
    from textual.widgets import Input, TextArea

    from cxtui.tui.dialogs.cell_editor import CellEditor
    from cxtui.tui.dialogs.forms import FormScreen

    fields = {b.key for w in (Input, TextArea) for b in Binding.make_bindings(w.BINDINGS)}
    dialogs = {b.key for w in (CellEditor, FormScreen) for b in Binding.make_bindings(w.BINDINGS)}
    # The keys an app-wide palette key could be (ctrl, alt, F-keys) that they use.
    candidates = {k for k in fields | dialogs if re.search(r"ctrl\+|alt\+|^f\d+$", k)}
    assert candidates == FIELD_KEYS


def test_the_palette_may_be_given_another_ctrl_key_and_its_old_key_to_an_action(
    tmp_path: Path,
) -> None:
    settings = read(tmp_path, '[keys]\nsave = "ctrl+p"\ncommand_palette = "ctrl+g"\n')
    assert settings.problems == ()
    assert dict(settings.keys) == {"command_palette": ("ctrl+g",), "save": ("ctrl+p",)}


# -- keys: names as Textual names them, and what moves ----------------------------------


def test_key_names_are_textuals() -> None:
    for char in string.printable.strip():
        key, safe = parse_key(char)
        assert key == _character_to_key(char)
        assert key_character(key) == char
        assert safe
    assert parse_key("Ctrl+S") == ("ctrl+s", True)
    assert parse_key("shift+ctrl+up") == ("ctrl+shift+up", False)
    assert parse_key("F2") == ("f2", False)
    assert parse_key("alt+x") == ("alt+x", False)
    assert parse_key(" ") == ("space", True)
    assert parse_key("shift+tab") == ("shift+tab", True)
    with pytest.raises(BadKey):
        parse_key("ctrl+ctrl+s")


def test_a_key_given_to_an_action_moves_from_the_action_that_had_it() -> None:
    keymap = {"save": ("s",), "quit": ("x", "ctrl+q")}
    in_force = keys_in_force(keymap)
    assert in_force["save"] == ("s",)
    assert in_force["set_stage"] == ()  # s was its only key
    assert in_force["clear_cell"] == ("delete",)  # x moved, its other key stays
    assert in_force["undo"] == ("u", "ctrl+z")
    assert moved_keys(keymap) == [("s", "set_stage", "save"), ("x", "clear_cell", "quit")]


# -- the theme, written back ----------------------------------------------------------


def test_saving_the_theme_changes_its_one_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    before = '# my settings\nuser = "Ann"\ntheme = "nord"  # the blue one\n\n[keys]\nsave = "f2"\n'
    path.write_text(before)
    save_theme(path, "dracula")
    assert path.read_text() == before.replace('"nord"', '"dracula"')


def test_saving_the_theme_adds_it_before_the_first_table(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# mine\nuser = "Ann"\n\n[keys]\nsave = "f2"\n')
    save_theme(path, "nord")
    assert path.read_text() == '# mine\nuser = "Ann"\n\ntheme = "nord"\n[keys]\nsave = "f2"\n'
    assert tomllib.loads(path.read_text())["keys"] == {"save": "f2"}


def test_saving_the_theme_creates_the_file_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "cxtui" / "config.toml"
    save_theme(path, "nord")
    assert tomllib.loads(path.read_text()) == {"theme": "nord"}
    assert path.read_text().startswith("# cxtui settings")


def test_saving_the_theme_keeps_crlf_and_goes_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "cxtui.toml"
    real.parent.mkdir()
    real.write_bytes(b'theme = "nord"\r\nuser = "Ann"\r\n')
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_theme(link, "dracula")
    assert link.is_symlink()
    assert real.read_bytes() == b'theme = "dracula"\r\nuser = "Ann"\r\n'


def test_a_broken_file_is_not_edited(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n")
    with pytest.raises(ConfigEditError, match="not valid TOML"):
        save_theme(path, "nord")
    assert path.read_text() == "theme = \n"


# -- the command line ------------------------------------------------------------------


def test_cxtui_config_shows_the_path_and_the_settings_in_force(
    run_cli: RunCli, tmp_path: Path
) -> None:
    config = tmp_path / "elsewhere.toml"
    config.write_text(
        'theme = "nord"\nuser = "Ann"\nautosave = 5\n[keys]\nsave = "s"\nundo = "z"\n'
    )
    result = run_cli("config", env={"CXTUI_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        f"config file: {config} (exists)",
        "theme = nord",
        "user = Ann",
        "default_template = basic",
        "autosave = 5  (a modified map is saved after 5 s without a key)",
    ]
    assert "  save = s" in lines and "  undo = z" in lines
    assert (
        "  s moved from set_stage to save; set_stage keeps: (none) (the palette still runs it)"
        in lines
    )


@pytest.mark.parametrize(
    ("text", "seconds"), [("", 0), ("autosave = 0", 0), ("autosave = 2.5", 2.5)]
)
def test_autosave_is_seconds_of_idle_time_and_off_by_default(
    tmp_path: Path, text: str, seconds: float
) -> None:
    settings = read(tmp_path, text)
    assert settings.autosave == seconds and not settings.messages


def test_cxtui_config_says_autosave_is_off_by_default(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("config", env={"CXTUI_CONFIG": str(tmp_path / "none.toml")})
    assert "autosave = 0  (off, the default)" in result.stdout.splitlines()


def test_cxtui_config_finds_the_file_in_xdg_config_home(run_cli: RunCli, tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    result = run_cli("config", env={"XDG_CONFIG_HOME": str(xdg)})
    path = xdg / "cxtui" / "config.toml"
    assert result.stdout.splitlines()[0] == (
        f"config file: {path} (does not exist: the defaults are in force)"
    )
    assert "theme = textual-dark  (default)" in result.stdout
    path.parent.mkdir(parents=True)
    path.write_text('theme = "nrod"\n[keys]\nsave = "ctrl+a"\n')
    result = run_cli("config", env={"XDG_CONFIG_HOME": str(xdg)})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"cxtui: {path}:1:9: unknown theme 'nrod', so the default theme is used; "
        "did you mean 'nord'?",
        f"cxtui: {path}:3:8: save: ctrl+a is the prefix key of screen (and of many tmux "
        "setups); save keeps its default keys (ctrl+s)",
    ]
    assert "theme = textual-dark  (default)" in result.stdout  # the default, in force


def test_cxtui_help_shows_where_the_settings_are(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("--help", env={"CXTUI_CONFIG": str(tmp_path / "c.toml"), "COLUMNS": "500"})
    assert f"Settings: {tmp_path / 'c.toml'}" in " ".join(result.stdout.split())


def test_cxtui_new_uses_the_default_template(run_cli: RunCli, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('default_template = "service-blueprint"\n')
    result = run_cli("new", "a.toml", env={"CXTUI_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    assert "from template 'service-blueprint'" in result.stdout
    blueprint = {lane.key for lane in read_map(tmp_path / "a.toml").lanes}
    result = run_cli("new", "b.toml", "--template", "basic", env={"CXTUI_CONFIG": str(config)})
    assert {lane.key for lane in read_map(tmp_path / "b.toml").lanes} != blueprint
    config.write_text('default_template = "nope"\n')
    result = run_cli("new", "d.toml", env={"CXTUI_CONFIG": str(config)})
    assert result.returncode == 0
    assert f"cxtui: {config}:1:20: unknown template 'nope'" in result.stderr
    assert "from template 'basic'" in result.stdout
