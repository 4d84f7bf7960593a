"""Interview notes: the library's input, validated with pydantic and email-validator.

Everything a draft is built from passes through :class:`InterviewNotes`. Every text
field follows the same rules (:func:`text_problem`): one line, no control, bidirectional
or invisible format character, nothing a mail program would decode as an RFC 2047 encoded
word. Lengths and dates are bounded, so hostile or careless input fails early with a
message that names the field instead of producing a broken or misleading email.

Email addresses are checked with email-validator and never with a DNS lookup, so
validation works offline. Addresses are stored in their ASCII form (an internationalised
domain becomes its IDNA ``xn--`` form), which is what goes into headers. A non-ASCII
local part (before the ``@``) is refused unless the caller validates with
``context={"allow_smtputf8": True}``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache, lru_cache
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
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from .errors import NotesError

__all__ = [
    "Candidate",
    "InterviewNotes",
    "Interviewer",
    "Material",
    "aware_datetime",
    "iana_zones",
    "load_notes",
    "parse_notes",
]

# Bidirectional controls can make a name display as something else in a mail client
# ("Trojan Source"); no legitimate name needs them.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# The two format characters that real text needs: ZWJ builds emoji sequences and Indic
# conjuncts, ZWNJ separates letters in Persian and Indic words. Every other format
# character (soft hyphen, zero-width space, word joiner, BOM, tags...) only hides text.
_JOINERS = frozenset("\u200c\u200d")

# Limits on dates: the Unix epoch (no follow-up to an older interview makes sense, and
# timestamps before it fail on some platforms) to 2199, which leaves thousands of years
# of headroom before datetime's year 9999 for every delay the timing rules add.
MIN_YEAR = 1970
MAX_YEAR = 2199


def text_problem(value: str) -> str | None:
    """Why *value* may not reach a mail header or body, as a clause; ``None`` when it may.

    The same rules hold for every text field: no control character (CR, LF, NUL...), no
    line or paragraph separator, no bidirectional control, no invisible format character
    (ZWJ and ZWNJ only between two non-ASCII characters), no lone surrogate, and nothing
    that reads as an RFC 2047 encoded word (``=?`` followed by ``?=``), which mail
    programs decode into arbitrary text (commas, addresses, line breaks).
    """
    # Fast path: a printable string has no character of categories Cc, Cf, Cs, Zl or Zp.
    if value.isprintable():
        return _ENCODED_WORD if _has_encoded_word(value) else None
    for index, ch in enumerate(value):
        if not ch.isprintable():
            problem = _character_problem(value, index, ch)
            if problem is not None:
                return problem
    return _ENCODED_WORD if _has_encoded_word(value) else None


_ENCODED_WORD = (
    "must not contain '=?' followed by '?=': mail programs read that as an RFC 2047 "
    "encoded word and decode it into other text"
)


def _has_encoded_word(value: str) -> bool:
    # The stdlib's parser (and RFC 2047) needs both delimiters, the closing one at least
    # two characters after the opening one.
    start = value.find("=?")
    return start >= 0 and value.find("?=", start + 2) >= 0


def _character_problem(value: str, index: int, ch: str) -> str | None:
    code = f"U+{ord(ch):04X}"
    if ch in _BIDI_CONTROLS:
        return f"must not contain the bidirectional control character {code}"
    category = unicodedata.category(ch)
    if category == "Cc":
        return f"must be a single line without control characters (found {code})"
    if category in ("Zl", "Zp"):
        return f"must be a single line without line or paragraph separators (found {code})"
    if category == "Cs":
        return f"must not contain the lone surrogate {code}, which is not a character"
    if category == "Cf":
        if ch in _JOINERS and _joins(value, index):
            return None
        if ch in _JOINERS:
            return (
                f"must not contain the joiner {code} except between two non-ASCII "
                "characters (as in an emoji sequence or a Persian word)"
            )
        return f"must not contain the invisible format character {code}"
    # Spaces other than U+0020, private-use and unassigned code points (a newer Unicode
    # version's emoji) are visible or harmless, and encode in UTF-8 like any letter.
    return None


_NOT_JOINED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def _joins(value: str, index: int) -> bool:
    """True when the joiner at *index* sits between two non-ASCII characters that are not
    themselves controls, format characters, separators or surrogates (the schema's pattern
    says the same)."""
    if index == 0 or index == len(value) - 1:
        return False
    before, after = value[index - 1], value[index + 1]
    return not (before.isascii() or after.isascii()) and not {
        unicodedata.category(before), unicodedata.category(after)
    } & _NOT_JOINED


def _plain_text(value: str) -> str:
    # The fast path of text_problem, inlined: this runs for every text field of the notes.
    if value.isprintable() and "=?" not in value:
        return value
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


_PlainText = AfterValidator(_plain_text)


def _plain_name(value: str) -> str:
    """A plain text (see :func:`text_problem`) with each space followed by white space
    made one space.

    Python's mail parser reads a space followed by more white space, inside an encoded
    display name, as one space: doing it here keeps the name in the notes and the one
    read back from a header the same. Other runs (U+3000 U+3000) are kept as written.
    """
    if not value.isprintable() or "=?" in value:
        value = _plain_text(value)
    # Once controls are refused, the only ASCII white space is the space itself.
    if value.isascii() and "  " not in value:
        return value
    return _space_run().sub(" ", value)


@cache
def _space_run() -> re.Pattern[str]:
    return re.compile(r" \s+")


# --- the JSON Schema, as strict as JSON Schema can say ---------------------------------


@cache
def _forbidden_class() -> str:
    """The characters :func:`text_problem` refuses wherever they are, as a regex class body.

    Controls, line and paragraph separators and format characters (bidirectional controls
    included) of the Basic Multilingual Plane, written as ``\\uXXXX`` ranges so that the
    pattern means the same in ECMA-262 (JSON Schema's dialect) and in Python's ``re``.
    Format characters beyond it (tags, musical symbols) are checked by the model only.
    """
    bad = [
        code
        for code in range(0x10000)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp")
        and chr(code) not in _JOINERS
    ]
    ranges: list[tuple[int, int]] = []
    for code in bad:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(
        rf"\u{low:04x}" if low == high else rf"\u{low:04x}-\u{high:04x}" for low, high in ranges
    )


@cache
def text_pattern(*, non_blank: bool = True, spaces: bool = True) -> str:
    """The JSON Schema ``pattern`` of a text field: what :func:`text_problem` checks.

    No forbidden character, ZWJ and ZWNJ only between two non-ASCII characters, no
    ``=?`` followed by ``?=``; *non_blank*: something besides white space; without
    *spaces*, no white space at all (a URL).
    """
    bad = _forbidden_class()
    joiner = r"\u200c\u200d"
    space = "" if spaces else r"\s"
    plain = f"[^{bad}{joiner}{space}]"
    neighbour = rf"[^\x00-\x7f{bad}{joiner}]"
    blank = r"(?=[\s\S]*\S)" if non_blank else ""
    encoded_word = r"(?![\s\S]*=\?[\s\S]*\?=)"
    # The end as "no character follows": Python's $ also matches before a final newline.
    end = r"(?![\s\S])"
    return f"^{encoded_word}{blank}(?:{plain}|(?<={neighbour})[{joiner}](?={neighbour}))*{end}"


class _Pattern:
    """Adds :func:`text_pattern` to a text field's JSON Schema (built on first use)."""

    def __init__(self, *, spaces: bool = True, email: bool = False) -> None:
        self.spaces = spaces
        self.email = email

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        result: dict[str, Any] = handler(schema)
        result["pattern"] = text_pattern(spaces=self.spaces)
        if self.email:
            result["format"] = "email"
        return result

    def __hash__(self) -> int:
        return hash((self.spaces, self.email))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Pattern) and (self.spaces, self.email) == (
            other.spaces,
            other.email,
        )


