"""The map header (title, kind, persona, emotion curve) and the status line."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cxtui.model import JourneyMap
from cxtui.render import format_score, sparkline


class MapHeader(Widget):
    """One line: the map's title and kind, the persona's name, and the emotion curve."""

    journey: reactive[JourneyMap | None] = reactive(None)

    def render(self) -> Text:
        m = self.journey
        if m is None:
            return Text("")
        text = Text(" ")
        text.append(m.title or "Untitled map", style="bold")
        text.append(f"  {m.kind}", style="dim")
        if m.persona is not None and m.persona.name:
            text.append("  · ", style="dim")
            text.append(m.persona.name)
            if m.persona.role:
                text.append(f", {m.persona.role}", style="dim")
        text.append("  · emotion ", style="dim")
        text.append_text(sparkline(m))
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text


class StatusLine(Widget):
    """File name, modified marker, and the focused phase and lane."""

    journey: reactive[JourneyMap | None] = reactive(None)
    file_name: reactive[str] = reactive("untitled")
    modified: reactive[bool] = reactive(False)
    phase: reactive[int] = reactive(0)
    lane: reactive[int] = reactive(0)

    def render(self) -> Text:
        text = Text(" ")
        text.append(self.file_name, style="bold")
        text.append(" [modified]" if self.modified else "", style="bold yellow")
        m = self.journey
        if m is not None and m.phases and m.lanes:
            phase = m.phases[min(self.phase, len(m.phases) - 1)]
            lane = m.lanes[min(self.lane, len(m.lanes) - 1)]
            text.append("  │  ", style="dim")
            text.append(f"phase {self.phase + 1}/{len(m.phases)} ")
            text.append(phase.title, style="bold")
            if phase.stage:
                text.append(f" ({phase.stage})", style="dim")
            text.append("  │  ", style="dim")
            text.append(lane.title, style="bold")
            text.append("  │  ", style="dim")
            text.append(f"emotion {format_score(phase.emotion)}")
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text
