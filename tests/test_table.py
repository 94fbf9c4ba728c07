"""Reading printed self-evaluation tables from grids of cells (perfeval.table)."""

from __future__ import annotations

import csv
import pickle
import sys
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfeval
from perfeval import examples
from perfeval.codes import FundSource, GroupScope, MoneyUnit, ReportKind
from perfeval.model import Report, Source, Unit
from perfeval.money import Money
from perfeval.quantity import parse_target
from perfeval.table import (
    MAX_CELL_LENGTH,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    TableError,
    read_table,
)

from .property.strategies import example_count  # type: ignore[import-not-found, unused-ignore]

TABLES = Path(__file__).parent / "data" / "tables"
CORPUS = Path(__file__).parent / "corpus"
_DROP = object()


def _grid(name: str) -> list[list[str]]:
    with (TABLES / f"{name}.csv").open(newline="", encoding="utf-8") as fp:
        return list(csv.reader(fp))


def _read(name: str, **keywords: Any) -> Report:
    with (TABLES / f"{name}.csv").open(newline="", encoding="utf-8") as fp:
        return read_table(csv.reader(fp), **keywords)


def _without_cells(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_cells(v) for k, v in value.items() if k != "cells"}
    if isinstance(value, list):
        return [_without_cells(v) for v in value]
    return value


def _printed(report: Report) -> dict[str, Any]:
    """What a table prints: the report without provenance, ids and cell references.

    The unit keeps only what a table can print (name, code, 主管部门); the encodings'
    level, region and region code come from the publisher, not from the table.
    """
    data: dict[str, Any] = _without_cells(perfeval.to_dict(report))
    for member in ("schema_version", "source", "extensions"):
        data.pop(member, None)
    data["unit"] = {k: v for k, v in data["unit"].items() if k in ("name", "code", "supervisor")}
    for project in data["projects"]:
        project.pop("id")
    return data


def _edit(data: dict[str, Any], pointer: str, value: object) -> None:
    *parents, last = pointer.strip("/").split("/")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is _DROP:
        del node[last]
    else:
        node[last] = value


# grid → (hand encoding, keyword arguments, the differences and why).
_CASES: dict[str, tuple[str, dict[str, Any], list[tuple[str, object]]]] = {
    "tangxi-2022": (
        "example:tangxi-2022",
        {"project_id": "entrusted-business"},
        [
            # The example is a schema 1.0 document: it predates the printed headings
            # (level1_label, level2_label) and score groups the reader records.
            *[(f"/projects/0/indicators/{i}/level1_label", "产出指标") for i in range(6)],
            *[
                (f"/projects/0/indicators/{i}/level2_label", label)
                for i, label in enumerate(["数量指标", "质量指标", "质量指标", "时效指标"])
            ],
            ("/projects/0/indicators/4/level2_label", "成本指标"),
            ("/projects/0/indicators/5/level2_label", "成本指标"),
            *[(f"/projects/0/indicators/{i}/level1_label", "效益指标") for i in (6, 7, 8)],
            ("/projects/0/indicators/9/level1_label", "满意度指标"),
            ("/projects/0/indicators/9/level2_label", "满意度指标"),
            (
                "/projects/0/score_groups",
                [
                    {"label": "产出指标", "weight": "50", "covers": "level1", "level1": "output"},
                    {"label": "效益指标", "weight": "30", "covers": "level1", "level1": "effect"},
                    {
                        "label": "满意度指标",
                        "weight": "10",
                        "covers": "level1",
                        "level1": "satisfaction",
                    },
                ],
            ),
            # The example keeps the transcriber's ellipsis after the cut; the grid
            # holds only the printed characters (tests/data/tables/README.md).
            ("/projects/0/indicators/9/name", "公众满"),
        ],
    ),
    "qingshen-2023": (
        "example:qingshen-2023",
        # The table prints no unit (the publisher does), and the example's id is the
        # project's code.
        {"unit": "青神县发展和改革局", "project_id": "51000021R000000019951"},
        [
            # Schema 1.0 example: no printed headings.
            ("/projects/0/indicators/0/level1_label", "产出指标"),
            ("/projects/0/indicators/0/level2_label", "数量指标"),
            ("/projects/0/indicators/1/level1_label", "效益指标"),
            ("/projects/0/indicators/1/level2_label", "社会效益指标"),
        ],
    ),
    "hebei-langfang-2019": ("hebei-langfang-shipinxuexiao-2019-nuantong", {}, []),
    # 主管部门 and 实施单位 are printed blank: the unit is the page's publisher.
    "hubei-ezhou-2021": ("hubei-ezhou-xzspj-2021-shiminzhongxin", {"unit": "鄂州市行政审批局"}, []),
    "ningxia-yinchuan-2021": (
        "ningxia-yinchuan-liuzhong-2021-gongyongjingfei",
        {},
        # The OCR residue in the 完成情况 cell is printed text; the encoding leaves it
        # out as unreadable. A reader keeps what the cell holds.
        [("/projects/0/outcome", "公,4")],
    ),
    "hubei-form-2020": (
        "unverified-hubei-form-2020-changjiang-jinbu",
        {},
        # The execution rate is printed as the ratio 1; the encoding converts it to
        # 100 (%). A reader cannot tell a ratio from a percent in a bare cell.
        [("/projects/0/budget_execution/rate", "1")],
    ),
    "yunnan-lijiang-2020": ("yunnan-lijiang-guchengqu-2020-weipian", {}, []),
}


