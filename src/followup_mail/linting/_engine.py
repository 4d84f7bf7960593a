"""The rule engine: runs every check on one text, as much of it in C as possible.

The text is walked by C code: three ``bytes.translate`` passes over ASCII text (lower-
case words, word boundaries, capitals and brackets; length-preserving, so offsets are
offsets into the caller's text), and the phrase index's look-up of the words
(:mod:`._index`, a set intersection in C), which names the few phrase patterns that may
match, whether the text holds thanks and interest, and whether it holds a draft-marker
word. Each pattern named costs one regex search; the other checks run only when a cheap
test on the translated bytes says they can find something.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache, reduce
from itertools import accumulate, compress
from operator import or_
from typing import TYPE_CHECKING

from ..vocabulary import Severity
from ._clause import SENTENCE_END as _SENTENCE_END
from ._clause import (
    ClassIndex,
    Compiled,
    CompiledClause,
    Sentence,
    Term,
    WordClass,
    class_index,
    compile_clause,
    holds,
)
from ._garbled import garbled_checks, without_names
from ._index import CONTENT_WORDS, MARKER, PHRASE, Index, index
from ._rules import Rule
from ._text import WORDS, lazy, stem
from ._words import load_words

if TYPE_CHECKING:
    from ..models import InterviewNotes
from .topics import Topic, common_words, topic

__all__ = [
    "KINDS", "Hit", "Plan", "check_body", "check_subject", "topic_stems",
    "words_of",
]

KINDS = ("thank_you", "reminder")

# (start, end, rule, values for the message's {placeholders} or None)
Hit = tuple[int, int, Rule, dict[str, object] | None]

# ``WORDS`` as a byte table: ``bytes.translate`` is several times faster than
# ``str.translate`` with a dict, and gives the same result for ASCII text.
_WORDS_ASCII = bytes(ord(WORDS.get(i, chr(i))) for i in range(128)) + bytes(range(128, 256))
# For ASCII text: whitespace as str.split() sees it is a space, anything else an "x"
# (the word count is the number of " x" plus one for a leading "x").
_SPACES_ASCII = bytes(32 if chr(i).isspace() else 120 for i in range(128)) + b"x" * 128
# For ASCII text, the shape of each character: capitals "A", lower case "a", digits
# "0", spaces and commas " " (what separates shouted words), "/" for "/", "&" and "-",
# "[" for what may start a placeholder ("[", "{", "<", "%", "_"), "'" as itself and
# anything else ".". Tells cheaply (``91 in marks`` is a ``memchr``) whether the
# placeholder checks can find anything, and finds shouting.
_MARKS_ASCII = bytes(
    65 if chr(i).isupper() else 97 if chr(i).islower() else 48 if chr(i).isdigit()
    else 32 if chr(i) in " ," else 91 if chr(i) in "[{<%_" else 47 if chr(i) in "/&-"
    else 39 if chr(i) == "'" else 46
    for i in range(128)
) + b"." * 128
_BRACKET_MARK = 91
# _CAPS_ADJACENT and _CAPS_RUN (below) in the marks of ASCII text: faster, as the first
# starts with a literal. Group 1 of _CAPS_RUN_MARKS is the run. (Why they are written so:
# see "Linear time" below.)
_CAPS_ADJACENT_MARKS = lazy(globals(), "_CAPS_ADJACENT_MARKS", rb"A(?: ++AA|A ++A)")
_CAPS_RUN_MARKS = lazy(
    globals(), "_CAPS_RUN_MARKS", rb"(?<![A0'])[0']*+(A[A0']*+(?: ++A[A0']*)+)(?![Aa0\[/])"
)


# A lone surrogate (U+D800 to U+DFFF: a str may hold one, UTF-8 cannot) is read as
# U+FFFD, one character for one, so offsets still index the caller's text: the garbled
# checks' RE2 gate reads UTF-8 only, and a finding's message must be valid text.
_SURROGATE = lazy(globals(), "_SURROGATE", "[\ud800-\udfff]")


def _readable(text: str, padded: str) -> tuple[str, str]:
    """``text`` and ``padded`` (its words text) with every lone surrogate read as U+FFFD.
    Costs nothing more than a check in C when there is none."""
    if padded.isascii():
        return text, padded
    try:
        padded.encode()
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text), _SURROGATE.sub("\ufffd", padded)
    return text, padded


def words_of(text: str) -> str:
    """``text.translate(WORDS)``: lower-case letters and digits, every other ASCII a space."""
    if text.isascii():
        return text.encode("ascii").translate(_WORDS_ASCII).decode("ascii")
    return text.translate(WORDS)


class Plan:
    """A lint configuration resolved for the engine, once per configuration.

    Each hand-written check's rule, or ``None`` when the check is off; the thresholds;
    and, per kind of email, the missing-content checks that apply.
    """

    __slots__ = (
        "angle", "bracket", "clause_entries", "clause_rules", "content", "enabled",
        "exclamation", "garbled", "ix", "long_sentence", "long_subject", "marker", "max_words",
        "min_words", "paren", "personal", "sentence_words", "shouting", "subject_chars",
        "template", "too_long", "too_short",
    )

    def __init__(
        self,
        enabled: Mapping[str, Severity],
        *,
        max_words: Mapping[str, int],
        min_words: int,
        sentence_words: int,
        subject_chars: int,
    ) -> None:
        ix = index()

        def on(check: str) -> Rule | None:
            rule = ix.checks[check]
            return rule if rule.code in enabled else None

        self.ix = ix
        self.enabled = enabled
        self.max_words = dict(max_words)
        self.min_words = min_words
        self.sentence_words = sentence_words
        self.subject_chars = subject_chars
        self.exclamation = on("exclamation")
        self.bracket = on("bracket-placeholder")
        self.template = on("template-variable")
        self.angle = on("angle-placeholder")
        self.paren = on("paren-placeholder")
        self.clause_rules = tuple(
            rule for rule in ix.clause_rules if rule.code in enabled and not rule.check
        )
        self.clause_entries: Clauses | None = None
        self.marker = on("draft-marker")
        self.shouting = on("shouting")
        self.too_long = on("too-long")
        self.too_short = on("too-short")
        self.long_sentence = on("long-sentence")
        self.long_subject = on("long-subject")
        self.garbled = garbled_checks(on)
        self.content = {
            kind: tuple(
                rule for rule in ix.content if kind in rule.kinds and rule.code in enabled
            )
            for kind in KINDS
        }
        personal = on("not-personal")
        self.personal = {
            kind: personal if personal is not None and kind in personal.kinds else None
            for kind in KINDS
        }


# --- phrase rules -----------------------------------------------------------------------


def _scan(
    ix: Index, padded: str, out: list[Hit], tokens: list[str] | None = None
) -> tuple[set[str], bool]:
    """Phrase-rule hits, added to ``out``; ``padded`` is ``" " + words + " "``, ``tokens``
    its words when the caller has them. Returns
    the codes of the missing-content rules the text satisfies, and whether it holds a
    draft-marker word."""
    found: list[Hit] = []
    satisfied: set[str] = set()
    marker = False
    targets = ix.targets
    for i in ix.candidates(padded, tokens):
        role, rule, phrase = targets[i]
        if role == PHRASE:
            search = phrase.search or phrase.compile()
            m = search(padded, 0)
            while m is not None:
                # " word" starts at ``at`` in ``padded``, so the word is at ``at`` in the
                # text.
                at = m.start()
                found.append((at, m.end() - 1, rule, None))
                m = search(padded, at + 1)
        elif role == MARKER:
            marker = True
        elif role == CONTENT_WORDS or (phrase.search or phrase.compile())(padded, 0) is not None:
            satisfied.add(rule.code)
    if len(found) > 1:
        # Overlapping hits of one rule (several of its patterns, or one at two places):
        # keep the first and longest.
        found.sort(key=lambda h: (h[0], -h[1]))
        last_end: dict[str, int] = {}
        for hit in found:
            code = hit[2].code
            if last_end.get(code, -1) > hit[0]:
                continue
            last_end[code] = hit[1]
            out.append(hit)
    elif found:
        out.append(found[0])
    return satisfied, marker


# --- placeholders, shouting, exclamation marks ------------------------------------------

# Linear time, for any text: a repeat is possessive (``*+``, ``++``) wherever giving
# characters back cannot let the rest of the pattern match (what follows it is a
# character the repeat refuses), so no attempt backtracks through a long run. A pattern
# that could start at every character of a long run and scan to its end (``XXX+``, a
# word in capitals) does not start inside the run (a look-behind): the attempt at the
# run's first character has already decided, so the matches are the same.
# tests/test_security_lint.py attacks every pattern and checks both claims.
_BRACKET = lazy(globals(), "_BRACKET", r"\[([^\[\]\n]{1,60}+)\](?!\()")
_SLOT_WORD = lazy(
    globals(), "_SLOT_WORD",
    r"(?i)\b(?:name|names|company|role|position|title|date|day|time|interviewer|manager|job|"
    r"insert|your|recipient|first|last|topic|skill|skills|project|department|link|number|"
    r"phone|email|address|city|organi[sz]ation|placeholder|candidate|hiring|recruiter|"
    r"x++|something|here|blank)\b"
)
_TITLE_WORDS = lazy(globals(), "_TITLE_WORDS", r"[A-Z][a-z]++(?: [A-Z][a-z]++){0,4}")
# (``{%`` keeps a plain repeat: its body accepts the "%" of the closing "%}".)
_TEMPLATE = lazy(
    globals(), "_TEMPLATE",
    r"\{\{[^{}\n]{0,80}+\}\}|\{%[^{}\n]{0,80}%\}|\$\{[^{}\n]{1,60}+\}"
    r"|\{[A-Za-z_][A-Za-z0-9_.]{0,40}+\}|%\([A-Za-z_]{1,40}+\)s"
)
_ANGLE = lazy(globals(), "_ANGLE", r"<([A-Za-z][A-Za-z _-]{0,40}+)>")
_HTML = frozenset((
    "a", "b", "i", "u", "p", "s", "br", "hr", "em", "strong", "div", "span", "ul", "ol", "li",
    "table", "tr", "td", "th", "code", "pre", "html", "body", "head", "sub", "sup", "small",
    "big", "tt",
))
# Literal first: sre scans for the first letters in C; the start is checked in Python.
# "XXX" starts at the first X of a run only ("X(?<!XX)").
_MARKER = lazy(
    globals(), "_MARKER",
    r"X(?<!XX)XX++(?!\w)|TODO(?!\w)|TB[DA](?!\w)|FIXME(?!\w)|TKTK(?!\w)"
    r"|INSERT(?: [A-Z]++){0,4}(?!\w)|___+"
)
_CAPS_ADJACENT = lazy(globals(), "_CAPS_ADJACENT", r"[A-Z](?:[ ,]++[A-Z][A-Z]|[A-Z][ ,]++[A-Z])")
# Two or more words in capitals (a lone word is an acronym or emphasis, not shouting),
# group 1. It starts at the first capital of a run of capitals, digits and apostrophes
# (the digits and apostrophes before it are skipped), never inside one.
_CAPS_RUN = lazy(
    globals(), "_CAPS_RUN",
    r"(?<![A-Z0-9'])[0-9']*+([A-Z][A-Z0-9']*+(?:[ ,]++[A-Z][A-Z0-9']*)+)(?![\w/&\-])"
)
_RUN_SPLIT = lazy(globals(), "_RUN_SPLIT", r"[ ,]+")
# (The phrase index finds them as words, in lower case: ``_index._MARKERS``.)
_DRAFT_WORDS = frozenset(("INSERT", "TODO", "TBD", "TBA", "XXX", "FIXME", "TKTK"))
_BANGS = lazy(globals(), "_BANGS", r"!{2,}")


def _short(s: str) -> str:
    return s if len(s) <= 40 else s[:37] + "..."


def _exclamations(text: str, rule: Rule, out: list[Hit]) -> None:
    """Every "!!" (or the second "!" when there are several but no "!!")."""
    runs = [(m.start(), m.end()) for m in _BANGS.finditer(text)]
    if not runs:
        second = text.find("!", text.find("!") + 1)
        runs = [(second, second + 1)]
    out.extend((s, e, rule, None) for s, e in runs)


def _surface(
    ix: Index, text: str, plan: Plan, marks: bytes | None, marker: bool, out: list[Hit]
) -> None:
    """Placeholders and shouting; ``marks`` is ``text`` (ASCII) in ``_MARKS_ASCII``,
    ``marker`` whether its words hold a draft-marker word (see ``_scan``). Callers skip
    it when ``marks`` has no bracket mark and no two capitals in a row."""
    if marks is not None:
        brackets = _BRACKET_MARK in marks
        caps = marks.find(b"AA") >= 0
    else:
        brackets = caps = True
    if brackets:
        if plan.bracket is not None and "[" in text:
            for m in _BRACKET.finditer(text):
                inner = m.group(1).strip()
                if _SLOT_WORD.search(inner) or _TITLE_WORDS.fullmatch(inner):
                    out.append((m.start(), m.end(), plan.bracket, {"match": _short(m.group())}))
        if plan.template is not None and ("{" in text or "%(" in text):
            for m in _TEMPLATE.finditer(text):
                out.append((m.start(), m.end(), plan.template, {"match": _short(m.group())}))
        if plan.angle is not None and "<" in text:
            for m in _ANGLE.finditer(text):
                if m.group(1).lower() not in _HTML:
                    out.append((m.start(), m.end(), plan.angle, {"match": _short(m.group())}))
    # A draft marker is a word (as the words text has it, in lower case) or "___". The
    # words text keeps a non-ASCII symbol as part of a word ("\u2022todo"), so in
    # non-ASCII text (no marks) the pattern decides.
    if plan.marker is not None and (marker or marks is None or "___" in text):
        for m in _MARKER.finditer(text):
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            out.append((start, m.end(), plan.marker, {"match": _short(m.group())}))
    rule = plan.shouting
    if rule is None or not caps:
        return
    # Only when two words in capitals are next to each other somewhere.
    if marks is not None:
        if _CAPS_ADJACENT_MARKS.search(marks) is None:
            return
        runs = [m.span(1) for m in _CAPS_RUN_MARKS.finditer(marks)]
    else:
        if _CAPS_ADJACENT.search(text) is None:
            return
        runs = [m.span(1) for m in _CAPS_RUN.finditer(text)]
    for start, end in runs:
        if start and (text[start - 1].isalnum() or text[start - 1] in "_/&.-"):
            continue  # inside a word ("iOS"), or part of "CI/CD"
        words = _RUN_SPLIT.split(text[start:end])
        if len(words) < 2 or not _DRAFT_WORDS.isdisjoint(words):
            continue  # "INSERT TOPIC HERE" is a draft marker, not shouting
        shouted = sum(
            1 for w in words
            if w in ix.short_words or (len(w) >= 4 and w not in ix.acronyms)
        )
        if shouted >= 2:
            out.append((start, end, rule, None))


# --- length -------------------------------------------------------------------------------

def _length(text: str, count: int, max_words: int, plan: Plan, out: list[Hit]) -> None:
    rule = plan.too_long
    if count > max_words and rule is not None:
        # What follows the first ``max_words`` words starts at the next word.
        rest = text.split(maxsplit=max_words)[-1]
        out.append((len(text) - len(rest), len(text), rule, {"limit": max_words, "count": count}))
    rule = plan.too_short
    if count < plan.min_words and rule is not None:
        out.append((0, 0, rule, {"limit": plan.min_words, "count": count}))
    rule = plan.long_sentence
    sentence_words = plan.sentence_words
    if count <= sentence_words or rule is None:
        return
    # Lines, then ". " / "? " / "! " (replaced length for length, so offsets hold):
    # plain str methods are several times faster than a regex split here.
    floor = 2 * sentence_words
    line_start = 0
    for line in text.split("\n"):
        # More than N words take 2N + 1 characters at least. (Words may be apart by any
        # whitespace, a tab or a no-break space: only split() counts them.)
        if len(line) > floor:
            pos = line_start
            for sentence in line.replace("? ", ". ").replace("! ", ". ").split(". "):
                size = len(sentence)
                if size > floor:
                    n = len(sentence.split())
                    if n > sentence_words:
                        lead = size - len(sentence.lstrip())
                        end = pos + len(sentence.rstrip())
                        if end < len(text) and text[end] in ".?!":
                            end += 1
                        out.append((pos + lead, end, rule, {"limit": sentence_words, "count": n}))
                pos += size + 2
        line_start += len(line) + 1


# --- personalization ----------------------------------------------------------------------

_topic_cache: dict[tuple[int, str | int | None], tuple[InterviewNotes, tuple[Topic, ...]]] = {}


def _topic_texts(notes: InterviewNotes, interviewer: str | int | None) -> list[str]:
    # Without an interviewer, any topic of the panel counts; with one, the notes' own
    # lookup (a full name in any case, or an index), as drafts use it.
    chosen = list(notes.interviewers) if interviewer is None else [notes.interviewer(interviewer)]
    texts = [t for p in chosen for t in p.topics]
    return texts + list(notes.topics) + list(notes.strengths)


def topic_stems(notes: InterviewNotes, interviewer: str | int | None) -> tuple[Topic, ...]:
    """The content-word stems of every topic that counts, cached per notes object."""
    key = (id(notes), interviewer)
    hit = _topic_cache.get(key)
    if hit is not None and hit[0] is notes:
        return hit[1]
    found = (topic(text) for text in _topic_texts(notes, interviewer))
    # Words the role or the company's name holds cite nothing, whole or in part: any
    # email names the role ("the Engineering Manager role" is no "engineers" topic).
    common = common_words(notes.role, notes.company)
    # A topic of those words alone is no topic (as one of stop words alone is none).
    result = tuple(w for t in found if t is not None and (w := _without(t, common))[1])
    if len(_topic_cache) > 256:
        _topic_cache.clear()
    _topic_cache[key] = (notes, result)
    return result


def _without(t: Topic, common: str) -> Topic:
    """Topic ``t`` without the words of ``common`` (the role and the company)."""
    kept = tuple(p for p in t[1] if p.rstrip() not in common)
    if len(kept) == len(t[1]):
        return t  # its key words are among its stems, so none is in ``common`` either
    return (t[0], kept, min(t[2], len(kept)), tuple(k for k in t[3] if k not in common))


def _cites(padded: str, topics: tuple[Topic, ...]) -> bool:
    """True when the text (``padded``, its words text) cites one of the topics."""
    for _, probes, need, keys in topics:
        for key in keys:
            if key in padded:
                return True
        got = 0
        for probe in probes:
            if probe in padded:
                got += 1
                if got >= need:
                    return True
    return False


@lru_cache(maxsize=4096)
def _forms(text: str) -> tuple[tuple[str, ...], ...]:
    """Per content-word stem of a topic (as :func:`.topics.topic` counts them), the probes of every
    form of its words: "led" is cited by "leading", "ran" by "running" (lemminflect,
    loaded only when the stems alone find no topic)."""
    from ..phrasing import word_forms

    stop = index().stopwords
    groups: dict[str, set[str]] = {}
    for word in text.translate(WORDS).split():
        if word not in stop and (len(word) > 1 or word.isdigit()):
            groups.setdefault(stem(word), set()).update(map(stem, word_forms(word)))
    return tuple(
        tuple(sorted(" " + s if len(s) >= 3 else " " + s + " " for s in stems))
        for stems in groups.values()
    )


def _cites_forms(padded: str, topics: tuple[Topic, ...]) -> bool:
    """``_cites`` with every inflection of each topic word (irregular ones too)."""
    for text, kept, need, _ in topics:
        got = 0
        for probes in _forms(text):
            # A word of the role or company (dropped from ``kept``) counts for nothing.
            if any(p in kept for p in probes) and any(probe in padded for probe in probes):
                got += 1
                if got >= need:
                    return True
    return False


# --- clause rules (word classes within one sentence, see ._clause) -----------------------

_WORD_RUN = lazy(globals(), "_WORD_RUN", r"[^ ]++")


def undouble(padded: str, words: list[str] | None = None) -> str:
    """``padded`` with each word that repeats the word before it ("any any update")
    blanked out, length for length, so a phrase with a word doubled by mistake still
    matches (``padded`` itself when none is); ``words`` are its words when the caller has
    them. An emphatic word said twice ("please, please", "really really") stays: the
    repetition is the pleading the tone rules judge. The test for a doubled word runs in C."""
    if words is None:
        words = padded.split()
    if not any(map(str.__eq__, words, words[1:])):
        return padded
    emphatic = load_words()["emphatic"]
    parts: list[str] = []
    last, previous = 0, ""
    for m in _WORD_RUN.finditer(padded):
        word = m.group()
        if word == previous and word.isalpha() and word not in emphatic:
            parts.append(padded[last : m.start()] + " " * len(word))
            last = m.end()
        previous = word
    parts.append(padded[last:])
    return "".join(parts)


# One clause of a clause rule, compiled: the bits of the classes it requires, its rule,
# the clause, and the class its rule's sentences split at (or None).
ClauseEntry = tuple[int, Rule, CompiledClause, WordClass | None]


class Needs:
    """Which of many needs (sets of class bits, below ``1 << shift``) a mask holds, for
    all of them at once in a few operations on one big integer, in C.

    Each need sits in a lane of whole bytes with a spare top bit (the guard). For a mask,
    ``needs & ~mask`` (every lane at once) leaves in a lane the classes its need lacks;
    adding all ones below the guard carries into the guard exactly when that is not
    zero, and never into the next lane. The guard bytes then say, need by need, held or
    not, as ``itertools.compress`` reads them.
    """

    __slots__ = ("_all", "_classes", "_guards", "_needs", "_ones", "_repeat", "_size", "_total")

    def __init__(self, needs: Sequence[int], shift: int) -> None:
        size = shift // 8 + 1  # bytes per lane: the top bit of the last one is spare
        width = 8 * size
        repeat = sum(1 << (k * width) for k in range(len(needs)))
        self._size = size
        self._total = size * len(needs)
        self._repeat = repeat
        self._classes = (1 << shift) - 1
        self._all = self._classes * repeat
        self._needs = sum(need << (k * width) for k, need in enumerate(needs))
        self._ones = ((1 << (width - 1)) - 1) * repeat
        self._guards = (1 << (width - 1)) * repeat

    def held(self, mask: int) -> bytes:
        """One byte per need, in order: not zero when ``mask`` holds every bit of it."""
        lacking = self._needs & (self._all ^ (mask & self._classes) * self._repeat)
        held = self._guards ^ ((lacking + self._ones) & self._guards)
        if not held:
            return b""
        return held.to_bytes(self._total, "little")[self._size - 1 :: self._size]


def _entries(
    rules: Iterable[Rule], cx: ClassIndex, terms: dict[Term, Compiled]
) -> tuple[ClauseEntry, ...]:
    out: list[ClauseEntry] = []
    for rule in rules:
        split = None if rule.split is None else cx.classes[rule.split]
        for clause in rule.clauses:
            compiled = compile_clause(clause, cx, terms)
            out.append((compiled.need, rule, compiled, split))
    return tuple(out)


class Clauses:
    """The clauses of a plan's clause rules and of its missing-content rules, compiled (see
    ._clause) once per plan, on the first text that reaches them; and, per set of
    missing-content rules still to satisfy, every clause to try with their needs, made
    once."""

    __slots__ = ("_by_code", "_tried", "cx")

    def __init__(self, plan: Plan, cx: ClassIndex) -> None:
        terms: dict[Term, Compiled] = {}
        self.cx = cx
        self._by_code = {r.code: _entries((r,), cx, terms) for k in KINDS for r in plan.content[k]}
        rules = _entries(plan.clause_rules, cx, terms)
        self._tried: dict[tuple[str, ...], tuple[tuple[ClauseEntry, ...], Needs]] = {
            (): (rules, Needs([e[0] for e in rules], cx.shift))
        }

    def tried(self, codes: tuple[str, ...]) -> tuple[tuple[ClauseEntry, ...], Needs]:
        """The clause rules' entries, then those of the missing-content rules ``codes``,
        and their needs."""
        found = self._tried.get(codes)
        if found is None:
            entries = self._tried[()][0]
            for code in codes:
                entries += self._by_code[code]
            found = self._tried[codes] = (entries, Needs([e[0] for e in entries], self.cx.shift))
        return found


def _clauses(plan: Plan) -> Clauses:
    found = plan.clause_entries
    if found is None:
        found = plan.clause_entries = Clauses(plan, class_index())
    return found


def _clause_hits(
    text: str,
    padded: str,
    tokens: list[str],
    plan: Plan,
    content: tuple[str, ...],
    satisfied: set[str],
    out: list[Hit],
) -> None:
    """Hits of the clause rules, one per rule and sentence, added to ``out`` unless an
    enabled phrase rule of the same category already covers that sentence; and the
    missing-content rules whose codes are in ``content`` that some sentence satisfies,
    added to ``satisfied``. ``tokens`` are the words of ``padded`` (read as a set).

    The key words the whole text holds (one set intersection in C) give the bits of its
    classes; if they hold no clause's need (:class:`Needs`), nothing more is read. Each
    sentence is then reduced to its bits once, and only the clauses whose needs its bits
    hold are tried on it.
    """
    clauses = plan.clause_entries or _clauses(plan)
    cx = clauses.cx
    words = cx.keys.intersection(tokens)
    bits_of = cx.masks.__getitem__
    question = "?" in text
    mask = reduce(or_, map(bits_of, words), cx.question if question else 0)
    entries, needs = clauses.tried(content)
    if not needs.held(mask):
        return
    enabled = plan.enabled
    covered: Callable[[str, int, int], bool] | None = None
    # The sentences (see ._clause.sentences), each reduced to its bits.
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    ends.append(len(text))
    start = 0
    for end in ends:
        begin, start = start, end
        tokens = padded[begin + 1 : end + 1].split()
        if not tokens:
            continue
        asks = question and "?" in text[begin:end]
        keys = words.intersection(tokens)
        # (A sentence's bits are some of the text's: what they hold, the text's hold.)
        bits = reduce(or_, map(bits_of, keys), cx.question if asks else 0)
        held = needs.held(bits)
        if not held:
            continue
        todo = list(compress(entries, held))
        if not todo:
            continue
        sentence = Sentence(tokens, asks, cx, bits, keys)
        done: set[str] = set()  # the rules this sentence matched
        for _, rule, clause, split in todo:
            code = rule.code
            if code in done or code in satisfied or not holds(clause, split, sentence):
                continue
            done.add(code)
            if rule.check:  # a missing-content rule, now satisfied
                satisfied.add(rule.code)
                continue
            chunk = text[begin:end]
            first = begin + len(chunk) - len(chunk.lstrip())
            last = begin + len(chunk.rstrip())
            if covered is None:
                covered = _coverage([h for h in out if h[2].code in enabled])
            if not covered(rule.category, first, last):
                out.append((first, last, rule, None))


def _coverage(hits: list[Hit]) -> Callable[[str, int, int], bool]:
    """A test of whether some hit of a category overlaps a span, in logarithmic time (a
    text of thousands of sentences and phrase hits must not take their product)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for h in hits:
        spans.setdefault(h[2].category, []).append((h[0], h[1]))
    table: dict[str, tuple[list[int], list[int]]] = {}
    for category, found in spans.items():
        found.sort()
        # Among the hits starting before a span ends, the furthest end says it all.
        reach = list(accumulate((e for _, e in found), max))
        table[category] = ([s for s, _ in found], reach)

    def covered(category: str, first: int, last: int) -> bool:
        found = table.get(category)
        if found is None:
            return False
        starts, reach = found
        before = bisect_left(starts, last)
        return before > 0 and reach[before - 1] > first

    return covered


