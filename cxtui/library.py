"""A team's journeys: every map under a folder, read one by one, and searching them.

A *map file* is a ``.toml`` file under the folder whose text declares the cxtui format
(a ``cxtui = …`` line): other TOML files (``pyproject.toml``) are not maps. Hidden files
and folders (a name starting with ``.``, so recovery copies too) are skipped. A map
that does not load is still an :class:`Entry`, carrying its problems.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

from cxtui.fileformat import MapFileError, Problem, loads, read_text
from cxtui.locate import Locator
from cxtui.locate import Path as KeyPath
from cxtui.model import JourneyMap, tags_in
from cxtui.record import record

_DECLARES_FORMAT = re.compile(r"^\s*cxtui\s*=", re.MULTILINE)


@record
class Entry:
    """One map file of a library: the map, or the problems that keep it from loading."""

    path: Path
    name: str  # the path relative to the library's folder, as shown
    modified: float  # the file's mtime
    journey: JourneyMap | None
    problems: tuple[Problem, ...] = ()
    text: str = ""  # the file's text (for search positions); "" when it could not be read

    @cached_property
    def pain_points(self) -> int:
        """How many pain points the map has (see :func:`pain_points`); 0 if it does not load."""
        return pain_points(self.journey) if self.journey is not None else 0

    @cached_property
    def search_fields(self) -> tuple[Field, ...]:
        """The map's searchable texts (made once, when first searched)."""
        return search_fields(self.journey) if self.journey is not None else ()

    @cached_property
    def locator(self) -> Locator:
        """Where each key of the file's text stands (made when first asked for)."""
        return Locator(self.text)

    @cached_property
    def lines(self) -> list[str]:
        """The file's text, line by line."""
        return self.text.split("\n")

    @property
    def first_problem(self) -> str:
        """The first problem as ``FILE:LINE:COL: message`` ("" for a map that loads)."""
        return str(self.problems[0]) if self.problems else ""


def pain_points(m: JourneyMap) -> int:
    """How many pain points `m` has: the notes of its pain-point lanes (by key), and the
    notes tagged ``#pain`` in its other lanes."""
    count = 0
    for lane in m.lanes:
        pain_lane = "pain" in lane.key
        for phase in m.phases:
            for note in phase.notes(lane.key):
                count += pain_lane or "pain" in tags_in(note)
    return count


def map_files(folder: Path) -> Iterator[Path]:
    """Every map file under `folder`, in the order of their paths relative to it (ignoring
    case: the library's "file" order, so rows read in order are shown in order)."""
    found: list[tuple[str, Path]] = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name.startswith(".") or not name.endswith(".toml"):
                continue
            path = Path(root, name)
            found.append((os.path.relpath(path, folder).casefold(), path))
    for _, path in sorted(found):
        if _is_map_file(path):
            yield path


