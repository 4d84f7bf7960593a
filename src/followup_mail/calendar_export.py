"""Send windows as calendar files (RFC 5545), so that a reminder finds the user.

:meth:`Advice.to_ics <followup_mail.Advice.to_ics>` and
:meth:`Draft.to_ics <followup_mail.Draft.to_ics>` give the bytes of a calendar holding
one ``VEVENT`` that spans the send window, built with the ``icalendar`` package:

- a ``VEVENT``, not a ``VTODO``: every calendar that imports ``.ics`` files shows events,
  while to-dos are dropped by several (Google Calendar and Outlook among them);
- times in the interview's IANA zone with its ``VTIMEZONE`` (the zone's rules around the
  window); notes that give only a UTC offset name no zone, so their times are in UTC;
- a ``VALARM`` when the window opens; ``TRANSP:TRANSPARENT``, as a window is not a
  meeting and keeps no one busy;
- a ``UID`` hashed from the notes (candidate, company, role, interview time), the kind
  and the interviewers, so that importing a newer file updates the event instead of
  adding a second one; the hash keeps names and addresses out of the identifier;
- a ``DTSTAMP`` equal to the window's start: the same advice gives the same bytes (``-o``
  leaves such a file unchanged), and a later window, after a new message, a later stamp.

A ``stop`` advice has no window: asking for its calendar raises :class:`NoSendWindow`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .models import InterviewNotes
from .vocabulary import Kind

__all__ = ["summary", "uid", "window_calendar"]

_PRODID = "-//followup_mail//Follow-up send windows//EN"
_WORDS: dict[Kind, str] = {"thank_you": "thank-you", "reminder": "reminder"}
# The VTIMEZONE covers the window and a day either side: enough for any reader to map
# its times, and a few lines instead of the zone's whole history.
_MARGIN = timedelta(days=1)


def uid(notes: InterviewNotes, kind: Kind, people: Sequence[str]) -> str:
    """The event's stable identifier: the same interview, kind and people, the same UID."""
    key = json.dumps(
        [
            notes.candidate.email or notes.candidate.name,
            notes.company,
            notes.role,
            notes.interviewed_at.astimezone(UTC).isoformat(),
            kind,
            [name.casefold() for name in people],
        ],
        ensure_ascii=False,
    )
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@followup-mail"


def summary(notes: InterviewNotes, kind: Kind, people: Sequence[str]) -> str:
    """'Send your thank-you to Ana Lima (Northwind Analytics)'."""
    return f"Send your {_WORDS[kind]} to {_names(people)} ({notes.company})"


def _names(people: Sequence[str]) -> str:
    if len(people) == 1:
        return people[0]
    return f"{', '.join(people[:-1])} and {people[-1]}"


def window_calendar(
    notes: InterviewNotes,
    kind: Kind,
    people: Sequence[str],
    start: datetime,
    end: datetime,
    description: str,
) -> bytes:
    """The calendar of one send window, *start* to *end*, for *people* of *notes*."""
    import icalendar

    zone = ZoneInfo(notes.timezone) if notes.timezone is not None else UTC
    start, end = start.astimezone(zone), end.astimezone(zone)
    title = summary(notes, kind, people)

    calendar = icalendar.Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    if notes.timezone is not None:
        calendar.add_component(
            icalendar.Timezone.from_tzid(
                notes.timezone,
                first_date=(start - _MARGIN).date(),
                last_date=(end + _MARGIN).date(),
            )
        )
    event = icalendar.Event()
    event.add("uid", uid(notes, kind, people))
    event.add("dtstamp", start.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", title)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", timedelta(0), parameters={"RELATED": "START"})
    event.add_component(alarm)
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
