"""A follow-up history: the messages you sent and the replies you got, in order.

:func:`parse_history` validates one, from models or JSON-decoded objects;
:func:`~followup_mail.next_follow_up` reads it to advise what comes next.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from .errors import HistoryError
from .models import MAX_YEAR, MIN_YEAR
from .vocabulary import Kind

__all__ = ["HistoryEvent", "ReplyEvent", "SentEvent", "parse_history"]

SentKind = Kind
ReplySays = Literal["process_ongoing", "will_contact", "decision", "other"]

# The notes' years (models.py), far inside what ``datetime`` holds, so that adding a
# delay, a weekend and a zone offset never overflows.
TIMING_RANGE = f"between the years {MIN_YEAR} and {MAX_YEAR}, the range the timing rules handle"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SentEvent(_Frozen):
    """You sent a message: the thank-you or a reminder."""

    event: Literal["sent"] = "sent"
    kind: SentKind
    at: AwareDatetime


class ReplyEvent(_Frozen):
    """They replied; ``says`` is the gist of it."""

    event: Literal["reply"] = "reply"
    at: AwareDatetime
    says: ReplySays = "other"


HistoryEvent = Annotated[SentEvent | ReplyEvent, Field(discriminator="event")]
"""One event of a follow-up history, told apart by its ``event`` field."""

_EVENT_MODELS: dict[str, type[SentEvent] | type[ReplyEvent]] = {
    "sent": SentEvent,
    "reply": ReplyEvent,
}

_Event = SentEvent | ReplyEvent


def event_label(event: _Event) -> str:
    what = f"sent {event.kind}" if isinstance(event, SentEvent) else "reply"
    return f"{what} at {event.at.isoformat()}"


def quoted(value: object) -> str:
    """User input quoted in a message: one line, and short enough to read."""
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 40 else f"{text[:39]}…"


def _raw_label(raw: Mapping[object, object]) -> str:
    parts = [quoted(raw[key]) for key in ("event", "kind") if key in raw]
    if "at" in raw:
        parts += ["at", quoted(raw["at"])]
    return f" ({' '.join(parts)})" if parts else ""


def _choices(values: Sequence[str]) -> str:
    quoted = [repr(v) for v in values]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def _event_problem(model: type[_Event], exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else "event"
    kind = error["type"]
    if kind == "missing":
        return f"the {field!r} field is missing"
    if kind == "extra_forbidden":
        return f"unknown field {field!r}"
    if kind == "timezone_aware":
        return "the time has no UTC offset; write it like 2026-11-20T15:00:00-05:00"
    if kind == "literal_error":
        expected = model.model_fields[field].annotation
        values: tuple[str, ...] = getattr(expected, "__args__", ())
        return f"unknown {field} {quoted(repr(error['input']))}; expected {_choices(values)}"
    if field == "at":
        return "'at' is not a date and time with a UTC offset, like 2026-11-20T15:00:00-05:00"
    return f"{field}: {error['msg']}"


def in_timing_range(moment: date) -> bool:
    """Whether the timing rules can compute with *moment*: years MIN_YEAR to MAX_YEAR."""
    return MIN_YEAR <= moment.year <= MAX_YEAR


def _parse_event(index: int, raw: object) -> _Event:
    event = _validate_event(index, raw)
    if not in_timing_range(event.at):
        raise HistoryError(f"history[{index}] ({event_label(event)}): is not {TIMING_RANGE}.")
    return event


def _validate_event(index: int, raw: object) -> _Event:
    if isinstance(raw, SentEvent | ReplyEvent):
        return raw
    if not isinstance(raw, Mapping):
        raise HistoryError(
            f"history[{index}]: an event must be an object with an 'event' field, "
            f"not {type(raw).__name__}."
        )
    where = f"history[{index}]{_raw_label(raw)}"
    name = raw.get("event")
    if name is None:
        raise HistoryError(f"{where}: the 'event' field is missing; expected 'sent' or 'reply'.")
    model = _EVENT_MODELS.get(name) if isinstance(name, str) else None
    if model is None:
        raise HistoryError(
            f"{where}: unknown event {quoted(repr(name))}; expected 'sent' or 'reply'."
        )
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise HistoryError(f"{where}: {_event_problem(model, exc)}.") from None


def parse_history(data: object, *, origin: str | None = None) -> tuple[SentEvent | ReplyEvent, ...]:
    """Validate a follow-up history: a list of events, models or JSON-decoded dicts.

    Events must be in the order they happened, and a reminder needs a thank-you before
    it. Errors raise :class:`HistoryError` naming the event (prefixed with *origin*,
    e.g. a file name, when given)::

        [{"event": "sent", "kind": "thank_you", "at": "2026-11-21T16:00:00-05:00"},
         {"event": "reply", "at": "2026-11-23T10:12:00-05:00", "says": "process_ongoing"}]

    >>> parse_history([{"event": "reply", "at": "2026-11-23T10:12:00-05:00"}])[0].says
    'other'
    """
    try:
        return _parse_history(data)
    except HistoryError as exc:
        if origin is None:
            raise
        raise HistoryError(f"{origin}: {exc}") from None


def _parse_history(data: object) -> tuple[_Event, ...]:
    if isinstance(data, str | bytes | Mapping) or not isinstance(data, Sequence):
        raise HistoryError(f"The history must be a list of events, not {type(data).__name__}.")
    events = tuple(_parse_event(index, raw) for index, raw in enumerate(data))
    thanked = False
    for index, event in enumerate(events):
        if index and event.at < events[index - 1].at:
            raise HistoryError(
                f"history[{index}] ({event_label(event)}): is earlier than "
                f"history[{index - 1}] ({event_label(events[index - 1])}); list the events in "
                "the order they happened."
            )
        if isinstance(event, SentEvent):
            if event.kind == "reminder" and not thanked:
                raise HistoryError(
                    f"history[{index}] ({event_label(event)}): a reminder follows a thank-you, "
                    "but no thank-you was sent before it; record your first message "
                    "after the interview as kind 'thank_you'."
                )
            thanked = True
    return events
