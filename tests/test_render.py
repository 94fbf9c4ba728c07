"""The HTML view without a browser: structure, escaping, numbers and where findings go.

The page is parsed with the standard library's html.parser (tests/_html.py); the browser
tests (tests/test_render_browser.py) look at the same pages as Chromium draws them.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

from perfeval import examples, loads, render
from perfeval.checks import Finding, Severity, check
from perfeval.codes import (
    Achievement,
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
    Department,
    Evaluation,
    Indicator,
    Issue,
    KeyProject,
    Report,
    Source,
    Totals,
    Unit,
)
from perfeval.money import Money
from perfeval.quantity import Actual, Quantity, Target

from ._html import Element, parse  # type: ignore[import-not-found, unused-ignore]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.json"))
WAN = MoneyUnit.WAN_YUAN


def _page(report: Report, *args: object, **kwargs: bool) -> Element:
    return parse(render.html(report, *args, **kwargs))  # type: ignore[arg-type]


def _cells(row: Element) -> list[str]:
    return [cell.text for cell in row.children if isinstance(cell, Element)]


def _report(**changes: Any) -> Report:
    project = KeyProject(
        id="p1",
        name="公共服务",
        budget_lines=[
            BudgetLine(
                source=FundSource.FISCAL,
                budget=Money("100", WAN),
                expenditure=Money("80", WAN),
            )
        ],
    )
    report = Report(
        title="2021年度项目绩效自评",
        kind=ReportKind.PROJECT_SELF_EVALUATION,
        fiscal_year=2021,
        unit=Unit(name="某街道办事处"),
        projects=[project],
    )
    return attrs.evolve(report, **changes)


# -- the page as a whole ---------------------------------------------------------------------


def test_the_seed_is_one_self_contained_page_in_chinese() -> None:
    page = render.html(examples.load("kaifu-2020"))
    root = parse(page)
    assert root.attrs["doctype"] == "DOCTYPE html"
    assert root.find("html").attrs["lang"] == "zh-CN"
    csp = root.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert csp == render.CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in csp
    assert "script" not in csp  # nothing allows a script
    assert root.find("meta", charset="utf-8")
    assert (
        root.find("head").find("title").text
        == "2020年度重点项目绩效评价结果（长沙市开福区街道办事处（报告未署名））"
    )
    # Nothing is fetched: no script, no external style sheet, image, frame or link.
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base", "form"):
        assert root.find_all(tag) == [], tag
    assert all("src" not in element.attrs for element in root.iter())
    assert [a.attrs["href"] for a in root.find_all("a")] == []
    assert "url(" not in page
    assert "@import" not in page


def test_headings_descend_one_level_at_a_time() -> None:
    for report in (examples.load(name) for name in examples.names()):
        root = _page(report)
        levels = [int(h.tag[1]) for h in root.iter() if h.tag in {"h1", "h2", "h3", "h4"}]
        assert levels[0] == 1
        assert levels.count(1) == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_every_table_has_a_caption_header_cells_with_scope_and_a_scrolling_wrapper() -> None:
    for path in CORPUS:
        root = _page(loads(path.read_text(encoding="utf-8")))
        tables = root.find_all("table")
        assert tables, path.name
        for table in tables:
            children = [c.tag for c in table.children if isinstance(c, Element)]
            assert children[:3] == ["caption", "thead", "tbody"], (path.name, children)
            assert all(th.attrs.get("scope") in {"col", "row"} for th in table.find_all("th"))
            assert table.parent is not None
            assert table.parent.attrs["class"] == "table-wrap"
            assert table.parent.attrs["tabindex"] == "0"  # scrolls by keyboard too


def test_style_has_a_print_sheet_for_a4_portrait() -> None:
    page = render.html(examples.load("kaifu-2020"))
    assert "@page{size:A4 portrait;margin:15mm 12mm}" in page
    assert "@media print{" in page
    assert ".table-wrap{overflow-x:auto" in page


# -- the numbers ---------------------------------------------------------------------------


def test_the_seed_table_prints_the_summary_figures() -> None:
    root = _page(examples.load("kaifu-2020"))
    table = root.by_id("summary")
    assert table.find("caption").text == "项目预算与支出（金额单位：万元）"
    head = table.find("thead")
    assert _cells(head.find("tr")) == ["项目名称", "项目类型", "预算金额", "支出金额", "执行率"]
    assert _cells(root.by_id("row-projects-0-totals")) == [
        "公共服务",
        "经常性",
        "213.28",
        "703.45",
        "329.82%",
    ]
    assert _cells(root.by_id("row-projects-1-totals"))[2:] == ["441.17", "318.72", "72.24%"]
    total = root.by_id("row-totals")
    assert total.parent is not None
    assert total.parent.tag == "tfoot"
    assert _cells(total) == ["合计", "—", "654.45", "1022.17", "156.19%"]


def test_amounts_are_in_the_reports_money_unit() -> None:
    line = BudgetLine(
        source=FundSource.FISCAL,
        budget=Money("1000000", MoneyUnit.YUAN),
        expenditure=Money("1250000", MoneyUnit.YUAN),
    )
    project = KeyProject(id="p2", name="元项目", budget_lines=[line])
    report = _report(totals=Totals(budget=Money("200", WAN), expenditure=Money("205", WAN)))
    report = attrs.evolve(report, projects=[*report.projects, project])
    root = _page(report, ())
    assert "金额单位：万元" in root.by_id("summary").find("caption").text
    assert _cells(root.by_id("row-projects-1-totals"))[2:] == ["100.0000", "125.0000", "125.00%"]
    assert _cells(root.by_id("row-totals"))[2:] == ["200", "205", "102.50%"]


def _expected_width(amount: Decimal, largest: Decimal) -> Decimal:
    exact = Fraction(amount) / Fraction(largest) * 480
    hundredths = (Decimal(exact.numerator) * 100 / Decimal(exact.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return hundredths.scaleb(-2)


def test_the_chart_bars_are_proportional_to_the_amounts() -> None:
    root = _page(examples.load("kaifu-2020"))
    chart = root.by_id("chart")
    assert chart.find("svg").attrs["role"] == "img"
    assert chart.find("title", id="chart-title").text == "各项目预算金额与支出金额"
    bars = chart.find_all("rect")
    amounts = [Decimal(bar.attrs["data-amount"]) for bar in bars]
    assert amounts == [Decimal(x) for x in ("213.28", "703.45", "441.17", "318.72")]
    largest = max(amounts)
    for bar, amount in zip(bars, amounts, strict=True):
        assert Decimal(bar.attrs["width"]) == _expected_width(amount, largest)
        assert bar.attrs["x"] == "48"
    assert Decimal(bars[1].attrs["width"]) == 480  # the largest amount spans the plot
    # 100 % and 90 % of each project's budget, after the bars' common left edge.
    for group, budget in zip(chart.find_all("g"), bars[0::2], strict=True):
        full, ninety = group.find_all("line")
        width = Decimal(budget.attrs["width"])
        assert Decimal(full.attrs["x1"]) == 48 + width
        assert abs(Decimal(ninety.attrs["x1"]) - 48 - width * Decimal("0.9")) <= Decimal("0.01")
        assert full.find("title").text == "预算的100%"
        assert ninety.find("title").text == "预算的90%"
    names = [t.text for t in chart.find_all("text", class_="name")]
    assert names == ["公共服务　执行率 329.82%", "社会管理　执行率 72.24%"]


def test_chart_coordinates_round_half_up_once() -> None:
    # 1 / 3 × 480 = 160 exactly; 1 / 7 × 480 = 68.571… → 68.57; 0.0003125 × 480 = 0.15.
    assert render._scaled(Decimal(1), Decimal(3), 480) == 16000
    assert render._scaled(Decimal(1), Decimal(7), 480) == 6857
    assert render._scaled(Decimal("0.0003125"), Decimal(1), 480) == 15
    assert render._scaled(Decimal("0.00003125"), Decimal(1), 480) == 2  # 1.5 → 2, half up
    assert render._scaled(Decimal(-1), Decimal(3), 480) == 0
    assert render._scaled(Decimal(1), Decimal(0), 480) == 0
    assert render._coordinate(6857) == "68.57"


def test_chart_without_amounts_mixed_currencies_and_no_projects() -> None:
    bare = _report(projects=[KeyProject(id="p1", name="无金额")])
    chart = _page(bare, ()).by_id("chart")
    assert chart.find_all("rect") == []
    assert [t.text for t in chart.find_all("text", class_="value")] == ["未列示", "未列示"]
    assert chart.find_all("line") == []

    dollars = BudgetLine(source=FundSource.OTHER, budget=Money("5", WAN, currency="USD"))
    mixed = _report()
    mixed = attrs.evolve(
        mixed,
        projects=[*mixed.projects, KeyProject(id="p2", name="美元", budget_lines=[dollars])],
    )
    root = _page(mixed, ())
    assert root.find_all("svg") == []
    assert "金额币种不一，未绘图" in root.find("figure").text

    department = examples.load("kaifu-2020")
    department = attrs.evolve(
        department, kind=ReportKind.DEPARTMENT_OVERALL, projects=[], totals=None
    )
    root = _page(department, ())
    assert root.find_all("figure") == []
    assert _cells(root.by_id("row-totals")) == ["合计", "—", "—", "—", "—"]


def test_indicator_rows_show_printed_and_computed_scores() -> None:
    report = examples.load("tangxi-2022")
    root = _page(report)
    table = root.find("table", class_="indicators")
    assert _cells(table.find("thead").find("tr")) == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "报告得分",
        "计算得分",
    ]
    execution = root.by_id("row-projects-0-budget_execution")
    cells = _cells(execution)
    assert cells[0] == "预算执行率"
    assert cells[3:5] == ["10", "0"]
    assert cells[5] == "10.00（与报告相差 -10.00）"  # the difference in words, not colour
    row = root.by_id("row-projects-0-indicators-4")
    assert _cells(row)[2:] == ["项目总成本", "≤90万元", "90", "8", "8", "8.00"]
    assert row.find("th").attrs["scope"] == "row"
    total = root.by_id("row-projects-0-score")
    assert _cells(total)[0] == "总分"
    assert _cells(total)[-1] == "90.00"


def test_scores_false_leaves_out_the_computed_column() -> None:
    root = _page(examples.load("tangxi-2022"), scores=False)
    table = root.find("table", class_="indicators")
    assert "计算得分" not in table.find("thead").text
    assert len(_cells(root.by_id("row-projects-0-indicators-4"))) == 7
    assert _cells(root.by_id("row-projects-0-score"))[1] == "—"


def test_values_are_written_as_a_report_prints_them() -> None:
    indicators = [
        Indicator(
            level1=IndicatorLevel1.OUTPUT,
            level2=IndicatorLevel2.QUANTITY,
            name="培训人次",
            target=Target(Operator.GE, Quantity(50, "人次")),
            actual=Actual(achievement=Achievement.ACHIEVED),
            weight="20",
            score="20",
        ),
        Indicator(
            level1=IndicatorLevel1.EFFECT,
            name="群众满意度",
            target=Target(None, Quantity(90, "%")),
            actual=Actual(value=Quantity(95, "%")),
        ),
        Indicator(
            level1=IndicatorLevel1.SATISFACTION,
            level1_label="满意度指标",
            name="不适用的指标",
            target=Target(Operator.QUALITATIVE, text="不适用"),
            actual=Actual(text="不适用"),
            weight="10",
        ),
        Indicator(level1=IndicatorLevel1.OUTPUT, name="无目标"),
        Indicator(
            level1=IndicatorLevel1.OUTPUT,
            name="按报告计分",
            target=Target(Operator.GE, Quantity(50, "人次")),
            actual=Actual(text="较好"),
            weight="10",
            score="9",
        ),
    ]
    project = KeyProject(
        id="p1",
        name="公共服务",
        budget_lines=[BudgetLine(source=FundSource.FISCAL, budget=Money("100", WAN))],
        budget_execution=BudgetExecution(weight="10", rate="80", score="8"),
        indicators=indicators,
        score="88",
        grade=Grade.GOOD,
    )
    root = _page(_report(projects=[project]), ())
    rows = [_cells(root.by_id(f"row-projects-0-indicators-{i}")) for i in range(5)]
    assert rows[0][:5] == ["产出", "数量", "培训人次", "≥50人次", "达成"]
    assert rows[1][:5] == ["效益", "—", "群众满意度", "90%", "95%"]
    assert rows[2][0] == "满意度指标"
    assert rows[2][-1] == "不适用"
    assert rows[3][3:] == ["—", "—", "—", "—", "无法计算"]
    assert rows[4][-1] == "9.00（按报告）"
    execution = _cells(root.by_id("row-projects-0-budget_execution"))
    assert execution[1:3] == ["全年预算数 100万元", "全年执行数 —（执行率 80%）"]
    facts = root.by_id("project-projects-0").find("dl").text
    assert "报告得分88（良）" in facts


def test_a_project_without_indicators_says_so() -> None:
    root = _page(examples.load("kaifu-2020"), scores=False)
    section = root.by_id("project-projects-0")
    assert section.find("h2").text == "项目：公共服务"
    only = _page(_report(), ())
    assert "报告未列示该项目的绩效指标" in only.by_id("project-projects-0").text


def test_heading_shows_unit_year_source_and_evaluation() -> None:
    report = _report(
        score="91.5",
        grade=Grade.EXCELLENT,
        evaluation=Evaluation(evaluator="某咨询有限公司", commissioned_by="某区财政局"),
        source=Source(
            title="关于公开绩效评价结果的通知",
            url="https://czj.example.gov.cn/a.html",
            published=datetime.date(2022, 5, 20),
        ),
    )
    root = _page(report, ())
    meta = {div.find("dt").text: div.find("dd").text for div in root.find("header").find_all("div")}
    assert meta == {
        "预算单位": "某街道办事处",
        "预算年度": "2021",
        "报告类型": ReportKind.PROJECT_SELF_EVALUATION.label,
        "总分": "91.5（优）",
        "评价机构": "某咨询有限公司",
        "委托方": "某区财政局",
        "来源": "关于公开绩效评价结果的通知",
        "来源网址": "https://czj.example.gov.cn/a.html",
        "发布日期": "2022-05-20",
    }
    link = root.find("a")
    assert link.attrs == {"href": "https://czj.example.gov.cn/a.html", "rel": "noreferrer"}


# -- findings --------------------------------------------------------------------------------


def _owner(root: Element, item: Element) -> Element:
    """The element a finding's list says the finding concerns."""
    listing = item.parent
    assert listing is not None
    assert listing.tag == "ul"
    return root.by_id(listing.attrs["data-for"])


