"""``perfeval import``: self-evaluation tables from CSV and .xlsx files into documents.

The reading itself is :func:`perfeval.read_table`'s, tested against the corpus in
``test_table.py``; here the files: encodings, workbooks (made here with openpyxl),
bounds, options, and what a table that cannot be read gives.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from perfeval import MoneyUnit, cli, loads, read_table

TABLES = Path(__file__).resolve().parent / "data" / "tables"
TANGXI = TABLES / "tangxi-2022.csv"


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def outputs(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def test_a_csv_table_becomes_its_document(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = outputs(capsys, "import", str(TANGXI))
    assert (status, err) == (0, "")
    report = loads(out)
    assert report == read_table(rows_of(TANGXI))
    # Facts of the printed table (tangxi-2022.csv, row 2 and the money block).
    assert report.title == "项目支出绩效自评表（2022年度）"
    assert report.fiscal_year == 2022
    assert report.unit.name == "池州市贵池区棠溪镇人民政府"
    assert report.projects[0].name == "委托业务项目"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_the_encodings_offices_save(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(TANGXI.read_text("utf-8").encode(encoding))
    status, out, _ = outputs(capsys, "import", str(path))
    assert status == 0
    assert loads(out) == read_table(rows_of(TANGXI))


def test_an_encoding_given_or_not_readable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(TANGXI.read_text("utf-8").encode("gbk"))
    status, _, err = outputs(capsys, "import", "--encoding", "utf-8", str(path))
    assert status == 1
    assert err.startswith(f"perfeval: {path}: is not utf-8: byte ")
    status, _, err = outputs(capsys, "import", "--encoding", "klingon", str(path))
    assert status == 1
    assert "no text encoding named 'klingon'" in err
    path.write_bytes(b"\xff\xfe\x00\xd8" * 3)  # neither UTF-8 nor GB18030
    status, _, err = outputs(capsys, "import", str(path))
    assert status == 1
    assert "is neither UTF-8 nor GB18030 (GBK) text" in err


def test_what_the_table_does_not_print_comes_from_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = outputs(
        capsys,
        "import",
        "--title",
        "某镇自评",
        "--year",
        "2023",
        "--project-id",
        "weituo",
        "--money-unit",
        "yuan",
        str(TANGXI),
    )
    assert status == 0
    report = loads(out)
    assert (report.title, report.fiscal_year, report.projects[0].id) == ("某镇自评", 2023, "weituo")
    assert report == read_table(
        rows_of(TANGXI),
        title="某镇自评",
        fiscal_year=2023,
        project_id="weituo",
        money_unit=MoneyUnit.YUAN,
    )
    status, _, err = outputs(capsys, "import", "--year", "23", str(TANGXI))
    assert status == 2
    assert "expected a year such as 2022, not '23'" in err


def test_a_grid_that_is_no_table_names_the_cell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = rows_of(TANGXI)
    path = tmp_path / "bad.csv"
    found = next(
        (r, c) for r, row in enumerate(rows) for c, cell in enumerate(row) if cell == "全年执行数"
    )
    rows[found[0] + 1][found[1]] = "abc"  # the first figure under 全年执行数
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    status, out, err = outputs(capsys, "import", str(path))
    assert (status, out) == (1, "")
    column = "ABCDEFGHIJ"[found[1]]
    assert err == (
        f"perfeval: {path}: {column}{found[0] + 2}: expected a decimal amount such as 12.50"
        " under 全年执行数, found 'abc'\n"
    )


def test_many_tables_into_a_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    for name in ("tangxi-2022", "hebei-langfang-2019", "qingshen-2023"):
        (tables / f"{name}.csv").write_bytes((TABLES / f"{name}.csv").read_bytes())
    out_dir = tmp_path / "documents"
    status, out, err = outputs(capsys, "import", "-o", str(out_dir), str(tables / "*.csv"))
    assert (status, out) == (1, "")
    # qingshen-2023's table prints no 实施单位 or 单位名称: it needs --unit, and is skipped.
    assert err.splitlines() == [
        (
            f"perfeval: {tables / 'qingshen-2023.csv'}: A4: expected a 实施单位 (or 单位名称)"
            " cell with the unit's name above the money block, or unit=, found none"
        ),
        "perfeval: 3 files: 2 valid, 1 invalid",
    ]
    names = sorted(path.name for path in out_dir.iterdir())
    assert names == ["hebei-langfang-2019.json", "tangxi-2022.json"]
    assert loads((out_dir / "tangxi-2022.json").read_text("utf-8")) == read_table(rows_of(TANGXI))


# -- workbooks ------------------------------------------------------------------------------


def workbook(path: Path, rows: list[list[str]], *, sheet: str = "自评表") -> Path:
    openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra (openpyxl) is not installed")
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    first.append(["见下一页"])
    table = book.create_sheet(sheet)
    for row in rows:
        table.append(row)
    book.active = 1
    book.save(path)
    return path


def test_an_xlsx_sheet_becomes_the_same_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = workbook(tmp_path / "tables.xlsx", rows_of(TANGXI))
    status, out, err = outputs(capsys, "import", str(path))
    assert (status, err) == (0, "")
    assert loads(out) == read_table(rows_of(TANGXI))
    status, out, _ = outputs(capsys, "import", "--sheet", "自评表", str(path))
    assert status == 0
    assert loads(out) == read_table(rows_of(TANGXI))
    status, _, err = outputs(capsys, "import", "--sheet", "Sheet9", str(path))
    assert status == 1
    assert "has no sheet named 'Sheet9'; its sheets are: 说明, 自评表" in err


def test_a_workbook_without_openpyxl_says_how_to_get_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "tables.xlsx", rows_of(TANGXI))
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl fails
    status, _, err = outputs(capsys, "import", str(path))
    assert status == 1
    assert "reading .xlsx workbooks needs openpyxl" in err
    assert "pip install 'perfeval[xlsx]'" in err


def test_a_workbook_that_unpacks_to_too_much_is_refused_unopened(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from perfeval._grids import MAX_WORKBOOK_BYTES  # noqa: PLC0415

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_WORKBOOK_BYTES + 1))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 2**20, "a small file"
    status, _, err = outputs(capsys, "import", str(path))
    assert status == 1
    assert f"unpacks to {MAX_WORKBOOK_BYTES + 1:,} bytes; perfeval reads workbooks" in err
    path.write_bytes(b"PK\x03\x04 not really a zip")
    status, _, err = outputs(capsys, "import", str(path))
    assert status == 1
    assert "is not an .xlsx workbook (not a zip archive)" in err


def test_a_wide_sheet_is_trimmed_of_its_empty_columns(tmp_path: Path) -> None:
    from perfeval._grids import read_xlsx  # noqa: PLC0415

    rows = [[*row, "", ""] for row in rows_of(TANGXI)]
    path = workbook(tmp_path / "wide.xlsx", rows)
    grid = read_xlsx(path.read_bytes())
    assert len({len(row) for row in grid}) == 1
    assert read_table(grid) == read_table(rows_of(TANGXI))


def test_import_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = outputs(capsys, "help", "import")
    assert status == 0
    assert "perfeval import 自评表.csv -o report.json" in out
    assert json.dumps("pip install 'perfeval[xlsx]'")[1:-1] in out


# -- perfeval export -------------------------------------------------------------------------


def test_export_writes_the_tables_of_every_valid_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from perfeval import examples, export  # noqa: PLC0415

    documents = tmp_path / "documents"
    documents.mkdir()
    for name in ("kaifu-2020", "tangxi-2022"):
        (documents / f"{name}.json").write_text(examples.text(name), encoding="utf-8")
    (documents / "broken.json").write_text("{", encoding="utf-8")
    out = tmp_path / "tables"
    status, stdout, err = outputs(capsys, "export", "--out", str(out), str(documents))
    assert status == 1, "the broken document fails the run; the others are exported"
    assert err.splitlines()[-1] == "perfeval: 3 files: 2 valid, 1 invalid"
    expected = {
        table: sum(
            len(export.rows(examples.load(name), key=name)[table])
            for name in ("kaifu-2020", "tangxi-2022")
        )
        for table in export.TABLES
    }
    assert stdout.splitlines() == [
        f"{out / table}.csv: {count} row{'' if count == 1 else 's'}"
        for table, count in expected.items()
    ]
    with (out / "reports.csv").open(encoding="utf-8-sig", newline="") as file:
        reports = list(csv.DictReader(file))
    assert [row["report_key"] for row in reports] == [
        (documents / "kaifu-2020.json").as_posix(),
        (documents / "tangxi-2022.json").as_posix(),
    ]
    assert (out / "reports.csv").read_bytes().startswith(b"\xef\xbb\xbf"), "for Excel"


def test_export_jsonl_in_workers_and_without_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    args = ["--to", "jsonl", "--no-findings", "--example", "kaifu-2020", "--example", "tangxi-2022"]
    assert outputs(capsys, "export", "--out", str(one), *args)[0] == 0
    assert outputs(capsys, "export", "--out", str(two), "--jobs", "2", *args)[0] == 0
    names = sorted(path.name for path in one.iterdir())
    assert "findings.jsonl" not in names
    assert names == sorted(path.name for path in two.iterdir())
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_export_takes_a_document_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from perfeval import examples  # noqa: PLC0415

    path = tmp_path / "kaifu.json"
    path.write_text(examples.text("kaifu-2020"), encoding="utf-8")
    status, stdout, err = outputs(capsys, "export", "-o", str(tmp_path / "t"), str(path), str(path))
    assert status == 0
    assert f"perfeval: {path}: given twice; its rows are exported once" in err
    assert f"{tmp_path / 't' / 'reports'}.csv: 1 row" in stdout.splitlines()


def test_export_needs_a_directory(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = outputs(capsys, "export", "--example", "kaifu-2020")
    assert status == 2
    assert "the following arguments are required: -o/--out" in err
