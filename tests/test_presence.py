"""Presence files: who else has a map open, and no false alarm from a crashed editor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from cxtui.presence import STALE_AFTER, announce, others, presence_path, this_host, withdraw


def test_an_editor_sees_another_and_not_itself(tmp_path: Path) -> None:
    map_path = tmp_path / "map.toml"
    mine = announce(map_path, "ann")
    assert mine == presence_path(map_path) and mine.exists()
    assert others(map_path) == []
    # another editor: a live process on this host
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        theirs = presence_path(map_path, pid=child.pid)
        record = {"user": "bob", "host": this_host(), "pid": child.pid, "since": time.time()}
        theirs.write_text(json.dumps(record), encoding="utf-8")
        (seen,) = others(map_path)
        assert (seen.user, seen.pid) == ("bob", child.pid)
        assert seen.describe().startswith("bob on ")
    finally:
        child.kill()
        child.wait()
    # its process is gone: a crashed editor, not reported, and its file cleaned up
    assert others(map_path) == []
    assert not theirs.exists()
    withdraw(map_path)
    assert not mine.exists()


def test_a_file_without_a_heartbeat_is_stale(tmp_path: Path) -> None:
    map_path = tmp_path / "map.toml"
    far = presence_path(map_path, host="elsewhere", pid=4242)
    far.write_text(
        json.dumps({"user": "cy", "host": "elsewhere", "pid": 4242, "since": time.time()}),
        encoding="utf-8",
    )
    assert [p.user for p in others(map_path)] == ["cy"]
    old = time.time() - STALE_AFTER - 5
    os.utime(far, (old, old))
    assert others(map_path) == []
    assert not far.exists()


def test_a_new_name_is_written_over_the_old_and_the_time_it_opened_stays(tmp_path: Path) -> None:
    map_path = tmp_path / "map.toml"
    mine = announce(map_path, "Guest 1")
    assert mine is not None
    first = json.loads(mine.read_text(encoding="utf-8"))
    assert announce(map_path, "Ana") == mine
    again = json.loads(mine.read_text(encoding="utf-8"))
    assert (first["user"], again["user"]) == ("Guest 1", "Ana")
    assert again["since"] == first["since"]
    withdraw(map_path)
