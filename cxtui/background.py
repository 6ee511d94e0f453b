"""Writing files off the editor's main thread: one job at a time, in the order given.

A map is immutable, so a job can serialise and write the map it was given while the
person goes on editing. Jobs never overlap (a save and a recovery copy never race),
:meth:`SerialWriter.wait` blocks until every job given so far is done, and the thread
is not a daemon: Python waits for a write in flight before it exits.

Serialising holds the GIL (tomli-w and tomllib are pure Python), and a thread that holds
it makes the editor's thread wait up to the switch interval each time that thread gives
it up (every select of the event loop): keys waited up to ~130 ms behind a save of the
largest maps. So the jobs that serialise run in a forked child process
(:func:`in_child`): the thread only waits on a pipe, without the GIL.

While a job runs, no garbage is collected: serialising and reading back a map of 2 MiB
allocates enough to set off full collections, each holding the GIL (and so the editor's
thread) for up to ~90 ms; what the job leaves is freed by reference counting. Python's
switch interval (5 ms) is left as it is: a shorter one made keys wait longer, the two
threads trading the GIL more often (docs/performance.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import os
import pickle
import select
import signal
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class SerialWriter:
    """Runs jobs one after another on a thread of its own (started when there is work)."""

    def __init__(self) -> None:
        self._jobs: deque[tuple[Callable[[], Any], Callable[[Any], None]]] = deque()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._running = False

    @property
    def busy(self) -> bool:
        """Whether a job is queued or running."""
        with self._lock:
            return self._running

    def submit(self, job: Callable[[], T], done: Callable[[T | Exception], None]) -> None:
        """Run `job` after the jobs given before it, then `done` with its result (or the
        exception it raised), both on the writer's thread."""
        with self._lock:
            self._jobs.append((job, done))
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._drain, name="cxtui-writer", daemon=False).start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every job given so far has run; False if `timeout` passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._running, timeout)

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._jobs:
                    self._running = False
                    self._idle.notify_all()
                    return
                job, done = self._jobs.popleft()
            result: Any
            collecting = gc.isenabled()
            gc.disable()  # see the module's docstring
            try:
                result = job()
            except Exception as error:  # handed to `done`: never lost in a thread
                result = error
            finally:
                if collecting:
                    gc.enable()
            with contextlib.suppress(Exception):
                done(result)


def on_loop(loop: asyncio.AbstractEventLoop, handler: Callable[[T], None]) -> Callable[[T], None]:
    """A `done` for :meth:`SerialWriter.submit` that calls `handler` on `loop`'s thread,
    in the context variables of the caller (Textual keeps its active app in one), never
    waiting for it; nothing happens once the loop is closed."""
    context = contextvars.copy_context()

    def post(result: T) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: the app has ended
            loop.call_soon_threadsafe(handler, result, context=context)

    return post


#: How long a child may take before it is killed and the job is run on the thread.
CHILD_TIMEOUT = 120.0
#: Whether :func:`in_child` forks (tests that hold a write in flight with a threading
#: event, which a child's copy would never see set, turn it off).
JOBS_IN_CHILD = True


def in_child(job: Callable[[], T]) -> T:
    """`job()` run in a forked copy of this process, its result (small and picklable)
    sent back through a pipe; raises what the job raised. The copy has the map as it is
    (the memory is shared until written), so nothing is sent to it, and the calling
    thread waits without holding the GIL. Where there is no fork, or it fails, or the
    child dies or hangs, the job runs here instead (it writes whole files by renaming
    a temporary one, so running it again is safe)."""
    if not JOBS_IN_CHILD or not hasattr(os, "fork"):
        return job()
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return job()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return job()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _run_child(job, write_end)
    os.close(write_end)
    data: bytes | None = None
    try:
        data = _read_all(read_end, CHILD_TIMEOUT)
    finally:
        os.close(read_end)
        if data is None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
    answer: tuple[bool, Any] | None = None
    with contextlib.suppress(Exception):  # nothing, or a truncated answer: the child died
        answer = pickle.loads(data) if data else None
    if answer is None:
        return job()
    ok, value = answer
    if not ok:
        raise value
    result: T = value
    return result


def _read_all(fd: int, timeout: float) -> bytes | None:
    """All that `fd` gives until its end, or None after `timeout` seconds."""
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _run_child(job: Callable[[], T], write_end: int) -> None:
    """In the forked child: run `job`, write its pickled outcome to `write_end`, exit
    at once (no exit handlers, no flushing of the editor's buffers or terminal)."""
    status = 1
    try:
        # A signal for the editor (a hang-up, ctrl+c) ends the child, not the editor's
        # handlers in it, and never wakes the editor's event loop through its fd.
        with contextlib.suppress(ValueError, OSError):
            signal.set_wakeup_fd(-1)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(ValueError, OSError):
                signal.signal(number, signal.SIG_DFL)
        try:
            answer = pickle.dumps((True, job()))
        except Exception as error:
            try:
                answer = pickle.dumps((False, error))
            except Exception:  # an error that cannot be pickled
                answer = pickle.dumps((False, RuntimeError(str(error))))
        view = memoryview(answer)
        while view:
            view = view[os.write(write_end, view) :]
        status = 0
    finally:
        os._exit(status)
