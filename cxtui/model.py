"""The journey map and its invertible edits (pure Python: no Textual, no Rich).

A :class:`JourneyMap` is immutable. An edit (:class:`Edit`) turns a map into a
new map and returns the edit that undoes it, computed from the map it was
applied to, so that undo and redo are exact.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import FrozenInstanceError, field, replace
from inspect import Parameter, Signature, get_annotations
from itertools import chain
from operator import attrgetter
from typing import ClassVar, Literal, TypeAlias, cast, dataclass_transform

from cxtui.limits import (
    MAX_LANES,
    MAX_NOTES_PER_CELL,
    MAX_PHASES,
    MAX_SCALE_STEPS,
    MAX_TEXT_CHARS,
)
from cxtui.record import record
from cxtui.text import clean_block, clean_line

FORMAT_VERSION = 1

MapKind: TypeAlias = Literal[
    "current-state",
    "future-state",
    "day-in-the-life",
    "service-blueprint",
    "experience-map",
    "touchpoint-map",
]
MAP_KINDS: tuple[MapKind, ...] = (
    "current-state",
    "future-state",
    "day-in-the-life",
    "service-blueprint",
    "experience-map",
    "touchpoint-map",
)

#: What each kind of map is called in every view (the file keeps the slug).
KIND_NAMES: Mapping[MapKind, str] = {
    "current-state": "Current state",
    "future-state": "Future state",
    "day-in-the-life": "Day in the life",
    "service-blueprint": "Service blueprint",
    "experience-map": "Experience map",
    "touchpoint-map": "Touchpoint map",
}


def kind_name(kind: str) -> str:
    """The human name of a map kind ("Service blueprint" for ``service-blueprint``)."""
    return KIND_NAMES.get(cast(MapKind, kind), kind.replace("-", " ").capitalize())


def kind_of_name(name: str) -> MapKind | None:
    """The map kind `name` stands for, its slug or its human name in any case
    ("Service blueprint"), or None."""
    wanted = name.strip().casefold()
    for kind, human in KIND_NAMES.items():
        if wanted in (kind, human.casefold()):
            return kind
    return None


LaneKind: TypeAlias = Literal["text", "emotion"]
LANE_KINDS: tuple[LaneKind, ...] = ("text", "emotion")

LaneRole: TypeAlias = Literal[
    "actions", "thoughts", "emotions", "pain_points", "opportunities", "touchpoints",
    "channels", "positives", "negatives", "frontstage", "backstage", "support", "evidence",
    "other",
]  # fmt: skip
#: What a lane holds, whatever its title or language: what insights read a map by.
LANE_ROLES: tuple[LaneRole, ...] = (
    "actions", "thoughts", "emotions", "pain_points", "opportunities", "touchpoints",
    "channels", "positives", "negatives", "frontstage", "backstage", "support", "evidence",
    "other",
)  # fmt: skip
#: One line on each role, for the editor's choice and the docs.
LANE_ROLE_HELP: Mapping[LaneRole, str] = {
    "actions": "what the customer does",
    "thoughts": "what they think and say",
    "emotions": "how they feel (the curve)",
    "pain_points": "what hurts",
    "opportunities": "improvements, ideas, how might we",
    "touchpoints": "where they meet the service",
    "channels": "the media they use",
    "positives": "what works",
    "negatives": "what disappoints",
    "frontstage": "what staff do in view",
    "backstage": "what staff do out of view",
    "support": "the processes behind",
    "evidence": "what the customer sees and keeps",
    "other": "anything else",
}

#: The lines of a service blueprint: (label, role above, role below).
BLUEPRINT_LINES: tuple[tuple[str, LaneRole, LaneRole], ...] = (
    ("Line of interaction", "actions", "frontstage"),
    ("Line of visibility", "frontstage", "backstage"),
    ("Line of internal interaction", "backstage", "support"),
)
_BLUEPRINT_ROLES = frozenset(role for _, above, below in BLUEPRINT_LINES for role in (above, below))

#: Keys a phase table uses itself, so no lane may take them.
RESERVED_PHASE_KEYS = frozenset({"id", "title", "stage", "emotion", "votes", "marks", "link"})
MarkName: TypeAlias = Literal["fail", "wait", "works", "needs_work"]
#: Marks a note may carry, in the order they are written and shown: a fail point, a
#: wait, and a touchpoint's judgment (works or needs work, one of the two at most).
MARKS: tuple[MarkName, ...] = ("fail", "wait", "works", "needs_work")
#: The touchpoint judgments: a note has one of them or none.
JUDGMENTS: tuple[MarkName, ...] = ("works", "needs_work")
#: A mark as a person reads it.
MARK_LABELS: Mapping[MarkName, str] = {
    "fail": "fail point",
    "wait": "wait",
    "works": "works",
    "needs_work": "needs work",
}
#: The symbol each mark shows with beside its note, one terminal cell wide in common
#: monospace fonts (DejaVu Sans Mono has them all), so that a mark never rests on colour.
MARK_SYMBOLS: Mapping[MarkName, str] = {
    "fail": "✗",
    "wait": "◷",
    "works": "✓",
    "needs_work": "△",
}
#: A phase's identity as the file writes it: short, lower-case, never reused in one map.
PHASE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
LANE_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
TAG_PATTERN = re.compile(r"(?<![\w#])#([A-Za-z][\w-]*)")
#: A tag name as a map stores it (lower-case, without the ``#``): what
#: :data:`TAG_PATTERN` finds in a note, so that every tag a map colours can be written.
TAG_NAME_PATTERN = re.compile(r"[a-z][\w-]*")

#: Colours a tag gets when the map does not say otherwise.
DEFAULT_TAG_COLOURS: Mapping[str, str] = {
    "pain": "red",
    "idea": "green",
    "opportunity": "green",
    "delight": "magenta",
    "question": "yellow",
    "risk": "yellow",
}
#: Colour names a map may give its tags (besides ``#rrggbb``).
TAG_COLOUR_NAMES = frozenset(
    {
        "red", "green", "yellow", "blue", "magenta", "cyan", "white", "black",
        "bright_red", "bright_green", "bright_yellow", "bright_blue",
        "bright_magenta", "bright_cyan", "bright_white", "orange", "grey",
    }
)  # fmt: skip
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class ModelError(ValueError):
    """An operation or a value that would break the map's invariants."""


def is_colour(value: str) -> bool:
    """Whether `value` is a colour a tag may take."""
    return value in TAG_COLOUR_NAMES or bool(_HEX_COLOUR.match(value))


def tags_in(note: str) -> list[str]:
    """The ``#tags`` in a note, lower-cased, in order."""
    return [t.lower() for t in TAG_PATTERN.findall(note)]


