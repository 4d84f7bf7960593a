"""InterviewNotes: what is accepted, and the exact error each bad input gets."""

from __future__ import annotations

import doctest
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import NOTES_TOML
from pydantic import ValidationError

import followup_mail.models
from followup_mail import InterviewerNotFound, InterviewNotes, NotesError, load_notes


def test_docstring_examples_run() -> None:
    assert doctest.testmod(followup_mail.models).failed == 0


def test_example_notes_validate(notes: InterviewNotes) -> None:
    assert [p.name for p in notes.interviewers] == ["Ana Lima", "Chloé Martin", "Raj Patel"]
    assert notes.decision_expected_by is None
    assert notes.interviewed_at.utcoffset() is not None


def test_optional_fields_have_the_documented_defaults(notes_data: dict[str, Any]) -> None:
    for key in ("topics", "strengths", "materials", "will_contact_you", "timezone"):
        notes_data.pop(key, None)
    notes = InterviewNotes.model_validate(notes_data)
    assert (notes.topics, notes.strengths, notes.materials) == ([], [], [])
    assert notes.will_contact_you is False


def test_timezone_converts_the_interview_time_to_that_zone(notes_data: dict[str, Any]) -> None:
    notes_data["interviewed_at"] = "2026-11-24T19:00:00+00:00"
    notes_data["timezone"] = "America/New_York"
    notes = InterviewNotes.model_validate(notes_data)
    assert notes.zone == ZoneInfo("America/New_York")
    assert notes.interviewed_at.hour == 14


def test_decision_date_is_a_date(notes_data: dict[str, Any]) -> None:
    notes_data["decision_expected_by"] = "2026-12-04"
    assert InterviewNotes.model_validate(notes_data).decision_expected_by == date(2026, 12, 4)


def test_international_domain_is_stored_in_its_ascii_form(notes_data: dict[str, Any]) -> None:
    notes_data["candidate"]["email"] = "sam@bücher.example"
    assert InterviewNotes.model_validate(notes_data).candidate.email == (
        "sam@xn--bcher-kva.example"
    )


def test_non_ascii_local_part_needs_smtputf8(notes_data: dict[str, Any]) -> None:
    notes_data["candidate"]["email"] = "søren@example.com"
    with pytest.raises(ValidationError, match=r"candidate\.email"):
        InterviewNotes.model_validate(notes_data)
    notes = InterviewNotes.model_validate(notes_data, context={"allow_smtputf8": True})
    assert notes.candidate.email == "søren@example.com"


def test_email_validation_never_looks_up_dns(
    notes_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    notes_data["candidate"]["email"] = "someone@no-such-domain-for-sure.example.com"
    InterviewNotes.model_validate(notes_data)


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


BAD_NOTES = [
    ("interviewed_at", "2026-11-24T14:00:00", "interviewed_at\n  Input should have timezone info"),
    ("company", "   ", "company\n  String should have at least 1 character"),
    ("role", "", "role\n  String should have at least 1 character"),
    (
        "role",
        "Engineer\r\nBcc: all@example.com",
        "role\n  Value error, must be a single line without control characters (found U+000D)",
    ),
    (
        "candidate.name",
        "Sam\x00",
        "candidate.name\n  Value error, must be a single line without control characters "
        "(found U+0000)",
    ),
    (
        "interviewers.0.name",
        "Ana\u202eLima",
        "interviewers.0.name\n  Value error, must not contain the bidirectional control "
        "character U+202E",
    ),
    ("interviewers.1.name", " ", "interviewers.1.name\n  String should have at least 1 character"),
    (
        "candidate.email",
        "not-an-address",
        "candidate.email\n  Value error, is not a valid email address: An email address must "
        "have an @-sign.",
    ),
    (
        "interviewers.0.email",
        "ana@@example.com",
        "interviewers.0.email\n  Value error, is not a valid email address:",
    ),
    ("interviewers", [], "interviewers\n  List should have at least 1 item"),
    ("topics", ["word " * 20_000], "topics.0\n  String should have at most 200 characters"),
    ("timezone", "Mars/Olympus", "timezone\n  Value error, 'Mars/Olympus' is not a known IANA"),
    ("decision_expected_by", "soon", "decision_expected_by\n  Input should be a valid date"),
    ("interviewer", [], "interviewer\n  Extra inputs are not permitted"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_NOTES, ids=[b[0] for b in BAD_NOTES])
def test_bad_notes_are_refused_with_a_message_naming_the_field(
    notes_data: dict[str, Any], field: str, value: Any, message: str
) -> None:
    _set(notes_data, field, value)
    with pytest.raises(ValueError) as caught:  # noqa: PT011 - the message is checked below
        InterviewNotes.model_validate(notes_data)
    assert message in str(caught.value)


def test_duplicate_interviewer_names_are_refused(notes_data: dict[str, Any]) -> None:
    notes_data["interviewers"][1]["name"] = "ana lima"
    with pytest.raises(ValueError, match="the name 'ana lima' appears twice"):
        InterviewNotes.model_validate(notes_data)


def test_notes_are_frozen(notes: InterviewNotes) -> None:
    with pytest.raises(ValidationError, match="frozen"):
        notes.company = "Other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (None, "Ana Lima"),
        (1, "Chloé Martin"),
        (-1, "Raj Patel"),
        (-3, "Ana Lima"),
        ("  raj PATEL ", "Raj Patel"),
    ],
)
def test_interviewer_by_name_or_index(
    notes: InterviewNotes, which: str | int | None, expected: str
) -> None:
    assert notes.interviewer(which).name == expected


