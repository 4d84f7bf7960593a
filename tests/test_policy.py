"""When to follow up: the timing rules of issue 4, as tables and properties."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from followup_mail import policy as policy_module
from followup_mail.errors import FollowupMailError, HistoryError, NotesError, TimingError
from followup_mail.models import InterviewNotes
from followup_mail.policy import (
    Advice,
    Policy,
    SentEvent,
    next_follow_up,
    parse_history,
)

NY = ZoneInfo("America/New_York")


def make_notes(
    interviewed_at: str = "2026-11-20T15:00:00-05:00",
    zone: str | None = "America/New_York",
    **extra: Any,
) -> InterviewNotes:
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


def sent(kind: str, when: str) -> dict[str, str]:
    return {"event": "sent", "kind": kind, "at": when}


def seconds(moment: datetime) -> float:
    """POSIX seconds: an instant's elapsed time, whatever zone shows it."""
    return moment.timestamp()


def reply(when: str, says: str = "other") -> dict[str, str]:
    return {"event": "reply", "at": when, "says": says}


# --- sending: rules 1 to 4 and 6 -------------------------------------------------------

TUESDAY = "2026-11-17T10:00:00-05:00"
THURSDAY = "2026-11-19T15:00:00-05:00"
FRIDAY = "2026-11-20T15:00:00-05:00"
SATURDAY = "2026-11-21T11:00:00-05:00"

