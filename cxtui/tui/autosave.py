"""Optional idle autosave (``autosave = N`` in the config file; docs/config.md).

A modified map is saved to its file after N seconds without a key, through the same
background save as ctrl+s. Never for a map without a file or one the user may not write,
never while a dialog or cell editor is open over the map (what is typed there is not in
the map yet), never over a file that changed on disk since it was read (looked at again
on the writer's thread just before writing; the presence check merges another editor's
save first; anything else waits for ctrl+s, which asks),
never while a merge left conflicts to settle (M), and never twice for the same map when
a save did not succeed (its dialog said why).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxtui.model import JourneyMap
    from cxtui.tui.screens.document_screen import DocumentScreen

#: How often, at most, the idle time is looked at (seconds).
CHECK_EVERY = 1.0


def autosave_seconds(screen: DocumentScreen) -> float:
    """The app's ``autosave`` setting (0: off)."""
    settings = getattr(screen.app, "settings", None)
    return float(getattr(settings, "autosave", 0) or 0)


def last_key_at(screen: DocumentScreen) -> float:
    """When the last key or paste reached the app (``time.monotonic``)."""
    return float(getattr(screen.app, "last_key_at", 0.0))


class Autosave:
    """Saves the map of `screen` once it has been idle for the configured time."""

    def __init__(
        self,
        screen: DocumentScreen,
        seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`seconds` (default: the config file's) and `clock` are for tests."""
        self.screen = screen
        self._seconds = seconds
        self.clock = clock
        #: The map a save was last started for: not tried again if it did not succeed.
        self._tried: JourneyMap | None = None
        #: The file changed on disk and that was said (once, until it is saved again).
        self._said_changed = False

    @property
    def seconds(self) -> float:
        """Seconds of idle time before saving (0: autosave is off)."""
        return autosave_seconds(self.screen) if self._seconds is None else self._seconds

    def start(self) -> None:
        """Look at the idle time every second (more often for a shorter setting)."""
        if self.seconds > 0:
            self.screen.set_interval(min(CHECK_EVERY, self.seconds / 2), self.tick)

    def retry(self) -> None:
        """The save was not written (the file changed on disk just before): try the map
        again once the other editor's save is merged in."""
        self._tried = None

    def due(self) -> bool:
        """Whether the map should be saved now."""
        screen, document = self.screen, self.screen.document
        if not document.modified or document.path is None or document.read_only is not None:
            return False
        if screen.saving or document.writer.busy or screen.guard.recovery_pending:
            return False
        if not screen.is_current or document.map is self._tried:
            return False
        if document.map.conflicts:  # settled first (M), then saved
            return False
        return self.clock() - last_key_at(screen) >= self.seconds

    def tick(self) -> None:
        """Save the map if it is due (and its file did not change on disk meanwhile)."""
        if not self.due():
            return
        document = self.screen.document
        if document.changed_on_disk():
            if not self._said_changed:
                self._said_changed = True
                self.screen.notify(
                    f"autosave waits: {document.name} changed on disk. ctrl+s merges or asks.",
                    severity="warning",
                    timeout=8,
                )
            return
        self._said_changed = False
        self._tried = document.map
        self.screen.autosave_now()
