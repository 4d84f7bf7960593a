"""The lint engine at its edges, through :func:`lint`: each limit at and one past its
edge, each exclusion, and how checks that share a text leave each other alone.

Every row pins exact findings (code, field and the text the span covers), so a wrong
engine fails here by name (issue 12: these are the cases a mutation run found unpinned).
"""

from __future__ import annotations

import pytest

from followup_mail.errors import FollowupMailError
from followup_mail.linting import LintConfig, LintReport, lint, rules
from followup_mail.models import InterviewNotes

# Placeholders and tone only: no length, gratitude or interest findings in the way.
SURFACE = LintConfig(select=("tone", "placeholder"))
PLACEHOLDERS = LintConfig(select=("placeholder",))


def spans(report: LintReport, text: str, subject: str | None = None) -> list[tuple[str, str]]:
    """Each finding as (code, the text its span covers), subject findings first."""
    return [
        (f.code, (subject if f.field == "subject" else text)[f.start : f.end])  # type: ignore[index]
        for f in report.findings
    ]


@pytest.fixture(scope="module")
def yahoo() -> InterviewNotes:
    """A company whose name holds an exclamation mark, and a topic of three short words."""
    return InterviewNotes.model_validate({
        "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
        "company": "Yahoo!", "role": "Data Platform Engineer",
        "interviewed_at": "2026-11-24T10:00:00-05:00",
        "interviewers": [{"name": "Ana Lima", "topics": ["ran ETL jobs"]}],
    })


# --- what a finding quotes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("slot", "quoted"),
    [
        pytest.param("[Your " + "x" * 33 + "]", "[Your " + "x" * 33 + "]", id="40_quoted_whole"),
        pytest.param("[Your " + "x" * 34 + "]", "[Your " + "x" * 31 + "...", id="41_cut_to_37"),
    ],
)
def test_a_placeholder_is_quoted_whole_up_to_40_characters(slot: str, quoted: str) -> None:
    """Longer ones are quoted as their first 37 characters and "..."."""
    (finding,) = lint(f"Hi {slot}, thanks.", config=PLACEHOLDERS).findings
    assert finding.message == f'The text "{quoted}" looks like an unfilled template slot.'
    assert (finding.start, finding.end) == (3, 3 + len(slot))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Hi [Your " + "x" * 55 + "], thanks.", ["[Your " + "x" * 55 + "]"],
                     id="bracket_60_characters_inside"),
        pytest.param("Hi [Your " + "x" * 56 + "], thanks.", [], id="bracket_61_characters_inside"),
        pytest.param("Hi [insert a fun fact], thanks.", ["[insert a fun fact]"],
                     id="bracket_insert"),
        pytest.param("Hi [Alpha Beta Gamma Delta Epsilon], thanks.",
                     ["[Alpha Beta Gamma Delta Epsilon]"], id="bracket_five_capitalised_words"),
        pytest.param("Hi [Alpha Beta Gamma Delta Epsilon Zeta], thanks.", [],
                     id="bracket_six_capitalised_words"),
        pytest.param("Hi <A" + "b" * 40 + ">, thanks.", ["<A" + "b" * 40 + ">"],
                     id="angle_41_characters_inside"),
        pytest.param("Hi <A" + "b" * 41 + ">, thanks.", [], id="angle_42_characters_inside"),
        pytest.param("Hi <Strongest>, thanks.", ["<Strongest>"], id="angle_word_that_is_no_tag"),
        pytest.param("Hi INSERT ONE TWO THREE FOUR FIVE, thanks.", ["INSERT ONE TWO THREE FOUR"],
                     id="insert_and_four_words_in_capitals"),
    ],
)
def test_placeholders_at_the_edges_of_their_size(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in lint(text, config=PLACEHOLDERS).findings] == expected


HTML_TAGS = (
    "a", "b", "i", "u", "p", "s", "br", "hr", "em", "strong", "div", "span", "ul", "ol", "li",
    "table", "tr", "td", "th", "code", "pre", "html", "body", "head", "sub", "sup", "small",
    "big", "tt",
)


def test_html_tags_are_not_placeholders_in_any_case() -> None:
    text = " ".join(f"<{t}>x</{t}> <{t.upper()}>x" for t in HTML_TAGS)
    assert lint(text, config=PLACEHOLDERS).findings == ()


# --- phrases --------------------------------------------------------------------------------


