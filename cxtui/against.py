"""A current-state map against its future state: phases paired, scores and pain compared.

Pure Python over the model and :mod:`cxtui.insights`. Phases pair by identity where both
maps give them one (an ``id`` attribute), otherwise by title, position and notes, in
order, so that a renamed phase still pairs with its original.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from cxtui.insights import (
    Report,
    insights,
    lowest_phases,
    pain_points,
    phase_name,
    report_json,
    score_text,
)
from cxtui.model import JourneyMap, Phase
from cxtui.record import record

#: How much title, position and notes weigh in a pairing (they add up to 1).
TITLE_WEIGHT, POSITION_WEIGHT, NOTES_WEIGHT = 0.5, 0.25, 0.25
#: Below this likeness two phases do not pair.
MIN_LIKENESS = 0.15
#: How far (in phases) from the diagonal a long map's pairing looks.
BAND = 25
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"(?<![\w#])#[A-Za-z][\w-]*")


def _id(phase: Phase) -> object:
    return getattr(phase, "id", None)


def _words(phase: Phase) -> frozenset[str]:
    return frozenset(
        w.lower() for notes in phase.cells.values() for n in notes for w in _WORD.findall(n)
    )


def _title(phase: Phase) -> str:
    return " ".join(_WORD.findall(phase.title.lower()))


def likeness(
    a: Phase, i: int, n: int, b: Phase, j: int, m: int, shared: frozenset[object] = frozenset()
) -> float:
    """How alike phase `a` (at `i` of `n`) and `b` (at `j` of `m`) are, 0..1; 2 for one
    identity, 0 for two phases whose identities both maps hold (each has its own
    counterpart). A phase whose identity only one map holds (a map made separately, or a
    phase renamed before the map had ids) is judged by its title, place and notes."""
    ida, idb = _id(a), _id(b)
    if ida is not None and ida == idb:
        return 2.0
    if ida in shared and idb in shared:
        return 0.0
    ta, tb = _title(a), _title(b)
    title = 1.0 if ta == tb else difflib.SequenceMatcher(None, ta, tb).ratio()
    where = 1 - abs((i + 0.5) / n - (j + 0.5) / m)
    wa, wb = _words(a), _words(b)
    notes = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    return TITLE_WEIGHT * title + POSITION_WEIGHT * where + NOTES_WEIGHT * notes


def pair_phases(current: JourneyMap, future: JourneyMap) -> list[tuple[int | None, int | None]]:
    """The phases of both maps in order, paired where alike: (current, future) indexes,
    None on the side that has no counterpart. The pairing keeps both orders and makes
    the total likeness as large as it can."""
    a, b = current.phases, future.phases
    n, m = len(a), len(b)
    shared = frozenset(_id(p) for p in a) & frozenset(_id(p) for p in b) - {None}
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        centre = round(i * m / n)
        for j in range(1, m + 1):
            options = [best[i - 1][j], best[i][j - 1]]
            if abs(j - centre) <= BAND or max(n, m) <= 2 * BAND:
                like = likeness(a[i - 1], i - 1, n, b[j - 1], j - 1, m, shared)
                if like >= MIN_LIKENESS:
                    options.append(best[i - 1][j - 1] + like)
            best[i][j] = max(options)
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        if i and j and best[i][j] not in (best[i - 1][j], best[i][j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and (not j or best[i][j] == best[i - 1][j]):
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


def _plain(note: str) -> str:
    return " ".join(_TAG.sub("", note).lower().split())


def _same_pain(a: str, b: str) -> bool:
    pa, pb = _plain(a), _plain(b)
    return pa == pb or difflib.SequenceMatcher(None, pa, pb).ratio() >= 0.75


@record
class PhaseMove:
    """One pair of phases: indexes, scores, and the current pain it removes or keeps."""

    current: int | None
    future: int | None
    before: int | None
    after: int | None
    removed: tuple[str, ...]
    remaining: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def change(self) -> int | None:
        """How the score moves (None when either side is unrated or missing)."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@record
class Comparison:
    """A current map against its future: pairs, the headline, and both reports."""

    current: Report
    future: Report
    moves: tuple[PhaseMove, ...]
    headline: str