def _encoding(name: str) -> Report:
    if name.startswith("example:"):
        return examples.load(name.removeprefix("example:"))
    return perfeval.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("grid", sorted(_CASES))
def test_grid_reads_as_its_hand_encoding(grid: str) -> None:
    encoding, keywords, differences = _CASES[grid]
    expected = _printed(_encoding(encoding))
    for pointer, value in differences:
        _edit(expected, pointer, value)
    assert _printed(_read(grid, **keywords)) == expected


def test_every_grid_is_compared() -> None:
    assert {path.stem for path in TABLES.glob("*.csv")} == set(_CASES)


def test_cells_point_at_the_figures_tangxi() -> None:
    # Written down from tests/data/tables/tangxi-2022.csv.
    project = _read("tangxi-2022").projects[0]
    assert project.totals is not None
    assert project.budget_execution is not None
    assert dict(project.totals.cells or {}) == {
        "initial_budget": "B6",
        "budget": "C6",
        "expenditure": "D6",
    }
    assert dict(project.budget_execution.cells or {}) == {
        "weight": "E6",
        "rate": "F6",
        "score": "G6",
    }
    assert dict(project.budget_lines[0].cells or {})["budget"] == "C7"
    first = project.indicators[0]
    assert dict(first.cells or {}) == {
        "name": "C11",
        "level1": "A11",
        "level2": "B11",
        "target": "D11",
        "actual": "E11",
        "weight": "F11",
        "score": "G11",
    }
    # A merged first-level cell is carried down: it is still printed in A11.
    assert dict(project.indicators[5].cells or {})["level1"] == "A11"
    assert dict(project.cells or {}) == {"name": "B2", "goal": "B9", "outcome": "E9"}


def test_cells_point_at_the_figures_other_layouts() -> None:
    hebei = _read("hebei-langfang-2019").projects[0]
    assert hebei.totals is not None
    assert hebei.budget_execution is not None
    assert dict(hebei.totals.cells or {})["expenditure"] == "E6"
    assert dict(hebei.budget_execution.cells or {})["rate"] == "G6"
    assert dict(hebei.indicators[0].cells or {})["deviation"] == "H13"
    qingshen = _read("qingshen-2023", unit="u").projects[0]
    # The Sichuan layout: the target's cell is its 指标值 column.
    assert dict(qingshen.indicators[1].cells or {})["target"] == "E9"
    assert dict(qingshen.indicators[1].cells or {})["weight"] == "G9"
    ningxia = _read("ningxia-yinchuan-2021").projects[0]
    assert dict(ningxia.cells or {})["score"] == "B4"
    assert dict(ningxia.indicators[4].cells or {})["score"] == "G14"
    form = _read("hubei-form-2020").projects[0]
    assert dict(form.cells or {})["score"] == "B15"
    assert dict(form.cells or {})["deviation"] == "B16"
    yunnan = _read("yunnan-lijiang-2020").projects[0]
    assert yunnan.totals is not None
    assert dict(yunnan.totals.cells or {})["budget"] == "E5"
    assert dict(yunnan.indicators[3].cells or {})["score"] == "I16"


