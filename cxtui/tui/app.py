"""The Textual application: the map screen, the command palette, and the guards that
keep work safe (recovery copies, hang-up and terminate signals, outside changes)."""

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
from cxtui.background import on_loop
from cxtui.document import DiskState, Document
from cxtui.fileformat import MapFileError
from cxtui.model import JourneyMap, ReplaceMap
from cxtui.recovery import (
    Recovery,
    aside_path,
    find_recovery,
    keep_recovery,
    kept_recoveries,
    recovery_path,
    remove_recovery,
    try_write_recovery,
)
from cxtui.tui.keys import KEYS
from cxtui.tui.map_screen import MapScreen
from cxtui.tui.paste import use_paste_safe_parser

# The dialogs and the cell editor are imported where they are used, after the first
# frame (as in map_screen).

#: How often unsaved changes are copied to the recovery file, and the file checked.
GUARD_INTERVAL = 2.0


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
        #: The app ended on an unexpected error (see :meth:`panic`).
        self.crashed = False
        #: A recovery copy was found that the person has not decided about yet:
        #: nothing may overwrite it until they have.
        self._recovery_pending = False
        #: Why the whole file did not load after its preview was painted.
        self.load_error: MapFileError | None = None

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
        path = self.document.path
        if self.document.unread is not None:
            # The first screen shows a preview of the first phases: read the rest
            # once it is painted (keys pressed meanwhile wait for the whole map).
            self.call_after_refresh(self.finish_loading)
        self.call_after_refresh(gc_pause.resume)  # paused for the start-up (cxtui.start)
        if self.guard:
            self.set_interval(GUARD_INTERVAL, self.guard_tick)
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self.on_hangup, sig)
        if path is not None and self.document.unread is None:
            self.check_recovery(path)

    def finish_loading(self) -> None:
        """Read the whole map whose first phases are on the screen; on a problem in the
        file, leave (the launcher reports it as for any file that does not open)."""
        try:
            self.document.finish_loading()
        except MapFileError as error:
            self.load_error = error
            self.exit(return_code=1)
            return
        self.map_screen.refresh_document()
        if self.document.path is not None:
            self.check_recovery(self.document.path)

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
        for shown in list(self._notifications):
            if (shown.message, shown.title, shown.severity) == (
                new.message,
                new.title,
                new.severity,
            ):
                self._unnotify(shown, refresh=False)

    # -- recovery copies -----------------------------------------------------

    def write_recovery_copy(self, *, background: bool = False) -> None:
        """Copy unsaved changes beside the map (not over it), if there are new ones.

        With `background`, the copy is made on the document's writer thread (the map is
        immutable; the copy is of the map as it is now); else here, after any write in
        flight (on a hang-up, and after a crash).
        """
        path = self.document.path
        if path is None or self._recovery_pending:
            return
        if not self.document.modified:
            self.forget_recovery_copy()  # e.g. undone back to the saved map
            return
        journey = self.document.map
        if journey is self._recovered or journey is self._unrecoverable:
            return
        if background:
            done = on_loop(asyncio.get_running_loop(), partial(self._recovery_written, journey))
            self.document.writer.submit(partial(try_write_recovery, path, journey), done)
        else:
            self.document.writer.wait()
            self._recovery_written(journey, try_write_recovery(path, journey))

    def _recovery_written(
        self, journey: JourneyMap, outcome: tuple[bool, list[str]] | Exception
    ) -> None:
        if isinstance(outcome, Exception):
            return  # not written: the next tick tries again
        written, problems = outcome
        if problems:
            # Keep the last sound copy rather than write one that cannot be opened.
            self._unrecoverable = journey
            self.notify(
                f"{problems[0]}. Undo (u) the last change: until then neither ctrl+s nor "
                "the recovery copy can keep this map.",
                title="This map cannot be written",
                severity="error",
                timeout=15,
            )
        elif written:
            self._recovered = journey

    def forget_recovery_copy(self) -> None:
        """Remove the recovery copy this session wrote, if any: it holds nothing the file
        does not (the map was saved, discarded, or undone back to the saved state)."""
        if self._recovered is not None:
            self.document.remove_recovery()
            self._recovered = None

    def on_unmount(self) -> None:
        self.document.writer.wait()  # a save or copy in flight is never lost
        if not self.crashed and not self.document.modified:
            self.forget_recovery_copy()

    def guard_tick(self) -> None:
        """Every few seconds: write the recovery copy; notice outside changes.

        Not while a save or copy is being written: the file may be half way to its new
        state, and the next tick writes the copy of the map as it is then.
        """
        if self.document.writer.busy:
            return
        self.write_recovery_copy(background=True)
        path = self.document.path
        if (
            path is not None
            and not self.document.writer.busy
            and not self.document.modified
            # Not over a cell editor, form or dialog: what is typed there is not in the
            # document yet. The offer waits for the map screen.
            and self.screen is self.map_screen
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
        from cxtui.tui.dialogs import ButtonDialog

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

    def check_recovery(self, path: Path) -> None:
        """At start: offer a recovery copy of the map's unsaved changes, if there is one,
        and mention the copies set aside earlier ("Keep for later")."""
        earlier = kept_recoveries(path)
        if earlier:
            count = len(earlier)
            self.notify(
                f"{count} recovery {'copy' if count == 1 else 'copies'} of {path.name} "
                f"set aside earlier, the newest {earlier[0].name}: open it with cxtui to look, "
                "delete it when done.",
                title="Unsaved changes kept for later",
                timeout=10,
            )
        if not recovery_path(path).exists():
            return
        recovery = find_recovery(path)
        if recovery is None:
            # A copy that does not open (cut short, or from a newer cxtui): never
            # overwrite it; set it aside where the person can look at it.
            kept = keep_recovery(path)
            if kept is None:
                self._recovery_pending = True
                self.notify(
                    f"{recovery_path(path).name} does not open and cannot be moved: "
                    "it is left as it is, and no recovery copy is written this time.",
                    title="A recovery copy was found",
                    severity="warning",
                    timeout=15,
                )
            else:
                self.notify(
                    f"It does not open; it was set aside as {kept}.",
                    title="A recovery copy was found",
                    severity="warning",
                    timeout=15,
                )
            return
        if recovery.journey == self.document.map:
            remove_recovery(path)  # it holds nothing the file does not
            return
        self._recovery_pending = True
        self.call_after_refresh(self.offer_recovery, recovery)

    def offer_recovery(self, recovery: Recovery) -> None:
        """A recovery copy holds edits that were never saved: Restore, Discard, or keep it.

        Escape keeps it for later (it is set aside, never lost). If the map's file
        changed after the copy was written (a ``git pull`` after a crash), the dialog
        says so, with both times, and keeping it is the first choice.
        """
        from cxtui.tui.dialogs import ButtonDialog

        path = self.document.path
        assert path is not None
        written = recovery.written.strftime("%Y-%m-%d %H:%M:%S")
        aside = aside_path(path, recovery.written).name

        def chosen(choice: str | None) -> None:
            self._recovery_pending = False
            if choice == "restore":
                self.document.apply(ReplaceMap(recovery.journey))
                self.map_screen.refresh_document()
                self.notify("restored the unsaved changes: ctrl+s saves them, u undoes")
            elif choice == "discard":
                self.document.remove_recovery()
                self.notify("discarded the recovery copy")
            else:
                kept = keep_recovery(path)
                if kept is None:
                    self._recovery_pending = True  # still there: never overwrite it
                    self.notify(
                        f"could not set the copy aside: {recovery.path.name} stays as it is, "
                        "and no recovery copy is written this time",
                        severity="warning",
                        timeout=10,
                    )
                else:
                    self.notify(f"kept the recovery copy as {kept}", timeout=10)

        choices = (
            "Restore: open the copy (ctrl+s saves it). Discard: delete the copy. "
            f"Keep for later: set it aside as {aside}."
        )
        if recovery.map_changed is None:
            title = f"Found unsaved changes to {path.name}."
            message = (
                f"A recovery copy written {written} holds changes that were never saved "
                "(the editor was closed by a dropped connection, a kill or a crash).\n\n" + choices
            )
            buttons = [
                ("restore", "Restore", "r"),
                ("discard", "Discard", "d"),
                ("keep", "Keep for later", "k"),
            ]
        else:
            changed = recovery.map_changed.strftime("%Y-%m-%d %H:%M:%S")
            title = f"Found unsaved changes to {path.name}, but the file changed since."
            message = (
                f"A recovery copy written {written} holds changes that were never saved, "
                f"but {path.name} changed after that, at {changed} (a git pull?): "
                "the copy lacks that change.\n\n"
                "Restore: open the copy instead (saving it replaces the newer file). "
                f"Discard: delete the copy. Keep for later: set it aside as {aside}, "
                "open the newer file, and compare the two with c."
            )
            buttons = [
                ("keep", "Keep for later", "k"),
                ("restore", "Restore", "r"),
                ("discard", "Discard", "d"),
            ]
        self.push_screen(
            ButtonDialog(
                title,
                message,
                buttons,
                escape="keep",
                escape_label="keep it for later",
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
        from cxtui.tui.cell_editor import CellEditor
        from cxtui.tui.dialogs import QuitDialog

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