_PAREN = lazy(globals(), "_PAREN", r"\(([^()\n]{1,80}+)\)")
# The words a slot in parentheses starts with: an instruction to the writer ("insert
# what excites you", "name the position") or whose value it is ("your name").
_PAREN_SLOT = lazy(
    globals(), "_PAREN_SLOT",
    r"(?i)(?:insert|add|name|mention|describe|include|enter|fill|put|specify|state|type|"
    r"write|your|interviewer'?s?|recruiter'?s?|hiring manager'?s?|company|job title|"
    r"position title|date|first name|last name)\b"
)


def _parens(text: str, rule: Rule, out: list[Hit]) -> None:
    """Slots in parentheses: "(insert what excites you)", "(your name)"; not inside
    another slot ("%(name)s" is a template variable)."""
    taken = [(h[0], h[1]) for h in out if h[2].category == "placeholder"]
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        start, end = m.span()
        if (
            _PAREN_SLOT.match(inner)
            and len(inner.split()) <= 12
            and not any(s < end and start < e for s, e in taken)
        ):
            out.append((start, end, rule, {"match": _short(m.group())}))


def _drop_double_reports(out: list[Hit]) -> list[Hit]:
    """A generic finding inside a placeholder ("Dear [Hiring Manager]") is the
    placeholder, reported once, not also an impersonal salutation."""
    slots = [(h[0], h[1]) for h in out if h[2].category == "placeholder" and h[1] > h[0]]
    if not slots:
        return out
    return [
        h for h in out
        if h[2].category != "generic" or not any(s < h[1] and h[0] < e for s, e in slots)
    ]


