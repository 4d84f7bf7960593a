"""Which words every match of a phrase pattern needs: the engine's cheap pre-checks.

The engine looks a pattern up by one key word, then runs its regex. Most key words are
common, so before the regex it asks a cheaper question in C: does the text hold any
word that a match would need? This module answers "which words" for the pattern
language of ``rules/*.toml`` (literal words, spaces, ``(?:a|b)`` groups with
quantifiers, character classes, ``\\b``, ``\\s``, ``\\d``, ``\\xNN`` and look-arounds).

A *clause* is a set of words one of which every match contains as a whole word of the
text (as ``words.split()`` gives them). The analysis is conservative: a word counts only
when nothing around it can join it to a neighbour (``e ?mail`` gives no clause), and a
group counts only when every one of its alternatives has a clause.

:func:`closing` and :func:`split_top` read a pattern's group structure; the phrase index
uses them too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

__all__ = ["Analyzer", "Clause", "clear_cache", "closing", "split_top"]

Clause = frozenset[str]


@dataclass(frozen=True, slots=True)
class _Item:
    # "word": literal letters and digits (``text``); "space": matches only a space in
    # words text; "bound": \b; "look": a look-around (zero-width, ignored); "group":
    # (?:...) with its source ``text``; "other": anything that may match a letter, a
    # digit or something unknown.
    kind: str
    text: str = ""
    lo: int = 1
    hi: int = 1


_Seq = tuple[_Item, ...]
_QUANTIFIERS = {"?": (0, 1), "*": (0, 99), "+": (1, 99)}
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_OTHER = _Item("other")
_SPACE = _Item("space")


def _literal(ch: str) -> _Item:
    if ch == " ":
        return _SPACE
    return _Item("word", ch) if ch.isalnum() else _OTHER


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """``(index, character, depth)`` for each ``(``, ``)`` and ``|`` of *pattern* that is
    neither escaped nor inside a character class; ``depth`` counts the groups open before
    it (a ``)`` reports the depth it closes back to)."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            yield i, ch, depth
            depth += 1
        elif ch == ")":
            depth -= 1
            yield i, ch, depth
        elif ch == "|":
            yield i, ch, depth
        i += 1


@cache
def closing(pattern: str, start: int) -> int:
    """Index of the ``)`` that closes the group opening at ``start``."""
    for i, ch, depth in _structure(pattern, start):
        if ch == ")" and depth == 0:
            return i
    raise ValueError(f"unbalanced parentheses in {pattern!r}")


@cache
def split_top(inner: str) -> tuple[str, ...]:
    """Split *inner* at its top-level ``|``."""
    cuts = [i for i, ch, depth in _structure(inner) if ch == "|" and depth == 0]
    return tuple(inner[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(inner)], strict=True))


@cache
def _alternatives(p: str) -> tuple[_Seq, ...]:
    """The parsed alternatives of a pattern (or of a group's content)."""
    return tuple(_sequence(alt) for alt in split_top(p))


def _sequence(p: str) -> _Seq:
    """One alternative, parsed into items; a group keeps its source (parsed on demand)."""
    items: list[_Item] = []
    i = 0
    while i < len(p):
        ch = p[i]
        if ch in _WORD_CHARS:
            j = i
            while j < len(p) and p[j] in _WORD_CHARS:
                j += 1
            if j < len(p) and p[j] in "?*+{" and j - i > 1:
                j -= 1  # the quantifier belongs to the last character alone
            item, i = _Item("word", p[i:j]), j
        elif ch == "(":
            if p.startswith(("(?=", "(?!"), i):
                kind, start = "look", i + 3
            elif p.startswith(("(?<=", "(?<!"), i):
                kind, start = "look", i + 4
            elif p.startswith("(?:", i):
                kind, start = "group", i + 3
            elif p.startswith("(?P<", i):
                kind, start = "group", p.index(">", i) + 1
            elif p.startswith("(?", i):
                raise ValueError(f"unsupported group at {i} in pattern {p!r}")
            else:
                kind, start = "group", i + 1
            end = closing(p, i)
            item, i = _Item(kind, p[start:end]), end + 1
        elif ch == "[":
            end = p.find("]", i + 2 if p[i + 1 : i + 2] == "]" else i + 1)
            if end == -1:
                raise ValueError(f"unbalanced '[' at {i} in pattern {p!r}")
            cls = p[i + 1 : end]
            # A class of punctuation and a space: in words text only the space matches.
            plain = not cls.startswith("^") and "\\" not in cls
            space = plain and " " in cls and not any(c.isalnum() for c in cls)
            item, i = _SPACE if space else _OTHER, end + 1
        elif ch == "\\":
            esc = p[i + 1 : i + 2]
            if esc == "x":
                item, i = _literal(chr(int(p[i + 2 : i + 4], 16))), i + 4
            elif esc == "b":
                item, i = _Item("bound"), i + 2
            elif esc == "s":
                item, i = _SPACE, i + 2
            else:
                item, i = _OTHER if esc.isalnum() or not esc else _literal(esc), i + 2
        else:
            item, i = _OTHER if ch in ".^$" else _literal(ch), i + 1
        if i < len(p) and p[i] in "?*+{":
            if p[i] == "{":
                end = p.find("}", i)
                if end == -1:
                    raise ValueError(f"unbalanced '{{' at {i} in pattern {p!r}")
                low, comma, high = p[i + 1 : end].partition(",")
                lo = int(low or 0)
                hi = lo if not comma else int(high) if high else 99
                i = end + 1
            else:
                (lo, hi), i = _QUANTIFIERS[p[i]], i + 1
            if i < len(p) and p[i] in "?+":
                i += 1  # lazy or possessive: the same matches
            if item.kind != "look":
                item = _Item(item.kind, item.text, lo, hi)
        if item.kind != "look":
            items.append(item)
    return tuple(items)


