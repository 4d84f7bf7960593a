"""Jinja environments for the built-in templates and for a caller's own template folder.

Environments are built once per folder, on first use, and cached: rendering never
builds or compiles anything that an earlier call already did. Built-in templates are
trusted and render in a plain :class:`jinja2.Environment`; a caller's folder renders in
a :class:`jinja2.sandbox.SandboxedEnvironment`, so a template that reaches for
``__class__``, ``__globals__`` and the like fails with :class:`TemplateSecurityError`
instead of running code. User *data* is never a template: it reaches templates only as
variables, so a topic containing ``{{ 7*7 }}`` prints as written.

A file in the caller's folder with the same relative name as a built-in template
replaces it; every other template still comes from the package.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from .errors import (
    FollowupMailError,
    TemplateError,
    TemplateSecurityError,
    TemplateVariableError,
)

__all__ = ["builtin_template_dir", "html_paragraphs", "join_natural", "render"]

_UNDEFINED_RE = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def builtin_template_dir() -> Path:
    """The folder of built-in templates shipped inside the package."""
    folder = files("followup_mail") / "templates"
    path = Path(str(folder))
    if not path.is_dir():
        raise TemplateError(
            f"The built-in templates are missing from the installed package ({path}); "
            "reinstall followup-mail."
        )
    return path


def join_natural(items: Iterable[object], conjunction: str = "and") -> str:
    """Join items as English does: ``A``, ``A and B``, ``A, B and C``.

    >>> join_natural(["Kafka", "Flink", "dbt"])
    'Kafka, Flink and dbt'
    >>> join_natural([])
    ''
    """
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


_URL_RE = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def _linkify(text: str) -> Any:
    """HTML-escape *text* and turn http(s) URLs into links (for the HTML part)."""
    from markupsafe import Markup, escape

    if "http" not in text:  # the common case: nothing to link
        return escape(text)
    out: list[str] = []
    last = 0
    for match in _URL_RE.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        url = str(escape(match.group()))
        out.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def html_paragraphs(text: str) -> list[Any]:
    """The plain-text body as HTML paragraphs: escaped, links made, lines joined by ``<br>``.

    One escape and one URL pass over the whole body, instead of a filter call per line.
    """
    from markupsafe import Markup

    html = str(_linkify(text.rstrip("\n")))
    return [Markup(p.replace("\n", "<br>\n")) for p in html.split("\n\n")]


# The most a user template may build with one operator: far more than any email needs.
MAX_OPERAND_RESULT = 100_000
_HUGE_WIDTH = re.compile(r"%[-+ #0]*(?:\d{5,}|\*)|\.\d{5,}")


@lru_cache(maxsize=1)
def _bounded_sandbox() -> Any:
    """Jinja's sandbox, also refusing operations that would exhaust memory or time.

    The sandbox stops attribute tricks but not ``{{ 'x' * 10**10 }}`` or
    ``{{ 9 ** 9 ** 9 }}``; those raise a ``SecurityError`` here before any work is done.
    """
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    def too_big(what: str) -> SecurityError:
        return SecurityError(f"{what} is refused: it would exceed {MAX_OPERAND_RESULT:,} items")

    class BoundedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if (
                        isinstance(seq, str | bytes | list | tuple)
                        and isinstance(times, int)
                        and len(seq) * times > MAX_OPERAND_RESULT
                    ):
                        raise too_big("repeating a sequence this many times")
            elif operator == "**":
                if isinstance(right, int | float) and abs(right) > 100:
                    raise SecurityError("a power with an exponent over 100 is refused")
            elif operator == "%" and isinstance(left, str) and _HUGE_WIDTH.search(left):
                raise too_big("a format width this large")
            return super().call_binop(context, operator, left, right)

    return BoundedSandbox


@lru_cache(maxsize=32)
def _environment(user_dir: str | None) -> Any:
    """One environment per template folder (``None``: built-ins only), built once."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
    from jinja2 import select_autoescape as autoescape_for

    builtin = FileSystemLoader(builtin_template_dir())
    loader: Any = builtin
    env_class: type[Environment] = Environment
    if user_dir is not None:
        loader = ChoiceLoader([FileSystemLoader(user_dir), builtin])
        env_class = _bounded_sandbox()
    env = env_class(
        loader=loader,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=autoescape_for(
            enabled_extensions=("html", "html.j2", "htm"), default_for_string=False
        ),
        auto_reload=False,
    )
    env.filters["join_natural"] = join_natural
    env.filters["linkify"] = _linkify
    return env


def _get_template(env: Any, name: str, user_dir: str | None) -> Any:
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    try:
        # Jinja's template cache is thread-safe; the worst a race costs is one extra compile.
        return env.get_template(name)
    except TemplateNotFound:
        where = f"{user_dir} or the built-in templates" if user_dir else "the built-in templates"
        raise TemplateError(f"Template {name!r} was not found in {where}.", template=name) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"Template {exc.filename or name}, line {exc.lineno}: {exc.message}.", template=name
        ) from None


def render(
    name: str, context: Mapping[str, object], templates: str | os.PathLike[str] | None = None
) -> str:
    """Render template *name* with *context*, from *templates* first when given.

    Errors name the template: :class:`TemplateSecurityError` for a sandbox violation,
    :class:`TemplateVariableError` for an unknown variable, :class:`TemplateError` for
    anything else (missing file, syntax error, a failing filter).
    """
    user_dir = _user_dir(templates)
    env = _environment(user_dir)
    template = _get_template(env, name, user_dir)
    try:
        return str(template.render(context))
    except Exception as exc:
        raise _template_error(exc, name, template.filename or name) from exc


def _template_error(exc: Exception, name: str, where: str) -> Exception:
    """The library's error for *exc*, raised while rendering template *name*.

    Errors of the template's own making (a failing filter, a division by zero in a custom
    template) become a :class:`TemplateError` naming the template; the library's own
    errors pass through unchanged.
    """
    from jinja2 import UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, FollowupMailError):
        return exc
    if isinstance(exc, SecurityError):
        return TemplateSecurityError(
            f"Template {where} tried something the sandbox forbids: {str(exc).rstrip('.')}.",
            template=name,
        )
    if isinstance(exc, UndefinedError):
        match = _UNDEFINED_RE.search(str(exc))
        variable = next((g for g in match.groups() if g), None) if match else None
        if variable:
            return TemplateVariableError(
                f"Template {where} uses {variable!r}, which is not a template variable "
                f"({exc}). See the README for the variables a template can use.",
                template=name,
                variable=variable,
            )
        return TemplateVariableError(f"Template {where}: {exc}.", template=name)
    detail = str(exc).rstrip(".") or type(exc).__name__
    return TemplateError(f"Template {where} failed: {detail}.", template=name)


def _user_dir(templates: str | os.PathLike[str] | None) -> str | None:
    if templates is None:
        return None
    path = Path(templates).expanduser()
    if not path.is_dir():
        raise TemplateError(f"The templates folder {path} does not exist or is not a folder.")
    return str(path.resolve())
