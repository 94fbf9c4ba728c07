"""Sums and totals: a printed total against the rows it adds up.

The money totals of the report and of each project, the expenditure categories and a
project's total score. A total row printed as zero, or leaving a figure blank, while
its rows carry money is a rule of its own (``total-zero``, ``total-missing``) rather
than a sum finding.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

from perfeval._decimal import EXACT, decimal_text
from perfeval.checks._figures import (
    FIGURE_EN,
    FIGURE_ZH,
    FIGURES,
    REPORT,
    Gap,
    add,
    exponent,
    gap,
    line_amounts,
    money_sum,
    one_currency,
    printed,
    rounding,
    rows_text,
    spending_columns,
    tidy,
)
from perfeval.checks._registry import Hit, Severity, rule
from perfeval.model import BudgetExecution, Indicator, KeyProject, Report
from perfeval.money import Money

if TYPE_CHECKING:
    from perfeval.scoring import Policy

_ROUNDING_NOTE: Final = (
    "Printed figures are rounded for display, so a sum of n rounded rows may differ from"
    " its rounded total by up to (n + 1) × half a unit of the last printed digit (the"
    " finest decimal place among the figures compared, in any money unit): a gap within"
    " that envelope is only info; beyond it, an error."
)
_LINES: Final = ("the lines", "资金明细")
_PROJECTS: Final = ("the projects", "各项目")


@attrs.frozen
class _Total:
    """One figure of a printed total row, and the rows it sums.

    *subject* (who prints the total) and *rows_name* (what it sums) are (English,
    Chinese) pairs; *printed* is ``None`` where the total row leaves the figure blank.
    """

    path: str
    subject: tuple[str, str]
    figure: str
    rows_name: tuple[str, str]
    printed: Money | None
    rows: tuple[Money, ...]

    def gap(self) -> Gap | None:
        return None if self.printed is None else gap(self.printed, self.rows)


def _project_totals(report: Report) -> Iterator[_Total]:
    """Each project's printed totals against its budget lines."""
    for index, project in enumerate(report.projects):
        if project.totals is None:
            continue
        subject = (project.name, project.name)
        for figure in FIGURES:
            rows = line_amounts(project, figure)
            if rows:
                total = printed(project.totals, figure)
                path = f"/projects/{index}/totals"
                yield _Total(path, subject, figure, _LINES, total, tuple(rows))


def _report_rows(report: Report, figure: str) -> list[Money] | None:
    """The rows a report total sums: each project's lines, or else its total.

    ``None`` when some project has neither (the sum is unknown), or there is no project.
    """
    rows: list[Money] = []
    for project in report.projects:
        lines = line_amounts(project, figure)
        if lines:
            rows.extend(lines)
            continue
        total = printed(project.totals, figure)
        if total is None:
            return None
        rows.append(total)
    return rows or None


def _report_totals(report: Report) -> Iterator[_Total]:
    """The report's printed totals against its projects."""
    if report.totals is None:
        return
    for figure in FIGURES:
        rows = _report_rows(report, figure)
        if rows is not None:
            total = printed(report.totals, figure)
            yield _Total("/totals", REPORT, figure, _PROJECTS, total, tuple(rows))


def _zero_against_money(found: Gap) -> bool:
    """Whether a total printed as zero misses its rows beyond rounding (``total-zero``)."""
    return not found.within and found.total.is_zero()


def _sum_hits(totals: Iterator[_Total]) -> Iterator[Hit]:
    """A sum finding for each printed total that misses its rows: info within rounding."""
    for total in totals:
        found = total.gap()
        if found is None or found.gap.is_zero() or _zero_against_money(found):
            continue
        (who, who_zh), (what, what_zh) = total.subject, total.rows_name
        en, zh = FIGURE_EN[total.figure], FIGURE_ZH[total.figure]
        verdict, verdict_zh = rounding(found.within, found.tolerance)
        yield Hit(
            f"{total.path}/{total.figure}",
            f"{who}: the {en} total {found.total} differs from the sum of {what},"
            f" {found.sum} ({rows_text(found.rows)}), by {found.gap}: {verdict}",
            f"{who_zh}：{zh}合计{found.total}与{what_zh}之和{found.sum}（{found.rows}行）"
            f"相差{found.gap}，{verdict_zh}",
            Severity.INFO if found.within else None,
        )


