"""The bundled examples: names, paths, canonical text, and hand-checked figures."""

from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

import perfeval
from perfeval import examples
from perfeval.codes import (
    Achievement,
    ExpenditureCategory,
    FundSource,
    GovernmentLevel,
    IndicatorLevel1,
    IndicatorLevel2,
    IssueCategory,
    MoneyUnit,
    Operator,
    ProjectType,
    Qualifier,
    ReportKind,
)
from perfeval.model import Indicator, KeyProject, Report
from perfeval.money import Money
from perfeval.quantity import Actual, Quantity, Target
from perfeval.serialize import dumps, loads

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parent / "data" / "seed-kaifu-2020.txt"
NAMES = ("kaifu-2020", "qingshen-2023", "tangxi-2022")
WAN = MoneyUnit.WAN_YUAN


def wan(amount: str) -> Money:
    return Money(amount, WAN)


def digits(money: Money | None) -> str:
    assert money is not None
    return format(money.amount, "f")


def by_name(project: KeyProject, name: str) -> Indicator:
    (found,) = (indicator for indicator in project.indicators if indicator.name == name)
    return found


def by_text(project: KeyProject, printed: str) -> list[Indicator]:
    return [i for i in project.indicators if i.actual is not None and i.actual.text == printed]


@pytest.fixture(scope="module")
def kaifu() -> Report:
    return examples.load("kaifu-2020")


@pytest.fixture(scope="module")
def tangxi() -> Report:
    return examples.load("tangxi-2022")


@pytest.fixture(scope="module")
def qingshen() -> Report:
    return examples.load("qingshen-2023")


# -- the module ---------------------------------------------------------------------------


def test_names_are_sorted_and_complete() -> None:
    assert examples.names() == NAMES
    assert list(examples.names()) == sorted(examples.names())


def test_the_examples_are_reachable_from_the_package() -> None:
    import perfeval.examples  # noqa: PLC0415 - the import itself is under test

    assert perfeval.examples is examples
    assert examples.__all__ == ["load", "names", "path", "text"]


@pytest.mark.parametrize("name", NAMES)
def test_path_is_the_json_file_inside_the_package(name: str) -> None:
    path = examples.path(name)
    assert isinstance(path, Path)
    assert path.is_file()
    assert path.name == f"{name}.json"
    package = Path(examples.__file__).resolve().parent
    assert path.resolve().parent == package
    assert package.parent == Path(perfeval.__file__).resolve().parent


@pytest.mark.parametrize("name", NAMES)
def test_text_is_canonical(name: str) -> None:
    text = examples.text(name)
    assert text == examples.path(name).read_text(encoding="utf-8")
    assert dumps(loads(text), indent=2) + "\n" == text
    assert text.endswith("}\n")
    assert "\r" not in text
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("name", NAMES)
def test_load_reads_the_shipped_text(name: str) -> None:
    report = examples.load(name)
    assert isinstance(report, Report)
    assert report == loads(examples.text(name))
    assert report.schema_version == "1.0"
    # A new report each time: nothing shared, nothing mutable handed out.
    assert examples.load(name) is not report


@pytest.mark.parametrize("name", NAMES)
def test_the_json_is_plain_json_with_decimal_strings(name: str) -> None:
    def walk(node: object) -> None:
        assert not isinstance(node, float)
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    data = json.loads(examples.text(name))
    walk(data)
    assert data["schema_version"] == "1.0"


@pytest.mark.parametrize("function", [examples.load, examples.path, examples.text])
@pytest.mark.parametrize("bad", ["kaifu", "KAIFU-2020", "kaifu-2020.json", "", "../model"])
def test_unknown_name_raises_key_error_listing_the_names(function: object, bad: str) -> None:
    assert callable(function)
    with pytest.raises(KeyError) as caught:
        function(bad)
    message = caught.value.args[0]
    assert repr(bad) in message
    for name in NAMES:
        assert name in message


def test_key_error_message_reads_well() -> None:
    with pytest.raises(KeyError) as caught:
        examples.load("kaifu")
    assert caught.value.args == (
        "no example named 'kaifu'; the examples are: kaifu-2020, qingshen-2023, tangxi-2022",
    )


