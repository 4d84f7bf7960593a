"""Notes in, drafts out: a personal thank-you per interviewer, and one brief reminder.

What goes into each draft follows ``docs/rules.md``: greet the
interviewer by name, thank them (rule 3), cite one or two things you discussed with
*them* (rule 2), say why you fit and restate your interest (rule 4), list what you offered
to send (rule 6), keep it brief (rule 5) and never ask about the timeline (rule 7).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache, partial

from ._files import shown
from .draft import (
    Contact,
    Draft,
    Origin,
    drafted,
    html_part,
    id_from_notes,
    lint_draft,
    tidy,
)
from .errors import (
    FollowupMailError,
    FollowUpNotAdvised,
    HistoryError,
    TemplateError,
    TimingError,
)
from .history import ReplyEvent, SentEvent, parse_history
from .linting.topics import common_words, is_specific
from .models import Interviewer, InterviewNotes, aware_datetime, parse_notes, text_problem
from .phrasing import (
    Phrase,
    company_phrase,
    greeting_for,
    material_phrase,
    role_phrase,
    strength_phrase,
    topic_phrase,
    words,
)
from .policy import Policy, next_follow_up, thank_you_window
from .templating import TemplatesDir, available_tones, join_natural, render
from .vocabulary import Kind

# Contact and Draft live in draft.py; they stay importable from here.
__all__ = ["Contact", "Draft", "draft_reminder", "draft_thank_you", "draft_thank_yous"]

NotesLike = InterviewNotes | Mapping[str, object] | str | bytes
Moment = datetime | str

# Clients cut subjects after about 60 characters (docs/rules.md, "Subject").
MAX_SUBJECT = 60
# A sentence that cites topics stays readable: past this many words of topics, stop adding.
_TOPIC_WORD_BUDGET = 22
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TONE_RE = re.compile(r"[a-z][a-z0-9_-]{0,31}")
# A sentence that ends on an abbreviation or an exclamation ("Acme Inc.", "Yahoo!") takes no
# second mark: "Inc.." and "Yahoo!." become "Inc." and "Yahoo!" (an ellipsis is left alone).
_DOUBLE_END = re.compile(r"(?<![.])([.!?])\.(?=\s|$)")
# Rule 1 in docs/rules.md: a weekday names the interview only within the week after it.
_WEEKDAY_DAYS = 6
# Two topics are cited together only while short: a long pair reads as one run of words.
_JOINED_WORDS = 9
# Sentences per slot in the built-in templates: `frame` values run 0 to 5.
_FRAMES = 6
def draft_thank_you(
    notes: NotesLike,
    interviewer: str | int | None = None,
    *,
    tone: str = "warm",
    templates: TemplatesDir = None,
    policy: Policy | None = None,
    now: Moment | None = None,
) -> Draft:
    """Draft the thank-you note for one interviewer (by name or index; default the first).

    *notes* is anything :func:`~followup_mail.parse_notes` takes: :class:`InterviewNotes`,
    a mapping in its JSON shape, or JSON text. *now* is an aware datetime or ISO 8601 text
    with a UTC offset. *templates* is a folder whose files replace built-in templates of the same
    name (rendered in Jinja's sandbox). *now*, when given and past the thank-you's window,
    makes a late thank-you: to send from *now*, worded as late, with the interview's date.
    """
    checked = parse_notes(notes)
    person = checked.interviewer(interviewer)
    moment = None if now is None else aware_datetime(now, "now")
    return _thank_you(
        checked, person, _index(checked, person), _tone(tone), templates, policy, moment
    )


def draft_thank_yous(
    notes: NotesLike,
    *,
    tone: str = "warm",
    templates: TemplatesDir = None,
    policy: Policy | None = None,
    now: Moment | None = None,
) -> list[Draft]:
    """Draft one thank-you per interviewer, in the order of the notes.

    Each cites that interviewer's own topics (never another's) and is worded differently,
    since people on one panel compare notes (docs/rules.md, "Panels").
    """
    checked = parse_notes(notes)
    kind_tone = _tone(tone)
    moment = None if now is None else aware_datetime(now, "now")
    return [
        _thank_you(checked, person, index, kind_tone, templates, policy, moment)
        for index, person in enumerate(checked.interviewers)
    ]


def draft_reminder(
    notes: NotesLike,
    interviewer: str | int | None = None,
    *,
    thank_you_sent_at: Moment | None = None,
    history: Iterable[SentEvent | ReplyEvent | Mapping[str, object]] = (),
    now: Moment | None = None,
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
    checked = parse_notes(notes)
    person = checked.interviewer(interviewer)
    index = _index(checked, person)
    kind_tone = _tone(tone)
    now = None if now is None else aware_datetime(now, "now")
    events = list(parse_history(list(history)))
    if thank_you_sent_at is not None:
        try:
            sent_at = aware_datetime(thank_you_sent_at, "thank_you_sent_at")
        except TimingError as exc:
            raise HistoryError(str(exc)) from None
        sent = SentEvent(kind="thank_you", at=sent_at)
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
    elif not any(isinstance(event, SentEvent) for event in events):
        # Too late for the thank-you too (thank_you_expires), or a decision came first.
        raise FollowUpNotAdvised(
            "A reminder follows a thank-you that got no reply, and no thank-you has been "
            f"sent yet. {advice.reason}",
            advice=advice,
        )
    else:
        raise FollowUpNotAdvised(advice.reason, advice=advice)
    # Worded for when it goes out: the window's start, or now when that is later.
    moment = max(send_after, now) if now is not None else send_after
    context = _context(checked, person, index, moment=moment)
    own = list(person.topics)
    shared = _rotate(checked.topics, index)
    topic = topic_phrase((own + shared)[0], _names(checked)) if own or shared else None
    context["topic"] = topic.text if topic else None
    context["topic_shape"] = topic.shape if topic else None
    return _build(
        checked, person, index, "reminder", kind_tone, context, templates, send_after,
        send_before,
    )


# -- internals ------------------------------------------------------------------------


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
    specific = partial(is_specific, common=common_words(notes.role, notes.company))
    cited: list[str] = []
    words = 0
    for topic in candidates:
        size = len(topic.split())
        if len(cited) == 2 or (cited and words + size > _TOPIC_WORD_BUDGET):
            break
        if topic not in cited:
            cited.append(topic)
            words += size
    if cited and not any(map(specific, cited)):
        found = next(filter(specific, candidates), None)
        if found is not None:
            cited = [cited[0], found]
    return cited


def _mentioned_strength(notes: InterviewNotes, index: int) -> str | None:
    """The strength to mention: one the linter can recognise as specific, when any is."""
    strengths = notes.strengths
    if not strengths:
        return None
    choice = strengths[index % len(strengths)]
    common = common_words(notes.role, notes.company)
    if is_specific(choice, common):
        return choice
    specific = [s for s in strengths if is_specific(s, common)]
    return specific[index % len(specific)] if specific else choice


def _names(notes: InterviewNotes) -> tuple[str, ...]:
    """Names as the notes write them: their capitals stay wherever they appear."""
    return (notes.candidate.name, notes.company, *(p.name for p in notes.interviewers))


@lru_cache(maxsize=1024)
def _cited(phrases: tuple[Phrase, ...]) -> tuple[str | None, str | None]:
    """The text that cites the topics, and its shape.

    Two topics are joined only when both read after "about", neither is a question and
    neither holds "and" or a comma of its own, so that a list never reads as one run of
    items; else the first topic is cited alone.
    """
    if not phrases:
        return None, None
    first = phrases[0]
    # An indirect question joined to another topic would swallow it ("how you measure
    # impact and the roadmap").
    questions = words().wh | {"whether"}
    if len(phrases) > 1 and sum(len(p.text.split()) for p in phrases) <= _JOINED_WORDS and all(
        p.shape == "about"
        and " and " not in p.text
        and "," not in p.text
        and p.text.split(" ", 1)[0] not in questions
        for p in phrases
    ):
        return join_natural(p.text for p in phrases), first.shape
    return first.text, first.shape


def _when(notes: InterviewNotes, moment: datetime) -> tuple[str, int]:
    """How a message sent at *moment* names the interview's day, and the days between.

    "on Tuesday" only within six days (a weekday further back is ambiguous); else the
    date, "on 24 November", with the year when it differs.
    """
    held = notes.interviewed_at
    days = (moment.astimezone(held.tzinfo).date() - held.date()).days
    if days <= _WEEKDAY_DAYS:
        return f"on {_WEEKDAYS[held.weekday()]}", days
    month = words().months[held.month - 1]
    year = f" {held.year}" if moment.astimezone(held.tzinfo).year != held.year else ""
    return f"on {held.day} {month}{year}", days


def _frame(notes: InterviewNotes, index: int) -> dict[str, int]:
    """Which of the six frames each sentence uses (0-5), for interviewer *index*.

    Within six interviewers every slot differs, so no two notes of a panel share a
    sentence beyond the greeting, the thanks and the signature; past six, the closing
    still differs (5 is prime to 6). The interview's own facts shift the start, so two
    interviews do not open alike either.
    """
    seed = _seed(notes.company, notes.role, notes.candidate.name, notes.interviewed_at)
    return dict(_frames((index + seed) % _FRAMES, index // _FRAMES))


@lru_cache(maxsize=64)
def _frames(low: int, high: int) -> tuple[tuple[str, int], ...]:
    slots = ("opening", "topic", "fit", "interest", "materials", "closing")
    return tuple((slot, (low + k * high) % _FRAMES) for k, slot in enumerate(slots))


@lru_cache(maxsize=256)
def _seed(company: str, role: str, candidate: str, when: datetime) -> int:
    """A number fixed by the interview's facts (a batch drafts the same notes again)."""
    return zlib.crc32(f"{company}|{role}|{candidate}|{when.isoformat()}".encode())