def test_a_phrase_is_reported_at_every_place_it_occurs() -> None:
    text = "I am begging you. Please, I am begging you."
    report = lint(text, config=SURFACE)
    assert [(f.code, f.start, f.end) for f in report.findings] == [
        ("FM401", 0, 12), ("FM401", 26, 38),
    ]


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        pytest.param("I'm begging you to consider me.", "FM401", ["I'm begging"],
                     id="the_first_of_two_overlapping"),
        pytest.param("Dear Sir or Madam,", "FM304", ["Dear Sir or Madam"],
                     id="the_longest_of_two_at_one_place"),
        pytest.param("Just checking in on my application.", "FM302", ["Just checking in"],
                     id="the_first_though_the_other_ends_later"),
        pytest.param("I'm begging you to consider me. I am begging you.", "FM401",
                     ["I'm begging", "I am begging"], id="and_a_later_one_apart"),
    ],
)
def test_overlapping_matches_of_one_rule_are_one_finding(
    text: str, code: str, expected: list[str]
) -> None:
    """Several patterns of a rule matching around one place are one finding: the one
    that starts first, and of those the longest."""
    report = lint(text, config=LintConfig(select=(code,)))
    assert [text[f.start : f.end] for f in report.findings] == expected


@pytest.mark.parametrize(
    "text", ["Exciting opportunity, this.", "Motivated by the mission.", "Want to contribute."]
)
def test_a_phrase_that_opens_the_text_counts(text: str) -> None:
    """Each of these restates interest (FM701 is satisfied) by a phrase alone, from the
    text's first character."""
    config = LintConfig(select=("FM701",))
    assert lint(text, config=config).findings == ()
    assert [f.code for f in lint("Joining is why I write.", config=config).findings] == ["FM701"]


@pytest.mark.parametrize("field", ["body", "subject"])
def test_a_lone_surrogate_keeps_the_offsets_of_what_follows(field: str) -> None:
    """A lone surrogate is read as one U+FFFD: the phrase after it is still found where
    it is in the caller's text."""
    text = "\ud800 I am begging you for this job."
    if field == "body":
        report = lint(text, config=SURFACE)
    else:
        report = lint("Thank you.", subject=text, config=SURFACE)
    assert [(f.code, f.field, f.start, f.end) for f in report.findings] == [
        ("FM401", field, 2, 14),
    ]


# --- exclamation marks, draft markers, shouting -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Great! Thanks! Bye!", [("FM404", "!", 13)],
                     id="second_of_three_single_marks"),
        pytest.param(
            "TODO here, not in aTODO or in x_TODO, then TODO.",
            [("FM504", "TODO", 0), ("FM504", "TODO", 43)],
            id="a_marker_inside_a_word_is_not_one",
        ),
        pytest.param("x_TODO then TODO", [("FM504", "TODO", 12)], id="after_an_underscore"),
        pytest.param("aTODO then TODO", [("FM504", "TODO", 11)], id="after_a_letter"),
        pytest.param("see foo_THANK YOU SO MUCH", [], id="capitals_after_an_underscore"),
        pytest.param(
            "x_ABC DEF GHI then THANK YOU SO MUCH", [("FM403", "THANK YOU SO MUCH", 19)],
            id="a_run_after_one_inside_a_word",
        ),
        pytest.param(
            "Our CI/CD WORK PLAN IS GOOD. THANK YOU SO MUCH.",
            [("FM403", "THANK YOU SO MUCH", 29)], id="a_run_after_one_joined_by_a_slash",
        ),
        pytest.param("Hi Ana, THANK YOU for the talk.", [("FM403", "THANK YOU", 8)],
                     id="two_words_are_a_run"),
        pytest.param("THANK YOU SO MUCH.", [("FM403", "THANK YOU SO MUCH", 0)],
                     id="capitals_from_the_first_character"),
        pytest.param(
            "INSERT TOPIC HERE. THANK YOU SO MUCH.",
            [("FM504", "INSERT TOPIC HERE", 0), ("FM403", "THANK YOU SO MUCH", 19)],
            id="a_run_after_a_draft_marker",
        ),
    ],
)
def test_marks_markers_and_capitals_at_their_edges(
    text: str, expected: list[tuple[str, str, int]]
) -> None:
    report = lint(text, config=SURFACE)
    assert [(f.code, text[f.start : f.end], f.start) for f in report.findings] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Done \u2022TODO fix it.", [("FM504", "TODO")], id="after_a_bullet"),
        pytest.param("Done\u2026TODO fix it.", [("FM504", "TODO")], id="after_an_ellipsis"),
        pytest.param("Done \u00e9TODO fix it.", [], id="after_a_letter"),
    ],
)
def test_a_draft_marker_after_a_non_ascii_symbol_is_found(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(lint(text, config=PLACEHOLDERS), text) == expected


# --- long sentences -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "space",
    [pytest.param(" ", id="space"), pytest.param("\t", id="tab"),
     pytest.param("\u00a0", id="no_break_space"), pytest.param("\u2009", id="thin_space")],
)
@pytest.mark.parametrize(("words", "flagged"), [(35, False), (36, True)])
def test_a_sentence_of_more_than_35_words_is_long_whatever_whitespace_parts_them(
    space: str, words: int, flagged: bool
) -> None:
    text = space.join(f"w{i}" for i in range(words)) + "."
    found = lint(text, config=LintConfig(select=("FM104",))).findings
    assert [(f.start, f.end, f.message) for f in found] == (
        [(0, len(text), f"This sentence has {words} words (more than 35); split it.")]
        if flagged else []
    )