@rule(
    "sum-report-totals",
    Severity.ERROR,
    title="Report totals are the sum of the projects",
    title_zh="报告合计等于各项目之和",
    description="Each figure of the report's totals (initial budget, budget, expenditure) is"
    " compared with the sum of every project's budget lines. A project that prints totals but"
    " no lines carrying that figure contributes its own total instead; when some project has"
    " neither, the sum is unknown and the figure is not compared. " + _ROUNDING_NOTE,
)
def _report_sums(report: Report, _: Policy) -> Iterator[Hit]:
    return _sum_hits(_report_totals(report))


@rule(
    "sum-project-totals",
    Severity.ERROR,
    title="Project totals are the sum of its lines",
    title_zh="项目合计等于资金明细之和",
    description="Each figure of a project's printed totals is compared with the sum of its"
    " budget lines that carry the figure (lines leaving it blank are not rows of that column)."
    " Lines are the rows of the project's money table, so they are expected to add up"
    " to its total row. " + _ROUNDING_NOTE,
)
def _project_sums(report: Report, _: Policy) -> Iterator[Hit]:
    return _sum_hits(_project_totals(report))


@rule(
    "sum-expenditure-categories",
    Severity.ERROR,
    title="Expenditure categories add up to the expenditure",
    title_zh="支出构成之和等于支出合计",
    description="The amounts of the report's expenditure_by_category (业务工作经费, 专项经费 …)"
    " are compared with the report's printed expenditure total; without a printed total"
    " nothing is compared. " + _ROUNDING_NOTE,
)
def _categories(report: Report, _: Policy) -> Iterator[Hit]:
    total = printed(report.totals, "expenditure")
    if not report.expenditure_by_category or total is None:
        return
    found = gap(total, [item.amount for item in report.expenditure_by_category])
    if found is None or found.gap.is_zero():
        return  # mixed currencies: sum-currencies-mixed
    verdict, verdict_zh = rounding(found.within, found.tolerance)
    yield Hit(
        "/expenditure_by_category",
        f"the report: the expenditure categories add up to {found.sum}"
        f" ({rows_text(found.rows)}), the expenditure total is {total}: {found.gap} apart,"
        f" {verdict}",
        f"报告：支出构成合计{found.sum}（{found.rows}项），支出合计{total}，相差{found.gap}，"
        f"{verdict_zh}",
        Severity.INFO if found.within else None,
    )


class ScoreGap(NamedTuple):
    """A printed total score its own rows contradict."""

    summed: Decimal  # the printed row scores added
    rows: int  # how many rows print a score
    bound: Decimal | None  # the most the rows can add up to, when some print no score
    open_rows: int  # rows without a printed score whose weight bounds them
    apart: Decimal  # how far the total is beyond what the rows allow
    half: Decimal  # half a unit of the total's last printed digit


def score_sum_gap(project: KeyProject) -> ScoreGap | None:
    """How far a project's printed total is from its rows, when they contradict it.

    Rows that print no score but have a weight (printed, or from the project's printed
    score groups) can add at most that weight; a total beyond that bound, or below
    the printed rows alone, is contradicted. Unknown weights leave a total above the
    printed rows undecided.
    """
    total = project.score
    execution = project.budget_execution
    parts: list[BudgetExecution | Indicator] = [*project.indicators]
    if execution is not None:
        parts.insert(0, execution)
    rows = [part.score for part in parts if part.score is not None]
    if total is None or not rows:
        return None
    summed = add(rows)
    half = tidy(Decimal(5).scaleb(exponent(total) - 1))
    open_weights = _open_weights(project)
    bound = None
    if open_weights:
        if any(weight is None for weight in open_weights):
            if total >= summed:
                return None  # rows of unknown weight may make up the difference
        else:
            bound = tidy(EXACT.add(summed, add([w for w in open_weights if w is not None])))
    if total < summed:
        apart = EXACT.subtract(summed, total)
    elif bound is not None:
        apart = tidy(EXACT.subtract(total, bound)) if total > bound else Decimal(0)
    else:
        apart = EXACT.subtract(total, summed)
    if apart <= half:
        return None
    return ScoreGap(summed, len(rows), bound, len(open_weights), apart, half)


