"""Scores and grades: printed weights, scores and grades against each other and the method."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Final, NamedTuple

from perfeval._decimal import EXACT, decimal_text
from perfeval.checks._figures import REPORT, add, distance
from perfeval.checks._registry import GIVEN_POLICY, Hit, Severity, rule, shared
from perfeval.checks._sums import score_sum_gap
from perfeval.codes import Achievement, Grade, IndicatorMetric
from perfeval.errors import CurrencyMismatchError
from perfeval.model import BudgetExecution, Indicator, KeyProject, Report, ScoreGroup, Totals
from perfeval.money import rate

if TYPE_CHECKING:
    from perfeval.quantity import Actual
    from perfeval.scoring import Policy


class _Part(NamedTuple):
    """A scored table: a project's, or the department's."""

    prefix: str
    name: str
    execution: BudgetExecution | None
    indicators: tuple[Indicator, ...]
    score_groups: tuple[ScoreGroup, ...]
    totals: Totals | None


@shared
def _parts(report: Report) -> tuple[_Part, ...]:
    """Every project's table, then the department's."""
    parts = [
        _Part(
            f"/projects/{p}",
            project.name,
            project.budget_execution,
            project.indicators,
            project.score_groups,
            project.totals,
        )
        for p, project in enumerate(report.projects)
    ]
    department = report.department
    if department is not None:
        parts.append(
            _Part(
                "/department",
                report.unit.name,
                department.budget_execution,
                department.indicators,
                department.score_groups,
                None,
            )
        )
    return tuple(parts)


@rule(
    "score-above-weight",
    Severity.ERROR,
    title="Score above its weight",
    title_zh="得分超过分值",
    description="An indicator's or the budget execution row's printed score (得分) exceeds its"
    " weight (分值): no score can.",
)
def _above_weight(report: Report, _: Policy) -> Iterator[Hit]:
    for part in _parts(report):
        # (index of the indicator, None for the execution row, name, weight, score)
        rows: list[tuple[int | None, str, Decimal | None, Decimal | None]] = [
            (i, ind.name, ind.weight, ind.score) for i, ind in enumerate(part.indicators)
        ]
        execution = part.execution
        if execution is not None:
            rows.insert(0, (None, "预算执行率", execution.weight, execution.score))
        for index, name, weight, score in rows:
            if weight is None or score is None or score <= weight:
                continue
            row = "budget_execution" if index is None else f"indicators/{index}"
            score_text, weight_text = decimal_text(score), decimal_text(weight)
            yield Hit(
                f"{part.prefix}/{row}/score",
                f"{name}: the score {score_text} is above its weight {weight_text}",
                f"{name}：得分{score_text}超过分值{weight_text}",
            )


@rule(
    "score-weights-total",
    Severity.WARNING,
    title="Weights do not add up to their layout",
    title_zh="分值合计与评分结构不符",
    description="The weights are checked against the layout that was printed. With printed"
    " score groups (分值 headings such as 项目决策（10分）), the groups should add up to 100"
    " and each group's rows and subgroups to the group's weight, when every one of them"
    " prints its weight. Without score groups, the budget execution weight plus every"
    " indicator's weight should be 100, when rows print weights at all (a layout that"
    " prints no 分值 per row is not concerned). A different total usually means a row is"
    " missing (cut off, not transcribed) or a template with another scale; scores stay"
    " comparable only on 100, so it is a warning.",
)
def _weights_total(report: Report, _: Policy) -> Iterator[Hit]:
    for part in _parts(report):
        if part.score_groups:
            yield from _group_weights(part)
            continue
        execution = part.execution.weight if part.execution else None
        weights = [ind.weight for ind in part.indicators if ind.weight is not None]
        if not weights:
            continue  # no row prints a 分值: nothing to add up
        indicators = add(weights)
        total = EXACT.add(indicators, execution or Decimal(0))
        if total == 100 or (total < 100 and len(weights) < len(part.indicators)):
            continue  # short of 100 while rows print no weight: they may hold the rest
        total_text, indicators_text = decimal_text(total), decimal_text(indicators)
        parts = parts_zh = ""
        if execution is not None:
            parts = f"budget execution {decimal_text(execution)} + "
            parts_zh = f"预算执行{decimal_text(execution)}＋"
        yield Hit(
            part.prefix,
            f"{part.name}: the weights add up to {total_text} ({parts}indicators"
            f" {indicators_text}), not 100",
            f"{part.name}：分值合计{total_text}（{parts_zh}指标{indicators_text}），不等于100",
        )


def _group_weights(part: _Part) -> Iterator[Hit]:
    from perfeval.scoring import group_layout  # noqa: PLC0415 - see check()

    tops = [group.weight for group in part.score_groups]
    if all(weight is not None for weight in tops):
        total = add([weight for weight in tops if weight is not None])
        if total != 100:
            labels = " + ".join(
                f"{group.label} {decimal_text(group.weight)}"
                for group in part.score_groups
                if group.weight is not None
            )
            yield Hit(
                f"{part.prefix}/score_groups",
                f"{part.name}: the score groups add up to {decimal_text(total)} ({labels}),"
                " not 100",
                f"{part.name}：评分结构分值合计{decimal_text(total)}（{labels}），不等于100",
            )
    layout = group_layout(part.score_groups, part.indicators)
    count = len(layout.groups)
    inner: list[list[Decimal | None]] = [[] for _ in range(count)]
    for indicator, member in zip(part.indicators, layout.members, strict=True):
        if member is not None and (indicator.weight is not None or indicator.score is not None):
            inner[member].append(indicator.weight)
    for _, weight, parent in layout.groups:
        if parent is not None:
            inner[parent].append(weight)
    for index, (label, weight, _) in enumerate(layout.groups):
        held = inner[index]
        if weight is None or not held or any(item is None for item in held):
            continue
        summed = add([item for item in held if item is not None])
        if summed == weight:
            continue
        shown, summed_text = decimal_text(weight), decimal_text(summed)
        yield Hit(
            f"{part.prefix}/score_groups",
            f"{part.name}: the rows of {label} ({shown}) add up to {summed_text}, not {shown}",
            f"{part.name}：{label}（{shown}分）下各项分值合计{summed_text}，不等于{shown}",
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
    " perfeval.scoring.score() computes: by the policy check() is given, else by the"
    " project's printed layout. Reports round by hand (86 % printed as 9 of 10 where the"
    " rule gives 8.62), so this is a warning, not an error. Not concerned: rows the method"
    " takes as printed; rows whose weights are unknown (no 分值 printed: only the total is"
    " compared); met rows and fully executed budgets scored below full (their own findings);"
    " a total when a row could not be scored at all, or when the total already contradicts"
    " its own rows (sum-project-score).",
)
def _score_differs(report: Report, policy: Policy) -> Iterator[Hit]:
    from perfeval.scoring import Formula, Status, _verdict, achievement  # noqa: PLC0415

    given = GIVEN_POLICY.get()
    execution_rows = _execution_rows(report)
    for index, project in enumerate(report.projects):
        if not _prints_scores(project):
            continue
        full = {  # score-execution-below-full's rows
            path
            for path, rate_, weight, printed in execution_rows[index]
            if rate_ >= _FULL_RATE and printed < weight
        }
        card = _verdict(project, given)  # score(project, given), without its rows' notes
        if not card.whole:
            for component in card.differences:
                if component.status is not Status.SCORED:
                    continue  # a row taken as printed has nothing else to compare with
                printed = component.printed_score
                assert printed is not None  # noqa: S101 - a difference is printed
                path = f"/projects/{index}{component.path}"
                if path in full:
                    continue  # score-execution-below-full
                if component.path != "/budget_execution" and _direction_unknown(
                    project.indicators[int(component.path.rsplit("/", 1)[1])], printed
                ):
                    continue  # a full score for a bare target of no known direction
                if printed < component.weight and component.formula is not Formula.EXECUTION:
                    row = project.indicators[int(component.path.rsplit("/", 1)[1])]
                    if achievement(row, given) is Achievement.ACHIEVED:
                        continue  # score-met-below-weight
                yield _differs(
                    f"{path}/score",
                    component.name,
                    printed,
                    component.score,
                    what=("score", "得分"),
                )
        shown = project.score
        if (
            shown is not None
            and card.complete
            and score_sum_gap(project) is None
            and distance(shown, card.total) > policy.tolerance
        ):
            yield _differs(
                f"/projects/{index}/score",
                project.name,
                shown,
                card.total,
                what=("total score", "总分"),
            )


def _direction_unknown(indicator: Indicator, printed: Decimal) -> bool:
    """A full score for a bare figure whose direction the row does not state.

    ``100%`` against ``92%`` for a 控制率: the method reads a bare target as "more is
    better", but the evaluator may have read it as a ceiling; the full score stands.
    """
    from perfeval.scoring import is_cost  # noqa: PLC0415 - see check()

    target = indicator.target
    return (
        target is not None
        and target.operator is None
        and target.value is not None
        and indicator.weight is not None
        and printed == indicator.weight
        and not is_cost(indicator)
        and not any(word in indicator.name for word in _RISING_RATES)
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
    *,
    bands: tuple[str, str],
) -> Iterator[Hit]:
    """A hit if *grade* is not the policy's for *score*; *bands* are :func:`_bands`."""
    if score is None or grade is None:
        return
    expected = policy.grade(score)
    if expected is grade:
        return
    (who, who_zh), score_text = subject, decimal_text(score)
    bands_en, bands_zh = bands
    yield Hit(
        path,
        f"{who}: the grade {grade.label} ({grade.value}) contradicts the score {score_text},"
        f" which is {expected.label} ({expected.value}); bands: {bands_en}",
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
    bands = _bands(policy)
    yield from _grade("/grade", REPORT, report.score, report.grade, policy, bands=bands)
    for index, project in enumerate(report.projects):
        subject = (project.name, project.name)
        path = f"/projects/{index}/grade"
        yield from _grade(path, subject, project.score, project.grade, policy, bands=bands)


# -- rows scored below full without a reason ---------------------------------------------------

_FULL_RATE: Final = Decimal(100)


def _percent(actual: Actual | None) -> Decimal | None:
    """The actual as a percentage, when it is one (``100%``)."""
    if actual is None or actual.value is None or actual.value.unit != "%":
        return None
    return actual.value.value


_ExecutionRow = tuple[str, Decimal, Decimal, Decimal]


@shared
def _execution_rows(report: Report) -> tuple[tuple[_ExecutionRow, ...], ...]:
    """:func:`_table_execution_rows` of each table of :func:`_parts`, in order."""
    return tuple(tuple(_table_execution_rows(part)) for part in _parts(report))


def _table_execution_rows(part: _Part) -> Iterator[_ExecutionRow]:
    """(path, rate in percent, weight, score) of each scored execution row of a table."""
    execution = part.execution
    if execution is not None and execution.weight is not None and execution.score is not None:
        printed_rate = execution.rate
        totals = part.totals
        if printed_rate is None and totals is not None:
            budget, spent = totals.budget, totals.expenditure
            if budget is not None and spent is not None and not budget.amount.is_zero():
                with contextlib.suppress(CurrencyMismatchError):
                    printed_rate = rate(spent, budget)
        if printed_rate is not None:
            path = f"{part.prefix}/budget_execution"
            yield path, printed_rate, execution.weight, execution.score
    for i, indicator in enumerate(part.indicators):
        if indicator.metric is not IndicatorMetric.EXECUTION_RATE:
            continue
        measured = _percent(indicator.actual)
        if measured is not None and indicator.weight is not None and indicator.score is not None:
            yield f"{part.prefix}/indicators/{i}", measured, indicator.weight, indicator.score


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
    for part, rows in zip(_parts(report), _execution_rows(report), strict=True):
        for path, rate_, weight, score in rows:
            if rate_ < _FULL_RATE or score >= weight:
                continue
            texts = decimal_text(rate_), decimal_text(score), decimal_text(weight)
            yield Hit(
                f"{path}/score",
                f"{part.name}: the execution rate is {texts[0]} %, yet the row is scored"
                f" {texts[1]} of {texts[2]}",
                f"{part.name}：预算执行率{texts[0]}%，却只得{texts[1]}分（分值{texts[2]}）",
            )


def _scored_rows(part: _Part) -> Iterator[tuple[str, Indicator, Decimal, Decimal]]:
    """(path, indicator, weight, score) of each indicator that prints both, execution aside."""
    for i, indicator in enumerate(part.indicators):
        weight, score = indicator.weight, indicator.score
        if (
            weight is None
            or score is None
            or weight <= 0
            or indicator.metric is IndicatorMetric.EXECUTION_RATE
        ):
            continue
        yield f"{part.prefix}/indicators/{i}", indicator, weight, score


@rule(
    "score-met-below-weight",
    Severity.WARNING,
    title="A met row scored below its weight without a reason",
    title_zh="指标完成但未得满分且未说明原因",
    description="A row whose result meets its target (the figure reached, the same text as the"
    " target, 达成, or words the policy reads as met such as 完成 or 符合) is scored below"
    " its weight and no deviation reason (偏差原因) is recorded — the deduction a reviewer"
    " circles. Only info while the score stays within the policy's band for an achieved"
    " result (80–100 % of the weight by default): an evaluator may place it there; a"
    " warning below.",
)
def _met_below_weight(report: Report, policy: Policy) -> Iterator[Hit]:
    from perfeval.scoring import achievement  # noqa: PLC0415 - see check()

    for part in _parts(report):
        for path, indicator, weight, score in _scored_rows(part):
            if (
                score >= weight
                or indicator.deviation is not None
                or achievement(indicator, policy) is not Achievement.ACHIEVED
            ):
                continue
            within = score >= EXACT.multiply(policy.achieved.low, weight)
            score_text, weight_text = decimal_text(score), decimal_text(weight)
            yield Hit(
                f"{path}/score",
                f"{indicator.name}: meets its target but is scored {score_text} of"
                f" {weight_text} with no reason recorded"
                + ("" if within else "; below the band of an achieved result"),
                f"{indicator.name}：指标已完成，但得分{score_text}（分值{weight_text}）且未说明原因"
                + ("" if within else "，低于完成指标的评分区间"),
                Severity.INFO if within else None,
            )


#: Words of a rate whose higher values are better, for targets printed without an
#: operator (``100%``): 执行率, 完成率 … A bare target of another row states no direction.
_RISING_RATES: Final = (
    "执行率",
    "完成率",
    "合格率",
    "达标率",
    "覆盖率",
    "及时率",
    "满意度",
    "满意率",
    "知晓率",
    "到位率",
    "兑现率",
    "发放率",
    "验收率",
    "办结率",
)


def _short_of_target(indicator: Indicator, policy: Policy) -> bool:
    """Whether the result falls short of a target whose direction is printed or plain."""
    from perfeval.scoring import achievement, is_cost  # noqa: PLC0415 - see check()

    target = indicator.target
    if target is None or achievement(indicator, policy) is not Achievement.NOT_ACHIEVED:
        return False
    if target.value is None or target.operator is not None or is_cost(indicator):
        return True  # words (未完成), a printed operator, or a 成本 ceiling
    return any(word in indicator.name for word in _RISING_RATES)


@rule(
    "score-unmet-full",
    Severity.WARNING,
    title="A row short of its target scored in full",
    title_zh="指标未完成却得满分",
    description="A row whose result falls short of its target (政府采购执行率 72.74 % against"
    " 100 %; a result that reads 未完成) is scored its full weight. Only targets whose"
    " direction is known count: a printed operator (≥, ≤ …), a 成本 ceiling, or a rate whose"
    " name says higher is better (执行率, 完成率, 合格率 …); a bare target of another row (a"
    " 控制率, a count) states no direction, and is not concerned.",
)
def _unmet_full(report: Report, policy: Policy) -> Iterator[Hit]:
    for part in _parts(report):
        for path, indicator, weight, score in _scored_rows(part):
            if score < weight or not _short_of_target(indicator, policy):
                continue
            target, actual = indicator.target, indicator.actual
            assert target is not None and actual is not None  # noqa: PT018, S101
            wanted = target.text or str(target.value)
            got = actual.text or str(actual.value)
            yield Hit(
                f"{path}/score",
                f"{indicator.name}: the result {got} falls short of the target {wanted}, yet the"
                f" row is scored its full {decimal_text(weight)}",
                f"{indicator.name}：实际完成值{got}未达到目标值{wanted}，却得满分{decimal_text(weight)}",
            )


@rule(
    "score-deduction-unexplained",
    Severity.INFO,
    title="A deduction with no reason recorded",
    title_zh="扣分未说明原因",
    description="A row with a target or a result is scored below its weight, its result does"
    " not meet the target (or cannot be read against it), and no deviation reason (偏差原因"
    " 分析及改进措施) is recorded: the self-evaluation table asks for one wherever points are"
    " lost. Info: the figures often show the shortfall themselves. Met rows and execution"
    " rows have their own findings.",
)
def _deduction_unexplained(report: Report, policy: Policy) -> Iterator[Hit]:
    from perfeval.scoring import achievement  # noqa: PLC0415 - see check()

    for part in _parts(report):
        for path, indicator, weight, score in _scored_rows(part):
            if (
                score >= weight
                or indicator.deviation is not None
                or (indicator.target is None and indicator.actual is None)
                or achievement(indicator, policy) is Achievement.ACHIEVED
            ):
                continue
            score_text, weight_text = decimal_text(score), decimal_text(weight)
            yield Hit(
                f"{path}/score",
                f"{indicator.name}: scored {score_text} of {weight_text}, and no reason for the"
                " deduction (偏差原因) is recorded",
                f"{indicator.name}：得分{score_text}（分值{weight_text}），未说明扣分原因（偏差原因）",
            )
