"""The ``followup-mail`` command line (argparse): ``draft``, ``lint``, ``next``, ``schema``.

Every subcommand reads files, calls the public API and prints; the library does the work.
Bad input (a missing file, invalid JSON or TOML, a field that fails validation, an unknown
rule, a time without a UTC offset, an input over 1 MiB or nested deeper than 64 levels)
prints ``error: <one line>`` on stderr and exits 2, never a traceback; control characters
in a path or a value are escaped so that the line stays one line. Output is UTF-8 whatever
the locale. Files are read and written by :mod:`followup_mail._files`: ``-o`` never loses
content and writes only regular files.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

from ._files import read_file, read_stream, shown, write_file, write_files
from ._version import __version__
from .errors import (
    FollowupMailError,
    FollowUpNotAdvised,
    HistoryError,
    InsecureTransportWarning,
    NoSendWindow,
    NotesError,
)
from .linting import lint
from .vocabulary import DEFAULT_KIND, DEFAULT_TONE, KINDS, PASSWORD_VARIABLE

# Each subcommand imports what it needs when it runs: ``lint FILE`` never loads
# pydantic, jinja2 or the drafting machinery.
if TYPE_CHECKING:
    from pydantic import ValidationError

    from .draft import Contact, Draft
    from .history import ReplyEvent, SentEvent
    from .linting import LintConfig, LintReport
    from .models import InterviewNotes
    from .policy import Advice, Policy

__all__ = ["main"]

STDIN = "-"
_STDIN_LABEL = "<stdin>"
_SUBJECT_LABEL = "<subject>"
_RULE = "-" * 72

# --- argument parsing ------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one ``error:`` line and exit 2, like bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {shown(message)} (see '{self.prog} --help')\n")


def _aware(value: str) -> datetime:
    """An ISO 8601 date and time with a UTC offset (``--sent-at``, ``--now``)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 date and time, e.g. 2026-11-25T09:00:00-05:00"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} has no UTC offset; write it like {moment.isoformat()}-05:00"
        )
    return moment


def _holidays(value: str) -> Policy:
    """``--holidays US``: the default timing policy with that public-holiday calendar."""
    from pydantic import ValidationError

    from .models import error_text
    from .policy import Policy

    try:
        return Policy(holidays=value)
    except ValidationError as exc:
        # argparse shows only this type of error's message; it names the option itself.
        raise argparse.ArgumentTypeError(error_text(exc.errors()[0]["msg"])) from None


def _codes(value: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in value.split(",") if code.strip())


_DRAFT_EPILOG = """\
examples:
  followup-mail draft notes.json                      # a thank-you per interviewer
  followup-mail draft notes.toml --interviewer "Ana Lima" --tone formal
  followup-mail draft notes.json --format eml -o drafts/
  followup-mail draft notes.json --kind reminder --sent-at 2026-11-25T14:30:00-05:00
  followup-mail draft notes.json --format ics --holidays US -o drafts/

  followup-mail draft notes.json --imap imaps://sam@imap.example.com
  cat notes.json | followup-mail draft - --format json

Without --interviewer, one draft per interviewer (a reminder too: each got a
thank-you). A reminder that the timing rules advise against exits 1 with the
reason, unless --force.

-o writes atomically and never loses content: a new file is created only if
no other process created it first; a file with different content is replaced
only with --force, keeping its permissions; the same content is left as is.
-o writes only regular files: a symbolic link (/dev/stdout is one), FIFO,
device or socket is refused, never followed (leave out -o for stdout).
--format ics writes, in the folder -o names, each draft's .eml and beside it
an .ics of the same name with its send window (import it in your calendar).


--imap saves the drafts in the mailbox's Drafts folder (the one marked \\Drafts,
else "Drafts", created if missing) and prints one line per draft; a draft
already there is not added again. The password is read from
FOLLOWUP_MAIL_IMAP_PASSWORD, else asked for without echo; never pass it as an
argument. imap:// (no TLS, or STARTTLS when offered) only prints a warning.
"""

