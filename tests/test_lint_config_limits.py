"""LintConfig at its edges: every default limit accepted at the limit and flagged one past
it, every validation bound, every selector kind and every ``pyproject.toml`` key.

The expected figures are written out here (200, 120, 20, 60 and 35: docs/rules.md, F7 to
F10), not read from the code, so that changing a default breaks a test that names it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Literal, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import followup_mail
from followup_mail.errors import LintConfigError
from followup_mail.lint import LintConfig, LintReport, lint, rules
from followup_mail.lint.report import Category

DEFAULTS = {
    "max_words_thank_you": 200,
    "max_words_reminder": 120,
    "min_words": 20,
    "max_subject_chars": 60,
    "max_sentence_words": 35,
}
# Latin, accented, Cyrillic and CJK words: non-ASCII text takes the engine's other path.
Kind = Literal["thank_you", "reminder"]
SCRIPTS = {"ascii": ("w",), "mixed": ("w", "é", "ж", "字")}


def words(count: int, script: str = "ascii") -> str:
    """*count* distinct words, without a full stop."""
    letters = SCRIPTS[script]
    return " ".join(f"{letters[i % len(letters)]}{i}" for i in range(count))


def found(report: LintReport, code: str) -> list[str]:
    """The messages of *code*'s findings."""
    return [f.message for f in report.findings if f.code == code]


def test_defaults_are_the_etiquette_figures() -> None:
    config = LintConfig()
    assert {name: getattr(config, name) for name in DEFAULTS} == DEFAULTS
    assert (config.select, config.ignore, config.severity) == (None, (), {})


def test_by_default_every_rule_runs_at_its_own_severity() -> None:
    assert LintConfig().enabled == {r.code: r.severity for r in rules()}


# --- each default limit, at the edge and one past it -----------------------------------


def _too_long(count: int, limit: int) -> str:
    return (
        f"The email is longer than {limit} words ({count} words); follow-ups work best "
        "when brief."
    )


EDGES = [
    # code, kind, words at the limit, words one past it, one sentence, message one past it
    pytest.param("FM101", "thank_you", 200, 201, False, _too_long(201, 200),
                 id="thank_you_200_words"),
    pytest.param("FM101", "reminder", 120, 121, False, _too_long(121, 120),
                 id="reminder_120_words"),
    pytest.param("FM102", "thank_you", 20, 19, False,
                 "The email has only 19 words (fewer than 20); it cannot thank, personalise "
                 "and restate interest.",
                 id="at_least_20_words"),
    pytest.param("FM104", "thank_you", 35, 36, True,
                 "This sentence has 36 words (more than 35); split it.",
                 id="sentences_up_to_35_words"),
]


@pytest.mark.parametrize("script", list(SCRIPTS))
@pytest.mark.parametrize(("code", "kind", "at_limit", "past_limit", "sentence", "message"), EDGES)
def test_default_limit_accepts_the_edge_and_flags_one_past_it(
    code: str, kind: Any, at_limit: int, past_limit: int, sentence: bool, message: str,
    script: str,
) -> None:
    end = "." if sentence else ""
    assert found(lint(words(at_limit, script) + end, kind=kind), code) == []
    assert found(lint(words(past_limit, script) + end, kind=kind), code) == [message]


def test_subject_of_60_characters_is_fine_and_61_is_flagged() -> None:
    body = words(30)
    assert found(lint(body, subject="s" * 60), "FM103") == []
    assert found(lint(body, subject="s" * 61), "FM103") == [
        "The subject is 61 characters long; mail clients cut subjects longer than about 60."
    ]


def test_a_reminder_is_held_to_its_own_limit_not_the_thank_yous() -> None:
    text = words(150)
    assert found(lint(text, kind="thank_you"), "FM101") == []
    assert found(lint(text, kind="reminder"), "FM101") == [_too_long(150, 120)]


@pytest.mark.parametrize(
    ("kind", "expected"), [("thank_you", 150), ("reminder", 90)]
)
def test_max_words_gives_the_limit_of_each_kind(kind: str, expected: int) -> None:
    config = LintConfig(max_words_thank_you=150, max_words_reminder=90)
    assert config.max_words(kind) == expected
    assert LintConfig().max_words(kind) == {"thank_you": 200, "reminder": 120}[kind]


