"""Shared fixtures: the example notes every test can start from."""

from __future__ import annotations

import copy
import json
import os
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
    """Under mutmut only (bench/mutation.py), each test starts with the module caches
    empty. mutmut runs each mutant in a process forked after the clean run: a plan or
    probe cached then was built by the real code, and the mutant would never run."""
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    from followup_mail import message, models, policy
    from followup_mail.linting import _api, _engine, topics

    _api._plans.clear()
    _api._default = None
    _api._default_plan = None
    _engine._topic_cache.clear()
    for cached in (topics.topic, message._read_back, models._space_run,
                   models._validated_email, policy._default_policy):
        cached.cache_clear()


@pytest.fixture
def notes_data() -> dict[str, Any]:
    """The example panel (three interviewers) as plain JSON data; safe to modify."""
    data: dict[str, Any] = json.loads((EXAMPLES / "notes.json").read_text(encoding="utf-8"))
    return copy.deepcopy(data)


@pytest.fixture
def notes(notes_data: dict[str, Any]) -> InterviewNotes:
    return InterviewNotes.model_validate(notes_data)
