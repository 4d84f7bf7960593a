"""Linear-time lint for any ``str`` (issue 11, "lint is quadratic on some inputs").

Three kinds of evidence:

- **An adversarial generator.** For every regex the linter runs on a text (the engine's
  own and every rule's phrase regex), :func:`attacks` reads the regex's syntax tree and
  builds the inputs that make a backtracking matcher slow: a long run of what each
  repeated part accepts (one character of each kind it accepts, all of them mixed, or
  the shortest string of a repeated group), after what leads to that part, ending in a
  character it refuses. Each regex is timed on such a text of 10,000 and of 100,000
  characters, as the engine runs it; the larger may cost at most ``RATIO`` times the
  smaller (linear: 10x; quadratic: 100x). Never an absolute time. The generator is
  checked in turn: it must catch the patterns this module replaced.
- **A static check** that no repeat can give back what the next part needs (the
  ambiguity that makes backtracking quadratic within one attempt), and that no phrase
  regex could give a space back to satisfy an assertion (which is what lets its space
  runs be possessive).
- **Properties**: ``lint()`` of any ``str`` (lone surrogates, controls, format characters,
  encoded words, huge and deeply nested input), with any subject, raises nothing but a
  :class:`FollowupMailError`, and every finding's span indexes the text as given.
"""

from __future__ import annotations

import contextlib
import gc
import json
import re
import re._compiler as sre_compile  # private, but stable since Python 3.11
import re._constants as sre
import re._parser as sre_parse
import time
from collections import Counter
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any, cast

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup_mail.errors import FollowupMailError
from followup_mail.linting import (
    _clause,
    _engine,
    _garbled,
    _index,
    _rules,
    _text,
    config,
    lint,
    report,
    rules,
)
from followup_mail.models import InterviewNotes

SMALL, LARGE = 10_000, 100_000
RATIO = 40  # LARGE / SMALL is 10: room for noise on a shared machine; a quadratic gives 100
ROUNDS = 7  # best of up to this many rounds before a ratio counts as a failure (noisy CI)
SEGMENTS = 24  # attacks per hostile text (each gets an equal share of its length)

# One character of each kind a pattern may treat apart: ASCII letters of both cases,
# digits, separators, brackets and marks, letters and digits of other scripts (the Kelvin
# sign folds to "k"), no-break and line separators, a control, a lone surrogate, an emoji.
ALPHABET = (
    "aAxX0 ,'\n\t_-/&!.?%[]{}<>()é\u00c4\u212a\u00df\u0663\u00a0\u2028\u202e\x00\ud800\U0001f600"
)

REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)

Nodes = list[tuple[Any, Any]]  # a parsed (sub)pattern: (opcode, argument) pairs
Attack = tuple[str, str, str]  # (what leads to a repeat, what it repeats, a failing end)


# --- reading a regex --------------------------------------------------------------------


def _literals(nodes: Nodes) -> Iterator[str]:
    """Every character ``nodes`` name, alone or in a class."""
    for op, av in nodes:
        if op is sre.LITERAL:
            yield chr(av)
        elif op is sre.IN:
            yield from (chr(v) for o, v in av if o is sre.LITERAL)
        elif op is sre.BRANCH:
            for alt in av[1]:
                yield from _literals(list(alt))
        elif op is sre.SUBPATTERN:
            yield from _literals(list(av[3]))
        elif op in REPEATS:
            yield from _literals(list(av[2]))
        elif op is sre.ATOMIC_GROUP:
            yield from _literals(list(av))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            yield from _literals(list(av[1]))


