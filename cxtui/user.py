"""Who is using cxtui: the name a vote and a presence file record.

The name comes from ``CXTUI_USER`` if it is set, else from ``user = "..."`` in the
config file (:mod:`cxtui.config`: ``$CXTUI_CONFIG``, or ``$XDG_CONFIG_HOME/cxtui/
config.toml``, by default ``~/.config/cxtui/config.toml``), else it is the login name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from cxtui.config import config_path, read_settings
from cxtui.model import voter_name


def current_user(env: Mapping[str, str] = os.environ) -> str:
    """The current user's name for votes and presence (never empty)."""
    name = voter_name(env.get("CXTUI_USER", ""))
    if name:
        return name
    # Only the user is read here: the keys and templates are the editor's to check.
    settings = read_settings(config_path(env), actions={}, templates=())
    return voter_name(settings.user) or "someone"
