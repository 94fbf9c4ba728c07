"""Build the bundled example documents: src/perfeval/examples/NAME.json.

Usage (from the repository root)::

    PYTHONPATH=src python scripts/build_examples.py          # write the JSON files
    PYTHONPATH=src python scripts/build_examples.py --check  # fail if they are stale

The committed JSON is the artifact; this script is how it was made, so that a change
is reviewed here, in Python, and regenerated. Every example records what its report
printed, mistakes included (the checks elsewhere report them).

Figures are read with perfeval's own parsers, and every reading is compared with the
value a careful reader writes down by hand (the ``expect`` column below): a parser
change that alters an example fails here instead of slipping into the JSON.

``kaifu-2020`` is read from tests/data/seed-kaifu-2020.txt (a byte-for-byte copy of
the seed report). Each indicator names a short snippet of the narrative that contains
its figure; the script finds it, checks that it occurs once, and takes as
``source_text`` the whole sentence around it: the text between the nearest 。 or ；
(or the start of the paragraph) and the next one, without the delimiters.
"""

from __future__ import annotations

import argparse
import io
import sys
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, TypeVar

from perfeval import (
    Achievement,
    Actual,
    ExpenditureCategory,
    FundSource,
    GovernmentLevel,
    IndicatorLevel1,
    IndicatorLevel2,
    IssueCategory,
    Money,
    MoneyUnit,
    Operator,
    ProjectType,
    Qualifier,
    Quantity,
    ReportKind,
    Target,
    parse_actual,
    parse_quantity,
    parse_target,
    parse_target_columns,
)
from perfeval.model import (
    BudgetExecution,
    BudgetLine,
    CategoryAmount,
    Indicator,
    Issue,
    KeyProject,
    Report,
    Source,
    Totals,
    Unit,
)
from perfeval.serialize import dump, dumps, loads

R = TypeVar("R", Target, Actual)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "perfeval" / "examples"
SEED = ROOT / "tests" / "data" / "seed-kaifu-2020.txt"

OUTPUT, EFFECT, SATISFACTION = (
    IndicatorLevel1.OUTPUT,
    IndicatorLevel1.EFFECT,
    IndicatorLevel1.SATISFACTION,
)
QUANTITY, SOCIAL = IndicatorLevel2.QUANTITY, IndicatorLevel2.SOCIAL_BENEFIT
DONE = (OUTPUT, QUANTITY)  # what the unit did or produced
GAIN = (EFFECT, SOCIAL)  # a result achieved through it
AT_LEAST, ABOUT = Qualifier.AT_LEAST, Qualifier.APPROXIMATELY


def wan(amount: str) -> Money:
    """An amount in 万元 with its digits as printed."""
    return Money(amount, MoneyUnit.WAN_YUAN)


# -- kaifu-2020: the seed ------------------------------------------------------------------


class Figure(NamedTuple):
    """One figure of the narrative and how a careful reader reads it."""

    levels: tuple[IndicatorLevel1, IndicatorLevel2]
    name: str
    #: A piece of the paragraph, found once, with the figure as printed in brackets.
    marked: str
    #: What a careful reader writes down for the figure.
    expect: Quantity

    @property
    def snippet(self) -> str:
        """The piece of the paragraph as printed (without the brackets)."""
        return self.marked.replace("[", "").replace("]", "")

    @property
    def printed(self) -> str:
        """The figure exactly as printed."""
        return self.marked[self.marked.index("[") + 1 : self.marked.index("]")]


def q(value: str, unit: str | None = None, qualifier: Qualifier = Qualifier.EXACT) -> Quantity:
    """A hand-written quantity (the expected reading)."""
    return Quantity(value, unit, qualifier)


