"""The phrase grammar, function by function: exact inputs and outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from followup_mail.phrasing import (
    Phrase,
    company_phrase,
    greeting_for,
    material_phrase,
    role_phrase,
    strength_phrase,
    topic_phrase,
)


@pytest.mark.parametrize(
    ("note", "text", "shape"),
    [
        ("redesign the onboarding flow", "redesigning the onboarding flow", "about"),
        ("ran remote usability tests", "running remote usability tests", "about"),
        ("How do you measure design impact?", "how you measure design impact", "about"),
        ("How does the team handle on-call?", "how the team handles on-call", "about"),
        ("Why did you choose Flink?", "why you chose Flink", "about"),
        ("How does the team use review tools?", "how the team uses review tools", "about"),
        ("What is the team's biggest challenge?", "what the team's biggest challenge is",
         "about"),
        ("Is the team remote?", "whether the team is remote", "about"),
        ("We talked about Kafka.", "Kafka", "about"),
        ("We discussed that the team is hiring", "the team is hiring", "that"),
        ("The team is moving to Kafka next year.", "the team is moving to Kafka next year",
         "that"),
        ("Fintech partnerships", "fintech partnerships", "about"),
        ("On-call load", "on-call load", "about"),
        ("AI-assisted code review", "AI-assisted code review", "about"),
        ("Kafka consumer lag", "Kafka consumer lag", "about"),
        ("design reviews", "design reviews", "about"),
        ("Product Roadmap Review", "Product Roadmap Review", "about"),
    ],
)
def test_topic_phrase(note: str, text: str, shape: str) -> None:
    assert topic_phrase(note) == Phrase(text, shape)


@pytest.mark.parametrize(
    ("note", "text", "shape"),
    [
        ("I led the WCAG 2.2 overhaul.", "leading the WCAG 2.2 overhaul", "doing"),
        ("cut incident response time by half", "cutting incident response time by half",
         "doing"),
        ("closed $1.2M in new business", "closing $1.2M in new business", "doing"),
        ("hired 12 engineers", "hiring 12 engineers", "doing"),
        ("drove remote usability tests", "driving remote usability tests", "doing"),
        ("distributed systems", "distributed systems", "area"),
        ("Co-founded a climate startup", "co-founding a climate startup", "doing"),
        ("I was responsible for payments compliance", "responsible for payments compliance",
         "quality"),
        ("Fluent in Spanish", "fluent in Spanish", "quality"),
        ("Five years of experience with React", "five years of experience with React",
         "years"),
        ("8 years in healthcare UX.", "8 years in healthcare UX", "years"),
        ("Deep knowledge of Kafka internals", "deep knowledge of Kafka internals", "mine"),
        ("my background in research", "background in research", "mine"),
        ("healthcare UX", "healthcare UX", "area"),
    ],
)
def test_strength_phrase(note: str, text: str, shape: str) -> None:
    assert strength_phrase(note) == Phrase(text, shape)


@pytest.mark.parametrize(
    ("title", "phrase", "label"),
    [
        ("Portfolio", "my portfolio", "Portfolio"),
        ("Case Study", "my case study", "Case Study"),
        ("Designing Data-Intensive Applications", "Designing Data-Intensive Applications",
         "Designing Data-Intensive Applications"),
        ("billing write-up.", "the billing write-up", "billing write-up"),
        ("Link to my Figma file", "my Figma file", "my Figma file"),
        ("the slides", "the slides", "the slides"),
    ],
)
def test_material_phrase(title: str, phrase: str, label: str) -> None:
    assert material_phrase(title) == (phrase, label)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("Designer role", "Designer"),
        ("the Staff Engineer job", "Staff Engineer"),
        ("UX Researcher.", "UX Researcher"),
        ("position", "position"),
        ("Engineering Manager, Platform", "Engineering Manager, Platform"),
    ],
)
def test_role_phrase(role: str, expected: str) -> None:
    assert role_phrase(role) == expected


@pytest.mark.parametrize(
    ("company", "expected"),
    [("Northwind.", "Northwind"), ("Acme Inc.", "Acme Inc."), ("Yahoo!", "Yahoo!"),
     ("Kraków Robotics Sp. z o.o.", "Kraków Robotics Sp. z o.o."), ("AT&T", "AT&T")],
)
def test_company_phrase(company: str, expected: str) -> None:
    assert company_phrase(company) == expected


@pytest.mark.parametrize(
    ("name", "form", "expected"),
    [
        ("Ana Lima", "first", "Ana"),
        ("Ana Lima", "full", "Ana Lima"),
        ("Dr. Amaka Okafor", "first", "Dr. Okafor"),
        ("Dr. Ana de la Cruz", "full", "Dr. de la Cruz"),
        ("Prof. Dr. Klaus Weber", "first", "Prof. Dr. Weber"),
        ("Dr. Okafor", "first", "Dr. Okafor"),
        ("山田 太郎", "first", "山田 太郎"),
        ("Dr", "first", "Dr"),
        ("Dr", "full", "Dr"),
        ("山田 太郎", "full", "山田 太郎"),
        ("Prof. Dr. Klaus Weber", "full", "Prof. Dr. Weber"),
    ],
)
def test_greeting_for(name: str, form: Literal["first", "full"], expected: str) -> None:
    assert greeting_for(name, form) == expected


def test_word_lists_read_through_the_cache_are_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """phrasing.toml is parsed once per user and read back from the cache folder: the
    same lists, whether the cached copy is fresh, read back or corrupt."""
    import tomllib
    from importlib.resources import files

    from followup_mail import phrasing

    source = tomllib.loads((files("followup_mail") / "phrasing.toml").read_text("utf-8"))
    monkeypatch.setenv("FOLLOWUP_MAIL_CACHE_DIR", str(tmp_path))
    phrasing.words.cache_clear()
    try:
        first = phrasing.words()
        [copy] = tmp_path.glob("toml-phrasing-*.marshal")
        phrasing.words.cache_clear()
        assert phrasing.words() == first
        copy.write_bytes(copy.read_bytes()[:-7])  # cut short
        phrasing.words.cache_clear()
        assert phrasing.words() == first
    finally:
        phrasing.words.cache_clear()
    assert first.function == frozenset(source["function_words"])
    assert first.months == tuple(source["months"])
    assert first.reporting == tuple(sorted(source["reporting"], key=len, reverse=True))
