"""Benchmark followup_mail against its floors, side by side in one run.

Run from the repository root::

    python bench/run.py            # full run (10,000 drafts in the batch test)
    python bench/run.py --quick    # fewer repeats and drafts

It prints a table with ratios and the machine it ran on; ``--markdown PATH`` also writes
the table there. Numbers are minimums or medians of interleaved repeats, because the
machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))

import followup_mail  # noqa: E402
from followup_mail import InterviewNotes, draft_thank_you, draft_thank_yous  # noqa: E402

NOTES_PATH = ROOT / "examples" / "notes.json"
CORPUS = ROOT / "tests" / "corpus"
_WORD = re.compile(r"\w+")


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def _corpus_texts() -> tuple[list[str], str]:
    """Email bodies from tests/corpus (``[[email]]`` tables with ``text`` in TOML files,
    JSON lists, plain text files), else the example drafts."""
    texts: list[str] = []
    if CORPUS.is_dir():
        for path in sorted(CORPUS.rglob("*")):
            if not path.is_file():
                continue
            raw = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".toml":
                import tomllib

                for item in tomllib.loads(raw).get("email", []):
                    if isinstance(item, dict) and isinstance(item.get("text"), str):
                        texts.append(item["text"])
            elif path.suffix == ".json":
                data = json.loads(raw)
                items = data if isinstance(data, list) else [data]
                for item in items:
                    if isinstance(item, str):
                        texts.append(item)
                    elif isinstance(item, dict):
                        text = item.get("text") or item.get("body")
                        if isinstance(text, str):
                            texts.append(text)
            elif path.suffix in {".txt", ".md", ".eml", ""}:
                texts.append(raw)
    if texts:
        return texts, f"tests/corpus ({len(texts)} emails)"
    notes = json.loads(NOTES_PATH.read_text(encoding="utf-8"))
    drafts = draft_thank_yous(notes) + draft_thank_yous(notes, tone="formal")
    texts = [d.body for d in drafts]
    return texts, f"tests/corpus absent: the {len(texts)} drafts of examples/notes.json"


def best_per_call(fn: Callable[[], object], number: int, repeat: int) -> float:
    """Minimum over *repeat* runs of the mean time per call, in microseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best * 1e6