# Years MIN_YEAR to MAX_YEAR, as a regex: 1970-1999 and 2000-2199.
_YEARS = r"(?:19[7-9][0-9]|2[01][0-9][0-9])"
_DATE_PATTERN = f"^{_YEARS}-[0-9]{{2}}-[0-9]{{2}}$"
# A date and time with an offset: the model refuses one without.
_DATETIME_PATTERN = (
    f"^{_YEARS}-[0-9]{{2}}-[0-9]{{2}}[Tt ][0-9]{{2}}:[0-9]{{2}}"
    r"(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)$"
)


def _zone_schema(schema: dict[str, Any]) -> None:
    # A callable: the zone list is read when a schema is asked for, not on import.
    schema["anyOf"] = [{"type": "string", "enum": sorted(iana_zones())}, {"type": "null"}]


@cache
def iana_zones() -> frozenset[str]:
    """The IANA time zone names the notes accept (``zoneinfo.available_timezones()``)."""
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


# Limits: generous for real notes, small enough that nothing downstream can be made slow.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_plain_name),
    _Pattern(),
]
Phrase = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    _PlainText,
    _Pattern(),
]
Label = Phrase
Phones = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
    _PlainText,
    _Pattern(),
]
Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, pattern=r"^\S+$"),
    _PlainText,
    _Pattern(spaces=False),
]
Email = Annotated[str, _Pattern(email=True)]
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
    # email-validator accepts '=?' and '?=' in a local part (both are atext), which would
    # then be decoded in the To header; its own checks refuse every other unsafe character.
    problem = text_problem(value)
    if problem is not None:
        return False, problem
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
    email: Email
    phone: Phones | None = None

    _email = field_validator("email")(_check_email)

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


