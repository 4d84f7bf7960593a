"""Lint follow-up emails for what general prose linters miss (placeholder until issue 3)."""

from __future__ import annotations

from .report import Finding, LintReport

__all__ = ["Finding", "LintReport", "lint"]


def lint(text: str, *, kind: str = "thank_you", **_: object) -> LintReport:
    """Placeholder: counts words; the rule engine lands with the lint issue."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return LintReport(findings=(), word_count=len(text.split()))
