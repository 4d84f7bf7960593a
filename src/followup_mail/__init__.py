"""followup_mail: personal, well-timed interview follow-up emails.

Notes in (:class:`InterviewNotes`), drafts out (:func:`draft_thank_you`,
:func:`draft_thank_yous`, :func:`draft_reminder` give :class:`Draft`), lint across
(:func:`lint` gives a :class:`LintReport`). Nothing is ever sent: a draft becomes an
:class:`email.message.EmailMessage`, an ``.eml`` file or a ``mailto:`` link.
"""

from ._version import __version__
from .drafting import Contact, Draft, draft_reminder, draft_thank_you, draft_thank_yous
from .errors import (
    FollowupMailError,
    FollowUpNotAdvised,
    HistoryError,
    InterviewerNotFound,
    LintConfigError,
    MailtoTooLong,
    NotesError,
    TemplateError,
    TemplateSecurityError,
    TemplateVariableError,
    TimingError,
)
from .lint import Finding, LintConfig, LintReport, lint
from .models import Candidate, Interviewer, InterviewNotes, Material, load_notes
from .policy import (
    Advice,
    HistoryEvent,
    Policy,
    ReplyEvent,
    SentEvent,
    next_follow_up,
    parse_history,
)

__all__ = [
    "Advice",
    "Candidate",
    "Contact",
    "Draft",
    "Finding",
    "FollowUpNotAdvised",
    "FollowupMailError",
    "HistoryError",
    "HistoryEvent",
    "InterviewNotes",
    "Interviewer",
    "InterviewerNotFound",
    "LintConfig",
    "LintConfigError",
    "LintReport",
    "MailtoTooLong",
    "Material",
    "NotesError",
    "Policy",
    "ReplyEvent",
    "SentEvent",
    "TemplateError",
    "TemplateSecurityError",
    "TemplateVariableError",
    "TimingError",
    "__version__",
    "draft_reminder",
    "draft_thank_you",
    "draft_thank_yous",
    "lint",
    "load_notes",
    "next_follow_up",
    "parse_history",
]
