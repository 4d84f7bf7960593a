"""Every word of every class does its job (issue 14: a contributor adds a word to a class).

Each row puts every entry of one class (``[classes]`` in ``linting/words.toml``) into a
sentence that holds the rest of a clause, and says which rule must then flag it, or, for
a vetoing class, which rule must then stay silent. A word that the text can never hold,
that a veto swallows, or that was dropped from a class by mistake fails its row by name.
The sentences are frames, not English: they only have to hold each class of the clause.
"""

from __future__ import annotations

import pytest

from followup_mail.linting import LintConfig, lint
from followup_mail.linting._clause import QUESTION, load_classes

# (class, frame with "{}" for the entry, the rule judged alone, whether it must flag)
_FRAMES = [
    # pushy: status and timing requests (FM208, FM209)
    ("request", "{} the status of my application", "FM208", True),
    ("status", "Could you tell me about {}?", "FM208", True),
    ("timing", "Could you tell me {} I will hear back?", "FM209", True),
    ("checking_in", "I wanted to {} on my application.", "FM208", True),
    ("candidacy", "I wanted to check in on {}.", "FM208", True),
    ("role_noun", "Any update on the Product Manager {}?", "FM208", True),
    ("my_standing", "Could you tell me {}?", "FM208", True),
    ("assess", "Did you {} my application?", "FM208", True),
    ("my_candidacy", "Did you review {}?", "FM208", True),
    ("news_noun", "Any {} yet?", "FM208", True),
    ("yet", "Have you had feedback from the panel {}?", "FM208", True),
    # the vetoes: the candidate offering, reporting, or asking about work
    ("offering", "Please let me know the status of my application {}.", "FM208", False),
    ("reported", "{} the status of my application, please.", "FM208", False),
    ("project", "Could you tell me the status of the {}?", "FM208", False),
    # pushy: chasing an earlier email (FM210)
    ("my_mail", "Did {} make it to you?", "FM210", True),
    ("arrived", "Could you check whether my email did {}?", "FM210", True),
    ("again", "Following up {} on my previous email.", "FM210", True),
    # pushy: complaining about the wait (FM211)
    ("silence", "{} for two weeks.", "FM211", True),
    ("cold_silence", "{}.", "FM211", True),
    ("anyone_there", "Is {}?", "FM211", True),
    ("still_wait", "I {} for an answer.", "FM211", True),
    ("waited_long", "I have been {}.", "FM211", True),
    ("delay", "Why the {}?", "FM211", True),
    ("why", "{} the delay?", "FM211", True),
    ("why_not", "{} I haven't been contacted?", "FM211", True),
    ("sent", "I have {} three emails.", "FM211", True),
    ("number", "I have sent {} emails.", "FM211", True),
    ("sent_mails", "I have sent three {}.", "FM211", True),
    ("hold_up", "Is something {}?", "FM211", True),
    ("resigned", "{} you went with someone else.", "FM211", True),
    ("given_up", "I guess {}.", "FM211", True),
    ("courtesy", "{} a reply.", "FM211", True),
    ("a_reply", "It is common courtesy to send {}.", "FM211", True),
    # tone: hostile (FM405)
    ("insult", "{}.", "FM405", True),
    ("letdown", "I am {} by how this was handled.", "FM405", True),
    ("handling", "I am disappointed in {}.", "FM405", True),
    ("threat", "Reply by Friday {} withdraw.", "FM405", True),
    ("walk_away", "Reply by Friday or I will {}.", "FM405", True),
    ("others", "You are {} that didn't reply.", "FM405", True),
    ("failed", "You are the only company that {} reply.", "FM405", True),
    ("not_bothered", "You {} reply.", "FM405", True),
    ("worst", "This is the {} hiring I have seen.", "FM405", True),
    ("hiring_exp", "This is the worst {} I have seen.", "FM405", True),
    ("your_hiring", "{} is a disaster.", "FM405", True),
    ("bad_words", "Your hiring process is {}.", "FM405", True),
    ("recommend", "I won't {} you to anyone.", "FM405", True),
    ("to_anyone", "I won't recommend you to {}.", "FM405", True),
    ("takes", "A reply would {} ten seconds.", "FM405", True),
    ("no_effort", "A reply would take {}.", "FM405", True),
    ("hesitate", "I wouldn't {} to recommend you to anyone.", "FM405", False),
    ("you_promised", "{} a date and should keep it.", "FM405", True),
    ("keep_word", "You promised a date and {} it.", "FM405", True),
    ("would_have_been", "It {} to get a reply.", "FM405", True),
    ("nobody", "{} had the decency to reply.", "FM405", True),
    ("regard", "You do not {} people's time.", "FM405", True),
    ("their_time", "You do not value {}.", "FM405", True),
    ("lesson", "{} respect people's time.", "FM405", True),
    ("i_subject", "{} try to respect people's time.", "FM405", False),
    ("expected", "I {} far better from you.", "FM405", True),
    ("better", "I expected far {} from you.", "FM405", True),
    ("from_you", "I expected far better {}.", "FM405", True),
    ("work_for_you", "I do not want to {}.", "FM405", True),
    # tone: pleading said twice, despair, dependants (FM401); an answer claimed as owed (FM402)
    ("plea", "{0} {0} consider my application.", "FM401", True),
    ("intensifier", "I {0}, {0} need this job.", "FM401", True),
    ("craving", "I really, really {} here.", "FM401", True),
    ("me_chosen", "I really, really hope you {}.", "FM401", True),
    ("despair", "{}.", "FM401", True),
    ("dependants", "{} is counting on it.", "FM401", True),
    ("reliance", "My family will {} it.", "FM401", True),
    ("anything", "I will {} for this.", "FM401", True),
    ("owed", "I {} an answer.", "FM402", True),
    ("owed_thing", "I deserve {}.", "FM402", True),
    # pushy: refusing to wait (FM211)
    ("forever", "I will not wait {}.", "FM211", True),
    ("wait", "I will not {} forever.", "FM211", True),
]

