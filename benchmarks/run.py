#!/usr/bin/env python3
"""cxtui's benchmarks: each against a floor measured in the same run.

    python benchmarks/run.py [--quick] [--runs N] [--keys N] [--only NAME,...]

(`python3 dev.py bench [--quick]` runs this with the project's .venv.)

Every benchmark alternates runs of cxtui and of its floor (cxtui, floor,
cxtui, floor, ...) so that both see the same machine state; the ratio is the
median of the per-pair ratios cxtui/floor. The table also gives both medians,
the target and whether it holds. `--quick` runs everything once with tiny maps
(a smoke test, seconds long: its numbers mean nothing).

The benchmarks (docs/performance.md explains each):

  print     `cxtui print` to a pipe vs benchmarks/floor_print.py: time and peak memory,
            60, 300 and 1,000 phases and the maps at the limits
  paint     editor first paint vs a bare Textual app (benchmarks/bare_app.py):
            in a pty and headless (spawn to the first frame), and headless in
            process from App()
  keys      a key press to the repainted screen, 60 and 300 phases; End to the last phase
  writes    keys typed while a save or a recovery copy is written, on the maps at the
            limits (1,000 phases x 50 lanes; 1,000 phases near 2 MiB)
  files     read_map / save_map of a 300-phase map vs tomllib / tomli_w
  validate  `cxtui validate -q` of 300 maps vs benchmarks/floor_validate.py
  exports   `cxtui export` of a 1,000-phase map to each format vs tomllib's parse of it
  memory    peak RSS of the editor with a 300-phase map vs the bare app (in a pty)
  insights  `cxtui insights` of a 1,000-phase map vs `cxtui validate` of it
  library   500 maps: `cxtui ls DIR` vs `cxtui validate -q DIR`; the library screen's
            first rows vs all read, and the event loop's longest stall while it reads;
            a search across the maps once read

Exit code: 0 when every benchmark ran (met targets or not), 1 when one failed
to run.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import gc
import itertools
import math
import os
import platform
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import tomllib
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from maps import write_folder, write_limit_map, write_map  # noqa: E402

if TYPE_CHECKING:
    from textual.app import App

BIN = Path(sys.executable).parent
PYTHON = sys.executable
TERMINAL_SIZE = (120, 36)
BENCHMARKS = (
    "print", "paint", "keys", "writes", "files", "validate", "exports", "memory", "insights",
    "library",
)  # fmt: skip
#: Environment variables that would change how Rich or Textual draw, or (the last) keep
#: Python from caching compiled modules.
_DROPPED_ENV = ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
                "PYTHONDONTWRITEBYTECODE")  # fmt: skip
#: Where measured processes cache compiled modules (kept between runs): cxtui's as well as
#: Textual's, as for an installed package, without writing into the source tree.
PYCACHE = Path(tempfile.gettempdir()) / "cxtui-bench-pycache"


def _cxtui_command() -> list[str]:
    script = BIN / "cxtui"
    return [str(script)] if script.exists() else [PYTHON, "-m", "cxtui"]


CXTUI = _cxtui_command()


# -- settings and results ---------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Sizes and repetitions (full or --quick)."""

    quick: bool
    runs: int  # alternating pairs per benchmark
    warmup: int  # discarded pairs before them
    print_phases: int
    paint_phases: int
    key_phases: tuple[int, int]
    keys: int
    end_runs: int
    file_phases: int
    file_batch: int  # iterations per timed batch of the load/save benchmarks
    validate_maps: int
    memory_phases: int
    memory_runs: int
    settle: float  # seconds without a new frame after which a key's repaint is over
    insights_phases: int = 1000
    write_maps: tuple[str, ...] = ("wide", "large")  # see maps.LIMIT_MAPS
    print_sizes: tuple[str, ...] = ("60", "300", "1000", "wide", "large")  # phases, or a limit map
    print_big_runs: int = 5  # alternating pairs for the prints of more than 60 phases
    paint_sizes: tuple[str, ...] = ("1000", "large")  # first paint of large maps (2e)
    export_phases: int = 1000
    write_count: int = 4  # saves and recovery copies, by turns
    write_gap: float = 0.03  # seconds between keys typed meanwhile
    library_maps: int = 500
    library_runs: int = 5  # in-process readings of the whole library (each a few seconds)

    @classmethod
    def make(cls, quick: bool, runs: int | None, keys: int | None) -> Settings:
        if quick:
            return cls(
                True, runs or 1, 0, 6, 6, (6, 12), keys or 10, 1, 12, 2, 5, 12, 1, 0.05, 12,
                write_maps=("small",), write_count=2, print_sizes=("6",), paint_sizes=("12",),
                export_phases=6, library_maps=12, library_runs=1,
            )  # fmt: skip
        n = runs or 15
        memory_runs = runs or 5  # each run takes two processes' first paint of 300 phases
        return cls(
            False, n, 1, 60, 60, (60, 300), keys or 200, 7, 300, 10, 300, 300, memory_runs, 0.05,
            library_maps=500, library_runs=runs or 5,
        )  # fmt: skip


