"""Scoring a project self-evaluation (项目支出绩效自评): the method as a policy.

:func:`score` recomputes a project's self-evaluation from what the report printed:
its money (全年预算数, 全年执行数) and its indicators (年度指标值, 实际完成值, 分值).
The result is a :class:`ScoreCard`: one :class:`Component` per scored row (the
budget execution rate, then every indicator), the total out of 100 and its grade,
side by side with the scores the report printed. A printed score that differs
from the method's is a finding, not an error: reports round by hand and
evaluators use judgement.

The method is a :class:`Policy`, a frozen value users can build. The defaults are
the national rules of 《项目支出绩效评价管理办法》(财预〔2020〕10号) for 单位自评:
execution 10, 产出 50, 效益 30, 满意度 10; proportional scores for unmet
quantitative targets; the bands 100–80 %, 80–60 %, 60–0 % for qualitative ones;
the grades 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below. :data:`POLICIES` also holds the
Sichuan variant (execution 10 + indicators 90). ``docs/scoring.md`` states every
rule with its source.

Arithmetic is exact (rational) and rounds half up (四舍五入) to 0.01 only where
the method does: each component's score, the total, and the equal shares of a
group's weight. The caller's decimal context is never read or changed.

>>> from perfeval import examples
>>> from perfeval.scoring import score
>>> card = score(examples.load("tangxi-2022").projects[0])
>>> card.total, card.grade
(Decimal('90.00'), Grade.EXCELLENT)
>>> [(c.path, c.printed_score, c.score) for c in card.differences()]
[('/budget_execution', Decimal('0'), Decimal('10.00'))]
"""

from __future__ import annotations

import enum
import functools
import sys
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from math import gcd, lcm
from typing import Any, Final, Literal, NamedTuple, final

import attrs

from perfeval._decimal import EXACT, decimal_text, divide_half_up, to_decimal
from perfeval._text import display_width
from perfeval.codes import (
    Achievement,
    Grade,
    GroupScope,
    IndicatorLevel1,
    IndicatorLevel2,
    IndicatorMetric,
    MoneyUnit,
    Operator,
)
from perfeval.errors import FieldError
from perfeval.model import Indicator, KeyProject, ScoreGroup
from perfeval.money import Money
from perfeval.quantity import Actual, Quantity, Target

__all__ = [
    "DEFAULT_POLICY",
    "MET_TEXTS",
    "NOT_MET_TEXTS",
    "PARTIALLY_MET_TEXTS",
    "POLICIES",
    "Band",
    "Component",
    "Formula",
    "NegativeFormula",
    "Policy",
    "ScoreCard",
    "Status",
    "WeightGroup",
    "achievement",
    "is_cost",
    "load_policy",
    "policy_from_dict",
    "policy_schema",
    "policy_to_dict",
    "score",
]

#: The name of a formula for negative indicators (≤, <), ``"ratio"`` or ``"linear"``.
NegativeFormula = Literal["ratio", "linear"]
_NEGATIVE_FORMULAS: Final = ("ratio", "linear")

_EXECUTION_PATH: Final = "/budget_execution"
_EXECUTION_NAME: Final = "预算执行率"
_EXECUTION_GROUP: Final = "预算执行"


# -- exact helpers ------------------------------------------------------------------------
#
# Every computation runs on _Q, an exact rational that never consults a decimal
# context; Decimals are only built (from their digits, exactly) and compared via _Q.


@final
class _Q:
    """An exact rational number, always in lowest terms with a positive denominator.

    The few operations scoring needs, as :class:`fractions.Fraction` does them
    (``+ - * /``, unary minus, :func:`abs`, comparisons, truth), with a ``_Q`` or an
    ``int`` on either side. ``Fraction`` checks its operands against the numeric
    abstract base classes on every operation and builds every result through its
    general constructor; scoring a report does hundreds of thousands of operations,
    so this type skips both. Build one with :func:`_ratio` (any terms) or
    :func:`_f` (a Decimal); :func:`_coprime` is for terms already in lowest form.

    >>> _ratio(6, -4), _ratio(1, 3) + 1, 1 - _ratio(1, 4), _ratio(2, 3) * _ratio(3, 4)
    (_Q(-3, 2), _Q(4, 3), _Q(3, 4), _Q(1, 2))
    >>> _ratio(1, 2) / 3, _ratio(1, 2) < 1, _ratio(4, 2) == 2, bool(_ratio(0, 5))
    (_Q(1, 6), True, True, False)
    """

    __slots__ = ("denominator", "numerator")

    numerator: int
    denominator: int

    def __repr__(self) -> str:
        return f"_Q({self.numerator}, {self.denominator})"

    def __bool__(self) -> bool:
        return self.numerator != 0

    def __neg__(self) -> _Q:
        return _coprime(-self.numerator, self.denominator)

    def __abs__(self) -> _Q:
        return _coprime(abs(self.numerator), self.denominator)

    def __add__(self, other: _Q | int) -> _Q:
        if type(other) is _Q:
            return _sum(self.numerator, self.denominator, other.numerator, other.denominator)
        if isinstance(other, int):
            return _coprime(self.numerator + other * self.denominator, self.denominator)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: _Q | int) -> _Q:
        if type(other) is _Q:
            return _sum(self.numerator, self.denominator, -other.numerator, other.denominator)
        if isinstance(other, int):
            return _coprime(self.numerator - other * self.denominator, self.denominator)
        return NotImplemented

    def __rsub__(self, other: int) -> _Q:
        if isinstance(other, int):
            return _coprime(other * self.denominator - self.numerator, self.denominator)
        return NotImplemented

    def __mul__(self, other: _Q | int) -> _Q:
        if type(other) is _Q:
            return _product(self.numerator, self.denominator, other.numerator, other.denominator)
        if isinstance(other, int):
            return _product(self.numerator, self.denominator, other, 1)
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other: _Q | int) -> _Q:
        if type(other) is _Q:
            return _quotient(self.numerator, self.denominator, other.numerator, other.denominator)
        if isinstance(other, int):
            return _quotient(self.numerator, self.denominator, other, 1)
        return NotImplemented

    def __rtruediv__(self, other: int) -> _Q:
        if isinstance(other, int):
            return _quotient(other, 1, self.numerator, self.denominator)
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        if type(other) is _Q:
            return self.numerator == other.numerator and self.denominator == other.denominator
        if isinstance(other, int):
            return self.denominator == 1 and self.numerator == other
        return NotImplemented

    def __hash__(self) -> int:
        # Fraction's hash, so that a _Q equal to an int hashes like it.
        try:
            inverse = pow(self.denominator, -1, _HASH_MODULUS)
        except ValueError:  # the denominator is a multiple of the modulus
            hashed = sys.hash_info.inf
        else:
            hashed = hash(hash(abs(self.numerator)) * inverse)
        result = hashed if self.numerator >= 0 else -hashed
        return -2 if result == -1 else result

    # Denominators are positive, so cross-multiplying keeps the order.
    def __lt__(self, other: _Q | int) -> bool:
        if type(other) is _Q:
            return self.numerator * other.denominator < other.numerator * self.denominator
        if isinstance(other, int):
            return self.numerator < other * self.denominator
        return NotImplemented

    def __le__(self, other: _Q | int) -> bool:
        if type(other) is _Q:
            return self.numerator * other.denominator <= other.numerator * self.denominator
        if isinstance(other, int):
            return self.numerator <= other * self.denominator
        return NotImplemented

    def __gt__(self, other: _Q | int) -> bool:
        if type(other) is _Q:
            return self.numerator * other.denominator > other.numerator * self.denominator
        if isinstance(other, int):
            return self.numerator > other * self.denominator
        return NotImplemented

    def __ge__(self, other: _Q | int) -> bool:
        if type(other) is _Q:
            return self.numerator * other.denominator >= other.numerator * self.denominator
        if isinstance(other, int):
            return self.numerator >= other * self.denominator
        return NotImplemented


_new: Final = object.__new__
_HASH_MODULUS: Final = sys.hash_info.modulus


def _coprime(numerator: int, denominator: int) -> _Q:
    """The :class:`_Q` of terms already in lowest form, *denominator* positive."""
    value = _new(_Q)
    value.numerator = numerator
    value.denominator = denominator
    return value


