"""The Textual application: the map screen, toasts, the command palette, and what
happens when the terminal goes away (hang-up and terminate signals).

The document and what keeps it safe (recovery copies, outside changes) belong to the
document's screen (:mod:`cxtui.tui.screens.document_screen`, :mod:`cxtui.tui.guard`).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Iterable
from functools import partial

from rich.console import RenderableType
from textual.app import App, SystemCommand
from textual.driver import Driver
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen

from cxtui import gc_pause
from cxtui.document import Document
from cxtui.tui.compat import shown_notifications, use_paste_safe_parser, withdraw_notification
from cxtui.tui.keys import KEYS
from cxtui.tui.screens.map_screen import MapScreen

# The dialogs and the cell editor are imported where they are used, after the first
# frame (as in map_screen).


class CxtuiApp(App[int]):
    """The cxtui editor for one document."""

    CSS_PATH = "cxtui.tcss"
    TITLE = "cxtui"

    def __init__(self, document: Document, *, guard: bool = True) -> None:
        """`guard` runs the recovery timer and signal handlers (tests may turn it off)."""
        super().__init__()
        self.document = document
        self.guard = guard
        #: The app ended on an unexpected error (see :meth:`panic`).
        self.crashed = False
        #: The document's screen (the first on the stack).
        self.map_screen = MapScreen(document, guarded=guard)

    def get_driver_class(self) -> type[Driver]:
        use_paste_safe_parser()
        return super().get_driver_class()

    def get_default_screen(self) -> Screen[None]:
        return self.map_screen

    def on_mount(self) -> None:
        self.title = f"cxtui · {self.document.name}"
        self.call_after_refresh(gc_pause.resume)  # paused for the start-up (cxtui.start)
        if self.guard:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self.on_hangup, sig)

    def write_recovery_copy(self) -> None:
        """Keep the document's unsaved changes in its recovery copy (on a hang-up, a
        kill or a crash)."""
        self.map_screen.guard.write_recovery_copy()

    def panic(self, *renderables: RenderableType) -> None:
        """Exit on an unexpected error (also one in the terminal's input thread);
        the launcher then writes the recovery copy and exits non-zero."""
        self.crashed = True
        super().panic(*renderables)

    # -- notifications ---------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast. Never markup: messages hold titles and notes from the map, and file names."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_notify(self, event: Notify) -> None:
        """Before a toast is shown, take away any showing the same words (pressing + at the
        top of the scale again and again shows one toast, not a pile)."""
        new = event.notification
        for shown in shown_notifications(self):
            if (shown.message, shown.title, shown.severity) == (
                new.message,
                new.title,
                new.severity,
            ):
                withdraw_notification(self, shown)

    def on_hangup(self, sig: int) -> None:
        """SIGHUP (the terminal went away) or SIGTERM: save a recovery copy and leave."""
        self.write_recovery_copy()
        code = 128 + sig
        # If the dead terminal stops Textual from shutting down, don't hang around: a
        # write to it can block the event loop for good (so a timer of the loop would
        # never fire), hence a thread of its own.
        watchdog = threading.Timer(3.0, os._exit, (code,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(code)

    # -- quitting ---------------------------------------------------------------

    async def action_quit(self) -> None:
        """ctrl+q from anywhere: keep what the cell editor holds, then the guarded quit."""
        from cxtui.tui.dialogs.cell_editor import CellEditor
        from cxtui.tui.dialogs.prompts import QuitDialog

        if isinstance(self.screen, CellEditor):
            # If the notes are refused, the editor stays open with the reason: no quitting.
            if self.screen.keep():
                self.call_after_refresh(self.map_screen.action_quit)
        elif not isinstance(self.screen, QuitDialog):
            self.map_screen.action_quit()

    # -- the command palette ---------------------------------------------------

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