# Level 1: OUTPUT for what the unit did or produced (activities held, items handed
# out, cases handled, people checked, served or managed, money handed out);
# EFFECT (social benefit) for results achieved in society through that work
# (coverage, new jobs, re-employment, insurance enrolment, money recovered in a
# successful mediation or raised by donation, rankings won, no petitions to Beijing).
SOCIAL_MANAGEMENT = (
    Figure(DONE, "发放宣传资料", "发放宣传资料[3.2万余册]", q("32000", "册", AT_LEAST)),
    Figure(DONE, "开展打击非法传销行动", "打击非法传销行动[13次]", q("13", "次")),
    Figure(DONE, "查封涉传窝点", "查封涉传窝点[50个]", q("50", "个")),
    Figure(DONE, "动态管控社区矫正对象", "对[18名]社区矫正对象", q("18", "名")),
    Figure(DONE, "动态管控在册吸毒对象", "[56名]在册吸毒对象", q("56", "名")),
    Figure(DONE, "动态管控刑满释放人员", "[36名]刑满释放人员", q("36", "名")),
    Figure(DONE, "调解矛盾纠纷", "调解矛盾纠纷[51起]", q("51", "起")),
    Figure(DONE, "调解矛盾纠纷涉及金额", "涉及金额[359.18万元]", q("359.18", "万元")),
    Figure(GAIN, "调解成功农民工工资纠纷涉及金额", "涉及金额[200万元]", q("200", "万元")),
    Figure(DONE, "发放生产发展用地收益资金人数", "成功为[1805名]", q("1805", "名")),
    Figure(DONE, "发放生产发展用地收益资金户数", "（[506户]）", q("506", "户")),
    # 无: not a quantity the parser reads (nor should it); recorded as 0 by hand.
    Figure(GAIN, "进京非访人数", "全年[无]进京非访人员", q("0")),
    Figure(DONE, "预备党员转为正式党员", "共有[9名]预备党员", q("9", "名")),
    Figure(DONE, "新建小区党支部", "新建[4个]小区党支部", q("4", "个")),
    Figure(DONE, "受理信访件", "受理信访件[3件]", q("3", "件")),
    Figure(DONE, "办结信访件", "办结[2件]", q("2", "件")),
    Figure(DONE, "处置问题线索", "处置问题线索[8件]", q("8", "件")),
    Figure(DONE, "问题线索立案", "立案[3件]", q("3", "件")),
    Figure(DONE, "开展监督检查", "监督检查[10余次]", q("10", "次", AT_LEAST)),
    Figure(DONE, "给予党纪处分", "党纪处分[2人]", q("2", "人")),
    Figure(GAIN, "“学习强国”覆盖率", "覆盖率[173%]", q("173", "%")),
    # 第一: an ordinal, not read by the parser; recorded as rank 1 by hand.
    Figure(GAIN, "“学习强国”覆盖率全区街道排名", "排名[第一]", q("1")),
    Figure(DONE, "舆情线索报送", "报送[四千余条]", q("4000", "条", AT_LEAST)),
    Figure(GAIN, "上榜全市舆情信息报送前十名", "[8次]上榜", q("8", "次")),
    Figure(DONE, "媒体上版", "媒体[190余次]", q("190", "次", AT_LEAST)),
    Figure(DONE, "省级媒体上稿", "上稿[49篇]", q("49", "篇")),
)

PUBLIC_SERVICE = (
    Figure(DONE, "开展摸排网格", "按辖区[27个]网格", q("27", "个")),
    Figure(DONE, "累计摸排户数", "累计摸排[29318户]", q("29318", "户")),
    Figure(DONE, "核实数据", "核实数据[4976条]", q("4976", "条")),
    Figure(DONE, "纳入“四包一”管理人数", "管理[1295人]", q("1295", "人")),
    Figure(DONE, "核酸检测人数", "核酸检测[700人]", q("700", "人")),
    Figure(DONE, "志愿队伍人数", "[540余人]的志愿队伍", q("540", "人", AT_LEAST)),
    Figure(GAIN, "洪山建设集团党支部累计捐款", "累计捐款[100万元]", q("100", "万元")),
    Figure(DONE, "派出复工服务小组", "派出[5个]复工服务小组", q("5", "个")),
    Figure(DONE, "发布有效就业岗位信息", "发布[82个]有效就业岗位信息", q("82", "个")),
    Figure(DONE, "举办创业培训", "举办[4期]创业培训", q("4", "期")),
    Figure(DONE, "举办职业技能培训", "[9期]职业技能培训", q("9", "期")),
    Figure(GAIN, "新增就业人口", "新增就业人口[375人]", q("375", "人")),
    Figure(GAIN, "失业人员再就业", "失业人员再就业[151人]", q("151", "人")),
    Figure(GAIN, "城乡居民养老保险累计参保", "累计参保[880人]", q("880", "人")),
    Figure(GAIN, "医疗保险累计参保", "累计参保[6128人]", q("6128", "人")),
    Figure(DONE, "协助退休人员养老认证", "协助[1326名]退休人员", q("1326", "名")),
    Figure(DONE, "协助退休人员建模", "[30人]进行建模", q("30", "人")),
    Figure(DONE, "开展城市特殊困难群体帮扶行动", "帮扶行动[10批次]", q("10", "批次")),
    Figure(DONE, "帮扶对象", "帮扶对象[131人]", q("131", "人")),
    Figure(DONE, "累计帮扶金额", "帮扶金额[约25万元]", q("25", "万元", ABOUT)),
    Figure(DONE, "完成妇女“两癌”筛查", "筛查[68人]", q("68", "人")),
    Figure(DONE, "申报社区创新培育项目", "[二个]创新培育项目", q("2", "个")),
)

