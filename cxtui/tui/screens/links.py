"""Maps that link: a phase's ``link = "FILE"`` opens the detailed map of that step over
this one (`o`); `b` (or leaving it with `q`) comes back. The header shows the path taken
(breadcrumbs: "Coffee order: Wait › …")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxtui.tui.screens.opening import open_map

if TYPE_CHECKING:
    from cxtui.tui.screens.map_screen import MapScreen


def follow_link(screen: MapScreen) -> None:
    """Open the map the focused phase links to, if it links to one."""
    phase = screen.map.phases[screen.phase]
    if phase.link is None:
        screen.notify(
            f'“{phase.title}” links to no map (a phase links with link = "FILE" in the map file)',
            severity="warning",
        )
        return
    path = screen.document.path
    if path is None:
        screen.notify("save the map first: a link is a file next to the map", severity="warning")
        return
    target = path.parent / phase.link
    if not target.exists():
        screen.notify(
            f"“{phase.title}” links to {phase.link}, which does not exist", severity="error"
        )
        return
    crumb = f"{screen.map.title or 'Untitled map'}: {phase.title}"
    open_map(screen.app, target, guarded=screen.guarded, trail=(*screen.trail, crumb))


def go_back(screen: MapScreen) -> None:
    """Back to the map whose link opened this one (through the unsaved-changes guard)."""
    if not screen.trail:
        screen.notify("this map was not opened from a link: q leaves it", severity="warning")
        return
    screen.action_quit()
