"""Drafts into the user's own Drafts folder over IMAP: the one place the library uses the network.

:func:`save_drafts` logs in to the server named by the URL, and only that server, then
APPENDs each draft's ``.eml`` bytes (without ``X-Unsent``, which only matters for files)
with the ``\\Draft`` and ``\\Seen`` flags. Nothing is ever sent: IMAP stores mail, it
cannot deliver it.

The folder is the mailbox with the RFC 6154 ``\\Drafts`` special-use attribute, else an
existing ``Drafts``, else a ``Drafts`` it creates and subscribes to. A draft whose
``Message-ID`` is already in that folder is left as it is, so running again adds only
what is missing.

``imaps://`` (port 993) is the default and verifies the certificate against the system's
trust store (or the ``ssl_context`` given). ``imap://`` (port 143) is used only when asked:
it upgrades with STARTTLS when the server offers it and warns either way with an
:class:`~followup_mail.InsecureTransportWarning`, because an attacker on the path can
remove the offer and read the password.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import re
import ssl
import warnings
from base64 import b64decode, b64encode
from collections.abc import Callable, Iterable, Sequence
from email import policy as email_policy
from email.parser import BytesHeaderParser
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict

from .errors import DraftsFolderError, InsecureTransportWarning
from .vocabulary import PASSWORD_VARIABLE

if TYPE_CHECKING:
    from .draft import Draft

__all__ = ["PASSWORD_VARIABLE", "SavedDrafts", "save_drafts"]

DRAFTS = "Drafts"
_PORTS = {"imaps": 993, "imap": 143}
_FLAGS = r"(\Draft \Seen)"
# RFC 5322 msg-id without obsolete forms: no quote, backslash or space can reach a command.
_MESSAGE_ID = re.compile(r"<[!#-'*-\[\]-~.]+@[!#-'*-\[\]-~.]+>")
_LIST_LINE = re.compile(r'\((?P<attributes>[^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# One item of an imaplib reply: a line, a (line, literal) pair, or None.
_Line = bytes | tuple[bytes, bytes] | None


class SavedDrafts(BaseModel):
    """What :func:`save_drafts` did: the folder, and the ``Message-ID`` of each draft.

    ``saved`` were uploaded by this call; ``already_there`` were in the folder before it.
    """

    model_config = ConfigDict(frozen=True)

    mailbox: str | None
    saved: tuple[str, ...]
    already_there: tuple[str, ...]


def save_drafts(
    drafts: Iterable[Draft],
    imap_url: str,
    *,
    username: str,
    password: str | None = None,
    mailbox: str | None = None,
    ssl_context: ssl.SSLContext | None = None,
    timeout: float = 30.0,
) -> SavedDrafts:
    """Upload *drafts* to the Drafts folder of the account at *imap_url*; send nothing.

    *imap_url* is ``imaps://host[:port]`` (or ``imap://`` with a warning, see above); a user
    in it must be *username*, and it never holds a password. Without *password* the
    :data:`PASSWORD_VARIABLE` environment variable is read. *mailbox* names the folder
    instead of finding it; it must exist. Raises :class:`DraftsFolderError` when the
    server cannot be reached or refuses the login (nothing is saved), or when an upload
    fails part-way (its ``saved`` and ``not_saved`` say which drafts are where).
    """
    scheme, host, port = _parse_url(imap_url, username)
    where = f"{host}:{port}"
    uploads = [_upload(draft) for draft in drafts]
    if not uploads:
        return SavedDrafts(mailbox=None, saved=(), already_there=())
    secret = _password(password)
    if mailbox is not None:
        _check_name(mailbox, "mailbox")
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise DraftsFolderError(f"timeout must be a positive number of seconds, not {timeout!r}.")
    imap = _connect(scheme, host, port, ssl_context, timeout)
    try:
        _login(imap, username, secret, where)
        if mailbox is None:
            folder = _find_drafts_folder(imap, where)
        elif mailbox in _list(imap, where):
            folder = mailbox
        else:
            raise DraftsFolderError(
                f"The mailbox {mailbox!r} does not exist on {where}; nothing was saved."
            )
        return _append_all(imap, folder, uploads, where)
    finally:
        _logout(imap)


# --- the drafts ------------------------------------------------------------------------


class _Upload(NamedTuple):
    """One draft's bytes, its Message-ID and how to name it in a message."""

    data: bytes
    message_id: str
    label: str


