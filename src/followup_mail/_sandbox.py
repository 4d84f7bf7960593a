"""The render budget of a custom template: Jinja's sandbox, bounded.

Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` stops attribute tricks
(``__class__``, ``__globals__``) but not a template that asks for a gigabyte or an hour:
``'{:>999999999}'.format('x')``, ``9 ** 99 ** 99``, two nested loops of 100,000. Here
every operator, filter, method call, loop, comparison, literal and output chunk of a
custom template is charged to a per-render budget (the ``MAX_*`` constants), and going
over a limit raises :class:`LimitExceeded` naming it, before the memory or time is spent.

What the sandbox's hooks do not see (loops, ``~``, comparisons, literals, slices) is
routed through them by :class:`_BudgetCodeGenerator`, the compiler of custom templates.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import update_wrapper, wraps
from types import GeneratorType
from typing import Any, cast

from jinja2 import Template, nodes
from jinja2.compiler import CodeGenerator, Frame, operators, optimizeconst
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace, _PassArg
from markupsafe import Markup

__all__ = [
    "MAX_CALLS",
    "MAX_CALL_DEPTH",
    "MAX_INT_BITS",
    "MAX_LOOP_ITERATIONS",
    "MAX_NESTING",
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_WIDTH",
    "MAX_WORK",
    "BoundedSandbox",
    "LimitExceeded",
    "render_bounded",
    "render_budget",
]

# --- the render budget of a custom template ----------------------------------------------
# Generous for any real email (a follow-up is a few hundred words; a panel of 27 with every
# topic listed loops about a hundred times), tight enough that no template can take more
# than a few tens of megabytes or a second or two.

#: Characters one render may output, and characters or items in any value a template
#: builds: twenty times a long email, and nothing longer could be printed anyway.
MAX_OUTPUT = 100_000
#: Loop iterations in one render, all ``for`` loops together (nested loops multiply).
MAX_LOOP_ITERATIONS = 10_000
#: Items in one ``range()``: a longer one could not be looped over within the budget.
MAX_RANGE = MAX_LOOP_ITERATIONS
#: Calls of macros, functions and methods, and template loads (includes, imports) in a render.
MAX_CALLS = 10_000
#: Macro and recursive-loop calls in progress at once: far below Python's recursion limit.
MAX_CALL_DEPTH = 50
#: Levels of nesting in a value a template prints, compares or builds.
MAX_NESTING = 100
#: Format widths and precisions, paddings, indents, tab sizes and wrap widths.
MAX_WIDTH = 1_000
#: Bits of an integer a template computes: 1,233 digits, within Python's 4,300-digit printing.
MAX_INT_BITS = 4_096
#: Units of work in one render: one per template step run (a loop body or macro body costs
#: its number of steps each time) and per character or item built, read or compared;
#: twenty times the output limit, and about a second at most.
MAX_WORK = 2_000_000
#: Bytes of one template file in the caller's folder: twenty times the longest built-in one,
#: room for an HTML email with inline styles; compiling it takes under a second.
_INT_DIGITS = MAX_INT_BITS * 30103 // 100000 + 1  # decimal digits of the largest allowed integer
_OPAQUE = 64  # characters assumed for an object printed by its repr (a date, a macro, a cycler)


# --- the render budget ------------------------------------------------------------------------


class LimitExceeded(SecurityError):
    """A custom template went over a render limit; the message names the limit."""

    def __init__(self, what: str, name: str, limit: int) -> None:
        super().__init__(f"{what} ({name} is {limit:,})")


class _Budget:
    """What one render of a custom template has used so far."""

    __slots__ = ("calls", "depth", "loops", "work")

    def __init__(self) -> None:
        self.work = 0
        self.loops = 0
        self.calls = 0
        self.depth = 0

    def charge(self, units: int) -> None:
        self.work += units
        if self.work > MAX_WORK:
            raise LimitExceeded(
                f"more than {MAX_WORK:,} units of work: template steps run, and characters "
                "and items built, read or compared",
                "MAX_WORK",
                MAX_WORK,
            )

    def loop(self) -> None:
        self.loops += 1
        if self.loops > MAX_LOOP_ITERATIONS:
            raise LimitExceeded(
                f"more than {MAX_LOOP_ITERATIONS:,} loop iterations",
                "MAX_LOOP_ITERATIONS",
                MAX_LOOP_ITERATIONS,
            )
        self.charge(1)

    def call(self) -> None:
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise LimitExceeded(
                f"more than {MAX_CALLS:,} calls and template loads", "MAX_CALLS", MAX_CALLS
            )
        self.charge(1)


# One budget per render, per thread: the sandbox's hooks find it here.
_BUDGET: ContextVar[_Budget | None] = ContextVar("followup_mail_render_budget", default=None)


def _current() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:  # the bounded sandbox is private to render(), which always sets one
        raise RuntimeError("a custom template was rendered outside render_budget()")
    return budget


@contextmanager
def render_budget() -> Iterator[None]:
    """A fresh budget for everything rendered inside: loading, rendering, included templates."""
    token = _BUDGET.set(_Budget())
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _too_large(what: str) -> LimitExceeded:
    return LimitExceeded(
        f"{what} longer than {MAX_OUTPUT:,} characters or items", "MAX_OUTPUT", MAX_OUTPUT
    )


def _width(what: str, value: object) -> None:
    """Refuse a width-like argument above :data:`MAX_WIDTH` (either sign)."""
    if isinstance(value, int) and abs(value) > MAX_WIDTH:
        raise LimitExceeded(f"{what} of {_shown(value)}", "MAX_WIDTH", MAX_WIDTH)


def _shown(value: int) -> str:
    return (
        f"{value:,}" if value.bit_length() <= 64 else f"an integer of {value.bit_length():,} bits"
    )


def _int_bits(value: int) -> None:
    if value.bit_length() > MAX_INT_BITS:
        raise LimitExceeded(
            f"an integer of {value.bit_length():,} bits", "MAX_INT_BITS", MAX_INT_BITS
        )


_TEXT = (str, bytes, bytearray)
_SEQUENCES = (list, tuple, set, frozenset, deque)
_VIEWS: tuple[type, ...] = (type({}.keys()), type({}.values()), type({}.items()))
_CONTAINERS = (*_SEQUENCES, *_VIEWS, range)
_SCALARS = (float, bool, type(None))
# Lazy results of filters (map, select, unique, items, reverse...): counted as consumed.
_LAZY: tuple[type, ...] = (
    GeneratorType,
    type(reversed([])),
    type(reversed(())),
    reversed,
    map,
    filter,
    zip,
)


def _weight(value: object, cap: int, indent: int = 0, align_keys: bool = False) -> int:
    """About how many characters *value* prints as (repr of containers), up to *cap* + 1.

    Shared references count each time, as printing repeats them; the walk stops as soon as
    the total passes *cap*, so it costs at most about *cap* steps whatever the value.
    *indent* adds that many characters per nesting level for every element (``tojson``'s
    and ``pprint``'s indentation); *align_keys* adds each dict key's length to the
    indentation of its value (``pprint`` aligns continuation lines under the key).
    """
    total = 0
    stack: list[tuple[object, int, int]] = [(value, 0, 0)]
    while stack:
        item, depth, margin = stack.pop()
        total += margin
        if isinstance(item, _TEXT):
            total += len(item) + 2
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        elif isinstance(item, _SCALARS):
            total += 24
        else:
            children, pairs = _children(item)
            if children is None:
                total += _OPAQUE
            else:
                if depth >= MAX_NESTING:
                    raise LimitExceeded(
                        f"a value nested more than {MAX_NESTING} levels deep",
                        "MAX_NESTING",
                        MAX_NESTING,
                    )
                inner = margin + indent
                total += 2
                for child in children:
                    total += 2  # the separator, so that the walk's cost stays within the cap
                    if pairs:
                        key, val = cast(tuple[object, object], child)
                        stack.append((key, depth + 1, inner))
                        shift = _weight(key, cap) if align_keys else 0
                        stack.append((val, depth + 1, inner + shift))
                    else:
                        stack.append((child, depth + 1, inner))
                    if total > cap:
                        return total
        if total > cap:
            return total
    return total


def _children(item: object) -> tuple[Iterable[object] | None, bool]:
    """The parts a container prints (``None`` for an object printed whole), and whether
    they are key-value pairs."""
    if isinstance(item, _CONTAINERS):
        return cast(Iterable[object], item), False
    if isinstance(item, dict):
        return item.items(), True
    if isinstance(item, Namespace):  # printed as <Namespace {...}>
        attrs: dict[str, object] = object.__getattribute__(item, "_Namespace__attrs")
        return attrs.items(), True
    if isinstance(item, TemplateModule):  # an imported template prints its whole output
        body: list[str] = object.__getattribute__(item, "_body_stream")
        return body, False
    return None, False


def _measure(value: object, budget: _Budget) -> int:
    """Charge and return the size of *value*; refuse one larger than :data:`MAX_OUTPUT`."""
    if isinstance(value, _TEXT):
        size = len(value)
    elif isinstance(value, int):
        _int_bits(value)
        size = 1
    elif isinstance(value, _SCALARS):
        size = 1
    else:
        size = _weight(value, MAX_OUTPUT)
    budget.charge(size + 1)  # an empty string costs a step too
    if size > MAX_OUTPUT:
        raise _too_large("a value")
    return size


def _checked(value: Any, budget: _Budget) -> Any:
    """The result of an operation, measured; a lazy one is counted as it is consumed."""
    if isinstance(value, _LAZY):
        return _Counted(cast(Iterable[Any], value), loop=False)
    _measure(value, budget)
    return value


class _Counted:
    """An iterable that charges every item it yields to the render's budget.

    :param loop: count items as loop iterations (a ``for`` loop) rather than as the items
        of one lazy value (a filter's generator), which may hold :data:`MAX_OUTPUT`.
    """

    __slots__ = ("_items", "_loop")

    def __init__(self, items: Iterable[Any], *, loop: bool) -> None:
        self._items = items
        self._loop = loop

    def __iter__(self) -> Iterator[Any]:
        budget = _current()
        count = 0
        for item in self._items:
            if self._loop:
                budget.loop()
            else:
                count += 1
                if count > MAX_OUTPUT:
                    raise _too_large("a sequence")
                budget.charge(1)
            yield item

    def __len__(self) -> int:
        # A generator has no length: LoopContext and len() see the same TypeError as before.
        return len(self._items)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return repr(self._items)


def _bounded_loop(iterable: Any) -> _Counted:
    """What every ``for`` loop of a custom template iterates over (see the code generator)."""
    return _Counted(iterable, loop=True)


def _charge_steps(steps: int) -> None:
    """What a template, loop body, macro or block charges each time it starts to run."""
    _current().charge(steps)


def _range(*args: int) -> range:
    """``range()`` limited to :data:`MAX_RANGE` items."""
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:  # more items than a C integer holds
        size = MAX_RANGE + 1
    if size > MAX_RANGE:
        raise LimitExceeded(f"a range of more than {MAX_RANGE:,} items", "MAX_RANGE", MAX_RANGE)
    return numbers


def _no_lipsum(*args: object, **kwargs: object) -> str:
    raise SecurityError(
        "lipsum() is not available to custom templates: it builds placeholder text of any "
        "size, and a sent email has no use for it"
    )


# --- operators ------------------------------------------------------------------------------


def _check_repeat(seq: object, times: object, budget: _Budget) -> None:
    """``seq * times``: refuse a result over :data:`MAX_OUTPUT` before building it."""
    if not isinstance(times, int) or times <= 0:
        return
    if isinstance(seq, _TEXT):
        size = len(seq)
    elif isinstance(seq, list | tuple):
        size = _weight(seq, MAX_OUTPUT)
        budget.charge(size)
    else:
        return
    if size * times > MAX_OUTPUT:
        raise _too_large("repeating a sequence gives a value")


def _check_product(left: int, right: int) -> None:
    # A product has at least bits(a) + bits(b) - 1 bits.
    if left and right and left.bit_length() + right.bit_length() - 1 > MAX_INT_BITS:
        raise LimitExceeded(
            f"a product of about {left.bit_length() + right.bit_length():,} bits",
            "MAX_INT_BITS",
            MAX_INT_BITS,
        )


def _check_power(base: int, exponent: int) -> None:
    # |base| >= 2 to the power e has at least e * (bits(base) - 1) + 1 bits.
    if exponent > 0 and abs(base) > 1 and exponent * (abs(base).bit_length() - 1) >= MAX_INT_BITS:
        raise LimitExceeded(
            f"a power of {_shown(base)} to the {_shown(exponent)}", "MAX_INT_BITS", MAX_INT_BITS
        )


def _check_percent(fmt: str | bytes | bytearray, values: object, budget: _Budget) -> None:
    """``fmt % values``: refuse widths, precisions and results over the limits.

    Walks the conversions as CPython's ``%`` does (nested parentheses in ``%(key)``, ``*``
    widths taken from the arguments); where the arguments do not fit the format, it stops
    and lets ``%`` raise its own error.
    """
    text = fmt.decode("latin-1") if isinstance(fmt, bytes | bytearray) else fmt
    if "%" not in text:
        return
    positional = values if isinstance(values, tuple) else (values,)
    next_arg = 0
    total = len(text)
    end = len(text)
    i = text.find("%")
    while 0 <= i < end - 1:
        i += 1
        key: str | None = None
        if text[i] == "(":
            depth, start = 1, i + 1
            while i + 1 < end and depth:
                i += 1
                depth += {"(": 1, ")": -1}.get(text[i], 0)
            key = text[start:i]
            i += 1
        while i < end and text[i] in "-+ #0":
            i += 1
        numbers: list[int] = []
        for prefix in ("", "."):
            if prefix and (i >= end or text[i] != "."):
                break
            i += len(prefix)
            if i < end and text[i] == "*":
                if next_arg >= len(positional) or not isinstance(positional[next_arg], int):
                    return
                numbers.append(positional[next_arg])
                _width("a format width or precision", numbers[-1])
                next_arg += 1
                i += 1
            else:
                start = i
                while i < end and "0" <= text[i] <= "9":
                    i += 1
                if i > start:
                    numbers.append(_spec_number(text[start:i]))
        if i < end and text[i] in "hlL":
            i += 1
        if i >= end:
            return
        conversion = text[i]
        if conversion != "%":
            try:
                value = values[key] if key is not None else positional[next_arg]  # type: ignore[index]
            except Exception:  # % raises the same error on its own
                return
            if key is None:
                next_arg += 1
            size = _measure(value, budget)
            total += sum(abs(n) for n in numbers) + size * (10 if conversion in "ra" else 1)
            if total > MAX_OUTPUT:
                raise _too_large("a %-format gives a string")
        i = text.find("%", i + 1)


_SPEC_DIGITS = re.compile(r"\d+")  # Unicode digits too: str.format reads them as widths


def _spec_number(digits: str) -> int:
    """The width or precision a run of digits in a format writes, within MAX_WIDTH."""
    if len(digits) > 20:  # named by its length: converting a huge number costs time
        raise LimitExceeded(
            f"a format width or precision of {len(digits):,} digits", "MAX_WIDTH", MAX_WIDTH
        )
    number = int(digits)
    _width("a format width or precision", number)
    return number


def _check_spec(spec: str) -> None:
    """A ``str.format`` field's spec: every number in it (width, precision) within MAX_WIDTH.

    A custom ``__format__`` (a date's ``strftime`` spec) has numbers only as literal text;
    one over :data:`MAX_WIDTH` there is refused too, which costs no real email anything.
    """
    for digits in _SPEC_DIGITS.findall(spec):
        _spec_number(digits)


class _BoundedFormatter(SandboxedFormatter):
    """``str.format`` in the sandbox, with widths and the result's length bounded."""

    _written = 0

    def vformat(self, format_string: str, args: Any, kwargs: Mapping[str, Any]) -> str:
        self._written = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        _measure(value, _current())
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_spec(format_spec)
        _measure(value, _current())
        text = super().format_field(value, format_spec)
        self._written += len(text)
        if self._written > MAX_OUTPUT:
            raise _too_large("str.format gives a string")
        return text


class _BoundedEscapeFormatter(_BoundedFormatter, SandboxedEscapeFormatter):
    """``Markup.format``: escaping arguments, within the same bounds."""


# --- methods of builtin types ---------------------------------------------------------------


def _arg(
    args: tuple[Any, ...], kwargs: Mapping[str, Any], index: int, name: str, default: Any
) -> Any:
    """An argument given by position or by name, else its default."""
    return args[index] if len(args) > index else kwargs.get(name, default)


def _check_replacement(
    text: object, old: object, new: object, count: object, budget: _Budget
) -> None:
    """``replace``: the result is at most len + occurrences * (len(new) - len(old))."""
    if not (isinstance(text, _TEXT) and isinstance(old, _TEXT) and isinstance(new, _TEXT)):
        return
    try:
        found = text.count(old) if old else len(text) + 1  # type: ignore[arg-type]
    except TypeError:  # str and bytes mixed: replace raises the same
        return
    budget.charge(len(text))
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    if len(text) + found * (len(new) - len(old)) > MAX_OUTPUT:
        raise _too_large("a replacement gives a string")


def _check_joined(items: list[Any], separator: int, budget: _Budget) -> None:
    total = separator * max(len(items) - 1, 0)
    for item in items:
        total += len(item) if isinstance(item, _TEXT) else _weight(item, MAX_OUTPUT)
        if total > MAX_OUTPUT:
            raise _too_large("joining gives a string")
    budget.charge(total)


def _materialize(value: Any) -> list[Any] | None:
    """The items of an iterable (consumed once, counted), or ``None`` if it is not one."""
    try:
        return list(value)
    except TypeError:
        return None


_MethodCheck = Callable[[Any, tuple[Any, ...], dict[str, Any], _Budget], tuple[Any, ...]]


def _pad(name: str) -> _MethodCheck:
    def check(
        text: Any, args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget
    ) -> tuple[Any, ...]:
        _width(f"a {name} width", _arg(args, kwargs, 0, "width", 0))
        return args

    return check


def _expandtabs(
    text: Any, args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget
) -> tuple[Any, ...]:
    size = _arg(args, kwargs, 0, "tabsize", 8)
    _width("a tab size", size)
    if isinstance(size, int) and size > 0:
        tabs = text.count("\t" if isinstance(text, str) else b"\t")
        if len(text) + tabs * size > MAX_OUTPUT:
            raise _too_large("expanding tabs gives a string")
    return args


def _replace(
    text: Any, args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget
) -> tuple[Any, ...]:
    if len(args) >= 2:
        _check_replacement(text, args[0], args[1], _arg(args, kwargs, 2, "count", -1), budget)
    return args


def _join(
    text: Any, args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget
) -> tuple[Any, ...]:
    if not args:
        return args
    items = _materialize(args[0])
    if items is None:
        return args
    _check_joined(items, len(text), budget)
    return (items, *args[1:])


def _translate(
    text: Any, args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget
) -> tuple[Any, ...]:
    table = args[0] if args else None
    if isinstance(table, dict):
        budget.charge(len(table))
        longest = max((len(v) for v in table.values() if isinstance(v, _TEXT)), default=1)
        if len(text) * longest > MAX_OUTPUT:
            raise _too_large("a translation gives a string")
    return args


def _to_bytes(
    number: Any, args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget
) -> tuple[Any, ...]:
    length = _arg(args, kwargs, 0, "length", 1)
    if isinstance(length, int) and length > MAX_OUTPUT:
        raise _too_large("int.to_bytes gives a value")
    return args


_TEXT_METHODS: dict[str, _MethodCheck] = {
    "center": _pad("centering"),
    "ljust": _pad("padding"),
    "rjust": _pad("padding"),
    "zfill": _pad("zero-padding"),
    "expandtabs": _expandtabs,
    "replace": _replace,
    "join": _join,
    "translate": _translate,
}
_INT_METHODS: dict[str, _MethodCheck] = {"to_bytes": _to_bytes}
_GROWABLE = (list, dict, set, bytearray, deque)


# --- filters --------------------------------------------------------------------------------

_FilterCheck = Callable[[tuple[Any, ...], dict[str, Any], _Budget], Any]


def _filter_center(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    _width("a centering width", _arg(args, kwargs, 1, "width", 80))
    return args[0]


def _filter_indent(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    text, width = args[0], _arg(args, kwargs, 1, "width", 4)
    size = len(width) if isinstance(width, str) else width
    _width("an indent", size)
    if not isinstance(text, str) or not isinstance(size, int):
        return text
    if len(text) + (text.count("\n") + 1) * size > MAX_OUTPUT:
        raise _too_large("indenting gives a string")
    return text


def _filter_wordwrap(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    text, width = args[0], _arg(args, kwargs, 1, "width", 79)
    _width("a wrap width", width)
    separator = _arg(args, kwargs, 3, "wrapstring", None)
    joint = len(separator) if isinstance(separator, str) else 1
    if isinstance(text, str) and isinstance(width, int) and width > 0:
        # Two consecutive lines hold more than `width` characters of the text, so a
        # paragraph of n characters wraps into fewer than 2n/width + 1 lines.
        lines = 2 * len(text) // width + len(text.splitlines()) + 1
        if len(text) + lines * joint > MAX_OUTPUT:
            raise _too_large("wrapping gives a string")
    return text


def _filter_replace(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    if len(args) >= 3:
        _check_replacement(args[0], args[1], args[2], _arg(args, kwargs, 3, "count", None), budget)
    return args[0]


def _joining(name: str, default: str, extra: int) -> _FilterCheck:
    """``join`` and ``join_natural``: the items, counted once, and the separator *name*
    (plus *extra* characters) between each two, within :data:`MAX_OUTPUT`."""

    def check(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
        items = _materialize(args[0])
        if items is None:
            return args[0]
        separator = _arg(args, kwargs, 1, name, default)
        _check_joined(items, extra + (len(separator) if isinstance(separator, str) else 0), budget)
        return items

    return check


def _filter_format(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    # The filter formats str(value): a list holding '%999999999s' is a format too.
    _check_percent(str(args[0]), kwargs or args[1:], budget)
    return args[0]


def _parts(what: str, name: str) -> _FilterCheck:
    """``batch`` and ``slice``: at most :data:`MAX_OUTPUT` parts (each may be padded)."""

    def check(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
        count = _arg(args, kwargs, 1, name, 1)
        if isinstance(count, int) and count > MAX_OUTPUT:
            raise _too_large(what)
        return args[0]

    return check


def _filter_sum(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    start = _arg(args, kwargs, 2, "start", 0)
    if isinstance(start, int | float):
        return args[0]
    items = _materialize(args[0])
    if items is None:
        return args[0]
    # Adding sequences copies the running total each time: n items cost n times the total.
    budget.charge(len(items) * _weight(items, MAX_OUTPUT))
    return items


def _filter_tojson(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    indent = _arg(args, kwargs, 1, "indent", None)
    step = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
    _width("a JSON indent", step)
    size = _weight(args[0], MAX_OUTPUT, indent=max(step, 0) + 1)
    budget.charge(size)
    if size > MAX_OUTPUT:
        raise _too_large("JSON")
    return args[0]


def _filter_pprint(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    size = _weight(args[0], MAX_OUTPUT, indent=1, align_keys=True)
    budget.charge(size)
    if size > MAX_OUTPUT:
        raise _too_large("a pretty-printed value")
    return args[0]


def _filter_urlize(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    text = args[0]
    extra = sum(
        len(v)
        for v in (_arg(args, kwargs, 3, "target", None), _arg(args, kwargs, 4, "rel", None))
        if isinstance(v, str)
    )
    if isinstance(text, str) and extra and (len(text.split()) + 1) * extra > MAX_OUTPUT:
        raise _too_large("linking URLs gives a string")
    return text


def _filter_int(args: tuple[Any, ...], kwargs: dict[str, Any], budget: _Budget) -> Any:
    text = args[0]
    if isinstance(text, str) and len(text.strip().lstrip("+-")) > _INT_DIGITS:
        raise LimitExceeded(
            f"an integer of {len(text.strip()):,} digits", "MAX_INT_BITS", MAX_INT_BITS
        )
    return text


# Filters whose output can outgrow their input by an argument (a width, a count, a
# separator repeated per item or line); the others are linear and checked by their result.
_FILTER_CHECKS: dict[str, _FilterCheck] = {
    "batch": _parts("a batch", "linecount"),
    "center": _filter_center,
    "format": _filter_format,
    "indent": _filter_indent,
    "int": _filter_int,
    "join": _joining("d", "", 0),
    "join_natural": _joining("conjunction", "and", 2),
    "pprint": _filter_pprint,
    "replace": _filter_replace,
    "slice": _parts("a slicing", "slices"),
    "sum": _filter_sum,
    "tojson": _filter_tojson,
    "urlize": _filter_urlize,
    "wordwrap": _filter_wordwrap,
}


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """*function* measuring its arguments and result, with *name*'s own check first."""
    skip = 0 if _PassArg.from_obj(function) is None else 1  # the context Jinja passes first
    check = _FILTER_CHECKS.get(name)

    @wraps(function)  # keeps jinja_pass_arg, so Jinja passes the same first argument
    def bounded(*args: Any, **kwargs: Any) -> Any:
        budget = _current()
        budget.charge(1)
        for value in args[skip:]:
            _measure(value, budget)
        for value in kwargs.values():
            _measure(value, budget)
        if check is not None and len(args) > skip:
            value = check(args[skip:], kwargs, budget)
            args = (*args[:skip], value, *args[skip + 1 :])
        return _checked(function(*args, **kwargs), budget)

    return bounded


def _measured_test(function: Callable[..., Any]) -> Callable[..., Any]:
    """A test (``is in``, ``is eq``...) that charges the size of what it compares."""
    skip = 0 if _PassArg.from_obj(function) is None else 1

    @wraps(function)
    def measured(*args: Any, **kwargs: Any) -> Any:
        budget = _current()
        budget.charge(1)
        for value in args[skip:]:
            _measure(value, budget)
        return function(*args, **kwargs)

    return measured


# --- the code of a custom template ------------------------------------------------------------


def _hook(name: str, args: list[nodes.Expr], lineno: int) -> nodes.Call:
    """A call of ``environment.<name>``: code a template's own source cannot name."""
    return nodes.Call(nodes.EnvironmentAttribute(name), args, [], None, None, lineno=lineno)


def _steps(node: nodes.Node) -> int:
    """The size of *node* in template steps (its AST nodes), charged each time it runs."""
    return 1 + sum(1 for _ in node.find_all(nodes.Node))


class _BudgetCodeGenerator(CodeGenerator):
    """Jinja's compiler, routing what the sandbox does not see through the budget.

    Every ``for`` loop iterates through ``environment.bounded_loop``; the template, each
    loop body, macro, call block and block first charge their size in steps; ``~`` joins
    through ``environment.bounded_concat``; comparison operands, list/tuple/dict literals
    and slices go through ``environment.measured``.
    """

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # Rewritten before any symbol analysis, so recursive loops and `loop.length` work.
        bodies = (nodes.For, nodes.Macro, nodes.CallBlock, nodes.Block)
        scopes: list[Any] = [node, *node.find_all(bodies)]
        for scope in scopes:
            lineno = scope.lineno or 1
            charge = _hook("charge_steps", [nodes.Const(_steps(scope))], lineno)
            scope.body.insert(0, nodes.ExprStmt(charge, lineno=lineno))
            if isinstance(scope, nodes.For):
                scope.iter = _hook("bounded_loop", [cast(nodes.Expr, scope.iter)], lineno)
        node.set_environment(self.environment)
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")

    @optimizeconst
    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        self.write("(environment.measured(")
        self.visit(node.expr, frame)
        self.write(")")
        for operand in node.ops:
            self.write(f" {operators[operand.op]} environment.measured(")
            self.visit(operand.expr, frame)
            self.write(")")
        self.write(")")

    def _measured(self, visit: Callable[[Any, Frame], None], node: Any, frame: Frame) -> None:
        self.write("environment.measured(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._measured(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._measured(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx == "store":  # a target such as `for a, b in ...`, not a value
            super().visit_Tuple(node, frame)
        else:
            self._measured(super().visit_Tuple, node, frame)

    def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
        if isinstance(node.arg, nodes.Slice):  # slices bypass environment.getitem
            self._measured(super().visit_Getitem, node, frame)
        else:
            super().visit_Getitem(node, frame)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox within the render budget (see the ``MAX_*`` constants)."""

    code_generator_class = _BudgetCodeGenerator
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=self._finalize, **options)
        self.globals["range"] = _range
        self.globals["lipsum"] = _no_lipsum

    def bound_filters_and_tests(self) -> None:
        """Wrap every filter and test; call once all filters are registered."""
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.tests = {
            name: _measured_test(cast(Callable[..., Any], t)) for name, t in self.tests.items()
        }

    # Hooks the generated code calls (see _BudgetCodeGenerator); its own, not the
    # template's, so they use no call budget.
    bounded_loop = staticmethod(_bounded_loop)
    charge_steps = staticmethod(_charge_steps)

    @staticmethod
    def measured(value: Any) -> Any:
        _measure(value, _current())
        return value

    @staticmethod
    def bounded_concat(parts: tuple[Any, ...], autoescape: bool) -> str:
        budget = _current()
        total = 0
        for part in parts:
            total += len(part) if isinstance(part, str) else _weight(part, MAX_OUTPUT)
            if total > MAX_OUTPUT:
                raise _too_large("joining with ~ gives a string")
        budget.charge(total)
        return markup_join(parts) if autoescape else str_join(parts)

    def concat(self, parts: Iterable[str]) -> str:
        """Join captured output (``{% set %}`` blocks, macro bodies, filter blocks)."""
        pieces = list(parts)
        total = sum(map(len, pieces))
        _current().charge(total)
        if total > MAX_OUTPUT:
            raise _too_large("captured output")
        return "".join(pieces)

    @staticmethod
    def _finalize(value: Any) -> Any:
        """Every ``{{ ... }}``: measured before it is turned into text."""
        _measure(value, _current())
        return value

    # The sandbox's own hooks.

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = _current()
        budget.charge(1)
        ints = isinstance(left, int) and isinstance(right, int)
        if operator == "*":
            if ints:
                _check_product(left, right)
            else:
                _check_repeat(left, right, budget)
                _check_repeat(right, left, budget)
        elif operator == "**" and ints:
            _check_power(left, right)
        elif operator == "%" and isinstance(left, _TEXT):
            _check_percent(left, right, budget)
        return _checked(self.binop_table[operator](left, right), budget)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if obj is _bounded_loop or obj is _charge_steps:
            return obj(*args)
        budget = _current()
        budget.call()
        if not self.is_safe_callable(obj):
            raise SecurityError(f"{obj!r} is not safely callable")
        if isinstance(obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (_bounded_loop(args[0]), *args[1:])
        receiver = getattr(obj, "__self__", None)
        check = None
        if isinstance(receiver, _TEXT):
            check = _TEXT_METHODS.get(getattr(obj, "__name__", ""))
        elif isinstance(receiver, int) and not isinstance(receiver, bool):
            check = _INT_METHODS.get(getattr(obj, "__name__", ""))
        if check is not None:
            plain = {k: v for k, v in kwargs.items() if k not in ("_loop_vars", "_block_vars")}
            args = check(receiver, args, plain, budget)
        budget.depth += 1
        try:
            if budget.depth > MAX_CALL_DEPTH:
                raise LimitExceeded(
                    f"more than {MAX_CALL_DEPTH} nested calls", "MAX_CALL_DEPTH", MAX_CALL_DEPTH
                )
            result = context.call(obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        if isinstance(receiver, _GROWABLE) and len(receiver) > MAX_OUTPUT:
            raise _too_large("a growing container")  # append, extend, update, ...
        return _checked(result, budget)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map`` through :class:`_BoundedFormatter`."""
        if not callable(value) or getattr(value, "__name__", None) not in ("format", "format_map"):
            return None
        owner = getattr(value, "__self__", None)
        if not isinstance(owner, str):
            return None
        formatter: _BoundedFormatter
        if isinstance(owner, Markup):
            formatter = _BoundedEscapeFormatter(self, escape=owner.escape)
        else:
            formatter = _BoundedFormatter(self)
        as_map = value.__name__ == "format_map"
        kind = type(owner)

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if as_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                kwargs, args = args[0], ()
            return kind(formatter.vformat(owner, args, kwargs))

        return update_wrapper(wrapper, value)

    def get_template(self, *args: Any, **kwargs: Any) -> Template:
        _current().call()  # includes, imports and extends count as calls
        return super().get_template(*args, **kwargs)

    def select_template(self, *args: Any, **kwargs: Any) -> Template:
        _current().call()
        return super().select_template(*args, **kwargs)


def render_bounded(template: Template, context: Mapping[str, object]) -> str:
    """Render chunk by chunk, stopping as soon as the output passes :data:`MAX_OUTPUT`."""
    parts: list[str] = []
    size = 0
    stream = cast(Generator[str, None, None], template.generate(context))
    try:
        for part in stream:
            size += len(part)
            if size > MAX_OUTPUT:
                raise _too_large("output")
            parts.append(part)
    finally:
        stream.close()
    return "".join(parts)