def _context(
    notes: InterviewNotes,
    person: Interviewer,
    index: int,
    *,
    moment: datetime | None = None,
    late: bool = False,
) -> dict[str, object]:
    """The variables every template can use (documented in the README).

    Note fields that reach prose are normalised for their slot (phrasing.py): ``role``
    without a trailing "role"/"position", topics as noun phrases or indirect questions,
    materials with "my" or "the". *moment* is when the draft is to be sent (default: the
    thank-you's window): the interview's day is named relative to it.
    """
    names = _names(notes)
    strengths = list(notes.strengths)
    materials: list[dict[str, str | None]] = []
    for m in notes.materials:
        phrase, label = material_phrase(m.title, names)
        materials.append({"title": m.title, "url": m.url, "phrase": phrase, "label": label})
    candidate = notes.candidate
    cited = [topic_phrase(t, names) for t in _cited_topics(notes, person, index)]
    cited_text, cited_shape = _cited(tuple(cited))
    strength = _mentioned_strength(notes, index)
    fit = strength_phrase(strength, names) if strength is not None else None
    if moment is None:
        moment = thank_you_window(notes)[0]
    when, days = _when(notes, moment)
    weeks = days // 7
    numbers = words().numbers
    return {
        "candidate": {
            "name": candidate.name,
            "first_name": candidate.first_name,
            "email": candidate.email,
            "phone": candidate.phone,
        },
        "company": company_phrase(notes.company),
        "role": role_phrase(notes.role),
        "interviewer": {
            "name": person.name,
            "first_name": person.first_name,
            "title": person.title,
            "email": person.email,
            "topics": list(person.topics),
        },
        # Each template chooses how it greets, so that any tone can choose either.
        "greeting": person.greeting or greeting_for(person.name, "full"),
        "greeting_first": person.greeting or greeting_for(person.name, "first"),
        "interview_day": _WEEKDAYS[notes.interviewed_at.weekday()],
        "interviewed_at": notes.interviewed_at,
        "when": when,
        "late": late,
        "days_since": days,
        "weeks_since": weeks,
        "weeks_since_text": numbers[weeks] if weeks < len(numbers) else str(weeks),
        "topics": [p.text for p in cited],
        "cited": [{"text": p.text, "shape": p.shape} for p in cited],
        "cited_text": cited_text,
        "cited_shape": cited_shape,
        "shared_topics": list(notes.topics),
        "strength": fit.text if fit else None,
        "fit": {"text": fit.text, "shape": fit.shape} if fit else None,
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
        "frame": _frame(notes, index),
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
    now: datetime | None = None,
) -> Draft:
    # The window comes from the timing rules (24 to 48 hours after, never a weekend).
    send_after, window_end, _ = thank_you_window(notes, policy)
    send_before: datetime | None = window_end
    late = False
    if now is not None and now > window_end:
        # Past the window: send from now, and say so (docs/rules.md, rule 1).
        late = True
        send_after, send_before = now.astimezone(notes.zone), None
    context = _context(notes, person, index, moment=send_after, late=late)
    return _build(
        notes, person, index, "thank_you", tone, context, templates, send_after, send_before
    )