# --- entry points -------------------------------------------------------------------------


def check_body(
    text: str,
    kind: str,
    notes: InterviewNotes | None,
    interviewer: str | int | None,
    plan: Plan,
) -> tuple[list[Hit], int]:
    """Every hit in the body (unsorted) and its word count."""
    ix = plan.ix
    out: list[Hit] = []
    marks: bytes | None = None
    if text.isascii():
        raw = text.encode("ascii")
        words = raw.translate(_WORDS_ASCII).decode("ascii")
        spaces = raw.translate(_SPACES_ASCII)
        count = spaces.count(b" x") + (spaces[:1] == b"x")
        marks = raw.translate(_MARKS_ASCII)
    else:
        words = text.translate(WORDS)
        count = len(text.split())
    text, padded = _readable(text, f" {words} ")
    # Phrases and clauses read past a doubled word; the garbled check needs to see it.
    # The words are split once for all three: the phrase index and the clauses use them
    # as a set, which blanking a repeated word does not change.
    plain = padded.split()
    scan = undouble(padded, plain)
    satisfied, marker = _scan(ix, scan, out, plain)
    content = tuple(r.code for r in plan.content[kind] if r.clauses and r.code not in satisfied)
    if plan.clause_rules or content:
        _clause_hits(text, scan, plain, plan, content, satisfied, out)
    if plan.exclamation is not None and "!" in text and text.count("!") > 1:
        bangs = without_names(text, notes, "!")  # "Yahoo!" is a name, not a shout
        if bangs.count("!") > 1:
            _exclamations(bangs, plan.exclamation, out)
    # Placeholders and shouting need a bracket ("[{<%_") or two capitals in a row.
    if marks is None or _BRACKET_MARK in marks or marks.find(b"AA") >= 0:
        _surface(ix, text, plan, marks, marker, out)
    if plan.garbled is not None:
        plan.garbled.check(text, padded, notes, out, plain)
    if plan.paren is not None and "(" in text:
        _parens(text, plan.paren, out)
    max_words = plan.max_words[kind]
    if count > plan.sentence_words or count > max_words or count < plan.min_words:
        _length(text, count, max_words, plan, out)
    for rule in plan.content[kind]:
        if rule.code not in satisfied:
            out.append((0, 0, rule, None))
    if notes is not None:
        personal = plan.personal[kind]
        if personal is not None:
            topics = topic_stems(notes, interviewer)
            if topics and not _cites(padded, topics) and not _cites_forms(padded, topics):
                out.append((0, 0, personal, {"topic": topics[0][0]}))
    return _drop_double_reports(out), count


