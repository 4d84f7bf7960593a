"""The rule engine: compiles the phrase rules once and runs every check on one text.

Speed matters (the benchmark wants at least 100x proselint), so the text is walked by C
code as much as possible: two ``str.translate`` passes (lower-case ASCII, straight quotes;
length-preserving, so offsets are offsets into the caller's text), one ``split`` into a
set of words, and a set intersection with the first words of all phrase patterns. Only
the first words present are searched, each with one regex that starts with that word as
a literal, so ``sre`` scans for it with its fast literal-prefix search.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice

from ..models import InterviewNotes
from ._rules import Rule, load_rules, load_word_list, load_words
from ._text import WORDS, stem

__all__ = ["Hit", "check_body", "check_subject", "topic_stems"]

Match = Callable[[str, int], "re.Match[str] | None"]

# (start, end, rule, values for the message's {placeholders} or None)
Hit = tuple[int, int, Rule, dict[str, object] | None]

_KEY = re.compile(r"[a-z0-9]+")

# ``WORDS`` as a byte table: ``bytes.translate`` is several times faster than
# ``str.translate`` with a dict, and gives the same result for ASCII text.
_WORDS_ASCII = bytes(ord(WORDS.get(i, chr(i))) for i in range(128)) + bytes(range(128, 256))


# For ASCII text: whitespace as str.split() sees it is a space, anything else an "x"
# (the word count is the number of " x" plus one for a leading "x").
_SPACES_ASCII = bytes(32 if chr(i).isspace() else 120 for i in range(128)) + b"x" * 128
# For ASCII text: capitals "A", what a placeholder starts with "[", "%" and "(" kept,
# anything else ".": one translate tells whether _surface has more than "!" to check.
_MARKS_ASCII = bytes(
    65 if chr(i).isupper() else 91 if chr(i) in "[{<_" else i if chr(i) in "%(" else 46
    for i in range(128)
) + b"." * 128


def words_of(text: str) -> str:
    """``text.translate(WORDS)``: lower-case letters and digits, every other ASCII a space."""
    if text.isascii():
        return text.encode("ascii").translate(_WORDS_ASCII).decode("ascii")
    return text.translate(WORDS)


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
def _closing(pattern: str, start: int) -> int:
    """Index of the ``)`` that closes the group opening at ``start``."""
    for i, ch, depth in _structure(pattern, start):
        if ch == ")" and depth == 0:
            return i
    raise ValueError(f"unbalanced parentheses in {pattern!r}")


@cache
def _split_top(inner: str) -> tuple[str, ...]:
    """Split *inner* at its top-level ``|``."""
    cuts = [i for i, ch, depth in _structure(inner) if ch == "|" and depth == 0]
    return tuple(inner[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(inner)], strict=True))


_LITERAL = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ")
_SEPARATORS = frozenset(" '-/,.")
_WORD_SAFE = (" ", "\\b", "\\s")


@cache
def _literal_end(v: str) -> int:
    i = 0
    while i < len(v) and v[i] in _LITERAL:
        i += 1
    if i < len(v) and v[i] in "?*+{" and i:
        i -= 1  # the last character is quantified: not part of the literal
    return i


@cache
def _word_ends_safely(rest: str) -> bool:
    """True when nothing in ``rest`` can continue the word just before it."""
    if rest == "" or rest.startswith(_WORD_SAFE):
        return True
    if rest.startswith("[") and "]" in rest:
        cls = rest[1 : rest.index("]")]
        return not any(ch.isalnum() for ch in cls) and not cls.startswith("^")
    if rest.startswith("(?:"):
        close = _closing(rest, 0)
        return all(_word_ends_safely(alt + rest[close + 1 :])
                   for alt in _split_top(rest[3:close]) if alt)
    return False


def anchors(
    pattern: str, common: dict[str, int] | None = None, most: int = 5
) -> list[tuple[str, str, str]]:
    """Split a pattern into variants that start with a literal anchor.

    Returns ``(anchor, key words, rest)``: ``anchor`` is a literal prefix holding the
    pattern's first one or two whole words (``"i am"``, ``"go-getter"``), found in the
    text with ``str.find``; ``key words`` are those words, looked up in the text's word
    and word-pair sets first; ``rest`` is the regex that must match after the anchor.
    Leading groups and separator classes are expanded: ``(?:i'm|i am) begging`` gives
    the anchors ``i'm begging`` and ``i am begging``.
    """
    common = common or {}
    out: list[tuple[str, str, str]] = []
    todo = [pattern]
    while todo:
        v = todo.pop()
        i = _literal_end(v)
        literal = v[:i]
        words = _KEY.findall(literal)
        complete = words if _word_ends_safely(v[i:]) or not literal[-1:].isalnum() else words[:-1]
        distinctive = any(w not in common for w in complete)
        if (len(complete) < 2 or (not distinctive and len(complete) < most)) and i < len(v):
            rest = v[i:]
            if rest.startswith("(?:"):
                close = _closing(rest, 0)
                after = rest[close + 1 :]
                alts = _split_top(rest[3:close])
                if after[:1] == "?":
                    alts, after = (*alts, ""), after[1:]
                if after[:1] not in ("*", "+", "{"):
                    todo.extend(literal + alt + after for alt in alts)
                    continue
            elif rest.startswith("[") and "]" in rest:
                cls = rest[1 : rest.index("]")]
                after = rest[rest.index("]") + 1 :]
                if cls and all(ch in _SEPARATORS for ch in cls):
                    opts = [" "]  # the text has spaces where it had punctuation
                    if after[:1] == "?":
                        opts, after = [*opts, ""], after[1:]
                    if after[:1] not in ("*", "+", "{"):
                        todo.extend(literal + ch + after for ch in opts)
                        continue
        if not complete:
            raise ValueError(f"a pattern must start with a plain word: {pattern!r}")
        used = complete[:most]
        # The rarest word: not in ``common`` at all, else the latest in it.
        index = max(range(len(used)), key=lambda i: common.get(used[i], len(common)))
        spans = [m.span() for m in _KEY.finditer(literal)]
        out.append((literal[: spans[index][0]], used[index], v[spans[index][0] :]))
    return out


def _bordered(lead: str, rest: str, word: str) -> bool:
    """True when ``word`` (at ``len(lead)`` in ``lead + rest``) can only match a whole word.

    A quantified space next to it (``e ?mail``) or no space before it could join it to
    its neighbour, and then the text's word set would not hold it.
    """
    after = rest[len(word) :]
    return (
        lead.endswith(" ")
        and (
            after == ""
            or after.startswith("\\b")
            or (after[:1] == " " and after[1:2] not in ("?", "*", "+", "{"))
        )
    )


def _companions(
    key: str,
    rest: str,
    leads: list[str],
    common: dict[str, int],
    tails: dict[str, frozenset[str] | None],
) -> frozenset[str] | None:
    """Words one of which a match of ``lead + rest`` (any lead) needs besides ``key``.

    Taken from the leads (the words before the key), or from what may follow the key,
    whichever is rarer; ``None`` when neither is known. ``tails`` memoises the second.
    """
    rare = len(common)

    def rarity(found: frozenset[str]) -> int:
        return min(common.get(w, rare) for w in found)

    options: list[frozenset[str]] = []
    if all(leads):
        picked = set()
        for lead in leads:
            ws = _KEY.findall(lead)
            picked.add(max(ws, key=lambda w: common.get(w, rare)))
        options.append(frozenset(picked))
        if rarity(options[0]) == rare:
            return options[0]
    tail = rest[len(key) :]
    if tail not in tails:
        tails[tail] = None
        try:
            found = anchors(tail, common, 2) if tail else []
        except ValueError:
            found = []
        if found and len(found) <= 400 and all(_bordered(a, r, w) for a, w, r in found):
            tails[tail] = frozenset(w for _, w, _ in found)
    after = tails[tail]
    if after is not None:
        options.append(after)
    return max(options, key=rarity) if options else None


@dataclass(frozen=True)
class _Compiled:
    by_key: dict[str, tuple[str, str, dict[str, tuple[Rule, int]]]]
    # Per key word: words one of which every match needs (None: no such words known)
    companions: dict[str, frozenset[str] | None]
    keys: frozenset[str]
    present_words: dict[str, frozenset[str]]
    present_rx: dict[str, re.Pattern[str] | None]
    acronyms: frozenset[str]
    short_words: frozenset[str]
    # (rule, words that satisfy it, regex that satisfies it) for missing thanks/interest
    content: tuple[tuple[Rule, frozenset[str], re.Pattern[str] | None], ...]
    personal: Rule
    stopwords: frozenset[str]


def _words_pattern(pattern: str) -> str:
    """Read a pattern as the text is read: an apostrophe or a slash is a space."""
    return pattern.replace("'", " ").replace("/", " ")


def _regex_text(pattern: str) -> str:
    """A space in a pattern matches one or more spaces (all whitespace is a space)."""
    return pattern.replace(" ?", "\0").replace(" ", " +").replace("\0", " *")


def _build() -> _Compiled:
    words = load_words()
    common = {w: i for i, w in enumerate(load_word_list("common"))}
    grouped: dict[tuple[str, str], list[tuple[str, Rule]]] = {}
    present_words: dict[str, frozenset[str]] = {}
    present_rx: dict[str, re.Pattern[str] | None] = {}
    for rule in load_rules():
        for pattern in rule.patterns:
            # Look the pattern up by as rare a word as possible (among its first seven),
            # unless reaching it takes so many variants that the compiled rules would bloat.
            for most in (5, 4, 3, 2):
                found = anchors(_words_pattern(pattern), common, most)
                if len(found) <= 400:
                    break
            for anchor, key, rest in found:
                grouped.setdefault((anchor, key), []).append((rest, rule))
        if rule.present:
            literal = [p for p in rule.present if _KEY.fullmatch(p)]
            other = [
                _regex_text(_words_pattern(p)) for p in rule.present if not _KEY.fullmatch(p)
            ]
            present_words[rule.code] = frozenset(literal)
            present_rx[rule.code] = (
                re.compile(r"(?<![a-z0-9])(?:" + "|".join(other) + r")(?![a-z0-9])")
                if other
                else None
            )
    # Per key word, one regex matched where the key is: an alternation of the patterns
    # from their key on, each behind a fixed-width look-behind for its lead words, so
    # sre checks all of them in C at each place the key occurs. Variants that share
    # their rest, rule and lead length share one alternative, whose look-behind lists
    # their leads ("when was the " | "when will the "): fewer alternatives to try.
    merged: dict[str, dict[tuple[str, Rule, int], list[str]]] = {}
    for (lead, key), items in grouped.items():
        for rest, rule in dict.fromkeys(items):
            leads = merged.setdefault(key, {}).setdefault((rest, rule, len(lead)), [])
            if lead not in leads:
                leads.append(lead)
    alternatives: dict[str, list[str]] = {}
    names: dict[str, dict[str, tuple[Rule, int]]] = {}
    companions: dict[str, frozenset[str] | None] = {}
    tails: dict[str, frozenset[str] | None] = {}
    n = 0
    for key, groups in merged.items():
        needed: set[str] | None = set()
        for (rest, rule, size), leads in groups.items():
            if needed is not None:
                more = _companions(key, rest, leads, common, tails)
                needed = None if more is None else needed | more
            name = f"r{n}"
            n += 1
            names.setdefault(key, {})[name] = (rule, size)
            behind = "|".join(re.escape(" " + lead) for lead in leads)
            alternatives.setdefault(key, []).append(
                f"(?<={behind}){_regex_text(rest)}(?![a-z0-9])(?P<{name}>)"
            )
        companions[key] = None if needed is None or key in needed else frozenset(needed)
    # Each key's regex is compiled the first time a text holds that key (see _matcher):
    # compiling all of them up front made every new process wait most of a second.
    by_key: dict[str, tuple[str, str, dict[str, tuple[Rule, int]]]] = {}
    for key, alts in sorted(alternatives.items()):
        by_key[key] = (f" {key} ", "|".join(alts), names[key])
    checks = {r.check: r for r in load_rules() if r.check}
    # The parsing caches only serve this build: free them.
    for parser in (_closing, _split_top, _literal_end, _word_ends_safely):
        parser.cache_clear()
    return _Compiled(
        content=tuple(
            (checks[name], present_words[checks[name].code], present_rx[checks[name].code])
            for name in ("missing-thanks", "missing-interest")
        ),
        personal=checks["not-personal"],
        by_key=by_key,
        companions=companions,
        keys=frozenset(by_key),
        present_words=present_words,
        present_rx=present_rx,
        acronyms=words["acronyms"],
        short_words=words["short_words"],
        stopwords=words["stopwords"],
    )


_lock = threading.Lock()
_compiled: _Compiled | None = None


def compiled() -> _Compiled:
    """The compiled rules, built on first use (thread-safe)."""
    global _compiled
    if _compiled is None:
        with _lock:
            if _compiled is None:
                _compiled = _build()
    return _compiled


def _rules_by_check() -> dict[str, Rule]:
    return {r.check: r for r in load_rules() if r.check}


_checks: dict[str, Rule] = {}


def _check(name: str) -> Rule:
    if not _checks:
        _checks.update(_rules_by_check())
    return _checks[name]


# --- phrase rules -----------------------------------------------------------------------


_matchers: dict[str, Match] = {}


def _matcher(key: str, source: str) -> Match:
    """Compile one key word's regex on first use; racing threads compile the same thing."""
    match: Match = re.compile(source).match
    _matchers[key] = match
    return match


def _phrases(
    c: _Compiled, words: str, padded: str, present: set[str] | frozenset[str], out: list[Hit]
) -> None:
    """Phrase-rule hits; ``padded`` is ``" " + words + " "``, ``present`` its words."""
    found: list[Hit] = []
    # ``words`` has only letters, digits and spaces (and non-ASCII), so " lead key "
    # finds whole words only, and str.find does the scanning in C.
    find = padded.find
    by_key = c.by_key
    # In ASCII words, a pattern's whole words are the text's words: a key none of whose
    # companion words occur cannot match (most keys are common words that rarely do).
    companions = c.companions if words.isascii() else {}
    for key in c.keys.intersection(present):
        need = companions.get(key)
        if need is not None and need.isdisjoint(present):
            continue
        probe, source, names = by_key[key]
        at = find(probe)
        if at == -1:
            continue
        match = _matchers.get(key) or _matcher(key, source)
        while at != -1:
            # The key starts at ``at + 1`` in ``padded``, which is ``at`` in the text.
            m = match(padded, at + 1)
            if m is not None:
                rule, lead = names[m.lastgroup or ""]
                found.append((at - lead, m.end() - 1, rule, None))
            at = find(probe, at + 1)
    if len(found) > 1:
        found.sort(key=lambda h: (h[0], -h[1]))
        last_end: dict[str, int] = {}
        for hit in found:
            code = hit[2].code
            if last_end.get(code, -1) > hit[0]:
                continue
            last_end[code] = hit[1]
            out.append(hit)
    else:
        out.extend(found)


# --- placeholders, shouting, exclamation marks ------------------------------------------

_BRACKET = re.compile(r"\[([^\[\]\n]{1,60})\](?!\()")
_SLOT_WORD = re.compile(
    r"(?i)\b(?:name|names|company|role|position|title|date|day|time|interviewer|manager|job|"
    r"insert|your|recipient|first|last|topic|skill|skills|project|department|link|number|"
    r"phone|email|address|city|organi[sz]ation|placeholder|candidate|hiring|recruiter|"
    r"x+|something|here|blank)\b"
)
_TITLE_WORDS = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,4}")
_TEMPLATE = re.compile(
    r"\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}|\$\{[^{}\n]{1,60}\}"
    r"|\{[A-Za-z_][A-Za-z0-9_.]{0,40}\}|%\([A-Za-z_]{1,40}\)s"
)
_ANGLE = re.compile(r"<([A-Za-z][A-Za-z _-]{0,40})>")
_HTML = frozenset((
    "a", "b", "i", "u", "p", "s", "br", "hr", "em", "strong", "div", "span", "ul", "ol", "li",
    "table", "tr", "td", "th", "code", "pre", "html", "body", "head", "sub", "sup", "small",
    "big", "tt",
))
# Literal first: sre scans for the first letters in C; the start is checked in Python.
_MARKER = re.compile(
    r"XXX+(?!\w)|TODO(?!\w)|TB[DA](?!\w)|FIXME(?!\w)|TKTK(?!\w)"
    r"|INSERT(?: [A-Z]+){0,4}(?!\w)|___+"
)
_CAPS2 = re.compile(r"[A-Z][A-Z]")
_CAPS_ADJACENT = re.compile(r"[A-Z](?:[ ,]+[A-Z][A-Z]|[A-Z][ ,]+[A-Z])")
# Two or more words in capitals (a lone word is an acronym or emphasis, not shouting).
_CAPS_RUN = re.compile(r"[A-Z][A-Z0-9']*(?:[ ,]+[A-Z][A-Z0-9']*)+(?![\w/&\-])")
_RUN_SPLIT = re.compile(r"[ ,]+")
_DRAFT_WORDS = frozenset(("INSERT", "TODO", "TBD", "TBA", "XXX", "FIXME", "TKTK"))
_BANGS = re.compile(r"!{2,}")


