"""Running cxtui as a second, unprivileged user (for the tests of saving on a shared server).

When the suite runs as root (as CI does), :func:`make_people` creates the users
``cxtui-test`` and ``cxtui-mate`` and their group ``cxtui-team`` (once; they are kept,
as useradd leaves them), and :class:`Person` runs commands as one of them with
``setpriv``. The user must be able to run the code under test: the installed command
if they can reach it, else a copy of cxtui and its dependencies (pure Python) in a
folder they can read, run by an interpreter they can run (a root-only ``/root`` or
pyenv is common on CI machines).
"""

from __future__ import annotations

import grp
import importlib.metadata
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cxtui

CXTUI = str(Path(sys.executable).parent / "cxtui")
TEAM = "cxtui-team"
USER = "cxtui-test"
MATE = "cxtui-mate"


class CannotSwitchUser(Exception):
    """Why the tests cannot run anything as another user here."""


@dataclass
class Person:
    """A user to run commands as, with the commands that run cxtui for them."""

    name: str
    uid: int
    gid: int
    home: Path
    #: The interpreter (and options) that runs Python code with cxtui importable.
    python: list[str] = field(default_factory=list)
    #: Extra environment (PYTHONPATH of the copy, when one is used).
    env: dict[str, str] = field(default_factory=dict)

    @property
    def cxtui(self) -> list[str]:
        """The command that runs cxtui as this person."""
        if self.env.get("PYTHONPATH"):
            return [*self.python, "-m", "cxtui"]
        return [CXTUI]

    def environment(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {
            "HOME": str(self.home),
            "USER": self.name,
            "LOGNAME": self.name,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "COLUMNS": "100",
        }
        env.update(self.env)
        env.update(extra or {})
        return env

    def as_me(self) -> list[str]:
        """The prefix that runs a command as this person (with their groups)."""
        return ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--init-groups", "--"]

    def run(
        self, *args: str | os.PathLike[str], timeout: float = 60, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run `args` as this person; the result holds stdout and stderr."""
        return subprocess.run(
            [*self.as_me(), *map(os.fspath, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            env=self.environment(),
            cwd=cwd or self.home,
            stdin=subprocess.DEVNULL,
        )

    def run_cxtui(self, *args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
        return self.run(*self.cxtui, *args)

    def run_python(
        self, code: str, *args: str | os.PathLike[str]
    ) -> subprocess.CompletedProcess[str]:
        return self.run(*self.python, "-c", code, *args)

    def popen_python(self, code: str, *args: str | os.PathLike[str]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*self.as_me(), *self.python, "-c", code, *map(os.fspath, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=self.environment(),
            cwd=self.home,
        )


def _ensure(command: list[str], exists_code: int) -> None:
    """Run useradd/groupadd, taking "already exists" as done; retry while another test
    process holds the lock on /etc/passwd."""
    for _ in range(50):
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        if done.returncode in (0, exists_code):
            return
        if "lock" not in done.stderr:
            raise CannotSwitchUser(f"{' '.join(command)} failed: {done.stderr.strip()}")
        time.sleep(0.1)
    raise CannotSwitchUser(f"{' '.join(command)}: /etc/passwd stayed locked")


def make_people(shared: Path) -> tuple[Person, Person]:
    """The second user and a team mate (both in group cxtui-team), made if need be."""
    if os.geteuid() != 0:
        raise CannotSwitchUser(
            "not root: running as a second user needs root to create that user and switch "
            "to it (CI runs the suite as root)"
        )
    for tool in ("useradd", "groupadd", "setpriv"):
        if shutil.which(tool) is None:
            raise CannotSwitchUser(f"{tool} is not installed")
    _ensure(["groupadd", TEAM], 9)
    people = []
    for name in (USER, MATE):
        _ensure(["useradd", "--no-create-home", "--user-group", "--groups", TEAM,
                 "--shell", "/bin/sh", name], 9)  # fmt: skip
        entry = pwd.getpwnam(name)
        home = shared / f"home-{name}"
        home.mkdir(exist_ok=True)
        os.chown(home, entry.pw_uid, entry.pw_gid)
        people.append(Person(name, entry.pw_uid, entry.pw_gid, home))
    user, mate = people
    python, env = _runner(user, shared)
    for person in people:
        person.python, person.env = python, env
    return user, mate


def team_gid() -> int:
    return grp.getgrnam(TEAM).gr_gid


def _can_run(person: Person, command: Sequence[str], env: Mapping[str, str]) -> bool:
    person.env = dict(env)
    try:
        done = person.run(*command, "-c", "import cxtui.tui.app, cxtui.cli", timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _runner(person: Person, shared: Path) -> tuple[list[str], dict[str, str]]:
    """How `person` runs cxtui: the test's own interpreter if they can, else a copy."""
    if _can_run(person, [sys.executable, "-B"], {}):
        return [sys.executable, "-B"], {}
    copy = shared / "runner"
    _copy_cxtui_and_dependencies(copy)
    candidates = [os.path.realpath(getattr(sys, "_base_executable", sys.executable))]
    candidates += [p for p in (shutil.which("python3"), "/usr/bin/python3") if p]
    for python in dict.fromkeys(candidates):
        command = [python, "-s", "-B"]
        if _can_run(person, command, {"PYTHONPATH": str(copy)}):
            return command, {"PYTHONPATH": str(copy)}
    raise CannotSwitchUser(f"no Python 3.11+ that {person.name} may run was found")


def _copy_cxtui_and_dependencies(folder: Path) -> None:
    """Copy cxtui (the source under test) and the files of its runtime dependencies."""
    folder.mkdir(exist_ok=True)
    source = Path(cxtui.__file__).parent
    shutil.copytree(
        source, folder / "cxtui", dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__"),
    )  # fmt: skip
    for dist in _runtime_closure("cxtui"):
        for file in dist.files or []:
            if file.parts[0] == ".." or "__pycache__" in file.parts:
                continue
            located = Path(str(dist.locate_file(file)))
            if located.is_file():
                target = folder / file
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(located, target)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def _runtime_closure(name: str) -> list[importlib.metadata.Distribution]:
    """The distributions `name` needs to run (its requirements without extras, and theirs)."""
    seen: dict[str, importlib.metadata.Distribution] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        key = re.sub(r"[-_.]+", "-", current).lower()
        if key in seen:
            continue
        try:
            dist = importlib.metadata.distribution(current)
        except importlib.metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        for requirement in dist.requires or []:
            if "extra ==" in requirement or "extra==" in requirement:
                continue
            match = re.match(r"[A-Za-z0-9._-]+", requirement)
            if match:
                todo.append(match.group())
    return [dist for key, dist in seen.items() if key != "cxtui"]


def shared_folder() -> Path:
    """A folder every user may enter, for the tests' files (removed by the caller)."""
    base = "/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()
    folder = Path(tempfile.mkdtemp(prefix="cxtui-shared-", dir=base))
    folder.chmod(0o755)
    return folder
