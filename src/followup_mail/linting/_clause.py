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
row counts once ("any any update", "really, really": the engine blanks the second).
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, cast

from ..errors import LintConfigError
from ._cache import cached, once
from ._text import lazy
from ._words import load_classes, load_words
from ._words import source as words_source

__all__ = [
    "QUESTION",
    "SENTENCE_END",
    "ClassIndex",
    "Clause",
    "Compiled",
    "CompiledClause",
    "Sentence",
    "Term",
    "WordClass",
    "class_index",
    "compile_clause",
    "holds",
    "load_classes",
    "matches",
    "parse_term",
    "sentences",
]

_PACKAGE = __name__.rpartition(".")[0]
QUESTION = "?"  # the entry that stands for a question mark ending the sentence
_ENTRY = lazy(globals(), "_ENTRY", r"[a-z0-9']+(?: [a-z0-9']+)*")
_GAP = lazy(globals(), "_GAP", r"\+([0-9]{1,2})")
# Sentence ends: a run of ".?!;" or a blank line (also inside "e.g." or "3.5"). Written
# to start with one character class, so the regex engine skips to the next candidate
# character in C (an alternation of repeats made it try every position: 2.5 times the
# time over the corpus, measured side by side).
SENTENCE_END = re.compile(r"[\n.?!;](?:(?<=\n)[^\S\n]*+\n|(?<!\n)[.?!;]*+)")
# Typo variants only for words this long: shorter ones collide with real words.
_TYPO_MIN = 6


# A longer entry: where its key word is, and the forms each of its words may take.
Entry = tuple[int, tuple[frozenset[str], ...]]


class WordClass:
    """One word class, expanded: single words; longer entries by the forms of their key
    word (``multi``: a form of the key word -> its entries; ``multi_keys``: those forms);
    and ``keys``, the words a sentence must hold for an entry to match: each single word,
    and the longest word of each longer entry (the rarest, as a rule: "email" in "my last
    email", not "my"). ``has_entries`` says whether it has longer entries at all.

    A class read from the disk cache (:meth:`packed`) keeps its words as the cache holds
    them (strings joined by spaces, the entries as marshal's bytes) and makes each set on
    first use: an email needs the sets of a few classes only, and the index's masks
    answer the rest.
    """

    __slots__ = (
        "_multi", "_packed", "_words", "has_entries", "keys", "multi_keys", "name", "question",
        "singles",
    )
    singles: frozenset[str]
    multi_keys: frozenset[str]
    keys: frozenset[str]

    def __init__(
        self,
        name: str,
        singles: frozenset[str],
        multi: dict[str, tuple[Entry, ...]] | bytes,
        multi_keys: frozenset[str],
        question: bool,
    ) -> None:
        self.name = name
        self.singles = singles
        self.multi_keys = multi_keys
        self.keys = singles | multi_keys
        self.has_entries = bool(multi_keys)
        self.question = question
        self._words: tuple[str, str] | None = None
        self._packed = multi if isinstance(multi, bytes) else None
        self._multi = None if isinstance(multi, bytes) else multi

    @classmethod
    def packed(
        cls, name: str, singles: str, multi_keys: str, question: bool, multi: bytes
    ) -> WordClass:
        """A class as the disk cache keeps it (see ``Stored``), its sets made on first use."""
        self = cls.__new__(cls)
        self.name = name
        self.question = question
        self.has_entries = bool(multi_keys)
        self._words = (singles, multi_keys)
        self._packed = multi
        self._multi = None
        return self

    def __getattr__(self, attr: str) -> frozenset[str]:
        # Reached only while a packed class's sets are unmade (see ``packed``).
        words = object.__getattribute__(self, "_words")
        if attr not in ("singles", "multi_keys", "keys") or words is None:
            raise AttributeError(attr)
        singles = self.singles = frozenset(words[0].split())
        multi_keys = self.multi_keys = frozenset(words[1].split())
        self.keys = singles | multi_keys
        self._words = None
        return cast(frozenset[str], getattr(self, attr))

    @property
    def multi(self) -> dict[str, tuple[Entry, ...]]:
        got = self._multi
        if got is None:
            got = self._multi = cast("dict[str, tuple[Entry, ...]]", marshal.loads(
                cast(bytes, self._packed)
            ))
        return got

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordClass) and (
            self.name, self.singles, self.multi, self.question
        ) == (other.name, other.singles, other.multi, other.question)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"WordClass({self.name!r}, {len(self.keys)} key words)"


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


