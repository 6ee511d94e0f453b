"""Markdown outlines: interview notes as a map, and a map as notes to edit.

An outline is a ``# title``, a ``Persona:`` line, free text (the description), then
one ``## phase`` heading per phase with its score in brackets at the end, a ``stage:``
line and bullets whose prefix before ``:`` names a lane. The reader also understands
both layouts of cxtui's Markdown export (the table and ``--linear``), so an exported
page comes back as the map it was. docs/interchange.md gives the exact rules.

:func:`read` turns text into a map built on a base map (a template, or the map being
drafted: lanes, kind, scale and tag colours come from it unless the page says them);
:func:`dumps` writes the outline the editor's draft mode shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from cxtui.fileformat import MapFileError, Problem
from cxtui.limits import MAX_NOTES_PER_CELL, MAX_PHASES
from cxtui.model import (
    MAP_KINDS,
    MARK_LABELS,
    MARK_SYMBOLS,
    MARKS,
    EmotionScale,
    JourneyMap,
    Lane,
    MapKind,
    MarkName,
    ModelError,
    Persona,
    Phase,
    kind_of_name,
    ordered_marks,
    slug,
)
from cxtui.templates import load_template

_T = TypeVar("_T")

#: The faces a heading may end with, from the worst score to the best.
FACES = "😞🙁😐🙂😀"
#: A word a bullet's prefix may use for a lane's role -> that role.
ROLE_WORDS: dict[str, str] = {
    "action": "actions", "actions": "actions", "doing": "actions", "does": "actions",
    "thought": "thoughts", "thoughts": "thoughts", "thinking": "thoughts", "thinks": "thoughts",
    "pain": "pain_points", "pains": "pain_points", "pain point": "pain_points",
    "pain points": "pain_points", "frustration": "pain_points", "problem": "pain_points",
    "idea": "opportunities", "ideas": "opportunities", "opportunity": "opportunities",
    "opportunities": "opportunities", "improvement": "opportunities",
    "improvements": "opportunities",
    "touchpoint": "touchpoints", "touchpoints": "touchpoints", "channel": "channels",
    "channels": "channels",
    "emotion": "emotion", "emotions": "emotion", "feeling": "emotion", "score": "emotion",
}  # fmt: skip
#: Role -> lane keys that play it when lanes have no ``role`` attribute.
ROLE_KEYS: dict[str, tuple[str, ...]] = {
    "actions": ("actions", "customer_actions", "activities"),
    "thoughts": ("thoughts", "thoughts_and_feelings", "thinking"),
    "pain_points": ("pain_points", "pains", "frustrations"),
    "opportunities": ("opportunities", "improvements", "ideas"),
    "touchpoints": ("touchpoints",),
    "channels": ("channels",),
}
#: Role -> (key, title) of the lane added when the base map has none for it.
ROLE_LANES: dict[str, tuple[str, str]] = {
    "actions": ("actions", "Actions"),
    "thoughts": ("thoughts", "Thoughts"),
    "pain_points": ("pain_points", "Pain points"),
    "opportunities": ("opportunities", "Opportunities"),
    "touchpoints": ("touchpoints", "Touchpoints"),
    "channels": ("channels", "Channels"),
}

_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_BULLET = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)(.*)$")
_PREFIX = re.compile(r"^([^:]{1,40}?)[ \t]*:(?:[ \t]+|$)(.*)$")
_SCORE_END = re.compile(
    r"^(?P<title>.*?)[ \t]*(?<!\\)\([ \t]*(?P<score>[+\-−–]?[ \t]*\d{1,6}|[" + FACES + r"])"
    r"[ \t]*\)[ \t]*$"
)
_FACE_END = re.compile(r"^(?P<title>.*?)[ \t]+(?<!\\)(?P<score>[" + FACES + r"])[ \t]*$")
_LINEAR_HEADING = re.compile(r"^Phase \d+ of \d+: ")
_STAGE_LINE = re.compile(r"^stage[ \t]*:[ \t]*(.*)$", re.IGNORECASE)
_LINEAR_STAGE = re.compile(
    r"^Stage: (?P<stage>.*) \(phases? \d+(?: to \d+)?\)\.(?: (?P<rest>.*))?$"
)
_LINEAR_EMOTION = re.compile(
    r"^Emotion: (?:(?P<none>not rated)|(?P<score>minus \d+|plus \d+|0), on a scale from .*?)\.$"
)
_SCALE = re.compile(
    r"^Emotion is scored on a scale from (minus \d+|plus \d+|0) to (minus \d+|plus \d+|0)[:.]"
)
_PERSONA = re.compile(r"^(?:\*\*Persona:\*\*|Persona:)[ \t]*(.*)$", re.IGNORECASE)
_KIND = re.compile(r"^(?:\*\*Kind:\*\*|Kind:)[ \t]*(.*)$", re.IGNORECASE)
_LANES = re.compile(r"^\*\*Lanes:\*\*[ \t]*(.*)$")
_PERSONA_LIST = re.compile(r"^- \*\*(Goals|Needs|Frustrations):\*\*[ \t]*(.*)$")
_QUOTE = re.compile(r"^>[ \t]*“(.*)”[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~" + FACES + r"])")
_ENTITY = re.compile(r"&(lt|amp);")
_TAG_WORDS = re.compile(r"\(tag ([A-Za-z][\w-]*)\)")
_EMOTION_LANE_MARK = " (emotion curve)"
#: What the export writes in a cell, or under a lane heading, that has no notes.
_NO_NOTES = "No notes."
_TABLE_EMOTION = re.compile(r"^(?:unrated|[+\-]?\d+)$")
#: A mark's words or name in a note's brackets -> the mark.
_MARK_NAMES: dict[str, MarkName] = {
    **{label: name for name, label in MARK_LABELS.items()},
    **{name: name for name in MARKS},
}
_ONE_MARK = "(?:" + "|".join(map(re.escape, sorted(_MARK_NAMES, key=len, reverse=True))) + ")"
#: A note after its marks in words, as the linear export writes it (its brackets
#: escaped) and a person may type it: ``[fail point, wait] Long queue``.
_MARKED_WORDS = re.compile(
    rf"^(?:\[({_ONE_MARK}(?:, {_ONE_MARK})*)\]|\\\[({_ONE_MARK}(?:, {_ONE_MARK})*)\\\])[ \t]+(.*)$"
)
#: A note after its marks' symbols, as the table export writes it (``✗◷ Long queue``):
#: read as marks only in a page whose marks legend says so.
_MARKED_SYMBOLS = re.compile("^([" + "".join(MARK_SYMBOLS.values()) + "]+) (.*)$")
_SYMBOL_MARKS: dict[str, MarkName] = {symbol: name for name, symbol in MARK_SYMBOLS.items()}
#: The line under the table export that explains the marks' symbols.
_MARKS_LEGEND = re.compile(r"^Marks: .*\.$")


def unescape(text: str) -> str:
    """Markdown text as typed: backslash escapes and ``&lt;``/``&amp;`` undone."""
    text = _ESCAPED.sub(r"\1", text)
    return _ENTITY.sub(lambda found: "<" if found.group(1) == "lt" else "&", text)


def _words_score(words: str) -> int:
    if words.startswith("minus "):
        return -int(words[6:])
    return int(words[5:]) if words.startswith("plus ") else 0


def is_outline(text: str) -> bool:
    """Whether `text` has a ``## `` heading outside code blocks (so it reads as an outline)."""
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and re.match(r"^##[ \t]", line):
            return True
    return False


