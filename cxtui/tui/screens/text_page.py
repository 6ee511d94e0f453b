"""Read-only, scrollable pages of text: :class:`TextPage`, and :class:`ComparePage`
(the changes from one map to another, in either direction)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from cxtui.model import JourneyMap
from cxtui.tui.dialogs.base import Dialog


class TextPage(Dialog[None]):
    """Shows `text` literally; Escape or q closes it. Its title and key hint stay in
    view; only the text scrolls."""

    DEFAULT_CSS = """
    TextPage #text-page {
        width: 100;
        height: 90%;
    }
    TextPage #text-page-body {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "close")]
    hint = "↑↓ PgUp PgDn: scroll · Esc: close"

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.page_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="text-page"):
            yield Label(Content(self.page_title), classes="dialog-title", id="text-page-title")
            with VerticalScroll(id="text-page-body"):
                yield Static(Content(self.text), id="text-page-text")
            yield Label(Content(self.hint), classes="dialog-hint")

    def show(self, title: str, text: str) -> None:
        """Show another `title` and `text`."""
        self.page_title, self.text = title, text
        self.query_one("#text-page-title", Label).update(Content(title))
        self.query_one("#text-page-text", Static).update(Content(text))


def comparison_order(
    ours: tuple[JourneyMap, str], theirs: tuple[JourneyMap, str]
) -> tuple[tuple[JourneyMap, str], tuple[JourneyMap, str]]:
    """(before, after) of two (map, name) pairs: current state → future state whichever
    is open (by their kinds); the open map first when the kinds do not tell."""
    if ours[0].kind == "future-state" and theirs[0].kind != "future-state":
        return theirs, ours
    return ours, theirs


#: The columns the comparison's curves are drawn in (the page is 100 wide).
COMPARE_WIDTH = 94


def comparison(
    before: tuple[JourneyMap, str], after: tuple[JourneyMap, str], *, by_name: bool = False
) -> tuple[str, str]:
    """The title and text of the changes from `before` to `after` (maps and names); the
    curves are labelled by the names with `by_name` (else "Current", "Future")."""
    from cxtui.diff import diff_maps, format_diff
    from cxtui.insights_view import comparison_text

    (a, name_a), (b, name_b) = before, after
    changes = diff_maps(a, b)
    text = format_diff(changes, a, b, "text", name_a, name_b) if changes else ""
    title = f"{name_a} ({a.kind}) → {name_b} ({b.kind})"
    # Both curves one over the other and the headline first (docs/insights.md), then
    # every change.
    labels = (name_a, name_b) if by_name else None
    reading = comparison_text(a, b, name_a, name_b, COMPARE_WIDTH, labels)
    return title, f"{reading}\nWhat changed\n\n{text or 'The maps are the same.'}"


class ComparePage(TextPage):
    """The changes from one map to another; s swaps the sides. With `by_name` the
    curves are labelled by the maps' names (two revisions of one map), not as current
    and future state."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("s", "swap", "swap sides")]
    hint = "s: swap sides · ↑↓ PgUp PgDn: scroll · Esc: close"

    def __init__(
        self,
        before: tuple[JourneyMap, str],
        after: tuple[JourneyMap, str],
        *,
        by_name: bool = False,
    ) -> None:
        self.before, self.after, self.by_name = before, after, by_name
        super().__init__(*comparison(before, after, by_name=by_name))

    def action_swap(self) -> None:
        self.before, self.after = self.after, self.before
        self.show(*comparison(self.before, self.after, by_name=self.by_name))
