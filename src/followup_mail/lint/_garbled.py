"""Garbled text (FM9xx): doubled or clashing punctuation, a doubled word, a
capitalised common word straight after a preposition, and a note pasted as written where
it does not fit.

These are the slips a note pasted into a sentence as written leaves behind ("our
conversation about The audit planned for the summer..", "the Data Engineer role role",
"My background in I led ..."), in a draft or a hand-edited email alike. Each check is
one regex pass in C over the text, and Python looks only at what it finds; the word
lists and the reasons the messages give are data in ``rules/garbled.toml``. The pasted-
note check asks the phrase grammar (:mod:`followup_mail.phrasing`) how a topic or
strength that the text quotes after a preposition fits there, so it runs only with notes
and only for a note the text holds as written.

Linear time: every regex here starts only where a word or a run starts (a
look-behind refuses the inside of one) and its repeats are possessive, so no attempt
backtracks through a run (``tests/test_security_lint.py`` attacks each one).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from itertools import islice
from operator import eq
from typing import cast

from ..models import InterviewNotes
from ._rules import Rule

__all__ = ["Garbled", "garbled_checks"]

Hit = tuple[int, int, Rule, dict[str, object] | None]

# One alternative per kind of slip (the group's name is its key in garbled.toml's [why]):
# - two periods that are not part of an ellipsis, a path ("../") or a range ("1..9");
# - "?." or "!." (not "?..." nor "obj?.name");
# - two of ",;:" and "." in a row ("::" is code; ",..." an ellipsis);
# - a space before a comma, or before a period that ends a sentence (not ".NET", not a
#   spaced ellipsis ". . .");
# - a title with a comma straight after it ("Hi Dr.,": the name is missing).
_PUNCTUATION = re.compile(
    r"(?P<period_twice>(?<=[^\s.])\.\.(?![.\w/\\]))"
    r"|(?P<end_then_period>[?!]\.(?![.\w]))"
    r"|(?P<clash>(?:[,;][.,;:]|:[.,;])(?![.\w]))"
    r"|(?P<space_before>(?<=[\w)\]\"'\u201d\u2019])[ \t]++(?:,(?![.,\d])|\.(?![.\w]|[ \t]\.)))"
    r"|(?P<title_without_name>(?<![\w.])(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?+,)"
)
# Quick test: can the text hold any of them? (``in`` runs in C; most texts hold none.)
_PUNCTUATION_MARKS = ("..", "?.", "!.", ",.", ",,", ",;", ",:", ";.", ";,", ";;", ";:",
                      ":.", ":,", ":;", " ,", " .", "\t,", "\t.", "Dr", "Prof", "Mr", "Ms",
                      "Mx")
# Where text is not prose: a code span in backticks, and a token (what lies between
# spaces) holding "://", "@" or "www.": a URL or an e-mail address.
_CODE = re.compile(r"`[^`\n]*+`")
_TOKEN = re.compile(r"\S++")
# A word for the doubled-word check: letters only ("10 10" is a number twice).
_WORD = re.compile(r"[^\W\d_]++")
# What may touch a word that is part of something else ("co-op", "don't", "a.b").
_JOINERS = frozenset("'\u2019-./@_")
# A preposition in lower case, then a capitalised word (not an acronym, not CamelCase)
# that a lower-case word follows: "about The audit", "in I led". Names and titles as
# written ("at The Home Depot") have a capital on the next word too.
_AFTER_PREPOSITION = re.compile(
    r"(?<![\w'\u2019\-])([a-z]++)[ \t]++([A-Z][a-z]*+)(?=[ \t]++[a-z])"
)


@dataclass(frozen=True)
class _Data:
    prepositions: frozenset[str]
    capitalised: frozenset[str]
    subjects: frozenset[str]
    repeated: frozenset[str]
    pairs: frozenset[str]
    why: dict[str, str]
    fix: dict[str, str]


@cache
def _data() -> _Data:
    """The word lists and reasons of ``rules/garbled.toml``, read once."""
    package = __name__.rpartition(".")[0]
    text = (files(package) / "rules" / "garbled.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    words = cast(dict[str, list[str]], data["words"])
    return _Data(
        prepositions=frozenset(words["prepositions"]),
        capitalised=frozenset(words["capitalised"]),
        subjects=frozenset(words["subjects"]),
        repeated=frozenset(words["repeated"]),
        pairs=frozenset(words["pairs"]),
        why=cast(dict[str, str], data["why"]),
        fix=cast(dict[str, str], data["fix"]),
    )


@lru_cache(maxsize=4096)
def _core(note: str) -> str:
    """A note as a text would quote it: one space between words, no final punctuation."""
    return " ".join(note.split()).rstrip(".!?;:,\u2026 ")


@lru_cache(maxsize=4096)
def _fitted(note: str, kind: str) -> str:
    """The note as the phrase grammar fits it after a preposition."""
    from ..phrasing import strength_phrase, topic_phrase

    phrase = topic_phrase(note) if kind == "topic" else strength_phrase(note)
    return phrase.text


def _short(s: str) -> str:
    return s if len(s) <= 40 else s[:37] + "..."


def _written(notes: InterviewNotes | None) -> list[str]:
    """The names in the notes as written: people, greetings, titles, company and role."""
    if notes is None:
        return []
    texts = [notes.candidate.name, notes.company, notes.role]
    for person in notes.interviewers:
        texts += [person.name, person.greeting or "", person.title or ""]
    return [t for t in texts if t.strip()]


def _names(notes: InterviewNotes | None) -> frozenset[str]:
    """The words of the names in the notes, as written."""
    return frozenset(w.strip(".,!?()'\u2019") for t in _written(notes) for w in t.split())


def _prose_test(text: str, notes: InterviewNotes | None) -> Callable[[int, int], bool]:
    """A test of whether a span of *text* is prose: not inside code, a URL, an e-mail
    address or a name written as in the notes ("Yahoo!", "Acme Inc..", "Duran Duran")."""
    spans = [m.span() for m in _CODE.finditer(text)] if "`" in text else []
    if "@" in text or "://" in text or "www." in text:
        spans += [m.span() for m in _TOKEN.finditer(text)
                  if "@" in (t := m.group()) or "://" in t or "www." in t]
    for name in _written(notes):
        at = text.find(name)
        while at >= 0:
            spans.append((at, at + len(name)))
            at = text.find(name, at + 1)
    if not spans:
        return lambda _start, _end: True
    mask = bytearray(len(text))
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return lambda start, end: not (mask[start] and mask[end - 1])


def _joined(text: str, at: int, step: int) -> bool:
    """True when the character at *at*, beside a word, joins it to the next letters."""
    beyond = at + step
    return (
        0 <= at < len(text) and text[at] in _JOINERS
        and 0 <= beyond < len(text) and text[beyond].isalnum()
    )


def _doubled(text: str, pairs: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """Each run of one word said twice or more in a row (or two words of *pairs*, such
    as "position role"), with only spaces and at most one line break between: (start,
    end, the word as first written)."""
    run_start = run_end = -1
    first = previous = ""
    previous_end = -1
    for m in _WORD.finditer(text):
        word, start = m.group(), m.start()
        gap = text[previous_end:start] if previous_end >= 0 else ""
        same = (
            previous_end >= 0
            and (word.lower() == previous.lower() or f"{previous} {word}".lower() in pairs)
            and gap.isspace()
            and gap.count("\n") < 2
            and not _joined(text, previous_end - len(previous) - 1, -1)
            and not _joined(text, m.end(), 1)
        )
        if same:
            if run_start < 0:
                run_start, first = previous_end - len(previous), previous
            run_end = m.end()
        elif run_start >= 0:
            yield run_start, run_end, first
            run_start = -1
        previous, previous_end = word, m.end()
    if run_start >= 0:
        yield run_start, run_end, first


class Garbled:
    """The garbled-text checks that a lint configuration turns on."""

    __slots__ = ("doubled", "pasted", "preposition", "punctuation")

    def __init__(
        self,
        punctuation: Rule | None,
        doubled: Rule | None,
        preposition: Rule | None,
        pasted: Rule | None,
    ) -> None:
        self.punctuation = punctuation
        self.doubled = doubled
        self.preposition = preposition
        self.pasted = pasted

    def check(
        self, text: str, words: str, notes: InterviewNotes | None, out: list[Hit]
    ) -> None:
        """Add every garbled-text hit in *text* to *out*; *words* is its words text
        (lower-case letters and digits, anything else a space)."""
        is_prose: Callable[[int, int], bool] | None = None
        if self.punctuation is not None and any(m in text for m in _PUNCTUATION_MARKS):
            data = _data()
            for m in _PUNCTUATION.finditer(text):
                if is_prose is None:
                    is_prose = _prose_test(text, notes)
                if is_prose(*m.span()):
                    kind = cast(str, m.lastgroup).replace("_", "-")
                    out.append((m.start(), m.end(), self.punctuation, {
                        "match": m.group(), "why": data.why[kind], "fix": data.fix[kind],
                    }))
        if self.doubled is not None:
            # Two equal words in a row in the words text (C loops) before any in Python.
            plain = words.split()
            pairs = _data().pairs
            if any(map(eq, plain, islice(plain, 1, None))) or any(
                f" {pair} " in words for pair in pairs
            ):
                for start, end, word in _doubled(text, pairs):
                    if word.lower() in _data().repeated:
                        continue
                    if is_prose is None:
                        is_prose = _prose_test(text, notes)
                    if is_prose(start, end):
                        match = _short(" ".join(text[start:end].split()))
                        out.append((start, end, self.doubled,
                                    {"match": match, "word": word.lower()}))
        if self.preposition is not None:
            data = _data()
            names: frozenset[str] | None = None
            for m in _AFTER_PREPOSITION.finditer(text):
                preposition, word = m.group(1), m.group(2)
                if preposition not in data.prepositions:
                    continue
                if word in data.subjects:
                    kind = "subject"
                elif word.lower() in data.capitalised:
                    kind = "capital"
                else:
                    continue
                if names is None:
                    names = _names(notes)
                if word in names:
                    continue  # a name as written in the notes ("with Do Kwon")
                if is_prose is None:
                    is_prose = _prose_test(text, notes)
                if is_prose(*m.span()):
                    out.append((m.start(), m.end(), self.preposition, {
                        "preposition": preposition, "word": word, "why": data.why[kind],
                        "fix": data.fix[kind],
                    }))
        if self.pasted is not None and notes is not None:
            self._pasted(text, notes, self.pasted, out)

    @staticmethod
    def _pasted(text: str, notes: InterviewNotes, rule: Rule, out: list[Hit]) -> None:
        """Each topic or strength written into the text as in the notes, straight after a
        preposition, where the phrase grammar would have changed more than a capital."""
        prepositions = _data().prepositions
        notes_texts = [(t, "topic") for p in notes.interviewers for t in p.topics]
        notes_texts += [(t, "topic") for t in notes.topics]
        notes_texts += [(s, "strength") for s in notes.strengths]
        for note, kind in notes_texts:
            core = _core(note)
            if len(core) < 3 or core not in text:  # most texts: one search in C
                continue
            at = text.find(core)
            while at >= 0:
                before = text[max(0, at - 40) : at]
                if before[-1:] in (" ", "\t") and before.split():
                    preposition = before.split()[-1]
                    fitted = _fitted(note, kind)
                    if preposition in prepositions and fitted.lower() != core.lower():
                        out.append((at, at + len(core), rule, {
                            "note": _short(core), "preposition": preposition,
                            "fitted": fitted,
                        }))
                at = text.find(core, at + len(core))


def garbled_checks(on: Callable[[str], Rule | None]) -> Garbled | None:
    """The checks *on* (check name -> its rule, or None when off) turns on; None if none."""
    rules = (on("garbled-punctuation"), on("doubled-word"), on("capitalised-after-preposition"),
             on("pasted-note"))
    if all(rule is None for rule in rules):
        return None
    return Garbled(*rules)