def _is_within(path: str, ancestor: str) -> bool:
    return path == ancestor or path.startswith(ancestor + "/")


def test_each_finding_of_the_seed_is_shown_at_its_row() -> None:
    report = examples.load("kaifu-2020")
    root = _page(report)
    where = {}
    for finding in check(report):
        (item,) = root.find_all("li", data_path=finding.path, data_code=finding.code)
        owner = _owner(root, item)
        where[finding.path] = owner.attrs["id"]
        assert item.find("span", class_="sev").text == "▲ 警告"
        assert finding.message_zh in item.text
        # A finding row follows the row it concerns and names it.
        row = item.parent.parent.parent
        assert row.attrs == {"class": "finding-row", "data-for": owner.attrs["id"]}
        assert owner.attrs["aria-describedby"] == f"findings-{owner.attrs['id']}"
    assert where == {
        "/projects/0/totals/expenditure": "row-projects-0-totals",
        "/projects/1/indicators/20/actual/value": "row-projects-1-indicators-20",
        "/projects/1/totals/expenditure": "row-projects-1-totals",
        "/totals/expenditure": "row-totals",
    }
    assert root.find_all(id="general") == []
    assert "核查发现：✕ 错误 0 项，▲ 警告 4 项，ⓘ 提示 0 项" in root.find("header").text


