"""Mutation testing per module: which wrong programs does the test suite still pass?

Run from anywhere (``mutmut`` comes with the ``dev`` extra)::

    python bench/mutation.py                      # the default modules
    python bench/mutation.py policy.py linting/config.py
    python bench/mutation.py models.py --hand-only --show-diffs

For each module (a path under ``src/followup_mail``) it runs mutmut 3 and then the
hand-made mutations of ``bench/mutation-hand.toml`` (what mutmut does not mutate: class
attributes, ``Field`` limits, module constants). Both work on a copy of the checkout in a
temporary folder, so the checkout stays as it is. Each module is judged by its own tests
(the ``[tests]`` table of ``bench/mutation-hand.toml``; ``--all-tests`` for the whole
suite). Surviving mutants listed in ``bench/mutation-equivalent.toml`` (equivalent: no
test could tell them from the real code) are left out of the score.

It prints killed / non-equivalent mutants and the score per module, then every survivor.
``--fail-under 95`` makes it exit with status 1 when a module scores lower.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "src/followup_mail"
HAND_FILE = ROOT / "bench" / "mutation-hand.toml"
EQUIVALENT_FILE = ROOT / "bench" / "mutation-equivalent.toml"
DEFAULT_MODULES = (
    "policy.py", "message.py", "models.py", "linting/config.py", "linting/_engine.py",
)

# mutmut's verdicts that mean "a test failed" (a timeout is a mutant stuck in a loop).
KILLED = frozenset({"killed", "timeout", "caught by type check", "segfault"})
# Every run is reproducible: hypothesis draws the same examples for the same code.
PYTEST_ARGS = ["-p", "no:cacheprovider", "--hypothesis-seed=0"]


class ConfigError(Exception):
    """A data file or the command line asks for something that cannot be done."""


@dataclass(frozen=True)
class HandMutation:
    module: str
    old: str
    new: str
    why: str
    tests: tuple[str, ...]


@dataclass(frozen=True)
class Equivalent:
    module: str
    function: str
    removed: str
    added: str
    reason: str


@dataclass(frozen=True)
class Survivor:
    name: str
    status: str
    diff: str = ""


@dataclass
class Score:
    module: str
    mutmut_killed: int = 0
    mutmut_total: int = 0
    equivalent: int = 0
    hand_killed: int = 0
    hand_total: int = 0
    survivors: list[Survivor] = field(default_factory=list)

    @property
    def killed(self) -> int:
        return self.mutmut_killed + self.hand_killed

    @property
    def total(self) -> int:
        """Every mutant that is not equivalent."""
        return self.mutmut_total - self.equivalent + self.hand_total

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 100.0


# --- data files ------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.relative_to(ROOT)}: cannot read it ({exc}).") from None


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: {key!r} must be a non-empty string.")
    return value


def load_tests() -> dict[str, tuple[str, ...]]:
    """Module -> the test files that judge it (the ``[tests]`` table)."""
    table = _read_toml(HAND_FILE).get("tests", {})
    out: dict[str, tuple[str, ...]] = {}
    for module, tests in table.items():
        if not isinstance(tests, list) or not all(isinstance(t, str) for t in tests) or not tests:
            raise ConfigError(f"{HAND_FILE.name} [tests] {module!r}: must be a list of paths.")
        out[module] = tuple(tests)
    return out


def load_hand(tests: dict[str, tuple[str, ...]]) -> list[HandMutation]:
    out = []
    for index, entry in enumerate(_read_toml(HAND_FILE).get("mutation", [])):
        where = f"{HAND_FILE.name} mutation {index + 1}"
        module = _text(entry, "module", where)
        own = entry.get("tests")
        out.append(
            HandMutation(
                module=module,
                old=_text(entry, "old", where),
                new=entry.get("new", ""),  # empty: the mutation deletes the text
                why=_text(entry, "why", where),
                tests=tuple(own) if own else tests.get(module, ("tests",)),
            )
        )
        if not isinstance(out[-1].new, str) or out[-1].new == out[-1].old:
            raise ConfigError(f"{where}: 'new' must be a string other than 'old'.")
    return out


def load_equivalents() -> list[Equivalent]:
    out = []
    for index, entry in enumerate(_read_toml(EQUIVALENT_FILE).get("equivalent", [])):
        where = f"{EQUIVALENT_FILE.name} equivalent {index + 1}"
        out.append(
            Equivalent(
                module=_text(entry, "module", where),
                function=_text(entry, "function", where),
                removed=_text(entry, "removed", where),
                added=_text(entry, "added", where),
                reason=_text(entry, "reason", where),
            )
        )
    return out


# --- a copy of the checkout ------------------------------------------------------------


def snapshot(target: Path) -> None:
    """Copy the working tree's files (tracked and new, not ignored) to *target*."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.is_symlink() and not source.exists():
            continue  # deleted in the working tree, not yet in the index
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination, follow_symlinks=False)


