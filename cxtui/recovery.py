"""Recovery copies: a map's unsaved state, written beside it so nothing is lost.

The copy is a hidden file next to the map (``.NAME.cxtui-recovery``), itself a
valid map file, written like every file (:mod:`cxtui.saving`). It is removed when
the map is saved or its changes are discarded. A copy the person chose to keep for later is set
aside under a name with the time it was written
(``.NAME.cxtui-recovery-YYYYmmdd-HHMMSS``), where nothing overwrites it.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

from cxtui.fileformat import (
    MapFileError,
    SaveError,
    read_map,
    savable_text,
)
from cxtui.model import JourneyMap
from cxtui.record import record
from cxtui.saving import write_file

SUFFIX = ".cxtui-recovery"


def recovery_path(map_path: Path) -> Path:
    """Where the recovery copy of the map at `map_path` goes."""
    return map_path.with_name(f".{map_path.name}{SUFFIX}")


@record
class Recovery:
    """A recovery copy found on disk."""

    path: Path
    written: datetime
    journey: JourneyMap
    #: When the map's file was last changed, if that was after the copy was written
    #: (e.g. a ``git pull`` after a crash): the copy then lacks that change.
    map_changed: datetime | None = None


def find_recovery(map_path: Path) -> Recovery | None:
    """The recovery copy of `map_path`, if there is one that loads.

    A copy older than the map is found too (with `map_changed` set): it still
    holds edits that were never saved.
    """
    copy = recovery_path(map_path)
    try:
        copy_mtime = copy.stat().st_mtime
    except OSError:
        return None
    try:
        map_mtime: float | None = map_path.stat().st_mtime
    except OSError:
        map_mtime = None
    try:
        journey = read_map(copy)
    except MapFileError:
        return None
    changed = None
    if map_mtime is not None and map_mtime > copy_mtime:
        changed = datetime.fromtimestamp(map_mtime)
    return Recovery(copy, datetime.fromtimestamp(copy_mtime), journey, changed)


def write_recovery(map_path: Path, journey: JourneyMap) -> bool:
    """Write the recovery copy of `map_path`; False (and nothing raised) if it cannot.

    A map whose file would not load back is not written: the copy on disk, from an
    earlier sound state, is better than one that cannot be opened.
    """
    return try_write_recovery(map_path, journey)[0]


def try_write_recovery(
    map_path: Path, journey: JourneyMap, to: Path | None = None
) -> tuple[bool, list[str]]:
    """Write the recovery copy of `map_path` (to its usual place, or to `to`), serialising
    the map once: (whether it was written, why the map's file would not load back).
    Nothing is written when there are problems; a failed write (a full disk) is
    (False, [])."""
    text, problems = savable_text(journey)
    if problems:
        return False, problems
    try:
        write_file(recovery_path(map_path) if to is None else to, text)
    except (SaveError, OSError):
        return False, []
    return True, []


def remove_recovery(map_path: Path) -> None:
    """Remove the recovery copy of `map_path`, if any."""
    with contextlib.suppress(OSError):
        os.unlink(recovery_path(map_path))


def aside_path(map_path: Path, written: datetime) -> Path:
    """Where a recovery copy of `map_path` written at `written` is kept for later."""
    return map_path.with_name(f".{map_path.name}{SUFFIX}-{written:%Y%m%d-%H%M%S}")


def kept_recoveries(map_path: Path) -> list[Path]:
    """The recovery copies of `map_path` set aside for later, newest first."""
    from glob import escape as glob_escape  # (here: a map opens without it)

    kept = map_path.parent.glob(f".{glob_escape(map_path.name)}{SUFFIX}-*")
    return sorted(kept, key=lambda p: p.name, reverse=True)


def keep_recovery(map_path: Path) -> Path | None:
    """Set the recovery copy of `map_path` aside for later (see :func:`aside_path`);
    returns where it went (None if there was no copy or it cannot be moved).

    The editor then writes new copies to the usual place without touching it.
    """
    copy = recovery_path(map_path)
    try:
        written = datetime.fromtimestamp(copy.stat().st_mtime)
    except OSError:
        return None
    base = target = aside_path(map_path, written)
    n = 2
    while target.exists():
        target, n = base.with_name(f"{base.name}-{n}"), n + 1
    try:
        os.rename(copy, target)
    except OSError:
        return None
    return target
