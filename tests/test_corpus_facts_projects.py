"""Hand-verified facts of five transcribed project self-evaluation tables.

Each test loads one document of ``tests/corpus/`` and checks it against the
"Hand-verified facts" of its transcription in ``tests/corpus/sources/`` (same slug):
figures as printed, the hand arithmetic written beside each assertion, the printed
labels, the score layout and the rows kept. Expected values come from the
transcriptions, never from perfeval's own checks or scoring.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval import (
    FundSource,
    GroupScope,
    Indicator,
    IndicatorLevel1,
    IndicatorLevel2,
    IndicatorMetric,
    KeyProject,
    Money,
    MoneyUnit,
    Operator,
    Quantity,
    Report,
    ReportKind,
    parse_target_columns,
    rate,
)

CORPUS = Path(__file__).resolve().parent / "corpus"
SLUGS = (
    "ningxia-yinchuan-liuzhong-2021-gongyongjingfei",
    "hubei-ezhou-xzspj-2021-shiminzhongxin",
    "hebei-langfang-shipinxuexiao-2019-nuantong",
    "yunnan-lijiang-guchengqu-2020-weipian",
    "unverified-hubei-form-2020-changjiang-jinbu",
)
WAN = MoneyUnit.WAN_YUAN


def load(slug: str) -> Report:
    with (CORPUS / f"{slug}.json").open(encoding="utf-8") as fp:
        return perfeval.load(fp)


def only_project(report: Report) -> KeyProject:
    assert len(report.projects) == 1
    return report.projects[0]


def wan(amount: str) -> Money:
    return Money(amount, WAN)


def weight_sum(rows: list[Indicator]) -> Decimal:
    return sum((row.weight for row in rows if row.weight is not None), Decimal(0))


def score_sum(rows: list[Indicator]) -> Decimal:
    return sum((row.score for row in rows if row.score is not None), Decimal(0))


def rows_of(project: KeyProject, level1: IndicatorLevel1) -> list[Indicator]:
    return [row for row in project.indicators if row.level1 is level1]


def named(project: KeyProject, name: str) -> Indicator:
    matches = [row for row in project.indicators if row.name == name]
    assert len(matches) == 1, name
    return matches[0]


# -- every file ---------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_file_is_valid_canonical_and_a_self_evaluation(slug: str) -> None:
    path = CORPUS / f"{slug}.json"
    text = path.read_text(encoding="utf-8")
    perfeval.validate(json.loads(text))
    report = perfeval.loads(text)
    # the file is written by dumps(indent=2): it round-trips byte for byte
    assert perfeval.dumps(report, indent=2) + "\n" == text
    assert report.schema_version == "1.1"
    assert report.kind is ReportKind.PROJECT_SELF_EVALUATION
    assert only_project(report).id == "p1"
    assert report.source is not None
    assert report.source.note


# -- Ningxia / Yinchuan: 银川市第六中学 初中公用经费 (2021) -------------------------------

NINGXIA = "ningxia-yinchuan-liuzhong-2021-gongyongjingfei"


def test_ningxia_header() -> None:
    report = load(NINGXIA)
    project = only_project(report)
    assert report.title == "银川市本级部门项目支出绩效自评表(2021年)"
    assert report.fiscal_year == 2021
    assert report.unit.name == "银川市第六中学"
    assert report.unit.supervisor == "银川市教育局"
    assert report.source is not None
    assert report.source.url == "https://m.yzwku.com/doc/476505.html"
    assert report.source.published is None  # not shown
    assert project.name == "初中公用经费"
    assert project.goal == "保障学校正常工作运行"
    assert project.outcome is None  # the cell is OCR residue `公,4`
    # 自评得分 98; 财政审核评分 printed as a heading without a value
    assert project.score == Decimal("98")
    assert [(r.reviewer, r.score) for r in project.reviews] == [("财政审核评分", None)]


def test_ningxia_money_block() -> None:
    project = only_project(load(NINGXIA))
    totals = project.totals
    assert totals is not None
    assert totals.initial_budget is not None
    assert totals.budget is not None
    assert totals.expenditure is not None
    # the run 64.864.864.8100% → 64.8 | 64.8 | 64.8 | 100%
    assert str(totals.initial_budget.amount) == "64.8"
    assert totals.budget == wan("64.8")
    assert totals.expenditure == wan("64.8")
    assert totals.budget.unit is WAN
    assert project.budget_lines == ()  # no 其中 sub-rows printed
    # 64.8 / 64.8 = 1 → 100.00 % (hand: 648 / 648)
    assert rate(totals.expenditure, totals.budget) == Decimal("100.00")
    execution = project.budget_execution
    assert execution is not None
    # the money block prints only 执行率 100%: weight and score live on the indicator
    assert execution.rate == Decimal("100")
    assert execution.weight is None
    assert execution.score is None


def test_ningxia_execution_rate_is_an_indicator() -> None:
    project = only_project(load(NINGXIA))
    rows = [r for r in project.indicators if r.metric is IndicatorMetric.EXECUTION_RATE]
    assert len(rows) == 1
    row = rows[0]
    assert row.name == "预算执行率"
    assert row.level1 is IndicatorLevel1.PROCESS
    assert row.level1_label == "项目管理"
    assert row.level2 is IndicatorLevel2.OTHER
    assert row.level2_label == "投入管理"
    assert row.target is not None
    assert row.target.text == "一"  # a dash cell
    assert row.target.value is None
    assert row.actual is not None
    assert row.actual.value == Quantity("100", "%")
    # printed 得分 9, but 10 × 100 % = 10
    assert row.weight == Decimal("10")
    assert row.score == Decimal("9")
    assert row.weight * Decimal("100") / Decimal("100") == Decimal("10") != row.score


def test_ningxia_rows_and_labels() -> None:
    project = only_project(load(NINGXIA))
    # 4 (决策) + 4 (管理) + 9 (产出, with 3 指标2: placeholders) + 8 (效益, cut row included)
    assert len(project.indicators) == 25
    assert [len(rows_of(project, level)) for level in IndicatorLevel1] == [4, 4, 9, 8, 0, 0]
    assert {r.level1_label for r in project.indicators} == {
        "项目决策",
        "项目管理",
        "顼目产出",  # OCR of 项目产出, kept as returned
        "项目效益",
    }
    assert [r.level2_label for r in rows_of(project, IndicatorLevel1.DECISION)] == [
        "项目目标",
        "项目立项",
        "项目立项",
        "项目立项",
    ]
    assert [r.level2_label for r in rows_of(project, IndicatorLevel1.PROCESS)] == [
        "投入管理",
        "财务管理",
        "项Fl实施",  # OCR of 项目实施
        "项Fl实施",
    ]
    # template placeholders are printed rows: heading and name only
    placeholders = [r for r in project.indicators if r.name in {"指标1:", "指标2:", "指标L"}]
    assert len(placeholders) == 8
    assert all(r.weight is None and r.score is None and r.target is None for r in placeholders)
    # the copy is cut off inside the satisfaction row's name
    last = project.indicators[-1]
    assert last.name == "学生和老"
    assert last.level2 is IndicatorLevel2.BENEFICIARY_SATISFACTION
    assert last.level2_label == "服务对象满意度指标"
    assert last.level1 is IndicatorLevel1.EFFECT  # printed under 项目效益(35分)
    assert last.weight is None
    assert last.score is None


def test_ningxia_printed_cells() -> None:
    project = only_project(load(NINGXIA))
    people = named(project, "保障人数")
    assert people.target is not None
    assert people.target.value == Quantity("2370", "人")
    assert people.score == Decimal("10")  # OCR `IO`
    # target restated as the result, yet 4 of 5
    timely = named(project, "公用经费完成时间")
    assert timely.target is not None
    assert timely.actual is not None
    assert timely.target.text == timely.actual.text == "2021年12月完成"
    assert (timely.weight, timely.score) == (Decimal("5"), Decimal("4"))
    # 成本 rows carry no operator; `M.8万元` kept as returned, its actual 14.8万元
    green = named(project, "绿化、水电费等成本")
    assert green.target is not None
    assert green.actual is not None
    assert green.target.text == "M.8万元"
    assert green.actual.value == Quantity("14.8", "万元")
    office = named(project, "办公所需成本")
    assert office.target is not None
    assert office.target.operator is None
    # 可行性 prints no dash in the 指标值 position: no target
    assert named(project, "可行性").target is None
    assert named(project, "管理制度有效性").target is not None
    assert named(project, "效果显著").score == Decimal("13")


def test_ningxia_cost_rows_add_up_to_the_budget() -> None:
    project = only_project(load(NINGXIA))
    cost = [r for r in project.indicators if r.level2 is IndicatorLevel2.COST]
    amounts = []
    for row in cost:
        assert row.actual is not None
        assert row.actual.value is not None
        assert row.actual.value.unit == "万元"
        amounts.append(wan(str(row.actual.value.value)))
    # 15 + 35 + 14.8 = 64.8 = 年度资金总额
    assert sum(amounts, wan("0")) == wan("64.8")
    assert project.totals is not None
    assert sum(amounts, wan("0")) == project.totals.budget
    # 成本指标(10分): 4 + 3 + 3 = 10
    assert weight_sum(cost) == Decimal("10")


def test_ningxia_score_groups() -> None:
    project = only_project(load(NINGXIA))
    groups = project.score_groups
    assert [(g.label, g.weight, g.covers, g.level1) for g in groups] == [
        ("项目决策", Decimal("10"), GroupScope.LEVEL1, IndicatorLevel1.DECISION),
        ("项目管理", Decimal("25"), GroupScope.LEVEL1, IndicatorLevel1.PROCESS),
        ("顼目产出", Decimal("30"), GroupScope.LEVEL1, IndicatorLevel1.OUTPUT),
        ("项目效益", Decimal("35"), GroupScope.LEVEL1, IndicatorLevel1.EFFECT),
    ]
    # 10 + 25 + 30 + 35 = 100 (not the national 10/50/30/10)
    assert sum((g.weight for g in groups if g.weight is not None), Decimal(0)) == 100
    output = groups[2]
    assert [(g.label, g.weight, g.level2) for g in output.groups] == [
        ("数量指标", Decimal("10"), IndicatorLevel2.QUANTITY),
        ("质量指标", Decimal("5"), IndicatorLevel2.QUALITY),
        ("时效指标", Decimal("5"), IndicatorLevel2.TIMELINESS),
        ("成本指标", Decimal("10"), IndicatorLevel2.COST),
    ]
    # 10 + 5 + 5 + 10 = 30 (项目产出)
    assert sum((g.weight for g in output.groups if g.weight), Decimal(0)) == output.weight
    effect = groups[3]
    assert [(g.label, g.weight, g.covers) for g in effect.groups] == [
        ("服务对象满意度指标", Decimal("10"), GroupScope.LEVEL2)
    ]


def test_ningxia_weights_and_scores_by_group() -> None:
    project = only_project(load(NINGXIA))
    decision = rows_of(project, IndicatorLevel1.DECISION)
    process = rows_of(project, IndicatorLevel1.PROCESS)
    output = rows_of(project, IndicatorLevel1.OUTPUT)
    effect = rows_of(project, IndicatorLevel1.EFFECT)
    # weights: 4 + 2 + 2 + 2 = 10; 10 + 7 + 2 + 6 = 25; 10 + 5 + 5 + (4 + 3 + 3) = 30
    assert weight_sum(decision) == Decimal("10")
    assert weight_sum(process) == Decimal("25")
    assert weight_sum(output) == Decimal("30")
    # 项目效益 visible 15 + 10 = 25; + the cut satisfaction group's 10 = 35
    assert weight_sum(effect) == Decimal("25")
    satisfaction_group = project.score_groups[3].groups[0]
    assert satisfaction_group.weight is not None
    assert weight_sum(effect) + satisfaction_group.weight == project.score_groups[3].weight
    # scores: 4 + 2 + 2 + 2 = 10; 9 + 7 + 2 + 6 = 24; 10 + 5 + 4 + 4 + 3 + 3 = 29; 13 + 8 = 21
    assert score_sum(decision) == Decimal("10")
    assert score_sum(process) == Decimal("24")
    assert score_sum(output) == Decimal("29")
    assert score_sum(effect) == Decimal("21")
    # visible total 10 + 24 + 29 + 21 = 84; at most 84 + 10 = 94, yet 自评得分 98
    visible = score_sum(list(project.indicators))
    assert visible == Decimal("84")
    assert project.score == Decimal("98") > visible + Decimal("10")


# -- Hubei / Ezhou: 市民中心运行维护费 (2021) -----------------------------------------------

EZHOU = "hubei-ezhou-xzspj-2021-shiminzhongxin"


def test_ezhou_header() -> None:
    report = load(EZHOU)
    project = only_project(report)
    assert report.title == "项目支出绩效自评表 ( 2021 年度)"
    assert report.fiscal_year == 2021
    # 主管部门 and 实施单位 printed blank: the page's 发文单位 reports
    assert report.unit.name == "鄂州市行政审批局"
    assert report.unit.supervisor is None
    assert report.source is not None
    assert str(report.source.published) == "2022-11-04"
    assert report.source.url == (
        "https://zwfwzx.ezhou.gov.cn/zwgk/fdzdgknr/sgjfxx/202211/t20221108_506320.html"
    )
    assert project.name == "市民中心运行维护费"
    assert project.goal is not None
    assert project.goal.endswith("市政务服务大厅及周边设施日常维修升级改造费用。")
    assert project.outcome == "本年度财政拨款为150万元:执行数为125.25万元,完成预算的83.50%。"
    assert project.score is None  # the 总分 row is cut off
    assert project.score_groups == ()  # no heading prints a weight


def test_ezhou_money_rows_add_up() -> None:
    project = only_project(load(EZHOU))
    totals = project.totals
    assert totals is not None
    assert totals.initial_budget == wan("150")
    assert totals.budget == wan("150")
    assert totals.expenditure == wan("125.25")
    lines = project.budget_lines
    assert [(line.source, line.label) for line in lines] == [
        (FundSource.FISCAL, "其中:当年财政拨款"),
        (FundSource.CARRIED_OVER, "上年结转资金"),
        (FundSource.OTHER, "其他资金"),
    ]
    # 150 = 150 + 0 + 0 (年初预算数 and 全年预算数); 125.25 = 125.25 + 0 + 0 (全年执行数)
    assert sum((line.budget for line in lines), wan("0")) == totals.budget
    initial = [line.initial_budget for line in lines if line.initial_budget is not None]
    assert sum(initial, wan("0")) == totals.initial_budget
    spent = [line.expenditure for line in lines if line.expenditure is not None]
    assert sum(spent, wan("0")) == totals.expenditure
    assert [str(line.budget.amount) for line in lines] == ["150", "0", "0"]


def test_ezhou_execution_row_as_printed() -> None:
    project = only_project(load(EZHOU))
    totals = project.totals
    assert totals is not None
    assert totals.expenditure is not None
    assert totals.budget is not None
    # 125.25 / 150 = 0.835 → 83.50 % (hand: 12525 / 15000)
    assert rate(totals.expenditure, totals.budget) == Decimal("83.50")
    execution = project.budget_execution
    assert execution is not None
    # printed 分值 100 (not 10), 执行率 83.5%, 得分 98
    assert execution.weight == Decimal("100")
    assert execution.rate == Decimal("83.5")
    assert execution.score == Decimal("98")
    # 分值 × 执行率 = 100 × 0.835 = 83.5 ≠ 98; 10 × 0.835 = 8.35 ≠ 98
    assert execution.weight * execution.rate / 100 == Decimal("83.5") != execution.score
    assert Decimal("10") * execution.rate / 100 == Decimal("8.35")


def test_ezhou_execution_rate_indicator() -> None:
    project = only_project(load(EZHOU))
    rows = [r for r in project.indicators if r.metric is IndicatorMetric.EXECUTION_RATE]
    assert [r.name for r in rows] == ["预算执行率"]
    row = rows[0]
    assert (row.level1, row.level2) == (IndicatorLevel1.OUTPUT, IndicatorLevel2.QUANTITY)
    assert row.target is not None
    assert row.actual is not None
    assert row.target.value == Quantity("100", "%")
    assert row.actual.value == Quantity("83.5", "%")
    # printed 18 of 20, but 20 × 83.5 % = 16.7 (18 / 20 = 90 %)
    assert (row.weight, row.score) == (Decimal("20"), Decimal("18"))
    assert row.weight is not None
    assert row.score is not None
    assert row.weight * Decimal("83.5") / 100 == Decimal("16.7")
    assert row.score / row.weight * 100 == Decimal("90")


def test_ezhou_rows_labels_and_sums() -> None:
    project = only_project(load(EZHOU))
    rows = list(project.indicators)
    # entirely empty printed rows have no name; the 7 named rows are kept
    assert [r.name for r in rows] == [
        "预算执行率",
        "预算资金拨款率",
        "政务服务工作办结率",
        "大厅业务日常考核结果",
        "市民中心运行维护费",
        "大厅运行正常率",
        "岗",  # cut after its first character
    ]
    assert {r.level1_label for r in rows} == {"产出指标", "效益指标"}
    assert [r.level2_label for r in rows] == [
        "数量指标",
        "数量指标",
        "质量指标",
        "质量指标",
        "成本指标",
        "经济效益 指标",
        "社会效益 指标",
    ]
    assert not any(r.level2 is IndicatorLevel2.TIMELINESS for r in rows)  # 时效指标 empty
    # 分值 before the cut: 20 + 10 + 10 + 10 + 10 + 10 = 70 (产出 60, 经济效益 10)
    assert weight_sum(rows) == Decimal("70")
    assert weight_sum(rows_of(project, IndicatorLevel1.OUTPUT)) == Decimal("60")
    # 得分 before the cut: 18 + 10 + 10 + 10 + 10 + 10 = 68
    assert score_sum(rows) == Decimal("68")
    assert rows[-1].weight is None
    assert rows[-1].target is None


def test_ezhou_cost_row_states_the_full_budget_as_spent() -> None:
    project = only_project(load(EZHOU))
    cost = named(project, "市民中心运行维护费")
    assert cost.level2 is IndicatorLevel2.COST
    assert cost.target is not None
    assert cost.actual is not None
    assert cost.target.text == "150万"
    assert cost.actual.text == "150万"
    # the actual says 150万, the money block says 125.25万 was spent
    assert project.totals is not None
    assert project.totals.expenditure == wan("125.25") != wan("150")
    assert (cost.weight, cost.score) == (Decimal("10"), Decimal("10"))


# -- Hebei / Langfang: 办公宿舍楼、食堂及餐厅暖通改造经费 (2019) ----------------------------

LANGFANG = "hebei-langfang-shipinxuexiao-2019-nuantong"


def test_langfang_header() -> None:
    report = load(LANGFANG)
    project = only_project(report)
    assert report.title == "项目支出绩效自评表 2019年度)"  # no opening bracket printed
    assert report.fiscal_year == 2019
    assert report.unit.name == "廊坊市食品工程学校"
    assert report.unit.supervisor == "廊坊市发改委"
    assert report.source is not None
    assert report.source.url == "http://www.lfsp.cn/newsinfo/1158053.html"
    assert report.source.title == "办公宿舍楼、食堂及餐厅暖通改造经费 绩效自评表(修改)"
    assert project.name == "办公宿舍楼、食堂及餐厅暖通改造经费"
    # 预期目标 / 实际完成情况 are the bare amounts 43.2 / 37.24
    assert (project.goal, project.outcome) == ("43.2", "37.24")


def test_langfang_money_and_execution() -> None:
    project = only_project(load(LANGFANG))
    totals = project.totals
    assert totals is not None
    assert totals.budget is not None
    assert totals.expenditure is not None
    assert totals.initial_budget == wan("43.2")
    assert str(totals.expenditure.amount) == "37.24"
    # 年度资金总额 = 当年财政拨款 (the other rows are empty): 43.2 = 43.2, 37.24 = 37.24
    assert len(project.budget_lines) == 1
    line = project.budget_lines[0]
    assert (line.source, line.label) == (FundSource.FISCAL, "其中:当年财政拨款")
    assert (line.initial_budget, line.budget, line.expenditure) == (
        totals.initial_budget,
        totals.budget,
        totals.expenditure,
    )
    # 37.24 / 43.2 = 0.862037… → 86.20 %; printed 86%
    assert rate(totals.expenditure, totals.budget) == Decimal("86.20")
    execution = project.budget_execution
    assert execution is not None
    assert (execution.weight, execution.rate, execution.score) == (
        Decimal("10"),
        Decimal("86"),
        Decimal("9"),
    )
    # 10 × 86.20 % = 8.62; printed 9 (rounded to an integer)
    assert execution.weight is not None
    assert execution.weight * rate(totals.expenditure, totals.budget) / 100 == Decimal("8.62")
    assert execution.score != Decimal("8.62")


def test_langfang_rows_and_placeholders() -> None:
    project = only_project(load(LANGFANG))
    rows = list(project.indicators)
    # 产出 4 × 3 rows, 效益 4 × 3 rows, 满意度 2 rows (cut on 指标2)
    assert len(rows) == 26
    assert [len(rows_of(project, level)) for level in IndicatorLevel1] == [0, 0, 12, 12, 0, 2]
    placeholders = [r for r in rows if r.name in {"指标1", "指标2", "……"}]
    # 26 rows − 9 with figures (数量 1, 质量 2, 时效 1, 成本 1, 经济 1, 社会 1, 可持续 1, 满意度 1)
    assert len(placeholders) == 17
    assert all(r.weight is None and r.target is None for r in placeholders)
    assert rows[-1].name == "指标2"
    assert rows[-1].level1 is IndicatorLevel1.SATISFACTION
    # printed labels kept
    assert {r.level1_label for r in rows} == {"产出指标", "效益指标", "满意度 指标"}
    assert {r.level2_label for r in rows_of(project, IndicatorLevel1.EFFECT)} == {
        "经济效益 指标",
        "社会效益 指标",
        "生态效益 指标",
        "可持续影响 指标",
    }
    assert rows[-1].level2_label == "服务对象满意度指标"
    # 生态效益 has only placeholders
    ecological = [r for r in rows if r.level2 is IndicatorLevel2.ECOLOGICAL_BENEFIT]
    assert [r.name for r in ecological] == ["指标1", "指标2", "……"]


def test_langfang_weights_scores_and_deviation() -> None:
    project = only_project(load(LANGFANG))
    output = rows_of(project, IndicatorLevel1.OUTPUT)
    effect = rows_of(project, IndicatorLevel1.EFFECT)
    satisfaction = rows_of(project, IndicatorLevel1.SATISFACTION)
    execution = project.budget_execution
    assert execution is not None
    assert execution.weight is not None
    assert execution.score is not None
    # 分值: 10 (money) + 产出 10 + 10 + 10 + 10 + 10 = 50 + 效益 30 + 满意度 10 = 100
    assert weight_sum(output) == Decimal("50")
    assert weight_sum(effect) == Decimal("30")
    assert weight_sum(satisfaction) == Decimal("10")
    all_rows = list(project.indicators)
    assert execution.weight + weight_sum(all_rows) == Decimal("100")
    # 得分: 9 + 产出 9 + 10 + 10 + 10 + 10 = 49 + 效益 30 + 满意度 10 = 98
    assert score_sum(output) == Decimal("49")
    assert execution.score + score_sum(all_rows) == Decimal("98")
    amount = named(project, "指标1工程资金金额")
    assert amount.target is not None
    assert amount.actual is not None
    assert amount.target.value == Quantity("43.2")
    assert amount.actual.value == Quantity("37.24")
    # 10 × 37.24 / 43.2 = 8.62, printed 9
    assert (Decimal("10") * Decimal("37.24") / Decimal("43.2")).quantize(Decimal("0.01")) == (
        Decimal("8.62")
    )
    assert amount.score == Decimal("9")
    assert amount.deviation == "已完工,剩余3%尾款未付,且最高限价低于预算金额。提高预算准确度。"
    # `0` printed in the 偏差原因 column of three rows
    zero = [r.name for r in all_rows if r.deviation == "0"]
    assert zero == ["指标1安全率", "指标1学校发展能力", "指标1学生满意度"]
    assert named(project, "指标2工程验收合格率").score == Decimal("10")


# -- Yunnan / Lijiang: 卫片执法补助经费 (2020) ---------------------------------------------

LIJIANG = "yunnan-lijiang-guchengqu-2020-weipian"


def test_lijiang_header_as_returned() -> None:
    report = load(LIJIANG)
    project = only_project(report)
    assert report.title == "2020年度項(xiàng)目支出績效自評表"
    assert report.fiscal_year == 2020
    assert report.unit.name == "麗江市古城區(qū)自然資源局"
    assert report.unit.supervisor == "麗江市自然資源和規(guī)劃局"
    assert report.source is not None
    assert str(report.source.published) == "2021-06-28"
    assert report.source.url == "http://m.jjiadianqingjie.com.cn/changyong/13241.html"
    assert (
        project.name == "2020年省級自然資源衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)支出績效自評表"
    )
    # 實際完成情況 restates 預期目標 word for word
    assert project.goal == project.outcome == "自然資源衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)"


def test_lijiang_money_and_execution() -> None:
    project = only_project(load(LIJIANG))
    totals = project.totals
    assert totals is not None
    assert totals.budget is not None
    assert totals.expenditure is not None
    assert totals.initial_budget == totals.budget == totals.expenditure == wan("7.29")
    line = project.budget_lines[0]
    assert len(project.budget_lines) == 1
    assert (line.source, line.label) == (FundSource.FISCAL, "其中:當(dāng)年財政撥款")
    # 7.29 = 7.29 in all three money columns
    assert (line.initial_budget, line.budget, line.expenditure) == (
        totals.initial_budget,
        totals.budget,
        totals.expenditure,
    )
    # 7.29 / 7.29 = 1 → 100.00 %
    assert rate(totals.expenditure, totals.budget) == Decimal("100.00")
    execution = project.budget_execution
    assert execution is not None
    assert str(execution.weight) == "10.00"
    assert str(execution.score) == "10.00"
    assert execution.rate == Decimal("100")
    # 10.00 × 100 % = 10.00 = printed 得分
    assert execution.weight is not None
    assert execution.weight * execution.rate / 100 == execution.score


def test_lijiang_three_column_targets() -> None:
    project = only_project(load(LIJIANG))
    rows = list(project.indicators)
    assert len(rows) == 5
    assert [r.target.text if r.target else None for r in rows] == [
        "﹦72890元",
        "﹦100%",
        "﹦100%",
        "≥95%",
        "≥95%",
    ]
    assert [r.target.operator if r.target else None for r in rows] == [
        Operator.EQ,
        Operator.EQ,
        Operator.EQ,
        Operator.GE,
        Operator.GE,
    ]
    # the three printed columns 指标性质 | 指标值 | 度量单位, read as such: ﹦ (U+FE66) is =
    columns = [
        ("\ufe66", "72890", "元"),
        ("\ufe66", "100", "%"),
        ("\ufe66", "100", "%"),
        ("≥", "95", "%"),
        ("≥", "95", "%"),
    ]
    assert [r.target for r in rows] == [parse_target_columns(*c) for c in columns]
    # the printed operator is kept at the head of the text: ﹦72890元, not =72890元
    for row, (operator, _, _) in zip(rows, columns, strict=True):
        assert row.target is not None
        assert row.target.text is not None
        assert row.target.text.startswith(operator)
    assert rows[0].target is not None
    assert rows[0].target.value == Quantity("72890", "元")
    # 72890 元 = 7.289 万元 → 7.29 (2 d.p., half-up) = the money block's 7.29
    assert Money("72890", MoneyUnit.YUAN).to(WAN).quantize(2) == wan("7.29")
    assert Money("72890", MoneyUnit.YUAN) != wan("7.29")  # 7.29 万元 would be 72900 元
    assert [r.actual.value if r.actual else None for r in rows] == [
        Quantity("72890"),
        Quantity("100"),
        Quantity("100"),
        Quantity("95"),
        Quantity("95"),
    ]


def test_lijiang_weights_scores_and_labels() -> None:
    project = only_project(load(LIJIANG))
    rows = list(project.indicators)
    # printed digits kept: 20 next to 20.00, 19 next to 19.00
    assert [str(r.weight) for r in rows] == ["10.00", "20", "20.00", "30.00", "10.00"]
    assert [str(r.score) if r.score is not None else None for r in rows] == [
        "9.00",
        "19",
        "19.00",
        "27.00",
        None,  # cut off after the 分值 10.00
    ]
    execution = project.budget_execution
    assert execution is not None
    assert execution.weight is not None
    assert execution.score is not None
    # 10.00 + 10.00 + 20 + 20.00 + 30.00 + 10.00 = 100
    assert execution.weight + weight_sum(rows) == Decimal("100")
    # 产出 10.00 + 20 + 20.00 = 50; 效益 30.00; 满意度 10.00
    assert weight_sum(rows_of(project, IndicatorLevel1.OUTPUT)) == Decimal("50")
    # 得分 before the cut: 10.00 + 9.00 + 19 + 19.00 + 27.00 = 84.00
    assert execution.score + score_sum(rows) == Decimal("84.00")
    assert [r.level1_label for r in rows] == [
        "產(chǎn)出指標(biāo)",
        "產(chǎn)出指標(biāo)",
        "產(chǎn)出指標(biāo)",
        "效益指標(biāo)",
        "滿意度指標(biāo)",
    ]
    assert [r.level2 for r in rows] == [
        IndicatorLevel2.QUANTITY,
        IndicatorLevel2.QUALITY,
        IndicatorLevel2.TIMELINESS,
        IndicatorLevel2.SOCIAL_BENEFIT,
        IndicatorLevel2.BENEFICIARY_SATISFACTION,
    ]
    assert rows[4].level2_label == "服務(wù)對象滿意度指標(biāo)"
    assert rows[3].name == "違法行為責(zé)停率"
    assert project.score is None  # 總分 cut off


# -- Unverified Hubei-style form: 渔业成品油价格改革补贴 (2020) ------------------------------

HUBEI_FORM = "unverified-hubei-form-2020-changjiang-jinbu"


def test_hubei_form_header_and_attributes() -> None:
    report = load(HUBEI_FORM)
    project = only_project(report)
    assert report.title == "2020年度长江禁捕项目自评表"
    assert report.fiscal_year == 2020
    assert report.unit.name == "农业工作科"
    assert report.unit.supervisor == "区市场监督管理局"
    assert report.unit.region is None  # province not printed
    assert report.source is not None
    assert report.source.url == "https://1wenmi.com/doc/330418.html"
    assert project.name == "渔业成品油价格改革补贴"
    assert [(a.name, a.value) for a in project.attributes] == [
        ("项目类别", "1、部门预算项目02、市直专项口3、市对下转移支付项目0"),
        ("项目属性", "1、持续性项目2、新增性项目0"),
        ("项目类型", "1、常年性项目2、延续性项目口3、一次性项目0"),
    ]
    assert project.project_type is None  # 项目类型 kept as printed, not mapped
    assert project.deviation == "无"


def test_hubei_form_execution_row() -> None:
    project = only_project(load(HUBEI_FORM))
    totals = project.totals
    assert totals is not None
    assert totals.budget is not None
    assert totals.expenditure is not None
    assert totals.initial_budget is None  # the form prints 预算数 and 执行数 only
    assert totals.budget == totals.expenditure == wan("1.56")
    # 1.56 / 1.56 = 1 → 100.00 % (printed as the ratio 1)
    assert rate(totals.expenditure, totals.budget) == Decimal("100.00")
    execution = project.budget_execution
    assert execution is not None
    assert execution.weight is not None
    assert execution.rate is not None
    # 得分 = 20分 × 执行率 = 20 × 1 = 20
    assert execution.weight == Decimal("20")
    assert execution.rate == Decimal("100")
    assert execution.weight * execution.rate / 100 == execution.score == Decimal("20")


def test_hubei_form_score_groups_and_rows() -> None:
    project = only_project(load(HUBEI_FORM))
    assert [(g.label, g.weight, g.covers) for g in project.score_groups] == [
        ("预算执行情况(万元)", Decimal("20"), GroupScope.EXECUTION),
        ("年度绩效目标", Decimal("80"), GroupScope.ALL),
    ]
    rows = list(project.indicators)
    assert [r.name for r in rows] == [
        "补贴渔船数",
        "渔船补贴发放率",
        "12月底之前完成",
        "退捕渔民抽样调查满意度",
    ]
    # rows print only 得分: no 分值 column
    assert all(r.weight is None for r in rows)
    assert [r.score for r in rows] == [Decimal(20), Decimal(10), Decimal(10), Decimal(40)]
    # 20 + 10 + 10 + 40 = 80 = 年度绩效目标(80分)
    assert score_sum(rows) == project.score_groups[1].weight == Decimal("80")
    # execution 20 + indicators 80 = 100 = printed 总分
    execution = project.budget_execution
    assert execution is not None
    assert execution.score is not None
    assert execution.score + score_sum(rows) == project.score == Decimal("100")
    assert [r.level2_label for r in rows] == ["数量指标", "质量指标", "时效指标", None]
    assert rows[3].level1 is IndicatorLevel1.SATISFACTION
    assert rows[3].level1_label == "满意度指标"
    assert rows[3].level2 is IndicatorLevel2.BENEFICIARY_SATISFACTION
    # the satisfaction actual kept as read: 290% (OCR of ≥90%)
    assert rows[3].actual is not None
    assert rows[3].actual.value == Quantity("290", "%")
    assert rows[3].target is not None
    assert rows[3].target.value == Quantity("90", "%")
    assert rows[0].target is not None
    assert rows[0].target.value == Quantity("6")
