"""Running `cxtui serve` in a test: on a free loopback port, stopped (with every editor it
started) at the end."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from conftest import CXTUI


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Served:
    """A running `cxtui serve`: its URL (with the token) and what it printed."""

    process: subprocess.Popen[str]
    url: str
    port: int
    output: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        """The server's address without the token."""
        return f"http://127.0.0.1:{self.port}"


def _collect(process: subprocess.Popen[str], lines: list[str], got: queue.Queue[str]) -> None:
    """Keep every line the server prints (a thread of its own, until it ends)."""
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        got.put(line)


def _read_until(got: queue.Queue[str], pattern: str, timeout: float) -> str:
    """The first line the server prints that matches `pattern` (bounded by `timeout`)."""
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = got.get(timeout=left)
        except queue.Empty:
            break
        seen.append(line)
        if re.search(pattern, line):
            return line
    raise AssertionError(f"cxtui serve did not say {pattern!r}:\n{''.join(seen)}")


@contextmanager
def serving(*args: str | os.PathLike[str], cwd: Path | None = None) -> Iterator[Served]:
    """`cxtui serve ARGS --port FREE` until the block ends; the server and the editors
    it started are ended then (their own process group)."""
    port = free_port()
    process = subprocess.Popen(
        [CXTUI, "serve", *map(os.fspath, args), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
        start_new_session=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    lines: list[str] = []
    got: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_collect, args=(process, lines, got), daemon=True).start()
    try:
        match = re.search(r"(http://\S+)", _read_until(got, r"cxtui: open http", 30))
        assert match is not None
        served = Served(process, match.group(1), port, lines)
        _wait_listening(port)
        yield served
    finally:
        _stop(process)


def _wait_listening(port: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _stop(process: subprocess.Popen[str]) -> None:
    """End the server, then anything left of its process group (its editors)."""
    group = process.pid  # start_new_session: the server leads its own group
    with suppress(ProcessLookupError):
        os.killpg(group, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _group_alive(group):
        time.sleep(0.1)
    with suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)
    process.wait(timeout=5)
