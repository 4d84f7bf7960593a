"""The vocabulary is written once (``followup_mail.vocabulary``), and every place that
offers or checks one of its words agrees with it: the command line's choices, the history
parser, the linter's kinds, categories and severities, the rule codes, the draft markers."""

from __future__ import annotations

import argparse
import doctest
from datetime import datetime
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_mail import (
    FollowupMailError,
    HistoryError,
    InterviewNotes,
    LintConfig,
    LintConfigError,
    draft_thank_you,
    lint,
    parse_history,
    vocabulary,
)
from followup_mail.cli import build_parser
from followup_mail.lint import rules
from followup_mail.lint.report import Finding
from followup_mail.policy import SentEvent
from followup_mail.vocabulary import (
    CATEGORIES,
    CATEGORY_DIGITS,
    DEFAULT_KIND,
    DEFAULT_TONE,
    DRAFT_MARKERS,
    KINDS,
    SEVERITIES,
    category_of_code,
)

SENT_AT = "2026-11-25T15:00:00-05:00"


# -- the words themselves ---------------------------------------------------------------


def test_the_kinds_are_thank_you_then_reminder() -> None:
    assert KINDS == ("thank_you", "reminder")
    assert DEFAULT_KIND == "thank_you"


def test_each_category_has_the_digit_its_codes_start_with() -> None:
    assert dict(CATEGORY_DIGITS) == {
        "length": 1,
        "pushy": 2,
        "generic": 3,
        "tone": 4,
        "placeholder": 5,
        "gratitude": 6,
        "interest": 7,
        "personalization": 8,
        "garbled": 9,
    }
    assert tuple(CATEGORY_DIGITS) == CATEGORIES


def test_the_digit_table_cannot_be_changed_at_run_time() -> None:
    with pytest.raises(TypeError):
        CATEGORY_DIGITS["grammar"] = 10  # type: ignore[index]


def test_severities_run_from_most_to_least_severe() -> None:
    assert SEVERITIES == ("error", "warning", "info")


def test_the_default_tone_is_warm() -> None:
    assert DEFAULT_TONE == "warm"


def test_the_draft_markers_are_the_words_writers_leave_to_fill_in() -> None:
    assert DRAFT_MARKERS == ("INSERT", "TODO", "TBD", "TBA", "XXX", "FIXME", "TKTK")


def test_the_module_docstring_examples_hold() -> None:
    result = doctest.testmod(vocabulary)
    assert (result.failed, result.attempted) == (0, 2)


# -- rule codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("FM101", "length"),
        ("FM201", "pushy"),
        ("FM310", "generic"),
        ("FM405", "tone"),
        ("FM504", "placeholder"),
        ("FM601", "gratitude"),
        ("FM701", "interest"),
        ("FM801", "personalization"),
        ("FM999", "garbled"),
    ],
)
def test_a_code_names_its_category_by_its_first_digit(code: str, category: str) -> None:
    assert category_of_code(code) == category


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("FM001", "The rule code 'FM001' starts with 0, which is no category's digit (1 to 9)."),
        ("", "The rule code '' is not FM and three digits."),
        ("FM20", "The rule code 'FM20' is not FM and three digits."),
        ("FM2010", "The rule code 'FM2010' is not FM and three digits."),
        ("fm201", "The rule code 'fm201' is not FM and three digits."),
        ("FMx01", "The rule code 'FMx01' is not FM and three digits."),
        ("FM\u0662\u0660\u0661", "The rule code 'FM\u0662\u0660\u0661' is not FM and three "
         "digits."),
        ("FM201\n", "The rule code 'FM201\\n' is not FM and three digits."),
    ],
)
def test_a_malformed_code_is_refused_by_name(code: str, message: str) -> None:
    with pytest.raises(LintConfigError) as caught:
        category_of_code(code)
    assert str(caught.value) == message


@settings(max_examples=200)
@given(st.one_of(st.text(max_size=8), st.from_regex(r"FM[0-9]{3}", fullmatch=True)))
def test_any_text_is_a_category_or_a_lint_config_error(code: str) -> None:
    try:
        category = category_of_code(code)
    except LintConfigError:
        return
    assert CATEGORY_DIGITS[category] == int(code[2])
    assert code.startswith("FM")
    assert len(code) == 5


def test_every_rule_code_starts_with_its_category_digit() -> None:
    loaded = rules()
    assert loaded
    for rule in loaded:
        assert category_of_code(rule.code) == rule.category, rule.code


def test_every_category_has_rules_and_no_rule_has_another() -> None:
    assert sorted({rule.category for rule in rules()}, key=CATEGORIES.index) == list(CATEGORIES)


def test_every_severity_in_the_rules_is_a_vocabulary_severity() -> None:
    assert {rule.severity for rule in rules()} <= set(SEVERITIES)


# -- the places that offer or check the words -------------------------------------------


def _choices(command: str, option: str) -> object:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in sub.choices[command]._actions if option in a.option_strings)
    return action.choices, action.default