def _is_map_file(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(64 * 1024)
    except OSError:
        return False
    return _DECLARES_FORMAT.search(head.decode("utf-8", "replace")) is not None


def read_entry(path: Path, folder: Path) -> Entry:
    """The library entry of the map file at `path` (never raises for a bad map)."""
    name = os.path.relpath(path, folder)
    try:
        modified = path.stat().st_mtime
    except OSError:
        modified = 0.0
    try:
        text = read_text(path)
        return Entry(path, name, modified, loads(text, str(path)), text=text)
    except MapFileError as error:
        return Entry(path, name, modified, None, tuple(error.problems))


def read_library(folder: Path) -> Iterator[Entry]:
    """The entries of every map file under `folder`, one at a time as they are read."""
    for path in map_files(folder):
        yield read_entry(path, folder)


#: How a process of its own reads a library (see :func:`read_library_apart`).
_READER = "import sys; from cxtui.library import write_entries; write_entries(sys.argv[1])"


def read_library_apart(folder: Path) -> Iterator[Entry]:
    """As :func:`read_library`, the maps read by a Python process of its own, with their
    search fields made (:attr:`Entry.search_fields`): the caller only unpickles them, a
    tenth of the work. A thread that parsed them itself would hold the GIL for seconds
    in all, and while the system deschedules it holding the GIL, the other threads (an
    editor's keys) wait: stalls of 250+ ms (docs/performance.md). Should that process
    fail, the maps it did not give are read here."""
    import pickle  # (here: `validate` and `print` use this module, and start sooner)
    import subprocess

    given: set[Path] = set()
    try:
        with subprocess.Popen(
            [sys.executable, "-c", _READER, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        ) as reader:
            assert reader.stdout is not None
            try:
                while True:
                    try:
                        entry = pickle.load(reader.stdout)  # our own process wrote it
                    except EOFError:
                        break
                    given.add(entry.path)
                    yield entry
            finally:
                reader.kill()
    except (OSError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        pass
    for path in map_files(folder):
        if path not in given:
            yield read_entry(path, folder)


def write_entries(folder: str) -> None:
    """Pickle to stdout the entry of every map file under `folder`, with its search
    fields, one at a time (the reading process of :func:`read_library_apart`)."""
    import pickle

    out = sys.stdout.buffer
    for entry in read_library(Path(folder)):
        _ = entry.search_fields
        pickle.dump(entry, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


# -- links between maps -------------------------------------------------------------------


def link_target(map_path: Path, reference: str) -> Path:
    """The file a link `reference` in the map at `map_path` names."""
    return Path(os.path.normpath(map_path.parent / reference))


def link_problems(
    path: Path, m: JourneyMap, text: str, checked: dict[Path, str | None] | None = None
) -> list[Problem]:
    """A problem, at the link, for each phase of `m` (read from `text` at `path`) that links
    to a map that is missing or does not load. `checked` remembers the maps read already
    (a file: its first problem, None when it loads)."""
    checked = {} if checked is None else checked
    problems: list[Problem] = []
    locator: Locator | None = None
    for index, phase in enumerate(m.phases):
        if phase.link is None:
            continue
        target = link_target(path, phase.link)
        key = Path(os.path.abspath(target))
        if key not in checked:
            checked[key] = _first_problem(target)
        trouble = checked[key]
        if trouble is None:
            continue
        locator = locator or Locator(text)
        where = locator.find(("phases", index, "link"))
        message = f"phase “{phase.title}” links to {phase.link}, {trouble}"
        problems.append(Problem(where.line, where.value_col, message, str(path)))
    return problems


def _first_problem(target: Path) -> str | None:
    if not target.exists():
        return "which does not exist"
    try:
        loads(read_text(target), str(target))
    except MapFileError as error:
        return f"which does not load: {error.problems[0]}"
    return None


def hierarchy(entries: list[Entry]) -> list[tuple[int, Entry, str]]:
    """`entries` as a tree: (depth, entry, the linking phase's title) in reading order;
    a map linked from another comes under it (under the first, if several link to it),
    the maps nothing links to at the top. A map shows once."""
    by_path = {Path(os.path.abspath(entry.path)): entry for entry in entries}
    children: dict[Path, list[tuple[Path, str]]] = {}
    linked: set[Path] = set()
    for entry in entries:
        if entry.journey is None:
            continue
        own = Path(os.path.abspath(entry.path))
        for phase in entry.journey.phases:
            if phase.link is None:
                continue
            target = Path(os.path.abspath(link_target(entry.path, phase.link)))
            if target in by_path and target != own:
                children.setdefault(own, []).append((target, phase.title))
                linked.add(target)
    out: list[tuple[int, Entry, str]] = []
    shown: set[Path] = set()

    def visit(path: Path, depth: int, via: str) -> None:
        shown.add(path)
        out.append((depth, by_path[path], via))
        for child, phase_title in children.get(path, []):
            if child not in shown:
                visit(child, depth + 1, phase_title)

    for path in by_path:
        if path not in linked and path not in shown:
            visit(path, 0, "")
    for path in by_path:  # maps only reachable through a loop of links
        if path not in shown:
            visit(path, 0, "")
    return out


def pruned(
    tree: list[tuple[int, Entry, str]], keep: Callable[[Entry], bool]
) -> list[tuple[int, Entry, str, bool]]:
    """The rows of `tree` (see :func:`hierarchy`) that `keep` keeps, with the maps they
    hang under (so a kept map is still seen where it stands): (depth, entry, via, kept)."""
    out: list[tuple[int, Entry, str, bool]] = []
    parents: list[int] = []  # the rows of `tree` the current one hangs under, by depth
    placed: set[int] = set()  # the rows of `tree` in `out` already
    for index, (depth, entry, via) in enumerate(tree):
        del parents[depth:]
        if keep(entry):
            for parent in parents:  # its ancestors not shown yet, outermost first
                if parent not in placed:
                    placed.add(parent)
                    out.append((*tree[parent], False))
            placed.add(index)
            out.append((depth, entry, via, True))
        parents.append(index)
    return out


# -- shared personas ---------------------------------------------------------------------

_PERSONA_REFERENCE = re.compile(r"""^\s*persona\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')""", re.MULTILINE)


def persona_root(map_path: Path, persona_path: Path) -> Path:
    """The folder whose maps may share the persona file: the nearest folder holding both
    the map and the persona file."""
    return Path(
        os.path.commonpath([os.path.abspath(map_path.parent), os.path.abspath(persona_path.parent)])
    )


def maps_using_persona(root: Path, persona_path: Path) -> list[Path]:
    """Every map file under `root` whose ``persona = "FILE"`` names `persona_path`."""
    target = os.path.abspath(persona_path)
    users: list[Path] = []
    for path in map_files(root):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found = _PERSONA_REFERENCE.search(text)
        reference = found and (found[1] if found[1] is not None else found[2])
        if reference and os.path.abspath(path.parent / reference) == target:
            users.append(path)
    return users


# -- search -----------------------------------------------------------------------------


@record
class Match:
    """Where a search query was found: a piece of a map's text, and its place."""

    entry: Entry
    key: KeyPath  # the key path of the text in the map file
    phase: int | None  # the phase's index, None for the map's own fields
    lane: str | None  # the lane's key, None for a title, stage or persona
    where: str  # "phase title / lane title", or the field ("title", "persona")
    text: str  # the whole text the query was found in
    start: int  # the query's span in `text`
    end: int

    @cached_property
    def position(self) -> tuple[int, int]:
        """The file line and column of the match (found when first asked for)."""
        return _position(self.entry, self.key, self.text, self.start)

    @property
    def line(self) -> int:
        return self.position[0]

    @property
    def col(self) -> int:
        return self.position[1]

    def __str__(self) -> str:
        return f"{self.entry.path}:{self.line}:{self.col}: {self.where}: {self.text}"


#: One searchable text of a map: (its text casefolded, key path, phase, lane key, where,
#: the text).
Field = tuple[str, KeyPath, int | None, str | None, str, str]


def _fields(m: JourneyMap) -> Iterator[tuple[KeyPath, int | None, str | None, str, str]]:
    """Every searchable text of `m`: (key path, phase, lane key, where, text)."""
    yield ("title",), None, None, "title", m.title
    if m.description:
        yield ("description",), None, None, "description", m.description
    persona = m.persona
    if persona is not None:
        key = "persona"
        for field in ("name", "role", "quote"):
            value = getattr(persona, field)
            if value:
                yield (key, field), None, None, f"persona {field}", value
        for field in ("goals", "needs", "frustrations"):
            for item in getattr(persona, field):
                yield (key, field), None, None, f"persona {field}", item
    lanes = [lane for lane in m.lanes if lane.kind == "text"]
    for index, phase in enumerate(m.phases):
        yield ("phases", index, "title"), index, None, f"phase {index + 1}", phase.title
        if phase.stage:
            yield ("phases", index, "stage"), index, None, f"{phase.title} / stage", phase.stage
        for lane in lanes:
            for note in phase.notes(lane.key):
                where = f"{phase.title} / {lane.title}"
                yield ("phases", index, lane.key), index, lane.key, where, note


def search_fields(m: JourneyMap) -> tuple[Field, ...]:
    """The searchable texts of `m`, each with its casefolded form (see :func:`search`)."""
    return tuple(
        (text.casefold(), key, phase, lane, where, text)
        for key, phase, lane, where, text in _fields(m)
    )


def search_entry(entry: Entry, query: str, limit: int | None = None) -> list[Match]:
    """Every place in `entry`'s map whose text holds `query` (case-insensitive); the
    first `limit` of them when given."""
    needle = query.casefold()
    if not needle:
        return []
    found: list[Match] = []
    for folded, key, phase, lane, where, text in entry.search_fields:
        at = folded.find(needle)
        if at < 0:
            continue
        found.append(Match(entry, key, phase, lane, where, text, at, at + len(needle)))
        if limit is not None and len(found) >= limit:
            break
    return found


def _position(entry: Entry, key: KeyPath, text: str, at: int) -> tuple[int, int]:
    """The file line and column of `text[at]`, found from where its key stands: the text
    itself on that line or one of the next (an array's items); else the key's value."""
    locator, lines = entry.locator, entry.lines
    where = locator.find(key)
    probe = text.split("\n", 1)[0]
    for number in range(where.line, min(len(lines), where.line + 600) + 1):
        col = lines[number - 1].find(probe)
        if col >= 0 and at < len(probe):
            return number, col + at + 1
        if number > where.line and _starts_another_key(lines[number - 1]):
            break
    return where.line, where.value_col


_KEY_OR_TABLE = re.compile(r"^\s*(\[|[A-Za-z0-9_\-\"']+\s*=)")


def _starts_another_key(line: str) -> bool:
    return _KEY_OR_TABLE.match(line) is not None


def search(entries: list[Entry], query: str, limit: int | None = None) -> list[Match]:
    """Every match of `query` in `entries`, map by map; the first `limit` when given."""
    found: list[Match] = []
    for entry in entries:
        left = None if limit is None else limit - len(found)
        if left == 0:
            break
        found += search_entry(entry, query, left)
    return found
