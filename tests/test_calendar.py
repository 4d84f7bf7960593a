"""Send windows as calendar files: ``Advice.to_ics``, ``Draft.to_ics`` and the CLI's ``ics``.

Every calendar is read back twice: with ``icalendar`` (which wrote it) and with ``ics``
(an independent parser), checking the zone, start, end, alarm and UID. The embedded
``VTIMEZONE`` is read by a small reader of its own here and must give the zone's offsets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_mail import Advice, Draft, InterviewerNotFound, NoSendWindow, Policy, next_follow_up
from followup_mail.calendar_export import uid
from followup_mail.cli import main
from followup_mail.drafting import draft_reminder, draft_thank_you
from followup_mail.models import InterviewNotes, load_notes

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTES_PATH = EXAMPLES / "notes.json"
NOTES = load_notes(NOTES_PATH)  # Tuesday 24 November 2026, 14:00 in New York
NY = ZoneInfo("America/New_York")
BEFORE = datetime(2026, 11, 24, 15, 0, tzinfo=NY)
EVERYONE = "Ana Lima, Chloé Martin and Raj Patel"


def notes_with(**changes: Any) -> InterviewNotes:
    data: dict[str, Any] = json.loads(NOTES_PATH.read_text(encoding="utf-8"))
    data.update(changes)
    return InterviewNotes.model_validate(data)


def event_of(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert calendar.walk("VTODO") == []
    event: icalendar.Event = events[0]
    return event


def second_reader(data: bytes) -> ics.Event:
    events = list(ics.Calendar(data.decode("utf-8")).events)
    assert len(events) == 1
    event: ics.Event = events[0]
    return event


def vtimezone_offset(data: bytes, instant: datetime) -> timedelta:
    """The UTC offset the file's own VTIMEZONE gives at *instant*: the latest onset wins."""
    zones = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert len(zones) == 1
    onsets: list[tuple[datetime, timedelta]] = []
    for rule in zones[0].subcomponents:
        assert "RRULE" not in rule  # this small reader handles DTSTART and RDATE only
        before = rule.decoded("TZOFFSETFROM")
        after = rule.decoded("TZOFFSETTO")
        starts = [rule.decoded("DTSTART")]
        rdates = rule.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            starts += [period.dt for period in rdate.dts]
        onsets += [(start.replace(tzinfo=UTC) - before, after) for start in starts]
    passed = [onset for onset in sorted(onsets) if onset[0] <= instant]
    assert passed, "the VTIMEZONE does not cover the event"
    return passed[-1][1]


def check_window(
    data: bytes, start: datetime, end: datetime, zone: str, *, second: bool = True
) -> None:
    """Both readers see *start* to *end* in *zone*, an alarm at the start, one UID."""
    event = event_of(data)
    assert event["DTSTART"].params["TZID"] == zone
    assert event["DTEND"].params["TZID"] == zone
    got_start, got_end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (got_start, got_end) == (start, end)
    assert got_start.replace(tzinfo=None) == start.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    for instant in (start, end):
        assert vtimezone_offset(data, instant) == instant.astimezone(ZoneInfo(zone)).utcoffset()
    alarms = event.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0].decoded("TRIGGER") == timedelta(0)
    assert alarms[0]["TRIGGER"].params.get("RELATED", "START") == "START"
    if not second:
        return
    other = second_reader(data)
    assert (other.begin.datetime, other.end.datetime) == (start, end)
    assert other.begin.datetime.utcoffset() == start.astimezone(ZoneInfo(zone)).utcoffset()
    assert [alarm.trigger for alarm in other.alarms] == [timedelta(0)]
    assert other.uid == str(event["UID"])


# --- Advice.to_ics -----------------------------------------------------------------------


