"""Mermaid user-journey diagrams, out and in.

Export writes Mermaid's ``journey`` syntax: a ``section`` per run of phases
sharing a stage and a task ``Title: score: actors`` per phase. The score is the
map's scale mapped linearly onto 1..5 (unrated: 3); the actors are the phase's
notes in a text lane keyed ``actors`` if the map has one, else the persona's
name (or "Customer"). Characters the grammar gives a meaning to are replaced by
look-alikes (``:`` → ``꞉``, ``#`` → ``＃``, ``;`` → ``；``, ``%%`` → ``%％`` and, in
actors, ``,`` → ``‚``), which import turns back. The other lanes' notes ride
along in comments Mermaid ignores: ``%% cxtui LANE_KEY: note``.

Import reads a ``.mmd`` file, or the first ```mermaid block of a Markdown file
that holds a journey, as Mermaid reads it (scores beyond 1..5 mapped in order onto
−2..+2, entity codes such as ``#35;`` decoded); every problem is reported at its line
and column in that file. What the diagram holds that a map has no place for (its accessible title,
theme settings, sections repeating the name of the one before) is kept in the
map's :class:`~cxtui.model.MermaidDetails`, which export writes back.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from cxtui.fileformat import MAX_LANES, MapFileError, Problem, build_map
from cxtui.locate import Path as KeyPath
from cxtui.locate import Position
from cxtui.model import (
    LANE_KEY_PATTERN,
    RESERVED_PHASE_KEYS,
    EmotionScale,
    JourneyMap,
    MermaidDetails,
)

if TYPE_CHECKING:
    from fractions import Fraction

#: The lane whose notes are a phase's actors.
ACTORS_KEY = "actors"
#: The section of phases that have no stage, after phases that have one.
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
_KEYWORD_START = re.compile(r"^(journey|(title|section)\s|acc(title|descr)|%)", re.IGNORECASE)
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")
_NOTE_COMMENT = re.compile(r"^%%\s*cxtui\s+([^:\s]+)\s*: ?(.*)$")
_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*mermaid\b", re.IGNORECASE)
#: An entity code, as Mermaid reads it before anything else (``#35;`` is ``#``).
_ENTITY = re.compile(r"#\w+;")
#: Where the characters that stand in for a line's entity codes while it is read begin
#: (Unicode's private use planes), and the character that pads them to the code's length.
_HIDDEN, _HIDDEN_LAST, _HIDDEN_FILL = 0xF0000, 0x10FFFC, "\U0010fffd"
_HIDDEN_RUN = re.compile("[\U000f0000-\U0010fffc]\U0010fffd*")
#: A score: a number as Mermaid writes one (it draws 1 to 5).
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_MAX_SCORE_CHARS = 30


# -- export ------------------------------------------------------------------


#: Any character :func:`_clean` changes: text without one (most titles) is only stripped.
_CLEAN_ANY = re.compile(r"[\r\n\u2028\u2029\x85%:#;]")
_DOUBLED_PERCENT = re.compile("(?<=%)%")


def _clean(text: str, keep: str = "") -> str:
    """`text` on one line with the characters the journey grammar reserves replaced."""
    if _CLEAN_ANY.search(text) is None:
        return text.strip()
    text = _BREAKS.sub(" ", text)
    text = _percents(text)
    for char, lookalike in _LOOKALIKE.items():
        if char not in keep:
            text = text.replace(char, lookalike)
    return text.strip()


def _percents(text: str) -> str:
    """`text` with no ``%%`` (which starts a comment or a directive): ``%％``."""
    return _DOUBLED_PERCENT.sub(_PERCENT, text)


def _task_text(text: str) -> str:
    text = _clean(text)
    # a task that begins like a keyword, or with `%`, would be read as that keyword or
    # as a comment
    return _ZWSP + text if _KEYWORD_START.match(text) else text


def _actor(text: str) -> str:
    return _clean(text).replace(",", _ACTOR_COMMA)


def _accessible(text: str) -> str:
    """`text` for ``accTitle`` or ``accDescr``, which take any character: no ``%%``, and
    a ``#`` that would begin an entity code (``#35;``) written as one."""
    return _ENTITY.sub(lambda found: "#35;" + found.group()[1:], _percents(text))