KAIFU_NOTE = (
    "The unit's name is not printed (the report says 我单位). The narrative (“平安开福”,"
    " 在全区各街道排名第一, 马栏山, 洪山建设集团) shows a sub-district (街道) of 开福区,"
    " Changsha: the unit's name, level, region and region code are inferred, not printed."
    " Every figure of the narrative is an indicator of the project whose paragraph states"
    " it; no targets were printed. level1 is output for what the unit did or produced"
    " (activities, items, cases handled, people checked, served or managed, money handed"
    " out) and effect (social benefit) for results achieved through it (coverage, new"
    " jobs, re-employment, insurance enrolment, money recovered or donated, rankings,"
    " no petitions). source_text is the sentence the figure was read from: the text"
    " between 。 or ； without the delimiters. 全年无进京非访人员 is recorded as 0 and 排名第一"
    " as 1 (by hand: the parser reads neither word). Not indicators: 60号令 and 第二批 (a"
    " decree's number, a batch's ordinal), the “五个一” team make-up (1位医护人员 … 1本台账:"
    " what each team consists of, not an amount achieved), 一支 (the article of 志愿队伍),"
    " and 前十名 (part of the name of the 8次 indicator). outcome is each project's"
    " narrative paragraph without its heading (1. 社会管理项目：). The problems do not say"
    " which project they concern."
)


#: Figures written as words that are not quantities, which the parser rightly refuses.
READ_BY_HAND = frozenset({"无", "第一"})


def sentence_around(paragraph: str, snippet: str) -> str:
    """The sentence of *paragraph* (between 。/；) that contains *snippet*, once."""
    if paragraph.count(snippet) != 1:
        msg = f"{snippet!r} occurs {paragraph.count(snippet)} times in its paragraph"
        raise ValueError(msg)
    start = paragraph.index(snippet)
    end = start + len(snippet)
    before = max(paragraph.rfind("。", 0, start), paragraph.rfind("；", 0, start)) + 1
    after = min(
        (i for i in (paragraph.find("。", end), paragraph.find("；", end)) if i >= 0),
        default=len(paragraph),
    )
    return paragraph[before:after]


def indicator(figure: Figure, paragraph: str) -> Indicator:
    """The indicator of *figure*, its reading checked against the expected one."""
    value = figure.expect if figure.printed in READ_BY_HAND else parse_quantity(figure.printed)
    if value != figure.expect:
        msg = f"{figure.printed!r} reads as {value!r}, expected {figure.expect!r}"
        raise AssertionError(msg)
    return Indicator(
        level1=figure.levels[0],
        level2=figure.levels[1],
        name=figure.name,
        actual=Actual(value=value, text=figure.printed),
        source_text=sentence_around(paragraph, figure.snippet),
    )


def paragraph_of(seed: str, heading: str) -> str:
    """The narrative paragraph that starts with *heading*, without the heading."""
    (line,) = (line for line in seed.splitlines() if line.startswith(heading))
    return line[len(heading) :].strip()