def test_the_examples_ship_as_package_data() -> None:
    # hatchling puts every file under src/perfeval into the wheel; nothing excludes JSON.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["src/perfeval"]' in text
    shipped = sorted(p.name for p in Path(examples.__file__).parent.glob("*.json"))
    assert shipped == [f"{name}.json" for name in NAMES]


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_examples", ROOT / "scripts" / "build_examples.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_examples"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["build_examples"]
    return module


def test_the_committed_json_is_what_the_build_script_writes() -> None:
    script = _build_script()
    for name, build in script.BUILDERS.items():
        assert script.render(build()) == examples.text(name), (
            f"run scripts/build_examples.py ({name})"
        )


# -- kaifu-2020 ------------------------------------------------------------------------------


def test_kaifu_header(kaifu: Report) -> None:
    assert kaifu.title == "2020年度重点项目绩效评价结果"
    assert kaifu.kind is ReportKind.KEY_PROJECT_RESULTS
    assert kaifu.fiscal_year == 2020
    unit = kaifu.unit
    assert unit.name == "长沙市开福区街道办事处（报告未署名）"
    assert unit.level is GovernmentLevel.TOWNSHIP
    assert (unit.region, unit.region_code) == ("湖南省长沙市开福区", "430105")
    assert kaifu.source is not None
    assert kaifu.source.title == kaifu.title
    assert kaifu.source.note is not None
    assert "我单位" in kaifu.source.note


def test_kaifu_money_as_printed(kaifu: Report) -> None:
    assert kaifu.totals is not None
    assert kaifu.totals.budget == wan("654.45")
    assert digits(kaifu.totals.expenditure) == "1022.17"
    split = [(c.category, digits(c.amount), c.label) for c in kaifu.expenditure_by_category]
    assert split == [
        (ExpenditureCategory.BUSINESS, "1022.17", "业务工作经费"),
        (ExpenditureCategory.SPECIAL, "0", "专项经费"),
        (ExpenditureCategory.GOVERNMENT_SPECIAL, "0", "政府专项经费"),
    ]
    table = {
        "public-service": ("公共服务", "213.28", "703.45", "社会保障、卫计工作等工作经费"),
        "social-management": (
            "社会管理",
            "441.17",
            "318.72",
            "党建、意识形态、思想宣传、维稳、安全生产、戒毒、普法等工作经费",
        ),
    }
    assert [p.id for p in kaifu.projects] == list(table)
    for project in kaifu.projects:
        name, budget, spent, purpose = table[project.id]
        assert (project.name, project.purpose) == (name, purpose)
        assert project.project_type is ProjectType.RECURRING
        assert project.totals is not None
        assert (digits(project.totals.budget), digits(project.totals.expenditure)) == (
            budget,
            spent,
        )
        (line,) = project.budget_lines
        assert (line.source, line.level, line.label) == (
            FundSource.FISCAL,
            GovernmentLevel.COUNTY,
            "其中：区级资金",
        )
        assert (digits(line.budget), digits(line.expenditure)) == (budget, spent)


def test_kaifu_issues(kaifu: Report) -> None:
    assert [(i.category, i.description, i.project_ids) for i in kaifu.issues] == [
        (IssueCategory.FUND_ALLOCATION, "资金分配和安排的科学性有待加强", ()),
        (IssueCategory.BUDGET_EXECUTION, "资金使用进度应定期考评", ()),
        (IssueCategory.PROJECT_MANAGEMENT, "项目管理水平需进一步提高", ()),
    ]


def test_kaifu_has_every_figure_as_an_indicator(kaifu: Report) -> None:
    counts = {project.id: len(project.indicators) for project in kaifu.projects}
    assert counts == {"public-service": 22, "social-management": 26}
    assert sum(counts.values()) > 40


