"""Interview notes: the library's input, validated with pydantic and email-validator.

Everything a draft is built from passes through :class:`InterviewNotes`. Validation is
strict where a bad value would reach a mail header (names, company, role, addresses) and
bounded everywhere, so hostile or careless input fails early with a message that names
the field instead of producing a broken email.

Email addresses are checked with email-validator and never with a DNS lookup, so
validation works offline. Addresses are stored in their ASCII form (an internationalised
domain becomes its IDNA ``xn--`` form), which is what goes into headers. A non-ASCII
local part (before the ``@``) is refused unless the caller validates with
``context={"allow_smtputf8": True}``.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .errors import NotesError

__all__ = ["Candidate", "InterviewNotes", "Interviewer", "Material", "load_notes"]

# Bidirectional controls can make a name display as something else in a mail client
# ("Trojan Source"); no legitimate name needs them.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _single_line(value: str) -> str:
    """Refuse control characters (CR, LF, NUL, ...) and bidirectional overrides."""
    # Fast path: a printable string has no Cc character, and every bidi control is Cf,
    # which is not printable either.
    if value.isprintable():
        return value
    for ch in value:
        if ch in _BIDI_CONTROLS:
            raise ValueError(
                f"must not contain the bidirectional control character U+{ord(ch):04X}"
            )
        if unicodedata.category(ch) == "Cc":
            raise ValueError(
                f"must be a single line without control characters (found U+{ord(ch):04X})"
            )
    return value


_OneLine = AfterValidator(_single_line)

# Limits: generous for real notes, small enough that nothing downstream can be made slow.
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), _OneLine
]
Phrase = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), _OneLine
]
Label = Phrase
Phones = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, pattern=r"^\S+$"),
    AfterValidator(_single_line),
]
Phrases = Annotated[list[Phrase], Field(max_length=20)]


def _check_email(value: str, info: ValidationInfo) -> str:
    allow_smtputf8 = bool((info.context or {}).get("allow_smtputf8", False))
    ok, result = _validated_email(value, allow_smtputf8)
    if not ok:
        raise ValueError(result)
    return result


@lru_cache(maxsize=1024)
def _validated_email(value: str, allow_smtputf8: bool) -> tuple[bool, str]:
    """(True, ASCII form) or (False, message); cached: a batch repeats the same addresses."""
    try:
        checked = validate_email(value, check_deliverability=False, allow_smtputf8=allow_smtputf8)
    except EmailNotValidError as exc:
        message = f"is not a valid email address: {exc}"
        if not allow_smtputf8 and not value.rpartition("@")[0].isascii():
            message += (
                " Such an address needs a mail server with SMTPUTF8; to accept it, validate "
                "the notes with context={'allow_smtputf8': True}"
            )
        return False, message
    return True, checked.ascii_email or checked.normalized


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_max_length=20_000)


class Candidate(_Model):
    """The person who was interviewed and who sends the follow-up."""

    name: Name
    email: str
    phone: Phones | None = None

    _email = field_validator("email")(_check_email)

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


class Interviewer(_Model):
    """One interviewer, with what you discussed with them in particular."""

    name: Name
    email: str | None = None
    title: Label | None = None
    greeting: Name | None = Field(
        default=None,
        description="How to address them, e.g. 'Dr. Okafor'; default: the first name "
        "(warm tone) or the full name (formal tone).",
    )
    topics: Phrases = []

    _email = field_validator("email")(
        lambda value, info: None if value is None else _check_email(value, info)
    )

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


class Material(_Model):
    """A document or link you offered to send."""

    title: Label
    url: Url | None = None


class InterviewNotes(_Model):
    """Structured notes from one interview, the input of every draft.

    >>> notes = InterviewNotes.model_validate({
    ...     "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
    ...     "company": "Acme", "role": "Data Engineer",
    ...     "interviewed_at": "2026-11-24T10:00:00-05:00",
    ...     "interviewers": [{"name": "Ana Lima", "topics": ["the billing pipeline"]}],
    ... })
    >>> notes.interviewers[0].first_name
    'Ana'
    """

    candidate: Candidate
    company: Label
    role: Label
    interviewed_at: AwareDatetime = Field(
        description="When the interview took place: ISO 8601 with an offset or zone."
    )
    timezone: str | None = Field(
        default=None,
        description="IANA zone of the interview (e.g. 'America/New_York'); when given, "
        "times follow its daylight-saving changes instead of a fixed offset.",
    )
    interviewers: Annotated[list[Interviewer], Field(min_length=1, max_length=20)]
    topics: Phrases = Field(default=[], description="Topics discussed with the whole panel.")
    strengths: Phrases = Field(
        default=[],
        description="Your skills or experience that fit, e.g. 'migrating the billing "
        "pipeline to Flink'.",
    )
    materials: Annotated[list[Material], Field(max_length=10)] = []
    will_contact_you: bool = Field(default=False, description="They said they will contact you.")
    decision_expected_by: date | None = Field(
        default=None, description="A decision date they gave."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known IANA time zone") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> InterviewNotes:
        seen: set[str] = set()
        for interviewer in self.interviewers:
            key = interviewer.name.casefold()
            if key in seen:
                raise ValueError(
                    f"interviewers: the name {interviewer.name!r} appears twice; "
                    "names must be unique so that drafts can be addressed by name"
                )
            seen.add(key)
        if self.timezone is not None:
            from zoneinfo import ZoneInfo

            # Frozen model: set the converted value once, during validation.
            object.__setattr__(
                self, "interviewed_at", self.interviewed_at.astimezone(ZoneInfo(self.timezone))
            )
        return self

    @property
    def zone(self) -> Any:
        """The interview's tzinfo: a ``ZoneInfo`` when ``timezone`` is set, else its offset."""
        return self.interviewed_at.tzinfo

    def interviewer(self, which: str | int | None = None) -> Interviewer:
        """Return an interviewer by name (case-insensitive) or index; default the first."""
        from .errors import InterviewerNotFound

        if which is None:
            return self.interviewers[0]
        if isinstance(which, bool):
            raise TypeError("interviewer must be a name (str) or an index (int), not bool")
        if isinstance(which, int):
            if -len(self.interviewers) <= which < len(self.interviewers):
                return self.interviewers[which]
            raise InterviewerNotFound(
                f"There is no interviewer at index {which}; the notes list "
                f"{len(self.interviewers)}."
            )
        if isinstance(which, str):
            wanted = which.strip().casefold()
            for person in self.interviewers:
                if person.name.casefold() == wanted:
                    return person
            names = ", ".join(repr(p.name) for p in self.interviewers)
            raise InterviewerNotFound(
                f"There is no interviewer named {which!r}; the notes list {names}."
            )
        raise TypeError(
            f"interviewer must be a name (str) or an index (int), not {type(which).__name__}"
        )


