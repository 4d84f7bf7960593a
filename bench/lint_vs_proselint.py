"""Time followup_mail's linter against proselint 0.16 on the labelled corpus.

Run from the repository root::

    PYTHONPATH=src python bench/lint_vs_proselint.py

Both linters see the same emails. Ours is timed twice: with each email's subject, kind
and notes (strictly more work than proselint does), and with the text alone, as proselint
gets it. Times are the best of several alternating rounds, in microseconds per email,
including building the report. proselint is optional (``pip install proselint==0.16.0``):
without it only our timing is printed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "corpus")]

from corpus import load  # noqa: E402

from followup_mail.linting import lint  # noqa: E402

# Many short, interleaved rounds; the minimum of each linter counts (the least disturbed
# round on a noisy, shared machine). ``--rounds N`` overrides.
ROUNDS = 15
OUR_PASSES = 5  # passes over the corpus per round of ours (proselint: one)


def timed(repeat: int, work: Callable[[], None], n: int) -> float:
    """Time per email, in microseconds, of ``repeat`` passes over the corpus."""
    start = time.perf_counter()
    for _ in range(repeat):
        work()
    return (time.perf_counter() - start) / (repeat * n) * 1e6


def main() -> None:
    emails = load()
    n = len(emails)

    def ours() -> None:
        for e in emails:
            lint(e.text, kind=e.kind, notes=e.notes, subject=e.subject,  # type: ignore[arg-type]
                 interviewer=e.interviewer)

    def bodies() -> None:  # what proselint gets: the text alone
        for e in emails:
            lint(e.text)

    ours()  # compile the rules once, outside the timing
    bodies()
    words = sum(len(e.text.split()) for e in emails) / n
    print(f"corpus: {n} emails, {words:.0f} words on average")
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        our_us = min(timed(OUR_PASSES, ours, n) for _ in range(4 * ROUNDS))
        print(f"followup_mail.lint: {our_us:.1f} us/email")
        print("proselint is not installed (pip install proselint==0.16.0): no comparison.")
        return
    CheckRegistry().register_many(__register__)

    def theirs() -> None:
        for e in emails:
            LintFile("<email>", e.text).lint(DEFAULT)

    theirs()
    # Rounds alternate between the two linters (and which goes first) so that both see
    # the same machine load; several short rounds of ours sit between two of proselint's.
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else ROUNDS
    our_us = body_us = their_us = float("inf")
    for i in range(rounds):
        if i % 2:
            their_us = min(their_us, timed(1, theirs, n))
        for _ in range(2):
            our_us = min(our_us, timed(OUR_PASSES, ours, n))
            body_us = min(body_us, timed(OUR_PASSES, bodies, n))
        if not i % 2:
            their_us = min(their_us, timed(1, theirs, n))
    print()
    print("| linter | us/email | proselint is |")
    print("|---|---:|---:|")
    print(f"| followup_mail.lint, with subject, kind and notes | {our_us:.1f} "
          f"| {their_us / our_us:.0f}x slower |")
    print(f"| followup_mail.lint, the text alone (as proselint) | {body_us:.1f} "
          f"| {their_us / body_us:.0f}x slower |")
    print(f"| proselint 0.16 | {their_us:.0f} | |")
    print(f"\n(minimum of {rounds} interleaved rounds each; ours {2 * rounds} rounds of "
          f"{OUR_PASSES} passes each way; target: at least 100x)")


if __name__ == "__main__":
    main()