class Interviewer(_Model):
    """One interviewer, with what you discussed with them in particular."""

    name: Name
    email: Email | None = None
    title: Label | None = None
    greeting: Name | None = Field(
        default=None,
        description="How to address them, e.g. 'Dr. Okafor' or 'Yamada-san'. Set it for a "
        "name written family name first, a nickname, or a preferred title. Default: the "
        "first name (warm tone) or the full name (formal tone); a title in the name (Dr., "
        "Prof., Mr., Ms., Mx.) is kept with the family name, and names in Chinese, Japanese "
        "or Korean script are used in full.",
    )
    topics: Phrases = Field(
        default=[],
        description="What you discussed with this interviewer, as you would finish 'we "
        "talked about ...': 'redesigning the intake form', 'how you measure design impact'. "
        "Verb phrases, sentences and questions are reworded to fit; keep names and "
        "acronyms as written ('SLO budgets', 'Kafka consumer lag').",
    )

    _email = field_validator("email")(
        lambda value, info: None if value is None else _check_email(value, info)
    )

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


class Material(_Model):
    """A document or link you offered to send."""

    title: Label = Field(
        description="What it is, as a noun phrase: 'portfolio', 'the design doc for the "
        "Flink migration'. A bare title gets 'my' or 'the' in a sentence."
    )
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
    company: Label = Field(description="The company's name as it writes it ('Acme Inc.').")
    role: Label = Field(
        description="The job title, e.g. 'Senior Product Designer'; a trailing 'role', "
        "'position' or 'job' is dropped where the sentence already says it."
    )
    interviewed_at: AwareDatetime = Field(
        description="When the interview took place: ISO 8601 with an offset or zone.",
        json_schema_extra={"pattern": _DATETIME_PATTERN},
    )
    timezone: str | None = Field(
        default=None,
        description="IANA zone of the interview (e.g. 'America/New_York'); when given, "
        "times follow its daylight-saving changes instead of a fixed offset, and the "
        "offset of interviewed_at (unless it is UTC, Z or +00:00) must be the zone's at "
        "that time.",
        json_schema_extra=_zone_schema,
    )
    interviewers: Annotated[
        list[Interviewer],
        Field(min_length=1, max_length=20, json_schema_extra={"uniqueItems": True}),
    ]
    topics: Phrases = Field(
        default=[],
        description="Topics discussed with the whole panel, phrased like an interviewer's "
        "topics: 'the accessibility audit planned for the summer'.",
    )
    strengths: Phrases = Field(
        default=[],
        description="Your skills or experience that fit, as you would finish 'my experience "
        "...': 'migrating the billing pipeline to Flink', 'leading the WCAG 2.2 audit', "
        "'8 years in healthcare UX'. 'I led X' and 'ran X' are reworded to fit.",
    )
    materials: Annotated[list[Material], Field(max_length=10)] = []
    will_contact_you: bool = Field(default=False, description="They said they will contact you.")
    decision_expected_by: date | None = Field(
        default=None,
        description="A decision date they gave.",
        json_schema_extra={"anyOf": [{"type": "string", "format": "date",
                                      "pattern": _DATE_PATTERN}, {"type": "null"}]},
    )

    @field_validator("interviewed_at", "decision_expected_by")
    @classmethod
    def _sane_year(cls, value: date | None) -> date | None:
        # The year as written: converting first could itself overflow near year 1 or 9999.
        if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(
                f"must be between the years {MIN_YEAR} and {MAX_YEAR}, not {value.year}"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        # The same list as the schema's enum: a name the platform happens to load
        # ("posixrules", another case on a case-insensitive disk) is not a zone name.
        if value is not None and value not in iana_zones():
            raise ValueError(f"{value!r} is not a known IANA time zone")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> InterviewNotes:
        # Every problem at once, each at its own field, so a form can show them all.
        problems: list[InitErrorDetails] = []
        seen: set[str] = set()
        for index, interviewer in enumerate(self.interviewers):
            key = interviewer.name.casefold()
            if key in seen:
                problems.append(
                    _problem(
                        ("interviewers", index, "name"),
                        interviewer.name,
                        f"the name {interviewer.name!r} appears twice; names must be "
                        "unique so that drafts can be addressed by name",
                    )
                )
            seen.add(key)
        if self.timezone is not None:
            from zoneinfo import ZoneInfo

            local = self.interviewed_at.astimezone(ZoneInfo(self.timezone))
            given = self.interviewed_at.utcoffset()
            # Zero is UTC, as a tool stores a time without a local offset: converted.
            if given and given != local.utcoffset():
                problems.append(
                    _problem(
                        ("interviewed_at",),
                        self.interviewed_at.isoformat(),
                        f"has the UTC offset {_offset(self.interviewed_at)}, but "
                        f"{self.timezone} is at {_offset(local)} at that time "
                        f"({local.isoformat()}); correct the offset or the timezone",
                    )
                )
            else:
                # Frozen model: set the converted value once, during validation.
                object.__setattr__(self, "interviewed_at", local)
        if problems:
            raise ValidationError.from_exception_data(type(self).__name__, problems)
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


def _problem(loc: tuple[str | int, ...], value: object, message: str) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("value_error", "Value error, {reason}", {"reason": message}),
        loc=loc,
        input=value,
    )


