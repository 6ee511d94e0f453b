"""The Textual application: the map screen, the command palette, and the guards that
keep work safe (recovery copies, hang-up and terminate signals, outside changes)."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Iterable
from functools import partial

from textual._xterm_parser import XTermParser
from textual.app import App, SystemCommand
from textual.driver import Driver
from textual.message import Message
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen

from cxtui.document import DiskState, Document
from cxtui.model import JourneyMap, ReplaceMap
from cxtui.recovery import Recovery, find_recovery, load_problem, remove_recovery, write_recovery
from cxtui.tui.cell_editor import CellEditor
from cxtui.tui.dialogs import ButtonDialog, QuitDialog
from cxtui.tui.keys import KEYS
from cxtui.tui.map_screen import MapScreen

#: How often unsaved changes are copied to the recovery file, and the file checked.
GUARD_INTERVAL = 2.0

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


def _partial_marker(data: str, marker: str) -> int:
    """The length of the longest end of `data` that begins `marker` (but is not all of it)."""
    for size in range(min(len(data), len(marker) - 1), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


class PasteFilter:
    """Takes ESC out of the text of bracketed pastes in a terminal's input stream.

    Textual's parser reads an ESC inside a paste as the start of a key: the rest
    of the paste then arrives as key presses (which may be bindings, such as
    ctrl+q) and the text before it is inserted last, so the text is scrambled.
    Without ESC, the whole paste is one Paste event, which the fields clean.
    Outside pastes nothing is changed or held back (a lone Escape key stays prompt).
    """

    def __init__(self) -> None:
        self.pasting = False
        self._held = ""  # in a paste: the beginning of what may be the end marker
        self._tail = ""  # outside: the beginning of what may be a start marker

    def __call__(self, data: str) -> str:
        out: list[str] = []
        data, self._held = self._held + data, ""
        while data:
            if self.pasting:
                end = data.find(PASTE_END)
                if end < 0:
                    keep = _partial_marker(data, PASTE_END)
                    self._held = data[len(data) - keep :]
                    out.append(data[: len(data) - keep].replace("\x1b", ""))
                    break
                out.append(data[:end].replace("\x1b", "") + PASTE_END)
                data, self.pasting = data[end + len(PASTE_END) :], False
            else:
                seen = self._tail + data  # a start marker may come in pieces
                start = seen.find(PASTE_START)
                if start < 0:
                    out.append(data)
                    self._tail = seen[len(seen) - _partial_marker(seen, PASTE_START) :]
                    break
                cut = start + len(PASTE_START) - len(self._tail)  # just after it, in data
                out.append(data[:cut])
                data, self.pasting, self._tail = data[cut:], True, ""
        return "".join(out)


class PasteSafeParser(XTermParser):
    """Textual's terminal input parser, fed through a :class:`PasteFilter`."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self.paste_filter = PasteFilter()

    def feed(self, data: str) -> Iterable[Message]:
        return super().feed(self.paste_filter(data))


def use_paste_safe_parser() -> None:
    """Make Textual's Linux (and macOS) driver read the terminal with :class:`PasteSafeParser`.

    The driver makes its parser from a name of its module, with no setting for it:
    swap it there, when it is the parser this was written for.
    """
    try:
        from textual.drivers import linux_driver
    except ImportError:  # pragma: no cover - Windows has another driver
        return
    names = vars(linux_driver)
    if names.get("XTermParser") is XTermParser:
        names["XTermParser"] = PasteSafeParser


