"""Read a printed self-evaluation table (项目支出绩效自评表) from a grid of cells.

A grid is any iterable of rows, each an iterable of cells: what :func:`csv.reader`,
openpyxl's ``iter_rows(values_only=True)`` or ``frame.values.tolist()`` give. A cell
is text, a number or nothing (``None``, and pandas' ``NaN``). Merged cells are read as
a spreadsheet exports them: the value in the top-left cell, the others blank.

The reader finds the parts of the table by their printed labels, never by fixed
positions, so the national template (财预〔2020〕10号) and its provincial variants read
alike:

* the heading rows above the table: its title, with the fiscal year
  (``项目支出绩效自评表（2022年度）``), and ``金额单位：万元``;
* the header cells 项目名称, 主管部门, 实施单位 (or 单位名称), 项目类别/属性/类型,
  自评得分 and further score columns (财政审核评分), each followed by its value;
* the money block, under a row of column headings 年初预算数 | 全年预算数 (调整后预算数,
  预算数) | 全年执行数 (预算执行数, 执行数) | 分值 (权重) | 执行率 | 得分, with its rows
  年度资金总额 (合计) and 其中：财政拨款, 上年结转, 财政专户管理资金, 单位资金, 其他资金;
* the goal row: 预期目标 (年初设定目标) and 实际完成情况, each with the text beside or
  below it;
* the indicator block, under 一级指标 | 二级指标 | 三级指标 | 年度指标值 (or 指标性质 |
  指标值 | 度量单位) | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施, in any order and
  over one or two heading rows (repeated further down, as a table printed over pages
  repeats them: skipped); a blank 一级 or 二级 cell repeats the heading above;
* the footer: 总分, 偏差大或目标未完成原因分析.

Labels are matched without their spaces and line breaks, in simplified or traditional
characters (``全年執行數``), and with the pinyin glosses some reposts insert removed
(``執(zhí)行``). Weights printed in headings (``产出指标(50分)``, ``预算执行情况(万元)(20分)``,
``年度绩效目标(80分)``) become the project's score groups.

Figures keep their printed digits: an amount is a :class:`~perfeval.Money` in the
table's unit with the digits as printed (``37.24``, ``100.00``), never through
``float``; every figure records the cell it was read from in the ``cells`` member of
its object (``{"budget": "C7"}``, spreadsheet A1 notation).

A grid the reader cannot read raises one :class:`TableError` naming the cell at
fault and what was expected there; it never returns a half-read report.

>>> import csv, io
>>> from perfeval import read_table
>>> text = '''项目支出绩效自评表（2022年度）,,,,,,
... 项目名称,委托业务项目,,,,,
... 实施单位,棠溪镇人民政府,,,,,
... 项目资金（万元）,年初预算数,全年预算数,全年执行数,分值,执行率,得分
... 年度资金总额,90,89.974,89.974,10,100%,10
... 一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分
... 产出指标,数量指标,项目数量,≥50个,50,90,90
... 总分,,,,,100,100
... '''
>>> report = read_table(csv.reader(io.StringIO(text)))
>>> project = report.projects[0]
>>> print(report.fiscal_year, project.name, project.totals.expenditure)
2022 委托业务项目 89.974万元
>>> project.totals.cells["expenditure"], project.indicators[0].target.text
('D5', '≥50个')
>>> read_table([["项目名称", "x"], ["年度资金总额", "1"]])
Traceback (most recent call last):
...
perfeval.table.TableError: A3: expected the indicator headings ... found the end of the table
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from itertools import islice
from typing import Final, TypeVar

import attrs

from perfeval.codes import (
    FundSource,
    GroupScope,
    IndicatorLevel1,
    IndicatorLevel2,
    IndicatorMetric,
    MoneyUnit,
    ReportKind,
)
from perfeval.errors import ParseError, PerfevalError, shorten
from perfeval.model import (
    BudgetExecution,
    BudgetLine,
    Indicator,
    KeyProject,
    ProjectAttribute,
    Report,
    Review,
    ScoreGroup,
    Source,
    Totals,
    Unit,
)
from perfeval.money import Money, parse_money
from perfeval.quantity import (
    Target,
    is_dash,
    parse_actual,
    parse_target,
    parse_target_columns,
)

__all__ = [
    "MAX_CELL_LENGTH",
    "MAX_TABLE_COLUMNS",
    "MAX_TABLE_ROWS",
    "TableError",
    "read_table",
]

#: The most rows a grid may have, blank ones included (a printed table has 20 to 80).
MAX_TABLE_ROWS: Final = 2_000
#: The most cells a row may have (the widest printed layout has about a dozen).
MAX_TABLE_COLUMNS: Final = 100
#: The longest cell in characters (a 偏差原因 or 实际完成情况 paragraph has a few hundred).
MAX_CELL_LENGTH: Final = 20_000
#: The most digits of a number cell (an ``int``, ``float`` or ``Decimal``) read at all.
_MAX_NUMBER_DIGITS: Final = 100

_T = TypeVar("_T")


class TableError(PerfevalError, ValueError):
    """A grid could not be read as a self-evaluation table.

    Attributes:
        cell: The cell at fault in A1 notation (``"C12"``); for something missing,
            the cell where the reader stopped looking for it.
        expected: What the reader expected there, in words.
        found: The cell's text as given (``None`` when the problem is not one cell's
            text, such as a missing block or a row of the wrong length).

    >>> from perfeval import TableError
    >>> error = TableError("C12", "a decimal amount such as 12.50 under 全年执行数", "abc")
    >>> print(error)
    C12: expected a decimal amount such as 12.50 under 全年执行数, found 'abc'
    >>> isinstance(error, ValueError)
    True
    """

    cell: str
    expected: str
    found: str | None

    def __init__(
        self, cell: str, expected: str, found: str | None = None, *, found_text: str = ""
    ) -> None:
        self.cell = cell
        self.expected = expected
        self.found = found
        self._found_text = found_text
        super().__init__(cell, expected, found)

    def __str__(self) -> str:
        if self.found is not None:
            tail = f", found {shorten(self.found)!r}"
        elif self._found_text:
            tail = f", found {self._found_text}"
        else:
            tail = ""
        return f"{self.cell}: expected {self.expected}{tail}"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_error, (self.cell, self.expected, self.found, self._found_text))


def _rebuild_error(cell: str, expected: str, found: str | None, found_text: str) -> TableError:
    return TableError(cell, expected, found, found_text=found_text)


def cell_name(row: int, column: int) -> str:
    """The A1 name of the cell at 0-based *row* and *column*.

    >>> cell_name(0, 0), cell_name(6, 3), cell_name(9, 26)
    ('A1', 'D7', 'AA10')
    """
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters}{row + 1}"


# -- the grid ---------------------------------------------------------------------------------

# Traditional characters of the labels the reader looks for, and their simplified forms.
_TRADITIONAL: Final = str.maketrans(
    "項資預數執額總計財撥當結轉餘標級實際績產質時對滿務會經濟態續響門單稱設體況權專戶億萬"
    "進價評類屬現導",
    "项资预数执额总计财拨当结转余标级实际绩产质时对满务会经济态续响门单称设体况权专户亿万"
    "进价评类属现导",
)
_FULL_WIDTH: Final = str.maketrans("（）：，％＊", "():,%*")
# Pinyin glosses a repost inserted after characters: 執(zhí)行.
_GLOSS: Final = re.compile("\\([a-z\u00e0-\u00fc\u0101-\u01dc]+\\)")
_SPACE: Final = re.compile(r"\s+")
_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _key(text: str) -> str:
    """*text* as the reader matches labels: no spaces, simplified, glosses removed.

    >>> _key("全年執(zhí)行數(shù)（万元）"), _key("年初 预算数:")
    ('全年执行数(万元)', '年初预算数')
    """
    key = _GLOSS.sub("", _SPACE.sub("", text).translate(_FULL_WIDTH)).translate(_TRADITIONAL)
    return key.rstrip(":")


@attrs.frozen
class _Cell:
    text: str  # stripped, as given
    key: str  # as labels are matched


_BLANK: Final = _Cell("", "")


def _number_text(value: Decimal, where: str) -> str:
    """A finite number cell's digits in plain notation (``1E+2`` → ``100``)."""
    if not value.is_finite():
        raise TableError(where, "text, a number or nothing", found=str(value))
    if value != 0 and abs(value.adjusted()) >= _MAX_NUMBER_DIGITS:
        raise TableError(where, f"a number of at most {_MAX_NUMBER_DIGITS} digits", str(value))
    return format(value, "f")