def test_advice_calendar_holds_one_event_spanning_the_window() -> None:
    advice = next_follow_up(NOTES, now=BEFORE)
    data = advice.to_ics(NOTES)
    assert advice.not_before is not None
    assert advice.not_after is not None
    check_window(data, advice.not_before, advice.not_after, "America/New_York")
    event = event_of(data)
    assert str(event["SUMMARY"]) == f"Send your thank-you to {EVERYONE} (Northwind Analytics)"
    assert str(event["DESCRIPTION"]) == advice.reason
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event.decoded("DTSTAMP") == advice.not_before.astimezone(UTC)
    assert str(event.walk("VALARM")[0]["ACTION"]) == "DISPLAY"
    assert str(event["UID"]) == uid(NOTES, "thank_you", ["Ana Lima", "Chloé Martin", "Raj Patel"])
    second = second_reader(data)
    assert second.name == f"Send your thank-you to {EVERYONE} (Northwind Analytics)"
    assert second.description == advice.reason


def test_the_readme_examples_calendar_line_by_line() -> None:
    # The UID is pinned: a later version must give the same one, or re-importing a file
    # would add a second event instead of updating the first.
    data = next_follow_up(NOTES, now=BEFORE).to_ics(NOTES, "Ana Lima")
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert lines[:4] == [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//followup_mail//Follow-up send windows//EN",
        "BEGIN:VTIMEZONE",
    ]
    event = lines[lines.index("BEGIN:VEVENT"):]
    assert event == [
        "BEGIN:VEVENT",
        "SUMMARY:Send your thank-you to Ana Lima (Northwind Analytics)",
        "DTSTART;TZID=America/New_York:20261125T140000",
        "DTEND;TZID=America/New_York:20261126T140000",
        "DTSTAMP:20261125T190000Z",
        "UID:38ca0adcdece283287c8a6435890ebed@followup-mail",
        "DESCRIPTION:Send your thank-you between Wednesday 25 November 2026\\, 14:00 EST "
        "and Thursday 26 November 2026\\, 14:00 EST: waiting a little after the interview "
        "gives them time to consider you without feeling rushed.",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Send your thank-you to Ana Lima (Northwind Analytics)",
        "TRIGGER;RELATED=START:P0D",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]  # fmt: skip


def test_advice_calendar_for_one_interviewer() -> None:
    advice = next_follow_up(NOTES, now=BEFORE)
    event = event_of(advice.to_ics(NOTES, "chloé martin"))
    assert str(event["SUMMARY"]) == "Send your thank-you to Chloé Martin (Northwind Analytics)"
    assert str(event["UID"]) == uid(NOTES, "thank_you", ["Chloé Martin"])
    with pytest.raises(InterviewerNotFound, match="no interviewer named 'Nobody'"):
        advice.to_ics(NOTES, "Nobody")


def test_reminder_calendar_across_the_end_of_daylight_saving_time() -> None:
    notes = notes_with(interviewed_at="2026-10-28T14:00:00-04:00")
    sent = datetime(2026, 10, 29, 17, 0, tzinfo=NY)  # reminder due Saturday 31: Monday 2 Nov
    history = [{"event": "sent", "kind": "thank_you", "at": sent.isoformat()}]
    advice = next_follow_up(notes, history, now=sent + timedelta(hours=1))
    assert advice.action == "send_reminder"
    assert advice.not_before == datetime(2026, 11, 2, 9, 0, tzinfo=NY)
    assert advice.not_after is not None
    data = advice.to_ics(notes, "Ana Lima")
    check_window(data, advice.not_before, advice.not_after, "America/New_York")
    assert str(event_of(data)["SUMMARY"]) == (
        "Send your reminder to Ana Lima (Northwind Analytics)"
    )


def test_a_window_after_2037_gets_the_zones_rules_for_that_year() -> None:
    # ``ics`` reads zones through dateutil, which knows no rule past 2037: only icalendar
    # and the file's own VTIMEZONE are read here.
    notes = notes_with(interviewed_at="2075-03-08T14:00:00-05:00")  # a Friday; EDT from 10 March
    advice = next_follow_up(notes, now=datetime(2075, 3, 8, 15, 0, tzinfo=NY))
    assert advice.not_before == datetime(2075, 3, 11, 9, 0, tzinfo=NY)
    assert advice.not_before.utcoffset() == timedelta(hours=-4)
    assert advice.not_after is not None
    data = advice.to_ics(notes)
    check_window(data, advice.not_before, advice.not_after, "America/New_York", second=False)


