"""Drafting from several threads gives the same drafts as drafting one at a time.

Jinja environments are built lazily and cached (one per template folder), so the first
renders race to build them; the results must not depend on who wins.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from followup_mail import Draft, draft_reminder, draft_thank_you, draft_thank_yous

NOTES = json.loads(
    (Path(__file__).resolve().parents[1] / "examples" / "notes.json").read_text(encoding="utf-8")
)
SENT = datetime.fromisoformat("2026-11-25T15:00:00-05:00")
NOW = datetime.fromisoformat("2026-11-28T10:00:00-05:00")
THREADS = 8


def jobs(templates: Path | None) -> list[Callable[[], list[Draft]]]:
    """A dozen different drafting calls, with and without the custom folder."""
    calls: list[Callable[[], list[Draft]]] = []
    for tone in ("warm", "formal"):
        calls.append(lambda tone=tone: draft_thank_yous(NOTES, tone=tone, templates=templates))
        for person in range(3):
            calls.append(
                lambda tone=tone, person=person: [
                    draft_thank_you(NOTES, person, tone=tone, templates=templates),
                    draft_reminder(
                        NOTES, person, thank_you_sent_at=SENT, now=NOW, tone=tone,
                        templates=templates,
                    ),
                ]
            )  # fmt: skip
    return calls


@pytest.mark.parametrize("custom", [False, True])
def test_threads_draft_what_a_single_thread_drafts(tmp_path: Path, custom: bool) -> None:
    templates: Path | None = None
    if custom:
        templates = tmp_path / "templates"
        (templates / "thank_you").mkdir(parents=True)
        (templates / "thank_you" / "warm.txt.j2").write_text(
            "Hi {{ greeting_first }},\n\nThanks for talking about {{ topics | join_natural }}.\n\n"
            "-- {{ candidate.name }} (sent with MyTracker)\n",
            encoding="utf-8",
        )
    calls = jobs(templates) * 2
    # Threads first, while the environment cache for the folder is still cold.
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        parallel = list(pool.map(lambda call: call(), calls))
    serial = [call() for call in calls]
    assert parallel == serial
    if custom:
        assert serial[0][0].body.endswith("-- Sam Rivera (sent with MyTracker)\n")


def test_threads_with_many_folders(tmp_path: Path) -> None:
    """Different folders at once: each thread gets its own folder's templates."""
    folders = []
    for index in range(THREADS):
        folder = tmp_path / f"t{index}"
        (folder / "thank_you").mkdir(parents=True)
        (folder / "thank_you" / "warm.txt.j2").write_text(
            f"Template {index} for {{{{ greeting_first }}}}."
        )
        folders.append(folder)

    def draft(index: int) -> str:
        return draft_thank_you(NOTES, index % 3, templates=folders[index]).body

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        bodies = list(pool.map(draft, range(THREADS)))
    names = ("Ana", "Chloé", "Raj")
    assert bodies == [f"Template {i} for {names[i % 3]}.\n" for i in range(THREADS)]
