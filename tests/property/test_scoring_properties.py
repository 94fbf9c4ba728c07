"""Properties of score(): it never raises on a valid project, and stays within its weights."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import overload

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.codes import (
    Achievement,
    FundSource,
    GroupScope,
    IndicatorLevel1,
    IndicatorLevel2,
    MoneyUnit,
    Operator,
)
from perfeval.model import BudgetExecution, BudgetLine, Indicator, KeyProject, ScoreGroup, Totals
from perfeval.money import Money
from perfeval.quantity import Actual, Quantity, Target
from perfeval.scoring import (
    DEFAULT_POLICY as DEFAULT,
)
from perfeval.scoring import (
    POLICIES,
    Policy,
    ScoreCard,
    Status,
    WeightGroup,
    _verdict,
    score,
)

from .strategies import example_count, key_projects

# -- strategies ---------------------------------------------------------------------------------


@st.composite
def decimals(draw: st.DrawFn, max_places: int = 6, limit: int = 10**6) -> Decimal:
    """A plain decimal as reports print it: up to *max_places* places, any sign."""
    places = draw(st.integers(0, max_places))
    coefficient = draw(st.integers(-limit * 10**places, limit * 10**places))
    sign = 1 if coefficient < 0 else 0
    digits = tuple(int(d) for d in str(abs(coefficient)))
    return Decimal((sign, digits, -places))


small = decimals(max_places=2, limit=200)
non_negative = decimals(max_places=2, limit=100).map(abs)
currencies = st.sampled_from(["CNY", "CNY", "CNY", "USD"])


@st.composite
def money(draw: st.DrawFn, currency: str | None = None) -> Money:
    unit = draw(st.sampled_from(list(MoneyUnit)))
    return Money(draw(decimals()), unit, currency=currency or draw(currencies))


@st.composite
def budget_lines(draw: st.DrawFn) -> BudgetLine:
    return BudgetLine(
        source=draw(st.sampled_from(list(FundSource))),
        budget=draw(money()),
        expenditure=draw(st.none() | money()),
    )


totals = st.builds(
    Totals,
    initial_budget=st.none() | money(),
    budget=st.none() | money(),
    expenditure=st.none() | money(),
)

executions = st.builds(
    BudgetExecution,
    weight=st.none() | small,
    rate=st.none() | small,
    score=st.none() | small,
)

units = st.sampled_from([None, "%", "％", "个", "次", "元", "万元", "亿元"])
quantities = st.builds(Quantity, decimals(max_places=3, limit=1000), units)
# Tables print most actuals as bare numbers, in the target's unit.
actual_quantities = st.builds(
    Quantity, decimals(max_places=3, limit=1000), st.none() | st.none() | units
)
texts = st.sampled_from(["效果明显", "不适用", "不涉及", "≥**人次", "达成预期指标", "基本完成"])


@st.composite
def targets(draw: st.DrawFn) -> Target:
    value = draw(st.none() | quantities)
    text = draw(texts) if value is None else draw(st.none() | texts)
    operator = draw(st.none() | st.sampled_from(list(Operator)))
    if value is not None and operator is Operator.QUALITATIVE and draw(st.booleans()):
        operator = Operator.GE
    return Target(operator, value, text)


@st.composite
def actuals(draw: st.DrawFn) -> Actual:
    value = draw(st.none() | actual_quantities)
    achievement = draw(st.none() | st.sampled_from(list(Achievement)))
    text = draw(st.none() | texts)
    if value is None and achievement is None and text is None:
        text = draw(texts)
    return Actual(value=value, achievement=achievement, text=text)


indicators = st.builds(
    Indicator,
    level1=st.sampled_from(list(IndicatorLevel1)),
    name=st.just("指标"),
    target=st.none() | targets() | targets(),
    actual=st.none() | actuals() | actuals(),
    weight=st.none() | small,
    score=st.none() | small,
)


@st.composite
def score_groups(draw: st.DrawFn) -> ScoreGroup:
    """A printed 分值 heading: over the execution row, every row, or a first level."""
    covers = draw(st.sampled_from(list(GroupScope)))
    level1 = draw(st.sampled_from(list(IndicatorLevel1))) if covers is GroupScope.LEVEL1 else None
    inner: tuple[ScoreGroup, ...] = ()
    if covers is GroupScope.LEVEL1 and draw(st.booleans()):
        inner = (
            ScoreGroup(
                label="二级",
                weight=draw(st.none() | non_negative),
                covers=GroupScope.LEVEL2,
                level1=level1,
                level2=draw(st.sampled_from(list(IndicatorLevel2))),
            ),
        )
    return ScoreGroup(
        label="分组",
        weight=draw(st.none() | non_negative),
        covers=covers,
        level1=level1,
        groups=inner,
    )


@st.composite
def projects(draw: st.DrawFn) -> KeyProject:
    return KeyProject(
        id="p",
        name="项目",
        budget_lines=tuple(draw(st.lists(budget_lines(), max_size=3))),
        totals=draw(st.none() | totals),
        budget_execution=draw(st.none() | executions),
        indicators=tuple(draw(st.lists(indicators, max_size=6))),
        score=draw(st.none() | small),
        score_groups=tuple(draw(st.lists(score_groups(), max_size=3))),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    if draw(st.booleans()):
        return draw(st.sampled_from(list(POLICIES.values())))
    levels = list(IndicatorLevel1)
    split = draw(st.integers(0, len(levels)))
    groups = []
    if split:
        groups.append(WeightGroup("甲", levels[:split], draw(non_negative)))
    if split < len(levels) and draw(st.booleans()):
        groups.append(WeightGroup("乙", levels[split:], draw(non_negative)))
    return Policy(
        execution_weight=draw(non_negative),
        groups=groups,
        negative_formula=draw(st.sampled_from(["ratio", "linear"])),
        overachievement=draw(st.none() | non_negative),
    )


# -- properties ---------------------------------------------------------------------------------


def check_bounds(project: KeyProject, policy: Policy, card: ScoreCard) -> None:
    for component in card.components:
        assert Decimal(0) <= component.score <= component.weight
        assert component.score.as_tuple().exponent == -2 or component.score == component.weight
        if component.status in (Status.NOT_SCORABLE, Status.NOT_APPLICABLE):
            assert component.score == 0
        if component.status is Status.TAKEN_AS_PRINTED:
            printed = component.printed_score
            assert printed is not None
            # The printed score, kept within 0 and the weight, to 0.01 (rounded down
            # when the weight has more places).
            kept = min(max(printed, Decimal(0)), component.weight)
            assert abs(component.score - kept) < Decimal("0.01")
    assert Decimal(0) <= card.total <= Decimal(100)
    assert card.total.as_tuple().exponent == -2
    assert card.grade is policy.grade(card.total)
    assert len(card.components) in (len(project.indicators), len(project.indicators) + 1)
    assert set(map(id, card.differences())) <= {
        id(c) for c in card.components if c.printed_score is not None
    }
    assert str(card)


@settings(max_examples=example_count(300))
@given(projects(), policies())
def test_score_never_raises_and_stays_within_bounds(project: KeyProject, policy: Policy) -> None:
    check_bounds(project, policy, score(project, policy))


@given(key_projects(), policies())
def test_score_never_raises_on_any_valid_project(project: KeyProject, policy: Policy) -> None:
    # The shared strategy: any text, 18-digit amounts, 12 decimal places, any currency.
    check_bounds(project, policy, score(project, policy))


@given(projects())
def test_total_is_the_sum_when_weights_add_up_to_100(project: KeyProject) -> None:
    card = score(project)
    counted = [c for c in card.components if c.status is not Status.NOT_APPLICABLE]
    # Scored as a whole (no 分值 printed), rows are not rounded one by one.
    if sum(c.weight for c in counted) == 100 and not card.whole:
        assert card.total == sum(c.score for c in counted)


@given(projects(), policies())
def test_the_callers_context_makes_no_difference(project: KeyProject, policy: Policy) -> None:
    expected = score(project, policy)
    with decimal.localcontext() as context:
        context.prec = 3
        context.traps[decimal.Inexact] = True
        context.traps[decimal.Rounded] = True
        context.clear_flags()
        assert str(score(project, policy)) == str(expected)
        assert not any(context.flags.values())
        assert context.prec == 3


def _one(target: Target, actual: Quantity, policy: Policy) -> Decimal:
    indicator = Indicator(
        level1=IndicatorLevel1.OUTPUT, name="指标", target=target, actual=Actual(value=actual)
    )
    return score(KeyProject(id="p", name="n", indicators=(indicator,)), policy).components[1].score


@given(
    quantities.filter(lambda q: q.unit is None),
    st.lists(decimals(max_places=3, limit=1000), min_size=2, max_size=2),
    st.sampled_from([Operator.GE, Operator.GT, Operator.EQ, None]),
)
def test_positive_scores_never_fall_as_the_actual_rises(
    target: Quantity, actuals: list[Decimal], operator: Operator | None
) -> None:
    low, high = sorted(actuals)
    goal = Target(operator, target)
    if operator is Operator.EQ and target.value == 0:
        return  # = 0 is met by staying at or below 0
    policy = POLICIES["national"]
    assert _one(goal, Quantity(low), policy) <= _one(goal, Quantity(high), policy)


@given(
    quantities.filter(lambda q: q.unit is None),
    st.lists(decimals(max_places=3, limit=1000), min_size=2, max_size=2),
    st.sampled_from([Operator.LE, Operator.LT]),
    st.sampled_from(["ratio", "linear"]),
)
def test_negative_scores_never_rise_as_the_actual_rises(
    target: Quantity, actuals: list[Decimal], operator: Operator, formula: str
) -> None:
    low, high = sorted(actuals)
    goal = Target(operator, target)
    policy = Policy(negative_formula=formula)  # type: ignore[arg-type]
    assert _one(goal, Quantity(low), policy) >= _one(goal, Quantity(high), policy)


# -- invariance under the money unit -------------------------------------------------------------


@overload
def _in_yuan(money: Money) -> Money: ...
@overload
def _in_yuan(money: None) -> None: ...
def _in_yuan(money: Money | None) -> Money | None:
    if money is None or money.unit is not MoneyUnit.WAN_YUAN:
        return money
    return Money(money.amount.scaleb(4), MoneyUnit.YUAN, currency=money.currency)


def _quantity_in_yuan(quantity: Quantity | None) -> Quantity | None:
    if quantity is None or quantity.unit != "万元":
        return quantity
    return attrs.evolve(quantity, value=quantity.value.scaleb(4), unit="元")


def restated_in_yuan(project: KeyProject) -> KeyProject:
    """The same project with every 万元 figure written in 元 (× 10 000, exactly)."""
    lines = tuple(
        attrs.evolve(
            line,
            budget=_in_yuan(line.budget),
            expenditure=_in_yuan(line.expenditure),
        )
        for line in project.budget_lines
    )
    figures = project.totals
    if figures is not None:
        figures = attrs.evolve(
            figures,
            initial_budget=_in_yuan(figures.initial_budget),
            budget=_in_yuan(figures.budget),
            expenditure=_in_yuan(figures.expenditure),
        )
    rows = []
    for row in project.indicators:
        target, actual = row.target, row.actual
        wanted = target.value if target is not None else None
        got = actual.value if actual is not None else None
        # A bare figure is in the unit of the other side (the table prints it once).
        if wanted is not None and got is not None:
            if wanted.unit == "万元" and got.unit is None:
                got = attrs.evolve(got, unit="万元")
            elif got.unit == "万元" and wanted.unit is None:
                wanted = attrs.evolve(wanted, unit="万元")
        if target is not None:
            target = attrs.evolve(target, value=_quantity_in_yuan(wanted))
        if actual is not None:
            actual = attrs.evolve(actual, value=_quantity_in_yuan(got))
        rows.append(attrs.evolve(row, target=target, actual=actual))
    return attrs.evolve(project, budget_lines=lines, totals=figures, indicators=tuple(rows))


@settings(max_examples=example_count(300))
@given(projects(), st.none() | policies())
def test_scoring_is_invariant_under_the_money_unit(
    project: KeyProject, policy: Policy | None
) -> None:
    before, after = score(project, policy), score(restated_in_yuan(project), policy)
    assert (before.total, before.grade, before.weight_total) == (
        after.total,
        after.grade,
        after.weight_total,
    )
    assert [(c.path, c.weight, c.score, c.status) for c in before.components] == [
        (c.path, c.weight, c.score, c.status) for c in after.components
    ]


@settings(max_examples=example_count(300))
@given(projects())
def test_the_printed_layout_stays_within_bounds(project: KeyProject) -> None:
    check_bounds(project, DEFAULT, score(project))


# -- the verdict check() reads: score() without its rows' notes --------------------------------


def same_verdict(project: KeyProject, policy: Policy | None) -> None:
    """_verdict() says what the card says: total (digits too), completeness, differences."""
    card, verdict = score(project, policy), _verdict(project, policy)
    assert verdict.whole is card.whole
    assert str(verdict.total) == str(card.total)
    assert verdict.complete is card.complete
    assert verdict.differences == card.differences()


def unweighted(project: KeyProject) -> KeyProject:
    """*project* with no 分值 printed on its rows: its groups are scored as a whole."""
    rows = tuple(attrs.evolve(row, weight=None) for row in project.indicators)
    return attrs.evolve(project, indicators=rows)


@settings(max_examples=example_count(300))
@given(projects(), st.none() | policies())
def test_the_verdict_is_the_cards(project: KeyProject, policy: Policy | None) -> None:
    same_verdict(project, policy)


@settings(max_examples=example_count(500))
@given(projects().map(unweighted), st.none() | policies())
def test_the_verdict_is_the_cards_when_groups_are_scored_whole(
    project: KeyProject, policy: Policy | None
) -> None:
    if project.indicators:
        assert score(project, policy).whole
    same_verdict(project, policy)


@given(key_projects(), st.none() | policies())
def test_the_verdict_is_the_cards_on_any_valid_project(
    project: KeyProject, policy: Policy | None
) -> None:
    same_verdict(project, policy)
    same_verdict(unweighted(project), policy)