def test_a_stop_has_no_calendar() -> None:
    advice = next_follow_up(NOTES, now=datetime(2026, 12, 24, 10, 0, tzinfo=NY))
    assert advice.action == "stop"
    with pytest.raises(NoSendWindow) as caught:
        advice.to_ics(NOTES)
    assert str(caught.value) == (
        "The advice is to stop, so there is no send window to put in a calendar: "
        + advice.reason
    )
    assert caught.value.advice is advice


def test_notes_with_only_an_offset_give_utc_times() -> None:
    notes = notes_with(timezone=None, interviewed_at="2026-11-24T14:00:00+05:45")
    advice = next_follow_up(notes, now=datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    data = advice.to_ics(notes)
    assert b"BEGIN:VTIMEZONE" not in data
    assert advice.not_before is not None
    assert b"DTSTART:20261125T081500Z\r\n" in data  # 14:00+05:45 and 24 hours
    event = event_of(data)
    assert event.decoded("DTSTART") == advice.not_before
    assert second_reader(data).begin.datetime == advice.not_before


def test_the_same_advice_gives_the_same_bytes() -> None:
    first = next_follow_up(NOTES, now=BEFORE).to_ics(NOTES)
    again = next_follow_up(NOTES, now=BEFORE + timedelta(hours=2)).to_ics(NOTES)
    assert first == again


def test_a_rebuilt_advice_in_another_offset_is_written_in_the_interview_zone() -> None:
    advice = next_follow_up(NOTES, now=BEFORE)
    rebuilt = Advice.model_validate_json(advice.model_dump_json())
    assert rebuilt.not_before is not None
    assert rebuilt.not_before.tzinfo is not NY
    assert rebuilt.to_ics(NOTES) == advice.to_ics(NOTES)


# --- UID: re-importing updates instead of duplicating -----------------------------------

UID_CHANGES = [
    pytest.param({"interviewed_at": "2026-11-24T15:00:00-05:00"}, id="interview_time"),
    pytest.param({"company": "Contoso"}, id="company"),
    pytest.param({"role": "Data Engineer"}, id="role"),
    pytest.param(
        {"candidate": {"name": "Sam Rivera", "email": "sam@example.org"}}, id="candidate"
    ),
]


def test_uids_are_pinned_across_versions() -> None:
    # Non-ASCII names hashed as UTF-8 text, not as JSON escapes.
    assert uid(NOTES, "thank_you", ["Chloé Martin"]) == (
        "31017e17ed7779d70e056d34d6d79218@followup-mail"
    )
    assert uid(NOTES, "reminder", ["Ana Lima", "Chloé Martin", "Raj Patel"]) == (
        "3db22504139297f6e079eb1ce422efbf@followup-mail"
    )


@pytest.fixture
def local_zone_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone set to New York (``TZ``), restored afterwards."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("local_zone_new_york")
def test_the_local_zone_of_the_process_changes_nothing() -> None:
    data = next_follow_up(NOTES, now=BEFORE).to_ics(NOTES, "Ana Lima")
    assert b"\r\nDTSTAMP:20261125T190000Z\r\n" in data
    assert b"\r\nUID:38ca0adcdece283287c8a6435890ebed@followup-mail\r\n" in data


def test_the_vtimezone_covers_the_window_and_a_day_either_side() -> None:
    data = next_follow_up(NOTES, now=BEFORE).to_ics(NOTES)  # 25 to 26 November
    zone = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]
    onsets = [rule.decoded("DTSTART") for rule in zone.subcomponents]
    assert min(onsets) == datetime(2026, 11, 24, 0, 0)


