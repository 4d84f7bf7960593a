"""The JSON Schema of the notes is as strict as the model wherever JSON Schema can say it.

Every invalid notes file of the test suite is refused by the model and by the schema,
except the few checks listed in MODEL_ONLY, which JSON Schema cannot express; the test
also proves those few are indeed accepted by the schema, so that the list stays true.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example as also
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_mail import InterviewNotes, NotesError, parse_notes
from followup_mail.cli import main
from followup_mail.models import iana_zones, text_pattern, text_problem

jsonschema = pytest.importorskip("jsonschema")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "notes.json"

# What only the model checks (the README lists the same), by the reason JSON Schema cannot.
MODEL_ONLY = {
    "email": "an address is valid by email-validator's rules (the schema's format: email "
    "only documents it)",
    "unique-names": "interviewer names are unique ignoring case (uniqueItems compares whole "
    "objects)",
    "offset-zone": "the offset of interviewed_at is the timezone's at that instant",
}


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def changed(path: str, value: object) -> dict[str, Any]:
    """The example notes with the field at dotted *path* set to *value*."""
    data = example()
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return data


def invalid_notes() -> list[tuple[str, dict[str, Any], str | None]]:
    """Every invalid notes file of the test suite: (id, data, MODEL_ONLY key or None)."""
    from test_contract_notes import bad_notes
    from test_models import BAD_NOTES

    cases: list[tuple[str, dict[str, Any], str | None]] = []
    for field, value, _ in BAD_NOTES:
        # An address without "@" is refused by the schema's format: email as well.
        model_only = "email" if field.endswith("email") and "@" in str(value) else None
        cases.append((f"test_models:{field}", changed(field, value), model_only))
    cases.append(("test_contract_notes:bad_notes", bad_notes(), None))
    more: list[tuple[str, str, object, str | None]] = [
        ("newline in a name", "interviewers.0.name", "Ana\nLima", None),
        ("line separator", "candidate.name", "Sam\u2028Rivera", None),
        ("bidi control", "company", "Acme\u202e", None),
        ("zero-width space", "role", "Data\u200bEngineer", None),
        ("joiner next to ASCII", "interviewers.0.name", "Ana\u200dLima", None),
        ("final newline in an address", "candidate.email", "sam@example.com\n", None),
        ("encoded word", "interviewers.0.name", "=?utf-8?q?Bcc?=", None),
        ("encoded word in an address", "candidate.email", "=?x?=@example.com", None),
        ("blank title", "interviewers.0.title", " \t ", None),
        ("space in a URL", "materials.0.url", "https://example.com/a b", None),
        ("lower-case zone", "timezone", "america/new_york", None),
        ("unknown zone", "timezone", "Mars/Olympus", None),
        ("naive time", "interviewed_at", "2026-11-24T14:00:00", None),
        ("date as a time", "interviewed_at", "2026-11-24", None),
        ("year 1969", "interviewed_at", "1969-12-31T23:00:00-05:00", None),
        ("year 2200", "decision_expected_by", "2200-01-01", None),
        ("bad address", "interviewers.1.email", "chloe@", "email"),
        ("two @", "candidate.email", "sam@@example.com", "email"),
        ("offset against zone", "interviewed_at", "2026-11-24T14:00:00+01:00", "offset-zone"),
        ("too many topics", "topics", [f"topic {i}" for i in range(21)], None),
        ("no interviewers", "interviewers", [], None),
        ("unknown field", "salary", 100, None),
    ]
    for name, path, value, model_only in more:
        cases.append((name, changed(path, value), model_only))
    twins = example()
    twins["interviewers"][1] = copy.deepcopy(twins["interviewers"][0])
    cases.append(("identical interviewers", twins, None))
    case = example()
    case["interviewers"][1]["name"] = "ANA LIMA"
    cases.append(("same name in another case", case, "unique-names"))
    return cases


CASES = invalid_notes()


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = InterviewNotes.model_json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize(("data", "model_only"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_invalid_notes_file_is_refused_by_the_model_and_the_schema(
    validator: Any, data: dict[str, Any], model_only: str | None
) -> None:
    with pytest.raises(NotesError):
        parse_notes(data)
    refused = not validator.is_valid(data)
    # A check the schema cannot express is accepted by it: else MODEL_ONLY would be wrong.
    assert refused is (model_only is None)
    if model_only is not None:
        assert model_only in MODEL_ONLY


def test_the_suite_has_invalid_notes_of_every_kind() -> None:
    assert len(CASES) >= 35
    assert {c[2] for c in CASES} == {None, *MODEL_ONLY}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("interviewers.0.name", "Chloé Dubois"),
        ("interviewers.0.name", "  Ana Lima  "),  # stripped by the model
        ("interviewers.0.name", "山田 太郎"),
        ("interviewers.0.name", "مهرداد\u200cمحمدی"),  # ZWNJ inside a Persian name
        ("interviewers.0.name", "Ana 👩\u200d💻"),  # ZWJ inside an emoji sequence
        ("company", "a =? b ?"),  # no closing '?=' after the opening '=?'
        ("timezone", "Asia/Kolkata"),
        ("interviewed_at", "2026-11-24T19:00:00Z"),
        ("decision_expected_by", "2026-12-04"),
        ("candidate.email", "sam@bücher.example"),
    ],
)
def test_valid_notes_are_accepted_by_both(validator: Any, path: str, value: str) -> None:
    data = changed(path, value)
    if path == "timezone":
        data["interviewed_at"] = "2026-11-25T00:30:00+05:30"
    parse_notes(data)
    assert validator.is_valid(data), list(validator.iter_errors(data))


def test_the_schema_names_the_zones_and_unique_interviewers() -> None:
    schema = InterviewNotes.model_json_schema()
    zones = schema["properties"]["timezone"]["anyOf"][0]["enum"]
    assert zones == sorted(iana_zones())
    assert "America/New_York" in zones
    assert schema["properties"]["interviewers"]["uniqueItems"] is True
    assert schema["$defs"]["Candidate"]["properties"]["email"]["format"] == "email"


def test_the_cli_prints_the_strict_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["properties"]["company"]["pattern"] == text_pattern()


# Characters around every rule of text_problem: controls, separators, joiners, format
# characters, the encoded-word delimiters, letters in and out of ASCII.
TEXT = st.text(
    st.sampled_from(
        [
            *"ab =?é山 \t\n\x00\x7f\x85\u00ad\u061c\u200b\u200c\u200d\u200e\u2028\u2029",
            *"\u202e\u2066\ufeff\u3000👩",
        ]
    ),
    max_size=12,
)


@settings(max_examples=400)
@given(value=TEXT)
# A joiner between two non-ASCII spaces: found by this property once.
@also(value="\u3000\u200c\u3000")
def test_the_text_pattern_refuses_exactly_what_the_model_refuses(value: str) -> None:
    by_pattern = re.search(text_pattern(non_blank=False), value) is not None
    assert by_pattern is (text_problem(value) is None), value