# interest (FM701 is silent when the email restates interest)
_INTEREST_FRAMES = [
    ("wholehearted", "Acme is {}."),
    ("honour", "It would {} to join the team."),
    ("desire", "I {} this role."),
    ("job", "I would love to {}."),
    ("keenness", "I am {} about it."),
    ("chance", "Would love {} to prove it."),
    ("fervour", "{} want the role."),
    ("count_me", "{} in for the job."),
    ("in_word", "Count me {}."),
]


# A word in no class: the frame with it must give the opposite answer, or the row would
# pass whatever the class held.
_NEUTRAL = "zebra"


def _entries(name: str) -> list[str]:
    return [str(e) for e in load_classes()[name] if e != QUESTION]


def _flags(text: str, code: str) -> bool:
    report = lint(text, kind="reminder", config=LintConfig(select=(code,)))
    return code in {f.code for f in report.findings}


def _missing_interest(text: str) -> bool:
    text = f"Hi Ana, thank you for the interview. {text} Best, Sam"
    report = lint(text, kind="thank_you", config=LintConfig(select=("FM701",)))
    return bool(report.findings)


@pytest.mark.parametrize(("name", "frame", "code", "flags"), _FRAMES)
def test_every_entry_of_a_clause_class_does_its_job(
    name: str, frame: str, code: str, flags: bool
) -> None:
    assert _flags(frame.format(_NEUTRAL), code) is not flags, "the frame decides alone"
    wrong = [e for e in _entries(name) if _flags(frame.format(e), code) is not flags]
    assert not wrong, f"{name}: {code} {'misses' if flags else 'flags'} {wrong}"


# interest vetoes: with the entry, the wish is no longer for the job
_INTEREST_VETO_FRAMES = [
    ("well_wishing", "Truly want {} team."),
    ("well_wishing", "I want {} team."),
    ("doubt", "I {} want this role."),
]


@pytest.mark.parametrize(("name", "frame"), _INTEREST_VETO_FRAMES)
def test_every_entry_of_an_interest_veto_class_vetoes(name: str, frame: str) -> None:
    assert not _missing_interest(frame.format(_NEUTRAL)), "the frame restates interest alone"
    wrong = [e for e in _entries(name) if not _missing_interest(frame.format(e))]
    assert not wrong, f"{name}: still read as interest with {wrong}"


@pytest.mark.parametrize(("name", "frame"), _INTEREST_FRAMES)
def test_every_entry_of_an_interest_class_restates_interest(name: str, frame: str) -> None:
    assert _missing_interest(frame.format(_NEUTRAL)), "the frame restates interest alone"
    wrong = [e for e in _entries(name) if _missing_interest(frame.format(e))]
    assert not wrong, f"{name}: still reported as missing interest with {wrong}"


# thanks in other words (FM601 is silent when the email thanks)
_THANKS_FRAMES = [
    ("gratitude", "Your time {}."),
    ("giving", "It was kind of you to {}."),
]


def _missing_thanks(text: str) -> bool:
    text = f"Hi Ana, {text} Best, Sam"
    report = lint(text, kind="thank_you", config=LintConfig(select=("FM601",)))
    return bool(report.findings)


@pytest.mark.parametrize(("name", "frame"), _THANKS_FRAMES)
def test_every_entry_of_a_thanks_class_thanks(name: str, frame: str) -> None:
    assert _missing_thanks(frame.format(_NEUTRAL)), "the frame thanks alone"
    wrong = [e for e in _entries(name) if _missing_thanks(frame.format(e))]
    assert not wrong, f"{name}: still reported as missing thanks with {wrong}"


