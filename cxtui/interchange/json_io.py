"""JSON interchange: the map as one JSON object, for scripts and jq.

Shape (``tags`` appears only when the map gives tags its own colours, ``mermaid`` only
when it keeps details of a Mermaid diagram, as the TOML file's ``[mermaid]`` table;
``blueprint_lines`` only when false; ``persona_file``, a phase's ``link``, ``votes`` and
``marks``, and ``conflicts`` only when the map has them; every key as in the TOML file)::

    {"title": str, "kind": str, "description": str|null, "persona": {...}|null,
     "persona_file": str (the shared persona file the persona is read from),
     "emotion_scale": {"min": int, "max": int},
     "lanes": [{"key": str, "title": str, "kind": "text"|"emotion", "role": str (only
                when the key does not imply it, as in the map file)}],
     "phases": [{"id": str, "title": str, "stage": str|null, "emotion": int|null,
                 "link": str, "cells": {lane_key: [str, ...]},
                 "votes": {lane_key: {note: [voter, ...]}},
                 "marks": {lane_key: {note: ["fail"|"wait"|"works"|"needs_work", ...]}}}],
     "conflicts": [{"field": str, "phase": str, "key": str, "base": ..., "ours": ...,
                    "theirs": ...}]}
  (link, votes and marks only when the phase has them)
"""

from __future__ import annotations

import bisect
import contextlib
import json
from dataclasses import replace
from typing import Any

from cxtui.fileformat import (
    MapFileError,
    Problem,
    build_map,
    conflict_table,
    lane_table,
    mermaid_table,
    too_long_number,
)
from cxtui.locate import Path as KeyPath
from cxtui.locate import Position
from cxtui.model import JourneyMap, ModelError, Phase

_PERSONA_KEYS = ("name", "role", "goals", "needs", "frustrations", "quote")
#: A phase's keys beside its notes (which JSON keeps under "cells").
_PHASE_KEYS = ("id", "title", "stage", "emotion", "link", "votes", "marks")


def to_dict(m: JourneyMap) -> dict[str, Any]:
    """The JSON-ready dict of `m`."""
    persona = None
    if m.persona is not None:
        persona = {
            k: list(v) if isinstance(v := getattr(m.persona, k), tuple) else v
            for k in _PERSONA_KEYS
        }
    out: dict[str, Any] = {
        "title": m.title,
        "kind": m.kind,
        "description": m.description,
        "persona": persona,
    }
    if not m.blueprint_lines:
        out["blueprint_lines"] = False
    if m.persona_file is not None:
        out["persona_file"] = m.persona_file
    out["emotion_scale"] = {"min": m.scale.min, "max": m.scale.max}
    out["lanes"] = [lane_table(lane) for lane in m.lanes]
    out["phases"] = [_phase(p, [lane.key for lane in m.text_lanes]) for p in m.phases]
    if m.tags:
        out["tags"] = dict(m.tags)
    if m.mermaid is not None:
        out["mermaid"] = mermaid_table(m.mermaid)
    if m.conflicts:
        out["conflicts"] = [conflict_table(c) for c in m.conflicts]
    return out


def _phase(p: Phase, text_keys: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "title": p.title, "stage": p.stage, "emotion": p.emotion}
    if p.link is not None:
        out["link"] = p.link
    out["cells"] = {key: list(p.notes(key)) for key in text_keys}
    votes: dict[str, dict[str, list[str]]] = {}
    for key in text_keys:  # as the map file: only votes for notes the cell holds
        for note in dict.fromkeys(p.notes(key)):
            if voters := p.voters(key, note):
                votes.setdefault(key, {})[note] = list(voters)
    if votes:
        out["votes"] = votes
    marks: dict[str, dict[str, list[str]]] = {}
    for key in text_keys:
        for note in dict.fromkeys(p.notes(key)):
            if names := p.marks_of(key, note):
                marks.setdefault(key, {})[note] = list(names)
    if marks:
        out["marks"] = marks
    return out


def dumps(m: JourneyMap) -> str:
    """`m` as pretty-printed JSON text (UTF-8, not ASCII-escaped)."""
    out: list[str] = []
    _write_indented(to_dict(m), "\n", out)
    out.append("\n")
    return "".join(out)


