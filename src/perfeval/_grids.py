"""Grids of cells from files: CSV (standard library) and ``.xlsx`` (openpyxl, optional).

``perfeval import`` reads a self-evaluation table's file into the grid that
:func:`perfeval.read_table` reads. A CSV is decoded as UTF-8 (with or without a byte
order mark) or else as GB18030, which includes GBK, what Chinese offices save; a
workbook needs openpyxl (``pip install 'perfeval[xlsx]'``) and is bounded before
openpyxl opens it, so that a small file cannot unpack into gigabytes.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Iterable
from typing import Final

from perfeval.errors import PerfevalError
from perfeval.table import MAX_TABLE_COLUMNS, MAX_TABLE_ROWS

__all__ = ["MAX_WORKBOOK_BYTES", "GridFileError", "read_csv", "read_xlsx"]

#: The most a workbook may unpack to, all its parts together: 64 MiB.
MAX_WORKBOOK_BYTES: Final = 64 * 2**20
#: The most parts a workbook may have.
_MAX_WORKBOOK_PARTS: Final = 10_000
#: The encodings tried, in order, when none is given.
_ENCODINGS: Final = ("utf-8-sig", "gb18030")


class GridFileError(PerfevalError, ValueError):
    """A file that holds no grid perfeval can read: its encoding, its format, its size."""


def read_csv(data: bytes, *, encoding: str | None = None) -> list[list[str]]:
    r"""The rows of a CSV file's bytes (at most one row more than a table may have).

    >>> read_csv("项目名称,培训\r\n".encode("gbk"))
    [['项目名称', '培训']]
    >>> read_csv(b"\xef\xbb\xbfa,b\n")
    [['a', 'b']]
    """
    text = _decode(data, encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(itertools.islice(reader, MAX_TABLE_ROWS + 1))
    except csv.Error as exc:
        msg = f"is not a CSV file perfeval can read: {exc} (line {reader.line_num})"
        raise GridFileError(msg) from exc


def _decode(data: bytes, encoding: str | None) -> str:
    if encoding is not None:
        try:
            return data.decode(encoding)
        except LookupError as exc:
            msg = f"no text encoding named {encoding!r} (utf-8, gbk, gb18030 …)"
            raise GridFileError(msg) from exc
        except UnicodeDecodeError as exc:
            msg = f"is not {encoding}: byte {exc.start} cannot be read ({exc.reason})"
            raise GridFileError(msg) from exc
    for candidate in _ENCODINGS:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    msg = "is neither UTF-8 nor GB18030 (GBK) text; give its encoding with --encoding"
    raise GridFileError(msg)


def read_xlsx(data: bytes, *, sheet: str | None = None) -> list[list[object]]:
    """The rows of a workbook's sheet (the active one unless *sheet* names one).

    Trailing empty columns are left out; at most one row and one column more than a
    table may have are read, so that :func:`perfeval.read_table` can say which limit
    the sheet breaks.

    Raises:
        GridFileError: openpyxl is not installed, the file is no workbook, it
            unpacks to more than :data:`MAX_WORKBOOK_BYTES`, or has no such sheet.
    """
    _check_workbook(data)
    try:
        import openpyxl  # noqa: PLC0415 - the optional extra, only for workbooks
    except ImportError as exc:
        msg = (
            "reading .xlsx workbooks needs openpyxl, which perfeval does not install by"
            " default: pip install 'perfeval[xlsx]' (or save the sheet as CSV)"
        )
        raise GridFileError(msg) from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        msg = f"is not a workbook openpyxl can read: {exc}"
        raise GridFileError(msg) from exc
    try:
        if sheet is None and book.active is not None:
            found = book.active
        elif sheet is not None and sheet in book.sheetnames:
            found = book[sheet]
        else:
            names = ", ".join(book.sheetnames) or "none"
            what = "no active sheet" if sheet is None else f"no sheet named {sheet!r}"
            msg = f"has {what}; its sheets are: {names}"
            raise GridFileError(msg)
        rows = found.iter_rows(max_col=MAX_TABLE_COLUMNS + 1, values_only=True)
        grid: list[list[object]] = [list(row) for row in itertools.islice(rows, MAX_TABLE_ROWS + 1)]
    finally:
        book.close()
    return _trimmed(grid)


def _check_workbook(data: bytes) -> None:
    """Refuse a file that is no zip archive, or that unpacks to too much."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        msg = "is not an .xlsx workbook (not a zip archive)"
        raise GridFileError(msg) from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > _MAX_WORKBOOK_PARTS:
            msg = (
                f"has {len(parts):,} parts; perfeval reads workbooks of at most"
                f" {_MAX_WORKBOOK_PARTS:,}"
            )
            raise GridFileError(msg)
        size = sum(part.file_size for part in parts)
        if size > MAX_WORKBOOK_BYTES:
            msg = (
                f"unpacks to {size:,} bytes; perfeval reads workbooks of at most"
                f" {MAX_WORKBOOK_BYTES:,} bytes unpacked"
            )
            raise GridFileError(msg)


def _trimmed(grid: list[list[object]]) -> list[list[object]]:
    """*grid* without the empty columns at its right, every row as long as the longest."""
    width = max((_last_filled(row) for row in grid), default=0)
    return [(row + [None] * width)[:width] for row in grid]


def _last_filled(row: Iterable[object]) -> int:
    last = 0
    for index, cell in enumerate(row, start=1):
        if cell is not None and not (isinstance(cell, str) and not cell.strip()):
            last = index
    return last