class _Regex:
    """A compiled pattern's syntax tree, and which characters of ALPHABET its parts accept."""

    def __init__(self, pattern: re.Pattern[Any]) -> None:
        self.pattern = pattern
        self.is_bytes = isinstance(pattern.pattern, bytes)
        flags = pattern.flags & ~re.UNICODE if self.is_bytes else pattern.flags
        parsed = sre_parse.parse(pattern.pattern, flags)
        self.state, self.nodes = parsed.state, list(parsed)
        # ALPHABET, and every character the pattern names (so that "[a-z]++z" overlaps).
        named = dict.fromkeys(ALPHABET + "".join(_literals(self.nodes)))
        self.alphabet = [c for c in named if not self.is_bytes or ord(c) < 256]

    def text(self, s: str) -> Any:
        return s.encode("latin-1") if self.is_bytes else s

    def accepts(self, nodes: Nodes) -> list[str]:
        """The characters of the alphabet that ``nodes`` match, alone."""
        sub = sre_parse.SubPattern(self.state, list(nodes))
        matcher = sre_compile.compile(sub, self.state.flags)
        return [c for c in self.alphabet if matcher.fullmatch(self.text(c))]

    def witness(self, nodes: Nodes) -> str:
        """A short string ``nodes`` match (assertions ignored)."""
        out = []
        for op, av in nodes:
            if op is sre.LITERAL:
                out.append(chr(av))
            elif op in (sre.NOT_LITERAL, sre.IN, sre.ANY):
                out.append((self.accepts([(op, av)]) or ["a"])[0])
            elif op is sre.BRANCH:
                out.append(min((self.witness(list(alt)) for alt in av[1]), key=len))
            elif op is sre.SUBPATTERN:
                out.append(self.witness(list(av[3])))
            elif op is sre.ATOMIC_GROUP:
                out.append(self.witness(list(av)))
            elif op in REPEATS:
                out.append(self.witness(list(av[2])) * av[0])
            elif op not in (*ZERO_WIDTH, sre.GROUPREF):
                raise AssertionError(f"the generator does not know {op}")
        return "".join(out)

    def repeats(self, nodes: Nodes, before: str = "") -> Iterator[tuple[str, Nodes]]:
        """Every part repeated more than once, with a string that leads to it."""
        for i, (op, av) in enumerate(nodes):
            here = before + self.witness(nodes[:i])
            if op in REPEATS:
                if av[1] > 1:
                    yield here, list(av[2])
                yield from self.repeats(list(av[2]), here)
            elif op is sre.BRANCH:
                for alt in av[1]:
                    yield from self.repeats(list(alt), here)
            elif op is sre.SUBPATTERN:
                yield from self.repeats(list(av[3]), here)
            elif op is sre.ATOMIC_GROUP:
                yield from self.repeats(list(av), here)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                yield from self.repeats(list(av[1]), here)

    def first(self, nodes: Nodes) -> tuple[set[str], bool]:
        """The characters that can start a match of ``nodes``, and whether it can be empty."""
        out: set[str] = set()
        for op, av in nodes:
            chars, empty = self._first(op, av)
            out |= chars
            if not empty:
                return out, False
        return out, True

    def _first(self, op: Any, av: Any) -> tuple[set[str], bool]:
        if op in ZERO_WIDTH:
            return set(), True
        if op is sre.LITERAL:
            return {chr(av)}, False
        if op in (sre.NOT_LITERAL, sre.IN, sre.ANY):
            return set(self.accepts([(op, av)])), False
        if op is sre.BRANCH:
            found = [self.first(list(alt)) for alt in av[1]]
            return set().union(*(f[0] for f in found)), any(f[1] for f in found)
        if op is sre.SUBPATTERN:
            return self.first(list(av[3]))
        if op is sre.ATOMIC_GROUP:
            return self.first(list(av))
        if op in REPEATS:
            chars, empty = self.first(list(av[2]))
            return chars, empty or av[0] == 0
        return set(self.alphabet), True  # a back-reference: anything


def _kind(c: str) -> str:
    if not c.isascii():
        return "surrogate" if "\ud800" <= c <= "\udfff" else "letter" if c.isalpha() else "other"
    return "lower" if c.islower() else "upper" if c.isupper() else "digit" if c.isdigit() else c


def attacks(pattern: re.Pattern[Any]) -> list[Attack]:
    """The hostile inputs for ``pattern``: for each repeated part (and the whole pattern),
    what leads to it, then a run of what it accepts (one character of each kind, all kinds
    mixed, its shortest match), then an end it refuses (an ASCII character, another
    script's, a letter or digit)."""
    regex = _Regex(pattern)
    found: dict[Attack, None] = {}
    # The whole pattern counts as repeated: a run of its matches, or of what starts one.
    for before, body in [("", regex.nodes), *regex.repeats(regex.nodes)]:
        accepted = regex.accepts(body)
        kinds: dict[str, str] = {}
        for c in accepted:
            kinds.setdefault(_kind(c), c)  # the first of each kind
        pumps = [*kinds.values(), "".join(kinds.values()), regex.witness(body)]
        refused = [c for c in regex.alphabet if c not in accepted]
        ends = [  # (a text's own end is one too: the end of its last attack's run)
            *refused[:1],
            *[c for c in refused if not c.isascii()][:1],
            *[c for c in refused if c.isalnum()][:1],
        ]
        for pump in filter(None, pumps):
            for end in ends:
                found[(before, pump, end)] = None
    return list(found)