def _description(text: str | None) -> list[str]:
    """The description as Mermaid's accessible description (``accDescr``)."""
    if not text or not text.strip():
        return []
    parts = [_accessible(line.strip().replace("}", _BRACE)) for line in text.strip().splitlines()]
    if len(parts) == 1:
        return [f"    accDescr: {parts[0]}"]
    return ["    accDescr {", *(f"      {p}" if p else "" for p in parts), "    }"]


def score(value: int | None, scale: EmotionScale) -> int:
    """`value` on `scale` mapped linearly onto Mermaid's 1..5 (rounded half up; unrated: 3)."""
    if value is None:
        return 3
    return math.floor(1 + 4 * (value - scale.min) / (scale.max - scale.min) + 0.5)


def sections(m: JourneyMap) -> list[tuple[str | None, int, int]]:
    """The map's stages (see :meth:`JourneyMap.stages`), each split where the map's Mermaid
    details say a section begins that is named as the one before it."""
    breaks = {b - 1 for b in m.mermaid.section_breaks} if m.mermaid else set()
    out: list[tuple[str | None, int, int]] = []
    for stage, first, last in m.stages():
        begin = first
        for index in range(first + 1, last + 1):
            if index in breaks:
                out.append((stage, begin, index - 1))
                begin = index
        out.append((stage, begin, last))
    return out


def dumps(m: JourneyMap, *, notes: bool = True) -> str:
    """`m` as a Mermaid ``journey`` diagram (without `notes`, without the comments that
    carry the notes of the text lanes)."""
    details = m.mermaid or MermaidDetails()
    lines = ["---", *details.front_matter.split("\n"), "---"] if details.front_matter else []
    lines += [*details.directives, "journey"]
    title = _clean(m.title, keep=":")  # a title may hold colons
    if title:
        lines.append(f"    title {title}")
    acc_title = _accessible(details.acc_title).strip()
    if acc_title:
        lines.append(f"    accTitle: {acc_title}")
    lines += _description(m.description)
    has_actors = any(lane.key == ACTORS_KEY and lane.kind == "text" for lane in m.lanes)
    default_actor = (m.persona.name if m.persona else "") or DEFAULT_ACTOR
    note_lanes = [
        lane.key
        for lane in (m.text_lanes if notes else ())
        if lane.key != ACTORS_KEY or not has_actors
    ]
    # One search over every note instead of one per note: a note with a line break is rare.
    everything = "".join(
        note for phase in m.phases for key in note_lanes for note in phase.notes(key)
    )
    one_line = _BREAKS.search(everything) is None
    for stage, first, last in sections(m):
        in_section = stage is not None or first > 0  # phases before any section need none
        indent = "      " if in_section else "    "
        if in_section:
            lines.append(f"    section {_clean(stage or '') or DEFAULT_SECTION}")
        if stage is None and in_section:
            lines.append(f"{indent}{NO_STAGE}")
        prefixes = [(key, f"{indent}{NOTE_PREFIX}{key}: ") for key in note_lanes]
        for index in range(first, last + 1):
            phase = m.phases[index]
            task = _task_text(phase.title) or f"Phase {index + 1}"
            actors = phase.notes(ACTORS_KEY) if has_actors else (default_actor,)
            names = ", ".join(a for a in (_actor(a) for a in actors) if a)
            data = str(score(phase.emotion, m.scale)) + (f": {names}" if names else "")
            lines.append(f"{indent}{task}: {data}")
            for key, prefix in prefixes:
                cell = phase.notes(key)
                if one_line:
                    lines += [prefix + note for note in cell]
                else:
                    lines += [prefix + _BREAKS.sub(" ", note) for note in cell]
    lines.append("")  # (the last line's end, without copying the diagram to add it)
    return "\n".join(lines)


# -- import ------------------------------------------------------------------