def _cell_text(value: object, where: str) -> str:
    """The text of one cell as given; numbers as their digits (see :func:`read_table`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        if len(value) > MAX_CELL_LENGTH:
            expected = f"a cell of at most {MAX_CELL_LENGTH:,} characters"
            raise TableError(where, expected, found_text=f"{len(value):,} characters")
        if _LONE_SURROGATE.search(value):
            raise TableError(where, "text without lone surrogates", value)
        return value.strip()
    if isinstance(value, bool):
        raise TableError(where, "text, a number or nothing", found=repr(value))
    if isinstance(value, int):
        if value.bit_length() > _MAX_NUMBER_DIGITS * 3:  # 3 bits < one decimal digit
            raise TableError(where, f"a number of at most {_MAX_NUMBER_DIGITS} digits")
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):  # how pandas gives an empty cell
            return ""
        # repr() is the shortest text that gives the float back: the digits the float
        # still holds. A whole number needs no ".0" (pandas makes 10 into 10.0).
        number = Decimal(repr(value)) if math.isfinite(value) else Decimal(value)
        if number.is_finite() and number == number.to_integral_value():
            number = number.quantize(Decimal(1)) if abs(number) < Decimal("1E+28") else number
        return _number_text(number, where)
    if isinstance(value, Decimal):
        return _number_text(value, where)
    raise TableError(where, "text, a number or nothing", found=f"a {type(value).__name__}")


def _read_row(row: object, index: int) -> list[_Cell]:
    if isinstance(row, (str, bytes)) or not isinstance(row, Iterable):
        found = f"a {type(row).__name__}"
        raise TableError(cell_name(index, 0), "a row of cells (a list or tuple)", found=found)
    cells: list[_Cell] = []
    for column, value in enumerate(islice(row, MAX_TABLE_COLUMNS + 1)):
        where = cell_name(index, column)
        if column == MAX_TABLE_COLUMNS:
            expected = f"at most {MAX_TABLE_COLUMNS} cells in a row"
            raise TableError(where, expected, found_text="more")
        text = _cell_text(value, where)
        cells.append(_Cell(text, _key(text)) if text else _BLANK)
    return cells


def _read_grid(rows: Iterable[Iterable[object]]) -> list[list[_Cell]]:
    """The grid's cells, every row as long as the first that has cells."""
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        found = f"a {type(rows).__name__}"
        raise TableError("A1", "rows of cells (such as csv.reader gives)", found=found)
    grid: list[list[_Cell]] = []
    width = 0
    for index, row in enumerate(islice(rows, MAX_TABLE_ROWS + 1)):
        if index == MAX_TABLE_ROWS:
            expected = f"at most {MAX_TABLE_ROWS:,} rows"
            raise TableError(cell_name(index, 0), expected, found_text="more")
        cells = _read_row(row, index)
        if cells and width and len(cells) != width:
            expected = f"{width} cells in every row, as in the rows above"
            where = cell_name(index, min(len(cells), width))
            raise TableError(where, expected, found_text=f"{len(cells)} in row {index + 1}")
        width = width or len(cells)
        grid.append(cells or [_BLANK] * width)
    if not any(cell.text for row in grid for cell in row):
        raise TableError("A1", "a self-evaluation table", found_text="an empty grid")
    return [row or [_BLANK] * width for row in grid]