def hostile_texts(pattern: re.Pattern[Any], size: int) -> list[Any]:
    """The attacks on ``pattern`` as texts of ``size`` characters, ``SEGMENTS`` attacks to a
    text (each an equal share of its length: one quadratic share still shows, see
    ``test_the_generator_catches_the_patterns_it_replaced``)."""
    regex = _Regex(pattern)
    found = attacks(pattern)
    texts = []
    for i in range(0, len(found), SEGMENTS):
        group = found[i : i + SEGMENTS]
        share = size // len(group)
        parts = []
        for before, pump, end in group:
            count = max(1, (share - len(before) - len(end)) // len(pump))
            parts.append(before + pump * count + end)
        texts.append(regex.text("".join(parts)))
    return texts


# --- timing by ratio --------------------------------------------------------------------


def _seconds(work: Callable[[], object]) -> float:
    """The CPU time ``work`` takes: time spent waiting for a core on a busy machine does
    not count."""
    enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection is no part of the work
    try:
        start = time.thread_time()
        work()
        return time.thread_time() - start
    finally:
        if enabled:
            gc.enable()


def growth(run: Callable[[Any], object], small: Any, large: Any) -> float:
    """How many times longer ``run(large)`` takes than ``run(small)``: the best of up to
    ``ROUNDS`` rounds, stopping as soon as it is within ``RATIO``."""
    run(small)  # compile, fill caches
    best_small = best_large = float("inf")
    for _ in range(ROUNDS):
        best_small = min(best_small, _seconds(lambda: run(small)))
        best_large = min(best_large, _seconds(lambda: run(large)))
        if best_large <= RATIO * best_small:
            break
    return best_large / max(best_small, 1e-9)


def _finditer(pattern: re.Pattern[Any]) -> Callable[[Any], object]:
    """How the engine runs its own patterns, or more: every match (``search``,
    ``fullmatch``, ``split`` and ``sub`` cost no more)."""
    return lambda text: sum(1 for _ in pattern.finditer(text))


def _phrase_run(target: int) -> Callable[[str], object]:
    """The engine's own loop over one phrase regex (every match, overlapping ones too), as
    if the phrase index had named it."""
    ix = _index.index()

    class One:
        targets = ix.targets

        @staticmethod
        def candidates(padded: str, tokens: list[str] | None = None) -> tuple[int, ...]:
            return (target,)

    def run(text: str) -> object:
        out: list[_engine.Hit] = []
        _engine._scan(cast(_index.Index, One), f" {text} ", out)
        return out

    return run


# --- what the engine runs ---------------------------------------------------------------

_MODULES: tuple[ModuleType, ...] = (
    _clause, _engine, _garbled, _index, _rules, _text, config, report,
)
# Compiled patterns that never see the text being linted.
NOT_ON_TEXT = {
    "_index._WORD": "splits the rule data's present-words",
    "_rules.CODE_RE": "checks a rule's code",
    "_rules.NAME_RE": "checks a rule's name",
    "_clause._ENTRY": "checks a word class entry",
    "_clause._GAP": "reads a clause term",
}


def _module_patterns() -> dict[str, re.Pattern[Any]]:
    for module in _MODULES:  # a regex compiled on first use: compile it now
        for value in list(vars(module).values()):
            if isinstance(value, _text.LazyPattern):
                value.compiled()
    return {
        f"{module.__name__.rpartition('.')[2]}.{name}": value
        for module in _MODULES
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern)
    }


ENGINE = {k: v for k, v in sorted(_module_patterns().items()) if k not in NOT_ON_TEXT}
PHRASES = [
    (f"{rule.code}#{i}", i, phrase)
    for i, (_, rule, phrase) in enumerate(_index.index().targets)
]


def test_every_regex_the_engine_runs_is_attacked() -> None:
    """A new compiled pattern in the lint package is attacked below, or says why not."""
    assert set(NOT_ON_TEXT) <= set(_module_patterns())
    assert {"_engine._MARKER", "_engine._CAPS_RUN", "_engine._CAPS_RUN_MARKS",
            "_engine._SURROGATE"} <= set(ENGINE)
    phrases = Counter(rule.code for role, rule, _ in _index.index().targets
                      if role == _index.PHRASE)
    assert phrases == {r.code: len(r.patterns) for r in rules() if r.patterns}
    for name, pattern in ENGINE.items():
        assert attacks(pattern), f"{name} has no repeated part to attack: list it apart"


@pytest.mark.parametrize("name", list(ENGINE))
def test_engine_regex_is_linear_on_its_attacks(name: str) -> None:
    pattern = ENGINE[name]
    run = _finditer(pattern)
    for small, large in zip(hostile_texts(pattern, SMALL), hostile_texts(pattern, LARGE),
                            strict=True):
        ratio = growth(run, small, large)
        assert ratio <= RATIO, f"{name}: 10x the text costs {ratio:.0f}x the time"


def test_every_phrase_regex_is_linear_on_its_attacks() -> None:
    """Every rule's phrase regex, run by the engine's own loop on its attacks."""
    slow = []
    for name, target, phrase in PHRASES:
        pattern = re.compile(phrase.source)
        run = _phrase_run(target)
        for small, large in zip(hostile_texts(pattern, SMALL), hostile_texts(pattern, LARGE),
                                strict=True):
            ratio = growth(run, small, large)
            if ratio > RATIO:
                slow.append(f"{name} ({phrase.source[:60]}...): {ratio:.0f}x")
    assert not slow, f"10x the text costs more than {RATIO}x the time:\n" + "\n".join(slow)


# --- the generator catches what it must -------------------------------------------------

# The patterns this work replaced (each quadratic on some input), and a classic: the
# trailing-whitespace regex that took a large site down in 2016. (An exponential one,
# such as "(a+)+b", would never finish: the static check below finds those.)
REPLACED = {
    "draft marker XXX+": r"XXX+(?!\w)|TODO(?!\w)|INSERT(?: [A-Z]+){0,4}(?!\w)|___+",
    "capitals on any text": r"[A-Z][A-Z0-9']*(?:[ ,]+[A-Z][A-Z0-9']*)+(?![\w/&\-])",
    "capitals in the marks": r"A[A0']*(?: +A[A0']*)+(?![Aa0\[/])",
    "a space run before another": r" i +(?:deserve|earned| +ve +earned) +(?:this|the)",
    "trailing whitespace": r"\s+$",
}