def _mutmut_table(config: dict[str, Any]) -> str:
    lines = ["[tool.mutmut]"]
    for key, value in config.items():
        if isinstance(value, list):
            items = ", ".join(_toml_string(str(v)) for v in value)
            lines.append(f"{key} = [{items}]")
        elif isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, int | float):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f"{key} = {_toml_string(str(value))}")
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def configure_mutmut(copy: Path, module: str, tests: tuple[str, ...]) -> None:
    """Point the copy's ``[tool.mutmut]`` at one module and the tests that judge it."""
    path = copy / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    config = dict(tomllib.loads(text).get("tool", {}).get("mutmut", {}))
    if not config:
        raise ConfigError("pyproject.toml has no [tool.mutmut] table.")
    config["only_mutate"] = [f"{PACKAGE}/{module}"]
    config["pytest_add_cli_args_test_selection"] = list(tests)
    config["pytest_add_cli_args"] = list(config.get("pytest_add_cli_args", [])) + [
        arg for arg in PYTEST_ARGS if arg not in config.get("pytest_add_cli_args", [])
    ]
    # The table runs from its header to the next header (or the end of the file).
    table = re.compile(r"^\[tool\.mutmut\]\n(?:(?!\[).*\n|\n)*", re.M)
    replaced, count = table.subn(lambda _: _mutmut_table(config) + "\n", text)
    if count != 1:
        raise ConfigError("pyproject.toml: cannot find the [tool.mutmut] table to adjust.")
    if tomllib.loads(replaced)["tool"]["mutmut"] != config:
        raise ConfigError("pyproject.toml: the adjusted [tool.mutmut] table reads back wrong.")
    path.write_text(replaced, encoding="utf-8")


# --- mutmut ----------------------------------------------------------------------------


def _mutmut() -> str:
    beside = Path(sys.executable).with_name("mutmut")
    found = str(beside) if beside.exists() else shutil.which("mutmut")
    if found is None:
        raise ConfigError("mutmut is not installed; pip install -e '.[dev]'.")
    return found


def _diff(copy: Path, name: str) -> str:
    shown = subprocess.run(
        [_mutmut(), "show", name], cwd=copy, capture_output=True, text=True, check=True
    ).stdout
    return "\n".join(
        line for line in shown.splitlines()
        if line[:1] in "-+" and not line.startswith(("---", "+++"))
    )


def function_of(name: str) -> str:
    """``followup_mail.policy.xǁAdviceǁ_check__mutmut_3`` -> ``Advice._check``."""
    local = name.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1]
    if local.startswith("xǁ"):
        return ".".join(part for part in local[2:].split("ǁ") if part)
    return local.removeprefix("x_")


def run_mutmut(
    copy: Path, module: str, tests: tuple[str, ...], children: int, log: Path
) -> dict[str, str]:
    """Every mutant of *module* with mutmut's verdict."""
    configure_mutmut(copy, module, tests)
    shutil.rmtree(copy / "mutants", ignore_errors=True)
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [_mutmut(), "run", "--max-children", str(children)],
            cwd=copy, stdout=out, stderr=subprocess.STDOUT, check=False,
        )
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise ConfigError(f"mutmut failed on {module} (exit {done.returncode}):\n{tail}")
    listed = subprocess.run(
        [_mutmut(), "results", "--all", "true"],
        cwd=copy, capture_output=True, text=True, check=True,
    ).stdout
    verdicts = {}
    for line in listed.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            verdicts[name] = status
    return verdicts