def test_kaifu_outcome_and_source_text_come_from_the_seed(kaifu: Report) -> None:
    seed = SEED.read_text(encoding="utf-8")
    headings = {"public-service": "2. 公共服务项目：", "social-management": "1. 社会管理项目："}
    for project in kaifu.projects:
        assert project.outcome is not None
        assert headings[project.id] + project.outcome in seed
        for indicator in project.indicators:
            assert indicator.source_text is not None
            # A whole sentence of the project's own paragraph, delimiters left out.
            assert indicator.source_text in project.outcome
            assert not {"。", "；"} & set(indicator.source_text)
            start = project.outcome.index(indicator.source_text)
            end = start + len(indicator.source_text)
            assert start == 0 or project.outcome[start - 1] in "。；"
            assert end == len(project.outcome) or project.outcome[end] in "。；"
            # The figure as printed is in its sentence; no target was printed.
            assert indicator.actual is not None
            assert indicator.actual.text is not None
            assert indicator.actual.text in indicator.source_text
            assert indicator.actual.value is not None
            assert indicator.target is None
            assert indicator.weight is None
            assert indicator.score is None


def test_kaifu_level_mapping_is_consistent(kaifu: Report) -> None:
    pairs = {(i.level1, i.level2) for p in kaifu.projects for i in p.indicators}
    assert pairs == {
        (IndicatorLevel1.OUTPUT, IndicatorLevel2.QUANTITY),
        (IndicatorLevel1.EFFECT, IndicatorLevel2.SOCIAL_BENEFIT),
    }
    effects = sorted(
        i.actual.text or ""
        for p in kaifu.projects
        for i in p.indicators
        if i.level1 is IndicatorLevel1.EFFECT and i.actual is not None
    )
    assert effects == sorted(
        ["200万元", "无", "173%", "第一", "8次", "100万元", "375人", "151人", "880人", "6128人"]
    )


@pytest.mark.parametrize(
    ("project_id", "name", "printed", "expected"),
    [
        (
            "social-management",
            "发放宣传资料",
            "3.2万余册",
            Quantity("32000", "册", Qualifier.AT_LEAST),
        ),
        ("social-management", "开展打击非法传销行动", "13次", Quantity("13", "次")),
        ("social-management", "调解矛盾纠纷", "51起", Quantity("51", "起")),
        ("social-management", "调解矛盾纠纷涉及金额", "359.18万元", Quantity("359.18", "万元")),
        (
            "social-management",
            "调解成功农民工工资纠纷涉及金额",
            "200万元",
            Quantity("200", "万元"),
        ),
        ("social-management", "发放生产发展用地收益资金人数", "1805名", Quantity("1805", "名")),
        ("social-management", "发放生产发展用地收益资金户数", "506户", Quantity("506", "户")),
        ("social-management", "进京非访人数", "无", Quantity("0")),
        ("social-management", "开展监督检查", "10余次", Quantity("10", "次", Qualifier.AT_LEAST)),
        ("social-management", "“学习强国”覆盖率", "173%", Quantity("173", "%")),
        ("social-management", "“学习强国”覆盖率全区街道排名", "第一", Quantity("1")),
        (
            "social-management",
            "舆情线索报送",
            "四千余条",
            Quantity("4000", "条", Qualifier.AT_LEAST),
        ),
        ("social-management", "上榜全市舆情信息报送前十名", "8次", Quantity("8", "次")),
        ("social-management", "媒体上版", "190余次", Quantity("190", "次", Qualifier.AT_LEAST)),
        ("social-management", "省级媒体上稿", "49篇", Quantity("49", "篇")),
        ("public-service", "累计摸排户数", "29318户", Quantity("29318", "户")),
        ("public-service", "志愿队伍人数", "540余人", Quantity("540", "人", Qualifier.AT_LEAST)),
        ("public-service", "洪山建设集团党支部累计捐款", "100万元", Quantity("100", "万元")),
        ("public-service", "开展城市特殊困难群体帮扶行动", "10批次", Quantity("10", "批次")),
        (
            "public-service",
            "累计帮扶金额",
            "约25万元",
            Quantity("25", "万元", Qualifier.APPROXIMATELY),
        ),
        ("public-service", "协助退休人员养老认证", "1326名", Quantity("1326", "名")),
        ("public-service", "申报社区创新培育项目", "二个", Quantity("2", "个")),
    ],
)
def test_kaifu_figures_read_by_hand(
    kaifu: Report, project_id: str, name: str, printed: str, expected: Quantity
) -> None:
    indicator = by_name(kaifu.project(project_id), name)
    assert indicator.actual == Actual(value=expected, text=printed)
    assert indicator.actual.value is not None
    assert str(indicator.actual.value.value) == str(expected.value)  # digits, not only value


