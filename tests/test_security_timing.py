"""Timing that never crashes, and windows that are right across daylight-saving changes.

Issue 11, findings "crashes instead of clear errors" and "timing across DST gaps": every
finding has a test named after it with the exact instant or message expected; the
properties check the window rules against a slow, independent model (a scan of the clock
minute by minute in UTC) in every zone, and check that no hostile ``now``, history or
policy value escapes as anything but a :class:`FollowupMailError`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from followup_mail.errors import FollowupMailError, HistoryError, TimingError
from followup_mail.models import InterviewNotes
from followup_mail.policy import (
    Advice,
    Policy,
    ReplyEvent,
    SentEvent,
    next_follow_up,
    parse_history,
    thank_you_window,
)

ONE_DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)
MICROSECOND = timedelta(microseconds=1)
RANGE = "between the years 1970 and 2199, the range the timing rules handle"


def make_notes(interviewed_at: str, zone: str | None = None, **extra: Any) -> InterviewNotes:
    data: dict[str, Any] = {
        "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
        "company": "Acme",
        "role": "Data Engineer",
        "interviewed_at": interviewed_at,
        "interviewers": [{"name": "Ana Lima", "topics": ["the billing pipeline"]}],
        **extra,
    }
    if zone is not None:
        data["timezone"] = zone
        data["interviewed_at"] = in_zone(interviewed_at, zone)
    return InterviewNotes.model_validate(data)


def in_zone(text: str, zone: str) -> str:
    """The instant *text* written with *zone*'s offset, which the notes require of it."""
    from zoneinfo import ZoneInfo

    try:
        return datetime.fromisoformat(text).astimezone(ZoneInfo(zone)).isoformat()
    except (ValueError, OverflowError):  # not a time, or out of range: left to the model
        return text


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


NOTES = make_notes("2026-11-17T10:00:00-05:00", "America/New_York")
THANKS = {"event": "sent", "kind": "thank_you", "at": "2026-11-18T10:00:00-05:00"}


# --- finding: crashes instead of clear errors ------------------------------------------


def test_interview_in_year_9999_is_a_timing_error_not_an_overflow() -> None:
    # The notes model refuses such a year itself; notes built without validation (as
    # model_copy does) must still meet a clear error in the timing code.
    when = datetime(9999, 12, 31, 10, tzinfo=timezone(timedelta(hours=-5)))
    notes = NOTES.model_copy(update={"interviewed_at": when})
    message = f"interviewed_at (9999-12-31T10:00:00-05:00) is not {RANGE}."
    with pytest.raises(TimingError) as caught:
        next_follow_up(notes, now=at("2026-11-18T10:00:00-05:00"))
    assert str(caught.value) == message
    with pytest.raises(TimingError) as caught:
        thank_you_window(notes)
    assert str(caught.value) == message


def test_interview_in_year_0001_with_a_zone_is_a_timing_error_not_an_overflow() -> None:
    when = datetime(1, 1, 1, 10, tzinfo=ZoneInfo("America/New_York"))
    notes = NOTES.model_copy(update={"interviewed_at": when})
    with pytest.raises(TimingError) as caught:
        thank_you_window(notes)
    # Local mean time: New York's offset before 1883 was -04:56:02.
    assert str(caught.value) == f"interviewed_at (0001-01-01T10:00:00-04:56:02) is not {RANGE}."


@pytest.mark.parametrize(
    "now",
    [
        pytest.param("0001-01-01T00:00:00+00:00", id="year_0001"),
        pytest.param("9999-12-31T23:59:59.999999-23:59", id="year_9999_at_the_largest_offset"),
        pytest.param("1969-12-31T23:59:59+00:00", id="just_before_1970"),
        pytest.param("2200-01-01T00:00:00+00:00", id="just_after_2199"),
    ],
)
def test_now_in_year_0001_is_a_timing_error_not_an_overflow(now: str) -> None:
    with pytest.raises(TimingError) as caught:
        next_follow_up(NOTES, now=at(now))
    assert str(caught.value) == f"now ({now}) is not {RANGE}."


@pytest.mark.parametrize(
    "now",
    ["1970-01-01T00:00:00+23:59", "2199-12-31T23:59:59.999999-23:59"],
    ids=["first_instant_of_1970_east", "last_instant_of_2199_west"],
)
def test_now_at_the_edges_of_the_range_is_accepted(now: str) -> None:
    advice = next_follow_up(NOTES, now=at(now))
    assert advice.action == "send_thank_you"


@pytest.mark.parametrize(
    "interviewed_at",
    ["1970-01-01T00:00:00+14:00", "2199-12-31T23:59:59-12:00"],
    ids=["first_instant_the_notes_accept", "last_instant_the_notes_accept"],
)
def test_every_interview_the_notes_accept_gets_a_window(interviewed_at: str) -> None:
    notes = make_notes(interviewed_at)
    start, _, _ = thank_you_window(notes)
    assert start == notes.interviewed_at + timedelta(hours=24)
    assert next_follow_up(notes, now=notes.interviewed_at).not_before == start


def test_now_that_is_not_a_datetime_is_a_timing_error_naming_it() -> None:
    with pytest.raises(
        TimingError,
        match=r"^now must be an aware datetime or ISO 8601 text with a UTC offset, not date\.$",
    ):
        next_follow_up(NOTES, now=date(2026, 11, 18))  # type: ignore[arg-type]


