"""Lazy public names for a package (PEP 562), as in scientific Python's ``lazy_loader``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["attach", "public_names"]


def attach(
    package: str, names: Mapping[str, str], namespace: dict[str, Any], public: list[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for *package*: each name in *names* is imported from
    its module (relative to *package*) on first use, then kept in *namespace*.
    """

    def __getattr__(name: str) -> Any:
        if name in names:
            value = getattr(import_module(names[name], package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(public))

    return __getattr__, __dir__


def public_names(eager: Iterable[str], lazy: Mapping[str, str]) -> list[str]:
    """A package's ``__all__``: its *eager* names and the keys of its *lazy* table, sorted,
    so that the table is the one place a public name is written."""
    return sorted((*eager, *lazy))
