"""Every finding the linter gives on a fixed set of texts, as JSON: the safety net of
an engine change that must not change a single finding.

Run from the repository root::

    PYTHONPATH=src python bench/findings_snapshot.py --save before.json   # on the old engine
    PYTHONPATH=src python bench/findings_snapshot.py --check before.json  # on the new one

The texts: every email of ``tests/corpus/*.toml`` (with its kind, notes, subject and
interviewer, then alone, then as a reminder), each built-in draft of ``examples/notes.json``
(every interviewer and tone, and the reminder), every should-flag and should-pass example
of the rules, a few rewritings of each corpus email (capitals, doubled words, sentences
run together or cut up, questions) and seeded random texts made of the word classes'
entries, so that the clause rules meet many sentences no one wrote; each under the
default configuration and a few others. ``--check`` prints the first differences and
exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "corpus")]

from corpus import load  # noqa: E402

from followup_mail import (  # noqa: E402
    LintConfig,
    available_tones,
    draft_reminder,
    draft_thank_yous,
    load_notes,
)
from followup_mail.linting import lint, rules  # noqa: E402
from followup_mail.models import InterviewNotes  # noqa: E402

# (id, text, lint keyword arguments)
Case = tuple[str, str, dict[str, Any]]

CONFIGS = {
    "default": None,
    "pushy-only": LintConfig(select=["pushy"]),
    "no-phrases": LintConfig(ignore=["FM2", "FM3"]),
    "tight": LintConfig(max_sentence_words=8, max_words_thank_you=40, min_words=60,
                        max_subject_chars=10),
}
RANDOM_TEXTS = 1500
PUNCTUATION = (". ", "? ", "! ", "; ", ", ", " ", " ", " ", "\n", "\n\n", ".. ", " - ")


def _rewritings(text: str) -> Iterator[tuple[str, str]]:
    words = text.split(" ")
    yield "upper", text.upper()
    yield "doubled", " ".join(w for i, w in enumerate(words) for _ in range(1 + (i % 5 == 2)))
    yield "run-on", text.replace(". ", ", ").replace("\n", " ")
    yield "cut", text.replace(", ", ". ").replace(" and ", ". And ")
    yield "questions", text.replace(". ", "? ")
    yield "curly", text.replace("'", "\u2019").replace('"', "\u201c")


def _random_texts() -> Iterator[str]:
    words_toml = ROOT / "src" / "followup_mail" / "linting" / "words.toml"
    data = tomllib.loads(words_toml.read_text(encoding="utf-8"))
    entries = sorted(
        {e for values in data["classes"].values() for e in values if e != "?"}
        | set(data["stopwords"])
    )
    rng = random.Random(20261129)
    for _ in range(RANDOM_TEXTS):
        parts: list[str] = []
        for _ in range(rng.randint(1, 40)):
            entry = rng.choice(entries)
            if rng.random() < 0.05:  # a typo: two letters swapped
                k = rng.randrange(max(1, len(entry) - 1))
                entry = entry[:k] + entry[k + 1 : k + 2] + entry[k : k + 1] + entry[k + 2 :]
            parts.append(entry.capitalize() if rng.random() < 0.1 else entry)
            parts.append(rng.choice(PUNCTUATION))
        yield "".join(parts)


def cases() -> Iterator[Case]:
    files = sorted(p.name for p in (ROOT / "tests" / "corpus").glob("*.toml"))
    for name in files:
        if name == "notes.toml":
            continue
        for e in load(only=name):
            full = {"kind": e.kind, "notes": e.notes, "subject": e.subject,
                    "interviewer": e.interviewer}
            yield f"{e.id}", e.text, full
            yield f"{e.id}/alone", e.text, {}
            yield f"{e.id}/reminder", e.text, {"kind": "reminder"}
            for how, text in _rewritings(e.text):
                yield f"{e.id}/{how}", text, {"kind": e.kind, "notes": e.notes}
            if e.subject:
                yield f"{e.id}/subject-as-body", e.subject, {"subject": e.text}
    notes = load_notes(ROOT / "examples" / "notes.json")
    for tone in available_tones():
        for i, d in enumerate(draft_thank_yous(notes, tone=tone)):
            yield f"draft/{tone}/{i}", d.body, {"notes": notes, "subject": d.subject,
                                                 "interviewer": i}
        reminder = draft_reminder(
            notes, thank_you_sent_at=notes.interviewed_at + timedelta(hours=24),
            now=notes.interviewed_at + timedelta(days=5), tone=tone,
        )
        yield f"draft/{tone}/reminder", reminder.body, {
            "kind": "reminder", "notes": notes, "subject": reminder.subject,
        }
    for rule in rules():
        for j, text in enumerate(rule.examples_flag):
            yield f"{rule.code}/flag/{j}", text, {}
        for j, text in enumerate(rule.examples_pass):
            yield f"{rule.code}/pass/{j}", text, {}
    for k, text in enumerate(_random_texts()):
        yield f"random/{k}", text, {"kind": ("thank_you", "reminder")[k % 2]}


def snapshot() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for ident, text, kwargs in cases():
        for name, config in CONFIGS.items():
            if name != "default" and not ident.startswith(("random/", "draft/")) and "/" in ident:
                continue  # the other configurations: on whole corpus emails, drafts, random
            report = lint(text, config=config, **kwargs)
            out[f"{ident}@{name}"] = [report.word_count] + [
                [f.field, f.code, f.start, f.end, f.severity, f.message, f.suggestion]
                for f in report.findings
            ]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the snapshot to this file")
    group.add_argument("--check", type=Path, help="compare with the snapshot in this file")
    args = parser.parse_args()
    InterviewNotes.model_rebuild()
    got = snapshot()
    findings = sum(len(v) - 1 for v in got.values())
    if args.save:
        args.save.write_text(json.dumps(got, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"saved {len(got)} lint runs, {findings} findings, to {args.save}")
        return 0
    want = json.loads(args.check.read_text(encoding="utf-8"))
    differ = [k for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
    for key in differ[:10]:
        print(f"{key}:\n  before {want.get(key)}\n  now    {got.get(key)}")
    print(f"{len(got)} lint runs, {findings} findings; {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