@pytest.mark.parametrize("path", [*CORPUS, None], ids=lambda p: p.stem if p else "examples")
def test_every_finding_is_shown_once_at_the_most_specific_element(path: Path | None) -> None:
    reports = (
        [loads(path.read_text(encoding="utf-8"))]
        if path is not None
        else [examples.load(name) for name in examples.names()]
    )
    for report in reports:
        findings = check(report)
        root = _page(report, findings)
        shown = [li for li in root.iter("li") if "finding" in li.attrs.get("class", "")]
        assert len(shown) == len(findings)
        paths = {e.attrs["data-path"] for e in root.iter() if {"id", "data-path"} <= e.attrs.keys()}
        for finding in findings:
            item = next(
                li
                for li in shown
                if (li.attrs["data-path"], li.attrs["data-code"]) == (finding.path, finding.code)
                and finding.message_zh in li.text
            )
            owner = _owner(root, item)
            if owner.attrs["id"] == "general":
                assert not any(_is_within(finding.path, p) for p in paths), finding
                continue
            claimed = owner.attrs["data-path"]
            assert _is_within(finding.path, claimed), (finding, claimed)
            deeper = [p for p in paths if _is_within(finding.path, p) and len(p) > len(claimed)]
            assert deeper == [], (finding, deeper)


