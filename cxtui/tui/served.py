"""The editor served to browsers (`cxtui serve`): the folder it may touch.

`cxtui serve` names the served folder in an environment variable that every editor it
starts inherits; the editor then reads and writes maps only under that folder.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The environment variable holding the served folder (set by `cxtui serve`).
ROOT_VARIABLE = "CXTUI_SERVE_ROOT"

#: Keys a browser keeps for itself (a page never sees them), and where their actions are.
BROWSER_KEYS_NOTE = (
    "ctrl+n, ctrl+t, ctrl+w and ctrl+q belong to the browser: "
    "ctrl+p (the command palette) runs every action by name."
)


def served_root() -> Path | None:
    """The folder a served editor may touch (None: not served, no limit)."""
    root = os.environ.get(ROOT_VARIABLE)
    return Path(root).resolve() if root else None


def outside_root(target: Path) -> Path | None:
    """The served folder when `target` lies outside it (links followed), else None."""
    root = served_root()
    if root is None:
        return None
    return None if Path(target).expanduser().resolve().is_relative_to(root) else root


def refusal(target: Path, root: Path) -> str:
    """Why a served editor does not touch `target`."""
    return f"{target} is outside {root}: a map served to browsers keeps to its folder"
