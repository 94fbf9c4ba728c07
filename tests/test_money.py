from __future__ import annotations

import copy
import decimal
import functools
import math
import operator
import pickle
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from perfeval import codes
from perfeval import money as money_module
from perfeval._io.limits import MAX_DIGITS
from perfeval.errors import CurrencyMismatchError, ParseError
from perfeval.money import (
    AMOUNT_DIGITS,
    AMOUNT_EXPONENT,
    MAX_PLACES,
    Money,
    MoneyUnit,
    parse_money,
    rate,
    total,
)

YUAN = MoneyUnit.YUAN
QIAN = MoneyUnit.QIAN_YUAN
WAN = MoneyUnit.WAN_YUAN
YI = MoneyUnit.YI_YUAN


def same_digits(left: Decimal, right: Decimal) -> bool:
    """Same value *and* same spelling (sign, coefficient, exponent)."""
    return left.as_tuple() == right.as_tuple()


def value_of(money: Money) -> Fraction:
    """The amount in yuan, computed independently of the code under test."""
    return Fraction(money.amount) * Fraction(10) ** money.unit.exponent


def half_up(value: Fraction) -> int:
    """Round to an integer, halves away from zero, with integer arithmetic only."""
    magnitude = abs(value)
    whole = magnitude.numerator // magnitude.denominator
    if (magnitude - whole) * 2 >= 1:
        whole += 1
    return -whole if value < 0 else whole


# -- strategies -------------------------------------------------------------------------


@st.composite
def amounts(draw: st.DrawFn, max_digits: int = 24, max_places: int = 6) -> Decimal:
    places = draw(st.integers(0, max_places))
    coefficient = draw(st.integers(-(10**max_digits) + 1, 10**max_digits - 1))
    sign = 1 if coefficient < 0 else 0
    digits = tuple(int(d) for d in str(abs(coefficient)))
    return Decimal((sign, digits, -places))


units = st.sampled_from(list(MoneyUnit))


@st.composite
def monies(draw: st.DrawFn, currency: str = "CNY") -> Money:
    return Money(draw(amounts()), draw(units), currency=currency)


# -- the module surface -----------------------------------------------------------------


def test_money_unit_is_the_code_list() -> None:
    assert MoneyUnit is codes.MoneyUnit
    assert sorted(money_module.__all__) == [
        "AMOUNT_DIGITS",
        "AMOUNT_EXPONENT",
        "MAX_PLACES",
        "Money",
        "MoneyUnit",
        "parse_money",
        "rate",
        "total",
    ]


# -- construction -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("654.45"), "654.45"),
        (654, "654"),
        ("100.00", "100.00"),
        ("77.4", "77.4"),
        ("-0.125", "-0.125"),
        ("+5", "5"),
        ("0", "0"),
    ],
)
def test_amount_keeps_the_digits(amount: Decimal | int | str, expected: str) -> None:
    money = Money(amount, WAN)
    assert type(money.amount) is Decimal
    assert same_digits(money.amount, Decimal(expected))
    assert money.unit is WAN
    assert money.currency == "CNY"


def test_decimal_subclass_becomes_a_decimal() -> None:
    class MyDecimal(Decimal):
        pass

    money = Money(MyDecimal("1.50"), YUAN)
    assert type(money.amount) is Decimal
    assert same_digits(money.amount, Decimal("1.50"))


@pytest.mark.parametrize(
    ("amount", "error", "message"),
    [
        (0.1, TypeError, "not float (0.1): floats cannot hold decimal amounts exactly"),
        (True, TypeError, "not bool"),
        (None, TypeError, "not NoneType"),
        ([1], TypeError, "not list"),
        (Decimal("NaN"), ValueError, "amount must be a finite number, not NaN"),
        (Decimal("Infinity"), ValueError, "amount must be a finite number, not Infinity"),
        ("NaN", ValueError, "not 'NaN'"),
        ("inf", ValueError, "not 'inf'"),
        ("1e3", ValueError, "such as '654.45', not '1e3'"),
        ("abc", ValueError, "not 'abc'"),
        ("", ValueError, "not ''"),
        ("1.", ValueError, "not '1.'"),
        (" 1", ValueError, "not ' 1'"),
        ("1,000", ValueError, "not '1,000'"),
        ("654.45万元", ValueError, "not '654.45万元'"),
        ("1" * 97, ValueError, "amount must have at most 96 significant digits, not 97"),
    ],
)
def test_bad_amounts_are_refused(amount: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=r"^amount must") as info:
        Money(amount, WAN)
    assert message in str(info.value)


def test_96_digits_are_accepted() -> None:
    assert Money("9" * 96, YUAN).amount == Decimal("9" * 96)


@pytest.mark.parametrize("unit", ["万元", "wan_yuan", None, 4, codes.Qualifier.EXACT])
def test_unit_must_be_a_money_unit(unit: Any) -> None:
    with pytest.raises(TypeError, match=r"^unit must be a MoneyUnit such as MoneyUnit\.WAN_YUAN"):
        Money("1", unit)


def test_unit_is_required() -> None:
    with pytest.raises(TypeError):
        Money("1")  # type: ignore[call-arg]


@pytest.mark.parametrize("currency", ["usd", "US", "USDD", "", "ＣＮＹ", "CN1", " CNY"])
def test_currency_must_be_an_iso_code(currency: str) -> None:
    with pytest.raises(ValueError, match=r"^currency must (be an ISO 4217 code|not be empty)"):
        Money("1", YUAN, currency=currency)


def test_currency_must_be_a_string() -> None:
    with pytest.raises(TypeError, match=r"^currency must be a str, not int$"):
        Money("1", YUAN, currency=840)  # type: ignore[arg-type]


def test_currency_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        Money("1", YUAN, "USD")  # type: ignore[call-arg]
    assert Money("1", YUAN, currency="USD").currency == "USD"


def test_fields_carry_chinese_titles_and_descriptions() -> None:
    fields = attrs.fields(Money)
    assert [f.name for f in fields] == ["amount", "unit", "currency"]
    assert [f.metadata["title"] for f in fields] == ["金额", "金额单位", "币种"]
    assert all(f.metadata["description"] for f in fields)
    assert fields.currency.default == "CNY"
    assert fields.currency.kw_only


def test_money_is_frozen_and_slotted() -> None:
    money = Money("1", YUAN)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        money.amount = Decimal(2)  # type: ignore[misc]
    assert not hasattr(money, "__dict__")
    result = money + money  # built by the fast constructor
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.unit = WAN  # type: ignore[misc]


# -- addition and subtraction -----------------------------------------------------------


