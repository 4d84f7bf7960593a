"""Built-in templates compiled once per user: Jinja's bytecode cache in the cache folder.

A fresh process reads the compiled built-in templates instead of compiling them (about a
twentieth of a first draft's CPU time). The cache only saves time: whatever the folder
holds (nothing, a stale file, a corrupt one) or cannot hold (a read-only disk), the drafts
are what compiling gives; a folder that others could write to is not used at all, since
what it holds is code. Custom folders are never cached this way (they stay live).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

import followup_mail
from followup_mail import TemplateVariableError, _lexicon, draft_thank_yous, templating
from followup_mail.drafting import _context
from followup_mail.models import parse_notes
from followup_mail.templating import (
    _bytecode_cache,
    _BytecodeCache,
    _environment,
    _render_trusted,
    builtin_template_dir,
    clear_template_cache,
    render,
)

ROOT = Path(__file__).resolve().parents[1]
NOTES = json.loads((ROOT / "examples" / "notes.json").read_text(encoding="utf-8"))
PACKAGE = str(Path(followup_mail.__file__).resolve().parents[1])  # the one under test
OPTIONS: dict[str, object] = {"undefined": StrictUndefined, "trim_blocks": True}
BUILT_IN = ("thank_you/warm.txt.j2", "thank_you/subject.txt.j2", "html/body.html.j2")


def _seed(folder: Path, *, everything: bool) -> None:
    """Point the lexicon at *folder*, with the slow derived data copied from the default
    folder when it has it (the lexicon; *everything*: the lint rules' too, for a new
    process), so that only templates are compiled there."""
    import shutil

    _lexicon.configure()
    default, lexicon = _lexicon.cache_dir(), _lexicon.cache_path()
    folder.mkdir(parents=True, exist_ok=True)
    if default is not None and default.is_dir():
        for file in default.iterdir():
            wanted = file == lexicon or (everything and not file.name.startswith("lexicon-"))
            if wanted and file.is_file() and not file.name.startswith("."):
                shutil.copyfile(file, folder / file.name)
    _lexicon.configure(folder)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    """A fresh cache folder, and environments built anew to use it."""
    folder = tmp_path / "cache"
    _seed(folder, everything=False)
    clear_template_cache()
    yield folder
    _lexicon.configure()
    clear_template_cache()


def compiled(folder: Path) -> list[Path]:
    return sorted(folder.glob("templates-*/*.cache"))


def drafts() -> list[tuple[str, str, str | None]]:
    return [(d.subject, d.body, d.html) for d in draft_thank_yous(NOTES)]


def refuse_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def compile_(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("compiled a template the cache holds")

    monkeypatch.setattr(Environment, "compile", compile_)


# --- what is written and read -----------------------------------------------------------


def test_the_first_draft_writes_each_built_in_template_it_used(cache: Path) -> None:
    drafts()
    files = compiled(cache)
    assert len(files) == len(BUILT_IN)
    # Text and HTML environments compile differently (autoescaping): two folders.
    assert len({f.parent for f in files}) == 2
    for file in files:
        assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700


def test_a_new_environment_reads_them_instead_of_compiling(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = drafts()
    clear_template_cache()  # as a new process: nothing compiled in memory
    refuse_compile(monkeypatch)
    assert drafts() == before


def test_a_new_process_drafts_the_same_from_the_cache(cache: Path) -> None:
    code = (
        "import json, sys\nfrom followup_mail import draft_thank_yous\n"
        "drafts = draft_thank_yous(json.loads(sys.stdin.read()))\n"
        "print(json.dumps([[d.subject, d.body, d.html] for d in drafts]))"
    )
    env = {**os.environ, "PYTHONPATH": PACKAGE, "FOLLOWUP_MAIL_CACHE_DIR": str(cache)}
    _seed(cache, everything=True)

    def run() -> Any:
        out = subprocess.run(
            [sys.executable, "-c", code], input=json.dumps(NOTES), env=env, check=True,
            capture_output=True, text=True, encoding="utf-8",
        ).stdout
        return json.loads(out)

    first = run()
    written = {f: f.read_bytes() for f in compiled(cache)}
    assert len(written) == len(BUILT_IN)
    assert run() == first == [list(d) for d in drafts()]
    assert {f: f.read_bytes() for f in compiled(cache)} == written  # read, not rewritten


@pytest.mark.parametrize(
    "content", [b"", b"j2", b"j2\x80\x04garbage", b"\x00" * 64], ids=["empty", "magic-only",
                                                                      "garbage", "zeros"]
)
def test_a_corrupt_file_is_compiled_again_and_replaced(cache: Path, content: bytes) -> None:
    before = drafts()
    files = compiled(cache)
    good = {f: f.read_bytes() for f in files}
    for file in files:
        file.write_bytes(content)
    clear_template_cache()
    assert drafts() == before
    assert {f: f.read_bytes() for f in compiled(cache)} == good


def test_a_file_cut_short_is_compiled_again(cache: Path) -> None:
    before = drafts()
    for file in compiled(cache):
        data = file.read_bytes()
        file.write_bytes(data[: len(data) // 2])
    clear_template_cache()
    assert drafts() == before


@pytest.mark.parametrize("tail", [b"", b"\xff", b"(garbage", b"\x80\x04\x95"],
                         ids=["nothing", "bad-opcode", "garbage", "cut-pickle"])
def test_jinjas_header_then_garbage_is_compiled_again(cache: Path, tail: bytes) -> None:
    """Past Jinja's header comes a pickled digest, which Jinja reads unguarded."""
    from jinja2.bccache import bc_magic

    before = drafts()
    for file in compiled(cache):
        assert file.read_bytes().startswith(bc_magic)
        file.write_bytes(bc_magic + tail)
    clear_template_cache()
    assert drafts() == before


