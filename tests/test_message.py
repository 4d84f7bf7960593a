"""Draft → EmailMessage, .eml and mailto: what mail clients receive."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from followup_mail import Draft, MailtoTooLong, draft_thank_you


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
