"""Custom templates against an attacker: confined to their folder, escaped by output, bounded.

One test per finding of the template probes (a symbolic link reading any file, the
sandbox's bounds bypassed, an included text template printing unescaped HTML), then every
render limit pinned at its edge, then the hostile-template suite: each hostile template
renders in a child process with a memory cap and a time limit, and must end in a
:class:`TemplateSecurityError` naming the limit, quickly, never in a ``MemoryError`` or a
timeout.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import re
import resource
import shutil
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import followup_mail._sandbox as _sandbox
from followup_mail import (
    TemplateError,
    TemplateSecurityError,
    draft_thank_you,
    draft_thank_yous,
)
from followup_mail.templating import (
    MAX_CALL_DEPTH,
    MAX_CALLS,
    MAX_INT_BITS,
    MAX_LOOP_ITERATIONS,
    MAX_NESTING,
    MAX_OUTPUT,
    MAX_RANGE,
    MAX_TEMPLATE_BYTES,
    MAX_WIDTH,
    MAX_WORK,
    builtin_template_dir,
    render,
)

NOTES_FILE = Path(__file__).resolve().parents[1] / "examples" / "notes.json"
BODY = "thank_you/warm.txt.j2"
SECRET = "API_KEY=sk-live-do-not-leak"
MIB = 1_048_576
MEMORY_CAP = 512 * MIB  # on top of what the test process already maps
TIME_LIMIT = 10.0  # seconds before a child is killed and the case fails as a timeout
QUICK = 3.0  # seconds within which a refused template must have failed

linux_only = pytest.mark.skipif(
    sys.platform != "linux", reason="uses fork, RLIMIT_AS and /proc, as on the CI runners"
)


@pytest.fixture
def notes() -> dict[str, object]:
    data: dict[str, object] = json.loads(NOTES_FILE.read_text(encoding="utf-8"))
    return data


def folder(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def rendered(tmp_path: Path, source: str, **context: object) -> str:
    """*source* rendered as a custom template (a fresh folder, so a fresh environment)."""
    return render(BODY, context, folder(tmp_path, {BODY: source}))


def refusal(tmp_path: Path, source: str, **context: object) -> str:
    """The message of the TemplateSecurityError that rendering *source* raises."""
    with pytest.raises(TemplateSecurityError) as info:
        rendered(tmp_path, source, **context)
    assert info.value.template == BODY
    return str(info.value)


def limit(name: str, value: int) -> str:
    return f"({name} is {value:,})."


# --- finding 1: a symbolic link inside the folder reads any file ------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the templates folder, holding a secret next to a template."""
    secrets = tmp_path / "outside"
    folder(secrets, {"secret.txt": SECRET, "signature.txt": SECRET, "nested/signature.txt": SECRET})
    return secrets


def test_finding_symlink_to_a_file_outside_the_folder_is_refused(
    tmp_path: Path, outside: Path, notes: dict[str, object]
) -> None:
    templates = folder(tmp_path / "t", {BODY: "Hi.\n{% include 'signature.txt' %}"})
    (templates / "signature.txt").symlink_to(outside / "secret.txt")
    with pytest.raises(TemplateSecurityError) as info:
        draft_thank_you(notes, templates=templates)
    assert info.value.template == "signature.txt"
    assert str(info.value) == (
        f"Template 'signature.txt' in {templates} is a symbolic link (or inside a linked "
        "folder) that leads outside the templates folder; a custom template may only read "
        "files inside its folder."
    )
    assert SECRET not in str(info.value)


