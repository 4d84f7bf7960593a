"""Drafts: personal, brief, different for each interviewer, and safe with any valid notes."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import notes_dicts

import followup_mail
from followup_mail import (
    Draft,
    FollowupMailError,
    FollowUpNotAdvised,
    InterviewNotes,
    NotesError,
    TemplateError,
    draft_reminder,
    draft_thank_you,
    draft_thank_yous,
)
from followup_mail.phrasing import topic_phrase

UTC = UTC


def words(text: str) -> int:
    return len(text.split())


def sent_at(notes: InterviewNotes) -> datetime:
    return notes.interviewed_at + timedelta(hours=25)


def reminder(notes: InterviewNotes, **kwargs: Any) -> Draft:
    at = sent_at(notes)
    return draft_reminder(notes, thank_you_sent_at=at, now=at + timedelta(days=3), **kwargs)


# -- the public surface --------------------------------------------------------------


# __all__ and the lazy table: tests/test_public_api.py.


def test_importing_the_package_loads_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, followup_mail; "
        "print(sorted(m for m in ('pydantic', 'jinja2', 'email_validator', "
        "'followup_mail.models', 'followup_mail.drafting') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_error_is_a_value_error() -> None:
    assert issubclass(FollowupMailError, ValueError)
    assert issubclass(FollowUpNotAdvised, FollowupMailError)


# -- the thank-you -------------------------------------------------------------------


def test_thank_you_follows_the_article(notes: InterviewNotes) -> None:
    draft = draft_thank_you(notes)
    body = draft.body
    assert body.startswith("Hi Ana,\n\n")
    assert re.match(r"Hi Ana,\n\n(?:Thank you|Thanks|I appreciated)", body)
    assert "on Tuesday" in body
    assert "moving the nightly batch jobs to streaming" in body  # her own topic
    assert "migrating the billing pipeline to Flink" in body  # a strength
    assert "Data Platform Engineer" in body
    assert "Northwind Analytics" in body
    assert "https://example.com/docs/flink-migration?ref=interview&v=2" in body
    assert body.rstrip().endswith("Sam Rivera\n+1 555 0100")
    assert 60 <= words(body) <= 150
    assert draft.subject == "Thank you — Data Platform Engineer interview"
    assert draft.kind == "thank_you"
    assert (draft.sender.name, draft.sender.email) == ("Sam Rivera", "sam.rivera@example.com")
    assert (draft.to.name, draft.to.email) == ("Ana Lima", "ana.lima@example.com")


def test_thank_you_window_is_24_to_48_hours_after(notes: InterviewNotes) -> None:
    draft = draft_thank_you(notes)  # a Tuesday interview: no weekend in the way
    assert draft.send_after == notes.interviewed_at + timedelta(hours=24)
    assert draft.send_before == notes.interviewed_at + timedelta(hours=48)
    assert draft.send_after.tzinfo is not None


def test_thank_you_never_lands_on_a_weekend(notes_data: dict[str, Any]) -> None:
    notes_data["interviewed_at"] = "2026-11-20T15:00:00-05:00"  # a Friday
    draft = draft_thank_you(notes_data)
    assert draft.send_after.isoformat() == "2026-11-23T09:00:00-05:00"


def test_notes_may_be_a_plain_mapping(notes_data: dict[str, Any], notes: InterviewNotes) -> None:
    assert draft_thank_you(notes_data) == draft_thank_you(notes)


def test_panel_drafts_cite_only_their_own_topics(notes: InterviewNotes) -> None:
    drafts = draft_thank_yous(notes)
    assert [d.to.name for d in drafts] == ["Ana Lima", "Chloé Martin", "Raj Patel"]
    for draft, person in zip(drafts, notes.interviewers, strict=True):
        assert person.topics[0] in draft.body
        for other in notes.interviewers:
            if other is not person:
                assert not any(t in draft.body for t in other.topics), (draft.to.name, other.name)


@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_panel_bodies_differ_even_without_the_names(notes_data: dict[str, Any], tone: str) -> None:
    # The largest panel the notes allow, with nothing of their own: only the wording differs.
    notes_data["interviewers"] = [{"name": f"Person {i}", "topics": []} for i in range(20)]
    notes_data["topics"] = notes_data["strengths"] = []
    bodies = {d.body.split("\n", 1)[1] for d in draft_thank_yous(notes_data, tone=tone)}
    assert len(bodies) == 20


def test_formal_tone(notes: InterviewNotes) -> None:
    body = draft_thank_you(notes, "Chloé Martin", tone="formal").body
    assert body.startswith("Dear Chloé Martin,\n\n")
    assert "Kind regards," in body
    assert "schema evolution in the event bus" in body


def test_greeting_override(notes_data: dict[str, Any]) -> None:
    notes_data["interviewers"][2]["greeting"] = "Dr. Patel"
    assert draft_thank_you(notes_data, 2).body.startswith("Hi Dr. Patel,")


@pytest.mark.parametrize(
    ("topics", "expected", "absent"),
    [
        ([], " about the Data Platform Engineer role", "None"),
        (["Kafka"], " Kafka", "Kafka and"),
        (["Kafka", "Flink"], " Kafka and Flink", "Kafka, Flink"),
        (["Kafka", "Flink", "dbt"], " Kafka and Flink", "Flink and dbt"),
        (["Kafka, Flink and dbt", "Spark"], " Kafka, Flink and dbt", "Spark"),
        # Two topics are joined while they hold nine words or fewer together.
        (["schema evolution in the event bus", "the dbt tests"],
         " schema evolution in the event bus and the dbt tests", "None"),
        (["schema evolution in the event bus", "the new dbt tests"],
         " schema evolution in the event bus", "the new dbt tests"),
    ],
)
def test_topics_read_as_english(
    notes_data: dict[str, Any], topics: list[str], expected: str, absent: str
) -> None:
    notes_data["interviewers"][0]["topics"] = topics
    notes_data["topics"] = notes_data["strengths"] = []
    body = draft_thank_you(notes_data).body
    assert expected in body
    assert absent not in body


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_materials_read_as_english(notes_data: dict[str, Any], count: int) -> None:
    linked = [{"title": f"doc {i}", "url": f"https://example.com/{i}"} for i in range(count)]
    notes_data["materials"] = [*linked, {"title": "my portfolio"}, {"title": "references"}]
    body = draft_thank_you(notes_data).body
    if count == 0:
        assert "https://" not in body
    elif count == 1:
        assert re.search(r"\bthe doc 0\b.*: https://example\.com/0\n", body)
    else:
        listed = r":\n- doc 0: https://example\.com/0\n- doc 1: https://example\.com/1\n"
        assert re.search(listed, body)
    assert re.search(r"\bmy portfolio and my references\b", body)


def test_minimal_notes_still_give_a_full_note() -> None:
    body = draft_thank_you(
        {
            "candidate": {"name": "Sam", "email": "sam@example.com"},
            "company": "Acme",
            "role": "Analyst",
            "interviewed_at": "2026-11-24T10:00:00+00:00",
            "interviewers": [{"name": "Ana"}],
        }
    ).body
    assert_natural(body)
    assert re.search(r"\bThank(?:s| you)\b", body)
    assert "Acme" in body


def _strings(data: object) -> list[str]:
    """Every string in a JSON-like value."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list | tuple):
        return [s for value in data for s in _strings(value)]
    return []