@dataclass
class _Phase:
    title: str
    line: int
    stage: str | None = None
    stage_set: bool = False
    score: str | None = None
    score_at: tuple[int, int] = (1, 1)
    cells: dict[str, list[str]] = field(default_factory=dict)
    marks: dict[tuple[str, str], tuple[MarkName, ...]] = field(default_factory=dict)

    def add_note(self, lane: str, note: str, marks: tuple[MarkName, ...] = ()) -> None:
        self.cells.setdefault(lane, []).append(note)
        if marks:
            self.marks[(lane, note)] = ordered_marks((*self.marks.get((lane, note), ()), *marks))


def marked(raw: str) -> tuple[str, tuple[MarkName, ...]]:
    """A note as typed (Markdown, not yet unescaped) and the marks its brackets give
    it: ``[fail point, wait] Long queue`` or, as the export escapes them, ``\\[wait\\] …``."""
    found = _MARKED_WORDS.match(raw)
    if found is None:
        return raw, ()
    words = (found.group(1) or found.group(2)).split(", ")
    return found.group(3), tuple(_MARK_NAMES[word] for word in words)


def symbol_marked(note: str) -> tuple[str, tuple[MarkName, ...]]:
    """A table cell's note and the marks its leading symbols give it (``✗◷ Long queue``)."""
    found = _MARKED_SYMBOLS.match(note)
    if found is None:
        return note, ()
    return found.group(2), tuple(_SYMBOL_MARKS[symbol] for symbol in found.group(1))


