"""Flat tables for analysts: reports, projects, budget lines, indicators, findings, scores.

:func:`rows` turns one :class:`~perfeval.model.Report` into six tables of plain rows,
each a ``dict`` of column name → ``str``, ``int`` or ``None``, ready for
``pandas.DataFrame``, a CSV file or a database. The tables join on keys:

* ``report_key`` — the key the caller gives the document (its file name, an id): every
  row of every table carries it;
* ``project_id`` — the project's id, unique within its report;
* ``line_index``, ``indicator_index``, ``finding_index``, ``component_index`` — the
  row's position in its list (from 0), so that ``(report_key, project_id,
  indicator_index)`` names an indicator and the component that scores it.

Money is never a float. Every amount takes four columns: the amount as printed
(``budget`` ``"213.28"``), its unit (``budget_unit`` ``"wan_yuan"``), its currency
(``budget_currency`` ``"CNY"``) and the same amount in 元 (``budget_yuan``
``"2132800"``: 213.28 万元 × 10,000, the decimal point moved, never rounded). Every
decimal is plain text as ``format(value, "f")`` writes it (never an exponent).
:data:`COLUMNS` lists every column of every table, with its kind and a description;
:func:`dtypes` gives the pandas dtypes to read the files with.

:func:`write_csv` and :func:`write_jsonl` append tables to one file per table
(``projects.csv`` …), creating it with its header when it does not exist, so that
many reports stream into the same files; :func:`write` does it for many reports at
once, and a :class:`Writer` for the tables of many calls. Only the standard library
is used.

>>> from perfeval import examples, export
>>> tables = export.rows(examples.load("kaifu-2020"), key="kaifu-2020")
>>> project = tables["projects"][0]
>>> project["project_id"], project["budget"], project["budget_unit"], project["budget_yuan"]
('public-service', '213.28', 'wan_yuan', '2132800')
>>> [len(tables[name]) for name in export.TABLES]
[1, 2, 2, 48, 4, 50]
>>> export.rows(examples.load("kaifu-2020"), key="")
Traceback (most recent call last):
...
ValueError: key must not be empty: give each report a key such as its file name
"""

from __future__ import annotations

import csv
import datetime
import enum
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, NamedTuple, NoReturn, TypeVar

import attrs

from perfeval._decimal import decimal_text
from perfeval.codes import MoneyUnit
from perfeval.model import BudgetLine, Indicator, KeyProject, Report
from perfeval.money import Money

if TYPE_CHECKING:
    from perfeval.checks import Finding
    from perfeval.scoring import Component, Policy, ScoreCard

__all__ = [
    "COLUMNS",
    "TABLES",
    "Cell",
    "Column",
    "Kind",
    "Row",
    "Writer",
    "dtypes",
    "load_rows",
    "rows",
    "write",
    "write_csv",
    "write_jsonl",
]

#: The value of one cell (text, decimals included as plain decimal text; an integer; or ``None``).
Cell = str | int | None
#: One row of a table (column name → cell, in the order of :data:`COLUMNS`).
Row = dict[str, Cell]
#: What a column holds, which decides its pandas dtype and how CSV writes it.
Kind = Literal["text", "code", "decimal", "integer"]

_KIND_DTYPES: Final[Mapping[str, str]] = {
    "text": "string",
    "code": "string",
    "decimal": "string",
    "integer": "Int64",
}


@attrs.frozen
class Column:
    """One column of an exported table.

    Attributes:
        name: The column's name, stable across versions (snake_case).
        kind: ``"text"`` (free text as printed: names, labels, messages; the key),
            ``"code"`` (a code of a fixed list, an id or a JSON pointer),
            ``"decimal"`` (an exact decimal as plain text, ``"-5.00"``) or
            ``"integer"`` (a Python ``int``).
        description: What the column holds.

    >>> from perfeval.export import COLUMNS
    >>> column = COLUMNS["projects"]["budget_yuan"]
    >>> column.kind, column.dtype
    ('decimal', 'string')
    >>> COLUMNS["projects"]["project_index"].dtype
    'Int64'
    """

    name: str
    kind: Kind
    description: str

    @property
    def dtype(self) -> str:
        """The pandas dtype to read the column with (``"Int64"`` or ``"string"``).

        Decimals are read as text and stay exact; convert them deliberately
        (``df["budget_yuan"].map(Decimal)``).
        """
        return _KIND_DTYPES[self.kind]


# -- the tables: each column declared once, with where its cell is read ----------------------

_S = TypeVar("_S")


