"""The exact arithmetic under :func:`perfeval.scoring.score` agrees with ``fractions``.

Scoring computes on ``perfeval.scoring._Q``, a small rational type, rather than on
``fractions.Fraction``. Every operation it implements is compared here with the
``Fraction`` it stands in for, on random integers and decimals.
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

from perfeval.scoring import _Q, _f, _power_of_ten, _ratio

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


@given(st.integers(-30, 30))
def test_powers_of_ten(exponent: int) -> None:
    same(_power_of_ten(exponent), Fraction(10) ** exponent)


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
