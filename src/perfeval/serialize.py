r"""Strict JSON for the model: ``loads``/``dumps``, ``load``/``dump``, ``to_dict``/``from_dict``.

One cattrs converter, configured once from the classes and their field metadata,
turns parsed JSON into the model and back. It never coerces: a number where a decimal
string belongs, a string where an array belongs, ``true`` where an integer belongs are
errors; unknown members are errors (except inside ``extensions``, kept as given);
``null`` is never a value (absent members are omitted).

Loading has two speeds. The fast path structures the document with generated
functions that stop at the first problem; only when it fails does a second,
detailed pass run to collect *every* problem with its JSON pointer, so that a valid
document pays nothing for good error reports.

The JSON layer itself rejects duplicate member names at any depth, ``NaN`` and
``Infinity``, invalid UTF-8, and a document that is not an object. A UTF-8 byte
order mark at the start of ``bytes`` input is rejected too: RFC 8259 forbids
producers to add one, and accepting it would make ``dumps(loads(b))`` differ from
``b``; the error says how to fix it. So is a lone surrogate (``"\ud800"``), which is
no character and could not be written back as UTF-8.

Hostile input meets limits, each with an error that names it: the document's size,
the length of a text or member name, the digits and exponent of a number, how deep
``extensions`` nest; and at most so many problems are collected. The values and
the reasons are in ``docs/limits.md``.

>>> from perfeval import examples
>>> text = dumps(examples.load("kaifu-2020"))
>>> loads(text) == examples.load("kaifu-2020")
True
>>> loads('{"schema_version": "2.0"}')
Traceback (most recent call last):
...
perfeval.errors.ValidationError: 1 problem in the document:
  /schema_version: this perfeval reads schema version 1.x (1.0, 1.1, …); the document says "2.0"
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import datetime
import functools
import gc
import itertools
import json
import re
import sys
import threading
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from decimal import Context, Decimal, InvalidOperation
from typing import IO, Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from perfeval._decimal import DECIMAL_PATTERN, MONEY_PATTERN
from perfeval._fields import FieldError
from perfeval.codes import CodeEnum, MoneyUnit
from perfeval.errors import ErrorDetail, ValidationError, shorten
from perfeval.model import (
    BudgetExecution,
    BudgetLine,
    CategoryAmount,
    Indicator,
    Issue,
    KeyProject,
    Report,
    Source,
    Totals,
    Unit,
)
from perfeval.money import Money, _money
from perfeval.quantity import Actual, Quantity, Target

__all__ = ["dump", "dumps", "from_dict", "load", "loads", "to_dict"]

T = TypeVar("T")
_Hook = Callable[[Any, Any], Any]

#: The classes of the document, leaves first (a class's hook needs its members' hooks).
MODEL_CLASSES: Final[tuple[type, ...]] = (
    Money,
    Quantity,
    Target,
    Actual,
    Totals,
    CategoryAmount,
    Source,
    Unit,
    BudgetLine,
    BudgetExecution,
    Indicator,
    Issue,
    KeyProject,
    Report,
)

for _cls in MODEL_CLASSES:
    attrs.resolve_types(_cls)

_MONEY_RE: Final = re.compile(MONEY_PATTERN)
_DECIMAL_RE: Final = re.compile(DECIMAL_PATTERN)
_DATE_RE: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_CURRENCY_RE: Final = re.compile(r"^[A-Z]{3}$")
_UNITS: Final = {unit.value: unit for unit in MoneyUnit}
_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")

# -- limits (docs/limits.md says why each is what it is) -------------------------------

#: The largest document, in bytes of UTF-8 (``str`` input is measured encoded).
_MAX_DOCUMENT_BYTES: Final = 16 * 1024 * 1024
#: The longest text or member name, in characters.
_MAX_TEXT_LENGTH: Final = 1_000_000
#: The most significant digits of a JSON number (only ``extensions`` may hold numbers
#: with a fraction; elsewhere amounts are decimal strings).
_MAX_DIGITS: Final = 100
#: The largest magnitude of a number's adjusted exponent (that of Python's default
#: decimal context): ``1E+999999`` is read, ``1E+1000000`` is not.
_MAX_EXPONENT: Final = 999_999
#: How deep arrays and objects may nest in ``extensions``, counting ``extensions``.
_MAX_DEPTH: Final = 100
#: After this many array items with problems, the detailed pass stops looking.
_MAX_FAILED_ITEMS: Final = 1_000
#: The most problems found in the JSON text (duplicates, texts) that are listed.
_MAX_TEXT_PROBLEMS: Final = 1_000

# Converts JSON numbers and writes decimals without reading the caller's context
# (whose traps, or ``capitals``, would change what is read or written). Neither needs
# a precision; the flags an out-of-range exponent sets here are never read.
_NUMBERS: Final = Context(capitals=1, traps=[InvalidOperation])


# -- describing offending values ---------------------------------------------------


def describe(value: Any) -> str:
    """Name a parsed JSON value the way an error message should, shortened.

    >>> describe(Decimal("654.45")), describe("2020"), describe(None)
    ('the number 654.45', 'the string "2020"', 'null')
    """
    if value is None:
        return "null"
    if value is True or value is False:
        return f"the boolean {'true' if value else 'false'}"
    if type(value) in (int, float) or type(value) is Decimal:  # float: from_dict input
        return f"the number {_number_text(value)}"
    if type(value) is str:
        return f"the string {_quote(value)}"
    if type(value) is list:
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    if type(value) is dict:
        return "an object"
    # from_dict input that JSON cannot produce: never repr() it (slow, deep, or raising).
    return f"a Python {type(value).__name__}, which is not JSON data"


def _number_text(value: Decimal | float) -> str:
    if type(value) is int and value.bit_length() > 10_000:
        # str() of such an int is slow and, past 4300 digits, refused by Python.
        return f"(a whole number of about {int(value.bit_length() * 0.30103)} digits)"
    if type(value) is Decimal:
        return shorten(_NUMBERS.to_sci_string(value))
    return shorten(str(value))


def _quote(text: str) -> str:
    """*text* as a short JSON string; lone surrogates escaped, so that it can be printed."""
    quoted = json.dumps(text[:200], ensure_ascii=False)
    if _LONE_SURROGATE.search(quoted):
        quoted = json.dumps(text[:200])
    return shorten(quoted)


def show(value: Any) -> str | None:
    """The offending value as short JSON text, for :attr:`ErrorDetail.value`."""
    if type(value) is dict or type(value) is list:
        return "{…}" if type(value) is dict else "[…]"
    if type(value) is Decimal or type(value) in (int, float):
        return _number_text(value)
    if value is True or value is False or value is None:
        return json.dumps(value)
    if type(value) is str:
        return _quote(value)
    return f"<a Python {type(value).__name__}>"


def _fail(message: str, value: Any, member: str = "") -> FieldError:
    return FieldError(message, member=member, value=show(value))


# -- structure hooks for leaf values -------------------------------------------------


def _text_hook(meta: dict[str, Any]) -> _Hook:
    pattern = meta.get("pattern")
    compiled = re.compile(pattern) if pattern else None
    hint = meta.get("hint")

    def hook(value: Any, _: Any) -> str:
        if type(value) is str and value and (compiled is None or compiled.fullmatch(value)):
            return value
        if type(value) is not str:
            raise _fail(f"must be a string, not {describe(value)}", value)
        if not value:
            raise _fail("must not be empty; omit the member when there is nothing to say", value)
        raise _fail(hint.format(value=shorten(value)) if hint else f"must match {pattern}", value)

    return hook


def _int_hook(meta: dict[str, Any]) -> _Hook:
    low, high = meta["minimum"], meta["maximum"]

    def hook(value: Any, _: Any) -> int:
        if type(value) is int and low <= value <= high:
            return value
        if type(value) is not int:
            raise _fail(f"must be a whole number such as {low + 71}, not {describe(value)}", value)
        raise _fail(f"must be between {low} and {high}, not {value}", value)

    return hook


def _decimal_error(value: Any, places: int) -> FieldError:
    if isinstance(value, (Decimal, int, float)) and type(value) is not bool:
        return _fail(
            f'must be a decimal string such as "654.45", not {describe(value)}'
            " (write the number in quotes so that no digit is lost)",
            value,
        )
    if type(value) is not str:
        return _fail(f'must be a decimal string such as "654.45", not {describe(value)}', value)
    return _fail(
        "must be a decimal string: an optional minus, at most 18 digits before the point"
        f' (no leading zeros) and at most {places} after it, such as "654.45";'
        f" not {describe(value)}",
        value,
    )


def _decimal_hook(value: Any, _: Any) -> Decimal:
    if type(value) is str and _DECIMAL_RE.fullmatch(value):
        return Decimal(value)
    raise _decimal_error(value, 12)


def _code_hook(cls: type[CodeEnum]) -> _Hook:
    table = {member.value: member for member in cls}
    choices = ", ".join(f'"{m.value}" ({m.label})' for m in cls)

    def hook(value: Any, _: Any) -> CodeEnum:
        try:
            return table[value]
        except (KeyError, TypeError):
            # A dict lookup raises KeyError; cattrs and users expect a ValueError.
            raise _fail(f"must be one of {choices}; not {describe(value)}", value) from None

    return hook


def _date_hook(value: Any, _: Any) -> datetime.date:
    if type(value) is str and _DATE_RE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(
        f'must be a date written YYYY-MM-DD, such as "2021-05-20", not {describe(value)}', value
    )


def _extensions_hook(value: Any, _: Any) -> dict[str, Any]:
    # Kept as given, so checked here to the leaves: what dumps() could not write back
    # (a float, a set, a name that is not a string …) or past the limits is refused.
    if type(value) is not dict:
        raise _fail(f"must be an object, not {describe(value)}", value)
    found = _json_problems(value, depth_limit=_MAX_DEPTH)
    problems = [
        FieldError(message, member=member, value=shown)
        for member, message, shown in itertools.islice(found, _MAX_TEXT_PROBLEMS)
    ]
    if problems:
        raise problems[0] if len(problems) == 1 else _GroupError(problems)
    return value


def _json_problems(value: Any, *, depth_limit: int) -> Iterator[tuple[str, str, str | None]]:
    """What in *value* is not JSON data perfeval keeps: (relative pointer, message, value).

    Iterative, with a stack of iterators as deep as the nesting, so that neither depth
    nor breadth costs more than a look at each value; a place is a linked trail
    ``(parent trail, key)``, written as a pointer only for a problem. A member whose
    name is refused is not entered: its pointer could not be printed.
    """
    stack: list[tuple[Iterator[tuple[Any, Any]], Any, bool]] = [(_members(value), None, False)]
    while stack:
        items, trail, in_list = stack[-1]
        for key, item in items:
            if not in_list and (problem := _name_problem(key)) is not None:
                yield _pointer(trail), problem, None
                continue
            kind = type(item)
            if kind is dict or kind is list:
                if len(stack) >= depth_limit:
                    yield _pointer((trail, key)), _too_deep(depth_limit), show(item)
                elif item:
                    stack.append((_members(item), (trail, key), kind is list))
                    break
            elif not (
                item is None
                or kind is bool
                or (kind is int and -_INT_BOUND < item < _INT_BOUND)
                or (kind is str and len(item) <= _MAX_TEXT_LENGTH and _is_text(item))
            ):
                problem = _scalar_problem(item)
                if problem is not None:
                    shown = _quote(item) if kind is str else show(item)
                    yield _pointer((trail, key)), problem, shown
        else:
            stack.pop()


def _members(node: Any) -> Iterator[tuple[Any, Any]]:
    return enumerate(node) if type(node) is list else iter(node.items())


def _is_text(text: str) -> bool:
    """Whether *text* holds characters only (no lone surrogate)."""
    return text.isascii() or _LONE_SURROGATE.search(text) is None


_DUPLICATE: Final = "appears more than once in the same object; each member may appear only once"


def _too_deep(limit: int) -> str:
    return (
        f"is nested more than {limit} levels deep (arrays and objects, counting extensions"
        f" itself); perfeval keeps at most {limit}"
    )


def _scalar_problem(value: Any) -> str | None:
    kind = type(value)
    if kind is str:
        return (
            _text_problem(value) if len(value) > _MAX_TEXT_LENGTH or not _is_text(value) else None
        )
    if kind is int:
        if -_INT_BOUND < value < _INT_BOUND:
            return None
        return (
            f"is a whole number of more than {_MAX_DIGITS} digits; perfeval reads numbers"
            f" of at most {_MAX_DIGITS} (write longer figures as strings)"
        )
    if kind is Decimal:
        return _decimal_problem(value)
    if value is None or kind is bool:
        return None
    if kind is float:
        return (
            f"is a Python float ({value!r}), which cannot hold a decimal exactly; parse the"
            " JSON with parse_float=decimal.Decimal, or read it with perfeval.loads"
        )
    return (
        "must be JSON data (null, true, false, a number, a string, an array or an object),"
        f" not {describe(value)}"
    )


_INT_BOUND: Final = 10**_MAX_DIGITS


def _name_problem(key: Any) -> str | None:
    if type(key) is not str:
        return f"has a member name that is not a string but {describe(key)}"
    if len(key) > _MAX_TEXT_LENGTH:
        return (
            f"has a member name of {len(key):,} characters ({_quote(key)});"
            f" perfeval reads names of at most {_MAX_TEXT_LENGTH:,}"
        )
    if not _is_text(key):
        return f"has a member name that contains {_surrogate_text(key)}"
    return None


def _text_problem(text: str) -> str:
    """Why *text* is refused: too long, or a lone surrogate (the caller knows it is one)."""
    if len(text) > _MAX_TEXT_LENGTH:
        return (
            f"is a text of {len(text):,} characters; perfeval reads texts of at most"
            f" {_MAX_TEXT_LENGTH:,}"
        )
    return f"contains {_surrogate_text(text)}"


def _surrogate_text(text: str) -> str:
    found = _LONE_SURROGATE.search(text)
    assert found is not None  # noqa: S101 - only called when there is one
    return (
        f"a lone surrogate ({json.dumps(found.group())} at character {found.start()}),"
        " which is no character and cannot be written as UTF-8; remove it, or write"
        " the character it belongs to"
    )


def _decimal_problem(number: Decimal) -> str | None:
    """Why *number* is not a JSON number perfeval keeps, or ``None``."""
    if not number.is_finite():
        return f"is {describe(number)}, which JSON cannot hold"
    digits = len(number.as_tuple().digits)
    if digits > _MAX_DIGITS:
        return (
            f"has {digits:,} significant digits; perfeval reads numbers of at most"
            f" {_MAX_DIGITS} (write longer figures as strings)"
        )
    if not -_MAX_EXPONENT <= number.adjusted() <= _MAX_EXPONENT:
        return (
            f"is a number whose exponent ({number.adjusted():,}) is out of range;"
            f" perfeval reads exponents from -{_MAX_EXPONENT:,} to {_MAX_EXPONENT:,}"
        )
    return None


def _money_error_details(value: Any) -> list[FieldError]:
    problems: list[FieldError] = []
    if type(value) is not dict:
        return [
            _fail(
                'must be an object such as {"amount": "654.45", "unit": "wan_yuan"},'
                f" not {describe(value)}",
                value,
            )
        ]
    if "amount" not in value:
        problems.append(_fail("is required: 金额, the amount as a decimal string", None, "/amount"))
    else:
        amount = value["amount"]
        if not (type(amount) is str and _MONEY_RE.fullmatch(amount)):
            error = _decimal_error(amount, 6)
            problems.append(FieldError(error.message, member="/amount", value=error.value))
    if "unit" not in value:
        problems.append(
            _fail("is required: 金额单位, one of yuan, qian_yuan, wan_yuan, yi_yuan", None, "/unit")
        )
    else:
        try:
            _code_hook(MoneyUnit)(value["unit"], MoneyUnit)
        except FieldError as error:
            problems.append(FieldError(error.message, member="/unit", value=error.value))
    if "currency" in value:
        currency = value["currency"]
        if not (type(currency) is str and _CURRENCY_RE.fullmatch(currency)):
            problems.append(
                _fail(
                    "must be an ISO 4217 code of three capital letters such as"
                    f' "CNY", not {describe(currency)}',
                    currency,
                    "/currency",
                )
            )
    problems.extend(
        _unknown_member("Money", "amount, unit and currency", key, value[key])
        for key in value
        if key not in ("amount", "unit", "currency")
    )
    return problems


def _unknown_member(name: str, members: str, key: Any, value: Any) -> FieldError:
    problem = _name_problem(key)
    if problem is not None:  # reported at the object: a pointer could not show the name
        return FieldError(problem)
    return _fail(f"is not a member of {name}; its members are {members}", value, "/" + _escape(key))


def _money_hook(value: Any, _: Any) -> Money:
    # Hand-written: Money is the most frequent object of a document.
    if type(value) is dict:
        amount = value.get("amount")
        unit = _UNITS.get(value.get("unit")) if type(value.get("unit")) is str else None
        if type(amount) is str and unit is not None and _MONEY_RE.fullmatch(amount):
            size = len(value)
            if size == 2:
                return _money(Decimal(amount), unit, "CNY")
            currency = value.get("currency")
            if size == 3 and type(currency) is str and _CURRENCY_RE.fullmatch(currency):
                return _money(Decimal(amount), unit, currency)
    problems = _money_error_details(value)
    if len(problems) == 1:
        raise problems[0]
    raise _GroupError(problems)


class _GroupError(ValueError):
    """Several problems inside one object (only raised on the detailed path)."""

    def __init__(self, problems: Sequence[Exception]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _optional(hook: _Hook) -> _Hook:
    def optional_hook(value: Any, type_: Any) -> Any:
        if value is None:
            raise _fail("must be omitted when there is nothing to record, not null", value)
        return hook(value, type_)

    return optional_hook


def _array_hook(item_hook: _Hook, item_type: Any, min_items: int, *, detailed: bool) -> _Hook:
    def fast(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is list and len(value) >= min_items:
            return tuple([item_hook(item, item_type) for item in value])
        raise _array_error(value)

    def slow(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) < min_items:
            raise _array_error(value)
        result, errors = [], []
        for index, item in enumerate(value):
            try:
                result.append(item_hook(item, item_type))
            except Exception as exc:
                note = IterableValidationNote(f"@ index {index}", index, item_type)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                errors.append(exc)
                if _spent():
                    break
        if errors:
            raise IterableValidationError("array items", errors, tuple)
        return tuple(result)

    return slow if detailed else fast


#: Array items with problems the detailed pass may still look at (one budget per call).
_BUDGET: Final[contextvars.ContextVar[list[int]]] = contextvars.ContextVar("_BUDGET")


def _spent() -> bool:
    """Count one more item with problems; whether the detailed pass should stop looking."""
    budget = _BUDGET.get(None)
    if budget is None:  # pragma: no cover - the detailed converter runs under _collect
        return False
    budget[0] -= 1
    return budget[0] <= 0


def _array_error(value: Any) -> FieldError:
    if type(value) is list:
        return _fail("must not be empty; omit the member when there are none", value)
    return _fail(f"must be an array, not {describe(value)}", value)


# -- the converter -------------------------------------------------------------------


def _field_hook(
    converter: cattrs.Converter, field: attrs.Attribute[Any], *, detailed: bool
) -> _Hook:
    meta: dict[str, Any] = field.metadata.get("json", {})
    type_: Any = field.type
    optional = False
    if isinstance(type_, types.UnionType) or typing.get_origin(type_) is typing.Union:
        args = [arg for arg in typing.get_args(type_) if arg is not type(None)]
        optional, type_ = True, args[0]
    hook = _type_hook(converter, type_, meta, detailed=detailed)
    return _optional(hook) if optional else hook


def _type_hook(
    converter: cattrs.Converter, type_: Any, meta: dict[str, Any], *, detailed: bool
) -> _Hook:
    origin = typing.get_origin(type_)
    if origin is tuple:
        item = typing.get_args(type_)[0]
        item_hook = _type_hook(converter, item, meta, detailed=detailed)
        return _array_hook(item_hook, item, meta.get("min_items", 0), detailed=detailed)
    if origin is dict:
        return _extensions_hook
    if type_ is str:
        return _text_hook(meta)
    if type_ is int:
        return _int_hook(meta)
    if type_ is Decimal:
        return _decimal_hook
    if type_ is datetime.date:
        return _date_hook
    if isinstance(type_, type) and issubclass(type_, CodeEnum):
        return _code_hook(type_)
    hook: _Hook = converter.get_structure_hook(type_)
    return hook


def _class_hook(converter: cattrs.Converter, cls: type[Any], *, detailed: bool) -> _Hook:
    fields = attrs.fields(cls)
    overrides = {
        f.name: override(struct_hook=_field_hook(converter, f, detailed=detailed)) for f in fields
    }
    generated = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=detailed,
        _cattrs_detailed_validation=detailed,
        **overrides,  # type: ignore[arg-type]
    )
    allowed = frozenset(f.name for f in fields)
    name = cls.__name__
    members = ", ".join(f.name for f in fields)
    # Members with a default that JSON requires all the same (schema_version):
    # cattrs would fill in the default, so their absence is checked here.
    always = tuple(f.name for f in fields if f.metadata.get("json", {}).get("required"))

    def hook(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise _fail(f"must be an object ({name}), not {describe(value)}", value)
        if always and not all(key in value for key in always):
            problems: list[Exception] = [
                FieldError("is required", member="/" + _escape(key))
                for key in always
                if key not in value
            ]
            if detailed:
                try:
                    generated(value, cls)
                except Exception as exc:
                    problems.append(exc)
            raise problems[0] if len(problems) == 1 else _GroupError(problems)
        # Cheap test first: a dict with no more members than the class has fields
        # can still hold an unknown one, so the subset test runs; it is a C loop.
        if not allowed.issuperset(value):
            if detailed:
                return generated(value, cls)  # reports unknown members beside the rest
            unknown = next(key for key in value if key not in allowed)
            raise _unknown_member(name, members, unknown, value[unknown])
        return generated(value, cls)

    hook.members = members  # type: ignore[attr-defined]
    return hook


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=detailed)
    converter.register_structure_hook(Money, _money_hook)
    for cls in MODEL_CLASSES[1:]:
        converter.register_structure_hook(cls, _class_hook(converter, cls, detailed=detailed))
    _register_unstructure(converter)
    return converter


def _unstructure_money(money: Money) -> dict[str, str]:
    if money.currency == "CNY":
        return {"amount": format(money.amount, "f"), "unit": money.unit._value_}
    return {
        "amount": format(money.amount, "f"),
        "unit": money.unit._value_,
        "currency": money.currency,
    }


def _unstructure_expression(
    converter: cattrs.Converter, type_: Any, name: str, namespace: dict[str, Any], var: str = "v"
) -> str:
    """A Python expression that turns the value *var* of *type_* into JSON data."""
    if typing.get_origin(type_) is tuple:
        item = typing.get_args(type_)[0]
        inner = _unstructure_expression(converter, item, name, namespace, "x")
        return f"[{inner} for x in {var}]"
    if type_ is str or type_ is int:
        return var
    if type_ is Decimal:
        namespace["__format"] = format
        return f'__format({var}, "f")'
    if isinstance(type_, type) and issubclass(type_, CodeEnum):
        return f"{var}._value_"
    namespace[f"__h_{name}"] = converter.get_unstructure_hook(type_)
    return f"__h_{name}({var})"


def _make_unstructure_fn(converter: cattrs.Converter, cls: type[Any]) -> Callable[[Any], Any]:
    """Generate ``cls`` → dict: members in model order, absent and default members left out."""
    namespace: dict[str, Any] = {}
    lines = ["def unstructure(o):", "  res = {}"]
    for field in attrs.fields(cls):
        type_: Any = field.type
        if isinstance(type_, types.UnionType):
            type_ = next(arg for arg in typing.get_args(type_) if arg is not type(None))
        expression = _unstructure_expression(converter, type_, field.name, namespace)
        lines.append(f"  v = o.{field.name}")
        if field.default is attrs.NOTHING or field.metadata.get("json", {}).get("required"):
            lines.append(f"  res[{field.name!r}] = {expression}")
        elif field.default is None:
            lines.append(f"  if v is not None: res[{field.name!r}] = {expression}")
        elif field.default == ():
            lines.append(f"  if v: res[{field.name!r}] = {expression}")
        else:
            namespace[f"__d_{field.name}"] = field.default
            lines.append(f"  if v != __d_{field.name}: res[{field.name!r}] = {expression}")
    lines.append("  return res")
    exec("\n".join(lines), namespace)  # noqa: S102 - generated from the model's own fields
    function: Callable[[Any], Any] = namespace["unstructure"]
    return function


def _register_unstructure(converter: cattrs.Converter) -> None:
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    converter.register_unstructure_hook(Money, _unstructure_money)
    converter.register_unstructure_hook(dict, copy.deepcopy)
    for cls in MODEL_CLASSES[1:]:
        converter.register_unstructure_hook(cls, _make_unstructure_fn(converter, cls))


@functools.cache
def _fast() -> cattrs.Converter:
    # Built on first use, not at import: a program that never loads pays nothing.
    return _make_converter(detailed=False)


@functools.cache
def _detailed() -> cattrs.Converter:
    # Built on the first invalid document: a valid one never needs it.
    return _make_converter(detailed=True)


@functools.cache
def _structure_report() -> Callable[[Any, Any], Any]:
    hook: Callable[[Any, Any], Any] = _fast().get_structure_hook(Report)
    return hook


@functools.cache
def _unstructure_report() -> Callable[[Any], Any]:
    hook: Callable[[Any], Any] = _fast().get_unstructure_hook(Report)
    return hook


_GC_LOCK: Final = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a document is parsed and built.

    A report is a large tree of new objects without reference cycles: collections
    triggered while it is built only re-scan it (about a quarter of the load time).
    Pauses nest across threads; the collector is re-enabled by the last one out,
    and only if it was enabled before the first one came in.
    """
    global _gc_pauses, _gc_was_enabled  # noqa: PLW0603 - process-wide by nature
    with _GC_LOCK:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