def kaifu_2020() -> Report:
    """The seed report: 2020年度重点项目绩效评价结果 of a 开福区 sub-district."""
    seed = SEED.read_text(encoding="utf-8")
    social_text = paragraph_of(seed, "1. 社会管理项目：")
    public_text = paragraph_of(seed, "2. 公共服务项目：")
    public = KeyProject(
        id="public-service",
        name="公共服务",
        project_type=ProjectType.RECURRING,
        purpose="社会保障、卫计工作等工作经费",
        budget_lines=(
            BudgetLine(
                source=FundSource.FISCAL,
                level=GovernmentLevel.COUNTY,
                label="其中：区级资金",
                budget=wan("213.28"),
                expenditure=wan("703.45"),
            ),
        ),
        totals=Totals(budget=wan("213.28"), expenditure=wan("703.45")),
        outcome=public_text,
        indicators=tuple(indicator(figure, public_text) for figure in PUBLIC_SERVICE),
    )
    social = KeyProject(
        id="social-management",
        name="社会管理",
        project_type=ProjectType.RECURRING,
        purpose="党建、意识形态、思想宣传、维稳、安全生产、戒毒、普法等工作经费",
        budget_lines=(
            BudgetLine(
                source=FundSource.FISCAL,
                level=GovernmentLevel.COUNTY,
                label="其中：区级资金",
                budget=wan("441.17"),
                expenditure=wan("318.72"),
            ),
        ),
        totals=Totals(budget=wan("441.17"), expenditure=wan("318.72")),
        outcome=social_text,
        indicators=tuple(indicator(figure, social_text) for figure in SOCIAL_MANAGEMENT),
    )
    title = "2020年度重点项目绩效评价结果"
    return Report(
        title=title,
        kind=ReportKind.KEY_PROJECT_RESULTS,
        fiscal_year=2020,
        unit=Unit(
            name="长沙市开福区街道办事处（报告未署名）",
            level=GovernmentLevel.TOWNSHIP,
            region="湖南省长沙市开福区",
            region_code="430105",
        ),
        projects=(public, social),
        totals=Totals(budget=wan("654.45"), expenditure=wan("1022.17")),
        expenditure_by_category=(
            CategoryAmount(
                category=ExpenditureCategory.BUSINESS, amount=wan("1022.17"), label="业务工作经费"
            ),
            CategoryAmount(category=ExpenditureCategory.SPECIAL, amount=wan("0"), label="专项经费"),
            CategoryAmount(
                category=ExpenditureCategory.GOVERNMENT_SPECIAL,
                amount=wan("0"),
                label="政府专项经费",
            ),
        ),
        issues=(
            Issue(
                category=IssueCategory.FUND_ALLOCATION, description="资金分配和安排的科学性有待加强"
            ),
            Issue(category=IssueCategory.BUDGET_EXECUTION, description="资金使用进度应定期考评"),
            Issue(
                category=IssueCategory.PROJECT_MANAGEMENT, description="项目管理水平需进一步提高"
            ),
        ),
        source=Source(title=title, note=KAIFU_NOTE),
    )


# -- tangxi-2022 ----------------------------------------------------------------------------

TANGXI_NOTE = (
    "Transcribed from the published table (金额单位：万元); no address was recorded. The total"
    " row 年度资金总额 was printed as zeros (0, 0, 0; 分值 10, 执行率 0, 得分 0) while the"
    " money sits in the row 其中：本年财政拨款 (90, 89.974, 89.974): both are kept as printed."
    " The outcome's narrative sum (30 + 30 + 29.99 = 89.99) matches neither 89.97 nor"
    " 89.974. The satisfaction row was cut off in the available copy after 公众满…: only its"
    " name is recorded, with no target, actual, weight or score."
)


