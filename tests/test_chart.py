"""The whole-journey emotion chart above the bands of `cxtui print`, and print's insights."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from cxtui.chart import HIGH, LOW, POINT, EmotionChart
from cxtui.fileformat import read_map
from cxtui.model import JourneyMap, Lane, Phase

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]
SAMPLES = Path(__file__).resolve().parent.parent / "sample_maps"
SHOP = SAMPLES / "online-shop-purchase.toml"


def chart_lines(m: JourneyMap, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(EmotionChart(m))
    return out.getvalue().splitlines()


def rated(scores: list[int | None]) -> JourneyMap:
    phases = tuple(Phase(f"Step {i + 1}", emotion=s) for i, s in enumerate(scores))
    return JourneyMap("t", lanes=(Lane("feel", "Feel", "emotion"),), phases=phases)


def column_of(lines: list[str], glyph: str) -> tuple[int, int]:
    """(row, column) of `glyph` in the chart's rows."""
    found = [(r, line.index(glyph)) for r, line in enumerate(lines[:6]) if glyph in line]
    assert len(found) == 1, lines
    return found[0]


def test_the_chart_has_a_scale_numbers_and_the_lowest_and_highest_marked() -> None:
    lines = chart_lines(read_map(SHOP), 80)
    assert lines[0] == "Emotion over the journey (-2..+2)"
    assert [line.split("┤")[0].strip() for line in lines[1:6]] == ["+2", "+1", "0", "-1", "-2"]
    low_row, low_col = column_of(lines, LOW)
    high_row, high_col = column_of(lines, HIGH)
    assert lines[low_row].startswith("-2 ┤") and lines[high_row].startswith("+2 ┤")
    numbers = lines[7]
    assert numbers.split() == ["1", "2", "3", "4", "5", "6", "7"]
    assert numbers[low_col] == "4" and numbers[high_col] == "6"  # under Checkout and Unbox
    assert lines[8] == "▼ lowest: 4 Checkout (-2)   ▲ highest: 6 Unbox and try on (+2)"
    assert sum(line.count(POINT) for line in lines) == 5


@pytest.mark.parametrize("width", [20, 40, 80, 120])
@pytest.mark.parametrize("count", [1, 7, 80, 1000])
def test_the_chart_fits_every_width(width: int, count: int) -> None:
    m = rated([(i * 7) % 5 - 2 for i in range(count)])
    lines = chart_lines(m, width)
    assert max(map(len, lines)) <= width
    assert any(LOW in line for line in lines) == (count > 1)


def test_an_unrated_map_or_one_without_an_emotion_lane_has_no_chart() -> None:
    assert chart_lines(rated([None, None]), 80) == []
    m = JourneyMap("t", lanes=(Lane("a", "A"),), phases=(Phase("x", emotion=1),))
    assert chart_lines(m, 80) == []


def test_a_constant_curve_marks_no_lowest_or_highest() -> None:
    lines = chart_lines(rated([1, 1, None, 1]), 80)
    assert not any(LOW in line or HIGH in line for line in lines)
    assert sum(line.count(POINT) for line in lines) == 3


def test_print_draws_the_chart_above_the_bands_as_plain_text_to_a_pipe(run_cli: RunCli) -> None:
    result = run_cli("print", SHOP, "--width", "80")
    assert result.returncode == 0
    out = result.stdout
    assert "\x1b" not in out
    assert out.index("Emotion over the journey") < out.index("Phases 1–2 of 7")
    assert "What the map says" not in out


def test_print_honours_no_color_in_a_terminal(run_cli: RunCli) -> None:
    out = run_cli("print", SHOP, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "▼ lowest: 4 Checkout" in re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\x1b[38" not in out  # no colour, whatever else a terminal gets


def test_print_insights_and_no_insights(run_cli: RunCli) -> None:
    shown = run_cli("print", SHOP, "--insights").stdout
    assert "What the map says" in shown
    assert shown.index("What the map says") > shown.index("Phases")
    assert "Lowest: The worst moment: phase 4 “Checkout”" in shown
    assert "What the map says" not in run_cli("print", SHOP, "--no-insights").stdout


def test_print_insights_wraps_to_the_width_with_no_trailing_spaces(run_cli: RunCli) -> None:
    lines = run_cli("print", SHOP, "--insights", "--width", "80").stdout.splitlines()
    section = lines[lines.index("What the map says") :]
    assert any(line.startswith("Lowest:") and len(line) > 60 for line in section)  # wrapped
    assert all(len(line) <= 80 and line == line.rstrip() for line in section)


def test_print_against_draws_both_curves_one_over_the_other(run_cli: RunCli) -> None:
    out = run_cli("print", SHOP, "--against", SAMPLES / "online-shop-future.toml").stdout
    current = out.index("Current: Buying running shoes online (-2..+2)")
    future = out.index("Future: Buying running shoes online (future state) (-2..+2)")
    assert current < future < out.index("Phases")


def test_exports_say_what_the_map_says_unless_told_not_to(run_cli: RunCli) -> None:
    for fmt in ("md", "html"):
        assert "What the map says" in run_cli("export", SHOP, "--to", fmt).stdout
        plain = run_cli("export", SHOP, "--to", fmt, "--no-insights").stdout
        assert "What the map says" not in plain and "Checkout" in plain
