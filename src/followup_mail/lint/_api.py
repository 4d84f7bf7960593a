"""The implementation of :func:`followup_mail.lint.lint` (imported on first use)."""

from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import BaseModel

from ..errors import FollowupMailError
from ..models import InterviewNotes
from ._engine import Hit, check_body, check_subject
from ._rules import Rule, load_rules
from .config import LintConfig
from .report import Finding, LintReport, Severity

__all__ = ["lint", "rules"]

Kind = Literal["thank_you", "reminder"]
_KINDS = ("thank_you", "reminder")
_default: LintConfig | None = None


_M = TypeVar("_M", bound=BaseModel)


def _construct(cls: type[_M], values: dict[str, object]) -> _M:
    """What ``cls.model_construct(**values)`` does for complete, valid values, faster.

    Every value is built by the engine from validated rule records, so validation would
    only cost time (the benchmark counts building the report).
    """
    obj = cls.__new__(cls)
    _setattr(obj, "__dict__", values)
    _setattr(obj, "__pydantic_fields_set__", set(values))
    _setattr(obj, "__pydantic_extra__", None)
    _setattr(obj, "__pydantic_private__", None)
    return obj


_setattr = object.__setattr__


_resolved: dict[int, tuple[LintConfig, dict[str, Severity]]] = {}


def _enabled(config: LintConfig) -> dict[str, Severity]:
    """``config.enabled`` without pydantic's private-attribute look-up on every call."""
    hit = _resolved.get(id(config))
    if hit is not None and hit[0] is config:
        return hit[1]
    if len(_resolved) > 64:
        _resolved.clear()
    _resolved[id(config)] = (config, config.enabled)
    return config.enabled


def rules() -> tuple[Rule, ...]:
    """Every lint rule, sorted by code (code, name, category, severity, message...)."""
    return load_rules()


def _findings(hits: list[Hit], enabled: dict[str, str], field: str) -> list[Finding]:
    out = []
    for start, end, rule, values in hits:
        severity = enabled.get(rule.code)
        if severity is None:
            continue
        message, suggestion = rule.message, rule.suggestion
        if values is not None:
            message = message.format(**values)
            if suggestion is not None and "{" in suggestion:
                suggestion = suggestion.format(**values)
        # Values are built from validated rule records: skip pydantic validation.
        out.append(_construct(Finding, {
            "code": rule.code, "name": rule.name, "category": rule.category,
            "severity": severity, "start": start, "end": end, "message": message,
            "suggestion": suggestion, "field": field,
        }))
    return out


def lint(
    text: str,
    *,
    kind: Kind = "thank_you",
    notes: InterviewNotes | None = None,
    subject: str | None = None,
    config: LintConfig | None = None,
    interviewer: str | int | None = None,
) -> LintReport:
    """Lint one follow-up email and return its findings, sorted by position.

    :param kind: ``"thank_you"`` or ``"reminder"`` (sets the word limit and whether
        thanks are required).
    :param notes: the interview notes; enables the personalization check.
    :param subject: the subject line, linted too (findings have ``field="subject"``).
    :param interviewer: name or index of the interviewer the email is for; only their
        topics (and the shared topics and strengths) count as personal. ``None``: anyone's.
    :raises TypeError: when ``text`` or ``subject`` is not a ``str``.
    :raises FollowupMailError: for an unknown ``kind``, or an interviewer not in the notes.
    """
    global _default
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if subject is not None and not isinstance(subject, str):
        raise TypeError(f"subject must be a str or None, not {type(subject).__name__}")
    if kind not in _KINDS:
        raise FollowupMailError(
            f"kind must be 'thank_you' or 'reminder', not {kind!r}."
        )
    if notes is not None and not isinstance(notes, InterviewNotes):
        raise TypeError(f"notes must be InterviewNotes or None, not {type(notes).__name__}")
    if config is None:
        if _default is None:
            _default = LintConfig()
        config = _default
    elif not isinstance(config, LintConfig):
        raise TypeError(f"config must be a LintConfig or None, not {type(config).__name__}")
    enabled = _enabled(config)
    hits, count = check_body(
        text, kind, notes, interviewer,
        config.max_words_reminder if kind == "reminder" else config.max_words_thank_you,
        config.min_words, config.max_sentence_words, enabled,
    )
    findings = _findings(hits, enabled, "body") if hits else []  # type: ignore[arg-type]
    if subject is not None:
        sub = _findings(
            check_subject(subject, max_chars=config.max_subject_chars, enabled=enabled),
            enabled, "subject",  # type: ignore[arg-type]
        )
        findings = sub + findings
    if len(findings) > 1:
        findings.sort(key=lambda f: (f.field != "subject", f.start, f.end, f.code))
    return _construct(LintReport, {"findings": tuple(findings), "word_count": count})
