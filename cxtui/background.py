"""Writing files off the editor's main thread: one job at a time, in the order given.

A map is immutable, so a job can serialise and write the map it was given while the
person goes on editing. Jobs never overlap (a save and a recovery copy never race),
:meth:`SerialWriter.wait` blocks until every job given so far is done, and the thread
is not a daemon: Python waits for a write in flight before it exits.

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
