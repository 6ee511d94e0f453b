"""The status line: file name, modified marker, who else has the map open, merge
conflicts left, and the focused phase and lane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cxtui.model import Conflict, JourneyMap
from cxtui.notation import format_score
from cxtui.tui.widgets.header import fit_parts

if TYPE_CHECKING:
    from cxtui.presence import Presence

#: The autosave mark when there is no room for its time.
AUTOSAVED_SHORT = " autosaved…"
#: The mark of a clean merge when there is no room for whose and when.
MERGED_SHORT = " merged…"


class StatusLine(Widget):
    """File name, read-only and modified markers (or when the map was last autosaved, or
    whose saved changes were last merged in quietly),
    who else has the map open (``+1 editing: ana@host since 14:02``; more people: their
    count and names), and the focused phase and lane.

    When the line is too long for the terminal, the phase's title is cut first, then the
    others' names (to the first name and host), the file name and the lane's title (to
    12 cells; the lane's last, as the grid may cut it), then the autosave mark (whole, or
    "autosaved…", or not at all), then the rest further: the phase number, the emotion,
    "[read-only]", "[modified]", the tag filter (how to clear it), the count of the others
    and the merge conflicts ("⚠ 3 conflicts — 1 to resolve": since the map last had none,
    and still to settle) stay.
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
    tag_filter: reactive[str | None] = reactive(None)
    #: The other editors that have the map open, oldest first.
    present: reactive[tuple[Presence, ...]] = reactive(())
    #: When the map was last saved by autosave (``14:02:31``; "" never).
    autosaved: reactive[str] = reactive("")
    #: The map's number of phases when it is not the journey's (0): a preview of a
    #: large file's first phases shows the whole file's count.
    phase_count: reactive[int] = reactive(0)
    #: The last clean merge of another editor's save (``merged bob's changes 14:03``),
    #: shown in the autosave mark's place until this editor saves ("" none).
    merged: reactive[str] = reactive("")

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
        # The mark is whole, or short (without its time), or not there at all.
        if self.merged:
            full, short = f" {self.merged}", MERGED_SHORT
        else:
            full = f" autosaved {self.autosaved}" if self.autosaved and not self.modified else ""
            short = AUTOSAVED_SHORT
        for wanted in dict.fromkeys((full, short if full else "", "")):
            parts, cuts, mark = self._parts(wanted)
            line = fit_parts(parts, cuts, self.size.width)
            if mark.plain == wanted:
                break
        return line

    def _parts(self, wanted: str) -> tuple[list[Text], list[tuple[Text, int]], Text]:
        """The parts of the line with the autosave mark `wanted`, the cuts that shorten
        it in turn (each part with the cells it keeps at least), and the mark."""
        name = Text(self.file_name, style="bold")
        parts = [name]
        if self.read_only:
            parts.append(Text(" [read-only]", style="bold red"))
        if self.modified:
            parts.append(Text(" [modified]", style="bold yellow"))
        if self.tag_filter is not None:
            parts.append(Text(" "))
            parts.append(Text(f" only #{self.tag_filter} · Esc: all ", style="bold reverse"))
        mark = Text(wanted, style="dim")
        parts.append(mark)
        who = Text()
        floor = 0  # the cells of the others' names kept while the line is cut
        if self.present:
            others = self.present
            parts.append(Text(f"  +{len(others)} editing", style="bold magenta"))
            first = others[0]
            if len(others) == 1:
                who.append(f": {first.short()}")
                floor = len(f": {first.user}@{first.host}…")
            else:
                who.append(": " + ", ".join(p.user for p in others))
                floor = len(f": {first.user},…")
            parts.append(who)
        cuts = [(who, floor), (name, 1), (mark, 0), (who, 0)]
        m = self.journey
        if m is not None and m.conflicts:
            seen = len(self.conflicts_seen | set(m.conflicts))
            parts.append(
                Text(
                    f" ⚠ {seen} conflict{'s' if seen != 1 else ''} — {len(m.conflicts)} to resolve",
                    style="bold yellow",
                )
            )
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
            # (the grid shows the phase's title too; only this line names the others;
            # the lane is cut after the file name: its whole title shows where the grid
            # cuts it)
            cuts = [(title, 1), (who, floor), (name, 12), (lane, 12), (mark, 0), (who, 0)]
            cuts += [(name, 1), (lane, 1)]
        return parts, cuts, mark