@cache
def _nullable(group: str) -> bool:
    """True when some alternative of the group can match the empty string."""
    return any(
        all(it.kind == "bound" or it.lo == 0 or (it.kind == "group" and _nullable(it.text))
            for it in alt)
        for alt in _alternatives(group)
    )


def _border_after(seq: _Seq, i: int, context: bool) -> bool:
    """True when what ``seq[i:]`` matches (then the context) starts with a non-word
    character or is the end; ``context`` says the same of what follows ``seq``."""
    if i == len(seq):
        return context
    it = seq[i]
    if it.kind == "bound":
        return True  # right after a word character: a boundary means a non-word one
    if it.kind == "space":
        return it.lo >= 1 or _border_after(seq, i + 1, context)
    if it.kind == "group":
        if it.hi > 1 and _nullable(it.text):
            return False
        rest = seq[i + 1 :]
        return all(_border_after(a + rest, 0, context) for a in _alternatives(it.text)) and (
            it.lo >= 1 or _border_after(seq, i + 1, context)
        )
    return False


def _border_before(seq: _Seq, i: int, context: bool) -> bool:
    """True when what ``seq[:i]`` matches (after the context) ends with a non-word
    character or is the start."""
    if i == 0:
        return context
    it = seq[i - 1]
    if it.kind == "bound":
        return True
    if it.kind == "space":
        return it.lo >= 1 or _border_before(seq, i - 1, context)
    if it.kind == "group":
        if it.hi > 1 and _nullable(it.text):
            return False
        head = seq[: i - 1]
        return all(
            _border_before(head + a, len(head) + len(a), context)
            for a in _alternatives(it.text)
        ) and (it.lo >= 1 or _border_before(seq, i - 1, context))
    return False


class Analyzer:
    """Finds clauses, the best of several by ``score`` (say, the rarest first)."""

    def __init__(self, score: Callable[[Clause], tuple[int, int]]) -> None:
        self.score = score
        self._groups: dict[tuple[str, bool, bool], Clause | None] = {}

    def pick(self, found: Sequence[Clause]) -> Clause:
        """The best clause of ``found``: the highest score."""
        return max(found, key=self.score)

    def clauses(self, pattern: str) -> list[Clause]:
        """The clauses of a pattern matched from a word start to a word end.

        A group's clause is the union of one clause (the pick) of each alternative; a
        pattern with a top-level ``|`` is treated as a group.
        """
        alts = _alternatives(pattern)
        if len(alts) > 1:
            group = self._group(pattern, True, True)
            return [] if group is None else [group]
        return self._clauses(alts[0], True, True)

    def _group(self, text: str, left: bool, right: bool) -> Clause | None:
        key = (text, left, right)
        if key not in self._groups:
            union: set[str] = set()
            for alt in _alternatives(text):
                found = self._clauses(alt, left, right)
                if not found:
                    self._groups[key] = None
                    break
                union |= self.pick(found)
            else:
                self._groups[key] = frozenset(union)
        return self._groups[key]

    def _clauses(self, seq: _Seq, left: bool, right: bool) -> list[Clause]:
        out: list[Clause] = []
        for i, it in enumerate(seq):
            if it.kind == "word" and it.lo == it.hi == 1:
                if not _border_before(seq, i, left):
                    continue
                if _border_after(seq, i + 1, right):
                    out.append(frozenset((it.text,)))
                elif i + 1 < len(seq):
                    nxt = seq[i + 1]  # "results?": either form
                    if (
                        nxt.kind == "word" and len(nxt.text) == 1 and (nxt.lo, nxt.hi) == (0, 1)
                        and _border_after(seq, i + 2, right)
                    ):
                        out.append(frozenset((it.text, it.text + nxt.text)))
            elif it.kind == "group" and it.lo >= 1:
                inner_left = _border_before(seq, i, left)
                inner_right = it.hi == 1 and _border_after(seq, i + 1, right)
                group = self._group(it.text, inner_left, inner_right)
                if group is not None:
                    out.append(group)
        return out


def clear_cache() -> None:
    """Free the parse caches (they only serve building the rule index)."""
    for cached in (_alternatives, _nullable, closing, split_top):
        cached.cache_clear()
