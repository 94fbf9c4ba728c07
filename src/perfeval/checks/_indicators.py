"""Indicators: actual values against their targets, and the indicator framework."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from perfeval._decimal import EXACT
from perfeval.checks._figures import pct
from perfeval.checks._registry import Hit, Severity, rule
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
    _L1.EFFECT: frozenset(
        {_L2.ECONOMIC_BENEFIT, _L2.SOCIAL_BENEFIT, _L2.ECOLOGICAL_BENEFIT, _L2.SUSTAINABILITY}
    ),
    _L1.COST: frozenset({_L2.ECONOMIC_COST, _L2.SOCIAL_COST, _L2.ECOLOGICAL_COST}),
    _L1.SATISFACTION: frozenset({_L2.BENEFICIARY_SATISFACTION}),
}
_POSITIVE: Final = (Op.GE, Op.GT, Op.EQ, None)


def _indicators(report: Report) -> Iterator[tuple[str, Indicator]]:
    for p, project in enumerate(report.projects):
        for i, indicator in enumerate(project.indicators):
            yield f"/projects/{p}/indicators/{i}", indicator


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
    description="An actual at or above 130 % of a positive numeric target (≥, >, = or a bare"
    " number; in the same unit, a unit-less actual taking the target's unit) calls for an"
    " explanation: the target was likely set too low. Targets ≤ and < are not"
    " concerned (exceeding them is a shortfall, which scoring measures).",
)
def _far_above_target(report: Report, _: Policy) -> Iterator[Hit]:
    for path, indicator in _indicators(report):
        target = indicator.target
        actual = _actual_quantity(indicator)
        if target is None or target.value is None or actual is None:
            continue
        goal = target.value
        if target.operator not in _POSITIVE or goal.value <= 0 or actual.unit != goal.unit:
            continue
        if EXACT.multiply(actual.value, Decimal(10)) < EXACT.multiply(goal.value, Decimal(13)):
            continue
        # rate() divides exactly and rounds half up once; the unit cancels out.
        share = rate(Money(actual.value, MoneyUnit.YUAN), Money(goal.value, MoneyUnit.YUAN))
        shown = target.text or str(goal)
        yield Hit(
            f"{path}/actual/value",
            f"{indicator.name}: the actual value {actual} is {pct(share)} of the target"
            f" {shown} (130 % or more): the target may be set too low",
            f"{indicator.name}：实际完成值{actual}为目标值{shown}的{pct(share)}（达到130%以上），"
            "目标可能定得过低",
        )


@rule(
    "indicator-level-mismatch",
    Severity.WARNING,
    title="Second-level indicator under the wrong first level",
    title_zh="二级指标与一级指标不匹配",
    description="The standard framework puts 数量, 质量, 时效, 成本 under 产出; 经济效益, 社会效益,"
    " 生态效益, 可持续影响 under 效益; 经济成本, 社会成本, 生态环境成本 under 成本; 服务对象满意度"
    " under 满意度. 决策 and 过程 have second levels outside the code list (项目立项, 资金管理 …),"
    " so only 'other' fits them; 'other' fits everywhere. A mismatch is usually a"
    " transcription slip or a local template, not a contradiction: a warning.",
)
def _level_mismatch(report: Report, _: Policy) -> Iterator[Hit]:
    for path, indicator in _indicators(report):
        level2 = indicator.level2
        if level2 is None or level2 is _L2.OTHER:
            continue
        allowed = _LEVEL2_UNDER[indicator.level1]
        if level2 in allowed:
            continue
        expected = [code for code in _L2 if code in allowed] + [_L2.OTHER]
        names = ", ".join(f"{code.label} ({code.value})" for code in expected)
        names_zh = "、".join(code.label for code in expected)
        yield Hit(
            f"{path}/level2",
            f"{indicator.name}: the second-level indicator {level2.label} ({level2.value}) does"
            f" not belong under {indicator.level1.label} ({indicator.level1.value}); expected"
            f" {names}",
            f"{indicator.name}：二级指标“{level2.label}”不属于一级指标“{indicator.level1.label}”，"
            f"应为{names_zh}",
        )


@rule(
    "indicator-empty",
    Severity.WARNING,
    title="Indicator with neither target nor actual",
    title_zh="指标既无目标值也无实际完成值",
    description="An indicator that records neither a target nor an actual value cannot be"
    " assessed; the report should say why (a row cut off, a column left blank).",
)
def _empty(report: Report, _: Policy) -> Iterator[Hit]:
    for path, indicator in _indicators(report):
        if indicator.target is None and indicator.actual is None:
            yield Hit(
                path,
                f"{indicator.name}: neither a target nor an actual value is recorded",
                f"{indicator.name}：既无年度指标值，也无实际完成值",
            )
