"""The open document: undo and redo, merged steps, unsaved changes and the file on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cxtui.document import Document
from cxtui.fileformat import MAX_FILE_BYTES, MAX_TEXT_CHARS, SaveError, read_map
from cxtui.model import (
    Edit,
    InsertPhase,
    JourneyMap,
    Lane,
    ModelError,
    Phase,
    SetEmotion,
    SetNotes,
    SetPhase,
)


def small_map() -> JourneyMap:
    lanes = (Lane("actions", "Actions"), Lane("emotions", "Emotions", "emotion"))
    return JourneyMap("Trip", lanes=lanes, phases=(Phase("Book"), Phase("Fly")))


def test_undo_and_redo_walk_the_history_exactly() -> None:
    start = small_map()
    document = Document(start)
    document.apply(SetNotes(0, "actions", ("Search",)))
    middle = document.map
    document.apply(SetEmotion(1, -2))
    end = document.map
    assert document.undo() == SetEmotion(1, -2)
    assert document.map == middle
    assert document.undo() is not None
    assert document.map == start
    assert document.undo() is None
    assert document.redo() is not None and document.redo() is not None
    assert document.map == end
    assert document.redo() is None


class _OneWay(Edit):
    """An edit whose inverse is refused, as an edit past a limit would be."""

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        return SetPhase(0, "Changed", None).apply(m)[0], _Refused()


class _Refused(Edit):
    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        raise ModelError("refused")


def test_a_refused_undo_keeps_the_history_and_the_map() -> None:
    document = Document(small_map())
    document.apply(_OneWay())
    changed = document.map
    with pytest.raises(ModelError):
        document.undo()
    assert document.map == changed
    assert document.can_undo and not document.can_redo


def test_a_new_edit_forgets_what_was_undone() -> None:
    document = Document(small_map())
    document.apply(SetEmotion(0, 1))
    document.undo()
    document.apply(SetEmotion(0, 2))
    assert not document.can_redo
    assert document.map.phases[0].emotion == 2


def test_a_merged_edit_is_undone_with_the_step_it_joins() -> None:
    start = small_map()
    document = Document(start)
    insert = InsertPhase(1, Phase("New phase"))
    document.apply(insert)
    document.apply(SetPhase(1, "Pack", None), merge_with=insert)
    named = document.map
    assert [p.title for p in named.phases] == ["Book", "Pack", "Fly"]
    document.undo()
    assert document.map == start
    assert not document.can_undo
    document.redo()
    assert document.map == named


def test_merging_with_an_edit_that_is_not_the_last_step_is_a_step_of_its_own() -> None:
    document = Document(small_map())
    insert = InsertPhase(1, Phase("New phase"))
    document.apply(insert)
    document.apply(SetEmotion(0, 1))
    document.apply(SetPhase(1, "Pack", None), merge_with=insert)
    document.undo()
    assert document.map.phases[1].title == "New phase"
    assert document.map.phases[0].emotion == 1


def test_modified_follows_the_saved_map_not_the_history(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    document = Document(small_map(), path)
    assert not document.modified
    document.apply(SetEmotion(0, 1))
    assert document.modified
    document.undo()
    assert not document.modified
    document.apply(SetEmotion(0, 1))
    document.save()
    assert not document.modified
    assert read_map(path) == document.map


def test_an_untitled_map_is_modified_once_edited() -> None:
    document = Document(small_map())
    assert not document.modified and document.name == "untitled"
    document.apply(SetEmotion(0, 1))
    assert document.modified


def test_a_change_on_disk_is_noticed_and_a_touch_is_not(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    document = Document(small_map())
    document.save(path)
    assert not document.changed_on_disk()
    os.utime(path, ns=(1, 1))  # same bytes, another time: not a change
    assert not document.changed_on_disk()
    path.write_text(path.read_text().replace('"Book"', '"Reserve"'))
    assert document.changed_on_disk()
    document.mark_loaded(read_map(path))
    assert not document.changed_on_disk()
    path.unlink()
    assert document.changed_on_disk()


def test_a_map_too_large_to_open_again_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "trip.toml"
    document = Document(small_map())
    document.save(path)
    before = path.read_bytes()
    note = "n" * MAX_TEXT_CHARS
    count = MAX_FILE_BYTES // MAX_TEXT_CHARS + 1
    for i in range(count):
        document.apply(InsertPhase(0, Phase(f"p{i}", cells={"actions": (note,)})))
    with pytest.raises(SaveError, match="too large to save"):
        document.save()
    assert path.read_bytes() == before
    assert document.modified  # nothing was saved
    assert not document.changed_on_disk()


def test_every_change_is_told_to_the_subscribers_until_they_leave(tmp_path: Path) -> None:
    document = Document(small_map())
    told: list[tuple[JourneyMap, bool]] = []
    leave = document.subscribe(lambda: told.append((document.map, document.modified)))
    document.apply(SetEmotion(0, 1))
    assert told == [(document.map, True)]
    document.undo()
    document.redo()
    document.save(tmp_path / "trip.toml")
    document.mark_loaded(small_map())
    assert [modified for _, modified in told] == [True, False, True, False, False]
    assert told[-1][0] == small_map()
    leave()
    document.apply(SetEmotion(0, 2))
    assert len(told) == 5


def test_nothing_is_told_when_nothing_changes() -> None:
    document = Document(small_map())
    told: list[None] = []
    document.subscribe(lambda: told.append(None))
    assert document.undo() is None and document.redo() is None
    assert told == []