# --- slots in parentheses -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "flagged"),
    [pytest.param(12, True, id="12_words"), pytest.param(13, False, id="13_words")],
)
def test_a_slot_in_parentheses_holds_at_most_12_words(words: int, flagged: bool) -> None:
    inner = " ".join(["insert", *(f"w{i}" for i in range(words - 1))])
    report = lint(f"Best, ({inner})", config=PLACEHOLDERS)
    assert [f.code for f in report.findings] == (["FM505"] if flagged else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("(your name)[Name]", [("FM505", "(your name)"), ("FM501", "[Name]")],
                     id="a_bracket_right_after"),
        pytest.param("{{ name }}(your name)", [("FM502", "{{ name }}"), ("FM505", "(your name)")],
                     id="a_template_variable_right_before"),
        pytest.param("<Name>(your name)", [("FM503", "<Name>"), ("FM505", "(your name)")],
                     id="an_angle_slot_right_before"),
        pytest.param(
            "Hi [Name], I want to work on (insert what excites you).",
            [("FM501", "[Name]"), ("FM505", "(insert what excites you)")],
            id="another_slot_elsewhere",
        ),
        pytest.param("Hi %(name)s, thanks.", [("FM502", "%(name)s")],
                     id="inside_a_template_variable"),
    ],
)
def test_a_slot_in_parentheses_next_to_another_slot(
    text: str, expected: list[tuple[str, str]]
) -> None:
    """Only a slot inside another one ("%(name)s") is left to it; touching is not inside."""
    assert spans(lint(text, config=PLACEHOLDERS), text) == expected


# --- one report per slot ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("[Dear] Hiring Manager, thanks.", [("FM501", "[Dear]")],
                     id="a_slot_over_the_start_of_the_salutation"),
        pytest.param("[Dear Hiring] Manager, thanks.", [("FM501", "[Dear Hiring]")],
                     id="a_slot_over_most_of_it"),
        pytest.param(
            "Dear Hiring Manager[Name], thanks.",
            [("FM304", "Dear Hiring Manager"), ("FM501", "[Name]")], id="a_slot_right_after",
        ),
        pytest.param(
            "[Name]Dear Hiring Manager, thanks.",
            [("FM501", "[Name]"), ("FM304", "Dear Hiring Manager")], id="a_slot_right_before",
        ),
    ],
)
def test_a_salutation_a_slot_overlaps_is_the_slot(
    text: str, expected: list[tuple[str, str]]
) -> None:
    """A generic phrase that shares a character with a placeholder is reported as the
    placeholder only; one that merely touches it is reported as well."""
    config = LintConfig(select=("generic", "placeholder"))
    assert spans(lint(text, config=config), text) == expected


# --- checks that are off --------------------------------------------------------------------


@pytest.mark.parametrize("code", [r.code for r in rules() if r.examples_flag])
def test_turning_a_rule_off_removes_its_findings_and_no_other(code: str) -> None:
    """On the rule's first should-flag example, in the body and in the subject, every
    other finding stays: a rule that is off neither runs nor hides what it would have
    covered (a salutation in a slot it would have reported comes back as a salutation)."""
    (rule,) = (r for r in rules() if r.code == code)
    text = rule.examples_flag[0]
    before = lint(text, subject=text)
    after = lint(text, subject=text, config=LintConfig(ignore=(code,)))
    assert code not in {f.code for f in after.findings}
    kept = {(f.code, f.field, f.start, f.end) for f in after.findings}
    assert {(f.code, f.field, f.start, f.end) for f in before.findings if f.code != code} <= kept


