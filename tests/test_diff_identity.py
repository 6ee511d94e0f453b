"""`diff` follows phases by id, and says when it had to guess."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import RunCli

from cxtui.diff import (
    EmotionChanged,
    PhaseAdded,
    PhaseMoved,
    PhaseRemoved,
    PhaseRenamed,
    diff_maps,
    format_diff,
    match_phases,
)
from cxtui.fileformat import dumps, loads
from cxtui.model import (
    InsertPhase,
    JourneyMap,
    Lane,
    MovePhase,
    Phase,
    RemovePhase,
    SetEmotion,
    SetPhase,
)

LANES = (Lane("actions", "Actions"), Lane("mood", "Mood", "emotion"))


def _current() -> JourneyMap:
    """A map as cxtui writes it now: phases with ids of their own (minted on insert)."""
    m = JourneyMap("GP", lanes=LANES, phases=(Phase("Start"),))
    for title, score in (("Feels ill", -1), ("Calls GP surgery", -2), ("Sees GP", 1)):
        m, _ = m.apply(InsertPhase(len(m.phases), Phase(title, emotion=score)))
    m, _ = m.apply(RemovePhase(0))
    return loads(dumps(m))


def test_a_renamed_and_rescored_phase_is_one_rename_plus_its_score() -> None:
    current = _current()
    future, _ = current.apply(SetPhase(1, "Self-refers via online form", None))
    future, _ = future.apply(SetEmotion(1, 0))
    changes = diff_maps(current, future)
    assert changes == [
        PhaseRenamed(1, "Calls GP surgery", "Self-refers via online form"),
        EmotionChanged("Self-refers via online form", 1, -2, 0),
    ]
    text = format_diff(changes, current, future, "text", "current", "future")
    assert "  ~ Calls GP surgery renamed → Self-refers via online form (at 2)\n" in text
    assert "Self-refers via online form: -2 → 0 (+2)" in text
    assert "guessed" not in text


def test_a_renamed_and_moved_phase_is_followed() -> None:
    current = _current()
    future, _ = current.apply(SetPhase(2, "Sees a nurse", None))
    future, _ = future.apply(MovePhase(2, 0))
    changes = diff_maps(current, future)
    assert PhaseRenamed(0, "Sees GP", "Sees a nurse") in changes
    assert PhaseMoved("Sees a nurse", 2, 0) in changes
    assert not [c for c in changes if isinstance(c, PhaseAdded | PhaseRemoved)]


def test_a_phase_replaced_in_a_map_with_ids_is_removed_and_added_not_guessed() -> None:
    current = _current()
    future, _ = current.apply(RemovePhase(1))
    future, _ = future.apply(InsertPhase(1, Phase("Books online", emotion=1)))
    changes = diff_maps(current, future)
    assert [type(c) for c in changes] == [PhaseRemoved, PhaseAdded]


def test_maps_made_separately_are_matched_by_title_place_and_notes() -> None:
    current = _current()
    # the same map typed again: no id in common
    other = JourneyMap(
        "GP",
        lanes=LANES,
        phases=(
            Phase("Feels ill", emotion=-1, id="a1"),
            Phase("Self-refers online", emotion=0, id="a2"),
            Phase("Sees GP", emotion=1, id="a3"),
        ),
    )
    match = match_phases(current, other)
    assert match.pairs == {0: 0, 1: 1, 2: 2}
    assert match.guessed == {0, 1, 2}
    changes = diff_maps(current, other)
    assert PhaseRenamed(1, "Calls GP surgery", "Self-refers online", guessed=True) in changes
    text = format_diff(changes, current, other)
    assert "(at 2, guessed)" in text
    assert "(guessed: some phases were matched by title, place and notes" in text


def test_shared_notes_pair_phases_in_a_crowded_gap() -> None:
    before = JourneyMap(
        "m",
        lanes=LANES,
        phases=(
            Phase("A", cells={"actions": ("x",)}, id="p1"),
            Phase("B", cells={"actions": ("y",)}, id="p2"),
        ),
    )
    after = JourneyMap(
        "m",
        lanes=LANES,
        phases=(
            Phase("C", cells={"actions": ("z",)}, id="q0"),
            Phase("D", cells={"actions": ("y",)}, id="q1"),
            Phase("E", cells={"actions": ("w",)}, id="q2"),
        ),
    )
    assert match_phases(before, after).pairs == {1: 1}


def test_old_maps_without_ids_still_pair_by_title(tmp_path: Path, run_cli: RunCli) -> None:
    current = _current()
    old = "".join(
        line for line in dumps(current).splitlines(keepends=True) if not line.startswith("id =")
    )
    renamed = old.replace('"Calls GP surgery"', '"Self-refers via online form"').replace(
        "emotion = -2", "emotion = 0"
    )
    (tmp_path / "a.toml").write_text(old, encoding="utf-8")
    (tmp_path / "b.toml").write_text(renamed, encoding="utf-8")
    result = run_cli("diff", tmp_path / "a.toml", tmp_path / "b.toml")
    assert result.returncode == 1, result.stderr
    assert "~ Calls GP surgery renamed → Self-refers via online form (at 2, guessed)" in (
        result.stdout
    )
    assert "Self-refers via online form: -2 → 0 (+2)" in result.stdout
    # and a copy made by cxtui (ids written) is followed without a guess
    (tmp_path / "a.toml").write_text(dumps(current), encoding="utf-8")
    future = replace(
        current,
        phases=(
            current.phases[0],
            replace(current.phases[1], title="Self-refers via online form", emotion=0),
            current.phases[2],
        ),
    )
    (tmp_path / "b.toml").write_text(dumps(future), encoding="utf-8")
    result = run_cli("diff", tmp_path / "a.toml", tmp_path / "b.toml")
    assert "~ Calls GP surgery renamed → Self-refers via online form (at 2)\n" in result.stdout
    assert "guessed" not in result.stdout
