"""Nothing lost: the real `cxtui` in tmux, sent real signals, a full disk and outside edits."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import reap

from cxtui.fileformat import dumps, read_map
from cxtui.model import JourneyMap, Lane, Phase
from cxtui.recovery import recovery_path

CXTUI = str(Path(sys.executable).parent / "cxtui")

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def small_map(title: str = "Safety map") -> JourneyMap:
    lanes = (Lane("actions", "Actions"), Lane("emotions", "Emotions", "emotion"))
    phases = tuple(Phase(f"Step {i}", "Stage", 0, {"actions": (f"note {i}",)}) for i in range(1, 5))
    return JourneyMap(title, lanes=lanes, phases=phases)


class Tmux:
    """One detached tmux server running the real cxtui."""

    def __init__(self, socket: Path) -> None:
        self.socket = str(socket)
        #: Every process started in a pane, to be sure none outlives the test.
        self.pids: list[int] = []

    def run(self, *args: str) -> str:
        # An explicit environment: the C-level one of a test process may carry LINES and
        # COLUMNS (set by a library that used curses), which would fix the app's size.
        env = {k: v for k, v in os.environ.items() if k not in ("LINES", "COLUMNS")}
        result = subprocess.run(
            ["tmux", "-S", self.socket, *args], capture_output=True, text=True, timeout=10, env=env
        )
        return result.stdout

    def start(self, *command: str, width: int = 100, height: int = 30, env: str = "") -> None:
        line = " ".join(f"'{c}'" for c in command)
        self.run(
            "new-session", "-d", "-x", str(width), "-y", str(height),
            f"exec env TERM=xterm-256color {env} {line}",
        )  # fmt: skip
        with contextlib.suppress(ValueError):
            self.pids.append(self.pid())

    def screen(self) -> str:
        return self.run("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", *keys)
        time.sleep(0.15)

    def pid(self) -> int:
        return int(self.run("display-message", "-p", "#{pane_pid}").strip())

    def kill(self) -> None:
        """Kill the tmux server: to the program in it, the terminal went away."""
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)

    def close(self) -> None:
        """Kill the server and every cxtui started in it (those that do not leave on
        their own within a few seconds get SIGKILL), whatever the test did."""
        self.kill()
        reap(self.pids)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path / "tmux.sock")
    try:
        yield session
    finally:
        session.close()


def running(pid: int) -> bool:
    """Whether `pid` runs (a zombie that nobody reaped has finished)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not running(pid):
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still running")


def wait_for_file(path: Path, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} never appeared")


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "journey.toml"
    path.write_text(dumps(small_map()))
    return path


def test_hangup_writes_a_recovery_copy_and_never_the_map(tmux: Tmux, map_file: Path) -> None:
    before = map_file.read_bytes()
    tmux.start(CXTUI, str(map_file))
    tmux.wait_for("Safety map")
    tmux.keys("x")  # clear "note 1" in Step 1
    tmux.wait_for("[modified]")
    pid = tmux.pid()
    os.kill(pid, signal.SIGHUP)
    wait_gone(pid)
    assert map_file.read_bytes() == before
    recovered = read_map(recovery_path(map_file))
    assert recovered.phases[0].notes("actions") == ()
    assert recovered.phases[1].notes("actions") == ("note 2",)

    # Opening the map again offers the copy; Enter restores it and ctrl+s saves it.
    tmux.kill()
    tmux.start(CXTUI, str(map_file))
    tmux.wait_for("Found unsaved changes")
    tmux.keys("Enter")
    tmux.wait_for("[modified]")
    tmux.keys("C-s")
    tmux.wait_for("saved")
    assert read_map(map_file).phases[0].notes("actions") == ()
    assert not recovery_path(map_file).exists()


def test_killing_the_terminal_keeps_the_edit(tmux: Tmux, map_file: Path) -> None:
    before = map_file.read_bytes()
    tmux.start(CXTUI, str(map_file))
    tmux.wait_for("Safety map")
    pid = tmux.pid()
    tmux.keys("+")
    tmux.wait_for("[modified]")
    tmux.kill()  # the terminal goes away: the process gets SIGHUP
    wait_gone(pid)
    assert map_file.read_bytes() == before
    assert read_map(recovery_path(map_file)).phases[0].emotion == 1


def test_killing_the_terminal_while_it_draws_ends_the_process(tmux: Tmux, map_file: Path) -> None:
    """The terminal goes away while the editor is busy drawing: it must still leave (a
    write to the dead terminal once blocked its shutdown for good), with a recovery copy."""
    tmux.start(CXTUI, str(map_file))
    tmux.wait_for("Safety map")
    pid = tmux.pid()
    tmux.keys("+")
    tmux.wait_for("[modified]")
    tmux.run("send-keys", "l", "+", "l", "+", "j", "l", "h", "k", "h", "-", "+")
    tmux.kill()
    wait_gone(pid)
    assert read_map(recovery_path(map_file)).phases[0].emotion == 1


def test_kill_9_after_a_pause_loses_nothing(tmux: Tmux, map_file: Path) -> None:
    before = map_file.read_bytes()
    tmux.start(CXTUI, str(map_file))
    tmux.wait_for("Safety map")
    tmux.keys("-")
    tmux.wait_for("[modified]")
    wait_for_file(recovery_path(map_file), timeout=5)  # written within 5 s of the change
    pid = tmux.pid()
    os.kill(pid, signal.SIGKILL)
    wait_gone(pid)
    assert map_file.read_bytes() == before
    assert read_map(recovery_path(map_file)).phases[0].emotion == -1