ACHIEVED = "达成预期指标"
#: The indicator table: 一级, 二级, 三级指标, 年度指标值, 实际完成值, 分值, 得分 as printed.
TANGXI_ROWS: tuple[tuple[IndicatorLevel1, IndicatorLevel2, str, str, str, str, str], ...] = (
    (OUTPUT, QUANTITY, "基建工程委托业务项目数量", "≥50个", "50", "8", "8"),
    (OUTPUT, IndicatorLevel2.QUALITY, "委托业务报告合格率", "≥100百分比", "100", "8", "8"),
    (OUTPUT, IndicatorLevel2.QUALITY, "经费支出合规性", "严格执行相关制度规定", ACHIEVED, "8", "8"),
    (
        OUTPUT,
        IndicatorLevel2.TIMELINESS,
        "提交报告及时性",
        "在项目计划完成时间内完成",
        ACHIEVED,
        "8",
        "8",
    ),
    (OUTPUT, IndicatorLevel2.COST, "项目总成本", "≤90万元", "90", "8", "8"),
    (OUTPUT, IndicatorLevel2.COST, "单项业务成本", "符合相关规定", ACHIEVED, "10", "10"),
    (EFFECT, SOCIAL, "对维护基建市场公平的影响程度", "效果明显", ACHIEVED, "10", "10"),
    (
        EFFECT,
        IndicatorLevel2.ECOLOGICAL_BENEFIT,
        "对控制基建项目成本影响程度",
        "效果明显",
        ACHIEVED,
        "10",
        "10",
    ),
    (
        EFFECT,
        IndicatorLevel2.SUSTAINABILITY,
        "对推动基建项目“四项制度”健全和落实的持续性影响",
        "效果明显",
        ACHIEVED,
        "10",
        "10",
    ),
)
#: What a careful reader writes for each target and actual printed.
TANGXI_READINGS: dict[str, Target | Actual] = {
    "≥50个": Target(Operator.GE, q("50", "个"), "≥50个"),
    "≥100百分比": Target(Operator.GE, q("100", "%"), "≥100百分比"),
    "≤90万元": Target(Operator.LE, q("90", "万元"), "≤90万元"),
    "严格执行相关制度规定": Target(Operator.QUALITATIVE, None, "严格执行相关制度规定"),
    "在项目计划完成时间内完成": Target(Operator.QUALITATIVE, None, "在项目计划完成时间内完成"),
    "符合相关规定": Target(Operator.QUALITATIVE, None, "符合相关规定"),
    "效果明显": Target(Operator.QUALITATIVE, None, "效果明显"),
    "50": Actual(value=q("50")),
    "100": Actual(value=q("100")),
    "90": Actual(value=q("90")),
    ACHIEVED: Actual(achievement=Achievement.ACHIEVED, text=ACHIEVED),
}


def checked(reading: R, printed: str) -> R:
    """*reading*, after comparing it with what a careful reader writes for *printed*."""
    if reading != TANGXI_READINGS[printed]:
        msg = f"{printed!r} reads as {reading!r}, expected {TANGXI_READINGS[printed]!r}"
        raise AssertionError(msg)
    return reading


def tangxi_2022() -> Report:
    """项目支出绩效自评表（2022年度） of 池州市贵池区棠溪镇人民政府: 委托业务项目."""
    indicators = [
        Indicator(
            level1=level1,
            level2=level2,
            name=name,
            target=checked(parse_target(target), target),
            actual=checked(parse_actual(actual), actual),
            weight=Decimal(weight),
            score=Decimal(score),
        )
        for level1, level2, name, target, actual, weight, score in TANGXI_ROWS
    ]
    # The row cut off in the available copy: only the start of its name survives.
    indicators.append(
        Indicator(
            level1=SATISFACTION,
            level2=IndicatorLevel2.BENEFICIARY_SATISFACTION,
            name="公众满…",
        )
    )
    project = KeyProject(
        id="entrusted-business",
        name="委托业务项目",
        budget_lines=(
            BudgetLine(
                source=FundSource.FISCAL,
                label="其中：本年财政拨款",
                initial_budget=wan("90"),
                budget=wan("89.974"),
                expenditure=wan("89.974"),
            ),
        ),
        totals=Totals(initial_budget=wan("0"), budget=wan("0"), expenditure=wan("0")),
        goal=(
            "共申请预算资金90万元。其中：30万元用于基建工程项目预算编制；30万元用于…审计；"
            "30万元用于…设计、规划、测绘。"
        ),
        outcome="共完成预算资金89.97万元。其中：30…；30…；29.99万元…",
        budget_execution=BudgetExecution(
            weight=Decimal("10"), rate=Decimal("0"), score=Decimal("0")
        ),
        indicators=tuple(indicators),
    )
    title = "项目支出绩效自评表（2022年度）"
    return Report(
        title=title,
        kind=ReportKind.PROJECT_SELF_EVALUATION,
        fiscal_year=2022,
        unit=Unit(
            name="池州市贵池区棠溪镇人民政府",
            code="219001",
            level=GovernmentLevel.TOWNSHIP,
            region="安徽省池州市贵池区",
            supervisor="219-池州市贵池区棠溪镇人民政府",
        ),
        projects=(project,),
        source=Source(title=title, note=TANGXI_NOTE),
    )


