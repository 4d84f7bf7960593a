"""Files that never lose content, and every command-line failure one clear error.

One test per finding of the file-system and input probes: concurrent ``-o`` writers, FIFOs,
``/dev/stdout``, symbolic links, file modes, temporary names and control characters in
messages; JSON and TOML nested 100,000 deep; ``lint /dev/zero``; out-of-range times.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import multiprocessing
import os
import signal
import socket
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any
from unittest import mock

import pytest
from conftest import NOTES_TOML
from hypothesis import given, settings
from hypothesis import strategies as st

import followup_mail._decode as decode
import followup_mail._files as files
import followup_mail.cli as cli
import followup_mail.policy as policy
from followup_mail import HistoryError, NotesError, lint, load_notes
from followup_mail.cli import main
from followup_mail.errors import FollowupMailError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTES = EXAMPLES / "notes.json"
SENT = "2026-11-25T15:00:00-05:00"
MIB = 1_048_576
TOO_BIG = "more than 1,048,576 bytes (1 MiB), the most followup-mail reads from one input."
REFUSED = "-o writes only regular files, never through a link, pipe or device (leave out -o to write to stdout)."  # noqa: E501


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error(err: str) -> str:
    """The message of the single ``error:`` line on stderr."""
    assert err.startswith("error: ")
    assert err.endswith("\n")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    return err.removeprefix("error: ").removesuffix("\n")


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a blocking open() or read() is interrupted by SIGALRM."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise AssertionError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def ana(tmp_path: Path, company: str = "Acme") -> Path:
    """The example notes with another company: a different draft for each company."""
    data = json.loads(NOTES.read_text(encoding="utf-8"))
    data["company"] = company
    path = tmp_path / f"notes-{company}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def draft_to(notes: Path, target: Path, *extra: str) -> list[str]:
    return ["draft", str(notes), "--interviewer", "Ana Lima", "-o", str(target), *extra]


# --- finding: two concurrent -o writers lose data ------------------------------------------

WRITERS = 4
ROUNDS = 20


def _writer(index: int, argv: list[str], barrier: Any, results: Any) -> None:
    """One process: at each round, wait for the others, then run the command line."""
    sys.stdout = io.StringIO()
    for round_ in range(ROUNDS):
        barrier.wait(timeout=60)
        sys.stderr = err = io.StringIO()
        results.put((round_, index, main(argv), err.getvalue()))
        barrier.wait(timeout=60)


def test_two_concurrent_output_writers_never_both_win(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    expected = {}
    argvs = []
    for index in range(WRITERS):
        notes = ana(tmp_path, f"Acme {index}")
        alone = tmp_path / f"alone-{index}.txt"
        assert main(draft_to(notes, alone)) == 0
        expected[index] = alone.read_bytes()
        argvs.append(draft_to(notes, target))
    assert len(set(expected.values())) == WRITERS

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WRITERS + 1)
    results = context.Queue()
    workers = [
        context.Process(target=_writer, args=(index, argv, barrier, results))
        for index, argv in enumerate(argvs)
    ]
    for worker in workers:
        worker.start()
    try:
        for round_ in range(ROUNDS):
            target.unlink(missing_ok=True)
            barrier.wait(timeout=60)  # release the writers together
            barrier.wait(timeout=60)  # every writer is done
            outcomes = sorted(results.get(timeout=60) for _ in range(WRITERS))
            winners = [who for (r, who, code, err) in outcomes if code == 0]
            assert len(winners) == 1, outcomes
            [winner] = winners
            for r, who, code, err in outcomes:
                assert r == round_
                if who == winner:
                    assert err == f"wrote {target}\n"
                else:
                    assert (code, one_error(err)) == (
                        2,
                        f"{target}: already exists with different content; pass --force "
                        "to replace it.",
                    )
            assert target.read_bytes() == expected[winner]
            assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    finally:
        for worker in workers:
            worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * WRITERS


@pytest.mark.parametrize(
    ("first", "then", "outcome"),
    [
        (b"their draft", "different", "already exists with different content"),
        (None, "same", "unchanged"),
    ],
)
def test_a_file_created_between_the_check_and_the_write_is_never_replaced(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    first: bytes | None,
    then: str,
    outcome: str,
) -> None:
    target = tmp_path / "out.txt"
    mine = b"my draft"
    real_link = os.link

    def other_process_first(src: str, dst: str) -> None:
        target.write_bytes(mine if first is None else first)
        real_link(src, dst)

    monkeypatch.setattr(os, "link", other_process_first)
    if then == "same":
        assert files.write_file(target, mine, force=False) == outcome
    else:
        with pytest.raises(FollowupMailError, match=outcome):
            files.write_file(target, mine, force=False)
        assert target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_path_that_keeps_appearing_and_vanishing_gives_up_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    attempts: list[str] = []

    def always_taken(src: str, dst: str) -> None:
        attempts.append(dst)
        raise FileExistsError(errno.EEXIST, "File exists", dst)

    monkeypatch.setattr(os, "link", always_taken)
    target = tmp_path / "out.txt"
    with pytest.raises(FollowupMailError) as caught:
        files.write_file(target, b"x", force=False)
    assert str(caught.value) == (
        f"{target}: other processes kept creating and removing it; nothing was written."
    )
    assert len(attempts) == 3
    assert list(tmp_path.iterdir()) == []


# --- finding: -o onto a FIFO, or onto /dev/stdout when piped, hangs -------------------------


@pytest.mark.parametrize("force", [False, True])
def test_output_onto_a_fifo_is_refused_without_hanging(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, force: bool
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with deadline(10):
        code, out, err = run(capsys, *draft_to(NOTES, fifo, *["--force"] * force))
    assert (code, out) == (2, "")
    assert one_error(err) == f"{fifo}: is a FIFO (named pipe); {REFUSED}"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("force", [False, True])
def test_output_onto_dev_stdout_when_piped_is_refused(
    capsys: pytest.CaptureFixture[str], force: bool
) -> None:
    # Reading /dev/stdout when it is a pipe reads the pipe: it would wait forever.
    reader, writer = os.pipe()
    saved = os.dup(1)
    os.dup2(writer, 1)
    try:
        with deadline(10):
            code = main(draft_to(NOTES, Path("/dev/stdout"), *["--force"] * force))
    finally:
        os.dup2(saved, 1)
        for fd in (saved, writer):
            os.close(fd)
    with os.fdopen(reader, "rb") as piped:
        assert piped.read() == b""  # nothing written to the pipe either
    _, err = capsys.readouterr()
    assert (code, one_error(err)) == (2, f"/dev/stdout: is a symbolic link; {REFUSED}")


def test_a_file_swapped_for_a_fifo_after_the_check_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with deadline(10), pytest.raises(FollowupMailError, match="is a FIFO"):
        files._holds(fifo, b"")


def test_a_file_swapped_for_a_link_or_folder_after_the_check_is_not_followed(
    tmp_path: Path,
) -> None:
    (tmp_path / "real.txt").write_bytes(b"x")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    with pytest.raises(OSError, match="symbolic links") as caught:
        files._holds(tmp_path / "link.txt", b"x")
    assert caught.value.errno == errno.ELOOP
    with pytest.raises(FollowupMailError) as refused:
        files._holds(tmp_path, b"")
    assert str(refused.value) == f"{tmp_path}: is not a regular file; -o writes only those."


def test_the_temporary_file_never_reuses_an_existing_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A link planted at the temporary name is neither followed nor replaced."""
    import secrets  # (the module imports it on first write: lint FILE never loads it)

    monkeypatch.setattr(secrets, "token_hex", lambda n: "guessed")
    planted = tmp_path / ".followup-mail-guessed.tmp"
    planted.symlink_to(tmp_path / "victim.txt")
    with pytest.raises(FollowupMailError) as caught:
        files.write_file(tmp_path / "out.txt", b"x", force=False)
    assert str(caught.value) == f"{tmp_path / 'out.txt'}: cannot write the file (File exists)."
    assert not (tmp_path / "victim.txt").exists()
    assert planted.is_symlink()