def _open_weights(project: KeyProject) -> list[Decimal | None]:
    """The weights of the rows that print no score but count: ``None`` where unknown."""
    grouped: dict[int, Decimal] = {}
    if project.score_groups:
        from perfeval.scoring import score  # noqa: PLC0415 - see check()

        card = score(project)
        for c in card.components:
            if c.path.startswith("/indicators/"):
                grouped[int(c.path.rsplit("/", 1)[1])] = c.weight
    weights: list[Decimal | None] = []
    execution = project.budget_execution
    if execution is not None and execution.score is None and execution.weight is not None:
        weights.append(execution.weight)
    for index, indicator in enumerate(project.indicators):
        if indicator.score is not None:
            continue
        if indicator.weight is not None:
            weights.append(indicator.weight)
        elif index in grouped and grouped[index] > 0:
            weights.append(grouped[index])
    return weights


@rule(
    "sum-project-score",
    Severity.ERROR,
    title="A project's total score is the sum of its scores",
    title_zh="项目总分等于各项得分之和",
    description="A project's printed total score (总分) is compared with the budget execution"
    " score plus every indicator's score. Rows that print no score but carry a weight"
    " (printed, or from the printed score groups) can add at most that weight, so a total"
    " above that bound is contradicted too; a total below the printed rows always is."
    " Scores are added as printed, not rounded like money: a total rounded for display is"
    " within half a unit of its own last printed digit of the sum (0.5 for a total printed"
    " as 92), so a larger gap is a warning, and a gap of more than one point an error — a"
    " total printed several points too high is the commonest arithmetic mistake of"
    " published self-evaluation tables.",
)
def _score_sum(report: Report, _: Policy) -> Iterator[Hit]:
    for index, project in enumerate(report.projects):
        gap = score_sum_gap(project)
        if gap is None:
            continue
        total = project.score
        assert total is not None  # noqa: S101 - a gap needs a printed total
        total_text, summed_text = decimal_text(total), decimal_text(gap.summed)
        apart_text = decimal_text(gap.apart)
        beyond = gap.apart > 1
        why = "more than one point" if beyond else f"more than rounding explains (±{gap.half})"
        why_zh = "超过1分" if beyond else f"超出总分的舍入误差（±{gap.half}）"
        if gap.bound is None or total < gap.summed:
            en = (
                f"the total score {total_text} differs from the sum of the scores,"
                f" {summed_text} ({rows_text(gap.rows)}), by {apart_text}"
            )
            zh = f"总分{total_text}与各项得分之和{summed_text}（{gap.rows}项）相差{apart_text}"
        else:
            bound_text = decimal_text(gap.bound)
            en = (
                f"the total score {total_text} is {apart_text} above the most its rows can add"
                f" up to: {summed_text} printed ({rows_text(gap.rows)}) plus at most"
                f" {decimal_text(tidy(EXACT.subtract(gap.bound, gap.summed)))} for"
                f" {rows_text(gap.open_rows)} without a printed score, {bound_text}"
            )
            zh = (
                f"总分{total_text}超过各项可能得分之和的上限{bound_text}"
                f"（已列得分{summed_text}，另有{gap.open_rows}项未列得分，至多"
                f"{decimal_text(tidy(EXACT.subtract(gap.bound, gap.summed)))}分）{apart_text}分"
            )
        yield Hit(
            f"/projects/{index}/score",
            f"{project.name}: {en}: {why}",
            f"{project.name}：{zh}，{why_zh}",
            None if beyond else Severity.WARNING,
        )


def _currencies(amounts: Iterable[Money]) -> str:
    return ", ".join(sorted({amount.currency for amount in amounts}))


