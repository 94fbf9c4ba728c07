"""The field spec: one declaration per member, read by every tool.

A model member is written once, as a plain ``attrs.field`` that type checkers read
(its default and its typed converter are literal), with a :class:`Spec` in its
metadata::

    score: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, metadata=decimal("得分", "The score.")
    )

The spec names the member's :class:`Kind` (text, integer, decimal, code, date,
object, money, array, extensions), its Chinese title, description and constraints.
Each kind, in the table below, is the one place that knows everything about its
values: the constructor's check, the loader's fast hook and its problem messages,
how the dumper writes a value, and the JSON Schema fragment. The loader
(:mod:`perfeval._io`), the dumper, :mod:`perfeval.schema` and the constructors all
go through it, so a rule has one message wherever it is broken, and a new kind is one
new class here.

:func:`install` is the classes' ``field_transformer``: it gives each member the
validator its spec implies, so validators are never written by hand beside a spec.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any, Final

import attrs

from perfeval._decimal import DECIMAL_PATTERN, MONEY_PATTERN, short_text, to_decimal
from perfeval._io.limits import MAX_DEPTH, MAX_TEXT_LENGTH
from perfeval._io.text import _text_problem, json_problems
from perfeval._message import Message
from perfeval._regex import END, ends_the_text
from perfeval._values import LONE_SURROGATE, describe, describe_zh, show
from perfeval.codes import CodeEnum
from perfeval.errors import FieldError, ParseError, shorten

__all__ = [
    "CELL_PATTERN",
    "DATE_PATTERN",
    "KINDS",
    "TRIMMED_TEXT_PATTERN",
    "FrozenMap",
    "Kind",
    "Source",
    "Spec",
    "Writer",
    "array",
    "at_least_one",
    "building",
    "cells",
    "check_parsed",
    "choices",
    "choices_zh",
    "code",
    "date",
    "decimal",
    "decimal_source",
    "extensions",
    "extensions_problem",
    "format_decimal",
    "install",
    "integer",
    "loading",
    "money",
    "null_message",
    "obj",
    "optional_decimal",
    "required_message",
    "since",
    "spec_of",
    "strings",
    "text",
    "text_problem",
    "to_cells",
    "to_decimal_value",
    "to_tuple",
    "trimmed_text",
    "unknown_member_message",
    "version_key",
    "version_needed",
]

Hook = Callable[[Any, Any], Any]
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: Years 0001 to 9999: Python's dates have no year 0, ajv-formats' do.
_YEAR: Final = "([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
#: A month and a day of it, but 29 February.
_MONTH_DAY: Final = (
    "((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
)
#: A leap year: divisible by 4 and not by 100 (last two digits), or by 400 (first two).
_LEAP_YEAR: Final = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
#: A date in JSON, ``YYYY-MM-DD``, that exists in the (proleptic Gregorian) calendar of
#: years 0001 to 9999: the pattern itself checks the calendar, so that every validator
#: does, whether it checks ``format: date`` or not, and none admits year 0000.
DATE_PATTERN: Final = f"^({_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29){END}"
#: The characters :meth:`str.strip` removes (``str.isspace``), written so that Python's
#: ``re`` and ECMA-262 (ajv) read the class alike (their ``\s`` differ).
_SPACE: Final = (
    r"\t\n\x0b\x0c\r\x1c-\x1f\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Text without surrounding whitespace, as the quantity classes require of their texts.
TRIMMED_TEXT_PATTERN: Final = rf"^[^{_SPACE}]([\s\S]*[^{_SPACE}])?{END}"
_TRIMMED_HINT: Final = "must not begin or end with a space or a line break; not {value!r}"
_TRIMMED_HINT_ZH: Final = "开头和结尾不能有空格或换行；而不是 {value!r}"
_DECIMAL_SHAPE: Final = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


# -- the messages shared by several kinds ------------------------------------------------


def required_message(title: str) -> Message:
    """The message for a missing required member.

    >>> required_message("报告标题")
    Message(kind='required', en='is required (报告标题)', zh='缺少必填项（报告标题）')
    """
    return Message("required", f"is required ({title})", f"缺少必填项（{title}）")


def null_message() -> Message:
    """The message for ``null`` where an optional member belongs."""
    return _NULL


_NULL: Final = Message(
    "type",
    "must be omitted when there is nothing to record, not null",
    "没有内容时应省略该项，不能写 null",
)


def _not_a(expected: str, value: Any) -> str:
    # Constructors are called from Python: the type is what the caller needs to see.
    article = "an" if expected[0] in "AEIOUaeiou" else "a"
    return f"must be {article} {expected}, not {type(value).__name__}"


def members(cls: type, version: str) -> tuple[str, ...]:
    """The names of the members *cls* has in schema *version*.

    >>> from perfeval.model import Totals
    >>> members(Totals, "1.0"), members(Totals, "1.1")[-1]
    (('initial_budget', 'budget', 'expenditure'), 'cells')
    """
    key = version_key(version)
    return tuple(f.name for f in attrs.fields(cls) if version_key(spec_of(f).since) <= key)


def unknown_member_message(cls: type, key: Any = None, version: str = "1.1") -> Message:
    """The message for a member *key* that *cls* does not have in schema *version*.

    A member that a later version added says so, and how to use it.

    >>> from perfeval.model import Totals
    >>> print(unknown_member_message(Totals, "total", "1.0").en)
    is not a member of Totals; its members are initial_budget, budget, expenditure
    >>> print(unknown_member_message(Totals, "cells", "1.0").zh)
    自 schema 1.1 起才是 Totals 的成员，而文档的 schema_version 是 1.0
    """
    name = cls.__name__
    field = attrs.fields_dict(cls).get(key) if type(key) is str else None
    if field is not None:
        added = spec_of(field).since
        return Message(
            "unknown-member",
            f"is a member of {name} since schema {added}, but the document says"
            f" schema_version {version}",
            f"自 schema {added} 起才是 {name} 的成员，而文档的 schema_version 是 {version}",
        )
    names = ", ".join(members(cls, version))
    return Message(
        "unknown-member",
        f"is not a member of {name}; its members are {names}",
        f"不是 {name} 的成员；{name} 的成员有 {names}",
    )


def at_least_one(cls: type, names: tuple[str, ...]) -> Message:
    """The message of an object that needs at least one of the members *names*.

    >>> from perfeval.quantity import Target
    >>> message = at_least_one(Target, ("value", "text"))
    >>> print(message.en)
    Target must have at least one of the members value (指标值), text (原文)
    >>> print(message.zh)
    Target 至少要有以下成员之一：value（指标值）、text（原文）
    """
    fields = attrs.fields_dict(cls)
    titles = [(name, fields[name].metadata["title"]) for name in names]
    return Message(
        "rule",
        f"{cls.__name__} must have at least one of the members"
        f" {', '.join(f'{name} ({title})' for name, title in titles)}",
        f"{cls.__name__} 至少要有以下成员之一：{'、'.join(f'{n}（{t}）' for n, t in titles)}",
    )


_SURROGATE_SEARCH: Final = LONE_SURROGATE.search


def text_problem(value: str) -> Message | None:
    r"""Why the text *value* cannot be in a document, or ``None``: too long, or a lone surrogate.

    The words are the loader's, so that a constructor and :func:`perfeval.loads`
    refuse one problem alike.

    >>> text_problem("合计") is None
    True
    >>> print(text_problem("a" + chr(0xD800)).en[:51])
    contains a lone surrogate ("\ud800" at character 1)
    """
    if len(value) <= MAX_TEXT_LENGTH and (value.isascii() or _SURROGATE_SEARCH(value) is None):
        return None
    return _text_problem(value)


def check_parsed(text: str) -> None:
    r"""Refuse a text the parsers do not read: too long, or with a lone surrogate.

    A document's texts hold at most :data:`~perfeval._io.limits.MAX_TEXT_LENGTH`
    characters and no lone surrogate; the parsers check both before any other work,
    so that reading stays linear in the length of the text.

    Raises:
        ParseError: at the limit, or at the lone surrogate.

    >>> check_parsed("x" * 1_000_001)
    Traceback (most recent call last):
    ...
    perfeval.errors.ParseError: cannot parse 'xxx...' at position 1000000: the text is 1,000,001 ...
    >>> check_parsed("合计" + chr(0xD800))
    Traceback (most recent call last):
    ...
    perfeval.errors.ParseError: cannot parse '合计\ud800' at position 2: the text contains ...
    """
    if len(text) > MAX_TEXT_LENGTH:
        reason = (
            f"the text is {len(text):,} characters long; perfeval reads texts of at most"
            f" {MAX_TEXT_LENGTH:,} characters"
        )
        raise ParseError(text, MAX_TEXT_LENGTH, reason)
    if not text.isascii() and (found := _SURROGATE_SEARCH(text)) is not None:
        raise ParseError(text, found.start(), f"the text {_text_problem(text).en}")


def _pattern_message(spec: Spec, value: str) -> Message:
    assert spec.hint is not None  # noqa: S101 - Spec refuses a pattern without a hint
    assert spec.hint_zh is not None  # noqa: S101
    shown = shorten(value)
    return Message(spec.hint_kind, spec.hint.format(value=shown), spec.hint_zh.format(value=shown))


# -- the spec ------------------------------------------------------------------------------


def _check_hint(spec: Spec, _: attrs.Attribute[Any], hint: str | None) -> None:
    if spec.pattern is not None and hint is None:
        msg = f"the spec of {spec.title} has a pattern but no hint to explain it"
        raise ValueError(msg)
    if spec.pattern is not None and not ends_the_text(spec.pattern):
        # "$" would admit a final line feed in Python's re (jsonschema), not in ajv.
        msg = f"the pattern of {spec.title} must start with ^ and end with {END}, not $"
        raise ValueError(msg)
    if spec.pattern is not None and spec.hint_zh is None:
        msg = f"the spec of {spec.title} has a pattern but no hint in Chinese (hint_zh)"
        raise ValueError(msg)


@attrs.frozen
class Spec:
    """What perfeval knows of one member: its kind, its words and its constraints.

    Attributes:
        kind: The kind of value (see :data:`KINDS`).
        title: The Chinese label.
        description: What the member means, in English.
        pattern: A pattern the text must match, ``^`` to :data:`~perfeval._regex.END`
            (ECMA-262 and Python alike).
        hint: The message when *pattern* fails, with ``{value!r}`` for the value.
        hint_zh: The same message in Chinese.
        hint_kind: The kind of problem a value that fails *pattern* is (a code of
            :data:`~perfeval.errors.ERROR_KINDS`): ``"pattern"``, ``"version"``.
        minimum: The least integer; the fewest items of an array in JSON.
        maximum: The greatest integer.
        places: The most decimal places of a decimal.
        cls: The code list, or the class of an object.
        item: The spec of an array's items.
        always: Written (and required) in JSON even though Python has a default.
        key: The spec of a mapping's keys.
        checked: Whether constructors check it (Money holds any exact amount; what a
            document keeps is checked where a model member holds Money).
        since: The schema version that added the member (``"1.0"``, ``"1.1"`` …).
    """

    kind: Kind
    title: str
    description: str
    pattern: str | None = None
    hint: str | None = attrs.field(default=None, validator=_check_hint)
    minimum: int | None = None
    maximum: int | None = None
    places: int = 12
    cls: type | None = None
    item: Spec | None = None
    key: Spec | None = None
    always: bool = False
    checked: bool = True
    since: str = "1.0"
    hint_zh: str | None = None
    hint_kind: str = "pattern"
    compiled: re.Pattern[str] | None = attrs.field(init=False, eq=False, repr=False)

    @compiled.default
    def _compile(self) -> re.Pattern[str] | None:
        return re.compile(self.pattern) if self.pattern else None

    def metadata(self) -> dict[str, Any]:
        """The attrs metadata that carries this spec."""
        return {"title": self.title, "description": self.description, "spec": self}


def spec_of(field: attrs.Attribute[Any]) -> Spec:
    """The spec of a model field.

    >>> import attrs
    >>> from perfeval.model import KeyProject
    >>> spec_of(attrs.fields(KeyProject).id).kind.name
    'text'
    """
    spec: Spec = field.metadata["spec"]
    return spec


# -- the kinds -----------------------------------------------------------------------------

#: A problem with a Python value: the exception class to raise and the message.
Problem = tuple[type[Exception], str]


class Kind:
    """One kind of member: every concern about its values, in one place.

    Subclasses implement :meth:`check` (a Python value, for constructors),
    :meth:`problem` (a JSON value, for the loader and :func:`perfeval.validate`),
    :meth:`hook` (the loader's fast path), :meth:`dumper` and :meth:`schema`.
    """

    name: str = ""

    def check(self, spec: Spec, value: Any) -> Problem | None:
        """What is wrong with *value* given to a constructor, or ``None``."""
        raise NotImplementedError

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        """A fast test that a constructor's value is right; :meth:`check` says why not.

        Constructors run it on every member of every object a document builds, so
        kinds write it as one expression.
        """
        return lambda value: self.check(spec, value) is None

    def validator(self, spec: Spec, *, optional: bool) -> Validator:
        """The constructor's validator: :meth:`accepts`, else :meth:`check` says why.

        Kinds whose members are frequent write the test inline instead, since the
        validator runs for every member of every object built.
        """
        accepts = self.accepts(spec)

        def validate(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if (optional and value is None) or accepts(value):
                return
            self.refuse(spec, attribute, value)

        return validate

    def refuse(self, spec: Spec, attribute: attrs.Attribute[Any], value: Any) -> None:
        """Raise the constructor's error for *value*, which :meth:`accepts` refused."""
        problem = self.check(spec, value)
        if problem is not None:
            raise problem[0](f"{attribute.name} {problem[1]}")

    def problem(self, spec: Spec, value: Any) -> Message | None:
        """What is wrong with the JSON *value*, or ``None``."""
        raise NotImplementedError

    def refusal(self, spec: Spec, value: Any) -> FieldError:
        """The loader's error for the JSON *value*, which :meth:`problem` finds wrong."""
        problem = self.problem(spec, value)
        assert problem is not None  # noqa: S101 - called only for a value with a problem
        return problem.error(value=show(value))

    def check_as(self, expected: type, spec: Spec, value: Any) -> Problem | None:
        """:meth:`check` for a kind whose Python value is its JSON value (texts, integers).

        A value of another Python type is a TypeError; a value that breaks a rule, the
        JSON problem as a ValueError.
        """
        if type(value) is not expected:
            return TypeError, _not_a(expected.__name__, value)
        problem = self.problem(spec, value)
        return None if problem is None else (ValueError, problem.en)

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        """The loader's hook: the Python value of a valid JSON value, else FieldError."""

        def load(value: Any, _: Any) -> Any:
            problem = self.problem(spec, value)
            if problem is None:
                return value
            raise problem.error(value=show(value))

        return load

    def dumper(self, spec: Spec, writer: Writer) -> Callable[[Any], Any] | None:
        """Python value → JSON data, or ``None`` when the value is JSON data already."""
        return None

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        """Lines of a generated loader: *out* = the Python value of the JSON *var*.

        The lines assign *out* when :meth:`hook` would return a value, and raise
        ``source.slow`` wherever it would raise: the generated loader hands such a
        document to the detailed path, which words the problem.
        """
        raise NotImplementedError

    def dump_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        """A Python expression that turns *var* into JSON data, for generated dumpers.

        By default it calls :meth:`dumper`, entered into *namespace*; kinds whose
        conversion is one attribute or one call write it inline.
        """
        dumper = self.dumper(spec, writer)
        if dumper is None:
            return var
        name = f"__dump{len(namespace)}"
        namespace[name] = dumper
        return f"{name}({var})"

    def text_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        """A Python expression of *var*'s compact JSON text, for the generated writers.

        By default the JSON text of what :meth:`dump_source` gives, written by
        ``writer.json_text``; kinds whose text is one call or one concatenation write
        it inline.
        """
        namespace["__json"] = writer.json_text
        return f"__json({self.dump_source(spec, var, namespace, writer)})"

    def schema(self, spec: Spec) -> dict[str, Any]:
        """The JSON Schema of one value."""
        raise NotImplementedError

    def parts(self, spec: Spec, schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Spec]]:
        """The parts of *schema* (this kind's schema of a member) that other specs state.

        :func:`perfeval.validate` words a problem found in a part by the part's spec.
        """
        return iter(())


