"""Every sample map's Mermaid export parses with the real Mermaid library.

Runs where node and the npm packages `mermaid` and `jsdom` are available: set
MERMAID_NODE_MODULES to a node_modules folder holding them (for example after
`npm install mermaid jsdom` in /tmp/mmd: MERMAID_NODE_MODULES=/tmp/mmd/node_modules).
Skipped otherwise, so CI needs no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cxtui.fileformat import read_map
from cxtui.interchange.mermaid import dumps as to_mermaid

HERE = Path(__file__).resolve().parent
SAMPLES = sorted((HERE.parent / "sample_maps").glob("*.toml"))
MODULES = os.environ.get("MERMAID_NODE_MODULES", "")

pytestmark = pytest.mark.skipif(
    not (shutil.which("node") and MODULES and (Path(MODULES) / "mermaid").is_dir()),
    reason="needs node and MERMAID_NODE_MODULES with mermaid and jsdom installed",
)


def mermaid_parse(files: list[Path], tmp_path: Path) -> str:
    # Node resolves ES module imports from the script's folder, so run a copy beside them.
    (tmp_path / "node_modules").symlink_to(MODULES)
    script = tmp_path / "check.mjs"
    shutil.copy(HERE / "mermaid" / "check.mjs", script)
    done = subprocess.run(
        ["node", str(script), *map(str, files)], capture_output=True, text=True, timeout=120
    )
    return done.stdout


def test_every_sample_map_exports_to_mermaid_that_mermaid_parses(tmp_path: Path) -> None:
    files = []
    for sample in SAMPLES:
        out = tmp_path / f"{sample.stem}.mmd"
        out.write_text(to_mermaid(read_map(sample)), encoding="utf-8")
        files.append(out)
    bad = tmp_path / "broken.mmd"
    bad.write_text("journey\n  section A\n    A task without a score\n", encoding="utf-8")
    report = mermaid_parse([*files, bad], tmp_path)
    assert [line.split()[0] for line in report.splitlines()] == ["OK"] * len(files) + ["FAIL"]