def test_same_unit_addition_keeps_unit_and_digits() -> None:
    total = Money("654.45", WAN) + Money("100.00", WAN)
    assert total.unit is WAN
    assert same_digits(total.amount, Decimal("754.45"))
    difference = Money("654.45", WAN) - Money("0.45", WAN)
    assert difference.unit is WAN
    assert same_digits(difference.amount, Decimal("654.00"))


@pytest.mark.parametrize(
    ("left", "right", "total", "difference"),
    [
        (Money("1", WAN), Money("1", YUAN), Money("10001", YUAN), Money("9999", YUAN)),
        (Money("1", YUAN), Money("1", WAN), Money("10001", YUAN), Money("-9999", YUAN)),
        (Money("1.5", YI), Money("2", QIAN), Money("150002", QIAN), Money("149998", QIAN)),
        (Money("0.05", QIAN), Money("0.5", YUAN), Money("50.5", YUAN), Money("49.5", YUAN)),
    ],
)
def test_mixed_units_give_the_finer_unit(
    left: Money, right: Money, total: Money, difference: Money
) -> None:
    assert left + right == total
    assert (left + right).unit is total.unit
    assert same_digits((left + right).amount, total.amount)
    assert left - right == difference
    assert (left - right).unit is difference.unit
    assert same_digits((left - right).amount, difference.amount)


def test_mixed_currencies_cannot_be_added_or_subtracted() -> None:
    cny, usd = Money("1", YUAN), Money("1", YUAN, currency="USD")
    with pytest.raises(CurrencyMismatchError, match=r"^cannot combine CNY with USD amounts$"):
        cny + usd
    with pytest.raises(CurrencyMismatchError, match=r"^cannot combine USD with CNY amounts$"):
        usd - Money("1", WAN)


def test_same_currency_other_than_cny_adds() -> None:
    total = Money("1", WAN, currency="USD") + Money("1", YUAN, currency="USD")
    assert total == Money("10001", YUAN, currency="USD")
    assert total.currency == "USD"


def test_builtin_sum() -> None:
    lines = [Money("654.45", WAN), Money("1,022.17".replace(",", ""), WAN), Money("1", YUAN)]
    total = sum(lines)
    assert isinstance(total, Money)
    assert total == Money("16766201", YUAN)
    assert total.unit is YUAN
    assert sum([Money("1.10", WAN), Money("2.20", WAN)]) == Money("3.30", WAN)
    assert sum([Money("1", WAN)], Money("0.00", WAN)).amount == Decimal("1.00")
    assert sum([]) == 0  # an empty sum is the start value


def test_zero_plus_money_is_the_money() -> None:
    money = Money("1", WAN)
    assert 0 + money is money


@pytest.mark.parametrize("other", [1, False, True, 0.0, Decimal(0), "0", None])
def test_only_money_and_the_int_zero_add(other: Any) -> None:
    money = Money("1", WAN)
    with pytest.raises(TypeError):
        other + money
    with pytest.raises(TypeError):
        money + other
    with pytest.raises(TypeError):
        money - other
    with pytest.raises(TypeError):
        other - money


def test_money_plus_zero_int_is_refused() -> None:
    with pytest.raises(TypeError):
        Money("1", WAN) + 0  # type: ignore[operator]


def test_negation_and_absolute_value() -> None:
    money = Money("654.40", WAN)
    assert same_digits((-money).amount, Decimal("-654.40"))
    assert (-money).unit is WAN
    assert same_digits(abs(-money).amount, Decimal("654.40"))
    assert abs(money) == money
    assert -Money("0", YUAN) == Money("0", YUAN)
    usd = Money("-1", YUAN, currency="USD")
    assert abs(usd).currency == "USD"
    assert (-usd).currency == "USD"


# -- equality, hashing, ordering --------------------------------------------------------


def test_equality_compares_values_across_units() -> None:
    assert Money("654.45", WAN) == Money("6544500", YUAN)
    assert Money("654.45", WAN) == Money("654.4500", WAN)
    assert Money("1", YI) == Money("10000", WAN) == Money("100000", QIAN)
    assert Money("654.45", WAN) != Money("6544501", YUAN)
    assert Money("1", WAN) != Money("1", YUAN)
    assert hash(Money("654.45", WAN)) == hash(Money("6544500", YUAN))
    assert hash(Money("654.45", WAN)) == hash(Money("654.4500", WAN))
    assert len({Money("654.45", WAN), Money("6544500", YUAN), Money("6544.5", QIAN)}) == 1


def test_different_currencies_are_unequal_without_raising() -> None:
    assert Money("1", YUAN) != Money("1", YUAN, currency="USD")
    assert not Money("1", YUAN) == Money("1", YUAN, currency="USD")  # noqa: SIM201
    assert len({Money("1", YUAN), Money("1", YUAN, currency="USD")}) == 2


@pytest.mark.parametrize("other", [1, Decimal(1), "1万元", None, 1.0])
def test_money_is_not_equal_to_other_types(other: object) -> None:
    money = Money("1", WAN)
    assert money != other
    assert other != money
    assert money.__eq__(other) is NotImplemented


def test_ordering_compares_values_across_units() -> None:
    small, large = Money("9999", YUAN), Money("1", WAN)
    assert small < large
    assert small <= large
    assert large > small
    assert large >= small
    assert Money("10000", YUAN) <= large
    assert Money("10000", YUAN) >= large
    assert not Money("10000", YUAN) < large
    assert not Money("10000", YUAN) > large
    assert Money("-1", YI) < Money("0.01", YUAN)
    assert sorted([Money("1", WAN), Money("1", YUAN), Money("1", QIAN)]) == [
        Money("1", YUAN),
        Money("1", QIAN),
        Money("1", WAN),
    ]
    assert max(Money("654.45", WAN), Money("6544501", YUAN)) == Money("6544501", YUAN)


def test_ordering_mixed_currencies_raises() -> None:
    cny, usd = Money("1", YUAN), Money("2", YUAN, currency="USD")
    for compare in (operator.lt, operator.le, operator.gt, operator.ge):
        with pytest.raises(CurrencyMismatchError):
            compare(cny, usd)


@pytest.mark.parametrize("other", [1, Decimal(1), "1", 1.0, None])
def test_ordering_with_other_types_raises_type_error(other: Any) -> None:
    money = Money("1", YUAN)
    for compare in (operator.lt, operator.le, operator.gt, operator.ge):
        with pytest.raises(TypeError):
            compare(money, other)
        with pytest.raises(TypeError):
            compare(other, money)


# -- multiplication and division --------------------------------------------------------


def test_multiplication_by_int_or_decimal_is_exact() -> None:
    money = Money("654.45", WAN)
    assert same_digits((money * 3).amount, Decimal("1963.35"))
    assert same_digits((3 * money).amount, Decimal("1963.35"))
    assert same_digits((money * Decimal("0.5")).amount, Decimal("327.225"))
    assert same_digits((Decimal("0.5") * money).amount, Decimal("327.225"))
    assert (money * -1) == -money
    assert (money * 3).unit is WAN
    assert (Money("2", YUAN, currency="USD") * 2).currency == "USD"


