"""Public holidays in the timing rules: ``Policy(holidays=...)``, pyproject and the CLI.

A window never opens on a public holiday of the policy's calendar nor on a weekend day: it
moves to the next business day at the policy's morning, and the reason names the holiday.
The calendars are the ``holidays`` package's; the dates below are checked by hand against
the published 2026 and 2027 calendars.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from followup_mail.cli import main
from followup_mail.errors import TimingError
from followup_mail.models import InterviewNotes
from followup_mail.policy import Policy, next_follow_up, thank_you_window

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def make_notes(at: str, zone: str, **extra: Any) -> InterviewNotes:
    return InterviewNotes.model_validate(
        {
            "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
            "company": "Acme",
            "role": "Data Engineer",
            "interviewed_at": at,
            "timezone": zone,
            "interviewers": [{"name": "Ana Lima"}],
            **extra,
        }
    )


# (interview, zone, calendar, window opens, window closes)
THANK_YOU_WINDOWS = [
    pytest.param(
        "2026-11-25T14:00-05:00", "America/New_York", "US",
        "2026-11-27T09:00:00-05:00", "2026-11-28T09:00:00-05:00",
        id="us_wednesday_interview_skips_thanksgiving_26_nov",
    ),
    pytest.param(
        "2026-11-25T14:00-05:00", "America/New_York", None,
        "2026-11-26T14:00:00-05:00", "2026-11-27T14:00:00-05:00",
        id="us_without_a_calendar_opens_on_thanksgiving_as_before",
    ),
    pytest.param(
        "2026-11-24T14:00-05:00", "America/New_York", "US",
        "2026-11-25T14:00:00-05:00", "2026-11-26T14:00:00-05:00",
        id="readme_example_opens_the_day_before_thanksgiving_and_may_close_on_it",
    ),
    pytest.param(
        "2026-04-02T15:00+01:00", "Europe/London", "GB",
        "2026-04-06T09:00:00+01:00", "2026-04-07T09:00:00+01:00",
        id="gb_good_friday_then_the_weekend",
    ),
    pytest.param(
        "2026-04-02T15:00+01:00", "Europe/London", "GB-ENG",
        "2026-04-07T09:00:00+01:00", "2026-04-08T09:00:00+01:00",
        id="gb_eng_good_friday_weekend_and_easter_monday",
    ),
    pytest.param(
        "2026-05-01T15:00+01:00", "Europe/London", "GB",
        "2026-05-05T09:00:00+01:00", "2026-05-06T09:00:00+01:00",
        id="gb_may_day_bank_holiday_after_a_weekend",
    ),
    pytest.param(
        "2027-03-25T15:00+00:00", "Europe/London", "GB-ENG",
        "2027-03-30T09:00:00+01:00", "2027-03-31T09:00:00+01:00",
        id="gb_eng_easter_2027_across_the_change_to_summer_time",
    ),
    pytest.param(
        "2026-11-17T15:00+01:00", "Europe/Berlin", "DE-SN",
        "2026-11-19T09:00:00+01:00", "2026-11-20T09:00:00+01:00",
        id="de_sn_buss_und_bettag_18_nov",
    ),
    pytest.param(
        "2026-11-17T15:00+01:00", "Europe/Berlin", "DE-BY",
        "2026-11-18T15:00:00+01:00", "2026-11-19T15:00:00+01:00",
        id="de_by_works_on_buss_und_bettag",
    ),
    pytest.param(
        "2026-11-17T15:00+01:00", "Europe/Berlin", "DE",
        "2026-11-18T15:00:00+01:00", "2026-11-19T15:00:00+01:00",
        id="de_without_a_subdivision_knows_only_national_holidays",
    ),
    pytest.param(
        "2027-03-25T15:00+01:00", "Europe/Berlin", "DE-SN",
        "2027-03-30T09:00:00+02:00", "2027-03-31T09:00:00+02:00",
        id="de_sn_karfreitag_weekend_ostermontag_across_the_change_to_summer_time",
    ),
    pytest.param(
        "2026-10-30T15:00+01:00", "Europe/Berlin", "DE-SN",
        "2026-11-02T09:00:00+01:00", "2026-11-03T09:00:00+01:00",
        id="de_sn_reformation_day_on_a_saturday_across_the_change_to_winter_time",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("at", "zone", "calendar", "opens", "closes"), THANK_YOU_WINDOWS)
def test_thank_you_window_never_opens_on_a_holiday(
    at: str, zone: str, calendar: str | None, opens: str, closes: str
) -> None:
    start, end, _ = thank_you_window(make_notes(at, zone), Policy(holidays=calendar))
    assert (start.isoformat(), end.isoformat()) == (opens, closes)
    assert start.tzinfo is ZoneInfo(zone)


def test_the_reason_names_the_holiday_that_moved_the_window() -> None:
    notes = make_notes("2026-11-25T14:00-05:00", "America/New_York")
    advice = next_follow_up(
        notes, now=datetime.fromisoformat("2026-11-25T16:00-05:00"), policy=Policy(holidays="US")
    )
    assert advice.reason == (
        "Send your thank-you between Friday 27 November 2026, 09:00 EST and Saturday 28 "
        "November 2026, 09:00 EST: waiting a little after the interview gives them time to "
        "consider you without feeling rushed, and a message that would arrive on a public "
        "holiday (Thanksgiving Day) waits for a working morning."
    )


# (thank-you sent, decision date, calendar, reminder opens, the reason's clause); the
# interview was two days before the thank-you.
REMINDERS = [
    pytest.param(
        "2026-11-24T10:00-05:00", None, "US", "2026-11-27T09:00:00-05:00",
        "a message that would arrive on a public holiday (Thanksgiving Day) waits for a "
        "working morning",
        id="us_reminder_due_on_thanksgiving",
    ),
    # The day is the interview zone's: 20:00 in New York is already the next day in UTC.
    pytest.param(
        "2026-11-24T20:00-05:00", None, "US", "2026-11-27T09:00:00-05:00",
        "a message that would arrive on a public holiday (Thanksgiving Day) waits for a "
        "working morning",
        id="us_reminder_due_on_thanksgiving_evening",
    ),
    pytest.param(
        "2026-09-04T20:00-04:00", None, "US", "2026-09-08T09:00:00-04:00",
        "a message that would arrive on a weekend waits for a working morning",
        id="us_reminder_due_on_sunday_evening_before_labor_day",
    ),
    pytest.param(
        "2026-11-23T10:00-05:00", "2026-11-25", "US", "2026-11-27T09:00:00-05:00",
        "not earlier, because they expect a decision by Wednesday 25 November 2026",
        id="us_day_after_the_decision_date_is_thanksgiving",
    ),
    pytest.param(
        "2026-11-23T10:00-05:00", "2026-11-25", None, "2026-11-26T09:00:00-05:00",
        "not earlier, because they expect a decision by Wednesday 25 November 2026",
        id="us_decision_date_without_a_calendar",
    ),
    pytest.param(
        "2026-07-02T10:00-04:00", None, "US", "2026-07-06T09:00:00-04:00",
        "a message that would arrive on a weekend waits for a working morning",
        id="us_independence_day_on_a_saturday_is_a_weekend_day",
    ),
    pytest.param(
        "2026-12-23T10:00-05:00", None, "US", "2026-12-28T09:00:00-05:00",
        "a message that would arrive on a public holiday (Christmas Day) waits for a working "
        "morning",
        id="us_christmas_then_the_weekend",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("sent", "decision", "calendar", "opens", "clause"), REMINDERS)
def test_reminder_window_never_opens_on_a_holiday(
    sent: str, decision: str | None, calendar: str | None, opens: str, clause: str
) -> None:
    extra = {} if decision is None else {"decision_expected_by": decision}
    interview = datetime.fromisoformat(sent) - timedelta(days=2)
    notes = make_notes(interview.isoformat(), "America/New_York", **extra)
    history = [{"event": "sent", "kind": "thank_you", "at": sent}]
    now = datetime.fromisoformat(sent) + timedelta(minutes=5)
    advice = next_follow_up(notes, history, now=now, policy=Policy(holidays=calendar))
    assert advice.action == "send_reminder"
    assert advice.not_before is not None
    assert advice.not_before.isoformat() == opens
    assert f"; {clause}. " in advice.reason


def test_holiday_names_are_english_whatever_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    from followup_mail.policy import _holiday_days

    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    _holiday_days.cache_clear()
    try:
        notes = make_notes("2026-11-17T15:00+01:00", "Europe/Berlin")
        now = datetime.fromisoformat("2026-11-17T16:00+01:00")
        advice = next_follow_up(notes, now=now, policy=Policy(holidays="DE-SN"))
    finally:
        _holiday_days.cache_clear()
    assert "a public holiday (Repentance and Prayer Day) waits" in advice.reason


@pytest.mark.parametrize(
    ("at", "calendar", "message"),
    [
        pytest.param(
            "2199-12-24T15:00-05:00", "US",
            "The holiday calendar 'US' covers the years 1777 to 2100, and the timing rules "
            "need Wednesday 25 December 2199; leave holidays out of the policy for such a date.",
            id="after_its_last_year",
        ),
        pytest.param(
            "1985-06-03T15:00-04:00", "DE-SN",
            "The holiday calendar 'DE-SN' covers the years 1991 to 2100, and the timing rules "
            "need Tuesday 4 June 1985; leave holidays out of the policy for such a date.",
            id="before_its_first_year",
        ),
    ],
)  # fmt: skip
def test_a_date_outside_the_calendars_years_is_a_timing_error(
    at: str, calendar: str, message: str
) -> None:
    notes = make_notes(at, "America/New_York")
    with pytest.raises(TimingError) as caught:
        thank_you_window(notes, Policy(holidays=calendar))
    assert str(caught.value) == message
    thank_you_window(notes, Policy())  # without a calendar the date is fine


@pytest.mark.parametrize(
    ("at", "calendar", "opens"),
    [
        pytest.param("1991-01-01T15:00-05:00", "DE-SN", "1991-01-02T15:00:00-05:00",
                     id="the_first_year_of_de"),
        pytest.param("2100-11-24T14:00-05:00", "US", "2100-11-26T09:00:00-05:00",
                     id="thanksgiving_in_the_last_year_of_us"),
    ],
)  # fmt: skip
def test_the_calendars_first_and_last_years_are_covered(at: str, calendar: str, opens: str) -> None:
    start, _, _ = thank_you_window(make_notes(at, "America/New_York"), Policy(holidays=calendar))
    assert start.isoformat() == opens


# --- invalid calendars -------------------------------------------------------------------

INVALID = [
    pytest.param(
        "XX",
        "'XX' is not a holiday calendar; use an ISO 3166-1 country code in capitals such "
        "as 'US', 'GB' or 'DE', optionally with a subdivision as in 'DE-SN'",
        id="unknown_country",
    ),
    pytest.param(
        "us",
        "'us' is not a holiday calendar; use an ISO 3166-1 country code in capitals such "
        "as 'US', 'GB' or 'DE', optionally with a subdivision as in 'DE-SN'",
        id="lower_case",
    ),
    pytest.param(
        "",
        "'' is not a holiday calendar; use an ISO 3166-1 country code in capitals such "
        "as 'US', 'GB' or 'DE', optionally with a subdivision as in 'DE-SN'",
        id="empty",
    ),
    pytest.param(
        "GB-XYZ",
        "'GB-XYZ' names an unknown subdivision of GB; its subdivisions are: ENG, NIR, SCT, WLS",
        id="unknown_subdivision",
    ),
    pytest.param(
        "GB-",
        "'GB-' names an unknown subdivision of GB; its subdivisions are: ENG, NIR, SCT, WLS",
        id="empty_subdivision",
    ),
    pytest.param(
        "US\n-X",
        "'US\\n-X' is not a holiday calendar; use an ISO 3166-1 country code in capitals "
        "such as 'US', 'GB' or 'DE', optionally with a subdivision as in 'DE-SN'",
        id="control_character_escaped",
    ),
    pytest.param(
        "SE-X", "'SE-X' names an unknown subdivision of SE; its subdivisions are: none",
        id="country_without_subdivisions",
    ),
]


@pytest.mark.parametrize(("code", "message"), INVALID)
def test_an_unknown_calendar_is_refused_naming_it_and_what_is_accepted(
    code: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Policy(holidays=code)
    assert caught.value.errors()[0]["msg"] == f"Value error, {message}"


@pytest.mark.parametrize(("code", "message"), INVALID[:4])
def test_an_unknown_calendar_in_pyproject_is_a_timing_error(
    tmp_path: Path, code: str, message: str
) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f'[tool.followup-mail.timing]\nholidays = "{code}"\n', encoding="utf-8")
    with pytest.raises(TimingError) as caught:
        Policy.from_pyproject(path)
    assert str(caught.value) == f"{path}: [tool.followup-mail.timing] holidays: {message}."


def test_holidays_in_pyproject_must_be_a_string(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.followup-mail.timing]\nholidays = 1\n", encoding="utf-8")
    with pytest.raises(TimingError) as caught:
        Policy.from_pyproject(path)
    assert str(caught.value) == (
        f'{path}: [tool.followup-mail.timing] holidays: must be a calendar code such as "US" '
        'or "DE-SN", not an integer.'
    )


def test_holidays_from_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.followup-mail.timing]\nholidays = "DE-SN"\nthank-you-expires = 240\n',
        encoding="utf-8",
    )
    assert Policy.from_pyproject(path) == Policy(
        holidays="DE-SN", thank_you_expires=timedelta(days=10)
    )


def test_the_default_policy_knows_no_holidays() -> None:
    assert Policy().holidays is None


def test_a_policy_with_holidays_stays_frozen_and_serialises_to_json() -> None:
    policy = Policy(holidays="GB-ENG", weekend=(4, 5))
    assert Policy.model_validate_json(policy.model_dump_json()) == policy
    assert '"holidays":"GB-ENG"' in policy.model_dump_json()
    with pytest.raises(ValidationError):
        policy.holidays = "US"  # type: ignore[misc]


# --- the command line --------------------------------------------------------------------


def test_cli_next_holidays_moves_the_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = EXAMPLES / "notes.json"
    data = notes.read_text(encoding="utf-8").replace(
        "2026-11-24T14:00:00-05:00", "2026-11-25T14:00:00-05:00"
    )
    wednesday = tmp_path / "notes.json"
    wednesday.write_text(data, encoding="utf-8")
    now = "2026-11-25T15:00:00-05:00"
    assert main(["next", str(wednesday), "--now", now]) == 0
    assert "not before: Thu 26 Nov 2026 14:00 EST\n" in capsys.readouterr().out
    assert main(["next", str(wednesday), "--now", now, "--holidays", "US"]) == 0
    out = capsys.readouterr().out
    assert "not before: Fri 27 Nov 2026 09:00 EST\n" in out
    assert "(Thanksgiving Day)" in out


@pytest.mark.parametrize(
    ("options", "drafts"),
    [
        pytest.param(["--interviewer", "Ana Lima"], 1, id="one_thank_you"),
        pytest.param([], 3, id="a_thank_you_for_each_interviewer"),
        # The thank-you went out Tuesday: the reminder is due on Thanksgiving, 48 h later.
        pytest.param(
            ["--kind", "reminder", "--sent-at", "2026-11-24T09:00:00-05:00",
             "--now", "2026-11-24T10:00:00-05:00"],
            3, id="a_reminder_for_each_interviewer",
        ),
    ],
)  # fmt: skip
def test_cli_draft_holidays_moves_the_drafts_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], drafts: int
) -> None:
    data = (EXAMPLES / "notes.json").read_text(encoding="utf-8")
    if "--kind" not in options:  # an interview on the Wednesday before Thanksgiving
        data = data.replace("2026-11-24T14:00:00-05:00", "2026-11-25T14:00:00-05:00")
    else:  # an interview on the Monday
        data = data.replace("2026-11-24T14:00:00-05:00", "2026-11-23T14:00:00-05:00")
    notes = tmp_path / "notes.json"
    notes.write_text(data, encoding="utf-8")
    argv = ["draft", str(notes), "--format", "json", *options]
    assert main(argv) == 0
    assert '"send_after": "2026-11-27T09:00:00-05:00"' not in capsys.readouterr().out
    assert main([*argv, "--holidays", "US"]) == 0
    out = capsys.readouterr().out
    assert out.count('"send_after": "2026-11-27T09:00:00-05:00"') == drafts


@pytest.mark.parametrize("command", ["next", "draft"])
def test_cli_unknown_holidays_is_one_error_line_and_exit_2(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([command, str(EXAMPLES / "notes.json"), "--holidays", "XX"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "error: argument --holidays: 'XX' is not a holiday calendar; use an ISO 3166-1 "
        "country code in capitals such as 'US', 'GB' or 'DE', optionally with a subdivision "
        f"as in 'DE-SN' (see 'followup-mail {command} --help')\n"
    )


# --- the property --------------------------------------------------------------------------

CALENDARS = ["US", "GB", "GB-SCT", "DE-SN", "DE-BY", "FR", "JP", "NZ"]
ZONES = ["America/New_York", "Europe/London", "Europe/Berlin", "Pacific/Auckland", "Asia/Tokyo"]


@settings(max_examples=150, deadline=None)  # about 10 ms an example
@given(
    calendar=st.sampled_from(CALENDARS),
    zone=st.sampled_from(ZONES),
    # Every day of 2026 to 2028, holidays and daylight-saving changes included.
    day=st.integers(0, 3 * 366),
    minute=st.integers(0, 24 * 60 - 1),
    delay=st.integers(0, 96),
    reminder=st.integers(1, 240),
    weekend=st.sets(st.integers(0, 6), max_size=5),
    morning=st.builds(time, st.integers(0, 23), st.sampled_from([0, 30])),
)
def test_a_window_never_opens_on_a_weekend_or_a_holiday_of_the_calendar(
    calendar: str,
    zone: str,
    day: int,
    minute: int,
    delay: int,
    reminder: int,
    weekend: set[int],
    morning: time,
) -> None:
    policy = Policy(
        holidays=calendar,
        weekend=tuple(weekend),
        morning=morning,
        thank_you_delay=timedelta(hours=delay),
        reminder_delay=timedelta(hours=reminder),
    )
    start = datetime(2026, 1, 1, tzinfo=ZoneInfo(zone)) + timedelta(days=day, minutes=minute)
    notes = make_notes(start.isoformat(), zone)
    country, _, subdivision = calendar.partition("-")
    public = holidays.country_holidays(country, subdiv=subdivision or None)

    def closed(moment: datetime) -> bool:
        local: date = moment.astimezone(ZoneInfo(zone)).date()
        return local.weekday() in weekend or local in public

    opens, _, _ = thank_you_window(notes, policy)
    assert not closed(opens)
    sent = opens + timedelta(minutes=minute)
    history = [{"event": "sent", "kind": "thank_you", "at": sent.isoformat()}]
    advice = next_follow_up(notes, history, now=sent, policy=policy)
    assert advice.not_before is not None
    assert not closed(advice.not_before)
