"""The recipes of docs/tables.md: tables in Word and PDF files read with read_table.

The recipes are the files under ``docs/_recipes/`` that the page includes, run here as
they are. The files they read are made here: a .docx with python-docx and a PDF with
reportlab, from ``tests/data/tables/tangxi-2022.csv``, merging the cells the printed
table merges. What the recipes give is compared with the CSV grid, cell by cell, and
with what ``read_table`` reads from it. python-docx, pdfplumber and reportlab are
development dependencies only: without them these tests skip, except under CI=true.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from perfeval import read_table

ROOT = Path(__file__).resolve().parent.parent
RECIPES = ROOT / "docs" / "_recipes"
TANGXI = ROOT / "tests" / "data" / "tables" / "tangxi-2022.csv"

# The cells tangxi-2022 merges, as (first row, first column, last row, last column),
# counted from 0: each covers one printed cell and cells the CSV leaves blank.
MERGES = [
    (0, 0, 0, 7),  # the title across the table
    (1, 1, 1, 7),  # 项目名称's value
    (2, 1, 2, 3),  # 主管部门's value
    (2, 5, 2, 7),  # 实施单位's value
    (3, 6, 3, 7),  # 金额单位：万元
    (7, 0, 8, 0),  # 年度总体目标 over its two rows
    (7, 1, 7, 3),  # 预期目标
    (7, 4, 7, 7),  # 实际完成情况
    (8, 1, 8, 3),  # the goal's text
    (8, 4, 8, 7),  # the outcome's text
    (10, 0, 15, 0),  # 产出指标(50分) over its six indicators
    (16, 0, 18, 0),  # 效益指标(30分) over its three
]


def _require(name: str) -> ModuleType:
    """Import an optional development dependency; skip without it, but never under CI."""
    try:
        return importlib.import_module(name)
    except ImportError:
        reason = f"{name} is not installed (it is in the dev dependency group)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true this test must run")
        pytest.skip(reason)


def _recipe(name: str) -> Any:
    """The recipe file docs/_recipes/<name>.py, run as a module."""
    spec = importlib.util.spec_from_file_location(f"recipe_{name}", RECIPES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _grid() -> list[list[str]]:
    with TANGXI.open(newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def test_the_page_shows_the_files_tested_here() -> None:
    page = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    for name in ("word_table", "pdf_table"):
        assert f"```{{literalinclude}} _recipes/{name}.py\n" in page


def test_the_merges_cover_only_cells_the_csv_leaves_blank() -> None:
    grid = _grid()
    for top, left, bottom, right in MERGES:
        assert grid[top][left]
        covered = [
            grid[row][column]
            for row in range(top, bottom + 1)
            for column in range(left, right + 1)
            if (row, column) != (top, left)
        ]
        assert covered
        assert set(covered) == {""}


# -- Word -------------------------------------------------------------------------------------


def _docx(path: Path, *, tables: int = 1) -> None:
    """A document with an unrelated table, then tangxi-2022 *tables* times, merged."""
    docx = _require("docx")
    document = docx.Document()
    other = document.add_table(rows=2, cols=2)
    other.cell(0, 0).text = "附表"
    other.cell(1, 1).text = "说明"
    grid = _grid()
    for _ in range(tables):
        document.add_paragraph("项目支出绩效自评表")
        table = document.add_table(rows=len(grid), cols=len(grid[0]))
        for top, left, bottom, right in MERGES:
            table.cell(top, left).merge(table.cell(bottom, right))
        for row, cells in enumerate(grid):
            for column, text in enumerate(cells):
                if text:
                    table.cell(row, column).text = text
    document.save(str(path))


def test_python_docx_repeats_merged_cells(tmp_path: Path) -> None:
    # Why the recipe blanks cells: read as python-docx gives them, the title fills the
    # first row and 产出指标(50分) the first column of six rows.
    path = tmp_path / "table.docx"
    _docx(path)
    table = _require("docx").Document(str(path)).tables[1]
    naive = [[cell.text for cell in row.cells] for row in table.rows]
    assert naive[0] == ["项目支出绩效自评表（2022年度）"] * 8
    assert [row[0] for row in naive[10:16]] == ["产出指标(50分)"] * 6
    assert naive != _grid()


def test_word_recipe_gives_the_printed_grid(tmp_path: Path) -> None:
    path = tmp_path / "table.docx"
    _docx(path)
    recipe = _recipe("word_table")
    tables = _require("docx").Document(str(path)).tables
    assert [recipe.docx_grid(table) for table in tables] == [
        [["附表", ""], ["", "说明"]],
        _grid(),
    ]


def test_word_recipe_reads_each_table(tmp_path: Path) -> None:
    path = tmp_path / "tables.docx"
    _docx(path, tables=2)
    reports = _recipe("word_table").read_docx_tables(path)
    assert reports == [read_table(_grid())] * 2
    assert reports[0].projects[0].name == "委托业务项目"


# -- PDF --------------------------------------------------------------------------------------


def _pdf(path: Path, *pages: Sequence[int]) -> None:
    """A PDF of tangxi-2022 with the rows *pages* lists on each page, merged.

    The text is in reportlab's built-in Chinese font STSong-Light, and cells wrap their
    text in narrow columns, so some cells print on two lines.
    """
    _require("pdfplumber")
    pagesizes = _require("reportlab.lib.pagesizes")
    styles = _require("reportlab.lib.styles")
    pdfmetrics = _require("reportlab.pdfbase.pdfmetrics")
    cidfonts = _require("reportlab.pdfbase.cidfonts")
    platypus = _require("reportlab.platypus")
    pdfmetrics.registerFont(cidfonts.UnicodeCIDFont("STSong-Light"))
    style = styles.ParagraphStyle(
        "cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK"
    )
    grid = _grid()
    flowables: list[Any] = []
    for page in pages:
        rows = [
            [platypus.Paragraph(text, style) if text else "" for text in grid[row]] for row in page
        ]
        # A merge is kept where all its rows are on the page, one after the other.
        at = {row: position for position, row in enumerate(page)}
        spans = [
            ("SPAN", (left, at[top]), (right, at[bottom]))
            for top, left, bottom, right in MERGES
            if top in at and bottom in at and at[bottom] - at[top] == bottom - top
        ]
        table = platypus.Table(rows, colWidths=[80, 80, 110, 90, 90, 50, 50, 100])
        table.setStyle(platypus.TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), *spans]))
        flowables += [table, platypus.PageBreak()]
    document = platypus.SimpleDocTemplate(str(path), pagesize=pagesizes.landscape(pagesizes.A4))
    document.build(flowables[:-1])


def _texts(grid: list[list[str | None]]) -> list[list[str]]:
    return [[text or "" for text in row] for row in grid]


def test_pdf_recipe_gives_the_printed_grid(tmp_path: Path) -> None:
    path = tmp_path / "table.pdf"
    _pdf(path, range(20))
    grids = _recipe("pdf_table").pdf_grids(path)
    assert [_texts(grid) for grid in grids] == [_grid()]
    # Merged cells come back as None, the blank cells of the table as "".
    assert grids[0][0][1:] == [None] * 7
    assert grids[0][3][:6] == [""] * 6
    # Wrapped lines are joined: the 三级指标 column is too narrow for this name.
    assert grids[0][18][2] == "对推动基建项目“四项制度”健全和落实的持续性影响"


def test_pdf_recipe_joins_a_table_over_pages_and_reads_each(tmp_path: Path) -> None:
    path = tmp_path / "tables.pdf"
    # One table on pages 1 and 2 (split after the indicators' headings), a second
    # table on page 3.
    _pdf(path, range(10), range(10, 20), range(20))
    recipe = _recipe("pdf_table")
    assert [_texts(grid) for grid in recipe.pdf_grids(path)] == [_grid(), _grid()]
    reports = recipe.read_pdf_tables(path)
    assert reports == [read_table(_grid())] * 2
    assert reports[0].projects[0].name == "委托业务项目"


def test_pdf_recipe_keeps_a_table_apart_that_is_not_continued(tmp_path: Path) -> None:
    # Page 2 starts with the title: a new table, though it has as many columns.
    path = tmp_path / "tables.pdf"
    _pdf(path, range(20), range(20))
    assert len(_recipe("pdf_table").pdf_grids(path)) == 2


def test_pdf_recipe_without_text_finds_no_table(tmp_path: Path) -> None:
    # What a scan is to pdfplumber: a page without a text layer or ruled lines.
    _require("pdfplumber")
    canvas = _require("reportlab.pdfgen.canvas")
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(100, 100, 300, 400, fill=1)
    page.save()
    with pytest.raises(ValueError, match="no self-evaluation table"):
        _recipe("pdf_table").read_pdf_tables(path)


def test_pdf_recipe_reads_a_table_whose_headings_repeat_on_each_page(tmp_path: Path) -> None:
    # Printed over two pages with the indicator headings (row 10) repeated at the top of
    # the second; 产出指标's merged cell ends on the first page.
    path = tmp_path / "paged.pdf"
    _pdf(path, range(14), [9, *range(14, 20)])
    recipe = _recipe("pdf_table")
    grid = _grid()
    [joined] = recipe.pdf_grids(path)
    assert _texts(joined) == [*grid[:14], grid[9], *grid[14:]]
    [report] = recipe.read_pdf_tables(path)
    printed = read_table(grid)

    def rows(read: Any) -> list[tuple[Any, ...]]:
        return [
            (i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score)
            for i in read.projects[0].indicators
        ]

    assert rows(report) == rows(printed)
    total_cost = report.projects[0].indicators[4]
    assert (total_cost.name, total_cost.cells["name"]) == ("项目总成本", "C16")
    assert total_cost.cells["level1"] == "A11"  # 产出指标, carried over the page
