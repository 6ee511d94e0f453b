"""Merging another editor's save into an open document (Document.merge_from_disk)."""

from __future__ import annotations

from pathlib import Path

from cxtui.document import Document
from cxtui.fileformat import read_map, save_map
from cxtui.model import JourneyMap, Lane, Phase, SetEmotion, SetNotes

BASE = JourneyMap(
    "Shop",
    lanes=(Lane("actions", "Actions"), Lane("mood", "Mood", "emotion")),
    phases=(Phase("A", None, 0, id="a1"), Phase("B", None, 0, id="b2")),
)


def test_their_save_is_merged_into_our_unsaved_edits_and_undo_still_works(
    tmp_path: Path,
) -> None:
    path = tmp_path / "map.toml"
    save_map(BASE, path)
    document = Document(read_map(path), path)
    document.apply(SetNotes(0, "actions", ("Ours",)))
    ours = document.map
    theirs, _ = BASE.apply(SetEmotion(1, 2))
    save_map(theirs, path)  # the other editor saves
    assert document.changed_on_disk()
    merged = document.merge_from_disk()
    assert not merged.conflicts
    assert document.map.phases[0].notes("actions") == ("Ours",)
    assert document.map.phases[1].emotion == 2
    assert document.modified and not document.changed_on_disk()
    document.undo()  # takes back the merge, one step
    assert document.map == ours
    document.undo()
    assert document.map == BASE
    document.redo()
    document.redo()
    assert document.map == merged
    document.save()
    assert read_map(path) == merged


def test_a_clash_is_kept_as_a_conflict_and_a_merge_without_edits_is_their_map(
    tmp_path: Path,
) -> None:
    path = tmp_path / "map.toml"
    save_map(BASE, path)
    idle = Document(read_map(path), path)
    busy = Document(read_map(path), path)
    busy.apply(SetEmotion(0, -2))
    theirs, _ = BASE.apply(SetEmotion(0, 2))
    save_map(theirs, path)
    assert idle.merge_from_disk() == theirs and not idle.modified
    merged = busy.merge_from_disk()
    (conflict,) = merged.conflicts
    assert (conflict.ours, conflict.theirs) == (-2, 2)