# --- any limit, at the edge and one past it --------------------------------------------


@settings(max_examples=100, deadline=None)
@given(limit=st.integers(1, 400), script=st.sampled_from(list(SCRIPTS)))
def test_any_word_limit_accepts_the_limit_and_flags_one_more(limit: int, script: str) -> None:
    pairs: tuple[tuple[Kind, str], ...] = (
        ("thank_you", "max_words_thank_you"), ("reminder", "max_words_reminder"),
    )
    for kind, field in pairs:
        config = LintConfig(**{field: limit}, select=("FM101",))
        assert lint(words(limit, script), kind=kind, config=config).findings == ()
        (finding,) = lint(words(limit + 1, script), kind=kind, config=config).findings
        assert finding.message == _too_long(limit + 1, limit)


@settings(max_examples=100, deadline=None)
@given(limit=st.integers(1, 400), script=st.sampled_from(list(SCRIPTS)))
def test_any_minimum_accepts_the_minimum_and_flags_one_fewer(limit: int, script: str) -> None:
    config = LintConfig(min_words=limit, select=("FM102",))
    assert lint(words(limit, script), config=config).findings == ()
    (finding,) = lint(words(limit - 1, script), config=config).findings
    assert finding.message.startswith(f"The email has only {limit - 1} words (fewer than {limit})")


@settings(max_examples=100, deadline=None)
@given(limit=st.integers(1, 100), script=st.sampled_from(list(SCRIPTS)))
def test_any_sentence_limit_accepts_the_limit_and_flags_one_more(limit: int, script: str) -> None:
    config = LintConfig(max_sentence_words=limit, select=("FM104",))
    assert lint(f"{words(limit, script)}.", config=config).findings == ()
    (finding,) = lint(f"{words(limit + 1, script)}.", config=config).findings
    assert finding.message == f"This sentence has {limit + 1} words (more than {limit}); split it."


@settings(max_examples=100, deadline=None)
@given(limit=st.integers(1, 300), char=st.sampled_from(["s", "é", "字", "\u200b", "😀"]))
def test_any_subject_limit_accepts_the_limit_and_flags_one_more(limit: int, char: str) -> None:
    config = LintConfig(max_subject_chars=limit, select=("FM103",))
    assert lint("Thank you.", subject=char * limit, config=config).findings == ()
    (finding,) = lint("Thank you.", subject=char * (limit + 1), config=config).findings
    assert finding.field == "subject"
    assert finding.message.startswith(f"The subject is {limit + 1} characters long")


@pytest.mark.parametrize("huge", [10**6, 2**63, 10**30])
def test_a_huge_limit_is_accepted_and_never_reached(huge: int) -> None:
    config = LintConfig(
        max_words_thank_you=huge, max_words_reminder=huge, max_subject_chars=huge,
        max_sentence_words=huge,
    )
    text = words(500) + "."
    assert not {"FM101", "FM103", "FM104"} & {
        f.code for f in lint(text, subject="s" * 500, config=config).findings
    }
    assert config.max_words("reminder") == huge


# --- validation bounds -----------------------------------------------------------------

POSITIVE = ["max_words_thank_you", "max_words_reminder", "max_subject_chars",
            "max_sentence_words"]


@pytest.mark.parametrize("field", POSITIVE)
def test_a_limit_of_one_is_accepted_and_zero_refused(field: str) -> None:
    assert getattr(LintConfig(**{field: 1}), field) == 1
    for bad in (0, -1, -(10**30)):
        with pytest.raises(LintConfigError) as caught:
            LintConfig(**{field: bad})
        assert str(caught.value).startswith("lint config: ")
        assert f"{field} must be at least 1, not {bad}." in str(caught.value)


