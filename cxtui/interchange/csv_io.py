"""CSV, for spreadsheets: the map as a grid that comes back whole.

Layout (UTF-8 with a byte-order mark, so that Excel reads it as UTF-8)::

    #cxtui,1                          metadata rows first: a key starting with #,
    #title,Buying running shoes       then its value; keys are the TOML file's,
    #kind,current-state               dotted (#persona.name, #emotion_scale.min,
    #persona.goals,Same model,Fast    #tags.pain); a list takes one cell per item
    Lane,Key,Kind,Discover,Checkout   the header: then one column per phase
    Stage,stage,,Before,Purchase      the stage row (key `stage`)
    Id,id,,3176a9,5e0c1b              the phases' ids (key `id`)
    Link,link,,detail.toml,           the maps phases link to (only when one does)
    Actions,actions,text,"a\\nb",c     a text lane: a cell's notes, one per line
    Emotions,emotions,emotion,1,-2    the emotion lane: scores, empty when unrated
    Points de douleur,douleurs,text:pain_points,…   a role the key does not imply

A map whose phases are rated but that has no emotion lane gets a row keyed
``emotion``. Text that a spreadsheet would run as a formula (starting with
``= + - @``, a tab or a carriage return), and text starting with ``'``, gets a
leading ``'`` on export; import takes one leading ``'`` off every text cell.

A note with marks starts with them in brackets, ``[fail, needs_work] Desk staff``; a
note without marks that itself starts like that gets an empty pair, ``[] [wait] x``, so
that import takes off exactly one bracketed prefix of mark names (and ``[]``).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cxtui.fileformat import MapFileError, Problem, build_map, lane_table, mermaid_table
from cxtui.locate import Path as KeyPath
from cxtui.locate import Position
from cxtui.model import LANE_KEY_PATTERN, MARKS, RESERVED_PHASE_KEYS, JourneyMap, Phase, slug

BOM = "\ufeff"
HEADER = ("Lane", "Key", "Kind")
STAGE_KEY = "stage"
ID_KEY = "id"
LINK_KEY = "link"
#: The rows of a phase's own values, not a lane's (the key of each in the Key column).
PHASE_ROWS = (STAGE_KEY, ID_KEY, LINK_KEY)
EMOTION_KEY = "emotion"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_PERSONA_LISTS = ("goals", "needs", "frustrations")
_METADATA_KEYS = (
    "cxtui", "title", "kind", "description", "persona", "emotion_scale", "tags", "mermaid",
    "blueprint_lines",
)  # fmt: skip
#: Metadata rows that take one cell per item.
_LISTS = {("persona", key) for key in _PERSONA_LISTS} | {
    ("mermaid", "directives"),
    ("mermaid", "section_breaks"),
}
_SEMICOLONS = (
    "this file separates cells with `;`; cxtui reads comma-separated CSV "
    "(save it again as CSV with commas)"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MARKS_PREFIX = re.compile(r"\[((?:%s)(?:, (?:%s))*)?\] " % (("|".join(MARKS),) * 2))
_UNQUOTED = re.compile(r"[^,\r\n]*")


# -- export ------------------------------------------------------------------


def guard(text: str) -> str:
    """`text` made safe from formula injection: ``'`` before a risky first character."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def unguard(text: str) -> str:
    """`text` with the ``'`` that :func:`guard` adds taken off."""
    return text[1:] if text.startswith("'") else text


def marked(note: str, marks: Sequence[str]) -> str:
    """A note as its line in a CSV cell: its marks first, in brackets (see above)."""
    if marks:
        return f"[{', '.join(marks)}] {note}"
    return "[] " + note if _MARKS_PREFIX.match(note) else note


def unmarked(line: str) -> tuple[str, list[str]]:
    """A CSV cell's line as (note, mark names): :func:`marked` undone."""
    prefix = _MARKS_PREFIX.match(line)
    if prefix is None:
        return line, []
    names = prefix.group(1)
    return line[prefix.end() :], names.split(", ") if names else []


def _notes_cell(phase: Phase, lane_key: str) -> str:
    notes = phase.notes(lane_key)
    return "\n".join(marked(note, phase.marks_of(lane_key, note)) for note in notes)


def _score(value: int | None) -> str:
    return "" if value is None else str(value)


