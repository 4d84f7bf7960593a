"""Too late for a thank-you (``Policy.thank_you_expires``) and a thank-you the same day.

Past ``thank_you_expires`` after the interview (7 days by default), and once the window
has closed, the advice for a thank-you is ``stop`` with a reason that says why and what
to do instead. Once a thank-you went out, the reminder rules apply as before.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from followup_mail.drafting import draft_reminder
from followup_mail.errors import FollowUpNotAdvised, TimingError
from followup_mail.models import InterviewNotes
from followup_mail.policy import Policy, next_follow_up, thank_you_window

# Friday 20 November 2026, 15:00 in New York; the window is Monday 23, 09:00 to Tuesday 24.
INTERVIEW = datetime.fromisoformat("2026-11-20T15:00:00-05:00")
PATIENCE = "Be patient, and keep applying elsewhere meanwhile."
ODD = (
    "Your interview was on Friday 20 November 2026, more than {span} ago, so a thank-you now "
    "would look odd."
)
INSTEAD = (
    " Instead, if you have not heard from them, send one brief note that asks about the next "
    f"steps and says you are still interested. {PATIENCE}"
)


def make_notes(**extra: Any) -> InterviewNotes:
    return InterviewNotes.model_validate(
        {
            "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
            "company": "Acme",
            "role": "Data Engineer",
            "interviewed_at": INTERVIEW.isoformat(),
            "timezone": "America/New_York",
            "interviewers": [{"name": "Ana Lima"}],
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("after", "policy", "action"),
    [
        pytest.param(timedelta(days=6), Policy(), "send_thank_you", id="six_days_late_still_sent"),
        pytest.param(timedelta(days=7), Policy(), "send_thank_you", id="exactly_seven_days"),
        pytest.param(
            timedelta(days=7, microseconds=1), Policy(), "stop", id="a_moment_past_seven_days"
        ),
        pytest.param(timedelta(days=60), Policy(), "stop", id="two_months_later"),
        pytest.param(
            timedelta(days=9), Policy(thank_you_expires=timedelta(days=10)), "send_thank_you",
            id="configured_ten_days",
        ),
        pytest.param(
            timedelta(days=3, hours=18, seconds=1), Policy(thank_you_expires=12), "stop",
            id="twelve_hours_but_not_before_the_window_closed",
        ),
        pytest.param(
            timedelta(days=3, hours=18), Policy(thank_you_expires=12), "send_thank_you",
            id="never_expired_while_the_window_is_open",
        ),
    ],
)  # fmt: skip
def test_a_thank_you_expires(after: timedelta, policy: Policy, action: str) -> None:
    advice = next_follow_up(make_notes(), now=INTERVIEW + after, policy=policy)
    assert advice.action == action


@pytest.mark.parametrize(
    ("extra", "history", "policy", "reason"),
    [
        pytest.param(
            {}, [], Policy(), ODD.format(span="7 days") + INSTEAD, id="nothing_heard"
        ),
        pytest.param(
            {}, [{"event": "reply", "at": "2026-11-21T10:00:00-05:00", "says": "other"}],
            Policy(),
            ODD.format(span="7 days")
            + " They have written to you: answer their message, and thank them for their time "
            f"there in one line. {PATIENCE}",
            id="they_wrote",
        ),
        pytest.param(
            {"will_contact_you": True}, [], Policy(),
            ODD.format(span="7 days") + f" They said they will contact you, so wait for them. "
            f"{PATIENCE}",
            id="they_will_contact_you",
        ),
        pytest.param(
            {}, [], Policy(thank_you_expires=36), ODD.format(span="36 hours") + INSTEAD,
            id="hours",
        ),
        pytest.param(
            {}, [], Policy(thank_you_expires=24), ODD.format(span="1 day") + INSTEAD,
            id="one_day",
        ),
        pytest.param(
            {}, [], Policy(thank_you_expires=1), ODD.format(span="1 hour") + INSTEAD,
            id="one_hour",
        ),
        pytest.param(
            {}, [], Policy(thank_you_expires=1.5), ODD.format(span="90 minutes") + INSTEAD,
            id="minutes",
        ),
    ],
)  # fmt: skip
def test_an_expired_thank_you_says_why_and_what_to_do_instead(
    extra: dict[str, Any], history: list[dict[str, str]], policy: Policy, reason: str
) -> None:
    now = INTERVIEW + timedelta(days=30)
    advice = next_follow_up(make_notes(**extra), history, now=now, policy=policy)
    assert (advice.action, advice.not_before, advice.not_after) == ("stop", None, None)
    assert advice.reason == reason


def test_a_decision_stops_before_the_expiry_is_considered() -> None:
    history = [{"event": "reply", "at": "2026-11-21T10:00:00-05:00", "says": "decision"}]
    advice = next_follow_up(make_notes(), history, now=INTERVIEW + timedelta(days=30))
    assert advice.reason.startswith("They told you their decision")


def test_the_reminder_rules_still_apply_after_the_thank_you_expired() -> None:
    # The thank-you went out in time; a month later one reminder is still advised.
    history = [{"event": "sent", "kind": "thank_you", "at": "2026-11-23T10:00:00-05:00"}]
    advice = next_follow_up(make_notes(), history, now=INTERVIEW + timedelta(days=30))
    assert advice.action == "send_reminder"
    assert advice.reason.startswith("No reply to your message. Your reminder is late")


def test_a_thank_you_delay_of_zero_opens_at_the_interview() -> None:
    start, end, moved = thank_you_window(make_notes(), Policy(thank_you_delay=0))
    assert (start, end, moved) == (INTERVIEW, INTERVIEW + timedelta(hours=24), False)
    advice = next_follow_up(make_notes(), now=INTERVIEW, policy=Policy(thank_you_delay=0))
    assert advice.reason.startswith("Send your thank-you now, before Saturday 21 November")


def test_defaults_stay_24_hours_and_7_days() -> None:
    assert Policy().thank_you_delay == timedelta(hours=24)
    assert Policy().thank_you_expires == timedelta(days=7)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"thank_you_delay": -1}, "positive duration of at most 90 days, or zero",
                     id="negative_delay"),
        pytest.param({"thank_you_expires": 0}, "must be a positive duration of at most 90 days",
                     id="zero_expiry"),
        pytest.param({"thank_you_expires": 24 * 91}, "at most 90 days", id="long_expiry"),
        pytest.param({"thank_you_expires": True}, "not a boolean", id="boolean_expiry"),
    ],
)  # fmt: skip
def test_invalid_expiry_or_delay_is_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Policy.model_validate(fields)


def test_thank_you_expires_and_a_zero_delay_from_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.followup-mail.timing]\nthank-you-expires = "P3D"\nthank-you-delay = 0\n',
        encoding="utf-8",
    )
    assert Policy.from_pyproject(path) == Policy(
        thank_you_expires=timedelta(days=3), thank_you_delay=timedelta(0)
    )
    path.write_text("[tool.followup-mail.timing]\nthank-you-expires = -3\n", encoding="utf-8")
    with pytest.raises(TimingError) as caught:
        Policy.from_pyproject(path)
    assert str(caught.value) == (
        f"{path}: [tool.followup-mail.timing] thank-you-expires: must be a positive duration "
        "of at most 90 days."
    )


def test_a_reminder_with_no_thank_you_after_the_expiry_says_both() -> None:
    with pytest.raises(FollowUpNotAdvised) as caught:
        draft_reminder(make_notes(), now=INTERVIEW + timedelta(days=10))
    assert str(caught.value) == (
        "A reminder follows a thank-you that got no reply, and no thank-you has been sent "
        "yet. " + ODD.format(span="7 days") + INSTEAD
    )
