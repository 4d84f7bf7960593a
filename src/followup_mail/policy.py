"""When to follow up after an interview, and when not to.

:func:`next_follow_up` reads the interview notes and what has happened since (the
*history*: messages you sent, replies you got) and returns an :class:`Advice`: send the
thank-you, send a reminder, or stop, with the window to send in and a reason a person
can read. Nothing is ever sent automatically.

The rules are those of ``docs/rules.md``: wait 24 to 48 hours before the thank-you
(rule 1); one brief reminder 48 hours later if no reply came, but wait when they say the
process is ongoing (rule 8); no more messages after that (P1); no reminder when they said
they will contact you (P2); keep applying elsewhere and be patient (P3 and P4).
:class:`Policy` holds the figures, so a caller can choose others (e.g. the 5 to 7
business days other career sources suggest).

Decisions the rules leave open:

- "48 hours" is elapsed time: across a daylight-saving change the wall-clock time
  shifts by an hour. Times that are named by the clock (the Monday 09:00 after a
  weekend, the morning after a decision date) are local wall time in the interview's
  zone.
- A window is ``not_before`` to ``not_before + window``, also after a weekend shift.
- A late thank-you or reminder is still advised, with a reason that says it is late:
  one brief, polite message is welcome later too; it is more messages that backfire.
- Several thank-yous are fine (one per panel interviewer); a reminder counts from the
  last message sent, so a thank-you sent early simply starts the clock early.
- A reminder with no thank-you before it is a :class:`HistoryError`: the first message
  after an interview is the thank-you, so record it as one.
- A reply ends the follow-ups, but a thank-you is still right after a reply that is not
  a decision (e.g. a recruiter's "we'll be in touch" on the same day).
- Weekend days are the policy's, and so are public holidays: ``Policy(holidays="US")``
  names a calendar of the ``holidays`` package (a country, or a country and a
  subdivision such as ``"DE-SN"``); without one, no holiday is known. A day outside the
  years that calendar covers (most end in 2100) raises a :class:`TimingError` rather
  than passing for a working day. A day is judged in the interview's zone, never in UTC.
- A thank-you expires ``thank_you_expires`` after the interview (7 days by default),
  but never while its window is still open: past that, the advice is ``stop``, since a
  thank-you would look odd so late. Once a thank-you went out, the reminder rules apply
  as before.
- A morning that the clock skips (a daylight-saving gap, or a whole day as in
  ``Pacific/Apia`` on 30 December 2011) opens at the next instant that exists: when the
  clock jumps past it. If that instant is on a weekend day, the window opens on the next
  other day's morning instead. A morning that occurs twice (a fold) opens at the first
  of the two that is not earlier than the window was due.
- The timing rules handle the years 1970 to 2199, the notes' own range: an interview,
  *now*, an event or a decision date in another year raises a :class:`TimingError` (a
  :class:`HistoryError` for an event) instead of an arithmetic overflow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import HistoryError, NoSendWindow, TimingError
from .history import (
    TIMING_RANGE,
    HistoryEvent,
    ReplyEvent,
    SentEvent,
    event_label,
    in_timing_range,
    parse_history,
    quoted,
)
from .models import InterviewNotes, aware_datetime, error_text, parse_notes
from .vocabulary import Kind

if TYPE_CHECKING:
    from holidays import HolidayBase

# The history's names stay importable from here, where they were first defined.
__all__ = [
    "Advice",
    "HistoryEvent",
    "Policy",
    "ReplyEvent",
    "SentEvent",
    "next_follow_up",
    "parse_history",
    "thank_you_window",
]

Action = Literal["send_thank_you", "send_reminder", "stop"]

# Long enough for any real hiring process; short enough that no arithmetic overflows.
_MAX_DURATION = timedelta(days=90)
_DURATION_RANGE = "must be a positive duration of at most 90 days"
_DELAY_RANGE = "must be a positive duration of at most 90 days, or zero"



def _hours(value: object) -> object:
    """Read a bare number as hours, as ``pyproject.toml`` does (pydantic would read seconds)."""
    if isinstance(value, bool):
        raise ValueError("must be a duration, not a boolean")
    if isinstance(value, int | float):
        # Checked before ``timedelta`` sees it, where inf and huge numbers overflow (the
        # comparison is exact for any int, and false for nan); ``_positive`` does the rest.
        if not abs(value) <= _MAX_DURATION / timedelta(hours=1):
            raise ValueError(_DURATION_RANGE)
        return timedelta(hours=value)
    return value


Duration = Annotated[timedelta, BeforeValidator(_hours)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Policy(_Frozen):
    """The timing figures; the defaults are F1 to F5 of ``docs/rules.md``.

    Durations are :class:`~datetime.timedelta` values, ISO 8601 strings (``"PT48H"``) or
    numbers of hours, each positive and at most 90 days (a number that is not finite is
    refused too); ``thank_you_delay`` may also be zero (send the same day).
    ``weekend`` holds weekday numbers (Monday is 0) and ``holidays`` a calendar code
    (``"US"``, ``"GB"``, ``"DE-SN"``: ISO 3166, as the ``holidays`` package knows them); a send
    window that would open on a weekend day or a public holiday opens at ``morning`` on
    the next business day, or when the clock jumps past a ``morning`` it skips, if that
    is a business day too. ``thank_you_expires`` is how long after the interview a
    thank-you still makes sense.

    >>> Policy(reminder_delay=120).reminder_delay
    datetime.timedelta(days=5)
    """

    thank_you_delay: Duration = Field(
        default=timedelta(hours=24), description="Interview to the thank-you window (rule 1)."
    )
    thank_you_window: Duration = Field(
        default=timedelta(hours=24), description="How long the thank-you window stays open."
    )
    reminder_delay: Duration = Field(
        default=timedelta(hours=48), description="Last message sent to the reminder (rule 8)."
    )
    reminder_window: Duration = Field(
        default=timedelta(hours=24), description="How long the reminder window stays open."
    )
    max_reminders: int = Field(
        default=1,
        ge=0,
        le=3,
        description="Reminders after the thank-you; more read as desperate (P1).",
    )
    morning: time = Field(
        default=time(9, 0), description="Local time a window opens after a weekend."
    )
    weekend: tuple[int, ...] = Field(
        default=(5, 6), description="Weekday numbers (Monday 0) when no window opens."
    )
    holidays: str | None = Field(
        default=None,
        description="Public holidays on which no window opens: an ISO 3166 country code, "
        "optionally with a subdivision ('US', 'GB', 'DE-SN').",
    )
    thank_you_expires: Duration = Field(
        default=timedelta(days=7),
        description="Interview to the point past which a thank-you would look odd.",
    )

    @field_validator("thank_you_window", "reminder_delay", "reminder_window", "thank_you_expires")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if not timedelta(0) < value <= _MAX_DURATION:
            raise ValueError(_DURATION_RANGE)
        return value

    @field_validator("thank_you_delay")
    @classmethod
    def _zero_or_positive(cls, value: timedelta) -> timedelta:
        # Zero: some sources say "the same day" (issue 17); the default stays 24 h.
        if not timedelta(0) <= value <= _MAX_DURATION:
            raise ValueError(_DELAY_RANGE)
        return value

    @field_validator("holidays")
    @classmethod
    def _known_calendar(cls, value: str | None) -> str | None:
        if value is not None:
            _holiday_days(value)  # raises ValueError naming what is accepted
        return value

    @field_validator("morning")
    @classmethod
    def _local_time(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise ValueError("must be a local time of day without a UTC offset")
        return value

    @field_validator("weekend")
    @classmethod
    def _weekdays(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        days = sorted(set(value))
        if any(not 0 <= day <= 6 for day in days):
            raise ValueError("must hold weekday numbers from 0 (Monday) to 6 (Sunday)")
        if len(days) == 7:
            raise ValueError("must leave at least one weekday to send on")
        return tuple(days)

    @classmethod
    def from_pyproject(cls, path: str | PathLike[str] = "pyproject.toml") -> Policy:
        """Read ``[tool.followup-mail.timing]`` from a ``pyproject.toml``.

        Keys are the field names in kebab-case; durations are numbers of hours::

            [tool.followup-mail.timing]
            reminder-delay = 120   # 5 days
            weekend = [4, 5]       # Friday and Saturday
            morning = 08:30:00
            holidays = "US"        # no window opens on a US federal holiday
            thank-you-expires = 240

        A missing table gives the defaults. Errors raise :class:`TimingError`
        naming the file and the key.
        """
        import tomllib

        where = _escaped(str(path))
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise TimingError(f"{where}: cannot read the file ({exc.strerror}).") from None
        except ValueError:
            raise TimingError(f"{where}: cannot read the file (a NUL in its path).") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TimingError(
                f"{where}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset "
                f"{exc.start}); TOML files are UTF-8."
            ) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise TimingError(f"{where}: not valid TOML: {exc}.") from None
        except RecursionError:
            # tomllib parses nested arrays and inline tables recursively.
            raise TimingError(
                f"{where}: not valid TOML: arrays or inline tables are nested too deeply."
            ) from None
        table: dict[str, object] = data
        names = ("tool", "followup-mail", "timing")
        for depth, key in enumerate(names, 1):
            value = table.get(key, {})
            if not isinstance(value, dict):
                raise TimingError(f"{where}: [{'.'.join(names[:depth])}] must be a table.")
            table = value
        section = f"[{'.'.join(names)}]"
        fields = {}
        for key, value in table.items():
            name = key.replace("-", "_")
            if name not in cls.model_fields:
                known = ", ".join(sorted(n.replace("_", "-") for n in cls.model_fields))
                raise TimingError(
                    f"{where}: {section} has an unknown key {quoted(repr(key))}; "
                    f"the keys are {known}."
                )
            expected = _toml_expected(cls.model_fields[name].annotation, value)
            if expected is not None:
                raise TimingError(
                    f"{where}: {section} {key}: must be {expected}, not {_toml_type(value)}."
                )
            fields[name] = value
        try:
            return cls.model_validate(fields)
        except ValidationError as exc:
            # Every check is a field's, so every error has the field's name first.
            first = exc.errors()[0]
            key = str(first["loc"][0]).replace("_", "-")
            raise TimingError(f"{where}: {section} {key}: {error_text(first['msg'])}.") from None


def _escaped(text: str) -> str:
    """A file name fit for a one-line message: control characters escaped, not obeyed."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _toml_type(value: object) -> str:
    """What a TOML value is, in the TOML specification's words."""
    if isinstance(value, list):
        odd = next((item for item in value if not _is_int(item)), None)
        return "an array" if odd is None else f"an array holding {_toml_kind(odd)}"
    return _toml_kind(value)


