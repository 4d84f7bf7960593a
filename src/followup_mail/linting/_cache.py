"""Derived rule data kept on disk, so a fresh process does not derive it again.

Expanding the word classes (every inflection and one-typo variant, through lemminflect)
takes about a second, and reading the required words of every phrase pattern tens of
milliseconds: far more than linting one email. Each is computed once, at first use, and
written with :mod:`marshal` (plain dicts, tuples, strings and frozensets, in the form the
engine uses, so reading it back is one C call) to a file in the user's cache folder whose
name holds a digest of everything it derives from (the data files and the source of the
code that derives it). Editing a rule file or upgrading the package changes the name, so
a stale file is never read. The file starts with a version and the CRC-32 of the rest,
checked before anything is unmarshalled: a file that cannot be read or decoded
(truncated, edited by hand, written by another version) is derived again and replaced.
The cache only saves time: what comes out of it is what deriving gives.

The folder is ``$FOLLOWUP_MAIL_CACHE_DIR`` when set (the empty string turns the cache
off), else ``$XDG_CACHE_HOME/followup-mail`` (``%LOCALAPPDATA%`` on Windows,
``~/.cache`` when neither is set). A folder that cannot be written leaves linting as it
is, only slower.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
import zlib
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["cache_dir", "cached", "digest", "load_toml", "once", "read", "write"]

T = TypeVar("T")
ENV = "FOLLOWUP_MAIL_CACHE_DIR"
# The first line of every file: bump the digit when the layout changes.
MAGIC = b"followup-mail cache 2\n"
# marshal's format: fixed, so that any Python this package runs on reads what another wrote
# (it refuses a format it does not know, which is then a cache miss).
_MARSHAL_VERSION = 4


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when ``$FOLLOWUP_MAIL_CACHE_DIR`` is empty."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None
    )
    return Path(base or Path.home() / ".cache") / "followup-mail"


def digest(sources: Iterable[bytes]) -> str:
    """A digest of ``sources`` for a file name: the length, CRC-32 and Adler-32 of each.

    Not cryptographic (zlib's checksums cost no import of OpenSSL, which a first run would
    pay for), but any edit of a data file or of the code changes it but for a chance of
    about one in 2**64; the cache guards against stale data, not an attacker, who could
    write anything to the user's cache folder anyway.
    """
    parts = []
    for source in sources:
        parts.append(f"{len(source):x}.{zlib.crc32(source):08x}.{zlib.adler32(source):08x}")
    text = ",".join(parts).encode()
    whole = zlib.crc32(text)
    return f"{whole:08x}{zlib.adler32(text):08x}{len(text):x}"


def write(path: Path, value: object) -> None:
    """Write ``value`` to ``path`` in the cache's format, atomically.

    :raises ValueError: for a value :mod:`marshal` cannot hold (nothing is written).
    """
    payload = marshal.dumps(cast(Any, value), _MARSHAL_VERSION)
    _write(path, MAGIC + f"{zlib.crc32(payload):08x}\n".encode() + payload)


def read(path: Path) -> object:
    """What :func:`write` wrote to ``path``.

    :raises OSError: when the file cannot be read.
    :raises ValueError: when it is not a whole file of this format (truncated, edited,
        written by another version): nothing of it is unmarshalled then.
    """
    data = path.read_bytes()
    head = len(MAGIC) + 9
    if not data.startswith(MAGIC) or data[head - 1 : head] != b"\n":
        raise ValueError(f"{path} is not a followup-mail cache file of this version")
    payload = memoryview(data)[head:]
    if data[len(MAGIC) : head - 1] != f"{zlib.crc32(payload):08x}".encode():
        raise ValueError(f"{path} is truncated or corrupt")
    try:
        return marshal.loads(payload)
    except EOFError:
        raise ValueError(f"{path} is truncated") from None


def _write(path: Path, data: bytes) -> None:
    """Write atomically (a temporary file, then a rename): a reader sees all or nothing."""
    import tempfile  # only when a file is written

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cached(
    name: str,
    sources: Iterable[bytes],
    build: Callable[[], object],
    decode: Callable[[object], T],
) -> T:
    """``decode(build())``, with ``build()``'s value kept on disk under ``name`` and the
    digest of ``sources``. ``decode`` must raise ``KeyError``, ``TypeError`` or
    ``ValueError`` for a value ``build`` cannot have given: such a file is rebuilt."""
    folder = cache_dir()
    path = folder / f"{name}-{digest(sources)}.marshal" if folder is not None else None
    if path is not None:
        try:
            return decode(read(path))
        except (OSError, KeyError, TypeError, ValueError):
            pass  # absent, unreadable or corrupt: derive it again, below
    value = build()
    if path is not None:
        # A read-only or full disk costs time on the next run, nothing else; so does a
        # value marshal cannot hold.
        with suppress(OSError, ValueError):
            write(path, value)
    return decode(value)


def _table(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("a cached TOML file must be a table")
    return value


def load_toml(resource: Traversable) -> dict[str, Any]:
    """A package data file in TOML, parsed (tomllib is pure Python and slow to import:
    marshal reads in C)."""
    data = resource.read_bytes()

    def parse() -> object:
        import tomllib

        return tomllib.loads(data.decode("utf-8"))

    return cached(f"toml-{resource.name.removesuffix('.toml')}", [data], parse, _table)


def once(build: Callable[[], T]) -> Callable[[], T]:
    """A function that returns what *build* returns, calling it on first use only:
    thread-safe, so racing threads wait for one build rather than each paying for it."""
    lock = threading.Lock()
    built: list[T] = []

    def get() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(build())
        return built[0]

    get.__doc__ = build.__doc__
    return get
