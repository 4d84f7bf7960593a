"""next_follow_up against a slow, obviously correct model of the timing rules.

The model is written from the rules as the README ("When to send") and ``policy.py``'s
docstring state them, not from the code: elapsed time is POSIX seconds, a business day is
found by walking the calendar one day at a time, dates are spelt by ``strftime``, and the
stop reasons are written out. A property compares the two on generated interviews,
histories, clocks and policies in zones with odd offsets and daylight-saving changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from hypothesis import event, given, settings
from hypothesis import strategies as st

from followup_mail.models import InterviewNotes
from followup_mail.policy import Policy, next_follow_up

PATIENCE = "Be patient, and keep applying elsewhere meanwhile."
# What each stop says, word for word (README: "They replied...", "A reminder went out").
REPLIED = {
    "process_ongoing": "They said the process is ongoing, so wait for their update instead "
    f"of sending a reminder. {PATIENCE}",
    "will_contact": f"They said they will contact you; respect that and send no reminder. "
    f"{PATIENCE}",
    "other": "They replied, so no reminder is needed; answer their message if it asks for "
    f"something, then wait for their next step. {PATIENCE}",
}
DECIDED = (
    "They told you their decision, so there is nothing left to follow up; if their message "
    "calls for an answer, reply to it directly."
)
WILL_CONTACT = (
    f"They said they will contact you: a thank-you was right, but a reminder is not. {PATIENCE}"
)
NO_REMINDERS = f"Your timing policy allows no reminder after the thank-you. {PATIENCE}"
ONE_REMINDER = (
    "You already sent a reminder; another message would be over-following and can make you "
    f"seem desperate. {PATIENCE}"
)


# --- the model -------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    action: str
    reason: str
    not_before: datetime | None = None
    not_after: datetime | None = None


def later(moment: datetime, delay: timedelta, zone: tzinfo) -> datetime:
    """*delay* of real time after *moment*, on the clocks of *zone* (whole seconds)."""
    return datetime.fromtimestamp(int(moment.timestamp()) + int(delay.total_seconds()), zone)


@cache
def public_holidays(code: str) -> holidays.HolidayBase:
    country, _, subdivision = code.partition("-")
    return holidays.country_holidays(country, subdiv=subdivision or None, language="en_US")


def closed(day: date, policy: Policy) -> bool:
    """A day of the policy's weekend, or a public holiday of its calendar."""
    if day.weekday() in policy.weekend:
        return True
    return policy.holidays is not None and day in public_holidays(policy.holidays)


def business_day(day: date, policy: Policy) -> date:
    """*day*, or the first day after it that is neither a weekend day nor a holiday."""
    for ahead in range(60):
        candidate = day + timedelta(days=ahead)
        if not closed(candidate, policy):
            return candidate
    raise AssertionError("a policy leaves a weekday to send on")


def morning(day: date, policy: Policy, zone: tzinfo) -> datetime:
    """The policy's morning on *day*, local wall time (the tests keep it out of DST changes)."""
    return datetime(
        day.year, day.month, day.day, policy.morning.hour, policy.morning.minute, tzinfo=zone
    )


def moved(earliest: datetime, policy: Policy, zone: tzinfo) -> str:
    """Why a window opens later than *earliest*: the weekend, or the holiday by its name."""
    day = earliest.astimezone(zone).date()
    if day.weekday() not in policy.weekend and policy.holidays is not None:
        calendar = public_holidays(policy.holidays)
        if day in calendar:
            return (f"a message that would arrive on a public holiday ({calendar[day]}) "
                    "waits for a working morning")
    return WEEKEND


def opens(earliest: datetime, policy: Policy, zone: tzinfo) -> tuple[datetime, bool]:
    """A window opens at *earliest*, or on the next business morning when that is a
    weekend day where the interview took place."""
    local = earliest.astimezone(zone)
    if closed(local.date(), policy):
        return morning(business_day(local.date(), policy), policy, zone), True
    return local, False


def spelt(moment: datetime) -> str:
    """'Monday 23 November 2026, 09:00 EST'; a zone named by its offset shows 'UTC+0545'."""
    name = moment.tzname() or ""
    if name[:1] in ("+", "-"):
        name = f"UTC{name}"
    return f"{moment:%A} {moment.day} {moment:%B} {moment.year}, {moment:%H:%M} {name}"