def _toml_kind(value: object) -> str:
    kinds: tuple[tuple[type, str], ...] = (
        (bool, "a boolean"), (int, "an integer"), (float, "a float"), (str, "a string"),
        (datetime, "a date-time"), (date, "a date"), (time, "a time"), (list, "an array"),
        (dict, "a table"),
    )  # fmt: skip
    return next(name for kind, name in kinds if isinstance(value, kind))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _toml_expected(annotation: object, value: object) -> str | None:
    """What a timing setting of this type must be in TOML, when *value* is not that."""
    if annotation is timedelta:
        if _is_int(value) or isinstance(value, float | str):
            return None
        return 'a number of hours or an ISO 8601 duration such as "PT48H"'
    if annotation is time:
        if isinstance(value, time | str):
            return None
        return "a local time such as 09:00:00"
    if annotation is int:
        return None if _is_int(value) else "an integer"
    if annotation == str | None:
        return None if isinstance(value, str) else 'a calendar code such as "US" or "DE-SN"'
    if isinstance(value, list) and all(_is_int(item) for item in value):
        return None
    return "an array of weekday numbers (integers)"


@cache
def _default_policy() -> Policy:
    """The default figures (``docs/rules.md``, F1 to F5), built once on first use."""
    return Policy()


def _policy(policy: Policy | None) -> Policy:
    if policy is None:
        return _default_policy()
    if not isinstance(policy, Policy):
        raise TypeError(f"policy must be a Policy or None, not {type(policy).__name__}")
    return policy