def test_a_salutation_in_a_slot_whose_check_is_off_is_reported() -> None:
    text = "[Dear Hiring] Manager, thanks."
    config = LintConfig(select=("generic",))
    assert spans(lint(text, config=config), text) == [("FM304", "Dear Hiring] Manager")]


# --- the subject ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Thanks, Yahoo! Great!", [], id="the_company_name_s_mark_is_not_a_second"),
        pytest.param("Thanks, Yahoo! Great!!", [("FM404", "!!")], id="a_run_after_the_name"),
    ],
)
def test_an_exclamation_mark_of_a_name_in_the_notes_is_not_the_writer_s(
    text: str, expected: list[tuple[str, str]], yahoo: InterviewNotes
) -> None:
    assert spans(lint(text, notes=yahoo, config=SURFACE), text) == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param("TODO thank you", [("FM504", "TODO")], id="draft_marker"),
        pytest.param("Thanks from (your name)", [("FM505", "(your name)")], id="paren_slot"),
        pytest.param("Thanks, Yahoo! Great!", [], id="the_company_name_s_mark_is_not_a_second"),
        pytest.param("Thanks, Yahoo! Great!!", [("FM404", "!!")], id="a_run_after_the_name"),
    ],
)
def test_the_subject_gets_markers_slots_and_names_as_the_body(
    subject: str, expected: list[tuple[str, str]], yahoo: InterviewNotes
) -> None:
    report = lint("Thank you.", subject=subject, notes=yahoo, config=SURFACE)
    assert spans(report, "Thank you.", subject) == expected
    assert all(f.field == "subject" for f in report.findings)


# --- kinds and personalization ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["other", "follow_up", "thank-you", "Reminder"])
def test_a_kind_other_than_thank_you_or_reminder_is_refused(kind: str) -> None:
    message = f"kind must be 'thank_you' or 'reminder', not {kind!r}."
    with pytest.raises(FollowupMailError) as caught:
        lint("Thank you.", kind=kind)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_a_reminder_need_not_thank_but_a_thank_you_must() -> None:
    text = "Looking forward to hearing from you."
    assert "FM601" not in {f.code for f in lint(text, kind="reminder").findings}
    assert "FM601" in {f.code for f in lint(text, kind="thank_you").findings}


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        pytest.param("Thanks for running the ETL work.", True, id="irregular_form_and_a_word"),
        pytest.param("Thanks for leading the ETL jobs.", True, id="two_of_three_words"),
        pytest.param("Thanks for the ETL chat.", False, id="one_of_three_words"),
    ],
)
def test_a_topic_of_short_words_is_cited_by_two_of_them_in_any_form(
    text: str, cited: bool, yahoo: InterviewNotes
) -> None:
    """"ran ETL jobs" has no key word (none of five letters): two of its three words
    cite it, "running" counting for "ran"."""
    found = {f.code for f in lint(text, notes=yahoo).findings}
    assert ("FM801" not in found) is cited


# --- clause rules -------------------------------------------------------------------------

