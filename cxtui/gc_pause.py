"""No garbage collection while cxtui starts.

Starting allocates much and frees little (modules, classes, the map it reads), and
Python's collector would walk that growing heap again and again while it does: tens of
milliseconds of the editor's first paint. :mod:`cxtui.start` pauses collection before
the command line is imported; the editor resumes it after its first frame, every other
command once it has chosen to run.
"""

from __future__ import annotations

import gc


def pause() -> None:
    """Collect no garbage until :func:`resume`."""
    gc.disable()


def resume() -> None:
    """Collect garbage again, if it was paused. The start-up heap, which lives as long as
    the process, is frozen first, so that later full collections skip it."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def keep_alive_now() -> None:
    """Take every object alive now out of later full collections (:func:`gc.freeze`): for
    a heap that will live as long as the process, such as the maps a library has read. A
    full collection walks the whole heap holding the GIL, so without this each one takes
    longer as the library reads more maps: up to ~270 ms on 500 maps (docs/performance.md)."""
    gc.freeze()