def tag_key(name: str) -> str:
    """`name` as a map stores a tag: neutralised and lower-cased (still to be checked
    with :func:`is_tag_name`)."""
    return clean_line(name).lower()


def is_tag_name(name: str) -> bool:
    """Whether `name` (as :func:`tag_key` gives it) is a tag a note can hold: a letter,
    then letters, digits, ``_`` and ``-``."""
    return bool(TAG_NAME_PATTERN.fullmatch(name))


def text_problem(what: str, text: str) -> str | None:
    """Why `text` is too long to be `what` ("a note"), or None if it is not."""
    if len(text) <= MAX_TEXT_CHARS:
        return None
    return f"{what} is at most {MAX_TEXT_CHARS:,} characters (this one has {len(text):,})"


def _check_text(what: str, text: str) -> None:
    problem = text_problem(what, text)
    if problem is not None:
        raise ModelError(problem)


def _lines(values: Iterable[str], what: str = "a note") -> tuple[str, ...]:
    lines = tuple(values)
    if not all(map(str.isprintable, lines)):  # (most notes are: no call for each)
        lines = tuple(map(clean_line, lines))
    if lines and max(map(len, lines)) > MAX_TEXT_CHARS:
        _check_text(what, max(lines, key=len))
    return lines


def _cells(cells: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """A phase's notes by lane, cleaned and checked (the notes of all its lanes at once,
    in C, for the common case: every note printable and short enough)."""
    # Empty cells are not stored, so that equal maps compare equal.
    kept = {lane: tuple(notes) for lane, notes in cells.items() if notes}
    if not all(map(str.isprintable, chain.from_iterable(kept.values()))):
        kept = {lane: tuple(map(clean_line, notes)) for lane, notes in kept.items()}
    if kept and max(map(len, chain.from_iterable(kept.values())), default=0) > MAX_TEXT_CHARS:
        _check_text("a note", max(chain.from_iterable(kept.values()), key=len))
    if kept and max(map(len, kept.values())) > MAX_NOTES_PER_CELL:
        count = max(map(len, kept.values()))
        raise ModelError(
            f"a cell holds at most {MAX_NOTES_PER_CELL} notes (this one has {count:,})"
        )
    return kept


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def implied_role(key: str, kind: LaneKind = "text") -> LaneRole:
    """The role a lane has when it declares none: ``emotions`` for the emotion lane, the
    key itself when it names a role (``pain_points``), else ``other``."""
    if kind == "emotion":
        return "emotions"
    return key if key in LANE_ROLES else "other"


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


@record
class EmotionScale:
    """The integer range an emotion score may take."""

    min: int = -2
    max: int = 2

    def __post_init__(self) -> None:
        if not (_is_int(self.min) and _is_int(self.max)):
            raise ModelError(
                f"an emotion scale runs between whole numbers, not {self.min!r}..{self.max!r}"
            )
        if self.min >= self.max:
            raise ModelError(f"emotion scale min ({self.min}) must be below max ({self.max})")
        if self.max - self.min > MAX_SCALE_STEPS:
            raise ModelError(
                f"an emotion scale spans at most {MAX_SCALE_STEPS} steps "
                f"(this one runs {self.min}..{self.max})"
            )

    def clamp(self, value: int) -> int:
        """`value` moved into the scale."""
        return max(self.min, min(self.max, value))

    def __contains__(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        return self.min <= value <= self.max


_PERSONA_LISTS = (("goals", "a goal"), ("needs", "a need"), ("frustrations", "a frustration"))


@record
class Persona:
    """Who the map is about."""

    name: str = ""
    role: str = ""
    goals: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    frustrations: tuple[str, ...] = ()
    quote: str = ""

    def __post_init__(self) -> None:
        for name in ("name", "role", "quote"):
            value = clean_line(getattr(self, name))
            _check_text(f"the persona's {name}", value)
            _set(self, name, value)
        for name, one in _PERSONA_LISTS:
            values = _lines(getattr(self, name), one)
            if len(values) > MAX_NOTES_PER_CELL:
                raise ModelError(
                    f"a persona has at most {MAX_NOTES_PER_CELL} {name} "
                    f"(this one has {len(values):,})"
                )
            _set(self, name, values)

    @property
    def is_empty(self) -> bool:
        """Whether every field is empty (a map keeps such a persona as no persona)."""
        return self == _NO_PERSONA


_NO_PERSONA = Persona()


#: What a Mermaid directive is: ``%%{`` ... ``}%%`` (which ends it at its first ``}%%``).
_DIRECTIVE = re.compile(r"%%\{.*\}%%", re.DOTALL)
#: A front-matter line that would end the front matter.
_FRONT_MATTER_END = re.compile(r"^-{3}\s*$", re.MULTILINE)


def mermaid_directive_problem(text: str) -> str | None:
    """Why `text` cannot be kept as a Mermaid directive, or None if it can."""
    if not _DIRECTIVE.fullmatch(text) or text.find("}%%") != len(text) - 3:
        return f"{text[:30]!r} is not one Mermaid directive (%%{{ ... }}%%)"
    return text_problem("a directive", text)


def front_matter_problem(text: str) -> str | None:
    """Why `text` cannot be kept as Mermaid front matter, or None if it can."""
    if _FRONT_MATTER_END.search(text):
        return "Mermaid front matter cannot hold a line `---` (it would end there)"
    return text_problem("the front matter", text)


@record
class MermaidDetails:
    """What a Mermaid diagram held that a map has no place for, kept so that exporting
    the map to Mermaid gives it back: its accessible title, its theme settings
    (``%%{init: …}%%`` directives, front matter apart from the title) and the numbers
    (counted from 1) of the phases that begin a section named as the one before it,
    where Mermaid draws two sections and a map one stage."""

    acc_title: str = ""
    directives: tuple[str, ...] = ()
    front_matter: str = ""
    section_breaks: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        _set(self, "acc_title", clean_line(self.acc_title).strip())
        _check_text("the accessible title", self.acc_title)
        directives = tuple(clean_block(d).strip() for d in self.directives)
        if len(directives) > MAX_NOTES_PER_CELL:
            raise ModelError(f"at most {MAX_NOTES_PER_CELL} Mermaid directives")
        for directive in directives:
            problem = mermaid_directive_problem(directive)
            if problem:
                raise ModelError(problem)
        _set(self, "directives", directives)
        # YAML (and Mermaid's reader) breaks lines at U+2028/U+2029 too: they are line ends.
        lines = clean_block(self.front_matter).splitlines()
        front_matter = "\n".join(line.rstrip() for line in lines).strip("\n")
        problem = front_matter_problem(front_matter)
        if problem:
            raise ModelError(problem)
        _set(self, "front_matter", front_matter)
        breaks = tuple(self.section_breaks)
        if not all(_is_int(b) and 1 < b <= MAX_PHASES for b in breaks) or list(breaks) != sorted(
            set(breaks)
        ):
            raise ModelError("section breaks are phase numbers from 2 up, each once and in order")
        _set(self, "section_breaks", breaks)

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to keep (a map keeps such details as none)."""
        return self == _NO_MERMAID_DETAILS


_NO_MERMAID_DETAILS = MermaidDetails()
#: The default of :attr:`Lane.role`: "the role the key and kind imply" (set on construction).
_IMPLIED_ROLE = cast(LaneRole, None)


@record
class Lane:
    """A row of the map: a text lane holds notes per phase; the emotion lane draws the curve.

    `role` says what the lane holds (:data:`LANE_ROLES`); left out (None), it is the one
    its key and kind imply (:func:`implied_role`), so a lane always has one.
    """

    key: str
    title: str
    kind: LaneKind = "text"
    role: LaneRole = _IMPLIED_ROLE

    def __post_init__(self) -> None:
        if self.role is None:
            _set(self, "role", implied_role(self.key, self.kind))
        elif self.role not in LANE_ROLES:
            raise ModelError(f"unknown lane role {self.role!r}")
        _set(self, "title", clean_line(self.title))
        _check_text("a lane title", self.title)
        _check_text("a lane key", self.key)
        if not LANE_KEY_PATTERN.match(self.key) or self.key in RESERVED_PHASE_KEYS:
            raise ModelError(f"{self.key!r} cannot be a lane key")
        if self.kind not in LANE_KINDS:
            raise ModelError(f"unknown lane kind {self.kind!r}")


@record
class Phase:
    """A column of the map: one step of the journey, with notes per text lane."""

    title: str
    stage: str | None = None
    emotion: int | None = None
    cells: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The phase's identity, kept through renames, moves and copies of the map ("" until
    #: the phase is in a map, which gives it one: see :func:`with_phase_ids`).
    id: str = ""
    #: Who voted for which note: (lane key, note text) -> voters, sorted. A vote stays with
    #: the text it was given to (a note edited to other words starts again at none).
    votes: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: The map this phase's step is detailed in: a file path relative to this map's file.
    link: str | None = None
    #: Marks on notes: (lane key, note text) -> marks in :data:`MARKS` order. A note
    #: edited in place keeps its marks (:class:`SetNotes`).
    marks: Mapping[tuple[str, str], tuple[MarkName, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # (Every phase of every map read comes here: the common cases cost the least.)
        title = self.title
        if not title.isprintable():
            title = clean_line(title)
            _set(self, "title", title)
        if len(title) > MAX_TEXT_CHARS:
            _check_text("a phase title", title)
        if self.link is not None:
            _set(self, "link", _file_reference("a phase's link", self.link))
        stage = self.stage
        if stage is not None:
            if not stage.isprintable():
                stage = clean_line(stage)
            if len(stage) > MAX_TEXT_CHARS:
                _check_text("a stage", stage)
            # A blank stage is no stage (so "  " and "" group phases alike).
            if stage is not self.stage or not stage.strip():
                _set(self, "stage", stage if stage.strip() else None)
        emotion = self.emotion
        if emotion is not None and type(emotion) is not int and not _is_int(emotion):
            raise ModelError(f"an emotion is a whole number, not {emotion!r}")
        _set(self, "cells", _cells(self.cells))
        if not self.votes and not self.marks:  # most phases: two empty tables of their own
            _set(self, "votes", {})
            _set(self, "marks", {})
            return
        votes: dict[tuple[str, str], tuple[str, ...]] = {}
        for (lane, note), voters in self.votes.items():
            names = tuple(sorted({v for v in map(voter_name, voters) if v}))
            if names:
                key = (lane, clean_line(note))
                votes[key] = tuple(sorted(set(votes.get(key, ())) | set(names)))
        _set(self, "votes", votes)
        marks: dict[tuple[str, str], tuple[MarkName, ...]] = {}
        for (lane, note), names in self.marks.items():
            key = (lane, clean_line(note))
            marked = ordered_marks((*marks.get(key, ()), *names))
            if marked:
                marks[key] = marked
        _set(self, "marks", marks)

    @classmethod
    def of_checked_fields(
        cls,
        title: str,
        stage: str | None,
        emotion: int | None,
        cells: dict[str, tuple[str, ...]],
        phase_id: str,
    ) -> Phase:
        """A phase made of fields already as :meth:`__post_init__` leaves them, without
        checking them again: title, stage and notes printable and within the limits, a
        stage not blank, no empty cell, no cell over the limit, no votes, marks or link.

        For a file's reader that has proved this of a whole phase at once (most phases
        of most maps); tests check that what it makes equals what ``Phase(...)`` makes.
        """
        phase = object.__new__(cls)
        phase.__dict__.update(
            title=title, stage=stage, emotion=emotion, cells=cells, id=phase_id,
            votes={}, link=None, marks={},
        )  # fmt: skip
        return phase

    def marks_of(self, lane_key: str, note: str) -> tuple[MarkName, ...]:
        """The marks on `note` in the lane `lane_key` (in :data:`MARKS` order)."""
        return self.marks.get((lane_key, note), ())

    def voters(self, lane_key: str, note: str) -> tuple[str, ...]:
        """Who voted for `note` in the lane `lane_key` (sorted)."""
        return self.votes.get((lane_key, note), ())

    def notes(self, lane_key: str) -> tuple[str, ...]:
        """The notes of this phase in the lane `lane_key`."""
        return self.cells.get(lane_key, ())

    def with_notes(self, lane_key: str, notes: Sequence[str]) -> Phase:
        """A copy with the notes of `lane_key` replaced."""
        cells = dict(self.cells)
        cells[lane_key] = tuple(notes)
        return replace(self, cells=cells)


#: A value on one side of a merge conflict: a score, a text, notes, or nothing (absent).
ConflictValue: TypeAlias = int | str | tuple[str, ...] | None

#: What a conflict is about (`key` is a lane key for the lane and notes fields, a tag
#: name for "tag"; `phase` a phase id for the phase fields).
CONFLICT_FIELDS = frozenset(
    {
        "title", "kind", "description", "emotion scale", "tag",
        "persona name", "persona role", "persona quote",
        "persona goals", "persona needs", "persona frustrations",
        "lane", "lane title", "lane kind", "lane order",
        "phase", "phase title", "stage", "emotion", "notes", "phase order",
    }
)  # fmt: skip


@record
class Conflict:
    """A change made two ways by a merge (:mod:`cxtui.merge`), both sides kept.

    The map holds `ours`; `theirs` (and `base`, what both started from) wait here
    until someone chooses. For notes, each side is the whole merged cell as that side
    would have it. For "phase" and "lane" (deleted on one side, changed on the other)
    a side is the title, or None where it was deleted.
    """

    field: str
    phase: str | None = None
    key: str | None = None
    base: ConflictValue = None
    ours: ConflictValue = None
    theirs: ConflictValue = None

    def __post_init__(self) -> None:
        if self.field not in CONFLICT_FIELDS:
            raise ModelError(f"unknown conflict field {self.field!r}")
        for side in ("base", "ours", "theirs"):
            value = getattr(self, side)
            if isinstance(value, list | tuple):
                _set(self, side, _lines(value))
            elif isinstance(value, str):
                _set(
                    self,
                    side,
                    clean_block(value) if self.field == "description" else clean_line(value),
                )
            elif value is not None and not _is_int(value):
                raise ModelError(f"a conflict's {side} cannot be {value!r}")


def mark_problem(names: Iterable[str]) -> str | None:
    """Why `names` cannot be the marks of one note, or None."""
    for name in names:
        if name not in MARKS:
            return f"unknown mark {name!r} (marks: {', '.join(MARKS)})"
    if set(JUDGMENTS) <= set(names):
        return "a touchpoint works or needs work, not both"
    return None


def ordered_marks(names: Iterable[str]) -> tuple[MarkName, ...]:
    """`names` as a note keeps them: once each, in :data:`MARKS` order; raises
    :class:`ModelError` for an unknown mark or both judgments."""
    given = set(names)
    problem = mark_problem(given)
    if problem:
        raise ModelError(problem)
    return tuple(name for name in MARKS if name in given)


def voter_name(name: str) -> str:
    """`name` as a vote records it: one line, trimmed, at most 100 characters."""
    return clean_line(name).strip()[:100]


def new_phase_id(taken: Iterable[str] = ()) -> str:
    """A fresh random phase id (6 hex digits), distinct from every id in `taken`."""
    used = set(taken)
    while True:
        candidate = os.urandom(3).hex()
        if candidate not in used and not candidate.isdigit():
            return candidate


def legacy_phase_id(title: str, taken: Iterable[str] = ()) -> str:
    """The id a phase written without one gets: made from its title (trimmed, case-folded),
    so that everyone who reads one old file gives its phases the same ids, and two old maps
    share the ids of their same-titled phases. Distinct from every id in `taken`."""
    key = " ".join(title.split()).casefold()
    used = taken if isinstance(taken, set | frozenset) else set(taken)
    n = 0
    while True:
        seed = key if n == 0 else f"{key}\x00{n}"
        candidate = f"{zlib.crc32(seed.encode('utf-8')) & 0xFFFFFF:06x}"
        if candidate not in used:
            return candidate
        n += 1


_ID = attrgetter("id")
_EMOTION = attrgetter("emotion")
_CELLS = attrgetter("cells")


def with_phase_ids(phases: Iterable[Phase]) -> tuple[Phase, ...]:
    """`phases`, each without an id, or with the id of an earlier phase (a copy), given
    one (:func:`legacy_phase_id`); the other ids kept as they are."""
    phases = tuple(phases)
    given = list(map(_ID, phases))
    if all(given) and len(set(given)) == len(given):  # (a map read: every phase has its id)
        return phases
    ids = phase_ids([(p.title, p.id) for p in phases])
    return tuple(p if p.id == i else replace(p, id=i) for p, i in zip(phases, ids, strict=True))


def phase_ids(phases: Sequence[tuple[str, str]]) -> list[str]:
    """The ids of phases given as (title, id or ""): an id kept unless it is missing or an
    earlier phase's (a copy), which gets :func:`legacy_phase_id` of its title. A file's
    reader gives its phases these ids as it makes them (no second :class:`Phase` each)."""
    ids = [phase_id for _, phase_id in phases]
    if all(ids) and len(set(ids)) == len(ids):
        return ids
    taken = set(filter(None, ids))
    seen: set[str] = set()
    for i, (title, phase_id) in enumerate(phases):
        if not phase_id or phase_id in seen:
            phase_id = ids[i] = legacy_phase_id(title, taken)
            taken.add(phase_id)
        seen.add(phase_id)
    return ids


def _file_reference(what: str, reference: str) -> str | None:
    """`reference` (a file path relative to a map) cleaned, None when blank; refused when
    it is absolute (a map must stay valid wherever its folder is copied)."""
    cleaned = clean_line(reference).strip()
    _check_text(what, cleaned)
    if cleaned.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", cleaned):
        raise ModelError(f"{what} must be a path relative to the map's file, not {cleaned!r}")
    return cleaned or None


def blueprint_line_labels(m: JourneyMap) -> dict[int, str]:
    """The lines of a service blueprint `m` draws: the label of each by the index of the
    lane it is drawn above. A line (say, of visibility) is drawn above the first lane of
    the role below it (frontstage | *backstage*) when a lane of the role above it comes
    earlier with no other blueprint lane between (lanes such as emotions between do not
    matter). None when the map turns them off."""
    if not m.blueprint_lines:
        return {}
    roles = [lane.role for lane in m.lanes]
    found: dict[int, str] = {}
    for label, above, below in BLUEPRINT_LINES:
        if below not in roles:
            continue
        at = roles.index(below)
        for role in reversed(roles[:at]):
            if role in _BLUEPRINT_ROLES:
                if role == above:
                    found[at] = label
                break
    return found


def slug(title: str, taken: Iterable[str] = ()) -> str:
    """A lane key made from `title`, distinct from every key in `taken`."""
    base = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_") or "lane"
    if not base[0].isalpha():
        base = "lane_" + base
    if base in RESERVED_PHASE_KEYS:
        base = "lane_" + base
    used = set(taken)
    key, n = base, 2
    while key in used:
        key, n = f"{base}_{n}", n + 1
    return key


@record
class JourneyMap:
    """One persona's journey: phases (columns) by lanes (rows)."""

    title: str
    kind: MapKind = "current-state"
    description: str | None = None
    persona: Persona | None = None
    scale: EmotionScale = field(default_factory=EmotionScale)
    lanes: tuple[Lane, ...] = ()
    phases: tuple[Phase, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    #: Details of the Mermaid diagram the map was imported from (see docs/format.md).
    mermaid: MermaidDetails | None = None
    version: int = FORMAT_VERSION
    #: Changes a merge could not make alone, both sides kept (empty when none).
    conflicts: tuple[Conflict, ...] = ()
    #: The shared persona's file (relative to this map's file) that `persona` was read
    #: from; None when the persona is the map's own. Saving keeps the reference.
    persona_file: str | None = None
    #: Whether the lines of a service blueprint are drawn (:func:`blueprint_line_labels`).
    blueprint_lines: bool = True

    def __post_init__(self) -> None:
        _set(self, "title", clean_line(self.title))
        if self.persona_file is not None:
            _set(self, "persona_file", _file_reference("the persona file", self.persona_file))
        if self.description is not None:
            _set(self, "description", clean_block(self.description) or None)
        if self.persona is not None and self.persona.is_empty:
            # An empty persona is no persona: it would be written as an empty table.
            _set(self, "persona", None)
        if self.mermaid is not None and self.mermaid.is_empty:
            _set(self, "mermaid", None)
        _set(self, "lanes", tuple(self.lanes))
        _set(self, "phases", with_phase_ids(self.phases))
        _set(self, "tags", {tag_key(k): v for k, v in self.tags.items()})
        _set(self, "conflicts", tuple(self.conflicts))
        problems = self.problems()
        if problems:
            raise ModelError("; ".join(problems))

    def problems(self) -> list[str]:
        """What breaks this map's invariants (empty when none)."""
        out: list[str] = []
        if self.version != FORMAT_VERSION:
            out.append(f"this cxtui holds maps of format {FORMAT_VERSION}, not {self.version!r}")
        if self.kind not in MAP_KINDS:
            out.append(f"unknown map kind {self.kind!r}")
        for what, text in (("the map title", self.title), ("the description", self.description)):
            problem = text_problem(what, text or "")
            if problem is not None:
                out.append(problem)
        if not self.lanes:
            out.append("a map needs at least one lane")
        if len(self.lanes) > MAX_LANES:
            out.append(f"a map has at most {MAX_LANES} lanes")
        if not self.phases:
            out.append("a map needs at least one phase")
        if len(self.phases) > MAX_PHASES:
            out.append(f"a map has at most {MAX_PHASES:,} phases")
        keys = [lane.key for lane in self.lanes]
        if len(set(keys)) != len(keys):
            out.append("duplicate lane keys")
        if sum(lane.kind == "emotion" for lane in self.lanes) > 1:
            out.append("more than one emotion lane")
        out += self._phase_problems({lane.key for lane in self.lanes if lane.kind == "text"})
        for tag, colour in self.tags.items():
            if not is_tag_name(tag):
                out.append(
                    f"{tag!r} cannot be a tag: a tag is a letter, then letters, digits, _ or -"
                )
            elif not isinstance(colour, str) or not is_colour(colour):
                out.append(f"tag #{tag}: unknown colour {colour!r}")
        return out

    def _phase_problems(self, text_keys: set[str]) -> list[str]:
        """What breaks the invariants of the phases (ids, emotions, lanes of their notes):
        every phase checked at once, in C for the most part (a map read is checked once
        here), and each one looked at only when that finds something."""
        rated = [e for e in map(_EMOTION, self.phases) if e is not None]
        if (
            all(map(PHASE_ID_PATTERN.match, map(_ID, self.phases)))
            and set(map(type, rated)) <= {int}  # (Phase refuses other types; bool is no int)
            and (not rated or (self.scale.min <= min(rated) and max(rated) <= self.scale.max))
            and set().union(*map(_CELLS, self.phases)) <= text_keys
        ):
            return []
        out: list[str] = []
        for i, phase in enumerate(self.phases):
            if not PHASE_ID_PATTERN.match(phase.id):
                out.append(f"phase {i + 1}: {phase.id!r} cannot be a phase id")
            if phase.emotion is not None and phase.emotion not in self.scale:
                out.append(f"phase {i + 1}: emotion {phase.emotion} is outside the scale")
            stray = set(phase.cells) - text_keys
            if stray:
                out.append(f"phase {i + 1}: notes for unknown lanes {sorted(stray)}")
        return out

    # -- queries ---------------------------------------------------------

    @property
    def text_lanes(self) -> tuple[Lane, ...]:
        """The lanes that hold notes."""
        return tuple(lane for lane in self.lanes if lane.kind == "text")

    def lane_index(self, key: str) -> int:
        """The position of the lane keyed `key`."""
        for i, lane in enumerate(self.lanes):
            if lane.key == key:
                return i
        raise ModelError(f"no lane {key!r}")

    def tag_colour(self, tag: str) -> str | None:
        """The colour of `tag`: the map's own, else the default, else None."""
        tag = tag.lower()
        return self.tags.get(tag) or DEFAULT_TAG_COLOURS.get(tag)

    def stages(self) -> list[tuple[str | None, int, int]]:
        """Runs of neighbouring phases sharing a stage: (stage, first, last) indexes."""
        runs: list[tuple[str | None, int, int]] = []
        for i, phase in enumerate(self.phases):
            if runs and runs[-1][0] == phase.stage:
                runs[-1] = (phase.stage, runs[-1][1], i)
            else:
                runs.append((phase.stage, i, i))
        return runs

    def apply(self, edit: Edit) -> tuple[JourneyMap, Edit]:
        """Apply `edit`: the new map and the edit that undoes it."""
        return edit.apply(self)


# -- edits ---------------------------------------------------------------


@dataclass_transform(frozen_default=True)
class Edit:
    """A change to a map. `apply` returns the new map and the inverse edit.

    A subclass is a frozen dataclass of its annotated fields (init, repr, eq, hash and
    immutability as ``@dataclass(frozen=True)`` gives them), made here without
    `dataclasses`, whose generated code costs about 1 ms a class at start-up.
    """

    __match_args__: ClassVar[tuple[str, ...]] = ()
    __signature__: ClassVar[Signature] = Signature()
    #: A short name for the change, shown after undo and redo.
    label = "edit"

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        names = tuple(get_annotations(cls))
        cls.__match_args__ = names  # type: ignore[misc]  # (mypy: a dataclass sets it)
        cls.__signature__ = Signature(
            [
                Parameter(
                    n, Parameter.POSITIONAL_OR_KEYWORD, default=cls.__dict__.get(n, Parameter.empty)
                )
                for n in names
            ]
        )

    def __init__(self, *args: object, **kwargs: object) -> None:
        bound = self.__signature__.bind(*args, **kwargs)
        bound.apply_defaults()
        for name, value in bound.arguments.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__match_args__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__match_args__)
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:  # pragma: no cover
        raise NotImplementedError


def _check_phase(m: JourneyMap, index: int) -> None:
    if not 0 <= index < len(m.phases):
        raise ModelError(f"no phase {index + 1}")


def _check_lane(m: JourneyMap, index: int) -> None:
    if not 0 <= index < len(m.lanes):
        raise ModelError(f"no lane {index + 1}")


def _with_phase(m: JourneyMap, index: int, phase: Phase) -> JourneyMap:
    phases = list(m.phases)
    phases[index] = phase
    return replace(m, phases=tuple(phases))


def _moved(items: Sequence[object], src: int, dst: int) -> list[object]:
    out = list(items)
    out.insert(dst, out.pop(src))
    return out


class Batch(Edit):
    """Several edits applied as one step."""

    edits: tuple[Edit, ...]
    label: str = "changes"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        inverses: list[Edit] = []
        for edit in self.edits:
            m, inverse = edit.apply(m)
            inverses.append(inverse)
        return m, Batch(tuple(reversed(inverses)), self.label)


class SetNotes(Edit):
    """Replace the notes of one cell. A note edited in place keeps its marks; with
    `marks`, the phase's marks are those instead (the inverse gives them back exactly)."""

    phase: int
    lane: str
    notes: tuple[str, ...]
    marks: tuple[tuple[tuple[str, str], tuple[MarkName, ...]], ...] | None = None
    label = "edit notes"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_phase(m, self.phase)
        if m.lanes[m.lane_index(self.lane)].kind != "text":
            raise ModelError(f"lane {self.lane!r} holds no notes")
        old = m.phases[self.phase]
        # The notes are kept exactly as given (blank ones too), so that the inverse
        # restores a cell exactly; the editor leaves out the blank lines it does not want.
        changed = old.with_notes(self.lane, self.notes)
        marks = (
            dict(self.marks)
            if self.marks is not None
            else _marks_of_edited_notes(old, self.lane, self.notes)
        )
        if marks is not None:
            changed = replace(changed, marks=marks)
        new = _with_phase(m, self.phase, changed)
        kept = tuple(old.marks.items()) if marks is not None else None
        return new, SetNotes(self.phase, self.lane, old.notes(self.lane), kept)


def _marks_of_edited_notes(
    phase: Phase, lane: str, notes: Sequence[str]
) -> dict[tuple[str, str], tuple[MarkName, ...]] | None:
    """`phase`'s marks with those of each note of `lane` edited in place (a note whose
    words changed where it stands, the notes around it kept) moved to its new words: a
    typo fixed in a fail point leaves it a fail point. None when none moves. (A vote is
    for the words, so it stays behind; either way undo gives the old words their own.)"""
    before = phase.notes(lane)
    if not any((lane, note) in phase.marks for note in before):
        return None
    from difflib import SequenceMatcher  # (only for a cell with marks)

    marks = dict(phase.marks)
    moved = False
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, notes, autojunk=False).get_opcodes():
        if tag != "replace" or i2 - i1 != j2 - j1:
            continue  # kept, added, removed, or not one for one: nothing to follow
        for old_note, new_note in zip(before[i1:i2], notes[j1:j2], strict=True):
            names = phase.marks.get((lane, old_note))
            if names and (lane, new_note) not in marks:
                marks[(lane, new_note)] = names
                if old_note not in notes:
                    del marks[(lane, old_note)]
                moved = True
    return marks if moved else None


