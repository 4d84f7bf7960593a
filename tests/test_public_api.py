"""The public API is written once: the lazy table in ``followup_mail/__init__.py`` gives
``__all__``; the imports for type checkers, the names that resolve and the README's list
of public names must all agree with it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import followup_mail
from followup_mail import errors

ROOT = Path(__file__).resolve().parents[1]
INIT = Path(followup_mail.__file__)  # the file imported, wherever it is
README = ROOT / "README.md"
# Imported when the package is: each has a reason in __init__.py.
EAGER = ("__version__", "lint")


def _typing_imports() -> dict[str, str]:
    """``name -> ".module"`` for each import under ``if TYPE_CHECKING:``; each must be
    written ``name as name``, the form ``mypy --strict`` takes as a re-export."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(
        node for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    )
    found: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom), ast.unparse(node)
        for alias in node.names:
            assert alias.asname == alias.name, f"write {alias.name} as {alias.name}"
            assert alias.name not in found, f"{alias.name} is imported twice"
            found[alias.name] = "." * node.level + (node.module or "")
    return found


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def test_all_is_the_eager_names_and_the_lazy_table_sorted() -> None:
    assert followup_mail.__all__ == sorted((*EAGER, *followup_mail._LAZY))
    assert len(set(followup_mail.__all__)) == len(followup_mail.__all__)


def test_the_imports_for_type_checkers_match_the_lazy_table() -> None:
    assert _typing_imports() == followup_mail._LAZY


def test_each_lazy_name_is_the_object_of_its_module() -> None:
    code = (
        "import importlib, followup_mail as f\n"
        "for name, module in f._LAZY.items():\n"
        "    assert getattr(f, name) is getattr(importlib.import_module(module, 'followup_mail'),"
        " name), name\n"
        "print(len(f._LAZY))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(len(followup_mail._LAZY))


def test_a_lazy_name_is_imported_on_first_use_and_then_kept() -> None:
    code = (
        "import sys, followup_mail as f\n"
        "before = ('Draft' in vars(f), 'followup_mail.draft' in sys.modules)\n"
        "f.Draft\n"
        "print(before, ('Draft' in vars(f), 'followup_mail.draft' in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "(False, False) (True, True)"


def test_every_public_attribute_is_in_all_and_nothing_else_is() -> None:
    # Submodules become attributes once imported (``followup_mail.vocabulary``): they
    # are importable modules, not names of the package's namespace.
    public = {
        name for name in dir(followup_mail)
        if not name.startswith("_")
        and not isinstance(getattr(followup_mail, name), ModuleType)
        and name not in ("annotations", "TYPE_CHECKING")
    }
    assert public == set(followup_mail.__all__) - {"__version__"}
    assert callable(followup_mail.lint)


def test_every_error_class_is_public() -> None:
    assert set(errors.__all__) <= set(followup_mail.__all__)
    for name in errors.__all__:
        assert getattr(followup_mail, name) is getattr(errors, name)


def test_the_package_still_offers_the_names_users_rely_on() -> None:
    assert {
        "InterviewNotes", "Draft", "draft_thank_you", "draft_thank_yous", "draft_reminder",
        "lint", "LintReport", "Finding", "LintConfig", "next_follow_up", "Advice", "Policy",
        "FollowUpNotAdvised", "FollowupMailError",
    } <= set(followup_mail.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'draft_cover_letter'"):
        followup_mail.draft_cover_letter  # noqa: B018


def test_importing_the_package_imports_no_public_module_but_the_linter() -> None:
    code = (
        "import sys, followup_mail\n"
        "print(sorted(m for m in sys.modules if m.startswith('followup_mail.')"
        " and not m.startswith('followup_mail.lint') and not m.startswith('followup_mail._')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_each_function_and_class_the_readme_api_section_documents_is_public() -> None:
    documented = re.findall(r"^- `([A-Za-z_][A-Za-z0-9_]*)[`(]", _section("Python API"), re.M)
    assert documented, "the Python API section lists no function or class"
    assert set(documented) <= set(followup_mail.__all__)


def _readme_public_names() -> list[str]:
    """The names of the README's "**Public names**" paragraph in its Python API section."""
    section = _section("Python API")
    start = section.find("\n**Public names**")
    assert start >= 0, 'the Python API section has no "**Public names**" paragraph'
    paragraph = section[start:].strip().split("\n\n", 1)[0]
    return [n for n in re.findall(r"`([^`]+)`", paragraph) if n.isidentifier()]


def test_the_readme_lists_exactly_the_public_names() -> None:
    assert _readme_public_names() == followup_mail.__all__