_LINT_EPILOG = """\
examples:
  followup-mail lint draft.txt --subject "Thank you — Data Engineer interview"
  followup-mail lint draft.txt --kind reminder --notes notes.json --ignore FM101,tone
  followup-mail lint - --format json < draft.txt

CODES are comma-separated rule codes (FM201), names (pushy-timeline-question) or
categories (pushy). Exit status: 0 when no finding is an error, 1 otherwise.
The text, like notes, may be at most 1 MiB.
"""

_NEXT_EPILOG = """\
examples:
  followup-mail next notes.json
  followup-mail next notes.json --history history.json --now 2026-11-27T10:00:00-05:00
  followup-mail next notes.json --sent-at 2026-11-25T14:30:00-05:00
  followup-mail next notes.json --holidays US --format ics > follow-up.ics

The history is a JSON list of events (or a TOML file of [[history]] tables):
  [{"event": "sent", "kind": "thank_you", "at": "2026-11-25T14:30:00-05:00"},
   {"event": "reply", "at": "2026-11-26T09:12:00-05:00", "says": "process_ongoing"}]
Notes and history files may be at most 1 MiB and 64 levels deep.
--format ics prints a calendar with the send window; when the advice is to
stop there is none: the reason goes to stderr and the exit status is 1.
"""

_SCHEMA_EPILOG = """\
example:
  followup-mail schema > interview-notes.schema.json
"""

