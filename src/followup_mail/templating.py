"""Jinja environments for the built-in templates and for a caller's own template folder.

Environments are built once per folder and output kind, on first use, and cached.
Built-in templates are compiled once. A caller's folder is live: before each use, a
template from it is checked against its file (one ``stat``) and compiled again when the
file changed, was deleted (the built-in one takes its place) or appeared over a built-in
one, so a tool whose users edit their templates sees each edit at once.
:func:`clear_template_cache` drops every compiled template, for callers who change
files in ways a modification time does not show.

Built-in templates are trusted and render in a plain :class:`jinja2.Environment`. A
caller's folder renders in a bounded :class:`jinja2.sandbox.SandboxedEnvironment`:

- **Confined to its folder.** Every template path is resolved; one whose real path leaves
  the folder (a symbolic link to a file or a sub-folder elsewhere) is refused with
  :class:`TemplateSecurityError`. A link that stays inside the folder is followed. The
  file is then opened one path component at a time without following links, so a link
  swapped in after the check is refused too; FIFOs, devices and files over
  :data:`MAX_TEMPLATE_BYTES` are refused.
- **No code.** A template that reaches for ``__class__``, ``__globals__`` and the like fails
  with :class:`TemplateSecurityError` instead of running code.
- **A render budget.** Widths, integer sizes, value sizes, loop iterations, calls, nesting,
  work and output are bounded (the ``MAX_*`` constants, kept with the sandbox in
  ``_sandbox.py`` and exported here); going over one fails with
  :class:`TemplateSecurityError` naming the template and the limit, before the memory or
  time is spent.

Autoescaping follows the output, not file names: rendering an HTML template (``.html``,
``.html.j2``, ``.htm``) escapes everything it prints, including what its included
templates print; a text template escapes nothing.

User *data* is never a template: it reaches templates only as variables, so a topic
containing ``{{ 7*7 }}`` prints as written. A file in the caller's folder with the same
relative name as a built-in template replaces it; every other template still comes from
the package.
"""

from __future__ import annotations

import errno
import hashlib
import os
import pickle
import re
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2 import __version__ as jinja_version
from jinja2.bccache import Bucket
from jinja2.exceptions import SecurityError
from jinja2.loaders import BaseLoader, split_template_path
from markupsafe import Markup, escape

from . import _lexicon
from ._sandbox import (
    MAX_CALL_DEPTH,
    MAX_CALLS,
    MAX_INT_BITS,
    MAX_LOOP_ITERATIONS,
    MAX_NESTING,
    MAX_OUTPUT,
    MAX_RANGE,
    MAX_WIDTH,
    MAX_WORK,
    BoundedSandbox,
    LimitExceeded,
    render_bounded,
    render_budget,
)
from .errors import (
    FollowupMailError,
    TemplateError,
    TemplateSecurityError,
    TemplateVariableError,
)
from .vocabulary import KINDS

__all__ = [
    "MAX_CALLS",
    "MAX_CALL_DEPTH",
    "MAX_INT_BITS",
    "MAX_LOOP_ITERATIONS",
    "MAX_NESTING",
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_TEMPLATE_BYTES",
    "MAX_WIDTH",
    "MAX_WORK",
    "available_tones",
    "builtin_template_dir",
    "clear_template_cache",
    "html_paragraphs",
    "join_natural",
    "render",
]

#: Bytes of one template file in the caller's folder: twenty times the longest built-in one,
#: room for an HTML email with inline styles; compiling it takes under a second.
MAX_TEMPLATE_BYTES = 50_000

#: A folder of the caller's own templates, or None for the built-in ones only.
TemplatesDir = str | os.PathLike[str] | None

_HTML_SUFFIXES = (".html", ".html.j2", ".htm")
_UNDEFINED_RE = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def builtin_template_dir() -> Path:
    """The folder of built-in templates: inside the installed package, where the wheel
    puts the checkout's top-level ``templates/``, or that folder itself when the package
    runs from a checkout's ``src/`` (an editable install, or ``src`` on the path)."""
    packaged = Path(str(files("followup_mail") / "templates"))
    if packaged.is_dir():
        return packaged
    package = Path(__file__).resolve().parent
    checkout = package.parent.parent / "templates"
    if package.parent.name == "src" and checkout.is_dir():
        return checkout
    raise TemplateError(
        f"The built-in templates are missing from the installed package ({packaged}); "
        "reinstall followup-mail."
    )


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
    html = str(_linkify(text.rstrip("\n")))
    return [Markup(p.replace("\n", "<br>\n")) for p in html.split("\n\n")]


