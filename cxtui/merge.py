"""Merging two people's edits of one map (two editors saved the same file).

`merge_maps(base, mine, theirs)`: `base` is the map both started from, `theirs` the
file as the other person saved it, `mine` the map being saved now. Each note that
either added stays, each note that either removed goes, and anything only one side
changed takes that side's value. When both changed one thing (a title, an emotion, a
lane or the phases themselves) in different ways, there is no merge that keeps both:
None, and the caller asks.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TypeVar

from cxtui.model import JourneyMap, ModelError, Phase

T = TypeVar("T")


class _Conflict(Exception):
    """Both sides changed one thing in different ways."""


def _pick(base: T, mine: T, theirs: T) -> T:
    if mine in (base, theirs):
        return theirs
    if theirs == base:
        return mine
    raise _Conflict


def merge_notes(
    base: tuple[str, ...], mine: tuple[str, ...], theirs: tuple[str, ...]
) -> tuple[str, ...]:
    """Their notes less those I removed, then the notes I added (in my order)."""
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    kept = [note for note in theirs if note in mine or note not in base]
    added = [note for note in mine if note not in base and note not in theirs]
    return (*kept, *added)


def _merge_phase(base: Phase, mine: Phase, theirs: Phase) -> Phase:
    keys = dict.fromkeys([*theirs.cells, *mine.cells, *base.cells])
    cells = {key: merge_notes(base.notes(key), mine.notes(key), theirs.notes(key)) for key in keys}
    return Phase(
        title=_pick(base.title, mine.title, theirs.title),
        stage=_pick(base.stage, mine.stage, theirs.stage),
        emotion=_pick(base.emotion, mine.emotion, theirs.emotion),
        cells=cells,
    )


def merge_maps(base: JourneyMap, mine: JourneyMap, theirs: JourneyMap) -> JourneyMap | None:
    """`theirs` with my changes since `base` (see the module); None when both changed
    the same thing differently, or the lanes, or the number of phases."""
    if mine in (base, theirs):
        return theirs
    if theirs == base:
        return mine
    if not (len(base.phases) == len(mine.phases) == len(theirs.phases)):
        return None
    if not (base.lanes == mine.lanes == theirs.lanes):
        return None
    try:
        names = [f.name for f in fields(JourneyMap) if f.name != "phases"]
        picked = {
            name: _pick(getattr(base, name), getattr(mine, name), getattr(theirs, name))
            for name in names
        }
        phases = tuple(map(_merge_phase, base.phases, mine.phases, theirs.phases))
        return replace(theirs, **picked, phases=phases)
    except (_Conflict, ModelError):
        return None
