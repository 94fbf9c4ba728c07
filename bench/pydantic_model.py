"""The v1 document as a pydantic v2 model: the baseline perfeval is measured against.

It validates what perfeval validates, so that the two do the same work:

* strict mode and ``extra="forbid"`` on every object;
* decimals are JSON *strings* checked against perfeval's own patterns (pydantic's
  Rust regex), then turned into :class:`~decimal.Decimal`; a JSON number is an error.
  (A plain strict ``Decimal`` field would not do: in JSON mode pydantic accepts
  numbers *and* strings for it.) They are written back with ``format(d, "f")``;
* code lists are ``Literal`` s, arrays are tuples, ids and codes carry the same patterns;
* optional members default to ``None`` (or ``()``) when absent, while an explicit
  ``null`` is an error, as in perfeval (the annotation is the non-optional type and
  defaults are not validated, so "present" is ``model_fields_set``); an optional
  array, when present, must not be empty;
* the cross-member rules perfeval's constructors check are model validators: a Target
  needs a value or a text, an Actual at least one member, ``projects`` may be empty
  only in a ``department_overall`` report, project ids are unique.

Not checked here but checked by perfeval: duplicate member names in one JSON object
(pydantic keeps the last one).

``Report.model_dump_json(exclude_defaults=True)`` writes the same text as
``perfeval.dumps`` for the benchmark documents (the benchmark checks that).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic_core import core_schema

from perfeval import _decimal, model, schema
from perfeval._regex import END

__all__ = ["Report"]


def _rust(pattern: str) -> str:
    """perfeval's *pattern* for Rust's regex, which has no lookahead: its end is ``\\z``."""
    return pattern.removesuffix(END) + r"\z"


DECIMAL_PATTERN = _rust(_decimal.DECIMAL_PATTERN)
MONEY_PATTERN = _rust(_decimal.MONEY_PATTERN)
PROJECT_ID_PATTERN = _rust(model.PROJECT_ID_PATTERN)
SCHEMA_VERSION_PATTERN = _rust(model.SCHEMA_VERSION_PATTERN)
TRIMMED_TEXT_PATTERN = _rust(schema.TRIMMED_TEXT_PATTERN)


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


class _DecimalString:
    """``Annotated[Decimal, _DecimalString(pattern)]``: a pattern-checked JSON string → Decimal."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __get_pydantic_core_schema__(
        self, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            Decimal,
            core_schema.str_schema(pattern=self.pattern, strict=True),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _decimal_text, when_used="json"
            ),
        )