@linux_only
def test_finding_symlink_to_the_process_environment_is_refused(
    tmp_path: Path, notes: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_MAIL_TEST_SECRET", SECRET)
    templates = folder(tmp_path, {BODY: "{% include 'signature.txt' %}"})
    (templates / "signature.txt").symlink_to("/proc/self/environ")
    with pytest.raises(TemplateSecurityError, match="leads outside the templates folder"):
        draft_thank_you(notes, templates=templates)


@pytest.mark.parametrize(
    "source",
    [
        "{% include 'shared/signature.txt' %}",
        "{% import 'shared/signature.txt' as s %}",
        "{% extends 'shared/signature.txt' %}",
        "{% include ['missing.txt', 'shared/signature.txt'] %}",
    ],
)
def test_finding_symlinked_sub_folder_is_refused(
    tmp_path: Path, outside: Path, notes: dict[str, object], source: str
) -> None:
    templates = folder(tmp_path / "t", {BODY: source})
    (templates / "shared").symlink_to(outside / "nested", target_is_directory=True)
    with pytest.raises(TemplateSecurityError, match="leads outside the templates folder"):
        draft_thank_you(notes, templates=templates)


def test_finding_symlinked_template_itself_is_refused(
    tmp_path: Path, outside: Path, notes: dict[str, object]
) -> None:
    templates = tmp_path / "t"
    (templates / "thank_you").mkdir(parents=True)
    (templates / BODY).symlink_to(outside / "signature.txt")
    with pytest.raises(TemplateSecurityError) as info:
        draft_thank_you(notes, templates=templates)
    assert info.value.template == BODY


def test_a_symlink_that_stays_inside_the_folder_is_followed(
    tmp_path: Path, notes: dict[str, object]
) -> None:
    templates = folder(
        tmp_path,
        {BODY: "Hi.\n{% include 'signature.txt' %}", "parts/sign.txt": "-- Sam"},
    )
    (templates / "signature.txt").symlink_to(templates / "parts" / "sign.txt")
    (templates / "alias").symlink_to(templates / "parts", target_is_directory=True)
    assert draft_thank_you(notes, templates=templates).body == "Hi.\n-- Sam\n"
    assert render("alias/sign.txt", {}, templates) == "-- Sam"


def test_a_link_swapped_in_after_the_check_is_not_followed(tmp_path: Path, outside: Path) -> None:
    """The file is opened one component at a time without following links."""
    import followup_mail.templating as templating

    templates = folder(tmp_path / "t", {"a/b.txt": "inside"})
    real_path = os.path.realpath

    def swap(path: Any, **options: Any) -> str:
        # The check sees the folder as it was; the open then meets a link.
        answer = real_path(path, **options)
        if str(path).endswith("b.txt"):
            shutil.rmtree(templates / "a")
            (templates / "a").symlink_to(outside / "nested", target_is_directory=True)
        return answer

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(templating.os.path, "realpath", swap)
        with pytest.raises(TemplateSecurityError) as info:
            render("a/b.txt", {}, templates)
    assert "could not be opened without following a symbolic link" in str(info.value)


@linux_only
def test_a_fifo_in_the_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    templates = folder(tmp_path, {BODY: "{% include 'pipe.txt' %}"})
    os.mkfifo(templates / "pipe.txt")
    with pytest.raises(TemplateSecurityError) as info:
        render(BODY, {}, templates)
    assert str(info.value) == (
        f"Template 'pipe.txt' in {templates} is not a regular file (a FIFO, device or socket); "
        "it was not read."
    )


@pytest.mark.parametrize(
    ("size", "refused"), [(MAX_TEMPLATE_BYTES, False), (MAX_TEMPLATE_BYTES + 1, True)]
)
def test_a_template_file_over_max_template_bytes_is_not_read(
    tmp_path: Path, size: int, refused: bool
) -> None:
    templates = folder(tmp_path, {BODY: "x" * size})
    if refused:
        with pytest.raises(TemplateSecurityError) as info:
            render(BODY, {}, templates)
        assert str(info.value) == (
            f"Template {BODY!r} in {templates} is larger than 50,000 bytes "
            "(MAX_TEMPLATE_BYTES); it was not read."
        )
    else:
        assert render(BODY, {}, templates) == "x" * size


def test_a_template_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    templates = tmp_path
    (templates / "thank_you").mkdir()
    (templates / BODY).write_bytes(b"caf\xe9")
    with pytest.raises(TemplateError) as info:
        render(BODY, {}, templates)
    assert str(info.value) == f"Template {BODY!r} in {templates} is not valid utf-8 (byte 3)."


def test_the_builtin_templates_are_reached_through_the_package_link(
    notes: dict[str, object],
) -> None:
    """The package's templates folder is a trusted link (an editable install): it still works."""
    assert builtin_template_dir().name == "templates"
    assert draft_thank_you(notes).body.startswith("Hi Ana,")


# --- finding 3: an included text template printed notes data unescaped ----------------------------


@pytest.mark.parametrize("included", ["part.txt", "part.txt.j2", "part", "part.md"])
def test_finding_html_body_including_a_text_template_escapes_notes_data(
    tmp_path: Path, notes: dict[str, object], included: str
) -> None:
    templates = folder(
        tmp_path,
        {
            "html/body.html.j2": f"<div>{{% include '{included}' %}}</div>",
            included: "{{ interviewer.topics | join_natural }}",
        },
    )
    notes["interviewers"] = [{"name": "Ana Lima", "topics": ["<script>alert(1)</script>"]}]
    draft = draft_thank_you(notes, templates=templates)
    assert draft.html == "<div>&lt;script&gt;alert(1)&lt;/script&gt;</div>\n"
    # The same text template, rendered for the text body, escapes nothing.
    assert render(included, {"interviewer": {"topics": ["<b>"]}}, templates) == "<b>"


def test_a_text_body_including_an_html_template_escapes_nothing(tmp_path: Path) -> None:
    templates = folder(tmp_path, {BODY: "{% include 'part.html' %}", "part.html": "{{ x }}"})
    assert render(BODY, {"x": "<b>&"}, templates) == "<b>&"
    assert render("part.html", {"x": "<b>&"}, templates) == "&lt;b&gt;&amp;"


# --- finding 2: the sandbox's bounds were bypassed (run in a child, see below) -----------------

# Each probe of the finding, and the limit that now stops it.
FINDING_2 = [
    ("{{ '{:>999999999}'.format('x') }}", "MAX_WIDTH"),
    ("{{ '%999999999s'|format('x') }}", "MAX_WIDTH"),
    ("{{ ('%(a)999999999s' % {'a':'x'}) }}", "MAX_WIDTH"),
    ("{{ 'x'|center(999999999) }}", "MAX_WIDTH"),
    ("{{ (((9**99)**99)**99)**99 }}", "MAX_INT_BITS"),
    (
        "{% set ns = namespace(x=3) %}{% for i in range(100) %}{% set ns.x = ns.x * ns.x %}"
        "{% endfor %}{{ ns.x }}",
        "MAX_INT_BITS",
    ),
    (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "MAX_RANGE",
    ),
    ("{{ lipsum(n=10**6) }}", "lipsum() is not available to custom templates"),
    ("{{ ([[0]*100000]*100000)|string }}", "MAX_OUTPUT"),
]

# Others of the same families, and the limits each of them meets first.
HOSTILE = [
    # widths, precisions and paddings
    ("{{ 'x'|indent(10**9) }}", "MAX_WIDTH"),
    ("{{ 'x'|indent(' ' * 5000) }}", "MAX_WIDTH"),
    ("{{ '{:0>{w}}'.format(1, w=10**9) }}", "MAX_WIDTH"),
    ("{{ '{:.999999999f}'.format(1.5) }}", "MAX_WIDTH"),
    ("{{ '{x:>99999}'.format_map({'x': 1}) }}", "MAX_WIDTH"),
    ("{{ '%.*f' % (10**9, 1) }}", "MAX_WIDTH"),
    ("{{ '%*d' % (10**9, 1) }}", "MAX_WIDTH"),
    ("{{ '%(a)s%(b)999999s' % {'a': 1, 'b': 2} }}", "MAX_WIDTH"),
    ("{{ '%999999999s'|format('x') }}", "MAX_WIDTH"),
    ("{{ '%(a)999999999s'|format(a='x') }}", "MAX_WIDTH"),
    ("{{ 'a'|wordwrap(10**9) }}", "MAX_WIDTH"),
    ("{{ 'x'.center(10**9) }}", "MAX_WIDTH"),
    ("{{ 'x'.ljust(10**9) }}{{ 'x'.rjust(10**9) }}", "MAX_WIDTH"),
    ("{{ 'x'.zfill(10**9) }}", "MAX_WIDTH"),
    ("{{ '\t'.expandtabs(10**9) }}", "MAX_WIDTH"),
    ("{{ ('\t' * 99999).expandtabs(1000) }}", "MAX_OUTPUT"),
    ("{{ ('a ' * 40000)|wordwrap(1, wrapstring='-' * 100) }}", "MAX_OUTPUT"),
    ("{{ ('a\n' * 40000)|indent(1000) }}", "MAX_OUTPUT"),
    ("{{ {'a': [[1]] * 100}|tojson(indent=1000) }}", "MAX_OUTPUT"),
    ("{{ ([[[1] * 30] * 30] * 30)|tojson(indent=900) }}", "MAX_OUTPUT"),
    # integers
    ("{{ (2**4000) * (2**4000) }}", "MAX_INT_BITS"),
    ("{{ 10 ** (10 ** 10) }}", "MAX_INT_BITS"),
    ("{{ ('9' * 5000)|int }}", "MAX_INT_BITS"),
    ("{{ (10**9).to_bytes(10**9, 'big') }}", "MAX_OUTPUT"),
    # sequences, ranges and growth
    ("{{ range(10**9)|list }}", "MAX_RANGE"),
    ("{{ range(2**100)|list }}", "MAX_RANGE"),
    ("{{ [1] * 10**6 }}", "MAX_OUTPUT"),
    ("{{ 'x' * 99999 ~ 'x' * 99999 }}", "MAX_OUTPUT"),
    ("{{ ['x' * 60000, 'x' * 60000]|join }}", "MAX_OUTPUT"),
    ("{{ ''.join(['x' * 60000, 'x' * 60000]) }}", "MAX_OUTPUT"),
    ("{{ range(10)|batch(10**9)|list }}", "MAX_OUTPUT"),
    ("{{ [1, 2]|slice(10**9)|list }}", "MAX_OUTPUT"),
    ("{{ ('x' * 1000)|replace('x', 'y' * 1000) }}", "a replacement gives a string"),
    ("{{ ('x' * 1000).replace('', 'y' * 1000) }}", "a replacement gives a string"),
    ("{{ ('x' * 100000).replace('x', 'y' * 100000) }}", "a replacement gives a string"),
    ("{{ '{}'.format([[0] * 1000] * 1000) }}", "MAX_OUTPUT"),
    ("{{ [['x' * 100] * 100] * 100 }}", "MAX_OUTPUT"),
    (
        "{% set ns = namespace(s='xx') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s.replace('x', 'xx') %}{% endfor %}",
        "MAX_OUTPUT",
    ),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "MAX_OUTPUT",
    ),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "MAX_OUTPUT",
    ),
    (
        "{% set ns = namespace(d={}) %}{% for i in range(200) %}"
        "{% set ns.d = dict(a=ns.d, b=ns.d) %}{% endfor %}{{ ns.d }}",
        "MAX_",
    ),
    (
        "{% set d = {} %}{% for i in range(10000) %}{% set _ = d.update({i: 'x' * 1000}) %}"
        "{% endfor %}",
        "MAX_WORK",
    ),
    (
        "{% set l = [] %}{% for i in range(10000) %}{% set _ = l.extend(range(10000)) %}"
        "{% endfor %}",
        "MAX_OUTPUT",
    ),
    (
        "{% set l = [1] %}{% for i in range(10000) %}{% set _ = l.append(l) %}{% endfor %}{{ l }}",
        "MAX_",
    ),
    # loops, calls and recursion
    ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "MAX_LOOP"),
    ("{% for i in 'x' * 99999 %}{% for j in 'x' * 99999 %}{% endfor %}{% endfor %}", "MAX_LOOP"),
    (
        "{% set c = cycler(*range(100)) %}{% for a in range(10000) %}{% for b in range(10000) %}"
        "{{ c.next() }}{% endfor %}{% endfor %}",
        "MAX_",
    ),
    ("{% for x in [[1]] recursive %}{{ loop([x, x]) }}{% endfor %}", "MAX_"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "MAX_CALL_DEPTH"),
    (
        "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}"
        "{{ m(40) }}",
        "MAX_CALLS",
    ),
    ("{% include 'thank_you/warm.txt.j2' %}", "render limit"),
    (
        "{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}",
        "MAX_OUTPUT",
    ),
    (
        "{% set x = 'x' * 99999 %}{% for i in range(10000) %}{% if x in x %}{% endif %}"
        "{% endfor %}",
        "MAX_WORK",
    ),
    (
        "{% for i in range(10000) %}{% for j in range(10000) %}{% if i == j %}{% endif %}"
        "{% endfor %}{% endfor %}",
        "MAX_LOOP",
    ),
    # sources the compiler meets first
    ("{{ " + "(" * 2000 + "1" + ")" * 2000 + " }}", "too deeply"),
    ("{{ " + "[" * 2000 + "]" * 2000 + " }}", "too deeply"),
    ("x" * (MAX_TEMPLATE_BYTES + 1), "MAX_TEMPLATE_BYTES"),
]


