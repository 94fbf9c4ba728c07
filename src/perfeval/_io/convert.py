"""The cattrs converters, built from the field spec: JSON data to the model and back.

Every member's hook comes from its :class:`~perfeval._spec.Spec`: the kind's own
hook for leaves, the class hook for nested objects, the array hook for arrays. The
classes' structure functions are cattrs' own generated functions with those hooks
as overrides; their unstructure functions likewise, with each kind's dumper.

Loading has two speeds. The fast converter stops at the first problem; only when
it fails does the detailed one run, to collect *every* problem (see
:mod:`perfeval._io.errors`), so that a valid document pays nothing for good error
reports.
"""

from __future__ import annotations

import contextvars
import functools
import itertools
import json
import os
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, override

from perfeval import _spec
from perfeval._io.limits import MAX_DEPTH, MAX_FAILED_ITEMS, MAX_TEXT_PROBLEMS
from perfeval._io.text import json_problems, name_problem
from perfeval._spec import Hook, Spec, null_message, required_message, spec_of
from perfeval._text import escape_token
from perfeval._values import NUMBERS, show
from perfeval.codes import MoneyUnit
from perfeval.errors import FieldError
from perfeval.model import (
    SCHEMA_VERSION,
    BudgetExecution,
    BudgetLine,
    CategoryAmount,
    Department,
    Evaluation,
    IncomeLine,
    Indicator,
    Issue,
    KeyProject,
    ProjectAttribute,
    Report,
    Review,
    ScoreGroup,
    Source,
    Staffing,
    Totals,
    Unit,
)
from perfeval.money import Money, _money
from perfeval.quantity import Actual, Quantity, Target

__all__ = [
    "MODEL_CLASSES",
    "GroupError",
    "budget",
    "detailed",
    "fast",
    "money_of",
    "release",
    "structure_report",
    "unknown_member",
    "unstructure_report",
]

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
    ProjectAttribute,
    Review,
    ScoreGroup,
    KeyProject,
    IncomeLine,
    Staffing,
    Department,
    Evaluation,
    Report,
)

for _cls in MODEL_CLASSES:
    attrs.resolve_types(_cls)


