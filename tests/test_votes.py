"""Votes: one line of the file per voted note, merged as sets, ranked by `cxtui votes`."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from conftest import RunCli

from cxtui.fileformat import MapFileError, dumps, loads
from cxtui.merge import merge_maps
from cxtui.model import JourneyMap, Lane, ModelError, Phase, SetNotes, ToggleVote
from cxtui.user import current_user

LANES = (Lane("actions", "Actions"), Lane("ideas", "Ideas"))
BASE = JourneyMap(
    "Shop",
    lanes=LANES,
    phases=(
        Phase("Buy", cells={"ideas": ("Guest checkout", 'Pay "later"')}, id="b1"),
        Phase("Wait", cells={"ideas": ("Live tracking",)}, id="w2"),
    ),
)


def vote(m: JourneyMap, phase: int, note: str, who: str) -> JourneyMap:
    return m.apply(ToggleVote(phase, "ideas", note, who))[0]


def changed_lines(a: str, b: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_vote_changes_one_line_and_again_takes_it_back() -> None:
    one = vote(BASE, 0, 'Pay "later"', "ann")
    assert changed_lines(dumps(BASE), dumps(one)) == ['+votes.ideas."Pay \\"later\\"" = ["ann"]']
    two = vote(one, 0, 'Pay "later"', "bob")
    assert changed_lines(dumps(one), dumps(two)) == [
        '-votes.ideas."Pay \\"later\\"" = ["ann"]',
        '+votes.ideas."Pay \\"later\\"" = ["ann", "bob"]',
    ]
    assert loads(dumps(two)) == two
    assert vote(two, 0, 'Pay "later"', "bob") == one
    # the inverse of a vote is the same toggle
    _, undo = one.apply(ToggleVote(0, "ideas", 'Pay "later"', "bob"))
    assert undo == ToggleVote(0, "ideas", 'Pay "later"', "bob")


def test_a_vote_needs_a_note_and_a_name() -> None:
    with pytest.raises(ModelError):
        vote(BASE, 0, "No such idea", "ann")
    with pytest.raises(ModelError):
        vote(BASE, 0, "Guest checkout", "  ")


def test_votes_for_a_note_that_is_gone_are_not_written() -> None:
    voted = vote(BASE, 1, "Live tracking", "ann")
    gone, _ = voted.apply(SetNotes(1, "ideas", ("SMS updates",)))
    assert "votes." not in dumps(gone)
    back, _ = gone.apply(SetNotes(1, "ideas", ("Live tracking",)))  # (undo brings them back)
    assert back.phases[1].voters("ideas", "Live tracking") == ("ann",)


def test_votes_by_two_people_merge_without_conflict() -> None:
    both = vote(BASE, 0, "Guest checkout", "ann")
    ours = vote(vote(both, 0, "Guest checkout", "bob"), 1, "Live tracking", "bob")
    theirs = vote(vote(both, 0, "Guest checkout", "ann"), 0, "Guest checkout", "cy")
    merged = merge_maps(both, ours, theirs)
    assert not merged.conflicts
    assert merged.phases[0].voters("ideas", "Guest checkout") == ("bob", "cy")  # ann took hers back
    assert merged.phases[1].voters("ideas", "Live tracking") == ("bob",)


def test_votes_for_no_lane_are_reported_where_they_stand() -> None:
    text = dumps(vote(BASE, 0, "Guest checkout", "ann")).replace("votes.ideas.", "votes.idea.")
    with pytest.raises(MapFileError) as caught:
        loads(text, "m.toml")
    (problem,) = caught.value.problems
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("votes."))
    assert (problem.line, problem.col) == (line, 1)
    assert "votes for notes of 'idea', which is no text lane; did you mean 'ideas'?" in str(problem)


def test_the_current_user(tmp_path: Path) -> None:
    config = tmp_path / "cxtui" / "config.toml"
    config.parent.mkdir()
    config.write_text('user = "Ann Okafor"\n', encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    assert current_user(env) == "Ann Okafor"
    assert current_user({**env, "CXTUI_USER": "ann"}) == "ann"
    assert current_user({"XDG_CONFIG_HOME": str(tmp_path / "none")})  # the login name


def test_cxtui_votes_ranks_the_notes(tmp_path: Path, run_cli: RunCli) -> None:
    m = vote(
        vote(vote(BASE, 0, 'Pay "later"', "ann"), 0, 'Pay "later"', "bob"), 1, "Live tracking", "cy"
    )
    path = tmp_path / "map.toml"
    path.write_text(dumps(m), encoding="utf-8")
    result = run_cli("votes", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        '2  Buy · Ideas: Pay "later"  (ann, bob)\n1  Wait · Ideas: Live tracking  (cy)\n'
    )
    path.write_text(dumps(BASE), encoding="utf-8")
    assert run_cli("votes", path).stdout == f"{path}: no votes yet\n"


def test_diff_shows_votes_given_and_taken_back() -> None:
    from cxtui.diff import VotesChanged, diff_maps, format_diff

    before = vote(BASE, 0, "Guest checkout", "ann")
    after = vote(vote(before, 0, "Guest checkout", "ann"), 0, "Guest checkout", "bob")
    changes = diff_maps(before, after)
    assert changes == [VotesChanged("Buy", 0, "ideas", "Guest checkout", ("bob",), ("ann",))]
    assert "  votes for 'Guest checkout': +bob -ann\n" in format_diff(changes, before, after)
