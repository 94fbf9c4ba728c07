"""perfeval.export: the flat tables, their keys, and the CSV and JSONL files.

Expected rows of kaifu-2020 are written by hand from
src/perfeval/examples/kaifu-2020.json; every amount in 元 is worked out in a comment
(万元 × 10,000: move the decimal point four places right), never computed by the
code under test.
"""

from __future__ import annotations

import csv
import datetime
import importlib
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import perfeval
from perfeval import examples, export
from perfeval.codes import FundSource, IndicatorLevel1, MoneyUnit, ReportKind
from perfeval.export import (
    COLUMNS,
    TABLES,
    Column,
    dtypes,
    load_rows,
    rows,
    write,
    write_csv,
    write_jsonl,
)
from perfeval.model import BudgetLine, Indicator, KeyProject, Report, Source, Totals, Unit
from perfeval.money import Money
from perfeval.quantity import Actual, Quantity
from perfeval.scoring import POLICIES

ROOT = Path(__file__).resolve().parent.parent
KAIFU = "kaifu-2020"


def _require(name: str) -> ModuleType:
    """Import an optional development dependency; skip without it, but never under CI."""
    try:
        return importlib.import_module(name)
    except ImportError:
        reason = f"{name} is not installed (it is in the dev dependency group)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true this test must run")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def kaifu() -> dict[str, list[dict[str, Any]]]:
    return rows(examples.load(KAIFU), key=KAIFU)


def _blank(table: str) -> dict[str, Any]:
    return dict.fromkeys(COLUMNS[table])


# -- kaifu-2020 by hand ---------------------------------------------------------------------


def test_kaifu_reports_row(kaifu: dict[str, list[dict[str, Any]]]) -> None:
    expected = _blank("reports") | {
        "report_key": "kaifu-2020",
        "schema_version": "1.0",
        "title": "2020年度重点项目绩效评价结果",
        "kind": "key_project_results",
        "fiscal_year": 2020,
        "unit_name": "长沙市开福区街道办事处（报告未署名）",
        "unit_level": "township",
        "region": "湖南省长沙市开福区",
        "region_code": "430105",
        "project_count": 2,
        "issue_count": 3,  # 资金分配, 资金使用进度, 项目管理
        "finding_count": 4,  # two overspends, one low execution, one rate of 173 %
        "budget": "654.45",
        "budget_unit": "wan_yuan",
        "budget_currency": "CNY",
        "budget_yuan": "6544500",  # 654.45万元 × 10,000 = 6,544,500元
        "expenditure": "1022.17",
        "expenditure_unit": "wan_yuan",
        "expenditure_currency": "CNY",
        "expenditure_yuan": "10221700",  # 1022.17万元 × 10,000 = 10,221,700元
        "source_title": "2020年度重点项目绩效评价结果",
    }
    assert kaifu["reports"] == [expected]


def test_kaifu_projects_rows(kaifu: dict[str, list[dict[str, Any]]]) -> None:
    money = ("budget", "expenditure")
    common = {"report_key": "kaifu-2020", "project_type": "recurring", "budget_line_count": 1}
    public = common | {
        "project_index": 0,
        "project_id": "public-service",
        "name": "公共服务",
        "purpose": "社会保障、卫计工作等工作经费",
        "indicator_count": 22,
        "budget": "213.28",
        "budget_yuan": "2132800",  # 213.28万元 × 10,000 = 2,132,800元
        "expenditure": "703.45",
        "expenditure_yuan": "7034500",  # 703.45万元 × 10,000 = 7,034,500元
    }
    social = common | {
        "project_index": 1,
        "project_id": "social-management",
        "name": "社会管理",
        "indicator_count": 26,
        "budget": "441.17",
        "budget_yuan": "4411700",  # 441.17万元 × 10,000 = 4,411,700元
        "expenditure": "318.72",
        "expenditure_yuan": "3187200",  # 318.72万元 × 10,000 = 3,187,200元
    }
    for row, fields in zip(kaifu["projects"], (public, social), strict=True):
        for name in money:
            fields |= {f"{name}_unit": "wan_yuan", f"{name}_currency": "CNY"}
        assert {name: row[name] for name in fields} == fields
        # Nothing printed, nothing exported: no initial budget, execution row or score.
        for name in ("initial_budget", "initial_budget_yuan", "execution_rate", "score", "grade"):
            assert row[name] is None
        assert row["issue_count"] == 0
    # The report's 654.45万元 is the two budgets: 2,132,800 + 4,411,700 = 6,544,500元.
    budgets = [Decimal(row["budget_yuan"]) for row in kaifu["projects"]]
    assert sum(budgets) == Decimal(kaifu["reports"][0]["budget_yuan"])