@dataclass
class Outline:
    """A map read from an outline, and the line (from 1) of each phase's heading."""

    map: JourneyMap
    phase_lines: list[int]

    def phase_at(self, line: int) -> int:
        """The phase whose section holds `line` (the first phase above it, or 0)."""
        found = 0
        for index, start in enumerate(self.phase_lines):
            if start <= line:
                found = index
        return found


class _Reader:
    def __init__(self, base: JourneyMap, source: str) -> None:
        self.base = base
        self.source = source
        self.problems: list[Problem] = []
        self.lanes: list[Lane] = list(base.lanes)
        self.lanes_declared = False
        self.title: str | None = None
        self.kind: str = base.kind
        self.scale = base.scale
        self.persona = base.persona
        self.persona_seen = False
        self.description: list[str] = []
        self.phases: list[_Phase] = []
        self.current_lane: str | None = None
        self.stage: str | None = None
        self.table_read = False
        #: Whether a table note's leading symbols are marks (the page has the marks legend).
        self.symbol_marks = False
        self.skip_section = False

    def fail(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(line, col, message, self.source))

    # -- lanes -------------------------------------------------------------

    def _text_lanes(self) -> list[Lane]:
        return [lane for lane in self.lanes if lane.kind == "text"]

    def lane_named(self, name: str, *, add: bool) -> Lane | None:
        """The lane `name` names by key, title or role; a role's lane is added if missing."""
        wanted = " ".join(name.replace("_", " ").split()).casefold()
        if not wanted:
            return None
        # a key as written first, then a title as written, then either in any case and
        # with `_` for a space
        for same in (
            lambda lane: lane.key == name.strip(),
            lambda lane: lane.title.strip() == name.strip(),
            lambda lane: (
                wanted in (lane.key.replace("_", " "), " ".join(lane.title.split()).casefold())
            ),
        ):
            for lane in self.lanes:
                if same(lane):
                    return lane
        role = ROLE_WORDS.get(wanted)
        if role is None:
            return None
        for lane in self.lanes:
            if getattr(lane, "role", None) == role or (
                role == "emotion" and lane.kind == "emotion"
            ):
                return lane
        for lane in self.lanes:
            if lane.kind == "text" and lane.key in ROLE_KEYS.get(role, ()):
                return lane
        if not add or role not in ROLE_LANES:
            return None
        key, title = ROLE_LANES[role]
        lane = Lane(slug(key, (lane.key for lane in self.lanes)), title)
        last_text = (
            max(i for i, x in enumerate(self.lanes) if x.kind == "text")
            if (self._text_lanes())
            else len(self.lanes) - 1
        )
        self.lanes.insert(last_text + 1, lane)
        return lane

    # -- the header --------------------------------------------------------

    def header_line(self, number: int, line: str, lines: list[str], index: int) -> int:
        """Read one line before the first phase; returns how many lines it used."""
        stripped = line.strip()
        persona = _PERSONA.match(stripped)
        kind = _KIND.match(stripped)
        scale = _SCALE.match(stripped)
        if persona:
            name, role = _split_persona(persona.group(1))
            self.persona = replace(self.persona or Persona(), name=name, role=role)
            self.persona_seen = True
        elif kind:
            value = unescape(kind.group(1)).strip()
            value = kind_of_name(value) or value
            if value not in MAP_KINDS:
                self.fail(number, 1, f"unknown map kind {value!r} (one of {', '.join(MAP_KINDS)})")
            else:
                self.kind = value
        elif scale:
            try:
                self.scale = EmotionScale(
                    _words_score(scale.group(1)), _words_score(scale.group(2))
                )
            except ModelError as error:
                self.fail(number, 1, str(error))
        elif (found := _PERSONA_LIST.match(stripped)) is not None:
            items = tuple(unescape(item).strip() for item in found.group(2).split("; "))
            who = self.persona or Persona()
            which = found.group(1).lower()
            try:
                self.persona = replace(
                    who,
                    goals=items if which == "goals" else who.goals,
                    needs=items if which == "needs" else who.needs,
                    frustrations=items if which == "frustrations" else who.frustrations,
                )
            except ModelError as error:
                self.fail(number, 1, str(error))
        elif (found := _QUOTE.match(stripped)) is not None:
            self.persona = replace(self.persona or Persona(), quote=unescape(found.group(1)))
        elif (found := _LANES.match(stripped)) is not None:
            self.declare_lanes(number, found.group(1))
        elif stripped.startswith("|") and _cells(stripped)[:1] == ["Lane"]:
            return self.table(number, lines, index)
        else:
            self.description.append(unescape(line.rstrip().removesuffix("\\")))
        return 1

    def declare_lanes(self, number: int, text: str) -> None:
        lanes: list[Lane] = []
        for name in text.split("; "):
            name = unescape(name).strip()
            kind = "text"
            if name.endswith(_EMOTION_LANE_MARK):
                name, kind = name.removesuffix(_EMOTION_LANE_MARK), "emotion"
            lanes.append(self._lane(name, kind, lanes))
        self._set_lanes(number, lanes)

    def _lane(self, title: str, kind: str, taken: list[Lane]) -> Lane:
        for lane in self.base.lanes:
            if (
                lane.title.casefold() == title.casefold()
                and lane.kind == kind
                and all(lane.key != other.key for other in taken)
            ):
                return lane
        return Lane(
            slug(title, (lane.key for lane in taken)),
            title,
            "emotion" if kind == "emotion" else "text",
        )

    def _set_lanes(self, number: int, lanes: list[Lane]) -> None:
        try:
            JourneyMap("x", lanes=tuple(lanes), phases=(Phase("x"),))
        except ModelError as error:
            self.fail(number, 1, f"these lanes cannot be a map's: {error}")
            return
        self.lanes, self.lanes_declared = lanes, True

    def table(self, number: int, lines: list[str], index: int) -> int:
        """Read the table of cxtui's Markdown export; returns how many lines it used."""
        rows: list[tuple[int, list[str]]] = []
        while index + len(rows) < len(lines) and lines[index + len(rows)].strip().startswith("|"):
            rows.append((number + len(rows), _cells(lines[index + len(rows)].strip())))
        header = rows[0][1]
        width = len(header)
        phases = [_Phase(unescape(title), number) for title in header[1:]]
        lanes: list[Lane] = []
        for at, cells in rows[2:]:
            if len(cells) != width:
                self.fail(at, 1, f"this table row has {len(cells)} cells, the first row {width}")
                continue
            if cells[0].strip().startswith("━━━"):  # a blueprint line: the map draws it
                continue
            label = unescape(cells[0].strip().removeprefix("**").removesuffix("**"))
            values = cells[1:]
            if label == "Stage" and not lanes and all(not v.startswith("•") for v in values):
                for phase, value in zip(phases, values, strict=True):
                    phase.stage = unescape(value).strip() or None
                continue
            is_emotion = all(_TABLE_EMOTION.match(v.strip()) for v in values) and values
            lane = self._lane(label, "emotion" if is_emotion else "text", lanes)
            lanes.append(lane)
            for phase, value in zip(phases, values, strict=True):
                if is_emotion:
                    phase.score = None if value.strip() == "unrated" else value.strip()
                    phase.score_at = (at, 1)
                elif value.strip():
                    for note in value.split("<br>"):
                        text = unescape(note).removeprefix("•").removeprefix(" ")
                        marks: tuple[MarkName, ...] = ()
                        if self.symbol_marks:
                            text, marks = symbol_marked(text)
                        phase.add_note(lane.key, text, marks)
        self._set_lanes(number, lanes)
        self.phases.extend(phases)
        self.table_read = True
        return len(rows)

    # -- phases ------------------------------------------------------------

    def heading(self, number: int, level: int, text: str) -> None:
        if level == 1:
            if self.title is not None or self.phases:
                self.fail(number, 1, "a map has one title (`# `); phases are `## ` headings")
            else:
                self.title = unescape(text)
            return
        if level == 2:
            if self.table_read:
                self.skip_section = True
                return
            self.phase(number, text)
            return
        if level == 3 and self.phases and not self.skip_section:
            name = unescape(text)
            lane = self.lane_named(name, add=True)
            if lane is None or lane.kind != "text":
                self.fail(number, 5, self._no_lane(name, lane))
            else:
                self.current_lane = lane.key
            return
        if not self.skip_section:
            self.fail(
                number,
                1,
                "only `## ` (a phase) and `### ` (a lane, under a phase) head sections here",
            )

    def _no_lane(self, name: str, lane: Lane | None) -> str:
        if lane is not None:
            return (
                f"{name!r} is the emotion lane: give the score at the end of the phase "
                "heading, like `## Calls the GP (-2)`"
            )
        names = ", ".join(lane.title or lane.key for lane in self._text_lanes())
        return f"no lane is named {name!r} (the lanes: {names})"

    def phase(self, number: int, text: str) -> None:
        self.skip_section = False
        # A phase of the linear export says its own stage: none carries over to it.
        linear = _LINEAR_HEADING.match(text) is not None
        text = _LINEAR_HEADING.sub("", text)
        phase = _Phase("", number, stage=None if linear else self.stage)
        found = _SCORE_END.match(text) or _FACE_END.match(text)
        if found:
            text = found.group("title")
            phase.score = found.group("score")
            phase.score_at = (number, found.start("score") + 4)
        phase.title = unescape(text)
        self.phases.append(phase)
        first = self._text_lanes()
        self.current_lane = first[0].key if first else None

    def phase_line(self, number: int, line: str) -> None:
        phase = self.phases[-1]
        stripped = line.strip()
        linear_stage = _LINEAR_STAGE.match(unescape(stripped))
        if linear_stage:
            self._set_stage(number, phase, linear_stage.group("stage"))
            rest = linear_stage.group("rest")
            if rest:
                self.linear_emotion(number, phase, rest)
            return
        if _LINEAR_EMOTION.match(stripped):
            self.linear_emotion(number, phase, stripped)
            return
        stage = _STAGE_LINE.match(stripped)
        if stage:
            self._set_stage(number, phase, unescape(stage.group(1)).strip() or None)
            return
        if stripped == _NO_NOTES:
            return
        bullet = _BULLET.match(line)
        self.note(number, (len(bullet.group(1)) + 3) if bullet else 1,
                  bullet.group(2) if bullet else stripped)  # fmt: skip

    def linear_emotion(self, number: int, phase: _Phase, text: str) -> None:
        found = _LINEAR_EMOTION.match(text)
        if found is None:
            self.fail(number, 1, f"cannot read {text!r} as an emotion")
        elif not found.group("none"):
            phase.score, phase.score_at = str(_words_score(found.group("score"))), (number, 1)

    def _set_stage(self, number: int, phase: _Phase, stage: str | None) -> None:
        if phase.stage_set:
            self.fail(number, 1, "this phase already has a stage: one `stage:` line a phase")
            return
        phase.stage, phase.stage_set, self.stage = stage, True, stage

    def note(self, number: int, col: int, text: str) -> None:
        text = text.strip()
        lane_key = self.current_lane
        prefixed = _PREFIX.match(text)
        if prefixed:
            lane = self.lane_named(unescape(prefixed.group(1)), add=True)
            if lane is not None and lane.kind == "emotion":
                self.fail(number, col, self._no_lane(prefixed.group(1), lane))
                return
            if lane is not None:
                lane_key, text = lane.key, prefixed.group(2)
        if lane_key is None:
            self.fail(number, col, "this map has no text lane to hold notes")
            return
        text, marks = marked(text)
        note = _TAG_WORDS.sub(r"#\1", unescape(text))
        self.phases[-1].add_note(lane_key, note, marks)

    # -- the map -----------------------------------------------------------

    def score(self, phase: _Phase) -> int | None:
        if phase.score is None:
            return None
        token = phase.score.replace(" ", "").replace("\t", "").replace("−", "-").replace("–", "-")
        if token in FACES:
            position = FACES.index(token) / (len(FACES) - 1)
            return round(self.scale.min + position * (self.scale.max - self.scale.min))
        value = int(token)
        if value not in self.scale:
            self.fail(*phase.score_at, f"score {value} is outside the scale "
                      f"{self.scale.min}..{self.scale.max}")  # fmt: skip
            return None
        return value

    def build(self, default_title: str) -> Outline:
        if not self.phases:
            self.fail(1, 1, "no phase: an outline gives each phase a `## ` heading")
        if len(self.phases) > MAX_PHASES:
            self.fail(self.phases[MAX_PHASES].line, 1, f"a map has at most {MAX_PHASES:,} phases")
        lane_keys = {lane.key for lane in self.lanes if lane.kind == "text"}
        phases: list[Phase] = []
        for phase in self.phases:
            cells = {key: tuple(notes) for key, notes in phase.cells.items() if key in lane_keys}
            for key, notes in cells.items():
                if len(notes) > MAX_NOTES_PER_CELL:
                    self.fail(phase.line, 1, f"a cell holds at most {MAX_NOTES_PER_CELL} notes "
                              f"({key} has {len(notes):,} here)")  # fmt: skip
            marks = {key: names for key, names in phase.marks.items() if key[0] in lane_keys}
            try:
                phases.append(
                    Phase(phase.title, phase.stage, self.score(phase), cells, marks=marks)
                )
            except ModelError as error:
                self.fail(phase.line, 1, str(error))
        if self.problems:
            raise MapFileError(self.problems)
        description = "\n".join(_paragraphs(self.description)) or None
        if not self.persona_seen and self.persona is not None:
            self.persona = replace(self.persona, name="", role="")
        kind: MapKind = self.kind  # type: ignore[assignment]
        try:
            m = replace(
                self.base,
                title=self.title if self.title is not None else default_title,
                kind=kind,
                description=description,
                persona=self.persona,
                scale=self.scale,
                lanes=tuple(self.lanes),
                phases=tuple(phases),
            )
        except ModelError as error:
            raise MapFileError([Problem(1, 1, str(error), self.source)]) from None
        return Outline(m, [phase.line for phase in self.phases])


