"""Lint results: :class:`Finding` and :class:`LintReport`, frozen and JSON-serialisable.

JSON form (``LintReport.to_json()``, same as ``model_dump_json()``; stable)::

    {"findings": [{"code": "FM201", "name": "pushy-timeline-question",
                   "category": "pushy", "severity": "error",
                   "start": 10, "end": 42, "message": "...",
                   "suggestion": "..." | null, "field": "body" | "subject"}],
     "word_count": int, "ok": bool}

- ``code`` is ``FM`` and three digits; the first digit is the category (1 length,
  2 pushy, 3 generic, 4 tone, 5 placeholder, 6 gratitude, 7 interest,
  8 personalization, 9 garbled). Codes are never reused for another rule.
- ``start``/``end`` are character offsets (Python ``str`` indices) into the body, or into
  the subject when ``field`` is ``"subject"``. Whole-text findings (missing thanks, too
  short...) have the empty span ``0, 0``.
- ``findings`` are sorted by ``field`` (subject first, as it is read first), then by
  ``start``, ``end`` and ``code``.
- ``word_count`` counts whitespace-separated words of the body; ``ok`` is true when no
  finding has severity ``"error"``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field

__all__ = ["Category", "Field", "Finding", "LintReport", "Severity"]

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
    "garbled",
]
Field = Literal["body", "subject"]


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
    field: Field = "body"


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

    def to_json(self, *, indent: int | None = None) -> str:
        """Return the documented JSON form (see the module docstring)."""
        return self.model_dump_json(indent=indent)