def test_uid_is_stable_for_the_same_interview_kind_and_interviewer() -> None:
    a = uid(NOTES, "thank_you", ["Ana Lima"])
    assert a == uid(notes_with(topics=["something else"]), "thank_you", ["ana lima"])
    assert a.endswith("@followup-mail")
    assert len(a) == 32 + len("@followup-mail")
    assert a != uid(NOTES, "reminder", ["Ana Lima"])
    assert a != uid(NOTES, "thank_you", ["Raj Patel"])
    assert a != uid(NOTES, "thank_you", ["Ana Lima", "Raj Patel"])
    assert "Ana" not in a
    assert "Northwind" not in a


@pytest.mark.parametrize("change", UID_CHANGES)
def test_uid_changes_with_the_interview(change: dict[str, Any]) -> None:
    assert uid(notes_with(**change), "thank_you", ["Ana Lima"]) != uid(
        NOTES, "thank_you", ["Ana Lima"]
    )


def test_a_later_reminder_window_keeps_the_uid_and_moves_the_stamp() -> None:
    first_sent = datetime(2026, 11, 25, 15, 0, tzinfo=NY)
    history: list[dict[str, str]] = [
        {"event": "sent", "kind": "thank_you", "at": first_sent.isoformat()}
    ]
    policy = Policy(max_reminders=2)
    first = event_of(
        next_follow_up(NOTES, history, now=first_sent, policy=policy).to_ics(NOTES, "Ana Lima")
    )
    reminded = first_sent + timedelta(days=5)
    history.append({"event": "sent", "kind": "reminder", "at": reminded.isoformat()})
    second = event_of(
        next_follow_up(NOTES, history, now=reminded, policy=policy).to_ics(NOTES, "Ana Lima")
    )
    assert second["UID"] == first["UID"]
    assert second.decoded("DTSTART") > first.decoded("DTSTART")
    assert second.decoded("DTSTAMP") > first.decoded("DTSTAMP")


# --- Draft.to_ics ------------------------------------------------------------------------


def test_draft_calendar_spans_the_drafts_window() -> None:
    draft = draft_thank_you(NOTES, "Raj Patel")
    assert draft.send_before is not None
    data = draft.to_ics(NOTES)
    check_window(data, draft.send_after, draft.send_before, "America/New_York")
    event = event_of(data)
    assert str(event["SUMMARY"]) == "Send your thank-you to Raj Patel (Northwind Analytics)"
    assert str(event["UID"]) == uid(NOTES, "thank_you", ["Raj Patel"])
    assert draft.body.endswith("\n")
    assert str(event["DESCRIPTION"]) == (
        "Send the email below to Raj Patel <raj.patel@example.com>.\n\n"
        f"Subject: {draft.subject}\n\n{draft.body[:-1]}"
    )


def test_a_draft_to_someone_without_an_address_names_them_only() -> None:
    notes = notes_with(interviewers=[{"name": "Bo Chen"}])
    draft = draft_thank_you(notes)
    assert draft.to.email is None
    description = str(event_of(draft.to_ics(notes))["DESCRIPTION"])
    assert description.startswith("Send the email below to Bo Chen.\n\nSubject: ")


def test_the_draft_and_the_advice_for_one_interviewer_share_a_uid() -> None:
    draft = draft_thank_you(NOTES, "Ana Lima")
    advice = next_follow_up(NOTES, now=BEFORE)
    assert event_of(draft.to_ics(NOTES))["UID"] == event_of(advice.to_ics(NOTES, 0))["UID"]


def test_a_drafts_own_window_is_kept_whatever_the_policy_passed_to_to_ics() -> None:
    draft = draft_thank_you(NOTES, "Ana Lima", policy=Policy(thank_you_window=12))
    event = event_of(draft.to_ics(NOTES))
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=12)


