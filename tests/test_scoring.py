"""Scoring a self-evaluation: the rules one by one, the reference reports, the context."""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from perfeval import examples, load
from perfeval.codes import (
    Achievement,
    FundSource,
    Grade,
    IndicatorLevel1,
    IndicatorLevel2,
    MoneyUnit,
    Operator,
)
from perfeval.model import BudgetExecution, BudgetLine, Indicator, KeyProject, Totals
from perfeval.money import Money
from perfeval.quantity import Actual, Quantity, Target, parse_actual, parse_target
from perfeval.scoring import (
    DEFAULT_POLICY,
    POLICIES,
    Band,
    Component,
    Formula,
    Policy,
    ScoreCard,
    Status,
    WeightGroup,
    _indicator_component,
    _verdict,
    achievement,
    score,
)

WAN = MoneyUnit.WAN_YUAN
YUAN = MoneyUnit.YUAN
OUTPUT = IndicatorLevel1.OUTPUT
EFFECT = IndicatorLevel1.EFFECT
SATISFACTION = IndicatorLevel1.SATISFACTION
D = Decimal


def wan(amount: str, currency: str = "CNY") -> Money:
    return Money(amount, WAN, currency=currency)


def indicator(
    target: str | Target | None = None,
    actual: str | Actual | None = None,
    *,
    weight: str | None = "10",
    printed: str | None = None,
    level1: IndicatorLevel1 = OUTPUT,
    name: str = "指标",
) -> Indicator:
    return Indicator(
        level1=level1,
        name=name,
        target=parse_target(target) if isinstance(target, str) else target,
        actual=parse_actual(actual) if isinstance(actual, str) else actual,
        weight=None if weight is None else D(weight),
        score=None if printed is None else D(printed),
    )


def project(
    *indicators: Indicator,
    budget: str | None = "100",
    spent: str | None = "100",
    execution: BudgetExecution | None = None,
    lines: Iterable[BudgetLine] = (),
    total: str | None = None,
    grade: Grade | None = None,
) -> KeyProject:
    totals = None
    if budget is not None:
        totals = Totals(budget=wan(budget), expenditure=None if spent is None else wan(spent))
    return KeyProject(
        id="p",
        name="项目",
        totals=totals,
        budget_lines=tuple(lines),
        budget_execution=execution,
        indicators=indicators,
        score=None if total is None else D(total),
        grade=grade,
    )


def one(ind: Indicator, policy: Policy = DEFAULT_POLICY) -> Component:
    """Score a project holding only *ind*, and return its component."""
    return score(project(ind), policy).component("/indicators/0")


def line(
    budget: str, spent: str | None, unit: MoneyUnit = WAN, currency: str = "CNY"
) -> BudgetLine:
    return BudgetLine(
        source=FundSource.FISCAL,
        budget=Money(budget, unit, currency=currency),
        expenditure=None if spent is None else Money(spent, unit, currency=currency),
    )


def execution_of(proj: KeyProject, policy: Policy = DEFAULT_POLICY) -> Component:
    return score(proj, policy).component("/budget_execution")


# -- the reference reports ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def tangxi() -> KeyProject:
    return examples.load("tangxi-2022").projects[0]


@pytest.fixture(scope="module")
def qingshen() -> KeyProject:
    return examples.load("qingshen-2023").projects[0]


@pytest.mark.parametrize("policy", ["national", "sichuan"])
def test_tangxi_reproduces_every_printed_indicator_score(tangxi: KeyProject, policy: str) -> None:
    card = score(tangxi, POLICIES[policy])
    indicators = [c for c in card.components if c.path.startswith("/indicators/")]
    printed = [c for c in indicators if c.printed_score is not None]
    assert [c.printed_score for c in printed] == [D(n) for n in "88888"] + [D(10)] * 4
    assert [c.score for c in printed] == [c.printed_score for c in printed]
    assert [c.weight for c in printed] == [D(n) for n in "88888"] + [D(10)] * 4
    assert [c.formula for c in printed] == [
        Formula.POSITIVE,
        Formula.POSITIVE,
        Formula.QUALITATIVE,
        Formula.QUALITATIVE,
        Formula.NEGATIVE_RATIO,
        *[Formula.QUALITATIVE] * 4,
    ]


def test_tangxi_execution_from_the_line_where_the_total_row_is_zero(tangxi: KeyProject) -> None:
    card = score(tangxi)
    execution = card.component("/budget_execution")
    # The total row printed 0 / 0; the line 89.974 / 89.974 is 100 %: 10, not the printed 0.
    assert (execution.weight, execution.score, execution.printed_score) == (D(10), D("10.00"), D(0))
    assert execution.target == execution.actual == wan("89.974")
    assert "the printed total budget is 0" in execution.note
    assert "the printed rate 0 % differs" in execution.note
    assert card.differences() == (execution,)
    assert execution.difference == D("-10.00")


def test_tangxi_cut_off_satisfaction_row_is_not_scorable(tangxi: KeyProject) -> None:
    card = score(tangxi)
    satisfaction = card.component("/indicators/9")
    assert satisfaction.status is Status.NOT_SCORABLE
    assert (satisfaction.weight, satisfaction.score) == (D("10.00"), D("0.00"))
    assert "no actual value" in satisfaction.note
    assert (card.weight_total, card.total, card.grade) == (D("100.00"), D("90.00"), Grade.EXCELLENT)
    assert not card.complete


@pytest.mark.parametrize("policy", ["national", "sichuan"])
def test_qingshen_blank_results(qingshen: KeyProject, policy: str) -> None:
    card = score(qingshen, POLICIES[policy])
    assert [(c.path, c.weight, c.score, c.status) for c in card.components] == [
        ("/budget_execution", D(10), D("10.00"), Status.SCORED),
        ("/indicators/0", D(60), D("0.00"), Status.NOT_SCORABLE),
        ("/indicators/1", D(30), D("0.00"), Status.NOT_SCORABLE),
    ]
    assert card.component("/budget_execution").note.startswith(
        "执行率 100.00 % (251.89万元 / 251.89万元, from the printed totals)"
    )
    assert (card.total, card.grade) == (D("10.00"), Grade.POOR)
    assert card.differences() == ()  # nothing was printed to compare with


