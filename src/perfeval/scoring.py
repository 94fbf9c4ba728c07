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
import types
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, NamedTuple

import attrs

from perfeval._decimal import EXACT, decimal_text, divide_half_up, to_decimal
from perfeval._text import display_width
from perfeval.codes import Achievement, Grade, IndicatorLevel1, MoneyUnit, Operator
from perfeval.model import Indicator, KeyProject
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
    "score",
]

#: The name of a formula for negative indicators (≤, <), ``"ratio"`` or ``"linear"``.
NegativeFormula = Literal["ratio", "linear"]
_NEGATIVE_FORMULAS: Final = ("ratio", "linear")

_ZERO: Final = Fraction(0)
_ONE: Final = Fraction(1)
_HUNDRED: Final = Fraction(100)
_EXECUTION_PATH: Final = "/budget_execution"
_EXECUTION_NAME: Final = "预算执行率"
_EXECUTION_GROUP: Final = "预算执行"


# -- exact helpers ------------------------------------------------------------------------
#
# Every computation runs on fractions.Fraction, which never consults a decimal
# context; Decimals are only built (from a tuple, exactly) and compared via Fraction.


def _f(value: Decimal) -> Fraction:
    return Fraction(value)


def _round_int(value: Fraction) -> int:
    """*value* rounded half up to an integer."""
    return divide_half_up(value.numerator, value.denominator)


def _round(value: Fraction, places: int = 2) -> Decimal:
    """*value* rounded half up (halves away from zero) to *places* decimals."""
    quotient = _round_int(abs(value) * 10**places)
    return _from_int(quotient, places, negative=value < 0)


