"""Hostile and careless input: lint never breaks, notes never reach a header unchecked.

Properties use the profile's settings (``HYPOTHESIS_PROFILE=ci`` runs more examples), so
each example stays cheap: one set of notes, one draft.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from email import policy as email_policy
from email.parser import BytesParser
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from followup_mail import (
    Draft,
    InterviewNotes,
    MailtoTooLong,
    draft_reminder,
    draft_thank_you,
    lint,
)

# Every character class that has broken a text tool somewhere: controls (NUL, CR, ESC,
# DEL), bidi marks and overrides, zero-width joiners, combining marks, emoji with
# modifiers, surrogate-free astral characters, typographic quotes and dashes.
NASTY = st.sampled_from(
    [
        "\x00", "\r", "\n", "\r\n", "\t", "\x1b", "\x7f", "\x0b", "\x0c", "\u0085",
        "\u200b", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\u2069", "\u061c",
        "\ufeff", "\u0301", "👍🏽", "👩‍💻", "🇺🇳", "\U0010fffd",
        "\u2019", "\u201c", "\u2014", "\u2026",
        "مرحبا", "שלום", "İ", "ß", "ﬁ", "Σ", "<", ">", "&", "{{", "}}", "%",
    ]
)
PHRASES = st.sampled_from(
    [
        "just checking in", "any update", "timeline", "decision", "next steps",
        "Thank you", "I'm very interested", "[Name]", "XXX", "TODO", "INSERT NAME",
        "___", "!!!", "ASAP", "https://example.com/a?b=1", "Hi Ana,", "Best regards,",
    ]
)
TEXT = st.lists(st.one_of(st.text(), NASTY, PHRASES), max_size=30).map("".join)


def assert_well_formed(report: Any, text: str, subject: str | None) -> None:
    findings = report.findings
    keys = [(f.field != "subject", f.start, f.end, f.code) for f in findings]
    assert keys == sorted(keys)
    for finding in findings:
        within = subject if finding.field == "subject" else text
        assert within is not None, finding
        assert 0 <= finding.start <= finding.end <= len(within), finding
        assert finding.message


# -- lint: any str --------------------------------------------------------------------


@settings(max_examples=400)  # about 7 ms an example: under 3 s in the ci profile
@given(TEXT, st.none() | TEXT, st.sampled_from(["thank_you", "reminder"]))
def test_lint_never_raises_and_spans_stay_inside_the_text(
    text: str, subject: str | None, kind: Any
) -> None:
    report = lint(text, kind=kind, subject=subject)
    assert_well_formed(report, text, subject)
    assert lint(text, kind=kind, subject=subject) == report


@settings(max_examples=500)  # about 5 ms an example
@given(TEXT)
def test_lint_with_notes_never_raises(text: str) -> None:
    report = lint(text, notes=EXAMPLE_NOTES, interviewer=1)
    assert_well_formed(report, text, None)


# Adversarial repetition, about 100 kB each: the shapes that make a backtracking regex
# explode (long runs of one character, unfinished alternations, nested near-matches).
# No timing is asserted; a catastrophic pattern shows as a test that never finishes.
REPEATED = [
    "a" * 100_000,
    " " * 100_000,
    "\n" * 100_000,
    "!" * 100_000,
    "_" * 100_000,
    "X" * 100_000,
    "<" * 50_000 + ">" * 50_000,
    "[" * 100_000,
    "{{" * 50_000,
    "http://" * 14_000,
    "https://a" * 11_000 + ".",
    "just " * 20_000,
    "just checking " * 7_000,
    "any update? " * 8_000,
    "INSERT " * 14_000,
    "I'm very very " * 7_000,
    "Thank you, " * 9_000,
    "a-" * 50_000,
    "A" * 99_999 + "a",
    "Hi Ana, " * 12_000,
    "👍🏽" * 25_000,
    "\u202e" * 100_000,
    "مرحبا " * 16_000,
    "\x00" * 100_000,
    ("word " * 40 + ". ") * 480,
]


@pytest.mark.parametrize("text", REPEATED, ids=lambda t: repr(t[:12]))
def test_lint_finishes_on_adversarial_repetition(text: str) -> None:
    report = lint(text, kind="reminder", notes=EXAMPLE_NOTES, subject=text[:2_000])
    assert_well_formed(report, text, text[:2_000])


# -- notes: any strings ---------------------------------------------------------------

EXAMPLE_DATA: dict[str, Any] = {
    "candidate": {"name": "Sam Rivera", "email": "sam.rivera@example.com"},
    "company": "Northwind Analytics",
    "role": "Data Platform Engineer",
    "interviewed_at": "2026-11-24T14:00:00-05:00",
    "interviewers": [
        {
            "name": "Ana Lima",
            "email": "ana.lima@example.com",
            "title": "Engineering Manager",
            "topics": ["moving the nightly batch jobs to streaming"],
        },
        {"name": "Raj Patel", "email": "raj.patel@example.com", "topics": ["the team"]},
    ],
    "topics": ["the plan to retire the legacy Hadoop cluster"],
    "strengths": ["migrating the billing pipeline to Flink"],
    "materials": [{"title": "the design doc", "url": "https://example.com/doc"}],
}
EXAMPLE_NOTES = InterviewNotes.model_validate(EXAMPLE_DATA)
HEADERS = ["From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "X-Unsent"]


def with_fields(values: dict[str, str]) -> dict[str, Any]:
    data = copy.deepcopy(EXAMPLE_DATA)
    data["candidate"]["name"] = values["candidate"]
    data["company"] = values["company"]
    data["role"] = values["role"]
    data["interviewers"][0]["name"] = values["interviewer"]
    data["interviewers"][0]["title"] = values["title"]
    data["interviewers"][0]["greeting"] = values["greeting"]
    data["interviewers"][0]["topics"] = [values["topic"]]
    data["topics"] = [values["shared"]]
    data["strengths"] = [values["strength"]]
    data["materials"][0]["title"] = values["material"]
    return data


FIELDS = ["candidate", "company", "role", "interviewer", "title", "greeting", "topic",
          "shared", "strength", "material"]


def parse_eml(draft: Draft) -> Any:
    return BytesParser(policy=email_policy.default).parsebytes(draft.to_eml())


def assert_safe_headers(draft: Draft) -> None:
    message = parse_eml(draft)
    assert sorted(message.keys()) == sorted(HEADERS)
    for name, value in message.items():
        assert not set(str(value)) & {"\r", "\n", "\x00"}, (name, value)
    assert message["From"].addresses[0].addr_spec == draft.sender.email
    assert message["To"].addresses[0].addr_spec == draft.to.email
    assert message["From"].addresses[0].display_name == draft.sender.name
    assert message["To"].addresses[0].display_name == draft.to.name
    assert str(message["Subject"]) == draft.subject


# Valid notes, with one field changed: a hostile fragment put into it or in its place.
# Where each field sits in the notes, as a validation error names it.
VALID = {
    "candidate": "Sam Rivera", "company": "Northwind Analytics",
    "role": "Data Platform Engineer", "interviewer": "Ana Lima",
    "title": "Engineering Manager", "greeting": "Ana",
    "topic": "moving the nightly batch jobs to streaming",
    "shared": "the plan to retire the legacy Hadoop cluster",
    "strength": "migrating the billing pipeline to Flink", "material": "the design doc",
}  # fmt: skip
LOCATION: dict[str, tuple[str | int, ...]] = {
    "candidate": ("candidate", "name"), "company": ("company",), "role": ("role",),
    "interviewer": ("interviewers", 0, "name"), "title": ("interviewers", 0, "title"),
    "greeting": ("interviewers", 0, "greeting"), "topic": ("interviewers", 0, "topics", 0),
    "shared": ("topics", 0), "strength": ("strengths", 0), "material": ("materials", 0, "title"),
}  # fmt: skip
# Fragments that are hostile to a text tool yet fine in notes: template and format syntax,
# markup, mixed scripts, combining marks, emoji, quotes, long digit runs.
HOSTILE_BUT_VALID = st.sampled_from(
    [
        "{{ 7*7 }}", "{% raw %}", "%s", "%(name)s", "{0}", "${HOME}", "<script>", "&amp;",
        "Ωμέγα", "Жанна", "李雷", "محمد", "e\u0301", "İstanbul", "Straße", "ﬁnance", "👩‍💻",
        "🇺🇳", "O'Brien", '"quoted"', "Ana-María", "9" * 30, "\u00a0", "C++ & C#",
        "100%", "a\\b", "`rm -rf`", "=?", "?=", "Re:", "mailto:x@example.com",
    ]
)  # fmt: skip
FRAGMENT = st.one_of(HOSTILE_BUT_VALID, HOSTILE_BUT_VALID, NASTY, st.text(max_size=8))


@st.composite
def perturbed(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """(the field changed, every field's value)."""
    field = draw(st.sampled_from(FIELDS))
    fragment = draw(FRAGMENT)
    base = VALID[field]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(base)))
        value = base[:at] + fragment + base[at:]
    else:
        value = fragment
    return field, {**VALID, field: value}