def test_every_clause_class_has_a_frame() -> None:
    """A new class gets a row here; the classes other rows cover are listed by name."""
    framed = {name for name, *_ in _FRAMES} | {name for name, _ in _INTEREST_FRAMES}
    framed |= {name for name, _ in _INTEREST_VETO_FRAMES} | {name for name, _ in _THANKS_FRAMES}
    # Classes judged by the rule examples and tables of tests/test_lint.py alone.
    elsewhere = {
        "deadline", "news_event", "thanks", "telling", "received", "elapsed", "nobody",
        "reply_verb", "expectation", "heard_something", "by_now", "count", "mails",
        "you_obliged", "obligation", "treat", "people", "praise", "relief", "negation",
        "work_there", "first_person", "news_wanted", "still", "conjunction",
    }
    assert set(load_classes()) == framed | elsewhere


# Every gap ("a +N b") at its limit and one word past it. Filler words belong to no class.
_FILLER = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india")
# (rule, text with "{}" where the filler goes, the gap N, whether the rule flags at N words)
_GAPS = [
    ("FM208", "Any update on the product {} role?", 3, True),  # status +6 role_noun
    ("FM208", "Is the product role {} filled?", 3, True),  # role_noun +3 status
    ("FM208", "I wanted to check in {} my application.", 4, True),  # checking_in +4 candidacy
    ("FM208", "Did you review {} my application?", 3, True),  # assess +3 my_candidacy
    ("FM208", "Any feedback {} yet?", 5, True),  # news_noun +5 yet
    ("FM209", "Could you tell me when {} decide on the product role?", 6, True),
    ("FM210", "Following up again {} my last email.", 4, True),  # again +4 my_mail
    ("FM211", "I am still waiting {} answer.", 5, True),  # still_wait +5 heard_something
    ("FM211", "I have been waiting {} weeks.", 4, True),  # still_wait +4 elapsed
    ("FM211", "Why {} delay?", 3, True),  # why +3 delay
    ("FM211", "Is there a reason {} no reply?", 4, True),  # why_not +4 silence
    ("FM211", "I have sent {} three emails.", 2, True),  # sent +2 number
    ("FM211", "I have sent three {} emails.", 1, True),  # number +1 sent_mails
    ("FM405", "I am disappointed {} how you handled it.", 5, True),  # letdown +5 handling
    ("FM405", "Reply by Friday or I will {} withdraw.", 4, True),  # threat +4 walk_away
    ("FM405", "You are the only company {} didn't reply.", 6, True),  # others +6 failed
    ("FM405", "You are the only company that didn't {} reply.", 4, True),  # failed +4 reply_verb
    ("FM405", "You couldn't be bothered {} reply.", 3, True),  # not_bothered +3 reply_verb
    ("FM405", "This is the worst {} hiring.", 3, True),  # worst +3 hiring_exp
    ("FM405", "A reply {} would take ten seconds.", 6, True),  # a_reply +6 takes
    ("FM405", "A reply would take {} seconds.", 3, True),  # takes +3 no_effort
    ("FM405", "Your hiring {} disaster.", 5, True),  # your_hiring +5 bad_words
    ("FM405", "I won't {} recommend you to anyone.", 3, True),  # negation +3 recommend
    ("FM405", "I won't recommend {} anyone.", 4, True),  # recommend +4 to_anyone
    ("FM405", "You promised {} should keep it.", 8, True),  # you_promised +8 keep_word
    ("FM405", "It would have been nice {} reply.", 4, True),  # would_have_been +4 a_reply
    ("FM405", "A reply {} would have been nice.", 2, True),  # a_reply +2 would_have_been
    # The veto "thanks +3 telling": thanks for news already given is no request.
    ("FM208", "Thanks {} the update on the product role?", 3, False),
    ("FM208", "Thanks {} the update, is the product role filled?", 3, False),
    ("FM208", "Thanks {} the update, and I wanted to check in on my application.", 3, False),
    ("FM208", "Thanks {} the update, could you tell me where I stand?", 3, False),
    ("FM208", "Thanks {} the update, any news yet?", 3, False),
    ("FM209", "Thanks {} the update, when will you decide on the product role?", 3, False),
    # FM701 "flags" when it reports missing interest.
    ("FM701", "It would be a privilege {} join.", 2, False),  # honour +2 job
    ("FM701", "Joining {} be a dream.", 4, False),  # job +4 honour
    ("FM701", "Would love {} the chance to prove it.", 2, False),  # desire +2 chance
    ("FM701", "Acme is my first choice {} hear.", 2, True),  # veto: wholehearted +2 news_wanted
    ("FM701", "Would love the chance {} hear.", 3, True),  # veto: chance +3 news_wanted
    ("FM701", "Still {} want the role.", 1, False),  # fervour +1 desire
    ("FM701", "Still want {} role.", 4, False),  # desire +4 job
]


@pytest.mark.parametrize(("code", "frame", "gap", "at_limit"), _GAPS)
def test_a_clause_term_reaches_exactly_its_gap(
    code: str, frame: str, gap: int, at_limit: bool
) -> None:
    within, past = (frame.format(" ".join(_FILLER[:n])) for n in (gap, gap + 1))
    judge = _missing_interest if code == "FM701" else (lambda text: _flags(text, code))
    assert judge(within) is at_limit, within
    assert judge(past) is not at_limit, past
