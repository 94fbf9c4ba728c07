"""The exceptions perfeval raises.

Every exception perfeval raises on purpose derives from :class:`PerfevalError`, and
the ones caused by bad input also derive from :class:`ValueError`, so callers can
catch either the perfeval family or the builtin they already expect.

>>> from perfeval.errors import ParseError, ValidationError
>>> issubclass(ValidationError, ValueError) and issubclass(ParseError, ValueError)
True
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable, Mapping
from typing import Final, NamedTuple

import attrs

from perfeval._text import is_wide

__all__ = [
    "ERROR_KINDS",
    "CurrencyMismatchError",
    "ErrorDetail",
    "ErrorKind",
    "FieldError",
    "ParseError",
    "PerfevalError",
    "ValidationError",
    "shorten",
]

_MAX_VALUE_CHARS = 60
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def shorten(text: str, limit: int = _MAX_VALUE_CHARS) -> str:
    """Shorten *text* to at most *limit* characters, marking the cut with ``…``.

    >>> from perfeval.errors import shorten
    >>> shorten("x" * 100, 10)
    'xxxxxxxxx…'
    >>> shorten("654.45")
    '654.45'
    """
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


class PerfevalError(Exception):
    """Base class of every exception perfeval raises on purpose."""


class ErrorKind(NamedTuple):
    """What one code of :data:`ERROR_KINDS` means: its labels and a one-line meaning."""

    label: str
    """The English label."""
    label_zh: str
    """The Chinese label (中文名称)."""
    meaning: str
    """What a problem of this kind is, in one line."""


#: The kinds of problem, code → :class:`ErrorKind`: every :attr:`ErrorDetail.kind`
#: perfeval gives is one of these codes. The codes are stable: a tool may branch on
#: them instead of reading the message. A code may be added in a minor version.
ERROR_KINDS: Final[Mapping[str, ErrorKind]] = types.MappingProxyType(
    {
        "required": ErrorKind(
            "required member missing", "必填项缺失", "A member that must be present is missing."
        ),
        "type": ErrorKind(
            "wrong type",
            "类型错误",
            "A value of the wrong JSON type: a number where a decimal string belongs, null"
            " for an optional member, a Python float or other non-JSON value.",
        ),
        "empty": ErrorKind(
            "empty value",
            "内容为空",
            "An empty text, array or object where the member must hold something; omit the"
            " member instead.",
        ),
        "pattern": ErrorKind(
            "wrong shape",
            "格式不符",
            "A text that does not have the shape its member requires: an id, a code, a"
            " table cell, surrounding spaces.",
        ),
        "format": ErrorKind(
            "malformed decimal or date",
            "数字或日期写法错误",
            'A decimal string or a date not written as one ("1e3", "01", "2021-02-30").',
        ),
        "enum": ErrorKind(
            "unknown code",
            "代码无效",
            "A value that is not one of the codes of its code list.",
        ),
        "range": ErrorKind(
            "out of range",
            "超出范围",
            "A number outside what its member admits: a year out of its range, a decimal"
            " with too many digits, a negative or too large figure.",
        ),
        "unknown-member": ErrorKind(
            "unknown member",
            "未知成员",
            "A member the object does not have (in the document's schema version).",
        ),
        "duplicate-member": ErrorKind(
            "duplicate member",
            "成员重复",
            "A member name that appears more than once in the same object of the JSON text.",
        ),
        "rule": ErrorKind(
            "rule between members broken",
            "违反规则",
            "Well-formed members that break a rule between them: unique project ids,"
            " projects of a report, at least one of the members of a target.",
        ),
        "limit": ErrorKind(
            "limit exceeded",
            "超出限制",
            "Past one of perfeval's limits: the size of a document, nesting depth, the"
            " length of a text, the digits of a number, the number of problems listed.",
        ),
        "syntax": ErrorKind(
            "not JSON",
            "JSON 语法错误",
            "Text that does not parse as strict JSON (NaN and Infinity included).",
        ),
        "encoding": ErrorKind(
            "bad encoding",
            "编码错误",
            "Bytes that are not UTF-8, a byte order mark, or a lone surrogate, which no"
            " encoding can write.",
        ),
        "version": ErrorKind(
            "unsupported schema version",
            "版本不受支持",
            "A schema_version this perfeval does not read.",
        ),
        "file": ErrorKind(
            "file not readable",
            "文件无法读取",
            "The file could not be read at all: missing, a directory, no permission.",
        ),
    }
)


def _known_kind(_: object, attribute: attrs.Attribute[str], kind: str) -> None:
    if kind not in ERROR_KINDS:
        msg = f"{attribute.name} must be one of {', '.join(ERROR_KINDS)}, not {kind!r}"
        raise ValueError(msg)


@attrs.frozen
class ErrorDetail:
    """One problem found in a document.

    Attributes:
        path: A JSON pointer (RFC 6901) to the offending member; ``""`` is the
            whole document.
        message: What is wrong and what is expected, in words a finance officer
            can act on.
        value: The offending value as JSON text, shortened; ``None`` when the
            problem is a missing member.
        kind: What kind of problem it is, a code of :data:`ERROR_KINDS` (keyword
            only): ``"required"``, ``"type"``, ``"pattern"`` …, for a program to
            branch on.
        message_zh: The message in Chinese (keyword only). Every problem perfeval
            reports has its own; a detail built without one repeats *message*.

    ``str()`` gives the path and the English message.

    >>> from perfeval.errors import ERROR_KINDS, ErrorDetail
    >>> detail = ErrorDetail("/fiscal_year", 'must be a whole number, not "2020"', '"2020"',
    ...     kind="type", message_zh='应为整数，而不是 "2020"')
    >>> print(detail)
    /fiscal_year: must be a whole number, not "2020"
    >>> detail.kind, ERROR_KINDS[detail.kind].label_zh, detail.message_zh
    ('type', '类型错误', '应为整数，而不是 "2020"')
    >>> ErrorDetail("/title", "is required", kind="missing")
    Traceback (most recent call last):
    ...
    ValueError: kind must be one of required, type, empty, pattern, ..., not 'missing'
    """

    path: str
    message: str
    value: str | None = None
    kind: str = attrs.field(default="rule", kw_only=True, validator=_known_kind)
    message_zh: str = attrs.field(kw_only=True)

    @message_zh.default
    def _message_zh(self) -> str:
        return self.message

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"


class ValidationError(PerfevalError, ValueError):
    """A document is malformed; ``errors`` lists every problem found.

    >>> from perfeval.errors import ErrorDetail, ValidationError
    >>> err = ValidationError([ErrorDetail("/title", "is required")])
    >>> err.errors[0].path
    '/title'
    >>> print(err)
    1 problem in the document:
      /title: is required
    """

    errors: tuple[ErrorDetail, ...]

    def __init__(self, errors: Iterable[ErrorDetail]) -> None:
        self.errors = tuple(errors)
        super().__init__(self.errors)

    def __str__(self) -> str:
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in the document:"
        return "\n".join([head, *(f"  {error}" for error in self.errors)])


class ParseError(PerfevalError, ValueError):
    """Text could not be parsed as money, a quantity or a target.

    Attributes:
        text: The whole text that was being parsed.
        position: The index in *text* where parsing failed.
        reason: What was expected there.

    >>> from perfeval.errors import ParseError
    >>> err = ParseError("3.2x万元", 3, "expected a digit, a unit or a qualifier")
    >>> print(err)
    cannot parse '3.2x万元' at position 3: expected a digit, a unit or a qualifier
        3.2x万元
           ^
    """

    text: str
    position: int
    reason: str

    def __init__(self, text: str, position: int, reason: str) -> None:
        self.text = text
        self.position = position
        self.reason = reason
        super().__init__(text, position, reason)

    def __str__(self) -> str:
        # Wide (CJK) characters take two columns on a terminal: align the caret with them.
        shown = shorten(self.text, 200)
        caret = sum(2 if is_wide(ch) else 1 for ch in shown[: self.position])
        # A lone surrogate cannot be printed: the text line shows U+FFFD in its place.
        printable = _LONE_SURROGATE.sub("\ufffd", shown)
        return (
            f"cannot parse {shown!r} at position {self.position}: {self.reason}\n"
            f"    {printable}\n    {' ' * caret}^"
        )


class CurrencyMismatchError(PerfevalError, ValueError):
    """Two amounts in different currencies were combined or compared.

    >>> from perfeval.errors import CurrencyMismatchError
    >>> raise CurrencyMismatchError("CNY", "USD")
    Traceback (most recent call last):
    ...
    perfeval.errors.CurrencyMismatchError: cannot combine CNY with USD amounts
    """

    def __init__(self, left: str, right: str) -> None:
        super().__init__(left, right)
        self.left = left
        self.right = right

    def __str__(self) -> str:
        return f"cannot combine {self.left} with {self.right} amounts"


class FieldError(PerfevalError, ValueError):
    """A value breaks a rule of the model that involves a member or several.

    Model constructors raise it for rules such as unique project ids; the loader
    turns it into an :class:`ErrorDetail` at the member's JSON pointer, with its
    kind and Chinese message.

    Attributes:
        message: What is wrong, in words a finance officer can act on.
        member: A JSON pointer relative to the object (``"/projects/1/id"``),
            ``""`` for the object itself.
        value: The offending value as short JSON text, if any.
        kind: The kind of problem, a code of :data:`ERROR_KINDS`; ``"rule"`` unless
            given.
        message_zh: The message in Chinese; *message* unless given.

    >>> from perfeval.errors import FieldError
    >>> err = FieldError("project ids must be unique", member="/projects/1/id",
    ...     message_zh="项目编号必须唯一")
    >>> err.member, str(err), err.kind, err.message_zh
    ('/projects/1/id', 'project ids must be unique', 'rule', '项目编号必须唯一')
    """

    def __init__(
        self,
        message: str,
        *,
        member: str = "",
        value: str | None = None,
        kind: str = "rule",
        message_zh: str | None = None,
    ) -> None:
        _known_kind(None, attrs.fields(ErrorDetail).kind, kind)
        super().__init__(message)
        self.message = message
        self.member = member
        self.value = value
        self.kind = kind
        self.message_zh = message if message_zh is None else message_zh

    def detail(self, path: str) -> ErrorDetail:
        """The :class:`ErrorDetail` of this error in an object at *path*.

        >>> from perfeval.errors import FieldError
        >>> detail = FieldError("bad", member="/id", message_zh="错误").detail("/projects/0")
        >>> detail.path, detail.kind, detail.message_zh
        ('/projects/0/id', 'rule', '错误')
        """
        return ErrorDetail(
            path + self.member, self.message, self.value, kind=self.kind, message_zh=self.message_zh
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_field_error,
            (self.message, self.member, self.value, self.kind, self.message_zh),
        )


def _rebuild_field_error(
    message: str,
    member: str,
    value: str | None,
    kind: str = "rule",
    message_zh: str | None = None,
) -> FieldError:
    return FieldError(message, member=member, value=value, kind=kind, message_zh=message_zh)
