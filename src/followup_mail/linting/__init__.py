"""Lint follow-up emails for what general prose linters miss.

>>> report = lint("Hi Ana, just checking in. When will you make a decision?")
>>> [(f.code, f.name) for f in report.findings if f.category in ("generic", "pushy")]
[('FM302', 'check-in-filler'), ('FM201', 'pushy-timeline-question')]
>>> report.ok
False

Codes: ``FM`` and three digits, grouped by category: FM1xx length, FM2xx pushy, FM3xx
generic, FM4xx tone, FM5xx placeholder, FM6xx gratitude, FM7xx interest, FM8xx
personalization, FM9xx garbled. A code is never reused. :func:`rules` lists every rule; the rules
themselves are data in ``rules/*.toml``.

Importing this package costs nothing: the engine, its pydantic models and the rules load
on first use, so ``import followup_mail`` stays as cheap as its dependencies.

Any ``str`` lints in time linear in its length: no regex the engine runs backtracks
through a run of characters more than a bounded number of times
(``tests/test_security_lint.py`` attacks each one and checks that ten times the text
costs about ten times the time). A lone surrogate (U+D800 to U+DFFF, which a ``str`` may
hold and UTF-8 cannot) is read as U+FFFD, one character for one: spans still index the
text as given, and a message that quotes the text shows U+FFFD in its place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal

from .._lazy import attach as _attach

if TYPE_CHECKING:
    from ..models import InterviewNotes
    from ._rules import Rule
    from .config import LintConfig
    from .report import Finding, LintReport

__all__ = ["Finding", "LintConfig", "LintReport", "Rule", "lint", "rules"]

# Where each lazily imported public name lives.
_LAZY = {
    "Finding": ".report",
    "LintReport": ".report",
    "LintConfig": ".config",
    "Rule": "._rules",
}

_impl: Callable[..., LintReport] | None = None


def lint(
    text: str,
    *,
    kind: Literal["thank_you", "reminder"] = "thank_you",
    notes: InterviewNotes | Mapping[str, object] | str | bytes | None = None,
    subject: str | None = None,
    config: LintConfig | None = None,
    interviewer: str | int | None = None,
) -> LintReport:
    """Lint one follow-up email and return its findings, sorted by position.

    :param kind: ``"thank_you"`` or ``"reminder"`` (sets the word limit and whether
        thanks are required).
    :param notes: the interview notes (anything :func:`~followup_mail.parse_notes` takes);
        enables the personalization check.
    :param subject: the subject line, linted too (findings have ``field="subject"``).
    :param config: a :class:`LintConfig` (rule selection, thresholds, severities).
    :param interviewer: name or index of the interviewer the email is for; only their
        topics (and the shared topics and strengths) count as personal. ``None``: anyone's.
    :returns: the report; every finding's ``start`` and ``end`` index ``text`` (or
        ``subject``) as given, whatever it holds. The time taken grows linearly with the
        length of ``text`` and ``subject``; there is no size limit.
    :raises TypeError: when ``text`` or ``subject`` is not a ``str``.
    :raises FollowupMailError: for an unknown ``kind``, or an interviewer not in the notes.
    """
    global _impl
    if _impl is None:
        from ._api import lint as implementation

        _impl = implementation
    return _impl(text, kind, notes, subject, config, interviewer)


def rules() -> tuple[Rule, ...]:
    """Every lint rule, sorted by code (code, name, category, severity, message...)."""
    from ._rules import load_rules

    return load_rules()


__getattr__, __dir__ = _attach(__name__, _LAZY, globals(), __all__)