class SetEmotion(Edit):
    """Set (or clear, with None) a phase's emotion, clamped to the scale."""

    phase: int
    emotion: int | None
    label = "set emotion"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_phase(m, self.phase)
        if self.emotion is not None and not _is_int(self.emotion):
            raise ModelError(f"an emotion is a whole number, not {self.emotion!r}")
        old = m.phases[self.phase]
        value = None if self.emotion is None else m.scale.clamp(self.emotion)
        new = _with_phase(m, self.phase, replace(old, emotion=value))
        return new, SetEmotion(self.phase, old.emotion)


def nudge_emotion(m: JourneyMap, phase: int, step: int) -> SetEmotion:
    """The edit that raises (step > 0) or lowers a phase's emotion; unrated starts at 0."""
    _check_phase(m, phase)
    current = m.phases[phase].emotion
    start = m.scale.clamp(0) if current is None else current
    return SetEmotion(phase, m.scale.clamp(start + step))


class SetPhase(Edit):
    """Set a phase's title and stage."""

    phase: int
    title: str
    stage: str | None
    label = "edit phase"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_phase(m, self.phase)
        old = m.phases[self.phase]
        new = _with_phase(m, self.phase, replace(old, title=self.title, stage=self.stage))
        return new, SetPhase(self.phase, old.title, old.stage)


