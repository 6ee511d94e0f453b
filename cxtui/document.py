"""An open map: its file, its undo history and whether it has unsaved changes.

Pure Python (no Textual): the editor keeps one :class:`Document` and turns
keys into :class:`~cxtui.model.Edit` objects applied here. Whatever changes the
document (an edit, undo, redo, a save, a reload) tells its subscribers, so the
screen showing it never has to be told by hand.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from cxtui.background import SerialWriter
from cxtui.fileformat import (
    PREVIEW_CHARS,
    SaveError,
    count_phase_tables,
    loads,
    preview_map,
    read_text,
    savable_text,
)
from cxtui.model import Batch, Edit, JourneyMap, ModelError, Persona, ReplaceMap
from cxtui.record import record
from cxtui.recovery import remove_recovery
from cxtui.saving import why_read_only, write_file


@record
class DiskState:
    """What a file on disk looked like when we last read or wrote it."""

    size: int
    mtime_ns: int
    #: The content's hash: Python's keyed 64-bit hash of the bytes, which is all a check
    #: within this process needs (a DiskState is never kept or sent elsewhere), without
    #: importing hashlib and OpenSSL before the editor's first frame.
    digest: int

    @classmethod
    def of(cls, path: Path) -> DiskState | None:
        """The state of `path` now, or None if it does not exist."""
        try:
            info = path.stat()
            data = path.read_bytes()
        except OSError:
            return None
        return cls(info.st_size, info.st_mtime_ns, hash(data))


@record
class SaveOutcome:
    """What became of saving `journey` to `path`: saved (`disk` is the file now), refused
    (`problems`: it would not load back; nothing written) or failed (`error`)."""

    journey: JourneyMap
    path: Path
    problems: tuple[str, ...] = ()
    error: SaveError | None = None
    disk: DiskState | None = None
    #: Not written: the file changed on disk since it was last read or written (only
    #: for a save that asked to be refused then, see :meth:`Document.start_save`).
    changed: bool = False

    @property
    def saved(self) -> bool:
        return not self.problems and self.error is None and not self.changed


def changed_since(path: Path, disk: DiskState | None) -> bool:
    """Whether `path` is no longer the file `disk` describes (None: no file)."""
    now = DiskState.of(path)
    if now is None or disk is None:
        return now != disk
    if (now.size, now.mtime_ns) == (disk.size, disk.mtime_ns):
        return False
    return now.digest != disk.digest


def write_map_file(
    journey: JourneyMap,
    path: Path,
    *,
    only_over: bool = False,
    disk: DiskState | None = None,
    recovery: Path | None = None,
) -> SaveOutcome:
    """Check and write `journey` to `path` (:func:`cxtui.saving.write_file`), serialising
    it once, then remove the recovery copy it makes stale (`recovery`: this editor's,
    set aside from the usual place, where another editor's copy is). Never raises for a refused or
    failed save (a file the user may not write: a :class:`~cxtui.saving.ReadOnlyError`).
    With `only_over`, nothing is written if the file is no longer the one `disk`
    describes (None: no file), e.g. another editor saved meanwhile."""
    if only_over and changed_since(path, disk):
        return SaveOutcome(journey, path, changed=True)
    text, problems = savable_text(journey)
    if problems:
        return SaveOutcome(journey, path, problems=tuple(problems))
    try:
        write_file(path, text)
    except SaveError as error:
        return SaveOutcome(journey, path, error=error)
    if recovery is None:
        remove_recovery(path)
    else:
        with contextlib.suppress(OSError):
            os.unlink(recovery)
    return SaveOutcome(journey, path, disk=DiskState.of(path))


@record
class Step:
    """One undoable step: the edit that was applied and the edit that reverses it."""

    redo: Edit
    undo: Edit


def _rebase(reference: str, old: Path, new: Path) -> str:
    if os.path.abspath(old) == os.path.abspath(new):
        return reference
    moved = os.path.relpath(os.path.abspath(old / reference), os.path.abspath(new))
    return Path(moved).as_posix()


def rebased(m: JourneyMap, old: Path, new: Path) -> JourneyMap:
    """`m` saved from the folder `old` into the folder `new`: its shared persona and its
    phases' links still name the same files (relative paths made from `new`)."""
    if m.persona_file is None and not any(phase.link for phase in m.phases):
        return m
    persona_file = _rebase(m.persona_file, old, new) if m.persona_file else None
    phases = tuple(
        replace(phase, link=_rebase(phase.link, old, new)) if phase.link else phase
        for phase in m.phases
    )
    return replace(m, persona_file=persona_file, phases=phases)


class Document:
    """A map being edited, with unlimited undo and redo."""

    def __init__(self, journey: JourneyMap, path: Path | None = None) -> None:
        self.map = journey
        self.path = path
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._saved_map: JourneyMap | None = journey if path is not None else None
        self.disk = DiskState.of(path) if path is not None else None
        self._subscribers: list[Callable[[], None]] = []
        #: Why the user may not write the map's file (None: they may); see :meth:`check_access`.
        self.read_only: str | None = None
        self._look_at_access()
        #: Saves and recovery copies run here, off the editor's thread, one at a time.
        self.writer = SerialWriter()
        #: This editor's recovery copy when it is not in the usual place (another
        #: editor's copy is there: see DocumentGuard); None: the usual place.
        self.recovery_file: Path | None = None
        #: The file's text when `journey` is a preview of its first phases
        #: (:func:`~cxtui.fileformat.preview_map`): :meth:`finish_loading` reads it all.
        self.unread: str | None = None
        #: The number of phases in the file while `journey` is a preview (else None).
        self._unread_phases: int | None = None

    @property
    def phase_count(self) -> int:
        """The map's number of phases, the whole file's while the map is a preview (so
        the first screen does not show the preview's count)."""
        if self._unread_phases is not None:
            return self._unread_phases
        return len(self.map.phases)

    def subscribe(self, changed: Callable[[], None]) -> Callable[[], None]:
        """Call `changed()` after every change to the map, its file or its history;
        returns the function that ends the subscription."""
        self._subscribers.append(changed)
        return lambda: self._subscribers.remove(changed)

    def _changed(self) -> None:
        for changed in list(self._subscribers):
            changed()

    def check_access(self) -> str | None:
        """Look again whether the user may write the map's file; returns why not (None: may).
        The subscribers are told when that changed."""
        before = self.read_only
        if self._look_at_access() != before:
            self._changed()
        return self.read_only

    def _look_at_access(self) -> str | None:
        self.read_only = why_read_only(self.path) if self.path is not None else None
        return self.read_only

    @classmethod
    def open(cls, path: Path) -> Document:
        """The document of the map file at `path`; raises MapFileError. A large file
        opens as a preview of its first phases: call :meth:`finish_loading` after
        painting it."""
        source = os.fspath(path)
        text = read_text(source)
        preview = preview_map(text, source) if len(text) >= PREVIEW_CHARS else None
        if preview is None:
            return cls(loads(text, source), path)
        document = cls(preview, path)
        document.unread = text
        document._unread_phases = count_phase_tables(text)
        return document

    def finish_loading(self) -> None:
        """Replace the preview with the whole map (raises MapFileError: the file's
        problems, the preview left as it was)."""
        if self.unread is None or self.path is None:
            return
        journey = loads(self.unread, os.fspath(self.path))
        self.unread = None
        self._unread_phases = None
        self.map = self._saved_map = journey
        self._changed()

    @property
    def modified(self) -> bool:
        """Whether the map differs from what was last loaded or saved."""
        return self.map != self._saved_map if self._saved_map is not None else bool(self._undo)

    @property
    def name(self) -> str:
        """The file name, or "untitled"."""
        return self.path.name if self.path is not None else "untitled"

    def apply(self, edit: Edit, *, merge_with: Edit | None = None) -> JourneyMap:
        """Apply `edit`, record it for undo, and forget the redo history.

        If the last step applied `merge_with` (that very edit), `edit` joins that
        step, so one undo takes back both (e.g. adding a phase and naming it).
        Refused (ModelError) while the map is a preview.
        """
        if self.unread is not None:
            raise ModelError("the map is still being read: try again in a moment")
        self.map, inverse = self.map.apply(edit)
        last = self._undo[-1] if self._undo else None
        if merge_with is not None and last is not None and last.redo is merge_with:
            label = merge_with.label
            both = Batch((last.redo, edit), label)
            self._undo[-1] = Step(both, Batch((inverse, last.undo), label))
        else:
            self._undo.append(Step(edit, inverse))
        self._redo.clear()
        self._changed()
        return self.map

    def undo(self) -> Edit | None:
        """Undo the last step; returns the edit undone (None if there was none)."""
        if not self._undo:
            return None
        step = self._undo[-1]
        # (a refusal leaves the history whole). Redo applies the inverse of the undo, which
        # puts back exactly what was there: an added phase comes back with its id.
        self.map, again = self.map.apply(step.undo)
        self._undo.pop()
        self._redo.append(Step(again, step.undo))
        self._changed()
        return step.redo

    def redo(self) -> Edit | None:
        """Redo the last undone step; returns it (None if there was none)."""
        if not self._redo:
            return None
        step = self._redo[-1]
        self.map, _ = self.map.apply(step.redo)  # a refusal leaves the history whole
        self._undo.append(self._redo.pop())
        self._changed()
        return step.redo

    @property
    def can_undo(self) -> bool:
        """Whether there is a step to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is a step to redo."""
        return bool(self._redo)

    def changed_on_disk(self) -> bool:
        """Whether the file changed on disk since we read or wrote it."""
        if self.path is None:
            return False
        return changed_since(self.path, self.disk)

    def save(self, path: Path | None = None) -> Path:
        """Save to `path` or the map's own file and wait for it: :meth:`start_save` then
        :meth:`finish_save`, the editor's path, done in one call. Raises SaveError
        (ReadOnlyError for a file the user may not write), leaving the file as it was,
        if it cannot, or if the map would not load again."""
        target = path or self.path
        if target is None:
            raise ValueError("the map has no file yet: give a path")
        outcomes: list[SaveOutcome | Exception] = []
        self.start_save(target, outcomes.append)
        self.writer.wait()
        (outcome,) = outcomes
        if isinstance(outcome, Exception):
            raise outcome
        if outcome.error is not None:
            raise outcome.error
        if outcome.problems:
            raise SaveError(0, f"cannot save {target}: {outcome.problems[0]}")
        self.finish_save(outcome)
        return target

    def merge_from_disk(self) -> JourneyMap:
        """Merge the file's new version (another editor's save) into this map, three-way
        from what we last loaded or saved, as one undoable step; the file's version is
        then the one we know. Returns the merged map (its `conflicts` say what clashed).
        Raises MapFileError if the file does not load."""
        from cxtui.fileformat import read_map
        from cxtui.merge import merge_maps

        if self.path is None:
            raise ValueError("the map has no file")
        self.writer.wait()  # (our own save in flight is not theirs)
        theirs = read_map(self.path)
        disk = DiskState.of(self.path)
        merged = merge_maps(self._saved_map, self.map, theirs)
        if merged != self.map:
            self.apply(Batch((ReplaceMap(merged),), "merge the saved changes"))
        self._saved_map = theirs
        self.disk = disk
        self._changed()  # (modified is measured against their version now)
        return merged

    def start_save(
        self,
        path: Path,
        done: Callable[[SaveOutcome | Exception], None],
        *,
        unless_changed: bool = False,
    ) -> None:
        """Save the map as it is now to `path` on the writer's thread (after what it is
        writing); `done` gets the :class:`SaveOutcome` there. Pass a saved outcome to
        :meth:`finish_save` (edits made meanwhile stay unsaved). Saved into another folder,
        its shared persona and links still name the same files (:func:`rebased`).

        `unless_changed`: write nothing (the outcome is `changed`) if the file is no
        longer the version this document last read or wrote, looked at on the writer's
        thread just before writing: an autosave never writes over another editor's save
        that came after its last look (their edits would be lost)."""
        journey = self.map
        if self.path is not None and path != self.path:
            journey = rebased(journey, self.path.parent, path.parent)
        if self.unread is not None:  # never write a preview over the file
            still = SaveError(0, f"cannot save {path}: the map is still being read")
            self.writer.submit(lambda: SaveOutcome(journey, path, error=still), done)
            return
        disk = self.disk
        aside = self.recovery_file if path == self.path else None
        self.writer.submit(
            lambda: write_map_file(
                journey, path, only_over=unless_changed, disk=disk, recovery=aside
            ),
            done,
        )

    def finish_save(self, outcome: SaveOutcome) -> None:
        """Take a saved outcome of :meth:`start_save` as the version on disk."""
        if self.path is not None and outcome.path != self.path:
            self.map = rebased(self.map, self.path.parent, outcome.path.parent)
        self.path = outcome.path
        self._saved_map = outcome.journey
        self.disk = outcome.disk
        self._look_at_access()
        self._changed()

    def remove_recovery(self) -> None:
        """Remove the map's recovery copy, after any write in flight (which could make it)."""
        if self.path is not None:
            self.writer.wait()
            if self.recovery_file is None:
                remove_recovery(self.path)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(self.recovery_file)

    def set_shared_persona(self, persona: Persona | None) -> None:
        """Show `persona`, just saved to the map's shared persona file: the map's own file
        keeps its reference, so this is no unsaved change (and nothing to undo)."""
        self.map = replace(self.map, persona=persona)
        if self._saved_map is not None:
            self._saved_map = replace(self._saved_map, persona=persona)
        self._changed()

    def mark_loaded(self, journey: JourneyMap) -> None:
        """Replace the map with `journey` as just read from disk (clears history)."""
        self.map = journey
        self.unread = None
        self._saved_map = journey
        self._undo.clear()
        self._redo.clear()
        self.disk = DiskState.of(self.path) if self.path is not None else None
        self._look_at_access()
        self._changed()
