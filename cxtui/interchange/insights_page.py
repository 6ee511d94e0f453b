"""The "What the map says" section of the Markdown and HTML exports (and of
``cxtui insights --format md``): the summary and the findings, every map text escaped."""

from __future__ import annotations

from cxtui.against import Comparison, move_line
from cxtui.insights import KIND_LABELS, Report, summary_lines
from cxtui.interchange.html_page import escape_html as _e
from cxtui.interchange.markdown import md_inline

HEADING = "What the map says"


def markdown_section(report: Report, level: int = 2) -> list[str]:
    """The section as Markdown lines, under a heading of `level`."""
    out = [f"{'#' * level} {HEADING}", ""]
    out += [md_inline(line) for line in summary_lines(report)]
    out = [*out[:2], "  \n".join(out[2:])] if len(out) > 2 else out
    out.append("")
    if not report.findings:
        out.append("Nothing stands out.")
    for finding in report.findings:
        out.append(f"- **{KIND_LABELS[finding.kind]}:** {md_inline(finding.message)}")
        out += [f"  - “{md_inline(note)}”" for note in finding.notes]
    return out


def markdown_comparison(c: Comparison, file: str, against: str) -> list[str]:
    """A current map against its future as Markdown lines."""
    out = [f"# {md_inline(file)} against {md_inline(against)}", "", f"**{md_inline(c.headline)}**"]
    out += ["", "## Phase by phase", ""]
    out += [f"- {md_inline(move_line(c, mv))}" for mv in c.moves]
    for label, attr in (("removes", "removed"), ("keeps", "remaining")):
        items = [(mv, n) for mv in c.moves for n in getattr(mv, attr)]
        out += ["", f"## Pain points the future state {label} ({len(items)})", ""]
        out += [f"- phase {(mv.current or 0) + 1}: “{md_inline(n)}”" for mv, n in items]
    return out


def html_section(report: Report) -> list[str]:
    """The section as HTML lines (a ``<section>`` with a heading, the summary and a list)."""
    out = ['<section class="insights" aria-labelledby="insights-heading">',
           f'<h2 id="insights-heading">{HEADING}</h2>']  # fmt: skip
    out += [f"<p>{_e(line)}</p>" for line in summary_lines(report)]
    if not report.findings:
        out.append("<p>Nothing stands out.</p>")
    else:
        out.append("<ul>")
        for finding in report.findings:
            quotes = "".join(f"<li>“{_e(note)}”</li>" for note in finding.notes)
            notes = f"<ul>{quotes}</ul>" if quotes else ""
            label = KIND_LABELS[finding.kind]
            out.append(f"<li><strong>{label}:</strong> {_e(finding.message)}{notes}</li>")
        out.append("</ul>")
    out.append("</section>")
    return out
