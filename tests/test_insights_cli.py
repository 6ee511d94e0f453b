"""`cxtui insights`, run as a user runs it: the installed command, output to a pipe."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from cxtui.fileformat import dumps, read_map
from cxtui.model import SetNotes, SetPhase

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]
SAMPLES = Path(__file__).resolve().parent.parent / "sample_maps"
SHOP = SAMPLES / "online-shop-purchase.toml"
FUTURE = SAMPLES / "online-shop-future.toml"
BLOG = SAMPLES / "blog-to-signup.toml"


def test_text_names_the_worst_moment_and_quotes_its_notes(run_cli: RunCli) -> None:
    result = run_cli("insights", SHOP)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    assert "Lowest: The worst moment: phase 4 “Checkout”, at -2" in out
    assert "    “I just want to pay!”" in out
    assert "Rise: The curve rises 3 steps from phase 5 “Wait for delivery” (-1)" in out
    assert "11 pain points in 7 phases; 100% of those phases have an improvement planned." in out


def test_json_has_the_documented_shape(run_cli: RunCli) -> None:
    result = run_cli("insights", BLOG, "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["file"] == str(BLOG)
    assert data["summary"]["pain_with_improvement"] == 0.5
    unplanned = [f for f in data["findings"] if f["kind"] == "unplanned_pain"]
    assert [f["phases"] for f in unplanned] == [
        [{"index": 2, "title": "Read the post"}],
        [{"index": 6, "title": "Sign up"}],
    ]
    assert unplanned[1]["lane"] == "what_disappoints"
    assert "#pain Phone number and company size are required" in unplanned[1]["notes"]


def test_markdown_is_a_page_with_the_section(run_cli: RunCli) -> None:
    result = run_cli("insights", SHOP, "--format", "md")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# Buying running shoes online"
    assert "## What the map says" in lines
    assert any(line.startswith("- **Lowest:** The worst moment: phase 4") for line in lines)


def test_check_fails_while_pain_has_no_plan_and_passes_once_it_has(
    run_cli: RunCli, tmp_path: Path
) -> None:
    failing = run_cli("insights", BLOG, "--check")
    assert failing.returncode == 1
    assert failing.stderr == ""
    assert "Pain, no plan" in failing.stdout
    m = read_map(BLOG)
    for phase in (1, 5):
        notes = m.phases[phase].notes("what_works")
        m = SetNotes(phase, "what_works", (*notes, "#idea answer it")).apply(m)[0]
    fixed = tmp_path / "fixed.toml"
    fixed.write_text(dumps(m), encoding="utf-8")
    assert run_cli("insights", fixed, "--check").returncode == 0
    assert run_cli("insights", SHOP, "--check").returncode == 0


def test_bad_input_is_one_positioned_line_and_exit_1(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        SHOP.read_text(encoding="utf-8").replace(
            'key = "thoughts"', 'key = "thoughts"\nrole = "pain"'
        ),
        encoding="utf-8",
    )
    result = run_cli("insights", bad)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"cxtui: {bad}:")
    assert "unknown lane role 'pain'" in result.stderr
    assert run_cli("insights", SHOP, "--format", "yaml").returncode == 2


def test_against_leads_with_the_worst_moment_and_pairs_a_renamed_phase(
    run_cli: RunCli, tmp_path: Path
) -> None:
    future = read_map(FUTURE)
    future = SetPhase(3, "Pay in one step", future.phases[3].stage).apply(future)[0]
    renamed = tmp_path / "future.toml"
    renamed.write_text(dumps(future), encoding="utf-8")
    result = run_cli("insights", SHOP, "--against", renamed)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("At the worst moment, phase 4 “Checkout” (-2), the future state")
    assert "phase 4 “Pay in one step”: up 3 steps" in lines[1]
    assert "  4 “Checkout” → 4 “Pay in one step”: -2 → +1 (up 3 steps)" in lines
    assert "  (none) → 8 “Reorder”: – → +2" in lines
    data = json.loads(run_cli("insights", SHOP, "--against", renamed, "--format", "json").stdout)
    checkout = data["phases"][3]
    assert checkout["current"]["title"] == "Checkout"
    assert checkout["future"]["title"] == "Pay in one step"
    assert (checkout["from"], checkout["to"], checkout["change"]) == (-2, 1, 3)
    assert "#pain Forced account creation (35% drop-off at this step)" in checkout["removed_pain"]


def test_against_check_holds_the_future_state(run_cli: RunCli) -> None:
    assert run_cli("insights", BLOG, "--against", SHOP, "--check").returncode == 0
    assert run_cli("insights", SHOP, "--against", BLOG, "--check").returncode == 1