Inflect = Callable[[str], "dict[str, tuple[str, ...]]"]


def _lexicon() -> tuple[Inflect, Inflect]:
    """lemminflect's inflections of a lemma, and the lemmas of a word (empty for a word
    it does not know: what a typo variant must be)."""
    from lemminflect import getAllInflections, getAllLemmas  # type: ignore[import-untyped]

    return cast(Inflect, getAllInflections), cast(Inflect, getAllLemmas)


def _typos(word: str, lemmas: Inflect) -> set[str]:
    """One swap of neighbours or one dropped letter (never the first), if not a word."""
    if len(word) < _TYPO_MIN or not word.isalpha():
        return set()
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1)}
    out |= {word[:i] + word[i + 1:] for i in range(1, len(word))}
    out.discard(word)
    return {w for w in out if not lemmas(w)}


def _forms(word: str, inflect: Inflect, lemmas: Inflect) -> set[str]:
    forms = {word}
    if word.isalpha() and len(word) > 2:
        for values in inflect(word).values():
            forms.update(values)
    for form in list(forms):
        forms |= _typos(form, lemmas)
    return forms


# A word class as the cache keeps it (JSON): its single words, each longer entry as
# [where its key word is, [forms of each word]...], and whether "?" belongs to it.
Expanded = dict[str, object]


def _expand(name: str, entries: Sequence[object], common: frozenset[str]) -> Expanded:
    inflect, lemmas = _lexicon()
    singles: set[str] = set()
    multi: list[list[object]] = []
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
            singles |= _forms(words[0], inflect, lemmas)
            continue
        # The key word: the longest that is not a stop word (the rarest, as a rule).
        key = max(range(len(words)), key=lambda k: (words[k] not in common, len(words[k])))
        multi.append([key, *(sorted(_forms(w, inflect, lemmas)) for w in words)])
    return {"singles": sorted(singles), "multi": multi, "question": question}


def _word_class(name: str, data: Expanded) -> WordClass:
    """The :class:`WordClass` of an expansion (from ``_expand`` or the cache)."""
    singles, multi, question = data["singles"], data["multi"], data["question"]
    if not isinstance(singles, list) or not isinstance(multi, list) or question not in (
        True, False
    ):
        raise TypeError(f"the expansion of the word class {name!r} is malformed")
    by_key: dict[str, list[Entry]] = {}
    for key, *forms in multi:
        entry: Entry = (key, tuple(frozenset(f) for f in forms))
        for word in forms[key]:
            by_key.setdefault(word, []).append(entry)
    return WordClass(
        name, frozenset(singles), {w: tuple(v) for w, v in by_key.items()}, frozenset(by_key),
        bool(question),
    )


def _expand_all() -> dict[str, Expanded]:
    common = load_words()["stopwords"]
    return {name: _expand(name, entries, common) for name, entries in load_classes().items()}


# The class index as the disk cache keeps it (marshal): per class its name, its single
# words and the keys of its longer entries (each joined by spaces: splitting a string is
# faster than unmarshalling a set of strings, and only the classes an email reaches are
# split, see WordClass.packed), whether "?" belongs to it, and its entries packed; then
# every key word's mask (see ClassIndex), which every email needs.
Stored = tuple[tuple[tuple[str, str, str, bool, bytes], ...], dict[str, int]]


