"""`cxtui export CURRENT --to html|md --against FUTURE`: both curves one over the other,
the headline and each phase's move, in the page and in Markdown."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import RunCli

from cxtui.against import compare
from cxtui.fileformat import read_map
from cxtui.interchange import against_page, html_page, markdown
from cxtui.interchange.html_page import PAGE_BACKGROUNDS, contrast
from cxtui.model import JourneyMap

SAMPLES = Path(__file__).resolve().parents[1] / "sample_maps"
CURRENT = SAMPLES / "online-shop-purchase.toml"
FUTURE = SAMPLES / "online-shop-future.toml"
POLYLINE = re.compile(r'<polyline class="vs-curve (current|future)" points="([^"]*)"/>')


def curves(page: str) -> dict[str, list[list[tuple[float, float]]]]:
    """Each side's polylines in the page, as lists of (x, y)."""
    found: dict[str, list[list[tuple[float, float]]]] = {"current": [], "future": []}
    for side, points in POLYLINE.findall(page):
        pairs = [tuple(map(float, point.split(","))) for point in points.split()]
        found[side].append([(x, y) for x, y in pairs])
    return found


def score_at(y: float, low: int, high: int) -> float:
    """The score a y of the chart stands for (the inverse of its scale)."""
    fraction = (y - against_page.TOP) / against_page.PLOT_HEIGHT
    return round(high - fraction * (high - low), 6)


def renamed_future(current: JourneyMap) -> JourneyMap:
    """A future copy made in the test: the worst phase renamed and raised, one unrated."""
    phases = list(current.phases)
    worst = min(range(len(phases)), key=lambda i: phases[i].emotion or 0)
    phases[worst] = replace(phases[worst], title="Pays as a guest", emotion=1, cells={})
    phases[0] = replace(phases[0], emotion=None)
    return replace(current, title="Future", kind="future-state", phases=tuple(phases))


def test_the_page_draws_both_curves_through_every_score() -> None:
    current, future = read_map(CURRENT), read_map(FUTURE)
    page = html_page.dumps(current, against=future)
    drawn = curves(page)
    assert len(drawn["current"]) == 1 and len(drawn["future"]) == 1
    low = min(current.scale.min, future.scale.min)
    high = max(current.scale.max, future.scale.max)
    moves = compare(current, future).moves
    for side, line in (("current", drawn["current"][0]), ("future", drawn["future"][0])):
        expected = [mv.before if side == "current" else mv.after for mv in moves]
        assert [score_at(y, low, high) for _, y in line] == [v for v in expected if v is not None]
        xs = [x for x, _ in line]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
    # the future state's extra phase stands in a column of its own, right of the others
    assert drawn["future"][0][-1][0] > drawn["current"][0][-1][0]
    assert [p.emotion for p in current.phases] == [
        score_at(y, low, high) for _, y in drawn["current"][0]
    ]


def test_a_renamed_phase_pairs_and_the_headline_leads() -> None:
    current = read_map(CURRENT)
    future = renamed_future(current)
    page = html_page.dumps(current, against=future)
    c = compare(current, future)
    assert "Pays as a guest" in c.headline and "up 3 steps" in c.headline
    section = page[page.index('<section class="against"') :]
    assert section.index(html.escape(c.headline)) < section.index("<figure>")
    worst = next(i for i, p in enumerate(future.phases) if p.title == "Pays as a guest")
    row = re.findall(r'<tr><th scope="row">(.*?)</tr>', section)[worst]
    assert current.phases[worst].title in row and "Pays as a guest" in row and "up 3" in row
    drawn = curves(page)
    current_x = [x for x, _ in drawn["current"][0]]
    future_x = [x for run in drawn["future"] for x, _ in run]
    assert current_x[worst] in future_x  # one column: the pair is drawn one over the other
    assert future_x[0] == current_x[1]  # the unrated first phase of the future has no point


def test_an_unrated_phase_breaks_a_curve_into_two_lines() -> None:
    current = read_map(CURRENT)
    phases = list(current.phases)
    phases[3] = replace(phases[3], emotion=None)
    future = replace(current, phases=tuple(phases))
    drawn = curves(html_page.dumps(current, against=future))
    assert [len(run) for run in drawn["future"]] == [3, len(phases) - 4]