# -- qingshen-2023 --------------------------------------------------------------------------

QINGSHEN_NOTE = (
    "Transcribed from the published table (金额单位：万元; Sichuan layout: the target in"
    " three columns 指标性质 | 指标值 | 度量单位). The results columns (完成值, 得分) were"
    " left blank in the published table, so the indicators have no actual and no score."
    " The row 财政专户管理资金 printed an execution rate of 0.00%, which a budget line does"
    " not record. The template has no satisfaction indicator (10 + 60 + 30 = 100)."
)


def qingshen_2023() -> Report:
    """部门预算项目支出绩效自评表（2023年度） of 青神县发展和改革局: 工资性支出."""
    target = parse_target_columns("=", "100", "%")
    assert target.value == q("100", "%"), target  # noqa: S101
    assert target.text == "=100%", target  # noqa: S101
    code = "51000021R000000019951"
    project = KeyProject(
        id=code,
        name="工资性支出",
        code=code,
        budget_lines=(
            BudgetLine(
                source=FundSource.SPECIAL_ACCOUNT,
                label="财政专户管理资金",
                initial_budget=wan("0.00"),
                budget=wan("0.00"),
                expenditure=wan("0.00"),
            ),
        ),
        totals=Totals(
            initial_budget=wan("238.93"), budget=wan("251.89"), expenditure=wan("251.89")
        ),
        budget_execution=BudgetExecution(weight=Decimal("10"), rate=Decimal("100.00")),
        indicators=(
            Indicator(
                level1=OUTPUT,
                level2=QUANTITY,
                name="发放(缴纳)覆盖率",
                target=target,
                weight=Decimal("60"),
            ),
            Indicator(
                level1=EFFECT,
                level2=SOCIAL,
                name="足额保障率(参保率)",
                target=target,
                weight=Decimal("30"),
            ),
        ),
    )
    title = "部门预算项目支出绩效自评表（2023年度）"
    return Report(
        title=title,
        kind=ReportKind.PROJECT_SELF_EVALUATION,
        fiscal_year=2023,
        unit=Unit(
            name="青神县发展和改革局",
            level=GovernmentLevel.COUNTY,
            region="四川省眉山市青神县",
            region_code="511425",
        ),
        projects=(project,),
        source=Source(
            title=title, url="https://www.scqs.gov.cn/info/13206/211004.htm", note=QINGSHEN_NOTE
        ),
    )


# -- writing ---------------------------------------------------------------------------------

BUILDERS = {
    "kaifu-2020": kaifu_2020,
    "qingshen-2023": qingshen_2023,
    "tangxi-2022": tangxi_2022,
}


def render(report: Report) -> str:
    """The canonical text of *report*, checked to read back to itself."""
    buffer = io.StringIO()
    dump(report, buffer, indent=2)
    text = buffer.getvalue()
    if loads(text) != report or dumps(loads(text), indent=2) + "\n" != text:
        msg = f"{report.title} does not read back to itself"
        raise AssertionError(msg)
    return text


def main(argv: list[str] | None = None) -> int:
    """Write the examples, or with ``--check`` report the ones that are stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only check the files are current")
    args = parser.parse_args(argv)
    stale = []
    for name, build in BUILDERS.items():
        report = build()
        text = render(report)
        target = OUT / f"{name}.json"
        indicators = sum(len(project.indicators) for project in report.projects)
        current = target.exists() and target.read_text(encoding="utf-8") == text
        if args.check:
            if not current:
                stale.append(name)
            continue
        if not current:
            target.write_text(text, encoding="utf-8", newline="\n")
        print(f"{target.relative_to(ROOT)}: {indicators} indicators, {len(text)} characters")
    if stale:
        print(f"stale: {', '.join(stale)}; run scripts/build_examples.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