class ToggleVote(Edit):
    """Give `voter`'s vote to a note, or take it back if they had voted for it."""

    phase: int
    lane: str
    note: str
    voter: str
    label = "vote"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_phase(m, self.phase)
        voter = voter_name(self.voter)
        if not voter:
            raise ModelError("a vote needs the name of who votes")
        old = m.phases[self.phase]
        if self.note not in old.notes(self.lane):
            raise ModelError("there is no such note to vote for")
        voters = set(old.voters(self.lane, self.note)) ^ {voter}
        votes = dict(old.votes)
        votes[(self.lane, self.note)] = tuple(sorted(voters))
        if not voters:
            del votes[(self.lane, self.note)]
        return _with_phase(m, self.phase, replace(old, votes=votes)), self


class SetMarks(Edit):
    """Set the marks of a note (none clears them); the inverse restores the old ones."""

    phase: int
    lane: str
    note: str
    marks: tuple[MarkName, ...]
    label = "mark"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_phase(m, self.phase)
        old = m.phases[self.phase]
        names = ordered_marks(self.marks)
        if names and self.note not in old.notes(self.lane):
            raise ModelError("there is no such note to mark")
        marks = dict(old.marks)
        marks.pop((self.lane, self.note), None)
        if names:
            marks[(self.lane, self.note)] = names
        new = _with_phase(m, self.phase, replace(old, marks=marks))
        return new, SetMarks(self.phase, self.lane, self.note, old.marks_of(self.lane, self.note))