# --- finding: --force replaces a symlink target such as /dev/stdout -------------------------


SPECIAL = ["link to a file", "dangling link", "link to stdout", "device", "socket"]


def make_special(tmp_path: Path, which: str, stack: contextlib.ExitStack) -> tuple[Path, str]:
    """A special file at a path -o is given: (path, what the error calls it)."""
    (tmp_path / "real.txt").write_bytes(b"keep me")
    if which == "device":
        return Path("/dev/null"), "character device"
    path = tmp_path / "out.txt"
    if which == "socket":
        server = stack.enter_context(socket.socket(socket.AF_UNIX))
        server.bind(str(path))
        return path, "socket"
    target = {
        "link to a file": tmp_path / "real.txt",
        "dangling link": tmp_path / "nowhere.txt",
        "link to stdout": Path("/dev/stdout"),
    }[which]
    path.symlink_to(target)
    return path, "symbolic link"


@pytest.mark.parametrize("which", SPECIAL)
@pytest.mark.parametrize("force", [False, True])
def test_force_never_replaces_a_symlink_device_or_socket(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, which: str, force: bool
) -> None:
    with contextlib.ExitStack() as stack:
        path, kind = make_special(tmp_path, which, stack)
        before = os.lstat(path)
        code, out, err = run(capsys, *draft_to(NOTES, path, *["--force"] * force))
        assert (code, out) == (2, "")
        assert one_error(err) == f"{path}: is a {kind}; {REFUSED}"
        after = os.lstat(path)
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert (tmp_path / "real.txt").read_bytes() == b"keep me"
    assert not (tmp_path / "nowhere.txt").exists()


