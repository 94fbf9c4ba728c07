"""The exceptions perfeval raises.

Every exception perfeval raises on purpose derives from :class:`PerfevalError`, and
the ones caused by bad input also derive from :class:`ValueError`, so callers can
catch either the perfeval family or the builtin they already expect.

>>> issubclass(ValidationError, ValueError) and issubclass(ParseError, ValueError)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from perfeval._text import is_wide

__all__ = [
    "CurrencyMismatchError",
    "ErrorDetail",
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

    >>> print(ErrorDetail("/fiscal_year", 'must be a whole number, not "2020"', '"2020"'))
    /fiscal_year: must be a whole number, not "2020"
    """

    path: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"


class ValidationError(PerfevalError, ValueError):
    """A document is malformed; ``errors`` lists every problem found.

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
    turns it into an :class:`ErrorDetail` at the member's JSON pointer.

    Attributes:
        message: What is wrong, in words a finance officer can act on.
        member: A JSON pointer relative to the object (``"/projects/1/id"``),
            ``""`` for the object itself.
        value: The offending value as short JSON text, if any.

    >>> err = FieldError("project ids must be unique", member="/projects/1/id")
    >>> err.member, str(err)
    ('/projects/1/id', 'project ids must be unique')
    """

    def __init__(self, message: str, *, member: str = "", value: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.member = member
        self.value = value

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_field_error, (self.message, self.member, self.value))


def _rebuild_field_error(message: str, member: str, value: str | None) -> FieldError:
    return FieldError(message, member=member, value=value)
