"""How the engine narrows the clauses to try: what it reads once for many clauses must
give what reading each clause alone gives.

- :class:`Needs` says, for every clause at once, whether a text's or a sentence's class
  bits hold the classes the clause requires; it must agree with ``need & ~mask == 0``.
- Equal terms of different clauses share one compiled chain, so a sentence reads each
  term once; the answer is the sentence's, whichever clause asks.
- A sentence places its classes from its key words alone; the places must be those read
  from every word.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_mail import lint
from followup_mail.linting import _engine
from followup_mail.linting._clause import (
    SENTENCE_END,
    Compiled,
    Sentence,
    Term,
    _entry_in,
    _spans,
    class_index,
    compile_clause,
    holds,
)
from followup_mail.linting._engine import Needs


def _held(needs: list[int], mask: int) -> list[bool]:
    """What :class:`Needs` must answer, need by need."""
    return [need & ~mask == 0 for need in needs]


def _answer(needs: list[int], mask: int, shift: int) -> list[bool]:
    got = Needs(needs, shift).held(mask)
    return [bool(b) for b in got] if got else [False] * len(needs)


@pytest.mark.parametrize(("needs", "mask", "shift", "held"), [
    ([0b01, 0b10, 0b11], 0b01, 2, [True, False, False]),
    ([0b01, 0b10, 0b11], 0b11, 2, [True, True, True]),
    ([0b01, 0b10, 0b11], 0b00, 2, [False, False, False]),
    ([0], 0, 1, [True]),  # a clause that needs no class: every text may match
    # A full lane (every class bit of 8, the byte's spare bit on top of the next one).
    ([0xFF, 0x7F], 0x7F, 8, [False, True]),
    ([0xFF, 0x7F], 0xFF, 8, [True, True]),
    # The high bits of a mask (a class for certain, see ClassIndex) are not classes.
    ([0b1], 0b1 << 3, 3, [False]),
    ([1 << 85, 1], (1 << 85) | (1 << 86), 86, [True, False]),
])
def test_needs_says_which_needs_a_mask_holds(
    needs: list[int], mask: int, shift: int, held: list[bool]
) -> None:
    assert _answer(needs, mask, shift) == held


def test_needs_answers_nothing_held_with_an_empty_answer() -> None:
    """No need held: the answer is empty, which the engine reads as "stop here"."""
    assert Needs([0b11, 0b10], 2).held(0b01) == b""


@settings(max_examples=40, deadline=None)
@given(
    shift=st.integers(1, 120),
    data=st.data(),
)
def test_needs_agrees_with_one_test_per_need(shift: int, data: st.DataObject) -> None:
    """Any needs and any mask (the lane edges, every bit, none, bits above the classes):
    the one pass over all lanes answers as one test per need would."""
    top = (1 << shift) - 1
    bits = st.one_of(st.sampled_from([0, top, 1, 1 << (shift - 1)]), st.integers(0, top))
    needs = data.draw(st.lists(bits, min_size=1, max_size=40))
    mask = data.draw(st.one_of(bits, st.integers(0, (1 << (2 * shift)) - 1)))
    assert _answer(needs, mask & top, shift) == _held(needs, mask & top)
    # Bits above the classes never count, so they never make a need held.
    assert _answer(needs, mask, shift) == _held(needs, mask & top)


def test_equal_terms_of_two_clauses_share_one_chain() -> None:
    """Compiled with one dict, "request" in two clauses is one chain: a sentence reads it
    once and both clauses get that answer."""
    cx = class_index()
    terms: dict[Term, Compiled] = {}
    request: Term = (("request",), ())
    status: Term = (("status",), ())
    first = compile_clause(((request,), ()), cx, terms)
    second = compile_clause(((request,), (status,)), cx, terms)
    assert first.require[0] is second.require[0]
    alone = compile_clause(((request,), ()), cx)
    assert alone.require[0] == first.require[0]
    assert alone.require[0] is not first.require[0]
    sentence = Sentence(["could", "you", "let", "me", "know"], False, cx)
    assert holds(first, None, sentence)
    assert holds(second, None, sentence)
    # One chain read for both clauses.
    assert list(sentence.terms.values()) == [True]


@pytest.mark.parametrize("words", [
    "so i want to ask",
    "i wanted to ask whether you could share an update on the timeline",
    "could you let me know if there is any news",
    "let me know let me know",
    "i am very interested in the role",
    "",
])
def test_a_sentence_places_its_classes_from_its_key_words_as_from_every_word(
    words: str,
) -> None:
    cx = class_index()
    tokens = words.split()
    keys = cx.keys.intersection(tokens)
    for cls in cx.classes.values():
        assert sorted(_spans(cls, tokens, True, keys)) == sorted(_spans(cls, tokens, True))
        assert _entry_in(cls, tokens, keys) is _entry_in(cls, tokens)
    assert Sentence(tokens, False, cx).mask == cx.mask(tokens, False)
    assert Sentence(tokens, True, cx).keys == keys


@pytest.mark.parametrize(("text", "codes"), [
    # A status request, found by its clause rule (FM208) in the second sentence only.
    ("Thank you for the interview. Could you share an update on the timeline? "
     "I remain very interested in the role.", ["FM208"]),
    # No clause's classes at all: nothing more is read, nothing is lost.
    ("Thanks.", ["FM102", "FM701"]),
])
def test_the_narrowed_clauses_find_what_the_rules_say(text: str, codes: list[str]) -> None:
    assert sorted(f.code for f in lint(text).findings) == codes


def test_each_part_of_a_split_sentence_holds_only_its_own_key_words() -> None:
    """Cut at "and", each part's classes are those of its own words: "when is the
    decision" does not borrow "want" from the part before it."""
    cx = class_index()
    tokens = ["i", "want", "the", "role", "and", "when", "is", "the", "decision"]
    for part in Sentence(tokens, True, cx).parts(cx.classes["conjunction"]):
        assert part.keys == cx.keys.intersection(part.tokens)
        assert part.mask == cx.mask(part.tokens, part.question)


