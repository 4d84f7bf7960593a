"""Properties of drafts built from notes as people write them.

The notes are assembled from realistic fragments (verb phrases, past tense, sentences,
questions, acronyms, names in several scripts) and then perturbed the way hurried notes
are: a capital at the start, a trailing period, "!!" or "...", doubled spaces. Whatever
the notes, a draft of the built-in templates has no doubled punctuation, no doubled word,
no lower-case sentence start, no capitalised common word after a preposition, and no
lint finding at all.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_mail import Draft, InterviewNotes, draft_reminder, draft_thank_yous
from followup_mail.phrasing import company_phrase, strength_phrase, topic_phrase

OBJECTS = [
    "the onboarding flow", "the billing pipeline", "remote usability tests",
    "the design system", "SLO budgets", "Kafka consumer lag", "the iOS release train",
    "the patient intake form", "the data warehouse", "incident reviews", "feature flags",
    "the São Paulo office", "the WCAG 2.2 audit", "GraphQL federation", "dbt models",
    "the Zürich research team", "データ基盤", "the pricing page", "on-call load",
]
BASE_VERBS = ["redesign", "migrate", "build", "test", "measure", "improve", "scale", "audit"]
PAST_VERBS = ["ran", "led", "built", "designed", "migrated", "shipped", "wrote", "drove"]
QUESTIONS = [
    "How do you measure {o}?", "Why did you choose {o}?", "Does the team use {o}?",
    "How does the team handle {o}?", "What is the plan for {o}?", "Who owns {o}?",
]
SENTENCES = [
    "We talked about {o}.", "We discussed {o}", "She explained {o}.", "I asked about {o}",
    "They described {o}.",
]
OWN = ["I led {o}.", "I have shipped {o}", "I've built {o}."]
YEARS = ["8 years of experience in {a}", "Five years in {a}.", "10+ years with {a}"]
AREAS = ["healthcare UX", "fintech", "Python and Go", "data engineering", "service design"]
NAMES = [
    "Ana Lima", "Dr. Amaka Okafor", "Prof. Hans Müller", "Mr. John Doe", "Ms. Lena Park",
    "山田 太郎", "김민준", "José María García", "Chloé Martin", "Mx. Sam Taylor",
    "Ngozi Okonkwo-Adeyemi", "Jean-Luc Moreau", "Raj Patel", "Élodie Dubois",
    "Σοφία Παπαδοπούλου", "Мария Иванова", "Wei Zhang", "Fatima Al-Sayed", "Tomás Herrera",
    "Professor Jane Smith",
]
COMPANIES = [
    "Acme Health", "Kraków Robotics Sp. z o.o.", "Globex Corp.", "Northwind.", "AT&T",
    "株式会社メルカリ", "Brightwell Clinics", "Yahoo!",
]
ROLES = [
    "Senior Product Designer position", "Data Engineer role", "the Staff Engineer job",
    "UX Researcher.", "data analyst", "Backend Engineer (Payments)", "iOS Engineer",
]
MATERIALS = [
    "Portfolio", "My case study", "billing migration design write-up", "references", "CV",
    "the slides from my talk", "GitHub profile", "code sample.", "Link to my Figma file",
]
# Capitalised words a draft may place after a preposition: names and products as written.
PROPER = {w.strip(".,!()") for text in [*NAMES, *COMPANIES, *ROLES, *OBJECTS, *AREAS]
          for w in text.split() if w[:1].isupper()}
COMMON = {w.lower() for text in [*OBJECTS, *AREAS, *MATERIALS] for w in text.split()} | {
    *BASE_VERBS, *PAST_VERBS, "the", "a", "my", "our", "how", "what", "we", "she", "they",
    "accessibility", "onboarding", "design",
} - {w.lower() for w in PROPER}

objects = st.sampled_from(OBJECTS)
# Objects of a verb, one content word among them ("led onboarding": the linter's
# personalisation check knows "leading" for "led").
verb_objects = st.sampled_from([*OBJECTS, "onboarding", "tests", "audits", "hiring"])
areas = st.sampled_from(AREAS)


def _perturbed(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Hurried notes: a capital, trailing punctuation, a doubled space."""
    return st.tuples(
        text, st.booleans(), st.sampled_from(["", "", ".", "!!", "...", ";", " "]),
        st.booleans(),
    ).map(
        lambda t: (
            (t[0][:1].upper() + t[0][1:] if t[1] else t[0]).replace(" ", "  ", 1 if t[3] else 0)
            + (t[2] if not t[0].endswith(("?", ".")) else "")
        )
    )