class NoOffset(tzinfo):
    """A tzinfo that knows no offset: a datetime with it is naive in all but name."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_now_whose_tzinfo_gives_no_offset_is_a_timing_error() -> None:
    with pytest.raises(TimingError) as caught:
        next_follow_up(NOTES, now=datetime(2026, 11, 18, 12, tzinfo=NoOffset()))
    assert str(caught.value) == (
        "now (2026-11-18T12:00:00) has no UTC offset; pass an aware datetime, "
        "e.g. datetime.now(notes.zone), or text like 2026-11-25T09:00:00-05:00."
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(
            {"policy": "fast"}, "policy must be a Policy or None, not str", id="policy"
        ),
    ],
)  # fmt: skip
def test_arguments_of_the_wrong_type_are_type_errors_naming_them(
    arguments: dict[str, object], message: str
) -> None:
    call: dict[str, Any] = {"notes": NOTES, "now": at("2026-11-18T12:00:00-05:00"), **arguments}
    notes = call.pop("notes")
    with pytest.raises(TypeError) as caught:
        next_follow_up(notes, **call)
    assert str(caught.value) == message


def test_decision_expected_by_9999_12_31_is_a_timing_error_not_an_overflow() -> None:
    notes = NOTES.model_copy(update={"decision_expected_by": date(9999, 12, 31)})
    with pytest.raises(TimingError) as caught:
        next_follow_up(notes, [THANKS], now=at("2026-11-18T12:00:00-05:00"))
    assert str(caught.value) == f"decision_expected_by (9999-12-31) is not {RANGE}."


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        pytest.param(
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))),
            "0001-01-01T00:00:00+23:59",
            id="year_0001",
        ),
        pytest.param(
            datetime(9999, 12, 31, 23, 59, tzinfo=UTC), "9999-12-31T23:59:00+00:00", id="year_9999"
        ),
    ],
)
def test_history_time_out_of_range_is_a_history_error_naming_the_event(
    when: datetime, shown: str
) -> None:
    for event in ({"event": "sent", "kind": "thank_you", "at": when.isoformat()},
                  SentEvent(kind="thank_you", at=when)):  # fmt: skip
        with pytest.raises(HistoryError) as caught:
            parse_history([event])
        assert str(caught.value) == f"history[0] (sent thank_you at {shown}): is not {RANGE}."


@pytest.mark.parametrize(
    ("event", "message"),
    [
        pytest.param(
            {"event": ["sent"], "at": "2026-11-18T10:00:00-05:00"},
            "history[0] (['sent'] at 2026-11-18T10:00:00-05:00): unknown event ['sent']; "
            "expected 'sent' or 'reply'.",
            id="event_name_is_a_list",
        ),
        pytest.param(
            {"event": "sent", "kind": "thank_you", "at": "2026-11-18T10:00:00\x00-05:00"},
            "history[0] (sent thank_you at 2026-11-18T10:00:00?-05:00): 'at' is not a date "
            "and time with a UTC offset, like 2026-11-20T15:00:00-05:00.",
            id="nul_in_the_time",
        ),
    ],
)
def test_hostile_history_event_is_a_history_error_naming_it(
    event: dict[str, object], message: str
) -> None:
    with pytest.raises(HistoryError) as caught:
        next_follow_up(NOTES, [event], now=at("2026-11-19T10:00:00-05:00"))
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "value",
    [float("inf"), float("-inf"), float("nan"), 1e300, 10**400, -(10**400), 2160.000001, 0.0],
    ids=["inf", "minus_inf", "nan", "1e300", "10_to_400", "minus_10_to_400", "over_90_days", "0"],
)
def test_policy_reminder_delay_inf_is_a_validation_error_not_an_overflow(value: float) -> None:
    with pytest.raises(ValidationError, match="must be a positive duration of at most 90 days"):
        Policy(reminder_delay=value)


def test_policy_duration_as_a_boolean_is_refused_with_its_own_message() -> None:
    with pytest.raises(ValidationError) as caught:
        Policy.model_validate({"reminder_window": True})
    assert caught.value.errors()[0]["msg"] == "Value error, must be a duration, not a boolean"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(2160, timedelta(days=90), id="exactly_90_days"),
        pytest.param(0.001, timedelta(seconds=3.6), id="a_few_seconds"),
    ],
)
def test_policy_durations_at_the_edges_of_the_range_are_accepted(
    value: float, expected: timedelta
) -> None:
    assert Policy(reminder_window=value).reminder_window == expected


def write(tmp_path: Path, content: str | bytes, name: str = "pyproject.toml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


TIMING = "[tool.followup-mail.timing]\n"

PYPROJECT_ERRORS = [
    # id, file content, the message after "<path>: "
    pytest.param("tool = 5\n", "[tool] must be a table.", id="tool_is_5"),
    pytest.param('tool = ["x"]\n', "[tool] must be a table.", id="tool_is_an_array"),
    pytest.param(
        "[tool]\nfollowup-mail = 3\n", "[tool.followup-mail] must be a table.",
        id="followup_mail_is_a_number",
    ),
    pytest.param(
        "[tool.followup-mail]\ntiming = []\n", "[tool.followup-mail.timing] must be a table.",
        id="timing_is_an_array",
    ),
    pytest.param(
        TIMING + "reminder-delay = inf\n",
        "[tool.followup-mail.timing] reminder-delay: must be a positive duration of at "
        "most 90 days.",
        id="reminder_delay_inf",
    ),
    pytest.param(
        TIMING + "thank-you-delay = nan\n",
        "[tool.followup-mail.timing] thank-you-delay: must be a positive duration of at "
        "most 90 days.",
        id="thank_you_delay_nan",
    ),
    pytest.param(
        TIMING + "reminder-window = 99999999999999999999999999\n",
        "[tool.followup-mail.timing] reminder-window: must be a positive duration of at "
        "most 90 days.",
        id="reminder_window_huge_integer",
    ),
    pytest.param(
        TIMING + "thank-you-window = [24]\n",
        '[tool.followup-mail.timing] thank-you-window: must be a number of hours or an ISO '
        '8601 duration such as "PT48H", not an array.',
        id="duration_as_an_array",
    ),
    pytest.param(
        TIMING + "reminder-delay = true\n",
        '[tool.followup-mail.timing] reminder-delay: must be a number of hours or an ISO '
        '8601 duration such as "PT48H", not a boolean.',
        id="duration_as_a_boolean",
    ),
    pytest.param(
        TIMING + "reminder-delay = 2026-11-20\n",
        '[tool.followup-mail.timing] reminder-delay: must be a number of hours or an ISO '
        '8601 duration such as "PT48H", not a date.',
        id="duration_as_a_date",
    ),
    pytest.param(
        TIMING + "max-reminders = true\n",
        "[tool.followup-mail.timing] max-reminders: must be an integer, not a boolean.",
        id="count_as_a_boolean",
    ),
    pytest.param(
        TIMING + "max-reminders = 1.0\n",
        "[tool.followup-mail.timing] max-reminders: must be an integer, not a float.",
        id="count_as_a_float",
    ),
    pytest.param(
        TIMING + "max-reminders = {n = 1}\n",
        "[tool.followup-mail.timing] max-reminders: must be an integer, not a table.",
        id="count_as_a_table",
    ),
    pytest.param(
        TIMING + "morning = 9\n",
        "[tool.followup-mail.timing] morning: must be a local time such as 09:00:00, "
        "not an integer.",
        id="morning_as_a_number",
    ),
    pytest.param(
        TIMING + "morning = 2026-11-20T09:00:00Z\n",
        "[tool.followup-mail.timing] morning: must be a local time such as 09:00:00, "
        "not a date-time.",
        id="morning_as_a_date_time",
    ),
    pytest.param(
        TIMING + "weekend = 5\n",
        "[tool.followup-mail.timing] weekend: must be an array of weekday numbers "
        "(integers), not an integer.",
        id="weekend_as_a_number",
    ),
    pytest.param(
        TIMING + 'weekend = "sat"\n',
        "[tool.followup-mail.timing] weekend: must be an array of weekday numbers "
        "(integers), not a string.",
        id="weekend_as_a_string",
    ),
    pytest.param(
        TIMING + "max-reminders = 07:00:00\n",
        "[tool.followup-mail.timing] max-reminders: must be an integer, not a time.",
        id="count_as_a_time",
    ),
    pytest.param(
        TIMING + "weekend = [5, true]\n",
        "[tool.followup-mail.timing] weekend: must be an array of weekday numbers "
        "(integers), not an array holding a boolean.",
        id="weekend_holding_a_boolean",
    ),
    pytest.param(
        TIMING + "weekend = [[[[[[5]]]]]]\n",
        "[tool.followup-mail.timing] weekend: must be an array of weekday numbers "
        "(integers), not an array holding an array.",
        id="weekend_nested",
    ),
    pytest.param(
        TIMING + "weekend = [5, 99999999999999999999999999]\n",
        "[tool.followup-mail.timing] weekend: must hold weekday numbers from 0 (Monday) "
        "to 6 (Sunday).",
        id="weekend_huge_day",
    ),
    pytest.param(
        TIMING + '"\\u0000\\n" = 1\n',
        "[tool.followup-mail.timing] has an unknown key '\\x00\\n'; the keys are "
        "max-reminders, morning, reminder-delay, reminder-window, thank-you-delay, "
        "thank-you-window, weekend.",
        id="unknown_key_with_control_characters",
    ),
    pytest.param(
        b"\xff\xfe[tool]\n", "not UTF-8 text (byte 0xff at offset 0); TOML files are UTF-8.",
        id="bad_utf_8",
    ),
    pytest.param(
        b'[tool.followup-mail.timing]\nmorning = "\xc3\x28"\n',
        "not UTF-8 text (byte 0xc3 at offset 39); TOML files are UTF-8.",
        id="bad_utf_8_in_a_value",
    ),
    pytest.param(
        "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
        "not valid TOML: arrays or inline tables are nested too deeply.",
        id="deep_toml_arrays",
    ),
    pytest.param(
        "a = " + "{b = " * 100_000 + "1" + "}" * 100_000 + "\n",
        "not valid TOML: arrays or inline tables are nested too deeply.",
        id="deep_toml_inline_tables",
    ),
    pytest.param(
        TIMING + "weekend = " + "[" * 100_000 + "]" * 100_000 + "\n",
        "not valid TOML: arrays or inline tables are nested too deeply.",
        id="deep_toml_in_the_timing_table",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("content", "message"), PYPROJECT_ERRORS)
def test_from_pyproject_on_tool_5_bad_utf_8_or_deep_toml_is_a_timing_error(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(TimingError) as caught:
        Policy.from_pyproject(path)
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize("depth", [1, 10, 100])
def test_from_pyproject_accepts_moderately_nested_toml_outside_the_timing_table(
    tmp_path: Path, depth: int
) -> None:
    path = write(tmp_path, "a = " + "[" * depth + "]" * depth + "\n" + TIMING + "weekend = [4]\n")
    assert Policy.from_pyproject(path) == Policy(weekend=(4,))


def test_from_pyproject_names_a_path_with_control_characters_escaped(tmp_path: Path) -> None:
    path = tmp_path / "café\\\nline\x1b[31m\u2028.toml"
    with pytest.raises(TimingError) as caught:
        Policy.from_pyproject(path)
    message = str(caught.value)
    shown = f"{tmp_path}/café\\\\nline\\x1b[31m\\u2028.toml"
    assert message == f"{shown}: cannot read the file (No such file or directory)."
    assert message.isprintable()


def test_from_pyproject_reads_pyproject_toml_in_the_current_folder_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, TIMING + "weekend = [4]\n")
    monkeypatch.chdir(tmp_path)
    assert Policy.from_pyproject() == Policy(weekend=(4,))


def test_from_pyproject_with_a_nul_in_the_path_is_a_timing_error() -> None:
    with pytest.raises(TimingError) as caught:
        Policy.from_pyproject("py\0project.toml")
    assert str(caught.value) == "py\\x00project.toml: cannot read the file (a NUL in its path)."


# --- finding: timing across DST gaps ---------------------------------------------------


def window(
    interviewed_at: str, zone: str, *, weekend: tuple[int, ...], morning: time
) -> tuple[str, str, bool]:
    notes = make_notes(interviewed_at, zone)
    start, end, shifted = thank_you_window(notes, Policy(weekend=weekend, morning=morning))
    return start.isoformat(), end.isoformat(), shifted


# Each transition below was read off the zone by stepping its clock minute by minute.
DST_WINDOWS = [
    # id, interview, zone, weekend, morning, expected not_before
    pytest.param(
        # Friday is a weekend day; Saturday's 23:30 is skipped (23:00 -02:00 jumps to
        # Sunday 00:00 -01:00); Sunday is a weekend day too, so Monday 23:30.
        "2026-03-26T12:00:00-02:00", "America/Nuuk", (4, 6), time(23, 30),
        "2026-03-30T23:30:00-01:00",
        id="nuuk_skipped_saturday_night_does_not_open_on_sunday",
    ),
    pytest.param(
        # The same gap when Sunday is a working day: the instant the clock jumps.
        "2026-03-26T12:00:00-02:00", "America/Nuuk", (4,), time(23, 30),
        "2026-03-29T00:00:00-01:00",
        id="nuuk_skipped_morning_opens_when_the_clock_jumps_past_it",
    ),
    pytest.param(
        # Samoa skipped Friday 30 December 2011: Thursday 23:59:59 -10:00 was followed by
        # Saturday 00:00 +14:00. Thursday, Saturday and Sunday are weekend days here.
        "2011-12-28T10:00:00-10:00", "Pacific/Apia", (3, 5, 6), time(9),
        "2012-01-02T09:00:00+14:00",
        id="apia_skipped_friday_opens_on_monday_not_saturday",
    ),
    pytest.param(
        "2011-12-28T10:00:00-10:00", "Pacific/Apia", (3,), time(9),
        "2011-12-31T00:00:00+14:00",
        id="apia_skipped_friday_opens_at_saturday_midnight_when_saturday_is_a_working_day",
    ),
    pytest.param(
        # Lord Howe moves its clock by 30 minutes: 02:00 +10:30 jumps to 02:30 +11:00.
        "2026-10-02T12:00:00+10:30", "Australia/Lord_Howe", (5,), time(2, 15),
        "2026-10-04T02:30:00+11:00",
        id="lord_howe_half_hour_gap",
    ),
    pytest.param(
        # Brazil's clocks jumped at midnight: 00:00 -03:00 became 01:00 -02:00.
        "2018-11-02T12:00:00-03:00", "America/Sao_Paulo", (5,), time(0),
        "2018-11-04T01:00:00-02:00",
        id="sao_paulo_midnight_gap",
    ),
    pytest.param(
        # Troll's summer time is two hours: 01:00 +00:00 jumps to 03:00 +02:00.
        "2026-03-27T12:00:00+00:00", "Antarctica/Troll", (5,), time(2),
        "2026-03-29T03:00:00+02:00",
        id="troll_two_hour_gap",
    ),
    pytest.param(
        # Dublin's winter time is the "daylight saving" one (negative DST) in the tz
        # database; its clock still jumps from 01:00 +00:00 to 02:00 +01:00.
        "2026-03-27T12:00:00+00:00", "Europe/Dublin", (5,), time(1, 30),
        "2026-03-29T02:00:00+01:00",
        id="dublin_negative_dst_gap",
    ),
    pytest.param(
        # 01:30 happens twice on 1 November 2026 in New York: the first one.
        "2026-10-30T12:00:00-04:00", "America/New_York", (5,), time(1, 30),
        "2026-11-01T01:30:00-04:00",
        id="new_york_repeated_morning_opens_at_the_first",
    ),
    pytest.param(
        "2026-10-30T12:00:00-04:00", "America/New_York", (5,), time(1, 30, fold=1),
        "2026-11-01T01:30:00-04:00",
        id="new_york_repeated_morning_opens_at_the_first_even_with_fold_1",
    ),
    pytest.param(
        # St. John's left summer time at 00:01: Sunday 00:00:59 -02:30 was followed by
        # Saturday 23:01 -03:30. A window due on Saturday 23:30 (after the jump back)
        # opens at the second Sunday 00:00:30, not at the first, which came before it.
        "2009-10-31T00:30:00-02:30", "America/St_Johns", (5,), time(0, 0, 30),
        "2009-11-01T00:00:30-03:30",
        id="st_johns_fold_across_midnight_never_opens_before_the_delay",
    ),
    pytest.param(
        # Casey went from +11 to +08 at Friday 02:00: Friday 01:00 came, then Thursday
        # 23:00 again. Due on that second Thursday evening, the window opens at the
        # second Friday 01:00.
        "2010-03-04T02:30:00+11:00", "Antarctica/Casey", (3,), time(1),
        "2010-03-05T01:00:00+08:00",
        id="casey_three_hour_fold_across_midnight",
    ),
    pytest.param(
        # Thursday 20:00 UTC is already Friday 10:00 in Kiritimati (+14:00): a weekend
        # day there, so the window waits for Saturday; judged in UTC it would open at once.
        "2026-11-19T10:00:00+14:00", "Pacific/Kiritimati", (4,), time(9),
        "2026-11-21T09:00:00+14:00",
        id="weekend_judged_in_the_interview_zone_not_utc",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("interviewed_at", "zone", "weekend", "morning", "expected"), DST_WINDOWS)
def test_timing_across_dst_gaps(
    interviewed_at: str, zone: str, weekend: tuple[int, ...], morning: time, expected: str
) -> None:
    start, end, shifted = window(interviewed_at, zone, weekend=weekend, morning=morning)
    assert (start, shifted) == (expected, True)
    assert at(end) - at(start) == timedelta(hours=24)


def test_decision_date_before_a_skipped_day_opens_the_reminder_on_a_working_day() -> None:
    # Decided by Thursday 29 December 2011; Friday 30 did not exist in Samoa and the
    # weekend follows, so the reminder waits for Monday 09:00.
    notes = make_notes(
        "2011-12-26T10:00:00-10:00", "Pacific/Apia", decision_expected_by="2011-12-29"
    )
    thanks = {"event": "sent", "kind": "thank_you", "at": "2011-12-26T12:00:00-10:00"}
    advice = next_follow_up(notes, [thanks], now=at("2011-12-26T13:00:00-10:00"))
    assert advice.action == "send_reminder"
    assert advice.not_before == at("2012-01-02T09:00:00+14:00")
    assert advice.not_after == at("2012-01-03T09:00:00+14:00")
    assert "not earlier, because they expect a decision by Thursday 29 December 2011" in (
        advice.reason
    )


def test_reminder_delay_stays_48_elapsed_hours_across_a_dst_gap() -> None:
    # Saturday 10:00 EST plus 48 elapsed hours is Monday 11:00 EDT: the clock moved on.
    notes = make_notes("2026-03-06T10:00:00-05:00", "America/New_York")
    thanks = {"event": "sent", "kind": "thank_you", "at": "2026-03-07T10:00:00-05:00"}
    advice = next_follow_up(notes, [thanks], now=at("2026-03-07T11:00:00-05:00"))
    assert advice.not_before == at("2026-03-09T11:00:00-04:00")
    assert advice.not_after == at("2026-03-10T11:00:00-04:00")


def test_window_opening_exactly_now_says_send_now() -> None:
    thank_you = next_follow_up(NOTES, now=at("2026-11-18T10:00:00-05:00"))
    assert thank_you.reason.startswith(
        "Send your thank-you now, before Thursday 19 November 2026, 10:00 EST."
    )
    reminder = next_follow_up(NOTES, [THANKS], now=at("2026-11-20T10:00:00-05:00"))
    assert reminder.not_before == at("2026-11-20T10:00:00-05:00")
    assert reminder.reason.startswith(
        "No reply to your message. Send your reminder now, before Saturday 21 November "
        "2026, 10:00 EST."
    )


def test_reminder_due_exactly_at_the_decision_morning_does_not_cite_the_decision() -> None:
    # 48 hours after a Saturday 09:00 thank-you is Monday 09:00, which is also the first
    # working morning after a Sunday decision date: the 48 hours are the reason.
    notes = make_notes(
        "2026-11-20T15:00:00-05:00", "America/New_York", decision_expected_by="2026-11-22"
    )
    thanks = {"event": "sent", "kind": "thank_you", "at": "2026-11-21T09:00:00-05:00"}
    advice = next_follow_up(notes, [thanks], now=at("2026-11-21T10:00:00-05:00"))
    assert advice.not_before == at("2026-11-23T09:00:00-05:00")
    assert advice.reason.startswith(
        "No reply yet. If none comes, send one brief reminder between Monday 23 November "
        "2026, 09:00 EST and Tuesday 24 November 2026, 09:00 EST. A short, polite reminder"
    )


# --- the window rules, against a slow model -------------------------------------------


def reading(moment: datetime, zone: tzinfo) -> datetime:
    """What the clock in *zone* shows at *moment* (naive)."""
    return moment.astimezone(zone).replace(tzinfo=None)


def model_first_instant_reading(wall: datetime, zone: tzinfo, since: datetime | None) -> datetime:
    """The first instant from *since* on at which the clock reads *wall* or later, found by
    walking UTC.

    Minute by minute from *since*, or from a day before *wall* (no zone is a day ahead of
    UTC) when that is later, then second by second through the last minute: exact for
    whole-second wall times, as zone offsets and transitions are whole seconds.
    """
    moment = wall.replace(tzinfo=UTC) - timedelta(hours=26)
    if since is not None:
        moment = max(moment, since)
    assert reading(moment, zone) < wall
    while reading(moment, zone) < wall:
        moment += MINUTE
    moment -= MINUTE
    while reading(moment, zone) < wall:
        moment += SECOND
    return moment.astimezone(zone)


def model_opening(moment: datetime, zone: tzinfo, policy: Policy) -> datetime:
    """The documented rule, step by step: the next working day's morning, or the instant
    the clock jumps past a morning it skips, and again while that lands on a weekend day."""
    local = moment.astimezone(zone)
    if local.weekday() not in policy.weekend:
        return local
    return model_morning(local.date() + ONE_DAY, zone, policy, moment)


def model_morning(day: date, zone: tzinfo, policy: Policy, since: datetime | None) -> datetime:
    while True:
        while day.weekday() in policy.weekend:
            day += ONE_DAY
        wall = datetime.combine(day, policy.morning)
        start = model_first_instant_reading(wall, zone, since)
        if start.weekday() not in policy.weekend:
            return start
        day = start.date() + ONE_DAY


@cache
def all_zones() -> list[str]:
    return sorted(available_timezones())


TRICKY_ZONES = [
    "America/Nuuk", "Pacific/Apia", "Australia/Lord_Howe", "Europe/Dublin",
    "America/Sao_Paulo", "Antarctica/Troll", "America/New_York", "Pacific/Kiritimati",
    "Pacific/Chatham", "Asia/Kathmandu", "America/St_Johns", "Africa/Casablanca",
]  # fmt: skip
# Days when a zone skipped a whole day or changed its offset by more than an hour.
ODD_DAYS = [
    ("Pacific/Apia", date(2011, 12, 20)),
    ("Pacific/Fakaofo", date(2011, 12, 20)),
    ("Pacific/Kwajalein", date(1993, 8, 10)),
    ("Pacific/Kiritimati", date(1994, 12, 20)),
    ("America/Sao_Paulo", date(2018, 10, 28)),
    ("Antarctica/Troll", date(2026, 3, 20)),
    ("Australia/Lord_Howe", date(2026, 9, 28)),
    ("America/St_Johns", date(2009, 10, 25)),
    ("America/Goose_Bay", date(1988, 10, 25)),
    ("Antarctica/Casey", date(2010, 3, 1)),
]


def next_transition(zone: tzinfo, start: datetime, days: int) -> datetime | None:
    """The first instant after *start* (UTC) where the zone's offset changes, to the second."""
    offset = start.astimezone(zone).utcoffset()
    for step in range(1, days + 1):
        probe = start + step * ONE_DAY
        if probe.astimezone(zone).utcoffset() != offset:
            low, high = probe - ONE_DAY, probe
            while high - low > SECOND:
                middle = low + (high - low) // SECOND // 2 * SECOND
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            return high
    return None