# What ends a sentence, written plainly (the engine's regex is written for speed).
_PLAIN_END = re.compile(r"[.?!;]+|\n[^\S\n]*\n")


@pytest.mark.parametrize(("text", "ends"), [
    ("One. Two? Three!", [(3, 4), (8, 9), (15, 16)]),
    ("Wait...?! Now", [(4, 9)]),
    ("a\nb", []),  # a single line break joins
    ("a\n \t\nb", [(1, 5)]),  # a blank line ends
    ("a;\n\nb", [(1, 2), (2, 4)]),
    ("\n\n\n", [(0, 2)]),
    ("e.g. 3.5", [(1, 2), (3, 4), (6, 7)]),
    ("", []),
])
def test_sentence_ends_are_runs_of_stops_or_blank_lines(
    text: str, ends: list[tuple[int, int]]
) -> None:
    assert [m.span() for m in SENTENCE_END.finditer(text)] == ends


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab .?!;\n\t\r\u00a0\u2028", max_size=40))
def test_sentence_ends_are_those_of_the_plain_definition(text: str) -> None:
    assert [m.span() for m in SENTENCE_END.finditer(text)] == [
        m.span() for m in _PLAIN_END.finditer(text)
    ]


def _hit(start: int, end: int, category: str) -> Any:
    return (start, end, SimpleNamespace(category=category), None)


@pytest.mark.parametrize(("hits", "span", "covered"), [
    ([(5, 10, "pushy")], (9, 12), True),        # overlaps by one character
    ([(5, 10, "pushy")], (10, 12), False),      # touches at the end: no overlap
    ([(5, 10, "pushy")], (0, 5), False),        # touches at the start: no overlap
    ([(5, 10, "pushy")], (0, 6), True),
    ([(5, 10, "tone")], (6, 8), False),         # another category never covers
    ([(0, 100, "pushy"), (10, 12, "pushy")], (50, 60), True),  # an earlier, longer hit
    ([(70, 80, "pushy"), (0, 3, "pushy")], (75, 90), True),    # hits in any order
    ([(70, 80, "pushy"), (0, 3, "pushy")], (20, 60), False),   # between two hits
    ([], (0, 10), False),
])
def test_a_clause_hit_is_dropped_only_where_a_phrase_hit_of_its_category_overlaps(
    hits: list[tuple[int, int, str]], span: tuple[int, int], covered: bool
) -> None:
    test = _engine._coverage([_hit(*h) for h in hits])
    assert test("pushy", *span) is covered