@pytest.mark.parametrize(
    ("which", "error", "message"),
    [
        (3, InterviewerNotFound, "There is no interviewer at index 3; the notes list 3."),
        (-4, InterviewerNotFound, "There is no interviewer at index -4; the notes list 3."),
        (
            "Bob",
            InterviewerNotFound,
            "There is no interviewer named 'Bob'; the notes list 'Ana Lima', 'Chloé Martin', "
            "'Raj Patel'.",
        ),
        (True, TypeError, "interviewer must be a name (str) or an index (int), not bool"),
        (1.5, TypeError, "interviewer must be a name (str) or an index (int), not float"),
    ],
)
def test_unknown_interviewer_errors(
    notes: InterviewNotes, which: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        notes.interviewer(which)
    assert str(caught.value) == message


def test_load_notes_reads_json_and_toml(tmp_path: Any, notes_data: dict[str, Any]) -> None:
    toml = tmp_path / "notes.toml"
    toml.write_text(NOTES_TOML, encoding="utf-8")
    assert load_notes(toml).company == "Acme"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.json", None, "missing.json: cannot read the notes file (No such file"),
        ("bad.json", "{", "bad.json: not valid JSON: Expecting property name"),
        ("bad.toml", "a = ", "bad.toml: not valid TOML: Invalid value"),
        (
            "naive.json",
            '{"candidate": {"name": "S", "email": "s@example.com"}, "company": "A", '
            '"role": "R", "interviewed_at": "2026-11-24T10:00:00", '
            '"interviewers": [{"name": "A"}]}',
            "naive.json: interviewed_at: must have a UTC offset, e.g. 2026-11-24T10:00:00-05:00.",
        ),
    ],
)
def test_load_notes_errors_name_the_file_and_field(
    tmp_path: Any, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(NotesError) as caught:
        load_notes(path)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("source", "type_name"),
    [pytest.param(3, "int", id="a_number"), pytest.param(b"notes.json", "bytes", id="bytes")],
)
def test_load_notes_names_the_type_of_a_source_that_is_no_path(
    source: object, type_name: str
) -> None:
    with pytest.raises(TypeError) as caught:
        load_notes(source)  # type: ignore[arg-type]
    assert str(caught.value) == f"source must be a path (str or os.PathLike), not {type_name}"


def test_each_problem_of_the_whole_notes_is_a_value_error_at_its_field_with_its_input(
    notes_data: dict[str, Any],
) -> None:
    # A form shows each problem beside its field, with what was typed there.
    notes_data["interviewers"][1]["name"] = "ana lima"
    # An offset with seconds, 15 s off New York's: the message shows the seconds.
    odd = timezone(-timedelta(hours=5, seconds=15))
    notes_data["interviewed_at"] = datetime(2026, 11, 24, 10, tzinfo=odd)
    notes_data["timezone"] = "America/New_York"
    with pytest.raises(ValidationError) as caught:
        InterviewNotes.model_validate(notes_data)
    assert [(e["type"], e["loc"], e["input"]) for e in caught.value.errors()] == [
        ("value_error", ("interviewers", 1, "name"), "ana lima"),
        ("value_error", ("interviewed_at",), "2026-11-24T10:00:00-05:00:15"),
    ]
    assert caught.value.errors()[1]["msg"] == (
        "Value error, has the UTC offset -05:00:15, but America/New_York is at -05:00 at that "
        "time (2026-11-24T10:00:15-05:00); correct the offset or the timezone"
    )


@pytest.mark.parametrize(
    ("name", "first"),
    [("Sam Rivera", "Sam"), ("Zoë Okafor", "Zoë"), ("Mary Ann Smith", "Mary"), ("Ana", "Ana")],
)
def test_first_name_is_the_first_word_of_the_name(
    notes_data: dict[str, Any], name: str, first: str
) -> None:
    notes_data["candidate"]["name"] = name
    notes_data["interviewers"][0]["name"] = name
    notes = InterviewNotes.model_validate(notes_data)
    assert (notes.candidate.first_name, notes.interviewers[0].first_name) == (first, first)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param(
            "decision_expected_by", "2026-12-04T10:00:00",
            "notes: decision_expected_by: must be a date such as 2026-12-01, without a time.",
            id="decision_date_with_a_time",
        ),
        pytest.param(
            "timezone", "posixrules",
            "notes: timezone: 'posixrules' is not a known IANA time zone.",
            id="zone_database_file_that_is_no_zone",
        ),
        pytest.param(
            "timezone", "america/new_york",
            "notes: timezone: 'america/new_york' is not a known IANA time zone.",
            id="zone_in_the_wrong_case",
        ),
    ],
)  # fmt: skip
def test_notes_errors_in_the_librarys_words(
    notes_data: dict[str, Any], field: str, value: str, message: str
) -> None:
    notes_data[field] = value
    with pytest.raises(NotesError) as caught:
        followup_mail.models.parse_notes(notes_data)
    assert str(caught.value) == message
