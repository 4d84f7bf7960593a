"""Lint configuration: which rules run, at what severity, with which thresholds.

Rules are selected by code (``FM201``), code prefix (``FM2``), name
(``pushy-timeline-question``) or category (``pushy``), as in ruff. In a
``pyproject.toml`` the settings live in the ``[tool.followup-mail.lint]`` table, with
kebab-case keys::

    [tool.followup-mail.lint]
    select = ["pushy", "generic"]          # default: every rule
    ignore = ["FM309"]
    max-words-thank-you = 180
    severity = { buzzword = "info", FM101 = "error" }
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from typing import Any, TypeVar, cast, get_args

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from ..errors import LintConfigError
from ..vocabulary import Category, Severity
from ._defaults import DEFAULTS
from ._rules import Rule, load_rules

__all__ = ["LintConfig"]

T = TypeVar("T")

_KEYS = {
    "select", "ignore", "severity", "max_words_thank_you", "max_words_reminder",
    "min_words", "max_subject_chars", "max_sentence_words",
}


def _matches(selector: str, rule: Rule) -> bool:
    if selector in (rule.name, rule.category):
        return True
    upper = selector.upper()
    return upper.startswith("FM") and rule.code.startswith(upper)


def _expand(selector: object, what: str) -> list[Rule]:
    if not isinstance(selector, str):
        raise LintConfigError(f"{what}: {selector!r} is not a rule code, name or category.")
    found = [r for r in load_rules() if _matches(selector, r)]
    if not found:
        raise LintConfigError(
            f"{what}: {selector!r} is not a known rule code, name or category."
        )
    return found


class LintConfig(BaseModel):
    """Which rules :func:`~followup_mail.lint` runs and with which limits (frozen).

    Defaults follow docs/rules.md, F7 to F10: at most 200 words for a thank-you and 120 for a
    reminder, at least 20, subjects up to 60 characters, sentences up to 35 words.
    Unknown rules and bad values raise :class:`~followup_mail.errors.LintConfigError`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = {}
    max_words_thank_you: int = DEFAULTS["max_words_thank_you"]
    max_words_reminder: int = DEFAULTS["max_words_reminder"]
    min_words: int = DEFAULTS["min_words"]
    max_subject_chars: int = DEFAULTS["max_subject_chars"]
    max_sentence_words: int = DEFAULTS["max_sentence_words"]

    _enabled: dict[str, Severity] = PrivateAttr(default_factory=dict)
    # The engine's resolved form of this configuration, made on first use.
    _plan: object = PrivateAttr(default=None)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "lint config"
            raise LintConfigError(f"{where}: {err['msg']}.") from None

    def model_post_init(self, context: Any, /) -> None:
        for name in ("max_words_thank_you", "max_words_reminder", "max_subject_chars",
                     "max_sentence_words"):
            if getattr(self, name) < 1:
                raise LintConfigError(f"{name} must be at least 1, not {getattr(self, name)}.")
        if self.min_words < 0:
            raise LintConfigError(f"min_words must not be negative, not {self.min_words}.")
        rules = load_rules()
        chosen = (
            {r.code for s in self.select for r in _expand(s, "select")}
            if self.select is not None
            else {r.code for r in rules}
        )
        for s in self.ignore:
            chosen -= {r.code for r in _expand(s, "ignore")}
        enabled: dict[str, Severity] = {r.code: r.severity for r in rules if r.code in chosen}
        # Categories first, so that a code or name overrides its category.
        ordered = sorted(self.severity.items(), key=lambda kv: kv[0] not in _CATEGORIES)
        for selector, level in ordered:
            for r in _expand(selector, "severity"):
                if r.code in enabled:
                    enabled[r.code] = level
        self._enabled = enabled

    @property
    def enabled(self) -> dict[str, Severity]:
        """Code of every rule that runs, with its effective severity."""
        return self._enabled

    def engine_plan(self, make: Callable[[dict[str, Severity], dict[str, int]], T]) -> T:
        """``make(enabled, limits)``, made once and kept on this (frozen) configuration."""
        if self._plan is None:
            limits = {name: getattr(self, name) for name in DEFAULTS}
            self._plan = make(self._enabled, limits)
        return cast("T", self._plan)

    def max_words(self, kind: str) -> int:
        """The word limit for a ``"thank_you"`` or a ``"reminder"``."""
        return self.max_words_reminder if kind == "reminder" else self.max_words_thank_you

    @classmethod
    def from_pyproject(cls, path: str | PathLike[str]) -> LintConfig:
        """Read ``[tool.followup-mail.lint]`` from a ``pyproject.toml`` (defaults if absent)."""
        from .._decode import pyproject_table

        file, table = pyproject_table(path, "lint", LintConfigError)
        values: dict[str, Any] = {}
        for key, value in table.items():
            name = key.replace("-", "_")
            if name not in _KEYS:
                raise LintConfigError(
                    f"{file}: [tool.followup-mail.lint] has the unknown key {key!r}."
                )
            values[name] = value
        try:
            return cls(**values)
        except LintConfigError as exc:
            raise LintConfigError(f"{file}: {exc}") from None


_CATEGORIES = frozenset(get_args(Category))
