"""A fresh process lints fast: no pydantic on the lint path, derived rule data on disk.

The disk cache (``followup_mail.linting._cache``) only saves time: whatever it holds, stale,
corrupt, absent or unwritable, linting gives what deriving the data again gives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

import followup_mail
from followup_mail.linting import _cache, _clause, _index, lint
from followup_mail.linting._rules import load_rules

PACKAGE = str(Path(followup_mail.__file__).resolve().parents[1])  # the one under test
TEXT = "Hi Ana, just checking in!! Any update on [Company]'s decision? I'd love to hear back."
HEAVY = ("pydantic", "email_validator", "jinja2", "lemminflect")
PROBE = (
    "import sys\n{setup}\n"
    "print(sorted(m for m in {heavy!r} if m in sys.modules))"
)


def _python(code: str, cache: Path | str, stdin: str = "") -> str:
    env = {**os.environ, "PYTHONPATH": PACKAGE, _cache.ENV: str(cache)}
    return subprocess.run(
        [sys.executable, "-c", code], input=stdin, env=env, capture_output=True, text=True,
        encoding="utf-8", check=True,
    ).stdout


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder filled by one process that linted."""
    folder = tmp_path_factory.mktemp("cache")
    _python("from followup_mail import lint; lint('Thank you, Ana.')", folder)
    return folder


# --- what a lint process imports --------------------------------------------------------


def test_linting_plain_text_imports_neither_pydantic_nor_email_validator(warm: Path) -> None:
    setup = f"from followup_mail import lint\nlint({TEXT!r}, subject='Any update?')"
    assert _python(PROBE.format(setup=setup, heavy=HEAVY), warm) == "[]\n"


def test_linting_with_notes_does_import_them(warm: Path) -> None:
    """The probe above can fail: notes are parsed by the pydantic model."""
    notes = str(Path(__file__).resolve().parents[1] / "examples" / "notes.json")
    setup = (
        "from pathlib import Path\nfrom followup_mail import lint\n"
        f"lint({TEXT!r}, notes=Path({notes!r}).read_text(encoding='utf-8'))"
    )
    heavy = ("pydantic", "email_validator")
    assert _python(PROBE.format(setup=setup, heavy=heavy), warm) == (
        "['email_validator', 'pydantic']\n"
    )


def test_cli_lint_imports_only_what_linting_needs(warm: Path, tmp_path: Path) -> None:
    email = tmp_path / "email.txt"
    email.write_text(TEXT, encoding="utf-8")
    setup = (
        "from followup_mail.cli import main\nimport contextlib, io\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    main(['lint', {str(email)!r}])"
    )
    heavy = (*HEAVY, "anyascii", "followup_mail.drafting", "followup_mail.policy")
    assert _python(PROBE.format(setup=setup, heavy=heavy), warm) == "[]\n"


# --- the disk cache ---------------------------------------------------------------------


