"""The report model: frozen attrs classes for the v1 document.

The classes mirror the JSON one to one: member names are the attribute names,
sequences are tuples, optional members are ``None`` (or ``()`` for arrays) when absent.
Every field carries its Chinese label (``title``) and a description in its attrs
metadata; the JSON Schema is generated from them.

A report records what was printed, even when its figures contradict each other; the
constructors reject only what is malformed (a wrong type, a bad code, an id that does
not match its pattern, two projects with one id).

>>> from perfeval import BudgetLine, FundSource, KeyProject
>>> from perfeval import Money, MoneyUnit
>>> line = BudgetLine(source=FundSource.FISCAL, budget=Money("213.28", MoneyUnit.WAN_YUAN))
>>> project = KeyProject(id="public-service", name="公共服务", budget_lines=[line])
>>> project.budget_lines[0].budget
Money('213.28', MoneyUnit.WAN_YUAN)
>>> KeyProject(id="公共服务", name="公共服务")
Traceback (most recent call last):
...
ValueError: id must be an id of letters, digits, '_', '.' or '-' (at most 64, ...; not '公共服务'
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from perfeval import _spec as s
from perfeval._io.limits import MAX_GROUP_DEPTH
from perfeval._regex import END
from perfeval._spec import optional_decimal, since, to_cells, to_tuple
from perfeval.codes import (
    ExpenditureCategory,
    FundSource,
    GovernmentLevel,
    Grade,
    GroupScope,
    IncomeSource,
    IndicatorLevel1,
    IndicatorLevel2,
    IndicatorMetric,
    IssueCategory,
    ProjectType,
    ReportKind,
    StaffKind,
)
from perfeval.errors import FieldError
from perfeval.money import Money
from perfeval.quantity import Actual, Target

__all__ = [
    "EMPTY_PROJECTS",
    "EMPTY_PROJECTS_ZH",
    "PROJECT_ID_PATTERN",
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "SCHEMA_VERSION_PATTERN",
    "BudgetExecution",
    "BudgetLine",
    "CategoryAmount",
    "Department",
    "Evaluation",
    "IncomeLine",
    "Indicator",
    "Issue",
    "KeyProject",
    "ProjectAttribute",
    "Report",
    "Review",
    "ScoreGroup",
    "Source",
    "Staffing",
    "Totals",
    "Unit",
]

#: The newest schema version this perfeval reads and writes.
SCHEMA_VERSION: Final = "1.1"
#: Every schema version this perfeval reads, oldest first; a document keeps its own.
SCHEMA_VERSIONS: Final = ("1.0", "1.1")
#: The versions this perfeval reads, as a pattern (the 1.0 schema admitted any 1.x).
SCHEMA_VERSION_PATTERN: Final = r"^1\.[01]" + END
#: The pattern of project ids (a letter or digit, then up to 63 letters, digits, _ . or -).
PROJECT_ID_PATTERN: Final = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}" + END
_ID_HINT: Final = (
    "must be an id of letters, digits, '_', '.' or '-' (at most 64, starting with a letter"
    ' or digit) such as "public-service"; not {value!r}'
)
_VERSION_HINT: Final = (
    "must be a schema version this perfeval reads (1.0 to 1.1), not {value!r}; a newer"
    " perfeval may read a newer version"
)
_ID_HINT_ZH: Final = (
    "应为由字母、数字、“_”、“.”或“-”组成的编号（最多 64 个字符，以字母或数字开头），"
    '如 "public-service"；而不是 {value!r}'
)
_VERSION_HINT_ZH: Final = (
    "应为此版本 perfeval 能读取的 schema 版本（1.0 至 1.1），而不是 {value!r}；"
    "更新的 perfeval 可能读取更新的版本"
)
#: The metadata of every ``cells`` member (new in schema 1.1).
_CELLS: Final = since(
    "1.1",
    s.cells("单元格", "Where each figure was read in the printed table: member name → cell (D7)."),
)


def _extensions(what: str, version: str = "1.1") -> dict[str, Any]:
    """The metadata of an ``extensions`` member (hashed out: free-form JSON is mutable)."""
    return since(
        version, s.extensions("扩展", f"Anything else about the {what}, kept exactly as given.")
    )


_FUNCTIONAL_CODE_PATTERN: Final = "^[0-9]{3}([0-9]{2}){0,2}" + END
_REGION_CODE_PATTERN: Final = "^[0-9]{6}" + END


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Totals:
    """Totals as printed (a 合计 row, or a sum stated in the narrative).

    >>> from perfeval import Money, MoneyUnit, Totals
    >>> Totals(budget=Money("654.45", MoneyUnit.WAN_YUAN)).expenditure is None
    True
    """

    initial_budget: Money | None = attrs.field(
        default=None, metadata=s.money("年初预算数", "The initial budget as printed.")
    )
    budget: Money | None = attrs.field(
        default=None,
        metadata=s.money(
            "全年预算数",
            "The full-year (adjusted) budget as printed: 全年预算数, 指标总额, 调整后预算数.",
        ),
    )
    expenditure: Money | None = attrs.field(
        default=None,
        metadata=s.money(
            "全年执行数", "The full-year expenditure as printed: 全年执行数, 支出总额, 预算执行数."
        ),
    )
    received: Money | None = attrs.field(
        default=None,
        metadata=since(
            "1.1",
            s.money("资金到位数", "The funds actually received as printed (到位资金, 实际到位)."),
        ),
    )
    cells: Mapping[str, str] | None = attrs.field(
        default=None, converter=to_cells, hash=False, metadata=_CELLS
    )


@attrs.frozen(kw_only=True, field_transformer=s.install)
class CategoryAmount:
    """One category of the report's expenditure split (业务工作经费 1022.17 万元 …).

    >>> from perfeval import CategoryAmount, ExpenditureCategory, Money, MoneyUnit
    >>> zero = Money(0, MoneyUnit.WAN_YUAN)
    >>> item = CategoryAmount(category=ExpenditureCategory.SPECIAL, amount=zero)
    >>> print(item.category.label, item.amount)
    专项经费 0万元
    """

    category: ExpenditureCategory = attrs.field(
        metadata=s.code(ExpenditureCategory, "支出类别", "The expenditure category.")
    )
    amount: Money = attrs.field(metadata=s.money("金额", "The amount spent in this category."))
    label: str | None = attrs.field(
        default=None, metadata=s.text("原文标签", "The category as printed, e.g. 业务工作经费.")
    )


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Source:
    """Where a report was published (provenance).

    >>> import datetime
    >>> from perfeval import Source
    >>> Source(published=datetime.date(2021, 5, 20)).published.year
    2021
    """

    title: str | None = attrs.field(
        default=None, metadata=s.text("来源标题", "The title of the published document.")
    )
    url: str | None = attrs.field(
        default=None, metadata=s.text("来源网址", "Where the document was published.")
    )
    published: datetime.date | None = attrs.field(
        default=None, metadata=s.date("发布日期", "The date of publication (YYYY-MM-DD).")
    )
    note: str | None = attrs.field(
        default=None, metadata=s.text("备注", "Notes on the source or on the transcription.")
    )


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Unit:
    """The budget unit (预算单位) that reports.

    >>> from perfeval import GovernmentLevel, Unit
    >>> Unit(name="开福区洪山街道办事处", level=GovernmentLevel.TOWNSHIP).level.label
    '乡镇街道'
    """

    name: str = attrs.field(metadata=s.text("单位名称", "The unit's name."))
    code: str | None = attrs.field(
        default=None, metadata=s.text("单位编码", "The unit's code as printed, e.g. 219001.")
    )
    level: GovernmentLevel | None = attrs.field(
        default=None,
        metadata=s.code(
            GovernmentLevel, "单位级次", "The level of government the unit belongs to."
        ),
    )
    region: str | None = attrs.field(
        default=None, metadata=s.text("行政区划", "The administrative region's name.")
    )
    region_code: str | None = attrs.field(
        default=None,
        metadata=s.text(
            "行政区划代码",
            "The administrative division code (GB/T 2260), six digits.",
            pattern=_REGION_CODE_PATTERN,
            hint="must be a six-digit administrative division code (GB/T 2260) such as"
            ' "430105"; not {value!r}',
            hint_zh='应为六位行政区划代码（GB/T 2260），如 "430105"；而不是 {value!r}',
        ),
    )
    supervisor: str | None = attrs.field(
        default=None, metadata=s.text("主管部门", "The supervising department as printed.")
    )
    extensions: dict[str, Any] | None = attrs.field(
        default=None, hash=False, metadata=_extensions("unit")
    )


@attrs.frozen(kw_only=True, field_transformer=s.install)
class BudgetLine:
    """One row of a project's money table (资金明细): where the money came from.

    >>> from perfeval import BudgetLine, FundSource, Money, MoneyUnit
    >>> BudgetLine(source=FundSource.FISCAL, budget=Money("90", MoneyUnit.WAN_YUAN)).expenditure
    """

    source: FundSource = attrs.field(
        metadata=s.code(FundSource, "资金来源", "Where the money comes from.")
    )
    level: GovernmentLevel | None = attrs.field(
        default=None,
        metadata=s.code(
            GovernmentLevel, "资金级次", "Which government's money it is (区级资金 = county)."
        ),
    )
    label: str | None = attrs.field(
        default=None, metadata=s.text("行标签", "The row as printed, e.g. 其中：区级资金.")
    )
    functional_code: str | None = attrs.field(
        default=None,
        metadata=s.text(
            "功能分类科目",
            "The functional classification code: 类 3 digits, 款 5, 项 7.",
            pattern=_FUNCTIONAL_CODE_PATTERN,
            hint="must be a functional classification code of 3, 5 or 7 digits (类, 款, 项)"
            ' such as "20101"; not {value!r}',
            hint_zh="应为 3、5 或 7 位的功能分类科目编码（类、款、项），"
            '如 "20101"；而不是 {value!r}',
        ),
    )
    initial_budget: Money | None = attrs.field(
        default=None, metadata=s.money("年初预算数", "The initial budget.")
    )
    budget: Money = attrs.field(
        metadata=s.money("全年预算数", "The full-year budget (全年预算数, 指标数, 调整后预算数).")
    )
    expenditure: Money | None = attrs.field(
        default=None, metadata=s.money("全年执行数", "The full-year expenditure (支出数).")
    )
    cells: Mapping[str, str] | None = attrs.field(
        default=None, converter=to_cells, hash=False, metadata=_CELLS
    )
    extensions: dict[str, Any] | None = attrs.field(
        default=None, hash=False, metadata=_extensions("row")
    )


@attrs.frozen(kw_only=True, field_transformer=s.install)
class BudgetExecution:
    """The self-evaluation's budget execution row (预算执行率) as printed.

    >>> from perfeval import BudgetExecution
    >>> BudgetExecution(weight="10", rate="86", score="9").score
    Decimal('9')
    """

    weight: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("分值", "The weight of budget execution (usually 10)."),
    )
    rate: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("执行率", "The execution rate as printed, in percent."),
    )
    score: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("得分", "The score printed for budget execution."),
    )
    reason: str | None = attrs.field(
        default=None,
        metadata=since(
            "1.1",
            s.text(
                "偏差原因",
                "The reason printed beside the execution rate (未完成原因 / 偏差原因分析).",
            ),
        ),
    )
    cells: Mapping[str, str] | None = attrs.field(
        default=None, converter=to_cells, hash=False, metadata=_CELLS
    )


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Indicator:
    """A performance indicator (绩效指标): a third-level indicator under its two levels.

    >>> from perfeval import Indicator, IndicatorLevel1, IndicatorLevel2
    >>> from perfeval import parse_target, parse_actual
    >>> ind = Indicator(level1=IndicatorLevel1.OUTPUT, level2=IndicatorLevel2.QUANTITY,
    ...                 name="基建工程委托业务项目数量", target=parse_target("≥50个"),
    ...                 actual=parse_actual("50"), weight="8", score="8")
    >>> ind.target.operator
    Operator.GE
    >>> Indicator(level1=IndicatorLevel1.OUTPUT, name="")
    Traceback (most recent call last):
    ...
    ValueError: name must not be empty; omit the member when there is nothing to say
    """

    level1: IndicatorLevel1 = attrs.field(
        metadata=s.code(IndicatorLevel1, "一级指标", "The first-level indicator.")
    )
    level2: IndicatorLevel2 | None = attrs.field(
        default=None,
        metadata=s.code(IndicatorLevel2, "二级指标", "The second-level indicator."),
    )
    level1_label: str | None = attrs.field(
        default=None,
        metadata=since(
            "1.1",
            s.text(
                "一级指标原文",
                "The first-level heading as printed (项目决策, 产出指标), kept whenever it is"
                ' not the code\'s own label; a weight printed in it ("(10分)") goes to the'
                " project's score_groups.",
            ),
        ),
    )
    level2_label: str | None = attrs.field(
        default=None,
        metadata=since(
            "1.1",
            s.text(
                "二级指标原文",
                "The second-level heading as printed (项目立项, 投入管理, 数量指标), kept"
                " whenever it is not the code's own label.",
            ),
        ),
    )
    name: str = attrs.field(metadata=s.text("三级指标", "The third-level indicator's name."))
    target: Target | None = attrs.field(
        default=None, metadata=s.obj(Target, "年度指标值", "The target (年度指标值).")
    )
    actual: Actual | None = attrs.field(
        default=None, metadata=s.obj(Actual, "实际完成值", "What was achieved (实际完成值).")
    )
    weight: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("分值", "The indicator's weight (分值/权重)."),
    )
    score: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("得分", "The score printed for the indicator."),
    )
    deviation: str | None = attrs.field(
        default=None,
        metadata=s.text(
            "偏差原因分析及改进措施", "The stated reason for a deviation and the measures taken."
        ),
    )
    source_text: str | None = attrs.field(
        default=None,
        metadata=s.text("原文", "The sentence of the report the indicator was read from."),
    )
    metric: IndicatorMetric | None = attrs.field(
        default=None,
        metadata=since(
            "1.1",
            s.code(
                IndicatorMetric,
                "指标口径",
                "What the row measures when a table prints a standard figure as an indicator:"
                " execution_rate for a budget execution rate (预算执行率) scored as an"
                " indicator rather than in the money block.",
            ),
        ),
    )
    cells: Mapping[str, str] | None = attrs.field(
        default=None, converter=to_cells, hash=False, metadata=_CELLS
    )
    extensions: dict[str, Any] | None = attrs.field(
        default=None, hash=False, metadata=_extensions("indicator")
    )


def _project_ids(value: Iterable[str]) -> tuple[str, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Issue:
    """A problem the report names (存在的问题).

    >>> from perfeval import Issue, IssueCategory
    >>> issue = Issue(category=IssueCategory.FUND_ALLOCATION, description="资金分配有待加强")
    >>> issue.category.label
    '资金分配'
    """

    category: IssueCategory = attrs.field(
        metadata=s.code(IssueCategory, "问题类别", "What the problem concerns.")
    )
    description: str = attrs.field(metadata=s.text("问题描述", "The problem as stated."))
    measures: str | None = attrs.field(
        default=None, metadata=s.text("整改措施", "The measures to correct it.")
    )
    project_ids: tuple[str, ...] = attrs.field(
        default=(),
        converter=_project_ids,
        metadata=s.strings(
            "涉及项目",
            "The ids of the projects the problem concerns.",
            pattern=PROJECT_ID_PATTERN,
            hint=_ID_HINT,
            hint_zh=_ID_HINT_ZH,
        ),
    )
    extensions: dict[str, Any] | None = attrs.field(
        default=None, hash=False, metadata=_extensions("problem")
    )


@attrs.frozen(kw_only=True, field_transformer=s.install)
class ProjectAttribute:
    """A printed classification cell of a project (项目类别, 项目属性, 项目类型 …).

    New in schema 1.1. Both the name and the value are kept exactly as printed.

    >>> from perfeval import ProjectAttribute
    >>> ProjectAttribute(name="项目属性", value="延续性项目").value
    '延续性项目'
    """

    name: str = attrs.field(metadata=s.text("名称", "The cell's heading as printed (项目类别)."))
    value: str = attrs.field(metadata=s.text("内容", "The cell's value as printed (延续性项目)."))


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Review:
    """A further score column beside the self-evaluation (财政审核评分, 主管部门复核 …).

    New in schema 1.1.

    >>> from perfeval import Review
    >>> Review(reviewer="财政审核评分", score="95").score
    Decimal('95')
    """

    reviewer: str = attrs.field(
        metadata=s.text("评分主体", "The column's heading as printed (财政审核评分).")
    )
    score: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("得分", "The score printed in that column."),
    )
    grade: Grade | None = attrs.field(
        default=None, metadata=s.code(Grade, "评价等级", "The grade printed in that column.")
    )
    note: str | None = attrs.field(
        default=None, metadata=s.text("说明", "What else the column says (审核意见).")
    )


def _groups(value: Iterable[ScoreGroup]) -> tuple[ScoreGroup, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, field_transformer=s.install)
class ScoreGroup:
    """A printed score heading (分值) and what it covers: the table's score layout.

    New in schema 1.1. A group covers every indicator (``all``: one heading such as
    ``年度绩效目标 (80分)`` over all rows), the money block's execution row
    (``execution``), or the indicators under one first- or second-level heading
    (``level1``, ``level2``). Those are named by code (``level1``/``level2``) or, when
    no code is given, by the group's own ``label`` matching the indicators' printed
    heading. Groups inside a group (``groups``) are its weighted sub-headings, as
    Ningxia prints 数量指标 (10分) inside 项目产出 (30分).

    >>> from perfeval import GroupScope, IndicatorLevel1, ScoreGroup
    >>> ScoreGroup(label="项目决策", weight="10", covers=GroupScope.LEVEL1,
    ...            level1=IndicatorLevel1.DECISION).weight
    Decimal('10')
    """

    label: str = attrs.field(
        metadata=s.text("标题", "The heading as printed, without its weight (项目决策).")
    )
    weight: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("分值", "The weight printed for the group (10分 → 10)."),
    )
    score: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("得分", "The score printed for the group, if the table prints one."),
    )
    covers: GroupScope = attrs.field(metadata=s.code(GroupScope, "范围", "What the group covers."))
    level1: IndicatorLevel1 | None = attrs.field(
        default=None,
        metadata=s.code(
            IndicatorLevel1, "一级指标", "With covers level1 or level2: the first-level code."
        ),
    )
    level2: IndicatorLevel2 | None = attrs.field(
        default=None,
        metadata=s.code(IndicatorLevel2, "二级指标", "With covers level2: the second-level code."),
    )
    groups: tuple[ScoreGroup, ...] = attrs.field(
        default=(),
        converter=_groups,
        # The class is not defined yet inside its own body: see _resolve_groups below.
        metadata=s.array(object, "子分组", "Weighted sub-headings inside this group."),
    )

    def __attrs_post_init__(self) -> None:
        _check_group_depth(self.groups)


def _check_group_depth(groups: tuple[ScoreGroup, ...]) -> None:
    """Refuse sub-groups that nest a group more than :data:`MAX_GROUP_DEPTH` deep.

    The walk looks at each group below once, and at most ``MAX_GROUP_DEPTH`` levels down.
    """
    level = 2  # the groups' own
    frontier = [(group, f"/groups/{index}") for index, group in enumerate(groups)]
    while frontier:
        if level > MAX_GROUP_DEPTH:
            msg = (
                f"score groups nest at most {MAX_GROUP_DEPTH} levels deep"
                f" (分值结构最多嵌套{MAX_GROUP_DEPTH}层)"
            )
            raise FieldError(
                msg,
                member=frontier[0][1],
                value="{...}",
                kind="limit",
                message_zh=f"分值结构（score groups）最多嵌套 {MAX_GROUP_DEPTH} 层",
            )
        frontier = [
            (inner, f"{path}/groups/{index}")
            for group, path in frontier
            for index, inner in enumerate(group.groups)
        ]
        level += 1


def _resolve_groups() -> None:
    # A score group holds score groups: its item class is set once the class exists.
    item = s.spec_of(attrs.fields(ScoreGroup).groups).item
    assert item is not None  # noqa: S101 - array() makes one
    object.__setattr__(item, "cls", ScoreGroup)


_resolve_groups()


# Typed converters, one per item class: mypy reads a converter's own signature only.
def _budget_lines(value: Iterable[BudgetLine]) -> tuple[BudgetLine, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


def _indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


def _issues(value: Iterable[Issue]) -> tuple[Issue, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


def _attributes(value: Iterable[ProjectAttribute]) -> tuple[ProjectAttribute, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


def _reviews(value: Iterable[Review]) -> tuple[Review, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, field_transformer=s.install)
class KeyProject:
    """A project (重点项目 / 项目) with its money, indicators and problems.

    >>> from perfeval import KeyProject, ProjectType
    >>> KeyProject(id="p1", name="社会管理", project_type=ProjectType.RECURRING).project_type.label
    '经常性'
    """

    id: str = attrs.field(
        metadata=s.text(
            "项目标识",
            "An id for the project, unique within the report (letters, digits, _ . -).",
            pattern=PROJECT_ID_PATTERN,
            hint=_ID_HINT,
            hint_zh=_ID_HINT_ZH,
        )
    )
    name: str = attrs.field(metadata=s.text("项目名称", "The project's name as printed."))
    code: str | None = attrs.field(
        default=None, metadata=s.text("项目编码", "The project's code as printed.")
    )
    project_type: ProjectType | None = attrs.field(
        default=None, metadata=s.code(ProjectType, "项目类型", "How the project recurs.")
    )
    purpose: str | None = attrs.field(
        default=None, metadata=s.text("资金用途、使用方向", "What the money is for.")
    )
    budget_lines: tuple[BudgetLine, ...] = attrs.field(
        default=(),
        converter=_budget_lines,
        metadata=s.array(BudgetLine, "资金明细", "The rows of the project's money table."),
    )
    totals: Totals | None = attrs.field(
        default=None, metadata=s.obj(Totals, "项目合计", "The project's totals as printed.")
    )
    goal: str | None = attrs.field(
        default=None, metadata=s.text("年度目标", "The annual goal (年度总体目标 / 预期目标).")
    )
    outcome: str | None = attrs.field(
        default=None, metadata=s.text("绩效完成情况", "What was achieved (实际完成情况).")
    )
    budget_execution: BudgetExecution | None = attrs.field(
        default=None,
        metadata=s.obj(
            BudgetExecution, "预算执行率", "The budget execution row of a self-evaluation."
        ),
    )
    indicators: tuple[Indicator, ...] = attrs.field(
        default=(),
        converter=_indicators,
        metadata=s.array(Indicator, "绩效指标", "The indicators."),
    )
    issues: tuple[Issue, ...] = attrs.field(
        default=(),
        converter=_issues,
        metadata=s.array(Issue, "存在的问题", "Problems of this project."),
    )
    score: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("得分", "The project's total score as printed (总分)."),
    )
    grade: Grade | None = attrs.field(
        default=None, metadata=s.code(Grade, "评价等级", "The project's grade as printed.")
    )
    deviation: str | None = attrs.field(
        default=None,
        metadata=since(
            "1.1",
            s.text(
                "偏差大或目标未完成原因分析",
                "The project-level analysis of deviations or unmet targets, as printed.",
            ),
        ),
    )
    attributes: tuple[ProjectAttribute, ...] = attrs.field(
        default=(),
        converter=_attributes,
        metadata=since(
            "1.1",
            s.array(
                ProjectAttribute,
                "项目属性",
                "Printed classification cells (项目类别, 项目属性, 项目类型 …) as printed.",
            ),
        ),
    )
    score_groups: tuple[ScoreGroup, ...] = attrs.field(
        default=(),
        converter=_groups,
        metadata=since(
            "1.1",
            s.array(ScoreGroup, "分值结构", "The printed score layout: weighted headings."),
        ),
    )
    reviews: tuple[Review, ...] = attrs.field(
        default=(),
        converter=_reviews,
        metadata=since(
            "1.1",
            s.array(Review, "其他评分", "Further score columns (财政审核评分, 主管部门复核 …)."),
        ),
    )
    cells: Mapping[str, str] | None = attrs.field(
        default=None, converter=to_cells, hash=False, metadata=_CELLS
    )
    extensions: dict[str, Any] | None = attrs.field(
        default=None, hash=False, metadata=_extensions("project")
    )


def _projects(value: Iterable[KeyProject]) -> tuple[KeyProject, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


def _categories(value: Iterable[CategoryAmount]) -> tuple[CategoryAmount, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, field_transformer=s.install)
class IncomeLine:
    """One source of a department's income as printed (其中：财政拨款收入 792.22万元).

    New in schema 1.1.

    >>> from perfeval import IncomeLine, IncomeSource, Money, MoneyUnit
    >>> IncomeLine(source=IncomeSource.FISCAL, amount=Money("792.22", MoneyUnit.WAN_YUAN)).amount
    Money('792.22', MoneyUnit.WAN_YUAN)
    """

    source: IncomeSource = attrs.field(
        metadata=s.code(IncomeSource, "收入来源", "Where the income comes from.")
    )
    label: str | None = attrs.field(
        default=None, metadata=s.text("原文标签", "The row as printed, e.g. 财政拨款收入.")
    )
    amount: Money = attrs.field(metadata=s.money("金额", "The income from this source."))


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Staffing:
    """A head count a department prints (编制人数 63, 实有人数 57 …). New in schema 1.1.

    >>> from perfeval import StaffKind, Staffing
    >>> Staffing(kind=StaffKind.AUTHORIZED, count=15, label="事业编制人数").count
    15
    """

    kind: StaffKind = attrs.field(metadata=s.code(StaffKind, "人员类别", "Which head count."))
    label: str | None = attrs.field(
        default=None, metadata=s.text("原文标签", "The count's label as printed (事业编制人数).")
    )
    count: int = attrs.field(
        metadata=s.integer("人数", "The number of people.", minimum=0, maximum=10_000_000)
    )


def _income(value: Iterable[IncomeLine]) -> tuple[IncomeLine, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


def _staffing(value: Iterable[Staffing]) -> tuple[Staffing, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


def _divisions(value: Iterable[str]) -> tuple[str, ...]:
    return to_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Department:
    """What a whole-department (部门整体) report prints about the department itself.

    New in schema 1.1. Its spending is in the report's ``totals`` and
    ``expenditure_by_category`` (人员经费, 公用经费, 项目支出); this holds its income,
    its staff and its internal divisions.

    >>> from perfeval import Department, StaffKind, Staffing
    >>> Department(staffing=[Staffing(kind=StaffKind.ACTUAL, count=14)]).staffing[0].count
    14
    """

    income: Money | None = attrs.field(
        default=None, metadata=s.money("收入合计", "The department's total income as printed.")
    )
    income_by_source: tuple[IncomeLine, ...] = attrs.field(
        default=(),
        converter=_income,
        metadata=s.array(IncomeLine, "收入构成", "The income by source, as printed."),
    )
    staffing: tuple[Staffing, ...] = attrs.field(
        default=(),
        converter=_staffing,
        metadata=s.array(Staffing, "人员情况", "Head counts as printed (编制, 实有, 离退休 …)."),
    )
    divisions: tuple[str, ...] = attrs.field(
        default=(),
        converter=_divisions,
        metadata=s.strings("内设机构", "The internal divisions (内设机构) as printed."),
    )
    division_count: int | None = attrs.field(
        default=None,
        metadata=s.integer(
            "内设机构数", "How many internal divisions it prints.", minimum=0, maximum=100_000
        ),
    )
    goal: str | None = attrs.field(
        default=None, metadata=s.text("部门整体绩效目标", "The department's goals as printed.")
    )
    outcome: str | None = attrs.field(
        default=None,
        metadata=s.text("目标完成情况", "What the department achieved, as printed."),
    )
    budget_execution: BudgetExecution | None = attrs.field(
        default=None,
        metadata=s.obj(
            BudgetExecution, "预算执行率", "The department's budget execution row as printed."
        ),
    )
    indicators: tuple[Indicator, ...] = attrs.field(
        default=(),
        converter=_indicators,
        metadata=s.array(Indicator, "绩效指标", "The indicators of the department's own table."),
    )
    score_groups: tuple[ScoreGroup, ...] = attrs.field(
        default=(),
        converter=_groups,
        metadata=s.array(ScoreGroup, "分值结构", "The printed score layout of that table."),
    )
    extensions: dict[str, Any] | None = attrs.field(
        default=None, hash=False, metadata=_extensions("department")
    )


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Evaluation:
    """Who evaluated, for whom and on what basis, as a report prints it.

    New in schema 1.1: third-party and finance-bureau evaluations print their
    evaluator (评价机构), the body that commissioned them (委托方), their report number
    and the notice they were made under.

    >>> from perfeval import Evaluation
    >>> Evaluation(evaluator="某绩效评价咨询有限公司", commissioned_by="某省财政厅").evaluator
    '某绩效评价咨询有限公司'
    """

    evaluator: str | None = attrs.field(
        default=None, metadata=s.text("评价机构", "Who carried out the evaluation, as printed.")
    )
    commissioned_by: str | None = attrs.field(
        default=None, metadata=s.text("委托方", "Who commissioned it, as printed.")
    )
    number: str | None = attrs.field(
        default=None, metadata=s.text("报告编号", "The report's number as printed.")
    )
    basis: str | None = attrs.field(
        default=None,
        metadata=s.text("评价依据", "The notice or document it was made under, as printed."),
    )
    date: datetime.date | None = attrs.field(
        default=None, metadata=s.date("报告日期", "The date the report gives itself.")
    )


#: The message of the one rule between ``kind`` and ``projects``.
EMPTY_PROJECTS: Final = (
    "projects must not be empty unless the report is a department_overall report"
)
#: :data:`EMPTY_PROJECTS` in Chinese.
EMPTY_PROJECTS_ZH: Final = (
    "除部门整体支出绩效评价报告（department_overall）外，projects（项目）不能为空"
)


def _check_projects(report: Report, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value and report.kind is not ReportKind.DEPARTMENT_OVERALL:
        raise FieldError(
            EMPTY_PROJECTS, member="/projects", value="[]", message_zh=EMPTY_PROJECTS_ZH
        )
    seen: set[str] = set()
    for index, project in enumerate(value):
        if project.id in seen:
            msg = f"project ids must be unique; {project.id!r} appears more than once"
            raise FieldError(
                msg,
                member=f"/projects/{index}/id",
                value=repr(project.id),
                message_zh=f"项目编号（id）必须唯一；{project.id!r} 出现了不止一次",
            )
        seen.add(project.id)


@attrs.frozen(kw_only=True, field_transformer=s.install)
class Report:
    """A budget performance evaluation report (绩效评价报告): the document's root.

    >>> from perfeval import KeyProject, Report, ReportKind, Unit
    >>> report = Report(
    ...     title="2020年度重点项目绩效评价结果",
    ...     kind=ReportKind.KEY_PROJECT_RESULTS,
    ...     fiscal_year=2020,
    ...     unit=Unit(name="开福区洪山街道办事处"),
    ...     projects=[KeyProject(id="p1", name="公共服务")],
    ... )
    >>> report.schema_version, report.project("p1").name
    ('1.0', '公共服务')
    >>> Report(title="t", kind=ReportKind.OTHER, fiscal_year=1900, unit=report.unit, projects=[])
    Traceback (most recent call last):
    ...
    ValueError: fiscal_year must be between 1949 and 2100, not 1900
    """

    schema_version: str = attrs.field(
        # A report built in Python says 1.0 unless it holds a member of a later
        # version: __attrs_post_init__ then names the version it needs.
        default=SCHEMA_VERSIONS[0],
        metadata=s.text(
            "模式版本",
            "The version of the schema the document follows, 1.<minor>.",
            pattern=SCHEMA_VERSION_PATTERN,
            hint=_VERSION_HINT,
            hint_zh=_VERSION_HINT_ZH,
            hint_kind="version",
            always=True,
        ),
    )
    title: str = attrs.field(metadata=s.text("报告标题", "The report's title as printed."))
    kind: ReportKind = attrs.field(
        metadata=s.code(ReportKind, "报告类型", "What kind of report it is.")
    )
    fiscal_year: int = attrs.field(
        metadata=s.integer("预算年度", "The fiscal year evaluated.", minimum=1949, maximum=2100)
    )
    unit: Unit = attrs.field(metadata=s.obj(Unit, "预算单位", "The unit that reports."))
    projects: tuple[KeyProject, ...] = attrs.field(
        converter=_projects,
        metadata=s.array(
            KeyProject,
            "项目",
            "The projects evaluated; empty only in a department_overall report.",
            required=True,
        ),
    )
    totals: Totals | None = attrs.field(
        default=None, metadata=s.obj(Totals, "合计", "The report's totals as printed.")
    )
    expenditure_by_category: tuple[CategoryAmount, ...] = attrs.field(
        default=(),
        converter=_categories,
        metadata=s.array(
            CategoryAmount, "支出构成", "The expenditure split by category, as printed."
        ),
    )
    issues: tuple[Issue, ...] = attrs.field(
        default=(),
        converter=_issues,
        metadata=s.array(Issue, "存在的问题", "Problems at report level."),
    )
    score: Decimal | None = attrs.field(
        default=None,
        converter=optional_decimal,
        metadata=s.decimal("总分", "The total score as printed (总分 / 综合评分)."),
    )
    grade: Grade | None = attrs.field(
        default=None, metadata=s.code(Grade, "评价等级", "The grade as printed.")
    )
    source: Source | None = attrs.field(
        default=None, metadata=s.obj(Source, "来源", "Where the report was published.")
    )
    evaluation: Evaluation | None = attrs.field(
        default=None,
        metadata=since(
            "1.1",
            s.obj(Evaluation, "评价信息", "Who evaluated, for whom and on what basis."),
        ),
    )
    department: Department | None = attrs.field(
        default=None,
        metadata=since(
            "1.1",
            s.obj(Department, "部门整体情况", "A whole-department report's income and staff."),
        ),
    )
    extensions: dict[str, Any] | None = attrs.field(
        default=None,
        hash=False,
        metadata=s.extensions("扩展", "Anything else, kept exactly as given on a round trip."),
    )

    def __attrs_post_init__(self) -> None:
        _check_projects(self, attrs.fields(Report).projects, self.projects)
        # A report that holds a member of a later schema is a document of that schema
        # (the loader reads each version with its own members, so its reports agree).
        if self.schema_version != SCHEMA_VERSION and not s.loading():
            needed = s.version_needed(self)
            if s.version_key(needed) > s.version_key(self.schema_version):
                object.__setattr__(self, "schema_version", needed)

    def project(self, project_id: str) -> KeyProject:
        """Return the project with id *project_id*.

        Raises:
            KeyError: no project has that id.
        """
        for candidate in self.projects:
            if candidate.id == project_id:
                return candidate
        raise KeyError(project_id)
