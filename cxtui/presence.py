"""Who else has a map open: one small presence file per open editor, beside the map.

An editor writes ``.NAME.cxtui-open-HOST-PID`` next to ``NAME`` when it opens the map
and touches it every few seconds (its heartbeat); it deletes the file when it closes.
A file is believed only while it is fresh: one not touched for :data:`STALE_AFTER`
seconds, or one from this host whose process is gone, is a crashed editor's, is not
reported, and is deleted by whoever finds it. So a crash never leaves a false alarm
for longer than that.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path

from cxtui.record import record

#: Seconds without a heartbeat after which a presence file is a crashed editor's.
STALE_AFTER = 10.0
_MARK = ".cxtui-open-"


@record
class Presence:
    """One editor that has the map open."""

    user: str
    host: str
    pid: int
    since: float  # seconds since the epoch

    @property
    def since_text(self) -> str:
        """When this editor opened the map, as ``14:02`` (local time)."""
        return time.strftime("%H:%M", time.localtime(self.since))

    def describe(self) -> str:
        """``bob on build-box since 14:02``."""
        return f"{self.user} on {self.host} since {self.since_text}"

    def short(self) -> str:
        """``bob@build-box since 14:02``."""
        return f"{self.user}@{self.host} since {self.since_text}"


def this_host() -> str:
    """This machine's name, as presence files record it."""
    return (socket.gethostname() or "localhost").replace(os.sep, "_")


def presence_path(map_path: Path, host: str | None = None, pid: int | None = None) -> Path:
    """The presence file of this editor (or of `host`/`pid`) for `map_path`."""
    host = this_host() if host is None else host
    pid = os.getpid() if pid is None else pid
    return map_path.with_name(f".{map_path.name}{_MARK}{host}-{pid}")


def announce(map_path: Path, user: str) -> Path | None:
    """Write (or refresh) this editor's presence file; None if the folder is not writable
    (presence is a courtesy: it never stops the editor). A new `user` (a served editor's
    person said their name) is written over the old one; the time it opened stays."""
    path = presence_path(map_path)
    since = time.time()
    try:
        if path.exists():
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                if record["user"] == user:
                    os.utime(path)
                    return path
                since = float(record["since"])
            except (ValueError, KeyError, TypeError):
                pass  # (not a record we wrote: written anew)
        record = {"user": user, "host": this_host(), "pid": os.getpid(), "since": since}
        path.write_text(json.dumps(record), encoding="utf-8")
    except OSError:
        return None
    return path


def withdraw(map_path: Path) -> None:
    """Delete this editor's presence file (when it closes)."""
    with contextlib.suppress(OSError):
        presence_path(map_path).unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # (exists, but another user's)
        return True
    return True


def others(map_path: Path, now: float | None = None) -> list[Presence]:
    """The other editors that have `map_path` open, oldest first; stale files (crashed
    editors) are deleted on the way."""
    now = time.time() if now is None else now
    mine = presence_path(map_path)
    prefix = f".{map_path.name}{_MARK}"
    found: list[Presence] = []
    try:
        entries = list(map_path.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(prefix) or entry == mine:
            continue
        try:
            beat = entry.stat().st_mtime
            record = json.loads(entry.read_text(encoding="utf-8"))
            who = Presence(
                str(record["user"]), str(record["host"]), int(record["pid"]), float(record["since"])
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
        crashed = now - beat > STALE_AFTER or (who.host == this_host() and not _alive(who.pid))
        if crashed:
            with contextlib.suppress(OSError):
                entry.unlink()
            continue
        found.append(who)
    return sorted(found, key=lambda p: p.since)
