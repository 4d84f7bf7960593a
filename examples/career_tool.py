"""How a job tracker embeds followup_mail: one JSON record in, drafts and advice out.

    python examples/career_tool.py [RECORD.json]

A record is what the tracker stores for one application::

    {"application": "northwind-dpe",
     "notes": {...InterviewNotes JSON...},
     "history": [{"event": "sent", "kind": "thank_you", "at": "..."}],
     "now": "2026-11-28T10:00:00-05:00"}          # optional; default: the current time

Without an argument it uses a built-in sample (``notes.json`` beside this file). The
output is one JSON object: the next-step advice, and the drafts that advice calls for
(thank-yous for every interviewer, or a reminder each; none after a "stop"), rendered
with the tracker's own templates from ``custom_templates/`` beside this file.
Runs from any folder: every sample file is found relative to this file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from followup_mail import (
    Draft,
    FollowupMailError,
    draft_reminder,
    draft_thank_yous,
    next_follow_up,
    parse_history,
    parse_notes,
)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "custom_templates"


def sample_record() -> dict[str, object]:
    """The built-in record: the example notes, before the thank-you went out."""
    notes = json.loads((HERE / "notes.json").read_text(encoding="utf-8"))
    return {
        "application": "northwind-data-platform-engineer",
        "notes": notes,
        "history": [],
        "now": "2026-11-25T09:00:00-05:00",
    }


def draft_json(draft: Draft) -> dict[str, object]:
    """The draft's documented JSON form (Draft.to_json), with its mailto: link."""
    data: dict[str, object] = json.loads(draft.to_json())
    data["mailto"] = draft.mailto(max_length=None)
    return data


def follow_up(record: dict[str, object], origin: str) -> dict[str, object]:
    """The tracker's one call: what to do next, and the drafts for it."""
    notes = parse_notes(record.get("notes"), origin=f"{origin}: notes")
    history = parse_history(record.get("history", []), origin=origin)
    # ISO 8601 text with an offset, as the tracker stores it; None: the current time.
    now = record.get("now")
    if now is not None and not isinstance(now, str):
        raise FollowupMailError(
            f"{origin}: now must be ISO 8601 text, like 2026-11-28T10:00:00-05:00."
        )
    advice = next_follow_up(notes, history, now=now)
    drafts: list[Draft] = []
    if advice.action == "send_thank_you":
        drafts = draft_thank_yous(notes, templates=TEMPLATES)
    elif advice.action == "send_reminder":
        drafts = [
            draft_reminder(notes, index, history=history, now=now, templates=TEMPLATES)
            for index in range(len(notes.interviewers))
        ]
    return {
        "application": record.get("application"),
        "next": advice.model_dump(mode="json"),
        "drafts": [draft_json(draft) for draft in drafts],
    }


def main(argv: list[str]) -> int:
    try:
        if argv:
            origin = argv[0]
            record = json.loads(Path(origin).read_text(encoding="utf-8"))
        else:
            origin, record = "<sample>", sample_record()
        if not isinstance(record, dict):
            raise FollowupMailError(f"{origin}: a record is a JSON object.")
        result = follow_up(record, origin)
    except (OSError, ValueError) as exc:  # FollowupMailError and JSON errors are ValueErrors
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