# -- labels ------------------------------------------------------------------------------------

_WEIGHT: Final = re.compile(r"[(（]\s*(\d{1,6}(?:\.\d{1,6})?)\s*分\s*[)）]")
_YEAR: Final = re.compile(r"((?:19|20|21)\d\d)\s*年")
_CODE_NAME: Final = re.compile(r"([0-9A-Za-z]*[0-9][0-9A-Za-z]*)\s*[-－]\s*(\S.*)", re.DOTALL)
_MONEY_UNITS: Final = (MoneyUnit.YI_YUAN, MoneyUnit.WAN_YUAN, MoneyUnit.QIAN_YUAN)


def _split_weight(text: str) -> tuple[str, str | None]:
    """A heading without its printed weight, and the weight: ``产出指标(50分)`` → 50.

    >>> _split_weight("产出指标(50分)"), _split_weight("数量指标")
    (('产出指标', '50'), ('数量指标', None))
    """
    match = _WEIGHT.search(text)
    if match is None:
        return text, None
    label = (text[: match.start()] + text[match.end() :]).strip()
    return label or text, match.group(1)


def _money_column(key: str) -> str | None:
    """Which figure a money block heading names (``年初预算数`` → ``initial_budget``)."""
    if key.startswith("得分"):
        return "score"
    if "执行率" in key:
        return "rate"
    if "分值" in key or "权重" in key:
        return "weight"
    if key.startswith("年初"):
        return "initial_budget"
    if "执行数" in key or "支出数" in key:
        return "expenditure"
    if "预算数" in key or "指标数" in key or "调整预算" in key:
        return "budget"
    return None


def _indicator_column(key: str) -> str | None:
    """Which column of the indicator block a heading names (``年度指标值`` → ``target``)."""
    rules = (
        ("level1", ("一级指标",)),
        ("level2", ("二级指标",)),
        ("name", ("三级指标",)),
        ("deviation", ("偏差", "原因")),
        ("score", ("得分",)),
        ("weight", ("分值", "权重")),
        ("operator", ("指标性质",)),
        ("unit", ("度量单位", "计量单位")),
        ("actual", ("实际", "完成值")),
        ("target", ("指标值", "目标值")),
    )
    return next((name for name, words in rules if any(w in key for w in words)), None)


_HEADER_LABELS: Final = {
    "项目名称": "name",
    "项目编码": "code",
    "主管部门": "supervisor",
    "实施单位": "unit",
    "项目实施单位": "unit",
    "单位名称": "unit_name",
    "预算单位": "unit_name",
    "自评得分": "score",
    "自评总分": "score",
    "项目类别": "attribute",
    "项目属性": "attribute",
    "项目类型": "attribute",
}
_GOAL_LABELS: Final = ("预期目标", "年初设定目标", "年初绩效目标")
_OUTCOME_LABELS: Final = ("实际完成情况", "年度总体目标完成情况", "全年目标实际完成情况")
_FOOTER_WORDS: Final = ("总分", "偏差大", "评价结论", "存在问题", "改进措施", "备注", "填表人")


def _header_field(key: str) -> str | None:
    if key in _HEADER_LABELS:
        return _HEADER_LABELS[key]
    if key.endswith("评分") and not key.startswith("自评"):
        return "review"  # 财政审核评分, 主管部门评分
    return None


def _is_label(key: str) -> bool:
    return (
        _header_field(key) is not None
        or key in _GOAL_LABELS
        or key in _OUTCOME_LABELS
        or key.startswith("年度总体目标")
    )


def _fund_source(key: str) -> FundSource:
    rules = (
        ("财政专户", FundSource.SPECIAL_ACCOUNT),
        ("结转", FundSource.CARRIED_OVER),
        ("单位资金", FundSource.UNIT_OWN),
        ("自有资金", FundSource.UNIT_OWN),
        ("财政", FundSource.FISCAL),
    )
    return next((source for word, source in rules if word in key), FundSource.OTHER)


