"""Derived rule data kept on disk, so a fresh process does not derive it again.

Expanding the word classes (every inflection and one-typo variant, through lemminflect)
takes about a second, and turning every phrase pattern into its RE2 form tens of
milliseconds: far more than linting one email. Each is computed once, at first use, and
written as JSON to a file in the user's cache folder whose name holds the SHA-256 of
everything it derives from (the data files and the source of the code that derives it).
Editing a rule file or upgrading the package changes the name, so a stale file is never
read; a file that cannot be read or decoded (truncated, edited by hand) is derived again
and replaced. The cache only saves time: what comes out of it is what deriving gives.

The folder is ``$FOLLOWUP_MAIL_CACHE_DIR`` when set (the empty string turns the cache
off), else ``$XDG_CACHE_HOME/followup-mail`` (``%LOCALAPPDATA%`` on Windows,
``~/.cache`` when neither is set). A folder that cannot be written leaves linting as it
is, only slower.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import threading
import tomllib
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["cache_dir", "cached", "load_toml", "once"]

T = TypeVar("T")
ENV = "FOLLOWUP_MAIL_CACHE_DIR"


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when ``$FOLLOWUP_MAIL_CACHE_DIR`` is empty."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None
    )
    return Path(base or Path.home() / ".cache") / "followup-mail"


def _write(path: Path, data: bytes) -> None:
    """Write atomically (a temporary file, then a rename): a reader sees all or nothing."""
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
    """``decode(build())``, with ``build()``'s JSON value kept on disk under ``name`` and
    the hash of ``sources``. ``decode`` must raise ``KeyError``, ``TypeError`` or
    ``ValueError`` for a value ``build`` cannot have given: such a file is rebuilt."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(hashlib.sha256(source).digest())
    folder = cache_dir()
    path = folder / f"{name}-{digest.hexdigest()[:32]}.json" if folder is not None else None
    if path is not None:
        try:
            return decode(json.loads(path.read_bytes()))
        except (OSError, KeyError, TypeError, ValueError):
            pass  # absent, unreadable or corrupt: derive it again, below
    value = build()
    if path is not None:
        # A read-only or full disk costs time on the next run, nothing else; so does a
        # value JSON cannot hold.
        with suppress(OSError, TypeError, ValueError):
            _write(path, json.dumps(value, separators=(",", ":")).encode())
    return decode(value)


def _table(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("a cached TOML file must be a table")
    return value


def load_toml(resource: Traversable) -> dict[str, Any]:
    """A package data file in TOML, parsed (tomllib is pure Python: JSON reads in C)."""
    data = resource.read_bytes()
    return cached(
        f"toml-{resource.name.removesuffix('.toml')}", [data],
        lambda: tomllib.loads(data.decode("utf-8")), _table,
    )


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