def test_findings_by_severity_with_text_labels_and_a_general_list() -> None:
    report = examples.load("kaifu-2020")
    findings = [
        Finding("execution-low", Severity.INFO, "/totals/budget", "i", "提示甲"),
        Finding("total-zero", Severity.ERROR, "/totals/expenditure", "e", "错误乙"),
        Finding("execution-low", Severity.WARNING, "/totals", "w", "警告丙"),
        Finding("sum-report-totals", Severity.ERROR, "", "d", "整份报告"),
        Finding("issue-unknown-project", Severity.INFO, "/expenditure_by_category/0", "x", "类别"),
        Finding("no-such-rule", Severity.WARNING, "/projects/7/score", "y", "未知规则"),
    ]
    root = _page(report, findings)
    labels = [s.text for s in root.by_id("findings-row-totals").find_all("span", class_="sev")]
    assert labels == ["✕ 错误", "▲ 警告", "ⓘ 提示"]
    general = root.by_id("general")
    assert general.find("h2").text == "其他核查发现"
    codes = [li.attrs["data-code"] for li in general.find_all("li")]
    assert codes == ["sum-report-totals", "no-such-rule", "issue-unknown-project"]
    unknown = general.find("li", data_code="no-such-rule")
    assert unknown.find_all("span", class_="rule") == []


