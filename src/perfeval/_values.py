"""How an error message names an offending value: ``the number 654.45``, ``"2020"``.

Shared by the constructors, the loader and :func:`perfeval.validate`, so that one
problem reads alike wherever it is found.
"""

from __future__ import annotations

import json
import re
from decimal import Context, Decimal, InvalidOperation
from typing import Any, Final

from perfeval.errors import shorten

__all__ = ["LONE_SURROGATE", "NUMBERS", "describe", "describe_zh", "quote", "show"]

#: A lone surrogate: no character, and not writable as UTF-8.
LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")

#: Converts JSON numbers and writes decimals without reading the caller's context
#: (whose traps, or ``capitals``, would change what is read or written). Neither needs
#: a precision; the flags an out-of-range exponent sets here are never read.
NUMBERS: Final = Context(capitals=1, traps=[InvalidOperation])


def describe(value: Any) -> str:
    """Name a value the way an error message should, shortened.

    >>> describe(Decimal("654.45")), describe("2020"), describe(None)
    ('the number 654.45', 'the string "2020"', 'null')
    >>> describe(object())
    'a Python object, which is not JSON data'
    """
    if value is None:
        return "null"
    if value is True or value is False:
        return f"the boolean {'true' if value else 'false'}"
    if type(value) in (int, float) or type(value) is Decimal:  # float: from_dict input
        return f"the number {_number_text(value)}"
    if type(value) is str:
        return f"the string {quote(value)}"
    if type(value) is list:
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    if type(value) is dict:
        return "an object"
    # Input that JSON cannot produce: never repr() it (slow, deep, or raising).
    return f"a Python {type(value).__name__}, which is not JSON data"


def describe_zh(value: Any) -> str:
    """:func:`describe` in Chinese, for the Chinese messages.

    >>> describe_zh(Decimal("654.45")), describe_zh("2020"), describe_zh(None)
    ('数字 654.45', '字符串 "2020"', 'null')
    >>> describe_zh([1, 2]), describe_zh(object())
    ('含 2 项的数组', 'Python 的 object 值（不是 JSON 数据）')
    """
    if value is None:
        return "null"
    if value is True or value is False:
        return f"布尔值 {'true' if value else 'false'}"
    if type(value) is int and value.bit_length() > 10_000:
        return f"约 {int(value.bit_length() * 0.30103)} 位的整数"
    if type(value) in (int, float) or type(value) is Decimal:
        return f"数字 {_number_text(value)}"
    if type(value) is str:
        return f"字符串 {quote(value)}"
    if type(value) is list:
        return f"含 {len(value)} 项的数组"
    if type(value) is dict:
        return "对象"
    return f"Python 的 {type(value).__name__} 值（不是 JSON 数据）"


def _number_text(value: Decimal | float) -> str:
    if type(value) is int and value.bit_length() > 10_000:
        # str() of such an int is slow and, past 4300 digits, refused by Python.
        return f"(a whole number of about {int(value.bit_length() * 0.30103)} digits)"
    if type(value) is Decimal:
        return shorten(NUMBERS.to_sci_string(value))
    return shorten(str(value))


def quote(text: str) -> str:
    """*text* as a short JSON string; lone surrogates escaped, so that it can be printed.

    >>> quote("合计")
    '"合计"'
    """
    quoted = json.dumps(text[:200], ensure_ascii=False)
    if LONE_SURROGATE.search(quoted):
        quoted = json.dumps(text[:200])
    return shorten(quoted)


def show(value: Any) -> str | None:
    """The offending value as short JSON text, for :attr:`~perfeval.errors.ErrorDetail.value`.

    >>> show("p1"), show([1]), show(Decimal("1.5"))
    ('"p1"', '[…]', '1.5')
    """
    if type(value) is dict or type(value) is list:
        return "{…}" if type(value) is dict else "[…]"
    if type(value) is Decimal or type(value) in (int, float):
        return _number_text(value)
    if value is True or value is False or value is None:
        return json.dumps(value)
    if type(value) is str:
        return quote(value)
    return f"<a Python {type(value).__name__}>"
