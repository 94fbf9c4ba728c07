"""Mistakes that both type checkers must report, each on the line after its marker.

A marker comment names the mypy error code, the pyright rule and a text that both
messages contain: ``# expect-error: <mypy code>, <pyright rule>: <text>``. Each checker
must report exactly one error on each marked line and none elsewhere. Every marked
line also fails at run time; the functions are here to be checked, not called.
"""

from __future__ import annotations

from decimal import Decimal

from perfeval import (
    BudgetExecution,
    BudgetLine,
    Indicator,
    KeyProject,
    Money,
    MoneyUnit,
    Report,
    ReportKind,
    Unit,
)


def required_and_unknown_members(unit: Unit) -> None:
    # expect-error: call-arg, reportCallIssue: "id"
    KeyProject(name="x")
    # expect-error: call-arg, reportCallIssue: "projects"
    Report(title="t", kind=ReportKind.OTHER, fiscal_year=2020, unit=unit)
    # expect-error: call-arg, reportCallIssue: "budget"
    KeyProject(id="p", name="x", budget="1")
    # expect-error: call-arg, reportCallIssue: positional
    Unit("开福区")


def wrong_types() -> None:
    # expect-error: arg-type, reportArgumentType: "float"
    BudgetExecution(weight=1.5)
    # expect-error: arg-type, reportArgumentType: "float"
    Money(654.45, MoneyUnit.WAN_YUAN)
    # expect-error: arg-type, reportArgumentType: "id"
    KeyProject(id=1, name="x")
    # expect-error: arg-type, reportArgumentType: "source"
    BudgetLine(source="fiscal", budget=Money("1", MoneyUnit.YUAN))


def wrong_items(indicator: Indicator) -> None:
    # expect-error: list-item, reportArgumentType: Indicator
    KeyProject(id="p", name="x", budget_lines=[indicator])
    # expect-error: arg-type, reportArgumentType: "indicators"
    KeyProject(id="p", name="x", indicators=indicator)


def read_back(project: KeyProject, line: BudgetLine, indicator: Indicator) -> Decimal:
    # expect-error: misc, reportAttributeAccessIssue: "name"
    project.name = "y"
    # expect-error: attr-defined, reportAttributeAccessIssue: "append"
    project.budget_lines.append(line)
    # expect-error: return-value, reportReturnType: "Decimal | None"
    return indicator.weight