_MAIN_EPILOG = """\
examples:
  followup-mail draft notes.json
  followup-mail lint draft.txt
  followup-mail next notes.json --history history.json
  followup-mail schema

Run 'followup-mail COMMAND --help' for a command's options.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``followup-mail`` and its subcommands."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="followup-mail",
        description="Draft, lint and time interview follow-up emails. Nothing is ever sent.",
        epilog=_MAIN_EPILOG,
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    draft = commands.add_parser(
        "draft",
        help="draft thank-you or reminder emails from interview notes",
        description="Draft thank-you or reminder emails from interview notes.",
        epilog=_DRAFT_EPILOG,
        formatter_class=raw,
    )
    draft.add_argument(
        "notes", metavar="NOTES", help="a .json or .toml file, or - for JSON on stdin"
    )
    draft.add_argument(
        "--kind", choices=KINDS, default=DEFAULT_KIND, help=f"default: {DEFAULT_KIND}"
    )
    draft.add_argument("--interviewer", metavar="NAME", help="only this interviewer")
    draft.add_argument(
        "--tone",
        default=DEFAULT_TONE,
        metavar="warm|formal",
        help=f"default: {DEFAULT_TONE} (a custom template folder may add tones)",
    )
    draft.add_argument(
        "--templates", metavar="DIR", help="a folder of templates replacing built-ins"
    )
    draft.add_argument(
        "--sent-at",
        type=_aware,
        metavar="ISO",
        help="when the thank-you was sent (for a reminder)",
    )
    draft.add_argument("--history", metavar="FILE", help="the follow-up history (for a reminder)")
    draft.add_argument(
        "--now", type=_aware, metavar="ISO", help="the time to advise for (default: now)"
    )
    draft.add_argument("--format", choices=("text", "json", "eml", "ics"), default="text")
    draft.add_argument(
        "--holidays",
        type=_holidays,
        metavar="CODE",
        help="no window opens on this calendar's public holidays: US, GB, DE-SN...",
    )
    draft.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="a regular file, or a folder for eml drafts (see below)",
    )
    draft.add_argument(
        "--force",
        action="store_true",
        help="draft a reminder that is not advised; replace an -o file that differs",
    )
    draft.add_argument(
        "--imap",
        metavar="URL",
        help="save the drafts to the Drafts folder at imaps://USER@HOST[:PORT] instead "
        f"(password from {PASSWORD_VARIABLE} or asked for); nothing is sent",
    )

    lint_cmd = commands.add_parser(
        "lint",
        help="lint a follow-up email's body",
        description="Lint a follow-up email for what general prose linters miss.",
        epilog=_LINT_EPILOG,
        formatter_class=raw,
    )
    lint_cmd.add_argument("file", metavar="FILE", help="the body as UTF-8 text, or - for stdin")
    lint_cmd.add_argument(
        "--kind", choices=KINDS, default=DEFAULT_KIND, help=f"default: {DEFAULT_KIND}"
    )
    lint_cmd.add_argument("--notes", metavar="NOTES", help="notes: check it cites them")
    lint_cmd.add_argument("--subject", metavar="TEXT", help="the subject line, linted too")
    lint_cmd.add_argument("--select", type=_codes, metavar="CODES", help="only these rules")
    lint_cmd.add_argument("--ignore", type=_codes, metavar="CODES", help="not these rules")
    lint_cmd.add_argument("--format", choices=("text", "json"), default="text")

    next_cmd = commands.add_parser(
        "next",
        help="advise the next follow-up and its window",
        description="Advise the next follow-up: the thank-you, a reminder, or stop.",
        epilog=_NEXT_EPILOG,
        formatter_class=raw,
    )
    next_cmd.add_argument("notes", metavar="NOTES", help="a .json or .toml file, or - for stdin")
    next_cmd.add_argument("--history", metavar="FILE", help="what happened since the interview")
    next_cmd.add_argument(
        "--sent-at",
        type=_aware,
        metavar="ISO",
        help="when the thank-you was sent (a shortcut for a history of that one event)",
    )
    next_cmd.add_argument("--now", type=_aware, metavar="ISO", help="default: the current time")
    next_cmd.add_argument("--format", choices=("text", "json", "ics"), default="text")
    next_cmd.add_argument(
        "--holidays",
        type=_holidays,
        metavar="CODE",
        help="no window opens on this calendar's public holidays: US, GB, DE-SN...",
    )

    commands.add_parser(
        "schema",
        help="print the JSON Schema of interview notes",
        description="Print the JSON Schema of interview notes (InterviewNotes).",
        epilog=_SCHEMA_EPILOG,
        formatter_class=raw,
    )
    return parser


# --- entry point -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 fine, 1 advised against, 2 bad input)."""
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else 2
    try:
        if args.command == "draft":
            return _draft(args)
        if args.command == "lint":
            return _lint(args)
        if args.command == "next":
            return _next(args)
        if args.command == "schema":
            import json

            from .models import InterviewNotes

            _print(json.dumps(InterviewNotes.model_json_schema(), indent=2, ensure_ascii=False))
            return 0
        parser.print_help()
        return 0
    except FollowUpNotAdvised as exc:
        print(f"not advised: {_one_line(exc)} Use --force to draft it anyway.", file=sys.stderr)
        return 1
    except _validation_errors() as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or exc.title
        message = f"{where}: {first['msg']}."
        print(f"error: {_one_line(message)}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:  # FollowupMailError is a ValueError
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except OverflowError as exc:  # a date past year 9999 computed from valid-looking input
        print(f"error: a date or time is out of range ({_one_line(exc)}).", file=sys.stderr)
        return 2


def _validation_errors() -> tuple[type[ValidationError], ...]:
    """pydantic's ``ValidationError`` once pydantic is loaded; before, nothing can raise it."""
    core = sys.modules.get("pydantic_core")
    return () if core is None else (core.ValidationError,)


def _utf8(stream: IO[str]) -> None:
    """Write UTF-8 whatever the locale (a C locale would make a name like Chloé fail)."""
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
        stream.reconfigure(encoding="utf-8")


def _one_line(exc: BaseException | str) -> str:
    """A message on one line: its lines joined by a space, other controls escaped.

    Paths in messages are already escaped (:func:`shown`), so a newline in a file name
    shows as ``\\n`` rather than joining two halves of the name.
    """
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        return f"{shown(str(exc.filename))}: {exc.strerror}."
    text = exc if isinstance(exc, str) else str(exc) or type(exc).__name__
    return shown(" ".join(line.strip() for line in text.splitlines() if line.strip()))


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# --- input -----------------------------------------------------------------------------


def _read_notes(source: str) -> InterviewNotes:
    from .models import load_notes, parse_notes

    if source == STDIN:
        raw = read_stream(sys.stdin.buffer, _STDIN_LABEL, NotesError)
        return parse_notes(raw, origin=_STDIN_LABEL)
    return load_notes(source)


def _read_history(source: str | None) -> tuple[SentEvent | ReplyEvent, ...]:
    """A JSON list of events (or ``{"history": [...]}``), or TOML ``[[history]]`` tables."""
    from .policy import parse_history

    if source is None:
        return ()
    path = Path(source)
    label = shown(path)
    raw = read_file(path, HistoryError, "the history file")
    data: object
    if path.suffix.lower() == ".toml":
        from ._decode import loads_toml  # tomllib and json: only for a history file

        data = loads_toml(raw, label, HistoryError).get("history", [])
    else:
        from ._decode import loads_json

        data = loads_json(raw, label, HistoryError)
    if isinstance(data, Mapping) and "history" in data:
        data = data["history"]
    return parse_history(data, origin=label)


def _read_text(source: str) -> tuple[str, str]:
    """The text to lint and the label that names it in findings."""
    if source == STDIN:
        raw, label = read_stream(sys.stdin.buffer, _STDIN_LABEL, FollowupMailError), _STDIN_LABEL
    else:
        label = shown(source)
        raw = read_file(Path(source), FollowupMailError, "the file")
    try:
        return raw.decode("utf-8-sig"), label
    except UnicodeDecodeError as exc:
        raise FollowupMailError(
            f"{label}: not UTF-8 text ({exc.reason} at byte {exc.start})."
        ) from None


# --- draft -----------------------------------------------------------------------------


def _draft(args: argparse.Namespace) -> int:
    from .drafting import draft_reminder, draft_thank_you, draft_thank_yous

    notes = _read_notes(args.notes)
    history = _read_history(args.history)
    if args.kind == "thank_you":
        if args.interviewer is not None:
            drafts = [
                draft_thank_you(
                    notes,
                    args.interviewer,
                    tone=args.tone,
                    templates=args.templates,
                    policy=args.holidays,
                    now=args.now,
                )
            ]
        else:
            drafts = draft_thank_yous(
                notes, tone=args.tone, templates=args.templates, policy=args.holidays, now=args.now
            )
    else:
        # Every interviewer got a thank-you, so each gets the reminder, like the thank-you;
        # --interviewer narrows it to one (e.g. the hiring manager).
        people: list[str | int] = (
            [args.interviewer]
            if args.interviewer is not None
            else list(range(len(notes.interviewers)))
        )
        drafts = [
            draft_reminder(
                notes,
                person,
                thank_you_sent_at=args.sent_at,
                history=history,
                now=args.now,
                tone=args.tone,
                templates=args.templates,
                policy=args.holidays,
                force=args.force,
            )
            for person in people
        ]
    if args.imap is not None:
        return _save_to_imap(drafts, args)
    if args.format == "eml":
        return _emit_eml(drafts, args)
    if args.format == "ics":
        return _emit_ics(drafts, notes, args)
    text = _drafts_json(drafts) if args.format == "json" else _drafts_text(drafts)
    if args.output is None:
        _print(text)
    else:
        target = Path(args.output)
        _report_write(target, write_file(target, text.encode("utf-8"), args.force))
    return 0


def _address(contact: Contact) -> str:
    if contact.email is None:
        return contact.name
    local, _, domain = contact.email.rpartition("@")
    from email.headerregistry import Address

    return str(Address(display_name=contact.name, username=local, domain=domain))


def _moment(moment: datetime) -> str:
    """A time as people read it: ``Wed 25 Nov 2026 14:00 EST`` (the zone's abbreviation,
    or the offset when the zone has none)."""
    zone = moment.tzname() or ""
    if not zone or zone.startswith(("UTC+", "UTC-", "+", "-")):
        zone = moment.strftime("%z")
        zone = f"{zone[:3]}:{zone[3:5]}" if zone else "UTC"
    # Weekday and month names in English whatever the locale, as the rest of the output.
    weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[moment.weekday()]
    month = _MONTHS[moment.month - 1]
    return f"{weekday} {moment.day} {month} {moment.year} {moment:%H:%M} {zone}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _drafts_text(drafts: Sequence[Draft]) -> str:
    parts = []
    for draft in drafts:
        window = (
            f"Send between {_moment(draft.send_after)} and {_moment(draft.send_before)}"
            if draft.send_before is not None
            else f"Send from {_moment(draft.send_after)}"
        )
        lines = [
            f"From: {_address(draft.sender)}",
            f"To: {_address(draft.to)}",
            f"Subject: {draft.subject}",
            "",
            draft.body.rstrip("\n"),
            "",
            window,
        ]
        findings = draft.lint.findings
        lines.append(f"Lint: {len(findings)} finding{'' if len(findings) == 1 else 's'}")
        for finding in findings:
            lines.append(f"  {finding.code} ({finding.category}) {finding.name}: {finding.message}")
        parts.append("\n".join(lines) + "\n")
    return f"{_RULE}\n".join(parts)


def _drafts_json(drafts: Sequence[Draft]) -> str:
    """A JSON list of drafts, each in its documented form (:meth:`Draft.to_json`)."""
    import json

    items = [json.loads(draft.to_json(indent=None)) for draft in drafts]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _emit_eml(drafts: Sequence[Draft], args: argparse.Namespace) -> int:
    from .draft import file_names

    if args.output is None:
        if len(drafts) > 1:
            raise FollowupMailError(
                f"--format eml writes one draft per file and there are {len(drafts)} "
                "(one per interviewer); pass -o DIR for one file each, or --interviewer NAME."
            )
        _write_stdout_bytes(drafts[0].to_eml())
        return 0
    target = Path(args.output)
    if len(drafts) == 1 and not target.is_dir():
        _report_write(target, write_file(target, drafts[0].to_eml(), args.force))
        return 0
    if target.exists() and not target.is_dir():
        raise FollowupMailError(
            f"{shown(target)}: is a file; with several eml drafts, -o names a folder to write "
            "them in."
        )
    target.mkdir(parents=True, exist_ok=True)
    files = {
        target / name: draft.to_eml()
        for name, draft in zip(file_names(drafts), drafts, strict=True)
    }
    write_files(files, args.force, _report_write)
    return 0


def _emit_ics(drafts: Sequence[Draft], notes: InterviewNotes, args: argparse.Namespace) -> int:
    """Each draft's ``.eml`` and, beside it, an ``.ics`` of the same name with its window."""
    from .draft import file_names

    if args.output is None:
        raise FollowupMailError(
            "--format ics writes two files per draft (the .eml and its .ics); pass -o DIR "
            "to name the folder for them."
        )
    target = Path(args.output)
    if target.exists() and not target.is_dir():
        raise FollowupMailError(
            f"{shown(target)}: is a file; with --format ics, -o names a folder to write the "
            ".eml and .ics files in."
        )
    target.mkdir(parents=True, exist_ok=True)
    files: dict[Path, bytes] = {}
    for name, draft in zip(file_names(drafts), drafts, strict=True):
        files[target / name] = draft.to_eml()
        files[target / f"{name.removesuffix('.eml')}.ics"] = draft.to_ics(
            notes, policy=args.holidays
        )
    write_files(files, args.force, _report_write)
    return 0


# --- draft --imap ----------------------------------------------------------------------


def _save_to_imap(drafts: Sequence[Draft], args: argparse.Namespace) -> int:
    """Upload to the Drafts folder; one ``warning:`` line per warning, one line per draft."""
    from urllib.parse import unquote, urlsplit

    from .drafts_folder import save_drafts

    if args.output is not None or args.format != "text":
        raise FollowupMailError(
            "--imap saves the drafts to the mailbox and prints one line each; leave out -o "
            "and --format."
        )
    user = urlsplit(args.imap).username
    if not user:
        raise FollowupMailError(
            "--imap needs the user in the URL, e.g. imaps://you@imap.example.com."
        )
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        try:
            import getpass

            password = getpass.getpass(f"IMAP password for {unquote(user)}: ")
        except EOFError:
            raise FollowupMailError(
                f"No IMAP password: set {PASSWORD_VARIABLE} or type it when asked."
            ) from None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InsecureTransportWarning)
        try:
            result = save_drafts(drafts, args.imap, username=unquote(user), password=password)
        finally:
            for warning in caught:
                print(f"warning: {_one_line(str(warning.message))}", file=sys.stderr)
    labels = {d.message_id: f"{d.kind.replace('_', '-')} to {d.to.name}" for d in drafts}
    for outcome, ids in (("saved", result.saved), ("already there", result.already_there)):
        for message_id in ids:
            print(f"{outcome}: {shown(labels[message_id])} in {shown(str(result.mailbox))}")
    return 0


