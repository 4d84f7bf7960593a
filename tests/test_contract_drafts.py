"""Drafts a tool can keep: stable .eml bytes and Message-ID, edits, the JSON form."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_mail import (
    Draft,
    FollowupMailError,
    draft_reminder,
    draft_thank_you,
    draft_thank_yous,
    parse_notes,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "notes.json"
ID = re.compile(r"<[0-9a-f]{32}@followup-mail\.invalid>")


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def parts(raw: bytes) -> tuple[Any, str, str | None]:
    """The message read back, and its text and HTML parts with the .eml's CRLF as LF."""
    message = message_from_bytes(raw, policy=email_policy.default)
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",))
    return message, text, None if html is None else html.get_content().replace("\r\n", "\n")


# -- deterministic .eml ----------------------------------------------------------------


def test_the_same_draft_gives_the_same_eml_bytes() -> None:
    first, again = draft_thank_you(example()), draft_thank_you(example())
    assert first.to_eml() == again.to_eml()
    assert first.to_email_message().as_bytes() == again.to_email_message().as_bytes()


def test_the_boundary_comes_from_the_content() -> None:
    draft = draft_thank_you(example())
    edited = draft.with_body(draft.body.replace("Hi Ana", "Hello Ana"))
    boundary = parts(draft.to_eml())[0].get_boundary()
    assert re.fullmatch(r"=_followup-mail_[0-9a-f]{32}_0", boundary)
    assert parts(edited.to_eml())[0].get_boundary() != boundary


def test_a_body_holding_the_boundary_gets_another_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from followup_mail import message

    # A digest the body happens to hold cannot be found by chance: a stand-in gives one.
    zeros, real = "0" * 64, hashlib.sha256
    body = f"see =_followup-mail_{zeros[:32]}_0 here"

    class Digest:
        def __init__(self, data: bytes) -> None:
            self.data = data

        def hexdigest(self) -> str:
            if self.data == f"{body}\0<p>body</p>".encode():
                return zeros
            return real(self.data).hexdigest()

    monkeypatch.setattr(message.hashlib, "sha256", Digest)
    moved = message._boundary(body, "<p>body</p>")
    assert moved == f"=_followup-mail_{real(zeros.encode()).hexdigest()[:32]}_1"
    assert moved not in body


def test_message_id_is_the_drafts_and_in_the_eml() -> None:
    draft = draft_thank_you(example())
    assert ID.fullmatch(draft.message_id)
    message = parts(draft.to_eml())[0]
    assert message["Message-ID"] == draft.message_id
    assert message.get_all("Message-ID") == [draft.message_id]
    assert draft.to_email_message()["Message-ID"] == draft.message_id


def test_message_id_is_read_only() -> None:
    draft = draft_thank_you(example())
    with pytest.raises(ValueError, match="frozen"):
        draft.message_id = "<x@example.com>"  # type: ignore[misc]


def test_message_id_depends_on_notes_kind_and_interviewer_only() -> None:
    data = example()
    base = draft_thank_you(data, "Ana Lima")
    same = {
        "edited body": base.with_body("Hi Ana,\n\nThanks again.\n").message_id,
        "edited subject": base.with_body(base.body, subject="Thanks, Ana").message_id,
        "formal tone": draft_thank_you(data, "Ana Lima", tone="formal").message_id,
        "late": draft_thank_you(data, "Ana Lima", now="2026-12-10T09:00:00-05:00").message_id,
        "name case": draft_thank_you(
            {**data, "interviewers": [{**data["interviewers"][0], "name": "ANA LIMA"}]}
        ).message_id,
        "new topic": draft_thank_you({**data, "topics": ["the on-call rotation"]}).message_id,
        "same instant, UTC": draft_thank_you(
            {**data, "interviewed_at": "2026-11-24T19:00:00Z"}
        ).message_id,
    }
    assert set(same.values()) == {base.message_id}, same
    # Without a zone, the same instant written with two offsets.
    plain = {key: value for key, value in data.items() if key != "timezone"}
    assert (
        draft_thank_you({**plain, "interviewed_at": "2026-11-24T19:00:00Z"}).message_id
        == draft_thank_you(plain).message_id
    )
    other = {
        "another interviewer": draft_thank_you(data, "Raj Patel").message_id,
        "reminder": draft_reminder(
            data, "Ana Lima", thank_you_sent_at="2026-11-25T15:00:00-05:00",
            now="2026-11-28T10:00:00-05:00",
        ).message_id,
        "another company": draft_thank_you({**data, "company": "Contoso"}).message_id,
        "another role": draft_thank_you({**data, "role": "Data Engineer"}).message_id,
        "another day": draft_thank_you(
            {**data, "interviewed_at": "2026-11-23T14:00:00-05:00"}
        ).message_id,
        "another candidate": draft_thank_you(
            {**data, "candidate": {**data["candidate"], "email": "sam@example.org"}}
        ).message_id,
    }
    assert len({base.message_id, *other.values()}) == len(other) + 1, other