def test_qingshen_national_notes_the_missing_satisfaction_group(qingshen: KeyProject) -> None:
    assert "the project has no 满意度 indicators" in score(qingshen).notes
    assert "the project has no 满意度 indicators" not in score(qingshen, POLICIES["sichuan"]).notes


def test_kaifu_scores_without_raising() -> None:
    for proj in examples.load("kaifu-2020").projects:
        card = score(proj)
        assert D(0) <= card.total <= D(100)


def test_str_is_a_readable_table(tangxi: KeyProject) -> None:
    text = str(score(tangxi))
    lines = text.splitlines()
    assert lines[0] == "委托业务项目 (entrusted-business), policy national"
    assert lines[1].split() == ["path", "weight", "score", "printed", "formula", "component"]
    assert lines[2].split() == [
        "/budget_execution",
        "10",
        "10.00",
        "0",
        "≠",
        "execution",
        "预算执行率",
    ]
    assert lines[12].split() == [
        "/indicators/9",
        "10.00",
        "0.00",
        "—",
        "not",
        "scorable",
        "公众满…",
    ]
    assert lines[13].split() == ["total", "100.00", "90.00", "—", "grade", "优"]
    assert "notes:" in lines
    assert "  not scorable, counted as 0: /indicators/9" in lines


# -- budget execution -------------------------------------------------------------------------


def test_domain_example_86_percent_is_8_60_where_the_table_printed_9() -> None:
    proj = project(
        budget="100", spent="86", execution=BudgetExecution(weight=D("10"), score=D("9"))
    )
    card = score(proj)
    execution = card.component("/budget_execution")
    assert execution.score == D("8.60")
    assert execution.difference == D("0.40")
    assert card.differences() == (execution,)
    assert "below 90 %: a reason is expected" in execution.note


def test_execution_is_capped_at_full_weight() -> None:
    execution = execution_of(project(budget="213.28", spent="703.45"))
    assert execution.score == D("10.00")
    assert "329.82 %" in execution.note
    assert "above 100 %" in execution.note


def test_execution_rounds_half_up() -> None:
    # 0.86125 × 10 = 8.6125 → 8.61; 1/3 × 10 = 3.333… → 3.33; 0.0005 × 10 → 0.01
    assert execution_of(project(budget="1", spent="0.86125")).score == D("8.61")
    assert execution_of(project(budget="3", spent="1")).score == D("3.33")
    assert execution_of(project(budget="1", spent="0.0005")).score == D("0.01")


def test_execution_negative_rate_scores_zero() -> None:
    assert execution_of(project(budget="100", spent="-5")).score == D("0.00")


def test_execution_weight_printed_wins_over_the_policy() -> None:
    proj = project(execution=BudgetExecution(weight=D("20")))
    assert execution_of(proj).weight == D(20)
    assert execution_of(project()).weight == D(10)


def test_execution_with_no_weight_anywhere_is_left_out() -> None:
    policy = Policy(execution_weight=0)
    assert [c.path for c in score(project(), policy).components] == []
    proj = project(execution=BudgetExecution(weight=D("10")))
    assert [c.path for c in score(proj, policy).components] == ["/budget_execution"]


def test_execution_negative_printed_weight_is_not_used() -> None:
    execution = execution_of(project(execution=BudgetExecution(weight=D("-10"))))
    assert (execution.status, execution.weight) == (Status.NOT_SCORABLE, D(0))
    assert "negative" in execution.note


def test_execution_sums_lines_across_units() -> None:
    lines = [line("10", "5"), line("100000", "100000", YUAN)]
    execution = execution_of(project(budget=None, lines=lines))
    assert execution.target == Money("200000", YUAN)
    assert execution.actual == Money("150000", YUAN)
    assert execution.score == D("7.50")
    assert "the sum of the 2 budget lines" in execution.note
    assert "the printed total budget is 0" not in execution.note


def test_execution_totals_without_expenditure_fall_back_to_lines() -> None:
    execution = execution_of(project(budget="100", spent=None, lines=[line("10", "9")]))
    assert execution.score == D("9.00")
    assert "from the budget line" in execution.note


@pytest.mark.parametrize(
    ("proj", "reason"),
    [
        (project(budget=None), "no budget was printed"),
        (project(budget="0", spent="0", lines=[line("0", "0")]), "the budget printed is 0"),
        (project(budget=None, lines=[line("1", None)]), "a budget line has no expenditure"),
        (
            project(budget=None, lines=[line("1", "1"), line("1", "1", currency="USD")]),
            "the budget lines mix currencies",
        ),
        (
            project(
                budget=None,
                lines=[
                    BudgetLine(
                        source=FundSource.FISCAL,
                        budget=wan("1"),
                        expenditure=wan("1", "USD"),
                    )
                ],
            ),
            "the budget lines mix currencies",
        ),
        (
            KeyProject(
                id="p", name="n", totals=Totals(budget=wan("1"), expenditure=wan("1", "USD"))
            ),
            "the printed totals mix currencies",
        ),
    ],
)
def test_execution_not_scorable(proj: KeyProject, reason: str) -> None:
    execution = execution_of(proj)
    assert (execution.status, execution.score, execution.weight) == (
        Status.NOT_SCORABLE,
        D("0.00"),
        D(10),
    )
    assert execution.formula is Formula.NONE
    assert execution.note.startswith(reason)
    assert execution.note.endswith("and no execution rate was printed")


