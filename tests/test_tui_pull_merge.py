"""A `git pull` under an open editor: ctrl+s offers Merge, against the real git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tui_helpers import make_app, sample_map, wait_for_screen, wait_until

from cxtui.fileformat import dumps, read_map
from cxtui.model import SetMeta, SetNotes
from cxtui.tui.compat import shown_notifications
from cxtui.tui.dialogs.prompts import ButtonDialog
from cxtui.tui.screens.map_screen import MapScreen

SIZE = (120, 36)


def git_env() -> dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bo Lind",
        "GIT_AUTHOR_EMAIL": "bo@example.com",
        "GIT_COMMITTER_NAME": "Bo Lind",
        "GIT_COMMITTER_EMAIL": "bo@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def repository_with_their_branch(root: Path, theirs_title: str | None) -> Path:
    """`root`: a repository whose map.toml has a commit on branch `theirs` (a note in
    phase 2, and the title `theirs_title` if given) that the checked-out branch lacks."""
    env = git_env()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    root.mkdir()
    git("init", "-q", "-b", "main")
    path = root / "map.toml"
    base = sample_map()
    path.write_text(dumps(base), encoding="utf-8")
    git("add", ".")
    git("commit", "-q", "-m", "the map")
    git("checkout", "-q", "-b", "theirs")
    theirs, _ = base.apply(SetNotes(1, "thoughts", (*base.phases[1].notes("thoughts"), "theirs")))
    if theirs_title is not None:
        theirs, _ = theirs.apply(SetMeta(theirs_title, theirs.kind, theirs.description))
    path.write_text(dumps(theirs), encoding="utf-8")
    git("commit", "-q", "-am", "their note")
    git("checkout", "-q", "main")
    return path


def pull(root: Path) -> None:
    """What `git pull` does to the working tree: merge their branch in."""
    subprocess.run(
        ["git", "merge", "-q", "theirs"], cwd=root, env=git_env(), check=True, capture_output=True
    )


async def test_ctrl_s_after_a_git_pull_merges_their_commit_and_my_edits(tmp_path: Path) -> None:
    path = repository_with_their_branch(tmp_path / "repo", None)
    app = make_app(read_map(path), path)
    async with app.run_test(size=SIZE) as pilot:
        m = app.document.map
        app.map_screen.apply(SetNotes(0, "thoughts", (*m.phases[0].notes("thoughts"), "mine")))
        pull(path.parent)
        await pilot.press("ctrl+s")
        dialog = await wait_for_screen(pilot, ButtonDialog)
        assert dialog.dialog_id == "conflict-dialog"
        await pilot.press("m")
        await wait_for_screen(pilot, MapScreen)
        await wait_until(pilot, lambda: not app.document.modified)
        saved = read_map(path)
        assert saved.phases[0].notes("thoughts")[-1] == "mine"
        assert saved.phases[1].notes("thoughts")[-1] == "theirs"
        assert saved == app.document.map
        await pilot.press("u")  # the merge is one step of undo
        assert app.document.map.phases[1].notes("thoughts")[-1] != "theirs"
        assert app.document.map.phases[0].notes("thoughts")[-1] == "mine"


async def test_a_clash_with_the_pulled_commit_is_a_conflict_to_settle(tmp_path: Path) -> None:
    path = repository_with_their_branch(tmp_path / "repo", "Their title")
    app = make_app(read_map(path), path)
    async with app.run_test(size=SIZE) as pilot:
        m = app.document.map
        app.map_screen.apply(SetMeta("My title", m.kind, m.description))
        pull(path.parent)
        pulled = path.read_text(encoding="utf-8")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(app.screen.query("#conflict-dialog")))
        await pilot.press("m")
        await wait_until(
            pilot,
            lambda: any("conflict to settle with M" in n.message for n in shown_notifications(app)),
        )
        assert path.read_text(encoding="utf-8") == pulled  # nothing written yet
        merged = app.document.map
        assert merged.phases[1].notes("thoughts")[-1] == "theirs"  # the clean part merged
        (conflict,) = merged.conflicts
        assert (conflict.field, conflict.ours, conflict.theirs) == (
            "title",
            "My title",
            "Their title",
        )
