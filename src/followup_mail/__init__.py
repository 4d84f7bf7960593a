"""followup_mail: personal, well-timed interview follow-up emails.

Notes in (:class:`InterviewNotes`), drafts out (:func:`draft_thank_you`,
:func:`draft_thank_yous`, :func:`draft_reminder` give :class:`Draft`), lint across
(:func:`lint` gives a :class:`LintReport`), and timing (:func:`next_follow_up` gives an
:class:`Advice`). Nothing is ever sent: a draft becomes an
:class:`email.message.EmailMessage`, an ``.eml`` file or a ``mailto:`` link.

Importing the package is cheap: each public name is imported from its module on first
use (PEP 562), so a tool that only needs, say, :func:`lint` never builds the drafting
machinery, and ``import followup_mail`` costs no more than importing its dependencies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import attach as _attach
from ._version import __version__
from .errors import (
    DraftsFolderError,
    FollowupMailError,
    FollowUpNotAdvised,
    HistoryError,
    InsecureTransportWarning,
    InterviewerNotFound,
    LintConfigError,
    MailtoTooLong,
    NoSendWindow,
    NotesError,
    TemplateError,
    TemplateSecurityError,
    TemplateVariableError,
    TimingError,
)
from .lint import lint

if TYPE_CHECKING:
    from .draft import Contact, Draft
    from .drafting import draft_reminder, draft_thank_you, draft_thank_yous
    from .drafts_folder import SavedDrafts, save_drafts
    from .history import HistoryEvent, ReplyEvent, SentEvent, parse_history
    from .lint import Finding, LintConfig, LintReport
    from .models import Candidate, Interviewer, InterviewNotes, Material, load_notes, parse_notes
    from .policy import Advice, Policy, next_follow_up
    from .templating import available_tones, clear_template_cache

__all__ = [
    "Advice",
    "Candidate",
    "Contact",
    "Draft",
    "DraftsFolderError",
    "Finding",
    "FollowUpNotAdvised",
    "FollowupMailError",
    "HistoryError",
    "HistoryEvent",
    "InsecureTransportWarning",
    "InterviewNotes",
    "Interviewer",
    "InterviewerNotFound",
    "LintConfig",
    "LintConfigError",
    "LintReport",
    "MailtoTooLong",
    "Material",
    "NoSendWindow",
    "NotesError",
    "Policy",
    "ReplyEvent",
    "SavedDrafts",
    "SentEvent",
    "TemplateError",
    "TemplateSecurityError",
    "TemplateVariableError",
    "TimingError",
    "__version__",
    "available_tones",
    "clear_template_cache",
    "draft_reminder",
    "draft_thank_you",
    "draft_thank_yous",
    "lint",
    "load_notes",
    "next_follow_up",
    "parse_history",
    "parse_notes",
    "save_drafts",
]

# Where each lazily imported public name lives.
_LAZY = {
    **dict.fromkeys(("Contact", "Draft"), ".draft"),
    **dict.fromkeys(("draft_reminder", "draft_thank_you", "draft_thank_yous"), ".drafting"),
    **dict.fromkeys(("SavedDrafts", "save_drafts"), ".drafts_folder"),
    **dict.fromkeys(("Finding", "LintConfig", "LintReport"), ".lint"),
    **dict.fromkeys(
        ("Candidate", "Interviewer", "InterviewNotes", "Material", "load_notes", "parse_notes"),
        ".models",
    ),
    **dict.fromkeys(("available_tones", "clear_template_cache"), ".templating"),
    **dict.fromkeys(("HistoryEvent", "ReplyEvent", "SentEvent", "parse_history"), ".history"),
    **dict.fromkeys(("Advice", "Policy", "next_follow_up"), ".policy"),
}


__getattr__, __dir__ = _attach(__name__, _LAZY, globals(), __all__)