def _derive() -> Stored:
    """Every class expanded, in the form the engine uses (see :class:`ClassIndex`)."""
    classes = {name: _word_class(name, data) for name, data in _expand_all().items()}
    # Thousands of words share a few hundred masks: one object each, which marshal then
    # writes once and refers to (the file reads back in half the time).
    shared: dict[int, int] = {}
    return (
        tuple(
            (c.name, " ".join(sorted(c.singles)), " ".join(sorted(c.multi_keys)), c.question,
             marshal.dumps(c.multi, 4))
            for c in classes.values()
        ),
        {word: shared.setdefault(mask, mask) for word, mask in _masks(classes).items()},
    )


def _decode(value: object) -> ClassIndex:
    """The index from what :func:`_derive` gave (or the cache kept)."""
    if not isinstance(value, tuple) or len(value) != 2:
        raise TypeError("the cached word classes are malformed")
    fields, masks = value
    if not isinstance(masks, dict) or not isinstance(fields, tuple):
        raise TypeError("the cached word classes are malformed")
    if [f[0] for f in fields] != list(load_classes()):
        raise ValueError("the cached word classes are not those of words.toml")
    packed = WordClass.packed
    classes = {
        name: packed(name, singles, multi_keys, question, multi)
        for name, singles, multi_keys, question, multi in fields
    }
    return _index(classes, masks)


def _sources() -> list[bytes]:
    """What the expansion derives from: ``words.toml`` and this module's code."""
    return [words_source(), Path(__file__).read_bytes()]


class ClassIndex(NamedTuple):
    """Every word class expanded, each with a bit; ``masks`` gives, for every key word
    (see :class:`WordClass`), the bits of its classes, so a sentence's classes are one
    dictionary look-up per word.

    A mask holds two sets of bits: the low ``shift`` bits say that a key word of the class
    occurs, the bits above them (the same order, shifted) that the class occurs for
    certain: a single word of it, or "?" for a class that holds it. Only a class with
    a key word but none of those must have its longer entries read.
    """

    classes: dict[str, WordClass]
    bits: dict[str, int]
    masks: dict[str, int]
    keys: frozenset[str]  # every key word of every class
    question: int  # the bits (both sets) of the classes "?" belongs to
    shift: int  # the number of classes

    def mask(self, tokens: Sequence[str], question: bool) -> int:
        """The bits of the classes whose key words occur in ``tokens``."""
        masks = self.masks
        found = self.question if question else 0
        # The intersection runs in C; the loop sees the few key words only.
        for word in self.keys.intersection(tokens):
            found |= masks[word]
        return found


def _masks(classes: dict[str, WordClass]) -> dict[str, int]:
    """Each key word's mask (see :class:`ClassIndex`)."""
    shift = len(classes)
    masks: dict[str, int] = {}
    for i, cls in enumerate(classes.values()):
        bit = 1 << i
        for word in cls.keys:
            masks[word] = masks.get(word, 0) | bit
        for word in cls.singles:
            masks[word] |= bit << shift
    return masks


def _index(classes: dict[str, WordClass], masks: dict[str, int]) -> ClassIndex:
    bits = {name: 1 << i for i, name in enumerate(classes)}
    shift = len(classes)
    question = 0
    for name, cls in classes.items():
        if cls.question:
            question |= bits[name] | bits[name] << shift
    return ClassIndex(classes, bits, masks, frozenset(masks), question, shift)


def _build() -> ClassIndex:
    return cached("classes", _sources(), _derive, _decode)


# The expanded word classes, built on first use (thread-safe).
class_index = once(_build)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the sentences of ``text`` (with the spaces around them)."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        end = m.end()
        yield start, end
        start = end
    yield start, len(text)


