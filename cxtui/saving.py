"""Writing a file: the one routine every writer of cxtui uses (see docs/saving.md).

- A file the user may not write (its mode, its owner, a read-only file system) is
  never replaced: :class:`ReadOnlyError` says why.
- A new file, or one the new file can fully stand in for, is written to a temporary
  file beside it, fsynced and renamed over it: the file is either old or new, whole.
  The mode, extended attributes and POSIX ACLs are copied over; owner and group too.
- When a rename would change what the file is (the saver may not give the new file
  the old one's owner or group, the file has more than one hard link, an extended
  attribute cannot be copied), the file is overwritten *in place*: first a complete
  copy of it beside it (``.NAME.cxtui-save``), fsynced; then the file is overwritten
  and fsynced; then the copy is removed. A crash in between leaves the copy, which
  :func:`interrupted_saves` finds on the next open.
- A symbolic link is followed: its target is written, the link stays.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pwd
import stat
from pathlib import Path

#: The copy of a file kept while it is overwritten in place (then ``-2``, ``-3``, …).
SAVE_COPY_SUFFIX = ".cxtui-save"

#: Extended attributes (ACLs are ``system.posix_acl_*``) cannot be copied here.
_UNSUPPORTED = {errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}


class SaveError(OSError):
    """A save that failed; the file on disk is as it was."""


class ReadOnlyError(SaveError):
    """The user may not write the file: it was not touched."""


def why_read_only(path: str | os.PathLike[str]) -> str | None:
    """Why the user may not write the existing file at `path`, as a clause (None: they
    may, or it does not exist yet), e.g. ``it is owned by root with mode 644``."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if _may(path, os.W_OK):
        return None
    with contextlib.suppress(OSError):
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "it is on a read-only file system"
    mode = stat.S_IMODE(info.st_mode)
    return f"it is owned by {_user_name(info.st_uid)} with mode {mode:o}, which you may not write"


def _may(path: str | os.PathLike[str], mode: int) -> bool:
    """Whether this process may access `path` so (by its effective ids where it can tell)."""
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def save_copy_path(path: Path, n: int = 1) -> Path:
    """Where the copy of `path` is kept while it is saved in place (`n` > 1: a further one)."""
    suffix = SAVE_COPY_SUFFIX if n == 1 else f"{SAVE_COPY_SUFFIX}-{n}"
    return path.with_name(f".{path.name}{suffix}")


def interrupted_saves(path: str | os.PathLike[str]) -> list[Path]:
    """Copies left beside `path` (through a link: beside its target) by in-place saves
    that never finished: each holds the file as it was before that save."""
    from glob import escape as glob_escape  # (here: a map opens without it)

    target = Path(os.path.realpath(path))
    pattern = f".{glob_escape(target.name)}{SAVE_COPY_SUFFIX}"
    found = [*target.parent.glob(pattern), *target.parent.glob(pattern + "-*")]
    return sorted(found)


def interrupted_save_message(
    path: str | os.PathLike[str], copy: Path, *, short: bool = False
) -> str:
    """What to tell the person about `copy`, left by a save of `path` cut short
    (`short`: name the files without their folder, for the editor)."""
    name = Path(path).name
    if short:
        return (
            f"A save of {name} was cut short (a crash or a kill): {copy.name}, beside it, "
            f"holds the map as it was before that save. If {name} looks wrong, copy that "
            "back over it with cp (which keeps its owner and links); then delete the copy."
        )
    return (
        f"A save of {path} was cut short (a crash or a kill): {copy} holds the file as "
        f"it was before that save. If {name} looks wrong, put the copy back with "
        f"`cp {copy} {path}` (cp keeps the file's owner and links); then delete the copy."
    )


def in_place_reason(path: str | os.PathLike[str]) -> str | None:
    """Why the existing file at `path` would be written in place (None: by rename)."""
    target = Path(os.path.realpath(path))
    info = os.stat(target)
    return _in_place_reason(target, info)


def _in_place_reason(target: Path, info: os.stat_result) -> str | None:
    if info.st_nlink > 1:
        return f"it has {info.st_nlink} hard links"
    euid = os.geteuid()
    if euid == 0:
        return None  # root gives the new file the old one's owner and group
    if info.st_uid != euid:
        return f"it is owned by {_user_name(info.st_uid)}"
    folder = os.stat(target.parent)
    new_gid = folder.st_gid if folder.st_mode & stat.S_ISGID else os.getegid()
    if info.st_gid != new_gid and info.st_gid not in (os.getegid(), *os.getgroups()):
        return "its group is not one of yours"
    return None