def day_spelt(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def expired(notes: InterviewNotes, policy: Policy, replied: bool) -> str:
    """The stop for a thank-you past ``thank_you_expires`` (README: "Too late")."""
    hours = int(policy.thank_you_expires.total_seconds()) // 3600
    span = f"{hours // 24} days" if hours % 24 == 0 else f"{hours} hours"
    span = {"1 days": "1 day", "1 hours": "1 hour"}.get(span, span)
    reason = (f"Your interview was on {day_spelt(notes.interviewed_at.date())}, more than "
              f"{span} ago, so a thank-you now would look odd.")
    if replied:
        return reason + (" They have written to you: answer their message, and thank them "
                         f"for their time there in one line. {PATIENCE}")
    if notes.will_contact_you:
        return reason + f" They said they will contact you, so wait for them. {PATIENCE}"
    return reason + (" Instead, if you have not heard from them, send one brief note that "
                     f"asks about the next steps and says you are still interested. {PATIENCE}")


def phase(message: str, start: datetime, end: datetime, now: datetime) -> str:
    """The first sentence of a send advice, without its full stop."""
    if now < start:
        return f"Send your {message} between {spelt(start)} and {spelt(end)}"
    if now <= end:
        return f"Send your {message} now, before {spelt(end)}"
    return (
        f"Your {message} is late (the window closed {spelt(end)}), but it is still worth "
        "sending now: a brief, polite message is welcome later too"
    )


WEEKEND = "a message that would arrive on a weekend waits for a working morning"


def model(
    notes: InterviewNotes, history: list[dict[str, str]], now: datetime, policy: Policy
) -> Expected:
    """The README's table, row by row, in the order it is read."""
    zone = notes.zone
    replies = [e for e in history if e["event"] == "reply"]
    sent = [e for e in history if e["event"] == "sent"]
    if any(reply["says"] == "decision" for reply in replies):
        return Expected("stop", DECIDED)
    if not sent:
        earliest = later(notes.interviewed_at, policy.thank_you_delay, zone)
        start, was_moved = opens(earliest, policy, zone)
        end = later(start, policy.thank_you_window, zone)
        # Too late only once the window has closed, too.
        if now > max(later(notes.interviewed_at, policy.thank_you_expires, zone), end):
            return Expected("stop", expired(notes, policy, bool(replies)))
        reason = phase("thank-you", start, end, now)
        if now < start:
            reason += (": waiting a little after the interview gives them time to consider "
                       "you without feeling rushed")
            if was_moved:
                reason += f", and {moved(earliest, policy, zone)}"
        reason += "."
        if replies:
            reason += " They have already written to you, so you can thank them in your answer."
        if notes.will_contact_you:
            reason += " They said they will contact you, so send no reminder after it."
        return Expected("send_thank_you", reason, start, end)
    if replies:
        return Expected("stop", REPLIED[replies[-1]["says"]])
    if notes.will_contact_you:
        return Expected("stop", WILL_CONTACT)
    reminders = sum(e["kind"] == "reminder" for e in sent)
    if reminders >= policy.max_reminders:
        if reminders == 0:
            return Expected("stop", NO_REMINDERS)
        if reminders == 1:
            return Expected("stop", ONE_REMINDER)
        return Expected("stop", f"You have already sent {reminders} reminders, the most your "
                        f"timing policy allows; more would be over-following. {PATIENCE}")
    last_sent = datetime.fromisoformat(sent[-1]["at"])
    due = later(last_sent, policy.reminder_delay, zone)
    start, was_moved = opens(due, policy, zone)
    decision = notes.decision_expected_by
    waits = False
    if decision is not None:
        after = morning(business_day(decision + timedelta(days=1), policy), policy, zone)
        if after > start:
            start, waits = after, True
    end = later(start, policy.reminder_window, zone)
    if now < start:
        reason = (f"No reply yet. If none comes, send one brief reminder between "
                  f"{spelt(start)} and {spelt(end)}")
        if waits and decision is not None:
            reason += f"; not earlier, because they expect a decision by {day_spelt(decision)}"
        elif was_moved:
            reason += f"; {moved(due, policy, zone)}"
    else:
        reason = "No reply to your message. " + phase("reminder", start, end, now)
    reason += ". A short, polite reminder shows your interest without pressing them"
    if policy.max_reminders - reminders == 1:
        reason += "; make it your last message, then be patient"
    reason += ", and keep applying elsewhere meanwhile."
    return Expected("send_reminder", reason, start, end)


# --- generated cases -------------------------------------------------------------------

# Odd offsets (+05:45, +12:45/+13:45), both hemispheres' daylight saving, none at all.
ZONES = [
    "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata",
    "Asia/Kathmandu", "Pacific/Chatham", "America/Santiago", None,
]
SAYS = ["process_ongoing", "will_contact", "decision", "other"]
# Daylight-saving changes of those zones in 2026, to start near one often.
CHANGES = [
    datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 11, 1, 6, tzinfo=UTC),
    datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2026, 4, 4, 16, tzinfo=UTC), datetime(2026, 10, 3, 16, tzinfo=UTC),
    datetime(2026, 4, 5, 3, tzinfo=UTC), datetime(2026, 9, 6, 4, tzinfo=UTC),
]


