"""Every reference the code, templates, tests and contributor docs make can be followed
inside the repository: each ``docs/*.md`` they cite exists and holds the rule, figure or
section named next to it, and nothing cites a file the repository does not hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("src", "templates", "tests", "bench", "examples", "docs")
TOP_FILES = ("CONTRIBUTING.md", "pyproject.toml")
SUFFIXES = {".py", ".toml", ".j2", ".md", ".json", ".txt"}
CITATION = re.compile(r"docs/([a-z0-9_-]+\.md)")
# What may follow or precede a citation: "rule 8", "rules 1 and 8", "F1 to F5", "P2",
# or a section title in double quotes ("Panels").
RULES = re.compile(r"\b[Rr]ules? ([0-9]+(?:(?:, | and | to )[0-9]+)*)")
FIGURES = re.compile(r"\b([FP][0-9]+)\b")
TITLE = re.compile(r'"([A-Z][a-z]+(?: [a-z]+)*)"')
# Files the project was once written from, which are not part of it.
OUTSIDE = re.compile(r"shared/reference|etiquette\.md|follow-up-article|/work/")


def _files() -> list[Path]:
    found = [ROOT / name for name in TOP_FILES]
    for folder in FOLDERS:
        found += sorted(
            path for path in (ROOT / folder).rglob("*")
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts
        )
    return found


def _cited(path: Path) -> list[tuple[int, str, str]]:
    """``(line number, cited file, the text around the citation)`` for each citation."""
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        for match in CITATION.finditer(line):
            # A citation may run onto the next line ("F7 to\nF10").
            after = line[match.end():] + " " + (lines[number] if number < len(lines) else "")
            around = line[max(0, match.start() - 30):match.start()] + after[:40]
            out.append((number, match.group(1), around))
    return out


def _anchors(doc: Path) -> tuple[set[str], set[str]]:
    """The rule and figure ids of a docs file (``1``, ``P1``, ``F1``), and its section
    titles (headings and bold lead-ins such as ``**Panels.**``)."""
    text = doc.read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| ([FP]?[0-9]+) \|", text, re.M))
    titles = set(re.findall(r"^#+ (.+)$", text, re.M))
    titles |= set(re.findall(r"^- \*\*([^*.]+)\.\*\*", text, re.M))
    return ids, titles


CITATIONS = [
    (path.relative_to(ROOT).as_posix(), number, doc, around)
    for path in _files()
    if path.name != Path(__file__).name
    for number, doc, around in _cited(path)
]


def test_the_code_cites_the_docs() -> None:
    assert len(CITATIONS) >= 10
    assert {doc for _, _, doc, _ in CITATIONS} == {"rules.md"}


@pytest.mark.parametrize(("where", "line", "doc", "around"), CITATIONS)
def test_each_citation_names_something_the_doc_holds(
    where: str, line: int, doc: str, around: str
) -> None:
    path = ROOT / "docs" / doc
    assert path.is_file(), f"{where}:{line} cites docs/{doc}, which does not exist"
    ids, titles = _anchors(path)
    wanted = {n for group in RULES.findall(around) for n in re.findall(r"[0-9]+", group)}
    wanted |= set(FIGURES.findall(around))
    assert wanted <= ids, f"{where}:{line}: docs/{doc} has no {sorted(wanted - ids)}"
    named = set(TITLE.findall(around))
    assert named <= titles, f"{where}:{line}: docs/{doc} has no section {sorted(named - titles)}"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("(docs/rules.md, rule 1)", {"1"}),
        ("docs/rules.md, rules 1 and 8.", {"1", "8"}),
        ("F1 to F5 of ``docs/rules.md``", {"F1", "F5"}),
        ('(docs/rules.md, "Panels")', set()),
        ("Rule 8 in docs/rules.md: 48 elapsed hours", {"8"}),
    ],
)
def test_the_citation_reader_finds_rules_and_figures(text: str, wanted: set[str]) -> None:
    found = {n for group in RULES.findall(text) for n in re.findall(r"[0-9]+", group)}
    assert found | set(FIGURES.findall(text)) == wanted


def test_the_rules_doc_holds_every_rule_pitfall_and_figure() -> None:
    ids, titles = _anchors(ROOT / "docs" / "rules.md")
    assert ids == {str(n) for n in range(1, 9)} | {f"P{n}" for n in range(1, 5)} | {
        f"F{n}" for n in range(1, 12)
    }
    assert {"Subject", "Panels", "Wording", "Length", "Plain words", "Sources"} <= titles


# lint/config.py and lint/rules/length.toml still cite etiquette.md: the lint package's
# owner replaces it with docs/rules.md, F7 to F10.
@pytest.mark.xfail(strict=True, reason="lint/ still cites etiquette.md")
def test_nothing_cites_a_file_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{number}: {line.strip()}"
        for path in _files()
        if path.name != Path(__file__).name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert found == []