# -- turning exceptions into error details --------------------------------------------


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _details(exc: BaseException, path: str) -> Iterator[ErrorDetail]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", []):
                if isinstance(note, IterableValidationNote):
                    sub_path = f"{path}/{note.index}"
                elif hasattr(note, "name"):
                    sub_path = f"{path}/{_escape(note.name)}"
            yield from _details(sub, sub_path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        members = ", ".join(f.name for f in attrs.fields(exc.cl))
        for key in sorted(exc.extra_fields, key=_name_order):
            unknown = _unknown_member(exc.cl.__name__, members, key, None)
            yield ErrorDetail(path + unknown.member, unknown.message)
    elif isinstance(exc, _GroupError):
        for problem in exc.problems:
            yield from _details(problem, path)
    elif isinstance(exc, FieldError):
        yield ErrorDetail(path + exc.member, exc.message, exc.value)
    elif isinstance(exc, KeyError):
        yield ErrorDetail(path, "is required")
    else:  # a rule checked by a constructor; its message names the member
        yield ErrorDetail(path, str(exc))


def _name_order(key: Any) -> tuple[int, str]:
    # Names that are not strings (from_dict input) sort last, and are never str()-ed.
    return (0, key) if type(key) is str else (1, type(key).__name__)


def _collect(data: Any) -> list[ErrorDetail]:
    # A hostile document may hold millions of bad items; past the budget the rest is
    # left unchecked, so that collecting stays about as fast as reading.
    budget = [_MAX_FAILED_ITEMS]
    token = _BUDGET.set(budget)
    try:
        _detailed().structure(data, Report)
    except RecursionError:
        return [ErrorDetail("", "is nested too deeply")]
    except Exception as exc:
        details = list(_details(exc, ""))
        if budget[0] <= 0:
            details.append(
                ErrorDetail(
                    "",
                    f"has more problems: perfeval stopped looking after {_MAX_FAILED_ITEMS:,}"
                    " array items with problems",
                )
            )
        return details
    finally:
        _BUDGET.reset(token)
    return []  # pragma: no cover - the fast path only fails when the detailed one does


# -- public API -------------------------------------------------------------------------


def from_dict(data: Any) -> Report:
    """Build a :class:`~perfeval.Report` from parsed JSON (dicts, lists, strings …).

    What JSON cannot hold (a float, a tuple, a member name that is not a string …)
    is refused like any other problem; ``extensions``, kept as given, are checked to
    their leaves against the limits :func:`loads` applies.

    Raises:
        ValidationError: the data is not a valid v1 document; every problem is listed.

    >>> from_dict({"schema_version": "1.0", "title": "t"})
    Traceback (most recent call last):
    ...
    perfeval.errors.ValidationError: 4 problems in the document:
      /kind: is required
      /fiscal_year: is required
      /unit: is required
      /projects: is required
    """
    if type(data) is not dict:
        raise ValidationError(
            [
                ErrorDetail(
                    "", f"the document must be a JSON object, not {describe(data)}", show(data)
                )
            ]
        )
    version = data.get("schema_version")
    if version is not None and not _version_ok(version):
        # Another major version means another shape: its other problems would mislead.
        raise ValidationError([_version_problem(version)])
    with _gc_paused():
        try:
            return _structure_report()(data, Report)  # type: ignore[no-any-return]
        except Exception:
            errors = _collect(data)
    raise ValidationError(errors or [ErrorDetail("", "is not a valid document")])


def _version_ok(version: Any) -> bool:
    return type(version) is str and re.fullmatch(r"1\.(0|[1-9][0-9]{0,8})", version) is not None


def _version_problem(version: Any) -> ErrorDetail:
    if type(version) is str:
        return ErrorDetail(
            "/schema_version",
            "this perfeval reads schema version 1.x (1.0, 1.1, …); the document says"
            f" {shorten(json.dumps(version, ensure_ascii=False))}",
            show(version),
        )
    return ErrorDetail(
        "/schema_version", f'must be a string such as "1.0", not {describe(version)}', show(version)
    )


def to_dict(report: Report) -> dict[str, Any]:
    """Turn *report* into plain JSON data: dicts, lists, strings, ints.

    Decimals become strings with their digits, optional members are left out, and
    defaults (qualifier ``exact``, currency ``CNY``) are omitted.
    """
    return _unstructure_report()(report)  # type: ignore[no-any-return]


# -- the JSON layer ----------------------------------------------------------------------


class _DuplicateMemberError(ValueError):
    pass


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateMemberError
    return result


class _Marked(dict):  # type: ignore[type-arg]
    """A parsed object that remembers which member names it saw twice."""

    duplicates: Sequence[str] = ()


class _DuplicateMarker:
    """An object hook that marks the duplicate names of the first *limit* objects with any.

    The rest are left unmarked (and :attr:`skipped` says so): a hostile document may
    repeat a name in millions of objects.
    """

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.skipped = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        if self.left <= 0:
            self.skipped = True
            return result
        self.left -= 1
        marked = _Marked(result)
        seen: set[str] = set()
        marked.duplicates = sorted({key for key, _ in pairs if key in seen or seen.add(key)})  # type: ignore[func-returns-value]
        return marked


def _reject_constant(name: str) -> Any:
    raise FieldError(
        f'{name} is not a number in JSON; amounts are decimal strings such as "654.45"'
    )


#: JSON numbers with a fraction or an exponent become Decimal, never float, converted
#: in perfeval's context so that the caller's is never read (its traps) nor changed
#: (its flags). Their digits and exponent are checked where numbers may be: extensions.
_DECIMAL: Final = functools.partial(Decimal, context=_NUMBERS)

#: The most digits of a whole number that are converted at all; Python's default
#: ``sys.get_int_max_str_digits()``. Beyond it int() takes time quadratic in the digits.
_MAX_INT_TEXT: Final = 4300


def _int_limit() -> int:
    """``sys.get_int_max_str_digits()``: 0 (no limit) before CPython 3.10.7 and 3.11."""
    get = getattr(sys, "get_int_max_str_digits", None)
    return 0 if get is None else int(get())


def _int_parser() -> Callable[[str], int] | None:
    """``None`` (json's own, in C) when Python bounds int() itself, as it does by default."""
    limit = _int_limit()
    return None if 0 < limit <= _MAX_INT_TEXT else _parse_int


def _parse_int(text: str) -> int:
    if len(text) - text.startswith("-") > _MAX_INT_TEXT:
        raise ValueError(text)
    return int(text)


def _long_number() -> str:
    limit = _int_limit()
    digits = limit if 0 < limit <= _MAX_INT_TEXT else _MAX_INT_TEXT
    return (
        f"contains a whole number of more than {digits:,} digits; perfeval reads numbers"
        f" of at most {_MAX_DIGITS} digits (write longer figures as strings)"
    )


_UTF16_HINT: Final = " (it looks like UTF-16 or UTF-32)"


def _json(text: str, pairs_hook: Callable[[list[tuple[str, Any]]], Any]) -> Any:
    """``json.loads`` with perfeval's hooks; every failure but duplicates is a ValidationError."""
    try:
        return json.loads(
            text,
            object_pairs_hook=pairs_hook,
            parse_float=_DECIMAL,
            parse_int=_int_parser(),
            parse_constant=_reject_constant,
        )
    except _DuplicateMemberError:
        raise
    except json.JSONDecodeError as exc:
        hint = f"{_UTF16_HINT}; save the file as UTF-8" if "\x00" in text else ""
        message = f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}){hint}"
    except FieldError as exc:
        message = exc.message
    except RecursionError:
        message = "is nested too deeply to be a report"
    except InvalidOperation:  # from _NUMBERS: an exponent beyond what Decimal holds
        message = (
            "contains a number whose exponent is out of range; perfeval reads exponents"
            f" from -{_MAX_EXPONENT:,} to {_MAX_EXPONENT:,}"
        )
    except ValueError:  # int() refused a number's digits
        message = _long_number()
    raise ValidationError([ErrorDetail("", message)])


