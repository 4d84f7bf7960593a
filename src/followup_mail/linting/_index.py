"""The phrase index: which phrase patterns of the rules a text's words leave possible.

Each pattern requires some words: "i (?:really )?need (?:this|the) job" cannot match a
text without "i", "need" and one of "this" or "the" (:func:`required` reads them from the
pattern's syntax tree, once, and the disk cache keeps them). The index keys each pattern
by its rarest required set; a text's words, intersected in C with every key word, name
the few patterns that may match (about eight of 347 for an email), and only those run as
regexes, which decide and give the places. (An RE2 set of every pattern named about two,
but cost as much per email, measured side by side, and 20 ms to build in every process.)

The same look-up answers the missing-content checks (does the text hold "thank",
"grateful", "excited"...) and whether the text holds a draft-marker word: those answers
are exact (a word between spaces), no regex needed.
"""

from __future__ import annotations

import re
import struct
import sys
from collections.abc import Callable, Sequence
from functools import reduce
from importlib import import_module
from importlib.resources import files
from itertools import compress
from operator import not_, or_
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import LintConfigError
from ._cache import cached, once
from ._rules import Rule, load_rules
from ._text import lazy
from ._words import load_words

_PACKAGE = __name__.rpartition(".")[0]

__all__ = [
    "CONTENT", "CONTENT_WORDS", "MARKER", "PHRASE", "Index", "Phrase", "index", "required",
]

Search = Callable[[str, int], "re.Match[str] | None"]

# What an entry of the set stands for.
PHRASE = 0  # a phrase pattern of a rule: its regex's matches are hits
CONTENT = 1  # a phrase that satisfies a missing-content rule once its regex confirms it
CONTENT_WORDS = 2  # words that satisfy a missing-content rule: the index's answer is exact
MARKER = 3  # a draft-marker word ("todo", "tbd", "xxx"...): the index's answer is exact

_WORD = re.compile(r"[a-z0-9]+")
# Draft markers as words of the text (the engine checks their case in the text itself).
_MARKER_WORDS = frozenset(("insert", "todo", "tbd", "tba", "fixme", "tktk"))
_MARKERS = "(?:insert|todo|tbd|tba|fixme|tktk|x{3,})"


def _words_pattern(pattern: str) -> str:
    """Read a pattern as the text is read: an apostrophe or a slash is a space."""
    return pattern.replace("'", " ").replace("/", " ")


def _regex_text(pattern: str) -> str:
    """A space in a pattern matches one or more spaces (all whitespace is a space), " ?"
    any number.

    The runs are possessive: a match never gives a space back, so no attempt backtracks
    through a long run of spaces. That finds what greedy runs find because in no rule
    pattern is a space run followed by what may start with a space, or by nothing but
    an assertion that one space less could satisfy (``tests/test_security_lint.py``
    checks every pattern). So no match ends on a space either.
    """
    return pattern.replace(" ?", "\0").replace(" ", " ++").replace("\0", " *+")


# --- required words: which phrase patterns a text's words leave possible -------------

# A pattern's required words: sets of words such that any match holds, as a whole word
# of the words text (a maximal run of [a-z0-9]), a word of each set; None when the
# pattern's form hides them (it then runs on every text).
Required = tuple[frozenset[str], ...] | None

# Python's own regex parser (what re.compile runs first; private, hence no types).
_parser: Any = import_module("re._parser")
_C: Any = import_module("re._constants")
_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_C.ASSERT, _C.ASSERT_NOT, _C.AT)


def _is_gap(item: tuple[Any, Any]) -> bool:
    """True when ``item`` consumes at least one character and only characters that are
    not [a-z0-9] (a space, or a class of punctuation, which the words text holds as a
    space): a word before or after it ends there."""
    op, av = item
    if op is _C.LITERAL:
        return av not in _ALNUM
    if op is _C.IN:
        return all(
            kind is _C.LITERAL and value not in _ALNUM for kind, value in av
        )
    if op in _REPEATS:
        low, _, sub = av
        return low >= 1 and len(sub) == 1 and _is_gap(sub[0])
    return False