_LEVEL1_WORDS: Final = (
    ("满意", IndicatorLevel1.SATISFACTION),
    ("产出", IndicatorLevel1.OUTPUT),
    ("效益", IndicatorLevel1.EFFECT),
    ("效果", IndicatorLevel1.EFFECT),
    ("成本", IndicatorLevel1.COST),
    ("决策", IndicatorLevel1.DECISION),
    ("过程", IndicatorLevel1.PROCESS),
    ("管理", IndicatorLevel1.PROCESS),
)
_LEVEL2_WORDS: Final = (
    ("满意", IndicatorLevel2.BENEFICIARY_SATISFACTION),
    ("数量", IndicatorLevel2.QUANTITY),
    ("质量", IndicatorLevel2.QUALITY),
    ("时效", IndicatorLevel2.TIMELINESS),
    ("经济成本", IndicatorLevel2.ECONOMIC_COST),
    ("社会成本", IndicatorLevel2.SOCIAL_COST),
    ("生态环境成本", IndicatorLevel2.ECOLOGICAL_COST),
    ("成本", IndicatorLevel2.COST),
    ("经济效益", IndicatorLevel2.ECONOMIC_BENEFIT),
    ("社会效益", IndicatorLevel2.SOCIAL_BENEFIT),
    ("生态效益", IndicatorLevel2.ECOLOGICAL_BENEFIT),
    ("可持续", IndicatorLevel2.SUSTAINABILITY),
)
# The first-level heading a second-level one belongs to, when the first is not printed.
_LEVEL1_OF: Final = {
    IndicatorLevel2.QUANTITY: IndicatorLevel1.OUTPUT,
    IndicatorLevel2.QUALITY: IndicatorLevel1.OUTPUT,
    IndicatorLevel2.TIMELINESS: IndicatorLevel1.OUTPUT,
    IndicatorLevel2.COST: IndicatorLevel1.OUTPUT,
    IndicatorLevel2.ECONOMIC_COST: IndicatorLevel1.COST,
    IndicatorLevel2.SOCIAL_COST: IndicatorLevel1.COST,
    IndicatorLevel2.ECOLOGICAL_COST: IndicatorLevel1.COST,
    IndicatorLevel2.ECONOMIC_BENEFIT: IndicatorLevel1.EFFECT,
    IndicatorLevel2.SOCIAL_BENEFIT: IndicatorLevel1.EFFECT,
    IndicatorLevel2.ECOLOGICAL_BENEFIT: IndicatorLevel1.EFFECT,
    IndicatorLevel2.SUSTAINABILITY: IndicatorLevel1.EFFECT,
    IndicatorLevel2.BENEFICIARY_SATISFACTION: IndicatorLevel1.SATISFACTION,
}


def _level1(key: str) -> IndicatorLevel1 | None:
    return next((code for word, code in _LEVEL1_WORDS if word in key), None)


def _level2(key: str) -> IndicatorLevel2 | None:
    if not key:
        return None
    return next((code for word, code in _LEVEL2_WORDS if word in key), IndicatorLevel2.OTHER)


# -- figures -----------------------------------------------------------------------------------

_HALF_WIDTH_DIGITS: Final = str.maketrans("０１２３４５６７８９．－％", "0123456789.-%")
_DECIMAL: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _blank(cell: _Cell) -> bool:
    return not cell.text or is_dash(cell.text)


def _decimal(cell: _Cell, where: str, what: str, *, percent: bool = False) -> str | None:
    """The decimal string a cell prints (``86%`` → ``86`` where *percent*), or None."""
    if _blank(cell):
        return None
    text = _SPACE.sub("", cell.text).translate(_HALF_WIDTH_DIGITS)
    if percent and text.endswith("%"):
        text = text[:-1]
    if not _DECIMAL.fullmatch(text):
        example = "86%" if percent else "8.5"
        raise TableError(where, f"a decimal such as {example} under {what}", cell.text)
    return text


def _money(cell: _Cell, where: str, what: str, unit: MoneyUnit) -> Money | None:
    """The amount a cell prints, in its own unit if it prints one, else the table's."""
    if _blank(cell):
        return None
    text = cell.text
    if not text.endswith("元"):
        text += "元" if text.endswith(("万", "千", "亿")) else unit.label
    try:
        return parse_money(text)
    except ParseError:
        expected = f"a decimal amount such as 12.50 under {what}"
        raise TableError(where, expected, cell.text) from None


def _built(where: str, factory: Callable[..., _T], **members: object) -> _T:
    """``factory(**members)``, a model rule it breaks reported at the cell *where*."""
    try:
        return factory(**members)
    except (ValueError, TypeError) as error:
        raise TableError(where, f"a value the model accepts ({error})") from None


# -- the reader --------------------------------------------------------------------------------


@attrs.define
class _Group:
    """A score group being built (ScoreGroup is frozen)."""

    label: str
    weight: str
    covers: GroupScope
    level1: IndicatorLevel1 | None = None
    level2: IndicatorLevel2 | None = None
    groups: list[_Group] = attrs.Factory(list)

    def build(self) -> ScoreGroup:
        return ScoreGroup(
            label=self.label,
            weight=self.weight,
            covers=self.covers,
            level1=self.level1,
            level2=self.level2,
            groups=[group.build() for group in self.groups],
        )


@attrs.define
class _Levels:
    """The first- and second-level headings in force, carried down merged cells."""

    label1: str = ""
    where1: str = ""
    group1: _Group | None = None
    label2: str = ""
    where2: str = ""


