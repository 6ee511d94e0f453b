"""The screen of one open document: its state, and what is done with its file.

:class:`DocumentScreen` holds the document and publishes its map, file name and
modified state as reactives; it saves (asking when the file changed on disk,
saying why when a save fails or would not load back), saves as, reloads,
exports, compares with another map, and guards quitting. :class:`MapScreen`
adds the grid and the editing actions.
"""

from __future__ import annotations

import asyncio
import os
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

# The dialogs are imported by the methods that open them (not needed for the first frame).

if TYPE_CHECKING:
    from cxtui.document import Document, SaveOutcome
    from cxtui.tui.dialogs import TextPrompt


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

    journey: reactive[JourneyMap | None] = reactive(None)
    modified: reactive[bool] = reactive(False)
    file_name: reactive[str] = reactive("untitled")

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        #: A save is being written (on the document's writer thread).
        self.saving = False
        #: What waits for that save to end (another save, quitting).
        self._after_save: list[Callable[[], None]] = []

    @property
    def map(self) -> JourneyMap:
        """The map being edited."""
        return self.document.map

    def refresh_document(self) -> None:
        """Show the document's current map, file name and modified state."""
        self.journey = self.document.map
        self.modified = self.document.modified
        self.file_name = self.document.name

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
        elif self.document.changed_on_disk():
            self._resolve_conflict(path, then)
        else:
            self._write(path, then)

    def _resolve_conflict(self, path: Path, then: Callable[[], None] | None) -> None:
        """The file changed on disk since we read it: never overwrite it without asking."""
        from cxtui.tui.dialogs import ButtonDialog

        def chosen(choice: str | None) -> None:
            if choice == "overwrite":
                self._write(path, then)
            elif choice == "reload":
                self.reload(confirm=True)
            elif choice == "save_as":
                self.action_save_as(then)

        self.app.push_screen(
            ButtonDialog(
                f"{path.name} changed on disk since you opened it.",
                "Someone (or something) else wrote it. Overwrite their version with yours, "
                "reload theirs and drop your edits, or save yours under another name?",
                [
                    ("cancel", "Cancel", "c"),
                    ("overwrite", "Overwrite", "o"),
                    ("reload", "Reload", "r"),
                    ("save_as", "Save as", "a"),
                ],
                dialog_id="conflict-dialog",
            ),
            chosen,
        )

    def reload(self, confirm: bool) -> None:
        """Read the map's file again (asking first when that drops unsaved edits)."""
        from cxtui.tui.dialogs import ConfirmDialog

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
            self.refresh_document()
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

    def unless_declined_overwrite(self, target: Path, write: Callable[[], None]) -> None:
        """Run `write`, first asking whether to overwrite `target` if it exists."""
        from cxtui.tui.dialogs import ConfirmDialog

        if not target.exists():
            write()
            return

        def confirmed(overwrite: bool | None) -> None:
            if overwrite:
                write()

        self.app.push_screen(
            ConfirmDialog(f"{target} exists. Overwrite it?", yes="Overwrite", no="Cancel"),
            confirmed,
        )

    def action_save_as(self, then: Callable[[], None] | None = None) -> None:
        from cxtui.tui.dialogs import TextPrompt, default_save_name

        path = self.document.path
        default = str(path) if path else default_save_name(self.map.title)

        def chosen(name: str) -> None:
            if not name.strip():
                return
            target = Path(name.strip()).expanduser()
            if self.is_own_file(target):
                self.action_save(then)  # which asks if it changed on disk
                return
            self.unless_declined_overwrite(target, lambda: self._write(target, then))

        self.ask(TextPrompt("Save as", default, hint="Enter: save · Esc: cancel"), chosen)

    def _write(self, path: Path, then: Callable[[], None] | None) -> None:
        """Save the map as it is now to `path`, off the editor's thread; when it is
        written, say so and run `then` (edits made meanwhile stay unsaved)."""
        self.saving = True
        done = on_loop(asyncio.get_running_loop(), partial(self._written, path, then))
        self.document.start_save(path, done)

    def _written(
        self, path: Path, then: Callable[[], None] | None, outcome: SaveOutcome | Exception
    ) -> None:
        self.saving = False
        waiting, self._after_save = self._after_save, []
        if isinstance(outcome, Exception):  # not a refusal or an OSError: a bug
            self._save_failed(path, SaveError(0, f"cannot save {path}: {outcome!r}"), then)
        elif outcome.problems:
            self._save_refused(path, outcome.problems[0])
        elif outcome.error is not None:
            self._save_failed(path, outcome.error, then)
        else:
            old_path = self.document.path
            self.document.finish_save(outcome)
            if old_path is not None and old_path != path and not self.document.modified:
                remove_recovery(old_path)
            self.refresh_document()
            self.notify(f"saved {path}", timeout=2)
            if then is not None:
                then()
        for action in waiting:
            action()

    def _save_refused(self, path: Path, problem: str) -> None:
        """The map's file would not load back: write nothing, keep the edits, say why."""
        from cxtui.tui.dialogs import ButtonDialog

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
        from cxtui.tui.dialogs import ButtonDialog

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
        from cxtui.tui.dialogs import ChoiceDialog, TextPrompt, default_save_name

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
        if self.is_own_file(target):
            self.notify("that is the map's own file: choose another name", severity="warning")
            return
        self.unless_declined_overwrite(target, lambda: self._write_export(fmt, target))

    def _write_export(self, fmt: str, target: Path) -> None:
        from cxtui.fileformat import write_atomic
        from cxtui.interchange import exporter

        try:
            write_atomic(target, exporter(fmt)(self.map))
        except SaveError as error:
            self.notify(str(error.strerror), title="Not exported", severity="error", timeout=10)
            return
        self.notify(f"exported {target}")

    def action_compare(self) -> None:
        from cxtui.tui.dialogs import TextPrompt
        from cxtui.tui.text_view import TextPage

        folder = self.document.path.parent if self.document.path else Path.cwd()

        def compare(name: str) -> None:
            from cxtui.diff import diff_maps, format_diff

            path = Path(name.strip()).expanduser()
            try:
                other = read_map(path)
            except MapFileError as error:
                self.notify(str(error), title="Cannot compare", severity="error", timeout=10)
                return
            changes = diff_maps(self.map, other)
            text = (
                format_diff(changes, self.map, other, "text", self.document.name, str(path))
                if changes
                else "The maps are the same."
            )
            self.app.push_screen(TextPage(f"{self.document.name} → {path.name}", text))

        self.ask(
            TextPrompt(
                "Compare this map with (e.g. the future-state map)",
                f"{folder}{os.sep}",
                hint="Enter: compare · Esc: cancel",
            ),
            compare,
        )

    def action_quit(self) -> None:
        from cxtui.tui.dialogs import QuitDialog

        if self.saving:  # whether anything is left unsaved is known when it is written
            self._after_save.append(self.action_quit)
            return
        if not self.document.modified:
            self.app.exit()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then=self.app.exit)
            elif choice == "discard":
                self.document.remove_recovery()
                self.app.exit()

        self.app.push_screen(QuitDialog(self.document.name), chosen)
