"""Arithmetic and plausibility checks: what a report's figures say about each other.

A report is *valid* when it is well formed; it may still contradict itself (a 合计 that
is not the sum of its rows, a total row of zeros) or print figures that call for an
explanation (spending above the budget, a coverage of 173 %). :func:`check` reads a
:class:`~perfeval.model.Report` and returns a :class:`Finding` for each such case,
with a JSON pointer to the figure and a message in English and Chinese that quotes
the figures involved.

Every finding comes from one :class:`Rule` of the registry :data:`RULES`; its
:attr:`Rule.code` is stable (a finding's code never changes meaning), and the same
registry generates the findings catalogue of the documentation. A finding's
:class:`Severity` is the rule's, except where the rule says otherwise (a gap within
display rounding is only :attr:`Severity.INFO`):

* **error** (错误) — the figures contradict each other;
* **warning** (警告) — plausible, but the report should explain it;
* **info** (提示) — worth knowing, nothing to correct.

All money arithmetic is exact across units (:class:`~perfeval.money.Money`); rates
are rounded once, half up, to 0.01 % (:func:`~perfeval.money.rate`).

>>> from perfeval import examples
>>> from perfeval.checks import check
>>> for finding in check(examples.load("kaifu-2020")):
...     print(finding.severity.value, finding.code, finding.path)
warning execution-overspend /projects/0/totals/expenditure
warning actual-above-100-percent /projects/1/indicators/20/actual/value
warning execution-low /projects/1/totals/expenditure
warning execution-overspend /totals/expenditure
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from perfeval._decimal import EXACT, decimal_text
from perfeval.codes import CodeEnum, Grade, IndicatorLevel1, IndicatorLevel2, IssueCategory
from perfeval.codes import Operator as Op
from perfeval.model import BudgetExecution, Indicator, Issue, KeyProject, Report, Totals
from perfeval.money import Money, MoneyUnit, rate

if TYPE_CHECKING:
    from perfeval.quantity import Quantity

__all__ = ["RULES", "Finding", "Rule", "Severity", "check", "rules"]


class Severity(CodeEnum):
    """How serious a :class:`Finding` is.

    >>> from perfeval.checks import Severity
    >>> Severity.ERROR.value, Severity.ERROR.label
    ('error', '错误')
    >>> Severity("warning").description
    'Plausible, but the report should explain it'
    """

    ERROR = ("error", "错误", "The figures contradict each other")
    WARNING = ("warning", "警告", "Plausible, but the report should explain it")
    INFO = ("info", "提示", "Worth knowing; nothing to correct")


_CODE: Final = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _check_code(_: object, __: object, value: Any) -> None:
    if not isinstance(value, str) or _CODE.fullmatch(value) is None:
        msg = f"code must be lower-case words joined by '-', such as 'total-zero', not {value!r}"
        raise ValueError(msg)


@attrs.frozen
class Rule:
    """One rule of the registry: what :func:`check` looks for, and how serious it is.

    Attributes:
        code: The stable code its findings carry, lower-case words joined by ``-``
            (``sum-report-totals``); the first word names the area (``sum``,
            ``total``, ``execution``, ``actual``, ``indicator``, ``score``,
            ``grade``, ``issue``).
        severity: The severity of its findings unless :attr:`description` says
            otherwise.
        title: A short English title.
        title_zh: The title in Chinese.
        description: What the rule checks and why, in English.

    >>> from perfeval.checks import RULES, Rule, Severity
    >>> RULES["total-zero"].severity
    Severity.ERROR
    >>> Rule("Total Zero", Severity.ERROR, "t", "t", "d")
    Traceback (most recent call last):
    ...
    ValueError: code must be lower-case words joined by '-', such as 'total-zero', not 'Total Zero'
    """

    code: str = attrs.field(validator=_check_code)
    severity: Severity = attrs.field(validator=attrs.validators.instance_of(Severity))
    title: str
    title_zh: str
    description: str


_REGISTRY: dict[str, Rule] = {}

#: Every rule, by code, in the order of the catalogue (read-only).
RULES: Final[Mapping[str, Rule]] = MappingProxyType(_REGISTRY)


def _rule(code: str, severity: Severity, title: str, title_zh: str, description: str) -> Rule:
    rule = Rule(code, severity, title, title_zh, " ".join(description.split()))
    if code in _REGISTRY:  # pragma: no cover - a programming error caught at import
        msg = f"two rules have the code {code!r}"
        raise RuntimeError(msg)
    _REGISTRY[code] = rule
    return rule


def rules() -> tuple[Rule, ...]:
    """Every rule, in the order of the catalogue.

    >>> from perfeval.checks import rules
    >>> [rule.code for rule in rules()][:3]
    ['sum-report-totals', 'sum-project-totals', 'sum-expenditure-categories']
    """
    return tuple(_REGISTRY.values())


# -- the registry ------------------------------------------------------------------------

_ROUNDING_NOTE: Final = (
    "Printed figures are rounded for display, so a sum of n rounded rows may differ from"
    " its rounded total by up to (n + 1) × half a unit of the last printed digit (the"
    " finest decimal place among the figures compared, in any money unit): a gap within"
    " that envelope is only info; beyond it, an error."
)

SUM_REPORT = _rule(
    "sum-report-totals",
    Severity.ERROR,
    "Report totals are the sum of the projects",
    "报告合计等于各项目之和",
    "Each figure of the report's totals (initial budget, budget, expenditure) is compared"
    " with the sum of every project's budget lines. A project that prints totals but no"
    " lines carrying that figure contributes its own total instead; when some project has"
    " neither, the sum is unknown and the figure is not compared. " + _ROUNDING_NOTE,
)
SUM_PROJECT = _rule(
    "sum-project-totals",
    Severity.ERROR,
    "Project totals are the sum of its lines",
    "项目合计等于资金明细之和",
    "Each figure of a project's printed totals is compared with the sum of its budget"
    " lines that carry the figure (lines leaving it blank are not rows of that column)."
    " Lines are the rows of the project's money table, so they are expected to add up"
    " to its total row. " + _ROUNDING_NOTE,
)
SUM_CATEGORIES = _rule(
    "sum-expenditure-categories",
    Severity.ERROR,
    "Expenditure categories add up to the expenditure",
    "支出构成之和等于支出合计",
    "The amounts of the report's expenditure_by_category (业务工作经费, 专项经费 …) are"
    " compared with the report's printed expenditure total; without a printed total"
    " nothing is compared. " + _ROUNDING_NOTE,
)
SUM_SCORE = _rule(
    "sum-project-score",
    Severity.ERROR,
    "A project's total score is the sum of its scores",
    "项目总分等于各项得分之和",
    "A project's printed total score (总分) is compared with the budget execution score"
    " plus every indicator's score, when every weighted row prints a score (otherwise"
    " the sum is unknown). " + _ROUNDING_NOTE,
)
TOTAL_ZERO = _rule(
    "total-zero",
    Severity.ERROR,
    "A total of zero while its rows carry money",
    "合计为零而明细有金额",
    "A total (of the report or of a project) printed as zero while the rows it sums carry"
    " money beyond display rounding. This is the typical mistake of a template whose"
    " 合计 row was not filled in; it replaces the sum finding for that figure.",
)
TOTAL_MISSING = _rule(
    "total-missing",
    Severity.WARNING,
    "A total row leaves a figure blank that its rows carry",
    "合计行缺少明细中有的金额",
    "The report or a project prints totals, but leaves one figure blank (initial budget,"
    " budget or expenditure) while its rows carry a non-zero amount for it. Nothing is"
    " contradicted, so it is a warning; a report without any totals is not a finding.",
)
EXECUTION_ZERO_BUDGET = _rule(
    "execution-zero-budget",
    Severity.ERROR,
    "Spending against a zero budget",
    "预算为零却有支出",
    "Expenditure above zero against a budget of zero: no execution rate exists. As for"
    " every execution rule, a project's figures are its printed totals, or the sum of its"
    " lines where the totals leave a figure blank or print zero while the lines carry"
    " money; the report's figures are its printed totals, completed the same way from"
    " the projects (a report that prints no totals states no overall rate).",
)
EXECUTION_OVERSPEND = _rule(
    "execution-overspend",
    Severity.WARNING,
    "Execution rate above 100 % (overspent)",
    "预算执行率超过100%（超支）",
    "The execution rate, expenditure ÷ budget (全年执行数 ÷ 全年预算数), rounded half up"
    " to 0.01 %, is above 100 % for a project or for the report: more was spent than"
    " budgeted, which the report should explain (a budget adjustment not recorded,"
    " money from another source).",
)
EXECUTION_LOW = _rule(
    "execution-low",
    Severity.WARNING,
    "Execution rate below 90 %",
    "预算执行率低于90%",
    "The execution rate is below 90 %, where a reason is expected. The finding is only"
    " info when the report records an explanation: for a project, a deviation text"
    " (偏差原因分析) on any of its indicators, or a budget-execution issue (预算执行) of"
    " the project or of the report naming the project; for the report, a budget-execution"
    " issue of the report or an explanation in any project.",
)
EXECUTION_RATE_PRINTED = _rule(
    "execution-rate-printed",
    Severity.ERROR,
    "Printed execution rate differs from the money",
    "所列执行率与金额不符",
    "The execution rate a self-evaluation prints (budget_execution.rate) is compared"
    " with expenditure ÷ budget rounded half up to the decimals printed (86 matches"
    " 86.40 %, 86.4 does not match 86.46 %).",
)
ACTUAL_ABOVE_100 = _rule(
    "actual-above-100-percent",
    Severity.WARNING,
    "A rate or coverage above 100 %",
    "比率或覆盖率超过100%",
    "An actual value in % above 100 (a coverage of 173 %): possible for a growth rate,"
    " but a coverage or a share cannot exceed 100 % without an explanation of what was"
    " counted. An actual printed without a unit takes its target's unit.",
)
ACTUAL_FAR_ABOVE = _rule(
    "actual-far-above-target",
    Severity.WARNING,
    "Actual at 130 % of the target or more",
    "实际完成值达到目标值130%以上",
    "An actual at or above 130 % of a positive numeric target (≥, >, = or a bare number;"
    " in the same unit, a unit-less actual taking the target's unit) calls for an"
    " explanation: the target was likely set too low. Targets ≤ and < are not"
    " concerned (exceeding them is a shortfall, which scoring measures).",
)
INDICATOR_LEVELS = _rule(
    "indicator-level-mismatch",
    Severity.WARNING,
    "Second-level indicator under the wrong first level",
    "二级指标与一级指标不匹配",
    "The standard framework puts 数量, 质量, 时效, 成本 under 产出; 经济效益, 社会效益, 生态效益,"
    " 可持续影响 under 效益; 经济成本, 社会成本, 生态环境成本 under 成本; 服务对象满意度 under"
    " 满意度. 决策 and 过程 have second levels outside the code list (项目立项, 资金管理 …),"
    " so only 'other' fits them; 'other' fits everywhere. A mismatch is usually a"
    " transcription slip or a local template, not a contradiction: a warning.",
)
INDICATOR_EMPTY = _rule(
    "indicator-empty",
    Severity.WARNING,
    "Indicator with neither target nor actual",
    "指标既无目标值也无实际完成值",
    "An indicator that records neither a target nor an actual value cannot be assessed;"
    " the report should say why (a row cut off, a column left blank).",
)
SCORE_ABOVE_WEIGHT = _rule(
    "score-above-weight",
    Severity.ERROR,
    "Score above its weight",
    "得分超过分值",
    "An indicator's or the budget execution row's printed score (得分) exceeds its weight"
    " (分值): no score can.",
)
SCORE_WEIGHTS = _rule(
    "score-weights-total",
    Severity.WARNING,
    "Weights do not add up to 100",
    "分值合计不等于100",
    "When a project prints weights, the budget execution weight plus every indicator's"
    " weight should be 100. A different total usually means a row is missing (cut off,"
    " not transcribed) or a template with another scale; scores stay comparable only on"
    " 100, so it is a warning.",
)
SCORE_DIFFERS = _rule(
    "score-differs",
    Severity.WARNING,
    "Printed score differs from the computed score",
    "所列得分与计算得分不符",
    "A printed score (of an indicator, the budget execution row or the project's total)"
    " differs by more than 0.01 from what perfeval.scoring.score() computes with the"
    " default policy. Reports round by hand (86 % printed as 9 of 10 where the rule"
    " gives 8.62), so this is a warning, not an error.",
)
GRADE_SCORE = _rule(
    "grade-contradicts-score",
    Severity.ERROR,
    "Printed grade contradicts the printed score",
    "所列等级与得分不符",
    "A printed grade (of the report or of a project) outside the band of its printed"
    " score. The bands are half open: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below 60 (89.5 is 良).",
)
ISSUE_PROJECT = _rule(
    "issue-unknown-project",
    Severity.ERROR,
    "Issue names an unknown project",
    "问题所涉项目不存在",
    "An issue's project_ids (of the report or of a project) names an id that no project"
    " of the report has.",
)


# -- findings ----------------------------------------------------------------------------


@attrs.frozen
class Finding:
    """What :func:`check` found: a rule's code, a severity, where, and what.

    Attributes:
        code: The code of the :class:`Rule` (stable, e.g. ``sum-report-totals``).
        severity: How serious this finding is.
        path: A JSON pointer (RFC 6901) to the figure concerned; ``""`` is the
            whole document.
        message: What was found, in English, with the figures involved.
        message_zh: The same in Chinese.

    >>> from perfeval.checks import Finding, Severity
    >>> finding = Finding("total-zero", Severity.ERROR, "/totals/budget",
    ...                   "the total is 0万元", "合计为0万元")
    >>> print(finding)
    /totals/budget: error [total-zero] the total is 0万元
    >>> finding.rule.title
    'A total of zero while its rows carry money'
    """

    code: str = attrs.field(validator=_check_code)
    severity: Severity = attrs.field(validator=attrs.validators.instance_of(Severity))
    path: str = attrs.field(validator=attrs.validators.instance_of(str))
    message: str = attrs.field(validator=attrs.validators.instance_of(str))
    message_zh: str = attrs.field(validator=attrs.validators.instance_of(str))

    @property
    def rule(self) -> Rule:
        """The rule that produced this finding.

        Raises:
            KeyError: The code names no rule of :data:`RULES`.
        """
        return RULES[self.code]

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.severity.value} [{self.code}] {self.message}"


def _finding(
    rule: Rule, path: str, message: str, message_zh: str, severity: Severity | None = None
) -> Finding:
    return Finding(rule.code, severity or rule.severity, path, message, message_zh)


def _path_key(path: str) -> tuple[tuple[int, int, str], ...]:
    # Array indices compare as numbers: /projects/2 comes before /projects/10.
    return tuple(
        (0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part)
        for part in path.split("/")[1:]
    )


def check(report: Report) -> list[Finding]:
    """Check a report's figures against each other; return what is found.

    Every rule of :data:`RULES` runs; the findings are sorted by path (array indices
    in numeric order), then code, then message, so the result is deterministic. An
    empty list means nothing was found.

    Args:
        report: The report to check.

    Returns:
        The findings, sorted.

    Raises:
        TypeError: *report* is not a :class:`~perfeval.model.Report` (read JSON
            with :func:`perfeval.serialize.loads` first).

    >>> from perfeval import examples
    >>> from perfeval.checks import Severity, check
    >>> findings = check(examples.load("tangxi-2022"))
    >>> print(findings[-1])
    /projects/0/totals/initial_budget: error [total-zero] 委托业务项目: the initial budget total ...
    >>> print(findings[-1].message_zh)
    委托业务项目：年初预算数合计印为0万元，而资金明细合计90万元
    >>> sorted({finding.code for finding in findings if finding.severity is Severity.ERROR})
    ['execution-rate-printed', 'total-zero']
    >>> check({"title": "2020年度重点项目绩效评价结果"})
    Traceback (most recent call last):
    ...
    TypeError: check() needs a Report, not dict; read JSON with perfeval.loads() first
    """
    given: object = report  # callers without type checking may pass anything
    if not isinstance(given, Report):
        msg = (
            f"check() needs a Report, not {type(given).__name__};"
            " read JSON with perfeval.loads() first"
        )
        raise TypeError(msg)
    findings = [finding for run in _CHECKS for finding in run(report)]
    return sorted(findings, key=lambda f: (_path_key(f.path), f.code, f.message))


# -- helpers -----------------------------------------------------------------------------

_FIGURES: Final = ("initial_budget", "budget", "expenditure")
_FIGURE_EN: Final = {
    "initial_budget": "initial budget",
    "budget": "budget",
    "expenditure": "expenditure",
}
# The Chinese names are the model's own field titles: 年初预算数, 全年预算数, 全年执行数.
_FIGURE_ZH: Final = {name: attrs.fields_dict(Totals)[name].metadata["title"] for name in _FIGURES}
_REPORT: Final = ("the report", "报告")


def _exponent(value: Decimal) -> int:
    """The exponent of a finite Decimal: -2 for 654.45, the place of its last digit."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - every Decimal in a model is finite
    return exponent


