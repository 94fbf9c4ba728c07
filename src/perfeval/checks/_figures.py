"""What the rule modules share: a report's money figures, exact arithmetic, and wording.

Decimal arithmetic goes through :data:`~perfeval._decimal.EXACT`, never the caller's
context (which may round).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final, NamedTuple

import attrs

from perfeval._decimal import EXACT, decimal_text
from perfeval.checks._registry import shared
from perfeval.model import KeyProject, Report, Totals
from perfeval.money import Money

#: The money figures of a total row, by member name.
FIGURES: Final = ("initial_budget", "budget", "expenditure")
FIGURE_EN: Final = {
    "initial_budget": "initial budget",
    "budget": "budget",
    "expenditure": "expenditure",
}
# The Chinese names are the model's own field titles: 年初预算数, 全年预算数, 全年执行数.
FIGURE_ZH: Final = {name: attrs.fields_dict(Totals)[name].metadata["title"] for name in FIGURES}
#: How a message names the report as a whole, in English and Chinese.
REPORT: Final = ("the report", "报告")


# -- exact decimals -------------------------------------------------------------------------


def exponent(value: Decimal) -> int:
    """The exponent of a finite Decimal: -2 for 654.45, the place of its last digit."""
    places = value.as_tuple().exponent
    assert isinstance(places, int)  # noqa: S101 - every Decimal in a model is finite
    return places


def tidy(value: Decimal) -> Decimal:
    """*value* without trailing zeros or an exponent (0.020 → 0.02, 1.5E+2 → 150)."""
    normal = value.normalize(EXACT)
    return normal.quantize(Decimal(1), context=EXACT) if exponent(normal) > 0 else normal


def envelope(exponents: Iterable[int], rows: int) -> Decimal:
    """(rows + 1) × half a unit of the finest place among *exponents*.

    >>> envelope([-2, -2, -2, -2], 3)  # three 2-decimal rows and their total
    Decimal('0.020')
    """
    half_unit = Decimal(5).scaleb(min(exponents) - 1, EXACT)
    return EXACT.multiply(half_unit, Decimal(rows + 1))


def add(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of *values*."""
    return functools.reduce(EXACT.add, values, Decimal(0))


def distance(left: Decimal, right: Decimal) -> Decimal:
    """The exact absolute difference of two decimals."""
    return EXACT.abs(EXACT.subtract(left, right))


# -- wording ---------------------------------------------------------------------------------


def pct(value: Decimal) -> str:
    """A percentage as messages print it: its digits as given, then ``%``.

    >>> pct(Decimal("329.82")), pct(Decimal("100.00"))
    ('329.82%', '100.00%')
    """
    return f"{decimal_text(value)}%"


def rows_text(count: int) -> str:
    """``1 row``, ``3 rows``."""
    return f"{count} row" if count == 1 else f"{count} rows"


def rounding(within: bool, tolerance: object) -> tuple[str, str]:  # noqa: FBT001
    """Whether a gap is within display rounding, in English and Chinese."""
    if within:
        return (f"within display rounding (±{tolerance})", f"在显示舍入误差（±{tolerance}）之内")
    return (f"beyond display rounding (±{tolerance})", f"超出显示舍入误差（±{tolerance}）")


# -- money -----------------------------------------------------------------------------------


@attrs.frozen
class Gap:
    """A printed total against the sum of its rows, exactly, across units."""

    total: Money
    sum: Money
    rows: int
    tolerance: Money

    @property
    def gap(self) -> Money:
        """How far the total is from the sum."""
        return abs(self.total - self.sum)

    @property
    def within(self) -> bool:
        """Whether the gap is within display rounding."""
        return self.gap <= self.tolerance


def one_currency(amounts: Iterable[Money]) -> bool:
    """Whether *amounts* are all in one currency (so that they can be added)."""
    return len({amount.currency for amount in amounts}) <= 1


def money_sum(rows: Sequence[Money]) -> Money | None:
    """The exact sum of *rows*; ``None`` when there are none or they mix currencies."""
    if not rows or not one_currency(rows):
        return None
    summed = rows[0]
    for row in rows[1:]:
        summed += row
    return summed


def gap(total: Money, rows: Sequence[Money]) -> Gap | None:
    """Compare *total* with the sum of *rows*, allowing for display rounding.

    ``None`` when the figures mix currencies: they cannot be added
    (``sum-currencies-mixed`` reports it).
    """
    if not one_currency((total, *rows)):
        return None
    summed = Money(0, total.unit, currency=total.currency)
    for row in rows:
        summed += row
    unit = (total - summed).unit  # the finest unit among all the figures
    # The place of each figure's last printed digit, in yuan: 654.45 万元 → 10**2.
    exponents = (exponent(m.amount) + m.unit.exponent for m in (total, *rows))
    tolerance = envelope(exponents, len(rows)).scaleb(-unit.exponent, EXACT)
    return Gap(total, summed, len(rows), Money(tidy(tolerance), unit, currency=total.currency))


def line_amounts(project: KeyProject, figure: str) -> list[Money]:
    """The amounts of *figure* on the project's budget lines that carry it."""
    amounts = (getattr(line, figure) for line in project.budget_lines)
    return [amount for amount in amounts if amount is not None]


class Column(NamedTuple):
    """Amounts to be added, and their sum."""

    amounts: tuple[Money, ...]
    sum: Money | None  # None when there are no amounts, or they mix currencies


def column(amounts: Sequence[Money]) -> Column:
    """*amounts* and their :func:`money_sum`."""
    return Column(tuple(amounts), money_sum(amounts))


class SpendingColumns(NamedTuple):
    """The budget and expenditure columns of a project's budget lines."""

    budget: Column
    expenditure: Column


@shared
def spending_columns(report: Report) -> tuple[SpendingColumns, ...]:
    """Each project's :class:`SpendingColumns`, in order."""
    return tuple(
        SpendingColumns(
            column(line_amounts(project, "budget")), column(line_amounts(project, "expenditure"))
        )
        for project in report.projects
    )


def printed(totals: Totals | None, figure: str) -> Money | None:
    """The total of *figure* as printed, if the total row prints it."""
    return None if totals is None else getattr(totals, figure)