topics = _perturbed(
    st.one_of(
        objects,
        st.builds(lambda v, o: f"{v} {o}", st.sampled_from(BASE_VERBS), verb_objects),
        st.builds(lambda v, o: f"{v} {o}", st.sampled_from(PAST_VERBS), verb_objects),
        st.builds(lambda q, o: q.format(o=o), st.sampled_from(QUESTIONS), verb_objects),
        st.builds(lambda q, o: q.format(o=o), st.sampled_from(SENTENCES), objects),
    )
)
strengths = _perturbed(
    st.one_of(
        areas,
        st.builds(lambda v, o: f"{v} {o}", st.sampled_from(PAST_VERBS), verb_objects),
        st.builds(lambda q, o: q.format(o=o), st.sampled_from(OWN), verb_objects),
        st.builds(lambda q, a: q.format(a=a), st.sampled_from(YEARS), areas),
        st.sampled_from(["Fluent in Spanish and Portuguese", "Deep knowledge of Kafka"]),
    )
)


@st.composite
def written_notes(draw: st.DrawFn, max_panel: int = 4) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=max_panel, unique=True))
    materials = draw(
        st.lists(
            st.fixed_dictionaries(
                {"title": st.sampled_from(MATERIALS)},
                optional={"url": st.just("https://example.com/a?b=1")},
            ),
            max_size=3, unique_by=lambda m: m["title"],
        )
    )
    return {
        "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
        "company": draw(st.sampled_from(COMPANIES)),
        "role": draw(st.sampled_from(ROLES)),
        "interviewed_at": draw(st.sampled_from(
            ["2026-11-24T10:00:00-05:00", "2026-11-20T15:30:00+01:00", "2026-03-27T17:45:00+09:00"]
        )),
        "interviewers": [
            {"name": n, "topics": draw(st.lists(topics, max_size=2, unique=True))} for n in names
        ],
        "topics": draw(st.lists(topics, max_size=1)),
        "strengths": draw(st.lists(strengths, max_size=2, unique=True)),
        "materials": materials,
    }


_DOUBLE_PUNCT = re.compile(r"(?<!\.)\.\.(?!\.)|[?!;:,][.,;:]|[.;:][,;:]|\s[.,;:!?]")
_DOUBLED_WORD = re.compile(r"(?<!\S)(\w+)\s+\1(?!\S)", re.IGNORECASE)
_LOWER_AFTER_END = re.compile(r"(\S+)[.!?]\s+([a-z])")
_AFTER_PREPOSITION = re.compile(
    r"\b(?:about|on|in|with|of|for|into|at|from|to|by)\s+([A-Z][a-z]+)\b"
)


def prose(draft: Draft) -> str:
    """The body without its link lines (a URL may hold "?b=1")."""
    return "\n".join(line for line in draft.body.split("\n") if "https://" not in line)