def rows(m: JourneyMap) -> list[list[str]]:
    """The CSV rows of `m` (see the module's documentation)."""
    out: list[list[str]] = [["#cxtui", str(m.version)], ["#title", guard(m.title)]]
    out.append(["#kind", m.kind])
    if m.description is not None:
        out.append(["#description", guard(m.description)])
    if m.persona is not None:
        p = m.persona
        persona_rows = [
            [f"#persona.{key}", guard(value)]
            for key, value in (("name", p.name), ("role", p.role), ("quote", p.quote))
            if value
        ]
        for key in _PERSONA_LISTS:
            items: tuple[str, ...] = getattr(p, key)
            if items:
                persona_rows.append([f"#persona.{key}", *(guard(item) for item in items)])
        out += persona_rows or [["#persona.name", ""]]
    if not m.blueprint_lines:  # as in the map file: only when off
        out.append(["#blueprint_lines", "false"])
    out.append(["#emotion_scale.min", str(m.scale.min)])
    out.append(["#emotion_scale.max", str(m.scale.max)])
    for tag, colour in m.tags.items():
        out.append([f"#tags.{tag}", colour])
    if m.mermaid is not None:
        for key, value in mermaid_table(m.mermaid).items():
            cells = [guard(str(v)) for v in value] if isinstance(value, list) else [guard(value)]
            out.append([f"#mermaid.{key}", *cells])
    out.append([*HEADER, *(guard(p.title) for p in m.phases)])
    out.append(["Stage", STAGE_KEY, "", *(guard(p.stage or "") for p in m.phases)])
    out.append(["Id", ID_KEY, "", *(p.id for p in m.phases)])
    if any(p.link for p in m.phases):
        out.append(["Link", LINK_KEY, "", *(guard(p.link or "") for p in m.phases)])
    for lane in m.lanes:
        if lane.kind == "emotion":
            cells = [_score(p.emotion) for p in m.phases]
        else:
            cells = [guard(_notes_cell(p, lane.key)) for p in m.phases]
        role = lane_table(lane).get("role")
        kind = f"{lane.kind}:{role}" if role else lane.kind
        out.append([guard(lane.title), lane.key, kind, *cells])
    if not any(lane.kind == "emotion" for lane in m.lanes) and any(
        p.emotion is not None for p in m.phases
    ):
        out.append(["Emotion", EMOTION_KEY, "", *(_score(p.emotion) for p in m.phases)])
    return out


def dumps(m: JourneyMap) -> str:
    """`m` as CSV text (comma-separated, quoted where needed, one record per line)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows(m))
    return BOM + buffer.getvalue()


# -- import ------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One cell's text and where it starts."""

    value: str
    line: int
    col: int

    @property
    def position(self) -> Position:
        """The cell's position, for messages."""
        return Position(self.line, self.col, self.col)


def scan(text: str, source: str) -> list[list[Cell]]:
    """The records of CSV `text`, each cell with its line and column (RFC 4180 quoting).

    Records whose cells are all blank are left out.
    """
    records: list[list[Cell]] = []
    record: list[Cell] = []
    i, line, line_start, n = 0, 1, 0, len(text)
    while True:
        col, start_line = i - line_start + 1, line
        if text.startswith('"', i):
            parts: list[str] = []
            j = i + 1
            while True:
                quote = text.find('"', j)
                if quote < 0:
                    message = 'a quoted cell is never closed with `"`'
                    raise MapFileError([Problem(start_line, col, message, source)])
                parts.append(text[j:quote])
                if text.startswith('"', quote + 1):
                    parts.append('"')
                    j = quote + 2
                    continue
                j = quote + 1
                break
            for found in _LINE_BREAK.finditer(text, i, j):
                line, line_start = line + 1, found.end()
            # text between the closing quote and the separator is kept, as csv does
            tail = _UNQUOTED.match(text, j)
            assert tail is not None
            parts.append(tail.group())
            cell, i = "".join(parts), tail.end()
        else:
            plain = _UNQUOTED.match(text, i)
            assert plain is not None
            cell, i = plain.group(), plain.end()
        record.append(Cell(cell, start_line, col))
        if text.startswith(",", i):
            i += 1
            continue
        records.append(record)
        record = []
        if i >= n:
            break
        i += 2 if text.startswith("\r\n", i) else 1
        line, line_start = line + 1, i
        if i >= n:
            break
    return [r for r in records if any(c.value.strip() for c in r)]