def _parse(text: str, *, check_texts: bool) -> Any:
    """Parse *text*; with *check_texts*, also look at every text and member name.

    Texts need looking at only when one may be too long or hold a lone surrogate,
    which the caller finds out cheaply: a valid document pays nothing.
    """
    more = False
    try:
        data = _json(text, _unique_members)
    except _DuplicateMemberError:
        marker = _DuplicateMarker(_MAX_TEXT_PROBLEMS)
        data = _json(text, marker)  # parse again to find and place them
        more = marker.skipped
    else:
        if not check_texts:
            return data
    found = _text_problems(data, check_texts=check_texts)
    problems = sorted(itertools.islice(found, _MAX_TEXT_PROBLEMS), key=lambda e: e.path)
    if more or next(found, None) is not None:
        problems.append(
            ErrorDetail("", f"has more problems: perfeval lists the first {_MAX_TEXT_PROBLEMS:,}")
        )
    if problems:
        raise ValidationError(problems)
    return data


def _text_problems(data: Any, *, check_texts: bool) -> Iterator[ErrorDetail]:
    """Find duplicate members (of the marking parse) and, with *check_texts*, bad texts.

    Texts and member names are bad when too long or holding a lone surrogate. The
    walk is that of :func:`_json_problems`, fast enough for the largest document.
    """
    if not (type(data) is dict or type(data) is list or type(data) is _Marked):
        return
    stack: list[tuple[Iterator[tuple[Any, Any]], Any, bool, Sequence[str]]]
    stack = [(_members(data), None, type(data) is list, _duplicates(data))]
    while stack:
        items, trail, in_list, duplicates = stack[-1]
        for key, item in items:
            if not in_list:
                if check_texts and (problem := _name_problem(key)) is not None:
                    yield ErrorDetail(_pointer(trail), problem)
                    continue
                if key in duplicates:
                    yield ErrorDetail(_pointer((trail, key)), _DUPLICATE, show(key))
            kind = type(item)
            if kind is str:
                if check_texts and (len(item) > _MAX_TEXT_LENGTH or not _is_text(item)):
                    yield ErrorDetail(_pointer((trail, key)), _text_problem(item), _quote(item))
            elif (kind is dict or kind is list or kind is _Marked) and item:
                stack.append((_members(item), (trail, key), kind is list, _duplicates(item)))
                break
        else:
            stack.pop()


