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
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from importlib.resources import files
from itertools import islice
from operator import eq
from typing import TYPE_CHECKING, NamedTuple, cast

import re2

from ._cache import load_toml
from ._rules import Rule
from ._text import lazy

if TYPE_CHECKING:
    from ..models import InterviewNotes

__all__ = ["Garbled", "garbled_checks", "without_names"]

Hit = tuple[int, int, Rule, dict[str, object] | None]

# One alternative per kind of slip (the group's name is its key in garbled.toml's [why]):
# - two periods that are not part of an ellipsis, a path ("../") or a range ("1..9");
# - "?." or "!." (not "?..." nor "obj?.name");
# - two of ",;:" and "." in a row ("::" is code; ",..." an ellipsis);
# - a space before a comma, or before a period that ends a sentence (not ".NET", not a
#   spaced ellipsis ". . .");
# - a title with a comma straight after it ("Hi Dr.,": the name is missing).
_PUNCTUATION = lazy(
    globals(), "_PUNCTUATION",
    r"(?P<period_twice>(?<=[^\s.])\.\.(?![.\w/\\]))"
    r"|(?P<end_then_period>[?!]\.(?![.\w]))"
    r"|(?P<clash>(?:[,;][.,;:]|:[.,;])(?![.\w]))"
    r"|(?P<space_before>(?<=[\w)\]\"'\u201d\u2019])[ \t]++(?:,(?![.,\d])|\.(?![.\w]|[ \t]\.)))"
    r"|(?P<title_without_name>(?<![\w.])(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?+,)"
)
# Where text is not prose: a code span in backticks, and a token (what lies between
# spaces) holding "://", "@" or "www.": a URL or an e-mail address.
_CODE = lazy(globals(), "_CODE", r"`[^`\n]*+`")
_TOKEN = lazy(globals(), "_TOKEN", r"\S++")
# A blank line between two words: they are in different paragraphs.
_BLANK_LINE = lazy(globals(), "_BLANK_LINE", r"\n[ \t]*+\n")
# A preposition in lower case, then a capitalised word (not an acronym, not CamelCase)
# that a lower-case word follows: "about The audit", "in I led". Names and titles as
# written ("at The Home Depot") have a capital on the next word too.
_AFTER_PREPOSITION = lazy(
    globals(), "_AFTER_PREPOSITION",
    r"(?<![\w'\u2019\-])([a-z]++)[ \t]++([A-Z][a-z]*+)(?=[ \t]++[a-z])"
)


class _Data(NamedTuple):
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
    data = load_toml(files(package) / "rules" / "garbled.toml")
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


# What the RE2 gate tells (its entries, in order).
_SUSPECT, _PAIR = 0, 1


@cache
def _gate() -> re2.Set:
    """One RE2 set (a DFA over the text's UTF-8, about a microsecond for an email): entry
    ``_SUSPECT`` matches wherever ``_PUNCTUATION`` or a flagged word after a preposition
    may (it has no look-arounds, so it matches more), ``_PAIR`` wherever two words of
    ``pairs`` are side by side. Built on first use."""
    data = _data()
    prepositions = "|".join(sorted(data.prepositions))
    words = "|".join(sorted({w.capitalize() for w in data.capitalised} | data.subjects))
    pairs = "|".join(pair.replace(" ", r"\s+") for pair in sorted(data.pairs))
    options = re2.Options()
    options.never_capture = True
    gate = re2.Set.SearchSet(options)
    gate.Add(
        r"\.\.|[?!]\.|[,;][.,;:]|:[.,;]|[ \t][,.]|(?:Dr|Prof|Mrs?|Ms|Mx)\.?,"
        rf"|(?:{prepositions})[ \t]+(?:{words})[ \t]+[a-z]"
    )
    gate.Add(rf"(?i)(?:{pairs})")
    gate.Compile()
    return gate


def _short(s: str) -> str:
    return s if len(s) <= 40 else s[:37] + "..."


def _names_as_written(notes: InterviewNotes | None) -> list[str]:
    """The names in the notes as written: people, greetings, titles, company and role."""
    if notes is None:
        return []
    texts = [notes.candidate.name, notes.company, notes.role]
    for person in notes.interviewers:
        texts += [person.name, person.greeting or "", person.title or ""]
    return [t for t in texts if t.strip()]


def _written(notes: InterviewNotes | None) -> list[str]:
    """Every note a text may quote as written: the names, topics, strengths and titles."""
    if notes is None:
        return []
    texts = _names_as_written(notes) + list(notes.topics) + list(notes.strengths)
    texts += [t for person in notes.interviewers for t in person.topics]
    texts += [m.title for m in notes.materials]
    return [t for t in texts if t.strip()]


