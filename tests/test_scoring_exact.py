"""The exact arithmetic under :func:`perfeval.scoring.score` agrees with ``fractions``.

Scoring computes on ``perfeval.scoring._Q``, a small rational type, and writes its
results through integer helpers rather than through ``fractions.Fraction`` and
``Decimal`` strings. Every operation it implements is compared here with the
``Fraction`` it stands in for, on random integers and decimals, and every
helper with the ``Fraction`` and ``Decimal`` computation it replaces.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval._decimal import decimal_text, divide_half_up
from perfeval.scoring import (
    _PLACES,
    _Q,
    _decimal,
    _exact,
    _f,
    _ratio,
    _round,
    _round_down,
    _sum_of,
    _text,
    _units,
    _units_text,
)

# -- strategies ---------------------------------------------------------------------------------

integers = st.one_of(st.integers(-1000, 1000), st.integers(-(10**30), 10**30))
denominators = st.one_of(st.integers(1, 1000), st.integers(1, 10**30)).flatmap(
    lambda size: st.sampled_from([size, -size])
)


@st.composite
def decimals(draw: st.DrawFn) -> Decimal:
    """A finite decimal with any sign, up to 30 digits and exponents from -12 to 12."""
    coefficient = draw(st.integers(0, 10**30))
    sign = draw(st.integers(0, 1))
    exponent = draw(st.integers(-12, 12))
    return Decimal((sign, tuple(int(digit) for digit in str(coefficient)), exponent))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[_Q, Fraction]:
    """A rational as a ``_Q`` and as the equal ``Fraction``."""
    if draw(st.booleans()):
        value = draw(decimals())
        return _f(value), Fraction(value)
    numerator, denominator = draw(integers), draw(denominators)
    return _ratio(numerator, denominator), Fraction(numerator, denominator)


def same(got: _Q, expected: Fraction) -> None:
    """*got* is *expected*, in the same lowest terms with a positive denominator."""
    assert type(got) is _Q
    assert (got.numerator, got.denominator) == (expected.numerator, expected.denominator)


# -- the rational type --------------------------------------------------------------------------

ARITHMETIC: list[Callable[[Any, Any], Any]] = [
    operator.add,
    operator.sub,
    operator.mul,
    operator.truediv,
]
COMPARISONS: list[Callable[[Any, Any], Any]] = [
    operator.eq,
    operator.ne,
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
]


@given(pairs(), pairs(), st.sampled_from(ARITHMETIC))
def test_arithmetic_agrees_with_fraction(
    left: tuple[_Q, Fraction], right: tuple[_Q, Fraction], op: Callable[[Any, Any], Any]
) -> None:
    if op is operator.truediv and right[1] == 0:
        with pytest.raises(ZeroDivisionError):
            op(left[0], right[0])
        return
    result = op(left[0], right[0])
    assert isinstance(result, _Q)
    expected = op(left[1], right[1])
    assert isinstance(expected, Fraction)
    same(result, expected)


@given(pairs(), integers, st.sampled_from(ARITHMETIC), st.booleans())
def test_arithmetic_with_an_int_on_either_side_agrees_with_fraction(
    pair: tuple[_Q, Fraction], number: int, op: Callable[[Any, Any], Any], flip: bool
) -> None:
    value, fraction = pair
    args: tuple[object, object] = (number, value) if flip else (value, number)
    expected_args: tuple[object, object] = (number, fraction) if flip else (fraction, number)
    divisor = expected_args[1]
    if op is operator.truediv and divisor == 0:
        with pytest.raises(ZeroDivisionError):
            op(*args)
        return
    result = op(*args)
    assert isinstance(result, _Q)
    expected = op(*expected_args)
    assert isinstance(expected, Fraction)
    same(result, expected)


@given(pairs(), pairs(), st.sampled_from(COMPARISONS))
def test_comparisons_agree_with_fraction(
    left: tuple[_Q, Fraction], right: tuple[_Q, Fraction], op: Callable[[Any, Any], Any]
) -> None:
    assert op(left[0], right[0]) is op(left[1], right[1])
    assert op(left[0], left[0]) is op(left[1], left[1])


@given(pairs(), integers, st.sampled_from(COMPARISONS))
def test_comparisons_with_an_int_on_either_side_agree_with_fraction(
    pair: tuple[_Q, Fraction], number: int, op: Callable[[Any, Any], Any]
) -> None:
    value, fraction = pair
    assert op(value, number) is op(fraction, number)
    assert op(number, value) is op(number, fraction)
    assert op(_ratio(number, 1), number) is op(Fraction(number), number)


@given(pairs())
def test_unary_operations_truth_and_hash_agree_with_fraction(pair: tuple[_Q, Fraction]) -> None:
    value, fraction = pair
    same(-value, -fraction)
    same(abs(value), abs(fraction))
    assert bool(value) is bool(fraction)
    assert hash(value) == hash(fraction)


@given(st.lists(pairs(), max_size=8))
def test_sum_min_and_max_agree_with_fraction(values: list[tuple[_Q, Fraction]]) -> None:
    zero = _ratio(0, 1)
    same(sum((value for value, _ in values), zero), sum((f for _, f in values), Fraction(0)))
    if values:
        same(min(value for value, _ in values), min(f for _, f in values))
        same(max(value for value, _ in values), max(f for _, f in values))


@given(decimals())
def test_a_decimal_converts_exactly(value: Decimal) -> None:
    same(_f(value), Fraction(value))


@given(integers, denominators)
def test_any_terms_are_reduced(numerator: int, denominator: int) -> None:
    same(_ratio(numerator, denominator), Fraction(numerator, denominator))


def test_other_operands_are_refused() -> None:
    value = _ratio(1, 2)
    assert value != Decimal("0.5")  # no mixing: compared by identity, never equal
    assert value.__add__(Decimal(1)) is NotImplemented  # type: ignore[operator]
    assert value.__lt__(Fraction(1)) is NotImplemented  # type: ignore[operator]
    with pytest.raises(TypeError):
        value < Decimal(1)  # type: ignore[operator]  # noqa: B015
    with pytest.raises(ZeroDivisionError):
        _ratio(1, 0)


def test_repr() -> None:
    assert repr(_ratio(-6, 4)) == "_Q(-3, 2)"


# -- rounding and writing -----------------------------------------------------------------------


def old_round(value: Fraction, places: int) -> Decimal:
    """How scoring rounded before: half up on the magnitude, the sign put back by text."""
    quotient = divide_half_up(abs(value.numerator) * 10**places, value.denominator)
    sign = "-" if value.numerator < 0 and quotient else ""
    return Decimal(f"{sign}{quotient}E-{places}")


def old_units(value: Fraction, places: int) -> int:
    """The signed units of :func:`old_round`."""
    quotient = divide_half_up(abs(value.numerator) * 10**places, value.denominator)
    return -quotient if value.numerator < 0 else quotient


def old_round_down(value: Fraction, places: int) -> Decimal:
    quotient = value.numerator * 10**places // value.denominator
    return Decimal(f"{quotient}E-{places}")


def old_places(denominator: int) -> int | None:
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives) if denominator == 1 else None


def old_exact(value: Fraction) -> str:
    places = old_places(value.denominator)
    if places is not None and places <= 12:
        return decimal_text(old_round(value, places))
    return decimal_text(old_round(value, 4)) + "…"


def old_text(value: Fraction) -> str:
    return decimal_text(old_round(value, 2)).rstrip("0").rstrip(".")


def identical(got: Decimal, expected: Decimal) -> None:
    """The same digits, exponent and sign, not only the same value."""
    assert got.as_tuple() == expected.as_tuple()


@given(pairs(), st.integers(0, 12))
def test_rounding_is_as_before(pair: tuple[_Q, Fraction], places: int) -> None:
    value, fraction = pair
    identical(_round(value, places), old_round(fraction, places))
    assert _units(value, places) == old_units(fraction, places)
    if fraction >= 0:
        identical(_round_down(value, places), old_round_down(fraction, places))


@given(pairs())
def test_notes_write_numbers_as_before(pair: tuple[_Q, Fraction]) -> None:
    value, fraction = pair
    assert _exact(value) == old_exact(fraction)
    assert _text(value) == old_text(fraction)


@given(st.integers(-(10**40), 10**40), st.integers(0, 14))
def test_units_are_written_and_built_as_decimal_writes_them(units: int, places: int) -> None:
    assert _units_text(units, places) == decimal_text(Decimal(f"{units}E-{places}"))
    identical(_decimal(units, places), Decimal(f"{units}E-{places}"))


@pytest.mark.parametrize("units", [0, 1, 99, 100, 5050, 10_000, 10_001, -1])
def test_cached_cents_are_exact(units: int) -> None:
    for _ in range(2):  # built, then taken from the cache
        identical(_decimal(units, 2), Decimal(f"{units}E-2"))


@given(st.integers(1, 10**15))
def test_the_places_table_is_the_expansion(denominator: int) -> None:
    places = old_places(denominator)
    assert _PLACES.get(denominator) == (places if places is not None and places <= 12 else None)


@pytest.mark.parametrize("i", range(14))
def test_the_places_table_covers_every_power(i: int) -> None:
    for j in range(14):
        places = old_places(2**i * 5**j)
        assert _PLACES.get(2**i * 5**j) == (places if places is not None and places <= 12 else None)


@given(st.lists(decimals(), max_size=12))
def test_sums_of_decimals_are_exact(values: list[Decimal]) -> None:
    same(_sum_of(values), sum((Fraction(value) for value in values), Fraction(0)))