def _spans(
    cls: WordClass, tokens: list[str], question: bool, keys: frozenset[str] | None = None
) -> list[tuple[int, int]]:
    """Where ``cls`` occurs in ``tokens``, as (first word, one past the last word);
    ``keys``, when given, are the key words of every class that ``tokens`` hold."""
    found: list[tuple[int, int]] = []
    singles, multi = cls.singles, cls.multi
    n = len(tokens)
    # Only the class's key words the sentence holds (a set intersection in C, over the
    # few key words of the sentence when known) are placed.
    for word in cls.keys.intersection(tokens if keys is None else keys):
        entries = multi.get(word, ())
        i = -1
        for _ in range(tokens.count(word)):
            i = tokens.index(word, i + 1)
            if word in singles:
                found.append((i, i + 1))
            for key, forms in entries:
                start = i - key
                end = start + len(forms)
                if start >= 0 and end <= n and all(
                    map(frozenset.__contains__, forms, tokens[start:end])
                ):
                    found.append((start, end))
    if question and cls.question:
        found.append((n, n))
    return found


def _entry_in(cls: WordClass, tokens: list[str], keys: frozenset[str] | None = None) -> bool:
    """True when one of the longer entries of ``cls`` occurs in ``tokens`` (``keys`` as
    for :func:`_spans`)."""
    multi = cls.multi
    n = len(tokens)
    # (A frozenset intersection iterates the smaller set, or ``tokens``; ``multi.keys() &
    # tokens`` would copy every key of the class first.)
    for word in cls.multi_keys.intersection(tokens if keys is None else keys):
        entries = multi[word]
        i = -1
        for _ in range(tokens.count(word)):
            i = tokens.index(word, i + 1)
            for key, forms in entries:
                start = i - key
                end = start + len(forms)
                if start >= 0 and end <= n and all(
                    map(frozenset.__contains__, forms, tokens[start:end])
                ):
                    return True
    return False


class Sentence:
    """One sentence's words (a doubled word already blanked, see ``_engine.undouble``),
    whether it ends with a question mark, the key words of every class it holds (``keys``)
    and their classes' bits (see :meth:`ClassIndex.mask`); each class's places are worked
    out on demand, from the few key words rather than every word."""

    __slots__ = ("_parts", "_spans", "cx", "keys", "mask", "question", "terms", "tokens")

    def __init__(
        self,
        tokens: list[str],
        question: bool,
        cx: ClassIndex,
        mask: int = -1,
        keys: frozenset[str] | None = None,
    ) -> None:
        self.tokens = tokens
        self.question = question
        self.cx = cx
        self.keys = cx.keys.intersection(tokens) if keys is None else keys
        if mask < 0:
            masks = cx.masks
            mask = cx.question if question else 0
            for word in self.keys:
                mask |= masks[word]
        self.mask = mask
        self._spans: dict[str, list[tuple[int, int]]] = {}
        self._parts: list[Sentence] | None = None
        self.terms: dict[int, bool] = {}  # what each term read gave, by id of its chain

    def spans(self, cls: WordClass) -> list[tuple[int, int]]:
        """Where ``cls`` occurs (see ``_spans``), worked out once."""
        got = self._spans.get(cls.name)
        if got is None:
            got = self._spans[cls.name] = _spans(cls, self.tokens, self.question, self.keys)
        return got

    def parts(self, cls: WordClass) -> list[Sentence]:
        """The sentence cut at every word of ``cls`` ("and", "but"); a question mark
        belongs to the last part. (A sentence splits at one class only: its rule's.)"""
        got = self._parts
        if got is None:
            cuts: list[list[str]] = [[]]
            singles = cls.singles
            for word in self.tokens:
                if word in singles:
                    cuts.append([])
                else:
                    cuts[-1].append(word)
            cuts = [c for c in cuts if c]
            last = len(cuts) - 1
            keys = self.keys
            got = self._parts = [
                Sentence(c, self.question and i == last, self.cx, -1, keys.intersection(c))
                for i, c in enumerate(cuts)
            ]
        return got


# One clause of a rule: (terms that must all hold, terms of which none may hold).
Clause = tuple[tuple[Term, ...], tuple[Term, ...]]
# A term's classes in order with the most words allowed before each (0 for the first).
Chain = tuple[tuple[WordClass, int], ...]
# A term compiled: the bits of its classes (a sentence lacking one cannot hold it); the
# bit that says for certain that it holds, if any (see ClassIndex: a term of one class
# holds when a single word of the class occurs); and the chain to read when the bits do
# not decide, or () when they do.
Compiled = tuple[int, int, Chain]