def test_execution_falls_back_to_the_printed_rate() -> None:
    execution = execution_of(project(budget=None, execution=BudgetExecution(rate=D("95.5"))))
    assert execution.score == D("9.55")
    assert "the printed rate; no amounts" in execution.note
    assert execution.target is None


@pytest.mark.parametrize(
    ("rate", "differs"),
    [("86.00", False), ("86", False), ("86.0", False), ("86.01", True), ("85", True)],
)
def test_execution_printed_rate_compared_at_its_places(rate: str, differs: bool) -> None:
    proj = project(budget="100", spent="86", execution=BudgetExecution(rate=D(rate)))
    assert ("differs" in execution_of(proj).note) is differs


def test_execution_printed_rate_rounds_to_its_places() -> None:
    # 2/3 = 66.666… %: printed 66.67 or 67 agree, 66.66 does not.
    for rate, differs in (("66.67", False), ("67", False), ("66.66", True)):
        proj = project(budget="3", spent="2", execution=BudgetExecution(rate=D(rate)))
        assert ("differs" in execution_of(proj).note) is differs


# -- positive, equal and negative indicators ----------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≥50个", "50", "10.00"),
        ("≥50个", "60个", "10.00"),
        ("≥50个", "45", "9.00"),
        ("≥3次", "2次", "6.67"),
        (">50个", "50", "10.00"),  # strictness is not scored
        ("43.2", "21.6", "5.00"),  # a bare number is positive
        ("≥100百分比", "99.5%", "9.95"),
        ("≥50个", "-5", "0.00"),
        ("≥0个", "0", "10.00"),
        ("≥-5", "-6", "0.00"),
        ("≥-5", "-5", "10.00"),
        ("=100%", "100%", "10.00"),
        ("=100%", "90%", "9.00"),
        ("=0起", "0", "10.00"),
        ("=0起", "1", "0.00"),
        ("=-3", "-3", "10.00"),
    ],
)
def test_positive_and_equal(target: str, actual: str, expected: str) -> None:
    assert one(indicator(target, actual)).score == D(expected)


@pytest.mark.parametrize(
    ("target", "actual", "ratio", "linear"),
    [
        ("≤90万元", "90", "10.00", "10.00"),
        ("≤90万元", "80万元", "10.00", "10.00"),
        ("<100万元", "110", "9.09", "9.00"),
        ("≤100", "150", "6.67", "5.00"),
        ("≤100", "200", "5.00", "0.00"),
        ("≤100", "300", "3.33", "0.00"),
        ("≤0次", "0", "10.00", "10.00"),
        ("≤0次", "2", "0.00", "0.00"),
        ("≤5%", "-1%", "10.00", "10.00"),
    ],
)
def test_negative(target: str, actual: str, ratio: str, linear: str) -> None:
    ind = indicator(target, actual)
    assert one(ind).score == D(ratio)
    assert one(ind, Policy(negative_formula="ratio")).score == D(ratio)
    assert one(ind, Policy(negative_formula="linear")).score == D(linear)


def test_formulas_are_recorded() -> None:
    assert one(indicator("≥5", "5")).formula is Formula.POSITIVE
    assert one(indicator("=0", "0")).formula is Formula.THRESHOLD
    assert one(indicator("≥0", "1")).formula is Formula.THRESHOLD
    assert one(indicator("≤5", "6")).formula is Formula.NEGATIVE_RATIO
    linear = Policy(negative_formula="linear")
    assert one(indicator("≤5", "6"), linear).formula is Formula.NEGATIVE_LINEAR
    assert one(indicator("效果明显", "达成预期指标")).formula is Formula.QUALITATIVE
    assert Formula.NEGATIVE_LINEAR.description.startswith("actual ≤ target")


def test_notes_explain_the_arithmetic() -> None:
    assert one(indicator("≥3次", "2次")).note == "2次 against ≥3次: 10 × 2 / 3 = 6.6667…"
    assert one(indicator("≤100", "150")).note == "150 against ≤100: 10 × 100 / 150 = 6.6667…"
    linear = Policy(negative_formula="linear")
    assert (
        one(indicator("≤100", "150"), linear).note
        == "150 against ≤100: 10 × (1 − (150 − 100) / 100) = 5"
    )
    assert (
        one(indicator("≤100", "250"), linear).note
        == "250 against ≤100: twice the target or more, 0"
    )
    assert one(indicator("=0起", "1")).note.endswith(
        "not met, and a target of 0 or less has no proportion: 0"
    )
    assert one(indicator("≥50个", "-5")).note == "-5 against ≥50个: 10 × max(-5 / 50, 0) = 0"


def test_notes_of_money_in_different_units() -> None:
    assert (
        one(indicator("≤2万元", "25000元"), Policy(negative_formula="linear")).note
        == "25000元 against ≤2万元 (both in 元): 10 × (1 − (25000 − 20000) / 20000) = 7.5"
    )
    assert (
        one(indicator("≥1亿元", "9500万元")).note
        == "9500万元 against ≥1亿元 (both in 元): 10 × 95000000 / 100000000 = 9.5"
    )
    assert one(indicator("≥200万", "150.25万元")).note == (
        "150.25万元 against ≥200万 (the target read as 200万元): 10 × 1502500 / 2000000 = 7.5125"
    )
    assert one(indicator("≥2.5万元", "12345万")).note.startswith(
        "123450000 against ≥2.5万元 (the actual read as 12345万元): met, the full weight;"
        " the actual is 493800 % of the target"
    )


def test_target_without_text_is_shown_from_its_parts() -> None:
    bare = Target(value=Quantity(50, "个"))
    assert one(indicator(bare, "50")).note == "50 against 50个: met, the full weight"
    ge = Target(Operator.GE, Quantity(50, "个"))
    assert one(indicator(ge, "40")).note.startswith("40 against >=50个:")


