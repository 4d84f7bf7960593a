"""The ``followup-mail`` command line, driven through ``main(argv)``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from importlib import import_module
from pathlib import Path

import pytest
from conftest import NOTES_TOML

import followup_mail.cli as cli
from followup_mail import InterviewNotes, LintConfigError, __version__
from followup_mail.cli import main
from followup_mail.linting import Finding, LintReport

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTES = EXAMPLES / "notes.json"
# The example interview is Tuesday 24 November 2026, 14:00 New York time.
SENT = "2026-11-25T15:00:00-05:00"
LATER = "2026-11-28T10:00:00-05:00"
NAMES = ("Ana Lima", "Chloé Martin", "Raj Patel")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def notes_data() -> dict[str, object]:
    data: dict[str, object] = json.loads(NOTES.read_text(encoding="utf-8"))
    return data


def write_notes(tmp_path: Path, data: dict[str, object], name: str = "notes.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# --- draft: text -----------------------------------------------------------------------


def test_draft_text_has_headers_body_window_and_findings_for_every_interviewer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "draft", NOTES)
    assert (code, err) == (0, "")
    assert out.count("From: Sam Rivera <sam.rivera@example.com>\n") == 3
    for name in NAMES:
        assert f"\nTo: {name} <" in out or out.startswith(f"To: {name}")
        assert f"Hi {name.split()[0]},\n" in out
    assert out.count("Subject: Thank you — Data Platform Engineer interview\n") == 3
    assert out.count("Send between Wed 25 Nov 2026 14:00 EST and Thu 26 Nov 2026 14:00 EST") == 3
    assert out.count("Lint: 0 findings") == 3
    assert out.count("-" * 72 + "\n") == 2


def test_draft_one_interviewer_formal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "draft", NOTES, "--interviewer", "raj patel", "--tone", "formal")
    assert code == 0
    assert out.startswith(
        "From: Sam Rivera <sam.rivera@example.com>\n"
        "To: Raj Patel <raj.patel@example.com>\n"
        "Subject: Thank you — Data Platform Engineer interview\n\n"
        "Dear Raj Patel,\n"
    )


def test_draft_now_after_the_window_gives_a_late_thank_you_dated_from_now(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, on_time, _ = run(capsys, "draft", NOTES, "--interviewer", "Ana Lima", "--now", SENT)
    assert code == 0
    assert "on Tuesday" in on_time
    assert "Apologies for the slow note" not in on_time
    code, late, _ = run(
        capsys, "draft", NOTES, "--interviewer", "Ana Lima", "--now", "2026-12-10T10:00:00-05:00"
    )
    assert code == 0
    assert "Apologies for the slow note" in late
    assert "on 24 November" in late
    assert "on Tuesday" not in late


def test_draft_text_lists_each_lint_finding(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_mail import draft

    finding = Finding(
        code="FM201", name="pushy-timeline-question", category="pushy", severity="error",
        start=0, end=3, message="Do not ask about the timeline.",
    )  # fmt: skip
    monkeypatch.setattr(
        draft, "lint", lambda text, **_: LintReport(findings=(finding,), word_count=1)
    )
    code, out, _ = run(capsys, "draft", NOTES, "--interviewer", "Ana Lima")
    assert code == 0
    assert out.endswith(
        "Lint: 1 finding\n  FM201 (pushy) pushy-timeline-question: Do not ask about the timeline.\n"
    )


def test_draft_notes_from_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    toml = tmp_path / "notes.toml"
    toml.write_text(NOTES_TOML, encoding="utf-8")
    code, out, _ = run(capsys, "draft", toml)
    assert code == 0
    assert "To: Ana Lima\n" in out  # no address in the notes: the name alone
    assert "the billing pipeline" in out


def test_draft_notes_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_stdin(monkeypatch, NOTES.read_bytes())
    code, out, _ = run(capsys, "draft", "-", "--interviewer", "Chloé Martin")
    assert code == 0
    assert "Hi Chloé,\n" in out


# --- draft: json and eml ---------------------------------------------------------------


def test_draft_json_is_a_list_of_drafts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "draft", NOTES, "--format", "json")
    assert code == 0
    drafts = json.loads(out)
    assert [d["to"]["name"] for d in drafts] == list(NAMES)
    first = drafts[0]
    assert set(first) == {
        "kind", "tone", "from", "to", "subject", "body", "html",
        "send_after", "send_before", "findings", "word_count", "message_id",
    }  # fmt: skip
    assert first["kind"] == "thank_you"
    assert first["to"] == {"name": "Ana Lima", "email": "ana.lima@example.com"}
    assert first["send_after"] == "2026-11-25T14:00:00-05:00"
    assert first["send_before"] == "2026-11-26T14:00:00-05:00"
    assert first["html"].startswith("<!DOCTYPE html>")
    assert first["findings"] == []


def test_draft_eml_to_stdout_parses_and_is_unsent(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    code = main(["draft", str(NOTES), "--interviewer", "Chloé Martin", "--format", "eml"])
    out, err = capsysbinary.readouterr()
    assert (code, err) == (0, b"")
    message = BytesParser(policy=policy.default).parsebytes(out)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "Chloé Martin <chloe.martin@example.com>"
    assert message["Subject"] == "Thank you — Data Platform Engineer interview"
    assert "Hi Chloé," in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_draft_eml_with_several_drafts_needs_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "draft", NOTES, "--format", "eml")
    assert (code, out) == (2, "")
    assert err == (
        "error: --format eml writes one draft per file and there are 3 (one per "
        "interviewer); pass -o DIR for one file each, or --interviewer NAME.\n"
    )


def test_draft_eml_to_folder_writes_one_file_per_interviewer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "drafts"
    code, out, err = run(capsys, "draft", NOTES, "--format", "eml", "-o", out_dir)
    assert (code, out) == (0, "")
    names = ["thank-you-ana-lima.eml", "thank-you-chloe-martin.eml", "thank-you-raj-patel.eml"]
    assert sorted(p.name for p in out_dir.iterdir()) == names
    assert err == "".join(f"wrote {out_dir / n}\n" for n in names)
    for name, person in zip(names, NAMES, strict=True):
        message = BytesParser(policy=policy.default).parsebytes((out_dir / name).read_bytes())
        assert message["X-Unsent"] == "1"
        assert person in message["To"]


def test_draft_eml_slugs_are_safe_and_unique() -> None:
    from followup_mail.draft import _slug

    assert _slug("Chloé Martin") == "chloe-martin"
    assert _slug("../../etc/passwd") == "etc-passwd"
    assert _slug("Dr. O'Neil-Søren") == "dr-o-neil-soren"
    assert _slug("王伟") == "wangwei"
    assert _slug("¿?") == ""


def test_draft_eml_names_fall_back_and_never_collide(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = notes_data()
    data["interviewers"] = [{"name": "Ana Lima"}, {"name": "Ana-Lima"}, {"name": "¿?"}]
    code, _, _ = run(
        capsys, "draft", write_notes(tmp_path, data), "--format", "eml", "-o", tmp_path / "out"
    )
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "thank-you-ana-lima-2.eml",
        "thank-you-ana-lima.eml",
        "thank-you-interviewer-3.eml",
    ]


# --- draft: -o -------------------------------------------------------------------------


def test_output_file_is_written_atomically_and_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ana.txt"
    calls: list[tuple[str, str, str]] = []

    def spy(name: str) -> None:
        real = getattr(os, name)

        def call(src: str, dst: str) -> None:
            calls.append((name, str(src), str(dst)))
            real(src, dst)

        monkeypatch.setattr(os, name, call)

    spy("link")
    spy("replace")
    # A new file: a complete temporary file in the same folder, linked into place.
    code, out, err = run(capsys, "draft", NOTES, "--interviewer", "Ana Lima", "-o", target)
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    assert "Hi Ana,\n" in target.read_text(encoding="utf-8")
    [(name, src, dst)] = calls
    assert (name, Path(src).parent, dst) == ("link", tmp_path, str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.txt"]  # no temporary left

    # Same content: a no-op, without --force.
    code, _, err = run(capsys, "draft", NOTES, "--interviewer", "Ana Lima", "-o", target)
    assert (code, err) == (0, f"unchanged {target}\n")
    assert len(calls) == 1

    # Different content: refused, the file untouched.
    before = target.read_bytes()
    code, out, err = run(capsys, "draft", NOTES, "--interviewer", "Raj Patel", "-o", target)
    assert (code, out) == (2, "")
    assert (
        err
        == f"error: {target}: already exists with different content; pass --force to replace it.\n"
    )
    assert target.read_bytes() == before

    # --force replaces it, in one rename.
    code, _, err = run(
        capsys, "draft", NOTES, "--interviewer", "Raj Patel", "-o", target, "--force"
    )
    assert (code, err) == (0, f"wrote {target}\n")
    assert "Hi Raj,\n" in target.read_text(encoding="utf-8")
    (name, src, dst) = calls[-1]
    assert (len(calls), name, Path(src).parent, dst) == (2, "replace", tmp_path, str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.txt"]


def test_output_folder_refusal_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "thank-you-raj-patel.eml").write_bytes(b"my own edits")
    code, _, err = run(capsys, "draft", NOTES, "--format", "eml", "-o", tmp_path)
    assert code == 2
    assert err == (
        f"error: {tmp_path / 'thank-you-raj-patel.eml'}: already exists with different "
        "content; pass --force to replace it.\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["thank-you-raj-patel.eml"]


def test_output_keeps_a_normal_file_mode(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "drafts.json"
    assert run(capsys, "draft", NOTES, "--format", "json", "-o", target)[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 3


def test_eml_to_an_existing_file_when_several_drafts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "one.eml"
    target.write_bytes(b"")
    code, _, err = run(capsys, "draft", NOTES, "--format", "eml", "-o", target)
    assert code == 2
    assert err == (
        f"error: {target}: is a file; with several eml drafts, -o names a folder to "
        "write them in.\n"
    )


# --- draft: reminders ------------------------------------------------------------------


def test_reminder_for_every_interviewer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "draft", NOTES, "--kind", "reminder", "--sent-at", SENT, "--now", LATER,
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    drafts = json.loads(out)
    assert [d["to"]["name"] for d in drafts] == list(NAMES)
    assert {d["kind"] for d in drafts} == {"reminder"}
    assert drafts[0]["send_after"] == "2026-11-27T15:00:00-05:00"


def test_reminder_from_a_history_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"event": "sent", "kind": "thank_you", "at": SENT}]))
    code, out, _ = run(
        capsys, "draft", NOTES, "--kind", "reminder", "--history", history, "--now", LATER,
        "--interviewer", "Ana Lima",
    )  # fmt: skip
    assert code == 0
    assert "Thank you again for our conversation on Tuesday" in out


def test_reminder_history_as_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    history = tmp_path / "history.toml"
    history.write_text(f'[[history]]\nevent = "sent"\nkind = "thank_you"\nat = {SENT}\n')
    code, _, err = run(
        capsys, "draft", NOTES, "--kind", "reminder", "--history", history, "--now", LATER,
        "--interviewer", "Ana Lima",
    )  # fmt: skip
    assert (code, err) == (0, "")


def test_reminder_not_advised_exits_1_with_the_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    history = tmp_path / "history.json"
    history.write_text(
        json.dumps(
            [
                {"event": "sent", "kind": "thank_you", "at": SENT},
                {"event": "reply", "at": "2026-11-26T09:00:00-05:00", "says": "will_contact"},
            ]
        )
    )
    argv = ["draft", NOTES, "--kind", "reminder", "--history", history, "--now", LATER]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, "")
    assert err.startswith("not advised: They said they will contact you;")
    assert err.endswith(" Use --force to draft it anyway.\n")

    code, out, err = run(capsys, *argv, "--force", "--interviewer", "Ana Lima")
    assert (code, err) == (0, "")
    assert "Send from Sat 28 Nov 2026 10:00 EST" in out


def test_reminder_without_a_sent_thank_you_is_not_advised(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "draft", NOTES, "--kind", "reminder", "--now", LATER)
    assert code == 1
    assert err.startswith("not advised: A reminder follows a thank-you that got no reply")


# --- draft: bad input ------------------------------------------------------------------


def _bad(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["draft", "{tmp}/missing.json"],
            "{tmp}/missing.json: cannot read the notes file (No such file or directory).",
        ),
        (
            ["draft", "{tmp}/broken.json"],
            "{tmp}/broken.json: not valid JSON: Expecting value: line 1 column 1 (char 0).",
        ),
        (
            ["draft", "{tmp}/broken.toml"],
            "{tmp}/broken.toml: not valid TOML: Expected '=' after a key in a key/value "
            "pair (at line 1, column 5).",
        ),
        (
            ["draft", "{tmp}/bad_email.json"],
            "{tmp}/bad_email.json: candidate.email: is not a valid email "
            "address: An email address must have an @-sign.",
        ),
        (
            ["draft", str(NOTES), "--interviewer", "Nobody"],
            "There is no interviewer named 'Nobody'; the notes list 'Ana Lima', "
            "'Chloé Martin', 'Raj Patel'.",
        ),
        (
            ["draft", str(NOTES), "--kind", "nudge"],
            "argument --kind: invalid choice: 'nudge' (choose from 'thank_you', 'reminder') "
            "(see 'followup-mail draft --help')",
        ),
        (
            ["draft", str(NOTES), "--kind", "reminder", "--sent-at", "2026-11-25T15:00"],
            "argument --sent-at: '2026-11-25T15:00' has no UTC offset; write it like "
            "2026-11-25T15:00:00-05:00 (see 'followup-mail draft --help')",
        ),
        (
            ["draft", str(NOTES), "--kind", "reminder", "--sent-at", "yesterday"],
            "argument --sent-at: 'yesterday' is not an ISO 8601 date and time, e.g. "
            "2026-11-25T09:00:00-05:00 (see 'followup-mail draft --help')",
        ),
        (
            ["draft", str(NOTES), "--kind", "reminder", "--history", "{tmp}/history.json"],
            "{tmp}/history.json: history[0] (sent thank_you at yesterday): 'at' is not a "
            "date and time with a UTC offset, like 2026-11-20T15:00:00-05:00.",
        ),
        (
            ["draft", str(NOTES), "--kind", "reminder", "--history", "{tmp}/nothere.json"],
            "{tmp}/nothere.json: cannot read the history file (No such file or directory).",
        ),
        (
            ["draft", str(NOTES), "--templates", "{tmp}/no-templates"],
            "The templates folder {tmp}/no-templates does not exist or is not a folder.",
        ),
        (
            ["draft", str(NOTES), "--tone", "cheeky"],
            "There is no 'cheeky' tone for thank_you drafts: thank_you/cheeky.txt.j2 was not "
            "found. The tones found in the built-in templates are 'formal', 'warm'.",
        ),
        (
            ["draft", str(NOTES), "--tone", "../x"],
            "tone must be a template name such as 'warm' or 'formal', not '../x'.",
        ),
    ],
)
def test_draft_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    _bad(tmp_path, "broken.json", "")
    _bad(tmp_path, "broken.toml", "oops\n")
    data = notes_data()
    data["candidate"] = {"name": "Sam Rivera", "email": "not-an-address"}
    write_notes(tmp_path, data, "bad_email.json")
    _bad(
        tmp_path,
        "history.json",
        json.dumps([{"event": "sent", "kind": "thank_you", "at": "yesterday"}]),
    )
    code, out, err = run(capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert (code, out) == (2, "")
    assert err == f"error: {message.format(tmp=tmp_path)}\n"


def test_bad_input_never_shows_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = notes_data()
    data["interviewers"] = []
    code, _, err = run(capsys, "draft", write_notes(tmp_path, data))
    assert code == 2
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert err.startswith(
        f"error: {tmp_path / 'notes.json'}: interviewers: must list at least 1 item"
    )


def test_invalid_json_on_stdin_names_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_stdin(monkeypatch, b"{")
    code, _, err = run(capsys, "draft", "-")
    assert code == 2
    assert err.startswith("error: <stdin>: not valid JSON: ")


def test_an_unreadable_notes_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "notes.json"
    folder.mkdir()
    code, _, err = run(capsys, "draft", folder)
    assert code == 2
    assert err == f"error: {folder}: cannot read the notes file (Is a directory).\n"


# --- lint ------------------------------------------------------------------------------

BODY = "Hi Ana,\n\nThanks!\nAny update on the timeline?\n"
FINDINGS = (
    Finding(
        code="FM201", name="pushy-timeline-question", category="pushy", severity="error",
        start=17, end=43, message="Asking about the timeline reads as pushy.",
        suggestion="Restate your interest instead.",
    ),
    Finding(
        code="FM601", name="missing-thanks", category="gratitude", severity="warning",
        start=0, end=0, message="Say thank you.",
    ),
    Finding(
        code="FM101", name="subject-too-long", category="length", severity="warning",
        start=4, end=9, message="Keep the subject short.", field="subject",
    ),
)  # fmt: skip


@pytest.fixture
def fake_lint(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Replace the engine: these tests are about the command line, not the rules."""
    seen: dict[str, object] = {}

    def fake(text: str, **kwargs: object) -> LintReport:
        seen.update(kwargs, text=text)
        return LintReport(findings=FINDINGS, word_count=len(text.split()))

    monkeypatch.setattr(cli, "lint", fake)
    return seen


