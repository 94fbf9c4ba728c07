"""Scores and grades: printed weights, scores and grades against each other and the method."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from perfeval._decimal import EXACT, decimal_text
from perfeval.checks._figures import REPORT, add, distance
from perfeval.checks._registry import Hit, Severity, rule
from perfeval.codes import Achievement, Grade, IndicatorMetric, Operator
from perfeval.errors import CurrencyMismatchError
from perfeval.model import Indicator, KeyProject, Report
from perfeval.money import rate

if TYPE_CHECKING:
    from perfeval.quantity import Actual
    from perfeval.scoring import Policy


@rule(
    "score-above-weight",
    Severity.ERROR,
    title="Score above its weight",
    title_zh="得分超过分值",
    description="An indicator's or the budget execution row's printed score (得分) exceeds its"
    " weight (分值): no score can.",
)
def _above_weight(report: Report, _: Policy) -> Iterator[Hit]:
    for p, project in enumerate(report.projects):
        rows: list[tuple[str, str, Decimal | None, Decimal | None]] = [
            (f"/projects/{p}/indicators/{i}", ind.name, ind.weight, ind.score)
            for i, ind in enumerate(project.indicators)
        ]
        execution = project.budget_execution
        if execution is not None:
            path = f"/projects/{p}/budget_execution"
            rows.insert(0, (path, "预算执行率", execution.weight, execution.score))
        for path, name, weight, score in rows:
            if weight is None or score is None or score <= weight:
                continue
            score_text, weight_text = decimal_text(score), decimal_text(weight)
            yield Hit(
                f"{path}/score",
                f"{name}: the score {score_text} is above its weight {weight_text}",
                f"{name}：得分{score_text}超过分值{weight_text}",
            )


@rule(
    "score-weights-total",
    Severity.WARNING,
    title="Weights do not add up to 100",
    title_zh="分值合计不等于100",
    description="When a project prints weights, the budget execution weight plus every"
    " indicator's weight should be 100. A different total usually means a row is missing (cut"
    " off, not transcribed) or a template with another scale; scores stay comparable only on"
    " 100, so it is a warning.",
)
def _weights_total(report: Report, _: Policy) -> Iterator[Hit]:
    for p, project in enumerate(report.projects):
        execution = project.budget_execution.weight if project.budget_execution else None
        weights = [ind.weight for ind in project.indicators if ind.weight is not None]
        if execution is None and not weights:
            continue
        indicators = add(weights)
        total = EXACT.add(indicators, execution or Decimal(0))
        if total == 100:
            continue
        total_text, indicators_text = decimal_text(total), decimal_text(indicators)
        parts = parts_zh = ""
        if execution is not None:
            parts = f"budget execution {decimal_text(execution)} + "
            parts_zh = f"预算执行{decimal_text(execution)}＋"
        yield Hit(
            f"/projects/{p}",
            f"{project.name}: the weights add up to {total_text} ({parts}indicators"
            f" {indicators_text}), not 100",
            f"{project.name}：分值合计{total_text}（{parts_zh}指标{indicators_text}），不等于100",
        )


def _prints_scores(project: KeyProject) -> bool:
    execution = project.budget_execution
    return (
        project.score is not None
        or (execution is not None and execution.score is not None)
        or any(indicator.score is not None for indicator in project.indicators)
    )


def _differs(
    path: str, name: str, shown: Decimal, computed: Decimal, *, what: tuple[str, str]
) -> Hit:
    shown_text, computed_text = decimal_text(shown), decimal_text(computed)
    gap_text = decimal_text(distance(shown, computed))
    return Hit(
        path,
        f"{name}: the printed {what[0]} {shown_text} differs from the computed"
        f" {computed_text} by {gap_text}",
        f"{name}：所列{what[1]}{shown_text}与计算{what[1]}{computed_text}相差{gap_text}",
    )


@rule(
    "score-differs",
    Severity.WARNING,
    title="Printed score differs from the computed score",
    title_zh="所列得分与计算得分不符",
    description="A printed score (of an indicator, the budget execution row or the project's"
    " total) differs by more than the policy's tolerance (0.01) from what"
    " perfeval.scoring.score() computes with the policy check() is given, the national rules"
    " unless told otherwise. Reports round by hand (86 % printed as 9 of 10 where the rule"
    " gives 8.62), so this is a warning, not an error.",
)
def _score_differs(report: Report, policy: Policy) -> Iterator[Hit]:
    from perfeval.scoring import Status, score  # noqa: PLC0415 - see check()

    for index, project in enumerate(report.projects):
        if not _prints_scores(project):
            continue
        card = score(project, policy)
        for component in card.differences():
            # A row the method could not score (0 points, with a note) has no
            # computed score to compare with.
            if component.status is not Status.SCORED:
                continue
            assert component.printed_score is not None  # noqa: S101 - a difference is printed
            yield _differs(
                f"/projects/{index}{component.path}/score",
                component.name,
                component.printed_score,
                component.score,
                what=("score", "得分"),
            )
        shown = project.score
        if shown is not None and distance(shown, card.total) > policy.tolerance:
            yield _differs(
                f"/projects/{index}/score",
                project.name,
                shown,
                card.total,
                what=("total score", "总分"),
            )


def _bands(policy: Policy) -> tuple[str, str]:
    """The policy's grade bands, in English and Chinese: ``优 ≥ 90, 良 ≥ 80, …``."""
    lowest = {
        Grade.EXCELLENT: policy.excellent_from,
        Grade.GOOD: policy.good_from,
        Grade.FAIR: policy.fair_from,
    }
    fair, poor = decimal_text(policy.fair_from), Grade.POOR.label
    en = [f"{grade.label} ≥ {decimal_text(bound)}" for grade, bound in lowest.items()]
    zh = [f"{grade.label}≥{decimal_text(bound)}" for grade, bound in lowest.items()]
    return ", ".join([*en, f"{poor} < {fair}"]), "，".join([*zh, f"{poor}<{fair}"])