def _offset(moment: datetime) -> str:
    """``-05:00``, ``+05:30``: the UTC offset as ISO 8601 writes it."""
    offset = moment.utcoffset()
    assert offset is not None  # only called on aware datetimes
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


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


def parse_notes(data: object, *, origin: str = "notes") -> InterviewNotes:
    """The one way in for notes: validate *data* into :class:`InterviewNotes`.

    *data* is an :class:`InterviewNotes` (returned as it is), a mapping in its JSON shape,
    or JSON text or bytes. Any problem raises :class:`NotesError`, whose ``errors`` lists
    every problem as ``{"field": "interviewers[0].name", "message": "..."}`` and whose
    message is one line naming *origin* and the first field.

    >>> parse_notes({"company": "Acme"}).company
    Traceback (most recent call last):
    ...
    followup_mail.errors.NotesError: notes: candidate: is required (and 3 more problems).
    """
    if isinstance(data, InterviewNotes):
        return data
    if isinstance(data, str | bytes | bytearray):
        text = bytes(data) if isinstance(data, bytearray) else data
        start = text.lstrip()[:1]
        if start not in ("{", "[", b"{", b"["):
            # A path passed by mistake would otherwise read as "not valid JSON".
            raise NotesError(
                f"{origin}: notes given as text must be a JSON object; to read a file, "
                "use load_notes(path).",
                errors=[{"field": "notes", "message": "must be a JSON object"}],
            )
        data = parse_json_notes(text, origin)
    elif not isinstance(data, Mapping):
        raise NotesError(
            f"{origin}: notes must be InterviewNotes, a mapping in its JSON shape, or JSON "
            f"text, not {type(data).__name__}.",
            errors=[{"field": "notes", "message": f"must be an object, not {type(data).__name__}"}],
        )
    return notes_from_data(data, origin)


