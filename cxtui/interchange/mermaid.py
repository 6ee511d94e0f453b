"""Mermaid user-journey diagrams, out and in.

Export writes Mermaid's ``journey`` syntax: a ``section`` per run of phases
sharing a stage and a task ``Title: score: actors`` per phase. The score is the
map's scale mapped linearly onto 1..5 (unrated: 3); the actors are the phase's
notes in a text lane keyed ``actors`` if the map has one, else the persona's
name (or "Customer"). Characters the grammar gives a meaning to are replaced by
look-alikes (``:`` → ``꞉``, ``#`` → ``＃``, ``;`` → ``；``, ``%%`` → ``%％`` and, in
actors, ``,`` → ``‚``), which import turns back. The other lanes' notes ride
along in comments Mermaid ignores: ``%% cxtui LANE_KEY: note``.

Import reads a ``.mmd`` file, or the first ```mermaid journey block of a
Markdown file; every problem is reported at its line and column in that file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from cxtui.fileformat import MAX_LANES, MapFileError, Problem, build_map
from cxtui.locate import Path as KeyPath
from cxtui.locate import Position
from cxtui.model import LANE_KEY_PATTERN, RESERVED_PHASE_KEYS, EmotionScale, JourneyMap
from cxtui.templates import load_template

#: The lane whose notes are a phase's actors.
ACTORS_KEY = "actors"
#: The section of phases that have no stage.
DEFAULT_SECTION = "Journey"
#: Who the tasks are about when the map names nobody.
DEFAULT_ACTOR = "Customer"
#: The template an imported map is made like: its kind, scale, lanes and tags.
IMPORT_TEMPLATE = "basic"
#: The lane added to the template's for the tasks' actors.
ACTORS_LANE = (ACTORS_KEY, "Actors", "text")
NOTE_PREFIX = "%% cxtui "
#: The comment after ``section Journey`` that says its phases have no stage.
NO_STAGE = "%% cxtui (no stage)"

_LOOKALIKE = {":": "\ua789", "#": "\uff03", ";": "\uff1b"}
_ACTOR_COMMA = "\u201a"
_PERCENT = "\uff05"
_ZWSP = "\u200b"
_BRACE = "\uff5d"
_UNDO_LOOKALIKE = {v: k for k, v in _LOOKALIKE.items()} | {_PERCENT: "%"}
_KEYWORD_START = re.compile(r"^(journey|(title|section)\s|acc(title|descr))", re.IGNORECASE)
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")
_NOTE_COMMENT = re.compile(r"^%%\s*cxtui\s+([^:\s]+)\s*: ?(.*)$")
_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*mermaid\b", re.IGNORECASE)


# -- export ------------------------------------------------------------------


def _clean(text: str, keep: str = "") -> str:
    """`text` on one line with the characters the journey grammar reserves replaced."""
    text = _BREAKS.sub(" ", text)
    text = re.sub("(?<=%)%", _PERCENT, text)  # `%%` starts a comment
    for char, lookalike in _LOOKALIKE.items():
        if char not in keep:
            text = text.replace(char, lookalike)
    return text.strip()


def _task_text(text: str) -> str:
    text = _clean(text)
    # a task that begins like a keyword would be read as that keyword
    return _ZWSP + text if _KEYWORD_START.match(text) else text


def _actor(text: str) -> str:
    return _clean(text).replace(",", _ACTOR_COMMA)


def _description(text: str | None) -> list[str]:
    """The description as Mermaid's accessible description (``accDescr``)."""
    if not text or not text.strip():
        return []
    parts = [line.strip().replace("}", _BRACE) for line in text.strip().splitlines()]
    if len(parts) == 1:
        return [f"    accDescr: {parts[0]}"]
    return ["    accDescr {", *(f"      {p}" if p else "" for p in parts), "    }"]


def score(value: int | None, scale: EmotionScale) -> int:
    """`value` on `scale` mapped linearly onto Mermaid's 1..5 (rounded half up; unrated: 3)."""
    if value is None:
        return 3
    return math.floor(1 + 4 * (value - scale.min) / (scale.max - scale.min) + 0.5)