def _build(
    notes: InterviewNotes,
    person: Interviewer,
    index: int,
    kind: Kind,
    tone: str,
    context: dict[str, object],
    templates: TemplatesDir,
    send_after: datetime,
    send_before: datetime | None,
) -> Draft:
    text = _render_body(kind, tone, context, templates)
    if ".." in text or "!." in text or "?." in text:
        text = _DOUBLE_END.sub(r"\1", text)
    body = tidy(text)
    subject = " ".join(render(f"{kind}/subject.txt.j2", context, templates).split())
    problem = text_problem(subject)
    if problem is not None:
        # A custom subject template is checked here, not only when the message is built.
        name = f"{kind}/subject.txt.j2"
        raise TemplateError(f"The subject rendered by {name} {problem}.", template=name)
    html = html_part(body, context, templates)
    cited = _as_cited(notes)
    return drafted(
        kind=kind,
        tone=tone,
        sender=Contact.model_construct(name=notes.candidate.name, email=notes.candidate.email),
        to=Contact.model_construct(name=person.name, email=person.email),
        subject=subject,
        body=body,
        html=html,
        send_after=send_after,
        send_before=send_before,
        report=lint_draft(body, kind, subject, cited, index),
        message_id=id_from_notes(notes, person, kind),
        origin=Origin(cited, index, context, templates),
    )


