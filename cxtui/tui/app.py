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
import time
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.driver import Driver
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from cxtui import gc_pause
from cxtui.config import ConfigEditError, Settings, config_path, save_theme
from cxtui.document import Document
from cxtui.fileformat import MapFileError
from cxtui.model import tags_in
from cxtui.tui.compat import (
    KeysOneAtATime,
    shown_notifications,
    use_paste_safe_parser,
    withdraw_notification,
)
from cxtui.tui.join import ask_name, needs_name
from cxtui.tui.keys import (
    KEYS,
    LIBRARY_KEYS,
    PALETTE,
    display_keys,
    keys_in_force,
    palette_binding,
)
from cxtui.tui.screens.document_screen import DocumentScreen
from cxtui.tui.screens.map_screen import MapScreen

# The dialogs and the cell editor are imported where they are used, after the first
# frame (as in map_screen).


class CxtuiApp(App[int]):
    """The cxtui editor for one document."""

    CSS_PATH = "cxtui.tcss"
    TITLE = "cxtui"
    BINDINGS: ClassVar[list[BindingType]] = [palette_binding()]

    def __init__(
        self,
        document: Document | None = None,
        *,
        folder: Path | None = None,
        guard: bool = True,
        settings: Settings | None = None,
    ) -> None:
        """The editor of `document`, or the library of the maps under `folder`.

        `guard` runs the recovery timers and signal handlers (tests may turn it off).
        `settings` (the config file's) set the theme and the keys, and the theme chosen
        is saved to their file; without them, the defaults, and nothing is saved."""
        super().__init__()
        self.settings = settings if settings is not None else Settings(config_path())
        self._theme_file = settings.path if settings is not None else None
        if self.settings.keys:
            self.set_keymap(self.settings.keymap())
        if self.settings.theme is not None:
            self.theme = self.settings.theme
        self._shown_theme = self.theme
        self.guard = guard
        #: The app ended on an unexpected error (see :meth:`panic`).
        self.crashed = False
        #: Why a map's whole file did not load after its preview was painted (the
        #: launcher reports it as for any file that does not open).
        self.load_error: MapFileError | None = None
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
        #: Keys from the terminal, handed over one at a time (see compat.KeysOneAtATime).
        self._keys = KeysOneAtATime(self)
        #: When the last key or paste arrived (time.monotonic; autosave counts from it).
        self.last_key_at = time.monotonic()

    def get_driver_class(self) -> type[Driver]:
        use_paste_safe_parser()
        return super().get_driver_class()

    async def on_event(self, event: events.Event) -> None:
        # Keys that arrive together (a slow link) must count as if typed one by one,
        # and a paste in between them must land in its place.
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self.last_key_at = time.monotonic()
            for screen in self.document_screens():  # (a key typed before the first frame)
                if screen.document.unread is not None:
                    screen.finish_loading()  # a key acts on the whole map, never a preview
            if self.load_error is not None:
                return  # (the rest of the map did not load: the editor is ending)
            await self._keys.take(event, super().on_event)
        else:
            await super().on_event(event)

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
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        if needs_name():  # served to a browser tab: its person says who they are
            first = self._first
            ask_name(self, first.document.path if isinstance(first, DocumentScreen) else None)
        messages = self.settings.messages
        if messages:
            self.notify(
                "\n".join(messages),
                title="Problems in the config file (their defaults are used)",
                severity="warning" if self.settings.problems else "information",
                timeout=20,
            )

    def keys_of(self, action_id: str) -> str:
        """The keys in force for an action of the key table, as a person reads them."""
        return display_keys(keys_in_force(self.settings.keys)[action_id])

    def remember_theme(self, theme: Theme) -> None:
        """Save the theme chosen (in the palette) to the config file, if it changed."""
        if theme.name == self._shown_theme:
            return
        self._shown_theme = theme.name
        self.settings = replace(self.settings, theme=theme.name)
        if self._theme_file is None:
            return
        try:
            save_theme(self._theme_file, theme.name)
        except ConfigEditError as error:
            self.notify(f"The theme is not saved: {error}", severity="warning", timeout=10)

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
        """A toast. Never markup: messages hold titles and notes from the map, and file names.

        `markup` stays in the signature because Textual's own callers pass it (and the
        override must accept what App.notify accepts); the one that passed markup, ctrl+c's
        hint, is cxtui's own now (:meth:`action_help_quit`), in plain words."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """ctrl+c (copy, in a text field) elsewhere: say how to quit, in plain words
        (Textual's own message is markup, and cxtui's toasts never are)."""
        quit_keys = [
            key
            for key, active in self.active_bindings.items()
            if active.binding.action in ("quit", "app.quit")
        ]
        how = f"Press {quit_keys[0]} to quit cxtui" if quit_keys else "Close this, then press q"
        self.notify(how, title="Do you want to quit?")

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
                if spec.id == PALETTE:
                    continue
                yield SystemCommand(
                    spec.help,
                    f"keys: {self.keys_of(spec.id) if spec in KEYS else spec.display_keys}",
                    partial(screen.run_action, spec.action),
                )
        if isinstance(screen, MapScreen):
            yield from tag_commands(screen)
        yield from super().get_system_commands(screen)


def tag_commands(screen: MapScreen) -> Iterable[SystemCommand]:
    """Two palette entries for each tag the map's notes hold: go to its next note, and
    show only the notes with it (then one to show all notes again)."""
    m = screen.map
    counts: dict[str, int] = {}
    for phase in m.phases:
        for lane in m.lanes:
            for note in phase.notes(lane.key):
                for tag in dict.fromkeys(tags_in(note)):
                    counts[tag] = counts.get(tag, 0) + 1
    for tag, count in sorted(counts.items()):
        colour = m.tag_colour(tag)
        notes = "1 note" if count == 1 else f"{count} notes"
        yield SystemCommand(
            f"#{tag}: go to the next note tagged #{tag}",
            f"tag: {notes}" + (f", {colour}" if colour else ""),
            partial(screen.go_to_tag, tag),
        )
        yield SystemCommand(
            f"Show only notes tagged #{tag}",
            f"tag filter: {notes} (Esc shows all)",
            partial(screen.show_only_tag, tag),
        )
