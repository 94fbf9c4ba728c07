"""Hand-verified facts of the corpus: whole-department, result and third-party reports.

Each JSON document in ``tests/corpus/`` encodes the transcription of the same name in
``tests/corpus/sources/``. These tests load the documents and assert the facts the
transcriptions verify by hand (their "Hand-verified facts" sections), with the hand
arithmetic beside each assertion. Nothing here runs ``check()`` or ``score()``.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval import (
    BudgetExecution,
    ExpenditureCategory,
    Grade,
    GroupScope,
    IncomeSource,
    Indicator,
    IndicatorLevel1,
    IndicatorLevel2,
    IndicatorMetric,
    IssueCategory,
    KeyProject,
    Money,
    MoneyUnit,
    Operator,
    Report,
    ReportKind,
    ScoreGroup,
    StaffKind,
)

CORPUS = Path(__file__).resolve().parent / "corpus"
SLUGS = (
    "yunnan-honghe-sjfzzx-2024-dept",
    "guangdong-maoming-fgj-2021-dept",
    "chongqing-kexuecheng-rongmeiti-2021-dept-table",
    "hunan-nanxian-zhengxie-2021-dept",
    "yunnan-honghe-sthjj-2021-key-project-results",
    "yunnan-honghe-sjfzzx-2024-project",
    "hunan-longhui-renjuhuanjing-2021-third-party",
)
WAN = MoneyUnit.WAN_YUAN
HUNDRED = Decimal(100)


def load(slug: str) -> Report:
    with (CORPUS / f"{slug}.json").open(encoding="utf-8") as fp:
        return perfeval.load(fp)


def wan(amount: str) -> Money:
    return Money(amount, WAN)


def digits(money: Money | None) -> str:
    """The amount as printed (its digits), for a money that must be present."""
    assert money is not None
    return format(money.amount, "f")


def percent(part: Money, whole: Money, places: str = "0.01") -> Decimal:
    """part / whole in percent, rounded half up as the reports round."""
    return (part / whole * HUNDRED).quantize(Decimal(places), rounding="ROUND_HALF_UP")


def note(report: Report) -> str:
    assert report.source is not None
    assert report.source.note is not None
    return report.source.note


def weights(rows: tuple[Indicator, ...] | list[Indicator]) -> Decimal:
    total = Decimal(0)
    for row in rows:
        assert row.weight is not None
        total += row.weight
    return total


def scores(rows: tuple[Indicator, ...] | list[Indicator]) -> Decimal:
    total = Decimal(0)
    for row in rows:
        assert row.score is not None
        total += row.score
    return total


# -- every file ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_file_round_trips_and_validates(slug: str) -> None:
    path = CORPUS / f"{slug}.json"
    text = path.read_text(encoding="utf-8")
    perfeval.validate(json.loads(text))
    # the file is the library's own canonical output, byte for byte
    assert perfeval.dumps(perfeval.loads(text), indent=2) + "\n" == text


@pytest.mark.parametrize("slug", SLUGS)
def test_source_url_is_the_transcriptions(slug: str) -> None:
    markdown = (CORPUS / "sources" / f"{slug}.md").read_text(encoding="utf-8")
    match = re.search(r"^- source_url: (\S+)$", markdown, re.MULTILINE)
    assert match is not None
    report = load(slug)
    assert report.source is not None
    assert report.source.url == match.group(1)


@pytest.mark.parametrize(
    ("slug", "cut_after"),
    [
        ("yunnan-honghe-sjfzzx-2024-dept", "以产业发展为"),
        ("guangdong-maoming-fgj-2021-dept", "二是"),
        ("chongqing-kexuecheng-rongmeiti-2021-dept-table", "公共服务"),
        ("hunan-nanxian-zhengxie-2021-dept", "调研协商"),
        ("yunnan-honghe-sthjj-2021-key-project-results", "整改情况:强"),
        ("yunnan-honghe-sjfzzx-2024-project", "发挥政务"),
        ("hunan-longhui-renjuhuanjing-2021-third-party", "成立城乡环境整治重点"),
    ],
)
def test_note_says_where_the_copy_is_cut(slug: str, cut_after: str) -> None:
    text = note(load(slug))
    assert "cut off" in text
    assert cut_after in text


# -- 红河州数据发展中心 2024, whole department ---------------------------------------------


def test_honghe_sjfzzx_dept() -> None:
    report = load("yunnan-honghe-sjfzzx-2024-dept")
    assert report.kind is ReportKind.DEPARTMENT_OVERALL
    assert report.schema_version == "1.1"
    assert report.fiscal_year == 2024
    assert report.title == "红河州数据发展中心2024年度部门整体支出绩效单位自评报告"
    assert report.unit.name == "红河州数据发展中心"
    assert report.source is not None
    assert report.source.published == datetime.date(2025, 4, 18)
    # no amount, score or grade survives in the copy
    assert report.projects == ()
    assert report.totals is None
    assert report.score is None
    assert report.grade is None
    assert report.expenditure_by_category == ()
    department = report.department
    assert department is not None
    assert department.income is None
    assert department.income_by_source == ()
    # 共设置5个内设机构 and five names printed: 5 = 5
    assert department.division_count == 5
    assert department.divisions == (
        "数据要素科",
        "创新发展科",
        "项目促进科",
        "技术保障科",
        "基础建设科",
    )
    assert len(department.divisions) == department.division_count
    # 1.总体目标, as far as the copy goes
    assert department.goal is not None
    assert department.goal.startswith("州数据发展中心坚持以习近平新时代中国特色社会主义思想为指导")
    assert department.goal.endswith("以制度创新为核心,以产业发展为")
    assert department.outcome is None
    assert report.evaluation is None  # no notice printed
    counts = {s.kind: s for s in department.staffing}
    assert len(department.staffing) == 2
    assert counts[StaffKind.AUTHORIZED].count == 15
    assert counts[StaffKind.AUTHORIZED].label == "部门事业编制人数"
    assert counts[StaffKind.ACTUAL].count == 14
    assert counts[StaffKind.ACTUAL].label == "年末实有人数"
    # 15 − 14 = 1 vacancy; 实有 ≤ 编制
    assert counts[StaffKind.AUTHORIZED].count - counts[StaffKind.ACTUAL].count == 1
    # 较上年度减少7人 has no member: kept in the note; read on 实有, 14 + 7 = 21 the year before
    assert "较上年度减少7人" in note(report)
    assert counts[StaffKind.ACTUAL].count + 7 == 21


# -- 茂名市发展和改革局 2021, whole department ---------------------------------------------


def test_maoming_fgj_dept() -> None:
    report = load("guangdong-maoming-fgj-2021-dept")
    assert report.kind is ReportKind.DEPARTMENT_OVERALL
    assert report.fiscal_year == 2021
    assert report.title == "2021 年茂名市发展和改革局整体支出绩效自评报告"
    assert report.unit.name == "茂名市发展和改革局"
    assert report.source is not None
    assert report.source.published is None  # no date printed
    assert report.projects == ()
    assert report.totals is None
    assert report.score is None
    department = report.department
    assert department is not None
    counts = {s.kind: s for s in department.staffing}
    assert len(department.staffing) == 3
    assert (counts[StaffKind.AUTHORIZED].label, counts[StaffKind.AUTHORIZED].count) == (
        "实有编制数",
        63,
    )
    assert counts[StaffKind.IN_SERVICE].count == 57
    assert counts[StaffKind.RETIRED].count == 94
    assert counts[StaffKind.RETIRED].label == "离退休人数"
    # 57 ≤ 63: 6 below the establishment
    assert counts[StaffKind.AUTHORIZED].count - counts[StaffKind.IN_SERVICE].count == 6
    # 在职 + 离退休 = 57 + 94 = 151 (not printed)
    assert counts[StaffKind.IN_SERVICE].count + counts[StaffKind.RETIRED].count == 151
    # 17 内设机构 are counted but not named: the count is typed, no names to encode
    assert department.division_count == 17
    assert department.divisions == ()
    assert "设 17 个内设 机构" in note(report)  # where the count was read
    # (四)部门整体支出绩效目标, cut after 二是; the PDF line break “工 作” kept in the quotation
    assert department.goal == "我局部门整体支出绩效目标:一是做好稳投资促增长工 作;二是"
    # made under the 2022 notice: FY2021 self-evaluated in 2022 = 2021 + 1
    assert report.evaluation is not None
    assert report.evaluation.basis == (
        "《关于开展 2022 年市级财政资金绩效自评工作的通知》(茂财绩函〔2022〕2 号)"
    )
    assert report.evaluation.evaluator is None  # a self-evaluation names no evaluator
    # the nine key tasks, numbered 1 to 9 without gaps, are quoted in the note
    text = note(report)
    assert [n for n in range(1, 11) if f"{n}、" in text] == list(range(1, 10))
    assert "茂财绩函〔2022〕2 号" in text


# -- 重庆 科学城 融媒体中心 2021, whole-department table ------------------------------------


def cq_rows() -> tuple[Report, tuple[Indicator, ...]]:
    report = load("chongqing-kexuecheng-rongmeiti-2021-dept-table")
    # the department's own table: no stand-in project
    assert report.projects == ()
    assert report.department is not None
    return report, report.department.indicators


def cq_execution(report: Report) -> BudgetExecution:
    assert report.department is not None
    execution = report.department.budget_execution
    assert execution is not None
    return execution


def cq_row(rows: tuple[Indicator, ...], name: str) -> Indicator:
    (row,) = [r for r in rows if r.name == name]
    return row


def test_chongqing_header() -> None:
    report, _ = cq_rows()
    assert report.kind is ReportKind.DEPARTMENT_OVERALL
    assert report.schema_version == "1.1"
    assert report.title == "部门整体绩效自评表"
    assert report.fiscal_year == 2021
    assert report.unit.supervisor is None  # 主管部门 empty in the copy
    # 自评总分(分) 97.6, no grade printed: the total sits on the report
    assert report.score == Decimal("97.6")
    assert report.grade is None
    department = report.department
    assert department is not None
    # the amounts are garbled: none encoded
    assert report.totals is None
    assert department.income is None
    execution = cq_execution(report)
    assert (execution.weight, execution.rate, execution.score) == (
        Decimal("10"),
        Decimal("76"),
        Decimal("7.6"),
    )
    assert execution.rate is not None
    assert execution.weight is not None
    assert execution.score is not None
    # linear: 76 % × 10 = 0.76 × 10 = 7.6 = printed 执行率得分
    assert execution.rate * execution.weight / HUNDRED == execution.score
    # 全年(调整)绩效目标 and 全年目标实际完成情况; 年初绩效目标 “无” is not a goal
    assert department.goal is not None
    assert department.goal.startswith("通过整合各级各类媒体")
    assert department.goal.endswith("思想文化领域建设等工作。")
    assert department.outcome is not None
    assert department.outcome.startswith("中心2021年较好地完成了履职任务")
    assert "2、" not in department.outcome  # the host's page marker is dropped
    # the weight is a cell, not printed in a heading: no score groups
    assert department.score_groups == ()
    # the codes are a reading: the note says no heading is printed
    assert "no 一级/二级 heading" in note(report)


def test_chongqing_indicator_rows() -> None:
    report, rows = cq_rows()
    # 19 legible rows + the row cut after its name, 公共服务
    assert len(rows) == 20
    legible = rows[:19]
    assert rows[0].name == "财政供养人员控制率"
    assert rows[18].name == "业务保障能力提升"
    last = rows[19]
    assert last.name == "公共服务"
    assert (last.target, last.actual, last.weight, last.score) == (None, None, None, None)
    # the printed weights 2, 2, 1, 2, 2, 2, 2, 2, 2, 3, 5, 1, 2, 2, 5, 10, 5, 10, 10 add to 70
    assert weights(legible) == Decimal("70")
    # full marks everywhere: 70 of 70
    assert scores(legible) == Decimal("70")
    assert all(r.score == r.weight for r in legible)
    execution = cq_execution(report)
    assert execution.weight is not None
    # 70 + 10 (execution) = 80: the other 20 points sit in the cut-off rows
    assert weights(legible) + execution.weight == Decimal("80")
    assert execution.score is not None
    # 97.6 = 7.6 + 90 needs the missing 20 points at full marks: 7.6 + 70 + 20 = 97.6
    assert report.score == execution.score + scores(legible) + Decimal("20")
    # no 一级/二级 heading printed on any row
    assert all(r.level1_label is None and r.level2_label is None for r in rows)
    level1 = [r.level1 for r in rows]
    assert level1.count(IndicatorLevel1.PROCESS) == 14
    assert level1.count(IndicatorLevel1.OUTPUT) == 4
    assert level1.count(IndicatorLevel1.EFFECT) == 2
    assert [r.name for r in rows if r.level2 is IndicatorLevel2.QUANTITY] == [
        "党性教育培训次数",
        "组织宣传活动次数",
        "制作宣传品数量",
        "播发稿件数量",
    ]


def test_chongqing_printed_values() -> None:
    report, rows = cq_rows()
    execution = cq_execution(report)
    # the one metric row: 预算完成率 70% → 76%, the header's 执行率 76%
    (metric,) = [r for r in rows if r.metric is not None]
    assert metric.name == "预算完成率"
    assert metric.metric is IndicatorMetric.EXECUTION_RATE
    assert metric.target is not None
    assert metric.target.text == "70%"
    assert metric.actual is not None
    assert metric.actual.value is not None
    assert metric.actual.value.value == execution.rate == Decimal("76")
    assert (metric.weight, metric.score) == (Decimal("2"), Decimal("2"))
    # printed inconsistency: 政府采购执行率 100% → 72.74%, yet 2 of 2
    purchase = cq_row(rows, "政府采购执行率")
    assert purchase.target is not None
    assert purchase.target.value is not None
    assert purchase.actual is not None
    assert purchase.actual.value is not None
    assert purchase.target.value.value == Decimal("100")
    assert purchase.actual.value.value == Decimal("72.74")
    assert purchase.actual.value.value < purchase.target.value.value
    assert purchase.score == purchase.weight == Decimal("2")
    # two rows print no value at all, and keep the lone opening quotation mark
    empty = [r.name for r in rows[:19] if r.target is None and r.actual is None]
    assert empty == ["“三公经费变动率", "“三公经费控制率"]
    # garbled targets stay text, never a number or a qualitative target
    for name, text in (("组织宣传活动次数", "到0次"), ("制作宣传品数量", "第O份")):
        target = cq_row(rows, name).target
        assert target is not None
        assert (target.operator, target.value, target.text) == (None, None, text)
    # qualitative rows 高/好
    system = cq_row(rows, "管理制度健全性")
    assert system.target is not None
    assert system.target.operator is Operator.QUALITATIVE
    assert system.actual is not None
    assert system.actual.text == "高"
    assert system.weight == Decimal("3")
    # printed as stored: 26次 then 12次 (possibly OCR of ≥6次), 2200篇 then 2859篇
    training = cq_row(rows, "党性教育培训次数")
    assert training.target is not None
    assert training.target.value is not None
    assert training.target.value.value == Decimal("26")
    assert training.target.value.unit == "次"
    articles = cq_row(rows, "播发稿件数量")
    assert articles.actual is not None
    assert articles.actual.value is not None
    assert articles.actual.value.value == Decimal("2859")
    assert articles.weight == Decimal("10")
    # 是否核心指标 has no member: seven 是 rows named in the note
    assert "是否核心" in note(report)


# -- 南县政协 2021, whole department ------------------------------------------------------


def test_nanxian_income_and_expenditure() -> None:
    report = load("hunan-nanxian-zhengxie-2021-dept")
    assert report.kind is ReportKind.DEPARTMENT_OVERALL
    assert report.fiscal_year == 2021
    assert report.title == "部门整体支出绩效评价报告"
    assert report.source is not None
    assert report.source.published == datetime.date(2022, 4, 15)
    department = report.department
    assert department is not None
    assert department.income is not None
    assert digits(department.income) == "792.22"
    (fiscal,) = department.income_by_source
    assert fiscal.source is IncomeSource.FISCAL
    assert fiscal.label == "财政拨款收入"
    # 财政拨款 is all of the income: 792.22 − 792.22 = 0
    assert department.income - fiscal.amount == wan("0")
    assert report.totals is not None
    assert report.totals.expenditure is not None
    expenditure = report.totals.expenditure
    assert digits(expenditure) == "799.12"
    parts = {c.category: c for c in report.expenditure_by_category}
    assert [c.label for c in report.expenditure_by_category] == [
        "人员经费支出",
        "公用经费支出",
        "项目支出",
    ]
    assert digits(parts[ExpenditureCategory.PUBLIC].amount) == "77.4"  # as printed
    # 434.89 + 77.4 + 286.83 = 799.12 = printed 支出
    assert sum((c.amount for c in report.expenditure_by_category), wan("0")) == expenditure
    # 基本支出 by the text's definition: 434.89 + 77.4 = 512.29; 512.29 + 286.83 = 799.12
    basic = parts[ExpenditureCategory.PERSONNEL].amount + parts[ExpenditureCategory.PUBLIC].amount
    assert basic == wan("512.29")
    # expenditure exceeds income: 799.12 − 792.22 = 6.90
    assert expenditure - department.income == wan("6.90")


def test_nanxian_goal() -> None:
    department = load("hunan-nanxian-zhengxie-2021-dept").department
    assert department is not None
    # (二)部门整体支出绩效目标: two printed paragraphs, one line each
    assert department.goal is not None
    paragraphs = department.goal.split("\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("县政协坚持按照县委“工业强、农业优、三产活、项目兴、生态好”")
    assert paragraphs[1].endswith("为助推我县经济社会又好又快发展作出了应有贡献。")
    # 十五字方针: 工业强、农业优、三产活、项目兴、生态好 = 5 × 3 = 15 characters
    (motto,) = re.findall(r"“([^”]+)”十五字方针", department.goal)
    assert len(motto.replace("、", "")) == 15
    # 两大主题 (团结、民主) = 2; 三大职能 (政治协商、民主监督、参政议政) = 3
    assert "团结和民主两大主题" in paragraphs[1]
    assert len(re.findall("政治协商|民主监督|参政议政", paragraphs[1])) == 3
    assert department.outcome is None


def test_nanxian_year_on_year_in_note() -> None:
    report = load("hunan-nanxian-zhengxie-2021-dept")
    text = note(report)
    assert "增加189.25万元,增加31.39%" in text
    assert "增加209.28万元,增加35.9%" in text
    department = report.department
    assert department is not None
    assert department.income is not None
    # prior year = 792.22 − 189.25 = 602.97; 189.25 / 602.97 = 31.39 % (2 dp)
    prior = department.income - wan("189.25")
    assert prior == wan("602.97")
    assert percent(wan("189.25"), prior) == Decimal("31.39")
    # 财政拨款: 792.22 − 209.28 = 582.94; 209.28 / 582.94 = 35.90 % → printed 35.9 (1 dp)
    fiscal_prior = department.income_by_source[0].amount - wan("209.28")
    assert fiscal_prior == wan("582.94")
    assert percent(wan("209.28"), fiscal_prior, "0.1") == Decimal("35.9")


def test_nanxian_project_items() -> None:
    report = load("hunan-nanxian-zhengxie-2021-dept")
    assert [p.id for p in report.projects] == ["p1", "p2", "p3", "p4", "p5", "p6"]
    named = report.projects[:5]
    assert [p.name for p in named] == [
        "委员活动经费",
        "扫黑除恶工作经费",
        "信息网络运行经费",
        "老干部活动经费",
        "派出纪检监察组专项经费",
    ]
    amounts = []
    for project in named:
        assert project.totals is not None
        assert project.totals.expenditure is not None
        amounts.append(project.totals.expenditure)
    assert [digits(a) for a in amounts] == ["36.3", "1", "5", "10.5", "5"]
    # 36.3 + 1 + 5 + 10.5 + 5 = 57.8 of the 286.83 project total; 286.83 − 57.8 = 229.03
    legible = sum(amounts, wan("0"))
    assert legible == wan("57.8")
    project_total = report.expenditure_by_category[2].amount
    assert project_total - legible == wan("229.03")
    # the item cut mid-name: its name only
    cut = report.projects[5]
    assert cut.name == "调研协商"
    assert cut.totals is None


# -- 红河州生态环境局 2021, project evaluation result -------------------------------------


def test_honghe_sthjj_result() -> None:
    report = load("yunnan-honghe-sthjj-2021-key-project-results")
    assert report.kind is ReportKind.KEY_PROJECT_RESULTS
    assert report.fiscal_year == 2021
    assert report.unit.name == "红河州生态环境局"
    assert report.source is not None
    assert report.source.published == datetime.date(2022, 12, 12)
    (project,) = report.projects
    assert project.name.startswith("红河哈尼族彝族自治州生态环境局2021年")
    # 评价得分 91.47 with 优 ticked; 91.47 ≥ 90 → 优
    assert project.score == Decimal("91.47")
    assert project.grade is Grade.EXCELLENT
    assert project.score >= Decimal("90")
    (attribute,) = project.attributes
    assert attribute.name == "评价事项"
    # one box ticked (R), two unticked (£)
    assert attribute.value.count("R") == 1
    assert attribute.value.count("£") == 2
    assert "R 项目绩效评价" in attribute.value
    assert project.indicators == ()  # no weights or scores per indicator printed


def test_honghe_sthjj_money() -> None:
    (project,) = load("yunnan-honghe-sthjj-2021-key-project-results").projects
    assert project.totals is not None
    # 到位项目资金150万元 is funds received, not a budget: no budget printed
    received, spent = project.totals.received, project.totals.expenditure
    assert project.totals.budget is None
    assert received is not None
    assert spent is not None
    assert (digits(received), digits(spent)) == ("150", "149.70")
    # 149.70 / 150 = 99.80 % (half up, 2 dp); unspent 150 − 149.70 = 0.30
    assert percent(spent, received) == Decimal("99.80")
    assert received - spent == wan("0.30")
    # 748500元 = 74.85万元, exactly half of the 149.70 used (748500 / 1497000 = 0.5)
    first = project.issues[0]
    assert "支付项目启动资金748500元" in first.description
    assert Money("748500", MoneyUnit.YUAN) / spent == Decimal("0.5")


def test_honghe_sthjj_issues() -> None:
    (project,) = load("yunnan-honghe-sthjj-2021-key-project-results").projects
    assert [i.category for i in project.issues] == [
        IssueCategory.COMPLIANCE,
        IssueCategory.PROJECT_MANAGEMENT,
    ]
    first, second = project.issues
    # paid 2021-08-10, approved 2021-08-11: approval one day after payment
    assert "2021年8月10日" in first.description
    assert "2021年8月11日" in first.description
    assert datetime.date(2021, 8, 11) - datetime.date(2021, 8, 10) == datetime.timedelta(days=1)
    assert first.measures is not None
    assert first.measures.startswith("严格执行内部控制制度")
    assert second.description.startswith("存在部分纸质档案管理不规范的情况")
    assert second.measures == "强"  # cut off here


# -- 红河州数据发展中心 2024, project self-evaluation -------------------------------------


def test_honghe_sjfzzx_project() -> None:
    report = load("yunnan-honghe-sjfzzx-2024-project")
    assert report.kind is ReportKind.PROJECT_SELF_EVALUATION
    assert report.fiscal_year == 2024
    assert report.source is not None
    assert report.source.published == datetime.date(2025, 4, 29)
    assert report.totals is not None
    initial, adjusted = report.totals.initial_budget, report.totals.budget
    assert initial is not None
    assert adjusted is not None
    assert (digits(initial), digits(adjusted)) == ("985", "861.46")
    assert report.totals.expenditure is None  # 到位 is not 执行
    # 985 − 861.46 = 123.54 reduction; 985 − 50 (carried over) = 935 new money
    assert initial - adjusted == wan("123.54")
    assert initial - wan("50") == wan("935")
    # 实际到位资金334.67万元: 334.67 / 861.46 = 38.85 %, / 985 = 33.98 %
    received = report.totals.received
    assert received is not None
    assert digits(received) == "334.67"
    assert percent(received, adjusted) == Decimal("38.85")
    assert percent(received, initial) == Decimal("33.98")
    # less than half of the adjusted budget arrived: 2 × 334.67 = 669.34 < 861.46
    assert received + received < adjusted
    text = note(report)
    # printed inconsistency: 实施项目共15个 but 8 年初 + 8 年中 = 16
    assert "实施项目共15个" in text
    assert "年中增加8个项目" in text
    counts = [
        int(m.group(1))
        for m in (
            re.search(r"实施项目共(\d+)个", text),
            re.search(r"年初批复预算(\d+)个项目", text),
            re.search(r"年中增加(\d+)个项目", text),
        )
        if m is not None
    ]
    assert counts == [15, 8, 8]
    assert counts[1] + counts[2] == 16
    assert counts[1] + counts[2] != counts[0]


def test_honghe_sjfzzx_project_items() -> None:
    report = load("yunnan-honghe-sjfzzx-2024-project")
    first, second = report.projects
    assert first.name == "“数说红河”展厅运维经费"
    assert second.name == "红河州一中心一平台六大库N应用经费"
    assert first.purpose is not None
    assert first.purpose.startswith("预算项目经费用于保障")
    assert first.extensions is not None
    assert second.extensions is not None
    background = first.extensions["项目立项背景"]
    assert isinstance(background, str)
    for printed in ("28个展区", "174台拼接屏", "30台主机工作站", "18台网络数据通讯设备"):
        assert printed in background
    assert background.endswith(first.purpose)
    cut = second.extensions["项目立项背景"]
    assert isinstance(cut, str)
    assert cut.endswith("发挥政务")
    assert all(p.totals is None and p.indicators == () for p in report.projects)


# -- 隆回县人居环境指挥部 2021, third-party evaluation -------------------------------------


def test_longhui_third_party() -> None:
    report = load("hunan-longhui-renjuhuanjing-2021-third-party")
    assert report.schema_version == "1.1"  # evaluation is a 1.1 member
    assert report.kind is ReportKind.OTHER
    assert report.fiscal_year == 2021
    assert report.title == "隆回县人居环境指挥部乡村振兴项目资金绩效评价报告"
    (project,) = report.projects
    assert project.name == "隆回县人居环境指挥部乡村振兴项目"
    # nothing with a figure survives
    assert project.totals is None
    assert project.score is None
    assert project.indicators == ()
    assert report.totals is None
    assert report.score is None
    assert report.grade is None
    assert report.source is not None
    assert report.source.published is None
    evaluation = report.evaluation
    assert evaluation is not None
    assert evaluation.number == "上会湘报字(2022)第0001号"
    assert evaluation.commissioned_by == "隆回县财政局"
    # the firm calls itself 我所 only; 上会 (in the number) is a reading, not its name
    assert evaluation.evaluator == "我所"
    assert evaluation.date is None  # no date printed
    assert evaluation.basis is not None
    assert evaluation.basis.endswith("(隆委乡振指[2022]15号)")
    assert evaluation.basis.startswith("中共隆回县委实施乡村振兴战略指挥部")
    # the commissioning year follows the evaluated year: 2022 = 2021 + 1
    assert "2021年度乡村振兴项目资金重点绩效评价" in evaluation.basis
    years = [int(y) for y in re.findall(r"[(\[](\d{4})[)\]]", evaluation.number + evaluation.basis)]
    assert years == [2022, 2022]
    assert years[0] == report.fiscal_year + 1
    # the mistaken title of 中发〔2018〕34号 is kept as printed
    assert "关于全面落实预算绩效管理的意见" in note(report)


# -- 河南省 省级职业技能竞赛经费 2021-2024, third-party evaluation (score tables) -----------

HENAN = "henan-shengji-2024-third-party-score"


def henan_project() -> tuple[Report, KeyProject]:
    report = load(HENAN)
    (project,) = report.projects
    return report, project


def henan_groups(project: KeyProject) -> dict[IndicatorLevel1, ScoreGroup]:
    groups = {group.level1: group for group in project.score_groups}
    assert len(groups) == len(project.score_groups) == 4
    assert None not in groups
    return {level1: group for level1, group in groups.items() if level1 is not None}


def group_rows(project: KeyProject, group: ScoreGroup) -> list[Indicator]:
    """The third-level rows under one second-level heading (named by its label)."""
    return [
        row
        for row in project.indicators
        if row.level1 is group.level1 and row.level2_label == group.label
    ]


def group_weights(groups: tuple[ScoreGroup, ...]) -> Decimal:
    total = Decimal(0)
    for group in groups:
        assert group.weight is not None
        total += group.weight
    return total


def group_scores(groups: tuple[ScoreGroup, ...]) -> Decimal:
    total = Decimal(0)
    for group in groups:
        assert group.score is not None
        total += group.score
    return total


def test_henan_file_and_source() -> None:
    path = CORPUS / f"{HENAN}.json"
    text = path.read_text(encoding="utf-8")
    perfeval.validate(json.loads(text))
    assert perfeval.dumps(perfeval.loads(text), indent=2) + "\n" == text
    markdown = (CORPUS / "sources" / f"{HENAN}.md").read_text(encoding="utf-8")
    report = load(HENAN)
    assert report.source is not None
    assert report.source.url is not None
    # the browser form of the file at the commit the transcription names
    assert report.source.url in markdown
    assert "28e248a16a489d3ea82e5ae5be759576efc41455" in report.source.url
    assert report.source.published is None  # public on GitHub only; no publication found
    assert "unverified" in note(report)


def test_henan_header_and_evaluation() -> None:
    report, project = henan_project()
    assert report.schema_version == "1.1"
    assert report.kind is ReportKind.OTHER
    assert report.title == "2021-2024年省级职业技能竞赛经费项目绩效评价报告"
    # 2021–2024, evaluated in the 2024年度 round: the last year
    assert report.fiscal_year == 2024
    assert report.unit.name == "河南省人力资源和社会保障厅"  # 项目单位
    evaluation = report.evaluation
    assert evaluation is not None
    assert evaluation.evaluator == "河南昭元绩效评价咨询有限公司"  # 评价机构
    assert evaluation.commissioned_by == "河南省财政厅"  # 委托单位
    assert evaluation.basis is not None
    assert "豫财效〔2025〕3号" in evaluation.basis
    assert "2024年度省级财政重点项目" in evaluation.basis
    assert evaluation.number is None  # none printed
    # 制定日期：2025年5月 has no day: not a date, said in the note
    assert evaluation.date is None
    assert "2025年5月" in note(report)
    assert project.id == "p1"
    assert project.name == "2021-2024年省级职业技能竞赛经费项目"
    # the money is not in the transcription's excerpts
    assert project.totals is None
    assert report.totals is None


def test_henan_score_and_grade() -> None:
    report, project = henan_project()
    # 项目总体评价得65.00分，评价等级为“中”: on the project, printed for it
    assert str(project.score) == "65.00"
    assert project.grade is Grade.FAIR
    assert report.score is None
    assert report.grade is None
    # 中 is 60 ≤ s < 80: 60 ≤ 65.00 < 80
    assert project.score is not None
    assert Decimal(60) <= project.score < Decimal(80)


def test_henan_first_level_groups() -> None:
    _, project = henan_project()
    groups = henan_groups(project)
    assert [g.level1 for g in project.score_groups] == [
        IndicatorLevel1.DECISION,
        IndicatorLevel1.PROCESS,
        IndicatorLevel1.OUTPUT,
        IndicatorLevel1.EFFECT,
    ]
    assert [g.label for g in project.score_groups] == ["决策", "过程", "产出", "效益"]
    assert all(g.covers is GroupScope.LEVEL1 for g in project.score_groups)
    # printed digits: 15.00, 25.00, 25.00, 35.00 / 10.40, 11.47, 19.88, 23.25
    assert [str(g.weight) for g in project.score_groups] == ["15.00", "25.00", "25.00", "35.00"]
    assert [str(g.score) for g in project.score_groups] == ["10.40", "11.47", "19.88", "23.25"]
    # 15.00 + 25.00 + 25.00 + 35.00 = 100.00 = printed 合计
    assert group_weights(project.score_groups) == Decimal("100.00")
    # 10.40 + 11.47 = 21.87; + 19.88 = 41.75; + 23.25 = 65.00 = printed 合计 = 总体得分
    assert group_scores(project.score_groups) == Decimal("65.00") == project.score
    # printed 得分率: 10.40/15 = 69.333… → 69.33; 11.47/25 = 45.88; 19.88/25 = 79.52;
    # 23.25/35 = 66.428… → 66.43; 65.00/100 = 65.00
    printed = {
        IndicatorLevel1.DECISION: "69.33",
        IndicatorLevel1.PROCESS: "45.88",
        IndicatorLevel1.OUTPUT: "79.52",
        IndicatorLevel1.EFFECT: "66.43",
    }
    for level1, expected in printed.items():
        group = groups[level1]
        assert group.score is not None
        assert group.weight is not None
        ratio = (group.score / group.weight * HUNDRED).quantize(Decimal("0.01"), "ROUND_HALF_UP")
        assert ratio == Decimal(expected)
    # the 效益 section's slip “产出指标共35分” is kept in the note; 产出 is 25 not 35
    assert "产出指标共35分" in note(load(HENAN))
    assert groups[IndicatorLevel1.OUTPUT].weight == Decimal("25")


def test_henan_second_level_groups() -> None:
    _, project = henan_project()
    groups = henan_groups(project)
    labels = {level1: [g.label for g in group.groups] for level1, group in groups.items()}
    assert labels == {
        IndicatorLevel1.DECISION: ["A1项目立项", "A2绩效目标", "A3资金投入"],
        IndicatorLevel1.PROCESS: ["B1组织实施", "B2资金管理"],
        IndicatorLevel1.OUTPUT: ["C1产出数量", "C2产出质量", "C3产出时效"],
        IndicatorLevel1.EFFECT: [
            "D1经济效益",
            "D2社会效益",
            "D3可持续影响",
            "D4社会公众或服务对象满意度",
        ],
    }
    # 3 + 2 + 3 + 4 = 12 second-level headings, as the 附表 sentences count them
    assert sum(len(g.groups) for g in groups.values()) == 12
    for group in groups.values():
        assert all(sub.covers is GroupScope.LEVEL2 for sub in group.groups)
        assert all(sub.level1 is group.level1 for sub in group.groups)
        # 决策 5 + 5 + 5 = 15, 2.00 + 4.40 + 4.00 = 10.40; 过程 13 + 12 = 25, 4.13 + 7.34 = 11.47;
        # 产出 13 + 10 + 2 = 25, 11.94 + 7.00 + 0.94 = 19.88;
        # 效益 8 + 15 + 4 + 8 = 35, 3.00 + 10.25 + 2.00 + 8.00 = 23.25
        assert group_weights(group.groups) == group.weight
        assert group_scores(group.groups) == group.score
    # codes where the heading means one; the five others are named by label only
    codes = [sub.level2 for group in project.score_groups for sub in group.groups]
    assert codes == [
        None,
        None,
        None,
        None,
        None,
        IndicatorLevel2.QUANTITY,
        IndicatorLevel2.QUALITY,
        IndicatorLevel2.TIMELINESS,
        IndicatorLevel2.ECONOMIC_BENEFIT,
        IndicatorLevel2.SOCIAL_BENEFIT,
        IndicatorLevel2.SUSTAINABILITY,
        IndicatorLevel2.BENEFICIARY_SATISFACTION,
    ]
    b1 = groups[IndicatorLevel1.PROCESS].groups[0]
    assert (str(b1.weight), str(b1.score)) == ("13.00", "4.13")


def test_henan_indicator_rows() -> None:
    _, project = henan_project()
    rows = project.indicators
    # 6 + 5 + 7 + 10 = 28 third-level rows
    assert len(rows) == 28
    counts = [len([r for r in rows if r.level1 is level1]) for level1 in IndicatorLevel1]
    assert counts == [6, 5, 7, 10, 0, 0]  # decision, process, output, effect, cost, satisfaction
    assert rows[0].name == "A101立项依据充分性"
    assert rows[-1].name == "D402参赛选手、专家教练团队及选送单位补助对象满意度"
    assert all(r.level1_label is None for r in rows)  # 决策/过程/产出/效益 = the code labels
    assert all(r.level2_label is not None for r in rows)
    # every row sits under a printed second-level heading whose weight and score it adds up to
    for group in project.score_groups:
        for sub in group.groups:
            under = group_rows(project, sub)
            assert under
            assert weights(under) == sub.weight, sub.label
            assert scores(under) == sub.score, sub.label
    # A1: 2.00 + 3.00 = 5.00, 2.00 + 0.00 = 2.00; D2: 5 + 5 + 5 = 15, 3.75 + 4.50 + 2.00 = 10.25
    a1 = [r for r in rows if r.level2_label == "A1项目立项"]
    assert (weights(a1), scores(a1)) == (Decimal("5.00"), Decimal("2.00"))
    d2 = [r for r in rows if r.level2 is IndicatorLevel2.SOCIAL_BENEFIT]
    assert (weights(d2), scores(d2)) == (Decimal("15"), Decimal("10.25"))
    # rows and headings summed together would double-count: 附表3-3 15.00 + 15.00 = 30.00,
    # 10.40 + 10.40 = 20.80
    decision = [r for r in rows if r.level1 is IndicatorLevel1.DECISION]
    heading = henan_groups(project)[IndicatorLevel1.DECISION]
    assert weights(decision) + group_weights(heading.groups) == Decimal("30.00")
    assert scores(decision) + group_scores(heading.groups) == Decimal("20.80")
    # printed digits kept
    (c101,) = [r for r in rows if r.name.startswith("C101")]
    assert (str(c101.weight), str(c101.score)) == ("8.00", "6.94")
    assert [str(r.score) for r in rows if r.name.startswith("A102")] == ["0.00"]


def test_henan_execution_rate_row_and_rates() -> None:
    _, project = henan_project()
    (metric,) = [r for r in project.indicators if r.metric is not None]
    assert metric.name == "B201预算执行率"
    assert metric.metric is IndicatorMetric.EXECUTION_RATE
    assert (str(metric.weight), str(metric.score)) == ("5.00", "3.34")
    assert project.budget_execution is None
    # printed 得分率 = score / weight, half up to 2 dp: B201 3.34/5 = 66.80;
    # B101 3.33/5 = 66.60; B202 2/3 = 66.666… → 66.67
    printed = {"B201": "66.80", "B101": "66.60", "B202": "66.67", "C101": "86.75", "A202": "80.00"}
    for code, expected in printed.items():
        (row,) = [r for r in project.indicators if r.name.startswith(code)]
        assert row.score is not None
        assert row.weight is not None
        ratio = (row.score / row.weight * HUNDRED).quantize(Decimal("0.01"), "ROUND_HALF_UP")
        assert ratio == Decimal(expected), code
    # second level: B1 4.13/13 = 31.769… → 31.77; B2 7.34/12 = 61.166… → 61.17;
    # C1 11.94/13 = 91.846… → 91.85; D2 10.25/15 = 68.333… → 68.33
    subs = {sub.label[:2]: sub for g in project.score_groups for sub in g.groups}
    for code, expected in {"B1": "31.77", "B2": "61.17", "C1": "91.85", "D2": "68.33"}.items():
        sub = subs[code]
        assert sub.score is not None
        assert sub.weight is not None
        ratio = (sub.score / sub.weight * HUNDRED).quantize(Decimal("0.01"), "ROUND_HALF_UP")
        assert ratio == Decimal(expected), code


def test_henan_rows_below_full_marks_are_the_deductions() -> None:
    _, project = henan_project()

    def short(level1: IndicatorLevel1) -> list[str]:
        return [
            r.name[:4]
            for r in project.indicators
            if r.level1 is level1 and r.score is not None and r.score < (r.weight or 0)
        ]

    # the 摘要's 扣分项 lists, matched to the rows that lost points
    assert short(IndicatorLevel1.DECISION) == ["A102", "A202", "A302"]
    assert short(IndicatorLevel1.PROCESS) == ["B101", "B102", "B201", "B202", "B203"]
    assert short(IndicatorLevel1.OUTPUT) == ["C101", "C201", "C202", "C301"]
    # the 效益 list names D101, D103, D201, D202, D203 but not D301/D302 (1.00 of 2.00 each)
    effect = short(IndicatorLevel1.EFFECT)
    assert effect == ["D101", "D103", "D201", "D202", "D203", "D301", "D302"]
    assert len(effect) - 5 == 2
