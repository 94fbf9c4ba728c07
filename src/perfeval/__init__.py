"""perfeval: the canonical core for Chinese budget performance evaluation reports.

>>> import perfeval
>>> print(perfeval.parse_money("654.45万元"))
654.45万元
"""

from typing import TYPE_CHECKING, Any

from perfeval._version import __version__
from perfeval.codes import (
    Achievement,
    CodeEnum,
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
    MoneyUnit,
    Operator,
    ProjectType,
    Qualifier,
    ReportKind,
    StaffKind,
)
from perfeval.errors import (
    ERROR_KINDS,
    CurrencyMismatchError,
    ErrorDetail,
    ParseError,
    PerfevalError,
    ValidationError,
)
from perfeval.model import (
    BudgetExecution,
    BudgetLine,
    CategoryAmount,
    Department,
    Evaluation,
    IncomeLine,
    Indicator,
    Issue,
    KeyProject,
    ProjectAttribute,
    Report,
    Review,
    ScoreGroup,
    Source,
    Staffing,
    Totals,
    Unit,
)
from perfeval.money import Money, parse_money, rate, total
from perfeval.quantity import (
    Actual,
    Quantity,
    Target,
    is_dash,
    parse_actual,
    parse_quantity,
    parse_target,
    parse_target_columns,
)
from perfeval.serialize import dump, dumps, from_dict, load, loads, to_dict

if TYPE_CHECKING:
    from perfeval import examples, export
    from perfeval.checks import Finding, Rule, Severity, check
    from perfeval.schema import json_schema, validate
    from perfeval.scoring import DEFAULT_POLICY, POLICIES, Component, Policy, ScoreCard, score
    from perfeval.table import TableError, read_table

# Checks, scoring, the schema, the table reader, the examples and the export are imported
# on first use: a program that only loads and dumps documents does not pay for them at
# ``import perfeval``.
_LAZY = {
    "examples": "perfeval.examples",
    "export": "perfeval.export",
    **dict.fromkeys(("Finding", "Rule", "Severity", "check"), "perfeval.checks"),
    **dict.fromkeys(("json_schema", "validate"), "perfeval.schema"),
    **dict.fromkeys(
        ("DEFAULT_POLICY", "POLICIES", "Component", "Policy", "ScoreCard", "score"),
        "perfeval.scoring",
    ),
    **dict.fromkeys(("TableError", "read_table"), "perfeval.table"),
}


def __getattr__(name: str) -> Any:
    """Import the lazily exported names on first use (PEP 562)."""
    import importlib  # noqa: PLC0415 - only on first use of a lazy name

    try:
        module_name = _LAZY[name]
    except KeyError:
        msg = f"module 'perfeval' has no attribute {name!r}"
        raise AttributeError(msg) from None
    module = importlib.import_module(module_name)
    value = module if module_name == f"perfeval.{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "DEFAULT_POLICY",
    "ERROR_KINDS",
    "POLICIES",
    "Achievement",
    "Actual",
    "BudgetExecution",
    "BudgetLine",
    "CategoryAmount",
    "CodeEnum",
    "Component",
    "CurrencyMismatchError",
    "Department",
    "ErrorDetail",
    "Evaluation",
    "ExpenditureCategory",
    "Finding",
    "FundSource",
    "GovernmentLevel",
    "Grade",
    "GroupScope",
    "IncomeLine",
    "IncomeSource",
    "Indicator",
    "IndicatorLevel1",
    "IndicatorLevel2",
    "IndicatorMetric",
    "Issue",
    "IssueCategory",
    "KeyProject",
    "Money",
    "MoneyUnit",
    "Operator",
    "ParseError",
    "PerfevalError",
    "Policy",
    "ProjectAttribute",
    "ProjectType",
    "Qualifier",
    "Quantity",
    "Report",
    "ReportKind",
    "Review",
    "Rule",
    "ScoreCard",
    "ScoreGroup",
    "Severity",
    "Source",
    "StaffKind",
    "Staffing",
    "TableError",
    "Target",
    "Totals",
    "Unit",
    "ValidationError",
    "__version__",
    "check",
    "dump",
    "dumps",
    "examples",
    "export",
    "from_dict",
    "is_dash",
    "json_schema",
    "load",
    "loads",
    "parse_actual",
    "parse_money",
    "parse_quantity",
    "parse_target",
    "parse_target_columns",
    "rate",
    "read_table",
    "score",
    "to_dict",
    "total",
    "validate",
]