def toggle_mark(m: JourneyMap, phase: int, lane: str, note: str, mark: MarkName) -> SetMarks:
    """The edit that puts `mark` on a note, or takes it off if the note has it; a
    judgment replaces the other judgment."""
    _check_phase(m, phase)
    marks = set(m.phases[phase].marks_of(lane, note))
    if mark in marks:
        marks.discard(mark)
    else:
        if mark in JUDGMENTS:
            marks -= set(JUDGMENTS)
        marks.add(mark)
    return SetMarks(phase, lane, note, ordered_marks(marks))


def next_judgment(current: Sequence[str]) -> MarkName | None:
    """The judgment after the one in `current`: works, then needs work, then none."""
    if "works" in current:
        return "needs_work"
    if "needs_work" in current:
        return None
    return "works"


def cycle_judgment(m: JourneyMap, phase: int, lane: str, note: str) -> SetMarks:
    """The edit that moves a touchpoint's judgment on: works → needs work → none."""
    _check_phase(m, phase)
    current = m.phases[phase].marks_of(lane, note)
    judgment = next_judgment(current)
    kept = [name for name in current if name not in JUDGMENTS]
    return SetMarks(phase, lane, note, ordered_marks([*kept, *([judgment] if judgment else [])]))


class InsertPhase(Edit):
    """Insert a phase at `index`; a phase without an id, or with one the map already has
    (a copy), gets a fresh id."""

    index: int
    phase: Phase
    label = "add phase"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        if not 0 <= self.index <= len(m.phases):
            raise ModelError(f"cannot insert a phase at {self.index + 1}")
        if len(m.phases) >= MAX_PHASES:
            raise ModelError(f"a map has at most {MAX_PHASES:,} phases")
        phases = list(m.phases)
        phase = self.phase
        taken = {p.id for p in phases}
        if not phase.id or phase.id in taken:
            phase = replace(phase, id=new_phase_id(taken))
        phases.insert(self.index, phase)
        return replace(m, phases=tuple(phases)), RemovePhase(self.index)


