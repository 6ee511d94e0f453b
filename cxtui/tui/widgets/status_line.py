"""The status line: file name, modified marker, merge conflicts left, and the focused
phase and lane."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cxtui.model import Conflict, JourneyMap
from cxtui.render import format_score
from cxtui.tui.widgets.header import fit_parts


class StatusLine(Widget):
    """File name, read-only and modified markers, and the focused phase and lane.

    When the line is too long for the terminal, the phase's title is cut first, then the
    lane's and the file name (to 12 cells, then further): the phase number, the emotion
    "[read-only]", "[modified]" and the merge conflicts ("⚠ 3 conflicts — 1 to
    resolve": since the map last had none, and still to settle) stay.
    """

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    journey: reactive[JourneyMap | None] = reactive(None)
    file_name: reactive[str] = reactive("untitled")
    modified: reactive[bool] = reactive(False)
    read_only: reactive[bool] = reactive(False)
    phase: reactive[int] = reactive(0)
    lane: reactive[int] = reactive(0)

    def __init__(self) -> None:
        super().__init__()
        #: The conflicts the map has had since it last had none.
        self.conflicts_seen: set[Conflict] = set()

    def watch_journey(self, journey: JourneyMap | None) -> None:
        if journey is None or not journey.conflicts:
            self.conflicts_seen = set()
        else:
            self.conflicts_seen.update(journey.conflicts)

    def render(self) -> Text:
        name = Text(self.file_name, style="bold")
        parts = [name]
        if self.read_only:
            parts.append(Text(" [read-only]", style="bold red"))
        if self.modified:
            parts.append(Text(" [modified]", style="bold yellow"))
        m = self.journey
        if m is not None and m.conflicts:
            seen = len(self.conflicts_seen | set(m.conflicts))
            parts.append(
                Text(
                    f" ⚠ {seen} conflict{'s' if seen != 1 else ''} — {len(m.conflicts)} to resolve",
                    style="bold yellow",
                )
            )
        cuts = [(name, 1)]  # (part, the cells it keeps at least), in order
        if m is not None and m.phases and m.lanes:
            phase = m.phases[min(self.phase, len(m.phases) - 1)]
            lane = Text(m.lanes[min(self.lane, len(m.lanes) - 1)].title, style="bold")
            title = Text()
            title.append(phase.title, style="bold")
            if phase.stage:
                title.append(f" ({phase.stage})", style="dim")
            bar = Text("  │  ", style="dim")
            parts += [bar, Text(f"phase {self.phase + 1}/{len(m.phases)} "), title]
            parts += [bar, lane, bar, Text(f"emotion {format_score(phase.emotion)}")]
            cuts = [(title, 1), (lane, 12), (name, 12), (lane, 1), (name, 1)]
        return fit_parts(parts, cuts, self.size.width)
