"""Indicators: actual values against their targets, and the indicator framework."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from perfeval._decimal import EXACT, decimal_text
from perfeval.checks._figures import pct, tidy
from perfeval.checks._registry import Hit, Severity, rule, shared
from perfeval.codes import IndicatorLevel1, IndicatorLevel2
from perfeval.codes import Operator as Op
from perfeval.model import Indicator, Report
from perfeval.money import Money, MoneyUnit, rate

if TYPE_CHECKING:
    from perfeval.quantity import Quantity
    from perfeval.scoring import Policy

_L1: Final = IndicatorLevel1
_L2: Final = IndicatorLevel2
_LEVEL2_UNDER: Final[Mapping[IndicatorLevel1, frozenset[IndicatorLevel2]]] = {
    _L1.DECISION: frozenset(),
    _L1.PROCESS: frozenset(),
    _L1.OUTPUT: frozenset({_L2.QUANTITY, _L2.QUALITY, _L2.TIMELINESS, _L2.COST}),
    # 财预〔2020〕10号's framework puts 满意度 under 效益 (项目效益: 实施效益, 满意度), its
    # self-evaluation table makes it a first level of its own: both are standard.
    _L1.EFFECT: frozenset(
        {
            _L2.ECONOMIC_BENEFIT,
            _L2.SOCIAL_BENEFIT,
            _L2.ECOLOGICAL_BENEFIT,
            _L2.SUSTAINABILITY,
            _L2.BENEFICIARY_SATISFACTION,
        }
    ),
    _L1.COST: frozenset({_L2.ECONOMIC_COST, _L2.SOCIAL_COST, _L2.ECOLOGICAL_COST}),
    _L1.SATISFACTION: frozenset({_L2.BENEFICIARY_SATISFACTION}),
}


def _misplaced(level1: IndicatorLevel1) -> dict[IndicatorLevel2, tuple[str, str]]:
    """Each second level out of place under *level1*: the words after the indicator's name."""
    allowed = _LEVEL2_UNDER[level1]
    codes = [*(code for code in _L2 if code in allowed), _L2.OTHER]
    names = ", ".join(f"{code.label} ({code.value})" for code in codes)
    names_zh = "、".join(code.label for code in codes)
    misplaced = {}
    for level2 in _L2:
        if level2 in codes:
            continue
        en = (
            f": the second-level indicator {level2.label} ({level2.value}) does not belong"
            f" under {level1.label} ({level1.value}); expected {names}"
        )
        zh = f"：二级指标“{level2.label}”不属于一级指标“{level1.label}”，应为{names_zh}"
        misplaced[level2] = (en, zh)
    return misplaced


#: :func:`_misplaced` of each first level, worded once.
_MISPLACED: Final = {level1: _misplaced(level1) for level1 in _LEVEL2_UNDER}
_POSITIVE: Final = (Op.GE, Op.GT, Op.EQ, None)


def _tables(report: Report) -> Iterator[tuple[str, tuple[Indicator, ...]]]:
    """Each table of indicators: every project's, then the department's."""
    for p, project in enumerate(report.projects):
        yield f"/projects/{p}", project.indicators
    if report.department is not None:
        yield "/department", report.department.indicators


@shared
def _indicators(report: Report) -> tuple[tuple[str, Indicator], ...]:
    """Each indicator of every table, and its path."""
    return tuple(
        (f"{prefix}/indicators/{i}", indicator)
        for prefix, indicators in _tables(report)
        for i, indicator in enumerate(indicators)
    )


def _actual_quantity(indicator: Indicator) -> Quantity | None:
    """The actual value, taking the target's unit when it was printed without one."""
    actual = indicator.actual.value if indicator.actual else None
    if actual is None or actual.unit is not None:
        return actual
    target = indicator.target.value if indicator.target else None
    if target is None or target.unit is None:
        return actual
    return attrs.evolve(actual, unit=target.unit)