def _split_persona(text: str) -> tuple[str, str]:
    """``Name, role`` split at its first comma that is not escaped (``\\,``)."""
    escaped = False
    for at, char in enumerate(text):
        if char == "," and not escaped:
            return unescape(text[:at]).strip(), unescape(text[at + 1 :]).strip()
        escaped = char == "\\" and not escaped
    return unescape(text).strip(), ""


def routed_notes(
    m: JourneyMap, phase: int, lane_key: str, notes: list[str]
) -> dict[str, tuple[str, ...]]:
    """The cells of phase `phase` after `notes` were written in the cell of `lane_key`:
    a note whose prefix names another text lane of `m` (``pain: slow``, by the rules of
    an outline) is added, without the prefix, to the end of that lane's notes; the rest
    are the notes of `lane_key`. A note the cell held already stays as it is. Only the
    cells that change are given."""
    reader = _Reader(m, "")
    cells: dict[str, list[str]] = {lane_key: []}
    held = Counter(m.phases[phase].notes(lane_key))
    for note in notes:
        found = _PREFIX.match(note) if held[note] == 0 else None
        held[note] -= 1
        lane = reader.lane_named(found.group(1), add=False) if found else None
        if found is None or lane is None or lane.kind != "text":
            cells[lane_key].append(note)
        elif lane.key == lane_key:
            cells[lane_key].append(found.group(2))
        else:
            here = cells.setdefault(lane.key, list(m.phases[phase].notes(lane.key)))
            here.append(found.group(2))
    return {
        key: tuple(value)
        for key, value in cells.items()
        if tuple(value) != m.phases[phase].notes(key)
    }