@pytest.mark.parametrize("name", list(REPLACED))
def test_the_generator_catches_the_patterns_it_replaced(name: str) -> None:
    """Each replaced pattern is super-linear on one of its generated texts (at a tenth of
    the sizes above, so that the slow ones still finish quickly)."""
    pattern = re.compile(REPLACED[name])
    run = _finditer(pattern)
    ratios = [
        growth(run, small, large)
        for small, large in zip(hostile_texts(pattern, SMALL // 10),
                                hostile_texts(pattern, LARGE // 10), strict=True)
    ]
    assert max(ratios) > RATIO, ratios


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"XXX+(?!\w)", [("", "XXX", "a"), ("", "XXX", "é"), ("XX", "X", "a"), ("XX", "X", "é")]),
    (r"a\d*b", [("", "ab", "a"), ("", "ab", "é"),
                ("a", "0", "a"), ("a", "0", "é"),
                ("a", "\u0663", "a"), ("a", "\u0663", "é"),
                ("a", "0\u0663", "a"), ("a", "0\u0663", "é")]),
    ("[\ud800-\udfff]", [("", "\ud800", "a"), ("", "\ud800", "é")]),
    (r"(?<![A-Z])[a-z]", [("", "a", "A"), ("", "a", "é")]),  # one kind of letter
])
def test_attacks_lead_to_each_repeat_and_end_where_it_refuses(
    pattern: str, expected: list[Attack]
) -> None:
    assert attacks(re.compile(pattern)) == expected


# --- the rewritten patterns find what the old ones found ------------------------------

# The engine's patterns as they were before they were made linear, and which group of
# the new pattern is the old match (the capitals now skip what comes before the run).
BEFORE: dict[str, tuple[str | bytes, int]] = {
    "_engine._MARKER": (REPLACED["draft marker XXX+"].replace(
        "TODO(?!\\w)|", "TODO(?!\\w)|TB[DA](?!\\w)|FIXME(?!\\w)|TKTK(?!\\w)|"), 0),
    "_engine._CAPS_RUN": (REPLACED["capitals on any text"], 1),
    "_engine._CAPS_RUN_MARKS": (REPLACED["capitals in the marks"].encode(), 1),
    "_engine._CAPS_ADJACENT": (r"[A-Z](?:[ ,]+[A-Z][A-Z]|[A-Z][ ,]+[A-Z])", 0),
    "_engine._CAPS_ADJACENT_MARKS": (rb"A(?: +AA|A +A)", 0),
    "_engine._BRACKET": (r"\[([^\[\]\n]{1,60})\](?!\()", 0),
    "_engine._TEMPLATE": (
        r"\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}|\$\{[^{}\n]{1,60}\}"
        r"|\{[A-Za-z_][A-Za-z0-9_.]{0,40}\}|%\([A-Za-z_]{1,40}\)s", 0),
    "_engine._ANGLE": (r"<([A-Za-z][A-Za-z _-]{0,40})>", 0),
    "_engine._SLOT_WORD": (_engine._SLOT_WORD.pattern.replace("x++", "x+"), 0),
    "_engine._TITLE_WORDS": (r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,4}", 0),
}
_SURFACE = st.lists(st.sampled_from([
    *"AXBIa9'0 ,._-/&!$%[]{}()<>\n\u00e9\u00c4",
    "XX", "XXX", "TODO", "TBD", "INSERT", "FIXME", "___", "{{", "}}", "{%", "%}", "${",
    "%(", ")s", "Your Name", "NAME", "xx", "CD", "I NEED", "9AB", "'A",
]), max_size=25).map("".join)
_MARKS = st.text("Aa0 [/'.", max_size=40).map(str.encode)


@settings(max_examples=300, deadline=None)
@given(text=_SURFACE, marks=_MARKS)
@example(text="{%%} {% a %} b %} XXXX aXXX INSERT NAME HERE9 'AB CD'x", marks=b"0'AA A'a A")
def test_the_linear_patterns_find_what_the_backtracking_ones_found(
    text: str, marks: bytes
) -> None:
    """Same matches, same places, same groups (on short texts, where the old ones were
    quick)."""
    for name, (source, group) in BEFORE.items():
        new, old = ENGINE[name], re.compile(source)
        subject: Any = marks if isinstance(source, bytes) else text
        assert [(m.span(group), m.groups()[group:]) for m in new.finditer(subject)] == [
            (m.span(), m.groups()) for m in old.finditer(subject)
        ], name
        if group == 0:  # (only whole matches can be compared as whole matches)
            assert (new.fullmatch(subject) is None) == (old.fullmatch(subject) is None), name