@pytest.mark.parametrize("factor", [1.5, True, False, "2", None])
def test_multiplication_by_other_types_is_refused(factor: Any) -> None:
    money = Money("1", WAN)
    with pytest.raises(TypeError):
        money * factor
    with pytest.raises(TypeError):
        factor * money


def test_money_times_money_is_refused() -> None:
    with pytest.raises(TypeError):
        Money("1", WAN) * Money("1", WAN)  # type: ignore[operator]


@pytest.mark.parametrize("factor", [Decimal("NaN"), Decimal("-Infinity")])
def test_multiplication_by_non_finite_decimal_is_refused(factor: Decimal) -> None:
    with pytest.raises(ValueError, match=r"^factor must be a finite number"):
        Money("1", WAN) * factor


def test_money_divided_by_money_is_a_ratio() -> None:
    ratio = Money("1022.17", WAN) / Money("654.45", WAN)
    assert type(ratio) is Decimal
    assert ratio == Decimal("1.561876384750553900221560088624035")
    assert Money("1", WAN) / Money("3", WAN) == Decimal("0.3333333333333333333333333333333333")
    assert Money("2", WAN) / Money("3", WAN) == Decimal("0.6666666666666666666666666666666667")
    assert Money("1", WAN) / Money("2500", YUAN) == 4
    assert Money("2500", YUAN) / Money("1", WAN) == Decimal("0.25")
    assert Money("-1", YI) / Money("1", WAN) == -10000
    # never in exponent notation: 200 / 1.00 is 200, not 2E+2; 0 / 3.00 is 0, not 0E+2
    assert same_digits(Money("200", YUAN) / Money("1.00", YUAN), Decimal("200"))
    assert same_digits(Money("0", YUAN) / Money("3.00", YUAN), Decimal("0"))


def test_division_by_a_zero_amount() -> None:
    with pytest.raises(
        ZeroDivisionError, match=r"^cannot divide 1万元 by the zero amount 0\.00元$"
    ):
        Money("1", WAN) / Money("0.00", YUAN)
    with pytest.raises(ZeroDivisionError):
        Money("0", WAN) / Money("0", WAN)


def test_ratio_of_mixed_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatchError):
        Money("1", WAN) / Money("1", WAN, currency="USD")


def test_division_by_a_number_is_exact_or_raises() -> None:
    money = Money("100.00", WAN)
    assert same_digits((money / 4).amount, Decimal("25.00"))
    assert same_digits((money / Decimal("0.5")).amount, Decimal("200.0"))
    assert (Money("1", YUAN) / 8).amount == Decimal("0.125")
    assert same_digits((Money("1", YUAN) / Decimal("0.01")).amount, Decimal("100"))
    assert (money / 4).unit is WAN
    with pytest.raises(decimal.Inexact):
        money / 3
    with pytest.raises(decimal.Inexact):
        Money("1", YUAN) / Decimal("7")


@pytest.mark.parametrize("zero", [0, Decimal(0), Decimal("0.00"), Decimal("-0")])
def test_division_by_zero_number(zero: int | Decimal) -> None:
    with pytest.raises(ZeroDivisionError, match=r"^cannot divide 1万元 by zero$"):
        Money("1", WAN) / zero


@pytest.mark.parametrize("divisor", [2.0, True, "2", None])
def test_division_by_other_types_is_refused(divisor: Any) -> None:
    with pytest.raises(TypeError):
        Money("1", WAN) / divisor
    with pytest.raises(TypeError):
        divisor / Money("1", WAN)


def test_results_beyond_the_exact_precision_raise_inexact() -> None:
    big = Money("9" * 96, YUAN)
    with pytest.raises(decimal.Inexact):
        big + Money("0.1", YUAN)
    with pytest.raises(decimal.Inexact):
        big * 11
    with pytest.raises(decimal.Inexact):
        Money("9" * 91, YI) + Money("0.1", YUAN)
    # Converting never needs more digits than the amount has: the value stays exact
    # even where writing it without an exponent would need more than 96 digits.
    converted = Money("9" * 91, YI).to(YUAN)
    assert value_of(converted) == value_of(Money("9" * 91, YI))
    # The value is still comparable and hashable: comparison never rounds.
    assert Money("9" * 96, WAN) == Money("9" * 96, WAN)
    assert Money("9" * 96, WAN) > Money("9" * 96, YUAN)
    assert isinstance(hash(Money("9" * 92, YI)), int)


# -- conversion and rounding ------------------------------------------------------------


def test_to_converts_exactly() -> None:
    assert same_digits(Money("748500", YUAN).to(WAN).amount, Decimal("74.8500"))
    assert Money("748500", YUAN).to(WAN).unit is WAN
    assert same_digits(Money("654.45", WAN).to(YUAN).amount, Decimal("6544500"))
    assert same_digits(Money("1.5", YI).to(WAN).amount, Decimal("15000"))
    assert same_digits(Money("0.123456", WAN).to(YUAN).amount, Decimal("1234.56"))
    assert same_digits(Money("12", QIAN).to(YI).amount, Decimal("0.00012"))
    assert Money("1", YUAN, currency="USD").to(WAN).currency == "USD"


def test_to_the_same_unit_is_the_same_money() -> None:
    money = Money("654.45", WAN)
    assert money.to(WAN) is money


@pytest.mark.parametrize("unit", ["万元", None, 4])
def test_to_needs_a_money_unit(unit: Any) -> None:
    with pytest.raises(TypeError, match=r"^unit must be a MoneyUnit"):
        Money("1", YUAN).to(unit)


@pytest.mark.parametrize(
    ("amount", "places", "expected"),
    [
        ("0.125", 2, "0.13"),
        ("-0.125", 2, "-0.13"),
        ("0.124", 2, "0.12"),
        ("0.135", 2, "0.14"),  # half up, not half even
        ("77.4", 2, "77.40"),
        ("89.974", 2, "89.97"),
        ("10606.7522", 2, "10606.75"),
        ("1234.5", 0, "1235"),
        ("-1234.5", 0, "-1235"),
        ("0.00005", 4, "0.0001"),
    ],
)
def test_quantize_rounds_half_up(amount: str, places: int, expected: str) -> None:
    result = Money(amount, WAN).quantize(places)
    assert same_digits(result.amount, Decimal(expected))
    assert result.unit is WAN


def test_quantize_defaults_to_two_places_and_keeps_currency() -> None:
    result = Money("1.005", YUAN, currency="USD").quantize()
    assert same_digits(result.amount, Decimal("1.01"))
    assert result.currency == "USD"