@rule(
    "sum-currencies-mixed",
    Severity.WARNING,
    title="Figures to be added or compared are in different currencies",
    title_zh="需合计或比较的金额币种不同",
    description="A total and the rows it sums (a project's lines, the report's projects, the"
    " expenditure categories), or a budget and its expenditure, are printed in different"
    " currencies. No exchange rate is part of a report, so they are neither added nor"
    " compared: the sum and execution rules skip them, and this says so. A report entirely"
    " in one currency, whatever it is, is not concerned.",
)
def _currencies_mixed(report: Report, _: Policy) -> Iterator[Hit]:
    for total in itertools.chain(_report_totals(report), _project_totals(report)):
        figures = (*total.rows, *([total.printed] if total.printed is not None else []))
        if one_currency(figures):
            continue
        (who, who_zh), (what, what_zh) = total.subject, total.rows_name
        en, zh = FIGURE_EN[total.figure], FIGURE_ZH[total.figure]
        shown = _currencies(figures)
        yield Hit(
            f"{total.path}/{total.figure}",
            f"{who}: the {en} total and {what} are in different currencies ({shown}):"
            " they cannot be added",
            f"{who_zh}：{zh}合计与{what_zh}币种不同（{shown}），无法合计",
        )
    categories = [item.amount for item in report.expenditure_by_category]
    spent = printed(report.totals, "expenditure")
    if categories and spent is not None and not one_currency((spent, *categories)):
        shown = _currencies((spent, *categories))
        yield Hit(
            "/expenditure_by_category",
            f"the report: the expenditure categories and the expenditure total are in"
            f" different currencies ({shown}): they cannot be added",
            f"报告：支出构成与支出合计币种不同（{shown}），无法合计",
        )
    columns = spending_columns(report)
    for index, (project, lines) in enumerate(zip(report.projects, columns, strict=True)):
        totals = project.totals
        budget = printed(totals, "budget") or lines.budget.sum
        spent_ = printed(totals, "expenditure") or lines.expenditure.sum
        if budget is None or spent_ is None or budget.currency == spent_.currency:
            continue
        shown = _currencies((budget, spent_))
        yield Hit(
            f"/projects/{index}",
            f"{project.name}: the budget and the expenditure are in different currencies"
            f" ({shown}): no execution rate can be computed",
            f"{project.name}：预算与支出币种不同（{shown}），无法计算预算执行率",
        )


@rule(
    "total-zero",
    Severity.ERROR,
    title="A total of zero while its rows carry money",
    title_zh="合计为零而明细有金额",
    description="A total (of the report or of a project) printed as zero while the rows it"
    " sums carry money beyond display rounding. This is the typical mistake of a template"
    " whose 合计 row was not filled in; it replaces the sum finding for that figure.",
)
def _total_zero(report: Report, _: Policy) -> Iterator[Hit]:
    for total in itertools.chain(_report_totals(report), _project_totals(report)):
        found = total.gap()
        if found is None or not _zero_against_money(found):
            continue
        (who, who_zh), (what, what_zh) = total.subject, total.rows_name
        en, zh = FIGURE_EN[total.figure], FIGURE_ZH[total.figure]
        yield Hit(
            f"{total.path}/{total.figure}",
            f"{who}: the {en} total is printed as {found.total} while {what} carry {found.sum}",
            f"{who_zh}：{zh}合计印为{found.total}，而{what_zh}合计{found.sum}",
        )


@rule(
    "total-missing",
    Severity.WARNING,
    title="A total row leaves a figure blank that its rows carry",
    title_zh="合计行缺少明细中有的金额",
    description="The report or a project prints totals, but leaves one figure blank (initial"
    " budget, budget or expenditure) while its rows carry a non-zero amount for it. Nothing"
    " is contradicted, so it is a warning; a report without any totals is not a finding.",
)
def _total_missing(report: Report, _: Policy) -> Iterator[Hit]:
    for total in itertools.chain(_report_totals(report), _project_totals(report)):
        if total.printed is not None:
            continue
        carried = money_sum(total.rows)
        if carried is None or carried.is_zero():
            continue
        (who, who_zh), (what, what_zh) = total.subject, total.rows_name
        yield Hit(
            total.path,
            f"{who}: the totals leave the {FIGURE_EN[total.figure]} blank while {what} carry"
            f" {carried}",
            f"{who_zh}：合计未列{FIGURE_ZH[total.figure]}，而{what_zh}合计{carried}",
        )