@dataclass
class Row:
    """One line of the table."""

    name: str
    value: float | None  # cxtui's median
    floor: float | None = None  # the floor's median
    ratio: float | None = None
    unit: str = "ms"
    target: str = "–"
    holds: bool | None = None
    note: str = ""


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def ratio_row(
    name: str, ours: list[float], floor: list[float], limit: float | None, unit: str = "ms"
) -> Row:
    """A row comparing paired samples: the median of the per-pair ratios."""
    ratio = median([a / b for a, b in zip(ours, floor, strict=True)])
    return Row(
        name,
        median(ours),
        median(floor),
        ratio,
        unit,
        f"≤ {limit}x" if limit is not None else "none set",
        None if limit is None else ratio <= limit,
    )


def alternate(
    settings: Settings, ours: Callable[[], float], floor: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """Samples of `ours` and `floor`, run alternately after the warm-up pairs."""
    for _ in range(settings.warmup):
        ours()
        floor()
    a: list[float] = []
    b: list[float] = []
    for _ in range(settings.runs):
        a.append(ours())
        b.append(floor())
    return a, b


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for measured processes: nothing that changes how they draw, and
    compiled modules cached (in :data:`PYCACHE`) for cxtui and the floors alike."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _DROPPED_ENV and not k.startswith(("TEXTUAL", "PYTHONPROFILE"))
    }
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env.update(extra)
    return env


# -- whole processes to a pipe ------------------------------------------------------


def time_process(argv: list[str], expect: bytes = b"") -> float:
    """Milliseconds from spawning `argv` to its exit, its output read from a pipe."""
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, env=child_env(), check=False)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode != 0 or expect not in proc.stdout:
        raise RuntimeError(
            f"{' '.join(argv[:3])}… exited {proc.returncode}: {proc.stderr.decode()[-500:]}"
        )
    return elapsed


#: GNU time: it reports a child's peak memory without the benchmark's own in it.
GNU_TIME = "/usr/bin/time"


def run_process(argv: list[str], expect: bytes = b"") -> tuple[float, float]:
    """(milliseconds from spawning `argv` to its exit, its peak memory in MB), its
    output read from a pipe.

    The peak comes from GNU time (``%M``, the child's ``ru_maxrss``), which starts it:
    a child forked straight from this process would count this process's memory as its
    own (Linux records the forked copy's peak when exec replaces it), and the benchmark
    holds the large maps.
    """
    start = time.perf_counter()
    proc = subprocess.run(
        [GNU_TIME, "-f", "cxtui-bench-maxrss %M", *argv],
        capture_output=True,
        env=child_env(),
        check=False,
    )
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode != 0 or expect not in proc.stdout:
        raise RuntimeError(
            f"{' '.join(argv[:3])}… exited {proc.returncode}: {proc.stderr.decode()[-500:]}"
        )
    peaks = [line for line in proc.stderr.decode().splitlines() if "cxtui-bench-maxrss" in line]
    return elapsed, int(peaks[-1].split()[-1]) / 1024


def bench_print(settings: Settings, work: Path) -> list[Row]:
    from maps import LIMIT_MAPS

    rows = []
    for size in settings.print_sizes:
        if size in LIMIT_MAPS:
            path = write_limit_map(work / f"print-{size}.toml", size)
            phases, lanes, _ = LIMIT_MAPS[size]
        else:
            phases, lanes = int(size), 6
            path = write_map(work / f"print-{size}.toml", phases)
        rows += _print_rows(settings, path, f"{phases}x{lanes}", phases <= 60)
    return rows


def _print_rows(settings: Settings, path: Path, shape: str, small: bool) -> list[Row]:
    """Time and peak memory of `cxtui print` of `path` against the floor's."""
    title = tomllib.loads(path.read_text())["title"].encode()
    ours = [*CXTUI, "print", str(path), "--width", "200"]
    floor = [PYTHON, str(HERE / "floor_print.py"), str(path), "--width", "200"]
    runs = settings.runs if small else min(settings.runs, settings.print_big_runs)
    ours_runs: list[tuple[float, float]] = []
    floor_runs: list[tuple[float, float]] = []
    alternate(
        replace(settings, runs=runs),
        lambda: _record(ours_runs, run_process(ours, title)),
        lambda: _record(floor_runs, run_process(floor)),
    )
    ours_runs, floor_runs = ours_runs[settings.warmup :], floor_runs[settings.warmup :]
    mib = path.stat().st_size / 2**20
    name = f"1. `cxtui print` {shape} ({mib:.2f} MiB), width 200, to a pipe"
    return [
        ratio_row(f"{name}: time", [t for t, _ in ours_runs], [t for t, _ in floor_runs], 1.2),
        ratio_row(
            f"{name}: peak memory",
            [m for _, m in ours_runs],
            [m for _, m in floor_runs],
            1.2,
            unit="MB",
        ),
    ]