def test_lint_text_lines_and_suggestions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_lint: dict[str, object]
) -> None:
    body = _bad(tmp_path, "body.txt", BODY)
    code, out, err = run(capsys, "lint", body, "--subject", "Thank you!", "--kind", "reminder")
    assert (code, err) == (1, "")
    assert out == (
        f"{body}:4:1: FM201 (pushy) pushy-timeline-question: Asking about the timeline "
        "reads as pushy.\n"
        "    suggestion: Restate your interest instead.\n"
        f"{body}:1:1: FM601 (gratitude) missing-thanks: Say thank you.\n"
        "<subject>:1:5: FM101 (length) subject-too-long: Keep the subject short.\n"
        f"{body}: 3 findings, 1 error.\n"
    )
    assert fake_lint["kind"] == "reminder"
    assert fake_lint["subject"] == "Thank you!"
    assert fake_lint["notes"] is None
    assert fake_lint["config"] is None


def test_lint_json_is_the_report_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fake_lint: object
) -> None:
    set_stdin(monkeypatch, BODY.encode())
    code, out, _ = run(capsys, "lint", "-", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data == json.loads(LintReport(findings=FINDINGS, word_count=8).to_json())
    assert data["ok"] is False
    assert data["findings"][0]["code"] == "FM201"


def test_lint_passes_notes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_lint: dict[str, object]
) -> None:
    run(capsys, "lint", _bad(tmp_path, "b.txt", BODY), "--notes", NOTES)
    assert isinstance(fake_lint["notes"], InterviewNotes)