SEND_CASES = [
    # id, notes, history, now, policy, action, not_before, not_after, words in the reason
    pytest.param(
        make_notes(TUESDAY), [], "2026-11-17T11:00-05:00", None,
        "send_thank_you", "2026-11-18T10:00:00-05:00", "2026-11-19T10:00:00-05:00",
        "Send your thank-you between Wednesday 18 November 2026, 10:00 EST and "
        "Thursday 19 November 2026, 10:00 EST",
        id="thank_you_window_opens_24_hours_after_a_tuesday_interview",
    ),
    pytest.param(
        make_notes(FRIDAY), [], "2026-11-20T16:00-05:00", None,
        "send_thank_you", "2026-11-23T09:00:00-05:00", "2026-11-24T09:00:00-05:00",
        "a message that would arrive on a weekend waits for a working morning",
        id="thank_you_after_a_friday_afternoon_interview_waits_for_monday_9am",
    ),
    pytest.param(
        make_notes(SATURDAY), [], "2026-11-21T12:00-05:00", None,
        "send_thank_you", "2026-11-23T09:00:00-05:00", "2026-11-24T09:00:00-05:00",
        "waits for a working morning",
        id="thank_you_after_a_saturday_interview_skips_sunday",
    ),
    pytest.param(
        make_notes(THURSDAY), [], "2026-11-20T16:00-05:00", None,
        "send_thank_you", "2026-11-20T15:00:00-05:00", "2026-11-21T15:00:00-05:00",
        "Send your thank-you now, before Saturday 21 November 2026, 15:00 EST.",
        id="thank_you_window_may_close_on_a_saturday_it_only_may_not_open_on_one",
    ),
    pytest.param(
        make_notes(TUESDAY), [], "2026-11-23T12:00-05:00", None,
        "send_thank_you", "2026-11-18T10:00:00-05:00", "2026-11-19T10:00:00-05:00",
        "Your thank-you is late (the window closed Thursday 19 November 2026, 10:00 EST), "
        "but it is still worth sending now",
        id="thank_you_still_advised_when_late",
    ),
    pytest.param(
        make_notes(TUESDAY, will_contact_you=True), [], "2026-11-17T11:00-05:00", None,
        "send_thank_you", "2026-11-18T10:00:00-05:00", "2026-11-19T10:00:00-05:00",
        "They said they will contact you, so send no reminder after it.",
        id="thank_you_still_right_when_they_said_they_will_contact_you",
    ),
    pytest.param(
        make_notes(TUESDAY), [reply("2026-11-17T12:00-05:00", "process_ongoing")],
        "2026-11-17T13:00-05:00", None,
        "send_thank_you", "2026-11-18T10:00:00-05:00", "2026-11-19T10:00:00-05:00",
        "They have already written to you, so you can thank them in your answer.",
        id="thank_you_still_right_after_a_reply_that_is_not_a_decision",
    ),
    pytest.param(
        make_notes(TUESDAY), [sent("thank_you", "2026-11-18T11:00-05:00")],
        "2026-11-18T12:00-05:00", None,
        "send_reminder", "2026-11-20T11:00:00-05:00", "2026-11-21T11:00:00-05:00",
        "No reply yet. If none comes, send one brief reminder between "
        "Friday 20 November 2026, 11:00 EST and Saturday 21 November 2026, 11:00 EST. "
        "A short, polite reminder shows your interest without pressing them; make it your "
        "last message, then be patient, and keep applying elsewhere meanwhile.",
        id="reminder_48_hours_after_the_thank_you_when_no_reply_came",
    ),
    pytest.param(
        make_notes(TUESDAY), [sent("thank_you", "2026-11-19T16:00-05:00")],
        "2026-11-19T17:00-05:00", None,
        "send_reminder", "2026-11-23T09:00:00-05:00", "2026-11-24T09:00:00-05:00",
        "a message that would arrive on a weekend waits for a working morning",
        id="reminder_after_a_thursday_thank_you_moves_from_saturday_to_monday_9am",
    ),
    pytest.param(
        make_notes(TUESDAY, decision_expected_by="2026-11-27"),
        [sent("thank_you", "2026-11-18T11:00-05:00")], "2026-11-18T12:00-05:00", None,
        "send_reminder", "2026-11-30T09:00:00-05:00", "2026-12-01T09:00:00-05:00",
        "not earlier, because they expect a decision by Friday 27 November 2026",
        id="reminder_waits_for_the_business_morning_after_a_friday_decision_date",
    ),
    pytest.param(
        make_notes(TUESDAY, decision_expected_by="2026-11-24"),
        [sent("thank_you", "2026-11-18T11:00-05:00")], "2026-11-18T12:00-05:00", None,
        "send_reminder", "2026-11-25T09:00:00-05:00", "2026-11-26T09:00:00-05:00",
        "they expect a decision by Tuesday 24 November 2026",
        id="reminder_on_the_morning_after_a_tuesday_decision_date",
    ),
    pytest.param(
        make_notes(TUESDAY, decision_expected_by="2026-11-18"),
        [sent("thank_you", "2026-11-18T11:00-05:00")], "2026-11-18T12:00-05:00", None,
        "send_reminder", "2026-11-20T11:00:00-05:00", "2026-11-21T11:00:00-05:00",
        "between Friday 20 November 2026, 11:00 EST",
        id="reminder_never_before_48_hours_even_when_the_decision_date_is_sooner",
    ),
    pytest.param(
        make_notes(TUESDAY), [sent("thank_you", "2026-11-17T11:00-05:00")],
        "2026-11-17T12:00-05:00", None,
        "send_reminder", "2026-11-19T11:00:00-05:00", "2026-11-20T11:00:00-05:00",
        "No reply yet.",
        id="reminder_counts_from_a_thank_you_sent_early",
    ),
    pytest.param(
        make_notes(TUESDAY),
        [sent("thank_you", "2026-11-18T10:00-05:00"), sent("thank_you", "2026-11-18T14:30-05:00")],
        "2026-11-18T15:00-05:00", None,
        "send_reminder", "2026-11-20T14:30:00-05:00", "2026-11-21T14:30:00-05:00",
        "No reply yet.",
        id="reminder_counts_from_the_last_of_several_panel_thank_yous",
    ),
    pytest.param(
        make_notes(TUESDAY), [sent("thank_you", "2026-11-18T11:00-05:00")],
        "2026-11-20T12:00-05:00", None,
        "send_reminder", "2026-11-20T11:00:00-05:00", "2026-11-21T11:00:00-05:00",
        "No reply to your message. Send your reminder now, before Saturday 21 November 2026, "
        "11:00 EST.",
        id="reminder_now_when_inside_its_window",
    ),
    pytest.param(
        make_notes(TUESDAY), [sent("thank_you", "2026-11-18T11:00-05:00")],
        "2026-12-04T12:00-05:00", None,
        "send_reminder", "2026-11-20T11:00:00-05:00", "2026-11-21T11:00:00-05:00",
        "Your reminder is late (the window closed Saturday 21 November 2026, 11:00 EST), "
        "but it is still worth sending now",
        id="reminder_still_advised_when_late",
    ),
    # DST ends in New York on Sunday 2026-11-01 at 02:00 (EDT -04:00 becomes EST -05:00).
    pytest.param(
        make_notes("2026-10-30T10:00:00-04:00"), [], "2026-10-30T11:00-04:00", None,
        "send_thank_you", "2026-11-02T09:00:00-05:00", "2026-11-03T09:00:00-05:00",
        "Monday 2 November 2026, 09:00 EST",
        id="dst_monday_9am_is_local_wall_time_after_the_clocks_go_back",
    ),
    pytest.param(
        make_notes("2026-10-29T10:00:00-04:00"), [sent("thank_you", "2026-10-30T12:00-04:00")],
        "2026-10-30T13:00-04:00", None,
        "send_reminder", "2026-11-02T09:00:00-05:00", "2026-11-03T09:00:00-05:00",
        "Monday 2 November 2026, 09:00 EST",
        id="dst_reminder_landing_on_the_changeover_sunday_moves_to_monday",
    ),
    pytest.param(
        make_notes("2026-10-29T10:00:00-04:00"), [sent("thank_you", "2026-10-31T12:00-04:00")],
        "2026-10-31T13:00-04:00", None,
        "send_reminder", "2026-11-02T11:00:00-05:00", "2026-11-03T11:00:00-05:00",
        "Monday 2 November 2026, 11:00 EST",
        id="dst_48_hours_are_elapsed_time_so_the_wall_clock_shows_an_hour_less",
    ),
    pytest.param(
        make_notes("2026-10-30T10:00:00-04:00", zone=None), [], "2026-10-30T11:00-04:00", None,
        "send_thank_you", "2026-11-02T09:00:00-04:00", "2026-11-03T09:00:00-04:00",
        "Monday 2 November 2026, 09:00 UTC-04:00",
        id="without_a_timezone_the_fixed_offset_is_kept_across_the_dst_change",
    ),
    # Policies other than the defaults (docs/rules.md, F1 to F5).
    pytest.param(
        make_notes(TUESDAY),
        [sent("thank_you", "2026-11-18T11:00-05:00"), sent("reminder", "2026-11-20T11:00-05:00")],
        "2026-11-20T12:00-05:00", Policy(max_reminders=2),
        "send_reminder", "2026-11-23T09:00:00-05:00", "2026-11-24T09:00:00-05:00",
        "make it your last message",
        id="policy_second_reminder_counts_from_the_first",
    ),
    pytest.param(
        make_notes(TUESDAY), [sent("thank_you", "2026-11-18T11:00-05:00")],
        "2026-11-18T12:00-05:00", Policy(max_reminders=2),
        "send_reminder", "2026-11-20T11:00:00-05:00", "2026-11-21T11:00:00-05:00",
        "without pressing them, and keep applying elsewhere meanwhile.",
        id="policy_first_of_two_reminders_is_not_called_the_last",
    ),
    pytest.param(
        make_notes(TUESDAY), [sent("thank_you", "2026-11-18T11:00-05:00")],
        "2026-11-18T12:00-05:00", Policy(reminder_delay=timedelta(days=7)),
        "send_reminder", "2026-11-25T11:00:00-05:00", "2026-11-26T11:00:00-05:00",
        "No reply yet.",
        id="policy_a_week_before_the_reminder",
    ),
    pytest.param(
        make_notes("2026-11-19T10:00:00-05:00"), [], "2026-11-19T11:00-05:00",
        Policy(weekend=(4, 5), morning=time(8, 30), thank_you_window=12),
        "send_thank_you", "2026-11-22T08:30:00-05:00", "2026-11-22T20:30:00-05:00",
        "Sunday 22 November 2026, 08:30 EST",
        id="policy_friday_saturday_weekend_and_an_earlier_morning",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("notes", "history", "now", "policy", "action", "not_before", "not_after", "words"),
    SEND_CASES,
)
def test_send_advice(
    notes: InterviewNotes,
    history: list[dict[str, str]],
    now: str,
    policy: Policy | None,
    action: str,
    not_before: str,
    not_after: str,
    words: str,
) -> None:
    advice = next_follow_up(notes, history, now=at(now), policy=policy)
    assert advice.action == action
    assert advice.not_before is not None
    assert advice.not_after is not None
    assert advice.not_before.isoformat() == not_before
    assert advice.not_after.isoformat() == not_after
    assert advice.not_before.tzinfo is notes.zone
    assert words in advice.reason


# --- stopping: rule 5 -------------------------------------------------------------------

PATIENCE = "Be patient, and keep applying elsewhere meanwhile."
THANKS = sent("thank_you", "2026-11-18T11:00-05:00")

STOP_CASES = [
    pytest.param(
        make_notes(TUESDAY), [THANKS, reply("2026-11-19T09:00-05:00", "process_ongoing")], None,
        "They said the process is ongoing, so wait for their update instead of sending a "
        f"reminder. {PATIENCE}",
        id="reminder_refused_when_they_said_the_process_is_ongoing",
    ),
    pytest.param(
        make_notes(TUESDAY), [THANKS, reply("2026-11-19T09:00-05:00", "will_contact")], None,
        f"They said they will contact you; respect that and send no reminder. {PATIENCE}",
        id="reminder_refused_when_their_reply_says_they_will_contact_you",
    ),
    pytest.param(
        make_notes(TUESDAY), [THANKS, reply("2026-11-19T09:00-05:00")], None,
        "They replied, so no reminder is needed; answer their message if it asks for "
        f"something, then wait for their next step. {PATIENCE}",
        id="reminder_refused_after_any_reply",
    ),
    pytest.param(
        make_notes(TUESDAY), [THANKS, reply("2026-11-19T09:00-05:00", "decision")], None,
        "They told you their decision, so there is nothing left to follow up; if their "
        "message calls for an answer, reply to it directly.",
        id="nothing_to_follow_up_after_their_decision",
    ),
    pytest.param(
        make_notes(TUESDAY), [reply("2026-11-17T16:00-05:00", "decision")], None,
        "They told you their decision, so there is nothing left to follow up; if their "
        "message calls for an answer, reply to it directly.",
        id="no_thank_you_advised_once_they_gave_their_decision",
    ),
    pytest.param(
        make_notes(TUESDAY, will_contact_you=True), [THANKS], None,
        "They said they will contact you: a thank-you was right, but a reminder is not. "
        f"{PATIENCE}",
        id="reminder_refused_when_they_said_they_will_contact_you",
    ),
    pytest.param(
        make_notes(TUESDAY), [THANKS, sent("reminder", "2026-11-20T11:00-05:00")], None,
        "You already sent a reminder; another message would be over-following and can make "
        f"you seem desperate. {PATIENCE}",
        id="no_second_reminder_because_over_following_backfires",
    ),
    pytest.param(
        make_notes(TUESDAY),
        [THANKS, sent("reminder", "2026-11-20T11:00-05:00"),
         reply("2026-11-23T10:00-05:00", "process_ongoing")],
        None,
        "They said the process is ongoing, so wait for their update instead of sending a "
        f"reminder. {PATIENCE}",
        id="a_reply_after_the_reminder_means_waiting_for_their_update",
    ),
    pytest.param(
        make_notes(TUESDAY), [THANKS], Policy(max_reminders=0),
        f"Your timing policy allows no reminder after the thank-you. {PATIENCE}",
        id="policy_without_reminders_stops_after_the_thank_you",
    ),
    pytest.param(
        make_notes(TUESDAY),
        [THANKS, sent("reminder", "2026-11-20T11:00-05:00"),
         sent("reminder", "2026-11-23T11:00-05:00")],
        Policy(max_reminders=2),
        "You have already sent 2 reminders, the most your timing policy allows; more would "
        f"be over-following. {PATIENCE}",
        id="policy_cap_of_two_reminders_reached",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("notes", "history", "policy", "reason"), STOP_CASES)
def test_stop_advice(
    notes: InterviewNotes, history: list[dict[str, str]], policy: Policy | None, reason: str
) -> None:
    advice = next_follow_up(notes, history, now=at("2026-12-01T12:00-05:00"), policy=policy)
    assert advice == Advice(action="stop", not_before=None, not_after=None, reason=reason)


# --- history errors --------------------------------------------------------------------

ERROR_CASES = [
    pytest.param(
        [{"event": "party", "at": "2026-11-18T11:00-05:00"}],
        "history[0] (party at 2026-11-18T11:00-05:00): unknown event 'party'; expected "
        "'sent' or 'reply'.",
        id="unknown_event",
    ),
    pytest.param(
        [THANKS, {"at": "2026-11-19T11:00-05:00"}],
        "history[1] (at 2026-11-19T11:00-05:00): the 'event' field is missing; expected "
        "'sent' or 'reply'.",
        id="missing_event",
    ),
    pytest.param(
        ["thank_you"],
        "history[0]: an event must be an object with an 'event' field, not str.",
        id="event_not_an_object",
    ),
    pytest.param(
        [sent("thank_you", "2026-11-18T11:00:00")],
        "history[0] (sent thank_you at 2026-11-18T11:00:00): the time has no UTC offset; "
        "write it like 2026-11-20T15:00:00-05:00.",
        id="naive_datetime_string",
    ),
    pytest.param(
        [{"event": "reply", "at": datetime(2026, 11, 18, 11), "says": "other"}],
        "history[0] (reply at 2026-11-18T11:00:00): the time has no UTC offset; "
        "write it like 2026-11-20T15:00:00-05:00.",
        id="naive_datetime_object",
    ),
    pytest.param(
        [sent("thank_you", "yesterday")],
        "history[0] (sent thank_you at yesterday): 'at' is not a date and time with a UTC "
        "offset, like 2026-11-20T15:00:00-05:00.",
        id="unreadable_datetime",
    ),
    pytest.param(
        [{"event": "sent", "kind": "thank_you"}],
        "history[0] (sent thank_you): the 'at' field is missing.",
        id="missing_at",
    ),
    pytest.param(
        [sent("letter", "2026-11-18T11:00-05:00")],
        "history[0] (sent letter at 2026-11-18T11:00-05:00): unknown kind 'letter'; "
        "expected 'thank_you' or 'reminder'.",
        id="bad_kind",
    ),
    pytest.param(
        [THANKS, reply("2026-11-19T09:00-05:00", "maybe")],
        "history[1] (reply at 2026-11-19T09:00-05:00): unknown says 'maybe'; "
        "expected 'process_ongoing', 'will_contact', 'decision' or 'other'.",
        id="bad_says",
    ),
    pytest.param(
        [{**THANKS, "to": "ana@example.com"}],
        "history[0] (sent thank_you at 2026-11-18T11:00-05:00): unknown field 'to'.",
        id="unknown_field",
    ),
    pytest.param(
        [sent("thank_you", "2026-11-17T09:00-05:00")],
        "history[0] (sent thank_you at 2026-11-17T09:00:00-05:00): is before the interview "
        "(2026-11-17T10:00:00-05:00).",
        id="event_before_the_interview",
    ),
    pytest.param(
        [THANKS, reply("2026-11-19T09:00-05:00"), sent("reminder", "2026-11-18T12:00-05:00")],
        "history[2] (sent reminder at 2026-11-18T12:00:00-05:00): is earlier than history[1] "
        "(reply at 2026-11-19T09:00:00-05:00); list the events in the order they happened.",
        id="out_of_order",
    ),
    pytest.param(
        [THANKS, reply("2026-12-02T09:00-05:00")],
        "history[1] (reply at 2026-12-02T09:00:00-05:00): is later than now "
        "(2026-12-01T12:00:00-05:00); the history can only hold what already happened.",
        id="event_in_the_future",
    ),
    pytest.param(
        [sent("reminder", "2026-11-18T11:00-05:00")],
        "history[0] (sent reminder at 2026-11-18T11:00:00-05:00): a reminder follows a "
        "thank-you, but no thank-you was sent before it; record your first message after "
        "the interview as kind 'thank_you'.",
        id="reminder_without_a_thank_you",
    ),
    pytest.param(
        [{"event": "sent\nerror: forged line " + "x" * 100, "at": "2026-11-18T11:00-05:00"}],
        "history[0] (sent?error: forged line xxxxxxxxxxxxxxx… at 2026-11-18T11:00-05:00): "
        "unknown event 'sent\\nerror: forged line xxxxxxxxxxxxx…; expected 'sent' or "
        "'reply'.",
        id="hostile_event_name_kept_short_and_on_one_line",
    ),
    pytest.param(
        "thank_you", "The history must be a list of events, not str.", id="history_a_string"
    ),
    pytest.param(
        {"event": "sent"}, "The history must be a list of events, not dict.", id="history_a_dict"
    ),
]


@pytest.mark.parametrize(("history", "message"), ERROR_CASES)
def test_history_error_names_the_event(history: Any, message: str) -> None:
    with pytest.raises(HistoryError) as caught:
        next_follow_up(make_notes(TUESDAY), history, now=at("2026-12-01T12:00-05:00"))
    assert str(caught.value) == message


def test_history_errors_are_value_errors() -> None:
    assert issubclass(HistoryError, FollowupMailError)
    assert issubclass(HistoryError, ValueError)


def test_naive_now_is_refused() -> None:
    with pytest.raises(TimingError) as caught:
        next_follow_up(make_notes(TUESDAY), now=datetime(2026, 11, 18, 12))
    assert str(caught.value) == (
        "now (2026-11-18T12:00:00) has no UTC offset; pass an aware datetime, "
        "e.g. datetime.now(notes.zone), or text like 2026-11-25T09:00:00-05:00."
    )


def test_now_defaults_to_the_current_time_in_the_interview_zone() -> None:
    # An hour ago: the thank-you is due, not yet expired (thank_you_expires).
    notes = make_notes((datetime.now(UTC) - timedelta(hours=1)).isoformat(), zone="Asia/Kolkata")
    advice = next_follow_up(notes)
    assert advice.action == "send_thank_you"
    assert advice.not_before is not None
    assert advice.not_before.tzinfo is notes.zone


def test_now_in_another_zone_gives_times_in_the_interview_zone() -> None:
    advice = next_follow_up(make_notes(TUESDAY), now=at("2026-11-17T16:00+00:00"))
    assert advice.not_before == at("2026-11-18T10:00-05:00")
    assert advice.not_before is not None
    assert advice.not_before.tzinfo is NY


# --- history events in next_follow_up (parse_history itself: tests/test_history.py) ----


def test_next_follow_up_accepts_event_models() -> None:
    history = [SentEvent(kind="thank_you", at=at("2026-11-18T11:00-05:00"))]
    advice = next_follow_up(make_notes(TUESDAY), history, now=at("2026-11-18T12:00-05:00"))
    assert advice.action == "send_reminder"


# --- Advice ----------------------------------------------------------------------------


def test_advice_is_frozen_and_round_trips_through_json() -> None:
    advice = next_follow_up(make_notes(FRIDAY), now=at("2026-11-20T16:00-05:00"))
    with pytest.raises(ValidationError):
        advice.action = "stop"  # type: ignore[misc]
    data = json.loads(advice.model_dump_json())
    assert data["not_before"] == "2026-11-23T09:00:00-05:00"
    assert Advice.model_validate(data) == advice


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"action": "stop", "not_before": "2026-11-23T09:00:00-05:00"}, id="stop_with_a_window"
        ),
        pytest.param({"action": "send_reminder"}, id="send_without_a_window"),
        pytest.param(
            {
                "action": "send_reminder",
                "not_before": "2026-11-23T09:00:00-05:00",
                "not_after": "2026-11-23T09:00:00-05:00",
            },
            id="empty_window",
        ),
        pytest.param({"action": "wait"}, id="unknown_action"),
    ],
)
def test_advice_refuses_an_inconsistent_window(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Advice.model_validate({"not_before": None, "not_after": None, "reason": "r", **fields})


# --- Policy ----------------------------------------------------------------------------


def test_policy_defaults_are_the_articles() -> None:
    assert Policy() == Policy(
        thank_you_delay=timedelta(hours=24),
        thank_you_window=timedelta(hours=24),
        reminder_delay=timedelta(hours=48),
        reminder_window=timedelta(hours=24),
        max_reminders=1,
        morning=time(9, 0),
        weekend=(5, 6),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(120, timedelta(days=5), id="number_of_hours"),
        pytest.param(1.5, timedelta(minutes=90), id="fraction_of_hours"),
        pytest.param("PT36H", timedelta(hours=36), id="iso_8601_string"),
        pytest.param(timedelta(days=3), timedelta(days=3), id="timedelta"),
    ],
)
def test_policy_durations(value: Any, expected: timedelta) -> None:
    assert Policy(reminder_delay=value).reminder_delay == expected