class Advice(_Frozen):
    """What to do next, when, and why.

    For a send, ``not_before`` and ``not_after`` bound the window, in the interview's
    zone; they are in the past when the message is late. For ``stop`` both are ``None``.
    """

    action: Action
    not_before: AwareDatetime | None
    not_after: AwareDatetime | None
    reason: str = Field(min_length=1)

    def to_ics(self, notes: InterviewNotes, interviewer: str | int | None = None) -> bytes:
        """An RFC 5545 calendar with the send window as one event (see ``calendar_export``).

        *notes* are those the advice is for (they give the zone, the names and the
        event's UID); *interviewer* narrows the event to one of them.

        :raises NoSendWindow: for a ``stop`` advice, with its reason.
        :raises InterviewerNotFound: when *interviewer* is not in the notes.
        """
        from .calendar_export import window_calendar

        if self.not_before is None or self.not_after is None:
            raise NoSendWindow(
                f"The advice is to stop, so there is no send window to put in a calendar: "
                f"{self.reason}",
                advice=self,
            )
        kind: Kind = "thank_you" if self.action == "send_thank_you" else "reminder"
        people = (
            [person.name for person in notes.interviewers]
            if interviewer is None
            else [notes.interviewer(interviewer).name]
        )
        return window_calendar(notes, kind, people, self.not_before, self.not_after, self.reason)

    @model_validator(mode="after")
    def _window_matches_action(self) -> Advice:
        if self.action == "stop":
            if self.not_before is not None or self.not_after is not None:
                raise ValueError("a 'stop' advice has no send window")
        elif self.not_before is None or self.not_after is None:
            raise ValueError(f"a {self.action!r} advice needs not_before and not_after")
        elif self.not_after <= self.not_before:
            raise ValueError("not_after must be later than not_before")
        return self


