"""Length-preserving normalisation tables and the tiny stemmer."""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

__all__ = ["NORM", "WHITESPACE", "WORDS", "LazyPattern", "lazy", "stem"]

_QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
           "\u2013": "-", "\u2014": "-", "\u00a0": " "}

# One character to one character, so offsets into the normalised text are offsets into
# the original text.
NORM: dict[int, str] = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
NORM.update({ord(k): v for k, v in _QUOTES.items()})
# Any whitespace (every character ``str.isspace`` accepts) becomes a plain space: the
# words of a text are then exactly what lies between spaces, and " word " finds one.
WHITESPACE = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
NORM.update({ord(c): " " for c in WHITESPACE})
# Hyphens, quotes and brackets too, so that every word of a phrase follows a space
# ("go-getter" is "go getter", "(just checking in)"): phrase patterns never need them.
NORM.update({ord(c): " " for c in '-"()[]*_\u2013\u2014\u201c\u201d'})

# Same, but every ASCII character that is not a letter or digit becomes a space: the
# result splits into plain words for key look-ups and topic matching.
WORDS: dict[int, str] = dict(NORM)
WORDS.update({i: " " for i in range(128) if not chr(i).isalnum()})
WORDS.update({ord(k): " " for k in _QUOTES})

_SUFFIXES = ("ational", "ations", "ation", "ibility", "ability", "ments", "ment", "ings", "ing",
             "ions", "ion", "ities", "ity", "ies", "ied", "ers", "er", "ed", "es", "ly", "s", "e")


def stem(word: str) -> str:
    """Strip one common English suffix, keeping at least three letters.

    Good enough to match a topic's words with their inflections as word prefixes:
    ``streaming`` and ``streams`` both give ``stream``; ``migrating`` gives ``migrat``,
    a prefix of ``migration``.
    """
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


class LazyPattern:
    """A module's regex, compiled on first use (most texts never need most of them, and
    compiling them all costs a fresh process several milliseconds). On first use it
    compiles and takes its own place in the module, so later uses cost nothing more."""

    __slots__ = ("flags", "name", "namespace", "pattern")

    def __init__(
        self, namespace: dict[str, Any], name: str, pattern: str | bytes, flags: int
    ) -> None:
        self.namespace = namespace
        self.name = name
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[Any]:
        """The compiled regex, now also the module's."""
        found = self.namespace[self.name] = re.compile(self.pattern, self.flags)
        return found

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.compiled(), attr)


def lazy(
    namespace: dict[str, Any], name: str, pattern: AnyStr, flags: int = 0
) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)`` on first use, bound to ``namespace[name]`` (write
    ``_X = lazy(globals(), "_X", ...)``)."""
    return cast("re.Pattern[AnyStr]", LazyPattern(namespace, name, pattern, flags))