def test_policy_weekend_is_sorted_and_deduplicated() -> None:
    assert Policy(weekend=[6, 5, 6]).weekend == (5, 6)


def test_policy_round_trips_through_json() -> None:
    policy = Policy(reminder_delay=120, weekend=(4, 5), morning=time(8, 30))
    assert Policy.model_validate_json(policy.model_dump_json()) == policy


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            {"reminder_delay": 0}, "must be a positive duration of at most 90 days", id="zero"
        ),
        pytest.param({"thank_you_delay": -1}, "must be a positive duration", id="negative"),
        pytest.param({"thank_you_window": 24 * 91}, "at most 90 days", id="too_long"),
        pytest.param({"reminder_window": True}, "must be a duration, not a boolean", id="bool"),
        pytest.param({"max_reminders": -1}, "greater than or equal to 0", id="negative_cap"),
        pytest.param({"max_reminders": 4}, "less than or equal to 3", id="cap_too_high"),
        pytest.param({"weekend": (5, 7)}, "from 0 (Monday) to 6 (Sunday)", id="weekday_7"),
        pytest.param({"weekend": tuple(range(7))}, "at least one weekday", id="all_week"),
        pytest.param({"morning": time(9, tzinfo=UTC)}, "without a UTC offset", id="aware_morning"),
        pytest.param({"evening": time(18)}, "Extra inputs are not permitted", id="unknown_field"),
    ],
)
def test_policy_refuses_invalid_settings(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Policy.model_validate(fields)


def test_policy_from_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[project]\nname = "x"\n\n[tool.followup-mail.timing]\n'
        "reminder-delay = 120\nmax_reminders = 2\nweekend = [4, 5]\nmorning = 08:30:00\n",
        encoding="utf-8",
    )
    assert Policy.from_pyproject(path) == Policy(
        reminder_delay=timedelta(days=5), max_reminders=2, weekend=(4, 5), morning=time(8, 30)
    )