def test_overachievement_is_noted_not_scored_down() -> None:
    component = one(indicator("≥100人", "173人"))
    assert component.score == D("10.00")
    assert "173 % of the target (≥ 130 %): an explanation is expected" in component.note
    assert "explanation" not in one(indicator("≥100人", "129人")).note
    assert "explanation" not in one(indicator("≥100人", "173人"), Policy(overachievement=None)).note


# -- units ------------------------------------------------------------------------------------


def test_units_bare_actual_takes_the_target_unit() -> None:
    assert one(indicator("≥50个", "50")).status is Status.SCORED
    assert one(indicator("50", "50个")).status is Status.SCORED


def test_units_percent_spellings_agree() -> None:
    target = Target(Operator.GE, Quantity(95, "％"))
    assert one(indicator(target, "95%")).score == D("10.00")


def test_units_money_converts_exactly() -> None:
    assert one(indicator("≤90万元", "900000元")).score == D("10.00")
    assert one(indicator("≤90万元", "1000000元")).score == D("9.00")
    assert one(indicator("≥1千元", "500元")).score == D("5.00")


def test_units_mismatch_is_not_scorable() -> None:
    component = one(indicator("≥95%", "95个"))
    assert component.status is Status.NOT_SCORABLE
    assert component.note == (
        "the units differ: the target is in %, the actual in 个; they cannot be compared"
    )
    assert one(indicator("≥50万元", "50人")).status is Status.NOT_SCORABLE


# -- qualitative indicators -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("达成预期指标", "10.00"), ("部分达成", "8.00"), ("未完成", "6.00")],
)
def test_qualitative_without_printed_score_is_the_top_of_its_band(
    actual: str, expected: str
) -> None:
    assert one(indicator("效果明显", actual)).score == D(expected)


@pytest.mark.parametrize(
    ("actual", "printed", "expected", "consistent"),
    [
        ("达成预期指标", "8", "8.00", True),
        ("达成预期指标", "7.99", "8.00", False),
        ("达成预期指标", "10", "10.00", True),
        ("部分达成", "7", "7.00", True),
        ("部分达成", "8", "8.00", True),  # a shared bound belongs to both bands
        ("部分达成", "10", "8.00", False),
        ("部分达成", "5", "6.00", False),
        ("未完成", "0", "0.00", True),
        ("未完成", "9", "6.00", False),
    ],
)
def test_qualitative_printed_score_checked_against_its_band(
    actual: str, printed: str, expected: str, consistent: bool
) -> None:
    component = one(indicator("效果明显", actual, printed=printed))
    assert component.score == D(expected)
    assert ("within its band" in component.note) is consistent
    assert ("outside its band" in component.note) is not consistent


def test_qualitative_note() -> None:
    component = one(indicator("效果明显", "部分达成", printed="5"))
    assert component.note == (
        "部分达成: the printed 5 is outside its band 60–80 % (6 to 8): scored at the nearest bound"
    )
    assert (
        one(indicator("效果明显", "达成预期指标")).note
        == "达成: the top of its band 80–100 % of the weight"
    )


def test_qualitative_score_near_a_bound_is_a_difference() -> None:
    proj = project(indicator("效果明显", "达成预期指标", printed="7.5"))
    card = score(proj)
    assert [c.path for c in card.differences()] == ["/indicators/0"]


def test_achievement_without_a_comparable_value_is_qualitative() -> None:
    # A blank template target, or a numeric target with an achievement for actual.
    assert one(indicator("≥**人次", "达成预期指标")).score == D("10.00")
    assert one(indicator("≥95%", "部分达成")).score == D("8.00")
    assert one(indicator(None, "达成预期指标")).formula is Formula.QUALITATIVE


def test_custom_bands() -> None:
    policy = Policy(achieved=Band("0.9", "0.95"))
    assert one(indicator("效果明显", "达成预期指标"), policy).score == D("9.50")


# -- not scorable -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "reason"),
    [
        ("≥95%", None, "no actual value (实际完成值) was printed"),
        ("效果明显", None, "no actual value (实际完成值) was printed"),
        (None, "50", "no target (年度指标值) was printed"),
        ("≥**人次", "50人次", "the target ≥**人次 states no value"),
        (
            "≥95%",
            "见附件",
            "the actual 见附件 states neither a number nor an achievement (达成 …)",
        ),
        (
            "效果明显",
            "见附件",
            (
                "the target is qualitative but the actual 见附件 states no achievement"
                " (达成, 部分达成 or 未达成) and does not restate the target"
            ),
        ),
        (
            "效果明显",
            Actual(value=Quantity(95, "%")),
            (
                "the target is qualitative but the actual 95% states no achievement"
                " (达成, 部分达成 or 未达成) and does not restate the target"
            ),
        ),
    ],
)
def test_not_scorable_counts_zero_with_a_reason(
    target: str | None, actual: str | Actual | None, reason: str
) -> None:
    card = score(project(indicator(target, actual)))
    component = card.component("/indicators/0")
    assert (component.status, component.score, component.formula) == (
        Status.NOT_SCORABLE,
        D("0.00"),
        Formula.NONE,
    )
    assert component.note == reason
    assert card.total == D("50.00")  # (10 + 0) × 100 / 20
    assert not card.complete
    assert "not scorable, counted as 0: /indicators/0" in card.notes


@pytest.mark.parametrize(("printed", "counted"), [("8", "8.00"), ("12", "10.00"), ("-1", "0.00")])
def test_a_row_that_cannot_be_scored_is_taken_as_printed(printed: str, counted: str) -> None:
    card = score(project(indicator("效果明显", "见附件", printed=printed), total="18"))
    component = card.component("/indicators/0")
    assert (component.status, component.score, component.formula) == (
        Status.TAKEN_AS_PRINTED,
        D(counted),
        Formula.NONE,
    )
    assert f"taken as printed: {printed}" in component.note
    # Only a printed score outside 0 and the weight differs from what is counted.
    assert (component in card.differences()) is (printed != "8")
    assert card.complete
    assert card.taken_as_printed == 1
    assert "1 row taken as printed: /indicators/0" in card.notes
    # execution 10 of 10, plus the row as printed (within 0 and 10), over 20 points
    assert card.total == (D(10) + D(counted)) * 5


