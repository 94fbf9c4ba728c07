"""perfeval: the canonical core for Chinese budget performance evaluation reports.

>>> import perfeval
>>> print(perfeval.parse_money("654.45万元"))
654.45万元
"""

from perfeval import examples
from perfeval._version import __version__
from perfeval.checks import Finding, Rule, Severity, check
from perfeval.codes import (
    Achievement,
    CodeEnum,
    ExpenditureCategory,
    FundSource,
    GovernmentLevel,
    Grade,
    IndicatorLevel1,
    IndicatorLevel2,
    IssueCategory,
    MoneyUnit,
    Operator,
    ProjectType,
    Qualifier,
    ReportKind,
)
from perfeval.errors import (
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
    Indicator,
    Issue,
    KeyProject,
    Report,
    Source,
    Totals,
    Unit,
)
from perfeval.money import Money, parse_money, rate
from perfeval.quantity import (
    Actual,
    Quantity,
    Target,
    parse_actual,
    parse_quantity,
    parse_target,
    parse_target_columns,
)
from perfeval.schema import json_schema, validate
from perfeval.scoring import DEFAULT_POLICY, POLICIES, Component, Policy, ScoreCard, score
from perfeval.serialize import dump, dumps, from_dict, load, loads, to_dict

__all__ = [
    "DEFAULT_POLICY",
    "POLICIES",
    "Achievement",
    "Actual",
    "BudgetExecution",
    "BudgetLine",
    "CategoryAmount",
    "CodeEnum",
    "Component",
    "CurrencyMismatchError",
    "ErrorDetail",
    "ExpenditureCategory",
    "Finding",
    "FundSource",
    "GovernmentLevel",
    "Grade",
    "Indicator",
    "IndicatorLevel1",
    "IndicatorLevel2",
    "Issue",
    "IssueCategory",
    "KeyProject",
    "Money",
    "MoneyUnit",
    "Operator",
    "ParseError",
    "PerfevalError",
    "Policy",
    "ProjectType",
    "Qualifier",
    "Quantity",
    "Report",
    "ReportKind",
    "Rule",
    "ScoreCard",
    "Severity",
    "Source",
    "Target",
    "Totals",
    "Unit",
    "ValidationError",
    "__version__",
    "check",
    "dump",
    "dumps",
    "examples",
    "from_dict",
    "json_schema",
    "load",
    "loads",
    "parse_actual",
    "parse_money",
    "parse_quantity",
    "parse_target",
    "parse_target_columns",
    "rate",
    "score",
    "to_dict",
    "validate",
]