class GroupError(ValueError):
    """Several problems inside one object (only raised on the detailed path)."""

    def __init__(self, problems: Sequence[Exception]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _raise(problems: Sequence[Exception]) -> None:
    raise problems[0] if len(problems) == 1 else GroupError(problems)


def unknown_member(cls: type, key: Any, value: Any, version: str) -> FieldError:
    """The problem of a member that *cls* does not have in schema *version*."""
    problem = name_problem(key)
    if problem is not None:  # reported at the object: a pointer could not show the name
        return problem.error()
    message = _spec.unknown_member_message(cls, key, version)
    return message.error(member="/" + escape_token(key), value=show(value))


# -- Money: hand-written, the most frequent object of a document ----------------------------

_MONEY_FIELDS: Final = attrs.fields(Money)
_AMOUNT: Final = spec_of(_MONEY_FIELDS.amount)
_UNIT: Final = spec_of(_MONEY_FIELDS.unit)
_CURRENCY: Final = spec_of(_MONEY_FIELDS.currency)
_UNITS: Final[Mapping[Any, MoneyUnit]] = MoneyUnit._value2member_map_  # type: ignore[assignment]
_MONEY_RE: Final = _spec.MONEY_RE
_CURRENCY_RE: Final = _CURRENCY.compiled


def money_of(value: Any) -> Money | None:
    """The :class:`Money` of a JSON amount that has no problem, else ``None``."""
    if type(value) is dict:
        amount = value.get("amount")
        unit = _UNITS.get(value.get("unit")) if type(value.get("unit")) is str else None
        if type(amount) is str and unit is not None and _MONEY_RE.fullmatch(amount):
            size = len(value)
            if size == 2:
                return _money(Decimal(amount), unit, "CNY")
            currency = value.get("currency")
            if size == 3 and type(currency) is str and _CURRENCY_RE.fullmatch(currency):  # type: ignore[union-attr]
                return _money(Decimal(amount), unit, currency)
    return None


def _money_hook(value: Any, _: Any) -> Money:
    money = money_of(value)
    if money is not None:
        return money
    _raise(_money_problems(value))
    raise AssertionError  # pragma: no cover - _raise always raises


def _money_problems(value: Any) -> list[Exception]:
    if type(value) is not dict:
        return [_spec.KINDS["object"].refusal(_MONEY, value)]
    problems: list[Exception] = []
    for name, spec in (("amount", _AMOUNT), ("unit", _UNIT), ("currency", _CURRENCY)):
        if name not in value:
            if name != "currency":
                problems.append(required_message(spec.title).error(member=f"/{name}"))
            continue
        problem = (
            null_message()  # the one optional member
            if name == "currency" and value[name] is None
            else spec.kind.problem(spec, value[name])
        )
        if problem is not None:
            problems.append(problem.error(member=f"/{name}", value=show(value[name])))
    for key in value:
        if key not in _KEYS:
            problems.append(unknown_member(Money, key, value[key], "1.0"))
            if _spent():  # an object may hold millions
                break
    return problems


_KEYS: Final = frozenset(("amount", "unit", "currency"))
_MONEY: Final = Spec(_spec.KINDS["object"], "金额", "An amount of money.", cls=Money)


def _unstructure_money(money: Money) -> dict[str, str]:
    if money.currency == "CNY":
        return {"amount": _spec.format_decimal(money.amount), "unit": money.unit._value_}
    return {
        "amount": _spec.format_decimal(money.amount),
        "unit": money.unit._value_,
        "currency": money.currency,
    }


# -- arrays and extensions ------------------------------------------------------------------

#: Array items with problems the detailed pass may still look at (one budget per call).
_BUDGET: Final[contextvars.ContextVar[list[int]]] = contextvars.ContextVar("_BUDGET")


def budget() -> tuple[list[int], contextvars.Token[list[int]]]:
    """Start a budget of items with problems for one detailed pass."""
    spent = [MAX_FAILED_ITEMS]
    return spent, _BUDGET.set(spent)


def release(token: contextvars.Token[list[int]]) -> None:
    """End the budget that :func:`budget` started."""
    _BUDGET.reset(token)


def _spent() -> bool:
    """Count one more problem (an array item, an unknown member); whether to stop looking.

    Outside a detailed pass (the fast path, whose first problem sends the document to
    the detailed pass) one problem is enough.
    """
    left = _BUDGET.get(None)
    if left is None:
        return True
    left[0] -= 1
    return left[0] <= 0


def _array_error(value: Any, min_items: int) -> FieldError:
    spec = Spec(_spec.KINDS["array"], "", "", minimum=min_items)
    return _spec.KINDS["array"].refusal(spec, value)


def _extensions_hook(value: Any, _: Any) -> dict[str, Any]:
    # Kept as given, so checked here to the leaves: what dumps() could not write back
    # (a float, a set, a name that is not a string …) or past the limits is refused.
    if type(value) is not dict:
        raise _spec.KINDS["extensions"].refusal(_EXTENSIONS, value)
    problems: list[Exception] = []
    found = json_problems(value, depth_limit=MAX_DEPTH)
    for member, message, shown in itertools.islice(found, MAX_TEXT_PROBLEMS):
        problems.append(message.error(member=member, value=shown))
        if _spent():  # the detailed pass's budget, which many extensions share
            break
    if problems:
        _raise(problems)
    return value


_EXTENSIONS: Final = Spec(_spec.KINDS["extensions"], "扩展", "Free-form JSON.", cls=dict)


# -- the converters ---------------------------------------------------------------------------


class _Loader(_spec.Loader):
    """What the kinds' hooks ask of the converter being built."""

    def __init__(
        self,
        converter: cattrs.Converter,
        *,
        detailed: bool,
        version: str,
        shortcut: bool,
        texts_checked: bool,
    ) -> None:
        self.converter = converter
        self.detailed = detailed
        self.version = version
        self.shortcut = shortcut
        self.texts_checked = texts_checked
        self.built: set[type] = set()

    def generated(self, cls: type) -> Callable[[Any], Any] | None:
        """The generated loader the detailed pass tries first on an object of *cls*."""
        if not (self.detailed and self.shortcut):
            return None
        from perfeval._io import generate  # noqa: PLC0415 - it imports this module

        return generate.class_loader(self.version, cls, texts_checked=self.texts_checked)

    def class_hook(self, cls: type) -> Hook:
        if cls in self.built:
            hook: Hook = self.converter.get_structure_hook(cls)
            return hook
        # A class that holds itself (a score group's groups) is not built yet:
        # its hook is looked up when first called.
        converter = self.converter

        def later(value: Any, type_: Any) -> Any:
            return converter.get_structure_hook(cls)(value, type_)

        return later

    def array_hook(self, item_hook: Hook, item_type: Any, min_items: int) -> Hook:
        def fast(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is list and len(value) >= min_items:
                return tuple([item_hook(item, item_type) for item in value])
            raise _array_error(value, min_items)

        def slow(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list or len(value) < min_items:
                raise _array_error(value, min_items)
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

        return slow if self.detailed else fast

    def extensions_hook(self) -> Hook:
        return _extensions_hook

    def group(self, problems: list[FieldError]) -> Exception:
        return problems[0] if len(problems) == 1 else GroupError(problems)


def _optional(hook: Hook) -> Hook:
    def optional_hook(value: Any, type_: Any) -> Any:
        if value is None:
            raise null_message().error(value="null")
        return hook(value, type_)

    return optional_hook


def _field_hook(loader: _Loader, field: attrs.Attribute[Any]) -> Hook:
    spec = spec_of(field)
    hook = spec.kind.hook(spec, loader)
    # null is never a value; where a member may be omitted, the message says so.
    optional = field.default is not attrs.NOTHING and not spec.always
    return _optional(hook) if optional else hook


def _class_hook(loader: _Loader, cls: type[Any]) -> Hook:
    fields = attrs.fields(cls)
    overrides = {f.name: override(struct_hook=_field_hook(loader, f)) for f in fields}
    detailed = loader.detailed
    generated = make_dict_structure_fn(
        cls,
        loader.converter,
        _cattrs_forbid_extra_keys=detailed,
        _cattrs_detailed_validation=detailed,
        **overrides,  # type: ignore[arg-type]
    )
    version = loader.version
    allowed = frozenset(_spec.members(cls, version))
    spec = Spec(_spec.KINDS["object"], cls.__name__, "", cls=cls)
    # Members with a default that JSON requires all the same (schema_version):
    # cattrs would fill in the default, so their absence is checked here.
    always = tuple((f.name, spec_of(f).title) for f in fields if spec_of(f).always)

    shortcut: list[Callable[[Any], Any] | None] = []  # looked up on the first call

    def hook(value: Any, _: Any) -> Any:
        if not shortcut:
            shortcut.append(loader.generated(cls))
        fast = shortcut[0]
        if fast is not None:
            # An object the generated loader builds has no problem to report (it
            # accepts exactly what this pass accepts): only the objects on the way to
            # a problem are checked member by member below.
            try:
                return fast(value)
            except Exception:  # noqa: S110 - Slow or a rule: this pass words it
                pass
        if type(value) is not dict:
            raise _spec.KINDS["object"].refusal(spec, value)
        missing = always and not all(key in value for key, _ in always)
        # Cheap test first: a dict with no more members than the class has fields
        # can still hold an unknown one, so the subset test runs; it is a C loop.
        unknown = not allowed.issuperset(value)
        if not (missing or unknown):
            return generated(value, cls)
        problems: list[Exception] = [
            required_message(title).error(member="/" + escape_token(key))
            for key, title in always
            if key not in value
        ]
        if not detailed:
            if not problems:
                key = next(key for key in value if key not in allowed)
                problems.append(unknown_member(cls, key, value[key], version))
            _raise(problems)
        if unknown:
            # Unknown members (of this version) beside every problem of the rest; each
            # spends the budget, as an array item with problems does: an object may
            # hold millions.
            for key in value:
                if key not in allowed:
                    problems.append(unknown_member(cls, key, value[key], version))
                    if _spent():
                        break
            value = {k: v for k, v in value.items() if k in allowed}
        try:
            generated(value, cls)
        except Exception as exc:
            problems.append(exc)
        _raise(problems)
        raise AssertionError  # pragma: no cover - _raise always raises

    return hook


class _Writer(_spec.Writer):
    """What the kinds' dumpers ask of the converter being built."""

    def __init__(self, converter: cattrs.Converter) -> None:
        self.converter = converter
        self.built: set[type] = set()
        self.writers: dict[type, Callable[[Any], str]] = {Money: _write_money}

    def class_writer(self, cls: type) -> Callable[[Any], str]:
        writers = self.writers
        if cls in writers:
            return writers[cls]

        def later(value: Any) -> str:  # a class that holds itself: looked up when called
            return writers[cls](value)

        return later

    def json_text(self, data: Any) -> str:
        return json_text(data)

    def class_dumper(self, cls: type) -> Callable[[Any], Any]:
        if cls in self.built:
            dumper: Callable[[Any], Any] = self.converter.get_unstructure_hook(cls)
            return dumper
        converter = self.converter  # a class that holds itself: looked up when called

        def later(value: Any) -> Any:
            return converter.get_unstructure_hook(cls)(value)

        return later


def _unstructure_fn(writer: _Writer, cls: type[Any]) -> Callable[[Any], Any]:
    """Generate ``cls`` → dict: members in model order, absent and default members left out.

    Written here rather than by cattrs' ``make_dict_unstructure_fn``, whose
    ``omit_if_default`` writes the members that are always present first and so
    changes the canonical member order of the document.
    """
    return _generate(
        cls,
        writer,
        start="res = {}",
        store="res[{name!r}] = {value}",
        end="return res",
        value=lambda spec, namespace: spec.kind.dump_source(spec, "v", namespace, writer),
    )


def _text_fn(writer: _Writer, cls: type[Any]) -> Callable[[Any], str]:
    """Generate ``cls`` → its compact JSON text, as ``json.dumps`` writes its dict.

    The members the unstructure function writes, in the same order, each written by
    its kind's ``text_source``: no dict is built and no encoder walks one.
    """
    return _generate(
        cls,
        writer,
        start="res = []",
        store="res.append({key!r} + {value})",
        end="return '{' + ','.join(res) + '}'",
        value=lambda spec, namespace: spec.kind.text_source(spec, "v", namespace, writer),
    )


def _generate(
    cls: type[Any],
    writer: _Writer,
    *,
    start: str,
    store: str,
    end: str,
    value: Callable[[Spec, dict[str, Any]], str],
) -> Callable[[Any], Any]:
    """A function of an instance of *cls* that stores each member written in the document.

    *store* is formatted with the member's ``name``, its JSON ``key`` (``"name":``)
    and the ``value`` expression of *var* ``v``; absent and default members are left out.
    """
    namespace: dict[str, Any] = {}
    lines = ["def generated(o):", f"  {start}"]
    for field in attrs.fields(cls):
        spec = spec_of(field)
        key = json.dumps(field.name) + ":"
        stored = store.format(name=field.name, key=key, value=value(spec, namespace))
        lines.append(f"  v = o.{field.name}")
        if field.default is attrs.NOTHING or spec.always:
            lines.append(f"  {stored}")
        elif field.default is None:
            lines.append(f"  if v is not None: {stored}")
        elif field.default == ():
            lines.append(f"  if v: {stored}")
        else:
            namespace[f"__d_{field.name}"] = field.default
            lines.append(f"  if v != __d_{field.name}: {stored}")
    lines.append(f"  {end}")
    exec("\n".join(lines), namespace)  # noqa: S102 - generated from the model's own fields
    function: Callable[[Any], Any] = namespace["generated"]
    return function


def _make(
    *, detailed: bool, version: str, shortcut: bool = True, texts_checked: bool = False
) -> cattrs.Converter:
    """A converter, as :func:`_build` makes it."""
    return _build(
        detailed=detailed, version=version, shortcut=shortcut, texts_checked=texts_checked
    )[0]


def _build(
    *, detailed: bool, version: str, shortcut: bool = True, texts_checked: bool = False
) -> tuple[cattrs.Converter, dict[type, Callable[[Any], str]]]:
    """A converter and its text writers; a *detailed* converter collects every problem.

    It tries the generated loaders first on each object unless *shortcut* is false
    (the tests compare both); with *texts_checked* they do not measure texts again
    (data from ``text.read``).
    """
    converter = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=detailed)
    loader = _Loader(
        converter,
        detailed=detailed,
        version=version,
        shortcut=shortcut,
        texts_checked=texts_checked,
    )
    writer = _Writer(converter)
    converter.register_structure_hook(Money, _money_hook)
    converter.register_unstructure_hook(Money, _unstructure_money)
    loader.built.add(Money)  # looked up once by the classes that hold it, not per call
    writer.built.add(Money)
    for cls in MODEL_CLASSES[1:]:
        converter.register_structure_hook(cls, _class_hook(loader, cls))
        converter.register_unstructure_hook(cls, _unstructure_fn(writer, cls))
        loader.built.add(cls)
        writer.built.add(cls)
        if not detailed:  # dumps writes with the fast converter's writers only
            writer.writers[cls] = _text_fn(writer, cls)
    return converter, writer.writers


@functools.cache
def _fast(version: str) -> tuple[cattrs.Converter, dict[type, Callable[[Any], str]]]:
    return _build(detailed=False, version=version)


def fast(version: str) -> cattrs.Converter:
    """The fast path's converter for documents of schema *version*, built on first use."""
    return _fast(version)[0]


@functools.cache
def structure_report(version: str) -> Hook:
    """The fast path's hook for a whole document (looked up once, not per call)."""
    hook: Hook = fast(version).get_structure_hook(Report)
    return hook


@functools.cache
def write_report() -> Callable[[Report], str]:
    """The writer of a whole document's compact JSON text (looked up once, not per call)."""
    return _fast(SCHEMA_VERSION)[1][Report]


def json_text(data: Any, indent: int | None = None) -> str:
    """The JSON text of JSON data, as :func:`perfeval.dumps` writes it.

    Non-ASCII characters as themselves, compact unless *indent* is given, and each
    ``Decimal`` (a number with a fraction in extensions) with its own digits: json
    writes a marker for each, replaced by the number's text afterwards. The marker
    holds a random nonce, so no text of the document can be taken for one.
    """
    numbers: list[str] = []
    marker = f"\x00{os.urandom(8).hex()}\x00"

    def number(value: object) -> str:
        if type(value) is not Decimal:
            msg = f"Object of type {type(value).__name__} is not JSON serializable"
            raise TypeError(msg)
        numbers.append(NUMBERS.to_sci_string(value))
        return marker

    out = json.dumps(
        data,
        ensure_ascii=False,
        check_circular=False,  # checked data: no cycle reaches json (see to_dict)
        indent=indent,
        separators=(",", ":") if indent is None else (",", ": "),
        default=number,
    )
    if numbers:
        pieces = out.split(json.dumps(marker))
        out = "".join(itertools.chain.from_iterable(zip(pieces, [*numbers, ""], strict=True)))
    return out


def _write_money(money: Money) -> str:
    return json_text(_unstructure_money(money))


@functools.cache
def unstructure_report() -> Callable[[Report], dict[str, Any]]:
    """The dumper of a whole document, of any version (looked up once, not per call)."""
    function: Callable[[Report], dict[str, Any]] = fast(SCHEMA_VERSION).get_unstructure_hook(Report)
    return function


@functools.cache
def detailed(version: str, *, texts_checked: bool = False) -> cattrs.Converter:
    """The converter that collects every problem, built on the first invalid document.

    With *texts_checked* (data from ``text.read``) the generated loaders it tries
    first do not measure texts again; its own checks are the same either way.
    """
    return _make(detailed=True, version=version, texts_checked=texts_checked)