def test_kaifu_32_thousand_volumes(kaifu: Report) -> None:
    indicator = by_name(kaifu.project("social-management"), "发放宣传资料")
    assert indicator.level1 is IndicatorLevel1.OUTPUT
    assert indicator.level2 is IndicatorLevel2.QUANTITY
    assert indicator.actual is not None
    value = indicator.actual.value
    assert value is not None
    assert value.value == Decimal("32000")
    assert (value.unit, value.qualifier) == ("册", Qualifier.AT_LEAST)
    assert (
        indicator.source_text
        == "不断深化“平安开福”建设，加大扫黑除恶、禁毒宣传力度，发放宣传资料3.2万余册"
    )


def test_kaifu_each_printed_figure_once(kaifu: Report) -> None:
    public, social = kaifu.project("public-service"), kaifu.project("social-management")
    # 3件 appears twice in the social paragraph (受理信访件3件, 立案3件): two indicators.
    assert len(by_text(social, "3件")) == 2
    for printed in ("18名", "56名", "36名", "9名", "4个", "2件", "8件", "2人", "13次", "50个"):
        assert len(by_text(social, printed)) == 1, printed
    for printed in ("27个", "4976条", "1295人", "700人", "5个", "82个", "4期", "9期", "375人"):
        assert len(by_text(public, printed)) == 1, printed
    for printed in ("151人", "880人", "6128人", "30人", "131人", "68人"):
        assert len(by_text(public, printed)) == 1, printed


# -- tangxi-2022 ----------------------------------------------------------------------------


def test_tangxi_header(tangxi: Report) -> None:
    assert tangxi.title == "项目支出绩效自评表（2022年度）"
    assert tangxi.kind is ReportKind.PROJECT_SELF_EVALUATION
    assert tangxi.fiscal_year == 2022
    unit = tangxi.unit
    assert (unit.name, unit.code, unit.level) == (
        "池州市贵池区棠溪镇人民政府",
        "219001",
        GovernmentLevel.TOWNSHIP,
    )
    assert unit.supervisor == "219-池州市贵池区棠溪镇人民政府"
    assert unit.region == "安徽省池州市贵池区"
    assert tangxi.source is not None
    assert tangxi.source.note is not None
    assert "cut off" in tangxi.source.note


def test_tangxi_total_row_of_zeros_is_kept(tangxi: Report) -> None:
    (project,) = tangxi.projects
    assert (project.id, project.name) == ("entrusted-business", "委托业务项目")
    assert project.totals is not None
    assert project.totals.budget == Money("0", WAN)
    assert project.totals.initial_budget == Money("0", WAN)
    assert project.totals.expenditure == Money("0", WAN)
    assert project.budget_execution is not None
    execution = project.budget_execution
    assert (execution.weight, execution.rate, execution.score) == (
        Decimal("10"),
        Decimal("0"),
        Decimal("0"),
    )
    (line,) = project.budget_lines
    assert (line.source, line.label, line.level) == (FundSource.FISCAL, "其中：本年财政拨款", None)
    assert line.budget == Money("89.974", WAN)
    assert digits(line.budget) == "89.974"
    assert digits(line.initial_budget) == "90"
    assert digits(line.expenditure) == "89.974"


def test_tangxi_goal_and_outcome_as_printed(tangxi: Report) -> None:
    (project,) = tangxi.projects
    assert project.goal == (
        "共申请预算资金90万元。其中：30万元用于基建工程项目预算编制；30万元用于…审计；"
        "30万元用于…设计、规划、测绘。"
    )
    assert project.outcome == "共完成预算资金89.97万元。其中：30…；30…；29.99万元…"