def _round_down(value: Fraction, places: int = 2) -> Decimal:
    """*value* (not negative) truncated to *places* decimals."""
    scaled = value * 10**places
    return _from_int(scaled.numerator // scaled.denominator, places, negative=False)


def _from_int(quotient: int, places: int, *, negative: bool) -> Decimal:
    digits = tuple(int(digit) for digit in str(quotient))
    return Decimal((1 if negative and quotient else 0, digits, -places))


def _text(value: Decimal | Fraction) -> str:
    """A number for a note: its digits as given, or a fraction to 0.01 (trailing zeros cut)."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    text = decimal_text(_round(value))
    return text.rstrip("0").rstrip(".")


def _percent(ratio: Fraction) -> str:
    """A ratio as a percentage to 0.01, as tables print rates: ``100.00 %``."""
    return decimal_text(_round(ratio * _HUNDRED)) + " %"


def _share(ratio: Fraction) -> str:
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
    ValueError: a band must satisfy 0 <= low <= high <= 1, not low 0.8 and high 0.6
    """

    low: Decimal = attrs.field(converter=_to_share)
    high: Decimal = attrs.field(converter=_to_share)

    @high.validator
    def _check(self, _: attrs.Attribute[Any], high: Decimal) -> None:
        if not _ZERO <= _f(self.low) <= _f(high) <= _ONE:
            msg = (
                "a band must satisfy 0 <= low <= high <= 1, not low"
                f" {decimal_text(self.low)} and high {decimal_text(high)}"
            )
            raise ValueError(msg)


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


#: Words that make a printed result read as met (达成) when it is not a figure: a
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
#: Words that make a printed result read as partly met (部分达成): ``基本完成``.
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
            msg = (
                "the grade thresholds must satisfy 0 <= fair_from <= good_from <= excellent_from"
                f" <= 100, not {decimal_text(fair_from)}, {decimal_text(self.good_from)},"
                f" {decimal_text(self.excellent_from)}"
            )
            raise ValueError(msg)

    def band(self, achievement: Achievement) -> Band:
        """The band of *achievement* (达成, 部分达成, 未达成).

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


_NATIONAL: Final = Policy(name="national")
_SICHUAN: Final = Policy(
    name="sichuan", groups=(WeightGroup("绩效指标", frozenset(IndicatorLevel1), 90),)
)
#: The named policies, read-only. ``"national"`` (财预〔2020〕10号) weighs execution
#: 10, 产出 50 (成本 indicators included), 效益 30, 满意度 10; ``"sichuan"`` weighs
#: execution 10 and all indicators together 90. Both score negative indicators by
#: the ratio formula.
POLICIES: Final[Mapping[str, Policy]] = types.MappingProxyType(
    {"national": _NATIONAL, "sichuan": _SICHUAN}
)
#: The policy :func:`score` uses unless told otherwise, ``POLICIES["national"]``.
DEFAULT_POLICY: Final = _NATIONAL


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
    #: Counted with 0 points, because its result cannot be compared with its target.
    NOT_SCORABLE = "not_scorable"
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

    @property
    def complete(self) -> bool:
        """Whether every component that counts could be scored."""
        return all(c.status is not Status.NOT_SCORABLE for c in self.components)

    def differences(self) -> tuple[Component, ...]:
        """The components whose printed score differs from the computed one.

        A difference is more than the policy's tolerance (0.01); rows without a
        printed score are never differences.

        >>> from perfeval import examples
        >>> from perfeval.scoring import score
        >>> card = score(examples.load("tangxi-2022").projects[0])
        >>> [(c.name, c.difference) for c in card.differences()]
        [('预算执行率', Decimal('-10.00'))]
        """
        limit = _f(self.policy.tolerance)
        return tuple(
            component
            for component in self.components
            if component.difference is not None and abs(_f(component.difference)) > limit
        )

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
    policy: Policy = DEFAULT_POLICY,
    *,
    not_applicable: Iterable[str] = (),
) -> ScoreCard:
    """Score a project's self-evaluation by *policy*.

    The budget execution rate comes first, then each indicator; ``docs/scoring.md``
    gives every rule. Nothing in a valid project makes this raise: a row whose
    result cannot be compared with its target is *not scorable* and counts 0, with
    the reason in its note.

    Args:
        project: The project, as the report printed it.
        policy: The method; :data:`DEFAULT_POLICY` is the national one.
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
    _require(policy, Policy, "policy must be a Policy such as POLICIES['national']")
    dropped = _dropped_indices(project, not_applicable)
    components: list[Component] = []
    execution = _execution(project, policy)
    if execution is not None:
        components.append(execution)
    weights = _indicator_weights(project.indicators, policy)
    for index, (indicator, weight) in enumerate(zip(project.indicators, weights, strict=True)):
        components.append(_indicator(indicator, index, weight, policy, dropped=index in dropped))
    return _card(project, policy, tuple(components))


def _require(value: object, cls: type, what: str) -> None:
    if not isinstance(value, cls):
        msg = f"{what}, not {type(value).__name__}"
        raise TypeError(msg)


def _dropped_indices(project: KeyProject, paths: Iterable[str]) -> frozenset[int]:
    if isinstance(paths, str):
        paths = (paths,)
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


# -- the execution rate ---------------------------------------------------------------------


def _in_yuan(money: Money) -> Fraction:
    return Fraction(money.amount) * Fraction(10) ** money.unit.exponent


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


def _execution(project: KeyProject, policy: Policy) -> Component | None:
    printed = project.budget_execution
    printed_weight = printed.weight if printed is not None else None
    printed_score = printed.score if printed is not None else None
    printed_rate = printed.rate if printed is not None else None
    if printed_weight is None and _f(policy.execution_weight) == 0:
        return None  # the policy and the report give the execution rate no weight
    base: dict[str, Any] = {
        "name": _EXECUTION_NAME,
        "path": _EXECUTION_PATH,
        "group": _EXECUTION_GROUP,
        "printed_weight": printed_weight,
        "printed_score": printed_score,
    }
    weight = policy.execution_weight if printed_weight is None else printed_weight
    if _f(weight) < 0:
        note = f"the printed weight {decimal_text(weight)} is negative: it cannot be used"
        return _not_scorable(base, Decimal(0), note)
    amounts = _execution_amounts(project)
    if isinstance(amounts, _Amounts):
        base["target"], base["actual"] = amounts.budget, amounts.expenditure
        ratio = _in_yuan(amounts.expenditure) / _in_yuan(amounts.budget)
        how = f"{amounts.expenditure} / {amounts.budget}, from {amounts.source}"
    elif printed_rate is not None:
        ratio = _f(printed_rate) / _HUNDRED
        how = f"the printed rate; no amounts to compute it from: {amounts}"
    else:
        return _not_scorable(base, weight, amounts + ", and no execution rate was printed")
    share = min(max(ratio, _ZERO), _ONE)
    points = _points(share * _f(weight), weight)
    arithmetic = f"{_text(share)} × {_text(weight)} = {decimal_text(points)}"
    parts = [f"执行率 {_percent(ratio)} ({how}): {arithmetic}"]
    if printed_rate is not None and _rate_differs(printed_rate, ratio):
        parts.append(f"the printed rate {decimal_text(printed_rate)} % differs")
    if ratio > 1:
        parts.append("above 100 %: the rate counts as 100 %")
    elif ratio < _f(policy.execution_expected):
        parts.append(f"below {_share(_f(policy.execution_expected))}: a reason is expected")
    return Component(
        **base, weight=weight, score=points, formula=Formula.EXECUTION, note="; ".join(parts)
    )


def _rate_differs(printed: Decimal, ratio: Fraction) -> bool:
    """Whether *printed* (in percent) is not *ratio* rounded to the places printed."""
    exponent = printed.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return _round(ratio * _HUNDRED, places).as_tuple() != _round(_f(printed), places).as_tuple()


def _points(value: Fraction, weight: Decimal) -> Decimal:
    """*value* (0 to *weight*) rounded half up to 0.01, never above *weight*."""
    rounded = _round(value)
    if _f(rounded) > _f(weight):  # a weight with more than two decimals
        return _round_down(value)
    return rounded


def _not_scorable(base: dict[str, Any], weight: Decimal, note: str) -> Component:
    return Component(
        **base, weight=weight, score=Decimal("0.00"), status=Status.NOT_SCORABLE, note=note
    )


# -- weights ----------------------------------------------------------------------------------


_PRINTED: Final = "the printed weight"


class _Weight(NamedTuple):
    value: Decimal
    group: str
    origin: str
    problem: str | None = None


def _split(amount: Fraction, count: int) -> list[Decimal]:
    """*amount* in *count* shares of 0.01, the first ones a cent more (largest remainder)."""
    base, extra = divmod(_round_int(amount * _HUNDRED), count)
    return [_from_int(base + (1 if i < extra else 0), 2, negative=False) for i in range(count)]


def _indicator_weights(indicators: tuple[Indicator, ...], policy: Policy) -> list[_Weight]:
    weights: list[_Weight | None] = [None] * len(indicators)
    unprinted: dict[WeightGroup, list[int]] = {}
    printed_sum: dict[WeightGroup, Fraction] = {}
    for index, indicator in enumerate(indicators):
        group = policy.group_of(indicator.level1)
        name = group.name if group is not None else indicator.level1.label
        if indicator.weight is not None:
            if _f(indicator.weight) < 0:
                problem = (
                    f"the printed weight {decimal_text(indicator.weight)} is negative:"
                    " it cannot be used"
                )
                weights[index] = _Weight(Decimal(0), name, "", problem)
                continue
            weights[index] = _Weight(indicator.weight, name, _PRINTED)
            if group is not None:
                printed_sum[group] = printed_sum.get(group, _ZERO) + _f(indicator.weight)
        elif group is None:
            problem = (
                f"no weight was printed and the policy gives {indicator.level1.label}"
                " indicators none"
            )
            weights[index] = _Weight(Decimal(0), name, "", problem)
        else:
            unprinted.setdefault(group, []).append(index)
    for group, indices in unprinted.items():
        left = max(_f(group.weight) - printed_sum.get(group, _ZERO), _ZERO)
        if group in printed_sum:
            origin = (
                f"an equal share of the {_text(left)} points of {group.name} that the printed"
                " weights leave"
            )
        else:
            origin = f"an equal share of the {_text(left)} points of {group.name}"
        for index, share in zip(indices, _split(left, len(indices)), strict=True):
            weights[index] = _Weight(share, group.name, origin)
    return [weight for weight in weights if weight is not None]


# -- indicators ---------------------------------------------------------------------------------

_PERCENT_UNITS: Final = {"%": "%", "％": "%", "百分比": "%"}
_MONEY_EXPONENTS: Final = {unit.label: unit.exponent for unit in MoneyUnit}


class _Result(NamedTuple):
    formula: Formula
    points: Fraction | None  # None: not scorable
    note: str


def _indicator(
    indicator: Indicator, index: int, weight: _Weight, policy: Policy, *, dropped: bool
) -> Component:
    base: dict[str, Any] = {
        "name": indicator.name,
        "path": f"/indicators/{index}",
        "group": weight.group,
        "printed_weight": indicator.weight,
        "printed_score": indicator.score,
        "target": indicator.target,
        "actual": indicator.actual,
    }
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
        return _not_scorable(base, weight.value, weight.problem)
    result = _assess(indicator, _f(weight.value), policy)
    origin = ""
    if weight.origin != _PRINTED:
        origin = f"weight {decimal_text(weight.value)}: {weight.origin}; "
    if result.points is None:
        return _not_scorable(base, weight.value, origin + result.note)
    return Component(
        **base,
        weight=weight.value,
        score=_points(result.points, weight.value),
        formula=result.formula,
        note=origin + result.note,
    )


def _marked_not_applicable(indicator: Indicator, policy: Policy) -> str | None:
    for printed in (indicator.target, indicator.actual):
        if printed is not None and printed.text in policy.not_applicable_texts:
            return printed.text
    return None


def _assess(indicator: Indicator, weight: Fraction, policy: Policy) -> _Result:
    target, actual = indicator.target, indicator.actual
    if actual is None:
        return _Result(Formula.NONE, None, "no actual value (实际完成值) was printed")
    if target is not None and target.operator is Operator.QUALITATIVE:
        return _qualitative(actual, indicator.score, weight, policy)
    if target is not None and target.value is not None and actual.value is not None:
        return _quantitative(target, target.value, actual.value, weight, policy)
    if actual.achievement is not None:
        return _qualitative(actual, indicator.score, weight, policy)
    if target is None:
        return _Result(Formula.NONE, None, "no target (年度指标值) was printed")
    if target.value is None:
        return _Result(Formula.NONE, None, f"the target {target.text} states no value")
    return _Result(
        Formula.NONE,
        None,
        f"the actual {actual.text} states neither a number nor an achievement (达成 …)",
    )


def _qualitative(
    actual: Actual, printed: Decimal | None, weight: Fraction, policy: Policy
) -> _Result:
    achievement = actual.achievement
    if achievement is None:
        what = actual.text if actual.text is not None else str(actual.value)
        note = (
            f"the target is qualitative but the actual {what} states no achievement"
            " (达成, 部分达成 or 未达成)"
        )
        return _Result(Formula.NONE, None, note)
    band = policy.band(achievement)
    low, high = _f(band.low) * weight, _f(band.high) * weight
    shares = f"{_text(_f(band.low) * _HUNDRED)}–{_share(_f(band.high))}"
    name = achievement.label
    if printed is None:
        note = f"{name}: the top of its band {shares} of the weight"
        return _Result(Formula.QUALITATIVE, high, note)
    value = _f(printed)
    if low <= value <= high:
        note = f"{name}: the printed {decimal_text(printed)} is within its band {shares}"
        return _Result(Formula.QUALITATIVE, value, note)
    bound = low if value < low else high
    note = (
        f"{name}: the printed {decimal_text(printed)} is outside its band {shares}"
        f" ({_text(low)} to {_text(high)}): scored at the nearest bound"
    )
    return _Result(Formula.QUALITATIVE, bound, note)


def _unit(quantity: Quantity) -> str | None:
    unit = quantity.unit
    return _PERCENT_UNITS.get(unit, unit) if unit is not None else None


def _quantitative(
    target: Target, target_value: Quantity, actual_value: Quantity, weight: Fraction, policy: Policy
) -> _Result:
    wanted, got = _f(target_value.value), _f(actual_value.value)
    target_unit, actual_unit = _unit(target_value), _unit(actual_value)
    if target_unit is not None and actual_unit is not None and target_unit != actual_unit:
        if target_unit in _MONEY_EXPONENTS and actual_unit in _MONEY_EXPONENTS:
            wanted *= Fraction(10) ** _MONEY_EXPONENTS[target_unit]
            got *= Fraction(10) ** _MONEY_EXPONENTS[actual_unit]
        else:
            note = f"the units differ: the target is in {target_unit}, the actual in {actual_unit}"
            return _Result(Formula.NONE, None, note)
    shown = f"{actual_value} against {_target_text(target, target_value)}"
    op = target.operator
    if op in (Operator.LE, Operator.LT):
        return _negative(wanted, got, weight, policy.negative_formula, shown)
    if op is Operator.EQ and wanted == 0:
        return _threshold(met=got <= 0, weight=weight, shown=shown)
    result = _positive(wanted, got, weight, shown)
    ceiling = policy.overachievement
    if ceiling is not None and wanted > 0 and got >= _f(ceiling) * wanted:
        note = (
            f"{result.note}; the actual is {_share(got / wanted)} of the target"
            f" (≥ {_share(_f(ceiling))}): an explanation is expected, the score is not reduced"
        )
        return result._replace(note=note)
    return result


def _target_text(target: Target, value: Quantity) -> str:
    if target.text is not None:
        return target.text
    return (target.operator.value if target.operator is not None else "") + str(value)


def _threshold(*, met: bool, weight: Fraction, shown: str) -> _Result:
    if met:
        return _Result(Formula.THRESHOLD, weight, f"{shown}: met, the full weight")
    note = f"{shown}: not met, and a target of 0 or less has no proportion: 0"
    return _Result(Formula.THRESHOLD, _ZERO, note)


def _positive(wanted: Fraction, got: Fraction, weight: Fraction, shown: str) -> _Result:
    if wanted <= 0:
        return _threshold(met=got >= wanted, weight=weight, shown=shown)
    if got >= wanted:
        return _Result(Formula.POSITIVE, weight, f"{shown}: met, the full weight")
    share = max(got / wanted, _ZERO)
    note = f"{shown}: {_text(got)} / {_text(wanted)} × {_text(weight)}"
    return _Result(Formula.POSITIVE, share * weight, note)


def _negative(
    wanted: Fraction, got: Fraction, weight: Fraction, formula: NegativeFormula, shown: str
) -> _Result:
    if wanted <= 0:
        return _threshold(met=got <= wanted, weight=weight, shown=shown)
    kind = Formula.NEGATIVE_RATIO if formula == "ratio" else Formula.NEGATIVE_LINEAR
    if got <= wanted:
        return _Result(kind, weight, f"{shown}: met, the full weight")
    if kind is Formula.NEGATIVE_RATIO:
        note = f"{shown}: {_text(wanted)} / {_text(got)} × {_text(weight)}"
        return _Result(kind, wanted / got * weight, note)
    over = (got - wanted) / wanted
    if over >= 1:
        return _Result(kind, _ZERO, f"{shown}: twice the target or more, 0")
    note = f"{shown}: (1 − {_share(over)}) × {_text(weight)}"
    return _Result(kind, (1 - over) * weight, note)


# -- the card ---------------------------------------------------------------------------------


def _card(project: KeyProject, policy: Policy, components: tuple[Component, ...]) -> ScoreCard:
    counted = [c for c in components if c.status is not Status.NOT_APPLICABLE]
    weight_sum = sum((_f(c.weight) for c in counted), _ZERO)
    points = sum((_f(c.score) for c in counted), _ZERO)
    notes: list[str] = []
    if weight_sum == 0:
        total = Decimal("0.00")
        notes.append("nothing carries weight: the total is 0")
    else:
        total = _points(points * _HUNDRED / weight_sum, Decimal(100))
        if weight_sum != _HUNDRED:
            notes.append(
                f"the weights counted add up to {_text(weight_sum)}, not 100: the total is"
                f" rescaled (Σ scores × 100 / {_text(weight_sum)})"
            )
    dropped = [c.path for c in components if c.status is Status.NOT_APPLICABLE]
    if dropped:
        notes.append(f"not applicable, dropped: {', '.join(dropped)}")
    failed = [c.path for c in components if c.status is Status.NOT_SCORABLE]
    if failed:
        notes.append(f"not scorable, counted as 0: {', '.join(failed)}")
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
        weight_total=functools.reduce(EXACT.add, (c.weight for c in counted), Decimal(0)),
        total=total,
        grade=grade,
        printed_total=project.score,
        printed_grade=project.grade,
        notes=tuple(notes),
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
