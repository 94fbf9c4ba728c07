"""check(): every rule fires where it should and stays quiet where it should not.

Expected figures (rates, gaps, tolerances) are worked out by hand in the comments,
never computed by the code under test.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from perfeval import examples, loads
from perfeval.checks import RULES, Finding, Rule, Severity, check, rules
from perfeval.codes import (
    Achievement,
    ExpenditureCategory,
    FundSource,
    Grade,
    GroupScope,
    IndicatorLevel1,
    IndicatorLevel2,
    IndicatorMetric,
    IssueCategory,
    MoneyUnit,
    Operator,
    Qualifier,
    ReportKind,
)
from perfeval.model import (
    BudgetExecution,
    BudgetLine,
    CategoryAmount,
    Department,
    Indicator,
    Issue,
    KeyProject,
    Report,
    ScoreGroup,
    Totals,
    Unit,
)
from perfeval.money import Money
from perfeval.quantity import Actual, Quantity, Target
from perfeval.scoring import POLICIES, Policy

WAN = MoneyUnit.WAN_YUAN
YUAN = MoneyUnit.YUAN
L1 = IndicatorLevel1
L2 = IndicatorLevel2


# -- builders ------------------------------------------------------------------------------


def wan(amount: str) -> Money:
    return Money(amount, WAN)


def line(budget: Money | str, expenditure: Money | str | None = None, **kw: Any) -> BudgetLine:
    def money(value: Money | str | None) -> Money | None:
        return wan(value) if isinstance(value, str) else value

    planned = money(budget)
    assert planned is not None
    return BudgetLine(
        source=FundSource.FISCAL, budget=planned, expenditure=money(expenditure), **kw
    )


def totals(
    budget: Money | str | None = None,
    expenditure: Money | str | None = None,
    initial_budget: Money | str | None = None,
) -> Totals:
    def money(value: Money | str | None) -> Money | None:
        return wan(value) if isinstance(value, str) else value

    return Totals(
        budget=money(budget), expenditure=money(expenditure), initial_budget=money(initial_budget)
    )


def project(pid: str = "p1", name: str = "项目", **kw: Any) -> KeyProject:
    return KeyProject(id=pid, name=name, **kw)


def report(*projects: KeyProject, **kw: Any) -> Report:
    return Report(
        title="测试报告",
        kind=kw.pop("kind", ReportKind.KEY_PROJECT_RESULTS),
        fiscal_year=2020,
        unit=Unit(name="某街道办事处"),
        projects=projects,
        **kw,
    )


def indicator(name: str = "指标", **kw: Any) -> Indicator:
    kw.setdefault("level1", L1.OUTPUT)
    kw.setdefault("level2", L2.QUANTITY)
    return Indicator(name=name, **kw)


def target(operator: Operator | None, value: str, unit: str | None = None) -> Target:
    return Target(operator, Quantity(value, unit))


def actual(value: str, unit: str | None = None, qualifier: Qualifier = Qualifier.EXACT) -> Actual:
    return Actual(value=Quantity(value, unit, qualifier))


def triples(findings: list[Finding]) -> set[tuple[str, Severity, str]]:
    return {(f.code, f.severity, f.path) for f in findings}


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def one(findings: list[Finding], code: str) -> Finding:
    matching = only(findings, code)
    assert len(matching) == 1, findings
    return matching[0]


# -- the done-when facts ---------------------------------------------------------------------


def test_kaifu_findings_name_the_rates_and_the_coverage() -> None:
    findings = check(examples.load("kaifu-2020"))
    assert triples(findings) == {
        ("execution-overspend", Severity.WARNING, "/projects/0/totals/expenditure"),
        ("actual-above-100-percent", Severity.WARNING, "/projects/1/indicators/20/actual/value"),
        ("execution-low", Severity.WARNING, "/projects/1/totals/expenditure"),
        ("execution-overspend", Severity.WARNING, "/totals/expenditure"),
    }
    # 703.45 / 213.28 = 3.29824…; 318.72 / 441.17 = 0.72244…; 1022.17 / 654.45 = 1.56187…
    public, coverage, social, whole = findings
    assert "329.82%" in public.message
    assert "329.82%" in public.message_zh
    assert "703.45万元" in public.message
    assert "213.28万元" in public.message
    assert "72.24%" in social.message
    assert "72.24%" in social.message_zh
    assert "156.19%" in whole.message
    assert "156.19%" in whole.message_zh
    assert "1022.17万元" in whole.message
    assert "654.45万元" in whole.message_zh
    assert "173%" in coverage.message
    assert "覆盖率" in coverage.message
    assert "173%" in coverage.message_zh


def test_kaifu_has_no_error() -> None:
    # 213.28 + 441.17 = 654.45 and 703.45 + 318.72 = 1022.17; 1022.17 + 0 + 0 = 1022.17.
    findings = check(examples.load("kaifu-2020"))
    assert [f for f in findings if f.severity is Severity.ERROR] == []


def test_kaifu_findings_print() -> None:
    printed = [str(f) for f in check(examples.load("kaifu-2020"))]
    assert printed[0] == (
        "/projects/0/totals/expenditure: warning [execution-overspend] 公共服务: 703.45万元"
        " spent of a budget of 213.28万元: execution rate 329.82%, above 100 % (overspent)"
    )


def test_tangxi_zero_total_row_is_an_error() -> None:
    findings = check(examples.load("tangxi-2022"))
    zero = only(findings, "total-zero")
    assert [(f.severity, f.path) for f in zero] == [
        (Severity.ERROR, "/projects/0/totals/budget"),
        (Severity.ERROR, "/projects/0/totals/expenditure"),
        (Severity.ERROR, "/projects/0/totals/initial_budget"),
    ]
    assert "0万元" in zero[0].message
    assert "89.974万元" in zero[0].message
    assert zero[0].message_zh == "委托业务项目：全年预算数合计印为0万元，而资金明细合计89.974万元"
    assert "90万元" in zero[2].message
    # The zero row is one mistake: no sum-project-totals finding repeats it.
    assert only(findings, "sum-project-totals") == []


def test_tangxi_other_findings() -> None:
    findings = check(examples.load("tangxi-2022"))
    # 10 + 8 + 8 + 8 + 8 + 8 + 10 + 10 + 10 + 10 = 90: the satisfaction row (满意度指标
    # (10分)) was cut off in the copy, name only. It may hold the missing 10, so the
    # weights are not a finding, and neither is the cut row itself.
    assert only(findings, "score-weights-total") == []
    assert only(findings, "indicator-empty") == []
    # The money (89.974 / 89.974 = 100 %) contradicts the printed rate 0.
    printed_rate = one(findings, "execution-rate-printed")
    assert printed_rate.severity is Severity.ERROR
    assert printed_rate.message == (
        "委托业务项目: the printed execution rate 0% differs from expenditure 89.974万元"
        " ÷ budget 89.974万元 = 100.00%"
    )
    # The printed execution score 0 against the rule's 10.
    differs = one(findings, "score-differs")
    assert differs.path == "/projects/0/budget_execution/score"
    assert (
        differs.message
        == "预算执行率: the printed score 0 differs from the computed 10.00 by 10.00"
    )


def test_qingshen_execution_and_weights_are_consistent() -> None:
    # 251.89 / 251.89 = 100.00 %, printed 100.00; weights 10 + 60 + 30 = 100.
    codes = {f.code for f in check(examples.load("qingshen-2023"))}
    assert not codes & {"execution-rate-printed", "score-weights-total", "execution-low"}


def three_rows(total: str) -> Report:
    lines = (line("10.00", "10.00"), line("20.00", "20.00"), line("30.01", "30.01"))
    return report(project(budget_lines=lines, totals=totals(total, total)))


def test_a_gap_of_one_cent_in_three_rows_is_not_an_error() -> None:
    # 10.00 + 20.00 + 30.01 = 60.01; tolerance (3 + 1) × 0.005 = 0.02.
    findings = check(three_rows("60.00"))
    assert triples(findings) == {
        ("sum-project-totals", Severity.INFO, "/projects/0/totals/budget"),
        ("sum-project-totals", Severity.INFO, "/projects/0/totals/expenditure"),
    }
    assert "0.01万元" in findings[0].message
    assert "±0.02万元" in findings[0].message
    assert "在显示舍入误差（±0.02万元）之内" in findings[0].message_zh


def test_a_gap_of_five_cents_in_three_rows_is_an_error() -> None:
    findings = check(three_rows("60.06"))
    assert triples(findings) == {
        ("sum-project-totals", Severity.ERROR, "/projects/0/totals/budget"),
        ("sum-project-totals", Severity.ERROR, "/projects/0/totals/expenditure"),
    }
    message = findings[0].message
    assert "60.06万元" in message
    assert "60.01万元" in message
    assert "0.05万元" in message
    assert "beyond display rounding (±0.02万元)" in message


def test_the_envelope_boundary() -> None:
    # Exactly 0.02 apart is within; 0.03 is beyond.
    assert {f.severity for f in check(three_rows("60.03"))} == {Severity.INFO}
    assert {f.severity for f in check(three_rows("59.99"))} == {Severity.INFO}
    assert {f.severity for f in check(three_rows("60.04"))} == {Severity.ERROR}
    assert check(three_rows("60.01")) == []


def test_the_finest_printed_digit_sets_the_envelope() -> None:
    # 89.974 has three decimals: (1 + 1) × 0.0005 = 0.001; 89.97 vs 89.974 is 0.004 apart.
    lines = (line("89.974"),)
    findings = check(report(project(budget_lines=lines, totals=totals("89.97"))))
    assert triples(findings) == {
        ("sum-project-totals", Severity.ERROR, "/projects/0/totals/budget")
    }
    assert "±0.001万元" in findings[0].message
    # The finest place may be the total's: 89.975 against 89.97 is 0.005 off, beyond 0.001.
    lines = (line("89.97"),)
    findings = check(report(project(budget_lines=lines, totals=totals("89.975"))))
    assert triples(findings) == {
        ("sum-project-totals", Severity.ERROR, "/projects/0/totals/budget")
    }
    # The narrative sum of tangxi: 30 + 30 + 29.99 = 89.99 against 89.974, 0.016 apart;
    # (3 + 1) × 0.0005 = 0.002.
    narrative = (line("30"), line("30"), line("29.99"))
    findings = check(report(project(budget_lines=narrative, totals=totals("89.974"))))
    assert "by 0.016万元" in findings[0].message
    assert "±0.002万元" in findings[0].message


# -- sums across units -----------------------------------------------------------------------


def test_a_total_in_yuan_against_lines_in_wan_yuan_is_exact() -> None:
    lines = (line("213.28"), line("441.17"))
    exact = report(project(budget_lines=lines, totals=totals(Money("6544500", YUAN))))
    assert check(exact) == []
    with_cents = report(project(budget_lines=lines, totals=totals(Money("6544500.00", YUAN))))
    assert check(with_cents) == []


def test_a_gap_in_yuan_uses_the_finest_place() -> None:
    lines = (line("213.28"), line("441.17"))
    # Finest place 1 元 (the total); tolerance (2 + 1) × 0.5 元 = 1.5 元.
    near = report(project(budget_lines=lines, totals=totals(Money("6544501", YUAN))))
    finding = one(check(near), "sum-project-totals")
    assert finding.severity is Severity.INFO
    assert "6544501元" in finding.message
    assert "6544500元" in finding.message
    assert "by 1元" in finding.message
    assert "±1.5元" in finding.message
    far = report(project(budget_lines=lines, totals=totals(Money("6544502", YUAN))))
    assert one(check(far), "sum-project-totals").severity is Severity.ERROR
    # A total in 万元 against lines in 元: 100 元 + 200 元 = 0.03 万元 exactly.
    yuan_lines = (line(Money("100", YUAN)), line(Money("200", YUAN)))
    assert check(report(project(budget_lines=yuan_lines, totals=totals("0.03")))) == []
    # 0.04 万元 = 400 元: 100 元 off, tolerance (2 + 1) × 0.5 元.
    off = check(report(project(budget_lines=yuan_lines, totals=totals("0.04"))))
    assert one(off, "sum-project-totals").severity is Severity.ERROR
    assert "by 100元" in one(off, "sum-project-totals").message


def test_report_totals_are_the_sum_of_all_lines() -> None:
    first = project("a", "甲", budget_lines=(line("10.00", "10.00"), line("5.00", "5.00")))
    second = project("b", "乙", budget_lines=(line("20.00", "20.00"),))
    assert check(report(first, second, totals=totals("35.00", "35.00"))) == []
    findings = check(report(first, second, totals=totals("35.10", "35.00")))
    finding = one(findings, "sum-report-totals")
    assert (finding.severity, finding.path) == (Severity.ERROR, "/totals/budget")
    assert "35.10万元" in finding.message
    assert "35.00万元" in finding.message
    assert "(3 rows)" in finding.message
    assert "±0.02万元" in finding.message
    # Three projects of 2 decimals, a 0.01 gap: info, not an error.
    third = project("c", "丙", budget_lines=(line("0.01"),))  # no expenditure printed
    near = check(report(first, second, third, totals=totals("35.00", "35.00")))
    assert triples(near) == {("sum-report-totals", Severity.INFO, "/totals/budget")}


def test_a_project_without_lines_contributes_its_totals() -> None:
    with_lines = project("a", "甲", budget_lines=(line("10", "10"),))
    totals_only = project("b", "乙", totals=totals("20", "20"))
    assert check(report(with_lines, totals_only, totals=totals("30", "30"))) == []
    wrong = check(report(with_lines, totals_only, totals=totals("31", "30")))
    assert "(2 rows)" in one(wrong, "sum-report-totals").message


def test_a_project_with_neither_lines_nor_totals_makes_the_sum_unknown() -> None:
    with_lines = project("a", "甲", budget_lines=(line("10", "10"),))
    bare = project("b", "乙")
    assert check(report(with_lines, bare, totals=totals("99", "99"))) == []


def test_a_report_without_totals_is_not_summed() -> None:
    with_lines = project("a", "甲", budget_lines=(line("10", "10"),))
    assert check(report(with_lines)) == []


def test_zero_report_total_against_money_in_the_projects() -> None:
    with_lines = project("a", "甲", budget_lines=(line("10", "10"),))
    findings = check(report(with_lines, totals=totals("0", "10")))
    finding = one(findings, "total-zero")
    assert (finding.severity, finding.path) == (Severity.ERROR, "/totals/budget")
    assert finding.message == (
        "the report: the budget total is printed as 0万元 while the projects carry 10万元"
    )
    assert finding.message_zh == "报告：全年预算数合计印为0万元，而各项目合计10万元"
    # Nothing else: the execution rate uses the projects' 10 万元 instead of the zero.
    assert len(findings) == 1


def test_zero_totals_against_zero_lines_are_consistent() -> None:
    lines = (line("0.00", "0.00"),)
    assert check(report(project(budget_lines=lines, totals=totals("0", "0")))) == []


def test_a_blank_total_while_lines_carry_money() -> None:
    lines = (line("10", "8"),)
    findings = check(report(project(name="甲", budget_lines=lines, totals=totals("10"))))
    finding = one(findings, "total-missing")
    assert (finding.severity, finding.path) == (Severity.WARNING, "/projects/0/totals")
    assert (
        finding.message == "甲: the totals leave the expenditure blank while the lines carry 8万元"
    )
    assert finding.message_zh == "甲：合计未列全年执行数，而资金明细合计8万元"
    # A blank against zero rows is not a finding; a report total too.
    quiet = (line("10", "0"),)
    assert (
        only(check(report(project(budget_lines=quiet, totals=totals("10")))), "total-missing") == []
    )
    whole = check(report(project(budget_lines=lines), totals=totals("10")))
    assert one(whole, "total-missing").path == "/totals"
    assert "the projects carry 8万元" in one(whole, "total-missing").message


def test_lines_without_a_figure_are_not_rows_of_it() -> None:
    # No line carries an initial budget: the printed initial budget is not compared.
    lines = (line("10", "10"),)
    assert check(report(project(budget_lines=lines, totals=totals("10", "10", "99")))) == []


def test_expenditure_categories_add_up_to_the_total() -> None:
    base = project(budget_lines=(line("100.00", "100.00"),))

    def categories(*amounts: str) -> tuple[CategoryAmount, ...]:
        kinds = (ExpenditureCategory.BUSINESS, ExpenditureCategory.SPECIAL)
        return tuple(
            CategoryAmount(category=kind, amount=wan(amount))
            for kind, amount in zip(kinds, amounts, strict=False)
        )

    good = report(
        base,
        totals=totals("100.00", "100.00"),
        expenditure_by_category=categories("60.00", "40.00"),
    )
    assert check(good) == []
    bad = report(
        base,
        totals=totals("100.00", "100.00"),
        expenditure_by_category=categories("60.00", "45.00"),
    )
    finding = one(check(bad), "sum-expenditure-categories")
    assert (finding.severity, finding.path) == (Severity.ERROR, "/expenditure_by_category")
    assert "105.00万元" in finding.message
    assert "100.00万元" in finding.message
    assert "5.00万元" in finding.message
    assert "±0.015万元" in finding.message
    near = report(
        base,
        totals=totals("100.00", "100.00"),
        expenditure_by_category=categories("60.00", "40.01"),
    )
    assert one(check(near), "sum-expenditure-categories").severity is Severity.INFO
    # No printed expenditure total: nothing to compare with.
    blind = report(base, expenditure_by_category=categories("1", "2"))
    assert check(blind) == []


# -- execution -------------------------------------------------------------------------------


def spending(budget: str, spent: str, **kw: Any) -> KeyProject:
    return project(name=kw.pop("name", "项目"), totals=totals(budget, spent), **kw)


def test_overspend_is_a_warning() -> None:
    # 110 / 100 = 110.00 %.
    finding = one(check(report(spending("100", "110"))), "execution-overspend")
    assert (finding.severity, finding.path) == (Severity.WARNING, "/projects/0/totals/expenditure")
    assert "110.00%" in finding.message
    assert "110.00%" in finding.message_zh
    assert (
        finding.message_zh == "项目：预算100万元，支出110万元，预算执行率110.00%，超过100%（超支）"
    )


def test_rates_from_90_to_100_percent_are_quiet() -> None:
    assert check(report(spending("100", "90"))) == []
    assert check(report(spending("100", "100"))) == []


def test_a_low_rate_without_a_reason_is_a_warning() -> None:
    # 89.99 / 100 = 89.99 %.
    finding = one(check(report(spending("100", "89.99"))), "execution-low")
    assert finding.severity is Severity.WARNING
    assert "89.99%" in finding.message
    assert "no reason is recorded" in finding.message
    assert "低于90%且未说明原因" in finding.message_zh


def test_a_low_rate_with_a_deviation_text_is_info() -> None:
    explained = indicator(actual=actual("1"), deviation="项目延期，资金未拨付")
    finding = one(check(report(spending("100", "50", indicators=(explained,)))), "execution-low")
    assert finding.severity is Severity.INFO
    assert "50.00%" in finding.message
    assert "gives a reason" in finding.message


def test_a_low_rate_explained_by_a_budget_execution_issue() -> None:
    issue = Issue(category=IssueCategory.BUDGET_EXECUTION, description="资金拨付滞后")
    own = report(spending("100", "50", issues=(issue,)))
    assert one(check(own), "execution-low").severity is Severity.INFO
    naming = attrs.evolve(issue, project_ids=("p1",))
    from_report = report(spending("100", "50"), issues=(naming,))
    assert {f.severity for f in only(check(from_report), "execution-low")} == {Severity.INFO}
    # A report-level issue that names no project explains the report's rate only.
    unnamed = report(spending("100", "50"), issues=(issue,), totals=totals("100", "50"))
    by_path = {f.path: f.severity for f in only(check(unnamed), "execution-low")}
    assert by_path == {
        "/projects/0/totals/expenditure": Severity.WARNING,
        "/totals/expenditure": Severity.INFO,
    }
    # Another category is no explanation.
    other = Issue(category=IssueCategory.FUND_ALLOCATION, description="分配不科学")
    assert one(check(report(spending("100", "50", issues=(other,)))), "execution-low").severity is (
        Severity.WARNING
    )


def test_report_execution_without_printed_totals_sums_the_projects() -> None:
    first = spending("100", "150", pid="a", name="甲")
    second = spending("100", "150", pid="b", name="乙")
    # The report prints its budget only: its expenditure is the projects' sum.
    findings = only(check(report(first, second, totals=totals("200"))), "execution-overspend")
    # (150 + 150) / 200 = 150.00 %.
    assert [f.path for f in findings] == [
        "/projects",
        "/projects/0/totals/expenditure",
        "/projects/1/totals/expenditure",
    ]
    assert "300万元 spent of a budget of 200万元: execution rate 150.00%" in findings[0].message
    # A project without money leaves the report's expenditure unknown.
    unknown = report(first, project("c", "丙"), totals=totals("100"))
    assert [f.path for f in only(check(unknown), "execution-overspend")] == [
        "/projects/0/totals/expenditure"
    ]
    # A report without totals states no overall rate.
    assert [f.path for f in only(check(report(first, second)), "execution-overspend")] == [
        "/projects/0/totals/expenditure",
        "/projects/1/totals/expenditure",
    ]


def test_execution_from_lines_when_there_are_no_totals() -> None:
    lines = (line("100", "50"), line("100", "50"))
    finding = one(check(report(project(budget_lines=lines))), "execution-low")
    assert finding.path == "/projects/0/budget_lines"
    assert "50.00%" in finding.message


def test_spending_against_a_zero_budget_is_an_error() -> None:
    finding = one(check(report(spending("0", "5"))), "execution-zero-budget")
    assert (finding.severity, finding.path) == (Severity.ERROR, "/projects/0/totals/budget")
    assert finding.message == "项目: 5万元 spent against a budget of 0万元"
    assert finding.message_zh == "项目：预算为0万元，却支出5万元"
    assert check(report(spending("0", "0"))) == []


def test_no_rate_without_both_figures() -> None:
    assert check(report(project(totals=totals("100")))) == []
    assert check(report(project(totals=totals(expenditure="100")))) == []


def printed_rate(rate: str, budget: str = "100", spent: str = "86.4") -> Report:
    execution = BudgetExecution(rate=Decimal(rate))
    return report(spending(budget, spent, budget_execution=execution))


def test_a_printed_rate_is_compared_at_its_own_precision() -> None:
    # 86.4 / 100 = 86.40 %: printed 86 (rounded) and 86.40 agree.
    for rate in ("86", "86.4", "86.40"):
        assert only(check(printed_rate(rate)), "execution-rate-printed") == []
    finding = one(check(printed_rate("86.5")), "execution-rate-printed")
    assert (finding.severity, finding.path) == (
        Severity.ERROR,
        "/projects/0/budget_execution/rate",
    )
    assert "86.5%" in finding.message
    assert "86.40%" in finding.message
    assert only(check(printed_rate("87")), "execution-rate-printed") != []
    # 86.46 % printed as 86.4: one decimal gives 86.5.
    assert only(check(printed_rate("86.4", spent="86.46")), "execution-rate-printed") != []
    # More decimals than two: 86.4567 / 100 → 86.4567 %.
    assert only(check(printed_rate("86.4567", spent="86.4567")), "execution-rate-printed") == []


def test_a_printed_rate_without_money_is_not_compared() -> None:
    execution = BudgetExecution(rate=Decimal("50"))
    assert check(report(project(budget_execution=execution))) == []
    zero = report(spending("0", "0", budget_execution=execution))
    assert check(zero) == []


# -- indicators ------------------------------------------------------------------------------


def with_indicators(*indicators: Indicator) -> Report:
    return report(project(indicators=indicators))


def test_a_percentage_above_100_is_a_warning() -> None:
    coverage = indicator(
        "覆盖率", level1=L1.EFFECT, level2=L2.SOCIAL_BENEFIT, actual=actual("173", "%")
    )
    finding = one(check(with_indicators(coverage)), "actual-above-100-percent")
    assert (finding.severity, finding.path) == (
        Severity.WARNING,
        "/projects/0/indicators/0/actual/value",
    )
    assert finding.message == "覆盖率: the actual value 173% is above 100 %"
    assert finding.message_zh == "覆盖率：实际完成值173%超过100%"


def test_percentages_up_to_100_and_other_units_are_quiet() -> None:
    assert check(with_indicators(indicator(actual=actual("100", "%")))) == []
    assert check(with_indicators(indicator(actual=actual("100", "%", Qualifier.AT_LEAST)))) == []
    assert check(with_indicators(indicator(actual=actual("173", "人")))) == []
    assert check(with_indicators(indicator(actual=Actual(achievement=Achievement.ACHIEVED)))) == []


def test_a_unitless_actual_takes_the_targets_unit() -> None:
    rate = indicator(target=target(Operator.GE, "95", "%"), actual=actual("120"))
    findings = check(with_indicators(rate))
    assert "120%" in one(findings, "actual-above-100-percent").message
    # Without a unit on either side it is a bare number.
    assert (
        check(with_indicators(indicator(target=target(Operator.GE, "200"), actual=actual("120"))))
        == []
    )


def test_an_actual_far_above_its_target() -> None:
    # 65 / 50 = 130.00 %: at the threshold.
    count = indicator(
        "项目数量",
        target=Target(Operator.GE, Quantity("50", "个"), "≥50个"),
        actual=actual("65", "个"),
    )
    finding = one(check(with_indicators(count)), "actual-far-above-target")
    assert (finding.severity, finding.path) == (
        Severity.WARNING,
        "/projects/0/indicators/0/actual/value",
    )
    assert finding.message == (
        "项目数量: the actual value 65个 is 130.00% of the target ≥50个 (130 % or more):"
        " the target may be set too low"
    )
    assert "130.00%" in finding.message_zh
    assert "≥50个" in finding.message_zh


def test_an_actual_below_130_percent_or_of_a_negative_target_is_quiet() -> None:
    def case(operator: Operator | None, goal: str, got: str, unit: str | None = "个") -> Report:
        return with_indicators(
            indicator(target=target(operator, goal, unit), actual=actual(got, unit))
        )

    # 64.99 / 50 = 129.98 %.
    assert only(check(case(Operator.GE, "50", "64.99")), "actual-far-above-target") == []
    assert only(check(case(Operator.LE, "50", "200")), "actual-far-above-target") == []
    assert only(check(case(Operator.LT, "50", "200")), "actual-far-above-target") == []
    assert only(check(case(Operator.GE, "0", "5")), "actual-far-above-target") == []
    # A bare target (no operator) counts as positive; = too. 3 / 2 = 150.00 %.
    assert "150.00%" in one(check(case(None, "2", "3")), "actual-far-above-target").message
    assert only(check(case(Operator.EQ, "2", "3")), "actual-far-above-target") != []
    # Units must agree.
    mixed = indicator(target=target(Operator.GE, "2", "个"), actual=actual("3", "次"))
    assert only(check(with_indicators(mixed)), "actual-far-above-target") == []
    assert [f.code for f in check(with_indicators(mixed))] == ["indicator-unit-mismatch"]
    # No numeric target, or no numeric actual.
    words = indicator(target=Target(Operator.QUALITATIVE, text="效果明显"), actual=actual("3"))
    assert check(with_indicators(words)) == []
    achieved = indicator(
        target=target(Operator.GE, "2"), actual=Actual(achievement=Achievement.ACHIEVED)
    )
    assert check(with_indicators(achieved)) == []
    # The shown target falls back to the quantity when no text was printed.
    assert (
        "the target 2个"
        in one(check(case(Operator.GE, "2", "3")), "actual-far-above-target").message
    )


def test_a_second_level_under_the_wrong_first_level() -> None:
    wrong = indicator("新增就业", level1=L1.EFFECT, level2=L2.QUANTITY, actual=actual("1"))
    finding = one(check(with_indicators(wrong)), "indicator-level-mismatch")
    assert (finding.severity, finding.path) == (Severity.WARNING, "/projects/0/indicators/0/level2")
    assert "数量 (quantity)" in finding.message
    assert "效益 (effect)" in finding.message
    assert "经济效益 (economic_benefit), 社会效益 (social_benefit)" in finding.message
    assert finding.message_zh.startswith("新增就业：二级指标“数量”不属于一级指标“效益”")
    assert finding.message == (
        "新增就业: the second-level indicator 数量 (quantity) does not belong under 效益 (effect);"
        " expected 经济效益 (economic_benefit), 社会效益 (social_benefit), 生态效益"
        " (ecological_benefit), 可持续影响 (sustainability), 服务对象满意度"
        " (beneficiary_satisfaction), 其他 (other)"
    )
    assert finding.message_zh == (
        "新增就业：二级指标“数量”不属于一级指标“效益”，"
        "应为经济效益、社会效益、生态效益、可持续影响、服务对象满意度、其他"
    )
    decision = indicator(level1=L1.DECISION, level2=L2.QUALITY, actual=actual("1"))
    assert (
        "expected 其他 (other)"
        in one(check(with_indicators(decision)), "indicator-level-mismatch").message
    )


@pytest.mark.parametrize(
    ("level1", "level2"),
    [
        (L1.OUTPUT, L2.QUANTITY),
        (L1.OUTPUT, L2.COST),
        (L1.EFFECT, L2.SUSTAINABILITY),
        (L1.COST, L2.ECOLOGICAL_COST),
        (L1.SATISFACTION, L2.BENEFICIARY_SATISFACTION),
        (L1.DECISION, L2.OTHER),
        (L1.PROCESS, None),
        (L1.SATISFACTION, L2.OTHER),
    ],
)
def test_second_levels_that_fit(level1: IndicatorLevel1, level2: IndicatorLevel2 | None) -> None:
    fitting = indicator(level1=level1, level2=level2, actual=actual("1"))
    assert check(with_indicators(fitting)) == []


def test_an_indicator_with_neither_target_nor_actual() -> None:
    table = with_indicators(
        attrs.evolve(indicator("公众满意度"), weight=Decimal(10), score=Decimal(10)),
        indicator("培训人次", target=Target(Operator.GE, Quantity(50, "人次"))),
    )
    finding = one(check(table), "indicator-empty")
    assert (finding.severity, finding.path) == (Severity.WARNING, "/projects/0/indicators/0")
    assert finding.message == "公众满意度: neither a target nor an actual value is recorded"
    # A row with a name only (an unused template row, a row cut off) is not concerned,
    assert (
        check(
            with_indicators(
                indicator("指标2"),
                indicator("培训人次", target=Target(Operator.GE, Quantity(50, "人次"))),
            )
        )
        == []
    )
    # nor a table without target or actual columns (a third-party score table).
    scores_only = attrs.evolve(indicator("A101立项依据充分性"), weight=Decimal(2), score=Decimal(2))
    assert only(check(with_indicators(scores_only)), "indicator-empty") == []
    assert check(with_indicators(indicator(target=Target(text="≥**人次")))) == []
    assert check(with_indicators(indicator(actual=Actual(text="已完成")))) == []


# -- scores and grades -----------------------------------------------------------------------


def scored(*rows: tuple[str | None, str | None], **kw: Any) -> Report:
    """A project whose indicators are qualitative and achieved, with weights and scores."""
    indicators = tuple(
        indicator(
            f"指标{n}",
            target=Target(Operator.QUALITATIVE, text="效果明显"),
            actual=Actual(achievement=Achievement.ACHIEVED, text="达成预期指标"),
            weight=weight,
            score=points,
        )
        for n, (weight, points) in enumerate(rows)
    )
    return report(project(indicators=indicators, **kw))


def test_a_score_above_its_weight_is_an_error() -> None:
    finding = one(check(scored(("10", "12"), ("90", "90"))), "score-above-weight")
    assert (finding.severity, finding.path) == (Severity.ERROR, "/projects/0/indicators/0/score")
    assert finding.message == "指标0: the score 12 is above its weight 10"
    assert finding.message_zh == "指标0：得分12超过分值10"
    execution = BudgetExecution(weight=Decimal("10"), score=Decimal("10.5"))
    over = check(scored(("90", "90"), budget_execution=execution))
    assert one(over, "score-above-weight").path == "/projects/0/budget_execution/score"
    assert only(check(scored(("10", "10"), ("90", "90"))), "score-above-weight") == []


def test_weights_that_do_not_add_up_to_100() -> None:
    execution = BudgetExecution(weight=Decimal("10"))
    finding = one(
        check(scored(("50", None), ("30", None), budget_execution=execution)), "score-weights-total"
    )
    assert (finding.severity, finding.path) == (Severity.WARNING, "/projects/0")
    assert finding.message == (
        "项目: the weights add up to 90 (budget execution 10 + indicators 80), not 100"
    )
    assert finding.message_zh == "项目：分值合计90（预算执行10＋指标80），不等于100"
    # Indicators only.
    alone = one(check(scored(("50", None), ("30", None))), "score-weights-total")
    assert alone.message == "项目: the weights add up to 80 (indicators 80), not 100"
    # 10 + 60 + 30 = 100, and a project without weights, are quiet.
    assert check(scored(("60", None), ("30", None), budget_execution=execution)) == []
    assert check(scored((None, None))) == []


def test_a_printed_score_that_differs_from_scoring() -> None:
    # 86.2 / 100 = 86.2 %: 0.862 × 10 = 8.62 by the rule; the report printed 9.
    execution = BudgetExecution(weight=Decimal("10"), rate=Decimal("86.2"), score=Decimal("9"))
    project_ = spending(
        "100",
        "86.2",
        budget_execution=execution,
        indicators=(
            indicator(
                "指标",
                target=Target(Operator.QUALITATIVE, text="效果明显"),
                actual=Actual(achievement=Achievement.ACHIEVED),
                weight="90",
                score="90",
            ),
        ),
        score="99",
    )
    findings = only(check(report(project_)), "score-differs")
    assert [(f.severity, f.path) for f in findings] == [
        (Severity.WARNING, "/projects/0/budget_execution/score"),
        (Severity.WARNING, "/projects/0/score"),
    ]
    assert (
        findings[0].message
        == "预算执行率: the printed score 9 differs from the computed 8.62 by 0.38"
    )
    assert findings[0].message_zh == "预算执行率：所列得分9与计算得分8.62相差0.38"
    # 8.62 + 90 = 98.62 against the printed total 99.
    assert (
        findings[1].message
        == "项目: the printed total score 99 differs from the computed 98.62 by 0.38"
    )


def test_a_printed_score_within_0_01_of_scoring_is_quiet() -> None:
    execution = BudgetExecution(weight=Decimal("10"), rate=Decimal("86.2"), score=Decimal("8.63"))
    assert (
        only(check(report(spending("100", "86.2", budget_execution=execution))), "score-differs")
        == []
    )


def test_rows_scoring_cannot_score_are_not_compared() -> None:
    # No actual: the method cannot score the row, so its printed 60 is not compared.
    blank = indicator(target=target(Operator.EQ, "100", "%"), weight="60", score="60")
    assert only(check(with_indicators(blank)), "score-differs") == []


def test_a_budget_fully_executed_but_scored_below_full_is_a_warning() -> None:
    # 100 / 100 = 100 %: the method gives the full 10; the table printed 9.
    row = BudgetExecution(weight=Decimal("10"), rate=Decimal("100"), score=Decimal("9"))
    finding = one(
        check(report(spending("100", "100", budget_execution=row))), "score-execution-below-full"
    )
    assert (finding.severity, finding.path) == (
        Severity.WARNING,
        "/projects/0/budget_execution/score",
    )
    assert finding.message == "项目: the execution rate is 100 %, yet the row is scored 9 of 10"
    # No printed rate: the totals say 100 / 100 = 100 % all the same.
    unprinted = BudgetExecution(weight=Decimal("10"), score=Decimal("9"))
    assert only(
        check(report(spending("100", "100", budget_execution=unprinted))),
        "score-execution-below-full",
    )
    # 86.2 % scored 9 is score-differs' business, not this rule's.
    partly = BudgetExecution(weight=Decimal("10"), rate=Decimal("86.2"), score=Decimal("9"))
    assert not only(
        check(report(spending("100", "86.2", budget_execution=partly))),
        "score-execution-below-full",
    )
    # The execution rate printed as an indicator row counts the same.
    as_row = indicator(
        metric=IndicatorMetric.EXECUTION_RATE,
        actual=Actual(value=Quantity("100", "%")),
        weight="10",
        score="9",
    )
    assert one(check(with_indicators(as_row)), "score-execution-below-full").path == (
        "/projects/0/indicators/0/score"
    )


def test_a_met_row_scored_below_its_weight_without_a_reason() -> None:
    # 2021年12月完成 printed as target and result, scored 4 of 5 (Ningxia's 时效 row).
    restated = indicator(
        target=Target(Operator.QUALITATIVE, text="2021年12月完成"),
        actual=Actual(text="2021年12月完成"),
        weight="5",
        score="4",
    )
    finding = one(check(with_indicators(restated)), "score-met-below-weight")
    # 4 / 5 = 0.8: the bottom of the achieved band (80–100 %), so only info.
    assert finding.severity is Severity.INFO
    assert finding.message == "指标: meets its target but is scored 4 of 5 with no reason recorded"
    # 2 of 5 = 0.4 for a met row: below the band, a warning.
    low = indicator(
        target=Target(Operator.GE, Quantity("50", "个")),
        actual=Actual(value=Quantity("50", "个")),
        weight="5",
        score="2",
    )
    assert one(check(with_indicators(low)), "score-met-below-weight").severity is (Severity.WARNING)
    # A reason recorded, or a target missed: nothing to ask.
    explained = indicator(
        target=Target(Operator.GE, Quantity("50", "个")),
        actual=Actual(value=Quantity("50", "个")),
        weight="5",
        score="4",
        deviation="部分工作延期",
    )
    missed = indicator(
        target=Target(Operator.GE, Quantity("50", "个")),
        actual=Actual(value=Quantity("40", "个")),
        weight="5",
        score="4",
    )
    assert not only(check(with_indicators(explained, missed)), "score-met-below-weight")


def test_a_total_eight_points_above_its_rows_is_an_error() -> None:
    # The commonest mistake of published tables. 17 integer rows: under the money rule
    # the band would have been (17 + 1) × 0.5 = ±9 points; a score total is ±0.5.
    rows = [("5", "5")] * 16 + [("4", "4")]  # 16 × 5 + 4 = 84
    finding = one(check(scored(*rows, score="92")), "sum-project-score")
    assert finding.severity is Severity.ERROR
    assert "differs from the sum of the scores, 84 (17 rows), by 8" in finding.message


def test_a_total_score_that_is_not_the_sum_of_the_scores() -> None:
    execution = BudgetExecution(weight=Decimal("10"), score=Decimal("10"))
    wrong = check(scored(("50", "50"), ("40", "40"), budget_execution=execution, score="95"))
    finding = one(wrong, "sum-project-score")
    assert (finding.severity, finding.path) == (Severity.ERROR, "/projects/0/score")
    # 10 + 50 + 40 = 100; printed 95: 5 apart, more than one point.
    assert finding.message == (
        "项目: the total score 95 differs from the sum of the scores, 100 (3 rows), by 5:"
        " more than one point"
    )
    assert finding.message_zh == "项目：总分95与各项得分之和100（3项）相差5，超过1分"
    near = check(scored(("50", "49.6"), ("50", "50"), score="99.5"))
    # 49.6 + 50 = 99.6 against 99.5: 0.1 apart; rounding explains ±0.05 (half of 0.1).
    finding = one(near, "sum-project-score")
    assert finding.severity is Severity.WARNING
    assert finding.message.endswith("by 0.1: more than rounding explains (±0.05)")
    # 49.55 + 50 = 99.55, printed 99.6: 0.05 apart, the rounding of a one-decimal total.
    rounded = check(scored(("50", "49.55"), ("50", "50"), score="99.6"))
    assert only(rounded, "sum-project-score") == []
    assert only(check(scored(("50", "50"), ("50", "50"), score="100")), "sum-project-score") == []
    # A weighted row without a score: the sum is unknown.
    assert only(check(scored(("50", "50"), ("50", None), score="60")), "sum-project-score") == []


@pytest.mark.parametrize(
    ("points", "grade", "expected"),
    [
        ("89.5", Grade.EXCELLENT, "良 (good)"),
        ("90", Grade.GOOD, "优 (excellent)"),
        ("79.99", Grade.GOOD, "中 (fair)"),
        ("59.9", Grade.FAIR, "差 (poor)"),
    ],
)
def test_a_grade_outside_its_scores_band(points: str, grade: Grade, expected: str) -> None:
    finding = one(check(report(project(), score=points, grade=grade)), "grade-contradicts-score")
    assert (finding.severity, finding.path) == (Severity.ERROR, "/grade")
    assert f"the score {points}, which is {expected}" in finding.message


@pytest.mark.parametrize(
    ("points", "grade"),
    [
        ("90", Grade.EXCELLENT),
        ("89.99", Grade.GOOD),
        ("80", Grade.GOOD),
        ("60", Grade.FAIR),
        ("59.99", Grade.POOR),
    ],
)
def test_a_grade_inside_its_scores_band(points: str, grade: Grade) -> None:
    assert check(report(project(), score=points, grade=grade)) == []


def test_a_projects_grade_against_its_score() -> None:
    # 10 + 80 = 90 is 优; the report printed 良.
    findings = check(scored(("10", "10"), ("90", "80"), score="90", grade=Grade.GOOD))
    finding = one(findings, "grade-contradicts-score")
    assert finding.path == "/projects/0/grade"
    assert (
        finding.message_zh
        == "项目：等级“良”与得分90不符，该得分应为“优”（优≥90，良≥80，中≥60，差<60）"
    )
    # A grade without a score cannot contradict it.
    assert check(report(project(grade=Grade.POOR))) == []


def test_the_grade_bands_come_from_the_policy() -> None:
    # 85 is 良 by the national bands, 优 by a policy that grades 优 from 85.
    generous = Policy(excellent_from=85, good_from=70, fair_from="50.5")
    printed_good = report(project(), score="85", grade=Grade.GOOD)
    assert check(printed_good) == []
    finding = one(check(printed_good, policy=generous), "grade-contradicts-score")
    assert finding.message == (
        "the report: the grade 良 (good) contradicts the score 85, which is 优 (excellent);"
        " bands: 优 ≥ 85, 良 ≥ 70, 中 ≥ 50.5, 差 < 50.5"
    )
    assert finding.message_zh == (
        "报告：等级“良”与得分85不符，该得分应为“优”（优≥85，良≥70，中≥50.5，差<50.5）"
    )
    printed_excellent = report(project(), score="85", grade=Grade.EXCELLENT)
    assert check(printed_excellent, policy=generous) == []
    assert one(check(printed_excellent), "grade-contradicts-score").message.endswith(
        "bands: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60"
    )


def test_printed_scores_are_compared_under_the_policy() -> None:
    # 86.2 % of 10 is 8.62; the printed 9 is 0.38 off: within a tolerance of 0.5.
    execution = BudgetExecution(weight=Decimal("10"), rate=Decimal("86.2"), score=Decimal("9"))
    printed = report(spending("100", "86.2", budget_execution=execution))
    assert only(check(printed), "score-differs") != []
    assert only(check(printed, policy=Policy(tolerance="0.5")), "score-differs") == []


def test_the_default_policy_is_the_national_one() -> None:
    for name in examples.names():
        loaded = examples.load(name)
        assert check(loaded, policy=None) == check(loaded, policy=POLICIES["national"])


def test_check_needs_a_policy() -> None:
    with pytest.raises(TypeError, match=r"policy must be a Policy .*, not str"):
        check(report(project()), policy="national")  # type: ignore[arg-type]


# -- issues ----------------------------------------------------------------------------------


def test_an_issue_naming_an_unknown_project() -> None:
    issue = Issue(category=IssueCategory.OTHER, description="问题", project_ids=("p1", "p9"))
    finding = one(check(report(project(), issues=(issue,))), "issue-unknown-project")
    assert (finding.severity, finding.path) == (Severity.ERROR, "/issues/0/project_ids/1")
    assert (
        finding.message == "the issue “问题” names the project 'p9', which the report does not have"
    )
    assert finding.message_zh == "问题“问题”所涉项目“p9”在报告中不存在"
    nested = check(report(project(issues=(issue,))))
    assert one(nested, "issue-unknown-project").path == "/projects/0/issues/0/project_ids/1"
    known = attrs.evolve(issue, project_ids=("p1",))
    assert check(report(project(), issues=(known,))) == []


# -- findings, rules and ordering ------------------------------------------------------------


def test_findings_are_sorted_by_path_with_numeric_indices() -> None:
    projects = [spending("100", "200", pid=f"p{n}", name=f"项目{n}") for n in range(12)]
    issue = Issue(category=IssueCategory.OTHER, description="问题", project_ids=("zz",))
    findings = check(report(*projects, issues=(issue,), totals=totals("1200", "2400")))
    paths = [f.path for f in findings]
    assert paths[0] == "/issues/0/project_ids/0"
    assert paths[1:4] == [
        "/projects/0/totals/expenditure",
        "/projects/1/totals/expenditure",
        "/projects/2/totals/expenditure",
    ]
    assert paths[11:13] == ["/projects/10/totals/expenditure", "/projects/11/totals/expenditure"]
    assert paths[-1] == "/totals/expenditure"
    assert findings == check(report(*projects, issues=(issue,), totals=totals("1200", "2400")))


def test_findings_at_one_path_are_sorted_by_code() -> None:
    # One indicator: above 100 % and in another unit than its target, both at its actual.
    both = indicator(target=target(Operator.GE, "100", "个"), actual=actual("173", "%"))
    assert [f.code for f in check(with_indicators(both))] == [
        "actual-above-100-percent",
        "indicator-unit-mismatch",
    ]
    # 173 % of a 100 % target: the doubtful figure is one finding, not two.
    doubtful = indicator(target=target(Operator.GE, "100", "%"), actual=actual("173", "%"))
    assert [f.code for f in check(with_indicators(doubtful))] == ["actual-above-100-percent"]


def test_a_finding_prints_with_its_path_severity_and_code() -> None:
    finding = Finding("total-zero", Severity.ERROR, "", "m", "中")
    assert str(finding) == "(document): error [total-zero] m"
    assert finding.rule is RULES["total-zero"]
    with pytest.raises(KeyError):
        _ = Finding("no-such-rule", Severity.INFO, "", "m", "中").rule
    with pytest.raises(ValueError, match="lower-case words"):
        Finding("Not_A_Code", Severity.INFO, "", "m", "中")
    with pytest.raises(TypeError):
        Finding("total-zero", "error", "", "m", "中")  # type: ignore[arg-type]


def test_findings_are_frozen_values() -> None:
    finding = Finding("total-zero", Severity.ERROR, "/totals/budget", "m", "中")
    assert finding == Finding("total-zero", Severity.ERROR, "/totals/budget", "m", "中")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        finding.path = "/x"  # type: ignore[misc]


def test_the_registry() -> None:
    codes = [rule.code for rule in rules()]
    assert codes == list(RULES)
    assert len(set(codes)) == len(codes)
    assert {rule.severity for rule in rules()} == {Severity.ERROR, Severity.WARNING, Severity.INFO}
    for rule in rules():
        assert isinstance(rule, Rule)
        assert rule.title
        assert rule.title_zh
        assert rule.description
        assert "  " not in rule.description
    with pytest.raises(TypeError):
        RULES["x"] = RULES["total-zero"]  # type: ignore[index]
    expected = {
        "sum-report-totals": Severity.ERROR,
        "sum-project-totals": Severity.ERROR,
        "sum-expenditure-categories": Severity.ERROR,
        "sum-project-score": Severity.ERROR,
        "sum-currencies-mixed": Severity.WARNING,
        "total-zero": Severity.ERROR,
        "total-missing": Severity.WARNING,
        "execution-zero-budget": Severity.ERROR,
        "execution-overspend": Severity.WARNING,
        "execution-low": Severity.WARNING,
        "execution-rate-printed": Severity.ERROR,
        "actual-above-100-percent": Severity.WARNING,
        "actual-far-above-target": Severity.WARNING,
        "indicator-level-mismatch": Severity.WARNING,
        "indicator-empty": Severity.WARNING,
        "score-above-weight": Severity.ERROR,
        "score-weights-total": Severity.WARNING,
        "score-differs": Severity.WARNING,
        "score-execution-below-full": Severity.WARNING,
        "score-met-below-weight": Severity.WARNING,
        "score-unmet-full": Severity.WARNING,
        "score-deduction-unexplained": Severity.INFO,
        "indicator-unit-mismatch": Severity.WARNING,
        "indicator-cost-above-expenditure": Severity.WARNING,
        "grade-contradicts-score": Severity.ERROR,
        "issue-unknown-project": Severity.ERROR,
    }
    assert {code: rule.severity for code, rule in RULES.items()} == expected


def test_severity_codes() -> None:
    assert [(s.value, s.label) for s in Severity] == [
        ("error", "错误"),
        ("warning", "警告"),
        ("info", "提示"),
    ]


def test_check_needs_a_report() -> None:
    with pytest.raises(TypeError, match="needs a Report, not dict"):
        check({})  # type: ignore[arg-type]


def test_a_department_report_without_projects() -> None:
    department = report(kind=ReportKind.DEPARTMENT_OVERALL, totals=totals("100", "50"))
    # Only the printed totals: 50 / 100 = 50.00 %.
    findings = check(department)
    assert triples(findings) == {("execution-low", Severity.WARNING, "/totals/expenditure")}
    assert "50.00%" in findings[0].message


def test_amounts_are_never_floats_in_messages() -> None:
    # 1 / 3 = 33.333…%: rounded half up once, printed with two decimals.
    finding = one(check(report(spending("3", "1"))), "execution-low")
    assert "33.33%" in finding.message
    assert "e-" not in finding.message.lower()


def test_decimal_places_of_rates_are_kept() -> None:
    # 2 / 3 = 66.666…% → 66.67 % (half up).
    assert "66.67%" in one(check(report(spending("3", "2"))), "execution-low").message
    assert Decimal("66.67") < 90


def test_the_callers_decimal_context_makes_no_difference() -> None:
    reports = [
        examples.load("kaifu-2020"),
        examples.load("tangxi-2022"),
        scored(("50", "49.6"), ("50", "50.004"), score="99.5"),
        three_rows("60.00"),
    ]
    expected = [check(r) for r in reports]
    with decimal.localcontext() as context:
        context.prec = 2
        context.traps[decimal.Inexact] = True
        context.traps[decimal.Rounded] = True
        assert [check(r) for r in reports] == expected
    # 49.6 + 50.004 = 99.604 against 99.5: 0.104 apart, more than ±0.05.
    assert "99.604" in one(expected[2], "sum-project-score").message


def test_the_deductions_hand_verified_in_the_ningxia_table_are_found() -> None:
    # tests/corpus/sources/ningxia-…md, "Hand-verified facts": 预算执行率 100 %, scored 9 of 10;
    # 时效 target = actual (2021年12月完成), 4 of 5; 社会效益 target = actual, 13 of 15;
    # 可持续影响 target = actual, 8 of 10 — none with a reason.
    path = Path(__file__).parent / "corpus" / "ningxia-yinchuan-liuzhong-2021-gongyongjingfei.json"
    findings = check(loads(path.read_text(encoding="utf-8")))
    execution = only(findings, "score-execution-below-full")
    assert [(f.path, f.severity) for f in execution] == [
        ("/projects/0/indicators/4/score", Severity.WARNING)
    ]
    met = only(findings, "score-met-below-weight")
    # 4/5 = 0.8, 13/15 ≈ 0.867, 8/10 = 0.8: each within the achieved band (≥ 0.8).
    assert [(f.path, f.severity) for f in met] == [
        ("/projects/0/indicators/12/score", Severity.INFO),
        ("/projects/0/indicators/19/score", Severity.INFO),
        ("/projects/0/indicators/22/score", Severity.INFO),
    ]


# -- verdicts on real layouts ----------------------------------------------------------------


def rate_row(name: str, goal: str, got: str, *, weight: str = "2", points: str = "2") -> Indicator:
    return indicator(
        name,
        level1=L1.PROCESS,
        level2=None,
        target=Target(value=Quantity(goal, "%")),
        actual=actual(got, "%"),
        weight=Decimal(weight),
        score=Decimal(points),
    )


def test_a_row_short_of_its_target_scored_in_full() -> None:
    # 政府采购执行率 72.74 % of a 100 % target, scored 2 of 2 (a Chongqing table).
    finding = one(
        check(with_indicators(rate_row("政府采购执行率", "100", "72.74"))), "score-unmet-full"
    )
    assert (finding.severity, finding.path) == (Severity.WARNING, "/projects/0/indicators/0/score")
    assert finding.message == (
        "政府采购执行率: the result 72.74% falls short of the target 100%, yet the row is"
        " scored its full 2"
    )
    # A bare 100 % of a 控制率 states no direction: 92 % may be within the control.
    control = check(with_indicators(rate_row("财政供养人员控制率", "100", "92")))
    assert only(control, "score-unmet-full") == only(control, "score-differs") == []
    # A printed operator gives the direction; words (未完成) do too.
    counted = indicator(
        target=Target(Operator.GE, Quantity(50, "人次")),
        actual=actual("40", "人次"),
        weight=Decimal(10),
        score=Decimal(10),
    )
    assert only(check(with_indicators(counted)), "score-unmet-full") != []
    words = indicator(
        target=Target(Operator.QUALITATIVE, text="按时完成"),
        actual=Actual(text="未完成"),
        weight=Decimal(5),
        score=Decimal(5),
    )
    assert only(check(with_indicators(words)), "score-unmet-full") != []
    # Scored below full, it is not this finding.
    assert (
        only(
            check(with_indicators(rate_row("执行率", "100", "72.74", points="1"))),
            "score-unmet-full",
        )
        == []
    )


def test_a_deduction_without_a_reason_is_info() -> None:
    short = indicator(
        "培训人次",
        target=Target(Operator.GE, Quantity(50, "人次")),
        actual=actual("40", "人次"),
        weight=Decimal(10),
        score=Decimal(8),
    )
    finding = one(check(with_indicators(short)), "score-deduction-unexplained")
    assert (finding.severity, finding.path) == (Severity.INFO, "/projects/0/indicators/0/score")
    assert finding.message_zh == "培训人次：得分8（分值10），未说明扣分原因（偏差原因）"
    explained = attrs.evolve(short, deviation="培训因疫情推迟")
    assert only(check(with_indicators(explained)), "score-deduction-unexplained") == []
    # A row with neither target nor result is indicator-empty's.
    bare = indicator("A101立项依据充分性", weight=Decimal(2), score=Decimal(1))
    assert only(check(with_indicators(bare)), "score-deduction-unexplained") == []


def test_a_cost_row_cannot_claim_more_than_was_spent() -> None:
    def cost(claimed: Actual) -> Report:
        row = indicator("运行维护费", level2=L2.COST, actual=claimed)
        return report(project(totals=totals("150", "125.25"), indicators=(row,)))

    finding = one(
        check(cost(Actual(value=Quantity(1500000), text="150万"))),
        "indicator-cost-above-expenditure",
    )
    assert finding.message == (
        "运行维护费: the cost row's actual 150万 is more than the project's expenditure 125.25万元"
    )
    # 1252500 元 is exactly what was spent; a bare figure without 万 is not known money.
    assert only(check(cost(actual("1252500", "元"))), "indicator-cost-above-expenditure") == []
    assert only(check(cost(actual("1500000"))), "indicator-cost-above-expenditure") == []
    assert only(check(cost(actual("1500000.01", "元"))), "indicator-cost-above-expenditure") != []


def test_a_total_above_what_its_rows_can_reach() -> None:
    # 84 printed over two rows, a third row worth 10 prints no score: at most 94.
    rows = (
        indicator("甲", weight=Decimal(50), score=Decimal(44)),
        indicator("乙", weight=Decimal(40), score=Decimal(40)),
        indicator("丙", weight=Decimal(10)),
    )
    finding = one(check(report(project(indicators=rows, score=Decimal(98)))), "sum-project-score")
    assert finding.severity is Severity.ERROR
    assert (
        "98 is 4 above the most its rows can add up to: 84 printed (2 rows) plus at"
        in finding.message
    )
    assert "most 10 for 1 row without a printed score, 94" in finding.message
    for total in ("94", "90", "84"):  # reachable: undecided, not a finding
        assert (
            only(check(report(project(indicators=rows, score=Decimal(total)))), "sum-project-score")
            == []
        )
    below = one(check(report(project(indicators=rows, score=Decimal(80)))), "sum-project-score")
    assert "differs from the sum of the scores, 84 (2 rows), by 4" in below.message


def test_weights_are_checked_against_the_printed_groups() -> None:
    groups = (
        ScoreGroup(
            label="项目决策", weight=Decimal(10), covers=GroupScope.LEVEL1, level1=L1.DECISION
        ),
        ScoreGroup(
            label="项目产出", weight=Decimal(85), covers=GroupScope.LEVEL1, level1=L1.OUTPUT
        ),
    )
    rows = (
        indicator("立项", level1=L1.DECISION, level2=None, weight=Decimal(4), score=Decimal(4)),
        indicator("数量", weight=Decimal(80), score=Decimal(80)),
    )
    findings = only(
        check(report(project(indicators=rows, score_groups=groups))), "score-weights-total"
    )
    assert {f.message for f in findings} == {
        "项目: the score groups add up to 95 (项目决策 10 + 项目产出 85), not 100",
        "项目: the rows of 项目决策 (10) add up to 4, not 10",
        "项目: the rows of 项目产出 (85) add up to 80, not 85",
    }
    # A layout that prints no 分值 per row has nothing to add up.
    whole = (
        ScoreGroup(label="年度绩效目标", weight=Decimal(80), covers=GroupScope.ALL),
        ScoreGroup(label="预算执行", weight=Decimal(20), covers=GroupScope.EXECUTION),
    )
    unweighted = (indicator("数量", score=Decimal(40)), indicator("质量", score=Decimal(40)))
    assert (
        only(
            check(report(project(indicators=unweighted, score_groups=whole))), "score-weights-total"
        )
        == []
    )


def test_the_policy_sets_the_expected_rate_and_the_overachievement() -> None:
    spent = report(project(totals=totals("100", "85")))
    assert only(check(spent), "execution-low") != []
    lenient = Policy(name="lenient", execution_expected="0.8", overachievement=None)
    assert only(check(spent, policy=lenient), "execution-low") == []
    low = one(check(report(project(totals=totals("100", "70"))), policy=lenient), "execution-low")
    assert "below 80 %" in low.message
    far = with_indicators(
        indicator(target=target(Operator.GE, "50", "个"), actual=actual("70", "个"))
    )
    assert only(check(far), "actual-far-above-target") != []
    assert only(check(far, policy=lenient), "actual-far-above-target") == []


def test_a_departments_own_table_is_checked() -> None:
    department = Department(indicators=(rate_row("政府采购执行率", "100", "72.74"),))
    findings = check(report(kind=ReportKind.DEPARTMENT_OVERALL, department=department))
    assert ("score-unmet-full", "/department/indicators/0/score") in {
        (f.code, f.path) for f in findings
    }
