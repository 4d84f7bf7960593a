"""One drafted email, :class:`Draft`, its :class:`Contact` s, and its forms.

A draft edits itself (:meth:`Draft.with_body`) and becomes JSON, a stdlib
:class:`~email.message.EmailMessage`, ``.eml`` bytes or a ``mailto:`` link (written by
``message.py``), or a calendar of its send window (``calendar_export.py``). Drafts are
made from notes by ``drafting.py``; nothing here knows how notes become prose.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from .errors import FollowupMailError
from .linting import LintReport, lint
from .models import Interviewer, InterviewNotes, field_path, text_problem
from .templating import TemplatesDir, html_paragraphs, render
from .vocabulary import Kind

if TYPE_CHECKING:
    from email.message import EmailMessage

    from .linting import LintConfig
    from .policy import Policy

__all__ = ["Contact", "Draft"]

_BLANK_RUNS = re.compile(r"\n{3,}")
# RFC 2606 reserves .invalid: an id under it never collides with a real host's ids and
# says nothing about the candidate's mail provider (see Draft.message_id).
_ID_DOMAIN = "followup-mail.invalid"
_ID_PATTERN = r"^<[0-9a-f]{32}@followup-mail\.invalid>$"
# The keys of the documented JSON form (Draft.to_json), in their order.
_JSON_KEYS = (
    "kind",
    "tone",
    "from",
    "to",
    "subject",
    "body",
    "html",
    "send_after",
    "send_before",
    "findings",
    "word_count",
    "message_id",
)
# File names of drafts written to a folder: ASCII letters and digits joined by hyphens.
_NON_SLUG = re.compile(r"[^a-z0-9]+")


class Origin(NamedTuple):
    """What a draft was made from: the notes as cited, the interviewer's index, and the
    template variables and folder its HTML part was rendered with."""

    notes: InterviewNotes | None
    interviewer: int | None
    context: dict[str, object] | None
    templates: TemplatesDir


class Contact(BaseModel):
    """A name and, when known, an email address."""

    model_config = ConfigDict(frozen=True)

    name: str
    email: str | None = None


class Draft(BaseModel):
    """One email, ready to open in a mail client. Nothing is ever sent by the library.

    ``send_after`` and ``send_before`` are the window in which to send it, in the
    interview's time zone. ``lint`` is the linter's report on the body and subject.
    """

    model_config = ConfigDict(frozen=True)

    kind: Kind
    tone: str
    sender: Contact
    to: Contact
    subject: str
    body: str
    html: str | None
    send_after: AwareDatetime
    send_before: AwareDatetime | None
    lint: LintReport

    message_id: str = Field(
        default_factory=lambda data: _hand_made_id(data),
        pattern=_ID_PATTERN,
        description="The Message-ID of to_eml(): <32 hex digits@followup-mail.invalid>. "
        "A digest of the notes' identity (candidate's address, company, role, interview "
        "time), the kind and the interviewer's name, and of nothing else: a draft whose "
        "body or subject was edited, or that was drafted again, keeps its id, so a mailbox "
        "can tell a re-saved draft from a new one. '.invalid' (RFC 2606) never collides "
        "with a mail server's own ids and says nothing about the candidate's provider. A "
        "draft built by hand takes the sender's address and the recipient's name instead.",
    )

    # What with_body needs to lint and render an edit as the draft was; one attribute,
    # since pydantic sets each private attribute's default on every draft built.
    _origin: Origin | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        # What the draft says and where it files, not what it was rendered with.
        if not isinstance(other, Draft):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = BaseModel.__hash__

    def to_email_message(self, *, date: datetime | None = None) -> EmailMessage:
        """The draft as a stdlib :class:`~email.message.EmailMessage` (``policy.default``).

        *date*, an aware datetime, adds a ``Date`` header; by default there is none.
        """
        from . import message  # the email package: only for what becomes a message

        return message.to_email_message(self, date=date)

    def to_eml(self, *, date: datetime | None = None) -> bytes:
        """The draft as ``.eml`` bytes with ``X-Unsent: 1``: clients open it as a draft.

        The same draft always gives the same bytes: the MIME boundary is derived from the
        content and there is no ``Date`` header unless *date* (an aware datetime) is given.
        """
        from . import message

        return message.to_eml(self, date=date)

    def with_body(self, text: str, subject: str | None = None) -> Draft:
        """A new draft with *text* as its body (and *subject*, when given).

        The HTML alternative is built again from the new body and the draft is linted
        again (against the notes it was drafted from, when it was drafted from notes); the
        ``Message-ID`` stays, so a mailbox knows it for the same draft.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if subject is not None and not isinstance(subject, str):
            raise TypeError(f"subject must be a str or None, not {type(subject).__name__}")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        _check_body(text)
        body = tidy(text)
        if not body.strip():
            raise FollowupMailError("The new body of the draft is empty; write its text.")
        subject = self.subject if subject is None else " ".join(subject.split())
        problem = text_problem(subject) or ("is empty" if not subject else None)
        if problem is not None:
            raise FollowupMailError(f"The new subject of the draft {problem}.")
        origin = self._origin or Origin(None, None, None, None)
        report = lint_draft(body, self.kind, subject, origin.notes, origin.interviewer)
        html = None if self.html is None else html_part(body, origin.context, origin.templates)
        edited = self.model_copy(
            update={"body": body, "subject": subject, "html": html, "lint": report}
        )
        return edited

    def to_json(self, *, indent: int | None = 2) -> str:
        """The draft in the documented JSON form, the one ``followup-mail draft
        --format json`` prints a list of: ``kind``, ``tone``, ``from``, ``to``,
        ``subject``, ``body``, ``html``, ``send_after``, ``send_before`` (ISO 8601),
        ``findings``, ``word_count`` and ``message_id``.
        """
        return json.dumps(self._json_data(), indent=indent, ensure_ascii=False)

    def _json_data(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "tone": self.tone,
            "from": self.sender.model_dump(mode="json"),
            "to": self.to.model_dump(mode="json"),
            "subject": self.subject,
            "body": self.body,
            "html": self.html,
            "send_after": self.send_after.isoformat(),
            "send_before": None if self.send_before is None else self.send_before.isoformat(),
            "findings": [f.model_dump(mode="json") for f in self.lint.findings],
            "word_count": self.lint.word_count,
            "message_id": self.message_id,
        }

    @classmethod
    def from_json(cls, data: str | bytes | Mapping[str, object]) -> Draft:
        """The draft that :meth:`to_json` wrote (text, bytes or the decoded object).

        The lint findings are restored as written, and the ``Message-ID`` too. A draft read
        back has no notes, so :meth:`with_body` lints its edits without the notes' checks.
        Any problem raises :class:`FollowupMailError` naming the field.
        """
        if isinstance(data, str | bytes):
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise FollowupMailError(f"The draft is not valid JSON: {exc}.") from None
        if not isinstance(data, Mapping):
            raise FollowupMailError(
                f"A draft in JSON is an object, not {type(data).__name__}."
            )
        unknown = sorted(set(data) - set(_JSON_KEYS))
        if unknown:
            raise FollowupMailError(
                f"The draft has the field {unknown[0]!r}, which is not one of "
                f"{', '.join(_JSON_KEYS)}."
            )
        fields = {
            "kind": data.get("kind"),
            "tone": data.get("tone"),
            "sender": data.get("from"),
            "to": data.get("to"),
            "subject": data.get("subject"),
            "body": data.get("body"),
            "html": data.get("html"),
            "send_after": data.get("send_after"),
            "send_before": data.get("send_before"),
            "lint": {"findings": data.get("findings", []), "word_count": data.get("word_count", 0)},
        }
        if "message_id" in data:
            fields["message_id"] = data["message_id"]
        try:
            draft = cls.model_validate(fields)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = field_path(error["loc"]).replace("sender", "from", 1)
            raise FollowupMailError(
                f"The draft's {where} is invalid: {error['msg'].removeprefix('Value error, ')}."
            ) from None
        for contact, name in ((draft.sender, "from"), (draft.to, "to")):
            for part in ("name", "email"):
                value = getattr(contact, part)
                problem = None if value is None else text_problem(value)
                if problem is not None:
                    raise FollowupMailError(f"The draft's {name}.{part} {problem}.")
        return draft

    def to_ics(self, notes: InterviewNotes, *, policy: Policy | None = None) -> bytes:
        """An RFC 5545 calendar with the send window as one event (see ``calendar_export``).

        *notes* are those it was drafted from. A draft to send from now (late, or forced)
        has no end to its window: the event then lasts the policy's window for its kind
        (24 hours by default).

        :raises InterviewerNotFound: when the draft's recipient is not in the notes.
        """
        from .calendar_export import window_calendar
        from .policy import Policy

        person = notes.interviewer(self.to.name).name
        end = self.send_before
        if end is None:
            chosen = policy if policy is not None else Policy()
            length = chosen.thank_you_window if self.kind == "thank_you" else chosen.reminder_window
            end = self.send_after + length
        lines = [
            f"Send the email below to {self.to.name}"
            + (f" <{self.to.email}>" if self.to.email else "")
            + ".",
            "",
            f"Subject: {self.subject}",
            "",
            self.body.removesuffix("\n"),
        ]
        return window_calendar(notes, self.kind, [person], self.send_after, end, "\n".join(lines))

    def mailto(self, *, max_length: int | None = 2000) -> str:
        """An RFC 6068 ``mailto:`` link; raises :class:`MailtoTooLong` past *max_length*."""
        from . import message

        return message.mailto(self, max_length=max_length)