def test_kaifu_scores_in_the_projects_table(kaifu: dict[str, list[dict[str, Any]]]) -> None:
    # No indicator prints a target, so none can be scored: only budget execution counts,
    # 10 points at most (national policy). 公共服务 spent 329.82 % (capped at 100 %): 10.
    # 社会管理 spent 318.72 / 441.17 = 0.72244... of its budget: 10 × 0.72244 = 7.22.
    public, social = kaifu["projects"]
    assert (public["computed_score"], public["computed_grade"]) == ("10.00", "poor")
    assert (social["computed_score"], social["computed_grade"]) == ("7.22", "poor")
    assert public["score_policy"] == social["score_policy"] == "national"


def test_kaifu_budget_lines(kaifu: dict[str, list[dict[str, Any]]]) -> None:
    line = {
        "report_key": "kaifu-2020",
        "line_index": 0,
        "source": "fiscal",
        "level": "county",
        "label": "其中：区级资金",
        "budget_unit": "wan_yuan",
        "budget_currency": "CNY",
        "expenditure_unit": "wan_yuan",
        "expenditure_currency": "CNY",
    }
    expected = [
        _blank("budget_lines")
        | line
        | {
            "project_id": "public-service",
            "budget": "213.28",
            "budget_yuan": "2132800",  # 213.28 × 10,000
            "expenditure": "703.45",
            "expenditure_yuan": "7034500",  # 703.45 × 10,000
        },
        _blank("budget_lines")
        | line
        | {
            "project_id": "social-management",
            "budget": "441.17",
            "budget_yuan": "4411700",  # 441.17 × 10,000
            "expenditure": "318.72",
            "expenditure_yuan": "3187200",  # 318.72 × 10,000
        },
    ]
    assert kaifu["budget_lines"] == expected


def test_kaifu_indicators(kaifu: dict[str, list[dict[str, Any]]]) -> None:
    table = kaifu["indicators"]
    assert len(table) == 48  # 22 + 26
    by_key = {(row["project_id"], row["indicator_index"]): row for row in table}
    assert len(by_key) == 48
    leaflets = by_key["social-management", 0]
    assert leaflets == _blank("indicators") | {
        "report_key": "kaifu-2020",
        "project_id": "social-management",
        "indicator_index": 0,
        "level1": "output",
        "level2": "quantity",
        "name": "发放宣传资料",
        "actual_value": "32000",  # 3.2万 = 32,000
        "actual_unit": "册",
        "actual_qualifier": "at_least",  # 余
        "actual_text": "3.2万余册",
    }
    aid = by_key["public-service", 19]
    assert (aid["name"], aid["actual_value"], aid["actual_unit"]) == ("累计帮扶金额", "25", "万元")
    assert (aid["actual_qualifier"], aid["actual_text"]) == ("approximately", "约25万元")
    petitions = by_key["social-management", 11]
    assert (petitions["actual_value"], petitions["actual_unit"]) == ("0", None)
    assert (petitions["actual_qualifier"], petitions["actual_text"]) == ("exact", "无")
    coverage = by_key["social-management", 20]
    assert (coverage["actual_value"], coverage["actual_unit"]) == ("173", "%")
    assert {row["target_text"] for row in table} == {None}  # the narrative states no target


def test_kaifu_findings(kaifu: dict[str, list[dict[str, Any]]]) -> None:
    got = [
        (row["finding_index"], row["project_id"], row["code"], row["severity"], row["path"])
        for row in kaifu["findings"]
    ]
    assert got == [
        (0, "public-service", "execution-overspend", "warning", "/projects/0/totals/expenditure"),
        (
            1,
            "social-management",
            "actual-above-100-percent",
            "warning",
            "/projects/1/indicators/20/actual/value",
        ),
        (2, "social-management", "execution-low", "warning", "/projects/1/totals/expenditure"),
        (3, None, "execution-overspend", "warning", "/totals/expenditure"),
    ]
    first = kaifu["findings"][0]
    assert "329.82%" in first["message"]  # 703.45 / 213.28 = 3.29822...
    assert "预算执行率329.82%" in first["message_zh"]


