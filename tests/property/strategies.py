"""Hypothesis strategies for *valid* model objects, shared by the property tests.

Every value drawn here is one the JSON form can hold exactly: decimals within the
schema's digit limits (18 integer digits; 6 decimal places for money, 12 for other
decimals), texts without surrounding whitespace where the quantity classes require
it, project ids unique within a report, and extensions made of JSON values (numbers
with a fraction as ``Decimal``, never ``float``).
"""

from __future__ import annotations

import datetime
import operator
import os
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import strategies as st

from perfeval import codes
from perfeval.model import (
    SCHEMA_VERSIONS,
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
from perfeval.money import Money
from perfeval.quantity import Actual, Quantity, Target

#: ``PERFEVAL_EXAMPLES=light`` draws a fifth of the examples of the heavy property runs:
#: the test command runs them in full on one interpreter and light on the others.
LIGHT = os.environ.get("PERFEVAL_EXAMPLES", "full") == "light"


def example_count(count: int) -> int:
    """How many examples a property test of *count* examples draws on this run."""
    return max(count // 5, 10) if LIGHT else count


__all__ = [
    "actuals",
    "decimal_texts",
    "example_count",
    "extensions",
    "key_projects",
    "money",
    "project_ids",
    "quantities",
    "reports",
    "targets",
    "texts",
]

T = TypeVar("T")

#: Characters to draw texts from: Chinese (the usual content), ASCII, full-width forms,
#: and the awkward ones: quotes, backslash, control characters, line and paragraph
#: separators, a byte order mark, combining marks, right-to-left text, astral planes.
_ALPHABET = (
    "预算绩效评价项目资金万元经常性一次性跨年度街道办事处（）：；、。《》“”"
    "abcXYZ0123456789 _-./%"
    "０１２％　"
    '"\\\x00\x1f\t\n\r\x7f\u2028\u2029\ufeff\u0301\u05d0\U0001f600\U00020000'
)
_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Non-empty text of any characters (surrounding whitespace included)."""
    return st.text(_ALPHABET, min_size=1, max_size=max_size)


def trimmed_texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Non-empty text without surrounding whitespace (quantity units, target texts)."""
    return texts(max_size).map(str.strip).filter(bool)


def _digits(sizes: tuple[int, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(sizes).flatmap(
        lambda size: st.text("0123456789", min_size=size, max_size=size)
    )


def project_ids() -> st.SearchStrategy[str]:
    """Ids matching :data:`perfeval.model.PROJECT_ID_PATTERN` (1–64 characters)."""
    rest = st.one_of(
        st.text(_ALPHANUMERIC + "_.-", max_size=6),
        st.text(_ALPHANUMERIC + "_.-", min_size=63, max_size=63),
    )
    return st.builds(operator.add, st.sampled_from(_ALPHANUMERIC), rest)


def decimal_texts(max_places: int) -> st.SearchStrategy[str]:
    """Decimal strings of the schema: optional minus, 1–18 integer digits, 0–*max_places*."""
    integer = st.one_of(st.integers(0, 10_000), st.integers(0, 10**18 - 1))
    places = st.integers(0, max_places)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        sign = "-" if draw(st.booleans()) else ""
        text = f"{sign}{draw(integer)}"
        count = draw(places)
        if count:
            text += "." + str(draw(st.integers(0, 10**count - 1))).zfill(count)
        return text

    return build()


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


def _tuples(strategy: st.SearchStrategy[T], max_size: int = 2) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


def _decimals() -> st.SearchStrategy[Decimal]:
    return decimal_texts(12).map(Decimal)


def money() -> st.SearchStrategy[Money]:
    """Money in every unit with 0–6 decimal places, now and then in another currency."""
    currency = st.one_of(
        st.just("CNY"), st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
    )
    return st.builds(
        Money,
        decimal_texts(6).map(Decimal),
        st.sampled_from(codes.MoneyUnit),
        currency=currency,
    )


def quantities() -> st.SearchStrategy[Quantity]:
    """Quantities with or without a unit, with any qualifier."""
    return st.builds(
        Quantity,
        _decimals(),
        _optional(trimmed_texts()),
        st.sampled_from(codes.Qualifier),
    )


def targets() -> st.SearchStrategy[Target]:
    """Targets with a value, a text or both."""
    operator = _optional(st.sampled_from(codes.Operator))
    return st.one_of(
        st.builds(Target, operator, quantities(), _optional(trimmed_texts())),
        st.builds(Target, operator, st.none(), trimmed_texts()),
    )


def actuals() -> st.SearchStrategy[Actual]:
    """Actuals with at least one member."""
    achievement = st.sampled_from(codes.Achievement)
    return st.one_of(
        st.builds(Actual, quantities(), _optional(achievement), _optional(trimmed_texts())),
        st.builds(Actual, st.none(), achievement, _optional(trimmed_texts())),
        st.builds(Actual, st.none(), st.none(), trimmed_texts()),
    )


def cells() -> st.SearchStrategy[dict[str, str]]:
    """``cells`` of schema 1.1: member names → table cells (``D7``)."""
    names = st.sampled_from(["budget", "expenditure", "rate", "score", "weight", "a_1"])
    cell = st.builds(
        "{}{}".format,
        st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3),
        st.integers(1, 9_999_999),
    )
    return st.dictionaries(names, cell, min_size=1, max_size=3)


def _totals() -> st.SearchStrategy[Totals]:
    return st.builds(
        Totals,
        initial_budget=_optional(money()),
        budget=_optional(money()),
        expenditure=_optional(money()),
        received=_optional(money()),
        cells=_optional(cells()),
    )


def _budget_lines() -> st.SearchStrategy[BudgetLine]:
    return st.builds(
        BudgetLine,
        source=st.sampled_from(codes.FundSource),
        level=_optional(st.sampled_from(codes.GovernmentLevel)),
        label=_optional(texts()),
        functional_code=_optional(_digits((3, 5, 7))),
        initial_budget=_optional(money()),
        budget=money(),
        expenditure=_optional(money()),
        cells=_optional(cells()),
        extensions=_optional(extensions()),
    )


def _indicators() -> st.SearchStrategy[Indicator]:
    return st.builds(
        Indicator,
        level1=st.sampled_from(codes.IndicatorLevel1),
        level2=_optional(st.sampled_from(codes.IndicatorLevel2)),
        name=texts(),
        target=_optional(targets()),
        actual=_optional(actuals()),
        weight=_optional(_decimals()),
        score=_optional(_decimals()),
        deviation=_optional(texts()),
        source_text=_optional(texts(30)),
        level1_label=_optional(texts()),
        level2_label=_optional(texts()),
        metric=_optional(st.sampled_from(codes.IndicatorMetric)),
        cells=_optional(cells()),
        extensions=_optional(extensions()),
    )


def _issues() -> st.SearchStrategy[Issue]:
    return st.builds(
        Issue,
        category=st.sampled_from(codes.IssueCategory),
        description=texts(30),
        measures=_optional(texts()),
        project_ids=_tuples(project_ids()),
        extensions=_optional(extensions()),
    )


def score_groups() -> st.SearchStrategy[ScoreGroup]:
    """Score layouts of schema 1.1, nested up to two levels deep."""

    def group(inner: st.SearchStrategy[tuple[ScoreGroup, ...]]) -> st.SearchStrategy[ScoreGroup]:
        return st.builds(
            ScoreGroup,
            label=texts(),
            weight=_optional(_decimals()),
            score=_optional(_decimals()),
            covers=st.sampled_from(codes.GroupScope),
            level1=_optional(st.sampled_from(codes.IndicatorLevel1)),
            level2=_optional(st.sampled_from(codes.IndicatorLevel2)),
            groups=inner,
        )

    return group(_tuples(group(st.just(()))))


def key_projects() -> st.SearchStrategy[KeyProject]:
    """Projects with money lines, totals, indicators and issues (a few of each)."""
    return st.builds(
        KeyProject,
        id=project_ids(),
        name=texts(),
        code=_optional(texts(8)),
        project_type=_optional(st.sampled_from(codes.ProjectType)),
        purpose=_optional(texts()),
        budget_lines=_tuples(_budget_lines()),
        totals=_optional(_totals()),
        goal=_optional(texts()),
        outcome=_optional(texts()),
        budget_execution=_optional(
            st.builds(
                BudgetExecution,
                weight=_optional(_decimals()),
                rate=_optional(_decimals()),
                score=_optional(_decimals()),
                reason=_optional(texts()),
                cells=_optional(cells()),
            )
        ),
        indicators=_tuples(_indicators(), 3),
        issues=_tuples(_issues()),
        score=_optional(_decimals()),
        grade=_optional(st.sampled_from(codes.Grade)),
        deviation=_optional(texts()),
        attributes=_tuples(st.builds(ProjectAttribute, name=texts(), value=texts())),
        score_groups=_tuples(score_groups()),
        reviews=_tuples(
            st.builds(
                Review,
                reviewer=texts(),
                score=_optional(_decimals()),
                grade=_optional(st.sampled_from(codes.Grade)),
                note=_optional(texts()),
            )
        ),
        cells=_optional(cells()),
        extensions=_optional(extensions()),
    )


def _json_number(value: Decimal) -> Decimal | int:
    # JSON reads "5" back as an int (and "-0" as 0): keep Decimal for numbers written
    # with a point or an exponent, as the loader does.
    text = str(value)
    return value if "." in text or "E" in text else int(value)


def extensions() -> st.SearchStrategy[dict[str, Any]]:
    """Free-form JSON objects: nested, with decimals (fractions, exponents) and unicode."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.decimals(-(10**12), 10**12, allow_nan=False, allow_infinity=False).map(_json_number),
        st.text(_ALPHABET, max_size=8),
    )
    values = st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.text(_ALPHABET, max_size=5), inner, max_size=3),
        ),
        max_leaves=8,
    )
    return st.dictionaries(st.text(_ALPHABET, max_size=6), values, max_size=3)


def _report_parts() -> st.SearchStrategy[dict[str, Any]]:
    """Every member of a report but ``kind`` and ``projects``."""
    return st.fixed_dictionaries(
        {
            "schema_version": st.sampled_from(SCHEMA_VERSIONS),
            "title": texts(20),
            "fiscal_year": st.integers(1949, 2100),
            "unit": st.builds(
                Unit,
                name=texts(),
                code=_optional(texts(8)),
                level=_optional(st.sampled_from(codes.GovernmentLevel)),
                region=_optional(texts()),
                region_code=_optional(_digits((6,))),
                supervisor=_optional(texts()),
                extensions=_optional(extensions()),
            ),
            "totals": _optional(_totals()),
            "expenditure_by_category": _tuples(
                st.builds(
                    CategoryAmount,
                    category=st.sampled_from(codes.ExpenditureCategory),
                    amount=money(),
                    label=_optional(texts()),
                )
            ),
            "issues": _tuples(_issues()),
            "score": _optional(_decimals()),
            "grade": _optional(st.sampled_from(codes.Grade)),
            "source": _optional(
                st.builds(
                    Source,
                    title=_optional(texts()),
                    url=_optional(texts()),
                    published=_optional(st.dates(datetime.date(1, 1, 1))),
                    note=_optional(texts()),
                )
            ),
            "evaluation": _optional(
                st.builds(
                    Evaluation,
                    evaluator=_optional(texts()),
                    commissioned_by=_optional(texts()),
                    number=_optional(texts()),
                    basis=_optional(texts()),
                    date=_optional(st.dates(datetime.date(1, 1, 1))),
                )
            ),
            "department": _optional(
                st.builds(
                    Department,
                    income=_optional(money()),
                    income_by_source=_tuples(
                        st.builds(
                            IncomeLine,
                            source=st.sampled_from(codes.IncomeSource),
                            label=_optional(texts()),
                            amount=money(),
                        )
                    ),
                    staffing=_tuples(
                        st.builds(
                            Staffing,
                            kind=st.sampled_from(codes.StaffKind),
                            label=_optional(texts()),
                            count=st.integers(0, 10_000_000),
                        )
                    ),
                    divisions=_tuples(texts()),
                    division_count=_optional(st.integers(0, 100_000)),
                    goal=_optional(texts()),
                    outcome=_optional(texts()),
                    indicators=_tuples(_indicators()),
                    score_groups=_tuples(score_groups()),
                    extensions=_optional(extensions()),
                )
            ),
            "extensions": _optional(extensions()),
        }
    )


def reports() -> st.SearchStrategy[Report]:
    """Small valid reports (0–2 projects): every member appears in some, none in others.

    ``projects`` is empty only in some ``department_overall`` reports; project ids are
    unique within a report.
    """
    parts = _report_parts()
    projects = {
        minimum: st.lists(key_projects(), min_size=minimum, max_size=2, unique_by=_project_id)
        for minimum in (0, 1)
    }

    def report(kind: codes.ReportKind) -> st.SearchStrategy[Report]:
        minimum = 0 if kind is codes.ReportKind.DEPARTMENT_OVERALL else 1
        return st.builds(
            lambda members, projects: Report(kind=kind, projects=projects, **members),
            parts,
            projects[minimum],
        )

    return st.one_of([report(kind) for kind in codes.ReportKind])


def _project_id(project: KeyProject) -> str:
    return project.id