Scenario = tuple[str, datetime, Policy]
ANY_ZONE = st.one_of(st.sampled_from(TRICKY_ZONES), st.sampled_from(all_zones()))
ZONE_DAYS = st.one_of(
    st.sampled_from(ODD_DAYS), st.tuples(ANY_ZONE, st.dates(date(1971, 1, 1), date(2150, 1, 1)))
)
WEEKDAY_SETS = st.sets(st.integers(0, 6))
WEEKENDS = st.sets(st.integers(0, 6), max_size=6)
MORNINGS = st.builds(time, st.integers(0, 23), st.integers(0, 59))
MINUTES_1971_TO_2150 = st.integers(0, 180 * 365 * 24 * 60)


@st.composite
def around_transitions(draw: st.DrawFn) -> Scenario:
    """A zone, the instant a window would open (on a weekend day) and a policy whose next
    working morning is near one of the zone's transitions: in a gap, in a fold, or close."""
    name, start = draw(ZONE_DAYS)
    zone = ZoneInfo(name)
    origin = datetime.combine(start, time(), tzinfo=UTC)
    change = next_transition(zone, origin, 400)
    anchor = origin if change is None else change
    before = (anchor - SECOND).astimezone(zone)
    after = anchor.astimezone(zone)
    skipped = max(after.replace(tzinfo=None) - before.replace(tzinfo=None), timedelta(0))
    minutes = draw(st.integers(-180, skipped // MINUTE + 180))
    wall = (after.replace(tzinfo=None) - skipped + minutes * MINUTE).replace(second=0)
    assert wall.microsecond == 0
    day = wall.date()
    # The day before the morning's is a weekend day, the morning's own day is not, and
    # any other day may be either (the day after is where a gap used to land).
    others = draw(WEEKDAY_SETS)
    weekend = ({(day - ONE_DAY).weekday()} | others) - {day.weekday()}
    policy = Policy(weekend=tuple(weekend), morning=wall.time())
    hour = draw(st.integers(0, 24 * 60 - 1)) * MINUTE
    moment = datetime.combine(day - ONE_DAY, time(), tzinfo=zone) + hour
    return name, moment.astimezone(UTC), policy


@st.composite
def anywhere(draw: st.DrawFn) -> Scenario:
    """Any zone, any minute in the notes' years, any weekend and morning."""
    name = draw(ANY_ZONE)
    moment = datetime(1971, 1, 1, tzinfo=UTC) + draw(MINUTES_1971_TO_2150) * MINUTE
    policy = Policy(weekend=tuple(draw(WEEKENDS)), morning=draw(MORNINGS))
    return name, moment, policy


def notes_opening_at(name: str, moment: datetime, delay: timedelta, **extra: Any) -> InterviewNotes:
    """Notes whose interview is *delay* (elapsed) before *moment*."""
    interview = (moment - delay).astimezone(ZoneInfo(name))
    return make_notes(interview.isoformat(), name, **extra)


# The model walks the clock minute by minute: about 8 ms an example.
@settings(max_examples=200, deadline=None)
@given(st.one_of(around_transitions(), anywhere()), st.integers(1, 90 * 24 * 60))
def test_thank_you_window_matches_the_minute_by_minute_model_in_every_zone(
    scenario: Scenario, delay_minutes: int
) -> None:
    name, moment, policy = scenario
    zone = ZoneInfo(name)
    delay = delay_minutes * MINUTE
    notes = notes_opening_at(name, moment, delay)
    policy = policy.model_copy(update={"thank_you_delay": delay})
    start, end, shifted = thank_you_window(notes, policy)
    assert start == model_opening(moment, zone, policy)
    assert start.tzinfo is zone
    assert start.weekday() not in policy.weekend
    # The opening instant exists: its wall time, with its fold, maps back to it.
    wall = start.replace(tzinfo=None)
    assert wall.replace(tzinfo=zone, fold=start.fold).astimezone(UTC) == start.astimezone(UTC)
    assert start >= moment
    assert start < end
    assert end.astimezone(UTC) - start.astimezone(UTC) == policy.thank_you_window
    assert shifted == (moment.astimezone(zone).weekday() in policy.weekend)


@settings(max_examples=100, deadline=None)
@given(around_transitions(), st.integers(1, 30 * 24 * 60), st.integers(-3, 3))
def test_reminder_window_matches_the_model_with_a_decision_date(
    scenario: Scenario, delay_minutes: int, decided: int
) -> None:
    name, moment, policy = scenario
    zone = ZoneInfo(name)
    delay = delay_minutes * MINUTE
    sent = moment - delay
    decision = moment.astimezone(zone).date() + decided * ONE_DAY
    notes = notes_opening_at(name, sent, MINUTE, decision_expected_by=decision.isoformat())
    policy = policy.model_copy(update={"reminder_delay": delay})
    history = [SentEvent(kind="thank_you", at=sent.astimezone(zone))]
    advice = next_follow_up(notes, history, now=sent, policy=policy)
    expected = max(
        model_opening(moment, zone, policy),
        model_morning(decision + ONE_DAY, zone, policy, None),
    )
    assert advice.action == "send_reminder"
    assert advice.not_before == expected
    assert advice.not_before is not None
    assert advice.not_after is not None
    assert advice.not_before.weekday() not in policy.weekend
    assert advice.not_before.date() > decision
    assert advice.not_after.astimezone(UTC) - expected.astimezone(UTC) == policy.reminder_window


# --- hostile now, history and policy values --------------------------------------------

OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(m * MINUTE))
ZONES = st.one_of(OFFSETS, st.sampled_from(TRICKY_ZONES).map(ZoneInfo))
EDGES = [
    datetime.min, datetime.max, datetime(1969, 12, 31, 23, 59, 59, 999999), datetime(1970, 1, 1),
    datetime(2199, 12, 31, 23, 59, 59, 999999), datetime(2200, 1, 1),
    datetime(2026, 11, 1, 1, 30), datetime(2026, 3, 29, 0, 30), datetime(2011, 12, 30, 12),
]  # fmt: skip
HOSTILE_TIMES = st.builds(
    lambda wall, zone, fold: wall.replace(tzinfo=zone, fold=fold),
    st.one_of(
        st.sampled_from(EDGES),
        # One integer per time, rather than st.datetimes()'s seven: many times per example.
        st.integers(0, (datetime.max - datetime.min) // MICROSECOND).map(
            lambda n: datetime.min + n * MICROSECOND
        ),
        st.integers(0, 30 * 24 * 60).map(lambda n: datetime(2026, 11, 15) + n * MINUTE),
    ),
    ZONES,
    st.integers(0, 1),
)


# Built once: a strategy made inside a draw is analysed again on every example.
KINDS = st.sampled_from(["thank_you", "reminder"])
SAYS = st.sampled_from(["process_ongoing", "will_contact", "decision", "other"])
FORMS = st.sampled_from(["sent", "reply", "sent_dict", "reply_dict", "encoded_word"])


@st.composite
def hostile_events(draw: st.DrawFn) -> object:
    when = draw(HOSTILE_TIMES)
    kind = draw(KINDS)
    says = draw(SAYS)
    form = draw(FORMS)
    if form == "sent":
        return SentEvent(kind=kind, at=when)
    if form == "reply":
        return ReplyEvent(at=when, says=says)
    if form == "reply_dict":
        return {"event": "reply", "at": when.isoformat(), "says": says}
    suffix = "\x00=?utf-8?q?x?=" if form == "encoded_word" else ""
    return {"event": "sent", "kind": kind, "at": when.isoformat() + suffix}


def ordered(events: list[object]) -> list[object]:
    """The events in time order, the first sent one a thank-you: a history that passes the
    order checks, so that the hostile times reach the arithmetic."""
    models = [e for e in events if isinstance(e, SentEvent | ReplyEvent)]
    models.sort(key=lambda e: e.at)
    result: list[object] = []
    thanked = False
    for event in models:
        if isinstance(event, SentEvent):
            if not thanked:
                event = SentEvent(kind="thank_you", at=event.at)
            thanked = True
        result.append(event)
    return result


POLICIES = st.builds(
    Policy,
    thank_you_delay=st.sampled_from([MINUTE, timedelta(hours=24), timedelta(days=90)]),
    thank_you_window=st.sampled_from([MINUTE, timedelta(days=90)]),
    reminder_delay=st.sampled_from([MINUTE, timedelta(hours=48), timedelta(days=90)]),
    reminder_window=st.sampled_from([MINUTE, timedelta(days=90)]),
    max_reminders=st.integers(0, 3),
    morning=st.sampled_from([time(0), time(9), time(23, 59, 59, 999999), time(1, 30, fold=1)]),
    weekend=st.sets(st.integers(0, 6), max_size=6).map(tuple),
)

NOTE_DATES = st.one_of(
    st.none(),
    st.sampled_from([date.min, date.max, date(1969, 12, 31), date(2200, 1, 1)]),
    st.dates(date(2026, 11, 10), date(2026, 12, 31)),
)


# Drawing a dozen hostile values costs Hypothesis about 10 ms an example: 200 examples
# keep this under 3 s in the ci profile, like the other explicit limits in this file.
@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.none(), HOSTILE_TIMES),
    st.lists(hostile_events(), max_size=4),
    st.booleans(),
    POLICIES,
    st.sampled_from(["America/Nuuk", "Pacific/Apia", "Pacific/Kiritimati", "Etc/GMT+12"]),
    NOTE_DATES,
    st.one_of(st.none(), HOSTILE_TIMES),
)
def test_next_follow_up_raises_only_followup_mail_errors_for_hostile_now_and_history(
    now: datetime | None,
    events: list[object],
    sort: bool,
    policy: Policy,
    zone: str,
    decision: date | None,
    interview: datetime | None,
) -> None:
    notes = make_notes("2026-11-20T15:00:00-05:00", zone)
    update: dict[str, object] = {"decision_expected_by": decision}
    if interview is not None:
        update["interviewed_at"] = interview
    notes = notes.model_copy(update=update)
    history = ordered(events) if sort else events
    try:
        advice = next_follow_up(notes, history, now=now, policy=policy)  # type: ignore[arg-type]
    except FollowupMailError:
        return
    assert isinstance(advice, Advice)
    if advice.not_before is not None:
        assert advice.not_before.weekday() not in policy.weekend
        assert advice.not_after is not None
        assert advice.not_before < advice.not_after


