"""The default limits of a :class:`~followup_mail.linting.LintConfig`, without pydantic.

Linting with ``config=None`` reads them here, so the lint path never imports pydantic;
``LintConfig``'s fields take their defaults from the same table.
"""

from __future__ import annotations

__all__ = ["DEFAULTS"]

# At most 200 words for a thank-you and 120 for a reminder, at least 20; subjects up to
# 60 characters; sentences up to 35 words.
DEFAULTS: dict[str, int] = {
    "max_words_thank_you": 200,
    "max_words_reminder": 120,
    "min_words": 20,
    "max_subject_chars": 60,
    "max_sentence_words": 35,
}