def bench_validate(settings: Settings, work: Path) -> list[Row]:
    files = [str(p) for p in write_folder(work / "many", settings.validate_maps)]
    ours = [*CXTUI, "validate", "-q", *files]
    floor = [PYTHON, str(HERE / "floor_validate.py"), *files]
    a, b = alternate(settings, lambda: time_process(ours), lambda: time_process(floor))
    name = f"5. `cxtui validate -q` of {len(files)} maps"
    return [ratio_row(name, a, b, 1.2)]


def bench_exports(settings: Settings, work: Path) -> list[Row]:
    """`cxtui export` of a 1,000-phase map to each format against tomllib's parse of the
    same file (benchmarks/floor_validate.py): ≤ 2x."""
    from cxtui.interchange import export_formats

    path = write_map(work / "export.toml", settings.export_phases)
    floor = [PYTHON, str(HERE / "floor_validate.py"), str(path)]
    rows = []
    for fmt in export_formats():
        out = work / f"export.{fmt}"
        ours = [*CXTUI, "export", str(path), "--to", fmt, "-o", str(out), "--force"]
        a, b = alternate(
            replace(settings, runs=min(settings.runs, settings.print_big_runs)),
            lambda: time_process(ours),  # noqa: B023 (called at once)
            lambda: time_process(floor),
        )
        name = f"8. `cxtui export --to {fmt}`, {settings.export_phases} phases, vs tomllib's parse"
        rows.append(ratio_row(name, a, b, 2.0))
    return rows


def bench_insights(settings: Settings, work: Path) -> list[Row]:
    path = str(write_map(work / "insights.toml", settings.insights_phases))
    ours = [*CXTUI, "insights", path]
    floor = [*CXTUI, "validate", "-q", path]
    a, b = alternate(
        settings, lambda: time_process(ours, b"The worst moment"), lambda: time_process(floor)
    )
    name = f"9. `cxtui insights` of {settings.insights_phases} phases vs `cxtui validate` of it"
    return [ratio_row(name, a, b, 1.5)]


def bench_library(settings: Settings, work: Path) -> list[Row]:
    """A team's folder of maps: `ls` against `validate` (which reads the same maps), the
    library screen's first rows and responsiveness while it reads, and search."""
    folder = work / "library"
    write_folder(folder, settings.library_maps)
    n = settings.library_maps
    ls = [*CXTUI, "ls", str(folder)]
    validate = [*CXTUI, "validate", "-q", str(folder)]
    a, b = alternate(settings, lambda: time_process(ls), lambda: time_process(validate))
    rows = [ratio_row(f"10a. `cxtui ls DIR` of {n} maps vs `cxtui validate -q DIR`", a, b, 1.5)]

    first: list[float] = []
    everything: list[float] = []
    stalls: list[float] = []
    typical_gaps: list[float] = []
    for _ in range(settings.library_runs):
        shown, read, stall, typical_gap = asyncio.run(_library_reading(folder))
        first.append(shown)
        everything.append(read)
        stalls.append(stall)
        typical_gaps.append(typical_gap)
    rows.append(
        ratio_row(f"10b. library of {n} maps: first rows shown vs all read", first, everything, 0.5)
    )
    typical = median(stalls)
    rows.append(
        Row(f"10c. library of {n} maps: longest event-loop stall while reading (median of "
            f"{len(stalls)} runs)", typical, target="≤ 100 ms", holds=typical <= 100,
            note=f"worst run {max(stalls):.0f} ms; median gap {median(typical_gaps):.1f} ms")
    )  # fmt: skip

    from cxtui.library import read_library, search
    from cxtui.tui.dialogs.search_results import SHOWN_MATCHES

    entries = list(read_library(folder))
    for entry in entries:
        _ = entry.search_fields  # as the library screen makes them while it reads
    times = []
    for query in ("refund", "the mobile app", "zzz-nothing", "a", "Waits for the"):
        start = time.perf_counter()
        search(entries, query, SHOWN_MATCHES + 1)  # what the results dialog asks for
        times.append((time.perf_counter() - start) * 1000)
    answer = max(times)
    rows.append(
        Row(f"10d. search across {n} maps once read (slowest of 5 queries)", answer,
            target="≤ 100 ms", holds=answer <= 100)
    )  # fmt: skip
    return rows