def _cells(row: str) -> list[str]:
    """The cells of a table row, split at pipes that are not escaped."""
    cells, cell, escape = [], [], False
    for char in row.strip().removeprefix("|"):
        if escape:
            cell.append(char)
            escape = False
        elif char == "\\":
            cell.append(char)
            escape = True
        elif char == "|":
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(char)
    if "".join(cell).strip():
        cells.append("".join(cell).strip())
    return cells


def _paragraphs(lines: list[str]) -> list[str]:
    """Description lines with blank lines at either end dropped and runs of them made one."""
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line if line.strip() else "")
    while out and not out[-1].strip():
        out.pop()
    return out


def read(text: str, source: str, base: JourneyMap, default_title: str) -> Outline:
    """Read the outline `text` into a map built on `base` (raises MapFileError)."""
    reader = _Reader(base, source)
    lines = text.splitlines()
    reader.symbol_marks = any(_MARKS_LEGEND.match(line) for line in lines)
    index = 0
    fenced: tuple[int, str] | None = None
    while index < len(lines):
        number, line = index + 1, lines[index]
        index += 1
        fence = _FENCE.match(line)
        if fenced is not None:
            if (
                fence
                and fence.group(1)[0] == fenced[1][0]
                and len(fence.group(1)) >= len(fenced[1])
            ):
                fenced = None
            continue
        if fence:
            fenced = (number, fence.group(1))
            if not reader.skip_section:
                reader.fail(number, 1, "a code block has no place in an outline "
                            "(`--from mermaid` reads a ```mermaid journey)")  # fmt: skip
            continue
        if not line.strip():
            if not reader.phases:
                reader.description.append("")
            continue
        heading = _HEADING.match(line)
        if heading and not line.startswith("#\\"):
            reader.heading(number, len(heading.group(1)), heading.group(2))
        elif reader.skip_section:
            continue
        elif reader.phases and not reader.table_read:
            reader.phase_line(number, line)
        elif reader.table_read and reader.symbol_marks and _MARKS_LEGEND.match(line):
            continue  # the marks' legend under the table
        elif reader.table_read:
            reader.fail(number, 1, "after the table, only the `## Emotion curve` section")
        else:
            index += reader.header_line(number, line, lines, index - 1) - 1
    if fenced is not None:
        reader.fail(fenced[0], 1, "this code block is never closed")
    return reader.build(default_title)


