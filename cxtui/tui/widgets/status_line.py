"""The status line: file name, modified marker, who else has the map open, and the
focused phase and lane."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cxtui.model import JourneyMap
from cxtui.presence import Presence
from cxtui.render import format_score
from cxtui.tui.widgets.header import fit_parts


class StatusLine(Widget):
    """File name, read-only and modified markers (or when the map was last autosaved),
    who else has the map open (``+1 editing: ana@host since 14:02``; more people: their
    count and names), and the focused phase and lane.

    When the line is too long for the terminal, the phase's title is cut first, then the
    lane's and the file name (to 12 cells), then the names of the others, then the lane
    and the file name further: the phase number, the emotion, "[read-only]",
    "[modified]" and the count of the others stay.
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
    #: The other editors that have the map open, oldest first.
    present: reactive[tuple[Presence, ...]] = reactive(())
    #: When the map was last saved by autosave (``14:02:31``; "" never).
    autosaved: reactive[str] = reactive("")

    def render(self) -> Text:
        name = Text(self.file_name, style="bold")
        parts = [name]
        if self.read_only:
            parts.append(Text(" [read-only]", style="bold red"))
        if self.modified:
            parts.append(Text(" [modified]", style="bold yellow"))
        elif self.autosaved:
            parts.append(Text(f" autosaved {self.autosaved}", style="dim"))
        who = Text()
        if self.present:
            others = self.present
            parts.append(Text(f"  +{len(others)} editing", style="bold magenta"))
            if len(others) == 1:
                who.append(f": {others[0].short()}")
            else:
                who.append(": " + ", ".join(p.user for p in others))
            parts.append(who)
        cuts = [(name, 1), (who, 0)]  # (part, the cells it keeps at least), in order
        m = self.journey
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
            cuts = [(title, 1), (lane, 12), (name, 12), (who, 0), (lane, 1), (name, 1)]
        return fit_parts(parts, cuts, self.size.width)