async def _library_reading(folder: Path) -> tuple[float, float, float, float]:
    """Milliseconds from App() to the library's first rows, to all maps read, and the
    longest and the median gap between 10 ms ticks of the event loop meanwhile (its
    stall, and what a key typically waits)."""
    from textual.widgets import DataTable

    from cxtui.tui.app import CxtuiApp
    from cxtui.tui.screens.library_screen import LibraryScreen

    fresh_heap()
    start = time.perf_counter()
    app = CxtuiApp(folder=folder, guard=False)
    first = 0.0
    ticks: list[float] = []
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        while True:
            now = time.perf_counter()
            ticks.append(now)
            if not first and screen.query_one(DataTable).row_count:
                first = (now - start) * 1000
            if not screen.reading:
                break
            await pilot.pause(0.01)
        done = (time.perf_counter() - start) * 1000
    gaps = [(b - a) * 1000 - 10 for a, b in itertools.pairwise(ticks)]
    return first, done, max(gaps, default=0.0), median(gaps) if gaps else 0.0


# -- whole processes in a pty ------------------------------------------------------


@dataclass(frozen=True)
class PtyRun:
    """What a process in a pty did: when the marker appeared, its peak memory."""

    paint_ms: float
    peak_kib: int | None


def _peak_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def run_in_pty(argv: list[str], marker: bytes, settle: float = 0.0, timeout: float = 30) -> PtyRun:
    """Spawn `argv` in a 120x36 pty; the milliseconds until `marker` is written to it.

    With `settle`, wait after the marker until the process writes nothing for
    `settle` seconds (at most 3 s) before reading its peak memory. The process
    is killed at the end.
    """
    cols, rows = TERMINAL_SIZE
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = child_env(TERM="xterm-256color")
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = bytearray()
    painted: float | None = None
    try:
        while painted is None:
            left = timeout - (time.perf_counter() - start)
            if left <= 0 or not _read_some(master, seen, left):
                break
            if marker in seen:
                painted = (time.perf_counter() - start) * 1000
        if painted is None:
            tail = bytes(seen[-300:]).decode(errors="replace")
            raise RuntimeError(f"{argv[0]}: no {marker!r} on the terminal; it wrote …{tail!r}")
        if settle:
            quiet_until = time.perf_counter() + 3
            while time.perf_counter() < quiet_until:
                before = len(seen)
                if not _read_some(master, seen, settle) or len(seen) == before:
                    break
        return PtyRun(painted, _peak_kib(proc.pid))
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def _read_some(fd: int, into: bytearray, wait: float) -> bool:
    """Read what `fd` has within `wait` seconds; False when it is closed."""
    ready, _, _ = select.select([fd], [], [], wait)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        into += chunk
    return True


def _bare_argv() -> list[str]:
    return [PYTHON, str(HERE / "bare_app.py")]


def bench_paint_pty(settings: Settings, work: Path) -> list[Row]:
    from bare_app import MARKER

    path = write_map(work / "paint.toml", settings.paint_phases)
    title = tomllib.loads(path.read_text())["title"].encode()
    ours = [*CXTUI, str(path)]
    a, b = alternate(
        settings,
        lambda: run_in_pty(ours, title).paint_ms,
        lambda: run_in_pty(_bare_argv(), MARKER.encode()).paint_ms,
    )
    name = f"2a. first paint in a pty, {settings.paint_phases} phases (spawn → frame)"
    return [ratio_row(name, a, b, 1.3), *bench_paint_big(settings, work)]


def bench_paint_big(settings: Settings, work: Path) -> list[Row]:
    """First paint in a pty of the large maps, to the first frame with the first phase's
    title (the grid's header): ≤ 1.3x the bare app at 1,000 phases, ≤ 1.6x near 2 MiB."""
    from bare_app import MARKER
    from maps import LIMIT_MAPS

    rows = []
    for size in settings.paint_sizes:
        if size in LIMIT_MAPS:
            path = write_limit_map(work / f"paint-{size}.toml", size)
            phases, lanes, _ = LIMIT_MAPS[size]
        else:
            phases, lanes = int(size), 6
            path = write_map(work / f"paint-{size}.toml", phases)
        marker = tomllib.loads(path.read_text())["phases"][0]["title"].encode()
        ours = [*CXTUI, str(path)]
        a, b = alternate(
            replace(settings, runs=min(settings.runs, settings.print_big_runs)),
            lambda: run_in_pty(ours, marker).paint_ms,  # noqa: B023 (called at once)
            lambda: run_in_pty(_bare_argv(), MARKER.encode()).paint_ms,
        )
        mib = path.stat().st_size / 2**20
        limit = 1.6 if mib > 1.5 else 1.3
        name = f"2e. first paint in a pty, {phases}x{lanes} ({mib:.2f} MiB), to the phase titles"
        rows.append(ratio_row(name, a, b, limit))
    return rows


def bench_memory(settings: Settings, work: Path) -> list[Row]:
    from bare_app import MARKER

    path = write_map(work / "memory.toml", settings.memory_phases)
    title = tomllib.loads(path.read_text())["title"].encode()

    def peak(argv: list[str], marker: bytes) -> float:
        kib = run_in_pty(argv, marker, settle=0.3).peak_kib
        if kib is None:
            raise RuntimeError("no /proc/PID/status: cannot read the peak memory")
        return kib / 1024

    a, b = alternate(
        replace(settings, runs=settings.memory_runs),
        lambda: peak([*CXTUI, str(path)], title),
        lambda: peak(_bare_argv(), MARKER.encode()),
    )
    name = f"6. peak memory (VmHWM) after first paint, {settings.memory_phases} phases"
    return [ratio_row(name, a, b, None, unit="MB")]


