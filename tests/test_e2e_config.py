"""End to end: a config file changes what the real `cxtui` does and shows, in tmux."""

from __future__ import annotations

from pathlib import Path

from test_e2e_tmux import CXTUI, Terminal, pytestmark, terminal
from textual.color import Color
from textual.theme import BUILTIN_THEMES
from tui_helpers import sample_map, write_map

from cxtui.fileformat import read_map

__all__ = ["pytestmark", "terminal"]  # the tmux marks and fixture, imported for pytest


def coloured_screen(terminal: Terminal) -> str:
    """The screen with its colours (SGR sequences)."""
    return terminal.tmux("capture-pane", "-p", "-e").stdout


def foreground(theme: str) -> str:
    """The SGR colour of a theme's text, as tmux writes it."""
    r, g, b = Color.parse(BUILTIN_THEMES[theme].foreground or "").rgb
    return f"38;2;{r};{g};{b}"


def test_a_config_file_remaps_keys_sets_the_theme_and_names_the_user(
    terminal: Terminal, tmp_path: Path
) -> None:
    path = write_map(tmp_path / "coffee.toml", sample_map("Configured journey"))
    config = tmp_path / "config.toml"
    config.write_text(
        '# mine\ntheme = "nord"\nuser = "Ann Example"\n[keys]\nundo = "z"\nsave = "s"\n'
    )
    before = read_map(path)
    terminal.start(
        str(CXTUI), str(path), width=120, height=36,
        env=f"CXTUI_CONFIG={config} COLORTERM=truecolor",
    )  # fmt: skip
    screen = terminal.wait_for("Configured journey")
    screen = terminal.wait_for(" z undo ")
    assert " s save " in screen and " u undo " not in screen
    assert foreground("nord") in coloured_screen(terminal)

    terminal.keys("+")
    terminal.wait_for("[modified]")
    terminal.keys("u", "l")  # u no longer undoes (l shows that u was read)
    screen = terminal.wait_for("phase 2/4")
    assert "[modified]" in screen
    terminal.keys("z")
    terminal.wait_gone("[modified]")
    assert read_map(path) == before

    terminal.keys("+")
    terminal.wait_for("[modified]")
    terminal.keys("s")  # saves (it set the stage before)
    terminal.wait_gone("[modified]")
    saved = read_map(path)
    assert saved != before and saved.phases[1].emotion == before.phases[1].emotion + 1

    terminal.keys("?")
    terminal.wait_for("you are Ann Example · config: /")
    terminal.keys("Escape")
    terminal.wait_gone("you are Ann Example")
    terminal.keys("q")
    terminal.wait_exit()


def test_a_broken_config_file_gives_a_message_and_the_defaults(
    terminal: Terminal, tmp_path: Path
) -> None:
    path = write_map(tmp_path / "coffee.toml", sample_map("Broken config"))
    config = tmp_path / "config.toml"
    config.write_text('theme = "nrod"\n[keys]\nundo = "ctrl+b"\n')
    before = read_map(path)
    terminal.start(
        str(CXTUI), str(path), width=120, height=36,
        env=f"CXTUI_CONFIG={config} COLORTERM=truecolor",
    )  # fmt: skip
    # (a frame may be caught half written to the terminal: wait for its last line too)
    screen = terminal.wait(
        lambda s: "Problems in the config file" in s and "^p palette" in s, "the toast and keys"
    )
    flat = " ".join(screen.replace("▌", " ").split())
    assert "unknown theme 'nrod'" in flat and "did you mean 'nord'?" in flat
    assert "ctrl+b is tmux's prefix key" in flat
    assert " u undo " in screen and " ^s save " in screen
    assert foreground("nord") not in coloured_screen(terminal)

    terminal.keys("+")
    terminal.wait_for("[modified]")
    terminal.keys("u")  # the default key still undoes
    terminal.wait_gone("[modified]")
    terminal.keys("q")
    terminal.wait_exit()
    assert read_map(path) == before
    assert config.read_text() == 'theme = "nrod"\n[keys]\nundo = "ctrl+b"\n'