def test_eml_drafts_into_a_folder_with_force_replace_files_keeping_their_modes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mine = tmp_path / "thank-you-raj-patel.eml"
    mine.write_bytes(b"my own edits")
    mine.chmod(0o600)
    code, _, err = run(capsys, "draft", NOTES, "--format", "eml", "-o", tmp_path, "--force")
    assert code == 0
    assert err.count("wrote ") == 3
    assert b"Raj" in mine.read_bytes()
    assert stat.S_IMODE(mine.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("inside", "message"),
    [
        ("file.txt/x", "{path}: cannot write the file (Not a directory)."),
        ("folder", "{path}: is a folder, not a file."),
    ],
)
def test_check_target_names_the_users_path(tmp_path: Path, inside: str, message: str) -> None:
    (tmp_path / "file.txt").write_bytes(b"")
    (tmp_path / "folder").mkdir()
    path = tmp_path / inside
    for check in (files.check_target, files.write_file):
        with pytest.raises(FollowupMailError) as caught:
            check(path, b"x", True)
        assert str(caught.value) == message.format(path=path)


def test_write_files_checks_every_file_before_writing_any(tmp_path: Path) -> None:
    first, taken = tmp_path / "a.eml", tmp_path / "b.eml"
    taken.write_bytes(b"mine")
    reported: list[tuple[Path, str]] = []
    with pytest.raises(FollowupMailError) as caught:
        files.write_files(
            {first: b"new", taken: b"new"}, False, lambda p, o: reported.append((p, o))
        )
    assert str(taken) in str(caught.value)
    assert (first.exists(), taken.read_bytes(), reported) == (False, b"mine", [])


def test_write_files_reports_each_outcome_in_order(tmp_path: Path) -> None:
    first, same = tmp_path / "a.eml", tmp_path / "b.eml"
    same.write_bytes(b"new")
    reported: list[tuple[Path, str]] = []
    files.write_files({first: b"new", same: b"new"}, False, lambda p, o: reported.append((p, o)))
    assert reported == [(first, "wrote"), (same, "unchanged")]
    assert first.read_bytes() == b"new"


def test_several_eml_drafts_onto_a_file_name_it_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "one\n.eml"
    target.write_bytes(b"")
    code, _, err = run(capsys, "draft", NOTES, "--format", "eml", "-o", target)
    assert code == 2
    assert one_error(err) == (
        f"{tmp_path}/one\\n.eml: is a file; with several eml drafts, -o names a folder to "
        "write them in."
    )


