"""The phrase grammar: a note as written, made to fit its slot in a sentence.

People jot notes down as verb phrases ("redesign the onboarding flow"), sentences ("We
talked about how findings reach the roadmap."), questions ("How do you measure impact?")
or labels ("Portfolio"). A draft cannot paste them after "about" or "my background in":
each note is normalised for its slot first, and its *shape* tells the templates which
frames can hold it (issue 13 in the tracker; the corpus in ``tests/phrasing`` is the
contract).

Inflection comes from `lemminflect <https://github.com/bjascob/LemmInflect>`_: a
lexicon-based English lemmatiser and inflecter (pure Python, its data packaged in the
wheel, MIT). It knows a word's parts of speech ("design" is a noun and a verb, "ran" only a
verb), gives lemmas of past forms (``ran`` -> ``run``) and spells inflections right
(``running``, ``making``, ``measures``), which ``inflect`` (plurals, articles and ordinals,
no lemmas and no parts of speech) cannot. Its tables take about a second to load, so
its answers are read from a cache file that the first process builds (``_lexicon.py``);
lemminflect itself runs only for what the file does not hold. Every result here is also
cached per phrase.

>>> topic_phrase("How do you measure design impact?").text
'how you measure design impact'
>>> strength_phrase("I led the WCAG 2.2 overhaul.").text
'leading the WCAG 2.2 overhaul'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

from . import _lexicon

__all__ = [
    "Phrase",
    "company_phrase",
    "greeting_for",
    "material_phrase",
    "role_phrase",
    "strength_phrase",
    "topic_phrase",
    "word_forms",
]

# A topic reads after "about" (a noun phrase, a gerund or an indirect question) or, when it
# is a statement that cannot be reduced, after "your point that".
TopicShape = Literal["about", "that"]
# A strength is an area ("healthcare UX"), something done ("leading the audit"), something
# the candidate has ("deep knowledge of Kafka", read after "my"), years of experience
# ("8 years in fintech") or a quality ("fluent in Spanish", read after "I'm").
StrengthShape = Literal["area", "doing", "mine", "years", "quality"]

_SPACES = re.compile(r"\s+")
_SINGLE_LETTER_ABBREVIATION = re.compile(r"(?:\w\.){2,}$")
_YEARS = re.compile(
    r"^(?P<n>\d[\d,.]*\s*\+?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|twenty|several|many|a few|a couple of)\s+(?:\+\s*)?years?\b",
    re.IGNORECASE,
)
# Hangul Jamo, kana, Hangul compatibility Jamo, CJK ideographs, Hangul syllables.
_CJK_CLASS = "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
_CJK_FIRST = "\u1100"
_TRAILING = ".!?;:,…"


@dataclass(frozen=True)
class Phrase:
    """A note normalised for its slot: the *text* to place and its *shape*."""

    text: str
    shape: str


class _Words(NamedTuple):
    # A NamedTuple, not a dataclass: 25 fields cost a dataclass milliseconds at import.
    function: frozenset[str]
    proper: frozenset[str]
    common: frozenset[str]
    abbreviations: frozenset[str]
    reporting: tuple[str, ...]
    subjects: tuple[str, ...]
    wh: frozenset[str]
    do: frozenset[str]
    be: frozenset[str]
    modal: frozenset[str]
    boundaries: frozenset[str]
    pronouns: frozenset[str]
    question_verbs: frozenset[str]
    verb_prefixes: frozenset[str]
    base_past: frozenset[str]
    participles: frozenset[str]
    verb_followers: frozenset[str]
    possessed: tuple[str, ...]
    qualities: frozenset[str]
    role_nouns: frozenset[str]
    own_materials: tuple[str, ...]
    honorifics: frozenset[str]
    particles: frozenset[str]
    numbers: tuple[str, ...]
    months: tuple[str, ...]


@lru_cache(maxsize=1)
def words() -> _Words:
    """The word lists of ``phrasing.toml``, read once (parsed by an earlier process when
    the linter's cache folder holds it: tomllib takes milliseconds, JSON microseconds)."""
    from importlib.resources import files

    from .linting._cache import load_toml

    data = load_toml(files("followup_mail") / "phrasing.toml")
    by_length = sorted(data["reporting"], key=len, reverse=True)  # longest first
    return _Words(
        function=frozenset(data["function_words"]),
        proper=frozenset(data["proper_words"]),
        common=frozenset(data["common_terms"]),
        abbreviations=frozenset(data["abbreviations"]),
        reporting=tuple(by_length),
        subjects=tuple(data["subjects"]),
        wh=frozenset(data["wh_words"]),
        do=frozenset(data["do_auxiliaries"]),
        be=frozenset(data["be_auxiliaries"]),
        modal=frozenset(data["modal_auxiliaries"]),
        boundaries=frozenset(data["boundaries"]),
        pronouns=frozenset(data["pronouns"]),
        question_verbs=frozenset(data["question_verbs"]),
        verb_prefixes=frozenset(data["verb_prefixes"]),
        base_past=frozenset(data["base_past_verbs"]),
        participles=frozenset(data["participle_adjectives"]),
        verb_followers=frozenset(data["verb_followers"]),
        possessed=tuple(data["possessed_heads"]),
        qualities=frozenset(data["qualities"]),
        role_nouns=frozenset(data["role_nouns"]),
        own_materials=tuple(data["own_materials"]),
        honorifics=frozenset(data["honorifics"]),
        particles=frozenset(data["name_particles"]),
        numbers=tuple(data["numbers"]),
        months=tuple(data["months"]),
    )


# -- morphology (lemminflect's answers, through the cache of _lexicon.py) --------------------


@lru_cache(maxsize=8192)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return _lexicon.lemmas(word)


@lru_cache(maxsize=8192)
def word_forms(word: str) -> frozenset[str]:
    """Every form of every lemma of *word*, itself included ("led" -> lead, leads, led,
    leading; "ran" -> run, runs, ran, running): what the linter's personalization check
    accepts for a topic's word when its stem alone finds nothing."""
    lower = word.lower()
    forms = {lower}
    for lemmas in _lemmas(lower).values():
        for lemma in lemmas:
            forms.add(lemma)
            for inflected in _lexicon.inflections(lemma).values():
                forms.update(inflected)
    return frozenset(forms)


def _inflect(lemma: str, tag: str) -> str:
    forms = _lexicon.inflection(lemma, tag)
    return forms[0] if forms else lemma


@lru_cache(maxsize=4096)
def _past_lemma(word: str) -> str | None:
    """The verb lemma when *word* is a past form ("ran", "refactored"), else None."""
    lower = word.lower()
    lemmas = _lemmas(lower).get("VERB")
    if lemmas:
        lemma = lemmas[0]
        if lemma != lower and (lower.endswith("ed") or lower in _past_forms(lemma)):
            return lemma
        return None
    if lower.endswith("ed") and not _lemmas(lower) and lower.isalpha():
        # Not in the lexicon ("refactored"): lemminflect's rules for unknown words.
        guess = _lexicon.lemmas_oov(lower, "VERB").get("VERB")
        return guess[0] if guess else None
    return None


def _past_forms(lemma: str) -> set[str]:
    return {*_lexicon.inflection(lemma, "VBD"), *_lexicon.inflection(lemma, "VBN")}


def _is_base_verb(word: str) -> bool:
    return word.lower() in _lemmas(word).get("VERB", ())


def _gerund(word: str) -> str:
    """The -ing form of a verb in base or past form, keeping a hyphenated prefix."""
    head, dash, last = word.lower().rpartition("-")
    lemma = _past_lemma(last) or last
    return f"{head}{dash}{_inflect(lemma, 'VBG')}"


def _verb_start(tokens: list[str]) -> bool:
    """True when the phrase starts with a verb in base or past form ("ran tests")."""
    prefix, _, first = tokens[0].lower().rpartition("-")
    if prefix and prefix not in words().verb_prefixes:
        return False  # "AI-assisted code review" is a noun phrase
    if not first.isalpha() or (tokens[0][0].isupper() and tokens[0] in words().proper):
        return False
    nxt = tokens[1].lower() if len(tokens) > 1 else ""
    if first.endswith("ing"):
        return False
    if first in words().base_past and nxt:
        return True
    # An object that is a number or an amount ("closed $1.2M", "hired 12") follows a verb.
    counted = nxt[:1].isdigit() or nxt[:1] in "$€£¥" or nxt in words().numbers
    if first in words().participles and nxt not in words().verb_followers and not counted:
        return False
    lemmas = _lemmas(first)
    past = _past_lemma(first)
    # A past form opening a note is a verb ("drove the move", "ran tests"), unless the word
    # is also an adjective ("managed services", "left navigation") without an object after.
    if past is not None and ("ADJ" not in lemmas or nxt in words().verb_followers or counted):
        return True
    if _is_base_verb(first):
        only_verb = "NOUN" not in lemmas and "ADJ" not in lemmas
        return (only_verb and nxt != "") or nxt in words().verb_followers
    return False


# -- shared steps -----------------------------------------------------------------------------


def _clean(text: str) -> str:
    """One space between words; sentence punctuation off the end (not an abbreviation's)."""
    text = _SPACES.sub(" ", text).strip()
    while text and text[-1] in _TRAILING:
        last = text.rsplit(" ", 1)[-1]
        if text[-1] == "." and (
            last.lower() in words().abbreviations or _SINGLE_LETTER_ABBREVIATION.search(last)
        ):
            break
        text = text[:-1].rstrip()
    return text


def _keeps_capital(word: str, names: frozenset[str]) -> bool:
    """True for an acronym, a mixed-case word, a name or a product: its capital stays."""
    bare = word.removesuffix("'s").removesuffix("\u2019s")
    if not bare or not bare[0].isupper():
        return True
    if "-" in bare.strip("-"):
        # A compound is judged by its first part: "On-call" is lowered, "AI-assisted" not.
        return _keeps_capital(bare.split("-", 1)[0], names)
    if bare == "I" or any(c.isupper() for c in bare[1:]) or not bare.isalpha():
        return bool(bare != bare.capitalize() or not bare.isalpha())
    if bare in words().proper or bare in names:
        return bare.lower() not in words().function
    lower = bare.lower()
    if lower in words().function or lower in words().common:
        return False
    if _lemmas(lower):
        return False
    # Unknown to the lexicon: a name ("Kafka", "Okafor"), unless it is an English -ing
    # form the lexicon lacks ("Onboarding").
    return not (lower.isascii() and lower.endswith("ing") and len(lower) > 5)


def _is_title(tokens: list[str]) -> bool:
    """Three or more words, each capitalised: a title as written ("Designing Data-...")."""
    content = [t for t in tokens if t.lower() not in words().function]
    return len(content) >= 3 and all(t[:1].isupper() for t in content)


def _lower_first(text: str, names: frozenset[str]) -> str:
    """The note's sentence capital lowered, and the habit capitals of common words that
    follow it ("Case Study" -> "case study"), up to the first name or lower-case word."""
    tokens = text.split(" ")
    if not tokens[0] or _is_title(tokens) or _keeps_capital(tokens[0], names):
        return text
    # After "The", "Our"... a capital marks a name ("The Stripe integration"): stop there.
    stop = 1 if tokens[0].lower() in words().function else len(tokens)
    for i, token in enumerate(tokens[:stop]):
        if i and (not token[:1].isupper() or _keeps_capital(token, names)):
            break
        tokens[i] = token[0].lower() + token[1:]
    return " ".join(tokens)


def _names(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.removesuffix("'s") for name in names for w in name.split())


# -- topics -------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def topic_phrase(text: str, names: tuple[str, ...] = ()) -> Phrase:
    """A topic for "our conversation about ...": a noun phrase, gerund or indirect question.

    A statement that cannot be reduced keeps its words and gets the shape ``that``.
    """
    is_question = text.rstrip().endswith("?")
    cleaned = _clean(text)
    known = _names(names)
    if not cleaned:
        return Phrase(text.strip(), "about")
    reduced = _reported(cleaned)
    if reduced is not None:
        cleaned = reduced
    tokens = cleaned.split(" ")
    first = tokens[0].lower()
    if is_question or (len(tokens) > 2 and first in words().wh | words().do | words().be
                       and tokens[1].lower() in words().do | words().be | words().modal):
        indirect = _indirect(tokens)
        if indirect is not None:
            return Phrase(_lower_first(indirect, known), "about")
        return Phrase(f"“{cleaned}?”", "about")
    own = _own_action(tokens)
    if own is not None:
        return Phrase(own, "about")
    if _verb_start(tokens):
        return Phrase(" ".join([_gerund(tokens[0]), *tokens[1:]]), "about")
    if len(tokens) > 2 and first in ("the", "a", "an", "our", "their") and _has_finite_verb(
        tokens[1:]
    ):
        return Phrase(_lower_first(cleaned, known), "that")
    return Phrase(_lower_first(cleaned, known), "about")


def _reported(text: str) -> str | None:
    """"We talked about X" -> "X"; None when the note does not report a conversation."""
    lower = text.lower()
    for subject in ("", *(s + " " for s in words().subjects)):
        if subject and not lower.startswith(subject):
            continue
        rest = lower[len(subject):]
        for verb in words().reporting:
            if rest.startswith(verb + " "):
                start = len(subject) + len(verb) + 1
                remainder = text[start:].strip()
                # "asked how on-call works" keeps "how"; "discussed that X" drops "that".
                return remainder.removeprefix("that ").strip() or None
    return None


def _own_action(tokens: list[str]) -> str | None:
    """"I led X" / "I have shipped X" / "I was responsible for X" -> a gerund phrase."""
    lead = tokens[0].lower().replace("\u2019", "'")
    if lead not in ("i", "i've", "i'm", "we", "we've") or len(tokens) < 2:
        return None
    rest = tokens[1:]
    if lead in ("i'm",):
        return " ".join(["being", *rest])
    if lead in ("i've", "we've"):
        rest = ["have", *rest]
    if rest[0].lower() in ("have", "had", "has") and len(rest) > 1:
        rest = rest[1:]
    if rest[0].lower() in ("was", "am", "were", "are") and len(rest) > 1:
        return " ".join(["being", *rest[1:]])
    verb = rest[0]
    if _past_lemma(verb) is not None or _is_base_verb(verb):
        return " ".join([_gerund(verb), *rest[1:]])
    return None


def _has_finite_verb(tokens: list[str]) -> bool:
    """A statement: a form of "be"/"have" or a third-person verb after the subject."""
    for token in tokens[1:4]:
        lower = token.lower()
        if lower in words().be or lower in ("has", "have", "will", "won't", "can't"):
            return True
    return False


def _indirect(tokens: list[str]) -> str | None:
    """A direct question as an indirect one; None when its parts cannot be found."""
    w = words()
    lowered = [t.lower() for t in tokens]
    if lowered[0] in w.wh:
        aux_at = next(
            (i for i in range(1, min(4, len(tokens))) if lowered[i] in w.do | w.be | w.modal),
            None,
        )
        if aux_at is None:
            # "Who owns the platform?": the question word is the subject; nothing moves.
            return " ".join(tokens)
        lead = [lowered[0], *tokens[1:aux_at]]
    elif lowered[0] in w.do | w.be | w.modal:
        aux_at, lead = 0, ["whether"]
    else:
        return None
    aux, rest = lowered[aux_at], tokens[aux_at + 1:]
    if not rest:
        return None
    subject_end = _subject_end(rest)
    if subject_end is None:
        return None
    subject, after = rest[:subject_end], rest[subject_end:]
    if aux in w.do:
        if not after:
            return None
        verb = after[0]
        if aux == "does":
            verb = _inflect(verb.lower(), "VBZ")
        elif aux == "did":
            verb = _inflect(verb.lower(), "VBD")
        return " ".join([*lead, *subject, verb, *after[1:]])
    if aux in w.be and lowered[0] in ("what", "who", "which") and aux_at > 0:
        # "What is the team's biggest challenge?" -> "what the team's biggest challenge is",
        # unless a participle follows ("what the team is working on").
        at = next((i for i, t in enumerate(rest) if t.lower().endswith("ing") and i > 0), None)
        if at is None:
            return " ".join([*lead, *rest, aux])
        return " ".join([*lead, *rest[:at], aux, *rest[at:]])
    return " ".join([*lead, *subject, aux, *after])


def _subject_end(rest: list[str]) -> int | None:
    """Where the subject of a question's clause ends (index of its verb or complement)."""
    w = words()
    first = rest[0].lower()
    if first in w.pronouns or (rest[0][:1].isupper() and len(rest) > 1 and first not in w.function):
        return 1
    start = 1 if first in w.function else 0
    if start >= len(rest):
        return None
    end = start + 1
    # Possessives and modifiers: the subject runs to the last base-form verb before a
    # boundary word ("the platform team | handle on-call").
    stop = next((i for i in range(end, len(rest)) if rest[i].lower() in w.boundaries), len(rest))
    verbs = [i for i in range(end, stop) if _is_base_verb(rest[i]) or _is_participle(rest[i])]
    usual = [i for i in verbs if rest[i].lower() in w.question_verbs]
    if usual:
        return usual[0]
    if verbs:
        return verbs[-1] if _is_base_verb(rest[verbs[-1]]) else verbs[0]
    return end


def _is_participle(word: str) -> bool:
    lower = word.lower()
    return (lower.endswith(("ed", "ing")) and "VERB" in _lemmas(lower)) or (
        lower in ("fully", "remote", "involved", "slow", "fast", "hybrid")
    )


# -- strengths ------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def strength_phrase(text: str, names: tuple[str, ...] = ()) -> Phrase:
    """A strength as an area, an action (gerund), a possession, years, or a quality."""
    cleaned = _clean(text)
    known = _names(names)
    if not cleaned:
        return Phrase(text.strip(), "area")
    tokens = cleaned.split(" ")
    own = _own_action(tokens)
    if own is not None:
        if own.startswith("being "):
            return Phrase(own.removeprefix("being "), "quality")
        return Phrase(own, "doing")
    if _YEARS.match(cleaned):
        # "Five years ..." is the note's sentence start: the number is lowered.
        return Phrase(cleaned[0].lower() + cleaned[1:], "years")
    lowered = cleaned.lower()
    if tokens[0].lower() in words().qualities and len(tokens) > 1 and tokens[1].lower() in (
        "in", "with", "at", "as",
    ):
        return Phrase(_lower_first(cleaned, known), "quality")
    head = re.split(r"\s(?:of|in|with|at|for)\s", lowered, maxsplit=1)[0]
    if any(head == p or head.endswith(" " + p) for p in words().possessed):
        return Phrase(_lower_first(cleaned, known).removeprefix("my "), "mine")
    if _verb_start(tokens):
        return Phrase(" ".join([_gerund(tokens[0]), *tokens[1:]]), "doing")
    first = tokens[0].lower()
    if first.endswith("ing") and "VERB" in _lemmas(first):
        return Phrase(_lower_first(cleaned, known), "doing")
    return Phrase(_lower_first(cleaned, known), "area")


# -- materials, roles, companies ----------------------------------------------------------------


@lru_cache(maxsize=1024)
def material_phrase(title: str, names: tuple[str, ...] = ()) -> tuple[str, str]:
    """(the title for a sentence, with "my" or "the" when it has no determiner; the title
    as written for a list item, less its trailing punctuation).

    >>> material_phrase("Portfolio")
    ('my portfolio', 'Portfolio')
    """
    cleaned = _clean(title)
    cleaned = re.sub(r"^(?:a |the )?link to ", "", cleaned, flags=re.IGNORECASE) or cleaned
    tokens = cleaned.split(" ")
    if _is_title(tokens):
        return cleaned, cleaned
    text = _lower_first(cleaned, _names(names))
    bare = cleaned
    first = text.split(" ", 1)[0]
    if first.lower() in words().function and first.lower() not in ("about", "on", "in", "with"):
        return text, bare
    lowered = text.lower()
    if any(re.search(rf"(?<!\w){re.escape(m)}(?!\w)", lowered) for m in words().own_materials):
        return f"my {text}", bare
    return f"the {text}", bare


@lru_cache(maxsize=1024)
def role_phrase(role: str) -> str:
    """The role without a noun the frames add ("Data Engineer role" -> "Data Engineer")."""
    cleaned = _clean(role)
    tokens = cleaned.split(" ")
    if len(tokens) > 1 and tokens[0].lower() in ("the", "a", "an"):
        tokens = tokens[1:]
    if len(tokens) > 1 and tokens[-1].lower() in words().role_nouns:
        tokens = tokens[:-1]
    return " ".join(tokens) or role


@lru_cache(maxsize=1024)
def company_phrase(company: str) -> str:
    """The company as written, less sentence punctuation at its end ("Northwind." ->
    "Northwind"); "Acme Inc." and "Yahoo!" keep theirs."""
    text = _SPACES.sub(" ", company).strip()
    while text and text[-1] in ".,;:" and not (
        text[-1] == "." and (
            text.rsplit(" ", 1)[-1].lower() in words().abbreviations
            or _SINGLE_LETTER_ABBREVIATION.search(text.rsplit(" ", 1)[-1])
        )
    ):
        text = text[:-1].rstrip()
    return text or company


# -- greetings ------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def greeting_for(name: str, form: Literal["first", "full"]) -> str:
    """How to greet *name*: "Dr. Okafor" with a title, the full name when written in CJK
    script (never a bare family name), else the first name (*form* ``"first"``) or the
    full name (``"full"``).

    >>> greeting_for("Prof. Hans Müller", "first")
    'Prof. Müller'
    """
    tokens = name.split()
    titles: list[str] = []
    while len(tokens) > 1 and tokens[0].lower() in words().honorifics:
        titles.append(tokens.pop(0))
    if _has_cjk(name):
        return name
    if titles:
        family = [tokens[-1]]
        for token in reversed(tokens[:-1]):
            if token.lower() not in words().particles or token == tokens[0]:
                break
            family.insert(0, token)
        return " ".join([*titles, *family])
    if form == "first":
        return tokens[0]
    return name


@lru_cache(maxsize=1)
def _cjk() -> re.Pattern[str]:
    return re.compile(_CJK_CLASS)


def _has_cjk(text: str) -> bool:
    # The class takes milliseconds to compile: only text past Latin, Greek and Cyrillic
    # (a character from U+1100 on) needs it.
    return max(text, default="") >= _CJK_FIRST and _cjk().search(text) is not None


def is_cjk(text: str) -> bool:
    """True when *text* holds a Chinese, Japanese or Korean character."""
    return _has_cjk(text) or any(
        unicodedata.east_asian_width(c) == "W" for c in text if not c.isascii()
    )