# ISO 8601 durations with huge and fractional numbers (built, not regex-drawn: faster).
ISO_DURATIONS = st.builds(
    "{}P{}{}{}{}".format,
    st.sampled_from(["", "-"]),
    st.sampled_from(["", "T"]),
    st.one_of(st.integers(0, 10**30), st.sampled_from([0, 2160, 2161, 90, 91])),
    st.sampled_from(["", ".5", ".000000001", "e3"]),
    st.sampled_from("YMWDHS"),
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["thank_you_delay", "thank_you_window", "reminder_delay", "reminder_window"]),
    st.one_of(
        st.floats(),
        st.integers(-(10**400), 10**400),
        st.sampled_from([10**400, -(10**400), 2**63, 2160, 2160.0000001, 5e-324]),
        st.timedeltas(),
        st.text(max_size=30),
        ISO_DURATIONS,
    ),
)
def test_policy_durations_never_overflow(field: str, value: object) -> None:
    try:
        policy = Policy.model_validate({field: value})
    except ValidationError:
        return
    assert timedelta(0) < getattr(policy, field) <= timedelta(days=90)


TOML_SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1).map(str),
    st.sampled_from(["inf", "-inf", "nan", "1e308", "-0.0", "true", "false", "0", "2160",
                     "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", '"PT48H"', '"08:30"',
                     '"P99999999999D"', '"\\u0000"', '"=?utf-8?q?x?="', "[]", "{}"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)  # fmt: skip
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=2).map(
            lambda items: "{" + ", ".join(f"k{i} = {v}" for i, v in enumerate(items)) + "}"
        ),
    ),
    max_leaves=8,
)
KEYS = st.sampled_from(
    ["reminder-delay", "thank-you-window", "max-reminders", "morning", "weekend", "max_reminders"]
)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, TOML_VALUES, max_size=3))
def test_from_pyproject_raises_only_timing_errors_for_any_timing_value(
    folder: Path, values: dict[str, str]
) -> None:
    text = TIMING + "".join(f"{key} = {value}\n" for key, value in values.items())
    path = write(folder, text)
    try:
        policy = Policy.from_pyproject(path)
    except TimingError as exc:
        message = str(exc)
    else:
        assert isinstance(policy, Policy)
        return
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