def test_eml_drafts_into_a_folder_refuse_a_special_file_before_writing_any(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "thank-you-raj-patel.eml").symlink_to(tmp_path / "elsewhere.eml")
    code, _, err = run(capsys, "draft", NOTES, "--format", "eml", "-o", tmp_path, "--force")
    assert code == 2
    assert one_error(err) == (
        f"{tmp_path / 'thank-you-raj-patel.eml'}: is a symbolic link; {REFUSED}"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["thank-you-raj-patel.eml"]


# --- finding: --force turns a 0600 file into 0644 ----------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o444, 0o755, 0o000])
def test_force_keeps_the_file_mode(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mode: int
) -> None:
    target = tmp_path / "ana.txt"
    target.write_bytes(b"an older draft")
    target.chmod(mode)
    code, _, err = run(capsys, *draft_to(NOTES, target, "--force"))
    assert (code, err) == (0, f"wrote {target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert b"Hi Ana," in target.read_bytes()


def test_a_new_file_gets_the_mode_open_would_give(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        assert files.write_file(tmp_path / "new.txt", b"x", force=False) == "wrote"
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_setuid_and_sticky_bits_are_not_carried_over(tmp_path: Path) -> None:
    target = tmp_path / "old.txt"
    target.write_bytes(b"old")
    target.chmod(0o4755)
    assert files.write_file(target, b"new", force=True) == "wrote"
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


# --- finding: a failed -o names the temporary file ----------------------------------------------


def _fail(code: int) -> Callable[..., None]:
    def fail(src: str, dst: str) -> None:
        raise OSError(code, os.strerror(code), src)

    return fail


@pytest.mark.parametrize(
    ("call", "force", "code"),
    [("link", False, errno.ENOSPC), ("replace", True, errno.EDQUOT)],
)
def test_a_failed_output_names_the_users_path_not_the_temporary_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    call: str,
    force: bool,
    code: int,
) -> None:
    target = tmp_path / "ana.txt"
    if force:
        target.write_bytes(b"an older draft")
    monkeypatch.setattr(os, call, _fail(code))
    status, _, err = run(capsys, *draft_to(NOTES, target, *["--force"] * force))
    assert status == 2
    assert one_error(err) == f"{target}: cannot write the file ({os.strerror(code)})."
    assert [p.name for p in tmp_path.iterdir()] == (["ana.txt"] if force else [])
    if force:
        assert target.read_bytes() == b"an older draft"


def test_output_into_a_missing_folder_names_the_users_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "ana.txt"
    code, _, err = run(capsys, *draft_to(NOTES, target))
    assert code == 2
    assert one_error(err) == f"{target}: cannot write the file (No such file or directory)."


def test_a_write_that_fails_midway_leaves_no_temporary_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FollowupMailError) as caught:
        files.write_file(tmp_path / "a.txt", b"x", force=False)
    assert (
        str(caught.value)
        == f"{tmp_path / 'a.txt'}: cannot write the file (No space left on device)."
    )
    assert list(tmp_path.iterdir()) == []


def test_a_long_file_name_does_not_make_the_temporary_name_too_long(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250)
    assert files.write_file(target, b"x", force=False) == "wrote"
    assert target.read_bytes() == b"x"


# --- finding: a path with a newline splits the wrote line -----------------------------------------


def test_a_newline_in_the_output_path_stays_on_the_wrote_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "ana\nwrote \x1b[2Jevil.txt"
    code, _, err = run(capsys, *draft_to(NOTES, target))
    assert (code, err) == (0, f"wrote {tmp_path}/ana\\nwrote \\x1b[2Jevil.txt\n")
    assert target.is_file()
    code, _, err = run(capsys, *draft_to(NOTES, target))
    assert (code, err) == (0, f"unchanged {tmp_path}/ana\\nwrote \\x1b[2Jevil.txt\n")
    code, _, err = run(capsys, *draft_to(ana(tmp_path, "Other"), target))
    assert one_error(err) == (
        f"{tmp_path}/ana\\nwrote \\x1b[2Jevil.txt: already exists with different content; "
        "pass --force to replace it."
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["draft", "{tmp}/a\nb.json"], "{tmp}/a\\nb.json: cannot read the notes file (No such file or directory)."),  # noqa: E501
        (["lint", "{tmp}/a\rb.txt"], "{tmp}/a\\rb.txt: cannot read the file (No such file or directory)."),  # noqa: E501
        (["next", str(NOTES), "--history", "{tmp}/h\u2028.json"], "{tmp}/h\\u2028.json: cannot read the history file (No such file or directory)."),  # noqa: E501
        (["draft", str(NOTES), "--bogus\nflag"], "unrecognized arguments: --bogus\\nflag (see 'followup-mail --help')"),  # noqa: E501
        (["draft", str(NOTES), "--templates", "{tmp}/t\x00"], None),
    ],
)  # fmt: skip
def test_control_characters_in_a_path_or_argument_are_escaped_on_the_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str | None
) -> None:
    code, out, err = run(capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert (code, out) == (2, "")
    line = one_error(err)
    assert line.isprintable()
    if message is not None:
        assert line == message.format(tmp=tmp_path)


@pytest.mark.parametrize(
    ("name", "content", "argv", "message"),
    [
        ("two  spaces.json", "{", ["draft", "{path}"], "{path}: not valid JSON: "),
        ("n\n.json", "{", ["draft", "{path}"], "{path}: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)."),  # noqa: E501
        ("n\x1b.toml", "oops\n", ["next", "{path}"], "{path}: not valid TOML: Expected '=' after a key in a key/value pair (at line 1, column 5)."),  # noqa: E501
        ("n\x85.json", '{"candidate": 1}', ["draft", "{path}"], "{path}: candidate: "),
        ("h\n.json", "[", ["next", str(NOTES), "--history", "{path}"], "{path}: not valid JSON: Expecting value: line 1 column 2 (char 1)."),  # noqa: E501
        ("h\r.toml", "x = " + "[" * 70, ["next", str(NOTES), "--history", "{path}"], "{path}: the TOML is nested deeper than 64 levels, the most followup-mail reads."),  # noqa: E501
        ("h\u202e.json", '[{"event": "sent"}]', ["next", str(NOTES), "--history", "{path}"], "{path}"),  # noqa: E501
    ],
)  # fmt: skip
def test_messages_about_a_file_escape_the_controls_in_its_name(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    content: str,
    argv: list[str],
    message: str,
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    shown = files.shown(path)
    code, out, err = run(capsys, *(a.format(path=path) for a in argv))
    assert (code, out) == (2, "")
    assert one_error(err).startswith(message.format(path=shown))
    assert one_error(err).isprintable()


def test_an_os_error_names_the_path_with_its_controls_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "file\n.txt").write_bytes(b"")
    code, _, err = run(
        capsys, "draft", NOTES, "--format", "eml", "-o", tmp_path / "file\n.txt" / "drafts"
    )
    assert code == 2
    assert one_error(err) == f"{tmp_path}/file\\n.txt/drafts: Not a directory."


def test_a_hostile_key_in_notes_stays_on_the_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(NOTES.read_text(encoding="utf-8"))
    data["extra\nBcc: eve@evil.com\x1b[2J"] = 1
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "draft", notes)
    assert code == 2
    assert one_error(err).startswith(f"{notes}: extra Bcc: eve@evil.com\\x1b[2J: ")


def test_lint_findings_name_the_file_with_its_controls_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = tmp_path / "draft\n.txt"
    text.write_text("Hi Ana,\n\nAny update on the timeline?\n", encoding="utf-8")
    _, out, _ = run(capsys, "lint", text)
    assert out.splitlines()[-1].startswith(f"{tmp_path}/draft\\n.txt: ")
    assert all(line.isprintable() for line in out.splitlines())