def _tidy(value: Decimal) -> Decimal:
    """*value* without trailing zeros or an exponent (0.020 → 0.02, 1.5E+2 → 150)."""
    normal = value.normalize(EXACT)
    return normal.quantize(Decimal(1), context=EXACT) if _exponent(normal) > 0 else normal


def _envelope(exponents: Iterable[int], rows: int) -> Decimal:
    """(rows + 1) × half a unit of the finest place among *exponents*.

    >>> _envelope([-2, -2, -2, -2], 3)  # three 2-decimal rows and their total
    Decimal('0.020')
    """
    half_unit = Decimal(5).scaleb(min(exponents) - 1, EXACT)
    return EXACT.multiply(half_unit, Decimal(rows + 1))


# Decimal arithmetic goes through EXACT, never the caller's context (which may round).


def _add(values: Iterable[Decimal]) -> Decimal:
    return functools.reduce(EXACT.add, values, Decimal(0))


def _distance(left: Decimal, right: Decimal) -> Decimal:
    return EXACT.abs(EXACT.subtract(left, right))


def _pct(value: Decimal) -> str:
    return f"{decimal_text(value)}%"


def _num(value: Decimal) -> str:
    return decimal_text(value)


def _rows_text(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _rounding(within: bool, tolerance: object) -> tuple[str, str]:  # noqa: FBT001
    if within:
        return (f"within display rounding (±{tolerance})", f"在显示舍入误差（±{tolerance}）之内")
    return (f"beyond display rounding (±{tolerance})", f"超出显示舍入误差（±{tolerance}）")


@attrs.frozen
class _Gap:
    """A printed total against the sum of its rows, exactly, across units."""

    total: Money
    sum: Money
    rows: int
    tolerance: Money

    @property
    def gap(self) -> Money:
        return abs(self.total - self.sum)

    @property
    def within(self) -> bool:
        return self.gap <= self.tolerance


def _gap(total: Money, rows: Sequence[Money]) -> _Gap:
    summed: Money = sum(rows, Money(0, total.unit))
    unit = (total - summed).unit  # the finest unit among all the figures
    # The place of each figure's last printed digit, in yuan: 654.45 万元 → 10**2.
    exponents = (_exponent(m.amount) + m.unit.exponent for m in (total, *rows))
    tolerance = _envelope(exponents, len(rows)).scaleb(-unit.exponent, EXACT)
    return _Gap(total, summed, len(rows), Money(_tidy(tolerance), unit))


def _sum_findings(
    rule: Rule,
    path: str,
    gap: _Gap,
    *,
    subject: tuple[str, str],
    figure: str,
    rows: tuple[str, str],
) -> Iterator[Finding]:
    """The finding for a total against its rows: none, info, total-zero or *rule*.

    *subject* (who prints the total) and *rows* (what it sums) are (English,
    Chinese) pairs.
    """
    if gap.gap.is_zero():
        return
    (who, who_zh), (what, what_zh) = subject, rows
    en, zh = _FIGURE_EN[figure], _FIGURE_ZH[figure]
    within = gap.within
    if not within and gap.total.is_zero():
        yield _finding(
            TOTAL_ZERO,
            path,
            f"{who}: the {en} total is printed as {gap.total} while {what} carry {gap.sum}",
            f"{who_zh}：{zh}合计印为{gap.total}，而{what_zh}合计{gap.sum}",
        )
        return
    verdict, verdict_zh = _rounding(within, gap.tolerance)
    yield _finding(
        rule,
        path,
        f"{who}: the {en} total {gap.total} differs from the sum of {what},"
        f" {gap.sum} ({_rows_text(gap.rows)}), by {gap.gap}: {verdict}",
        f"{who_zh}：{zh}合计{gap.total}与{what_zh}之和{gap.sum}（{gap.rows}行）相差{gap.gap}，"
        f"{verdict_zh}",
        Severity.INFO if within else None,
    )


def _missing(
    path: str, subject: tuple[str, str], figure: str, rows: tuple[str, str], amounts: list[Money]
) -> Iterator[Finding]:
    """A total-missing finding when a printed total row leaves *figure* blank."""
    carried: Money = sum(amounts, Money(0, amounts[0].unit))
    if carried.is_zero():
        return
    (who, who_zh), (what, what_zh) = subject, rows
    yield _finding(
        TOTAL_MISSING,
        path,
        f"{who}: the totals leave the {_FIGURE_EN[figure]} blank while {what} carry {carried}",
        f"{who_zh}：合计未列{_FIGURE_ZH[figure]}，而{what_zh}合计{carried}",
    )


def _line_amounts(project: KeyProject, figure: str) -> list[Money]:
    amounts = (getattr(line, figure) for line in project.budget_lines)
    return [amount for amount in amounts if amount is not None]


def _printed(totals: Totals | None, figure: str) -> Money | None:
    return None if totals is None else getattr(totals, figure)


# -- sums --------------------------------------------------------------------------------

_LINES: Final = ("the lines", "资金明细")
_PROJECTS: Final = ("the projects", "各项目")


def _check_project_sums(report: Report) -> Iterator[Finding]:
    for index, project in enumerate(report.projects):
        if project.totals is None:
            continue
        subject = (project.name, project.name)
        for figure in _FIGURES:
            rows = _line_amounts(project, figure)
            if not rows:
                continue
            total = _printed(project.totals, figure)
            path = f"/projects/{index}/totals"
            if total is None:
                yield from _missing(path, subject, figure, _LINES, rows)
            else:
                gap = _gap(total, rows)
                yield from _sum_findings(
                    SUM_PROJECT,
                    f"{path}/{figure}",
                    gap,
                    subject=subject,
                    figure=figure,
                    rows=_LINES,
                )


def _report_rows(report: Report, figure: str) -> list[Money] | None:
    """The rows a report total sums: each project's lines, or else its total.

    ``None`` when some project has neither (the sum is unknown), or there is no project.
    """
    rows: list[Money] = []
    for project in report.projects:
        lines = _line_amounts(project, figure)
        if lines:
            rows.extend(lines)
            continue
        total = _printed(project.totals, figure)
        if total is None:
            return None
        rows.append(total)
    return rows or None


def _check_report_sums(report: Report) -> Iterator[Finding]:
    if report.totals is None:
        return
    for figure in _FIGURES:
        rows = _report_rows(report, figure)
        if rows is None:
            continue
        total = _printed(report.totals, figure)
        if total is None:
            yield from _missing("/totals", _REPORT, figure, _PROJECTS, rows)
        else:
            gap = _gap(total, rows)
            yield from _sum_findings(
                SUM_REPORT, f"/totals/{figure}", gap, subject=_REPORT, figure=figure, rows=_PROJECTS
            )


def _check_categories(report: Report) -> Iterator[Finding]:
    total = _printed(report.totals, "expenditure")
    if not report.expenditure_by_category or total is None:
        return
    gap = _gap(total, [item.amount for item in report.expenditure_by_category])
    if gap.gap.is_zero():
        return
    verdict, verdict_zh = _rounding(gap.within, gap.tolerance)
    yield _finding(
        SUM_CATEGORIES,
        "/expenditure_by_category",
        f"the report: the expenditure categories add up to {gap.sum} ({_rows_text(gap.rows)}),"
        f" the expenditure total is {total}: {gap.gap} apart, {verdict}",
        f"报告：支出构成合计{gap.sum}（{gap.rows}项），支出合计{total}，相差{gap.gap}，{verdict_zh}",
        Severity.INFO if gap.within else None,
    )


def _check_score_sum(report: Report) -> Iterator[Finding]:
    for index, project in enumerate(report.projects):
        total = project.score
        execution = project.budget_execution
        parts: list[BudgetExecution | Indicator] = [*project.indicators]
        if execution is not None:
            parts.insert(0, execution)
        rows = [part.score for part in parts if part.score is not None]
        unscored = any(part.score is None and part.weight is not None for part in parts)
        if total is None or not rows or unscored:
            continue
        summed = _add(rows)
        gap = _distance(total, summed)
        if gap.is_zero():
            continue
        tolerance = _tidy(_envelope((_exponent(d) for d in (total, *rows)), len(rows)))
        within = gap <= tolerance
        verdict, verdict_zh = _rounding(within, _num(tolerance))
        yield _finding(
            SUM_SCORE,
            f"/projects/{index}/score",
            f"{project.name}: the total score {_num(total)} differs from the sum of the"
            f" scores, {_num(summed)} ({_rows_text(len(rows))}), by {_num(gap)}: {verdict}",
            f"{project.name}：总分{_num(total)}与各项得分之和{_num(summed)}（{len(rows)}项）"
            f"相差{_num(gap)}，{verdict_zh}",
            Severity.INFO if within else None,
        )


# -- execution ---------------------------------------------------------------------------


@attrs.frozen
class _Figure:
    """A figure the execution rules use, and where it was read."""

    amount: Money
    path: str


def _figure(
    printed: Money | None, printed_path: str, rows: list[Money] | None, rows_path: str
) -> _Figure | None:
    """The printed total, or the rows' sum where the total is blank, or zero against money."""
    summed: Money | None = sum(rows, Money(0, rows[0].unit)) if rows else None
    if printed is not None and not (
        printed.is_zero() and summed is not None and not summed.is_zero()
    ):
        return _Figure(printed, printed_path)
    if summed is not None:
        return _Figure(summed, rows_path)
    return None


def _project_figure(project: KeyProject, index: int, figure: str) -> _Figure | None:
    return _figure(
        _printed(project.totals, figure),
        f"/projects/{index}/totals/{figure}",
        _line_amounts(project, figure),
        f"/projects/{index}/budget_lines",
    )


def _report_figure(report: Report, figure: str) -> _Figure | None:
    # A report without totals states no overall rate: its projects' rates are checked.
    if report.totals is None:
        return None
    parts = [_project_figure(project, i, figure) for i, project in enumerate(report.projects)]
    rows = None if None in parts else [part.amount for part in parts if part is not None]
    return _figure(_printed(report.totals, figure), f"/totals/{figure}", rows, "/projects")


def _explains(issue: Issue, project: KeyProject | None) -> bool:
    return issue.category is IssueCategory.BUDGET_EXECUTION and (
        project is None or project.id in issue.project_ids
    )


def _project_explained(report: Report, project: KeyProject) -> bool:
    return (
        any(indicator.deviation for indicator in project.indicators)
        or any(_explains(issue, None) for issue in project.issues)
        or any(_explains(issue, project) for issue in report.issues)
    )


def _execution(
    budget: _Figure | None,
    expenditure: _Figure | None,
    subject: str,
    subject_zh: str,
    *,
    explained: bool,
) -> Iterator[Finding]:
    if budget is None or expenditure is None:
        return
    spent, planned = expenditure.amount, budget.amount
    if planned.is_zero():
        if not spent.is_zero():
            yield _finding(
                EXECUTION_ZERO_BUDGET,
                budget.path,
                f"{subject}: {spent} spent against a budget of {planned}",
                f"{subject_zh}：预算为{planned}，却支出{spent}",
            )
        return
    executed = rate(spent, planned)
    figures = f"{spent} spent of a budget of {planned}: execution rate {_pct(executed)}"
    figures_zh = f"预算{planned}，支出{spent}，预算执行率{_pct(executed)}"
    if executed > 100:
        yield _finding(
            EXECUTION_OVERSPEND,
            expenditure.path,
            f"{subject}: {figures}, above 100 % (overspent)",
            f"{subject_zh}：{figures_zh}，超过100%（超支）",
        )
    elif executed < 90 and explained:
        yield _finding(
            EXECUTION_LOW,
            expenditure.path,
            f"{subject}: {figures}, below 90 %; the report gives a reason",
            f"{subject_zh}：{figures_zh}，低于90%，报告已说明原因",
            Severity.INFO,
        )
    elif executed < 90:
        yield _finding(
            EXECUTION_LOW,
            expenditure.path,
            f"{subject}: {figures}, below 90 % and no reason is recorded",
            f"{subject_zh}：{figures_zh}，低于90%且未说明原因",
        )


def _check_execution(report: Report) -> Iterator[Finding]:
    for index, project in enumerate(report.projects):
        yield from _execution(
            _project_figure(project, index, "budget"),
            _project_figure(project, index, "expenditure"),
            project.name,
            project.name,
            explained=_project_explained(report, project),
        )
    explained = any(_explains(issue, None) for issue in report.issues) or any(
        _project_explained(report, project) for project in report.projects
    )
    yield from _execution(
        _report_figure(report, "budget"),
        _report_figure(report, "expenditure"),
        *_REPORT,
        explained=explained,
    )


def _check_printed_rate(report: Report) -> Iterator[Finding]:
    for index, project in enumerate(report.projects):
        printed = project.budget_execution.rate if project.budget_execution else None
        budget = _project_figure(project, index, "budget")
        spent = _project_figure(project, index, "expenditure")
        if printed is None or budget is None or spent is None or budget.amount.is_zero():
            continue
        places = max(0, -_exponent(printed))
        computed = rate(spent.amount, budget.amount, places)
        if computed == printed:
            continue
        exact = rate(spent.amount, budget.amount, max(places, 2))
        yield _finding(
            EXECUTION_RATE_PRINTED,
            f"/projects/{index}/budget_execution/rate",
            f"{project.name}: the printed execution rate {_pct(printed)} differs from"
            f" expenditure {spent.amount} ÷ budget {budget.amount} = {_pct(exact)}",
            f"{project.name}：所列执行率{_pct(printed)}与支出{spent.amount}÷预算{budget.amount}"
            f"＝{_pct(exact)}不符",
        )


# -- indicators --------------------------------------------------------------------------

_L1: Final = IndicatorLevel1
_L2: Final = IndicatorLevel2
_LEVEL2_UNDER: Final[Mapping[IndicatorLevel1, frozenset[IndicatorLevel2]]] = {
    _L1.DECISION: frozenset(),
    _L1.PROCESS: frozenset(),
    _L1.OUTPUT: frozenset({_L2.QUANTITY, _L2.QUALITY, _L2.TIMELINESS, _L2.COST}),
    _L1.EFFECT: frozenset(
        {_L2.ECONOMIC_BENEFIT, _L2.SOCIAL_BENEFIT, _L2.ECOLOGICAL_BENEFIT, _L2.SUSTAINABILITY}
    ),
    _L1.COST: frozenset({_L2.ECONOMIC_COST, _L2.SOCIAL_COST, _L2.ECOLOGICAL_COST}),
    _L1.SATISFACTION: frozenset({_L2.BENEFICIARY_SATISFACTION}),
}
_POSITIVE: Final = (Op.GE, Op.GT, Op.EQ, None)


def _indicators(report: Report) -> Iterator[tuple[str, Indicator]]:
    for p, project in enumerate(report.projects):
        for i, indicator in enumerate(project.indicators):
            yield f"/projects/{p}/indicators/{i}", indicator


def _actual_quantity(indicator: Indicator) -> Quantity | None:
    """The actual value, taking the target's unit when it was printed without one."""
    actual = indicator.actual.value if indicator.actual else None
    if actual is None or actual.unit is not None:
        return actual
    target = indicator.target.value if indicator.target else None
    if target is None or target.unit is None:
        return actual
    return attrs.evolve(actual, unit=target.unit)


def _check_percent(report: Report) -> Iterator[Finding]:
    for path, indicator in _indicators(report):
        actual = _actual_quantity(indicator)
        if actual is None or actual.unit != "%" or actual.value <= 100:
            continue
        yield _finding(
            ACTUAL_ABOVE_100,
            f"{path}/actual/value",
            f"{indicator.name}: the actual value {actual} is above 100 %",
            f"{indicator.name}：实际完成值{actual}超过100%",
        )


def _check_far_above(report: Report) -> Iterator[Finding]:
    for path, indicator in _indicators(report):
        target = indicator.target
        actual = _actual_quantity(indicator)
        if target is None or target.value is None or actual is None:
            continue
        goal = target.value
        if target.operator not in _POSITIVE or goal.value <= 0 or actual.unit != goal.unit:
            continue
        if EXACT.multiply(actual.value, Decimal(10)) < EXACT.multiply(goal.value, Decimal(13)):
            continue
        # rate() divides exactly and rounds half up once; the unit cancels out.
        share = rate(Money(actual.value, MoneyUnit.YUAN), Money(goal.value, MoneyUnit.YUAN))
        shown = target.text or str(goal)
        yield _finding(
            ACTUAL_FAR_ABOVE,
            f"{path}/actual/value",
            f"{indicator.name}: the actual value {actual} is {_pct(share)} of the target"
            f" {shown} (130 % or more): the target may be set too low",
            f"{indicator.name}：实际完成值{actual}为目标值{shown}的{_pct(share)}（达到130%以上），"
            "目标可能定得过低",
        )


def _check_levels(report: Report) -> Iterator[Finding]:
    for path, indicator in _indicators(report):
        level2 = indicator.level2
        if level2 is None or level2 is _L2.OTHER:
            continue
        allowed = _LEVEL2_UNDER[indicator.level1]
        if level2 in allowed:
            continue
        expected = [code for code in _L2 if code in allowed] + [_L2.OTHER]
        names = ", ".join(f"{code.label} ({code.value})" for code in expected)
        names_zh = "、".join(code.label for code in expected)
        yield _finding(
            INDICATOR_LEVELS,
            f"{path}/level2",
            f"{indicator.name}: the second-level indicator {level2.label} ({level2.value}) does"
            f" not belong under {indicator.level1.label} ({indicator.level1.value}); expected"
            f" {names}",
            f"{indicator.name}：二级指标“{level2.label}”不属于一级指标“{indicator.level1.label}”，"
            f"应为{names_zh}",
        )


def _check_empty(report: Report) -> Iterator[Finding]:
    for path, indicator in _indicators(report):
        if indicator.target is None and indicator.actual is None:
            yield _finding(
                INDICATOR_EMPTY,
                path,
                f"{indicator.name}: neither a target nor an actual value is recorded",
                f"{indicator.name}：既无年度指标值，也无实际完成值",
            )


# -- scores and grades -------------------------------------------------------------------


def _check_above_weight(report: Report) -> Iterator[Finding]:
    for p, project in enumerate(report.projects):
        rows: list[tuple[str, str, Decimal | None, Decimal | None]] = [
            (f"/projects/{p}/indicators/{i}", ind.name, ind.weight, ind.score)
            for i, ind in enumerate(project.indicators)
        ]
        if project.budget_execution is not None:
            execution = project.budget_execution
            rows.insert(
                0,
                (
                    f"/projects/{p}/budget_execution",
                    "预算执行率",
                    execution.weight,
                    execution.score,
                ),
            )
        for path, name, weight, score in rows:
            if weight is None or score is None or score <= weight:
                continue
            yield _finding(
                SCORE_ABOVE_WEIGHT,
                f"{path}/score",
                f"{name}: the score {_num(score)} is above its weight {_num(weight)}",
                f"{name}：得分{_num(score)}超过分值{_num(weight)}",
            )


def _check_weights(report: Report) -> Iterator[Finding]:
    for p, project in enumerate(report.projects):
        execution = project.budget_execution.weight if project.budget_execution else None
        weights = [ind.weight for ind in project.indicators if ind.weight is not None]
        if execution is None and not weights:
            continue
        indicators = _add(weights)
        total = EXACT.add(indicators, execution or Decimal(0))
        if total == 100:
            continue
        parts = f"budget execution {_num(execution)} + " if execution is not None else ""
        parts_zh = f"预算执行{_num(execution)}＋" if execution is not None else ""
        yield _finding(
            SCORE_WEIGHTS,
            f"/projects/{p}",
            f"{project.name}: the weights add up to {_num(total)} ({parts}indicators"
            f" {_num(indicators)}), not 100",
            f"{project.name}：分值合计{_num(total)}（{parts_zh}指标{_num(indicators)}），不等于100",
        )


def _has_printed_scores(project: KeyProject) -> bool:
    execution = project.budget_execution
    return (
        project.score is not None
        or (execution is not None and execution.score is not None)
        or any(indicator.score is not None for indicator in project.indicators)
    )


def _check_scoring(report: Report) -> Iterator[Finding]:
    projects = [(i, p) for i, p in enumerate(report.projects) if _has_printed_scores(p)]
    if not projects:
        return
    # Imported here: only projects that print scores need the scoring method.
    from perfeval.scoring import Status, score  # noqa: PLC0415

    for index, project in projects:
        card = score(project)
        tolerance = card.policy.tolerance
        for component in card.differences():
            # A row the method could not score (0 points, with a note) has no
            # computed score to compare with.
            if component.status is not Status.SCORED:
                continue
            assert component.printed_score is not None  # noqa: S101 - a difference is printed
            yield _score_differs(
                f"/projects/{index}{component.path}/score",
                component.name,
                component.printed_score,
                component.score,
                what=("score", "得分"),
            )
        printed = project.score
        if printed is not None and _distance(printed, card.total) > tolerance:
            yield _score_differs(
                f"/projects/{index}/score",
                project.name,
                printed,
                card.total,
                what=("total score", "总分"),
            )


def _score_differs(
    path: str, name: str, printed: Decimal, computed: Decimal, *, what: tuple[str, str]
) -> Finding:
    gap = _distance(printed, computed)
    return _finding(
        SCORE_DIFFERS,
        path,
        f"{name}: the printed {what[0]} {_num(printed)} differs from the computed"
        f" {_num(computed)} by {_num(gap)}",
        f"{name}：所列{what[1]}{_num(printed)}与计算{what[1]}{_num(computed)}相差{_num(gap)}",
    )


def _grade_for(score: Decimal) -> Grade:
    """The grade a score earns: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (half-open bands).

    >>> _grade_for(Decimal("89.5")).label, _grade_for(Decimal(90)).label
    ('良', '优')
    """
    if score >= 90:
        return Grade.EXCELLENT
    if score >= 80:
        return Grade.GOOD
    if score >= 60:
        return Grade.FAIR
    return Grade.POOR


def _grade(
    path: str, subject: str, subject_zh: str, score: Decimal | None, grade: Grade | None
) -> Iterator[Finding]:
    if score is None or grade is None:
        return
    expected = _grade_for(score)
    if expected is grade:
        return
    yield _finding(
        GRADE_SCORE,
        path,
        f"{subject}: the grade {grade.label} ({grade.value}) contradicts the score {_num(score)},"
        f" which is {expected.label} ({expected.value}); bands: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60",
        f"{subject_zh}：等级“{grade.label}”与得分{_num(score)}不符，该得分应为“{expected.label}”"
        "（优≥90，良≥80，中≥60，差<60）",
    )


def _check_grades(report: Report) -> Iterator[Finding]:
    yield from _grade("/grade", *_REPORT, report.score, report.grade)
    for index, project in enumerate(report.projects):
        name = project.name
        yield from _grade(f"/projects/{index}/grade", name, name, project.score, project.grade)


# -- issues ------------------------------------------------------------------------------


def _check_issue_projects(report: Report) -> Iterator[Finding]:
    known = {project.id for project in report.projects}
    lists: list[tuple[str, tuple[Issue, ...]]] = [("/issues", report.issues)]
    lists += [
        (f"/projects/{p}/issues", project.issues) for p, project in enumerate(report.projects)
    ]
    for base, issues in lists:
        for i, issue in enumerate(issues):
            for k, project_id in enumerate(issue.project_ids):
                if project_id in known:
                    continue
                yield _finding(
                    ISSUE_PROJECT,
                    f"{base}/{i}/project_ids/{k}",
                    f"the issue “{issue.description}” names the project {project_id!r},"
                    " which the report does not have",
                    f"问题“{issue.description}”所涉项目“{project_id}”在报告中不存在",
                )


_CHECKS: Final[tuple[Callable[[Report], Iterable[Finding]], ...]] = (
    _check_report_sums,
    _check_project_sums,
    _check_categories,
    _check_score_sum,
    _check_execution,
    _check_printed_rate,
    _check_percent,
    _check_far_above,
    _check_levels,
    _check_empty,
    _check_above_weight,
    _check_weights,
    _check_scoring,
    _check_grades,
    _check_issue_projects,
)