class CxtuiApp(App[int]):
    """The cxtui editor for one document."""

    CSS_PATH = "cxtui.tcss"
    TITLE = "cxtui"

    def __init__(self, document: Document, *, guard: bool = True) -> None:
        """`guard` runs the recovery timer and signal handlers (tests may turn it off)."""
        super().__init__()
        self.document = document
        self.guard = guard
        self._recovered: JourneyMap | None = None
        self._unrecoverable: JourneyMap | None = None
        self._offered_reload = False
        #: The file on disk as it was when the person declined to reload it: not
        #: offered again, and not taken as the version we know (ctrl+s still asks).
        self._declined_disk: DiskState | None = None

    def get_driver_class(self) -> type[Driver]:
        use_paste_safe_parser()
        return super().get_driver_class()

    def get_default_screen(self) -> Screen[None]:
        return MapScreen(self.document)

    @property
    def map_screen(self) -> MapScreen:
        """The main screen."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MapScreen)
        return screen

    def on_mount(self) -> None:
        self.title = f"cxtui · {self.document.name}"
        if self.guard:
            self.set_interval(GUARD_INTERVAL, self.guard_tick)
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self.on_hangup, sig)
        path = self.document.path
        if path is not None:
            recovery = find_recovery(path)
            if recovery is not None and recovery.journey != self.document.map:
                self.call_after_refresh(self.offer_recovery, recovery)

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
        for shown in list(self._notifications):
            if (shown.message, shown.title, shown.severity) == (
                new.message,
                new.title,
                new.severity,
            ):
                self._unnotify(shown, refresh=False)

    # -- recovery copies -----------------------------------------------------

    def write_recovery_copy(self) -> None:
        """Copy unsaved changes beside the map (not over it), if there are new ones."""
        path = self.document.path
        if path is None or not self.document.modified:
            return
        journey = self.document.map
        if journey is self._recovered or journey is self._unrecoverable:
            return
        problem = load_problem(journey)
        if problem is not None:
            # Keep the last sound copy rather than write one that cannot be opened.
            self._unrecoverable = journey
            self.notify(
                f"{problem}. Undo (u) the last change: until then neither ctrl+s nor "
                "the recovery copy can keep this map.",
                title="This map cannot be written",
                severity="error",
                timeout=15,
            )
            return
        if write_recovery(path, journey, checked=True):
            self._recovered = journey

    def guard_tick(self) -> None:
        """Every few seconds: write the recovery copy; notice outside changes."""
        self.write_recovery_copy()
        path = self.document.path
        if (
            path is not None
            and not self.document.modified
            and not self._offered_reload
            and self.document.changed_on_disk()
            and path.exists()
        ):
            now = DiskState.of(path)
            if now is not None and now != self._declined_disk:
                self._offered_reload = True
                self.offer_reload()

    def offer_reload(self) -> None:
        """The file changed on disk and we have no edits: offer to show the new version.

        Keeping ours does not take the file on disk as the version we loaded: ctrl+s
        then still asks before writing over it.
        """
        path = self.document.path
        assert path is not None

        def chosen(choice: str | None) -> None:
            self._offered_reload = False
            if choice == "reload":
                self._declined_disk = None
                self.map_screen.reload(confirm=True)
            else:
                self._declined_disk = DiskState.of(path)

        self.push_screen(
            ButtonDialog(
                f"{path.name} changed on disk.",
                "You have no unsaved edits. Reload it to see the new version? "
                "(If you keep yours, ctrl+s asks before writing over the new version.)",
                [("reload", "Reload", "r"), ("keep", "Keep mine", "k")],
                escape="keep",
                escape_label="keep mine",
                dialog_id="reload-dialog",
            ),
            chosen,
        )

    def offer_recovery(self, recovery: Recovery) -> None:
        """A recovery copy newer than the map exists: Restore (Enter) or Discard."""
        path = self.document.path
        assert path is not None
        written = recovery.written.strftime("%Y-%m-%d %H:%M:%S")

        def chosen(choice: str | None) -> None:
            if choice == "restore":
                self.document.apply(ReplaceMap(recovery.journey))
                self.map_screen.refresh_document()
                self.notify("restored the unsaved changes: ctrl+s saves them, u undoes")
            else:
                remove_recovery(path)
                self.notify("discarded the recovery copy")

        self.push_screen(
            ButtonDialog(
                f"Unsaved changes to {path.name} were recovered.",
                f"A recovery copy written {written} holds changes that were never saved "
                "(the editor was closed by a dropped connection, a kill or a crash).",
                [("restore", "Restore", "r"), ("discard", "Discard", "d")],
                escape="restore",
                dialog_id="recovery-dialog",
            ),
            chosen,
        )

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
