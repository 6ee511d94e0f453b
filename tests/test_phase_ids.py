"""Phase identity: an `id` written once per phase, kept through renames, moves and copies."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from strategies import maps

from cxtui.document import Document
from cxtui.fileformat import MapFileError, dumps, loads, read_map
from cxtui.model import (
    PHASE_ID_PATTERN,
    InsertPhase,
    JourneyMap,
    Lane,
    MovePhase,
    Phase,
    SetPhase,
    legacy_phase_id,
)


def _without_ids(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("id = "))


def test_every_phase_of_a_map_has_a_distinct_valid_id(small_map: JourneyMap) -> None:
    ids = [p.id for p in small_map.phases]
    assert len(set(ids)) == len(ids)
    assert all(PHASE_ID_PATTERN.match(i) for i in ids)


def test_a_phase_copied_into_a_map_by_hand_gets_an_id_of_its_own() -> None:
    m = JourneyMap("m", lanes=(Lane("a", "A"),), phases=(Phase("X", id="x1"), Phase("Y")))
    copied = JourneyMap("m", lanes=m.lanes, phases=(m.phases[0], *m.phases))
    assert copied.phases[0].id == "x1"
    assert copied.phases[1].id not in ("x1", m.phases[1].id)


def test_phases_with_one_title_get_distinct_ids() -> None:
    m = JourneyMap("m", lanes=(Lane("a", "A"),), phases=(Phase("Wait"), Phase("wait "), Phase("X")))
    assert len({p.id for p in m.phases}) == 3


def test_an_old_map_gets_ids_on_its_next_save_and_nothing_else_changes(
    tmp_path: Path, small_map: JourneyMap
) -> None:
    old_text = _without_ids(dumps(small_map))
    path = tmp_path / "old.toml"
    path.write_text(old_text, encoding="utf-8")
    document = Document(read_map(path), path)
    assert not document.modified
    document.save()
    new_text = path.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(changed) == len(small_map.phases)
    assert all(re.fullmatch(r'\+id = "[0-9a-f]{6}"', line) for line in changed)
    # read again, the ids are the ones written, and the same as any other reader's
    assert read_map(path) == loads(old_text)


def test_ids_survive_rename_move_and_save(small_map: JourneyMap) -> None:
    ids = [p.id for p in small_map.phases]
    renamed, _ = small_map.apply(SetPhase(1, "Something else entirely", None))
    moved, _ = renamed.apply(MovePhase(1, 0))
    assert [p.id for p in moved.phases] == [ids[1], ids[0], *ids[2:]]
    assert loads(dumps(moved)) == moved


def test_inserting_a_phase_mints_a_fresh_id_and_a_copy_never_shares_one(
    small_map: JourneyMap,
) -> None:
    new, undo = small_map.apply(InsertPhase(0, Phase("Fresh")))
    assert new.phases[0].id and new.phases[0].id not in {p.id for p in small_map.phases}
    copy, _ = small_map.apply(InsertPhase(0, small_map.phases[2]))
    assert copy.phases[0].id != small_map.phases[2].id
    assert copy.phases[0].title == small_map.phases[2].title
    # undo, then redo by the undo's inverse, brings the same phase back with its id
    back, again = new.apply(undo)
    assert back == small_map
    assert back.apply(again)[0] == new


def test_a_document_redo_restores_the_same_id(small_map: JourneyMap) -> None:
    document = Document(small_map)
    after = document.apply(InsertPhase(1, Phase("New")))
    document.undo()
    document.redo()
    assert document.map == after


@given(maps(), st.integers(0, 5))
def test_ids_round_trip_and_stay_unique(m: JourneyMap, seed: int) -> None:
    m2, _ = m.apply(InsertPhase(min(seed, len(m.phases)), replace(m.phases[0], title="Copy")))
    ids = [p.id for p in m2.phases]
    assert len(set(ids)) == len(ids)
    assert loads(dumps(m2)) == m2


def test_a_legacy_id_is_the_same_for_every_reader() -> None:
    assert legacy_phase_id("  Check   OUT ") == legacy_phase_id("check out")
    assert legacy_phase_id("Checkout", {legacy_phase_id("Checkout")}) != legacy_phase_id("Checkout")


def test_a_duplicate_or_bad_id_is_reported_where_it_stands(small_map: JourneyMap) -> None:
    text = dumps(small_map)
    first, second = small_map.phases[0].id, small_map.phases[1].id
    bad = text.replace(f'id = "{second}"', f'id = "{first}"')
    try:
        loads(bad, "m.toml")
    except MapFileError as error:
        (problem,) = error.problems
        line = bad.splitlines().index(
            f'id = "{first}"', bad.splitlines().index(f'id = "{first}"') + 1
        )
        assert (problem.line, problem.col) == (line + 1, 6)
        assert "duplicate phase id" in problem.message
    else:
        raise AssertionError("a duplicate id was accepted")
    try:
        loads(text.replace(f'id = "{first}"', 'id = "Not An Id"'), "m.toml")
    except MapFileError as error:
        assert "phase id 'Not An Id'" in str(error)
    else:
        raise AssertionError("a bad id was accepted")


def test_a_lane_cannot_be_keyed_id(small_map: JourneyMap) -> None:
    text = dumps(small_map).replace('key = "thoughts"', 'key = "id"', 1)
    try:
        loads(text, "m.toml")
    except MapFileError as error:
        assert "lane key 'id' is reserved" in str(error)
    else:
        raise AssertionError("a lane keyed id was accepted")
