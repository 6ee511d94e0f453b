"""Opening the editor from the command line (placeholder until the editor lands)."""

from __future__ import annotations


def run_editor(file: str | None) -> int:
    """Open `file` in the editor; returns the exit code."""
    raise SystemExit("cxtui: the editor is not built yet")