def _grade(
    path: str,
    subject: tuple[str, str],
    score: Decimal | None,
    grade: Grade | None,
    policy: Policy,
) -> Iterator[Hit]:
    if score is None or grade is None:
        return
    expected = policy.grade(score)
    if expected is grade:
        return
    (who, who_zh), score_text = subject, decimal_text(score)
    bands, bands_zh = _bands(policy)
    yield Hit(
        path,
        f"{who}: the grade {grade.label} ({grade.value}) contradicts the score {score_text},"
        f" which is {expected.label} ({expected.value}); bands: {bands}",
        f"{who_zh}：等级“{grade.label}”与得分{score_text}不符，该得分应为“{expected.label}”"
        f"（{bands_zh}）",
    )


@rule(
    "grade-contradicts-score",
    Severity.ERROR,
    title="Printed grade contradicts the printed score",
    title_zh="所列等级与得分不符",
    description="A printed grade (of the report or of a project) outside the band of its"
    " printed score. The bands are the scoring policy's, half open; by default 优 ≥ 90,"
    " 良 ≥ 80, 中 ≥ 60, 差 below 60 (89.5 is 良).",
)
def _grade_contradicts_score(report: Report, policy: Policy) -> Iterator[Hit]:
    yield from _grade("/grade", REPORT, report.score, report.grade, policy)
    for index, project in enumerate(report.projects):
        subject = (project.name, project.name)
        yield from _grade(f"/projects/{index}/grade", subject, project.score, project.grade, policy)


# -- rows scored below full without a reason ---------------------------------------------------

_FULL_RATE: Final = Decimal(100)


def _percent(actual: Actual | None) -> Decimal | None:
    """The actual as a percentage, when it is one (``100%``)."""
    if actual is None or actual.value is None or actual.value.unit != "%":
        return None
    return actual.value.value


