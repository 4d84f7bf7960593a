"""Every ``console`` example of the README runs, and prints what the README shows.

A small doctest for shell sessions: each ``$ command`` runs in one scratch folder (in the
README's order, so a re-run sees the files of the run before it) through the command
line's ``main``; the lines below it are compared with what it printed, stdout then
stderr, with doctest's ``...`` standing for any text. A command shown without output must
not fail on bad input (exit 0, or 1 for lint findings and advice against).
"""

from __future__ import annotations

import doctest
import io
import json
import re
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from followup_mail.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples"

# The files the README's commands name, as a reader would have them.
DRAFT_TXT = (
    "Hi Ana,\n"
    "\n"
    "Thank you for talking with me on Tuesday about the Data Engineer role and the billing "
    "pipeline.\n"
    "When will you make a decision?\n"
    "I am very interested in the role and excited about moving the batch jobs to streaming.\n"
    "\n"
    "Best,\n"
    "Sam\n"
)
# The history the README shows under "The history file is a JSON list of events".
HISTORY = [
    {"event": "sent", "kind": "thank_you", "at": "2026-11-25T15:00:00-05:00"},
    {"event": "reply", "at": "2026-11-26T09:12:00-05:00", "says": "process_ongoing"},
]
NOTES_TOML = """\
company = "Northwind Analytics"
role = "Data Platform Engineer"
interviewed_at = 2026-11-24T14:00:00-05:00
timezone = "America/New_York"

[candidate]
name = "Sam Rivera"
email = "sam.rivera@example.com"

[[interviewers]]
name = "Ana Lima"
topics = ["moving the nightly batch jobs to streaming"]
"""


@dataclass(frozen=True)
class Example:
    line: int  # where the command is in the README, for the failure message
    command: str
    want: str


def examples(text: str) -> list[Example]:
    """The ``$`` commands of every ``console`` block, each with the lines shown below it."""
    found: list[Example] = []
    for block in re.finditer(r"^```console\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        first = text.count("\n", 0, block.start(1)) + 1
        current: list[str] | None = None
        for offset, line in enumerate(block.group(1).splitlines()):
            if line.startswith("$ "):
                current = [line[2:]]
                found.append(Example(first + offset, line[2:], ""))
            elif current is not None:
                last = found[-1]
                found[-1] = Example(last.line, last.command, last.want + line + "\n")
    return found


def run(command: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Run one README command: ``followup-mail ARGS``, optionally fed by ``cat FILE |``
    or ``< FILE`` and written to ``> FILE``; return its status and output."""
    words = shlex.split(command, comments=True)
    stdin, stdout_file = b"", None
    if words[:1] == ["cat"]:
        assert words[2] == "|", command
        stdin, words = (folder / words[1]).read_bytes(), words[3:]
    if "<" in words:
        at = words.index("<")
        stdin, words = (folder / words[at + 1]).read_bytes(), words[:at] + words[at + 2 :]
    if ">" in words:
        at = words.index(">")
        stdout_file, words = folder / words[at + 1], words[:at] + words[at + 2 :]
    assert words[0] == "followup-mail", f"the README runs only followup-mail: {command}"
    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="utf-8"))
    try:
        code = main(words[1:])
    except SystemExit as exc:  # --version
        code = exc.code if isinstance(exc.code, int) else 2
    sys.stdout.flush()
    sys.stderr.flush()
    printed = out.getvalue()
    if stdout_file is not None:
        stdout_file.write_bytes(printed)
        printed = b""
    return code, (printed + err.getvalue()).decode("utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "notes.json", tmp_path / "notes.json")
    shutil.copytree(EXAMPLES / "custom_templates", tmp_path / "my_templates")
    (tmp_path / "notes.toml").write_text(NOTES_TOML, encoding="utf-8")
    (tmp_path / "history.json").write_text(json.dumps(HISTORY), encoding="utf-8")
    (tmp_path / "draft.txt").write_text(DRAFT_TXT, encoding="utf-8")
    bad = json.loads((EXAMPLES / "notes.json").read_text(encoding="utf-8"))
    bad["candidate"]["email"] = "not-an-address"
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    return tmp_path


def test_the_readme_has_console_examples_with_output() -> None:
    found = examples(README.read_text(encoding="utf-8"))
    assert len(found) >= 15
    assert sum(bool(example.want) for example in found) >= 6


def test_the_runner_reads_commands_and_their_output() -> None:
    text = "x\n```console\n$ followup-mail a\none\ntwo\n$ followup-mail b\n```\n"
    assert examples(text) == [
        Example(3, "followup-mail a", "one\ntwo\n"),
        Example(6, "followup-mail b", ""),
    ]


def test_every_console_example_in_the_readme_prints_what_it_shows(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    checker = doctest.OutputChecker()
    failures = []
    for example in examples(README.read_text(encoding="utf-8")):
        code, got = run(example.command, folder, monkeypatch)
        if example.want:
            ok = checker.check_output(example.want, got, doctest.ELLIPSIS)
        else:
            ok = code in (0, 1) and "error:" not in got
        if not ok:
            failures.append(
                f"README.md line {example.line}: $ {example.command}\n"
                f"exit {code}; expected:\n{example.want}got:\n{got}"
            )
    assert not failures, "\n".join(failures)