# --- a folder that templates cannot leave ---------------------------------------------------

# openat() with O_NOFOLLOW walks a path without following a link swapped in after the
# check; where the platform has no dir_fd (Windows), the resolved path is opened directly.
_OPEN_BY_COMPONENT = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW")
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once, to be refused by its type


class _FolderLoader(FileSystemLoader):
    """The templates of one folder; a template whose real path leaves the folder is refused.

    :param root: the folder, already resolved (no symbolic links in its path).
    """

    def __init__(self, root: str) -> None:
        super().__init__(root)
        self.root = root

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..' and separators
        if not pieces or any("\0" in piece for piece in pieces):
            raise TemplateNotFound(template)
        path = os.path.join(self.root, *pieces)
        real = os.path.realpath(path)
        if not _inside(self.root, real):
            raise TemplateSecurityError(
                f"Template {template!r} in {self.root} is a symbolic link (or inside a linked "
                "folder) that leads outside the templates folder; a custom template may only "
                "read files inside its folder.",
                template=template,
            )
        try:
            fd = _open_inside(self.root, os.path.relpath(real, self.root).split(os.sep))
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        except NotADirectoryError:  # a file where the path needs a folder: not a template
            raise TemplateNotFound(template) from None
        except OSError as exc:
            if exc.errno in _LINK_ERRORS:  # a link appeared after the check, or links loop
                raise TemplateSecurityError(
                    f"Template {template!r} in {self.root} could not be opened without "
                    f"following a symbolic link ({exc.strerror}); it was not read.",
                    template=template,
                ) from None
            raise TemplateError(
                f"Template {template!r} in {self.root} could not be read: {exc.strerror}.",
                template=template,
            ) from None
        try:
            data, version = _read_template(fd, template, self.root)
        finally:
            os.close(fd)
        if data is None:
            raise TemplateNotFound(template)  # a folder, as FileSystemLoader treats it
        try:
            source = data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise TemplateError(
                f"Template {template!r} in {self.root} is not valid {self.encoding} "
                f"(byte {exc.start}).",
                template=template,
            ) from None

        def uptodate() -> bool:
            # A file replaced by a rename has another inode, whatever its time says.
            try:
                return _version(os.stat(real)) == version
            except OSError:  # deleted: the built-in template, if any, takes its place
                return False

        return source, os.path.normpath(path), uptodate


class _LayeredLoader(BaseLoader):
    """The caller's folder over the built-in templates, both checked for changes.

    A built-in template stands in for a file the folder does not have; it goes out of
    date when such a file appears, so that the caller's own template takes its place.
    """

    def __init__(self, folder: _FolderLoader, builtin: FileSystemLoader) -> None:
        self.folder = folder
        self.builtin = builtin

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        try:
            return self.folder.get_source(environment, template)
        except TemplateNotFound:
            pass
        source, filename, _ = self.builtin.get_source(environment, template)
        shadow = os.path.join(self.folder.root, *split_template_path(template))

        def still_builtin() -> bool:
            # The package's own file does not change while it runs: one check, not two.
            return not os.path.lexists(shadow)

        return source, filename, still_builtin


# What open() with O_NOFOLLOW reports for a link: ELOOP (Linux, macOS), EMLINK (FreeBSD).
_LINK_ERRORS = frozenset({errno.ELOOP, errno.EMLINK})


def _inside(root: str, real: str) -> bool:
    try:
        return os.path.commonpath([root, real]) == root
    except ValueError:  # another drive (Windows)
        return False


def _open_inside(root: str, parts: list[str]) -> int:
    """Open ``root/parts...`` for reading without following a symbolic link at any step.

    A link fails with ELOOP wherever it is; a file where a folder is needed, with ENOTDIR.
    """
    flags = os.O_RDONLY | _O_CLOEXEC | _O_NONBLOCK
    if not _OPEN_BY_COMPONENT:
        return os.open(os.path.join(root, *parts), flags)
    fd = os.open(root, flags)
    for part in parts:
        try:
            inner = os.open(part, flags | _O_NOFOLLOW, dir_fd=fd)
        finally:
            os.close(fd)
        fd = inner
    return fd


