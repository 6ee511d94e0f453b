"""The Textual application: one map screen, the command palette and the signal guard."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.screen import Screen

from cxtui.document import Document
from cxtui.tui.keys import KEYS
from cxtui.tui.map_screen import MapScreen


class CxtuiApp(App[int]):
    """The cxtui editor for one document."""

    CSS_PATH = "cxtui.tcss"
    TITLE = "cxtui"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document

    def get_default_screen(self) -> Screen[None]:
        return MapScreen(self.document)

    def on_mount(self) -> None:
        self.title = f"cxtui · {self.document.name}"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the key contract by name, then Textual's own."""
        if isinstance(screen, MapScreen):
            for spec in KEYS:
                if spec.action == "command_palette":
                    continue
                yield SystemCommand(
                    spec.help,
                    f"keys: {spec.display_keys}",
                    partial(screen.run_action, spec.action),
                )
        yield from super().get_system_commands(screen)