@pytest.mark.parametrize(
    ("places", "error", "message"),
    [
        (-1, ValueError, "^places must be from 0 to 100, not -1$"),
        (101, ValueError, "^places must be from 0 to 100, not 101$"),
        (2.0, TypeError, "^places must be an int, not float$"),
        (True, TypeError, "^places must be an int, not bool$"),
        ("2", TypeError, "^places must be an int, not str$"),
    ],
)
def test_quantize_needs_non_negative_int_places(
    places: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Money("1", WAN).quantize(places)


def test_is_zero() -> None:
    assert Money("0.00", WAN).is_zero()
    assert Money("-0", YUAN).is_zero()
    assert not Money("0.01", YUAN).is_zero()


# -- text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money("654.45", WAN), "654.45万元"),
        (Money("100.00", WAN), "100.00万元"),
        (Money("748500", YUAN), "748500元"),
        (Money("12", QIAN), "12千元"),
        (Money("1.5", YI), "1.5亿元"),
        (Money("-0.5", WAN), "-0.5万元"),
        (Money(Decimal("1E-7"), YUAN), "0.0000001元"),
        (Money(Decimal("1E+3"), YUAN), "1000元"),
        (Money("1.00", YUAN, currency="USD"), "1.00元 USD"),
    ],
)
def test_str_prints_as_reports_do(money: Money, text: str) -> None:
    assert str(money) == text


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money("654.45", WAN), "Money('654.45', MoneyUnit.WAN_YUAN)"),
        (Money("100.00", YUAN), "Money('100.00', MoneyUnit.YUAN)"),
        (Money(Decimal("1E-7"), QIAN), "Money('0.0000001', MoneyUnit.QIAN_YUAN)"),
        (Money("-0", YI), "Money('-0', MoneyUnit.YI_YUAN)"),
        (Money("1", YUAN, currency="USD"), "Money('1', MoneyUnit.YUAN, currency='USD')"),
    ],
)
def test_repr_round_trips_through_eval(money: Money, text: str) -> None:
    assert repr(money) == text
    again = eval(repr(money), {"Money": Money, "MoneyUnit": MoneyUnit})  # noqa: S307
    assert again == money
    assert again.unit is money.unit
    assert again.currency == money.currency
    assert same_digits(again.amount, money.amount)


# -- copying and pickling ---------------------------------------------------------------


@pytest.mark.parametrize(
    "money",
    [
        Money("654.45", WAN),
        Money("1", YUAN, currency="USD"),
        Money("1", WAN) + Money("1", YUAN),  # built by the fast constructor
    ],
)
def test_pickle_and_copy(money: Money) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(money, protocol))  # noqa: S301
        assert again == money
        assert again.unit is money.unit
        assert again.currency == money.currency
        assert same_digits(again.amount, money.amount)
    assert copy.copy(money) == money
    assert copy.deepcopy(money) == money
    assert same_digits(copy.deepcopy(money).amount, money.amount)


# -- the caller's decimal context -------------------------------------------------------


def test_callers_context_is_neither_used_nor_changed() -> None:
    with decimal.localcontext() as context:
        context.prec = 4
        context.rounding = decimal.ROUND_FLOOR
        for signal in context.traps:
            context.traps[signal] = True  # any use of this context would raise
        context.clear_flags()
        context.flags[decimal.Clamped] = True  # a flag the caller had: must survive
        traps = dict(context.traps)
        flags = dict(context.flags)

        budget = parse_money("1,022.17万元")
        spent = Money("654.45", WAN)
        assert same_digits((budget + spent).amount, Decimal("1676.62"))
        assert same_digits((budget + Money("0.01", YUAN)).amount, Decimal("10221700.01"))
        assert same_digits((budget - Money("1", YI)).amount, Decimal("-8977.83"))
        assert same_digits((budget * Decimal("1.001")).amount, Decimal("1023.19217"))
        assert same_digits((budget / 4).amount, Decimal("255.5425"))
        assert budget / spent == Decimal("1.561876384750553900221560088624035")
        assert rate(budget, spent) == Decimal("156.19")
        assert same_digits(budget.to(YUAN).amount, Decimal("10221700"))
        assert same_digits(Money("0.125", WAN).quantize().amount, Decimal("0.13"))
        assert same_digits((-budget).amount, Decimal("-1022.17"))
        assert same_digits(abs(-budget).amount, Decimal("1022.17"))
        assert sum([budget, spent, Money("1", YUAN)]) == Money("16766201", YUAN)
        assert budget == Money("10221700", YUAN)
        assert budget > spent
        assert hash(budget) == hash(Money("10221700", YUAN))
        assert str(budget) == "1022.17万元"
        assert repr(budget) == "Money('1022.17', MoneyUnit.WAN_YUAN)"
        assert Money("123456789.123", YUAN).amount == Decimal("123456789.123")
        with pytest.raises(decimal.Inexact):
            Money("1.00", YUAN) / 3

        assert decimal.getcontext() is context
        assert context.prec == 4
        assert context.rounding == decimal.ROUND_FLOOR
        assert dict(context.traps) == traps
        assert dict(context.flags) == flags


def test_inexact_raises_even_when_the_caller_does_not_trap_it() -> None:
    with decimal.localcontext() as context:
        context.traps[decimal.Inexact] = False
        context.clear_flags()
        with pytest.raises(decimal.Inexact):
            Money("1", YUAN) / 3
        assert not any(context.flags.values())


