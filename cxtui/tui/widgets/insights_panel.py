"""The insights panel: what the map says, under the grid, updated as the map changes.

Each finding is one line (its kind, its phases, its sentence); Enter on one asks the
screen to move the cursor to its phase and lane (:class:`InsightsPanel.Jump`). The
panel computes its report only while it is shown. The map screen mounts it the first
time it is asked for: the editor's first frame neither shows it nor imports it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cxtui.insights import KIND_LABELS, Finding, Report, insights, summary_lines
from cxtui.model import JourneyMap

#: The label colour of each kind (the label says it in words too).
_KIND_STYLES = {
    "lowest": "red", "drop": "red", "valley": "red", "unplanned_pain": "red",
    "fail_point": "red", "wait": "yellow", "touchpoint_needs_work": "yellow",
    "negative_touchpoint": "yellow", "highest": "green", "rise": "green", "peak": "green",
    "positive_touchpoint": "green", "unrated": "grey62", "empty": "grey62",
}  # fmt: skip
LABEL_WIDTH = max(map(len, KIND_LABELS.values())) + 1


def finding_line(m: JourneyMap, finding: Finding) -> Text:
    """One finding on one line: ``Lowest        4  The worst moment: …``."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{KIND_LABELS[finding.kind]:<{LABEL_WIDTH}}", style=_KIND_STYLES[finding.kind])
    where = ",".join(str(i + 1) for i in finding.phases[:3]) or "–"
    if len(finding.phases) > 3:
        where += "…"
    text.append(f"{where:<6}", style="bold")
    text.append(finding.message)
    return text


def target_of(m: JourneyMap, finding: Finding, here: tuple[int, int]) -> tuple[int, int]:
    """Where a finding takes the cursor: (phase, lane) indexes, keeping what it leaves open."""
    phase = finding.phases[0] if finding.phases else here[0]
    lane = next((i for i, x in enumerate(m.lanes) if x.key == finding.lane), here[1])
    return phase, lane


class InsightsPanel(Vertical):
    """The summary on one line, then the findings to choose from."""

    DEFAULT_CSS = """
    InsightsPanel {
        display: none;
        height: 9;
        border-top: solid $accent 50%;
        border-title-color: $text;
        background: $surface;
    }
    InsightsPanel.-shown {
        display: block;
    }
    InsightsPanel #insights-summary {
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $text-muted;
    }
    InsightsPanel OptionList {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border: none;
        padding: 0;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "back to the map", show=False),
    ]

    journey: reactive[JourneyMap | None] = reactive(None)

    class Jump(Message):
        """Back to the grid, its cursor on `finding` (None: where it is)."""

        def __init__(self, finding: Finding | None) -> None:
            self.finding = finding
            super().__init__()

    def __init__(self) -> None:
        super().__init__(id="insights")
        self.report: Report | None = None
        self.border_title = "What the map says · Enter: go there · f/F: next/previous · I: hide"

    def compose(self) -> ComposeResult:
        yield Label("", id="insights-summary", markup=False)
        yield OptionList(id="insights-findings")

    @property
    def shown(self) -> bool:
        """Whether the panel is on the screen."""
        return self.has_class("-shown")

    def show(self, shown: bool) -> None:
        """Show (and fill) or hide the panel."""
        self.set_class(shown, "-shown")
        if shown:
            self.refresh_findings()

    def watch_journey(self) -> None:
        if self.shown:
            self.refresh_findings()

    def refresh_findings(self) -> None:
        """Read the map again and list its findings, keeping the highlighted position."""
        m = self.journey
        if m is None or not self.is_mounted:
            return
        self.report = insights(m)
        summary = " ".join(summary_lines(self.report))
        self.query_one("#insights-summary", Label).update(
            Text(summary, no_wrap=True, overflow="ellipsis")
        )
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(finding_line(m, f)) for f in self.report.findings])
        if self.report.findings and highlighted is not None:  # (None: f starts at the first)
            options.highlighted = min(highlighted, len(self.report.findings) - 1)

    def step(self, direction: int) -> Finding | None:
        """Highlight the next (or previous) finding, and give it."""
        if self.report is None or self.journey is None or not self.report.findings:
            return None
        options = self.query_one(OptionList)
        count = len(self.report.findings)
        current = options.highlighted
        if current is None:
            index = 0 if direction > 0 else count - 1
        else:
            index = (current + direction) % count
        options.highlighted = index
        return self.report.findings[index]

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.report is None or self.journey is None:
            return
        self.post_message(self.Jump(self.report.findings[event.option_index]))

    def action_leave(self) -> None:
        self.post_message(self.Jump(None))
