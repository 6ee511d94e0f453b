"""The TOML file format (v1): reading with validation and positions, writing (through
:mod:`cxtui.saving`).

Reading never raises anything but :class:`MapFileError`, whose problems each
carry a file, line and column. See docs/format.md for the format itself.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, Protocol, cast

from cxtui.limits import MAX_FILE_BYTES as MAX_FILE_BYTES
from cxtui.limits import MAX_LANES as MAX_LANES
from cxtui.limits import MAX_NOTES_PER_CELL as MAX_NOTES_PER_CELL
from cxtui.limits import MAX_PHASES as MAX_PHASES
from cxtui.limits import MAX_SCALE_STEPS as MAX_SCALE_STEPS
from cxtui.limits import MAX_TEXT_CHARS as MAX_TEXT_CHARS
from cxtui.locate import Locator, Position
from cxtui.locate import Path as KeyPath
from cxtui.model import (
    CONFLICT_FIELDS,
    FORMAT_VERSION,
    LANE_KEY_PATTERN,
    LANE_KINDS,
    LANE_ROLES,
    MAP_KINDS,
    PHASE_ID_PATTERN,
    RESERVED_PHASE_KEYS,
    Conflict,
    ConflictValue,
    EmotionScale,
    JourneyMap,
    Lane,
    LaneKind,
    LaneRole,
    MapKind,
    MarkName,
    MermaidDetails,
    ModelError,
    Persona,
    Phase,
    front_matter_problem,
    implied_role,
    is_colour,
    is_tag_name,
    mark_problem,
    mermaid_directive_problem,
    ordered_marks,
    phase_ids,
    tag_key,
)

# The limits live in cxtui.limits (the model keeps them too); they stay importable from here.
from cxtui.record import record
from cxtui.saving import SaveError as SaveError
from cxtui.saving import write_file
from cxtui.text import clean_line, escaped

_PERSONA_KEYS = ("name", "role", "quote", "goals", "needs", "frustrations")
#: The key that says a TOML file is a shared persona file (and its format version).
PERSONA_FILE_KEY = "cxtui-persona"
_PERSONA_LISTS = frozenset({"goals", "needs", "frustrations"})
_TOP_KEYS = (
    "cxtui", "title", "kind", "description", "persona", "emotion_scale", "tags", "mermaid",
    "blueprint_lines", "lanes", "phases", "conflicts",
)  # fmt: skip
_MERMAID_KEYS = ("acc_title", "directives", "front_matter", "section_breaks")
_CONFLICT_KEYS = ("field", "phase", "key", "base", "ours", "theirs")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


@record(order=True)
class Problem:
    """One thing wrong with a map file, and where (line 0: the file as a whole, e.g.
    a missing file, which has no position worth a number)."""

    line: int
    col: int
    message: str
    source: str = ""

    def __str__(self) -> str:
        if self.line <= 0:
            return escaped(f"{self.source}: {self.message}")
        return escaped(f"{self.source}:{self.line}:{self.col}: {self.message}")


class MapFileError(Exception):
    """A map file that cannot be read; `problems` lists everything found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    import difflib  # only for a misspelt key: not on every command's start

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
        return MapFileError([Problem(0, 0, message, source)])  # the file as a whole

    try:
        info = os.stat(source)
    except FileNotFoundError:
        close = close_file_name(source)
        raise fail(f"no such file (did you mean {close}?)" if close else "no such file") from None
    except OSError as error:
        raise fail(f"cannot read: {error.strerror or error}") from None
    except ValueError:  # a NUL in the name: no file can have it
        raise fail("no such file (its name holds a NUL character)") from None
    if stat.S_ISDIR(info.st_mode):
        raise fail("is a folder, not a map file")
    if not stat.S_ISREG(info.st_mode):
        raise fail("is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise fail(f"file is too large ({info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,})")
    try:
        with open(source, "rb") as stream:
            # its size and one byte more (a buffer of the limit's size would be allocated
            # for every file, ~25 µs each); then on to the limit if it grew since `stat`
            data = stream.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += stream.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as error:
        raise fail(f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(f"file is too large (over {MAX_FILE_BYTES:,} bytes)")
    return decode_text(data, source)


def close_file_name(path: str | os.PathLike[str]) -> str | None:
    """The name of a file beside `path` (which does not exist) that is close to its name,
    a likely misspelling (``mrata.toml`` for ``marta.toml``), or None."""
    where = Path(path)
    folder = where.parent
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.is_file() and entry.name.endswith(where.suffix)
        )
    except OSError:
        return None
    import difflib  # only for a missing file: not on every command's start

    close = difflib.get_close_matches(where.name, names, n=1, cutoff=0.75)
    return close[0] if close else None


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
    if not text or text.isspace():  # (as `not text.strip()`, without copying the text)
        raise fail("empty file")
    return text


#: Files of at least this many characters (a map of some 25 phases) open with a preview
#: of their first phases: reading the rest after the first frame takes it from 6 ms at 60
#: phases (pure-Python tomllib) to about 2 ms.
PREVIEW_CHARS = 16 * 1024
#: Phases in a preview: more than the widest terminal shows at once.
PREVIEW_PHASES = 16


def preview_map(
    text: str, source: str = "<map>", phases: int = PREVIEW_PHASES
) -> JourneyMap | None:
    """The map of `text` cut before its phase number `phases + 1`, read in a few
    milliseconds to paint a first screen while the whole text is read; never instead of
    that. None when the text is not laid out as cxtui writes it (after the cut, nothing
    but phase tables) or the part before the cut does not load on its own."""
    marker = "\n[[phases]]"
    cut = -1
    for _ in range(phases + 1):
        cut = text.find(marker, cut + 1)
        if cut < 0:
            return None
    if text.count("\n[", cut) != text.count(marker, cut):
        return None  # other tables after the phases
    try:
        return loads(text[: cut + 1], source)
    except MapFileError:
        return None


def count_phase_tables(text: str) -> int:
    """The number of ``[[phases]]`` tables in `text` laid out as cxtui writes it (each
    header at the start of a line): a preview's whole map, counted without reading it."""
    return text.count("\n[[phases]]") + text.startswith("[[phases]]")


def loads(text: str, source: str = "<map>") -> JourneyMap:
    """Validate TOML `text` and build the map; raises :class:`MapFileError`.

    A shared persona (``persona = "FILE"``) is read from FILE relative to the folder of
    `source`, unless `source` is no file (``<map>``): then the reference is kept alone."""
    return build_map(parse_toml(text, source), text, source)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """The TOML document of `text`; raises :class:`MapFileError`, positioned."""
    if not text or text.isspace():
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
            self.refuse_huge_integer((*path, key), value)
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
        if type(value) is list and len(value) <= MAX_NOTES_PER_CELL and _short_strings(value):
            return tuple(value)
        where = (*path, key)
        self.refuse_huge_integer(where, value)
        if not isinstance(value, list) or not all(type(v) is str for v in value):
            self.problem(where, f'{key} must be a list of strings, like ["one", "two"]')
        elif len(value) > MAX_NOTES_PER_CELL:
            self.problem(where, f"{key} has {len(value):,} entries; at most {MAX_NOTES_PER_CELL}")
        elif max(map(len, value)) > MAX_TEXT_CHARS:
            longest = max(map(len, value))
            self.problem(
                where, f"{key} has an entry of {longest:,} characters; at most {MAX_TEXT_CHARS:,}"
            )
        else:  # long notes, each within the limit
            return tuple(value)
        return ()

    def refuse_huge_integer(self, path: KeyPath, value: object) -> None:
        """Raise the one problem of a map holding an integer outside TOML's 64 bits when
        `value` (at `path`) holds one (Python cannot even show it past 4,300 digits)."""
        found = _huge_integer({path[-1]: value}, path[:-1]) if path else _huge_integer(value, ())
        if found is not None:
            self.problems.clear()
            self.problem(found, "this whole number is too large (a map's numbers fit in 64 bits)")
            raise MapFileError(self.problems)

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
        # The phases are looked at for integers past 64 bits as they are read (the most
        # of a map: walking them twice cost a seventh of reading 300 maps).
        self.refuse_huge_integer((), {key: doc[key] for key in doc if key != "phases"})
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

        blueprint_lines = doc.get("blueprint_lines", True)
        if not isinstance(blueprint_lines, bool):
            self.problem(
                ("blueprint_lines",),
                f"blueprint_lines must be true or false, not {_type(blueprint_lines)}",
            )
            blueprint_lines = True
        persona = self.persona(doc)
        reference = doc.get("persona")
        persona_file = reference if isinstance(reference, str) and reference.strip() else None
        scale = self.scale(doc)
        tags = self.tags(doc)
        mermaid = self.mermaid(doc)
        lanes = self.lanes(doc)
        phases = self.phases(doc, lanes, scale)
        conflicts = self.conflicts(doc) if "conflicts" in doc else []

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
                conflicts=tuple(conflicts),
                persona_file=persona_file,
                blueprint_lines=blueprint_lines,
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
        if not reference.strip() or os.path.isabs(reference) or not reference.isprintable():
            # (a control character, NUL included, is no part of a file name to follow)
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
            self.unknown_keys(table, path, ("key", "title", "kind", "role"))
            if "key" not in table:
                self.problem(path, f'lane {i + 1} has no key (add `key = "..."`)')
                continue
            key = self.string(table, "key", path, "")
            title = self.string(table, "title", path, key.replace("_", " ").capitalize())
            kind = self.string(table, "kind", path, "text")
            role = self.role(table, path)
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
                    lane_kind = cast(LaneKind, kind)
                    lanes.append(Lane(key, title, lane_kind, role or implied_role(key, lane_kind)))
                except ModelError as error:  # a check above missed something
                    self.problem(path, str(error))
        return lanes

    def role(self, table: Mapping[str, Any], path: KeyPath) -> LaneRole | None:
        """The lane's declared role, or None (then its key implies it)."""
        if "role" not in table:
            return None
        role = self.string(table, "role", path, "")
        if role not in LANE_ROLES:
            self.problem(
                (*path, "role"),
                f"unknown lane role {role!r}{_suggest(role, LANE_ROLES)} "
                f"(one of {_one_of(LANE_ROLES)})",
            )
            return None
        return role

    def phases(self, doc: Mapping[str, Any], lanes: list[Lane], scale: EmotionScale) -> list[Phase]:
        """The phases, each value checked for integers past 64 bits by what reads it (a
        cell of notes by :meth:`strings`, a text by :meth:`string`), or here."""
        tables = self.tables(doc, "phases")
        if not tables and "phases" not in doc:
            self.problem((), "the map has no phases (add a [[phases]] table)")
        if not tables or len(tables) > MAX_PHASES:
            self.refuse_huge_integer(("phases",), doc.get("phases"))
        if len(tables) > MAX_PHASES:
            self.problem(("phases",), f"too many phases ({len(tables):,}; at most {MAX_PHASES:,})")
            return []
        text_keys = [lane.key for lane in lanes if lane.kind == "text"]
        text_key_set = set(text_keys)
        emotion_keys = {lane.key for lane in lanes if lane.kind == "emotion"}
        given_ids: list[tuple[str, str]] = []  # (title, id or "")
        made: list[PlainPhase | Callable[..., Phase]] = []  # a phase's fields, or its maker
        ids: dict[str, int] = {}
        plain_keys = text_key_set | _PLAIN_PHASE_KEYS
        for i, table in enumerate(tables):
            path: KeyPath = ("phases", i)
            phase_id = self.phase_id(table, path, i, ids)
            plain = _plain_phase(table, plain_keys, scale)
            if plain is not None:  # (most phases: proved at once, made without a recheck)
                given_ids.append((plain[0], phase_id))
                made.append(plain)
                continue
            if "title" not in table:
                self.problem(path, f'phase {i + 1} has no title (add `title = "..."`)')
            title = self.string(table, "title", path, "")
            stage = table.get("stage")
            if stage is not None:
                stage = self.string(table, "stage", path, "") or None
            emotion = table.get("emotion")
            if emotion is not None:
                if not (type(emotion) is int and _INT64_MIN <= emotion < _INT64_END):
                    self.refuse_huge_integer((*path, "emotion"), emotion)
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
                if key in text_key_set:  # (the most keys: tested first)
                    cells[key] = self.strings(table, key, path)
                    continue
                if key in ("votes", "marks") or key not in RESERVED_PHASE_KEYS:
                    self.refuse_huge_integer((*path, key), table[key])
                if key in RESERVED_PHASE_KEYS:
                    continue
                if key in emotion_keys:
                    self.problem(
                        (*path, key),
                        f"{key!r} is the emotion lane: rate the phase with `emotion = N` instead",
                        at_key=True,
                    )
                else:
                    self.problem(
                        (*path, key),
                        f"phase {title or i + 1!r} has notes for {key!r}, which is no lane"
                        f"{_suggest(key, text_keys)}",
                        at_key=True,
                    )
            votes = self.votes(table, path, text_keys) if "votes" in table else {}
            marks = self.marks(table, path, text_keys, cells) if "marks" in table else {}
            given_ids.append((clean_line(title), phase_id))
            made.append(
                partial(Phase, title=title, stage=stage, emotion=emotion, cells=cells,
                        votes=votes, link=link, marks=marks)
            )  # fmt: skip
        # Each phase is made once, with its id (a map gives a missing one by remaking it).
        phases: list[Phase] = []
        for i, (phase, phase_id) in enumerate(zip(made, phase_ids(given_ids), strict=True)):
            if isinstance(phase, tuple):
                phases.append(Phase.of_checked_fields(*phase, phase_id))
                continue
            try:
                phases.append(phase(id=phase_id))
            except ModelError as error:  # a check above missed something
                self.problem(("phases", i), str(error))
        return phases

    def votes(
        self, table: Mapping[str, Any], path: KeyPath, text_keys: list[str]
    ) -> dict[tuple[str, str], tuple[str, ...]]:
        """A phase's ``votes.LANE."note" = ["voter", ...]`` lines."""
        votes: dict[tuple[str, str], tuple[str, ...]] = {}
        lanes = table["votes"]
        where = (*path, "votes")
        if not isinstance(lanes, dict):
            self.problem(where, 'votes are written votes.LANE."note" = ["name", ...]')
            return votes
        for lane, notes in lanes.items():
            if lane not in text_keys:
                self.problem(
                    (*where, lane),
                    f"votes for notes of {lane!r}, which is no text lane"
                    f"{_suggest(lane, text_keys)}",
                    at_key=True,
                )
                continue
            if not isinstance(notes, dict):
                self.problem((*where, lane), f'votes are written votes.{lane}."note" = [...]')
                continue
            for note in notes:
                voters = self.strings(notes, note, (*where, lane))
                votes[(lane, note)] = voters
        return votes

    def marks(
        self,
        table: Mapping[str, Any],
        path: KeyPath,
        text_keys: list[str],
        cells: Mapping[str, tuple[str, ...]],
    ) -> dict[tuple[str, str], tuple[MarkName, ...]]:
        """A phase's ``marks.LANE."note" = ["fail", ...]`` lines: known marks, on notes
        the phase has, one judgment at most."""
        marks: dict[tuple[str, str], tuple[MarkName, ...]] = {}
        lanes = table["marks"]
        where = (*path, "marks")
        if not isinstance(lanes, dict):
            self.problem(where, 'marks are written marks.LANE."note" = ["fail", ...]')
            return marks
        for lane, notes in lanes.items():
            if lane not in text_keys:
                self.problem(
                    (*where, lane),
                    f"marks on notes of {lane!r}, which is no text lane{_suggest(lane, text_keys)}",
                    at_key=True,
                )
                continue
            if not isinstance(notes, dict):
                self.problem((*where, lane), f'marks are written marks.{lane}."note" = [...]')
                continue
            for note, value in notes.items():
                at = (*where, lane, note)
                names = self.strings(notes, note, (*where, lane))
                if not names and value != []:
                    continue  # strings() reported it
                if note not in cells.get(lane, ()):
                    self.problem(
                        at, f"marks on {note!r}, which is no note of {lane!r}", at_key=True
                    )
                    continue
                problem = mark_problem(names)
                if problem:
                    self.problem(at, problem)
                    continue
                marked = ordered_marks(names)
                if marked:
                    marks[(lane, note)] = marked
        return marks

    def conflicts(self, doc: Mapping[str, Any]) -> list[Conflict]:
        conflicts: list[Conflict] = []
        for i, table in enumerate(self.tables(doc, "conflicts")):
            path: KeyPath = ("conflicts", i)
            self.unknown_keys(table, path, _CONFLICT_KEYS)
            field = self.string(table, "field", path, "")
            if field not in CONFLICT_FIELDS:
                self.problem(
                    (*path, "field") if "field" in table else path,
                    f"unknown conflict field {field!r}{_suggest(field, sorted(CONFLICT_FIELDS))}",
                )
                continue
            names = {n: self.string(table, n, path, "") or None for n in ("phase", "key")}
            values: dict[str, ConflictValue] = {}
            for side in ("base", "ours", "theirs"):
                value = table.get(side)
                if isinstance(value, list):
                    values[side] = self.strings(table, side, path)
                elif value is None or isinstance(value, str) or _is_int(value):
                    values[side] = value
                else:
                    self.problem(
                        (*path, side),
                        f"{side} must be a number, a string or a list of strings, "
                        f"not {_type(value)}",
                    )
            try:
                conflicts.append(Conflict(field, names["phase"], names["key"], **values))
            except ModelError as error:
                self.problem(path, str(error))
        return conflicts

    def phase_id(
        self, table: Mapping[str, Any], path: KeyPath, index: int, ids: dict[str, int]
    ) -> str:
        """The phase's `id` ("" when absent: the map gives it one); `ids` records it."""
        if "id" not in table:
            return ""
        phase_id = self.string(table, "id", path, "")
        if not PHASE_ID_PATTERN.match(phase_id):
            self.problem(
                (*path, "id"),
                f"phase id {phase_id!r} must be 1 to 32 lower-case letters, digits, _ or -, "
                "starting with a letter or digit",
            )
            return ""
        if phase_id in ids:
            self.problem(
                (*path, "id"),
                f"duplicate phase id {phase_id!r} (phase {ids[phase_id] + 1} has it too); "
                "delete this line and cxtui gives the phase a new one",
            )
            return ""
        ids[phase_id] = index
        return phase_id


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
    if type(value) is dict and _short_strings(list(value.values())):
        return None  # (a table of texts, such as a lane: the most tables)
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
        elif isinstance(item, dict) or (isinstance(item, list) and not _short_strings(item)):
            found = _huge_integer(item, (*path, key))  # (a list of notes is not walked)
            if found is not None:
                return found
    return None


#: The keys a phase read by :func:`_plain_phase` may have, besides its lanes' notes.
_PLAIN_PHASE_KEYS = frozenset({"id", "title", "stage", "emotion"})
_LIST_TYPE = frozenset({list})

PlainPhase = tuple[str, str | None, int | None, dict[str, tuple[str, ...]]]


def _plain_phase(
    table: Mapping[str, Any], plain_keys: set[str], scale: EmotionScale
) -> PlainPhase | None:
    """A phase table's title, stage, emotion and cells if it is the common case, proved in
    C a whole phase at once: only text lanes' notes and a title, stage, emotion and id;
    every text a string, printable and within the limits; the emotion in the scale. None
    otherwise: the phase is then read key by key, each problem found and placed.

    (Its `id` is :meth:`_Builder.phase_id`'s to check.)"""
    if not table.keys() <= plain_keys:
        return None
    cells = dict(table)
    title = cells.pop("title", None)
    stage = cells.pop("stage", None)
    emotion = cells.pop("emotion", None)
    cells.pop("id", None)
    if type(title) is not str or (stage is not None and type(stage) is not str):
        return None
    if emotion is not None and not (type(emotion) is int and scale.min <= emotion <= scale.max):
        return None
    notes = cells.values()
    if notes and (
        not set(map(type, notes)) <= _LIST_TYPE or max(map(len, notes)) > MAX_NOTES_PER_CELL
    ):
        return None
    try:
        texts = "".join(chain((title, stage or ""), *notes))
    except TypeError:  # a note that is not a string
        return None
    if not texts.isprintable():
        return None
    if (  # (all of them within the limit: no one text can be over it)
        len(texts) > MAX_TEXT_CHARS
        and max(map(len, chain((title, stage or ""), *notes))) > MAX_TEXT_CHARS
    ):
        return None
    kept = dict(zip(cells, map(tuple, notes), strict=True))
    if () in kept.values():  # an empty cell is not stored
        kept = {key: values for key, values in kept.items() if values}
    return title, (stage if stage and not stage.isspace() else None), emotion, kept


def _short_strings(values: list[Any]) -> bool:
    """Whether `values` are strings of at most :data:`MAX_TEXT_CHARS` in all: most cells,
    proved in C (every cell of every map read comes here; a cell that is not is then
    looked at note by note)."""
    try:
        return len("".join(values)) <= MAX_TEXT_CHARS
    except TypeError:  # not all strings
        return False


_INT64_MIN, _INT64_END = -(2**63), 2**63


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
    import tomli_w  # (here: the editor's first frame reads maps, it writes none)

    return tomli_w.dumps(table, multiline_strings=True)


def dumps(m: JourneyMap) -> str:
    """The TOML text of `m`, keys in a stable order, one note per line."""
    top: dict[str, Any] = {"cxtui": m.version, "title": m.title, "kind": m.kind}
    if m.description is not None:
        top["description"] = m.description
    if m.persona_file is not None:
        top["persona"] = m.persona_file  # shared: the reference, never the persona itself
    if not m.blueprint_lines:  # written only when off, so that older maps stay as they are
        top["blueprint_lines"] = False
    parts = [_dumps(top)]
    if m.persona is not None and m.persona_file is None:
        parts.append("[persona]\n" + _dumps(_persona_table(m.persona)))
    parts.append("[emotion_scale]\n" + _dumps({"min": m.scale.min, "max": m.scale.max}))
    if m.tags:
        parts.append("[tags]\n" + _dumps(dict(m.tags)))
    if m.mermaid is not None:
        parts.append("[mermaid]\n" + _dumps(mermaid_table(m.mermaid)))
    for lane in m.lanes:
        parts.append("[[lanes]]\n" + _dumps(lane_table(lane)))
    text_keys = [lane.key for lane in m.text_lanes]
    for phase in m.phases:
        table: dict[str, Any] = {"id": phase.id, "title": phase.title}
        if phase.stage is not None:
            table["stage"] = phase.stage
        if phase.emotion is not None:
            table["emotion"] = phase.emotion
        if phase.link is not None:
            table["link"] = phase.link
        for key in text_keys:
            table[key] = list(phase.notes(key))
        lines = _votes_lines(phase, text_keys) + _marks_lines(phase, text_keys)
        parts.append("[[phases]]\n" + _dumps(table) + lines)
    for conflict in m.conflicts:
        parts.append("[[conflicts]]\n" + _dumps(conflict_table(conflict)))
    return "\n".join(parts)


def conflict_table(conflict: Conflict) -> dict[str, Any]:
    """A merge conflict as its file table (``[[conflicts]]``), without its absent sides."""
    record: dict[str, Any] = {"field": conflict.field}
    for name in _CONFLICT_KEYS[1:]:
        value = getattr(conflict, name)
        if value is not None:
            record[name] = list(value) if isinstance(value, tuple) else value
    return record


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


def conflict_problems(m: JourneyMap, text: str, source: str) -> list[Problem]:
    """One problem per merge conflict of `m` (read from `text`), at its ``[[conflicts]]``."""
    from cxtui.merge import describe_conflict

    locator = Locator(text)
    out = []
    for i, conflict in enumerate(m.conflicts):
        line = locator.find(("conflicts", i)).line
        out.append(Problem(line, 1, f"merge conflict: {describe_conflict(m, conflict)}", source))
    return out


def _toml_string(text: str) -> str:
    import tomli_w

    return tomli_w.dumps({"s": text})[4:].rstrip("\n")


def _votes_lines(phase: Phase, text_keys: list[str]) -> str:
    """One ``votes.LANE."note" = ["voter", ...]`` line per note with votes, in the order of
    the lanes and notes (so that a vote changes one line); votes for a note no longer in
    its cell are not written."""
    lines: list[str] = []
    for key in text_keys:
        for note in dict.fromkeys(phase.notes(key)):
            voters = phase.voters(key, note)
            if voters:
                names = ", ".join(map(_toml_string, voters))
                lines.append(f"votes.{key}.{_toml_string(note)} = [{names}]\n")
    return "".join(lines)


def _marks_lines(phase: Phase, text_keys: list[str]) -> str:
    """One ``marks.LANE."note" = ["fail", ...]`` line per marked note, in the order of the
    lanes and notes; marks on a note no longer in its cell are not written."""
    lines: list[str] = []
    for key in text_keys:
        for note in dict.fromkeys(phase.notes(key)):
            names = phase.marks_of(key, note)
            if names:
                written = ", ".join(map(_toml_string, names))
                lines.append(f"marks.{key}.{_toml_string(note)} = [{written}]\n")
    return "".join(lines)


def lane_table(lane: Lane) -> dict[str, str]:
    """A lane as its file table: the role only when its key and kind do not imply it, so
    that saving a map written before roles adds nothing to its diff."""
    table = {"key": lane.key, "title": lane.title, "kind": lane.kind}
    if lane.role != implied_role(lane.key, lane.kind):
        table["role"] = lane.role
    return table


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
    return savable_text(m)[1]


def savable_text(m: JourneyMap) -> tuple[str, list[str]]:
    """(the file text of `m`, why it could not be saved and opened again): the text is
    made once and read back (see :func:`check_savable`); write it only when the list of
    problems is empty."""
    problems = m.problems()
    if problems:
        return "", problems
    try:
        text = dumps(m)
    except (ValueError, TypeError) as error:
        return "", [f"it cannot be written as a map file: {error}"]
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        return "", [_too_large(size)]
    try:
        loads(text)
    except MapFileError as error:
        return "", [f"the file would not load back: {error}"]
    return text, []


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
