"""Exact decimals: perfeval's private decimal context and strict conversion.

Every computation perfeval does on amounts goes through :data:`EXACT`, a context
private to perfeval whose traps turn any inexact result into an exception. The
caller's thread-local context is never read or changed: all arithmetic calls the
context's own methods (``EXACT.add(a, b)``) rather than the operators.
"""

from __future__ import annotations

import re
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from typing import Final

from perfeval._regex import END

__all__ = [
    "DECIMAL_PATTERN",
    "EXACT",
    "MONEY_PATTERN",
    "RATIO",
    "check_representable",
    "decimal_text",
    "divide_half_up",
    "quantize_half_up",
    "short_text",
    "to_decimal",
]

#: Exact arithmetic: 96 significant digits is far beyond any amount the schema
#: admits (24 digits) even after unit conversion and summing millions of lines;
#: anything that would still round raises :class:`decimal.Inexact`.
EXACT: Final = Context(
    prec=96,
    rounding=ROUND_HALF_UP,
    Emax=999_999,
    Emin=-999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)

#: Ratios (``Money / Money``) are rarely exact; they are computed to 34
#: significant digits (IEEE decimal128), rounded half up.
RATIO: Final = Context(
    prec=34,
    rounding=ROUND_HALF_UP,
    Emax=999_999,
    Emin=-999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

_DECIMAL_TEXT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def to_decimal(value: object, what: str = "value") -> Decimal:
    """Convert a ``Decimal``, ``int`` or plain decimal string to a finite ``Decimal``.

    ``float`` is refused with :class:`TypeError`: binary floating point cannot
    hold most decimal amounts exactly.

    >>> to_decimal("654.45")
    Decimal('654.45')
    >>> to_decimal(0.1)
    Traceback (most recent call last):
    ...
    TypeError: value must be a Decimal, an int or a decimal string, not float (0.1): ...
    >>> to_decimal("1e3")
    Traceback (most recent call last):
    ...
    ValueError: value must be a decimal number written with digits and an optional point, ...
    """
    if type(value) is Decimal:
        if value.is_finite():
            return value
        msg = f"{what} must be a finite number, not {value}"
        raise ValueError(msg)
    if isinstance(value, str):
        if _DECIMAL_TEXT.fullmatch(value) is None:
            msg = (
                f"{what} must be a decimal number written with digits and an optional point,"
                f" such as '654.45', not {value!r}"
            )
            raise ValueError(msg)
        return Decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, Decimal):  # a subclass of Decimal
        return to_decimal(Decimal(value), what)
    if isinstance(value, float):
        msg = (
            f"{what} must be a Decimal, an int or a decimal string, not float ({value!r}):"
            " floats cannot hold decimal amounts exactly"
        )
        raise TypeError(msg)
    msg = f"{what} must be a Decimal, an int or a decimal string, not {type(value).__name__}"
    raise TypeError(msg)


def decimal_text(value: Decimal) -> str:
    """Write *value* in plain notation with exactly its digits (never ``1E-7``).

    >>> decimal_text(Decimal("1E-7")), decimal_text(Decimal("100.00"))
    ('0.0000001', '100.00')
    """
    return format(value, "f")


def short_text(value: Decimal, limit: int = 60) -> str:
    """*value* for a message: plain when short, else in scientific notation, shortened.

    Never writes out a huge exponent in full (``1E+999999999`` would take a gigabyte).

    >>> short_text(Decimal("654.45")), short_text(Decimal("1E+999999999"))
    ('654.45', '1E+999999999')
    """
    exponent = value.as_tuple().exponent
    if type(exponent) is int and exponent >= -limit and value.adjusted() < limit:
        text = format(value, "f")
    else:
        text = _SCIENTIFIC.to_sci_string(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_SCIENTIFIC: Final = Context(capitals=1)


def quantize_half_up(value: Decimal, places: int) -> Decimal:
    """Round *value* to *places* decimal places, half up (四舍五入).

    >>> quantize_half_up(Decimal("0.125"), 2), quantize_half_up(Decimal("-0.125"), 2)
    (Decimal('0.13'), Decimal('-0.13'))
    >>> quantize_half_up(Decimal("1234.5"), 0)
    Decimal('1235')
    """
    # ROUND_HALF_UP in decimal rounds halves away from zero, as 四舍五入 does.
    return value.quantize(
        Decimal(1).scaleb(-places, _ROUNDING), rounding=ROUND_HALF_UP, context=_ROUNDING
    )


def divide_half_up(dividend: int, divisor: int) -> int:
    """*dividend* / *divisor* rounded half up (halves away from zero, 四舍五入) to an int.

    Exact integer arithmetic: the one place where a ratio is rounded, for rates and
    scores alike.

    >>> divide_half_up(5, 2), divide_half_up(-5, 2), divide_half_up(7, 3)
    (3, -3, 2)
    """
    negative = (dividend < 0) != (divisor < 0)
    quotient, remainder = divmod(abs(dividend), abs(divisor))
    if 2 * remainder >= abs(divisor):
        quotient += 1
    return -quotient if negative else quotient


# Quantizing is inexact by design; this context only bounds precision and
# raises when the result would need more digits than it has: 256 digits hold any
# amount (less than 10**100 yuan) rounded to any number of places rate() and
# Money.quantize() accept (at most 100).
_ROUNDING: Final = Context(
    prec=256,
    rounding=ROUND_HALF_UP,
    Emax=999_999,
    Emin=-999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


#: A money amount in JSON: at most 18 integer digits and 6 decimal places.
MONEY_PATTERN: Final = r"^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,6})?" + END
#: Any other decimal in JSON (scores, weights, rates, quantities): up to 12 places.
DECIMAL_PATTERN: Final = r"^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,12})?" + END


def check_representable(value: Decimal, *, places: int, what: str = "value") -> None:
    """Refuse a decimal that a v1 document cannot hold.

    The schema allows at most 18 digits before the point and *places* after it
    (6 for money, 12 for other decimals).

    >>> check_representable(Decimal("654.45"), places=6)
    >>> check_representable(Decimal("0.1234567"), places=6, what="amount")
    Traceback (most recent call last):
    ...
    ValueError: amount 0.1234567 has more than 6 decimal places; a document keeps at most 6
    """
    exponent = value.as_tuple().exponent
    if type(exponent) is int and exponent < -places:
        msg = (
            f"{what} {decimal_text(value)} has more than {places} decimal places;"
            f" a document keeps at most {places}"
        )
        raise ValueError(msg)
    if value.adjusted() >= 18:
        msg = f"{what} {value} has more than 18 digits before the point; a document keeps 18"
        raise ValueError(msg)
