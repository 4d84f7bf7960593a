"""Notes in, drafts out: a personal thank-you per interviewer, and one brief reminder.

What goes into each draft follows ``docs/rules.md``: greet the
interviewer by name, thank them (rule 3), cite one or two things you discussed with
*them* (rule 2), say why you fit and restate your interest (rule 4), list what you offered
to send (rule 6), keep it brief (rule 5) and never ask about the timeline (rule 7).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from .errors import FollowupMailError, FollowUpNotAdvised, HistoryError
from .lint import LintReport, lint
from .lint._engine import is_specific
from .models import Interviewer, InterviewNotes
from .policy import (
    Policy,
    ReplyEvent,
    SentEvent,
    next_follow_up,
    parse_history,
    thank_you_window,
)
from .templating import html_paragraphs, render

if TYPE_CHECKING:
    from email.message import EmailMessage

__all__ = ["Contact", "Draft", "draft_reminder", "draft_thank_you", "draft_thank_yous"]

Kind = Literal["thank_you", "reminder"]
NotesLike = InterviewNotes | Mapping[str, object]
TemplatesDir = str | os.PathLike[str] | None

# Clients cut subjects after about 60 characters (docs/rules.md, "Subject").
MAX_SUBJECT = 60
# A sentence that cites topics stays readable: past this many words of topics, stop adding.
_TOPIC_WORD_BUDGET = 22
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TONE_RE = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_BLANK_RUNS = re.compile(r"\n{3,}")


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

    def to_email_message(self) -> EmailMessage:
        """The draft as a stdlib :class:`~email.message.EmailMessage` (``policy.default``)."""
        from .message import to_email_message

        return to_email_message(self)

    def to_eml(self) -> bytes:
        """The draft as ``.eml`` bytes with ``X-Unsent: 1``: clients open it as a draft."""
        from .message import to_eml

        return to_eml(self)

    def mailto(self, *, max_length: int | None = 2000) -> str:
        """An RFC 6068 ``mailto:`` link; raises :class:`MailtoTooLong` past *max_length*."""
        from .message import mailto

        return mailto(self, max_length=max_length)


def draft_thank_you(
    notes: NotesLike,
    interviewer: str | int | None = None,
    *,
    tone: str = "warm",
    templates: TemplatesDir = None,
    policy: Policy | None = None,
) -> Draft:
    """Draft the thank-you note for one interviewer (by name or index; default the first).

    *notes* is an :class:`InterviewNotes` or a mapping in its JSON shape, which is
    validated. *templates* is a folder whose files replace built-in templates of the same
    name (rendered in Jinja's sandbox).
    """
    checked = _as_notes(notes)
    person = checked.interviewer(interviewer)
    return _thank_you(checked, person, _index(checked, person), _tone(tone), templates, policy)


def draft_thank_yous(
    notes: NotesLike,
    *,
    tone: str = "warm",
    templates: TemplatesDir = None,
    policy: Policy | None = None,
) -> list[Draft]:
    """Draft one thank-you per interviewer, in the order of the notes.

    Each cites that interviewer's own topics (never another's) and is worded differently,
    since people on one panel compare notes (docs/rules.md, "Panels").
    """
    checked = _as_notes(notes)
    kind_tone = _tone(tone)
    return [
        _thank_you(checked, person, index, kind_tone, templates, policy)
        for index, person in enumerate(checked.interviewers)
    ]


def draft_reminder(
    notes: NotesLike,
    interviewer: str | int | None = None,
    *,
    thank_you_sent_at: datetime | None = None,
    history: Iterable[SentEvent | ReplyEvent | Mapping[str, object]] = (),
    now: datetime | None = None,
    tone: str = "warm",
    templates: TemplatesDir = None,
    policy: Policy | None = None,
    force: bool = False,
) -> Draft:
    """Draft the one brief reminder to send when the thank-you got no reply.

    It is shorter than the thank-you, thanks again, restates interest, offers more
    information and cites one topic; it never asks about the timeline or a decision.
    *thank_you_sent_at* is a shortcut for a *history* with one sent thank-you.

    :raises FollowUpNotAdvised: when :func:`next_follow_up` does not advise a reminder
        (they replied, said they will contact you, a reminder went out already...); its
        message is the advice's reason. ``force=True`` drafts it anyway, to send from now.
    """
    checked = _as_notes(notes)
    person = checked.interviewer(interviewer)
    index = _index(checked, person)
    kind_tone = _tone(tone)
    events = list(parse_history(list(history)))
    if thank_you_sent_at is not None:
        if thank_you_sent_at.utcoffset() is None:
            raise HistoryError(
                f"thank_you_sent_at ({thank_you_sent_at.isoformat()}) has no UTC offset; "
                "pass an aware datetime, e.g. datetime.now(notes.zone)."
            )
        sent = SentEvent(kind="thank_you", at=thank_you_sent_at)
        # In time order among the caller's events (sorted() is stable for equal times).
        events = sorted([sent, *events], key=lambda event: event.at)
    advice = next_follow_up(checked, events, now=now, policy=policy)
    if advice.action == "send_reminder" and advice.not_before is not None:
        send_after, send_before = advice.not_before, advice.not_after
    elif force:
        send_after = (now or datetime.now(checked.zone)).astimezone(checked.zone)
        send_before = None
    elif advice.action == "send_thank_you":
        raise FollowUpNotAdvised(
            "A reminder follows a thank-you that got no reply, and no thank-you has been "
            f"sent yet: send the thank-you first. {advice.reason}",
            advice=advice,
        )
    else:
        raise FollowUpNotAdvised(advice.reason, advice=advice)
    context = _context(checked, person, index, kind_tone)
    own = list(person.topics)
    shared = _rotate(checked.topics, index)
    context["topic"] = (own + shared)[0] if own or shared else None
    return _build(
        checked, person, "reminder", kind_tone, context, templates, send_after, send_before
    )


# -- internals ------------------------------------------------------------------------


def _as_notes(notes: NotesLike) -> InterviewNotes:
    if isinstance(notes, InterviewNotes):
        return notes
    if isinstance(notes, Mapping):
        return InterviewNotes.model_validate(notes)
    raise TypeError(
        f"notes must be InterviewNotes or a mapping in its JSON shape, not {type(notes).__name__}"
    )


def _tone(tone: str) -> str:
    if not isinstance(tone, str) or not _TONE_RE.fullmatch(tone):
        raise FollowupMailError(
            f"tone must be a template name such as 'warm' or 'formal', not {tone!r}."
        )
    return tone


def _index(notes: InterviewNotes, person: Interviewer) -> int:
    return next(i for i, p in enumerate(notes.interviewers) if p is person)


def _rotate(items: Sequence[str], by: int) -> list[str]:
    if not items:
        return []
    by %= len(items)
    return [*items[by:], *items[:by]]


def _cited_topics(notes: InterviewNotes, person: Interviewer, index: int) -> list[str]:
    """One or two topics: the interviewer's own first, then the panel's shared ones.

    When those hold no content word that the linter can recognise ("be"), the first topic
    that does replaces the second, so that the draft reads as personal.
    """
    candidates = [*person.topics, *_rotate(notes.topics, index)]
    cited: list[str] = []
    words = 0
    for topic in candidates:
        size = len(topic.split())
        if len(cited) == 2 or (cited and words + size > _TOPIC_WORD_BUDGET):
            break
        if topic not in cited:
            cited.append(topic)
            words += size
    if cited and not any(map(is_specific, cited)):
        specific = next(filter(is_specific, candidates), None)
        if specific is not None:
            cited = [cited[0], specific]
    return cited


def _mentioned_strength(notes: InterviewNotes, index: int) -> str | None:
    """The strength to mention: one the linter can recognise as specific, when any is."""
    strengths = notes.strengths
    if not strengths:
        return None
    choice = strengths[index % len(strengths)]
    if is_specific(choice):
        return choice
    specific = [s for s in strengths if is_specific(s)]
    return specific[index % len(specific)] if specific else choice


def _context(
    notes: InterviewNotes, person: Interviewer, index: int, tone: str
) -> dict[str, object]:
    """The variables every template can use (documented in the README)."""
    strengths = list(notes.strengths)
    greeting = person.greeting or (person.first_name if tone == "warm" else person.name)
    materials = [{"title": m.title, "url": m.url} for m in notes.materials]
    candidate = notes.candidate
    return {
        "candidate": {
            "name": candidate.name,
            "first_name": candidate.first_name,
            "email": candidate.email,
            "phone": candidate.phone,
        },
        "company": notes.company,
        "role": notes.role,
        "interviewer": {
            "name": person.name,
            "first_name": person.first_name,
            "title": person.title,
            "email": person.email,
            "topics": list(person.topics),
        },
        "greeting": greeting,
        "interview_day": _WEEKDAYS[notes.interviewed_at.weekday()],
        "interviewed_at": notes.interviewed_at,
        "topics": _cited_topics(notes, person, index),
        "shared_topics": list(notes.topics),
        "strength": _mentioned_strength(notes, index),
        "strengths": strengths,
        "materials": materials,
        "linked_materials": [m for m in materials if m["url"]],
        "unlinked_materials": [m for m in materials if not m["url"]],
        "will_contact_you": notes.will_contact_you,
        "decision_expected_by": notes.decision_expected_by,
        "panel_size": len(notes.interviewers),
        "index": index,
        "variant": index % 3,
        "wording": _wording(index),
        "max_subject": MAX_SUBJECT,
    }


def _wording(index: int) -> dict[str, int]:
    """Three wording choices, each 0-2, that differ for every index below 27.

    The digits of *index* in base 3, mixed so that neighbours differ in every choice: a
    panel of three gets three wholly different notes, and no two notes of a panel of up to
    27 are the same even when the interviewers have no topics of their own.
    """
    low, mid, high = index % 3, (index // 3) % 3, (index // 9) % 3
    return {
        "opening": low,
        "closing": (low + mid) % 3,
        "interest": (low + mid + high) % 3,
    }


def _thank_you(
    notes: InterviewNotes,
    person: Interviewer,
    index: int,
    tone: str,
    templates: TemplatesDir,
    policy: Policy | None,
) -> Draft:
    # The window comes from the timing rules (24 to 48 hours after, never a weekend).
    send_after, send_before, _ = thank_you_window(notes, policy)
    return _build(
        notes,
        person,
        "thank_you",
        tone,
        _context(notes, person, index, tone),
        templates,
        send_after,
        send_before,
    )


def _build(
    notes: InterviewNotes,
    person: Interviewer,
    kind: Kind,
    tone: str,
    context: dict[str, object],
    templates: TemplatesDir,
    send_after: datetime,
    send_before: datetime | None,
) -> Draft:
    body = _tidy(render(f"{kind}/{tone}.txt.j2", context, templates))
    subject = " ".join(render(f"{kind}/subject.txt.j2", context, templates).split())
    paragraphs = [p.split("\n") for p in body.rstrip("\n").split("\n\n")]
    html = render(
        "html/body.html.j2",
        {**context, "paragraphs": paragraphs, "paragraphs_html": html_paragraphs(body)},
        templates,
    )
    report = lint(body, kind=kind, notes=notes, subject=subject, interviewer=_index(notes, person))
    # Every value is already valid (validated notes, rendered strings, aware datetimes from
    # the policy): constructing skips a second validation of each field.
    return Draft.model_construct(
        kind=kind,
        tone=tone,
        sender=Contact.model_construct(name=notes.candidate.name, email=notes.candidate.email),
        to=Contact.model_construct(name=person.name, email=person.email),
        subject=subject,
        body=body,
        html=html.strip() + "\n",
        send_after=send_after,
        send_before=send_before,
        lint=report,
    )


def _tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one final newline."""
    return _BLANK_RUNS.sub("\n\n", "\n".join(map(str.rstrip, text.strip().split("\n")))) + "\n"
