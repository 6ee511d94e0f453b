"""cxtui.saving as the user running the tests: which way a file is written, and what it keeps.

The cases that need a second user (a map owned by someone else, a team folder) are in
test_saving_users.py.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from cxtui import saving
from cxtui.saving import (
    ReadOnlyError,
    SaveError,
    in_place_reason,
    interrupted_saves,
    save_copy_path,
    why_read_only,
    write_file,
)


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.toml"
    path.write_text("old = 1\n", encoding="utf-8")
    return path


def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        write_file(tmp_path / "new.toml", "new = 1\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640
    assert (tmp_path / "new.toml").read_text(encoding="utf-8") == "new = 1\n"
    assert os.listdir(tmp_path) == ["new.toml"]


def test_a_file_of_ones_own_is_replaced_by_rename_keeping_mode_and_xattrs(old_file: Path) -> None:
    old_file.chmod(0o640)
    try:
        os.setxattr(old_file, "user.cxtui-test", b"kept")
    except OSError as error:
        pytest.skip(f"this file system has no user extended attributes: {error.strerror}")
    inode = old_file.stat().st_ino
    assert in_place_reason(old_file) is None
    write_file(old_file, "new = 2\n")
    assert old_file.stat().st_ino != inode  # renamed: a new file took its place
    assert old_file.read_text(encoding="utf-8") == "new = 2\n"
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o640
    assert os.getxattr(old_file, "user.cxtui-test") == b"kept"
    assert os.listdir(old_file.parent) == ["map.toml"]


def test_a_hard_linked_file_is_written_in_place_under_both_names(old_file: Path) -> None:
    other = old_file.with_name("other-name.toml")
    os.link(old_file, other)
    assert in_place_reason(old_file) == "it has 2 hard links"
    write_file(old_file, "new = 2\n")
    assert old_file.stat().st_ino == other.stat().st_ino
    assert other.read_text(encoding="utf-8") == "new = 2\n"
    assert sorted(os.listdir(old_file.parent)) == ["map.toml", "other-name.toml"]


def test_an_in_place_save_never_overwrites_the_copy_an_earlier_crash_left(old_file: Path) -> None:
    os.link(old_file, old_file.with_name("link.toml"))
    left = save_copy_path(old_file)
    left.write_text("older = 0\n", encoding="utf-8")
    write_file(old_file, "new = 2\n")
    assert left.read_text(encoding="utf-8") == "older = 0\n"
    assert not save_copy_path(old_file, 2).exists()  # its own copy was removed
    assert interrupted_saves(old_file) == [left]
    assert old_file.read_text(encoding="utf-8") == "new = 2\n"


def test_a_failed_in_place_write_puts_the_old_text_back(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.link(old_file, old_file.with_name("link.toml"))
    real_fsync = os.fsync
    calls: list[int] = []

    def fsync_failing_once_on_the_map(fd: int) -> None:
        if os.path.samestat(os.fstat(fd), old_file.stat()) and not calls:
            calls.append(fd)
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(saving.os, "fsync", fsync_failing_once_on_the_map)
    with pytest.raises(SaveError, match="Input/output error") as caught:
        write_file(old_file, "new text that was never saved = 2\n")
    monkeypatch.undo()
    assert calls, "the write in place was never reached"
    assert str(old_file) in str(caught.value)
    assert old_file.read_text(encoding="utf-8") == "old = 1\n"
    assert interrupted_saves(old_file) == []


def test_a_file_made_read_only_by_its_mode_is_not_written(old_file: Path) -> None:
    old_file.chmod(0o444)
    if os.access(old_file, os.W_OK):
        pytest.skip("running as root, for whom mode bits do not stop a write "
                    "(test_saving_users.py runs this case as a second user)")  # fmt: skip
    reason = why_read_only(old_file)
    assert reason is not None and "mode 444" in reason
    with pytest.raises(ReadOnlyError) as caught:
        write_file(old_file, "new = 2\n")
    assert str(old_file) in str(caught.value)
    assert old_file.read_text(encoding="utf-8") == "old = 1\n"
    assert os.listdir(old_file.parent) == ["map.toml"]


def test_a_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    write_file("/dev/null", "into the void\n")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_missing_file_is_not_read_only(tmp_path: Path) -> None:
    assert why_read_only(tmp_path / "nothing.toml") is None


def test_a_temporary_name_taken_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first random name is taken (another saver's file): the next is used, and the
    # other file is left alone.
    names = iter([b"\x00" * 6, b"\x01" * 6])
    monkeypatch.setattr(saving.os, "urandom", lambda n: next(names))
    taken = tmp_path / ".map.toml.000000000000.tmp"
    taken.write_text("another saver's")
    saving.write_file(tmp_path / "map.toml", "new\n")
    assert (tmp_path / "map.toml").read_text() == "new\n"
    assert taken.read_text() == "another saver's"
    assert sorted(p.name for p in tmp_path.iterdir()) == [taken.name, "map.toml"]