@pytest.mark.parametrize("command", ["draft", "lint"])
def test_the_command_line_offers_the_kinds(command: str) -> None:
    assert _choices(command, "--kind") == (KINDS, DEFAULT_KIND)


def test_the_command_line_drafts_in_the_default_tone() -> None:
    assert _choices("draft", "--tone") == (None, DEFAULT_TONE)


def test_the_command_line_refuses_another_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["lint", "-", "--kind", "cover_letter"])
    assert caught.value.code == 2
    assert "invalid choice: 'cover_letter' (choose from 'thank_you', 'reminder')" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("kind", KINDS)
def test_history_accepts_each_kind(kind: str) -> None:
    events = [{"event": "sent", "kind": "thank_you", "at": SENT_AT}]
    if kind == "reminder":
        events.append({"event": "sent", "kind": "reminder", "at": "2026-11-27T15:00:00-05:00"})
    assert parse_history(events)[-1] == SentEvent(
        kind=kind, at=datetime.fromisoformat(events[-1]["at"])  # type: ignore[arg-type]
    )


def test_history_refuses_another_kind_listing_the_kinds() -> None:
    with pytest.raises(HistoryError) as caught:
        parse_history([{"event": "sent", "kind": "cover_letter", "at": SENT_AT}])
    assert str(caught.value) == (
        "history[0] (sent cover_letter at 2026-11-25T15:00:00-05:00): unknown kind "
        "'cover_letter'; expected 'thank_you' or 'reminder'."
    )


@pytest.mark.parametrize("kind", KINDS)
def test_lint_takes_each_kind(kind: str) -> None:
    report = lint("Thank you for your time, I remain very interested in the role.", kind=kind)  # type: ignore[arg-type]
    assert isinstance(report.ok, bool)


def test_lint_refuses_another_kind() -> None:
    with pytest.raises(FollowupMailError) as caught:
        lint("Thank you.", kind="cover_letter")  # type: ignore[arg-type]
    assert str(caught.value) == "kind must be 'thank_you' or 'reminder', not 'cover_letter'."


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_lint_config_selects_each_category(category: str) -> None:
    enabled = LintConfig(select=[category]).enabled
    assert enabled
    assert {category_of_code(code) for code in enabled} == {category}


def test_the_lint_config_refuses_a_category_the_vocabulary_lacks() -> None:
    with pytest.raises(LintConfigError, match="'grammar' is not a known rule code, name or"):
        LintConfig(select=["grammar"])


@pytest.mark.parametrize("severity", SEVERITIES)
def test_the_lint_config_sets_each_severity(severity: str) -> None:
    config = LintConfig(severity={"pushy": severity})  # type: ignore[dict-item]
    assert {config.enabled[r.code] for r in rules() if r.category == "pushy"} == {severity}


def test_findings_carry_the_vocabulary_categories_and_severities() -> None:
    assert set(get_args(Finding.model_fields["category"].annotation)) == set(CATEGORIES)
    assert set(get_args(Finding.model_fields["severity"].annotation)) == set(SEVERITIES)


@pytest.mark.parametrize("marker", DRAFT_MARKERS)
def test_each_draft_marker_is_flagged_as_written(marker: str) -> None:
    flagged = [f.code for f in lint(f"The start date is {marker}.").findings]
    assert "FM504" in flagged
    plain = [f.code for f in lint(f"The start date is {marker.lower()}.").findings]
    assert "FM504" not in plain


def test_a_draft_is_written_in_the_default_tone(notes: InterviewNotes) -> None:
    assert draft_thank_you(notes).tone == DEFAULT_TONE


# -- one way to find an interviewer -----------------------------------------------------

# Where lint's own lookup (lint/_engine.py) still differs from the rule, until it uses it.
_DIFFERS = pytest.mark.xfail(strict=True, reason="lint still finds an interviewer by its own rule")
LOOKUPS = [
    pytest.param("Chloé Martin", id="full_name"),
    pytest.param(" chloé martin ", id="any_case_and_spaces_around", marks=_DIFFERS),
    pytest.param("Chloé", id="first_name_alone", marks=_DIFFERS),
    pytest.param("Zed", id="unknown_name", marks=_DIFFERS),
    pytest.param(1, id="index"),
    pytest.param(-3, id="negative_index"),
    pytest.param(3, id="index_past_the_end", marks=_DIFFERS),
]


def _outcome(find: object, which: object) -> tuple[str, str]:
    try:
        find(which)  # type: ignore[operator]
    except (FollowupMailError, TypeError) as error:
        return type(error).__name__, str(error)
    return "found", ""


@pytest.mark.parametrize("which", LOOKUPS)
def test_lint_finds_an_interviewer_by_the_rule_drafts_use(
    notes: InterviewNotes, which: str | int
) -> None:
    """``InterviewNotes.interviewer`` is the rule (drafts, the CLI, calendars use it): a
    name in any case, or an index; a first name alone is refused, as it can name two
    people on one panel."""
    text = "Thank you for the talk about streaming; I'm very interested in the role."
    assert _outcome(lambda w: lint(text, notes=notes, interviewer=w), which) == _outcome(
        notes.interviewer, which
    )
