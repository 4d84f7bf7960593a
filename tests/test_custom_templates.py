"""A caller's own template folder: overrides, the sandbox, unknown variables.

The environment of a folder is cached for the process, so every test writes its templates
into a fresh ``tmp_path`` before the first render.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from followup_mail import (
    FollowupMailError,
    TemplateError,
    TemplateSecurityError,
    TemplateVariableError,
    available_tones,
    draft_reminder,
    draft_thank_you,
    draft_thank_yous,
)
from followup_mail.cli import main

NOTES_FILE = Path(__file__).resolve().parents[1] / "examples" / "notes.json"
SENT = "2026-11-25T15:00:00-05:00"


@pytest.fixture
def notes() -> dict[str, object]:
    data: dict[str, object] = json.loads(NOTES_FILE.read_text(encoding="utf-8"))
    return data


def folder(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# --- overrides -------------------------------------------------------------------------


def test_a_file_with_a_builtin_name_replaces_only_that_template(
    tmp_path: Path, notes: dict[str, object]
) -> None:
    templates = folder(
        tmp_path,
        {"thank_you/warm.txt.j2": "Dear {{ interviewer.name }}, thanks! -- {{ candidate.name }}"},
    )
    builtin = draft_thank_you(notes)
    custom = draft_thank_you(notes, templates=templates)
    assert custom.body == "Dear Ana Lima, thanks! -- Sam Rivera\n"
    assert custom.subject == builtin.subject  # the subject is still the package's
    assert custom.html is not None
    assert "<p>Dear Ana Lima, thanks! -- Sam Rivera</p>" in custom.html  # and the HTML
    # The formal tone and the reminder are not in the folder: both stay built-in.
    assert draft_thank_you(notes, tone="formal", templates=templates).body == (
        draft_thank_you(notes, tone="formal").body
    )
    reminder = draft_reminder(
        notes, thank_you_sent_at=_at(SENT), now=_at("2026-11-28T10:00:00-05:00"),
        templates=templates,
    )  # fmt: skip
    assert reminder.body.startswith("Hi Ana,\n\nThank you again")


def test_subject_and_html_can_be_replaced(tmp_path: Path, notes: dict[str, object]) -> None:
    templates = folder(
        tmp_path,
        {
            "thank_you/subject.txt.j2": "Thanks, {{ interviewer.first_name }} ({{ company }})",
            "html/body.html.j2": "<div>{{ interviewer.topics | join_natural }}</div>",
        },
    )
    notes["interviewers"] = [{"name": "Ana Lima", "topics": ["<script>alert(1)</script>"]}]
    draft = draft_thank_you(notes, templates=templates)
    assert draft.subject == "Thanks, Ana (Northwind Analytics)"
    # Autoescape is on for .html.j2 templates in the caller's folder too.
    assert draft.html == "<div>&lt;script&gt;alert(1)&lt;/script&gt;</div>\n"


def test_a_custom_tone(tmp_path: Path, notes: dict[str, object]) -> None:
    templates = folder(tmp_path, {"thank_you/brief.txt.j2": "Thanks, {{ greeting }}!"})
    assert draft_thank_you(notes, tone="brief", templates=templates).body == "Thanks, Ana Lima!\n"
    with pytest.raises(TemplateError, match=r"There is no 'brief' tone for thank_you drafts"):
        draft_thank_you(notes, tone="brief")


# Each template chooses its greeting; the tone's name decides nothing. Notes interviewers:
# Ana Lima, Chloé Martin, Raj Patel (examples/notes.json).
@pytest.mark.parametrize("tone", ["warm", "formal", "casual"])
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hey {{ greeting_first }}!", "Hey Ana!\n"),
        ("Dear {{ greeting }},", "Dear Ana Lima,\n"),
        ("{{ greeting_first }} / {{ greeting }}", "Ana / Ana Lima\n"),
    ],
)
def test_a_template_chooses_its_greeting_whatever_its_tone(
    tmp_path: Path, notes: dict[str, object], tone: str, line: str, expected: str
) -> None:
    templates = folder(tmp_path, {f"thank_you/{tone}.txt.j2": line})
    assert draft_thank_you(notes, tone=tone, templates=templates).body == expected


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ({"name": "Dr. Amaka Okafor"}, "Dr. Okafor / Dr. Okafor"),
        ({"name": "山田 太郎"}, "山田 太郎 / 山田 太郎"),
        ({"name": "Robert Smith", "greeting": "Bob"}, "Bob / Bob"),
        ({"name": "Ana Lima"}, "Ana / Ana Lima"),
    ],
)
def test_both_greetings_keep_titles_scripts_and_the_notes_greeting(
    tmp_path: Path, notes: dict[str, object], person: dict[str, str], expected: str
) -> None:
    notes["interviewers"] = [person]
    line = "{{ greeting_first }} / {{ greeting }}"
    templates = folder(tmp_path, {"thank_you/casual.txt.j2": line})
    assert draft_thank_you(notes, tone="casual", templates=templates).body == expected + "\n"


# --- tones -------------------------------------------------------------------------------


def test_the_built_in_templates_offer_warm_and_formal() -> None:
    assert available_tones() == ["formal", "warm"]
    assert available_tones(kind="thank_you") == ["formal", "warm"]
    assert available_tones(kind="reminder") == ["formal", "warm"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (None, ["brief", "casual", "formal", "warm"]),
        ("thank_you", ["brief", "formal", "warm"]),
        ("reminder", ["casual", "formal", "warm"]),
    ],
)
def test_a_folder_adds_the_tones_of_its_body_templates(
    tmp_path: Path, kind: str | None, expected: list[str]
) -> None:
    templates = folder(
        tmp_path,
        {
            "thank_you/brief.txt.j2": "Thanks, {{ greeting_first }}.",
            "thank_you/subject.txt.j2": "Thanks",  # a subject is no tone
            "thank_you/brief.txt": "not a template",
            "reminder/casual.txt.j2": "Hi again, {{ greeting_first }}.",
            "reminder/warm.txt.j2": "Hello, {{ greeting_first }}.",  # a built-in tone, once
            "html/plain.txt.j2": "not a kind of draft",
        },
    )
    assert available_tones(templates, kind=kind) == expected
    assert available_tones(str(templates), kind=kind) == expected


def test_every_tone_listed_can_be_drafted(tmp_path: Path, notes: dict[str, object]) -> None:
    templates = folder(tmp_path, {"thank_you/brief.txt.j2": "Thanks, {{ greeting_first }}."})
    for tone in available_tones(templates, kind="thank_you"):
        assert draft_thank_you(notes, tone=tone, templates=templates).tone == tone


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("cover_letter", "kind must be one of 'thank_you', 'reminder', not 'cover_letter'."),
        ("html", "kind must be one of 'thank_you', 'reminder', not 'html'."),
        ("", "kind must be one of 'thank_you', 'reminder', not ''."),
    ],
)
def test_available_tones_refuses_an_unknown_kind(kind: str, message: str) -> None:
    with pytest.raises(FollowupMailError) as caught:
        available_tones(kind=kind)
    assert str(caught.value) == message


def test_available_tones_refuses_a_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(TemplateError) as caught:
        available_tones(missing)
    assert str(caught.value) == (
        f"The templates folder {missing} does not exist or is not a folder."
    )


def test_every_context_variable_is_available(tmp_path: Path, notes: dict[str, object]) -> None:
    names = [
        "candidate.name",
        "candidate.first_name",
        "candidate.email",
        "candidate.phone",
        "company",
        "role",
        "interviewer.name",
        "interviewer.first_name",
        "interviewer.title",
        "interviewer.email",
        "interviewer.topics",
        "greeting",
        "greeting_first",
        "interview_day",
        "interviewed_at",
        "topics",
        "shared_topics",
        "strength",
        "strengths",
        "materials",
        "linked_materials",
        "unlinked_materials",
        "will_contact_you",
        "decision_expected_by",
        "panel_size",
        "index",
        "variant",
        "max_subject",
    ]
    body = "\n".join(f"{name}={{{{ {name} }}}}" for name in names)
    templates = folder(tmp_path, {"thank_you/warm.txt.j2": body + "\n{{ topics | join_natural }}"})
    text = draft_thank_yous(notes, templates=templates)[1].body
    assert "interviewer.name=Chloé Martin\n" in text
    assert "index=1\n" in text
    assert "panel_size=3\n" in text
    assert "max_subject=60\n" in text
    assert "decision_expected_by=None\n" in text


def test_the_reminder_has_topic(tmp_path: Path, notes: dict[str, object]) -> None:
    templates = folder(tmp_path, {"reminder/warm.txt.j2": "About {{ topic }}."})
    draft = draft_reminder(
        notes, thank_you_sent_at=_at(SENT), now=_at("2026-11-28T10:00:00-05:00"),
        templates=templates,
    )  # fmt: skip
    assert draft.body == "About moving the nightly batch jobs to streaming.\n"


def test_the_cli_takes_a_templates_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = folder(
        tmp_path / "t", {"thank_you/warm.txt.j2": "Cheers, {{ greeting_first }}."}
    )
    code = main(
        ["draft", str(NOTES_FILE), "--templates", str(templates), "--interviewer", "Raj Patel"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "\n\nCheers, Raj.\n\n" in out


# --- the sandbox -----------------------------------------------------------------------

HOSTILE = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__init__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ candidate.name.__class__ }}",
    "{{ '{0.__class__.__base__}'.format(candidate.name) }}",
    "{{ '{0.__globals__}'.format(lipsum) }}",
    "{{ candidate.name.format_map }}{{ '{x.__class__}'.format_map({'x': company}) }}",
    "{{ ''|attr('__class__') }}",
    "{{ candidate|attr('__class__') }}",
    "{{ ''.__class__.mro() }}",
    "{{ interviewed_at.__class__.__mro__ }}",
    "{{ interviewed_at.__reduce_ex__(2) }}",
    "{{ interviewed_at.tzinfo.__class__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{% set x = topics.__class__ %}{{ x }}",
    "{{ '%s' | format(candidate.__class__) }}",
    "{{ materials.append.__self__ }}",
    "{{ range.__self__ }}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_a_template_that_reaches_outside_the_sandbox_fails(
    tmp_path: Path, notes: dict[str, object], source: str
) -> None:
    templates = folder(tmp_path, {"thank_you/warm.txt.j2": f"Hi.\n{source}\n"})
    with pytest.raises((TemplateSecurityError, TemplateVariableError)) as info:
        draft_thank_you(notes, templates=templates)
    error = info.value
    assert error.template == "thank_you/warm.txt.j2"
    assert str(tmp_path / "thank_you" / "warm.txt.j2") in str(error)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ lipsum.__globals__ }}",
        "{{ '{0.__class__}'.format(candidate.name) }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    ],
)
def test_the_classic_escapes_are_security_errors(
    tmp_path: Path, notes: dict[str, object], source: str
) -> None:
    templates = folder(tmp_path, {"thank_you/warm.txt.j2": source})
    with pytest.raises(TemplateSecurityError, match=r"tried something the sandbox forbids"):
        draft_thank_you(notes, templates=templates)


def test_the_security_message(tmp_path: Path, notes: dict[str, object]) -> None:
    templates = folder(tmp_path, {"thank_you/subject.txt.j2": "{{ company.__class__ }}"})
    path = tmp_path / "thank_you" / "subject.txt.j2"
    with pytest.raises(TemplateSecurityError) as info:
        draft_thank_you(notes, templates=templates)
    assert str(info.value) == (
        f"Template {path} tried something the sandbox forbids: access to attribute "
        "'__class__' of 'str' object is unsafe."
    )


def test_reading_a_bound_method_is_harmless(tmp_path: Path, notes: dict[str, object]) -> None:
    """Printing ``candidate.name.format`` shows a repr; calling it goes through the sandbox."""
    templates = folder(tmp_path, {"thank_you/warm.txt.j2": "{{ candidate.name.format }}"})
    body = draft_thank_you(notes, templates=templates).body
    assert body.startswith("<function str.format at 0x")


def test_the_cli_reports_a_sandbox_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = folder(tmp_path, {"thank_you/warm.txt.j2": "{{ lipsum.__globals__ }}"})
    code = main(["draft", str(NOTES_FILE), "--templates", str(templates)])
    _, err = capsys.readouterr()
    assert code == 2
    assert err == (
        f"error: Template {tmp_path / 'thank_you' / 'warm.txt.j2'} tried something the "
        "sandbox forbids: access to attribute '__globals__' of 'function' object is unsafe.\n"
    )


# --- unknown variables -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "variable"),
    [
        ("{{ nickname }}", "nickname"),
        ("{{ candidate.nickname }}", "nickname"),
        ("{{ interviewer.linkedin }}", "linkedin"),
        ("{% if salary %}x{% endif %}", "salary"),
        ("{{ config }}", "config"),
        ("{{ topic }}", "topic"),  # reminder only
        ("{{ paragraphs }}", "paragraphs"),  # HTML only
    ],
)
def test_an_unknown_variable_is_named(
    tmp_path: Path, notes: dict[str, object], source: str, variable: str
) -> None:
    templates = folder(tmp_path, {"thank_you/warm.txt.j2": source})
    path = tmp_path / "thank_you" / "warm.txt.j2"
    with pytest.raises(TemplateVariableError) as info:
        draft_thank_you(notes, templates=templates)
    assert info.value.variable == variable
    assert info.value.template == "thank_you/warm.txt.j2"
    assert str(info.value).startswith(
        f"Template {path} uses {variable!r}, which is not a template variable ("
    )
    assert str(info.value).endswith("See the README for the variables a template can use.")


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path, notes: dict[str, object]) -> None:
    templates = folder(tmp_path, {"thank_you/warm.txt.j2": "Hi\n{% if %}\n"})
    with pytest.raises(TemplateError, match=r"warm\.txt\.j2, line 2: "):
        draft_thank_you(notes, templates=templates)


# --- data is never a template ----------------------------------------------------------


@pytest.mark.parametrize("custom", [False, True])
def test_a_topic_that_looks_like_a_template_prints_as_written(
    tmp_path: Path, notes: dict[str, object], custom: bool
) -> None:
    notes["interviewers"] = [
        {"name": "Ana Lima", "topics": ["{{ 7*7 }} and {% raw %}{{ lipsum }}"]}
    ]
    templates = (
        folder(tmp_path, {"thank_you/warm.txt.j2": "{{ topics | join_natural }}"})
        if custom
        else None
    )
    draft = draft_thank_you(notes, templates=templates)
    assert "{{ 7*7 }} and {% raw %}{{ lipsum }}" in draft.body
    assert "49" not in draft.body


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- the embedding example -------------------------------------------------------------


def test_the_career_tool_example_uses_its_own_templates(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    import importlib.util

    path = NOTES_FILE.parent / "career_tool.py"
    spec = importlib.util.spec_from_file_location("career_tool", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.chdir(tmp_path)  # it finds its files relative to itself, not the cwd
    assert module.main([]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["next"]["action"] == "send_thank_you"
    assert [d["to"]["name"] for d in result["drafts"]] == ["Ana Lima", "Chloé Martin", "Raj Patel"]
    assert result["drafts"][0]["body"].endswith("Sam Rivera\n+1 555 0100\nsam.rivera@example.com\n")

    record = {
        "application": "x",
        "notes": json.loads(NOTES_FILE.read_text(encoding="utf-8")),
        "history": [{"event": "sent", "kind": "thank_you", "at": SENT}],
        "now": "2026-11-28T10:00:00-05:00",
    }
    (tmp_path / "record.json").write_text(json.dumps(record), encoding="utf-8")
    assert module.main(["record.json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["next"]["action"] == "send_reminder"
    assert {d["kind"] for d in result["drafts"]} == {"reminder"}


# --- resource limits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{{ 'x' * 10**10 }}",
            "repeating a sequence gives a value longer than 100,000 characters or items "
            "(MAX_OUTPUT is 100,000)",
        ),
        (
            "{{ 10**10 * [1] }}",
            "repeating a sequence gives a value longer than 100,000 characters or items "
            "(MAX_OUTPUT is 100,000)",
        ),
        ("{{ 2 ** 100000 }}", "a power of 2 to the 100,000 (MAX_INT_BITS is 4,096)"),
        (
            "{{ '%999999999d' % 1 }}",
            "a format width or precision of 999,999,999 (MAX_WIDTH is 1,000)",
        ),
    ],
)
def test_a_template_cannot_exhaust_memory(
    tmp_path: Path, notes: dict[str, object], source: str, message: str
) -> None:
    templates = folder(tmp_path, {"thank_you/warm.txt.j2": source})
    path = tmp_path / "thank_you" / "warm.txt.j2"
    with pytest.raises(TemplateSecurityError) as info:
        draft_thank_you(notes, templates=templates)
    assert str(info.value) == f"Template {path} exceeds a render limit: {message}."


def test_ordinary_arithmetic_still_works(tmp_path: Path, notes: dict[str, object]) -> None:
    source = "{{ '-' * 10 }} {{ 2 ** 10 }} {{ '%5.1f' % 2.25 }} {{ [0] * 3 }}"
    templates = folder(tmp_path, {"thank_you/warm.txt.j2": source})
    assert draft_thank_you(notes, templates=templates).body == "---------- 1024   2.2 [0, 0, 0]\n"
