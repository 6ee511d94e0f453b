"""Saving on a shared server, as a second, unprivileged user (issue 22; docs/saving.md).

The suite runs as root in CI: the users cxtui-test and cxtui-mate (group cxtui-team)
are created for these tests (tests/other_user.py), and cxtui runs as them through
setpriv, as a subprocess or in tmux. Not root and no way to switch user: skipped.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from other_user import CannotSwitchUser, Person, make_people, shared_folder, team_gid
from tui_helpers import make_app, notifications, sample_map, wait_for_screen, wait_until, write_map

from cxtui.fileformat import MapFileError, read_map, save_map
from cxtui.saving import interrupted_saves, save_copy_path

#: Run as the other user: open the map as the editor does (a Document), give it the
#: title argv[2], save it; print what happened as JSON.
SAVE_AS_THE_EDITOR_DOES = """
import json, sys
from dataclasses import dataclass, replace
from pathlib import Path
from cxtui.document import Document
from cxtui.fileformat import read_map
from cxtui.model import ReplaceMap
from cxtui.saving import SaveError
path = Path(sys.argv[1])
document = Document(read_map(path), path)
result = {"read_only": document.read_only}
document.apply(ReplaceMap(replace(document.map, title=sys.argv[2])))
try:
    document.save()
    result["saved"] = True
except SaveError as error:
    result["error"] = str(error)
    result["kind"] = type(error).__name__