def test_policy_from_pyproject_without_the_table_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.followup-mail]\nsignature = "Sam"\n', encoding="utf-8")
    assert Policy.from_pyproject(path) == Policy()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "[tool.followup-mail.timing]\nremind-after = 48\n",
            "[tool.followup-mail.timing] has an unknown key 'remind-after'; the keys are holidays, "
            "max-reminders, morning, reminder-delay, reminder-window, thank-you-delay, "
            "thank-you-expires, thank-you-window, weekend.",
            id="unknown_key",
        ),
        pytest.param(
            "[tool.followup-mail.timing]\nreminder-delay = -2\n",
            "[tool.followup-mail.timing] reminder-delay: must be a positive "
            "duration of at most 90 days.",
            id="negative_delay",
        ),
        pytest.param(
            "[tool.followup-mail]\ntiming = 3\n",
            "[tool.followup-mail.timing] must be a table.",
            id="not_a_table",
        ),
        pytest.param("tool = 3\n", "[tool] must be a table.", id="tool_a_number"),
        pytest.param("tool = []\n", "[tool] must be a table.", id="tool_an_array"),
        pytest.param(
            "[tool]\nfollowup-mail = 3\n", "[tool.followup-mail] must be a table.",
            id="followup_mail_a_number",
        ),
        pytest.param("[tool.followup-mail.timing\n", "not valid TOML: ", id="bad_toml"),
    ],
)
def test_policy_from_pyproject_errors_name_the_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FollowupMailError) as caught:
        Policy.from_pyproject(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_policy_from_a_missing_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    with pytest.raises(FollowupMailError, match="cannot read the file"):
        Policy.from_pyproject(path)


def test_public_names_are_sorted_and_complete() -> None:
    public = sorted(
        name
        for name, value in vars(policy_module).items()
        if not name.startswith("_")
        and getattr(value, "__module__", None) == policy_module.__name__
        and "__mutmut_" not in name  # mutation testing's copies of the functions
    )
    assert policy_module.__all__ == sorted(policy_module.__all__)
    assert set(public) <= set(policy_module.__all__)


# --- properties ------------------------------------------------------------------------

ZONES = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", None]
STEPS = ["thank_you", "reminder", "process_ongoing", "will_contact", "decision", "other"]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[InterviewNotes, list[dict[str, str]], datetime, Policy]:
    zone = draw(st.sampled_from(ZONES))
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(
        minutes=draw(st.integers(0, 2 * 365 * 24 * 60))
    )
    if zone is None:
        start = start.astimezone(timezone(timedelta(minutes=draw(st.integers(-11, 13)) * 60)))
    decision = draw(st.none() | st.integers(-3, 30))
    extra: dict[str, Any] = {"will_contact_you": draw(st.booleans())}
    if decision is not None:
        extra["decision_expected_by"] = (start + timedelta(days=decision)).date().isoformat()
    notes = make_notes(start.isoformat(), zone=zone, **extra)
    history: list[dict[str, str]] = []
    moment = start
    thanked = False
    for step in draw(st.lists(st.sampled_from(STEPS), max_size=5)):
        moment += timedelta(minutes=draw(st.integers(0, 6 * 24 * 60)))
        if step in ("thank_you", "reminder"):
            kind = "reminder" if thanked and step == "reminder" else "thank_you"
            history.append(sent(kind, moment.isoformat()))
            thanked = True
        else:
            history.append(reply(moment.isoformat(), step))
    now = moment + timedelta(minutes=draw(st.integers(0, 20 * 24 * 60)))
    policy = Policy(
        thank_you_delay=timedelta(hours=draw(st.integers(1, 96))),
        thank_you_window=timedelta(hours=draw(st.integers(1, 48))),
        reminder_delay=timedelta(hours=draw(st.integers(1, 240))),
        reminder_window=timedelta(hours=draw(st.integers(1, 48))),
        max_reminders=draw(st.integers(0, 3)),
        morning=time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30]))),
        weekend=tuple(draw(st.sets(st.integers(0, 6), max_size=6))),
    )
    if draw(st.booleans()):
        policy = Policy()
    return notes, history, now, policy