# -- headless, in this process ----------------------------------------------------


class FrameClock:
    """Times the frames an app draws, by wrapping `App._display`.

    A headless app composes every frame but skips turning it into terminal
    output; the wrapper does that too (`render_segments`), as a terminal
    would need, then takes the time. `probe`, when set, runs after the time is
    taken (so its cost is not counted) and `hit` keeps the first frame it
    accepts.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.times: list[float] = []
        self.frame = asyncio.Event()
        self.probe: Callable[[], bool] | None = None
        self.hit: float | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)
            now = time.perf_counter()
            self.times.append(now)
            self.frame.set()
            if self.probe is not None and self.hit is None and self.probe():
                self.hit = now

        app._display = display  # type: ignore[method-assign]

    def reset(self) -> None:
        self.times.clear()
        self.frame.clear()
        self.hit = None

    async def settled(self, settle: float, timeout: float = 5.0) -> None:
        """Wait for a frame, then until no new frame comes for `settle` seconds."""
        await asyncio.wait_for(self.frame.wait(), timeout)
        while True:
            count = len(self.times)
            await asyncio.sleep(settle)
            if len(self.times) == count:
                return


def fresh_heap() -> None:
    """Collect the garbage of the apps measured before, as a new process would not have it.

    Without this, a full collection of this process's heap (all the apps run so far)
    lands now and then in a measurement: 90+ ms, where the heap of one editor takes
    about 45 ms (and that one is real: it stays in the measurement when it happens).
    """
    gc.collect()


def screen_text(app: App[Any]) -> list[str]:
    """The lines of text on the app's screen now."""
    from cxtui.tui.compat import screen_lines

    return [strip.text for strip in screen_lines(app.screen)]


def _cxtui_app(path: Path) -> Callable[[], App[Any]]:
    from cxtui.document import Document
    from cxtui.fileformat import read_map
    from cxtui.tui.app import CxtuiApp

    document = Document(read_map(path), path)
    return lambda: CxtuiApp(document, guard=False)


async def _headless_paint(make: Callable[[], App[Any]], marker: str) -> tuple[float, float]:
    """(ms to the end of the first pilot.pause(), ms to the first frame showing `marker`)."""
    fresh_heap()
    start = time.perf_counter()
    app = make()
    clock = FrameClock(app)
    clock.probe = lambda: any(marker in line for line in screen_text(app))
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await pilot.pause()
        paused = time.perf_counter()
        if clock.hit is None:
            raise RuntimeError(f"{type(app).__name__}: {marker!r} not on the screen")
        first = clock.hit
    return (paused - start) * 1000, (first - start) * 1000


def time_headless(argv: list[str], marker: str, timeout: float = 30) -> float:
    """Milliseconds from spawning `argv` with no terminal (benchmarks/frame_driver.py)
    to its first frame showing `marker`.

    Standard input and output are a pty, so that cxtui's "needs a terminal" check
    passes as for a person, but Textual's driver is replaced: nothing is drawn on it.
    """
    master, slave = os.openpty()
    env = child_env(
        TERM="xterm-256color",
        TEXTUAL_DRIVER="frame_driver:FrameDriver",
        CXTUI_BENCH_MARKER=marker,
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
    )
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            argv, stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env, timeout=timeout
        )
    finally:
        os.close(slave)
        os.close(master)
    lines = [line for line in proc.stderr.decode(errors="replace").splitlines()]
    frames = [line.split()[1] for line in lines if line.startswith("frame ")]
    if not frames:
        tail = "\n".join(lines[-8:])
        raise RuntimeError(f"{argv[-1]}: no frame with {marker!r} (exit {proc.returncode}): {tail}")
    return (float(frames[0]) - start) * 1000


def bench_paint_headless(settings: Settings, work: Path) -> list[Row]:
    from bare_app import MARKER

    path = write_map(work / "paint.toml", settings.paint_phases)
    title = tomllib.loads(path.read_text())["title"]
    a, b = alternate(
        settings,
        lambda: time_headless([*CXTUI, str(path)], title),
        lambda: time_headless(_bare_argv(), MARKER),
    )
    n = settings.paint_phases
    name = f"2b. first paint headless, {n} phases (spawn → frame, no terminal)"
    return [ratio_row(name, a, b, 1.3), *bench_paint_in_process(settings, path, title)]


