"""The built-in templates: one folder at the top of the checkout, no link into ``src/``;
the wheel carries it inside the package, and a checkout's ``src/`` finds it beside."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import followup_mail.templating as templating
from followup_mail import TemplateError
from followup_mail.templating import builtin_template_dir

ROOT = Path(__file__).resolve().parents[1]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_built_in_templates_are_the_top_level_folder() -> None:
    found = tree(builtin_template_dir())
    assert found == tree(ROOT / "templates")
    assert "thank_you/warm.txt.j2" in found


def test_the_package_holds_no_link_to_the_templates() -> None:
    assert not (ROOT / "src" / "followup_mail" / "templates").is_symlink()
    assert not (ROOT / "src" / "followup_mail" / "templates").exists()


def test_the_wheel_carries_the_templates_inside_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    build = config["tool"]["hatch"]["build"]["targets"]
    assert build["wheel"]["force-include"] == {"templates": "followup_mail/templates"}
    assert "templates" in build["sdist"]["include"]


def layout(root: Path, package_parent: str, *, templates: bool) -> Path:
    """A package folder under *root*/*package_parent*, with a top-level templates folder
    beside it or not; returns where the package's templating.py would be."""
    package = root / package_parent / "followup_mail"
    package.mkdir(parents=True)
    if templates:
        (root / "templates" / "thank_you").mkdir(parents=True)
    return package / "templating.py"


def test_an_installed_package_uses_its_own_templates_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = layout(tmp_path, "src", templates=True)
    (module.parent / "templates").mkdir()
    monkeypatch.setattr(templating, "files", lambda _: module.parent)
    monkeypatch.setattr(templating, "__file__", str(module))
    assert builtin_template_dir() == module.parent / "templates"


def test_a_checkout_finds_the_folder_beside_src(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = layout(tmp_path, "src", templates=True)
    monkeypatch.setattr(templating, "files", lambda _: module.parent)
    monkeypatch.setattr(templating, "__file__", str(module))
    assert builtin_template_dir() == (tmp_path / "templates").resolve()


@pytest.mark.parametrize(
    ("package_parent", "templates"),
    [
        ("src", False),  # a checkout without its templates
        ("site-packages", True),  # not a checkout: a stray folder two levels up is no match
    ],
)
def test_missing_templates_are_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package_parent: str, templates: bool
) -> None:
    module = layout(tmp_path, package_parent, templates=templates)
    monkeypatch.setattr(templating, "files", lambda _: module.parent)
    monkeypatch.setattr(templating, "__file__", str(module))
    with pytest.raises(TemplateError) as caught:
        builtin_template_dir()
    assert str(caught.value) == (
        f"The built-in templates are missing from the installed package "
        f"({module.parent / 'templates'}); reinstall followup-mail."
    )