def test_a_draft_built_by_hand_has_an_id_from_sender_kind_and_recipient() -> None:
    from followup_mail import Contact

    def by_hand(to: str, sender: str = "sam@example.com", kind: str = "thank_you") -> Draft:
        return Draft(
            kind=kind, tone="warm", sender=Contact(name="Sam", email=sender),
            to=Contact(name=to), subject="Thanks", body="Hi.\n", html=None,
            send_after=datetime(2026, 11, 25, 9, tzinfo=UTC), send_before=None,
            lint=draft_thank_you(example()).lint,
        )  # fmt: skip

    first = by_hand("Ana Lima")
    assert ID.fullmatch(first.message_id)
    assert by_hand("ANA LIMA").message_id == first.message_id
    assert by_hand("Raj Patel").message_id != first.message_id
    assert by_hand("Ana Lima", sender="sam@example.org").message_id != first.message_id
    assert by_hand("Ana Lima", kind="reminder").message_id != first.message_id


def test_date_only_when_asked() -> None:
    draft = draft_thank_you(example())
    assert "Date" not in parts(draft.to_eml())[0]
    when = datetime(2026, 11, 25, 19, 5, tzinfo=UTC)
    dated = parts(draft.to_eml(date=when))[0]
    assert dated["Date"] == "Wed, 25 Nov 2026 19:05:00 +0000"
    assert draft.to_email_message(date=when)["Date"] == "Wed, 25 Nov 2026 19:05:00 +0000"
    with pytest.raises(FollowupMailError, match=r"^date \(2026-11-25T19:05:00\) has no UTC"):
        draft.to_eml(date=datetime(2026, 11, 25, 19, 5))


# A body a user could type into a tool's editor: any printable text, tabs and new lines.
BODIES = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")) | st.sampled_from("\n\t\r"),
    min_size=1,
    max_size=400,
).filter(lambda text: text.strip())


@settings(max_examples=60)
@given(body=BODIES)
def test_equal_drafts_give_equal_eml_that_reads_back_as_the_draft(body: str) -> None:
    base = draft_thank_you(NOTES)
    first, second = base.with_body(body), base.with_body(body)
    assert first == second
    raw = first.to_eml()
    assert raw == second.to_eml()
    _, text, html = parts(raw)
    assert text == first.body
    assert html == first.html


NOTES = parse_notes(example())


# -- edits -------------------------------------------------------------------------------


def test_with_body_rebuilds_the_html_and_lints_again() -> None:
    draft = draft_thank_you(example())
    assert draft.lint.findings == ()
    edited = draft.with_body("Hi Ana,\n\nThank you & goodbye. When will you decide?\n")
    assert edited.body == "Hi Ana,\n\nThank you & goodbye. When will you decide?\n"
    assert edited.html is not None
    assert "<p>Thank you &amp; goodbye. When will you decide?</p>" in edited.html
    assert "Flink" not in edited.html
    codes = [finding.code for finding in edited.lint.findings]
    assert "FM201" in codes  # the timeline question
    assert "FM801" in codes  # not personal: linted against the notes it was drafted from
    assert (edited.kind, edited.to, edited.send_after) == (draft.kind, draft.to, draft.send_after)
    assert draft.body != edited.body  # the original is unchanged


@pytest.mark.parametrize(("index", "personal"), [(0, True), (1, False), (2, False)])
def test_with_body_lints_an_edit_against_that_interviewers_own_topics(
    index: int, personal: bool
) -> None:
    """Ana's topic is personal in Ana's draft only (each of the panel's drafts keeps its
    interviewer for the edits)."""
    draft = draft_thank_yous(example())[index]
    edited = draft.with_body(
        f"Hi {draft.to.name.split()[0]},\n\nThank you for our conversation about moving the "
        "nightly batch jobs to streaming. I am excited about the role at Northwind "
        "Analytics.\n\nBest regards,\nSam\n"
    )
    assert ("FM801" not in [f.code for f in edited.lint.findings]) is personal