# Names as a file system gives them: any character but "/" and NUL, undecodable bytes as
# lone surrogates (surrogateescape), controls, format and bidi characters, encoded words.
NAME_CHARS = st.one_of(
    st.characters(exclude_categories=["Cs"], exclude_characters="/\x00"),
    st.sampled_from("\n\r\t\x1b\x7f\x85\u2028\u2029\u202e\u200b\ufeff=?"),
    st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
)
FILE_NAMES = st.one_of(
    st.text(NAME_CHARS, min_size=1, max_size=40),
    st.builds(lambda s: f"=?utf-8?q?{s}?=.txt", st.text(NAME_CHARS, max_size=20)),
).filter(lambda name: name not in {".", ".."} and len(os.fsencode(name)) <= 255)


@settings(max_examples=100)  # each example writes files: about 1 s in all
@given(name=FILE_NAMES, data=st.binary(max_size=64))
def test_any_file_name_is_written_and_reported_on_one_line(name: str, data: bytes) -> None:
    # Flushing to disk is not what this checks, and takes most of the time.
    with mock.patch.object(os, "fsync"), tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / name
        assert files.write_file(target, data, force=False) == "wrote"
        assert target.read_bytes() == data
        assert files.write_file(target, data, force=False) == "unchanged"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            cli._report_write(target, "wrote")
        line = err.getvalue()
        assert line == f"wrote {files.shown(target)}\n"
        assert line[:-1].isprintable()
        assert sorted(os.listdir(folder)) == [os.fsdecode(os.fsencode(name))]


@settings(max_examples=300)  # generating any code point is slow: about 2 s in all
@given(st.text(st.one_of(st.characters(), st.sampled_from("\n\r\x00\x1b\u2028\u202e"))))
def test_shown_escapes_what_repr_escapes_and_nothing_else(text: str) -> None:
    out = files.shown(text)
    assert out.isprintable()
    if text.isprintable():
        assert out == text
    # Without backslashes and quotes, which repr() escapes too, the two agree exactly.
    bare = text.translate({ord(c): None for c in "\\'\""})
    assert files.shown(bare) == repr(bare)[1:-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain.txt", "plain.txt"),
        ("a\nb", "a\\nb"),
        ("tab\there", "tab\\there"),
        ("nul\x00", "nul\\x00"),
        ("esc\x1b[2J", "esc\\x1b[2J"),
        ("rtl\u202egnp.exe", "rtl\\u202egnp.exe"),
        ("line\u2028sep", "line\\u2028sep"),
        ("bytes\udcff", "bytes\\udcff"),
        ("back\\slash\n", "back\\slash\\n"),
        ('it\'s "quoted" \\ as is', 'it\'s "quoted" \\ as is'),
        ("Chloé 日本", "Chloé 日本"),
    ],
)
def test_shown_table(text: str, expected: str) -> None:
    assert files.shown(text) == expected


# --- finding: JSON or TOML nested 100,000 deep is a RecursionError traceback --------------------

DEEP = 100_000


def _nested(kind: str, levels: int) -> tuple[str, str]:
    """A notes or history file nested exactly *levels* deep: (suffix, text).

    A TOML document is a level itself, like JSON's outer object: ``x = [1]`` is two.
    """
    if kind == "json arrays":
        return ".json", "[" * levels + "]" * levels
    if kind == "json objects":
        return ".json", '{"a":' * levels + "1" + "}" * levels
    if kind == "toml arrays":
        return ".toml", "x = " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"
    if kind == "toml inline tables":
        return ".toml", "x = " + "{a = " * (levels - 1) + "1" + "}" * (levels - 1) + "\n"
    if kind == "toml dotted key":
        return ".toml", ".".join(["a"] * levels) + " = 1\n"
    if kind == "toml table header":
        return ".toml", "[" + ".".join(["a"] * (levels - 1)) + "]\n"
    assert kind == "toml header and key"  # each under the limit, together over it
    header = levels // 2
    key = levels - header
    return ".toml", "[" + ".".join(["a"] * header) + "]\n" + ".".join(["b"] * key) + " = 1\n"


KINDS = [
    "json arrays",
    "json objects",
    "toml arrays",
    "toml inline tables",
    "toml dotted key",
    "toml table header",
    "toml header and key",
]


def _too_deep(label: str, suffix: str) -> str:
    kind = "TOML" if suffix == ".toml" else "JSON"
    return f"{label}: the {kind} is nested deeper than 64 levels, the most followup-mail reads."


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["draft", "next", "lint --notes"])
def test_notes_nested_100000_deep_are_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, command: str
) -> None:
    suffix, text = _nested(kind, DEEP)
    notes = tmp_path / f"notes{suffix}"
    notes.write_text(text, encoding="utf-8")
    if command == "lint --notes":
        body = tmp_path / "body.txt"
        body.write_text("Thank you!\n", encoding="utf-8")
        argv: list[object] = ["lint", body, "--notes", notes]
    else:
        argv = [command, notes]
    with deadline(20):
        code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert one_error(err) == _too_deep(str(notes), suffix)


def test_notes_on_stdin_nested_100000_deep_are_one_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_stdin(monkeypatch, ("[" * DEEP).encode())
    code, _, err = run(capsys, "draft", "-")
    assert (code, one_error(err)) == (2, _too_deep("<stdin>", ".json"))


