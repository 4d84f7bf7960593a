"""Every public function's bad input fails with an error that names the problem.

The table pins each message verbatim (as email-validator's tests do): a change of wording
is a change of the API that users and the CLI print.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from followup_mail import (
    FollowupMailError,
    FollowUpNotAdvised,
    HistoryError,
    InterviewerNotFound,
    InterviewNotes,
    MailtoTooLong,
    NotesError,
    TemplateError,
    draft_reminder,
    draft_thank_you,
    draft_thank_yous,
    lint,
    load_notes,
    next_follow_up,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DATA: dict[str, Any] = json.loads((EXAMPLES / "notes.json").read_text(encoding="utf-8"))
NOTES = InterviewNotes.model_validate(DATA)
DRAFT = draft_thank_you(NOTES)
SENT = datetime(2026, 11, 25, 10, tzinfo=UTC)
LATER = datetime(2026, 12, 5, tzinfo=UTC)
NAIVE = datetime(2026, 12, 5)


def bad(value: object) -> Any:
    return value


CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("draft_thank_you: a path instead of notes", lambda: draft_thank_you("notes.json"),
     NotesError, "notes: notes given as text must be a JSON object; to read a file, use "
     "load_notes(path)."),
    ("draft_thank_yous: notes of the wrong type", lambda: draft_thank_yous(bad(3)),
     NotesError, "notes: notes must be InterviewNotes, a mapping in its JSON shape, or JSON "
     "text, not int."),
    ("draft_thank_you: tone that is not a name", lambda: draft_thank_you(NOTES, tone="../x"),
     FollowupMailError, "tone must be a template name such as 'warm' or 'formal', not '../x'."),
    ("draft_thank_you: tone of the wrong type", lambda: draft_thank_you(NOTES, tone=bad(3)),
     FollowupMailError, "tone must be a template name such as 'warm' or 'formal', not 3."),
    ("draft_thank_you: tone with no template", lambda: draft_thank_you(NOTES, tone="pirate"),
     TemplateError, "There is no 'pirate' tone for thank_you drafts: thank_you/pirate.txt.j2 "
     "was not found. The tones found in the built-in templates are 'formal', 'warm'."),
    ("draft_thank_you: unknown interviewer", lambda: draft_thank_you(NOTES, "Zed"),
     InterviewerNotFound,
     "There is no interviewer named 'Zed'; the notes list 'Ana Lima', 'Chloé Martin', "
     "'Raj Patel'."),
    ("draft_thank_you: index out of range", lambda: draft_thank_you(NOTES, 7),
     InterviewerNotFound, "There is no interviewer at index 7; the notes list 3."),
    ("draft_thank_you: interviewer as bool", lambda: draft_thank_you(NOTES, bad(True)),
     TypeError, "interviewer must be a name (str) or an index (int), not bool"),
    ("draft_thank_you: interviewer as float", lambda: draft_thank_you(NOTES, bad(1.5)),
     TypeError, "interviewer must be a name (str) or an index (int), not float"),
    ("draft_thank_you: missing templates folder",
     lambda: draft_thank_you(NOTES, templates="/nonexistent"),
     TemplateError, "The templates folder /nonexistent does not exist or is not a folder."),
    ("draft_thank_you: policy of the wrong type", lambda: draft_thank_you(NOTES, policy=bad("x")),
     TypeError, "policy must be a Policy or None, not str"),
    ("draft_reminder: naive sent time",
     lambda: draft_reminder(NOTES, thank_you_sent_at=datetime(2026, 11, 25, 10)),
     HistoryError,
     "thank_you_sent_at (2026-11-25T10:00:00) has no UTC offset; pass an aware datetime, "
     "e.g. datetime.now(notes.zone), or text like 2026-11-25T09:00:00-05:00."),
    ("draft_reminder: naive now",
     lambda: draft_reminder(NOTES, thank_you_sent_at=SENT, now=NAIVE),
     FollowupMailError,
     "now (2026-12-05T00:00:00) has no UTC offset; pass an aware datetime, "
     "e.g. datetime.now(notes.zone), or text like 2026-11-25T09:00:00-05:00."),
    ("draft_reminder: bad kind in history",
     lambda: draft_reminder(
         NOTES, history=[{"event": "sent", "kind": "letter", "at": "2026-11-25T10:00:00Z"}]
     ),
     HistoryError,
     "history[0] (sent letter at 2026-11-25T10:00:00Z): unknown kind 'letter'; "
     "expected 'thank_you' or 'reminder'."),
    ("lint: bytes", lambda: lint(bad(b"hi")), TypeError, "text must be a str, not bytes"),
    ("lint: None", lambda: lint(bad(None)), TypeError, "text must be a str, not NoneType"),
    ("lint: subject of the wrong type", lambda: lint("hi", subject=bad(3)),
     TypeError, "subject must be a str or None, not int"),
    ("lint: bad kind", lambda: lint("hi", kind=bad("cover_letter")),
     FollowupMailError, "kind must be 'thank_you' or 'reminder', not 'cover_letter'."),
    ("lint: notes that do not validate", lambda: lint("hi", notes={"company": "Acme"}),
     NotesError, "notes: candidate: is required (and 3 more problems)."),
    ("lint: config of the wrong type", lambda: lint("hi", config=bad({})),
     TypeError, "config must be a LintConfig or None, not dict"),
    ("next_follow_up: naive now", lambda: next_follow_up(NOTES, [], now=NAIVE),
     FollowupMailError,
     "now (2026-12-05T00:00:00) has no UTC offset; pass an aware datetime, "
     "e.g. datetime.now(notes.zone), or text like 2026-11-25T09:00:00-05:00."),
    ("next_follow_up: notes that do not validate",
     lambda: next_follow_up({"company": "Acme"}, [], now=LATER),
     NotesError, "notes: candidate: is required (and 3 more problems)."),
    ("next_follow_up: policy of the wrong type",
     lambda: next_follow_up(NOTES, [], now=LATER, policy=bad("fast")),
     TypeError, "policy must be a Policy or None, not str"),
    ("next_follow_up: history as a string", lambda: next_follow_up(NOTES, bad("sent"), now=LATER),
     HistoryError, "The history must be a list of events, not str."),
    ("next_follow_up: unknown event",
     lambda: next_follow_up(NOTES, [{"event": "called"}], now=LATER),
     HistoryError, "history[0] (called): unknown event 'called'; expected 'sent' or 'reply'."),
    ("load_notes: missing file", lambda: load_notes("/nonexistent/notes.json"),
     NotesError,
     "/nonexistent/notes.json: cannot read the notes file (No such file or directory)."),
    ("load_notes: not a path", lambda: load_notes(bad(3)),
     TypeError, "source must be a path (str or os.PathLike), not int"),
    ("mailto: too long", lambda: DRAFT.mailto(max_length=10),
     MailtoTooLong,
     f"The mailto: link would be {len(DRAFT.mailto(max_length=None))} characters long, more "
     "than the 10 that mail clients reliably accept; use the .eml draft instead or pass a "
     "larger max_length."),
    ("mailto: max_length of the wrong type", lambda: DRAFT.mailto(max_length=bad("x")),
     TypeError, "max_length must be an int or None, not str"),
    ("mailto: max_length below 1", lambda: DRAFT.mailto(max_length=0),
     FollowupMailError, "max_length must be at least 1, not 0."),
]


@pytest.mark.parametrize(("call", "error", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input_gets_an_error_that_names_the_problem(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message
    # One except clause catches every bad input: the library's errors are ValueErrors.
    assert isinstance(caught.value, ValueError | TypeError)


def test_reminder_before_any_thank_you_is_not_advised() -> None:
    with pytest.raises(FollowUpNotAdvised, match="no thank-you has been sent yet") as caught:
        draft_reminder(NOTES, now=LATER)
    assert caught.value.advice is not None


def test_every_case_has_a_name_that_says_which_function() -> None:
    names = [c[0] for c in CASES]
    assert len(set(names)) == len(names)
    public = {"draft_thank_you", "draft_thank_yous", "draft_reminder", "lint", "next_follow_up",
              "load_notes", "mailto"}
    assert {n.split(":")[0] for n in names} == public