def test_no_findings_when_given_none() -> None:
    root = _page(examples.load("tangxi-2022"), ())
    assert [li for li in root.iter("li") if "finding" in li.attrs.get("class", "")] == []
    assert root.find_all("tr", class_="finding-row") == []


def test_issues_are_printed_with_their_findings() -> None:
    project_issue = Issue(
        category=IssueCategory.FUND_ALLOCATION, description="资金分配有待加强", measures="细化预算"
    )
    report = _report()
    report = attrs.evolve(
        report,
        projects=[attrs.evolve(report.projects[0], issues=[project_issue])],
        issues=[
            Issue(category=IssueCategory.OTHER, description="绩效目标不够明确", project_ids=["p1"])
        ],
    )
    findings = [
        Finding("issue-unknown-project", Severity.WARNING, "/issues/0/project_ids/0", "x", "甲"),
        Finding("issue-unknown-project", Severity.INFO, "/projects/0/issues", "y", "乙"),
    ]
    root = _page(report, findings)
    item = root.by_id("issue-issues-0")
    assert item.attrs["data-path"] == "/issues/0"
    assert "绩效目标不够明确" in item.text
    assert "涉及项目：公共服务" in item.text
    assert item.find("ul").find("li").attrs["data-path"] == "/issues/0/project_ids/0"
    block = root.by_id("issues-projects-0-issues")
    assert block.find("h3").text == "该项目存在的问题"
    assert "整改措施：细化预算" in block.text
    assert block.find("ul", class_="findings").find("li").attrs["data-code"] == (
        "issue-unknown-project"
    )


def test_department_indicators_carry_their_findings() -> None:
    path = ROOT / "tests" / "corpus" / "chongqing-kexuecheng-rongmeiti-2021-dept-table.json"
    report = loads(path.read_text(encoding="utf-8"))
    root = _page(report)
    section = root.by_id("department")
    assert section.find("h2").text == "部门整体绩效指标"
    for finding in check(report):
        assert finding.path.startswith("/department/indicators/")
        item = root.find("li", data_path=finding.path, data_code=finding.code)
        assert _is_within(finding.path, _owner(root, item).attrs["data-path"])
    assert report.department is not None
    with_execution = attrs.evolve(
        report,
        department=attrs.evolve(
            report.department,
            budget_execution=BudgetExecution(weight="10", rate="97.5", score="9.75"),
        ),
    )
    finding = Finding(
        "score-differs", Severity.INFO, "/department/budget_execution/score", "", "差"
    )
    root = _page(with_execution, [finding])
    row = root.by_id("row-department-budget_execution")
    assert _cells(row) == ["预算执行率", "—", "执行率 97.5%", "10", "9.75"]
    assert root.by_id("findings-row-department-budget_execution").find("li")
    empty = attrs.evolve(report, department=Department(divisions=["办公室"]))
    assert _page(empty, ()).find_all(id="department") == []