@pytest.mark.parametrize("kind", KINDS)
def test_history_nested_100000_deep_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    suffix, text = _nested(kind, DEEP)
    history = tmp_path / f"history{suffix}"
    history.write_text(text, encoding="utf-8")
    for argv in (
        ["next", NOTES, "--history", history],
        ["draft", NOTES, "--kind", "reminder", "--sent-at", SENT, "--history", history],
    ):
        with deadline(20):
            code, out, err = run(capsys, *argv)
        assert (code, out) == (2, "")
        assert one_error(err) == _too_deep(str(history), suffix)


@pytest.mark.parametrize("kind", KINDS)
def test_load_notes_raises_notes_error_for_deep_files(tmp_path: Path, kind: str) -> None:
    suffix, text = _nested(kind, 65)
    path = tmp_path / f"n{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NotesError) as caught:
        load_notes(path)
    assert str(caught.value) == _too_deep(str(path), suffix)


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("[]", 1),
        ('[{"a": [1, {"b": []}]}]', 5),
        ('["[[[[", "{{{{"]', 1),
        ('["\\"[[[", "\\\\", [[]]]', 3),
        ('{"a\\u005b": "]]]]", "b": {}}', 2),
        ("]]]][[", 2),
        ("[" * 70, 65),  # the scan stops one level past the limit
    ],
)
def test_json_depth_table(text: str, depth: int) -> None:
    assert decode.json_depth(text) == depth


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('a = 1\n', 1),
        ('a.b.c = 1\n', 3),
        ('a . "b" . \'c\' = 1\n', 3),
        ('x = [[1], [2]]\n', 2),
        ('x = {a = {b = 1}}\n', 2),
        ('[[history]]\nevent = "sent"\n', 2),
        ('x = "[[[[ a.b.c.d"\n', 1),
        ("x = '[[[[ {{{{'\n", 1),
        ('x = """\n[[[[ "" ""\\""" {{{{\n"""\n', 1),
        ("x = '''\n[[[[ ' '' {{{{\n'''\n", 1),
        ("# [[[[ a.b.c.d.e\nx = 1\n", 1),
        ("x = 1.5\ny = 1979-05-27T07:32:00.999-07:00\nz = 1979-05-27 07:32:00.5\n", 2),
        ("x = [" + "1.5, " * 100 + "]\n", 2),
        ("x = [[], [[[]]]]\n", 4),
        ("x = [1]\ny = [2]\n", 1),
    ],
)  # fmt: skip
def test_toml_depth_table(text: str, depth: int) -> None:
    assert decode.toml_depth(text) == depth


def test_the_recursion_backstop_turns_a_missed_depth_into_the_same_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(decode, "json_depth", lambda text: 0)
    monkeypatch.setattr(decode, "toml_depth", lambda text: 0)
    with pytest.raises(NotesError) as caught:
        decode.loads_json("[" * DEEP + "]" * DEEP, "deep.json", NotesError)
    assert str(caught.value) == _too_deep("deep.json", ".json")
    with pytest.raises(HistoryError) as caught_toml:
        decode.loads_toml(b"x = " + b"[" * 5000 + b"]" * 5000, "deep.toml", HistoryError)
    assert str(caught_toml.value) == _too_deep("deep.toml", ".toml")


@pytest.mark.parametrize("kind", KINDS)
def test_files_64_levels_deep_are_read(kind: str) -> None:
    """The limit refuses only what is deeper: 64 levels decode."""
    suffix, text = _nested(kind, 64)
    if suffix == ".json":
        assert decode.data_depth(decode.loads_json(text, "n.json", NotesError)) == 64
    else:
        assert decode.data_depth(decode.loads_toml(text.encode(), "n.toml", NotesError)) == 64


# Hostile strings: every bracket, quote, escape and comment character, controls, format
# characters, encoded words and any other code point.
HOSTILE_TEXT = st.text(
    st.one_of(
        st.sampled_from("[]{}\"'\\.#=,\n\r\t\x00\x1b\x7f\u2028\u202e"),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=12,
) | st.just("=?utf-8?q?=5B=5B?=")
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    HOSTILE_TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE_TEXT, inner, max_size=3),
    max_leaves=8,
)


# A wrapper around a value: None for a list, else an object's key. A small set keeps
# generation cheap at 140 levels; HOSTILE_TEXT covers the rest inside the value.
WRAPPER = st.sampled_from(
    [
        None,
        None,
        "",
        "[",
        "]]",
        '{"',
        "\\",
        "a.b",
        "#",
        "'" * 3,
        '"' * 3,
        "=?utf-8?q?=7B?=",
        "\n",
    ]
)
# How many levels to wrap: both sides of the limit, and often right at it.
LEVELS = st.one_of(st.integers(0, 140), st.sampled_from([62, 63, 64, 65]))


def wrappers(draw: st.DrawFn, count: int) -> list[str | None]:
    return draw(st.lists(WRAPPER, min_size=count, max_size=count))