def _move(current: JourneyMap, future: JourneyMap, i: int | None, j: int | None) -> PhaseMove:
    before = [n for _, n in pain_points(current, i)] if i is not None else []
    after = [n for _, n in pain_points(future, j)] if j is not None else []
    remaining = [p for p in before if any(_same_pain(p, q) for q in after)]
    removed = [p for p in before if p not in remaining]
    new = [q for q in after if not any(_same_pain(p, q) for p in before)]
    return PhaseMove(
        i,
        j,
        current.phases[i].emotion if i is not None else None,
        future.phases[j].emotion if j is not None else None,
        tuple(removed),
        tuple(remaining),
        tuple(new),
    )


def _steps(n: int) -> str:
    return "1 step" if abs(n) == 1 else f"{abs(n)} steps"


def _headline(current: JourneyMap, future: JourneyMap, moves: Sequence[PhaseMove]) -> str:
    worst = lowest_phases(current)
    if not worst:
        return "The current map has no scores, so it has no worst moment to compare."
    move = next(mv for mv in moves if mv.current == worst[0])
    where = f"At the worst moment, {phase_name(current, worst[0])} ({score_text(move.before or 0)})"
    if move.future is None:
        return f"{where}, the future state has no matching phase."
    pains = len(move.removed) + len(move.remaining)
    removed = f"; it removes {len(move.removed)} of its {pains} pain points" if pains else ""
    if move.after is None:
        return f"{where}, the future state's {phase_name(future, move.future)} is unrated{removed}."
    change = move.after - (move.before or 0)
    how = "no change" if change == 0 else f"{'up' if change > 0 else 'down'} {_steps(change)}"
    return (
        f"{where}, the future state scores {score_text(move.after)} at "
        f"{phase_name(future, move.future)}: {how}{removed}."
    )


def compare(current: JourneyMap, future: JourneyMap) -> Comparison:
    """`current` against `future`: every phase's move, and the headline."""
    moves = tuple(_move(current, future, i, j) for i, j in pair_phases(current, future))
    return Comparison(insights(current), insights(future), moves, _headline(current, future, moves))


# -- showing a comparison -------------------------------------------------------------------


def _side(m: JourneyMap, index: int | None) -> str:
    return "(none)" if index is None else f"{index + 1} “{m.phases[index].title}”"


def _score(value: int | None) -> str:
    return "–" if value is None else score_text(value)


def move_line(c: Comparison, move: PhaseMove) -> str:
    """One pair in a line: ``4 “Checkout” → 4 “Pay”: -2 → +1 (up 3 steps)``."""
    change = move.change
    how = ""
    if change is not None:
        how = f" ({'up' if change > 0 else 'down'} {_steps(change)})" if change else " (no change)"
    return (
        f"{_side(c.current.map, move.current)} → {_side(c.future.map, move.future)}: "
        f"{_score(move.before)} → {_score(move.after)}{how}"
    )


def text_comparison(c: Comparison, file: str, against: str) -> str:
    """The comparison as plain text (``cxtui insights FILE --against OTHER``)."""
    lines = [f"{file} against {against}", c.headline, "", "Phase by phase:"]
    lines += [f"  {move_line(c, move)}" for move in c.moves]
    removed = [(mv, n) for mv in c.moves for n in mv.removed]
    remaining = [(mv, n) for mv in c.moves for n in mv.remaining]
    for label, items in (("removes", removed), ("keeps", remaining)):
        lines += ["", f"Pain points the future state {label} ({len(items)}):"]
        lines += [f"  phase {(mv.current or 0) + 1}: “{n}”" for mv, n in items]
    return "\n".join(lines) + "\n"


def _ref(m: JourneyMap, index: int | None) -> dict[str, Any] | None:
    return None if index is None else {"index": index + 1, "title": m.phases[index].title}


def comparison_json(c: Comparison, file: str, against: str) -> dict[str, Any]:
    """The comparison as JSON: the headline, each pair, and both maps' reports."""
    current, future = c.current.map, c.future.map
    return {
        "file": file,
        "against": against,
        "headline": c.headline,
        "phases": [
            {
                "current": _ref(current, mv.current),
                "future": _ref(future, mv.future),
                "from": mv.before,
                "to": mv.after,
                "change": mv.change,
                "removed_pain": list(mv.removed),
                "remaining_pain": list(mv.remaining),
                "new_pain": list(mv.new),
            }
            for mv in c.moves
        ],
        "current": report_json(c.current, file),
        "future": report_json(c.future, against),
    }