def _upload(draft: Draft) -> _Upload:
    eml = draft.to_eml()
    label = f"the {draft.kind.replace('_', '-')} to {draft.to.name}"
    end = eml.find(b"\r\n\r\n") + 2
    head = eml[:end]
    # X-Unsent tells a client to open a *file* as a draft; in a mailbox the flag does that.
    kept = [
        line
        for line in head.split(b"\r\n")
        if line and not line.lower().startswith(b"x-unsent:")
    ]
    data = b"\r\n".join(kept) + b"\r\n" + eml[end:]
    message_id = BytesHeaderParser(policy=email_policy.default).parsebytes(head)["Message-ID"]
    if message_id is None:
        raise DraftsFolderError(
            f"The draft ({label}) has no Message-ID header, so a second run could not tell it "
            "is already in the mailbox; nothing was saved."
        )
    message_id = str(message_id).strip()
    if not _MESSAGE_ID.fullmatch(message_id):
        raise DraftsFolderError(
            f"The draft ({label}) has the Message-ID {message_id!r}, which is not of the form "
            "<left@right>; nothing was saved."
        )
    return _Upload(data, message_id, label)


# --- connecting ------------------------------------------------------------------------


def _parse_url(url: str, username: str) -> tuple[str, str, int]:
    if not isinstance(url, str) or _CONTROL.search(url):
        raise DraftsFolderError(f"The IMAP URL {url!r} is not one line of text.")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _PORTS:
        raise DraftsFolderError(
            f"The IMAP URL {url!r} must start with imaps:// (or imap:// to connect without "
            "TLS)."
        )
    if parts.password is not None:
        raise DraftsFolderError(
            "The IMAP URL holds a password; leave it out and pass it as password= or in "
            f"{PASSWORD_VARIABLE}, so that it does not end up in a shell history."
        )
    if not parts.hostname:
        raise DraftsFolderError(f"The IMAP URL {url!r} names no server.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise DraftsFolderError(
            f"The IMAP URL {url!r} has a path, query or fragment; name the folder with "
            "mailbox= instead."
        )
    try:
        port = parts.port or _PORTS[scheme]
    except ValueError:
        raise DraftsFolderError(f"The IMAP URL {url!r} has an invalid port.") from None
    if not isinstance(username, str) or not username or _CONTROL.search(username):
        raise DraftsFolderError("The IMAP username must be a non-empty line of text.")
    if parts.username is not None and unquote(parts.username) != username:
        raise DraftsFolderError(
            f"The IMAP URL names the user {unquote(parts.username)!r} but username is "
            f"{username!r}; give one user."
        )
    return scheme, parts.hostname, port


def _password(password: str | None) -> str:
    if password is None:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            raise DraftsFolderError(
                f"No IMAP password: pass password= or set {PASSWORD_VARIABLE}."
            )
    if _CONTROL.search(password):
        raise DraftsFolderError("The IMAP password must not hold control characters.")
    return password


def _connect(
    scheme: str, host: str, port: int, context: ssl.SSLContext | None, timeout: float
) -> imaplib.IMAP4:
    where = f"{host}:{port}"
    context = context or ssl.create_default_context()
    try:
        if scheme == "imaps":
            return imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
        imap = imaplib.IMAP4(host, port, timeout=timeout)
        if "STARTTLS" not in imap.capabilities:
            warnings.warn(
                f"imap://{where} offers no STARTTLS: the password and the drafts cross the "
                "network unencrypted; use imaps:// if the server offers it.",
                InsecureTransportWarning,
                stacklevel=3,
            )
            return imap
        warnings.warn(
            f"imap://{where}: upgraded with STARTTLS, but an attacker on the path could have "
            "removed the offer; prefer imaps://.",
            InsecureTransportWarning,
            stacklevel=3,
        )
        imap.starttls(context)
        return imap
    except TimeoutError:
        raise DraftsFolderError(
            f"The IMAP server {where} did not answer within {timeout:g} seconds; nothing was "
            "saved."
        ) from None
    except ssl.SSLError as exc:
        raise DraftsFolderError(
            f"Could not open a verified TLS connection to the IMAP server {where}: "
            f"{exc.reason or exc}; nothing was saved."
        ) from None
    except (OSError, imaplib.IMAP4.error) as exc:
        raise DraftsFolderError(
            f"Could not reach the IMAP server {where}: {_reason(exc)}; nothing was saved."
        ) from None


