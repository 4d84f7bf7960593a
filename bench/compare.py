"""This checkout against an earlier commit, side by side in one run.

    python bench/compare.py REV [--what draft|lint] [--rounds 15] [--number 200]

Checks REV out into a temporary worktree, starts one worker process per checkout, and
asks them in turn (the order rotating each round) to draft or lint the example notes
``--number`` times, each reporting the CPU time of its own thread. Interleaving means a
busy machine slows both sides alike; the ratio of the medians is the figure to quote.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    root = Path(sys.argv[1])
    sys.path.insert(0, str(root / "src"))
    from followup_mail import draft_thank_you, lint
    notes = json.loads((root / "examples" / "notes.json").read_text(encoding="utf-8"))
    text = draft_thank_you(notes).body
    if sys.argv[2] == "draft":
        def job():
            draft_thank_you(notes)
    else:
        def job():
            lint(text, kind="thank_you")
    job()
    for line in sys.stdin:
        n = int(line)
        start = time.thread_time()
        for _ in range(n):
            job()
        print((time.thread_time() - start) / n * 1e6, flush=True)
    """
)


def measure(roots: list[Path], what: str, rounds: int, number: int) -> list[list[float]]:
    """Per root, the CPU microseconds per call of each round."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(root), what],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=root,
        )
        for root in roots
    ]
    times: list[list[float]] = [[] for _ in roots]
    try:
        for i in range(rounds):
            order = list(range(len(roots)))
            order = order[i % len(order) :] + order[: i % len(order)]
            for j in order:
                stdin, stdout = procs[j].stdin, procs[j].stdout
                assert stdin is not None
                assert stdout is not None
                stdin.write(f"{number}\n")
                stdin.flush()
                times[j].append(float(stdout.readline()))
    finally:
        for proc in procs:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the earlier commit (any git revision)")
    parser.add_argument("--what", choices=("draft", "lint"), default="draft")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--number", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="followup-compare-") as tmp:
        before = Path(tmp) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(before), args.rev],
            cwd=ROOT, check=True,
        )
        try:
            times = measure([before, ROOT], args.what, args.rounds, args.number)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False
            )
    (old, new) = times
    print(f"{args.what}, {args.rounds} rounds of {args.number} calls, CPU time per call:")
    print(f"  {args.rev}: median {statistics.median(old):.1f} us, min {min(old):.1f} us")
    print(f"  this checkout: median {statistics.median(new):.1f} us, min {min(new):.1f} us")
    median = statistics.median(new) / statistics.median(old)
    print(f"  ratio (this / {args.rev}): median {median:.3f}, min {min(new) / min(old):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