# --- time arithmetic ------------------------------------------------------------------


def _after(moment: datetime, delay: timedelta, zone: tzinfo) -> datetime:
    """``moment + delay`` as elapsed time (``datetime + timedelta`` would add wall time)."""
    return (moment.astimezone(UTC) + delay).astimezone(zone)


def _closed(day: date, policy: Policy) -> bool:
    """Whether no window may open on *day*: a weekend day or a public holiday."""
    if policy.holidays is not None:
        calendar = _holiday_days(policy.holidays)
        # Past its years the package knows no holiday at all: say so rather than guess.
        if not calendar.start_year <= day.year <= calendar.end_year:
            raise TimingError(
                f"The holiday calendar {policy.holidays!r} covers the years "
                f"{calendar.start_year} to {calendar.end_year}, and the timing rules need "
                f"{_day(day)}; leave holidays out of the policy for such a date."
            )
        if day in calendar:
            return True
    return day.weekday() in policy.weekend


def _next_open_day(day: date, policy: Policy) -> date:
    """*day*, or the first day after it on which a window may open."""
    while _closed(day, policy):
        day += timedelta(days=1)
    return day


@cache
def _holiday_days(code: str) -> HolidayBase:
    """The public holidays of the calendar *code* (``"US"``, ``"DE-SN"``), built once per code.

    :raises ValueError: for a code the ``holidays`` package does not know, naming what it
        accepts (pydantic and :meth:`Policy.from_pyproject` add the field's name).
    """
    import holidays  # only a policy that names a calendar pays for importing it

    supported = holidays.list_supported_countries()
    country, dash, subdivision = code.partition("-")
    if country not in supported:
        raise ValueError(
            f"{quoted(repr(code))} is not a holiday calendar; use an ISO 3166-1 country code "
            "in capitals such as 'US', 'GB' or 'DE', optionally with a subdivision as in 'DE-SN'"
        )
    subdivisions: list[str] = supported[country]
    if dash and subdivision not in subdivisions:
        listed = ", ".join(subdivisions) if subdivisions else "none"
        raise ValueError(
            f"{quoted(repr(code))} names an unknown subdivision of {country}; "
            f"its subdivisions are: {listed}"
        )
    # English names, whatever the locale, for the reasons (a calendar without English
    # names keeps its own).
    return holidays.country_holidays(country, subdiv=subdivision or None, language="en_US")


_MICROSECOND = timedelta(microseconds=1)