# -- untrusted documents ------------------------------------------------------------------------

HOSTILE = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</style><script>alert(2)</script>",
    "</title></textarea><script>alert(3)</script>",
    "<!--",
    "]]><![CDATA[",
    "&lt;b&gt; & &amp;",
]
BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    'https://example.org/" onmouseover="alert(1)',
    "https://example.org/\nx",
    "//example.org/a",
]


def _hostile_report(text: str, url: str) -> Report:
    indicator = Indicator(
        level1=IndicatorLevel1.OUTPUT,
        level1_label=text,
        level2_label=text,
        name=text,
        target=Target(Operator.QUALITATIVE, text=text),
        actual=Actual(text=text),
    )
    project = KeyProject(
        id="p1",
        name=text,
        purpose=text,
        budget_lines=[
            BudgetLine(
                source=FundSource.FISCAL, budget=Money("1", WAN), expenditure=Money("2", WAN)
            )
        ],
        indicators=[indicator],
        issues=[Issue(category=IssueCategory.OTHER, description=text, measures=text)],
    )
    return Report(
        title=text,
        kind=ReportKind.OTHER,
        fiscal_year=2021,
        unit=Unit(name=text),
        projects=[project],
        totals=Totals(budget=Money("1", WAN)),
        source=Source(title=text, url=url),
        evaluation=Evaluation(evaluator=text, commissioned_by=text),
        issues=[Issue(category=IssueCategory.OTHER, description=text, project_ids=["p1"])],
    )


def _assert_inert(root: Element) -> None:
    assert root.find_all("script") == []
    for element in root.iter():
        for name, value in element.attr_list:
            assert not name.startswith("on"), (element, name)
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                assert (value or "").startswith("https://"), (element, name, value)
    assert root.find_all("img") == []
    assert [e.tag for e in root.find("head").iter() if e.tag == "style"] == ["style"]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("url", BAD_URLS[:3])
def test_hostile_text_renders_as_text(text: str, url: str) -> None:
    report = _hostile_report(text, url)
    finding = Finding("total-zero", Severity.ERROR, "/projects/0/totals/budget", text, text)
    page = render.html(report, [finding])
    root = parse(page)
    _assert_inert(root)
    assert root.find("h1").text == text
    assert root.find("head").find("title").text == f"{text}（{text}）"
    assert root.by_id("row-projects-0-indicators-0").find("th").text == text
    assert root.find("text", class_="name").text.startswith(text)
    assert text in root.by_id("findings-row-projects-0-totals").text
    # The style sheet is the module's own: no text of the document reaches it.
    assert root.find("style").text == render._STYLE


@pytest.mark.parametrize("url", BAD_URLS)
def test_only_http_urls_become_links(url: str) -> None:
    root = _page(_hostile_report("名称", url), ())
    _assert_inert(root)
    assert root.find_all("a") == []
    assert root.find("span", class_="url").text == url


def test_a_plain_http_url_is_a_link_without_referrer() -> None:
    root = _page(_hostile_report("名称", "http://example.org/a?b=1&c=2"), ())
    assert root.find("a").attrs == {"href": "http://example.org/a?b=1&c=2", "rel": "noreferrer"}


def test_html_needs_a_report() -> None:
    with pytest.raises(TypeError, match=r"html\(\) needs a Report, not dict"):
        render.html({"title": "x"})  # type: ignore[arg-type]


def test_every_corpus_report_renders() -> None:
    for path in CORPUS:
        report = loads(path.read_text(encoding="utf-8"))
        root = _page(report)
        assert root.find("h1").text == report.title
        assert len(root.find("table", id="summary").find("tbody").find_all("th")) == len(
            report.projects
        )