def _render_body(
    kind: Kind, tone: str, context: dict[str, object], templates: TemplatesDir
) -> str:
    name = f"{kind}/{tone}.txt.j2"
    try:
        return render(name, context, templates)
    except TemplateError as exc:
        if exc.template != name or not str(exc).startswith(f"Template {name!r} was not found"):
            raise
        where = "the built-in templates" + (f" and {shown(templates)}" if templates else "")
        found = ", ".join(repr(t) for t in available_tones(templates, kind=kind))
        raise TemplateError(
            f"There is no {tone!r} tone for {kind} drafts: {name} was not found. The tones "
            f"found in {where} are {found}.",
            template=name,
        ) from None


def _as_cited(notes: InterviewNotes) -> InterviewNotes:
    """The notes with topics and strengths as the draft cites them, for its lint report.

    The personalisation check looks for a topic's words; a draft says "leading the audit"
    for "I led the audit." and "Kafka" for "We talked about Kafka.", which are the same
    subject matter in other words.
    """
    own = tuple(tuple(p.topics) for p in notes.interviewers)
    cited = _cited_forms(own, tuple(notes.topics), tuple(notes.strengths), _names(notes))
    if cited is None:  # notes already written as noun phrases: nothing to copy
        return notes
    texts, shared, strengths = cited
    people = [
        p if list(t) == p.topics else p.model_copy(update={"topics": list(t)})
        for t, p in zip(texts, notes.interviewers, strict=True)
    ]
    return notes.model_copy(
        update={"interviewers": people, "topics": list(shared), "strengths": list(strengths)}
    )


_Texts = tuple[str, ...]


@lru_cache(maxsize=256)
def _cited_forms(
    own: tuple[_Texts, ...], shared: _Texts, strengths: _Texts, names: _Texts
) -> tuple[tuple[_Texts, ...], _Texts, _Texts] | None:
    """Topics and strengths as cited, or None when every one is cited as written."""
    texts = tuple(tuple(topic_phrase(t, names).text for t in topics) for topics in own)
    cited_shared = tuple(topic_phrase(t, names).text for t in shared)
    cited_strengths = tuple(strength_phrase(s, names).text for s in strengths)
    if (texts, cited_shared, cited_strengths) == (own, shared, strengths):
        return None
    return texts, cited_shared, cited_strengths