def kept_from(base: JourneyMap, drafted: JourneyMap) -> JourneyMap:
    """`drafted` (a draft of `base`) with what an outline cannot say carried over from
    `base`: each phase's id and link, and the votes and marks of the notes it still
    holds in the same lane. A drafted phase is matched to the first unmatched phase of
    `base` with its title, else to the one in its place if they share a note (a
    renamed phase)."""
    unmatched = list(range(len(base.phases)))
    matches: list[int | None] = []
    for phase in drafted.phases:
        same = [i for i in unmatched if base.phases[i].title == phase.title]
        matches.append(same[0] if same else None)
        if same:
            unmatched.remove(same[0])
    for at, found in enumerate(matches):
        if (
            found is None
            and at in unmatched
            and _shares_a_note(drafted.phases[at], base.phases[at])
        ):
            matches[at] = at
            unmatched.remove(at)
    phases: list[Phase] = []
    for phase, found in zip(drafted.phases, matches, strict=True):
        if found is None:
            phases.append(phase)
            continue
        old = base.phases[found]
        votes, marks = _still_held(phase, old.votes), _still_held(phase, old.marks)
        phases.append(replace(phase, id=old.id, link=old.link, votes=votes, marks=marks))
    return replace(drafted, phases=tuple(phases))


def _shares_a_note(one: Phase, other: Phase) -> bool:
    """Whether a lane of `one` holds a note the same lane of `other` holds."""
    return any(set(notes) & set(other.notes(key)) for key, notes in one.cells.items())