def test_lint_clean_text_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    body = _bad(tmp_path, "clean.txt", "Hi Ana,\n\nThank you for your time on Tuesday.\n")
    code, out, _ = run(capsys, "lint", body)
    if code == 0:  # a real engine may flag a text this short; the exit status must agree
        assert out.endswith(f"{body}: no findings.\n") or ", 0 errors.\n" in out
    else:
        assert code == 1


def test_lint_only_warnings_exits_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        cli, "lint", lambda text, **_: LintReport(findings=FINDINGS[1:], word_count=1)
    )
    code, out, _ = run(capsys, "lint", _bad(tmp_path, "b.txt", BODY))
    assert code == 0
    assert out.endswith(": 2 findings, 0 errors.\n")


def test_lint_select_and_ignore_build_a_config(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fake_lint: dict[str, object],
) -> None:
    class FakeConfig:
        def __init__(self, **kwargs: object) -> None:
            self.kwargs = kwargs

    monkeypatch.setattr(import_module("followup_mail.linting"), "LintConfig", FakeConfig)
    body = _bad(tmp_path, "b.txt", BODY)
    run(capsys, "lint", body, "--select", "FM2, tone,pushy-timeline-question", "--ignore", "FM201")
    config = fake_lint["config"]
    assert isinstance(config, FakeConfig)
    assert config.kwargs == {
        "select": ("FM2", "tone", "pushy-timeline-question"),
        "ignore": ("FM201",),
    }