def bench_paint_in_process(settings: Settings, path: Path, title: str) -> list[Row]:
    """Headless in this process, from `App()` on (the imports and the map already done)."""
    from bare_app import MARKER, BareApp

    make_cxtui = _cxtui_app(path)
    ours: list[tuple[float, float]] = []
    floor: list[tuple[float, float]] = []
    alternate(
        settings,
        lambda: _record(ours, asyncio.run(_headless_paint(make_cxtui, title))),
        lambda: _record(floor, asyncio.run(_headless_paint(BareApp, MARKER))),
    )
    ours, floor = ours[settings.warmup :], floor[settings.warmup :]  # drop the warm-up pairs
    n = settings.paint_phases
    # Information, with no target (issue #16): the first paint that counts is the one a
    # person waits for, from spawning `cxtui FILE` (2a in a pty, 2b with no terminal).
    # These compare the editor's widget tree with a single Static inside one process.
    rows = [
        ratio_row(
            f"2c. first paint headless in process, {n} phases (App() → first frame)",
            [x[1] for x in ours],
            [x[1] for x in floor],
            None,
        ),
        ratio_row(
            f"2d. first paint headless in process, {n} phases (App() → idle: end of the "
            "first pilot.pause())",
            [x[0] for x in ours],
            [x[0] for x in floor],
            None,
        ),
    ]
    for row in rows:
        row.target = "info"
    return rows


def _record(into: list[tuple[float, float]], value: tuple[float, float]) -> float:
    """Keep both times of `value` in `into`; return the first (for :func:`alternate`)."""
    into.append(value)
    return value[0]


def key_sequence(count: int, last: int) -> Iterator[tuple[str, int]]:
    """(key, the phase it focuses): right and left by turns, End and Home now and then.

    Every key moves the cursor (a key that changed nothing would draw nothing).
    """
    phase = 0
    for i in range(count):
        if i % 40 == 19:
            key = "end" if phase != last else "home"
        elif i % 40 == 39:
            key = "home" if phase != 0 else "end"
        else:
            key = "right" if i % 2 == 0 else "left"
            if key == "right" and phase == last:
                key = "left"
            elif key == "left" and phase == 0:
                key = "right"
        phase = {"right": phase + 1, "left": phase - 1, "end": last, "home": 0}[key]
        yield key, phase


async def _press(app: App[Any], key: str) -> None:
    from textual import events

    from cxtui.tui.compat import driver_of

    driver = driver_of(app)
    driver.send_message(events.Key(key, None))


async def _key_latencies(
    make: Callable[[], App[Any]],
    count: int,
    settle: float,
    grid: bool = True,
    insights: bool = False,
) -> tuple[list[float], list[float]]:
    """(ms to the first frame, ms to the last frame) of `count` keys.

    With `grid`, the app is cxtui's and each key's effect on the grid is checked; with
    `insights`, its insights panel is open.
    """
    fresh_heap()
    app = make()
    clock = FrameClock(app)
    first: list[float] = []
    last: list[float] = []
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await pilot.pause()
        await asyncio.sleep(settle)
        the_grid = app.map_screen.grid if grid else None  # type: ignore[attr-defined]
        if insights:
            await pilot.press("I")
            await pilot.press("escape")  # the panel open, the grid focused
            await pilot.pause()
            await asyncio.sleep(settle)
        phases = len(the_grid.journey.phases) if the_grid is not None else 1000
        for key, phase in key_sequence(count, phases - 1):
            clock.reset()
            start = time.perf_counter()
            await _press(app, key)
            await clock.settled(settle)
            if the_grid is not None and the_grid.phase != phase:
                raise RuntimeError(f"{key}: the grid is on phase {the_grid.phase}, not {phase}")
            first.append((clock.times[0] - start) * 1000)
            last.append((clock.times[-1] - start) * 1000)
    return first, last


async def _end_latency(make: Callable[[], App[Any]], settle: float) -> float:
    """ms from End in a freshly opened map to the first frame with the last phase in the grid."""
    fresh_heap()
    app = make()
    clock = FrameClock(app)
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await pilot.pause()
        await asyncio.sleep(settle)
        grid = app.map_screen.grid  # type: ignore[attr-defined]
        last = len(grid.journey.phases) - 1
        title = grid.journey.phases[last].title

        def shows_last() -> bool:
            # the grid's second line holds the phase titles
            line = screen_text(app)[grid.region.y + 1]
            return grid.phase == last and title in line

        clock.reset()
        clock.probe = shows_last
        start = time.perf_counter()
        await _press(app, "end")
        await clock.settled(settle)
        if clock.hit is None:
            raise RuntimeError(f"End: {title!r} never showed in the grid's header")
        return (clock.hit - start) * 1000


