"""A follow-up history (history.py): events validated from models or decoded JSON."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from followup_mail import history, policy
from followup_mail.errors import HistoryError
from followup_mail.history import ReplyEvent, SentEvent, parse_history

THANKED = {"event": "sent", "kind": "thank_you", "at": "2026-11-18T11:00-05:00"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def reply(when: str, says: str = "other") -> dict[str, str]:
    return {"event": "reply", "at": when, "says": says}


def test_parse_history_reads_json_decoded_events() -> None:
    data = json.loads(
        '[{"event": "sent", "kind": "thank_you", "at": "2026-11-18T11:00:00-05:00"},'
        ' {"event": "reply", "at": "2026-11-19T09:00:00Z", "says": "process_ongoing"}]'
    )
    assert parse_history(data) == (
        SentEvent(kind="thank_you", at=at("2026-11-18T11:00-05:00")),
        ReplyEvent(at=at("2026-11-19T09:00+00:00"), says="process_ongoing"),
    )


def test_parse_history_accepts_models_and_dicts_mixed() -> None:
    thanks = SentEvent(kind="thank_you", at=at("2026-11-18T11:00-05:00"))
    events = parse_history([thanks, reply("2026-11-19T09:00-05:00")])
    assert events[0] is thanks
    assert events[1] == ReplyEvent(at=at("2026-11-19T09:00-05:00"), says="other")


def test_parse_history_names_the_origin() -> None:
    with pytest.raises(HistoryError) as caught:
        parse_history([{"event": "party"}], origin="history.json")
    assert str(caught.value) == (
        "history.json: history[0] (party): unknown event 'party'; expected 'sent' or 'reply'."
    )


def test_history_events_round_trip_through_json() -> None:
    events = parse_history([THANKED, reply("2026-11-19T09:00-05:00", "will_contact")])
    data = json.loads(json.dumps([event.model_dump(mode="json") for event in events]))
    assert parse_history(data) == events


def test_the_history_names_stay_importable_from_policy() -> None:
    for name in history.__all__:
        assert getattr(policy, name) is getattr(history, name), name
    assert set(history.__all__) <= set(policy.__all__)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            [THANKED, {"event": "sent", "kind": "reminder", "at": "2026-11-17T11:00-05:00"}],
            "history[1] (sent reminder at 2026-11-17T11:00:00-05:00): is earlier than "
            "history[0] (sent thank_you at 2026-11-18T11:00:00-05:00); list the events in "
            "the order they happened.",
        ),
        (
            [{"event": "sent", "kind": "reminder", "at": "2026-11-18T11:00-05:00"}],
            "history[0] (sent reminder at 2026-11-18T11:00:00-05:00): a reminder follows a "
            "thank-you, but no thank-you was sent before it; record your first message after "
            "the interview as kind 'thank_you'.",
        ),
        (
            [{"event": "reply", "at": "2200-01-01T00:00+00:00"}],
            "history[0] (reply at 2200-01-01T00:00:00+00:00): is not between the years 1970 "
            "and 2199, the range the timing rules handle.",
        ),
        ("[]", "The history must be a list of events, not str."),
    ],
)
def test_parse_history_refuses_with_a_sentence_naming_the_event(
    raw: object, message: str
) -> None:
    with pytest.raises(HistoryError) as caught:
        parse_history(raw)
    assert str(caught.value) == message