@pytest.mark.parametrize(
    ("target", "actual", "achieved"),
    [
        ("2021年12月完成", "2021年12月完成", Achievement.ACHIEVED),  # restates its target
        ("符合相关文件要求", "符合相关文件要求", Achievement.ACHIEVED),
        ("通过", "通过", Achievement.ACHIEVED),
        ("效果明显", "持续有效", Achievement.ACHIEVED),  # 有效
        ("1部宣传片", "完成1部宣传片,2套方案", Achievement.ACHIEVED),  # 完成
        ("效果明显", "基本完成", Achievement.PARTIALLY_ACHIEVED),
        ("效果明显", "未完成", Achievement.NOT_ACHIEVED),
        ("按时完成", "未按时完成", Achievement.NOT_ACHIEVED),
        ("效果明显", "不满意", Achievement.NOT_ACHIEVED),
    ],
)
def test_results_a_reviewer_reads_as_met(target: str, actual: str, achieved: Achievement) -> None:
    row = indicator(target, actual)
    assert achievement(row) is achieved
    component = one(row)
    band = {
        Achievement.ACHIEVED: D("10.00"),
        Achievement.PARTIALLY_ACHIEVED: D("8.00"),
        Achievement.NOT_ACHIEVED: D("6.00"),
    }
    assert (component.status, component.formula) == (Status.SCORED, Formula.QUALITATIVE)
    assert component.score == band[achieved]  # the top of the band, of a weight of 10


def test_the_vocabulary_is_the_policys() -> None:
    row = indicator("效果明显", "圆满")
    assert achievement(row) is None
    policy = Policy(met_texts=("圆满",))
    assert achievement(row, policy) is Achievement.ACHIEVED
    assert one(row, policy).score == D("10.00")


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("200万", "195.5万元", "10.00"),  # a 成本 ceiling met: 1955000 元 ≤ 2000000 元
        ("200万", "210万元", "9.52"),  # 10 × 200 / 210 = 9.5238…
        ("≤200万元", "1955000元", "10.00"),  # 元 and 万元 exactly
        ("2亿元", "20000万元", "10.00"),
        ("200", "195.5万元", "10.00"),  # a bare figure takes the other's unit: 200 万元
    ],
)
def test_money_compares_across_scales_in_a_cost_row(
    target: str, actual: str, expected: str
) -> None:
    row = attrs.evolve(indicator(target, actual, level1=OUTPUT), level2=IndicatorLevel2.COST)
    component = one(row)
    assert component.score == D(expected), component.note
    assert component.formula is Formula.NEGATIVE_RATIO


def test_a_cost_row_without_an_operator_is_a_ceiling() -> None:
    row = attrs.evolve(indicator("43.2", "37.24"), level2=IndicatorLevel2.COST)
    assert one(row).score == D("10.00")  # 37.24 ≤ 43.2
    assert "a 成本 row: a ceiling" in one(row).note
    other = indicator("43.2", "37.24")  # a 数量 row: more is better, 10 × 37.24 / 43.2
    assert one(other).score == D("8.62")


def test_counts_with_wan_compare_with_plain_counts() -> None:
    assert one(indicator("≥30000册", "3.2万册")).score == D("10.00")


# -- weights ----------------------------------------------------------------------------------


def test_weights_unprinted_share_their_group_equally() -> None:
    proj = project(
        *(indicator("≥1", "1", weight=None) for _ in range(3)),
        indicator("≥1", "1", weight=None, level1=EFFECT),
        indicator("≥1", "1", weight=None, level1=SATISFACTION),
    )
    card = score(proj, DEFAULT_POLICY)
    assert [c.weight for c in card.components] == [
        D(10),
        D("16.67"),
        D("16.67"),
        D("16.66"),
        D("30.00"),
        D("10.00"),
    ]
    assert [c.group for c in card.components] == [
        "预算执行",
        "产出",
        "产出",
        "产出",
        "效益",
        "满意度",
    ]
    assert card.total == D("100.00")
    assert card.weight_total == D("100.00")
    assert card.whole
    assert card.component("/indicators/0").note.startswith(
        "weight 16.67: no row prints a 分值: an equal share of the 50 points of 产出, for"
        " display; the group is scored as a whole; "
    )


def test_weights_unprinted_rows_score_their_share_of_the_shown_weight() -> None:
    # Met in full, a quarter met, and not at all: the weight, a rounded part of it, 0.
    proj = project(
        indicator("≥1", "1", weight=None),
        indicator("≥4", "1", weight=None),
        indicator("≥1", "0", weight=None),
    )
    card = score(proj, DEFAULT_POLICY)
    assert card.whole
    rows = card.components[1:]
    assert [str(c.weight) for c in rows] == ["16.67", "16.67", "16.66"]
    assert [str(c.score) for c in rows] == ["16.67", "4.17", "0.00"]  # 16.67 / 4 = 4.1675


def test_weights_unprinted_share_what_printed_ones_leave() -> None:
    proj = project(indicator("≥1", "1", weight="30"), indicator("≥1", "1", weight=None))
    second = score(proj).component("/indicators/1")
    assert second.weight == D("20.00")
    assert "the 20 points of 产出 that the printed weights leave" in second.note
    over = project(indicator("≥1", "1", weight="60"), indicator("≥1", "1", weight=None))
    assert score(over).component("/indicators/1").weight == D("0.00")


def test_weights_cost_counts_with_output_nationally() -> None:
    proj = project(indicator("≤1", "1", weight=None, level1=IndicatorLevel1.COST))
    assert score(proj, DEFAULT_POLICY).component("/indicators/0").weight == D("50.00")
    # Without a policy, the indicators together carry what the execution row leaves.
    assert score(proj).component("/indicators/0").weight == D("90.00")


