"""Live custom templates: edits, replacements and deletions are seen in a running process."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import followup_mail
from followup_mail import TemplateSecurityError, clear_template_cache, draft_thank_you
from followup_mail.templating import _environment, render

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "notes.json"
NOTES: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
BUILTIN_GREETING = "Hi Ana,"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def first_line(templates: Path) -> str:
    return draft_thank_you(NOTES, templates=templates).body.splitlines()[0]


def test_a_custom_template_is_edited_replaced_and_deleted_in_a_running_process(
    tmp_path: Path,
) -> None:
    warm = tmp_path / "thank_you" / "warm.txt.j2"
    # Not there yet: the built-in template.
    (tmp_path / "thank_you").mkdir()
    assert first_line(tmp_path) == BUILTIN_GREETING
    # Added over the built-in one.
    write(warm, "Version one, {{ greeting_first }}.\n")
    assert first_line(tmp_path) == "Version one, Ana."
    # Edited in place (same length: the size alone would not tell).
    write(warm, "Version two, {{ greeting_first }}.\n")
    assert first_line(tmp_path) == "Version two, Ana."
    # Replaced by a rename, as editors save, even with the same size and time.
    info = warm.stat()
    new = tmp_path / "thank_you" / ".warm.txt.j2.new"
    write(new, "Version III, {{ greeting_first }}.\n")
    os.utime(new, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert new.stat().st_size == info.st_size
    os.replace(new, warm)
    assert first_line(tmp_path) == "Version III, Ana."
    # Deleted: the built-in template again.
    warm.unlink()
    assert first_line(tmp_path) == BUILTIN_GREETING


def test_an_included_template_is_live_too(tmp_path: Path) -> None:
    write(tmp_path / "thank_you" / "warm.txt.j2", "{% include 'thank_you/part.txt.j2' %}\n")
    write(tmp_path / "thank_you" / "part.txt.j2", "Part one.")
    assert first_line(tmp_path) == "Part one."
    write(tmp_path / "thank_you" / "part.txt.j2", "Part two, longer.")
    assert first_line(tmp_path) == "Part two, longer."


def test_a_link_swapped_in_after_the_first_render_is_still_refused(tmp_path: Path) -> None:
    folder, outside = tmp_path / "t", tmp_path / "secret.txt"
    write(folder / "thank_you" / "warm.txt.j2", "Inside.\n")
    write(outside, "Outside.\n")
    assert first_line(folder) == "Inside."
    (folder / "thank_you" / "warm.txt.j2").unlink()
    (folder / "thank_you" / "warm.txt.j2").symlink_to(outside)
    with pytest.raises(TemplateSecurityError, match="leads outside the templates folder"):
        draft_thank_you(NOTES, templates=folder)


def test_built_in_templates_are_compiled_once_and_never_checked() -> None:
    env = _environment(None, False)
    assert env.auto_reload is False
    render("thank_you/subject.txt.j2", {"role": "R", "company": "C", "max_subject": 60})
    cached = dict(env.cache or {})
    render("thank_you/subject.txt.j2", {"role": "R", "company": "C", "max_subject": 60})
    assert dict(env.cache or {}) == cached


def test_a_custom_folder_checks_its_files(tmp_path: Path) -> None:
    assert _environment(str(tmp_path.resolve()), False).auto_reload is True


def test_clear_template_cache_drops_every_environment(tmp_path: Path) -> None:
    assert followup_mail.clear_template_cache is clear_template_cache
    before = _environment(None, False)
    assert _environment(None, False) is before
    clear_template_cache()
    assert _environment(None, False) is not before


def test_clear_template_cache_sees_an_edit_that_kept_its_time_and_size(tmp_path: Path) -> None:
    warm = tmp_path / "thank_you" / "warm.txt.j2"
    write(warm, "Old text, {{ greeting_first }}.\n")
    assert first_line(tmp_path) == "Old text, Ana."
    info = warm.stat()
    # Written in place with its old time restored, as a backup tool would.
    with warm.open("r+", encoding="utf-8") as file:
        file.write("New")
    os.utime(warm, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert first_line(tmp_path) == "Old text, Ana."  # nothing tells the edit
    clear_template_cache()
    assert first_line(tmp_path) == "New text, Ana."
