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
from ._lazy import public_names as _public_names
from ._version import __version__ as __version__

# Eager: the function every tool calls; importing it loads neither pydantic nor jinja2.
from .linting import lint as lint

# For type checkers only, each as ``name as name`` (an explicit re-export under
# ``mypy --strict``); tests/test_public_api.py checks that they match ``_LAZY``.
if TYPE_CHECKING:
    from .draft import Contact as Contact
    from .draft import Draft as Draft
    from .drafting import draft_reminder as draft_reminder
    from .drafting import draft_thank_you as draft_thank_you
    from .drafting import draft_thank_yous as draft_thank_yous
    from .drafts_folder import SavedDrafts as SavedDrafts
    from .drafts_folder import save_drafts as save_drafts
    from .errors import DraftsFolderError as DraftsFolderError
    from .errors import FollowupMailError as FollowupMailError
    from .errors import FollowUpNotAdvised as FollowUpNotAdvised
    from .errors import HistoryError as HistoryError
    from .errors import InsecureTransportWarning as InsecureTransportWarning
    from .errors import InterviewerNotFound as InterviewerNotFound
    from .errors import LintConfigError as LintConfigError
    from .errors import MailtoTooLong as MailtoTooLong
    from .errors import NoSendWindow as NoSendWindow
    from .errors import NotesError as NotesError
    from .errors import TemplateError as TemplateError
    from .errors import TemplateSecurityError as TemplateSecurityError
    from .errors import TemplateVariableError as TemplateVariableError
    from .errors import TimingError as TimingError
    from .history import HistoryEvent as HistoryEvent
    from .history import ReplyEvent as ReplyEvent
    from .history import SentEvent as SentEvent
    from .history import parse_history as parse_history
    from .linting import Finding as Finding
    from .linting import LintConfig as LintConfig
    from .linting import LintReport as LintReport
    from .models import Candidate as Candidate
    from .models import Interviewer as Interviewer
    from .models import InterviewNotes as InterviewNotes
    from .models import Material as Material
    from .models import load_notes as load_notes
    from .models import parse_notes as parse_notes
    from .policy import Advice as Advice
    from .policy import Policy as Policy
    from .policy import next_follow_up as next_follow_up
    from .templating import available_tones as available_tones
    from .templating import clear_template_cache as clear_template_cache

# Every public name but the two above, and the module it lives in: the one list of the
# public API. Each is imported on first use (PEP 562).
_LAZY = {
    **dict.fromkeys(("Contact", "Draft"), ".draft"),
    **dict.fromkeys(("draft_reminder", "draft_thank_you", "draft_thank_yous"), ".drafting"),
    **dict.fromkeys(("SavedDrafts", "save_drafts"), ".drafts_folder"),
    **dict.fromkeys(
        (
            "DraftsFolderError",
            "FollowUpNotAdvised",
            "FollowupMailError",
            "HistoryError",
            "InsecureTransportWarning",
            "InterviewerNotFound",
            "LintConfigError",
            "MailtoTooLong",
            "NoSendWindow",
            "NotesError",
            "TemplateError",
            "TemplateSecurityError",
            "TemplateVariableError",
            "TimingError",
        ),
        ".errors",
    ),
    **dict.fromkeys(("Finding", "LintConfig", "LintReport"), ".linting"),
    **dict.fromkeys(
        ("Candidate", "Interviewer", "InterviewNotes", "Material", "load_notes", "parse_notes"),
        ".models",
    ),
    **dict.fromkeys(("HistoryEvent", "ReplyEvent", "SentEvent", "parse_history"), ".history"),
    **dict.fromkeys(("Advice", "Policy", "next_follow_up"), ".policy"),
    **dict.fromkeys(("available_tones", "clear_template_cache"), ".templating"),
}

__all__ = _public_names(("__version__", "lint"), _LAZY)

__getattr__, __dir__ = _attach(__name__, _LAZY, globals(), __all__)