def _render_in_child(source: str, root: str, answer: Connection) -> None:
    """The child's side: cap its memory and CPU, render, send back what happened."""
    resource.setrlimit(resource.RLIMIT_AS, (_mapped() + MEMORY_CAP, resource.RLIM_INFINITY))
    cpu = int(TIME_LIMIT) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    start = time.perf_counter()
    try:
        rendered(Path(root), source, name="Ana")
        outcome = ("rendered", "")
    except BaseException as exc:  # a MemoryError or anything else is reported, not raised
        outcome = (type(exc).__name__, str(exc))
    answer.send((*outcome, time.perf_counter() - start))
    answer.close()


def _mapped() -> int:
    """Bytes of address space the process maps now (RLIMIT_AS counts these too)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def run_in_children(
    cases: list[tuple[str, str]], tmp_path: Path, time_limit: float = TIME_LIMIT
) -> dict[str, tuple[str, str, float]]:
    """Render each source in its own forked child, two at a time (CI has two cores); a
    child still running after *time_limit* seconds is killed."""
    context = multiprocessing.get_context("fork")
    results: dict[str, tuple[str, str, float]] = {}
    pending = list(enumerate(cases))
    running: list[tuple[str, Any, Connection, float]] = []
    while pending or running:
        while pending and len(running) < 2:
            index, (source, _) = pending.pop(0)
            mine, theirs = context.Pipe(duplex=False)
            child = context.Process(
                target=_render_in_child, args=(source, str(tmp_path / str(index)), theirs)
            )
            child.start()
            theirs.close()
            running.append((source, child, mine, time.perf_counter()))
        source, child, mine, started = running[0]
        child.join(max(0.0, started + time_limit - time.perf_counter()))
        running.pop(0)
        if mine.poll():
            results[source] = mine.recv()
        elif child.is_alive():
            child.kill()
            child.join()
            results[source] = ("timeout", f"killed after {time_limit} s", time_limit)
        else:
            results[source] = ("died", f"exit code {child.exitcode}", 0.0)
        mine.close()
    return results


def _failures(
    cases: list[tuple[str, str]], results: dict[str, tuple[str, str, float]]
) -> list[str]:
    failures = []
    for source, expected in cases:
        kind, message, seconds = results[source]
        if kind != "TemplateSecurityError" or expected not in message or seconds > QUICK:
            failures.append(f"{source[:80]!r}: {kind} after {seconds:.2f} s: {message[:200]}")
    return failures


@linux_only
def test_finding_sandbox_bounds_bypassed_each_probe_now_fails_quickly(tmp_path: Path) -> None:
    results = run_in_children(FINDING_2, tmp_path)
    assert _failures(FINDING_2, results) == []


@linux_only
def test_every_hostile_template_fails_quickly_within_the_memory_cap(tmp_path: Path) -> None:
    results = run_in_children(HOSTILE, tmp_path)
    assert _failures(HOSTILE, results) == []


@linux_only
def test_the_child_harness_reports_a_memory_error_and_a_timeout(tmp_path: Path) -> None:
    """The suite can fail: without the budget, the probes end in a MemoryError and a timeout."""
    import followup_mail.templating as templating

    with pytest.MonkeyPatch.context() as patch:
        # Without the budget's checks the first probe allocates a gigabyte.
        patch.setattr(templating, "render", _unbounded_render)
        patch.setattr(sys.modules[__name__], "render", _unbounded_render)
        results = run_in_children(
            [
                ("{{ '{:>999999999}'.format('x') }}", "MAX_WIDTH"),
                ("{{ (((9**99)**99)**99)**99 }}", "MAX_INT_BITS"),
            ],
            tmp_path,
            time_limit=1.0,
        )
    kinds = sorted(kind for kind, _, _ in results.values())
    assert kinds in (["MemoryError", "timeout"], ["MemoryError", "died"])


def _unbounded_render(name: str, context: Any, templates: Any) -> str:
    """Jinja's own sandbox without the budget: what the probes of finding 2 ran in."""
    return _plain_sandbox(str(templates)).get_template(name).render(context)


