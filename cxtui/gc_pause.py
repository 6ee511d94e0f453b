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