def score_mutmut(
    copy: Path, score: Score, verdicts: dict[str, str], equivalents: list[Equivalent],
    used: set[Equivalent],
) -> None:
    score.mutmut_total = len(verdicts)
    for name, status in sorted(verdicts.items()):
        if status in KILLED:
            score.mutmut_killed += 1
            continue
        diff = _diff(copy, name)
        removed = "\n".join(line[1:].strip() for line in diff.splitlines() if line[0] == "-")
        added = "\n".join(line[1:].strip() for line in diff.splitlines() if line[0] == "+")
        match = next(
            (e for e in equivalents
             if (e.module, e.function, e.removed, e.added)
             == (score.module, function_of(name), removed, added)),
            None,
        )
        if match is not None and status == "survived":
            score.equivalent += 1
            used.add(match)
        else:
            score.survivors.append(Survivor(name, status, diff))


# --- hand-made mutations ---------------------------------------------------------------


def mutated(text: str, mutation: HandMutation) -> str:
    """*text* with the mutation applied; its ``old`` text must occur exactly once."""
    found = text.count(mutation.old)
    if found != 1:
        raise ConfigError(
            f"{HAND_FILE.name}: {mutation.module} holds {mutation.old!r} {found} times, "
            "not once; update the mutation to the code."
        )
    return text.replace(mutation.old, mutation.new)