def _alternatives(item: tuple[Any, Any]) -> list[list[tuple[Any, Any]]] | None:
    """The ways a group, a choice or an optional part may match, each a sequence; None
    for any other item."""
    op, av = item
    if op is _C.SUBPATTERN:
        return [list(av[3])]
    if op is _C.BRANCH:
        return [list(b) for b in av[1]]
    if op in _REPEATS and av[0] == 0 and av[1] == 1:
        return [list(av[2]), []]
    return None


def _ends_word(items: list[tuple[Any, Any]], after: bool) -> bool:
    """True when what ``items`` match (after a word) starts with a character that is not
    [a-z0-9], or when they may match nothing and ``after`` says what follows does."""
    for k, (op, av) in enumerate(items):
        if op is _C.AT and av is _C.AT_BOUNDARY:
            return True  # after a word character: no word character follows
        if op is _C.ASSERT_NOT and av[0] == 1 and _refuses_alnum(av[1]):
            return True  # (?![a-z0-9])
        if op in _ZERO_WIDTH:
            continue
        ways = _alternatives((op, av))
        if ways is not None:
            return all(_ends_word(way + items[k + 1 :], after) for way in ways)
        return _is_gap((op, av))
    return after


def _refuses_alnum(sub: Any) -> bool:
    items = list(sub)
    if len(items) != 1 or items[0][0] is not _C.IN:
        return False
    covered: set[int] = set()
    for kind, value in items[0][1]:
        if kind is _C.RANGE:
            covered.update(range(value[0], value[1] + 1))
        elif kind is _C.LITERAL:
            covered.add(value)
        else:
            return False
    return covered >= _ALNUM


# Enough for any rule file (a choice of choices multiplies the words).
_MAX_WORDS = 256


def _words(items: list[tuple[Any, Any]], after: bool) -> set[str] | None:
    """The words (runs of [a-z0-9], possibly empty) that a match of ``items`` starts with,
    each ending where a character that is not [a-z0-9] follows; None when unknown."""
    k = 0
    while k < len(items) and items[k][0] is _C.LITERAL and items[k][1] in _ALNUM:
        k += 1
    prefix = "".join(chr(c) for _, c in items[:k])
    rest = items[k:]
    if rest:
        ways = _alternatives(rest[0])
        if ways is not None:
            found: set[str] = set()
            for way in ways:
                got = _words(way + rest[1:], after)
                if got is None or len(found) > _MAX_WORDS:
                    return None
                found |= {prefix + w for w in got}
            return found
    return {prefix} if _ends_word(rest, after) else None