def _short(s: str) -> str:
    return s if len(s) <= 40 else s[:37] + "..."


def _surface(
    c: _Compiled,
    text: str,
    out: list[Hit],
    enabled: Mapping[str, object],
    marks: bytes | None = None,
) -> None:
    """Placeholders, shouting and "!!"; ``marks`` is ``text`` (ASCII) in ``_MARKS_ASCII``."""
    if text.count("!") >= 2:
        rule = _check("exclamation")
        if rule.code in enabled:
            runs = [(m.start(), m.end()) for m in _BANGS.finditer(text)]
            if not runs:
                second = text.find("!", text.find("!") + 1)
                runs = [(second, second + 1)]
            out.extend((s, e, rule, None) for s, e in runs)
    # Every remaining check needs two capitals in a row, a bracket, a brace or "___".
    if marks is not None:
        if not (b"AA" in marks or b"[" in marks or b"%(" in marks):
            return
    elif not (
        "[" in text or "{" in text or "<" in text or "_" in text or "%(" in text
        or _CAPS2.search(text)
    ):
        return
    if "[" in text:
        rule = _check("bracket-placeholder")
        if rule.code in enabled:
            for m in _BRACKET.finditer(text):
                inner = m.group(1).strip()
                if _SLOT_WORD.search(inner) or _TITLE_WORDS.fullmatch(inner):
                    out.append((m.start(), m.end(), rule, {"match": _short(m.group())}))
    if "{" in text or "%(" in text:
        rule = _check("template-variable")
        if rule.code in enabled:
            for m in _TEMPLATE.finditer(text):
                out.append((m.start(), m.end(), rule, {"match": _short(m.group())}))
    if "<" in text:
        rule = _check("angle-placeholder")
        if rule.code in enabled:
            for m in _ANGLE.finditer(text):
                if m.group(1).lower() not in _HTML:
                    out.append((m.start(), m.end(), rule, {"match": _short(m.group())}))
    rule = _check("draft-marker")
    if rule.code in enabled:
        for m in _MARKER.finditer(text):
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            out.append((start, m.end(), rule, {"match": _short(m.group())}))
    rule = _check("shouting")
    if rule.code in enabled and _CAPS_ADJACENT.search(text):
        for m in _CAPS_RUN.finditer(text):
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_/&.-"):
                continue  # inside a word ("iOS"), or part of "CI/CD"
            words = _RUN_SPLIT.split(m.group())
            if len(words) < 2 or not _DRAFT_WORDS.isdisjoint(words):
                continue  # "INSERT TOPIC HERE" is a draft marker, not shouting
            shouted = sum(
                1
                for w in words
                if w in c.short_words or (len(w) >= 4 and w not in c.acronyms)
            )
            if shouted >= 2:
                out.append((m.start(), m.end(), rule, None))