def test_the_printed_digits_are_kept() -> None:
    project = _read("yunnan-lijiang-2020").projects[0]
    assert project.budget_execution is not None
    assert str(project.budget_execution.weight) == "10.00"
    assert [str(i.weight) for i in project.indicators] == ["10.00", "20", "20.00", "30.00", "10.00"]
    qingshen = _read("qingshen-2023", unit="u").projects[0]
    assert qingshen.budget_lines[0].budget == Money("0.00", MoneyUnit.WAN_YUAN)
    assert str(qingshen.budget_lines[0].budget.amount) == "0.00"


# -- keyword arguments and what the grid prints -----------------------------------------------

_SMALL = [
    ["项目支出绩效自评表（2021年度）", "", "", ""],
    ["项目名称", "201-社区培训", "实施单位", "某街道办事处"],
    ["项目资金（元）", "全年预算数", "全年执行数", "执行率"],
    ["年度资金总额", "1,200.50", "1000", "83%"],
    ["一级指标", "二级指标", "三级指标", "得分"],
    ["产出指标", "数量指标", "培训人次", "9"],
]


def _small(**changes: str) -> list[list[object]]:
    rows: list[list[object]] = [list(row) for row in _SMALL]
    for cell, text in changes.items():
        column, row = ord(cell[0]) - ord("A"), int(cell[1:]) - 1
        rows[row][column] = text
    return rows


def test_money_unit_is_read_from_the_headings_and_can_be_given() -> None:
    report = read_table(_small())
    totals = report.projects[0].totals
    assert totals is not None
    assert totals.budget == Money("1200.50", MoneyUnit.YUAN)
    assert str(totals.budget.amount) == "1200.50"
    given = read_table(_small(), money_unit=MoneyUnit.QIAN_YUAN).projects[0].totals
    assert given is not None
    assert given.expenditure == Money("1000", MoneyUnit.QIAN_YUAN)
    national = read_table(_small(A3="项目资金")).projects[0].totals
    assert national is not None
    assert national.expenditure == Money("1000", MoneyUnit.WAN_YUAN)


def test_keyword_arguments_win_over_the_grid() -> None:
    unit = Unit(name="另一单位", region="某区")
    source = Source(title="t")
    report = read_table(
        _small(),
        title="标题",
        fiscal_year=2030,
        unit=unit,
        kind=ReportKind.OTHER,
        project_name="名称",
        project_id="x-1",
        source=source,
    )
    assert (report.title, report.fiscal_year, report.unit, report.kind) == (
        "标题",
        2030,
        unit,
        ReportKind.OTHER,
    )
    assert (report.projects[0].id, report.projects[0].name, report.source) == (
        "x-1",
        "名称",
        source,
    )
    printed = read_table(_small())
    assert printed.projects[0].id == "p1"
    assert (printed.projects[0].code, printed.projects[0].name) == ("201", "社区培训")
    assert printed.unit == Unit(name="某街道办事处")


def test_number_cells_never_pass_through_float_for_their_digits() -> None:
    rows = _small(B4="", C4="")
    rows[3][1] = 43.2
    rows[3][2] = Decimal("37.240")
    rows[5][3] = 10.0
    project = read_table(rows).projects[0]
    assert project.totals is not None
    assert str(project.totals.budget.amount) == "43.2"  # type: ignore[union-attr]
    assert str(project.totals.expenditure.amount) == "37.240"  # type: ignore[union-attr]
    assert str(project.indicators[0].score) == "10"
    rows[3][1] = 1e-05
    assert str(read_table(rows).projects[0].totals.budget.amount) == "0.00001"  # type: ignore[union-attr]
    rows[3][1] = float("nan")  # pandas' empty cell
    assert read_table(rows).projects[0].totals.budget is None  # type: ignore[union-attr]


