"""Every sample map's Mermaid export parses with the real Mermaid library, and the
diagrams of tests/mermaid_cases.py export to what Mermaid reads as the original.

Runs where node and the npm packages `mermaid` and `jsdom` are available: set
MERMAID_NODE_MODULES to a node_modules folder holding them (for example after
`npm install mermaid jsdom` in /tmp/mmd: MERMAID_NODE_MODULES=/tmp/mmd/node_modules).
Skipped otherwise, so CI needs no network.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from mermaid_cases import ALL, MARKDOWN_PAGE, MERMAID_REJECTS

from cxtui.fileformat import read_map
from cxtui.interchange.mermaid import _UNDO_LOOKALIKE as UNDO_LOOKALIKE
from cxtui.interchange.mermaid import dumps as to_mermaid
from cxtui.interchange.mermaid import loads as from_mermaid

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


def describe(files: list[Path], tmp_path: Path) -> dict[str, dict[str, Any]]:
    """What the real Mermaid reads from each of `files`, by file name."""
    if not (tmp_path / "node_modules").exists():
        (tmp_path / "node_modules").symlink_to(MODULES)
    script = tmp_path / "describe.mjs"
    shutil.copy(HERE / "mermaid" / "describe.mjs", script)
    done = subprocess.run(
        ["node", str(script), *map(str, files)], capture_output=True, text=True, timeout=120
    )
    found = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {Path(d["file"]).name: d for d in found}


_PLACEHOLDER = re.compile("\ufb02\u00b0(\u00b0?)(\\w+)\u00b6\u00df")


def shown(text: str) -> str:
    """Text as Mermaid shows it (entity codes decoded), cxtui's look-alikes read back."""
    text = _PLACEHOLDER.sub(lambda m: chr(int(m[2])) if m[1] else _named(m[2]), text)
    return "".join(UNDO_LOOKALIKE.get(ch, ch) for ch in text).replace("\u200b", "").strip()


def _named(name: str) -> str:
    # Mermaid shows an unknown code with `&` (`&nosuchentity;`); cxtui keeps it as written
    value = html.unescape(f"&{name};")
    return f"#{name};" if value == f"&{name};" else value


def reading(d: dict[str, Any]) -> dict[str, Any]:
    """What a reader of the drawn diagram sees: every text, and the scores in order."""
    return {
        "config": d["config"],
        "title": shown(d["title"]),
        "accTitle": shown(d["accTitle"]),
        "accDescr": shown(d["accDescr"]),
        "sections": [shown(s) for s in d["sections"]],
        "tasks": [(shown(s), shown(t), [shown(p) for p in ps]) for s, t, _, ps in d["tasks"]],
    }


def test_the_issue_15_diagrams_export_to_what_mermaid_reads_as_the_original(
    tmp_path: Path,
) -> None:
    files: list[Path] = []
    for name, text in {**ALL, "markdown-page": MARKDOWN_PAGE}.items():
        original = tmp_path / f"{name}.mmd"
        if name == "markdown-page":
            text = text.split("```mermaid\n")[-1].split("```")[0]  # the journey block
        original.write_text(text, encoding="utf-8")
        exported = tmp_path / f"{name}.export.mmd"
        exported.write_text(to_mermaid(from_mermaid(text, original.name)), encoding="utf-8")
        files += [original, exported]
    seen = describe(files, tmp_path)
    assert len(seen) == len(files)
    for name in [*ALL, "markdown-page"]:
        before, after = seen[f"{name}.mmd"], seen[f"{name}.export.mmd"]
        assert after["ok"], (name, after)
        if name in MERMAID_REJECTS:
            continue
        assert before["ok"], (name, before)
        assert reading(after) == reading(before), name
        scores = [
            (s, a)
            for (_, _, s, _), (_, _, a, _) in zip(before["tasks"], after["tasks"], strict=True)
        ]
        assert [a for _, a in sorted(scores)] == sorted(a for _, a in scores), name
        if all(s in range(1, 6) for s, _ in scores):
            assert all(s == a for s, a in scores), name
