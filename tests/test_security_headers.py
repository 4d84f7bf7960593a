"""Headers that cannot be re-parsed into something else, and the same rules for every text field.

Three layers, each tested on its own:

1. Validation: every text field of the notes (names, greeting, title, company, role,
   topics, strengths, material titles and URLs, phone, addresses) refuses encoded-word
   syntax, control characters, line and paragraph separators, bidirectional controls and
   invisible format characters, with a message naming the field; dates outside 1970-2199
   are refused.
2. Building: ``message.py`` writes a display name as one token (plain words, one quoted
   string or one encoded word) and a subject as plain ASCII words or encoded words, so
   even a value that slipped past validation is read back literally.
3. Reading back: every message is parsed before it is returned; it must give exactly one
   From, one To and one Subject, each exactly as in the draft, and no other header than
   the library's. The tests break layers 1 and 2 on purpose to show layer 3 holds alone.

Every property reads the ``.eml`` back with ``BytesParser(policy=email.policy.default)``.
"""

from __future__ import annotations

import base64
import copy
import re
import unicodedata
from collections import Counter
from datetime import UTC, datetime
from email import policy as email_policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from followup_mail import (
    Draft,
    FollowupMailError,
    InterviewNotes,
    NotesError,
    TemplateError,
    draft_reminder,
    draft_thank_you,
)
from followup_mail import message as message_module
from followup_mail.drafting import Contact
from followup_mail.models import notes_from_data, text_problem

# -- fixtures and helpers ---------------------------------------------------------------

NOTES: dict[str, Any] = {
    "candidate": {"name": "Sam Rivera", "email": "sam.rivera@example.com", "phone": "+1 555 0100"},
    "company": "Northwind Analytics",
    "role": "Data Platform Engineer",
    "interviewed_at": "2026-11-24T14:00:00-05:00",
    "interviewers": [
        {
            "name": "Ana Lima",
            "email": "ana.lima@example.com",
            "title": "Engineering Manager",
            "greeting": "Ana",
            "topics": ["moving the nightly batch jobs to streaming"],
        },
        {"name": "Raj Patel", "email": "raj.patel@example.com", "topics": ["the team"]},
    ],
    "topics": ["the plan to retire the legacy Hadoop cluster"],
    "strengths": ["migrating the billing pipeline to Flink"],
    "materials": [{"title": "the design doc", "url": "https://example.com/doc"}],
}