def test_tangxi_indicators(tangxi: Report) -> None:
    (project,) = tangxi.projects
    rows = [(i.level1, i.level2, i.name, i.weight, i.score) for i in project.indicators]
    out, eff = IndicatorLevel1.OUTPUT, IndicatorLevel1.EFFECT
    level2 = IndicatorLevel2
    assert rows == [
        (out, level2.QUANTITY, "基建工程委托业务项目数量", 8, 8),
        (out, level2.QUALITY, "委托业务报告合格率", 8, 8),
        (out, level2.QUALITY, "经费支出合规性", 8, 8),
        (out, level2.TIMELINESS, "提交报告及时性", 8, 8),
        (out, level2.COST, "项目总成本", 8, 8),
        (out, level2.COST, "单项业务成本", 10, 10),
        (eff, level2.SOCIAL_BENEFIT, "对维护基建市场公平的影响程度", 10, 10),
        (eff, level2.ECOLOGICAL_BENEFIT, "对控制基建项目成本影响程度", 10, 10),
        (eff, level2.SUSTAINABILITY, "对推动基建项目“四项制度”健全和落实的持续性影响", 10, 10),
        (
            IndicatorLevel1.SATISFACTION,
            level2.BENEFICIARY_SATISFACTION,
            "公众满…",
            None,
            None,
        ),
    ]
    first, rate, _, timely, cost = project.indicators[:5]
    assert first.target == Target(Operator.GE, Quantity("50", "个"), "≥50个")
    assert first.actual == Actual(value=Quantity("50"))
    assert rate.target == Target(Operator.GE, Quantity("100", "%"), "≥100百分比")
    assert timely.target == Target(Operator.QUALITATIVE, None, "在项目计划完成时间内完成")
    assert timely.actual == Actual(achievement=Achievement.ACHIEVED, text="达成预期指标")
    assert cost.target == Target(Operator.LE, Quantity("90", "万元"), "≤90万元")
    assert cost.actual == Actual(value=Quantity("90"))
    cut = project.indicators[-1]
    assert (cut.target, cut.actual, cut.deviation) == (None, None, None)
    weights = [i.weight for i in project.indicators if i.weight is not None]
    assert sum(weights) == 80  # 50 output + 30 effect; the satisfaction 10 was cut off


# -- qingshen-2023 --------------------------------------------------------------------------


def test_qingshen(qingshen: Report) -> None:
    assert qingshen.title == "部门预算项目支出绩效自评表（2023年度）"
    assert qingshen.kind is ReportKind.PROJECT_SELF_EVALUATION
    assert qingshen.fiscal_year == 2023
    assert (qingshen.unit.name, qingshen.unit.level, qingshen.unit.region_code) == (
        "青神县发展和改革局",
        GovernmentLevel.COUNTY,
        "511425",
    )
    assert qingshen.unit.region == "四川省眉山市青神县"
    assert qingshen.source is not None
    assert qingshen.source.url == "https://www.scqs.gov.cn/info/13206/211004.htm"
    (project,) = qingshen.projects
    assert project.id == project.code == "51000021R000000019951"
    assert project.name == "工资性支出"
    assert project.totals is not None
    assert [
        digits(project.totals.initial_budget),
        digits(project.totals.budget),
        digits(project.totals.expenditure),
    ] == ["238.93", "251.89", "251.89"]
    assert project.budget_execution is not None
    assert str(project.budget_execution.rate) == "100.00"
    assert project.budget_execution.weight == 10
    assert project.budget_execution.score is None
    (line,) = project.budget_lines
    assert (line.source, line.label) == (FundSource.SPECIAL_ACCOUNT, "财政专户管理资金")
    assert [digits(line.initial_budget), digits(line.budget), digits(line.expenditure)] == [
        "0.00",
        "0.00",
        "0.00",
    ]


def test_qingshen_has_targets_but_no_results(qingshen: Report) -> None:
    (project,) = qingshen.projects
    expected = Target(Operator.EQ, Quantity("100", "%"), "=100%")
    rows = [(i.level1, i.level2, i.name, i.weight) for i in project.indicators]
    assert rows == [
        (IndicatorLevel1.OUTPUT, IndicatorLevel2.QUANTITY, "发放(缴纳)覆盖率", Decimal("60")),
        (
            IndicatorLevel1.EFFECT,
            IndicatorLevel2.SOCIAL_BENEFIT,
            "足额保障率(参保率)",
            Decimal("30"),
        ),
    ]
    for indicator in project.indicators:
        assert indicator.target == expected
        assert indicator.actual is None
        assert indicator.score is None
    assert '"actual"' not in examples.text("qingshen-2023")