def test_a_minimum_of_zero_words_is_accepted_and_minus_one_refused() -> None:
    assert LintConfig(min_words=0).min_words == 0
    assert found(lint("", config=LintConfig(min_words=0)), "FM102") == []
    with pytest.raises(LintConfigError) as caught:
        LintConfig(min_words=-1)
    assert str(caught.value).startswith("lint config: ")
    assert "min_words must not be negative, not -1." in str(caught.value)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"severity": {"pushy": "fatal"}},
                     "severity.pushy: Input should be 'error', 'warning' or 'info'.",
                     id="unknown_severity"),
        pytest.param({"select": (3,)}, "select.0: Input should be a valid string.",
                     id="selector_not_a_string"),
        pytest.param({"select": "pushy"}, "select: Input should be a valid tuple.",
                     id="select_a_bare_string"),
        pytest.param({"min_words": "many"},
                     "min_words: Input should be a valid integer, unable to parse string as "
                     "an integer.",
                     id="limit_not_a_number"),
        pytest.param({"unknown_option": 1}, "unknown_option: Extra inputs are not permitted.",
                     id="unknown_setting"),
    ],
)
def test_invalid_values_name_the_setting(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(LintConfigError) as caught:
        LintConfig(**fields)
    assert str(caught.value) == message


@pytest.mark.parametrize("what", ["select", "ignore", "severity"])
@pytest.mark.parametrize("bad", ["FM999", "no-such-rule", "Pushy", "", "FX201", "\x1b[31m"])
def test_unknown_selector_is_named_with_the_setting(what: str, bad: str) -> None:
    value: Any = {bad: "info"} if what == "severity" else (bad,)
    with pytest.raises(LintConfigError) as caught:
        LintConfig(**{what: value})
    assert f"{what}: {bad!r} is not a known rule code, name or category." in str(caught.value)


def test_config_is_frozen() -> None:
    config = LintConfig()
    with pytest.raises(ValidationError, match="frozen"):
        config.min_words = 5  # type: ignore[misc]


# --- selection -------------------------------------------------------------------------


def test_an_empty_selection_runs_no_rule_and_none_runs_every_rule() -> None:
    assert LintConfig(select=()).enabled == {}
    assert lint(words(3) + " TODO!!", config=LintConfig(select=())).findings == ()
    assert set(LintConfig(select=None).enabled) == {r.code for r in rules()}


@pytest.mark.parametrize(
    ("selector", "codes"),
    [
        pytest.param("FM201", {"FM201"}, id="code"),
        pytest.param("fm201", {"FM201"}, id="code_in_lower_case"),
        pytest.param("pushy-timeline-question", {"FM201"}, id="name"),
        pytest.param("FM10", {"FM101", "FM102", "FM103", "FM104"}, id="code_prefix"),
        pytest.param("length", {"FM101", "FM102", "FM103", "FM104"}, id="category"),
    ],
)
def test_a_selector_picks_exactly_its_rules(selector: str, codes: set[str]) -> None:
    assert set(LintConfig(select=(selector,)).enabled) == codes
    every = {r.code for r in rules()}
    assert set(LintConfig(ignore=(selector,)).enabled) == every - codes


def test_ignore_removes_from_the_selection() -> None:
    config = LintConfig(select=("length",), ignore=("FM103", "too-short"))
    assert set(config.enabled) == {"FM101", "FM104"}


# --- severity overrides ----------------------------------------------------------------

CATEGORIES: tuple[str, ...] = get_args(Category)


def test_every_category_has_rules() -> None:
    assert {r.category for r in rules()} == set(CATEGORIES)


@pytest.mark.parametrize("code_first", [True, False], ids=["code_first", "category_first"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_a_codes_severity_beats_its_categorys_in_either_order(
    category: str, code_first: bool
) -> None:
    members = [r for r in rules() if r.category == category]
    one = members[0]
    pairs = [(one.code, "info"), (category, "error")]
    config = LintConfig(severity=dict(pairs if code_first else pairs[::-1]))
    assert config.enabled[one.code] == "info"
    assert all(config.enabled[r.code] == "error" for r in members[1:])


@pytest.mark.parametrize("name_first", [True, False], ids=["name_first", "category_first"])
def test_a_rule_names_severity_beats_its_categorys(name_first: bool) -> None:
    pairs = [("pushy-timeline-question", "warning"), ("pushy", "info")]
    config = LintConfig(select=("pushy",), severity=dict(pairs if name_first else pairs[::-1]))
    report = lint("When will you make a decision? Did I get the job?", config=config)
    assert {f.code: f.severity for f in report.findings} == {"FM201": "warning", "FM205": "info"}
    assert report.ok


def test_a_severity_override_does_not_enable_an_unselected_rule() -> None:
    config = LintConfig(select=("pushy",), severity={"FM301": "error", "generic": "error"})
    assert "FM301" not in config.enabled
    assert set(config.enabled) == {r.code for r in rules() if r.category == "pushy"}


# --- pyproject.toml --------------------------------------------------------------------

KEYS = [
    # key in pyproject.toml, its TOML value, the field and its value
    ("select", '["pushy"]', "select", ("pushy",)),
    ("ignore", '["FM302"]', "ignore", ("FM302",)),
    ("severity", '{ pushy = "info" }', "severity", {"pushy": "info"}),
    ("max-words-thank-you", "150", "max_words_thank_you", 150),
    ("max-words-reminder", "90", "max_words_reminder", 90),
    ("min-words", "10", "min_words", 10),
    ("max-subject-chars", "50", "max_subject_chars", 50),
    ("max-sentence-words", "30", "max_sentence_words", 30),
]


def _pyproject(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("snake", [False, True], ids=["kebab_case", "snake_case"])
@pytest.mark.parametrize(("key", "toml", "field", "value"), KEYS, ids=[k[0] for k in KEYS])
def test_every_setting_reads_from_pyproject(
    tmp_path: Path, key: str, toml: str, field: str, value: Any, snake: bool
) -> None:
    name = key.replace("-", "_") if snake else key
    path = _pyproject(tmp_path, f"[tool.followup-mail.lint]\n{name} = {toml}\n")
    assert LintConfig.from_pyproject(path) == LintConfig(**{field: value})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[tool.followup-mail]\nlint = 3\n",
                     "[tool.followup-mail.lint] must be a table.", id="not_a_table"),
        pytest.param("[tool.followup-mail.lint]\nmax-words = 3\n",
                     "[tool.followup-mail.lint] has the unknown key 'max-words'.",
                     id="unknown_key"),
        pytest.param("[tool.followup-mail.lint]\nmin-words = 'many'\n",
                     "min_words: Input should be a valid integer, unable to parse string as "
                     "an integer.", id="bad_value"),
        pytest.param("[tool.followup-mail.lint]\nselect = ['FM000']\n",
                     "lint config: ", id="unknown_selector"),
    ],
)
def test_pyproject_errors_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = _pyproject(tmp_path, text)
    with pytest.raises(LintConfigError) as caught:
        LintConfig.from_pyproject(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_pyproject_without_a_tool_table_gives_the_defaults(tmp_path: Path) -> None:
    path = _pyproject(tmp_path, '[project]\nname = "x"\n')
    assert LintConfig.from_pyproject(path) == LintConfig()


def test_pyproject_is_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """A Windows or C locale would read the file in another encoding: it must not."""
    path = _pyproject(
        tmp_path, '# Café, 字\n[tool.followup-mail.lint]\nignore = ["FM302"]  # née\n'
    )
    script = textwrap.dedent(f"""
        import locale
        from followup_mail.lint import LintConfig
        assert locale.getpreferredencoding(False) != "UTF-8", locale.getpreferredencoding(False)
        print(LintConfig.from_pyproject({str(path)!r}).ignore)
    """)
    env = {
        **os.environ, "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0",
        # The package under test, wherever this process imported it from.
        "PYTHONPATH": str(Path(followup_mail.__file__).resolve().parents[1]),
    }
    done = subprocess.run(
        [sys.executable, "-X", "utf8=0", "-c", script],
        env=env, capture_output=True, text=True, encoding="utf-8", check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "('FM302',)"), done.stderr


# --- hostile selectors -----------------------------------------------------------------

HOSTILE = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=30
) | st.sampled_from(
    [
        "\x00", "\r\nFM201", "=?utf-8?q?pushy?=", "FM\u200b201", "pushy\n", "%s", "{0}",
        "\uff26\uff2d\uff12\uff10\uff11",  # FM201 in full-width letters and digits
        "fm", "Fm2", "FM" + "9" * 400, "PUSHY", "pushy-timeline-question ",
    ]
)


@settings(max_examples=100, deadline=None)
@given(HOSTILE)
def test_any_selector_is_either_known_or_refused_on_one_line(selector: str) -> None:
    try:
        config = LintConfig(select=(selector,))
    except LintConfigError as exc:
        message = str(exc)
        assert f"select: {selector!r} is not a known rule code, name or category." in message
        assert not {"\n", "\r"} & set(message)
        return
    chosen = {
        r.code for r in rules()
        if selector in (r.name, r.category)
        or (selector.upper().startswith("FM") and r.code.startswith(selector.upper()))
    }
    assert chosen
    assert set(config.enabled) == chosen


# --- a hostile pyproject.toml is one LintConfigError naming the file ------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"tool = 5\n", "[tool] must be a table."),
        (b"[tool]\nfollowup-mail = []\n", "[tool.followup-mail] must be a table."),
        (b"[tool.followup-mail]\nlint = 'all'\n", "[tool.followup-mail.lint] must be a table."),
        (b"name = '\xff'\n", "not valid TOML"),
        (b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested deeper than"),
        (b"a = " + b"{b = " * 5_000 + b"1" + b"}" * 5_000 + b"\n", "nested deeper than"),
    ],
    ids=["tool-int", "followup-mail-list", "lint-str", "bad-utf8", "deep-arrays", "deep-tables"],
)
def test_a_hostile_pyproject_is_one_lint_config_error_naming_the_file(
    tmp_path: Path, text: bytes, message: str
) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(text)
    with pytest.raises(LintConfigError) as caught:
        LintConfig.from_pyproject(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_pyproject_without_a_tool_table_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert LintConfig.from_pyproject(path) == LintConfig()


def test_a_nul_in_the_pyproject_path_is_a_lint_config_error() -> None:
    with pytest.raises(LintConfigError, match=r"a NUL in its path"):
        LintConfig.from_pyproject("py\x00project.toml")


# --- the sentence limit, sentence by sentence ------------------------------------------


def test_each_long_sentence_is_found_with_its_span_and_word_count() -> None:
    """Sentences end at '. ', '? ', '! ' and at a line end; a finding spans the sentence
    and its closing mark, without the spaces around it."""
    def sentence(count: int, letter: str) -> str:
        return " ".join(f"{letter}{i}" for i in range(count))

    parts = [
        ("Hi Ana,\n", None),
        (sentence(36, "a"), "."), (" ", None), (sentence(2, "b"), "?"), (" ", None),
        (sentence(37, "c"), "!"), (" ", None), (sentence(36, "d"), ""), ("\n  ", None),
        (sentence(38, "e"), "."), ("\n", None), (sentence(36, "f"), "?"), (" Ok.", None),
    ]
    text = "".join(part + (mark or "") for part, mark in parts)
    expected = [
        (text.index(part), text.index(part) + len(part) + len(mark), len(part.split()))
        for part, mark in parts
        if mark is not None and len(part.split()) > 35
    ]
    report = lint(text, config=LintConfig(select=("FM104",)))
    assert [(f.start, f.end) for f in report.findings] == [(s, e) for s, e, _ in expected]
    assert [f.message for f in report.findings] == [
        f"This sentence has {n} words (more than 35); split it." for _, _, n in expected
    ]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        pytest.param(" ".join(["a"] * 36) + ".", True, id="36_one_letter_words"),
        pytest.param(" ".join(["a"] * 35) + ".", False, id="35_one_letter_words"),
        # More than 35 words in all, so that the sentences are counted one by one.
        pytest.param("Hi there. " + words(34) + "  w34.", False,
                     id="35_words_with_a_double_space"),
        pytest.param("Hi there. " + words(35) + " \n", False, id="35_words_and_a_space"),
        pytest.param("  " + words(36) + "  ", True, id="36_words_between_spaces"),
    ],
)
def test_the_sentence_limit_counts_words_not_spaces_or_letters(text: str, flagged: bool) -> None:
    assert bool(lint(text, config=LintConfig(select=("FM104",))).findings) is flagged