def test_changed_source_is_compiled_again(cache: Path, tmp_path: Path) -> None:
    """Jinja keeps a digest of the source in each file: an edit is never read stale."""
    source = tmp_path / "templates" / "t.txt.j2"
    source.parent.mkdir()
    bytecode = _bytecode_cache(OPTIONS)
    assert bytecode is not None

    def rendered() -> str:
        env = Environment(loader=FileSystemLoader(source.parent), bytecode_cache=bytecode)
        return env.get_template("t.txt.j2").render(name="Ana")

    source.write_text("Hi {{ name }}.", encoding="utf-8")
    assert rendered() == "Hi Ana."
    source.write_text("Dear {{ name }}.", encoding="utf-8")
    assert rendered() == "Dear Ana."
    assert len(list(Path(bytecode.directory).iterdir())) == 1  # replaced, one per template


# --- where, and when not ----------------------------------------------------------------


def test_the_folder_is_named_after_jinja_and_the_options(cache: Path) -> None:
    choices: dict[str, dict[str, object]] = {
        "text": {"autoescape": False, **OPTIONS},
        "html": {"autoescape": True, **OPTIONS},
        "text again": {**OPTIONS, "autoescape": False},
        "no strict": {"autoescape": False},
    }
    folders = {name: _bytecode_cache(options) for name, options in choices.items()}
    dirs = {name: c.directory for name, c in folders.items() if c is not None}
    assert len(dirs) == 4
    assert dirs["text"] == dirs["text again"]  # the order options are given in is no matter
    assert len({dirs["text"], dirs["html"], dirs["no strict"]}) == 3
    assert all(Path(d).parent == cache and Path(d).name.startswith("templates-")
               for d in dirs.values())


