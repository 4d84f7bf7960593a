"""Shared fixtures: the example notes every test can start from."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from followup_mail import InterviewNotes

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# The smallest valid notes, as TOML: one interviewer without an address.
NOTES_TOML = (
    'company = "Acme"\nrole = "Data Engineer"\n'
    "interviewed_at = 2026-11-24T10:00:00-05:00\n"
    '[candidate]\nname = "Sam Rivera"\nemail = "sam@example.com"\n'
    '[[interviewers]]\nname = "Ana Lima"\ntopics = ["the billing pipeline"]\n'
)

# CI runs more examples than a developer's quick loop: HYPOTHESIS_PROFILE=ci.
settings.register_profile(
    "ci", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("sample", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _cold_caches_under_mutmut() -> None:
    """Under mutmut only (bench/mutation.py), each test starts with the package's caches
    empty. mutmut runs each mutant in a process forked after the clean run: a value cached
    then was built by the real code, and the mutant would never run. Every cache of every
    loaded module is cleared, so that a module rewritten or added needs no entry here."""
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith("followup_mail"):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()
    api = sys.modules.get("followup_mail.linting._api")
    if api is not None and hasattr(api, "_default_plan"):
        api._default_plan = None


@pytest.fixture
def notes_data() -> dict[str, Any]:
    """The example panel (three interviewers) as plain JSON data; safe to modify."""
    data: dict[str, Any] = json.loads((EXAMPLES / "notes.json").read_text(encoding="utf-8"))
    return copy.deepcopy(data)


@pytest.fixture
def notes(notes_data: dict[str, Any]) -> InterviewNotes:
    return InterviewNotes.model_validate(notes_data)


@pytest.fixture(scope="module")
def acme() -> InterviewNotes:
    """Notes with two interviewers and their topics, for the lint tests."""
    return InterviewNotes.model_validate({
        "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
        "company": "Acme", "role": "Data Platform Engineer",
        "interviewed_at": "2026-11-24T10:00:00-05:00",
        "interviewers": [
            {"name": "Ana Lima", "topics": ["moving the nightly batch jobs to streaming",
                                             "the on-call rotation"]},
            {"name": "Bo Chen", "topics": ["the cost of the Snowflake warehouse"]},
        ],
        "strengths": ["migrating the billing pipeline to Flink"],
    })
