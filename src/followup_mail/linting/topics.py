"""What a topic is about: its content words, as stems a text can be searched for.

The personalization check (FM8xx) asks whether a text cites a topic of the notes; the
drafting side asks which topics and strengths can be cited at all (:func:`is_specific`),
so that a draft never picks one the check could not recognise. Both read topics here.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ._text import WORDS, stem
from ._words import load_words

__all__ = ["KEY_LETTERS", "Topic", "common_words", "is_specific", "topic"]

# (topic text, stem probes, stems needed, probes of its key words)
Topic = tuple[str, tuple[str, ...], int, tuple[str, ...]]

# A content word this long is a topic's key word: citing it alone cites the topic ("the
# streaming chat" for "moving the nightly batch jobs to streaming"), unless the role or
# the company's name holds it too (then any email would cite it).
KEY_LETTERS = 5


@lru_cache(maxsize=4096)
def topic(text: str) -> Topic | None:
    """One topic's probes, or None when it holds no content word; cached by its text, so
    notes rebuilt per call cost nothing here."""
    stop = load_words()["stopwords"]
    stems: dict[str, None] = {}  # in the topic's order
    keys: dict[str, None] = {}
    for word in text.translate(WORDS).split():
        if word not in stop and (len(word) > 1 or word.isdigit()):
            stems.setdefault(stem(word))
            if len(word) >= KEY_LETTERS and word.isalpha():
                keys.setdefault(" " + stem(word))
    if not stems:
        return None
    n = len(stems)
    # What to look for in " " + words + " ": a word starting with the stem (a stem of
    # one or two letters must be the whole word).
    probes = tuple(" " + s if len(s) >= 3 else " " + s + " " for s in stems)
    return (text, probes, max(min(2, n), math.ceil(0.6 * n)), tuple(keys))


def common_words(role: str, company: str) -> str:
    """The words text of the role and the company: any email names them, so their words
    cite no topic (" data engineer acme " for "Data Engineer" at "Acme")."""
    return f" {role} {company} ".translate(WORDS)


def is_specific(text: str, common: str = "") -> bool:
    """True when the personalization check can look for *text*: it has a content word
    (a topic or strength of stop words only, such as "be", counts for nothing), and
    one that ``common`` (see :func:`common_words`) does not hold.

    >>> is_specific("Kafka"), is_specific("be")
    (True, False)
    >>> is_specific("data", common_words("Data Engineer", "Acme"))
    False
    """
    found = topic(text)
    return found is not None and any(p.rstrip() not in common for p in found[1])
