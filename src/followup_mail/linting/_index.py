"""The phrase index: every phrase pattern of the rules in one RE2 set, built on first use.

Linting a text asks the set which patterns can match: RE2 runs all of them at once, as
one automaton, in a single pass over the text's words (``" " + words + " "``, see
:mod:`._engine`). Only the patterns it names then run as Python regexes, which decide
and give the places. The set holds each pattern less what RE2 cannot run (look-arounds)
or reads differently (``\\b`` and ``\\d`` know only ASCII there): a set pattern matches
wherever its full pattern does, sometimes where it does not, and the regex decides.

The same pass answers the missing-content checks (does the text hold "thank",
"grateful", "excited"...) and whether the text holds a draft-marker word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import cast

import re2

from ._cache import cached, once
from ._rules import Rule, load_rules
from ._text import lazy
from ._words import load_words

_PACKAGE = __name__.rpartition(".")[0]

__all__ = ["CONTENT", "CONTENT_WORDS", "MARKER", "PHRASE", "Index", "Phrase", "index", "prefilter"]

Search = Callable[[str, int], "re.Match[str] | None"]

# What an entry of the set stands for.
PHRASE = 0  # a phrase pattern of a rule: its regex's matches are hits
CONTENT = 1  # a phrase that satisfies a missing-content rule once its regex confirms it
CONTENT_WORDS = 2  # words that satisfy a missing-content rule: the set's answer is exact
MARKER = 3  # a draft-marker word ("todo", "tbd", "xxx"...): the set's answer is exact

_WORD = re.compile(r"[a-z0-9]+")
# Draft markers as words of the text (the engine checks their case in the text itself).
_MARKERS = "(?:insert|todo|tbd|tba|fixme|tktk|x{3,})"
# RE2's memory budget for the set's automaton: far more than rules and emails need.
_RE2_MEMORY = 64 << 20


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


_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_BRACES = lazy(globals(), "_BRACES", r"\d+(?:,\d*)?|,\d+")  # between the braces of "{m,n}"


def _tokens(pattern: str) -> Iterator[tuple[int, str, bool]]:
    """Each token of a regex (an escape such as ``\\b``, or one character), with its index
    and whether it is inside a character class."""
    i, in_class = 0, False
    while i < len(pattern):
        token = pattern[i : i + 2] if pattern[i] == "\\" else pattern[i]
        yield i, token, in_class
        if token == "[":
            in_class = True
        elif token == "]":
            in_class = False
        i += len(token)


def prefilter(pattern: str) -> str:
    """``pattern`` (a Python regex) as RE2 runs it, matching wherever the regex does.

    Look-arounds go (RE2 has none; without them a pattern only matches more), as does
    ``\\b`` (RE2's knows only ASCII letters, and the words text is spaced anyway); ``\\d``
    becomes any number (Python's is any Unicode digit); a possessive repeat (``++``,
    ``*+``, ``?+``, ``{m,n}+``) becomes a greedy one, which matches wherever it does.
    Everything else RE2 reads as Python does.
    """
    out: list[str] = []
    depth = dropped = 0  # groups open; the depth of the look-around being dropped, or 0
    quantifier = False  # whether the previous token ends a quantifier
    brace = -1  # where the last "{" outside a class is
    for i, token, in_class in _tokens(pattern):
        after_quantifier = quantifier
        quantifier = not in_class and (
            token in ("+", "*", "?")
            or (token == "}" and _BRACES.fullmatch(pattern, brace + 1, i) is not None)
        )
        if token == "{" and not in_class:
            brace = i
        if token == "+" and after_quantifier:
            quantifier = False  # it makes the quantifier before it possessive: RE2 has none
            continue
        if not in_class and token == "(":
            depth += 1
            if not dropped and pattern.startswith(_LOOKAROUNDS, i):
                dropped = depth
        elif not in_class and token == ")":
            depth -= 1
            if depth < dropped:  # the look-around's own ")"
                dropped = 0
                continue
        if dropped:
            continue
        if token == "\\d":
            out.append("\\pN")
        elif token != "\\b" or in_class:
            out.append(token)
    return "".join(out)


class Phrase:
    """One pattern of a rule as a regex over the words text, compiled on first use."""

    __slots__ = ("rule", "search", "source")

    def __init__(self, rule: Rule, pattern: str) -> None:
        self.rule = rule
        # From a word start (the space before it) to a word end.
        self.source = f" {_regex_text(_words_pattern(pattern))}(?![a-z0-9])"
        self.search: Search | None = None

    def compile(self) -> Search:
        """Compile the regex on first use; racing threads compile the same thing."""
        search: Search = re.compile(self.source).search
        self.search = search
        return search


# (what it stands for, its rule, its regex)
Target = tuple[int, Rule, Phrase]


@dataclass(frozen=True)
class Index:
    """Everything the engine needs from the rule data, compiled."""

    prefilter: re2.Set  # one entry per target
    targets: tuple[Target, ...]
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

    def candidates(self, padded: bytes) -> Sequence[int]:
        """The targets that may match ``padded`` (the words text, UTF-8), in one pass."""
        # A list of indices, or None for none (whatever the installed stubs say).
        return cast("list[int] | None", self.prefilter.Match(padded)) or ()


def _prefilters(phrases: Sequence[Phrase]) -> list[str]:
    """The RE2 form of each phrase (see :func:`prefilter`), kept in the disk cache
    (:mod:`._cache`): converting them all costs more than linting an email."""
    folder = files(_PACKAGE) / "rules"
    sources = [e.read_bytes() for e in sorted(folder.iterdir(), key=lambda e: e.name)]
    sources.append(Path(__file__).read_bytes())

    def decode(value: object) -> list[str]:
        if not isinstance(value, list) or len(value) != len(phrases) or not all(
            isinstance(v, str) for v in value
        ):
            raise ValueError("the cached prefilters are not those of the rules")
        return value

    return cached("prefilters", sources, lambda: [prefilter(p.source) for p in phrases], decode)


def _build() -> Index:
    words = load_words()
    rules = load_rules()
    checks = {r.check: r for r in rules if r.check}
    options = re2.Options()
    options.never_capture = True
    options.max_mem = _RE2_MEMORY
    found = re2.Set.SearchSet(options)
    targets: list[Target] = []

    def add(source: str, target: Target) -> None:
        try:
            number = found.Add(source)
        except re2.error:
            raise RuntimeError(
                f"{target[1].code}: RE2 cannot read the pattern {source!r}"
            ) from None
        if number != len(targets):  # RE2 numbers entries in order
            raise RuntimeError(f"RE2 numbered the pattern {source!r} out of order")
        targets.append(target)

    def add_words(role: int, rule: Rule, alternation: str) -> None:
        # " word " in the words text is the word itself, exactly: no regex to confirm.
        add(f" {alternation} ", (role, rule, Phrase(rule, alternation)))

    phrases = [Phrase(rule, pattern) for rule in rules for pattern in rule.patterns]
    for phrase, source in zip(phrases, _prefilters(phrases), strict=True):
        add(source, (PHRASE, phrase.rule, phrase))
    content = tuple(checks[name] for name in ("missing-thanks", "missing-interest"))
    for rule in content:
        single = [p for p in rule.present if _WORD.fullmatch(p)]
        if single:
            add_words(CONTENT_WORDS, rule, f"(?:{'|'.join(single)})")
        for pattern in rule.present:
            if not _WORD.fullmatch(pattern):
                phrase = Phrase(rule, pattern)
                add(prefilter(phrase.source), (CONTENT, rule, phrase))
    add_words(MARKER, checks["draft-marker"], _MARKERS)
    found.Compile()
    return Index(
        prefilter=found,
        targets=tuple(targets),
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
