"""The morphology cache (``_lexicon.py``): lemminflect's answers, read without lemminflect.

The cache must never change a draft: every stored answer equals lemminflect's, a word the
cache lacks gets lemminflect's answer, and a cache that cannot be read or written (a
read-only folder, a truncated file, a file that is not SQLite, a file of another
lemminflect) leaves lemminflect answering. Drafts of the phrasing corpus are the same
from the cache and from plain lemminflect.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import lemminflect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_mail import _lexicon, draft_thank_yous, drafting, phrasing, templating
from followup_mail.phrasing import material_phrase, strength_phrase, topic_phrase, word_forms

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CASES: list[dict[str, Any]] = tomllib.loads((HERE / "corpus.toml").read_text("utf-8"))["case"]
BLIND = sorted((HERE / "blind_notes").glob("*.json"))
_ENGINE = importlib.import_module("followup_mail.linting._engine")


def _clear_caches() -> None:
    """Forget every per-phrase answer, so the next one asks the lexicon again."""
    modules: tuple[ModuleType, ...] = (phrasing, drafting, templating, _ENGINE)
    for module in modules:
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and value is not phrasing.words:
                value.cache_clear()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache file built once for this module (in a folder of its own)."""
    folder = tmp_path_factory.mktemp("lexicon")
    _lexicon.configure(folder)
    assert _lexicon.source() == "cache"
    path = _lexicon.cache_path()
    assert path is not None
    assert path.is_file()
    yield path
    _lexicon.configure()
    _clear_caches()


@pytest.fixture
def mode(built: Path) -> Iterator[Callable[[bool], None]]:
    """``mode(True)``: answers from the built cache; ``mode(False)``: from lemminflect."""

    def use(cached: bool) -> None:
        _lexicon.configure(built.parent, use_cache=cached)
        _clear_caches()

    yield use
    use(True)


def _broken_folder(tmp_path: Path, built: Path, damage: Callable[[Path], None]) -> Path:
    """A copy of the built cache under its own name, damaged."""
    folder = tmp_path / "cache"
    folder.mkdir()
    copy = folder / built.name
    shutil.copyfile(built, copy)
    damage(copy)
    return folder


def _truncate(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)


def _last_page_cut(path: Path) -> None:
    """The tables' last page gone: the file opens, most words read, some do not."""
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size - 4096)


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a database\n" * 100)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _other_version(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = 'another lemminflect' WHERE key = 'source'")
    db.commit()
    db.close()


