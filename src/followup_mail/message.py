"""Draft out: a stdlib :class:`~email.message.EmailMessage`, an ``.eml`` file, a ``mailto:`` link.

Headers are built with :class:`email.headerregistry.Address`, so display names are quoted
and encoded by the standard library rather than by string concatenation; names cannot
carry CR or LF (the notes refuse them), so no header can be injected. Nothing is sent.
"""

from __future__ import annotations

from email import policy as email_policy
from email.headerregistry import Address
from email.message import EmailMessage
from typing import TYPE_CHECKING
from urllib.parse import quote

from .errors import FollowupMailError, MailtoTooLong

if TYPE_CHECKING:
    from .drafting import Contact, Draft

__all__ = ["mailto", "to_email_message", "to_eml"]

# policy.default, with lines allowed up to RFC 5322's limit of 998 characters instead of 78.
# When the stdlib folds a long non-ASCII display name into two encoded words, its own parser
# reads a space between them ("Chloé Mar tin"); a name (at most 100 characters) encoded in
# one word fits in 998, so names survive a round trip. Body lines that are longer still get
# a transfer encoding, as before.
_POLICY = email_policy.default.clone(max_line_length=998)
_SMTPUTF8_POLICY = email_policy.SMTPUTF8.clone(max_line_length=998)


def _address(contact: Contact) -> Address:
    assert contact.email is not None
    local, _, domain = contact.email.rpartition("@")
    return Address(display_name=contact.name, username=local, domain=domain)


def to_email_message(draft: Draft) -> EmailMessage:
    """Build the message: From the candidate, To the interviewer, a text part, HTML too.

    The policy is :data:`email.policy.default` with ``max_line_length=998`` (see above).

    When the interviewer's address is not in the notes, there is no ``To`` header: the
    mail client asks for one when the draft is opened.
    """
    addresses = [draft.sender.email, draft.to.email]
    # An address with a non-ASCII local part (only accepted when the caller asked for
    # SMTPUTF8) can only be written by the SMTPUTF8 policy.
    utf8 = any(a is not None and not a.isascii() for a in addresses)
    message = EmailMessage(policy=_SMTPUTF8_POLICY if utf8 else _POLICY)
    message["From"] = _address(draft.sender)
    if draft.to.email is not None:
        message["To"] = _address(draft.to)
    message["Subject"] = draft.subject
    message.set_content(draft.body)
    if draft.html is not None:
        message.add_alternative(draft.html, subtype="html")
    return message


def to_eml(draft: Draft) -> bytes:
    """The message as ``.eml`` bytes (CRLF line ends) with ``X-Unsent: 1``.

    ``X-Unsent`` makes Outlook, Thunderbird and others open the file as an unsent draft.
    """
    message = to_email_message(draft)
    message["X-Unsent"] = "1"
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def mailto(draft: Draft, *, max_length: int | None = 2000) -> str:
    """An RFC 6068 ``mailto:`` link with the subject and body.

    Every value is percent-encoded (a space is ``%20``, never ``+``) and line breaks are
    ``%0D%0A``. Many clients cut links past about 2,000 characters, so a longer link raises
    :class:`MailtoTooLong`; pass ``max_length=None`` to allow it anyway.
    """
    if max_length is not None:
        if isinstance(max_length, bool) or not isinstance(max_length, int):
            raise TypeError(f"max_length must be an int or None, not {type(max_length).__name__}")
        if max_length < 1:
            raise FollowupMailError(f"max_length must be at least 1, not {max_length}.")
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
