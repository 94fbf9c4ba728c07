"""Budget execution: expenditure against budget, for each project and the report.

A project's figures are its printed totals, or the sum of its lines where the totals
leave a figure blank or print zero while the lines carry money; the report's figures
are its printed totals, completed the same way from the projects.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

import attrs

from perfeval._decimal import EXACT, decimal_text
from perfeval.checks._figures import (
    REPORT,
    Column,
    SpendingColumns,
    column,
    exponent,
    pct,
    printed,
    spending_columns,
    tidy,
)
from perfeval.checks._registry import Hit, Severity, rule, shared
from perfeval.codes import IssueCategory
from perfeval.model import Issue, KeyProject, Report
from perfeval.money import Money, rate

if TYPE_CHECKING:
    from perfeval.scoring import Policy


@attrs.frozen
class _Figure:
    """A figure the execution rules use, and where it was read."""

    amount: Money
    path: str


def _figure(
    shown: Money | None, shown_path: str, rows: Column | None, rows_path: str
) -> _Figure | None:
    """The printed total, or the rows' sum where the total is blank, or zero against money."""
    amounts, summed = ((), None) if rows is None else rows
    if amounts and summed is None:
        return None  # the rows mix currencies: sum-currencies-mixed
    if shown is not None and not (shown.is_zero() and summed is not None and not summed.is_zero()):
        return _Figure(shown, shown_path)
    if summed is not None:
        return _Figure(summed, rows_path)
    return None


def _project_figure(
    project: KeyProject, index: int, figure: str, columns: SpendingColumns
) -> _Figure | None:
    return _figure(
        printed(project.totals, figure),
        f"/projects/{index}/totals/{figure}",
        getattr(columns, figure),
        f"/projects/{index}/budget_lines",
    )


class _Figures(NamedTuple):
    """A project's budget and expenditure figures, where known."""

    budget: _Figure | None
    expenditure: _Figure | None


@shared
def _project_figures(report: Report) -> tuple[_Figures, ...]:
    """The figures of every project, in order."""
    return tuple(
        _Figures(
            _project_figure(project, index, "budget", columns),
            _project_figure(project, index, "expenditure", columns),
        )
        for index, (project, columns) in enumerate(
            zip(report.projects, spending_columns(report), strict=True)
        )
    )


def _report_figure(report: Report, figure: str) -> _Figure | None:
    # A report without totals states no overall rate: its projects' rates are checked.
    if report.totals is None:
        return None
    parts: list[_Figure | None] = [getattr(figures, figure) for figures in _project_figures(report)]
    rows = None if None in parts else column([part.amount for part in parts if part is not None])
    return _figure(printed(report.totals, figure), f"/totals/{figure}", rows, "/projects")


def _explains(issue: Issue) -> bool:
    return issue.category is IssueCategory.BUDGET_EXECUTION


def _named_by_report(report: Report) -> frozenset[str]:
    """The ids of the projects a budget-execution issue of the report names."""
    return frozenset(
        project_id
        for issue in report.issues
        if _explains(issue)
        for project_id in issue.project_ids
    )


def _project_explained(project: KeyProject, named: frozenset[str]) -> bool:
    return (
        project.id in named
        or any(indicator.deviation for indicator in project.indicators)
        or any(_explains(issue) for issue in project.issues)
    )


@attrs.frozen
class _Spending:
    """A budget and its expenditure: of a project or of the report."""

    subject: str
    subject_zh: str
    budget: _Figure
    expenditure: _Figure
    explained: bool

    @property
    def spent(self) -> Money:
        return self.expenditure.amount

    @property
    def planned(self) -> Money:
        return self.budget.amount

    def figures(self, executed: Decimal) -> tuple[str, str]:
        """The money and the rate, in English and Chinese."""
        return (
            f"{self.spent} spent of a budget of {self.planned}: execution rate {pct(executed)}",
            f"预算{self.planned}，支出{self.spent}，预算执行率{pct(executed)}",
        )


def _comparable(budget: _Figure | None, spent: _Figure | None) -> bool:
    """Both figures known, in one currency (else sum-currencies-mixed says so)."""
    return (
        budget is not None and spent is not None and budget.amount.currency == spent.amount.currency
    )


@shared
def _spending(report: Report) -> tuple[_Spending, ...]:
    """Every project's budget and expenditure, then the report's, where both are known."""
    named = _named_by_report(report)
    found: list[_Spending] = []
    for project, (budget, spent) in zip(report.projects, _project_figures(report), strict=True):
        if _comparable(budget, spent):
            assert budget is not None and spent is not None  # noqa: PT018, S101
            explained = _project_explained(project, named)
            found.append(_Spending(project.name, project.name, budget, spent, explained))
    budget, spent = _report_figure(report, "budget"), _report_figure(report, "expenditure")
    if _comparable(budget, spent):
        assert budget is not None and spent is not None  # noqa: PT018, S101
        # The report's own rate: a budget-execution issue of the report, or a reason
        # in any project.
        explained = any(_explains(issue) for issue in report.issues) or any(
            _project_explained(project, named) for project in report.projects
        )
        found.append(_Spending(*REPORT, budget, spent, explained))
    return tuple(found)