@settings(max_examples=300, deadline=None)  # about 9 ms an example
@given(scenarios())
def test_not_before_never_falls_on_a_weekend_nor_before_any_constraint(
    scenario: tuple[InterviewNotes, list[dict[str, str]], datetime, Policy],
) -> None:
    notes, history, now, policy = scenario
    advice = next_follow_up(notes, history, now=now, policy=policy)
    assert advice.reason
    if advice.action == "stop":
        assert advice.not_before is None
        assert advice.not_after is None
        return
    assert advice.not_before is not None
    assert advice.not_after is not None
    assert advice.not_before.tzinfo is notes.zone
    assert advice.not_before.weekday() not in policy.weekend
    assert advice.not_before < advice.not_after
    opened = seconds(advice.not_before)
    if advice.action == "send_thank_you":
        assert opened >= seconds(notes.interviewed_at) + policy.thank_you_delay.total_seconds()
        window = policy.thank_you_window
    else:
        last_sent = max(at(event["at"]) for event in history if event["event"] == "sent")
        assert opened >= seconds(last_sent) + policy.reminder_delay.total_seconds()
        window = policy.reminder_window
        if notes.decision_expected_by is not None:
            assert advice.not_before.date() > notes.decision_expected_by
        assert not notes.will_contact_you
        assert all(event["event"] == "sent" for event in history)
    assert seconds(advice.not_after) - opened == window.total_seconds()


@settings(max_examples=300, deadline=None)  # about 9 ms an example
@given(scenarios(), st.sampled_from(STEPS), st.integers(0, 5 * 24 * 60))
def test_a_reply_or_a_sent_reminder_never_turns_stop_into_a_send(
    scenario: tuple[InterviewNotes, list[dict[str, str]], datetime, Policy],
    step: str,
    minutes: int,
) -> None:
    notes, history, now, policy = scenario
    if next_follow_up(notes, history, now=now, policy=policy).action != "stop":
        return
    later = now + timedelta(minutes=minutes)
    if step == "thank_you":
        step = "reminder"
    if step == "reminder":
        if not any(event["event"] == "sent" for event in history):
            return  # a reminder without a thank-you is a HistoryError, tested above
        event = sent("reminder", now.isoformat())
    else:
        event = reply(now.isoformat(), step)
    advice = next_follow_up(notes, [*history, event], now=later, policy=policy)
    assert advice.action == "stop"


def test_sunday_decision_date_gives_monday_morning() -> None:
    notes = make_notes(TUESDAY, decision_expected_by=date(2026, 11, 29))
    advice = next_follow_up(notes, [THANKS], now=at("2026-11-18T12:00-05:00"))
    assert advice.not_before == datetime(2026, 11, 30, 9, tzinfo=NY)


