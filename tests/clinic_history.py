"""A three-phase clinic map and a real git repository of three dated commits of it: the
history tests of the command line and of the editor share them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cxtui.fileformat import dumps
from cxtui.model import JourneyMap, Lane, Phase, SetEmotion, SetNotes, SetPhase

LANES = (Lane("actions", "Actions"), Lane("mood", "Mood", "emotion"))
START = JourneyMap(
    "Clinic",
    lanes=LANES,
    phases=(
        Phase("Feels ill", None, -1, id="f1"),
        Phase("Calls GP surgery", None, -2, {"actions": ("Waits on hold",)}, id="c2"),
        Phase("Sees GP", None, 1, id="s3"),
    ),
)
DAYS = ("2026-07-01", "2026-08-01", "2026-09-01")
#: Isolated from the person's and the machine's git configuration.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ann Okafor",
    "GIT_AUTHOR_EMAIL": "ann@example.com",
    "GIT_COMMITTER_NAME": "Ann Okafor",
    "GIT_COMMITTER_EMAIL": "ann@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def versions() -> list[JourneyMap]:
    """The map as the three commits leave it: the worst phase renamed and raised, then
    given new notes."""
    second, _ = START.apply(SetPhase(1, "Self-refers via online form", None))
    second, _ = second.apply(SetEmotion(1, 0))
    third, _ = second.apply(SetNotes(1, "actions", ("Fills in a form", "Gets a text")))
    return [START, second, third]


def repository(root: Path) -> Path:
    """A repository at `root` with three commits of maps/clinic.toml, one month apart
    (:data:`DAYS`): the file's path."""
    env = {**os.environ, **GIT_ENV}
    (root / "maps").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=root, env=env, check=True)
    path = root / "maps" / "clinic.toml"
    for n, (m, day) in enumerate(zip(versions(), DAYS, strict=True)):
        path.write_text(dumps(m), encoding="utf-8")
        dated = {
            **env,
            "GIT_AUTHOR_DATE": f"{day}T12:00:00",
            "GIT_COMMITTER_DATE": f"{day}T12:00:00",
        }
        subprocess.run(["git", "add", "."], cwd=root, env=dated, check=True)
        subprocess.run(
            ["git", "commit", "-q", "-m", f"step {n + 1}"], cwd=root, env=dated, check=True
        )
    return path
