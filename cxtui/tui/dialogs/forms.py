"""Forms for the map as a whole: details, persona, emotion scale, and a new lane.

Tab moves between fields, ctrl+s or ctrl+o (or the OK button) applies, Escape cancels.
In a one-line field Enter applies too; in a list field each line is one item.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, TextArea

from cxtui.model import (
    LANE_KINDS,
    MAP_KINDS,
    EmotionScale,
    JourneyMap,
    Lane,
    LaneKind,
    MapKind,
    Persona,
    kind_name,
)
from cxtui.record import record
from cxtui.tui.dialogs.base import Dialog
from cxtui.tui.widgets.fields import CleanInput, CleanTextArea

FORM_HINT = "Tab: next field · ctrl+s or ctrl+o: OK · Esc: cancel"


T = TypeVar("T")


class FormScreen(Dialog[T | None], Generic[T]):
    """A modal form: subclasses compose fields and build the result in `result()`."""

    DEFAULT_CSS = """
    FormScreen .form {
        width: 80;
    }
    /* Only the fields scroll; FormScreen.fit sets their max-height to the room left. */
    FormScreen .form-body {
        height: auto;
    }
    FormScreen .field-label {
        color: $text-muted;
        margin-top: 1;
    }
    FormScreen .form TextArea {
        height: 5;
    }
    FormScreen .form-error {
        color: $error;
        width: 100%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel"),
        Binding("ctrl+o,ctrl+s", "ok", "OK", priority=True),
    ]
    form_title = "Form"
    AUTO_FOCUS = "Input, TextArea, Select"

    def compose(self) -> ComposeResult:
        # Only the fields scroll: the title, the buttons and the key hint always show,
        # however small the terminal (80x24 included).
        with Vertical(classes="dialog form"):
            yield Label(Content(self.form_title), classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                yield from self.fields()
            error = Label("", id="form-error", classes="form-error")
            error.display = False  # shown with a reason when the form is refused
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Label(FORM_HINT, classes="dialog-hint")

    def on_mount(self) -> None:
        self.call_after_refresh(self.fit)
        # Focusing the first field scrolls it into view, hiding the first label:
        # show the fields from their top instead.
        self.call_after_refresh(self.query_one(VerticalScroll).scroll_home, animate=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Give the fields what the rest of the dialog leaves of the screen: they scroll
        when there is too little room, and the title, the buttons and the key hint show.

        (CSS alone cannot say "the screen less the rest of the dialog" for a dialog
        whose height follows its content.)
        """
        dialog = self.query_one(".form")
        body = self.query_one(".form-body", VerticalScroll)
        # The height of everything but the fields: the dialog's border and padding, the
        # other parts, and the margins between them (neighbouring margins overlap).
        rest = dialog.styles.gutter.height
        margin_above = 0
        for part in dialog.children:
            if not part.display:
                continue
            margin = part.styles.margin
            rest += max(margin_above, margin.top)
            if part is not body:
                rest += part.outer_size.height
            margin_above = margin.bottom
        rest += margin_above
        room = max(3, self.size.height * 9 // 10 - rest)
        if body.styles.max_height is None or body.styles.max_height.value != room:
            body.styles.max_height = room

    def fields(self) -> ComposeResult:
        """The form's fields."""
        yield from ()

    def result(self) -> T:
        """The form's value; raise ValueError (ModelError is one) with a message to refuse it."""
        raise NotImplementedError

    def action_ok(self) -> None:
        try:
            value = self.result()
        except ValueError as error:
            label = self.query_one("#form-error", Label)
            label.update(Content(str(error)))
            label.display = True
            self.call_after_refresh(self.fit)  # the reason takes room from the fields
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def ok_pressed(self) -> None:
        self.action_ok()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_ok()

    def text(self, field_id: str) -> str:
        """The text of the field `field_id`."""
        widget = self.query_one(f"#{field_id}")
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        raise TypeError(field_id)

    def lines(self, field_id: str) -> tuple[str, ...]:
        """The non-blank lines of a list field."""
        return tuple(line.strip() for line in self.text(field_id).splitlines() if line.strip())


def _label(text: str) -> Label:
    return Label(text, classes="field-label")


def _list_area(field_id: str, items: tuple[str, ...]) -> TextArea:
    area = CleanTextArea(
        "\n".join(items), one_item_a_line=True, id=field_id, classes="list-field", soft_wrap=True
    )
    area.show_line_numbers = False
    return area


@record
class MapDetails:
    """What the details form returns."""

    title: str
    kind: MapKind
    description: str | None
    blueprint_lines: bool = True


#: The details form's choice of blueprint lines: (what it says, whether they are drawn).
BLUEPRINT_LINE_CHOICES = (
    ("drawn: lines of interaction, visibility, internal interaction", "on"),
    ("not drawn", "off"),
)


class DetailsForm(FormScreen[MapDetails]):
    """The map's title, kind and description."""

    form_title = "Map details"

    def __init__(self, journey: JourneyMap) -> None:
        super().__init__()
        self.journey = journey

    def fields(self) -> ComposeResult:
        yield _label("Title")
        yield CleanInput(self.journey.title, id="title")
        yield _label("Kind")
        yield Select(
            [(kind_name(kind), kind) for kind in MAP_KINDS], value=self.journey.kind, id="kind",
            allow_blank=False,
        )  # fmt: skip
        yield _label("Description")
        yield CleanTextArea(self.journey.description or "", id="description", soft_wrap=True)
        yield _label("Blueprint lines (between the lanes of blueprint roles)")
        yield Select(
            BLUEPRINT_LINE_CHOICES, value="on" if self.journey.blueprint_lines else "off",
            id="blueprint-lines", allow_blank=False,
        )  # fmt: skip

    def result(self) -> MapDetails:
        kind = self.query_one("#kind", Select).value
        if kind not in MAP_KINDS:
            raise ValueError("choose a kind")
        description = self.text("description").strip()
        lines = self.query_one("#blueprint-lines", Select).value != "off"
        details = MapDetails(self.text("title").strip(), kind, description or None, lines)
        # The model's limits (a title's length...) refuse it here, where the text stays.
        replace(self.journey, title=details.title, kind=kind, description=details.description)
        return details


class PersonaForm(FormScreen[Persona]):
    """Who the map is about."""

    form_title = "Persona (goals, needs and frustrations: one per line)"

    def __init__(self, persona: Persona | None) -> None:
        super().__init__()
        self.persona = persona or Persona()

    def fields(self) -> ComposeResult:
        p = self.persona
        yield _label("Name")
        yield CleanInput(p.name, id="name")
        yield _label("Role")
        yield CleanInput(p.role, id="role")
        yield _label("Quote")
        yield CleanInput(p.quote, id="quote")
        yield _label("Goals")
        yield _list_area("goals", p.goals)
        yield _label("Needs")
        yield _list_area("needs", p.needs)
        yield _label("Frustrations")
        yield _list_area("frustrations", p.frustrations)

    def result(self) -> Persona:
        return Persona(
            name=self.text("name").strip(),
            role=self.text("role").strip(),
            quote=self.text("quote").strip(),
            goals=self.lines("goals"),
            needs=self.lines("needs"),
            frustrations=self.lines("frustrations"),
        )


class ScaleForm(FormScreen[EmotionScale]):
    """The emotion scale's lowest and highest scores."""

    form_title = "Emotion scale (scores outside it are clamped; undo restores them)"

    def __init__(self, scale: EmotionScale) -> None:
        super().__init__()
        self.scale = scale

    def fields(self) -> ComposeResult:
        yield _label("Lowest score")
        yield CleanInput(str(self.scale.min), id="min", type="integer")
        yield _label("Highest score")
        yield CleanInput(str(self.scale.max), id="max", type="integer")

    def result(self) -> EmotionScale:
        try:
            low, high = int(self.text("min")), int(self.text("max"))
        except ValueError:
            raise ValueError("both scores must be whole numbers") from None
        if not low < high <= low + 20:
            raise ValueError("the highest score must be above the lowest, at most 20 apart")
        return EmotionScale(low, high)


@record
class NewLane:
    """What the new-lane form returns."""

    title: str
    kind: LaneKind


class LaneForm(FormScreen[NewLane]):
    """A new lane's title and kind."""

    form_title = "New lane"

    def __init__(self, can_be_emotion: bool) -> None:
        super().__init__()
        self.can_be_emotion = can_be_emotion

    def fields(self) -> ComposeResult:
        yield _label("Title")
        yield CleanInput("", id="title", placeholder="e.g. Touchpoints")
        kinds = [k for k in LANE_KINDS if k == "text" or self.can_be_emotion]
        yield _label("Kind")
        yield Select([(k, k) for k in kinds], value="text", id="kind", allow_blank=False)

    def result(self) -> NewLane:
        title = self.text("title").strip()
        if not title:
            raise ValueError("give the lane a title")
        kind = self.query_one("#kind", Select).value
        lane = NewLane(title, "emotion" if kind == "emotion" else "text")
        Lane(
            "new", lane.title, lane.kind
        )  # the model's limits refuse it here, where the text stays
        return lane
