"""The main screen: the map grid and every editing action of the key contract."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import cached_property, partial
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.reactive import reactive
from textual.widgets import Static

from cxtui.model import (
    MARK_LABELS,
    MARKS,
    Batch,
    Edit,
    InsertLane,
    InsertPhase,
    JourneyMap,
    Lane,
    ModelError,
    MovePhase,
    Phase,
    RemoveLane,
    RemovePhase,
    RenameLane,
    RenameStage,
    ReplaceMap,
    SetBlueprintLines,
    SetEmotion,
    SetLaneKind,
    SetLaneRole,
    SetMeta,
    SetNotes,
    SetPersona,
    SetPhase,
    SetScale,
    ToggleVote,
    cycle_judgment,
    nudge_emotion,
    slug,
    tags_in,
    toggle_mark,
)
from cxtui.model import MoveLane as MoveLaneEdit
from cxtui.notation import format_score, marks_symbols, marks_words
from cxtui.tui.keys import bindings
from cxtui.tui.screens.document_screen import DocumentScreen
from cxtui.tui.widgets.grid import MapGrid
from cxtui.tui.widgets.header import MapHeader
from cxtui.tui.widgets.key_bar import KeyBar
from cxtui.tui.widgets.status_line import StatusLine

# The modal screens (cell editor, dialogs, forms, help, text pages) and the insights
# panel are imported by the methods that open them: the first frame needs none of them
# (~30 ms of imports).

if TYPE_CHECKING:
    from cxtui.model import EmotionScale, Persona
    from cxtui.tui.dialogs.forms import MapDetails, NewLane
    from cxtui.tui.widgets.insights_panel import InsightsPanel


#: Below this size the screen asks for a larger terminal instead of drawing the map.
MIN_WIDTH, MIN_HEIGHT = 40, 10


class MapScreen(DocumentScreen):
    """The grid of one map, with its header, status line and key bar."""

    BINDINGS: ClassVar[list[BindingType]] = bindings()  # type: ignore[assignment]

    #: The focused cell (phase, lane), kept inside the map; the grid and the status
    #: line are data-bound to it.
    phase: reactive[int] = reactive(0)
    lane: reactive[int] = reactive(0)
    #: The links followed to this map (breadcrumbs; see cxtui.tui.screens.links).
    trail: reactive[tuple[str, ...]] = reactive(())
    #: The tag whose notes alone the grid shows (None: every note); Escape clears it.
    #: Only the view changes: editing a cell still edits all its notes.
    tag_filter: reactive[str | None] = reactive(None)

    def compose(self) -> ComposeResult:
        journey, phase, lane = MapScreen.journey, MapScreen.phase, MapScreen.lane
        tag_filter = MapScreen.tag_filter
        yield MapHeader().data_bind(journey, MapScreen.trail)
        yield MapGrid(id="grid").data_bind(journey, phase, lane, tag_filter)
        yield StatusLine().data_bind(
            journey,
            MapScreen.modified,
            MapScreen.file_name,
            MapScreen.read_only,
            MapScreen.phase_count,
            phase,
            lane,
            tag_filter,
            MapScreen.present,
            MapScreen.autosaved,
            MapScreen.merged,
        )
        yield Static(
            f"Terminal too small\nfor the map: make it\nat least {MIN_WIDTH}x{MIN_HEIGHT},\n"
            "or press q to quit.",
            id="too-small",
        )
        yield KeyBar()

    def on_resize(self) -> None:
        self.set_class(self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT, "too-small")

    def on_mount(self) -> None:
        from cxtui.tui.terminal_palette import follow_terminal_palette

        follow_terminal_palette(self)
        self.on_resize()
        self.grid.focus()
        if self.map.conflicts:
            count = len(self.map.conflicts)
            self.notify(
                f"{count} merge conflict{'s' if count != 1 else ''}: press M to settle them",
                severity="warning",
                timeout=10,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo and redo are dimmed in the key bar (None) when there is nothing to undo
        or redo."""
        if action == "undo":
            return True if self.document.can_undo else None
        if action == "redo":
            return True if self.document.can_redo else None
        return True

    @cached_property
    def undo_redo_keys(self) -> dict[str, str]:
        """The keys of undo and redo (as the keymap made them) and their actions."""
        return {
            key: active.binding.action
            for key, active in self.active_bindings.items()
            if active.binding.action in ("undo", "redo")
        }

    def on_key(self, event: events.Key) -> None:
        """A dimmed key (undo or redo with nothing to do) says so instead of doing nothing."""
        action = self.undo_redo_keys.get(event.key)
        if action is not None and not self.check_action(action, ()):
            self.notify(f"nothing to {action}")

    @property
    def grid(self) -> MapGrid:
        """The grid widget."""
        return self.query_one(MapGrid)

    def validate_phase(self, value: int) -> int:
        return max(0, min(value, len(self.map.phases) - 1))

    def validate_lane(self, value: int) -> int:
        return max(0, min(value, len(self.map.lanes) - 1))

    def watch_journey(self) -> None:
        # Keep the cursor inside a map that lost phases or lanes.
        self.phase, self.lane = self.phase, self.lane

    def move_to(self, phase: int, lane: int) -> None:
        """Focus the cell at (`phase`, `lane`) (kept inside the map)."""
        self.phase, self.lane = phase, lane

    @on(MapGrid.Clicked)
    def cell_clicked(self, event: MapGrid.Clicked) -> None:
        self.move_to(event.phase, event.lane)

    @on(MapGrid.CellActivated)
    def cell_activated(self) -> None:
        self.action_edit_cell()

    # -- applying edits ----------------------------------------------------

    def apply(
        self,
        edit: Edit,
        focus: tuple[int, int] | None = None,
        *,
        merge_with: Edit | None = None,
    ) -> bool:
        """Apply `edit` to the document; say why not if the model refuses it."""
        try:
            self.document.apply(edit, merge_with=merge_with)
        except ModelError as error:
            self.notify(str(error), severity="warning")
            return False
        if focus is not None:
            self.move_to(*focus)
        return True

    @contextmanager
    def refusals(self) -> Iterator[None]:
        """Around code that builds model values (a new phase, a lane): if the model
        refuses one (a limit, an invariant), say why instead of crashing."""
        try:
            yield
        except ModelError as error:
            self.notify(str(error), severity="warning")

    def problem_with(self, edit: Edit) -> str | None:
        """Why the model would refuse `edit` on the map now (None if it would not)."""
        try:
            edit.apply(self.map)
        except ModelError as error:
            return str(error)
        return None

    @property
    def here(self) -> tuple[int, int]:
        """The focused (phase, lane)."""
        return self.phase, self.lane

    # -- moving --------------------------------------------------------------

    def action_move(self, dx: int, dy: int) -> None:
        self.move_to(self.phase + dx, self.lane + dy)

    def action_first_phase(self) -> None:
        self.phase = 0

    def action_last_phase(self) -> None:
        self.phase = len(self.map.phases) - 1

    def action_page(self, direction: int) -> None:
        self.phase += direction * self.grid.visible_phases

    def action_next_cell(self) -> None:
        phase, lane = self.here
        if phase + 1 < len(self.map.phases):
            self.move_to(phase + 1, lane)
        else:
            self.move_to(0, (lane + 1) % len(self.map.lanes))

    def action_previous_cell(self) -> None:
        phase, lane = self.here
        if phase > 0:
            self.move_to(phase - 1, lane)
        else:
            self.move_to(len(self.map.phases) - 1, (lane - 1) % len(self.map.lanes))

    def action_toggle_density(self) -> None:
        grid = self.grid
        grid.set_view("normal" if grid.view == "compact" else "compact")
        if grid.view == "compact":
            shown = min(grid.visible_phases, len(self.map.phases))
            self.notify(f"compact columns: {shown} of {len(self.map.phases)} phases in view")
        else:
            self.notify("normal columns")

    def action_widen_phase(self) -> None:
        grid = self.grid
        grid.set_view("normal" if grid.view == "wide" else "wide")
        phase = self.map.phases[grid.phase].title
        self.notify(f"{phase}: every note in view" if grid.view == "wide" else "normal columns")

    def tagged_cells(self, tag: str) -> list[tuple[int, int]]:
        """The (phase, lane) of every cell with a note tagged `tag`, phase by phase."""
        return [
            (p, lane_index)
            for p, phase in enumerate(self.map.phases)
            for lane_index, lane in enumerate(self.map.lanes)
            if any(tag in tags_in(note) for note in phase.notes(lane.key))
        ]

    def go_to_tag(self, tag: str) -> None:
        """Focus the next cell (after the focused one) with a note tagged `tag`."""
        cells = self.tagged_cells(tag)
        if not cells:
            self.notify(f"no note is tagged #{tag}")
            return
        here = self.here
        after = [cell for cell in cells if cell > here]
        target = after[0] if after else cells[0]
        self.move_to(*target)
        self.notify(f"#{tag}: cell {cells.index(target) + 1} of {len(cells)}")

    def shown_notes(self, notes: tuple[str, ...]) -> tuple[str, ...]:
        """Those of `notes` the grid shows (all of them unless a tag filter is on)."""
        tag = self.tag_filter
        return notes if tag is None else tuple(n for n in notes if tag in tags_in(n))

    def show_only_tag(self, tag: str) -> None:
        """Show only the notes tagged `tag` (Escape shows all again)."""
        cells = self.tagged_cells(tag)
        count = sum(
            tag in tags_in(note)
            for phase in self.map.phases
            for notes in phase.cells.values()
            for note in notes
        )
        self.tag_filter = tag
        notes = "1 note" if count == 1 else f"{count} notes"
        where = "" if not count else f" in {len(cells)} cell{'s' if len(cells) != 1 else ''}"
        self.notify(f"only the notes tagged #{tag}: {notes}{where} · Esc shows all", timeout=4)

    def action_show_all_notes(self) -> None:
        if self.tag_filter is not None:
            self.tag_filter = None
            self.notify("all notes shown", timeout=2)

    # -- cells and emotions ----------------------------------------------------

    def action_edit_cell(self) -> None:
        from cxtui.tui.dialogs.cell_editor import CellEditor
        from cxtui.tui.dialogs.prompts import TextPrompt

        phase_index, lane_index = self.here
        phase, lane = self.map.phases[phase_index], self.map.lanes[lane_index]
        if lane.kind == "emotion":
            scale = self.map.scale
            self.ask(
                TextPrompt(
                    f"Emotion of “{phase.title}” "
                    f"({scale.min:+d} to {scale.max:+d}; empty: unrated)",
                    "" if phase.emotion is None else str(phase.emotion),
                    hint="Enter: OK · Esc: cancel · on the map, + and - nudge it",
                ),
                lambda text: self._set_emotion_text(phase_index, text),
            )
            return

        def written(notes: list[str]) -> Edit | None:
            """The notes as edits: a line whose prefix names another lane (`pain: …`)
            goes to that lane of the same phase; None when nothing changes."""
            from cxtui.interchange.outline import routed_notes

            cells = routed_notes(self.map, phase_index, lane.key, notes)
            edits = [SetNotes(phase_index, key, value) for key, value in cells.items()]
            if len(edits) < 2:
                return edits[0] if edits else None
            return Batch(tuple(edits), "edit notes")

        def refused(notes: list[str]) -> str | None:
            """Why the model would refuse these notes (the editor then stays open)."""
            edit = written(notes)
            return None if edit is None else self.problem_with(edit)

        def edited(notes: list[str] | None) -> None:
            # The editor gives the notes without blank lines: the model keeps them as given.
            edit = None if notes is None else written(notes)
            if edit is not None and self.apply(edit) and isinstance(edit, Batch):
                moved = [e.lane for e in edit.edits if isinstance(e, SetNotes)]
                others = [
                    self.map.lanes[self.map.lane_index(k)].title for k in moved if k != lane.key
                ]
                self.notify("also added to " + ", ".join(others), timeout=3)

        heading = f"{phase.title} · {lane.title}"
        if self.tag_filter is not None:  # the editor holds every note: none is lost
            heading += f" · every note (the map shows #{self.tag_filter} only)"
        self.app.push_screen(CellEditor(heading, phase.notes(lane.key), refused), edited)

    def action_vote(self) -> None:
        from cxtui.tui.dialogs.prompts import ChoiceDialog
        from cxtui.user import current_user

        phase_index, lane_index = self.here
        phase, lane = self.map.phases[phase_index], self.map.lanes[lane_index]
        notes = [n for n in dict.fromkeys(self.shown_notes(phase.notes(lane.key))) if n.strip()]
        if lane.kind != "text" or not notes:
            self.notify("no note here to vote for", severity="warning", timeout=2)
            return
        me = current_user()

        def toggle(note: str) -> None:
            if self.apply(ToggleVote(phase_index, lane.key, note, me)):
                voters = self.map.phases[phase_index].voters(lane.key, note)
                done = "voted" if me in voters else "took back the vote"
                self.notify(f"{me} {done}: {len(voters)} for this note", timeout=2)

        if len(notes) == 1:
            toggle(notes[0])
            return
        choices = []
        for i, note in enumerate(notes):
            voters = phase.voters(lane.key, note)
            mine = ", yours" if me in voters else ""
            choices.append((str(i), f"{note}  ({len(voters)}{mine})"))
        self.app.push_screen(
            ChoiceDialog(f"Vote as {me} (again: take it back)", choices),
            lambda value: None if value is None else toggle(notes[int(value)]),
        )

    def _with_focused_note(self, doing: str, act: Callable[[int, str, str], None]) -> None:
        """Run `act(phase, lane key, note)` on a note of the focused cell that the grid
        shows: its only one, or the one chosen from a list (as a vote picks its note)."""
        from cxtui.tui.dialogs.prompts import ChoiceDialog

        phase_index, lane_index = self.here
        phase, lane = self.map.phases[phase_index], self.map.lanes[lane_index]
        notes = [n for n in dict.fromkeys(self.shown_notes(phase.notes(lane.key))) if n.strip()]
        if lane.kind != "text" or not notes:
            hidden = self.tag_filter is not None and lane.kind == "text"
            where = f"tagged #{self.tag_filter} " if hidden else ""
            self.notify(f"no note {where}here to {doing}", severity="warning", timeout=2)
            return
        if len(notes) == 1:
            act(phase_index, lane.key, notes[0])
            return
        choices = []
        for i, note in enumerate(notes):
            symbols = marks_symbols(phase.marks_of(lane.key, note))
            choices.append((str(i), f"{symbols} {note}" if symbols else note))
        self.app.push_screen(
            ChoiceDialog(f"Which note to {doing}?", choices),
            lambda value: None if value is None else act(phase_index, lane.key, notes[int(value)]),
        )

    def _marked(self, phase_index: int, lane_key: str, note: str) -> None:
        """Say what marks a note has now."""
        marks = self.map.phases[phase_index].marks_of(lane_key, note)
        self.notify(f"{marks_words(marks) or 'no marks'}: {note}", timeout=2, markup=False)

    def action_toggle_mark(self, mark: str) -> None:
        if mark not in MARKS:
            return
        name = mark

        def toggle(phase_index: int, lane_key: str, note: str) -> None:
            if self.apply(toggle_mark(self.map, phase_index, lane_key, note, name)):
                self._marked(phase_index, lane_key, note)

        self._with_focused_note(f"mark as {MARK_LABELS[name]}", toggle)

    def action_judge_touchpoint(self) -> None:
        def judge(phase_index: int, lane_key: str, note: str) -> None:
            if self.apply(cycle_judgment(self.map, phase_index, lane_key, note)):
                self._marked(phase_index, lane_key, note)

        self._with_focused_note("judge", judge)

    def action_conflicts(self) -> None:
        from cxtui.merge import resolve_conflict
        from cxtui.tui.dialogs.conflicts import Choice, ConflictsDialog

        if not self.map.conflicts:
            self.notify("no merge conflicts in this map", timeout=2)
            return

        def settled(choice: Choice | None) -> None:
            if choice is None:
                return
            try:
                resolved = resolve_conflict(self.map, *choice)
            except ModelError as error:
                self.notify(str(error), severity="warning")
                return
            if self.apply(ReplaceMap(resolved)):
                left = len(self.map.conflicts)
                self.notify(f"settled; {left} left" if left else "all conflicts settled", timeout=2)
                if left:
                    self.action_conflicts()

        self.app.push_screen(ConflictsDialog(self.map), settled)

    def _set_emotion_text(self, phase: int, text: str) -> None:
        text = text.strip().replace("−", "-")
        if not text:
            self.apply(SetEmotion(phase, None))
            return
        try:
            value = int(text)
        except ValueError:
            self.notify(f"{text!r} is not a whole number", severity="warning")
            return
        if value not in self.map.scale:
            self.notify(f"clamped to the scale {self.map.scale.min}..{self.map.scale.max}")
        self.apply(SetEmotion(phase, value))

    def action_clear_cell(self) -> None:
        phase, lane_index = self.here
        lane = self.map.lanes[lane_index]
        if lane.kind == "emotion":
            if self.map.phases[phase].emotion is not None:
                self.apply(SetEmotion(phase, None))
        elif self.map.phases[phase].notes(lane.key):
            self._clear_notes(phase, lane.key)

    def _clear_notes(self, phase: int, lane_key: str) -> None:
        """Clear the notes of a cell that the grid shows: with a tag filter on, those with
        the tag (the hidden ones stay)."""
        notes = self.map.phases[phase].notes(lane_key)
        shown = self.shown_notes(notes)
        if not shown:
            self.notify(f"no note here is tagged #{self.tag_filter}", timeout=2)
            return
        kept = tuple(note for note in notes if note not in shown)
        if self.apply(SetNotes(phase, lane_key, kept)) and kept:
            hidden = "1 hidden note" if len(kept) == 1 else f"{len(kept)} hidden notes"
            self.notify(f"cleared the notes tagged #{self.tag_filter}; {hidden} kept", timeout=3)

    def action_emotion(self, step: int) -> None:
        phase = self.phase
        before = self.map.phases[phase].emotion
        edit = nudge_emotion(self.map, phase, step)
        if edit.emotion == before:
            bound = "top" if step > 0 else "bottom"
            self.notify(f"already at the {bound} of the scale ({format_score(before)})")
            return
        self.apply(edit)

    def action_undo(self) -> None:
        edit = None
        with self.refusals():
            edit = self.document.undo()
        if edit is None:
            self.notify("nothing to undo")
            return
        self.notify(f"undid: {edit.label}", timeout=2)

    def action_redo(self) -> None:
        edit = None
        with self.refusals():
            edit = self.document.redo()
        if edit is None:
            self.notify("nothing to redo")
            return
        self.notify(f"redid: {edit.label}", timeout=2)

    # -- phases ------------------------------------------------------------------

    def action_add_phase(self, after: int) -> None:
        from cxtui.tui.dialogs.phase_titles import PhaseTitlesPrompt, titles_of

        phase, lane = self.here
        index = phase + after
        stage = self.map.phases[phase].stage
        insert = InsertPhase(index, Phase("New phase", stage))
        if not self.apply(insert, focus=(index, lane)):
            return

        def named(answer: str) -> Edit:
            """The new phase named, and one phase more after it for each further line."""
            titles = titles_of(answer) or [insert.phase.title]
            more = [InsertPhase(index + i, Phase(t, stage)) for i, t in enumerate(titles[1:], 1)]
            first = SetPhase(index, titles[0], stage)
            return Batch((first, *more), "add phases") if more else first

        def name(answer: str) -> None:
            # Adding the phase and naming it (adding the others) are one step for undo.
            edit = named(answer)
            if isinstance(edit, SetPhase) and edit.title == insert.phase.title:
                return
            added = len(edit.edits) if isinstance(edit, Batch) else 1
            if self.apply(edit, focus=(index + added - 1, lane), merge_with=insert) and added > 1:
                self.notify(f"added {added} phases (u undoes them)", timeout=2)

        prompt = PhaseTitlesPrompt(insert.phase.title, check=lambda t: self.problem_with(named(t)))
        self.ask(prompt, name)

    def action_rename_phase(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        index = self.phase
        phase = self.map.phases[index]

        def renamed(title: str) -> SetPhase:
            return SetPhase(index, title.strip() or phase.title, phase.stage)

        self.ask(
            TextPrompt("Phase title", phase.title, check=lambda t: self.problem_with(renamed(t))),
            lambda title: self._set_phase(index, renamed(title)),
        )

    def action_set_stage(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        index = self.phase
        phase = self.map.phases[index]

        def staged(stage: str) -> SetPhase:
            return SetPhase(index, phase.title, stage.strip() or None)

        self.ask(
            TextPrompt(
                f"Stage of “{phase.title}” (neighbouring phases with the same stage are grouped)",
                phase.stage or "",
                placeholder="e.g. Before (empty: no stage)",
                hint="Enter: OK · Esc: cancel · G renames a stage in every phase",
                check=lambda stage: self.problem_with(staged(stage)),
            ),
            lambda stage: self._set_phase(index, staged(stage)),
        )

    def action_rename_stage(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        phase = self.map.phases[self.phase]
        old = phase.stage
        if old is None:
            self.notify(f"“{phase.title}” has no stage to rename: s gives it one", timeout=3)
            return
        count = sum(p.stage == old for p in self.map.phases)

        def rename(new: str) -> None:
            others = Counter(p.stage for p in self.map.phases)
            if new.strip() == old or not self.apply(RenameStage(old, new.strip())):
                return
            now = self.map.phases[self.phase].stage
            phases = "1 phase" if count == 1 else f"{count} phases"
            if now is None:
                self.notify(f"took the stage “{old}” away from {phases} (u undoes it)")
            elif others[now]:
                self.notify(
                    f"renamed “{old}” to “{now}” in {phases}, which merges it with the stage "
                    f"“{now}” ({others[now]} more) (u undoes it)"
                )
            else:
                self.notify(f"renamed the stage “{old}” to “{now}” in {phases} (u undoes it)")

        self.ask(
            TextPrompt(
                f"Rename the stage “{old}” in the {count} phase{'s' if count != 1 else ''} "
                "that have it",
                old,
                placeholder="e.g. Before (empty: no stage)",
                hint="Enter: rename everywhere · Esc: cancel · another stage's name merges them",
                check=lambda new: self.problem_with(RenameStage(old, new.strip())),
            ),
            rename,
        )

    def _set_phase(self, index: int, edit: SetPhase) -> None:
        phase = self.map.phases[index]
        if (edit.title, edit.stage) != (phase.title, phase.stage):
            self.apply(edit)

    def action_move_phase(self, direction: int) -> None:
        phase, lane = self.here
        target = phase + direction
        if 0 <= target < len(self.map.phases):
            self.apply(MovePhase(phase, target), focus=(target, lane))

    def action_delete_phase(self) -> None:
        phase, lane = self.here
        title = self.map.phases[phase].title
        if self.apply(RemovePhase(phase), focus=(phase, lane)):
            self.notify(f"deleted phase “{title}” (u undoes it)")

    # -- lanes ---------------------------------------------------------------------

    def action_add_lane(self, after: int) -> None:
        from cxtui.tui.dialogs.forms import LaneForm

        phase, lane = self.here
        has_emotion = any(existing.kind == "emotion" for existing in self.map.lanes)

        def add(new: NewLane | None) -> None:
            if new is None:
                return
            key = slug(new.title, (existing.key for existing in self.map.lanes))
            index = lane + after
            with self.refusals():
                insert = InsertLane(index, Lane(key, new.title, new.kind))
                self.apply(insert, focus=(phase, index))

        self.app.push_screen(LaneForm(can_be_emotion=not has_emotion), add)

    def action_rename_lane(self) -> None:
        from cxtui.tui.dialogs.prompts import TextPrompt

        index = self.lane
        lane = self.map.lanes[index]

        def rename(title: str) -> None:
            if title.strip() and title.strip() != lane.title:
                self.apply(RenameLane(index, title.strip()))

        def renamed(title: str) -> RenameLane:
            return RenameLane(index, title.strip() or lane.title)

        prompt = TextPrompt("Lane title", lane.title, check=lambda t: self.problem_with(renamed(t)))
        self.ask(prompt, rename)

    def action_lane_kind(self) -> None:
        from cxtui.tui.dialogs.prompts import ChoiceDialog

        index = self.lane
        lane = self.map.lanes[index]
        choices = [
            ("text", "text: notes per phase"),
            ("emotion", "emotion: the curve of each phase's score"),
        ]

        def chosen(kind: str | None) -> None:
            if kind is None or kind == lane.kind:
                return
            if self.apply(SetLaneKind(index, "emotion" if kind == "emotion" else "text")):
                article = "an" if kind == "emotion" else "a"
                self.notify(f"“{lane.title}” is now {article} {kind} lane (u undoes it)")

        self.app.push_screen(
            ChoiceDialog(f"Kind of lane “{lane.title}”", choices, lane.kind), chosen
        )

    def action_lane_role(self) -> None:
        from cxtui.model import LANE_ROLE_HELP, LANE_ROLES
        from cxtui.tui.dialogs.prompts import ChoiceDialog

        index = self.lane
        lane = self.map.lanes[index]
        choices = [(role, f"{role}: {LANE_ROLE_HELP[role]}") for role in LANE_ROLES]

        def chosen(role: str | None) -> None:
            if role in LANE_ROLES and role != lane.role:
                self.apply(SetLaneRole(index, role))
                self.notify(f"“{lane.title}” now holds {role} (u undoes it)")

        self.app.push_screen(
            ChoiceDialog(f"What lane “{lane.title}” holds", choices, lane.role), chosen
        )

    def action_move_lane(self, direction: int) -> None:
        phase, lane = self.here
        target = lane + direction
        if 0 <= target < len(self.map.lanes):
            self.apply(MoveLaneEdit(lane, target), focus=(phase, target))

    def action_delete_lane(self) -> None:
        phase, lane = self.here
        title = self.map.lanes[lane].title
        if self.apply(RemoveLane(lane), focus=(phase, lane)):
            self.notify(f"deleted lane “{title}” (u undoes it)")

    # -- the map ---------------------------------------------------------------------

    def action_edit_details(self) -> None:
        from cxtui.tui.dialogs.forms import DetailsForm

        def done(details: MapDetails | None) -> None:
            m = self.map
            if details is None:
                return
            edits: list[Edit] = []
            if (details.title, details.kind, details.description) != (
                m.title,
                m.kind,
                m.description,
            ):
                edits.append(SetMeta(details.title, details.kind, details.description))
            if details.blueprint_lines != m.blueprint_lines:
                edits.append(SetBlueprintLines(details.blueprint_lines))
            if len(edits) == 1:
                self.apply(edits[0])
            elif edits:
                self.apply(Batch(tuple(edits), SetMeta.label))

        self.app.push_screen(DetailsForm(self.map), done)

    def action_edit_persona(self) -> None:
        from cxtui.tui.dialogs.forms import PersonaForm

        if self.map.persona_file is not None and self.document.path is not None:
            from cxtui.tui.screens.shared_persona import edit_shared_persona

            edit_shared_persona(self)
            return

        def done(persona: Persona | None) -> None:
            if persona is not None and persona != self.map.persona:
                self.apply(SetPersona(persona))

        self.app.push_screen(PersonaForm(self.map.persona), done)

    def action_edit_scale(self) -> None:
        from cxtui.tui.dialogs.forms import ScaleForm

        def done(scale: EmotionScale | None) -> None:
            if scale is not None and scale != self.map.scale:
                self.apply(SetScale(scale))

        self.app.push_screen(ScaleForm(self.map.scale), done)

    def action_tags(self, focus: str | None = None) -> None:
        from cxtui.tui.dialogs.tags import TagChange, TagsDialog

        def chosen(change: TagChange | None) -> None:
            if change is None:
                return
            if change.edit is None:
                self.show_only_tag(change.tag)
                return
            if self.apply(change.edit):
                self.notify(f"{change.message} (u undoes it)", timeout=3)
                if change.renamed is not None and self.tag_filter == change.renamed:
                    self.tag_filter = change.tag  # the filter follows its tag
            self.action_tags(change.tag)  # the list again, as the map is now

        self.app.push_screen(TagsDialog(self.map, focus), chosen)

    def action_draft(self) -> None:
        from cxtui.tui.screens.draft import Drafted, DraftScreen

        def done(drafted: Drafted | None) -> None:
            if drafted is None:
                return
            focus = (drafted.phase, self.lane)
            if drafted.journey == self.map:
                self.move_to(*focus)
            elif self.apply(Batch((ReplaceMap(drafted.journey),), "apply the draft"), focus):
                self.notify("draft applied (u undoes it)", timeout=2)

        self.app.push_screen(DraftScreen(self.map, self.phase), done)

    def action_search_maps(self) -> None:
        from cxtui.tui.screens.folder_search import search_folder

        search_folder(self)

    def action_follow_link(self) -> None:
        from cxtui.tui.screens.links import follow_link

        follow_link(self)

    def action_go_back(self) -> None:
        from cxtui.tui.screens.links import go_back

        go_back(self)

    def action_read_phase(self) -> None:
        from cxtui.tui.screens.phase_reader import PhaseReader

        if not self.map.phases:
            self.app.bell()
            return

        def done(index: int | None) -> None:
            if index is not None:
                self.move_to(index, self.lane)

        self.app.push_screen(PhaseReader(self.map, self.phase), done)

    def action_history(self) -> None:
        from cxtui.tui.screens.history import HistoryScreen

        path = self.document.path
        if path is None:
            self.notify("save the map first: its history is the file's, in git", timeout=3)
            return

        def current() -> tuple[JourneyMap, str]:
            return self.map, f"{self.file_name}{' (unsaved)' if self.modified else ''}"

        self.app.push_screen(HistoryScreen(path, current))

    # -- insights ----------------------------------------------------------------------

    def with_insights(self, then: Callable[[InsightsPanel], Awaitable[None]]) -> None:
        """Call `then` with the insights panel, mounted under the grid the first time it
        is asked for: in the screen's own turn (`call_later`), where its data binding is
        made (an action runs in the app's)."""

        async def call() -> None:
            from cxtui.tui.widgets.insights_panel import InsightsPanel

            panel = next(iter(self.query(InsightsPanel)), None)
            if panel is None:
                panel = InsightsPanel().data_bind(MapScreen.journey)
                await self.mount(panel, after=self.grid)
            await then(panel)

        self.call_later(call)

    def action_toggle_insights(self) -> None:
        self.with_insights(self._toggle_insights)

    async def _toggle_insights(self, panel: InsightsPanel) -> None:
        from textual.widgets import OptionList

        panel.show(not panel.shown)
        if panel.shown:
            findings = panel.query_one("#insights-findings", OptionList)
            if findings.highlighted is None and findings.option_count:
                findings.highlighted = 0
            findings.focus()
        else:
            self.grid.focus()
        self.call_after_refresh(self.grid.scroll_to_cursor)  # the grid got shorter or taller

    def action_next_finding(self, direction: int) -> None:
        self.with_insights(partial(self._next_finding, direction))

    async def _next_finding(self, direction: int, panel: InsightsPanel) -> None:
        from cxtui.tui.widgets.insights_panel import target_of

        if not panel.shown:
            panel.show(True)
            self.call_after_refresh(self.grid.scroll_to_cursor)
        finding = panel.step(direction)
        if finding is None:
            self.notify("the map says nothing more")
            return
        self.move_to(*target_of(self.map, finding, self.here))
        self.grid.focus()  # so that Enter edits the cell it came to

    def on_insights_panel_jump(self, event: InsightsPanel.Jump) -> None:
        from cxtui.tui.widgets.insights_panel import target_of

        if event.finding is not None:
            self.move_to(*target_of(self.map, event.finding, self.here))
        self.grid.focus()

    def action_help(self) -> None:
        from cxtui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(getattr(self.app, "settings", None), self.present))
