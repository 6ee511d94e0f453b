"""Recovery copies: a map's unsaved state, written beside it so nothing is lost.

The copy is a hidden file next to the map (``.NAME.cxtui-recovery``), itself a
valid map file, written atomically. It is removed when the map is saved or
its changes are discarded.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cxtui.fileformat import (
    MAX_FILE_BYTES,
    MapFileError,
    SaveError,
    dumps,
    loads,
    read_map,
    write_atomic,
)
from cxtui.model import JourneyMap

SUFFIX = ".cxtui-recovery"


def recovery_path(map_path: Path) -> Path:
    """Where the recovery copy of the map at `map_path` goes."""
    return map_path.with_name(f".{map_path.name}{SUFFIX}")


@dataclass(frozen=True)
class Recovery:
    """A recovery copy found on disk."""

    path: Path
    written: datetime
    journey: JourneyMap


def find_recovery(map_path: Path) -> Recovery | None:
    """The recovery copy of `map_path` if there is a readable one newer than the map."""
    copy = recovery_path(map_path)
    try:
        copy_mtime = copy.stat().st_mtime
    except OSError:
        return None
    try:
        map_mtime: float | None = map_path.stat().st_mtime
    except OSError:
        map_mtime = None
    if map_mtime is not None and copy_mtime < map_mtime:
        return None
    try:
        journey = read_map(copy)
    except MapFileError:
        return None
    return Recovery(copy, datetime.fromtimestamp(copy_mtime), journey)


def load_problem(journey: JourneyMap) -> str | None:
    """Why the file written for `journey` would not load back (None if it would).

    Saving or copying a map that cxtui could not open again would trade the
    person's edits for a file that is refused: check before writing.
    """
    try:
        text = dumps(journey)
    except Exception as error:  # any failure to write it means it cannot be saved
        return f"it cannot be written as a map file: {error}"
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        return (
            f"the file would be {size:,} bytes; cxtui opens map files of at most {MAX_FILE_BYTES:,}"
        )
    try:
        loads(text)
    except MapFileError as error:
        return f"the file would not load back: {error}"
    except Exception as error:  # the reader must never fail otherwise; say so if it does
        return f"the file would not load back: {error or type(error).__name__}"
    return None


def write_recovery(map_path: Path, journey: JourneyMap, *, checked: bool = False) -> bool:
    """Write the recovery copy of `map_path`; False (and nothing raised) if it cannot.

    A map whose file would not load back is not written (`checked`: the caller has
    made sure it would): the copy on disk, from an earlier sound state, is better
    than one that cannot be opened.
    """
    if not checked and load_problem(journey) is not None:
        return False
    try:
        write_atomic(recovery_path(map_path), dumps(journey))
    except (SaveError, OSError):
        return False
    return True


def remove_recovery(map_path: Path) -> None:
    """Remove the recovery copy of `map_path`, if any."""
    with contextlib.suppress(OSError):
        os.unlink(recovery_path(map_path))