@functools.cache
def _plain_sandbox(root: str) -> Any:
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(loader=FileSystemLoader(root))


# --- every limit at its edge (in this process: each render is bounded) ------------------------


def test_the_limits_are_the_documented_ones() -> None:
    assert (MAX_OUTPUT, MAX_LOOP_ITERATIONS, MAX_RANGE, MAX_CALLS, MAX_CALL_DEPTH) == (
        100_000,
        10_000,
        10_000,
        10_000,
        50,
    )
    assert (MAX_NESTING, MAX_WIDTH, MAX_INT_BITS, MAX_WORK, MAX_TEMPLATE_BYTES) == (
        100,
        1_000,
        4_096,
        2_000_000,
        50_000,
    )


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x'|center(1000) }}",
        "{{ 'x'.ljust(1000) }}{{ 'x'.rjust(1000) }}{{ 'x'.zfill(1000) }}{{ 'x'.center(1000) }}",
        "{{ '{:>1000}'.format('x') }}{{ '{:.1000f}'.format(1) }}",
        "{{ '%1000s' % 'x' }}{{ '%.*f' % (1000, 1) }}{{ '%-1000s'|format('x') }}",
        "{{ 'x'|indent(1000, first=true) }}{{ 'a b'|wordwrap(1000) }}{{ '\t'.expandtabs(1000) }}",
        "{{ [1]|tojson(indent=1000) }}",
    ],
)
def test_a_width_of_max_width_is_allowed(tmp_path: Path, source: str) -> None:
    assert len(rendered(tmp_path, source)) >= MAX_WIDTH


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("{{ 'x'|center(1001) }}", "a centering width of 1,001"),
        ("{{ 'x'|center(-1001) }}", "a centering width of -1,001"),
        ("{{ 'x'.ljust(1001) }}", "a padding width of 1,001"),
        ("{{ 'x'.rjust(width=1001) }}", "a padding width of 1,001"),
        ("{{ 'x'.zfill(1001) }}", "a zero-padding width of 1,001"),
        ("{{ 'x'.center(1001) }}", "a centering width of 1,001"),
        ("{{ '{:>1001}'.format('x') }}", "a format width or precision of 1,001"),
        ("{{ '{:.1001f}'.format(1) }}", "a format width or precision of 1,001"),
        (
            "{{ '{:>\u0661\u0660\u0660\u0661}'.format('x') }}",
            "a format width or precision of 1,001",
        ),
        ("{{ '%1001s' % 'x' }}", "a format width or precision of 1,001"),
        ("{{ '%.*f' % (1001, 1) }}", "a format width or precision of 1,001"),
        ("{{ '%*s' % (-1001, 'x') }}", "a format width or precision of -1,001"),
        ("{{ '%(a)1001s' % {'a': 1} }}", "a format width or precision of 1,001"),
        ("{{ '%((a))1001s' % {'(a)': 1} }}", "a format width or precision of 1,001"),
        ("{{ '%1001s'|format('x') }}", "a format width or precision of 1,001"),
        ("{{ 'x'|indent(1001) }}", "an indent of 1,001"),
        ("{{ 'a b'|wordwrap(1001) }}", "a wrap width of 1,001"),
        ("{{ '\t'.expandtabs(1001) }}", "a tab size of 1,001"),
        ("{{ [1]|tojson(indent=1001) }}", "a JSON indent of 1,001"),
        ("{{ '%99999999999999999999999s' % 'x' }}", "a format width or precision of 23 digits"),
        (
            "{{ '{:>9999999999999999999999}'.format('x') }}",
            "a format width or precision of 22 digits",
        ),
    ],
)
def test_a_width_over_max_width_is_refused(tmp_path: Path, source: str, what: str) -> None:
    message = refusal(tmp_path, source)
    assert message == (
        f"Template {tmp_path / BODY} exceeds a render limit: {what} {limit('MAX_WIDTH', 1000)}"
    )