def _trimmed(record: list[Cell]) -> list[Cell]:
    end = len(record)
    while end > 0 and not record[end - 1].value.strip():
        end -= 1
    return record[:end]


def _int_or_text(text: str) -> int | str:
    try:
        return int(text.strip())
    except ValueError:
        return text


class _Reader:
    """Turns CSV records into the TOML-shaped document, remembering positions."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.where: dict[KeyPath, Position] = {(): Position(1)}
        self.document: dict[str, Any] = {"cxtui": 1}
        self.seen: dict[KeyPath, int] = {}

    def fail(self, cell: Cell, message: str) -> None:
        self.problems.append(Problem(cell.line, cell.col, message, self.source))

    def place(self, path: KeyPath, cell: Cell) -> None:
        self.where.setdefault(path, cell.position)

    def metadata(self, record: list[Cell]) -> None:
        name_cell, values = record[0], _trimmed(record)[1:]
        name = name_cell.value.strip()[1:].strip()
        parts = tuple(name.split("."))
        path: KeyPath = parts
        if not name or len(parts) > 2 or not all(parts):
            self.fail(name_cell, f"{name_cell.value.strip()!r} is not a metadata key")
            return
        if parts[0] not in _METADATA_KEYS:
            close = difflib.get_close_matches(parts[0], _METADATA_KEYS, n=1, cutoff=0.6)
            hint = f"; did you mean '#{close[0]}'?" if close else ""
            self.fail(name_cell, f"unknown metadata row #{name}{hint}")
            return
        if path in self.seen:
            self.fail(name_cell, f"#{name} is given twice (line {self.seen[path]} has it too)")
            return
        self.seen[path] = name_cell.line
        value: Any
        if path in _LISTS:
            value = [unguard(c.value) for c in values]
            if path == ("mermaid", "section_breaks"):
                value = [_int_or_text(v) for v in value]
        else:
            if len(values) > 1:
                self.fail(values[1], f"#{name} takes one value")
            text = unguard(values[0].value) if values else ""
            numeric = path in (("cxtui",), ("emotion_scale", "min"), ("emotion_scale", "max"))
            value = _int_or_text(text) if numeric else text
            if path == ("blueprint_lines",):
                value = {"true": True, "false": False}.get(text.strip().lower(), text)
        value_cell = values[0] if values else Cell("", name_cell.line, name_cell.col)
        self.where.setdefault(path, Position(name_cell.line, name_cell.col, value_cell.col))
        if len(parts) == 1:
            if isinstance(self.document.get(name), dict):
                self.fail(name_cell, f"#{name} is given twice")
                return
            self.document[name] = value
            return
        table = self.document.setdefault(parts[0], {})
        if not isinstance(table, dict):
            self.fail(name_cell, f"#{parts[0]} is given twice")
            return
        self.where.setdefault((parts[0],), Position(name_cell.line, name_cell.col, name_cell.col))
        table[parts[1]] = value

    def header(self, record: list[Cell]) -> bool:
        found = [c.value.strip().lower() for c in record[1:3]]
        if found != [h.lower() for h in HEADER[1:]]:
            self.fail(
                record[0],
                "expected the header row `Lane,Key,Kind,<phase titles>` "
                "(metadata rows before it begin with #)",
            )
            return False
        self.where[("lanes",)] = record[0].position
        self.where[("phases",)] = record[0].position
        return True

    def table(self, header: list[Cell], body: list[list[Cell]]) -> None:
        width = max(len(_trimmed(r)) for r in [header, *body])
        count = max(0, width - 3)
        titles = [header[3 + i] if 3 + i < len(header) else None for i in range(count)]
        phases: list[dict[str, Any]] = []
        for i, cell in enumerate(titles):
            phases.append({"title": unguard(cell.value) if cell else ""})
            if cell is not None:
                self.place(("phases", i), cell)
            else:
                self.place(("phases", i), header[0])
        lanes: list[dict[str, Any]] = []
        keys: set[str] = set()
        special: dict[str, int] = {}
        for record in body:
            cells = [*record, *(Cell("", record[-1].line, record[-1].col) for _ in range(width))]
            title, key, kind = unguard(cells[0].value), cells[1].value.strip(), cells[2].value
            kind, _, role = kind.partition(":")
            kind = kind.strip() or "text"
            values = cells[3 : 3 + count]
            if key in (*PHASE_ROWS, EMOTION_KEY):
                if key in special:
                    self.fail(cells[1], f"a second {key} row (line {special[key]} is one)")
                    continue
                special[key] = cells[0].line
                for i, cell in enumerate(values):
                    if key in PHASE_ROWS and cell.value:
                        phases[i][key] = unguard(cell.value)
                    elif key == EMOTION_KEY and cell.value.strip():
                        phases[i]["emotion"] = _int_or_text(unguard(cell.value))
                    self.place(("phases", i, key), cell)
                continue
            index = len(lanes)
            if not key:
                key = slug(title, keys | {*PHASE_ROWS, EMOTION_KEY})
            lanes.append({"key": key, "title": title, "kind": kind})
            if role.strip():
                lanes[-1]["role"] = role.strip()
                self.place(("lanes", index, "role"), cells[2])
            self.place(("lanes", index), cells[0])
            self.place(("lanes", index, "title"), cells[0])
            self.place(("lanes", index, "key"), cells[1])
            self.place(("lanes", index, "kind"), cells[2])
            usable = (
                LANE_KEY_PATTERN.match(key) and key not in RESERVED_PHASE_KEYS and key not in keys
            )
            keys.add(key)
            if not usable or kind not in ("text", "emotion"):
                continue  # the lane's problem is reported; its cells would only add noise
            if kind == "emotion":
                if EMOTION_KEY in special:
                    self.fail(cells[1], f"a second row of scores (line {special[EMOTION_KEY]})")
                    continue
                special[EMOTION_KEY] = cells[0].line
            for i, cell in enumerate(values):
                if kind == "emotion":
                    if cell.value.strip():
                        phases[i]["emotion"] = _int_or_text(unguard(cell.value))
                    self.place(("phases", i, "emotion"), cell)
                else:
                    text = unguard(cell.value)
                    notes: list[str] = []
                    for line in _LINE_BREAK.split(text) if text else []:
                        note, names = unmarked(line)
                        notes.append(note)
                        if names:
                            lane_marks = phases[i].setdefault("marks", {}).setdefault(key, {})
                            lane_marks[note] = [*lane_marks.get(note, []), *names]
                    phases[i][key] = notes
                    self.place(("phases", i, key), cell)
                    self.place(("phases", i, "marks", key), cell)
        self.document["lanes"] = lanes
        self.document["phases"] = phases


class _Positions:
    def __init__(self, where: dict[KeyPath, Position]) -> None:
        self._where = where

    def find(self, path: KeyPath) -> Position:
        while path:
            if path in self._where:
                return self._where[path]
            path = path[:-1]
        return self._where[()]


def loads(text: str, source: str = "<csv>") -> JourneyMap:
    """Read a map from cxtui's CSV layout; raises :class:`MapFileError` with positions."""
    text = text.removeprefix(BOM)
    records = scan(text, source)
    first = records[0] if records else []
    if len(first) == 1 and ";" in first[0].value:
        raise MapFileError(
            [Problem(first[0].line, first[0].col, _SEMICOLONS, source)],
        )
    reader = _Reader(source)
    header_at: int | None = None
    for n, record in enumerate(records):
        if record[0].value.strip().startswith("#"):
            reader.metadata(record)
            continue
        header_at = n
        break
    if header_at is None:
        last = records[-1][0].line + 1 if records else 1
        raise MapFileError(
            [
                *reader.problems,
                Problem(last, 1, "no header row `Lane,Key,Kind,<phase titles>`", source),
            ]
        )
    header = records[header_at]
    if reader.header(header):
        reader.table(header, records[header_at + 1 :])
        where = Cell("", header[0].line, header[0].col)
        if not reader.document["lanes"]:
            reader.fail(where, "no lanes: add a row per lane below the header row")
        if not reader.document["phases"]:
            reader.fail(where, "no phases: the header row names none after Lane,Key,Kind")
    if "title" not in reader.document:
        reader.fail(Cell("", 1, 1), "the map has no title (add a row `#title,<the title>`)")
    if reader.problems:
        raise MapFileError(reader.problems)

    def locator(_text: str) -> _Positions:
        return _Positions(reader.where)

    return build_map(reader.document, text, source, locator)