def test_kaifu_score_components(kaifu: dict[str, list[dict[str, Any]]]) -> None:
    table = kaifu["score_components"]
    assert len(table) == 50  # per project: budget execution, then 22 and 26 indicators
    for project_id, count in (("public-service", 22), ("social-management", 26)):
        mine = [row for row in table if row["project_id"] == project_id]
        assert [row["component_index"] for row in mine] == list(range(count + 1))
        assert [row["indicator_index"] for row in mine] == [None, *range(count)]
        assert [row["path"] for row in mine[1:]] == [f"/indicators/{i}" for i in range(count)]
        execution = mine[0]
        assert (execution["path"], execution["name"]) == ("/budget_execution", "预算执行率")
        assert (execution["weight"], execution["formula"]) == ("10", "execution")
        assert execution["printed_score"] is None
        assert execution["difference"] is None
    social_execution = next(row for row in table if row["project_id"] == "social-management")
    assert social_execution["score"] == "7.22"  # 10 × 318.72 / 441.17, half up


# -- amounts --------------------------------------------------------------------------------


def _one_project_report(*lines: BudgetLine, name: str = "项目", title: str = "报告") -> Report:
    return Report(
        title=title,
        kind=ReportKind.OTHER,
        fiscal_year=2021,
        unit=Unit(name="单位"),
        projects=[KeyProject(id="p1", name=name, budget_lines=lines)],
    )


def _line(amount: str, unit: MoneyUnit) -> BudgetLine:
    return BudgetLine(source=FundSource.FISCAL, budget=Money(amount, unit))


@pytest.mark.parametrize(
    ("amount", "unit", "code", "yuan"),
    [
        ("213.28", MoneyUnit.WAN_YUAN, "wan_yuan", "2132800"),  # × 10^4
        ("100.00", MoneyUnit.WAN_YUAN, "wan_yuan", "1000000"),  # × 10^4: no rounding
        ("0.000001", MoneyUnit.YI_YUAN, "yi_yuan", "100"),  # × 10^8
        ("12.3456", MoneyUnit.QIAN_YUAN, "qian_yuan", "12345.6"),  # × 10^3
        ("0.000001", MoneyUnit.YUAN, "yuan", "0.000001"),  # never 1E-6
        ("-5.00", MoneyUnit.YUAN, "yuan", "-5.00"),
        ("-0.5", MoneyUnit.WAN_YUAN, "wan_yuan", "-5000"),
        # 18 integer digits and 6 decimals of 亿元, × 10^8: 26 integer digits, exact.
        (
            "999999999999999999.999999",
            MoneyUnit.YI_YUAN,
            "yi_yuan",
            "99999999999999999999999900",
        ),
    ],
)
def test_amounts_are_exact_text_in_their_unit_and_in_yuan(
    amount: str, unit: MoneyUnit, code: str, yuan: str
) -> None:
    line = rows(_one_project_report(_line(amount, unit)), key="k")["budget_lines"][0]
    assert (line["budget"], line["budget_unit"], line["budget_yuan"]) == (amount, code, yuan)
    assert line["budget_currency"] == "CNY"


def test_the_yuan_column_is_the_amount_times_its_unit_everywhere() -> None:
    # By hand: 元 ×1, 千元 ×10^3, 万元 ×10^4, 亿元 ×10^8.
    scale = {"yuan": 0, "qian_yuan": 3, "wan_yuan": 4, "yi_yuan": 8}
    checked = 0
    for name in examples.names():
        tables: dict[str, list[dict[str, Any]]] = rows(examples.load(name), key=name)
        for table, table_rows in tables.items():
            amounts = [c for c in COLUMNS[table] if f"{c}_yuan" in COLUMNS[table]]
            for row in table_rows:
                for column in amounts:
                    if row[column] is None:
                        assert row[f"{column}_yuan"] is None
                        continue
                    shifted = Decimal(row[column]).scaleb(scale[row[f"{column}_unit"]])
                    assert Decimal(row[f"{column}_yuan"]) == shifted
                    checked += 1
    assert checked > 20


