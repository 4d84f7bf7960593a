"""Files in and out: bounded reads, exclusive and atomic writes, paths shown on one line.

Reading takes at most :data:`MAX_BYTES` bytes (one more tells a larger input), so
``/dev/zero`` or an endless pipe is an error, not a ``MemoryError``.

Writing (``-o``) never loses content:

* a new file is written to a temporary file in the same folder, then linked into place
  with :func:`os.link`, which fails if the name exists: of two writers racing for the
  same path, exactly one wins and the other is told the file already exists;
* ``--force`` replaces a file with :func:`os.replace` (a reader sees the old file or the
  new one, never half of one) and keeps its permission bits;
* only regular files are read or replaced: a symbolic link, FIFO, device or socket at
  the path is refused, never followed, opened or replaced.

Every message names the user's path, never a temporary file, with its control
characters escaped (:func:`shown`), so that it stays one line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO, NamedTuple

from .errors import FollowupMailError

__all__ = [
    "MAX_BYTES",
    "check_target",
    "read_file",
    "read_stream",
    "shown",
    "write_file",
    "write_files",
]

# 1 MiB: a hundred times the longest real notes, history or email, small enough to hold.
MAX_BYTES = 1 << 20

# How often a path that appears and vanishes between the check and the write is retried.
_ATTEMPTS = 3

_KINDS = (
    (stat.S_ISLNK, "symbolic link"),
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)


def shown(text: str | os.PathLike[str]) -> str:
    """*text* with every character that ``repr()`` would escape escaped the same way.

    Newlines, other control characters, bidirectional controls and undecodable bytes of
    a file name (lone surrogates) become ``\\n``, ``\\x1b``, ``\\u202e``, ``\\udcff``; the
    rest, backslashes and quotes included, is left as written.

    >>> shown("drafts/a\\nb.txt")
    'drafts/a\\\\nb.txt'
    """
    value = os.fspath(text)
    if value.isprintable():
        return value
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in value)


# --- reading -----------------------------------------------------------------------------


def read_stream(stream: BinaryIO, label: str, error: type[FollowupMailError]) -> bytes:
    """At most :data:`MAX_BYTES` bytes of *stream*; a longer input raises *error*."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise error(
            f"{label}: more than {MAX_BYTES:,} bytes (1 MiB), the most followup-mail reads "
            "from one input."
        )
    return data


def read_file(path: Path, error: type[FollowupMailError], what: str) -> bytes:
    """The bytes of the file *what* at *path*, read as :func:`read_stream` reads.

    A FIFO or a device is read like a pipe (``<(command)`` is one), bounded the same way.
    """
    try:
        with path.open("rb") as file:
            return read_stream(file, shown(path), error)
    except OSError as exc:
        raise error(f"{shown(path)}: cannot read {what} ({exc.strerror}).") from None


# --- writing -----------------------------------------------------------------------------


class _Existing(NamedTuple):
    """A regular file already at the target path."""

    same: bool  # it holds exactly the bytes to write
    mode: int  # its permission bits, which --force keeps


def check_target(path: Path, data: bytes, force: bool) -> None:
    """Refuse, before anything is written, what :func:`write_file` would refuse."""
    try:
        _existing(path, data, force)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def write_file(path: Path, data: bytes, force: bool) -> str:
    """Write *data* at *path*; return ``"wrote"``, or ``"unchanged"`` if it held *data*.

    A new file is created exclusively; an existing regular file with other content is
    replaced only with *force*, keeping its mode. See the module docstring.
    """
    try:
        for _ in range(_ATTEMPTS):
            found = _existing(path, data, force)
            if found is None:
                if _create(path, data):
                    return "wrote"
                continue  # another process created it first: look at what it wrote
            if found.same:
                return "unchanged"
            _replace(path, data, found.mode)
            return "wrote"
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    raise FollowupMailError(
        f"{shown(path)}: other processes kept creating and removing it; nothing was written."
    )


def write_files(
    files: Mapping[Path, bytes], force: bool, report: Callable[[Path, str], None]
) -> None:
    """Write each of *files* as :func:`write_file` does, calling *report* with its path and
    outcome; every file is checked before any is written, so that a refusal leaves nothing
    half done."""
    for path, data in files.items():
        check_target(path, data, force)
    for path, data in files.items():
        report(path, write_file(path, data, force))


def _cannot_write(path: Path, exc: OSError) -> FollowupMailError:
    # exc.filename may be the temporary file: the user only knows their own path.
    return FollowupMailError(f"{shown(path)}: cannot write the file ({exc.strerror}).")


def _existing(path: Path, data: bytes, force: bool) -> _Existing | None:
    """The regular file at *path* (``None`` if there is none), or an error saying why not."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(info.st_mode):
        raise FollowupMailError(f"{shown(path)}: is a folder, not a file.")
    _refuse_special(path, info.st_mode)
    # A file of another size differs: no need to read it.
    same = info.st_size == len(data) and _holds(path, data)
    if not same and not force:
        raise FollowupMailError(
            f"{shown(path)}: already exists with different content; pass --force to replace it."
        )
    return _Existing(same=same, mode=stat.S_IMODE(info.st_mode) & 0o777)


def _refuse_special(path: Path, mode: int) -> None:
    for test, kind in _KINDS:
        if test(mode):
            raise FollowupMailError(
                f"{shown(path)}: is a {kind}; -o writes only regular files, never through "
                "a link, pipe or device (leave out -o to write to stdout)."
            )
    if not stat.S_ISREG(mode):
        raise FollowupMailError(f"{shown(path)}: is not a regular file; -o writes only those.")


def _holds(path: Path, data: bytes) -> bool:
    """Whether the regular file at *path* holds exactly *data*."""
    # O_NOFOLLOW and O_NONBLOCK: if the file was swapped for a link or a FIFO since
    # lstat, opening fails or returns at once instead of following it or hanging.
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        _refuse_special(path, os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as file:
        return file.read(len(data) + 1) == data


def _create(path: Path, data: bytes) -> bool:
    """Create *path* holding *data*; ``False`` if another process created it first."""
    temp = _temporary(path.parent, data, mode=None)
    try:
        os.link(temp, path)  # unlike rename, link never replaces an existing name
    except FileExistsError:
        return False
    finally:
        os.unlink(temp)
    return True


def _replace(path: Path, data: bytes, mode: int) -> None:
    temp = _temporary(path.parent, data, mode)
    try:
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def _temporary(folder: Path, data: bytes, mode: int | None) -> Path:
    """A new file in *folder* holding *data*, on disk; *mode* ``None``: what open() gives."""
    # A short name of our own: the target's name could make it longer than NAME_MAX.
    import secrets  # only to write: reading a file (lint FILE) never loads it

    temp = folder / f".followup-mail-{secrets.token_hex(8)}.tmp"
    # 0o666 less the umask, as open() would give; O_EXCL: never an existing file.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            if mode is not None:
                os.fchmod(fd, mode)
            file.write(data)
            file.flush()
            os.fsync(fd)
    except BaseException:
        os.unlink(temp)
        raise
    return temp