def _sequence(items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
    """Every word set a match of the sequence must hold: the words that may follow each
    gap it always matches."""
    found: list[frozenset[str]] = []
    for j, item in enumerate(items):
        if _is_gap(item) and j + 1 < len(items):
            words = _words(items[j + 1 :], False)
            if words and "" not in words:
                found.append(frozenset(words))
    return found


def required(source: str) -> Required:
    """The required words of a phrase's regex source (see ``Required``)."""
    items = list(_parser.parse(source))
    if len(items) == 1 and items[0][0] is _C.BRANCH:
        # A choice at the top: the words of each branch that every branch requires.
        options = [_sequence(list(branch)) for branch in items[0][1][1]]
        if not all(options):
            return None
        return (frozenset().union(*(min(o, key=_rarity) for o in options)),)
    found = _sequence(items)
    if not found:
        return None
    # The rarest set first: the one the index keys the pattern by.
    return tuple(sorted(set(found), key=lambda words: (_rarity(words), sorted(words))))


def _rarity(words: frozenset[str]) -> tuple[int, int]:
    """Longer words are rarer (a set's shortest counts); fewer alternatives are rarer."""
    return -min(len(w) for w in words), len(words)


class Phrase:
    """One pattern of a rule as a regex over the words text, compiled on first use."""

    __slots__ = ("pattern", "rule", "search", "source")

    def __init__(self, rule: Rule, pattern: str) -> None:
        self.rule = rule
        self.pattern = pattern
        # From a word start (the space before it) to a word end.
        self.source = f" {_regex_text(_words_pattern(pattern))}(?![a-z0-9])"
        self.search: Search | None = None

    def compile(self) -> Search:
        """Compile the regex on first use; racing threads compile the same thing."""
        code = _codes().get(self.source)  # None: a pattern no rule file holds
        compiled = re.compile(self.source) if code is None else _load(self.source, code)
        search: Search = compiled.search
        self.search = search
        return search


# --- compiled regexes on disk --------------------------------------------------------
#
# Python's regex compiler is written in Python: compiling the eight or so patterns an
# email names costs a fresh process more than the rest of its first lint. So the disk
# cache keeps, per pattern, what that compiler hands to the C engine (``_sre.compile``:
# flags, the code as bytes, the group count and names), and the first use of a pattern
# costs one C call. The C engine checks the code it is given (a corrupt one raises), and
# the file's name holds the Python version and the engine's magic number.

_compiler: Any = import_module("re._compiler")
_sre: Any = import_module("_sre")
# (flags, code as native unsigned ints, groups - 1, group names and their numbers)
Code = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


def _code(source: str) -> Code:
    """What ``re.compile(source)`` hands to ``_sre.compile``."""
    parsed = _parser.parse(source, 0)
    code = _compiler._code(parsed, 0)
    state = parsed.state
    names: list[str | None] = [None] * state.groups
    for name, number in state.groupdict.items():
        names[number] = name
    packed = struct.pack(f"={len(code)}I", *code)  # what memoryview.cast("I") reads
    return state.flags, packed, state.groups - 1, dict(state.groupdict), tuple(names)


def _load(source: str, code: Code) -> re.Pattern[str]:
    """The pattern ``re.compile(source)`` gives, from its cached :func:`_code`."""
    flags, packed, groups, groupindex, indexgroup = code
    compiled: re.Pattern[str] = _sre.compile(
        source, flags, memoryview(packed).cast("I").tolist(), groups, groupindex, indexgroup
    )
    return compiled


def _rule_sources() -> list[bytes]:
    """The rule files and this module's code: what the index derives from."""
    folder = files(_PACKAGE) / "rules"
    sources = [e.read_bytes() for e in sorted(folder.iterdir(), key=lambda e: e.name)]
    sources.append(Path(__file__).read_bytes())
    return sources


def _decode_codes(value: object) -> dict[str, Code]:
    if not isinstance(value, dict):
        raise TypeError("the cached regexes are not a table")
    return value


def _build_codes() -> dict[str, Code]:
    engine = f"{sys.version} {_sre.MAGIC} {_sre.CODESIZE} {sys.byteorder}".encode()
    return cached(
        "regex", [*_rule_sources(), engine],
        lambda: {t[2].source: _code(t[2].source) for t in index().targets}, _decode_codes,
    )


# Every phrase pattern's compiled code, by regex source, read on the first compile.
_codes = once(_build_codes)


# (what it stands for, its rule, its regex)
Target = tuple[int, Rule, Phrase]


class Index(NamedTuple):
    """Everything the engine needs from the rule data, compiled (a named tuple: a
    dataclass would cost a fresh process milliseconds to create at import)."""

    targets: tuple[Target, ...]
    # The word index: every word of a required set, and the bits of the sets it belongs
    # to; every key word (of a target's rarest set) and the targets it keys; and per
    # target the bits of every set it requires.
    words: frozenset[str]
    sets_of: dict[str, int]
    keys: frozenset[str]
    keyed: dict[str, tuple[int, ...]]
    needs: tuple[int, ...]
    # The targets whose answer is exact (a word between spaces), each with its words and
    # whether a run of three or more x is one of them (the draft marker "xxx").
    exact: tuple[tuple[int, frozenset[str], bool], ...]
    # The rules of the hand-written checks, by check name ("shouting").
    checks: dict[str, Rule]
    # The missing-content rules (missing thanks, missing interest).
    content: tuple[Rule, ...]
    # The rules that match sentences by word classes (see ._clause), and every rule.
    clause_rules: tuple[Rule, ...]
    rules: tuple[Rule, ...]
    acronyms: frozenset[str]
    short_words: frozenset[str]
    stopwords: frozenset[str]

    def candidates(self, padded: str, tokens: list[str] | None = None) -> list[int]:
        """The targets that may match ``padded`` (the words text, whose words are
        ``tokens`` when the caller has them), in order."""
        if tokens is None:
            tokens = padded.split()
        # The words text of an ASCII text is words and spaces; otherwise a word may touch
        # a character that is neither, and the index's words are runs of [a-z0-9].
        runs = tokens if padded.isascii() else _RUN.findall(padded)
        # Every required word the text holds (in C), and so the required sets it holds,
        # one bit each; the patterns keyed by those words, kept when the text holds every
        # set they require (one integer test each, in C).
        present = self.words.intersection(runs)
        held = reduce(or_, map(self.sets_of.__getitem__, present), 0)
        chosen = set().union(*map(self.keyed.__getitem__, self.keys.intersection(present)))
        lacking = ~held
        found = list(compress(chosen, map(not_, map(lacking.__and__, map(
            self.needs.__getitem__, chosen
        )))))
        for i, words, xxx in self.exact:
            if not words.isdisjoint(tokens) or (
                xxx and "xxx" in padded and _XXX.search(padded) is not None
            ):
                found.append(i)
        found.sort()
        return found


_RUN = lazy(globals(), "_RUN", r"[a-z0-9]++")
# A draft marker "xxx" (any number of x, at least three) as a word of the words text.
_XXX = lazy(globals(), "_XXX", r" x{3,}+ ")


def _required_all(targets: Sequence[Target]) -> list[Required]:
    """The required words of every target (see :func:`required`), kept in the disk cache
    (:mod:`._cache`): reading every pattern's syntax costs more than linting an email."""
    sources = _rule_sources()

    def decode(value: object) -> list[Required]:
        if not isinstance(value, list) or len(value) != len(targets):
            raise ValueError("the cached required words are not those of the rules")
        return value

    return cached("required", sources, lambda: [required(t[2].source) for t in targets], decode)


def _build() -> Index:
    words = load_words()
    rules = load_rules()
    checks = {r.check: r for r in rules if r.check}
    targets: list[Target] = []
    for rule in rules:
        targets += [(PHRASE, rule, Phrase(rule, pattern)) for pattern in rule.patterns]
    content = tuple(checks[name] for name in ("missing-thanks", "missing-interest"))
    exact: list[tuple[int, frozenset[str], bool]] = []
    for rule in content:
        single = [p for p in rule.present if _WORD.fullmatch(p)]
        if single:
            exact.append((len(targets), frozenset(single), False))
            targets.append((CONTENT_WORDS, rule, Phrase(rule, f"(?:{'|'.join(single)})")))
        targets += [
            (CONTENT, rule, Phrase(rule, p)) for p in rule.present if not _WORD.fullmatch(p)
        ]
    exact.append((len(targets), _MARKER_WORDS, True))
    targets.append((MARKER, checks["draft-marker"], Phrase(checks["draft-marker"], _MARKERS)))
    keyed: dict[str, list[int]] = {}
    needs: list[int] = []
    bit_of: dict[frozenset[str], int] = {}  # each distinct required set's bit
    exact_places = {e[0] for e in exact}
    for i, need in enumerate(_required_all(targets)):
        if i in exact_places:
            needs.append(0)
            continue
        if need is None:
            # No rule pattern lacks a required word today (tests/test_lint.py checks);
            # such a pattern would have to run on every text.
            raise LintConfigError(
                f"{targets[i][1].code}: the pattern {targets[i][2].pattern!r} requires no "
                "whole word the phrase index can key it by, so it would run on every text; "
                "start it with a word."
            )
        for word in need[0]:
            keyed.setdefault(word, []).append(i)
        bits = 0
        for words_ in need:
            bits |= bit_of.setdefault(words_, 1 << len(bit_of))
        needs.append(bits)
    sets_of: dict[str, int] = {}
    for words_, bit in bit_of.items():
        for word in words_:
            sets_of[word] = sets_of.get(word, 0) | bit
    return Index(
        targets=tuple(targets),
        words=frozenset(sets_of),
        sets_of=sets_of,
        keys=frozenset(keyed),
        keyed={w: tuple(v) for w, v in keyed.items()},
        needs=tuple(needs),
        exact=tuple(exact),
        checks=checks,
        content=content,
        clause_rules=tuple(r for r in rules if r.clauses and not r.check),
        rules=rules,
        acronyms=words["acronyms"],
        short_words=words["short_words"],
        stopwords=words["stopwords"],
    )


# The compiled rules, built on first use (thread-safe).
index = once(_build)
