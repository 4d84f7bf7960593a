"""Hypothesis strategies that generate valid interview notes (as JSON-shaped dicts).

Names mix Latin, accented, Greek, Cyrillic and CJK letters; topics and strengths go up to
the model's length limits. ``realistic=True`` keeps them at the size people write (a few
words), which is what the built-in templates are written for.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

LETTERS = st.characters(
    categories=["Lu", "Ll", "Lo"],
    # Keep to scripts a mail client renders left to right; RTL names are tested apart.
    max_codepoint=0x9FFF,
    exclude_characters="\u0600\u06ff",
)
# Function words are left out: a dangling "and" in a draft is then always a bug, and a note
# ending in "if" or "to" cannot double the template's next word ("send the deck if if
# that helps"), which FM902 rightly flags; people end their notes in content words.
_FUNCTION_WORDS = frozenset((
    "a", "an", "and", "or", "if", "to", "at", "in", "on", "of", "as", "by", "for", "the",
    "with", "about", "that", "is", "be", "it", "we", "you", "me", "my", "your", "our", "so",
))
ASCII_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10).filter(
    lambda w: w not in _FUNCTION_WORDS
)
WORD = st.one_of(ASCII_WORD, st.text(LETTERS, min_size=1, max_size=10))
# What people type in notes: lower-case words (accented and CJK too), capitalised names.
LOWER = st.characters(categories=["Ll", "Lo"], max_codepoint=0x9FFF)
REAL_WORD = st.one_of(ASCII_WORD, st.text(LOWER, min_size=2, max_size=10)).filter(
    lambda w: w not in _FUNCTION_WORDS
)


def _phrase(max_words: int, word: st.SearchStrategy[str] = WORD) -> st.SearchStrategy[str]:
    return (
        st.lists(word, min_size=1, max_size=max_words)
        .map(" ".join)
        .filter(lambda s: len(s) <= 190)  # room for a tag
    )


NAME = st.lists(st.text(LETTERS, min_size=1, max_size=12), min_size=1, max_size=3).map(" ".join)

# Words that are roles rather than names ("Dear Candidate,") are left to the linter's tests.
_NOT_NAMES = {"candidate", "sir", "madam", "team", "hiring", "manager", "recruiter", "all"}
REAL_NAME = st.lists(REAL_WORD.filter(lambda w: w not in _NOT_NAMES), min_size=1, max_size=3).map(
    lambda words: " ".join(w.capitalize() for w in words)
)


@st.composite
def notes_dicts(
    draw: st.DrawFn, *, realistic: bool = False, min_interviewers: int = 1
) -> dict[str, Any]:
    """Valid notes; each interviewer's own topics are unique to them (tagged ``#i.k``)."""
    words = 6 if realistic else 30
    word = REAL_WORD if realistic else WORD
    names_st = REAL_NAME if realistic else NAME
    count = draw(st.integers(min_interviewers, 4))
    names = draw(st.lists(names_st, min_size=count, max_size=count, unique_by=str.casefold))
    interviewers = []
    for i, name in enumerate(names):
        own = draw(st.lists(_phrase(words, word), max_size=3 if realistic else 5))
        interviewers.append(
            {
                "name": name,
                "email": f"person{i}@example.com",
                # A tag makes each own topic unique to its interviewer, so tests can tell
                # whose topic a draft cites.
                "topics": [f"{topic} #{i}.{k}" for k, topic in enumerate(own)],
            }
        )
    materials = draw(
        st.lists(
            st.fixed_dictionaries(
                {"title": _phrase(6, word)},
                optional={"url": st.sampled_from(["https://example.com/a?b=1&c=2", None])},
            ),
            max_size=3 if realistic else 10,
        )
    )
    return {
        "candidate": {"name": draw(names_st), "email": "candidate@example.com"},
        "company": draw(_phrase(3 if realistic else 20, word)),
        "role": draw(_phrase(4 if realistic else 20, word)),
        "interviewed_at": draw(
            st.sampled_from(
                [
                    "2026-11-20T15:30:00-05:00",
                    "2026-11-24T09:00:00+01:00",
                    "2026-03-27T17:45:00+09:00",
                ]
            )
        ),
        "interviewers": interviewers,
        "topics": draw(
            st.lists(_phrase(words, word), max_size=2).map(
                lambda ts: [f"{t} #shared.{k}" for k, t in enumerate(ts)]
            )
        ),
        "strengths": draw(st.lists(_phrase(words, word), max_size=3)),
        "materials": materials,
        "will_contact_you": draw(st.booleans()),
    }