def _execution_rows(project: KeyProject, p: int) -> Iterator[tuple[str, Decimal, Decimal, Decimal]]:
    """(path, rate in percent, weight, score) of each scored execution row of a project."""
    execution = project.budget_execution
    if execution is not None and execution.weight is not None and execution.score is not None:
        printed_rate = execution.rate
        totals = project.totals
        if printed_rate is None and totals is not None:
            budget, spent = totals.budget, totals.expenditure
            if budget is not None and spent is not None and not budget.amount.is_zero():
                with contextlib.suppress(CurrencyMismatchError):
                    printed_rate = rate(spent, budget)
        if printed_rate is not None:
            path = f"/projects/{p}/budget_execution"
            yield path, printed_rate, execution.weight, execution.score
    for i, indicator in enumerate(project.indicators):
        measured = _percent(indicator.actual)
        if (
            indicator.metric is IndicatorMetric.EXECUTION_RATE
            and measured is not None
            and indicator.weight is not None
            and indicator.score is not None
        ):
            yield f"/projects/{p}/indicators/{i}", measured, indicator.weight, indicator.score


@rule(
    "score-execution-below-full",
    Severity.WARNING,
    title="Budget fully executed but not scored in full",
    title_zh="预算全部执行但未得满分",
    description="The budget execution row (or an execution rate printed as an indicator) shows"
    " a rate of 100 % or more, yet its printed score is below its weight. The method gives"
    " the full weight at 100 % (min(rate, 1) × weight); a lower score needs a reason the"
    " table does not give.",
)
def _execution_below_full(report: Report, _: Policy) -> Iterator[Hit]:
    for p, project in enumerate(report.projects):
        for path, rate_, weight, score in _execution_rows(project, p):
            if rate_ < _FULL_RATE or score >= weight:
                continue
            texts = decimal_text(rate_), decimal_text(score), decimal_text(weight)
            yield Hit(
                f"{path}/score",
                f"{project.name}: the execution rate is {texts[0]} %, yet the row is scored"
                f" {texts[1]} of {texts[2]}",
                f"{project.name}：预算执行率{texts[0]}%，却只得{texts[1]}分（分值{texts[2]}）",
            )


def _met(indicator: Indicator) -> bool:
    """Whether a reviewer reads the row as met: achieved, restated, or the figure reached."""
    target, actual = indicator.target, indicator.actual
    if actual is None:
        return False
    if actual.achievement is Achievement.ACHIEVED:
        return True
    if target is None:
        return False
    if target.text is not None and actual.text is not None and target.text == actual.text:
        return True
    wanted, reached = target.value, actual.value
    if wanted is None or reached is None or reached.unit not in (None, wanted.unit):
        return False
    if target.operator in (Operator.GE, Operator.GT, None):
        return reached.value >= wanted.value
    if target.operator is Operator.EQ:
        return reached.value == wanted.value
    return reached.value <= wanted.value  # <= and <


@rule(
    "score-met-below-weight",
    Severity.WARNING,
    title="A met row scored below its weight without a reason",
    title_zh="指标完成但未得满分且未说明原因",
    description="A row whose result meets its target (the same text as the target, the figure"
    " reached, or 达成) is scored below its weight and no deviation reason (偏差原因) is"
    " recorded — the deduction a reviewer circles. Only info while the score stays within"
    " the policy's band for an achieved result (80–100 % of the weight by default): an"
    " evaluator may place it there; a warning below.",
)
def _met_below_weight(report: Report, policy: Policy) -> Iterator[Hit]:
    for p, project in enumerate(report.projects):
        for i, indicator in enumerate(project.indicators):
            weight, score = indicator.weight, indicator.score
            if (
                weight is None
                or score is None
                or weight.is_zero()
                or score >= weight
                or indicator.deviation is not None
                or indicator.metric is IndicatorMetric.EXECUTION_RATE
                or not _met(indicator)
            ):
                continue
            within = score >= EXACT.multiply(policy.achieved.low, weight)
            score_text, weight_text = decimal_text(score), decimal_text(weight)
            yield Hit(
                f"/projects/{p}/indicators/{i}/score",
                f"{indicator.name}: meets its target but is scored {score_text} of"
                f" {weight_text} with no reason recorded"
                + ("" if within else "; below the band of an achieved result"),
                f"{indicator.name}：指标已完成，但得分{score_text}（分值{weight_text}）且未说明原因"
                + ("" if within else "，低于完成指标的评分区间"),
                Severity.INFO if within else None,
            )
