"""A fresh process lints fast: no pydantic on the lint path, derived rule data on disk.

The disk cache (``followup_mail.linting._cache``) only saves time: whatever it holds, stale,
corrupt, absent or unwritable, linting gives what deriving the data again gives.
"""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import tomllib
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

import followup_mail
from followup_mail.linting import _cache, _clause, _index, lint

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
    assert file.suffix == ".marshal"
    assert _cache.read(file) == ["thank", "you"]


def test_changed_sources_never_read_the_stale_file(folder: Path) -> None:
    _cache.cached("words", [b"rules v1"], Counted(["old"]), _words)
    fresh = Counted(["new"])
    assert _cache.cached("words", [b"rules v2"], fresh, _words) == ["new"]
    assert fresh.calls == 1
    assert len(list(folder.iterdir())) == 2


def _framed(value: object) -> bytes:
    """A file in the cache's format: header, CRC-32 of the payload, marshal's payload."""
    payload = marshal.dumps(value, 4)
    return _cache.MAGIC + f"{zlib.crc32(payload):08x}\n".encode() + payload


@pytest.mark.parametrize(
    "content",
    [
        b"",
        _framed(["thank"])[:-3],  # truncated
        _framed(["thank"])[:-1] + b"X",  # a byte changed: the checksum differs
        b"[\"thank\"]",  # JSON, as version 1 wrote
        _framed(["thank"]).replace(b"cache 2", b"cache 9"),  # another version
        _framed({"a": 1}),  # whole, but not what build gives
        _framed([1, 2]),
        _framed(None),
        _cache.MAGIC + b"00000000\n",  # a header and no payload
    ],
    ids=["empty", "truncated", "changed", "json", "version", "object", "numbers", "none",
         "header-only"],
)
def test_a_corrupt_file_is_built_again_and_replaced(folder: Path, content: bytes) -> None:
    _cache.cached("words", [b"a"], Counted(["thank"]), _words)
    [file] = folder.iterdir()
    file.write_bytes(content)
    build = Counted(["thank"])
    assert _cache.cached("words", [b"a"], build, _words) == ["thank"]
    assert build.calls == 1
    assert _cache.read(file) == ["thank"]


def test_a_file_is_checked_before_it_is_unmarshalled(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """marshal is not meant for data that may be damaged: a file whose checksum does not
    match never reaches it."""
    _cache.cached("words", [b"a"], Counted(["thank"]), _words)
    [file] = folder.iterdir()
    file.write_bytes(_framed(["thank"])[:-1] + b"X")
    calls: list[object] = []
    monkeypatch.setattr(_cache.marshal, "loads", lambda data: calls.append(data))
    with pytest.raises(ValueError, match="truncated or corrupt"):
        _cache.read(file)
    assert calls == []


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


def test_a_value_marshal_cannot_hold_is_returned_not_cached(folder: Path) -> None:
    moment = datetime(2026, 11, 24, tzinfo=UTC)
    build = Counted({"at": moment})
    for _ in range(2):
        assert _cache.cached("moments", [b"a"], build, lambda v: v) == {"at": moment}
    assert build.calls == 2
    assert not folder.exists()  # nothing written, not even a temporary file


def test_a_file_is_named_by_what_it_holds_and_the_digest_of_its_sources(folder: Path) -> None:
    _cache.cached("words", [b"a", b"b"], Counted(["x"]), _words)
    assert [f.name for f in folder.iterdir()] == [f"words-{_cache.digest([b'a', b'b'])}.marshal"]
    assert (folder / f"words-{_cache.digest([b'a', b'b'])}.marshal").read_bytes() == _framed(["x"])


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ([b"rules"], [b"rulez"]),  # one byte changed
        ([b"ab"], [b"ba"]),  # the same bytes in another order
        ([b"a", b"b"], [b"ab"]),  # the same bytes cut elsewhere
        ([b"a", b"b"], [b"b", b"a"]),  # the same sources in another order
        ([b"x" * 1000], [b"x" * 1001]),
        ([], [b""]),
    ],
)
def test_any_change_of_the_sources_changes_the_digest(one: list[bytes], other: list[bytes]) -> None:
    assert _cache.digest(one) != _cache.digest(other)
    assert _cache.digest(one) == _cache.digest(list(one))