class _Reader:
    def __init__(self, grid: list[list[_Cell]], money_unit: MoneyUnit | None) -> None:
        self.grid = grid
        self.width = len(grid[0])
        self.money_unit = money_unit
        self.groups: list[_Group] = []
        self.project: dict[str, object] = {}
        self.cells: dict[str, str] = {}
        self.header: dict[str, str] = {}
        self.title: str | None = None
        self.title_cell = ""
        self.printed_unit: MoneyUnit | None = None
        self.headings: dict[str, str] = {}

    def cell(self, row: int, column: int) -> _Cell:
        return self.grid[row][column]

    def end(self, what: str, row: int, found: str = "the end of the table") -> TableError:
        return TableError(cell_name(row, 0), what, found_text=found)

    # The blocks, top to bottom.

    def find_rows(self) -> tuple[int, int]:
        """The row of the money block's headings and that of the indicator block's."""
        indicator_row = next(
            (i for i, row in enumerate(self.grid) if any("三级指标" in c.key for c in row)), None
        )
        if indicator_row is None:
            expected = "the indicator headings (一级指标 | 二级指标 | 三级指标 …) in a row"
            raise self.end(expected, len(self.grid))
        for index in range(indicator_row):
            columns = {_money_column(c.key) for c in self.grid[index] if c.key}
            if "expenditure" in columns and "budget" in columns:
                return index, indicator_row
        expected = (
            "the money block's headings (年初预算数 | 全年预算数 | 全年执行数 …) in a row"
            " above the indicator headings"
        )
        found = "the end of the table" if indicator_row == len(self.grid) else "them"
        raise self.end(expected, indicator_row, found)

    def read_header(self, last: int) -> None:
        """Title, year, unit and the header cells in the rows above the money block."""
        for index in range(last + 1):
            row = self.grid[index]
            labelled = False
            for column, cell in enumerate(row):
                self.read_money_unit(cell)
                field = _header_field(cell.key) if index < last else None
                if field is None:
                    continue
                labelled = True
                value, where = self.value_right(index, column)
                self.header_value(field, cell.text, value, where)
            if not labelled and index < last and self.title is None:
                self.read_title(row, index)

    def read_money_unit(self, cell: _Cell) -> None:
        if not cell.key or ("单位" not in cell.key and "元" not in cell.key):
            return
        for unit in (*_MONEY_UNITS, MoneyUnit.YUAN):
            if f"单位:{unit.label}" in cell.key or f"({unit.label})" in cell.key:
                self.printed_unit = self.printed_unit or unit
                return

    def read_title(self, row: list[_Cell], index: int) -> None:
        for column, cell in enumerate(row):
            if "表" in cell.key and not cell.key.startswith("金额单位"):
                self.title = _SPACE.sub(" ", cell.text)
                self.title_cell = cell_name(index, column)
                return

    def value_right(self, row: int, column: int) -> tuple[_Cell, str]:
        """The first filled cell right of a label in its row (blank if a label comes first)."""
        for right in range(column + 1, self.width):
            cell = self.grid[row][right]
            if cell.text:
                if _is_label(cell.key):
                    break
                return cell, cell_name(row, right)
        return _BLANK, ""

    def header_value(self, field: str, label: str, value: _Cell, where: str) -> None:
        if field == "attribute" and value.text:
            attributes = self.project.setdefault("attributes", [])
            assert isinstance(attributes, list)  # noqa: S101 - set here only
            attributes.append(ProjectAttribute(name=label, value=value.text))
        elif field == "review":
            score = _decimal(value, where, label)
            reviews = self.project.setdefault("reviews", [])
            assert isinstance(reviews, list)  # noqa: S101 - set here only
            reviews.append(_built(where or "A1", Review, reviewer=label, score=score))
        elif field == "score":
            score = _decimal(value, where, label)
            if score is not None:
                self.project["score"] = score
                self.cells["score"] = where
        elif value.text:
            self.header.setdefault(field, value.text)
            if field == "name":
                self.cells["name"] = where

    def read_money(self, heading: int, stop: int) -> None:
        """The money block: its headings in row *heading*, its rows up to *stop*."""
        columns: dict[str, int] = {}
        for column, cell in enumerate(self.grid[heading]):
            kind = _money_column(cell.key)
            if kind is not None and kind not in columns:
                columns[kind] = column
            elif kind is None and cell.text:
                label, weight = _split_weight(cell.text)
                if weight is not None:
                    self.groups.append(_Group(label, weight, GroupScope.EXECUTION))
        first = min(columns.values())
        unit = self.money_unit or self.printed_unit or MoneyUnit.WAN_YUAN
        names = {kind: self.grid[heading][column].text for kind, column in columns.items()}
        lines: list[BudgetLine] = []
        for index in range(heading + 1, stop):
            row = self.grid[index]
            if any(key in row[c].key for c in range(self.width) for key in ("目标",)):
                break
            label_cell = next((c for c in row[:first] if c.text), _BLANK)
            if all(_blank(row[c]) for c in columns.values()):
                continue
            if not label_cell.text:
                expected = "a row label such as 年度资金总额 or 其中：财政拨款"
                raise TableError(cell_name(index, 0), expected, found_text="a blank cell")
            if any(word in label_cell.key for word in ("总额", "合计", "总计")):
                self.read_total_row(index, columns, names, unit)
            else:
                lines.append(self.budget_line(index, label_cell, columns, names, unit))
        self.project["budget_lines"] = lines

    def amounts(
        self, index: int, columns: dict[str, int], names: dict[str, str], unit: MoneyUnit
    ) -> tuple[dict[str, Money], dict[str, str]]:
        amounts: dict[str, Money] = {}
        cells: dict[str, str] = {}
        for kind in ("initial_budget", "budget", "expenditure"):
            if kind not in columns:
                continue
            where = cell_name(index, columns[kind])
            money = _money(self.grid[index][columns[kind]], where, names[kind], unit)
            if money is not None:
                amounts[kind] = money
                cells[kind] = where
        return amounts, cells

    def read_total_row(
        self, index: int, columns: dict[str, int], names: dict[str, str], unit: MoneyUnit
    ) -> None:
        if "totals" in self.project:
            expected = "one total row (年度资金总额) in the money block"
            raise TableError(cell_name(index, 0), expected, self.grid[index][0].text)
        amounts, cells = self.amounts(index, columns, names, unit)
        where = cell_name(index, 0)
        self.project["totals"] = _built(where, Totals, **amounts, cells=cells)
        figures: dict[str, str] = {}
        execution_cells: dict[str, str] = {}
        for kind in ("weight", "rate", "score"):
            if kind in columns:
                where = cell_name(index, columns[kind])
                value = _decimal(
                    self.grid[index][columns[kind]], where, names[kind], percent=kind == "rate"
                )
                if value is not None:
                    figures[kind] = value
                    execution_cells[kind] = where
        heading = next((g for g in self.groups if g.covers is GroupScope.EXECUTION), None)
        if "weight" not in figures and heading is not None:
            figures["weight"] = heading.weight
        if figures:
            where = cell_name(index, 0)
            self.project["budget_execution"] = _built(
                where, BudgetExecution, **figures, cells=execution_cells or None
            )

    def budget_line(
        self,
        index: int,
        label: _Cell,
        columns: dict[str, int],
        names: dict[str, str],
        unit: MoneyUnit,
    ) -> BudgetLine:
        amounts, cells = self.amounts(index, columns, names, unit)
        if "budget" not in amounts:
            where = cell_name(index, columns["budget"])
            expected = f"an amount under {names['budget']} in the row {label.text}"
            raise TableError(where, expected, self.grid[index][columns["budget"]].text)
        source = _fund_source(label.key)
        where = cell_name(index, 0)
        return _built(where, BudgetLine, source=source, label=label.text, **amounts, cells=cells)

    def read_goal(self, start: int, stop: int) -> None:
        for index in range(start, stop):
            for column, cell in enumerate(self.grid[index]):
                if cell.key in _GOAL_LABELS or cell.key in _OUTCOME_LABELS:
                    member = "goal" if cell.key in _GOAL_LABELS else "outcome"
                    value, where = self.value_right(index, column)
                    if not value.text:
                        value, where = self.value_below(index, column, stop)
                    if value.text and member not in self.project:
                        self.project[member] = value.text
                        self.cells[member] = where

    def value_below(self, row: int, column: int, stop: int) -> tuple[_Cell, str]:
        for below in range(row + 1, stop):
            cell = self.grid[below][column]
            if cell.text:
                return (_BLANK, "") if _is_label(cell.key) else (cell, cell_name(below, column))
        return _BLANK, ""

    # The indicator block.

    def indicator_columns(self, heading: int, top: int) -> dict[str, int]:
        columns: dict[str, int] = {}
        for column in range(self.width):
            cell = self.grid[heading][column]
            kind = _indicator_column(cell.key)
            if kind is None and not cell.text and heading > top:
                # A two-row heading: 年度指标值 above 指标性质 | 指标值 | 度量单位.
                kind = _indicator_column(self.grid[heading - 1][column].key)
            if kind is not None and kind not in columns:
                columns[kind] = column
        for column in range(columns.get("level1", 0)):
            label, weight = _split_weight(self.grid[heading][column].text)
            if weight is not None:
                self.groups.append(_Group(label, weight, GroupScope.ALL))
        return columns

    def read_indicators(self, heading: int, columns: dict[str, int]) -> int:
        """The indicator rows below row *heading*; the row after the last."""
        self.headings = {kind: self.grid[heading][c].text for kind, c in columns.items()}
        levels = _Levels()
        indicators: list[Indicator] = []
        index = heading + 1
        while index < len(self.grid):
            row = self.grid[index]
            first = next((c for c in row if c.text), _BLANK)
            if first.key.startswith(_FOOTER_WORDS):
                break
            repeated = self.repeated_headings(heading, index)
            if repeated:
                index += repeated
                continue
            self.carry_levels(row, index, columns, levels)
            indicator = self.indicator(row, index, columns, levels)
            if indicator is not None:
                indicators.append(indicator)
            index += 1
        self.project["indicators"] = indicators
        return index

    def repeated_headings(self, heading: int, index: int) -> int:
        """How many rows from *index* on repeat the indicator headings: 0, 1 or 2.

        A table printed over several pages repeats its headings at the top of each
        (one row, or both rows of a two-row heading); they hold nothing new.
        """

        def same(row: int, as_row: int) -> bool:
            return [c.key for c in self.grid[row]] == [c.key for c in self.grid[as_row]]

        if same(index, heading):
            return 1
        two_rows = heading > 0 and index + 1 < len(self.grid)
        return 2 if two_rows and same(index, heading - 1) and same(index + 1, heading) else 0

    def carry_levels(
        self, row: list[_Cell], index: int, columns: dict[str, int], levels: _Levels
    ) -> None:
        if "level1" in columns and row[columns["level1"]].text:
            label, weight = _split_weight(row[columns["level1"]].text)
            levels.label1, levels.where1 = label, cell_name(index, columns["level1"])
            levels.label2 = levels.where2 = ""
            levels.group1 = None
            if weight is not None:
                code = _level1(_key(label))
                levels.group1 = _Group(label, weight, GroupScope.LEVEL1, level1=code)
                self.groups.append(levels.group1)
        if "level2" in columns and row[columns["level2"]].text:
            label, weight = _split_weight(row[columns["level2"]].text)
            levels.label2, levels.where2 = label, cell_name(index, columns["level2"])
            if weight is not None:
                code2 = _level2(_key(label))
                code1 = _level1(_key(levels.label1)) or _LEVEL1_OF.get(code2)  # type: ignore[arg-type]
                group = _Group(label, weight, GroupScope.LEVEL2, level1=code1, level2=code2)
                (levels.group1.groups if levels.group1 else self.groups).append(group)

    def indicator(
        self, row: list[_Cell], index: int, columns: dict[str, int], levels: _Levels
    ) -> Indicator | None:
        figures = ("target", "operator", "actual", "weight", "score", "deviation")
        name = row[columns["name"]]
        filled = [kind for kind in figures if kind in columns and row[columns[kind]].text]
        if not name.text and not filled:
            return None
        where = cell_name(index, columns["name"])
        if not name.text:
            expected = "the 三级指标 name of a row that prints figures"
            raise TableError(where, expected, found_text="a blank cell")
        level2 = _level2(_key(levels.label2))
        level1 = _level1(_key(levels.label1)) or (level2 and _LEVEL1_OF.get(level2))
        if level1 is None:
            at = levels.where1 or cell_name(index, columns.get("level1", 0))
            expected = "a first-level heading such as 产出指标, 效益指标 or 满意度指标"
            raise TableError(at, expected, levels.label1 or None, found_text="none")
        members: dict[str, object] = {"level1": level1, "level2": level2, "name": name.text}
        cells = {"name": where}
        if levels.where1:
            cells["level1"] = levels.where1
        if levels.where2:
            cells["level2"] = levels.where2
        if levels.label1 and levels.label1 != level1.label:
            members["level1_label"] = levels.label1
        if levels.label2 and level2 is not None and levels.label2 != level2.label:
            members["level2_label"] = levels.label2
        if _key(name.text).startswith("预算执行率"):
            members["metric"] = IndicatorMetric.EXECUTION_RATE
        self.indicator_figures(row, index, columns, members, cells)
        return _built(where, Indicator, **members, cells=cells)

    def indicator_figures(
        self,
        row: list[_Cell],
        index: int,
        columns: dict[str, int],
        members: dict[str, object],
        cells: dict[str, str],
    ) -> None:
        def at(kind: str) -> tuple[_Cell, str]:
            if kind not in columns:
                return _BLANK, ""
            return row[columns[kind]], cell_name(index, columns[kind])

        target = self.target(at("target"), at("operator"), at("unit"))
        if target is not None:
            members["target"], cells["target"] = target
        actual, where = at("actual")
        if actual.text:
            members["actual"] = _built(where, parse_actual, text=actual.text)
            cells["actual"] = where
        for kind in ("weight", "score"):
            cell, where = at(kind)
            value = _decimal(cell, where, self.headings.get(kind) or "分值")
            if value is not None:
                members[kind], cells[kind] = value, where
        deviation, where = at("deviation")
        if deviation.text:
            members["deviation"], cells["deviation"] = deviation.text, where

    def target(
        self, value: tuple[_Cell, str], operator: tuple[_Cell, str], unit: tuple[_Cell, str]
    ) -> tuple[Target, str] | None:
        (cell, where), (op, op_where) = value, operator
        if not op_where:  # one column: 年度指标值
            if not cell.text:
                return None
            return _built(where, parse_target, text=cell.text), where
        if not cell.text:
            if op.text:
                raise TableError(where, "a target value under 指标值 beside its 指标性质")
            return None
        try:
            return parse_target_columns(op.text, cell.text, unit[0].text or None), where
        except ParseError as error:
            at = op_where if error.text == op.text and op.text != cell.text else where
            expected = "a target in the columns 指标性质 | 指标值 | 度量单位 such as = | 100 | %"
            raise TableError(at, f"{expected} ({error.reason})", error.text) from None

    def read_footer(self, start: int, columns: dict[str, int]) -> None:
        for index in range(start, len(self.grid)):
            row = self.grid[index]
            for column, cell in enumerate(row):
                if cell.key.startswith("总分"):
                    self.total_score(index, column, columns.get("score"))
                elif cell.key.startswith("偏差大") or cell.key.startswith("未完成原因"):
                    value, where = self.value_right(index, column)
                    if value.text:
                        self.project["deviation"] = value.text
                        self.cells["deviation"] = where

    def total_score(self, index: int, column: int, score_column: int | None) -> None:
        if score_column is not None and self.grid[index][score_column].text:
            candidates = [score_column]
        else:
            candidates = [c for c in range(column + 1, self.width) if self.grid[index][c].text]
        if candidates:
            where = cell_name(index, candidates[0])
            score = _decimal(self.grid[index][candidates[0]], where, "总分")
            if score is not None:
                self.project["score"] = score
                self.cells["score"] = where