# -- internals ------------------------------------------------------------------------


def _check_body(text: str) -> None:
    """Refuse what a mail body cannot carry as written: a control character other than
    tab and line feed (mail programs break lines at form feeds and NEL), a line or
    paragraph separator, or a lone surrogate."""
    if text.isprintable():
        return
    for index, ch in enumerate(text):
        if ch in "\t\n" or ch.isprintable():
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Zl", "Zp"):
            line = text.count("\n", 0, index) + 1
            raise FollowupMailError(
                f"The new body of the draft contains U+{ord(ch):04X} on line {line}, which "
                "an email body cannot carry as written; remove it."
            )


def _digest(parts: Iterable[str]) -> str:
    """32 hex digits of SHA-256 over *parts*, each length-prefixed so none can run into
    the next."""
    text = "".join(f"{len(part)}:{part}" for part in parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _hand_made_id(data: Mapping[str, object]) -> str:
    sender, to, kind = data.get("sender"), data.get("to"), data.get("kind")
    names = [
        str(getattr(sender, "email", None) or getattr(sender, "name", "")),
        str(kind),
        str(getattr(to, "name", "")).casefold(),
    ]
    return f"<{_digest(names)}@{_ID_DOMAIN}>"


def id_from_notes(notes: InterviewNotes, person: Interviewer, kind: Kind) -> str:
    """The Message-ID of a draft made from notes: a digest of the notes' identity, the kind
    and the interviewer only."""
    held = notes.interviewed_at.astimezone(UTC).isoformat()
    facts = (notes.candidate.email, notes.company, notes.role, held)
    return f"<{_digest((*facts, kind, person.name.casefold()))}@{_ID_DOMAIN}>"


def html_part(body: str, context: Mapping[str, object] | None, templates: TemplatesDir) -> str:
    """The HTML alternative of *body*, from ``html/body.html.j2``."""
    paragraphs = [p.split("\n") for p in body.rstrip("\n").split("\n\n")]
    html = render(
        "html/body.html.j2",
        {**(context or {}), "paragraphs": paragraphs, "paragraphs_html": html_paragraphs(body)},
        templates,
    )
    return html.strip() + "\n"


def drafted(
    *,
    kind: Kind,
    tone: str,
    sender: Contact,
    to: Contact,
    subject: str,
    body: str,
    html: str,
    send_after: datetime,
    send_before: datetime | None,
    report: LintReport,
    message_id: str,
    origin: Origin,
) -> Draft:
    """A draft whose every value is already valid (validated notes, rendered strings,
    aware datetimes from the policy): constructing skips a second validation of each field.
    *origin* is what :meth:`Draft.with_body` needs to lint and render an edit alike."""
    draft = Draft.model_construct(
        kind=kind,
        tone=tone,
        sender=sender,
        to=to,
        subject=subject,
        body=body,
        html=html,
        send_after=send_after,
        send_before=send_before,
        lint=report,
        message_id=message_id,
    )
    draft._origin = origin
    return draft


def lint_draft(
    body: str,
    kind: Kind,
    subject: str,
    notes: InterviewNotes | None,
    interviewer: int | None,
) -> LintReport:
    """The draft's lint report, against the notes as it cites them when it has notes."""
    return lint(
        body, kind=kind, notes=notes, subject=subject, interviewer=interviewer,
        config=_lint_config(),
    )


@lru_cache(maxsize=1)
def _lint_config() -> LintConfig:
    """Every rule but FM904 (pasted-note): the draft is linted against its notes as it
    cites them, each already fitted to its slot, so there it could only fire by mistake."""
    from .linting import LintConfig

    return LintConfig(ignore=["pasted-note"])


def tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one final newline."""
    return _BLANK_RUNS.sub("\n\n", "\n".join(map(str.rstrip, text.strip().split("\n")))) + "\n"


def file_names(drafts: Sequence[Draft]) -> list[str]:
    """``thank-you-ana-lima.eml``: the kind and a safe slug of the interviewer's name;
    a second draft with the same slug gets ``-2``, a third ``-3``."""
    names: list[str] = []
    for index, draft in enumerate(drafts, start=1):
        stem = f"{draft.kind.replace('_', '-')}-{_slug(draft.to.name) or f'interviewer-{index}'}"
        name, n = f"{stem}.eml", 1
        while name in names:  # two names with the same slug ("Ana Lima", "Ana-Lima")
            n += 1
            name = f"{stem}-{n}.eml"
        names.append(name)
    return names


def _slug(name: str) -> str:
    """A file-name-safe form of *name*: ASCII letters and digits joined by hyphens.

    Letters are transliterated by anyascii (a maintained, dependency-free table covering
    every script, ISC-licensed), so that no letter is dropped: "ø" and "ł" have no
    decomposition that plain Unicode normalisation could strip to ASCII.

    >>> _slug("Søren Østergaard"), _slug("Łukasz Żółć"), _slug("Дмитрий Иванов")
    ('soren-ostergaard', 'lukasz-zolc', 'dmitriy-ivanov')
    >>> _slug("../../etc/passwd")
    'etc-passwd'
    """
    from anyascii import anyascii

    return _NON_SLUG.sub("-", anyascii(name).lower()).strip("-")[:60].strip("-")