def _still_held(phase: Phase, details: Mapping[tuple[str, str], _T]) -> dict[tuple[str, str], _T]:
    """The `details` (votes, marks) of the notes `phase` still holds in their lane."""
    return {key: v for key, v in details.items() if key[1] in phase.notes(key[0])}


def loads(text: str, source: str = "<outline>", template: str = "basic") -> JourneyMap:
    """Read an outline into a map whose lanes come from `template` (raises MapFileError)."""
    from cxtui.templates import title_from_file_name

    base = replace(load_template(template), persona=None, description=None)
    return read(text, source, base, title_from_file_name(source)).map


# -- writing -----------------------------------------------------------------

_WRITE_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~" + FACES + r"]|$)")
_LINE_START = re.compile(r"^([ \t]*)([#>|*+\-]|\d+[.)]|stage[ \t]*:)", re.IGNORECASE)


def _plain(text: str) -> str:
    """`text` so that :func:`unescape` gives it back."""
    text = _WRITE_ESCAPE.sub(r"\\\\", text)
    return _ENTITY.sub(r"&amp;\1;", text)


def protect_heading_end(title: str) -> str:
    """Markdown `title` with what would read as a score or a closing ``#`` escaped."""
    if _SCORE_END.match(title):
        return re.sub(r"\((?=[^(]*$)", r"\\(", title)
    if _FACE_END.match(title):
        return title[:-1] + "\\" + title[-1]
    return re.sub(r"([ \t])#(#*)$", r"\1\\#\2", title)