def test_discarding_removes_the_recovery_copy(tmux: Tmux, map_file: Path) -> None:
    before = map_file.read_bytes()
    tmux.start(CXTUI, str(map_file))
    tmux.wait_for("Safety map")
    tmux.keys("-")
    wait_for_file(recovery_path(map_file), timeout=5)
    pid = tmux.pid()
    tmux.keys("q")
    tmux.wait_for("unsaved changes")
    tmux.keys("d")
    wait_gone(pid)
    deadline = time.monotonic() + 5
    while recovery_path(map_file).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not recovery_path(map_file).exists()
    assert map_file.read_bytes() == before


def test_a_colleagues_change_is_never_overwritten_silently(tmux: Tmux, map_file: Path) -> None:
    tmux.start(CXTUI, str(map_file))
    tmux.wait_for("Safety map")
    tmux.keys("+")
    tmux.wait_for("[modified]")
    theirs = dumps(small_map("Their title"))
    map_file.write_text(theirs)
    tmux.keys("C-s")
    tmux.wait_for("changed on disk")
    tmux.keys("c")  # cancel: their file stays
    time.sleep(0.3)
    assert map_file.read_text() == theirs
    tmux.keys("C-s")
    tmux.wait_for("changed on disk")
    tmux.keys("o")  # overwrite, now that we were asked
    tmux.wait_for("saved")
    saved = read_map(map_file)
    assert saved.title == "Safety map"
    assert saved.phases[0].emotion == 1


def test_a_full_disk_keeps_the_map_open_and_the_file_whole(tmux: Tmux, tmp_path: Path) -> None:
    mount = tmp_path / "small-disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        map_file = mount / "journey.toml"
        map_file.write_text(dumps(small_map()))
        before = map_file.read_bytes()
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk
            while os.write(fd, b"x" * 1024):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        tmux.start(CXTUI, str(map_file))
        tmux.wait_for("Safety map")
        tmux.keys("Enter")
        tmux.wait_for("new note")
        tmux.keys("Enter", "-l", "a long new note " * 20)
        tmux.keys("Escape")
        tmux.wait_for("[modified]")
        tmux.keys("C-s")
        screen = tmux.wait_for("Not saved")
        assert "No space left on device" in screen
        assert map_file.read_bytes() == before
        tmux.keys("Escape")
        tmux.wait_for("[modified]")  # still open, still unsaved
    finally:
        tmux.close()  # nothing of ours may keep running on the disk we unmount
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


HOSTILE: dict[str, bytes] = {
    "binary.toml": b"cxtui = 1\x00\x01\x02",
    "latin1.toml": 'cxtui = 1\ntitle = "caf\xe9"\n'.encode("latin-1"),
    "empty.toml": b"",
    "deep.toml": b"cxtui = 1\na = " + b"[" * 100_000 + b"]" * 100_000,
    "ten-thousand-phases.toml": (
        'cxtui = 1\ntitle = "t"\n[[lanes]]\nkey = "a"\n'
        + "".join(f'[[phases]]\ntitle = "p{i}"\n' for i in range(10_000))
    ).encode(),
    "megabyte-note.toml": (
        'cxtui = 1\ntitle = "t"\n[[lanes]]\nkey = "a"\n[[phases]]\ntitle = "p"\na = ["'
        + "x" * 1_000_000
        + '"]\n'
    ).encode(),
    "newer.toml": b'cxtui = 7\ntitle = "from the future"\n',
    "syntax.toml": b'cxtui = 1\ntitle = "unterminated\n',
}


#: Runs its arguments and writes the command's peak memory (KiB) to the file named first.
#: A fresh, small Python starts the command: a child forked straight from this test
#: process would count this process's memory as its own until it execs (and after a
#: long serial run, with a browser test before it, that is hundreds of MB).
_MEASURE = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(args: list[str], timeout: float = 30) -> tuple[int, str, str, int]:
    """Run `args`: (exit code, stdout, stderr, the peak memory of that process in KiB),
    measured with wait4 on that child alone, started by a small process of its own."""
    with tempfile.TemporaryDirectory() as folder:
        peak = Path(folder) / "peak"
        result = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(peak), *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
        )
        return (
            result.returncode,
            result.stdout.decode(),
            result.stderr.decode(),
            int(peak.read_text()),
        )


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("command", [[], ["validate"], ["print"], ["export", "--to", "json"]])
def test_a_hostile_file_gets_one_clear_message(
    tmp_path: Path, name: str, command: list[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    returncode, stdout, stderr, peak_kib = run_measured([str(CXTUI), *command, str(path)])
    assert returncode == 1, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith(f"cxtui: {path}:"), stderr
    assert stdout == ""
    assert peak_kib < 200 * 1024  # KiB: under 200 MB


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with open(path, "wb") as stream:
        stream.truncate(3 * 1024 * 1024 * 1024)  # 3 GB, sparse
    result = subprocess.run([CXTUI, str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert "too large" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_tiny_terminal_gets_a_message_not_a_crash(tmux: Tmux, map_file: Path) -> None:
    tmux.start(CXTUI, str(map_file), width=20, height=6)
    tmux.wait_for("Terminal too small")
    tmux.run("resize-window", "-x", "100", "-y", "30")
    tmux.wait_for("Safety map")
    tmux.keys("q")