# Every text field of the notes that reaches a header or the body, as a dotted path.
TEXT_FIELDS = [
    "candidate.name",
    "candidate.email",
    "candidate.phone",
    "company",
    "role",
    "interviewers.0.name",
    "interviewers.0.email",
    "interviewers.0.title",
    "interviewers.0.greeting",
    "interviewers.0.topics.0",
    "topics.0",
    "strengths.0",
    "materials.0.title",
    "materials.0.url",
]
HEADERS = ["From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "X-Unsent"]
# Cap a property's examples in the CI profile (2000): each example drafts one email.
PROFILE_EXAMPLES = settings().max_examples


def examples(cap: int) -> int:
    return min(PROFILE_EXAMPLES, cap)


def notes_with(path: str, value: object) -> dict[str, Any]:
    data = copy.deepcopy(NOTES)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


def field_path(path: str) -> str:
    """A dotted test path as the errors name the field: ``interviewers[0].name``."""
    return re.sub(r"\.(\d+)", r"[\1]", path)


def refusal(path: str, value: object) -> str:
    """The NotesError message for notes whose *path* is *value* (fails if they validate)."""
    with pytest.raises(NotesError) as caught:
        notes_from_data(notes_with(path, value), "notes.json")
    return str(caught.value)


def parse(raw: bytes, *, headersonly: bool = False) -> Any:
    return BytesParser(policy=email_policy.default).parsebytes(raw, headersonly=headersonly)


def read_back(raw: bytes) -> dict[str, object]:
    """The headers of an ``.eml`` as a reader gets them."""
    message = parse(raw, headersonly=True)

    def mailboxes(name: str) -> list[tuple[str | None, str, str]]:
        return [
            (group.display_name, a.display_name, a.addr_spec)
            for header in message.get_all(name, [])
            for group in header.groups
            for a in group.addresses
        ]

    return {
        "names": message.keys(),
        "From": mailboxes("From"),
        "To": mailboxes("To"),
        "Subject": [str(s) for s in message.get_all("Subject", [])],
    }


def assert_exact_headers(draft: Draft) -> None:
    """The invariant: one From, one To, one Subject, exactly the draft's, nothing else."""
    assert draft.to.email is not None
    raw = draft.to_eml()
    assert_well_formed_head(raw)
    assert read_back(raw) == {
        "names": HEADERS,
        "From": [(None, draft.sender.name, draft.sender.email)],
        "To": [(None, draft.to.name, draft.to.email)],
        "Subject": [draft.subject],
    }


def bare_draft(*, name: str = "Ana Lima", email: str | None = "ana@example.com",
               subject: str = "Thank you", sender: str = "Sam Rivera") -> Draft:
    """A draft built without notes or templates: any name or subject can be tried."""
    return Draft.model_construct(
        kind="thank_you",
        tone="warm",
        sender=Contact(name=sender, email="sam@example.com"),
        to=Contact(name=name, email=email),
        subject=subject,
        body="Hi Ana,\n\nThank you.\n",
        html="<p>Hi Ana,</p>\n",
        send_after=datetime(2026, 11, 25, 9, tzinfo=UTC),
        send_before=None,
        lint=None,
    )


ENCODED_WORD = re.compile(rb"=\?utf-8\?b\?([A-Za-z0-9+/=]*)\?=")


def assert_well_formed_head(raw: bytes) -> None:
    """RFC 5322 and 2047 limits: lines of at most 998 octets, subject lines of at most 76,
    encoded words of at most 75 characters in the subject, each with whole characters."""
    head = raw[: raw.index(b"\r\n\r\n")]
    subject = False
    for line in head.split(b"\r\n"):
        assert len(line) <= 998, line
        if not line.startswith(b" "):
            subject = line.startswith(b"Subject:")
        if subject:
            assert len(line) <= 76, line
            assert all(len(w.group()) <= 75 for w in ENCODED_WORD.finditer(line)), line
        for word in ENCODED_WORD.finditer(line):
            base64.b64decode(word.group(1)).decode("utf-8")  # whole characters in each


def normalized_name(value: str) -> str:
    """A name as validation keeps it: stripped, a space followed by white space made one."""
    return re.sub(r" \s+", " ", value.strip())


# -- finding 1: encoded-word look-alikes ------------------------------------------------

ENCODED_NAME = "Ana =?utf-8?q?Lima=3A_eve=40evil=2Ecom=2C?="
ENCODED_ADDRESS = "=?utf-8?q?eve=40evil.com=3E=2C_x?=@example.com"
ENCODED_BCC = "=?utf-8?q?X=0D=0ABcc:_eve=40evil.com?="
ENCODED_BIDI = "=?utf-8?q?=E2=80=AEgnp.exe?="
ENCODED_NUL = "=?utf-8?b?AA==?="
MALFORMED = "=??b?=2C"
ENCODED_WORD_REFUSAL = (
    "must not contain '=?' followed by '?=': mail programs read that as an RFC 2047 "
    "encoded word and decode it into other text"
)


def test_encoded_word_in_a_name_cannot_add_a_recipient() -> None:
    assert refusal("interviewers.0.name", ENCODED_NAME) == (
        f"notes.json: interviewers[0].name: {ENCODED_WORD_REFUSAL}."
    )


def test_encoded_word_in_an_address_cannot_add_a_recipient() -> None:
    assert refusal("interviewers.0.email", ENCODED_ADDRESS) == (
        f"notes.json: interviewers[0].email: {ENCODED_WORD_REFUSAL}."
    )
    assert refusal("candidate.email", ENCODED_ADDRESS) == (
        f"notes.json: candidate.email: {ENCODED_WORD_REFUSAL}."
    )


@pytest.mark.parametrize(
    "path",
    ["interviewers.0.name", "candidate.name", "role", "company", "interviewers.0.title",
     "interviewers.0.greeting"],
)
def test_encoded_crlf_in_a_name_or_role_cannot_add_a_bcc_header(path: str) -> None:
    assert refusal(path, ENCODED_BCC) == f"notes.json: {field_path(path)}: {ENCODED_WORD_REFUSAL}."


def test_encoded_bidi_override_cannot_pass_the_bidi_refusal() -> None:
    assert refusal("company", ENCODED_BIDI) == f"notes.json: company: {ENCODED_WORD_REFUSAL}."


def test_encoded_nul_cannot_reach_the_subject() -> None:
    # The role is in the built-in subject.
    assert refusal("role", ENCODED_NUL) == f"notes.json: role: {ENCODED_WORD_REFUSAL}."


def test_malformed_encoded_word_gives_an_error_not_a_unicode_error() -> None:
    assert refusal("role", MALFORMED) == f"notes.json: role: {ENCODED_WORD_REFUSAL}."


ATTACKS = [ENCODED_NAME, ENCODED_BCC, ENCODED_BIDI, ENCODED_NUL, MALFORMED,
           "=?utf-8?b?PGV2ZUBldmlsLmNvbT4s?=", "=?iso-8859-1?q?=0D=0ABcc:_e@x.com?=",
           "\"=?utf-8?q?a=2C_b=40c.com?=\"", "x =?utf-8?q?=22=2C_eve=40evil.com=2C_=22?= y"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_builder_alone_writes_an_encoded_word_look_alike_literally(
    attack: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Layer 1 off: the builder must still write the name and subject as one literal token.
    monkeypatch.setattr(message_module, "text_problem", lambda value: None)
    draft = bare_draft(name=attack, subject=f"Thank you {attack} interview", sender=attack)
    assert_exact_headers(draft)


READ_BACK_REFUSAL = (
    r"^The (draft's to\.name .* would read back from the To header as .*|To header built "
    r"from the draft's to could not be read back by Python's mail parser); refusing"
)


@pytest.mark.parametrize("attack", [ENCODED_NAME, ENCODED_BCC, ENCODED_NUL])
def test_read_back_alone_refuses_a_name_the_stdlib_would_decode(
    attack: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Layers 1 and 2 off: the name goes out unquoted, as the stdlib used to write it.
    monkeypatch.setattr(message_module, "text_problem", lambda value: None)
    monkeypatch.setattr(message_module, "_display_name", lambda name: name)
    with pytest.raises(NotesError, match=READ_BACK_REFUSAL):
        bare_draft(name=attack).to_eml()
    with pytest.raises(NotesError, match=READ_BACK_REFUSAL):
        bare_draft(name=attack).to_email_message()


# Names on which Python's address parser itself fails, each with a different exception.
UNPARSABLE = {
    "AttributeError": ".",
    "IndexError": "():",
    "TypeError": "().",
    "ValueError": ENCODED_BCC,
}


@pytest.mark.parametrize("name", UNPARSABLE.values(), ids=UNPARSABLE.keys())
def test_read_back_alone_refuses_a_name_the_parser_fails_on(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(message_module, "text_problem", lambda value: None)
    monkeypatch.setattr(message_module, "_display_name", lambda name: name)
    with pytest.raises(NotesError) as caught:
        bare_draft(name=name).to_eml()
    assert str(caught.value) == (
        "The To header built from the draft's to could not be read back by Python's mail "
        "parser; refusing to write a wrong message."
    )


def test_read_back_alone_refuses_a_subject_the_stdlib_would_decode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(message_module, "text_problem", lambda value: None)
    monkeypatch.setattr(message_module, "_unstructured", lambda text: text)
    with pytest.raises(TemplateError) as caught:
        bare_draft(subject=f"Thanks {ENCODED_NUL}").to_eml()
    assert str(caught.value) == (
        "The subject rendered by thank_you/subject.txt.j2 would read back as 'Thanks \\x00', "
        "not 'Thanks =?utf-8?b?AA==?='; refusing to write a wrong message."
    )
    assert caught.value.template == "thank_you/subject.txt.j2"


@pytest.mark.parametrize(
    ("field", "name", "subject", "error", "message"),
    [
        (
            "to.name",
            "X\r\nBcc: eve@evil.com",
            "Thank you",
            NotesError,
            "The To header built from the draft's to would make the headers read back as "
            "From, To, Bcc, Subject, Message-ID, MIME-Version, Content-Type, X-Unsent, not "
            "From, To, Subject, Message-ID, MIME-Version, Content-Type, X-Unsent; refusing to "
            "write a wrong message.",
        ),
        (
            "sender.name",
            "Ana Lima",
            "Thank you",
            NotesError,
            "The From header built from the draft's sender would make the headers read back as "
            "From, Bcc, To, Subject, Message-ID, MIME-Version, Content-Type, X-Unsent, not "
            "From, To, Subject, Message-ID, MIME-Version, Content-Type, X-Unsent; refusing to "
            "write a wrong message.",
        ),
        (
            "subject",
            "Ana Lima",
            "Thank you\r\nBcc: eve@evil.com",
            TemplateError,
            "The subject rendered by thank_you/subject.txt.j2 would make the headers read back "
            "as From, To, Subject, Bcc, Message-ID, MIME-Version, Content-Type, X-Unsent, not "
            "From, To, Subject, Message-ID, MIME-Version, Content-Type, X-Unsent; refusing to "
            "write a wrong message.",
        ),
    ],
)
def test_read_back_alone_refuses_an_injected_header(
    field: str, name: str, subject: str, error: type[Exception], message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(message_module, "text_problem", lambda value: None)
    monkeypatch.setattr(message_module, "_display_name", lambda name: name)
    monkeypatch.setattr(message_module, "_unstructured", lambda text: text)
    sender = "X\r\nBcc: eve@evil.com" if field == "sender.name" else "Sam Rivera"
    with pytest.raises(error) as caught:
        bare_draft(name=name, subject=subject, sender=sender).to_eml()
    assert str(caught.value) == message


def test_read_back_alone_refuses_a_second_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(message_module, "text_problem", lambda value: None)
    with pytest.raises(NotesError) as caught:
        bare_draft(email="ana@example.com, eve@evil.com").to_eml()
    assert str(caught.value) == (
        "The To header built from the draft's to would read back as 2 addresses, not one "
        "address; refusing to write a wrong message."
    )


def test_read_back_alone_refuses_a_changed_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(message_module, "text_problem", lambda value: None)
    with pytest.raises(NotesError) as caught:
        bare_draft(email="ana(comment)@example.com").to_eml()
    assert str(caught.value) == (
        "The draft's to.email 'ana(comment)@example.com' would read back from the To header "
        "as 'ana@example.com'; refusing to write a wrong message."
    )


def test_read_back_alone_refuses_a_group(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(message_module, "_mailbox", lambda header, contact: "Team: Ana <a@b.c>;")
    with pytest.raises(NotesError) as caught:
        bare_draft().to_eml()
    assert str(caught.value) == (
        "The From header built from the draft's sender would read back as a group named "
        "'Team', not one address; refusing to write a wrong message."
    )


def test_read_back_alone_refuses_a_header_without_an_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(message_module, "_mailbox", lambda header, contact: "Team:;")
    with pytest.raises(NotesError, match="would read back as 0 addresses, not one address"):
        bare_draft().to_eml()


def test_read_back_names_a_header_of_the_library_it_did_not_expect() -> None:
    head = "From: a@b.c\nTo: c@d.e\nSubject: s\nMIME-Version: 1.0\nX-Extra: 1\n"
    written = ["From", "To", "Subject", "MIME-Version"]
    draft = bare_draft(name="", email="c@d.e")
    with pytest.raises(FollowupMailError) as caught:
        message_module._check_read_back(head, written, draft)
    assert type(caught.value) is FollowupMailError
    assert str(caught.value) == (
        "The MIME-Version header would make the headers read back as From, To, Subject, "
        "MIME-Version, X-Extra, not From, To, Subject, MIME-Version; refusing to write a "
        "wrong message."
    )


# -- finding 2: validation gaps ---------------------------------------------------------

PHONE_REFUSALS = [
    ("\r", "must be a single line without control characters (found U+000D)"),
    ("\n", "must be a single line without control characters (found U+000A)"),
    ("\x00", "must be a single line without control characters (found U+0000)"),
    ("\x0b", "must be a single line without control characters (found U+000B)"),
    ("\x0c", "must be a single line without control characters (found U+000C)"),
    ("\x85", "must be a single line without control characters (found U+0085)"),
    ("\u202e", "must not contain the bidirectional control character U+202E"),
    ("\u2028", "must be a single line without line or paragraph separators (found U+2028)"),
]


@pytest.mark.parametrize(("char", "message"), PHONE_REFUSALS, ids=[m[0] for m in PHONE_REFUSALS])
def test_phone_refuses_line_breaks_nul_and_bidi_controls(char: str, message: str) -> None:
    assert refusal("candidate.phone", f"+1 555{char}0100") == (
        f"notes.json: candidate.phone: {message}."
    )


@pytest.mark.parametrize("char", ["\u2028", "\u2029"])
@pytest.mark.parametrize(
    "path", ["candidate.name", "interviewers.0.name", "interviewers.0.greeting", "company", "role"]
)
def test_names_company_and_role_refuse_line_and_paragraph_separators(
    path: str, char: str
) -> None:
    assert refusal(path, f"Ana{char}Lima") == (
        f"notes.json: {field_path(path)}: must be a single line without line or paragraph "
        "separators "
        f"(found U+{ord(char):04X})."
    )


@pytest.mark.parametrize("path", TEXT_FIELDS)
def test_every_text_field_has_the_same_rules(path: str) -> None:
    # One value per rule, in a form each field's own syntax would otherwise accept.
    for value, message in [
        ("a\x00b", "must be a single line without control characters (found U+0000)"),
        ("a\u2029b", "must be a single line without line or paragraph separators (found U+2029)"),
        ("a\u202eb", "must not contain the bidirectional control character U+202E"),
        ("a\u200bb", "must not contain the invisible format character U+200B"),
        ("a=?x?q?y?=b", ENCODED_WORD_REFUSAL),
    ]:
        if path.endswith("email"):
            value = f"{value}@example.com"
        if path.endswith("url") and "\u2029" in value:
            message = "must not contain white space"  # a URL holds no white space
        assert refusal(path, value) == f"notes.json: {field_path(path)}: {message}.", value


MAX_LENGTHS = {
    "candidate.name": 100,
    "candidate.email": 20_000,
    "candidate.phone": 40,
    "company": 200,
    "role": 200,
    "interviewers.0.name": 100,
    "interviewers.0.email": 20_000,
    "interviewers.0.title": 200,
    "interviewers.0.greeting": 100,
    "interviewers.0.topics.0": 200,
    "topics.0": 200,
    "strengths.0": 200,
    "materials.0.title": 200,
    "materials.0.url": 2_000,
}


@pytest.mark.parametrize("path", TEXT_FIELDS)
def test_a_huge_value_is_refused_by_length_naming_the_field(path: str) -> None:
    assert sorted(MAX_LENGTHS) == sorted(TEXT_FIELDS)
    assert refusal(path, "=?" * 500_000) == (
        f"notes.json: {field_path(path)}: must be at most {MAX_LENGTHS[path]} characters long."
    )


# Exact messages for every kind of character refused, and what is kept.
TEXT_RULES = [
    ("Ana\x00", "must be a single line without control characters (found U+0000)"),
    ("Ana\x1b[31m", "must be a single line without control characters (found U+001B)"),
    ("Ana\x7f", "must be a single line without control characters (found U+007F)"),
    ("Ana\u2028Lima", "must be a single line without line or paragraph separators (found U+2028)"),
    ("Ana\u061cLima", "must not contain the bidirectional control character U+061C"),
    ("Ana\u2066Lima", "must not contain the bidirectional control character U+2066"),
    ("Ana\u00adLima", "must not contain the invisible format character U+00AD"),
    ("Ana\ufeffLima", "must not contain the invisible format character U+FEFF"),
    ("Ana\u2060Lima", "must not contain the invisible format character U+2060"),
    ("Ana\U000e0041", "must not contain the invisible format character U+E0041"),
    ("Ana\ud800", "must not contain the lone surrogate U+D800, which is not a character"),
    (
        "Ana\u200dLima",
        "must not contain the joiner U+200D except between two non-ASCII characters (as in "
        "an emoji sequence or a Persian word)",
    ),
    (
        "\u200c\u0641\u0627",
        "must not contain the joiner U+200C except between two non-ASCII characters (as in "
        "an emoji sequence or a Persian word)",
    ),
    (
        "\u0641\u0627\u200c",
        "must not contain the joiner U+200C except between two non-ASCII characters (as in "
        "an emoji sequence or a Persian word)",
    ),
    (
        "\u0641\u200c\u200c\u0627",
        "must not contain the joiner U+200C except between two non-ASCII characters (as in "
        "an emoji sequence or a Persian word)",
    ),
    (
        "\u0641\u200c a",
        "must not contain the joiner U+200C except between two non-ASCII characters (as in "
        "an emoji sequence or a Persian word)",
    ),
    ("=?", None),
    ("?=", None),
    ("?==?", None),
    ("=?=", None),
    ("a =? b ?= c", ENCODED_WORD_REFUSAL),
    ("=??=", ENCODED_WORD_REFUSAL),
    ("Ana\u00a0Lima", None),
    ("\u5c71\u7530\u3000\u592a\u90ce", None),
    ("\U0001f469\u200d\U0001f4bb", None),
    ("\u0641\u0627\u0631\u0633\u06cc\u200c\u0646\u0627\u0645", None),
    ("\u0915\u094d\u200d\u0937", None),
    ("Ana \ue000", None),
    ("Ana \U000e01ef", None),
]


@pytest.mark.parametrize(("value", "problem"), TEXT_RULES, ids=[ascii(v) for v, _ in TEXT_RULES])
def test_text_rules_name_the_character_refused(value: str, problem: str | None) -> None:
    assert text_problem(value) == problem


CONTROLS = [chr(c) for c in range(0x100) if unicodedata.category(chr(c)) == "Cc"]
# Format characters live in planes 0, 1 and 14 (Unicode 14: 163 of them).
FORMATS = [
    ch
    for block in (range(0x20000), range(0xE0000, 0xE1000))
    for ch in map(chr, block)
    if unicodedata.category(ch) == "Cf"
]
SEPARATORS = ["\u2028", "\u2029"]


def test_every_control_separator_and_format_character_is_refused_in_every_position() -> None:
    joiners = {"\u200c", "\u200d"}
    for char in CONTROLS + SEPARATORS + FORMATS:
        for value in (f"{char}Ana", f"A{char}na", f"Ana{char}", f"\u00e9{char}a", f"a{char}\u00e9"):
            assert text_problem(value) is not None, (value, char)
        # Between two non-ASCII letters only the two joiners pass.
        inside = text_problem(f"\u00e9{char}\u00e9")
        assert (inside is None) is (char in joiners), ascii(char)


# -- finding 3: dates out of range ------------------------------------------------------

DATE_REFUSALS = [
    ("interviewed_at", "9999-12-31T10:00:00-05:00", 9999),
    ("interviewed_at", "0001-01-01T10:00:00+05:00", 1),
    ("interviewed_at", "0001-01-01T00:00:00-05:00", 1),
    ("interviewed_at", "1969-12-31T23:00:00-05:00", 1969),
    ("interviewed_at", "2200-01-01T00:00:00+00:00", 2200),
    ("decision_expected_by", "9999-12-31", 9999),
    ("decision_expected_by", "1969-12-31", 1969),
    ("decision_expected_by", "2200-01-01", 2200),
]


@pytest.mark.parametrize(("path", "value", "year"), DATE_REFUSALS)
def test_dates_outside_1970_to_2199_are_refused_naming_the_field(
    path: str, value: str, year: int
) -> None:
    assert refusal(path, value) == (
        f"notes.json: {field_path(path)}: must be between the years 1970 and 2199, not {year}."
    )


@pytest.mark.parametrize(
    ("interviewed_at", "decision"),
    [
        ("1970-01-01T00:00:00+14:00", "1970-01-01"),
        ("2199-12-31T23:59:59-12:00", "2199-12-31"),
    ],
)
def test_dates_at_the_edges_of_the_range_draft_without_overflow(
    interviewed_at: str, decision: str
) -> None:
    data = notes_with("interviewed_at", interviewed_at)
    data["decision_expected_by"] = decision
    notes = notes_from_data(data, "notes.json")
    assert_exact_headers(draft_thank_you(notes))
    reminder = draft_reminder(
        notes, thank_you_sent_at=notes.interviewed_at, now=notes.interviewed_at, force=True
    )
    assert_exact_headers(reminder)


# -- legitimate names and subjects ------------------------------------------------------

LEGITIMATE_NAMES = [
    "Chloé Martin",
    "José Ñúñez",
    "O'Brien",
    'Zoë "Zo" Park',
    "ليلى حداد",
    "דנה כהן",
    "\u0641\u0627\u0631\u0633\u06cc\u200c\u0646\u0627\u0645",  # Persian, with ZWNJ
    "山田 太郎",
    "山田\u3000太郎",
    "王小明",
    "김민준",
    "Lima, Ana",
    "Ana (ENG) Lima",
    "ana@home",
    "Dr. A. B. Okafor",
    "Ana\u00a0Lima",
    "\U0001f469\u200d\U0001f4bb Ana",
    "Søren Kierkegaard-Østergård 王小明",
    "a\\b",
    "?= =?",
    "Ana =?utf-8?q?Lima",
    "x" * 100,
    "é" * 100,
    "😀" * 100,
]


@pytest.mark.parametrize("name", LEGITIMATE_NAMES)
@pytest.mark.parametrize("who", ["candidate.name", "interviewers.0.name"])
def test_legitimate_names_still_draft_and_read_back_exactly(who: str, name: str) -> None:
    notes = notes_from_data(notes_with(who, name), "notes.json")
    draft = draft_thank_you(notes)
    assert (draft.sender.name if who == "candidate.name" else draft.to.name) == name
    assert_exact_headers(draft)


@pytest.mark.parametrize(
    ("written", "kept"),
    [("Ana  Lima", "Ana Lima"), ("Ana \u00a0Lima", "Ana Lima"), ("Zoë   Park", "Zoë Park"),
     ("Ana\u00a0 Lima", "Ana\u00a0 Lima")],
)
def test_a_space_followed_by_white_space_in_a_name_is_one_space(written: str, kept: str) -> None:
    notes = notes_from_data(notes_with("interviewers.0.name", written), "notes.json")
    assert notes.interviewers[0].name == kept
    assert_exact_headers(draft_thank_you(notes))


def test_plain_names_and_subjects_stay_readable_in_the_eml() -> None:
    data = notes_with("candidate.name", "O'Brien, Sam")
    raw = draft_thank_you(data).to_eml()
    head = raw[: raw.index(b"\r\n\r\n")].decode("ascii").split("\r\n")
    assert head[:3] == [
        "From: \"O'Brien, Sam\" <sam.rivera@example.com>",
        "To: Ana Lima <ana.lima@example.com>",
        "Subject: Thank you =?utf-8?b?4oCU?= Data Platform Engineer interview",
    ]


@pytest.mark.parametrize(
    "subject",
    [
        "",
        " leading and trailing ",
        "two  spaces",
        "Re: [ticket #42] (urgent) 50% done; ok? =) <3 a@b.c",
        "Thank you — Data Platform Engineer interview",
        "=? not an encoded word",
        "x" * 500,
        "é" * 500,
        "word " * 199 + "end",
        "山田 " * 100,
    ],
)
def test_any_single_line_subject_reads_back_exactly_within_line_limits(subject: str) -> None:
    assert_exact_headers(bare_draft(subject=subject))


def test_a_custom_subject_template_that_writes_a_control_character_is_refused(
    tmp_path: Path,
) -> None:
    (tmp_path / "thank_you").mkdir()
    (tmp_path / "thank_you" / "subject.txt.j2").write_text(
        "Thanks {{ '\\x00' }}{{ role }}", encoding="utf-8"
    )
    # Refused when drafted; a draft edited by hand afterwards is refused when written.
    with pytest.raises(TemplateError) as caught:
        draft_thank_you(NOTES, templates=tmp_path)
    assert str(caught.value) == (
        "The subject rendered by thank_you/subject.txt.j2 must be a single line without "
        "control characters (found U+0000)."
    )
    assert caught.value.template == "thank_you/subject.txt.j2"
    draft = draft_thank_you(NOTES).model_copy(update={"subject": "Thanks \x00 again"})
    for write in (draft.to_eml, draft.to_email_message, draft.mailto):
        with pytest.raises(TemplateError) as caught:
            write()
        assert str(caught.value) == (
            "The subject rendered by thank_you/subject.txt.j2 must be a single line without "
            "control characters (found U+0000)."
        )


def test_a_custom_subject_template_that_writes_an_encoded_word_is_refused(
    tmp_path: Path,
) -> None:
    (tmp_path / "reminder").mkdir()
    (tmp_path / "reminder" / "subject.txt.j2").write_text(
        "Hi {{ '=?utf-8?q?X=0D=0ABcc:_eve=40evil.com?=' }}", encoding="utf-8"
    )
    with pytest.raises(TemplateError) as caught:
        draft_reminder(
            NOTES, thank_you_sent_at=datetime(2026, 11, 25, 15, tzinfo=UTC),
            templates=tmp_path, force=True,
        )
    assert str(caught.value) == (
        f"The subject rendered by reminder/subject.txt.j2 {ENCODED_WORD_REFUSAL}."
    )


def test_a_draft_built_by_hand_is_checked_like_notes() -> None:
    with pytest.raises(NotesError) as caught:
        bare_draft(name="Ana\r\nBcc: eve@evil.com").to_eml()
    assert str(caught.value) == (
        "The draft's to.name must be a single line without control characters (found U+000D)."
    )
    with pytest.raises(NotesError) as caught:
        bare_draft(sender="Sam\u202eRivera").to_eml()
    assert str(caught.value) == (
        "The draft's sender.name must not contain the bidirectional control character U+202E."
    )
    with pytest.raises(NotesError) as caught:
        bare_draft(email="=?utf-8?q?eve?=@example.com").to_email_message()
    assert str(caught.value) == f"The draft's to.email {ENCODED_WORD_REFUSAL}."


@pytest.mark.parametrize("header", ["From", "To"])
def test_an_address_header_folds_before_the_address_past_76_characters(header: str) -> None:
    address = "<sam@example.com>" if header == "From" else "<ana@example.com>"
    room = 76 - len(f"{header}: ") - len(f" {address}")
    for name, folded in (("x" * room, False), ("x" * (room + 1), True)):
        draft = bare_draft(**{"sender" if header == "From" else "name": name})
        assert_exact_headers(draft)
        line = f"{header}: {name}\r\n {address}" if folded else f"{header}: {name} {address}"
        assert f"\r\n{line}\r\n".encode() in b"\r\n" + draft.to_eml(), (name, folded)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Ana  Lima", '"Ana  Lima"'),
        (" Ana", '" Ana"'),
        ("Ana ", '"Ana "'),
        ("Ana Lima", "Ana Lima"),
        ("O'Brien", "O'Brien"),
        ("Ana Lima.", '"Ana Lima."'),
        ('Zoë "Zo" Park', "=?utf-8?b?Wm/DqyAiWm8iIFBhcms=?="),
        ("Ana =? Lima", "=?utf-8?b?QW5hID0/IExpbWE=?="),
        ('a\\b"', '"a\\\\b\\""'),
    ],
)
def test_a_display_name_is_written_as_one_token(name: str, written: str) -> None:
    draft = bare_draft(name=name)
    assert_exact_headers(draft)
    assert f"\r\nTo: {written} <ana@example.com>\r\n".encode() in draft.to_eml()


def test_a_hand_built_name_the_parser_would_shorten_is_refused() -> None:
    # Inside an encoded display name Python's parser reads "  " as " "; notes never hold
    # such a name (validation makes it one space), a hand-built draft is refused.
    with pytest.raises(NotesError) as caught:
        bare_draft(name="Zoë  Park").to_eml()
    assert str(caught.value) == (
        "The draft's to.name 'Zoë  Park' would read back from the To header as 'Zoë Park'; "
        "refusing to write a wrong message."
    )


@pytest.mark.parametrize(
    ("subject", "written"),
    [
        # Plain ASCII words of up to 64 characters stay as they are; longer ones are encoded.
        ("x" * 64, "x" * 64),
        ("x" * 65, "=?utf-8?b?" + base64.b64encode(b"x" * 39).decode() + "?=\r\n =?utf-8?b?"
         + base64.b64encode(b"x" * 26).decode() + "?="),
        # A run of other words is one run of encoded words, between plain words.
        ("Merci, Chloé Zoë et Ana", "Merci, =?utf-8?b?Q2hsb8OpIFpvw6s=?= et Ana"),
        ("é a é", "=?utf-8?b?w6k=?= a =?utf-8?b?w6k=?="),
        ("Thank you — é", "Thank you =?utf-8?b?4oCUIMOp?="),
        # Lines of exactly 76 characters are not folded; one more is.
        ("a" * 33 + " " + "b" * 33 + " " + "c" * 37 + " " + "d" * 37,
         "a" * 33 + " " + "b" * 33 + "\r\n " + "c" * 37 + " " + "d" * 37),
        ("a" * 33 + " " + "b" * 34, "a" * 33 + "\r\n " + "b" * 34),
        ("x" * 20 + " " + "y" * 20 + " " + "z" * 25 + " w",
         "x" * 20 + " " + "y" * 20 + " " + "z" * 25 + "\r\n w"),
    ],
)
def test_a_subject_is_plain_words_and_runs_of_encoded_words(subject: str, written: str) -> None:
    draft = bare_draft(subject=subject)
    assert_exact_headers(draft)
    assert f"\r\nSubject: {written}\r\n".encode() in draft.to_eml()


def test_a_header_line_of_998_octets_is_written() -> None:
    draft = bare_draft(name="x" * 994)
    assert_exact_headers(draft)
    assert f"\r\nTo: {'x' * 994}\r\n <ana@example.com>\r\n".encode() in draft.to_eml()
    with pytest.raises(NotesError, match="would have a line longer than 998 octets"):
        bare_draft(name="x" * 995).to_eml()


def test_a_body_paragraph_up_to_998_characters_stays_as_written() -> None:
    # One paragraph is one line: up to RFC 5322's limit it needs no transfer encoding.
    for body, encoding in (("w" * 998 + "\n", b"7bit"), ("w" * 999 + "\n", b"quoted-printable")):
        raw = bare_draft().model_copy(update={"body": body}).to_eml()
        text_part = raw.split(b"Content-Type: text/plain", 1)[1]
        assert text_part.split(b"\r\n")[1] == b"Content-Transfer-Encoding: " + encoding


def test_an_smtputf8_header_line_longer_than_998_octets_is_refused_not_refolded() -> None:
    with pytest.raises(NotesError) as caught:
        bare_draft(name="\U0001f600" * 184, email="søren@example.com").to_eml()
    assert str(caught.value) == (
        "The To header built from the draft's to would have a line longer than 998 octets; "
        "refusing to write a wrong message."
    )


def test_a_header_line_longer_than_998_octets_is_refused() -> None:
    with pytest.raises(NotesError) as caught:
        bare_draft(name="\U0001f600" * 184).to_eml()
    assert str(caught.value) == (
        "The To header built from the draft's to would have a line longer than 998 octets; "
        "refusing to write a wrong message."
    )
    assert_exact_headers(bare_draft(name="\U0001f600" * 183))


def test_a_subject_longer_than_998_characters_is_refused() -> None:
    assert_exact_headers(bare_draft(subject="x" * 998))
    with pytest.raises(TemplateError) as caught:
        bare_draft(subject="x" * 999).to_eml()
    assert str(caught.value) == (
        "The subject rendered by thank_you/subject.txt.j2 is 999 characters long, more than 998."
    )


def test_no_address_means_no_to_header_and_an_exact_from() -> None:
    draft = bare_draft(email=None, sender="Zoë \"Zo\" Park")
    message = parse(draft.to_eml())
    assert message.keys() == [
        "From", "Subject", "Message-ID", "MIME-Version", "Content-Type", "X-Unsent"
    ]
    assert message["From"].addresses[0].display_name == 'Zoë "Zo" Park'


def test_smtputf8_addresses_read_back_exactly() -> None:
    data = notes_with("interviewers.0.email", "søren@example.com")
    data["interviewers"][0]["name"] = "Søren Ørsted"
    notes = InterviewNotes.model_validate(data, context={"allow_smtputf8": True})
    raw = draft_thank_you(notes).to_eml()
    # Raw UTF-8 headers: read them as text, which the library's own check does too.
    head = raw[: raw.index(b"\r\n\r\n")].decode("utf-8")
    assert "\r\nTo: =?utf-8?b?U8O4cmVuIMOYcnN0ZWQ=?= <søren@example.com>\r\n" in head


# -- properties -------------------------------------------------------------------------

# RFC 2047 look-alikes: a charset, an encoding (valid or not) and a payload of the bytes
# that change a header's meaning once decoded; now and then cut short.
DANGEROUS_BYTES = st.sampled_from(
    [b"\r\n", b"\r", b"\n", b":", b",", b";", b"<", b">", b"@", b'"', b"(", b"\\", b"\x00",
     "\u202e".encode(), b"Bcc: eve@evil.com", b"eve@evil.com", b"=?", b"?=", b"\xff", b" "]
)
PAYLOAD = st.one_of(st.lists(DANGEROUS_BYTES, max_size=4).map(b"".join), st.binary(max_size=6))


def encoded_word(charset: str, encoding: str, payload: bytes, cut: int | None) -> str:
    if encoding in ("b", "B"):
        text = base64.b64encode(payload).decode("ascii")
    else:
        text = "".join(chr(b) if chr(b).isalnum() and b < 128 else f"={b:02X}" for b in payload)
    word = f"=?{charset}?{encoding}?{text}?="
    return word if cut is None else word[cut:] if cut < 0 else word[:cut]


ENCODED_WORDS = st.builds(
    encoded_word,
    st.sampled_from(["utf-8", "UTF-8", "iso-8859-1", "us-ascii", "", "utf-8*en", "x-unknown",
                     "utf-16", "koi8-r"]),
    st.sampled_from(["q", "Q", "b", "B", "x", ""]),
    PAYLOAD,
    st.sampled_from([None, None, None, -2, 2, 5, 12, -1]),
)
HOSTILE_CHARACTERS = st.sampled_from(CONTROLS + SEPARATORS + FORMATS + ["\ud800", "\udfff"])
# Mixed scripts, punctuation and symbols, spaces of every kind: mostly legitimate.
MIXED = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1, max_size=12)
WORDS = st.sampled_from(
    ["Ana Lima", "eve@evil.com", ", ", "<", ">", "Bcc:", "To:", '"', "\\", "(", ")", ";",
     "=?", "?=", " ", "  ", "\u00a0", "Chloé", "山田", "ليلى", "\U0001f469\u200d\U0001f4bb"]
)
# Past every limit of the notes (the longest text field takes 2,000 characters).
HUGE = st.builds(
    lambda unit, times: unit * times,
    st.sampled_from(["x", "é", "😀", "=?", "a ", "\u202e", "\r\n", "山田 "]),
    st.integers(50, 3_000),
)
HOSTILE = st.one_of(
    st.lists(st.one_of(ENCODED_WORDS, HOSTILE_CHARACTERS, MIXED, WORDS), min_size=1,
             max_size=6).map("".join),
    HUGE,
)


def draft_or_refusal(data: dict[str, Any], path: str) -> Draft | None:
    """The draft for *data*, or None after checking that the refusal names *path*."""
    try:
        notes = notes_from_data(data, "notes.json")
    except NotesError as exc:
        message = str(exc)
        starts = (f"notes.json: {field_path(path)}: ", "notes.json: interviewers[")
        assert message.startswith(starts), (
            message
        )
        return None
    return draft_thank_you(notes)


@settings(max_examples=examples(300))
@given(st.sampled_from(TEXT_FIELDS), HOSTILE)
def test_hostile_value_in_any_text_field_is_refused_or_read_back_exactly(
    path: str, value: str
) -> None:
    if path.endswith("email") and "@" not in value:
        value += "@example.com"
    draft = draft_or_refusal(notes_with(path, value), path)
    event("drafted" if draft else "refused")
    if draft is None:
        return
    assert_exact_headers(draft)
    if path in ("candidate.name", "interviewers.0.name"):
        written = draft.sender.name if path == "candidate.name" else draft.to.name
        assert written == normalized_name(value)


# Valid notes, one field perturbed the way real notes differ: other scripts, punctuation,
# quotes, spaces of every kind, and now and then one hostile character or encoded word.
PERTURBATIONS = st.one_of(
    st.sampled_from(LEGITIMATE_NAMES),
    MIXED,
    st.lists(st.one_of(MIXED, WORDS), min_size=1, max_size=4).map("".join),
    st.tuples(st.sampled_from(LEGITIMATE_NAMES), HOSTILE_CHARACTERS | ENCODED_WORDS).map("".join),
)


def test_perturbed_valid_notes_mostly_reach_drafting() -> None:
    outcomes: Counter[str] = Counter()

    @settings(max_examples=examples(250))
    @given(st.sampled_from(TEXT_FIELDS), PERTURBATIONS)
    def perturb(path: str, value: str) -> None:
        if path.endswith("email"):
            value = f"{re.sub(r'[^a-z0-9]', '', value.lower()) or 'x'}@example.com"
        draft = draft_or_refusal(notes_with(path, value), path)
        outcome = "drafted" if draft else "refused"
        outcomes[outcome] += 1
        event(outcome)
        if draft is not None:
            assert_exact_headers(draft)

    perturb()
    # Most perturbations are legitimate text: a property that never drafts tests nothing.
    assert outcomes["drafted"] >= 0.6 * sum(outcomes.values()), outcomes


SUBJECTS = st.one_of(
    st.sampled_from(LEGITIMATE_NAMES),
    MIXED,
    st.text(st.characters(exclude_categories=["Cs"]), max_size=100),
    st.lists(st.one_of(WORDS, MIXED, ENCODED_WORDS), max_size=10).map("".join),
    HUGE,
)


def test_any_name_and_subject_in_a_draft_is_refused_or_read_back_exactly() -> None:
    outcomes: Counter[str] = Counter()

    @settings(max_examples=examples(250))
    @given(SUBJECTS, SUBJECTS)
    def build(name: str, subject: str) -> None:
        name = name[:100]  # the notes' limit
        draft = bare_draft(name=name, subject=subject)
        must_refuse = (
            text_problem(subject) is not None
            or len(subject) > 998
            or text_problem(name) is not None
        )
        # A name validation would have changed may read back otherwise: refused then.
        may_refuse = must_refuse or name != normalized_name(name)
        try:
            raw = draft.to_eml()
        except FollowupMailError:
            raw = None
        outcomes["refused" if raw is None else "read back"] += 1
        if raw is None:
            assert may_refuse, (name, subject)
            return
        assert not must_refuse, (name, subject)
        assert_exact_headers(draft)

    build()
    assert outcomes["read back"] >= 0.3 * sum(outcomes.values()), outcomes
