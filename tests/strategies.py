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
ASCII_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10).filter(
    lambda w: w not in {"and", "or"}  # so that a dangling "and" in a draft is always a bug
)
WORD = st.one_of(ASCII_WORD, st.text(LETTERS, min_size=1, max_size=10))


def _phrase(max_words: int) -> st.SearchStrategy[str]:
    return (
        st.lists(WORD, min_size=1, max_size=max_words)
        .map(" ".join)
        .filter(lambda s: len(s) <= 190)  # room for a tag
    )


NAME = st.lists(st.text(LETTERS, min_size=1, max_size=12), min_size=1, max_size=3).map(" ".join)


@st.composite
def notes_dicts(
    draw: st.DrawFn, *, realistic: bool = False, min_interviewers: int = 1
) -> dict[str, Any]:
    """Valid notes; each interviewer's own topics are unique to them (tagged ``#i.k``)."""
    words = 6 if realistic else 30
    count = draw(st.integers(min_interviewers, 4))
    names = draw(st.lists(NAME, min_size=count, max_size=count, unique_by=str.casefold))
    interviewers = []
    for i, name in enumerate(names):
        own = draw(st.lists(_phrase(words), max_size=3 if realistic else 5))
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
                {"title": _phrase(6)},
                optional={"url": st.sampled_from(["https://example.com/a?b=1&c=2", None])},
            ),
            max_size=3 if realistic else 10,
        )
    )
    return {
        "candidate": {"name": draw(NAME), "email": "candidate@example.com"},
        "company": draw(_phrase(3 if realistic else 20)),
        "role": draw(_phrase(4 if realistic else 20)),
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
            st.lists(_phrase(words), max_size=2).map(
                lambda ts: [f"{t} #shared.{k}" for k, t in enumerate(ts)]
            )
        ),
        "strengths": draw(st.lists(_phrase(words), max_size=3)),
        "materials": materials,
        "will_contact_you": draw(st.booleans()),
    }