class Loader:
    """What a kind's hook may ask of the loader that builds it."""

    detailed: bool

    def class_hook(self, cls: type) -> Hook:
        """The hook of a nested class."""
        raise NotImplementedError

    def array_hook(self, item_hook: Hook, item_type: Any, min_items: int) -> Hook:
        """The hook of an array of items."""
        raise NotImplementedError

    def extensions_hook(self) -> Hook:
        """The hook of free-form JSON, checked against the loader's limits."""
        raise NotImplementedError

    def group(self, problems: list[FieldError]) -> Exception:
        """The exception that carries *problems* found in one value."""
        raise NotImplementedError


class Writer:
    """What a kind's dumper may ask of the converter that builds it."""

    def class_dumper(self, cls: type) -> Callable[[Any], Any]:
        """The unstructure function of a nested class."""
        raise NotImplementedError

    def class_writer(self, cls: type) -> Callable[[Any], str]:
        """The function that writes the compact JSON text of a nested class."""
        raise NotImplementedError

    def json_text(self, data: Any) -> str:
        """The compact JSON text of JSON data (decimals written with their digits)."""
        raise NotImplementedError


class Source:
    """What a kind's :meth:`Kind.load_source` may ask of the generator of loaders."""

    #: The name of the exception that sends a document to the detailed path.
    slow: str = "__SLOW"
    #: Whether every text and member name is known to be within the limits (no
    #: longer than :data:`MAX_TEXT_LENGTH`, no lone surrogate): what ``loads`` parsed.
    texts_checked: bool = False

    def constant(self, value: Any) -> str:
        """A name under which the generated code reads *value*."""
        raise NotImplementedError

    def variable(self) -> str:
        """A local name not used yet."""
        raise NotImplementedError

    def class_loader(self, cls: type) -> str:
        """The name of the generated loader of *cls* (a JSON object → an instance)."""
        raise NotImplementedError