# -- parse_money ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("654.45万元", "654.45", WAN),
        ("1,022.17万元", "1022.17", WAN),
        ("748500元", "748500", YUAN),
        ("1.5亿元", "1.5", YI),
        ("101,612.42元", "101612.42", YUAN),
        ("12千元", "12", QIAN),
        ("77.4万元", "77.4", WAN),
        ("100.00万元", "100.00", WAN),
        ("89.974万元", "89.974", WAN),
        ("10606.7522万元", "10606.7522", WAN),
        ("1,234,567元", "1234567", YUAN),
        ("0.5万元", "0.5", WAN),
        ("0万元", "0", WAN),
        ("-12.5万元", "-12.5", WAN),
        ("－12.5万元", "-12.5", WAN),
        ("−3元", "-3", YUAN),
        ("１２３.４万元", "123.4", WAN),
        ("１，０２２．１７万元", "1022.17", WAN),
        ("－１２３．４万元", "-123.4", WAN),
        ("  654.45万元  ", "654.45", WAN),
        ("\u3000654.45万元\u3000", "654.45", WAN),
        ("\t654.45万元\n", "654.45", WAN),
        ("654.45 万元", "654.45", WAN),
        ("654.45\u3000万元", "654.45", WAN),
        ("１,０２２.１７万元", "1022.17", WAN),
    ],
)
def test_parse_money(text: str, amount: str, unit: MoneyUnit) -> None:
    money = parse_money(text)
    assert same_digits(money.amount, Decimal(amount))
    assert money.unit is unit
    assert money.currency == "CNY"


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("", 0, "expected an amount such as 654.45万元"),
        ("   ", 3, "expected an amount such as 654.45万元"),
        ("万元", 0, "expected an amount such as 654.45万元"),
        ("abc", 0, "expected an amount such as 654.45万元"),
        ("¥12元", 0, "expected an amount such as 654.45万元"),
        ("+12元", 0, "expected an amount such as 654.45万元"),
        ("-", 1, "expected a digit"),
        ("- 12元", 1, "expected a digit"),
        ("--12元", 1, "expected a digit"),
        ("12", 2, "expected a digit, a decimal point or a unit: 元, 千元, 万元 or 亿元"),
        ("12万", 2, "expected a digit, a decimal point or a unit: 元, 千元, 万元 or 亿元"),
        ("１２x万元", 2, "expected a digit, a decimal point or a unit: 元, 千元, 万元 or 亿元"),
        ("12 USD", 3, "expected a unit: 元, 千元, 万元 or 亿元"),
        ("12.5 ", 5, "expected a unit: 元, 千元, 万元 or 亿元"),
        ("1.2.3万元", 3, "expected a digit or a unit: 元, 千元, 万元 or 亿元"),
        ("1.5,000元", 3, "expected a digit or a unit: 元, 千元, 万元 or 亿元"),
        ("12.万元", 3, "expected a digit after the decimal point"),
        (".5万元", 0, "expected an amount such as 654.45万元"),
        ("1,00.5元", 4, "expected a group of three digits after the thousands separator"),
        ("1,0000元", 5, "expected a group of three digits after the thousands separator"),
        ("1,元", 2, "expected a group of three digits after the thousands separator"),
        ("1,234,56元", 8, "expected a group of three digits after the thousands separator"),
        ("1234,567元", 4, "a thousands separator must follow one to three digits"),
        ("12万元x", 4, "expected nothing after the unit 万元"),
        ("12万元 USD", 5, "expected nothing after the unit 万元"),
        ("12元元", 3, "expected nothing after the unit 元"),
        ("１２万元１", 4, "expected nothing after the unit 万元"),
        ("٣元", 0, "expected an amount such as 654.45万元"),  # an Arabic-Indic digit
        ("1" * 97 + "元", 0, "amount must have at most 96 significant digits, not 97"),
        ("  -" + "1" * 97 + "元", 2, "amount must have at most 96 significant digits, not 97"),
    ],
)
def test_parse_money_errors(text: str, position: int, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_money(text)
    assert info.value.text == text
    assert info.value.position == position
    assert info.value.reason == reason
    assert str(info.value).startswith(f"cannot parse {text!r} at position {position}: {reason}")


@pytest.mark.parametrize("text", [None, 654.45, b"654.45\xe4\xb8\x87\xe5\x85\x83"])
def test_parse_money_needs_a_string(text: Any) -> None:
    with pytest.raises(TypeError, match=r"^parse_money\(\) needs a str, not "):
        parse_money(text)


# -- rate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "places", "expected"),
    [
        (Money("703.45", WAN), Money("213.28", WAN), 2, "329.82"),
        (Money("318.72", WAN), Money("441.17", WAN), 2, "72.24"),
        (Money("1022.17", WAN), Money("654.45", WAN), 2, "156.19"),
        (Money("654.45", WAN), Money("654.45", WAN), 2, "100.00"),
        (Money("0", WAN), Money("654.45", WAN), 2, "0.00"),
        (Money("1", YUAN), Money("800", YUAN), 2, "0.13"),  # 0.125 → 0.13
        (Money("-1", YUAN), Money("800", YUAN), 2, "-0.13"),  # -0.125 → -0.13
        (Money("1", YUAN), Money("-800", YUAN), 2, "-0.13"),
        (Money("-1", YUAN), Money("-800", YUAN), 2, "0.13"),
        (Money("1", YUAN), Money("800", YUAN), 3, "0.125"),
        (Money("2", YUAN), Money("3", YUAN), 0, "67"),
        (Money("1", WAN), Money("30000", YUAN), 4, "33.3333"),
        (Money("6544500", YUAN), Money("654.45", WAN), 2, "100.00"),
        (Money("1", YUAN), Money("1", YI), 8, "0.00000100"),
        (Money("5", YUAN), Money("1", YI), 6, "0.000005"),
        (Money("4.9999", YUAN), Money("1", YI), 6, "0.000005"),
        (Money("4.9", YUAN), Money("1", YI), 6, "0.000005"),
        (Money("4.4", YUAN), Money("1", YI), 6, "0.000004"),
        (Money("1", YI), Money("1", YUAN), 2, "10000000000.00"),
        (Money("1", YUAN), Money("1", YI), 2, "0.00"),
        (Money("500000", YUAN), Money("1", YI), 2, "0.50"),
        (Money("499999.99", YUAN), Money("1", YI), 2, "0.50"),
        (Money("499999.99", YUAN), Money("1", YI), 3, "0.500"),
        (Money("-499999.99", YUAN), Money("1", YI), 6, "-0.500000"),
    ],
)
def test_rate(numerator: Money, denominator: Money, places: int, expected: str) -> None:
    result = rate(numerator, denominator, places)
    assert same_digits(result, Decimal(expected))


def test_rate_defaults_to_two_places() -> None:
    assert same_digits(rate(Money("1", WAN), Money("3", WAN)), Decimal("33.33"))


def test_rate_rounds_once() -> None:
    # 0.444999…5 % would become 0.45 if rounded to 3 places first, then to 2.
    numerator = Money("4449995", YUAN)
    denominator = Money("1000000000", YUAN)
    assert rate(numerator, denominator, 4) == Decimal("0.4450")
    assert rate(numerator, denominator, 2) == Decimal("0.44")


def test_rate_against_zero() -> None:
    with pytest.raises(
        ZeroDivisionError, match=r"^cannot compute the rate of 1万元 to the zero amount 0元$"
    ):
        rate(Money("1", WAN), Money("0", YUAN))


def test_rate_of_mixed_currencies() -> None:
    with pytest.raises(CurrencyMismatchError, match=r"^cannot combine CNY with USD amounts$"):
        rate(Money("1", WAN), Money("1", WAN, currency="USD"))


