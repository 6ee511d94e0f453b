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

    When the line is too long for the terminal, the phase's title is cut first (to 12
    cells), then the others' names (to the first name and host), the lane's and the file
    name (to 12 cells), then all of these further: the phase number, the emotion,
    "[read-only]", "[modified]" and the count of the others stay.
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
        who_floor = 0  # the cells of the others' names kept while the line is cut
        if self.present:
            others = self.present
            parts.append(Text(f"  +{len(others)} editing", style="bold magenta"))
            first = others[0]
            if len(others) == 1:
                who.append(f": {first.short()}")
                who_floor = len(f": {first.user}@{first.host}")
            else:
                who.append(": " + ", ".join(p.user for p in others))
                who_floor = len(f": {first.user},")
            parts.append(who)
        cuts = [(who, who_floor), (name, 1), (who, 0)]  # (part, cells it keeps at least)
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
            cuts = [(title, 12), (who, who_floor), (lane, 12), (name, 12), (title, 1)]
            cuts += [(who, 0), (lane, 1), (name, 1)]
        return fit_parts(parts, cuts, self.size.width)