def test_lint_unknown_rule_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse(**kwargs: object) -> None:
        raise LintConfigError("Unknown rule 'FM999' in select.")

    monkeypatch.setattr(import_module("followup_mail.linting"), "LintConfig", refuse)
    code, out, err = run(capsys, "lint", _bad(tmp_path, "b.txt", BODY), "--select", "FM999")
    assert (code, out, err) == (2, "", "error: Unknown rule 'FM999' in select.\n")


def test_lint_unknown_rule_with_the_real_engine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "lint", _bad(tmp_path, "b.txt", BODY), "--ignore", "FM999")
    assert code == 2
    assert err.startswith("error: ")
    assert "FM999" in err


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "{file}: cannot read the file (No such file or directory)."),
        ("latin1", "{file}: not UTF-8 text (invalid continuation byte at byte 1)."),
    ],
)
def test_lint_bad_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, setup: str, message: str
) -> None:
    file = tmp_path / "body.txt"
    if setup == "latin1":
        file.write_bytes("Café au lait".encode("latin-1")[2:])
    code, _, err = run(capsys, "lint", file)
    assert (code, err) == (2, f"error: {message.format(file=file)}\n")


def test_lint_bad_notes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    body = _bad(tmp_path, "b.txt", BODY)
    code, _, err = run(capsys, "lint", body, "--notes", tmp_path / "none.toml")
    assert (code, err) == (
        2,
        f"error: {tmp_path / 'none.toml'}: cannot read the notes file "
        "(No such file or directory).\n",
    )