def test_with_body_and_subject() -> None:
    draft = draft_thank_you(example())
    edited = draft.with_body(draft.body, subject="  Thank you,\tAna  ")
    assert edited.subject == "Thank you, Ana"
    assert parts(edited.to_eml())[0]["Subject"] == "Thank you, Ana"


@pytest.mark.parametrize(
    ("body", "subject", "message"),
    [
        (" \n\n", None, "The new body of the draft is empty; write its text."),
        ("Hi\x0cAna", None, "The new body of the draft contains U+000C on line 1, which an "
         "email body cannot carry as written; remove it."),
        ("Hi\n\nAna\u2028", None, "The new body of the draft contains U+2028 on line 3, which "
         "an email body cannot carry as written; remove it."),
        ("Hi Ana", "Thanks\x00", "The new subject of the draft must be a single line without "
         "control characters (found U+0000)."),
        ("Hi Ana", "   ", "The new subject of the draft is empty."),
    ],
)
def test_with_body_refuses_what_a_mail_cannot_carry(
    body: str, subject: str | None, message: str
) -> None:
    with pytest.raises(FollowupMailError) as caught:
        draft_thank_you(example()).with_body(body, subject)
    assert str(caught.value) == message


def test_with_body_keeps_a_custom_html_template(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "body.html.j2").write_text(
        "<main>{% for p in paragraphs_html %}<p>{{ p }}</p>{% endfor %}</main>\n",
        encoding="utf-8",
    )
    draft = draft_thank_you(example(), templates=tmp_path)
    edited = draft.with_body("Hi Ana,\n\nThanks.\n")
    assert edited.html == "<main><p>Hi Ana,</p><p>Thanks.</p></main>\n"


def test_to_json_is_the_documented_form_and_from_json_reads_it_back() -> None:
    draft = draft_thank_you(example())
    data = json.loads(draft.to_json())
    assert list(data) == [
        "kind", "tone", "from", "to", "subject", "body", "html", "send_after",
        "send_before", "findings", "word_count", "message_id",
    ]  # fmt: skip
    assert data["send_after"] == "2026-11-25T14:00:00-05:00"
    assert data["message_id"] == draft.message_id
    for source in (draft.to_json(), draft.to_json().encode("utf-8"), data):
        back = Draft.from_json(source)
        assert back == draft
        assert back.to_eml() == draft.to_eml()
    edited = draft.with_body("Hi Ana,\n\nWhen will you decide?\n")
    assert Draft.from_json(edited.to_json()) == edited
    assert Draft.from_json(draft.to_json()).with_body(edited.body).message_id == draft.message_id


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "memo"}, "The draft's kind is invalid: Input should be 'thank_you' or "
         "'reminder'."),
        ({"message_id": "<x@example.com>"}, "The draft's message_id is invalid: String should "
         "match pattern '^<[0-9a-f]{32}@followup-mail\\.invalid>$'."),
        ({"send_after": "2026-11-25T14:00:00"}, "The draft's send_after is invalid: Input "
         "should have timezone info."),
        ({"cc": []}, "The draft has the field 'cc', which is not one of kind, tone, from, to, "
         "subject, body, html, send_after, send_before, findings, word_count, message_id."),
        ({"to": {"name": "Ana\nLima", "email": None}}, "The draft's to.name must be a single "
         "line without control characters (found U+000A)."),
    ],
)
def test_from_json_refuses_what_to_json_never_writes(
    change: dict[str, object], message: str
) -> None:
    data = {**json.loads(draft_thank_you(example()).to_json()), **change}
    with pytest.raises(FollowupMailError) as caught:
        Draft.from_json(data)
    assert str(caught.value) == message


def test_from_json_refuses_what_is_not_a_draft() -> None:
    with pytest.raises(FollowupMailError, match=r"^The draft is not valid JSON: "):
        Draft.from_json("{")
    with pytest.raises(FollowupMailError, match=r"^A draft in JSON is an object, not list\.$"):
        Draft.from_json("[]")
