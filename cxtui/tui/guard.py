"""What keeps an open document's work safe: the recovery copy of unsaved changes, the
offer of a copy left by an earlier session, and noticing that the file changed on disk.

A :class:`DocumentGuard` belongs to one :class:`~cxtui.tui.screens.document_screen.DocumentScreen`
and works through it (its dialogs and toasts); the screen runs :meth:`DocumentGuard.tick`
every :data:`GUARD_INTERVAL` seconds.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from cxtui.background import on_loop
from cxtui.document import DiskState
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
from cxtui.saving import interrupted_save_message, interrupted_saves

if TYPE_CHECKING:
    from cxtui.presence import Presence
    from cxtui.tui.screens.document_screen import DocumentScreen

#: How often unsaved changes are copied to the recovery file, and the file checked.
GUARD_INTERVAL = 2.0


def merged_note(present: list[Presence]) -> str:
    """What the status line says after a clean merge of the others' saves: whose (when
    only one other editor has the map open) and when, as ``merged bob's changes 14:03``."""
    whose = f"{present[0].user}'s" if len(present) == 1 else "the others'"
    return f"merged {whose} changes {time.strftime('%H:%M')}"


class DocumentGuard:
    """Recovery copies and outside changes for the document of `screen`."""

    def __init__(self, screen: DocumentScreen) -> None:
        self.screen = screen
        self.document = screen.document
        self._recovered: JourneyMap | None = None  # the map the recovery copy holds
        self._unrecoverable: JourneyMap | None = None  # a map that cannot be written
        self._offered_reload = False
        #: The file on disk as it was when the person declined to reload it: not
        #: offered again, and not taken as the version we know (ctrl+s still asks).
        self._declined_disk: DiskState | None = None
        #: A recovery copy was found that the person has not decided about yet:
        #: nothing may overwrite it until they have.
        self.recovery_pending = False
        #: The other editors last seen with the map open, by host:pid.
        self._present: dict[str, Presence] = {}
        #: Where this session's recovery copies go, chosen at the first one: the usual
        #: place, or (when another editor's copy is there already) a copy set aside.
        self._recovery_file: tuple[Path, Path] | None = None  # (the map's path, the copy's)

    # -- the recovery copy -----------------------------------------------------------

    def write_recovery_copy(self, *, background: bool = False) -> None:
        """Copy unsaved changes beside the map (not over it), if there are new ones.

        With `background`, the copy is made on the document's writer thread (the map is
        immutable; the copy is of the map as it is now); else here, after any write in
        flight (on a hang-up, and after a crash).
        """
        path = self.document.path
        if path is None or self.recovery_pending:
            return
        if not self.document.modified:
            self.forget_recovery_copy()  # e.g. undone back to the saved map
            return
        journey = self.document.map
        if journey is self._recovered or journey is self._unrecoverable:
            return
        if background:
            done = on_loop(asyncio.get_running_loop(), partial(self._recovery_written, journey))
            to = self._recovery_target(path)
            self.document.writer.submit(partial(try_write_recovery, path, journey, to), done)
        else:
            self.document.writer.wait()
            to = self._recovery_target(path)
            self._recovery_written(journey, try_write_recovery(path, journey, to))

    def _recovery_target(self, path: Path) -> Path:
        """Where this session writes its recovery copy: never over another editor's
        (another login, another browser tab) that holds their unsaved edits."""
        if self._recovery_file is None or self._recovery_file[0] != path:
            usual = recovery_path(path)
            if usual.exists():  # not this session's: set ours aside, found on next open
                aside = aside_path(path, datetime.now())
                self._recovery_file = (path, aside.with_name(f"{aside.name}-{os.getpid()}"))
            else:
                self._recovery_file = (path, usual)
        target = self._recovery_file[1]
        self.document.recovery_file = None if target == recovery_path(path) else target
        return target

    def _recovery_written(
        self, journey: JourneyMap, outcome: tuple[bool, list[str]] | Exception
    ) -> None:
        if isinstance(outcome, Exception):
            return  # not written: the next tick tries again
        written, problems = outcome
        if problems:
            # Keep the last sound copy rather than write one that cannot be opened.
            self._unrecoverable = journey
            self.screen.notify(
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

    # -- every few seconds -------------------------------------------------------------

    def tick(self) -> None:
        """Write the recovery copy; say who else has the map open and merge their saves;
        notice outside changes.

        Not while a save or copy is being written: the file may be half way to its new
        state, and the next tick writes the copy of the map as it is then.
        """
        if self.document.writer.busy:
            return
        self.write_recovery_copy(background=True)
        path = self.document.path
        if path is not None and self.share_tick(path):
            return
        if (
            path is not None
            and not self.document.writer.busy
            and not self.document.modified
            # Not over a cell editor, form or dialog: what is typed there is not in the
            # document yet. The offer waits for the document's own screen.
            and self.screen.is_current
            and not self._offered_reload
            and self.document.changed_on_disk()
            and path.exists()
        ):
            now = DiskState.of(path)
            if now is not None and now != self._declined_disk:
                self._offered_reload = True
                self.offer_reload()

    def share_tick(self, path: Path) -> bool:
        """Keep this editor's presence file fresh, say who else has the map open, and
        while someone does, merge their saves into this map at once (one undoable step).
        True if it merged."""
        present = self.look_around(path)
        if (
            not present
            or not self.screen.is_current
            or not self.document.changed_on_disk()
            or not path.exists()
        ):
            return False
        try:
            merged = self.document.merge_from_disk()
        except MapFileError:
            return False  # (a half-written or broken file: the next tick tries again)
        clashes = len(merged.conflicts)
        if clashes:  # a real conflict speaks up: it needs a decision
            self.screen.notify(
                f"merged the saved changes to {path.name}: "
                f"{clashes} conflict{'s' if clashes != 1 else ''}, press M",
                severity="warning",
                timeout=8,
            )
        else:  # a clean merge is quiet (with autosave it comes every few seconds)
            self.screen.merged = merged_note(present)
        return True

    def look_around(self, path: Path) -> list[Presence]:
        """Announce this editor beside `path` and find the others that have it open: the
        status line shows who is here (the screen's `present`), a toast says who came and
        who went. None found when the folder cannot be written (presence is a courtesy)."""
        from cxtui.presence import announce, others
        from cxtui.user import current_user

        present = others(path) if announce(path, current_user()) is not None else []
        self.screen.present = tuple(present)
        now = {f"{p.host}:{p.pid}": p for p in present}
        for key, p in now.items():
            before = self._present.get(key)
            if before is None:
                self.screen.notify(f"{p.describe()} also has {path.name} open", timeout=6)
            elif before.user != p.user:  # a served tab's person said their name
                self.screen.notify(f"{before.user} is {p.user}", timeout=6)
        for key, p in self._present.items():
            if key not in now:
                self.screen.notify(f"{p.user} on {p.host} closed {path.name}", timeout=4)
        self._present = now
        return present

    def withdraw(self) -> None:
        """Take this editor's presence file away (the map is closed)."""
        if self.document.path is not None:
            from cxtui.presence import withdraw

            withdraw(self.document.path)

    def offer_reload(self) -> None:
        """The file changed on disk and we have no edits: offer to show the new version.

        Keeping ours does not take the file on disk as the version we loaded: ctrl+s
        then still asks before writing over it.
        """
        from cxtui.tui.dialogs.prompts import ButtonDialog

        path = self.document.path
        assert path is not None

        def chosen(choice: str | None) -> None:
            self._offered_reload = False
            if choice == "reload":
                self._declined_disk = None
                self.screen.reload(confirm=True)
            else:
                self._declined_disk = DiskState.of(path)

        self.screen.app.push_screen(
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

    # -- a copy left by an earlier session ---------------------------------------------

    def check_recovery(self) -> None:
        """At start: offer a recovery copy of the map's unsaved changes, if there is one,
        and mention the copies set aside earlier ("Keep for later") and those of saves
        that were cut short."""
        path = self.document.path
        if path is None:
            return
        for copy in interrupted_saves(path):
            message = interrupted_save_message(path, copy, short=True)
            self.screen.notify(
                message, title="A save was cut short", severity="warning", timeout=30
            )
        earlier = kept_recoveries(path)
        if earlier:
            count = len(earlier)
            self.screen.notify(
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
                self.recovery_pending = True
                self.screen.notify(
                    f"{recovery_path(path).name} does not open and cannot be moved: "
                    "it is left as it is, and no recovery copy is written this time.",
                    title="A recovery copy was found",
                    severity="warning",
                    timeout=15,
                )
            else:
                self.screen.notify(
                    f"It does not open; it was set aside as {kept}.",
                    title="A recovery copy was found",
                    severity="warning",
                    timeout=15,
                )
            return
        if recovery.journey == self.document.map:
            remove_recovery(path)  # it holds nothing the file does not
            return
        from cxtui.presence import others

        live = others(path)
        if live:  # most likely theirs, kept up to date: neither taken nor thrown away
            self.screen.notify(
                f"{live[0].describe()} has {path.name} open: the recovery copy beside it "
                "holds unsaved changes, most likely theirs, so it is left alone (it is "
                "offered here once no one else has the map open).",
                title="Someone else's unsaved changes",
                timeout=15,
            )
            return
        self.recovery_pending = True
        self.screen.call_after_refresh(self.offer_recovery, recovery)

    def offer_recovery(self, recovery: Recovery) -> None:
        """A recovery copy holds edits that were never saved: Restore, Discard, or keep it.

        Escape keeps it for later (it is set aside, never lost). If the map's file
        changed after the copy was written (a ``git pull`` after a crash), the dialog
        says so, with both times, and keeping it is the first choice.
        """
        from cxtui.tui.dialogs.prompts import ButtonDialog

        path = self.document.path
        assert path is not None
        written = recovery.written.strftime("%Y-%m-%d %H:%M:%S")
        aside = aside_path(path, recovery.written).name

        def chosen(choice: str | None) -> None:
            self.recovery_pending = False
            if choice == "restore":
                self._recovery_file = (path, recovery.path)  # its edits are ours now
                self.document.recovery_file = None
                self.document.apply(ReplaceMap(recovery.journey))
                self.screen.notify("restored the unsaved changes: ctrl+s saves them, u undoes")
            elif choice == "discard":
                self.document.remove_recovery()
                self.screen.notify("discarded the recovery copy")
            else:
                kept = keep_recovery(path)
                if kept is None:
                    self.recovery_pending = True  # still there: never overwrite it
                    self.screen.notify(
                        f"could not set the copy aside: {recovery.path.name} stays as it is, "
                        "and no recovery copy is written this time",
                        severity="warning",
                        timeout=10,
                    )
                else:
                    self.screen.notify(f"kept the recovery copy as {kept}", timeout=10)

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
        self.screen.app.push_screen(
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