def test_the_loop_budget_is_a_total_over_nested_loops(tmp_path: Path) -> None:
    exactly = "{% for i in range(100) %}{% for j in range(99) %}.{% endfor %}{% endfor %}"
    assert rendered(tmp_path / "a", exactly) == "." * 9900  # plus 100 outer: 10,000 iterations
    message = refusal(tmp_path / "b", exactly.replace("99", "100"))
    assert message.endswith(
        f"more than 10,000 loop iterations {limit('MAX_LOOP_ITERATIONS', 10000)}"
    )


@pytest.mark.parametrize(
    ("size", "refused"), [(MAX_RANGE, False), (MAX_RANGE + 1, True), (-(10**30), False)]
)
def test_a_range_of_more_than_max_range_items_is_refused(
    tmp_path: Path, size: int, refused: bool
) -> None:
    source = f"{{{{ range({size})|length }}}}"
    if refused:
        message = refusal(tmp_path, source)
        assert message.endswith(f"a range of more than 10,000 items {limit('MAX_RANGE', 10000)}")
    else:
        assert rendered(tmp_path, source) == str(max(size, 0))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 2 ** 4095 }}", str(2**4095)),  # 4,096 bits
        ("{{ 2 ** 4096 }}", None),
        ("{{ (-2) ** 4095 }}", str((-2) ** 4095)),
        ("{{ (2 ** 2048) * (2 ** 2047) }}", str(2**4095)),
        ("{{ (2 ** 2048) * (2 ** 2048) }}", None),
        ("{{ 1 ** (10 ** 100) }}", "1"),
        ("{{ (-1) ** (10 ** 100) }}", "1"),
        ("{{ 0 ** (10 ** 100) }}", "0"),
        ("{{ 0 * (2 ** 4095) * (2 ** 4095) }}", "0"),
        ("{{ 2 ** 4095 + 2 ** 4095 }}", None),
        ("{{ ('9' * 1233)|int|string|length }}", "1233"),
        ("{{ ('9' * 1234)|int }}", None),
    ],
    ids=lambda value: value if value is None or len(value) < 50 else f"{len(value)} digits",
)
def test_integers_are_bounded_by_bit_length(
    tmp_path: Path, source: str, expected: str | None
) -> None:
    if expected is None:
        assert refusal(tmp_path, source).endswith("(MAX_INT_BITS is 4,096).")
    else:
        assert rendered(tmp_path, source) == expected


