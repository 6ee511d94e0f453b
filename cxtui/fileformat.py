"""The TOML file format (v1): reading with validation and positions, writing (through
:mod:`cxtui.saving`).

Reading never raises anything but :class:`MapFileError`, whose problems each
carry a file, line and column. See docs/format.md for the format itself.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, cast

import tomli_w

# The limits live in cxtui.limits (the model keeps them too); they stay importable from here.
from cxtui.limits import MAX_FILE_BYTES as MAX_FILE_BYTES
from cxtui.limits import MAX_LANES as MAX_LANES
from cxtui.limits import MAX_NOTES_PER_CELL as MAX_NOTES_PER_CELL
from cxtui.limits import MAX_PHASES as MAX_PHASES
from cxtui.limits import MAX_SCALE_STEPS as MAX_SCALE_STEPS
from cxtui.limits import MAX_TEXT_CHARS as MAX_TEXT_CHARS
from cxtui.locate import Locator, Position
from cxtui.locate import Path as KeyPath
from cxtui.model import (
    FORMAT_VERSION,
    LANE_KEY_PATTERN,
    LANE_KINDS,
    MAP_KINDS,
    RESERVED_PHASE_KEYS,
    EmotionScale,
    JourneyMap,
    Lane,
    LaneKind,
    MapKind,
    MermaidDetails,
    ModelError,
    Persona,
    Phase,
    front_matter_problem,
    is_colour,
    is_tag_name,
    mermaid_directive_problem,
    tag_key,
)
from cxtui.saving import SaveError as SaveError
from cxtui.saving import write_file
from cxtui.text import escaped

_PERSONA_KEYS = ("name", "role", "quote", "goals", "needs", "frustrations")
#: The key that says a TOML file is a shared persona file (and its format version).
PERSONA_FILE_KEY = "cxtui-persona"
_PERSONA_LISTS = frozenset({"goals", "needs", "frustrations"})
_TOP_KEYS = (
    "cxtui", "title", "kind", "description", "persona", "emotion_scale", "tags", "mermaid",
    "lanes", "phases",
)  # fmt: skip
_MERMAID_KEYS = ("acc_title", "directives", "front_matter", "section_breaks")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a map file, and where."""

    line: int
    col: int
    message: str
    source: str = ""

    def __str__(self) -> str:
        return escaped(f"{self.source}:{self.line}:{self.col}: {self.message}")


class MapFileError(Exception):
    """A map file that cannot be read; `problems` lists everything found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _one_of(choices: tuple[str, ...]) -> str:
    return ", ".join(choices)


# -- reading ---------------------------------------------------------------


def read_map(path: str | os.PathLike[str]) -> JourneyMap:
    """Read and validate the map file at `path`.

    Raises :class:`MapFileError` for anything wrong: a missing file, a folder,
    a file over the size limit, binary data, text that is not UTF-8 or not
    TOML, and every problem of content, each with its position.
    """
    source = os.fspath(path)
    return loads(read_text(source), source)


def read_text(path: str | os.PathLike[str]) -> str:
    """The UTF-8 text of the file at `path`, refused (:class:`MapFileError`) if it is
    missing, a folder, over the size limit, binary or not UTF-8."""
    source = os.fspath(path)

    def fail(message: str) -> MapFileError:
        return MapFileError([Problem(1, 1, message, source)])

    try:
        info = os.stat(source)
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as error:
        raise fail(f"cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise fail("is a folder, not a map file")
    if not stat.S_ISREG(info.st_mode):
        raise fail("is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise fail(f"file is too large ({info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,})")
    try:
        with open(source, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise fail(f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(f"file is too large (over {MAX_FILE_BYTES:,} bytes)")
    return decode_text(data, source)


def _position_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    last = before.rfind(b"\n")
    col = len(before[last + 1 :].decode("utf-8", "replace")) + 1
    return line, col


def decode_text(data: bytes, source: str) -> str:
    """`data` as text, refused if binary, not UTF-8 or empty (:class:`MapFileError`)."""

    def fail(message: str, line: int = 1, col: int = 1) -> MapFileError:
        return MapFileError([Problem(line, col, message, source)])

    if b"\x00" in data:
        line, col = _position_of_offset(data, data.index(b"\x00"))
        raise fail("binary data (a NUL byte), not a text file", line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _position_of_offset(data, error.start)
        raise fail(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)", line, col
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise fail("empty file")
    return text


def loads(text: str, source: str = "<map>") -> JourneyMap:
    """Validate TOML `text` and build the map; raises :class:`MapFileError`.

    A shared persona (``persona = "FILE"``) is read from FILE relative to the folder of
    `source`, unless `source` is no file (``<map>``): then the reference is kept alone."""
    return build_map(parse_toml(text, source), text, source)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """The TOML document of `text`; raises :class:`MapFileError`, positioned."""
    if not text.strip():
        raise MapFileError([Problem(1, 1, "empty file", source)])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        line = int(found.group(1)) if found else getattr(error, "lineno", 1)
        col = int(found.group(2)) if found else getattr(error, "colno", 1)
        message = _TOML_POSITION.sub("", message) if found else getattr(error, "msg", message)
        problem = Problem(line, col, f"TOML syntax: {message[:1].lower()}{message[1:]}", source)
        raise MapFileError([problem]) from None
    except RecursionError:
        raise MapFileError([Problem(1, 1, "TOML nested too deeply", source)]) from None
    except ValueError:  # not a TOMLDecodeError: an integer too long for Python's int()
        raise too_long_number(text, source) from None


class KeyLocator(Protocol):
    """Finds where a key path stands in a document's text."""

    def find(self, path: KeyPath) -> Position: ...


