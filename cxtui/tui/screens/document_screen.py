"""The screen of one open document: its state, and what is done with its file.

:class:`DocumentScreen` holds the document and publishes its map, file name and
modified state as reactives, which the widgets are data-bound to: the document tells
the screen of every change (:meth:`Document.subscribe`), so nothing updates the screen
by hand. Its :class:`~cxtui.tui.guard.DocumentGuard` keeps the recovery copy and
notices outside changes. It saves (asking when the file changed on disk,
saying why when a save fails or would not load back), saves as, reloads,
exports, compares with another map, and guards quitting. :class:`MapScreen`
adds the grid and the editing actions.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.reactive import reactive
from textual.screen import Screen

from cxtui.background import on_loop
from cxtui.fileformat import MapFileError, SaveError, read_map
from cxtui.model import JourneyMap
from cxtui.recovery import remove_recovery, write_recovery
from cxtui.tui.autosave import Autosave
from cxtui.tui.guard import GUARD_INTERVAL, DocumentGuard
from cxtui.tui.served import outside_root, refusal, served_root

# The dialogs are imported by the methods that open them (not needed for the first frame).

if TYPE_CHECKING:
    from cxtui.document import Document, SaveOutcome
    from cxtui.presence import Presence
    from cxtui.tui.dialogs.prompts import TextPrompt


EXPORT_LABELS = {
    "md": "md: a Markdown table (GitHub, wikis, pull requests)",
    "csv": "csv: a spreadsheet",
    "html": "html: one self-contained page to share or print",
    "svg": "svg: a picture for slides",
    "mermaid": "mermaid: a Mermaid journey diagram",
    "json": "json: for scripts and jq",
}
EXPORT_SUFFIXES = {"md": ".md", "mermaid": ".mmd", "json": ".json", "csv": ".csv",
                   "html": ".html", "svg": ".svg"}  # fmt: skip


class DocumentScreen(Screen[None]):
    """A screen editing one :class:`~cxtui.document.Document`."""

    #: (`bindings`: every change asks the key bar again what can run, e.g. undo.)
    journey: reactive[JourneyMap | None] = reactive(None, bindings=True)
    modified: reactive[bool] = reactive(False)
    file_name: reactive[str] = reactive("untitled")
    read_only: reactive[bool] = reactive(False)
    #: The other editors that have the map open (kept by the guard's presence check).
    present: reactive[tuple[Presence, ...]] = reactive(())
    #: When autosave last saved the map (``14:02:31``; "" never).
    autosaved: reactive[str] = reactive("")
    #: The map's phases; the whole file's while the map is a preview of its first ones.
    phase_count: reactive[int] = reactive(0)
    #: The last clean merge of another editor's save (``merged bob's changes 14:03``;
    #: "" none): the status line says it instead of a toast.
    merged: reactive[str] = reactive("")

    def __init__(self, document: Document, *, guarded: bool = True) -> None:
        """`guarded`: write the recovery copy and check the file every few seconds
        (tests may turn it off)."""
        super().__init__()
        self.document = document
        self.guarded = guarded
        #: The first change to a read-only map was warned about (once, like vim's W10).
        self._warned_read_only = False
        #: The person chose to drop the unsaved edits (quitting): no recovery copy.
        self._discarded = False
        self.guard = DocumentGuard(self)
        self.autosave = Autosave(self)
        self.set_reactive(DocumentScreen.journey, document.map)
        self.set_reactive(DocumentScreen.modified, document.modified)
        self.set_reactive(DocumentScreen.file_name, document.name)
        self.set_reactive(DocumentScreen.read_only, document.read_only is not None)
        self.set_reactive(DocumentScreen.phase_count, document.phase_count)
        self._leave_document = document.subscribe(self._show_document)
        #: A save is being written (on the document's writer thread).
        self.saving = False
        #: What waits for that save to end (another save, quitting).
        self._after_save: list[Callable[[], None]] = []

    @property
    def map(self) -> JourneyMap:
        """The map being edited."""
        return self.document.map

    @property
    def is_current(self) -> bool:
        """Whether this screen is the one in front (no dialog over it)."""
        return self.app.screen is self

    def _show_document(self) -> None:
        """Publish the document's map, file name and modified state (it just changed)."""
        self.journey = self.document.map
        self.modified = self.document.modified
        self.file_name = self.document.name
        self.read_only = self.document.read_only is not None
        self.phase_count = self.document.phase_count
        if self.read_only and self.modified and not self._warned_read_only:
            self._warned_read_only = True
            self.notify(
                f"{self.document.name}: {self.document.read_only}. Your changes cannot "
                "be saved to it: "
                "ctrl+w saves them under another name.",
                title=f"Changing a read-only map: {self.document.name}",
                severity="warning",
                timeout=10,
            )

    def on_mount(self) -> None:
        if self.guarded:
            self.set_interval(GUARD_INTERVAL, self.guard.tick)
            if self.document.path is not None:  # who else is here, from the first frame
                self.call_after_refresh(self.guard.look_around, self.document.path)
        self.autosave.start()
        if self.document.unread is not None:
            # The first screen shows a preview of the first phases: read the rest
            # once it is painted (keys pressed meanwhile wait for the whole map).
            self.call_after_refresh(self.finish_loading)
        else:  # (after the first frame: it scans the map's folder)
            self.call_after_refresh(self.guard.check_recovery)
        path = self.document.path
        # (cxtui refuses to open a new map in a missing folder, so this is one beside it)
        if (
            path is not None
            and not path.exists()
            and not path.is_symlink()
            and path.parent.is_dir()
        ):
            self.say_new_file(path)

    def finish_loading(self) -> None:
        """Read the whole map whose first phases are on the screen (the document tells
        the screen); on a problem in the file, leave: the launcher reports it as for any
        file that does not open. Done once: after the first frame, or at a key before it."""
        if self.document.unread is None:
            return
        try:
            self.document.finish_loading()
        except MapFileError as error:
            self.app.load_error = error  # type: ignore[attr-defined]
            self.app.exit(return_code=1)
            return
        self.guard.check_recovery()

    def say_new_file(self, path: Path) -> None:
        """Say that `path` is a new map (a misspelt name would otherwise pass unseen)."""
        from cxtui.fileformat import close_file_name

        close = close_file_name(path)
        self.notify(
            f"new file: {path.name} (not saved yet)"
            + (f"; did you mean {close}?" if close else ""),
            severity="warning" if close else "information",
            timeout=10,
        )

    def on_unmount(self) -> None:
        self.document.writer.wait()  # a save or copy in flight is never lost
        self._leave_document()
        if not self.document.modified:
            self.guard.forget_recovery_copy()
        elif served_root() is not None and not self._discarded:
            # Its browser tab closed: the editor ends without asking. Keep the edits.
            self.guard.write_recovery_copy()
        self.guard.withdraw()

    def ask(self, prompt: TextPrompt, then: Callable[[str], None]) -> None:
        """Show `prompt` and pass its answer to `then` unless it was cancelled."""

        def answered(value: str | None) -> None:
            if value is not None:
                then(value)

        self.app.push_screen(prompt, answered)

    # -- files -------------------------------------------------------------------------

    def action_save(self, then: Callable[[], None] | None = None) -> None:
        """Save to the map's file (asking for one if it has none); then run `then`."""
        path = self.document.path
        if self.saving:  # its file is changing: ask again when it is written
            self._after_save.append(lambda: self.action_save(then))
        elif path is None:
            self.action_save_as(then)
        elif self.document.check_access() is not None:
            self._read_only_refused(path, self.document.read_only or "", then)
        elif self.document.changed_on_disk():
            self._resolve_conflict(path, then)
        else:
            self._write(path, then, unless_changed=True)

    def _resolve_conflict(self, path: Path, then: Callable[[], None] | None) -> None:
        """The file changed on disk since we read it: never overwrite it without asking."""
        from cxtui.tui.dialogs.prompts import ButtonDialog

        def chosen(choice: str | None) -> None:
            if choice == "merge":
                self._merge_and_write(path, then)
            elif choice == "overwrite":
                self._write(path, then)
            elif choice == "reload":
                self.reload(confirm=True)
            elif choice == "save_as":
                self.action_save_as(then)

        self.app.push_screen(
            ButtonDialog(
                f"{path.name} changed on disk since you opened it.",
                "Someone (or something) else wrote it. Merge (keep their changes and "
                "yours, then save), overwrite their version with yours, reload theirs and "
                "drop your edits, or save yours under another name?",
                [
                    ("cancel", "Cancel", "c"),
                    ("merge", "Merge", "m"),
                    ("overwrite", "Overwrite", "o"),
                    ("reload", "Reload", "r"),
                    ("save_as", "Save as", "a"),
                ],
                dialog_id="conflict-dialog",
            ),
            chosen,
        )

    def _merge_and_write(self, path: Path, then: Callable[[], None] | None) -> None:
        """Their version with this session's edits merged in (three-way, from the version
        this editor last loaded or saved; cxtui.merge), then saved. A change both made two
        ways stays in the map as a conflict, to settle with M before saving."""
        try:
            merged = self.document.merge_from_disk()
        except MapFileError as error:
            self.notify(str(error), title="Not merged", severity="error", timeout=10)
            return
        if merged.conflicts:
            count = len(merged.conflicts)
            self.notify(
                f"merged the changes saved to {path.name}: {count} "
                f"conflict{'s' if count != 1 else ''} to settle with M, then ctrl+s",
                severity="warning",
                timeout=10,
            )
            return
        self.notify(f"merged the changes saved to {path.name} with yours", timeout=4)
        self.action_save(then)  # asks again if it changed once more meanwhile

    def reload(self, confirm: bool) -> None:
        """Read the map's file again (asking first when that drops unsaved edits)."""
        from cxtui.tui.dialogs.prompts import ConfirmDialog

        path = self.document.path
        if path is None:
            return

        def do_reload(ok: bool | None = True) -> None:
            if not ok:
                return
            try:
                journey = read_map(path)
            except MapFileError as error:
                self.notify(
                    str(error), title="The file on disk does not load", severity="error", timeout=10
                )
                return
            self.document.mark_loaded(journey)
            self.document.remove_recovery()
            self.notify(f"reloaded {path.name}")

        if confirm and self.document.modified:
            self.app.push_screen(
                ConfirmDialog("Drop your unsaved edits and reload?", yes="Reload", no="Cancel"),
                do_reload,
            )
        else:
            do_reload()

    def is_own_file(self, target: Path) -> bool:
        """Whether `target` names the map's own file (by any path, links included)."""
        path = self.document.path
        if path is None:
            return False
        try:
            return os.path.samefile(target, path)
        except OSError:
            return target.resolve() == path.resolve()

    def refused_outside(self, target: Path, what: str) -> bool:
        """Served to browsers, `target` outside the served folder: say so (`what` was not
        done) and return True; the editor touches nothing there."""
        root = outside_root(target)
        if root is None:
            return False
        self.notify(refusal(target, root), title=what, severity="error", timeout=10)
        return True

    def unless_declined_overwrite(
        self,
        target: Path,
        write: Callable[[], None],
        what: str,
        declined: str,
        enter_overwrites: bool = False,
    ) -> None:
        """Run `write`, first asking whether to overwrite `target` with `what` if it exists
        (Enter cancels unless `enter_overwrites`); when the person declines, say so with
        `declined`."""
        from cxtui.tui.dialogs.prompts import OverwriteDialog

        if not target.exists():
            write()
            return

        def chosen(choice: str | None) -> None:
            if choice == "overwrite":
                write()
            else:
                self.notify(declined, timeout=5)

        self.app.push_screen(OverwriteDialog(target, what, enter_overwrites), chosen)

    def action_save_as(self, then: Callable[[], None] | None = None) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt, default_save_name

        path = self.document.path
        default = str(path) if path else default_save_name(self.map.title)

        def chosen(name: str) -> None:
            if not name.strip():
                return
            target = Path(name.strip()).expanduser()
            if self.refused_outside(target, "Not saved"):
                return
            if self.is_own_file(target):
                self.action_save(then)  # which asks if it changed on disk
                return
            self.unless_declined_overwrite(
                target,
                lambda: self._write(target, then),
                "this map",
                f"not saved: {target} is as it was, and the map is still open",
            )

        self.ask(TextPrompt("Save as", default, hint="Enter: save · Esc: cancel"), chosen)

    def _write(
        self,
        path: Path,
        then: Callable[[], None] | None,
        *,
        auto: bool = False,
        unless_changed: bool = False,
    ) -> None:
        """Save the map as it is now to `path`, off the editor's thread; when it is
        written, say so (`auto`: in the status line only) and run `then` (edits made
        meanwhile stay unsaved). `unless_changed`: not if another editor saved the file
        since this one last looked (then ctrl+s asks, and autosave waits for the merge)."""
        if self.refused_outside(path, "Not saved"):
            return
        self.saving = True
        done = on_loop(asyncio.get_running_loop(), partial(self._written, path, then, auto))
        self.document.start_save(path, done, unless_changed=unless_changed or auto)

    def autosave_now(self) -> None:
        """Save the map to its file the way ctrl+s does, saying so only in the status line
        (:class:`~cxtui.tui.autosave.Autosave` decides when)."""
        if self.document.path is not None:
            self._write(self.document.path, None, auto=True)

    def _written(
        self,
        path: Path,
        then: Callable[[], None] | None,
        auto: bool,
        outcome: SaveOutcome | Exception,
    ) -> None:
        self.saving = False
        waiting, self._after_save = self._after_save, []
        if isinstance(outcome, Exception):  # not a refusal or an OSError: a bug
            self._save_failed(path, SaveError(0, f"cannot save {path}: {outcome!r}"), then)
        elif outcome.changed:  # another editor saved since this one last looked
            if auto:
                self.autosave.retry()  # after their save is merged in
            else:
                self.action_save(then)  # which asks what to do
        elif outcome.problems:
            self._save_refused(path, outcome.problems[0])
        elif outcome.error is not None:
            self._save_failed(path, outcome.error, then)
        else:
            old_path = self.document.path
            self.document.finish_save(outcome)
            if old_path is not None and old_path != path and not self.document.modified:
                remove_recovery(old_path)
            self.merged = ""  # (this save has the merge in it: old news)
            if auto:
                self.autosaved = time.strftime("%H:%M:%S")
            else:
                self.notify(f"saved {path}", timeout=2)
            if then is not None:
                then()
        for action in waiting:
            action()

    def _read_only_refused(self, path: Path, reason: str, then: Callable[[], None] | None) -> None:
        """The user may not write the map's file: write nothing, say why, offer save as."""
        from cxtui.tui.dialogs.prompts import ButtonDialog

        def chosen(choice: str | None) -> None:
            if choice == "save_as":
                self.action_save_as(then)

        self.app.push_screen(
            ButtonDialog(
                f"Not saved: {path.name} is read-only",
                f"{reason[:1].upper()}{reason[1:]}, so cxtui does not replace it (nor "
                "change who owns it).\n\n"
                "Your map is still open with all its edits. Save it under another name, "
                "or ask the file's owner to let you write it.",
                [("save_as", "Save as", "a"), ("ok", "OK", "o")],
                escape="ok",
                dialog_id="read-only-dialog",
            ),
            chosen,
        )

    def _save_refused(self, path: Path, problem: str) -> None:
        """The map's file would not load back: write nothing, keep the edits, say why."""
        from cxtui.tui.dialogs.prompts import ButtonDialog

        self.app.push_screen(
            ButtonDialog(
                "Not saved: cxtui could not open the file again",
                f"{problem}.\n\nYour map is still open with all its edits; {path.name} on disk "
                "is as it was. Undo (u) the change that went too far, or make the map "
                "smaller, then press ctrl+s again.",
                [("ok", "OK", "o")],
                escape="ok",
                escape_label="close",
                dialog_id="save-refused-dialog",
            )
        )

    def _save_failed(self, path: Path, error: SaveError, then: Callable[[], None] | None) -> None:
        from cxtui.tui.dialogs.prompts import ButtonDialog

        if self.document.path is not None:
            write_recovery(self.document.path, self.map)

        def chosen(choice: str | None) -> None:
            if choice == "save_as":
                self.action_save_as(then)

        self.app.push_screen(
            ButtonDialog(
                "Not saved",
                f"{error.strerror}.\n\nYour map is still open, unchanged; {path.name} on disk "
                "is as it was. Save it under another name, or fix the problem and press ctrl+s "
                "again.",
                [("save_as", "Save as", "a"), ("ok", "OK", "o")],
                escape="ok",
                dialog_id="save-failed-dialog",
            ),
            chosen,
        )

    def action_export(self) -> None:
        from cxtui.interchange import export_formats
        from cxtui.tui.dialogs.prompts import ChoiceDialog, TextPrompt, default_save_name

        choices = [(name, EXPORT_LABELS.get(name, name)) for name in export_formats()]

        def chosen_format(fmt: str | None) -> None:
            if fmt is None:
                return
            base = self.document.path or Path(default_save_name(self.map.title))
            default = str(base.with_suffix(EXPORT_SUFFIXES.get(fmt, f".{fmt}")))
            self.ask(
                TextPrompt(f"Export as {fmt} to", default, hint="Enter: export · Esc: cancel"),
                lambda name: self._export(fmt, Path(name.strip()).expanduser()),
            )

        self.app.push_screen(ChoiceDialog("Export the map as", choices), chosen_format)

    def _export(self, fmt: str, target: Path) -> None:
        if self.refused_outside(target, "Not exported"):
            return
        if self.is_own_file(target):
            self.notify("that is the map's own file: choose another name", severity="warning")
            return
        self.unless_declined_overwrite(
            target,
            lambda: self._write_export(fmt, target),
            f"the export ({fmt})",
            f"not exported: {target} is as it was",
            enter_overwrites=True,  # exporting again to the same name is the usual case
        )

    def _write_export(self, fmt: str, target: Path) -> None:
        from cxtui.interchange import exporter
        from cxtui.saving import write_file

        try:
            write_file(target, exporter(fmt)(self.map))
        except SaveError as error:
            self.notify(str(error.strerror), title="Not exported", severity="error", timeout=10)
            return
        self.notify(f"exported to {target}")

    def action_compare(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt
        from cxtui.tui.screens.text_page import ComparePage, comparison_order

        folder = self.document.path.parent if self.document.path else Path.cwd()

        def compare(name: str) -> None:
            path = Path(name.strip()).expanduser()
            if self.refused_outside(path, "Not compared"):
                return
            try:
                other = read_map(path)
            except MapFileError as error:
                self.notify(str(error), title="Cannot compare", severity="error", timeout=10)
                return
            # Current state → future state, whichever of the two is open (s swaps them).
            sides = comparison_order((self.map, self.document.name), (other, path.name))
            self.app.push_screen(ComparePage(*sides))

        self.ask(
            TextPrompt(
                "Compare this map with (shown current → future state; s swaps)",
                f"{folder}{os.sep}",
                hint="Enter: compare · Esc: cancel",
            ),
            compare,
        )

    def close(self) -> None:
        """Leave the document: back to the screen that opened it (the library), or out
        of the app when it is the first screen."""
        if self.app.screen_stack[0] is self:
            self.app.exit()
        else:
            self.dismiss(None)

    def action_quit(self) -> None:
        from cxtui.tui.dialogs.prompts import QuitDialog

        if self.saving:  # whether anything is left unsaved is known when it is written
            self._after_save.append(self.action_quit)
            return
        if not self.document.modified:
            self.close()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then=self.close)
            elif choice == "discard":
                self._discarded = True
                self.document.remove_recovery()
                self.close()

        self.app.push_screen(QuitDialog(self.document.name), chosen)