MoneyAmount = Annotated[Decimal, _DecimalString(MONEY_PATTERN)]
Dec = Annotated[Decimal, _DecimalString(DECIMAL_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Trimmed = Annotated[str, StringConstraints(pattern=TRIMMED_TEXT_PATTERN)]
ProjectId = Annotated[str, StringConstraints(pattern=PROJECT_ID_PATTERN)]

MoneyUnit = Literal["yuan", "qian_yuan", "wan_yuan", "yi_yuan"]
Qualifier = Literal["exact", "at_least", "approximately", "at_most"]
Operator = Literal[">=", "<=", "=", ">", "<", "qualitative"]
Achievement = Literal["achieved", "partially_achieved", "not_achieved"]
ReportKind = Literal[
    "key_project_results", "project_self_evaluation", "department_overall", "other"
]
GovernmentLevel = Literal["central", "provincial", "municipal", "county", "township"]
ExpenditureCategory = Literal[
    "business", "special", "government_special", "personnel", "public", "project", "other"
]
Grade = Literal["excellent", "good", "fair", "poor"]
ProjectType = Literal["recurring", "one_off", "multi_year"]
FundSource = Literal["fiscal", "carried_over", "special_account", "unit_own", "other"]
IndicatorLevel1 = Literal["decision", "process", "output", "effect", "cost", "satisfaction"]
IndicatorLevel2 = Literal[
    "quantity",
    "quality",
    "timeliness",
    "cost",
    "economic_cost",
    "social_cost",
    "ecological_cost",
    "economic_benefit",
    "social_benefit",
    "ecological_benefit",
    "sustainability",
    "beneficiary_satisfaction",
    "other",
]
IssueCategory = Literal[
    "fund_allocation",
    "budget_execution",
    "project_management",
    "performance_targets",
    "compliance",
    "other",
]


def _absent() -> Any:
    """An optional member: ``None`` when absent; ``null`` is refused by the field's type."""
    return Field(default=None)


def _no_items() -> Any:
    """An optional array: ``()`` when absent, at least one item when present."""
    return Field(default=(), min_length=1)


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Money(_Strict):
    amount: MoneyAmount
    unit: MoneyUnit
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "CNY"


class Quantity(_Strict):
    value: Dec
    unit: Trimmed = _absent()
    qualifier: Qualifier = "exact"


class Target(_Strict):
    operator: Operator = _absent()
    value: Quantity = _absent()
    text: Trimmed = _absent()

    @model_validator(mode="after")
    def _check_present(self) -> Target:
        if not self.model_fields_set & {"value", "text"}:
            msg = "a Target needs a value, a text or both"
            raise ValueError(msg)
        return self


class Actual(_Strict):
    value: Quantity = _absent()
    achievement: Achievement = _absent()
    text: Trimmed = _absent()

    @model_validator(mode="after")
    def _check_present(self) -> Actual:
        if not self.model_fields_set:
            msg = "an Actual needs a value, an achievement or a text"
            raise ValueError(msg)
        return self


class Totals(_Strict):
    initial_budget: Money = _absent()
    budget: Money = _absent()
    expenditure: Money = _absent()


class CategoryAmount(_Strict):
    category: ExpenditureCategory
    amount: Money
    label: Text = _absent()


class Source(_Strict):
    title: Text = _absent()
    url: Text = _absent()
    published: datetime.date = _absent()
    note: Text = _absent()


class Unit(_Strict):
    name: Text
    code: Text = _absent()
    level: GovernmentLevel = _absent()
    region: Text = _absent()
    region_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")] = _absent()
    supervisor: Text = _absent()


class BudgetLine(_Strict):
    source: FundSource
    level: GovernmentLevel = _absent()
    label: Text = _absent()
    functional_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}([0-9]{2}){0,2}$")] = (
        _absent()
    )
    initial_budget: Money = _absent()
    budget: Money
    expenditure: Money = _absent()


class BudgetExecution(_Strict):
    weight: Dec = _absent()
    rate: Dec = _absent()
    score: Dec = _absent()


class Indicator(_Strict):
    level1: IndicatorLevel1
    level2: IndicatorLevel2 = _absent()
    name: Text
    target: Target = _absent()
    actual: Actual = _absent()
    weight: Dec = _absent()
    score: Dec = _absent()
    deviation: Text = _absent()
    source_text: Text = _absent()


class Issue(_Strict):
    category: IssueCategory
    description: Text
    measures: Text = _absent()
    project_ids: tuple[ProjectId, ...] = _no_items()


class KeyProject(_Strict):
    id: ProjectId
    name: Text
    code: Text = _absent()
    project_type: ProjectType = _absent()
    purpose: Text = _absent()
    budget_lines: tuple[BudgetLine, ...] = _no_items()
    totals: Totals = _absent()
    goal: Text = _absent()
    outcome: Text = _absent()
    budget_execution: BudgetExecution = _absent()
    indicators: tuple[Indicator, ...] = _no_items()
    issues: tuple[Issue, ...] = _no_items()
    score: Dec = _absent()
    grade: Grade = _absent()


class Report(_Strict):
    schema_version: Annotated[str, StringConstraints(pattern=SCHEMA_VERSION_PATTERN)]
    title: Text
    kind: ReportKind
    fiscal_year: Annotated[int, Field(ge=1949, le=2100)]
    unit: Unit
    projects: tuple[KeyProject, ...]
    totals: Totals = _absent()
    expenditure_by_category: tuple[CategoryAmount, ...] = _no_items()
    issues: tuple[Issue, ...] = _no_items()
    score: Dec = _absent()
    grade: Grade = _absent()
    source: Source = _absent()
    extensions: dict[str, Any] = _absent()

    @model_validator(mode="after")
    def _check_projects(self) -> Report:
        if not self.projects and self.kind != "department_overall":
            msg = "projects must not be empty unless the report is a department_overall report"
            raise ValueError(msg)
        ids = [project.id for project in self.projects]
        if len(set(ids)) != len(ids):
            msg = "project ids must be unique"
            raise ValueError(msg)
        return self
