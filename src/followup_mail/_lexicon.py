"""lemminflect's answers, kept where a fresh process can read them without lemminflect.

The phrase grammar (``phrasing.py``) asks a few dozen questions per draft: the lemmas of
a word, the inflections of a lemma, one verb form. lemminflect answers them from tables
that take about a second to load (and numpy to import) in every new process. The first
process that needs them asks lemminflect for every answer its tables hold and writes them
to an SQLite file in the user's cache folder; later processes look each word up there.

What the file holds is exactly what lemminflect's public functions return, and only for
inputs whose answer comes from its tables: every lower-case word of the lemma table
(``getAllLemmas``), every lower-case lemma of the inflection table (``getAllInflections``)
and, for the lemmas with verb forms, the verb form of each tag in :data:`TAGS` that the
table gives (``getInflection`` without its rules for unknown words). As the tables are
whole, a lower-case word or lemma the file lacks has none; anything else (a verb form it
does not hold, another tag, the rules for unknown words) is asked of lemminflect itself,
so a draft never depends on whether the file exists.

The file is named after the files of the installed lemminflect (their paths, sizes and
modification times) and this module's format, so another version builds its own. A file
that cannot be read (missing, truncated, not SQLite, written for another version) is
rebuilt; one that cannot be written (a read-only folder) leaves lemminflect answering.
Either way the answers, and so the drafts, are the same.

Where: ``$FOLLOWUP_MAIL_CACHE_DIR`` when set (the empty string turns the cache off), else
``$XDG_CACHE_HOME/followup-mail`` (``%LOCALAPPDATA%`` on Windows, ``~/.cache`` when neither
is set): the linter's cache folder too.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any, cast

__all__ = [
    "TAGS",
    "cache_dir",
    "cache_path",
    "configure",
    "inflection",
    "inflections",
    "lemmas",
    "lemmas_oov",
    "source",
]

Forms = dict[str, tuple[str, ...]]

# The verb forms the phrase grammar asks for; any other tag is asked of lemminflect.
TAGS = ("VBD", "VBG", "VBN", "VBZ")
# Bump when the tables or their encoding change: the old file is then ignored.
_FORMAT = "1"
_APP = "followup-mail"

_lock = threading.Lock()
# None: not decided yet; False: lemminflect answers; else the open cache.
_store: _Store | bool | None = None
_configured: Path | None = None
_use_cache = True


def cache_dir() -> Path | None:
    """The folder of the cache file, or None when ``$FOLLOWUP_MAIL_CACHE_DIR`` is the
    empty string (the cache turned off); the same folder as the linter's cache."""
    if _configured is not None:
        return _configured
    chosen = os.environ.get("FOLLOWUP_MAIL_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None
    )
    return Path(base or Path.home() / ".cache") / _APP


def _source_key() -> str | None:
    """A digest of the installed lemminflect's files (path, size, modification time), or
    None when lemminflect cannot be found."""
    from importlib.util import find_spec

    spec = find_spec("lemminflect")
    if spec is None or not spec.submodule_search_locations:
        return None
    top = next(iter(spec.submodule_search_locations))
    seen = [f"format {_FORMAT}"]
    for root, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        where = root[len(top):]
        for name in sorted(names):
            stat = os.stat(os.path.join(root, name))
            seen.append(f"{where}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(seen).encode()).hexdigest()[:20]


def cache_path() -> Path | None:
    """The cache file for the installed lemminflect (it may not exist yet); None when
    the cache is off or lemminflect is not installed."""
    key, folder = _source_key(), cache_dir()
    return None if key is None or folder is None else folder / f"lexicon-{key}.sqlite3"


def configure(directory: Path | None = None, *, use_cache: bool = True) -> None:
    """Choose the cache folder (None: the default) or, with ``use_cache=False``, ask
    lemminflect for everything; the next question opens the cache anew."""
    global _store, _configured, _use_cache
    with _lock:
        if isinstance(_store, _Store):
            _store.close()
        _store, _configured, _use_cache = None, directory, use_cache


class _Store:
    """The open cache file: one read-only connection, shared under a lock."""

    def __init__(self, path: Path, key: str) -> None:
        import sqlite3

        self.error = sqlite3.Error
        self.pid = os.getpid()
        # Read-only, so a broken file is never written to; "immutable" is not used, as
        # another process may replace the file while this one reads it.
        self._db = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        try:
            page_size = self._db.execute("PRAGMA page_size").fetchone()[0]
            pages = self._db.execute("PRAGMA page_count").fetchone()[0]
            if pages * page_size != path.stat().st_size:
                raise sqlite3.DatabaseError(f"{path} is truncated or padded.")
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
            if meta != {"format": _FORMAT, "source": key, "complete": "yes"}:
                raise sqlite3.DatabaseError(f"{path} was written for another lemminflect.")
        except BaseException:
            self._db.close()
            raise

    def get(self, table: str, key: str) -> str | None:
        with _lock:
            row = self._db.execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
        return None if row is None else cast(str, row[0])

    def close(self) -> None:
        self._db.close()


def _open() -> _Store | bool:
    """The cache, built first if it is missing or unreadable; False when it cannot be."""
    if not _use_cache:
        return False
    try:
        import sqlite3
    except ImportError:  # a Python built without SQLite
        return False
    key, folder = _source_key(), cache_dir()
    if key is None or folder is None:
        return False
    path = folder / f"lexicon-{key}.sqlite3"
    try:
        return _Store(path, key)
    except (sqlite3.Error, OSError):
        pass
    try:
        _build(path, key)
        return _Store(path, key)
    except (sqlite3.Error, OSError):
        return False


def _lemminflect() -> Any:
    import lemminflect  # type: ignore[import-untyped]

    return lemminflect


def _build(path: Path, key: str) -> None:
    """Write every answer of lemminflect's tables to *path*, atomically. Files of other
    versions stay: another environment of the same user may still use them."""
    import sqlite3
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=".lexicon-", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        li = _lemminflect()
        li.getAllLemmas("a")
        li.getAllInflections("a")
        # The table's words: lemminflect offers no public list, so its loaded tables are
        # read (never written). Upper-case keys serve proper nouns, never a lower-case look-up.
        words = {*li.Lemmatizer().lemma_dict, *li.Lemmatizer().overrides_dict}
        lemmata = {*li.Inflections().infl_dict, *li.Inflections().overrides_dict}
        db = sqlite3.connect(scratch)
        try:
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "CREATE TABLE lemmas (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
                "CREATE TABLE inflections (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
                " WITHOUT ROWID;"
                "CREATE TABLE inflection (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
                " WITHOUT ROWID;"
            )
            db.executemany(
                "INSERT INTO lemmas VALUES (?, ?)",
                ((w, _dump(li.getAllLemmas(w))) for w in sorted(words) if w == w.lower()),
            )
            inflected = {w: li.getAllInflections(w) for w in sorted(lemmata) if w == w.lower()}
            db.executemany(
                "INSERT INTO inflections VALUES (?, ?)",
                ((w, _dump(forms)) for w, forms in inflected.items()),
            )
            db.executemany("INSERT INTO inflection VALUES (?, ?)", _verb_forms(li, inflected))
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("format", _FORMAT), ("source", key), ("complete", "yes")],
            )
            db.commit()
            db.execute("VACUUM")
        finally:
            db.close()
        os.replace(scratch, path)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)