# --- length -------------------------------------------------------------------------------

_WORD = re.compile(r"\S+")


def _length(
    text: str, count: int, max_words: int, min_words: int, sentence_words: int,
    out: list[Hit], enabled: Mapping[str, object],
) -> None:
    if count > max_words:
        rule = _check("too-long")
        if rule.code in enabled:
            m = next(islice(_WORD.finditer(text), max_words, None))
            out.append((m.start(), len(text), rule, {"limit": max_words, "count": count}))
    if count < min_words:
        rule = _check("too-short")
        if rule.code in enabled:
            out.append((0, 0, rule, {"limit": min_words, "count": count}))
    rule = _check("long-sentence")
    if count > sentence_words and rule.code in enabled:
        # Lines, then ". " / "? " / "! " (replaced length for length, so offsets hold):
        # plain str methods are several times faster than a regex split here.
        floor = 2 * sentence_words
        line_start = 0
        for line in text.split("\n"):
            # count(" ") bounds the words of every sentence in the line from above.
            if len(line) > floor and line.count(" ") >= sentence_words:
                pos = line_start
                for sentence in line.replace("? ", ". ").replace("! ", ". ").split(". "):
                    size = len(sentence)
                    # count(" ") bounds the word count from above, without a list.
                    if size > floor and sentence.count(" ") >= sentence_words:
                        n = len(sentence.split())
                        if n > sentence_words:
                            lead = size - len(sentence.lstrip())
                            end = pos + len(sentence.rstrip())
                            if end < len(text) and text[end] in ".?!":
                                end += 1
                            out.append((pos + lead, end, rule,
                                        {"limit": sentence_words, "count": n}))
                    pos += size + 2
            line_start += len(line) + 1