def dumps(m: JourneyMap) -> str:
    """`m` as a Mermaid ``journey`` diagram."""
    lines = ["journey"]
    title = _clean(m.title, keep=":")  # a title may hold colons
    if title:
        lines.append(f"    title {title}")
    lines += _description(m.description)
    has_actors = any(lane.key == ACTORS_KEY and lane.kind == "text" for lane in m.lanes)
    default_actor = (m.persona.name if m.persona else "") or DEFAULT_ACTOR
    note_lanes = [lane for lane in m.text_lanes if lane.key != ACTORS_KEY or not has_actors]
    for stage, first, last in m.stages():
        lines.append(f"    section {_clean(stage or '') or DEFAULT_SECTION}")
        if stage is None:
            lines.append(f"      {NO_STAGE}")
        for index in range(first, last + 1):
            phase = m.phases[index]
            task = _task_text(phase.title) or f"Phase {index + 1}"
            actors = phase.notes(ACTORS_KEY) if has_actors else (default_actor,)
            names = ", ".join(a for a in (_actor(a) for a in actors) if a)
            data = str(score(phase.emotion, m.scale)) + (f": {names}" if names else "")
            lines.append(f"      {task}: {data}")
            for lane in note_lanes:
                for note in phase.notes(lane.key):
                    lines.append(f"      {NOTE_PREFIX}{lane.key}: {_BREAKS.sub(' ', note)}")
    return "\n".join(lines) + "\n"


# -- import ------------------------------------------------------------------


def _restore(text: str) -> str:
    return "".join(_UNDO_LOOKALIKE.get(ch, ch) for ch in text)


@dataclass
class _Task:
    line: int
    col: int
    title: str
    stage: str | None
    score: int
    actors: list[str]
    notes: dict[str, list[str]] = field(default_factory=dict)
    note_lines: dict[str, int] = field(default_factory=dict)