def _cell(value: object) -> Cell:
    """A model value as a cell: codes by their code, decimals and dates as plain text."""
    if value is None or type(value) is str or type(value) is int:
        return value
    if isinstance(value, enum.Enum):  # a code list, or scoring's Formula and Status
        return str(value.value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    msg = f"no cell for a {type(value).__name__}"  # a column declared wrongly
    raise TypeError(msg)


class _Col(Generic[_S]):
    """A column, and how its cell is read from one row's subject.

    *source* is a dotted attribute path from the subject (``"project.totals.budget"``;
    ``None`` as soon as a step is ``None``) or a function of the subject.
    """

    __slots__ = ("column", "read")

    def __init__(
        self, name: str, kind: Kind, description: str, source: str | Callable[[_S], object]
    ) -> None:
        self.column = Column(name, kind, description)
        self.read: Callable[[_S], Cell]
        if callable(source):
            self.read = lambda subject: _cell(source(subject))
        else:
            steps = source.split(".")
            self.read = lambda subject: _cell(_follow(subject, steps))


def _follow(subject: object, steps: list[str]) -> object:
    value = subject
    for step in steps:
        if value is None:
            return None
        value = getattr(value, step)
    return value


_UNITS: Final = ", ".join(f"{unit.value} ({unit.label})" for unit in MoneyUnit)


def _in_yuan(money: object) -> Decimal | None:
    return money.to(MoneyUnit.YUAN).amount if isinstance(money, Money) else None


def _money(prefix: str, what: str, source: str) -> list[_Col[Any]]:
    """The four columns of the amount at *source*: as printed, unit, currency, in 元."""
    steps = source.split(".")
    return [
        _Col(prefix, "decimal", f"{what}: the amount as printed, in its unit.", f"{source}.amount"),
        _Col(f"{prefix}_unit", "code", f"The unit of {prefix}: {_UNITS}.", f"{source}.unit"),
        _Col(
            f"{prefix}_currency",
            "code",
            f"The currency of {prefix} (ISO 4217).",
            f"{source}.currency",
        ),
        _Col(
            f"{prefix}_yuan",
            "decimal",
            f"{prefix} in 元 (one unit of its currency): the same digits with the decimal"
            " point moved, never rounded (213.28 wan_yuan → 2132800).",
            lambda subject: _in_yuan(_follow(subject, steps)),
        ),
    ]


def _totals(source: str, whose: str) -> list[_Col[Any]]:
    """The columns of the printed totals at *source*."""
    return [
        *_money(
            "initial_budget", f"{whose} initial budget (年初预算数)", f"{source}.initial_budget"
        ),
        *_money("budget", f"{whose} full-year budget (全年预算数)", f"{source}.budget"),
        *_money(
            "expenditure", f"{whose} full-year expenditure (全年执行数)", f"{source}.expenditure"
        ),
        *_money("received", f"{whose} funds received (资金到位数)", f"{source}.received"),
    ]


def _quantity(prefix: str, source: str) -> list[_Col[Any]]:
    """The columns of the quantity at *source*: its value, unit of measure, qualifier."""
    return [
        _Col(
            f"{prefix}_value",
            "decimal",
            f"The {prefix} figure, exact (3.2万册 → 32000).",
            f"{source}.value",
        ),
        _Col(
            f"{prefix}_unit",
            "text",
            f"The {prefix}'s unit of measure as printed (个, %).",
            f"{source}.unit",
        ),
        _Col(
            f"{prefix}_qualifier",
            "code",
            f"How exact the {prefix} figure is: exact, at_least (余), approximately (约),"
            " at_most (不到); empty without a figure.",
            f"{source}.qualifier",
        ),
    ]


class _Doc(NamedTuple):
    """What every table reads from: the report, its key, its findings and its cards."""

    key: str
    report: Report
    findings: list[Finding] | None
    cards: list[ScoreCard] | None


class _Project(NamedTuple):
    doc: _Doc
    position: int
    project: KeyProject
    card: ScoreCard | None


class _Line(NamedTuple):
    doc: _Doc
    project: KeyProject
    position: int
    line: BudgetLine


class _Indicator(NamedTuple):
    doc: _Doc
    project: KeyProject
    position: int
    indicator: Indicator


class _Finding(NamedTuple):
    doc: _Doc
    position: int
    finding: Finding


class _Component(NamedTuple):
    doc: _Doc
    card: ScoreCard
    position: int
    component: Component


def _finding_count(doc: _Doc) -> int | None:
    return None if doc.findings is None else len(doc.findings)


def _finding_project(subject: _Finding) -> str | None:
    parts = subject.finding.path.split("/", 3)
    if len(parts) < 3 or parts[1] != "projects":
        return None
    return subject.doc.report.projects[int(parts[2])].id


def _indicator_index(subject: _Component) -> int | None:
    parts = subject.component.path.split("/")
    return int(parts[2]) if len(parts) == 3 and parts[1] == "indicators" else None


_KEY: Final = "The key given to the report (reports.report_key)."
_CODES: Final = "central, provincial, municipal, county or township"

_REPORTS: Final[list[_Col[_Doc]]] = [
    _Col(
        "report_key",
        "text",
        "The key given to the report: a stable id such as its file name.",
        "key",
    ),
    _Col(
        "schema_version",
        "code",
        "The schema version the document follows (1.0, 1.1).",
        "report.schema_version",
    ),
    _Col("title", "text", "The report's title as printed.", "report.title"),
    _Col("kind", "code", "What kind of report it is (key_project_results …).", "report.kind"),
    _Col("fiscal_year", "integer", "The fiscal year evaluated.", "report.fiscal_year"),
    _Col("unit_name", "text", "The reporting unit's name (预算单位).", "report.unit.name"),
    _Col("unit_code", "text", "The unit's code as printed (单位编码).", "report.unit.code"),
    _Col("unit_level", "code", f"The unit's level of government: {_CODES}.", "report.unit.level"),
    _Col("region", "text", "The administrative region's name (行政区划).", "report.unit.region"),
    _Col(
        "region_code",
        "code",
        "The division code (GB/T 2260), six digits, as text.",
        "report.unit.region_code",
    ),
    _Col("supervisor", "text", "The supervising department (主管部门).", "report.unit.supervisor"),
    _Col(
        "project_count",
        "integer",
        "How many projects the report holds.",
        lambda d: len(d.report.projects),
    ),
    _Col(
        "issue_count",
        "integer",
        "How many report-level problems it names.",
        lambda d: len(d.report.issues),
    ),
    _Col(
        "finding_count",
        "integer",
        "How many findings check() made; empty if not checked.",
        _finding_count,
    ),
    *_totals("report.totals", "The report's"),
    _Col("score", "decimal", "The report's total score as printed (总分).", "report.score"),
    _Col(
        "grade",
        "code",
        "The grade as printed: excellent 优, good 良, fair 中, poor 差.",
        "report.grade",
    ),
    _Col("source_title", "text", "The title of the published document.", "report.source.title"),
    _Col("source_url", "text", "Where the document was published.", "report.source.url"),
    _Col(
        "source_published",
        "code",
        "The date of publication, YYYY-MM-DD.",
        "report.source.published",
    ),
]

_PROJECTS: Final[list[_Col[_Project]]] = [
    _Col("report_key", "text", _KEY, "doc.key"),
    _Col("project_index", "integer", "The project's position in the report, from 0.", "position"),
    _Col("project_id", "code", "The project's id, unique within the report.", "project.id"),
    _Col("name", "text", "The project's name as printed.", "project.name"),
    _Col("code", "text", "The project's code as printed (项目编码).", "project.code"),
    _Col(
        "project_type",
        "code",
        "recurring 经常性, one_off 一次性, multi_year 跨年度.",
        "project.project_type",
    ),
    _Col("purpose", "text", "What the money is for (资金用途), as printed.", "project.purpose"),
    _Col(
        "budget_line_count",
        "integer",
        "How many rows its money table has.",
        lambda p: len(p.project.budget_lines),
    ),
    _Col(
        "indicator_count",
        "integer",
        "How many indicators it has.",
        lambda p: len(p.project.indicators),
    ),
    _Col("issue_count", "integer", "How many problems it names.", lambda p: len(p.project.issues)),
    *_totals("project.totals", "The project's printed"),
    _Col(
        "execution_weight",
        "decimal",
        "The printed weight of budget execution.",
        "project.budget_execution.weight",
    ),
    _Col(
        "execution_rate",
        "decimal",
        "The printed execution rate, in percent.",
        "project.budget_execution.rate",
    ),
    _Col(
        "execution_score",
        "decimal",
        "The printed score of budget execution.",
        "project.budget_execution.score",
    ),
    _Col("score", "decimal", "The project's total score as printed (得分).", "project.score"),
    _Col("grade", "code", "The project's grade as printed.", "project.grade"),
    _Col(
        "computed_score",
        "decimal",
        "score()'s total, 0-100, to 0.01; empty if not scored.",
        "card.total",
    ),
    _Col(
        "computed_grade", "code", "The grade of computed_score; empty if not scored.", "card.grade"
    ),
    _Col(
        "score_policy",
        "code",
        "The scoring policy's name; empty if not scored.",
        "card.policy.name",
    ),
]

_BUDGET_LINES: Final[list[_Col[_Line]]] = [
    _Col("report_key", "text", _KEY, "doc.key"),
    _Col("project_id", "code", "The project the row belongs to.", "project.id"),
    _Col(
        "line_index",
        "integer",
        "The row's position in the project's money table, from 0.",
        "position",
    ),
    _Col(
        "source", "code", "fiscal, carried_over, special_account, unit_own or other.", "line.source"
    ),
    _Col("level", "code", f"Which government's money it is: {_CODES}.", "line.level"),
    _Col("label", "text", "The row as printed (其中：区级资金).", "line.label"),
    _Col(
        "functional_code",
        "code",
        "The functional code (功能分类科目), as text.",
        "line.functional_code",
    ),
    *_money("initial_budget", "The initial budget (年初预算数)", "line.initial_budget"),
    *_money("budget", "The full-year budget (全年预算数)", "line.budget"),
    *_money("expenditure", "The full-year expenditure (全年执行数)", "line.expenditure"),
]

_INDICATORS: Final[list[_Col[_Indicator]]] = [
    _Col("report_key", "text", _KEY, "doc.key"),
    _Col("project_id", "code", "The project the indicator belongs to.", "project.id"),
    _Col(
        "indicator_index", "integer", "The indicator's position in the project, from 0.", "position"
    ),
    _Col(
        "level1",
        "code",
        "The first level: decision, process, output, effect, cost, satisfaction.",
        "indicator.level1",
    ),
    _Col("level2", "code", "The second level: quantity, quality, timeliness …", "indicator.level2"),
    _Col("level1_label", "text", "The first-level heading as printed.", "indicator.level1_label"),
    _Col("level2_label", "text", "The second-level heading as printed.", "indicator.level2_label"),
    _Col("name", "text", "The third-level indicator (三级指标) as printed.", "indicator.name"),
    _Col(
        "metric",
        "code",
        "What a standard row measures (execution_rate), if it says.",
        "indicator.metric",
    ),
    _Col(
        "target_operator",
        "code",
        "The comparison: >=, <=, =, >, < or qualitative.",
        "indicator.target.operator",
    ),
    *_quantity("target", "indicator.target.value"),
    _Col("target_text", "text", "The target as printed (≥50个).", "indicator.target.text"),
    *_quantity("actual", "indicator.actual.value"),
    _Col(
        "actual_achievement",
        "code",
        "achieved, partially_achieved or not_achieved.",
        "indicator.actual.achievement",
    ),
    _Col("actual_text", "text", "The actual as printed.", "indicator.actual.text"),
    _Col("weight", "decimal", "The printed weight (分值).", "indicator.weight"),
    _Col("score", "decimal", "The printed score (得分).", "indicator.score"),
]

_FINDINGS: Final[list[_Col[_Finding]]] = [
    _Col("report_key", "text", _KEY, "doc.key"),
    _Col(
        "finding_index", "integer", "The finding's position in check()'s list, from 0.", "position"
    ),
    _Col(
        "project_id",
        "code",
        "The project its path points into; empty for the report.",
        _finding_project,
    ),
    _Col("code", "code", "The rule's stable code (see the findings catalogue).", "finding.code"),
    _Col("severity", "code", "error, warning or info.", "finding.severity"),
    _Col("path", "code", "A JSON pointer to the figure concerned.", "finding.path"),
    _Col("message", "text", "What was found, in English.", "finding.message"),
    _Col("message_zh", "text", "The same in Chinese.", "finding.message_zh"),
]

_SCORE_COMPONENTS: Final[list[_Col[_Component]]] = [
    _Col("report_key", "text", _KEY, "doc.key"),
    _Col("project_id", "code", "The project scored.", "card.project_id"),
    _Col("component_index", "integer", "The component's position on the card, from 0.", "position"),
    _Col(
        "indicator_index",
        "integer",
        "The indicator it scores; empty for execution.",
        _indicator_index,
    ),
    _Col("path", "code", "A JSON pointer to the row in the project.", "component.path"),
    _Col("name", "text", "The row's name (预算执行率, or the indicator's).", "component.name"),
    _Col("group", "text", "The weight group (预算执行, 产出 …).", "component.group"),
    _Col("weight", "decimal", "The weight used.", "component.weight"),
    _Col("score", "decimal", "The computed score, 0 to weight, to 0.01.", "component.score"),
    _Col(
        "printed_weight",
        "decimal",
        "The weight the report printed, if any.",
        "component.printed_weight",
    ),
    _Col(
        "printed_score",
        "decimal",
        "The score the report printed, if any.",
        "component.printed_score",
    ),
    _Col(
        "difference",
        "decimal",
        "printed_score minus score; empty if none printed.",
        "component.difference",
    ),
    _Col("formula", "code", "The formula used (execution, positive … none).", "component.formula"),
    _Col(
        "status",
        "code",
        "scored, not_scorable, taken_as_printed, not_applicable.",
        "component.status",
    ),
    _Col("note", "text", "How the score came about, in words.", "component.note"),
]


def _columns(declared: Sequence[_Col[_S]]) -> Mapping[str, Column]:
    return MappingProxyType({col.column.name: col.column for col in declared})


#: The tables, in the order :func:`rows` returns them, each with what one row is.
TABLES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "reports": "One row per report: its unit, year, printed totals and counts.",
        "projects": "One row per project: its printed totals, execution and scores.",
        "budget_lines": "One row per row of a project's money table (资金明细).",
        "indicators": "One row per performance indicator (绩效指标), target beside actual.",
        "findings": "One row per finding of check().",
        "score_components": "One row per scored row of score(): execution, then indicators.",
    }
)