def load_notes(source: str | PathLike[str]) -> InterviewNotes:
    """Read and validate notes from a ``.json`` or ``.toml`` file.

    The file may be at most 1 MiB and nested at most 64 levels deep, so that no file
    (``/dev/zero`` included) can exhaust memory or the parser's recursion. Any failure
    raises :class:`NotesError` naming the file (and the field, for validation errors).
    """
    from ._decode import loads_toml
    from ._files import read_file, shown

    if not isinstance(source, str | PathLike):
        raise TypeError(f"source must be a path (str or os.PathLike), not {type(source).__name__}")
    path = Path(source)
    raw = read_file(path, NotesError, "the notes file")
    data: object
    if path.suffix.lower() == ".toml":
        data = loads_toml(raw, shown(path), NotesError)
    else:
        data = parse_json_notes(raw, shown(path))
    return notes_from_data(data, shown(path))


def parse_json_notes(raw: bytes | str, origin: str) -> object:
    """Decode JSON notes at most 64 levels deep, raising :class:`NotesError` naming *origin*."""
    from ._decode import loads_json

    return loads_json(raw, origin, NotesError)


def notes_from_data(data: object, origin: str) -> InterviewNotes:
    """Validate decoded notes, raising :class:`NotesError` that names *origin* and the field."""
    try:
        return InterviewNotes.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "notes"
        more = exc.error_count() - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise NotesError(f"{origin}: {where}: {error_text(first['msg'])}{extra}.") from exc


def error_text(message: str) -> str:
    """A pydantic error message as a clause: no "Value error, " prefix, no final period."""
    return message.removeprefix("Value error, ").rstrip(".")