@st.composite
def deep_values(draw: st.DrawFn) -> object:
    """A value wrapped in up to 140 lists and objects: both sides of the limit."""
    value = draw(VALUES)
    for key in wrappers(draw, draw(LEVELS)):
        value = [value] if key is None else {key: value}
    return value


@settings(max_examples=150)  # 140-level values: about 2 s in all
@given(value=deep_values(), ascii_only=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_json_is_read_exactly_up_to_the_limit_and_refused_past_it(
    value: object, ascii_only: bool, encoding: str
) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    depth = decode.data_depth(value)
    assert decode.json_depth(text) == min(depth, 65)
    raw = text.encode(encoding)
    if depth <= 64:
        assert decode.loads_json(raw, "n.json", NotesError) == json.loads(raw)
    else:
        with pytest.raises(NotesError) as caught:
            decode.loads_json(raw, "n.json", NotesError)
        assert str(caught.value) == _too_deep("n.json", ".json")


def _toml_string(text: str, choice: int, *, key: bool = False) -> str:
    """*text* as one of TOML's four kinds of string that can hold it (keys: two of them)."""
    plain = all(c == "\t" or (c >= " " and c != "\x7f") for c in text)
    styles = ["basic"]
    if plain and "'" not in text:
        styles.append("literal")
    if not key:
        styles.append("multi-line basic")
        lines = all(c in "\t\n" or (c >= " " and c != "\x7f") for c in text)
        if lines and "'''" not in text and not text.startswith("\n") and not text.endswith("'"):
            styles.append("multi-line literal")
    style = styles[choice % len(styles)]
    escaped = json.dumps(text, ensure_ascii=False)[1:-1].replace("\x7f", "\\u007f")
    if style == "basic":
        return f'"{escaped}"'
    if style == "multi-line basic":
        return f'"""{escaped}"""'
    if style == "literal":
        return f"'{text}'"
    return f"'''{text}'''"


@st.composite
def toml_documents(draw: st.DrawFn) -> tuple[str, dict[str, object], int]:
    """(TOML text, the data it holds, its depth) with nesting by brackets and dotted keys."""
    leaf = draw(st.one_of(st.integers(-(10**18), 10**18), HOSTILE_TEXT, st.booleans()))
    leaf_text = leaf if isinstance(leaf, str) else None
    value: object = leaf
    choices = iter(draw(st.lists(st.integers(0, 3), min_size=150, max_size=150)))
    text = _toml_string(leaf_text, next(choices)) if leaf_text is not None else str(leaf).lower()
    # The dotted key's parts and the brackets around the value share the levels.
    levels = max(draw(LEVELS), 1)
    part_count = draw(st.integers(1, min(levels, 80)))
    for key in wrappers(draw, levels - part_count):
        if key is None:
            value, text = [value], f"[{text}]"
        else:
            key_text = _toml_string(key, next(choices), key=True)
            value, text = {key: value}, f"{{{key_text} = {text}}}"
    parts = draw(
        st.lists(
            st.sampled_from(["a", "b-1", "_", "0", "true", "1e5"]),
            min_size=part_count,
            max_size=part_count,
        )
    )
    document: dict[str, object] = {}
    node = document
    for part in parts[:-1]:
        node[part] = node = {}
    node[parts[-1]] = value
    dotted = draw(st.sampled_from([".", " . ", "\t.\t"])).join(parts)
    comment = draw(st.sampled_from(["", " # [[[[ {{{{ a.b.c", " # " + "." * 80]))
    return f"{dotted} = {text}{comment}\n", document, decode.data_depth(document)


@settings(max_examples=100)  # 140-level documents: about 2 s in all
@given(toml_documents())
def test_toml_is_read_exactly_up_to_the_limit_and_refused_past_it(
    document: tuple[str, dict[str, object], int],
) -> None:
    text, data, depth = document
    assert decode.toml_depth(text) <= depth  # never refuses what is within the limit
    if depth <= 64:
        assert decode.loads_toml(text.encode(), "n.toml", NotesError) == data
    else:
        with pytest.raises(NotesError) as caught:
            decode.loads_toml(text.encode(), "n.toml", NotesError)
        assert str(caught.value) == _too_deep("n.toml", ".toml")


def test_data_depth_is_measured_without_recursion() -> None:
    value: object = 1
    for _ in range(20_000):  # twenty times the recursion limit
        value = [value]
    assert decode.data_depth(value) == 20_000
    assert decode.data_depth({"a": [1, {"b": 2}], "c": []}) == 3


# --- finding: lint /dev/zero is a MemoryError --------------------------------------------------


def test_lint_dev_zero_is_one_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with deadline(20):
        code, out, err = run(capsys, "lint", "/dev/zero")
    assert (code, out) == (2, "")
    assert one_error(err) == f"/dev/zero: {TOO_BIG}"


@pytest.mark.parametrize("command", ["lint", "draft", "next"])
def test_stdin_over_1_mib_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    set_stdin(monkeypatch, b" " * (MIB + 1))
    code, out, err = run(capsys, command, "-")
    assert (code, out) == (2, "")
    assert one_error(err) == f"<stdin>: {TOO_BIG}"


def test_notes_and_history_files_over_1_mib_are_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * MIB + b"[]")
    code, _, err = run(capsys, "draft", big)
    assert (code, one_error(err)) == (2, f"{big}: {TOO_BIG}")
    code, _, err = run(capsys, "next", NOTES, "--history", big)
    assert (code, one_error(err)) == (2, f"{big}: {TOO_BIG}")