#: Every table's columns in order (table name → column name → :class:`Column`).
COLUMNS: Final[Mapping[str, Mapping[str, Column]]] = MappingProxyType(
    {
        "reports": _columns(_REPORTS),
        "projects": _columns(_PROJECTS),
        "budget_lines": _columns(_BUDGET_LINES),
        "indicators": _columns(_INDICATORS),
        "findings": _columns(_FINDINGS),
        "score_components": _columns(_SCORE_COMPONENTS),
    }
)


def dtypes(table: str) -> dict[str, str]:
    """The pandas dtypes of *table*'s columns: ``"Int64"`` for integers, else ``"string"``.

    Pass them to ``pandas.read_csv`` (with ``keep_default_na=False, na_values=[""]``,
    so that only an empty cell is missing) or ``pandas.read_json(..., lines=True)``.

    Raises:
        ValueError: *table* is not one of :data:`TABLES`.

    >>> from perfeval.export import dtypes
    >>> dtypes("budget_lines")["line_index"], dtypes("budget_lines")["budget_yuan"]
    ('Int64', 'string')
    >>> dtypes("issues")
    Traceback (most recent call last):
    ...
    ValueError: unknown table 'issues'; the tables are reports, projects, budget_lines, ...
    """
    return {name: column.dtype for name, column in _table_columns(table).items()}