# --- exact instants that mutation testing showed unpinned (issue 12) --------------------

EST = timedelta(hours=-5)
WAITING = (
    ": waiting a little after the interview gives them time to consider you without "
    "feeling rushed"
)
CLOSING = (
    " A short, polite reminder shows your interest without pressing them; make it your last "
    "message, then be patient, and keep applying elsewhere meanwhile."
)


def test_reminder_48_elapsed_hours_after_a_thank_you_across_the_end_of_dst() -> None:
    """12:00 EDT on Saturday 31 October plus 48 hours is 11:00 EST on Monday 2 November:
    the clocks went back an hour in between (wall-clock arithmetic would say 12:00)."""
    thanks = datetime(2026, 10, 31, 12, 0, tzinfo=NY)
    assert thanks.utcoffset() == timedelta(hours=-4)
    advice = next_follow_up(
        make_notes("2026-10-29T10:00:00-04:00"),
        [SentEvent(kind="thank_you", at=thanks)],
        now=datetime(2026, 10, 31, 13, 0, tzinfo=NY),
    )
    assert advice.not_before == datetime(2026, 11, 2, 11, 0, tzinfo=NY)
    assert advice.not_before is not None
    assert advice.not_before.utcoffset() == EST
    assert (advice.not_before.hour, advice.not_before.minute) == (11, 0)
    assert advice.not_before.timestamp() - thanks.timestamp() == 48 * 3600
    assert advice.not_after == datetime(2026, 11, 3, 11, 0, tzinfo=NY)
    assert advice.reason == (
        "No reply yet. If none comes, send one brief reminder between Monday 2 November "
        "2026, 11:00 EST and Tuesday 3 November 2026, 11:00 EST." + CLOSING
    )


def test_thursday_evening_interview_opens_its_window_on_friday_evening_local_time() -> None:
    """Thursday 20:00 EST plus 24 hours is Friday 20:00 EST, already Saturday in UTC: the
    weekend is the interview zone's, so the window is not moved to Monday."""
    notes = make_notes("2026-11-19T20:00:00-05:00")
    advice = next_follow_up(notes, now=datetime(2026, 11, 19, 21, 0, tzinfo=NY))
    assert advice.not_before == datetime(2026, 11, 20, 20, 0, tzinfo=NY)
    assert advice.not_before is not None
    assert advice.not_before.astimezone(UTC).weekday() == 5  # Saturday in UTC
    assert advice.not_after == datetime(2026, 11, 21, 20, 0, tzinfo=NY)
    assert advice.reason == (
        "Send your thank-you between Friday 20 November 2026, 20:00 EST and Saturday "
        f"21 November 2026, 20:00 EST{WAITING}."
    )


def test_friday_morning_in_sydney_is_a_weekend_there_though_friday_in_utc() -> None:
    """The other way round: 24 hours after Friday 09:00 in Sydney is Saturday there and
    still Friday in UTC; the window waits for Monday 09:00 in Sydney."""
    sydney = ZoneInfo("Australia/Sydney")
    notes = make_notes("2026-11-20T09:00:00+11:00", zone="Australia/Sydney")
    advice = next_follow_up(notes, now=datetime(2026, 11, 20, 10, 0, tzinfo=sydney))
    assert advice.not_before == datetime(2026, 11, 23, 9, 0, tzinfo=sydney)
    assert advice.not_after == datetime(2026, 11, 24, 9, 0, tzinfo=sydney)
    assert advice.reason.endswith(
        "without feeling rushed, and a message that would arrive on a weekend waits for a "
        "working morning."
    )


# The thank-you window of a Tuesday 10:00 interview: Wednesday 10:00 to Thursday 10:00.
OPENS = datetime(2026, 11, 18, 10, 0, tzinfo=NY)
CLOSES = datetime(2026, 11, 19, 10, 0, tzinfo=NY)
JUST = timedelta(microseconds=1)
BETWEEN = (
    "Send your thank-you between Wednesday 18 November 2026, 10:00 EST and Thursday "
    "19 November 2026, 10:00 EST"
)
INSIDE = "Send your thank-you now, before Thursday 19 November 2026, 10:00 EST."
LATE = (
    "Your thank-you is late (the window closed Thursday 19 November 2026, 10:00 EST), but it "
    "is still worth sending now: a brief, polite message is welcome later too."
)


@pytest.mark.parametrize(
    ("now", "reason"),
    [
        pytest.param(OPENS - JUST, BETWEEN + WAITING + ".", id="a_microsecond_before_it_opens"),
        pytest.param(OPENS, INSIDE, id="the_instant_it_opens"),
        pytest.param(CLOSES - JUST, INSIDE, id="a_microsecond_before_it_closes"),
        pytest.param(CLOSES, INSIDE, id="the_instant_it_closes"),
        pytest.param(CLOSES + JUST, LATE, id="a_microsecond_after_it_closes"),
    ],
)
def test_thank_you_window_edges(now: datetime, reason: str) -> None:
    advice = next_follow_up(make_notes(TUESDAY), now=now)
    assert (advice.not_before, advice.not_after) == (OPENS, CLOSES)
    assert advice.reason == reason


# The reminder after a thank-you sent Wednesday 11:00: Friday 11:00 to Saturday 11:00.
R_OPENS = datetime(2026, 11, 20, 11, 0, tzinfo=NY)
R_CLOSES = datetime(2026, 11, 21, 11, 0, tzinfo=NY)
R_INSIDE = (
    "No reply to your message. Send your reminder now, before Saturday 21 November 2026, "
    "11:00 EST."
)


@pytest.mark.parametrize(
    ("now", "reason"),
    [
        pytest.param(
            R_OPENS - JUST,
            "No reply yet. If none comes, send one brief reminder between Friday 20 November "
            "2026, 11:00 EST and Saturday 21 November 2026, 11:00 EST.",
            id="a_microsecond_before_it_opens",
        ),
        pytest.param(R_OPENS, R_INSIDE, id="the_instant_it_opens"),
        pytest.param(R_CLOSES, R_INSIDE, id="the_instant_it_closes"),
        pytest.param(
            R_CLOSES + JUST,
            "No reply to your message. Your reminder is late (the window closed Saturday "
            "21 November 2026, 11:00 EST), but it is still worth sending now: a brief, polite "
            "message is welcome later too.",
            id="a_microsecond_after_it_closes",
        ),
    ],
)
def test_reminder_window_edges(now: datetime, reason: str) -> None:
    advice = next_follow_up(make_notes(TUESDAY), [THANKS], now=now)
    assert (advice.not_before, advice.not_after) == (R_OPENS, R_CLOSES)
    assert advice.reason == reason + CLOSING


