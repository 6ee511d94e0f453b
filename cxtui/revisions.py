"""A map as it was in git: ``FILE@REV`` and the commits that changed a file.

git is run as a command (no library). Every failure is a :class:`RevisionError`
whose message says plainly what is wrong: git missing, the file outside a
repository, a revision git does not know, or a map that was not there then.
Any command that reads a map can take ``FILE@REV`` through :func:`read_map_spec`
(``map.toml@HEAD~3``, ``map.toml@main``, ``map.toml@2026-09-01`` for the last
commit on or before that day).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from cxtui.fileformat import MapFileError, Problem, decode_text, loads, read_map
from cxtui.limits import MAX_FILE_BYTES
from cxtui.model import JourneyMap
from cxtui.record import record

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$")


class RevisionError(Exception):
    """git could not give what was asked; the message says why, for a person."""


@record
class Commit:
    """One commit that changed a map file: `path` is the file's name then (from the top
    of the repository)."""

    sha: str
    date: str
    author: str
    subject: str
    path: str


def split_spec(spec: str) -> tuple[str, str | None]:
    """``map.toml@HEAD~3`` → (``map.toml``, ``HEAD~3``); a name that exists as a file, or
    has no ``@``, is a file of the working tree (revision None)."""
    if "@" not in spec or os.path.exists(spec):
        return spec, None
    file, _, rev = spec.rpartition("@")
    if not file or not rev:
        return spec, None
    return file, rev


def _git() -> str:
    git = shutil.which("git")
    if git is None:
        raise RevisionError("git is not installed (cxtui runs it to read a map's history)")
    return git


def _run(folder: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            [_git(), "-C", str(folder), *args],
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C"},
        )
    except OSError as error:
        raise RevisionError(f"cannot run git: {error.strerror or error}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout.decode("utf-8", "replace")


def repository_path(file: str) -> tuple[Path, str]:
    """The top folder of the repository holding `file`, and `file` relative to it (with
    ``/``); RevisionError outside a repository."""
    target = Path(os.path.abspath(file))
    folder = target.parent
    if not folder.is_dir():
        raise RevisionError(f"{file}: no such folder")
    _git()  # (its own message when git is missing)
    try:
        top = _run(folder, "rev-parse", "--show-toplevel").strip()
    except RevisionError:
        raise RevisionError(f"{file}: not in a git repository") from None
    top_path = Path(top).resolve()
    relative = Path(os.path.realpath(folder)).relative_to(top_path) / target.name
    return top_path, relative.as_posix()


def resolve(top: Path, rev: str, path: str) -> str:
    """The commit `rev` names; a date names the last commit on or before it that changed
    `path` (or, if none did, RevisionError)."""
    if _DATE.match(rev):
        day = rev if " " in rev or "T" in rev else f"{rev} 23:59:59"
        found = _run(top, "rev-list", "-1", f"--before={day}", "HEAD", "--", path).strip()
        if not found:
            raise RevisionError(f"{path}: no commit changed it on or before {rev}")
        return found
    try:
        return _run(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except RevisionError:
        raise RevisionError(f"{rev!r} is not a revision git knows here") from None


def read_map_at(file: str, rev: str) -> JourneyMap:
    """The map `file` as it was at revision `rev` (MapFileError if it was not a valid map
    then, named ``FILE@REV``; RevisionError if git cannot give it)."""
    top, path = repository_path(file)
    sha = resolve(top, rev, path)
    return _map_in_commit(top, sha, path, f"{file}@{rev}")


def _map_in_commit(top: Path, sha: str, path: str, name: str) -> JourneyMap:
    try:
        size = int(_run(top, "cat-file", "-s", f"{sha}:{path}").strip())
    except RevisionError:
        raise RevisionError(f"{name}: the file is not in that revision") from None
    if size > MAX_FILE_BYTES:
        raise MapFileError([Problem(1, 1, f"file is too large ({size:,} bytes)", name)])
    data = subprocess.run(
        [_git(), "-C", str(top), "cat-file", "blob", f"{sha}:{path}"],
        capture_output=True,
        check=False,
    ).stdout
    return loads(decode_text(data, name), name)


def read_map_spec(spec: str) -> JourneyMap:
    """The map `spec` names: a file, or ``FILE@REV`` (see the module's docstring)."""
    file, rev = split_spec(spec)
    return read_map(file) if rev is None else read_map_at(file, rev)


def commits(file: str) -> tuple[Path, list[Commit]]:
    """The repository's top and every commit that changed `file` (following renames),
    newest first; RevisionError when there are none."""
    top, path = repository_path(file)
    out = _run(
        top,
        "log",
        "--follow",
        "--date=short",
        "--format=%x1e%H%x1f%ad%x1f%an%x1f%s",
        "--name-only",
        "--",
        path,
    )
    found: list[Commit] = []
    for entry in out.split("\x1e")[1:]:
        head, _, names = entry.partition("\n")
        sha, date, author, subject = [*head.split("\x1f"), "", "", ""][:4]
        changed = [n for n in names.splitlines() if n.strip()]
        found.append(Commit(sha, date, author, subject, changed[-1] if changed else path))
    if not found:
        raise RevisionError(f"{file}: git has no commit of this file")
    return top, found


def map_in(top: Path, commit: Commit) -> JourneyMap | None:
    """The map as `commit` left it (None where it was deleted or not a valid map)."""
    try:
        return _map_in_commit(top, commit.sha, commit.path, f"{commit.path}@{commit.sha[:8]}")
    except (RevisionError, MapFileError):
        return None
