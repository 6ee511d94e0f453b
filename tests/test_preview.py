"""A large map paints its first screen from a preview of its first phases, then reads the
whole file before any key can change or save it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_helpers import grid

from cxtui.document import Document
from cxtui.fileformat import (
    PREVIEW_CHARS,
    PREVIEW_PHASES,
    SaveError,
    dumps,
    preview_map,
    read_map,
)
from cxtui.model import JourneyMap, Lane, ModelError, Phase, SetMeta
from cxtui.tui.app import CxtuiApp
from cxtui.tui.widgets.status_line import StatusLine


def big_map(phases: int = 400, words: int = 20) -> JourneyMap:
    """A map whose file is larger than PREVIEW_CHARS (by default)."""
    lanes = (Lane("actions", "Actions"), Lane("feeling", "Feeling", "emotion"))
    notes = tuple(f"note {n} " + "words " * words for n in range(6))
    return JourneyMap(
        "Big map",
        lanes=lanes,
        phases=tuple(
            Phase(f"Phase {i}", "S", i % 5 - 2, {"actions": notes}) for i in range(phases)
        ),
    )


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big.toml"
    path.write_text(dumps(big_map()), encoding="utf-8")
    assert len(path.read_text()) >= PREVIEW_CHARS
    return path


def test_a_large_file_opens_as_a_preview_then_loads_whole(big_file: Path) -> None:
    document = Document.open(big_file)
    assert document.unread is not None
    assert len(document.map.phases) == PREVIEW_PHASES
    assert document.map.phases == read_map(big_file).phases[:PREVIEW_PHASES]
    document.finish_loading()
    assert document.unread is None and document.map == read_map(big_file)
    assert not document.modified


def test_a_small_file_is_read_whole_at_once(tmp_path: Path) -> None:
    path = tmp_path / "small.toml"
    path.write_text(dumps(big_map(20, words=1)), encoding="utf-8")
    assert len(path.read_text()) < PREVIEW_CHARS  # (its 20 phases could be previewed)
    document = Document.open(path)
    assert document.unread is None and document.map == read_map(path)


def test_no_preview_when_other_tables_follow_the_phases() -> None:
    text = dumps(big_map())
    assert preview_map(text) is not None
    assert preview_map(text + '\n[tags]\npain = "red"\n') is None
    assert preview_map(dumps(big_map(PREVIEW_PHASES))) is None  # nothing left to read


def test_a_preview_is_never_edited_or_saved(big_file: Path) -> None:
    document = Document.open(big_file)
    with pytest.raises(ModelError):
        document.apply(SetMeta("Other", "current-state", None))
    with pytest.raises(SaveError):
        document.save()
    assert read_map(big_file) == big_map()


async def test_the_editor_paints_the_preview_before_reading_the_whole_map(
    big_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = Document.open(big_file)
    app = CxtuiApp(document, guard=False)
    frames: list[int] = []
    display = app._display

    def counted(screen: object, renderable: object) -> None:
        display(screen, renderable)  # type: ignore[arg-type]
        if renderable is not None:
            frames.append(len(document.map.phases))

    monkeypatch.setattr(app, "_display", counted)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert frames[0] == PREVIEW_PHASES  # the first frame: the preview
        assert len(grid(app).journey.phases) == 400  # then the whole map
        assert document.map == big_map() and not document.modified
        await pilot.press("end")
        assert grid(app).phase == 399


async def test_keys_typed_before_the_rest_is_read_act_on_the_whole_map(
    big_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keys sent with the command (tmux send-keys, a paste, a fast typist) reach the editor
    # before the rest of the file is read after the first frame: they wait for it.
    document = Document.open(big_file)
    app = CxtuiApp(document, guard=False)
    screen = app.get_default_screen()
    later = screen.call_after_refresh

    def not_the_loading(callback: Any, *args: Any) -> bool:
        return True if callback == screen.finish_loading else later(callback, *args)

    monkeypatch.setattr(screen, "call_after_refresh", not_the_loading)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert document.unread is not None  # (still the preview: the keys come first)
        await pilot.press("end", "down", "minus")  # (the feeling lane, 2 → 1)
        await pilot.pause()
        assert document.unread is None and grid(app).phase == 399
        assert document.modified and document.map.phases[399].emotion == 1


async def test_the_first_frame_s_status_line_counts_the_whole_file_s_phases(
    big_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = Document.open(big_file)
    assert document.phase_count == 400 and len(document.map.phases) == PREVIEW_PHASES
    app = CxtuiApp(document, guard=False)
    frames: list[tuple[int, str]] = []
    display = app._display

    def counted(screen: object, renderable: object) -> None:
        display(screen, renderable)  # type: ignore[arg-type]
        if renderable is not None:
            status = app.screen.query_one(StatusLine).render().plain
            frames.append((len(document.map.phases), status))

    monkeypatch.setattr(app, "_display", counted)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
    assert frames[0][0] == PREVIEW_PHASES  # painted from the preview
    assert [status.split("│")[1].split()[:2] for _, status in frames] == [["phase", "1/400"]] * (
        len(frames) - 1
    ) + [["phase", "2/400"]]
    assert document.phase_count == 400 and document.unread is None


async def test_a_problem_after_the_preview_ends_the_editor_with_the_message(
    big_file: Path,
) -> None:
    text = big_file.read_text()
    last = text.rindex("emotion = ")
    big_file.write_text(text[:last] + 'emotion = "high"\n' + text[last:].split("\n", 1)[1])
    document = Document.open(big_file)
    assert document.unread is not None
    app = CxtuiApp(document, guard=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.return_code == 1 and app._exit
    assert app.load_error is not None
    problem = app.load_error.problems[0]
    assert "emotion" in problem.message and problem.line == text[:last].count("\n") + 1


def test_without_a_terminal_a_problem_after_the_preview_is_reported_first(
    tmp_path: Path, run_cli: Any
) -> None:
    path = tmp_path / "many.toml"
    path.write_text(
        'cxtui = 1\ntitle = "t"\n[[lanes]]\nkey = "a"\n'
        + "".join(f'[[phases]]\ntitle = "p{i} {"x" * 40}"\n' for i in range(5000))
    )
    assert len(path.read_text()) >= PREVIEW_CHARS and preview_map(path.read_text())
    result = run_cli(str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"cxtui: {path}:5:1: too many phases"), result.stderr