print(json.dumps(result))
"""

#: Run as the other user: save the map at argv[1] with the title argv[2], but stop for
#: good at the write into the map itself (after `argv[3]` of its bytes: "none" or
#: "half"), saying "blocked" first: the test then kills the process with SIGKILL.
SAVE_AND_HANG_IN_THE_WRITE = """
import os, sys, time
from dataclasses import dataclass, replace
from cxtui import saving
from cxtui.fileformat import dumps, read_map
path, title, point = sys.argv[1], sys.argv[2], sys.argv[3]
mine = os.stat(path)
real_write = os.write
def write(fd, data):
    if os.path.samestat(os.fstat(fd), mine):
        if point == "half":
            real_write(fd, bytes(data[: len(data) // 2]))
        print("blocked", flush=True)
        while True:
            time.sleep(60)
    return real_write(fd, data)
saving.os.write = write
saving.write_file(path, dumps(replace(read_map(path), title=title, description="")))
"""


@pytest.fixture(scope="session")
def shared() -> Iterator[Path]:
    folder = shared_folder()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def people(shared: Path) -> tuple[Person, Person]:
    try:
        return make_people(shared)
    except CannotSwitchUser as reason:
        pytest.skip(f"cannot run as a second user: {reason}")


@pytest.fixture
def user(people: tuple[Person, Person]) -> Person:
    """cxtui-test: the person saving."""
    return people[0]


@pytest.fixture
def mate(people: tuple[Person, Person]) -> Person:
    """cxtui-mate: a team mate, who owns the team's map."""
    return people[1]


@pytest.fixture
def place(shared: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A fresh folder for one test, in the shared area (root's, mode 755 for now)."""
    folder = shared / request.node.name.replace("[", "-").replace("]", "")
    folder.mkdir(mode=0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def owned(path: Path, uid: int, gid: int, mode: int) -> Path:
    os.chown(path, uid, gid)
    path.chmod(mode)
    return path


def save_as(person: Person, path: Path, title: str) -> dict[str, object]:
    done = person.run_python(SAVE_AS_THE_EDITOR_DOES, path, title)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


# -- a map the user may not write ------------------------------------------------------------


def test_a_root_owned_map_in_the_users_folder_is_read_only_and_not_replaced(
    user: Person, place: Path
) -> None:
    owned(place, user.uid, user.gid, 0o755)
    path = owned(write_map(place / "map.toml", sample_map()), 0, 0, 0o644)
    before, inode = path.read_bytes(), path.stat().st_ino
    result = save_as(user, path, "Changed by the user")
    assert result["read_only"] == "it is owned by root with mode 644, which you may not write"
    assert result["kind"] == "ReadOnlyError"
    assert str(path) in str(result["error"])
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_ino) == (0, 0, inode)
    assert path.read_bytes() == before
    assert os.listdir(place) == ["map.toml"]


@pytest.mark.parametrize("command", ["new", "export", "import"])
def test_the_command_line_writers_refuse_a_file_the_user_may_not_write(
    user: Person, place: Path, command: str
) -> None:
    owned(place, user.uid, user.gid, 0o755)
    source = owned(write_map(place / "source.toml", sample_map()), user.uid, user.gid, 0o644)
    target = place / "target.toml"
    target.write_text("# root's file\n", encoding="utf-8")
    owned(target, 0, 0, 0o644)
    if command == "new":
        done = user.run_cxtui("new", target, "--force")
    elif command == "export":
        done = user.run_cxtui("export", source, "--to", "json", "-o", target, "--force")
    else:
        exported = place / "source.json"
        assert user.run_cxtui("export", source, "--to", "json", "-o", exported).returncode == 0
        done = user.run_cxtui("import", exported, "-o", target, "--force")
    assert done.returncode == 1, done.stdout
    assert done.stderr == (
        f"cxtui: cannot write {target}: it is owned by root with mode 644, "
        "which you may not write\n"
    )
    assert target.read_text(encoding="utf-8") == "# root's file\n"
    assert target.stat().st_uid == 0


def test_a_map_in_a_folder_the_user_may_not_write_is_not_written(user: Person, place: Path) -> None:
    """Both ways of saving need a file beside the map: no way is taken half."""
    path = owned(write_map(place / "map.toml", sample_map()), user.uid, user.gid, 0o644)
    before = path.read_bytes()
    result = save_as(user, path, "Changed by the user")
    assert result["read_only"] is None  # the file itself is the user's
    assert result["kind"] == "SaveError"
    assert f"you may not write in its folder, {place}" in str(result["error"])
    assert path.read_bytes() == before
    assert os.listdir(place) == ["map.toml"]


# -- owner, group and mode survive -------------------------------------------------------------


def test_a_save_by_a_member_in_a_team_folder_keeps_owner_group_and_mode(
    user: Person, mate: Person, place: Path
) -> None:
    owned(place, 0, team_gid(), 0o775)  # the team's folder, not setgid
    assert not place.stat().st_mode & stat.S_ISGID
    path = owned(write_map(place / "map.toml", sample_map()), mate.uid, team_gid(), 0o664)
    inode = path.stat().st_ino
    result = save_as(user, path, "Changed by a member")
    assert result == {"read_only": None, "saved": True}
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (mate.uid, team_gid(), 0o664)
    assert info.st_ino == inode  # written in place
    assert read_map(path).title == "Changed by a member"
    assert os.listdir(place) == ["map.toml"]


def test_the_owner_keeps_the_team_group_even_when_it_is_not_their_own(
    mate: Person, place: Path
) -> None:
    owned(place, 0, team_gid(), 0o775)
    path = owned(write_map(place / "map.toml", sample_map()), mate.uid, team_gid(), 0o664)
    assert mate.gid != team_gid()  # a rename alone would give it the mate's own group
    assert save_as(mate, path, "Changed by the owner") == {"read_only": None, "saved": True}
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (mate.uid, team_gid(), 0o664)
    assert read_map(path).title == "Changed by the owner"
    assert os.listdir(place) == ["map.toml"]


def test_root_saving_a_members_map_gives_it_back_its_owner_and_group(
    mate: Person, place: Path
) -> None:
    owned(place, 0, team_gid(), 0o775)
    path = owned(write_map(place / "map.toml", sample_map()), mate.uid, team_gid(), 0o664)
    save_map(replace(sample_map(), title="Changed by root"), path)  # this process: root
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (mate.uid, team_gid(), 0o664)
    assert read_map(path).title == "Changed by root"
    assert os.listdir(place) == ["map.toml"]


# -- links -----------------------------------------------------------------------------------


def test_a_hard_linked_map_keeps_both_names_on_one_inode(user: Person, place: Path) -> None:
    owned(place, user.uid, user.gid, 0o755)
    path = owned(write_map(place / "map.toml", sample_map()), user.uid, user.gid, 0o644)
    other = place / "second-name.toml"
    os.link(path, other)
    assert save_as(user, path, "Through one name") == {"read_only": None, "saved": True}
    assert path.stat().st_ino == other.stat().st_ino
    assert path.stat().st_nlink == 2
    assert read_map(other).title == "Through one name"
    assert sorted(os.listdir(place)) == ["map.toml", "second-name.toml"]


def test_a_symlinked_map_keeps_the_link(user: Person, place: Path) -> None:
    owned(place, user.uid, user.gid, 0o755)
    real = place / "maps" / "map.toml"
    real.parent.mkdir()
    owned(real.parent, user.uid, user.gid, 0o755)
    owned(write_map(real, sample_map()), user.uid, user.gid, 0o644)
    link = place / "link.toml"
    link.symlink_to(real)
    os.lchown(link, user.uid, user.gid)
    assert save_as(user, link, "Through the link") == {"read_only": None, "saved": True}
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert read_map(real).title == "Through the link"
    assert real.stat().st_uid == user.uid


# -- a crash in the middle of a save in place -----------------------------------------------------


def crash_in_the_write(person: Person, path: Path, point: str) -> None:
    """Start a save of `path` as `person`, and kill -9 it inside the write into the map."""
    process = person.popen_python(SAVE_AND_HANG_IN_THE_WRITE, path, "The new version", point)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line == "blocked\n", process.stderr.read() if process.stderr else line
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_a_kill_in_the_middle_of_an_in_place_save_leaves_a_whole_copy_named_on_next_open(
    user: Person, mate: Person, place: Path
) -> None:
    owned(place, 0, team_gid(), 0o775)
    old = replace(sample_map(), description="The old version, long enough to be cut " * 20)
    path = owned(write_map(place / "map.toml", old), mate.uid, team_gid(), 0o664)
    crash_in_the_write(user, path, "half")
    with pytest.raises(MapFileError):
        read_map(path)  # cut short: half the new text over the old
    copy = save_copy_path(path)
    assert interrupted_saves(path) == [copy]
    assert read_map(copy) == old  # the map as it was: whole
    # The next open names the copy and says how to put it back.
    opened = user.run_cxtui(path)
    assert opened.returncode == 1
    assert f"{copy} holds the file as it was before that save" in opened.stderr
    assert f"`cp {copy} {path}`" in opened.stderr
    # Following that advice brings the old map back, with its owner and group.
    assert user.run("cp", copy, path).returncode == 0
    assert read_map(path) == old
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (mate.uid, team_gid(), 0o664)


# -- the editor ---------------------------------------------------------------------------------


@dataclass
class ReadOnlyMap:
    """A map this process may not write, once :meth:`take_effect` has run."""

    path: Path
    user: Person | None
    request: pytest.FixtureRequest

    def take_effect(self) -> None:
        """Make the map read-only for this process: as root, act as the second user
        (effective ids) until the test ends, since root's own checks let it write the
        root-owned 644 map; otherwise make it mode 444."""
        if self.user is None:
            self.path.chmod(0o444)
            return
        os.setegid(self.user.gid)
        os.seteuid(self.user.uid)

        def back_to_root() -> None:
            os.seteuid(0)
            os.setegid(0)

        self.request.addfinalizer(back_to_root)


@pytest.fixture
def read_only_map(place: Path, request: pytest.FixtureRequest) -> ReadOnlyMap:
    """A map in the second user's folder, owned by root, mode 644 (when root)."""
    path = write_map(place / "map.toml", sample_map())
    if os.geteuid() != 0:
        return ReadOnlyMap(path, None, request)
    user: Person = request.getfixturevalue("user")
    owned(place, user.uid, user.gid, 0o755)
    owned(path, 0, 0, 0o644)
    return ReadOnlyMap(path, user, request)


async def test_the_editor_marks_a_read_only_map_warns_once_and_does_not_save_it(
    read_only_map: ReadOnlyMap,
) -> None:
    from cxtui.tui.dialogs.prompts import ButtonDialog, TextPrompt
    from cxtui.tui.widgets.status_line import StatusLine

    path = read_only_map.path
    # Every module the editor imports as it goes is imported now: the second user may
    # not be able to read this interpreter's files (as under a root-only pyenv).
    writable = write_map(path.with_name("warm-up.toml"), sample_map())
    async with make_app(read_map(writable), writable).run_test(size=(100, 30)) as pilot:
        await pilot.press("plus", "ctrl+s", "ctrl+w", "escape")
        await pilot.pause()
    writable.unlink()
    read_only_map.take_effect()
    before, owner = path.read_bytes(), path.stat().st_uid
    app = make_app(read_map(path), path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "map.toml [read-only]" in str(app.map_screen.query_one(StatusLine).render())
        assert not [n for n in notifications(app) if "read-only" in n]
        await pilot.press("plus")
        await pilot.pause()
        warnings = [n for n in notifications(app) if "cannot be saved to it" in n]
        mode = stat.S_IMODE(path.stat().st_mode)
        assert warnings == [
            f"map.toml: it is owned by {pwd.getpwuid(owner).pw_name} with mode {mode:o}, which "
            "you may not write. Your changes cannot be saved to it: ctrl+w saves them under "
            "another name."
        ]
        await pilot.press("plus")
        await pilot.pause()
        assert [n for n in notifications(app) if "cannot be saved" in n] == warnings  # once
        await pilot.press("ctrl+s")
        dialog = await wait_for_screen(pilot, ButtonDialog)
        assert isinstance(dialog, ButtonDialog) and dialog.dialog_id == "read-only-dialog"
        assert app.document.modified
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
    assert path.read_bytes() == before
    assert path.stat().st_uid == owner


def test_the_real_editor_run_by_the_user_says_read_only_and_offers_save_as(
    user: Person, place: Path
) -> None:
    from test_e2e_tmux import Terminal

    owned(place, user.uid, user.gid, 0o755)
    path = owned(write_map(place / "map.toml", sample_map()), 0, 0, 0o644)
    before = path.read_bytes()
    env = " ".join(f"{k}={v}" for k, v in user.environment().items() if k != "COLUMNS")
    term = Terminal()
    try:
        term.start(*user.as_me(), *user.cxtui, str(path), width=120, height=36, env=env)
        term.wait_for("map.toml [read-only]")
        term.keys("+")
        term.wait_for("Changing a read-only map")
        term.keys("C-s")
        screen = term.wait_for("Not saved: map.toml is read-only")
        assert "It is owned by root with mode 644" in screen
        term.keys("a")
        term.wait_for("Save as")
        term.keys("Escape")
        term.wait_gone("Save as")
        term.keys("q")
        term.wait_for("Save")  # the quit dialog: unsaved changes
        term.keys("d")  # discard
        term.wait_exit()
    finally:
        term.close()
    assert path.read_bytes() == before
    assert path.stat().st_uid == 0


def test_the_real_editor_names_the_copy_of_a_save_cut_short_when_the_map_loads(
    user: Person, mate: Person, place: Path
) -> None:
    from test_e2e_tmux import Terminal

    owned(place, 0, team_gid(), 0o775)
    path = owned(write_map(place / "map.toml", sample_map()), mate.uid, team_gid(), 0o664)
    crash_in_the_write(user, path, "none")  # killed before a byte of the map was written
    assert read_map(path) == sample_map()
    copy = save_copy_path(path)
    assert read_map(copy) == sample_map()
    env = " ".join(f"{k}={v}" for k, v in user.environment().items() if k != "COLUMNS")
    term = Terminal()
    try:
        term.start(*user.as_me(), *user.cxtui, str(path), width=120, height=36, env=env)
        screen = term.wait_for("A save was cut short")
        toast = "".join(screen.replace("▌", "").split())
        assert "Asaveofmap.tomlwascutshort" in toast
        assert ".map.toml.cxtui-save,besideit,holdsthemapasitwasbeforethatsave" in toast
    finally:
        term.close()
    assert interrupted_saves(path) == [copy]  # kept until the person deletes it
