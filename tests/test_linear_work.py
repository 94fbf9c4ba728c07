"""check() and score() do near-linear work: counted in calls, not timed.

Doubling the projects of a report must not much more than double the function calls
check() makes: work that grows with the square of the projects (a scan of every
report-level issue for each project, which once made check() of a 2.5 MiB report
take 46 s) shows as a ratio near 4. Calls are counted with a profile hook, so a busy
machine cannot make the test fail; the seconds are measured by
``bench/check_scale.py`` and recorded in docs/limits.md.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from perfeval import check
from perfeval.codes import IssueCategory, MoneyUnit, ReportKind
from perfeval.model import Issue, KeyProject, Report, Totals, Unit
from perfeval.money import Money
from perfeval.scoring import score


def calls(function: Callable[[], object]) -> int:
    count = 0

    def hook(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        function()
    finally:
        sys.setprofile(previous)
    return count


def named_projects(count: int) -> Report:
    """*count* projects, each named by a budget-execution issue of the report."""
    projects = [
        KeyProject(
            id=f"p{index}",
            name=f"项目{index}",
            totals=Totals(
                budget=Money("100", MoneyUnit.WAN_YUAN),
                expenditure=Money("50", MoneyUnit.WAN_YUAN),
            ),
        )
        for index in range(count)
    ]
    issues = [
        Issue(
            category=IssueCategory.BUDGET_EXECUTION,
            description="执行率偏低",
            project_ids=(f"p{index}",),
        )
        for index in reversed(range(count))
    ]
    return Report(
        title="报告",
        kind=ReportKind.PROJECT_SELF_EVALUATION,
        fiscal_year=2023,
        unit=Unit(name="单位"),
        projects=projects,
        issues=issues,
    )


def test_check_grows_linearly_with_the_projects() -> None:
    small, large = named_projects(200), named_projects(400)
    ratio = calls(lambda: check(large)) / calls(lambda: check(small))
    assert ratio < 2.3, ratio  # work that grows with the square gives about 4


def test_scoring_grows_linearly_with_the_projects() -> None:
    small, large = named_projects(200), named_projects(400)

    def all_of(report: Report) -> Callable[[], object]:
        return lambda: [score(project) for project in report.projects]

    ratio = calls(all_of(large)) / calls(all_of(small))
    assert ratio < 2.3, ratio
