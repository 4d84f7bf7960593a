"""Draft the one reminder to send when your thank-you got no reply, or say why not to.

    python examples/reminder.py [NOTES.json] [THANK_YOU_SENT_AT]

THANK_YOU_SENT_AT is an ISO 8601 time with an offset (default: 24 hours after the
interview). The timing rules decide when the reminder may go out; when they advise
against one (they replied, said they will contact you...), the reason is printed instead.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

from followup_mail import FollowUpNotAdvised, draft_reminder, load_notes

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    notes = load_notes(argv[0] if argv else HERE / "notes.json")
    sent_at = (
        datetime.fromisoformat(argv[1])
        if len(argv) > 1
        else notes.interviewed_at + timedelta(hours=24)
    )
    try:
        # `now` is when you run this; pass the real time in your own code (the default).
        draft = draft_reminder(notes, thank_you_sent_at=sent_at, now=sent_at + timedelta(days=2))
    except FollowUpNotAdvised as advice:
        print(f"No reminder: {advice}")
        return 1
    print(f"Subject: {draft.subject}\n")
    print(draft.body)
    print(f"Send from {draft.send_after:%a %d %b %Y %H:%M %Z}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