def write_file(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8, newlines as given) to `path`, as the module says.

    Raises :class:`ReadOnlyError` if the user may not write the file, and
    :class:`SaveError` if the save fails: either way the file is as it was.
    """
    data = text.encode("utf-8")
    target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _save_error(path, error) from None
    if info is not None:
        reason = why_read_only(target)
        if reason is not None:
            raise ReadOnlyError(errno.EACCES, f"cannot write {path}: {reason}")
    regular = info is None or stat.S_ISREG(info.st_mode)
    if regular and target.parent.is_dir() and not _may(target.parent, os.W_OK | os.X_OK):
        raise SaveError(
            errno.EACCES,
            f"cannot write {path}: you may not write in its folder, {target.parent}, where "
            "cxtui puts the new file (or a copy of the old one) before it changes the map",
        )
    try:
        if not regular:
            _write_over(target, data, regular=False)  # a device or a pipe: just write it
        elif info is None:
            _write_by_rename(target, data, None)
        elif _in_place_reason(target, info) is not None or not _write_by_rename(target, data, info):
            _write_in_place(path, target, data, info)
    except SaveError:
        raise
    except OSError as error:
        raise _save_error(path, error) from None


def _save_error(path: str | os.PathLike[str], error: OSError) -> SaveError:
    reason = error.strerror or str(error)
    return SaveError(error.errno, f"cannot write {path}: {reason}")


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_by_rename(target: Path, data: bytes, info: os.stat_result | None) -> bool:
    """Write `data` to a temporary file beside `target` and rename it over `target`.

    Returns False (nothing changed) when the temporary file cannot be given all of the
    old file's attributes: the caller then writes in place.
    """
    folder = target.parent
    fd, tmp_name = _create_temporary(folder, f".{target.name}.", ".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            if info is None:
                os.fchmod(stream.fileno(), _new_file_mode())
            elif not _copy_attributes(info, target, stream.fileno()):
                return False
            os.fsync(stream.fileno())
        os.replace(tmp_name, target)
        tmp_name = ""
        _fsync_folder(folder)
        return True
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _create_temporary(folder: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new file in `folder`, open for writing, readable by its owner alone, under a
    random name no one else has (as :func:`tempfile.mkstemp` makes it, without importing
    `tempfile`, which brings `random` and `shutil` to every command that writes)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


def _copy_attributes(info: os.stat_result, source: Path, fd: int) -> bool:
    """Give the open file `fd` the owner, group, mode, extended attributes and ACLs of
    `source` (as `info` found it); False if one of them cannot be given."""
    now = os.fstat(fd)
    if (info.st_uid, info.st_gid) != (now.st_uid, now.st_gid):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except PermissionError:
            return False
    os.fchmod(fd, stat.S_IMODE(info.st_mode))
    return _copy_xattrs(source, fd)


def _copy_xattrs(source: Path, fd: int) -> bool:
    """Copy the extended attributes (ACLs included) of `source` to `fd`, removing any
    the new file got that `source` lacks (a folder's default ACL); skipped quietly where
    the platform or file system has none. False if one cannot be copied."""
    if not hasattr(os, "listxattr"):
        return True
    try:
        names = os.listxattr(source)
    except OSError as error:
        if error.errno in _UNSUPPORTED:
            return True
        raise
    try:
        for name in os.listxattr(fd):
            if name not in names:
                os.removexattr(fd, name)
        for name in names:
            os.setxattr(fd, name, os.getxattr(source, name))
    except OSError as error:
        return error.errno in _UNSUPPORTED and not names
    return True


def _write_in_place(
    path: str | os.PathLike[str], target: Path, data: bytes, info: os.stat_result
) -> None:
    """Overwrite `target` itself, keeping its inode (owner, group, mode, links, ACLs),
    after putting a complete, fsynced copy of it beside it."""
    old = target.read_bytes()
    copy, fd = _create_copy(path, target)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(old)
            stream.flush()
            os.fchmod(stream.fileno(), stat.S_IMODE(info.st_mode) & 0o777)
            with contextlib.suppress(OSError):
                os.fchown(stream.fileno(), -1, info.st_gid)
            os.fsync(stream.fileno())
        _fsync_folder(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(copy)
        raise
    try:
        _write_over(target, data)
    except OSError as error:
        # Put the old text back (it is in memory); the copy stays if even that fails.
        try:
            _write_over(target, old)
        except OSError:
            raise SaveError(
                error.errno,
                f"cannot write {path}: {error.strerror}; it may be cut short: "
                f"a copy of it as it was is in {copy}",
            ) from None
        os.unlink(copy)
        raise
    os.unlink(copy)
    _fsync_folder(target.parent)


def _create_copy(path: str | os.PathLike[str], target: Path) -> tuple[Path, int]:
    """Create the copy's file, never over an earlier one (which a crash left behind)."""
    n = 1
    while True:
        copy = save_copy_path(target, n)
        try:
            return copy, os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            n += 1
        except OSError as error:
            raise SaveError(
                error.errno,
                f"cannot write {path}: a copy of it must first be made beside it, "
                f"as {copy.name}, and that failed: {error.strerror}",
            ) from None


def _write_over(target: Path, data: bytes, *, regular: bool = True) -> None:
    """Write `data` over the file `target` itself (no temporary file), then fsync it
    (a pipe or a device, not `regular`, is only written)."""
    fd = os.open(target, os.O_WRONLY if regular else os.O_WRONLY | os.O_TRUNC)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if regular:
            os.ftruncate(fd, len(data))
            os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