def _restore(text: str) -> str:
    return "".join(_UNDO_LOOKALIKE.get(ch, ch) for ch in text)


def _unpercent(text: str) -> str:
    return text.replace("%" + _PERCENT, "%%")


class _Entities:
    """A line's entity codes (``#35;``, ``#quot;``), which Mermaid reads before anything
    else: each is hidden behind characters of the same length that mean nothing to the
    grammar (private-use ones: a numbered one, then padding), and :meth:`decode` turns
    them into what they stand for."""

    def __init__(self) -> None:
        self._codes: list[tuple[str, int]] = []  # (what it stands for, its length)

    def hide(self, raw: str) -> str:
        return _ENTITY.sub(self._hide, raw) if "#" in raw else raw

    def _hide(self, found: re.Match[str]) -> str:
        code = found.group()
        if _HIDDEN + len(self._codes) > _HIDDEN_LAST:
            return code
        self._codes.append((_entity_value(code), len(code)))
        return chr(_HIDDEN + len(self._codes) - 1) + _HIDDEN_FILL * (len(code) - 1)

    def decode(self, text: str) -> str:
        if not self._codes:
            return text
        return _HIDDEN_RUN.sub(self._show, text)

    def _show(self, found: re.Match[str]) -> str:
        run = found.group()
        index = ord(run[0]) - _HIDDEN
        if index < len(self._codes) and self._codes[index][1] == len(run):
            return self._codes[index][0]
        return run  # private-use characters of the diagram's own


def _entity_value(code: str) -> str:
    """What the entity code `code` (``#35;``) stands for; `code` itself if nothing."""
    name = code[1:-1]
    if name.isdigit() and name.isascii():
        number = int(name) if len(name) < 8 else -1
        if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
            return chr(number)
        return code
    import html  # (what reading a diagram needs is imported when one is read)

    value = html.unescape(f"&{name};")
    return code if value == f"&{name};" else value