# --- writing files ---------------------------------------------------------------------


def _write_stdout_bytes(data: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def _report_write(path: Path, outcome: str) -> None:
    print(f"{outcome} {shown(path)}", file=sys.stderr)


# --- lint ------------------------------------------------------------------------------


def _lint(args: argparse.Namespace) -> int:
    text, label = _read_text(args.file)
    notes = _read_notes(args.notes) if args.notes is not None else None
    report = lint(
        text,
        kind=args.kind,
        notes=notes,
        subject=args.subject,
        config=_lint_config(args.select, args.ignore),
    )
    if args.format == "json":
        _print(report.to_json(indent=2))
    else:
        _print(_report_text(report, text, label, args.subject or ""))
    return 0 if report.ok else 1


def _lint_config(
    select: tuple[str, ...] | None, ignore: tuple[str, ...] | None
) -> LintConfig | None:
    """A :class:`LintConfig` for --select/--ignore, or ``None`` for the defaults."""
    if select is None and ignore is None:
        return None
    from .linting import LintConfig

    return LintConfig(select=select, ignore=ignore or ())


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a ``str`` offset."""
    before = text[: max(0, min(offset, len(text)))]
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _report_text(report: LintReport, text: str, label: str, subject: str) -> str:
    lines = []
    for finding in report.findings:
        in_subject = finding.field == "subject"
        line, col = _position(subject if in_subject else text, finding.start)
        where = _SUBJECT_LABEL if in_subject else label
        lines.append(
            f"{where}:{line}:{col}: {finding.code} ({finding.category}) {finding.name}: "
            f"{finding.message}"
        )
        if finding.suggestion:
            lines.append(f"    suggestion: {finding.suggestion}")
    errors = sum(f.severity == "error" for f in report.findings)
    count = len(report.findings)
    if count:
        lines.append(
            f"{label}: {count} finding{'' if count == 1 else 's'}, "
            f"{errors} error{'' if errors == 1 else 's'}."
        )
    else:
        lines.append(f"{label}: no findings.")
    return "\n".join(lines)


# --- next ------------------------------------------------------------------------------


def _next(args: argparse.Namespace) -> int:
    from .history import SentEvent
    from .policy import next_follow_up

    notes = _read_notes(args.notes)
    history: list[SentEvent | ReplyEvent] = list(_read_history(args.history))
    if args.sent_at is not None:
        sent = SentEvent(kind="thank_you", at=args.sent_at)
        # In time order among the history's events, as draft --sent-at does.
        history = sorted([sent, *history], key=lambda event: event.at)
    advice = next_follow_up(notes, history, now=args.now, policy=args.holidays)
    if args.format == "ics":
        try:
            data = advice.to_ics(notes)
        except NoSendWindow:
            print(f"nothing to schedule: {_one_line(advice.reason)}", file=sys.stderr)
            return 1
        _write_stdout_bytes(data)
        return 0
    _print(advice.model_dump_json(indent=2) if args.format == "json" else _advice_text(advice))
    return 0


def _advice_text(advice: Advice) -> str:
    lines = [f"action: {advice.action}"]
    if advice.not_before is not None and advice.not_after is not None:
        lines.append(f"not before: {_moment(advice.not_before)}")
        lines.append(f"not after: {_moment(advice.not_after)}")
    lines.append(f"reason: {advice.reason}")
    return "\n".join(lines)