def bench_keys(settings: Settings, work: Path) -> list[Row]:
    from bare_app import BareApp

    rows: list[Row] = []
    bare_first, bare_last = asyncio.run(
        _key_latencies(BareApp, settings.keys, settings.settle, grid=False)
    )
    runs = [(phases, False) for phases in settings.key_phases]
    runs.append((settings.key_phases[1], True))
    for phases, panel in runs:
        path = write_map(work / f"keys-{phases}.toml", phases)
        first, last = asyncio.run(
            _key_latencies(_cxtui_app(path), settings.keys, settings.settle, insights=panel)
        )
        label = f"3. key → repaint, {phases} phases ({len(last)} keys)"
        if panel:
            label += ", insights panel open"
        for what, ours, floor in (
            ("settled", last, bare_last),
            ("first frame", first, bare_first),
        ):
            for stat, limit, pick in (
                ("median", 16, median),
                ("p99", 50, lambda v: percentile(v, 99)),
            ):
                value, base = pick(ours), pick(floor)
                rows.append(
                    Row(
                        f"{label}: {stat}, {what}",
                        value,
                        base,
                        value / base,
                        target=f"≤ {limit} ms",
                        holds=value <= limit,
                    )
                )
    phases = settings.key_phases[0]
    make = _cxtui_app(work / f"keys-{phases}.toml")
    ends = [asyncio.run(_end_latency(make, settings.settle)) for _ in range(settings.end_runs)]
    rows.append(
        Row(
            f"3. End shows the last phase, {phases} phases (median of {len(ends)} fresh apps)",
            median(ends),
            target="< 50 ms",
            holds=median(ends) < 50,
            note=f"max {max(ends):.1f} ms",
        )
    )
    return rows


# -- typing while a save or a recovery copy is written ------------------------------


async def _keys_during_writes(
    path: Path, writes: int, gap: float
) -> tuple[list[float], list[float], list[float]]:
    """(ms from each key to its first frame while a recovery copy or a save of the map at
    `path` is being written, the same with nothing being written, ms each of those writes
    takes on the editor's thread as it did before they moved off it).

    Writes alternate: a recovery copy (the guard's tick), then ctrl+s's save. Each follows
    a new edit. Keys (right and left by turns) are sent every `gap` seconds, as a person
    types, until the write is done.
    """
    from cxtui import gc_pause
    from cxtui.document import Document
    from cxtui.fileformat import read_map
    from cxtui.model import SetMeta
    from cxtui.recovery import remove_recovery, try_write_recovery
    from cxtui.tui.app import CxtuiApp

    fresh_heap()
    gc_pause.pause()  # as `cxtui FILE` starts: the app resumes collecting after its first frame
    document = Document(read_map(path), path)
    app = CxtuiApp(document, guard=False)
    clock = FrameClock(app)
    busy: list[float] = []
    idle: list[float] = []
    blocked: list[float] = []

    async def key(name: str) -> float:
        clock.reset()
        start = time.perf_counter()
        await _press(app, name)
        await asyncio.wait_for(clock.frame.wait(), 30)
        wait = (clock.times[0] - start) * 1000
        await asyncio.sleep(gap)
        return wait

    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await pilot.pause()
        await asyncio.sleep(0.05)
        screen = app.map_screen
        keys = iter(["right", "left"] * 100_000)
        for n in range(writes):
            journey = document.map
            document.apply(SetMeta(f"Bench edit {n}", journey.kind, journey.description))
            start = time.perf_counter()  # the old way: on the editor's thread
            try_write_recovery(path, document.map)
            blocked.append((time.perf_counter() - start) * 1000)
            remove_recovery(path)
            for _ in range(10):
                idle.append(await key(next(keys)))
            if n % 2 == 0:
                screen.guard.write_recovery_copy(background=True)
            else:
                screen.action_save()
            if not document.writer.busy:
                raise RuntimeError("the write did not start")
            while document.writer.busy:
                busy.append(await key(next(keys)))
            await pilot.pause()
            if n % 2 and document.modified:
                raise RuntimeError("the save did not happen")
    document.writer.wait()
    remove_recovery(path)
    return busy, idle, blocked


def bench_typing_while_writing(settings: Settings, work: Path) -> list[Row]:
    from maps import LIMIT_MAPS

    rows: list[Row] = []
    for name in settings.write_maps:
        if name in LIMIT_MAPS:
            path = write_limit_map(work / f"write-{name}.toml", name)
            phases, lanes, _ = LIMIT_MAPS[name]
        else:
            phases, lanes = 6, 6
            path = write_map(work / f"write-{name}.toml", phases, lanes)
        size = path.stat().st_size / 2**20
        busy, idle, blocked = asyncio.run(
            _keys_during_writes(path, settings.write_count, settings.write_gap)
        )
        label = f"7. a key while a save or copy is written, {phases}x{lanes}, {size:.2f} MiB"
        for stat, limit, pick in (("median", 16, median), ("max", 50, max)):
            value, base = pick(busy), pick(idle)
            rows.append(
                Row(
                    f"{label} ({len(busy)} keys): {stat} (floor: no write)",
                    value,
                    base,
                    value / base,
                    target=f"≤ {limit} ms",
                    holds=value <= limit,
                )
            )
        rows.append(
            Row(
                f"{label}: the write on the editor's thread, as before (each key waited for it)",
                median(blocked),
                target="info",
                note=f"max {max(blocked):.0f} ms",
            )
        )
    return rows