@pytest.mark.parametrize(
    ("places", "error"), [(-1, ValueError), (2.0, TypeError), (True, TypeError)]
)
def test_rate_places(places: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^places must be"):
        rate(Money("1", WAN), Money("2", WAN), places)


# -- properties -------------------------------------------------------------------------


@given(monies(), units)
def test_conversion_round_trips(money: Money, unit: MoneyUnit) -> None:
    converted = money.to(unit)
    assert converted.unit is unit
    assert converted == money
    assert value_of(converted) == value_of(money)
    assert converted.to(money.unit) == money
    if unit.exponent >= money.unit.exponent:
        # to a coarser unit and back: the very same digits
        assert same_digits(converted.to(money.unit).amount, money.amount)


@given(monies(), monies())
def test_add_then_subtract(left: Money, right: Money) -> None:
    total = left + right
    assert value_of(total) == value_of(left) + value_of(right)
    assert total.unit.exponent == min(left.unit.exponent, right.unit.exponent)
    assert (left + right) - right == left
    assert value_of(left - right) == value_of(left) - value_of(right)
    assert left + right == right + left


@given(st.lists(monies(), min_size=1, max_size=20))
def test_sum_is_pairwise_addition(lines: list[Money]) -> None:
    total = sum(lines)
    assert isinstance(total, Money)
    assert total == functools.reduce(operator.add, lines)
    assert value_of(total) == sum((value_of(line) for line in lines), Fraction(0))


@given(monies(), monies())
def test_equality_hash_and_order_follow_the_value(left: Money, right: Money) -> None:
    assert (left == right) == (value_of(left) == value_of(right))
    assert (left < right) == (value_of(left) < value_of(right))
    assert (left <= right) == (value_of(left) <= value_of(right))
    assert (left > right) == (value_of(left) > value_of(right))
    assert (left >= right) == (value_of(left) >= value_of(right))
    if left == right:
        assert hash(left) == hash(right)


@given(monies(), units)
def test_hash_is_the_same_in_every_unit(money: Money, unit: MoneyUnit) -> None:
    assert hash(money.to(unit)) == hash(money)
    assert hash(money * 1) == hash(money)


@given(monies(), st.integers(0, 8))
def test_quantize_matches_integer_half_up(money: Money, places: int) -> None:
    result = money.quantize(places)
    expected = half_up(Fraction(money.amount) * 10**places)
    assert result.amount.as_tuple().exponent == -places
    assert Fraction(result.amount) == Fraction(expected, 10**places)
    assert result.unit is money.unit


@given(monies(), monies(), st.integers(0, 6))
def test_rate_matches_integer_half_up(numerator: Money, denominator: Money, places: int) -> None:
    if denominator.is_zero():
        with pytest.raises(ZeroDivisionError):
            rate(numerator, denominator, places)
        return
    result = rate(numerator, denominator, places)
    exact = value_of(numerator) / value_of(denominator) * 100
    expected = half_up(exact * 10**places)
    assert result.as_tuple().exponent == -places
    assert Fraction(result) == Fraction(expected, 10**places)


@given(monies(), st.integers(-(10**6), 10**6).filter(bool))
def test_multiply_then_divide(money: Money, factor: int) -> None:
    product = money * factor
    assert value_of(product) == value_of(money) * factor
    assert product / factor == money
    assert money * Decimal(factor) == product


@given(monies(), monies())
def test_ratio_is_close_to_the_exact_quotient(left: Money, right: Money) -> None:
    if right.is_zero():
        return
    ratio = left / right
    exact = value_of(left) / value_of(right)
    if exact == 0:
        assert ratio == 0
    else:
        # 34 significant digits, rounded: relative error at most half a unit in the last place
        assert abs(Fraction(ratio) - exact) / abs(exact) <= Fraction(1, 10**33)


@given(monies())
def test_str_parses_back_with_the_same_digits(money: Money) -> None:
    again = parse_money(str(money))
    assert again == money
    assert again.unit is money.unit
    assert same_digits(again.amount, money.amount)


_FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@given(monies())
def test_grouped_and_full_width_text_parses(money: Money) -> None:
    grouped = format(money.amount, ",f") + money.unit.label
    assert same_digits(parse_money(grouped).amount, money.amount)
    full_width = "\u3000" + grouped.translate(_FULL_WIDTH) + "\u3000"
    assert same_digits(parse_money(full_width).amount, money.amount)
    assert parse_money(full_width).unit is money.unit


@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789.,-－，．０１９ \u3000元千万亿xU"),
    )
)
def test_parse_money_raises_only_parse_errors(text: str) -> None:
    error: ParseError | None = None
    try:
        money = parse_money(text)
    except ParseError as caught:
        error = caught
    if error is None:
        assert math.isfinite(money.amount)
        assert parse_money(str(money)) == money
    else:
        assert error.text == text
        assert 0 <= error.position <= len(text)


# -- the range of amounts ---------------------------------------------------------------

UNITS = [YUAN, QIAN, WAN, YI]


def extremes(unit: MoneyUnit) -> list[Money]:
    """The largest and smallest amounts *unit* holds, of one digit and of 96, both signs."""
    top = AMOUNT_EXPONENT - 1 - unit.exponent  # adjusted exponent of the largest
    bottom = -AMOUNT_EXPONENT - unit.exponent  # exponent of the smallest digit
    amounts = [
        Decimal(f"9E+{top}"),
        Decimal(f"1E{bottom}"),
        Decimal("9" * 96 + f"E{top - 95:+d}"),
        Decimal("1" * 96 + f"E{bottom}"),
        Decimal(f"0E{bottom}"),
        Decimal(f"0E+{top}"),
    ]
    return [Money(a, unit) for amount in amounts for a in (amount, amount.copy_negate())]


EXTREMES = [money for unit in UNITS for money in extremes(unit)]


def test_the_range_is_the_documents_digits_on_each_side() -> None:
    assert (AMOUNT_DIGITS, AMOUNT_EXPONENT, MAX_PLACES) == (96, MAX_DIGITS, MAX_DIGITS)


@pytest.mark.parametrize("unit", UNITS)
def test_the_range_of_amounts_both_sides(unit: MoneyUnit) -> None:
    top = AMOUNT_EXPONENT - 1 - unit.exponent
    bottom = -AMOUNT_EXPONENT - unit.exponent
    for inside in (f"9.99E+{top}", f"1E{bottom}", f"-9E+{top}", f"0E+{top}", f"0E{bottom}"):
        assert Money(Decimal(inside), unit).amount == Decimal(inside)
    for outside in (f"1E+{top + 1}", f"-1E+{top + 1}", f"0E+{top + 1}"):
        with pytest.raises(ValueError, match=r"^amount must be less than 10\^100 元 \(at most 100"):
            Money(Decimal(outside), unit)
    for outside in (f"1E{bottom - 1}", f"1.5E{bottom}", f"0E{bottom - 1}"):
        with pytest.raises(ValueError, match=r"^amount must be a whole number of 10\^-100 元"):
            Money(Decimal(outside), unit)


