"""A headless Textual driver that reports the first frame showing a marker.

The headless first-paint benchmark starts the real programs (`cxtui FILE`, and
`python benchmarks/bare_app.py`) with ``TEXTUAL_DRIVER=frame_driver:FrameDriver``,
Textual's own way to replace its driver. The app then has no terminal: no input,
and its frames go to this driver, which writes nothing. Unlike Textual's
HeadlessDriver it is sent every frame as a terminal would be (a headless app skips
turning frames into terminal output); at the first frame that contains
``$CXTUI_BENCH_MARKER`` it writes the time (`time.perf_counter()`, the system-wide
monotonic clock on Linux) to standard error and ends the process.
"""

from __future__ import annotations

import os
import time

from textual.drivers.headless_driver import HeadlessDriver

#: The size the app gets, as the pty benchmark's terminal.
SIZE = (120, 36)


class FrameDriver(HeadlessDriver):
    """No terminal; reports the first frame with the marker on standard error, then exits."""

    marker = os.environ.get("CXTUI_BENCH_MARKER", "")

    @property
    def is_headless(self) -> bool:
        return False  # so that the app renders each frame and writes it here

    def _get_terminal_size(self) -> tuple[int, int]:
        return SIZE

    def write(self, data: str) -> None:
        now = time.perf_counter()
        if self.marker and self.marker in data:
            os.write(2, f"frame {now:.6f}\n".encode())
            os._exit(0)