@pytest.mark.parametrize(("size", "refused"), [(MAX_OUTPUT, False), (MAX_OUTPUT + 1, True)])
def test_output_over_max_output_characters_is_refused(
    tmp_path: Path, size: int, refused: bool
) -> None:
    # Output built from many small pieces: no single value is large.
    source = f"{{% for i in range({size // 10}) %}}0123456789{{% endfor %}}{'x' * (size % 10)}"
    if refused:
        message = refusal(tmp_path, source)
        assert message.endswith(
            "output longer than 100,000 characters or items (MAX_OUTPUT is 100,000)."
        )
    else:
        assert len(rendered(tmp_path, source)) == size


@pytest.mark.parametrize(("size", "refused"), [(MAX_OUTPUT, False), (MAX_OUTPUT + 1, True)])
def test_a_value_over_max_output_is_refused_before_it_prints(
    tmp_path: Path, size: int, refused: bool
) -> None:
    source = f"{{% set x = 'x' * {size} %}}{{{{ x|length }}}}"
    if refused:
        assert refusal(tmp_path, source).endswith(
            "repeating a sequence gives a value longer than 100,000 characters or items "
            "(MAX_OUTPUT is 100,000)."
        )
    else:
        assert rendered(tmp_path, source) == str(size)


@pytest.mark.parametrize(("items", "refused"), [(19_000, False), (21_000, True)])
def test_a_list_is_measured_by_its_printed_length(
    tmp_path: Path, items: int, refused: bool
) -> None:
    """A list of n one-letter strings prints as 5n characters (``['x', 'x']``)."""
    source = f"{{{{ ('x' * {items})|list|length }}}}"
    if refused:
        assert refusal(tmp_path, source).endswith(
            "a value longer than 100,000 characters or items (MAX_OUTPUT is 100,000)."
        )
    else:
        assert rendered(tmp_path, source) == str(items)