def _first_instant_at(wall: datetime, zone: tzinfo, since: datetime | None) -> datetime:
    """The first instant at which the clock in *zone* reads the naive *wall* time or later.

    That is *wall* itself when it exists, and the instant the clock jumps past it when it
    falls in a gap (a skipped hour or day). When the clock reads *wall* twice (a fold),
    it is the first of the two that is not before *since*: a fold across midnight (as in
    St. John's until 2010, or Casey in 2010) shows a morning once before a weekend
    evening is shown again.
    """
    # For a time in a fold, fold=0 gives the earlier instant. For a time in a gap, fold=0
    # maps it with the offset before the jump, so to an instant after the gap, and fold=1
    # with the offset after, so to an instant before it.
    fold0 = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    fold1 = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    for moment in (fold0, fold1):
        if _reading(moment, zone) == wall and (since is None or moment >= since):
            return moment.astimezone(zone)
    # The jump: the clock reads less than *wall* at ``before`` and more at ``after``.
    # Halve the interval down to the microsecond.
    before, after = fold1, fold0
    while after - before > _MICROSECOND:
        middle = before + (after - before) // 2
        if _reading(middle, zone) < wall:
            before = middle
        else:
            after = middle
    return after.astimezone(zone)


def _reading(moment: datetime, zone: tzinfo) -> datetime:
    """What the clock in *zone* shows at *moment*, as a naive datetime."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _open_morning(day: date, zone: tzinfo, policy: Policy, since: datetime | None) -> datetime:
    """The first ``morning`` on or after *day* that is not on a closed day (nor before *since*).

    A morning the clock skips opens when the clock jumps past it, unless that instant
    is on a closed day, in which case the next open day's morning is tried.
    """
    while True:
        day = _next_open_day(day, policy)
        start = _first_instant_at(datetime.combine(day, policy.morning), zone, since)
        if not _closed(start.date(), policy):
            return start
        day = start.date()  # a closed day: the loop moves on to the next open one


def _off_weekend(moment: datetime, zone: tzinfo, policy: Policy) -> tuple[datetime, bool]:
    """A window that would open on a weekend opens the next business morning."""
    local = moment.astimezone(zone)
    if not _closed(local.date(), policy):
        return local, False
    return _open_morning(local.date(), zone, policy, moment), True


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _day(day: date) -> str:
    """A locale-independent, readable date: 'Friday 27 November 2026'."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _when(moment: datetime) -> str:
    """A locale-independent, readable time: 'Monday 23 November 2026, 09:00 EST'."""
    name = moment.tzname() or ""
    if name[:1] in ("+", "-"):  # pydantic's fixed offsets are named "-05:00"
        name = f"UTC{name}"
    return f"{_day(moment.date())}, {moment:%H:%M} {name}".rstrip()


# --- advice ---------------------------------------------------------------------------

_PATIENCE = "Be patient, and keep applying elsewhere meanwhile."

_STOP_REASONS: dict[str, str] = {
    "decision": "They told you their decision, so there is nothing left to follow up; "
    "if their message calls for an answer, reply to it directly.",
    "process_ongoing": "They said the process is ongoing, so wait for their update "
    f"instead of sending a reminder. {_PATIENCE}",
    "will_contact": f"They said they will contact you; respect that and send no reminder. "
    f"{_PATIENCE}",
    "other": "They replied, so no reminder is needed; answer their message if it asks "
    f"for something, then wait for their next step. {_PATIENCE}",
    "will_contact_you": "They said they will contact you: a thank-you was right, but a "
    f"reminder is not. {_PATIENCE}",
    "no_reminders": f"Your timing policy allows no reminder after the thank-you. {_PATIENCE}",
    "one_reminder": "You already sent a reminder; another message would be over-following "
    f"and can make you seem desperate. {_PATIENCE}",
    "reminders": "You have already sent {count} reminders, the most your timing policy "
    f"allows; more would be over-following. {_PATIENCE}",
}


def _stop(reason: str) -> Advice:
    return Advice(action="stop", not_before=None, not_after=None, reason=reason)


def _window_text(message: str, start: datetime, end: datetime, now: datetime) -> str:
    """The first sentence of a send advice, without its full stop."""
    if now < start:
        return f"Send your {message} between {_when(start)} and {_when(end)}"
    if now <= end:
        return f"Send your {message} now, before {_when(end)}"
    return (
        f"Your {message} is late (the window closed {_when(end)}), but it is still worth "
        "sending now: a brief, polite message is welcome later too"
    )


