"""The phrasing corpus: notes as people write them give drafts that read right.

Each case of ``corpus.toml`` sets one field of plain notes, drafts, and checks the
fragments the draft must and must not contain. The corpus is the contract of the phrase
grammar (issue 13): a failing case is a bug in the drafts, not in the corpus.
"""

from __future__ import annotations

import copy
import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from followup_mail import InterviewNotes, draft_reminder, draft_thank_you

CORPUS = Path(__file__).with_name("corpus.toml")
CASES: list[dict[str, Any]] = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["case"]

BASE: dict[str, Any] = {
    "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
    "company": "Acme Health",
    "role": "Product Designer",
    "interviewed_at": "2026-11-24T10:00:00-05:00",  # a Tuesday
    "interviewers": [
        {"name": "Ana Lima", "email": "ana@example.com", "topics": ["the patient intake form"]}
    ],
    "strengths": ["usability testing with older adults"],
}

# Never in a draft, whatever the notes, unless the note itself holds it.
GLOBAL_REJECTS = ("..", "?.", "!.", ",.", ":.", ";.", " ,", " .", "  ", "role role",
                  "position position", "position role", "Hi Dr.,", "Dear Dr.,")
# Whole words only: "at AT&T" and "on on-call" are not doubled words.
_DOUBLED = re.compile(r"(?<!\S)(\w+)\s+\1(?!\S)", re.IGNORECASE)


def notes_data(case: dict[str, Any]) -> dict[str, Any]:
    """The plain notes with the case's one field set, as a dict (also read by
    bench/draft_snapshot.py)."""
    data = copy.deepcopy(BASE)
    field, note = case["field"], case["note"]
    person = data["interviewers"][0]
    if field == "topic":
        person["topics"] = [note]
    elif field == "topics":
        person["topics"] = list(note)
    elif field == "strength":
        data["strengths"] = [note]
    elif field in ("role", "company"):
        data[field] = note
    elif field == "material":
        material = {"title": note}
        if case.get("url", True):
            material["url"] = "https://example.com/material"
        data["materials"] = [material]
    elif field == "interviewer":
        person["name"] = note
        if "greeting" in case:
            person["greeting"] = case["greeting"]
    elif field not in ("reminder_days", "thank_you_days"):
        raise AssertionError(f"unknown field {field!r} in {CORPUS.name}")
    return data


def notes_for(case: dict[str, Any]) -> InterviewNotes:
    return InterviewNotes.model_validate(notes_data(case))


def body_for(case: dict[str, Any], tone: str) -> str:
    notes = notes_for(case)
    start = notes.interviewed_at
    if case["field"] == "thank_you_days":
        return draft_thank_you(notes, tone=tone, now=start + timedelta(days=case["note"])).body
    if case.get("kind") == "reminder" or case["field"] == "reminder_days":
        days = case["note"] if case["field"] == "reminder_days" else 1
        sent = start + timedelta(days=days, hours=1)
        return draft_reminder(
            notes, thank_you_sent_at=sent, now=sent + timedelta(days=3), tone=tone, force=True
        ).body
    return draft_thank_you(notes, tone=tone).body


def _id(case: dict[str, Any]) -> str:
    return f"{case['field']}:{case['note']}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_case_reads_right(case: dict[str, Any]) -> None:
    note = str(case["note"])
    for tone in case.get("tones", ["warm", "formal"]):
        body = body_for(case, tone)
        for fragment in case.get("expect", []):
            assert fragment in body, (tone, fragment, body)
        for fragment in case.get("reject", []):
            assert fragment not in body, (tone, fragment, body)
        for fragment in GLOBAL_REJECTS:
            assert fragment not in body or fragment in note, (tone, fragment, body)
        for match in _DOUBLED.finditer(body):
            assert match.group().casefold() in note.casefold(), (tone, match.group(), body)


def test_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 150
    fields = {case["field"] for case in CASES}
    assert fields == {"topic", "topics", "strength", "role", "company", "material",
                      "interviewer", "reminder_days", "thank_you_days"}
    assert all(case.get("expect") for case in CASES)
