"""`benchmarks/run.py --quick` runs every benchmark and prints the table (no timing asserts)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = (
    "1. `cxtui print`",
    "2a. first paint in a pty",
    "2b. first paint headless",
    "2c. first paint headless in process",
    "2d. first paint headless in process",
    "2e. first paint in a pty",
    "3. key → repaint",
    "3. End shows the last phase",
    "4a. load",
    "4b. save",
    "4c.",
    "5. `cxtui validate -q`",
    "6. peak memory",
    "7. a key while a save or copy is written",
    "8. `cxtui export --to svg`",
    "9. `cxtui insights`",
    "10a. `cxtui ls DIR`",
    "10b. library of",
    "10c. library of",
    "10d. search across",
)


def test_quick_benchmarks_run_and_name_every_benchmark() -> None:
    env = {**os.environ, "CI": "true", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "FAILED" not in proc.stdout
    for name in NAMES:
        assert name in proc.stdout, f"{name!r} missing from:\n{proc.stdout}"


def test_the_full_run_measures_the_documented_sizes() -> None:
    """Each size lands in its own field (a positional slip once ran row 9 on 500 phases
    and handed the writes benchmark a number for its list of maps)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
        assert spec is not None and spec.loader is not None
        run = importlib.util.module_from_spec(spec)
        sys.modules["bench_run"] = run
        spec.loader.exec_module(run)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
        sys.modules.pop("bench_run", None)
    full = run.Settings.make(False, None, None)
    assert full.insights_phases == 1000  # issue #11: a 1,000-phase map
    assert full.write_maps == ("wide", "large")
    assert (full.library_maps, full.library_runs) == (500, 5)
    assert run.Settings.make(False, 3, None).library_runs == 3