# -- one clear error ---------------------------------------------------------------------------


def _error(rows: object, **keywords: Any) -> TableError:
    with pytest.raises(TableError) as caught:
        read_table(rows, **keywords)  # type: ignore[arg-type]
    return caught.value


def test_a_non_number_under_the_expenditure_names_its_cell() -> None:
    error = _error(_small(C4="abc"))
    assert str(error) == "C4: expected a decimal amount such as 12.50 under 全年执行数, found 'abc'"
    assert (error.cell, error.found) == ("C4", "abc")
    assert isinstance(error, ValueError)
    assert isinstance(error, perfeval.PerfevalError)
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert str(again) == str(error)


@pytest.mark.parametrize(
    ("changes", "cell", "words"),
    [
        ({"B3": "x", "C3": "y"}, "A5", "money block's headings"),
        ({"C5": "名称"}, "A7", "indicator headings"),
        ({"D4": "八成"}, "D4", "a decimal such as 86% under 执行率"),
        ({"D6": "IO"}, "D6", "a decimal such as 8.5 under 得分"),
        ({"A6": "其他", "B6": "其他"}, "A6", "first-level heading"),
        ({"C6": "", "D6": "9"}, "C6", "三级指标 name"),
        ({"B2": ""}, "A3", "项目名称"),
        ({"D2": ""}, "A3", "实施单位"),
        ({"A1": "自评表"}, "A1", "a year in the title"),
        ({"A1": ""}, "A3", "title"),
        ({"A4": ""}, "A4", "a row label"),
    ],
)
def test_malformed_grids_raise_one_error_at_the_cell(
    changes: dict[str, str], cell: str, words: str
) -> None:
    error = _error(_small(**changes))
    assert error.cell == cell
    assert words in str(error)


def test_a_sub_row_without_a_budget_is_refused() -> None:
    rows = _small()
    rows.insert(4, ["其中：财政拨款", "", "100", ""])
    error = _error(rows)
    assert error.cell == "B5"
    assert "全年预算数" in str(error)


def test_ragged_rows_are_refused() -> None:
    rows = _small()
    rows[3] = rows[3][:3]
    error = _error(rows)
    assert error.cell == "D4"
    assert str(error) == "D4: expected 4 cells in every row, as in the rows above, found 3 in row 4"


def test_blank_rows_may_be_empty() -> None:
    rows = _small()
    rows.insert(2, [])
    assert read_table(rows).projects[0].totals is not None


def test_limits() -> None:
    long = _error(_small(B2="x" * (MAX_CELL_LENGTH + 1)))
    assert long.cell == "B2"
    assert f"{MAX_CELL_LENGTH:,} characters" in str(long)
    wide = [row + [""] * MAX_TABLE_COLUMNS for row in _small()]
    assert _error(wide).cell == "CW1"  # the 101st column
    tall = _small() + [["", "", "", ""]] * MAX_TABLE_ROWS
    assert _error(tall).cell == f"A{MAX_TABLE_ROWS + 1}"
    # Reading stops at the limit: an endless grid is refused, not consumed.
    endless = iter(lambda: ["", "", "", ""], None)
    assert _error(endless).cell == f"A{MAX_TABLE_ROWS + 1}"


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ("项目名称", "rows of cells"),
        ([["a"], "bc"], "a row of cells"),
        ([[True]], "text, a number or nothing"),
        ([[object()]], "text, a number or nothing"),
        ([[float("inf")]], "text, a number or nothing"),
        ([[10**400]], "at most 100 digits"),
        ([[Decimal("1E+500")]], "at most 100 digits"),
        ([["\ud800"]], "lone surrogates"),
        ([], "an empty grid"),
        ([[None, ""]], "an empty grid"),
    ],
)
def test_what_is_not_a_grid(rows: object, words: str) -> None:
    assert words in str(_error(rows))


