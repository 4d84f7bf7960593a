"""The linter reads notes as people write them: a topic's irregular verb forms count as
cited (FM801), and a name written with "!" is not an exclamation (FM404)."""

from __future__ import annotations

from typing import Any

import pytest

from followup_mail import InterviewNotes, draft_thank_yous
from followup_mail.linting import lint
from followup_mail.phrasing import word_forms


def notes_with(topics: list[str], **fields: Any) -> InterviewNotes:
    data: dict[str, Any] = {
        "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
        "company": "Acme", "role": "Data Engineer",
        "interviewed_at": "2026-11-24T10:00:00-05:00",
        "interviewers": [{"name": "Ana Lima", "topics": topics}],
    }
    data.update(fields)
    return InterviewNotes.model_validate(data)


def personal(text: str, notes: InterviewNotes) -> bool:
    """True when FM801 (the email cites no topic) stays quiet."""
    return "FM801" not in [f.code for f in lint(text, notes=notes).findings]


@pytest.mark.parametrize(("word", "forms"), [
    ("led", {"lead", "leads", "led", "leading"}),
    ("leading", {"lead", "leads", "led", "leading"}),
    ("ran", {"run", "runs", "ran", "running"}),
    ("went", {"go", "goes", "went", "gone", "going"}),
    ("wrote", {"write", "writes", "wrote", "written", "writing"}),
    ("Kafka", {"kafka"}),
])
def test_word_forms_are_every_inflection_of_every_lemma(word: str, forms: set[str]) -> None:
    assert word_forms(word) == forms


@pytest.mark.parametrize(("topic", "text"), [
    ("led onboarding", "I enjoyed talking about leading onboarding."),
    ("leading onboarding", "I told you how I led onboarding at Globex."),
    ("ran usability tests", "My years running usability tests would help."),
    ("ran tests", "My experience running tests would help."),
    ("wrote the RFC", "Writing the RFC taught me a lot."),
    ("went live", "Going live was the hard part."),
    ("the teams we lead", "The team I led shipped it."),
])
def test_an_irregular_form_of_a_topic_counts_as_cited(topic: str, text: str) -> None:
    assert personal(text, notes_with([topic]))


@pytest.mark.parametrize(("topic", "text"), [
    ("led onboarding", "I enjoyed the talk about the weather."),
    ("led onboarding", "I enjoyed the talk about leading."),  # one of two content words
    ("ran tests", "I ran out of time."),
    ("wrote the RFC", "The RFP was clear."),
])
def test_a_topic_not_cited_in_any_form_is_still_flagged(topic: str, text: str) -> None:
    assert not personal(text, notes_with([topic]))


def test_the_stems_alone_still_decide_first() -> None:
    # Regular inflections need no lexicon: "migrating" and "migration" share a stem.
    assert personal("The pipeline migration went well.", notes_with(["migrating the pipeline"]))


YAHOO = notes_with(["the search ads pipeline"], company="Yahoo!", role="Data Engineer!")


@pytest.mark.parametrize(("text", "spans"), [
    ("Thanks for the talk about Yahoo! and the pipeline at Yahoo!.", []),
    ("I'd love to be the Data Engineer! at Yahoo!", []),
    ("Thanks! I'd love to join Yahoo!.", []),
    ("Thanks! Great talk! I'd love to join Yahoo!.", [(18, 19)]),
    ("Thanks!! I'd love to join Yahoo!.", [(6, 8)]),
])
def test_a_name_written_with_an_exclamation_mark_is_not_an_exclamation(
    text: str, spans: list[tuple[int, int]]
) -> None:
    found = [(f.start, f.end) for f in lint(text, notes=YAHOO).findings if f.code == "FM404"]
    assert found == spans


def test_without_notes_a_name_with_a_mark_counts_as_one() -> None:
    text = "Thanks for the talk about Yahoo! and the pipeline at Yahoo!."
    assert [f.code for f in lint(text).findings if f.code == "FM404"] == ["FM404"]


def test_the_subject_knows_the_names_too() -> None:
    report = lint("Hello.", notes=YAHOO, subject="Yahoo! Data Engineer! interview")
    assert [f for f in report.findings if f.code == "FM404"] == []


@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_drafts_for_a_company_with_a_mark_lint_clean(tone: str) -> None:
    notes = notes_with(["led onboarding", "ran usability tests"], company="Yahoo!",
                       strengths=["wrote the RFC process"])
    for draft in draft_thank_yous(notes, tone=tone):
        assert draft.lint.findings == (), draft.body
        assert lint(draft.body, notes=notes, subject=draft.subject).findings == (), draft.body