def _duplicates(node: Any) -> Sequence[str]:
    return node.duplicates if type(node) is _Marked else ()


def _pointer(trail: Any) -> str:
    parts = []
    while trail is not None:
        trail, key = trail
        parts.append(f"/{key}" if type(key) is int else f"/{_escape(key)}")
    return "".join(reversed(parts))


def _may_hold_long_texts(text: str) -> bool:
    """Whether a text or name in *text* may be longer than the limit (never a false no).

    A JSON string is at most as long as its source between its quotes. Once escaped
    backslashes and quotes are blotted out, every quote left opens or closes a string
    (in valid JSON; other text fails to parse anyway): a long run without quotes is a
    text if an odd number of quotes precede it, and whitespace or numbers otherwise.
    """
    if len(text) <= _MAX_TEXT_LENGTH:
        return False
    if "\\" in text:
        text = text.replace("\\\\", "__").replace('\\"', "__")
    found = _LONG_RUN.search(text)
    while found is not None:
        if text.count('"', 0, found.start() + 1) % 2:
            return True
        after = text.find('"', found.end())
        found = _LONG_RUN.search(text, after) if after >= 0 else None
    return False


_LONG_RUN: Final = re.compile(f'"[^"]{{{_MAX_TEXT_LENGTH + 1}}}')
# An escaped surrogate that JSON does not pair with its other half (never a false no:
# a high surrogate not followed by a low one; a low one not preceded by a high one
# that is itself an escape, i.e. not preceded by a backslash).
_LONE_SURROGATE_ESCAPE: Final = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<![^\\]\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _decode(data: bytes | bytearray | memoryview) -> str:
    size = data.nbytes if isinstance(data, memoryview) else len(data)
    if size > _MAX_DOCUMENT_BYTES:
        raise _too_large(size)
    raw = bytes(data)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValidationError(
            [
                ErrorDetail(
                    "",
                    "starts with a UTF-8 byte order mark (BOM); save the file as UTF-8 without BOM",
                )
            ]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = _UTF16_HINT if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw else ""
        raise ValidationError(
            [
                ErrorDetail(
                    "",
                    f"is not valid UTF-8: byte {exc.start} ({raw[exc.start : exc.start + 1]!r})"
                    f" cannot be decoded; save the file as UTF-8{hint}",
                )
            ]
        ) from None


def _too_large(size: int, unit: str = "bytes") -> ValidationError:
    return ValidationError(
        [
            ErrorDetail(
                "",
                f"is {size:,} {unit} long; perfeval reads documents of at most"
                f" {_MAX_DOCUMENT_BYTES:,} bytes of UTF-8 ({_MAX_DOCUMENT_BYTES // 2**20} MiB)",
            )
        ]
    )


def loads(text: str | bytes | bytearray) -> Report:
    """Parse and validate a JSON document into a :class:`~perfeval.Report`.

    *text* may be ``str`` or UTF-8 ``bytes``. Duplicate member names, ``NaN`` and
    ``Infinity``, lone surrogates, anything past perfeval's limits (the document's
    size, a text's length, a number's digits, the nesting of ``extensions``) and
    anything the model does not allow are rejected.

    Raises:
        ValidationError: with every problem found, each with its JSON pointer.

    >>> loads('{"title": "a", "title": "b"}')
    Traceback (most recent call last):
    ...
    perfeval.errors.ValidationError: 1 problem in the document:
      /title: appears more than once in the same object; each member may appear only once
    """
    surrogates = False  # whether the text itself holds lone surrogates
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = _decode(text)  # strict UTF-8 has no surrogates
    elif not isinstance(text, str):  # a caller without a type checker
        msg = f"loads() takes str or bytes, not {type(text).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    elif len(text) > _MAX_DOCUMENT_BYTES:
        raise _too_large(len(text), "characters")
    elif not text.isascii():  # measured as UTF-8, which also finds lone surrogates
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError:
            size, surrogates = len(text.encode("utf-8", "surrogatepass")), True
        if size > _MAX_DOCUMENT_BYTES:
            raise _too_large(size)
    if text.startswith("\ufeff"):
        raise ValidationError(
            [ErrorDetail("", "starts with a byte order mark (U+FEFF); remove it")]
        )
    check_texts = (
        surrogates
        or _may_hold_long_texts(text)
        or ("\\" in text and _LONE_SURROGATE_ESCAPE.search(text) is not None)
    )
    with _gc_paused():  # the parsed JSON is a large tree of new objects too
        return from_dict(_parse(text, check_texts=check_texts))


def load(fp: IO[str] | IO[bytes]) -> Report:
    """Read a document from a file opened in text (UTF-8) or binary mode.

    Raises:
        ValidationError: as :func:`loads`.
    """
    return loads(fp.read())


def dumps(report: Report, *, indent: int | None = None) -> str:
    """Write *report* as canonical JSON text.

    Members appear in the order of the model, optional members only when present,
    decimals as strings with their digits, non-ASCII characters as themselves. With
    ``indent=None`` the text is compact; otherwise it is indented by *indent* spaces.

    >>> from perfeval import examples
    >>> dumps(examples.load("kaifu-2020"))[:50]
    '{"schema_version":"1.0","title":"2020年度重点项目绩效评价结果"'
    """
    data = to_dict(report)
    separators = (",", ":") if indent is None else (",", ": ")
    extensions = data.get("extensions")
    if extensions is None:
        return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    # Extensions may hold decimals (JSON numbers with a fraction): they are written
    # with their own digits by a small encoder and spliced into place.
    data["extensions"] = None
    head = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    tail = "null" + ("\n}" if indent is not None else "}")
    assert head.endswith(tail)  # noqa: S101 - extensions is the last member of Report
    return head[: -len(tail)] + _encode(extensions, indent, 1, separators) + tail[4:]


def dump(report: Report, fp: IO[str], *, indent: int | None = None) -> None:
    """Write *report* to a text file as :func:`dumps` does, with a final newline."""
    fp.write(dumps(report, indent=indent))
    fp.write("\n")


def _encode(value: Any, indent: int | None, level: int, separators: tuple[str, str]) -> str:
    if isinstance(value, Decimal):
        return _NUMBERS.to_sci_string(value)
    if isinstance(value, dict):
        items = [
            json.dumps(key, ensure_ascii=False)
            + separators[1]
            + _encode(item, indent, level + 1, separators)
            for key, item in value.items()
        ]
        return _wrap("{", "}", items, indent=indent, level=level, separators=separators)
    if isinstance(value, list):
        items = [_encode(item, indent, level + 1, separators) for item in value]
        return _wrap("[", "]", items, indent=indent, level=level, separators=separators)
    return json.dumps(value, ensure_ascii=False)


def _wrap(
    open_: str,
    close: str,
    items: list[str],
    *,
    indent: int | None,
    level: int,
    separators: tuple[str, str],
) -> str:
    if not items:
        return open_ + close
    if indent is None:
        return open_ + separators[0].join(items) + close
    inner = "\n" + " " * (indent * (level + 1))
    return open_ + inner + ("," + inner).join(items) + "\n" + " " * (indent * level) + close
