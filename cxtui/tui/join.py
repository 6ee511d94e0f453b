"""A served editor's person says their name (`cxtui serve`: one editor per browser tab).

Every tab is its own person, so when a served editor starts it takes a free guest name
("Guest 2": one that nobody with the map open has) and asks the person for theirs in a
small dialog, prefilled with it (Enter accepts it, Escape keeps it). The name is this
editor's user from then on (:func:`cxtui.user.join_as`): its presence file, the status
line of the other tabs and terminals, and its votes. An editor started with
``CXTUI_USER`` set (``CXTUI_USER=kiosk cxtui serve``) was named already and does not ask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from textual.app import App

from cxtui.tui.served import served_root
from cxtui.user import join_as, named_user

_GUEST = re.compile(r"Guest (\d+)")


def guest_name(taken: Iterable[str]) -> str:
    """The first ``Guest N`` (from 1) that is not in `taken`."""
    numbers = {int(m.group(1)) for name in taken if (m := _GUEST.fullmatch(name))}
    n = 1
    while n in numbers:
        n += 1
    return f"Guest {n}"


def needs_name() -> bool:
    """Whether this editor should ask its person's name: served, and not named yet."""
    return served_root() is not None and not named_user()


def ask_name(app: App[int], map_path: Path | None) -> None:
    """Take a free guest name at once (others see it while the person types), then ask
    for the person's own name over the first screen."""
    from cxtui.presence import announce, others  # (only when served: not on the start path)
    from cxtui.tui.dialogs.prompts import TextPrompt

    taken = [p.user for p in others(map_path)] if map_path is not None else []
    guest = join_as(guest_name(taken))
    if map_path is not None:
        announce(map_path, guest)

    def answered(name: str | None) -> None:
        chosen = join_as(name or "") or guest
        app.notify(f"you are {chosen}: the others see this name, and your votes", timeout=4)

    app.push_screen(
        TextPrompt(
            "Your name, as the others in this map see it",
            guest,
            placeholder=guest,
            hint=f"Enter: join · Esc: join as {guest}",
        ),
        answered,
    )