@dataclass
class _Task:
    line: int
    col: int
    title: str
    stage: str | None
    score: Fraction
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
        self.acc_title = ""
        self.description: str | None = None
        self.directives: list[str] = []
        self.front_matter = ""
        self.tasks: list[_Task] = []
        self.section: str | None = None
        self.section_line = 0
        self.section_breaks: list[int] = []
        self.new_section = False
        self.note_lanes: dict[str, int] = {}
        self.entities = _Entities()

    def fail(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(line, col, message, self.source))

    def read(self, lines: list[tuple[int, str]], where: tuple[int, int]) -> None:
        """Read `lines` ((file line number, text) pairs); `where` is the diagram's start."""
        queue = deque(self._front_matter(lines))
        header: int | None = None
        in_descr: list[str] | None = None
        while queue:
            number, raw = queue.popleft()
            text = raw.strip()
            col = len(raw) - len(raw.lstrip()) + 1
            if in_descr is not None:
                raw = self.entities.hide(raw)
                end = raw.find("}")
                in_descr.append(raw if end < 0 else raw[:end])
                if end >= 0:
                    self._describe("\n".join(x.strip() for x in in_descr))
                    in_descr = None
                    self._then(queue, number, raw, end + 1)
                continue
            if text.startswith("%%{"):
                self._directive(queue, number, raw)
                continue
            if not text or text.startswith("%"):  # (Mermaid reads `%` as `%%`: a comment)
                if header is not None and text.startswith("%%"):
                    self._comment(number, col, raw.lstrip())
                continue
            raw = self.entities.hide(raw)
            text = raw.strip()
            if text.startswith("#"):
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
            found = re.match(r"acctitle\s*:", lower)
            if found:
                self.acc_title = self._text(text[found.end() :], _unpercent)
                continue
            if re.match(r"accdescr\s*:", lower):
                self._describe(raw.split(":", 1)[1])
                continue
            if re.match(r"accdescr\s*\{", lower):
                brace = raw.find("{")
                after = raw[brace + 1 :]
                if "}" in after:
                    self._describe(after.split("}", 1)[0])
                    self._then(queue, number, raw, brace + 1 + after.find("}") + 1)
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
                self.title = self._text(text[6:], _restore)
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

    def _then(self, queue: deque[tuple[int, str]], number: int, raw: str, at: int) -> None:
        """Read what follows column `at` of line `number` as a line of its own (Mermaid
        reads on after an `accDescr { … }` block or a directive as after a line break)."""
        if raw[at:].strip():
            queue.appendleft((number, " " * at + raw[at:]))

    def _text(self, text: str, undo: Callable[[str], str]) -> str:
        return undo(self.entities.decode(text.strip()))

    def _describe(self, text: str) -> None:
        text = self.entities.decode(text.strip()).replace(_BRACE, "}")
        self.description = _unpercent(text) or None

    def _directive(self, queue: deque[tuple[int, str]], number: int, raw: str) -> None:
        """Keep the directive (``%%{init: …}%%``) that begins on line `number`."""
        start = raw.index("%%{")
        parts = [raw[start:]]
        first = (number, start + 1)
        while "}%%" not in parts[-1] and queue:
            number, raw = queue.popleft()
            parts.append(raw)
        text = "\n".join(parts)
        end = text.find("}%%")
        if end < 0:
            self.fail(*first, "the directive that begins here is never closed with `}%%`")
            return
        self.directives.append(text[: end + 3])
        last = parts[-1]
        self._then(queue, number, last, last.find("}%%") + 3)

    def _front_matter(self, lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """The lines after the front matter (which may follow comments), its title and
        settings kept."""
        meaningful = [
            i
            for i, (_, raw) in enumerate(lines)
            if raw.strip() and not raw.lstrip().startswith("%%")
        ]
        if not meaningful or lines[meaningful[0]][1].strip() != "---":
            return lines
        start = meaningful[0]
        kept: list[str] = []
        for i in range(start + 1, len(lines)):
            number, raw = lines[i]
            text = raw.strip()
            if text == "---":
                self.front_matter = "\n".join(kept).strip("\n")
                return lines[:start] + lines[i + 1 :]
            found = re.match(r"title\s*:\s*(.*)$", raw)
            if found:
                self.title = found.group(1).strip().strip("\"'")
                self.title_line = number
            else:
                kept.append(raw.rstrip())
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
        self.section = self._text(name, _restore)
        self.section_line = number
        self.new_section = True

    def _task(self, number: int, col: int, raw: str, text: str) -> None:
        if ":" not in text:
            shown = self.entities.decode(text)
            self.fail(
                number,
                col + len(text),
                f"task {shown!r} has no score (write `{shown}: 1-5: actors`)",
            )
            return
        name, data = text.split(":", 1)
        name = self._text(name.lstrip().lstrip(_ZWSP), _restore)
        colon = raw.find(":")
        if not name:
            self.fail(number, col, "a task needs a name before its `:`")
            return
        pieces = data.split(":")
        score_text = pieces[0].strip()
        score_col = colon + 2 + (len(pieces[0]) - len(pieces[0].lstrip()))
        if not score_text:
            self.fail(number, colon + 2, f"task {name!r} has no score (a number, 1 to 5)")
            return
        if not _NUMBER.fullmatch(score_text) or len(score_text) > _MAX_SCORE_CHARS:
            what = "a number" if len(score_text) <= _MAX_SCORE_CHARS else "a shorter number"
            self.fail(
                number,
                score_col,
                f"task {name!r}: the score must be {what} (Mermaid draws 1 to 5), "
                f"not {_shorten(score_text)!r}",
            )
            return
        actors: list[str] = []
        if len(pieces) > 1:
            names = (self._text(a, _restore) for a in pieces[1].split(","))
            actors = [a.replace(_ACTOR_COMMA, ",") for a in names if a]
        if self.new_section and self.tasks and self.tasks[-1].stage == self.section:
            self.section_breaks.append(len(self.tasks) + 1)
        self.new_section = False
        from fractions import Fraction

        self.tasks.append(_Task(number, col, name, self.section, Fraction(score_text), actors))

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


def emotions(scores: list[Fraction]) -> tuple[list[int], str | None]:
    """The scores of a diagram's tasks as emotions on the scale −2..+2, and, when they are
    not all whole numbers from 1 to 5, one line saying how they were read.

    1..5 is −2..+2 (score − 3). Scores outside it, or fractions, are mapped linearly from
    the range of 1..5 and the scores onto −2..+2, rounded half up, so their order is kept.
    """
    from fractions import Fraction

    low, high = min(Fraction(1), *scores), max(Fraction(5), *scores)
    out = [math.floor(-2 + 4 * (s - low) / (high - low) + Fraction(1, 2)) for s in scores]
    if low == 1 and high == 5 and all(s.denominator == 1 for s in scores):
        return out, None
    notice = (
        f"scores run from {_number(min(scores))} to {_number(max(scores))}, where Mermaid "
        f"draws 1 to 5: read in order onto the emotion scale -2..+2, {_number(low)} as -2 "
        f"and {_number(high)} as +2, rounded"
    )
    return out, notice


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


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
        if _holds_journey([raw for _, raw in body]):
            return body, where
    return blocks[0]


def _holds_journey(lines: list[str]) -> bool:
    """Whether a diagram's first statement, after front matter, directives and comments,
    is ``journey``."""
    ends: str | None = None  # what ends the front matter or directive being skipped
    for raw in lines:
        text = raw.strip()
        if ends is not None:
            if (text == ends) if ends == "---" else (ends in text):
                ends = None
            continue
        if text.startswith("%%{"):
            ends = None if "}%%" in text else "}%%"
        elif text == "---":  # (nothing but comments came before)
            ends = "---"
        elif text and not text.startswith(("%", "#")):
            return re.match(r"journey\b", text, re.IGNORECASE) is not None
    return False


def loads(text: str, source: str = "<mermaid>") -> JourneyMap:
    """Read a Mermaid journey diagram (or the first in a Markdown file) into a map."""
    return loads_with_notices(text, source)[0]


def loads_with_notices(text: str, source: str = "<mermaid>") -> tuple[JourneyMap, list[str]]:
    """:func:`loads`, and lines that say how the diagram was read where that is not
    plain (scores beyond Mermaid's 1 to 5)."""
    lines, where = _diagram_lines(text, source)
    reader = _Reader(source)
    reader.read(lines, where)
    if reader.problems:
        raise MapFileError(reader.problems)
    scores, notice = emotions([task.score for task in reader.tasks])
    return _build(reader, scores, text, source, where), [notice] if notice else []


def import_lanes() -> list[tuple[str, str, str]]:
    """(key, title, kind) of the lanes every imported map has: the template's and Actors."""
    from cxtui.templates import load_template

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


def _build(
    reader: _Reader, scores: list[int], text: str, source: str, start: tuple[int, int]
) -> JourneyMap:
    from cxtui.templates import load_template

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
    for i, (task, emotion) in enumerate(zip(reader.tasks, scores, strict=True)):
        phase: dict[str, Any] = {"title": task.title, "emotion": emotion}
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
        "title": reader.title or "",
        "kind": template.kind,
        "emotion_scale": {"min": -2, "max": 2},  # what the scores 1..5 are read onto
        "tags": dict(template.tags),
        "lanes": lanes,
        "phases": phases,
    }
    positions[("title",)] = Position(reader.title_line, 1, 1)
    if reader.description:
        document["description"] = reader.description
    details = {
        "acc_title": reader.acc_title,
        "directives": reader.directives,
        "front_matter": reader.front_matter,
        "section_breaks": reader.section_breaks,
    }
    details = {key: value for key, value in details.items() if value}
    if details:
        document["mermaid"] = details

    def locator(_text: str) -> _Positions:
        return _Positions(positions)

    return build_map(document, text, source, locator)


def _shorten(text: str, keep: int = 20) -> str:
    """`text` for a message: its first `keep` characters, and "…" if there were more."""
    return text if len(text) <= keep else text[:keep] + "…"