def test_weights_level_outside_every_group_without_printed_weight() -> None:
    ind = indicator("≥1", "1", weight=None, level1=IndicatorLevel1.DECISION)
    component = one(ind)
    assert (component.status, component.weight, component.group) == (
        Status.NOT_SCORABLE,
        D(0),
        "决策",
    )
    assert component.note == "no weight was printed and the layout gives 决策 indicators none"
    printed = one(indicator("≥1", "1", weight="20", level1=IndicatorLevel1.DECISION))
    assert (printed.status, printed.weight, printed.score) == (Status.SCORED, D(20), D("20.00"))


def test_weights_negative_printed_weight_is_not_used() -> None:
    component = one(indicator("≥1", "1", weight="-8"))
    assert (component.status, component.weight) == (Status.NOT_SCORABLE, D(0))
    assert component.note == "the printed weight -8 is negative: it cannot be used"


def test_weights_with_more_than_two_places_never_exceeded() -> None:
    component = one(indicator("≥1", "1", weight="8.3351"))
    assert component.score == D("8.33")
    assert one(indicator("≥1", "1", weight="8.3349")).score == D("8.33")


def test_sichuan_groups_every_indicator() -> None:
    proj = project(
        indicator("≥1", "1", weight=None),
        indicator("≥1", "1", weight=None, level1=EFFECT),
        indicator("≥1", "1", weight=None, level1=IndicatorLevel1.DECISION),
    )
    card = score(proj, POLICIES["sichuan"])
    assert [c.weight for c in card.components] == [D(10), D("30.00"), D("30.00"), D("30.00")]
    assert {c.group for c in card.components[1:]} == {"绩效指标"}


# -- not applicable and rescaling ------------------------------------------------------------


def test_not_applicable_by_printed_text_is_dropped_and_rescaled() -> None:
    proj = project(
        indicator("≥1", "1", weight="45"),
        indicator("≥1", "不适用", weight="45"),
    )
    card = score(proj)
    dropped = card.component("/indicators/1")
    assert (dropped.status, dropped.weight, dropped.score) == (
        Status.NOT_APPLICABLE,
        D(45),
        D("0.00"),
    )
    assert dropped.note == "not applicable (printed 不适用): dropped, the total is rescaled"
    assert card.weight_total == D(55)
    assert card.total == D("100.00")
    assert "not applicable, dropped: /indicators/1" in card.notes
    assert card.complete


def test_not_applicable_in_a_group_scored_as_a_whole_says_why() -> None:
    # No row prints a weight, so 产出 is scored as a whole; the note must name the
    # reason each row was dropped: the printed text, or the caller's path.
    proj = project(
        indicator("≥1", "1", weight=None),
        indicator("≥1", "不适用", weight=None),
        indicator("≥1", "1", weight=None),
    )
    card = score(proj, DEFAULT_POLICY, not_applicable=["/indicators/2"])
    assert card.whole
    printed = card.component("/indicators/1")
    named = card.component("/indicators/2")
    assert printed.status is named.status is Status.NOT_APPLICABLE
    assert printed.note == "not applicable (printed 不适用): dropped, the total is rescaled"
    assert named.note == (
        "not applicable (named not applicable by the caller): dropped, the total is rescaled"
    )


def test_not_applicable_target_text_and_custom_texts() -> None:
    assert one(indicator("不涉及", "达成预期指标")).status is Status.NOT_APPLICABLE
    assert one(indicator("≥1", "无")).status is Status.NOT_SCORABLE  # 无 may be a result
    policy = Policy(not_applicable_texts="无")
    assert policy.not_applicable_texts == ("无",)
    assert one(indicator("≥1", "无"), policy).status is Status.NOT_APPLICABLE


def test_not_applicable_by_path() -> None:
    proj = project(
        indicator("≥1", "0", weight="40"),
        indicator("≥1", "1", weight="50"),
    )
    card = score(proj, not_applicable=["/indicators/0"])
    assert card.component("/indicators/0").status is Status.NOT_APPLICABLE
    assert "named not applicable by the caller" in card.component("/indicators/0").note
    assert (card.weight_total, card.total) == (D(60), D("100.00"))
    assert score(proj, not_applicable="/indicators/0") == card
    assert score(proj, not_applicable=iter(["/indicators/0"])) == card
    assert score(proj, not_applicable=iter([])) == score(proj)
    kept = score(proj, not_applicable=[]).component("/indicators/0")
    assert kept.status is Status.SCORED


def test_not_applicable_unknown_path() -> None:
    with pytest.raises(ValueError, match="has no indicators"):
        score(project(), not_applicable=["/indicators/0"])
    with pytest.raises(ValueError, match="/indicators/0 to /indicators/0 only"):
        score(project(indicator("≥1", "1")), not_applicable=["/budget_execution"])


def test_rescaling_when_weights_do_not_add_up_to_100() -> None:
    # 10 + 50: 10 + 25 = 35 of 60 → 58.33
    proj = project(indicator("≥2", "1", weight="50"))
    card = score(proj)
    assert (card.weight_total, card.total, card.grade) == (D(60), D("58.33"), Grade.POOR)
    assert card.notes[0] == (
        "the weights counted add up to 60, not 100: the total is rescaled (Σ scores × 100 / 60)"
    )


def test_nothing_weighted() -> None:
    card = score(project(), Policy(execution_weight=0, groups=()))
    assert (card.components, card.total, card.grade) == ((), D("0.00"), Grade.POOR)
    assert card.notes == ("nothing carries weight: the total is 0",)