def assert_reads_right(draft: Draft, notes: InterviewNotes) -> None:
    # The company as written may end in an abbreviation ("Sp. z o.o.,"): mask it.
    text = prose(draft).replace(company_phrase(notes.company), "Company")
    assert not _DOUBLE_PUNCT.search(text), (_DOUBLE_PUNCT.search(text), draft.body)
    assert not _DOUBLED_WORD.search(text), (_DOUBLED_WORD.search(text), draft.body)
    for match in _LOWER_AFTER_END.finditer(text):
        # An abbreviation's period ends no sentence ("Sp. z o.o.", "Corp. and").
        before = match.group(1)
        assert re.fullmatch(r"(?:\w\.)+\w?|Sp|Corp|Inc", before), (match.group(), draft.body)
    for match in _AFTER_PREPOSITION.finditer(text):
        word = match.group(1)
        assert word.lower() not in COMMON or word in PROPER, (match.group(), draft.body)


def reminders(notes: InterviewNotes, tone: str, days: int) -> list[Draft]:
    sent = notes.interviewed_at + timedelta(days=days, hours=1)
    return [
        draft_reminder(notes, i, thank_you_sent_at=sent, now=sent + timedelta(days=3),
                       tone=tone, force=True)
        for i in range(len(notes.interviewers))
    ]


# Explicit example counts: each example drafts up to 8 emails (ci profile: about 3 s).
@settings(max_examples=25)
@given(written_notes(), st.sampled_from(["warm", "formal"]), st.sampled_from([1, 20]))
def test_drafts_read_right_and_lint_clean(data: dict[str, Any], tone: str, days: int) -> None:
    notes = InterviewNotes.model_validate(data)
    for draft in [*draft_thank_yous(notes, tone=tone), *reminders(notes, tone, days)]:
        assert_reads_right(draft, notes)
        assert draft.lint.findings == (), (draft.body, draft.lint.findings)


@settings(max_examples=8)
@given(written_notes(max_panel=20), st.sampled_from(["warm", "formal"]))
def test_panels_up_to_twenty_lint_clean(data: dict[str, Any], tone: str) -> None:
    data["interviewers"] += [
        {"name": f"Panelist {chr(65 + i)}", "topics": [f"{o} #{i}"]}
        for i, o in enumerate(OBJECTS[: 20 - len(data["interviewers"])])
    ]
    notes = InterviewNotes.model_validate(data)
    for draft in [*draft_thank_yous(notes, tone=tone), *reminders(notes, tone, 1)]:
        assert draft.lint.findings == (), (draft.body, draft.lint.findings)


def _sentences(draft: Draft, company: str) -> set[str]:
    """Sentences past the greeting and before the sign-off, list items left out (the
    company masked: "Sp. z o.o." ends no sentence)."""
    lines = draft.body.replace(company_phrase(company), "Company").split("\n")[1:]
    end = next(i for i, line in enumerate(lines) if line.endswith("regards,"))
    text = " ".join(line for line in lines[:end] if line and not line.startswith("- "))
    return set(re.split(r"(?<=[.!?:])\s+", text.strip()))


@settings(max_examples=30)
@given(written_notes(max_panel=6), st.sampled_from(["warm", "formal"]))
def test_no_two_notes_of_a_panel_share_a_sentence(data: dict[str, Any], tone: str) -> None:
    drafts = draft_thank_yous(data, tone=tone)
    sentences = [_sentences(draft, data["company"]) for draft in drafts]
    for i, one in enumerate(sentences):
        for j in range(i + 1, len(drafts)):
            assert not one & sentences[j], (drafts[i].body, drafts[j].body)


@settings(max_examples=100)
@given(topics)
def test_a_topic_is_never_left_as_a_question_or_a_report(note: str) -> None:
    text = topic_phrase(note).text
    assert not text.endswith(("?", ".", "!", ";")) or text.endswith("?”"), text
    assert not re.match(r"(?i)(?:we|she|they|i) (?:talked|discussed|explained|asked|described)",
                        text), text


@settings(max_examples=100)
@given(strengths)
def test_a_strength_never_starts_with_i_or_a_past_verb(note: str) -> None:
    text = strength_phrase(note).text
    first = text.split(" ", 1)[0]
    assert first not in ("I", "I've"), text
    assert first.lower() not in PAST_VERBS, text
