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

#: The environment variable that names the user (a served editor sets it for itself
#: when its person says their name).
USER_VARIABLE = "CXTUI_USER"


def named_user(env: Mapping[str, str] = os.environ) -> str:
    """The name ``CXTUI_USER`` gives ("" when it is unset or blank)."""
    return voter_name(env.get(USER_VARIABLE, ""))


def join_as(name: str) -> str:
    """From now on this process is `name` (cleaned) for presence and votes: a served
    editor's person, one per browser tab. Returns the name as recorded."""
    cleaned = voter_name(name)
    if cleaned:
        os.environ[USER_VARIABLE] = cleaned
    return cleaned


def current_user(env: Mapping[str, str] = os.environ) -> str:
    """The current user's name for votes and presence (never empty)."""
    name = named_user(env)
    if name:
        return name
    # Only the user is read here: the keys and templates are the editor's to check.
    settings = read_settings(config_path(env), actions={}, templates=())
    return voter_name(settings.user) or "someone"