def _unit(given: Unit | str | None, header: dict[str, str], where: str) -> Unit:
    """The unit given, or the one the header cells print (its code split off)."""
    if isinstance(given, Unit):
        return given
    printed = given or header.get("unit_name") or header.get("unit")
    if printed is None:
        expected = (
            "a 实施单位 (or 单位名称) cell with the unit's name above the money block, or unit="
        )
        raise TableError(where, expected, found_text="none")
    code = None
    if given is None and "unit_name" not in header:
        match = _CODE_NAME.fullmatch(printed)
        if match is not None:
            code, printed = match.group(1), match.group(2)
    members = {"name": printed, "code": code, "supervisor": header.get("supervisor")}
    return _built(where, Unit, **members)


def read_table(
    rows: Iterable[Iterable[object]],
    *,
    title: str | None = None,
    fiscal_year: int | None = None,
    unit: Unit | str | None = None,
    kind: ReportKind = ReportKind.PROJECT_SELF_EVALUATION,
    money_unit: MoneyUnit | None = None,
    project_name: str | None = None,
    project_id: str = "p1",
    source: Source | None = None,
) -> Report:
    """Read one self-evaluation table (项目支出绩效自评表) from a grid of cells.

    See the module's documentation for the parts of the table the reader finds and
    how. What the grid does not print comes from the keyword arguments; a keyword
    argument that is given always wins over what the grid prints.

    Cells are text, numbers or nothing. Text is stripped of surrounding whitespace.
    An ``int`` or ``Decimal`` is read as its digits. A ``float`` has lost the digits
    the table printed (``100.00`` is stored as ``100.0``): it is read as the shortest
    decimal that gives the same float back (``repr``), a whole number without its
    ``.0`` — ``37.24`` → ``"37.24"``, ``10.0`` → ``"10"`` — and ``NaN`` (pandas' empty
    cell) as an empty cell. Read the cells as text (``dtype=str``, or openpyxl's
    formatted values) to keep trailing zeros. No amount ever passes through ``float``.

    Args:
        rows: The grid: an iterable of rows, each an iterable of cells, all rows of
            one length (blank rows may be empty). At most :data:`MAX_TABLE_ROWS` rows
            of at most :data:`MAX_TABLE_COLUMNS` cells of at most
            :data:`MAX_CELL_LENGTH` characters.
        title: The report's title; by default the heading row that names the table.
        fiscal_year: The fiscal year; by default the year in the title (2022年度).
        unit: The reporting unit, or its name; by default the 实施单位 (or
            单位名称) cell, its code split off (``219001-某镇`` → code ``219001``), with
            the 主管部门 as supervisor.
        kind: The report's kind (a self-evaluation by default).
        money_unit: The unit of the money block's bare figures; by default the one
            printed (``金额单位：万元``, ``项目资金（万元）``), else 万元 as in the
            national template. A cell that prints its own unit (``150万``, ``7.29万元``)
            keeps it.
        project_name: The project's name; by default the 项目名称 cell, its code split
            off (``51000021R000000019951-工资性支出`` → code ``51000021R000000019951``).
        project_id: The id of the table's project.
        source: Where the table was published.

    Returns:
        A report with one project, every figure's cell recorded in ``cells``.

    Raises:
        TableError: The grid is not a self-evaluation table perfeval can read, or
            breaks a limit: one error, naming the cell and what was expected there.

    >>> from perfeval import read_table
    >>> rows = [
    ...     ["项目支出绩效自评表（2021年度）", "", "", ""],
    ...     ["项目名称", "社区培训", "实施单位", "某街道办事处"],
    ...     ["项目资金", "全年预算数", "全年执行数", "执行率"],
    ...     ["年度资金总额", 43.2, "37.24", "86%"],
    ...     ["一级指标", "二级指标", "三级指标", "得分"],
    ...     ["产出指标", "数量指标", "培训人次", 9.5],
    ... ]
    >>> project = read_table(rows).projects[0]
    >>> project.totals.budget, project.indicators[0].score, project.indicators[0].cells["score"]
    (Money('43.2', MoneyUnit.WAN_YUAN), Decimal('9.5'), 'D6')
    >>> read_table(rows, fiscal_year=2022).fiscal_year
    2022
    >>> rows[3][2] = "abc"
    >>> read_table(rows)
    Traceback (most recent call last):
    ...
    perfeval.table.TableError: C4: expected a decimal amount such as 12.50 under 全年执行数, ...
    """
    grid = _read_grid(rows)
    reader = _Reader(grid, money_unit)
    money_row, indicator_row = reader.find_rows()
    reader.read_header(money_row)
    reader.read_money(money_row, indicator_row)
    reader.read_goal(money_row + 1, indicator_row)
    columns = reader.indicator_columns(indicator_row, money_row + 1)
    after = reader.read_indicators(indicator_row, columns)
    reader.read_footer(after, columns)
    given = _Given(title, fiscal_year, unit, kind, project_name, project_id, source)
    return _report(reader, given, money_row)