def _login(imap: imaplib.IMAP4, username: str, password: str, where: str) -> None:
    try:
        if username.isascii() and password.isascii():
            imap.login(_quote(username), password)
        elif "AUTH=PLAIN" in imap.capabilities:
            # LOGIN carries ASCII only; SASL PLAIN (RFC 4616) carries UTF-8.
            token = f"\0{username}\0{password}".encode()
            imap.authenticate("PLAIN", lambda _: token)
        else:
            raise DraftsFolderError(
                f"The IMAP server {where} offers no AUTH=PLAIN, so a user name or password "
                "with non-ASCII characters cannot be sent; nothing was saved."
            )
    except (OSError, imaplib.IMAP4.error) as exc:
        raise DraftsFolderError(
            f"The IMAP server {where} refused the login of {username!r}: {_reason(exc)}; "
            "check the user name and password. Nothing was saved."
        ) from None


def _logout(imap: imaplib.IMAP4) -> None:
    # The connection may already be gone after a failure, which is reported instead.
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        imap.logout()


# --- the folder ------------------------------------------------------------------------


def _list(imap: imaplib.IMAP4, where: str) -> dict[str, frozenset[str]]:
    return _parse_list(_call(where, "list the mailboxes", imap.list))


def _parse_list(lines: Sequence[_Line]) -> dict[str, frozenset[str]]:
    """Each mailbox of a LIST reply (decoded name) and its attributes, lower-cased.

    A name comes as an atom, a quoted string, or a literal (which imaplib hands over as a
    ``(line, name)`` pair). A line that does not parse, or a name with a control character,
    is left out: it cannot be the folder to use.
    """
    mailboxes: dict[str, frozenset[str]] = {}
    for line in lines:
        if line is None:
            continue
        # A literal's line ends in "{12}", which the pattern reads as the name.
        head, literal = line if isinstance(line, tuple) else (line, None)
        match = _LIST_LINE.fullmatch(head.decode("utf-8", "replace"))
        if match is None:
            continue
        name = (
            _unquote(match["name"]) if literal is None else literal.decode("utf-8", "replace")
        )
        if name and not _CONTROL.search(name):
            attributes = frozenset(a.lower() for a in match["attributes"].split())
            mailboxes[_decode_mailbox(name)] = attributes
    return mailboxes


def _find_drafts_folder(imap: imaplib.IMAP4, where: str) -> str:
    mailboxes = _list(imap, where)
    for name, attributes in mailboxes.items():
        if "\\drafts" in attributes:
            return name
    if DRAFTS in mailboxes:
        return DRAFTS
    _call(where, f"create the mailbox {DRAFTS!r}", imap.create, _quote(DRAFTS))
    # Many clients show only subscribed folders.
    _call(where, f"subscribe to the mailbox {DRAFTS!r}", imap.subscribe, _quote(DRAFTS))
    return DRAFTS