def test_other_currencies_are_labelled_not_converted() -> None:
    line = BudgetLine(
        source=FundSource.FISCAL, budget=Money("1.5", MoneyUnit.WAN_YUAN, currency="USD")
    )
    row = rows(_one_project_report(line), key="k")["budget_lines"][0]
    # 1.5万 US dollars = 15,000 dollars: the base unit of the currency, not 元.
    assert (row["budget_currency"], row["budget_yuan"]) == ("USD", "15000")


def test_every_row_has_every_column_in_order_and_no_float() -> None:
    kinds: dict[str, tuple[type, ...]] = {
        "text": (str,),
        "code": (str,),
        "decimal": (str,),
        "integer": (int,),
    }
    decimal_text = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
    for name in examples.names():
        tables = rows(examples.load(name), key=name)
        assert list(tables) == list(TABLES)
        for table, table_rows in tables.items():
            for row in table_rows:
                assert list(row) == list(COLUMNS[table])
                for column, value in row.items():
                    if value is None:
                        continue
                    kind = COLUMNS[table][column].kind
                    assert type(value) in kinds[kind], (table, column, value)
                    if kind == "decimal":
                        assert decimal_text.fullmatch(str(value)), (table, column, value)


# -- keys -----------------------------------------------------------------------------------


def test_keys_join_across_tables() -> None:
    tables: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for name in examples.names():
        for table, table_rows in rows(examples.load(name), key=name).items():
            tables[table].extend(table_rows)
    reports = {row["report_key"] for row in tables["reports"]}
    assert reports == set(examples.names())
    projects = {(row["report_key"], row["project_id"]) for row in tables["projects"]}
    assert len(projects) == len(tables["projects"])
    indicators = {
        (row["report_key"], row["project_id"], row["indicator_index"])
        for row in tables["indicators"]
    }
    assert len(indicators) == len(tables["indicators"])
    for table in TABLES:
        assert {row["report_key"] for row in tables[table]} <= reports, table
    for table in ("budget_lines", "indicators", "score_components"):
        assert {(row["report_key"], row["project_id"]) for row in tables[table]} <= projects
    with_project = [row for row in tables["findings"] if row["project_id"] is not None]
    assert {(row["report_key"], row["project_id"]) for row in with_project} <= projects
    scored = [row for row in tables["score_components"] if row["indicator_index"] is not None]
    assert scored
    for row in scored:
        assert (row["report_key"], row["project_id"], row["indicator_index"]) in indicators
    lines = {(r["report_key"], r["project_id"], r["line_index"]) for r in tables["budget_lines"]}
    assert len(lines) == len(tables["budget_lines"])
    # Per project, the counts in the projects table are the rows of the other tables.
    for row in tables["projects"]:
        key = (row["report_key"], row["project_id"])
        assert row["indicator_count"] == sum(
            (r["report_key"], r["project_id"]) == key for r in tables["indicators"]
        )
        assert row["budget_line_count"] == sum(
            (r["report_key"], r["project_id"]) == key for r in tables["budget_lines"]
        )


# -- options and errors ---------------------------------------------------------------------


def test_tables_turned_off_are_absent_and_their_columns_empty() -> None:
    tables = rows(examples.load(KAIFU), key="k", findings=False, scores=False)
    assert list(tables) == ["reports", "projects", "budget_lines", "indicators"]
    assert tables["reports"][0]["finding_count"] is None
    for row in tables["projects"]:
        assert row["computed_score"] is row["computed_grade"] is row["score_policy"] is None


def test_a_policy_is_used_for_scores_and_named() -> None:
    project = examples.load("qingshen-2023")
    tables = rows(project, key="q", policy=POLICIES["sichuan"])
    assert {row["score_policy"] for row in tables["projects"]} == {"sichuan"}
    # The Sichuan layout: execution 10, then the indicators 60 and 30 as printed.
    weights = [row["weight"] for row in tables["score_components"]]
    assert weights == ["10", "60", "30"]


