"""The rule registry: every rule has one emitter, and every finding comes from a rule.

A rule is declared by ``@rule(...)`` on the function that emits it. These tests hold
the registry to that: each registered rule has its emitter, check() runs exactly the
registered emitters, each rule fires on a report made to trigger it, and a rule cannot
be declared twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import pytest

from perfeval import examples
from perfeval._text import path_sort_key, path_sort_keys
from perfeval.checks import RULES, Finding, Severity, _registry, check, rules
from perfeval.checks._registry import EMITTERS, Hit, rule, shared
from perfeval.codes import (
    Achievement,
    ExpenditureCategory,
    FundSource,
    Grade,
    IndicatorLevel1,
    IndicatorLevel2,
    IssueCategory,
    MoneyUnit,
    Operator,
    ReportKind,
)
from perfeval.model import (
    BudgetExecution,
    BudgetLine,
    CategoryAmount,
    Indicator,
    Issue,
    KeyProject,
    Report,
    Totals,
    Unit,
)
from perfeval.money import Money
from perfeval.quantity import Actual, Quantity, Target
from perfeval.scoring import DEFAULT_POLICY, Policy

# -- reports made to trigger each rule ---------------------------------------------------------


def wan(amount: str) -> Money:
    return Money(amount, MoneyUnit.WAN_YUAN)


def line(budget: str, expenditure: str | None = None) -> BudgetLine:
    spent = None if expenditure is None else wan(expenditure)
    return BudgetLine(source=FundSource.FISCAL, budget=wan(budget), expenditure=spent)


def totals(budget: str, expenditure: str | None = None) -> Totals:
    spent = None if expenditure is None else wan(expenditure)
    return Totals(budget=wan(budget), expenditure=spent)


def report(*projects: KeyProject, **kw: Any) -> Report:
    return Report(
        title="测试报告",
        kind=ReportKind.KEY_PROJECT_RESULTS,
        fiscal_year=2020,
        unit=Unit(name="某街道办事处"),
        projects=projects,
        **kw,
    )


def project(**kw: Any) -> KeyProject:
    return KeyProject(id="p1", name="项目", **kw)


def spending(budget: str, spent: str, **kw: Any) -> Report:
    return report(project(totals=totals(budget, spent), **kw))


def indicator(**kw: Any) -> Report:
    kw.setdefault("level1", IndicatorLevel1.OUTPUT)
    kw.setdefault("level2", IndicatorLevel2.QUANTITY)
    return report(project(indicators=(Indicator(name="指标", **kw),)))


def scored(*rows: tuple[str | None, str | None], **kw: Any) -> Report:
    achieved = Actual(achievement=Achievement.ACHIEVED)
    indicators = tuple(
        Indicator(
            name=f"指标{n}",
            level1=IndicatorLevel1.OUTPUT,
            target=Target(Operator.QUALITATIVE, text="效果明显"),
            actual=achieved,
            weight=None if weight is None else Decimal(weight),
            score=None if points is None else Decimal(points),
        )
        for n, (weight, points) in enumerate(rows)
    )
    return report(project(indicators=indicators, **kw))


def _triggers() -> dict[str, Report]:
    one_line = (line("10", "10"),)
    execution = BudgetExecution(weight=Decimal(10), rate=Decimal("86.2"), score=Decimal(9))
    unknown = Issue(category=IssueCategory.OTHER, description="问题", project_ids=("zz",))
    return {
        # 10 against a printed 11: 1 apart, beyond (1 + 1) × 0.5.
        "sum-report-totals": report(project(budget_lines=one_line), totals=totals("11", "10")),
        "sum-project-totals": report(project(budget_lines=one_line, totals=totals("11", "10"))),
        "sum-expenditure-categories": report(
            project(budget_lines=one_line),
            totals=totals("10", "10"),
            expenditure_by_category=(
                CategoryAmount(category=ExpenditureCategory.OTHER, amount=wan("1")),
            ),
        ),
        "sum-project-score": scored(("50", "50"), ("50", "50"), score="95"),
        # A budget line in dollars under a total in yuan: no sum can be made.
        "sum-currencies-mixed": report(
            project(
                budget_lines=(
                    BudgetLine(
                        source=FundSource.FISCAL,
                        budget=Money("10", MoneyUnit.WAN_YUAN, currency="USD"),
                    ),
                ),
                totals=totals("10"),
            )
        ),
        "total-zero": report(project(budget_lines=one_line, totals=totals("0", "10"))),
        "total-missing": report(project(budget_lines=one_line, totals=totals("10"))),
        "execution-zero-budget": spending("0", "5"),
        "execution-overspend": spending("100", "110"),
        "execution-low": spending("100", "50"),
        "execution-rate-printed": spending(
            "100", "86.4", budget_execution=BudgetExecution(rate=Decimal("86.5"))
        ),
        "actual-above-100-percent": indicator(actual=Actual(value=Quantity("173", "%"))),
        "actual-far-above-target": indicator(
            target=Target(Operator.GE, Quantity("50", "个")), actual=Actual(value=Quantity("65"))
        ),
        "indicator-level-mismatch": indicator(
            level1=IndicatorLevel1.EFFECT, actual=Actual(value=Quantity("1"))
        ),
        # Weighted and scored, with nothing to assess, beside a row that has a target.
        "indicator-empty": report(
            project(
                indicators=(
                    Indicator(
                        name="三公经费变动率",
                        level1=IndicatorLevel1.PROCESS,
                        weight=Decimal(2),
                        score=Decimal(2),
                    ),
                    Indicator(
                        name="基础信息完善",
                        level1=IndicatorLevel1.PROCESS,
                        target=Target(value=Quantity("100", "%")),
                    ),
                )
            )
        ),
        "indicator-unit-mismatch": indicator(
            target=Target(Operator.GE, Quantity("2", "个")),
            actual=Actual(value=Quantity("3", "次")),
        ),
        # 150万 (1500000 元) claimed by a cost row of a project that spent 125.25万元.
        "indicator-cost-above-expenditure": report(
            project(
                totals=totals("150", "125.25"),
                indicators=(
                    Indicator(
                        name="运行维护费",
                        level1=IndicatorLevel1.OUTPUT,
                        level2=IndicatorLevel2.COST,
                        actual=Actual(value=Quantity("1500000"), text="150万"),
                    ),
                ),
            )
        ),
        # 政府采购执行率 72.74 % against 100 %, full 2 of 2 (a Chongqing table prints this).
        "score-unmet-full": report(
            project(
                indicators=(
                    Indicator(
                        name="政府采购执行率",
                        level1=IndicatorLevel1.PROCESS,
                        target=Target(value=Quantity("100", "%")),
                        actual=Actual(value=Quantity("72.74", "%")),
                        weight=Decimal(2),
                        score=Decimal(2),
                    ),
                )
            )
        ),
        # 40 of 50 against 50, scored 8 of 10 with no 偏差原因.
        "score-deduction-unexplained": report(
            project(
                indicators=(
                    Indicator(
                        name="培训人次",
                        level1=IndicatorLevel1.OUTPUT,
                        target=Target(Operator.GE, Quantity("50", "人次")),
                        actual=Actual(value=Quantity("40", "人次")),
                        weight=Decimal(10),
                        score=Decimal(8),
                    ),
                )
            )
        ),
        "score-above-weight": scored(("10", "12"), ("90", "90")),
        "score-weights-total": scored(("50", None), ("30", None)),
        # 86.2 % of 10 is 8.62; the report printed 9.
        "score-differs": spending("100", "86.2", budget_execution=execution),
        # 100 % executed, scored 9 of 10 (Ningxia prints exactly this).
        "score-execution-below-full": spending(
            "100",
            "100",
            budget_execution=BudgetExecution(
                weight=Decimal(10), rate=Decimal(100), score=Decimal(9)
            ),
        ),
        # Achieved, scored 4 of 5, no reason: within the achieved band, so info.
        "score-met-below-weight": scored(("5", "4"), ("95", "95")),
        "grade-contradicts-score": report(project(), score="89.5", grade=Grade.EXCELLENT),
        "issue-unknown-project": report(project(), issues=(unknown,)),
    }


TRIGGERS = _triggers()


def corpus() -> Iterator[Report]:
    """Every bundled example and every trigger."""
    yield from (examples.load(name) for name in examples.names())
    yield from TRIGGERS.values()


def stray_codes(findings: Iterable[Finding]) -> set[str]:
    """The codes of *findings* that name no registered rule."""
    return {finding.code for finding in findings} - set(RULES)


# -- the registry ------------------------------------------------------------------------------


def test_every_registered_rule_has_its_own_emitter() -> None:
    assert list(EMITTERS) == list(RULES)
    emitters = list(EMITTERS.values())
    assert len({id(emit) for emit in emitters}) == len(emitters), "one emitter per rule"
    for code, emit in EMITTERS.items():
        assert callable(emit), code
        assert emit.__module__.startswith("perfeval.checks."), code


def test_every_emitted_code_is_registered() -> None:
    for subject in corpus():
        assert stray_codes(check(subject)) == set()


def test_check_runs_exactly_the_registered_emitters() -> None:
    # Each finding of check() is a hit of the emitter registered under its code.
    for subject in corpus():
        by_emitter = sorted(
            (code, hit.path, hit.message, hit.message_zh)
            for code, emit in EMITTERS.items()
            for hit in emit(subject, DEFAULT_POLICY)
        )
        found = sorted((f.code, f.path, f.message, f.message_zh) for f in check(subject))
        assert found == by_emitter


def test_findings_are_what_their_constructor_makes() -> None:
    # check() builds findings without the validating constructor: the same values pass it.
    for subject in corpus():
        for finding in check(subject):
            parts = (finding.code, finding.severity, finding.path)
            texts = (finding.message, finding.message_zh)
            assert [type(part) for part in (*parts, *texts)] == [str, Severity, str, str, str]
            assert Finding(*parts, *texts) == finding


def test_findings_are_sorted_by_path_code_and_message() -> None:
    for subject in corpus():
        found = check(subject)
        assert found == sorted(found, key=lambda f: (path_sort_key(f.path), f.code, f.message))


def test_path_sort_keys_agrees_with_path_sort_key() -> None:
    paths = ["", "/", "//", "/a/0", "/a/00", "/a/1", "/a/²", "/a/-1", "/a/ 1", "/x/10/y", "/x/9"]
    key = path_sort_keys()
    for path in [*paths, *reversed(paths)]:  # read a second time from what it remembers
        assert key(path) == path_sort_key(path)
    assert sorted(paths, key=key) == sorted(paths, key=path_sort_key)


def test_a_shared_result_is_computed_once_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Report] = []

    @shared
    def names(report: Report) -> tuple[str, ...]:
        reads.append(report)
        return tuple(project.name for project in report.projects)

    other = examples.load("tangxi-2022")
    seen: list[tuple[str, ...]] = []

    def emit(report: Report, policy: Policy) -> Iterator[Hit]:
        seen.extend([names(report), names(report), names(other)])
        return iter(())

    subject = examples.load("kaifu-2020")
    for code in list(EMITTERS)[:2]:
        monkeypatch.setitem(_registry._EMITTERS, code, emit)
    check(subject)
    assert reads == [subject, other, other]  # another report is read on every call
    assert seen[0] is seen[1] is seen[3] is seen[4]
    check(subject)  # a new check reads the report again
    assert len(reads) == 6
    names(subject)  # outside check(), each call reads it
    assert len(reads) == 7


def test_a_stray_code_is_caught() -> None:
    # The check above can fail: a finding of no rule is reported.
    stray = Finding("no-such-rule", Severity.INFO, "", "m", "中")
    assert stray_codes([stray, *check(TRIGGERS["total-zero"])]) == {"no-such-rule"}


def test_every_rule_has_a_trigger() -> None:
    missing = set(RULES) - set(TRIGGERS)
    assert missing == set(), f"add a report that triggers {sorted(missing)} to TRIGGERS"


@pytest.mark.parametrize("code", list(TRIGGERS))
def test_each_trigger_fires_its_rule(code: str) -> None:
    assert code in {finding.code for finding in check(TRIGGERS[code])}


def test_the_catalogue_order_is_by_area_then_declaration() -> None:
    areas = [code.split("-", 1)[0] for code in RULES]
    assert list(dict.fromkeys(areas)) == [
        "sum",
        "total",
        "execution",
        "actual",
        "indicator",
        "score",
        "grade",
        "issue",
    ]
    assert [r.code for r in rules()][:4] == [
        "sum-report-totals",
        "sum-project-totals",
        "sum-expenditure-categories",
        "sum-project-score",
    ]


# -- the decorator -----------------------------------------------------------------------------


def _nothing(report: Report, policy: Policy) -> Iterator[Hit]:
    return iter(())


def test_a_rule_declared_twice_fails() -> None:
    before = dict(RULES), dict(EMITTERS)
    declare = rule("total-zero", Severity.ERROR, title="t", title_zh="t", description="d")
    with pytest.raises(RuntimeError, match="two rules have the code 'total-zero'"):
        declare(_nothing)
    assert (dict(RULES), dict(EMITTERS)) == before


def test_an_emitter_emits_one_rule() -> None:
    declare = rule("total-other", Severity.ERROR, title="t", title_zh="t", description="d")
    with pytest.raises(RuntimeError, match="already emits 'total-zero'; one emitter per rule"):
        declare(EMITTERS["total-zero"])
    assert "total-other" not in RULES


@pytest.mark.parametrize(
    ("code", "error", "match"),
    [
        ("budget-high", ValueError, "must name an area, one of sum, total"),
        ("Total Zero", ValueError, "lower-case words joined by '-'"),
    ],
)
def test_a_malformed_code_fails(code: str, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        rule(code, Severity.ERROR, title="t", title_zh="t", description="d")
