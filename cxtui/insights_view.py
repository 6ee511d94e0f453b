"""What the map says, as Rich text for `cxtui print --insights`."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from cxtui.insights import KIND_LABELS, insights, summary_lines
from cxtui.model import JourneyMap
from cxtui.render import WrappedText, displayed

#: The colour of each kind's label (never the only sign: the label says it in words).
KIND_STYLES = {
    "lowest": "red", "drop": "red", "valley": "red", "unplanned_pain": "red",
    "fail_point": "red", "wait": "yellow", "touchpoint_needs_work": "yellow",
    "negative_touchpoint": "yellow", "highest": "green", "rise": "green", "peak": "green",
    "positive_touchpoint": "green", "unrated": "grey62", "empty": "grey62",
}  # fmt: skip


def insights_section(m: JourneyMap) -> Group:
    """The heading, the summary, and each finding with its notes quoted."""
    report = insights(m)
    lines: list[Text] = [Text("What the map says", style="bold")]
    lines += [WrappedText(displayed(line)) for line in summary_lines(report)]
    if not report.findings:
        lines.append(Text("Nothing stands out.", style="dim"))
    for finding in report.findings:
        line = WrappedText()  # (wraps with no trailing spaces, as the rest of print)
        line.append(f"{KIND_LABELS[finding.kind]}: ", style=f"bold {KIND_STYLES[finding.kind]}")
        line.append(displayed(finding.message))
        lines.append(line)
        lines += [WrappedText(f"    “{displayed(note)}”", style="dim") for note in finding.notes]
    return Group(*lines)


def comparison_text(
    current: JourneyMap,
    future: JourneyMap,
    current_name: str,
    future_name: str,
    width: int,
    labels: tuple[str, str] | None = None,
) -> str:
    """A current map against its future as plain text: both curves one over the other
    (`width` columns, labelled by `labels`, else "Current" and "Future"), then the
    headline, each phase's move and the pain removed or kept."""
    import io

    from rich.console import Console

    from cxtui.against import compare, text_comparison
    from cxtui.chart import charts

    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, highlight=False, markup=False)
    for part in charts(current, future, labels):
        console.print(part)
    c = compare(current, future)
    return out.getvalue().lstrip("\n") + "\n" + text_comparison(c, current_name, future_name)
