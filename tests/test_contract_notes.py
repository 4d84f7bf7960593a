"""One way in for notes: ``parse_notes``, its field errors, and times given as text."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import followup_mail
from followup_mail import (
    FollowupMailError,
    InterviewNotes,
    NotesError,
    TimingError,
    draft_reminder,
    draft_thank_you,
    draft_thank_yous,
    lint,
    next_follow_up,
    parse_notes,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "notes.json"
NOW = "2026-11-28T10:00:00-05:00"


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def test_parse_notes_is_public_and_lazy() -> None:
    assert "parse_notes" in followup_mail.__all__
    assert followup_mail.parse_notes is parse_notes


def test_parse_notes_takes_a_mapping_json_text_bytes_or_notes() -> None:
    data = example()
    notes = parse_notes(data)
    assert parse_notes(json.dumps(data)) == notes
    assert parse_notes(json.dumps(data).encode("utf-8")) == notes
    assert parse_notes(bytearray(json.dumps(data).encode("utf-8"))) == notes
    assert parse_notes(notes) is notes


def bad_notes() -> dict[str, Any]:
    data = example()
    data["candidate"]["email"] = "not-an-address"
    data["interviewers"][0]["name"] = "Ana\nLima"
    data["interviewers"][2]["name"] = "  "
    data["interviewers"][1]["topics"] = ["x" * 201]
    data["interviewed_at"] = "2026-11-24T14:00:00"
    data["decision_expected_by"] = "soon"
    data["will_contact_you"] = "maybe"
    data["salary"] = 1
    del data["role"]
    return data


# Every problem at once, each at its field as a form names it, in the library's words.
BAD_NOTES_ERRORS = [
    {
        "field": "candidate.email",
        "message": "is not a valid email address: An email address must have an @-sign",
    },
    {"field": "role", "message": "is required"},
    {
        "field": "interviewed_at",
        "message": "must have a UTC offset, e.g. 2026-11-24T10:00:00-05:00",
    },
    {
        "field": "interviewers[0].name",
        "message": "must be a single line without control characters (found U+000A)",
    },
    {"field": "interviewers[1].topics[0]", "message": "must be at most 200 characters long"},
    {"field": "interviewers[2].name", "message": "must not be empty"},
    {"field": "will_contact_you", "message": "must be true or false"},
    {"field": "decision_expected_by", "message": "must be a date such as 2026-12-01"},
    {"field": "salary", "message": "is not a field of the notes (check its spelling)"},
]


def test_every_problem_is_listed_at_its_field() -> None:
    with pytest.raises(NotesError) as caught:
        parse_notes(bad_notes())
    assert caught.value.errors == BAD_NOTES_ERRORS


def test_the_message_is_one_line_in_the_librarys_words() -> None:
    with pytest.raises(NotesError) as caught:
        parse_notes(bad_notes())
    assert str(caught.value) == (
        "notes: candidate.email: is not a valid email address: An email address must have "
        "an @-sign (and 8 more problems)."
    )
    for error in caught.value.errors:
        assert "Value error" not in error["message"]
        assert "should" not in error["message"]  # pydantic's "Input should be..."
        assert not error["message"].endswith(".")
        assert "\n" not in error["message"]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({**example(), "interviewers": []}, [("interviewers", "must list at least 1 item")]),
        (
            {**example(), "interviewers": [{"name": f"P{i}"} for i in range(21)]},
            [("interviewers", "must list at most 20 items")],
        ),
        ({**example(), "candidate": "Sam"}, [("candidate", "must be an object (a table in TOML)")]),
        ({**example(), "topics": "Kafka"}, [("topics", "must be a list")]),
        ({**example(), "company": 3}, [("company", "must be text")]),
        (
            {**example(), "interviewed_at": "Tuesday"},
            [
                (
                    "interviewed_at",
                    "must be an ISO 8601 date and time with a UTC offset, e.g. "
                    "2026-11-24T10:00:00-05:00",
                )
            ],
        ),
        (
            {**example(), "timezone": "Mars/Olympus"},
            [("timezone", "'Mars/Olympus' is not a known IANA time zone")],
        ),
        (
            {**example(), "timezone": "america/new_york"},
            [("timezone", "'america/new_york' is not a known IANA time zone")],
        ),
    ],
)
def test_field_errors_table(data: dict[str, Any], errors: list[tuple[str, str]]) -> None:
    with pytest.raises(NotesError) as caught:
        parse_notes(data)
    assert [(e["field"], e["message"]) for e in caught.value.errors] == errors


def test_duplicate_names_point_at_the_second_one() -> None:
    data = example()
    data["interviewers"][2]["name"] = "ana LIMA"
    with pytest.raises(NotesError) as caught:
        parse_notes(data)
    assert caught.value.errors == [
        {
            "field": "interviewers[2].name",
            "message": "the name 'ana LIMA' appears twice; names must be unique so that "
            "drafts can be addressed by name",
        }
    ]


@pytest.mark.parametrize(
    ("interviewed_at", "zone", "message"),
    [
        (
            "2026-11-24T14:00:00-05:00",
            "Europe/London",
            "has the UTC offset -05:00, but Europe/London is at +00:00 at that time "
            "(2026-11-24T19:00:00+00:00); correct the offset or the timezone",
        ),
        (
            "2026-07-01T10:00:00-05:00",
            "America/New_York",  # summer: EDT, -04:00
            "has the UTC offset -05:00, but America/New_York is at -04:00 at that time "
            "(2026-07-01T11:00:00-04:00); correct the offset or the timezone",
        ),
        (
            "2026-11-24T14:00:00+05:45",
            "Asia/Kolkata",
            "has the UTC offset +05:45, but Asia/Kolkata is at +05:30 at that time "
            "(2026-11-24T13:45:00+05:30); correct the offset or the timezone",
        ),
    ],
)
def test_an_offset_that_contradicts_the_zone_is_refused_giving_both(
    interviewed_at: str, zone: str, message: str
) -> None:
    data = {**example(), "interviewed_at": interviewed_at, "timezone": zone}
    with pytest.raises(NotesError) as caught:
        parse_notes(data)
    assert caught.value.errors == [{"field": "interviewed_at", "message": message}]


@pytest.mark.parametrize(
    ("interviewed_at", "zone", "local"),
    [
        ("2026-11-24T14:00:00-05:00", "America/New_York", "2026-11-24T14:00:00-05:00"),
        ("2026-07-01T10:00:00-04:00", "America/New_York", "2026-07-01T10:00:00-04:00"),
        # UTC is how a tool stores a time without a local offset: converted.
        ("2026-11-24T19:00:00Z", "America/New_York", "2026-11-24T14:00:00-05:00"),
        ("2026-11-24T19:00:00+00:00", "Asia/Tokyo", "2026-11-25T04:00:00+09:00"),
    ],
)
def test_an_offset_that_agrees_with_the_zone_or_utc_is_accepted(
    interviewed_at: str, zone: str, local: str
) -> None:
    notes = parse_notes({**example(), "interviewed_at": interviewed_at, "timezone": zone})
    assert notes.interviewed_at.isoformat() == local


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("notes.json", "notes: notes given as text must be a JSON object; to read a file, "
         "use load_notes(path)."),
        ("{", "notes: not valid JSON: Expecting property name enclosed in double quotes: "
         "line 1 column 2 (char 1)."),
        ([], "notes: notes must be InterviewNotes, a mapping in its JSON shape, or JSON text, "
         "not list."),
        (None, "notes: notes must be InterviewNotes, a mapping in its JSON shape, or JSON "
         "text, not NoneType."),
    ],
)
def test_what_is_not_notes_is_a_notes_error(data: object, message: str) -> None:
    with pytest.raises(NotesError) as caught:
        parse_notes(data)
    assert str(caught.value) == message


def test_every_public_function_that_takes_notes_takes_a_dict_and_json() -> None:
    data = example()
    text = json.dumps(data)
    notes = InterviewNotes.model_validate(data)
    assert draft_thank_you(data) == draft_thank_you(text) == draft_thank_you(notes)
    assert draft_thank_yous(data) == draft_thank_yous(notes)
    history = [{"event": "sent", "kind": "thank_you", "at": "2026-11-25T15:00:00-05:00"}]
    assert draft_reminder(data, history=history, now=NOW) == draft_reminder(
        notes, history=history, now=datetime.fromisoformat(NOW)
    )
    assert next_follow_up(data, now=NOW) == next_follow_up(notes, now=NOW)
    body = draft_thank_you(notes).body
    assert lint(body, notes=data) == lint(body, notes=notes) == lint(body, notes=text)


@pytest.mark.parametrize(
    "call",
    [
        lambda data: draft_thank_you(data),
        lambda data: draft_thank_yous(data),
        lambda data: draft_reminder(data, thank_you_sent_at="2026-11-25T15:00:00-05:00"),
        lambda data: next_follow_up(data),
        lambda data: lint("Hi Ana,\n\nThank you.\n", notes=data),
    ],
    ids=["draft_thank_you", "draft_thank_yous", "draft_reminder", "next_follow_up", "lint"],
)
def test_bad_notes_raise_the_same_notes_error_everywhere(call: Any) -> None:
    data = example()
    data["interviewers"][0]["email"] = "ana@@example.com"
    with pytest.raises(NotesError) as caught:
        call(data)
    assert caught.value.errors[0]["field"] == "interviewers[0].email"
    assert str(caught.value).startswith("notes: interviewers[0].email: is not a valid email")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-11-28T10:00:00", "now (2026-11-28T10:00:00) has no UTC offset; pass an aware "
         "datetime, e.g. datetime.now(notes.zone), or text like 2026-11-25T09:00:00-05:00."),
        (datetime(2026, 11, 28, 10), "now (2026-11-28T10:00:00) has no UTC offset; pass an "
         "aware datetime, e.g. datetime.now(notes.zone), or text like "
         "2026-11-25T09:00:00-05:00."),
        ("tomorrow", "now ('tomorrow') is not an ISO 8601 date and time; write it like "
         "2026-11-25T09:00:00-05:00."),
        (1764342000, "now must be an aware datetime or ISO 8601 text with a UTC offset, not "
         "int."),
    ],
)
@pytest.mark.parametrize(
    "call",
    [
        lambda data, now: draft_thank_you(data, now=now),
        lambda data, now: draft_thank_yous(data, now=now),
        lambda data, now: draft_reminder(data, thank_you_sent_at=NOW, now=now),
        lambda data, now: next_follow_up(data, now=now),
    ],
    ids=["draft_thank_you", "draft_thank_yous", "draft_reminder", "next_follow_up"],
)
def test_a_time_that_is_not_aware_names_the_parameter(
    value: object, message: str, call: Any
) -> None:
    with pytest.raises(TimingError) as caught:
        call(example(), value)
    assert str(caught.value) == message
    assert isinstance(caught.value, FollowupMailError)


def test_thank_you_sent_at_as_text_is_the_same_as_a_datetime() -> None:
    data = example()
    text = draft_reminder(data, thank_you_sent_at="2026-11-25T15:00:00-05:00", now=NOW)
    moment = datetime.fromisoformat("2026-11-25T15:00:00-05:00")
    assert text == draft_reminder(data, thank_you_sent_at=moment, now=NOW)
    with pytest.raises(FollowupMailError, match=r"^thank_you_sent_at \('soon'\) is not an ISO"):
        draft_reminder(data, thank_you_sent_at="soon", now=NOW)