def _compile_term(term: Term, cx: ClassIndex) -> Compiled:
    names, gaps = term
    bits = 0
    for name in names:
        bits |= cx.bits[name]
    if not gaps and not cx.classes[names[0]].has_entries:
        return bits, bits, ()  # single words only: the sentence's bits say it exactly
    chain = tuple(zip((cx.classes[n] for n in names), (0, *gaps), strict=True))
    return bits, bits << cx.shift if len(names) == 1 else 0, chain


class CompiledClause(NamedTuple):
    """A clause against the class index: ``need``, the bits of every class its required
    terms name (one integer test rejects most sentences), then the required terms the
    bits do not decide and every vetoing term."""

    need: int
    require: tuple[Compiled, ...]
    unless: tuple[Compiled, ...]


def compile_clause(
    clause: Clause, cx: ClassIndex, terms: dict[Term, Compiled] | None = None
) -> CompiledClause:
    """``clause`` compiled for :func:`holds`. Clauses compiled with one ``terms`` dict
    share each equal term's chain, so a sentence reads a term once for all of them (a
    sentence keeps what each chain gave)."""
    known: dict[Term, Compiled] = {} if terms is None else terms

    def compiled(term: Term) -> Compiled:
        got = known.get(term)
        if got is None:
            got = known[term] = _compile_term(term, cx)
        return got

    require = [compiled(t) for t in clause[0]]
    need = 0
    for bits, _, _ in require:
        need |= bits
    return CompiledClause(
        need,
        tuple(term for term in require if term[2]),
        tuple(compiled(t) for t in clause[1]),
    )


def _chain(chain: Chain, sentence: Sentence) -> bool:
    """True when the classes of ``chain`` occur in order, each within its gap."""
    if len(chain) == 1:
        # No single word: an entry?
        return _entry_in(chain[0][0], sentence.tokens, sentence.keys)
    ends = [end for _, end in sentence.spans(chain[0][0])]
    for cls, gap in chain[1:]:
        if not ends:
            return False
        after: list[int] = []
        for start, end in sentence.spans(cls):
            for previous in ends:
                if 0 <= start - previous <= gap:
                    after.append(end)
                    break
        ends = after
    return bool(ends)


def _term(term: Compiled, sentence: Sentence) -> bool:
    """Whether ``sentence`` holds ``term``, whose bits it has; read once per sentence."""
    _, sure, chain = term
    if sentence.mask & sure:
        return True
    if not chain:
        return False
    known = sentence.terms
    got = known.get(id(chain))
    if got is None:
        got = known[id(chain)] = _chain(chain, sentence)
    return got


def _holds(clause: CompiledClause, sentence: Sentence) -> bool:
    mask = sentence.mask
    if mask & clause.need != clause.need:
        return False
    for term in clause.require:
        if not _term(term, sentence):
            return False
    # (A loop, not all() over a generator: this runs for every candidate sentence.)
    for term in clause.unless:  # noqa: SIM110
        if mask & term[0] == term[0] and _term(term, sentence):
            return False
    return True


def holds(clause: CompiledClause, split: WordClass | None, sentence: Sentence) -> bool:
    """True when ``sentence`` (or, with ``split``, one of its clauses) holds every
    required term of ``clause`` and no vetoing one."""
    if split is None or not sentence.mask & sentence.cx.bits[split.name]:
        return _holds(clause, sentence)
    # A part holds no class its sentence lacks.
    if sentence.mask & clause.need != clause.need:
        return False
    return any(_holds(clause, part) for part in sentence.parts(split))


def matches(
    clauses: Sequence[CompiledClause], split: WordClass | None, sentence: Sentence
) -> bool:
    """True when ``sentence`` holds one of ``clauses`` (see :func:`holds`)."""
    return any(holds(c, split, sentence) for c in clauses)
