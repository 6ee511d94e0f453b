"""The status line: file name, modified marker, and the focused phase and lane."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cxtui.model import JourneyMap
from cxtui.render import format_score
from cxtui.tui.widgets.header import fit_parts


class StatusLine(Widget):
    """File name, read-only and modified markers, and the focused phase and lane.

    When the line is too long for the terminal, the phase's title is cut first, then the
    lane's and the file name (to 12 cells, then further): the phase number, the emotion
    "[read-only]" and "[modified]" stay.
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
    #: The map's number of phases when it is not the journey's (0): a preview of a
    #: large file's first phases shows the whole file's count.
    phase_count: reactive[int] = reactive(0)

    def render(self) -> Text:
        name = Text(self.file_name, style="bold")
        parts = [name]
        if self.read_only:
            parts.append(Text(" [read-only]", style="bold red"))
        if self.modified:
            parts.append(Text(" [modified]", style="bold yellow"))
        cuts = [(name, 1)]  # (part, the cells it keeps at least), in order
        m = self.journey
        if m is not None and m.phases and m.lanes:
            phase = m.phases[min(self.phase, len(m.phases) - 1)]
            lane = Text(m.lanes[min(self.lane, len(m.lanes) - 1)].title, style="bold")
            title = Text()
            title.append(phase.title, style="bold")
            if phase.stage:
                title.append(f" ({phase.stage})", style="dim")
            bar = Text("  │  ", style="dim")
            count = self.phase_count or len(m.phases)
            parts += [bar, Text(f"phase {self.phase + 1}/{count} "), title]
            parts += [bar, lane, bar, Text(f"emotion {format_score(phase.emotion)}")]
            cuts = [(title, 1), (lane, 12), (name, 12), (lane, 1), (name, 1)]
        return fit_parts(parts, cuts, self.size.width)