@pytest.mark.parametrize("exponent", ["+999999", "+999999999", "-999999", "-999999999"])
def test_huge_exponents_are_refused_in_short_words(exponent: str) -> None:
    for unit in UNITS:
        with pytest.raises(ValueError, match=r"^amount must") as caught:
            Money(Decimal("1E" + exponent), unit)
        assert f"not 1E{exponent}{unit.label}" in str(caught.value)
        assert len(str(caught.value)) < 200  # never the number written out in full


@pytest.mark.parametrize("money", EXTREMES, ids=repr)
def test_the_extremes_compare_hash_convert_and_round(money: Money) -> None:
    assert money == Money(money.amount, money.unit)
    assert isinstance(hash(money), int)
    for unit in UNITS:
        converted = money.to(unit)
        assert value_of(converted) == value_of(money)
        assert converted == money
        assert hash(converted) == hash(money)
        assert Money(converted.amount, unit) == money  # never out of the range
    for places in (0, 2, MAX_PLACES):
        # The rounded amount, independently: an integer of units of 10**-places.
        units = half_up(Fraction(money.amount) * 10**places)
        in_yuan = Fraction(units, 10**places) * Fraction(10) ** money.unit.exponent
        if len(str(abs(units))) > AMOUNT_DIGITS or abs(in_yuan) >= 10**AMOUNT_EXPONENT:
            with pytest.raises(ValueError, match=r"significant digits|is not an amount"):
                money.quantize(places)
        else:
            assert value_of(money.quantize(places)) == in_yuan


def test_every_pair_of_extremes_compares_and_rates_exactly() -> None:
    for left in EXTREMES:
        for right in EXTREMES:
            assert (left < right) == (value_of(left) < value_of(right))
            assert (left == right) == (value_of(left) == value_of(right))
            if value_of(right) == 0:
                with pytest.raises(ZeroDivisionError):
                    rate(left, right)
                continue
            for places in (0, MAX_PLACES):
                expected = half_up(value_of(left) / value_of(right) * 100 * 10**places)
                got = rate(left, right, places)
                assert got.as_tuple().exponent == -places
                assert Fraction(got) == Fraction(expected, 10**places)


@pytest.mark.parametrize("places", [-1, MAX_PLACES + 1, 10**6])
def test_rate_and_quantize_places_are_bounded(places: int) -> None:
    message = rf"^places must be from 0 to {MAX_PLACES}, not {places}$"
    with pytest.raises(ValueError, match=message):
        rate(Money(1, YUAN), Money(3, YUAN), places)
    with pytest.raises(ValueError, match=message):
        Money(1, YUAN).quantize(places)


def test_quantize_says_when_the_result_is_no_amount() -> None:
    with pytest.raises(ValueError, match="would have 97 significant digits; an amount has at"):
        Money("9" * 96, YUAN).quantize(1)
    # 999…9.9999 亿元 (96 digits) rounds up to 10^92 亿元, 10^100 元.
    with pytest.raises(ValueError, match=r"rounded to 0 places is not an amount: amount must be"):
        Money(Decimal("9" * 92 + "." + "9" * 4), YI).quantize(0)
    assert Money(Decimal("9" * 92 + "." + "4" * 4), YI).quantize(0).amount == Decimal("9" * 92)


def test_arithmetic_past_the_range_raises_inexact() -> None:
    largest = Money(Decimal("9E+99"), YUAN)
    with pytest.raises(decimal.Overflow, match="is outside the range of amounts"):
        largest + largest
    with pytest.raises(decimal.Overflow):
        largest - -largest
    with pytest.raises(decimal.Overflow):
        largest * 2
    with pytest.raises(decimal.Overflow):
        Money(1, YUAN) * Decimal("1E+100")
    with pytest.raises(decimal.Overflow):
        Money(1, YUAN) / Decimal("1E-100")
    smallest = Money(Decimal("1E-100"), YUAN)
    with pytest.raises(decimal.Inexact, match="is outside the range of amounts"):
        smallest / 2
    with pytest.raises(decimal.Inexact):
        smallest * Decimal("0.1")
    assert issubclass(decimal.Overflow, decimal.Inexact)
    assert largest - largest == Money(0, YUAN)
    assert (smallest * 9).amount == Decimal("9E-100")
    assert Money(Decimal("1E+91"), YI) + Money(Decimal("1E+99"), YUAN) == Money(
        Decimal("2E+99"), YUAN
    )


def test_parse_money_holds_texts_and_amounts_to_the_limits() -> None:
    with pytest.raises(ParseError, match="at position 1000000: the text is 1,000,001 characters"):
        parse_money("1" * 999_999 + "元1")
    with pytest.raises(ParseError, match="at position 0: amount must be less than 10"):
        parse_money("9" * 93 + "亿元")
    assert parse_money("9" * 92 + "亿元").amount == Decimal("9" * 92)
    with pytest.raises(ParseError, match="lone surrogate"):
        parse_money("1元" + chr(0xD800))


# -- total() ------------------------------------------------------------------------------

_UNITS = list(MoneyUnit)
_AMOUNTS = st.decimals(
    min_value=Decimal("-1E+12"), max_value=Decimal("1E+12"), places=4, allow_nan=False
) | st.sampled_from([Decimal("-0"), Decimal("0.00"), Decimal("5E+3"), Decimal("1E-6")])


@given(st.lists(st.tuples(_AMOUNTS, st.sampled_from(_UNITS)), min_size=1, max_size=30))
def test_total_is_sum_digit_for_digit(pairs: list[tuple[Decimal, MoneyUnit]]) -> None:
    amounts = [Money(amount, unit) for amount, unit in pairs]
    by_sum = functools.reduce(operator.add, amounts)
    found = total(amounts)
    assert repr(found) == repr(by_sum)  # the same unit and the same digits
    assert total(iter(amounts)) == by_sum  # any iterable, read once
    assert total(tuple(amounts), unit=MoneyUnit.YUAN) == by_sum
    assert total(amounts, unit=MoneyUnit.YUAN).unit is MoneyUnit.YUAN


def test_total_by_hand() -> None:
    # 213.28 + 441.17 = 654.45 万元; + 0.5 元 = 6,544,500 + 0.5 = 6,544,500.5 元.
    lines = [Money("213.28", MoneyUnit.WAN_YUAN), Money("441.17", MoneyUnit.WAN_YUAN)]
    assert repr(total(lines)) == "Money('654.45', MoneyUnit.WAN_YUAN)"
    mixed = [*lines, Money("0.5", MoneyUnit.YUAN)]
    assert repr(total(mixed)) == "Money('6544500.5', MoneyUnit.YUAN)"
    assert repr(total([], unit=MoneyUnit.WAN_YUAN)) == "Money('0', MoneyUnit.WAN_YUAN)"
    usd = total([], unit=MoneyUnit.YUAN, currency="USD")
    assert usd.currency == "USD"


