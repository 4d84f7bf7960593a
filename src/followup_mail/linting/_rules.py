"""Rule records, read once from the TOML files in ``rules/`` and cached."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, get_args

from ..errors import LintConfigError
from ..vocabulary import CATEGORY_DIGITS, Category, Severity
from . import _clause as _clause_module
from ._cache import cached, load_toml
from ._clause import Clause, Term, parse_term
from ._text import lazy
from ._words import load_classes, load_words
from ._words import source as words_source

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_PACKAGE = __name__.rpartition(".")[0]  # this package, wherever it is imported from

__all__ = ["CHECKS", "Rule", "load_rules", "load_words", "unmatchable"]

# The engine's hand-written checks, by the name a rule's ``check`` gives.
CHECKS = frozenset((
    "exclamation", "bracket-placeholder", "template-variable", "angle-placeholder",
    "paren-placeholder", "draft-marker", "shouting", "too-long", "too-short", "long-sentence",
    "long-subject", "missing-thanks", "missing-interest", "not-personal",
    "garbled-punctuation", "doubled-word", "capitalised-after-preposition", "pasted-note",
))

CODE_RE = lazy(globals(), "CODE_RE", r"FM[1-9][0-9]{2}")
NAME_RE = lazy(globals(), "NAME_RE", r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Rule:
    """One lint rule as declared in ``rules/*.toml``.

    ``patterns`` are phrase patterns (see ``rules/generic.toml``); ``clauses`` describe
    a sentence by word classes (see :mod:`._clause`), each clause of it when ``split``
    names the class of words that separate clauses ("and", "but"); ``check`` names a hand-written
    check in the engine instead; ``present`` (and ``clauses``, for such a rule) lists
    what satisfies a missing-content check.
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
    clauses: tuple[Clause, ...] = ()
    split: str | None = None
    examples_flag: tuple[str, ...] = field(default=(), repr=False)
    examples_pass: tuple[str, ...] = field(default=(), repr=False)


def _clauses(record: dict[str, Any], code: str) -> tuple[Clause, ...]:
    known = tuple(load_classes())
    out: list[Clause] = []
    for clause in record.get("clauses", ()):
        if not isinstance(clause, dict) or not clause.get("require") or (
            set(clause) - {"require", "unless"}
        ):
            raise LintConfigError(
                f"{code}: each clause must be a table with \"require\" (and optionally "
                f"\"unless\") lists of terms, not {clause!r}."
            )
        require = tuple(parse_term(t, known, code) for t in clause["require"])
        unless = tuple(parse_term(t, known, code) for t in clause.get("unless", ()))
        out.append((require, unless))
    return tuple(out)


# What a phrase pattern may hold besides regex syntax: the words text has only lower-case
# letters, digits, spaces and non-ASCII characters, and patterns read "'" and "/" as spaces.
_FINE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 '/")
_META = frozenset(".^$*+?{}[]|()")
_ESCAPES = frozenset(("\\b", "\\B", "\\d", "\\D", "\\s", "\\S", "\\w", "\\W", "\\x", "\\A", "\\Z"))


def unmatchable(pattern: str) -> str | None:
    """Why ``pattern`` could never match the normalised words text, or None.

    A capital letter, a punctuation mark or a hyphen outside a character class is
    removed by the normaliser, so the pattern would silently never match; so would a
    character class that holds nothing the words text has.
    """
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            token = pattern[i : i + 2]
            if token not in _ESCAPES:
                return f"the escaped character {token!r} never occurs in the normalised text"
            i += 2
            continue
        if c == "(" and pattern.startswith("(?", i):
            # Group syntax up to its ":" "=" "!" (or a flag group's ")").
            j = i + 2
            while j < n and pattern[j] not in ":=!)":
                j += 1
            i = j + 1
            continue
        if c == "{":
            close = pattern.find("}", i)
            if close > 0 and pattern[i + 1 : close].replace(",", "").isdigit():
                i = close + 1
                continue
        if c == "[":
            close = pattern.find("]", i + 2)
            if close < 0:
                return "a character class is not closed"
            body = pattern[i + 1 : close]
            if not body.startswith("^"):
                plain = body.replace("\\x20", " ").replace("\\d", "0").replace("\\s", " ")
                for a, b in re.findall(r"(.)-(.)", plain):
                    plain += "".join(chr(k) for k in range(ord(a), ord(b) + 1))
                if not any(ch in _FINE or ord(ch) > 127 for ch in plain):
                    return f"the character class [{body}] holds nothing the normalised text has"
                if any(ch.isupper() for ch in body if ch.isascii()):
                    return f"the character class [{body}] holds capitals, which the text never has"
            i = close + 1
            continue
        if c not in _META and c not in _FINE and ord(c) < 128:
            what = "a capital letter" if c.isupper() else f"the character {c!r}"
            return f"{what} never occurs in the normalised text"
        i += 1
    return None


def _rule(record: dict[str, Any], source: str) -> Rule:
    code = str(record.get("code", "?"))
    try:
        rule = Rule(
            code=code,
            name=str(record["name"]),
            category=record["category"],
            severity=record["severity"],
            message=str(record["message"]),
            suggestion=record.get("suggestion"),
            patterns=tuple(record.get("patterns", ())),
            check=record.get("check"),
            present=tuple(record.get("present", ())),
            kinds=tuple(record.get("kinds", ("thank_you", "reminder"))),
            clauses=_clauses(record, code),
            split=record.get("split"),
            examples_flag=tuple(record.get("examples_flag", ())),
            examples_pass=tuple(record.get("examples_pass", ())),
        )
    except KeyError as exc:
        raise LintConfigError(f"{source}: the rule {code} lacks the key {exc}.") from None
    if not CODE_RE.fullmatch(rule.code) or not NAME_RE.fullmatch(rule.name):
        raise LintConfigError(f"{source}: malformed code or name in {rule.code} {rule.name}.")
    if rule.category not in get_args(Category) or rule.severity not in get_args(Severity):
        raise LintConfigError(f"{source}: {rule.code} has a bad category or severity.")
    if rule.code[2] != str(CATEGORY_DIGITS[rule.category]):
        raise LintConfigError(f"{source}: {rule.code} is not in the {rule.category} range.")
    if rule.split is not None and rule.split not in load_classes():
        raise LintConfigError(
            f"{source}: {rule.code} splits its sentences at the unknown word class {rule.split!r}."
        )
    if rule.check is not None and rule.check not in CHECKS:
        raise LintConfigError(
            f"{source}: {rule.code} names the unknown check {rule.check!r} "
            f"(known: {', '.join(sorted(CHECKS))})."
        )
    for pattern in (*rule.patterns, *rule.present):
        why = unmatchable(pattern)
        if why is not None:
            raise LintConfigError(
                f"{source}: {rule.code} has the pattern {pattern!r}, which can never match: {why}."
            )
    return rule


def _read_rules(entries: list[Traversable]) -> tuple[Rule, ...]:
    found: list[Rule] = []
    for entry in entries:
        found.extend(_rule(r, entry.name) for r in load_toml(entry).get("rule", ()))
    found.sort(key=lambda r: r.code)
    codes = [r.code for r in found]
    names = [r.name for r in found]
    if len(set(codes)) != len(codes) or len(set(names)) != len(names):
        raise LintConfigError("Rule codes and names must be unique across rules/*.toml.")
    return tuple(found)


def _term(value: list[list[object]]) -> Term:
    names, gaps = value
    if not all(isinstance(n, str) for n in names) or not all(isinstance(g, int) for g in gaps):
        raise TypeError("a cached clause term is malformed")
    return cast(Term, (tuple(names), tuple(gaps)))


def _decode_rules(value: object) -> tuple[Rule, ...]:
    """The rules from their cached JSON form (what ``dataclasses.asdict`` gave)."""
    if not isinstance(value, list):
        raise TypeError("the cached rules are not a list")
    tuples = ("patterns", "present", "kinds", "examples_flag", "examples_pass")
    rules: list[Rule] = []
    for record in value:
        fields = dict(record)
        for name in tuples:
            fields[name] = tuple(fields[name])
        fields["clauses"] = tuple(
            (tuple(map(_term, require)), tuple(map(_term, unless)))
            for require, unless in fields["clauses"]
        )
        rules.append(Rule(**fields))
    return tuple(rules)


@cache
def load_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code; read and validated on first use only.

    What validation accepted is kept in the disk cache (:mod:`._cache`), under the hash
    of the rule files, ``words.toml`` (the word classes clauses name) and the code that
    reads them, so a fresh process does not parse and check them again.
    """
    folder = files(_PACKAGE) / "rules"
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name
    )
    sources = [e.read_bytes() for e in entries]
    sources += [
        words_source(),
        Path(__file__).read_bytes(),
        Path(_clause_module.__file__).read_bytes(),
    ]
    return cached(
        "rules", sources, lambda: [asdict(r) for r in _read_rules(entries)], _decode_rules
    )