def notes_from_data(data: object, origin: str) -> InterviewNotes:
    """Validate decoded notes, raising :class:`NotesError` that names *origin* and the field."""
    try:
        return InterviewNotes.model_validate(data)
    except ValidationError as exc:
        errors = [
            {"field": field_path(error["loc"]), "message": _message(error)}
            for error in exc.errors(include_url=False)
        ]
        first = errors[0]
        more = len(errors) - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise NotesError(
            f"{origin}: {first['field']}: {first['message']}{extra}.", errors=errors
        ) from None


def field_path(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """A pydantic location as a form names a field: ``interviewers[0].name``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "notes"


def _message(error: Any) -> str:
    """One pydantic error as a clause in the library's words."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind in _MESSAGES:
        return _MESSAGES[kind].format(**ctx)
    if kind in ("too_short", "too_long"):
        count = ctx.get("min_length" if kind == "too_short" else "max_length", 0)
        most = "at least" if kind == "too_short" else "at most"
        return f"must list {most} {count} item{'' if count == 1 else 's'}"
    return error_text(error["msg"])


_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a field of the notes (check its spelling)",
    "string_too_short": "must have at least {min_length} characters",
    "string_too_long": "must be at most {max_length} characters long",
    "string_type": "must be text",
    "string_pattern_mismatch": "must not contain white space",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list",
    "model_type": "must be an object (a table in TOML)",
    "model_attributes_type": "must be an object (a table in TOML)",
    "dict_type": "must be an object (a table in TOML)",
    "timezone_aware": "must have a UTC offset, e.g. 2026-11-24T10:00:00-05:00",
    "datetime_type": "must be an ISO 8601 date and time with a UTC offset, e.g. "
    "2026-11-24T10:00:00-05:00",
    "datetime_parsing": "must be an ISO 8601 date and time with a UTC offset, e.g. "
    "2026-11-24T10:00:00-05:00",
    "datetime_from_date_parsing": "must be an ISO 8601 date and time with a UTC offset, e.g. "
    "2026-11-24T10:00:00-05:00",
    "date_type": "must be a date such as 2026-12-01",
    "date_parsing": "must be a date such as 2026-12-01",
    "date_from_datetime_parsing": "must be a date such as 2026-12-01",
    "date_from_datetime_inexact": "must be a date such as 2026-12-01, without a time",
}


def aware_datetime(value: object, parameter: str) -> datetime:
    """*value* as an aware datetime: a ``datetime`` with a UTC offset, or ISO 8601 text
    with one (``2026-11-25T09:00:00-05:00``); anything else raises
    :class:`FollowupMailError` naming *parameter*.
    """
    from .errors import TimingError

    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise TimingError(
                f"{parameter} ({value!r}) is not an ISO 8601 date and time; write it like "
                "2026-11-25T09:00:00-05:00."
            ) from None
    if not isinstance(moment, datetime):
        raise TimingError(
            f"{parameter} must be an aware datetime or ISO 8601 text with a UTC offset, "
            f"not {type(value).__name__}."
        )
    if moment.utcoffset() is None:
        raise TimingError(
            f"{parameter} ({moment.isoformat()}) has no UTC offset; pass an aware datetime, "
            "e.g. datetime.now(notes.zone), or text like 2026-11-25T09:00:00-05:00."
        )
    return moment


def error_text(message: str) -> str:
    """A pydantic error message as a clause: no "Value error, " prefix, no final period."""
    return message.removeprefix("Value error, ").rstrip(".")