@pytest.mark.parametrize(
    ("says", "reason"),
    [
        pytest.param(
            ("other", "process_ongoing"),
            "They said the process is ongoing, so wait for their update instead of sending a "
            f"reminder. {PATIENCE}",
            id="ongoing_after_other",
        ),
        pytest.param(
            ("process_ongoing", "other"),
            "They replied, so no reminder is needed; answer their message if it asks for "
            f"something, then wait for their next step. {PATIENCE}",
            id="other_after_ongoing",
        ),
        pytest.param(
            ("will_contact", "other"),
            "They replied, so no reminder is needed; answer their message if it asks for "
            f"something, then wait for their next step. {PATIENCE}",
            id="other_after_will_contact",
        ),
    ],
)
def test_of_two_replies_the_latest_decides_the_reason(says: tuple[str, str], reason: str) -> None:
    history = [THANKS, reply("2026-11-19T09:00-05:00", says[0]),
               reply("2026-11-19T15:00-05:00", says[1])]
    advice = next_follow_up(make_notes(TUESDAY), history, now=at("2026-11-20T12:00-05:00"))
    assert advice == Advice(action="stop", not_before=None, not_after=None, reason=reason)


@pytest.mark.parametrize(
    ("notes", "history", "now", "reason"),
    [
        pytest.param(
            make_notes(TUESDAY), [reply("2026-11-17T12:00-05:00", "process_ongoing")],
            "2026-11-17T13:00-05:00",
            f"{BETWEEN}{WAITING}. They have already written to you, so you can thank them in "
            "your answer.",
            id="thank_you_after_they_replied",
        ),
        pytest.param(
            make_notes(TUESDAY, will_contact_you=True), [], "2026-11-17T11:00-05:00",
            f"{BETWEEN}{WAITING}. They said they will contact you, so send no reminder after it.",
            id="thank_you_when_they_will_contact_you",
        ),
        pytest.param(
            make_notes(TUESDAY, will_contact_you=True), [], "2026-11-18T12:00-05:00",
            f"{INSIDE} They said they will contact you, so send no reminder after it.",
            id="thank_you_now_when_they_will_contact_you",
        ),
        pytest.param(
            make_notes(TUESDAY, decision_expected_by="2026-11-27"), [THANKS],
            "2026-11-18T12:00-05:00",
            "No reply yet. If none comes, send one brief reminder between Monday 30 November "
            "2026, 09:00 EST and Tuesday 1 December 2026, 09:00 EST; not earlier, because "
            "they expect a decision by Friday 27 November 2026." + CLOSING,
            id="reminder_waiting_for_a_decision_date",
        ),
        pytest.param(
            make_notes(TUESDAY, decision_expected_by="2026-11-27"), [THANKS],
            "2026-11-30T09:00-05:00",
            "No reply to your message. Send your reminder now, before Tuesday 1 December 2026, "
            "09:00 EST." + CLOSING,
            id="reminder_now_after_the_decision_date",
        ),
        pytest.param(
            # Thank-you Wednesday 09:00: 48 hours later is Friday 09:00, the very morning
            # after a Thursday decision date. The date moves nothing, so the reason is silent.
            make_notes(TUESDAY, decision_expected_by="2026-11-19"),
            [sent("thank_you", "2026-11-18T09:00-05:00")], "2026-11-18T12:00-05:00",
            "No reply yet. If none comes, send one brief reminder between Friday 20 November "
            "2026, 09:00 EST and Saturday 21 November 2026, 09:00 EST." + CLOSING,
            id="reminder_when_the_decision_morning_is_the_48_hour_mark",
        ),
    ],
)
def test_reason_in_full(
    notes: InterviewNotes, history: list[dict[str, str]], now: str, reason: str
) -> None:
    assert next_follow_up(notes, history, now=at(now)).reason == reason


@pytest.mark.parametrize(
    "weekend",
    [pytest.param((-1,), id="minus_one"), pytest.param((0, 7), id="seven"),
     pytest.param((5, -(10**30)), id="huge_negative")],
)
def test_policy_refuses_a_weekday_outside_monday_to_sunday(weekend: tuple[int, ...]) -> None:
    with pytest.raises(ValidationError, match=r"from 0 \(Monday\) to 6 \(Sunday\)"):
        Policy(weekend=weekend)


@pytest.mark.parametrize("weekend", [(), (0,), (6,), (0, 1, 2, 3, 4, 5), (1, 2, 3, 4, 5, 6)])
def test_policy_accepts_any_weekend_that_leaves_a_weekday(weekend: tuple[int, ...]) -> None:
    assert Policy(weekend=weekend).weekend == weekend


@pytest.mark.parametrize(
    ("fields", "accepted"),
    [
        pytest.param({"reminder_delay": timedelta(days=90)}, True, id="delay_90_days"),
        pytest.param({"reminder_delay": timedelta(days=90, microseconds=1)}, False,
                     id="delay_90_days_and_a_microsecond"),
        pytest.param({"thank_you_window": timedelta(microseconds=1)}, True,
                     id="window_a_microsecond"),
        pytest.param({"thank_you_window": timedelta(0)}, False, id="window_zero"),
        pytest.param({"reminder_window": timedelta(0)}, False, id="reminder_window_zero"),
        pytest.param({"reminder_window": timedelta(days=90)}, True, id="reminder_window_90_days"),
        pytest.param({"thank_you_window": timedelta(days=90)}, True, id="window_90_days"),
        pytest.param({"thank_you_window": timedelta(days=90, microseconds=1)}, False,
                     id="window_90_days_and_a_microsecond"),
        pytest.param({"thank_you_delay": timedelta(0)}, True, id="thank_you_delay_zero"),
        pytest.param({"thank_you_delay": -timedelta(microseconds=1)}, False,
                     id="thank_you_delay_a_microsecond_early"),
        pytest.param({"thank_you_delay": timedelta(days=90)}, True, id="thank_you_delay_90_days"),
        pytest.param({"thank_you_delay": timedelta(days=90, microseconds=1)}, False,
                     id="thank_you_delay_90_days_and_a_microsecond"),
        pytest.param({"thank_you_expires": timedelta(microseconds=1)}, True,
                     id="expiry_a_microsecond"),
        pytest.param({"thank_you_expires": timedelta(0)}, False, id="expiry_zero"),
        pytest.param({"thank_you_expires": timedelta(days=90)}, True, id="expiry_90_days"),
        pytest.param({"thank_you_expires": timedelta(days=90, microseconds=1)}, False,
                     id="expiry_90_days_and_a_microsecond"),
        pytest.param({"max_reminders": 0}, True, id="no_reminders"),
        pytest.param({"max_reminders": 3}, True, id="three_reminders"),
        pytest.param({"max_reminders": 4}, False, id="four_reminders"),
    ],
)
def test_policy_limits_at_their_edges(fields: dict[str, Any], accepted: bool) -> None:
    if accepted:
        assert Policy.model_validate(fields).model_dump(include=set(fields)) == fields
    else:
        with pytest.raises(ValidationError):
            Policy.model_validate(fields)