class RemovePhase(Edit):
    """Remove the phase at `index`."""

    index: int
    label = "delete phase"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_phase(m, self.index)
        if len(m.phases) == 1:
            raise ModelError("a map keeps at least one phase")
        phases = list(m.phases)
        removed = phases.pop(self.index)
        return replace(m, phases=tuple(phases)), InsertPhase(self.index, removed)


class MovePhase(Edit):
    """Move the phase at `src` to position `dst`."""

    src: int
    dst: int
    label = "move phase"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_phase(m, self.src)
        _check_phase(m, self.dst)
        phases = _moved(m.phases, self.src, self.dst)
        return replace(m, phases=tuple(phases)), MovePhase(self.dst, self.src)  # type: ignore[arg-type]


class InsertLane(Edit):
    """Insert a lane at `index`, with notes per phase (as many as there are phases, or none)."""

    index: int
    lane: Lane
    notes: tuple[tuple[str, ...], ...] = ()
    label = "add lane"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        if not 0 <= self.index <= len(m.lanes):
            raise ModelError(f"cannot insert a lane at {self.index + 1}")
        if any(lane.key == self.lane.key for lane in m.lanes):
            raise ModelError(f"there is already a lane {self.lane.key!r}")
        if self.lane.kind == "emotion" and any(lane.kind == "emotion" for lane in m.lanes):
            raise ModelError("a map has one emotion lane at most")
        if len(m.lanes) >= MAX_LANES:
            raise ModelError(f"a map has at most {MAX_LANES} lanes")
        if self.notes and len(self.notes) != len(m.phases):
            raise ModelError(
                f"the new lane has notes for {len(self.notes)} phases, "
                f"but the map has {len(m.phases)}"
            )
        if self.notes and self.lane.kind != "text" and any(self.notes):
            raise ModelError("an emotion lane holds no notes")
        lanes = list(m.lanes)
        lanes.insert(self.index, self.lane)
        phases = m.phases
        if self.notes:
            phases = tuple(
                p.with_notes(self.lane.key, n) for p, n in zip(m.phases, self.notes, strict=True)
            )
        return replace(m, lanes=tuple(lanes), phases=phases), RemoveLane(self.index)