def test_perturbed_notes_give_an_error_naming_the_field_or_a_safe_draft() -> None:
    outcomes: Counter[str] = Counter()

    @settings(max_examples=100)  # about 2 s: most examples draft and parse a message
    @given(perturbed())
    def check(case: tuple[str, dict[str, str]]) -> None:
        field, values = case
        try:
            notes = InterviewNotes.model_validate(with_fields(values))
        except ValidationError as exc:
            event("refused")
            outcomes["refused"] += 1
            loc = exc.errors()[0]["loc"]
            assert loc[: len(LOCATION[field])] == LOCATION[field], (field, values[field], loc)
            return
        event("drafted")
        outcomes["drafted"] += 1
        draft = draft_thank_you(notes)
        assert_safe_headers(draft)
        assert draft.to.name == notes.interviewers[0].name
        assert draft.sender.name == notes.candidate.name

    check()
    # The property is about drafting: most examples must get that far.
    assert outcomes["drafted"] >= outcomes.total() / 2, outcomes


@given(
    st.sampled_from(["candidate", "company", "role", "interviewer", "greeting", "title"]),
    st.sampled_from(["\r", "\n", "\x00", "\r\nBcc: eve@example.com", "\nBcc: eve@example.com"]),
)
def test_header_injection_is_refused_at_validation(field: str, payload: str) -> None:
    values = dict.fromkeys(FIELDS, "fine")
    values["interviewer"] = "Ana Lima"
    values[field] = f"Ana{payload} Lima"  # inside: surrounding whitespace is stripped
    with pytest.raises(ValueError, match="control characters"):
        InterviewNotes.model_validate(with_fields(values))


BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("char", BIDI, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("field", ["candidate", "interviewer", "greeting", "company", "role"])
def test_bidi_controls_in_names_are_refused(field: str, char: str) -> None:
    values = dict.fromkeys(FIELDS, "fine")
    values["interviewer"] = "Ana Lima"
    values[field] = f"Ana{char}Lima"
    with pytest.raises(ValueError, match=f"bidirectional control character U\\+{ord(char):04X}"):
        InterviewNotes.model_validate(with_fields(values))


def test_right_to_left_names_without_controls_are_fine() -> None:
    values = dict.fromkeys(FIELDS, "fine")
    values["interviewer"] = "ليلى حداد"
    values["candidate"] = "דנה כהן"
    draft = draft_thank_you(with_fields(values))
    assert_safe_headers(draft)


# -- the HTML part --------------------------------------------------------------------

XSS = '<img src=x onerror=alert(1)>"\'&<script>alert(1)</script>'
# The only tags the built-in HTML template writes (links come from linkify).
OWN_TAG = re.compile(r"<(?:!DOCTYPE html|/?html|/?body|/?p|br|a href=\"[^\"<>]*\"|/a)>")


def assert_html_escapes_everything(draft: Draft) -> None:
    assert draft.html is not None
    leftover = OWN_TAG.sub("", draft.html)
    assert "<" not in leftover, leftover
    assert ">" not in leftover, leftover


def test_html_escapes_markup_in_every_field() -> None:
    values = dict.fromkeys(FIELDS, f"Ana {XSS}")
    values["interviewer"] = "Ana Lima"
    values["greeting"] = f"Ana {XSS}"
    data = with_fields(values)
    data["materials"][0]["url"] = 'https://example.com/x"><script>alert(1)</script>'
    notes = InterviewNotes.model_validate(data)
    thanks = draft_thank_you(notes, tone="formal")
    reminder = draft_reminder(notes, force=True)
    for draft in (thanks, reminder):
        assert XSS in draft.body  # the text part keeps what was written
        assert_html_escapes_everything(draft)
        assert "&lt;img src=x onerror=alert(1)&gt;" in (draft.html or "")
    assert_safe_headers(thanks)


@settings(max_examples=500)  # about 4 ms an example: a draft each
@given(st.fixed_dictionaries({f: st.text("<>&\"' ab/=", min_size=1, max_size=12)
                              for f in ["company", "role", "topic", "strength", "material"]}))
def test_html_never_lets_user_markup_through(values: dict[str, str]) -> None:
    full = {**dict.fromkeys(FIELDS, "fine"), "interviewer": "Ana Lima", **values}
    try:
        notes = InterviewNotes.model_validate(with_fields(full))
    except ValueError:
        return
    assert_html_escapes_everything(draft_thank_you(notes))


def test_template_syntax_in_data_prints_as_written() -> None:
    values = {**dict.fromkeys(FIELDS, "fine"), "interviewer": "Ana Lima"}
    values["topic"] = "{{ 7*7 }} and {% raw %}"
    draft = draft_thank_you(with_fields(values))
    assert "{{ 7*7 }}" in draft.body
    assert "49" not in draft.body


# -- mailto ---------------------------------------------------------------------------


@settings(max_examples=1000)  # about 2 ms an example
@given(st.integers(min_value=1, max_value=5_000))
def test_mailto_limit_is_max_length(limit: int) -> None:
    link = DRAFT.mailto(max_length=None)
    if len(link) > limit:
        expected = f"{len(link)} characters long, more than the {limit}"
        with pytest.raises(MailtoTooLong, match=expected):
            DRAFT.mailto(max_length=limit)
    else:
        assert DRAFT.mailto(max_length=limit) == link


def test_mailto_default_limit_is_2000_characters() -> None:
    values = {**dict.fromkeys(FIELDS, "fine"), "interviewer": "Ana Lima"}
    for field in ("topic", "shared", "strength"):
        values[field] = "é" * 190  # percent-encoded: 6 characters each
    draft = draft_thank_you(with_fields(values))
    link = draft.mailto(max_length=None)
    assert len(link) > 2_000
    with pytest.raises(MailtoTooLong):
        draft.mailto()
    assert draft.mailto(max_length=len(link)) == link
    assert not set(link) & {"\r", "\n", " ", "\x00"}


DRAFT = draft_thank_you(EXAMPLE_NOTES)


def _draft_with_link_of(length: int) -> Draft:
    """A thank-you whose mailto link is exactly *length* characters long."""
    values = {**VALID, "topic": "é" * 150, "material": "é" * 30}  # 6 characters each, encoded

    def drafted(pad: int) -> Draft:
        return draft_thank_you(with_fields({**values, "strength": "a" * pad}))

    pad = 100 + length - len(drafted(100).mailto(max_length=None))
    assert 1 <= pad <= 200, pad  # one ASCII letter is one character of the link
    draft = drafted(pad)
    assert len(draft.mailto(max_length=None)) == length
    return draft


def test_mailto_accepts_2000_characters_by_default_and_refuses_2001() -> None:
    at_limit = _draft_with_link_of(2000)
    assert at_limit.mailto() == at_limit.mailto(max_length=None)
    with pytest.raises(MailtoTooLong, match="2001 characters long, more than the 2000"):
        _draft_with_link_of(2001).mailto()


# -- internationalised addresses ------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "ascii_domain"),
    [
        ("bücher.example", "xn--bcher-kva.example"),
        ("例え.jp", "xn--r8jz45g.jp"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("ÉCOLE.fr", "xn--cole-9oa.fr"),
    ],
)
def test_international_domains_are_idna_in_parsed_headers(domain: str, ascii_domain: str) -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    data["candidate"]["email"] = f"sam@{domain}"
    data["interviewers"][0]["email"] = f"ana@{domain}"
    draft = draft_thank_you(data)
    message = parse_eml(draft)
    assert message["From"].addresses[0].domain == ascii_domain
    assert message["To"].addresses[0].domain == ascii_domain
    assert draft.to_eml().isascii()


SMTPUTF8_REFUSAL = (
    "is not a valid email address: Internationalized characters before the @-sign are not "
    "supported: 'é'. Such an address needs a mail server with SMTPUTF8; to accept it, "
    "validate the notes with context={'allow_smtputf8': True}"
)


@pytest.mark.parametrize("who", ["candidate", "interviewer"])
def test_non_ascii_local_part_is_refused_with_a_message_saying_how_to_allow_it(
    who: str,
) -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    target = data["candidate"] if who == "candidate" else data["interviewers"][0]
    target["email"] = "chloé@example.com"
    with pytest.raises(ValueError, match=re.escape(SMTPUTF8_REFUSAL)):
        InterviewNotes.model_validate(data)
    notes = InterviewNotes.model_validate(data, context={"allow_smtputf8": True})
    # The stdlib parser reads raw UTF-8 headers as surrogates: check the bytes instead.
    header = b"From: " if who == "candidate" else b"To: "
    line = next(x for x in draft_thank_you(notes).to_eml().split(b"\r\n") if x.startswith(header))
    assert line.endswith("<chloé@example.com>".encode())


# -- size limits at their edges -------------------------------------------------------


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]  # type: ignore[index]
    data[path[-1]] = value  # type: ignore[index]


