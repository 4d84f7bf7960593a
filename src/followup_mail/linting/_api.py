"""The implementation of :func:`followup_mail.lint` (imported on first use)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from ..errors import FollowupMailError
from ..vocabulary import Severity
from ._defaults import DEFAULTS
from ._engine import KINDS, Hit, Plan, check_body, check_subject
from ._rules import Rule, load_rules
from .report import Field, Finding, LintReport

if TYPE_CHECKING:
    from ..models import InterviewNotes
    from .config import LintConfig

__all__ = ["lint", "rules"]

Kind = Literal["thank_you", "reminder"]
_default_plan: Plan | None = None


def _new_plan(enabled: Mapping[str, Severity], limits: Mapping[str, int]) -> Plan:
    return Plan(
        enabled,
        max_words={"thank_you": limits["max_words_thank_you"],
                   "reminder": limits["max_words_reminder"]},
        min_words=limits["min_words"],
        sentence_words=limits["max_sentence_words"],
        subject_chars=limits["max_subject_chars"],
    )


def _plan(config: LintConfig | None) -> Plan:
    """The engine's plan for ``config``, made once and kept on it; for ``None``, the
    default plan, made without building a :class:`LintConfig` (nor importing pydantic)."""
    global _default_plan
    if config is None:
        if _default_plan is None:
            _default_plan = _new_plan({r.code: r.severity for r in load_rules()}, DEFAULTS)
        return _default_plan
    from .config import LintConfig

    if not isinstance(config, LintConfig):
        raise TypeError(f"config must be a LintConfig or None, not {type(config).__name__}")
    return config.engine_plan(_new_plan)


def rules() -> tuple[Rule, ...]:
    """Every lint rule, sorted by code (code, name, category, severity, message...)."""
    return load_rules()


def _hit_order(hit: Hit) -> tuple[int, int, str]:
    return hit[0], hit[1], hit[2].code


def _findings(
    hits: list[Hit], enabled: Mapping[str, Severity], field: Field, out: list[Finding]
) -> None:
    """Append the findings of ``hits`` (in their order) to ``out``."""
    for start, end, rule, values in hits:
        severity = enabled.get(rule.code)
        if severity is None:
            continue
        message, suggestion = rule.message, rule.suggestion
        if values is not None:
            message = message.format_map(values)
            if suggestion is not None and "{" in suggestion:
                suggestion = suggestion.format_map(values)
        out.append(Finding(
            rule.code, rule.name, rule.category, severity, start, end, message, suggestion,
            field,
        ))


def lint(
    text: str,
    kind: Kind = "thank_you",
    notes: InterviewNotes | Mapping[str, object] | str | bytes | None = None,
    subject: str | None = None,
    config: LintConfig | None = None,
    interviewer: str | int | None = None,
) -> LintReport:
    """See :func:`followup_mail.lint`, which documents this and calls it."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if subject is not None and not isinstance(subject, str):
        raise TypeError(f"subject must be a str or None, not {type(subject).__name__}")
    if kind not in KINDS:
        raise FollowupMailError(
            f"kind must be 'thank_you' or 'reminder', not {kind!r}."
        )
    if notes is not None:
        from ..models import parse_notes  # pydantic and email-validator: only with notes

        notes = parse_notes(notes)
    plan = _default_plan if config is None and _default_plan is not None else _plan(config)
    hits, count = check_body(text, kind, notes, interviewer, plan)
    if subject is None and not hits:
        return LintReport((), count)
    # Sorted by field (subject first), start, end and code: sort the hit tuples, which
    # is cheaper than sorting the models.
    findings: list[Finding] = []
    if subject is not None:
        sub = check_subject(subject, plan, notes)
        if sub:
            if len(sub) > 1:
                sub.sort(key=_hit_order)
            _findings(sub, plan.enabled, "subject", findings)
    if hits:
        if len(hits) > 1:
            hits.sort(key=_hit_order)
        _findings(hits, plan.enabled, "body", findings)
    return LintReport(tuple(findings), count)
