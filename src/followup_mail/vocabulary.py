"""The library's vocabulary, each word defined once: the kinds of follow-up, the lint
categories with the digit of their codes, the severities, the default tone and the draft
markers. Everything else (command-line choices, configuration checks, the rule loader,
the tests) imports these instead of spelling them again.

>>> KINDS
('thank_you', 'reminder')
>>> CATEGORY_DIGITS["pushy"], category_of_code("FM201")
(2, 'pushy')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal, get_args

__all__ = [
    "CATEGORIES",
    "CATEGORY_DIGITS",
    "DEFAULT_KIND",
    "DEFAULT_TONE",
    "DRAFT_MARKERS",
    "KINDS",
    "SEVERITIES",
    "Category",
    "Kind",
    "Severity",
    "category_of_code",
]

# The thank-you after the interview, and the one reminder: docs/rules.md, rules 1 and 8.
Kind = Literal["thank_you", "reminder"]
KINDS: Final[tuple[Kind, ...]] = get_args(Kind)
DEFAULT_KIND: Final[Kind] = "thank_you"

# In the order of their code digit: FM1xx is length, FM2xx pushy... FM9xx garbled.
Category = Literal[
    "length",
    "pushy",
    "generic",
    "tone",
    "placeholder",
    "gratitude",
    "interest",
    "personalization",
    "garbled",
]
CATEGORIES: Final[tuple[Category, ...]] = get_args(Category)
CATEGORY_DIGITS: Final[Mapping[Category, int]] = MappingProxyType(
    {category: digit for digit, category in enumerate(CATEGORIES, start=1)}
)

# Most severe first; a report is ok when no finding is an "error".
Severity = Literal["error", "warning", "info"]
SEVERITIES: Final[tuple[Severity, ...]] = get_args(Severity)

# The tone every built-in template folder offers and every draft function defaults to;
# the others are whatever a template folder holds.
DEFAULT_TONE: Final = "warm"

# Words a writer leaves in a draft to fill in later, as they are written (in capitals):
# the FM504 check flags them. "XXX" stands for any run of three or more X.
DRAFT_MARKERS: Final[tuple[str, ...]] = ("INSERT", "TODO", "TBD", "TBA", "XXX", "FIXME", "TKTK")

_CODE = re.compile(r"FM[0-9]{3}")


def category_of_code(code: str) -> Category:
    """The category a rule code belongs to, by its first digit (``FM201`` is pushy).

    :raises ValueError: (a :class:`~followup_mail.errors.LintConfigError`) when *code*
        is not ``FM`` and three digits whose first names a category.
    """
    from .errors import LintConfigError

    if _CODE.fullmatch(code) is None:
        raise LintConfigError(f"The rule code {code!r} is not FM and three digits.")
    digit = int(code[2])
    if not 1 <= digit <= len(CATEGORIES):
        raise LintConfigError(
            f"The rule code {code!r} starts with {digit}, which is no category's digit "
            f"(1 to {len(CATEGORIES)})."
        )
    return CATEGORIES[digit - 1]
