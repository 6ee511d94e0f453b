"""Who is using cxtui: the name a vote (and, later, a presence file) records.

The name comes from ``CXTUI_USER`` if it is set, else from ``user = "..."`` in the
config file (``$XDG_CONFIG_HOME/cxtui/config.toml``, by default
``~/.config/cxtui/config.toml``), else it is the login name.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from cxtui.model import voter_name


def config_path(env: Mapping[str, str] = os.environ) -> Path:
    """Where the config file is (it need not exist)."""
    base = env.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "cxtui" / "config.toml"


def current_user(env: Mapping[str, str] = os.environ) -> str:
    """The current user's name for votes (never empty)."""
    name = voter_name(env.get("CXTUI_USER", ""))
    if name:
        return name
    try:
        config = tomllib.loads(config_path(env).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        config = {}
    value = config.get("user")
    if isinstance(value, str) and voter_name(value):
        return voter_name(value)
    try:
        return voter_name(getpass.getuser()) or "someone"
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return "someone"