@pytest.mark.parametrize(("text", "found"), [
    ("{% if x %}", [("FM502", 0, 10)]),
    ("{%%}", [("FM502", 0, 4)]),  # the "%" of "%}" is given back to close the tag
    ("{% a %} b %}", [("FM502", 0, 7)]),
    ("{{ name }}", [("FM502", 0, 10)]),
    ("{{}}", [("FM502", 0, 4)]),
    ("${company}", [("FM502", 0, 10)]),
    ("{company}", [("FM502", 0, 9)]),
    ("%(name)s", [("FM502", 0, 8)]),
    ("[Your Name]", [("FM501", 0, 11)]),
    ("[Your Name](http://x)", []),  # a Markdown link
    ("<Company Name>", [("FM503", 0, 14)]),
    ("<b>", []),  # HTML
    ("XXXX", [("FM504", 0, 4)]),
    ("aXXXX", []),
    ("INSERT NAME HERE", [("FM504", 0, 16)]),
    ("___", [("FM504", 0, 3)]),
    ("TBD", [("FM504", 0, 3)]),
])
def test_placeholders_are_found_where_they_were(
    text: str, found: list[tuple[str, int, int]]
) -> None:
    """The rewritten placeholder and marker patterns, through the whole linter."""
    for variant in (text, text + " \u00e9"):
        got = [(f.code, f.start, f.end) for f in lint(variant).findings
               if f.category == "placeholder"]
        assert got == found, variant


@pytest.mark.parametrize(("text", "span"), [
    ("WE NEED THIS NOW", (0, 16)),
    ("I NEED THIS JOB", (0, 15)),
    ("'WE NEED THIS", (1, 13)),  # an apostrophe before the run is skipped
    ("0'ABC DEFG HIJK", (2, 15)),  # so are digits, when a non-word precedes them
    ("9ABC DEFG HIJK", None),  # the run starts inside a word
    ("AB9 CDEF GHIJ", (0, 13)),
    ("ABC'D EFGH IJKL", (0, 15)),
    ("iOS AND ANDROID NOW", None),
    ("USA AND NASA", None),  # acronyms and one short word
    ("INSERT TOPIC HERE", None),  # a draft marker, not shouting
])
def test_shouting_is_found_where_it_was_on_any_text(
    text: str, span: tuple[int, int] | None
) -> None:
    """The capitals run found by the rewritten patterns, on ASCII text (the marks) and on
    the same text made non-ASCII."""
    for variant in (text, text + " \u00e9"):
        found = [(f.start, f.end) for f in lint(variant).findings if f.code == "FM403"]
        assert found == ([] if span is None else [span]), variant


# --- static checks ----------------------------------------------------------------------


def ambiguities(pattern: re.Pattern[Any]) -> list[str]:
    """Repeats followed by something that can start with what they repeat. Unbounded and
    greedy, a failing attempt tries every split of a run between the two (quadratic, or
    worse when nested); possessive, what follows can never match there (a dead branch,
    such as "i +(?:earned| +ve earned)" once its runs were made possessive)."""
    regex = _Regex(pattern)
    found: list[str] = []

    def walk(nodes: Nodes, follow: set[str]) -> None:
        for i, (op, av) in enumerate(nodes):
            rest, empty = regex.first(nodes[i + 1 :])
            after = rest | follow if empty else rest
            if op in REPEATS:
                body = list(av[2])
                starts, _ = regex.first(body)
                shared = starts & after
                if op is sre.POSSESSIVE_REPEAT and shared:
                    found.append(f"{regex.witness(body)!r} run, then dead {sorted(shared)}")
                elif av[1] == sre.MAXREPEAT and shared:
                    found.append(f"{regex.witness(body)!r} repeated, then {sorted(shared)}")
                walk(body, after | starts)
            elif op is sre.BRANCH:
                for alt in av[1]:
                    walk(list(alt), after)
            elif op is sre.SUBPATTERN:
                walk(list(av[3]), after)
            elif op is sre.ATOMIC_GROUP:
                walk(list(av), after)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(list(av[1]), set())

    walk(regex.nodes, set())
    return found


def test_no_regex_can_split_a_run_two_ways() -> None:
    found = {name: ambiguities(p) for name, p in ENGINE.items()}
    found.update({name: ambiguities(re.compile(ph.source)) for name, _, ph in PHRASES})
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize(("pattern", "found"), [
    (r" i +(?:earned| +ve)", 1),
    (r" i ++(?:earned| ++ve)", 1),  # " ++ve" can never match
    (r"(?:a+)+b", 1),
    (r"x +y", 0),
    (r"x ++y", 0),
    (r"x ++ y", 1),
    (r"x[a-z]{0,9}+[0-9]", 0),
    (r"x[a-z]{0,9}+z", 1),
    (r"[A-Z]*(?:,[A-Z]*)+", 0),
])
def test_ambiguities_are_found(pattern: str, found: int) -> None:
    assert len(ambiguities(re.compile(pattern))) == found


def _has_assertion(nodes: Nodes) -> bool:
    for op, av in nodes:
        if op in ZERO_WIDTH:
            return True
        inner: list[Nodes] = (
            [list(alt) for alt in av[1]] if op is sre.BRANCH
            else [list(av[3])] if op is sre.SUBPATTERN
            else [list(av[2])] if op in REPEATS
            else []
        )
        if any(_has_assertion(n) for n in inner):
            return True
    return False


