"""Saves and recovery copies written off the editor's thread: in order, never racing,
never lost when quitting, and the map serialised once for each."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import make_app, sample_map, wait_until

from cxtui import fileformat, saving
from cxtui.background import SerialWriter
from cxtui.document import Document, write_map_file
from cxtui.fileformat import read_map
from cxtui.recovery import recovery_path, try_write_recovery
from cxtui.tui.screens.map_screen import MapScreen


class Gate:
    """Holds every write of a map or a recovery copy until opened, counting them: a
    write "in flight"."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.started = threading.Event()
        self.written: list[Path] = []
        real = saving.write_file

        def held(path: Path, text: str) -> None:
            self.started.set()
            assert self.open.wait(10), "the gate was never opened"
            real(path, text)
            self.written.append(Path(path))

        for module in ("cxtui.document", "cxtui.recovery"):
            monkeypatch.setattr(f"{module}.write_file", held)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate(monkeypatch)
    yield held
    held.open.set()  # never leave a writer thread waiting


def test_the_writer_runs_jobs_in_order_one_at_a_time_and_waits_for_them() -> None:
    writer = SerialWriter()
    ran: list[int] = []
    results: list[object] = []
    running = threading.Lock()

    def job(n: int) -> int:
        assert running.acquire(blocking=False), "two jobs at once"
        time.sleep(0.01)
        ran.append(n)
        running.release()
        return n

    for n in range(5):
        writer.submit(lambda n=n: job(n), results.append)  # type: ignore[misc]
    assert writer.busy
    assert writer.wait(10)
    assert not writer.busy
    assert ran == [0, 1, 2, 3, 4] and results == ran


def test_a_failing_job_hands_its_error_to_done_and_the_next_job_still_runs() -> None:
    writer = SerialWriter()
    results: list[object] = []

    def fail() -> int:
        raise ValueError("broken")

    writer.submit(fail, results.append)
    writer.submit(lambda: 2, results.append)
    assert writer.wait(10)
    assert isinstance(results[0], ValueError) and results[1] == 2


def test_a_save_and_a_recovery_copy_serialise_the_map_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = fileformat.dumps
    monkeypatch.setattr(fileformat, "dumps", lambda m: calls.append(m) or real(m))
    path = tmp_path / "map.toml"
    outcome = write_map_file(sample_map(), path)
    assert outcome.saved and len(calls) == 1
    assert read_map(path) == sample_map()
    assert try_write_recovery(path, sample_map()) == (True, [])
    assert len(calls) == 2
    assert read_map(recovery_path(path)) == sample_map()


def test_a_save_removes_the_recovery_copy_it_makes_stale(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    try_write_recovery(path, sample_map())
    assert recovery_path(path).exists()
    outcome = write_map_file(sample_map(), path)
    assert outcome.saved and outcome.disk is not None
    assert not recovery_path(path).exists()


async def test_edits_made_while_a_save_is_written_stay_unsaved(map_path: Path, gate: Gate) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test() as pilot:
        await pilot.press("x")  # an edit
        saved = app.document.map
        await pilot.press("ctrl+s")
        assert gate.started.wait(5)
        await pilot.press("l", "x")  # typed while the save is in flight: no waiting
        assert app.document.map is not saved
        gate.open.set()
        await wait_until(pilot, lambda: not app.map_screen.saving)
        assert read_map(map_path) == saved
        assert app.document.modified  # the second edit is not in the file
        assert not app.document.changed_on_disk()


async def test_a_save_asked_for_while_one_is_in_flight_follows_it_without_a_conflict(
    map_path: Path, gate: Gate
) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test() as pilot:
        await pilot.press("x")
        await pilot.press("ctrl+s")
        assert gate.started.wait(5)
        await pilot.press("l", "x")
        await pilot.press("ctrl+s")  # while the first is still being written
        await pilot.pause()
        gate.open.set()
        await wait_until(pilot, lambda: len(gate.written) == 2 and not app.map_screen.saving)
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)  # no "changed on disk" dialog
        assert read_map(map_path) == app.document.map
        assert not app.document.modified


async def test_quitting_while_a_save_is_in_flight_waits_for_it(map_path: Path, gate: Gate) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test() as pilot:
        await pilot.press("x")
        edited = app.document.map
        await pilot.press("ctrl+s")
        assert gate.started.wait(5)
        await pilot.press("q")  # the map is saved once the write ends: no quit dialog
        await pilot.pause()
        assert app.is_running
        gate.open.set()
        await wait_until(pilot, lambda: not app.is_running)
    assert read_map(map_path) == edited
    assert app.return_code in (None, 0)


async def test_the_recovery_copy_is_written_in_the_background_and_never_lost_on_quit(
    map_path: Path, gate: Gate
) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test() as pilot:
        await pilot.press("x")
        edited = app.document.map
        app.map_screen.guard.tick()  # the timer's tick: starts the copy and returns
        assert gate.started.wait(5) and app.document.writer.busy
        app.map_screen.guard.tick()  # a tick while it is written changes nothing
        await pilot.press("l")  # the editor answers meanwhile
        threading.Timer(0.2, gate.open.set).start()
        app.exit()  # quitting waits for the copy in flight
    assert read_map(recovery_path(map_path)) == edited
    assert gate.written == [recovery_path(map_path)]


async def test_discarding_after_a_copy_in_flight_leaves_no_copy(map_path: Path, gate: Gate) -> None:
    app = make_app(sample_map(), map_path)
    async with app.run_test() as pilot:
        await pilot.press("x")
        app.map_screen.guard.tick()
        assert gate.started.wait(5)
        threading.Timer(0.2, gate.open.set).start()
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("d")  # discard: waits for the copy, then removes it
        await wait_until(pilot, lambda: not app.is_running)
    assert not recovery_path(map_path).exists()
    assert read_map(map_path) == sample_map()


def test_a_document_removes_its_recovery_copy_only_after_the_write_in_flight(
    map_path: Path, gate: Gate
) -> None:
    document = Document(sample_map(), map_path)
    document.writer.submit(lambda: try_write_recovery(map_path, sample_map()), lambda r: None)
    assert gate.started.wait(5)
    threading.Timer(0.2, gate.open.set).start()
    document.remove_recovery()
    assert not recovery_path(map_path).exists()