def _ratio(numerator: int, denominator: int) -> _Q:
    """*numerator* / *denominator* in lowest terms.

    Raises:
        ZeroDivisionError: *denominator* is 0.
    """
    if denominator == 0:
        msg = f"_Q({numerator}, 0)"
        raise ZeroDivisionError(msg)
    divisor = gcd(numerator, denominator)
    if denominator < 0:
        divisor = -divisor
    return _coprime(numerator // divisor, denominator // divisor)


def _sum(na: int, da: int, nb: int, db: int) -> _Q:
    """na/da + nb/db for terms in lowest form, reduced as ``_Q`` reduces sums."""
    divisor = gcd(da, db)
    if divisor == 1:
        return _coprime(na * db + da * nb, da * db)
    scale = da // divisor
    numerator = na * (db // divisor) + nb * scale
    common = gcd(numerator, divisor)
    if common == 1:
        return _coprime(numerator, scale * db)
    return _coprime(numerator // common, scale * (db // common))


def _product(na: int, da: int, nb: int, db: int) -> _Q:
    """na/da × nb/db for terms in lowest form: cross-cancel, then multiply."""
    common = gcd(na, db)
    if common > 1:
        na //= common
        db //= common
    common = gcd(nb, da)
    if common > 1:
        nb //= common
        da //= common
    return _coprime(na * nb, db * da)


def _quotient(na: int, da: int, nb: int, db: int) -> _Q:
    """(na/da) / (nb/db) for terms in lowest form.

    Raises:
        ZeroDivisionError: *nb* is 0.
    """
    if nb == 0:
        msg = f"_Q({na}, 0)"
        raise ZeroDivisionError(msg)
    if nb < 0:  # the divisor's sign moves to the dividend: denominators stay positive
        na, nb = -na, -nb
    return _product(na, da, db, nb)  # (na/da) × (db/nb)


def _f(value: Decimal) -> _Q:
    """*value* exactly (``as_integer_ratio`` gives lowest terms, a positive denominator)."""
    numerator, denominator = value.as_integer_ratio()
    return _coprime(numerator, denominator)


_ZERO: Final = _coprime(0, 1)
_ONE: Final = _coprime(1, 1)
_HUNDRED: Final = _coprime(100, 1)


def _round_int(value: _Q) -> int:
    """*value* rounded half up to an integer."""
    return divide_half_up(value.numerator, value.denominator)


def _units(value: _Q, places: int = 2) -> int:
    """*value* in units of ``10**-places``, rounded half up (halves away from zero)."""
    return divide_half_up(value.numerator * 10**places, value.denominator)


def _round(value: _Q, places: int = 2) -> Decimal:
    """*value* rounded half up (halves away from zero) to *places* decimals."""
    return _decimal(_units(value, places), places)


def _round_down(value: _Q, places: int = 2) -> Decimal:
    """*value* (not negative) truncated to *places* decimals."""
    return _decimal(value.numerator * 10**places // value.denominator, places)


#: Scores and weights in cents from 0.00 to 100.00, built once each when first needed.
_CENTS: Final[dict[int, Decimal]] = {}
_MOST_CENTS: Final = 100_00


def _decimal(units: int, places: int) -> Decimal:
    """``units × 10**-places`` exactly: the coefficient and exponent as given."""
    if places == 2 and 0 <= units <= _MOST_CENTS:
        cached = _CENTS.get(units)
        if cached is None:
            cached = _CENTS[units] = Decimal(f"{units}E-2")
        return cached
    return Decimal(f"{units}E-{places}")


def _units_text(units: int, places: int) -> str:
    """``units × 10**-places`` in plain notation, as :func:`decimal_text` writes it.

    >>> _units_text(-5, 2), _units_text(123400, 2), _units_text(7, 0)
    ('-0.05', '1234.00', '7')
    """
    if places == 0:
        return str(units)
    whole, part = divmod(abs(units), 10**places)
    sign = "-" if units < 0 else ""
    return f"{sign}{whole}.{part:0{places}d}"


def _sum_of(values: Iterable[Decimal]) -> _Q:
    """The exact sum of *values*, added as integers over a common denominator."""
    numerator, denominator = 0, 1
    for value in values:
        top, bottom = value.as_integer_ratio()
        if bottom == denominator:
            numerator += top
        else:
            common = lcm(denominator, bottom)
            numerator = numerator * (common // denominator) + top * (common // bottom)
            denominator = common
    return _ratio(numerator, denominator)


def _text(value: Decimal | _Q) -> str:
    """A number for a note: its digits as given, or a fraction to 0.01 (trailing zeros cut)."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return _units_text(_units(value), 2).rstrip("0").rstrip(".")


#: The places a fraction needs in decimal, by its denominator, for every denominator
#: whose expansion ends within 12 places (the divisors of 10**12: 2**i × 5**j).
_PLACES: Final = {2**i * 5**j: max(i, j) for i in range(13) for j in range(13)}


def _exact(value: _Q) -> str:
    """*value* in full when its decimal expansion ends, else to 4 places and ``…``.

    >>> _exact(_ratio(1955, 100)), _exact(_ratio(2, 3))
    ('19.55', '0.6667…')
    """
    return _exact_terms(value.numerator, value.denominator)


def _exact_terms(numerator: int, denominator: int) -> str:
    """:func:`_exact` of *numerator* / *denominator*, in lowest terms, *denominator* positive."""
    if denominator == 1:
        return str(numerator)
    places = _PLACES.get(denominator)
    if places is not None:  # the denominator divides 10**places: no rounding
        return _units_text(numerator * (10**places // denominator), places)
    return _units_text(divide_half_up(numerator * 10**4, denominator), 4) + "…"


def _exact_percent(ratio: _Q) -> str:
    """A ratio as a percentage in full (``97.75 %``), or to 4 places and ``…``."""
    return _exact(ratio * _HUNDRED) + " %"


def _percent(ratio: _Q) -> str:
    """A ratio as a percentage to 0.01, as tables print rates: ``100.00 %``."""
    return _units_text(_units(ratio, 4), 2) + " %"  # ratio × 100 to 0.01


def _share(ratio: _Q) -> str:
    """A ratio as a percentage without trailing zeros: ``80 %``, ``12.5 %``."""
    return _text(ratio * _HUNDRED) + " %"


def _to_weight(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, "weight")


def _to_share(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, "share")


def _not_negative(_: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    if _f(value) < 0:
        msg = f"{attribute.name} must be 0 or more, not {decimal_text(value)}"
        raise ValueError(msg)


# -- the policy ---------------------------------------------------------------------------


@attrs.frozen
class Band:
    """The shares of an indicator's weight a qualitative result may earn: low to high.

    The bounds are fractions of the weight (``0.8`` is 80 %), both inclusive: a
    printed score on a bound is consistent with both bands that share it.

    Attributes:
        low: The lowest share, 0 to 1.
        high: The highest share, *low* to 1; a qualitative result without a printed
            score earns it.

    Raises:
        ValueError: The bounds are not ``0 <= low <= high <= 1``.
        TypeError: A bound is a float or not a number.

    >>> from perfeval.scoring import Band
    >>> Band("0.6", "0.8")
    Band(low=Decimal('0.6'), high=Decimal('0.8'))
    >>> Band("0.8", "0.6")
    Traceback (most recent call last):
    ...
    perfeval.errors.FieldError: a band must satisfy 0 <= low <= high <= 1, not low 0.8 and high 0.6
    """

    low: Decimal = attrs.field(converter=_to_share)
    high: Decimal = attrs.field(converter=_to_share)

    @high.validator
    def _check(self, _: attrs.Attribute[Any], high: Decimal) -> None:
        if not _ZERO <= _f(self.low) <= _f(high) <= _ONE:
            low, high_text = decimal_text(self.low), decimal_text(high)
            msg = f"a band must satisfy 0 <= low <= high <= 1, not low {low} and high {high_text}"
            zh = f"得分区间应满足 0 ≤ low ≤ high ≤ 1，而不是 low {low}、high {high_text}"
            raise FieldError(msg, message_zh=zh)


def _to_levels(
    value: IndicatorLevel1 | Iterable[IndicatorLevel1],
) -> frozenset[IndicatorLevel1]:
    if isinstance(value, IndicatorLevel1):
        return frozenset((value,))
    return frozenset(value)


def _check_levels(_: object, __: attrs.Attribute[Any], value: frozenset[Any]) -> None:
    if not value:
        msg = "a weight group needs at least one first-level indicator"
        raise ValueError(msg)
    for level in value:
        if not isinstance(level, IndicatorLevel1):
            msg = f"levels must be IndicatorLevel1 members, not {type(level).__name__}"
            raise TypeError(msg)


@attrs.frozen
class WeightGroup:
    """A share of the 100 points given to indicators of some first-level kinds.

    Attributes:
        name: The group's name as tables print it (``产出``).
        levels: The first-level indicators (:class:`~perfeval.codes.IndicatorLevel1`)
            that belong to the group; one member may be given alone.
        weight: The points of the group (``50``).

    Raises:
        ValueError: *levels* is empty, or *weight* is negative.
        TypeError: A level is not an :class:`~perfeval.codes.IndicatorLevel1`.

    >>> from perfeval import IndicatorLevel1
    >>> from perfeval.scoring import WeightGroup
    >>> group = WeightGroup("产出", IndicatorLevel1.OUTPUT, 50)
    >>> group.weight, sorted(level.value for level in group.levels)
    (Decimal('50'), ['output'])
    >>> WeightGroup("产出", IndicatorLevel1.OUTPUT, -5)
    Traceback (most recent call last):
    ...
    ValueError: weight must be 0 or more, not -5
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    levels: frozenset[IndicatorLevel1] = attrs.field(converter=_to_levels, validator=_check_levels)
    weight: Decimal = attrs.field(converter=_to_weight, validator=_not_negative)


def _to_groups(
    value: Iterable[WeightGroup] | Mapping[IndicatorLevel1, Decimal | int | str],
) -> tuple[WeightGroup, ...]:
    if isinstance(value, Mapping):
        return tuple(WeightGroup(level.label, level, weight) for level, weight in value.items())
    return tuple(value)


def _check_groups(_: object, __: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen: set[IndicatorLevel1] = set()
    for group in value:
        if not isinstance(group, WeightGroup):
            msg = f"groups must be WeightGroup values, not {type(group).__name__}"
            raise TypeError(msg)
        twice = seen & group.levels
        if twice:
            labels = ", ".join(sorted(level.label for level in twice))
            msg = f"a first-level indicator belongs to one group only; {labels} is in two"
            raise ValueError(msg)
        seen |= group.levels


def _check_formula(_: object, __: attrs.Attribute[Any], value: object) -> None:
    if value not in _NEGATIVE_FORMULAS:
        msg = f"negative_formula must be 'ratio' or 'linear', not {value!r}"
        raise ValueError(msg)


def _to_texts(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _to_optional_ratio(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else to_decimal(value, "overachievement")


def _check_optional_ratio(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _not_negative(instance, attribute, value)


#: Words that make a printed result that is not a figure read as met (达成). A
#: result containing one of them, and none of :data:`NOT_MET_TEXTS` or
#: :data:`PARTIALLY_MET_TEXTS`, is met (``2021年12月完成``, ``符合相关文件要求``).
MET_TEXTS: Final = (
    "完成",
    "达到",
    "达成",
    "通过",
    "符合",
    "满意",
    "有效",
    "达标",
    "合格",
    "实现",
    "按时",
    "及时",
    "正常",
    "良好",
    "显著",
    "明显",
    "到位",
)
#: Words that make a printed result read as partly met (部分达成), ``基本完成``.
PARTIALLY_MET_TEXTS: Final = (
    "部分完成",
    "基本完成",
    "部分达到",
    "基本达到",
    "部分达成",
    "基本达成",
    "基本符合",
    "部分符合",
    "基本满意",
    "较满意",
    "部分实现",
    "基本实现",
)
#: Words that make a printed result read as not met (未达成); they win over the
#: others (``未完成`` contains ``完成``).
NOT_MET_TEXTS: Final = (
    "未完成",
    "没有完成",
    "未能完成",
    "未达到",
    "没有达到",
    "未达成",
    "未通过",
    "不符合",
    "不满意",
    "无效",
    "未达标",
    "不达标",
    "不合格",
    "未实现",
    "未按时",
    "不及时",
    "未到位",
    "滞后",
    "延期",
)

_NATIONAL_GROUPS: Final = (
    WeightGroup("产出", (IndicatorLevel1.OUTPUT, IndicatorLevel1.COST), 50),
    WeightGroup("效益", IndicatorLevel1.EFFECT, 30),
    WeightGroup("满意度", IndicatorLevel1.SATISFACTION, 10),
)


@attrs.frozen(kw_only=True)
class Policy:
    """How a self-evaluation is scored: weights, formulas, bands and grades.

    Weights. The budget execution rate weighs *execution_weight*; indicators weigh
    what the report printed as their 分值 when it printed one (the evaluator's
    weights, as in every published table). An indicator without a printed weight
    takes an equal share of its :class:`WeightGroup`'s points left over by the
    printed weights of the group, split to 0.01 so that the shares add up (16.67,
    16.67, 16.66); an indicator in no group and without a printed weight weighs 0
    and is not scorable. The total is always out of 100: when the weights counted
    do not add up to 100 it is rescaled.

    Attributes:
        name: What the policy is called (``"national"``).
        title: Its name in Chinese, as a table or a regulation gives it
            (``全国通用（财预〔2020〕10号）``); empty if none.
        source: Where its rules come from (a regulation, a published table).
        execution_weight: The points of the budget execution rate when the report
            printed none.
        groups: The :class:`WeightGroup` values; a mapping of first-level indicator to
            weight is accepted too (one group each, named by its label). A level
            belongs to at most one group.
        negative_formula: ``"ratio"`` (default): target / actual × weight;
            ``"linear"``: (1 − (actual − target) / target) × weight, 0 from twice
            the target on.
        achieved: The band of 达成 (80–100 %).
        partially_achieved: The band of 部分达成 (60–80 %).
        not_achieved: The band of 未达成 (0–60 %).
        excellent_from: The lowest total graded 优 (90).
        good_from: The lowest total graded 良 (80).
        fair_from: The lowest total graded 中 (60); below is 差.
        not_applicable_texts: Printed targets or actuals that mark an indicator as
            not applicable (不适用, 不涉及): it is dropped and the total rescaled.
        met_texts: Words that make a result that is not a figure read as met
            (:data:`MET_TEXTS`); a result equal to its target's text is met too.
        partially_met_texts: Words that make it read as partly met
            (:data:`PARTIALLY_MET_TEXTS`); they win over *met_texts*.
        not_met_texts: Words that make it read as not met (:data:`NOT_MET_TEXTS`);
            they win over both.
        overachievement: An actual at least this multiple of its target (1.3) gets
            a note that an explanation is expected; ``None`` for no note. Scores
            are never reduced for it.
        execution_expected: An execution rate below this share (0.9) gets a note
            that a reason is expected.
        tolerance: A printed score further than this from the computed one (0.01)
            is a difference.

    Raises:
        ValueError: A weight or threshold is negative, the grade thresholds are not
            ``0 <= fair_from <= good_from <= excellent_from <= 100``, a level is in
            two groups, or *negative_formula* is not ``"ratio"`` or ``"linear"``.
        TypeError: A member has the wrong type (floats are refused).

    >>> from perfeval import IndicatorLevel1
    >>> from perfeval.scoring import Policy
    >>> custom = Policy(name="four-equal", execution_weight=0,
    ...                 groups={IndicatorLevel1.OUTPUT: 45, IndicatorLevel1.EFFECT: 45})
    >>> [(group.name, group.weight) for group in custom.groups]
    [('产出', Decimal('45')), ('效益', Decimal('45'))]
    >>> Policy(negative_formula="inverse")
    Traceback (most recent call last):
    ...
    ValueError: negative_formula must be 'ratio' or 'linear', not 'inverse'
    """

    name: str = attrs.field(default="custom", validator=attrs.validators.instance_of(str))
    title: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    source: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    execution_weight: Decimal = attrs.field(
        default=Decimal(10), converter=_to_weight, validator=_not_negative
    )
    groups: tuple[WeightGroup, ...] = attrs.field(
        default=_NATIONAL_GROUPS, converter=_to_groups, validator=_check_groups
    )
    negative_formula: NegativeFormula = attrs.field(default="ratio", validator=_check_formula)
    achieved: Band = attrs.field(
        default=Band("0.8", "1"), validator=attrs.validators.instance_of(Band)
    )
    partially_achieved: Band = attrs.field(
        default=Band("0.6", "0.8"), validator=attrs.validators.instance_of(Band)
    )
    not_achieved: Band = attrs.field(
        default=Band("0", "0.6"), validator=attrs.validators.instance_of(Band)
    )
    excellent_from: Decimal = attrs.field(default=Decimal(90), converter=_to_weight)
    good_from: Decimal = attrs.field(default=Decimal(80), converter=_to_weight)
    fair_from: Decimal = attrs.field(default=Decimal(60), converter=_to_weight)
    not_applicable_texts: tuple[str, ...] = attrs.field(
        default=("不适用", "不涉及"),
        converter=_to_texts,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(str)),
    )
    met_texts: tuple[str, ...] = attrs.field(
        default=MET_TEXTS,
        converter=_to_texts,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(str)),
    )
    partially_met_texts: tuple[str, ...] = attrs.field(
        default=PARTIALLY_MET_TEXTS,
        converter=_to_texts,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(str)),
    )
    not_met_texts: tuple[str, ...] = attrs.field(
        default=NOT_MET_TEXTS,
        converter=_to_texts,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(str)),
    )
    overachievement: Decimal | None = attrs.field(
        default=Decimal("1.3"), converter=_to_optional_ratio, validator=_check_optional_ratio
    )
    execution_expected: Decimal = attrs.field(
        default=Decimal("0.9"), converter=_to_weight, validator=_not_negative
    )
    tolerance: Decimal = attrs.field(
        default=Decimal("0.01"), converter=_to_weight, validator=_not_negative
    )

    @fair_from.validator
    def _check_grades(self, _: attrs.Attribute[Any], fair_from: Decimal) -> None:
        fair, good, excellent = _f(fair_from), _f(self.good_from), _f(self.excellent_from)
        if not _ZERO <= fair <= good <= excellent <= _HUNDRED:
            given = (
                f"{decimal_text(fair_from)}, {decimal_text(self.good_from)},"
                f" {decimal_text(self.excellent_from)}"
            )
            msg = (
                "the grade thresholds must satisfy 0 <= fair_from <= good_from <= excellent_from"
                f" <= 100, not {given}"
            )
            zh = (
                "等级分数线应满足 0 ≤ fair_from（中）≤ good_from（良）≤ excellent_from（优）"
                f"≤ 100，而不是 {given}"
            )
            raise FieldError(msg, message_zh=zh)

    def band(self, achievement: Achievement) -> Band:
        """The band of *achievement* (达成, 部分达成, 未达成).

        >>> from perfeval import Achievement
        >>> from perfeval.scoring import DEFAULT_POLICY
        >>> DEFAULT_POLICY.band(Achievement.PARTIALLY_ACHIEVED)
        Band(low=Decimal('0.6'), high=Decimal('0.8'))
        """
        if achievement is Achievement.ACHIEVED:
            return self.achieved
        if achievement is Achievement.PARTIALLY_ACHIEVED:
            return self.partially_achieved
        return self.not_achieved

    def grade(self, total: Decimal) -> Grade:
        """The grade of *total*; the bands are half-open (89.99 is 良).

        >>> from decimal import Decimal
        >>> from perfeval.scoring import DEFAULT_POLICY
        >>> DEFAULT_POLICY.grade(Decimal("90")), DEFAULT_POLICY.grade(Decimal("89.99"))
        (Grade.EXCELLENT, Grade.GOOD)
        >>> DEFAULT_POLICY.grade(Decimal("59.5"))
        Grade.POOR
        """
        value = _f(to_decimal(total, "total"))
        if value >= _f(self.excellent_from):
            return Grade.EXCELLENT
        if value >= _f(self.good_from):
            return Grade.GOOD
        if value >= _f(self.fair_from):
            return Grade.FAIR
        return Grade.POOR

    def group_of(self, level1: IndicatorLevel1) -> WeightGroup | None:
        """The group a first-level indicator belongs to, if any.

        >>> from perfeval import IndicatorLevel1
        >>> from perfeval.scoring import DEFAULT_POLICY
        >>> DEFAULT_POLICY.group_of(IndicatorLevel1.COST).name
        '产出'
        >>> DEFAULT_POLICY.group_of(IndicatorLevel1.DECISION) is None
        True
        """
        for group in self.groups:
            if level1 in group.levels:
                return group
        return None


# The built-in policies are data, perfeval/policies/<name>.json (see _policy_file).
from perfeval._policy_file import (  # noqa: E402 - it builds the classes defined above
    BuiltinPolicies,
    load_policy,
    policy_from_dict,
    policy_schema,
    policy_to_dict,
)

#: The built-in policies by name, read-only; each is read from its file
#: (``perfeval/policies/<name>.json``) when first asked for. ``"national"``
#: (财预〔2020〕10号) weighs execution 10, 产出 50 (成本 indicators included), 效益 30,
#: 满意度 10; ``"sichuan"`` execution 10 and all indicators together 90; ``"hubei"``
#: execution 20 and all indicators 80; ``"ningxia"`` 决策 10, 过程 25, 产出 30, 效益
#: 35 (满意度 included) and ``"henan-third-party"`` 决策 15, 过程 25, 产出 25, 效益 35,
#: both with the execution rate as an indicator (weight 0). All score negative
#: indicators by the ratio formula.
POLICIES: Final[Mapping[str, Policy]] = BuiltinPolicies()
#: The policy :func:`score` uses unless told otherwise, ``POLICIES["national"]``.
DEFAULT_POLICY: Final = POLICIES["national"]


# -- the score card -----------------------------------------------------------------------


class Formula(enum.Enum):
    """The formula a component was scored with."""

    _value_: str

    EXECUTION = "execution"
    POSITIVE = "positive"
    THRESHOLD = "threshold"
    NEGATIVE_RATIO = "negative_ratio"
    NEGATIVE_LINEAR = "negative_linear"
    QUALITATIVE = "qualitative"
    NONE = "none"

    @property
    def description(self) -> str:
        """The formula in words.

        >>> from perfeval.scoring import Formula
        >>> Formula.POSITIVE.description
        'actual ≥ target: the full weight; else actual / target × weight'
        """
        return _FORMULA_DESCRIPTIONS[self.value]


_FORMULA_DESCRIPTIONS: Final = {
    "execution": "min(全年执行数 / 全年预算数, 1) × weight",
    "positive": "actual ≥ target: the full weight; else actual / target × weight",
    "threshold": "the full weight if the target is met, else 0 (target of 0 or less)",
    "negative_ratio": "actual ≤ target: the full weight; else target / actual × weight",
    "negative_linear": (
        "actual ≤ target: the full weight; else (1 − (actual − target) / target) × weight,"
        " 0 from twice the target on"
    ),
    "qualitative": "the top of the achievement's band, or the printed score within it",
    "none": "not scored",
}


class Status(enum.Enum):
    """Whether a component was scored."""

    _value_: str

    #: Scored by the method.
    SCORED = "scored"
    #: Counted with 0 points, because its result cannot be compared with its target
    #: and no score was printed.
    NOT_SCORABLE = "not_scorable"
    #: Its result cannot be compared with its target, so its printed score counts
    #: (within 0 and its weight): the total compares like with like.
    TAKEN_AS_PRINTED = "taken_as_printed"
    #: Dropped; its weight does not count and the total is rescaled.
    NOT_APPLICABLE = "not_applicable"


@attrs.frozen(kw_only=True)
class Component:
    """One scored row of a self-evaluation: the execution rate or an indicator.

    Attributes:
        name: The row's name (``预算执行率``, or the indicator's 三级指标).
        path: A JSON pointer to the row in the project (``/budget_execution``,
            ``/indicators/3``).
        group: The weight group (``预算执行``, ``产出`` …).
        weight: The weight used.
        score: The computed score, 0 to *weight*, rounded half up to 0.01.
        printed_weight: The weight the report printed, if any.
        printed_score: The score the report printed, if any.
        target: What the result is measured against: the indicator's target, or
            the budget (全年预算数) for the execution rate.
        actual: The result: the indicator's actual, or the expenditure (全年执行数).
        formula: The formula used.
        status: Whether the row was scored, not scorable, or not applicable.
        note: How the score came about, in words.

    >>> from decimal import Decimal
    >>> from perfeval.scoring import Component
    >>> row = Component(name="预算执行率", path="/budget_execution", group="预算执行",
    ...                 weight=Decimal(10), score=Decimal("8.60"), printed_score=Decimal(9))
    >>> row.difference
    Decimal('0.40')
    """

    name: str
    path: str
    group: str
    weight: Decimal
    score: Decimal
    printed_weight: Decimal | None = None
    printed_score: Decimal | None = None
    target: Target | Money | None = None
    actual: Actual | Money | None = None
    formula: Formula = Formula.NONE
    status: Status = Status.SCORED
    note: str = ""

    @property
    def difference(self) -> Decimal | None:
        """The printed score minus the computed one; ``None`` if none was printed."""
        if self.printed_score is None:
            return None
        return EXACT.subtract(self.printed_score, self.score)


def _slot(name: str) -> Callable[[Component, Any], None]:
    setter: Callable[[Component, Any], None] = Component.__dict__[name].__set__
    return setter


_set_name, _set_path, _set_group = _slot("name"), _slot("path"), _slot("group")
_set_weight, _set_score = _slot("weight"), _slot("score")
_set_printed_weight, _set_printed_score = _slot("printed_weight"), _slot("printed_score")
_set_target, _set_actual = _slot("target"), _slot("actual")
_set_formula, _set_status, _set_note = _slot("formula"), _slot("status"), _slot("note")


def _indicator_component(
    indicator: Indicator,
    path: str,
    group: str,
    *,
    weight: Decimal,
    score: Decimal,
    formula: Formula,
    status: Status,
    note: str,
) -> Component:
    """The Component of an indicator, as ``Component(name=indicator.name, …)`` builds it.

    Component has no converters, validators or defaults to compute, so its
    constructor only stores each value in its slot; this stores them directly,
    without binding a dozen keyword arguments for each of a report's rows.
    """
    component: Component = _new(Component)
    _set_name(component, indicator.name)
    _set_path(component, path)
    _set_group(component, group)
    _set_weight(component, weight)
    _set_score(component, score)
    _set_printed_weight(component, indicator.weight)
    _set_printed_score(component, indicator.score)
    _set_target(component, indicator.target)
    _set_actual(component, indicator.actual)
    _set_formula(component, formula)
    _set_status(component, status)
    _set_note(component, note)
    return component


@attrs.frozen(kw_only=True)
class ScoreCard:
    """A project's self-evaluation as the method scores it, beside what was printed.

    Attributes:
        project_id: The project's id.
        project_name: The project's name.
        policy: The policy used.
        components: The execution rate (unless the policy and the report give it no
            weight), then every indicator in the report's order.
        weight_total: The weights counted (not-applicable rows are not).
        total: Σ scores × 100 / *weight_total*, rounded half up to 0.01: the sum of
            the scores when the weights add up to 100.
        grade: The grade of *total*.
        printed_total: The project's total as printed (总分), if any.
        printed_grade: The project's grade as printed, if any.
        notes: Remarks on the card as a whole (rescaling, rows not scored).
        layout: Where the weights came from: ``"policy"`` (the printed 分值 and the
            policy's groups), ``"score_groups"`` (the printed 分值 and the project's
            printed score groups) or ``"whole"`` (no row printed a 分值 and there are
            no score groups: the indicators together carry what the execution row
            leaves of 100).
        whole: Whether no row printed a 分值: each group is then scored as a whole,
            and its rows' weights are equal shares shown for display only.
    """

    project_id: str
    project_name: str
    policy: Policy
    components: tuple[Component, ...]
    weight_total: Decimal
    total: Decimal
    grade: Grade
    printed_total: Decimal | None = None
    printed_grade: Grade | None = None
    notes: tuple[str, ...] = ()
    layout: Literal["policy", "score_groups", "whole"] = "policy"
    whole: bool = False

    @property
    def taken_as_printed(self) -> int:
        """How many rows the method could not score and took as printed."""
        return sum(1 for c in self.components if c.status is Status.TAKEN_AS_PRINTED)

    @property
    def complete(self) -> bool:
        """Whether every component that counts has a score, computed or taken as printed."""
        return all(c.status is not Status.NOT_SCORABLE for c in self.components)

    def differences(self) -> tuple[Component, ...]:
        """The components whose printed score differs from the computed one.

        A difference is more than the policy's tolerance (0.01); rows without a
        printed score are never differences, nor, when the card is scored as a
        :attr:`whole`, the indicators (their weights are unknown, their shares shown
        for display only).

        >>> from perfeval import examples
        >>> from perfeval.scoring import score
        >>> card = score(examples.load("tangxi-2022").projects[0])
        >>> [(c.name, c.difference) for c in card.differences()]
        [('预算执行率', Decimal('-10.00'))]
        """
        return _differing(self.components, self.policy, whole=self.whole)

    def component(self, path: str) -> Component:
        """The component at *path* (``/budget_execution``, ``/indicators/3``).

        Raises:
            KeyError: No component has that path.

        >>> from perfeval import examples
        >>> from perfeval.scoring import score
        >>> score(examples.load("qingshen-2023").projects[0]).component("/indicators/1").status
        <Status.NOT_SCORABLE: 'not_scorable'>
        >>> score(examples.load("qingshen-2023").projects[0]).component("/indicators/9")
        Traceback (most recent call last):
        ...
        KeyError: '/indicators/9'
        """
        for candidate in self.components:
            if candidate.path == path:
                return candidate
        raise KeyError(path)

    def __str__(self) -> str:
        """A table of the components, the total and the notes."""
        return _table(self)


# -- scoring --------------------------------------------------------------------------------


def score(
    project: KeyProject,
    policy: Policy | None = None,
    *,
    not_applicable: Iterable[str] = (),
) -> ScoreCard:
    """Score a project's self-evaluation by the layout it printed, or by *policy*.

    The budget execution rate comes first, then each indicator; ``docs/scoring.md``
    gives every rule. The weights are the printed 分值 of each row; what a row does
    not print comes from the project's printed score groups (分值 headings such as
    ``年度绩效目标（80分）``) unless *policy* is given, else from the policy's groups.
    When no row prints a 分值, each group is scored as a whole. Nothing in a valid
    project makes this raise: a row whose result cannot be compared with its
    target is taken as printed when it printed a score, and is *not scorable*
    (counting 0) otherwise, with the reason in its note.

    Args:
        project: The project, as the report printed it.
        policy: The method. ``None`` (the default) follows the project's printed
            score groups when it has any, and :data:`DEFAULT_POLICY` otherwise
            (the national rules, for everything the layout does not say). A policy
            given explicitly wins over the printed score groups.
        not_applicable: Paths of indicators (``"/indicators/3"``) that do not apply
            to this project: they are dropped and the total is rescaled to 100.
            Indicators whose printed target or actual is one of the policy's
            :attr:`~Policy.not_applicable_texts` (不适用) are dropped too.

    Returns:
        The :class:`ScoreCard`.

    Raises:
        TypeError: *project* is not a :class:`~perfeval.model.KeyProject` or
            *policy* not a :class:`Policy`.
        ValueError: A path in *not_applicable* names no indicator of the project.

    >>> from perfeval import examples
    >>> from perfeval.scoring import POLICIES, score
    >>> project = examples.load("qingshen-2023").projects[0]
    >>> card = score(project, POLICIES["sichuan"])
    >>> for c in card.components:
    ...     print(c.path, c.weight, c.score, c.status.value)
    /budget_execution 10 10.00 scored
    /indicators/0 60 0.00 not_scorable
    /indicators/1 30 0.00 not_scorable
    >>> card.total, card.grade.label
    (Decimal('10.00'), '差')
    >>> score(project, not_applicable=["/indicators/2"])
    Traceback (most recent call last):
    ...
    ValueError: not_applicable names /indicators/2, but the project has indicators /indicators/0 ...
    """
    _require(project, KeyProject, "project must be a KeyProject")
    if policy is not None:
        _require(policy, Policy, "policy must be a Policy such as POLICIES['national']")
    dropped = _dropped_indices(project, not_applicable)
    used = DEFAULT_POLICY if policy is None else policy
    layout = _layout(project, used, explicit=policy is not None)
    components: list[Component] = []
    wholes: list[_Whole] = []
    execution = _execution(project, used, layout)
    if execution is not None:
        components.append(execution)
    if layout.whole:
        rows, wholes, _ = _whole_rows(project, used, layout, dropped)
        components.extend(rows)
    else:
        weights = _indicator_weights(project.indicators, layout)
        for index, (indicator, weight) in enumerate(zip(project.indicators, weights, strict=True)):
            components.append(
                _indicator(project, indicator, index, weight, used, dropped=index in dropped)
            )
    return _card(project, used, layout, tuple(components), wholes)


def _require(value: object, cls: type, what: str) -> None:
    if not isinstance(value, cls):
        msg = f"{what}, not {type(value).__name__}"
        raise TypeError(msg)


def _dropped_indices(project: KeyProject, paths: Iterable[str]) -> frozenset[int]:
    if isinstance(paths, str):
        paths = (paths,)
    paths = tuple(paths)
    if not paths:
        return frozenset()
    count = len(project.indicators)
    valid = {f"/indicators/{index}": index for index in range(count)}
    found: set[int] = set()
    for path in paths:
        if path not in valid:
            have = (
                f"indicators /indicators/0 to /indicators/{count - 1} only"
                if count
                else "no indicators"
            )
            msg = f"not_applicable names {path}, but the project has {have}"
            raise ValueError(msg)
        found.add(valid[path])
    return frozenset(found)


# -- the layout: where the weights come from -----------------------------------------------


class _Group(NamedTuple):
    """A weight group of the layout: a policy's group or a printed score group."""

    name: str
    weight: Decimal | None
    parent: int | None
    covers: Callable[[Indicator], bool]


class _Layout(NamedTuple):
    kind: Literal["policy", "score_groups", "whole"]
    #: The execution row's weight when it prints none; ``None``: no row unless printed.
    execution_weight: Decimal | None
    groups: tuple[_Group, ...]  # outer groups before the groups nested in them
    whole: bool  # no row prints a 分值: every group is scored as a whole


def _prints_weights(project: KeyProject) -> bool:
    return any(indicator.weight is not None for indicator in project.indicators)


def _has_execution_indicator(project: KeyProject) -> bool:
    return any(i.metric is IndicatorMetric.EXECUTION_RATE for i in project.indicators)


def _layout(project: KeyProject, policy: Policy, *, explicit: bool) -> _Layout:
    whole = bool(project.indicators) and not _prints_weights(project)
    if project.score_groups and not explicit:
        execution: Decimal | None = None
        groups: list[_Group] = []
        for group in project.score_groups:
            if group.covers is GroupScope.EXECUTION:
                execution = group.weight
            else:
                _flatten(group, None, groups)
        return _Layout("score_groups", execution, tuple(groups), whole)
    execution = policy.execution_weight
    if whole and not explicit:
        # No 分值 printed and no layout given: the indicators together carry what the
        # execution row leaves of 100.
        printed = project.budget_execution.weight if project.budget_execution else None
        left = _HUNDRED
        if not _has_execution_indicator(project):
            left -= _f(printed if printed is not None else execution)
        weight = _round(max(left, _ZERO))
        return _Layout("whole", execution, (_Group("绩效指标", weight, None, _everything),), whole)
    groups = [_Group(g.name, g.weight, None, _in_levels(g.levels)) for g in policy.groups]
    return _Layout("policy", execution, tuple(groups), whole)


def _everything(_: Indicator) -> bool:
    return True


def _in_levels(levels: frozenset[IndicatorLevel1]) -> Callable[[Indicator], bool]:
    return lambda indicator: indicator.level1 in levels


def _flatten(group: ScoreGroup, parent: int | None, into: list[_Group]) -> None:
    into.append(_Group(group.label, group.weight, parent, _covers(group)))
    index = len(into) - 1
    for inner in group.groups:
        if inner.covers is not GroupScope.EXECUTION:
            _flatten(inner, index, into)


def _covers(group: ScoreGroup) -> Callable[[Indicator], bool]:
    label = group.label.strip()
    if group.covers is GroupScope.ALL:
        return _everything
    if group.covers is GroupScope.LEVEL1:
        if group.level1 is not None:
            wanted = group.level1
            return lambda indicator: indicator.level1 is wanted
        return lambda indicator: (indicator.level1_label or "").strip() == label
    level1, level2 = group.level1, group.level2
    if level2 is not None and level2 is not IndicatorLevel2.OTHER:
        return lambda indicator: (
            indicator.level2 is level2 and (level1 is None or indicator.level1 is level1)
        )
    return lambda indicator: (
        (indicator.level2_label or "").strip() == label
        and (level1 is None or indicator.level1 is level1)
    )


class GroupLayout(NamedTuple):
    """Printed score groups flattened: each group and the rows it holds directly."""

    #: (label, weight, index of the enclosing group) of each group, outer first.
    groups: tuple[tuple[str, Decimal | None, int | None], ...]
    #: The index of each indicator's innermost group, ``None`` if none covers it.
    members: tuple[int | None, ...]


def group_layout(
    score_groups: tuple[ScoreGroup, ...], indicators: tuple[Indicator, ...]
) -> GroupLayout:
    """Which printed score group holds each indicator (execution groups left out)."""
    flat: list[_Group] = []
    for group in score_groups:
        if group.covers is not GroupScope.EXECUTION:
            _flatten(group, None, flat)
    groups = tuple(flat)
    return GroupLayout(
        tuple((g.name, g.weight, g.parent) for g in groups),
        tuple(_group_of(indicator, groups) for indicator in indicators),
    )


def _group_of(indicator: Indicator, groups: tuple[_Group, ...]) -> int | None:
    """The innermost group that covers *indicator*."""
    found: int | None = None
    for index, group in enumerate(groups):
        if group.covers(indicator) and (found is None or group.parent == found):
            found = index
    return found


# -- the execution rate ---------------------------------------------------------------------


def _rate(expenditure: Money, budget: Money) -> _Q:
    """*expenditure* / *budget* (not 0), both in 元, divided once on their integer terms."""
    spent_top, spent_bottom = expenditure.amount.as_integer_ratio()
    budget_top, budget_bottom = budget.amount.as_integer_ratio()
    numerator, denominator = spent_top * budget_bottom, spent_bottom * budget_top
    shift = expenditure.unit.exponent - budget.unit.exponent  # 10**shift between the units
    if shift >= 0:
        numerator *= 10**shift
    else:
        denominator *= 10**-shift
    return _ratio(numerator, denominator)


def _add(left: Money, right: Money) -> Money:
    return left + right


class _Amounts(NamedTuple):
    budget: Money
    expenditure: Money
    source: str


def _execution_amounts(project: KeyProject) -> _Amounts | str:
    """The budget and expenditure to compute the rate from, or why there are none."""
    totals = project.totals
    zero_total = False
    if totals is not None and totals.budget is not None and totals.expenditure is not None:
        if totals.budget.currency != totals.expenditure.currency:
            return "the printed totals mix currencies"
        if not totals.budget.is_zero():
            return _Amounts(totals.budget, totals.expenditure, "the printed totals")
        zero_total = True
    lines = project.budget_lines
    if not lines:
        return "no budget was printed (no totals, no budget lines)"
    if len({line.budget.currency for line in lines}) > 1:
        return "the budget lines mix currencies"
    spent = [line.expenditure for line in lines if line.expenditure is not None]
    if len(spent) < len(lines):
        return "a budget line has no expenditure (全年执行数)"
    if any(money.currency != lines[0].budget.currency for money in spent):
        return "the budget lines mix currencies"
    budget = functools.reduce(_add, (line.budget for line in lines))
    if budget.is_zero():
        return "the budget printed is 0 (totals and budget lines)"
    source = "the budget line" if len(lines) == 1 else f"the sum of the {len(lines)} budget lines"
    if zero_total:
        source += "; the printed total budget is 0"
    return _Amounts(budget, functools.reduce(_add, spent), source)


def _execution(project: KeyProject, policy: Policy, layout: _Layout) -> Component | None:
    printed = project.budget_execution
    printed_weight = printed.weight if printed is not None else None
    printed_score = printed.score if printed is not None else None
    printed_rate = printed.rate if printed is not None else None
    if printed_weight is None:
        if _has_execution_indicator(project) or layout.execution_weight is None:
            return None  # scored as an indicator, or the layout gives it no row
        if _f(layout.execution_weight) == 0:
            return None  # the layout and the report give the execution rate no weight
    base: dict[str, Any] = {
        "name": _EXECUTION_NAME,
        "path": _EXECUTION_PATH,
        "group": _EXECUTION_GROUP,
        "printed_weight": printed_weight,
        "printed_score": printed_score,
    }
    weight = layout.execution_weight if printed_weight is None else printed_weight
    assert weight is not None  # noqa: S101 - returned above when neither is known
    if _f(weight) < 0:
        note = f"the printed weight {decimal_text(weight)} is negative: it cannot be used"
        return _unscored(base, Decimal(0), note)
    amounts = _execution_amounts(project)
    result = _rate_result(amounts, printed_rate, _f(weight), policy)
    if result.points is None:
        return _unscored(base, weight, result.note + ", and no execution rate was printed")
    if isinstance(amounts, _Amounts):
        base["target"], base["actual"] = amounts.budget, amounts.expenditure
    return Component(
        **base,
        weight=weight,
        score=_points(result.points, weight),
        formula=Formula.EXECUTION,
        note=result.note,
    )


def _rate_result(
    amounts: _Amounts | str, printed_rate: Decimal | None, weight: _Q, policy: Policy
) -> _Result:
    """The execution rate's score: min(rate, 1) × weight, with the arithmetic in words.

    *amounts* are the project's :func:`_execution_amounts`, or why it has none.
    """
    if isinstance(amounts, _Amounts):
        ratio = _rate(amounts.expenditure, amounts.budget)
        how = f"{amounts.expenditure} / {amounts.budget}, from {amounts.source}"
    elif printed_rate is not None:
        ratio = _f(printed_rate) / _HUNDRED
        how = f"the printed rate; no amounts to compute it from: {amounts}"
    else:
        return _Result(Formula.NONE, None, amounts)
    share = min(max(ratio, _ZERO), _ONE)
    points = share * weight
    arithmetic = f"{_exact(weight)} × {_exact_percent(share)} = {_exact(points)}"
    parts = [f"执行率 {_percent(ratio)} ({how}): {arithmetic}"]
    if printed_rate is not None and _rate_differs(printed_rate, ratio):
        parts.append(f"the printed rate {decimal_text(printed_rate)} % differs")
    if ratio > 1:
        parts.append("above 100 %: the rate counts as 100 %")
    elif ratio < _f(policy.execution_expected):
        parts.append(f"below {_share(_f(policy.execution_expected))}: a reason is expected")
    return _Result(Formula.EXECUTION, points, "; ".join(parts))


def _rate_differs(printed: Decimal, ratio: _Q) -> bool:
    """Whether *printed* (in percent) is not *ratio* rounded to the places printed."""
    exponent = printed.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    # Both round to the same places, so their digits differ exactly when their units do.
    return _units(ratio * _HUNDRED, places) != _units(_f(printed), places)


def _points(value: _Q, weight: Decimal) -> Decimal:
    """*value* (0 to *weight*) rounded half up to 0.01, never above *weight*."""
    units = _units(value)
    numerator, denominator = weight.as_integer_ratio()
    if units * denominator > numerator * 100:  # a weight with more than two decimals
        return _round_down(value)
    return _decimal(units, 2)


def _unscored(
    base: dict[str, Any], weight: Decimal, note: str, formula: Formula = Formula.NONE
) -> Component:
    """A row the method cannot score: taken as printed if it printed a score."""
    printed: Decimal | None = base["printed_score"]
    if printed is None:
        return Component(
            **base, weight=weight, score=Decimal("0.00"), status=Status.NOT_SCORABLE, note=note
        )
    value = min(max(_f(printed), _ZERO), _f(weight))
    taken = _points(value, weight)
    how = f"taken as printed: {decimal_text(printed)}"
    if value != _f(printed):
        how += f", counted as {decimal_text(taken)} (0 to the weight {decimal_text(weight)})"
    return Component(
        **base,
        weight=weight,
        score=taken,
        formula=formula,
        status=Status.TAKEN_AS_PRINTED,
        note=f"{note}; {how}",
    )


# -- weights ----------------------------------------------------------------------------------


_PRINTED: Final = "the printed weight"


class _Weight(NamedTuple):
    value: Decimal
    group: str
    origin: str
    problem: str | None = None


def _split(amount: _Q, count: int) -> list[Decimal]:
    """*amount* in *count* shares of 0.01, the first ones a cent more (largest remainder)."""
    return [_decimal(cents, 2) for cents in _split_cents(amount, count)]


def _split_cents(amount: _Q, count: int) -> list[int]:
    """The shares of :func:`_split` in cents."""
    base, extra = divmod(_round_int(amount * _HUNDRED), count)
    return [base + 1] * extra + [base] * (count - extra)


def _fixed_points(
    groups: tuple[_Group, ...], indicators: tuple[Indicator, ...], members: list[int | None]
) -> list[_Q]:
    """Per group: the points taken by printed weights of its own rows and by its subgroups.

    *members* are the indicators' groups (:func:`_group_of`).
    """
    own = [_ZERO] * len(groups)
    for indicator, member in zip(indicators, members, strict=True):
        if member is not None and indicator.weight is not None and indicator.weight >= 0:
            own[member] += _f(indicator.weight)
    taken = list(own)
    for index in reversed(range(len(groups))):  # inner groups come after their parents
        parent = groups[index].parent
        if parent is not None:
            weight = groups[index].weight
            taken[parent] += _f(weight) if weight is not None else taken[index]
    return taken


def _indicator_weights(indicators: tuple[Indicator, ...], layout: _Layout) -> list[_Weight]:
    groups = layout.groups
    members = [_group_of(indicator, groups) for indicator in indicators]
    fixed = _fixed_points(groups, indicators, members)
    weights: list[_Weight | None] = [None] * len(indicators)
    unprinted: dict[int, list[int]] = {}
    for index, (indicator, member) in enumerate(zip(indicators, members, strict=True)):
        name = groups[member].name if member is not None else indicator.level1.label
        if indicator.weight is not None:
            if _f(indicator.weight) < 0:
                problem = (
                    f"the printed weight {decimal_text(indicator.weight)} is negative:"
                    " it cannot be used"
                )
                weights[index] = _Weight(Decimal(0), name, "", problem)
            else:
                weights[index] = _Weight(indicator.weight, name, _PRINTED)
        elif member is None or groups[member].weight is None:
            weights[index] = _Weight(Decimal(0), name, "", _no_weight(indicator, name, member))
        else:
            unprinted.setdefault(member, []).append(index)
    for member, indices in unprinted.items():
        group = groups[member]
        assert group.weight is not None  # noqa: S101 - only groups with a weight share
        left = max(_f(group.weight) - fixed[member], _ZERO)
        origin = f"an equal share of the {_text(left)} points of {group.name}"
        if fixed[member]:
            origin += " that the printed weights leave"
        for index, share in zip(indices, _split(left, len(indices)), strict=True):
            weights[index] = _Weight(share, group.name, origin)
    return [weight for weight in weights if weight is not None]


def _no_weight(indicator: Indicator, name: str, member: int | None) -> str:
    if member is None:
        return (
            f"no weight was printed and the layout gives {indicator.level1.label} indicators none"
        )
    return f"no weight was printed and the group {name} prints none"


class _Whole(NamedTuple):
    """A group scored as a whole: its weight and its exact points."""

    weight: _Q
    points: _Q


class _Tally(NamedTuple):
    """What a whole layout's rows add to a card: their weights, and whether all scored."""

    weights: list[Decimal]  # the weight shown on each row that counts
    complete: bool  # no row that counts is not scorable


def _whole_rows(
    project: KeyProject,
    policy: Policy,
    layout: _Layout,
    dropped: frozenset[int],
    *,
    build: bool = True,
) -> tuple[list[Component], list[_Whole], _Tally]:
    """Score each group as a whole when no row prints a weight.

    A row taken as printed keeps its printed points; the rest of the group's weight
    is shared equally among the other rows, for display, and the group earns that
    rest times the mean of their shares of it. Without *build* no component is made
    (the list is empty): the groups' points and the tally are the same.
    """
    indicators, groups = project.indicators, layout.groups
    members = [_group_of(indicator, groups) for indicator in indicators]
    fixed = _fixed_points(groups, indicators, members)
    rows_of: dict[int | None, list[int]] = {}
    for index, member in enumerate(members):
        rows_of.setdefault(member, []).append(index)
    components: dict[int, Component] | None = {} if build else None
    wholes: list[_Whole] = []
    weights: list[Decimal] = []
    complete = True
    for member, indices in rows_of.items():
        group = groups[member] if member is not None else None
        if member is None or group is None or group.weight is None:
            scored = _unweighted_rows(
                project,
                policy,
                (member, group),
                indices,
                dropped=dropped,
                weights=weights,
                into=components,
            )
            complete = complete and scored
            continue
        total = max(_f(group.weight) - fixed[member], _ZERO)
        counted = [i for i in indices if i not in dropped and _applies(indicators[i], policy)]
        if components is not None:
            for index in indices:
                if index not in counted:
                    weight = _Weight(Decimal(0), group.name, "")
                    components[index] = _indicator(
                        project, indicators[index], index, weight, policy, dropped=index in dropped
                    )
        assessed = {i: _assess(project, indicators[i], _ONE, policy, whole=True) for i in counted}
        taken = [
            i for i in counted if assessed[i].points is None and indicators[i].score is not None
        ]
        taken_points = sum(
            (min(max(_f(indicators[i].score or Decimal(0)), _ZERO), total) for i in taken), _ZERO
        )
        taken_points = min(taken_points, total)
        rest = [i for i in counted if i not in taken]
        left = total - taken_points
        points = taken_points
        if rest:
            cents = _split_cents(left, len(rest))
            weights.extend(_decimal(share, 2) for share in cents)
            results = {index: assessed[index] for index in rest}
            complete = complete and all(result.points is not None for result in results.values())
            points += _shared_rows(
                indicators, group.name, left, results, cents=cents, into=components
            )
        for index in taken:
            ind = indicators[index]
            shown = _points(min(max(_f(ind.score or Decimal(0)), _ZERO), total), Decimal(100))
            weights.append(shown)
            if components is not None:
                base = _base(ind, index, _Weight(Decimal(0), group.name, ""))
                note = f"{assessed[index].note}; weight unknown (no 分值 printed): taken as printed"
                components[index] = Component(
                    **base, weight=shown, score=shown, status=Status.TAKEN_AS_PRINTED, note=note
                )
        if counted:
            wholes.append(_Whole(total, points))
    rows = [components[index] for index in range(len(indicators))] if components else []
    return rows, wholes, _Tally(weights, complete)


# -- indicators ---------------------------------------------------------------------------------

_PERCENT_UNITS: Final = {"%": "%", "％": "%", "百分比": "%"}
_MONEY_EXPONENTS: Final = {unit.label: unit.exponent for unit in MoneyUnit}
_COST_LEVELS: Final = frozenset(
    {
        IndicatorLevel2.COST,
        IndicatorLevel2.ECONOMIC_COST,
        IndicatorLevel2.SOCIAL_COST,
        IndicatorLevel2.ECOLOGICAL_COST,
    }
)


class _Result(NamedTuple):
    formula: Formula
    points: _Q | None  # None: not scorable
    note: str


def _base(indicator: Indicator, index: int, weight: _Weight) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "path": f"/indicators/{index}",
        "group": weight.group,
        "printed_weight": indicator.weight,
        "printed_score": indicator.score,
        "target": indicator.target,
        "actual": indicator.actual,
    }


def _applies(indicator: Indicator, policy: Policy) -> bool:
    return _marked_not_applicable(indicator, policy) is None


def _indicator(
    project: KeyProject,
    indicator: Indicator,
    index: int,
    weight: _Weight,
    policy: Policy,
    *,
    dropped: bool,
) -> Component:
    base = _base(indicator, index, weight)
    marked = _marked_not_applicable(indicator, policy)
    if dropped or marked is not None:
        why = "named not applicable by the caller" if dropped else f"printed {marked}"
        return Component(
            **base,
            weight=weight.value,
            score=Decimal("0.00"),
            status=Status.NOT_APPLICABLE,
            note=f"not applicable ({why}): dropped, the total is rescaled",
        )
    if weight.problem is not None:
        return _unscored(base, weight.value, weight.problem)
    result = _assess(project, indicator, _f(weight.value), policy)
    origin = ""
    if weight.origin != _PRINTED:
        origin = f"weight {decimal_text(weight.value)}: {weight.origin}; "
    if result.points is None:
        return _unscored(base, weight.value, origin + result.note)
    return Component(
        **base,
        weight=weight.value,
        score=_points(result.points, weight.value),
        formula=result.formula,
        note=origin + result.note,
    )


def _unweighted_rows(
    project: KeyProject,
    policy: Policy,
    group: tuple[int | None, _Group | None],
    indices: list[int],
    *,
    dropped: frozenset[int],
    weights: list[Decimal],
    into: dict[int, Component] | None,
) -> bool:
    """The rows *indices* of a *group* (its index and itself) that carries no weight.

    Each row that counts adds a weight of 0 to *weights*, and goes *into* the
    components (unless ``None``); whether every such row printed a score (taken as
    printed, else it is not scorable).
    """
    member, layout_group = group
    name = layout_group.name if layout_group is not None else ""
    complete = True
    for index in indices:
        ind = project.indicators[index]
        if index not in dropped and _applies(ind, policy):
            weights.append(Decimal(0))
            complete = complete and ind.score is not None
        if into is not None:
            group_name = name or ind.level1.label
            problem = _no_weight(ind, group_name, member)
            weight = _Weight(Decimal(0), group_name, "", problem)
            into[index] = _indicator(project, ind, index, weight, policy, dropped=index in dropped)
    return complete


def _shared_rows(
    indicators: tuple[Indicator, ...],
    group: str,
    left: _Q,
    results: dict[int, _Result],
    *,
    cents: list[int],
    into: dict[int, Component] | None,
) -> _Q:
    """The rows of *results* sharing the *left* points of *group*, and what they earn.

    Each row (an index into *indicators*) shows an equal share of the points, its
    *cents*, for display, and goes *into* the components (unless *into* is
    ``None``); together they earn *left* × the mean of their *results*, each a
    share of its weight (0 to 1).
    """
    # Σ results, over a common denominator, reduced once at the end.
    earned, common = 0, 1
    for result in results.values():
        share = result.points
        if share is not None:
            earned = earned * share.denominator + share.numerator * common
            common *= share.denominator
    if into is not None:
        origin = (
            f"no row prints a 分值: an equal share of the {_text(left)} points of"
            f" {group}, for display; the group is scored as a whole"
        )
        # The shares take two values at most: each one's weight and note heading are
        # built once.
        headings: dict[int, tuple[Decimal, str]] = {}
        for (index, result), share_cents in zip(results.items(), cents, strict=True):
            shown = headings.get(share_cents)
            if shown is None:
                heading = f"weight {_units_text(share_cents, 2)}: {origin}; "
                shown = headings[share_cents] = (_decimal(share_cents, 2), heading)
            into[index] = _whole_component(
                indicators[index], index, group, cents=share_cents, shown=shown, result=result
            )
    return _ratio(earned, common) * left / len(results)


def _whole_component(
    indicator: Indicator,
    index: int,
    group: str,
    *,
    cents: int,
    shown: tuple[Decimal, str],
    result: _Result,
) -> Component:
    """A row of a group scored as a whole, its weight *cents* for display only.

    *result* is the row's share of its weight; *shown* is the weight as a Decimal
    and the heading that begins the note.
    """
    path = f"/indicators/{index}"
    weight, heading = shown
    share = result.points
    if share is None:
        return _indicator_component(
            indicator,
            path,
            group,
            weight=weight,
            score=_decimal(0, 2),
            formula=Formula.NONE,
            status=Status.NOT_SCORABLE,
            note=heading + result.note,
        )
    # _points(weight × share, weight) on integers, the weight being cents / 100: a
    # share is 0 to 1 (a whole group's rows are assessed with a weight of 1), so
    # the score never rounds above the weight.
    if share.denominator == 1:  # the full weight (or none): nothing to round
        score = weight if share.numerator == 1 else _decimal(cents * share.numerator, 2)
    else:
        score = _decimal(divide_half_up(cents * share.numerator, share.denominator), 2)
    return _indicator_component(
        indicator,
        path,
        group,
        weight=weight,
        score=score,
        formula=result.formula,
        status=Status.SCORED,
        note=heading + result.note,
    )


def _marked_not_applicable(indicator: Indicator, policy: Policy) -> str | None:
    for printed in (indicator.target, indicator.actual):
        if printed is not None and printed.text in policy.not_applicable_texts:
            return printed.text
    return None


def achievement(indicator: Indicator, policy: Policy | None = None) -> Achievement | None:
    """How a reviewer reads an indicator's result against its target, if it can be read.

    A result that restates its target (the same text) is met; so is one in which
    the policy's :attr:`~Policy.met_texts` appear (``2021年12月完成``,
    ``符合相关文件要求``), unless its :attr:`~Policy.partially_met_texts` or
    :attr:`~Policy.not_met_texts` do (``基本完成``, ``未完成``). Figures are
    compared as :func:`score` compares them: a figure that reaches its target is
    met, one short of it not met. ``None`` when the result says neither.

    >>> from perfeval import IndicatorLevel1
    >>> from perfeval.model import Indicator
    >>> from perfeval.quantity import parse_actual, parse_target
    >>> from perfeval.scoring import achievement
    >>> def row(target, actual):
    ...     return Indicator(level1=IndicatorLevel1.OUTPUT, name="完成时间",
    ...                      target=parse_target(target), actual=parse_actual(actual))
    >>> achievement(row("2021年12月完成", "2021年12月完成")).label
    '达成'
    >>> achievement(row("符合相关文件要求", "未完成")).label
    '未达成'
    >>> achievement(row("≤200万", "195.5万元")).label
    '达成'
    >>> achievement(row("≥50个", "45个")).label
    '未达成'
    >>> achievement(row("效果明显", "见附件")) is None
    True
    """
    _require(indicator, Indicator, "indicator must be an Indicator")
    chosen = DEFAULT_POLICY if policy is None else policy
    _require(chosen, Policy, "policy must be a Policy such as POLICIES['national']")
    target, actual = indicator.target, indicator.actual
    if actual is None:
        return None
    if target is not None and target.value is not None and actual.value is not None:
        compared = _compare(indicator, target, target.value, actual.value)
        if isinstance(compared, _Compared):
            return Achievement.ACHIEVED if compared.met else Achievement.NOT_ACHIEVED
    return _reading(target, actual, chosen)[0]


def _reading(
    target: Target | None, actual: Actual, policy: Policy
) -> tuple[Achievement | None, str]:
    """The achievement a result's words state, and why."""
    text = (actual.text or "").strip()
    if target is not None and target.text is not None and text and text == target.text.strip():
        return Achievement.ACHIEVED, f"the result {text} restates its target"
    if actual.achievement is not None:
        return actual.achievement, ""
    for words, level in (
        (policy.not_met_texts, Achievement.NOT_ACHIEVED),
        (policy.partially_met_texts, Achievement.PARTIALLY_ACHIEVED),
        (policy.met_texts, Achievement.ACHIEVED),
    ):
        for word in words:
            if word and word in text:
                return level, f"the result {text} reads as {level.label} ({word})"
    return None, ""


def _assess(
    project: KeyProject,
    indicator: Indicator,
    weight: _Q,
    policy: Policy,
    *,
    whole: bool = False,
) -> _Result:
    target, actual = indicator.target, indicator.actual
    if indicator.metric is IndicatorMetric.EXECUTION_RATE:
        printed_rate = (
            actual.value.value if actual and actual.value and _unit(actual.value) == "%" else None
        )
        result = _rate_result(_execution_amounts(project), printed_rate, weight, policy)
        if result.points is not None:
            return result
    if actual is None:
        return _Result(Formula.NONE, None, "no actual value (实际完成值) was printed")
    printed = None if whole else indicator.score
    if target is not None and target.value is not None and actual.value is not None:
        compared = _compare(indicator, target, target.value, actual.value)
        if isinstance(compared, _Compared):
            return _quantitative(compared, weight, policy)
        reading, why = _reading(target, actual, policy)
        if reading is None:
            return _Result(Formula.NONE, None, compared)
        return _qualitative(reading, why, printed, weight, policy)
    reading, why = _reading(target, actual, policy)
    if reading is not None:
        return _qualitative(reading, why, printed, weight, policy)
    if target is None:
        return _Result(Formula.NONE, None, "no target (年度指标值) was printed")
    what = actual.text if actual.text is not None else str(actual.value)
    if target.operator is Operator.QUALITATIVE:
        note = (
            f"the target is qualitative but the actual {what} states no achievement"
            " (达成, 部分达成 or 未达成) and does not restate the target"
        )
        return _Result(Formula.NONE, None, note)
    if target.value is None:
        return _Result(Formula.NONE, None, f"the target {target.text} states no value")
    return _Result(
        Formula.NONE,
        None,
        f"the actual {what} states neither a number nor an achievement (达成 …)",
    )


def _qualitative(
    achievement: Achievement, why: str, printed: Decimal | None, weight: _Q, policy: Policy
) -> _Result:
    band = policy.band(achievement)
    low, high = _f(band.low) * weight, _f(band.high) * weight
    shares = f"{_text(_f(band.low) * _HUNDRED)}–{_share(_f(band.high))}"
    name = f"{why}: {achievement.label}," if why else f"{achievement.label}:"
    if printed is None:
        note = f"{name} the top of its band {shares} of the weight"
        return _Result(Formula.QUALITATIVE, high, note)
    value = _f(printed)
    if low <= value <= high:
        note = f"{name} the printed {decimal_text(printed)} is within its band {shares}"
        return _Result(Formula.QUALITATIVE, value, note)
    bound = low if value < low else high
    note = (
        f"{name} the printed {decimal_text(printed)} is outside its band {shares}"
        f" ({_text(low)} to {_text(high)}): scored at the nearest bound"
    )
    return _Result(Formula.QUALITATIVE, bound, note)


def _unit(quantity: Quantity) -> str | None:
    unit = quantity.unit
    return _PERCENT_UNITS.get(unit, unit) if unit is not None else None


def _multiplied(printed: Target | Actual, value: Quantity) -> bool:
    """Whether a bare figure was written with 万 or 亿 (``200万``): then it is in 元."""
    text = printed.text if printed.text is not None else str(value)
    return "万" in text or "亿" in text


def is_cost(indicator: Indicator) -> bool:
    """Whether *indicator* is a 成本 row (its level 1 or level 2 is a cost).

    A 成本 row whose target prints no operator states a ceiling (``200万``).

    >>> from perfeval import IndicatorLevel1, IndicatorLevel2
    >>> from perfeval.model import Indicator
    >>> from perfeval.scoring import is_cost
    >>> is_cost(Indicator(level1=IndicatorLevel1.OUTPUT, level2=IndicatorLevel2.COST,
    ...                   name="运行维护费"))
    True
    >>> is_cost(Indicator(level1=IndicatorLevel1.OUTPUT, name="培训人次"))
    False
    """
    return indicator.level1 is IndicatorLevel1.COST or indicator.level2 in _COST_LEVELS


#: A rational number as its terms: (numerator, denominator), in lowest terms with a
#: positive denominator, as ``Decimal.as_integer_ratio`` gives them.
_Terms = tuple[int, int]


def _scaled(terms: _Terms, exponent: int) -> _Terms:
    """``terms × 10**exponent``, in lowest terms."""
    numerator, denominator = terms
    if exponent >= 0:
        numerator *= 10**exponent
    else:
        denominator *= 10**-exponent
    divisor = gcd(numerator, denominator)
    return numerator // divisor, denominator // divisor


def _in_wan(terms: _Terms) -> str:
    """A number of 元, written exactly in 万元."""
    return _exact(_ratio(terms[0], terms[1] * 10**4))


class _Compared(NamedTuple):
    operator: Operator | None
    wanted: _Terms
    got: _Terms
    shown: str
    met: bool


def _compare(
    indicator: Indicator, target: Target, target_value: Quantity, actual_value: Quantity
) -> _Compared | str:
    """The target and the actual in one unit, or why they cannot be compared."""
    actual = indicator.actual
    assert actual is not None  # noqa: S101 - called with an actual value
    wanted = target_value.value.as_integer_ratio()
    got = actual_value.value.as_integer_ratio()
    target_unit, actual_unit = _unit(target_value), _unit(actual_value)
    shown = f"{actual_value} against {_target_text(target, target_value)}"
    if target_unit != actual_unit:
        target_exponent = _MONEY_EXPONENTS.get(target_unit or "")
        actual_exponent = _MONEY_EXPONENTS.get(actual_unit or "")
        if target_exponent is not None and actual_exponent is not None:
            wanted = _scaled(wanted, target_exponent)
            got = _scaled(got, actual_exponent)
            shown += " (both in 元)"
        elif (
            target_unit is None
            and actual_exponent is not None
            and _multiplied(target, target_value)
        ):
            got = _scaled(got, actual_exponent)
            shown += f" (the target read as {_in_wan(wanted)}万元)"
        elif (
            actual_unit is None
            and target_exponent is not None
            and _multiplied(actual, actual_value)
        ):
            wanted = _scaled(wanted, target_exponent)
            shown += f" (the actual read as {_in_wan(got)}万元)"
        elif target_unit is not None and actual_unit is not None:
            return (
                f"the units differ: the target is in {target_unit}, the actual in"
                f" {actual_unit}; they cannot be compared"
            )
        # else a bare figure is read in the other's unit (``100`` against ``100%``)
    operator = target.operator
    if operator is None and is_cost(indicator):
        operator = Operator.LE
        shown += " (a 成本 row: a ceiling)"
    # Both over the product of the denominators (positive): compare the numerators.
    over_got, over_wanted = got[0] * wanted[1], wanted[0] * got[1]
    if operator in (Operator.LE, Operator.LT):
        met = over_got <= over_wanted
    elif operator is Operator.EQ and wanted[0] == 0:
        met = got[0] <= 0
    else:
        met = over_got >= over_wanted
    return _Compared(operator, wanted, got, shown, met)


def _quantitative(compared: _Compared, weight: _Q, policy: Policy) -> _Result:
    op, wanted, got, shown = compared.operator, compared.wanted, compared.got, compared.shown
    if op in (Operator.LE, Operator.LT):
        return _negative(wanted, got, weight, policy.negative_formula, shown)
    if op is Operator.EQ and wanted[0] == 0:
        return _threshold(met=compared.met, weight=weight, shown=shown)
    result = _positive(wanted, got, weight, shown)
    ceiling = policy.overachievement
    if ceiling is not None and wanted[0] > 0 and _at_least(got, ceiling, wanted):
        note = (
            f"{result.note}; the actual is {_share(_ratio(got[0] * wanted[1], got[1] * wanted[0]))}"
            " of the target"
            f" (≥ {_share(_f(ceiling))}): an explanation is expected, the score is not reduced"
        )
        return result._replace(note=note)
    return result


def _at_least(got: _Terms, ceiling: Decimal, wanted: _Terms) -> bool:
    """``got >= ceiling × wanted``, compared on integers (denominators are positive)."""
    top, bottom = ceiling.as_integer_ratio()
    return got[0] * bottom * wanted[1] >= top * wanted[0] * got[1]


def _target_text(target: Target, value: Quantity) -> str:
    if target.text is not None:
        return target.text
    return (target.operator.value if target.operator is not None else "") + str(value)


def _threshold(*, met: bool, weight: _Q, shown: str) -> _Result:
    if met:
        return _Result(Formula.THRESHOLD, weight, f"{shown}: met, the full weight")
    note = f"{shown}: not met, and a target of 0 or less has no proportion: 0"
    return _Result(Formula.THRESHOLD, _ZERO, note)


def _positive(wanted: _Terms, got: _Terms, weight: _Q, shown: str) -> _Result:
    # got / wanted is over_got / over_wanted (their denominators are positive).
    over_got, over_wanted = got[0] * wanted[1], wanted[0] * got[1]
    if wanted[0] <= 0:
        return _threshold(met=over_got >= over_wanted, weight=weight, shown=shown)
    if over_got >= over_wanted:
        return _Result(Formula.POSITIVE, weight, f"{shown}: met, the full weight")
    # (got / wanted) × weight, reduced once.
    points = (
        _ratio(over_got * weight.numerator, over_wanted * weight.denominator)
        if over_got > 0
        else _ZERO
    )
    ratio = f"{_exact_terms(*got)} / {_exact_terms(*wanted)}"
    if got[0] < 0:
        ratio = f"max({ratio}, 0)"
    note = f"{shown}: {_exact(weight)} × {ratio} = {_exact(points)}"
    return _Result(Formula.POSITIVE, points, note)


def _negative(
    wanted: _Terms, got: _Terms, weight: _Q, formula: NegativeFormula, shown: str
) -> _Result:
    over_got, over_wanted = got[0] * wanted[1], wanted[0] * got[1]
    if wanted[0] <= 0:
        return _threshold(met=over_got <= over_wanted, weight=weight, shown=shown)
    kind = Formula.NEGATIVE_RATIO if formula == "ratio" else Formula.NEGATIVE_LINEAR
    if over_got <= over_wanted:
        return _Result(kind, weight, f"{shown}: met, the full weight")
    wanted_text, got_text = _exact_terms(*wanted), _exact_terms(*got)
    if kind is Formula.NEGATIVE_RATIO:
        points = _ratio(over_wanted * weight.numerator, over_got * weight.denominator)
        note = f"{shown}: {_exact(weight)} × {wanted_text} / {got_text} = {_exact(points)}"
        return _Result(kind, points, note)
    # (got − wanted) / wanted ≥ 1 from twice the target on; else the score is
    # (1 − (got − wanted) / wanted) × weight = (2 × wanted − got) / wanted × weight.
    if over_got >= 2 * over_wanted:
        return _Result(kind, _ZERO, f"{shown}: twice the target or more, 0")
    points = _ratio(
        (2 * over_wanted - over_got) * weight.numerator, over_wanted * weight.denominator
    )
    note = (
        f"{shown}: {_exact(weight)} × (1 − ({got_text} − {wanted_text}) / {wanted_text})"
        f" = {_exact(points)}"
    )
    return _Result(kind, points, note)


# -- the card ---------------------------------------------------------------------------------


def _card(
    project: KeyProject,
    policy: Policy,
    layout: _Layout,
    components: tuple[Component, ...],
    wholes: list[_Whole],
) -> ScoreCard:
    counted: list[Component] = []
    dropped: list[str] = []  # the paths of the rows not applicable,
    taken: list[str] = []  # taken as printed
    failed: list[str] = []  # and not scorable
    for component in components:
        status = component.status
        if status is Status.NOT_APPLICABLE:
            dropped.append(component.path)
            continue
        counted.append(component)
        if status is Status.TAKEN_AS_PRINTED:
            taken.append(component.path)
        elif status is Status.NOT_SCORABLE:
            failed.append(component.path)
    # Adding Decimals in EXACT never rounds, so the printed total of the weights is
    # their exact sum too: one pass over them gives both.
    weight_total = functools.reduce(EXACT.add, (c.weight for c in counted), Decimal(0))
    weight_sum = _f(weight_total)
    if layout.whole:
        rows = [c for c in counted if c.path == _EXECUTION_PATH]
        points = _sum_of(c.score for c in rows) + sum((w.points for w in wholes), _ZERO)
    else:
        points = _sum_of(c.score for c in counted)
    notes: list[str] = []
    if layout.kind == "score_groups":
        notes.append("weights: the printed 分值 and the project's printed score groups")
    if layout.whole:
        notes.append("no row prints a 分值: each group is scored as a whole")
    total = _total(points, weight_sum)
    if weight_sum == 0:
        notes.append("nothing carries weight: the total is 0")
    elif weight_sum != _HUNDRED:
        notes.append(
            f"the weights counted add up to {_text(weight_sum)}, not 100: the total is"
            f" rescaled (Σ scores × 100 / {_text(weight_sum)})"
        )
    if dropped:
        notes.append(f"not applicable, dropped: {', '.join(dropped)}")
    if taken:
        count = "1 row" if len(taken) == 1 else f"{len(taken)} rows"
        notes.append(f"{count} taken as printed: {', '.join(taken)}")
    if failed:
        notes.append(f"not scorable, counted as 0: {', '.join(failed)}")
    if layout.kind == "policy":
        levels = {indicator.level1 for indicator in project.indicators}
        notes.extend(
            f"the project has no {group.name} indicators"
            for group in policy.groups
            if _f(group.weight) > 0 and not group.levels & levels
        )
    grade = policy.grade(total)
    if project.score is not None and abs(_f(project.score) - _f(total)) > _f(policy.tolerance):
        notes.append(f"the printed total {decimal_text(project.score)} differs")
    if project.grade is not None and project.grade is not grade:
        notes.append(f"the printed grade {project.grade.label} differs")
    return ScoreCard(
        project_id=project.id,
        project_name=project.name,
        policy=policy,
        components=components,
        weight_total=weight_total,
        total=total,
        grade=grade,
        printed_total=project.score,
        printed_grade=project.grade,
        notes=tuple(notes),
        layout=layout.kind,
        whole=layout.whole,
    )


def _total(points: _Q, weight_sum: _Q) -> Decimal:
    """Σ scores × 100 / Σ weights, rounded half up to 0.01; 0 when nothing carries weight."""
    if weight_sum == 0:
        return Decimal("0.00")
    return _points(points * _HUNDRED / weight_sum, Decimal(100))


def _differing(
    components: Iterable[Component], policy: Policy, *, whole: bool
) -> tuple[Component, ...]:
    """The *components* whose printed score differs: see :meth:`ScoreCard.differences`."""
    limit = _f(policy.tolerance)
    return tuple(
        component
        for component in components
        if component.difference is not None
        and abs(_f(component.difference)) > limit
        and not (whole and component.path != _EXECUTION_PATH)
    )


class _Verdict(NamedTuple):
    """What a :class:`ScoreCard` says of the printed scores, without its rows' notes."""

    total: Decimal
    complete: bool
    whole: bool
    differences: tuple[Component, ...]


def _verdict(project: KeyProject, policy: Policy | None = None) -> _Verdict:
    """The total, completeness and differences of ``score(project, policy)``.

    A group scored as a whole shows its rows for display only: their weights,
    scores and notes are not needed to compare the printed scores, so they are not
    built. Every value is the card's (a property test holds them equal).
    """
    used = DEFAULT_POLICY if policy is None else policy
    layout = _layout(project, used, explicit=policy is not None)
    if not layout.whole:
        card = score(project, policy)
        return _Verdict(
            total=card.total, complete=card.complete, whole=False, differences=card.differences()
        )
    _, wholes, tally = _whole_rows(project, used, layout, frozenset(), build=False)
    weights, complete = tally.weights, tally.complete
    points = sum((whole.points for whole in wholes), _ZERO)
    execution = _execution(project, used, layout)
    rows: tuple[Component, ...] = ()
    if execution is not None:
        rows = (execution,)
        weights.append(execution.weight)
        points += _f(execution.score)
        complete = complete and execution.status is not Status.NOT_SCORABLE
    weight_sum = _f(functools.reduce(EXACT.add, weights, Decimal(0)))
    return _Verdict(
        total=_total(points, weight_sum),
        complete=complete,
        whole=True,
        differences=_differing(rows, used, whole=True),
    )


def _table(card: ScoreCard) -> str:
    def status(component: Component) -> str:
        if component.status is Status.SCORED:
            return component.formula.value
        return "not scorable" if component.status is Status.NOT_SCORABLE else "not applicable"

    differing = {id(component) for component in card.differences()}
    rows = [("path", "weight", "score", "printed", "formula", "component")]
    for component in card.components:
        printed = component.printed_score
        mark = " ≠" if id(component) in differing else ""
        rows.append(
            (
                component.path,
                decimal_text(component.weight),
                decimal_text(component.score),
                ("—" if printed is None else decimal_text(printed)) + mark,
                status(component),
                component.name,
            )
        )
    printed_total = "—" if card.printed_total is None else decimal_text(card.printed_total)
    rows.append(
        (
            "total",
            decimal_text(card.weight_total),
            decimal_text(card.total),
            printed_total,
            f"grade {card.grade.label}",
            "",
        )
    )
    widths = [max(display_width(row[column]) for row in rows) for column in range(5)]
    right = {1, 2, 3}

    def cell(text: str, column: int) -> str:
        pad = " " * (widths[column] - display_width(text))
        return pad + text if column in right else text + pad

    lines = [f"{card.project_name} ({card.project_id}), policy {card.policy.name}"]
    lines += ["  ".join([*(cell(row[c], c) for c in range(5)), row[5]]).rstrip() for row in rows]
    lines.append("notes:")
    lines += [f"  {c.path}: {c.note}" for c in card.components if c.note]
    lines += [f"  {note}" for note in card.notes]
    return "\n".join(lines)