def run_hand(copy: Path, work: Path, index: int, mutation: HandMutation) -> bool:
    """Apply *mutation* to a fresh copy of the package; True when a test fails."""
    fresh = work / f"hand-{index}"
    # The package finds its built-in templates beside src/, as in any checkout.
    shutil.copytree(copy / "src", fresh / "src", symlinks=False)
    shutil.copytree(copy / "templates", fresh / "templates", symlinks=False)
    target = fresh / PACKAGE / mutation.module
    target.write_text(mutated(target.read_text(encoding="utf-8"), mutation), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(fresh / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", *PYTEST_ARGS, *mutation.tests],
        cwd=copy, env=env, capture_output=True, text=True, check=False,
    )
    shutil.rmtree(fresh, ignore_errors=True)
    if done.returncode in (4, 5):  # pytest's "usage error" and "no tests collected"
        raise ConfigError(f"pytest could not run {mutation.tests}:\n{done.stdout[-2000:]}")
    return done.returncode != 0


def check_isolation(copy: Path, work: Path) -> None:
    """The hand-made runs import the package from their own copy, not the checkout."""
    fresh = work / "isolation"
    shutil.copytree(copy / "src", fresh / "src", symlinks=False)
    env = {**os.environ, "PYTHONPATH": str(fresh / "src")}
    where = subprocess.run(
        [sys.executable, "-c", "import followup_mail; print(followup_mail.__file__)"],
        cwd=copy, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    shutil.rmtree(fresh)
    if not where.startswith(str(fresh)):
        raise ConfigError(f"the mutated copy is not the package imported ({where}).")


# --- report ----------------------------------------------------------------------------

_START = time.monotonic()


def _progress(what: str) -> None:
    print(f"[{time.monotonic() - _START:6.0f} s] {what}", file=sys.stderr, flush=True)



def report(scores: list[Score], show_diffs: bool) -> None:
    head = (f"{'module':<18}{'mutmut':>14}{'equivalent':>12}{'hand-made':>11}"
            f"{'killed':>12}{'score':>9}")
    print(head)
    print("-" * len(head))
    for s in scores:
        mutmut = f"{s.mutmut_killed}/{s.mutmut_total - s.equivalent}"
        hand = f"{s.hand_killed}/{s.hand_total}"
        print(f"{s.module:<18}{mutmut:>14}{s.equivalent:>12}{hand:>11}"
              f"{f'{s.killed}/{s.total}':>12}{s.percent:>8.1f}%")
    for s in scores:
        if s.survivors:
            print(f"\nsurvivors in {s.module}:")
        for survivor in s.survivors:
            print(f"  {survivor.name}: {survivor.status}")
            if show_diffs and survivor.diff:
                print("    " + survivor.diff.replace("\n", "\n    "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("modules", nargs="*", default=list(DEFAULT_MODULES),
                        help="paths under src/followup_mail (default: %(default)s)")
    parser.add_argument("--all-tests", action="store_true",
                        help="judge every module by the whole suite, not its own tests")
    parser.add_argument("--mutmut-only", action="store_true", help="skip the hand-made ones")
    parser.add_argument("--hand-only", action="store_true", help="skip mutmut")
    parser.add_argument("--jobs", type=int, default=2, help="processes at once (default 2)")
    parser.add_argument("--show-diffs", action="store_true", help="print each survivor's diff")
    parser.add_argument("--fail-under", type=float, default=None, metavar="PERCENT",
                        help="exit 1 when a module's score is lower")
    parser.add_argument("--keep", action="store_true",
                        help="keep the copy (and mutmut's results) and print where it is")
    args = parser.parse_args(argv)
    try:
        return _main(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _main(args: argparse.Namespace) -> int:
    modules = [m.removeprefix(f"{PACKAGE}/") for m in args.modules]
    for module in modules:
        if not (ROOT / PACKAGE / module).is_file():
            raise ConfigError(f"{PACKAGE}/{module} is not a file.")
    tests = load_tests()
    hand = load_hand(tests)
    equivalents = load_equivalents()
    used: set[Equivalent] = set()
    work = Path(tempfile.mkdtemp(prefix="followup-mutation-"))
    copy = work / "checkout"
    scores = []
    try:
        snapshot(copy)
        if not args.mutmut_only:
            check_isolation(copy, work)
            for h in hand:  # every stale entry now, not after an hour of mutmut
                if h.module in modules:
                    mutated((copy / PACKAGE / h.module).read_text(encoding="utf-8"), h)
        for module in modules:
            own = ("tests",) if args.all_tests else tests.get(module, ("tests",))
            score = Score(module)
            if not args.hand_only:
                log = work / f"mutmut-{module.replace('/', '-')}.log"
                _progress(f"mutmut: {module} (tests: {' '.join(own)})")
                verdicts = run_mutmut(copy, module, own, args.jobs, log)
                score_mutmut(copy, score, verdicts, equivalents, used)
            if not args.mutmut_only:
                mine = [(i, h) for i, h in enumerate(hand) if h.module == module]
                if args.all_tests:
                    mine = [(i, HandMutation(h.module, h.old, h.new, h.why, ("tests",)))
                            for i, h in mine]
                _progress(f"hand-made: {module} ({len(mine)} mutations)")
                with ThreadPoolExecutor(max_workers=args.jobs) as pool:
                    results = list(pool.map(lambda ih: run_hand(copy, work, *ih), mine))
                score.hand_total = len(mine)
                score.hand_killed = sum(results)
                for (_, h), killed in zip(mine, results, strict=True):
                    if not killed:
                        diff = f"- {h.old}\n+ {h.new}"
                        score.survivors.append(Survivor(f"hand-made: {h.why}", "survived", diff))
            scores.append(score)
            _progress(f"done: {module}")
    finally:
        if args.keep:
            print(f"kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    report(scores, args.show_diffs)
    if not args.hand_only:
        for e in equivalents:
            if e.module in modules and e not in used:
                print(f"\nstale: {EQUIVALENT_FILE.name} lists a mutant of {e.module} "
                      f"({e.function}: {e.removed!r} -> {e.added!r}) that matches no "
                      "survivor (the code changed, or a test kills it now); remove the entry.")
    if args.fail_under is not None and any(s.percent < args.fail_under for s in scores):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