def next_follow_up(
    notes: InterviewNotes | Mapping[str, object] | str | bytes,
    history: Sequence[SentEvent | ReplyEvent | Mapping[str, object]] = (),
    *,
    now: datetime | str | None = None,
    policy: Policy | None = None,
) -> Advice:
    """Advise the next follow-up after an interview: a thank-you, a reminder, or stop.

    :param history: what happened since the interview, oldest first (see
        :func:`parse_history`); events must lie between the interview and *now*.
    :param notes: anything :func:`~followup_mail.parse_notes` takes.
    :param now: an aware datetime or ISO 8601 text with a UTC offset; by default the
        current time in the interview's zone.
    :param policy: the timing figures; by default those of ``docs/rules.md``.
    :raises HistoryError: for a malformed, misplaced or out-of-order event, or one
        outside the years 1970 to 2199.
    :raises TimingError: for a *now* without a UTC offset, or a *now*, interview or
        decision date outside the years 1970 to 2199.

    >>> from followup_mail.models import InterviewNotes
    >>> notes = InterviewNotes.model_validate({
    ...     "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
    ...     "company": "Acme", "role": "Data Engineer",
    ...     "interviewed_at": "2026-11-20T15:00:00-05:00", "timezone": "America/New_York",
    ...     "interviewers": [{"name": "Ana Lima"}],
    ... })
    >>> advice = next_follow_up(notes, now=datetime.fromisoformat("2026-11-20T16:00-05:00"))
    >>> advice.action, advice.not_before.isoformat()
    ('send_thank_you', '2026-11-23T09:00:00-05:00')
    """
    notes = parse_notes(notes)
    policy = _policy(policy)
    zone = _interview_zone(notes)
    now = datetime.now(zone) if now is None else aware_datetime(now, "now")
    if not in_timing_range(now):
        raise TimingError(f"now ({now.isoformat()}) is not {TIMING_RANGE}.")
    now = now.astimezone(zone)
    events = parse_history(history)
    for index, event in enumerate(events):
        if event.at < notes.interviewed_at:
            raise HistoryError(
                f"history[{index}] ({event_label(event)}): is before the interview "
                f"({notes.interviewed_at.isoformat()})."
            )
        if event.at > now:
            raise HistoryError(
                f"history[{index}] ({event_label(event)}): is later than now ({now.isoformat()}); "
                "the history can only hold what already happened."
            )

    replies = [event for event in events if isinstance(event, ReplyEvent)]
    sent = [event for event in events if isinstance(event, SentEvent)]
    reminders = sum(event.kind == "reminder" for event in sent)

    if any(reply.says == "decision" for reply in replies):
        return _stop(_STOP_REASONS["decision"])
    if not sent:
        return _thank_you(notes, now, policy, replied=bool(replies))
    if replies:
        return _stop(_STOP_REASONS[replies[-1].says])
    if notes.will_contact_you:
        return _stop(_STOP_REASONS["will_contact_you"])
    if reminders >= policy.max_reminders:
        if reminders == 0:
            return _stop(_STOP_REASONS["no_reminders"])
        if reminders == 1:
            return _stop(_STOP_REASONS["one_reminder"])
        return _stop(_STOP_REASONS["reminders"].format(count=reminders))
    return _reminder(notes, sent[-1].at, reminders, zone, now, policy)


def thank_you_window(
    notes: InterviewNotes, policy: Policy | None = None
) -> tuple[datetime, datetime, bool]:
    """The thank-you's window (``not_before``, ``not_after``) and whether a weekend moved it.

    The same window :func:`next_follow_up` advises when no thank-you has been sent.

    :raises TimingError: for an interview outside the years 1970 to 2199.
    """
    policy = _policy(policy)
    zone = _interview_zone(notes)
    # Rule 1 in docs/rules.md: 24 to 48 hours after the interview; not on a weekend.
    start, shifted = _off_weekend(
        _after(notes.interviewed_at, policy.thank_you_delay, zone), zone, policy
    )
    return start, _after(start, policy.thank_you_window, zone), shifted


def _interview_zone(notes: InterviewNotes) -> tzinfo:
    """The interview's zone, once its time is known to be in the range the rules handle."""
    if not in_timing_range(notes.interviewed_at):
        raise TimingError(
            f"interviewed_at ({notes.interviewed_at.isoformat()}) is not {TIMING_RANGE}."
        )
    zone: tzinfo = notes.zone
    return zone


