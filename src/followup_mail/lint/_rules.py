"""Rule records, read once from the TOML files in ``rules/`` and cached."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, cast, get_args

from .report import Category, Severity

_PACKAGE = __name__.rpartition(".")[0]  # this package, wherever it is imported from

__all__ = ["Rule", "load_rules", "load_words"]

CODE_RE = re.compile(r"FM[1-9][0-9]{2}")
NAME_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CATEGORY_DIGIT = {c: str(i) for i, c in enumerate(
    ("length", "pushy", "generic", "tone", "placeholder", "gratitude", "interest",
     "personalization", "garbled"), start=1)}


@dataclass(frozen=True)
class Rule:
    """One lint rule as declared in ``rules/*.toml``.

    ``patterns`` are phrase patterns (see ``rules/generic.toml``); ``check`` names a
    hand-written check in the engine instead; ``present`` lists what satisfies a
    missing-content check.
    """

    code: str
    name: str
    category: Category
    severity: Severity
    message: str
    suggestion: str | None = None
    patterns: tuple[str, ...] = ()
    check: str | None = None
    present: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ("thank_you", "reminder")
    examples_flag: tuple[str, ...] = field(default=(), repr=False)
    examples_pass: tuple[str, ...] = field(default=(), repr=False)


def _rule(record: dict[str, Any], source: str) -> Rule:
    try:
        rule = Rule(
            code=str(record["code"]),
            name=str(record["name"]),
            category=record["category"],
            severity=record["severity"],
            message=str(record["message"]),
            suggestion=record.get("suggestion"),
            patterns=tuple(record.get("patterns", ())),
            check=record.get("check"),
            present=tuple(record.get("present", ())),
            kinds=tuple(record.get("kinds", ("thank_you", "reminder"))),
            examples_flag=tuple(record.get("examples_flag", ())),
            examples_pass=tuple(record.get("examples_pass", ())),
        )
    except KeyError as exc:
        raise RuntimeError(f"{source}: a rule lacks the key {exc}") from None
    if not CODE_RE.fullmatch(rule.code) or not NAME_RE.fullmatch(rule.name):
        raise RuntimeError(f"{source}: malformed code or name in {rule.code} {rule.name}")
    if rule.category not in get_args(Category) or rule.severity not in get_args(Severity):
        raise RuntimeError(f"{source}: {rule.code} has a bad category or severity")
    if rule.code[2] != _CATEGORY_DIGIT[rule.category]:
        raise RuntimeError(f"{source}: {rule.code} is not in the {rule.category} range")
    return rule


@cache
def load_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code; read on first use only."""
    folder = files(_PACKAGE) / "rules"
    found: list[Rule] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found.extend(_rule(r, entry.name) for r in data.get("rule", ()))
    found.sort(key=lambda r: r.code)
    codes = [r.code for r in found]
    names = [r.name for r in found]
    if len(set(codes)) != len(codes) or len(set(names)) != len(names):
        raise RuntimeError("rule codes and names must be unique")
    return tuple(found)


@cache
def load_words() -> dict[str, frozenset[str]]:
    """The word lists of ``words.toml`` (acronyms, short_words, stopwords)."""
    text = (files(_PACKAGE) / "words.toml").read_text(encoding="utf-8")
    data = cast(dict[str, list[str]], tomllib.loads(text))
    return {key: frozenset(value) for key, value in data.items()}
