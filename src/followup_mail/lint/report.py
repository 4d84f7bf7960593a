"""Lint results: :class:`Finding` and :class:`LintReport`, frozen and JSON-serialisable.

JSON form (``LintReport.model_dump_json()``, stable)::

    {"ok": bool, "word_count": int,
     "findings": [{"code": "FM201", "name": "pushy-timeline-question",
                   "category": "pushy", "severity": "error",
                   "start": 10, "end": 42, "message": "...", "suggestion": "..." | null}]}
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field

__all__ = ["Category", "Finding", "LintReport", "Severity"]

Severity = Literal["error", "warning", "info"]
Category = Literal[
    "length",
    "generic",
    "pushy",
    "tone",
    "placeholder",
    "gratitude",
    "interest",
    "personalization",
]


class Finding(BaseModel):
    """One problem found in a follow-up email, with where it is and what to do instead."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    category: Category
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None


class LintReport(BaseModel):
    """The findings for one text, sorted by position."""

    model_config = ConfigDict(frozen=True)

    findings: tuple[Finding, ...] = ()
    word_count: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True when no finding has severity ``"error"``."""
        return not any(f.severity == "error" for f in self.findings)
