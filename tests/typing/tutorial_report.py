# pyright: strict
"""docs/tutorial.md as a user writes it: encode the tangxi table, write it, check it."""

from __future__ import annotations

import json
from collections.abc import Iterator

from perfeval import (
    BudgetExecution,
    BudgetLine,
    FundSource,
    GovernmentLevel,
    Indicator,
    IndicatorLevel1,
    IndicatorLevel2,
    KeyProject,
    Report,
    ReportKind,
    Source,
    Totals,
    Unit,
    ValidationError,
    dumps,
    loads,
    parse_actual,
    parse_money,
    parse_target,
)
from perfeval.checks import check
from perfeval.schema import validate
from perfeval.scoring import score

# 三级指标, 年度指标值, 实际完成值, 分值, 得分 of the output rows, as printed.
ROWS = [
    (IndicatorLevel2.QUANTITY, "基建工程委托业务项目数量", "≥50个", "50", "8", "8"),
    (IndicatorLevel2.QUALITY, "委托业务报告合格率", "≥100百分比", "100", "8", "8"),
    (IndicatorLevel2.COST, "项目总成本", "≤90万元", "90", "8", "8"),
]


def indicators() -> Iterator[Indicator]:
    for level2, name, target, actual, weight, points in ROWS:
        yield Indicator(
            level1=IndicatorLevel1.OUTPUT,
            level2=level2,
            name=name,
            target=parse_target(target),
            actual=parse_actual(actual),
            weight=weight,
            score=points,
        )
    yield Indicator(level1=IndicatorLevel1.SATISFACTION, name="公众满…")


def encode() -> Report:
    zero = parse_money("0万元")
    line = BudgetLine(
        source=FundSource.FISCAL,
        label="其中：本年财政拨款",
        initial_budget=parse_money("90万元"),
        budget=parse_money("89.974万元"),
        expenditure=parse_money("89.974万元"),
    )
    project = KeyProject(
        id="entrusted-business",
        name="委托业务项目",
        budget_lines=[line],
        totals=Totals(initial_budget=zero, budget=zero, expenditure=zero),
        budget_execution=BudgetExecution(weight="10", rate="0", score="0"),
        indicators=indicators(),
    )
    return Report(
        title="项目支出绩效自评表（2022年度）",
        kind=ReportKind.PROJECT_SELF_EVALUATION,
        fiscal_year=2022,
        unit=Unit(name="池州市贵池区棠溪镇人民政府", code="219001", level=GovernmentLevel.TOWNSHIP),
        projects=[project],
        source=Source(title="项目支出绩效自评表（2022年度）", note="Four of the ten rows."),
    )


def main() -> None:
    report = encode()
    text = dumps(report, indent=2)
    if loads(text) != report:
        raise AssertionError(text)
    try:
        validate(json.loads(text.replace('"fiscal_year": 2022', '"fiscal_year": "2022"')))
    except ValidationError as error:
        paths = [detail.path for detail in error.errors]
    else:
        paths = []
    findings = {finding.code for finding in check(report)}
    card = score(report.project("entrusted-business"))
    if paths != ["/fiscal_year"] or "total-zero" not in findings or card.total <= 0:
        raise AssertionError((paths, findings, card.total))


if __name__ == "__main__":
    main()