def _table_columns(table: str) -> Mapping[str, Column]:
    try:
        return COLUMNS[table]
    except KeyError:
        msg = f"unknown table {table!r}; the tables are {', '.join(TABLES)}"
        raise ValueError(msg) from None


# -- rows -----------------------------------------------------------------------------------


def _table(declared: Sequence[_Col[_S]], subjects: Iterable[_S]) -> list[Row]:
    getters = [(col.column.name, col.read) for col in declared]
    return [{name: get(subject) for name, get in getters} for subject in subjects]


def rows(
    report: Report,
    *,
    key: str,
    findings: bool = True,
    scores: bool = True,
    policy: Policy | None = None,
) -> dict[str, list[Row]]:
    """The tables of one report: table name → rows, in the order of :data:`TABLES`.

    Args:
        report: The report.
        key: A stable id of the document, written in every row as ``report_key``:
            its file name, its path under a data root, an id of your own. Keys must
            be unique among the reports exported together.
        findings: Whether to run :func:`~perfeval.checks.check` and return the
            ``findings`` table (and fill ``reports.finding_count``).
        scores: Whether to run :func:`~perfeval.scoring.score` on every project and
            return the ``score_components`` table (and fill the ``computed_*``
            columns of ``projects``).
        policy: The scoring policy for both, as :func:`~perfeval.checks.check` and
            :func:`~perfeval.scoring.score` take it; ``None`` follows each
            project's printed layout, else the national rules.

    Returns:
        A new ``dict``: ``reports``, ``projects``, ``budget_lines``, ``indicators``,
        then ``findings`` and ``score_components`` unless turned off (a table that
        is turned off is absent, not empty). Every row has every column of
        :data:`COLUMNS`, in order; an absent value is ``None``.

    Raises:
        TypeError: *report* is not a :class:`~perfeval.model.Report` or *key* is
            not a ``str``.
        ValueError: *key* is empty.

    >>> from perfeval import examples
    >>> from perfeval.export import rows
    >>> tables = rows(examples.load("tangxi-2022"), key="t", scores=False)
    >>> list(tables)
    ['reports', 'projects', 'budget_lines', 'indicators', 'findings']
    >>> rows({"title": "…"}, key="t")
    Traceback (most recent call last):
    ...
    TypeError: rows() needs a Report, not dict; read JSON with perfeval.loads() first
    """
    given: object = report  # callers without type checking may pass anything
    if not isinstance(given, Report):
        msg = (
            f"rows() needs a Report, not {type(given).__name__};"
            " read JSON with perfeval.loads() first"
        )
        raise TypeError(msg)
    _check_key(key)
    found: list[Finding] | None = None
    cards: list[ScoreCard] | None = None
    if findings:
        from perfeval.checks import check  # noqa: PLC0415 - checks load on first use

        found = check(report, policy=policy)
    if scores:
        from perfeval.scoring import score  # noqa: PLC0415 - scoring loads on first use

        cards = [score(project, policy) for project in report.projects]
    doc = _Doc(key, report, found, cards)
    projects = report.projects
    tables = {
        "reports": _table(_REPORTS, [doc]),
        "projects": _table(
            _PROJECTS,
            (
                _Project(doc, index, project, None if cards is None else cards[index])
                for index, project in enumerate(projects)
            ),
        ),
        "budget_lines": _table(
            _BUDGET_LINES,
            (
                _Line(doc, project, index, line)
                for project in projects
                for index, line in enumerate(project.budget_lines)
            ),
        ),
        "indicators": _table(
            _INDICATORS,
            (
                _Indicator(doc, project, index, indicator)
                for project in projects
                for index, indicator in enumerate(project.indicators)
            ),
        ),
    }
    if found is not None:
        tables["findings"] = _table(
            _FINDINGS, (_Finding(doc, index, finding) for index, finding in enumerate(found))
        )
    if cards is not None:
        tables["score_components"] = _table(
            _SCORE_COMPONENTS,
            (
                _Component(doc, card, index, component)
                for card in cards
                for index, component in enumerate(card.components)
            ),
        )
    return tables