# --- personalization ----------------------------------------------------------------------

Topic = tuple[str, tuple[str, ...], int]  # (topic text, stem probes, stems needed)

_topic_cache: dict[tuple[int, str | int | None], tuple[InterviewNotes, tuple[Topic, ...]]] = {}


def _topic_texts(notes: InterviewNotes, interviewer: str | int | None) -> list[str]:
    from ..errors import InterviewerNotFound

    people = notes.interviewers
    if interviewer is None:
        chosen = list(people)
    elif isinstance(interviewer, int) and not isinstance(interviewer, bool):
        if not -len(people) <= interviewer < len(people):
            raise InterviewerNotFound(
                f"There is no interviewer number {interviewer}; the notes list {len(people)}."
            )
        chosen = [people[interviewer]]
    else:
        wanted = str(interviewer).casefold()
        chosen = [p for p in people if wanted in (p.name.casefold(), p.first_name.casefold())]
        if not chosen:
            known = ", ".join(p.name for p in people)
            raise InterviewerNotFound(
                f"The interviewer {interviewer!r} is not in the notes (they list {known})."
            )
    texts = [t for p in chosen for t in p.topics]
    return texts + list(notes.topics) + list(notes.strengths)


@lru_cache(maxsize=4096)
def _topic(text: str) -> Topic | None:
    """One topic's probes, cached by its text: notes rebuilt per call cost nothing here."""
    stop = compiled().stopwords
    stems: list[str] = []
    for word in text.translate(WORDS).split():
        if word not in stop and (len(word) > 1 or word.isdigit()):
            s = stem(word)
            if s not in stems:
                stems.append(s)
    if not stems:
        return None
    n = len(stems)
    # What to look for in " " + words + " ": a word starting with the stem (a stem of
    # one or two letters must be the whole word).
    probes = tuple(" " + s if len(s) >= 3 else " " + s + " " for s in stems)
    return (text, probes, max(min(2, n), math.ceil(0.6 * n)))