class _Text(Kind):
    name = "text"

    def check(self, spec: Spec, value: Any) -> Problem | None:
        return self.check_as(str, spec, value)

    # Every test below is written out inline: texts are the most frequent members.
    # A text is a non-empty str of at most MAX_TEXT_LENGTH characters without a lone
    # surrogate (what a document can hold), matching the spec's pattern if it has one.
    # The loader's hook has looked for lone surrogates in what it builds: its
    # validators do not look again.

    def validator(self, spec: Spec, *, optional: bool) -> Validator:
        match = spec.compiled.fullmatch if spec.compiled is not None else None
        refuse, search, loading = self.refuse, _SURROGATE_SEARCH, _LOADING.get

        def validate(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if (
                type(value) is str
                and value
                and len(value) <= MAX_TEXT_LENGTH
                and (value.isascii() or loading() or search(value) is None)
                and (match is None or match(value) is not None)
            ):
                return
            if value is None and optional:
                return
            refuse(spec, attribute, value)

        return validate

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        compiled = spec.compiled
        match = compiled.fullmatch if compiled is not None else None
        search = _SURROGATE_SEARCH
        return lambda value: (
            type(value) is str
            and value != ""
            and len(value) <= MAX_TEXT_LENGTH
            and (value.isascii() or search(value) is None)
            and (match is None or match(value) is not None)
        )

    def problem(self, spec: Spec, value: Any) -> Message | None:
        if type(value) is not str:
            return Message(
                "type",
                f"must be a string, not {describe(value)}",
                f"应为字符串，而不是{describe_zh(value)}",
            )
        if not value:
            return _EMPTY_TEXT
        if (problem := text_problem(value)) is not None:
            return problem
        if spec.compiled is not None and spec.compiled.fullmatch(value) is None:
            return _pattern_message(spec, value)
        return None

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        compiled = spec.compiled
        search = _SURROGATE_SEARCH

        def load(value: Any, _: Any) -> str:
            if (
                type(value) is str
                and value
                and len(value) <= MAX_TEXT_LENGTH
                and (value.isascii() or search(value) is None)
                and (compiled is None or compiled.fullmatch(value))
            ):
                return value
            raise self.refusal(spec, value)

        return load

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        bad = f"type({var}) is not str or not {var}"
        if not source.texts_checked:
            search = source.constant(_SURROGATE_SEARCH)
            bad += (
                f" or len({var}) > {MAX_TEXT_LENGTH}"
                f" or not ({var}.isascii() or {search}({var}) is None)"
            )
        bad += self._shape_source(spec, var, source)
        return [f"if {bad}: raise {source.slow}", f"{out} = {var}"]

    def _shape_source(self, spec: Spec, var: str, source: Source) -> str:
        if spec.compiled is None:
            return ""
        return f" or {source.constant(spec.compiled.fullmatch)}({var}) is None"

    def text_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        namespace["__text"] = encode_basestring
        return f"__text({var})"

    def schema(self, spec: Spec) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if spec.pattern:
            schema["pattern"] = spec.pattern
        return schema


_EMPTY_TEXT: Final = Message(
    "empty",
    "must not be empty; omit the member when there is nothing to say",
    "不能为空；没有内容时请省略该项",
)


class _TrimmedText(_Text):
    """Text without surrounding whitespace: the pattern for JSON Schema, ``strip()`` here.

    :data:`TRIMMED_TEXT_PATTERN` states exactly what :meth:`str.strip` removes, so
    the two agree; ``strip()`` is the faster test of the two.
    """

    name = "trimmed_text"

    def validator(self, spec: Spec, *, optional: bool) -> Validator:
        refuse, search, loading = self.refuse, _SURROGATE_SEARCH, _LOADING.get

        def validate(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if (
                type(value) is str
                and value
                and len(value) <= MAX_TEXT_LENGTH
                and (value.isascii() or loading() or search(value) is None)
                and value.strip() == value
            ):
                return
            if value is None and optional:
                return
            refuse(spec, attribute, value)

        return validate

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        search = _SURROGATE_SEARCH
        return lambda value: (
            type(value) is str
            and value != ""
            and len(value) <= MAX_TEXT_LENGTH
            and (value.isascii() or search(value) is None)
            and value.strip() == value
        )

    def problem(self, spec: Spec, value: Any) -> Message | None:
        if type(value) is str and value and text_problem(value) is None and value.strip() != value:
            return _pattern_message(spec, value)
        return super().problem(spec, value)

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        search = _SURROGATE_SEARCH

        def load(value: Any, _: Any) -> str:
            if (
                type(value) is str
                and value
                and len(value) <= MAX_TEXT_LENGTH
                and (value.isascii() or search(value) is None)
                and value.strip() == value
            ):
                return value
            raise self.refusal(spec, value)

        return load

    def _shape_source(self, spec: Spec, var: str, source: Source) -> str:
        return f" or {var}.strip() != {var}"


class _Integer(Kind):
    name = "integer"

    def check(self, spec: Spec, value: Any) -> Problem | None:
        return self.check_as(int, spec, value)

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        low, high = spec.minimum, spec.maximum
        return lambda value: type(value) is int and low <= value <= high  # type: ignore[operator]

    def problem(self, spec: Spec, value: Any) -> Message | None:
        low, high = spec.minimum, spec.maximum
        assert low is not None  # noqa: S101 - integer() sets both
        assert high is not None  # noqa: S101
        if type(value) is not int:
            return Message(
                "type",
                f"must be a whole number such as {low + 71}, not {describe(value)}",
                f"应为整数（如 {low + 71}），而不是{describe_zh(value)}",
            )
        if not low <= value <= high:
            return Message(
                "range",
                f"must be between {low} and {high}, not {value}",
                f"应在 {low} 到 {high} 之间，而不是 {value}",
            )
        return None

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        low, high = spec.minimum, spec.maximum

        def load(value: Any, _: Any) -> int:
            if type(value) is int and low <= value <= high:  # type: ignore[operator]
                return value
            raise self.refusal(spec, value)

        return load

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        low, high = int(spec.minimum or 0), int(spec.maximum or 0)
        bad = f"type({var}) is not int or not {low} <= {var} <= {high}"
        return [f"if {bad}: raise {source.slow}", f"{out} = {var}"]

    def text_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        namespace["__int"] = int.__repr__  # as json writes an int (never a bool here)
        return f"__int({var})"

    def schema(self, spec: Spec) -> dict[str, Any]:
        return {"type": "integer", "minimum": spec.minimum, "maximum": spec.maximum}


def _size_message(places: int, text: str) -> str:
    return (
        f"must have at most 18 digits before the point and at most {places} after it"
        f" (what a document keeps); not {text}"
    )


def _size_problem(places: int, value: str) -> Message:
    return Message(
        "range",
        _size_message(places, describe(value)),
        f"小数点前最多 18 位、小数点后最多 {places} 位（文档能保存的位数）；"
        f"而不是{describe_zh(value)}",
    )


class _Decimal(Kind):
    """A decimal: a ``Decimal`` in Python, a decimal string in JSON."""

    name = "decimal"

    def check(self, spec: Spec, value: Any) -> Problem | None:
        if type(value) is not Decimal:
            return TypeError, _not_a("Decimal", value)
        if self._fits(spec.places, value):
            return None
        return ValueError, _size_message(spec.places, short_text(value))

    @staticmethod
    def _fits(places: int, value: Decimal) -> bool:
        exponent = value.as_tuple().exponent
        return type(exponent) is int and exponent >= -places and value.adjusted() < 18

    def validator(self, spec: Spec, *, optional: bool) -> Validator:
        places, refuse = spec.places, self.refuse

        def validate(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if type(value) is Decimal:
                exponent = value.as_tuple().exponent
                if type(exponent) is int and exponent >= -places and value.adjusted() < 18:
                    return
            elif value is None and optional:
                return
            refuse(spec, attribute, value)

        return validate

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        places, fits = spec.places, self._fits
        return lambda value: type(value) is Decimal and fits(places, value)

    def problem(self, spec: Spec, value: Any) -> Message | None:
        if type(value) is str:
            if (MONEY_RE if spec.places == 6 else DECIMAL_RE).fullmatch(value):
                return None
            if _DECIMAL_SHAPE.fullmatch(value):
                return _size_problem(spec.places, value)
            return Message(
                "format",
                "must be a decimal string: an optional minus, at most 18 digits before the"
                f" point (no leading zeros) and at most {spec.places} after it, such as"
                f' "654.45"; not {describe(value)}',
                "应为小数字符串：可带负号，小数点前最多 18 位（不以 0 开头），小数点后最多"
                f' {spec.places} 位，如 "654.45"；而不是{describe_zh(value)}',
            )
        if isinstance(value, (Decimal, int, float)) and type(value) is not bool:
            return Message(
                "type",
                f'must be a decimal string such as "654.45", not {describe(value)}'
                " (write the number in quotes so that no digit is lost)",
                f'应为小数字符串（如 "654.45"），而不是{describe_zh(value)}'
                "（请把数字写在引号里，以免丢失位数）",
            )
        return Message(
            "type",
            f'must be a decimal string such as "654.45", not {describe(value)}',
            f'应为小数字符串（如 "654.45"），而不是{describe_zh(value)}',
        )

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        regex = MONEY_RE if spec.places == 6 else DECIMAL_RE

        def load(value: Any, _: Any) -> Decimal:
            if type(value) is str and regex.fullmatch(value):
                return Decimal(value)
            raise self.refusal(spec, value)

        return load

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        match = source.constant((MONEY_RE if spec.places == 6 else DECIMAL_RE).fullmatch)
        return [
            f"if type({var}) is not str or {match}({var}) is None: raise {source.slow}",
            f"{out} = {source.constant(Decimal)}({var})",
        ]

    def dumper(self, spec: Spec, writer: Writer) -> Callable[[Any], Any]:
        return format_decimal

    def dump_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        return decimal_source(var, namespace)

    def text_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        # Digits, a point and a sign: nothing in them needs escaping.
        return f"""('"' + {decimal_source(var, namespace)} + '"')"""

    def schema(self, spec: Spec) -> dict[str, Any]:
        return {"type": "string", "pattern": MONEY_PATTERN if spec.places == 6 else DECIMAL_PATTERN}


def format_decimal(value: Decimal) -> str:
    """*value*'s digits in plain notation, as ``format(value, "f")`` writes them.

    >>> format_decimal(Decimal("1E+3")), format_decimal(Decimal("654.45"))
    ('1000', '654.45')
    """
    text = str(value)
    return format(value, "f") if "E" in text or "e" in text else text


def decimal_source(var: str, namespace: dict[str, Any]) -> str:
    """An expression of *var*'s digits in plain notation, as :func:`format_decimal`.

    ``str()`` writes them six times faster than ``format(value, "f")`` and the same,
    except with an exponent (``1E+3``, ``1E-7``; ``e`` under a context with
    ``capitals=0``): only those are formatted.
    """
    namespace["__format"] = format
    namespace["__str"] = str
    return f'(__t if "E" not in (__t := __str({var})) and "e" not in __t else __format({var}, "f"))'


MONEY_RE: Final = re.compile(MONEY_PATTERN)
DECIMAL_RE: Final = re.compile(DECIMAL_PATTERN)


def choices(cls: type[CodeEnum]) -> str:
    """The codes of a code list with their labels, as messages list them.

    >>> from perfeval.codes import Grade
    >>> choices(Grade)
    '"excellent" (优), "good" (良), "fair" (中), "poor" (差)'
    """
    return ", ".join(f'"{member.value}" ({member.label})' for member in cls)


def choices_zh(cls: type[CodeEnum]) -> str:
    """:func:`choices` as the Chinese messages list them.

    >>> from perfeval.codes import Grade
    >>> choices_zh(Grade)
    '"excellent"（优）、"good"（良）、"fair"（中）、"poor"（差）'
    """
    return "、".join(f'"{member.value}"（{member.label}）' for member in cls)


class _Instance(Kind):
    """A member whose Python value is an instance of the spec's class (a code, an object)."""

    def check(self, spec: Spec, value: Any) -> Problem | None:
        cls = spec.cls
        assert cls is not None  # noqa: S101 - code() and obj() set it
        if isinstance(value, cls):
            return None
        return TypeError, _not_a(cls.__name__, value)

    def validator(self, spec: Spec, *, optional: bool) -> Validator:
        cls, refuse = spec.cls, self.refuse

        def validate(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if type(value) is cls or (value is None and optional):
                return
            refuse(spec, attribute, value)

        return validate

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        cls = spec.cls
        return lambda value: type(value) is cls


class _Code(_Instance):
    name = "code"

    def problem(self, spec: Spec, value: Any) -> Message | None:
        assert spec.cls is not None  # noqa: S101 - code() sets it
        if type(value) is str and value in spec.cls._value2member_map_:  # type: ignore[attr-defined]
            return None
        return Message(
            "enum",
            f"must be one of {choices(spec.cls)}; not {describe(value)}",
            f"应为以下代码之一：{choices_zh(spec.cls)}；而不是{describe_zh(value)}",
        )

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        codes: Iterable[CodeEnum] = spec.cls  # type: ignore[assignment]
        table = {member.value: member for member in codes}

        def load(value: Any, _: Any) -> CodeEnum:
            try:
                return table[value]
            except (KeyError, TypeError):
                # A dict lookup raises KeyError; cattrs and users expect a ValueError.
                raise self.refusal(spec, value) from None

        return load

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        codes: Iterable[CodeEnum] = spec.cls  # type: ignore[assignment]
        table = source.constant({member.value: member for member in codes}.get)
        return [
            f"{out} = {table}({var}) if type({var}) is str else None",
            f"if {out} is None: raise {source.slow}",
        ]

    def dumper(self, spec: Spec, writer: Writer) -> Callable[[Any], Any]:
        return _code_value

    def dump_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        return f"{var}._value_"

    def text_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        namespace["__text"] = encode_basestring
        return f"__text({var}._value_)"

    def schema(self, spec: Spec) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{spec.cls.__name__}"}  # type: ignore[union-attr]


def _code_value(member: CodeEnum) -> str:
    value: str = member._value_
    return value


_DATE_RE: Final = re.compile(DATE_PATTERN)


class _Date(Kind):
    name = "date"

    def check(self, spec: Spec, value: Any) -> Problem | None:
        if type(value) is datetime.date:
            return None
        return TypeError, _not_a("date", value)

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        return lambda value: type(value) is datetime.date

    def problem(self, spec: Spec, value: Any) -> Message | None:
        if type(value) is str and _DATE_RE.fullmatch(value):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return None
        return Message(
            "format" if type(value) is str else "type",
            f'must be a date written YYYY-MM-DD, such as "2021-05-20", not {describe(value)}',
            f'应为 YYYY-MM-DD 格式的日期（如 "2021-05-20"），而不是{describe_zh(value)}',
        )

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        def load(value: Any, _: Any) -> datetime.date:
            problem = self.problem(spec, value)
            if problem is None:
                return datetime.date.fromisoformat(value)
            raise problem.error(value=show(value))

        return load

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        match = source.constant(_DATE_RE.fullmatch)
        return [
            f"if type({var}) is not str or {match}({var}) is None: raise {source.slow}",
            "try:",
            f"    {out} = {source.constant(datetime.date.fromisoformat)}({var})",
            "except ValueError:",
            f"    raise {source.slow} from None",
        ]

    def dumper(self, spec: Spec, writer: Writer) -> Callable[[Any], Any]:
        return datetime.date.isoformat

    def text_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        return f"""('"' + {var}.isoformat() + '"')"""

    def schema(self, spec: Spec) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}


class _Object(_Instance):
    """A nested object of an attrs class."""

    name = "object"

    def problem(self, spec: Spec, value: Any) -> Message | None:
        if type(value) is dict:
            return None
        name = spec.cls.__name__  # type: ignore[union-attr]
        return Message(
            "type",
            f"must be an object ({name}), not {describe(value)}",
            f"应为对象（{name}），而不是{describe_zh(value)}",
        )

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        assert spec.cls is not None  # noqa: S101 - obj() sets it
        return loader.class_hook(spec.cls)

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        assert spec.cls is not None  # noqa: S101 - obj() sets it
        return [f"{out} = {source.class_loader(spec.cls)}({var})"]

    def dumper(self, spec: Spec, writer: Writer) -> Callable[[Any], Any]:
        assert spec.cls is not None  # noqa: S101 - obj() sets it
        return writer.class_dumper(spec.cls)

    def text_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        assert spec.cls is not None  # noqa: S101 - obj() sets it
        name = f"__write{len(namespace)}"
        namespace[name] = writer.class_writer(spec.cls)
        return f"{name}({var})"

    def schema(self, spec: Spec) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{spec.cls.__name__}"}  # type: ignore[union-attr]


class _Money(_Object):
    """A :class:`~perfeval.Money` whose amount a document can hold."""

    name = "money"

    # The amount must fit a document, too: the generic validator asks accepts().
    validator = Kind.validator

    def check(self, spec: Spec, value: Any) -> Problem | None:
        problem = super().check(spec, value)
        if problem is not None:
            return problem
        amount = value.amount
        exponent = amount.as_tuple().exponent
        if type(exponent) is int and (exponent < -6 or amount.adjusted() >= 18):
            return ValueError, _size_message(6, short_text(amount))
        return None

    def dump_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        # Inline for an amount in yuan (CNY), the usual case; the dumper otherwise.
        other = super().dump_source(spec, var, namespace, writer)
        amount = decimal_source(f"{var}.amount", namespace)
        return (
            f'({{"amount": {amount}, "unit": {var}.unit._value_}}'
            f' if {var}.currency == "CNY" else {other})'
        )

    def text_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        # Inline for an amount in yuan (CNY), the usual case; the writer otherwise.
        other = super().text_source(spec, var, namespace, writer)
        amount = decimal_source(f"{var}.amount", namespace)
        return (
            f"""('{{"amount":"' + {amount} + '","unit":"' + {var}.unit._value_ + '"}}'"""
            f' if {var}.currency == "CNY" else {other})'
        )

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        cls: Any = spec.cls  # Money, known only at run time (money imports this module)
        fits = _Decimal._fits

        def accepts(value: Any) -> bool:
            return type(value) is cls and fits(6, value.amount)

        return accepts


class _Array(Kind):
    """A tuple in Python, an array in JSON; optional arrays are never empty in JSON."""

    name = "array"

    def check(self, spec: Spec, value: Any) -> Problem | None:
        item = spec.item
        assert item is not None  # noqa: S101 - array() sets it
        if type(value) is not tuple:
            return TypeError, _not_a("tuple", value)
        for element in value:
            problem = item.kind.check(item, element)
            if problem is not None:
                return problem
        return None

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        assert spec.item is not None  # noqa: S101 - array() sets it
        item = spec.item.kind.accepts(spec.item)
        return lambda value: type(value) is tuple and all(map(item, value))

    def problem(self, spec: Spec, value: Any) -> Message | None:
        if type(value) is not list:
            return Message(
                "type",
                f"must be an array, not {describe(value)}",
                f"应为数组，而不是{describe_zh(value)}",
            )
        if len(value) < (spec.minimum or 0):
            return _EMPTY_ARRAY
        return None

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        item = spec.item
        assert item is not None  # noqa: S101 - array() sets it
        return loader.array_hook(item.kind.hook(item, loader), item.cls, spec.minimum or 0)

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        item = spec.item
        assert item is not None  # noqa: S101 - array() sets it
        lines = [
            f"if type({var}) is not list or len({var}) < {spec.minimum or 0}: raise {source.slow}"
        ]
        if isinstance(item.kind, _Object):
            assert item.cls is not None  # noqa: S101 - array() sets it
            load = source.class_loader(item.cls)
            return [*lines, f"{out} = tuple([{load}(x) for x in {var}])"]
        element, unused = source.variable(), source.variable()
        inner = item.kind.load_source(item, element, unused, source)
        return [
            *lines,
            f"for {element} in {var}:",
            *(f"    {line}" for line in inner),
            f"{out} = tuple({var})",
        ]

    def dumper(self, spec: Spec, writer: Writer) -> Callable[[Any], Any]:
        assert spec.item is not None  # noqa: S101 - array() sets it
        inner = spec.item.kind.dumper(spec.item, writer)
        if inner is None:
            return list
        return lambda value: [inner(item) for item in value]

    def dump_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        assert spec.item is not None  # noqa: S101 - array() sets it
        inner = spec.item.kind.dump_source(spec.item, "x", namespace, writer)
        return f"[{inner} for x in {var}]"

    def text_source(self, spec: Spec, var: str, namespace: dict[str, Any], writer: Writer) -> str:
        assert spec.item is not None  # noqa: S101 - array() sets it
        inner = spec.item.kind.text_source(spec.item, "x", namespace, writer)
        return f"""('[' + ','.join([{inner} for x in {var}]) + ']')"""

    def schema(self, spec: Spec) -> dict[str, Any]:
        assert spec.item is not None  # noqa: S101 - array() sets it
        schema: dict[str, Any] = {"type": "array", "items": spec.item.kind.schema(spec.item)}
        if spec.minimum:
            schema["minItems"] = spec.minimum
        return schema

    def parts(self, spec: Spec, schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Spec]]:
        assert spec.item is not None  # noqa: S101 - array() sets it
        yield schema["items"], spec.item


_EMPTY_ARRAY: Final = Message(
    "empty",
    "must not be empty; omit the member when there are none",
    "不能为空数组；没有内容时请省略该项",
)


def _not_an_object(value: Any) -> Message:
    return Message(
        "type", f"must be an object, not {describe(value)}", f"应为对象，而不是{describe_zh(value)}"
    )


class _Extensions(Kind):
    """Free-form JSON kept exactly as given, checked to its leaves.

    Constructors refuse what a document cannot hold, in the loader's words (the
    loader, which checks them as it reads, is not asked twice): what is not JSON data
    (a float, a tuple, a name that is not a string) as a TypeError, and what breaks
    the limits (a text or a number too long, a lone surrogate, nesting deeper than
    :data:`~perfeval._io.limits.MAX_DEPTH`) as a ValueError. The dumper checks again,
    since a dict can be changed after the object holding it was built.
    """

    name = "extensions"

    def check(self, spec: Spec, value: Any) -> Problem | None:
        if type(value) is not dict:
            return TypeError, _not_a("dict", value)
        found = extensions_problem(value)
        if found is None:
            return None
        pointer, message, _ = found
        error = TypeError if message.en.startswith(_NOT_JSON) else ValueError
        return error, f"at {pointer}: {message.en}" if pointer else message.en

    def validator(self, spec: Spec, *, optional: bool) -> Validator:
        refuse = self.refuse

        def validate(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if value is None and optional:
                return
            if type(value) is dict and (_LOADING.get() or extensions_problem(value) is None):
                return  # the loader has checked what it reads
            refuse(spec, attribute, value)

        return validate

    def refuse(self, spec: Spec, attribute: attrs.Attribute[Any], value: Any) -> None:
        found = extensions_problem(value) if type(value) is dict else None
        if found is None:
            super().refuse(spec, attribute, value)
            return
        pointer, message, _ = found  # the pointer follows the name: extensions/a/0
        error = TypeError if message.en.startswith(_NOT_JSON) else ValueError
        raise error(f"{attribute.name}{pointer} {message.en}")

    def accepts(self, spec: Spec) -> Callable[[Any], bool]:
        return lambda value: type(value) is dict and extensions_problem(value) is None

    def problem(self, spec: Spec, value: Any) -> Message | None:
        if type(value) is dict:
            return None
        return _not_an_object(value)

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        return loader.extensions_hook()

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        first = source.constant(extensions_problem)
        bad = f"type({var}) is not dict or {first}({var}) is not None"
        return [f"if {bad}: raise {source.slow}", f"{out} = {var}"]

    def dumper(self, spec: Spec, writer: Writer) -> Callable[[Any], Any]:
        return _dump_extensions

    def schema(self, spec: Spec) -> dict[str, Any]:
        return {"type": "object"}  # anything, kept as given


#: How the loader's messages begin for what is not JSON data at all (a TypeError here).
_NOT_JSON: Final = ("is a Python float", "must be JSON data", "has a member name that is not a")


def extensions_problem(value: dict[str, Any]) -> tuple[str, Message, str | None] | None:
    """The first thing in *value* that a document's ``extensions`` cannot hold, or ``None``.

    It is (a JSON pointer relative to *value*, the loader's message, the value shown),
    as :func:`perfeval.loads` reports it: what is not JSON data, a text or a member
    name too long or with a lone surrogate, a number past the digits and exponent
    limits, nesting deeper than :data:`~perfeval._io.limits.MAX_DEPTH` levels
    (*value* itself is the first). The walk is iterative and stops at the first problem.

    >>> extensions_problem({"a": [1, "b"]}) is None
    True
    >>> pointer, message, shown = extensions_problem({"a": [0.5]})
    >>> pointer, message.kind, message.en
    ('/a/0', 'type', 'is a Python float (0.5), which cannot hold a decimal exactly; ...')
    """
    return next(json_problems(value, depth_limit=MAX_DEPTH), None)


def _dump_extensions(value: Any) -> Any:
    import copy  # noqa: PLC0415 - only documents with extensions need it

    if type(value) is not dict:
        raise _not_an_object(value).error(value=show(value))
    found = extensions_problem(value)
    if found is not None:
        raise found[1].error(member=found[0], value=found[2])
    return copy.deepcopy(value)


#: A cell of a printed table: column letters and a row number (``D7``).
CELL_PATTERN: Final = "^[A-Z]{1,3}[1-9][0-9]{0,6}" + END
_CELL_HINT: Final = (
    'must be a table cell written as column letters and a row number, such as "D7"; not {value!r}'
)
#: A member name, as the keys of ``cells`` give them.
MEMBER_NAME_PATTERN: Final = "^[a-z][a-z0-9_]{0,63}" + END
_MEMBER_NAME_HINT: Final = (
    'must be the name of a member of this object, such as "budget"; not {value!r}'
)
_CELL_HINT_ZH: Final = '应为表格单元格，写作列字母加行号，如 "D7"；而不是 {value!r}'
_MEMBER_NAME_HINT_ZH: Final = '应为此对象的成员名，如 "budget"；而不是 {value!r}'


class _Cells(Kind):
    """Member name → the table cell its figure was read from (``{"budget": "D7"}``).

    Read-only and hashable in Python (a :class:`FrozenMap`); in JSON an object with at
    least one member. A bad cell is reported at its key, a bad key at the object.
    """

    name = "cells"

    def check(self, spec: Spec, value: Any) -> Problem | None:
        if not isinstance(value, Mapping):
            return TypeError, _not_a("Mapping", value)
        for _, message, _ in self._problems(spec, dict(value)):
            return ValueError, message.en
        return None

    def problem(self, spec: Spec, value: Any) -> Message | None:
        if type(value) is not dict:
            return _not_an_object(value)
        if not value:
            return _EMPTY_CELLS
        return None

    def _problems(self, spec: Spec, value: Any) -> Iterator[tuple[str, Message, Any]]:
        """(member, message, offending value) of each problem of the JSON *value*."""
        key_spec, cell_spec = spec.key, spec.item
        assert key_spec is not None  # noqa: S101 - cells() sets both
        assert cell_spec is not None  # noqa: S101
        problem = self.problem(spec, value)
        if problem is not None:
            yield "", problem, value
            return
        for key, cell in value.items():
            problem = key_spec.kind.problem(key_spec, key)
            if problem is not None:
                yield "", problem, key
                if type(key) is not str:  # no pointer can name it
                    continue
            problem = cell_spec.kind.problem(cell_spec, cell)
            if problem is not None:
                yield "/" + _escape(key), problem, cell

    def hook(self, spec: Spec, loader: Loader) -> Hook:
        def load(value: Any, _: Any) -> Mapping[str, str]:
            problems = [
                message.error(member=member, value=show(shown))
                for member, message, shown in self._problems(spec, value)
            ]
            if problems:
                raise loader.group(problems)
            return FrozenMap(value)

        return load

    def load_source(self, spec: Spec, var: str, out: str, source: Source) -> list[str]:
        problems = source.constant(lambda value: next(self._problems(spec, value), None))
        return [
            f"if type({var}) is not dict or {problems}({var}) is not None: raise {source.slow}",
            f"{out} = {source.constant(FrozenMap)}({var})",
        ]

    def dumper(self, spec: Spec, writer: Writer) -> Callable[[Any], Any]:
        return dict

    def schema(self, spec: Spec) -> dict[str, Any]:
        assert spec.key is not None  # noqa: S101 - cells() sets both
        assert spec.item is not None  # noqa: S101
        return {
            "type": "object",
            "minProperties": 1,
            "propertyNames": spec.key.kind.schema(spec.key),
            "additionalProperties": spec.item.kind.schema(spec.item),
        }

    def parts(self, spec: Spec, schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Spec]]:
        assert spec.key is not None  # noqa: S101 - cells() sets both
        assert spec.item is not None  # noqa: S101
        yield schema["propertyNames"], spec.key
        yield schema["additionalProperties"], spec.item


_EMPTY_CELLS: Final = Message(
    "empty",
    "must not be empty; omit the member when there is nothing to record",
    "不能为空对象；没有内容时请省略该项",
)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


#: Every kind of member, by name: the one table the loader, the dumper, the schema and
#: the constructors read.
KINDS: Final[Mapping[str, Kind]] = {
    kind.name: kind
    for kind in (
        _Text(),
        _TrimmedText(),
        _Integer(),
        _Decimal(),
        _Code(),
        _Date(),
        _Object(),
        _Money(),
        _Array(),
        _Extensions(),
        _Cells(),
    )
}


# -- declaring members ----------------------------------------------------------------------


def text(
    title: str,
    description: str,
    *,
    pattern: str | None = None,
    hint: str | None = None,
    hint_zh: str | None = None,
    hint_kind: str = "pattern",
    always: bool = False,
) -> dict[str, Any]:
    """A non-empty string, matching *pattern* (explained by *hint* and *hint_zh*) if given.

    A value that fails *pattern* is a problem of kind *hint_kind*.
    """
    spec = Spec(
        KINDS["text"],
        title,
        description,
        pattern,
        hint,
        always=always,
        hint_zh=hint_zh,
        hint_kind=hint_kind,
    )
    return spec.metadata()


def trimmed_text(title: str, description: str) -> dict[str, Any]:
    """A non-empty string without surrounding whitespace (the quantity classes' texts)."""
    kind = KINDS["trimmed_text"]
    pattern, hint, hint_zh = TRIMMED_TEXT_PATTERN, _TRIMMED_HINT, _TRIMMED_HINT_ZH
    return Spec(kind, title, description, pattern, hint, hint_zh=hint_zh).metadata()


def integer(title: str, description: str, *, minimum: int, maximum: int) -> dict[str, Any]:
    """A whole number (never a bool) within [*minimum*, *maximum*]."""
    return Spec(KINDS["integer"], title, description, minimum=minimum, maximum=maximum).metadata()


def decimal(
    title: str, description: str, *, places: int = 12, checked: bool = True
) -> dict[str, Any]:
    """A decimal of at most 18 integer digits and *places* decimal places."""
    return Spec(KINDS["decimal"], title, description, places=places, checked=checked).metadata()


def code(
    cls: type[CodeEnum], title: str, description: str, *, checked: bool = True
) -> dict[str, Any]:
    """A member of the code list *cls*."""
    return Spec(KINDS["code"], title, description, cls=cls, checked=checked).metadata()


def date(title: str, description: str) -> dict[str, Any]:
    """A calendar date, ``YYYY-MM-DD`` in JSON."""
    return Spec(KINDS["date"], title, description, cls=datetime.date).metadata()


def obj(cls: type, title: str, description: str) -> dict[str, Any]:
    """A nested object of class *cls*."""
    return Spec(KINDS["object"], title, description, cls=cls).metadata()


def money(title: str, description: str) -> dict[str, Any]:
    """A :class:`~perfeval.Money` whose amount the schema can hold (18 digits, 6 places)."""
    from perfeval.money import Money  # noqa: PLC0415 - money's own fields use this module

    return Spec(KINDS["money"], title, description, cls=Money).metadata()


def array(item: type, title: str, description: str, *, required: bool = False) -> dict[str, Any]:
    """A tuple of objects of class *item*; *required* arrays may be empty in JSON."""
    item_spec = Spec(KINDS["object"], title, description, cls=item)
    # Optional arrays are omitted when empty, so in JSON they hold at least one item.
    minimum = 0 if required else 1
    return Spec(KINDS["array"], title, description, item=item_spec, minimum=minimum).metadata()


def strings(
    title: str,
    description: str,
    *,
    pattern: str | None = None,
    hint: str | None = None,
    hint_zh: str | None = None,
) -> dict[str, Any]:
    """A tuple of non-empty strings matching *pattern* (explained by *hint* and *hint_zh*)."""
    item_spec = Spec(KINDS["text"], title, description, pattern, hint, cls=str, hint_zh=hint_zh)
    return Spec(KINDS["array"], title, description, item=item_spec, minimum=1).metadata()


def cells(title: str, description: str) -> dict[str, Any]:
    """Member name → the table cell its figure was read from (``{"budget": "D7"}``)."""
    key = Spec(
        KINDS["text"],
        title,
        description,
        MEMBER_NAME_PATTERN,
        _MEMBER_NAME_HINT,
        hint_zh=_MEMBER_NAME_HINT_ZH,
    )
    cell = Spec(KINDS["text"], title, description, CELL_PATTERN, _CELL_HINT, hint_zh=_CELL_HINT_ZH)
    return Spec(KINDS["cells"], title, description, item=cell, key=key).metadata()


class FrozenMap(Mapping[str, str]):
    """A read-only, hashable, picklable mapping of texts (``cells``).

    >>> cells = FrozenMap({"budget": "D7"})
    >>> cells["budget"], cells == {"budget": "D7"}, hash(cells) == hash(FrozenMap(cells))
    ('D7', True, True)
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenMap], tuple[dict[str, str]]]:
        return (type(self), (self._items,))


def to_cells(value: Mapping[str, str] | None) -> Mapping[str, str] | None:
    """A read-only copy of a ``cells`` mapping (``None`` when absent).

    >>> to_cells({"budget": "D7"})["budget"]
    'D7'
    """
    return None if value is None or not isinstance(value, Mapping) else FrozenMap(value)


#: Set while the loader builds a document: its reports already say their version.
_LOADING: Final[contextvars.ContextVar[bool]] = contextvars.ContextVar(
    "perfeval_loading", default=False
)


def loading() -> bool:
    """Whether the loader is building the objects being constructed (in this context)."""
    return _LOADING.get()


@contextlib.contextmanager
def building() -> Iterator[None]:
    """Mark the objects constructed inside as the loader's."""
    token = _LOADING.set(True)
    try:
        yield
    finally:
        _LOADING.reset(token)


def version_key(version: str) -> tuple[int, ...]:
    """A schema version as numbers, for comparing (``"1.10"`` is after ``"1.9"``).

    >>> version_key("1.10") > version_key("1.9")
    True
    """
    return tuple(int(part) for part in version.split("."))


def version_needed(value: Any) -> str:
    """The oldest schema version that can hold *value*, a model object (a walk of it).

    >>> from perfeval.model import Unit
    >>> version_needed(Unit(name="u")), version_needed(Unit(name="u", extensions={}))
    ('1.0', '1.1')
    """
    newest = "1.0"
    stack = [value]
    while stack:
        node = stack.pop()
        for field in attrs.fields(type(node)):
            member = getattr(node, field.name)
            if member is None or member == ():
                continue
            spec: Spec = field.metadata["spec"]
            newest = max(newest, spec.since, key=version_key)
            if spec.kind.name in ("object", "money") and attrs.has(type(member)):
                stack.append(member)
            elif (
                spec.kind.name == "array"
                and spec.item is not None
                and spec.item.kind.name == "object"
            ):
                stack.extend(member)
    return newest


def since(version: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """*metadata* of a member that schema *version* added.

    >>> since("1.1", text("偏差原因", "Why."))["spec"].since
    '1.1'
    """
    spec: Spec = metadata["spec"]
    return attrs.evolve(spec, since=version).metadata()


def extensions(title: str, description: str) -> dict[str, Any]:
    """Free-form JSON kept as given."""
    return Spec(KINDS["extensions"], title, description, cls=dict).metadata()


# -- typed converters (named functions: mypy's attrs plugin reads only those) ----------------


def to_decimal_value(value: Decimal | int | str) -> Decimal:
    """A decimal member's value: ``int`` and decimal strings converted, floats refused.

    >>> to_decimal_value("9.5"), to_decimal_value(10)
    (Decimal('9.5'), Decimal('10'))
    """
    return to_decimal(value)


def optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    """:func:`to_decimal_value`, or ``None`` for an absent member.

    >>> optional_decimal(None) is None
    True
    """
    return None if value is None else to_decimal(value)


def to_tuple(value: Any) -> Any:
    """Any iterable but a string, a mapping or a Money-like scalar as a tuple.

    A string would be split into characters and a dict into its keys, so both are
    left for the validator to refuse.

    >>> to_tuple(["a", "b"]), to_tuple(x for x in "ab"), to_tuple("ab")
    (('a', 'b'), ('a', 'b'), 'ab')
    """
    if type(value) is tuple or isinstance(value, (str, bytes, Mapping)):
        return value
    if isinstance(value, Iterable):
        return tuple(value)
    return value


# -- the classes' field transformer ------------------------------------------------------------


def install(_: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Give every member with a spec the validator the spec implies (a field transformer)."""
    result = []
    for field in fields:
        spec = field.metadata.get("spec")
        if spec is None or not spec.checked:
            result.append(field)
            continue
        validator = spec.kind.validator(spec, optional=field.default is None)
        if field.validator is not None:
            validator = attrs.validators.and_(validator, field.validator)
        result.append(field.evolve(validator=validator))
    return result