@attrs.frozen
class _Given:
    """The keyword arguments of :func:`read_table` that say what a grid may not."""

    title: str | None
    fiscal_year: int | None
    unit: Unit | str | None
    kind: ReportKind
    project_name: str | None
    project_id: str
    source: Source | None


def _report(reader: _Reader, given: _Given, money_row: int) -> Report:
    """The report: the reader's findings, the keyword arguments given over them."""
    above = cell_name(money_row, 0)  # where the heading rows and header cells end
    title = given.title or reader.title
    if title is None:
        expected = "a heading row with the table's title above the money block, or title="
        raise TableError(above, expected, found_text="none")
    fiscal_year = given.fiscal_year
    if fiscal_year is None:
        year = _YEAR.search(title)
        if year is None:
            expected = "a year in the title (项目支出绩效自评表（2022年度）), or fiscal_year="
            raise TableError(reader.title_cell or above, expected, title)
        fiscal_year = int(year.group(1))
    the_unit = _unit(given.unit, reader.header, above)
    project = dict(reader.project)
    name = given.project_name
    if name is None:
        name = reader.header.get("name")
        if name is None:
            expected = "a 项目名称 cell with the project's name above the money block, or"
            raise TableError(above, expected + " project_name=", found_text="none")
        match = _CODE_NAME.fullmatch(name)
        if match is not None:
            project["code"], name = match.group(1), match.group(2)
    if "code" in reader.header:
        project["code"] = reader.header["code"]
    project["score_groups"] = [group.build() for group in reader.groups]
    where = reader.cells.get("name", above)
    built = _built(where, KeyProject, id=given.project_id, name=name, cells=reader.cells, **project)
    return _built(
        above,
        Report,
        title=title,
        kind=given.kind,
        fiscal_year=fiscal_year,
        unit=the_unit,
        projects=[built],
        source=given.source,
    )