def test_another_jinja_or_python_gets_a_folder_of_its_own(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    def folder() -> str:
        made = _bytecode_cache(OPTIONS)
        assert made is not None
        return str(made.directory)

    here = folder()
    monkeypatch.setattr(templating, "jinja_version", "0.0.1")
    other_jinja = folder()
    monkeypatch.undo()
    monkeypatch.setattr(sys, "implementation", SimpleNamespace(cache_tag="pypy311"))
    other_python = folder()
    monkeypatch.undo()
    assert len({here, other_jinja, other_python}) == 3
    assert folder() == here


def test_the_cache_turned_off_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_MAIL_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    _lexicon.configure()
    clear_template_cache()
    try:
        assert _bytecode_cache(OPTIONS) is None
        assert _environment(None, False).bytecode_cache is None
        drafts()
        assert list(tmp_path.iterdir()) == []
    finally:
        clear_template_cache()


def test_a_folder_that_cannot_be_made_leaves_compiling(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    _lexicon.configure(blocker / "cache")
    clear_template_cache()
    try:
        assert _bytecode_cache(OPTIONS) is None
        assert drafts()
    finally:
        _lexicon.configure()
        clear_template_cache()


def test_a_file_that_cannot_be_written_costs_time_only(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*args: Any, **kwargs: Any) -> Any:  # as a full or read-only disk would
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    before = drafts()
    assert compiled(cache) == []
    clear_template_cache()
    assert drafts() == before


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757, 0o720, 0o702])
def test_a_folder_others_can_write_is_not_used(cache: Path, mode: int) -> None:
    probe = _bytecode_cache(OPTIONS)
    assert probe is not None
    folder = Path(probe.directory)
    folder.chmod(mode)
    try:
        assert _bytecode_cache(OPTIONS) is None
    finally:
        folder.chmod(0o700)
    assert _bytecode_cache(OPTIONS) is not None
    folder.chmod(0o750)  # readable by the group, writable by no one else: fine
    assert _bytecode_cache(OPTIONS) is not None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_folder_of_another_user_is_not_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _bytecode_cache(OPTIONS) is not None
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    assert _bytecode_cache(OPTIONS) is None


def test_custom_folders_are_not_cached(cache: Path, tmp_path: Path) -> None:
    custom = tmp_path / "custom"
    custom.mkdir()
    assert _environment(str(custom.resolve()), False).bytecode_cache is None
    assert isinstance(_environment(None, False).bytecode_cache, _BytecodeCache)


# --- rendering without the globals copy -------------------------------------------------


def _contexts() -> Iterator[dict[str, object]]:
    notes = parse_notes(NOTES)
    for index, person in enumerate(notes.interviewers):
        context = {
            **_context(notes, person, index),
            "topic": person.topics[0] if person.topics else None,  # reminders cite one
            "topic_shape": "about",
            "paragraphs": [["One", "<two>"]],
            "paragraphs_html": [Markup("One<br>\n&lt;two&gt;")],
        }
        yield context
        yield {**context, "late": True}


@pytest.mark.parametrize(
    "name",
    sorted(
        str(p.relative_to(builtin_template_dir())).replace(os.sep, "/")
        for p in builtin_template_dir().rglob("*.j2")
    ),
)
def test_every_built_in_template_renders_as_jinja_renders_it(name: str) -> None:
    env = _environment(None, templating._is_html(name))
    template = env.get_template(name)
    for context in _contexts():
        assert _render_trusted(template, context) == template.render(context)


def test_a_variable_shadows_a_jinja_global_as_in_template_render() -> None:
    template = Environment().from_string("{{ range }}|{{ dict(a=1) }}")
    context = {"range": "mine"}
    assert _render_trusted(template, context) == template.render(context) == "mine|{'a': 1}"


def test_a_missing_variable_in_a_built_in_template_names_it() -> None:
    with pytest.raises(TemplateVariableError, match="'role'") as caught:
        render("thank_you/subject.txt.j2", {"company": "Acme", "max_subject": 60})
    assert caught.value.variable == "role"


def test_clear_template_cache_drops_the_copied_globals() -> None:
    env = _environment(None, False)
    templating._globals(env.get_template("thank_you/subject.txt.j2"))
    assert templating._globals.cache_info().currsize > 0
    clear_template_cache()
    assert templating._globals.cache_info().currsize == 0


# --- what a draft imports ---------------------------------------------------------------


def test_drafting_loads_the_email_package_only_for_a_message() -> None:
    code = (
        "import json, sys\nfrom followup_mail import draft_thank_you\n"
        "draft = draft_thank_you(json.loads(sys.stdin.read()))\n"
        "before = 'email.policy' in sys.modules\ndraft.to_eml()\n"
        "print(before, 'email.policy' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": PACKAGE}
    out = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(NOTES), env=env, check=True,
        capture_output=True, text=True, encoding="utf-8",
    ).stdout
    assert out.split() == ["False", "True"]