def build_map(
    document: Mapping[str, Any],
    text: str,
    source: str,
    locator: Callable[[str], KeyLocator] = Locator,
) -> JourneyMap:
    """Check a parsed document (TOML's shape) and build the map; raises :class:`MapFileError`.

    `locator` makes, from the document's text, what positions the problems.
    """
    return _Builder(text, source, locator).build(document)


class _Builder:
    """Checks a parsed document, collecting every problem with its position."""

    def __init__(self, text: str, source: str, locator: Callable[[str], KeyLocator]) -> None:
        self.text = text
        self.source = source
        self.problems: list[Problem] = []
        self._make_locator = locator
        self._locator: KeyLocator | None = None

    def problem(self, path: KeyPath, message: str, *, at_key: bool = False) -> None:
        if self._locator is None:
            self._locator = self._make_locator(self.text)
        pos = self._locator.find(path)
        col = pos.key_col if at_key else pos.value_col
        self.problems.append(Problem(pos.line, col, message, self.source))

    # small typed getters that record a problem and return a default

    def string(self, table: Mapping[str, Any], key: str, path: KeyPath, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            self.problem((*path, key), f"{key} must be a string, not {_type(value)}")
            return default
        if len(value) > MAX_TEXT_CHARS:
            self.problem(
                (*path, key),
                f"{key} is too long ({len(value):,} characters; at most {MAX_TEXT_CHARS:,})",
            )
            return value[:MAX_TEXT_CHARS]
        return value

    def strings(self, table: Mapping[str, Any], key: str, path: KeyPath) -> tuple[str, ...]:
        value = table.get(key, [])
        where = (*path, key)
        if not isinstance(value, list) or not all(type(v) is str for v in value):
            self.problem(where, f'{key} must be a list of strings, like ["one", "two"]')
            return ()
        if len(value) > MAX_NOTES_PER_CELL:
            self.problem(where, f"{key} has {len(value):,} entries; at most {MAX_NOTES_PER_CELL}")
            return ()
        longest = max(map(len, value), default=0)
        if longest > MAX_TEXT_CHARS:
            self.problem(
                where, f"{key} has an entry of {longest:,} characters; at most {MAX_TEXT_CHARS:,}"
            )
            return ()
        return tuple(value)

    def unknown_keys(self, table: Mapping[str, Any], path: KeyPath, known: tuple[str, ...]) -> None:
        for key in table:
            if key not in known:
                where = "at the top of the file" if not path else f"in [{path[0]}]"
                self.problem(
                    (*path, key), f"unknown key {key!r} {where}{_suggest(key, known)}", at_key=True
                )

    def table(self, document: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
        value = document.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem((key,), f"{key} must be a table ([{key}]), not {_type(value)}")
            return None
        return value

    def tables(self, document: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = document.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem((key,), f"{key} must be an array of tables ([[{key}]])")
            return []
        return value

    # the document

    def build(self, doc: Mapping[str, Any]) -> JourneyMap:
        huge = _huge_integer(doc, ())
        if huge is not None:  # (Python cannot even show it in a message past 4,300 digits)
            self.problem(huge, "this whole number is too large (a map's numbers fit in 64 bits)")
            raise MapFileError(self.problems)
        version = doc.get("cxtui")
        if version is None:
            self.problem((), "not a cxtui map: the format version `cxtui = 1` is missing")
        elif not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem(("cxtui",), f"the format version must be 1, not {version!r}")
        elif version > FORMAT_VERSION:
            self.problem(
                ("cxtui",),
                f"written by a newer cxtui (format {version}); this cxtui reads format "
                f"{FORMAT_VERSION}: upgrade cxtui to open it",
            )
            raise MapFileError(self.problems)
        self.unknown_keys(doc, (), _TOP_KEYS)

        if "title" not in doc:
            self.problem((), 'the map has no title (add `title = "..."`)')
        title = self.string(doc, "title", (), "")
        kind = self.string(doc, "kind", (), "current-state")
        if kind not in MAP_KINDS:
            self.problem(
                ("kind",),
                f"unknown map kind {kind!r}{_suggest(kind, MAP_KINDS)} "
                f"(one of {_one_of(MAP_KINDS)})",
            )
            kind = "current-state"
        description = doc.get("description")
        if description is not None:
            description = self.string(doc, "description", (), "")

        persona = self.persona(doc)
        reference = doc.get("persona")
        persona_file = reference if isinstance(reference, str) and reference.strip() else None
        scale = self.scale(doc)
        tags = self.tags(doc)
        mermaid = self.mermaid(doc)
        lanes = self.lanes(doc)
        phases = self.phases(doc, lanes, scale)

        if self.problems:
            raise MapFileError(self.problems)
        try:
            return JourneyMap(
                title=title,
                kind=cast(MapKind, kind),
                description=description,
                persona=persona,
                scale=scale,
                lanes=tuple(lanes),
                phases=tuple(phases),
                tags=tags,
                mermaid=mermaid,
                persona_file=persona_file,
            )
        except ModelError as error:  # a check above missed something: still positioned
            self.problem((), str(error))
            raise MapFileError(self.problems) from None

    def persona(self, doc: Mapping[str, Any]) -> Persona | None:
        reference = doc.get("persona")
        if isinstance(reference, str):
            return self.shared_persona(reference)
        table = self.table(doc, "persona")
        if table is None:
            return None
        return self.persona_fields(table, ("persona",))

    def shared_persona(self, reference: str) -> Persona | None:
        """The persona in the file `reference` names, relative to this map's file; its
        problems are reported at the reference."""
        if not reference.strip() or os.path.isabs(reference):
            self.problem(("persona",), "persona must name a file relative to the map's file")
            return None
        if self.source.startswith("<"):  # no file: nothing to resolve it against
            return None
        path = os.path.join(os.path.dirname(self.source), reference)
        try:
            return read_persona(path)
        except MapFileError as error:
            for inner in error.problems:
                where = (
                    f"{reference}:{inner.line}:{inner.col}"
                    if inner.line > 1 or inner.col > 1
                    else reference
                )
                self.problem(("persona",), f"the persona file {where}: {inner.message}")
            return None

    def persona_fields(self, table: Mapping[str, Any], path: KeyPath) -> Persona | None:
        """The persona of `table` (a map's [persona], or a persona file's top level)."""
        self.unknown_keys(table, path, _PERSONA_KEYS)
        fields: dict[str, Any] = {}
        for key in _PERSONA_KEYS:
            if key in _PERSONA_LISTS:
                fields[key] = self.strings(table, key, path)
            else:
                fields[key] = self.string(table, key, path, "")
        try:
            persona = Persona(**fields)
        except ModelError as error:  # a check above missed something
            self.problem(path, str(error))
            return None
        return persona

    def scale(self, doc: Mapping[str, Any]) -> EmotionScale:
        table = self.table(doc, "emotion_scale")
        if table is None:
            return EmotionScale()
        path: KeyPath = ("emotion_scale",)
        self.unknown_keys(table, path, ("min", "max"))
        bounds: dict[str, int] = {"min": -2, "max": 2}
        for key in bounds:
            value = table.get(key, bounds[key])
            if not _is_int(value):
                self.problem(
                    (*path, key), f"emotion_scale.{key} must be an integer, not {_type(value)}"
                )
            else:
                bounds[key] = value
        low, high = bounds["min"], bounds["max"]
        if low >= high or high - low > MAX_SCALE_STEPS:
            self.problem(
                path,
                f"emotion_scale must run from a min to a larger max, at most {MAX_SCALE_STEPS} "
                f"steps apart (found {low}..{high})",
            )
            return EmotionScale()
        return EmotionScale(low, high)

    def tags(self, doc: Mapping[str, Any]) -> dict[str, str]:
        table = self.table(doc, "tags")
        if table is None:
            return {}
        tags: dict[str, str] = {}
        first: dict[str, str] = {}  # tag name -> the key that gave it
        for tag, colour in table.items():
            name = tag_key(tag)
            if not is_tag_name(name):
                self.problem(
                    ("tags", tag),
                    f"{tag!r} cannot be a tag: a tag is a letter, then letters, digits, _ or - "
                    "(as in #pain)",
                    at_key=True,
                )
            elif name in first:
                self.problem(
                    ("tags", tag),
                    f"tag {tag!r} is tag {first[name]!r} again (tags ignore case)",
                    at_key=True,
                )
            elif not isinstance(colour, str) or not is_colour(colour):
                self.problem(
                    ("tags", tag),
                    f'tag {tag!r}: {colour!r} is not a colour (a name like "red", or "#rrggbb")',
                )
            else:
                first[name] = tag
                tags[name] = colour
        return tags

    def mermaid(self, doc: Mapping[str, Any]) -> MermaidDetails | None:
        table = self.table(doc, "mermaid")
        if table is None:
            return None
        path: KeyPath = ("mermaid",)
        self.unknown_keys(table, path, _MERMAID_KEYS)
        acc_title = self.string(table, "acc_title", path, "")
        directives = self.strings(table, "directives", path)
        for i, directive in enumerate(directives):
            problem = mermaid_directive_problem(directive.strip())
            if problem:
                self.problem((*path, "directives", i), problem)
                directives = ()
        front_matter = self.string(table, "front_matter", path, "")
        problem = front_matter_problem(front_matter)
        if problem:
            self.problem((*path, "front_matter"), problem)
            front_matter = ""
        breaks = table.get("section_breaks", [])
        if (
            not isinstance(breaks, list)
            or not all(_is_int(b) and 1 < b <= MAX_PHASES for b in breaks)
            or breaks != sorted(set(breaks))
        ):
            self.problem(
                (*path, "section_breaks"),
                "section_breaks must list phase numbers (from 2 up, each once, in order), "
                "like [3, 5]",
            )
            breaks = []
        try:
            return MermaidDetails(acc_title, directives, front_matter, tuple(breaks))
        except ModelError as error:  # a check above missed something
            self.problem(path, str(error))
            return None

    def lanes(self, doc: Mapping[str, Any]) -> list[Lane]:
        tables = self.tables(doc, "lanes")
        if not tables and "lanes" not in doc:
            self.problem((), "the map has no lanes (add a [[lanes]] table)")
        if len(tables) > MAX_LANES:
            # reported once; the lanes are still read, so that the phases' notes for
            # them are not reported as notes for no lane
            self.problem(("lanes",), f"too many lanes ({len(tables)}; at most {MAX_LANES})")
        lanes: list[Lane] = []
        seen: dict[str, int] = {}
        emotion_lanes = 0
        for i, table in enumerate(tables):
            path: KeyPath = ("lanes", i)
            self.unknown_keys(table, path, ("key", "title", "kind"))
            if "key" not in table:
                self.problem(path, f'lane {i + 1} has no key (add `key = "..."`)')
                continue
            key = self.string(table, "key", path, "")
            title = self.string(table, "title", path, key.replace("_", " ").capitalize())
            kind = self.string(table, "kind", path, "text")
            ok = True
            if not LANE_KEY_PATTERN.match(key) or key in RESERVED_PHASE_KEYS:
                reason = (
                    "is reserved for phases"
                    if key in RESERVED_PHASE_KEYS
                    else "must be lower-case letters, digits and _, starting with a letter"
                )
                self.problem((*path, "key"), f"lane key {key!r} {reason}")
                ok = False
            elif key in seen:
                self.problem(
                    (*path, "key"), f"duplicate lane key {key!r} (lane {seen[key] + 1} has it too)"
                )
                ok = False
            if kind not in LANE_KINDS:
                self.problem(
                    (*path, "kind"),
                    f"unknown lane kind {kind!r}{_suggest(kind, LANE_KINDS)} "
                    f"(one of {_one_of(LANE_KINDS)})",
                )
                ok = False
            elif kind == "emotion":
                emotion_lanes += 1
                if emotion_lanes > 1:
                    self.problem((*path, "kind"), "a map has one emotion lane at most")
                    ok = False
            if ok:
                seen[key] = i
                try:
                    lanes.append(Lane(key=key, title=title, kind=cast(LaneKind, kind)))
                except ModelError as error:  # a check above missed something
                    self.problem(path, str(error))
        return lanes

    def phases(self, doc: Mapping[str, Any], lanes: list[Lane], scale: EmotionScale) -> list[Phase]:
        tables = self.tables(doc, "phases")
        if not tables and "phases" not in doc:
            self.problem((), "the map has no phases (add a [[phases]] table)")
        if len(tables) > MAX_PHASES:
            self.problem(("phases",), f"too many phases ({len(tables):,}; at most {MAX_PHASES:,})")
            return []
        text_keys = [lane.key for lane in lanes if lane.kind == "text"]
        emotion_keys = {lane.key for lane in lanes if lane.kind == "emotion"}
        phases: list[Phase] = []
        for i, table in enumerate(tables):
            path: KeyPath = ("phases", i)
            if "title" not in table:
                self.problem(path, f'phase {i + 1} has no title (add `title = "..."`)')
            title = self.string(table, "title", path, "")
            stage = table.get("stage")
            if stage is not None:
                stage = self.string(table, "stage", path, "") or None
            emotion = table.get("emotion")
            if emotion is not None:
                if not _is_int(emotion):
                    self.problem(
                        (*path, "emotion"),
                        f"emotion must be an integer from {scale.min} to {scale.max}, "
                        f"not {_type(emotion)} {emotion!r}",
                    )
                    emotion = None
                elif emotion not in scale:
                    self.problem(
                        (*path, "emotion"),
                        f"emotion {emotion} is outside the scale {scale.min}..{scale.max}",
                    )
                    emotion = None
            link = table.get("link")
            if link is not None:
                link = self.string(table, "link", path, "") or None
                if link is not None and os.path.isabs(link):
                    self.problem((*path, "link"), "link must name a map file relative to this one")
                    link = None
            cells: dict[str, tuple[str, ...]] = {}
            for key in table:
                if key in RESERVED_PHASE_KEYS:
                    continue
                if key in emotion_keys:
                    self.problem(
                        (*path, key),
                        f"{key!r} is the emotion lane: rate the phase with `emotion = N` instead",
                        at_key=True,
                    )
                elif key not in text_keys:
                    self.problem(
                        (*path, key),
                        f"phase {title or i + 1!r} has notes for {key!r}, which is no lane"
                        f"{_suggest(key, text_keys)}",
                        at_key=True,
                    )
                else:
                    cells[key] = self.strings(table, key, path)
            try:
                phases.append(
                    Phase(title=title, stage=stage, emotion=emotion, cells=cells, link=link)
                )
            except ModelError as error:  # a check above missed something
                self.problem(path, str(error))
        return phases


def read_persona(path: str | os.PathLike[str]) -> Persona | None:
    """The persona in the shared persona file at `path` (its keys are a map's [persona]
    keys, at the top; ``cxtui-persona = 1`` may say what it is); raises MapFileError."""
    source = os.fspath(path)
    text = read_text(source)
    doc = dict(parse_toml(text, source))
    version = doc.pop(PERSONA_FILE_KEY, 1)
    builder = _Builder(text, source, Locator)
    if version != 1:
        builder.problem((PERSONA_FILE_KEY,), f"the persona file format must be 1, not {version!r}")
    persona = builder.persona_fields(doc, ())
    if builder.problems:
        raise MapFileError(builder.problems)
    return persona


def _huge_integer(value: object, path: KeyPath) -> KeyPath | None:
    """The path of the first integer in `value` outside TOML's 64-bit range, if any."""
    items: Iterable[tuple[str | int, object]]
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if type(item) is int:  # (not a bool; tomllib and json make exactly int)
            if not _INT64_MIN <= item < _INT64_END:
                return (*path, key)
        elif isinstance(item, dict) or (
            isinstance(item, list) and not set(map(type, item)) <= _STRINGS_ONLY
        ):
            found = _huge_integer(item, (*path, key))  # (a list of notes is not walked)
            if found is not None:
                return found
    return None


_INT64_MIN, _INT64_END = -(2**63), 2**63
_STRINGS_ONLY = frozenset({str})


def too_long_number(text: str, source: str) -> MapFileError:
    """The problem of a parser that refused a number too long for Python's int (more than
    4,300 digits): where the first such run of digits is in `text`."""
    found = _LONG_DIGITS.search(text)
    offset = found.start() if found else 0
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    message = "a whole number of more than 4,300 digits (a map's numbers fit in 64 bits)"
    return MapFileError([Problem(line, col, message, source)])


_LONG_DIGITS = re.compile(r"[0-9][0-9_]{4299,}")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a number",
             list: "an array", dict: "a table"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


# -- writing ---------------------------------------------------------------


def _dumps(table: Mapping[str, Any]) -> str:
    return tomli_w.dumps(table, multiline_strings=True)


def dumps(m: JourneyMap) -> str:
    """The TOML text of `m`, keys in a stable order, one note per line."""
    top: dict[str, Any] = {"cxtui": m.version, "title": m.title, "kind": m.kind}
    if m.description is not None:
        top["description"] = m.description
    if m.persona_file is not None:
        top["persona"] = m.persona_file  # shared: the reference, never the persona itself
    parts = [_dumps(top)]
    if m.persona is not None and m.persona_file is None:
        parts.append("[persona]\n" + _dumps(_persona_table(m.persona)))
    parts.append("[emotion_scale]\n" + _dumps({"min": m.scale.min, "max": m.scale.max}))
    if m.tags:
        parts.append("[tags]\n" + _dumps(dict(m.tags)))
    if m.mermaid is not None:
        parts.append("[mermaid]\n" + _dumps(mermaid_table(m.mermaid)))
    for lane in m.lanes:
        parts.append(
            "[[lanes]]\n" + _dumps({"key": lane.key, "title": lane.title, "kind": lane.kind})
        )
    text_keys = [lane.key for lane in m.text_lanes]
    for phase in m.phases:
        table: dict[str, Any] = {"title": phase.title}
        if phase.stage is not None:
            table["stage"] = phase.stage
        if phase.emotion is not None:
            table["emotion"] = phase.emotion
        if phase.link is not None:
            table["link"] = phase.link
        for key in text_keys:
            table[key] = list(phase.notes(key))
        parts.append("[[phases]]\n" + _dumps(table))
    return "\n".join(parts)


def _persona_table(persona: Persona) -> dict[str, Any]:
    fields = {k: getattr(persona, k) for k in _PERSONA_KEYS if getattr(persona, k)}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}


def persona_dumps(persona: Persona) -> str:
    """The TOML text of a shared persona file holding `persona`."""
    return _dumps({PERSONA_FILE_KEY: 1} | _persona_table(persona))


def save_persona(persona: Persona, path: str | os.PathLike[str]) -> None:
    """Write the shared persona file at `path` (see :mod:`cxtui.saving`)."""
    write_file(path, persona_dumps(persona))


def mermaid_table(details: MermaidDetails) -> dict[str, Any]:
    """The ``[mermaid]`` table of `details`, without its empty keys."""
    table: dict[str, Any] = {
        "acc_title": details.acc_title,
        "directives": list(details.directives),
        "front_matter": details.front_matter,
        "section_breaks": list(details.section_breaks),
    }
    return {key: value for key, value in table.items() if value}


def _too_large(size: int) -> str:
    return (
        f"the map is too large to save: its file would be {size:,} bytes, and a map file "
        f"holds at most {MAX_FILE_BYTES:,}"
    )


def check_savable(m: JourneyMap) -> list[str]:
    """Why `m` could not be saved and opened again (empty when it can).

    The map is written as its file would be and read back: the one check before
    anything (a save, a recovery copy, ``new``, ``import``) writes a map file, so
    that no edit is traded for a file cxtui refuses. :func:`save_map` checks the
    size itself.
    """
    problems = m.problems()
    if problems:
        return problems
    try:
        text = dumps(m)
    except (ValueError, TypeError) as error:
        return [f"it cannot be written as a map file: {error}"]
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        return [_too_large(size)]
    try:
        loads(text)
    except MapFileError as error:
        return [f"the file would not load back: {error}"]
    return []


def save_map(m: JourneyMap, path: str | os.PathLike[str]) -> None:
    """Write `m` to `path` (see :mod:`cxtui.saving`).

    Raises :class:`SaveError`, leaving the file as it was, if the file would be
    too large to open again.
    """
    text = dumps(m)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise SaveError(errno.EFBIG, f"cannot save {path}: {_too_large(size)}")
    write_file(path, text)