class Counted:
    """A build function that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def _words(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("not a list of words")
    return value


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(_cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_value_is_built_once_then_read_from_disk(folder: Path) -> None:
    build = Counted(["thank", "you"])
    assert _cache.cached("words", [b"a"], build, _words) == ["thank", "you"]
    assert _cache.cached("words", [b"a"], build, _words) == ["thank", "you"]
    assert build.calls == 1
    [file] = folder.iterdir()
    assert file.name.startswith("words-")
    assert file.suffix == ".json"
    assert json.loads(file.read_bytes()) == ["thank", "you"]


def test_changed_sources_never_read_the_stale_file(folder: Path) -> None:
    _cache.cached("words", [b"rules v1"], Counted(["old"]), _words)
    fresh = Counted(["new"])
    assert _cache.cached("words", [b"rules v2"], fresh, _words) == ["new"]
    assert fresh.calls == 1
    assert len(list(folder.iterdir())) == 2


@pytest.mark.parametrize(
    "content",
    [b"", b"[\"trunc", b"\xff\xfe", b"{\"a\": 1}", b"[1, 2]", b"null"],
    ids=["empty", "truncated", "not-utf8", "object", "numbers", "null"],
)
def test_a_corrupt_file_is_built_again_and_replaced(folder: Path, content: bytes) -> None:
    _cache.cached("words", [b"a"], Counted(["thank"]), _words)
    [file] = folder.iterdir()
    file.write_bytes(content)
    build = Counted(["thank"])
    assert _cache.cached("words", [b"a"], build, _words) == ["thank"]
    assert build.calls == 1
    assert json.loads(file.read_bytes()) == ["thank"]


def test_an_empty_folder_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_cache.ENV, "")
    monkeypatch.chdir(tmp_path)
    build = Counted(["thank"])
    for _ in range(2):
        assert _cache.cached("words", [b"a"], build, _words) == ["thank"]
    assert build.calls == 2
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_costs_time_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(_cache.ENV, str(blocker / "cache"))
    build = Counted(["thank"])
    assert _cache.cached("words", [b"a"], build, _words) == ["thank"]
    assert _cache.cached("words", [b"a"], build, _words) == ["thank"]
    assert build.calls == 2


def test_a_value_json_cannot_hold_is_returned_not_cached(folder: Path) -> None:
    moment = datetime(2026, 11, 24, tzinfo=UTC)
    build = Counted({"at": moment})
    for _ in range(2):
        assert _cache.cached("moments", [b"a"], build, lambda v: v) == {"at": moment}
    assert build.calls == 2
    assert not folder.exists()  # nothing written, not even a temporary file


def test_a_file_is_named_by_what_it_holds_and_the_hash_of_its_sources(folder: Path) -> None:
    import hashlib

    _cache.cached("words", [b"a", b"b"], Counted(["x"]), _words)
    digest = hashlib.sha256(hashlib.sha256(b"a").digest() + hashlib.sha256(b"b").digest())
    assert [f.name for f in folder.iterdir()] == [f"words-{digest.hexdigest()[:32]}.json"]
    assert (folder / f"words-{digest.hexdigest()[:32]}.json").read_bytes() == b'["x"]'


def test_a_toml_file_is_kept_as_json_under_its_own_name(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.toml"
    source.write_text('stopwords = ["a", "an"]\n[classes]\njob = ["role"]\n', encoding="utf-8")
    expected = {"stopwords": ["a", "an"], "classes": {"job": ["role"]}}
    assert _cache.load_toml(source) == expected
    [file] = folder.iterdir()
    assert file.name.startswith("toml-words-")
    assert json.loads(file.read_bytes()) == expected
    assert _cache.load_toml(source) == expected


def test_a_toml_file_that_is_not_toml_is_an_error_not_a_cache_miss(
    folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "rules.toml"
    source.write_text("[rule\n", encoding="utf-8")
    with pytest.raises(tomllib.TOMLDecodeError):
        _cache.load_toml(source)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({_cache.ENV: "/x/cache"}, "/x/cache"),
        ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/followup-mail"),
        ({"HOME": "/home/sam"}, "/home/sam/.cache/followup-mail"),
        ({"HOME": "/home/sam", "LOCALAPPDATA": "/win"}, "/home/sam/.cache/followup-mail"),
        ({"XDG_CACHE_HOME": "", "HOME": "/home/sam"}, "/home/sam/.cache/followup-mail"),
    ],
)
def test_the_cache_folder(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (_cache.ENV, "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if sys.platform == "win32":
        pytest.skip("POSIX paths")
    assert str(_cache.cache_dir()) == expected


# --- the cache holds what deriving gives -----------------------------------------------


def test_cached_word_classes_equal_a_fresh_expansion() -> None:
    fresh = _clause._decode(json.loads(json.dumps(_clause._expand_all())))
    assert fresh == _clause.class_index().classes


def test_cached_prefilters_equal_a_fresh_conversion() -> None:
    phrases = [_index.Phrase(r, p) for r in load_rules() for p in r.patterns]
    assert _index._prefilters(phrases) == [_index.prefilter(p.source) for p in phrases]


def test_a_process_lints_the_same_with_a_warm_or_corrupt_cache(
    warm: Path, tmp_path: Path
) -> None:
    script = (
        "import sys\nfrom followup_mail import lint\n"
        "sys.stdout.write(lint(sys.stdin.read(), subject='Any update?').to_json())"
    )
    here = lint(TEXT, subject="Any update?").to_json()
    for file in warm.iterdir():  # what the first process derived and wrote
        if file.name.startswith(("lexicon-", "toml-phrasing-")):
            continue  # the phrase grammar's, written there by tests that lint with notes
        (tmp_path / file.name).write_bytes(file.read_bytes())
    files = sorted(tmp_path.iterdir())
    assert [f.name.split("-")[0] for f in files] == [
        "classes", "prefilters", "rules", *["toml"] * 8,  # 7 rule files and words.toml
    ]
    assert _python(script, tmp_path, TEXT) == here  # warm: reads
    for file in files:
        file.write_bytes(file.read_bytes()[: len(file.read_bytes()) // 2])
    assert _python(script, tmp_path, TEXT) == here  # corrupt: derives again
    assert all(json.loads(f.read_bytes()) is not None for f in files)  # and rewrites


def test_on_windows_the_cache_is_under_localappdata(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (_cache.ENV, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOCALAPPDATA", "/appdata")
    monkeypatch.setattr(sys, "platform", "win32")
    assert _cache.cache_dir() == Path("/appdata") / "followup-mail"


def test_once_builds_a_single_time_when_threads_race() -> None:
    import threading
    import time

    from followup_mail.linting._cache import once

    calls: list[int] = []

    def build() -> list[int]:
        """The docstring the getter keeps."""
        calls.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while it builds
        return [len(calls)]

    get = once(build)
    results: list[list[int]] = []
    threads = [threading.Thread(target=lambda: results.append(get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]
    assert all(result is results[0] for result in results)
    assert results[0] == [1]
    assert get() is results[0]
    assert get.__doc__ == "The docstring the getter keeps."
