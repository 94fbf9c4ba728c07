"""perfeval: the canonical core for Chinese budget performance evaluation reports.

>>> import perfeval
>>> print(perfeval.parse_money("654.45万元"))
654.45万元
"""

from perfeval._version import __version__
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

__all__ = [
    "Achievement",
    "Actual",
    "CodeEnum",
    "CurrencyMismatchError",
    "ErrorDetail",
    "ExpenditureCategory",
    "FundSource",
    "GovernmentLevel",
    "Grade",
    "IndicatorLevel1",
    "IndicatorLevel2",
    "IssueCategory",
    "Money",
    "MoneyUnit",
    "Operator",
    "ParseError",
    "PerfevalError",
    "ProjectType",
    "Qualifier",
    "Quantity",
    "ReportKind",
    "Target",
    "ValidationError",
    "__version__",
    "parse_actual",
    "parse_money",
    "parse_quantity",
    "parse_target",
    "parse_target_columns",
    "rate",
]
