"""Every use of Textual's private API, in one room.

cxtui reaches past Textual's public API in a few places: to read the terminal through
its own input parser, to take away a toast, and (in tests and benchmarks) to reach the
driver, the screen's composed lines and a widget's line cache. All of them are here, and
only here, so that a new Textual breaks one module, and :data:`WRITTEN_FOR` says which
Textual they were written against: a test fails loudly when the installed one differs
(read this module against the new Textual, then move the range).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import textual
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

from cxtui.tui.paste import PasteFilter

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver
    from textual.notifications import Notification
    from textual.screen import Screen
    from textual.strip import Strip
    from textual.widget import Widget

#: The Textual releases (major, minor) whose private API this module was checked against.
WRITTEN_FOR: tuple[tuple[int, int], ...] = ((8, 2),)


def textual_release() -> tuple[int, int]:
    """The installed Textual's (major, minor)."""
    major, minor, *_ = textual.__version__.split(".")
    return int(major), int(minor)


def supported() -> bool:
    """Whether the installed Textual is one this module was checked against."""
    return textual_release() in WRITTEN_FOR


# -- reading the terminal -------------------------------------------------------------


class PasteSafeParser(XTermParser):
    """Textual's terminal input parser, fed through a :class:`~cxtui.tui.paste.PasteFilter`."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self.paste_filter = PasteFilter()

    def feed(self, data: str) -> Iterable[Message]:
        filtered = self.paste_filter(data)
        if data and not filtered:
            # All of it held back or dropped (ESC in a paste, part of its end marker):
            # nothing to parse yet. An empty feed would tell the parser the input ended.
            return ()
        return super().feed(filtered)


def use_paste_safe_parser() -> None:
    """Make Textual's Linux (and macOS) driver read the terminal with :class:`PasteSafeParser`.

    The driver makes its parser from a name of its module, with no setting for it:
    swap it there, when it is the parser this was written for.
    """
    try:
        from textual.drivers import linux_driver
    except ImportError:  # pragma: no cover - Windows has another driver
        return
    names = vars(linux_driver)
    if names.get("XTermParser") is XTermParser:
        names["XTermParser"] = PasteSafeParser


def terminal_parser_class() -> type[Any] | None:
    """The parser class Textual's Linux driver will use (None where there is none)."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # pragma: no cover
        return None
    parser: type[Any] | None = vars(linux_driver).get("XTermParser")
    return parser


# -- toasts -----------------------------------------------------------------------------


def shown_notifications(app: App[Any]) -> list[Notification]:
    """The toasts `app` shows now."""
    return list(app._notifications)


def withdraw_notification(app: App[Any], notification: Notification) -> None:
    """Take a shown toast away (without a refresh: a new one is on its way)."""
    app._unnotify(notification, refresh=False)


# -- for tests and benchmarks -----------------------------------------------------------


def key_event(key: str) -> events.Key:
    """The Key event a terminal sends for the Textual key name or character `key`.

    Like `Pilot.press`, except that a single character is always its own character
    (Pilot drops some, such as the typographic minus "−").
    """
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = None
    return events.Key(key, char)


def driver_of(app: App[Any]) -> Driver:
    """The running app's driver (to feed it key events as a terminal would)."""
    driver = app._driver
    assert driver is not None, "the app is not running"
    return driver


def screen_lines(screen: Screen[Any]) -> list[Strip]:
    """The lines of `screen` as composed now."""
    return list(screen._compositor.render_strips())


def forget_drawn_lines(widget: Widget) -> None:
    """Empty a line-cached widget's cache (e.g. a TextArea's, for a stable snapshot)."""
    cache = getattr(widget, "_line_cache", None)
    if cache is not None:
        cache.clear()
