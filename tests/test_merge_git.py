"""`cxtui merge` as a command and as git's merge driver, with the real git."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CXTUI, RunCli

from cxtui.fileformat import dumps, read_map
from cxtui.model import JourneyMap, Lane, Phase, SetEmotion, SetNotes, SetPhase

LANES = (Lane("actions", "Actions"), Lane("mood", "Mood", "emotion"), Lane("pains", "Pains"))
BASE = JourneyMap(
    "Shop",
    lanes=LANES,
    phases=(
        Phase("Discover", None, 1, {"actions": ("Searches",)}, id="d1"),
        Phase("Buy", None, -1, {"actions": ("Pays",)}, id="b2"),
        Phase("Wait", None, None, {"actions": ("Waits",)}, id="w3"),
    ),
)


def edited(*edits: object) -> JourneyMap:
    m = BASE
    for edit in edits:
        m, _ = m.apply(edit)  # type: ignore[arg-type]
    return m


def write(path: Path, m: JourneyMap) -> Path:
    path.write_text(dumps(m), encoding="utf-8")
    return path


def test_merge_writes_over_ours_and_exits_0_when_clean(tmp_path: Path, run_cli: RunCli) -> None:
    base = write(tmp_path / "base.toml", BASE)
    ours = write(tmp_path / "ours.toml", edited(SetEmotion(0, 2)))
    theirs = write(tmp_path / "theirs.toml", edited(SetPhase(1, "Checkout", None)))
    result = run_cli("merge", base, ours, theirs)
    assert result.returncode == 0, result.stderr
    merged = read_map(ours)
    assert [p.title for p in merged.phases] == ["Discover", "Checkout", "Wait"]
    assert merged.phases[0].emotion == 2


def test_merge_with_conflicts_exits_1_and_validate_points_at_them(
    tmp_path: Path, run_cli: RunCli
) -> None:
    base = write(tmp_path / "base.toml", BASE)
    ours_map = edited(SetEmotion(1, 2))
    ours = write(tmp_path / "ours.toml", ours_map)
    theirs = write(tmp_path / "theirs.toml", edited(SetEmotion(1, 0)))
    out = tmp_path / "out.toml"
    result = run_cli("merge", base, ours, theirs, "-o", out)
    assert result.returncode == 1
    assert read_map(ours) == ours_map  # -o: ours untouched
    lines = out.read_text(encoding="utf-8").splitlines()
    at = lines.index("[[conflicts]]") + 1
    expected = f"cxtui: {out}:{at}:1: merge conflict: phase 'Buy' (b2) emotion: ours +2, theirs 0"
    assert result.stderr.startswith(expected)
    check = run_cli("validate", out)
    assert check.returncode == 1
    assert check.stderr.startswith(expected)
    # standard output
    result = run_cli("merge", base, ours, theirs, "-o", "-")
    assert result.returncode == 1 and "[[conflicts]]" in result.stdout


def test_merge_trouble_exits_2(tmp_path: Path, run_cli: RunCli) -> None:
    base = write(tmp_path / "base.toml", BASE)
    bad = tmp_path / "bad.toml"
    bad.write_text('cxtui = 1\ntitle = "x"\nkind = "nope"\n', encoding="utf-8")
    before = bad.read_text(encoding="utf-8")
    result = run_cli("merge", base, bad, base)
    assert result.returncode == 2
    assert re.search(r"^cxtui: .*bad\.toml:3:8: unknown map kind 'nope'", result.stderr, re.M)
    assert bad.read_text(encoding="utf-8") == before


def test_a_toml_file_that_is_no_map_is_merged_as_text(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "base.toml").write_text("[a]\nx = 1\ny = 2\nz = 3\n", encoding="utf-8")
    (tmp_path / "ours.toml").write_text("[a]\nx = 10\ny = 2\nz = 3\n", encoding="utf-8")
    (tmp_path / "theirs.toml").write_text("[a]\nx = 1\ny = 2\nz = 30\n", encoding="utf-8")
    result = run_cli("merge", *(tmp_path / f"{n}.toml" for n in ("base", "ours", "theirs")))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ours.toml").read_text() == "[a]\nx = 10\ny = 2\nz = 30\n"


# -- with git ---------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="Ann",
        GIT_AUTHOR_EMAIL="ann@example.com",
        GIT_COMMITTER_NAME="Ann",
        GIT_COMMITTER_EMAIL="ann@example.com",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        PATH=f"{Path(CXTUI).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    root = tmp_path / "repo"
    root.mkdir()
    git(root, env, "init", "-q", "-b", "main")
    setup = subprocess.run(
        [CXTUI, "git-setup"], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert setup.returncode == 0, setup.stderr
    assert (root / ".gitattributes").read_text() == "*.toml merge=cxtui\n"
    write(root / "map.toml", BASE)
    git(root, env, "add", ".")
    git(root, env, "commit", "-q", "-m", "base")
    return root, env


def git(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )


def branch(root: Path, env: dict[str, str], name: str, m: JourneyMap) -> None:
    git(root, env, "checkout", "-q", "-b", name, "main")
    write(root / "map.toml", m)
    assert git(root, env, "commit", "-q", "-am", name).returncode == 0


def test_git_merges_two_branches_editing_different_places(
    repo: tuple[Path, dict[str, str]],
) -> None:
    root, env = repo
    assert "merge: cxtui" in git(root, env, "check-attr", "merge", "map.toml").stdout
    # a note added to one cell on both sides: a line-by-line merge would clash there
    branch(root, env, "score", edited(SetEmotion(1, 2), SetNotes(1, "actions", ("Pays", "Tips"))))
    branch(root, env, "notes", edited(SetNotes(1, "actions", ("Pays", "Gets a receipt"))))
    git(root, env, "checkout", "-q", "score")
    result = git(root, env, "merge", "-q", "--no-edit", "notes")
    assert result.returncode == 0, result.stdout + result.stderr
    merged = read_map(root / "map.toml")
    assert merged.phases[1].emotion == 2
    assert merged.phases[1].notes("actions") == ("Pays", "Tips", "Gets a receipt")
    assert git(root, env, "status", "--porcelain").stdout == ""
    assert "<<<<<<<" not in (root / "map.toml").read_text()


def clash(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Two branches that set the score of phase 2 two ways, merged by git."""
    branch(root, env, "up", edited(SetEmotion(1, 2), SetNotes(0, "pains", ("Slow search",))))
    branch(root, env, "down", edited(SetEmotion(1, -2)))
    return git(root, env, "merge", "--no-edit", "up")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_editor_opened_after_a_clashing_merge_marks_the_conflict(
    repo: tuple[Path, dict[str, str]],
) -> None:
    from test_e2e_tmux import Terminal

    root, env = repo
    assert clash(root, env).returncode == 1
    terminal = Terminal()
    try:
        terminal.start(str(CXTUI), str(root / "map.toml"), width=100, height=30)
        screen = terminal.wait_for("⚠ 1 conflict — 1 to resolve")
        (mood,) = [line for line in screen.splitlines() if line.startswith(" Mood")]
        assert mood.count("⚠") == 1  # on the score of phase 2, in the second column
        assert mood.index("⚠") > mood.index("│") and mood.count("│", 0, mood.index("⚠")) == 1
        terminal.keys("M")
        terminal.wait_for("Merge conflicts (1)")
        terminal.keys("t")  # take theirs
        screen = terminal.wait_for("all conflicts settled")
        assert "[modified]" in screen and "⚠" not in screen
    finally:
        terminal.close()


