"""Garbage collection is paused while cxtui starts and resumed once the command runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import make_app

from cxtui import gc_pause
from cxtui.cli import main
from cxtui.fileformat import save_map
from cxtui.templates import load_template


@pytest.fixture(autouse=True)
def restore_gc() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_resume_collects_again_and_freezes_the_start_up_heap() -> None:
    gc_pause.pause()
    assert not gc.isenabled()
    gc_pause.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_resume_without_a_pause_changes_nothing() -> None:
    gc.unfreeze()
    gc_pause.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("command", ["validate", "print"])
def test_a_command_other_than_the_editor_resumes_collection(command: str, tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    save_map(load_template("basic", "Map"), path)
    gc_pause.pause()
    assert main([command, str(path)]) == 0
    assert gc.isenabled()


def test_the_editor_leaves_collection_paused_until_its_first_frame(tmp_path: Path) -> None:
    gc_pause.pause()
    assert main(["edit", str(tmp_path / "no-such-folder" / "map.toml")]) == 1
    assert not gc.isenabled()  # it would resume after the first frame (tui/app.py)


async def test_the_editor_resumes_collection_after_its_first_frame() -> None:
    gc_pause.pause()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