def _check_key(key: object) -> None:
    if not isinstance(key, str):
        msg = f"key must be a str such as the report's file name, not {type(key).__name__}"
        raise TypeError(msg)
    if not key:
        msg = "key must not be empty: give each report a key such as its file name"
        raise ValueError(msg)


def load_rows(
    path: str | os.PathLike[str],
    *,
    key: str | None = None,
    findings: bool = True,
    scores: bool = True,
    policy: Policy | None = None,
) -> dict[str, list[Row]]:
    """Load the document at *path* and return its tables, as :func:`rows` does.

    A module-level function, so that process pools and Dask's ``processes``
    scheduler can pickle it (``dask.bag.from_sequence(paths).map(load_rows)``).

    Args:
        path: The document's path.
        key: The report's key; by default *path* as given, with ``/`` between its
            parts on every system (``data/2020/kaifu.json``), so that keys made on
            Windows and on Linux agree.
        findings: As for :func:`rows`.
        scores: As for :func:`rows`.
        policy: As for :func:`rows`.

    Raises:
        perfeval.ValidationError: The document is not a valid report.
        OSError: The file cannot be read.

    >>> from perfeval import examples
    >>> from perfeval.export import load_rows
    >>> load_rows(examples.path("qingshen-2023"), scores=False)["reports"][0]["report_key"]
    '.../qingshen-2023.json'
    """
    from perfeval.serialize import load  # noqa: PLC0415 - keep the import graph one-way

    chosen = PurePath(path).as_posix() if key is None else key
    return rows(load(path), key=chosen, findings=findings, scores=scores, policy=policy)