def test_total_refuses_what_sum_refuses() -> None:
    with pytest.raises(ValueError, match="needs the unit of their zero"):
        total([])
    with pytest.raises(ValueError, match="currency"):
        total([], unit=MoneyUnit.YUAN, currency="usd")
    with pytest.raises(TypeError, match=r"total\(\) adds Money, not int \(3\)"):
        total([Money(1, MoneyUnit.YUAN), 3])  # type: ignore[list-item]
    with pytest.raises(CurrencyMismatchError):
        total([Money(1, MoneyUnit.YUAN), Money(1, MoneyUnit.YUAN, currency="USD")])
    huge = Money(Decimal("9" * 96), MoneyUnit.YUAN)
    with pytest.raises(decimal.Inexact):  # 97 digits: exact arithmetic cannot hold it
        total([huge, huge])
    with pytest.raises(decimal.Inexact):
        huge + huge  # the same refusal from +
    prec = decimal.getcontext().prec
    with pytest.raises(decimal.Inexact):  # many amounts take the other way through
        total([Money(1, MoneyUnit.YUAN)] * 20 + [huge, huge])
    assert decimal.getcontext().prec == prec  # the caller's context is back
    with pytest.raises(CurrencyMismatchError, match="USD"):
        total([Money(1, MoneyUnit.YUAN)] * 20 + [Money(1, MoneyUnit.YUAN, currency="USD")])
    with pytest.raises(TypeError, match=r"not Decimal"):
        total([Money(1, MoneyUnit.YUAN)] * 20 + [Decimal(1)])  # type: ignore[list-item]


@pytest.mark.parametrize("count", [3, 30])  # a few and many amounts add differently
def test_total_neither_reads_nor_changes_the_callers_context(count: int) -> None:
    amounts = [Money("0.123456789", MoneyUnit.YUAN)] * count
    seen: list[Decimal] = []
    with decimal.localcontext() as context:
        context.prec = 2
        context.clear_flags()

        def amounts_made_in_the_callers_context() -> Any:
            for amount in amounts:
                seen.append(Decimal(1) / Decimal(3))  # the caller's context: 2 digits
                yield amount

        # 3 × 0.123456789 = 0.370370367 and 30 × = 3.70370367, every digit, although
        # the caller keeps 2.
        expected = {3: Decimal("0.370370367"), 30: Decimal("3.703703670")}[count]
        assert total(amounts_made_in_the_callers_context()).amount == expected
        assert seen == [Decimal("0.33")] * count
        assert decimal.getcontext() is context
        assert context.prec == 2
        flags = {signal for signal, raised in context.flags.items() if raised}
        assert flags == {decimal.Inexact, decimal.Rounded}  # the caller's own 1/3 only


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ([None], r"^total\(\) adds Money, not NoneType \(None\)$"),
        ([3, Money(1, WAN)], r"^total\(\) adds Money, not int \(3\)$"),
        ([Money(1, WAN), Money(2, WAN), None], r"^total\(\) adds Money, not NoneType"),
        ([Money(1, WAN), Money(2, YUAN), "1元"], r"^total\(\) adds Money, not str \('1元'\)$"),
    ],
)
def test_total_names_the_first_item_that_is_not_money(amounts: list[Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        total(amounts)


def test_total_names_the_first_other_currency_after_another_unit() -> None:
    amounts = [Money(1, WAN), Money(1, YUAN), Money(1, WAN, currency="USD")]
    with pytest.raises(CurrencyMismatchError, match=r"^cannot combine CNY with USD amounts$"):
        total(amounts)
    with pytest.raises(CurrencyMismatchError, match=r"^cannot combine USD with CNY amounts$"):
        total(amounts[::-1])


# -- rate() in decimal and in integers ----------------------------------------------------

_RATE_DIGITS = money_module._RATE_DIGITS


@st.composite
def rate_operands(draw: st.DrawFn) -> tuple[Money, Money, int]:
    """Amounts of up to 40 digits in any units, and places up to MAX_PLACES, often near
    where rate() leaves decimal division for integers."""
    top, bottom = draw(amounts(max_digits=40, max_places=30)), draw(amounts(40, 30))
    numerator, denominator = Money(top, draw(units)), Money(bottom, draw(units))
    shift = numerator.unit.exponent - denominator.unit.exponent + 2
    edge = _RATE_DIGITS - (top.adjusted() - bottom.adjusted() + shift + 2)
    places = draw(st.integers(0, MAX_PLACES) | st.integers(edge - 3, edge + 3))
    return numerator, denominator, min(max(places, 0), MAX_PLACES)


@given(rate_operands())
def test_rate_in_decimal_is_the_integer_rate(operands: tuple[Money, Money, int]) -> None:
    numerator, denominator, places = operands
    if denominator.is_zero():
        return
    shift = numerator.unit.exponent - denominator.unit.exponent + 2
    by_integers = money_module._integer_rate(numerator.amount, denominator.amount, shift, places)
    difference = numerator.amount.adjusted() - denominator.amount.adjusted()
    event("in integers" if difference + shift + places + 2 > _RATE_DIGITS else "in decimal")
    assert same_digits(rate(numerator, denominator, places), by_integers)
    exact = value_of(numerator) / value_of(denominator) * 100
    assert Fraction(by_integers) == Fraction(half_up(exact * 10**places), 10**places)


def test_rate_rounds_half_way_quotients_up_in_decimal_and_in_integers() -> None:
    # 1/8 = 0.125 exactly, 1/3 never ends, 2/3 rounds up at every place; each with
    # places that divide in decimal (2) and in integers (100).
    for top, bottom in [(1, 8), (-1, 8), (1, 3), (2, 3), (-2, 3), (1, 16), (5, 1)]:
        for places in (0, 1, 2, 3, 4, 40, MAX_PLACES):
            exact = Fraction(top, bottom) * 100
            expected = Fraction(half_up(exact * 10**places), 10**places)
            result = rate(Money(top, YUAN), Money(bottom, YUAN), places)
            assert Fraction(result) == expected
            assert result.as_tuple().exponent == -places


def test_a_rate_that_rounds_to_zero_has_no_sign() -> None:
    for top, bottom in [("-0.0001", "1000000"), ("0.0001", "-1000000"), ("-0", "1"), ("0", "-3")]:
        for places in (0, 2, MAX_PLACES):
            result = rate(Money(top, YUAN), Money(bottom, YI), places)
            if places == MAX_PLACES and Decimal(top):
                continue  # 10**-12 % is not zero at 100 places
            assert result.as_tuple() == (0, (0,), -places)
