"""JSON and TOML with a depth limit: a hostile file is an error, never a ``RecursionError``.

Both parsers recurse once per level of nesting, and :mod:`tomllib` is quadratic in the
number of parts of a dotted key (``a.b.c...``): 5,000 parts take a second, 20,000 take
fifteen. So a linear scan measures the nesting first, skipping strings and comments,
and a document nested deeper than :data:`MAX_DEPTH` levels is refused before the
parser sees it. Notes and histories need four levels; 64 leaves room for any real file.
"""

from __future__ import annotations

import json
import re
from functools import cache
from os import PathLike
from pathlib import Path

from .errors import FollowupMailError

__all__ = ["MAX_DEPTH", "loads_json", "loads_toml", "pyproject_table"]

MAX_DEPTH = 64

# A string, an opening or a closing bracket. Strings go first, so that a bracket
# inside one is not counted; an unterminated string only makes the count larger.
_JSON_TOKENS = r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"|([\[{])|([\]}])'

# TOML adds literal and multi-line strings, comments, and dotted keys: a key part (a
# bare word or a string) after a dot is one level deeper. A value never has more than
# one dot (1.5, 07:32:00.25), so a long chain of dots is a key.
_TOML_TOKENS = (
    r'(?P<part>"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'
    r"|'''[\s\S]*?'''"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\n]*'"
    r"|[A-Za-z0-9_+:-]+)"
    r"|(?P<open>[\[{])|(?P<close>[\]}])|(?P<dot>\.)|[ \t]+|#[^\n]*|(?P<other>[\s\S])"
)


@cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _too_deep(origin: str, kind: str, error: type[FollowupMailError]) -> FollowupMailError:
    return error(
        f"{origin}: the {kind} is nested deeper than {MAX_DEPTH} levels, the most "
        "followup-mail reads."
    )


def loads_json(raw: bytes | str, origin: str, error: type[FollowupMailError]) -> object:
    """Decode JSON as :func:`json.loads` does, at most :data:`MAX_DEPTH` levels deep.

    Any failure raises *error* naming *origin*.
    """
    try:
        # What json.loads does with bytes (UTF-8, -16 or -32), so that the scan reads
        # the same text as the parser.
        text = (
            raw if isinstance(raw, str) else raw.decode(json.detect_encoding(raw), "surrogatepass")
        )
        # Fewer brackets than the limit cannot nest deeper: most files skip the scan.
        if text.count("[") + text.count("{") > MAX_DEPTH and json_depth(text) > MAX_DEPTH:
            raise _too_deep(origin, "JSON", error)
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise error(f"{origin}: not valid JSON: {exc}.") from None
    except RecursionError:  # the scan should have refused it; never a traceback
        raise _too_deep(origin, "JSON", error) from None


def loads_toml(raw: bytes, origin: str, error: type[FollowupMailError]) -> dict[str, object]:
    """Decode UTF-8 TOML as :func:`tomllib.loads` does, at most :data:`MAX_DEPTH` levels deep.

    The document itself is the first level. Any failure raises *error* naming *origin*.
    """
    import tomllib  # on first use: notes and history are JSON more often than not

    try:
        text = raw.decode("utf-8")
        if toml_depth(text) > MAX_DEPTH:
            raise _too_deep(origin, "TOML", error)
        data = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise error(f"{origin}: not valid TOML: {exc}.") from None
    except RecursionError:  # the scan should have refused it; never a traceback
        raise _too_deep(origin, "TOML", error) from None
    # Table headers and dotted keys add up ([a.b] then c.d = 1 is four levels deep),
    # which the scan does not sum: measure what was built.
    if data_depth(data) > MAX_DEPTH:
        raise _too_deep(origin, "TOML", error)
    return data


def json_depth(text: str) -> int:
    """How many arrays and objects are open at most in the JSON *text* (``[{}]`` is 2).

    The scan stops one level past :data:`MAX_DEPTH`.
    """
    depth = deepest = 0
    for token in _pattern(_JSON_TOKENS).finditer(text):
        if token.group(1):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
        elif token.group(2):
            depth = max(depth - 1, 0)
    return deepest


def toml_depth(text: str) -> int:
    """The deepest nesting of brackets or of a dotted key's parts in the TOML *text*.

    Counted outside strings and comments: ``x = [[1]]`` is 2, ``a.b.c = 1`` is 3. The
    scan stops one level past :data:`MAX_DEPTH`.
    """
    depth = deepest = chain = 0
    after_dot = False
    for token in _pattern(_TOML_TOKENS).finditer(text):
        kind = token.lastgroup
        if kind is None:  # blanks and comments: a dotted key may have spaces around dots
            continue
        if kind == "part":
            chain = chain + 1 if after_dot else 1
            deepest = max(deepest, chain)
        elif kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
        after_dot = kind == "dot"
        if kind not in ("part", "dot"):
            chain = 0
        if deepest > MAX_DEPTH:
            break
    return deepest


def data_depth(data: object) -> int:
    """How deeply lists and dicts nest in *data* (``{"a": [1]}`` is 2), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: list[object] = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in children)
    return deepest


def pyproject_table(
    path: str | PathLike[str], section: str, error: type[FollowupMailError]
) -> tuple[str, dict[str, object]]:
    """The table ``[tool.followup-mail.<section>]`` of a ``pyproject.toml``, empty if absent.

    Returns the file as shown in messages and the table. The file is read bounded and
    decoded with the depth limit; a level that is not a table (``tool = 5``) raises *error*
    naming the file and the table.
    """
    from ._files import read_file, shown

    where = shown(path)
    try:
        raw = read_file(Path(path), error, "the file")
    except ValueError as exc:  # a NUL in the path; our own errors pass through
        if isinstance(exc, FollowupMailError):
            raise
        raise error(f"{where}: cannot read the file (a NUL in its path).") from None
    data = loads_toml(raw, where, error)
    names = ("tool", "followup-mail", section)
    table: dict[str, object] = data
    for depth, key in enumerate(names, 1):
        value = table.get(key, {})
        if not isinstance(value, dict):
            raise error(f"{where}: [{'.'.join(names[:depth])}] must be a table.")
        table = value
    return where, table