# -- files ------------------------------------------------------------------------------------

#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
Format = Literal["csv", "jsonl"]
_FORMATS: Final = ("csv", "jsonl")


def _checked_cell(table: str, name: str, value: object) -> Cell:
    if value is None or type(value) is str or type(value) is int:
        return value
    if isinstance(value, float):
        msg = (
            f"{table}.{name} is the float {value!r}: amounts and other decimals are"
            " exported as decimal strings, never floats"
        )
    else:
        msg = f"{table}.{name} must be a str, an int or None, not {type(value).__name__}"
    raise TypeError(msg)


class _TableFile:
    """One table's file, open for appending, its header checked or written."""

    def __init__(self, directory: Path, table: str, fmt: Format) -> None:
        self.table = table
        self.columns = _table_columns(table)
        self.names = list(self.columns)
        self.fmt = fmt
        self.path = directory / f"{table}.{fmt}"
        # Where the cells of text columns are: only they are neutralised in CSV.
        kinds = [column.kind for column in self.columns.values()]
        self._text_indices = [index for index, kind in enumerate(kinds) if kind == "text"]
        self._check_existing()
        self.file = self.path.open("a", encoding="utf-8", newline="")
        if fmt == "csv":
            self.writer = csv.writer(self.file)
            if self.file.tell() == 0:
                # The byte order mark tells Excel the file is UTF-8, so Chinese shows.
                self.file.write("\ufeff")
                self.writer.writerow(self.names)

    def _check_existing(self) -> None:
        """Refuse to append to a file whose rows have other columns than this table's."""
        try:
            with self.path.open("rb") as existing:
                first = existing.readline()
        except FileNotFoundError:
            return
        if not first.strip():
            return
        text = first.decode("utf-8-sig", errors="replace")
        if self.fmt == "csv":
            found = next(csv.reader(io.StringIO(text)), [])
        else:
            try:
                found = list(json.loads(text))
            except (ValueError, TypeError):
                found = []
        if found != self.names:
            msg = (
                f"{self.path} exists with other columns than perfeval's {self.table} table"
                f" ({', '.join(self.names)}): write to a new directory, or remove the file"
            )
            raise ValueError(msg)

    def format(self, rows: Iterable[Mapping[str, object]]) -> tuple[str, int]:
        """The text of *rows* in this file's format, and how many there are."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)  # None is an empty cell
        jsonl = self.fmt == "jsonl"
        count = 0
        for row in rows:
            if list(row) != self.names:
                self._refuse(row)
            cells = [_checked_cell(self.table, name, value) for name, value in row.items()]
            if jsonl:
                values = dict(zip(self.names, cells, strict=True))
                buffer.write(json.dumps(values, ensure_ascii=False, separators=(",", ":")))
                buffer.write("\n")
            else:
                for index in self._text_indices:
                    cell = cells[index]
                    if type(cell) is str and cell.startswith(_FORMULA_STARTS):
                        cells[index] = "'" + cell
                writer.writerow(cells)
            count += 1
        return buffer.getvalue(), count

    def _refuse(self, row: Mapping[str, object]) -> NoReturn:
        missing = [name for name in self.names if name not in row]
        extra = [name for name in row if name not in self.columns]
        msg = (
            f"a row of {self.table} must have its columns in the order of"
            f" perfeval.export.COLUMNS[{self.table!r}]; missing {missing}, unknown {extra}"
        )
        raise ValueError(msg)

    def write(self, text: str) -> None:
        self.file.write(text)

    def close(self) -> None:
        self.file.close()


class Writer:
    """Files of a directory that tables are appended to, each opened once, on first use.

    What :func:`write`, :func:`write_csv` and :func:`write_jsonl` use; use it directly
    to append the tables of many :func:`rows` or :func:`load_rows` calls (from a
    process pool, say) without opening the files for each. Files are written as
    :func:`write_csv` and :func:`write_jsonl` say. Use it in a ``with`` block, or
    call :meth:`close`.

    Args:
        directory: Where the files are (created on the first :meth:`add`).
        fmt: ``"csv"`` or ``"jsonl"``.

    Raises:
        ValueError: *fmt* is unknown.

    >>> import tempfile
    >>> from perfeval import examples
    >>> from perfeval.export import Writer, rows
    >>> with tempfile.TemporaryDirectory() as folder, Writer(folder, "jsonl") as out:
    ...     for name in examples.names():
    ...         out.add(rows(examples.load(name), key=name, findings=False, scores=False))
    ...     out.counts["reports"], out.counts["projects"]
    (3, 4)
    """

    def __init__(self, directory: str | os.PathLike[str], fmt: str = "csv") -> None:
        if fmt not in _FORMATS:
            msg = f"format must be one of {', '.join(_FORMATS)}, not {fmt!r}"
            raise ValueError(msg)
        self.fmt: Format = "csv" if fmt == "csv" else "jsonl"
        self.directory = Path(directory)
        self._files: dict[str, _TableFile] = {}
        #: How many rows were written to each table so far.
        self.counts: dict[str, int] = {}

    def add(self, tables: Mapping[str, Iterable[Mapping[str, object]]]) -> None:
        """Append *tables*; every name, header and row is checked before any row is written.

        Raises:
            ValueError: A table name is not one of :data:`TABLES`; a row's columns
                are not the table's; an existing file has another header.
            TypeError: A cell is not a ``str``, an ``int`` or ``None``.
            OSError: A file cannot be written.
        """
        for table in tables:
            _table_columns(table)
        self.directory.mkdir(parents=True, exist_ok=True)
        for table in tables:
            if table not in self._files:
                self._files[table] = _TableFile(self.directory, table, self.fmt)
        texts = [(table, *self._files[table].format(rows)) for table, rows in tables.items()]
        for table, text, count in texts:
            self._files[table].write(text)
            self.counts[table] = self.counts.get(table, 0) + count

    def close(self) -> None:
        """Close the files."""
        for file in self._files.values():
            file.close()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _write(
    tables: Mapping[str, Iterable[Mapping[str, object]]],
    directory: str | os.PathLike[str],
    fmt: str,
) -> dict[str, int]:
    with Writer(directory, fmt) as out:
        out.add(tables)
    return out.counts


def write_csv(
    tables: Mapping[str, Iterable[Mapping[str, object]]], directory: str | os.PathLike[str]
) -> dict[str, int]:
    r"""Append *tables* to ``<directory>/<table>.csv``, one file per table.

    A file that does not exist (or is empty) is created with a UTF-8 byte order mark,
    so that Excel shows the Chinese, and the header row; an existing file must have
    the same header, and gets the rows only. The directory is created if needed.
    Rows are written as Python's ``csv`` module writes them (comma, ``"`` quoting when needed,
    ``\r\n`` line ends); ``None`` is an empty cell.

    Cells of text columns (:attr:`Column.kind` ``"text"``: names, labels, messages,
    the key) that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    get a leading ``'``, so that a spreadsheet shows them as text instead of running
    them as a formula (OWASP's advice on CSV injection). Decimal columns are written
    verbatim: they hold validated decimals only (``"-5.00"`` is a number to a
    spreadsheet, not a formula), and must stay exact. Code, integer and decimal
    columns hold only values of fixed forms (the comparison code ``=`` is the one that
    starts with a formula character; nothing can follow it).

    Args:
        tables: Table name → rows, as :func:`rows` returns.
        directory: Where the files are.

    Returns:
        How many rows were written to each table.

    Raises:
        ValueError: A table name is not one of :data:`TABLES`; a row's columns are
            not the table's; an existing file has another header.
        TypeError: A cell is not a ``str``, an ``int`` or ``None`` (a float, say).
        OSError: A file cannot be written.
    """
    return _write(tables, directory, "csv")


def write_jsonl(
    tables: Mapping[str, Iterable[Mapping[str, object]]], directory: str | os.PathLike[str]
) -> dict[str, int]:
    r"""Append *tables* to ``<directory>/<table>.jsonl``: one JSON object per line.

    UTF-8 without a byte order mark, ``\n`` line ends, Chinese written as itself.
    Every row has every column, ``None`` as ``null``; integers are JSON numbers and
    decimals JSON strings. Nothing is neutralised: JSON is not read by spreadsheets.
    An existing file's first line must have the table's columns.

    Returns:
        How many rows were written to each table.

    Raises:
        ValueError: As for :func:`write_csv`.
        TypeError: As for :func:`write_csv`.
        OSError: A file cannot be written.
    """
    return _write(tables, directory, "jsonl")


def write(
    reports: Iterable[tuple[str, Report]],
    directory: str | os.PathLike[str],
    *,
    fmt: str = "csv",
    findings: bool = True,
    scores: bool = True,
    policy: Policy | None = None,
) -> dict[str, int]:
    """Export many reports into one set of files, each file opened once.

    Args:
        reports: ``(key, report)`` pairs; each key must be new among them.
        directory: Where the files are (created if needed); existing files are
            appended to, as :func:`write_csv` does.
        fmt: ``"csv"`` or ``"jsonl"``.
        findings: As for :func:`rows`.
        scores: As for :func:`rows`.
        policy: As for :func:`rows`.

    Returns:
        How many rows were written to each table.

    Raises:
        ValueError: *fmt* is unknown, or a key comes twice; as for :func:`write_csv`.
        TypeError: As for :func:`rows`.
        OSError: A file cannot be written.

    A report that fails stops the export after the reports before it were written.
    """
    seen: set[str] = set()
    with Writer(directory, fmt) as out:
        for key, report in reports:
            if key in seen:
                msg = f"two reports have the key {key!r}; every report needs its own"
                raise ValueError(msg)
            seen.add(key)
            out.add(rows(report, key=key, findings=findings, scores=scores, policy=policy))
    return out.counts