@rule(
    "actual-above-100-percent",
    Severity.WARNING,
    title="A rate or coverage above 100 %",
    title_zh="比率或覆盖率超过100%",
    description="An actual value in % above 100 (a coverage of 173 %): possible for a growth"
    " rate, but a coverage or a share cannot exceed 100 % without an explanation of what was"
    " counted. An actual printed without a unit takes its target's unit.",
)
def _above_100_percent(report: Report, _: Policy) -> Iterator[Hit]:
    for path, indicator in _indicators(report):
        actual = _actual_quantity(indicator)
        if actual is None or actual.unit != "%" or actual.value <= 100:
            continue
        yield Hit(
            f"{path}/actual/value",
            f"{indicator.name}: the actual value {actual} is above 100 %",
            f"{indicator.name}：实际完成值{actual}超过100%",
        )


@rule(
    "actual-far-above-target",
    Severity.WARNING,
    title="Actual at 130 % of the target or more",
    title_zh="实际完成值达到目标值130%以上",
    description="An actual at or above the policy's overachievement share (130 % by"
    " default; none when the policy sets it to None) of a positive numeric target (≥, >, ="
    " or a bare number; in the same unit, a unit-less actual taking the target's unit) calls for an"
    " explanation: the target was likely set too low. Targets ≤ and < are not"
    " concerned (exceeding them is a shortfall, which scoring measures), nor a percentage"
    " above 100 (actual-above-100-percent: the figure itself is in doubt).",
)
def _far_above_target(report: Report, policy: Policy) -> Iterator[Hit]:
    ceiling = policy.overachievement
    if ceiling is None:
        return
    limit = decimal_text(tidy(EXACT.multiply(ceiling, Decimal(100))))
    for path, indicator in _indicators(report):
        target = indicator.target
        actual = _actual_quantity(indicator)
        if target is None or target.value is None or actual is None:
            continue
        goal = target.value
        if target.operator not in _POSITIVE or goal.value <= 0 or actual.unit != goal.unit:
            continue
        if actual.unit == "%" and actual.value > 100:
            continue  # actual-above-100-percent: the figure itself is in doubt, not the target
        if actual.value < EXACT.multiply(goal.value, ceiling):
            continue
        # rate() divides exactly and rounds half up once; the unit cancels out.
        share = rate(Money(actual.value, MoneyUnit.YUAN), Money(goal.value, MoneyUnit.YUAN))
        shown = target.text or str(goal)
        yield Hit(
            f"{path}/actual/value",
            f"{indicator.name}: the actual value {actual} is {pct(share)} of the target"
            f" {shown} ({limit} % or more): the target may be set too low",
            f"{indicator.name}：实际完成值{actual}为目标值{shown}的{pct(share)}（达到{limit}%以上），"
            "目标可能定得过低",
        )


@rule(
    "indicator-level-mismatch",
    Severity.WARNING,
    title="Second-level indicator under the wrong first level",
    title_zh="二级指标与一级指标不匹配",
    description="The standard framework puts 数量, 质量, 时效, 成本 under 产出; 经济效益, 社会效益,"
    " 生态效益, 可持续影响 under 效益 (and 服务对象满意度, where 满意度 is a part of 效益 as in"
    " 财预〔2020〕10号's framework); 经济成本, 社会成本, 生态环境成本 under 成本; 服务对象满意度"
    " under 满意度. 决策 and 过程 have second levels outside the code list (项目立项, 资金管理 …),"
    " so only 'other' fits them; 'other' fits everywhere. A mismatch is usually a"
    " transcription slip or a local template, not a contradiction: a warning.",
)
def _level_mismatch(report: Report, _: Policy) -> Iterator[Hit]:
    for path, indicator in _indicators(report):
        level2 = indicator.level2
        if level2 is None:
            continue
        wording = _MISPLACED[indicator.level1].get(level2)
        if wording is None:
            continue  # it belongs there, or it is 'other'
        name = indicator.name
        yield Hit(f"{path}/level2", name + wording[0], name + wording[1])