# -- loading and saving -----------------------------------------------------------


def _batch(fn: Callable[[], object], times: int) -> float:
    """Mean milliseconds of `times` calls of `fn`."""
    start = time.perf_counter()
    for _ in range(times):
        fn()
    return (time.perf_counter() - start) * 1000 / times


def bench_files(settings: Settings, work: Path) -> list[Row]:
    import tomli_w

    from cxtui.fileformat import dumps, read_map, save_map

    path = write_map(work / "files.toml", settings.file_phases)
    journey = read_map(path)
    data = tomllib.loads(path.read_text())
    out_ours, out_floor = work / "saved-cxtui.toml", work / "saved-floor.toml"
    n, k = settings.file_phases, settings.file_batch
    rows = []
    a, b = alternate(
        settings,
        lambda: _batch(lambda: read_map(path), k),
        lambda: _batch(lambda: tomllib.loads(path.read_text()), k),
    )
    rows.append(ratio_row(f"4a. load {n} phases: read_map vs tomllib.loads", a, b, 1.5))
    a, b = alternate(
        settings,
        lambda: _batch(lambda: save_map(journey, out_ours), k),
        lambda: _batch(lambda: out_floor.write_text(tomli_w.dumps(data)), k),
    )
    rows.append(ratio_row(f"4b. save {n} phases: save_map vs tomli_w.dumps + write", a, b, 1.5))
    a, b = alternate(
        settings,
        lambda: _batch(lambda: dumps(journey), k),
        lambda: _batch(lambda: tomli_w.dumps(data), k),
    )
    row = ratio_row(f"4c. (part of 4b) fileformat.dumps vs tomli_w.dumps, {n} phases", a, b, None)
    row.target = "info"
    rows.append(row)
    return rows


# -- the table ----------------------------------------------------------------------


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def table(rows: list[Row]) -> str:
    head = ("Benchmark", "cxtui (median)", "floor (median)", "ratio", "target", "holds")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        holds = {True: "yes", False: "**NO**", None: "–"}[row.holds]
        value = _number(row.value, row.unit)
        if row.note:
            value += f" ({row.note})"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "–"
        cells = (row.name, value, _number(row.floor, row.unit), ratio, row.target, holds)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


RUNNERS: dict[str, list[Callable[[Settings, Path], list[Row]]]] = {
    "print": [bench_print],
    "paint": [bench_paint_pty, bench_paint_headless],
    "keys": [bench_keys],
    "writes": [bench_typing_while_writing],
    "files": [bench_files],
    "validate": [bench_validate],
    "exports": [bench_exports],
    "memory": [bench_memory],
    "insights": [bench_insights],
    "library": [bench_library],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="cxtui's benchmarks against their floors (see docs/performance.md)."
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: every benchmark once, tiny maps"
    )
    parser.add_argument(
        "--runs",
        type=int,
        help="alternating cxtui/floor pairs per benchmark (default 15; memory 5)",
    )
    parser.add_argument("--keys", type=int, help="keys per map in the keystroke test (default 200)")
    parser.add_argument(
        "--only", help=f"comma-separated benchmarks to run, of: {', '.join(BENCHMARKS)}"
    )
    parser.add_argument(
        "--print-sizes",
        help="comma-separated maps for `cxtui print` (phases, or wide/large; default "
        "60,300,1000,wide,large: the two at the limits take minutes a run)",
    )
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    chosen = BENCHMARKS if not args.only else tuple(args.only.split(","))
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    settings = Settings.make(args.quick, args.runs, args.keys)
    if args.print_sizes:
        settings = replace(settings, print_sizes=tuple(args.print_sizes.split(",")))

    rows: list[Row] = []
    failed = False
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cxtui-bench-") as folder:
        work = Path(folder)
        for name in chosen:
            for runner in RUNNERS[name]:
                _log(f"{runner.__name__} …")
                try:
                    rows.extend(runner(settings, work))
                except Exception as error:
                    failed = True
                    traceback.print_exc()
                    rows.append(Row(f"{runner.__name__}: FAILED ({error})", None))
    import rich
    import textual

    print(
        f"cxtui benchmarks{' (--quick: smoke test, the numbers mean nothing)' * args.quick}: "
        f"{settings.runs} alternating pair(s) per ratio after {settings.warmup} warm-up; "
        f"Python {platform.python_version()}, Textual {textual.__version__}, "
        f"Rich {_version(rich)}, {os.cpu_count()} CPUs, "
        f"{time.perf_counter() - started:.0f} s\n"
    )
    print(table(rows))
    return 1 if failed else 0


def _version(module: Any) -> str:
    from importlib.metadata import version

    try:
        return version(module.__name__)
    except Exception:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
