"""``words.toml``, read once: the word lists of the hand-written checks and the word
classes of the clause rules, as written (:mod:`._clause` expands the classes)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import cast

from ..errors import LintConfigError
from ._cache import load_toml

__all__ = ["load_classes", "load_words", "source"]

_PACKAGE = __name__.rpartition(".")[0]


def source() -> bytes:
    """The bytes of ``words.toml`` (what derived data is keyed by)."""
    return (files(_PACKAGE) / "words.toml").read_bytes()


@cache
def _table() -> dict[str, object]:
    return load_toml(files(_PACKAGE) / "words.toml")


@cache
def load_words() -> dict[str, frozenset[str]]:
    """The word lists of ``words.toml`` (acronyms, short_words, stopwords)."""
    data = cast(dict[str, list[str]], _table())
    return {key: frozenset(value) for key, value in data.items() if key != "classes"}


@cache
def load_classes() -> dict[str, list[object]]:
    """The ``[classes]`` table of ``words.toml``, as written."""
    data = _table().get("classes", {})
    if not isinstance(data, dict):
        raise LintConfigError("words.toml: \"classes\" must be a table of word lists.")
    for name, value in data.items():
        if not isinstance(value, list) or not value:
            raise LintConfigError(f"words.toml: the word class {name!r} must be a non-empty list.")
    return cast("dict[str, list[object]]", data)
