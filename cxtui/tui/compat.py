"""Every use of Textual's private API, in one room.

cxtui reaches past Textual's public API in a few places: to read the terminal through
its own input parser, to take away a toast, and (in tests and benchmarks) to reach the
driver, the screen's composed lines and a widget's line cache. All of them are here, and
only here, so that a new Textual breaks one module, and :data:`WRITTEN_FOR` says which
Textual they were written against: a test fails loudly when the installed one differs
(read this module against the new Textual, then move the range).
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

import textual
from textual import events
from textual._context import active_message_pump
from textual._xterm_parser import XTermParser
from textual.dom import NoScreen
from textual.message import Message
from textual.message_pump import MessagePump

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


# -- keys, one at a time ----------------------------------------------------------------


class _KeyInPlace(events.Key, bubble=False):
    """A key event that each node of the focus chain is handed in turn, instead of
    passing it on through the nodes' message queues (see :func:`handle_key_in_order`)."""


_KeyInPlace.handler_name = events.Key.handler_name  # the same handlers as any key


async def handle_key_in_order(app: App[Any], event: events.Key) -> None:
    """Handle a key from the terminal as Textual does, but all of it before the next key.

    Textual hands a key to the focused widget's message queue and goes on to the next
    key; the widget handles what it types itself (a character) and passes the rest up
    through its ancestors' queues to the App, which then runs the widget's binding
    (Backspace, Delete, arrows, ctrl+u...). So when keys arrive in one read (a slow
    link, a paste of keys), a character after a Backspace reaches the field first and
    the Backspace then deletes it: ``zz<BS>w`` gives ``zz``. Here the focused widget,
    each of its ancestors and then the App handle the key in turn, in the App's task,
    the way their own queues would (the same handlers, bindings and ``key_`` methods),
    so the next key starts only when this one is done.
    """
    if not app.app_focus:
        app.app_focus = True
    screen = app.screen
    if screen.maximized is not None and event.key == "escape" and app.escape_to_minimize:
        screen.minimize()
        return
    if app.focused is not None:
        with suppress(NoScreen):
            screen._clear_tooltip()
    if await app._check_bindings(event.key, priority=True):
        return
    key = _KeyInPlace(event.key, event.character)
    key._set_forwarded()
    node: MessagePump | None = app.focused or screen
    while node is not None and node is not app:
        await _dispatch_in(node, key)
        if key._stop_propagation or not node.is_attached or not node.is_parent_active:
            return
        key.prevent_default(False)  # as Textual does when a message bubbles
        node = node._parent
    await _dispatch_in(app, key)


async def _dispatch_in(node: MessagePump, message: Message) -> None:
    """Let `node` handle `message` now, as if its own queue had handed it over."""
    token = active_message_pump.set(node)
    try:
        await node._dispatch_message(message)
    finally:
        active_message_pump.reset(token)


#: How a held event is handled when its turn comes.
Handler = Callable[[events.Event], Awaitable[None]]


async def settle(app: App[Any], rounds: int = 8, timeout: float = 1.0) -> None:
    """Wait until the App and the widgets of its screen have handled what a key made
    them post (an Input's Submitted, a dialog closing, a focus change), as Textual's
    Pilot does between two presses: `rounds` times at most, `timeout` seconds each."""
    for _ in range(rounds):
        try:
            screen = app.screen
        except Exception:  # no screen: the app is ending
            return
        nodes: list[MessagePump] = [app, *screen.walk_children(with_self=True)]
        await _each_handles_what_it_has(nodes, timeout)
        with suppress(Exception):
            if app.screen is screen and all(n._message_queue.empty() for n in nodes[1:]):
                return


async def _each_handles_what_it_has(nodes: list[MessagePump], timeout: float) -> None:
    """Wait until each of `nodes` has handled the messages it holds now."""
    done = asyncio.Event()
    count = 0

    def handled() -> None:
        nonlocal count
        count -= 1
        if count == 0:
            done.set()

    for node in nodes:
        if node.call_later(handled):
            count += 1
    if count:
        with suppress(asyncio.TimeoutError):
            await asyncio.wait_for(done.wait(), timeout)


class KeysOneAtATime:
    """Hands the App's keys (and pastes) over one at a time: the next only once the last
    has been handled (a key by :func:`handle_key_in_order`) and what it set going has
    settled (:func:`settle`), so that keys arriving together act as if typed one by
    one, even when one of them closes a dialog (an Enter) or opens one."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.held: deque[tuple[events.Key | events.Paste, Handler]] = deque()
        self.busy = False
        self._tasks: set[asyncio.Task[None]] = set()

    async def take(self, event: events.Key | events.Paste, handle_paste: Handler) -> None:
        """Handle `event` now, or after the keys before it (in the App's task); a paste
        is handled by `handle_paste` (Textual's own way)."""
        if self.busy:
            self.held.append((event, handle_paste))
            return
        self.busy = True
        await self._handle(event, handle_paste)

    async def _handle(self, event: events.Key | events.Paste, handle_paste: Handler) -> None:
        try:
            if isinstance(event, events.Key):
                await handle_key_in_order(self.app, event)
            else:
                await handle_paste(event)
        finally:
            task = asyncio.create_task(self._settle_then_next())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _settle_then_next(self) -> None:
        try:
            await settle(self.app)
        finally:
            if not self.held or not self.app.call_later(self._next):
                self.held.clear()
                self.busy = False

    async def _next(self) -> None:
        await self._handle(*self.held.popleft())


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
