"""The editor in the terminal's own colours: Textual's ANSI themes (ansi-dark, ansi-light).

Under an ANSI theme Textual writes the terminal's default and sixteen colours rather
than RGB, so a person who set high-contrast colours in their terminal keeps them.
The map's own colours follow: emotions become the terminal's red, yellow and green
(:func:`cxtui.render.use_terminal_palette`). Nothing is told by colour alone: the
cursor is also a ``▌`` bar and bold text, its phase and lane titles are underlined,
every emotion has its number, and every tag its ``#name``.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.theme import Theme

from cxtui.render import use_terminal_palette


def follow_terminal_palette(screen: Screen[Any]) -> None:
    """Keep the map's colours in step with the app's theme, now and when it changes."""

    def apply(_theme: Theme | None = None) -> None:
        use_terminal_palette(screen.app.native_ansi_color)
        for widget in screen.query("MapGrid, MapHeader"):
            widget.notify_style_update()  # the grid drops the lines it drew
            widget.refresh()

    apply()
    screen.app.theme_changed_signal.subscribe(screen, apply)