class _Reader:
    """Reads journey lines, collecting tasks and every problem with its position."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.title: str | None = None
        self.title_line = 1
        self.description: str | None = None
        self.tasks: list[_Task] = []
        self.section: str | None = None
        self.section_line = 0
        self.note_lanes: dict[str, int] = {}

    def fail(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(line, col, message, self.source))

    def read(self, lines: list[tuple[int, str]], where: tuple[int, int]) -> None:
        """Read `lines` ((file line number, text) pairs); `where` is the diagram's start."""
        rest = self._front_matter(lines)
        header: int | None = None
        in_descr: list[str] | None = None
        for number, raw in rest:
            text = raw.strip()
            col = len(raw) - len(raw.lstrip()) + 1
            if in_descr is not None:
                end = raw.find("}")
                in_descr.append(raw if end < 0 else raw[:end])
                if end >= 0:
                    self._describe("\n".join(x.strip() for x in in_descr))
                    in_descr = None
                continue
            if not text or text.startswith("#"):
                continue
            if text.startswith("%%"):
                if header is not None:
                    self._comment(number, col, raw.lstrip())
                continue
            if header is None:
                if re.fullmatch(r"journey(\s*(#.*|%%.*)?)?", text, re.IGNORECASE):
                    header = number
                else:
                    self.fail(
                        number,
                        col,
                        f"unexpected text before `journey`: {text[:40]!r} (a Mermaid "
                        "user-journey diagram begins with the line `journey`)",
                    )
                    return
                continue
            lower = text.lower()
            if re.match(r"acctitle\s*:", lower):
                continue
            if re.match(r"accdescr\s*:", lower):
                self._describe(raw.split(":", 1)[1])
                continue
            if re.match(r"accdescr\s*\{", lower):
                after = raw.split("{", 1)[1]
                if "}" in after:
                    self._describe(after.split("}", 1)[0])
                else:
                    in_descr = [after]
                continue
            body = raw[: raw.find("#")] if "#" in raw else raw
            semicolon = body.find(";")
            if semicolon >= 0:
                self.fail(number, semicolon + 1, "`;` is not allowed in a journey diagram")
                continue
            text = body.strip()
            lower = text.lower()
            if lower == "journey":
                self.fail(number, col, "a second `journey` header")
            elif re.match(r"title\s", lower):
                self.title = _restore(text[6:].strip())
                self.title_line = number
            elif lower == "title":
                self.fail(number, col, "the title is empty (write `title Text`)")
            elif re.match(r"section(\s|$)", lower):
                self._section(number, col, raw, text)
            else:
                self._task(number, col, raw, text)
        if in_descr is not None:
            self.fail(lines[-1][0], 1, "`accDescr {` is never closed with `}`")
        if header is None:
            line, col = where
            self.fail(
                line,
                col,
                "no `journey` header: a Mermaid user-journey diagram begins with the line "
                "`journey`",
            )
        elif not self.tasks and not self.problems:
            self.fail(header, 1, "the diagram has no tasks (write `Task name: 1-5: actors`)")

    def _describe(self, text: str) -> None:
        self.description = text.strip().replace(_BRACE, "}") or None

    def _front_matter(self, lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
        meaningful = [i for i, (_, raw) in enumerate(lines) if raw.strip()]
        if not meaningful or lines[meaningful[0]][1].strip() != "---":
            return lines
        start = meaningful[0]
        for i in range(start + 1, len(lines)):
            text = lines[i][1].strip()
            if text == "---":
                return lines[i + 1 :]
            found = re.match(r"title\s*:\s*(.*)$", text)
            if found and self.title is None:
                self.title = found.group(1).strip().strip("\"'")
                self.title_line = lines[i][0]
        number = lines[start][0]
        self.fail(number, 1, "the front matter that begins here is never closed with `---`")
        return []

    def _section(self, number: int, col: int, raw: str, text: str) -> None:
        name = text[7:].strip()
        if ":" in name:
            self.fail(number, raw.find(":") + 1, "a section name may not contain `:`")
            return
        if not name:
            self.fail(number, col, "the section has no name (write `section Name`)")
            return
        self.section = _restore(name)
        self.section_line = number

    def _task(self, number: int, col: int, raw: str, text: str) -> None:
        if ":" not in text:
            self.fail(
                number,
                col + len(text),
                f"task {text!r} has no score (write `{text}: 1-5: actors`)",
            )
            return
        name, data = text.split(":", 1)
        name = name.strip().lstrip(_ZWSP).strip()
        colon = raw.find(":")
        if not name:
            self.fail(number, col, "a task needs a name before its `:`")
            return
        pieces = data.split(":")
        score_text = pieces[0].strip()
        score_col = colon + 2 + (len(pieces[0]) - len(pieces[0].lstrip()))
        if not score_text:
            self.fail(number, colon + 2, f"task {name!r} has no score (a whole number 1 to 5)")
            return
        if not re.fullmatch(r"[1-5]", score_text.lstrip("0") or "0"):
            self.fail(
                number,
                score_col,
                f"task {name!r}: the score must be a whole number from 1 to 5, "
                f"not {_shorten(score_text)!r}",
            )
            return
        actors: list[str] = []
        if len(pieces) > 1:
            actors = [_restore(a.strip()).replace(_ACTOR_COMMA, ",") for a in pieces[1].split(",")]
            actors = [a for a in actors if a]
        score = int(score_text.lstrip("0"))
        self.tasks.append(_Task(number, col, _restore(name), self.section, score, actors))

    def _comment(self, number: int, col: int, text: str) -> None:
        if text.rstrip() == NO_STAGE and self.section_line == number - 1:
            self.section = None
            return
        found = _NOTE_COMMENT.match(text)
        if not found or not self.tasks:
            return  # an ordinary comment
        key, note = found.group(1), found.group(2)
        if not LANE_KEY_PATTERN.match(key) or key in RESERVED_PHASE_KEYS:
            self.fail(number, col, f"{key!r} cannot be a lane key for notes")
            return
        task = self.tasks[-1]
        task.notes.setdefault(key, []).append(note)
        task.note_lines.setdefault(key, number)
        self.note_lanes.setdefault(key, number)


class _Positions:
    """Where each part of the built document stands in the source file."""

    def __init__(self, where: dict[KeyPath, Position]) -> None:
        self._where = where

    def find(self, path: KeyPath) -> Position:
        while path:
            if path in self._where:
                return self._where[path]
            path = path[:-1]
        return self._where.get((), Position(1))


def _diagram_lines(text: str, source: str) -> tuple[list[tuple[int, str]], tuple[int, int]]:
    """The diagram's lines with their line numbers in the file, and where it starts."""
    lines = text.splitlines()
    is_markdown = PurePath(source).suffix.lower() in (".md", ".markdown") or any(
        _FENCE_OPEN.match(line) for line in lines
    )
    if not is_markdown:
        return list(enumerate(lines, start=1)), (1, 1)
    blocks: list[tuple[list[tuple[int, str]], tuple[int, int]]] = []
    i = 0
    while i < len(lines):
        opened = _FENCE_OPEN.match(lines[i])
        if not opened:
            i += 1
            continue
        indent, marker = len(opened.group(1)), opened.group(2)
        start = i + 1
        i += 1
        body: list[tuple[int, str]] = []
        while i < len(lines):
            stripped = lines[i].strip()
            if stripped.startswith(marker[0] * len(marker)) and not stripped.strip(marker[0]):
                break
            body.append((i + 1, lines[i]))
            i += 1
        i += 1
        blocks.append((body, (start, indent + 1)))
    if not blocks:
        raise MapFileError([Problem(1, 1, "no ```mermaid block in this Markdown file", source)])
    for body, where in blocks:
        first = next((raw.strip() for _, raw in body if raw.strip()), "")
        if first.lower().startswith(("journey", "---")):
            return body, where
    return blocks[0]


def loads(text: str, source: str = "<mermaid>") -> JourneyMap:
    """Read a Mermaid journey diagram (or the first in a Markdown file) into a map."""
    lines, where = _diagram_lines(text, source)
    reader = _Reader(source)
    reader.read(lines, where)
    if reader.problems:
        raise MapFileError(reader.problems)
    return _build(reader, text, source, where)


def import_lanes() -> list[tuple[str, str, str]]:
    """(key, title, kind) of the lanes every imported map has: the template's and Actors."""
    template = load_template(IMPORT_TEMPLATE)
    return [(lane.key, lane.title, lane.kind) for lane in template.lanes] + [ACTORS_LANE]


def _within_lane_limit(
    specs: list[tuple[str, str, str]], reader: _Reader, template_keys: set[str]
) -> list[tuple[str, str, str]]:
    """`specs` without the lanes a map has no room for: the template's empty text lanes
    go first (the last first), then Actors (the task's actors, which Mermaid needs and
    cxtui's export fills with the persona's name when a map has no Actors lane). So a
    map of as many lanes as a map may have, exported to Mermaid, comes back with them."""
    empty = [key for key, _, kind in specs if kind == "text" and key not in reader.note_lanes]
    order = [key for key in reversed(empty) if key in template_keys]
    order += [key for key, _, _ in specs if key == ACTORS_KEY and key not in reader.note_lanes]
    drop: set[str] = set()
    for key in order:
        if len(specs) - len(drop) <= MAX_LANES:
            break
        drop.add(key)
    return [spec for spec in specs if spec[0] not in drop]


def _build(reader: _Reader, text: str, source: str, start: tuple[int, int]) -> JourneyMap:
    positions: dict[KeyPath, Position] = {(): Position(start[0], start[1], start[1])}
    template = load_template(IMPORT_TEMPLATE)
    lane_specs = import_lanes()
    text_keys = {key for key, _, kind in lane_specs if kind == "text"}
    for key in reader.note_lanes:
        if key in text_keys:
            continue
        if key == "emotions":  # notes for a text lane of the emotion lane's name
            lane_specs = [("emotion_curve" if k == key else k, t, kd) for k, t, kd in lane_specs]
        lane_specs.append((key, key.replace("_", " ").capitalize(), "text"))
    lane_specs = _within_lane_limit(lane_specs, reader, {lane.key for lane in template.lanes})
    has_actors_lane = any(key == ACTORS_KEY for key, _, _ in lane_specs)
    lanes = [{"key": key, "title": title, "kind": kind} for key, title, kind in lane_specs]
    for i, (key, _, _) in enumerate(lane_specs):
        line = reader.note_lanes.get(key)
        if line is not None:
            positions[("lanes", i)] = Position(line, 1, 1)
    phases: list[dict[str, Any]] = []
    for i, task in enumerate(reader.tasks):
        phase: dict[str, Any] = {"title": task.title, "emotion": task.score - 3}
        if task.stage is not None:
            phase["stage"] = task.stage
        if task.actors and has_actors_lane:
            phase[ACTORS_KEY] = task.actors
        for key, notes in task.notes.items():
            phase[key] = [*phase.get(key, []), *notes]
            positions[("phases", i, key)] = Position(task.note_lines[key], 1, 1)
        phases.append(phase)
        positions[("phases", i)] = Position(task.line, task.col, task.col)
    document: dict[str, Any] = {
        "cxtui": 1,
        "title": reader.title or "Untitled journey",
        "kind": template.kind,
        "emotion_scale": {"min": -2, "max": 2},  # what the scores 1..5 are read onto
        "tags": dict(template.tags),
        "lanes": lanes,
        "phases": phases,
    }
    positions[("title",)] = Position(reader.title_line, 1, 1)
    if reader.description:
        document["description"] = reader.description

    def locator(_text: str) -> _Positions:
        return _Positions(positions)

    return build_map(document, text, source, locator)


def _shorten(text: str, keep: int = 20) -> str:
    """`text` for a message: its first `keep` characters, and "…" if there were more."""
    return text if len(text) <= keep else text[:keep] + "…"
