"""The command line on the same contract: notes errors, --sent-at, readable windows,
tones, file names, JSON drafts and re-runs that change nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from followup_mail import Draft, draft_thank_yous
from followup_mail.cli import _moment, main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "notes.json"
NOW = "2026-11-28T10:00:00-05:00"


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def notes_file(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / "notes.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 11, 25, 14, tzinfo=ZoneInfo("America/New_York")),
         "Wed 25 Nov 2026 14:00 EST"),
        (datetime(2026, 7, 1, 9, 5, tzinfo=ZoneInfo("America/New_York")),
         "Wed 1 Jul 2026 09:05 EDT"),
        (datetime(2026, 11, 25, 14, tzinfo=ZoneInfo("Asia/Kolkata")),
         "Wed 25 Nov 2026 14:00 IST"),
        # A zone whose abbreviation is its offset, a fixed offset, UTC.
        (datetime(2026, 11, 25, 14, tzinfo=ZoneInfo("Asia/Dubai")),
         "Wed 25 Nov 2026 14:00 +04:00"),
        (datetime(2026, 11, 29, 8, tzinfo=timezone(timedelta(hours=-5))),
         "Sun 29 Nov 2026 08:00 -05:00"),
        (datetime(2026, 11, 30, 23, 59, tzinfo=UTC), "Mon 30 Nov 2026 23:59 UTC"),
    ],
)
def test_windows_read_as_people_write_them(moment: datetime, shown: str) -> None:
    assert _moment(moment) == shown


def test_next_sent_at_is_a_history_of_one_sent_thank_you(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    notes = notes_file(tmp_path, example())
    history = tmp_path / "history.json"
    history.write_text(
        json.dumps([{"event": "sent", "kind": "thank_you", "at": "2026-11-25T15:00:00-05:00"}]),
        encoding="utf-8",
    )
    by_flag = run(capsys, "next", notes, "--sent-at", "2026-11-25T15:00:00-05:00", "--now", NOW)
    by_file = run(capsys, "next", notes, "--history", history, "--now", NOW)
    assert by_flag == by_file
    assert by_flag[1].startswith(
        "action: send_reminder\n"
        "not before: Fri 27 Nov 2026 15:00 EST\n"
        "not after: Sat 28 Nov 2026 15:00 EST\n"
    )


def test_next_sent_at_joins_the_history_in_time_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    notes = notes_file(tmp_path, example())
    history = tmp_path / "history.json"
    history.write_text(
        json.dumps(
            [{"event": "reply", "at": "2026-11-26T09:12:00-05:00", "says": "process_ongoing"}]
        ),
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "next", notes, "--history", history, "--sent-at", "2026-11-25T15:00:00-05:00",
        "--now", NOW, "--format", "json",
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["action"] == "stop"


def test_next_sent_at_without_an_offset_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    notes = notes_file(tmp_path, example())
    code, out, err = run(capsys, "next", notes, "--sent-at", "2026-11-25")
    assert (code, out) == (2, "")
    assert err == (
        "error: argument --sent-at: '2026-11-25' has no UTC offset; write it like "
        "2026-11-25T00:00:00-05:00 (see 'followup-mail next --help')\n"
    )


def test_next_json_keeps_iso_times(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(
        capsys, "next", notes_file(tmp_path, example()), "--format", "json",
        "--now", "2026-11-24T16:00:00-05:00",
    )
    assert code == 0
    advice = json.loads(out)
    assert (advice["not_before"], advice["not_after"]) == (
        "2026-11-25T14:00:00-05:00",
        "2026-11-26T14:00:00-05:00",
    )


def test_an_unknown_tone_lists_the_tones_found_in_the_folder_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    (folder / "thank_you").mkdir(parents=True)
    (folder / "thank_you" / "brief.txt.j2").write_text("Thanks, {{ greeting }}.\n", "utf-8")
    (folder / "thank_you" / "notes.md").write_text("not a template\n", "utf-8")
    (folder / "reminder").mkdir()
    (folder / "reminder" / "chatty.txt.j2").write_text("Hi again.\n", "utf-8")
    notes = notes_file(tmp_path, example())
    code, out, err = run(capsys, "draft", notes, "--templates", folder, "--tone", "cheeky")
    assert (code, out) == (2, "")
    assert err == (
        "error: There is no 'cheeky' tone for thank_you drafts: thank_you/cheeky.txt.j2 was "
        f"not found. The tones found in the built-in templates and {folder} are 'brief', "
        "'formal', 'warm'.\n"
    )
    code, out, _ = run(capsys, "draft", notes, "--templates", folder, "--tone", "brief")
    assert code == 0
    assert "\nThanks, Ana Lima.\n" in out


def test_bad_notes_on_the_command_line_name_the_field_in_our_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = example()
    data["interviewers"][1]["name"] = "Chloé\nMartin"
    data["interviewers"][2]["email"] = "raj@@example.com"
    path = notes_file(tmp_path, data)
    for command in ("draft", "next"):
        code, out, err = run(capsys, command, path)
        assert (code, out) == (2, "")
        assert err == (
            f"error: {path}: interviewers[1].name: must be a single line without control "
            "characters (found U+000A) (and 1 more problem).\n"
        )
    code, out, err = run(capsys, "lint", EXAMPLE, "--notes", path)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {path}: interviewers[1].name: must be a single line")


@pytest.mark.parametrize(
    ("names", "files"),
    [
        (["Søren Østergaard", "Łukasz Żółć", "Chloé Martin"],
         ["thank-you-chloe-martin.eml", "thank-you-lukasz-zolc.eml",
          "thank-you-soren-ostergaard.eml"]),
        (["王伟", "Дмитрий Иванов", "Ἀριστοτέλης"],
         ["thank-you-aristotelis.eml", "thank-you-dmitriy-ivanov.eml", "thank-you-wangwei.eml"]),
        (["Ana Lima", "Ana-Lima", "Ana.Lima"],
         ["thank-you-ana-lima-2.eml", "thank-you-ana-lima-3.eml", "thank-you-ana-lima.eml"]),
        (["Zoë", "Zoe", "¿?"],
         ["thank-you-interviewer-3.eml", "thank-you-zoe-2.eml", "thank-you-zoe.eml"]),
    ],
)
def test_eml_file_names_are_transliterated_and_never_collide(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, names: list[str], files: list[str]
) -> None:
    data = example()
    data["interviewers"] = [{"name": name} for name in names]
    out_dir = tmp_path / "out"
    code, _, _ = run(capsys, "draft", notes_file(tmp_path, data), "--format", "eml", "-o", out_dir)
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == files


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "eml", "-o", "{tmp}/drafts"],
        ["--format", "eml", "--interviewer", "Ana Lima", "-o", "{tmp}/ana.eml"],
        ["--format", "json", "-o", "{tmp}/drafts.json"],
        ["-o", "{tmp}/drafts.txt"],
        ["--kind", "reminder", "--sent-at", "2026-11-25T15:00:00-05:00", "--now", NOW,
         "--format", "eml", "-o", "{tmp}/reminders"],
    ],
)
def test_a_re_run_with_o_changes_nothing_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    notes = notes_file(tmp_path, example())
    args = [a.format(tmp=tmp_path) for a in argv]
    code, _, first = run(capsys, "draft", notes, *args)
    assert code == 0
    assert first.startswith("wrote ")
    snapshot = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code, _, again = run(capsys, "draft", notes, *args)
    assert code == 0
    assert again == first.replace("wrote ", "unchanged ")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == snapshot


def test_the_json_the_cli_prints_is_the_drafts_json_form(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = example()
    code, out, _ = run(capsys, "draft", notes_file(tmp_path, data), "--format", "json")
    assert code == 0
    printed = json.loads(out)
    drafts = draft_thank_yous(data)
    assert printed == [json.loads(draft.to_json()) for draft in drafts]
    assert [Draft.from_json(item) for item in printed] == drafts