def test_the_lowest_point_the_legend_and_the_text_equivalent() -> None:
    current, future = read_map(CURRENT), read_map(FUTURE)
    page = html_page.dumps(current, against=future)
    worst = min(p.emotion for p in current.phases if p.emotion is not None)
    figure = page[page.index("<figure>") : page.index("</figure>")]
    rings = figure.count('<circle class="worst"')
    assert rings == sum(p.emotion == worst for p in current.phases) and rings >= 1
    assert "solid line, round points" in page and "dashed line, square points" in page
    assert "Ring: the current state's lowest point" in page
    assert 'role="img" aria-labelledby="against-caption"' in page
    assert '<figcaption id="against-caption">' in page
    table = page[page.index('<table class="moves">') : page.index("</table>", page.index("moves"))]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table)
    assert len(rows) == len(compare(current, future).moves)
    for phase, row in zip(current.phases, rows, strict=False):
        assert phase.title in row and html_page.score_label(phase.emotion) in row
    assert "(none)" in rows[-1] and future.phases[-1].title in rows[-1]


def test_the_curves_differ_in_more_than_colour_and_read_on_every_background() -> None:
    css = against_page.CSS
    assert "stroke-dasharray" in css.split(".against .future")[1].split("}")[0]
    assert "stroke-dasharray" not in css.split(".against .current")[1].split("}")[0]
    forced = css.split("forced-colors: active")[1]
    for part in (".current", ".future", ".point-current", ".point-future", ".worst", ".halo"):
        assert part in forced  # high contrast: every mark and the label's halo in system colours
    for colour in (against_page.CURRENT_COLOUR, against_page.FUTURE_COLOUR):
        assert all(contrast(colour, bg) >= 4.5 for bg in PAGE_BACKGROUNDS)


def test_map_text_is_escaped_in_the_chart_and_table() -> None:
    current = read_map(CURRENT)
    phases = (replace(current.phases[0], title="<script>x</script> & co"), *current.phases[1:])
    future = replace(current, title="<b>future</b>", phases=phases)
    page = html_page.dumps(current, against=future)
    section = page[page.index('<section class="against"') :]
    section = section[: section.index("</section>")]
    assert "<script>" not in section and "<b>future" not in section
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in section


def test_markdown_gives_the_scores_current_to_future() -> None:
    current, future = read_map(CURRENT), read_map(FUTURE)
    text = markdown.dumps(current, against=future)
    section = text[text.index("## Against the future state") :]
    assert f"**{markdown.md_inline(compare(current, future).headline)}**" in section
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    rows = [row for row in rows if not row.startswith("|---")]
    for phase, row in zip(current.phases, rows, strict=False):
        assert row.startswith(f"| {current.phases.index(phase) + 1}. {phase.title} | ")
    assert markdown.dumps(current) == markdown.dumps(current, against=None)


def test_the_cli_exports_a_page_against_a_future(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    done = run_cli("export", CURRENT, "--to", "html", "--against", FUTURE, "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    assert len(curves(page)["future"]) == 1
    assert page.index("Against the future state") < page.index("Journey map</h2>")
    md = run_cli("export", CURRENT, "--to", "md", "--against", FUTURE).stdout
    assert "## Against the future state" in md


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--to", "csv"], "--against: works with --to html or --to md"),
        (["--to", "md", "--linear"], "--against: works with --to html or --to md"),
    ],
)
def test_the_cli_refuses_against_where_it_means_nothing(
    run_cli: RunCli, extra: list[str], message: str
) -> None:
    done = run_cli("export", CURRENT, *extra, "--against", FUTURE)
    assert done.returncode == 1 and message in done.stderr and not done.stdout


def test_a_broken_future_map_is_reported_and_nothing_written(
    run_cli: RunCli, tmp_path: Path
) -> None:
    broken = tmp_path / "future.toml"
    broken.write_text('cxtui = 1\ntitle = "F"\nkind = "nope"\n', "utf-8")
    out = tmp_path / "page.html"
    done = run_cli("export", CURRENT, "--to", "html", "--against", broken, "-o", out)
    assert done.returncode == 1 and f"{broken}:3:" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()
    refused = run_cli("export", CURRENT, "--to", "html", "--against", broken, "-o", broken)
    assert refused.returncode == 1 and not out.exists()
    assert broken.read_text("utf-8").endswith('"nope"\n')
