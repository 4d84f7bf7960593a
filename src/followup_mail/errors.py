"""Every error the library raises on purpose, and its one warning.

All of them derive from :class:`FollowupMailError`, which is a :class:`ValueError`, so a
caller can catch bad input with one ``except ValueError`` or be as precise as it likes.
Messages are whole sentences that name the field, file, template or rule at fault.
"""

from __future__ import annotations

__all__ = [
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
]


class FollowupMailError(ValueError):
    """Base class of every error this library raises on purpose."""


class NotesError(FollowupMailError):
    """Interview notes could not be read or do not validate.

    :param errors: every problem found, each ``{"field": "interviewers[0].name",
        "message": "must not be empty"}``: the field as a path (``"notes"`` for the whole
        document) and a clause in the library's words, so that a form can show each one
        next to its field. Empty when the notes could not be read at all.
    """

    def __init__(self, message: str, *, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.errors: list[dict[str, str]] = list(errors or [])


class InterviewerNotFound(FollowupMailError):
    """The interviewer asked for is not in the notes."""


class HistoryError(FollowupMailError):
    """A follow-up history event is malformed, unknown or out of order."""


class TemplateError(FollowupMailError):
    """A template could not be found, loaded or rendered.

    :param template: the name of the template at fault.
    """

    def __init__(self, message: str, *, template: str | None = None) -> None:
        super().__init__(message)
        self.template = template


class TemplateSecurityError(TemplateError):
    """A template tried to reach outside the sandbox (``__class__``, ``__globals__``...)."""


class TemplateVariableError(TemplateError):
    """A template used a variable that the library does not provide.

    :param variable: the name of the unknown variable, when Jinja reports it.
    """

    def __init__(
        self, message: str, *, template: str | None = None, variable: str | None = None
    ) -> None:
        super().__init__(message, template=template)
        self.variable = variable


class TimingError(FollowupMailError):
    """A timing policy, its settings file, or a ``now`` without a UTC offset is invalid."""


class LintConfigError(FollowupMailError):
    """A lint configuration names an unknown rule, category or threshold."""


class MailtoTooLong(FollowupMailError):
    """A ``mailto:`` link would be longer than mail clients reliably accept."""


class FollowUpNotAdvised(FollowupMailError):
    """The timing rules advise against sending this follow-up now.

    The message is the advice's reason; :attr:`advice` holds the whole
    :class:`~followup_mail.Advice` when one is available.
    """

    def __init__(self, message: str, *, advice: object | None = None) -> None:
        super().__init__(message)
        self.advice = advice


class NoSendWindow(FollowupMailError):
    """A calendar was asked for advice to stop, which has no send window.

    The message ends with the advice's reason; :attr:`advice` holds the whole
    :class:`~followup_mail.Advice`.
    """

    def __init__(self, message: str, *, advice: object | None = None) -> None:
        super().__init__(message)
        self.advice = advice


class DraftsFolderError(FollowupMailError):
    """Drafts could not be saved to the IMAP Drafts folder.

    The server was unreachable, refused the login or a command, or an upload failed
    part-way. :attr:`saved` holds the ``Message-ID`` of each draft this call uploaded
    before the failure, :attr:`not_saved` those it did not; both are empty when nothing
    was attempted.
    """

    def __init__(
        self,
        message: str,
        *,
        saved: tuple[str, ...] = (),
        not_saved: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.saved = saved
        self.not_saved = not_saved


class InsecureTransportWarning(UserWarning):
    """An ``imap://`` URL: the password and drafts may cross the network unencrypted."""