def _append_all(
    imap: imaplib.IMAP4, folder: str, uploads: list[_Upload], where: str
) -> SavedDrafts:
    box = _quote(_encode_mailbox(folder))
    # Read-only (EXAMINE): SEARCH needs a selected mailbox, and the user's client should
    # still see the new drafts as recent.
    _call(where, f"open the mailbox {folder!r}", imap.select, box, True)
    saved: list[str] = []
    there: list[str] = []
    for index, upload in enumerate(uploads):
        try:
            if _has(imap, upload):
                there.append(upload.message_id)
                continue
            status, data = imap.append(box, _FLAGS, None, upload.data)
            if status != "OK":
                raise imaplib.IMAP4.error(_text(data))
        except (OSError, imaplib.IMAP4.error) as exc:
            done = [u for u in uploads[:index] if u.message_id in saved]
            kept = [u for u in uploads[:index] if u.message_id in there]
            raise DraftsFolderError(
                _partial_message(folder, where, done, kept, uploads[index:], _reason(exc)),
                saved=tuple(u.message_id for u in done),
                not_saved=tuple(u.message_id for u in uploads[index:]),
            ) from None
        saved.append(upload.message_id)
    return SavedDrafts(mailbox=folder, saved=tuple(saved), already_there=tuple(there))


def _has(imap: imaplib.IMAP4, upload: _Upload) -> bool:
    # A draft marked \Deleted (not yet expunged) was thrown away by the user: save it again.
    status, data = imap.search(
        None, "UNDELETED", "HEADER", "Message-ID", _quote(upload.message_id)
    )
    if status != "OK":
        raise imaplib.IMAP4.error(_text(data))
    return bool(data[0])


def _partial_message(
    folder: str,
    where: str,
    saved: list[_Upload],
    there: list[_Upload],
    rest: list[_Upload],
    reason: str,
) -> str:
    parts = [f"Saving drafts to {folder!r} on {where} stopped: {reason}."]
    if saved:
        parts.append(f"Saved: {', '.join(u.label for u in saved)}.")
    if there:
        parts.append(f"Already there: {', '.join(u.label for u in there)}.")
    parts.append(f"Not saved: {', '.join(u.label for u in rest)}.")
    parts.append("Running again saves only the missing ones.")
    return " ".join(parts)


# --- IMAP details ----------------------------------------------------------------------


def _call(
    where: str,
    what: str,
    command: Callable[..., tuple[str, Sequence[_Line]]],
    *args: object,
) -> Sequence[_Line]:
    try:
        status, data = command(*args)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise DraftsFolderError(
            f"The IMAP server {where} could not {what}: {_reason(exc)}; nothing was saved."
        ) from None
    if status != "OK":
        raise DraftsFolderError(
            f"The IMAP server {where} could not {what}: {_text(data)}; nothing was saved."
        )
    return data


def _quote(text: str) -> str:
    """An IMAP quoted string (RFC 3501, section 4.3)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    return text


def _check_name(name: str, what: str) -> None:
    if not isinstance(name, str) or not name or _CONTROL.search(name):
        raise DraftsFolderError(f"The {what} name {name!r} must be a non-empty line of text.")


def _text(data: object) -> str:
    """A server's reply as a clause: the last line, decoded, without its final period."""
    if isinstance(data, list) and data:
        data = data[-1]
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    return str(data).rstrip(".")


def _reason(exc: BaseException) -> str:
    """The server's or the system's words, without Python's ``b'...'`` around them."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return _text(exc.args[0] if exc.args else type(exc).__name__)


def _encode_mailbox(name: str) -> str:
    """A mailbox name in IMAP's modified UTF-7 (RFC 3501, section 5.1.3).

    >>> _encode_mailbox("Entwürfe")
    'Entw&APw-rfe'
    """
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            data = "".join(run).encode("utf-16-be")
            out.append("&" + b64encode(data).decode("ascii").rstrip("=").replace("/", ",") + "-")
            run.clear()

    for char in name:
        if " " <= char <= "~":
            flush()
            out.append("&-" if char == "&" else char)
        else:
            run.append(char)
    flush()
    return "".join(out)


def _decode_mailbox(name: str) -> str:
    """The inverse of :func:`_encode_mailbox`; a malformed name is returned as it is.

    >>> _decode_mailbox("Entw&APw-rfe")
    'Entwürfe'
    """

    def one(match: re.Match[str]) -> str:
        body = match[1]
        if not body:
            return "&"
        data = body.replace(",", "/")
        try:
            return b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be")
        except ValueError:
            return match[0]

    return re.sub(r"&([A-Za-z0-9+,]*)-", one, name)
