"""The budget and expenditure table: one row per project and a 合计, in one money unit.

Shared by ``perfeval summary`` and :mod:`perfeval.render`, so that the terminal and
the HTML page print the same figures. Amounts are those printed (a project's totals,
the report's totals), else the exact sum of the rows beneath them.
"""

from __future__ import annotations

import collections
import functools
import operator
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from perfeval._decimal import decimal_text
from perfeval.codes import MoneyUnit
from perfeval.errors import PerfevalError
from perfeval.money import Money, rate

if TYPE_CHECKING:
    from perfeval.model import KeyProject, Report

__all__ = ["Row", "amount_text", "money_unit", "rate_text", "summary_rows"]


@attrs.frozen
class Row:
    """One line of the summary table; amounts as printed (or summed when not printed)."""

    name: str
    project_id: str | None
    project_type: str | None
    project_type_label: str
    budget: Money | None
    expenditure: Money | None


def _sum(amounts: Iterable[Money | None]) -> Money | None:
    """The exact sum; ``None`` if an amount is missing, there are none, or currencies differ."""
    given = list(amounts)
    present = [amount for amount in given if amount is not None]
    if not present or len(present) != len(given):
        return None
    try:
        return functools.reduce(operator.add, present)
    except PerfevalError:  # amounts in different currencies
        return None


def _project_amount(project: KeyProject, field: str) -> Money | None:
    printed: Money | None = getattr(project.totals, field, None)
    if printed is not None:
        return printed
    return _sum(getattr(line, field) for line in project.budget_lines)


def summary_rows(report: Report) -> tuple[list[Row], Row]:
    """The rows of *report*'s projects, and its 合计 row."""
    rows = [
        Row(
            name=project.name,
            project_id=project.id,
            project_type=project.project_type.value if project.project_type else None,
            project_type_label=project.project_type.label if project.project_type else "",
            budget=_project_amount(project, "budget"),
            expenditure=_project_amount(project, "expenditure"),
        )
        for project in report.projects
    ]
    totals = report.totals
    budget = totals.budget if totals is not None else None
    spent = totals.expenditure if totals is not None else None
    if budget is None:
        budget = _sum(row.budget for row in rows)
    if spent is None:
        spent = _sum(row.expenditure for row in rows)
    return rows, Row("合计", None, None, "", budget, spent)


def money_unit(rows: Sequence[Row]) -> MoneyUnit:
    """The unit most amounts are in; on a tie the first one's; 万元 when there are none."""
    units = collections.Counter(
        amount.unit
        for row in rows
        for amount in (row.budget, row.expenditure)
        if amount is not None
    )
    if not units:
        return MoneyUnit.WAN_YUAN
    return units.most_common(1)[0][0]


def amount_text(amount: Money | None, unit: MoneyUnit) -> str | None:
    """*amount* in *unit*, with exactly its digits; ``None`` when there is none."""
    return None if amount is None else decimal_text(amount.to(unit).amount)


def rate_text(row: Row) -> str | None:
    """The row's execution rate in percent, half up to 0.01; ``None`` when it has none."""
    if row.budget is None or row.expenditure is None:
        return None
    try:
        return decimal_text(rate(row.expenditure, row.budget))
    except (ZeroDivisionError, PerfevalError):
        return None