def _verb_forms(li: Any, inflected: dict[str, Forms]) -> list[tuple[str, str]]:
    """(lemma NUL tag, forms) for the verb forms the table gives (the rules for unknown
    words, which a stored answer must not depend on, are turned off)."""
    rows = []
    for lemma, table in inflected.items():
        if not any(tag.startswith(("VB", "MD")) for tag in table):
            continue  # no verb forms: a look-up goes to lemminflect and its rules
        for tag in TAGS:
            forms = li.getInflection(lemma, tag, inflect_oov=False)
            if forms:
                rows.append((f"{lemma}\0{tag}", json.dumps(list(forms))))
    return rows


def _dump(forms: Forms) -> str:
    return json.dumps({k: list(v) for k, v in forms.items()})


def _load(text: str) -> Forms:
    return {k: tuple(v) for k, v in json.loads(text).items()}


def _ask(table: str, key: str) -> str | None:
    """The stored answer for *key*, or None when lemminflect must be asked (no cache, no
    entry, or a read that failed: the cache is then dropped for this process)."""
    global _store
    store = _store
    if isinstance(store, _Store) and store.pid != os.getpid():
        # A forked child (a process pool): SQLite connections must not cross a fork, so
        # the child opens its own and leaves its parent's alone.
        store = _store = None
    if store is None:
        with _lock:
            if _store is None:
                _store = _open()
            store = _store
    if store is False:
        return None
    assert isinstance(store, _Store)
    try:
        return store.get(table, key)
    except store.error:
        with _lock:
            if _store is store:
                store.close()
                _store = False
        return None


def source() -> str:
    """``"cache"`` when answers come from the cache file, ``"lemminflect"`` when it could
    not be opened or built (or is turned off); opens it if no question was asked yet."""
    _ask("meta", "format")
    return "cache" if isinstance(_store, _Store) else "lemminflect"


def lemmas(word: str) -> Forms:
    """``lemminflect.getAllLemmas(word.lower())``: part of speech -> lemmas."""
    lower = word.lower()
    if lower == lower.lower():  # always, but lemminflect lowers again
        found = _ask("lemmas", lower)
        if found is not None:
            return _load(found)
        if isinstance(_store, _Store):  # the whole table is there: the word has none
            return {}
    return dict(_lemminflect().getAllLemmas(lower))


def inflections(lemma: str) -> Forms:
    """``lemminflect.getAllInflections(lemma)``: Penn tag -> forms."""
    if lemma == lemma.lower():
        found = _ask("inflections", lemma)
        if found is not None:
            return _load(found)
        if isinstance(_store, _Store):
            return {}
    return dict(_lemminflect().getAllInflections(lemma))


def inflection(lemma: str, tag: str) -> tuple[str, ...]:
    """``lemminflect.getInflection(lemma, tag)``: the forms of *lemma* for one tag."""
    if tag in TAGS and lemma == lemma.lower():
        found = _ask("inflection", f"{lemma}\0{tag}")
        if found is not None:
            return tuple(json.loads(found))
    return tuple(_lemminflect().getInflection(lemma, tag=tag))


def lemmas_oov(word: str, upos: str) -> Forms:
    """``lemminflect.getAllLemmasOOV(word, upos)``: its rules for a word it does not know
    (never cached: they run on any word)."""
    return dict(_lemminflect().getAllLemmasOOV(word, upos=upos))