def test_git_leaves_clashing_branches_with_conflicts_that_validate_points_at(
    repo: tuple[Path, dict[str, str]], run_cli: RunCli
) -> None:
    root, env = repo
    result = clash(root, env)
    assert result.returncode == 1
    assert "CONFLICT (content): Merge conflict in map.toml" in result.stdout
    text = (root / "map.toml").read_text()
    assert "<<<<<<<" not in text
    merged = read_map(root / "map.toml")  # a valid map: the editor opens it
    assert merged.phases[0].notes("pains") == ("Slow search",)  # the clean part is merged
    (conflict,) = merged.conflicts
    assert (conflict.ours, conflict.theirs, conflict.base) == (-2, 2, -1)
    check = run_cli("validate", root / "map.toml")
    line = text.splitlines().index("[[conflicts]]") + 1
    assert check.returncode == 1
    assert f"map.toml:{line}:1: merge conflict: phase 'Buy' (b2) emotion" in check.stderr


def test_git_merges_two_peoples_votes_for_one_note(repo: tuple[Path, dict[str, str]]) -> None:
    from cxtui.model import ToggleVote

    root, env = repo
    branch(root, env, "ann", edited(ToggleVote(1, "actions", "Pays", "ann")))
    branch(root, env, "bob", edited(ToggleVote(1, "actions", "Pays", "bob")))
    result = git(root, env, "merge", "-q", "--no-edit", "ann")
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'votes.actions."Pays" = ["ann", "bob"]\n' in (root / "map.toml").read_text()
