"""Finding where a key of a TOML document stands, for positioned messages.

tomllib parses to plain dicts with no positions. This scanner reads the text
line by line and records, for every ``key = value`` at the top of a table,
its line and columns, addressed like the parsed data: ``("title",)``,
``("persona", "name")``, ``("phases", 2, "emotion")`` (array-of-tables
entries counted from 0; the array itself, ``("phases",)``, stands at its first
table). Lines are counted as TOML counts them, at "\n" only. It knows enough
TOML (strings, multi-line strings and arrays, comments) not to be fooled by
text inside a value, and if it is fooled anyway the message merely points at a
nearby line.
"""

from __future__ import annotations

import re
import tomllib

from cxtui.record import record

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY_PART = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_\-]+)"""
_KEY = re.compile(rf"^(\s*)({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=\s*")


@record
class Position:
    """A 1-based line and the 1-based columns of a key and of its value."""

    line: int
    key_col: int = 1
    value_col: int = 1


def _unquote(key: str) -> str:
    key = key.strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def _key_parts(key: str) -> tuple[str, ...]:
    """The parts of a (dotted, maybe quoted) TOML key, as the parsed data names them."""
    if '"' not in key and "'" not in key:  # the common case, kept fast
        return tuple(part.strip() for part in key.split("."))
    try:  # quotes: let TOML itself read the escapes (\u001b...) and dots in quotes
        parsed: object = tomllib.loads(key + " = 0")
    except tomllib.TOMLDecodeError:
        return tuple(_unquote(part) for part in key.split("."))
    parts: list[str] = []
    while isinstance(parsed, dict) and len(parsed) == 1:
        ((name, parsed),) = parsed.items()
        parts.append(name)
    return tuple(parts)


class Locator:
    """Positions of the keys and tables of one TOML text."""

    def __init__(self, text: str) -> None:
        self._where: dict[Path, Position] = {}
        self._scan(text)

    def find(self, path: Path) -> Position:
        """The position of `path`, or of its nearest enclosing table, or line 1."""
        while path:
            if path in self._where:
                return self._where[path]
            path = path[:-1]
        return Position(1)

    def _scan(self, text: str) -> None:
        counts: dict[str, int] = {}
        table: Path = ()
        depth = 0  # open brackets/braces of a multi-line value
        in_multiline: str | None = None  # the quote that closes a multi-line string
        # TOML breaks lines at "\n" only (a "\r" before it is part of the break):
        # str.splitlines() would also break at U+2028, U+0085, form feeds... which
        # may stand raw inside strings, and shift every position after them.
        for number, line in enumerate(text.split("\n"), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if depth == 0:
                header = _HEADER.match(line)
                if header:
                    name = header.group(2).strip()
                    col = line.index(header.group(1)) + 1
                    if header.group(1) == "[[":
                        index = counts.get(name, -1) + 1
                        counts[name] = index
                        array = _key_parts(name)
                        # the array as a whole stands at its first table
                        self._where.setdefault(array, Position(number, col, col))
                        table = (*array, index)
                    else:
                        table = _key_parts(name)
                    self._where.setdefault(table, Position(number, col, col))
                    continue
                key = _KEY.match(line)
                if key:
                    parts = _key_parts(key.group(2))
                    where = Position(number, len(key.group(1)) + 1, key.end() + 1)
                    # a dotted key (votes.ideas."x") also stands for the tables it opens
                    for end in range(1, len(parts) + 1):
                        self._where.setdefault((*table, *parts[:end]), where)
                    rest = line[key.end() :]
                else:
                    rest = line
            else:
                rest = line
            depth, in_multiline = _track(rest, depth)


def _track(rest: str, depth: int) -> tuple[int, str | None]:
    """Follow brackets and strings through the rest of a line."""
    i = 0
    while i < len(rest):
        ch = rest[i]
        if ch == "#":
            break
        if rest.startswith('"""', i) or rest.startswith("'''", i):
            quote = rest[i : i + 3]
            end = rest.find(quote, i + 3)
            if end < 0:
                return depth, quote
            i = end + 3
            continue
        if ch == '"':
            i += 1
            while i < len(rest) and rest[i] != '"':
                i += 2 if rest[i] == "\\" else 1
        elif ch == "'":
            end = rest.find("'", i + 1)
            i = len(rest) if end < 0 else end
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return depth, None
