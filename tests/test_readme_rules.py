"""The README's Lint section says what the rule files say: its rule table (code, name,
category, severity, message), the digit of each category, the pattern counts, and the
JSON example, which must be what ``lint`` prints for the example sentence."""

from __future__ import annotations

import json
import re
from pathlib import Path

from followup_mail import lint
from followup_mail.lint import rules
from followup_mail.vocabulary import CATEGORY_DIGITS

README = Path(__file__).resolve().parents[1] / "README.md"
# One row of the rule table: | `FM201` | `pushy-timeline-question` | pushy | error | message |
ROW = re.compile(r"^\| `(FM[0-9]{3})` \| `([a-z0-9-]+)` \| ([a-z]+) \| ([a-z]+) \| (.+) \|$")
EXAMPLE = "Just checking in to see when you will make a decision?"


def _lint_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Lint\n")
    return text[start:text.index("\n## ", start + 1)]


def _table() -> list[tuple[str, str, str, str, str]]:
    """The rule table's rows, in the README's order; a row that does not parse fails."""
    rows = []
    for line in _lint_section().splitlines():
        if line.startswith("| `FM"):
            match = ROW.fullmatch(line)
            assert match, f"the README's rule table has a row that does not parse: {line}"
            code, name, category, severity, message = match.groups()
            rows.append((code, name, category, severity, message))
    return rows


def test_the_rule_table_lists_every_rule_in_code_order() -> None:
    assert [row[0] for row in _table()] == [rule.code for rule in rules()]


def test_each_rule_table_row_is_the_rule_files_own_text() -> None:
    loaded = {r.code: (r.code, r.name, r.category, r.severity, r.message) for r in rules()}
    for row in _table():
        assert row == loaded.get(row[0]), row[0]


def test_the_readme_gives_each_category_its_code_digit() -> None:
    sentence = re.search(r"first digit is the category \(([^)]*)\)", _lint_section())
    assert sentence, "the README no longer says which digit each category has"
    listed = re.findall(r"([0-9]) ([a-z]+)", sentence.group(1))
    assert [(name, int(digit)) for digit, name in listed] == list(CATEGORY_DIGITS.items())


def test_the_readme_pattern_counts_are_the_rule_files() -> None:
    counts = re.search(
        r"the generic rules hold ([0-9]+) curated patterns, the pushy rules ([0-9]+) and\s+"
        r"the tone rules ([0-9]+)",
        _lint_section(),
    )
    assert counts, "the README no longer counts the generic, pushy and tone patterns"
    loaded = [
        sum(len(rule.patterns) for rule in rules() if rule.category == category)
        for category in ("generic", "pushy", "tone")
    ]
    assert [int(n) for n in counts.groups()] == loaded


def _json_example() -> dict[str, object]:
    block = re.search(r"\*\*JSON form\*\*.*?```json\n(.*?)```", _lint_section(), re.S)
    assert block, "the Lint section has no JSON example"
    example: dict[str, object] = json.loads(block.group(1))
    return example


def test_the_json_example_counts_and_verdict_are_lints() -> None:
    report = json.loads(lint(EXAMPLE, kind="reminder").to_json())
    example = _json_example()
    assert (example["word_count"], example["ok"]) == (report["word_count"], report["ok"])


def test_the_json_example_finding_is_one_lint_prints() -> None:
    report = json.loads(lint(EXAMPLE, kind="reminder").to_json())
    example = _json_example()
    findings = example["findings"]
    assert isinstance(findings, list)
    for finding in findings:
        assert finding in report["findings"]
