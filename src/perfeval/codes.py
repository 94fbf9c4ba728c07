"""Every code list of the v1 contract, defined once.

Each list is a :class:`CodeEnum`: the member's value is the code written in JSON,
and every member carries its Chinese ``label`` and an English ``description``.
The same definitions feed the Python enums, the JSON Schema and the docs.

>>> from perfeval import MoneyUnit, ProjectType
>>> ProjectType.RECURRING.value, ProjectType.RECURRING.label
('recurring', '经常性')
>>> ProjectType("one_off").description
'One-off project'
>>> MoneyUnit.WAN_YUAN.exponent
4
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypeVar

__all__ = [
    "MONEY_UNIT_LABELS",
    "Achievement",
    "CodeEnum",
    "ExpenditureCategory",
    "FundSource",
    "GovernmentLevel",
    "Grade",
    "GroupScope",
    "IncomeSource",
    "IndicatorLevel1",
    "IndicatorLevel2",
    "IndicatorMetric",
    "IssueCategory",
    "MoneyUnit",
    "Operator",
    "ProjectType",
    "Qualifier",
    "ReportKind",
    "StaffKind",
    "code_lists",
]


_C = TypeVar("_C", bound="CodeEnum")


class CodeEnum(enum.Enum):
    """A code list member: the JSON code, its Chinese label and an English description."""

    _value_: str
    label: str
    description: str

    if TYPE_CHECKING:

        def __new__(cls: type[_C], value: str) -> _C:
            """Look a member up by its code, as in ``ProjectType("recurring")``."""
    else:

        def __new__(cls, code: str, label: str, description: str) -> CodeEnum:
            """Make a member whose value is *code*."""
            member = object.__new__(cls)
            member._value_ = code
            member.label = label
            member.description = description
            return member

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # Pickle by code, not by the (code, label, description) triple.
        return type(self), (self._value_,)


class MoneyUnit(CodeEnum):
    """The scale a report states its money in (金额单位)."""

    YUAN = ("yuan", "元", "Yuan (1)")
    QIAN_YUAN = ("qian_yuan", "千元", "Thousand yuan (10^3)")
    WAN_YUAN = ("wan_yuan", "万元", "Ten thousand yuan (10^4)")
    YI_YUAN = ("yi_yuan", "亿元", "Hundred million yuan (10^8)")

    #: The power of ten that converts this unit to yuan (4 for 万元). A plain
    #: attribute, not a property, since money arithmetic reads it on every operation.
    exponent: int


for _unit, _exponent in zip(MoneyUnit, (0, 3, 4, 8), strict=True):
    _unit.exponent = _exponent
del _unit, _exponent

#: Each money unit by its printed label (``"万元"`` → ``MoneyUnit.WAN_YUAN``).
MONEY_UNIT_LABELS: Final[Mapping[str, MoneyUnit]] = MappingProxyType(
    {unit.label: unit for unit in MoneyUnit}
)


class Qualifier(CodeEnum):
    """How exact a printed quantity is (余, 约, 不到 …)."""

    EXACT = ("exact", "精确", "Exactly the value")
    AT_LEAST = ("at_least", "余/多/以上", "The value or more (余, 多, 以上)")
    APPROXIMATELY = ("approximately", "约/左右", "About the value (约, 左右, 大约)")
    AT_MOST = ("at_most", "近/不到/以内", "Nearly, at most the value (近, 不到, 不足, 以内)")


class Operator(CodeEnum):
    """The comparison a target states (指标性质)."""

    GE = (">=", "≥ 不低于", "At least the value (positive indicator)")
    LE = ("<=", "≤ 不高于", "At most the value (negative indicator)")
    EQ = ("=", "= 等于", "Equal to the value")
    GT = (">", "> 高于", "More than the value (positive indicator)")
    LT = ("<", "< 低于", "Less than the value (negative indicator)")
    QUALITATIVE = ("qualitative", "定性", "A qualitative target stated in words")


class Achievement(CodeEnum):
    """Whether a qualitative target was met."""

    ACHIEVED = ("achieved", "达成", "Achieved")
    PARTIALLY_ACHIEVED = ("partially_achieved", "部分达成", "Partially achieved")
    NOT_ACHIEVED = ("not_achieved", "未达成", "Not achieved")


class ReportKind(CodeEnum):
    """What kind of report a document is."""

    KEY_PROJECT_RESULTS = (
        "key_project_results",
        "重点项目绩效评价结果",
        "Key-project evaluation results",
    )
    PROJECT_SELF_EVALUATION = (
        "project_self_evaluation",
        "项目支出绩效自评",
        "Project expenditure self-evaluation",
    )
    DEPARTMENT_OVERALL = (
        "department_overall",
        "部门整体支出绩效评价",
        "Whole-department expenditure evaluation",
    )
    OTHER = ("other", "其他", "Another kind of report")


class GovernmentLevel(CodeEnum):
    """A level of government (of a unit, or of the money in a budget line)."""

    CENTRAL = ("central", "中央", "Central government")
    PROVINCIAL = ("provincial", "省级", "Province")
    MUNICIPAL = ("municipal", "市级", "Prefecture-level city")
    COUNTY = ("county", "区县级", "County or district (区县)")
    TOWNSHIP = ("township", "乡镇街道", "Township or sub-district (乡镇街道)")


class ExpenditureCategory(CodeEnum):
    """A category the report splits its expenditure into."""

    BUSINESS = ("business", "业务工作经费", "Operating funds for the unit's work")
    SPECIAL = ("special", "专项经费", "Special-purpose funds")
    GOVERNMENT_SPECIAL = ("government_special", "政府专项经费", "Government special funds")
    PERSONNEL = ("personnel", "人员经费", "Personnel expenditure")
    PUBLIC = ("public", "公用经费", "Public (running) expenditure")
    PROJECT = ("project", "项目支出", "Project expenditure")
    OTHER = ("other", "其他", "Other expenditure")


class Grade(CodeEnum):
    """The grade a score earns (评价等级)."""

    EXCELLENT = ("excellent", "优", "Excellent: 90 and above")
    GOOD = ("good", "良", "Good: 80 to below 90")
    FAIR = ("fair", "中", "Fair: 60 to below 80")
    POOR = ("poor", "差", "Poor: below 60")


class ProjectType(CodeEnum):
    """How a project recurs (项目类型)."""

    RECURRING = ("recurring", "经常性", "Recurring project")
    ONE_OFF = ("one_off", "一次性", "One-off project")
    MULTI_YEAR = ("multi_year", "跨年度", "Multi-year project")


class FundSource(CodeEnum):
    """Where the money of a budget line comes from (资金来源)."""

    FISCAL = ("fiscal", "财政拨款", "Fiscal appropriation")
    CARRIED_OVER = ("carried_over", "上年结转", "Carried over from the previous year")
    SPECIAL_ACCOUNT = (
        "special_account",
        "财政专户管理资金",
        "Funds managed in a fiscal special account",
    )
    UNIT_OWN = ("unit_own", "单位资金", "The unit's own funds")
    OTHER = ("other", "其他资金", "Other funds")


class IndicatorLevel1(CodeEnum):
    """A first-level indicator (一级指标)."""

    DECISION = ("decision", "决策", "Decision-making")
    PROCESS = ("process", "过程", "Process")
    OUTPUT = ("output", "产出", "Output")
    EFFECT = ("effect", "效益", "Effect (benefits)")
    COST = ("cost", "成本", "Cost")
    SATISFACTION = ("satisfaction", "满意度", "Satisfaction")


class IndicatorLevel2(CodeEnum):
    """A second-level indicator (二级指标)."""

    QUANTITY = ("quantity", "数量", "Quantity")
    QUALITY = ("quality", "质量", "Quality")
    TIMELINESS = ("timeliness", "时效", "Timeliness")
    COST = ("cost", "成本", "Cost")
    ECONOMIC_COST = ("economic_cost", "经济成本", "Economic cost")
    SOCIAL_COST = ("social_cost", "社会成本", "Social cost")
    ECOLOGICAL_COST = ("ecological_cost", "生态环境成本", "Ecological and environmental cost")
    ECONOMIC_BENEFIT = ("economic_benefit", "经济效益", "Economic benefit")
    SOCIAL_BENEFIT = ("social_benefit", "社会效益", "Social benefit")
    ECOLOGICAL_BENEFIT = ("ecological_benefit", "生态效益", "Ecological benefit")
    SUSTAINABILITY = ("sustainability", "可持续影响", "Sustainable impact")
    BENEFICIARY_SATISFACTION = (
        "beneficiary_satisfaction",
        "服务对象满意度",
        "Satisfaction of those served",
    )
    OTHER = ("other", "其他", "Another second-level indicator")


class IssueCategory(CodeEnum):
    """What a reported problem (存在的问题) concerns."""

    FUND_ALLOCATION = ("fund_allocation", "资金分配", "Allocation of funds")
    BUDGET_EXECUTION = (
        "budget_execution",
        "预算执行/资金使用进度",
        "Budget execution and spending progress",
    )
    PROJECT_MANAGEMENT = ("project_management", "项目管理", "Project management")
    PERFORMANCE_TARGETS = ("performance_targets", "绩效目标", "Performance targets")
    COMPLIANCE = ("compliance", "财务合规", "Financial compliance")
    OTHER = ("other", "其他", "Another problem")


class GroupScope(CodeEnum):
    """What a printed score group (分值 heading) covers.

    New in schema 1.1.
    """

    ALL = ("all", "全部指标", "Every indicator of the project (one heading over them all)")
    EXECUTION = ("execution", "预算执行率", "The budget execution row of the money block")
    LEVEL1 = ("level1", "一级指标", "The indicators under one first-level heading")
    LEVEL2 = ("level2", "二级指标", "The indicators under one second-level heading")


class IndicatorMetric(CodeEnum):
    """What an indicator row measures, where a table prints a standard figure as one.

    New in schema 1.1.
    """

    EXECUTION_RATE = (
        "execution_rate",
        "预算执行率",
        "The budget execution rate, printed as an indicator (全年执行数 / 全年预算数)",
    )


class IncomeSource(CodeEnum):
    """Where a department's income comes from (收入来源). New in schema 1.1."""

    FISCAL = ("fiscal", "财政拨款收入", "Fiscal appropriation")
    BUSINESS = ("business", "事业收入", "Income from the unit's public-service activities")
    OPERATING = ("operating", "经营收入", "Operating income")
    CARRIED_OVER = ("carried_over", "上年结转", "Carried over from the previous year")
    OTHER = ("other", "其他收入", "Other income")


class StaffKind(CodeEnum):
    """Which head count a department prints (人员情况). New in schema 1.1."""

    AUTHORIZED = ("authorized", "编制人数", "Authorized posts (编制数)")
    ACTUAL = ("actual", "实有人数", "Staff actually employed (实有人数)")
    IN_SERVICE = ("in_service", "在职人员", "Staff in service (在职)")
    RETIRED = ("retired", "离退休人员", "Retired staff (离退休)")
    OTHER = ("other", "其他", "Another head count")


def code_lists() -> tuple[type[CodeEnum], ...]:
    """Every code list, in the order the docs present them.

    >>> from perfeval.codes import code_lists
    >>> [c.__name__ for c in code_lists()][:3]
    ['ReportKind', 'GovernmentLevel', 'ProjectType']
    """
    return (
        ReportKind,
        GovernmentLevel,
        ProjectType,
        FundSource,
        MoneyUnit,
        ExpenditureCategory,
        IndicatorLevel1,
        IndicatorLevel2,
        Operator,
        Qualifier,
        Achievement,
        IssueCategory,
        Grade,
        GroupScope,
        IndicatorMetric,
        IncomeSource,
        StaffKind,
    )
