"""Clause rules: a sentence matches when it holds words of the right classes.

A phrase rule lists sentences; a clause rule describes them. Its ``clauses`` say which
word classes (``[classes]`` in ``words.toml``) one sentence must hold (``require``) and
which veto it (``unless``): "a request form and the hiring process as its subject,
unless the candidate is offering something". A term is a class name, or classes in
order with at most N words between them (``"desire +3 news"``). Each class entry is
expanded once, on first use, to its inflections (lemminflect) and to its one-typo
variants that are not English words, so "updtae" is "update" and "heard" is "hear".

The text is read as the phrase rules read it: the words text (lower case, every
other character a space), split into sentences at ". ", "? ", "! ", "; " and blank
lines (a single line break joins, as in a wrapped sentence). A word written twice in a
row counts once ("any any update", "really, really").
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import product
from typing import cast

import re2

from ..errors import LintConfigError

__all__ = [
    "QUESTION", "ClassIndex", "Term", "WordClass", "class_index", "load_classes", "parse_term",
    "sentences", "matches",
]

_PACKAGE = __name__.rpartition(".")[0]
QUESTION = "?"  # the entry that stands for a question mark ending the sentence
_ENTRY = re.compile(r"[a-z0-9']+(?: [a-z0-9']+)*")
_GAP = re.compile(r"\+([0-9]{1,2})")
# Sentence ends: a run of ".?!;" (found at its first character only: see the linear-time
# note in _engine) before whitespace or the end, or a blank line.
_SENTENCE_END = re.compile(r"(?<![.?!;])[.?!;]++(?=\s|\Z)|\n[^\S\n]*+\n")
# Typo variants only for words this long: shorter ones collide with real words.
_TYPO_MIN = 6
_RE2_MEMORY = 16 << 20


@dataclass(frozen=True)
class WordClass:
    """One word class, expanded: single words, and longer entries by their first word."""

    name: str
    singles: frozenset[str]
    multi: dict[str, tuple[tuple[str, ...], ...]]
    question: bool

    def first_words(self) -> frozenset[str]:
        return self.singles | frozenset(self.multi)


# A term: its classes in order and the most words allowed between each and the next.
Term = tuple[tuple[str, ...], tuple[int, ...]]


def parse_term(term: str, known: Sequence[str], where: str) -> Term:
    """``"request"`` or ``"desire +3 news"``; ``where`` names the rule for errors."""
    parts = term.split()
    names: list[str] = []
    gaps: list[int] = []
    for i, part in enumerate(parts):
        if i % 2:
            m = _GAP.fullmatch(part)
            if m is None:
                raise LintConfigError(
                    f"{where}: the clause term {term!r} needs \"+N\" between its classes, "
                    f"not {part!r}."
                )
            gaps.append(int(m.group(1)))
        elif part not in known:
            raise LintConfigError(
                f"{where}: the clause term {term!r} names the unknown word class {part!r}."
            )
        else:
            names.append(part)
    if not names or len(parts) % 2 == 0:
        raise LintConfigError(f"{where}: the clause term {term!r} must end with a class.")
    return tuple(names), tuple(gaps)


def _lexicon() -> tuple[object, object]:
    from lemminflect import getAllInflections, getAllLemmas  # type: ignore[import-untyped]

    return getAllInflections, getAllLemmas


def _typos(word: str, is_word: object) -> set[str]:
    """One swap of neighbours or one dropped letter (never the first), if not a word."""
    if len(word) < _TYPO_MIN or not word.isalpha():
        return set()
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1)}
    out |= {word[:i] + word[i + 1:] for i in range(1, len(word))}
    out.discard(word)
    lemmas = cast("type[dict[str, object]]", is_word)
    return {w for w in out if not lemmas(w)}  # type: ignore[operator]


def _forms(word: str, inflect: object, is_word: object) -> set[str]:
    forms = {word}
    if word.isalpha() and len(word) > 2:
        found = cast("dict[str, tuple[str, ...]]", inflect(word))  # type: ignore[operator]
        for values in found.values():
            forms.update(values)
    for form in list(forms):
        forms |= _typos(form, is_word)
    return forms


def _expand(name: str, entries: Sequence[object]) -> WordClass:
    inflect, is_word = _lexicon()
    singles: set[str] = set()
    multi: dict[str, set[tuple[str, ...]]] = {}
    question = False
    for entry in entries:
        if entry == QUESTION:
            question = True
            continue
        if not isinstance(entry, str) or not _ENTRY.fullmatch(entry):
            raise LintConfigError(
                f"words.toml: the entry {entry!r} of the word class {name!r} can never match: "
                "write lower-case words and digits separated by single spaces, or \"?\"."
            )
        words = entry.replace("'", " ").split()
        if len(words) == 1:
            singles |= _forms(words[0], inflect, is_word)
            continue
        for combo in product(*(sorted(_forms(w, inflect, is_word)) for w in words)):
            multi.setdefault(combo[0], set()).add(combo)
    return WordClass(
        name, frozenset(singles), {k: tuple(sorted(v)) for k, v in multi.items()}, question
    )


@cache
def load_classes() -> dict[str, list[object]]:
    """The ``[classes]`` table of ``words.toml``, as written."""
    text = (files(_PACKAGE) / "words.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text).get("classes", {})
    if not isinstance(data, dict):
        raise LintConfigError("words.toml: \"classes\" must be a table of word lists.")
    for name, value in data.items():
        if not isinstance(value, list) or not value:
            raise LintConfigError(f"words.toml: the word class {name!r} must be a non-empty list.")
    return cast("dict[str, list[object]]", data)


@dataclass(frozen=True)
class ClassIndex:
    """Every word class expanded, and one RE2 set that says which may be in a text."""

    classes: dict[str, WordClass]
    prefilter: re2.Set
    order: tuple[str, ...]  # the set's entries, by number

    def present(self, encoded: bytes, has_question: bool) -> set[str]:
        """The classes whose first words occur in ``encoded`` (the words text, UTF-8)."""
        hits = cast("list[int] | None", self.prefilter.Match(encoded)) or ()
        found = {self.order[i] for i in hits}
        if has_question:
            found.update(n for n, c in self.classes.items() if c.question)
        return found


def _build() -> ClassIndex:
    classes = {name: _expand(name, entries) for name, entries in load_classes().items()}
    options = re2.Options()
    options.never_capture = True
    options.max_mem = _RE2_MEMORY
    found = re2.Set.SearchSet(options)
    order: list[str] = []
    for name, cls in classes.items():
        words = sorted(cls.first_words())
        if words:
            found.Add(f" (?:{'|'.join(words)}) ")
            order.append(name)
    found.Compile()
    return ClassIndex(classes, found, tuple(order))


_lock = threading.Lock()
_index: ClassIndex | None = None


def class_index() -> ClassIndex:
    """The expanded word classes, built on first use (thread-safe)."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _build()
    return _index


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the sentences of ``text``, each without its surrounding spaces."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        yield start, end
        start = end
    yield start, len(text)