def assert_natural(body: str, data: object = None) -> None:
    """No leftovers of empty data: 'None', double spaces, dangling 'and', empty sentences.

    What the data wrote, and each word of it, is masked first: an interviewer called "and
    Lee" is greeted "Hi and,".
    """
    given = json.dumps(data, ensure_ascii=False)
    values = {v.strip() for v in _strings(data)} | {w for v in _strings(data) for w in v.split()}
    checked = body
    for value in sorted(values - {""}, key=len, reverse=True):
        checked = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "\x00", checked)
    for bad in ("None", "  ", " and.", " and,", " .", "..", ",.", "[]", "{", "}"):
        assert bad not in checked or bad in given, (bad, body)
    assert not re.search(r"\n{3,}", body)
    assert body.endswith("\n")
    assert not body.endswith("\n\n")


def test_user_data_is_never_a_template(notes_data: dict[str, Any]) -> None:
    notes_data["interviewers"][0]["topics"] = ["{{ 7*7 }} and {% raw %}"]
    notes_data["company"] = "<script>alert(1)</script> & Co"
    draft = draft_thank_you(notes_data)
    assert "{{ 7*7 }} and {% raw %}" in draft.body
    assert "49" not in draft.body
    assert draft.html is not None
    assert "<script>" not in draft.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in draft.html