def _heading(phase: Phase) -> str:
    title = protect_heading_end(_plain(phase.title))
    score = f" ({phase.emotion:+d})" if phase.emotion else " (0)" if phase.emotion == 0 else ""
    return f"## {title}{score}".rstrip()


def dumps(m: JourneyMap) -> str:
    """`m` as an outline (title, persona, description, phases) that :func:`read` reads back."""
    reader = _Reader(m, "")
    lanes = [lane for lane in m.lanes if lane.kind == "text"]
    out = [f"# {_plain(m.title)}"]
    if m.persona is not None and (m.persona.name or m.persona.role):
        name = _plain(m.persona.name).replace(",", "\\,")
        who = name + (f", {_plain(m.persona.role)}" if m.persona.role else "")
        out.append(f"Persona: {who}")
    if m.description:
        out.append("")
        for line in m.description.splitlines():
            line = _plain(line)
            out.append(_escape_start(line))
    previous: str | None = None
    for phase in m.phases:
        out += ["", _heading(phase)]
        if phase.stage != previous:
            out.append(f"stage: {_plain(phase.stage or '')}".rstrip())
            previous = phase.stage
        for index, lane in enumerate(lanes):
            name = next((n for n in (lane.title, lane.key) if _names(reader, n, lane)), lane.key)
            for note in phase.notes(lane.key):
                text = _plain(note)
                if _MARKED_WORDS.match(text):  # a note that begins as marks do: kept text
                    text = text.replace("]", "\\]", 1)
                found = _PREFIX.match(text)
                ambiguous = found is not None and reader.lane_named(found.group(1), add=False)
                if index or ambiguous or not text.strip():
                    text = f"{_plain(name)}: {text}"
                out.append(f"- {text}")
    return "\n".join(out) + "\n"


def _names(reader: _Reader, name: str, lane: Lane) -> bool:
    """Whether `name`, written as a prefix, is read back as `lane`."""
    found = _PREFIX.match(f"{_plain(name)}: x")
    return found is not None and reader.lane_named(unescape(found.group(1)), add=False) == lane


def _escape_start(line: str) -> str:
    """A description line that would be read as something else, escaped."""
    if _LINE_START.match(line):
        return _LINE_START.sub(r"\1\\\2", line)
    for pattern in (_PERSONA, _KIND, _SCALE):
        found = pattern.match(line.strip())
        if found:
            at = (
                line.index(":")
                if pattern is not _SCALE
                else line.index(
                    found.group(0)[-1], len(line) - len(line.lstrip()) + found.end() - 1
                )
            )
            return line[:at] + "\\" + line[at:]
    return line