CLAUSE_RULES = LintConfig(select=tuple(r.code for r in rules() if r.clauses and not r.check))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Could you tell me the status of the position and the deadline?",
            [("FM208", "Could you tell me the status of the position and the deadline?")],
            id="two_clauses_of_one_rule_one_report",
        ),
        pytest.param(
            "Is there an update on the process, and when will I hear back?",
            [("FM208", "Is there an update on the process, and when will I hear back?"),
             ("FM209", "Is there an update on the process, and when will I hear back?")],
            id="two_rules_two_reports",
        ),
        pytest.param("Is there an update on the process. How are you?", [],
                     id="a_question_mark_elsewhere_does_not_make_it_ask"),
        pytest.param(
            "... Is there an update on the process?",
            [("FM208", "Is there an update on the process?")],
            id="after_a_sentence_without_words",
        ),
    ],
)
def test_a_clause_rule_reports_each_sentence_it_matches_once(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(lint(text, config=CLAUSE_RULES), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Please let me know the status of my application",
            [("FM202", "status of my application")], id="a_phrase_at_the_very_end",
        ),
        pytest.param(
            "Please respond ASAP. Is there an update on the process?",
            [("FM206", "respond ASAP"), ("FM208", "Is there an update on the process?")],
            id="a_phrase_of_its_category_in_another_sentence",
        ),
        pytest.param(
            "Please respond ASAP. Please respond ASAP. Is there an update on the process?",
            [("FM206", "respond ASAP"), ("FM206", "respond ASAP"),
             ("FM208", "Is there an update on the process?")],
            id="two_phrases_of_its_category_before_it",
        ),
        pytest.param(
            "Is there an update on the process? Just checking in.",
            [("FM208", "Is there an update on the process?"), ("FM302", "Just checking in")],
            id="a_phrase_of_another_category_later",
        ),
        pytest.param(
            "Just checking in, is there an update on the process?",
            [("FM302", "Just checking in"),
             ("FM208", "Just checking in, is there an update on the process?")],
            id="a_phrase_of_another_category_in_the_sentence",
        ),
        pytest.param(
            "Is there an update on the process?Any update on my application?",
            [("FM208", "Is there an update on the process?"),
             ("FM202", "Any update on my application")],
            id="a_phrase_starting_right_after_the_stop",
        ),
    ],
)
def test_a_phrase_silences_a_clause_rule_of_its_category_in_its_sentence_only(
    text: str, expected: list[tuple[str, str]]
) -> None:
    config = LintConfig(select=("pushy", "generic"))
    assert spans(lint(text, config=config), text) == expected


def test_a_sentence_s_words_end_at_its_stop_even_without_a_space() -> None:
    """"where.I" is "where" ending one sentence, not "where I" (a job word of FM701)."""
    config = LintConfig(select=("FM701",))
    report = lint("I would love to be where.I mean it.", config=config)
    assert [f.code for f in report.findings] == ["FM701"]


@pytest.mark.parametrize("field", ["body", "subject"])
def test_a_doubled_word_the_notes_write_so_is_left_alone(field: str) -> None:
    """A role the notes spell "Data Data Producer" is a name, in the body and in the
    subject; without the notes it is a doubled word."""
    notes = InterviewNotes.model_validate({
        "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
        "company": "Acme", "role": "Data Data Producer",
        "interviewed_at": "2026-11-24T10:00:00-05:00",
        "interviewers": [{"name": "Ana Lima", "topics": ["the billing pipeline"]}],
    })
    text = "Thank you: Data Data Producer"
    body, subject = (text, None) if field == "body" else ("Thank you.", text)
    config = LintConfig(select=("garbled",))
    assert lint(body, subject=subject, notes=notes, config=config).findings == ()
    found = lint(body, subject=subject, config=config).findings
    assert [(f.code, f.field, text[f.start : f.end]) for f in found] == [
        ("FM902", field, "Data Data"),
    ]


@pytest.mark.parametrize(
    ("interviewer", "topic"),
    [
        pytest.param(None, "moving the nightly batch jobs to streaming", id="the_panel_s_first"),
        pytest.param("Bo Chen", "the cost of the Snowflake warehouse", id="by_name"),
        pytest.param(1, "the cost of the Snowflake warehouse", id="by_number"),
    ],
)
def test_the_not_personal_suggestion_names_the_first_topic_that_counts(
    acme: InterviewNotes, interviewer: str | int | None, topic: str
) -> None:
    notes = acme
    config = LintConfig(select=("FM801",))
    (finding,) = lint("Thanks for your time.", notes=notes, interviewer=interviewer,
                      config=config).findings
    assert finding.suggestion == (
        f'Mention one topic you discussed, e.g. "I especially enjoyed our conversation about '
        f'{topic}."'
    )


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        pytest.param("Thanks for the flow chat.", False, id="one_of_its_two_words"),
        pytest.param("Thanks for the form and flow chat.", True, id="both_words"),
    ],
)
def test_a_topic_word_inside_a_word_of_the_role_still_counts(text: str, cited: bool) -> None:
    """"form" is part of "Platform", not a word of the role: the topic "form flow" keeps
    both its words, and one of them alone does not cite it."""
    notes = InterviewNotes.model_validate({
        "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
        "company": "Acme", "role": "Data Platform Engineer",
        "interviewed_at": "2026-11-24T10:00:00-05:00",
        "interviewers": [{"name": "Ana Lima", "topics": ["form flow"]}],
    })
    found = lint(text, notes=notes, config=LintConfig(select=("FM801",))).findings
    assert (found == ()) is cited