def test_exactly_1_mib_is_read_and_one_byte_more_is_refused() -> None:
    assert len(files.read_stream(io.BytesIO(b"x" * MIB), "<t>", FollowupMailError)) == MIB
    endless = io.BytesIO(b"x" * (3 * MIB))
    with pytest.raises(FollowupMailError) as caught:
        files.read_stream(endless, "<t>", FollowupMailError)
    assert str(caught.value) == f"<t>: {TOO_BIG}"
    assert endless.tell() == MIB + 1  # never more than one byte past the limit


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (b'\xef\xbb\xbf["bom"]', ["bom"]),
        ('["é"]'.encode("utf-16"), ["é"]),
        ('["é"]'.encode("utf-32-le"), ["é"]),
        (b'["\xed\xa0\x80"]', ["\ud800"]),  # a lone surrogate, as json.loads reads it
    ],
)
def test_json_bytes_are_decoded_as_json_loads_decodes_them(raw: bytes, value: object) -> None:
    assert decode.loads_json(raw, "n.json", NotesError) == json.loads(raw) == value


@pytest.mark.parametrize("text", ["x = .5\n", "x = [.a]\n", ".a = 1\n", "a..b = 1\n", "= .a.b\n"])
def test_stray_dots_in_toml_are_invalid_toml_not_a_crash(text: str) -> None:
    with pytest.raises(NotesError, match="not valid TOML"):
        decode.loads_toml(text.encode(), "n.toml", NotesError)


BODY_TEXT = "Hi Ana,\n\nThank you for your time.\n"


def test_a_pipe_is_still_read_as_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A FIFO as input is what ``lint <(command)`` gives: read, bounded like any input."""
    fifo = tmp_path / "body"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # the writer: the other end of the pipe
        with open(fifo, "wb") as writer:
            writer.write(BODY_TEXT.encode())
        os._exit(0)
    with deadline(20):
        code, out, _ = run(capsys, "lint", fifo, "--format", "json")
    os.waitpid(pid, 0)
    assert code in (0, 1)
    assert json.loads(out)["word_count"] == lint(BODY_TEXT).word_count


# --- finding: out-of-range times (OverflowError) -------------------------------------------------


REMINDER = ["draft", str(NOTES), "--kind", "reminder"]


@pytest.mark.parametrize(
    "argv",
    [
        ["next", str(NOTES), "--now", "0001-01-01T00:00:00+00:00"],
        ["next", str(NOTES), "--now", "9999-12-31T23:59:59+00:00"],
        ["next", str(NOTES), "--now", "0001-01-01T00:00:00+05:00"],
        ["next", str(NOTES), "--now", "9999-12-31T23:59:59-05:00"],
        [*REMINDER, "--sent-at", "0001-01-01T00:00:00+00:00"],
        [*REMINDER, "--sent-at", "9999-12-31T23:59:59+00:00"],
        [*REMINDER, "--sent-at", "9999-12-31T23:59:59-05:00"],
        [*REMINDER, "--sent-at", SENT, "--now", "9999-12-31T23:59:59+00:00"],
        [*REMINDER, "--sent-at", SENT, "--now", "0001-01-01T00:00:00+00:00"],
        [*REMINDER, "--sent-at", SENT, "--now", "0001-01-01T00:00:00+05:00"],
    ],
)
def test_extreme_now_and_sent_at_are_one_error_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert "between the years 1970 and 2199" in one_error(err)


def test_an_overflow_from_the_library_is_still_one_error_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def overflow(*args: object, **kwargs: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(policy, "next_follow_up", overflow)  # cli imports it when it runs
    code, out, err = run(capsys, "next", NOTES)
    assert (code, out) == (2, "")
    assert one_error(err) == "a date or time is out of range (date value out of range)."


def test_toml_notes_still_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_text(NOTES_TOML, encoding="utf-8")
    assert load_notes(path).interviewers[0].name == "Ana Lima"


def test_load_notes_names_the_file_escaped_in_every_error(tmp_path: Path) -> None:
    """The library's own messages, not only the command line's, stay on one line."""
    for name, content, message in [
        ("n\x1b.toml", "oops\n", "not valid TOML"),
        ("n\x1b.json", "{", "not valid JSON"),
        ("n\x1b.json", "[" * 65, "the JSON is nested deeper than 64 levels"),
        ("n\x1b.json", '{"candidate": 1}', "candidate"),
    ]:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises(NotesError) as caught:
            load_notes(path)
        assert str(caught.value).startswith(f"{tmp_path}/n\\x1b.")
        assert message in str(caught.value)