# --- next ------------------------------------------------------------------------------


def test_next_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "next", NOTES, "--now", "2026-11-24T16:00:00-05:00")
    assert code == 0
    assert out == (
        "action: send_thank_you\n"
        "not before: Wed 25 Nov 2026 14:00 EST\n"
        "not after: Thu 26 Nov 2026 14:00 EST\n"
        "reason: Send your thank-you between Wednesday 25 November 2026, 14:00 EST and "
        "Thursday 26 November 2026, 14:00 EST: waiting a little after the interview gives "
        "them time to consider you without feeling rushed.\n"
    )


def test_next_json_with_history(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    history = tmp_path / "h.json"
    history.write_text(
        json.dumps({"history": [{"event": "sent", "kind": "thank_you", "at": SENT}]})
    )
    code, out, _ = run(
        capsys, "next", NOTES, "--history", history, "--now", LATER, "--format", "json"
    )
    assert code == 0
    advice = json.loads(out)
    assert advice["action"] == "send_reminder"
    assert advice["not_before"] == "2026-11-27T15:00:00-05:00"
    assert advice["not_after"] == "2026-11-28T15:00:00-05:00"
    assert advice["reason"].startswith("No reply to your message.")


def test_next_stop_has_no_window(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    history = tmp_path / "h.json"
    history.write_text(
        json.dumps(
            [
                {"event": "sent", "kind": "thank_you", "at": SENT},
                {"event": "reply", "at": "2026-11-26T09:00:00-05:00", "says": "decision"},
            ]
        )
    )
    code, out, _ = run(capsys, "next", NOTES, "--history", history, "--now", LATER)
    assert code == 0
    assert out.startswith("action: stop\nreason: They told you their decision")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--now", "2026-11-28"],
            "argument --now: '2026-11-28' has no UTC offset; write it like "
            "2026-11-28T00:00:00-05:00 (see 'followup-mail next --help')",
        ),
        (
            ["--history", "{tmp}/h.json", "--now", "2026-11-24T16:00:00-05:00"],
            "history[0] (sent thank_you at 2026-11-25T15:00:00-05:00): is later than now "
            "(2026-11-24T16:00:00-05:00); the history can only hold what already happened.",
        ),
        (
            ["--history", "{tmp}/bad.json"],
            "{tmp}/bad.json: not valid JSON: Expecting value: line 1 column 1 (char 0).",
        ),
        (
            ["--history", "{tmp}/obj.json"],
            "{tmp}/obj.json: The history must be a list of events, not dict.",
        ),
    ],
)
def test_next_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: list[str], message: str
) -> None:
    (tmp_path / "h.json").write_text(
        json.dumps([{"event": "sent", "kind": "thank_you", "at": SENT}])
    )
    (tmp_path / "bad.json").write_text("")
    (tmp_path / "obj.json").write_text('{"event": "sent"}')
    code, out, err = run(capsys, "next", NOTES, *(a.format(tmp=tmp_path) for a in extra))
    assert (code, out) == (2, "")
    assert err == f"error: {message.format(tmp=tmp_path)}\n"