def space_run_gives_back(phrase: str) -> bool:
    """Whether a space run of ``phrase`` can be followed, up to the end of the pattern or
    of its look-around, by nothing but empty matches and an assertion: a greedy run could
    then give a space back to satisfy the assertion, where a possessive run fails."""
    regex = _Regex(re.compile(phrase))

    def walk(nodes: Nodes, tail: bool) -> bool:
        # tail: what follows ``nodes`` up to the end of its body can be an empty match
        # through an assertion.
        for i, (op, av) in enumerate(nodes):
            rest = nodes[i + 1 :]
            _, empty = regex.first(rest)
            risky = empty and (tail or _has_assertion(rest))
            if op in REPEATS:
                if list(av[2]) == [(sre.LITERAL, 32)] and risky:
                    return True
                if walk(list(av[2]), risky):
                    return True
            elif op is sre.BRANCH:
                if any(walk(list(alt), risky) for alt in av[1]):
                    return True
            elif op is sre.SUBPATTERN:
                if walk(list(av[3]), risky):
                    return True
            elif op in (sre.ASSERT, sre.ASSERT_NOT) and walk(list(av[1]), False):
                return True
        return False

    return walk(regex.nodes, False)


def test_no_phrase_regex_gives_a_space_back() -> None:
    """Which is what makes its possessive space runs find what greedy ones find (see
    ``_index._regex_text``)."""
    assert [name for name, _, ph in PHRASES if space_run_gives_back(ph.source)] == []


@pytest.mark.parametrize(("phrase", "gives_back"), [
    (" bump ++this *+(?:e *+mail)?(?![a-z0-9])", True),  # before the rewrite
    (" bump ++this(?: *+(?:e *+mail))?(?![a-z0-9])", False),
    (" any ++news(?! ++(?:on|about) ++)", False),  # the end of a look-ahead is its own
    (" any ++news(?! ++on ++the ++(?!hiring))", True),  # before the rewrite
    (" any ++news(?! ++on ++the\\b(?! ++hiring))", False),
    (" when ++you(?: ++ll| ++will)? ++decide", False),
])
def test_a_space_run_that_can_give_a_space_back_is_found(phrase: str, gives_back: bool) -> None:
    assert space_run_gives_back(phrase) is gives_back


def _space_runs(nodes: Nodes) -> Iterator[Any]:
    """The opcode of every repeat of a plain space in ``nodes``."""
    for op, av in nodes:
        if op in REPEATS:
            if list(av[2]) == [(sre.LITERAL, 32)]:
                yield op
            yield from _space_runs(list(av[2]))
        elif op is sre.BRANCH:
            for alt in av[1]:
                yield from _space_runs(list(alt))
        elif op is sre.SUBPATTERN:
            yield from _space_runs(list(av[3]))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            yield from _space_runs(list(av[1]))


def test_every_space_run_of_a_phrase_regex_is_possessive() -> None:
    """So a failing attempt never walks back through a run of spaces (long ones are what
    punctuation becomes in the words text: "when will you!!!!!!...")."""
    greedy = [
        name for name, _, ph in PHRASES
        if any(op is not sre.POSSESSIVE_REPEAT for op in _space_runs(_Regex(re.compile(
            ph.source)).nodes))
    ]
    assert greedy == []
    runs = sum(len(list(_space_runs(_Regex(re.compile(ph.source)).nodes)))
               for _, _, ph in PHRASES)
    assert runs > 2 * len(PHRASES)  # the walk does find them


def test_possessive_space_runs_find_what_greedy_ones_find() -> None:
    """Every phrase regex, possessive as the engine compiles it and greedy as before, on
    its own attacks at a small size and on every rule example's words."""
    from followup_mail.linting._engine import words_of

    examples = [
        f" {words_of(e)} " for r in rules() for e in (*r.examples_flag, *r.examples_pass)
    ]
    for name, _, phrase in PHRASES:
        possessive = re.compile(phrase.source)
        greedy = re.compile(phrase.source.replace("++", "+").replace("*+", "*"))
        for text in [*hostile_texts(possessive, 400), *examples]:
            spans = [m.span() for m in possessive.finditer(text)]
            assert spans == [m.span() for m in greedy.finditer(text)], (name, text)


# --- the whole linter -------------------------------------------------------------------

ACME = InterviewNotes.model_validate({
    "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
    "company": "Acme", "role": "Data Platform Engineer",
    "interviewed_at": "2026-11-24T10:00:00-05:00",
    "interviewers": [
        {"name": "Ana Lima", "topics": ["moving the nightly batch jobs to streaming"]},
        {"name": "Bo Chen", "topics": ["the cost of the Snowflake warehouse"]},
    ],
    "strengths": ["migrating the billing pipeline to Flink"],
})