def _other_format(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    db.commit()
    db.close()


def _half_built(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("DELETE FROM meta WHERE key = 'complete'")
    db.commit()
    db.close()


DAMAGE = {
    "truncated": _truncate,
    "last page cut": _last_page_cut,
    "not sqlite": _garbage,
    "empty": _empty,
    "another lemminflect": _other_version,
    "another format": _other_format,
    "never completed": _half_built,
}

# Words whose answers come from each part of the file, and words it does not hold.
WORDS = ["ran", "led", "design", "designs", "managed", "left", "the", "kafka", "data",
         "onboarding", "refactored", "updtae", "", "'s", "être", "İstanbul", "WCAG"]
LEMMAS = ["run", "lead", "design", "manage", "leave", "be", "have", "do", "refactor",
          "onboard", "kafka", "", "go", "ghost-write", "bankrol"]


def _answer(ask: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """What *ask* returns (a dict or tuple of its answer), or the error it raises: the
    cache must pass lemminflect's errors on, not hide them ("" as a verb is one)."""
    try:
        found = ask(*args, **kwargs)
    except Exception as error:  # compared, never swallowed
        return ("raised", type(error))
    return dict(found) if isinstance(found, dict) else tuple(found)


def _same_answers(word: str, tags: tuple[str, ...]) -> None:
    assert _answer(_lexicon.lemmas, word) == _answer(lemminflect.getAllLemmas, word.lower())
    assert _answer(_lexicon.inflections, word) == _answer(lemminflect.getAllInflections, word)
    for tag in tags:
        assert _answer(_lexicon.inflection, word, tag) == _answer(
            lemminflect.getInflection, word, tag=tag
        ), tag


def _same_as_lemminflect() -> None:
    for word in WORDS + LEMMAS:
        _same_answers(word, (*_lexicon.TAGS, "NNS", "JJR"))


# -- what the file holds --------------------------------------------------------------------


def test_every_stored_answer_is_lemminflects(built: Path) -> None:
    db = sqlite3.connect(f"{built.as_uri()}?mode=ro", uri=True)
    try:
        lemma_rows = db.execute("SELECT key, value FROM lemmas").fetchall()
        table_rows = db.execute("SELECT key, value FROM inflections").fetchall()
        verb_rows = db.execute("SELECT key, value FROM inflection").fetchall()
    finally:
        db.close()
    assert len(lemma_rows) > 60_000
    assert len(table_rows) > 30_000
    assert len(verb_rows) > 20_000
    for word, value in lemma_rows:
        assert {k: tuple(v) for k, v in json.loads(value).items()} == lemminflect.getAllLemmas(
            word
        ), word
    for lemma, value in table_rows:
        assert {
            k: tuple(v) for k, v in json.loads(value).items()
        } == lemminflect.getAllInflections(lemma), lemma
    for key, value in verb_rows:
        lemma, tag = key.split("\0")
        assert tag in _lexicon.TAGS
        assert tuple(json.loads(value)) == lemminflect.getInflection(lemma, tag=tag), key


def test_cache_answers_equal_lemminflect(mode: Callable[[bool], None]) -> None:
    mode(True)
    assert _lexicon.source() == "cache"
    _same_as_lemminflect()


WORD = st.one_of(
    st.sampled_from(WORDS + LEMMAS),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz'-", max_size=12),
    st.text(max_size=8),  # any script, control characters, surrogates' neighbours
)


@settings(max_examples=400)
@given(word=WORD, tag=st.sampled_from([*_lexicon.TAGS, "VB", "NNS", "JJS", "RB", "NNP"]))
def test_any_word_gets_lemminflects_answer_from_the_cache(
    built: Path, word: str, tag: str
) -> None:
    _lexicon.configure(built.parent)
    _same_answers(word, (tag,))
    assert _lexicon.source() == "cache"


# -- drafts are the same from the cache and from lemminflect --------------------------------


def _corpus_notes() -> list[dict[str, Any]]:
    from test_phrasing_corpus import notes_for  # the corpus's own notes builder

    notes = [notes_for(case).model_dump(mode="json") for case in CASES]
    notes += [json.loads(path.read_text("utf-8")) for path in BLIND]
    return notes


def _all_drafts(notes: list[dict[str, Any]]) -> list[str]:
    bodies = []
    for data in notes:
        for tone in ("warm", "formal"):
            try:
                bodies += [d.body for d in draft_thank_yous(data, tone=tone)]
            except ValueError as error:  # a blind note may be refused: refused the same
                bodies.append(f"refused: {error}")
    return bodies


def test_corpus_drafts_equal_from_cache_and_lemminflect(mode: Callable[[bool], None]) -> None:
    notes = _corpus_notes()
    assert len(notes) == len(CASES) + len(BLIND) > 150
    mode(True)
    cached = _all_drafts(notes)
    assert _lexicon.source() == "cache"
    mode(False)
    plain = _all_drafts(notes)
    assert _lexicon.source() == "lemminflect"
    assert cached == plain


NOTE_WORDS = sorted(
    {
        w
        for case in CASES
        for note in (case["note"] if isinstance(case["note"], list) else [case["note"]])
        if isinstance(note, str)
        for w in note.split()
    }
    | {"Refactored", "Dockerized", "Upskilled", "Onboarded", "Does", "Is", "I", "We've"}
)
NOTE = st.lists(st.sampled_from(NOTE_WORDS), min_size=1, max_size=8).map(" ".join)
PUNCT = st.sampled_from(["", ".", "?", "!!", "...", " "])


@settings(max_examples=150)
@given(note=NOTE, end=PUNCT, capital=st.booleans())
def test_phrases_equal_from_cache_and_lemminflect(
    built: Path, note: str, end: str, capital: bool
) -> None:
    text = (note[:1].upper() + note[1:] if capital else note) + end
    answers = []
    for cached in (True, False):
        _lexicon.configure(built.parent, use_cache=cached)
        _clear_caches()
        answers.append(
            (
                topic_phrase(text),
                strength_phrase(text),
                material_phrase(text),
                [word_forms(w) for w in text.split()],
            )
        )
    _lexicon.configure(built.parent)
    assert answers[0] == answers[1]


# -- a cache that cannot be used changes nothing ------------------------------------------


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_broken_cache_is_rebuilt_and_answers_stay_lemminflects(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    folder = _broken_folder(tmp_path, built, DAMAGE[damage])
    rebuilt: list[Path] = []

    def build(path: Path, key: str) -> None:  # the real build is timed once, in `built`
        rebuilt.append(path)
        shutil.copyfile(built, path)

    monkeypatch.setattr(_lexicon, "_build", build)
    _lexicon.configure(folder)
    assert _lexicon.source() == "cache"
    assert rebuilt == [folder / built.name]
    _same_as_lemminflect()


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_broken_cache_that_cannot_be_rebuilt_leaves_lemminflect_answering(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    folder = _broken_folder(tmp_path, built, DAMAGE[damage])

    def refuse(path: Path, key: str) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(_lexicon, "_build", refuse)
    _lexicon.configure(folder)
    assert _lexicon.source() == "lemminflect"
    _same_as_lemminflect()


def test_cache_file_that_vanishes_while_opened_is_rebuilt(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _broken_folder(tmp_path, built, lambda path: None)
    rebuilt: list[Path] = []

    def build(path: Path, key: str) -> None:
        rebuilt.append(path)

    real_stat = Path.stat

    def stat(self: Path, **kwargs: Any) -> os.stat_result:
        if self.name == built.name and not rebuilt:  # deleted by another process, say
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_stat(self, **kwargs)

    monkeypatch.setattr(_lexicon, "_build", build)
    monkeypatch.setattr(Path, "stat", stat)
    _lexicon.configure(folder)
    assert _lexicon.source() == "cache"
    assert rebuilt == [folder / built.name]


def test_file_where_the_cache_folder_should_be_leaves_lemminflect_answering(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file\n")
    _lexicon.configure(blocker / "followup-mail")
    assert _lexicon.source() == "lemminflect"
    _same_as_lemminflect()
    assert blocker.read_text() == "a file\n"


def test_read_only_folder_leaves_lemminflect_answering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)

    def refuse(*args: Any, **kwargs: Any) -> Any:  # as for root, whom chmod does not stop
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    try:
        _lexicon.configure(folder)
        assert _lexicon.source() == "lemminflect"
        _same_as_lemminflect()
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_cache_in_read_only_folder_is_read(built: Path, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    shutil.copyfile(built, folder / built.name)
    (folder / built.name).chmod(0o444)
    folder.chmod(0o555)
    try:
        _lexicon.configure(folder)
        assert _lexicon.source() == "cache"
        _same_as_lemminflect()
    finally:
        folder.chmod(0o755)


def test_cache_that_breaks_while_open_hands_over_to_lemminflect(
    built: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    path = folder / built.name
    shutil.copyfile(built, path)
    _lexicon.configure(folder)
    assert _lexicon.source() == "cache"
    with path.open("r+b") as f:  # every page after the first is gone
        f.truncate(4096)
    _same_as_lemminflect()
    assert _lexicon.source() == "lemminflect"


def test_file_of_another_lemminflect_is_left_alone(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    other = folder / "lexicon-0123456789abcdef0123.sqlite3"
    shutil.copyfile(built, other)
    _other_version(other)
    before = other.read_bytes()
    rebuilt: list[Path] = []

    def build(path: Path, key: str) -> None:
        rebuilt.append(path)
        shutil.copyfile(built, path)

    monkeypatch.setattr(_lexicon, "_build", build)
    _lexicon.configure(folder)
    assert _lexicon.source() == "cache"  # built anew under the installed version's name
    assert rebuilt == [folder / built.name]
    assert other.read_bytes() == before


def test_turned_off_cache_reads_and_writes_nothing(tmp_path: Path) -> None:
    _lexicon.configure(tmp_path, use_cache=False)
    assert _lexicon.source() == "lemminflect"
    _same_as_lemminflect()
    assert list(tmp_path.iterdir()) == []


# -- where the cache lives -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"FOLLOWUP_MAIL_CACHE_DIR": "/srv/fm", "XDG_CACHE_HOME": "/x"}, "/srv/fm"),
        ("linux", {"FOLLOWUP_MAIL_CACHE_DIR": "", "XDG_CACHE_HOME": "/x"}, None),
        ("linux", {"XDG_CACHE_HOME": "/x/cache"}, "/x/cache/followup-mail"),
        ("linux", {"XDG_CACHE_HOME": ""}, "~/.cache/followup-mail"),
        ("linux", {"LOCALAPPDATA": "/L"}, "~/.cache/followup-mail"),
        ("linux", {}, "~/.cache/followup-mail"),
        ("darwin", {}, "~/.cache/followup-mail"),
        ("win32", {"LOCALAPPDATA": "/L"}, "/L/followup-mail"),
        ("win32", {"XDG_CACHE_HOME": "/x", "LOCALAPPDATA": "/L"}, "/x/followup-mail"),
        ("win32", {}, "~/.cache/followup-mail"),
    ],
)
def test_cache_folder(
    monkeypatch: pytest.MonkeyPatch, platform: str, env: dict[str, str], expected: str | None
) -> None:
    for name in ("FOLLOWUP_MAIL_CACHE_DIR", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(_lexicon.sys, "platform", platform)
    monkeypatch.setattr(_lexicon, "_configured", None)
    found = _lexicon.cache_dir()
    assert found == (None if expected is None else Path(expected).expanduser())


def test_cache_turned_off_by_the_empty_folder_leaves_lemminflect_answering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FOLLOWUP_MAIL_CACHE_DIR", "")
    _lexicon.configure()
    assert _lexicon.cache_path() is None
    assert _lexicon.source() == "lemminflect"
    _same_as_lemminflect()


def test_cache_file_is_named_after_the_installed_lemminflect(tmp_path: Path) -> None:
    _lexicon.configure(tmp_path)
    path = _lexicon.cache_path()
    assert path is not None
    assert path.parent == tmp_path
    assert path.name.startswith("lexicon-")
    assert path.suffix == ".sqlite3"
    assert _lexicon.cache_path() == path  # stable while nothing is reinstalled


def test_cache_file_name_changes_with_lemminflects_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "lemminflect"
    shutil.copytree(Path(lemminflect.__file__).parent, fake)

    import importlib.util
    from types import SimpleNamespace

    spec = SimpleNamespace(submodule_search_locations=[str(fake)])
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    _lexicon.configure(tmp_path)
    first = _lexicon.cache_path()
    init = fake / "__init__.py"
    init.write_text(init.read_text() + "\n# another version\n")
    assert _lexicon.cache_path() != first


# -- the first draft needs no lemminflect -------------------------------------------------


def test_phrases_of_the_example_notes_need_no_lemminflect(built: Path) -> None:
    code = (
        "import json, sys\n"
        "from followup_mail import _lexicon\n"
        "from followup_mail.phrasing import strength_phrase, topic_phrase, word_forms\n"
        "notes = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "texts = notes['topics'] + notes['strengths']\n"
        "texts += [t for i in notes['interviewers'] for t in i['topics']]\n"
        "for text in texts:\n"
        "    topic_phrase(text); strength_phrase(text)\n"
        "    for word in text.split(): word_forms(word)\n"
        "assert _lexicon.lemmas('qzxv') == {} and _lexicon.inflections('qzxv') == {}\n"
        "print(_lexicon.source(), 'lemminflect' in sys.modules, 'numpy' in sys.modules)\n"
    )
    # The package this test runs against (a mutation run's copy, say), not the checkout's.
    package = Path(phrasing.__file__).parent.parent
    env = {**os.environ, "PYTHONPATH": str(package), "FOLLOWUP_MAIL_CACHE_DIR": str(built.parent)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "examples" / "notes.json")],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    assert out.split() == ["cache", "False", "False"]


# -- what phrasing does at start-up ------------------------------------------------------------


@settings(max_examples=500)
@given(text=st.text(max_size=12) | st.sampled_from(["山田 太郎", "김민준", "ᄀ", "Zoë", ""]))
def test_cjk_test_compiles_its_class_only_for_text_that_may_hold_it(text: str) -> None:
    assert phrasing._has_cjk(text) == bool(re.search(phrasing._CJK_CLASS, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ana Lima", False), ("", False), ("\u10ff", False), ("\u1100", True), ("\u11ff", True),
     ("\u1200", False), ("\u3040", True), ("データ", True), ("\ud7af", True), ("\ud7b0", False),
     ("Dr. 王芳", True), ("Ελένη", False)],
)
def test_cjk_ranges(text: str, expected: bool) -> None:
    assert phrasing._has_cjk(text) is expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is POSIX only")
def test_forked_child_opens_its_own_connection(built: Path) -> None:
    import multiprocessing

    _lexicon.configure(built.parent)
    assert _lexicon.lemmas("ran") == {"VERB": ("run",)}
    parent = _lexicon._store
    with multiprocessing.get_context("fork").Pool(1) as pool:
        child = pool.apply(_child_answer)
    assert child == ({"VERB": ("run",)}, "cache", True)
    assert _lexicon._store is parent  # the parent's connection is untouched


def _child_answer() -> tuple[dict[str, tuple[str, ...]], str, bool]:
    inherited = _lexicon._store
    answer = _lexicon.lemmas("ran")
    return answer, _lexicon.source(), _lexicon._store is not inherited
