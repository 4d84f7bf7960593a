"""Time followup_mail's linter against proselint 0.16 on the labelled corpus.

Run from the repository root::

    PYTHONPATH=src python bench/lint_vs_proselint.py

Both linters see the same emails (bodies; ours also gets the subject, notes and kind, so
it does strictly more work). Times are the best of several rounds, in microseconds per
email. proselint is optional (``pip install proselint==0.16.0``): without it only our
timing is printed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "corpus")]

from corpus import load  # noqa: E402

from followup_mail.lint import lint  # noqa: E402


def best_of(rounds: int, repeat: int, work: Callable[[], None], n: int) -> float:
    """Best time per email, in microseconds, over ``rounds`` rounds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            work()
        best = min(best, (time.perf_counter() - start) / (repeat * n))
    return best * 1e6


def main() -> None:
    emails = load()
    n = len(emails)

    def ours() -> None:
        for e in emails:
            lint(e.text, kind=e.kind, notes=e.notes, subject=e.subject,  # type: ignore[arg-type]
                 interviewer=e.interviewer)

    ours()  # compile the rules once, outside the timing
    our_us = best_of(7, 20, ours, n)
    words = sum(len(e.text.split()) for e in emails) / n
    print(f"corpus: {n} emails, {words:.0f} words on average")
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        print(f"followup_mail.lint: {our_us:.1f} us/email")
        print("proselint is not installed (pip install proselint==0.16.0): no comparison.")
        return
    CheckRegistry().register_many(__register__)

    def theirs() -> None:
        for e in emails:
            LintFile("<email>", e.text).lint(DEFAULT)

    theirs()
    their_us = best_of(3, 1, theirs, n)
    print()
    print("| linter | us/email | relative |")
    print("|---|---:|---:|")
    print(f"| followup_mail.lint | {our_us:.1f} | 1x |")
    print(f"| proselint 0.16 | {their_us:.0f} | {their_us / our_us:.0f}x slower |")


if __name__ == "__main__":
    main()