def without_names(text: str, notes: InterviewNotes | None, mark: str) -> str:
    """*text* with *mark* blanked (a space, so offsets hold) inside every name written as
    in the notes that holds it: the "!" of "Yahoo!" is the company's, not the writer's."""
    for name in _names_as_written(notes):
        if mark in name and name in text:
            text = text.replace(name, name.replace(mark, " "))
    return text


def _names(notes: InterviewNotes | None) -> frozenset[str]:
    """The words of the names in the notes, as written."""
    words = (w for t in _names_as_written(notes) for w in t.split())
    return frozenset(w.strip(".,!?()'\u2019") for w in words)


def _is_a_name(title: str, notes: InterviewNotes | None) -> bool:
    """True when a whole name in the notes is *title* ("Dr" for "Dr,")."""
    title = title.rstrip(".,")
    return any(name.rstrip(".") == title for name in _names_as_written(notes))


def _prose_test(text: str, notes: InterviewNotes | None) -> Callable[[int, int], bool]:
    """A test of whether a span of *text* is prose: not inside code, a URL, an e-mail
    address or a note quoted as written ("Dots.. Studio", "Duran Duran"): the user's own
    words, which a check of what was added to them leaves alone."""
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
    """True when the character at *at*, beside a word, joins it to more letters or
    digits ("co-op", "don't", "AT&T", "a.b"): the word is part of a longer one."""
    beyond = at + step
    return (
        0 <= at < len(text) and not text[at].isspace()
        and 0 <= beyond < len(text) and text[beyond].isalnum()
    )


def _doubled(
    text: str, words: str, pair: bool, plain: list[str] | None = None
) -> Iterator[tuple[int, int, str]]:
    """Each run of one word said twice or more in a row (or a pair of ``pairs``, such as
    "position role"), with only spaces and at most one line break between: (start, end,
    the word as first written). *words* is the text's words text (*plain* its words, when
    the caller has them); *pair* says whether the text may hold a pair."""
    data = _data()
    if plain is None:
        plain = words.split()
    # Two equal words in a row in the words text (a C loop) before any work in Python.
    if not pair and not any(map(eq, plain, islice(plain, 1, None))):
        return
    found = {
        (a, b) for a, b in zip(plain, islice(plain, 1, None), strict=False)
        if (a == b and a.isalpha() and a not in data.repeated) or f"{a} {b}" in data.pairs
    }
    for first, second in sorted(found):
        for m in _run(first, second).finditer(text):
            start, end = m.span()
            if _BLANK_LINE.search(text, start, end) is None and not (
                _joined(text, start - 1, -1) or _joined(text, end, 1)
            ):
                yield start, end, m.group(1)


@lru_cache(maxsize=256)
def _run(first: str, second: str) -> re.Pattern[str]:
    """*first* then *second* once or more, whole words, in any case, with spaces between."""
    return re.compile(
        rf"(?<!\w)({re.escape(first)})(?:\s++{re.escape(second)}(?!\w))++", re.IGNORECASE
    )


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
        self,
        text: str,
        words: str,
        notes: InterviewNotes | None,
        out: list[Hit],
        plain: list[str] | None = None,
    ) -> None:
        """Add every garbled-text hit in *text* to *out*; *words* is its words text
        (lower-case letters and digits, anything else a space), *plain* its words when
        the caller has them."""
        is_prose: Callable[[int, int], bool] | None = None
        # One RE2 pass (a DFA, about a microsecond for an email) says whether the
        # punctuation or preposition checks can find anything; most texts hold neither.
        found = cast("list[int] | None", _gate().Match(text.encode(errors="replace"))) or ()
        suspect = _SUSPECT in found
        if self.punctuation is not None and suspect:
            data = _data()
            for m in _PUNCTUATION.finditer(text):
                if is_prose is None:
                    is_prose = _prose_test(text, notes)
                if is_prose(*m.span()):
                    kind = cast(str, m.lastgroup).replace("_", "-")
                    if kind == "title-without-name" and (
                        _is_a_name(m.group(), notes) or not is_prose(m.start(), m.end() - 1)
                    ):
                        continue  # the notes' own name for someone ("Hi Dr,", "Dear Li Mr,")
                    out.append((m.start(), m.end(), self.punctuation, {
                        "match": m.group(), "why": data.why[kind], "fix": data.fix[kind],
                    }))
        if self.doubled is not None:
            for start, end, word in _doubled(text, words, _PAIR in found, plain):
                if is_prose is None:
                    is_prose = _prose_test(text, notes)
                if is_prose(start, end):
                    match = _short(" ".join(text[start:end].split()))
                    out.append((start, end, self.doubled, {"match": match, "word": word.lower()}))
        if self.preposition is not None and suspect:
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
                    # (After "to" a verb phrase is an infinitive: "to redesign the flow".)
                    if (preposition in prepositions and preposition != "to"
                            and (fitted := _fitted(note, kind)).lower() != core.lower()):
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
