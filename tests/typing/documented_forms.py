# pyright: strict
"""The forms the README, the reference pages and the docstrings teach, as typed user code.

Both type checkers must accept every line with no error; ``test_typing.py`` also runs
the program, so each form is one that works.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from typing_extensions import assert_type

import perfeval
from perfeval import (
    Actual,
    BudgetExecution,
    BudgetLine,
    FundSource,
    GovernmentLevel,
    Indicator,
    IndicatorLevel1,
    IndicatorLevel2,
    Issue,
    IssueCategory,
    KeyProject,
    Money,
    MoneyUnit,
    Operator,
    ProjectType,
    Qualifier,
    Quantity,
    Report,
    ReportKind,
    Target,
    Totals,
    Unit,
    dumps,
    examples,
    loads,
    parse_actual,
    parse_money,
    parse_target,
    rate,
)
from perfeval.checks import Finding, Severity, check
from perfeval.schema import validate
from perfeval.scoring import POLICIES, Policy, ScoreCard, score


def money_and_quantities() -> None:
    """README and docs/money-and-quantities.md."""
    spent = perfeval.parse_money("1,022.17万元")
    budget = perfeval.parse_money("654.45万元")
    assert_type(spent - budget, Money)
    assert_type(perfeval.rate(spent, budget), Decimal)
    assert_type(perfeval.parse_quantity("3.2万余册"), Quantity)
    assert_type(Money("654.45", MoneyUnit.WAN_YUAN), Money)
    assert_type(Money(Decimal("0.1"), MoneyUnit.YUAN, currency="CNY").amount, Decimal)
    assert_type(Money(0, MoneyUnit.WAN_YUAN).unit, MoneyUnit)
    assert_type(Quantity("32000", "册", Qualifier.AT_LEAST).value, Decimal)
    assert_type(Quantity(5, qualifier=Qualifier.APPROXIMATELY).unit, str | None)
    assert_type(Target(Operator.QUALITATIVE, text="效果明显").operator, Operator | None)
    assert_type(Actual(value=Quantity(50)).value, Quantity | None)
    assert_type(rate(parse_money("86万元"), parse_money("100万元"), 2), Decimal)


def model() -> Report:
    """The model's docstrings and docs/model.md: lists, tuples and generators as arrays."""
    line = BudgetLine(source=FundSource.FISCAL, budget=Money("213.28", MoneyUnit.WAN_YUAN))
    listed = KeyProject(id="public-service", name="公共服务", budget_lines=[line])
    assert_type(listed.budget_lines, tuple[BudgetLine, ...])
    assert_type(listed.budget_lines[0].budget, Money)
    execution = BudgetExecution(weight="10", rate="86", score="9")
    assert_type(execution.score, Decimal | None)
    indicator = Indicator(
        level1=IndicatorLevel1.OUTPUT,
        level2=IndicatorLevel2.QUANTITY,
        name="基建工程委托业务项目数量",
        target=parse_target("≥50个"),
        actual=parse_actual("50"),
        weight="8",
        score="8",
    )
    assert_type(indicator.weight, Decimal | None)
    rows: Iterator[Indicator] = (indicator for _ in range(2))
    project = KeyProject(
        id="p1",
        name="社会管理",
        project_type=ProjectType.RECURRING,
        budget_lines=(line,),
        totals=Totals(budget=Money(Decimal("213.28"), MoneyUnit.WAN_YUAN)),
        budget_execution=BudgetExecution(weight=Decimal(10), rate=86, score=None),
        indicators=rows,
        issues=[Issue(category=IssueCategory.FUND_ALLOCATION, description="资金分配有待加强")],
        score="86.5",
    )
    assert_type(project.indicators, tuple[Indicator, ...])
    report = Report(
        title="2020年度重点项目绩效评价结果",
        kind=ReportKind.KEY_PROJECT_RESULTS,
        fiscal_year=2020,
        unit=Unit(name="开福区洪山街道办事处", level=GovernmentLevel.TOWNSHIP),
        projects=[listed, project],
        issues=(Issue(category=IssueCategory.OTHER, description="台账不全", project_ids=["p1"]),),
    )
    assert_type(report.project("p1"), KeyProject)
    assert_type(report.schema_version, str)
    return report


def serialize_check_score(report: Report) -> None:
    """Serializers, the schema, the checks and scoring as their pages show them."""
    text = dumps(report, indent=2)
    assert_type(loads(text), Report)
    assert_type(loads(text.encode()), Report)
    assert_type(perfeval.to_dict(report), dict[str, Any])
    validate(perfeval.to_dict(report))
    findings = check(report, policy=Policy(name="province", excellent_from=85, good_from=75))
    assert_type(findings, list[Finding])
    errors = [finding.code for finding in findings if finding.severity is Severity.ERROR]
    assert_type(errors, list[str])
    card = score(examples.load("tangxi-2022").projects[0], POLICIES["sichuan"])
    assert_type(card, ScoreCard)
    assert_type(card.total, Decimal)
    assert_type(score(report.projects[1], not_applicable=["/indicators/1"]).total, Decimal)


def main() -> None:
    """Run every form."""
    money_and_quantities()
    serialize_check_score(model())


if __name__ == "__main__":
    main()