def interleaved(fns: list[Callable[[], object]], number: int, repeat: int) -> list[float]:
    """Like best_per_call for several functions, alternating them so load hits all alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            for _ in range(number):
                fn()
            best[i] = min(best[i], (time.perf_counter() - start) / number)
    return [b * 1e6 for b in best]


Row = tuple[str, str, float, str, float, str]


def bench_lint(quick: bool) -> tuple[list[Row], str]:
    texts, source = _corpus_texts()
    lint = followup_mail.lint
    for text in texts:  # warm up: compile the rules
        lint(text)

    def ours() -> None:
        for text in texts:
            lint(text)

    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return [], f"lint: {source}; proselint is not installed, comparison skipped"

    # As proselint's command line does: register every built-in check (a singleton).
    registry = CheckRegistry()
    if not list(registry.get_all_enabled(DEFAULT["checks"])):
        registry.register_many(__register__)

    def theirs() -> None:
        for text in texts:
            LintFile("<bench>", text).lint(DEFAULT)

    theirs()  # warm up: import the checks
    n = len(texts)
    repeat = 3 if quick else 5
    ours_us, theirs_us = interleaved([ours, theirs], 1, repeat)
    ours_us = min(ours_us, best_per_call(ours, 20, repeat))
    row: Row = (
        "lint (µs per email)",
        "followup_mail.linting",
        ours_us / n,
        "proselint 0.16 LintFile.lint",
        theirs_us / n,
        "≥ 100x faster",
    )
    return [row], f"lint: {source}"


def bench_draft(quick: bool) -> list[Row]:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from followup_mail.drafting import _context
    from followup_mail.templating import builtin_template_dir, join_natural

    notes_dict = json.loads(NOTES_PATH.read_text(encoding="utf-8"))
    draft_thank_you(notes_dict)  # warm up: environments, templates, rules

    # The floor: what the dependencies alone cost for the same work.
    env = Environment(
        loader=FileSystemLoader(builtin_template_dir()),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["join_natural"] = join_natural
    template = env.get_template("thank_you/warm.txt.j2")
    checked = InterviewNotes.model_validate(notes_dict)
    context = _context(checked, checked.interviewers[0], 0)
    scan = re.compile(r"\b(?:just checking in|circling back|any update|decision|timeline)\b", re.I)

    def floor() -> None:
        InterviewNotes.model_validate(notes_dict)
        scan.findall(template.render(context))

    def ours() -> None:
        draft_thank_you(notes_dict)

    number, repeat = (50, 5) if quick else (200, 7)
    ours_us, floor_us = interleaved([ours, floor], number, repeat)
    live_us, frozen_us = _bench_live_templates(notes_dict, number, repeat)
    return [
        (
            "draft (µs per draft_thank_you)",
            "draft_thank_you(notes_dict)",
            ours_us,
            "validate + 1 Jinja render + 1 regex",
            floor_us,
            "≤ 2x the floor",
        ),
        (
            "custom templates (µs per draft)",
            "live: files checked per use",
            live_us,
            "compiled once, never checked",
            frozen_us,
            "≤ 1.05x",
        ),
    ]


def _bench_live_templates(
    notes_dict: dict[str, Any], number: int, repeat: int
) -> tuple[float, float]:
    """The cost of checking a custom folder's files before each use (one stat each).

    Two copies of examples/custom_templates: the first as the library runs it, the second
    with Jinja's check turned off, which is how the folder was used before it was live.
    """
    import shutil
    import tempfile

    from followup_mail.templating import _environment

    with tempfile.TemporaryDirectory() as scratch:
        live, frozen = Path(scratch) / "live", Path(scratch) / "frozen"
        for folder in (live, frozen):
            shutil.copytree(ROOT / "examples" / "custom_templates", folder)
            draft_thank_you(notes_dict, templates=folder)  # warm up: compile
        for html in (False, True):
            _environment(str(frozen.resolve()), html).auto_reload = False

        def checked() -> None:
            draft_thank_you(notes_dict, templates=live)

        def unchecked() -> None:
            draft_thank_you(notes_dict, templates=frozen)

        live_us, frozen_us = interleaved([checked, unchecked], number, repeat)
    return live_us, frozen_us


def _import_time(code: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return (time.perf_counter() - start) * 1e3


def bench_import(quick: bool) -> list[Row]:
    runs = 7 if quick else 15
    ours: list[float] = []
    deps: list[float] = []
    for _ in range(runs):
        ours.append(_import_time("import followup_mail"))
        deps.append(_import_time("import jinja2, pydantic, email_validator"))
    rows: list[Row] = [
        (
            "import (ms, median)",
            "import followup_mail",
            statistics.median(ours),
            "import jinja2, pydantic, email_validator",
            statistics.median(deps),
            "≤ 1.15x",
        )
    ]
    # The public names load on first use, so also time what a command-line user waits
    # for: a new process that imports, loads the rules and lints one email.
    text = "Just checking in to see when you will make a decision?"
    ours_cold = [_import_time(f"import followup_mail as f; f.lint({text!r})") for _ in range(runs)]
    try:
        import proselint  # noqa: F401
    except ImportError:
        return rows
    theirs_cold = [
        _import_time(
            "from proselint.checks import __register__; from proselint.config import DEFAULT; "
            "from proselint.registry import CheckRegistry; from proselint.tools import LintFile; "
            f"CheckRegistry().register_many(__register__); LintFile('-', {text!r}).lint(DEFAULT)"
        )
        for _ in range(runs)
    ]
    rows.append(
        (
            "cold start (ms, median): new process, import, lint one email",
            "followup_mail",
            statistics.median(ours_cold),
            "proselint 0.16",
            statistics.median(theirs_cold),
            "(for reference)",
        )
    )
    return rows


# --- first run: what a command-line user waits for ------------------------------------

_FIRST_EMAIL = (
    "Hi Ana,\n\nJust checking in to see when you will make a decision? I really enjoyed "
    "our conversation about moving the nightly batch jobs to streaming.\n\nBest,\nSam\n"
)


def _child_env(cache: str | None = None) -> dict[str, str]:
    """A new process as an installed package runs: bytecode written and reused (a shared
    machine may set PYTHONDONTWRITEBYTECODE, which would recompile every module of ours
    and none of proselint's), and our disk cache where ``cache`` says (default: as is)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(SRC)
    if cache is not None:
        env["FOLLOWUP_MAIL_CACHE_DIR"] = cache
    return env


def _process_cpu_ms(argv: list[str], env: dict[str, str]) -> float:
    """User + system CPU time of one process (and its children), in milliseconds."""
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # 1: findings
        raise RuntimeError(f"{argv} exited with {child.returncode}")
    return (usage.ru_utime + usage.ru_stime) * 1e3


def _first_lint_ms(env: dict[str, str]) -> tuple[float, float]:
    """In a new process: the first ``lint()`` after ``from followup_mail import lint``,
    and a second call on the same email (warm), in milliseconds."""
    code = (
        "import sys, time\nfrom followup_mail import lint\ntext = sys.stdin.read()\n"
        "start = time.perf_counter(); lint(text); first = time.perf_counter() - start\n"
        "start = time.perf_counter(); lint(text); warm = time.perf_counter() - start\n"
        "print(first * 1e3, warm * 1e3)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=_FIRST_EMAIL, env=env, capture_output=True,
        text=True, check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def bench_first_run(quick: bool) -> tuple[list[Row], str]:
    """``followup-mail lint FILE`` against ``proselint check FILE`` (whole-process CPU,
    interleaved pairs), and the first ``lint()`` of a new process."""
    import tempfile

    runs = 5 if quick else 9
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as scratch:
        email = Path(scratch) / "email.txt"
        email.write_text(_FIRST_EMAIL, encoding="utf-8")
        env = _child_env()
        ours_argv = [sys.executable, "-m", "followup_mail", "lint", str(email)]
        _process_cpu_ms(ours_argv, env)  # warm up: bytecode and the rule cache
        first = [_first_lint_ms(env) for _ in range(runs)]
        rows.append((
            "first lint() in a new process (ms, median)",
            "after from followup_mail import lint",
            statistics.median(f for f, _ in first),
            "the second lint() of that process",
            statistics.median(w for _, w in first),
            "≤ 30 ms",
        ))
        cold = [_first_lint_ms(_child_env(tempfile.mkdtemp(dir=scratch))) for _ in range(3)]
        rows.append((
            "first lint() ever (ms, median of 3): empty rule cache",
            "derives and writes the cache",
            statistics.median(f for f, _ in cold),
            "with the cache written",
            statistics.median(f for f, _ in first),
            "(for reference)",
        ))
        proselint = Path(sys.executable).parent / "proselint"
        if not proselint.is_file():
            return rows, "first run: proselint is not installed, CPU comparison skipped"
        theirs_argv = [sys.executable, str(proselint), "check", str(email)]
        _process_cpu_ms(theirs_argv, env)
        ours: list[float] = []
        theirs: list[float] = []
        for i in range(runs):  # interleaved pairs, each side first in turn
            pair = [(ours, ours_argv), (theirs, theirs_argv)]
            for times, argv in pair if i % 2 == 0 else pair[::-1]:
                times.append(_process_cpu_ms(argv, env))
        rows.append((
            "lint FILE, whole-process CPU (ms, median)",
            "followup-mail lint FILE",
            statistics.median(ours),
            "proselint check FILE (0.16)",
            statistics.median(theirs),
            "≤ 0.5x",
        ))
    return rows, f"first run: {runs} new processes each, interleaved; bytecode and rule cache warm"

def bench_draft_first_run(quick: bool) -> list[Row]:
    """``followup-mail draft NOTES`` in a new process against a process that only imports
    the three libraries a draft needs (whole-process CPU, median of interleaved pairs).

    The command runs as ``python -m followup_mail``, the console script's code without a
    launcher in front. The morphology cache (``_lexicon.py``) is built by an untimed run
    first, as a user's first draft builds it; a second row times that build, once, in an
    empty cache folder.
    """
    import tempfile

    # Bytecode as an installed wheel has it: PYTHONDONTWRITEBYTECODE would make every run
    # compile followup_mail from source while the libraries of the floor load theirs.
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    draft = [sys.executable, "-m", "followup_mail", "draft", str(NOTES_PATH)]
    floor = [sys.executable, "-c", "import jinja2, pydantic, email_validator"]
    _process_cpu_ms(draft, env)  # writes the bytecode, builds the cache if there is none
    _process_cpu_ms(floor, env)
    pairs = 5 if quick else 7
    ours: list[float] = []
    base: list[float] = []
    for _ in range(pairs):
        ours.append(_process_cpu_ms(draft, env))
        base.append(_process_cpu_ms(floor, env))
    with tempfile.TemporaryDirectory() as empty:
        building = _process_cpu_ms(draft, {**env, "FOLLOWUP_MAIL_CACHE_DIR": empty})
    return [
        (
            "first draft (ms CPU, median): new process, `draft examples/notes.json`",
            "python -m followup_mail draft",
            statistics.median(ours),
            "import jinja2, pydantic, email_validator",
            statistics.median(base),
            "≤ 1.3x",
        ),
        (
            "first draft ever (ms CPU, once): the morphology cache is built",
            "same, empty cache folder",
            building,
            "same, cache built",
            statistics.median(ours),
            "(once per lemminflect install)",
        ),
    ]


def _draft_chunk(args: tuple[dict[str, Any], int]) -> int:
    notes_dict, count = args
    for _ in range(count):
        draft_thank_you(notes_dict)
    return count


def bench_batch(quick: bool, workers: int) -> list[Row]:
    notes_dict = json.loads(NOTES_PATH.read_text(encoding="utf-8"))
    total = 1_000 if quick else 10_000
    draft_thank_you(notes_dict)
    start = time.perf_counter()
    _draft_chunk((notes_dict, total))
    serial = time.perf_counter() - start
    # Large chunks: one task per worker, so pickling costs nothing next to drafting.
    per = total // workers
    chunks = [(notes_dict, per + (1 if i < total % workers else 0)) for i in range(workers)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = sum(pool.map(_draft_chunk, chunks, chunksize=1))
    parallel = time.perf_counter() - start
    assert done == total
    return [
        (
            f"batch (s for {total:,} drafts)",
            f"ProcessPoolExecutor, {workers} workers",
            parallel,
            "serial",
            serial,
            f"scales with cores (ideal {workers}x)",
        )
    ]


def table(rows: list[Row]) -> str:
    lines = [
        "| Benchmark | followup_mail | Baseline | Ours | Baseline | Ratio | Target |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for name, ours_label, ours, base_label, base, target in rows:
        faster = ours <= base
        ratio = f"{base / ours:.1f}x faster" if faster else f"{ours / base:.2f}x the baseline"
        lines.append(
            f"| {name} | {ours_label} | {base_label} | {ours:,.1f} | {base:,.1f} | {ratio} "
            f"| {target} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and drafts")
    parser.add_argument("--workers", type=int, default=2, help="processes for the batch test")
    parser.add_argument(
        "--only", choices=["lint", "draft", "draft-first-run", "import", "first-run", "batch"],
        action="append",
        help="run only these benchmarks (repeatable)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    only = set(args.only or ["lint", "draft", "draft-first-run", "import", "first-run", "batch"])

    rows: list[Row] = []
    notes: list[str] = []
    if "lint" in only:
        lint_rows, note = bench_lint(args.quick)
        rows += lint_rows
        notes.append(note)
    if "draft" in only:
        rows += bench_draft(args.quick)
    if "draft-first-run" in only:
        rows += bench_draft_first_run(args.quick)
    if "import" in only:
        rows += bench_import(args.quick)
    if "first-run" in only:
        first_rows, note = bench_first_run(args.quick)
        rows += first_rows
        notes.append(note)
    if "batch" in only:
        rows += bench_batch(args.quick, args.workers)

    info = machine()
    command = "python bench/run.py" + (" --quick" if args.quick else "")
    out = [
        table(rows),
        "",
        *(f"- {n}" for n in notes),
        f"- machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"{info['platform']}",
        f"- command: `{command}` (followup_mail {followup_mail.__version__})",
    ]
    text = "\n".join(out)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
