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
from pathlib import Path

from rich.console import RenderableType
from textual.app import App, SystemCommand
from textual.driver import Driver
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen

from cxtui import gc_pause
from cxtui.document import Document
from cxtui.tui.compat import shown_notifications, use_paste_safe_parser, withdraw_notification
from cxtui.tui.keys import KEYS, LIBRARY_KEYS
from cxtui.tui.screens.document_screen import DocumentScreen
from cxtui.tui.screens.map_screen import MapScreen

# The dialogs and the cell editor are imported where they are used, after the first
# frame (as in map_screen).


class CxtuiApp(App[int]):
    """The cxtui editor for one document."""

    CSS_PATH = "cxtui.tcss"
    TITLE = "cxtui"

    def __init__(
        self, document: Document | None = None, *, folder: Path | None = None, guard: bool = True
    ) -> None:
        """The editor of `document`, or the library of the maps under `folder`.

        `guard` runs the recovery timers and signal handlers (tests may turn it off)."""
        super().__init__()
        self.guard = guard
        #: The app ended on an unexpected error (see :meth:`panic`).
        self.crashed = False
        self._first: Screen[None]
        if folder is not None:
            from cxtui.tui.screens.library_screen import LibraryScreen

            self._first = LibraryScreen(folder, guarded=guard)
            self._name = str(folder)
        elif document is not None:
            self._first = MapScreen(document, guarded=guard)
            self._name = document.name
        else:
            raise ValueError("give a document or a folder")
        #: The documents' screens open when the app ended on an error (for their copies).
        self._open_at_panic: list[DocumentScreen] = []

    def get_driver_class(self) -> type[Driver]:
        use_paste_safe_parser()
        return super().get_driver_class()

    def get_default_screen(self) -> Screen[None]:
        return self._first

    @property
    def map_screen(self) -> MapScreen:
        """The map screen in front (the topmost on the stack; before the app runs, the
        one it opens with)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MapScreen):
                return screen
        if isinstance(self._first, MapScreen):
            return self._first
        raise LookupError("no map is open")

    @property
    def document(self) -> Document:
        """The document of :attr:`map_screen`."""
        return self.map_screen.document

    def document_screens(self) -> list[DocumentScreen]:
        """The screens of the documents open now, the front one last."""
        return [screen for screen in self.screen_stack if isinstance(screen, DocumentScreen)]

    def on_mount(self) -> None:
        self.title = f"cxtui · {self._name}"
        self.call_after_refresh(gc_pause.resume)  # paused for the start-up (cxtui.start)
        if self.guard:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self.on_hangup, sig)

    def write_recovery_copy(self) -> None:
        """Keep every open document's unsaved changes in its recovery copy (on a hang-up,
        a kill or a crash)."""
        screens = self.document_screens() or self._open_at_panic
        if not screens and isinstance(self._first, DocumentScreen):
            screens = [self._first]
        for screen in screens:
            screen.guard.write_recovery_copy()

    def panic(self, *renderables: RenderableType) -> None:
        """Exit on an unexpected error (also one in the terminal's input thread);
        the launcher then writes the recovery copies and exits non-zero."""
        self.crashed = True
        self._open_at_panic = self.document_screens()
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
        """ctrl+q from anywhere: keep what the cell editor or the draft holds, then the
        guarded quit."""
        from cxtui.tui.dialogs.cell_editor import CellEditor
        from cxtui.tui.dialogs.prompts import QuitDialog
        from cxtui.tui.screens.draft import DraftScreen

        documents = self.document_screens()
        if not documents:  # the library
            self.exit()
        elif isinstance(self.screen, CellEditor | DraftScreen):
            # If the notes (the draft) are refused, the editor stays open with the reason.
            if self.screen.keep():
                self.call_after_refresh(documents[-1].action_quit)
        elif not isinstance(self.screen, QuitDialog):
            documents[-1].action_quit()

    # -- the command palette ---------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the key contract by name, then Textual's own."""
        from cxtui.tui.screens.library_screen import LibraryScreen

        specs = KEYS if isinstance(screen, MapScreen) else ()
        if isinstance(screen, LibraryScreen):
            specs = LIBRARY_KEYS
        if specs:
            for spec in specs:
                if spec.action == "command_palette":
                    continue
                yield SystemCommand(
                    spec.help,
                    f"keys: {spec.display_keys}",
                    partial(screen.run_action, spec.action),
                )
        yield from super().get_system_commands(screen)