def _version(info: os.stat_result) -> tuple[int, int, int]:
    """What tells one version of a file from the next: modification time, size, inode."""
    return info.st_mtime_ns, info.st_size, info.st_ino


def _read_template(
    fd: int, template: str, root: str
) -> tuple[bytes | None, tuple[int, int, int]]:
    """The bytes of an open template file (``None`` for a folder) and its version."""
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        return None, _version(info)
    if not stat.S_ISREG(info.st_mode):
        raise TemplateSecurityError(
            f"Template {template!r} in {root} is not a regular file (a FIFO, device or "
            "socket); it was not read.",
            template=template,
        )
    chunks: list[bytes] = []
    size = 0
    # Read to the end rather than trust st_size: a growing file must not slip past the limit.
    while chunk := os.read(fd, 65536):
        size += len(chunk)
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateSecurityError(
                f"Template {template!r} in {root} is larger than {MAX_TEMPLATE_BYTES:,} bytes "
                "(MAX_TEMPLATE_BYTES); it was not read.",
                template=template,
            )
        chunks.append(chunk)
    return b"".join(chunks), _version(info)


# --- compiled built-in templates on disk -------------------------------------------------------


class _BytecodeCache(FileSystemBytecodeCache):
    """The built-in templates compiled by an earlier process (Jinja's own file format).

    Jinja keeps a digest of each template's source in the file and compiles again when it
    differs; the folder's name holds everything else the compiled code depends on (see
    :func:`_bytecode_cache`). A file that cannot be read back (truncated, edited) is
    compiled again, and one that cannot be written costs the next process the compile,
    nothing else.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):  # a read-only or full disk: the next process compiles again
            super().dump_bytecode(bucket)


def _bytecode_cache(options: Mapping[str, object]) -> _BytecodeCache | None:
    """The bytecode cache of the built-in templates, in the morphology cache's folder
    (``_lexicon.cache_dir``); None when the cache is off or the folder is not safe.

    The folder is named after Jinja's version and the environment's *options*, which
    change the compiled code without changing the source. Its files are code that Jinja
    runs, so the folder must belong to this user and be writable by no one else, as Jinja
    requires of its own default cache folder.
    """
    folder = _lexicon.cache_dir()
    if folder is None:
        return None
    facts = f"{jinja_version}\0{sys.implementation.cache_tag}\0{sorted(options.items())!r}"
    key = hashlib.sha256(facts.encode()).hexdigest()
    path = folder / f"templates-{key[:20]}"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    getuid = getattr(os, "getuid", None)
    if getuid is not None and (info.st_uid != getuid() or info.st_mode & 0o022):
        return None
    return _BytecodeCache(str(path))


# --- environments -------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _environment(user_dir: str | None, html: bool) -> Environment:
    """One environment per template folder (``None``: built-ins only) and output kind.

    *html* turns autoescaping on for everything the environment renders, so an HTML
    template escapes what its included text templates print.
    """
    builtin = FileSystemLoader(builtin_template_dir())
    options: dict[str, Any] = {
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": False,
        "autoescape": html,
    }
    env: Environment
    if user_dir is None:
        # The package's files do not change while it runs: compiled once, never checked,
        # and read compiled from disk by the next process.
        env = Environment(
            loader=builtin, auto_reload=False, bytecode_cache=_bytecode_cache(options), **options
        )
    else:
        loader = _LayeredLoader(_FolderLoader(user_dir), builtin)
        env = BoundedSandbox(loader=loader, auto_reload=True, **options)
    env.filters["join_natural"] = join_natural
    env.filters["linkify"] = _linkify
    if isinstance(env, BoundedSandbox):
        env.bound_filters_and_tests()
    return env


def available_tones(templates: TemplatesDir = None, *, kind: str | None = None) -> list[str]:
    """The tones that can be drafted, sorted: each ``<kind>/<tone>.txt.j2`` of the built-in
    templates and of the *templates* folder, for *kind* (``"thank_you"`` or
    ``"reminder"``) or, by default, for either.

    >>> available_tones()
    ['formal', 'warm']
    """
    if kind is not None and kind not in KINDS:
        raise FollowupMailError(
            f"kind must be one of {', '.join(map(repr, KINDS))}, not {kind!r}."
        )
    roots = [builtin_template_dir()]
    user_dir = _user_dir(templates)
    if user_dir is not None:
        roots.append(Path(user_dir))
    suffix = ".txt.j2"
    tones = {
        entry.name.removesuffix(suffix)
        for root in roots
        for folder in (root / k for k in ((kind,) if kind else KINDS))
        if folder.is_dir()
        for entry in folder.iterdir()
        if entry.name.endswith(suffix) and entry.name != f"subject{suffix}"
    }
    return sorted(tones)


def clear_template_cache() -> None:
    """Forget every environment and compiled template, built-in and custom.

    Custom templates are already re-read when their file changes; call this when files
    change without a new modification time (restored from a backup with their old
    times, or on a file system whose clock is coarse).
    """
    _environment.cache_clear()
    _globals.cache_clear()


def _is_html(name: str) -> bool:
    return name.lower().endswith(_HTML_SUFFIXES)


def _get_template(env: Environment, name: str, user_dir: str | None) -> Template:
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
    except FollowupMailError:
        raise
    except RecursionError:
        raise TemplateSecurityError(
            f"Template {name!r} nests expressions or tags too deeply to be compiled.",
            template=name,
        ) from None
    except Exception as exc:  # the parser's own limits, such as a 5,000-digit number
        raise TemplateError(
            f"Template {name!r} could not be compiled: {exc}.", template=name
        ) from None


def render(
    name: str, context: Mapping[str, object], templates: str | os.PathLike[str] | None = None
) -> str:
    """Render template *name* with *context*, from *templates* first when given.

    A template from *templates* renders in the bounded sandbox; the built-in templates are
    trusted and render without a budget. Errors name the template:
    :class:`TemplateSecurityError` for a sandbox violation, a file outside the folder or a
    render limit, :class:`TemplateVariableError` for an unknown variable,
    :class:`TemplateError` for anything else (missing file, syntax error, a failing filter).
    """
    user_dir = _user_dir(templates)
    env = _environment(user_dir, _is_html(name))
    if user_dir is None:
        template = _get_template(env, name, None)
        try:
            return _render_trusted(template, context)
        except Exception as exc:
            raise _template_error(exc, name, template.filename or name) from exc
    with render_budget():  # loading the template is charged too
        template = _get_template(env, name, user_dir)
        try:
            return render_bounded(template, context)
        except Exception as exc:
            raise _template_error(exc, name, template.filename or name) from exc


def _render_trusted(template: Template, context: Mapping[str, object]) -> str:
    """What ``template.render(context)`` gives (it runs the same ``root_render_func``),
    without copying the template's globals (a ``ChainMap``, read key by key) into a new
    dict on every call: a draft renders three templates, and that copy was nearly half the
    cost of rendering its subject."""
    parent = {**_globals(template), **context}
    context_ = template.new_context(parent, shared=True)
    return template.environment.concat(template.root_render_func(context_))


@lru_cache(maxsize=64)
def _globals(template: Template) -> dict[str, Any]:
    """A built-in template's globals (Jinja's own: ``range``, ``dict``...), copied once."""
    return dict(template.globals)


def _template_error(exc: Exception, name: str, where: str) -> Exception:
    """The library's error for *exc*, raised while rendering template *name*.

    Errors of the template's own making (a failing filter, a division by zero in a custom
    template) become a :class:`TemplateError` naming the template; the library's own
    errors pass through unchanged.
    """
    if isinstance(exc, FollowupMailError):
        return exc
    if isinstance(exc, LimitExceeded):
        return TemplateSecurityError(
            f"Template {where} exceeds a render limit: {exc}.", template=name
        )
    if isinstance(exc, SecurityError):
        return TemplateSecurityError(
            f"Template {where} tried something the sandbox forbids: {str(exc).rstrip('.')}.",
            template=name,
        )
    if isinstance(exc, RecursionError):
        return TemplateSecurityError(
            f"Template {where} exceeds a render limit: it nests includes, imports or calls "
            f"deeper than Python's recursion limit ({sys.getrecursionlimit():,}).",
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
