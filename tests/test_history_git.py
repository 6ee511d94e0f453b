"""`cxtui log FILE` and `FILE@REV`, against the real git and the real `cxtui`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from clinic_history import GIT_ENV, START, repository, versions
from conftest import RunCli

from cxtui.fileformat import dumps
from cxtui.model import JourneyMap
from cxtui.revisions import RevisionError, read_map_spec, split_spec


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, dict[str, str], list[JourneyMap]]:
    """A repository with three commits of maps/clinic.toml, dated one month apart."""
    root = tmp_path / "repo"
    repository(root)
    return root, {**os.environ, **GIT_ENV}, versions()


def test_log_lists_each_commit_with_its_curve_and_counts(
    history: tuple[Path, dict[str, str], list[JourneyMap]], run_cli: RunCli
) -> None:
    root, env, _ = history
    result = run_cli("log", "maps/clinic.toml", "--no-color", cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("2026-09-01  ")
    assert lines[0].endswith("1 phase, 3 notes changed  Ann Okafor: step 3")
    assert lines[1].startswith("2026-08-01  ")
    assert "1 phase, 0 notes changed  Ann Okafor: step 2" in lines[1]
    assert "new: 3 phases, 1 note  Ann Okafor: step 1" in lines[2]
    # the curves: the second phase rose from the bottom to the middle
    curve_then, curve_now = lines[2].split()[2], lines[0].split()[2]
    assert len(curve_then) == len(curve_now) == 3
    assert curve_then[1] < curve_now[1]


def test_diff_takes_file_at_rev_with_git_revisions_and_dates(
    history: tuple[Path, dict[str, str], list[JourneyMap]], run_cli: RunCli
) -> None:
    root, env, versions = history
    result = run_cli("diff", "maps/clinic.toml@HEAD~2", "maps/clinic.toml", cwd=root, env=env)
    assert result.returncode == 1, result.stderr
    assert "~ Calls GP surgery renamed → Self-refers via online form (at 2)" in result.stdout
    assert "Self-refers via online form: -2 → 0 (+2)" in result.stdout
    # a date: the last commit on or before it
    same = run_cli(
        "diff", "maps/clinic.toml@2026-08-15", "maps/clinic.toml@HEAD~1", cwd=root, env=env
    )
    assert same.returncode == 0, same.stdout + same.stderr
    cwd = os.getcwd()
    os.chdir(root / "maps")
    try:
        assert read_map_spec("clinic.toml@2026-07-20") == versions[0]
        assert read_map_spec("clinic.toml@HEAD") == versions[2]
    finally:
        os.chdir(cwd)


def test_plain_messages_for_what_git_cannot_give(
    history: tuple[Path, dict[str, str], list[JourneyMap]], run_cli: RunCli, tmp_path: Path
) -> None:
    root, env, _ = history
    bad = run_cli("diff", "maps/clinic.toml@nope", "maps/clinic.toml", cwd=root, env=env)
    assert (bad.returncode, bad.stderr) == (2, "cxtui: 'nope' is not a revision git knows here\n")
    early = run_cli("diff", "maps/clinic.toml@2020-01-01", "maps/clinic.toml", cwd=root, env=env)
    assert "no commit changed it on or before 2020-01-01" in early.stderr
    outside = tmp_path / "loose.toml"
    outside.write_text(dumps(START), encoding="utf-8")
    result = run_cli("log", outside, env=env)
    assert (result.returncode, result.stderr) == (1, f"cxtui: {outside}: not in a git repository\n")
    no_git = run_cli(
        "log", "maps/clinic.toml", cwd=root, env={**env, "PATH": str(tmp_path / "none")}
    )
    assert no_git.returncode == 1
    assert "git is not installed" in no_git.stderr
    untracked = root / "maps" / "new.toml"
    untracked.write_text(dumps(START), encoding="utf-8")
    assert "git has no commit of this file" in run_cli("log", untracked, env=env).stderr


def test_a_name_with_an_at_sign_that_exists_is_a_file(tmp_path: Path) -> None:
    named = tmp_path / "team@work.toml"
    named.write_text(dumps(START), encoding="utf-8")
    assert split_spec(str(named)) == (str(named), None)
    assert split_spec("map.toml@HEAD~3") == ("map.toml", "HEAD~3")
    with pytest.raises(RevisionError):
        read_map_spec(str(tmp_path / "map.toml@HEAD"))


def test_insights_against_takes_file_at_rev_on_either_side(
    history: tuple[Path, dict[str, str], list[JourneyMap]], run_cli: RunCli
) -> None:
    root, env, _ = history
    past = run_cli(
        "insights",
        "maps/clinic.toml@2026-07-20",
        "--against",
        "maps/clinic.toml",
        cwd=root,
        env=env,
    )
    assert past.returncode == 0, past.stderr
    assert "Self-refers via online form" in past.stdout
    assert "Calls GP surgery" in past.stdout
    both = run_cli(
        "insights",
        "maps/clinic.toml@HEAD~2",
        "--against",
        "maps/clinic.toml@HEAD~1",
        "--format",
        "json",
        cwd=root,
        env=env,
    )
    assert both.returncode == 0, both.stderr
    data = json.loads(both.stdout)
    assert (data["file"], data["against"]) == ("maps/clinic.toml@HEAD~2", "maps/clinic.toml@HEAD~1")
    renamed = data["phases"][1]
    assert renamed["current"]["title"] == "Calls GP surgery"
    assert renamed["future"]["title"] == "Self-refers via online form"
    assert (renamed["from"], renamed["to"], renamed["change"]) == (-2, 0, 2)
    alone = run_cli("insights", "maps/clinic.toml@HEAD~2", cwd=root, env=env)
    assert alone.returncode == 0, alone.stderr
    assert "Calls GP surgery" in alone.stdout
    assert "Self-refers" not in alone.stdout


def test_insights_says_plainly_what_git_cannot_give(
    history: tuple[Path, dict[str, str], list[JourneyMap]], run_cli: RunCli, tmp_path: Path
) -> None:
    root, env, _ = history
    bad = run_cli(
        "insights", "maps/clinic.toml", "--against", "maps/clinic.toml@nope", cwd=root, env=env
    )
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr == "cxtui: 'nope' is not a revision git knows here\n"
    outside = tmp_path / "loose.toml"
    outside.write_text(dumps(START), encoding="utf-8")
    loose = run_cli("insights", f"{outside}@HEAD", env=env)
    assert (loose.returncode, loose.stderr) == (1, f"cxtui: {outside}: not in a git repository\n")
    no_git = run_cli(
        "insights",
        "maps/clinic.toml@HEAD",
        cwd=root,
        env={**env, "PATH": str(tmp_path / "none")},
    )
    assert no_git.returncode == 1
    assert no_git.stderr.count("\n") == 1
    assert "git is not installed" in no_git.stderr