class RemoveLane(Edit):
    """Remove the lane at `index` and its notes."""

    index: int
    label = "delete lane"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_lane(m, self.index)
        if len(m.lanes) == 1:
            raise ModelError("a map keeps at least one lane")
        lanes = list(m.lanes)
        lane = lanes.pop(self.index)
        notes = tuple(p.notes(lane.key) for p in m.phases)
        phases = tuple(
            replace(p, cells={k: v for k, v in p.cells.items() if k != lane.key}) for p in m.phases
        )
        keep = notes if any(notes) else ()
        return replace(m, lanes=tuple(lanes), phases=phases), InsertLane(self.index, lane, keep)


class MoveLane(Edit):
    """Move the lane at `src` to position `dst`."""

    src: int
    dst: int
    label = "move lane"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_lane(m, self.src)
        _check_lane(m, self.dst)
        lanes = _moved(m.lanes, self.src, self.dst)
        return replace(m, lanes=tuple(lanes)), MoveLane(self.dst, self.src)  # type: ignore[arg-type]


class RenameLane(Edit):
    """Change a lane's title (its key stays, so the file's notes stay put)."""

    index: int
    title: str
    label = "rename lane"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_lane(m, self.index)
        lanes = list(m.lanes)
        old = lanes[self.index]
        lanes[self.index] = replace(old, title=self.title)
        return replace(m, lanes=tuple(lanes)), RenameLane(self.index, old.title)


class SetLaneKind(Edit):
    """Give a lane another kind; a text lane's notes go (and come back on undo)."""

    index: int
    kind: LaneKind
    label = "change lane kind"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_lane(m, self.index)
        old = m.lanes[self.index]
        if self.kind == old.kind:  # nothing changes, and no notes are dropped
            return m, SetLaneKind(self.index, old.kind)
        if self.kind == "emotion" and any(
            lane.kind == "emotion" for i, lane in enumerate(m.lanes) if i != self.index
        ):
            raise ModelError("a map has one emotion lane at most")
        lanes = list(m.lanes)
        role = old.role
        if role == implied_role(old.key, old.kind):  # an implied role follows the kind
            role = implied_role(old.key, self.kind)
        lanes[self.index] = replace(old, kind=self.kind, role=role)
        restore = tuple(
            SetNotes(i, old.key, p.notes(old.key))
            for i, p in enumerate(m.phases)
            if p.notes(old.key)
        )
        phases = tuple(
            replace(p, cells={k: v for k, v in p.cells.items() if k != old.key}) for p in m.phases
        )
        new = replace(m, lanes=tuple(lanes), phases=phases)
        undo = (SetLaneKind(self.index, old.kind), SetLaneRole(self.index, old.role))
        return new, Batch((*undo, *restore), self.label)


class SetLaneRole(Edit):
    """Say what a lane holds (its role), whatever its title: insights read lanes by role."""

    index: int
    role: LaneRole
    label = "change lane role"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        _check_lane(m, self.index)
        if self.role not in LANE_ROLES:
            raise ModelError(f"unknown lane role {self.role!r}")
        lanes = list(m.lanes)
        old = lanes[self.index]
        lanes[self.index] = replace(old, role=self.role)
        return replace(m, lanes=tuple(lanes)), SetLaneRole(self.index, old.role)


class SetMeta(Edit):
    """Set the map's title, kind and description."""

    title: str
    kind: MapKind
    description: str | None
    label = "edit map details"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        new = replace(m, title=self.title, kind=self.kind, description=self.description)
        return new, SetMeta(m.title, m.kind, m.description)


class SetBlueprintLines(Edit):
    """Draw the lines of a service blueprint (`on`) or leave them out."""

    on: bool
    label = "turn blueprint lines on or off"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        return replace(m, blueprint_lines=self.on), SetBlueprintLines(m.blueprint_lines)