def test_printed_total_and_grade_compared() -> None:
    card = score(project(indicator("≥1", "1", weight="90"), total="95", grade=Grade.EXCELLENT))
    assert (card.total, card.printed_total, card.printed_grade) == (
        D("100.00"),
        D(95),
        Grade.EXCELLENT,
    )
    assert "the printed total 95 differs" in card.notes
    same = score(project(indicator("≥1", "1", weight="90"), total="100.004", grade=Grade.GOOD))
    assert not any("printed total" in note for note in same.notes)
    assert "the printed grade 良 differs" in same.notes


# -- the policy -----------------------------------------------------------------------------------


def test_named_policies() -> None:
    assert set(POLICIES) == {"national", "sichuan", "hubei", "ningxia", "henan-third-party"}
    assert DEFAULT_POLICY is POLICIES["national"]
    national = POLICIES["national"]
    assert [(g.name, g.weight) for g in national.groups] == [
        ("产出", D(50)),
        ("效益", D(30)),
        ("满意度", D(10)),
    ]
    assert national.execution_weight == D(10)
    assert national.negative_formula == "ratio"
    sichuan = POLICIES["sichuan"]
    assert [(g.name, g.weight, len(g.levels)) for g in sichuan.groups] == [
        ("绩效指标", D(90), len(IndicatorLevel1)),
    ]
    with pytest.raises(TypeError):
        POLICIES["other"] = national  # type: ignore[index]


def test_policy_is_a_frozen_hashable_value() -> None:
    national = attrs.evolve(POLICIES["national"], title="", source="")
    assert Policy(name="national") == national
    assert hash(Policy(name="national")) == hash(national)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        POLICIES["national"].execution_weight = D(5)  # type: ignore[misc]


def test_policy_groups_from_a_mapping() -> None:
    weights: dict[IndicatorLevel1, Decimal | int | str] = {OUTPUT: "60", EFFECT: 30}
    policy = Policy(groups=weights)
    assert policy.groups == (WeightGroup("产出", OUTPUT, 60), WeightGroup("效益", EFFECT, 30))
    assert policy.group_of(SATISFACTION) is None


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"execution_weight": -1}, ValueError, "execution_weight must be 0 or more, not -1"),
        ({"execution_weight": 1.5}, TypeError, "weight must be a Decimal"),
        ({"negative_formula": "inverse"}, ValueError, "negative_formula must be 'ratio' or"),
        ({"groups": ["产出"]}, TypeError, "groups must be WeightGroup values, not str"),
        (
            {"groups": (WeightGroup("a", OUTPUT, 1), WeightGroup("b", (OUTPUT, EFFECT), 1))},
            ValueError,
            "belongs to one group only; 产出 is in two",
        ),
        ({"good_from": 95}, ValueError, "the grade thresholds must satisfy"),
        ({"fair_from": -1}, ValueError, "the grade thresholds must satisfy"),
        ({"excellent_from": 101}, ValueError, "the grade thresholds must satisfy"),
        ({"overachievement": "-1"}, ValueError, "overachievement must be 0 or more"),
        ({"tolerance": "-0.01"}, ValueError, "tolerance must be 0 or more"),
        ({"achieved": (0.8, 1)}, TypeError, "'achieved' must be <class"),
        ({"not_applicable_texts": [1]}, TypeError, "'not_applicable_texts' must be <class 'str'>"),
    ],
)
def test_policy_rejects(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        Policy(**kwargs)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("产出", (), 50), ValueError, "needs at least one first-level indicator"),
        (("产出", ("output",), 50), TypeError, "levels must be IndicatorLevel1 members, not str"),
        (("产出", OUTPUT, "-1"), ValueError, "weight must be 0 or more, not -1"),
    ],
)
def test_weight_group_rejects(args: tuple[Any, ...], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        WeightGroup(*args)


@pytest.mark.parametrize(("low", "high"), [("-0.1", "0.5"), ("0.5", "1.1"), ("0.7", "0.6")])
def test_band_rejects(low: str, high: str) -> None:
    with pytest.raises(ValueError, match="a band must satisfy"):
        Band(low, high)


def test_policy_bands_and_grades() -> None:
    policy = DEFAULT_POLICY
    assert policy.band(Achievement.ACHIEVED) == Band("0.8", "1")
    assert policy.band(Achievement.PARTIALLY_ACHIEVED) == Band("0.6", "0.8")
    assert policy.band(Achievement.NOT_ACHIEVED) == Band("0", "0.6")
    grades = [policy.grade(D(v)) for v in ("100", "90", "89.99", "80", "79.99", "60", "59.99", "0")]
    assert grades == [Grade.EXCELLENT] * 2 + [Grade.GOOD] * 2 + [Grade.FAIR] * 2 + [Grade.POOR] * 2
    assert Policy(excellent_from=95).grade(D(92)) is Grade.GOOD
    assert policy.grade("89.5") is Grade.GOOD  # type: ignore[arg-type]


# -- the card and its API ------------------------------------------------------------------------


def test_score_rejects_what_is_not_a_project_or_policy(tangxi: KeyProject) -> None:
    with pytest.raises(TypeError, match="project must be a KeyProject, not Report"):
        score(examples.load("tangxi-2022"))  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"policy must be a Policy such as POLICIES\['national'\], not str"
    ):
        score(tangxi, "national")  # type: ignore[arg-type]


def test_card_is_frozen_and_complete_api(tangxi: KeyProject) -> None:
    card = score(tangxi)
    assert isinstance(card, ScoreCard)
    assert (card.project_id, card.project_name, card.policy) == (
        "entrusted-business",
        "委托业务项目",
        DEFAULT_POLICY,
    )
    assert card.printed_total is None
    assert card.printed_grade is None
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        card.total = D(0)  # type: ignore[misc]
    with pytest.raises(KeyError):
        card.component("/indicators/10")
    assert {type(c.score) for c in card.components} == {Decimal}
    assert card.component("/indicators/9").difference is None


def test_differences_tolerance() -> None:
    proj = project(indicator("≥3", "2", printed="6.66"), indicator("≥3", "2", printed="6.65"))
    card = score(proj)  # both compute 6.67
    assert [c.path for c in card.differences()] == ["/indicators/1"]
    loose = score(proj, Policy(tolerance="0.05"))
    assert loose.differences() == ()