@rule(
    "indicator-empty",
    Severity.WARNING,
    title="Indicator with neither target nor actual",
    title_zh="指标既无目标值也无实际完成值",
    description="An indicator that prints a weight or a score, in a table whose other rows"
    " print targets or actual values, but records neither itself: it was scored without"
    " anything to assess (a row cut off, a column left blank). Rows that print nothing but"
    " a name (the template's unused 指标1, 指标2, …… rows, a row cut off in the copy) and"
    " tables without target columns (a third-party score table) are not concerned.",
)
def _empty(report: Report, _: Policy) -> Iterator[Hit]:
    for prefix, indicators in _tables(report):
        if not any(ind.target is not None or ind.actual is not None for ind in indicators):
            continue  # the table has no target or actual columns
        for i, indicator in enumerate(indicators):
            if indicator.target is not None or indicator.actual is not None:
                continue
            if indicator.weight is None and indicator.score is None:
                continue  # a template row left unused, or cut off
            yield Hit(
                f"{prefix}/indicators/{i}",
                f"{indicator.name}: neither a target nor an actual value is recorded",
                f"{indicator.name}：既无年度指标值，也无实际完成值",
            )


_PERCENT_FORMS: Final = {"％": "%", "百分比": "%"}
_MONEY_LABELS: Final = frozenset(unit.label for unit in MoneyUnit)


def _unit_of(quantity: Quantity) -> str | None:
    unit = quantity.unit
    return _PERCENT_FORMS.get(unit, unit) if unit is not None else None


@rule(
    "indicator-unit-mismatch",
    Severity.WARNING,
    title="Target and actual in different units",
    title_zh="目标值与实际完成值计量单位不一致",
    description="The target and the actual value of a row are printed in units that cannot be"
    " compared (个 against 次, % against 人): the result cannot be scored against its"
    " target. Money units (元, 万元, 亿元) convert exactly and a figure without a unit is read"
    " in the other's unit, so neither is concerned.",
)
def _unit_mismatch(report: Report, _: Policy) -> Iterator[Hit]:
    for path, indicator in _indicators(report):
        target = indicator.target.value if indicator.target else None
        actual = indicator.actual.value if indicator.actual else None
        if target is None or actual is None or target.unit == actual.unit:
            continue  # a unit printed alike on both is the same unit
        wanted, got = _unit_of(target), _unit_of(actual)
        if wanted is None or got is None or wanted == got:
            continue
        if wanted in _MONEY_LABELS and got in _MONEY_LABELS:
            continue
        yield Hit(
            f"{path}/actual/value",
            f"{indicator.name}: the target is in {wanted} and the actual in {got}: they cannot"
            " be compared",
            f"{indicator.name}：目标值单位为“{wanted}”，实际完成值单位为“{got}”，无法比较",
        )


def _as_yuan(indicator: Indicator) -> Decimal | None:
    """The actual as an amount in 元, when it is money (``150万``, ``195.5万元``)."""
    actual = indicator.actual
    if actual is None or actual.value is None:
        return None
    quantity = actual.value
    if quantity.unit is None:
        text = actual.text or ""
        return quantity.value if ("万" in text or "亿" in text) else None
    for unit in MoneyUnit:
        if unit.label == quantity.unit:
            return Money(quantity.value, unit).to(MoneyUnit.YUAN).amount
    return None


@rule(
    "indicator-cost-above-expenditure",
    Severity.WARNING,
    title="A cost row claims more than the project spent",
    title_zh="成本指标实际值超过项目全年执行数",
    description="A 成本 indicator whose actual value is money (``150万``, ``195.5万元``) above"
    " the project's printed expenditure (全年执行数): a part of the spending cannot exceed"
    " all of it; the row likely restates the budget instead of what was spent.",
)
def _cost_above_expenditure(report: Report, _: Policy) -> Iterator[Hit]:
    from perfeval.scoring import is_cost  # noqa: PLC0415 - see check()

    for p, project in enumerate(report.projects):
        spent = project.totals.expenditure if project.totals else None
        if spent is None:
            continue
        limit = spent.to(MoneyUnit.YUAN).amount
        for i, indicator in enumerate(project.indicators):
            claimed = _as_yuan(indicator)
            if not is_cost(indicator) or claimed is None or claimed <= limit:
                continue
            actual = indicator.actual
            assert actual is not None  # noqa: S101 - claimed is read from it
            shown = actual.text or str(actual.value)
            yield Hit(
                f"/projects/{p}/indicators/{i}/actual",
                f"{indicator.name}: the cost row's actual {shown} is more than the project's"
                f" expenditure {spent}",
                f"{indicator.name}：成本指标实际完成值{shown}超过项目全年执行数{spent}",
            )
