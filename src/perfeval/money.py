"""Money: exact amounts in 元, 千元, 万元 or 亿元.

A :class:`Money` is an amount as a report prints it, with its unit and currency.
The amount is a :class:`~decimal.Decimal` that keeps the printed digits (``77.4``
stays ``77.4``, ``100.00`` stays ``100.00``); it is never a float.

Semantics:

* **Values, not spellings.** Equality, hashing and ordering compare what an amount
  is worth: 654.45 万元 equals 6544500 元, and both hash alike. Amounts in different
  currencies are never equal; ordering or combining them raises
  :class:`~perfeval.errors.CurrencyMismatchError`.
* **Which unit a result takes.** ``+`` and ``-`` of amounts in one unit keep that
  unit and the digits (654.45 万元 + 100.00 万元 = 754.45 万元). Across units the
  result is in the finer (smaller) unit, converted exactly: 1 万元 + 1 元 =
  10001 元. ``sum()`` works on any iterable of :class:`Money` (an empty one sums
  to the int ``0``; pass a start value such as ``Money(0, MoneyUnit.WAN_YUAN)``
  to avoid that).
* **Exact or an exception.** Arithmetic runs in perfeval's private decimal context:
  96 significant digits with :class:`decimal.Inexact` trapped, so a result that
  would have to be rounded (1.00 元 / 3) raises :class:`decimal.Inexact` instead.
  The caller's thread-local decimal context is never read or changed: its
  precision, traps and flags make no difference and stay as they were.
* **A bounded range.** An amount has at most 96 significant digits
  (:data:`AMOUNT_DIGITS`) and, in 元, is less than 10^100 and a whole number of
  10^-100 (at most 100 digits before the point and 100 after it,
  :data:`AMOUNT_EXPONENT`): far beyond the sum of every amount of the largest
  document, and small enough that comparing, hashing and :func:`rate` take
  microseconds. The constructor refuses an amount outside it (``ValueError``);
  arithmetic whose exact result leaves it raises :class:`decimal.Overflow` (too
  large) or :class:`decimal.Inexact` (too many places), both kinds of
  :class:`decimal.Inexact`. Converting (:meth:`Money.to`) keeps the value and never
  leaves it.
* **One rounding operation.** ``Money / Money`` is a ratio, rarely exact; it is
  computed to 34 significant digits, rounded half up. Apart from it, only the
  operations that exist to round do so, to the places you ask for (0 to
  :data:`MAX_PLACES`) and half up (四舍五入, not banker's rounding):
  :meth:`Money.quantize` and :func:`rate`.

>>> from perfeval import Money, MoneyUnit, parse_money, rate
>>> budget = parse_money("654.45万元")
>>> spent = parse_money("1,022.17万元")
>>> print(spent - budget)
367.72万元
>>> budget == Money("6544500", MoneyUnit.YUAN)
True
>>> rate(spent, budget)
Decimal('156.19')
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import attrgetter
from typing import Any, Final, overload

import attrs

from perfeval import _spec as s
from perfeval._decimal import (
    EXACT,
    RATIO,
    decimal_text,
    divide_half_up,
    quantize_half_up,
    short_text,
    to_decimal,
)
from perfeval._io.limits import MAX_DIGITS
from perfeval._regex import END
from perfeval._spec import check_parsed as _spec_check_parsed
from perfeval.codes import MONEY_UNIT_LABELS, MoneyUnit
from perfeval.errors import CurrencyMismatchError, ParseError

__all__ = [
    "AMOUNT_DIGITS",
    "AMOUNT_EXPONENT",
    "MAX_PLACES",
    "Money",
    "MoneyUnit",
    "parse_money",
    "rate",
    "total",
]

#: How many significant digits an amount may have (those exact arithmetic holds).
AMOUNT_DIGITS: Final = EXACT.prec
#: Amounts, in 元, are less than ``10**AMOUNT_EXPONENT`` and whole numbers of
#: ``10**-AMOUNT_EXPONENT`` (100, the most digits of a number in a document, on
#: either side of the point).
AMOUNT_EXPONENT: Final = MAX_DIGITS
#: The most decimal places :meth:`Money.quantize` and :func:`rate` round to.
MAX_PLACES: Final = MAX_DIGITS

#: An ISO 4217 currency code.
CURRENCY_PATTERN: Final = "^[A-Z]{3}" + END
_CURRENCY_HINT: Final = (
    'must be an ISO 4217 code of three capital letters such as "CNY"; not {value!r}'
)
_CURRENCY_HINT_ZH: Final = '应为三个大写字母的 ISO 4217 币种代码，如 "CNY"；而不是 {value!r}'
_ZERO: Final = Decimal(0)

# Context methods bound once: the hot path (summing many lines) calls them directly.
_add: Final = EXACT.add
_subtract: Final = EXACT.subtract


def _to_amount(value: Decimal | int | str) -> Decimal:
    amount = to_decimal(value, "amount")
    digits = len(amount.as_tuple().digits)
    if digits > AMOUNT_DIGITS:  # beyond what exact arithmetic can hold
        msg = f"amount must have at most {AMOUNT_DIGITS} significant digits, not {digits}"
        raise ValueError(msg)
    return amount


def _range_problem(amount: Decimal, unit: MoneyUnit) -> str | None:
    """Why *amount* in *unit* is outside the range of amounts, or ``None``."""
    if amount.adjusted() + unit.exponent >= AMOUNT_EXPONENT:
        return (
            f"amount must be less than 10^{AMOUNT_EXPONENT} 元 (at most {AMOUNT_EXPONENT}"
            f" digits before the point in 元), not {short_text(amount)}{unit.label}"
        )
    exponent = amount.as_tuple().exponent
    if type(exponent) is int and exponent + unit.exponent < -AMOUNT_EXPONENT:
        return (
            f"amount must be a whole number of 10^-{AMOUNT_EXPONENT} 元 (at most"
            f" {AMOUNT_EXPONENT} places after the point in 元), not {short_text(amount)}"
            f"{unit.label}"
        )
    return None


def _total(amount: Decimal, unit: MoneyUnit, currency: str) -> Money:
    """A sum or difference of amounts: never with more places, perhaps too large."""
    if amount.adjusted() + unit.exponent >= AMOUNT_EXPONENT:
        raise decimal.Overflow(_outside(amount, unit))
    return _money(amount, unit, currency)


def _product(amount: Decimal, unit: MoneyUnit, currency: str) -> Money:
    """A product or quotient: checked against both ends of the range."""
    problem = _range_problem(amount, unit)
    if problem is not None:
        too_large = amount.adjusted() + unit.exponent >= AMOUNT_EXPONENT
        raise (decimal.Overflow if too_large else decimal.Inexact)(_outside(amount, unit))
    return _money(amount, unit, currency)


def _outside(amount: Decimal, unit: MoneyUnit) -> str:
    return (
        f"the exact result, {short_text(amount)}{unit.label}, is outside the range of"
        f" amounts: less than 10^{AMOUNT_EXPONENT} 元, with at most {AMOUNT_EXPONENT}"
        " places after the point in 元"
    )


def _check_unit(_: object, __: object, value: Any) -> None:
    if type(value) is not MoneyUnit:
        msg = (
            f"unit must be a MoneyUnit such as MoneyUnit.WAN_YUAN, not {type(value).__name__}"
            f" ({value!r}); parse_money() reads printed units such as '万元'"
        )
        raise TypeError(msg)


def _is_factor(value: object) -> bool:
    # int (never bool) or Decimal; floats and Money are not factors.
    return type(value) is int or isinstance(value, Decimal)


def _factor(value: int | Decimal) -> Decimal:
    if type(value) is int:
        return Decimal(value)
    return to_decimal(value, "factor")


def _plain(value: Decimal) -> Decimal:
    """*value* written without a positive exponent where the precision allows.

    Adding a zero whose exponent is 0 turns ``6.5445E+6`` into ``6544500`` without
    changing the value; a negative exponent (the printed decimals) is kept.
    """
    return _add(value, _ZERO)


def _shift(amount: Decimal, places: int) -> Decimal:
    """Multiply *amount* by 10**places exactly.

    ``scaleb`` keeps the coefficient, so the digits move with the decimal point:
    748500 元 → 74.8500 万元, and 654.45 万元 → 6544500 元.
    """
    return _plain(amount.scaleb(places, EXACT))


@attrs.frozen(eq=False, order=False, field_transformer=s.install)
class Money:
    """An amount of money as printed, in a unit (元, 千元, 万元, 亿元) and a currency.

    Build it from a :class:`~decimal.Decimal`, an :class:`int` or a decimal string;
    floats are refused because they cannot hold most decimal amounts exactly.

    Amounts support ``+`` and ``-`` (the result takes the finer unit), unary ``-``,
    ``abs()``, ``sum()``, ``*`` and ``/`` by an :class:`int` or a
    :class:`~decimal.Decimal` (exact, or :class:`decimal.Inexact` is raised),
    ``Money / Money`` (a :class:`~decimal.Decimal` ratio to 34 significant digits),
    and compare and hash by value across units.

    Attributes:
        amount: The amount as printed, in *unit*, with its digits
            (``Decimal("100.00")`` keeps both zeros).
        unit: The unit the amount is stated in.
        currency: An ISO 4217 code; ``"CNY"`` unless given.

    Raises:
        TypeError: *amount* is a float or another non-decimal type, *unit* is not a
            :class:`~perfeval.codes.MoneyUnit`, or *currency* is not a string.
        ValueError: *amount* is not finite, not plain decimal text (``"1e3"``), has
            more than 96 significant digits or is outside the range of amounts (in 元,
            less than 10^100 with at most 100 places), or *currency* is not three
            capital letters.

    >>> from decimal import Decimal
    >>> from perfeval import Money, MoneyUnit
    >>> m = Money("100.00", MoneyUnit.WAN_YUAN)
    >>> m.amount, m.unit.label, m.currency
    (Decimal('100.00'), '万元', 'CNY')
    >>> Money(0.1, MoneyUnit.YUAN)
    Traceback (most recent call last):
    ...
    TypeError: amount must be a Decimal, an int or a decimal string, not float (0.1): ...
    >>> Money("1", MoneyUnit.YUAN, currency="usd")
    Traceback (most recent call last):
    ...
    ValueError: currency must be an ISO 4217 code of three capital letters such as "CNY"; not 'usd'
    >>> Money(Decimal("1E+99"), MoneyUnit.YI_YUAN)
    Traceback (most recent call last):
    ...
    ValueError: amount must be less than 10^100 元 (at most 100 digits before the point in 元), ...
    """

    # Money holds any exact amount (sums, conversions): the 6 places of the spec are
    # what a document keeps, checked where a model member holds Money.
    amount: Decimal = attrs.field(
        converter=_to_amount,
        metadata=s.decimal("金额", "The amount as printed, in the unit.", places=6, checked=False),
    )
    unit: MoneyUnit = attrs.field(
        validator=_check_unit,
        metadata=s.code(MoneyUnit, "金额单位", "The unit the amount is stated in.", checked=False),
    )
    currency: str = attrs.field(
        default="CNY",
        kw_only=True,
        metadata=s.text(
            "币种",
            "ISO 4217 currency code; CNY by default.",
            pattern=CURRENCY_PATTERN,
            hint=_CURRENCY_HINT,
            hint_zh=_CURRENCY_HINT_ZH,
        ),
    )

    def __attrs_post_init__(self) -> None:
        problem = _range_problem(self.amount, self.unit)
        if problem is not None:
            raise ValueError(problem)

    # -- conversion ---------------------------------------------------------------

    def to(self, unit: MoneyUnit) -> Money:
        """Convert to *unit* exactly.

        The digits move with the decimal point: converting to a coarser unit keeps
        them all (748500 元 → 74.8500 万元), converting to a finer one writes the
        amount without an exponent (654.45 万元 → 6544500 元).

        Raises:
            TypeError: *unit* is not a :class:`~perfeval.codes.MoneyUnit`.

        >>> from perfeval import Money, MoneyUnit
        >>> Money("748500", MoneyUnit.YUAN).to(MoneyUnit.WAN_YUAN)
        Money('74.8500', MoneyUnit.WAN_YUAN)
        >>> Money("654.45", MoneyUnit.WAN_YUAN).to(MoneyUnit.YUAN)
        Money('6544500', MoneyUnit.YUAN)
        >>> Money("1", MoneyUnit.YUAN).to("万元")
        Traceback (most recent call last):
        ...
        TypeError: unit must be a MoneyUnit such as MoneyUnit.WAN_YUAN, not str ('万元'); ...
        """
        _check_unit(None, None, unit)
        if unit is self.unit:
            return self
        return _money(_shift(self.amount, self.unit.exponent - unit.exponent), unit, self.currency)

    def quantize(self, places: int = 2) -> Money:
        """Round to *places* decimal places, half up (四舍五入), in the same unit.

        Halves round away from zero, as Chinese reports round: 0.125 → 0.13 and
        -0.125 → -0.13. This rounds on purpose and is never exact-or-raise.

        Raises:
            TypeError: *places* is not an int.
            ValueError: *places* is negative or more than :data:`MAX_PLACES` (100), or
                the rounded amount would not be one: more than 96 significant digits,
                or rounded up to 10^100 元.

        >>> from perfeval import Money, MoneyUnit
        >>> print(Money("0.125", MoneyUnit.WAN_YUAN).quantize())
        0.13万元
        >>> print(Money("-0.125", MoneyUnit.WAN_YUAN).quantize())
        -0.13万元
        >>> print(Money("77.4", MoneyUnit.WAN_YUAN).quantize(2))
        77.40万元
        >>> Money("1", MoneyUnit.YUAN).quantize(-1)
        Traceback (most recent call last):
        ...
        ValueError: places must be from 0 to 100, not -1
        """
        _check_places(places)
        amount = quantize_half_up(self.amount, places)
        digits = len(amount.as_tuple().digits)
        if digits > AMOUNT_DIGITS:
            msg = (
                f"{self} rounded to {places} places would have {digits} significant digits;"
                f" an amount has at most {AMOUNT_DIGITS}"
            )
            raise ValueError(msg)
        problem = _range_problem(amount, self.unit)
        if problem is not None:
            raise ValueError(f"{self} rounded to {places} places is not an amount: {problem}")
        return _money(amount, self.unit, self.currency)

    def is_zero(self) -> bool:
        """Whether the amount is zero (in any unit, with any number of places).

        >>> from perfeval import Money, MoneyUnit
        >>> Money("0.00", MoneyUnit.WAN_YUAN).is_zero(), Money("0.01", MoneyUnit.YUAN).is_zero()
        (True, False)
        """
        return self.amount.is_zero()

    # -- text -----------------------------------------------------------------------

    def __str__(self) -> str:
        """The amount as Chinese reports print it: ``654.45万元``.

        A currency other than CNY follows after a space: ``1.00元 USD``.

        >>> from perfeval import Money, MoneyUnit
        >>> str(Money("654.45", MoneyUnit.WAN_YUAN))
        '654.45万元'
        >>> str(Money("1.00", MoneyUnit.YUAN, currency="USD"))
        '1.00元 USD'
        """
        text = decimal_text(self.amount) + self.unit.label
        if self.currency != "CNY":
            return f"{text} {self.currency}"
        return text

    def __repr__(self) -> str:
        """Python source that rebuilds the amount with the same digits.

        >>> from perfeval import Money, MoneyUnit
        >>> Money("654.45", MoneyUnit.WAN_YUAN)
        Money('654.45', MoneyUnit.WAN_YUAN)
        >>> Money(1, MoneyUnit.YUAN, currency="USD")
        Money('1', MoneyUnit.YUAN, currency='USD')
        """
        text = f"Money({decimal_text(self.amount)!r}, {self.unit!r}"
        if self.currency != "CNY":
            return f"{text}, currency={self.currency!r})"
        return f"{text})"

    # -- comparison -----------------------------------------------------------------

    def _in_yuan(self) -> Decimal:
        # scaleb keeps the coefficient, so this never rounds: amounts have at most
        # EXACT.prec digits (checked on construction, trapped in arithmetic).
        return self.amount.scaleb(self.unit.exponent, EXACT)

    def _compare(self, other: Money) -> int:
        if other.currency != self.currency:
            raise CurrencyMismatchError(self.currency, other.currency)
        if other.unit is self.unit:
            return int(self.amount.compare(other.amount, EXACT))
        return int(self._in_yuan().compare(other._in_yuan(), EXACT))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return other.currency == self.currency and self._compare(other) == 0

    def __hash__(self) -> int:
        return hash((self._in_yuan(), self.currency))

    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._compare(other) < 0

    def __le__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._compare(other) <= 0

    def __gt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._compare(other) > 0

    def __ge__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._compare(other) >= 0

    # -- arithmetic -----------------------------------------------------------------

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        if other.unit is self.unit and other.currency == self.currency:
            return _total(_add(self.amount, other.amount), self.unit, self.currency)
        left, right, unit = _common_unit(self, other)
        return _total(_add(left, right), unit, self.currency)

    def __radd__(self, other: int) -> Money:
        # Only the 0 that sum() starts from: 0 + m is m.
        if type(other) is int and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        if other.unit is self.unit and other.currency == self.currency:
            return _total(_subtract(self.amount, other.amount), self.unit, self.currency)
        left, right, unit = _common_unit(self, other)
        return _total(_subtract(left, right), unit, self.currency)

    def __neg__(self) -> Money:
        return _money(EXACT.minus(self.amount), self.unit, self.currency)

    def __abs__(self) -> Money:
        return _money(EXACT.abs(self.amount), self.unit, self.currency)

    def __mul__(self, other: int | Decimal) -> Money:
        if not _is_factor(other):
            return NotImplemented
        return _product(EXACT.multiply(self.amount, _factor(other)), self.unit, self.currency)

    __rmul__ = __mul__

    @overload
    def __truediv__(self, other: Money) -> Decimal: ...
    @overload
    def __truediv__(self, other: int | Decimal) -> Money: ...
    def __truediv__(self, other: Money | int | Decimal) -> Money | Decimal:
        if isinstance(other, Money):
            left, right, _ = _common_unit(self, other)
            if right.is_zero():
                msg = f"cannot divide {self} by the zero amount {other}"
                raise ZeroDivisionError(msg)
            return _plain(RATIO.divide(left, right))
        if not _is_factor(other):
            return NotImplemented
        divisor = _factor(other)
        if divisor.is_zero():
            msg = f"cannot divide {self} by zero"
            raise ZeroDivisionError(msg)
        return _product(_plain(EXACT.divide(self.amount, divisor)), self.unit, self.currency)


# Results are built without attrs' __init__: their parts are already valid, and
# skipping conversion and validation keeps sums of many lines fast. Writing the
# slots through their descriptors bypasses the frozen __setattr__ (and is twice
# as fast as object.__setattr__).
_new: Final = object.__new__
_set_amount: Final[Callable[[Money, Decimal], None]] = Money.__dict__["amount"].__set__
_set_unit: Final[Callable[[Money, MoneyUnit], None]] = Money.__dict__["unit"].__set__
_set_currency: Final[Callable[[Money, str], None]] = Money.__dict__["currency"].__set__


def _money(amount: Decimal, unit: MoneyUnit, currency: str) -> Money:
    money: Money = _new(Money)
    _set_amount(money, amount)
    _set_unit(money, unit)
    _set_currency(money, currency)
    return money


def _common_unit(left: Money, right: Money) -> tuple[Decimal, Decimal, MoneyUnit]:
    """Both amounts in the finer of their units, exactly; currencies must agree."""
    if left.currency != right.currency:
        raise CurrencyMismatchError(left.currency, right.currency)
    if left.unit is right.unit:
        return left.amount, right.amount, left.unit
    if left.unit.exponent < right.unit.exponent:
        return (
            left.amount,
            _shift(right.amount, right.unit.exponent - left.unit.exponent),
            left.unit,
        )
    return _shift(left.amount, left.unit.exponent - right.unit.exponent), right.amount, right.unit


def _check_places(places: object) -> None:
    if type(places) is not int:
        msg = f"places must be an int, not {type(places).__name__}"
        raise TypeError(msg)
    if not 0 <= places <= MAX_PLACES:
        msg = f"places must be from 0 to {MAX_PLACES}, not {places}"
        raise ValueError(msg)


def rate(numerator: Money, denominator: Money, places: int = 2) -> Decimal:
    """The percentage *numerator* / *denominator* × 100, rounded half up to *places*.

    The rounding is done once, as on the exact quotient, so a quotient such as
    72.2449… never rounds twice. Units may differ. The result has
    exactly *places* decimal places, whatever its size: amounts are bounded (see
    :class:`Money`), so it has at most about 300 digits and takes microseconds.

    Raises:
        ZeroDivisionError: *denominator* is zero.
        CurrencyMismatchError: the currencies differ.
        TypeError: *places* is not an int.
        ValueError: *places* is negative or more than :data:`MAX_PLACES` (100).

    >>> from perfeval import Money, MoneyUnit, rate
    >>> rate(Money("703.45", MoneyUnit.WAN_YUAN), Money("213.28", MoneyUnit.WAN_YUAN))
    Decimal('329.82')
    >>> rate(Money("318.72", MoneyUnit.WAN_YUAN), Money("441.17", MoneyUnit.WAN_YUAN))
    Decimal('72.24')
    >>> rate(Money("1", MoneyUnit.WAN_YUAN), Money("30000", MoneyUnit.YUAN), places=4)
    Decimal('33.3333')
    >>> rate(Money("1", MoneyUnit.WAN_YUAN), Money("0.00", MoneyUnit.WAN_YUAN))
    Traceback (most recent call last):
    ...
    ZeroDivisionError: cannot compute the rate of 1万元 to the zero amount 0.00万元
    >>> rate(Money("1", MoneyUnit.YUAN), Money("3", MoneyUnit.YUAN), places=1000)
    Traceback (most recent call last):
    ...
    ValueError: places must be from 0 to 100, not 1000
    """
    if numerator.currency != denominator.currency:
        raise CurrencyMismatchError(numerator.currency, denominator.currency)
    if type(places) is not int or not 0 <= places <= MAX_PLACES:
        _check_places(places)  # raises the error that says what is wrong
    top = numerator.amount
    bottom = denominator.amount
    if not bottom:
        msg = f"cannot compute the rate of {numerator} to the zero amount {denominator}"
        raise ZeroDivisionError(msg)
    # The percentage is top × 10**shift / bottom, the units' powers of ten folded in.
    shift = numerator.unit.exponent - denominator.unit.exponent + 2
    if top.adjusted() - bottom.adjusted() + shift + places + 2 > _RATE_DIGITS:
        return _integer_rate(top, bottom, shift, places)
    # The quotient truncated to _RATE_DIGITS digits, then rounded half up once: the
    # same result as rounding the exact quotient (see _TRUNCATE), in C throughout.
    result = _divide_truncated(top.scaleb(shift, EXACT), bottom).quantize(
        _QUANTA[places], ROUND_HALF_UP, _TRUNCATE
    )
    # A quotient that rounds to zero keeps its sign in decimal (-0.00); the integer
    # rounding, and so the rate, has none.
    return result if result else _ZEROS[places]


def _integer_rate(top: Decimal, bottom: Decimal, shift: int, places: int) -> Decimal:
    """:func:`rate` of *top* × 10**shift / *bottom* with integers: any number of digits."""
    top_numerator, top_denominator = top.as_integer_ratio()
    bottom_numerator, bottom_denominator = bottom.as_integer_ratio()
    # rate × 10**places = top_num/top_den ÷ bottom_num/bottom_den × 10**(shift + places)
    dividend = top_numerator * bottom_denominator
    divisor = top_denominator * bottom_numerator
    if shift + places >= 0:
        dividend *= 10 ** (shift + places)
    else:
        divisor *= 10 ** -(shift + places)
    # Written out and read back: exact whatever the number of digits (no context rounds).
    return Decimal(f"{divide_half_up(dividend, divisor)}E-{places}")


#: The most significant digits a rate and the digit after its last place may need
#: for :func:`rate` to divide in :data:`_TRUNCATE`; more take the integer way.
_RATE_DIGITS: Final = 50

#: Division truncated (toward zero) to _RATE_DIGITS significant digits. Rounding the
#: truncated quotient q half up to *places* gives what rounding the exact quotient x
#: gives, when q keeps a digit beyond the last place. Scaled by 10**places, the
#: half-way points k + 1/2 are multiples of 1/10, and q is a multiple of a unit u
#: <= 1/10 (a power of ten, so each half-way point is a multiple of u too) with
#: |q| <= |x| < |q| + u. A half-way point h <= |x| is then < |q| + u, and being on
#: q's grid, h <= |q|; a point h > |x| is > |q|. So |q| and |x| lie on the same side
#: of every half-way point and round alike. An exact quotient is q = x. :func:`rate`
#: makes sure of the digit: with the adjusted exponents of top × 10**shift and
#: bottom, the quotient's first digit is at most at 10**(adjusted difference), so
#: difference + places + 2 <= _RATE_DIGITS digits reach 10**-(places + 1); the
#: rounded rate has no more digits, so quantize() never runs out of precision.
_TRUNCATE: Final = decimal.Context(
    prec=_RATE_DIGITS,
    rounding=decimal.ROUND_DOWN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
_divide_truncated: Final = _TRUNCATE.divide
#: 10**-places and zero with *places* places, for every *places* rate() accepts.
_QUANTA: Final = tuple(Decimal(f"1E-{places}") for places in range(MAX_PLACES + 1))
_ZEROS: Final = tuple(Decimal(f"0E-{places}") for places in range(MAX_PLACES + 1))


def total(
    amounts: Iterable[Money], *, unit: MoneyUnit | None = None, currency: str = "CNY"
) -> Money:
    """The exact sum of *amounts*, added in one pass into one :class:`Money`.

    The result is the one ``sum(amounts)`` gives, built once rather than once per
    amount: in the finest unit among the amounts (万元 and 元 add up in 元), with every
    digit (``1.10 + 2.205`` is ``3.305``). With *unit* it is converted to that unit,
    exactly. No amount is rounded, and the caller's decimal context is neither read
    nor changed (the amounts are collected before any is added).

    Args:
        amounts: Any iterable of :class:`Money`, read once.
        unit: The unit of the result; required when there may be no amounts.
        currency: The currency of the zero that *no* amounts add up to (``"CNY"``).

    Raises:
        TypeError: An item is not :class:`Money`.
        CurrencyMismatchError: The currencies differ.
        ValueError: There are no amounts and no *unit* to give their zero in.
        decimal.Overflow: The total is outside the range of amounts.

    >>> from perfeval import Money, MoneyUnit
    >>> from perfeval import total
    >>> lines = [Money("213.28", MoneyUnit.WAN_YUAN), Money("441.17", MoneyUnit.WAN_YUAN)]
    >>> total(lines)
    Money('654.45', MoneyUnit.WAN_YUAN)
    >>> total([*lines, Money("0.5", MoneyUnit.YUAN)])
    Money('6544500.5', MoneyUnit.YUAN)
    >>> total([], unit=MoneyUnit.YUAN)
    Money('0', MoneyUnit.YUAN)
    """
    items = amounts if type(amounts) is list or type(amounts) is tuple else list(amounts)
    if not items:
        if unit is None:
            msg = "total() of no amounts needs the unit of their zero: total([], unit=...)"
            raise ValueError(msg)
        return Money(_ZERO, unit, currency=currency)  # the currency checked
    first = items[0]
    finest = None
    if type(first) is Money:
        # One pass in Python, stopping at the first amount unlike the first, costs less
        # than passes in C (map, then list.count) for each thing checked, at any length.
        finest, same = first.unit, first.currency
        for item in items:
            if type(item) is not Money or item.unit is not finest or item.currency != same:
                finest = None
                break
    if finest is None:
        values, finest = _in_finest_unit(items)
        amount = _sum(iter(values), len(values))
    else:  # one unit and one currency, the usual case: the amounts add as they are
        amount = _sum(map(_amount_of, items), len(items))
    result = _total(amount, finest, first.currency)
    return result if unit is None or unit is finest else result.to(unit)


def _in_finest_unit(items: list[Money] | tuple[Money, ...]) -> tuple[list[Decimal], MoneyUnit]:
    """The amounts of *items* converted exactly to the finest unit among them, and that unit.

    Raises:
        TypeError: An item is not :class:`Money`.
        CurrencyMismatchError: The currencies differ.
    """
    for item in items:
        if type(item) is not Money:
            msg = f"total() adds Money, not {type(item).__name__} ({item!r})"
            raise TypeError(msg)
    first = items[0].currency
    for item in items:
        if item.currency != first:
            raise CurrencyMismatchError(first, item.currency)
    finest = min({item.unit for item in items}, key=_exponent)
    values = [_shift(item.amount, item.unit.exponent - finest.exponent) for item in items]
    return values, finest


def _sum(values: Iterator[Decimal], count: int) -> Decimal:
    """*count* values added in order from the first, as repeated ``+`` adds, in EXACT.

    A few are added through the context's own method; more under :data:`EXACT` as
    the thread's context, where each addition costs a quarter as much. The caller's
    context is put back whatever happens, and is never read.
    """
    if count <= _FEW:
        return reduce(_add, values)
    saved = decimal.getcontext()
    decimal.setcontext(EXACT)
    try:
        return sum(values, next(values))
    finally:
        decimal.setcontext(saved)


#: Up to this many amounts, switching the thread's context costs more than it saves.
_FEW: Final = 8
_amount_of: Final = attrgetter("amount")


def _exponent(unit: MoneyUnit) -> int:
    return unit.exponent


# Full-width digits and punctuation map one character to one character, so a
# position in the translated text is the same position in the original.
_HALF_WIDTH: Final = str.maketrans(
    "０１２３４５６７８９．，－−",
    "0123456789.,--",
)
# Longest label first, so that 万元 is read before 元.
_UNITS: Final = sorted(MONEY_UNIT_LABELS.values(), key=lambda unit: -len(unit.label))
_UNIT_NAMES: Final = "元, 千元, 万元 or 亿元"


def _digits_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
    return end


def _skip_space(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def parse_money(text: str) -> Money:
    """Read an amount as printed in a report: ``654.45万元``, ``101,612.42元``.

    Accepted: digits with an optional decimal point and thousands separators in
    groups of three, a leading minus sign, then a unit (元, 千元, 万元, 亿元).
    Full-width digits and punctuation (``１，０２２．１７万元``, ``－``) and whitespace
    (also the full-width space) around the number and the unit are accepted. The
    digits are kept as printed (``77.4万元`` → ``Decimal("77.4")``). The currency is
    CNY: a currency code after the unit is not read.

    Raises:
        ParseError: *text* is not an amount; the error names the position in
            *text* where reading stopped and what was expected there. Also for a text
            of more than 1,000,000 characters (a document's longest) or with a lone
            surrogate, refused unread, and for an amount outside the range of
            :class:`Money`.
        TypeError: *text* is not a string.

    >>> from perfeval import parse_money
    >>> parse_money("1,022.17万元")
    Money('1022.17', MoneyUnit.WAN_YUAN)
    >>> parse_money("　－１２３.４万元 ")
    Money('-123.4', MoneyUnit.WAN_YUAN)
    >>> parse_money("1.2.3万元")
    Traceback (most recent call last):
    ...
    perfeval.errors.ParseError: cannot parse '1.2.3万元' at position 3: expected a digit or ...
        1.2.3万元
           ^
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_money() needs a str, not {type(text).__name__}")
    _spec_check_parsed(text)
    s = text.translate(_HALF_WIDTH)
    position = _skip_space(s, 0)
    start = position
    if position < len(s) and s[position] == "-":
        position += 1
    integer_start = position
    position = _digits_end(s, position)
    if position == integer_start:
        expected = "a digit" if position > start else "an amount such as 654.45万元"
        raise ParseError(text, position, f"expected {expected}")
    integer = s[integer_start:position]
    if position < len(s) and s[position] == ",":
        if position - integer_start > 3:
            reason = "a thousands separator must follow one to three digits"
            raise ParseError(text, position, reason)
        while position < len(s) and s[position] == ",":
            group_start = position + 1
            position = _digits_end(s, group_start)
            if position - group_start != 3:
                reason = "expected a group of three digits after the thousands separator"
                raise ParseError(text, min(position, group_start + 3), reason)
            integer += s[group_start:position]
    fraction = ""
    expected = "a digit, a decimal point or a unit"
    if position < len(s) and s[position] == ".":
        fraction_start = position + 1
        position = _digits_end(s, fraction_start)
        if position == fraction_start:
            raise ParseError(text, position, "expected a digit after the decimal point")
        fraction = "." + s[fraction_start:position]
        expected = "a digit or a unit"
    if position < len(s) and s[position].isspace():
        position = _skip_space(s, position)
        expected = "a unit"
    unit = next((u for u in _UNITS if s.startswith(u.label, position)), None)
    if unit is None:
        raise ParseError(text, position, f"expected {expected}: {_UNIT_NAMES}")
    end = _skip_space(s, position + len(unit.label))
    if end < len(s):
        raise ParseError(text, end, f"expected nothing after the unit {unit.label}")
    return _parsed_amount(text, start, s[start:integer_start] + integer + fraction, unit)


def _parsed_amount(text: str, start: int, number: str, unit: MoneyUnit) -> Money:
    """The amount *number* read from *text* at *start*, in *unit*, if it is one."""
    try:
        amount = _to_amount(number)
    except ValueError as error:
        raise ParseError(text, start, str(error)) from None
    problem = _range_problem(amount, unit)
    if problem is not None:
        raise ParseError(text, start, problem)
    return _money(amount, unit, "CNY")