URL = "https://example.com/"
TEXT_LIMITS = [
    # where, the longest value accepted (one more character is refused), the limit
    pytest.param(("candidate", "name"), "N" * 100, 100, id="candidate_name_100"),
    pytest.param(("interviewers", 0, "name"), "N" * 100, 100, id="interviewer_name_100"),
    pytest.param(("interviewers", 0, "greeting"), "N" * 100, 100, id="greeting_100"),
    pytest.param(("company",), "c" * 200, 200, id="company_200"),
    pytest.param(("role",), "r" * 200, 200, id="role_200"),
    pytest.param(("interviewers", 0, "title"), "t" * 200, 200, id="title_200"),
    pytest.param(("interviewers", 0, "topics", 0), "t" * 200, 200, id="topic_200"),
    pytest.param(("topics", 0), "t" * 200, 200, id="shared_topic_200"),
    pytest.param(("strengths", 0), "s" * 200, 200, id="strength_200"),
    pytest.param(("materials", 0, "title"), "m" * 200, 200, id="material_title_200"),
    pytest.param(("candidate", "phone"), "5" * 40, 40, id="phone_40"),
    pytest.param(("materials", 0, "url"), URL + "a" * (2000 - len(URL)), 2000, id="url_2000"),
]


@pytest.mark.parametrize(("path", "longest", "limit"), TEXT_LIMITS)
def test_text_limits_accept_the_limit_and_refuse_one_more(
    path: tuple[str | int, ...], longest: str, limit: int
) -> None:
    assert len(longest) == limit
    data = copy.deepcopy(EXAMPLE_DATA)
    _set(data, path, longest)
    InterviewNotes.model_validate(data)
    _set(data, path, longest + longest[-1])
    with pytest.raises(ValidationError) as caught:
        InterviewNotes.model_validate(data)
    (error,) = caught.value.errors()
    assert error["loc"] == path
    assert error["msg"] == f"String should have at most {limit} characters"