@pytest.mark.parametrize(
    ("policy", "length"),
    [(None, timedelta(hours=24)), (Policy(reminder_window=6), timedelta(hours=6))],
)
def test_a_draft_to_send_from_now_lasts_the_policys_window(
    policy: Policy | None, length: timedelta
) -> None:
    # They will contact you: the reminder is not advised, so a forced one is sent from now.
    now = datetime(2026, 11, 26, 10, 0, tzinfo=NY)
    history = [
        {"event": "sent", "kind": "thank_you", "at": "2026-11-25T15:00:00-05:00"},
        {"event": "reply", "at": "2026-11-25T16:00:00-05:00", "says": "will_contact"},
    ]
    draft = draft_reminder(NOTES, "Ana Lima", history=history, now=now, force=True)
    assert draft.send_before is None
    event = event_of(draft.to_ics(NOTES, policy=policy))
    assert event.decoded("DTEND") - event.decoded("DTSTART") == length
    assert event.decoded("DTSTART") == draft.send_after


def test_a_late_thank_you_lasts_the_policys_thank_you_window() -> None:
    now = datetime(2026, 11, 28, 10, 0, tzinfo=NY)
    draft = draft_thank_you(NOTES, "Ana Lima", now=now)
    assert draft.send_before is None
    policy = Policy(thank_you_window=12, reminder_window=6)
    event = event_of(draft.to_ics(NOTES, policy=policy))
    assert event.decoded("DTSTART") == now
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=12)


def test_a_draft_with_notes_of_another_interview_is_refused() -> None:
    draft: Draft = draft_thank_you(NOTES, "Ana Lima")
    other = notes_with(interviewers=[{"name": "Bo Chen"}])
    with pytest.raises(InterviewerNotFound, match="no interviewer named 'Ana Lima'"):
        draft.to_ics(other)


# --- windows across daylight-saving changes ---------------------------------------------

ZONES = ["America/New_York", "Europe/London", "Australia/Sydney", "America/Santiago",
         "Pacific/Chatham", "Asia/Kolkata"]  # fmt: skip
CHANGES = [
    datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 11, 1, 6, tzinfo=UTC),
    datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC),
    datetime(2026, 4, 5, 3, tzinfo=UTC), datetime(2026, 10, 4, 2, tzinfo=UTC),
    datetime(2026, 9, 6, 4, tzinfo=UTC),
]  # fmt: skip


def dst_advice(
    zone: str, change: datetime, hours_before: int, delay: int, window: int, reminder: bool
) -> tuple[Advice, InterviewNotes]:
    interview = (change - timedelta(hours=hours_before)).astimezone(ZoneInfo(zone))
    notes = notes_with(interviewed_at=interview.isoformat(), timezone=zone)
    policy = Policy(
        thank_you_delay=timedelta(hours=delay),
        thank_you_window=timedelta(hours=window),
        reminder_delay=timedelta(hours=delay or 1),
        reminder_window=timedelta(hours=window),
    )
    history: list[dict[str, str]] = []
    if reminder:
        history = [{"event": "sent", "kind": "thank_you", "at": interview.isoformat()}]
    return next_follow_up(notes, history, now=interview, policy=policy), notes


# The ics parser takes about 0.12 s a file: the property reads with icalendar and the
# file's VTIMEZONE, and this table with ics too, one window across each zone's change.
@pytest.mark.parametrize(
    ("zone", "change"),
    [
        ("America/New_York", datetime(2026, 11, 1, 6, tzinfo=UTC)),
        ("Europe/London", datetime(2026, 3, 29, 1, tzinfo=UTC)),
        ("Australia/Sydney", datetime(2026, 4, 4, 16, tzinfo=UTC)),
        ("America/Santiago", datetime(2026, 9, 6, 4, tzinfo=UTC)),
        ("Pacific/Chatham", datetime(2026, 4, 4, 14, tzinfo=UTC)),
    ],
)
def test_windows_across_daylight_saving_changes_read_back_in_the_second_reader(
    zone: str, change: datetime
) -> None:
    advice, notes = dst_advice(zone, change, 20, 24, 48, reminder=False)
    assert advice.not_before is not None
    assert advice.not_after is not None
    assert advice.not_before.utcoffset() != notes.interviewed_at.utcoffset()  # it crosses
    check_window(advice.to_ics(notes, 0), advice.not_before, advice.not_after, zone)