def test_reading_is_linear_in_the_grid() -> None:
    def grid(indicators: int) -> list[list[str]]:
        row = ["", "数量指标", "人次", "≥50个", "50", "1", "1", "说明"]
        return [
            ["项目支出绩效自评表（2021年度）", "", "", "", "", "", "", ""],
            ["项目名称", "n", "实施单位", "u", "", "", "", ""],
            ["项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
            ["年度资金总额", "1", "1", "1", "10", "100%", "10", ""],
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因",
            ],
            ["产出指标", *row[1:]],
            *[row] * indicators,
        ]

    def cost(rows: list[list[str]]) -> int:
        """Python function calls made reading *rows*: counted, not timed."""
        count = 0

        def hook(_frame: FrameType, event: str, _arg: object) -> None:
            nonlocal count
            if event in ("call", "c_call"):
                count += 1

        previous = sys.getprofile()
        sys.setprofile(hook)
        try:
            read_table(rows)
        finally:
            sys.setprofile(previous)
        return count

    small, large = grid(MAX_TABLE_ROWS // 8 - 6), grid(MAX_TABLE_ROWS - 7)
    assert len(read_table(large).projects[0].indicators) == MAX_TABLE_ROWS - 6
    # Eight times the rows, at most about eight times the calls (quadratic work gives 64).
    assert cost(large) < 9 * cost(small)


# -- random grids ------------------------------------------------------------------------------

_WORDS = [
    "项目名称", "实施单位", "年度资金总额", "全年预算数", "全年执行数", "执行率", "分值",
    "得分", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "产出指标(50分)",
    "数量指标", "总分", "其中：财政拨款", "预期目标", "实际完成情况", "指标性质", "指标值",
    "度量单位", "≥", "100", "—", "abc", "86%", "1,2", "自评表2021年", "项目资金（元）",
]  # fmt: skip


def _outcome(rows: list[list[object]], **keywords: Any) -> str:
    """``"read"``, or ``"TableError"`` if the one error says its cell and expectation."""
    try:
        read_table(rows, **keywords)
    except TableError as error:
        caught = error
    else:
        return "read"
    # Any other exception propagates and fails the test.
    return "TableError" if str(caught).startswith(caught.cell + ": expected ") else "bad message"


_CELLS = st.one_of(
    st.none(),
    st.sampled_from(_WORDS),
    st.text(max_size=8),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.booleans(),
)


@settings(max_examples=example_count(300), deadline=None)
@given(st.integers(1, 6).flatmap(lambda w: st.lists(st.lists(_CELLS, min_size=w, max_size=w))))
def test_random_grids_read_or_raise_table_error(rows: list[list[object]]) -> None:
    assert _outcome(rows) in {"read", "TableError"}


@settings(max_examples=example_count(200), deadline=None)
@given(st.data())
def test_mutated_corpus_grids_read_or_raise_table_error(data: st.DataObject) -> None:
    rows: list[list[object]] = [list(r) for r in _grid(data.draw(st.sampled_from(sorted(_CASES))))]
    for _ in range(data.draw(st.integers(1, 4))):
        row = data.draw(st.integers(0, len(rows) - 1))
        column = data.draw(st.integers(0, len(rows[row]) - 1))
        rows[row][column] = data.draw(_CELLS)
    assert _outcome(rows, unit="u") in {"read", "TableError"}


def test_the_fund_sources_of_the_sub_rows() -> None:
    rows = _small()
    labels = ["财政专户管理资金", "上年结转资金", "单位资金", "其中：当年财政拨款", "其他资金"]
    for offset, label in enumerate(labels):
        rows.insert(4 + offset, [label, "1", "1", ""])
    sources = [line.source for line in read_table(rows).projects[0].budget_lines]
    assert sources == [
        FundSource.SPECIAL_ACCOUNT,
        FundSource.CARRIED_OVER,
        FundSource.UNIT_OWN,
        FundSource.FISCAL,
        FundSource.OTHER,
    ]


def test_score_groups_of_the_hubei_form() -> None:
    groups = _read("hubei-form-2020").projects[0].score_groups
    assert [(g.label, str(g.weight), g.covers) for g in groups] == [
        ("预算执行情况(万元)", "20", GroupScope.EXECUTION),
        ("年度绩效目标", "80", GroupScope.ALL),
    ]


@pytest.mark.parametrize("row", ["年度资金总额", "其中：财政拨款"])
def test_an_amount_past_the_model_limit_is_one_table_error(row: str) -> None:
    # 19 digits before the point: more than a document keeps (18), in the total row
    # and in a budget line; found by the mutated-grid property test on CPython 3.13.
    rows = [
        ["项目名称", "x", "实施单位", "u"],
        ["项目资金", "年初预算数", "全年预算数", "全年执行数"],
        ["年度资金总额", "1", "1", "1"],
        ["一级指标", "二级指标", "三级指标", "得分"],
        ["产出指标", "数量指标", "a", "1"],
    ]
    if row == "年度资金总额":
        rows[2][1] = "1" + "0" * 18
    else:
        rows.insert(3, [row, "1" + "0" * 18, "1", "1"])
    with pytest.raises(TableError, match="at most 18 digits before the point") as caught:
        read_table(rows)
    assert caught.value.cell == ("A3" if row == "年度资金总额" else "A4")


def _rows(report: Report) -> list[tuple[Any, ...]]:
    """Each indicator as printed, without the cells it was read from."""
    return [
        (i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score)
        for i in report.projects[0].indicators
    ]


def test_headings_repeated_over_pages_are_skipped() -> None:
    # tangxi-2022 printed over two pages: the indicator headings (row 10) again at the
    # top of the second, before 项目总成本 (row 15), whose 一级指标 cell is blank there.
    grid = _grid("tangxi-2022")
    assert grid[9][:3] == ["一级指标", "二级指标", "三级指标"]
    assert grid[14][:3] == ["", "成本指标", "项目总成本"]
    paged = [*grid[:14], list(grid[9]), *grid[14:]]
    report, printed = read_table(paged), read_table(grid)
    assert _rows(report) == _rows(printed)
    assert len(_rows(report)) == 10
    total_cost = report.projects[0].indicators[4]
    assert total_cost.name == "项目总成本"
    assert total_cost.level1 is perfeval.IndicatorLevel1.OUTPUT  # carried over the page
    assert total_cost.cells is not None
    assert total_cost.cells["name"] == "C16"  # the row it was printed on
    assert total_cost.cells["level1"] == "A11"


def test_two_heading_rows_repeated_are_skipped() -> None:
    # 年度指标值 over a blank heading cell, the row above the one with 三级指标.
    upper = ["", "", "", "", "年度指标值", ""]
    lower = ["一级指标", "二级指标", "三级指标", "指标性质", "", "得分"]
    rows = [
        ["项目支出绩效自评表（2021年度）", "", "", "", "", ""],
        ["项目名称", "x", "实施单位", "u", "", ""],
        ["项目资金", "年初预算数", "全年预算数", "全年执行数", "", ""],
        ["年度资金总额", "1", "1", "1", "", ""],
        upper,
        lower,
        ["产出指标", "数量指标", "a", "≥", "5", "1"],
        list(upper),
        list(lower),
        ["", "", "b", "≥", "6", "2"],
    ]
    report = read_table(rows)
    assert [(i.name, i.target, i.score) for i in report.projects[0].indicators] == [
        ("a", parse_target("≥5"), Decimal(1)),
        ("b", parse_target("≥6"), Decimal(2)),
    ]
    cells = report.projects[0].indicators[1].cells
    assert cells is not None
    assert cells["target"] == "E10"  # 6, on row 10
    # The upper heading row alone is not a repeat: a row of figures without a name.
    del rows[8]
    with pytest.raises(TableError, match="三级指标 name") as caught:
        read_table(rows)
    assert caught.value.cell == "C8"