def indented_json(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, the same text, about three
    times as fast: the standard library writes indented JSON in Python, string by string,
    where this writes each list of strings with its C string encoder at once."""
    out: list[str] = []
    _write_indented(value, "\n", out)
    return "".join(out)


_string = json.encoder.encode_basestring  # (the C one where there is one)


def _write_indented(value: object, newline: str, out: list[str]) -> None:
    """Append the pieces of `value` as indented JSON, at the indent `newline` ends with."""
    if isinstance(value, str):
        out.append(_string(value))
    elif type(value) is int:
        out.append(int.__repr__(value))
    elif value is None or value is True or value is False:
        out.append("null" if value is None else "true" if value else "false")
    elif isinstance(value, dict) and value and all(type(key) is str for key in value):
        inner = newline + "  "
        before = "{" + inner
        for key, item in value.items():
            out.append(before + _string(key) + ": ")
            _write_indented(item, inner, out)
            before = "," + inner
        out.append(newline + "}")
    elif isinstance(value, list | tuple) and value:
        inner = newline + "  "
        try:  # (a list of strings, such as a cell's notes: the most lists)
            out.append("[" + inner + f",{inner}".join(map(_string, value)) + newline + "]")
            return
        except TypeError:  # not all strings
            pass
        before = "[" + inner
        for item in value:
            out.append(before)
            _write_indented(item, inner, out)
            before = "," + inner
        out.append(newline + "]")
    else:  # a number, true, false, null, {}, [] (or a table keyed otherwise: as it would)
        out.append(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline))


class _JsonLocator:
    """Positions of values in JSON text, addressed like the TOML document."""

    def __init__(self, text: str) -> None:
        self._where: dict[KeyPath, Position] = {}
        self._lines = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self._lines.append(i + 1)
        self._text = text
        with contextlib.suppress(IndexError, ValueError):
            self._value(_skip(text, 0), ())

    def _pos(self, offset: int) -> Position:
        line = bisect.bisect_right(self._lines, offset)
        col = offset - self._lines[line - 1] + 1
        return Position(line, col, col)

    def _value(self, i: int, path: KeyPath) -> int:
        self._where.setdefault(path, self._pos(i))
        text = self._text
        if text[i] == "{":
            i = _skip(text, i + 1)
            while text[i] != "}":
                key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
                i = _skip(text, _skip(text, i) + 1)
                i = _skip(text, self._value(i, (*path, key)))
                if text[i] == ",":
                    i = _skip(text, i + 1)
            return i + 1
        if text[i] == "[":
            i, n = _skip(text, i + 1), 0
            while text[i] != "]":
                i = _skip(text, self._value(i, (*path, n)))
                n += 1
                if text[i] == ",":
                    i = _skip(text, i + 1)
            return i + 1
        _, end = json.JSONDecoder().raw_decode(text, i)
        return int(end)

    def find(self, path: KeyPath) -> Position:
        # the TOML document keeps a phase's notes in the phase; JSON under "cells"
        if len(path) >= 3 and path[0] == "phases" and path[2] not in _PHASE_KEYS:
            path = (*path[:2], "cells", *path[2:])
        while path:
            if path in self._where:
                return self._where[path]
            path = path[:-1]
        return Position(1)


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def loads(text: str, source: str = "<json>") -> JourneyMap:
    """Read a map from JSON text in the shape above; raises :class:`MapFileError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MapFileError(
            [Problem(error.lineno, error.colno, f"JSON syntax: {error.msg}", source)]
        ) from None
    except RecursionError:
        raise MapFileError([Problem(1, 1, "JSON nested too deeply", source)]) from None
    except ValueError:  # not a JSONDecodeError: an integer too long for Python's int()
        raise too_long_number(text, source) from None
    if not isinstance(data, dict):
        raise MapFileError([Problem(1, 1, "a map in JSON is one object {...}", source)])
    document: dict[str, Any] = {"cxtui": 1}
    persona_file = data.pop("persona_file", None)
    for key, value in data.items():
        if key == "phases" and isinstance(value, list):
            document["phases"] = [_flatten_phase(p) for p in value]
        elif value is not None:
            document[key] = value
    m = build_map(document, text, source, _JsonLocator)
    if persona_file is None:
        return m
    try:
        if not isinstance(persona_file, str):
            raise ModelError("persona_file names a file: a string")
        return replace(m, persona_file=persona_file)
    except ModelError as error:
        where = _JsonLocator(text).find(("persona_file",))
        raise MapFileError([Problem(where.line, where.value_col, str(error), source)]) from None


def _flatten_phase(phase: Any) -> Any:
    if not isinstance(phase, dict):
        return phase
    flat = {k: v for k, v in phase.items() if k != "cells" and v is not None}
    cells = phase.get("cells")
    if isinstance(cells, dict):
        for key, notes in cells.items():
            flat[key] = notes
    elif cells is not None:
        flat["cells"] = cells
    return flat