def check_subject(
    subject: str, plan: Plan, notes: InterviewNotes | None = None
) -> list[Hit]:
    """Every hit in the subject line (unsorted); *notes* tell names as written."""
    ix = plan.ix
    out: list[Hit] = []
    ascii_ = subject.isascii()
    subject, padded = _readable(subject, f" {words_of(subject)} ")
    plain = padded.split()
    scan = undouble(padded, plain)
    _, marker = _scan(ix, scan, out, plain)
    if plan.clause_rules:
        _clause_hits(subject, scan, plain, plan, (), set(), out)
    if plan.exclamation is not None and "!" in subject and subject.count("!") > 1:
        bangs = without_names(subject, notes, "!")
        if bangs.count("!") > 1:
            _exclamations(bangs, plan.exclamation, out)
    marks = subject.encode("ascii").translate(_MARKS_ASCII) if ascii_ else None
    if marks is None or _BRACKET_MARK in marks or marks.find(b"AA") >= 0:
        _surface(ix, subject, plan, marks, marker, out)
    if plan.garbled is not None:
        plan.garbled.check(subject, padded, notes, out)
    rule = plan.long_subject
    if len(subject) > plan.subject_chars and rule is not None:
        limit = plan.subject_chars
        out.append((limit, len(subject), rule, {"limit": limit, "count": len(subject)}))
    if plan.paren is not None and "(" in subject:
        _parens(subject, plan.paren, out)
    return _drop_double_reports(out)