# --- schema, help, version, encoding ----------------------------------------------------


def test_schema_prints_the_notes_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out) == InterviewNotes.model_json_schema()
    assert out.startswith("{\n  ")


@pytest.mark.parametrize("command", ["draft", "lint", "next", "schema"])
def test_every_subcommand_has_help_with_an_example(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert f"usage: followup-mail {command}" in out
    assert "example" in out
    assert f"  followup-mail {command}" in out


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    assert out.startswith("usage: followup-mail")


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "send")
    assert code == 2
    assert err.startswith("error: argument COMMAND: invalid choice: 'send'")
    assert err.count("\n") == 1


def test_output_is_utf8_whatever_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(["draft", str(NOTES), "--interviewer", "Chloé Martin"]) == 0
    stdout.flush()
    assert "Hi Chloé,\n".encode() in raw.getvalue()


def test_python_m_followup_mail_version_and_help() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(cli.__file__).parents[1])}
    version = subprocess.run(
        [sys.executable, "-m", "followup_mail", "--version"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert (version.returncode, version.stdout) == (0, f"followup-mail {__version__}\n")
    helped = subprocess.run(
        [sys.executable, "-m", "followup_mail", "--help"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert helped.returncode == 0
    for command in ("draft", "lint", "next", "schema"):
        assert command in helped.stdout
