"""What a map says: its worst and best moments, sharp changes, pain with no plan, gaps.

Pure Python over the model (no Rich, no Textual): :func:`insights` gives a
:class:`Report` of a summary and :class:`Finding` records, which the command line, the
print chart, the exports and the editor's panel show. Lanes are read by their role
(:data:`cxtui.model.LANE_ROLES`), and tags count too, so a map's titles and language do
not matter. docs/insights.md states every rule.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import field
from typing import Any, Literal, TypeAlias

from cxtui.model import JourneyMap, Lane, tags_in
from cxtui.record import record

FindingKind: TypeAlias = Literal[
    "lowest", "highest", "drop", "rise", "valley", "peak", "unplanned_pain",
    "fail_point", "wait", "touchpoint_needs_work",
    "negative_touchpoint", "positive_touchpoint", "unrated", "empty",
]  # fmt: skip
#: Every kind of finding, in the order a report lists them.
FINDING_KINDS: tuple[FindingKind, ...] = (
    "lowest", "highest", "drop", "rise", "valley", "peak", "unplanned_pain",
    "fail_point", "wait", "touchpoint_needs_work",
    "negative_touchpoint", "positive_touchpoint", "unrated", "empty",
)  # fmt: skip

#: Tags that make a note a pain point, or an improvement, in whatever lane it is.
PAIN_TAGS = frozenset({"pain"})
IMPROVEMENT_TAGS = frozenset({"idea", "opportunity", "improvement", "hmw"})


@record
class Finding:
    """One thing the map says: its kind, the phases (indexes from 0) and lane it is about,
    a plain sentence, and the notes behind it."""

    kind: FindingKind
    phases: tuple[int, ...]
    lane: str | None
    message: str
    notes: tuple[str, ...] = ()
    #: For a drop or a rise: the scores before and after, and the size of the change.
    change: tuple[int, int, int] | None = None


@record
class Summary:
    """The map in a few numbers (None where there is nothing to count)."""

    phases: int
    rated: int
    mean_score: float | None
    at_or_above_neutral: float | None
    pain_points: int
    phases_with_pain: int
    improvements: int
    pain_with_improvement: float | None


@record
class Report:
    """Everything :func:`insights` found in one map."""

    map: JourneyMap
    summary: Summary
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def of_kind(self, kind: FindingKind) -> list[Finding]:
        """The findings of `kind`, in order."""
        return [f for f in self.findings if f.kind == kind]


# -- reading notes by role ------------------------------------------------------------


def lanes_with_role(m: JourneyMap, *roles: str) -> list[Lane]:
    """The text lanes of `m` whose role is one of `roles`."""
    return [lane for lane in m.text_lanes if lane.role in roles]


def _tagged(note: str, tags: frozenset[str]) -> bool:
    return "#" in note and not tags.isdisjoint(tags_in(note))


#: Every tag the reader looks for, as ``#name``: text whose lower-cased form holds none of
#: them has none of those tags (:func:`tags_in` lower-cases what
#: :data:`~cxtui.model.TAG_PATTERN` finds), and its tags need not be read.
_ROLE_TAG_HINT = re.compile(
    "#(?:" + "|".join(sorted(PAIN_TAGS | IMPROVEMENT_TAGS, key=len, reverse=True)) + ")"
)


def pains_and_improvements(
    m: JourneyMap, index: int, lanes: Sequence[Lane]
) -> tuple[list[tuple[str, str]], list[str]]:
    """:func:`pain_points` and :func:`improvements` of phase `index` in one reading of its
    notes (`lanes`: the map's text lanes): a cell's tags are read only when it could hold
    one that counts."""
    cells = m.phases[index].cells
    pains: list[tuple[str, str]] = []
    ideas: list[str] = []
    for lane in lanes:
        cell = cells.get(lane.key, ())
        if not cell:
            continue
        role, key = lane.role, lane.key
        if role == "opportunities":  # every note an improvement, none a pain point
            ideas += cell
            continue
        if role == "pain_points":
            pains += [(key, note) for note in cell]
        if _ROLE_TAG_HINT.search("\n".join(cell).lower()) is None:
            continue
        for note in cell:
            if "#" not in note:
                continue
            tags = tags_in(note)
            if not IMPROVEMENT_TAGS.isdisjoint(tags):
                ideas.append(note)
            if role != "pain_points" and not PAIN_TAGS.isdisjoint(tags):
                pains.append((key, note))
    return pains, ideas


def _notes_in(m: JourneyMap, index: int, lanes: Iterable[Lane]) -> list[str]:
    cells = m.phases[index].cells
    return [note for lane in lanes for note in cells.get(lane.key, ())]


def improvements(m: JourneyMap, index: int, lanes: Sequence[Lane] | None = None) -> list[str]:
    """The improvements planned in phase `index`: its notes in ``opportunities`` lanes
    and its notes anywhere tagged ``#idea``, ``#opportunity``, ``#improvement`` or ``#hmw``.
    (`lanes`: the map's text lanes, when the caller has them already.)"""
    cells = m.phases[index].cells
    found: list[str] = []
    for lane in m.text_lanes if lanes is None else lanes:
        for note in cells.get(lane.key, ()):
            if lane.role == "opportunities" or _tagged(note, IMPROVEMENT_TAGS):
                found.append(note)
    return found


def pain_points(
    m: JourneyMap, index: int, lanes: Sequence[Lane] | None = None
) -> list[tuple[str, str]]:
    """(lane key, note) of each pain point of phase `index`: its notes in ``pain_points``
    lanes and its notes tagged ``#pain`` elsewhere (but not in an ``opportunities`` lane)."""
    cells = m.phases[index].cells
    found: list[tuple[str, str]] = []
    for lane in m.text_lanes if lanes is None else lanes:
        if lane.role == "opportunities":
            continue
        for note in cells.get(lane.key, ()):
            if lane.role == "pain_points" or _tagged(note, PAIN_TAGS):
                found.append((lane.key, note))
    return found


# -- words ------------------------------------------------------------------------------


def score_text(value: int) -> str:
    """A score with its sign: ``+1``, ``0``, ``-2``."""
    return f"{value:+d}" if value else "0"


def phase_name(m: JourneyMap, index: int) -> str:
    """``phase 4 “Checkout”``."""
    return f"phase {index + 1} “{m.phases[index].title}”"


def phase_names(m: JourneyMap, indexes: Sequence[int]) -> str:
    """``phase 2 “A”``, ``phases 2 “A” and 5 “B”``, ``phases 1 “A”, 2 “B” and 3 “C”``."""
    if len(indexes) == 1:
        return phase_name(m, indexes[0])
    names = [f"{i + 1} “{m.phases[i].title}”" for i in indexes]
    if len(names) > 6:
        names = [*names[:5], f"{len(names) - 5} more"]
    return "phases " + ", ".join(names[:-1]) + " and " + names[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _steps(n: int) -> str:
    return _count(n, "step")


# -- the curve ----------------------------------------------------------------------------


def neutral(m: JourneyMap) -> float:
    """The middle of the map's emotion scale (0 on -2..+2)."""
    return (m.scale.min + m.scale.max) / 2


def emotion_lane(m: JourneyMap) -> Lane | None:
    """The map's emotion lane, if it has one."""
    return next((lane for lane in m.lanes if lane.kind == "emotion"), None)


def rated(m: JourneyMap) -> list[tuple[int, int]]:
    """(index, score) of every phase with a score, in order."""
    return [(i, p.emotion) for i, p in enumerate(m.phases) if p.emotion is not None]


def lowest_phases(m: JourneyMap) -> list[int]:
    """The phases at the lowest score (the worst moment); none if nothing is rated."""
    points = rated(m)
    if not points:
        return []
    low = min(score for _, score in points)
    return [i for i, score in points if score == low]


def highest_phases(m: JourneyMap) -> list[int]:
    """The phases at the highest score; none if nothing is rated."""
    points = rated(m)
    if not points:
        return []
    high = max(score for _, score in points)
    return [i for i, score in points if score == high]


def is_sharp(m: JourneyMap, size: int) -> bool:
    """Whether a change of `size` steps is at least half the scale's range."""
    return 2 * abs(size) >= m.scale.max - m.scale.min


def _runs(points: list[tuple[int, int]]) -> list[tuple[int, list[int]]]:
    """Neighbouring rated phases of equal score, as (score, indexes)."""
    runs: list[tuple[int, list[int]]] = []
    for index, score in points:
        if runs and runs[-1][0] == score:
            runs[-1][1].append(index)
        else:
            runs.append((score, [index]))
    return runs


class _Reader:
    """Builds the findings of one map."""

    def __init__(self, m: JourneyMap) -> None:
        self.m = m
        lane = emotion_lane(m)
        self.emotion_key = lane.key if lane is not None else None
        self.thought_lanes = lanes_with_role(m, "thoughts")
        self.bright_lanes = lanes_with_role(m, "thoughts", "positives")
        lanes = m.text_lanes
        read = [pains_and_improvements(m, i, lanes) for i in range(len(m.phases))]
        self.pains = [pains for pains, _ in read]
        self.ideas = [ideas for _, ideas in read]
        self.findings: list[Finding] = []

    def add(
        self,
        kind: FindingKind,
        phases: Sequence[int],
        lane: str | None,
        message: str,
        notes: Iterable[str] = (),
        change: tuple[int, int, int] | None = None,
    ) -> None:
        self.findings.append(Finding(kind, tuple(phases), lane, message, tuple(notes), change))

    def behind(self, indexes: Sequence[int]) -> list[str]:
        """The notes behind a low or high point: its pain points and thoughts."""
        notes: list[str] = []
        for i in indexes:
            pains = self.pains[i]
            notes += [note for _, note in pains]
            cells = self.m.phases[i].cells
            for lane in self.thought_lanes:  # a thought tagged #pain is quoted once
                notes += [n for n in cells.get(lane.key, ()) if (lane.key, n) not in pains]
        return notes

    def bright(self, indexes: Sequence[int]) -> list[str]:
        """The notes behind a high point: its thoughts and what works."""
        return [note for i in indexes for note in _notes_in(self.m, i, self.bright_lanes)]

    def curve(self) -> None:
        m, points = self.m, rated(self.m)
        if self.emotion_key is None or not points:
            return
        scale = f"on {m.scale.min:+d}..{m.scale.max:+d}"
        low = min(score for _, score in points)
        high = max(score for _, score in points)
        if low != high:
            worst = [i for i, score in points if score == low]  # lowest_phases(m)
            self.add(
                "lowest", worst, self.emotion_key,
                f"The worst moment: {phase_names(m, worst)}, at {score_text(low)} {scale}. "
                "Lifting the lowest point lifts the whole experience.",
                self.behind(worst),
            )  # fmt: skip
            best = [i for i, score in points if score == high]  # highest_phases(m)
            self.add(
                "highest", best, self.emotion_key,
                f"The best moment: {phase_names(m, best)}, at {score_text(high)} {scale}. "
                "Keep what works here: it is what customers remember.",
                self.bright(best),
            )  # fmt: skip
        sharp = m.scale.max - m.scale.min  # is_sharp(m, size), for each pair at once
        for (a, before), (b, after) in itertools.pairwise(points):
            size = after - before
            if 2 * abs(size) < sharp:
                continue
            kind: FindingKind = "drop" if size < 0 else "rise"
            why = (
                "a sharp fall customers feel; look at what happens between them"
                if size < 0
                else "a sharp lift; what happens here is worth repeating elsewhere"
            )
            self.add(
                kind, (a, b), self.emotion_key,
                f"The curve {'drops' if size < 0 else 'rises'} {_steps(abs(size))} from "
                f"{phase_name(m, a)} ({score_text(before)}) to {phase_name(m, b)} "
                f"({score_text(after)}): {why}.",
                self.behind((b,)) if size < 0 else (),
                (before, after, abs(size)),
            )  # fmt: skip
        runs = _runs(points)
        middle = neutral(m)
        for n, (score, indexes) in enumerate(runs):
            if len(runs) < 2 or score in (low, high):
                continue
            sides = [runs[k][0] for k in (n - 1, n + 1) if 0 <= k < len(runs)]
            if score < middle and all(side > score for side in sides):
                self.add(
                    "valley", indexes, self.emotion_key,
                    f"A valley at {phase_names(m, indexes)} ({score_text(score)}), below "
                    "neutral with higher moments around it: improving it can lift the "
                    "experience.",
                    self.behind(indexes),
                )  # fmt: skip
            elif score > middle and all(side < score for side in sides):
                self.add(
                    "peak", indexes, self.emotion_key,
                    f"A peak at {phase_names(m, indexes)} ({score_text(score)}), above "
                    "neutral: a good moment that can make the experience great.",
                    self.bright(indexes),
                )  # fmt: skip

    def unplanned_pain(self) -> None:
        m = self.m
        for i, pains in enumerate(self.pains):
            if not pains or self.ideas[i]:
                continue
            count = "a pain point" if len(pains) == 1 else f"{len(pains)} pain points"
            self.add(
                "unplanned_pain", (i,), pains[0][0],
                f"{_capital(phase_name(m, i))} has {count} and no improvement planned: "
                "nothing yet answers what hurts here.",
                [note for _, note in pains],
            )  # fmt: skip

    def touchpoints(self) -> None:
        m = self.m
        touch = lanes_with_role(m, "touchpoints", "channels")
        for role, kind, verb, why in (
            (
                "negatives",
                "negative_touchpoint",
                "disappoints",
                "fix it before adding anything new",
            ),
            ("positives", "positive_touchpoint", "works", "keep it as it is"),
        ):
            for lane in lanes_with_role(m, role):
                for i, phase in enumerate(m.phases):
                    notes = phase.notes(lane.key)
                    if not notes:
                        continue
                    points = _notes_in(m, i, touch)
                    on = f" (touchpoints: {', '.join(points)})" if points else ""
                    self.add(
                        kind, (i,), lane.key,  # type: ignore[arg-type]
                        f"At {phase_name(m, i)}{on}, what {verb}: {why}.",
                        notes,
                    )  # fmt: skip

    def marks(self) -> None:
        """A finding per note marked as a fail point or a wait, and per phase and lane
        the touchpoints judged as needing work."""
        m = self.m
        for i, phase in enumerate(m.phases):
            if not phase.marks:
                continue
            for lane in m.text_lanes:
                notes = list(dict.fromkeys(phase.notes(lane.key)))
                for note in notes:
                    marks = phase.marks_of(lane.key, note)
                    if not marks:
                        continue
                    where = f"{phase_name(m, i)}: “{note}” (in “{lane.title}”)"
                    if "fail" in marks:
                        self.add(
                            "fail_point", (i,), lane.key,
                            f"A fail point at {where}, where the service breaks down and "
                            "customers give up or call for help.",
                            [note],
                        )  # fmt: skip
                    if "wait" in marks:
                        self.add(
                            "wait", (i,), lane.key,
                            f"A wait at {where}: time with nothing happening; shorten it "
                            "or say how long it takes.",
                            [note],
                        )  # fmt: skip
                poor = [n for n in notes if "needs_work" in phase.marks_of(lane.key, n)]
                if poor:
                    quoted = ", ".join(f"“{n}”" for n in poor)
                    verb = "needs" if len(poor) == 1 else "need"
                    self.add(
                        "touchpoint_needs_work", (i,), lane.key,
                        f"At {phase_name(m, i)}, {quoted} {verb} work (in “{lane.title}”).",
                        poor,
                    )  # fmt: skip

    def gaps(self) -> None:
        m = self.m
        if self.emotion_key is not None:
            unrated = [i for i, p in enumerate(m.phases) if p.emotion is None]
            if unrated:
                self.add(
                    "unrated", unrated, self.emotion_key,
                    f"{_capital(phase_names(m, unrated))} "
                    f"{'has' if len(unrated) == 1 else 'have'} no emotion score, so the "
                    "curve has gaps there.",
                )  # fmt: skip
        empty = [i for i, p in enumerate(m.phases) if not any(p.cells.values())]
        if empty:
            self.add(
                "empty", empty, None,
                f"{_capital(phase_names(m, empty))} "
                f"{'has' if len(empty) == 1 else 'have'} no notes at all: a step of the "
                "journey nobody has described yet.",
            )  # fmt: skip
        for lane in m.text_lanes:
            if not any(p.notes(lane.key) for p in m.phases):
                self.add(
                    "empty",
                    (),
                    lane.key,
                    f"Lane “{lane.title}” has no notes in any phase: fill it or remove it.",
                )

    def summary(self) -> Summary:
        m, points = self.m, rated(self.m)
        scores = [score for _, score in points]
        middle = neutral(m)
        with_pain = [i for i, pains in enumerate(self.pains) if pains]
        planned = [i for i in with_pain if self.ideas[i]]
        return Summary(
            phases=len(m.phases),
            rated=len(points),
            mean_score=round(sum(scores) / len(scores), 2) if scores else None,
            at_or_above_neutral=(
                round(sum(s >= middle for s in scores) / len(scores), 2) if scores else None
            ),
            pain_points=sum(map(len, self.pains)),
            phases_with_pain=len(with_pain),
            improvements=sum(map(len, self.ideas)),
            pain_with_improvement=round(len(planned) / len(with_pain), 2) if with_pain else None,
        )


def insights(m: JourneyMap) -> Report:
    """Every finding of `m` (in :data:`FINDING_KINDS` order, then by phase) and its summary."""
    reader = _Reader(m)
    reader.curve()
    reader.unplanned_pain()
    reader.marks()
    reader.touchpoints()
    reader.gaps()
    order = {kind: n for n, kind in enumerate(FINDING_KINDS)}
    findings = sorted(reader.findings, key=lambda f: order[f.kind])  # stable: phase order
    return Report(m, reader.summary(), tuple(findings))


# -- showing a report -----------------------------------------------------------------------


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def summary_lines(report: Report) -> list[str]:
    """The summary in plain sentences."""
    s, m = report.summary, report.map
    lines = [f"{_count(s.phases, 'phase')}, {s.rated} rated."]
    if s.mean_score is not None:
        lines.append(
            f"Mean score {s.mean_score:+.2f} on {m.scale.min:+d}..{m.scale.max:+d}; "
            f"{_percent(s.at_or_above_neutral)} of rated phases at or above neutral."
        )
    if s.pain_points:
        lines.append(
            f"{_count(s.pain_points, 'pain point')} in {_count(s.phases_with_pain, 'phase')}; "
            f"{_percent(s.pain_with_improvement)} of those phases have an improvement planned."
        )
    else:
        lines.append("No pain points noted.")
    return lines


#: How each kind is headed in text, Markdown and the editor's panel.
KIND_LABELS: dict[FindingKind, str] = {
    "lowest": "Lowest", "highest": "Highest", "drop": "Drop", "rise": "Rise",
    "valley": "Valley", "peak": "Peak", "unplanned_pain": "Pain, no plan",
    "fail_point": "Fail point", "wait": "Wait", "touchpoint_needs_work": "Needs work",
    "negative_touchpoint": "Disappoints", "positive_touchpoint": "Works",
    "unrated": "Unrated", "empty": "Empty",
}  # fmt: skip


def text_report(report: Report, file: str) -> str:
    """The report as plain text (what ``cxtui insights`` prints by default)."""
    lines = [f"{file}: {report.map.title}", *summary_lines(report), ""]
    if not report.findings:
        lines.append("Nothing stands out.")
    for finding in report.findings:
        lines.append(f"{KIND_LABELS[finding.kind]}: {finding.message}")
        lines += [f"    “{note}”" for note in finding.notes]
    return "\n".join(lines) + "\n"


def finding_json(m: JourneyMap, finding: Finding) -> dict[str, Any]:
    """One finding as its JSON object (docs/insights.md)."""
    out: dict[str, Any] = {
        "kind": finding.kind,
        "phases": [{"index": i + 1, "title": m.phases[i].title} for i in finding.phases],
        "lane": finding.lane,
        "message": finding.message,
        "notes": list(finding.notes),
    }
    if finding.change is not None:
        out["from"], out["to"], out["size"] = finding.change
    return out


def report_json(report: Report, file: str) -> dict[str, Any]:
    """The report as the JSON object ``cxtui insights --format json`` writes."""
    s = report.summary
    return {
        "file": file,
        "summary": {
            "phases": s.phases,
            "rated": s.rated,
            "mean_score": s.mean_score,
            "at_or_above_neutral": s.at_or_above_neutral,
            "pain_points": s.pain_points,
            "phases_with_pain": s.phases_with_pain,
            "improvements": s.improvements,
            "pain_with_improvement": s.pain_with_improvement,
        },
        "findings": [finding_json(report.map, f) for f in report.findings],
    }
