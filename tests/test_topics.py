"""What a topic is about (lint/topics.py): the one reading of topics that the
personalization check and the drafting side share."""

from __future__ import annotations

import pytest

from followup_mail.linting._index import index
from followup_mail.linting._rules import load_words
from followup_mail.linting.topics import Topic, common_words, is_specific, topic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kafka", ("Kafka", (" kafka",), 1, (" kafka",))),
        # Stems of one or two letters must be whole words; digits count, single letters not.
        ("Go", ("Go", (" go ",), 1, ())),
        ("5", ("5", (" 5 ",), 1, ())),
        ("dbt and Flink", ("dbt and Flink", (" dbt", " flink"), 2, (" flink",))),
        ("I led the audit.", ("I led the audit.", (" led", " audit"), 2, (" audit",))),
        (
            "moving the nightly batch jobs to streaming",
            (
                "moving the nightly batch jobs to streaming",
                (" mov", " night", " batch", " job", " stream"),
                3,
                (" mov", " night", " batch", " stream"),
            ),
        ),
        ("be", None),
        ("to be or not", None),
        ("a", None),
        ("", None),
        ("  ", None),
    ],
)
def test_a_topic_reads_as_its_content_word_stems(text: str, expected: Topic | None) -> None:
    assert topic(text) == expected
    assert is_specific(text) is (expected is not None)


def test_drafting_and_the_linter_read_the_same_stop_words() -> None:
    assert index().stopwords == load_words()["stopwords"]
    assert all(not is_specific(word) for word in load_words()["stopwords"])


@pytest.mark.parametrize(
    ("text", "specific"),
    [
        ("data", False),  # the role's word alone: any email names the role
        ("Acme", False),  # the company's name alone
        ("Acme data", False),
        ("the data lake", True),  # "lake" is the topic's own word
        ("Kafka", True),
    ],
)
def test_a_topic_of_the_role_and_company_words_alone_is_not_specific(
    text: str, specific: bool
) -> None:
    assert is_specific(text, common_words("Data Engineer", "Acme")) is specific
    assert is_specific(text) is True