def topic_stems(notes: InterviewNotes, interviewer: str | int | None) -> tuple[Topic, ...]:
    """The content-word stems of every topic that counts, cached per notes object."""
    key = (id(notes), interviewer)
    hit = _topic_cache.get(key)
    if hit is not None and hit[0] is notes:
        return hit[1]
    found = (_topic(text) for text in _topic_texts(notes, interviewer))
    topics = [topic for topic in found if topic is not None]
    result = tuple(topics)
    if len(_topic_cache) > 256:
        _topic_cache.clear()
    _topic_cache[key] = (notes, result)
    return result


def _cites(padded: str, topics: tuple[Topic, ...]) -> bool:
    for _, probes, need in topics:
        got = 0
        for probe in probes:
            if probe in padded:
                got += 1
                if got >= need:
                    return True
    return False


# --- entry points -------------------------------------------------------------------------


def check_body(
    text: str,
    kind: str,
    notes: InterviewNotes | None,
    interviewer: str | int | None,
    max_words: int,
    min_words: int,
    sentence_words: int,
    enabled: Mapping[str, object],
) -> tuple[list[Hit], int]:
    """Every hit in the body and its word count."""
    c = compiled()
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
    padded = " " + words + " "
    present = set(words.split())
    _phrases(c, words, padded, present, out)
    _surface(c, text, out, enabled, marks)
    if count > sentence_words or count > max_words or count < min_words:
        _length(text, count, max_words, min_words, sentence_words, out, enabled)
    for rule, need, rx in c.content:
        if (
            kind in rule.kinds
            and rule.code in enabled
            and need.isdisjoint(present)
            and (rx is None or rx.search(words) is None)
        ):
            out.append((0, 0, rule, None))
    if notes is not None:
        rule = c.personal
        if kind in rule.kinds and rule.code in enabled:
            topics = topic_stems(notes, interviewer)
            if topics and not _cites(padded, topics):
                out.append((0, 0, rule, {"topic": topics[0][0]}))
    return out, count


def check_subject(
    subject: str, *, max_chars: int, enabled: Mapping[str, object]
) -> list[Hit]:
    """Every hit in the subject line."""
    c = compiled()
    out: list[Hit] = []
    words = words_of(subject)
    _phrases(c, words, " " + words + " ", set(words.split()), out)
    _surface(c, subject, out, enabled)
    rule = _check("long-subject")
    if len(subject) > max_chars and rule.code in enabled:
        out.append((max_chars, len(subject), rule, {"limit": max_chars, "count": len(subject)}))
    return out