def test_a_lazy_value_of_max_output_items_is_allowed(tmp_path: Path) -> None:
    """A filter's generator (``map``) is counted as it is consumed, up to MAX_OUTPUT items."""
    source = "{{ ('x' * 100000)|map('upper')|join }}"
    assert rendered(tmp_path, source) == "X" * MAX_OUTPUT


@pytest.mark.parametrize(
    ("depth", "refused"), [(MAX_CALL_DEPTH, False), (MAX_CALL_DEPTH + 1, True)]
)
def test_macro_recursion_deeper_than_max_call_depth_is_refused(
    tmp_path: Path, depth: int, refused: bool
) -> None:
    source = (
        "{% macro down(n) %}{% if n > 1 %}{{ down(n - 1) }}{% else %}bottom{% endif %}"
        f"{{% endmacro %}}{{{{ down({depth}) }}}}"
    )
    if refused:
        assert refusal(tmp_path, source).endswith(
            f"more than 50 nested calls {limit('MAX_CALL_DEPTH', 50)}"
        )
    else:
        assert rendered(tmp_path, source) == "bottom"


@pytest.mark.parametrize(("calls", "refused"), [(MAX_CALLS, False), (MAX_CALLS + 1, True)])
def test_more_than_max_calls_in_a_render_is_refused(
    tmp_path: Path, calls: int, refused: bool
) -> None:
    # The template's own load, range() and one method call per iteration.
    source = f"{{% for i in range({calls - 2}) %}}{{{{ ''.upper() }}}}{{% endfor %}}"
    if refused:
        assert refusal(tmp_path, source).endswith(
            f"more than 10,000 calls and template loads {limit('MAX_CALLS', 10000)}"
        )
    else:
        assert rendered(tmp_path, source) == ""


@pytest.mark.parametrize(("depth", "refused"), [(MAX_NESTING, False), (MAX_NESTING + 1, True)])
def test_a_value_nested_deeper_than_max_nesting_is_refused(
    tmp_path: Path, depth: int, refused: bool
) -> None:
    source = (
        "{% set ns = namespace(v=1) %}"
        f"{{% for i in range({depth}) %}}{{% set ns.v = [ns.v] %}}{{% endfor %}}"
        "{{ ns.v|string|length }}"
    )
    if refused:
        assert refusal(tmp_path, source).endswith(
            f"a value nested more than 100 levels deep {limit('MAX_NESTING', 100)}"
        )
    else:
        assert rendered(tmp_path, source) == str(2 * depth + 1)


def test_more_than_max_work_in_a_render_is_refused(tmp_path: Path) -> None:
    source = (
        "{% set x = 'x' * 1000 %}{% for i in range(2500) %}{% if x == x %}{% endif %}{% endfor %}"
    )
    assert refusal(tmp_path, source).endswith("(MAX_WORK is 2,000,000).")
    assert rendered(tmp_path / "b", source.replace("2500", "500")) == ""


def test_the_work_budget_allows_exactly_max_work_units() -> None:
    budget = _sandbox._Budget()
    budget.charge(MAX_WORK)
    with pytest.raises(_sandbox.LimitExceeded) as info:
        budget.charge(1)
    assert str(info.value) == (
        "more than 2,000,000 units of work: template steps run, and characters and items "
        "built, read or compared (MAX_WORK is 2,000,000)"
    )


def test_lipsum_is_refused_and_names_itself(tmp_path: Path) -> None:
    assert refusal(tmp_path, "{{ lipsum(1) }}") == (
        f"Template {tmp_path / BODY} tried something the sandbox forbids: lipsum() is not "
        "available to custom templates: it builds placeholder text of any size, and a sent "
        "email has no use for it."
    )