@settings(max_examples=40, deadline=None)  # about 50 ms an example
@given(
    zone=st.sampled_from(ZONES),
    change=st.sampled_from([*CHANGES, datetime(2075, 3, 10, 7, tzinfo=UTC)]),
    hours_before=st.integers(0, 96),
    delay=st.integers(0, 72),
    window=st.integers(1, 72),
    reminder=st.booleans(),
)
def test_windows_across_daylight_saving_changes_read_back_the_same(
    zone: str, change: datetime, hours_before: int, delay: int, window: int, reminder: bool
) -> None:
    advice, notes = dst_advice(zone, change, hours_before, delay, window, reminder)
    assert advice.not_before is not None
    assert advice.not_after is not None
    check_window(
        advice.to_ics(notes, 0), advice.not_before, advice.not_after, zone, second=False
    )


# --- the command line ------------------------------------------------------------------


def test_cli_next_format_ics_prints_the_calendar(capsys: pytest.CaptureFixture[bytes]) -> None:
    now = BEFORE.isoformat()
    assert main(["next", str(NOTES_PATH), "--now", now, "--format", "ics"]) == 0
    out = capsys.readouterr().out
    assert out.encode("utf-8") == next_follow_up(NOTES, now=BEFORE).to_ics(NOTES)


def test_cli_next_format_ics_on_a_stop_says_why_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    now = "2026-12-24T10:00:00-05:00"
    assert main(["next", str(NOTES_PATH), "--now", now, "--format", "ics"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("nothing to schedule: Your interview was on Tuesday 24 November")
    assert err.count("\n") == 1


def test_cli_draft_format_ics_writes_an_ics_beside_each_eml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "drafts"
    assert main(["draft", str(NOTES_PATH), "--format", "ics", "-o", str(folder)]) == 0
    stems = ["thank-you-ana-lima", "thank-you-chloe-martin", "thank-you-raj-patel"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{stem}{suffix}" for stem in stems for suffix in (".eml", ".ics")
    )
    for stem, name in zip(stems, ["Ana Lima", "Chloé Martin", "Raj Patel"], strict=True):
        assert (folder / f"{stem}.ics").read_bytes() == draft_thank_you(NOTES, name).to_ics(NOTES)
    assert capsys.readouterr().err.count("wrote ") == 6


def test_cli_draft_format_ics_leaves_calendars_unchanged_on_a_second_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "drafts"
    argv = ["draft", str(NOTES_PATH), "--interviewer", "Ana Lima", "--format", "ics"]
    assert main([*argv, "-o", str(folder)]) == 0
    capsys.readouterr()
    assert main([*argv, "-o", str(folder), "--force"]) == 0
    assert f"unchanged {folder / 'thank-you-ana-lima.ics'}\n" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            None,
            "error: --format ics writes two files per draft (the .eml and its .ics); pass "
            "-o DIR to name the folder for them.\n",
            id="no_folder",
        ),
        pytest.param(
            "file",
            "error: {path}: is a file; with --format ics, -o names a folder to write the .eml "
            "and .ics files in.\n",
            id="a_file",
        ),
    ],
)
def test_cli_draft_format_ics_needs_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str | None, message: str
) -> None:
    argv = ["draft", str(NOTES_PATH), "--format", "ics"]
    path = tmp_path / "out"
    if make is not None:
        path.write_text("x", encoding="utf-8")
        argv += ["-o", str(path)]
    assert main(argv) == 2
    assert capsys.readouterr().err == message.format(path=path)


def test_cli_draft_format_ics_refuses_before_writing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "thank-you-raj-patel.ics").write_bytes(b"someone else's calendar")
    assert main(["draft", str(NOTES_PATH), "--format", "ics", "-o", str(folder)]) == 2
    assert "already exists with different content" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["thank-you-raj-patel.ics"]