class SetPersona(Edit):
    """Replace (or remove, with None) the persona."""

    persona: Persona | None
    label = "edit persona"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        return replace(m, persona=self.persona), SetPersona(m.persona)


class SetScale(Edit):
    """Change the emotion scale; scores outside it are clamped (and restored on undo)."""

    scale: EmotionScale
    label = "change emotion scale"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        phases = tuple(
            p if p.emotion is None else replace(p, emotion=self.scale.clamp(p.emotion))
            for p in m.phases
        )
        restore = tuple(
            SetEmotion(i, old.emotion)
            for i, (old, new) in enumerate(zip(m.phases, phases, strict=True))
            if old.emotion != new.emotion
        )
        new_map = replace(m, scale=self.scale, phases=phases)
        return new_map, Batch((SetScale(m.scale), *restore), self.label)


class SetTag(Edit):
    """Give a tag a colour (or, with None, drop the map's own colour for it)."""

    tag: str
    colour: str | None
    label = "set tag colour"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        tag = checked_tag_name(self.tag)
        if self.colour is not None and not is_colour(self.colour):
            raise ModelError(f"{self.colour!r} is not a colour (a name like red, or #rrggbb)")
        tags = dict(m.tags)
        old = tags.get(tag)
        if self.colour is None:
            tags.pop(tag, None)
        else:
            tags[tag] = self.colour  # a recoloured tag keeps its place in [tags]
        return replace(m, tags=tags), SetTag(tag, old)


def checked_tag_name(given: str) -> str:
    """`given` (``#Pain``, ``pain``) as a map stores a tag, or ModelError if no note could
    hold it."""
    tag = tag_key(given).strip().removeprefix("#")
    if not is_tag_name(tag):
        raise ModelError(
            f"{given!r} cannot be a tag: a tag is a letter, then letters, digits, _ or -"
        )
    return tag


def with_tag_renamed(note: str, old: str, new: str) -> str:
    """`note` with each ``#old`` (in any case) written ``#new``; other tags stay as written."""
    return TAG_PATTERN.sub(
        lambda found: f"#{new}" if found.group(1).lower() == old else found.group(0), note
    )


class RenameTag(Edit):
    """Rename a tag in every note of the map, in the votes and marks of those notes and in
    [tags] (its colour goes with it), as one step. Renaming a tag to another the map has
    merges the two (the other keeps its own colour)."""

    old: str
    new: str
    label = "rename tag"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        old, new = checked_tag_name(self.old), checked_tag_name(self.new)
        phases = list(m.phases)
        before: list[tuple[int, Phase]] = []
        for i, phase in enumerate(m.phases):
            renamed = _phase_with_tag_renamed(phase, old, new)
            if renamed is not phase:
                before.append((i, phase))
                phases[i] = renamed
        if not before and old not in m.tags:
            raise ModelError(f"no note is tagged #{old} and [tags] has no #{old}")
        tags = dict(m.tags)
        if old != new and old in m.tags:
            if new in m.tags:  # a merge: the other tag keeps its own colour
                del tags[old]
            else:  # the colour goes with the name, in its place in [tags]
                tags = {new if k == old else k: v for k, v in m.tags.items()}
        new_map = replace(m, phases=tuple(phases), tags=tags)
        return new_map, RestoreNotes(tuple(before), tuple(m.tags.items()), self.label)


def _phase_with_tag_renamed(phase: Phase, old: str, new: str) -> Phase:
    """`phase` with `#old` renamed `#new` in its notes, votes and marks (the same object when no
    note of it holds `#old`)."""
    if not any(
        old in tags_in(note) for notes in phase.cells.values() for note in notes if "#" in note
    ):
        return phase
    cells = {
        key: tuple(_note_with_tag_renamed(note, old, new) for note in notes)
        for key, notes in phase.cells.items()
    }
    votes: dict[tuple[str, str], tuple[str, ...]] = {}
    for (lane, note), voters in phase.votes.items():
        key = (lane, with_tag_renamed(note, old, new))
        votes[key] = tuple(sorted({*votes.get(key, ()), *voters}))  # two notes became one
    marks: dict[tuple[str, str], tuple[MarkName, ...]] = {}
    for (lane, note), names in phase.marks.items():
        key = (lane, with_tag_renamed(note, old, new))
        merged = {*marks.get(key, ()), *names}
        if set(JUDGMENTS) <= merged:  # two notes became one: if either needs work, it does
            merged.discard("works")
        marks[key] = ordered_marks(merged)
    return replace(phase, cells=cells, votes=votes, marks=marks)


def _note_with_tag_renamed(note: str, old: str, new: str) -> str:
    """`note` with `#old` renamed `#new`, or ModelError if that would change its other tags
    (``#idea#x`` holds one tag, but ``#z-#x`` two: a tag's last character says whether a
    ``#`` right after it starts a tag)."""
    renamed = with_tag_renamed(note, old, new)
    if renamed != note and tags_in(renamed) != [new if t == old else t for t in tags_in(note)]:
        raise ModelError(f"#{new} would run into the text after #{old} in the note {note!r}")
    return renamed


class RestoreNotes(Edit):
    """Put back the notes, votes and marks of some phases (by index, from copies of them) and the
    whole [tags] table: the undo of an edit that touched notes all over the map."""

    phases: tuple[tuple[int, Phase], ...]
    tags: tuple[tuple[str, str], ...]
    label: str = "restore notes"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        phases = list(m.phases)
        now: list[tuple[int, Phase]] = []
        for i, copy in self.phases:
            _check_phase(m, i)
            now.append((i, phases[i]))
            phases[i] = replace(phases[i], cells=copy.cells, votes=copy.votes, marks=copy.marks)
        new_map = replace(m, phases=tuple(phases), tags=dict(self.tags))
        return new_map, RestoreNotes(tuple(now), tuple(m.tags.items()), self.label)


class RenameStage(Edit):
    """Rename a stage in every phase that has it (a blank name takes the stage away), as
    one step. Renaming a stage to another the map has merges the two."""

    old: str
    new: str
    label = "rename stage"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        renamed = tuple(
            SetPhase(i, phase.title, self.new) for i, phase in enumerate(m.phases)
            if phase.stage == self.old
        )  # fmt: skip
        if not renamed:
            raise ModelError(f"no phase has the stage {self.old!r}")
        new_map, undo = Batch(renamed, self.label).apply(m)
        return new_map, undo


class ReplaceMap(Edit):
    """Replace the whole map (restoring a recovery copy, reloading)."""

    journey: JourneyMap
    label = "replace the map"

    def apply(self, m: JourneyMap) -> tuple[JourneyMap, Edit]:
        return self.journey, ReplaceMap(m)
