"""Every draft the repository's notes give, dumped to JSON: a safety net for speed work.

    PYTHONPATH=src python bench/draft_snapshot.py OUT.json
    PYTHONPATH=src python bench/draft_snapshot.py OUT.json --against BASELINE.json

Drafts the notes of ``examples/``, ``tests/phrasing/blind_notes/``, every case of
``tests/phrasing/corpus.toml`` and every table of ``tests/corpus/notes.toml``: a thank-you
per interviewer in both tones (built-in and ``examples/custom_templates``), a late one, and
a forced reminder; and dumps each draft's subject, body, HTML, lint findings, Message-ID,
``.eml`` bytes, JSON form and file name. With ``--against`` it prints every difference and
exits 1 when there is one: a change meant only to be faster must leave none.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "phrasing")]

from test_phrasing_corpus import notes_data  # noqa: E402

from followup_mail import (  # noqa: E402
    Draft,
    FollowupMailError,
    InterviewNotes,
    draft_reminder,
    draft_thank_you,
    draft_thank_yous,
    parse_notes,
)
from followup_mail.draft import file_names  # noqa: E402

CUSTOM = ROOT / "examples" / "custom_templates"
def _phrasing_notes(case: dict[str, Any]) -> dict[str, Any]:
    """The phrasing corpus's notes for one case, with its send-time offsets kept."""
    data = notes_data(case)
    if case["field"] in ("reminder_days", "thank_you_days"):
        data[f"_{case['field']}"] = case["note"]
    return data


def all_notes() -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    example = ROOT / "examples" / "notes.json"
    out.append(("examples/notes.json", json.loads(example.read_text("utf-8"))))
    for path in sorted((ROOT / "tests/phrasing/blind_notes").glob("*.json")):
        out.append((f"blind/{path.name}", json.loads(path.read_text("utf-8"))))
    cases = tomllib.loads((ROOT / "tests/phrasing/corpus.toml").read_text("utf-8"))["case"]
    for i, case in enumerate(cases):
        out.append((f"phrasing/{i}:{case['field']}:{case['note']}", _phrasing_notes(case)))
    tables = tomllib.loads((ROOT / "tests/corpus/notes.toml").read_text("utf-8"))
    for name, table in tables.items():
        out.append((f"corpus/{name}", table))
    return out


def dump(draft: Draft) -> dict[str, Any]:
    return {
        "subject": draft.subject,
        "body": draft.body,
        "html": draft.html,
        "findings": [f.model_dump(mode="json") for f in draft.lint.findings],
        "word_count": draft.lint.word_count,
        "message_id": draft.message_id,
        "send_after": draft.send_after.isoformat(),
        "send_before": None if draft.send_before is None else draft.send_before.isoformat(),
        "json": draft.to_json(),
        "eml_sha256": hashlib.sha256(draft.to_eml()).hexdigest(),
        "edited_body_findings": [
            f.model_dump(mode="json")
            for f in draft.with_body(draft.body + "\nJust checking in.\n").lint.findings
        ],
    }


def _runs(notes: InterviewNotes, raw: dict[str, Any]) -> dict[str, Callable[[], list[Draft]]]:
    """Each way the snapshot drafts *notes*, by name."""
    data = {k: v for k, v in raw.items() if not k.startswith("_")}
    start = notes.interviewed_at
    late = start + timedelta(days=raw.get("_thank_you_days", 10))
    sent = start + timedelta(days=raw.get("_reminder_days", 1), hours=1)
    runs: dict[str, Callable[[], list[Draft]]] = {}
    for tone in ("warm", "formal"):
        runs[f"thank_yous/{tone}"] = partial(draft_thank_yous, notes, tone=tone)
        runs[f"custom/{tone}"] = partial(draft_thank_yous, notes, tone=tone, templates=CUSTOM)
        runs[f"late/{tone}"] = partial(
            lambda t: [draft_thank_you(notes, 0, tone=t, now=late)], tone
        )
        runs[f"reminder/{tone}"] = partial(
            lambda t: [
                draft_reminder(notes, i, thank_you_sent_at=sent, now=sent + timedelta(days=3),
                               tone=t, force=True)
                for i in range(len(notes.interviewers))
            ],
            tone,
        )
    # Dicts and JSON text go through parse_notes too.
    runs["from_dict"] = lambda: [draft_thank_you(data)]
    runs["from_text"] = lambda: [draft_thank_you(json.dumps(data))]
    return runs


def snapshot() -> dict[str, Any]:
    result: dict[str, Any] = {}
    for label, raw in all_notes():
        try:
            notes = parse_notes({k: v for k, v in raw.items() if not k.startswith("_")})
        except FollowupMailError as exc:
            result[label] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        entry: dict[str, Any] = {}
        for name, run in _runs(notes, raw).items():
            try:
                drafts = run()
            except FollowupMailError as exc:
                entry[name] = {"error": f"{type(exc).__name__}: {exc}"}
                continue
            entry[name] = {"files": file_names(drafts), "drafts": [dump(d) for d in drafts]}
        result[label] = entry
    return result


def _diff(old: Any, new: Any, where: str, out: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                out.append(f"{where}/{key}: only in {'new' if key in new else 'baseline'}")
            else:
                _diff(old[key], new[key], f"{where}/{key}", out)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _diff(a, b, f"{where}[{i}]", out)
    elif old != new:
        out.append(f"{where}: {old!r:.200} -> {new!r:.200}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path, help="a baseline written by this script")
    args = parser.parse_args()
    data = snapshot()
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True), "utf-8")
    drafts = sum(
        len(run.get("drafts", []))
        for entry in data.values() if "error" not in entry
        for run in entry.values()
    )
    print(f"{len(data)} notes, {drafts} drafts written to {args.out}")
    if args.against is None:
        return 0
    differences: list[str] = []
    _diff(json.loads(args.against.read_text("utf-8")), data, "", differences)
    for line in differences[:50]:
        print(line)
    print(f"{len(differences)} differences from {args.against}")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