def _notes(start: datetime, zone: str | None, extra: dict[str, Any]) -> InterviewNotes:
    data: dict[str, Any] = {
        "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
        "company": "Acme",
        "role": "Data Engineer",
        "interviewed_at": start.isoformat(),
        "interviewers": [{"name": "Ana Lima", "topics": ["the billing pipeline"]}],
        **extra,
    }
    if zone is not None:
        data["timezone"] = zone
    return InterviewNotes.model_validate(data)


# Strategies built once: building them inside the composite costs more than the test.
WHOLE_DAY = st.integers(0, 24 * 60 - 1)
GAP = st.integers(0, 6 * 24 * 60)
MORE_SENT = st.lists(st.sampled_from(["thank_you", "reminder"]), max_size=3)
REPLIES: st.SearchStrategy[list[str]] = st.just([]) | st.lists(
    st.sampled_from(SAYS), min_size=1, max_size=2
)
POLICIES = st.just(Policy()) | st.builds(
    Policy,
    thank_you_delay=st.integers(0, 96).map(lambda h: timedelta(hours=h)),
    thank_you_expires=st.integers(1, 14 * 24).map(lambda h: timedelta(hours=h)),
    holidays=st.sampled_from([None, "US", "GB", "DE-SN", "JP"]),
    thank_you_window=st.integers(1, 48).map(lambda h: timedelta(hours=h)),
    reminder_delay=st.integers(1, 240).map(lambda h: timedelta(hours=h)),
    reminder_window=st.integers(1, 48).map(lambda h: timedelta(hours=h)),
    max_reminders=st.integers(0, 3),
    # Away from the small hours, when clocks change: the model keeps to wall time.
    morning=st.builds(time, st.integers(5, 23), st.sampled_from([0, 15, 30, 45])),
    weekend=st.sets(st.integers(0, 6), max_size=6).map(tuple),
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[InterviewNotes, list[dict[str, str]], datetime, Policy]:
    zone = draw(st.sampled_from(ZONES))
    near = draw(st.sampled_from(CHANGES)) - timedelta(days=draw(st.integers(0, 4)))
    anywhere = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 730)))
    moment = (near if draw(st.booleans()) else anywhere) + timedelta(minutes=draw(WHOLE_DAY))
    if zone is None:  # the notes keep the offset they were written with
        local: tzinfo = timezone(timedelta(minutes=15 * draw(st.integers(-48, 56))))
    else:
        local = ZoneInfo(zone)
    extra: dict[str, Any] = {"will_contact_you": draw(st.booleans())}
    decision = draw(st.none() | st.integers(-3, 30))
    if decision is not None:
        extra["decision_expected_by"] = (moment + timedelta(days=decision)).date().isoformat()
    notes = _notes(moment.astimezone(local), zone, extra)
    # Messages sent (a thank-you first), and maybe replies among them: most examples
    # reach a send advice, the rest every kind of stop.
    steps = ["thank_you", *draw(MORE_SENT)][: draw(st.integers(0, 4))]
    for says in draw(REPLIES):
        steps.insert(draw(st.integers(0, len(steps))), says)
    history: list[dict[str, str]] = []
    for step in steps:
        # In UTC: wall-time arithmetic would lose the second pass of a repeated hour.
        moment += timedelta(minutes=draw(GAP))
        when = moment.astimezone(local).isoformat()
        if step in ("thank_you", "reminder"):
            history.append({"event": "sent", "kind": step, "at": when})
        else:
            history.append({"event": "reply", "at": when, "says": step})
    now = (moment + timedelta(minutes=draw(st.integers(0, 12 * 24 * 60)))).astimezone(local)
    return notes, history, now, draw(POLICIES)


@settings(max_examples=300, deadline=None)  # about 8 ms an example: under 3 s
@given(scenarios())
def test_advice_matches_the_model_of_the_rules(
    scenario: tuple[InterviewNotes, list[dict[str, str]], datetime, Policy],
) -> None:
    notes, history, now, policy = scenario
    advice = next_follow_up(notes, history, now=now, policy=policy)
    expected = model(notes, history, now, policy)
    event(f"{expected.action}: " + " ".join(expected.reason.split()[:4]))
    assert (advice.action, advice.reason) == (expected.action, expected.reason)
    if expected.action == "stop":
        assert (advice.not_before, advice.not_after) == (None, None)
        return
    assert advice.not_before is not None
    assert advice.not_after is not None
    for got, want in ((advice.not_before, expected.not_before),
                      (advice.not_after, expected.not_after)):
        assert want is not None
        assert got == want  # the same instant
        assert got.replace(tzinfo=None) == want.replace(tzinfo=None)  # the same wall time
        assert got.utcoffset() == want.utcoffset()
        assert got.tzinfo is notes.zone
