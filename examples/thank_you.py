"""Draft a thank-you note from interview notes and print it, ready to paste.

    python examples/thank_you.py [NOTES.json] [INTERVIEWER]

Without arguments it uses ``notes.json`` beside this file and the first interviewer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from followup_mail import draft_thank_you, load_notes

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    notes = load_notes(argv[0] if argv else HERE / "notes.json")
    draft = draft_thank_you(notes, argv[1] if len(argv) > 1 else None)
    to = f"{draft.to.name} <{draft.to.email}>" if draft.to.email else draft.to.name
    print(f"From: {draft.sender.name} <{draft.sender.email}>")
    print(f"To: {to}")
    print(f"Subject: {draft.subject}")
    print()
    print(draft.body)
    print(
        f"Send between {draft.send_after:%a %d %b %Y %H:%M} and "
        f"{draft.send_before:%a %d %b %Y %H:%M} ({draft.send_after:%Z})."
        if draft.send_before
        else f"Send after {draft.send_after:%a %d %b %Y %H:%M}."
    )
    if draft.lint.findings:
        print("Lint:")
        for finding in draft.lint.findings:
            print(f"  {finding.code} {finding.name}: {finding.message}")
    else:
        print("Lint: no findings.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
