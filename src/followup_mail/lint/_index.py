"""The phrase index: every phrase rule compiled once, on first use, for fast look-up.

Each pattern is looked up by one *key* word (as rare a word among its first ones as
:func:`anchors` can reach), so that linting a text only tries the patterns whose key
word the text holds. Before a key's regex runs, a cheaper test in C must pass: the text
holds one of the key's *gate* words, one of which every match needs (see
:mod:`._gates`). Each key's regex starts with the literal ``" key"``, so that ``sre``
scans for it in C, and is compiled the first time a text holds the key.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ._gates import Analyzer, Clause, closing, split_top
from ._gates import clear_cache as clear_gate_cache
from ._rules import Rule, load_rules, load_word_list, load_words

__all__ = ["Index", "KeyEntry", "Search", "anchors", "index"]

Search = Callable[[str, int], "re.Match[str] | None"]

_KEY = re.compile(r"[a-z0-9]+")


_SEPARATORS = frozenset(" '-/,.")
_WORD_SAFE = (" ", "\\b", "\\s")


_LITERAL_RUN = re.compile(r"[a-z0-9 ]*")


@cache
def _literal_end(v: str) -> int:
    match = _LITERAL_RUN.match(v)
    i = match.end() if match else 0
    if i < len(v) and v[i] in "?*+{" and i:
        i -= 1  # the last character is quantified: not part of the literal
    return i


@cache
def _word_ends_safely(rest: str) -> bool:
    """True when nothing in ``rest`` can continue the word just before it."""
    if rest == "" or rest.startswith(_WORD_SAFE):
        return True
    if rest.startswith("[") and "]" in rest:
        cls = rest[1 : rest.index("]")]
        return not any(ch.isalnum() for ch in cls) and not cls.startswith("^")
    if rest.startswith("(?:"):
        close = closing(rest, 0)
        return all(_word_ends_safely(alt + rest[close + 1 :])
                   for alt in split_top(rest[3:close]) if alt)
    return False


def anchors(
    pattern: str, common: dict[str, int] | None = None, most: int = 5
) -> list[tuple[str, str, str]]:
    """Split a pattern into variants, each looked up by a key word.

    Returns ``(lead, key, rest)``: ``key`` is the rarest (by ``common``) of the variant's
    first ``most`` whole words, ``lead`` the literal words before it and ``rest`` the
    pattern from the key on. Leading groups and separator classes are expanded as far
    as choosing the key needs: ``(?:i'm|i am) begging`` gives ``i m begging`` and ``i am
    begging``. What follows the key stays as the pattern has it: ``decision (?:is|will)
    be`` is one variant, not two.
    """
    common = common or {}
    out: list[tuple[str, str, str]] = []
    # (variant, the variants it was expanded from, each with its literal prefix length)
    todo: list[tuple[str, tuple[tuple[int, str], ...]]] = [(pattern, ())]
    while todo:
        v, history = todo.pop()
        i = _literal_end(v)
        literal = v[:i]
        words = _KEY.findall(literal)
        complete = words if _word_ends_safely(v[i:]) or not literal[-1:].isalnum() else words[:-1]
        distinctive = any(w not in common for w in complete)
        if (len(complete) < 2 or (not distinctive and len(complete) < most)) and i < len(v):
            rest = v[i:]
            steps = (*history, (i, v))
            if rest.startswith("(?:"):
                close = closing(rest, 0)
                after = rest[close + 1 :]
                alts = split_top(rest[3:close])
                if after[:1] == "?":
                    alts, after = (*alts, ""), after[1:]
                if after[:1] not in ("*", "+", "{"):
                    todo.extend((literal + alt + after, steps) for alt in alts)
                    continue
            elif rest.startswith("[") and "]" in rest:
                cls = rest[1 : rest.index("]")]
                after = rest[rest.index("]") + 1 :]
                if cls and all(ch in _SEPARATORS for ch in cls):
                    opts = [" "]  # the text has spaces where it had punctuation
                    if after[:1] == "?":
                        opts, after = [*opts, ""], after[1:]
                    if after[:1] not in ("*", "+", "{"):
                        todo.extend((literal + ch + after, steps) for ch in opts)
                        continue
        if not complete:
            raise ValueError(f"a pattern must start with a plain word: {pattern!r}")
        used = complete[:most]
        # The rarest word: not in ``common`` at all, else the latest in it.
        index = max(range(len(used)), key=lambda i: common.get(used[i], len(common)))
        start, end = [m.span() for m in _KEY.finditer(literal)][index]
        # Undo the expansions made after the key: the first one that began there.
        source = next((before for at, before in history if at >= end), v)
        out.append((literal[:start], used[index], source[start:]))
    return list(dict.fromkeys(out))


def _rarity(common: dict[str, int]) -> Callable[[Clause], tuple[int, int]]:
    """Scores a clause by rarity: as rare as its most common word, then the smaller."""
    rare = len(common)

    def score(clause: Clause) -> tuple[int, int]:
        return min(common.get(w, rare) for w in clause), -len(clause)

    return score


def _gate(
    key: str, rest: str, leads: list[str], analyzer: Analyzer, memo: dict[str, list[Clause]]
) -> Clause | None:
    """Words one of which every match of ``lead + rest`` (any lead) needs besides ``key``:
    for each lead, its rarest clause (see :mod:`._gates`); ``None`` when one has none."""
    if rest not in memo:
        memo[rest] = [c for c in analyzer.clauses(rest) if key not in c]
    needed: set[str] = set()
    for lead in leads:
        found = memo[rest] + [frozenset((w,)) for w in _KEY.findall(lead) if w != key]
        if not found:
            return None
        needed |= analyzer.pick(found)
    return frozenset(needed)


class KeyEntry:
    """Everything the phrase rules look for at one key word."""

    __slots__ = ("gate", "names", "search", "source")

    def __init__(
        self,
        key: str,
        source: str,
        names: dict[str, tuple[Rule, int]],
        gate: Clause | None,
    ) -> None:
        # One regex that starts with the literal " key" (so that sre's search scans for
        # it in C), then tries every pattern that has this key.
        self.source = f" {key}(?:{source})"
        self.names = names  # its named groups: (rule, length of the lead words)
        # Words one of which every match needs: besides the key, or else the key itself
        self.gate = gate or frozenset((key,))
        self.search: Search | None = None

    def compile(self) -> Search:
        """Compile the regex on first use; racing threads compile the same thing."""
        search: Search = re.compile(self.source).search
        self.search = search
        return search


@dataclass(frozen=True)
class Index:
    """Everything the engine needs from the rule data, compiled."""

    table: dict[str, KeyEntry]  # per key word
    keys: frozenset[str]
    gates: dict[str, frozenset[str]]  # per key word, its entry's gate
    # The rules of the hand-written checks, by check name ("shouting").
    checks: dict[str, Rule]
    # For missing thanks and interest: (rule, words that satisfy it, phrases that do)
    content: tuple[tuple[Rule, frozenset[str], dict[str, KeyEntry]], ...]
    acronyms: frozenset[str]
    short_words: frozenset[str]
    stopwords: frozenset[str]


def _words_pattern(pattern: str) -> str:
    """Read a pattern as the text is read: an apostrophe or a slash is a space."""
    return pattern.replace("'", " ").replace("/", " ")


def _regex_text(pattern: str) -> str:
    """A space in a pattern matches one or more spaces (all whitespace is a space)."""
    return pattern.replace(" ?", "\0").replace(" ", " +").replace("\0", " *")


def _key_table(
    patterns: list[tuple[str, Rule]], common: dict[str, int], analyzer: Analyzer
) -> dict[str, KeyEntry]:
    """Index phrase patterns (with the rule each belongs to) by key word."""
    grouped: dict[tuple[str, str], list[tuple[str, Rule]]] = {}
    for pattern, rule in patterns:
        # Look the pattern up by as rare a word as possible (among its first eight), unless
        # reaching it takes so many variants that the compiled rules would bloat.
        source = _words_pattern(pattern)
        for most in (8, 5, 4, 3, 2):
            found = anchors(source, common, most)
            if len(found) <= 400:
                break
        # The variants looked up by the pattern's first word are the pattern itself
        # (less what the other variants match): one alternative, not dozens.
        head = _KEY.match(source)
        first = head.group() if head and _word_ends_safely(source[head.end() :]) else None
        for anchor, key, rest in found:
            if not anchor and key == first:
                rest = source
            grouped.setdefault((anchor, key), []).append((rest, rule))
    # Per key word, one regex matched where the key is: an alternation of the patterns
    # from their key on, each behind a fixed-width look-behind for its lead words, so
    # sre checks all of them in C at each place the key occurs. Variants that share
    # their rest, rule and lead length share one alternative, whose look-behind lists
    # their leads ("when was the " | "when will the "): fewer alternatives to try.
    merged: dict[str, dict[tuple[str, Rule, int], list[str]]] = {}
    for (lead, key), items in grouped.items():
        for rest, rule in dict.fromkeys(items):
            leads = merged.setdefault(key, {}).setdefault((rest, rule, len(lead)), [])
            if lead not in leads:
                leads.append(lead)
    memo: dict[str, list[Clause]] = {}
    table: dict[str, KeyEntry] = {}
    n = 0
    for key, groups in sorted(merged.items()):
        alternatives: list[str] = []
        names: dict[str, tuple[Rule, int]] = {}
        needed: set[str] | None = set()
        for (rest, rule, size), leads in groups.items():
            if needed is not None:
                more = _gate(key, rest, leads, analyzer, memo)
                needed = None if more is None else needed | more
            name = f"r{n}"
            n += 1
            names[name] = (rule, size)
            # The regex starts with " key"; each alternative goes on from there, after
            # a look-behind for its lead words (and the key) when it has any.
            behind = "|".join(re.escape(f" {lead}{key}") for lead in leads if lead)
            alternatives.append(
                f"{f'(?<={behind})' if behind else ''}{_regex_text(rest[len(key):])}"
                f"(?![a-z0-9])(?P<{name}>)"
            )
        gate = None if needed is None or key in needed else frozenset(needed)
        table[key] = KeyEntry(key, "|".join(alternatives), names, gate)
    return table


def _build() -> Index:
    words = load_words()
    common = {w: i for i, w in enumerate(load_word_list("common"))}
    analyzer = Analyzer(_rarity(common))
    rules = load_rules()
    table = _key_table([(p, rule) for rule in rules for p in rule.patterns], common, analyzer)
    checks = {r.check: r for r in rules if r.check}
    content = []
    for name in ("missing-thanks", "missing-interest"):
        rule = checks[name]
        single = frozenset(p for p in rule.present if _KEY.fullmatch(p))
        phrases = [(p, rule) for p in rule.present if not _KEY.fullmatch(p)]
        content.append((rule, single, _key_table(phrases, common, analyzer)))
    # The parsing caches only serve this build: free them.
    for parser in (_literal_end, _word_ends_safely):
        parser.cache_clear()
    clear_gate_cache()
    return Index(
        content=tuple(content),
        checks=checks,
        table=table,
        keys=frozenset(table),
        gates={key: entry.gate for key, entry in table.items()},
        acronyms=words["acronyms"],
        short_words=words["short_words"],
        stopwords=words["stopwords"],
    )


_lock = threading.Lock()
_index: Index | None = None


def index() -> Index:
    """The compiled rules, built on first use (thread-safe)."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _build()
    return _index