def _repeat(unit: str, size: int, end: str = "") -> str:
    return (unit * (size // len(unit) + 1))[: size - len(end)] + end


# (name, text of a given size): every check's hostile shape, the two reports
# first, then each family of the engine's patterns' attacks, as the linter gets them.
FAMILIES: dict[str, Callable[[int], str]] = {
    "issue: xxx then a run of X": lambda n: "xxx " + "X" * (n - 5) + "a",
    "issue: capitals then non-ASCII then a run of A": lambda n: "AB CD é " + "A" * (n - 8),
    "capitals then ASCII punctuation then a run of A": lambda n: "AB CD ! " + "A" * (n - 8),
    "words in capitals then a slash": lambda n: _repeat("I NEED ", n, "/"),
    "a run of capitals and digits": lambda n: _repeat("A9'", n, "é"),
    "INSERT and long capitals": lambda n: "INSERT " + "A" * (n - 8) + "a",
    "lone surrogates": lambda n: _repeat("ab \ud800\udfff ", n),
    "a surrogate in a long word": lambda n: "\ud83d" + "x" * (n - 2) + "\ude00",
    "mixed scripts": lambda n: _repeat("Ab é Ω ж 中 ٣ ", n),
    "one very long word": lambda n: "a" * n,
    "one very long non-ASCII word": lambda n: "é" * n,
    "many lines": lambda n: _repeat("x\n", n),
    "many empty lines": lambda n: "\n" * n,
    "one long sentence": lambda n: _repeat("word ", n),
    "spaces after a phrase start": lambda n: "when will you" + " " * (n - 14) + "x",
    "punctuation after a phrase start": lambda n: "i am" + "!" * (n - 5) + "x",
    "phrase starts": lambda n: _repeat("when will you ", n),
    "rule examples": lambda n: _repeat(
        " ".join(e for r in rules() for e in r.examples_flag), n),
    "brackets": lambda n: _repeat("[a", n),
    "nested brackets": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "template braces": lambda n: _repeat("{{", n),
    "template percent": lambda n: _repeat("{% a %", n),
    "angles": lambda n: _repeat("<a ", n),
    "underscores": lambda n: "_" * n,
    "exclamation marks": lambda n: _repeat("!! ", n),
    "controls and format characters": lambda n: _repeat("\x00\x1b\u200b\u202e\u2066\ufeff", n),
    "encoded words": lambda n: _repeat("=?utf-8?q?X=0D=0ABcc:_eve?= ", n),
    "huge numbers": lambda n: "9" * n,
}


def _lint_all(text: str) -> object:
    return lint(text, notes=ACME, subject=text, kind="reminder")


@pytest.mark.parametrize("name", list(FAMILIES))
def test_lint_is_linear_on_hostile_text(name: str) -> None:
    """The whole linter (body, subject, notes) on each hostile shape: 10x the text costs
    at most about 10x the time."""
    make = FAMILIES[name]
    assert len(make(SMALL)) == SMALL
    assert len(make(LARGE)) == LARGE
    ratio = growth(_lint_all, make(SMALL), make(LARGE))
    assert ratio <= RATIO, f"{name}: 10x the text costs {ratio:.0f}x the time"


def test_lint_is_linear_with_many_long_topics() -> None:
    """Many long topics, none cited: the personalization check looks for every one of
    their words in the whole text (linear in the text, times the size of the notes)."""
    topic = " ".join(f"subject{k}matter" for k in range(14))[:190]
    notes = InterviewNotes.model_validate({
        "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
        "company": "Acme", "role": "Data Platform Engineer",
        "interviewed_at": "2026-11-24T10:00:00-05:00",
        "interviewers": [
            {"name": f"Person {chr(65 + i)}", "topics": [f"{topic} {i} {k}" for k in range(20)]}
            for i in range(3)
        ],
    })

    def run(text: str) -> object:
        return lint(text, notes=notes)

    ratio = growth(run, _repeat("subject matter s ", SMALL), _repeat("subject matter s ", LARGE))
    assert ratio <= RATIO, f"10x the text costs {ratio:.0f}x the time"


@pytest.mark.parametrize("name", ["_engine._MARKER", "_engine._CAPS_RUN", "_engine._TEMPLATE",
                                  "_engine._CAPS_RUN_MARKS"])
def test_lint_is_linear_on_the_engine_regexes_attacks(name: str) -> None:
    """The attacks on the surface patterns, through the whole linter."""
    pattern = ENGINE[name]
    for small, large in zip(hostile_texts(pattern, SMALL), hostile_texts(pattern, LARGE),
                            strict=True):
        if isinstance(small, bytes):  # the marks of ASCII text: a text with those marks
            small, large = small.decode("latin-1"), large.decode("latin-1")
        ratio = growth(_lint_all, small, large)
        assert ratio <= RATIO, f"{name}: 10x the text costs {ratio:.0f}x the time"


# --- lone surrogates --------------------------------------------------------------------


def _readable(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


@pytest.mark.parametrize(("text", "subject"), [
    ("\ud800", None),
    ("ok", "abc \udfff"),
    ("\udfff\ud800", "\ud800"),
    ("Hi [Your Name] \ud83d\ude00 TODO", "TODO \udc80 [Company]"),
])
def test_lone_surrogates_lint_as_replacement_characters(text: str, subject: str | None) -> None:
    """The issue's two reports, and more: no UnicodeEncodeError; the findings are those of
    the text with U+FFFD for each lone surrogate, at the same offsets; JSON works."""
    got = lint(text, subject=subject)
    assert got == lint(_readable(text), subject=None if subject is None else _readable(subject))
    json.loads(got.to_json())


def test_a_surrogate_inside_a_quoted_match_is_shown_as_a_replacement_character() -> None:
    text = "Dear [Your \udc80 Name], TODO"
    (bracket,) = [f for f in lint(text).findings if f.code == "FM501"]
    assert (bracket.start, bracket.end) == (5, 18)
    assert '"[Your \ufffd Name]"' in bracket.message


# --- properties -------------------------------------------------------------------------

EVERY_CHARACTER = st.characters(exclude_categories=())  # lone surrogates too
_WORDS = sorted({w for r in rules() for e in r.examples_flag for w in e.split()})
PIECES = st.sampled_from([
    *_WORDS[:: max(1, len(_WORDS) // 120)],
    "XXX", "XXXX", "TODO", "TBD", "INSERT", "___", "[Your Name]", "{{ name }}", "{% x %}",
    "${x}", "{company}", "%(name)s", "<Name>", "<b>", "I NEED", "THIS JOB", "CI/CD", "!!",
    "\u2019", "\u00a0", "\u2028", "\u2029", "\x85", "\x00", "\x1b", "\u200b", "\u202e",
    "\u2066", "\ufeff", "\ud800", "\udfff", "\ud83d\ude00", "=?utf-8?q?=E2=80=AEgnp?=",
    "=?utf-8?b?AA==?=", "=??b?=2C", "Ω", "ж", "中文", "٣", "\u212a", "9" * 40,
    "[" * 30, "{" * 30, "(" * 30, "<" * 30, "\n" * 5, " " * 30,
])
HOSTILE = st.lists(
    st.one_of(PIECES, st.text(EVERY_CHARACTER, max_size=12)), max_size=30
).map("".join)


@settings(max_examples=200, deadline=None)  # about 2 s
@given(
    text=HOSTILE,
    subject=st.none() | HOSTILE,
    kind=st.sampled_from(["thank_you", "reminder"]) | st.text(max_size=10),
    interviewer=st.none() | st.sampled_from(["Ana", "Bo Chen", 0, -2, 5, 10**30]) | HOSTILE,
    with_notes=st.booleans(),
)
def test_lint_of_any_str_raises_only_followup_mail_errors(
    text: str, subject: str | None, kind: str, interviewer: str | int | None,
    with_notes: bool,
) -> None:
    """Any text and subject, any kind and interviewer: a report, or a FollowupMailError
    (an unknown kind or interviewer), never anything else."""
    with contextlib.suppress(FollowupMailError):
        lint(text, subject=subject, kind=kind,  # type: ignore[arg-type]
             notes=ACME if with_notes else None, interviewer=interviewer)


def _check_spans(text: str, subject: str | None, findings: tuple[report.Finding, ...]) -> None:
    phrase_rules = {r.code for r in rules() if r.patterns}
    for f in findings:
        source = text if f.field == "body" else subject
        assert source is not None
        assert 0 <= f.start <= f.end <= len(source), f
        if f.code in phrase_rules:  # a phrase starts and ends on a word
            assert source[f.start].isalnum(), f
            assert source[f.end - 1].isalnum(), f
        snippet = _readable(source[f.start : f.end])
        if f.code in ("FM501", "FM502", "FM503", "FM504") and len(snippet) <= 40:
            assert f'"{snippet}"' in f.message, f  # the quoted match is the span's text


@settings(max_examples=200, deadline=None)  # about 2 s
@given(text=HOSTILE, subject=st.none() | HOSTILE)
def test_every_span_indexes_the_text_as_given(text: str, subject: str | None) -> None:
    """Spans fall inside the field; a phrase's span starts and ends on a letter or digit; a
    placeholder's message quotes exactly the spanned text; surrogates change nothing but
    themselves; the report is valid JSON."""
    got = lint(text, subject=subject, notes=ACME)
    _check_spans(text, subject, got.findings)
    readable = lint(_readable(text), subject=None if subject is None else _readable(subject),
                    notes=ACME)
    assert got == readable
    json.loads(got.to_json())


@settings(max_examples=20, deadline=None)
@given(unit=HOSTILE.filter(bool), times=st.integers(1000, 20_000))
def test_huge_hostile_text_lints(unit: str, times: int) -> None:
    """Up to 200,000 characters of a repeated hostile piece."""
    text = (unit * times)[:200_000]
    got = lint(text, subject=text[:5000], notes=ACME)
    _check_spans(text, text[:5000], got.findings)


def test_deep_nesting_lints() -> None:
    for opening, closing in ("[]", "{}", "()", "<>", "\u201c\u201d"):
        text = opening * 50_000 + "TODO" + closing * 50_000
        got = lint(text)
        _check_spans(text, None, got.findings)
        assert [f.code for f in got.findings if f.code == "FM504"] == ["FM504"]