LIST_LIMITS = [
    # where, one valid item, the most items accepted
    pytest.param(("interviewers", 0, "topics"), "a topic", 20, id="topics_per_interviewer_20"),
    pytest.param(("topics",), "a shared topic", 20, id="shared_topics_20"),
    pytest.param(("strengths",), "a strength", 20, id="strengths_20"),
    pytest.param(("materials",), {"title": "a doc"}, 10, id="materials_10"),
]


@pytest.mark.parametrize(("path", "item", "limit"), LIST_LIMITS)
def test_list_limits_accept_the_limit_and_refuse_one_more(
    path: tuple[str | int, ...], item: Any, limit: int
) -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    _set(data, path, [item] * limit)
    InterviewNotes.model_validate(data)
    _set(data, path, [item] * (limit + 1))
    with pytest.raises(ValidationError) as caught:
        InterviewNotes.model_validate(data)
    (error,) = caught.value.errors()
    assert error["loc"] == path
    assert error["msg"].startswith(f"List should have at most {limit} items")


def test_at_most_20_interviewers() -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    people = [{"name": f"Person {chr(65 + i)}"} for i in range(21)]
    data["interviewers"] = people[:20]
    assert len(InterviewNotes.model_validate(data).interviewers) == 20
    data["interviewers"] = people
    with pytest.raises(ValidationError) as caught:
        InterviewNotes.model_validate(data)
    (error,) = caught.value.errors()
    assert error["loc"] == ("interviewers",)
    assert error["msg"].startswith("List should have at most 20 items")
