"""Draft → EmailMessage, .eml and mailto: what mail clients receive."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from followup_mail import Draft, FollowupMailError, MailtoTooLong, draft_thank_you


@pytest.fixture
def draft(notes_data: dict[str, Any]) -> Draft:
    return draft_thank_you(notes_data, "Chloé Martin")


def parse(data: bytes) -> Any:
    return BytesParser(policy=policy.default).parsebytes(data)


def test_email_message_has_headers_text_and_html(draft: Draft) -> None:
    message = draft.to_email_message()
    assert str(message["From"]) == "Sam Rivera <sam.rivera@example.com>"
    assert str(message["To"]) == "Chloé Martin <chloe.martin@example.com>"
    assert message["Subject"] == draft.subject
    assert message.get_content_type() == "multipart/alternative"
    assert message.get_body(("plain",)).get_content() == draft.body
    assert message.get_body(("html",)).get_content() == draft.html


def test_non_ascii_names_survive_a_round_trip(notes_data: dict[str, Any]) -> None:
    notes_data["candidate"]["name"] = "Søren Kierkegaard-Østergård 王小明"
    notes_data["interviewers"][0]["name"] = "Zoë Ångström-Nuñez 山田太郎 Алексеевна"
    draft = draft_thank_you(notes_data)
    parsed = parse(draft.to_email_message().as_bytes())
    assert parsed["From"].addresses[0].display_name == "Søren Kierkegaard-Østergård 王小明"
    assert parsed["To"].addresses[0].display_name == "Zoë Ångström-Nuñez 山田太郎 Алексеевна"
    assert parsed.get_body(("plain",)).get_content() == draft.body


def test_display_names_with_specials_are_quoted(notes_data: dict[str, Any]) -> None:
    notes_data["candidate"]["name"] = 'Rivera, Sam "Sammy" <admin>'
    parsed = parse(draft_thank_you(notes_data).to_eml())
    (sender,) = parsed["From"].addresses
    assert sender.display_name == 'Rivera, Sam "Sammy" <admin>'
    assert sender.addr_spec == "sam.rivera@example.com"


def test_international_domain_is_idna_in_headers(notes_data: dict[str, Any]) -> None:
    notes_data["interviewers"][0]["email"] = "ana@bücher.example"
    raw = draft_thank_you(notes_data).to_eml()
    assert b"ana@xn--bcher-kva.example" in raw


def test_smtputf8_addresses_when_the_caller_allows_them(notes_data: dict[str, Any]) -> None:
    from followup_mail import InterviewNotes

    notes_data["interviewers"][0]["email"] = "søren@example.com"
    notes = InterviewNotes.model_validate(notes_data, context={"allow_smtputf8": True})
    raw = draft_thank_you(notes).to_eml()
    assert "To: Ana Lima <søren@example.com>\r\n".encode() in raw


def test_eml_opens_as_an_unsent_draft(draft: Draft) -> None:
    raw = draft.to_eml()
    assert b"\r\nX-Unsent: 1\r\n" in raw
    parsed = parse(raw)
    assert parsed["X-Unsent"] == "1"
    assert parsed["Subject"] == draft.subject


def test_unknown_address_leaves_to_for_the_mail_client(notes_data: dict[str, Any]) -> None:
    del notes_data["interviewers"][0]["email"]
    draft = draft_thank_you(notes_data)
    assert draft.to_email_message()["To"] is None
    assert draft.mailto().startswith("mailto:?subject=")


def test_mailto_follows_rfc_6068(draft: Draft) -> None:
    link = draft.mailto()
    assert link.startswith("mailto:chloe.martin@example.com?subject=Thank%20you%20%E2%80%94%20")
    assert "+" not in link
    assert "%0D%0A" in link
    assert "\n" not in link
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "chloe.martin@example.com"
    query = parse_qs(parts.query)
    assert query["subject"] == [draft.subject]
    assert query["body"] == [draft.body.replace("\n", "\r\n")]


def test_mailto_refuses_links_clients_would_cut(draft: Draft) -> None:
    with pytest.raises(MailtoTooLong, match=r"would be \d+ characters long, more than the 200"):
        draft.mailto(max_length=200)
    assert len(draft.mailto(max_length=None)) > 200


def _draft_by_hand(subject: str, body: str) -> Draft:
    from datetime import UTC, datetime

    from followup_mail.drafting import Contact

    return Draft.model_construct(
        kind="thank_you",
        tone="warm",
        sender=Contact(name="Sam Rivera", email="sam@example.com"),
        to=Contact(name="Ana Lima", email="ana+jobs@example.com"),
        subject=subject,
        body=body,
        html=None,
        send_after=datetime(2026, 11, 25, 9, tzinfo=UTC),
        send_before=None,
        lint=None,
    )


def test_mailto_encodes_slashes_and_makes_every_line_break_crlf() -> None:
    from followup_mail.message import mailto

    link = mailto(_draft_by_hand("a/b c", "one/1\r\ntwo\nthree"))
    assert link == (
        "mailto:ana%2Bjobs@example.com?subject=a%2Fb%20c&body=one%2F1%0D%0Atwo%0D%0Athree"
    )


def test_mailto_function_defaults_to_2000_characters() -> None:
    from followup_mail.message import mailto

    head = len("mailto:ana%2Bjobs@example.com?subject=s&body=")
    assert len(mailto(_draft_by_hand("s", "x" * (2000 - head)))) == 2000
    with pytest.raises(MailtoTooLong) as caught:
        mailto(_draft_by_hand("s", "x" * (2001 - head)))
    assert str(caught.value) == (
        "The mailto: link would be 2001 characters long, more than the 2000 that mail clients "
        "reliably accept; use the .eml draft instead or pass a larger max_length."
    )


@pytest.mark.parametrize(
    ("max_length", "error", "message"),
    [
        (True, TypeError, "max_length must be an int or None, not bool"),
        (2.5, TypeError, "max_length must be an int or None, not float"),
        (0, FollowupMailError, "max_length must be at least 1, not 0."),
    ],
)
def test_mailto_refuses_a_bad_max_length(
    max_length: Any, error: type[Exception], message: str
) -> None:
    from followup_mail.message import mailto

    with pytest.raises(error) as caught:
        mailto(_draft_by_hand("s", "b"), max_length=max_length)
    assert str(caught.value) == message


def test_a_date_given_becomes_the_date_header_and_none_leaves_it_out(draft: Draft) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    sent = datetime(2026, 11, 25, 9, tzinfo=ZoneInfo("America/New_York"))
    assert draft.to_email_message(date=sent)["Date"] == "Wed, 25 Nov 2026 09:00:00 -0500"
    assert "Date" not in draft.to_email_message()