def test_rows_refuses_what_is_not_a_report_or_a_key() -> None:
    report = examples.load(KAIFU)
    with pytest.raises(TypeError, match=r"rows\(\) needs a Report, not dict"):
        rows({"title": "x"}, key="k")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="key must be a str"):
        rows(report, key=Path("k"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="key must not be empty"):
        rows(report, key="")


def test_columns_are_described_and_typed() -> None:
    assert list(COLUMNS) == list(TABLES)
    for table, columns in COLUMNS.items():
        assert next(iter(columns)) == "report_key", table
        for name, column in columns.items():
            assert isinstance(column, Column)
            assert column.name == name
            assert re.fullmatch(r"[a-z][a-z0-9_]*", name)
            assert column.description.endswith((".", "…")), (table, name)
            assert column.dtype == ("Int64" if column.kind == "integer" else "string")
        assert dtypes(table) == {name: column.dtype for name, column in columns.items()}
    with pytest.raises(ValueError, match="unknown table 'issues'"):
        dtypes("issues")


def test_load_rows_reads_a_file_and_keys_it_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "2020" / "kaifu.json"
    path.parent.mkdir()
    path.write_text(examples.text(KAIFU), encoding="utf-8")
    tables = load_rows(path, findings=False)
    assert tables["reports"][0]["report_key"] == path.as_posix()
    assert load_rows(path, key="a")["projects"][0]["report_key"] == "a"
    assert load_rows(path) == rows(examples.load(KAIFU), key=path.as_posix())
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": 1}', encoding="utf-8")
    with pytest.raises(perfeval.ValidationError):
        load_rows(bad)


# -- files ----------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_csv_files_have_a_bom_and_one_header(tmp_path: Path) -> None:
    first = write_csv(rows(examples.load(KAIFU), key="a"), tmp_path)
    second = write_csv(rows(examples.load(KAIFU), key="b"), tmp_path / ".")
    assert (
        first
        == second
        == {
            "reports": 1,
            "projects": 2,
            "budget_lines": 2,
            "indicators": 48,
            "findings": 4,
            "score_components": 50,
        }
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    raw = (tmp_path / "projects.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfreport_key,project_index,project_id,")
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert raw.count(b"report_key,") == 1
    table = _read_csv(tmp_path / "projects.csv")
    assert table[0] == list(COLUMNS["projects"])
    assert [row[0] for row in table[1:]] == ["a", "a", "b", "b"]
    budget = table[0].index("budget_yuan")
    assert [row[budget] for row in table[1:]] == ["2132800", "4411700"] * 2
    assert "公共服务" in raw.decode("utf-8")
    assert b"\r\n" in raw  # RFC 4180 line ends, as the csv module writes them


def test_csv_neutralises_formulas_in_text_but_keeps_decimals(tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    lines = [
        BudgetLine(
            source=FundSource.FISCAL,
            label=text,
            budget=Money("-5.00", MoneyUnit.YUAN),
        )
        for text in hostile
    ]
    report = _one_project_report(*lines, name="=1+2", title="-标题")
    tables = rows(report, key="@key", findings=False, scores=False)
    write_csv(tables, tmp_path)
    budget_lines = _read_csv(tmp_path / "budget_lines.csv")
    header = budget_lines[0]
    for row, text in zip(budget_lines[1:], hostile, strict=True):
        assert row[header.index("label")] == "'" + text
        assert row[header.index("report_key")] == "'@key"
        # A validated decimal is a number to a spreadsheet, never a formula: verbatim.
        assert row[header.index("budget")] == "-5.00"
        assert row[header.index("budget_yuan")] == "-5.00"
    projects = _read_csv(tmp_path / "projects.csv")
    assert projects[1][projects[0].index("name")] == "'=1+2"
    reports = _read_csv(tmp_path / "reports.csv")
    assert reports[1][reports[0].index("title")] == "'-标题"
    # The bundled qingshen-2023 prints the target "=100%": text, so neutralised; its
    # comparison "=" is a code of a fixed list, alone in its cell, and stays.
    write_csv(rows(examples.load("qingshen-2023"), key="q", scores=False), tmp_path / "q")
    indicators = _read_csv(tmp_path / "q" / "indicators.csv")
    first = dict(zip(indicators[0], indicators[1], strict=True))
    assert (first["target_operator"], first["target_text"]) == ("=", "'=100%")
    # Harmless text is left alone, and JSONL (not for spreadsheets) is never changed.
    write_jsonl(tables, tmp_path)
    text = (tmp_path / "budget_lines.jsonl").read_text(encoding="utf-8")
    line = json.loads(text.split("\n")[0])
    assert (line["label"], line["report_key"], line["budget"]) == (hostile[0], "@key", "-5.00")


def test_jsonl_files_hold_one_object_per_row(tmp_path: Path) -> None:
    tables = rows(examples.load(KAIFU), key="a")
    write_jsonl(tables, tmp_path)
    write_jsonl(tables, tmp_path)
    raw = (tmp_path / "indicators.jsonl").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8").split("\n")
    assert lines[-1] == ""
    assert len(lines) == 2 * 48 + 1
    assert [json.loads(line) for line in lines[:-1]] == tables["indicators"] * 2
    assert "发放宣传资料" in raw.decode("utf-8")  # Chinese as itself, not \\u escapes


def test_appending_to_a_file_of_other_columns_is_refused(tmp_path: Path) -> None:
    (tmp_path / "reports.csv").write_text("\ufeffreport_key,title\r\na,b\r\n", encoding="utf-8")
    before = (tmp_path / "reports.csv").read_bytes()
    with pytest.raises(ValueError, match=r"reports\.csv exists with other columns"):
        write_csv(rows(examples.load(KAIFU), key="a"), tmp_path)
    assert (tmp_path / "reports.csv").read_bytes() == before
    assert not (tmp_path / "projects.csv").exists()  # refused before it was opened
    (tmp_path / "projects.jsonl").write_text('{"a": 1}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"projects\.jsonl exists with other columns"):
        write_jsonl({"projects": []}, tmp_path)
    (tmp_path / "indicators.jsonl").write_text("not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"indicators\.jsonl exists with other columns"):
        write_jsonl({"indicators": []}, tmp_path)
    # An empty file is as good as none: it gets the header.
    (tmp_path / "findings.csv").write_bytes(b"")
    write_csv({"findings": []}, tmp_path)
    assert _read_csv(tmp_path / "findings.csv") == [list(COLUMNS["findings"])]


def test_bad_rows_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    tables = rows(examples.load(KAIFU), key="a")
    floated: list[dict[str, object]] = [dict(row) for row in tables["projects"]]
    floated[1]["budget_yuan"] = 4411700.0
    with pytest.raises(TypeError, match=r"projects\.budget_yuan is the float 4411700\.0"):
        write_csv({"reports": tables["reports"], "projects": floated}, tmp_path)
    assert _read_csv(tmp_path / "reports.csv") == [list(COLUMNS["reports"])]
    assert _read_csv(tmp_path / "projects.csv") == [list(COLUMNS["projects"])]
    missing = [dict(row) for row in tables["projects"]]
    del missing[0]["purpose"]
    with pytest.raises(ValueError, match=r"missing \['purpose'\]"):
        write_jsonl({"projects": missing}, tmp_path)
    with pytest.raises(TypeError, match=r"must be a str, an int or None, not Decimal"):
        write_csv({"findings": [dict(tables["findings"][0], path=Decimal(1))]}, tmp_path)
    with pytest.raises(ValueError, match="unknown table 'issues'"):
        write_csv({"issues": []}, tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_write_streams_many_reports_into_one_set_of_files(tmp_path: Path) -> None:
    pairs = [(name, examples.load(name)) for name in examples.names()]
    counts = write(pairs, tmp_path / "out", fmt="jsonl", scores=False)
    assert set(counts) == {"reports", "projects", "budget_lines", "indicators", "findings"}
    assert counts["reports"] == 3
    lines = (tmp_path / "out" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["report_key"] for line in lines] == list(examples.names())
    assert not (tmp_path / "out" / "score_components.jsonl").exists()
    with pytest.raises(ValueError, match="two reports have the key 'kaifu-2020'"):
        write([pairs[0], pairs[0]], tmp_path / "twice")
    # The first report was written before the second one was refused.
    assert len(_read_csv(tmp_path / "twice" / "reports.csv")) == 2
    with pytest.raises(ValueError, match="format must be one of csv, jsonl, not 'xlsx'"):
        write(pairs, tmp_path / "x", fmt="xlsx")


def test_a_writer_keeps_its_files_open_across_many_tables(tmp_path: Path) -> None:
    with export.Writer(tmp_path, "csv") as out:
        for key in ("a", "b", "c"):
            out.add(rows(examples.load("tangxi-2022"), key=key, findings=False, scores=False))
        # tangxi-2022 has one project, one budget line and ten indicators (the JSON file).
        assert out.counts == {"reports": 3, "projects": 3, "budget_lines": 3, "indicators": 30}
    reports = _read_csv(tmp_path / "reports.csv")
    assert [row[0] for row in reports] == ["report_key", "a", "b", "c"]
    with pytest.raises(ValueError, match="format must be one of csv, jsonl, not 'CSV'"):
        export.Writer(tmp_path, "CSV")


# -- pandas ---------------------------------------------------------------------------------


def test_pandas_reads_the_files_with_the_documented_dtypes(tmp_path: Path) -> None:
    pd = _require("pandas")
    write(((name, examples.load(name)) for name in examples.names()), tmp_path)
    write(((name, examples.load(name)) for name in examples.names()), tmp_path, fmt="jsonl")
    expected = {name: rows(examples.load(name), key=name) for name in examples.names()}
    for table in TABLES:
        from_csv = pd.read_csv(
            tmp_path / f"{table}.csv",
            dtype=dtypes(table),
            keep_default_na=False,
            na_values=[""],
        )
        from_jsonl = pd.read_json(tmp_path / f"{table}.jsonl", lines=True, dtype=dtypes(table))
        want = [row for tables in expected.values() for row in tables[table]]
        for frame, wanted_rows in ((from_csv, _as_in_csv(table, want)), (from_jsonl, want)):
            assert list(frame.columns) == list(COLUMNS[table])
            for name, column in COLUMNS[table].items():
                wanted = "Int64" if column.kind == "integer" else "string"
                assert str(frame[name].dtype) in {wanted, "str"}, (table, name, frame[name].dtype)
                assert pd.api.types.is_string_dtype(frame[name]) == (column.kind != "integer")
            got = [
                {k: (None if pd.isna(v) else v) for k, v in record.items()}
                for record in frame.to_dict("records")
            ]
            assert got == wanted_rows, table
    projects = pd.read_csv(tmp_path / "projects.csv", dtype=dtypes("projects"))
    assert projects.loc[0, "budget_yuan"] == "2132800"
    regions = pd.read_csv(tmp_path / "reports.csv", dtype=dtypes("reports"))
    assert regions.loc[0, "region_code"] == "430105"  # a code, not the number 430105


def _as_in_csv(table: str, want: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """*want* as CSV writes it: a text cell a spreadsheet would run gets a leading '."""
    text = {name for name, column in COLUMNS[table].items() if column.kind == "text"}
    return [
        {
            name: "'" + value
            if name in text
            and isinstance(value, str)
            and value[:1] in {"=", "+", "-", "@", "\t", "\r"}
            else value
            for name, value in row.items()
        }
        for row in want
    ]


def test_a_dataframe_from_rows_is_one_line() -> None:
    pd = _require("pandas")
    frame = pd.DataFrame(export.rows(examples.load(KAIFU), key="a")["projects"])
    assert list(frame["budget_yuan"]) == ["2132800", "4411700"]
    assert list(frame.columns) == list(COLUMNS["projects"])


# -- Dask -------------------------------------------------------------------------------------


def test_dask_bag_on_processes_gives_the_rows_of_one_process(tmp_path: Path) -> None:
    _require("dask")
    bag = _require("dask.bag")
    paths = []
    for copy in range(4):
        for name in examples.names():
            path = tmp_path / f"{copy}" / f"{name}.json"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(examples.path(name).read_bytes())
            paths.append(str(path))
    tables = bag.from_sequence(paths, npartitions=3).map(load_rows)
    computed = tables.compute(scheduler="processes", num_workers=2)
    assert computed == [load_rows(path) for path in paths]
    projects = tables.pluck("projects").flatten().compute(scheduler="threads")
    assert len(projects) == 4 * (2 + 1 + 1)
    write_csv({"projects": projects}, tmp_path / "out")
    assert len(_read_csv(tmp_path / "out" / "projects.csv")) == 1 + 16


def test_the_documented_dask_recipe_runs(tmp_path: Path) -> None:
    _require("dask.bag")
    source = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    recipe = re.search(r"% recipe: dask\n```python\n(.*?)```", source, re.DOTALL)
    assert recipe is not None, "docs/analysis.md has no Dask recipe"
    data = tmp_path / "reports"
    for name in examples.names():
        (data / "2020").mkdir(parents=True, exist_ok=True)
        (data / "2020" / f"{name}.json").write_bytes(examples.path(name).read_bytes())
    (data / "broken.json").write_text('{"title": 5}', encoding="utf-8")
    out = tmp_path / "tables"
    namespace: dict[str, Any] = {"DATA": data, "OUT": out, "SCHEDULER": "threads"}
    exec(compile(recipe.group(1), "docs/analysis.md", "exec"), namespace)  # noqa: S102 - our docs
    keys = [line.split(",")[0] for line in (out / "reports.csv").read_text("utf-8-sig").split()]
    assert sorted(keys[1:]) == [f"2020/{name}.json" for name in examples.names()]
    assert namespace["failed"] == [("broken.json", namespace["failed"][0][1])]
    assert "title" in namespace["failed"][0][1]
    # The workers' JSON lines hold the same rows as the CSV files.
    for table in TABLES:
        from_csv = len(_read_csv(out / f"{table}.csv")) - 1
        parts = sorted((out / table).glob("*.jsonl"))
        assert parts, table
        lines = [line for part in parts for line in part.read_text("utf-8").splitlines()]
        assert [json.loads(line)["report_key"][:5] for line in lines] == ["2020/"] * from_csv


# -- the package ------------------------------------------------------------------------------


def test_import_perfeval_imports_neither_the_export_nor_pandas_nor_dask() -> None:
    code = (
        "import sys, perfeval\n"
        "print(sorted(m for m in ('perfeval.export', 'pandas', 'dask') if m in sys.modules))\n"
        "perfeval.export.rows\n"
        "print(sorted(m for m in ('perfeval.export', 'pandas', 'dask') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "['perfeval.export']"]
    assert perfeval.export is export
    assert "export" in perfeval.__all__


def test_the_docs_list_every_column() -> None:
    source = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    spec = importlib.util.spec_from_file_location(
        "export_columns", ROOT / "scripts" / "export_columns.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.section() in source, (
        "docs/analysis.md does not list the columns of perfeval.export.COLUMNS; regenerate"
        " it with: PYTHONPATH=src python scripts/export_columns.py"
    )


def test_dates_are_iso_text_and_a_column_of_no_known_type_is_a_bug() -> None:
    report = attrs.evolve(examples.load(KAIFU), source=Source(published=datetime.date(2021, 5, 20)))
    assert rows(report, key="k")["reports"][0]["source_published"] == "2021-05-20"
    with pytest.raises(TypeError, match="no cell for a float"):
        export._cell(0.5)


def test_indicators_without_a_target_or_actual_leave_their_columns_empty() -> None:
    indicator = Indicator(level1=IndicatorLevel1.OUTPUT, name="指标")
    actual_only = Indicator(
        level1=IndicatorLevel1.OUTPUT, name="指标", actual=Actual(value=Quantity("1.50"))
    )
    project = KeyProject(id="p1", name="项目", indicators=[indicator, actual_only])
    report = Report(
        title="t",
        kind=ReportKind.OTHER,
        fiscal_year=2021,
        unit=Unit(name="u"),
        projects=[project],
        totals=Totals(received=Money("3", MoneyUnit.YUAN)),
    )
    tables = rows(report, key="k", findings=False)
    empty, actual = tables["indicators"]
    assert {k: v for k, v in empty.items() if v is not None} == {
        "report_key": "k",
        "project_id": "p1",
        "indicator_index": 0,
        "level1": "output",
        "name": "指标",
    }
    assert (actual["actual_value"], actual["actual_qualifier"]) == ("1.50", "exact")
    assert actual["target_qualifier"] is None
    assert tables["reports"][0]["received_yuan"] == "3"
