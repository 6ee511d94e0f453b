"""Two editors on one map, in the editor: the status line names who else has the map open,
the optional idle autosave saves a modified map, and a served editor asks its person's
name and uses it for presence and votes.

Driven with Textual's Pilot on the real `CxtuiApp` (see tui_helpers.py); the tmux tests
with two real editors are in test_e2e_two_editors.py.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from textual.widgets import Input, Label
from tui_helpers import (
    make_app,
    notifications,
    sample_map,
    status_text,
    wait_for_screen,
    wait_until,
    write_map,
)

from cxtui.config import Settings
from cxtui.document import DiskState, Document, write_map_file
from cxtui.fileformat import read_map
from cxtui.model import ReplaceMap, SetEmotion, SetNotes
from cxtui.presence import Presence, presence_path
from cxtui.tui.app import CxtuiApp
from cxtui.tui.autosave import Autosave
from cxtui.tui.dialogs.cell_editor import CellEditor
from cxtui.tui.dialogs.prompts import ButtonDialog, ChoiceDialog, TextPrompt
from cxtui.tui.join import guest_name
from cxtui.tui.screens.help import HelpScreen
from cxtui.tui.screens.map_screen import MapScreen
from cxtui.tui.served import ROOT_VARIABLE


def arrive(map_path: Path, user: str, pid: int, since: float | None = None) -> Path:
    """Another editor, on another machine, opens `map_path` (its fresh presence file)."""
    path = presence_path(map_path, host="far", pid=pid)
    record = {"user": user, "host": "far", "pid": pid, "since": since or time.time()}
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def hhmm(when: float) -> str:
    return time.strftime("%H:%M", time.localtime(when))


# -- presence in the status line -----------------------------------------------------


async def test_the_status_line_names_who_else_has_the_map_open(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.map_screen
        assert "editing" not in status_text(app)
        since = time.time() - 600
        ana = arrive(path, "ana", 101, since)
        screen.guard.share_tick(path)
        await pilot.pause()
        assert f"+1 editing: ana@far since {hhmm(since)}" in status_text(app)
        assert "ana on far since" in " ".join(notifications(app))

        arrive(path, "bob", 102)
        screen.guard.share_tick(path)
        await pilot.pause()
        assert "+2 editing: ana, bob" in status_text(app)

        await pilot.press("question_mark")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        shown = str(help_screen.query_one("#help-present", Label).content)
        assert f"ana on far since {hhmm(since)}" in shown and "bob on far since" in shown
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)

        ana.unlink()  # ana closed the map
        screen.guard.share_tick(path)
        await pilot.pause()
        assert "+1 editing: bob@far" in status_text(app)
        assert "ana on far closed map.toml" in notifications(app)
    assert not presence_path(path).exists()  # this editor's own file went with it


async def test_at_80_columns_the_count_of_the_others_stays(tmp_path: Path) -> None:
    path = write_map(tmp_path / "a-long-file-name-for-the-map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(80, 24)) as pilot:
        arrive(path, "ana.with.a.long.name", 103)
        app.map_screen.guard.share_tick(path)
        await pilot.press("plus")  # [modified] too
        await pilot.pause()
        line = status_text(app)
        assert len(line) <= 80
        assert "[modified]" in line and "+1 editing" in line
        assert "phase 1/4" in line and "emotion" in line


async def test_at_80_columns_the_autosave_mark_gives_way_to_the_others(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.map_screen
        screen.autosaved = "17:57:18"  # (the status line is bound to the screen's state)
        screen.present = (Presence("ana", "vm", 7, time.time()),)
        await pilot.pause()
        line = status_text(app)
        assert "map.toml  +1 editing: ana@vm" in line
        assert "phase 1/4" in line and "emotion –" in line and len(line) <= 80
        screen.present = ()
        await pilot.pause()
        assert "autosaved 17:57:18" in status_text(app)
        assert "editing" not in status_text(app)


# -- autosave ------------------------------------------------------------------------


def autosaving_app(path: Path, seconds: float) -> CxtuiApp:
    settings = Settings(tmp_config(path), autosave=seconds)
    return CxtuiApp(Document(read_map(path), path), guard=False, settings=settings)


def tmp_config(path: Path) -> Path:
    return path.parent / "config.toml"  # (never written: the theme is not changed)


async def test_autosave_saves_a_modified_map_after_the_idle_time(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = autosaving_app(path, 0.3)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("l", "plus")  # phase 2's emotion: 0 → 1
        assert app.document.modified
        await wait_until(pilot, lambda: not app.document.modified, timeout=5)
        assert read_map(path).phases[1].emotion == 1
        assert "autosaved" in status_text(app) and "[modified]" not in status_text(app)
        assert not any(n.startswith("saved ") for n in notifications(app))  # no toast


async def test_autosave_waits_while_the_cell_editor_is_open(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    before = path.read_bytes()
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        # a clock a minute after the last key: idle long enough, whenever it is asked
        autosave = Autosave(app.map_screen, seconds=1, clock=lambda: app.last_key_at + 60)
        await pilot.press("plus", "enter")  # modified, and the cell editor open...
        await wait_for_screen(pilot, CellEditor)
        await pilot.press("x")  # ...with text typed in it
        assert app.document.modified and not autosave.due()
        autosave.tick()
        await pilot.pause(0.3)
        assert path.read_bytes() == before
        await pilot.press("escape")  # the note joins the map: now it is saved
        await wait_for_screen(pilot, MapScreen)
        assert autosave.due()
        autosave.tick()
        await wait_until(pilot, lambda: not app.document.modified, timeout=5)
        assert "x" in read_map(path).phases[0].notes("actions")[-1]


async def test_autosave_counts_idle_time_from_the_last_key(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        now = [app.last_key_at]
        autosave = Autosave(app.map_screen, seconds=5, clock=lambda: now[0])
        assert not autosave.due()  # nothing to save
        await pilot.press("plus")
        now[0] = app.last_key_at + 4.9
        assert not autosave.due()
        now[0] = app.last_key_at + 5
        assert autosave.due()
        autosave.tick()
        await wait_until(pilot, lambda: not app.document.modified, timeout=5)
        assert read_map(path).phases[0].emotion is not None


async def test_autosave_waits_for_merge_conflicts_to_be_settled(tmp_path: Path) -> None:
    from test_tui_conflicts import conflicted

    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        autosave = Autosave(app.map_screen, seconds=1, clock=lambda: app.last_key_at + 60)
        app.map_screen.apply(ReplaceMap(conflicted()))
        await pilot.pause()
        assert app.document.modified and app.document.map.conflicts
        assert not autosave.due()
        app.map_screen.apply(ReplaceMap(sample_map("Settled")))
        assert autosave.due()


def test_a_save_asked_to_write_only_over_a_known_file_leaves_a_changed_one(
    tmp_path: Path,
) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    known = DiskState.of(path)
    theirs = write_map(path, sample_map("Theirs"))  # another editor saved meanwhile
    outcome = write_map_file(sample_map("Mine"), path, only_over=True, disk=known)
    assert outcome.changed and not outcome.saved
    assert read_map(theirs).title == "Theirs"
    assert write_map_file(sample_map("Mine"), path, only_over=True, disk=DiskState.of(path)).saved


async def test_an_autosave_racing_another_editors_save_never_writes_over_it(
    tmp_path: Path,
) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.map_screen
        autosave = Autosave(screen, seconds=1, clock=lambda: app.last_key_at + 60)
        await pilot.press("plus")  # mine: phase 1 rated
        arrive(path, "bob", 105)
        bob, _ = sample_map().apply(SetNotes(2, "thoughts", ("Note by bob",)))
        write_map(path, bob)  # bob saves just after this editor last looked at the file
        screen.autosave_now()  # (the autosave that had already decided to save)
        await wait_until(pilot, lambda: not screen.saving)
        assert read_map(path) == bob and app.document.modified  # nothing written over
        screen.guard.share_tick(path)  # bob's save is merged in...
        assert autosave.due()
        autosave.tick()  # ...and then both are saved
        await wait_until(pilot, lambda: not app.document.modified, timeout=5)
        saved = read_map(path)
        assert saved.phases[2].notes("thoughts") == ("Note by bob",)
        assert saved.phases[0].emotion is not None


async def test_ctrl_s_racing_another_editors_save_asks_instead_of_writing_over_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("plus")
        # another editor saves in the moment between ctrl+s looking at the file and
        # writing it: the look still sees the old file
        monkeypatch.setattr(app.document, "changed_on_disk", lambda: False)
        write_map(path, sample_map("Theirs"))
        await pilot.press("ctrl+s")
        monkeypatch.undo()
        dialog = await wait_for_screen(pilot, ButtonDialog)
        assert dialog.dialog_id == "conflict-dialog"  # merge, overwrite, reload, save as
        assert read_map(path).title == "Theirs"  # not written over
        assert app.document.modified


async def test_autosave_never_saves_a_read_only_map(tmp_path: Path) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    path.chmod(0o444)
    if os.access(path, os.W_OK):
        pytest.skip("running as root: every file is writable")
    app = autosaving_app(path, 0.2)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("plus")
        await pilot.pause(1.0)
        assert app.document.modified and read_map(path) == sample_map()


# -- a served editor's person says their name ------------------------------------------


def test_a_guest_takes_the_first_free_number() -> None:
    assert guest_name([]) == "Guest 1"
    assert guest_name(["Guest 1", "Guest 3", "ana", "Guest x"]) == "Guest 2"


async def test_a_served_editor_asks_a_name_and_uses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "served"
    root.mkdir()
    path = write_map(root / "map.toml", sample_map())
    monkeypatch.setenv(ROOT_VARIABLE, str(root))
    monkeypatch.setenv("CXTUI_USER", "unset")  # (restored after the test)
    monkeypatch.delenv("CXTUI_USER")
    arrive(path, "Guest 1", 104)  # another tab is here already
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        prompt = await wait_for_screen(pilot, TextPrompt)
        assert prompt.query_one(Input).value == "Guest 2"
        mine = json.loads(presence_path(path).read_text(encoding="utf-8"))
        assert mine["user"] == "Guest 2"  # the others see the guest while they type
        await pilot.press("A", "n", "a", "enter")
        await wait_for_screen(pilot, MapScreen)
        assert "you are Ana" in " ".join(notifications(app))
        app.map_screen.guard.share_tick(path)
        mine = json.loads(presence_path(path).read_text(encoding="utf-8"))
        assert mine["user"] == "Ana"
        assert "+1 editing: Guest 1@far" in status_text(app)
        await pilot.press("v")  # a vote from this tab is Ana's
        assert "Vote as Ana" in (await wait_for_screen(pilot, ChoiceDialog)).prompt_title
        await pilot.press("enter")
        await wait_for_screen(pilot, MapScreen)
        assert app.document.map.phases[0].voters("actions", "Sees an ad") == ("Ana",)


async def test_escape_keeps_the_guest_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path))
    monkeypatch.setenv("CXTUI_USER", "unset")
    monkeypatch.delenv("CXTUI_USER")
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, TextPrompt)
        await pilot.press("escape")
        await wait_for_screen(pilot, MapScreen)
        assert os.environ["CXTUI_USER"] == "Guest 1"


# -- merges of the others' saves: quiet when clean, loud on a conflict --------------


async def test_clean_merges_of_autosaves_are_quiet_and_conflicts_speak_up(
    tmp_path: Path,
) -> None:
    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.map_screen
        arrive(path, "bob", 107)
        screen.guard.share_tick(path)
        await pilot.pause()
        toasts = len(notifications(app))  # (bob arrived)
        bob = sample_map()
        for n in range(3):  # bob's autosave, every few seconds
            bob, _ = bob.apply(SetNotes(2, "thoughts", tuple(f"bob {i}" for i in range(n + 1))))
            write_map(path, bob)
            assert screen.guard.share_tick(path)
            await pilot.pause()
        assert app.document.map.phases[2].notes("thoughts") == ("bob 0", "bob 1", "bob 2")
        assert len(notifications(app)) == toasts  # no toast for a clean merge...
        assert f"merged bob's changes {hhmm(time.time())}" in status_text(app)  # ...a note
        await pilot.press("plus", "ctrl+s")  # this editor's own save: old news
        await wait_until(pilot, lambda: not app.document.modified)
        assert "merged bob's" not in status_text(app)

        await pilot.press("plus")  # mine: phase 1 up again, unsaved
        theirs, _ = read_map(path).apply(SetEmotion(0, -2))  # bob sets it otherwise
        write_map(path, theirs)
        assert screen.guard.share_tick(path)
        await pilot.pause()
        assert "merged the saved changes to map.toml: 1 conflict, press M" in notifications(app)


async def test_a_toast_leaves_the_status_line_and_key_bar_visible(tmp_path: Path) -> None:
    from cxtui.tui.widgets.status_line import StatusLine

    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        arrive(path, "bob", 108)
        app.map_screen.guard.share_tick(path)  # "bob on far ... also has map.toml open"
        await pilot.pause(0.5)
        toast = app.screen.query_one("Toast")
        status = app.map_screen.query_one(StatusLine)
        y = status.region.y
        for x in range(0, 120, 4):  # (who is here is on this line: no toast over it)
            widget, _ = app.screen.get_widget_at(x, y)
            assert widget is status, (x, y, widget)
        assert toast.region.bottom <= y


async def test_a_recovery_copy_never_goes_over_another_editors(tmp_path: Path) -> None:
    from cxtui.recovery import kept_recoveries, recovery_path

    path = write_map(tmp_path / "map.toml", sample_map())
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()  # started: its look for recovery copies (after the first frame) done
        # bob (another login, or another browser tab) has unsaved edits: his copy
        theirs, _ = sample_map().apply(SetNotes(2, "thoughts", ("Unsaved by bob",)))
        write_map(recovery_path(path), theirs)
        await pilot.press("plus")  # mine, unsaved
        app.map_screen.guard.write_recovery_copy()  # (as on a hang-up)
        assert read_map(recovery_path(path)) == theirs  # bob's edits are still there
        [mine] = kept_recoveries(path)  # and mine beside it, found on the next open
        assert read_map(mine).phases[0].emotion is not None
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not app.document.modified)
        app.map_screen.guard.write_recovery_copy()  # saved: my copy goes, bob's stays
        assert not mine.exists() and read_map(recovery_path(path)) == theirs


async def test_another_live_editors_recovery_copy_is_not_offered(tmp_path: Path) -> None:
    # bob has the map open with unsaved edits: his copy is neither restored here nor
    # discarded; my own copies go beside it; once he has gone, it is offered.
    from cxtui.recovery import kept_recoveries, recovery_path

    path = write_map(tmp_path / "map.toml", sample_map())
    theirs, _ = sample_map().apply(SetNotes(2, "thoughts", ("Unsaved by bob",)))
    write_map(recovery_path(path), theirs)
    bob = arrive(path, "bob", 4242)
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: any("bob on far" in n for n in notifications(app)))
        assert not isinstance(app.screen, ButtonDialog)
        assert not app.map_screen.guard.recovery_pending
        await pilot.press("plus")
        app.map_screen.guard.write_recovery_copy()
        assert read_map(recovery_path(path)) == theirs
        assert len(kept_recoveries(path)) == 1  # mine, set aside
    bob.unlink()  # bob closes the map (his copy stays until he saves)
    app = make_app(read_map(path), path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_screen(pilot, ButtonDialog)  # now it is offered