def test_drafts_are_deterministic_and_json_serialisable(notes: InterviewNotes) -> None:
    first, again = draft_thank_yous(notes), draft_thank_yous(notes)
    assert first == again
    data = json.loads(first[0].model_dump_json())
    assert data["kind"] == "thank_you"
    assert data["send_after"] == "2026-11-25T14:00:00-05:00"
    assert set(data["lint"]) >= {"findings", "ok", "word_count"}
    assert Draft.model_validate_json(first[0].model_dump_json()) == first[0]


def test_draft_is_frozen(notes: InterviewNotes) -> None:
    draft = draft_thank_you(notes)
    with pytest.raises(ValueError, match="frozen"):
        draft.body = "changed"  # type: ignore[misc]


def test_long_role_keeps_the_subject_short(notes_data: dict[str, Any]) -> None:
    notes_data["role"] = "Senior Staff Software Engineer, Distributed Data Infrastructure"
    assert draft_thank_you(notes_data).subject == "Thank you — Northwind Analytics interview"
    notes_data["company"] = "The Very Long Name Analytics and Consulting Company of America"
    assert draft_thank_you(notes_data).subject == "Thank you for the interview"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"tone": "Warm!"}, FollowupMailError, "tone must be a template name such as 'warm'"),
        ({"tone": "../x"}, FollowupMailError, "tone must be a template name"),
        ({"tone": "cheerful"}, FollowupMailError, "There is no 'cheerful' tone for thank_you"),
        ({"interviewer": "Bob"}, FollowupMailError, "There is no interviewer named 'Bob'"),
    ],
)
def test_bad_arguments(
    notes: InterviewNotes, kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        draft_thank_you(notes, **kwargs)


def test_notes_of_the_wrong_type() -> None:
    with pytest.raises(
        NotesError,
        match=r"notes given as text must be a JSON object; to read a file, use load_notes\(path\)",
    ):
        draft_thank_you("notes.json")
    with pytest.raises(
        NotesError,
        match="notes must be InterviewNotes, a mapping in its JSON shape, or JSON text, not list",
    ):
        draft_thank_you([])  # type: ignore[arg-type]


# -- the reminder --------------------------------------------------------------------


def test_reminder_is_brief_thanks_restates_interest_and_cites_a_topic(
    notes: InterviewNotes,
) -> None:
    draft = reminder(notes)
    body = draft.body
    assert draft.kind == "reminder"
    assert 30 <= words(body) <= 90
    assert words(body) < words(draft_thank_you(notes).body)
    assert "Thank you again" in body
    assert "interested in the Data Platform Engineer role" in body
    assert "happy to share more" in body
    assert "moving the nightly batch jobs to streaming" in body
    assert "?" not in body
    assert not re.search(r"timeline|decision|update|status|hear back", body, re.I)
    assert len(draft.subject) <= 60


def test_reminder_window_is_48_hours_after_the_thank_you(notes: InterviewNotes) -> None:
    draft = reminder(notes)
    assert draft.send_after == sent_at(notes) + timedelta(hours=48)


def test_reminder_refused_when_they_said_they_will_contact_you(
    notes_data: dict[str, Any],
) -> None:
    notes_data["will_contact_you"] = True
    notes = InterviewNotes.model_validate(notes_data)
    with pytest.raises(FollowUpNotAdvised, match="will contact you"):
        reminder(notes)
    assert reminder(notes, force=True).kind == "reminder"


def test_reminder_refused_before_any_thank_you(notes: InterviewNotes) -> None:
    with pytest.raises(FollowUpNotAdvised, match="send the thank-you first"):
        draft_reminder(notes, now=notes.interviewed_at + timedelta(days=3))


def test_reminder_refused_after_a_reply(notes: InterviewNotes) -> None:
    at = sent_at(notes)
    history = [{"event": "reply", "at": at + timedelta(hours=5), "says": "process_ongoing"}]
    with pytest.raises(FollowUpNotAdvised, match="process is ongoing") as caught:
        draft_reminder(notes, thank_you_sent_at=at, history=history, now=at + timedelta(days=3))
    assert caught.value.advice is not None


# -- properties over generated notes -------------------------------------------------


@settings(max_examples=250)  # a panel of up to 20 drafts per example
@given(notes_dicts())
def test_any_valid_notes_give_safe_drafts(data: dict[str, Any]) -> None:
    notes = InterviewNotes.model_validate(data)
    drafts = draft_thank_yous(notes)
    assert len(drafts) == len(notes.interviewers)
    names = (notes.candidate.name, notes.company, *(p.name for p in notes.interviewers))
    for draft, person in zip(drafts, notes.interviewers, strict=True):
        if person.topics:
            # Cited as normalised for its slot (phrasing.py): "A #2.0" reads "a #2.0".
            assert topic_phrase(person.topics[0], names).text in draft.body
        for other in notes.interviewers:
            if other is not person:
                assert not any(t in draft.body for t in other.topics)
        assert "\n" not in draft.subject
        assert "\r" not in draft.subject
        assert len(draft.subject) <= 60
        assert_natural(draft.body, data)
        parsed = BytesParser(policy=policy.default).parsebytes(draft.to_eml())
        assert parsed["Subject"] == draft.subject
        assert parsed["From"].addresses[0].display_name == notes.candidate.name
        assert parsed["To"].addresses[0].display_name == person.name
        text = parsed.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert text.replace("\r\n", "\n") == draft.body


@settings(max_examples=250)  # a panel of up to 20 drafts per example
@given(notes_dicts(min_interviewers=2))
def test_no_two_panel_notes_are_the_same_but_for_the_name(data: dict[str, Any]) -> None:
    notes = InterviewNotes.model_validate(data)
    # Everything but the greeting line, which holds the name.
    bodies = {draft.body.split("\n", 1)[1] for draft in draft_thank_yous(notes)}
    assert len(bodies) == len(notes.interviewers)


@settings(max_examples=250)  # a panel of up to 20 drafts per example
@given(notes_dicts(realistic=True))
def test_realistic_notes_give_brief_drafts(data: dict[str, Any]) -> None:
    notes = InterviewNotes.model_validate(data)
    for draft in draft_thank_yous(notes):
        assert words(draft.body) <= 150
        rem = reminder(notes, interviewer=draft.to.name, force=True)
        assert words(rem.body) <= 90
        assert words(rem.body) < words(draft.body)


@settings(max_examples=250)  # a panel of up to 20 drafts per example
@given(notes_dicts(realistic=True), st.sampled_from(["warm", "formal"]))
def test_built_in_templates_give_drafts_with_no_findings(data: dict[str, Any], tone: str) -> None:
    notes = InterviewNotes.model_validate({**data, "will_contact_you": False})
    for draft in draft_thank_yous(notes, tone=tone):
        assert draft.lint.findings == (), (draft.body, draft.lint.findings)
        rem = reminder(notes, interviewer=draft.to.name, tone=tone)
        assert rem.lint.findings == (), (rem.body, rem.lint.findings)


_BARE = {
    "candidate": {"name": "Sam Lee", "email": "sam@example.com"},
    "company": "Acme", "role": "Data Engineer",
    "interviewed_at": "2026-11-20T15:30:00-05:00",
}


@pytest.mark.parametrize(("extra", "cited"), [
    ({"strengths": ["be", "Kafka"]}, "Kafka"),  # "be" is a stop word: mention Kafka
    ({"topics": ["streaming"], "interviewers": [
        {"name": "Ana Ruiz", "email": "ana@example.com", "topics": ["the", "to be"]}]},
     "streaming"),
])
def test_drafts_cite_something_the_linter_recognises(extra: dict[str, Any], cited: str) -> None:
    data = {"interviewers": [{"name": "Ana Ruiz", "email": "ana@example.com"}], **_BARE, **extra}
    draft = draft_thank_you(InterviewNotes.model_validate(data))
    assert cited in draft.body
    assert draft.lint.findings == ()


def test_thank_you_sent_at_takes_its_place_in_the_history(notes: InterviewNotes) -> None:
    at = sent_at(notes)
    earlier = {"event": "sent", "kind": "thank_you", "at": at - timedelta(hours=1)}
    draft = draft_reminder(
        notes, thank_you_sent_at=at, history=[earlier], now=at + timedelta(days=3)
    )
    assert draft.send_after == at + timedelta(hours=48)  # counted from the last message


def test_naive_thank_you_sent_at_is_refused(notes: InterviewNotes) -> None:
    with pytest.raises(followup_mail.HistoryError, match="thank_you_sent_at"):
        draft_reminder(notes, thank_you_sent_at=datetime(2026, 11, 25, 15))


# -- the time, worded for when the draft goes out -----------------------------------


@pytest.mark.parametrize(
    ("days", "named"),
    [(2, "on Tuesday"), (6, "on Tuesday"), (7, "on 24 November"), (30, "on 24 November")],
)
def test_the_weekday_names_the_interview_only_within_six_days(
    notes: InterviewNotes, days: int, named: str
) -> None:
    now = notes.interviewed_at + timedelta(days=days, hours=1)
    for draft in draft_thank_yous(notes, now=now):
        assert f" {named} " in draft.body


def test_a_thank_you_in_its_window_is_not_late(notes: InterviewNotes) -> None:
    on_time = draft_thank_you(notes, now=notes.interviewed_at + timedelta(hours=30))
    assert on_time == draft_thank_you(notes)
    assert on_time.send_before is not None


def test_a_late_thank_you_is_sent_from_now_and_says_so(notes: InterviewNotes) -> None:
    now = notes.interviewed_at + timedelta(days=9)
    for draft in draft_thank_yous(notes, now=now):
        assert draft.send_after == now
        assert draft.send_before is None
        assert re.search(r"\b(?:late|later|delay|slow|belatedly)\b", draft.body), draft.body


def test_a_thank_you_a_year_on_names_the_year(notes: InterviewNotes) -> None:
    now = notes.interviewed_at + timedelta(days=40)
    assert " on 24 November 2026 " in draft_thank_you(notes, now=now).body


def test_a_naive_now_is_refused(notes: InterviewNotes) -> None:
    with pytest.raises(followup_mail.TimingError, match=r"now \(2026-12-01T10:00:00\) has no"):
        draft_thank_you(notes, now=datetime(2026, 12, 1, 10))


@pytest.mark.parametrize(
    ("days", "opening"),
    [(4, "Thank you again for our conversation on Tuesday"),
     (13, "Thank you again for our conversation on 24 November"),
     (22, "It has been three weeks since our conversation on 24 November"),
     (50, "It has been seven weeks since our conversation on 24 November")],
)
def test_a_reminder_words_the_time_since_honestly(
    notes: InterviewNotes, days: int, opening: str
) -> None:
    sent = notes.interviewed_at + timedelta(days=1)
    now = notes.interviewed_at + timedelta(days=days)
    body = draft_reminder(notes, thank_you_sent_at=sent, now=now, force=True).body
    assert body.split("\n")[2].startswith(opening), body


def test_notes_as_a_mapping_with_a_bad_field_raise_notes_error_naming_it(
    notes_data: dict[str, Any],
) -> None:
    notes_data["candidate"]["email"] = "not an address"
    with pytest.raises(NotesError, match=r"^notes: candidate\.email: is not a valid email"):
        draft_thank_you(notes_data)


@pytest.mark.parametrize("subject", ["Thanks \x00 again", "=?utf-8?q?X?= thanks", "Hi\u202eyou"])
def test_a_custom_subject_that_could_not_reach_a_header_is_refused_when_drafting(
    notes: InterviewNotes, tmp_path: Path, subject: str
) -> None:
    (tmp_path / "thank_you").mkdir()
    (tmp_path / "thank_you" / "subject.txt.j2").write_text(subject, encoding="utf-8")
    refused = r"^The subject rendered by thank_you/subject\.txt\.j2 must "
    with pytest.raises(TemplateError, match=refused):
        draft_thank_you(notes, templates=tmp_path)
