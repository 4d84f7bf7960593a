"""Lint results: :class:`Finding` and :class:`LintReport`, frozen and JSON-serialisable.

JSON form (``LintReport.to_json()``, same as ``model_dump_json()``; stable; read back by
``LintReport.from_json``)::

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

Both are plain frozen, slotted dataclasses, as proselint's results are: building one
costs what building a tuple does, and linting needs no pydantic. A pydantic model may
still hold a :class:`LintReport` (``Draft.lint``): it validates and serialises in the
JSON form above.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Literal, get_args

from ..errors import FollowupMailError
from ..vocabulary import Category, Severity

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

__all__ = ["Category", "Field", "Finding", "LintReport", "Severity"]

Field = Literal["body", "subject"]

_CHOICES: dict[str, tuple[str, ...]] = {
    "category": get_args(Category), "severity": get_args(Severity), "field": get_args(Field),
}


def _json(data: dict[str, Any], indent: int | None) -> str:
    import json  # on first use: a linting process that never writes JSON never loads it

    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(data, ensure_ascii=False, indent=indent)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a follow-up email, with where it is and what to do instead."""

    code: str
    name: str
    category: Category
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None
    field: Field = "body"

    def model_dump(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """The finding as a dict, keys in the documented order (every value is plain
        JSON already: ``mode`` is accepted as pydantic's models accept it)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_json(self, *, indent: int | None = None) -> str:
        """The finding's documented JSON form (see the module docstring)."""
        return _json(self.model_dump(), indent)

    @classmethod
    def model_validate(cls, data: object) -> Finding:
        """A finding from its dict form, each value checked.

        :raises FollowupMailError: for a missing, unknown or mistyped key.
        """
        if isinstance(data, Finding):
            return data
        if not isinstance(data, dict):
            raise FollowupMailError(f"A finding must be an object, not {type(data).__name__}.")
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise FollowupMailError(f"A finding has the unknown key {unknown[0]!r}.")
        values = {"suggestion": None, "field": "body", **data}
        for name in names:
            if name not in values:
                raise FollowupMailError(f"A finding lacks the key {name!r}.")
            value = values[name]
            if name in ("start", "end"):
                ok = isinstance(value, int) and not isinstance(value, bool)
            elif name == "suggestion":
                ok = value is None or isinstance(value, str)
            else:
                ok = isinstance(value, str) and value in _CHOICES.get(name, (value,))
            if not ok:
                raise FollowupMailError(f"A finding's {name!r} cannot be {value!r}.")
        return cls(**values)


@dataclass(frozen=True, slots=True)
class LintReport:
    """The findings for one text, sorted by position."""

    findings: tuple[Finding, ...] = ()
    word_count: int = 0

    @property
    def ok(self) -> bool:
        """True when no finding has severity ``"error"``."""
        return not any(f.severity == "error" for f in self.findings)

    def model_dump(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """The report as a dict: ``findings`` (dicts), ``word_count`` and ``ok`` (``mode``
        as for :meth:`Finding.model_dump`)."""
        return {
            "findings": [f.model_dump() for f in self.findings],
            "word_count": self.word_count,
            "ok": self.ok,
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """Return the documented JSON form (see the module docstring)."""
        return _json(self.model_dump(), indent)

    model_dump_json = to_json

    @classmethod
    def model_validate(cls, data: object) -> LintReport:
        """A report from its dict form (``ok``, when given, must agree with the findings).

        :raises FollowupMailError: for a missing, unknown or mistyped key.
        """
        if isinstance(data, LintReport):
            return data
        if not isinstance(data, dict):
            raise FollowupMailError(f"A lint report must be an object, not {type(data).__name__}.")
        unknown = sorted(set(data) - {"findings", "word_count", "ok"})
        if unknown:
            raise FollowupMailError(f"A lint report has the unknown key {unknown[0]!r}.")
        findings, count = data.get("findings", ()), data.get("word_count", 0)
        if not isinstance(findings, list | tuple):
            raise FollowupMailError("A lint report's 'findings' must be a list.")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise FollowupMailError(f"A lint report's 'word_count' cannot be {count!r}.")
        report = cls(tuple(Finding.model_validate(f) for f in findings), count)
        if "ok" in data and data["ok"] is not report.ok:
            raise FollowupMailError(f"A lint report's 'ok' cannot be {data['ok']!r}.")
        return report

    @classmethod
    def from_json(cls, text: str | bytes) -> LintReport:
        """Read the documented JSON form back (what :meth:`to_json` wrote)."""
        import json

        try:
            data = json.loads(text)
        except ValueError as exc:
            raise FollowupMailError(f"A lint report is not valid JSON: {exc}.") from None
        return cls.model_validate(data)

    model_validate_json = from_json

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """How a pydantic model holds a report: validated by :meth:`model_validate`,
        serialised in the documented JSON form."""
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls.model_validate,
            serialization=core_schema.plain_serializer_function_ser_schema(cls.model_dump),
        )