def test_the_budget_is_per_render(tmp_path: Path) -> None:
    """Two renders of 6,000 iterations each: within the budget each time."""
    templates = folder(tmp_path, {BODY: "{% for i in range(6000) %}{% endfor %}ok"})
    assert [render(BODY, {}, templates) for _ in range(3)] == ["ok"] * 3


def test_the_builtin_templates_copied_into_a_folder_render_the_same(
    tmp_path: Path, notes: dict[str, object]
) -> None:
    """A real email is far within every limit: the built-ins, run in the sandbox, agree."""
    shutil.copytree(builtin_template_dir(), tmp_path / "t")
    for tone in ("warm", "formal"):
        assert draft_thank_yous(notes, tone=tone, templates=tmp_path / "t") == draft_thank_yous(
            notes, tone=tone
        )


# --- properties ---------------------------------------------------------------------------------

_HOSTILE_TEXT = st.text(
    st.characters(
        codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Lu", "Ll", "Lo", "Nd", "So", "Po"]
    ),
    max_size=30,
) | st.sampled_from(
    ["=?utf-8?q?=41?=", "{{ 7*7 }}", "{% raw %}", "%s%999999s", "%(a)*d", "{:>99999}", "<script>"]
)
_HUGE = st.sampled_from([MAX_WIDTH, MAX_WIDTH + 1, -MAX_WIDTH - 1, 10**100, -(2**4096)])
_DATA = st.recursive(
    st.integers() | _HUGE | _HOSTILE_TEXT | st.none() | st.booleans(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_HOSTILE_TEXT, inner, max_size=3),
    max_leaves=20,
)
_PROPERTIES = {
    "pad.txt": "{{ text|center(width) }}|{{ text.ljust(width) }}",
    "percent.txt": "{{ fmt % value }}",
    "data.txt": "{{ data }}|{{ data|tojson }}|{{ data|string|length }}",
}


@pytest.fixture(scope="module")
def properties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every property, so each template compiles once."""
    return folder(tmp_path_factory.mktemp("properties"), _PROPERTIES)


def attempt(name: str, context: dict[str, object], root: Path) -> str | TemplateError:
    """The render of *name*, or the library's error."""
    try:
        return render(name, context, root)
    except TemplateError as exc:
        return exc


def refused_by(result: str | TemplateError) -> str | None:
    """The limit a TemplateSecurityError names (``MAX_...``), else ``None``."""
    if not isinstance(result, TemplateSecurityError):
        return None
    match = re.search(r"\((MAX_[A-Z_]+) is [0-9,]+\)\.$", str(result))
    assert match is not None, str(result)
    return match.group(1)


@settings(max_examples=200)
@given(text=_HOSTILE_TEXT, width=st.integers() | _HUGE)
def test_a_padding_renders_exactly_or_names_max_width(
    properties: Path, text: str, width: int
) -> None:
    result = attempt("pad.txt", {"text": text, "width": width}, properties)
    if abs(width) <= MAX_WIDTH:
        assert result == f"{text.center(width)}|{text.ljust(width)}"
    elif width.bit_length() > MAX_INT_BITS:  # refused as an integer before as a width
        assert refused_by(result) == "MAX_INT_BITS"
    else:
        assert refused_by(result) == "MAX_WIDTH"


@settings(max_examples=200)
@given(fmt=_HOSTILE_TEXT, value=st.integers() | _HUGE | _HOSTILE_TEXT)
def test_a_percent_format_of_hostile_text_is_python_s_or_a_named_refusal(
    properties: Path, fmt: str, value: object
) -> None:
    """Within the limits ``%`` gives Python's result or error; beyond them, a refusal."""
    try:
        expected: str | None = fmt % value
    except (TypeError, ValueError, OverflowError):
        expected = None
    result = attempt("percent.txt", {"fmt": fmt, "value": value}, properties)
    limit = refused_by(result)
    if limit is None:
        assert result == expected if expected is not None else isinstance(result, TemplateError)
    else:
        # Only a width of four digits or more (written, or taken by '*'), or an integer
        # too large, is refused.
        wide = isinstance(value, int) and abs(value) > MAX_WIDTH and "*" in fmt
        huge = isinstance(value, int) and value.bit_length() > MAX_INT_BITS
        assert limit in ("MAX_WIDTH", "MAX_INT_BITS")
        assert huge or wide or re.search(r"[0-9]{4}", fmt)


@settings(max_examples=100)
@given(data=_DATA)
def test_hostile_data_prints_the_same_in_the_sandbox_as_outside_it(
    properties: Path, data: object
) -> None:
    try:
        plain: str | None = _unbounded_render("data.txt", {"data": data}, properties)
    except ValueError:  # an integer Python will not print (over 4,300 digits)
        plain = None
    result = attempt("data.txt", {"data": data}, properties)
    if plain is None or refused_by(result):
        assert refused_by(result) == "MAX_INT_BITS"
    else:
        assert result == plain