def test_a_toml_file_is_kept_parsed_under_its_own_name(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.toml"
    source.write_text('stopwords = ["a", "an"]\n[classes]\njob = ["role"]\n', encoding="utf-8")
    expected = {"stopwords": ["a", "an"], "classes": {"job": ["role"]}}
    assert _cache.load_toml(source) == expected
    [file] = folder.iterdir()
    assert file.name.startswith("toml-words-")
    assert _cache.read(file) == expected
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


def test_cached_word_classes_equal_a_fresh_expansion(tmp_path: Path) -> None:
    """What the cache gives back, and what this process uses, is what expanding the
    classes gives, down to each key word's mask."""
    built = {name: _clause._word_class(name, data) for name, data in _clause._expand_all().items()}
    stored = tmp_path / "classes.marshal"
    derived = _clause._derive()
    _cache.write(stored, derived)
    for index in (_clause._decode(_cache.read(stored)), _clause.class_index()):
        assert index.classes == built
        assert [c.keys for c in index.classes.values()] == [c.keys for c in built.values()]
        assert [c.multi_keys for c in index.classes.values()] == [
            frozenset(c.multi) for c in built.values()
        ]
        assert index.masks == _clause._masks(built)
        assert index.keys == frozenset(index.masks)
        assert [c.has_entries for c in index.classes.values()] == [
            bool(c.multi) for c in built.values()
        ]
    # Equal masks are one object, which marshal writes once.
    masks = derived[1]
    assert len({id(m) for m in masks.values()}) == len(set(masks.values()))


def test_a_cached_word_class_makes_its_sets_on_first_use() -> None:
    entries = {"last": ((1, (frozenset({"my"}), frozenset({"last"}))),)}
    cls = _clause.WordClass.packed("request", "ask asks", "last", False, marshal.dumps(entries))
    assert cls.has_entries
    assert cls.keys == frozenset({"ask", "asks", "last"})
    assert (cls.singles, cls.multi_keys, cls.multi) == (
        frozenset({"ask", "asks"}), frozenset({"last"}), entries,
    )
    plain = _clause.WordClass.packed("thanks", "thanks", "", True, marshal.dumps({}))
    assert not plain.has_entries
    assert plain.multi_keys == frozenset()
    assert plain == _clause.WordClass("thanks", frozenset({"thanks"}), {}, frozenset(), True)
    with pytest.raises(AttributeError):
        _ = plain.no_such_attribute


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("classes", TypeError),
        ((1, 2, 3), TypeError),
        (((), []), TypeError),
        (((), {}), ValueError),  # no class of words.toml
    ],
)
def test_a_malformed_class_index_is_refused(value: object, error: type[Exception]) -> None:
    """``cached`` derives the index again on these errors."""
    with pytest.raises(error):
        _clause._decode(value)


def test_cached_regexes_equal_what_re_compiles() -> None:
    """Each phrase pattern the cache compiles is the pattern ``re.compile`` gives: same
    source, flags, groups and code (``re.Pattern`` compares them all)."""
    import re

    codes = _index._codes()
    sources = [t[2].source for t in _index.index().targets]
    assert sorted(codes) == sorted(set(sources))
    for source in sources:
        compiled = _index._load(source, codes[source])
        assert compiled == re.compile(source)
        assert compiled.groupindex == re.compile(source).groupindex
        assert compiled.groups == re.compile(source).groups


def test_a_phrase_compiles_from_the_cache_and_matches_as_re_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded: list[str] = []
    load = _index._load
    monkeypatch.setattr(_index, "_load", lambda s, c: loaded.append(s) or load(s, c))
    target = _index.index().targets[0]
    phrase = _index.Phrase(target[1], target[2].pattern)
    search = phrase.compile()
    assert loaded == [phrase.source]
    words = f" {target[1].examples_flag[0].lower()} " if target[1].examples_flag else " "
    assert (search(words, 0) is None) == (re.compile(phrase.source).search(words) is None)


def test_a_pattern_no_rule_file_holds_compiles_with_re(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_index, "_load", lambda s, c: pytest.fail("not from the cache"))
    rule = _index.index().targets[0][1]
    phrase = _index.Phrase(rule, "no rule holds this")
    assert phrase.compile()("  no rule holds this  ", 0) is not None


def test_cached_required_words_equal_a_fresh_reading() -> None:
    targets = _index.index().targets
    assert _index._required_all(targets) == [_index.required(t[2].source) for t in targets]


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
        "classes", "regex", "required", "rules", *["toml"] * 8,  # 7 rule files and words.toml
    ]
    assert _python(script, tmp_path, TEXT) == here  # warm: reads
    for file in files:
        file.write_bytes(file.read_bytes()[: len(file.read_bytes()) // 2])
    assert _python(script, tmp_path, TEXT) == here  # corrupt: derives again
    assert all(_cache.read(f) is not None for f in files)  # and rewrites


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
