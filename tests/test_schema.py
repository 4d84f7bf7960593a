"""The JSON Schema of interview notes, as ``followup-mail schema`` prints it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_mail import InterviewNotes
from followup_mail.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "notes.json"


@pytest.fixture
def schema() -> dict[str, object]:
    data: dict[str, object] = InterviewNotes.model_json_schema()
    return data


@pytest.fixture
def example() -> dict[str, object]:
    data: dict[str, object] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def test_the_cli_prints_the_model_schema(
    capsys: pytest.CaptureFixture[str], schema: dict[str, object]
) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == schema
    assert out == json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def test_the_example_validates_with_jsonschema(
    schema: dict[str, object], example: dict[str, object]
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(example, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**example, "interviewers": []}, schema)


def test_the_example_matches_the_schema_without_extra_packages(
    schema: dict[str, object], example: dict[str, object]
) -> None:
    properties = schema["properties"]
    required = schema["required"]
    assert isinstance(properties, dict)
    assert isinstance(required, list)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False  # extra="forbid": typos are errors
    assert set(example) <= set(properties)
    assert set(required) <= set(example)
    assert set(required) == {"candidate", "company", "role", "interviewed_at", "interviewers"}
    # Nested objects: every key of the example is declared in its definition.
    definitions = schema["$defs"]
    assert isinstance(definitions, dict)
    candidate = example["candidate"]
    assert isinstance(candidate, dict)
    assert set(candidate) <= set(definitions["Candidate"]["properties"])
    interviewers = example["interviewers"]
    assert isinstance(interviewers, list)
    for person in interviewers:
        assert set(person) <= set(definitions["Interviewer"]["properties"])
    # And the model itself accepts the example.
    assert InterviewNotes.model_validate(example).company == example["company"]


def test_the_schema_documents_the_fields(schema: dict[str, object]) -> None:
    properties = schema["properties"]
    assert isinstance(properties, dict)
    assert properties["interviewed_at"]["format"] == "date-time"
    assert "offset" in properties["interviewed_at"]["description"]
    assert properties["interviewers"]["minItems"] == 1


def test_the_schema_guides_free_phrasing_with_good_examples() -> None:
    """A form built from the schema shows how to phrase each field that reaches prose."""
    full = InterviewNotes.model_json_schema()
    defs = full["$defs"]
    described = {
        "InterviewNotes.role": full["properties"]["role"]["description"],
        "InterviewNotes.strengths": full["properties"]["strengths"]["description"],
        "Interviewer.topics": defs["Interviewer"]["properties"]["topics"]["description"],
        "Interviewer.greeting": defs["Interviewer"]["properties"]["greeting"]["description"],
        "Material.title": defs["Material"]["properties"]["title"]["description"],
    }
    assert "'position'" in described["InterviewNotes.role"]
    assert "'leading the WCAG 2.2 audit'" in described["InterviewNotes.strengths"]
    assert "we talked about" in described["Interviewer.topics"]
    assert "family name first" in described["Interviewer.greeting"]
    assert "'my' or 'the'" in described["Material.title"]


def test_the_schema_allows_a_known_iana_zone_or_null_as_timezone(
    schema: dict[str, object],
) -> None:
    from zoneinfo import available_timezones

    properties = schema["properties"]
    assert isinstance(properties, dict)
    assert properties["timezone"]["anyOf"] == [
        {"type": "string", "enum": sorted(available_timezones())},
        {"type": "null"},
    ]