def _spans(cls: WordClass, tokens: Sequence[str], question: bool) -> list[tuple[int, int]]:
    """Where ``cls`` occurs in ``tokens``, as (first word, one past the last word)."""
    out: list[tuple[int, int]] = []
    singles, multi = cls.singles, cls.multi
    n = len(tokens)
    for i, word in enumerate(tokens):
        if word in singles:
            out.append((i, i + 1))
        for entry in multi.get(word, ()):
            if tuple(tokens[i : i + len(entry)]) == entry:
                out.append((i, i + len(entry)))
    if question and cls.question:
        out.append((n, n))
    return out


class Sentence:
    """One sentence's words, with each class's places worked out on demand."""

    __slots__ = ("_parts", "_spans", "question", "tokens", "words")

    def __init__(self, words: str | list[str], question: bool) -> None:
        tokens: list[str] = []
        for word in words.split() if isinstance(words, str) else words:
            if not tokens or tokens[-1] != word:
                tokens.append(word)
        self.tokens = tokens
        self._parts: dict[str, list[Sentence]] = {}
        self.words = frozenset(tokens)
        self.question = question
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def spans(self, cls: WordClass) -> list[tuple[int, int]]:
        got = self._spans.get(cls.name)
        if got is None:
            if (cls.question and self.question) or not self.words.isdisjoint(cls.first_words()):
                got = _spans(cls, self.tokens, self.question)
            else:
                got = []
            self._spans[cls.name] = got
        return got


    def parts(self, cls: WordClass) -> list[Sentence]:
        """The sentence cut at every word of ``cls`` ("and", "but"); a question mark
        belongs to the last part."""
        got = self._parts.get(cls.name)
        if got is None:
            if self.words.isdisjoint(cls.singles):
                got = [self]
            else:
                cuts: list[list[str]] = [[]]
                for word in self.tokens:
                    if word in cls.singles:
                        cuts.append([])
                    else:
                        cuts[-1].append(word)
                cuts = [c for c in cuts if c]
                got = [
                    Sentence(c, self.question and i == len(cuts) - 1) for i, c in enumerate(cuts)
                ]
            self._parts[cls.name] = got
        return got


def _term(term: Term, sentence: Sentence, classes: dict[str, WordClass]) -> bool:
    names, gaps = term
    ends = [end for _, end in sentence.spans(classes[names[0]])]
    for name, gap in zip(names[1:], gaps, strict=True):
        if not ends:
            return False
        spans = sentence.spans(classes[name])
        ends = [e for s, e in spans if any(0 <= s - prev <= gap for prev in ends)]
    return bool(ends)


# One clause of a rule: (terms that must all hold, terms of which none may hold).
Clause = tuple[tuple[Term, ...], tuple[Term, ...]]


def _matches(clause: Clause, sentence: Sentence, classes: dict[str, WordClass]) -> bool:
    require, unless = clause
    return all(_term(t, sentence, classes) for t in require) and not any(
        _term(t, sentence, classes) for t in unless
    )


def matches(
    clauses: Sequence[Clause],
    split: str | None,
    sentence: Sentence,
    classes: dict[str, WordClass],
) -> bool:
    """True when ``sentence`` (or, with ``split``, one of its clauses) holds every
    required term of one of ``clauses`` and no vetoing one."""
    parts = [sentence] if split is None else sentence.parts(classes[split])
    return any(_matches(c, part, classes) for part in parts for c in clauses)
