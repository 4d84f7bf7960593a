"""Draft out: a stdlib :class:`~email.message.EmailMessage`, an ``.eml`` file, a ``mailto:`` link.

The ``From``, ``To`` and ``Subject`` headers are written by this module rather than by the
standard library's folder, which decodes anything that looks like an RFC 2047 encoded word
(``=?utf-8?q?...?=``) and writes the decoded text back unquoted: a name could then add a
recipient or a header. Here a display name is always one token: plain words, one quoted
string, or one encoded word; a subject is plain ASCII words or encoded words only.

Then every message is read back before it is returned, and must give exactly one
``From``, one ``To`` (when the address is known) and one ``Subject``, each exactly as in
the draft, and no header the library did not write; otherwise it raises a
:class:`~followup_mail.FollowupMailError` naming the field rather than write a wrong
message. Nothing is sent.
"""

from __future__ import annotations

import hashlib
from base64 import b64encode
from datetime import datetime
from email import policy as email_policy
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import format_datetime
from functools import lru_cache
from typing import NoReturn, Protocol
from urllib.parse import quote

from .errors import FollowupMailError, MailtoTooLong, NotesError, TemplateError
from .models import text_problem

__all__ = ["mailto", "to_email_message", "to_eml"]


# What this module reads of a draft (``draft.Draft`` and ``draft.Contact``): it writes
# messages and knows nothing else of drafts.
class Contact(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str | None: ...


class Draft(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def sender(self) -> Contact: ...
    @property
    def to(self) -> Contact: ...
    @property
    def subject(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def html(self) -> str | None: ...
    @property
    def message_id(self) -> str: ...


# policy.default with RFC 5322's line limit of 998 characters instead of 78, so that a
# paragraph (one line of the text part) is written as it is, not quoted-printable; and
# refold_source="none": From, To and Subject are folded here and must reach the bytes as
# built. A display name is one token, which may be longer than 78 characters: the stdlib's
# parser reads a space between two encoded words of one name ("Chloé Mar tin").
_POLICY = email_policy.default.clone(max_line_length=998, refold_source="none")
_SMTPUTF8_POLICY = email_policy.SMTPUTF8.clone(max_line_length=998, refold_source="none")
# What a reader sees: the same parser and policy the tests and most Python tools use.
_READER = HeaderParser(policy=email_policy.default)

# RFC 5322 atext without "=" and "?", so that a plain word can never open an encoded word.
_ATEXT = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/^_`{|}~"
)
# RFC 2047, section 2: a line holding encoded words is at most 76 characters (RFC 5322
# recommends 78 for the others; 76 serves both). Every word of a subject, plain or
# encoded, is at most _ATOM characters, so it fits after "Subject: " and on a folded line.
_EW_LINE = 76
# RFC 5322, section 2.1.1: no line may be longer than 998 characters.
_MAX_LINE = 998
_ATOM = 64
# 39 bytes are 52 base64 characters: with "=?utf-8?b?" and "?=", 64.
_EW_BYTES = 39


def to_email_message(draft: Draft, *, date: datetime | None = None) -> EmailMessage:
    """Build the message: From the candidate, To the interviewer, a text part, HTML too.

    The policy is :data:`email.policy.default` with ``max_line_length=998`` and
    ``refold_source="none"`` (see above).

    When the interviewer's address is not in the notes, there is no ``To`` header: the
    mail client asks for one when the draft is opened. ``Message-ID`` is
    :attr:`Draft.message_id`; ``Date`` is written only when *date* is given.
    """
    message = _build(draft, date)
    policy = message.policy
    head = "".join(policy.fold(name, value) for name, value in message.raw_items())
    _check_read_back(head, message.keys(), draft)
    return message


def to_eml(draft: Draft, *, date: datetime | None = None) -> bytes:
    """The message as ``.eml`` bytes (CRLF line ends) with ``X-Unsent: 1``.

    ``X-Unsent`` makes Outlook, Thunderbird and others open the file as an unsent draft.
    The header section of these very bytes is read back and checked (see above). The same
    draft gives the same bytes: the boundary comes from the content, and there is no
    ``Date`` unless *date* is given.
    """
    message = _build(draft, date)
    message["X-Unsent"] = "1"
    raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    # Headers cannot hold an empty line, so the first one ends them.
    head = raw[: raw.find(b"\r\n\r\n") + 2]
    _check_read_back(head.decode("utf-8", "surrogateescape"), message.keys(), draft)
    return raw


def mailto(draft: Draft, *, max_length: int | None = 2000) -> str:
    """An RFC 6068 ``mailto:`` link with the subject and body.

    Every value is percent-encoded (a space is ``%20``, never ``+``) and line breaks are
    ``%0D%0A``. Many clients cut links past about 2,000 characters, so a longer link raises
    :class:`MailtoTooLong`; pass ``max_length=None`` to allow it anyway. The subject is
    checked as for a header (see :func:`to_email_message`).
    """
    if max_length is not None:
        if isinstance(max_length, bool) or not isinstance(max_length, int):
            raise TypeError(f"max_length must be an int or None, not {type(max_length).__name__}")
        if max_length < 1:
            raise FollowupMailError(f"max_length must be at least 1, not {max_length}.")
    _check_subject(draft)
    to = quote(draft.to.email, safe="@") if draft.to.email else ""
    body = draft.body.replace("\r\n", "\n").replace("\n", "\r\n")
    link = f"mailto:{to}?subject={quote(draft.subject, safe='')}&body={quote(body, safe='')}"
    if max_length is not None and len(link) > max_length:
        raise MailtoTooLong(
            f"The mailto: link would be {len(link)} characters long, more than the "
            f"{max_length} that mail clients reliably accept; use the .eml draft instead "
            "or pass a larger max_length."
        )
    return link


# -- building -------------------------------------------------------------------------


def _build(draft: Draft, date: datetime | None = None) -> EmailMessage:
    _check_contact(draft.sender, "sender")
    _check_contact(draft.to, "to")
    _check_subject(draft)
    addresses = [draft.sender.email, draft.to.email]
    # An address with a non-ASCII local part (only accepted when the caller asked for
    # SMTPUTF8) can only be written by the SMTPUTF8 policy.
    utf8 = any(a is not None and not a.isascii() for a in addresses)
    message = EmailMessage(policy=_SMTPUTF8_POLICY if utf8 else _POLICY)
    # set_raw stores the value as built; the policy writes it back verbatim.
    message.set_raw("From", _mailbox("From", draft.sender))
    if draft.to.email is not None:
        message.set_raw("To", _mailbox("To", draft.to))
    message.set_raw("Subject", _unstructured(draft.subject))
    message["Message-ID"] = draft.message_id
    if date is not None:
        from .models import aware_datetime

        message["Date"] = format_datetime(aware_datetime(date, "date"))
    message.set_content(draft.body)
    if draft.html is not None:
        message.add_alternative(draft.html, subtype="html")
        message.set_boundary(_boundary(draft.body, draft.html))
    return message


def _boundary(*parts: str) -> str:
    """A MIME boundary derived from the content, so the same draft gives the same bytes.

    The stdlib draws a random one; this one is a digest of the parts, which cannot contain
    their own digest (checked all the same, with a counter to move on).
    """
    seed = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    for attempt in range(100):
        boundary = f"=_followup-mail_{seed[:32]}_{attempt}"
        if not any(boundary in part for part in parts):
            return boundary
        seed = hashlib.sha256(seed.encode("ascii")).hexdigest()
    raise FollowupMailError("No MIME boundary could be found that the draft does not contain.")


def _mailbox(header: str, contact: Contact) -> str:
    """``name <address>`` with the name as one token, folded before ``<`` when long."""
    assert contact.email is not None
    if not contact.name:
        return contact.email
    name = _display_name(contact.name)
    address = f"<{contact.email}>"
    if len(header) + 2 + len(name) + 1 + len(address) > _EW_LINE:
        return f"{name}\n {address}"
    return f"{name} {address}"


def _display_name(name: str) -> str:
    """The name as plain words, one quoted string, or one encoded word."""
    if name.isascii() and all(word and _ATEXT.issuperset(word) for word in name.split(" ")):
        return name
    # Inside a quoted string the stdlib still decodes '=?...?=': encode such names too.
    if name.isascii() and "=?" not in name:
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _encoded_word(name.encode("utf-8"))


def _unstructured(text: str) -> str:
    """Plain ASCII words as they are, each run of other words as encoded words, folded.

    A reader keeps the space between a plain word and an encoded word and drops the
    folding white space between two encoded words (RFC 2047, section 6.2), so the text
    reads back exactly. A space at either end or a run of spaces would not survive next
    to plain words: such a text is encoded whole.
    """
    words = text.split(" ")
    if "" in words:
        return _fold(_encoded_words(text))
    atoms: list[str] = []
    run: list[str] = []
    for word in words:
        if len(word) <= _ATOM and word.isascii() and word.isprintable() and "=?" not in word:
            if run:
                atoms += _encoded_words(" ".join(run))
                run = []
            atoms.append(word)
        else:
            run.append(word)
    if run:
        atoms += _encoded_words(" ".join(run))
    return _fold(atoms)


def _encoded_words(text: str) -> list[str]:
    """*text* as encoded words of at most ``_ATOM`` characters, each with whole characters."""
    data = text.encode("utf-8")
    words: list[str] = []
    start = 0
    while start < len(data) or not words:
        end = min(start + _EW_BYTES, len(data))
        # 0b10xxxxxx bytes continue a character: back off to the start of one.
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        words.append(_encoded_word(data[start:end]))
        start = end
    return words


def _fold(atoms: list[str]) -> str:
    """Join *atoms* with spaces, breaking the line before one that would pass 76."""
    parts = [atoms[0]]
    used = len("Subject: ") + len(atoms[0])
    for atom in atoms[1:]:
        if used + 1 + len(atom) > _EW_LINE:
            parts.append("\n " + atom)
            used = 1 + len(atom)
        else:
            parts.append(" " + atom)
            used += 1 + len(atom)
    return "".join(parts)


def _encoded_word(data: bytes) -> str:
    return f"=?utf-8?b?{b64encode(data).decode('ascii')}?="


# -- checking -------------------------------------------------------------------------


def _check_contact(contact: Contact, field: str) -> None:
    for part, value in (("name", contact.name), ("email", contact.email)):
        problem = None if value is None else text_problem(value)
        if problem is not None:
            raise NotesError(f"The draft's {field}.{part} {problem}.")


def _check_subject(draft: Draft) -> None:
    problem = text_problem(draft.subject)
    if problem is None and len(draft.subject) > _MAX_LINE:
        # Longer is no subject a client shows, and reading it back would be slow.
        problem = f"is {len(draft.subject)} characters long, more than {_MAX_LINE}"
    if problem is not None:
        _refuse("Subject", draft, problem)


def _check_read_back(head: str, written: list[str], draft: Draft) -> None:
    """Parse the header section as a reader would; it must give back exactly the draft."""
    parsed = _READER.parsestr(head)
    names = parsed.keys()
    if names != written:
        # The first header out of place was spilled by the one before it.
        at = 0
        while at < min(len(names), len(written)) and names[at] == written[at]:
            at += 1
        _refuse(
            written[max(at - 1, 0)],
            draft,
            f"would make the headers read back as {', '.join(names)}, not "
            f"{', '.join(written)}; refusing to write a wrong message",
        )
    for name, raw in parsed.raw_items():
        lines = f"{name}: {raw}".splitlines()
        if max(len(line.encode("utf-8", "surrogateescape")) for line in lines) > _MAX_LINE:
            _refuse(
                name,
                draft,
                f"would have a line longer than {_MAX_LINE} octets; refusing to write a wrong "
                "message",
            )
        if name not in ("From", "To", "Subject"):
            continue
        read = _read_back(name, raw)
        if read is None:
            _refuse(
                name,
                draft,
                "could not be read back by Python's mail parser; refusing to write a wrong message",
            )
        if name == "Subject":
            if read != draft.subject:
                _refuse(
                    name,
                    draft,
                    f"would read back as {read!r}, not {draft.subject!r}; refusing to write a "
                    "wrong message",
                )
        else:
            contact, field = (draft.sender, "sender") if name == "From" else (draft.to, "to")
            _check_mailbox(read, name, contact, field)


def _check_mailbox(read: _ReadBack, header: str, contact: Contact, field: str) -> None:
    # An address header always reads back as a tuple; None was refused before.
    assert isinstance(read, tuple)
    if len(read) != 1 or read[0][0] is not None:
        what = f"a group named {read[0][0]!r}" if len(read) == 1 else f"{len(read)} addresses"
        raise NotesError(
            f"The {header} header built from the draft's {field} would read back as {what}, "
            "not one address; refusing to write a wrong message."
        )
    ((_, name, address),) = read
    if address != contact.email:
        raise NotesError(
            f"The draft's {field}.email {contact.email!r} would read back from the {header} "
            f"header as {address!r}; refusing to write a wrong message."
        )
    if name != contact.name:
        raise NotesError(
            f"The draft's {field}.name {contact.name!r} would read back from the {header} "
            f"header as {name!r}; refusing to write a wrong message."
        )


def _refuse(header: str, draft: Draft, problem: str) -> NoReturn:
    """Raise the error for *header*: a template's for the subject, the notes' for an address."""
    if header == "Subject":
        template = f"{draft.kind}/subject.txt.j2"
        raise TemplateError(f"The subject rendered by {template} {problem}.", template=template)
    field = {"From": "sender", "To": "to"}.get(header)
    if field is not None:
        raise NotesError(f"The {header} header built from the draft's {field} {problem}.")
    raise FollowupMailError(f"The {header} header {problem}.")


_ReadBack = str | tuple[tuple[str | None, str, str], ...] | None


@lru_cache(maxsize=1024)
def _read_back(header: str, raw: str) -> _ReadBack:
    """What a reader gets from a raw header value (cached: a batch repeats senders).

    An address header gives (group name or None, display name, address) for each address;
    any other header, its text; ``None`` when the parser fails on it.
    """
    try:
        value = email_policy.default.header_fetch_parse(header, raw)
    except Exception:
        # The stdlib's parser raises several types on odd input (ValueError for a decoded
        # CR or LF in a name, IndexError, AttributeError, TypeError for stray specials):
        # whichever it is, the header is refused.
        return None
    groups = getattr(value, "groups", None)
    if groups is None:
        return str(value)
    return tuple((g.display_name, a.display_name, a.addr_spec) for g in groups for a in g.addresses)
