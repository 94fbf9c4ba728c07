"""A report as one self-contained HTML page: its tables, a chart, scores and findings.

:func:`html` writes the page a finance officer reads in a browser or prints: the
report's heading and source, the budget and expenditure table (the figures of
``perfeval summary``), a bar chart of budget against expenditure per project, each
project's indicators with the printed score beside the computed one
(:func:`perfeval.scoring.score`), the problems the report names, and what
:func:`perfeval.checks.check` found, each finding next to the row or figure it
concerns.

The page needs nothing else: no script, no network, no external file. Its style
sheet and its chart (SVG) are inline, and a Content Security Policy forbids
everything else, so a page rendered from an untrusted document stays inert. Every
text of the document is escaped, in HTML and SVG alike; only an ``http`` or
``https`` source URL becomes a link.

Chart coordinates are computed exactly (integer arithmetic on the amounts) and
rounded once, half up, to 0.01 for the SVG's text.

>>> from perfeval import examples, render
>>> page = render.html(examples.load("kaifu-2020"))
>>> page.startswith("<!DOCTYPE html>"), "<script" in page
(True, False)
>>> '<td class="num">1022.17</td>' in page, "156.19%" in page
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Final

import attrs

from perfeval._decimal import decimal_text, divide_half_up
from perfeval._summary import Row, amount_text, money_unit, rate_text, summary_rows
from perfeval._version import __version__
from perfeval.codes import Operator
from perfeval.model import Indicator, Issue, KeyProject, Report

if TYPE_CHECKING:
    from perfeval.checks import Finding
    from perfeval.codes import MoneyUnit
    from perfeval.money import Money
    from perfeval.quantity import Actual, Target
    from perfeval.scoring import Component, ScoreCard

__all__ = ["CONTENT_SECURITY_POLICY", "html"]

#: The Content Security Policy every page carries, which allows no script and no request
#: (only inline style and ``data:`` images).
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none';"
    " form-action 'none'"
)

#: The severities in the order findings are listed, with the mark printed beside the
#: label (the label, not the colour, carries the meaning).
_SEVERITY_ORDER: Final = ("error", "warning", "info")
_SEVERITY_MARK: Final = {"error": "✕", "warning": "▲", "info": "ⓘ"}
_OPERATOR_SIGN: Final = {
    Operator.GE: "≥",
    Operator.LE: "≤",
    Operator.EQ: "=",
    Operator.GT: ">",
    Operator.LT: "<",
}
_MISSING: Final = "—"
#: Only these URLs become links (no whitespace or control character anywhere: a
#: browser drops tabs and line feeds inside a URL, which could hide a scheme).
_LINKABLE: Final = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE | re.ASCII)

# The chart's geometry, in SVG user units.
_CHART_WIDTH: Final = 640
_LABEL_WIDTH: Final = 48
_PLOT_WIDTH: Final = 480
_BAR_HEIGHT: Final = 16
_BLOCK_HEIGHT: Final = 72


def _e(text: object) -> str:
    """*text* escaped for HTML text and quoted attribute values alike."""
    return escape(str(text), quote=True)


def _id(prefix: str, path: str) -> str:
    """An element id for a JSON pointer built by this module (indices and member names)."""
    return prefix + path.replace("/", "-")


# -- where findings go ------------------------------------------------------------------


@attrs.define
class _Findings:
    """The findings of a page, taken by the element each concerns as the page is written.

    Each element that can carry findings is registered with its JSON pointer before
    the page is written (:meth:`claim`); a finding goes to the element with the
    longest path that is its own path or an ancestor of it, else to the general list.
    """

    pending: list[Finding]
    anchors: dict[str, str] = attrs.field(factory=dict)

    def claim(self, path: str, element_id: str) -> None:
        self.anchors.setdefault(path, element_id)

    def owner(self, path: str) -> str | None:
        """The id of the element a finding at *path* belongs to, ``None`` if none."""
        parts = path.split("/")
        for end in range(len(parts), 1, -1):
            found = self.anchors.get("/".join(parts[:end]))
            if found is not None:
                return found
        return None

    def take(self, element_id: str) -> list[Finding]:
        """The findings that belong to *element_id*, most severe first."""
        taken = [f for f in self.pending if self.owner(f.path) == element_id]
        self.pending = [f for f in self.pending if f not in taken]
        return _by_severity(taken)

    def rest(self) -> list[Finding]:
        """The findings that belong to no element on the page."""
        rest, self.pending = self.pending, []
        return _by_severity(rest)


def _by_severity(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: _SEVERITY_ORDER.index(f.severity.value))


def _finding_items(findings: Sequence[Finding]) -> Iterator[str]:
    for finding in findings:
        severity = finding.severity.value
        try:
            title = finding.rule.title_zh
        except KeyError:  # a finding of a rule this perfeval does not know
            title = ""
        yield (
            f'<li class="finding sev-{_e(severity)}" data-severity="{_e(severity)}"'
            f' data-code="{_e(finding.code)}" data-path="{_e(finding.path)}">'
            f'<span class="sev">{_SEVERITY_MARK.get(severity, "")}'
            f" {_e(finding.severity.label)}</span>"
            f" <code>{_e(finding.code)}</code>"
            + (f" <span class='rule'>{_e(title)}</span>" if title else "")
            + f"：{_e(finding.message_zh)}</li>"
        )


def _finding_list(findings: Sequence[Finding], owner: str) -> str:
    """The list of *findings* that concern the element *owner* (empty text if none)."""
    if not findings:
        return ""
    items = "".join(_finding_items(findings))
    return f'<ul class="findings" id="findings-{owner}" data-for="{owner}">{items}</ul>'


def _finding_row(findings: Sequence[Finding], owner: str, columns: int) -> str:
    """A table row under the row *owner*, holding the findings that concern it."""
    if not findings:
        return ""
    return (
        f'<tr class="finding-row" data-for="{owner}"><td colspan="{columns}">'
        f"{_finding_list(findings, owner)}</td></tr>"
    )


def _described(findings: Sequence[Finding], owner: str) -> str:
    return f' aria-describedby="findings-{owner}"' if findings else ""


# -- text of values ---------------------------------------------------------------------


def _decimal(value: Decimal | None) -> str:
    return _MISSING if value is None else decimal_text(value)


def _target_text(target: Target | None) -> str:
    if target is None:
        return _MISSING
    if target.text is not None:
        return target.text
    sign = _OPERATOR_SIGN.get(target.operator, "") if target.operator is not None else ""
    return sign + (str(target.value) if target.value is not None else "")


def _actual_text(actual: Actual | None) -> str:
    if actual is None:
        return _MISSING
    if actual.text is not None:
        return actual.text
    if actual.value is not None:
        return str(actual.value)
    return actual.achievement.label if actual.achievement is not None else _MISSING


def _money_text(amount: Money | None, unit: MoneyUnit) -> str:
    text = amount_text(amount, unit)
    return _MISSING if text is None else text + unit.label


# -- the page -----------------------------------------------------------------------------


def html(report: Report, findings: Iterable[Finding] | None = None, *, scores: bool = True) -> str:
    """Write *report* as one self-contained HTML page (``lang="zh-CN"``).

    Args:
        report: The report.
        findings: The findings to show, each beside the row or figure its path
            points to (those that point to nothing shown are listed at the end);
            ``None`` runs :func:`perfeval.checks.check`, ``()`` shows none.
        scores: Whether to show the computed scores (:func:`perfeval.scoring.score`,
            by each project's printed layout) beside the printed ones.

    Returns:
        The page, a complete HTML document with its style sheet and chart inline.

    Raises:
        TypeError: *report* is not a :class:`~perfeval.model.Report`.

    >>> from perfeval import examples, render
    >>> page = render.html(examples.load("kaifu-2020"), (), scores=False)
    >>> '<html lang="zh-CN">' in page, 'class="finding' in page
    (True, False)
    >>> render.html({"title": "2020年度重点项目绩效评价结果"})
    Traceback (most recent call last):
    ...
    TypeError: html() needs a Report, not dict; read JSON with perfeval.loads() first
    """
    given: object = report
    if not isinstance(given, Report):
        msg = (
            f"html() needs a Report, not {type(given).__name__};"
            " read JSON with perfeval.loads() first"
        )
        raise TypeError(msg)
    if findings is None:
        from perfeval.checks import check  # noqa: PLC0415 - only when not given

        findings = check(report)
    cards: list[ScoreCard | None] = [None] * len(report.projects)
    if scores:
        from perfeval.scoring import score  # noqa: PLC0415

        cards = [score(project) for project in report.projects]
    rows, total = summary_rows(report)
    unit = money_unit([*rows, total])
    return _Page(report, _Findings(list(findings)), cards, rows, total, unit).write()


@attrs.define
class _Page:
    report: Report
    findings: _Findings
    cards: list[ScoreCard | None]
    rows: list[Row]
    total: Row
    unit: MoneyUnit
    parts: list[str] = attrs.field(factory=list)

    def write(self) -> str:
        self._claim()
        counts = dict.fromkeys(_SEVERITY_ORDER, 0)
        for finding in self.findings.pending:
            counts[finding.severity.value] += 1
        report = self.report
        title = f"{report.title}（{report.unit.name}）"
        self.parts += [
            "<!DOCTYPE html>\n",
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f'<meta name="generator" content="perfeval {_e(__version__)}">\n',
            f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n",
        ]
        self._heading(counts)
        self._summary()
        for index, project in enumerate(report.projects):
            self._project(index, project, self.cards[index])
        self._department()
        self._issues(report.issues, "/issues", "h2", "存在的问题")
        self._general()
        self.parts.append(
            f"</main>\n<footer><p>由 perfeval {_e(__version__)} 生成；得分、执行率和核查发现"
            "为依据报告所载数字计算，仅供复核参考。</p></footer>\n</body>\n</html>\n"
        )
        return "".join(self.parts)

    def _claim(self) -> None:
        """Register every element that can carry findings, most specific paths included."""
        claim = self.findings.claim
        claim("/totals", "row-totals")
        for index, project in enumerate(self.report.projects):
            base = f"/projects/{index}"
            claim(f"{base}/totals", _id("row", f"{base}/totals"))
            claim(base, _id("project", base))
            if self._execution_shown(index, project):
                claim(f"{base}/budget_execution", _id("row", f"{base}/budget_execution"))
            for number in range(len(project.indicators)):
                path = f"{base}/indicators/{number}"
                claim(path, _id("row", path))
            if project.indicators or self._execution_shown(index, project):
                claim(f"{base}/score", _id("row", f"{base}/score"))
            self._claim_issues(project.issues, f"{base}/issues")
        department = self.report.department
        if department is not None and (department.indicators or department.budget_execution):
            claim("/department", "department")
            if department.budget_execution is not None:
                claim("/department/budget_execution", "row-department-budget_execution")
            for number in range(len(department.indicators)):
                path = f"/department/indicators/{number}"
                claim(path, _id("row", path))
        self._claim_issues(self.report.issues, "/issues")

    def _claim_issues(self, issues: Sequence[Issue], base: str) -> None:
        if issues:
            self.findings.claim(base, _id("issues", base))
        for number in range(len(issues)):
            path = f"{base}/{number}"
            self.findings.claim(path, _id("issue", path))

    def _execution_shown(self, index: int, project: KeyProject) -> bool:
        card = self.cards[index]
        has_component = card is not None and any(
            c.path == "/budget_execution" for c in card.components
        )
        return project.budget_execution is not None or (has_component and bool(project.indicators))

    # -- heading -------------------------------------------------------------------------

    def _heading(self, counts: dict[str, int]) -> None:
        report = self.report
        rows = [("预算单位", _e(report.unit.name)), ("预算年度", _e(report.fiscal_year))]
        rows.append(("报告类型", _e(report.kind.label)))
        if report.score is not None or report.grade is not None:
            grade = f"（{_e(report.grade.label)}）" if report.grade is not None else ""
            rows.append(("总分", _e(_decimal(report.score)) + grade))
        evaluation = report.evaluation
        if evaluation is not None and evaluation.evaluator is not None:
            rows.append(("评价机构", _e(evaluation.evaluator)))
        if evaluation is not None and evaluation.commissioned_by is not None:
            rows.append(("委托方", _e(evaluation.commissioned_by)))
        source = report.source
        if source is not None and source.title is not None:
            rows.append(("来源", _e(source.title)))
        if source is not None and source.url is not None:
            rows.append(("来源网址", _url(source.url)))
        if source is not None and source.published is not None:
            rows.append(("发布日期", _e(source.published.isoformat())))
        items = "".join(f"<div><dt>{term}</dt><dd>{value}</dd></div>" for term, value in rows)
        tally = "，".join(
            f"{_SEVERITY_MARK[s]} {label} {counts[s]} 项"
            for s, label in zip(_SEVERITY_ORDER, ("错误", "警告", "提示"), strict=True)
        )
        self.parts.append(
            f'<header>\n<h1>{_e(report.title)}</h1>\n<dl class="meta">{items}</dl>\n'
            f'<p class="tally">核查发现：{tally}。每项发现列在它所涉及的行或图之下。</p>\n'
            "</header>\n"
        )

    # -- the summary table and the chart -------------------------------------------------

    def _summary(self) -> None:
        rows, total, unit = self.rows, self.total, self.unit
        self.parts.append(
            '<section aria-labelledby="h-summary">\n<h2 id="h-summary">预算与支出</h2>\n'
            '<div class="table-wrap" role="region" aria-labelledby="cap-summary" tabindex="0">'
            f'<table id="summary"><caption id="cap-summary">项目预算与支出（金额单位：'
            f"{_e(unit.label)}）</caption>\n<thead><tr>"
            '<th scope="col">项目名称</th><th scope="col">项目类型</th>'
            '<th scope="col" class="num">预算金额</th><th scope="col" class="num">支出金额</th>'
            '<th scope="col" class="num">执行率</th></tr></thead>\n<tbody>\n'
        )
        for index, row in enumerate(rows):
            self._summary_row(row, f"/projects/{index}/totals", unit)
        self.parts.append("</tbody>\n<tfoot>\n")
        self._summary_row(total, "/totals", unit)
        self.parts.append("</tfoot>\n</table></div>\n")
        self.parts.append(_chart(rows, unit))
        self.parts.append("</section>\n")

    def _summary_row(self, row: Row, path: str, unit: MoneyUnit) -> None:
        owner = _id("row", path)
        found = self.findings.take(owner)
        rate = rate_text(row)
        cells = [
            f'<th scope="row">{_e(row.name)}</th>',
            f"<td>{_e(row.project_type_label or _MISSING)}</td>",
            f'<td class="num">{_e(amount_text(row.budget, unit) or _MISSING)}</td>',
            f'<td class="num">{_e(amount_text(row.expenditure, unit) or _MISSING)}</td>',
            f'<td class="num">{_e(f"{rate}%" if rate else _MISSING)}</td>',
        ]
        self.parts.append(
            f'<tr id="{owner}" data-path="{_e(path)}"{_described(found, owner)}>'
            + "".join(cells)
            + "</tr>\n"
            + _finding_row(found, owner, len(cells))
        )

    # -- a project ---------------------------------------------------------------------

    def _project(self, index: int, project: KeyProject, card: ScoreCard | None) -> None:
        base = f"/projects/{index}"
        owner = _id("project", base)
        found = self.findings.take(owner)
        facts = []
        if project.project_type is not None:
            facts.append(("项目类型", project.project_type.label))
        if project.purpose is not None:
            facts.append(("资金用途", project.purpose))
        if project.score is not None or project.grade is not None:
            grade = f"（{project.grade.label}）" if project.grade is not None else ""
            facts.append(("报告得分", _decimal(project.score) + grade))
        if card is not None:
            facts.append(("计算得分", f"{decimal_text(card.total)}（{card.grade.label}）"))
        items = "".join(f"<div><dt>{_e(t)}</dt><dd>{_e(v)}</dd></div>" for t, v in facts)
        self.parts.append(
            f'<section id="{owner}" data-path="{_e(base)}" aria-labelledby="h-{owner}">\n'
            f'<h2 id="h-{owner}">项目：{_e(project.name)}</h2>\n'
            + (f'<dl class="meta">{items}</dl>\n' if items else "")
            + _finding_list(found, owner)
        )
        if project.indicators or self._execution_shown(index, project):
            self._indicators(index, project, card)
        else:
            self.parts.append('<p class="note">报告未列示该项目的绩效指标。</p>\n')
        self._issues(project.issues, f"{base}/issues", "h3", "该项目存在的问题")
        self.parts.append("</section>\n")

    def _indicators(self, index: int, project: KeyProject, card: ScoreCard | None) -> None:
        base = f"/projects/{index}"
        computed = card is not None
        columns = 8 if computed else 7
        caption = f"{project.name}：绩效指标与得分"
        self.parts.append(
            f'<h3 id="h-indicators{_id("", base)}">绩效指标</h3>\n'
            '<div class="table-wrap" role="region" tabindex="0"'
            f' aria-labelledby="cap-indicators{_id("", base)}">'
            f'<table class="indicators"><caption id="cap-indicators{_id("", base)}">'
            f"{_e(caption)}</caption>\n<thead><tr>{_indicator_head(computed=computed)}"
            "</tr></thead>\n<tbody>\n"
        )
        if self._execution_shown(index, project):
            self._execution_row(index, project, card, columns)
        for number, indicator in enumerate(project.indicators):
            component = _component(card, f"/indicators/{number}")
            self._indicator_row(f"{base}/indicators/{number}", indicator, component, card)
        self.parts.append("</tbody>\n<tfoot>\n")
        owner = _id("row", f"{base}/score")
        found = self.findings.take(owner)
        weight_total = _decimal(card.weight_total) if card is not None else _MISSING
        cells = [
            '<th scope="row" colspan="5">总分</th>',
            f'<td class="num">{_e(weight_total)}</td>',
            f'<td class="num">{_e(_decimal(project.score))}</td>',
        ]
        if card is not None:
            cells.append(f'<td class="num">{_e(decimal_text(card.total))}</td>')
        self.parts.append(
            f'<tr id="{owner}" data-path="{_e(base)}/score"{_described(found, owner)}>'
            + "".join(cells)
            + "</tr>\n"
            + _finding_row(found, owner, columns)
            + "</tfoot>\n</table></div>\n"
        )

    def _execution_row(
        self, index: int, project: KeyProject, card: ScoreCard | None, columns: int
    ) -> None:
        path = f"/projects/{index}/budget_execution"
        owner = _id("row", path)
        found = self.findings.take(owner)
        row, unit = self.rows[index], self.unit
        printed = project.budget_execution
        rate = printed.rate if printed is not None and printed.rate is not None else None
        rate_shown = decimal_text(rate) if rate is not None else rate_text(row)
        actual = _money_text(row.expenditure, unit)
        if rate_shown is not None:
            actual += f"（执行率 {rate_shown}%）"
        cells = [
            '<th scope="row" colspan="3">预算执行率</th>',
            f"<td>全年预算数 {_e(_money_text(row.budget, unit))}</td>",
            f"<td>全年执行数 {_e(actual)}</td>",
            f'<td class="num">{_e(_decimal(printed.weight if printed else None))}</td>',
            f'<td class="num">{_e(_decimal(printed.score if printed else None))}</td>',
        ]
        if card is not None:
            cells.append(_computed_cell(_component(card, "/budget_execution"), card))
        self.parts.append(
            f'<tr id="{owner}" data-path="{_e(path)}"{_described(found, owner)}>'
            + "".join(cells)
            + "</tr>\n"
            + _finding_row(found, owner, columns)
        )

    def _indicator_row(
        self,
        path: str,
        indicator: Indicator,
        component: Component | None,
        card: ScoreCard | None,
    ) -> None:
        owner = _id("row", path)
        found = self.findings.take(owner)
        level1 = indicator.level1_label or indicator.level1.label
        level2 = indicator.level2_label or (
            indicator.level2.label if indicator.level2 is not None else _MISSING
        )
        cells = [
            f"<td>{_e(level1)}</td>",
            f"<td>{_e(level2)}</td>",
            f'<th scope="row">{_e(indicator.name)}</th>',
            f"<td>{_e(_target_text(indicator.target))}</td>",
            f"<td>{_e(_actual_text(indicator.actual))}</td>",
            f'<td class="num">{_e(_decimal(indicator.weight))}</td>',
            f'<td class="num">{_e(_decimal(indicator.score))}</td>',
        ]
        if card is not None:
            cells.append(_computed_cell(component, card))
        self.parts.append(
            f'<tr id="{owner}" data-path="{_e(path)}"{_described(found, owner)}>'
            + "".join(cells)
            + "</tr>\n"
            + _finding_row(found, owner, len(cells))
        )

    # -- a whole-department report ------------------------------------------------------

    def _department(self) -> None:
        department = self.report.department
        if department is None or not (department.indicators or department.budget_execution):
            return
        found = self.findings.take("department")
        self.parts.append(
            '<section id="department" data-path="/department" aria-labelledby="h-department">\n'
            '<h2 id="h-department">部门整体绩效指标</h2>\n'
            + _finding_list(found, "department")
            + '<div class="table-wrap" role="region" tabindex="0"'
            ' aria-labelledby="cap-department">'
            '<table class="indicators"><caption id="cap-department">部门整体绩效指标与得分'
            "（部门整体指标只列示报告所载得分）</caption>\n"
            f"<thead><tr>{_indicator_head(computed=False)}</tr></thead>\n<tbody>\n"
        )
        execution = department.budget_execution
        if execution is not None:
            owner = "row-department-budget_execution"
            taken = self.findings.take(owner)
            rate = f"{decimal_text(execution.rate)}%" if execution.rate is not None else _MISSING
            self.parts.append(
                f'<tr id="{owner}" data-path="/department/budget_execution"'
                f'{_described(taken, owner)}><th scope="row" colspan="3">预算执行率</th>'
                f"<td>{_MISSING}</td><td>执行率 {_e(rate)}</td>"
                f'<td class="num">{_e(_decimal(execution.weight))}</td>'
                f'<td class="num">{_e(_decimal(execution.score))}</td></tr>\n'
                + _finding_row(taken, owner, 7)
            )
        for number, indicator in enumerate(department.indicators):
            self._indicator_row(f"/department/indicators/{number}", indicator, None, None)
        self.parts.append("</tbody>\n</table></div>\n</section>\n")

    # -- problems and the remaining findings ---------------------------------------------

    def _issues(self, issues: Sequence[Issue], base: str, level: str, heading: str) -> None:
        if not issues:
            return
        owner = _id("issues", base)
        found = self.findings.take(owner)
        names = {project.id: project.name for project in self.report.projects}
        items = []
        for number, issue in enumerate(issues):
            path = f"{base}/{number}"
            item_owner = _id("issue", path)
            taken = self.findings.take(item_owner)
            category = f'<span class="category">{_e(issue.category.label)}</span>'
            parts = [f"<p>{category}：{_e(issue.description)}</p>"]
            if issue.measures is not None:
                parts.append(f"<p>整改措施：{_e(issue.measures)}</p>")
            if issue.project_ids and base == "/issues":
                concerned = "、".join(names.get(pid, pid) for pid in issue.project_ids)
                parts.append(f"<p>涉及项目：{_e(concerned)}</p>")
            items.append(
                f'<li id="{item_owner}" data-path="{_e(path)}">'
                + "".join(parts)
                + _finding_list(taken, item_owner)
                + "</li>"
            )
        self.parts.append(
            f'<div id="{owner}" data-path="{_e(base)}" class="issues">'
            f"<{level}>{_e(heading)}</{level}>\n"
            + _finding_list(found, owner)
            + f"<ol>{''.join(items)}</ol></div>\n"
        )

    def _general(self) -> None:
        rest = self.findings.rest()
        if not rest:
            return
        self.parts.append(
            '<section id="general" aria-labelledby="h-general">\n'
            '<h2 id="h-general">其他核查发现</h2>\n'
            "<p>以下发现涉及整份报告或页面未列示的数字。</p>\n"
            + _finding_list(rest, "general")
            + "</section>\n"
        )


def _url(url: str) -> str:
    """A source URL: a link when it is an http(s) URL, else inert text."""
    if _LINKABLE.fullmatch(url):
        return f'<a href="{_e(url)}" rel="noreferrer">{_e(url)}</a>'
    return f'<span class="url">{_e(url)}</span>'


def _indicator_head(*, computed: bool) -> str:
    names = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]
    head = "".join(f'<th scope="col">{name}</th>' for name in names)
    head += '<th scope="col" class="num">分值</th><th scope="col" class="num">报告得分</th>'
    if computed:
        head += '<th scope="col" class="num">计算得分</th>'
    return head


def _component(card: ScoreCard | None, path: str) -> Component | None:
    if card is None:
        return None
    return next((c for c in card.components if c.path == path), None)


def _computed_cell(component: Component | None, card: ScoreCard) -> str:
    """The computed score, saying in words how it stands against the printed one."""
    if component is None:
        return f'<td class="num">{_MISSING}</td>'
    status = component.status.value
    if status == "not_applicable":
        return '<td class="num">不适用</td>'
    if status == "not_scorable":
        return '<td class="num">无法计算</td>'
    text = decimal_text(component.score)
    if status == "taken_as_printed":
        text += "（按报告）"
    elif component in card.differences() and component.difference is not None:
        text += f"（与报告相差 {decimal_text(component.difference)}）"
    return f'<td class="num">{_e(text)}</td>'


# -- the chart ------------------------------------------------------------------------------


def _ratio(value: Decimal) -> tuple[int, int]:
    numerator, denominator = value.as_integer_ratio()
    return numerator, denominator


def _scaled(amount: Decimal, largest: Decimal, length: int) -> int:
    """*amount* / *largest* × *length*, in hundredths of a unit, rounded once, half up."""
    if amount <= 0 or largest <= 0:
        return 0
    a_num, a_den = _ratio(amount)
    m_num, m_den = _ratio(largest)
    return divide_half_up(a_num * m_den * length * 100, a_den * m_num)


def _coordinate(hundredths: int) -> str:
    """A coordinate in hundredths as SVG text (``12345`` → ``123.45``)."""
    return decimal_text(Decimal(hundredths).scaleb(-2))


def _chart(rows: Sequence[Row], unit: MoneyUnit) -> str:
    """The budget against expenditure bar chart of *rows*, as a figure with inline SVG."""
    if not rows:
        return ""
    amounts = [a for row in rows for a in (row.budget, row.expenditure) if a is not None]
    currencies = {a.currency for a in amounts}
    caption = (
        f"图：各项目预算金额与支出金额（{_e(unit.label)}）。实线为预算的100%，"
        "虚线为预算的90%；条形右侧为金额，项目名后为执行率。"
    )
    if len(currencies) > 1:
        return (
            f'<figure class="chart"><p class="note">金额币种不一，未绘图。</p>'
            f"<figcaption>{caption}</figcaption></figure>\n"
        )
    values = [a.to(unit).amount for a in amounts]
    largest = max(values, default=Decimal(0))
    height = _BLOCK_HEIGHT * len(rows) + 8
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_CHART_WIDTH} {height}"'
        f' width="{_CHART_WIDTH}" height="{height}" role="img"'
        ' aria-labelledby="chart-title chart-desc">'
    )
    parts = ['<figure class="chart" id="chart"><div class="chart-wrap">', svg, _CHART_TITLE]
    for index, row in enumerate(rows):
        parts.append(_chart_block(index, row, unit, largest))
    parts.append("</svg></div>")
    parts.append(f"<figcaption>{caption}</figcaption></figure>\n")
    return "".join(parts)


def _chart_block(index: int, row: Row, unit: MoneyUnit, largest: Decimal) -> str:
    top = _BLOCK_HEIGHT * index + 4
    rate = rate_text(row)
    heading = _e(row.name) + (f"　执行率 {_e(rate)}%" if rate is not None else "")
    parts = [
        f'<g class="project" data-path="/projects/{index}/totals">',
        f'<text class="name" x="0" y="{top + 14}">{heading}</text>',
    ]
    budget_end: int | None = None
    for offset, (label, kind, amount) in enumerate(
        (("预算", "budget", row.budget), ("支出", "expenditure", row.expenditure))
    ):
        y = top + 22 + offset * (_BAR_HEIGHT + 4)
        text_y = y + _BAR_HEIGHT - 3
        parts.append(f'<text class="label" x="0" y="{text_y}">{label}</text>')
        if amount is None:
            parts.append(f'<text class="value" x="{_LABEL_WIDTH}" y="{text_y}">未列示</text>')
            continue
        value = amount.to(unit).amount
        width = _scaled(value, largest, _PLOT_WIDTH)
        if kind == "budget":
            budget_end = width
        shown = decimal_text(value)
        parts.append(
            f'<rect class="bar {kind}" data-amount="{_e(shown)}" x="{_LABEL_WIDTH}" y="{y}"'
            f' width="{_coordinate(width)}" height="{_BAR_HEIGHT}"><title>{label}'
            f" {_e(shown)}{_e(unit.label)}</title></rect>"
        )
        end = _LABEL_WIDTH * 100 + width + 400
        parts.append(f'<text class="value" x="{_coordinate(end)}" y="{text_y}">{_e(shown)}</text>')
    if budget_end is not None and budget_end > 0:
        y1, y2 = top + 19, top + 22 + 2 * _BAR_HEIGHT + 4 + 3
        ninety = _LABEL_WIDTH * 100 + divide_half_up(budget_end * 9, 10)
        full = _LABEL_WIDTH * 100 + budget_end
        parts.append(
            f'<line class="mark full" x1="{_coordinate(full)}" x2="{_coordinate(full)}"'
            f' y1="{y1}" y2="{y2}"><title>预算的100%</title></line>'
            f'<line class="mark ninety" x1="{_coordinate(ninety)}" x2="{_coordinate(ninety)}"'
            f' y1="{y1}" y2="{y2}"><title>预算的90%</title></line>'
        )
    parts.append("</g>")
    return "".join(parts)


_CHART_TITLE: Final = (
    '<title id="chart-title">各项目预算金额与支出金额</title>'
    '<desc id="chart-desc">每个项目两根横条：上为预算金额，下为支出金额，长度与金额成正比；'
    "数字见上表。</desc>"
)

# -- the style sheet ------------------------------------------------------------------------

_STYLE: Final = """
:root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--line:#c8c8c8;--head:#eef2f6;
--budget:#9dbbd8;--spent:#1f4e79;--error:#a4000f;--warning:#7a4b00;--info:#24527a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;font:16px/1.6 "Noto Sans CJK SC","Noto Sans SC",
"Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;overflow-wrap:anywhere}
main,footer{max-width:64rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;line-height:1.3;margin:1.2rem 0 .6rem}
h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.1rem;margin:1.2rem 0 .4rem}
dl.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.2rem 1.2rem;
margin:.4rem 0}
dl.meta div{display:flex;gap:.5rem;min-width:0}
dl.meta dt{font-weight:bold;white-space:nowrap}
dl.meta dd{margin:0;min-width:0}
.tally{color:var(--muted)}
.table-wrap{overflow-x:auto;margin:.6rem 0;max-width:100%}
.table-wrap:focus{outline:2px solid var(--spent)}
table{border-collapse:collapse;min-width:100%}
caption{text-align:left;font-weight:bold;padding:.3rem 0;caption-side:top}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:normal}
thead th{background:var(--head)}
tbody th{font-weight:normal}
tfoot th,tfoot td{font-weight:bold;background:#f6f6f6}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td,th{min-width:4em}
th[scope=row]{min-width:6em}
table.indicators th[scope=row]{min-width:8em}
table.indicators td:nth-child(4),table.indicators td:nth-child(5){min-width:7em}
tr.finding-row td{background:#fffdf5;border-top:none}
ul.findings{list-style:none;margin:.3rem 0;padding:0}
li.finding{border-left:4px solid currentColor;padding:.2rem .5rem;margin:.2rem 0;
background:#fafafa}
li.finding .sev{font-weight:bold}
li.finding code{font-size:.85em;color:var(--muted)}
.sev-error{color:var(--error)}
.sev-warning{color:var(--warning)}
.sev-info{color:var(--info)}
li.finding .rule{font-weight:bold}
.chart{margin:1rem 0}
.chart-wrap{overflow-x:auto;max-width:100%}
.chart svg{display:block;width:100%;max-width:960px;min-width:560px;height:auto}
.chart text{font-size:13px;fill:var(--ink)}
.chart text.name{font-weight:bold}
.chart rect.budget{fill:var(--budget)}
.chart rect.expenditure{fill:var(--spent)}
.chart line.mark{stroke:var(--ink);stroke-width:1.5}
.chart line.ninety{stroke-dasharray:4 3}
figcaption{color:var(--muted);font-size:.9rem}
.issues ol{padding-left:1.5rem}
.issues p{margin:.2rem 0}
.category{font-weight:bold}
.note{color:var(--muted);font-size:.9rem}
footer{color:var(--muted);font-size:.85rem;margin-top:2rem;border-top:1px solid var(--line)}
a{color:var(--spent)}
@page{size:A4 portrait;margin:15mm 12mm}
@media print{
body{font-size:9.5pt;line-height:1.45}
main,footer{max-width:none;padding:0}
h1{font-size:15pt}h2{font-size:12pt;break-after:avoid}h3{font-size:10.5pt;break-after:avoid}
.table-wrap,.chart-wrap{overflow:visible}
table{width:100%;min-width:0;font-size:8pt}
th,td{padding:.15rem .25rem;overflow-wrap:anywhere;word-break:break-all}
.num{white-space:normal}
thead{display:table-header-group}
tr{break-inside:avoid}
.chart svg{min-width:0;max-width:100%}
li.finding{break-inside:avoid}
}
"""