def _thank_you(notes: InterviewNotes, now: datetime, policy: Policy, *, replied: bool) -> Advice:
    start, end, shifted = thank_you_window(notes, policy)
    # Never expired while the window is open (a long delay, a holiday week).
    expires = max(_after(notes.interviewed_at, policy.thank_you_expires, notes.zone), end)
    if now > expires:
        return _stop(_expired(notes, policy, replied=replied))
    reason = _window_text("thank-you", start, end, now)
    if now < start:
        reason += (
            ": waiting a little after the interview gives them time to consider you "
            "without feeling rushed"
        )
        if shifted:
            due = _after(notes.interviewed_at, policy.thank_you_delay, notes.zone).date()
            reason += f", and {_moved(due, policy)}"
    reason += "."
    if replied:
        reason += " They have already written to you, so you can thank them in your answer."
    if notes.will_contact_you:
        reason += " They said they will contact you, so send no reminder after it."
    return Advice(action="send_thank_you", not_before=start, not_after=end, reason=reason)


def _moved(due: date, policy: Policy) -> str:
    """Why a window opens later than *due*: a weekend day, or which public holiday."""
    if due.weekday() not in policy.weekend and policy.holidays is not None:
        name = _holiday_days(policy.holidays).get(due)
        if name is not None:
            return (
                f"a message that would arrive on a public holiday ({name}) waits for a "
                "working morning"
            )
    return "a message that would arrive on a weekend waits for a working morning"


def _span(duration: timedelta) -> str:
    """'7 days', '1 day', '36 hours', '90 minutes': a duration as a person says it."""
    for unit, size in (("day", timedelta(days=1)), ("hour", timedelta(hours=1))):
        if duration % size == timedelta(0):
            count = duration // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    minutes = duration / timedelta(minutes=1)
    return f"{minutes:g} minutes"


def _expired(notes: InterviewNotes, policy: Policy, *, replied: bool) -> str:
    """Why no thank-you is advised any more, and what to do instead."""
    reason = (
        f"Your interview was on {_day(notes.interviewed_at.date())}, more than "
        f"{_span(policy.thank_you_expires)} ago, so a thank-you now would look odd."
    )
    if replied:
        return reason + (
            " They have written to you: answer their message, and thank them for their "
            f"time there in one line. {_PATIENCE}"
        )
    if notes.will_contact_you:
        return reason + f" They said they will contact you, so wait for them. {_PATIENCE}"
    return reason + (
        " Instead, if you have not heard from them, send one brief note that asks about "
        f"the next steps and says you are still interested. {_PATIENCE}"
    )


def _reminder(
    notes: InterviewNotes,
    last_sent: datetime,
    reminders: int,
    zone: tzinfo,
    now: datetime,
    policy: Policy,
) -> Advice:
    # Rule 8 in docs/rules.md: 48 elapsed hours after your last message; not on a weekend.
    due = _after(last_sent, policy.reminder_delay, zone)
    start, shifted = _off_weekend(due, zone, policy)
    waits_for: date | None = None
    decision = notes.decision_expected_by
    if decision is not None:
        if not in_timing_range(decision):
            raise TimingError(
                f"decision_expected_by ({decision.isoformat()}) is not {TIMING_RANGE}."
            )
        # Never before a date they gave: the first business morning after it.
        decision_start = _open_morning(decision + timedelta(days=1), zone, policy, None)
        if decision_start > start:
            start, waits_for = decision_start, decision
    end = _after(start, policy.reminder_window, zone)
    if now < start:
        reason = (
            f"No reply yet. If none comes, send one brief reminder between {_when(start)} "
            f"and {_when(end)}"
        )
        if waits_for is not None:
            reason += f"; not earlier, because they expect a decision by {_day(waits_for)}"
        elif shifted:
            reason += f"; {_moved(due.date(), policy)}"
    else:
        reason = "No reply to your message. " + _window_text("reminder", start, end, now)
    reason += ". A short, polite reminder shows your interest without pressing them"
    if policy.max_reminders - reminders == 1:
        reason += "; make it your last message, then be patient"
    reason += ", and keep applying elsewhere meanwhile."
    return Advice(action="send_reminder", not_before=start, not_after=end, reason=reason)