@pytest.mark.parametrize(
    "window",
    [
        pytest.param({"not_before": "2026-11-23T09:00:00-05:00"}, id="only_not_before"),
        pytest.param({"not_after": "2026-11-24T09:00:00-05:00"}, id="only_not_after"),
    ],
)
@pytest.mark.parametrize("action", ["send_thank_you", "send_reminder", "stop"])
def test_advice_with_one_bound_is_refused(window: dict[str, str], action: str) -> None:
    fields = {"action": action, "not_before": None, "not_after": None, "reason": "r", **window}
    with pytest.raises(ValidationError, match=r"has no send window|needs not_before and not_after"):
        Advice.model_validate(fields)


def test_advice_whose_window_closes_as_it_opens_is_refused() -> None:
    fields = {
        "action": "send_reminder", "reason": "r",
        "not_before": "2026-11-23T09:00:00-05:00", "not_after": "2026-11-23T09:00:00-05:00",
    }
    with pytest.raises(ValidationError, match="not_after must be later than not_before"):
        Advice.model_validate(fields)
    fields["not_after"] = "2026-11-23T09:00:00.000001-05:00"
    assert Advice.model_validate(fields).not_after == at("2026-11-23T09:00:00.000001-05:00")


def test_pyproject_without_a_tool_table_gives_the_default_policy(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert Policy.from_pyproject(path) == Policy()


@pytest.mark.parametrize(
    ("name", "label"),
    [
        pytest.param("x" * 40, "x" * 40, id="40_characters_in_full"),
        pytest.param("x" * 41, "x" * 39 + "…", id="41_characters_cut"),
    ],
)
def test_a_quoted_value_is_cut_after_40_characters(name: str, label: str) -> None:
    with pytest.raises(HistoryError) as caught:
        parse_history([{"event": name}])
    quoted = "'" + "x" * 38 + "…"  # the repr has 42 characters: 39 of them and an ellipsis
    assert str(caught.value) == (
        f"history[0] ({label}): unknown event {quoted}; expected 'sent' or 'reply'."
    )


def test_advice_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="at least 1 character"):
        Advice(action="stop", not_before=None, not_after=None, reason="")
    assert Advice(action="stop", not_before=None, not_after=None, reason=".").reason == "."


def test_from_pyproject_reads_the_current_folders_file_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.followup-mail.timing]\nmax-reminders = 2\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert Policy.from_pyproject() == Policy(max_reminders=2)


def test_from_pyproject_names_a_path_with_accents_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "café"
    folder.mkdir()
    path = folder / "pyproject.toml"
    path.write_text("[tool.followup-mail.timing]\nevening = 3\n", encoding="utf-8")
    with pytest.raises(TimingError) as caught:
        Policy.from_pyproject(path)
    assert str(caught.value).startswith(f"{path}: [tool.followup-mail.timing] has an unknown key")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param('weekend = "sat"',
                     "weekend: must be an array of weekday numbers (integers), not a string.",
                     id="weekend_a_string"),
        pytest.param("reminder-delay = 10:00:00",
                     'reminder-delay: must be a number of hours or an ISO 8601 duration such '
                     'as "PT48H", not a time.',
                     id="delay_a_time"),
        pytest.param('max-reminders = "one"', "max-reminders: must be an integer, not a string.",
                     id="cap_a_string"),
    ],
)
def test_from_pyproject_names_the_toml_type_it_got(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.followup-mail.timing]\n{line}\n", encoding="utf-8")
    with pytest.raises(TimingError) as caught:
        Policy.from_pyproject(path)
    assert str(caught.value) == f"{path}: [tool.followup-mail.timing] {message}"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param({}, "history[0]: the 'event' field is missing; expected 'sent' or 'reply'.",
                     id="empty_event"),
        pytest.param({"event": ["sent"]},
                     "history[0] (['sent']): unknown event ['sent']; expected 'sent' or 'reply'.",
                     id="event_name_a_list"),
    ],
)
def test_history_errors_for_odd_shapes(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(HistoryError) as caught:
        parse_history([raw])
    assert str(caught.value) == message


def test_notes_are_validated_like_every_other_way_in() -> None:
    with pytest.raises(NotesError) as caught:
        next_follow_up({"company": "Acme"})
    assert str(caught.value) == "notes: candidate: is required (and 3 more problems)."


class _NoOffset(tzinfo):
    """A zone that does not know its offset (``utcoffset`` returns None)."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_now_whose_zone_has_no_offset_is_refused() -> None:
    with pytest.raises(TimingError, match="has no UTC offset"):
        next_follow_up(make_notes(TUESDAY), now=datetime(2026, 11, 18, 12, tzinfo=_NoOffset()))


def test_reason_in_full_for_a_reminder_moved_off_a_weekend() -> None:
    advice = next_follow_up(
        make_notes(TUESDAY), [sent("thank_you", "2026-11-19T16:00-05:00")],
        now=at("2026-11-19T17:00-05:00"),
    )
    assert advice.reason == (
        "No reply yet. If none comes, send one brief reminder between Monday 23 November "
        "2026, 09:00 EST and Tuesday 24 November 2026, 09:00 EST; a message that would "
        "arrive on a weekend waits for a working morning." + CLOSING
    )


def test_policy_must_be_a_policy() -> None:
    with pytest.raises(TypeError) as caught:
        next_follow_up(make_notes(TUESDAY), now=at(TUESDAY), policy={"max_reminders": 2})  # type: ignore[arg-type]
    assert str(caught.value) == "policy must be a Policy or None, not dict"


@pytest.mark.parametrize("flag", [True, False])
def test_a_boolean_is_no_duration(flag: bool) -> None:
    with pytest.raises(ValidationError) as caught:
        Policy(reminder_window=flag)
    (error,) = caught.value.errors()
    assert (error["loc"], error["msg"]) == (
        ("reminder_window",), "Value error, must be a duration, not a boolean"
    )


class _Unnamed(tzinfo):
    """A fixed offset of -05:00 whose ``tzname`` is None, as a caller's own tzinfo may be."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=-5)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_a_zone_without_a_name_gives_times_without_one() -> None:
    notes = InterviewNotes.model_validate(
        {
            "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
            "company": "Acme",
            "role": "Data Engineer",
            "interviewed_at": datetime(2026, 11, 17, 15, tzinfo=_Unnamed()),
            "interviewers": [{"name": "Ana Lima"}],
        }
    )
    advice = next_follow_up(notes, now=datetime(2026, 11, 17, 16, tzinfo=_Unnamed()))
    assert advice.reason.startswith(
        "Send your thank-you between Wednesday 18 November 2026, 15:00 and Thursday "
        "19 November 2026, 15:00: waiting"
    )
