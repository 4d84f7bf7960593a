"""The implementation of :func:`followup_mail.lint.lint` (imported on first use)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal, TypeVar

from pydantic import BaseModel

from ..errors import FollowupMailError
from ..models import InterviewNotes, parse_notes
from ._engine import KINDS, Hit, Plan, check_body, check_subject
from ._rules import Rule, load_rules
from .config import LintConfig
from .report import Finding, LintReport

__all__ = ["lint", "rules"]

Kind = Literal["thank_you", "reminder"]
_default: LintConfig | None = None


_M = TypeVar("_M", bound=BaseModel)
_new = object.__new__
_set_dict = object.__setattr__
# pydantic's instance slots, written through their descriptors.
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_all_fields: dict[type[BaseModel], set[str]] = {
    cls: set(cls.model_fields) for cls in (Finding, LintReport)
}


def _fast_construct(cls: type[_M], values: dict[str, object]) -> _M:
    """What ``cls.model_construct(**values)`` does for complete, valid values, 5x faster.

    Every value is built by the engine from validated rule records, so validation would
    only cost time (the benchmark counts building the report). This writes pydantic's
    instance slots directly; :func:`_pick_construct` checks once, on import, that the
    result equals a validated model and falls back to ``model_construct`` otherwise, and
    ``tests/test_lint.py`` fails loudly if a pydantic upgrade changes them. ``values``
    must set every field.
    """
    obj = _new(cls)
    _set_dict(obj, "__dict__", values)
    _set_fields(obj, _all_fields[cls].copy())
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


def _model_construct(cls: type[_M], values: dict[str, object]) -> _M:
    """The public, slower way: pydantic's own ``model_construct``."""
    return cls.model_construct(None, **values)


def _same(a: BaseModel, b: BaseModel) -> bool:
    return (
        a == b
        and a.model_dump_json() == b.model_dump_json()
        and a.model_fields_set == b.model_fields_set
        and a.__pydantic_extra__ == b.__pydantic_extra__
        and a.__pydantic_private__ == b.__pydantic_private__
    )


def _pick_construct() -> Callable[[type[_M], dict[str, object]], _M]:
    """``_fast_construct`` if it builds what validation builds, else ``model_construct``."""
    values: dict[str, object] = {
        "code": "FM201", "name": "pushy-timeline-question", "category": "pushy",
        "severity": "error", "start": 3, "end": 9, "message": "m", "suggestion": None,
        "field": "body",
    }
    try:
        finding = _fast_construct(Finding, dict(values))
        report = _fast_construct(LintReport, {"findings": (finding,), "word_count": 4})
        ok = _same(finding, Finding.model_validate(values)) and _same(
            report, LintReport.model_validate({"findings": (values,), "word_count": 4})
        )
    except Exception:  # any failure means: use the public API
        ok = False
    return _fast_construct if ok else _model_construct


_construct = _pick_construct()

_plans: dict[int, tuple[LintConfig, Plan]] = {}


def _plan(config: LintConfig | None) -> Plan:
    """The engine's plan for ``config`` (the default when None), made once per config."""
    if config is None:
        config = _default or _default_config()
    hit = _plans.get(id(config))  # an id may be reused once its config is gone: check
    if hit is not None and hit[0] is config:
        return hit[1]
    if not isinstance(config, LintConfig):
        raise TypeError(f"config must be a LintConfig or None, not {type(config).__name__}")
    plan = Plan(
        config.enabled,
        max_words={"thank_you": config.max_words_thank_you,
                   "reminder": config.max_words_reminder},
        min_words=config.min_words,
        sentence_words=config.max_sentence_words,
        subject_chars=config.max_subject_chars,
    )
    if len(_plans) > 64:
        _plans.clear()
    _plans[id(config)] = (config, plan)
    return plan


def _default_config() -> LintConfig:
    global _default, _default_plan
    if _default is None:
        _default = LintConfig()
        _default_plan = _plan(_default)
    return _default


_default_plan: Plan | None = None


def rules() -> tuple[Rule, ...]:
    """Every lint rule, sorted by code (code, name, category, severity, message...)."""
    return load_rules()


def _hit_order(hit: Hit) -> tuple[int, int, str]:
    return hit[0], hit[1], hit[2].code


def _findings(
    hits: list[Hit], enabled: Mapping[str, str], field: str, out: list[Finding]
) -> None:
    """Append the findings of ``hits`` (in their order) to ``out``."""
    construct = _construct
    for start, end, rule, values in hits:
        severity = enabled.get(rule.code)
        if severity is None:
            continue
        message, suggestion = rule.message, rule.suggestion
        if values is not None:
            message = message.format_map(values)
            if suggestion is not None and "{" in suggestion:
                suggestion = suggestion.format_map(values)
        out.append(construct(Finding, {
            "code": rule.code, "name": rule.name, "category": rule.category,
            "severity": severity, "start": start, "end": end, "message": message,
            "suggestion": suggestion, "field": field,
        }))


def lint(
    text: str,
    kind: Kind = "thank_you",
    notes: InterviewNotes | Mapping[str, object] | str | bytes | None = None,
    subject: str | None = None,
    config: LintConfig | None = None,
    interviewer: str | int | None = None,
) -> LintReport:
    """See :func:`followup_mail.lint.lint`, which documents this and calls it."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if subject is not None and not isinstance(subject, str):
        raise TypeError(f"subject must be a str or None, not {type(subject).__name__}")
    if kind not in KINDS:
        raise FollowupMailError(
            f"kind must be 'thank_you' or 'reminder', not {kind!r}."
        )
    if notes is not None:
        notes = parse_notes(notes)
    plan = _default_plan if config is None and _default_plan is not None else _plan(config)
    hits, count = check_body(text, kind, notes, interviewer, plan)
    if subject is None and not hits:
        return _construct(LintReport, {"findings": (), "word_count": count})
    # Sorted by field (subject first), start, end and code: sort the hit tuples, which
    # is cheaper than sorting the models.
    findings: list[Finding] = []
    if subject is not None:
        sub = check_subject(subject, plan)
        if sub:
            if len(sub) > 1:
                sub.sort(key=_hit_order)
            _findings(sub, plan.enabled, "subject", findings)
    if hits:
        if len(hits) > 1:
            hits.sort(key=_hit_order)
        _findings(hits, plan.enabled, "body", findings)
    return _construct(LintReport, {"findings": tuple(findings), "word_count": count})