@shared
def _rates(report: Report) -> tuple[tuple[_Spending, Decimal], ...]:
    """Each budget and expenditure with its execution rate, where the budget is not zero."""
    return tuple(
        (spending, rate(spending.spent, spending.planned))
        for spending in _spending(report)
        if not spending.planned.is_zero()
    )


@rule(
    "execution-zero-budget",
    Severity.ERROR,
    title="Spending against a zero budget",
    title_zh="预算为零却有支出",
    description="Expenditure above zero against a budget of zero: no execution rate exists. As"
    " for every execution rule, a project's figures are its printed totals, or the sum of its"
    " lines where the totals leave a figure blank or print zero while the lines carry"
    " money; the report's figures are its printed totals, completed the same way from"
    " the projects (a report that prints no totals states no overall rate).",
)
def _zero_budget(report: Report, _: Policy) -> Iterator[Hit]:
    for spending in _spending(report):
        spent, planned = spending.spent, spending.planned
        if planned.is_zero() and not spent.is_zero():
            yield Hit(
                spending.budget.path,
                f"{spending.subject}: {spent} spent against a budget of {planned}",
                f"{spending.subject_zh}：预算为{planned}，却支出{spent}",
            )


@rule(
    "execution-overspend",
    Severity.WARNING,
    title="Execution rate above 100 % (overspent)",
    title_zh="预算执行率超过100%（超支）",
    description="The execution rate, expenditure ÷ budget (全年执行数 ÷ 全年预算数), rounded half"
    " up to 0.01 %, is above 100 % for a project or for the report: more was spent than"
    " budgeted, which the report should explain (a budget adjustment not recorded,"
    " money from another source).",
)
def _overspend(report: Report, _: Policy) -> Iterator[Hit]:
    for spending, executed in _rates(report):
        if executed > 100:
            figures, figures_zh = spending.figures(executed)
            yield Hit(
                spending.expenditure.path,
                f"{spending.subject}: {figures}, above 100 % (overspent)",
                f"{spending.subject_zh}：{figures_zh}，超过100%（超支）",
            )


@rule(
    "execution-low",
    Severity.WARNING,
    title="Execution rate below 90 %",
    title_zh="预算执行率低于90%",
    description="The execution rate is below the policy's expected rate (execution_expected,"
    " 90 % by default), where a reason is expected. The finding is"
    " only info when the report records an explanation: for a project, a deviation text"
    " (偏差原因分析) on any of its indicators, or a budget-execution issue (预算执行) of"
    " the project or of the report naming the project; for the report, a budget-execution"
    " issue of the report or an explanation in any project.",
)
def _low(report: Report, policy: Policy) -> Iterator[Hit]:
    expected = EXACT.multiply(policy.execution_expected, Decimal(100))
    shown = decimal_text(tidy(expected))
    for spending, executed in _rates(report):
        if executed >= expected:
            continue
        figures, figures_zh = spending.figures(executed)
        if spending.explained:
            yield Hit(
                spending.expenditure.path,
                f"{spending.subject}: {figures}, below {shown} %; the report gives a reason",
                f"{spending.subject_zh}：{figures_zh}，低于{shown}%，报告已说明原因",
                Severity.INFO,
            )
        else:
            yield Hit(
                spending.expenditure.path,
                f"{spending.subject}: {figures}, below {shown} % and no reason is recorded",
                f"{spending.subject_zh}：{figures_zh}，低于{shown}%且未说明原因",
            )


@rule(
    "execution-rate-printed",
    Severity.ERROR,
    title="Printed execution rate differs from the money",
    title_zh="所列执行率与金额不符",
    description="The execution rate a self-evaluation prints (budget_execution.rate) is"
    " compared with expenditure ÷ budget rounded half up to the decimals printed (86 matches"
    " 86.40 %, 86.4 does not match 86.46 %).",
)
def _printed_rate(report: Report, _: Policy) -> Iterator[Hit]:
    figures = _project_figures(report)
    for index, (project, (budget, spent)) in enumerate(zip(report.projects, figures, strict=True)):
        shown = project.budget_execution.rate if project.budget_execution else None
        if shown is None or not _comparable(budget, spent):
            continue
        assert budget is not None and spent is not None  # noqa: PT018, S101
        if budget.amount.is_zero():
            continue
        places = max(0, -exponent(shown))
        if rate(spent.amount, budget.amount, places) == shown:
            continue
        exact = rate(spent.amount, budget.amount, max(places, 2))
        yield Hit(
            f"/projects/{index}/budget_execution/rate",
            f"{project.name}: the printed execution rate {pct(shown)} differs from"
            f" expenditure {spent.amount} ÷ budget {budget.amount} = {pct(exact)}",
            f"{project.name}：所列执行率{pct(shown)}与支出{spent.amount}÷预算{budget.amount}"
            f"＝{pct(exact)}不符",
        )