def test_scores_have_two_places_and_stay_within_weight(tangxi: KeyProject) -> None:
    for component in score(tangxi).components:
        assert component.score.as_tuple().exponent == -2
        assert component.score <= component.weight


# -- the caller's decimal context ----------------------------------------------------------------


def test_the_callers_decimal_context_is_never_read_or_changed(tangxi: KeyProject) -> None:
    proj = project(
        indicator("≥3次", "2次", printed="6.6"),
        indicator("≤100", "150"),
        indicator("效果明显", "部分达成"),
        budget="3",
        spent="2",
        execution=BudgetExecution(rate=D("66.67"), score=D("6.7")),
    )
    expected = [score(p, policy) for p in (tangxi, proj) for policy in POLICIES.values()]
    texts = [str(card) for card in expected]
    with decimal.localcontext() as context:
        context.prec = 3
        context.rounding = decimal.ROUND_DOWN
        for signal in (decimal.Inexact, decimal.Rounded, decimal.InvalidOperation):
            context.traps[signal] = True
        context.clear_flags()
        before = repr(context)
        cards = [score(p, policy) for p in (tangxi, proj) for policy in POLICIES.values()]
        assert [str(card) for card in cards] == texts
        assert [c.differences() for c in cards] == [c.differences() for c in expected]
        assert [c.difference for card in cards for c in card.components] == [
            c.difference for card in expected for c in card.components
        ]
        assert repr(decimal.getcontext()) == before
        assert not any(context.flags.values())
    assert cards == expected


def test_band_rejects_floats() -> None:
    with pytest.raises(TypeError, match="share must be a Decimal, an int or a decimal string"):
        Band(0.8, 1)  # type: ignore[arg-type]


def test_a_hubei_table_that_prints_no_row_weights() -> None:
    # 执行率 20分 × 97.75 % = 19.55; 年度绩效目标 (80分) over rows that print only 得分,
    # each result restating or meeting its target: 80. 19.55 + 80 = 99.55, as printed.
    rows = [
        ("完成宣传", "1部宣传片,2套方案", "完成1部宣传片,2套方案", OUTPUT, None),
        ("验收", "通过", "通过", OUTPUT, None),
        ("合规性", "符合相关文件要求", "符合相关文件要求", OUTPUT, None),
        ("完成时间", "2021年12月完成", "2021年12月完成", OUTPUT, None),
        ("成本", "200万", "195.5万元", OUTPUT, IndicatorLevel2.COST),
        ("可持续影响", "持续有效", "持续有效", EFFECT, None),
    ]
    indicators = tuple(
        Indicator(
            level1=level1,
            level2=level2,
            name=name,
            target=parse_target(wanted),
            actual=parse_actual(got),
            score=D("10"),
        )
        for name, wanted, got, level1, level2 in rows
    )
    table = project(
        *indicators,
        budget="200",
        spent="195.5",
        execution=BudgetExecution(weight=D(20), score=D("19.55")),
        total="99.55",
    )
    card = score(table)
    assert (card.layout, card.whole) == ("whole", True)
    execution = card.component("/budget_execution")
    assert execution.score == D("19.55")
    assert execution.note.endswith("20 × 97.75 % = 19.55")
    assert card.total == D("99.55")
    assert card.differences() == ()  # rows of unknown weight are not compared one by one
    # The 80 points are shared by the six rows for display only:
    # 13.34 × 2 + 13.33 × 4 = 26.68 + 53.32 = 80.00.
    assert [c.weight for c in card.components[1:]] == [D("13.34")] * 2 + [D("13.33")] * 4


def test_rows_built_slot_by_slot_equal_the_constructed_ones() -> None:
    # Scoring stores a row's values straight into Component's slots: this holds only
    # while the constructor does nothing more than store them.
    assert all(
        field.converter is None and field.validator is None for field in attrs.fields(Component)
    )
    indicator = Indicator(
        level1=OUTPUT,
        name="培训人次",
        target=parse_target("≥50人次"),
        actual=parse_actual("45人次"),
        weight=D(10),
        score=D("9.5"),
    )
    values: dict[str, Any] = {
        "path": "/indicators/3",
        "group": "产出",
        "weight": D("10.00"),
        "score": D("9.00"),
        "formula": Formula.POSITIVE,
        "status": Status.SCORED,
        "note": "45人次 against ≥50人次: 10 × 45 / 50 = 9",
    }
    built = _indicator_component(indicator, **values)
    expected = Component(
        name=indicator.name,
        printed_weight=indicator.weight,
        printed_score=indicator.score,
        target=indicator.target,
        actual=indicator.actual,
        **values,
    )
    assert built == expected
    assert repr(built) == repr(expected)
    assert attrs.asdict(built, recurse=False) == attrs.asdict(expected, recurse=False)


def _published_projects() -> Iterable[KeyProject]:
    corpus = Path(__file__).parent / "corpus"
    reports = [examples.load(name) for name in examples.names()]
    reports += [load(path) for path in sorted(corpus.glob("*.json"))]
    for report in reports:
        yield from report.projects


def test_the_verdict_is_the_cards_on_every_published_project() -> None:
    # check() reads _verdict(): the card's total, completeness and differences,
    # without building the notes of rows scored as a whole.
    compared = whole = 0
    for project in _published_projects():
        for policy in (None, *POLICIES.values()):
            card, verdict = score(project, policy), _verdict(project, policy)
            expected = (card.whole, str(card.total), card.complete, card.differences())
            got = (verdict.whole, str(verdict.total), verdict.complete, verdict.differences)
            assert got == expected, (project.name, policy)
            compared += 1
            whole += card.whole
    assert compared > 100
    assert whole > 10  # projects printing no 分值 on their rows are among them
